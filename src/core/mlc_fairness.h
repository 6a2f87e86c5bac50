/*
 * mlc_fairness.h — arithmetic behind error analysis and fairness:
 * per-label rates read off a confusion matrix (selection rate, false
 * positive rate, false negative rate) and the SliceLine slice score with its
 * upper bound (Sagadeeva & Boehm, "SliceLine: Fast, Linear-Algebra-based
 * Slice Finding for ML Model Debugging", SIGMOD 2021).
 */
#ifndef MLC_FAIRNESS_H
#define MLC_FAIRNESS_H

#include "mlc_confusion.h"

typedef enum mlc_rate
{
	MLC_RATE_SELECTION = 0,		/* predicted as the label / all rows */
	MLC_RATE_FPR,				/* fp / (fp + tn) */
	MLC_RATE_FNR				/* fn / (fn + tp) */
} mlc_rate;

/*
 * Rate of label index pos (-1: a label absent from the matrix, all of whose
 * counts are 0).  Returns false when the denominator is 0 (undefined).
 */
bool		mlc_confusion_rate(const mlc_confusion *c, int32_t pos, mlc_rate which,
							   double *out);

/*
 * SliceLine score of a slice of `size` rows with `errors` errors, in data of
 * n_total rows whose average error is avg_error:
 *   alpha * ((errors / size) / avg_error - 1) - (1 - alpha) * (n_total / size - 1)
 * Returns false (undefined) when size <= 0 or avg_error <= 0.
 */
bool		mlc_sliceline_score(double size, double errors, double n_total,
								double avg_error, double alpha, double *out);

/*
 * Upper bound of the score of any slice whose size is at most size_ub, whose
 * error sum is at most errors_ub and whose largest single-row error is at
 * most max_error_ub, given that slices below min_support rows are not
 * considered.  The score is monotone in the size on each side of
 * errors_ub / max_error_ub, so the bound is the largest score at the
 * sizes min_support, errors_ub / max_error_ub and size_ub (each clipped to
 * [max(min_support, 1), size_ub]), the error being min(errors_ub,
 * size * max_error_ub).  Returns false when no slice can qualify (size_ub
 * below the minimum size, no error, or avg_error <= 0).
 */
bool		mlc_sliceline_score_ub(double size_ub, double errors_ub, double max_error_ub,
								   double min_support, double n_total,
								   double avg_error, double alpha, double *out);

#endif							/* MLC_FAIRNESS_H */
