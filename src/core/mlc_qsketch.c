/*
 * mlc_qsketch.c — quantile sketch of a sketched numeric profile: a grid of
 * exact counts plus a small KLL sketch (see mlc_qsketch.h, mlc_profile.h).
 *
 * Design.  Options studied: KLL alone (uniform rank error, the 0.1 design:
 * good in the body, but at p = 0.999 an error of 0.001 in rank is the
 * whole tail, so heavy tails come out 2x off), KLL with exact extreme
 * items (exact only for the few most extreme values; the tail ranks that
 * matter, 0.1% of n, grow with n), REQ (relative-error compactors, Cormode
 * et al. 2021: relative rank error at one end, O(log^1.5) more space, and a
 * two-sided variant needs twice that) and value-grid sketches (DDSketch,
 * HDR histograms: relative value error at every rank, exact counts, any
 * merge order gives the same result).  Chosen: a hybrid.
 *
 *   1. Grid.  Every finite value x falls in bucket idx = key(x) >> (52 -
 *      bits), key being the order-preserving 64-bit image of the double
 *      (sign flipped, negatives complemented).  With bits = b a bucket spans
 *      a relative width of at most 2^-b of its values (0.78% at the
 *      default b = 7; zero, subnormals and negatives need no special case).
 *      Each bucket keeps its exact count and, while it has seen a single
 *      distinct value, that value.  Counts add under merges, so the grid is
 *      the same whatever the merge order (the coarser of two grids wins:
 *      bucket b of grid `bits` is the union of buckets 2b and 2b+1 of grid
 *      `bits + 1`).  While aggregating at most MLC_QS_MEM_BUCKETS buckets
 *      are tracked; a stored profile spends at most MLC_QS_HIST_BUDGET
 *      bytes on the grid (delta-coded indexes, varint counts); either limit
 *      coarsens the whole grid one bit at a time.
 *   2. KLL.  The profile's KLL sketch (mlc_profile.c) keeps its 0.1
 *      parameters while aggregating, except that its lowest levels compact
 *      by keeping one item of each pair in arrival order (a sampler, no
 *      sort): a level of weight 2^h while 2^h is at most n / 2^16, which
 *      keeps the sampling error of the order of the KLL's own (see
 *      sampled_level in mlc_profile.c).  It is compacted further when
 *      stored, to what the
 *      grid leaves of MLC_QS_PROFILE_BUDGET (8 kB).  It is consulted only
 *      inside buckets that hold more than MLC_QS_HEAVY (5%) of the values (data
 *      concentrated in a narrow range, where the grid is too coarse).
 *
 * Queries.  Rank of x: the exact count of the buckets below x's bucket,
 * plus, inside that bucket (range clamped to the profile's exact [min,
 * max]): its count if it holds one value <= x; the KLL's share of the
 * bucket's items <= x times the bucket count when the bucket is heavy; a
 * linear interpolation otherwise.  Quantiles invert the same model; the
 * weighted view used by KS, PSI and Wasserstein spreads a light bucket
 * over MLC_QS_SPREAD equal points and a heavy one over its KLL items,
 * rescaled to the exact count.
 *
 * Bound.  |rank_sketch(x) - rank_true(x)| / n <= max over buckets holding
 * several distinct values of count / n, or MLC_QS_KLL_EPS (2%) for a bucket
 * above MLC_QS_HEAVY read through the KLL, computed per profile by
 * mlc_qs_rank_bound (the KLL term is KLL's probabilistic bound; the count
 * term is deterministic), so at most 5%.  Ranks outside such buckets are exact,
 * so ties and the sparse extreme tails are exact; inside a bucket the
 * value error is at most the bucket's width, 2^-bits relative.  Merging
 * in any order gives the same grid, so the same bound.
 */
#include "mlc_qsketch.h"
#include "mlc_json.h"

#include <inttypes.h>
#include <stdlib.h>

#define MAX_STORED_BUCKETS (1 << 20)

static int
log2u(uint32_t v)
{
	int			l = 0;

	while ((UINT32_C(1) << l) < v)
		l++;
	return l;
}

/* free the arrays of the table form, which is then absent */
static void
free_table(mlc_qhist *h)
{
	mlc_free(h->slot);
	mlc_free(h->val);
	mlc_free(h->hi);
	h->slot = NULL;
	h->val = NULL;
	h->hi = NULL;
}

