/*
 * mlc_drift.h — drift statistics between a reference and a current
 * profile.  Every function evaluates on the profiles' sorted
 * (value, weight) views: when both profiles are exact the weights are 1
 * and the result is the SciPy/NumPy one on the raw data; when a profile is
 * sketched the same formulas run on the KLL items (weights 2^level).
 *
 *   ks           scipy.stats.ks_2samp(ref, cur) (two-sided, method='auto')
 *   wasserstein  scipy.stats.wasserstein_distance(ref, cur)
 *                / max(np.std(ref), 0.001)   (population std, Evidently)
 *   psi          Σ (cur_i - ref_i) ln(cur_i / ref_i) over `bins` bins whose
 *                inner edges are np.quantile(ref, i/bins), i = 1..bins-1,
 *                bin i = [edge_{i-1}, edge_i) (np.digitize); a proportion of
 *                0 is replaced by MLC_PSI_EPS
 *   js_distance  scipy.spatial.distance.jensenshannon(ref%, cur%) (natural
 *                log) over `bins` equal-width bins (np.histogram_bin_edges
 *                of both samples together, as Evidently), no smoothing
 *   categorical: psi and js over the union of categories (+ "other"),
 *   chi2         scipy.stats.chi2_contingency([ref counts, cur counts],
 *                correction=False): a test of homogeneity of the two
 *                samples, df = categories - 1.
 */
#ifndef MLC_DRIFT_H
#define MLC_DRIFT_H

#include "mlc_common.h"
#include "mlc_profile.h"

#define MLC_PSI_EPS 1e-4
#define MLC_PSI_DEFAULT_BINS 10
#define MLC_JS_DEFAULT_BINS 30
#define MLC_DRIFT_MAX_BINS 10000
/* Evidently's defaults */
#define MLC_DRIFT_SMALL_N 1000
#define MLC_DRIFT_FEW_VALUES 5
#define MLC_DRIFT_P_THRESHOLD 0.05
#define MLC_DRIFT_DISTANCE_THRESHOLD 0.1
#define MLC_WASSERSTEIN_MIN_STD 0.001

/* Each sets *defined = false (SQL NULL) when either profile has no values. */
mlc_code	mlc_drift_ks(mlc_numprof *ref, mlc_numprof *cur, bool *defined,
						 double *stat, double *p, mlc_status *st);
mlc_code	mlc_drift_wasserstein(mlc_numprof *ref, mlc_numprof *cur, bool *defined,
								  double *out, mlc_status *st);
mlc_code	mlc_drift_psi(mlc_numprof *ref, mlc_numprof *cur, int bins, bool *defined,
						  double *out, mlc_status *st);
mlc_code	mlc_drift_js(mlc_numprof *ref, mlc_numprof *cur, int bins, bool *defined,
						 double *out, mlc_status *st);

mlc_code	mlc_drift_psi_cat(mlc_catprof *ref, mlc_catprof *cur, bool *defined,
							  double *out, mlc_status *st);
mlc_code	mlc_drift_js_cat(mlc_catprof *ref, mlc_catprof *cur, bool *defined,
							 double *out, mlc_status *st);
/* chi2 over the distinct values of two numeric profiles (each a category) */
mlc_code	mlc_drift_chi2_num(mlc_numprof *ref, mlc_numprof *cur, bool *defined,
							   double *stat, int64_t *df, double *p, mlc_status *st);
mlc_code	mlc_drift_chi2(mlc_catprof *ref, mlc_catprof *cur, bool *defined,
						   double *stat, int64_t *df, double *p, mlc_status *st);

typedef struct mlc_drift_result
{
	const char *method;			/* "ks", "wasserstein", "psi", "js", "chi2" */
	bool		has_stat;
	double		statistic;
	bool		has_p;
	double		p_value;
	double		threshold;
	bool		has_drifted;
	bool		drifted;
} mlc_drift_result;

/*
 * drift(): method NULL or "auto" picks as Evidently does by default:
 * numeric: reference n <= 1000 → ks (drift when p < 0.05), or chi2 over the
 * values when the two profiles together hold at most 5 distinct values;
 * otherwise wasserstein (drift when >= 0.1), or js when at most 5 distinct
 * values; categorical: reference n <= 1000 → chi2 (p < 0.05), otherwise js
 * (>= 0.1).  Explicit: "ks", "wasserstein", "psi", "js" (or
 * "jensenshannon"), "chi2" (or "chisquare", on numeric profiles over their
 * distinct values); default thresholds
 * 0.05 for p-value tests and 0.1 for psi/wasserstein/js.  *details gets a
 * JSON object (counts, exactness, categories seen in one profile only).
 */
mlc_code	mlc_drift_numeric(mlc_numprof *ref, mlc_numprof *cur, const char *method,
							  bool has_threshold, double threshold,
							  mlc_drift_result *r, mlc_buf *details, mlc_status *st);
mlc_code	mlc_drift_categorical(mlc_catprof *ref, mlc_catprof *cur, const char *method,
								  bool has_threshold, double threshold,
								  mlc_drift_result *r, mlc_buf *details, mlc_status *st);

#endif							/* MLC_DRIFT_H */
