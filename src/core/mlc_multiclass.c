/*
 * mlc_multiclass.c — the multi-class probability summary and its metrics
 * (see mlc_multiclass.h for the definitions and their scikit-learn
 * counterparts).
 *
 * Ranking metrics: for every class column c the rows are sorted once by
 * p_c (radix sort of order-preserving keys, the row index carried along)
 * and walked in groups of tied scores.  Per group the (weighted) count of
 * every class is known, so one walk gives, for every other class b, the
 * Mann–Whitney sum A[c][b] = Σ over rows of class c of (weight of class-b
 * rows below + half the class-b weight tied with it).  One-vs-rest AUC of
 * c is Σ_b A[c][b] / (W_c · (W − W_c)); the one-vs-one AUC of c against b
 * is A[c][b] / (W_c · W_b).  Sums are compensated.
 */
#include "mlc_multiclass.h"

#include <math.h>
#include <string.h>

#include "mlc_confusion.h"
#include "mlc_json.h"
#include "mlc_scores.h"
#include "mlc_sort.h"
#include "mlc_stats.h"
#include "mlc_types.h"

#define HEADER_BYTES 32
#define MIN_CAP 64
/* worst-case text bytes of one probability / weight / class in the JSON form */
#define TEXT_NUMBER_BYTES 25
#define TEXT_CLASS_BYTES 7

static const char *const too_large_hint =
"Aggregate fewer rows per group (e.g. GROUP BY a time bucket and merge the metrics), or raise mlcheck.max_value_kb.";

mlc_multiclass *
mlc_multiclass_new(void)
{
	return mlc_alloc0(sizeof(mlc_multiclass));
}

void
mlc_multiclass_free(mlc_multiclass *m)
{
	if (m == NULL)
		return;
	mlc_free(m->p);
	mlc_free(m->y);
	mlc_free(m->w);
	mlc_free(m);
}

size_t
mlc_multiclass_size_for(size_t n, int32_t k, bool weighted)
{
	size_t		row,
				bin,
				txt,
				total;

	/* binary: 8 bytes a probability, 4 the class, 8 the weight */
	if (!mlc_mul_size((size_t) k, 8, &row) || !mlc_add_size(row, weighted ? 12 : 4, &row))
		return SIZE_MAX;
	if (!mlc_mul_size(n, row, &bin))
		return SIZE_MAX;
	/* the JSON text form (what Citus ships) may be larger: bound it too */
	if (!mlc_mul_size((size_t) k, TEXT_NUMBER_BYTES, &row) ||
		!mlc_add_size(row, TEXT_CLASS_BYTES + 3 + (weighted ? TEXT_NUMBER_BYTES : 0), &row))
		return SIZE_MAX;
	if (!mlc_mul_size(n, row, &txt))
		return SIZE_MAX;
	total = bin > txt ? bin : txt;
	if (!mlc_add_size(total, HEADER_BYTES, &total))
		return SIZE_MAX;
	return total;
}

size_t
mlc_multiclass_serial_size(const mlc_multiclass *m)
{
	return mlc_multiclass_size_for(m->n, m->k, m->weighted);
}

static mlc_code
no_memory(mlc_status *st)
{
	return mlc_fail(st, MLC_ENOMEM, "out of memory growing the multiclass summary", NULL, NULL);
}

static mlc_code
ensure_weights(mlc_multiclass *m, mlc_status *st)
{
	size_t		i;

	if (m->weighted)
		return MLC_OK;
	m->w = mlc_alloc((m->cap ? m->cap : 1) * sizeof(double));
	if (m->w == NULL)
		return no_memory(st);
	for (i = 0; i < m->n; i++)
		m->w[i] = 1;
	m->weighted = true;
	return MLC_OK;
}

static int	runs_of(const mlc_multiclass *m, size_t n, size_t *end);
static void append_runs(mlc_multiclass *dst, size_t old_n, const size_t *end, int nr);

static mlc_code
reserve(mlc_multiclass *m, size_t need, mlc_status *st)
{
	size_t		ncap,
				bytes;
	double	   *p,
			   *w;
	int32_t    *y;

	if (need <= m->cap)
		return MLC_OK;
	bytes = mlc_multiclass_size_for(need, m->k, m->weighted);
	if (bytes == SIZE_MAX || bytes > mlc_max_value_bytes)
		return mlc_failf(st, MLC_ELIMIT, too_large_hint,
						 "multiclass summary of %zu rows of %d classes exceeds mlcheck.max_value_kb (%zu kB)",
						 need, (int) m->k, mlc_max_value_bytes / 1024);
	ncap = m->cap < MIN_CAP ? MIN_CAP : m->cap;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 4 ? need : ncap * 2;
	bytes = mlc_multiclass_size_for(ncap, m->k, m->weighted);
	if (bytes == SIZE_MAX || bytes > mlc_max_value_bytes)
		ncap = need;
	p = mlc_realloc(m->p, ncap * (size_t) m->k * sizeof(double));
	if (p == NULL)
		return no_memory(st);
	m->p = p;
	y = mlc_realloc(m->y, ncap * sizeof(int32_t));
	if (y == NULL)
		return no_memory(st);
	m->y = y;
	if (m->weighted)
	{
		w = mlc_realloc(m->w, ncap * sizeof(double));
		if (w == NULL)
			return no_memory(st);
		m->w = w;
	}
	m->cap = ncap;
	return MLC_OK;
}

