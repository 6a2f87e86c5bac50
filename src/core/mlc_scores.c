/*
 * mlc_scores.c — exact ROC AUC / average precision, log loss / Brier and the
 * mergeable scores summary (see mlc_scores.h).
 */
#include "mlc_scores.h"
#include "mlc_json.h"
#include "mlc_types.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUC_HEADER_BYTES 18		/* version, flags, np, nn */
#define AUC_MIN_CAP 1024
#define TICK_EVERY 65536
/* up to this many sorted runs a class is walked as runs; more are merged
 * first (the walk looks at every run for every distinct score) */
#define WALK_RUNS 4

static const char *const too_large_hint =
"Use mlcheck.scores(score, label, max_bins) for a summary of bounded size, or raise mlcheck.max_value_kb.";

/* ============================================================== mlc_auc */

mlc_auc *
mlc_auc_new(bool weighted)
{
	mlc_auc    *a = mlc_alloc0(sizeof(mlc_auc));

	if (a == NULL)
		return NULL;
	a->weighted = weighted;
	a->sorted = true;
	return a;
}

void
mlc_auc_free(mlc_auc *a)
{
	if (a == NULL)
		return;
	mlc_free(a->pk);
	mlc_free(a->nk);
	mlc_free(a->pw);
	mlc_free(a->nw);
	mlc_free(a);
}

void
mlc_auc_reset(mlc_auc *a)
{
	a->np = a->nn = 0;
	a->pruns = a->nruns = 0;
	a->sorted = true;
}

/*
 * Run bookkeeping when `add` rows (src runs sruns/srun, 0 = unsorted) are
 * appended after `have` rows (runs *runs/run).  An empty class counts as
 * zero runs that extend fine.
 */
static void
append_runs(int *runs, size_t *run, size_t have, int sruns, const size_t *srun, size_t add)
{
	int			r;

	if (add == 0)
		return;
	if ((have > 0 && *runs == 0) || sruns == 0 || *runs + sruns > MLC_AUC_MAX_RUNS)
	{
		*runs = 0;
		return;
	}
	for (r = 0; r < sruns; r++)
		run[*runs + r] = have + srun[r];
	*runs += sruns;
}

static size_t
row_bytes(const mlc_auc *a)
{
	return a->weighted ? 16 : 8;
}

size_t
mlc_auc_serial_size(const mlc_auc *a)
{
	size_t		rows,
				bytes;

	if (!mlc_add_size(a->np, a->nn, &rows) || !mlc_mul_size(rows, row_bytes(a), &bytes) ||
		!mlc_add_size(bytes, AUC_HEADER_BYTES, &bytes))
		return SIZE_MAX;
	return bytes;
}

static mlc_code
too_large(mlc_status *st, size_t rows)
{
	return mlc_failf(st, MLC_ELIMIT, too_large_hint,
					 "exact AUC state of %zu scores exceeds mlcheck.max_value_kb (%zu kB)",
					 rows, mlc_max_value_bytes / 1024);
}

static void *
grow_array(void *p, size_t bytes)
{
	return p ? mlc_realloc(p, bytes) : mlc_alloc(bytes);
}

/*
 * Make room for `need` rows of one class.  The total stays within
 * mlc_max_value_bytes as it would be serialized, so a state that grows
 * without error can always be shipped to a parallel leader.
 */
/* Shrink one class's arrays to their row count (frees room under the limit). */
static void
shrink_class(mlc_auc *a, bool positive)
{
	size_t		n = positive ? a->np : a->nn;
	size_t		cap = positive ? a->pcap : a->ncap;
	void	   *k,
			   *w = NULL;

	if (n == cap || n == 0)
		return;
	k = mlc_realloc(positive ? (void *) a->pk : (void *) a->nk, n * sizeof(uint64_t));
	if (k == NULL)
		return;
	if (positive)
		a->pk = k;
	else
		a->nk = k;
	if (a->weighted)
	{
		w = mlc_realloc(positive ? a->pw : a->nw, n * sizeof(double));
		if (w == NULL)
			return;				/* keys shrank, weights did not: keep the old cap */
		if (positive)
			a->pw = w;
		else
			a->nw = w;
	}
	if (positive)
		a->pcap = n;
	else
		a->ncap = n;
}

/*
 * Make room for `need` rows of one class.  The capacities of both classes
 * together stay within mlc_max_value_bytes as the state would be
 * serialized, so a state that grows without error can always be shipped to
 * a parallel leader.
 */