static bool
alloc_table(mlc_qhist *h, uint32_t cap)
{
	h->slot = mlc_alloc0(sizeof(mlc_qs_slot) * cap);
	h->val = mlc_alloc(sizeof(double) * cap);
	h->hi = mlc_alloc(sizeof(uint32_t) * cap);
	if (h->slot == NULL || h->val == NULL || h->hi == NULL)
	{
		free_table(h);
		return false;
	}
	h->cap = cap;
	h->shift = 32 - log2u(cap);
	h->nb = 0;
	return true;
}

static inline int64_t
slot_cnt(const mlc_qhist *h, uint32_t s)
{
	return (int64_t) (((uint64_t) h->hi[s] << 32) | h->slot[s].cnt);
}

/* the bucket's single value, NaN when it has seen several */
static inline double
slot_val(const mlc_qhist *h, uint32_t s)
{
	return (h->slot[s].key1 & MLC_QS_MULTI) ? NAN : h->val[s];
}

static inline uint32_t
slot_idx(const mlc_qhist *h, uint32_t s)
{
	return (h->slot[s].key1 & ~MLC_QS_MULTI) - 1;
}

/*
 * Two forms: a hash table (slot) while values are added one by one, and an
 * array in grid order (arr) for decoded and merged grids, which merge with
 * each other in one linear pass.  Exactly one is set, or neither when the
 * grid is empty.
 */
mlc_qhist *
mlc_qhist_new(int bits)
{
	mlc_qhist  *h = mlc_alloc0(sizeof(mlc_qhist));

	if (h == NULL)
		return NULL;
	h->bits = bits;
	return h;
}

void
mlc_qhist_free(mlc_qhist *h)
{
	if (h == NULL)
		return;
	free_table(h);
	mlc_free(h->arr);
	mlc_free(h);
}

mlc_qhist *
mlc_qhist_copy(const mlc_qhist *h)
{
	mlc_qhist  *c = mlc_alloc0(sizeof(mlc_qhist));

	if (c == NULL)
		return NULL;
	*c = *h;
	c->slot = NULL;
	c->val = NULL;
	c->hi = NULL;
	c->arr = NULL;
	if (h->slot)
	{
		c->slot = mlc_alloc(sizeof(mlc_qs_slot) * h->cap);
		c->val = mlc_alloc(sizeof(double) * h->cap);
		c->hi = mlc_alloc(sizeof(uint32_t) * h->cap);
		if (c->slot && c->val && c->hi)
		{
			memcpy(c->slot, h->slot, sizeof(mlc_qs_slot) * h->cap);
			memcpy(c->val, h->val, sizeof(double) * h->cap);
			memcpy(c->hi, h->hi, sizeof(uint32_t) * h->cap);
		}
		else
			free_table(c);
	}
	else if (h->arr)
	{
		c->arr = mlc_alloc(sizeof(mlc_qs_bucket) * (h->nb + 1));
		if (c->arr)
			memcpy(c->arr, h->arr, sizeof(mlc_qs_bucket) * h->nb);
	}
	if ((h->slot && !c->slot) || (h->arr && !c->arr))
	{
		mlc_free(c);
		return NULL;
	}
	return c;
}

/* insert or add into a table known to have room */
static void
put(mlc_qhist *h, uint32_t idx, int64_t cnt, double val)
{
	uint32_t	k1 = idx + 1,
				m = h->cap - 1,
				s = mlc_qs_hash(k1, h->shift);

	for (;;)
	{
		mlc_qs_slot *t = &h->slot[s];

		if ((t->key1 & ~MLC_QS_MULTI) == k1)
		{
			uint64_t	c = (uint64_t) slot_cnt(h, s) + (uint64_t) cnt;

			t->cnt = (uint32_t) c;
			h->hi[s] = (uint32_t) (c >> 32);
			if (!(slot_val(h, s) == val))
				t->key1 |= MLC_QS_MULTI;
			return;
		}
		if (t->key1 == 0)
		{
			t->key1 = val == val ? k1 : k1 | MLC_QS_MULTI;
			t->cnt = (uint32_t) cnt;
			h->hi[s] = (uint32_t) ((uint64_t) cnt >> 32);
			h->val[s] = val;
			h->nb++;
			return;
		}
		s = (s + 1) & m;
	}
}