mlc_code
mlc_multiclass_add(mlc_multiclass *m, const double *p, int32_t k, int64_t actual,
				   double w, bool normalize, mlc_status *st)
{
	double		sum = 0,
			   *dst;
	int32_t		i;

	if (k < 3)
		return mlc_failf(st, MLC_EBADARG,
						 "use the binary aggregates (mlcheck.roc_auc(score, label), mlcheck.log_loss(prob, label)) for two classes",
						 "multiclass needs at least 3 class probabilities per row, got %d", (int) k);
	if (k > MLC_MULTICLASS_MAX_CLASSES)
		return mlc_failf(st, MLC_ELIMIT, NULL,
						 "multiclass supports at most %d classes, got %d",
						 MLC_MULTICLASS_MAX_CLASSES, (int) k);
	if (m->k != 0 && k != m->k)
		return mlc_failf(st, MLC_EBADARG,
						 "every row must have one probability per class, in the same order",
						 "probability array of length %d differs from the first row's length %d",
						 (int) k, (int) m->k);
	if (actual < 0 || actual >= k)
		return mlc_failf(st, MLC_EBADARG,
						 "class c is element c + 1 of the probability array, so actual classes are 0 … K − 1",
						 "actual class %lld is outside 0 … %d", (long long) actual, (int) k - 1);
	for (i = 0; i < k; i++)
	{
		if (isnan(p[i]))
			return mlc_failf(st, MLC_EBADARG, NULL,
							 "probability of class %d is NaN", (int) i);
		if (!(p[i] >= 0 && p[i] <= 1))
			return mlc_failf(st, MLC_ERANGE, "probabilities must lie in [0, 1]",
							 "probability of class %d is %.17g, outside [0, 1]", (int) i, p[i]);
		sum += p[i];
	}
	if (normalize)
	{
		if (!(sum > 0))
			return mlc_failf(st, MLC_EBADARG, NULL,
							 "cannot normalize a row whose probabilities sum to 0");
	}
	else if (fabs(sum - 1) > 1e-8 + 1e-5 * sum)
		return mlc_failf(st, MLC_EBADARG,
						 "use mlcheck.multiclass_normalized(probs, actual) to divide each row by its sum",
						 "class probabilities sum to %.17g, not 1", sum);
	if (m->k == 0)
		m->k = k;
	if (w != 1 && ensure_weights(m, st) != MLC_OK)
		return st->code;
	if (m->n == m->cap && reserve(m, m->n + 1, st) != MLC_OK)
		return st->code;
	dst = m->p + m->n * (size_t) k;
	if (normalize)
		for (i = 0; i < k; i++)
			dst[i] = p[i] / sum;
	else
		memcpy(dst, p, (size_t) k * sizeof(double));
	m->y[m->n] = (int32_t) actual;
	if (m->weighted)
		m->w[m->n] = w;
	m->n++;
	m->canonical = false;
	if (m->runs > 0)
	{
		/* rows added after canonical ones: a run of their own */
		if (m->tail_open || m->runs == MLC_MULTICLASS_MAX_RUNS)
			m->run[m->runs - 1] = m->n;
		else
		{
			m->run[m->runs++] = m->n;
			m->tail_open = true;
		}
	}
	return MLC_OK;
}

mlc_code
mlc_multiclass_merge(mlc_multiclass *dst, const mlc_multiclass *src, mlc_status *st)
{
	size_t		i,
				need,
				end[MLC_MULTICLASS_MAX_RUNS];
	int			nr;

	if (src->n_null > INT64_MAX - dst->n_null)
		return mlc_fail(st, MLC_ERANGE, "count of NULL rows out of range", NULL, NULL);
	dst->n_null += src->n_null;
	if (src->n == 0)
		return MLC_OK;
	if (dst->k != 0 && dst->k != src->k)
		return mlc_failf(st, MLC_EBADARG, "merge only summaries of the same model",
						 "cannot merge multiclass summaries of %d and %d classes",
						 (int) dst->k, (int) src->k);
	if (dst->k == 0)
		dst->k = src->k;
	if (src->weighted && ensure_weights(dst, st) != MLC_OK)
		return st->code;
	if (!mlc_add_size(dst->n, src->n, &need))
		return mlc_fail(st, MLC_ELIMIT, "multiclass summary too large", NULL, too_large_hint);
	if (reserve(dst, need, st) != MLC_OK)
		return st->code;
	memcpy(dst->p + dst->n * (size_t) dst->k, src->p, src->n * (size_t) src->k * sizeof(double));
	memcpy(dst->y + dst->n, src->y, src->n * sizeof(int32_t));
	if (dst->weighted)
		for (i = 0; i < src->n; i++)
			dst->w[dst->n + i] = src->weighted ? src->w[i] : 1;
	/* the runs concatenate (each checked when canonicalized) */
	nr = runs_of(src, src->n, end);
	append_runs(dst, dst->n, end, nr);
	dst->n = need;
	dst->canonical = false;
	return MLC_OK;
}

mlc_multiclass *
mlc_multiclass_copy(const mlc_multiclass *m, mlc_status *st)
{
	mlc_multiclass *c = mlc_multiclass_new();

	if (c == NULL)
	{
		no_memory(st);
		return NULL;
	}
	if (mlc_multiclass_merge(c, m, st) != MLC_OK)
	{
		mlc_multiclass_free(c);
		return NULL;
	}
	if (m->weighted && !c->weighted && ensure_weights(c, st) != MLC_OK)
	{
		mlc_multiclass_free(c);
		return NULL;
	}
	return c;
}

bool
mlc_multiclass_equal(const mlc_multiclass *a, const mlc_multiclass *b)
{
	size_t		i;

	if (a->k != b->k || a->n != b->n || a->n_null != b->n_null || a->weighted != b->weighted)
		return false;
	if (a->n == 0)
		return true;
	if (memcmp(a->y, b->y, a->n * sizeof(int32_t)) != 0)
		return false;
	for (i = 0; i < a->n * (size_t) a->k; i++)
		if (memcmp(&a->p[i], &b->p[i], sizeof(double)) != 0)
			return false;
	if (a->weighted)
		for (i = 0; i < a->n; i++)
			if (memcmp(&a->w[i], &b->w[i], sizeof(double)) != 0)
				return false;
	return true;
}

/* ------------------------------------------------------ canonical order */

static uint64_t
mix64(uint64_t h, uint64_t v)
{
	/* splitmix64 finaliser over h ^ v */
	h ^= v + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	return h;
}

static uint64_t
row_hash(const mlc_multiclass *m, size_t i)
{
	uint64_t	h = mix64(0, (uint64_t) (uint32_t) m->y[i]);
	int32_t		c;

	for (c = 0; c < m->k; c++)
		h = mix64(h, mlc_f64_key(m->p[i * (size_t) m->k + c]));
	if (m->weighted)
		h = mix64(h, mlc_f64_key(m->w[i]));
	return h;
}

/* total order on row contents: actual, then probabilities, then weight */
static int
row_cmp(const mlc_multiclass *m, size_t a, size_t b)
{
	int32_t		c;

	if (m->y[a] != m->y[b])
		return m->y[a] < m->y[b] ? -1 : 1;
	for (c = 0; c < m->k; c++)
	{
		uint64_t	ka = mlc_f64_key(m->p[a * (size_t) m->k + c]),
					kb = mlc_f64_key(m->p[b * (size_t) m->k + c]);

		if (ka != kb)
			return ka < kb ? -1 : 1;
	}
	if (m->weighted && m->w[a] != m->w[b])
		return m->w[a] < m->w[b] ? -1 : 1;
	return 0;
}

/* rows at positions a, b (holding rows idx[a], idx[b]) in canonical order:
 * hash, then contents */
static inline bool
canon_before(const mlc_multiclass *m, const uint64_t *keys, const double *idx,
			 size_t a, size_t b)
{
	return keys[a] != keys[b] ? keys[a] < keys[b] :
		row_cmp(m, (size_t) idx[a], (size_t) idx[b]) < 0;
}

/*
 * The runs of m's first n rows (n = m->n, or the rows before an append) as
 * end offsets, returned: their count (the last end is n): the recorded ones
 * when they are consistent, else one run of every row.
 */
