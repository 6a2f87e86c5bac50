/*
 * mlc_drift.c — PSI, KS, Wasserstein, Jensen-Shannon, chi-square and the
 * drift() rule over numeric and categorical profiles (see mlc_drift.h).
 */
#include "mlc_drift.h"
#include "mlc_dist.h"
#include "mlc_stats.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* sorted weighted view with prefix sums: cw[i] = weight of items < i */
typedef struct view
{
	double	   *v;
	double	   *w;
	double	   *cw;
	int64_t		m;
	double		n;
} view;

static void
view_free(view *x)
{
	mlc_free(x->v);
	mlc_free(x->w);
	mlc_free(x->cw);
	memset(x, 0, sizeof(*x));
}

static mlc_code
view_make(mlc_numprof *p, view *x, bool prefix, mlc_status *st)
{
	mlc_code	rc;
	int64_t		i;

	memset(x, 0, sizeof(*x));
	rc = mlc_numprof_view(p, &x->v, &x->w, &x->m, st);
	if (rc != MLC_OK)
		return rc;
	x->n = (double) p->n;
	if (prefix)
	{
		x->cw = mlc_alloc(sizeof(double) * (x->m + 1));
		if (x->cw == NULL)
		{
			view_free(x);
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		}
		x->cw[0] = 0;
		for (i = 0; i < x->m; i++)
			x->cw[i + 1] = x->cw[i] + x->w[i];
	}
	return MLC_OK;
}

/* weight of items < t (side='left'), or <= t when inclusive (side='right') */
static double
count_to(const view *x, double t, bool inclusive)
{
	return x->cw[mlc_sorted_rank(x->v, x->m, t, inclusive)];
}

/*
 * The views of two profiles (a of ref, b of cur); nothing to free on error.
 * For a statistic (defined not NULL: *defined starts false), none (a->n ==
 * 0, nothing to free) when either profile has no rows: it is undefined.
 */
static mlc_code
view_pair(mlc_numprof *ref, mlc_numprof *cur, bool prefix, bool *defined, view *a,
		  view *b, mlc_status *st)
{
	mlc_code	rc;

	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	if (defined != NULL)
	{
		*defined = false;
		if (ref->n == 0 || cur->n == 0)
			return MLC_OK;
	}
	if ((rc = view_make(ref, a, prefix, st)) != MLC_OK)
		return rc;
	if ((rc = view_make(cur, b, prefix, st)) != MLC_OK)
		view_free(a);
	return rc;
}

/*
 * The merge of two sorted views by distinct value: walk_next sets *x to the
 * next value of either view, adds the weights of its items in a and in b to
 * *wa and *wb (item by item, in order) and steps past them; false at the
 * end.
 */
typedef struct walk
{
	const view *a;
	const view *b;
	int64_t		i;
	int64_t		j;
} walk;

static bool
walk_next(walk *w, double *x, double *wa, double *wb)
{
	const view *a = w->a,
			   *b = w->b;

	if (w->i >= a->m && w->j >= b->m)
		return false;
	*x = (w->j >= b->m || (w->i < a->m && a->v[w->i] <= b->v[w->j])) ? a->v[w->i] : b->v[w->j];
	while (w->i < a->m && a->v[w->i] == *x)
		*wa += a->w[w->i++];
	while (w->j < b->m && b->v[w->j] == *x)
		*wb += b->w[w->j++];
	return true;
}

/* ----------------------------------------------------- KS and Wasserstein */

/*
 * D = F_ref - F_cur, the difference of the empirical CDFs of two profiles,
 * at the distinct values x_1 < ... < x_k of both: its largest and smallest
 * value (KS) and the area under |D| (Wasserstein-1, unscaled), the sum of
 * |D(x_i)| (x_i+1 - x_i).  Undefined when either profile has no rows.
 */
static mlc_code
ecdf_difference(mlc_numprof *ref, mlc_numprof *cur, bool *defined, double *maxd,
				double *mind, double *area, mlc_status *st)
{
	view		a,
				b;
	walk		w = {&a, &b, 0, 0};
	mlc_code	rc;
	double		x,
				c1 = 0,
				c2 = 0,
				prev = 0,
				prevdiff = 0;
	bool		first = true;

	*maxd = *mind = *area = 0;
	if ((rc = view_pair(ref, cur, false, defined, &a, &b, st)) != MLC_OK || a.n == 0)
		return rc;
	while (walk_next(&w, &x, &c1, &c2))
	{
		double		diff = c1 / a.n - c2 / b.n;

		if (diff > *maxd)
			*maxd = diff;
		if (diff < *mind)
			*mind = diff;
		/* the area up to x is that of the step before it */
		if (!first)
			*area += prevdiff * (x - prev);
		prevdiff = fabs(diff);
		prev = x;
		first = false;
	}
	view_free(&a);
	view_free(&b);
	*defined = true;
	return MLC_OK;
}

