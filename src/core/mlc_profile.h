/*
 * mlc_profile.h — distribution profiles: mergeable summaries of a
 * float8 column (numeric_profile) and of a text column
 * (categorical_profile), the inputs of the drift tests in mlc_drift.h.
 *
 * Numeric profile.  Counts of finite values, NULLs, NaNs, +Inf and -Inf
 * (the non-finite values are counted, never sketched), min, max, mean and
 * the sum of squared deviations m2 (merged with Chan et al.'s formula), and
 * a quantile sketch:
 *   - EXACT while it holds at most MLC_PROFILE_EXACT_MAX (4096) finite
 *     values and their compact encoding (format 3: the distinct values as
 *     order-preserving 64-bit keys, delta coded with varints, plus their
 *     counts) keeps the stored value within MLC_QS_PROFILE_BUDGET (8 kB):
 *     the values themselves, sorted in every encoded form; every statistic
 *     is then computed on the data exactly as NumPy/SciPy do.  The encoded
 *     size only grows when values are added (see exact_size), so whether
 *     a profile is exact depends on its values only, not on the plan;
 *   - after that (format 2) a grid of exact counts on a logarithmic grid of
 *     the doubles plus a KLL sketch (Karnin, Lang & Liberty 2016), see
 *     mlc_qsketch.c for the design and its rank-error bound.  The KLL part
 *     has top compactor capacity MLC_PROFILE_K (1024) while aggregating,
 *     capacity ratio 2/3 and minimum width 8, compacted lazily (only when
 *     the sketch is full, lowest full level first; the lowest levels keep
 *     one item of each pair in arrival order once n passes 2^16, more of
 *     them as n grows, see sampled_level), and is compacted further
 *     when the profile is stored so that a stored sketched profile fits
 *     MLC_QS_PROFILE_BUDGET (8 kB).  The offset of each compaction comes
 *     from a splitmix64 stream with a fixed seed, so the same rows in the
 *     same order (the same plan) give the same bytes.  Total weight is
 *     always exactly n.
 *   - profiles stored by 0.1 (format 1: the KLL sketch alone) are read,
 *     queried, merged with exact profiles and written back exactly as 0.1
 *     did (bound MLC_PROFILE_RANK_EPS); merging one with a format 2 sketch
 *     is an error (22023) whose hint says to rebuild it.
 *
 * Categorical profile.  Counts per category (bytes, compared in C
 * collation), a NULL count and an "other" count.  At most
 * MLC_CATPROF_MAX_CATEGORIES (1000) categories are kept in a finished
 * value; while aggregating up to 4 times as many are tracked, and whenever
 * the cap must be enforced the categories are ranked by (count desc,
 * category asc) and those beyond the cap are folded into "other".  The
 * rule depends only on the counts, so it is deterministic; while every
 * partial state has at most 1000 categories the profile is exact and the
 * same whatever the merge order.
 */
#ifndef MLC_PROFILE_H
#define MLC_PROFILE_H

#include "mlc_common.h"
#include "mlc_qsketch.h"

#include <math.h>

/*
 * Binary format versions: 1 = 0.1's exact profiles and KLL sketches (read;
 * written only for 0.1 sketches), 2 = grid + KLL sketch, 3 = compact exact
 * profile.  The text form of a sketch says "format": 2 (exact and 0.1
 * texts did not change).
 */
#define MLC_PROFILE_FORMAT_VERSION 2
#define MLC_PROFILE_LEGACY_VERSION 1
#define MLC_PROFILE_EXACT_VERSION 3
/*
 * Every profile of at most this many finite values fits the budget exact
 * (each distinct value costs at most 10 bytes of delta, 1 bit of flag and
 * its count varint), so a format 2 sketch holds more values than this.
 */
#define MLC_PROFILE_SKETCH_MIN 512
#define MLC_PROFILE_EXACT_MAX 4096
#define MLC_PROFILE_K 1024
#define MLC_PROFILE_MIN_WIDTH 8
#define MLC_PROFILE_MAX_LEVELS 60
/*
 * Documented bound on the normalized rank error of a format 1 (0.1)
 * sketched profile: |rank_sketch(x) - rank_true(x)| / n <= this for every
 * x.  KLL's bound is probabilistic; the unit tests check it on adversarial
 * orders (sorted, reversed, sawtooth, heavy ties, merges of many parts).
 * Format 2 profiles compute their own bound (mlc_numprof_rank_error).
 */