static int
runs_of(const mlc_multiclass *m, size_t n, size_t *end)
{
	int			r;

	if (n == 0)
		return 0;
	if (m->runs > 0 && m->runs <= MLC_MULTICLASS_MAX_RUNS && m->run[m->runs - 1] == n)
	{
		for (r = 0; r < m->runs; r++)
		{
			if (m->run[r] == 0 || (r > 0 && m->run[r] <= m->run[r - 1]))
				break;
			end[r] = m->run[r];
		}
		if (r == m->runs)
			return r;
	}
	end[0] = n;
	return 1;
}

/* runs of dst after rows [old_n, n) were appended, whose runs (relative to
 * old_n) are end[0 .. nr) */
static void
append_runs(mlc_multiclass *dst, size_t old_n, const size_t *end, int nr)
{
	size_t		all[2 * MLC_MULTICLASS_MAX_RUNS];
	int			na,
				r;

	na = runs_of(dst, old_n, all);
	for (r = 0; r < nr; r++)
		all[na++] = old_n + end[r];
	/* too many: the last runs become one (sorted alone when out of order) */
	if (na > MLC_MULTICLASS_MAX_RUNS)
	{
		all[MLC_MULTICLASS_MAX_RUNS - 1] = all[na - 1];
		na = MLC_MULTICLASS_MAX_RUNS;
	}
	for (r = 0; r < na; r++)
		dst->run[r] = all[r];
	dst->runs = na;
	dst->tail_open = false;
}

/* a group of rows with equal hashes longer than this is heap-sorted */
#define SMALL_GROUP 16

static void
swap_idx(double *idx, size_t a, size_t b)
{
	double		t = idx[a];

	idx[a] = idx[b];
	idx[b] = t;
}

static void
sift_down(const mlc_multiclass *m, double *idx, size_t root, size_t n)
{
	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && row_cmp(m, (size_t) idx[child], (size_t) idx[child + 1]) < 0)
			child++;
		if (row_cmp(m, (size_t) idx[root], (size_t) idx[child]) >= 0)
			return;
		swap_idx(idx, root, child);
		root = child;
	}
}

/*
 * Order one group of rows with equal hashes by their contents.  Equal
 * hashes of different rows are rare, but the hash is not keyed: rows built
 * to collide (the weight, the last value hashed, is free) could make one
 * group hold most rows, so a long group is heap-sorted (O(g log g), no
 * allocation, interruptible) instead of insertion-sorted.  Rows that
 * compare equal are identical, so the order among them does not show in
 * the bytes.
 */
static void
sort_group(const mlc_multiclass *m, double *idx, size_t g)
{
	size_t		i,
				j;

	if (g <= SMALL_GROUP)
	{
		for (i = 1; i < g; i++)
			for (j = i; j > 0 && row_cmp(m, (size_t) idx[j - 1], (size_t) idx[j]) > 0; j--)
				swap_idx(idx, j - 1, j);
		return;
	}
	for (i = g / 2; i-- > 0;)
		sift_down(m, idx, i, g);
	for (i = g; i-- > 1;)
	{
		swap_idx(idx, 0, i);
		sift_down(m, idx, 0, i);
		if ((i & 4095) == 0)
			mlc_check_interrupts();
	}
}

/* sort positions [0, n) of keys/idx into canonical order */
static mlc_code
sort_run(const mlc_multiclass *m, uint64_t *keys, double *idx, size_t n, mlc_status *st)
{
	size_t		i,
				j;

	if (mlc_sort_keys(keys, idx, n, st) != MLC_OK)
		return st->code;
	/* rows with equal hashes: by their contents */
	for (i = 0; i < n; i = j)
	{
		for (j = i + 1; j < n && keys[j] == keys[i]; j++)
			;
		if (j - i > 1)
			sort_group(m, idx + i, j - i);
	}
	return MLC_OK;
}

/*
 * *ord = a new array of the rows in canonical order (ord[o] = the row at
 * canonical position o).  Every run is checked (the runs are claims: the
 * rows may come from another node), a run out of order is sorted on its
 * own, and the runs are merged in one pass — a parallel plan's leader
 * merges its workers' sorted parts instead of sorting every row again.
 */
