/*
 * mlc_slices.h — the small statistics behind mlcheck.slice_report: the
 * standard normal quantile, the Wilson score interval of a proportion and
 * the pooled two-proportion z-test.  Plain C99 on doubles, no allocation,
 * no PostgreSQL.  The per-row work of a slice report is done by the
 * confusion aggregate; these run once per report row.
 */
#ifndef MLC_SLICES_H
#define MLC_SLICES_H

#include <stdbool.h>

#include "mlc_common.h"

/*
 * Φ⁻¹(p), the standard normal quantile (scipy.stats.norm.ppf), by
 * Wichura's algorithm AS 241 (PPND16, about 1e-16 relative).  -Inf at 0,
 * +Inf at 1, NaN outside [0, 1] or for NaN.
 */
double		mlc_normal_quantile(double p);

/*
 * Wilson score interval for successes out of n at confidence level
 * (0 < level < 1), as statsmodels' proportion_confint(method='wilson').
 * n may be fractional (weighted counts).  n = 0 leaves *defined false.
 * NaN/infinite arguments, n < 0, successes outside [0, n] or a level
 * outside (0, 1) fail with MLC_EBADARG.
 */
mlc_code	mlc_wilson(double successes, double n, double level, bool *defined,
					   double *lower, double *upper, mlc_status *st);

/*
 * Pooled two-proportion z-test of x1/n1 against x2/n2 (statsmodels'
 * proportions_ztest with the default pooled variance), two-sided:
 *   p̂ = (x1 + x2) / (n1 + n2),  z = (x1/n1 − x2/n2) / sqrt(p̂(1 − p̂)(1/n1 + 1/n2)),
 *   p_value = 2·P(Z > |z|) = erfc(|z|/√2).
 * Undefined (*defined false) when n1 or n2 is 0, or p̂ is 0 or 1 (both
 * proportions equal and the variance is 0).  Bad arguments as mlc_wilson.
 */
mlc_code	mlc_two_proportion_test(double x1, double n1, double x2, double n2,
									bool *defined, double *z, double *p_value,
									mlc_status *st);

#endif							/* MLC_SLICES_H */
