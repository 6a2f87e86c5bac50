/*
 * mlc_calibration.c — calibration summary: bins, merge, codec, JSON form,
 * ECE/MCE/Brier, Hosmer–Lemeshow and the text reliability diagram
 * (see mlc_calibration.h for the bin rule).
 */
#include "mlc_calibration.h"
#include "mlc_json.h"
#include "mlc_types.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const JSON_SHAPE =
"Expected {\"n_bins\": B, \"count\": [B numbers], \"sum_predicted\": [B numbers], "
"\"sum_positive\": [B numbers], \"sum_squared_error\": x, \"n_null\": N}.";

mlc_calibration *
mlc_calibration_new(int32_t n_bins, mlc_status *st)
{
	mlc_calibration *c;

	if (n_bins < 1 || n_bins > MLC_CALIBRATION_MAX_BINS)
	{
		mlc_failf(st, MLC_EBADARG,
				  "Use between 1 and 10000 bins; the default is 10.",
				  "number of calibration bins must be between 1 and %d, got %d",
				  MLC_CALIBRATION_MAX_BINS, (int) n_bins);
		return NULL;
	}
	c = mlc_alloc0(sizeof(mlc_calibration));
	if (c == NULL)
		goto oom;
	c->n_bins = n_bins;
	c->step = 1.0 / n_bins;
	/* the three per-bin arrays share one block, owned by count */
	c->count = mlc_alloc0(sizeof(double) * 3 * (size_t) n_bins);
	if (c->count == NULL)
	{
		mlc_free(c);
		goto oom;
	}
	c->sum_pred = c->count + n_bins;
	c->sum_pos = c->sum_pred + n_bins;
	return c;
oom:
	mlc_fail(st, MLC_ENOMEM, "out of memory creating a calibration summary", NULL, NULL);
	return NULL;
}

void
mlc_calibration_free(mlc_calibration *c)
{
	if (c == NULL)
		return;
	mlc_free(c->count);			/* and sum_pred, sum_pos */
	mlc_free(c);
}

mlc_calibration *
mlc_calibration_copy(const mlc_calibration *c, mlc_status *st)
{
	mlc_calibration *d = mlc_calibration_new(c->n_bins, st);

	if (d == NULL)
		return NULL;
	memcpy(d->count, c->count, sizeof(double) * c->n_bins);
	memcpy(d->sum_pred, c->sum_pred, sizeof(double) * c->n_bins);
	memcpy(d->sum_pos, c->sum_pos, sizeof(double) * c->n_bins);
	d->sq_err = c->sq_err;
	d->n_null = c->n_null;
	return d;
}

mlc_code
mlc_calibration_check_prob(double p, mlc_status *st)
{
	if (isnan(p))
		return mlc_fail(st, MLC_EBADARG, "predicted probability is NaN", NULL,
						"Filter out NaN probabilities, e.g. WHERE prob <> 'NaN'.");
	if (!(p >= 0 && p <= 1))
		return mlc_failf(st, MLC_ERANGE,
						 "Calibration needs probabilities in [0, 1]; rescale scores first (e.g. with a sigmoid).",
						 "predicted probability %g is outside [0, 1]", p);
	return MLC_OK;
}

mlc_code
mlc_calibration_merge(mlc_calibration *dst, const mlc_calibration *src, mlc_status *st)
{
	int32_t		i;

	if (dst->n_bins != src->n_bins)
	{
		mlc_failf(st, MLC_EBADARG,
				  "Only calibrations with the same number of bins can be merged; rebuild them with the same bins argument.",
				  "cannot merge a calibration with %d bins into one with %d bins",
				  (int) src->n_bins, (int) dst->n_bins);
		return MLC_EBADARG;
	}
	if (mlc_count_add_i64(&dst->n_null, src->n_null, "calibration NULL count", st) != MLC_OK)
		return st->code;
	for (i = 0; i < dst->n_bins; i++)
	{
		/* sum_pred and sum_pos never exceed count, so checking it suffices */
		if (mlc_count_add_f64(&dst->count[i], src->count[i], "calibration bin count", st) != MLC_OK)
			return st->code;
		dst->sum_pred[i] += src->sum_pred[i];
		dst->sum_pos[i] += src->sum_pos[i];
	}
	mlc_ksum_merge(&dst->sq_err, &src->sq_err);
	return MLC_OK;
}