/* table form with room for `need` buckets at grid `bits` (<= h->bits) */
static bool
rebuild(mlc_qhist *h, int bits, int32_t need)
{
	mlc_qhist	old = *h;
	uint32_t	cap = 64,
				i;
	int			d = h->bits - bits;

	while (cap < (uint32_t) need * 2 + 2)
		cap *= 2;
	if (!alloc_table(h, cap))
	{
		*h = old;
		return false;
	}
	h->bits = bits;
	if (old.slot)
		for (i = 0; i < old.cap; i++)
			if (old.slot[i].key1)
				put(h, slot_idx(&old, i) >> d, slot_cnt(&old, i), slot_val(&old, i));
	if (old.arr)
		for (i = 0; i < (uint32_t) old.nb; i++)
			put(h, old.arr[i].idx >> d, old.arr[i].cnt, old.arr[i].val);
	free_table(&old);
	mlc_free(old.arr);
	h->arr = NULL;
	return true;
}

/* coarsen buckets in grid order by d bits, in place; returns the new count */
static int32_t
coarsen_sorted(mlc_qs_bucket *b, int32_t nb, int d)
{
	int32_t		i,
				o = 0;

	for (i = 0; i < nb; i++)
	{
		uint32_t	idx = b[i].idx >> d;

		if (o > 0 && b[o - 1].idx == idx)
		{
			b[o - 1].cnt += b[i].cnt;
			if (!(b[o - 1].val == b[i].val))
				b[o - 1].val = NAN;
		}
		else
		{
			b[o] = b[i];
			b[o].idx = idx;
			o++;
		}
	}
	return o;
}

bool
mlc_qhist_coarsen(mlc_qhist *h, int bits)
{
	if (bits >= h->bits)
		return true;
	if (h->slot == NULL)
	{
		h->nb = coarsen_sorted(h->arr, h->nb, h->bits - bits);
		h->bits = bits;
		return true;
	}
	return rebuild(h, bits, h->nb);
}

bool
mlc_qhist_add_slow(mlc_qhist *h, double x, int64_t c)
{
	uint32_t	idx;

	if (c <= 0)
		return true;
	if (h->slot == NULL && !rebuild(h, h->bits, h->nb + 16))
		return false;
	for (;;)
	{
		idx = mlc_qs_index(x, h->bits);
		if ((uint32_t) (h->nb + 1) * 2 <= h->cap)
		{
			if (h->nb < MLC_QS_MEM_BUCKETS)
				break;
			/* full: fine if the bucket exists, else coarsen */
			{
				uint32_t	k1 = idx + 1,
							s = mlc_qs_hash(k1, h->shift);

				while (h->slot[s].key1 && (h->slot[s].key1 & ~MLC_QS_MULTI) != k1)
					s = (s + 1) & (h->cap - 1);
				if (h->slot[s].key1)
					break;
			}
			if (h->bits <= MLC_QS_MIN_BITS)
				break;			/* cannot happen: 2 buckets at the coarsest */
			if (!rebuild(h, h->bits - 1, h->nb))
				return false;
			continue;
		}
		if (!rebuild(h, h->bits, h->nb + 1))
			return false;
	}
	put(h, idx, c, x);
	return true;
}

/* values ahead whose slot is prefetched: about one memory latency of adds */
#define PREFETCH_AHEAD 16

bool
mlc_qhist_add_batch(mlc_qhist *h, const double *v, int64_t n)
{
	int64_t		i;

	for (i = 0; i < n; i++)
	{
#if defined(__GNUC__)
		/* a hint only: harmless when a rebuild has moved the table meanwhile */
		if (i + PREFETCH_AHEAD < n && h->slot)
			__builtin_prefetch(&h->slot[mlc_qs_hash(mlc_qs_index(v[i + PREFETCH_AHEAD], h->bits) + 1,
													h->shift)], 1);
#endif
		if (!mlc_qhist_add(h, v[i]))
			return false;
	}
	return true;
}

static int
cmp_bucket(const void *a, const void *b)
{
	uint32_t	x = ((const mlc_qs_bucket *) a)->idx,
				y = ((const mlc_qs_bucket *) b)->idx;

	return x < y ? -1 : x > y;
}

mlc_qs_bucket *
mlc_qhist_sorted(const mlc_qhist *h, int32_t *nb)
{
	mlc_qs_bucket *b;
	uint32_t	i;
	int32_t		k = 0;

	*nb = 0;
	b = mlc_alloc(sizeof(mlc_qs_bucket) * (h->nb + 1));
	if (b == NULL)
		return NULL;
	if (h->slot == NULL)
	{
		if (h->nb > 0)
			memcpy(b, h->arr, sizeof(mlc_qs_bucket) * h->nb);
		*nb = h->nb;
		return b;
	}
	for (i = 0; i < h->cap; i++)
		if (h->slot[i].key1)
		{
			b[k].idx = slot_idx(h, i);
			b[k].cnt = slot_cnt(h, i);
			b[k].val = slot_val(h, i);
			k++;
		}
	qsort(b, k, sizeof(mlc_qs_bucket), cmp_bucket);
	*nb = k;
	return b;
}

