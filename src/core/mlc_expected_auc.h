/*
 * mlc_expected_auc.h — the state of mlcheck.expected_roc_auc(prob [,
 * weight]): the ROC AUC expected when each row is a positive of weight
 * p·w and a negative of weight (1 − p)·w.
 *
 * Calibrated probabilities are heavily tied (an isotonic calibrator maps
 * whole score ranges to one value; only scores in the narrow sloped gaps
 * between its flat blocks get values of their own), so the state starts in
 * distinct mode: one entry per distinct probability holding the total
 * weight of its rows (compensated sum; rows of weight 0 are not kept),
 * in an open-addressing hash table.  A window of a million rows is then a
 * few thousand entries, and a parallel or distributed merge is a merge of
 * those.
 *
 * While every row weighs 1 (expected_roc_auc(prob), as a monitor runs it)
 * the entries' weights are row counts, exact in any order.  Mostly
 * distinct probabilities (a raw model's scores) would make a hash entry of
 * every row (random access, large merges), so once more than
 * MLC_EAUC_UNIT_MIN distinct values are also more than one in
 * MLC_EAUC_UNIT_ROWS_PER_VALUE rows, such a state switches to unit mode:
 * every row's probability as one key in a plain array (an unweighted
 * exact AUC state of one class, 8 bytes a row: never more than the
 * entries it replaces), sorted in the final or when written, as sorted
 * runs that the leader of a parallel plan merges linearly.  The final
 * walks the tie groups of the sorted keys with their row counts, exactly
 * as it walks the entries, so both forms give the same value to the bit
 * in every plan (serial, parallel, distributed).  When the array would
 * outgrow the size limit it folds back into entries if they are smaller.
 * A state of weighted sums
 * switches once, past MLC_EAUC_DISTINCT_MAX distinct values that are also
 * more than one in MLC_EAUC_ROWS_PER_VALUE of its rows (or when a sum
 * would overflow), to array mode: the exact AUC state of roc_auc (mlc_auc,
 * weighted), every distinct value so far becoming one positive and one
 * negative row (an entry of row counts, its rows one by one), and every
 * later row two rows, as the state always was before distinct mode.
 *
 * Distinct and array mode compute the same AUC up to rounding (a tie
 * group's weight is p·Σw in one, Σ p·w in the other): ties count half, as
 * in roc_auc_score with sample_weight.
 *
 * Codec: version MLC_EAUC_DISTINCT_VERSION (distinct mode): flags (bit 0:
 * every row weighed 1), n_rows, k, then k entries (key, weight) in
 * ascending key order — canonical bytes.  Version MLC_EAUC_UNIT_VERSION
 * (unit mode): the byte, then the exact AUC state's codec of its keys
 * (unweighted, positives only, every key a probability).  Array
 * mode is written as the exact AUC state's own codec (its versions, 1 and
 * 2 today, stay below MLC_EAUC_DISTINCT_VERSION), which is also what every
 * expected_roc_auc state was before distinct mode: those still read.
 */
#ifndef MLC_EXPECTED_AUC_H
#define MLC_EXPECTED_AUC_H

#include "mlc_common.h"

#define MLC_EAUC_DISTINCT_VERSION 9
#define MLC_EAUC_UNIT_VERSION 10
#define MLC_EAUC_FORMAT_VERSION MLC_EAUC_UNIT_VERSION	/* the newest */
#define MLC_EAUC_UNIT_MIN 4096
#define MLC_EAUC_UNIT_ROWS_PER_VALUE 2
#define MLC_EAUC_DISTINCT_MAX 65536
#define MLC_EAUC_ROWS_PER_VALUE 8

struct mlc_auc;

typedef struct mlc_eauc_entry
{
	uint64_t	key;			/* mlc_f64_key(p); 0 (a NaN's key) = empty slot */
	double		w;				/* Σ weight of the rows with this p, > 0 */
	double		c;				/* its compensation (Neumaier) */
} mlc_eauc_entry;

typedef struct mlc_eauc
{
	/* distinct mode (rows == NULL, units == NULL) */
	mlc_eauc_entry *tab;		/* cap slots, cap a power of two or 0 */
	size_t		cap,
				k;				/* occupied slots */
	uint64_t	n;				/* rows of positive weight added */
	bool		unit;			/* every row so far weighed 1 (the entries' weights
								 * are row counts) */
	/* unit mode: every row's key (positives of an unweighted state) */
	struct mlc_auc *units;
	/* array mode */
	struct mlc_auc *rows;
} mlc_eauc;

mlc_eauc   *mlc_eauc_new(void);
void		mlc_eauc_free(mlc_eauc *e);
/* a row: p in [0, 1] (not NaN), w >= 0 finite (the caller checks both) */
mlc_code	mlc_eauc_add(mlc_eauc *e, double p, double w, mlc_status *st);
/* dst += src (src may be reorganised; it keeps its meaning) */
mlc_code	mlc_eauc_merge(mlc_eauc *dst, mlc_eauc *src, mlc_status *st);
/* the expected ROC AUC; *defined false when the positive or the negative
 * weight is 0 (no rows, every p 0, every p 1) */
mlc_code	mlc_eauc_roc(mlc_eauc *e, double *roc, bool *defined, mlc_status *st);
/* switch to array mode now (exposed for tests) */
mlc_code	mlc_eauc_to_rows(mlc_eauc *e, mlc_status *st);
/* switch a state of unit weights to unit mode now (exposed for tests);
 * MLC_EBADARG when a row weighed other than 1 */
mlc_code	mlc_eauc_to_units(mlc_eauc *e, mlc_status *st);

mlc_code	mlc_eauc_write(mlc_eauc *e, mlc_buf *out, mlc_status *st);
/* the same value, written for speed (a parallel plan's partial states) */
mlc_code	mlc_eauc_write_fast(mlc_eauc *e, mlc_buf *out, mlc_status *st);
mlc_eauc   *mlc_eauc_read(const void *data, size_t len, mlc_status *st);

#endif							/* MLC_EXPECTED_AUC_H */