/* ------------------------------------------------------------- validity */

/*
 * Shared by the binary and JSON readers.  All sums are accumulated in the
 * same order for count, sum_pred and sum_pos, and p, y <= 1, so
 * sum_pred <= count and sum_pos <= count hold exactly (rounding is
 * monotone); an empty bin has zero sums.
 */
static const char *
check_bins(const mlc_calibration *c)
{
	int32_t		i;

	for (i = 0; i < c->n_bins; i++)
	{
		double		n = c->count[i],
					sp = c->sum_pred[i],
					sy = c->sum_pos[i];

		if (!isfinite(n) || !isfinite(sp) || !isfinite(sy))
			return "sums must be finite";
		if (n < 0 || sp < 0 || sy < 0)
			return "sums must be non-negative";
		if (sp > n || sy > n)
			return "a bin's sum_predicted and sum_positive cannot exceed its count";
	}
	if (!isfinite(c->sq_err.s) || !isfinite(c->sq_err.c) || mlc_ksum_value(&c->sq_err) < 0)
		return "sum_squared_error must be finite and non-negative";
	return NULL;
}

/* ---------------------------------------------------------------- codec */

mlc_code
mlc_calibration_write(const mlc_calibration *c, mlc_buf *out, mlc_status *st)
{
	int32_t		i;

	if (check_bins(c) != NULL)
		return mlc_fail(st, MLC_ERANGE, "calibration sums overflow",
						"A sum of weights or of weighted probabilities is not finite.",
						"Use smaller weights.");
	mlc_put_u8(out, MLC_CALIBRATION_FORMAT_VERSION);
	mlc_put_i32(out, c->n_bins);
	mlc_put_i64(out, c->n_null);
	mlc_put_f64(out, c->sq_err.s);
	mlc_put_f64(out, c->sq_err.c);
	for (i = 0; i < c->n_bins; i++)
	{
		mlc_put_f64(out, c->count[i]);
		mlc_put_f64(out, c->sum_pred[i]);
		mlc_put_f64(out, c->sum_pos[i]);
	}
	return mlc_buf_done(out, st, "calibration value is too large", NULL);
}

static mlc_calibration *
read_bad(mlc_calibration *c, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_calibration_type, c, NULL, st, NULL, "invalid binary calibration value", why);
}

mlc_calibration *
mlc_calibration_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	mlc_calibration *c;
	int32_t		n_bins,
				i;
	int64_t		n_null;
	uint8_t		version;
	const char *why;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	if (r.failed)
		return read_bad(NULL, st, "truncated");
	if (version != MLC_CALIBRATION_FORMAT_VERSION)
		return read_bad(NULL, st, "unknown format version");
	n_bins = mlc_get_i32(&r);
	n_null = mlc_get_i64(&r);
	if (r.failed)
		return read_bad(NULL, st, "truncated");
	if (n_bins < 1 || n_bins > MLC_CALIBRATION_MAX_BINS)
		return read_bad(NULL, st, "number of bins out of range");
	if (n_null < 0)
		return read_bad(NULL, st, "negative n_null");
	if (mlc_reader_remaining(&r) != 16 + (size_t) n_bins * 24)
		return read_bad(NULL, st, mlc_reader_remaining(&r) < 16 + (size_t) n_bins * 24
						? "truncated" : "trailing bytes");
	c = mlc_calibration_new(n_bins, st);
	if (c == NULL)
		return NULL;
	c->n_null = n_null;
	c->sq_err.s = mlc_get_f64(&r);
	c->sq_err.c = mlc_get_f64(&r);
	for (i = 0; i < n_bins; i++)
	{
		c->count[i] = mlc_get_f64(&r);
		c->sum_pred[i] = mlc_get_f64(&r);
		c->sum_pos[i] = mlc_get_f64(&r);
	}
	if (mlc_type_read_end(&mlc_calibration_type, c, &r, st) == NULL)
		return NULL;
	if ((why = check_bins(c)) != NULL)
		return read_bad(c, st, why);
	return c;
}

/* ----------------------------------------------------------------- JSON */

