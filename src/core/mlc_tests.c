/*
 * mlc_tests.c — statistical comparisons of models (see mlc_tests.h).
 *
 * The incomplete beta function is Lentz's continued fraction, used on the
 * side of the mean where it converges fast (the other side through the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a), with 1 − x passed in exactly so
 * that no digits are lost near x = 1).  Its prefactor x^a (1−x)^b / B(a, b)
 * is the delicate part for the large parameters binomial tests produce: for
 * a, b >= 10 it is evaluated around the mean x0 = a/(a+b) as
 *     sqrt(ab / (2π(a+b))) · exp(−a·D(u) − b·D(v) − corr)
 * with u = x/x0 − 1, v = (1−x)/(1−x0) − 1, D(t) = t − log(1+t) and corr the
 * Stirling corrections, so that no large logarithms are subtracted.
 */
#include "mlc_tests.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "mlc_confusion.h"
#include "mlc_scores.h"
#include "mlc_slices.h"			/* mlc_normal_quantile */
#include "mlc_stats.h"
#include "mlc_types.h"

__extension__ typedef __int128 i128;

#define BETA_MAX_ITER 1000000
#define LOG_SQRT_2PI 0.91893853320467274178

/* D(t) = t − log(1 + t) >= 0, t > −1, without cancellation for small t */
static double
dlog(double t)
{
	if (fabs(t) < 0.1)
	{
		/* t²/2 − t³/3 + t⁴/4 − … */
		double		term = t * t,
					sum = 0;
		int			k;

		for (k = 2; k < 40; k++)
		{
			double		add = term / k;

			sum += (k % 2 == 0) ? add : -add;
			if (fabs(add) < 1e-18 * fabs(sum))
				break;
			term *= t;
		}
		return sum;
	}
	return t - log1p(t);
}

/* x^a y^b / B(a, b) with y = 1 − x given exactly */
static double
beta_prefactor(double a, double b, double x, double y)
{
	if (a >= 10 && b >= 10)
	{
		double		s = a + b;
		double		u = (x * s - a) / a;	/* x / x0 − 1 */
		double		v = (y * s - b) / b;	/* y / y0 − 1 */
		double		corr = mlc_stats_stirlerr(a) + mlc_stats_stirlerr(b) -
			mlc_stats_stirlerr(s);

		return exp(0.5 * log(a * b / s) - LOG_SQRT_2PI - a * dlog(u) - b * dlog(v) - corr);
	}
	return exp(a * log(x) + b * log(y) - (lgamma(a) + lgamma(b) - lgamma(a + b)));
}

/* Lentz's continued fraction for I_x(a, b) · a / prefactor */
static double
beta_cf(double a, double b, double x)
{
	double		c = 1,
				d = 1 - (a + b) * x / (a + 1),
				h;
	int			m;

	if (fabs(d) < MLC_LENTZ_TINY)
		d = MLC_LENTZ_TINY;
	d = 1 / d;
	h = d;
	for (m = 1; m <= BETA_MAX_ITER; m++)
	{
		double		m2 = 2.0 * m,
					num,
					step;

		num = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
		h *= mlc_lentz_step(num, 1, &c, &d);
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
		step = mlc_lentz_step(num, 1, &c, &d);
		h *= step;
		if (fabs(step - 1) < 1e-16)
			break;
		if ((m & 1023) == 0)
			mlc_check_interrupts();
	}
	return h;
}

/* I_x(a, b) with y = 1 − x given separately */
static double
beta_inc2(double a, double b, double x, double y)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) || isnan(x) || isnan(y))
		return NAN;
	if (x == 0)
		return 0;
	if (y == 0)
		return 1;
	if (x < (a + 1) / (a + b + 2))
		return beta_prefactor(a, b, x, y) * beta_cf(a, b, x) / a;
	return 1 - beta_prefactor(b, a, y, x) * beta_cf(b, a, y) / b;
}

/* 1 − I_x(a, b) = I_y(b, a), computed directly */
static double
beta_inc2_upper(double a, double b, double x, double y)
{
	return beta_inc2(b, a, y, x);
}

double
mlc_beta_inc(double a, double b, double x)
{
	if (!(x >= 0 && x <= 1))
		return NAN;
	return beta_inc2(a, b, x, 1 - x);
}