bool
mlc_qhist_merge(mlc_qhist *dst, const mlc_qhist *src)
{
	mlc_qs_bucket *sb,
			   *out;
	int32_t		snb,
				i = 0,
				j = 0,
				o = 0;
	int			d;

	if (src->bits < dst->bits && !mlc_qhist_coarsen(dst, src->bits))
		return false;
	d = src->bits - dst->bits;
	if (dst->slot)
	{
		/* table form: add bucket by bucket */
		uint32_t	k;

		if ((uint32_t) (dst->nb + src->nb) * 2 + 2 > dst->cap &&
			!rebuild(dst, dst->bits, dst->nb + src->nb))
			return false;
		if (src->slot)
		{
			for (k = 0; k < src->cap; k++)
				if (src->slot[k].key1)
					put(dst, slot_idx(src, k) >> d, slot_cnt(src, k), slot_val(src, k));
		}
		else
			for (k = 0; k < (uint32_t) src->nb; k++)
				put(dst, src->arr[k].idx >> d, src->arr[k].cnt, src->arr[k].val);
	}
	else
	{
		/* array form: one merge pass of the two grids in order */
		sb = mlc_qhist_sorted(src, &snb);
		out = mlc_alloc(sizeof(mlc_qs_bucket) * (dst->nb + snb + 1));
		if (sb == NULL || out == NULL)
		{
			mlc_free(sb);
			mlc_free(out);
			return false;
		}
		snb = coarsen_sorted(sb, snb, d);
		while (i < dst->nb || j < snb)
		{
			if (j >= snb || (i < dst->nb && dst->arr[i].idx < sb[j].idx))
				out[o++] = dst->arr[i++];
			else if (i >= dst->nb || sb[j].idx < dst->arr[i].idx)
				out[o++] = sb[j++];
			else
			{
				out[o] = dst->arr[i++];
				out[o].cnt += sb[j].cnt;
				if (!(out[o].val == sb[j].val))
					out[o].val = NAN;
				o++;
				j++;
			}
		}
		mlc_free(sb);
		mlc_free(dst->arr);
		dst->arr = out;
		dst->nb = o;
	}
	/* keep the aggregation limit */
	while (dst->nb > MLC_QS_MEM_BUCKETS && dst->bits > MLC_QS_MIN_BITS)
		if (!mlc_qhist_coarsen(dst, dst->bits - 1))
			return false;
	return true;
}

void
mlc_qs_bucket_range(uint32_t idx, int bits, double mn, double mx, double *lo, double *hi)
{
	int			s = 52 - bits;
	uint64_t	k0 = (uint64_t) idx << s,
				k1 = k0 | ((UINT64_C(1) << s) - 1);
	double		a = mlc_key_f64(k0),
				b = mlc_key_f64(k1);

	/* keys beyond the finite doubles decode to Inf/NaN: the clamp fixes them */
	if (!(a >= mn))
		a = mn;
	if (!(b <= mx))
		b = mx;
	*lo = a;
	*hi = b;
}

/* ------------------------------------------------------------ codec */

/* how a single value sits in its bucket: 1 lowest key, 2 highest key, 3 elsewhere */
static int
single_flag(uint32_t idx, int bits, double v)
{
	int			s = 52 - bits;
	uint64_t	k = mlc_f64_key(v),
				k0 = (uint64_t) idx << s;

	if (k == k0)
		return 1;
	if (k == (k0 | ((UINT64_C(1) << s) - 1)))
		return 2;
	return 3;
}

static size_t
encoded_size_of(const mlc_qs_bucket *b, int32_t nb, int bits)
{
	size_t		t = 1 + 4;
	int32_t		i;
	uint32_t	prev = 0;

	for (i = 0; i < nb; i++)
	{
		int			f = isnan(b[i].val) ? 0 : single_flag(b[i].idx, bits, b[i].val);

		t += mlc_uvarint_len(b[i].idx - prev) + mlc_uvarint_len(((uint64_t) b[i].cnt << 2) | f);
		if (f == 3)
			t += 8;
		prev = b[i].idx;
	}
	return t;
}