static void
put_array(mlc_buf *out, const char *key, const double *v, int32_t n)
{
	mlc_buf_printf(out, ", \"%s\": ", key);
	mlc_buf_json_doubles(out, v, (size_t) n);
}

mlc_code
mlc_calibration_to_json(const mlc_calibration *c, mlc_buf *out, mlc_status *st)
{
	mlc_buf_printf(out, "{\"n_bins\": %d", (int) c->n_bins);
	put_array(out, "count", c->count, c->n_bins);
	put_array(out, "sum_predicted", c->sum_pred, c->n_bins);
	put_array(out, "sum_positive", c->sum_pos, c->n_bins);
	mlc_buf_puts(out, ", \"sum_squared_error\": ");
	mlc_buf_double(out, mlc_ksum_value(&c->sq_err));
	mlc_buf_printf(out, ", \"n_null\": %" PRId64 "}", c->n_null);
	return mlc_buf_done(out, st, "calibration text is too large", NULL);
}

static mlc_calibration *
json_bad(mlc_calibration *c, mlc_json *j, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_calibration_type, c, j, st, JSON_SHAPE, "invalid input syntax for type calibration", why);
}

static bool
read_array(const mlc_json *a, double *out, int32_t n)
{
	int32_t		i;

	if (a->type != MLC_JSON_ARRAY || a->len != (size_t) n)
		return false;
	for (i = 0; i < n; i++)
	{
		if (a->items[i]->type != MLC_JSON_NUMBER)
			return false;
		out[i] = a->items[i]->number;
	}
	return true;
}

mlc_calibration *
mlc_calibration_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const allowed[] = {"n_bins", "count", "sum_predicted", "sum_positive",
	"sum_squared_error", "n_null", NULL};
	static const char *const required[] = {"n_bins", "count", "sum_predicted", "sum_positive",
	"sum_squared_error", NULL};
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, required, "calibration", st);
	const mlc_json *nb,
			   *nn;
	mlc_calibration *c = NULL;
	const char *why;
	mlc_status	dummy;

	if (j == NULL)
		return NULL;
	nb = mlc_json_get(j, "n_bins");
	if (nb->type != MLC_JSON_NUMBER || !nb->int_exact || nb->ival < 1 ||
		nb->ival > MLC_CALIBRATION_MAX_BINS)
		return json_bad(c, j, st, "\"n_bins\" must be an integer between 1 and 10000");
	mlc_status_init(&dummy);
	c = mlc_calibration_new((int32_t) nb->ival, &dummy);
	if (c == NULL)
		return json_bad(c, j, st, "out of memory");
	if (!read_array(mlc_json_get(j, "count"), c->count, c->n_bins) ||
		!read_array(mlc_json_get(j, "sum_predicted"), c->sum_pred, c->n_bins) ||
		!read_array(mlc_json_get(j, "sum_positive"), c->sum_pos, c->n_bins))
		return json_bad(c, j, st, "\"count\", \"sum_predicted\" and \"sum_positive\" must be arrays of n_bins numbers");
	if (mlc_json_get(j, "sum_squared_error")->type != MLC_JSON_NUMBER)
		return json_bad(c, j, st, "\"sum_squared_error\" must be a number");
	c->sq_err.s = mlc_json_get(j, "sum_squared_error")->number;
	c->sq_err.c = 0;
	nn = mlc_json_get(j, "n_null");
	if (nn && mlc_json_to_int64(nn, "calibration", "n_null", &c->n_null, st) != MLC_OK)
	{
		mlc_calibration_free(c);
		mlc_json_free(j);
		return NULL;
	}
	if ((why = check_bins(c)) != NULL)
		return json_bad(c, j, st, why);
	mlc_json_free(j);
	return c;
}

bool
mlc_calibration_equal(const mlc_calibration *a, const mlc_calibration *b)
{
	int32_t		i;

	if (a->n_bins != b->n_bins || a->n_null != b->n_null ||
		mlc_ksum_value(&a->sq_err) != mlc_ksum_value(&b->sq_err))
		return false;
	for (i = 0; i < a->n_bins; i++)
		if (a->count[i] != b->count[i] || a->sum_pred[i] != b->sum_pred[i] ||
			a->sum_pos[i] != b->sum_pos[i])
			return false;
	return true;
}