double
mlc_beta_inc_inv(double a, double b, double p)
{
	double		lo = 0,
				hi = 1,
				x;
	int			i;

	if (!(a > 0) || !(b > 0) || !(p >= 0 && p <= 1))
		return NAN;
	if (p == 0)
		return 0;
	if (p == 1)
		return 1;
	x = a / (a + b);
	/*
	 * Newton's method on f(x) = I_x(a, b) − p, kept inside a bracket that
	 * shrinks every step; a step that leaves the bracket is a bisection.
	 * For p above the value at the mean the complement is solved, so that
	 * f is never the small difference of two numbers near 1.
	 */
	for (i = 0; i < 2000; i++)
	{
		double		f,
					dens,
					nx;
		bool		upper = p > 0.5;

		f = upper ? (1 - p) - beta_inc2_upper(a, b, x, 1 - x)
			: beta_inc2(a, b, x, 1 - x) - p;
		if (f == 0)
			return x;
		if (f < 0)
			lo = x;
		else
			hi = x;
		dens = beta_prefactor(a, b, x, 1 - x) / (x * (1 - x));
		nx = (dens > 0 && isfinite(dens)) ? x - f / dens : NAN;
		if (!(nx > lo && nx < hi))
			nx = 0.5 * (lo + hi);
		if (fabs(nx - x) <= 4 * DBL_EPSILON * fabs(nx) || hi - lo <= DBL_MIN)
			return nx;
		x = nx;
	}
	return x;
}

double
mlc_binom_cdf(double k, double n, double p)
{
	k = floor(k);
	if (isnan(k) || isnan(n) || !(p >= 0 && p <= 1))
		return NAN;
	if (k < 0)
		return 0;
	if (k >= n)
		return 1;
	if (p == 0)
		return 1;
	if (p == 1)
		return 0;
	return beta_inc2(n - k, k + 1, 1 - p, p);
}

double
mlc_binom_sf_ge(double k, double n, double p)
{
	k = ceil(k);
	if (isnan(k) || isnan(n) || !(p >= 0 && p <= 1))
		return NAN;
	if (k <= 0)
		return 1;
	if (k > n)
		return 0;
	if (p == 0)
		return 0;
	if (p == 1)
		return 1;
	return beta_inc2(k, n - k + 1, p, 1 - p);
}

double
mlc_student_t_sf(double t, double df)
{
	double		t2,
				x,
				y;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (t == 0)
		return 0.5;
	if (isinf(t))
		return t > 0 ? 0 : 1;
	t2 = t * t;
	/* x = df / (df + t²), y = 1 − x = t² / (df + t²), both without cancellation */
	x = df / (df + t2);
	y = t2 / (df + t2);
	if (t > 0)
		return 0.5 * beta_inc2(df / 2, 0.5, x, y);
	return 1 - 0.5 * beta_inc2(df / 2, 0.5, x, y);
}

void
mlc_clopper_pearson(double k, double n, double level, double *lower, double *upper)
{
	double		alpha = 1 - level;

	*lower = k > 0 ? mlc_beta_inc_inv(k, n - k + 1, alpha / 2) : 0;
	*upper = k < n ? mlc_beta_inc_inv(k + 1, n - k, 1 - alpha / 2) : 1;
}

void
mlc_mcnemar(int64_t a_only, int64_t b_only, mlc_mcnemar_result *r)
{
	int64_t		d = a_only + b_only;

	memset(r, 0, sizeof(*r));
	r->a_only = (double) a_only;
	r->b_only = (double) b_only;
	if (d == 0)
		return;
	r->defined = true;
	if (d < 25)
	{
		/* exact: 2·P(X <= min), X ~ Binomial(d, ½); binomial coefficients
		 * of d < 25 and their sums are integers below 2^25, so this is exact */
		int64_t		s = a_only < b_only ? a_only : b_only,
					i;
		double		c = 1,
					sum = 0;

		for (i = 0; i <= s; i++)
		{
			sum += c;
			c = c * (double) (d - i) / (double) (i + 1);
		}
		r->exact = true;
		r->statistic = (double) s;
		r->p_value = 2 * sum / ldexp(1.0, (int) d);
		if (r->p_value > 1)
			r->p_value = 1;
	}
	else
	{
		double		diff = fabs((double) a_only - (double) b_only);

		r->exact = false;
		r->statistic = a_only == b_only ? 0 : (diff - 1) * (diff - 1) / (double) d;
		r->p_value = mlc_stats_chi2_sf(r->statistic, 1);
	}
}

