/*
 * mlc_dist.h — the distribution functions the drift tests need beyond
 * those of mlc_stats.h (incomplete gamma, chi-square), written to
 * reproduce SciPy 1.10:
 *   - the two-sample Kolmogorov-Smirnov p-value exactly as
 *     scipy.stats.ks_2samp(alternative='two-sided', method='auto') computes
 *     it: the exact lattice-path probabilities when max(n1, n2) <= 10000,
 *     otherwise the one-sample distribution kstwo.sf(D, round(n1 n2/(n1+n2)))
 *     (Simard & L'Ecuyer's selection of algorithms, as in
 *     scipy/stats/_ksstats.py; above an effective size of 100 000 this
 *     module uses Kolmogorov's limiting distribution instead of the O(n)
 *     Smirnov sum, so that a drift test stays under a millisecond).
 * Plain C99, no PostgreSQL header.
 */
#ifndef MLC_DIST_H
#define MLC_DIST_H

#include "mlc_common.h"

/* Kolmogorov's limiting survival function P(K > z) = scipy.special.kolmogorov. */
double		mlc_kolmogorov_sf(double z);

/* One-sided exact Smirnov survival P(D+_n >= x) (cephes smirnov). */
double		mlc_smirnov(int64_t n, double x);

/* Two-sided one-sample KS survival P(D_n >= x) = scipy.stats.kstwo.sf(x, n). */
double		mlc_kstwo_sf(double x, int64_t n);

/* Largest sample size for which ks_2samp(method='auto') tries the exact path. */
#define MLC_KS_MAX_AUTO_N 10000

/*
 * ks_2samp two-sided p-value for statistic d between samples of sizes n1, n2
 * (both > 0).  *d_out receives the statistic as SciPy reports it (in the
 * exact path it is rounded to h / lcm(n1, n2)); *exact_used says which
 * path was taken.
 */
void		mlc_ks_2samp_pvalue(int64_t n1, int64_t n2, double d,
								double *d_out, double *p, bool *exact_used);

#endif							/* MLC_DIST_H */