/* -------------------------------------------------------------- metrics */

/* the power of two the metrics multiply sums by (see mlc_pow2_scale) */
static double
calibration_scale(const mlc_calibration *c)
{
	double		mx = 0;
	int32_t		i;

	for (i = 0; i < c->n_bins; i++)
		mx = fmax(mx, c->count[i]);
	return mlc_pow2_scale(mx, (double) c->n_bins);
}

/* total weight multiplied by sc */
static double
scaled_total(const mlc_calibration *c, double sc)
{
	mlc_ksum	t = {0, 0};
	int32_t		i;

	for (i = 0; i < c->n_bins; i++)
		mlc_ksum_add(&t, c->count[i] * sc);
	return mlc_ksum_value(&t);
}

/* +Infinity (never NaN) when the bins' finite counts sum past float8 */
double
mlc_calibration_total(const mlc_calibration *c)
{
	double		sc = calibration_scale(c);

	return scaled_total(c, sc) / sc;
}

bool
mlc_calibration_ece(const mlc_calibration *c, double *out)
{
	double		sc = calibration_scale(c),
				total = scaled_total(c, sc);
	mlc_ksum	s = {0, 0};
	int32_t		i;

	if (!(total > 0))
		return false;
	/* Σ (n_b / N)·|sp_b/n_b - sy_b/n_b| = Σ |sp_b - sy_b| / N */
	for (i = 0; i < c->n_bins; i++)
		if (c->count[i] > 0)
			mlc_ksum_add(&s, c->count[i] * sc *
						 fabs(c->sum_pred[i] / c->count[i] - c->sum_pos[i] / c->count[i]));
	*out = mlc_ksum_value(&s) / total;
	return true;
}

bool
mlc_calibration_mce(const mlc_calibration *c, double *out)
{
	double		m = 0;
	bool		any = false;
	int32_t		i;

	for (i = 0; i < c->n_bins; i++)
		if (c->count[i] > 0)
		{
			double		g = fabs(c->sum_pred[i] / c->count[i] - c->sum_pos[i] / c->count[i]);

			if (!any || g > m)
				m = g;
			any = true;
		}
	if (any)
		*out = m;
	return any;
}

bool
mlc_calibration_brier(const mlc_calibration *c, double *out)
{
	double		sc = calibration_scale(c),
				total = scaled_total(c, sc);

	if (!(total > 0))
		return false;
	*out = mlc_ksum_value(&c->sq_err) * sc / total;
	return true;
}

int32_t
mlc_calibration_bins(const mlc_calibration *c, mlc_calibration_bin *out)
{
	int32_t		i,
				k = 0;

	for (i = 0; i < c->n_bins; i++)
	{
		if (!(c->count[i] > 0))
			continue;
		out[k].bin = i;
		out[k].lower = mlc_calibration_edge(c, i);
		out[k].upper = mlc_calibration_edge(c, i + 1);
		out[k].count = c->count[i];
		out[k].mean_predicted = c->sum_pred[i] / c->count[i];
		out[k].fraction_positive = c->sum_pos[i] / c->count[i];
		k++;
	}
	return k;
}

/* (O - E)² / E with the conventions of the header */
static double
hl_cell(double o, double e)
{
	if (e > 0)
		return (o - e) * (o - e) / e;
	return o == e ? 0.0 : INFINITY;
}

void
mlc_calibration_hosmer_lemeshow(const mlc_calibration *c, mlc_hosmer_lemeshow *out)
{
	double		stat = 0;
	int32_t		i,
				g = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < c->n_bins; i++)
	{
		double		n = c->count[i],
					o1 = c->sum_pos[i],
					e1 = c->sum_pred[i];

		if (!(n > 0))
			continue;
		g++;
		/* n - o1 and n - e1 are >= 0 (see check_bins); clamp rounding */
		stat += hl_cell(o1, e1) + hl_cell(n - o1, fmax(n - e1, 0.0));
	}
	out->groups = g;
	if (g < 1)
		return;
	out->has_statistic = true;
	out->statistic = stat;
	if (g < 3)
		return;
	out->has_df = true;
	out->df = g - 2;
	out->p_value = mlc_stats_chi2_sf(stat, (double) out->df);
}

/* ------------------------------------------------------------------ plot */

