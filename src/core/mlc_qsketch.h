/*
 * mlc_qsketch.h — the tail-accurate part of a sketched numeric profile:
 * exact counts of the finite values on a fixed logarithmic grid of the
 * doubles, combined at query time with the profile's small KLL sketch.
 * The design, its error bound and its costs are described at the top of
 * mlc_qsketch.c.
 */
#ifndef MLC_QSKETCH_H
#define MLC_QSKETCH_H

#include "mlc_common.h"
#include "mlc_sort.h"

#include <math.h>
#include <string.h>

/* grid resolution: 2^bits buckets per binade of the doubles */
#define MLC_QS_MAX_BITS 7
#define MLC_QS_MIN_BITS (-11)
/* buckets tracked while aggregating; beyond this the grid is coarsened */
#define MLC_QS_MEM_BUCKETS 2048
/* encoded bytes allowed to the grid in a stored profile */
#define MLC_QS_HIST_BUDGET 5000
/* bytes of a stored sketched profile, grid and KLL together (varlena included) */
#define MLC_QS_PROFILE_BUDGET 8192
/*
 * Bound on the error the KLL part adds inside one bucket (the difference
 * of two KLL ranks, rescaled to the bucket's exact count).  Used only in
 * buckets holding more than this share of the values.
 */
#define MLC_QS_KLL_EPS 0.02
/*
 * Buckets holding more than this share of the values use the KLL inside;
 * lighter ones a linear interpolation (far better on smooth data than a KLL
 * of a few hundred items; its error is at most the bucket's share).
 */
#define MLC_QS_HEAVY 0.05
/* points a bucket is spread over in the weighted view (uniform model) */
#define MLC_QS_SPREAD 16

/*
 * Table slot, the only memory the per-value path touches while a bucket has
 * seen several values: 8 bytes, so that many grids built in one scan stay in
 * cache.  The bucket's value and the high half of its count live in the
 * grid's cold arrays (val, hi), read only while the bucket holds a single
 * value or when its low count wraps.
 */
typedef struct mlc_qs_slot
{
	uint32_t	key1;			/* bucket index + 1 | MLC_QS_MULTI; 0 = empty slot */
	uint32_t	cnt;			/* count mod 2^32 (hi[s] holds count >> 32) */
} mlc_qs_slot;

/* key1 flag: the bucket has seen several distinct values (val is void) */
#define MLC_QS_MULTI UINT32_C(0x80000000)

typedef struct mlc_qhist
{
	int			bits;
	int32_t		nb;				/* buckets in use */
	uint32_t	cap;			/* slots, a power of two */
	int			shift;			/* 32 - log2(cap) */
	mlc_qs_slot *slot;			/* table form (see mlc_qsketch.c), or NULL */
	double	   *val;			/* table form: each slot's single value */
	uint32_t   *hi;				/* table form: high 32 bits of each count */
	struct mlc_qs_bucket *arr;	/* array form in grid order, or NULL */
} mlc_qhist;

/* one bucket in grid order (the stored and queried form) */
typedef struct mlc_qs_bucket
{
	uint32_t	idx;
	int64_t		cnt;
	double		val;			/* NaN when the bucket holds several values */
} mlc_qs_bucket;

static inline uint32_t
mlc_qs_index(double x, int bits)
{
	return (uint32_t) (mlc_f64_key(x) >> (52 - bits));
}

static inline uint32_t
mlc_qs_hash(uint32_t k1, int shift)
{
	return (uint32_t) (k1 * UINT32_C(0x9e3779b1)) >> shift;
}

mlc_qhist  *mlc_qhist_new(int bits);
void		mlc_qhist_free(mlc_qhist *h);
mlc_qhist  *mlc_qhist_copy(const mlc_qhist *h);

/* add c copies of the finite value x (x == +0 for zeros); false on OOM */
bool		mlc_qhist_add_slow(mlc_qhist *h, double x, int64_t c);

/*
 * Hot path of one value: the bucket exists (or there is room to insert it
 * without growing the table).  false, having done nothing, otherwise.
 */
