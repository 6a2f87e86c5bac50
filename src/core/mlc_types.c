/*
 * mlc_types.c — the operations table of every core value type (see
 * mlc_types.h), the generic text form (JSON or base64 of the codec) and
 * the base64 codec.  The adaptors below only give each module's typed
 * functions the table's common signature.
 */
#include "mlc_types.h"

#include <string.h>

#include "mlc_calibration.h"
#include "mlc_confusion.h"
#include "mlc_delong.h"
#include "mlc_json.h"
#include "mlc_profile.h"
#include "mlc_regression.h"
#include "mlc_scores.h"

MLC_OPS_ALL(confusion)
MLC_OPS_ALL(scores)
MLC_OPS_ALL(calibration)
MLC_OPS_CODEC(regression) MLC_OPS_JSON(regression)
MLC_OPS_ALL(numprof)
MLC_OPS_ALL(catprof)
MLC_OPS_READ(auc) MLC_OPS_FREE(auc)
MLC_OPS_READ(delong) MLC_OPS_MERGE(delong) MLC_OPS_FREE(delong)

static mlc_code
regression_merge(void *dst, void *src, mlc_status *st)
{
	mlc_regression_merge(dst, src);
	return MLC_OK;
}

static bool
confusion_text_label(const void *v, int32_t i, const char **s, size_t *len)
{
	const mlc_confusion *c = v;

	if (c->kind != MLC_LABEL_TEXT || i >= c->k)
		return false;
	*s = c->slab[i];
	*len = c->slen[i];
	return true;
}

static bool
catprof_text_label(const void *v, int32_t i, const char **s, size_t *len)
{
	const mlc_catprof *c = v;

	if (i >= c->k)
		return false;
	*s = c->lab[i];
	*len = c->llen[i];
	return true;
}

const mlc_type_ops mlc_confusion_type = MLC_SUMMARY_OPS(confusion, "confusion", "confusion",
														.text_label = confusion_text_label);
const mlc_type_ops mlc_scores_type = MLC_SUMMARY_OPS(scores, "scores", "scores");
const mlc_type_ops mlc_calibration_type = MLC_SUMMARY_OPS(calibration, "calibration", "calibration");
const mlc_type_ops mlc_regression_type = MLC_SUMMARY_OPS(regression, "regression", "regression");
const mlc_type_ops mlc_numprof_type = MLC_SUMMARY_OPS(numprof, "numeric_profile", "numeric_profile");
static mlc_code
catprof_finish(void *v, mlc_status *st)
{
	return mlc_catprof_finish(v, st);
}

const mlc_type_ops mlc_catprof_type = MLC_SUMMARY_OPS(catprof, "categorical_profile", "categorical_profile",
													  .text_label = catprof_text_label, .finish = catprof_finish);

/* ------------------------------------------------------ exact AUC state */

/*
 * Sorted before writing: a partial state from a parallel worker or another
 * node then arrives as one ascending run per class, and the final walk
 * merges runs instead of sorting every row again.
 */
static mlc_code
auc_write(void *v, mlc_buf *out, mlc_status *st)
{
	mlc_code	rc = mlc_auc_sort(v, st);

	return rc != MLC_OK ? rc : mlc_auc_write(v, out, st);
}

static mlc_code
auc_merge(void *dst, void *src, mlc_status *st)
{
	mlc_auc    *d = dst;
	const mlc_auc *s = src;

	if (d->weighted != s->weighted)
		return mlc_fail(st, MLC_EBADARG, "cannot combine weighted and unweighted exact AUC states",
						NULL, NULL);
	return mlc_auc_merge(d, s, st);
}

/* sorted too, in the form fastest to write and read back (format 2 costs
 * about 20 ns a row each way; format 1, 8 bytes a row, runs at memory speed) */
static mlc_code
auc_write_fast(void *v, mlc_buf *out, mlc_status *st)
{
	return mlc_auc_write_fast(v, out, st);
}

const mlc_type_ops mlc_auc_type = MLC_STATE_OPS(auc, "_auc_state", "exact AUC state",
												.write_fast = auc_write_fast);

/* ------------------------------------------------ log loss / Brier state */

