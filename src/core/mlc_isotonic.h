/*
 * mlc_isotonic.h — isotonic calibration of binary scores, the first step of
 * confidence-based performance estimation (estimating a model's metrics
 * before labels arrive).
 *
 * mlcheck.isotonic(score, label [, weight]) keeps its rows in the exact AUC
 * state (mlc_auc: every score, per class, with weights when weighted; it is
 * shared with roc_auc in the same query) and its final function fits the
 * calibrator as sklearn's IsotonicRegression(increasing=True,
 * out_of_bounds='clip') does: rows with equal scores pooled first
 * (weighted mean of the labels), weight-0 rows ignored, then
 * pool-adjacent-violators over the distinct scores weighted by their total
 * weight.  The calibrator keeps the breakpoints (x, y) — interior points of
 * a flat run dropped, which changes no prediction — and predicts by
 * clipping the score to [x_first, x_last] and interpolating linearly
 * between breakpoints (numpy.interp), as sklearn's predict does.
 */
#ifndef MLC_ISOTONIC_H
#define MLC_ISOTONIC_H

#include "mlc_common.h"

#define MLC_CALIBRATOR_FORMAT_VERSION 1

struct mlc_auc;

typedef struct mlc_calibrator
{
	size_t		n;				/* breakpoints, >= 1 */
	double	   *x;				/* strictly increasing, finite */
	double	   *y;				/* non-decreasing, in [0, 1] */
	/*
	 * Search index (mlc_calibrator_index; NULL until built): the score
	 * range [x[0], x[n-1]] cut into nb equal buckets, bucket(s) =
	 * min(nb - 1, (size_t) ((s - x[0]) * scale)), which never decreases
	 * with s; start[b] (b = 0 … nb) is the first breakpoint whose bucket is
	 * >= b, so the breakpoint a prediction needs lies in start[b] …
	 * start[b + 1] and is found in a step or two instead of log2(n).
	 * seg[i] (i = 1 … n-1) is the segment ending at breakpoint i: its
	 * start (x[i-1], y[i-1]) and its slope, computed exactly as the plain
	 * prediction computes it, side by side in memory.
	 */
	uint32_t   *start;
	struct mlc_calibrator_seg
	{
		double		x0,
					y0,
					slope;
	}		   *seg;
	size_t		nb;
	double		scale;
} mlc_calibrator;

/* Fit on the rows of an exact AUC state (sorted in place).  NULL with
 * *defined false when the state holds no row of positive weight. */
mlc_calibrator *mlc_isotonic_fit(struct mlc_auc *a, bool *defined, mlc_status *st);

/* Pool-adjacent-violators in place: y[0..n) with weights w[0..n) > 0
 * becomes the non-decreasing least-squares fit (exposed for unit tests). */
void		mlc_pava(double *y, double *w, size_t n);

void		mlc_calibrator_free(mlc_calibrator *c);
/* score finite (the caller checks): the calibrated probability; the same
 * bits with or without the index */
double		mlc_calibrator_predict(const mlc_calibrator *c, double score);
/* Build the search index of a calibrator that predicts many scores (O(n)
 * time and memory); on out of memory the calibrator stays usable without
 * it.  Idempotent. */
void		mlc_calibrator_index(mlc_calibrator *c);

mlc_code	mlc_calibrator_write(const mlc_calibrator *c, mlc_buf *out, mlc_status *st);
mlc_calibrator *mlc_calibrator_read(const void *data, size_t len, mlc_status *st);
/* {"x": [...], "y": [...]} */
mlc_code	mlc_calibrator_to_json(const mlc_calibrator *c, mlc_buf *out, mlc_status *st);
mlc_calibrator *mlc_calibrator_from_json(const char *text, size_t len, mlc_status *st);

#endif							/* MLC_ISOTONIC_H */