static mlc_code
canonical_order(const mlc_multiclass *m, double **ord, mlc_status *st)
{
	size_t		n = m->n,
				end[MLC_MULTICLASS_MAX_RUNS],
				pos[MLC_MULTICLASS_MAX_RUNS],
				i,
				o,
				start;
	int			nr = runs_of(m, n, end),
				r;
	uint64_t   *keys = mlc_alloc((n ? n : 1) * sizeof(uint64_t));
	double	   *idx = mlc_alloc((n ? n : 1) * sizeof(double)),
			   *out = NULL;

	*ord = NULL;
	if (keys == NULL || idx == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
	{
		keys[i] = row_hash(m, i);
		idx[i] = (double) i;
		if ((i & 65535) == 65535)
			mlc_check_interrupts();
	}
	for (r = 0, start = 0; r < nr; start = end[r++])
	{
		for (i = start + 1; i < end[r]; i++)
			if (canon_before(m, keys, idx, i, i - 1))
				break;
		if (i < end[r] &&
			sort_run(m, keys + start, idx + start, end[r] - start, st) != MLC_OK)
		{
			mlc_free(keys);
			mlc_free(idx);
			return st->code;
		}
	}
	if (nr <= 1)
	{
		mlc_free(keys);
		*ord = idx;
		return MLC_OK;
	}
	out = mlc_alloc(n * sizeof(double));
	if (out == NULL)
		goto nomem;
	for (r = 0; r < nr; r++)
		pos[r] = r == 0 ? 0 : end[r - 1];
	for (o = 0; o < n; o++)
	{
		int			best = 0;

		/* some run has rows left while o < n */
		while (best < nr - 1 && pos[best] >= end[best])
			best++;
		for (r = best + 1; r < nr; r++)
			if (pos[r] < end[r] && canon_before(m, keys, idx, pos[r], pos[best]))
				best = r;
		out[o] = idx[pos[best]++];
		if ((o & 65535) == 65535)
			mlc_check_interrupts();
	}
	mlc_free(keys);
	mlc_free(idx);
	*ord = out;
	return MLC_OK;

nomem:
	mlc_free(keys);
	mlc_free(idx);
	return no_memory(st);
}

/* the canonical state: one run, nothing appended since */
static void
set_canonical(mlc_multiclass *m)
{
	m->canonical = true;
	m->runs = m->n > 0;
	m->run[0] = m->n;
	m->tail_open = false;
}

mlc_code
mlc_multiclass_canonicalize(mlc_multiclass *m, mlc_status *st)
{
	size_t		n = m->n,
				i,
				k = (size_t) m->k;
	double	   *ord,
			   *np,
			   *nw = NULL;
	int32_t    *ny;

	if (m->canonical || n < 2)
		goto done;
	if (canonical_order(m, &ord, st) != MLC_OK)
		return st->code;
	/* new arrays filled in canonical order (sequential writes) */
	np = mlc_alloc(m->cap * k * sizeof(double));
	ny = mlc_alloc(m->cap * sizeof(int32_t));
	if (m->weighted)
		nw = mlc_alloc(m->cap * sizeof(double));
	if (np && ny && (nw || !m->weighted))
	{
		for (i = 0; i < n; i++)
		{
			size_t		from = (size_t) ord[i];

			memcpy(np + i * k, m->p + from * k, k * sizeof(double));
			ny[i] = m->y[from];
			if (nw)
				nw[i] = m->w[from];
			if ((i & 65535) == 65535)
				mlc_check_interrupts();
		}
		mlc_free(m->p);
		mlc_free(m->y);
		mlc_free(m->w);
		m->p = np;
		m->y = ny;
		m->w = nw;
		mlc_free(ord);
		goto done;
	}
	mlc_free(np);
	mlc_free(ny);
	mlc_free(nw);
	/* no room for a second copy: apply the permutation in place */
	{
		double	   *tmp = mlc_alloc(k * sizeof(double));

		if (tmp == NULL)
		{
			mlc_free(ord);
			return no_memory(st);
		}
		for (i = 0; i < n; i++)
		{
			size_t		cur = i,
						src;
			int32_t		ty;
			double		tw;

			if (ord[i] < 0 || (size_t) ord[i] == i)
				continue;
			memcpy(tmp, m->p + i * k, k * sizeof(double));
			ty = m->y[i];
			tw = m->weighted ? m->w[i] : 1;
			for (;;)
			{
				src = (size_t) ord[cur];
				ord[cur] = -1;	/* placed */
				if (src == i)
				{
					memcpy(m->p + cur * k, tmp, k * sizeof(double));
					m->y[cur] = ty;
					if (m->weighted)
						m->w[cur] = tw;
					break;
				}
				memcpy(m->p + cur * k, m->p + src * k, k * sizeof(double));
				m->y[cur] = m->y[src];
				if (m->weighted)
					m->w[cur] = m->w[src];
				cur = src;
			}
			if ((i & 65535) == 65535)
				mlc_check_interrupts();
		}
		mlc_free(tmp);
	}
	mlc_free(ord);
done:
	set_canonical(m);
	return MLC_OK;
}

/* ----------------------------------------------------------------- codec */

#define BINARY_HEADER 22		/* version, flags, k, n_null, n */

size_t
mlc_multiclass_binary_len(const mlc_multiclass *m)
{
	return BINARY_HEADER + m->n * 4 + m->n * (size_t) m->k * 8 + (m->weighted ? m->n * 8 : 0);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void) 0)
#endif
/* rows ahead of the one written whose memory is requested early */
#define PREFETCH_AHEAD 16

/*
 * Writes the rows in canonical order without moving them in m: each row
 * is read once where it is (from the sorted runs of a merge, front to
 * back; after a sort, with the rows a few positions ahead requested from
 * memory early) and written to the three sections of the value in order.
 */
mlc_code
mlc_multiclass_write(mlc_multiclass *m, mlc_buf *out, mlc_status *st)
{
	size_t		i,
				n = m->n,
				k = (size_t) m->k,
				body = mlc_multiclass_binary_len(m) - BINARY_HEADER;
	double	   *ord = NULL;
	unsigned char *dy,
			   *dp,
			   *dw;

	if (!m->canonical && n >= 2 && canonical_order(m, &ord, st) != MLC_OK)
		return st->code;
	/* one allocation of the final size, not a doubling buffer */
	if (!mlc_buf_reserve(out, BINARY_HEADER + body))
	{
		mlc_free(ord);
		return mlc_fail(st, MLC_ELIMIT, "multiclass summary too large to write", NULL, too_large_hint);
	}
	mlc_put_u8(out, MLC_MULTICLASS_FORMAT_VERSION);
	mlc_put_u8(out, m->weighted ? 1 : 0);
	mlc_put_i32(out, m->k);
	mlc_put_i64(out, m->n_null);
	mlc_put_u64(out, (uint64_t) n);
	dy = (unsigned char *) out->data + out->len;
	dp = dy + n * 4;
	dw = dp + n * k * 8;
	for (i = 0; i < n; i++)
	{
		size_t		r = ord ? (size_t) ord[i] : i,
					c;
		uint32_t	v = (uint32_t) m->y[r];
		const double *p = m->p + r * k;

		if (ord && i + PREFETCH_AHEAD < n)
		{
			size_t		a = (size_t) ord[i + PREFETCH_AHEAD];

			PREFETCH(m->y + a);
			PREFETCH(m->p + a * k);
			PREFETCH(m->p + a * k + k - 1);
			if (m->weighted)
				PREFETCH(m->w + a);
		}
		dy[0] = (unsigned char) (v >> 24);
		dy[1] = (unsigned char) (v >> 16);
		dy[2] = (unsigned char) (v >> 8);
		dy[3] = (unsigned char) v;
		dy += 4;
		for (c = 0; c < k; c++, dp += 8)
			mlc_store_be64(dp, mlc_f64_bits(p[c]));
		if (m->weighted)
		{
			mlc_store_be64(dw, mlc_f64_bits(m->w[r]));
			dw += 8;
		}
		if ((i & 65535) == 65535)
			mlc_check_interrupts();
	}
	out->len += body;
	mlc_free(ord);
	return MLC_OK;
}

static mlc_multiclass *
bad(mlc_multiclass *m, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_multiclass_type, m, NULL, st, NULL, "invalid multiclass summary", why);
}

/* the checks every decoded row passes, shared by all readers (w: the
 * row's weight, NULL when unweighted) */
static const char *
check_values(int32_t k, int32_t y, const double *p, const double *w)
{
	int32_t		c;

	if (y < 0 || y >= k)
		return "actual class out of range";
	for (c = 0; c < k; c++)
		if (!(p[c] >= 0 && p[c] <= 1))
			return "probability outside [0, 1]";
	if (w && !(*w >= 0 && isfinite(*w)))
		return "negative or non-finite weight";
	return NULL;
}

static const char *
check_row(const mlc_multiclass *m, size_t i)
{
	return check_values(m->k, m->y[i], m->p + i * (size_t) m->k, m->weighted ? m->w + i : NULL);
}

/* allocate exactly n rows for a decoded summary */
static bool
alloc_rows(mlc_multiclass *m, size_t n)
{
	m->cap = n;
	m->p = mlc_alloc((n ? n : 1) * (size_t) m->k * sizeof(double));
	m->y = mlc_alloc((n ? n : 1) * sizeof(int32_t));
	if (m->weighted)
		m->w = mlc_alloc((n ? n : 1) * sizeof(double));
	return m->p && m->y && (!m->weighted || m->w);
}