/* ------------------------------------------------ the mcnemar state */

mlc_mcnemar_state *
mlc_mcnemar_state_new(void)
{
	return mlc_alloc0(sizeof(mlc_mcnemar_state));
}

static void *
mcnemar_read(const void *d, size_t n, mlc_status *st)
{
	mlc_reader	r;
	mlc_mcnemar_state *s;
	uint8_t		version;

	mlc_reader_init(&r, d, n);
	version = mlc_get_u8(&r);
	if (!r.failed && version != MLC_MCNEMAR_FORMAT_VERSION)
	{
		mlc_failf(st, MLC_ESYNTAX, NULL, "invalid McNemar state: unknown format version %u", version);
		return NULL;
	}
	s = mlc_mcnemar_state_new();
	if (s == NULL)
	{
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		return NULL;
	}
	s->a_only = mlc_get_i64(&r);
	s->b_only = mlc_get_i64(&r);
	s->n_null = mlc_get_i64(&r);
	if (mlc_reader_finish(&r, st, "McNemar state") != MLC_OK)
	{
		mlc_free(s);
		return NULL;
	}
	if (s->a_only < 0 || s->b_only < 0 || s->n_null < 0 || s->a_only > INT64_MAX - s->b_only)
	{
		mlc_free(s);
		mlc_fail(st, MLC_ESYNTAX, "invalid McNemar state: counts out of range", NULL, NULL);
		return NULL;
	}
	return s;
}

static mlc_code
mcnemar_write(void *v, mlc_buf *out, mlc_status *st)
{
	const mlc_mcnemar_state *s = v;

	mlc_put_u8(out, MLC_MCNEMAR_FORMAT_VERSION);
	mlc_put_i64(out, s->a_only);
	mlc_put_i64(out, s->b_only);
	mlc_put_i64(out, s->n_null);
	return out->failed ? mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL) : MLC_OK;
}

static mlc_code
mcnemar_merge(void *dv, void *sv, mlc_status *st)
{
	mlc_mcnemar_state *d = dv;
	const mlc_mcnemar_state *s = sv;

	if (s->a_only > INT64_MAX - d->a_only || s->b_only > INT64_MAX - d->b_only ||
		s->n_null > INT64_MAX - d->n_null || d->a_only + s->a_only > INT64_MAX - (d->b_only + s->b_only))
		return mlc_fail(st, MLC_ERANGE, "McNemar counts out of range", NULL, NULL);
	d->a_only += s->a_only;
	d->b_only += s->b_only;
	d->n_null += s->n_null;
	return MLC_OK;
}

static void
mcnemar_free(void *v)
{
	mlc_free(v);
}

const mlc_type_ops mlc_mcnemar_type = MLC_STATE_OPS(mcnemar, "_mcnemar_state", "McNemar state");

/* counts of an exact summary must be integers below 2^40 rows in all */
#define DELONG_MAX_ROWS 1099511627776.0

