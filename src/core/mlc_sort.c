/*
 * mlc_sort.c — in-place MSD radix sort of order-preserving float8 keys,
 * finished in cache through a small scratch (see mlc_sort.h for the design).
 */
#include "mlc_sort.h"

#define DIGIT_BITS 11
#define RADIX (1u << DIGIT_BITS)
#define DIGIT_MASK (RADIX - 1)
#define NDIGITS 6				/* 6 * 11 >= 64; the top digit has 9 bits */
#define INSERTION_MAX 32
#define INTERRUPT_EVERY 65536
/* In-place partition passes use 8-bit digits: the permutation chases one
 * key after another, and 256 live bucket heads stay in L1 and the TLB. */
#define MSD_BITS 8
#define MSD_RADIX (1u << MSD_BITS)
#define MSD_LEVELS 8
/* Cache-resident ranges (<= MLC_SORT_LSD_MAX keys) are split by one
 * out-of-place pass on a digit of up to CM_BITS bits, sized to leave about
 * CM_PER_BUCKET keys a bucket, then insertion sorted (or split again). */
#define CM_BITS 11
#define CM_PER_BUCKET 8
#define CM_LEVELS 8
/*
 * Inputs of at least HIST_MIN keys are first split by a histogram of a
 * 16-bit digit: consecutive digit values are grouped into at most
 * HIST_BUCKETS buckets of about equal size (and at least half a cache-sized
 * range each), so one pass over a large, unevenly spread input (exponent
 * bits on top) leaves cache-sized buckets.
 */
#define HIST_BITS 16
#define HIST_SIZE (1u << HIST_BITS)
#define HIST_MIN 262144
#define HIST_BUCKETS 1024

/* workspace of the top split, allocated only for large inputs */
typedef struct hist_ws
{
	uint32_t	hist[HIST_SIZE];	/* 16-bit digit counts */
	uint16_t	hmap[HIST_SIZE];	/* 16-bit digit -> bucket */
	size_t		end[HIST_BUCKETS];
	size_t		next[HIST_BUCKETS];
} hist_ws;

typedef struct sort_ws
{
	size_t		msd_end[MSD_LEVELS][MSD_RADIX];
	size_t		msd_next[MSD_LEVELS][MSD_RADIX];
	uint64_t	msd_or[MSD_LEVELS][MSD_RADIX];
	uint64_t	msd_and[MSD_LEVELS][MSD_RADIX];
	uint32_t	lsd_cnt[8][RADIX];	/* up to 8 digits of 8 bits, or 6 of 11 */
	uint32_t	cm_end[CM_LEVELS][(1u << CM_BITS) + 1];
	uint64_t	sk[MLC_SORT_LSD_MAX];
	double		sw[MLC_SORT_LSD_MAX];
	size_t		work;			/* keys touched since the last interrupt check */
} sort_ws;

static inline unsigned
digit_of(uint64_t k, int d)
{
	return (unsigned) (k >> (DIGIT_BITS * d)) & DIGIT_MASK;
}

static inline void
tick(sort_ws *ws, size_t n)
{
	ws->work += n;
	if (ws->work >= INTERRUPT_EVERY)
	{
		ws->work = 0;
		mlc_check_interrupts();
	}
}