size_t
mlc_qhist_encoded_size(const mlc_qhist *h)
{
	int32_t		nb;
	mlc_qs_bucket *b = mlc_qhist_sorted(h, &nb);
	size_t		t;

	if (b == NULL)
		return SIZE_MAX;
	t = encoded_size_of(b, nb, h->bits);
	mlc_free(b);
	return t;
}

bool
mlc_qhist_fit(mlc_qhist *h, size_t budget)
{
	for (;;)
	{
		size_t		sz = mlc_qhist_encoded_size(h);

		if (sz == SIZE_MAX)
			return false;
		if (sz <= budget || h->bits <= MLC_QS_MIN_BITS)
			return true;
		if (!mlc_qhist_coarsen(h, h->bits - 1))
			return false;
	}
}

void
mlc_qhist_write(const mlc_qhist *h, mlc_buf *out)
{
	int32_t		nb,
				i;
	mlc_qs_bucket *b = mlc_qhist_sorted(h, &nb);
	uint32_t	prev = 0;

	if (b == NULL)
	{
		out->failed = true;
		return;
	}
	mlc_put_u8(out, (uint8_t) (h->bits + 64));
	mlc_put_u32(out, (uint32_t) nb);
	for (i = 0; i < nb; i++)
	{
		int			f = isnan(b[i].val) ? 0 : single_flag(b[i].idx, h->bits, b[i].val);

		mlc_put_uvarint(out, b[i].idx - prev);
		mlc_put_uvarint(out, ((uint64_t) b[i].cnt << 2) | f);
		if (f == 3)
			mlc_put_f64(out, b[i].val);
		prev = b[i].idx;
	}
	mlc_free(b);
}

static mlc_qhist *from_sorted(mlc_qs_bucket **b, int32_t nb, int bits, int64_t n,
							  double mn, double mx, const char **why);

static uint64_t
grid_size(int bits)
{
	return UINT64_C(1) << (12 + bits);
}

mlc_qhist *
mlc_qhist_read(mlc_reader *r, int64_t n, double mn, double mx, const char **why)
{
	int			bits = (int) mlc_get_u8(r) - 64;
	uint32_t	nb = mlc_get_u32(r),
				i;
	uint64_t	prev = 0;
	mlc_qhist  *h = NULL;
	mlc_qs_bucket *b;

	*why = "truncated grid";
	if (r->failed)
		return NULL;
	if (bits < MLC_QS_MIN_BITS || bits > MLC_QS_MAX_BITS)
	{
		*why = "bad grid resolution";
		return NULL;
	}
	if (nb > MAX_STORED_BUCKETS || nb > mlc_reader_remaining(r) / 2)
	{
		*why = "bad bucket count";
		return NULL;
	}
	b = mlc_alloc(sizeof(mlc_qs_bucket) * (nb + 1));
	if (b == NULL)
	{
		*why = "out of memory";
		return NULL;
	}
	for (i = 0; i < nb; i++)
	{
		uint64_t	d,
					c,
					idx;
		double		v = NAN;
		int			f;

		if (!mlc_get_uvarint(r, &d, false) || !mlc_get_uvarint(r, &c, false))
			goto bad;
		idx = prev + d;
		if ((i > 0 && d == 0) || idx >= grid_size(bits) || (c >> 2) == 0 ||
			(c >> 2) > (uint64_t) INT64_MAX / 4)
		{
			*why = "bucket indexes must increase within the grid and counts be positive";
			goto bad;
		}
		f = (int) (c & 3);
		if (f == 1 || f == 2)
		{
			int			s = 52 - bits;
			uint64_t	k0 = idx << s;

			v = mlc_key_f64(f == 1 ? k0 : (k0 | ((UINT64_C(1) << s) - 1)));
		}
		else if (f == 3)
		{
			v = mlc_get_f64(r);
			if (r->failed)
				goto bad;
		}
		if (f != 0 && (!isfinite(v) || mlc_qs_index(v, bits) != idx || (v == 0 && signbit(v)) ||
					   (f == 3 && single_flag((uint32_t) idx, bits, v) != 3)))
		{
			*why = "a bucket's value must be finite and inside the bucket";
			goto bad;
		}
		b[i].idx = (uint32_t) idx;
		b[i].cnt = (int64_t) (c >> 2);
		b[i].val = v;
		prev = idx;
	}
	h = from_sorted(&b, (int32_t) nb, bits, n, mn, mx, why);
bad:
	mlc_free(b);
	return h;
}

