/*
 * mlc_slices.c — normal quantile, Wilson interval and the two-proportion
 * z-test used by mlcheck.slice_report (see mlc_slices.h).
 */
#include "mlc_slices.h"

#include <math.h>

#include "mlc_common.h"

/* Horner evaluation of an 8-coefficient polynomial, c[0] the constant term */
static double
poly8(const double *c, double r)
{
	double		v = c[7];
	int			i;

	for (i = 6; i >= 0; i--)
		v = v * r + c[i];
	return v;
}

double
mlc_normal_quantile(double p)
{
	/* Wichura (1988), Algorithm AS 241, PPND16 */
	static const double a[8] = {
		3.3871328727963666080e0, 1.3314166789178437745e+2,
		1.9715909503065514427e+3, 1.3731693765509461125e+4,
		4.5921953931549871457e+4, 6.7265770927008700853e+4,
		3.3430575583588128105e+4, 2.5090809287301226727e+3};
	static const double b[8] = {
		1.0, 4.2313330701600911252e+1,
		6.8718700749205790830e+2, 5.3941960214247511077e+3,
		2.1213794301586595867e+4, 3.9307895800092710610e+4,
		2.8729085735721942674e+4, 5.2264952788528545610e+3};
	static const double c[8] = {
		1.42343711074968357734e0, 4.63033784615654529590e0,
		5.76949722146069140550e0, 3.64784832476320460504e0,
		1.27045825245236838258e0, 2.41780725177450611770e-1,
		2.27238449892691845833e-2, 7.74545014278341407640e-4};
	static const double d[8] = {
		1.0, 2.05319162663775882187e0,
		1.67638483018380384940e0, 6.89767334985100004550e-1,
		1.48103976427480074590e-1, 1.51986665636164571966e-2,
		5.47593808499534494600e-4, 1.05075007164441684324e-9};
	static const double e[8] = {
		6.65790464350110377720e0, 5.46378491116411436990e0,
		1.78482653991729133580e0, 2.96560571828504891230e-1,
		2.65321895265761230930e-2, 1.24266094738807843860e-3,
		2.71155556874348757815e-5, 2.01033439929228813265e-7};
	static const double f[8] = {
		1.0, 5.99832206555887937690e-1,
		1.36929880922735805310e-1, 1.48753612908506148525e-2,
		7.86869131145613259100e-4, 1.84631831751005468180e-5,
		1.42151175831644588870e-7, 2.04426310338993978564e-15};
	double		q,
				r,
				val;

	if (isnan(p) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;

	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * poly8(a, r) / poly8(b, r);
	}
	r = q < 0.0 ? p : 1.0 - p;
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = poly8(c, r) / poly8(d, r);
	}
	else
	{
		r -= 5.0;
		val = poly8(e, r) / poly8(f, r);
	}
	return q < 0.0 ? -val : val;
}

static mlc_code
check_count(double v, const char *what, mlc_status *st)
{
	if (!mlc_isfinite(v))
		return mlc_failf(st, MLC_EBADARG, "Counts must be finite numbers.",
						 "%s must be finite, got %g", what, v);
	if (v < 0.0)
		return mlc_failf(st, MLC_EBADARG, "Counts cannot be negative.",
						 "%s must be >= 0, got %.17g", what, v);
	return MLC_OK;
}

static mlc_code
check_successes(double x, double n, const char *xname, const char *nname,
				mlc_status *st)
{
	if (check_count(x, xname, st) != MLC_OK || check_count(n, nname, st) != MLC_OK)
		return st->code;
	if (x > n)
		return mlc_failf(st, MLC_EBADARG, "The number of successes cannot exceed the number of trials.",
						 "%s (%.17g) exceeds %s (%.17g)", xname, x, nname, n);
	return MLC_OK;
}

mlc_code
mlc_wilson(double successes, double n, double level, bool *defined,
		   double *lower, double *upper, mlc_status *st)
{
	double		z,
				z2,
				ph,
				denom,
				center,
				half;

	*defined = false;
	if (check_successes(successes, n, "successes", "n", st) != MLC_OK)
		return st->code;
	if (!(level > 0.0 && level < 1.0))
		return mlc_failf(st, MLC_EBADARG, "Use a confidence level between 0 and 1, e.g. 0.95.",
						 "confidence level must be between 0 and 1 (exclusive), got %g", level);
	if (n == 0.0)
		return MLC_OK;

	/* z = Φ⁻¹(1 − α/2) computed from the lower tail, where it is exact */
	z = -mlc_normal_quantile((1.0 - level) / 2.0);
	z2 = z * z;
	ph = successes / n;
	denom = 1.0 + z2 / n;
	center = (ph + z2 / (2.0 * n)) / denom;
	half = z / denom * sqrt(ph * (1.0 - ph) / n + z2 / (4.0 * n * n));
	/*
	 * The bounds are the roots of denom·π² − (2p̂ + z²/n)·π + p̂² = 0.  The
	 * upper root is a sum of non-negatives; the lower one is taken from the
	 * product of the roots, p̂²/denom, rather than center − half, which
	 * would cancel (and go slightly negative) for small p̂.
	 */
	*upper = center + half;
	*lower = (ph * ph / denom) / *upper;
	if (*upper > 1.0)
		*upper = 1.0;
	*defined = true;
	return MLC_OK;
}

mlc_code
mlc_two_proportion_test(double x1, double n1, double x2, double n2,
						bool *defined, double *z, double *p_value,
						mlc_status *st)
{
	double		pooled,
				var;

	*defined = false;
	if (check_successes(x1, n1, "x1", "n1", st) != MLC_OK ||
		check_successes(x2, n2, "x2", "n2", st) != MLC_OK)
		return st->code;
	if (n1 == 0.0 || n2 == 0.0)
		return MLC_OK;
	pooled = (x1 + x2) / (n1 + n2);
	var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
	if (!(var > 0.0))
		return MLC_OK;
	*z = (x1 / n1 - x2 / n2) / sqrt(var);
	*p_value = erfc(fabs(*z) * 0.70710678118654752440);
	*defined = true;
	return MLC_OK;
}