static void *
prob_read(const void *d, size_t n, mlc_status *st)
{
	mlc_prob   *p = mlc_alloc(sizeof(mlc_prob));

	if (p == NULL)
	{
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		return NULL;
	}
	if (mlc_prob_read(d, n, p, st) != MLC_OK)
	{
		mlc_free(p);
		return NULL;
	}
	return p;
}

static mlc_code
prob_write(void *v, mlc_buf *out, mlc_status *st)
{
	mlc_prob_write(v, out);
	return MLC_OK;
}

static mlc_code
prob_merge(void *dst, void *src, mlc_status *st)
{
	mlc_prob_merge(dst, src);
	return MLC_OK;
}

static void
prob_free(void *v)
{
	mlc_free(v);
}

const mlc_type_ops mlc_prob_type = MLC_STATE_OPS(prob, "_prob_state", "log loss state");

/* ---------------------------------------------------------- DeLong state */

/*
 * Sorted before writing, like the exact AUC state: partial states then
 * arrive sorted and are merged linearly, and the final sorts nothing by
 * model A.
 */
static mlc_code
delong_write(void *v, mlc_buf *out, mlc_status *st)
{
	mlc_code	rc = mlc_delong_sort(v, st);

	return rc != MLC_OK ? rc : mlc_delong_write(v, out, st);
}

const mlc_type_ops mlc_delong_type = MLC_STATE_OPS(delong, "_delong_state", "DeLong state");

const mlc_type_ops *const mlc_types[] = {
	&mlc_confusion_type, &mlc_scores_type, &mlc_calibration_type,
	&mlc_regression_type, &mlc_numprof_type, &mlc_catprof_type,
	&mlc_auc_type, &mlc_prob_type, &mlc_delong_type,
	&mlc_multiclass_type, &mlc_mcnemar_type, &mlc_calibrator_type, &mlc_eauc_type,
	&mlc_profblock_type, NULL
};

/* ------------------------------------------------------------ text forms */

size_t
mlc_state_max_bytes(void)
{
	/* 4 text bytes per 3 binary ones, and the NUL of the C string */
	return mlc_max_value_bytes > 0 ? (mlc_max_value_bytes - 1) / 4 * 3 : 0;
}

mlc_code
mlc_type_to_text(const mlc_type_ops *t, void *v, mlc_buf *out, mlc_status *st)
{
	mlc_buf		bin;
	mlc_code	rc;

	if (t->json)
		return t->to_json(v, out, st);
	mlc_buf_init(&bin, 64);
	rc = t->write(v, &bin, st);
	if (rc == MLC_OK)
	{
		if (bin.failed)
			rc = mlc_failf(st, MLC_ELIMIT, "Raise mlcheck.max_value_kb.",
						   "%s is too large", t->what);
		else
			mlc_base64_encode(bin.data, bin.len, out);
	}
	mlc_buf_free(&bin);
	return rc;
}

void *
mlc_type_from_text(const mlc_type_ops *t, const char *text, size_t len, mlc_status *st)
{
	return mlc_type_from_text_bytes(t, text, len, NULL, st);
}

void *
mlc_type_from_text_bytes(const mlc_type_ops *t, const char *text, size_t len, mlc_buf *bytes,
						 mlc_status *st)
{
	mlc_buf		bin;
	void	   *v;

	if (t->json)
		return t->from_json(text, len, st);
	mlc_buf_init(&bin, len / 4 * 3 + 1);
	if (!mlc_base64_decode(text, len, &bin))
	{
		bool		limit = bin.failed;

		mlc_buf_free(&bin);
		if (limit)
			mlc_failf(st, MLC_ELIMIT, "Raise mlcheck.max_value_kb.", "%s is too large", t->what);
		else
			mlc_failf(st, MLC_ESYNTAX,
					  "The text form of this internal state is base64 of its binary form, as printed by mlcheck.",
					  "invalid input syntax for %s: not base64", t->what);
		return NULL;
	}
	v = t->read(bin.data, bin.len, st);
	if (v != NULL && bytes != NULL)
		*bytes = bin;			/* the caller owns them now */
	else
		mlc_buf_free(&bin);
	return v;
}