mlc_code
mlc_drift_ks(mlc_numprof *ref, mlc_numprof *cur, bool *defined, double *stat,
			 double *p, mlc_status *st)
{
	mlc_code	rc;
	double		maxd,
				mind,
				area,
				d;
	bool		exact;

	if ((rc = ecdf_difference(ref, cur, defined, &maxd, &mind, &area, st)) != MLC_OK || !*defined)
		return rc;
	mind = -mind;
	if (mind > 1)
		mind = 1;
	d = mind > maxd ? mind : maxd;
	mlc_ks_2samp_pvalue(ref->n, cur->n, d, stat, p, &exact);
	return MLC_OK;
}

mlc_code
mlc_drift_wasserstein(mlc_numprof *ref, mlc_numprof *cur, bool *defined, double *out,
					  mlc_status *st)
{
	mlc_code	rc;
	double		maxd,
				mind,
				area,
				sd;
	mlc_moments m;

	if ((rc = ecdf_difference(ref, cur, defined, &maxd, &mind, &area, st)) != MLC_OK || !*defined)
		return rc;
	mlc_numprof_moments(ref, &m);
	sd = sqrt(m.m2 / (double) m.n);
	if (!(sd > MLC_WASSERSTEIN_MIN_STD))
		sd = MLC_WASSERSTEIN_MIN_STD;
	*out = area / sd;
	return MLC_OK;
}

/* ------------------------------------------------------------------- PSI */

static mlc_code
check_bins(int bins, const char *fn, mlc_status *st)
{
	if (bins < 2 || bins > MLC_DRIFT_MAX_BINS)
		return mlc_failf(st, MLC_EBADARG, "Use between 2 and 10000 bins, e.g. bins => 10.",
						 "%s: bins must be between 2 and %d, got %d", fn, MLC_DRIFT_MAX_BINS, bins);
	return MLC_OK;
}

static double
psi_term(double r, double c)
{
	if (r == 0)
		r = MLC_PSI_EPS;
	if (c == 0)
		c = MLC_PSI_EPS;
	return (c - r) * log(c / r);
}