/* the fixed part of a binary value */
typedef struct bin_header
{
	bool		weighted;
	int32_t		k;
	int64_t		n_null;
	size_t		n;
	const unsigned char *rows;	/* n classes, n·k probabilities, n weights */
} bin_header;

/* parse and check the header and the length; NULL or what is wrong */
static const char *
read_header(const void *data, size_t len, bin_header *h)
{
	mlc_reader	r;
	uint8_t		version,
				flags;
	uint64_t	n;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	if (r.failed)
		return "truncated";
	if (version != MLC_MULTICLASS_FORMAT_VERSION)
		return "unknown format version";
	flags = mlc_get_u8(&r);
	h->k = mlc_get_i32(&r);
	h->n_null = mlc_get_i64(&r);
	n = mlc_get_u64(&r);
	if (r.failed)
		return "truncated";
	if (flags > 1)
		return "unknown flags";
	h->weighted = flags == 1;
	if (h->n_null < 0)
		return "negative count of NULL rows";
	if (n == 0 ? (h->k != 0 && (h->k < 3 || h->k > MLC_MULTICLASS_MAX_CLASSES))
		: (h->k < 3 || h->k > MLC_MULTICLASS_MAX_CLASSES))
		return "invalid number of classes";
	if (n > SIZE_MAX / 16 || mlc_multiclass_size_for((size_t) n, h->k, h->weighted) == SIZE_MAX ||
		mlc_reader_remaining(&r) != (size_t) n * ((size_t) h->k * 8 + 4 + (h->weighted ? 8 : 0)))
		return "length does not match the row count";
	h->n = (size_t) n;
	h->rows = (const unsigned char *) data + (len - mlc_reader_remaining(&r));
	return NULL;
}

/* decode h's rows into y[0 .. n), p[0 .. n·k) and (weighted) w[0 .. n) */
static void
decode_rows(const bin_header *h, int32_t *y, double *p, double *w)
{
	const unsigned char *src = h->rows;
	size_t		i,
				nk = h->n * (size_t) h->k;

	for (i = 0; i < h->n; i++, src += 4)
		y[i] = (int32_t) (((uint32_t) src[0] << 24) | ((uint32_t) src[1] << 16) |
						  ((uint32_t) src[2] << 8) | (uint32_t) src[3]);
	for (i = 0; i < nk; i++, src += 8)
		p[i] = mlc_bits_f64(mlc_load_be64(src));
	if (h->weighted)
		for (i = 0; i < h->n; i++, src += 8)
			w[i] = mlc_bits_f64(mlc_load_be64(src));
}

mlc_multiclass *
mlc_multiclass_read(const void *data, size_t len, mlc_status *st)
{
	mlc_multiclass *m = mlc_multiclass_new();
	bin_header	h;
	size_t		i;
	const char *why;

	if (m == NULL)
	{
		no_memory(st);
		return NULL;
	}
	if ((why = read_header(data, len, &h)) != NULL)
		return bad(m, st, why);
	m->k = h.k;
	m->weighted = h.weighted;
	m->n_null = h.n_null;
	if (!alloc_rows(m, h.n))
	{
		mlc_multiclass_free(m);
		no_memory(st);
		return NULL;
	}
	m->n = h.n;
	decode_rows(&h, m->y, m->p, m->w);
	for (i = 0; i < m->n; i++)
		if ((why = check_row(m, i)) != NULL)
			return bad(m, st, why);
	/* written canonical (checked when canonicalized again) */
	m->runs = m->n > 0;
	m->run[0] = m->n;
	return m;
}

mlc_code
mlc_multiclass_read_merge(mlc_multiclass *dst, const void *data, size_t len, mlc_status *st)
{
	bin_header	h;
	const char *why;
	size_t		old_n = dst->n,
				need,
				i,
				k,
				one_run;
	int32_t		old_k = dst->k;
	bool		add_weights;

	if ((why = read_header(data, len, &h)) != NULL)
		return mlc_failf(st, MLC_ESYNTAX, NULL, "invalid multiclass summary: %s", why);
	k = (size_t) h.k;
	add_weights = h.weighted && !dst->weighted;
	/*
	 * Cases that read-then-merge reports differently or that need dst
	 * changed before the rows are checked: take that path.
	 */
	if (h.n > 0 &&
		((dst->k != 0 && dst->k != h.k) || (add_weights && old_n > 0) ||
		 !mlc_add_size(old_n, h.n, &need) ||
		 mlc_multiclass_size_for(need, h.k, dst->weighted || h.weighted) > mlc_max_value_bytes))
	{
		mlc_multiclass *src = mlc_multiclass_read(data, len, st);
		mlc_code	rc;

		if (src == NULL)
			return st->code;
		rc = mlc_multiclass_merge(dst, src, st);
		mlc_multiclass_free(src);
		return rc;
	}
	if (h.n == 0)
	{
		if (h.n_null > INT64_MAX - dst->n_null)
			return mlc_fail(st, MLC_ERANGE, "count of NULL rows out of range", NULL, NULL);
		dst->n_null += h.n_null;
		return MLC_OK;
	}
	if (dst->k == 0)
		dst->k = h.k;
	if (reserve(dst, need, st) != MLC_OK)
		goto fail;
	if (add_weights)
	{
		/* dst is empty: weighted once the rows are checked */
		mlc_free(dst->w);
		dst->w = mlc_alloc(dst->cap * sizeof(double));
		if (dst->w == NULL)
		{
			no_memory(st);
			goto fail;
		}
	}
	decode_rows(&h, dst->y + old_n, dst->p + old_n * k, dst->w ? dst->w + old_n : NULL);
	for (i = old_n; i < need; i++)
		if ((why = check_values(h.k, dst->y[i], dst->p + i * k,
								h.weighted ? dst->w + i : NULL)) != NULL)
		{
			mlc_failf(st, MLC_ESYNTAX, NULL, "invalid multiclass summary: %s", why);
			goto fail;
		}
	if (h.n_null > INT64_MAX - dst->n_null)
	{
		mlc_fail(st, MLC_ERANGE, "count of NULL rows out of range", NULL, NULL);
		goto fail;
	}
	dst->n_null += h.n_null;
	if (dst->weighted && !h.weighted)
		for (i = old_n; i < need; i++)
			dst->w[i] = 1;
	dst->weighted = dst->weighted || h.weighted;
	dst->n = need;
	dst->canonical = false;
	/* written canonical: one run (checked when canonicalized) */
	one_run = h.n;
	append_runs(dst, old_n, &one_run, 1);
	return MLC_OK;

fail:
	/* rows past dst->n and spare capacity are not part of the value */
	if (old_n == 0)
		dst->k = old_k;
	if (add_weights)
	{
		mlc_free(dst->w);
		dst->w = NULL;
	}
	return st->code;
}