mlc_code
mlc_auc_grow(mlc_auc *a, bool positive, size_t need, mlc_status *st)
{
	size_t		cap = positive ? a->pcap : a->ncap;
	size_t		rb = row_bytes(a);
	size_t		limit_rows,
				other_cap,
				avail;
	size_t		ncap;
	uint64_t   *k;
	double	   *w;

	if (need <= cap)
		return MLC_OK;
	/* the limit is on the text form (base64 of the codec) */
	limit_rows = mlc_state_max_bytes() > AUC_HEADER_BYTES
		? (mlc_state_max_bytes() - AUC_HEADER_BYTES) / rb : 0;
	other_cap = positive ? a->ncap : a->pcap;
	avail = other_cap <= limit_rows ? limit_rows - other_cap : 0;
	if (need > avail)
	{
		shrink_class(a, !positive);
		other_cap = positive ? a->ncap : a->pcap;
		avail = other_cap <= limit_rows ? limit_rows - other_cap : 0;
		if (need > avail)
			return too_large(st, need + (positive ? a->nn : a->np));
	}
	ncap = cap < AUC_MIN_CAP ? AUC_MIN_CAP : cap;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 4 ? need : ncap * 2;
	if (ncap > avail)
		ncap = avail;
	k = grow_array(positive ? (void *) a->pk : (void *) a->nk, ncap * sizeof(uint64_t));
	if (k == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory growing the AUC state", NULL, NULL);
	if (positive)
		a->pk = k;
	else
		a->nk = k;
	if (a->weighted)
	{
		w = grow_array(positive ? a->pw : a->nw, ncap * sizeof(double));
		if (w == NULL)
			return mlc_fail(st, MLC_ENOMEM, "out of memory growing the AUC state", NULL, NULL);
		if (positive)
			a->pw = w;
		else
			a->nw = w;
	}
	if (positive)
		a->pcap = ncap;
	else
		a->ncap = ncap;
	return MLC_OK;
}

static mlc_code merge_runs(uint64_t **kp, double **wp, size_t n, size_t cap, int runs,
						   const size_t *run_end, mlc_status *st);

/*
 * Before appending sruns sorted runs to a class of `runs` runs: when there
 * would be more than MLC_AUC_MAX_RUNS (the shards of a distributed table),
 * merge the class's runs into one first, so that the final walk still
 * merges runs instead of sorting every row.
 */
static mlc_code
compact_runs(mlc_auc *a, bool positive, int sruns, mlc_status *st)
{
	int		   *runs = positive ? &a->pruns : &a->nruns;

	if (*runs <= 1 || sruns == 0 || *runs + sruns <= MLC_AUC_MAX_RUNS)
		return MLC_OK;
	if (positive
		? merge_runs(&a->pk, a->weighted ? &a->pw : NULL, a->np, a->pcap, a->pruns, a->prun, st)
		: merge_runs(&a->nk, a->weighted ? &a->nw : NULL, a->nn, a->ncap, a->nruns, a->nrun, st))
		return st->code;
	*runs = 1;
	(positive ? a->prun : a->nrun)[0] = positive ? a->np : a->nn;
	return MLC_OK;
}

static mlc_code order_tied_weights(const uint64_t *k, double *w, size_t n, mlc_status *st);

/*
 * Append n rows (keys sk, weights sw) of one class of src, which has sruns
 * sorted runs ending at srun[] (0: not known to be sorted), to that class
 * of dst.  When dst's class is sorted runs (or empty) and the new rows are
 * not, they are sorted where they land and become one more run — the
 * leader of a parallel plan merges its own, unsorted, partial state this
 * way — so the final still merges runs instead of sorting every row.
 */
static mlc_code
append_class(mlc_auc *dst, bool positive, const uint64_t *sk, const double *sw, size_t n,
			 int sruns, const size_t *srun, mlc_status *st)
{
	size_t	   *have = positive ? &dst->np : &dst->nn;
	int		   *runs = positive ? &dst->pruns : &dst->nruns;
	size_t	   *run = positive ? dst->prun : dst->nrun;
	uint64_t   *k;
	double	   *w;
	size_t		one = n;

	if (n == 0)
		return MLC_OK;
	if (compact_runs(dst, positive, sruns ? sruns : 1, st) != MLC_OK ||
		mlc_auc_grow(dst, positive, *have + n, st) != MLC_OK)
		return st->code;
	k = (positive ? dst->pk : dst->nk) + *have;
	w = dst->weighted ? (positive ? dst->pw : dst->nw) + *have : NULL;
	memcpy(k, sk, n * sizeof(uint64_t));
	if (w)
		memcpy(w, sw, n * sizeof(double));
	if (sruns == 0 && (*have == 0 || *runs > 0))
	{
		if (mlc_sort_keys(k, w, n, st) != MLC_OK ||
			(w && order_tied_weights(k, w, n, st) != MLC_OK))
			return st->code;
		sruns = 1;
		srun = &one;
	}
	append_runs(runs, run, *have, sruns, srun, n);
	*have += n;
	dst->sorted = false;
	return MLC_OK;
}

mlc_code
mlc_auc_merge(mlc_auc *dst, const mlc_auc *src, mlc_status *st)
{
	if (dst->weighted != src->weighted)
		return mlc_fail(st, MLC_EBADARG, "cannot combine weighted and unweighted AUC states", NULL, NULL);
	if (append_class(dst, true, src->pk, src->pw, src->np, src->pruns, src->prun, st) != MLC_OK ||
		append_class(dst, false, src->nk, src->nw, src->nn, src->nruns, src->nrun, st) != MLC_OK)
		return st->code;
	return MLC_OK;
}

/*
 * Within each run of equal keys, put the weights in ascending order: the
 * multiset of rows then fully determines the arrays, so a parallel plan
 * (rows arriving in another order) sums the same numbers in the same order.
 */
static mlc_code
order_tied_weights(const uint64_t *k, double *w, size_t n, mlc_status *st)
{
	size_t		i = 0;
	uint64_t   *tmp = NULL;
	size_t		tmpcap = 0;
	size_t		ticks = 0;

	while (i < n)
	{
		size_t		j = i + 1,
					q;

		while (j < n && k[j] == k[i])
			j++;
		if (j - i > 1)
		{
			size_t		g = j - i;

			if (g > tmpcap)
			{
				mlc_free(tmp);
				tmp = mlc_alloc(g * sizeof(uint64_t));
				if (tmp == NULL)
					return mlc_fail(st, MLC_ENOMEM, "out of memory sorting weights", NULL, NULL);
				tmpcap = g;
			}
			for (q = 0; q < g; q++)
				tmp[q] = mlc_f64_key(w[i + q]);
			if (mlc_sort_keys(tmp, NULL, g, st) != MLC_OK)
			{
				mlc_free(tmp);
				return st->code;
			}
			for (q = 0; q < g; q++)
				w[i + q] = mlc_key_f64(tmp[q]);
		}
		ticks += j - i;
		if (ticks >= TICK_EVERY)
		{
			ticks = 0;
			mlc_check_interrupts();
		}
		i = j;
	}
	mlc_free(tmp);
	return MLC_OK;
}

/* (key, weight) order of a weighted class: the order a full sort with
 * grouped tie weights produces */
static inline bool
row_before(const uint64_t *k, const double *w, size_t i, const uint64_t *k2, const double *w2,
		   size_t j)
{
	if (k[i] != k2[j])
		return k[i] < k2[j];
	return w != NULL && mlc_f64_key(w[i]) < mlc_f64_key(w2[j]);
}

/*
 * Merge the sorted runs of one class (runs ascending runs ending at
 * run_end[]) into one sorted array, pairwise, O(n log runs): what a
 * parallel plan's or the shards' sorted partial states need instead of a
 * sort of every row.  Within a run of a weighted state, rows are in (key,
 * weight) order, so the merged arrays equal the sorted ones bit for bit.
 */
static mlc_code
merge_runs(uint64_t **kp, double **wp, size_t n, size_t cap, int runs, const size_t *run_end,
		   mlc_status *st)
{
	uint64_t   *k = *kp,
			   *tk;
	double	   *w = wp ? *wp : NULL,
			   *tw = NULL;
	size_t		end[MLC_AUC_MAX_RUNS];
	int			r;
	size_t		ticks = 0;

	if (runs <= 1)
		return MLC_OK;
	/* the merged arrays become the class's arrays: same capacity */
	tk = mlc_alloc(cap * sizeof(uint64_t));
	if (w)
		tw = mlc_alloc(cap * sizeof(double));
	if (tk == NULL || (w && tw == NULL))
	{
		mlc_free(tk);
		mlc_free(tw);
		return mlc_fail(st, MLC_ENOMEM, "out of memory merging the AUC state", NULL, NULL);
	}
	memcpy(end, run_end, runs * sizeof(size_t));
	while (runs > 1)
	{
		int			out = 0;
		size_t		start = 0;

		for (r = 0; r < runs; r += 2)
		{
			size_t		i = start,
						mid = end[r],
						hi = r + 1 < runs ? end[r + 1] : mid,
						j = mid,
						o = start;

			if (w == NULL)
				while (i < mid && j < hi)
				{
					/* keys only: one row a step, no data-dependent branch */
					uint64_t	x = k[i],
								y = k[j];
					bool		left = x <= y;

					tk[o++] = left ? x : y;
					i += left;
					j += !left;
				}
			while (i < mid && j < hi)
			{
				bool		left = !row_before(k, w, j, k, w, i);

				if (w)
					tw[o] = left ? w[i] : w[j];
				tk[o++] = left ? k[i++] : k[j++];
			}
			if (i < mid)
			{
				memcpy(tk + o, k + i, (mid - i) * sizeof(uint64_t));
				if (w)
					memcpy(tw + o, w + i, (mid - i) * sizeof(double));
			}
			if (j < hi)
			{
				memcpy(tk + o, k + j, (hi - j) * sizeof(uint64_t));
				if (w)
					memcpy(tw + o, w + j, (hi - j) * sizeof(double));
			}
			end[out++] = hi;
			ticks += hi - start;
			if (ticks >= TICK_EVERY)
			{
				ticks = 0;
				mlc_check_interrupts();
			}
			start = hi;
		}
		runs = out;
		{
			uint64_t   *t = k;

			k = tk;
			tk = t;
		}
		if (w)
		{
			double	   *t = w;

			w = tw;
			tw = t;
		}
	}
	*kp = k;
	mlc_free(tk);
	if (wp)
	{
		*wp = w;
		mlc_free(tw);
	}
	return MLC_OK;
}

static mlc_code
auc_sort(mlc_auc *a, bool group_weights, mlc_status *st)
{
	if (a->sorted)
		return MLC_OK;
	if ((a->np == 0 || a->pruns > 0) && (a->nn == 0 || a->nruns > 0) &&
		(group_weights || !a->weighted))
	{
		/* every class is made of sorted runs: merge them */
		if (merge_runs(&a->pk, a->weighted ? &a->pw : NULL, a->np, a->pcap, a->pruns, a->prun,
					   st) != MLC_OK ||
			merge_runs(&a->nk, a->weighted ? &a->nw : NULL, a->nn, a->ncap, a->nruns, a->nrun,
					   st) != MLC_OK)
			return st->code;
		goto done;
	}
	if (mlc_sort_keys(a->pk, a->weighted ? a->pw : NULL, a->np, st) != MLC_OK ||
		mlc_sort_keys(a->nk, a->weighted ? a->nw : NULL, a->nn, st) != MLC_OK)
		return st->code;
	if (a->weighted && group_weights &&
		(order_tied_weights(a->pk, a->pw, a->np, st) != MLC_OK ||
		 order_tied_weights(a->nk, a->nw, a->nn, st) != MLC_OK))
		return st->code;
done:
	a->sorted = true;
	a->pruns = a->np > 0;
	a->prun[0] = a->np;
	a->nruns = a->nn > 0;
	a->nrun[0] = a->nn;
	return MLC_OK;
}

mlc_code
mlc_auc_sort(mlc_auc *a, mlc_status *st)
{
	return auc_sort(a, true, st);
}

/* sum of w[i] * scale (scale a power of two, see mlc_pow2_scale) */
static double
sum_sorted(const double *w, size_t n, double scale)
{
	double		s = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		s += w[i] * scale;
	return s;
}

static double
max_of(const double *w, size_t n)
{
	double		m = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		m = fmax(m, w[i]);
	return m;
}

/* Descending reader over sorted runs of keys (at most MLC_AUC_MAX_RUNS). */
typedef struct runs_desc
{
	const uint64_t *k;
	int			n;
	size_t		lo[MLC_AUC_MAX_RUNS],
				hi[MLC_AUC_MAX_RUNS];	/* run r's unread keys: k[lo..hi) */
} runs_desc;

static void
runs_init(runs_desc *c, const uint64_t *k, int runs, const size_t *run_end)
{
	size_t		start = 0;
	int			r;

	c->k = k;
	c->n = runs;
	for (r = 0; r < runs; r++)
	{
		c->lo[r] = start;
		c->hi[r] = run_end[r];
		start = run_end[r];
	}
}

/* the largest unread key; false when every key has been read */
static inline bool
runs_top(const runs_desc *c, uint64_t *v)
{
	bool		any = false;
	uint64_t	m = 0;
	int			r;

	for (r = 0; r < c->n; r++)
		if (c->hi[r] > c->lo[r])
		{
			uint64_t	x = c->k[c->hi[r] - 1];

			if (!any || x > m)
				m = x;
			any = true;
		}
	*v = m;
	return any;
}

/* read every unread key > v (above) or == v (!above); returns how many */
static inline uint64_t
runs_take(runs_desc *c, uint64_t v, bool above)
{
	uint64_t	cnt = 0;
	int			r;

	for (r = 0; r < c->n; r++)
	{
		size_t		h = c->hi[r],
					lo = c->lo[r];

		if (above)
			while (h > lo && c->k[h - 1] > v)
				h--;
		else
			while (h > lo && c->k[h - 1] == v)
				h--;
		cnt += c->hi[r] - h;
		c->hi[r] = h;
	}
	return cnt;
}

/*
 * The unweighted walk of mlc_auc_compute over sorted runs: the same groups
 * in the same (descending) order with the same integer counts, hence the
 * same sums and bit-identical results, without sorting the whole arrays.
 */
static void
auc_walk_runs(const mlc_auc *a, double *roc, double *ap)
{
	runs_desc	P,
				N;
	unsigned __int128 num2 = 0;
	uint64_t	cum_tp = 0,
				cum_fp = 0,
				jrem = a->nn,
				v;
	double		apsum = 0;
	size_t		ticks = 0;

	runs_init(&P, a->pk, a->pruns, a->prun);
	runs_init(&N, a->nk, a->nruns, a->nrun);
	while (runs_top(&P, &v))
	{
		uint64_t	above = runs_take(&N, v, true),
					cp,
					cn;

		jrem -= above;
		cum_fp += above;
		cp = runs_take(&P, v, false);
		cn = runs_take(&N, v, false);
		jrem -= cn;
		cum_tp += cp;
		cum_fp += cn;
		num2 += (unsigned __int128) cp * (2 * (unsigned __int128) jrem + cn);
		apsum += (double) cp * ((double) cum_tp / (double) (cum_tp + cum_fp));
		ticks += cp + cn + above;
		if (ticks >= TICK_EVERY)
		{
			ticks = 0;
			mlc_check_interrupts();
		}
	}
	*roc = (double) num2 / (2.0 * ((double) a->np * (double) a->nn));
	*ap = apsum / (double) a->np;
}

mlc_code
mlc_auc_compute(mlc_auc *a, double *roc, bool *roc_def, double *ap, bool *ap_def,
				mlc_status *st)
{
	size_t		i,
				j,
				ticks = 0;

	*roc_def = *ap_def = false;
	if (a->np == 0)
		return MLC_OK;			/* no positive: neither is defined */
	if (a->nn == 0)
	{
		/*
		 * Positives only (weight-0 rows are never stored, so their total
		 * weight is > 0): precision is 1 at every threshold, hence average
		 * precision is 1, as sklearn's average_precision_score; ROC AUC
		 * needs both classes.
		 */
		*ap = 1.0;
		*ap_def = true;
		return MLC_OK;
	}
	if (!a->weighted && !a->sorted && a->pruns > 0 && a->nruns > 0 &&
		a->pruns <= WALK_RUNS && a->nruns <= WALK_RUNS)
	{
		/* sorted runs (a parallel plan's sorted parts): one run each is a
		 * sorted array, several are merged by the walk without a sort */
		if (a->pruns == 1 && a->nruns == 1)
			a->sorted = true;
		else
		{
			auc_walk_runs(a, roc, ap);
			*roc_def = *ap_def = true;
			return MLC_OK;
		}
	}
	if (mlc_auc_sort(a, st) != MLC_OK)
		return st->code;

	if (!a->weighted)
	{
		/* integer counts: exact numerator 2 * sum(pos * (neg below + neg tied / 2)) */
		unsigned __int128 num2 = 0;
		uint64_t	cum_tp = 0,
					cum_fp = 0;
		double		apsum = 0;

		i = a->np;
		j = a->nn;
		while (i > 0)
		{
			uint64_t	v = a->pk[i - 1];
			uint64_t	cp = 0,
						cn = 0;

			/* negatives above every remaining positive */
			while (j > 0 && a->nk[j - 1] > v)
			{
				j--;
				cum_fp++;
			}
			while (i > 0 && a->pk[i - 1] == v)
			{
				i--;
				cp++;
			}
			while (j > 0 && a->nk[j - 1] == v)
			{
				j--;
				cn++;
			}
			cum_tp += cp;
			cum_fp += cn;
			num2 += (unsigned __int128) cp * (2 * (unsigned __int128) j + cn);
			apsum += (double) cp * ((double) cum_tp / (double) (cum_tp + cum_fp));
			ticks += cp + cn;
			if (ticks >= TICK_EVERY)
			{
				ticks = 0;
				mlc_check_interrupts();
			}
		}
		*roc = (double) num2 / (2.0 * ((double) a->np * (double) a->nn));
		*ap = apsum / (double) a->np;
	}
	else
	{
		/*
		 * Weights are multiplied by powers of two (exact) so that sums and
		 * products neither overflow (1e308) nor underflow (1e-200): ROC AUC
		 * is invariant under scaling each class separately, average
		 * precision under one common scale.
		 */
		double		mp = max_of(a->pw, a->np),
					mn = max_of(a->nw, a->nn),
					sp = mlc_pow2_scale(mp, (double) a->np),
					sn = mlc_pow2_scale(mn, (double) a->nn),
					sc = mlc_pow2_scale(fmax(mp, mn), (double) (a->np + a->nn));
		double		wp = sum_sorted(a->pw, a->np, sp),
					wn = sum_sorted(a->nw, a->nn, sn);
		double		num = 0,
					below = 0,
					cum_tp = 0,
					cum_fp = 0,
					apsum = 0;

		if (!(wp > 0) || !(wn > 0))
			return MLC_OK;
		/* ROC ascending, so the negative weight below accumulates from 0 */
		i = j = 0;
		while (i < a->np)
		{
			uint64_t	v = a->pk[i];
			double		gp = 0,
						gn = 0;

			while (j < a->nn && a->nk[j] < v)
				below += a->nw[j++] * sn;
			while (i < a->np && a->pk[i] == v)
				gp += a->pw[i++] * sp;
			while (j < a->nn && a->nk[j] == v)
				gn += a->nw[j++] * sn;
			num += gp * (below + 0.5 * gn);
			below += gn;
			ticks += 1;
			if ((ticks & 0xffff) == 0)
				mlc_check_interrupts();
		}
		*roc = num / (wp * wn);
		/* average precision descending */
		i = a->np;
		j = a->nn;
		while (i > 0)
		{
			uint64_t	v = a->pk[i - 1];
			double		gp = 0;

			while (j > 0 && a->nk[j - 1] > v)
				cum_fp += a->nw[--j] * sc;
			while (i > 0 && a->pk[i - 1] == v)
				gp += a->pw[--i] * sc;
			while (j > 0 && a->nk[j - 1] == v)
				cum_fp += a->nw[--j] * sc;
			cum_tp += gp;
			apsum += gp * (cum_tp / (cum_tp + cum_fp));
			ticks += 1;
			if ((ticks & 0xffff) == 0)
				mlc_check_interrupts();
		}
		*ap = apsum / sum_sorted(a->pw, a->np, sc);
	}
	*roc_def = *ap_def = true;
	return MLC_OK;
}

/* ------------------------------------------------ format 2 (unweighted) */

static mlc_auc *
auc_bad(mlc_auc *a, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_auc_type, a, NULL, st, NULL, "invalid binary AUC state", why);
}