#define MLC_PROFILE_RANK_EPS 0.005

typedef struct mlc_numprof
{
	/*
	 * The fields of the per-value path (mlc_numprof_add_quick) first, so that
	 * it touches one cache line of the struct (or two when the struct
	 * starts in the second half of one): many profiles built in one scan
	 * each take a value per row.
	 */
	int64_t		n;				/* finite values = total sketch weight */
	double	   *quick_buf;		/* = lv[0] whenever quick_end > 0 (set with it) */
	int32_t		quick_end;		/* sketch: min(alloc[0], trigger - 1); 0 when exact */
	/*
	 * Format 2: the last hist_pend items of level 0 are not yet counted in
	 * the grid.  The per-value path only appends to level 0; the grid takes
	 * them in one batch (np_sync) before level 0 is reorganised or the grid
	 * read, so that a scan building many profiles at once touches one
	 * grid's table at a time instead of all of them for every row.  The
	 * grid's counts do not depend on the order values arrive in, and the
	 * batch keeps that order anyway: the result is the same.
	 */
	int32_t		hist_pend;
	mlc_qhist  *hist;			/* format 2: the grid of exact counts */
	int32_t		len[MLC_PROFILE_MAX_LEVELS];
	double	   *lv[MLC_PROFILE_MAX_LEVELS];
	int32_t		alloc[MLC_PROFILE_MAX_LEVELS];
	int64_t		n_null;
	int64_t		n_nan;
	int64_t		n_posinf;
	int64_t		n_neginf;
	bool		exact;
	uint8_t		fmt;			/* sketch mode: 1 = 0.1's KLL alone, 2 = grid + KLL */
	/* sketch mode: moments of the values already accounted for */
	double		mean;
	double		m2;
	double		min;
	double		max;
	int64_t		mom_n;
	int32_t		acc0;			/* level-0 items [0, acc0) are in the moments */
	int32_t		trigger;		/* compress when level 0 reaches this length */
	uint64_t	seed;
	int32_t		nlevels;
} mlc_numprof;

mlc_numprof *mlc_numprof_new(void);
void		mlc_numprof_free(mlc_numprof *p);

/* Add one value (NaN and infinities are only counted). */
mlc_code	mlc_numprof_add(mlc_numprof *p, double x, mlc_status *st);
static inline void
mlc_numprof_add_null(mlc_numprof *p)
{
	p->n_null++;
}
/*
 * The common case of mlc_numprof_add without a call: a finite value into a
 * sketch whose level 0 has room and stays below its compaction trigger.
 * Returns false, having done nothing, when mlc_numprof_add must be called
 * (which then does exactly what it always does).  Allocates nothing.
 */
static inline bool
mlc_numprof_add_quick(mlc_numprof *p, double x)
{
	if (p->len[0] >= p->quick_end || !isfinite(x))
		return false;
	x += 0.0;					/* -0 and +0 are one value: canonical bytes */
	p->quick_buf[p->len[0]++] = x;
	p->n++;
	if (p->hist)
		p->hist_pend++;			/* counted in the grid by the next np_sync */
	return true;
}

/* dst += src */
mlc_code	mlc_numprof_merge(mlc_numprof *dst, const mlc_numprof *src, mlc_status *st);
/*
 * Count pending values in the grid, flush pending moments and sort every
 * level (idempotent).  false on out of memory (the profile is unchanged
 * then).
 */
bool		mlc_numprof_finish(mlc_numprof *p);

mlc_code	mlc_numprof_write(mlc_numprof *p, mlc_buf *out, mlc_status *st);
mlc_numprof *mlc_numprof_read(const void *data, size_t len, mlc_status *st);
mlc_code	mlc_numprof_to_json(mlc_numprof *p, mlc_buf *out, mlc_status *st);
mlc_numprof *mlc_numprof_from_json(const char *text, size_t len, mlc_status *st);

/* Summary numbers; each returns false when undefined (no finite value, or
 * n < 2 for the sample variance). */
typedef struct mlc_moments
{
	int64_t		n;
	double		mean;
	double		m2;
	double		min;
	double		max;
} mlc_moments;

void		mlc_numprof_moments(mlc_numprof *p, mlc_moments *m);