mlc_code
mlc_multiclass_to_json(mlc_multiclass *m, mlc_buf *out, mlc_status *st)
{
	size_t		i;

	if (mlc_multiclass_canonicalize(m, st) != MLC_OK)
		return st->code;

	mlc_buf_printf(out, "{\"classes\": %d, \"n_null\": %lld, \"actual\": [", (int) m->k,
				   (long long) m->n_null);
	for (i = 0; i < m->n; i++)
		mlc_buf_printf(out, i ? ", %d" : "%d", (int) m->y[i]);
	mlc_buf_puts(out, "], \"probs\": [");
	for (i = 0; i < m->n; i++)
	{
		if (i)
			mlc_buf_puts(out, ", ");
		mlc_buf_json_doubles(out, m->p + i * (size_t) m->k, (size_t) m->k);
		if ((i & 65535) == 65535)
			mlc_check_interrupts();
	}
	mlc_buf_putc(out, ']');
	if (m->weighted)
	{
		mlc_buf_puts(out, ", \"weights\": ");
		mlc_buf_json_doubles(out, m->w, m->n);
	}
	mlc_buf_putc(out, '}');
	return mlc_buf_done(out, st, "multiclass summary too large to print", too_large_hint);
}

mlc_multiclass *
mlc_multiclass_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const allowed[] = {"classes", "n_null", "actual", "probs", "weights", NULL};
	static const char *const required[] = {"classes", "actual", "probs", NULL};
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, required, "multiclass", st);
	mlc_multiclass *m = NULL;
	const mlc_json *cls,
			   *act,
			   *probs,
			   *wts,
			   *nn;
	int64_t		k,
				v;
	size_t		i;
	int32_t		c;
	const char *why;

	if (j == NULL)
		return NULL;
	cls = mlc_json_get(j, "classes");
	act = mlc_json_get(j, "actual");
	probs = mlc_json_get(j, "probs");
	wts = mlc_json_get(j, "weights");
	nn = mlc_json_get(j, "n_null");
	if (mlc_json_to_int64(cls, "multiclass", "classes", &k, st) != MLC_OK)
		goto fail;
	if (act->type != MLC_JSON_ARRAY || probs->type != MLC_JSON_ARRAY || probs->len != act->len ||
		(wts && (wts->type != MLC_JSON_ARRAY || wts->len != act->len)))
	{
		mlc_fail(st, MLC_ESYNTAX, "invalid multiclass summary: \"actual\", \"probs\" and \"weights\" must be arrays of one entry per row", NULL, NULL);
		goto fail;
	}
	if (act->len == 0 ? (k != 0 && (k < 3 || k > MLC_MULTICLASS_MAX_CLASSES))
		: (k < 3 || k > MLC_MULTICLASS_MAX_CLASSES))
	{
		mlc_fail(st, MLC_ESYNTAX, "invalid multiclass summary: invalid number of classes", NULL, NULL);
		goto fail;
	}
	m = mlc_multiclass_new();
	if (m == NULL)
	{
		no_memory(st);
		goto fail;
	}
	m->k = (int32_t) k;
	m->weighted = wts != NULL;
	if (nn && mlc_json_to_int64(nn, "multiclass", "n_null", &m->n_null, st) != MLC_OK)
		goto fail;
	if (mlc_multiclass_size_for(act->len, m->k, m->weighted) > mlc_max_value_bytes)
	{
		mlc_fail(st, MLC_ELIMIT, "multiclass summary exceeds mlcheck.max_value_kb", NULL, too_large_hint);
		goto fail;
	}
	if (!alloc_rows(m, act->len))
	{
		no_memory(st);
		goto fail;
	}
	for (i = 0; i < act->len; i++)
	{
		const mlc_json *row = probs->items[i];

		if (mlc_json_to_int64(act->items[i], "multiclass", "actual", &v, st) != MLC_OK)
			goto fail;
		if (row->type != MLC_JSON_ARRAY || row->len != (size_t) k)
		{
			mlc_fail(st, MLC_ESYNTAX, "invalid multiclass summary: every \"probs\" entry must be an array of one probability per class", NULL, NULL);
			goto fail;
		}
		m->y[i] = v > INT32_MAX ? -1 : (int32_t) v;
		for (c = 0; c < m->k; c++)
			if (mlc_json_to_double(row->items[c], "multiclass", "probs", &m->p[i * (size_t) k + c], st) != MLC_OK)
				goto fail;
		if (m->weighted &&
			mlc_json_to_double(wts->items[i], "multiclass", "weights", &m->w[i], st) != MLC_OK)
			goto fail;
		m->n = i + 1;
		if ((why = check_row(m, i)) != NULL)
		{
			mlc_failf(st, MLC_ESYNTAX, NULL, "invalid multiclass summary: %s", why);
			goto fail;
		}
	}
	m->n = act->len;
	/* printed canonical (checked when canonicalized again) */
	m->runs = m->n > 0;
	m->run[0] = m->n;
	mlc_json_free(j);
	return m;

fail:
	mlc_json_free(j);
	mlc_multiclass_free(m);
	return NULL;
}

/* --------------------------------------------------------------- metrics */

static double
row_weight(const mlc_multiclass *m, size_t i)
{
	return m->weighted ? m->w[i] : 1.0;
}

/* the largest row weight, 0 when there is no row (metrics scale by it) */
static double
max_row_weight(const mlc_multiclass *m)
{
	double		wmax = 0;
	size_t		i;

	for (i = 0; i < m->n; i++)
		if (row_weight(m, i) > wmax)
			wmax = row_weight(m, i);
	return wmax;
}

/*
 * pair[c * k + b] = Mann–Whitney sum of class c's rows ranked by p_c
 * against class b's rows (ties half), and cw[c] = total weight of class c.
 * Weights are scaled by the largest weight first, so that products of two
 * weights cannot overflow or underflow; the AUCs are ratios, unchanged.
 */