/* an empty state with room for np positives and nn negatives (readers) */
static mlc_auc *
auc_sized(bool weighted, uint64_t np, uint64_t nn, mlc_status *st)
{
	mlc_auc    *a = mlc_auc_new(weighted);

	if (a == NULL)
		return auc_bad(NULL, st, "out of memory");
	if ((np && mlc_auc_grow(a, true, np, st) != MLC_OK) ||
		(nn && mlc_auc_grow(a, false, nn, st) != MLC_OK))
	{
		mlc_auc_free(a);
		return NULL;
	}
	return a;
}

/*
 * Format 2 of an unweighted state, what a sorted state is written as (the
 * partial states a parallel worker or a Citus shard ships): the distinct
 * scores ascending over both classes, each as the gap from the previous
 * one's order-preserving key (Rice-coded) and how many positive and
 * negative rows have it — 2 bits for the usual single row.  Continuous
 * scores cost about log2(key range / rows) + 4 bits a row instead of 64;
 * heavily tied scores a few bits per distinct score.
 *
 *   u8 version (2), u8 flags (0), u64 np, u64 nn, u64 distinct, u8 rice k,
 *   then a bit stream, most significant bit first, zero-padded to a byte:
 *     entry 0's key, 64 bits raw; every later entry's gap g = key - previous
 *     key - 1 as q = g >> k ones, a zero and the k low bits (q < 32), or 32
 *     ones and g in 64 bits;
 *     counts: 00 one positive, 01 one negative, 1 + Elias gamma of
 *     positives + 1 and of negatives + 1.
 */
#define AUC_V2_HEADER_BYTES 27
#define RICE_ESCAPE 32

typedef struct bitw
{
	mlc_buf    *out;
	uint64_t	acc;			/* pending bits, left-aligned */
	int			n;				/* how many (< 64) */
} bitw;

/*
 * v's low `bits` bits (1 to 64), most significant first; the caller
 * reserved room (bw_room).  Whole 64-bit words are stored at once.
 */
static inline void
bw_put(bitw *w, uint64_t v, int bits)
{
	int			room = 64 - w->n,
				rest;

	if (bits == 0)
		return;
	if (bits < 64)
		v &= (UINT64_C(1) << bits) - 1;
	if (bits < room)
	{
		w->acc |= v << (room - bits);
		w->n += bits;
		return;
	}
	rest = bits - room;
	w->acc |= v >> rest;
	mlc_store_be64((unsigned char *) w->out->data + w->out->len, w->acc);
	w->out->len += 8;
	w->acc = rest ? v << (64 - rest) : 0;
	w->n = rest;
}

/* room for one entry (at most 64 + 32 + 64 + 2 + 2 * 127 bits) and a word */
static inline bool
bw_room(bitw *w)
{
	return w->out->cap - w->out->len > 72 || mlc_buf_reserve(w->out, 72);
}

static inline void
bw_ones(bitw *w, uint64_t q)
{
	while (q >= 32)
	{
		bw_put(w, UINT64_C(0xffffffff), 32);
		q -= 32;
	}
	if (q > 0)
		bw_put(w, (UINT64_C(1) << q) - 1, (int) q);
}

static void
bw_gamma(bitw *w, uint64_t x)	/* x >= 1 */
{
	int			l = 63 - __builtin_clzll(x);

	if (l > 0)
		bw_put(w, 0, l);
	bw_put(w, x, l + 1);
}

/* the pending bits, zero-padded to a byte */
static void
bw_flush(bitw *w)
{
	while (w->n > 0)
	{
		w->out->data[w->out->len++] = (char) (w->acc >> 56);
		w->acc <<= 8;
		w->n = w->n > 8 ? w->n - 8 : 0;
	}
}

