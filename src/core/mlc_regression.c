/*
 * mlc_regression.c — regression error summary: merge, codec, JSON form
 * and the metrics (MAE, MSE, R², MAPE, …; see mlc_regression.h).
 */
#include "mlc_regression.h"
#include "mlc_json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

static const char *const JSON_SHAPE =
"Expected {\"n\": N, \"n_null\": N, \"weight\": W, \"mean_actual\": x, \"m2_actual\": x, "
"\"mean_error\": x, \"m2_error\": x, \"sum_squared_error\": x, \"sum_absolute_error\": x, "
"\"sum_absolute_percentage_error\": x, \"max_absolute_error\": x}.";

mlc_regression *
mlc_regression_new(void)
{
	mlc_regression *r = mlc_alloc0(sizeof(mlc_regression));

	if (r)
		r->has_log = true;
	return r;
}

void
mlc_regression_free(mlc_regression *r)
{
	mlc_free(r);
}

mlc_regression *
mlc_regression_copy(const mlc_regression *r)
{
	mlc_regression *d = mlc_alloc(sizeof(mlc_regression));

	if (d)
		*d = *r;
	return d;
}

mlc_code
mlc_regression_check(double predicted, double actual, mlc_status *st)
{
	if (!isfinite(predicted))
		return mlc_failf(st, MLC_EBADARG,
						 "Filter out non-finite values, e.g. WHERE predicted NOT IN ('NaN', 'Infinity', '-Infinity').",
						 "predicted value %s is not finite",
						 isnan(predicted) ? "NaN" : predicted > 0 ? "Infinity" : "-Infinity");
	if (!isfinite(actual))
		return mlc_failf(st, MLC_EBADARG,
						 "Filter out non-finite values, e.g. WHERE actual NOT IN ('NaN', 'Infinity', '-Infinity').",
						 "actual value %s is not finite",
						 isnan(actual) ? "NaN" : actual > 0 ? "Infinity" : "-Infinity");
	return MLC_OK;
}

void
mlc_regression_merge(mlc_regression *dst, const mlc_regression *src)
{
	dst->n += src->n;
	dst->n_null += src->n_null;
	/* log terms survive only when both sides kept them */
	dst->has_log = dst->has_log && src->has_log;
	if (dst->has_log)
	{
		mlc_ksum_merge(&dst->slog, &src->slog);
		dst->n_negative += src->n_negative;
	}
	else
	{
		dst->slog.s = dst->slog.c = 0;
		dst->n_negative = 0;
	}
	if (!(src->weight > 0))
		return;
	if (!(dst->weight > 0))
	{
		dst->weight = src->weight;
		dst->shift_actual = src->shift_actual;
		dst->mean_actual = src->mean_actual;
		dst->m2_actual = src->m2_actual;
		dst->shift_error = src->shift_error;
		dst->mean_error = src->mean_error;
		dst->m2_error = src->m2_error;
	}
	else
	{
		/* differences of means; the shifts are subtracted first (exact
		 * when they are close) so the small parts keep their digits */
		double		wa = dst->weight,
					wb = src->weight,
					w = wa + wb,
					fb = wb / w,
					da = (src->shift_actual - dst->shift_actual) + (src->mean_actual - dst->mean_actual),
					de = (src->shift_error - dst->shift_error) + (src->mean_error - dst->mean_error);

		/* Chan, Golub & LeVeque: M2 = M2a + M2b + d² wa wb / w */
		dst->mean_actual += da * fb;
		dst->m2_actual += src->m2_actual + da * da * wa * fb;
		dst->mean_error += de * fb;
		dst->m2_error += src->m2_error + de * de * wa * fb;
		dst->weight = w;
	}
	mlc_ksum_merge(&dst->sse, &src->sse);
	mlc_ksum_merge(&dst->sae, &src->sae);
	mlc_ksum_merge(&dst->sape, &src->sape);
	if (src->max_abs_error > dst->max_abs_error)
		dst->max_abs_error = src->max_abs_error;
}

/* ------------------------------------------------------------- validity */

static bool
ksum_ok(const mlc_ksum *k)
{
	return isfinite(k->s) && isfinite(k->c) && mlc_ksum_value(k) >= 0;
}

