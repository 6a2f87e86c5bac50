/*
 * mlc_multiclass.h — multi-class probability metrics: the mlcheck.multiclass
 * summary (every row's probability vector and actual class kept exactly)
 * and its metrics, as scikit-learn 1.2 computes them:
 *   roc_auc_ovr  one-vs-rest ROC AUC per class, macro or support-weighted
 *                (roc_auc_score(multi_class='ovr', labels=range(K)))
 *   roc_auc_ovo  Hand & Till's one-vs-one AUC over the pairs of classes
 *                present, macro or prevalence-weighted (multi_class='ovo';
 *                sklearn has no sample weights there, nor do we)
 *   log_loss     each p clipped to [eps, 1 − eps], eps = 2^-52, rows
 *                renormalised, −log p_actual (sklearn log_loss)
 *   brier        Brier's original multi-class score Σ_k (p_k − y_k)²
 *   top_k        top_k_accuracy_score (ties in probability rank the higher
 *                class first, as sklearn's reversed stable argsort)
 *   confusion    the argmax confusion matrix (ties to the lowest class,
 *                as numpy.argmax)
 * Memory: 8·K + 4 bytes a row (probabilities and the actual class), 8 more
 * once any row has a weight other than 1.  Ranking metrics sort each class
 * column once (radix sort of order-preserving keys): O(K·n) sorting and
 * O(K²·n) for the one-vs-one walk.
 */
#ifndef MLC_MULTICLASS_H
#define MLC_MULTICLASS_H

#include "mlc_common.h"

#define MLC_MULTICLASS_FORMAT_VERSION 1
#define MLC_MULTICLASS_MAX_CLASSES 10000
#define MLC_MULTICLASS_MAX_RUNS 32	/* a parallel plan's parts, Citus's shards */


struct mlc_confusion;

typedef struct mlc_multiclass
{
	int32_t		k;				/* classes; 0 until the first row */
	bool		weighted;		/* w holds weights (some weight != 1) */
	int64_t		n_null;			/* rows skipped because of a NULL */
	size_t		n,
				cap;			/* rows used / allocated */
	double	   *p;				/* n × k probabilities, row-major */
	int32_t    *y;				/* actual class of each row, 0 … k−1 */
	double	   *w;				/* weights (weighted only) */
	bool		canonical;		/* rows are in canonical order */
	/*
	 * Rows believed to be runs rows[0, run[0]), [run[0], run[1]), ... each
	 * in canonical order (0 runs: one run of all rows, order unknown): a
	 * value read from its binary or text form was written canonical,
	 * merging appends runs, rows added after canonical ones are a run of
	 * their own.  A claim, not a promise (the bytes may come from another
	 * node): the writers check every run, sort a run that is out of order
	 * on its own, and merge the runs in one pass instead of sorting every
	 * row again.
	 */
	int			runs;
	size_t		run[MLC_MULTICLASS_MAX_RUNS];
	bool		tail_open;		/* the last run holds rows added one by one */
} mlc_multiclass;

mlc_multiclass *mlc_multiclass_new(void);
void		mlc_multiclass_free(mlc_multiclass *m);

/* Serialized size of a state with n rows of k classes (weighted or not),
 * or SIZE_MAX on overflow. */
size_t		mlc_multiclass_size_for(size_t n, int32_t k, bool weighted);
size_t		mlc_multiclass_serial_size(const mlc_multiclass *m);

/*
 * Check and add one row of k probabilities.  normalize: divide the row by
 * its sum (which must be > 0) instead of requiring that it sums to 1.
 * Errors: k < 3 or k differing from the first row's, NaN, an actual class
 * outside 0 … k−1 → MLC_EBADARG; a probability outside [0, 1] → MLC_ERANGE;
 * a row whose sum s has |s − 1| > 1e-8 + 1e-5·s (numpy.allclose) →
 * MLC_EBADARG; a state past mlc_max_value_bytes → MLC_ELIMIT.
 */
mlc_code	mlc_multiclass_add(mlc_multiclass *m, const double *p, int32_t k,
							   int64_t actual, double w, bool normalize,
							   mlc_status *st);

/* dst gets src's rows (same k unless one is empty). */
mlc_code	mlc_multiclass_merge(mlc_multiclass *dst, const mlc_multiclass *src,
								 mlc_status *st);
mlc_multiclass *mlc_multiclass_copy(const mlc_multiclass *m, mlc_status *st);
/* same rows in the same order (canonicalize both first to compare contents) */
bool		mlc_multiclass_equal(const mlc_multiclass *a, const mlc_multiclass *b);

/*
 * Put the rows in a canonical order (by a hash of their contents, ties by
 * the contents), so that summaries of the same rows have the same binary
 * and text forms whatever order the rows arrived in (parallel workers,
 * distributed shards, merge order).  The writers call it.
 */
mlc_code	mlc_multiclass_canonicalize(mlc_multiclass *m, mlc_status *st);
/* The binary form, rows in canonical order; m's rows are not moved (they
 * are read in that order), so writing leaves m as it was. */
mlc_code	mlc_multiclass_write(mlc_multiclass *m, mlc_buf *out, mlc_status *st);
/* bytes mlc_multiclass_write appends for m */
size_t		mlc_multiclass_binary_len(const mlc_multiclass *m);
mlc_multiclass *mlc_multiclass_read(const void *data, size_t len, mlc_status *st);
/*
 * dst gets the rows of the binary value data: mlc_multiclass_read and then
 * mlc_multiclass_merge, with the same checks and errors, but the rows are
 * decoded straight into dst's arrays (a parallel plan's leader reading its
 * workers' states).  On error dst holds what it held.
 */
mlc_code	mlc_multiclass_read_merge(mlc_multiclass *dst, const void *data, size_t len,
									  mlc_status *st);
/* {"classes": K, "n_null": N, "actual": [...], "probs": [[...], ...],
 *  "weights": [...]}  ("weights" only when weighted) */
mlc_code	mlc_multiclass_to_json(mlc_multiclass *m, mlc_buf *out, mlc_status *st);
mlc_multiclass *mlc_multiclass_from_json(const char *text, size_t len, mlc_status *st);

typedef enum mlc_mc_average
{
	MLC_MC_MACRO,
	MLC_MC_WEIGHTED
} mlc_mc_average;

/* Each returns MLC_OK and sets *defined and *out; errors only for bad
 * arguments (and roc_auc_ovo on a weighted summary: MLC_EBADARG). */
mlc_code	mlc_multiclass_roc_auc_ovr(const mlc_multiclass *m, mlc_mc_average avg,
									   bool *defined, double *out, mlc_status *st);
mlc_code	mlc_multiclass_roc_auc_ovo(const mlc_multiclass *m, mlc_mc_average avg,
									   bool *defined, double *out, mlc_status *st);
bool		mlc_multiclass_log_loss(const mlc_multiclass *m, double *out);
bool		mlc_multiclass_brier(const mlc_multiclass *m, double *out);
mlc_code	mlc_multiclass_top_k(const mlc_multiclass *m, int64_t topk,
								 bool *defined, double *out, mlc_status *st);
/* Argmax confusion matrix (bigint labels); NULL with st filled on error. */
struct mlc_confusion *mlc_multiclass_confusion(const mlc_multiclass *m, mlc_status *st);

#endif							/* MLC_MULTICLASS_H */