/* Bit reader over p[0..len): position pos (bits), most significant first. */
typedef struct bitr
{
	const unsigned char *p;
	size_t		len;
	uint64_t	pos,
				total;			/* 8 * len */
	bool		failed;
} bitr;

/* the 64 bits from pos on, zeros past the end */
static inline uint64_t
br_peek(const bitr *r)
{
	size_t		b = (size_t) (r->pos >> 3);
	int			s = (int) (r->pos & 7);
	const unsigned char *q = r->p + b;
	unsigned char tail[9];
	uint64_t	v;

	if (b + 9 > r->len)
	{
		memset(tail, 0, sizeof(tail));
		if (b < r->len)
			memcpy(tail, q, r->len - b);
		q = tail;
	}
	v = mlc_load_be64(q);
	if (s)
		v = (v << s) | (q[8] >> (8 - s));
	return v;
}

/* up to 64 bits */
static inline uint64_t
br_get64(bitr *r, int bits)
{
	uint64_t	v;

	if (bits == 0)
		return 0;
	if (r->total - r->pos < (uint64_t) bits)
	{
		r->failed = true;
		r->pos = r->total;
		return 0;
	}
	v = br_peek(r) >> (64 - bits);
	r->pos += bits;
	return v;
}

#define br_get br_get64

/*
 * Leading one bits, up to `limit` (< 64): returns their count and consumes
 * them, and the zero that ends them when there are fewer than limit.
 */
static inline uint64_t
br_ones(bitr *r, uint64_t limit)
{
	uint64_t	w = br_peek(r);
	uint64_t	ones = ~w == 0 ? 64 : (uint64_t) __builtin_clzll(~w);
	uint64_t	used = ones >= limit ? limit : ones + 1;

	if (r->total - r->pos < used)
	{
		r->failed = true;
		r->pos = r->total;
		return ones >= limit ? limit : ones;
	}
	r->pos += used;
	return ones >= limit ? limit : ones;
}

/* Elias gamma; 0 (never a valid code) on a code longer than 64 bits */
static uint64_t
br_gamma(bitr *r)
{
	uint64_t	l = 0;

	while (!r->failed && br_get(r, 1) == 0)
		if (++l > 63)
			return 0;
	return r->failed ? 0 : (UINT64_C(1) << l) | br_get64(r, (int) l);
}

static int
rice_k(uint64_t span, uint64_t gaps)
{
	uint64_t	mean;
	int			k = 0;

	if (gaps == 0)
		return 0;
	mean = span / gaps;
	while (k < 62 && (mean >> (k + 1)) > 0)
		k++;
	return k;
}

/* one entry of format 2: the key (raw when first, else its gap code) and counts */
static inline void
auc_put_entry(bitw *w, bool first, uint64_t v, uint64_t prev, int k, uint64_t cp, uint64_t cn)
{
	if (first)
		bw_put(w, v, 64);
	else
	{
		uint64_t	g = v - prev - 1,
					q = g >> k;

		if (q < RICE_ESCAPE)
		{
			bw_ones(w, q);
			bw_put(w, 0, 1);
			bw_put(w, g, k);
		}
		else
		{
			bw_ones(w, RICE_ESCAPE);
			bw_put(w, g, 64);
		}
	}
	if (cp + cn == 1)
		bw_put(w, cn, 2);
	else
	{
		bw_put(w, 1, 1);
		bw_gamma(w, cp + 1);
		bw_gamma(w, cn + 1);
	}
}

/*
 * The next row of the two sorted classes in key order (positives first on
 * equal keys), one row a step without a data-dependent branch; exhausted
 * classes read as UINT64_MAX, which is no score's key (it is a NaN's).
 */
#define AUC_NEXT_ROW(a, i, j, v, take_p) \
	do { \
		uint64_t	x_ = (i) < (a)->np ? (a)->pk[i] : UINT64_MAX, \
					y_ = (j) < (a)->nn ? (a)->nk[j] : UINT64_MAX; \
		(take_p) = x_ <= y_; \
		(v) = (take_p) ? x_ : y_; \
		(i) += (take_p); \
		(j) += !(take_p); \
	} while (0)

/* distinct keys over both (sorted) classes, the smallest and the largest */
static size_t
distinct_keys(const mlc_auc *a, uint64_t *first, uint64_t *last)
{
	size_t		rows = a->np + a->nn,
				r,
				i = 0,
				j = 0,
				nd = 0;
	uint64_t	v,
				prev = 0;
	bool		take_p;

	*first = *last = 0;
	for (r = 0; r < rows; r++)
	{
		AUC_NEXT_ROW(a, i, j, v, take_p);
		nd += r == 0 || v != prev;
		if (r == 0)
			*first = v;
		prev = v;
	}
	*last = prev;
	return nd;
}

static mlc_code
auc_write_v2(const mlc_auc *a, mlc_buf *out, mlc_status *st)
{
	size_t		rows = a->np + a->nn,
				r,
				i = 0,
				j = 0,
				nd = 0,
				e = 0,
				start;
	uint64_t	first = 0,
				last = 0,
				v,
				cur = 0,
				prev = 0,
				cp = 0,
				cn = 0;
	bool		take_p;
	int			k;
	bitw		w;

	nd = distinct_keys(a, &first, &last);
	k = rice_k(nd > 1 ? last - first - (nd - 1) : 0, nd > 1 ? nd - 1 : 0);
	start = out->len;
	mlc_put_u8(out, 2);
	mlc_put_u8(out, 0);
	mlc_put_u64(out, a->np);
	mlc_put_u64(out, a->nn);
	mlc_put_u64(out, nd);
	mlc_put_u8(out, (uint8_t) k);
	w.out = out;
	w.acc = 0;
	w.n = 0;
	i = j = 0;
	/* an entry is written when the next distinct key (or the end) is seen */
	for (r = 0; r < rows; r++)
	{
		AUC_NEXT_ROW(a, i, j, v, take_p);
		if (r > 0 && v != cur)
		{
			if (!bw_room(&w))
				break;
			auc_put_entry(&w, e == 0, cur, prev, k, cp, cn);
			prev = cur;
			if ((++e & 0xffff) == 0)
				mlc_check_interrupts();
			cp = cn = 0;
		}
		cur = v;
		cp += take_p;
		cn += !take_p;
	}
	if (rows > 0 && !out->failed && bw_room(&w))
		auc_put_entry(&w, e == 0, cur, prev, k, cp, cn);
	if (!out->failed && bw_room(&w))
		bw_flush(&w);
	if (out->failed || out->len - start > mlc_max_value_bytes)
		return too_large(st, a->np + a->nn);
	return MLC_OK;
}

static mlc_auc *
auc_read_v2(mlc_reader *hdr, mlc_status *st)
{
	uint8_t		flags = mlc_get_u8(hdr);
	uint64_t	np = mlc_get_u64(hdr),
				nn = mlc_get_u64(hdr),
				nd = mlc_get_u64(hdr),
				e,
				prev = 0,
				key_inf = mlc_f64_key(INFINITY),
				key_ninf = mlc_f64_key(-INFINITY),
				key_nzero = mlc_f64_key(-0.0);
	uint8_t		k = mlc_get_u8(hdr);
	size_t		rows,
				i = 0,
				j = 0;
	bitr		r;
	mlc_auc    *a;
	mlc_status	limit;

	if (hdr->failed)
		return auc_bad(NULL, st, "truncated");
	if (flags != 0)
		return auc_bad(NULL, st, "unknown flags");
	if (k > 62)
		return auc_bad(NULL, st, "invalid gap code");
	r.len = mlc_reader_remaining(hdr);
	r.p = mlc_get_bytes(hdr, r.len);
	/* every entry takes at least 3 bits, every row belongs to one entry */
	if (!mlc_add_size(np, nn, &rows) || nd > rows || nd > r.len * 8 / 3 + 1 ||
		(rows > 0 && nd == 0))
		return auc_bad(NULL, st, rows > 0 && nd == 0 ? "truncated" : "counts do not match");
	r.pos = 0;
	r.total = (uint64_t) r.len * 8;
	r.failed = false;
	a = auc_sized(false, np, nn, st);
	if (a == NULL && st->code != MLC_ELIMIT)
		return NULL;
	/* counts past the size limit: the entries are still decoded (without
	 * storing them), so that damaged bytes are 22P02 and only a consistent
	 * state is "too large" */
	limit = *st;
	for (e = 0; e < nd; e++)
	{
		uint64_t	v,
					cp,
					cn;

		uint64_t	q = 0,
					g = 0,
					win;
		bool		quick = false;

		if (e > 0 && r.total - r.pos >= 64)
		{
			/*
			 * The usual entry — a short gap code and one row — read from
			 * one 64-bit window: the same decoding as below, one step.
			 */
			win = br_peek(&r);
			q = ~win == 0 ? 64 : (uint64_t) __builtin_clzll(~win);
			if (q < RICE_ESCAPE && q + 1 + k + 2 <= 64)
			{
				uint64_t	rest = win << (q + 1);
				uint64_t	code = (rest << k) >> 62;

				if ((code & 2) == 0)
				{
					g = (q << k) | (k ? rest >> (64 - k) : 0);
					r.pos += q + 1 + k + 2;
					cn = code & 1;
					cp = 1 - cn;
					quick = true;
				}
			}
		}
		if (e == 0)
			v = br_get64(&r, 64);
		else
		{
			if (!quick)
			{
				q = br_ones(&r, RICE_ESCAPE);
				g = q < RICE_ESCAPE ? (q << k) | br_get64(&r, k) : br_get64(&r, 64);
			}
			if (q < RICE_ESCAPE && k > 0 && (q >> (64 - k)) != 0)
				return auc_bad(a, st, "invalid gap");
			if (g >= UINT64_MAX - prev)
				return auc_bad(a, st, "scores out of order");
			v = prev + g + 1;
		}
		if (quick)
			;
		else if (br_get(&r, 1) == 0)
		{
			cn = br_get(&r, 1);
			cp = 1 - cn;
		}
		else
		{
			cp = br_gamma(&r) - 1;
			cn = br_gamma(&r) - 1;
			if (cp == UINT64_MAX || cn == UINT64_MAX || cp + cn == 0)
				return auc_bad(a, st, "invalid counts");
		}
		if (r.failed)
			return auc_bad(a, st, "truncated");
		/* a key that is not a score: NaN, or -0 (scores hold +0 only) */
		if (v > key_inf || v < key_ninf || v == key_nzero)
			return auc_bad(a, st, v == key_nzero ? "negative zero score" : "NaN score");
		if (cp > np - i || cn > nn - j)
			return auc_bad(a, st, "counts do not match");
		if (a == NULL)
		{
			/* past the size limit: decoded, not stored */
			i += cp;
			j += cn;
		}
		else if (cp + cn == 1)
		{
			/* one row: stored without a branch on its class */
			uint64_t   *slot = cn ? a->nk + j : a->pk + i;

			*slot = v;
			i += cp;
			j += cn;
		}
		else
		{
			while (cp-- > 0)
				a->pk[i++] = v;
			while (cn-- > 0)
				a->nk[j++] = v;
		}
		prev = v;
		if ((e & 0xffff) == 0xffff)
			mlc_check_interrupts();
	}
	if (i != np || j != nn)
		return auc_bad(a, st, "counts do not match");
	/* nothing after the last entry but zero padding */
	if (r.total - r.pos >= 8)
		return auc_bad(a, st, "trailing bytes");
	if (r.total > r.pos && (br_peek(&r) >> (64 - (r.total - r.pos))) != 0)
		return auc_bad(a, st, "nonzero padding");
	if (a == NULL)
	{
		*st = limit;
		return NULL;
	}
	a->np = np;
	a->nn = nn;
	a->sorted = true;
	a->pruns = np > 0;
	a->prun[0] = np;
	a->nruns = nn > 0;
	a->nrun[0] = nn;
	return a;
}