static const char *
check_state(const mlc_regression *r)
{
	if (r->n < 0 || r->n_null < 0)
		return "counts must be non-negative";
	if (!isfinite(r->weight) || r->weight < 0)
		return "weight must be finite and non-negative";
	if (!isfinite(r->mean_actual) || !isfinite(r->mean_error) ||
		!isfinite(r->shift_actual) || !isfinite(r->shift_error) ||
		!isfinite(mlc_regression_mean_actual(r)) || !isfinite(mlc_regression_mean_error(r)))
		return "means must be finite";
	if (!isfinite(r->m2_actual) || r->m2_actual < 0 ||
		!isfinite(r->m2_error) || r->m2_error < 0)
		return "m2_actual and m2_error must be finite and non-negative";
	if (!ksum_ok(&r->sse) || !ksum_ok(&r->sae) || !ksum_ok(&r->sape))
		return "sums must be finite and non-negative";
	if (!isfinite(r->max_abs_error) || r->max_abs_error < 0)
		return "max_absolute_error must be finite and non-negative";
	if (!ksum_ok(&r->slog) || r->n_negative < 0 || r->n_negative > r->n)
		return "log error sum and negative count must be finite, non-negative and within n";
	if (!r->has_log && (mlc_ksum_value(&r->slog) != 0 || r->n_negative != 0))
		return "log terms present without has_log";
	if (r->n == 0 && r->weight != 0)
		return "weight must be 0 when n is 0";
	if (r->weight == 0 &&
		(r->mean_actual != 0 || r->m2_actual != 0 || r->mean_error != 0 || r->m2_error != 0 ||
		 r->shift_actual != 0 || r->shift_error != 0 ||
		 mlc_ksum_value(&r->sse) != 0 || mlc_ksum_value(&r->sae) != 0 ||
		 mlc_ksum_value(&r->sape) != 0 || r->max_abs_error != 0))
		return "moments and sums must be 0 when the weight is 0";
	return NULL;
}

/* ---------------------------------------------------------------- codec */

mlc_code
mlc_regression_write(const mlc_regression *r, mlc_buf *out, mlc_status *st)
{
	if (check_state(r) != NULL)
		return mlc_fail(st, MLC_ERANGE, "regression sums overflow",
						"A sum of weights or of weighted errors is not finite.",
						"Use smaller weights or rescale the values.");
	mlc_put_u8(out, MLC_REGRESSION_FORMAT_VERSION);
	mlc_put_i64(out, r->n);
	mlc_put_i64(out, r->n_null);
	mlc_put_f64s(out, 14, r->weight, r->shift_actual, r->mean_actual, r->m2_actual,
				 r->shift_error, r->mean_error, r->m2_error, r->sse.s, r->sse.c,
				 r->sae.s, r->sae.c, r->sape.s, r->sape.c, r->max_abs_error);
	mlc_put_u8(out, r->has_log ? 1 : 0);
	mlc_put_f64s(out, 2, r->slog.s, r->slog.c);
	mlc_put_i64(out, r->n_negative);
	return mlc_buf_done(out, st, "regression value is too large", NULL);
}

/*
 * A heap copy of a decoded state once it passes the checks; else 22P02
 * "<what>: <why>" with the hint (the reader's and the text input's).
 */
static mlc_regression *
decoded(const mlc_regression *tmp, const char *what, const char *hint, mlc_status *st)
{
	const char *why = check_state(tmp);
	mlc_regression *r;

	if (why != NULL)
	{
		mlc_failf(st, MLC_ESYNTAX, hint, "%s: %s", what, why);
		return NULL;
	}
	r = mlc_regression_copy(tmp);
	if (r == NULL)
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	return r;
}