mlc_code
mlc_drift_psi(mlc_numprof *ref, mlc_numprof *cur, int bins, bool *defined, double *out,
			  mlc_status *st)
{
	view		a,
				b;
	mlc_code	rc;
	double	   *edges;
	double		sum = 0,
				pa = 0,
				pb = 0;
	int			i;

	*defined = false;
	if ((rc = check_bins(bins, "psi", st)) != MLC_OK)
		return rc;
	if (ref->n == 0 || cur->n == 0)
		return MLC_OK;
	edges = mlc_alloc(sizeof(double) * bins);
	if (edges == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	for (i = 1; i < bins; i++)
		mlc_numprof_quantile(ref, (double) i / (double) bins, &edges[i - 1]);
	if ((rc = view_pair(ref, cur, true, NULL, &a, &b, st)) != MLC_OK)
	{
		mlc_free(edges);
		return rc;
	}
	for (i = 0; i < bins; i++)
	{
		double		ca = i < bins - 1 ? count_to(&a, edges[i], false) : a.n,
					cb = i < bins - 1 ? count_to(&b, edges[i], false) : b.n;

		sum += psi_term((ca - pa) / a.n, (cb - pb) / b.n);
		pa = ca;
		pb = cb;
	}
	view_free(&a);
	view_free(&b);
	mlc_free(edges);
	*out = sum;
	*defined = true;
	return MLC_OK;
}

/* ---------------------------------------------------------- Jensen-Shannon */

static double
rel_entr(double x, double y)
{
	if (x > 0 && y > 0)
		return x * log(x / y);
	if (x == 0 && y >= 0)
		return 0;
	return INFINITY;
}

/* scipy.spatial.distance.jensenshannon on two count vectors turned into
 * proportions (p_i = c_i / n, then renormalised as SciPy does) */
static double
js_of(const double *ca, double na, const double *cb, double nb, int64_t k)
{
	double		sa = 0,
				sb = 0,
				left = 0,
				right = 0;
	int64_t		i;

	for (i = 0; i < k; i++)
	{
		sa += ca[i] / na;
		sb += cb[i] / nb;
	}
	for (i = 0; i < k; i++)
	{
		double		p = (ca[i] / na) / sa,
					q = (cb[i] / nb) / sb,
					m = (p + q) / 2.0;

		left += rel_entr(p, m);
		right += rel_entr(q, m);
	}
	return sqrt((left + right) / 2.0);
}

mlc_code
mlc_drift_js(mlc_numprof *ref, mlc_numprof *cur, int bins, bool *defined, double *out,
			 mlc_status *st)
{
	view		a,
				b;
	mlc_code	rc;
	mlc_moments ma,
				mb;
	double		first,
				last,
				delta,
				step,
			   *edges,
			   *ha,
			   *hb;
	int			i;

	*defined = false;
	if ((rc = check_bins(bins, "js_distance", st)) != MLC_OK)
		return rc;
	if (ref->n == 0 || cur->n == 0)
		return MLC_OK;
	mlc_numprof_moments(ref, &ma);
	mlc_numprof_moments(cur, &mb);
	first = ma.min < mb.min ? ma.min : mb.min;
	last = ma.max > mb.max ? ma.max : mb.max;
	if (first == last)
	{
		first -= 0.5;
		last += 0.5;
	}
	edges = mlc_alloc(sizeof(double) * (bins + 1));
	ha = mlc_alloc0(sizeof(double) * bins);
	hb = mlc_alloc0(sizeof(double) * bins);
	if (!edges || !ha || !hb)
	{
		mlc_free(edges);
		mlc_free(ha);
		mlc_free(hb);
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	/* numpy.linspace(first, last, bins + 1) */
	delta = last - first;
	step = delta / bins;
	for (i = 0; i <= bins; i++)
		edges[i] = (step == 0 ? ((double) i / bins) * delta : (double) i * step) + first;
	edges[bins] = last;
	if ((rc = view_pair(ref, cur, true, NULL, &a, &b, st)) != MLC_OK)
		goto out;
	/* numpy.histogram with explicit edges: [e_i, e_i+1), last bin closed */
	for (i = 0; i < bins; i++)
	{
		bool		last_bin = i == bins - 1;

		ha[i] = count_to(&a, edges[i + 1], last_bin) - count_to(&a, edges[i], false);
		hb[i] = count_to(&b, edges[i + 1], last_bin) - count_to(&b, edges[i], false);
	}
	*out = js_of(ha, a.n, hb, b.n, bins);
	*defined = true;
	view_free(&a);
	view_free(&b);
out:
	mlc_free(edges);
	mlc_free(ha);
	mlc_free(hb);
	return rc;
}

/* ------------------------------------------------------------ categorical */

/* union of categories in label order, then the "other" bucket if used */
typedef struct cat_union
{
	int64_t		k;
	double	   *ca;
	double	   *cb;
	int32_t    *ia;				/* index in ref or -1 */
	int32_t    *ib;
	bool		has_other;
	int64_t		n_folded;		/* categories folded into "other" */
} cat_union;

static void
cat_union_free(cat_union *u)
{
	mlc_free(u->ca);			/* cb and ib share the blocks of ca and ia */
	mlc_free(u->ia);
}

/*
 * The common support of two categorical profiles.  A profile keeps its
 * most frequent categories and folds the rest into "other", so a category
 * absent from one side's list is either truly absent (that side has no
 * "other") or possibly folded there.  Comparing a folded category as absent
 * makes two samples of one distribution look different whenever their
 * kept lists differ (over 1000 categories), so such a category is folded
 * into "other" on both sides: the union keeps the categories listed by both
 * sides, those listed by one side when the other side folded nothing, and
 * one "other" bucket with everything else.  When neither side folded
 * anything this is the plain union of the categories.
 */
static mlc_code
cat_union_make(mlc_catprof *a, mlc_catprof *b, cat_union *u, mlc_status *st)
{
	int32_t		i = 0,
				j = 0;
	int64_t		cap;
	mlc_code	rc;
	double		other_a,
				other_b;

	memset(u, 0, sizeof(*u));
	if ((rc = mlc_catprof_finish(a, st)) != MLC_OK || (rc = mlc_catprof_finish(b, st)) != MLC_OK)
		return rc;
	cap = (int64_t) a->k + b->k + 1;
	u->ca = mlc_alloc0(sizeof(double) * 2 * cap);
	u->ia = mlc_alloc(sizeof(int32_t) * 2 * cap);
	if (!u->ca || !u->ia)
	{
		cat_union_free(u);
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	u->cb = u->ca + cap;
	u->ib = u->ia + cap;
	other_a = (double) a->n_other;
	other_b = (double) b->n_other;
	while (i < a->k || j < b->k)
	{
		int			c;

		if (i >= a->k)
			c = 1;
		else if (j >= b->k)
			c = -1;
		else
			c = mlc_strcmp_c(a->lab[i], a->llen[i], b->lab[j], b->llen[j]);
		if (c < 0 && b->n_other > 0)
		{
			/* listed by a only, maybe inside b's "other" */
			other_a += (double) a->cnt[i++];
			u->n_folded++;
			continue;
		}
		if (c > 0 && a->n_other > 0)
		{
			other_b += (double) b->cnt[j++];
			u->n_folded++;
			continue;
		}
		u->ia[u->k] = c <= 0 ? i : -1;
		u->ib[u->k] = c >= 0 ? j : -1;
		u->ca[u->k] = c <= 0 ? (double) a->cnt[i++] : 0;
		u->cb[u->k] = c >= 0 ? (double) b->cnt[j++] : 0;
		u->k++;
	}
	if (other_a > 0 || other_b > 0)
	{
		u->ia[u->k] = u->ib[u->k] = -1;
		u->ca[u->k] = other_a;
		u->cb[u->k] = other_b;
		u->k++;
		u->has_other = true;
	}
	return MLC_OK;
}

/*
 * The union to compare two profiles over, or none (u->k == 0) when either
 * has no rows: the statistic is then undefined.  *defined starts false.
 */
static mlc_code
cat_union_compare(mlc_catprof *ref, mlc_catprof *cur, bool *defined, cat_union *u,
				  mlc_status *st)
{
	*defined = false;
	memset(u, 0, sizeof(*u));
	if (ref->n == 0 || cur->n == 0)
		return MLC_OK;
	return cat_union_make(ref, cur, u, st);
}

mlc_code
mlc_drift_psi_cat(mlc_catprof *ref, mlc_catprof *cur, bool *defined, double *out,
				  mlc_status *st)
{
	cat_union	u;
	mlc_code	rc;
	double		sum = 0;
	int64_t		i;

	if ((rc = cat_union_compare(ref, cur, defined, &u, st)) != MLC_OK || u.k == 0)
		return rc;
	for (i = 0; i < u.k; i++)
		sum += psi_term(u.ca[i] / (double) ref->n, u.cb[i] / (double) cur->n);
	cat_union_free(&u);
	*out = sum;
	*defined = true;
	return MLC_OK;
}

mlc_code
mlc_drift_js_cat(mlc_catprof *ref, mlc_catprof *cur, bool *defined, double *out,
				 mlc_status *st)
{
	cat_union	u;
	mlc_code	rc;

	if ((rc = cat_union_compare(ref, cur, defined, &u, st)) != MLC_OK || u.k == 0)
		return rc;
	*out = js_of(u.ca, (double) ref->n, u.cb, (double) cur->n, u.k);
	cat_union_free(&u);
	*defined = true;
	return MLC_OK;
}

/* chi2_contingency([ca, cb], correction=False) statistic over k columns */
static double
chi2_of(const double *ca, const double *cb, int64_t k, double ra, double rb)
{
	double		total = ra + rb,
				sa = 0,
				sb = 0;
	int64_t		i;

	for (i = 0; i < k; i++)
	{
		double		col = ca[i] + cb[i],
					ea = ra * col / total,
					eb = rb * col / total;

		sa += (ca[i] - ea) * (ca[i] - ea) / ea;
		sb += (cb[i] - eb) * (cb[i] - eb) / eb;
	}
	return sa + sb;
}

mlc_code
mlc_drift_chi2(mlc_catprof *ref, mlc_catprof *cur, bool *defined, double *stat,
			   int64_t *df, double *p, mlc_status *st)
{
	cat_union	u;
	mlc_code	rc;
	double		ra = (double) ref->n,
				rb = (double) cur->n;

	if ((rc = cat_union_compare(ref, cur, defined, &u, st)) != MLC_OK || u.k == 0)
		return rc;
	*df = u.k - 1;
	*defined = true;
	if (u.k <= 1)
	{
		/* scipy: a table with no degrees of freedom gives (0, 1) */
		*stat = 0;
		*p = 1;
		cat_union_free(&u);
		return MLC_OK;
	}
	*stat = chi2_of(u.ca, u.cb, u.k, ra, rb);
	*p = mlc_stats_chi2_sf(*stat, (double) *df);
	cat_union_free(&u);
	return MLC_OK;
}

/*
 * Distinct finite values of the two profiles together, counted up to
 * cap + 1 (exact while both profiles are exact; over sketches, the
 * distinct sketch items).
 */
static mlc_code
num_distinct(mlc_numprof *ref, mlc_numprof *cur, int64_t cap, int64_t *count,
			 mlc_status *st)
{
	view		a,
				b;
	walk		w = {&a, &b, 0, 0};
	mlc_code	rc;
	int64_t		k = 0;
	double		x,
				wa = 0,
				wb = 0;

	*count = 0;
	if ((rc = view_pair(ref, cur, false, NULL, &a, &b, st)) != MLC_OK)
		return rc;
	while (k <= cap && walk_next(&w, &x, &wa, &wb))
		k++;
	view_free(&a);
	view_free(&b);
	*count = k;
	return MLC_OK;
}

/*
 * chi2 over the distinct values of two numeric profiles, each value a
 * category: chi2_contingency of the value counts (meant for discrete
 * columns, as auto uses it for at most 5 distinct values).
 */
mlc_code
mlc_drift_chi2_num(mlc_numprof *ref, mlc_numprof *cur, bool *defined, double *stat,
				   int64_t *df, double *p, mlc_status *st)
{
	view		a,
				b;
	walk		w = {&a, &b, 0, 0};
	mlc_code	rc;
	int64_t		k = 0;
	double		x,
			   *ca,
			   *cb;

	if ((rc = view_pair(ref, cur, false, defined, &a, &b, st)) != MLC_OK || a.n == 0)
		return rc;
	ca = mlc_alloc0(sizeof(double) * (a.m + b.m + 1));
	cb = mlc_alloc0(sizeof(double) * (a.m + b.m + 1));
	if (ca == NULL || cb == NULL)
	{
		mlc_free(ca);
		mlc_free(cb);
		view_free(&a);
		view_free(&b);
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	while (walk_next(&w, &x, &ca[k], &cb[k]))
		k++;
	*df = k - 1;
	*defined = true;
	if (k <= 1)
	{
		*stat = 0;
		*p = 1;
	}
	else
	{
		*stat = chi2_of(ca, cb, k, a.n, b.n);
		*p = mlc_stats_chi2_sf(*stat, (double) *df);
	}
	mlc_free(ca);
	mlc_free(cb);
	view_free(&a);
	view_free(&b);
	return MLC_OK;
}

/* ----------------------------------------------------------------- drift */

static bool
streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* the spellings of the methods of each kind of profile -> the method */
static const char *const numeric_methods[][2] = {
	{"ks", "ks"}, {"wasserstein", "wasserstein"}, {"psi", "psi"}, {"js", "js"},
	{"jensenshannon", "js"}, {"chi2", "chi2"}, {"chisquare", "chi2"}, {NULL, NULL}
};
static const char *const categorical_methods[][2] = {
	{"chi2", "chi2"}, {"chisquare", "chi2"}, {"psi", "psi"}, {"js", "js"},
	{"jensenshannon", "js"}, {NULL, NULL}
};

static const char *
method_of(const char *const (*spellings)[2], const char *method)
{
	for (; (*spellings)[0] != NULL; spellings++)
		if (streq(method, (*spellings)[0]))
			return (*spellings)[1];
	return NULL;
}

/* the threshold of r->method (p-value test or distance), given or default */
static mlc_code
set_threshold(mlc_drift_result *r, bool is_p, bool has_threshold, double threshold,
			  mlc_status *st)
{
	double		t = has_threshold ? threshold
		: (is_p ? MLC_DRIFT_P_THRESHOLD : MLC_DRIFT_DISTANCE_THRESHOLD);

	r->threshold = t;
	if (!isfinite(t) || t <= 0 || (is_p && t > 1))
		return mlc_failf(st, MLC_EBADARG,
						 is_p ? "A p-value threshold is a probability in (0, 1], e.g. 0.05."
						 : "A distance threshold is a positive number, e.g. 0.1.",
						 "invalid threshold %g for drift method \"%s\"", t, r->method);
	return MLC_OK;
}

static void
finish_result(mlc_drift_result *r, bool is_p)
{
	if (is_p)
	{
		r->has_drifted = r->has_p;
		r->drifted = r->has_p && r->p_value < r->threshold;
	}
	else
	{
		r->has_drifted = r->has_stat;
		r->drifted = r->has_stat && r->statistic >= r->threshold;
	}
}

static void
prof_json(mlc_buf *d, const char *key, const mlc_numprof *p)
{
	mlc_buf_printf(d, "\"%s\": {\"n\": %" PRId64 ", \"n_null\": %" PRId64 ", \"n_nan\": %" PRId64
				   ", \"n_posinf\": %" PRId64 ", \"n_neginf\": %" PRId64 ", \"exact\": %s}",
				   key, p->n, p->n_null, p->n_nan, p->n_posinf, p->n_neginf,
				   p->exact ? "true" : "false");
}

mlc_code
mlc_drift_numeric(mlc_numprof *ref, mlc_numprof *cur, const char *method,
				  bool has_threshold, double threshold,
				  mlc_drift_result *r, mlc_buf *details, mlc_status *st)
{
	mlc_code	rc;
	bool		is_p,
				is_auto = method == NULL || streq(method, "auto");
	int64_t		distinct = 0,
				df = 0;

	memset(r, 0, sizeof(*r));
	if (is_auto)
	{
		if ((rc = num_distinct(ref, cur, MLC_DRIFT_FEW_VALUES, &distinct, st)) != MLC_OK)
			return rc;
		if (ref->n <= MLC_DRIFT_SMALL_N)
			r->method = distinct <= MLC_DRIFT_FEW_VALUES ? "chi2" : "ks";
		else
			r->method = distinct <= MLC_DRIFT_FEW_VALUES ? "js" : "wasserstein";
	}
	else if ((r->method = method_of(numeric_methods, method)) == NULL)
		return mlc_failf(st, MLC_EBADARG,
						 "Use 'auto', 'ks', 'wasserstein', 'psi', 'js' or 'chi2' for numeric profiles.",
						 "unknown drift method \"%.60s\"", method);
	is_p = streq(r->method, "ks") || streq(r->method, "chi2");
	if ((rc = set_threshold(r, is_p, has_threshold, threshold, st)) != MLC_OK)
		return rc;
	if (streq(r->method, "ks"))
	{
		rc = mlc_drift_ks(ref, cur, &r->has_stat, &r->statistic, &r->p_value, st);
		r->has_p = r->has_stat;
	}
	else if (streq(r->method, "chi2"))
	{
		rc = mlc_drift_chi2_num(ref, cur, &r->has_stat, &r->statistic, &df, &r->p_value, st);
		r->has_p = r->has_stat;
	}
	else if (streq(r->method, "wasserstein"))
		rc = mlc_drift_wasserstein(ref, cur, &r->has_stat, &r->statistic, st);
	else if (streq(r->method, "psi"))
		rc = mlc_drift_psi(ref, cur, MLC_PSI_DEFAULT_BINS, &r->has_stat, &r->statistic, st);
	else
		rc = mlc_drift_js(ref, cur, MLC_JS_DEFAULT_BINS, &r->has_stat, &r->statistic, st);
	if (rc != MLC_OK)
		return rc;
	finish_result(r, is_p);
	if (details)
	{
		mlc_buf_puts(details, "{\"type\": \"numeric\", ");
		prof_json(details, "reference", ref);
		mlc_buf_puts(details, ", ");
		prof_json(details, "current", cur);
		if (is_auto)
			mlc_buf_printf(details, ", \"auto_rule\": \"reference n %s %d, distinct values %s %d\"",
						   ref->n <= MLC_DRIFT_SMALL_N ? "<=" : ">", MLC_DRIFT_SMALL_N,
						   distinct <= MLC_DRIFT_FEW_VALUES ? "<=" : ">", MLC_DRIFT_FEW_VALUES);
		if (streq(r->method, "chi2") && r->has_stat)
			mlc_buf_printf(details, ", \"df\": %" PRId64, df);
		if (!ref->exact || !cur->exact)
		{
			mlc_buf_puts(details, ", \"rank_error_bound\": ");
			mlc_buf_double(details, mlc_numprof_rank_error(ref) + mlc_numprof_rank_error(cur));
		}
		mlc_buf_putc(details, '}');
		if (details->failed)
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	return MLC_OK;
}

#define DETAIL_MAX_LIST 20

static void
cat_list(mlc_buf *d, const char *key, const mlc_catprof *c, const cat_union *u,
		 bool in_ref_only)
{
	int64_t		i,
				shown = 0,
				total = 0;
	double		rows = 0;

	mlc_buf_printf(d, ", \"%s\": [", key);
	for (i = 0; i < u->k; i++)
	{
		int32_t		idx;

		if (u->has_other && i == u->k - 1)
			break;
		if (in_ref_only ? !(u->ia[i] >= 0 && u->ib[i] < 0) : !(u->ib[i] >= 0 && u->ia[i] < 0))
			continue;
		idx = in_ref_only ? u->ia[i] : u->ib[i];
		total++;
		rows += (double) c->cnt[idx];
		if (shown < DETAIL_MAX_LIST)
		{
			if (shown)
				mlc_buf_puts(d, ", ");
			mlc_buf_json_string(d, c->lab[idx], c->llen[idx]);
			shown++;
		}
	}
	mlc_buf_printf(d, "], \"n_%s\": %" PRId64 ", \"%s_share\": ", key, total, key);
	mlc_buf_double(d, c->n > 0 ? rows / (double) c->n : 0);
}

mlc_code
mlc_drift_categorical(mlc_catprof *ref, mlc_catprof *cur, const char *method,
					  bool has_threshold, double threshold,
					  mlc_drift_result *r, mlc_buf *details, mlc_status *st)
{
	mlc_code	rc;
	bool		is_p,
				is_auto = method == NULL || streq(method, "auto");
	int64_t		df;

	memset(r, 0, sizeof(*r));
	if (is_auto)
		r->method = ref->n <= MLC_DRIFT_SMALL_N ? "chi2" : "js";
	else if ((r->method = method_of(categorical_methods, method)) == NULL)
	{
		if (streq(method, "ks") || streq(method, "wasserstein"))
			return mlc_failf(st, MLC_EBADARG,
							 "For categorical profiles use 'auto', 'chi2', 'psi' or 'js'.",
							 "drift method \"%s\" needs numeric profiles", method);
		return mlc_failf(st, MLC_EBADARG,
						 "Use 'auto', 'chi2', 'psi' or 'js' for categorical profiles.",
						 "unknown drift method \"%.60s\"", method);
	}
	is_p = streq(r->method, "chi2");
	if ((rc = set_threshold(r, is_p, has_threshold, threshold, st)) != MLC_OK)
		return rc;
	if (is_p)
	{
		rc = mlc_drift_chi2(ref, cur, &r->has_stat, &r->statistic, &df, &r->p_value, st);
		r->has_p = r->has_stat;
	}
	else if (streq(r->method, "psi"))
		rc = mlc_drift_psi_cat(ref, cur, &r->has_stat, &r->statistic, st);
	else
		rc = mlc_drift_js_cat(ref, cur, &r->has_stat, &r->statistic, st);
	if (rc != MLC_OK)
		return rc;
	finish_result(r, is_p);
	if (details)
	{
		cat_union	u;

		if ((rc = cat_union_make(ref, cur, &u, st)) != MLC_OK)
			return rc;
		mlc_buf_printf(details, "{\"type\": \"categorical\", \"reference\": {\"n\": %" PRId64
					   ", \"n_null\": %" PRId64 ", \"n_other\": %" PRId64 ", \"categories\": %d}"
					   ", \"current\": {\"n\": %" PRId64 ", \"n_null\": %" PRId64
					   ", \"n_other\": %" PRId64 ", \"categories\": %d}",
					   ref->n, ref->n_null, ref->n_other, ref->k,
					   cur->n, cur->n_null, cur->n_other, cur->k);
		if (is_auto)
			mlc_buf_printf(details, ", \"auto_rule\": \"reference n %s %d\"",
						   ref->n <= MLC_DRIFT_SMALL_N ? "<=" : ">", MLC_DRIFT_SMALL_N);
		mlc_buf_printf(details, ", \"folded_to_other\": %" PRId64, u.n_folded);
		cat_list(details, "new_categories", cur, &u, false);
		cat_list(details, "missing_categories", ref, &u, true);
		mlc_buf_putc(details, '}');
		cat_union_free(&u);
		if (details->failed)
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	return MLC_OK;
}