mlc_code
mlc_auc_write(const mlc_auc *a, mlc_buf *out, mlc_status *st)
{
	size_t		size = mlc_auc_serial_size(a);

	if (size == SIZE_MAX || size > mlc_max_value_bytes)
		return too_large(st, a->np + a->nn);
	/* a sorted unweighted state: format 2; otherwise format 1 */
	if (!a->weighted && (a->sorted || ((a->np == 0 || a->pruns == 1) && (a->nn == 0 || a->nruns == 1))))
		return auc_write_v2(a, out, st);
	return mlc_auc_write_raw(a, out, st);
}

mlc_code
mlc_auc_write_fast(mlc_auc *a, mlc_buf *out, mlc_status *st)
{
	uint64_t	first,
				last;

	if (mlc_auc_sort(a, st) != MLC_OK)
		return st->code;
	/* heavily tied scores: format 2 is a few bits per distinct score,
	 * faster to write and to read than 8 bytes a row */
	if (!a->weighted && distinct_keys(a, &first, &last) <= (a->np + a->nn) / 4)
		return mlc_auc_write(a, out, st);
	return mlc_auc_write_raw(a, out, st);
}

mlc_code
mlc_auc_write_raw(const mlc_auc *a, mlc_buf *out, mlc_status *st)
{
	size_t		size = mlc_auc_serial_size(a);
	unsigned char *p;
	size_t		i;

	if (size == SIZE_MAX || size > mlc_max_value_bytes || !mlc_buf_reserve(out, size))
		return too_large(st, a->np + a->nn);
	mlc_put_u8(out, 1);
	mlc_put_u8(out, a->weighted ? 1 : 0);
	mlc_put_u64(out, a->np);
	mlc_put_u64(out, a->nn);
	p = (unsigned char *) out->data + out->len;
	for (i = 0; i < a->np; i++, p += 8)
		mlc_store_be64(p, mlc_f64_bits(mlc_key_f64(a->pk[i])));
	for (i = 0; i < a->nn; i++, p += 8)
		mlc_store_be64(p, mlc_f64_bits(mlc_key_f64(a->nk[i])));
	if (a->weighted)
	{
		for (i = 0; i < a->np; i++, p += 8)
			mlc_store_be64(p, mlc_f64_bits(a->pw[i]));
		for (i = 0; i < a->nn; i++, p += 8)
			mlc_store_be64(p, mlc_f64_bits(a->nw[i]));
	}
	out->len = (char *) p - out->data;
	return MLC_OK;
}

/* rows in the order of a sorted class: keys ascending, and for a weighted
 * class the weights ascending within equal keys */
static bool
rows_ascending(const uint64_t *k, const double *w, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
		if (row_before(k, w, i, k, w, i - 1))
			return false;
	return true;
}

mlc_auc *
mlc_auc_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	uint8_t		version,
				flags;
	uint64_t	np,
				nn;
	mlc_auc    *a;
	const unsigned char *p;
	size_t		i,
				rb,
				rows = 0,
				bytes = SIZE_MAX;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	if (version == 2 && !r.failed)
		return auc_read_v2(&r, st);
	flags = mlc_get_u8(&r);
	np = mlc_get_u64(&r);
	nn = mlc_get_u64(&r);
	if (r.failed)
		return auc_bad(NULL, st, "truncated");
	if (version != 1)
		return auc_bad(NULL, st, "unknown format version");
	if (flags > 1)
		return auc_bad(NULL, st, "unknown flags");
	rb = flags ? 16 : 8;
	if (!mlc_add_size(np, nn, &rows) || !mlc_mul_size(rows, rb, &bytes) ||
		bytes != mlc_reader_remaining(&r))
		return auc_bad(NULL, st, bytes < mlc_reader_remaining(&r) ? "trailing bytes" : "truncated");
	a = auc_sized(flags != 0, np, nn, st);
	if (a == NULL)
		return NULL;
	p = mlc_get_bytes(&r, bytes);
	for (i = 0; i < rows; i++, p += 8)
	{
		double		v = mlc_bits_f64(mlc_load_be64(p));

		if (isnan(v))
			return auc_bad(a, st, "NaN score");
		if (v == 0)
			v = 0;
		if (i < np)
			a->pk[i] = mlc_f64_key(v);
		else
			a->nk[i - np] = mlc_f64_key(v);
	}
	if (a->weighted)
		for (i = 0; i < rows; i++, p += 8)
		{
			double		w = mlc_bits_f64(mlc_load_be64(p));

			if (!isfinite(w) || w < 0)
				return auc_bad(a, st, "weight is negative or not finite");
			if (i < np)
				a->pw[i] = w;
			else
				a->nw[i - np] = w;
		}
	a->np = np;
	a->nn = nn;
	a->sorted = (np + nn == 0);
	/* a state sorted before it was serialized (parallel workers do) is one
	 * run per class: the final walk can merge instead of sorting */
	a->pruns = np > 0 && rows_ascending(a->pk, a->pw, np);
	a->prun[0] = np;
	a->nruns = nn > 0 && rows_ascending(a->nk, a->nw, nn);
	a->nrun[0] = nn;
	return a;
}

/* ============================================================= mlc_prob */

static inline void
neumaier_add(double *s, double *c, double x)
{
	double		t = *s + x;

	if (fabs(*s) >= fabs(x))
		*c += (*s - t) + x;
	else
		*c += (x - t) + *s;
	*s = t;
}

void
mlc_prob_init(mlc_prob *p)
{
	memset(p, 0, sizeof(*p));
}

static inline double
clip_prob(double v)
{
	if (v < MLC_LOG_LOSS_EPS)
		return MLC_LOG_LOSS_EPS;
	if (v > 1 - MLC_LOG_LOSS_EPS)
		return 1 - MLC_LOG_LOSS_EPS;
	return v;
}

/* sums stay below this (times the largest per-row loss, about 36): far
 * from overflow, and rescaling happens rarely */
#define PROB_SUM_LIMIT 0x1p960
#define PROB_SCALE_STEP 64

static void
prob_rescale(mlc_prob *p, int32_t exp)
{
	int			d = exp - p->scale_exp;

	p->wsum = ldexp(p->wsum, -d);
	p->wsum_c = ldexp(p->wsum_c, -d);
	p->ll = ldexp(p->ll, -d);
	p->ll_c = ldexp(p->ll_c, -d);
	p->br = ldexp(p->br, -d);
	p->br_c = ldexp(p->br_c, -d);
	p->scale_exp = exp;
}

/* w in the state's units, rescaling the state first when needed */
static double
prob_units(mlc_prob *p, double w)
{
	double		u = ldexp(w, -p->scale_exp);

	while (u + p->wsum > PROB_SUM_LIMIT && p->scale_exp < 2048)
	{
		prob_rescale(p, p->scale_exp + PROB_SCALE_STEP);
		u = ldexp(w, -p->scale_exp);
	}
	return u;
}

void
mlc_prob_add(mlc_prob *p, double prob, bool positive, double w)
{
	/* sklearn 1.2: clip p to [eps, 1 - eps], form [1 - p, p], renormalize */
	double		q1 = clip_prob(prob),
				q0 = 1 - q1;
	double		loss = -log((positive ? q1 : q0) / (q0 + q1));
	double		d = (positive ? 1.0 : 0.0) - prob;

	p->rows++;
	w = prob_units(p, w);
	neumaier_add(&p->wsum, &p->wsum_c, w);
	neumaier_add(&p->ll, &p->ll_c, w * loss);
	neumaier_add(&p->br, &p->br_c, w * d * d);
}