mlc_regression *
mlc_regression_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	rd;
	mlc_regression tmp;
	uint8_t		version;

	mlc_reader_init(&rd, data, len);
	version = mlc_get_u8(&rd);
	/* format 1 (release 0.1) lacks the log terms; it reads as has_log false */
	if (version != 1 && version != MLC_REGRESSION_FORMAT_VERSION)
	{
		mlc_failf(st, MLC_ESYNTAX, NULL, "invalid binary regression value: %s",
				  rd.failed ? "truncated" : "unknown format version");
		return NULL;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.n = mlc_get_i64(&rd);
	tmp.n_null = mlc_get_i64(&rd);
	tmp.weight = mlc_get_f64(&rd);
	tmp.shift_actual = mlc_get_f64(&rd);
	tmp.mean_actual = mlc_get_f64(&rd);
	tmp.m2_actual = mlc_get_f64(&rd);
	tmp.shift_error = mlc_get_f64(&rd);
	tmp.mean_error = mlc_get_f64(&rd);
	tmp.m2_error = mlc_get_f64(&rd);
	tmp.sse.s = mlc_get_f64(&rd);
	tmp.sse.c = mlc_get_f64(&rd);
	tmp.sae.s = mlc_get_f64(&rd);
	tmp.sae.c = mlc_get_f64(&rd);
	tmp.sape.s = mlc_get_f64(&rd);
	tmp.sape.c = mlc_get_f64(&rd);
	tmp.max_abs_error = mlc_get_f64(&rd);
	if (version >= 2)
	{
		uint8_t		has_log = mlc_get_u8(&rd);

		if (has_log > 1)
		{
			mlc_fail(st, MLC_ESYNTAX, "invalid binary regression value: bad log flag", NULL, NULL);
			return NULL;
		}
		tmp.has_log = has_log == 1;
		tmp.slog.s = mlc_get_f64(&rd);
		tmp.slog.c = mlc_get_f64(&rd);
		tmp.n_negative = mlc_get_i64(&rd);
	}
	if (mlc_reader_finish(&rd, st, "regression") != MLC_OK)
		return NULL;
	return decoded(&tmp, "invalid binary regression value", NULL, st);
}

/* ----------------------------------------------------------------- JSON */

static void
put_num(mlc_buf *out, const char *key, double v)
{
	mlc_buf_printf(out, ", \"%s\": ", key);
	mlc_buf_double(out, v);
}

mlc_code
mlc_regression_to_json(const mlc_regression *r, mlc_buf *out, mlc_status *st)
{
	mlc_buf_printf(out, "{\"n\": %" PRId64 ", \"n_null\": %" PRId64, r->n, r->n_null);
	put_num(out, "weight", r->weight);
	put_num(out, "mean_actual", mlc_regression_mean_actual(r));
	put_num(out, "m2_actual", r->m2_actual);
	put_num(out, "mean_error", mlc_regression_mean_error(r));
	put_num(out, "m2_error", r->m2_error);
	put_num(out, "sum_squared_error", mlc_ksum_value(&r->sse));
	put_num(out, "sum_absolute_error", mlc_ksum_value(&r->sae));
	put_num(out, "sum_absolute_percentage_error", mlc_ksum_value(&r->sape));
	put_num(out, "max_absolute_error", r->max_abs_error);
	if (r->has_log)
	{
		put_num(out, "sum_squared_log_error", mlc_ksum_value(&r->slog));
		mlc_buf_printf(out, ", \"n_negative\": %" PRId64, r->n_negative);
	}
	mlc_buf_putc(out, '}');
	return mlc_buf_done(out, st, "regression text is too large", NULL);
}

