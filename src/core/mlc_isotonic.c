/*
 * mlc_isotonic.c — isotonic calibrator: fit from an exact AUC state,
 * prediction, codec (see mlc_isotonic.h).
 */
#include "mlc_isotonic.h"

#include <math.h>
#include <string.h>

#include "mlc_json.h"
#include "mlc_scores.h"
#include "mlc_sort.h"
#include "mlc_types.h"

/*
 * Scores closer than this to the first score of their group are one score,
 * as in sklearn's _make_unique (numpy's float64 resolution).
 */
#define TIE_RESOLUTION 1e-15

static mlc_code
no_memory(mlc_status *st)
{
	return mlc_fail(st, MLC_ENOMEM, "out of memory fitting the isotonic calibrator", NULL, NULL);
}

void
mlc_calibrator_free(mlc_calibrator *c)
{
	if (c == NULL)
		return;
	mlc_free(c->x);
	mlc_free(c->y);
	mlc_free(c->start);
	mlc_free(c->seg);
	mlc_free(c);
}

static mlc_calibrator *
calibrator_alloc(size_t n)
{
	mlc_calibrator *c = mlc_alloc0(sizeof(mlc_calibrator));

	if (c == NULL)
		return NULL;
	c->n = n;
	c->x = mlc_alloc((n ? n : 1) * sizeof(double));
	c->y = mlc_alloc((n ? n : 1) * sizeof(double));
	if (c->x == NULL || c->y == NULL)
	{
		mlc_calibrator_free(c);
		return NULL;
	}
	return c;
}

void
mlc_pava(double *y, double *w, size_t n)
{
	/* blocks on a stack: start index, weighted sum, weight */
	size_t	   *start = mlc_alloc((n ? n : 1) * sizeof(size_t));
	double	   *sum = mlc_alloc((n ? n : 1) * sizeof(double));
	double	   *wt = mlc_alloc((n ? n : 1) * sizeof(double));
	size_t		top = 0,
				i,
				b;

	if (start == NULL || sum == NULL || wt == NULL)
	{
		mlc_free(start);
		mlc_free(sum);
		mlc_free(wt);
		return;
	}
	for (i = 0; i < n; i++)
	{
		start[top] = i;
		sum[top] = y[i] * w[i];
		wt[top] = w[i];
		top++;
		/* merge while the previous block's mean exceeds the last one's (the
		 * means compared are the ones written below, so the fit is
		 * non-decreasing to the bit) */
		while (top > 1 && sum[top - 2] / wt[top - 2] > sum[top - 1] / wt[top - 1])
		{
			sum[top - 2] += sum[top - 1];
			wt[top - 2] += wt[top - 1];
			top--;
		}
		if ((i & 65535) == 65535)
			mlc_check_interrupts();
	}
	for (b = 0; b < top; b++)
	{
		size_t		end = b + 1 < top ? start[b + 1] : n;
		double		mean = sum[b] / wt[b];

		for (i = start[b]; i < end; i++)
			y[i] = mean;
	}
	mlc_free(start);
	mlc_free(sum);
	mlc_free(wt);
}

mlc_calibrator *
mlc_isotonic_fit(mlc_auc *a, bool *defined, mlc_status *st)
{
	size_t		np = a->np,
				nn = a->nn,
				i = 0,
				j = 0,
				u = 0,
				keep,
				tick = 0;
	double	   *x,
			   *y,
			   *w,
				wmax = 0,
				scale;
	mlc_calibrator *c = NULL;

	*defined = false;
	if (mlc_auc_sort(a, st) != MLC_OK)
		return NULL;
	if (np + nn == 0)
		return NULL;
	/* weights scaled by the largest, so sums cannot overflow */
	for (i = 0; a->weighted && i < np; i++)
		if (a->pw[i] > wmax)
			wmax = a->pw[i];
	for (i = 0; a->weighted && i < nn; i++)
		if (a->nw[i] > wmax)
			wmax = a->nw[i];
	scale = a->weighted ? (wmax > 0 ? 1.0 / wmax : 0) : 1.0;
	if (!(scale > 0))
		return NULL;
	x = mlc_alloc((np + nn) * sizeof(double));
	y = mlc_alloc((np + nn) * sizeof(double));
	w = mlc_alloc((np + nn) * sizeof(double));
	if (x == NULL || y == NULL || w == NULL)
		goto oom;
	/* merge-walk the two sorted classes into distinct scores: x, Σw·label, Σw */
	i = j = 0;
	while (i < np || j < nn)
	{
		bool		take_pos = j >= nn || (i < np && a->pk[i] <= a->nk[j]);
		double		s = mlc_key_f64(take_pos ? a->pk[i] : a->nk[j]),
					wi;

		if (take_pos)
		{
			wi = (a->weighted ? a->pw[i] : 1.0) * scale;
			i++;
		}
		else
		{
			wi = (a->weighted ? a->nw[j] : 1.0) * scale;
			j++;
		}
		if (wi == 0)
			continue;
		if (u > 0 && s - x[u - 1] < TIE_RESOLUTION)
		{
			y[u - 1] += take_pos ? wi : 0;
			w[u - 1] += wi;
		}
		else
		{
			x[u] = s;
			y[u] = take_pos ? wi : 0;
			w[u] = wi;
			u++;
		}
		if (++tick == 65536)
		{
			tick = 0;
			mlc_check_interrupts();
		}
	}
	if (u == 0)
	{
		mlc_free(x);
		mlc_free(y);
		mlc_free(w);
		return NULL;
	}
	for (i = 0; i < u; i++)
		y[i] /= w[i];
	mlc_pava(y, w, u);
	/* keep the ends and every point whose y differs from a neighbour's */
	keep = 0;
	for (i = 0; i < u; i++)
		if (i == 0 || i == u - 1 || y[i] != y[i - 1] || y[i] != y[i + 1])
			keep++;
	c = calibrator_alloc(keep);
	if (c == NULL)
		goto oom;
	keep = 0;
	for (i = 0; i < u; i++)
		if (i == 0 || i == u - 1 || y[i] != y[i - 1] || y[i] != y[i + 1])
		{
			c->x[keep] = x[i];
			c->y[keep] = y[i];
			keep++;
		}
	mlc_free(x);
	mlc_free(y);
	mlc_free(w);
	*defined = true;
	return c;
oom:
	mlc_free(x);
	mlc_free(y);
	mlc_free(w);
	no_memory(st);
	return NULL;
}