/*
 * Sorted (value, weight) view of the sketch: for an exact profile the
 * sorted values with weight 1, otherwise the KLL items merged across
 * levels.  Arrays allocated with mlc_alloc; *m items, weights sum to n.
 */
mlc_code	mlc_numprof_view(mlc_numprof *p, double **vals, double **wts,
							 int64_t *m, mlc_status *st);

/* q-quantile, q in [0, 1].  Exact: numpy.quantile(method='linear').
 * Sketch: smallest item whose cumulative weight reaches q*n (q = 0 → min,
 * q = 1 → max). false when n = 0. */
bool		mlc_numprof_quantile(mlc_numprof *p, double q, double *out);
/* Fraction of finite values <= x; false when n = 0. */
bool		mlc_numprof_cdf(mlc_numprof *p, double x, double *out);
/*
 * Rank-error bound of this profile: 0 when exact, MLC_PROFILE_RANK_EPS for
 * a format 1 sketch, the bound of mlc_qsketch.c for format 2.
 */
double		mlc_numprof_rank_error(mlc_numprof *p);
/* Number of stored sketch items. */
int64_t		mlc_numprof_items(const mlc_numprof *p);
/*
 * Bytes of the compact exact encoding (format 3, without the varlena
 * header) of an exact profile; sorts its values.
 */
size_t		mlc_numprof_exact_size(mlc_numprof *p);

bool		mlc_numprof_equal(mlc_numprof *a, mlc_numprof *b);

/* ------------------------------------------------------- categorical */

#define MLC_CATPROF_FORMAT_VERSION 1
#define MLC_CATPROF_MAX_CATEGORIES 1000
#define MLC_CATPROF_WORK_CATEGORIES 4000
#define MLC_CATPROF_MAX_LABEL 10000	/* bytes kept of a category */

typedef struct mlc_catprof
{
	int64_t		n;				/* non-NULL values, including "other" */
	int64_t		n_null;
	int64_t		n_other;		/* values of categories beyond the cap */
	int32_t		k;				/* categories held */
	int32_t		cap;
	char	  **lab;
	uint32_t   *llen;
	int64_t    *cnt;
	struct mlc_catslot *hash;	/* open addressing, hcap slots (0: linear search) */
	uint32_t	hcap;
	bool		sorted;			/* by label, C collation */
} mlc_catprof;

/*
 * A slot of the categorical hash table: the category's index, its length
 * and the key of mlc_catprof_key, so that a lookup of a label of at most 8
 * bytes (the common case) reads one slot and the count, not the label
 * arrays.
 */
typedef struct mlc_catslot
{
	int32_t		idx1;			/* index + 1, 0 = empty */
	uint32_t	len;
	uint64_t	pre;			/* mlc_catprof_key of the label */
} mlc_catslot;

/*
 * The key of a label in a hash slot: its first 8 bytes when it has at
 * least 8, else a packing of all its bytes that is one-to-one for each
 * length, so that key and length together tell labels of at most 8 bytes
 * apart.  Built from whole loads of the label, never byte by byte through
 * a variable in memory (whose wide reload would wait for the narrow
 * stores).
 */
static inline uint64_t
mlc_catprof_key(const char *s, size_t len)
{
	uint32_t	lo,
				hi;
	uint64_t	k;

	if (len >= 8)
	{
		memcpy(&k, s, 8);
		return k;
	}
	if (len >= 4)
	{
		/* bytes 0..3 and len-4..len-1: every byte, some twice */
		memcpy(&lo, s, 4);
		memcpy(&hi, s + len - 4, 4);
		return (uint64_t) lo | (uint64_t) hi << 32;
	}
	if (len > 0)
		return (uint64_t) (unsigned char) s[0] |
			(uint64_t) (unsigned char) s[len >> 1] << 8 |
			(uint64_t) (unsigned char) s[len - 1] << 16;
	return 0;
}

/*
 * Hash of a label whose key is `key`, 8 bytes at a time (only the probe
 * positions depend on it, never what is stored).
 */
