/*
 * mlc_calibration.h — the probability calibration summary.
 *
 * n_bins uniform bins over [0, 1] with the edges and the bin rule of
 * sklearn.calibration.calibration_curve(strategy='uniform') in
 * scikit-learn 1.2: edges are np.linspace(0, 1, n_bins + 1), i.e.
 * edge[i] = i * (1.0 / n_bins) with edge[n_bins] = 1, and a probability p
 * goes to bin np.searchsorted(edges[1:-1], p) = the number of inner edges
 * strictly below p.  So bin b holds (edge[b], edge[b+1]] (bin 0 also holds
 * 0), and a probability exactly on an inner edge belongs to the LOWER bin.
 *
 * Per bin it keeps the (weighted) count, the sum of predicted probabilities
 * and the sum of positive labels; plus the sum of squared errors (Brier).
 * Everything is a sum, so merging adds arrays of equal length.
 */
#ifndef MLC_CALIBRATION_H
#define MLC_CALIBRATION_H

#include "mlc_common.h"
#include "mlc_stats.h"

#define MLC_CALIBRATION_DEFAULT_BINS 10
#define MLC_CALIBRATION_MAX_BINS 10000
#define MLC_CALIBRATION_FORMAT_VERSION 1

typedef struct mlc_calibration
{
	int32_t		n_bins;
	int64_t		n_null;			/* rows skipped because of a NULL */
	double		step;			/* 1.0 / n_bins, as numpy computes it */
	double	   *count;			/* per bin: sum of weights (one block with the next two) */
	double	   *sum_pred;		/* per bin: sum of weight * p */
	double	   *sum_pos;		/* per bin: sum of weight * label */
	mlc_ksum	sq_err;			/* sum of weight * (p - label)^2 */
} mlc_calibration;

/* One row of bins(c) and of the reliability diagram. */
typedef struct mlc_calibration_bin
{
	int32_t		bin;			/* 0-based, as sklearn's bin ids */
	double		lower;
	double		upper;
	double		count;
	double		mean_predicted;
	double		fraction_positive;
} mlc_calibration_bin;

/* NULL with st filled when n_bins is out of range or memory runs out. */
mlc_calibration *mlc_calibration_new(int32_t n_bins, mlc_status *st);
void		mlc_calibration_free(mlc_calibration *c);
mlc_calibration *mlc_calibration_copy(const mlc_calibration *c, mlc_status *st);

/* Validation of one input row (NaN → 22023, outside [0, 1] → 22003). */
mlc_code	mlc_calibration_check_prob(double p, mlc_status *st);

/* edge i of the uniform grid (0 <= i <= n_bins), bit-equal to np.linspace */
static inline double
mlc_calibration_edge(const mlc_calibration *c, int32_t i)
{
	return i == c->n_bins ? 1.0 : (double) i * c->step;
}

/* Bin of a probability already checked to be in [0, 1]. */
static inline int32_t
mlc_calibration_bin_of(const mlc_calibration *c, double p)
{
	int32_t		b = (int32_t) (p * c->n_bins);

	if (b > c->n_bins - 1)
		b = c->n_bins - 1;
	if (b < 0)
		b = 0;
	/* settle on the searchsorted answer: edge[b] < p <= edge[b+1] */
	while (b > 0 && (double) b * c->step >= p)
		b--;
	while (b < c->n_bins - 1 && (double) (b + 1) * c->step < p)
		b++;
	return b;
}

/* Add one checked row (label 0/1, weight finite >= 0). */
static inline void
mlc_calibration_add(mlc_calibration *c, double p, int label, double w)
{
	int32_t		b = mlc_calibration_bin_of(c, p);
	double		d = p - label;

	c->count[b] += w;
	c->sum_pred[b] += w * p;
	if (label)
		c->sum_pos[b] += w;
	mlc_ksum_add(&c->sq_err, w * d * d);
}

/* dst += src; the bin counts must be equal (22023 with a hint otherwise). */
mlc_code	mlc_calibration_merge(mlc_calibration *dst, const mlc_calibration *src,
								  mlc_status *st);

/* Binary codec (versioned, big-endian); the reader validates everything. */
mlc_code	mlc_calibration_write(const mlc_calibration *c, mlc_buf *out, mlc_status *st);
mlc_calibration *mlc_calibration_read(const void *data, size_t len, mlc_status *st);

/*
 * JSON text form:
 * {"n_bins": 10, "count": [...], "sum_predicted": [...],
 *  "sum_positive": [...], "sum_squared_error": x, "n_null": N}
 */
mlc_code	mlc_calibration_to_json(const mlc_calibration *c, mlc_buf *out, mlc_status *st);
mlc_calibration *mlc_calibration_from_json(const char *text, size_t len, mlc_status *st);

bool		mlc_calibration_equal(const mlc_calibration *a, const mlc_calibration *b);

/* ---- metrics: return false when undefined (no weight at all) ---- */
double		mlc_calibration_total(const mlc_calibration *c);
bool		mlc_calibration_ece(const mlc_calibration *c, double *out);
bool		mlc_calibration_mce(const mlc_calibration *c, double *out);
bool		mlc_calibration_brier(const mlc_calibration *c, double *out);

/* The non-empty bins (count > 0) in order; returns how many were written
 * (out must have room for n_bins). */
int32_t		mlc_calibration_bins(const mlc_calibration *c, mlc_calibration_bin *out);

/*
 * Hosmer–Lemeshow goodness of fit over the non-empty bins as groups:
 * statistic = Σ_g (O_g - E_g)² / E_g + (O'_g - E'_g)² / E'_g with
 * O = Σ w·y, E = Σ w·p, O' = n_g - O, E' = n_g - E; a cell with E = 0
 * contributes 0 when O = 0 and makes the statistic +Infinity otherwise.
 * df = groups - 2; p_value = chi2.sf(statistic, df).
 * *groups gets the number of non-empty bins; the statistic is defined when
 * groups >= 1, df and p-value when groups >= 3.
 */
typedef struct mlc_hosmer_lemeshow
{
	int32_t		groups;
	bool		has_statistic;
	double		statistic;
	bool		has_df;
	int32_t		df;
	double		p_value;
} mlc_hosmer_lemeshow;

void		mlc_calibration_hosmer_lemeshow(const mlc_calibration *c, mlc_hosmer_lemeshow *out);

/* Text reliability diagram; unicode selects block characters. */
mlc_code	mlc_calibration_plot(const mlc_calibration *c, bool unicode, mlc_buf *out,
								 mlc_status *st);

#endif							/* MLC_CALIBRATION_H */