/* the bucket of a score in [x[0], x[n-1]]: never decreases as s grows */
static inline size_t
bucket_of(const mlc_calibrator *c, double s)
{
	double		b = (s - c->x[0]) * c->scale;

	return b < (double) (c->nb - 1) ? (size_t) b : c->nb - 1;
}

/* the largest bucket count: 4 bytes a bucket, 2 buckets a breakpoint */
#define MAX_BUCKETS (UINT32_C(1) << 24)

void
mlc_calibrator_index(mlc_calibrator *c)
{
	size_t		nb,
				i,
				b = 0;
	double		range;

	if (c->start != NULL || c->n < 2 || c->n > UINT32_MAX - 1)
		return;
	nb = c->n < MAX_BUCKETS / 2 ? 2 * c->n : MAX_BUCKETS;
	c->start = mlc_alloc((nb + 1) * sizeof(uint32_t));
	c->seg = mlc_alloc(c->n * sizeof(*c->seg));
	if (c->start == NULL || c->seg == NULL)
	{
		mlc_free(c->start);
		mlc_free(c->seg);
		c->start = NULL;
		c->seg = NULL;
		return;
	}
	c->nb = nb;
	range = c->x[c->n - 1] - c->x[0];
	c->scale = (double) nb / range;
	/* a range that overflows (or a scale that does) leaves one bucket:
	 * a plain binary search */
	if (!isfinite(range) || !isfinite(c->scale) || !(c->scale > 0))
	{
		c->scale = 0;
		c->nb = nb = 1;
	}
	for (i = 0; i < c->n; i++)
	{
		size_t		bi = bucket_of(c, c->x[i]);

		while (b <= bi)
			c->start[b++] = (uint32_t) i;
	}
	while (b <= nb)
		c->start[b++] = (uint32_t) c->n;
	c->seg[0].x0 = c->seg[0].y0 = c->seg[0].slope = 0;
	for (i = 1; i < c->n; i++)
	{
		c->seg[i].x0 = c->x[i - 1];
		c->seg[i].y0 = c->y[i - 1];
		c->seg[i].slope = (c->y[i] - c->y[i - 1]) / (c->x[i] - c->x[i - 1]);
	}
}