static inline int
top_bit(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

/* OR of k[i] ^ k[0]: the bits in which some keys differ (0 = all equal) */
static uint64_t
diff_mask(sort_ws *ws, const uint64_t *k, size_t n)
{
	uint64_t	k0 = k[0],
				diff = 0;
	size_t		i;

	for (i = 1; i < n; i++)
		diff |= k[i] ^ k0;
	tick(ws, n);
	return diff;
}

static void
insertion_sort(uint64_t *k, double *w, size_t n)
{
	size_t		i,
				j;

	for (i = 1; i < n; i++)
	{
		uint64_t	v = k[i];
		double		pv = w ? w[i] : 0;

		for (j = i; j > 0 && k[j - 1] > v; j--)
		{
			k[j] = k[j - 1];
			if (w)
				w[j] = w[j - 1];
		}
		k[j] = v;
		if (w)
			w[j] = pv;
	}
}

/*
 * LSD radix sort of at most MLC_SORT_LSD_MAX keys through ws->sk/sw: 11-bit
 * digits, or 8-bit ones for small inputs where clearing and summing 2048
 * counters per digit would cost more than the keys.  Only the bits below
 * the highest differing bit are visited, and a digit all keys share is
 * skipped.
 */
static void
lsd_sort(sort_ws *ws, uint64_t *k, double *w, size_t n, uint64_t diff)
{
	int			bits = n >= 4096 ? DIGIT_BITS : 8;
	unsigned	radix = 1u << bits,
				mask = radix - 1;
	int			topd = top_bit(diff) / bits;
	int			d;
	uint64_t   *src = k,
			   *dst = ws->sk;
	double	   *srcw = w,
			   *dstw = w ? ws->sw : NULL;
	size_t		i;

	for (d = 0; d <= topd; d++)
		memset(ws->lsd_cnt[d], 0, sizeof(uint32_t) * radix);
	for (i = 0; i < n; i++)
	{
		uint64_t	v = k[i];

		for (d = 0; d <= topd; d++)
			ws->lsd_cnt[d][(v >> (bits * d)) & mask]++;
	}
	tick(ws, n);
	for (d = 0; d <= topd; d++)
	{
		uint32_t   *c = ws->lsd_cnt[d];
		uint32_t	sum = 0;
		unsigned	b;
		int			sh = bits * d;

		/* every key shares this digit: the pass would be the identity */
		if (((diff >> sh) & mask) == 0)
			continue;
		for (b = 0; b < radix; b++)
		{
			uint32_t	t = c[b];

			c[b] = sum;
			sum += t;
		}
		if (srcw)
		{
			for (i = 0; i < n; i++)
			{
				uint32_t	pos = c[(src[i] >> sh) & mask]++;

				dst[pos] = src[i];
				dstw[pos] = srcw[i];
			}
		}
		else
		{
			for (i = 0; i < n; i++)
				dst[c[(src[i] >> sh) & mask]++] = src[i];
		}
		tick(ws, n);
		{
			uint64_t   *t = src;
			double	   *tw = srcw;

			src = dst;
			dst = t;
			srcw = dstw;
			dstw = tw;
		}
	}
	if (src != k)
	{
		memcpy(k, src, n * sizeof(uint64_t));
		if (w)
			memcpy(w, srcw, n * sizeof(double));
	}
}

static inline unsigned
msd_digit(uint64_t k, int shift)
{
	return (unsigned) (k >> shift) & (MSD_RADIX - 1);
}

/*
 * Sort a cache-resident range k[0..n) (n <= MLC_SORT_LSD_MAX, differing
 * bits `diff` != 0): one counting pass and one scatter through ws->sk on
 * the `bits` bits below the highest differing bit, copied back, then each
 * bucket is insertion sorted, or split again when larger.  Ties cost
 * nothing beyond the first split (an all-tied bucket is never touched
 * again: insertion sort of equal keys moves nothing), and spread-out keys
 * are done after one split — where an LSD sort pays one pass per digit of
 * the whole key width.
 */
static void
cache_msd(sort_ws *ws, uint64_t *k, double *w, size_t n, int depth, uint64_t diff)
{
	int			bits = CM_BITS,
				shift;
	unsigned	radix,
				mask,
				b;
	uint32_t   *end,
				sum;
	size_t		i,
				start;

	if (depth >= CM_LEVELS)
	{
		lsd_sort(ws, k, w, n, diff);
		return;
	}
	/* about CM_PER_BUCKET keys a bucket: no more counters than keys */
	while (bits > 4 && ((size_t) 1 << bits) * CM_PER_BUCKET > n)
		bits--;
	shift = top_bit(diff) - (bits - 1);
	if (shift < 0)
		shift = 0;
	radix = 1u << bits;
	mask = radix - 1;
	end = ws->cm_end[depth];
	memset(end, 0, sizeof(uint32_t) * (radix + 1));
	for (i = 0; i < n; i++)
		end[((k[i] >> shift) & mask) + 1]++;
	/* end[b] = start of bucket b; the scatter advances it to b's end */
	sum = 0;
	for (b = 1; b <= radix; b++)
	{
		sum += end[b];
		end[b] = sum;
	}
	if (w)
	{
		for (i = 0; i < n; i++)
		{
			uint32_t	pos = end[(k[i] >> shift) & mask]++;

			ws->sk[pos] = k[i];
			ws->sw[pos] = w[i];
		}
		memcpy(w, ws->sw, n * sizeof(double));
	}
	else
	{
		for (i = 0; i < n; i++)
			ws->sk[end[(k[i] >> shift) & mask]++] = k[i];
	}
	memcpy(k, ws->sk, n * sizeof(uint64_t));
	tick(ws, 2 * n);
	start = 0;
	for (b = 0; b < radix; b++)
	{
		size_t		e = end[b],
					len = e - start;

		if (len > INSERTION_MAX)
		{
			uint64_t	d = diff_mask(ws, k + start, len);

			if (d != 0)
				cache_msd(ws, k + start, w ? w + start : NULL, len, depth + 1, d);
		}
		else if (len > 1)
			insertion_sort(k + start, w ? w + start : NULL, len);
		start = e;
	}
	tick(ws, n);
}

/*
 * Move the keys (and weights) of k[] into their buckets in place, given
 * each bucket's size in end[0..nb): the bucket of key v is its MSD digit
 * at shift, or through hmap (a 16-bit digit -> bucket map) when given.
 * Prefix sums first (next[b] = the first slot of bucket b, end[b] one past
 * its last), then the American flag permutation: cycle each misplaced key
 * to its bucket.  Inlined into both callers, so the digit is not a branch.
 */
static inline __attribute__((always_inline)) void
flag_permute(sort_ws *ws, uint64_t *k, double *w, size_t *next, size_t *end,
			 unsigned nb, int shift, const uint16_t *hmap)
{
	size_t		sum = 0;
	unsigned	b;

	for (b = 0; b < nb; b++)
	{
		next[b] = sum;
		sum += end[b];
		end[b] = sum;
	}
	for (b = 0; b < nb; b++)
	{
		while (next[b] < end[b])
		{
			uint64_t	v = k[next[b]];
			double		pv = w ? w[next[b]] : 0;
			unsigned	db = hmap ? hmap[(v >> shift) & (HIST_SIZE - 1)] : msd_digit(v, shift);
			size_t		moved = 0;

			while (db != b)
			{
				size_t		j = next[db]++;
				uint64_t	tv = k[j];

				/* the chain hops between bucket heads: fetch ahead */
				__builtin_prefetch(&k[j + 16], 1);

				k[j] = v;
				v = tv;
				if (w)
				{
					double		tw = w[j];

					w[j] = pv;
					pv = tw;
				}
				db = hmap ? hmap[(v >> shift) & (HIST_SIZE - 1)] : msd_digit(v, shift);
				moved++;
			}
			k[next[b]] = v;
			if (w)
				w[next[b]] = pv;
			next[b]++;
			tick(ws, moved + 1);
		}
	}
}

/*
 * Sort k[0..n) whose differing bits are `diff` (the OR of k[i] ^ k[0],
 * computed by the caller: the parent's counting pass gathers it per bucket
 * as OR ^ AND of the bucket's keys, so no level reads its keys just for it).
 */
static void
msd_sort(sort_ws *ws, uint64_t *k, double *w, size_t n, int level, uint64_t diff)
{
	int			shift;
	unsigned	b;
	size_t		i,
				start;
	size_t	   *end,
			   *next;
	uint64_t   *bor,
			   *band;

	if (diff == 0)
		return;					/* all tied */
	if (n <= INSERTION_MAX)
	{
		insertion_sort(k, w, n);
		tick(ws, n);
		return;
	}
	if (n <= MLC_SORT_LSD_MAX || level >= MSD_LEVELS)
	{
		if (level >= MSD_LEVELS)
			lsd_sort(ws, k, w, n, diff);
		else
			cache_msd(ws, k, w, n, 0, diff);
		return;
	}
	/* the 8 bits from the highest bit in which keys differ */
	shift = top_bit(diff) - (MSD_BITS - 1);
	if (shift < 0)
		shift = 0;
	end = ws->msd_end[level];
	next = ws->msd_next[level];
	bor = ws->msd_or[level];
	band = ws->msd_and[level];
	memset(end, 0, sizeof(ws->msd_end[level]));
	memset(bor, 0, sizeof(ws->msd_or[level]));
	memset(band, 0xff, sizeof(ws->msd_and[level]));
	for (i = 0; i < n; i++)
	{
		uint64_t	v = k[i];
		unsigned	d = msd_digit(v, shift);

		end[d]++;
		bor[d] |= v;
		band[d] &= v;
	}
	tick(ws, n);
	flag_permute(ws, k, w, next, end, MSD_RADIX, shift, NULL);
	/* each bucket shares every bit from `shift` up: recurse below it */
	start = 0;
	for (b = 0; b < MSD_RADIX; b++)
	{
		size_t		e = end[b];

		if (e - start > 1)
			msd_sort(ws, k + start, w ? w + start : NULL, e - start, level + 1,
					 bor[b] ^ band[b]);
		start = e;
	}
}

/*
 * Split k[0..n) (differing bits `diff`) into at most MSD_RADIX buckets of
 * consecutive key ranges chosen from a histogram of the 16 bits below the
 * highest differing bit, permute in place, then sort each bucket.
 */
static void
hist_sort(sort_ws *ws, hist_ws *hw, uint64_t *k, double *w, size_t n, int level, uint64_t diff)
{
	int			shift = top_bit(diff) - (HIST_BITS - 1);
	size_t		target,
				acc,
				i,
				start;
	unsigned	d,
				b,
				nb;
	size_t	   *end = hw->end,
			   *next = hw->next;

	if (shift < 0)
		shift = 0;
	memset(hw->hist, 0, sizeof(hw->hist));
	for (i = 0; i < n; i++)
		hw->hist[(k[i] >> shift) & (HIST_SIZE - 1)]++;
	tick(ws, n);
	/* greedy grouping: a bucket closes once it holds >= target keys, so at
	 * most HIST_BUCKETS - 1 close and one more takes the rest */
	target = n / (HIST_BUCKETS - 1) + 1;
	if (target < MLC_SORT_LSD_MAX / 2)
		target = MLC_SORT_LSD_MAX / 2;	/* fewer heads, still cache-sized */
	memset(end, 0, sizeof(hw->end));
	acc = 0;
	b = 0;
	for (d = 0; d < HIST_SIZE; d++)
	{
		hw->hmap[d] = (uint16_t) b;
		end[b] += hw->hist[d];
		acc += hw->hist[d];
		if (acc >= target && b < HIST_BUCKETS - 1)
		{
			b++;
			acc = 0;
		}
	}
	nb = b + 1;
	flag_permute(ws, k, w, next, end, nb, shift, hw->hmap);
	/* the buckets are key ranges in order; each one is cache-sized unless
	 * a single digit value holds many keys: sort them one by one */
	start = 0;
	for (b = 0; b < nb; b++)
	{
		size_t		e = end[b];

		if (e - start > 1)
		{
			uint64_t   *kb = k + start;

			msd_sort(ws, kb, w ? w + start : NULL, e - start, level,
					 diff_mask(ws, kb, e - start));
		}
		start = e;
	}
}

mlc_code
mlc_sort_keys(uint64_t *keys, double *payload, size_t n, mlc_status *st)
{
	sort_ws    *ws;

	if (n <= INSERTION_MAX)
	{
		insertion_sort(keys, payload, n);
		return MLC_OK;
	}
	ws = mlc_alloc(sizeof(sort_ws));
	if (ws == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory allocating the sort buffer", NULL, NULL);
	ws->work = 0;
	{
		uint64_t	diff = diff_mask(ws, keys, n);

		hist_ws    *hw = NULL;

		if (diff != 0 && n >= HIST_MIN && (hw = mlc_alloc(sizeof(hist_ws))) != NULL)
		{
			hist_sort(ws, hw, keys, payload, n, 0, diff);
			mlc_free(hw);
		}
		else					/* (without room for the histogram: no split) */
			msd_sort(ws, keys, payload, n, 0, diff);
	}
	mlc_free(ws);
	return MLC_OK;
}