#define PLOT_WIDTH 40

static void
fmt_count(char *dst, size_t n, double v)
{
	if (v == floor(v) && v < 1e15)
		snprintf(dst, n, "%.0f", v);
	else
		snprintf(dst, n, "%.4g", v);
}

mlc_code
mlc_calibration_plot(const mlc_calibration *c, bool unicode, mlc_buf *out, mlc_status *st)
{
	static const char *const eighths[] = {"", "\u258f", "\u258e", "\u258d", "\u258c",
	"\u258b", "\u258a", "\u2589"};
	const char *full = unicode ? "\u2588" : "#";
	const char *mark = unicode ? "\u2503" : "|";
	double		total = mlc_calibration_total(c),
				v;
	int			dec = c->n_bins <= 100 ? 2 : c->n_bins <= 1000 ? 3 : 4;
	int			cw = 5;			/* width of the count column */
	char		tmp[64];
	int32_t		i;
	int			k;

	mlc_buf_printf(out, "reliability diagram: %d bins", (int) c->n_bins);
	fmt_count(tmp, sizeof(tmp), total);
	mlc_buf_printf(out, ", n = %s", tmp);
	if (mlc_calibration_ece(c, &v))
		mlc_buf_printf(out, ", ECE = %.4f", v);
	if (mlc_calibration_mce(c, &v))
		mlc_buf_printf(out, ", MCE = %.4f", v);
	if (mlc_calibration_brier(c, &v))
		mlc_buf_printf(out, ", Brier = %.4f", v);
	if (!(total > 0))
	{
		mlc_buf_puts(out, "\n(no rows)");
		goto done;
	}
	for (i = 0; i < c->n_bins; i++)
	{
		fmt_count(tmp, sizeof(tmp), c->count[i]);
		if ((int) strlen(tmp) > cw)
			cw = (int) strlen(tmp);
	}
	mlc_buf_printf(out, "\nbar = fraction positive (observed), %s = mean predicted; "
				   "a well-calibrated bin's bar ends at its marker\n", mark);
	mlc_buf_printf(out, " bin  %-*s  %*s  predicted  observed  ", 2 * dec + 5, "range", cw, "count");
	/* axis labels over the bar area: 0 at column 0, 0.5 centred on 20, 1 at 40 */
	mlc_buf_puts(out, "0                  0.5                  1");
	for (i = 0; i < c->n_bins; i++)
	{
		double		n = c->count[i];
		char		range[48];

		snprintf(range, sizeof(range), "%.*f-%.*f", dec, mlc_calibration_edge(c, i),
				 dec, mlc_calibration_edge(c, i + 1));
		fmt_count(tmp, sizeof(tmp), n);
		mlc_buf_printf(out, "\n%4d  %-*s  %*s  ", (int) i, 2 * dec + 5, range, cw, tmp);
		if (!(n > 0))
		{
			mlc_buf_printf(out, "%9s  %8s  ", "-", "-");
			if (unicode)
				mlc_buf_puts(out, "\u00b7");
			else
				mlc_buf_puts(out, ".");
			continue;
		}
		{
			double		pred = c->sum_pred[i] / n,
						obs = c->sum_pos[i] / n;
			int			eighth_total = (int) floor(obs * PLOT_WIDTH * 8 + 0.5);
			int			nfull = unicode ? eighth_total / 8 : (int) floor(obs * PLOT_WIDTH + 0.5);
			int			part = unicode ? eighth_total % 8 : 0;
			int			mcol = (int) floor(pred * PLOT_WIDTH + 0.5);
			int			col = 0;

			mlc_buf_printf(out, "%9.4f  %8.4f  ", pred, obs);
			/* bar cells up to the end of the bar or the marker */
			for (k = 0; k < nfull; k++, col++)
				mlc_buf_puts(out, col == mcol ? mark : full);
			if (part > 0)
			{
				mlc_buf_puts(out, col == mcol ? mark : eighths[part]);
				col++;
			}
			if (mcol >= col)
			{
				while (col < mcol)
				{
					mlc_buf_putc(out, ' ');
					col++;
				}
				mlc_buf_puts(out, mark);
			}
		}
	}
done:
	return mlc_buf_done(out, st, "reliability diagram is too large", NULL);
}