void
mlc_qhist_to_json(const mlc_qhist *h, mlc_buf *out)
{
	int32_t		nb,
				i;
	mlc_qs_bucket *b = mlc_qhist_sorted(h, &nb);

	if (b == NULL)
	{
		out->failed = true;
		return;
	}
	mlc_buf_printf(out, ", \"bits\": %d, \"buckets\": [", h->bits);
	for (i = 0; i < nb; i++)
	{
		mlc_buf_printf(out, "%s[%u, %" PRId64, i ? ", " : "", b[i].idx, b[i].cnt);
		if (!isnan(b[i].val))
		{
			mlc_buf_puts(out, ", ");
			mlc_buf_double(out, b[i].val);
		}
		mlc_buf_putc(out, ']');
	}
	mlc_buf_putc(out, ']');
	mlc_free(b);
}

mlc_qhist *
mlc_qhist_from_json(const mlc_json *bits, const mlc_json *buckets, int64_t n, double mn,
					double mx, const char **why)
{
	mlc_qhist  *h = NULL;
	mlc_qs_bucket *b;
	size_t		i;
	int64_t		prev = -1;
	int			bt;

	if (bits == NULL || buckets == NULL || bits->type != MLC_JSON_NUMBER || !bits->int_exact ||
		bits->ival < MLC_QS_MIN_BITS || bits->ival > MLC_QS_MAX_BITS)
	{
		*why = "a format 2 sketch needs \"bits\" (an integer from -11 to 7) and \"buckets\"";
		return NULL;
	}
	bt = (int) bits->ival;
	if (buckets->type != MLC_JSON_ARRAY || buckets->len > MAX_STORED_BUCKETS)
	{
		*why = "\"buckets\" must be an array of [index, count] or [index, count, value]";
		return NULL;
	}
	b = mlc_alloc(sizeof(mlc_qs_bucket) * (buckets->len + 1));
	if (b == NULL)
	{
		*why = "out of memory";
		return NULL;
	}
	for (i = 0; i < buckets->len; i++)
	{
		const mlc_json *e = buckets->items[i];
		double		v = NAN;

		if (e->type != MLC_JSON_ARRAY || (e->len != 2 && e->len != 3) ||
			e->items[0]->type != MLC_JSON_NUMBER || !e->items[0]->int_exact ||
			e->items[1]->type != MLC_JSON_NUMBER || !e->items[1]->int_exact ||
			(e->len == 3 && e->items[2]->type != MLC_JSON_NUMBER))
		{
			*why = "\"buckets\" must be an array of [index, count] or [index, count, value]";
			goto bad;
		}
		if (e->items[0]->ival <= prev || (uint64_t) e->items[0]->ival >= grid_size(bt) ||
			e->items[1]->ival <= 0 || e->items[1]->ival > INT64_MAX / 4)
		{
			*why = "bucket indexes must increase within the grid and counts be positive";
			goto bad;
		}
		if (e->len == 3)
		{
			v = e->items[2]->number + 0.0;
			if (!isfinite(v) || mlc_qs_index(v, bt) != (uint64_t) e->items[0]->ival)
			{
				*why = "a bucket's value must be finite and inside the bucket";
				goto bad;
			}
		}
		b[i].idx = (uint32_t) e->items[0]->ival;
		b[i].cnt = e->items[1]->ival;
		b[i].val = v;
		prev = e->items[0]->ival;
	}
	h = from_sorted(&b, (int32_t) buckets->len, bt, n, mn, mx, why);
bad:
	mlc_free(b);
	return h;
}

/* checks of buckets in grid order against the profile's n, min and max */
static const char *
validate_sorted(const mlc_qs_bucket *b, int32_t nb, int bits, int64_t n, double mn, double mx)
{
	int32_t		i;
	int64_t		sum = 0;
	const char *why = NULL;

	/*
	 * Indexes increase and single values lie in their buckets (checked by
	 * the decoders), so once min is in the first bucket and max in the last
	 * only those two can reach outside [min, max].
	 */
	for (i = 0; i < nb && why == NULL; i++)
	{
		if (b[i].cnt > INT64_MAX - sum)
			why = "bucket counts overflow";
		sum += b[i].cnt;
		if (i == 0 || i == nb - 1)
		{
			double		lo,
						hi;

			mlc_qs_bucket_range(b[i].idx, bits, mn, mx, &lo, &hi);
			if (!(lo <= hi))
				why = "a bucket lies outside [min, max]";
			else if (isnan(b[i].val) && !(lo < hi))
				why = "a bucket of several values needs room for them";
			else if (!isnan(b[i].val) && (b[i].val < mn || b[i].val > mx))
				why = "a bucket's value lies outside [min, max]";
		}
	}
	if (why == NULL && sum != n)
		why = "bucket counts do not add up to n";
	if (why == NULL && nb > 0 &&
		(b[0].idx != mlc_qs_index(mn, bits) || b[nb - 1].idx != mlc_qs_index(mx, bits) ||
		 (!isnan(b[0].val) && b[0].val != mn) || (!isnan(b[nb - 1].val) && b[nb - 1].val != mx)))
		why = "min and max must lie in the first and last buckets";
	return why;
}