static inline bool
mlc_qhist_add_quick(mlc_qhist *h, double x)
{
	uint32_t	k1 = mlc_qs_index(x, h->bits) + 1,
				m = h->cap - 1,
				s = mlc_qs_hash(k1, h->shift);
	mlc_qs_slot *t = h->slot;

	if (t == NULL)
		return false;
	for (;;)
	{
		uint32_t	kk = t[s].key1;

		if ((kk & ~MLC_QS_MULTI) == k1)
		{
			if (++t[s].cnt == 0)
				h->hi[s]++;
			if (!(kk & MLC_QS_MULTI) && h->val[s] != x)
				t[s].key1 = kk | MLC_QS_MULTI;
			return true;
		}
		if (kk == 0)
		{
			if ((uint32_t) (h->nb + 1) * 2 > h->cap || h->nb >= MLC_QS_MEM_BUCKETS)
				return false;
			t[s].key1 = k1;
			t[s].cnt = 1;
			h->hi[s] = 0;
			h->val[s] = x;
			h->nb++;
			return true;
		}
		s = (s + 1) & m;
	}
}

static inline bool
mlc_qhist_add(mlc_qhist *h, double x)
{
	return mlc_qhist_add_quick(h, x) || mlc_qhist_add_slow(h, x, 1);
}

/*
 * mlc_qhist_add of each of v[0..n), in that order (the same grid): the
 * table slots of later values are prefetched while earlier ones are added,
 * so the cache misses of a large table overlap.  false on OOM.
 */
bool		mlc_qhist_add_batch(mlc_qhist *h, const double *v, int64_t n);

/* dst += src (the finer grid is coarsened to the coarser); false on OOM */
bool		mlc_qhist_merge(mlc_qhist *dst, const mlc_qhist *src);
/* coarsen to `bits` (<= current); false on OOM */
bool		mlc_qhist_coarsen(mlc_qhist *h, int bits);
/* coarsen until the encoding fits `budget` bytes; false on OOM */
bool		mlc_qhist_fit(mlc_qhist *h, size_t budget);
/* buckets in grid order; caller frees; NULL on OOM (or when empty, *nb = 0) */
mlc_qs_bucket *mlc_qhist_sorted(const mlc_qhist *h, int32_t *nb);

/* value range [lo, hi] of bucket idx at `bits`, clamped to [mn, mx] */
void		mlc_qs_bucket_range(uint32_t idx, int bits, double mn, double mx,
								double *lo, double *hi);

/* binary codec (after the profile's own header) */
size_t		mlc_qhist_encoded_size(const mlc_qhist *h);
void		mlc_qhist_write(const mlc_qhist *h, mlc_buf *out);
/* checked against the profile's n, min and max; NULL with *why set on bad input */
mlc_qhist  *mlc_qhist_read(mlc_reader *r, int64_t n, double mn, double mx, const char **why);
/* JSON: "bits": B, "buckets": [[idx, count], [idx, count, value], ...] */
void		mlc_qhist_to_json(const mlc_qhist *h, mlc_buf *out);
/* from the parsed "bits" and "buckets" members, checked likewise */
struct mlc_json;
mlc_qhist  *mlc_qhist_from_json(const struct mlc_json *bits, const struct mlc_json *buckets,
								int64_t n, double mn, double mx, const char **why);

/*
 * Queries of a sketched profile: h (exact counts), the KLL view (kv, kw,
 * km: sorted values with weights), n, min, max.
 */
typedef struct mlc_qs_query
{
	mlc_qs_bucket *b;
	int32_t		nb;
	int			bits;
	double	   *below;			/* count of values in buckets before i */
	const double *kv;
	const double *kw;
	const double *kcw;			/* prefix sums of kw, km + 1 entries */
	int64_t		km;
	double		n;
	double		min;
	double		max;
} mlc_qs_query;

/* false on OOM; the query borrows kv/kw and owns the rest */
bool		mlc_qs_query_init(mlc_qs_query *q, const mlc_qhist *h, const double *kv,
							  const double *kw, int64_t km, int64_t n, double mn, double mx);
void		mlc_qs_query_free(mlc_qs_query *q);
double		mlc_qs_quantile(const mlc_qs_query *q, double p);
double		mlc_qs_cdf(const mlc_qs_query *q, double x);
/* sorted weighted view; arrays from mlc_alloc; false on OOM */
bool		mlc_qs_view(const mlc_qs_query *q, double **vals, double **wts, int64_t *m);
/* the documented rank-error bound of this profile */
double		mlc_qs_rank_bound(const mlc_qs_query *q);

#endif							/* MLC_QSKETCH_H */