void
mlc_prob_merge(mlc_prob *dst, const mlc_prob *src)
{
	mlc_prob	b = *src;

	dst->rows += src->rows;
	/* both on the coarser scale, then one more step if the sum needs it */
	if (b.scale_exp > dst->scale_exp)
		prob_rescale(dst, b.scale_exp);
	else if (b.scale_exp < dst->scale_exp)
		prob_rescale(&b, dst->scale_exp);
	if (dst->wsum + b.wsum > PROB_SUM_LIMIT)
	{
		prob_rescale(dst, dst->scale_exp + PROB_SCALE_STEP);
		prob_rescale(&b, dst->scale_exp);
	}
	neumaier_add(&dst->wsum, &dst->wsum_c, b.wsum);
	dst->wsum_c += b.wsum_c;
	neumaier_add(&dst->ll, &dst->ll_c, b.ll);
	dst->ll_c += b.ll_c;
	neumaier_add(&dst->br, &dst->br_c, b.br);
	dst->br_c += b.br_c;
}

/* the compensated sum + sum_c divided by the sum of weights: log loss, Brier */
static bool
prob_mean(const mlc_prob *p, double sum, double sum_c, double *out)
{
	double		w = p->wsum + p->wsum_c;

	if (p->rows == 0 || !(w > 0))
		return false;
	*out = (sum + sum_c) / w;
	return true;
}

bool
mlc_prob_log_loss(const mlc_prob *p, double *out)
{
	return prob_mean(p, p->ll, p->ll_c, out);
}

bool
mlc_prob_brier(const mlc_prob *p, double *out)
{
	return prob_mean(p, p->br, p->br_c, out);
}

void
mlc_prob_write(const mlc_prob *p, mlc_buf *out)
{
	mlc_put_u8(out, MLC_PROB_FORMAT_VERSION);
	mlc_put_i64(out, p->rows);
	mlc_put_f64s(out, 6, p->wsum, p->wsum_c, p->ll, p->ll_c, p->br, p->br_c);
	mlc_put_i32(out, p->scale_exp);
}

mlc_code
mlc_prob_read(const void *data, size_t len, mlc_prob *p, mlc_status *st)
{
	mlc_reader	r;
	double	   *f[6];
	int			i,
				version;

	f[0] = &p->wsum;
	f[1] = &p->wsum_c;
	f[2] = &p->ll;
	f[3] = &p->ll_c;
	f[4] = &p->br;
	f[5] = &p->br_c;
	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	if ((version < 1 || version > MLC_PROB_FORMAT_VERSION) && !r.failed)
		return mlc_fail(st, MLC_ESYNTAX, "invalid binary log loss state: unknown format version", NULL, NULL);
	p->rows = mlc_get_i64(&r);
	for (i = 0; i < 6; i++)
		*f[i] = mlc_get_f64(&r);
	/* version 1 had no scale (always 2^0) */
	p->scale_exp = version >= 2 ? mlc_get_i32(&r) : 0;
	if (mlc_reader_finish(&r, st, "log loss state") != MLC_OK)
		return st->code;
	if (p->scale_exp < 0 || p->scale_exp > 2048 + PROB_SCALE_STEP)
		return mlc_fail(st, MLC_ESYNTAX, "invalid binary log loss state: bad scale", NULL, NULL);
	for (i = 0; i < 6; i++)
		if (!isfinite(*f[i]))
			return mlc_fail(st, MLC_ESYNTAX, "invalid binary log loss state: sum not finite", NULL, NULL);
	if (p->rows < 0 || p->wsum < 0 || p->ll < 0 || p->br < 0)
		return mlc_fail(st, MLC_ESYNTAX, "invalid binary log loss state: negative sum", NULL, NULL);
	return MLC_OK;
}

/* =========================================================== mlc_scores */

mlc_code
mlc_scores_check_bins(int64_t max_bins, mlc_status *st)
{
	if (max_bins < 1 || max_bins > MLC_SCORES_MAX_BINS)
		return mlc_failf(st, MLC_EBADARG, "Use a max_bins between 1 and 1000000 (default 10000).",
						 "max_bins must be between 1 and %d, got %" PRId64,
						 MLC_SCORES_MAX_BINS, max_bins);
	return MLC_OK;
}

mlc_scores *
mlc_scores_new(int32_t max_bins, bool weighted)
{
	mlc_scores *s = mlc_alloc0(sizeof(mlc_scores));

	if (s == NULL)
		return NULL;
	s->max_bins = max_bins;
	s->buf = mlc_auc_new(weighted);
	if (s->buf == NULL)
	{
		mlc_free(s);
		return NULL;
	}
	s->buf_limit = max_bins < 4096 ? 4096 : max_bins > 65536 ? 65536 : (size_t) max_bins;
	return s;
}

void
mlc_scores_free(mlc_scores *s)
{
	if (s == NULL)
		return;
	mlc_auc_free(s->buf);
	mlc_free(s->e);
	mlc_free(s);
}

static inline bool
is_point(const mlc_scores_entry *e)
{
	return e->lo == e->hi;
}

/* Union of two sorted entry lists; overlapping or touching ranges are merged. */
static size_t
merge_entries(const mlc_scores_entry *a, size_t ka, const mlc_scores_entry *b,
			  size_t kb, mlc_scores_entry *out)
{
	size_t		i = 0,
				j = 0,
				k = 0;

	while (i < ka || j < kb)
	{
		const mlc_scores_entry *x;

		if (j >= kb || (i < ka && a[i].lo <= b[j].lo))
			x = &a[i++];
		else
			x = &b[j++];
		if (k > 0 && x->lo <= out[k - 1].hi)
		{
			mlc_scores_entry *o = &out[k - 1];

			if (x->hi > o->hi)
				o->hi = x->hi;
			o->pos += x->pos;
			o->neg += x->neg;
		}
		else
			out[k++] = *x;
		if ((k & 0xffff) == 0)
			mlc_check_interrupts();
	}
	return k;
}

/*
 * Compaction puts bins on a fixed grid: a bin is the set of scores whose
 * order-preserving 64-bit keys (mlc_f64_key) share their first `level` bits.
 * An exact entry is a level-64 bin.  Because the grid is the same for every
 * partial summary, bins of two summaries either coincide or are disjoint, so
 * merging binned summaries (parallel workers, merge() of daily values) keeps
 * the bounds as tight as one pass over all rows would: the merged summary
 * sits at the finest level at which the union fits in max_bins, which is
 * the level a single pass reaches.  (A data-dependent greedy merge would let
 * bins of different partials overlap and collapse into one.)
 */
static inline uint64_t
grid_prefix(double v, int level)
{
	return level <= 0 ? 0 : mlc_f64_key(v) >> (64 - level);
}

/* The finest level at which every entry lies inside one grid bin. */
static int
grid_level(const mlc_scores_entry *e, size_t k)
{
	int			level = 64;
	size_t		i;

	for (i = 0; i < k; i++)
		if (e[i].lo != e[i].hi)
		{
			uint64_t	x = mlc_f64_key(e[i].lo) ^ mlc_f64_key(e[i].hi);
			int			lcp = x ? __builtin_clzll(x) : 64;

			if (lcp < level)
				level = lcp;
		}
	return level;
}

/* Number of grid bins at `level` that sorted entries occupy. */
static size_t
grid_count(const mlc_scores_entry *e, size_t k, int level)
{
	size_t		n = k ? 1 : 0,
				i;

	for (i = 1; i < k; i++)
		if (grid_prefix(e[i].lo, level) != grid_prefix(e[i - 1].lo, level))
			n++;
	return n;
}

/* Merge adjacent entries of the same grid bin (in place). */
static void
grid_rebucket(mlc_scores *s, int level)
{
	mlc_scores_entry *e = s->e;
	size_t		n = 0,
				i;

	if (s->k == 0)
		return;
	for (i = 1; i < s->k; i++)
	{
		if (grid_prefix(e[i].lo, level) == grid_prefix(e[n].lo, level))
		{
			e[n].hi = e[i].hi;
			e[n].pos += e[i].pos;
			e[n].neg += e[i].neg;
		}
		else
			e[++n] = e[i];
		if ((i & 0xffff) == 0)
			mlc_check_interrupts();
	}
	s->k = n + 1;
}

/* Bring the entries down to at most max_bins grid bins. */
static void
compact(mlc_scores *s)
{
	int			level;

	if (s->k <= (size_t) s->max_bins)
		return;
	level = grid_level(s->e, s->k);
	while (level > 0 && grid_count(s->e, s->k, level) > (size_t) s->max_bins)
		level--;
	grid_rebucket(s, level);
}

static mlc_code
set_entries(mlc_scores *s, mlc_scores_entry *ne, size_t k, size_t cap)
{
	mlc_free(s->e);
	s->e = ne;
	s->k = k;
	s->cap = cap;
	compact(s);
	return MLC_OK;
}