/*
 * A grid in array form taking over *b (grid order, then set to NULL), once
 * validated; NULL with *why set.
 */
static mlc_qhist *
from_sorted(mlc_qs_bucket **b, int32_t nb, int bits, int64_t n, double mn, double mx,
			const char **why)
{
	mlc_qhist  *h;

	*why = validate_sorted(*b, nb, bits, n, mn, mx);
	if (*why)
		return NULL;
	h = mlc_qhist_new(bits);
	if (h == NULL)
	{
		*why = "out of memory";
		return NULL;
	}
	if (nb > 0)
	{
		h->arr = *b;
		h->nb = nb;
		*b = NULL;
	}
	return h;
}

/* ------------------------------------------------------------ queries */

bool
mlc_qs_query_init(mlc_qs_query *q, const mlc_qhist *h, const double *kv, const double *kw,
				  int64_t km, int64_t n, double mn, double mx)
{
	int32_t		i;
	int64_t		j;
	double	   *cw;

	memset(q, 0, sizeof(*q));
	q->b = mlc_qhist_sorted(h, &q->nb);
	q->below = mlc_alloc(sizeof(double) * (q->nb + 1));
	cw = mlc_alloc(sizeof(double) * (km + 1));
	if (q->b == NULL || q->below == NULL || cw == NULL)
	{
		mlc_free(cw);
		mlc_qs_query_free(q);
		return false;
	}
	q->below[0] = 0;
	for (i = 0; i < q->nb; i++)
		q->below[i + 1] = q->below[i] + (double) q->b[i].cnt;
	cw[0] = 0;
	for (j = 0; j < km; j++)
		cw[j + 1] = cw[j] + kw[j];
	q->kcw = cw;
	q->bits = h->bits;
	q->kv = kv;
	q->kw = kw;
	q->km = km;
	q->n = (double) n;
	q->min = mn;
	q->max = mx;
	return true;
}

void
mlc_qs_query_free(mlc_qs_query *q)
{
	mlc_free(q->b);
	mlc_free(q->below);
	mlc_free((void *) q->kcw);
	memset(q, 0, sizeof(*q));
}

/* KLL items with value < t (strict) or <= t */
static int64_t
kll_pos(const mlc_qs_query *q, double t, bool le)
{
	return mlc_sorted_rank(q->kv, q->km, t, le);
}

/* does bucket i use the KLL for its inside?  sets the KLL item range */
static bool
uses_kll(const mlc_qs_query *q, int32_t i, double lo, double hi, int64_t *k0, int64_t *k1)
{
	if (!isnan(q->b[i].val) || !((double) q->b[i].cnt > MLC_QS_HEAVY * q->n))
		return false;
	*k0 = kll_pos(q, lo, false);
	*k1 = kll_pos(q, hi, true);
	return q->kcw[*k1] - q->kcw[*k0] > 0;
}