static mlc_code
pair_sums(const mlc_multiclass *m, double *pair, double *cw, mlc_status *st)
{
	int32_t		k = m->k,
				c,
				b;
	size_t		n = m->n,
				i,
				j;
	uint64_t   *keys = mlc_alloc((n ? n : 1) * sizeof(uint64_t));
	double	   *idx = mlc_alloc((n ? n : 1) * sizeof(double));
	double	   *below = mlc_alloc((size_t) k * sizeof(double));
	double	   *grp = mlc_alloc((size_t) k * sizeof(double));
	mlc_ksum   *acc = mlc_alloc((size_t) k * (size_t) k * sizeof(mlc_ksum));
	int32_t    *seen = mlc_alloc((size_t) k * sizeof(int32_t));
	double		wmax,
				scale;
	size_t		tick = 0;
	mlc_code	rc = MLC_OK;

	if (!keys || !idx || !below || !grp || !acc || !seen)
	{
		rc = no_memory(st);
		goto done;
	}
	wmax = max_row_weight(m);
	scale = wmax > 0 ? 1.0 / wmax : 1.0;
	memset(acc, 0, (size_t) k * (size_t) k * sizeof(mlc_ksum));
	memset(cw, 0, (size_t) k * sizeof(double));
	{
		mlc_ksum   *tot = mlc_alloc0((size_t) k * sizeof(mlc_ksum));

		if (tot == NULL)
		{
			rc = no_memory(st);
			goto done;
		}
		for (i = 0; i < n; i++)
			mlc_ksum_add(&tot[m->y[i]], row_weight(m, i) * scale);
		for (c = 0; c < k; c++)
			cw[c] = mlc_ksum_value(&tot[c]);
		mlc_free(tot);
	}
	for (c = 0; c < k; c++)
	{
		for (i = 0; i < n; i++)
		{
			double		v = m->p[i * (size_t) k + c];

			keys[i] = mlc_f64_key(v == 0 ? 0 : v);
			idx[i] = (double) i;
		}
		if ((rc = mlc_sort_keys(keys, idx, n, st)) != MLC_OK)
			goto done;
		memset(below, 0, (size_t) k * sizeof(double));
		memset(grp, 0, (size_t) k * sizeof(double));
		i = 0;
		while (i < n)
		{
			int32_t		nseen = 0;
			size_t		e = i;

			/* one group of tied p_c */
			while (e < n && keys[e] == keys[i])
			{
				size_t		r = (size_t) idx[e];
				int32_t		y = m->y[r];

				if (grp[y] == 0)
					seen[nseen++] = y;
				grp[y] += row_weight(m, r) * scale;
				e++;
			}
			if (grp[c] > 0)
				for (b = 0; b < k; b++)
					if (b != c)
						mlc_ksum_add(&acc[(size_t) c * k + b], grp[c] * (below[b] + 0.5 * grp[b]));
			for (j = 0; j < (size_t) nseen; j++)
			{
				below[seen[j]] += grp[seen[j]];
				grp[seen[j]] = 0;
			}
			/* a class whose rows here all weigh 0 may be listed twice: harmless */
			tick += e - i;
			i = e;
			if (tick >= 65536)
			{
				tick = 0;
				mlc_check_interrupts();
			}
		}
	}
	for (c = 0; c < k; c++)
		for (b = 0; b < k; b++)
			pair[(size_t) c * k + b] = mlc_ksum_value(&acc[(size_t) c * k + b]);
done:
	mlc_free(keys);
	mlc_free(idx);
	mlc_free(below);
	mlc_free(grp);
	mlc_free(acc);
	mlc_free(seen);
	return rc;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : (v > 1 ? 1 : v);
}

/*
 * One-vs-rest AUC of class c: the rows sorted by p_c with their weight as
 * payload, signed by whether they belong to c (zero weights are left out:
 * they change no rank metric), walked once in groups of tied scores.
 * *pos and *neg get the two classes' total (scaled) weights.
 */
static mlc_code
ovr_one(const mlc_multiclass *m, int32_t c, double scale, uint64_t *keys,
		double *pay, double *auc, double *pos, double *neg, mlc_status *st)
{
	size_t		n = 0,
				i,
				k = (size_t) m->k;
	mlc_ksum	acc = {0, 0},
				below = {0, 0},
				tp = {0, 0},
				tn = {0, 0};

	for (i = 0; i < m->n; i++)
	{
		double		w = row_weight(m, i) * scale,
					v = m->p[i * k + c];

		if (w == 0)
			continue;
		keys[n] = mlc_f64_key(v == 0 ? 0 : v);
		pay[n++] = m->y[i] == c ? w : -w;
	}
	if (mlc_sort_keys(keys, pay, n, st) != MLC_OK)
		return st->code;
	i = 0;
	while (i < n)
	{
		double		gp = 0,
					gn = 0;
		size_t		e = i;

		for (; e < n && keys[e] == keys[i]; e++)
		{
			if (pay[e] > 0)
				gp += pay[e];
			else
				gn -= pay[e];
		}
		if (gp > 0)
			mlc_ksum_add(&acc, gp * (mlc_ksum_value(&below) + 0.5 * gn));
		mlc_ksum_add(&below, gn);
		mlc_ksum_add(&tp, gp);
		mlc_ksum_add(&tn, gn);
		i = e;
	}
	*pos = mlc_ksum_value(&tp);
	*neg = mlc_ksum_value(&tn);
	*auc = (*pos > 0 && *neg > 0) ? clamp01(mlc_ksum_value(&acc) / *pos / *neg) : NAN;
	return MLC_OK;
}

mlc_code
mlc_multiclass_roc_auc_ovr(const mlc_multiclass *m, mlc_mc_average avg,
						   bool *defined, double *out, mlc_status *st)
{
	int32_t		k = m->k,
				c;
	uint64_t   *keys;
	double	   *pay,
				wmax,
				scale;
	mlc_ksum	num = {0, 0},
				den = {0, 0};
	mlc_code	rc = MLC_OK;

	*defined = false;
	if (m->n == 0)
		return MLC_OK;
	wmax = max_row_weight(m);
	if (!(wmax > 0))
		return MLC_OK;
	/* weights scaled by the largest, so products cannot overflow */
	scale = 1.0 / wmax;
	keys = mlc_alloc(m->n * sizeof(uint64_t));
	pay = mlc_alloc(m->n * sizeof(double));
	if (keys == NULL || pay == NULL)
	{
		mlc_free(keys);
		mlc_free(pay);
		return no_memory(st);
	}
	for (c = 0; c < k; c++)
	{
		double		auc = 0,
					pos = 0,
					neg = 0;

		if ((rc = ovr_one(m, c, scale, keys, pay, &auc, &pos, &neg, st)) != MLC_OK)
			goto done;
		/* a class with no row, or with every row: one class present */
		if (!(pos > 0) || !(neg > 0))
			goto done;
		mlc_ksum_add(&num, avg == MLC_MC_WEIGHTED ? pos * auc : auc);
		mlc_ksum_add(&den, avg == MLC_MC_WEIGHTED ? pos : 1);
	}
	*out = clamp01(mlc_ksum_value(&num) / mlc_ksum_value(&den));
	*defined = true;
done:
	mlc_free(keys);
	mlc_free(pay);
	return rc;
}

