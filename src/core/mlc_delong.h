/*
 * mlc_delong.h — DeLong's variance of the ROC AUC:
 * mlcheck.roc_auc_ci (confidence interval of one model's AUC) and
 * mlcheck.delong_test (two models scored on the same rows).
 *
 * State: every row kept exactly — the score of model A as an
 * order-preserving 64-bit key (mlc_f64_key) in one array per class, plus,
 * for the paired test, the score of model B as a float8 alongside.  8 bytes
 * a row for roc_auc_ci, 16 for delong_test; the serialized size is kept
 * within mlc_max_value_bytes (mlcheck.max_value_kb) as rows are added.
 * A state is written sorted (flag 4 of the format: each class ascending by
 * model A key, which the reader checks), so the leader of a parallel plan
 * or the coordinator merges the partial states in linear passes and the
 * final sorts nothing by model A; states without the flag (older ones)
 * are sorted by the final as before.
 *
 * Computation (Sun & Xu 2014, "Fast implementation of DeLong's algorithm"):
 * both classes are radix sorted (mlc_sort_keys) and walked once; the
 * structural components are midrank differences, which we keep as the
 * integers
 *     T_i = 2·#{negatives < x_i} + #{negatives = x_i}    (= 2n·V10_i)
 *     U_j = 2·#{positives > y_j} + #{positives = y_j}    (= 2m·V01_j)
 * for the m positives x_i and n negatives y_j.  Sums of T, T², U, U² (and,
 * for the test, of the per-row differences D = T_A − T_B) are accumulated in
 * 128-bit integers, so every sum is exact: the result does not depend on
 * the order in which rows arrived (serial and parallel plans agree to the
 * bit) and a variance of the difference that is mathematically 0 is
 * exactly 0.  Then
 *     AUC = ΣT / (2mn)
 *     S10 = (m·ΣT² − (ΣT)²) / (m(m−1)·4n²),  S01 likewise with U, n, m
 *     Var(AUC) = S10/m + S01/n
 * and for two models Var(AUC_A − AUC_B) is the same formula applied to D
 * (= Var_A + Var_B − 2 Cov).  O(n log n) overall (the sort is O(n)).
 */
#ifndef MLC_DELONG_H
#define MLC_DELONG_H

#include "mlc_common.h"

#define MLC_DELONG_FORMAT_VERSION 1
#define MLC_DELONG_DEFAULT_LEVEL 0.95

typedef struct mlc_delong
{
	bool		paired;			/* delong_test: two scores per row */
	bool		has_level;		/* roc_auc_ci: level fixed */
	double		level;
	uint64_t   *pk;				/* model A keys of the positives */
	uint64_t   *nk;				/* ... and of the negatives */
	double	   *pb;				/* model B scores (paired only) */
	double	   *nb;
	size_t		np,
				nn,
				pcap,
				ncap;
	bool		sorted;			/* each class ascending by model A key */
} mlc_delong;

mlc_delong *mlc_delong_new(bool paired);
void		mlc_delong_free(mlc_delong *d);

/* Fix the confidence level (0 < level < 1, finite).  A state holds one
 * level: a different one fails with MLC_EBADARG. */
mlc_code	mlc_delong_set_level(mlc_delong *d, double level, mlc_status *st);

/* Add a row.  NaN scores fail with MLC_EBADARG; ±Inf are ordinary extreme
 * scores; -0 is +0.  score_b is ignored unless paired. */
mlc_code	mlc_delong_add(mlc_delong *d, double score_a, double score_b,
						   bool positive, mlc_status *st);

/* dst gets src's rows (same paired flag, compatible levels).  Two sorted
 * states (what parallel workers and shards ship) are merged in one linear
 * pass and stay sorted. */
mlc_code	mlc_delong_merge(mlc_delong *dst, const mlc_delong *src, mlc_status *st);

/* Sort each class by model A key (payload along), unless it is sorted. */
mlc_code	mlc_delong_sort(mlc_delong *d, mlc_status *st);

/* serialized size, or SIZE_MAX on overflow */
size_t		mlc_delong_serial_size(const mlc_delong *d);
mlc_code	mlc_delong_write(const mlc_delong *d, mlc_buf *out, mlc_status *st);
/* Validating reader: MLC_ESYNTAX on anything malformed. */
mlc_delong *mlc_delong_read(const void *data, size_t len, mlc_status *st);

typedef struct mlc_delong_ci_result
{
	bool		defined;		/* false: one class only or no rows */
	bool		ci_defined;		/* false also when a class has 1 row */
	double		auc,
				variance,
				lower,
				upper;
} mlc_delong_ci_result;

/* AUC and its DeLong interval auc ± z·sqrt(var), z = Φ⁻¹((1+level)/2),
 * clipped to [0, 1].  Sorts the state in place (rows unchanged). */
mlc_code	mlc_delong_ci(mlc_delong *d, mlc_delong_ci_result *r, mlc_status *st);

typedef struct mlc_delong_test_result
{
	bool		defined;		/* false: one class only or no rows */
	bool		z_defined;		/* false: a class has 1 row, or Var(diff) = 0 */
	double		auc_a,
				auc_b,
				difference,
				variance,		/* Var(AUC_A − AUC_B), when a class has >= 2 rows */
				z,
				p_value;
} mlc_delong_test_result;

/* Paired DeLong test, two-sided p = erfc(|z|/√2).  Sorts in place. */
mlc_code	mlc_delong_test(mlc_delong *d, mlc_delong_test_result *r, mlc_status *st);

#endif							/* MLC_DELONG_H */