mlc_code
mlc_scores_flush_buffer(mlc_scores *s, mlc_status *st)
{
	mlc_auc    *b = s->buf;
	mlc_scores_entry *runs,
			   *ne;
	size_t		nr = 0,
				i = 0,
				j = 0,
				k;

	if (auc_sort(b, false, st) != MLC_OK)
		return st->code;
	runs = mlc_alloc((b->np + b->nn) * sizeof(mlc_scores_entry));
	ne = mlc_alloc((b->np + b->nn + s->k) * sizeof(mlc_scores_entry));
	if (runs == NULL || ne == NULL)
	{
		mlc_free(runs);
		mlc_free(ne);
		return mlc_fail(st, MLC_ENOMEM, "out of memory merging scores", NULL, NULL);
	}
	while (i < b->np || j < b->nn)
	{
		uint64_t	v;
		double		p = 0,
					n = 0;

		if (j >= b->nn || (i < b->np && b->pk[i] <= b->nk[j]))
			v = b->pk[i];
		else
			v = b->nk[j];
		while (i < b->np && b->pk[i] == v)
			p += b->weighted ? b->pw[i++] : (i++, 1.0);
		while (j < b->nn && b->nk[j] == v)
			n += b->weighted ? b->nw[j++] : (j++, 1.0);
		if (p + n > 0)
		{
			runs[nr].lo = runs[nr].hi = mlc_key_f64(v);
			runs[nr].pos = p;
			runs[nr].neg = n;
			nr++;
		}
	}
	k = merge_entries(s->e, s->k, runs, nr, ne);
	mlc_free(runs);
	mlc_auc_reset(b);
	return set_entries(s, ne, k, b->np + b->nn + s->k);
}

mlc_code
mlc_scores_merge(mlc_scores *dst, mlc_scores *src, mlc_status *st)
{
	mlc_scores_entry *ne;
	size_t		k;

	if (mlc_scores_flush(dst, st) != MLC_OK || mlc_scores_flush(src, st) != MLC_OK ||
		mlc_count_add_i64(&dst->n_null, src->n_null, "scores NULL count", st) != MLC_OK)
		return st->code;
	if (src->max_bins > dst->max_bins)
		dst->max_bins = src->max_bins;
	if (src->k == 0)
		return MLC_OK;
	ne = mlc_alloc((dst->k + src->k) * sizeof(mlc_scores_entry));
	if (ne == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory merging scores", NULL, NULL);
	{
		/* both sides on the coarser of their grids first */
		int			level = grid_level(dst->e, dst->k);
		int			l2 = grid_level(src->e, src->k);
		size_t		cap = dst->k + src->k;

		if (l2 < level)
			level = l2;
		k = merge_entries(dst->e, dst->k, src->e, src->k, ne);
		mlc_free(dst->e);
		dst->e = ne;
		dst->k = k;
		dst->cap = cap;
		if (level < 64)
			grid_rebucket(dst, level);
	}
	compact(dst);
	return MLC_OK;
}

static void
flush_or_ignore(mlc_scores *s)
{
	mlc_status	st;

	/* accessors work on stored values, whose buffer is always empty */
	(void) mlc_scores_flush(s, &st);
}

bool
mlc_scores_is_exact(mlc_scores *s)
{
	size_t		i;

	flush_or_ignore(s);
	for (i = 0; i < s->k; i++)
		if (!is_point(&s->e[i]))
			return false;
	return true;
}

/*
 * Powers of two the accessors multiply the counts by (see mlc_pow2_scale):
 * *sp for positives, *sn for negatives (ROC AUC is invariant under each),
 * and their common scale (for everything mixing the two).  Counts may be
 * as large as 1e308 each or as small as 1e-300.
 */
static double
scores_scales(const mlc_scores *s, double *sp, double *sn)
{
	double		mp = 0,
				mn = 0;
	size_t		i;

	for (i = 0; i < s->k; i++)
	{
		mp = fmax(mp, s->e[i].pos);
		mn = fmax(mn, s->e[i].neg);
	}
	if (sp)
		*sp = mlc_pow2_scale(mp, (double) s->k);
	if (sn)
		*sn = mlc_pow2_scale(mn, (double) s->k);
	return mlc_pow2_scale(fmax(mp, mn), (double) s->k);
}

/* totals multiplied by sp and sn */
static void
scaled_totals(const mlc_scores *s, double sp, double sn, double *pos, double *neg)
{
	size_t		i;

	*pos = *neg = 0;
	for (i = 0; i < s->k; i++)
	{
		*pos += s->e[i].pos * sp;
		*neg += s->e[i].neg * sn;
	}
}

void
mlc_scores_totals(const mlc_scores *s, double *pos, double *neg)
{
	size_t		i;

	*pos = *neg = 0;
	for (i = 0; i < s->k; i++)
	{
		*pos += s->e[i].pos;
		*neg += s->e[i].neg;
	}
}

bool
mlc_scores_roc_auc(mlc_scores *s, double *auc, double *lower, double *upper)
{
	double		P,
				N,
				sp,
				sn,
				below = 0,
				num = 0,
				width = 0,
				den;
	size_t		i;

	flush_or_ignore(s);
	(void) scores_scales(s, &sp, &sn);
	scaled_totals(s, sp, sn, &P, &N);
	if (!(P > 0) || !(N > 0))
		return false;
	for (i = 0; i < s->k; i++)
	{
		const mlc_scores_entry *e = &s->e[i];
		double		pos = e->pos * sp,
					neg = e->neg * sn;

		if (is_point(e))
			num += pos * (below + 0.5 * neg);
		else
		{
			num += pos * below;
			width += pos * neg;
		}
		below += neg;
	}
	den = P * N;
	if (width == 0)
	{
		*auc = *lower = *upper = num / den;
		return true;
	}
	*auc = (num + 0.5 * width) / den;
	/* a few ulps of slack so rounding of weighted sums cannot exclude the
	 * exact value; the bounds are clamped to [0, 1] */
	*lower = fmax(0.0, num / den * (1 - 8 * DBL_EPSILON));
	*upper = fmin(1.0, (num + width) / den * (1 + 8 * DBL_EPSILON));
	return true;
}

bool
mlc_scores_pr_auc(mlc_scores *s, double *ap)
{
	double		P,
				N,
				tp = 0,
				fp = 0,
				sum = 0,
				sc;
	size_t		i;

	flush_or_ignore(s);
	sc = scores_scales(s, NULL, NULL);
	scaled_totals(s, sc, sc, &P, &N);
	if (!(P > 0))
		return false;			/* no positive weight: undefined */
	if (!(N > 0))
	{
		/* positives only: precision 1 at every threshold (sklearn: 1.0) */
		*ap = 1.0;
		return true;
	}
	for (i = s->k; i-- > 0;)
	{
		const mlc_scores_entry *e = &s->e[i];

		tp += e->pos * sc;
		fp += e->neg * sc;
		if (e->pos > 0)
			sum += e->pos * sc * (tp / (tp + fp));
	}
	*ap = sum / P;
	return true;
}

void
mlc_scores_counts_at(mlc_scores *s, double t, double *tp, double *fp, double *fn, double *tn)
{
	double		P,
				N,
				p = 0,
				n = 0,
				sc;
	size_t		i;

	flush_or_ignore(s);
	/* on scaled counts, so that fn = P - tp is not Infinity - Infinity */
	sc = scores_scales(s, NULL, NULL);
	scaled_totals(s, sc, sc, &P, &N);
	for (i = s->k; i-- > 0;)
	{
		const mlc_scores_entry *e = &s->e[i];

		if (e->lo >= t)
		{
			p += e->pos * sc;
			n += e->neg * sc;
		}
		else if (e->hi >= t)
		{
			/* a bin straddling t: split in proportion of [t, hi] in [lo, hi] */
			double		f = (isinf(e->lo) || isinf(e->hi)) ? 0.5 : (e->hi - t) / (e->hi - e->lo);

			p += e->pos * sc * f;
			n += e->neg * sc * f;
		}
		else
			break;
	}
	/* back to counts: exact, or +Infinity past the float8 range */
	*tp = p / sc;
	*fp = n / sc;
	*fn = fmax(0.0, P - p) / sc;
	*tn = fmax(0.0, N - n) / sc;
}

bool
mlc_scores_best_threshold(mlc_scores *s, mlc_criterion c, double *threshold, double *value)
{
	double		P,
				N,
				tp = 0,
				fp = 0,
				sc;
	bool		found = false;
	size_t		i;

	flush_or_ignore(s);
	sc = scores_scales(s, NULL, NULL);
	scaled_totals(s, sc, sc, &P, &N);
	if (c == MLC_CRIT_YOUDEN && (!(P > 0) || !(N > 0)))
		return false;
	for (i = s->k; i-- > 0;)
	{
		const mlc_scores_entry *e = &s->e[i];
		double		v,
					den;

		tp += e->pos * sc;
		fp += e->neg * sc;
		switch (c)
		{
			case MLC_CRIT_F1:
				den = tp + P + fp;	/* 2tp + fp + fn */
				if (!(den > 0))
					continue;
				v = 2 * tp / den;
				break;
			case MLC_CRIT_YOUDEN:
				v = tp / P - fp / N;
				break;
			default:
				v = (tp + (N - fp)) / (P + N);
				break;
		}
		if (!found || v > *value)
		{
			*value = v;
			*threshold = e->lo;
			found = true;
		}
	}
	return found;
}

size_t
mlc_scores_points(mlc_scores *s, double *thr, double *fpr, double *tpr, double *precision)
{
	double		P,
				N,
				tp = 0,
				fp = 0,
				sc;
	size_t		i,
				rows = 0;

	flush_or_ignore(s);
	sc = scores_scales(s, NULL, NULL);
	scaled_totals(s, sc, sc, &P, &N);
	for (i = s->k; i-- > 0;)
	{
		const mlc_scores_entry *e = &s->e[i];

		tp += e->pos * sc;
		fp += e->neg * sc;
		thr[rows] = e->lo;
		fpr[rows] = N > 0 ? fp / N : NAN;
		tpr[rows] = P > 0 ? tp / P : NAN;
		precision[rows] = tp / (tp + fp);
		rows++;
	}
	return rows;
}

/* ------------------------------------------------------------ codec */

mlc_code
mlc_scores_write(mlc_scores *s, mlc_buf *out, mlc_status *st)
{
	size_t		i;

	if (mlc_scores_flush(s, st) != MLC_OK)
		return st->code;
	/* never build a value the reader refuses: weighted rows can sum to
	 * +Infinity in one entry (two weights of 1e308 on one score) */
	for (i = 0; i < s->k; i++)
		if (!isfinite(s->e[i].pos) || !isfinite(s->e[i].neg))
			return mlc_fail(st, MLC_ERANGE, "scores count overflows",
							"A sum of weights at one score (or in one bin) is not a finite float8.",
							"Use smaller weights (e.g. divide them by their maximum).");
	if (s->n_null < 0)
		return mlc_fail(st, MLC_ERANGE, "scores NULL count overflows", NULL, NULL);
	mlc_put_u8(out, MLC_SCORES_FORMAT_VERSION);
	mlc_put_i32(out, s->max_bins);
	mlc_put_i64(out, s->n_null);
	mlc_put_u64(out, s->k);
	for (i = 0; i < s->k; i++)
	{
		const mlc_scores_entry *e = &s->e[i];

		mlc_put_u8(out, is_point(e) ? 0 : 1);
		mlc_put_f64(out, e->lo);
		if (!is_point(e))
			mlc_put_f64(out, e->hi);
		mlc_put_f64(out, e->pos);
		mlc_put_f64(out, e->neg);
	}
	return mlc_buf_done(out, st, "scores value is too large",
						"Use a smaller max_bins or raise mlcheck.max_value_kb.");
}

/* Shared validation of one entry against its predecessor; NULL when fine. */
static const char *
check_entry(mlc_scores_entry *e, const mlc_scores_entry *prev)
{
	if (isnan(e->lo) || isnan(e->hi))
		return "score is NaN";
	if (e->lo == 0)
		e->lo = 0;
	if (e->hi == 0)
		e->hi = 0;
	if (e->hi < e->lo)
		return "bin has hi < lo";
	if (!isfinite(e->pos) || !isfinite(e->neg) || e->pos < 0 || e->neg < 0)
		return "count is negative or not finite";
	if (!(e->pos + e->neg > 0))
		return "entry has no rows";
	if (prev && !(prev->hi < e->lo))
		return "entries not sorted and disjoint";
	return NULL;
}

static mlc_scores *
scores_bad(mlc_scores *s, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_scores_type, s, NULL, st, NULL, "invalid binary scores value", why);
}