mlc_regression *
mlc_regression_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const keys[] = {"n", "n_null", "weight", "mean_actual", "m2_actual",
		"mean_error", "m2_error", "sum_squared_error", "sum_absolute_error",
	"sum_absolute_percentage_error", "max_absolute_error", NULL};
	/* the log terms are optional together (a 0.1 text has neither) */
	static const char *const allowed[] = {"n", "n_null", "weight", "mean_actual", "m2_actual",
		"mean_error", "m2_error", "sum_squared_error", "sum_absolute_error",
		"sum_absolute_percentage_error", "max_absolute_error",
	"sum_squared_log_error", "n_negative", NULL};
	const mlc_json *slog,
			   *nneg;
	/* every key is required: a partial state would silently mean zeros */
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, keys, "regression", st);
	mlc_regression tmp;
	double		v[9];
	int			i;

	if (j == NULL)
		return NULL;
	memset(&tmp, 0, sizeof(tmp));
	if (mlc_json_to_int64(mlc_json_get(j, "n"), "regression", "n", &tmp.n, st) != MLC_OK ||
		mlc_json_to_int64(mlc_json_get(j, "n_null"), "regression", "n_null", &tmp.n_null, st) != MLC_OK)
	{
		mlc_json_free(j);
		return NULL;
	}
	for (i = 0; i < 9; i++)
	{
		const mlc_json *x = mlc_json_get(j, keys[i + 2]);

		if (x->type != MLC_JSON_NUMBER)
		{
			mlc_failf(st, MLC_ESYNTAX, JSON_SHAPE,
					  "invalid input syntax for type regression: \"%s\" must be a number", keys[i + 2]);
			mlc_json_free(j);
			return NULL;
		}
		v[i] = x->number;
	}
	slog = mlc_json_get(j, "sum_squared_log_error");
	nneg = mlc_json_get(j, "n_negative");
	if ((slog == NULL) != (nneg == NULL) || (slog && slog->type != MLC_JSON_NUMBER) ||
		(nneg && mlc_json_to_int64(nneg, "regression", "n_negative", &tmp.n_negative, st) != MLC_OK))
	{
		if (st->code == MLC_OK)
			mlc_fail(st, MLC_ESYNTAX, "invalid input syntax for type regression: \"sum_squared_log_error\" and \"n_negative\" go together",
					 NULL, JSON_SHAPE);
		mlc_json_free(j);
		return NULL;
	}
	if (slog)
	{
		tmp.has_log = true;
		tmp.slog.s = slog->number;
	}
	mlc_json_free(j);
	/* the text holds absolute means: they become the shifts */
	tmp.weight = v[0];
	tmp.shift_actual = v[1];
	tmp.mean_actual = 0;
	tmp.m2_actual = v[2];
	tmp.shift_error = v[3];
	tmp.mean_error = 0;
	tmp.m2_error = v[4];
	tmp.sse.s = v[5];
	tmp.sse.c = 0;
	tmp.sae.s = v[6];
	tmp.sae.c = 0;
	tmp.sape.s = v[7];
	tmp.sape.c = 0;
	tmp.max_abs_error = v[8];
	return decoded(&tmp, "invalid input syntax for type regression", JSON_SHAPE, st);
}

bool
mlc_regression_equal(const mlc_regression *a, const mlc_regression *b)
{
	return a->n == b->n && a->n_null == b->n_null && a->weight == b->weight &&
		mlc_regression_mean_actual(a) == mlc_regression_mean_actual(b) &&
		a->m2_actual == b->m2_actual &&
		mlc_regression_mean_error(a) == mlc_regression_mean_error(b) &&
		a->m2_error == b->m2_error &&
		mlc_ksum_value(&a->sse) == mlc_ksum_value(&b->sse) &&
		mlc_ksum_value(&a->sae) == mlc_ksum_value(&b->sae) &&
		mlc_ksum_value(&a->sape) == mlc_ksum_value(&b->sape) &&
		a->max_abs_error == b->max_abs_error &&
		a->has_log == b->has_log && a->n_negative == b->n_negative &&
		mlc_ksum_value(&a->slog) == mlc_ksum_value(&b->slog);
}

/* -------------------------------------------------------------- metrics */

/* sklearn's force_finite convention for r2 and explained variance */
static double
assemble(double num, double den)
{
	if (num == 0)
		return 1.0;
	if (den == 0)
		return 0.0;
	return 1 - num / den;
}

bool
mlc_regression_metric_value(const mlc_regression *r, mlc_regression_metric m, double *out)
{
	double		w = r->weight;

	if (r->n == 0 || !(w > 0))
		return false;
	switch (m)
	{
		case MLC_REG_MAE:
			*out = mlc_ksum_value(&r->sae) / w;
			return true;
		case MLC_REG_MSE:
			*out = mlc_ksum_value(&r->sse) / w;
			return true;
		case MLC_REG_RMSE:
			*out = sqrt(mlc_ksum_value(&r->sse) / w);
			return true;
		case MLC_REG_MAPE:
			*out = mlc_ksum_value(&r->sape) / w;
			return true;
		case MLC_REG_MAX_ERROR:
			*out = r->max_abs_error;
			return true;
		case MLC_REG_MEAN_ERROR:
			*out = mlc_regression_mean_error(r);
			return true;
		case MLC_REG_R2:
			/* sklearn: "not well-defined with less than two samples" */
			if (r->n < 2)
				return false;
			*out = assemble(mlc_ksum_value(&r->sse), r->m2_actual);
			return true;
		case MLC_REG_EXPLAINED_VARIANCE:
			*out = assemble(r->m2_error, r->m2_actual);
			return true;
		case MLC_REG_MSLE:
			if (!r->has_log || r->n_negative > 0)
				return false;
			*out = mlc_ksum_value(&r->slog) / w;
			return true;
	}
	return false;
}