mlc_code
mlc_scores_delong(mlc_scores *s, const char *which, mlc_delong_summary *r,
				  mlc_status *st)
{
	const char *arg = which ? which : "the summary";
	double		m = 0,
				n = 0,
				below,
				above,
				theta;
	i128		sum_t = 0;
	mlc_ksum	s10 = {0, 0},
				s01 = {0, 0};
	size_t		i;

	memset(r, 0, sizeof(*r));
	if (mlc_scores_flush(s, st) != MLC_OK)
		return st->code;
	if (!mlc_scores_is_exact(s))
		return mlc_failf(st, MLC_EBADARG,
						 "build the summary with a larger max_bins (mlcheck.scores(score, label, max_bins)) so that it stays exact",
						 "DeLong's test needs an exact scores summary, but %s is binned", arg);
	for (i = 0; i < s->k; i++)
	{
		const mlc_scores_entry *e = &s->e[i];

		if (e->pos != floor(e->pos) || e->neg != floor(e->neg))
			return mlc_failf(st, MLC_EBADARG,
							 "DeLong's variance is defined on row counts; build the summary without weights",
							 "DeLong's test needs integer counts, but %s holds a weighted count %.17g",
							 arg, e->pos != floor(e->pos) ? e->pos : e->neg);
		m += e->pos;
		n += e->neg;
	}
	if (m + n > DELONG_MAX_ROWS)
		return mlc_failf(st, MLC_ELIMIT, NULL,
						 "DeLong's test supports at most 2^40 rows, %s has %.17g", arg, m + n);
	r->m = m;
	r->n = n;
	if (m == 0 || n == 0)
		return MLC_OK;
	r->defined = true;
	/* ΣT over positives, T = 2·#{negatives below} + #{negatives equal} */
	below = 0;
	for (i = 0; i < s->k; i++)
	{
		const mlc_scores_entry *e = &s->e[i];

		sum_t += (i128) (int64_t) e->pos * (i128) (int64_t) (2 * below + e->neg);
		below += e->neg;
	}
	theta = (double) sum_t / (2.0 * m * n);
	r->auc = theta;
	if (m < 2 || n < 2)
		return MLC_OK;
	r->var_defined = true;
	/* Σ over positives (V10 − θ)² and over negatives (V01 − θ)² */
	below = 0;
	above = m;
	for (i = 0; i < s->k; i++)
	{
		const mlc_scores_entry *e = &s->e[i];
		double		v10,
					v01;

		above -= e->pos;
		if (e->pos > 0)
		{
			v10 = (2 * below + e->neg) / (2 * n) - theta;
			mlc_ksum_add(&s10, e->pos * v10 * v10);
		}
		if (e->neg > 0)
		{
			v01 = (2 * above + e->pos) / (2 * m) - theta;
			mlc_ksum_add(&s01, e->neg * v01 * v01);
		}
		below += e->neg;
		if ((i & 65535) == 65535)
			mlc_check_interrupts();
	}
	r->s = mlc_ksum_value(&s10) / ((m - 1) * m) + mlc_ksum_value(&s01) / ((n - 1) * n);
	return MLC_OK;
}

void
mlc_auc_test_unpaired(const mlc_delong_summary *a, const mlc_delong_summary *b,
					  mlc_auc_test_result *r)
{
	double		s;

	memset(r, 0, sizeof(*r));
	r->auc_a_defined = a->defined;
	r->auc_b_defined = b->defined;
	r->auc_a = a->auc;
	r->auc_b = b->auc;
	if (!a->defined || !b->defined)
		return;
	r->difference_defined = true;
	r->difference = a->auc - b->auc;
	if (!a->var_defined || !b->var_defined)
		return;
	s = a->s + b->s;
	if (!(s > 0))
		return;
	r->test_defined = true;
	r->z = r->difference / sqrt(s);
	r->df = s * s / (a->s * a->s / (a->m + a->n - 1) + b->s * b->s / (b->m + b->n - 1));
	r->p_value = 2 * mlc_student_t_sf(fabs(r->z), r->df);
	if (r->p_value > 1)
		r->p_value = 1;
}

void
mlc_delong_summary_ci(const mlc_delong_summary *d, double level,
					  double *lower, double *upper)
{
	double		se = sqrt(d->s),
				zq = mlc_normal_quantile((1 + level) / 2);

	*lower = d->auc - zq * se;
	*upper = d->auc + zq * se;
	if (*lower < 0)
		*lower = 0;
	if (*upper > 1)
		*upper = 1;
}

/* ------------------------------------------------ confusion read-outs */

/* largest cell, to scale counts by before products and sums */
static double
max_cell(const mlc_confusion *c)
{
	double		mx = 0;
	int32_t		i,
				j;

	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			if (mlc_confusion_cell(c, i, j) > mx)
				mx = mlc_confusion_cell(c, i, j);
	return mx;
}