static mlc_scores *
scores_alloc(int32_t max_bins, size_t k)
{
	mlc_scores *s = mlc_scores_new(max_bins, false);

	if (s == NULL)
		return NULL;
	if (k > 0)
	{
		s->e = mlc_alloc(k * sizeof(mlc_scores_entry));
		if (s->e == NULL)
		{
			mlc_scores_free(s);
			return NULL;
		}
		s->cap = k;
	}
	return s;
}

mlc_scores *
mlc_scores_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	uint8_t		version;
	int32_t		max_bins;
	int64_t		n_null;
	uint64_t	k,
				i;
	mlc_scores *s;
	const char *why;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	max_bins = mlc_get_i32(&r);
	n_null = mlc_get_i64(&r);
	k = mlc_get_u64(&r);
	if (r.failed)
		return scores_bad(NULL, st, "truncated");
	if (version != MLC_SCORES_FORMAT_VERSION)
		return scores_bad(NULL, st, "unknown format version");
	if (max_bins < 1 || max_bins > MLC_SCORES_MAX_BINS)
		return scores_bad(NULL, st, "max_bins out of range");
	if (n_null < 0)
		return scores_bad(NULL, st, "negative n_null");
	if (k > (uint64_t) max_bins)
		return scores_bad(NULL, st, "more entries than max_bins");
	if (k * 25 > mlc_reader_remaining(&r))
		return scores_bad(NULL, st, "truncated");
	s = scores_alloc(max_bins, k);
	if (s == NULL)
		return scores_bad(NULL, st, "out of memory");
	s->n_null = n_null;
	for (i = 0; i < k; i++)
	{
		mlc_scores_entry *e = &s->e[i];
		uint8_t		kind = mlc_get_u8(&r);

		e->lo = mlc_get_f64(&r);
		e->hi = kind == 1 ? mlc_get_f64(&r) : e->lo;
		e->pos = mlc_get_f64(&r);
		e->neg = mlc_get_f64(&r);
		if (r.failed)
			return scores_bad(s, st, "truncated");
		if (kind > 1)
			return scores_bad(s, st, "unknown entry kind");
		if (kind == 1 && !(e->lo < e->hi))
			return scores_bad(s, st, "bin has lo >= hi");
		if ((why = check_entry(e, i ? &s->e[i - 1] : NULL)) != NULL)
			return scores_bad(s, st, why);
		s->k = i + 1;
	}
	if (mlc_reader_finish(&r, st, "scores") != MLC_OK)
	{
		mlc_scores_free(s);
		return NULL;
	}
	return s;
}

/* ------------------------------------------------------------- JSON */

mlc_code
mlc_scores_to_json(mlc_scores *s, mlc_buf *out, mlc_status *st)
{
	size_t		i;

	if (mlc_scores_flush(s, st) != MLC_OK)
		return st->code;
	mlc_buf_printf(out, "{\"max_bins\": %d, \"n_null\": %" PRId64 ", \"exact\": %s, \"entries\": [",
				   s->max_bins, s->n_null, mlc_scores_is_exact(s) ? "true" : "false");
	for (i = 0; i < s->k; i++)
	{
		const mlc_scores_entry *e = &s->e[i];

		mlc_buf_puts(out, i ? ", [" : "[");
		mlc_buf_double(out, e->lo);
		if (!is_point(e))
		{
			mlc_buf_puts(out, ", ");
			mlc_buf_double(out, e->hi);
		}
		mlc_buf_puts(out, ", ");
		mlc_buf_double(out, e->pos);
		mlc_buf_puts(out, ", ");
		mlc_buf_double(out, e->neg);
		mlc_buf_putc(out, ']');
	}
	mlc_buf_puts(out, "]}");
	return mlc_buf_done(out, st, "scores text is too large", NULL);
}

static mlc_scores *
json_bad(mlc_scores *s, mlc_json *j, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_scores_type, s, j, st,
						   "Expected {\"max_bins\": N, \"n_null\": N, \"exact\": B, \"entries\": [[score, pos, neg] or [lo, hi, pos, neg], ...]} sorted by score.",
						   "invalid input syntax for type scores", why);
}

mlc_scores *
mlc_scores_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const allowed[] = {"max_bins", "n_null", "exact", "entries", NULL};
	static const char *const required[] = {"max_bins", "entries", NULL};
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, required, "scores", st);
	const mlc_json *entries,
			   *v;
	mlc_scores *s = NULL;
	int64_t		max_bins,
				n_null = 0;
	size_t		i;
	const char *why;

	if (j == NULL)
		return NULL;
	v = mlc_json_get(j, "max_bins");
	if (v->type != MLC_JSON_NUMBER || !v->int_exact || v->ival < 1 || v->ival > MLC_SCORES_MAX_BINS)
		return json_bad(s, j, st, "\"max_bins\" must be an integer between 1 and 1000000");
	max_bins = v->ival;
	if ((v = mlc_json_get(j, "n_null")) != NULL &&
		mlc_json_to_int64(v, "scores", "n_null", &n_null, st) != MLC_OK)
	{
		mlc_json_free(j);
		return NULL;
	}
	entries = mlc_json_get(j, "entries");
	if (entries->type != MLC_JSON_ARRAY)
		return json_bad(s, j, st, "\"entries\" must be an array");
	if (entries->len > (size_t) max_bins)
		return json_bad(s, j, st, "more entries than max_bins");
	s = scores_alloc((int32_t) max_bins, entries->len);
	if (s == NULL)
		return json_bad(s, j, st, "out of memory");
	s->n_null = n_null;
	for (i = 0; i < entries->len; i++)
	{
		const mlc_json *it = entries->items[i];
		mlc_scores_entry *e = &s->e[i];
		mlc_status	dummy;

		if (it->type != MLC_JSON_ARRAY || (it->len != 3 && it->len != 4))
			return json_bad(s, j, st, "each entry must be [score, pos, neg] or [lo, hi, pos, neg]");
		if (mlc_json_to_double(it->items[0], "scores", "score", &e->lo, &dummy) != MLC_OK ||
			(it->len == 4 &&
			 mlc_json_to_double(it->items[1], "scores", "score", &e->hi, &dummy) != MLC_OK))
			return json_bad(s, j, st, "scores must be numbers, \"Infinity\" or \"-Infinity\"");
		if (it->len == 3)
			e->hi = e->lo;
		else if (!(e->lo < e->hi))
			return json_bad(s, j, st, "a bin [lo, hi, pos, neg] needs lo < hi");
		if (mlc_json_to_count(it->items[it->len - 2], "scores", "pos", &e->pos, &dummy) != MLC_OK ||
			mlc_json_to_count(it->items[it->len - 1], "scores", "neg", &e->neg, &dummy) != MLC_OK)
			return json_bad(s, j, st, "counts must be finite non-negative numbers");
		if ((why = check_entry(e, i ? &s->e[i - 1] : NULL)) != NULL)
			return json_bad(s, j, st, why);
		s->k = i + 1;
	}
	v = mlc_json_get(j, "exact");
	if (v != NULL)
	{
		if (v->type != MLC_JSON_BOOL)
			return json_bad(s, j, st, "\"exact\" must be true or false");
		if (v->boolean != mlc_scores_is_exact(s))
			return json_bad(s, j, st, "\"exact\" does not match the entries");
	}
	mlc_json_free(j);
	return s;
}