double
mlc_calibrator_predict(const mlc_calibrator *c, double s)
{
	size_t		lo,
				hi,
				mid;
	double		slope,
				v;

	if (c->n == 1)
		return c->y[0];
	if (s <= c->x[0])
		s = c->x[0];
	if (s >= c->x[c->n - 1])
		s = c->x[c->n - 1];
	/*
	 * scipy's interp1d: the first breakpoint >= s (searchsorted left),
	 * kept within 1 … n − 1, and the segment ending there.  With the index
	 * the search is confined to the breakpoints of s's bucket and the next
	 * bucket's first breakpoint: every breakpoint before start[b] is in a
	 * lower bucket, hence below s; every one from start[b + 1] on is in a
	 * higher bucket, hence above s.
	 */
	if (c->start != NULL)
	{
		size_t		b = bucket_of(c, s);

		lo = c->start[b];
		hi = c->start[b + 1];
	}
	else
	{
		lo = 0;
		hi = c->n;
	}
	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		if (c->x[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < 1)
		lo = 1;
	if (lo > c->n - 1)
		lo = c->n - 1;
	if (c->seg != NULL)
		v = c->seg[lo].slope * (s - c->seg[lo].x0) + c->seg[lo].y0;
	else
	{
		slope = (c->y[lo] - c->y[lo - 1]) / (c->x[lo] - c->x[lo - 1]);
		v = slope * (s - c->x[lo - 1]) + c->y[lo - 1];
	}
	return v < 0 ? 0 : (v > 1 ? 1 : v);
}

/* ---------------------------------------------------------------- codec */

static const char *
check(const mlc_calibrator *c)
{
	size_t		i;

	if (c->n < 1)
		return "no breakpoints";
	for (i = 0; i < c->n; i++)
	{
		if (!isfinite(c->x[i]))
			return "breakpoint scores must be finite";
		if (!(c->y[i] >= 0 && c->y[i] <= 1))
			return "calibrated probabilities must lie in [0, 1]";
		if (i > 0 && !(c->x[i] > c->x[i - 1]))
			return "breakpoint scores must increase";
		if (i > 0 && c->y[i] < c->y[i - 1])
			return "calibrated probabilities must not decrease";
	}
	return NULL;
}

mlc_code
mlc_calibrator_write(const mlc_calibrator *c, mlc_buf *out, mlc_status *st)
{
	size_t		i;

	mlc_put_u8(out, MLC_CALIBRATOR_FORMAT_VERSION);
	mlc_put_u64(out, (uint64_t) c->n);
	for (i = 0; i < c->n; i++)
	{
		mlc_put_f64(out, c->x[i]);
		mlc_put_f64(out, c->y[i]);
	}
	return mlc_buf_done(out, st, "calibrator value is too large", NULL);
}

mlc_calibrator *
mlc_calibrator_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	uint64_t	n;
	uint8_t		version;
	mlc_calibrator *c;
	size_t		i;
	const char *why;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	n = mlc_get_u64(&r);
	if (r.failed || version != MLC_CALIBRATOR_FORMAT_VERSION || n == 0 ||
		n > mlc_reader_remaining(&r) / 16 || mlc_reader_remaining(&r) != n * 16)
	{
		mlc_failf(st, MLC_ESYNTAX, NULL, "invalid binary calibrator: %s",
				  r.failed ? "truncated" : version != MLC_CALIBRATOR_FORMAT_VERSION ?
				  "unknown format version" : "length does not match the breakpoint count");
		return NULL;
	}
	c = calibrator_alloc((size_t) n);
	if (c == NULL)
	{
		no_memory(st);
		return NULL;
	}
	for (i = 0; i < c->n; i++)
	{
		c->x[i] = mlc_get_f64(&r);
		c->y[i] = mlc_get_f64(&r);
	}
	if (mlc_type_read_end(&mlc_calibrator_type, c, &r, st) == NULL)
		return NULL;
	if ((why = check(c)) != NULL)
		return mlc_type_reject(&mlc_calibrator_type, c, NULL, st, NULL, "invalid binary calibrator", why);
	return c;
}

mlc_code
mlc_calibrator_to_json(const mlc_calibrator *c, mlc_buf *out, mlc_status *st)
{
	mlc_buf_puts(out, "{\"x\": ");
	mlc_buf_json_doubles(out, c->x, c->n);
	mlc_buf_puts(out, ", \"y\": ");
	mlc_buf_json_doubles(out, c->y, c->n);
	mlc_buf_putc(out, '}');
	return mlc_buf_done(out, st, "calibrator text is too large", NULL);
}

mlc_calibrator *
mlc_calibrator_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const keys[] = {"x", "y", NULL};
	mlc_json   *j = mlc_json_parse_object(text, len, keys, keys, "calibrator", st);
	const mlc_json *jx,
			   *jy;
	mlc_calibrator *c = NULL;
	size_t		i;
	const char *why;

	if (j == NULL)
		return NULL;
	jx = mlc_json_get(j, "x");
	jy = mlc_json_get(j, "y");
	if (jx->type != MLC_JSON_ARRAY || jy->type != MLC_JSON_ARRAY || jx->len != jy->len || jx->len == 0)
	{
		mlc_fail(st, MLC_ESYNTAX, "invalid input syntax for type calibrator: \"x\" and \"y\" must be non-empty arrays of the same length",
				 NULL, "The text form is {\"x\": [scores...], \"y\": [probabilities...]}.");
		goto fail;
	}
	c = calibrator_alloc(jx->len);
	if (c == NULL)
	{
		no_memory(st);
		goto fail;
	}
	for (i = 0; i < c->n; i++)
		if (mlc_json_to_double(jx->items[i], "calibrator", "x", &c->x[i], st) != MLC_OK ||
			mlc_json_to_double(jy->items[i], "calibrator", "y", &c->y[i], st) != MLC_OK)
			goto fail;
	if ((why = check(c)) != NULL)
	{
		mlc_failf(st, MLC_ESYNTAX, NULL, "invalid input syntax for type calibrator: %s", why);
		goto fail;
	}
	mlc_json_free(j);
	return c;
fail:
	mlc_json_free(j);
	mlc_calibrator_free(c);
	return NULL;
}

/* --------------------------------------------------- operations table */

MLC_OPS_CODEC(calibrator) MLC_OPS_JSON(calibrator)

static mlc_code
calibrator_merge(void *dst, void *src, mlc_status *st)
{
	return mlc_fail(st, MLC_EBADARG, "calibrators cannot be merged", NULL,
					"Fit one calibrator over the union of the rows with mlcheck.isotonic(score, label).");
}

const mlc_type_ops mlc_calibrator_type = MLC_SUMMARY_OPS(calibrator, "calibrator", "calibrator");