bool
mlc_confusion_kappa_weighted(const mlc_confusion *c, mlc_kappa_weights wk, double *out)
{
	int32_t		k = c->k,
				i,
				j;
	double		scale = max_cell(c),
				total;
	double	   *rows,
			   *cols;
	mlc_ksum	obs = {0, 0},
				exp_ = {0, 0},
				tot = {0, 0};
	bool		ok = false;

	if (!(scale > 0) || k == 0)
		return false;
	rows = mlc_alloc0((size_t) k * sizeof(double));
	cols = mlc_alloc0((size_t) k * sizeof(double));
	if (rows == NULL || cols == NULL)
		goto done;
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
		{
			double		v = mlc_confusion_cell(c, i, j) / scale;

			rows[i] += v;
			cols[j] += v;
			mlc_ksum_add(&tot, v);
		}
	total = mlc_ksum_value(&tot);
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
		{
			double		d = (double) i - (double) j,
						w = wk == MLC_KAPPA_LINEAR ? fabs(d) :
				wk == MLC_KAPPA_QUADRATIC ? d * d : (i == j ? 0 : 1);

			if (w == 0)
				continue;
			mlc_ksum_add(&obs, w * (mlc_confusion_cell(c, i, j) / scale));
			mlc_ksum_add(&exp_, w * (rows[i] / total) * cols[j]);
		}
	if (mlc_ksum_value(&exp_) > 0)
	{
		*out = 1 - mlc_ksum_value(&obs) / mlc_ksum_value(&exp_);
		if (*out < -1)
			*out = -1;
		if (*out > 1)
			*out = 1;
		ok = true;
	}
done:
	mlc_free(rows);
	mlc_free(cols);
	return ok;
}

/* accuracy and the largest actual share, on counts scaled by the largest cell */
static bool
shares(const mlc_confusion *c, double *accuracy, double *nir)
{
	double		scale = max_cell(c),
				best = 0,
				total;
	mlc_ksum	tot = {0, 0},
				diag = {0, 0};
	int32_t		i,
				j;

	if (!(scale > 0))
		return false;
	for (i = 0; i < c->k; i++)
	{
		mlc_ksum	row = {0, 0};

		for (j = 0; j < c->k; j++)
		{
			double		v = mlc_confusion_cell(c, i, j) / scale;

			mlc_ksum_add(&row, v);
			mlc_ksum_add(&tot, v);
			if (i == j)
				mlc_ksum_add(&diag, v);
		}
		if (mlc_ksum_value(&row) > best)
			best = mlc_ksum_value(&row);
	}
	total = mlc_ksum_value(&tot);
	*accuracy = mlc_ksum_value(&diag) / total;
	*nir = best / total;
	if (*accuracy > 1)
		*accuracy = 1;
	if (*nir > 1)
		*nir = 1;
	return true;
}

bool
mlc_confusion_no_information_rate(const mlc_confusion *c, double *out)
{
	double		acc;

	return shares(c, &acc, out);
}

mlc_code
mlc_confusion_accuracy_test(const mlc_confusion *c, double level,
							mlc_accuracy_test_result *r, mlc_status *st)
{
	double		k = 0,
				n = 0,
				best = 0;
	int32_t		i,
				j;

	memset(r, 0, sizeof(*r));
	if (!(level > 0 && level < 1))
		return mlc_failf(st, MLC_EBADARG, "use a level such as 0.95",
						 "confidence level must be between 0 and 1, got %.17g", level);
	if (!shares(c, &r->accuracy, &r->no_information_rate))
		return MLC_OK;
	r->defined = true;
	/* the exact binomial test needs row counts: every cell an integer */
	for (i = 0; i < c->k; i++)
	{
		double		row = 0;

		for (j = 0; j < c->k; j++)
		{
			double		v = mlc_confusion_cell(c, i, j);

			if (v != floor(v) || v > 9007199254740992.0)
				return MLC_OK;
			row += v;
			n += v;
			if (i == j)
				k += v;
		}
		if (row > best)
			best = row;
	}
	if (n > 9007199254740992.0)
		return MLC_OK;
	r->test_defined = true;
	r->accuracy = k / n;
	r->no_information_rate = best / n;
	mlc_clopper_pearson(k, n, level, &r->lower, &r->upper);
	r->p_value = mlc_binom_sf_ge(k, n, best / n);
	return MLC_OK;
}