mlc_code
mlc_multiclass_roc_auc_ovo(const mlc_multiclass *m, mlc_mc_average avg,
						   bool *defined, double *out, mlc_status *st)
{
	int32_t		k = m->k,
				a,
				b,
				present = 0;
	double	   *pair,
			   *cw,
				total = 0;
	mlc_ksum	num = {0, 0},
				den = {0, 0};
	mlc_code	rc;
	size_t		i;

	*defined = false;
	if (m->weighted)
		for (i = 0; i < m->n; i++)
			if (m->w[i] != 1)
				return mlc_fail(st, MLC_EBADARG,
								"one-vs-one ROC AUC is not defined for weighted rows",
								"build the summary without weights, or use roc_auc_ovr(m), which supports them",
								NULL);
	if (m->n == 0)
		return MLC_OK;
	pair = mlc_alloc((size_t) k * (size_t) k * sizeof(double));
	cw = mlc_alloc((size_t) k * sizeof(double));
	if (pair == NULL || cw == NULL)
	{
		mlc_free(pair);
		mlc_free(cw);
		return no_memory(st);
	}
	rc = pair_sums(m, pair, cw, st);
	if (rc != MLC_OK)
		goto done;
	for (a = 0; a < k; a++)
	{
		total += cw[a];
		present += cw[a] > 0;
	}
	if (present < 2)
		goto done;
	for (a = 0; a < k; a++)
		for (b = a + 1; b < k; b++)
		{
			double		auc_ab,
						auc_ba,
						score;

			if (!(cw[a] > 0) || !(cw[b] > 0))
				continue;
			auc_ab = clamp01(pair[(size_t) a * k + b] / cw[a] / cw[b]);
			auc_ba = clamp01(pair[(size_t) b * k + a] / cw[b] / cw[a]);
			score = (auc_ab + auc_ba) / 2;
			if (avg == MLC_MC_WEIGHTED)
			{
				double		prevalence = (cw[a] + cw[b]) / total;

				mlc_ksum_add(&num, prevalence * score);
				mlc_ksum_add(&den, prevalence);
			}
			else
			{
				mlc_ksum_add(&num, score);
				mlc_ksum_add(&den, 1);
			}
		}
	*out = clamp01(mlc_ksum_value(&num) / mlc_ksum_value(&den));
	*defined = true;
done:
	mlc_free(pair);
	mlc_free(cw);
	return rc;
}

/* weighted mean of per-row values; weights scaled by the largest one */
typedef double (*row_value_fn) (const mlc_multiclass *m, size_t i, int64_t arg);

static bool
weighted_mean(const mlc_multiclass *m, row_value_fn f, int64_t arg, double *out)
{
	mlc_ksum	num = {0, 0},
				den = {0, 0};
	double		wmax = max_row_weight(m),
				scale;
	size_t		i;


	if (!(wmax > 0))
		return false;
	scale = 1.0 / wmax;
	for (i = 0; i < m->n; i++)
	{
		double		w = row_weight(m, i) * scale;

		if (w == 0)
			continue;
		mlc_ksum_add(&num, w * f(m, i, arg));
		mlc_ksum_add(&den, w);
		if ((i & 65535) == 65535)
			mlc_check_interrupts();
	}
	*out = mlc_ksum_value(&num) / mlc_ksum_value(&den);
	return true;
}

static double
row_log_loss(const mlc_multiclass *m, size_t i, int64_t arg)
{
	const double *p = m->p + i * (size_t) m->k;
	double		sum = 0,
				pa = 0;
	int32_t		c;

	(void) arg;
	for (c = 0; c < m->k; c++)
	{
		double		v = p[c];

		if (v < MLC_LOG_LOSS_EPS)
			v = MLC_LOG_LOSS_EPS;
		if (v > 1 - MLC_LOG_LOSS_EPS)
			v = 1 - MLC_LOG_LOSS_EPS;
		sum += v;
		if (c == m->y[i])
			pa = v;
	}
	return -log(pa / sum);
}

static double
row_brier(const mlc_multiclass *m, size_t i, int64_t arg)
{
	const double *p = m->p + i * (size_t) m->k;
	double		s = 0;
	int32_t		c;

	(void) arg;
	for (c = 0; c < m->k; c++)
	{
		double		d = p[c] - (c == m->y[i] ? 1.0 : 0.0);

		s += d * d;
	}
	return s;
}

/* 1 when the actual class is among the top k: fewer than k classes rank
 * above it (a higher probability, or an equal one and a higher index) */
static double
row_top_k(const mlc_multiclass *m, size_t i, int64_t topk)
{
	const double *p = m->p + i * (size_t) m->k;
	int32_t		a = m->y[i],
				c;
	double		pa = p[a];		/* a is a class index: checked on entry */
	int64_t		above = 0;

	for (c = 0; c < m->k; c++)
		if (p[c] > pa || (p[c] == pa && c > a))
			above++;
	return above < topk ? 1.0 : 0.0;
}

bool
mlc_multiclass_log_loss(const mlc_multiclass *m, double *out)
{
	return weighted_mean(m, row_log_loss, 0, out);
}

bool
mlc_multiclass_brier(const mlc_multiclass *m, double *out)
{
	return weighted_mean(m, row_brier, 0, out);
}

mlc_code
mlc_multiclass_top_k(const mlc_multiclass *m, int64_t topk, bool *defined,
					 double *out, mlc_status *st)
{
	if (topk < 1)
		return mlc_failf(st, MLC_EBADARG, "k counts the classes with the highest probabilities: 1, 2, …",
						 "top-k accuracy needs k >= 1, got %lld", (long long) topk);
	*defined = weighted_mean(m, row_top_k, topk, out);
	return MLC_OK;
}

mlc_confusion *
mlc_multiclass_confusion(const mlc_multiclass *m, mlc_status *st)
{
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_INT);
	size_t		i;

	if (c == NULL)
	{
		no_memory(st);
		return NULL;
	}
	c->n_null = m->n_null;
	for (i = 0; i < m->n; i++)
	{
		const double *p = m->p + i * (size_t) m->k;
		int32_t		best = 0,
					j,
					ia,
					ip;

		for (j = 1; j < m->k; j++)
			if (p[j] > p[best])
				best = j;
		ia = mlc_confusion_label_int(c, m->y[i], st);
		if (ia < 0)
			goto fail;
		ip = mlc_confusion_label_int(c, best, st);
		if (ip < 0)
			goto fail;
		mlc_confusion_add(c, ia, ip, row_weight(m, i));
	}
	if (mlc_confusion_sort(c, st) != MLC_OK)
		goto fail;
	return c;
fail:
	mlc_confusion_free(c);
	return NULL;
}

/* --------------------------------------------------- operations table */

MLC_OPS_ALL(multiclass)

const mlc_type_ops mlc_multiclass_type = MLC_SUMMARY_OPS(multiclass, "multiclass", "multiclass summary");
