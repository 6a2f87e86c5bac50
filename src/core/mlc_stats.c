/*
 * mlc_stats.c — special functions for the mlcheck core (see mlc_stats.h).
 *
 * The incomplete gamma functions follow the classic split: the power
 * series for P(a, x) when x < a + 1, Lentz's continued fraction for
 * Q(a, x) otherwise, so that the function computed directly is never the
 * small difference 1 - (something close to 1).  Both are multiplied by the
 * prefactor x^a e^-x / Γ(a); for a >= 10 that prefactor is evaluated as
 * sqrt(a / 2π) · exp(-a·D(x/a) - mlc_stats_stirlerr(a)) with D(t) = t - 1 - log t,
 * which avoids subtracting the large numbers a·log x and log Γ(a).
 */
#include "mlc_stats.h"

#include <float.h>
#include <math.h>

#define MAX_ITER 100000
#define LOG_SQRT_2PI 0.91893853320467274178

double
mlc_stats_lgamma(double x)
{
	if (!(x > 0))
		return NAN;
	return lgamma(x);
}

/*
 * mlc_stats_stirlerr(a) = log Γ(a + 1) - ((a + 1/2) log a - a + log sqrt(2π)),
 * the error of Stirling's formula, by its asymptotic series (a >= 10:
 * the first omitted term is below 1e-17 relative).
 */
double
mlc_stats_stirlerr(double a)
{
	double		r = 1.0 / a,
				r2 = r * r;

	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 -
				r2 * (1.0 / 1188 - r2 * (691.0 / 360360 - r2 * (1.0 / 156)))))));
}

/* x^a e^-x / Γ(a), x > 0 */
static double
gamma_prefactor(double a, double x)
{
	if (a < 10)
		return exp(a * log(x) - x - lgamma(a));
	else
	{
		double		t = x / a,
					d;			/* D(t) >= 0 */

		/* near t = 1, x - a is exact (Sterbenz) and log1p keeps the digits */
		if (t > 0.5 && t < 2)
		{
			double		u = (x - a) / a;

			d = u - log1p(u);
		}
		else
			d = t - 1 - log(t);

		return sqrt(a / (2 * M_PI)) * exp(-a * d - mlc_stats_stirlerr(a));
	}
}

/* P(a, x) by its power series; converges for all x, used when x < a + 1 */
static double
gamma_p_series(double a, double x)
{
	double		ap = a,
				del = 1.0 / a,
				sum = del;
	int			i;

	for (i = 0; i < MAX_ITER; i++)
	{
		ap += 1;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * DBL_EPSILON * 0.5)
			break;
	}
	return sum * gamma_prefactor(a, x);
}

/* Q(a, x) by its continued fraction (modified Lentz), used when x >= a + 1 */
static double
gamma_q_cf(double a, double x)
{
	double		b = x + 1 - a,
				c = 1.0 / MLC_LENTZ_TINY,
				d = 1.0 / b,
				h = d;
	int			i;

	for (i = 1; i < MAX_ITER; i++)
	{
		double		an = -i * (i - a),
					del;

		b += 2;
		del = mlc_lentz_step(an, b, &c, &d);
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON * 0.5)
			break;
	}
	return h * gamma_prefactor(a, x);
}

/* P(a, x), or Q(a, x) when upper: the one of the two that is small is computed directly */
double
mlc_stats_gamma_pq(double a, double x, bool upper)
{
	if (isnan(a) || isnan(x) || !(a > 0) || isinf(a) || x < 0)
		return NAN;
	if (x == 0 || isinf(x))
		return (x == 0) == upper ? 1 : 0;
	if (x < a + 1)
	{
		double		p = gamma_p_series(a, x);

		return upper ? 1 - p : p;
	}
	else
	{
		double		q = gamma_q_cf(a, x);

		return upper ? q : 1 - q;
	}
}

/* chi-square sf, or cdf when !upper */
static double
chi2_tail(double x, double df, bool upper)
{
	if (isnan(x) || isnan(df) || !(df > 0) || isinf(df))
		return NAN;
	if (x <= 0)
		return upper ? 1 : 0;
	return mlc_stats_gamma_pq(df / 2, x / 2, upper);
}

double
mlc_stats_chi2_sf(double x, double df)
{
	return chi2_tail(x, df, true);
}

double
mlc_stats_chi2_cdf(double x, double df)
{
	return chi2_tail(x, df, false);
}

double
mlc_stats_normal_sf(double z)
{
	if (isnan(z))
		return NAN;
	return 0.5 * erfc(z / M_SQRT2);
}

double
mlc_stats_normal_cdf(double z)
{
	if (isnan(z))
		return NAN;
	return 0.5 * erfc(-z / M_SQRT2);
}
