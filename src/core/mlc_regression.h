/*
 * mlc_regression.h — the regression error summary.
 *
 * Streaming, mergeable moments of (predicted, actual, weight) rows:
 *   - weighted Welford/West running mean and sum of squared deviations
 *     (M2) of the actual values and of the errors e = predicted - actual,
 *     merged with Chan et al.'s pairwise formula — so variances survive
 *     values around 1e9 with unit variance (no Σx² - (Σx)²/n cancellation).
 *     The running means are kept relative to a shift (the first value with
 *     a positive weight): x - shift is exact for nearby values, and a mean
 *     of small numbers keeps its low bits, where a mean near 1e9 would
 *     round every update by up to 6e-8 and bias M2 by ~1e-8 relative;
 *   - Neumaier-compensated sums of w·e², w·|e| and w·|e|/max(|actual|, eps);
 *   - the largest |e| among rows with a positive weight;
 *   - for msle, the compensated sum of w·(log1p(actual) − log1p(predicted))²
 *     over rows where neither value is negative, and the number of rows
 *     where one is (msle is then refused, as sklearn refuses it).  Values
 *     stored in format 1 have no log terms: has_log is false.
 * Metrics follow scikit-learn 1.2 (sample_weight where sklearn takes it).
 */
#ifndef MLC_REGRESSION_H
#define MLC_REGRESSION_H

#include "mlc_common.h"
#include "mlc_stats.h"

#define MLC_REGRESSION_FORMAT_VERSION 2
/* np.finfo(np.float64).eps, sklearn's MAPE floor for |actual| */
#define MLC_REGRESSION_MAPE_EPS 2.220446049250313e-16

typedef struct mlc_regression
{
	int64_t		n;				/* rows counted (any weight) */
	int64_t		n_null;			/* rows skipped because of a NULL */
	double		weight;			/* Σ w */
	double		shift_actual;	/* the mean of actual is shift + mean */
	double		mean_actual;	/* weighted mean of actual - shift_actual */
	double		m2_actual;		/* Σ w (actual - mean)² */
	double		shift_error;
	double		mean_error;		/* weighted mean of e - shift_error */
	double		m2_error;		/* Σ w (e - mean)² */
	mlc_ksum	sse;			/* Σ w e² */
	mlc_ksum	sae;			/* Σ w |e| */
	mlc_ksum	sape;			/* Σ w |e| / max(|actual|, eps) */
	double		max_abs_error;	/* max |e| over rows with w > 0 (0 if none) */
	bool		has_log;		/* the two fields below are kept */
	mlc_ksum	slog;			/* Σ w (log1p(actual) − log1p(predicted))² */
	int64_t		n_negative;		/* rows with a negative actual or predicted */
} mlc_regression;

mlc_regression *mlc_regression_new(void);
void		mlc_regression_free(mlc_regression *r);
mlc_regression *mlc_regression_copy(const mlc_regression *r);

/* NaN or ±Infinity in either value → MLC_EBADARG naming it. */
mlc_code	mlc_regression_check(double predicted, double actual, mlc_status *st);

/* Add one checked row (w finite >= 0). */
static inline void
mlc_regression_add(mlc_regression *r, double predicted, double actual, double w)
{
	double		e = predicted - actual,
				ae = fabs(e);

	r->n++;
	/* -0 is not negative */
	if (predicted < 0 || actual < 0)
		r->n_negative++;
	else if (w > 0)
	{
		double		dl = log1p(actual) - log1p(predicted);

		mlc_ksum_add(&r->slog, w * dl * dl);
	}
	if (w > 0)
	{
		double		wn,
					f,
					da,
					de,
					aa = fabs(actual);

		if (r->weight == 0)
		{
			r->shift_actual = actual;
			r->shift_error = e;
		}
		wn = r->weight + w;
		f = w / wn;
		da = (actual - r->shift_actual) - r->mean_actual;
		de = (e - r->shift_error) - r->mean_error;

		r->mean_actual += da * f;
		r->m2_actual += r->weight * da * (da * f);
		r->mean_error += de * f;
		r->m2_error += r->weight * de * (de * f);
		r->weight = wn;
		mlc_ksum_add(&r->sse, w * e * e);
		mlc_ksum_add(&r->sae, w * ae);
		mlc_ksum_add(&r->sape, w * ae / (aa > MLC_REGRESSION_MAPE_EPS ? aa : MLC_REGRESSION_MAPE_EPS));
		if (ae > r->max_abs_error)
			r->max_abs_error = ae;
	}
}

/* weighted means of actual and of predicted - actual */
static inline double
mlc_regression_mean_actual(const mlc_regression *r)
{
	return r->shift_actual + r->mean_actual;
}

static inline double
mlc_regression_mean_error(const mlc_regression *r)
{
	return r->shift_error + r->mean_error;
}

/* dst += src (Chan's merge of the moments). */
void		mlc_regression_merge(mlc_regression *dst, const mlc_regression *src);

/* Binary codec (versioned, big-endian); the reader validates everything. */
mlc_code	mlc_regression_write(const mlc_regression *r, mlc_buf *out, mlc_status *st);
mlc_regression *mlc_regression_read(const void *data, size_t len, mlc_status *st);

/*
 * JSON text form:
 * {"n": N, "n_null": N, "weight": W, "mean_actual": x, "m2_actual": x,
 *  "mean_error": x, "m2_error": x, "sum_squared_error": x,
 *  "sum_absolute_error": x, "sum_absolute_percentage_error": x,
 *  "max_absolute_error": x}
 */
mlc_code	mlc_regression_to_json(const mlc_regression *r, mlc_buf *out, mlc_status *st);
mlc_regression *mlc_regression_from_json(const char *text, size_t len, mlc_status *st);

bool		mlc_regression_equal(const mlc_regression *a, const mlc_regression *b);

/* ---- metrics: false when undefined (no rows / zero total weight) ---- */
typedef enum mlc_regression_metric
{
	MLC_REG_MAE,
	MLC_REG_MSE,
	MLC_REG_RMSE,
	MLC_REG_R2,
	MLC_REG_MAPE,
	MLC_REG_MAX_ERROR,
	MLC_REG_MEAN_ERROR,
	MLC_REG_EXPLAINED_VARIANCE,
	MLC_REG_MSLE				/* check mlc_regression_msle_refused first */
} mlc_regression_metric;

bool		mlc_regression_metric_value(const mlc_regression *r, mlc_regression_metric m,
										double *out);

/* msle cannot be computed: rows with negative values were counted (the
 * count goes to *n_negative). */
static inline bool
mlc_regression_msle_refused(const mlc_regression *r, int64_t *n_negative)
{
	*n_negative = r->n_negative;
	return r->has_log && r->n_negative > 0;
}

#endif							/* MLC_REGRESSION_H */
