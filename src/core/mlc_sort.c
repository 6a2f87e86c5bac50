/*
 * mlc_sort.c — in-place MSD / scratch LSD radix sort of order-preserving
 * float8 keys (see mlc_sort.h for the design).
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

typedef struct sort_ws
{
	size_t		msd_end[MSD_LEVELS][MSD_RADIX];
	size_t		msd_next[MSD_LEVELS][MSD_RADIX];
	uint32_t	lsd_cnt[8][RADIX];	/* up to 8 digits of 8 bits, or 6 of 11 */
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

static void
msd_sort(sort_ws *ws, uint64_t *k, double *w, size_t n, int level)
{
	uint64_t	diff;
	int			shift;
	unsigned	b;
	size_t		i,
				sum,
				start;
	size_t	   *end,
			   *next;

	if (n <= INSERTION_MAX)
	{
		insertion_sort(k, w, n);
		tick(ws, n);
		return;
	}
	diff = diff_mask(ws, k, n);
	if (diff == 0)
		return;					/* all tied */
	if (n <= MLC_SORT_LSD_MAX || level >= MSD_LEVELS)
	{
		lsd_sort(ws, k, w, n, diff);
		return;
	}
	/* the 8 bits from the highest bit in which keys differ */
	shift = top_bit(diff) - (MSD_BITS - 1);
	if (shift < 0)
		shift = 0;
	end = ws->msd_end[level];
	next = ws->msd_next[level];
	memset(end, 0, sizeof(ws->msd_end[level]));
	for (i = 0; i < n; i++)
		end[msd_digit(k[i], shift)]++;
	tick(ws, n);
	sum = 0;
	for (b = 0; b < MSD_RADIX; b++)
	{
		next[b] = sum;
		sum += end[b];
		end[b] = sum;
	}
	/* American flag permutation: cycle each misplaced key to its bucket */
	for (b = 0; b < MSD_RADIX; b++)
	{
		while (next[b] < end[b])
		{
			uint64_t	v = k[next[b]];
			double		pv = w ? w[next[b]] : 0;
			unsigned	db = msd_digit(v, shift);
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
				db = msd_digit(v, shift);
				moved++;
			}
			k[next[b]] = v;
			if (w)
				w[next[b]] = pv;
			next[b]++;
			tick(ws, moved + 1);
		}
	}
	/* each bucket shares every bit from `shift` up: recurse below it */
	start = 0;
	for (b = 0; b < MSD_RADIX; b++)
	{
		size_t		e = end[b];

		if (e - start > 1)
			msd_sort(ws, k + start, w ? w + start : NULL, e - start, level + 1);
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
	msd_sort(ws, keys, payload, n, 0);
	mlc_free(ws);
	return MLC_OK;
}