/* index of the bucket holding grid index idx, or of the first bucket after it */
static int32_t
find_bucket(const mlc_qs_query *q, uint32_t idx)
{
	int32_t		lo = 0,
				hi = q->nb;

	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (q->b[mid].idx < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double
mlc_qs_cdf(const mlc_qs_query *q, double x)
{
	int32_t		i;
	double		lo,
				hi,
				c,
				in;
	int64_t		k0,
				k1;

	if (x < q->min)
		return 0;
	if (x >= q->max)
		return 1;
	if (x == 0)
		x = 0.0;
	i = find_bucket(q, mlc_qs_index(x, q->bits));
	if (i >= q->nb || q->b[i].idx != mlc_qs_index(x, q->bits))
		return q->below[i] / q->n;
	c = (double) q->b[i].cnt;
	mlc_qs_bucket_range(q->b[i].idx, q->bits, q->min, q->max, &lo, &hi);
	if (!isnan(q->b[i].val))
		in = x >= q->b[i].val ? c : 0;
	else if (uses_kll(q, i, lo, hi, &k0, &k1))
		in = c * (q->kcw[kll_pos(q, x, true)] - q->kcw[k0]) / (q->kcw[k1] - q->kcw[k0]);
	else if (x < lo)
		in = 0;
	else if (x >= hi)
		in = c;
	else
		in = c * ((x - lo) / (hi - lo));
	return (q->below[i] + in) / q->n;
}

double
mlc_qs_quantile(const mlc_qs_query *q, double p)
{
	double		t = p * q->n,
				r,
				c,
				lo,
				hi,
				v;
	int32_t		a = 0,
				b;
	int64_t		k0,
				k1;

	if (!(p > 0) || q->nb == 0)
		return q->min;
	if (p >= 1)
		return q->max;
	/* first bucket whose cumulative count reaches t */
	b = q->nb - 1;
	while (a < b)
	{
		int32_t		mid = a + (b - a) / 2;

		if (q->below[mid + 1] >= t)
			b = mid;
		else
			a = mid + 1;
	}
	c = (double) q->b[a].cnt;
	r = t - q->below[a];
	if (!isnan(q->b[a].val))
		return q->b[a].val;
	mlc_qs_bucket_range(q->b[a].idx, q->bits, q->min, q->max, &lo, &hi);
	if (uses_kll(q, a, lo, hi, &k0, &k1))
	{
		double		want = q->kcw[k0] + (r / c) * (q->kcw[k1] - q->kcw[k0]);
		int64_t		j;

		for (j = k0; j < k1; j++)
			if (q->kcw[j + 1] >= want)
				return q->kv[j];
		return q->kv[k1 - 1];
	}
	v = lo + (hi - lo) * (r / c);
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return v;
}

bool
mlc_qs_view(const mlc_qs_query *q, double **vals, double **wts, int64_t *m)
{
	int64_t		total = 0,
				o = 0,
				k0,
				k1,
				j;
	int32_t		i;
	double	   *v,
			   *w;

	*vals = *wts = NULL;
	*m = 0;
	for (i = 0; i < q->nb; i++)
	{
		double		lo,
					hi;

		if (!isnan(q->b[i].val))
			total += 1;
		else
		{
			mlc_qs_bucket_range(q->b[i].idx, q->bits, q->min, q->max, &lo, &hi);
			if (uses_kll(q, i, lo, hi, &k0, &k1))
				total += k1 - k0;
			else
				total += q->b[i].cnt < MLC_QS_SPREAD ? q->b[i].cnt : MLC_QS_SPREAD;
		}
	}
	v = mlc_alloc(sizeof(double) * (total + 1));
	w = mlc_alloc(sizeof(double) * (total + 1));
	if (v == NULL || w == NULL)
	{
		mlc_free(v);
		mlc_free(w);
		return false;
	}
	for (i = 0; i < q->nb; i++)
	{
		double		lo,
					hi,
					c = (double) q->b[i].cnt;

		if (!isnan(q->b[i].val))
		{
			v[o] = q->b[i].val;
			w[o++] = c;
			continue;
		}
		mlc_qs_bucket_range(q->b[i].idx, q->bits, q->min, q->max, &lo, &hi);
		if (uses_kll(q, i, lo, hi, &k0, &k1))
		{
			double		scale = c / (q->kcw[k1] - q->kcw[k0]);

			for (j = k0; j < k1; j++)
			{
				v[o] = q->kv[j];
				w[o++] = q->kw[j] * scale;
			}
		}
		else
		{
			int64_t		sp = q->b[i].cnt < MLC_QS_SPREAD ? q->b[i].cnt : MLC_QS_SPREAD;

			for (j = 0; j < sp; j++)
			{
				double		x = lo + (hi - lo) * (((double) j + 0.5) / (double) sp);

				if (o > 0 && x < v[o - 1])
					x = v[o - 1];
				v[o] = x;
				w[o++] = c / (double) sp;
			}
		}
	}
	*vals = v;
	*wts = w;
	*m = o;
	return true;
}

double
mlc_qs_rank_bound(const mlc_qs_query *q)
{
	double		worst = 0;
	int32_t		i;

	for (i = 0; i < q->nb; i++)
	{
		double		lo,
					hi,
					e;
		int64_t		k0,
					k1;

		if (!isnan(q->b[i].val))
			continue;
		mlc_qs_bucket_range(q->b[i].idx, q->bits, q->min, q->max, &lo, &hi);
		e = (double) q->b[i].cnt / q->n;
		if (uses_kll(q, i, lo, hi, &k0, &k1))
			e = MLC_QS_KLL_EPS;
		if (e > worst)
			worst = e;
	}
	return worst;
}