void *
mlc_type_reject(const mlc_type_ops *t, void *v, struct mlc_json *j, mlc_status *st,
				const char *hint, const char *what, const char *why)
{
	if (v != NULL)
		t->free(v);
	mlc_json_free(j);
	mlc_failf(st, MLC_ESYNTAX, hint, "%s: %s", what, why);
	return NULL;
}

void *
mlc_type_read_end(const mlc_type_ops *t, void *v, mlc_reader *r, mlc_status *st)
{
	if (mlc_reader_finish(r, st, t->what) != MLC_OK)
	{
		t->free(v);
		return NULL;
	}
	return v;
}

/* ---------------------------------------------------------------- base64 */

static const char b64[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
mlc_base64_encode(const void *data, size_t len, mlc_buf *out)
{
	const unsigned char *p = data;
	size_t		i;
	char	   *o;

	if (len > SIZE_MAX / 2 || !mlc_buf_reserve(out, (len + 2) / 3 * 4))
	{
		out->failed = true;
		return;
	}
	o = out->data + out->len;
	for (i = 0; i + 2 < len; i += 3)
	{
		uint32_t	w = (uint32_t) p[i] << 16 | (uint32_t) p[i + 1] << 8 | p[i + 2];

		*o++ = b64[w >> 18];
		*o++ = b64[(w >> 12) & 63];
		*o++ = b64[(w >> 6) & 63];
		*o++ = b64[w & 63];
	}
	if (i < len)
	{
		uint32_t	w = (uint32_t) p[i] << 16 | (i + 1 < len ? (uint32_t) p[i + 1] << 8 : 0);

		*o++ = b64[w >> 18];
		*o++ = b64[(w >> 12) & 63];
		*o++ = i + 1 < len ? b64[(w >> 6) & 63] : '=';
		*o++ = '=';
	}
	out->len = o - out->data;
}

/* base64 digit values; 0x80 = not a digit (padding included) */
static const unsigned char b64_digit[256] = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x3e, 0x80, 0x80, 0x80, 0x3f,
	0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
	0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
	0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/* a digit's value, -1 for anything else */
static int
b64_value(unsigned char c)
{
	return b64_digit[c] & 0x80 ? -1 : b64_digit[c];
}

bool
mlc_base64_decode(const char *text, size_t len, mlc_buf *out)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		i;
	char	   *o;

	if (len % 4 != 0)
		return false;
	if (!mlc_buf_reserve(out, len / 4 * 3))
	{
		out->failed = true;
		return false;
	}
	o = out->data + out->len;
	/* every group but the last: four digits, no padding (table lookups) */
	for (i = 0; i + 4 < len; i += 4)
	{
		uint32_t	a = b64_digit[s[i]],
					b = b64_digit[s[i + 1]],
					c = b64_digit[s[i + 2]],
					d = b64_digit[s[i + 3]],
					w;

		if ((a | b | c | d) & 0x80)
			return false;
		w = a << 18 | b << 12 | c << 6 | d;
		o[0] = (char) (w >> 16);
		o[1] = (char) (w >> 8);
		o[2] = (char) w;
		o += 3;
	}
	for (; i < len; i += 4)
	{
		int			a = b64_value(s[i]),
					b = b64_value(s[i + 1]),
					c = b64_value(s[i + 2]),
					d = b64_value(s[i + 3]);
		bool		last = i + 4 == len;

		if (a < 0 || b < 0)
			return false;
		if (c < 0 || d < 0)
		{
			/* padding only at the very end, and with zero spare bits */
			if (!last || s[i + 3] != '=')
				return false;
			if (s[i + 2] == '=')
			{
				if (b & 15)
					return false;
				*o++ = (char) (a << 2 | b >> 4);
			}
			else
			{
				if (c < 0 || (c & 3))
					return false;
				*o++ = (char) (a << 2 | b >> 4);
				*o++ = (char) ((b & 15) << 4 | c >> 2);
			}
			break;
		}
		*o++ = (char) (a << 2 | b >> 4);
		*o++ = (char) ((b & 15) << 4 | c >> 2);
		*o++ = (char) ((c & 3) << 6 | d);
	}
	out->len = o - out->data;
	return true;
}