static inline uint32_t
mlc_catprof_hash(const char *s, size_t len, uint64_t key)
{
	uint64_t	h = (uint64_t) len * UINT64_C(0x9e3779b97f4a7c15) ^ key;
	size_t		i;

	for (i = 8; i < len; i += 8)
	{
		h *= UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 29;
		h ^= mlc_catprof_key(s + i, len - i);
	}
	/*
	 * the probe position is the low bits: fold the high bits (the last
	 * bytes of an 8-byte chunk) down before the multiply spreads them up,
	 * and the high bits of the product back down after it
	 */
	h ^= h >> 29;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 32;
	return (uint32_t) h;
}

mlc_catprof *mlc_catprof_new(void);
void		mlc_catprof_free(mlc_catprof *c);
mlc_code	mlc_catprof_add(mlc_catprof *c, const char *s, size_t len, int64_t count,
							mlc_status *st);
/*
 * mlc_catprof_add of one value of a category already held: true, having
 * counted it, or false, having done nothing (then call mlc_catprof_add).
 * Allocates nothing.
 */
bool		mlc_catprof_add_known(mlc_catprof *c, const char *s, size_t len);

/*
 * mlc_catprof_add_known inlined for the caller's per-row loop: a label of
 * at most 16 bytes is found from the slots alone when it has at most 8,
 * else from the slots and its last bytes; anything else goes to
 * mlc_catprof_add_known.
 */
static inline bool
mlc_catprof_add_known_fast(mlc_catprof *c, const char *s, size_t len)
{
	const mlc_catslot *sl;
	uint64_t	key,
				tail = 0;
	uint32_t	mask,
				h;

	if (len > 16 || c->hcap == 0 || c->n == INT64_MAX)
		return mlc_catprof_add_known(c, s, len);
	key = mlc_catprof_key(s, len);
	if (len > 8)
		tail = mlc_catprof_key(s + 8, len - 8);
	mask = c->hcap - 1;
	h = mlc_catprof_hash(s, len, key) & mask;
	/* at most a quarter of the slots are taken: the probe meets an empty one */
	for (;; h = (h + 1) & mask)
	{
		sl = &c->hash[h];
		if (sl->idx1 == 0)
			return false;
		/* bytes 8.. of a longer label: one-to-one for their length, too */
		if (sl->pre == key && sl->len == len &&
			(len <= 8 || mlc_catprof_key(c->lab[sl->idx1 - 1] + 8, len - 8) == tail))
		{
			/* cnt[i] <= n, so the check on n covers it */
			c->n++;
			c->cnt[sl->idx1 - 1]++;
			return true;
		}
	}
}

static inline void
mlc_catprof_add_null(mlc_catprof *c)
{
	c->n_null++;
}
mlc_code	mlc_catprof_merge(mlc_catprof *dst, const mlc_catprof *src, mlc_status *st);
/* Enforce the cap (fold the least frequent into "other") and sort by label. */
mlc_code	mlc_catprof_finish(mlc_catprof *c, mlc_status *st);
/* index of a category, -1 if absent */
int32_t		mlc_catprof_find(const mlc_catprof *c, const char *s, size_t len);

mlc_code	mlc_catprof_write(mlc_catprof *c, mlc_buf *out, mlc_status *st);
mlc_catprof *mlc_catprof_read(const void *data, size_t len, mlc_status *st);
/*
 * The partial state of a parallel profile(text) aggregate (serialize /
 * deserialize): the same codec with another tag, keeping up to
 * MLC_CATPROF_WORK_CATEGORIES categories, so that the final value of a
 * parallel plan is the serial one (exact counts of its 1000 categories)
 * whenever the input has at most that many distinct categories.  Writing
 * a value instead would cut every worker's part to its own top 1000 and
 * undercount the categories kept.  finish_state: prune and sort only.
 */
mlc_code	mlc_catprof_finish_state(mlc_catprof *c, mlc_status *st);
mlc_code	mlc_catprof_write_state(mlc_catprof *c, mlc_buf *out, mlc_status *st);
mlc_catprof *mlc_catprof_read_state(const void *data, size_t len, mlc_status *st);
mlc_code	mlc_catprof_to_json(mlc_catprof *c, mlc_buf *out, mlc_status *st);
mlc_catprof *mlc_catprof_from_json(const char *text, size_t len, mlc_status *st);
bool		mlc_catprof_equal(mlc_catprof *a, mlc_catprof *b);

/* Indexes of the categories ordered by (count desc, label asc); caller frees. */
int32_t    *mlc_catprof_rank(const mlc_catprof *c);

#endif							/* MLC_PROFILE_H */
