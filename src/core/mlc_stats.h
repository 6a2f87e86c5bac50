/*
 * mlc_stats.h — special functions and small numerical building blocks
 * shared by the mlcheck core modules: compensated (Neumaier) sums, the
 * regularized incomplete gamma functions and the distributions built on
 * them (chi-square) and the normal tail.  Plain C99 on doubles; no
 * allocation, no PostgreSQL.  (The Kolmogorov-Smirnov distributions live
 * in mlc_dist.h, with the drift tests.)
 *
 * Accuracy (checked in test/unit/test_stats.c against 40-digit mpmath
 * values): about 1e-13 relative for the incomplete gamma
 * functions and chi-square tails wherever the result is a normal double
 * (the prefactor x^a e^-x / Γ(a) is computed in Temme's scaled form for
 * large a so that large degrees of freedom do not lose digits).
 */
#ifndef MLC_STATS_H
#define MLC_STATS_H

#include <stdbool.h>
#include <math.h>

/* ---- compensated summation (Neumaier's variant of Kahan) ---- */
typedef struct mlc_ksum
{
	double		s;				/* running sum */
	double		c;				/* accumulated rounding error */
} mlc_ksum;

static inline void
mlc_ksum_add(mlc_ksum *k, double x)
{
	double		t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

/* dst += src (both parts) */
static inline void
mlc_ksum_merge(mlc_ksum *dst, const mlc_ksum *src)
{
	mlc_ksum_add(dst, src->s);
	dst->c += src->c;
}

static inline double
mlc_ksum_value(const mlc_ksum *k)
{
	return k->s + k->c;
}

/*
 * One step of the modified Lentz algorithm for a continued fraction
 * b0 + a1/(b1 + a2/(b2 + ...)): with the partial numerator a and
 * denominator b, updates the running C and D (kept off zero by
 * MLC_LENTZ_TINY) and returns the factor C·D by which the convergent is
 * multiplied.
 */
#define MLC_LENTZ_TINY 1e-300

static inline double
mlc_lentz_step(double a, double b, double *c, double *d)
{
	*d = a * *d + b;
	if (fabs(*d) < MLC_LENTZ_TINY)
		*d = MLC_LENTZ_TINY;
	*c = b + a / *c;
	if (fabs(*c) < MLC_LENTZ_TINY)
		*c = MLC_LENTZ_TINY;
	*d = 1.0 / *d;
	return *d * *c;
}

/* ---- special functions (NaN for arguments outside the domain) ---- */

/* log Γ(x) for x > 0 */
double		mlc_stats_lgamma(double x);

/* log Γ(a + 1) − ((a + ½) log a − a + log √(2π)), the error of Stirling's
 * formula, for a >= 10 (asymptotic series; below 1e-17 relative error). */
double		mlc_stats_stirlerr(double a);

/* Regularized lower P(a, x), or when upper the upper Q(a, x) = 1 - P,
 * incomplete gamma, a > 0, x >= 0 (scipy.special.gammainc / gammaincc). */
double		mlc_stats_gamma_pq(double a, double x, bool upper);

/* Chi-square distribution with df > 0 degrees of freedom
 * (scipy.stats.chi2.cdf / chi2.sf).  sf(+Inf) = 0, x <= 0 gives sf = 1. */
double		mlc_stats_chi2_cdf(double x, double df);
double		mlc_stats_chi2_sf(double x, double df);

/* Standard normal tail P(Z > z) (scipy.stats.norm.sf) and cdf */
double		mlc_stats_normal_sf(double z);
double		mlc_stats_normal_cdf(double z);

#endif							/* MLC_STATS_H */
