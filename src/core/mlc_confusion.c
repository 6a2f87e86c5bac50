/*
 * mlc_confusion.c — confusion matrix summary: label index, merge, codec,
 * JSON form and the metrics: accuracy, P/R/F, MCC… (see mlc_confusion.h).
 */
#include "mlc_confusion.h"
#include "mlc_json.h"
#include "mlc_types.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>

#define LINEAR_SCAN_MAX 8

static const char *const kind_names[] = {"empty", "boolean", "bigint", "text"};

mlc_confusion *
mlc_confusion_new(int kind)
{
	mlc_confusion *c = mlc_alloc0(sizeof(mlc_confusion));

	if (c == NULL)
		return NULL;
	c->kind = kind;
	c->sorted = true;
	return c;
}

void
mlc_confusion_free(mlc_confusion *c)
{
	int32_t		i;

	if (c == NULL)
		return;
	if (c->slab)
		for (i = 0; i < c->k; i++)
			mlc_free(c->slab[i]);
	mlc_free(c->slab);
	mlc_free(c->slen);
	mlc_free(c->ilab);
	mlc_free(c->m);
	mlc_free(c->hash);
	mlc_free(c);
}

static uint32_t
hash_int(int64_t v)
{
	uint64_t	x = (uint64_t) v;

	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (uint32_t) x;
}

static uint32_t
hash_text(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t
label_hash(const mlc_confusion *c, int32_t i)
{
	return c->kind == MLC_LABEL_TEXT ? hash_text(c->slab[i], c->slen[i])
		: hash_int(c->ilab[i]);
}

static bool
rebuild_hash(mlc_confusion *c)
{
	uint32_t	hcap = 16;
	int32_t		i;

	while (hcap < (uint32_t) c->cap * 2)
		hcap *= 2;
	mlc_free(c->hash);
	c->hash = mlc_alloc0(sizeof(int32_t) * hcap);
	if (c->hash == NULL)
	{
		c->hcap = 0;
		return false;
	}
	c->hcap = hcap;
	for (i = 0; i < c->k; i++)
	{
		uint32_t	h = label_hash(c, i) & (hcap - 1);

		while (c->hash[h] != 0)
			h = (h + 1) & (hcap - 1);
		c->hash[h] = i + 1;
	}
	return true;
}

/* Grow to hold at least one more label; keeps the matrix content. */
static mlc_code
grow(mlc_confusion *c, mlc_status *st)
{
	int32_t		ncap;
	double	   *nm;
	int32_t		a;

	if (c->k >= MLC_CONFUSION_MAX_CLASSES)
	{
		mlc_failf(st, MLC_ELIMIT,
				  "Confusion matrices are dense; for very many classes aggregate per class with GROUP BY instead.",
				  "confusion matrix has more than %d distinct classes",
				  MLC_CONFUSION_MAX_CLASSES);
		return MLC_ELIMIT;
	}
	ncap = c->cap ? c->cap * 2 : 4;
	if (ncap > MLC_CONFUSION_MAX_CLASSES)
		ncap = MLC_CONFUSION_MAX_CLASSES;
	if ((size_t) ncap * ncap * sizeof(double) > mlc_max_value_bytes)
		return mlc_failf(st, MLC_ELIMIT,
						 "Raise mlcheck.max_value_kb or reduce the number of classes.",
						 "confusion matrix of %d classes exceeds mlcheck.max_value_kb", ncap);
	nm = mlc_alloc0(sizeof(double) * (size_t) ncap * ncap);
	if (nm == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory growing a confusion matrix", NULL, NULL);
	for (a = 0; a < c->k; a++)
		memcpy(nm + (size_t) a * ncap, c->m + (size_t) a * c->cap, sizeof(double) * c->k);
	mlc_free(c->m);
	c->m = nm;
	if (c->kind == MLC_LABEL_TEXT)
	{
		char	  **ns = mlc_realloc(c->slab, sizeof(char *) * ncap);
		uint32_t   *nl;

		if (ns == NULL)
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		c->slab = ns;
		nl = mlc_realloc(c->slen, sizeof(uint32_t) * ncap);
		if (nl == NULL)
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		c->slen = nl;
	}
	else
	{
		int64_t    *ni = mlc_realloc(c->ilab, sizeof(int64_t) * ncap);

		if (ni == NULL)
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		c->ilab = ni;
	}
	c->cap = ncap;
	if (c->cap > LINEAR_SCAN_MAX && !rebuild_hash(c))
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	return MLC_OK;
}

static void
hash_insert(mlc_confusion *c, int32_t i)
{
	uint32_t	h;

	if (c->hcap == 0)
		return;
	h = label_hash(c, i) & (c->hcap - 1);
	while (c->hash[h] != 0)
		h = (h + 1) & (c->hcap - 1);
	c->hash[h] = i + 1;
}

int32_t
mlc_confusion_find_int(const mlc_confusion *c, int64_t v)
{
	int32_t		i;

	if (c->kind != MLC_LABEL_INT && c->kind != MLC_LABEL_BOOL)
		return -1;
	if (c->hcap == 0)
	{
		for (i = 0; i < c->k; i++)
			if (c->ilab[i] == v)
				return i;
		return -1;
	}
	else
	{
		uint32_t	h = hash_int(v) & (c->hcap - 1);

		while (c->hash[h] != 0)
		{
			i = c->hash[h] - 1;
			if (c->ilab[i] == v)
				return i;
			h = (h + 1) & (c->hcap - 1);
		}
		return -1;
	}
}

int32_t
mlc_confusion_find_text_hashed(const mlc_confusion *c, const char *s, size_t len)
{
	uint32_t	h = hash_text(s, len) & (c->hcap - 1);

	while (c->hash[h] != 0)
	{
		int32_t		i = c->hash[h] - 1;

		if (c->slen[i] == len && mlc_bytes_equal(c->slab[i], s, len))
			return i;
		h = (h + 1) & (c->hcap - 1);
	}
	return -1;
}

int32_t
mlc_confusion_label_int(mlc_confusion *c, int64_t v, mlc_status *st)
{
	int32_t		i = mlc_confusion_find_int(c, v);

	if (i >= 0)
		return i;
	if (c->k == c->cap && grow(c, st) != MLC_OK)
		return -1;
	i = c->k++;
	c->ilab[i] = v;
	if (i > 0 && c->ilab[i - 1] > v)
		c->sorted = false;
	hash_insert(c, i);
	return i;
}

int32_t
mlc_confusion_label_text(mlc_confusion *c, const char *s, size_t len, mlc_status *st)
{
	int32_t		i = mlc_confusion_find_text(c, s, len);
	char	   *copy;

	if (i >= 0)
		return i;
	if (len > UINT32_MAX / 2)
	{
		mlc_fail(st, MLC_ELIMIT, "class label is too long", NULL, NULL);
		return -1;
	}
	if (c->k == c->cap && grow(c, st) != MLC_OK)
		return -1;
	copy = mlc_alloc(len);
	if (copy == NULL)
	{
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		return -1;
	}
	if (len)
		memcpy(copy, s, len);
	i = c->k++;
	c->slab[i] = copy;
	c->slen[i] = (uint32_t) len;
	if (i > 0 && mlc_strcmp_c(c->slab[i - 1], c->slen[i - 1], s, len) > 0)
		c->sorted = false;
	hash_insert(c, i);
	return i;
}

/* ------------------------------------------------------------ sort/merge */

static const mlc_confusion *sort_ctx;

static int
cmp_label_idx(const void *pa, const void *pb)
{
	int32_t		a = *(const int32_t *) pa,
				b = *(const int32_t *) pb;

	if (sort_ctx->kind == MLC_LABEL_TEXT)
		return mlc_strcmp_c(sort_ctx->slab[a], sort_ctx->slen[a],
							sort_ctx->slab[b], sort_ctx->slen[b]);
	return sort_ctx->ilab[a] < sort_ctx->ilab[b] ? -1 :
		sort_ctx->ilab[a] > sort_ctx->ilab[b] ? 1 : 0;
}

mlc_code
mlc_confusion_sort(mlc_confusion *c, mlc_status *st)
{
	int32_t    *perm;
	double	   *nm;
	int32_t		a,
				p;

	if (c->sorted || c->k < 2)
	{
		c->sorted = true;
		return MLC_OK;
	}
	perm = mlc_alloc(sizeof(int32_t) * c->k);
	nm = mlc_alloc0(sizeof(double) * (size_t) c->cap * c->cap);
	if (perm == NULL || nm == NULL)
	{
		mlc_free(perm);
		mlc_free(nm);
		return mlc_fail(st, MLC_ENOMEM, "out of memory sorting a confusion matrix", NULL, NULL);
	}
	for (a = 0; a < c->k; a++)
		perm[a] = a;
	sort_ctx = c;
	qsort(perm, c->k, sizeof(int32_t), cmp_label_idx);
	for (a = 0; a < c->k; a++)
		for (p = 0; p < c->k; p++)
			nm[(size_t) a * c->cap + p] = c->m[(size_t) perm[a] * c->cap + perm[p]];
	mlc_free(c->m);
	c->m = nm;
	if (c->kind == MLC_LABEL_TEXT)
	{
		char	  **ns = mlc_alloc(sizeof(char *) * c->cap);
		uint32_t   *nl = mlc_alloc(sizeof(uint32_t) * c->cap);

		if (ns == NULL || nl == NULL)
		{
			mlc_free(perm);
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		}
		for (a = 0; a < c->k; a++)
		{
			ns[a] = c->slab[perm[a]];
			nl[a] = c->slen[perm[a]];
		}
		mlc_free(c->slab);
		mlc_free(c->slen);
		c->slab = ns;
		c->slen = nl;
	}
	else
	{
		int64_t    *ni = mlc_alloc(sizeof(int64_t) * c->cap);

		if (ni == NULL)
		{
			mlc_free(perm);
			return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		}
		for (a = 0; a < c->k; a++)
			ni[a] = c->ilab[perm[a]];
		mlc_free(c->ilab);
		c->ilab = ni;
	}
	mlc_free(perm);
	c->sorted = true;
	if (c->hcap && !rebuild_hash(c))
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	return MLC_OK;
}

mlc_code
mlc_confusion_merge(mlc_confusion *dst, const mlc_confusion *src, mlc_status *st)
{
	int32_t    *map;
	int32_t		a,
				p;

	if (src->k == 0)
		return mlc_count_add_i64(&dst->n_null, src->n_null, "confusion matrix NULL count", st);
	if (dst->k == 0)
		dst->kind = src->kind;
	else if (dst->kind != src->kind)
		return mlc_failf(st, MLC_EBADARG,
						 "Only matrices built from labels of the same type can be combined.",
						 "cannot combine a %s confusion matrix with a %s one",
						 kind_names[dst->kind], kind_names[src->kind]);
	map = mlc_alloc(sizeof(int32_t) * src->k);
	if (map == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	for (a = 0; a < src->k; a++)
	{
		map[a] = src->kind == MLC_LABEL_TEXT
			? mlc_confusion_label_text(dst, src->slab[a], src->slen[a], st)
			: mlc_confusion_label_int(dst, src->ilab[a], st);
		if (map[a] < 0)
		{
			mlc_free(map);
			return st->code;
		}
	}
	if (!mlc_i64_add_ok(dst->n_null, src->n_null))
	{
		mlc_free(map);
		return mlc_count_overflow(st, "confusion matrix NULL count");
	}
	for (a = 0; a < src->k; a++)
		for (p = 0; p < src->k; p++)
		{
			double		v = src->m[(size_t) a * src->cap + p];

			if (v != 0 &&
				mlc_count_add_f64(&dst->m[(size_t) map[a] * dst->cap + map[p]], v,
								  "confusion matrix count", st) != MLC_OK)
			{
				mlc_free(map);
				return st->code;
			}
		}
	dst->n_null += src->n_null;
	mlc_free(map);
	return MLC_OK;
}

mlc_confusion *
mlc_confusion_copy(const mlc_confusion *c, mlc_status *st)
{
	mlc_confusion *d = mlc_confusion_new(c->kind);

	if (d == NULL)
	{
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
		return NULL;
	}
	if (mlc_confusion_merge(d, c, st) != MLC_OK)
	{
		mlc_confusion_free(d);
		return NULL;
	}
	if (c->sorted)
		d->sorted = true;
	return d;
}

/* ----------------------------------------------------------------- codec */

mlc_code
mlc_confusion_write(mlc_confusion *c, mlc_buf *out, mlc_status *st)
{
	int32_t		i,
				j;
	mlc_code	rc = mlc_confusion_sort(c, st);

	if (rc != MLC_OK)
		return rc;
	/* never build a value the reader refuses: weighted rows can sum to
	 * +Infinity in a cell (two weights of 1e308) */
	if (c->n_null < 0)
		return mlc_fail(st, MLC_ERANGE, "confusion matrix NULL count overflows", NULL, NULL);
	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			if (!isfinite(c->m[(size_t) i * c->cap + j]))
				return mlc_fail(st, MLC_ERANGE, "confusion matrix count overflows",
								"A sum of weights in one cell is not a finite float8.",
								"Use smaller weights (e.g. divide them by their maximum).");
	mlc_put_u8(out, MLC_CONFUSION_FORMAT_VERSION);
	mlc_put_u8(out, (uint8_t) (c->k == 0 ? MLC_LABEL_NONE : c->kind));
	mlc_put_i32(out, c->k);
	mlc_put_i64(out, c->n_null);
	for (i = 0; i < c->k; i++)
	{
		if (c->kind == MLC_LABEL_TEXT)
		{
			mlc_put_u32(out, c->slen[i]);
			mlc_put_bytes(out, c->slab[i], c->slen[i]);
		}
		else
			mlc_put_i64(out, c->ilab[i]);
	}
	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			mlc_put_f64(out, c->m[(size_t) i * c->cap + j]);
	return mlc_buf_done(out, st, "confusion matrix value is too large", NULL);
}

static mlc_confusion *
corrupt(mlc_confusion *c, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_confusion_type, c, NULL, st, NULL, "invalid binary confusion value", why);
}

mlc_confusion *
mlc_confusion_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	int			version,
				kind;
	int32_t		k,
				i,
				j;
	int64_t		n_null;
	mlc_confusion *c;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	kind = mlc_get_u8(&r);
	k = mlc_get_i32(&r);
	n_null = mlc_get_i64(&r);
	if (r.failed)
		return corrupt(NULL, st, "truncated");
	if (version != MLC_CONFUSION_FORMAT_VERSION)
		return corrupt(NULL, st, "unknown format version");
	if (kind < MLC_LABEL_NONE || kind > MLC_LABEL_TEXT)
		return corrupt(NULL, st, "unknown label type");
	if (k < 0 || k > MLC_CONFUSION_MAX_CLASSES || (k == 0) != (kind == MLC_LABEL_NONE))
		return corrupt(NULL, st, "bad number of classes");
	if (n_null < 0)
		return corrupt(NULL, st, "negative NULL count");
	/* cheap size check before allocating: every label takes >= 4 bytes */
	if (mlc_reader_remaining(&r) < (size_t) k * 4 + (size_t) k * k * 8)
		return corrupt(NULL, st, "truncated");
	c = mlc_confusion_new(kind);
	if (c == NULL)
		return corrupt(NULL, st, "out of memory");
	c->n_null = n_null;
	for (i = 0; i < k; i++)
	{
		int32_t		idx;
		mlc_status	dummy;

		if (kind == MLC_LABEL_TEXT)
		{
			uint32_t	l = mlc_get_u32(&r);
			const char *s = mlc_get_bytes(&r, l);

			if (s == NULL)
				return corrupt(c, st, "truncated");
			if (memchr(s, '\0', l) != NULL)
				return corrupt(c, st, "NUL byte in a label");
			if (i > 0 && mlc_strcmp_c(c->slab[i - 1], c->slen[i - 1], s, l) >= 0)
				return corrupt(c, st, "labels not sorted and unique");
			idx = mlc_confusion_label_text(c, s, l, &dummy);
		}
		else
		{
			int64_t		v = mlc_get_i64(&r);

			if (r.failed)
				return corrupt(c, st, "truncated");
			if (kind == MLC_LABEL_BOOL && v != 0 && v != 1)
				return corrupt(c, st, "boolean label not 0 or 1");
			if (i > 0 && c->ilab[i - 1] >= v)
				return corrupt(c, st, "labels not sorted and unique");
			idx = mlc_confusion_label_int(c, v, &dummy);
		}
		if (idx < 0)
			return corrupt(c, st, "out of memory");
	}
	if (mlc_reader_remaining(&r) != (size_t) k * k * 8)
		return corrupt(c, st, r.failed || mlc_reader_remaining(&r) < (size_t) k * k * 8
					   ? "truncated" : "trailing bytes");
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
		{
			double		v = mlc_get_f64(&r);

			if (!isfinite(v) || v < 0)
				return corrupt(c, st, "count is negative or not finite");
			c->m[(size_t) i * c->cap + j] = v;
		}
	c->sorted = true;
	return c;
}

/* ------------------------------------------------------------------ JSON */

/* label i appended to out: as a JSON value, or (!json) as its text */
static void
put_label(const mlc_confusion *c, int32_t i, bool json, mlc_buf *out)
{
	if (c->kind == MLC_LABEL_TEXT && json)
		mlc_buf_json_string(out, c->slab[i], c->slen[i]);
	else if (c->kind == MLC_LABEL_TEXT)
		mlc_buf_append(out, c->slab[i], c->slen[i]);
	else if (c->kind == MLC_LABEL_BOOL)
		mlc_buf_puts(out, c->ilab[i] ? "true" : "false");
	else
		mlc_buf_printf(out, "%" PRId64, c->ilab[i]);
}

mlc_code
mlc_confusion_to_json(mlc_confusion *c, mlc_buf *out, mlc_status *st)
{
	int32_t		i;
	mlc_code	rc = mlc_confusion_sort(c, st);

	if (rc != MLC_OK)
		return rc;
	mlc_buf_puts(out, "{\"labels\": [");
	for (i = 0; i < c->k; i++)
	{
		if (i)
			mlc_buf_puts(out, ", ");
		put_label(c, i, true, out);
	}
	mlc_buf_puts(out, "], \"matrix\": [");
	for (i = 0; i < c->k; i++)
	{
		if (i)
			mlc_buf_puts(out, ", ");
		mlc_buf_json_doubles(out, c->m + (size_t) i * c->cap, (size_t) c->k);
	}
	mlc_buf_printf(out, "], \"n_null\": %" PRId64 "}", c->n_null);
	return mlc_buf_done(out, st, "confusion matrix text is too large", NULL);
}

static mlc_confusion *
json_bad(mlc_confusion *c, mlc_json *j, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_confusion_type, c, j, st,
						   "Expected {\"labels\": [...], \"matrix\": [[...], ...], \"n_null\": N} with one row and one column per label.",
						   "invalid input syntax for type confusion", why);
}

mlc_confusion *
mlc_confusion_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const allowed[] = {"labels", "matrix", "n_null", NULL};
	static const char *const required[] = {"labels", "matrix", NULL};
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, required, "confusion", st);
	const mlc_json *labels,
			   *matrix,
			   *nn;
	mlc_confusion *c = NULL;
	int			kind = MLC_LABEL_NONE;
	size_t		k,
				i,
				q;

	if (j == NULL)
		return NULL;
	labels = mlc_json_get(j, "labels");
	matrix = mlc_json_get(j, "matrix");
	if (labels->type != MLC_JSON_ARRAY || matrix->type != MLC_JSON_ARRAY)
		return json_bad(c, j, st, "\"labels\" and \"matrix\" must be arrays");
	k = labels->len;
	if (k > MLC_CONFUSION_MAX_CLASSES)
		return json_bad(c, j, st, "too many labels");
	if (matrix->len != k)
		return json_bad(c, j, st, "\"matrix\" must have one row per label");
	if (k > 0)
	{
		mlc_json_type t = labels->items[0]->type;

		kind = t == MLC_JSON_BOOL ? MLC_LABEL_BOOL :
			t == MLC_JSON_STRING ? MLC_LABEL_TEXT :
			t == MLC_JSON_NUMBER ? MLC_LABEL_INT : -1;
		if (kind < 0)
			return json_bad(c, j, st, "labels must be booleans, integers or strings");
	}
	c = mlc_confusion_new(kind);
	if (c == NULL)
		return json_bad(c, j, st, "out of memory");
	for (i = 0; i < k; i++)
	{
		const mlc_json *l = labels->items[i];
		int32_t		idx;
		mlc_status	dummy;

		if (kind == MLC_LABEL_BOOL)
		{
			if (l->type != MLC_JSON_BOOL)
				return json_bad(c, j, st, "labels must all have the same type");
			if (i > 0 && c->ilab[i - 1] >= (int64_t) l->boolean)
				return json_bad(c, j, st, "labels must be sorted and unique");
			idx = mlc_confusion_label_int(c, l->boolean, &dummy);
		}
		else if (kind == MLC_LABEL_INT)
		{
			if (l->type != MLC_JSON_NUMBER || !l->int_exact)
				return json_bad(c, j, st, "integer labels must be 64-bit integers");
			if (i > 0 && c->ilab[i - 1] >= l->ival)
				return json_bad(c, j, st, "labels must be sorted and unique");
			idx = mlc_confusion_label_int(c, l->ival, &dummy);
		}
		else
		{
			if (l->type != MLC_JSON_STRING)
				return json_bad(c, j, st, "labels must all have the same type");
			if (i > 0 && mlc_strcmp_c(c->slab[i - 1], c->slen[i - 1], l->str, l->len) >= 0)
				return json_bad(c, j, st, "labels must be sorted (C collation) and unique");
			idx = mlc_confusion_label_text(c, l->str, l->len, &dummy);
		}
		if (idx < 0)
			return json_bad(c, j, st, "out of memory");
	}
	for (i = 0; i < k; i++)
	{
		const mlc_json *row = matrix->items[i];

		if (row->type != MLC_JSON_ARRAY || row->len != k)
			return json_bad(c, j, st, "every matrix row must be an array with one count per label");
		for (q = 0; q < k; q++)
		{
			const mlc_json *v = row->items[q];

			if (v->type != MLC_JSON_NUMBER || !isfinite(v->number) || v->number < 0)
				return json_bad(c, j, st, "counts must be finite non-negative numbers");
			c->m[i * c->cap + q] = v->number;
		}
	}
	nn = mlc_json_get(j, "n_null");
	if (nn && mlc_json_to_int64(nn, "confusion", "n_null", &c->n_null, st) != MLC_OK)
	{
		mlc_confusion_free(c);
		mlc_json_free(j);
		return NULL;
	}
	c->sorted = true;
	mlc_json_free(j);
	return c;
}

bool
mlc_confusion_equal(mlc_confusion *a, mlc_confusion *b)
{
	int32_t		i,
				j;
	mlc_status	st;

	if (mlc_confusion_sort(a, &st) != MLC_OK || mlc_confusion_sort(b, &st) != MLC_OK)
		return false;
	if (a->k != b->k || a->n_null != b->n_null)
		return false;
	if (a->k == 0)
		return true;
	if (a->kind != b->kind)
		return false;
	for (i = 0; i < a->k; i++)
	{
		if (a->kind == MLC_LABEL_TEXT)
		{
			if (mlc_strcmp_c(a->slab[i], a->slen[i], b->slab[i], b->slen[i]) != 0)
				return false;
		}
		else if (a->ilab[i] != b->ilab[i])
			return false;
	}
	for (i = 0; i < a->k; i++)
		for (j = 0; j < a->k; j++)
			if (a->m[(size_t) i * a->cap + j] != b->m[(size_t) i * b->cap + j])
				return false;
	return true;
}

void
mlc_confusion_label_str(const mlc_confusion *c, int32_t i, mlc_buf *out)
{
	put_label(c, i, false, out);
}

static bool
parse_bool_text(const char *s, size_t len, int64_t *v)
{
	static const char *const t[] = {"true", "t", "1", "yes", "y", "on"};
	static const char *const f[] = {"false", "f", "0", "no", "n", "off"};
	size_t		i;

	for (i = 0; i < 6; i++)
	{
		if (strlen(t[i]) == len && strncasecmp(s, t[i], len) == 0)
		{
			*v = 1;
			return true;
		}
		if (strlen(f[i]) == len && strncasecmp(s, f[i], len) == 0)
		{
			*v = 0;
			return true;
		}
	}
	return false;
}

mlc_code
mlc_confusion_resolve_label(const mlc_confusion *c, const char *s, size_t len,
							int32_t *idx, mlc_status *st)
{
	char		tmp[32];

	*idx = -1;
	switch (c->kind)
	{
		case MLC_LABEL_NONE:
			return MLC_OK;
		case MLC_LABEL_TEXT:
			*idx = mlc_confusion_find_text(c, s, len);
			return MLC_OK;
		case MLC_LABEL_BOOL:
			{
				int64_t		v;

				if (!parse_bool_text(s, len, &v))
					return mlc_failf(st, MLC_EBADARG,
									 "This matrix has boolean labels: use true or false.",
									 "label \"%.*s\" is not a boolean", (int) (len > 64 ? 64 : len), s);
				*idx = mlc_confusion_find_int(c, v);
				return MLC_OK;
			}
		case MLC_LABEL_INT:
			{
				char	   *end;
				long long	v;

				if (len == 0 || len >= sizeof(tmp))
					goto bad_int;
				memcpy(tmp, s, len);
				tmp[len] = '\0';
				errno = 0;
				v = strtoll(tmp, &end, 10);
				if (errno != 0 || *end != '\0')
					goto bad_int;
				*idx = mlc_confusion_find_int(c, (int64_t) v);
				return MLC_OK;
		bad_int:
				return mlc_failf(st, MLC_EBADARG,
								 "This matrix has integer labels.",
								 "label \"%.*s\" is not an integer", (int) (len > 64 ? 64 : len), s);
			}
	}
	return MLC_OK;
}

mlc_code
mlc_confusion_default_positive(const mlc_confusion *c, int32_t *pos, mlc_status *st)
{
	int32_t		i;

	*pos = -1;
	if (c->k == 0)
		return MLC_OK;
	if (c->kind == MLC_LABEL_BOOL)
	{
		*pos = mlc_confusion_find_int(c, 1);
		return MLC_OK;
	}
	if (c->kind == MLC_LABEL_INT)
	{
		for (i = 0; i < c->k; i++)
			if (c->ilab[i] != 0 && c->ilab[i] != 1)
				goto multi;
		*pos = mlc_confusion_find_int(c, 1);
		return MLC_OK;
	}
multi:
	return mlc_fail(st, MLC_EBADARG,
					"the confusion matrix is not binary, so a positive label or an average is required",
					c->kind == MLC_LABEL_TEXT ? "Text labels have no default positive class." : NULL,
					"Pass the positive label, e.g. precision(c, 'cat'), or average => 'macro', 'micro' or 'weighted'.");
}

/* --------------------------------------------------------------- metrics */

double
mlc_confusion_total(const mlc_confusion *c)
{
	double		t = 0;
	int32_t		i,
				j;

	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			t += c->m[(size_t) i * c->cap + j];
	return t;
}

/*
 * The power of two the metrics multiply counts by (see mlc_class_stats):
 * from the total when it is finite, else from the largest cell.
 */
static double
conf_scale(const mlc_confusion *c, double total)
{
	double		mx = 0;
	int32_t		i,
				j;

	if (total > 0 && isfinite(total))
		return mlc_pow2_scale(total, 1);
	if (!isinf(total))
		return 1.0;
	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			mx = fmax(mx, c->m[(size_t) i * c->cap + j]);
	return mlc_pow2_scale(mx, (double) c->k * c->k);
}

/* the total multiplied by sc (summed again when the plain sum overflowed) */
static double
scaled_total(const mlc_confusion *c, double total, double sc)
{
	double		t = 0;
	int32_t		i,
				j;

	if (isfinite(total))
		return total * sc;
	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			t += c->m[(size_t) i * c->cap + j] * sc;
	return t;
}

void
mlc_confusion_class_stats_total(const mlc_confusion *c, int32_t idx, double total, mlc_class_stats *s)
{
	double		sc = conf_scale(c, total),
				stot = scaled_total(c, total, sc),
				row = 0,
				col = 0;
	int32_t		j;

	s->scale = sc;
	s->tp = s->fp = s->fn = s->support = 0;
	s->stp = s->sfp = s->sfn = s->ssupport = 0;
	if (idx < 0)
	{
		s->tn = total;
		s->stn = stot;
		return;
	}
	for (j = 0; j < c->k; j++)
	{
		row += c->m[(size_t) idx * c->cap + j] * sc;
		col += c->m[(size_t) j * c->cap + idx] * sc;
	}
	s->stp = c->m[(size_t) idx * c->cap + idx] * sc;
	s->sfp = col - s->stp;
	s->sfn = row - s->stp;
	s->ssupport = row;
	s->stn = stot - s->stp - s->sfp - s->sfn;
	/* back to counts (exact, or +Infinity past the float8 range) */
	s->tp = c->m[(size_t) idx * c->cap + idx];
	s->fp = s->sfp / sc;
	s->fn = s->sfn / sc;
	s->support = row / sc;
	s->tn = s->stn / sc;
}

void
mlc_confusion_class_stats(const mlc_confusion *c, int32_t idx, mlc_class_stats *s)
{
	mlc_confusion_class_stats_total(c, idx, mlc_confusion_total(c), s);
}

/*
 * F-beta without overflow.  (1+b²)tp / ((1+b²)tp + b²fn + fp) divided by
 * (1+b²) is tp / (tp + wr·fn + wp·fp) with wr = b²/(1+b²) and wp = 1/(1+b²),
 * both in [0, 1] for every beta > 0.  When b² overflows (beta above about
 * 1.3e154, or +Infinity) wr = 1 and wp = 0 exactly, so the result is recall,
 * the limit of F-beta as beta grows (sklearn's answer for beta = +Infinity).
 */
static void
fbeta_weights(double beta, double *wr, double *wp)
{
	double		b2 = beta * beta;

	if (isinf(b2))
	{
		*wr = 1;
		*wp = 0;
		return;
	}
	*wr = b2 / (1 + b2);
	*wp = 1 / (1 + b2);
}

static bool
fbeta_of(double tp, double fp, double fn, double beta, double *out)
{
	double		wr,
				wp,
				den;

	if (tp + fp + fn == 0)
		return false;
	fbeta_weights(beta, &wr, &wp);
	den = tp + wr * fn + wp * fp;
	*out = den == 0 ? 0 : tp / den;
	return true;
}

bool
mlc_class_metric(const mlc_class_stats *s, mlc_prf which, double beta, double *out)
{
	switch (which)
	{
		case MLC_PRECISION:
			if (s->stp + s->sfp == 0)
				return false;
			*out = s->stp / (s->stp + s->sfp);
			return true;
		case MLC_RECALL:
			if (s->stp + s->sfn == 0)
				return false;
			*out = s->stp / (s->stp + s->sfn);
			return true;
		case MLC_SPECIFICITY:
			if (s->stn + s->sfp == 0)
				return false;
			*out = s->stn / (s->stn + s->sfp);
			return true;
		case MLC_FBETA:
			return fbeta_of(s->stp, s->sfp, s->sfn, beta, out);
	}
	return false;
}

/*
 * scikit-learn 1.2's per-class F inside averages: precision and recall with
 * 0 for undefined, then (1+b²)PR/(b²P+R) with 0 when the denominator is 0.
 */
static double
sk_class_value(const mlc_class_stats *s, mlc_prf which, double beta)
{
	double		v;

	if (which == MLC_FBETA)
	{
		double		p = 0,
					r = 0,
					wr,
					wp,
					den;

		if (!mlc_class_metric(s, MLC_PRECISION, beta, &p))
			p = 0;
		if (!mlc_class_metric(s, MLC_RECALL, beta, &r))
			r = 0;
		fbeta_weights(beta, &wr, &wp);
		if (wp == 0)
			return r;			/* beta = +Infinity (or b² overflows): recall */
		/* (1+b²)PR / (b²P + R) divided by (1+b²): cannot overflow */
		den = wr * p + wp * r;
		return den == 0 ? 0 : p * r / den;
	}
	return mlc_class_metric(s, which, beta, &v) ? v : 0;
}

mlc_code
mlc_confusion_prf(const mlc_confusion *c, mlc_prf which, double beta,
				  mlc_average avg, int32_t pos, bool *defined, double *out,
				  mlc_status *st)
{
	mlc_class_stats s;
	int32_t		i;
	double		total;

	*defined = false;
	if (which == MLC_FBETA && !(beta > 0))
		return mlc_failf(st, MLC_EBADARG, "beta must be a positive number (or Infinity, which gives recall), e.g. 0.5 or 2.",
						 "invalid beta %g", beta);
	if (avg == MLC_AVG_BINARY)
	{
		mlc_confusion_class_stats(c, pos, &s);
		*defined = mlc_class_metric(&s, which, beta, out);
		return MLC_OK;
	}
	total = mlc_confusion_total(c);
	if (c->k == 0 || total == 0)
		return MLC_OK;
	if (avg == MLC_AVG_MICRO)
	{
		mlc_class_stats sum;

		memset(&sum, 0, sizeof(sum));
		for (i = 0; i < c->k; i++)
		{
			mlc_confusion_class_stats_total(c, i, total, &s);
			sum.stp += s.stp;
			sum.sfp += s.sfp;
			sum.sfn += s.sfn;
			sum.stn += s.stn;
		}
		if (which == MLC_FBETA)
		{
			/* sklearn: F from micro precision and recall */
			*out = sk_class_value(&sum, MLC_FBETA, beta);
			*defined = true;
			return MLC_OK;
		}
		*defined = mlc_class_metric(&sum, which, beta, out);
		return MLC_OK;
	}
	else
	{
		double		acc = 0,
					wsum = 0;

		for (i = 0; i < c->k; i++)
		{
			double		w;

			mlc_confusion_class_stats_total(c, i, total, &s);
			w = avg == MLC_AVG_WEIGHTED ? s.ssupport : 1.0;
			acc += w * sk_class_value(&s, which, beta);
			wsum += w;
		}
		if (wsum == 0)
			return MLC_OK;
		*out = acc / wsum;
		*defined = true;
		return MLC_OK;
	}
}

bool
mlc_confusion_accuracy(const mlc_confusion *c, double *out)
{
	double		total = mlc_confusion_total(c),
				sc = conf_scale(c, total),
				diag = 0;
	int32_t		i;

	if (total == 0)
		return false;
	for (i = 0; i < c->k; i++)
		diag += c->m[(size_t) i * c->cap + i] * sc;
	*out = diag / scaled_total(c, total, sc);
	return true;
}

bool
mlc_confusion_balanced_accuracy(const mlc_confusion *c, double *out)
{
	double		sum = 0,
				total = mlc_confusion_total(c);
	int			n = 0;
	int32_t		i;

	for (i = 0; i < c->k; i++)
	{
		mlc_class_stats s;

		mlc_confusion_class_stats_total(c, i, total, &s);
		if (s.ssupport > 0)
		{
			sum += s.stp / s.ssupport;
			n++;
		}
	}
	if (n == 0)
		return false;
	*out = sum / n;
	return true;
}

/*
 * Row sums (actual) and column sums (predicted) of the matrix multiplied
 * by the metrics' scale, in arrays of c->k; NULL when out of memory.
 */
static double *
scaled_margins(const mlc_confusion *c, double sc)
{
	double	   *rc = mlc_alloc0(sizeof(double) * 2 * (size_t) (c->k > 0 ? c->k : 1));
	int32_t		i,
				j;

	if (rc == NULL)
		return NULL;
	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
		{
			double		v = c->m[(size_t) i * c->cap + j] * sc;

			rc[i] += v;
			rc[c->k + j] += v;
		}
	return rc;
}

bool
mlc_confusion_mcc(const mlc_confusion *c, double *out)
{
	double		total = mlc_confusion_total(c),
				sc = conf_scale(c, total),
				s = 0,
				correct = 0,
				tp_sum = 0,
				pp = 0,
				tt = 0,
				den,
				r;
	double	   *rc;
	int32_t		i;

	if (total == 0 || (rc = scaled_margins(c, sc)) == NULL)
		return false;
	/* sklearn's multi-class form on counts scaled to a total near 1 */
	for (i = 0; i < c->k; i++)
	{
		double		t = rc[i],
					p = rc[c->k + i];

		s += t;
		correct += c->m[(size_t) i * c->cap + i] * sc;
		tp_sum += t * p;
		pp += p * p;
		tt += t * t;
	}
	mlc_free(rc);
	den = (s * s - pp) * (s * s - tt);
	if (s == 0 || !(den > 0))
		return false;
	r = (correct * s - tp_sum) / sqrt(den);
	/* rounding can carry |r| a few ulps past 1 */
	*out = fmax(-1.0, fmin(1.0, r));
	return true;
}

bool
mlc_confusion_kappa(const mlc_confusion *c, double *out)
{
	double		total = mlc_confusion_total(c),
				sc = conf_scale(c, total),
				stot,
				obs = 0,
				exp = 0;
	int32_t		i,
				j;
	double	   *rc;

	if (total == 0 || (rc = scaled_margins(c, sc)) == NULL)
		return false;
	stot = scaled_total(c, total, sc);
	/* sklearn: 1 - sum(w*cm)/sum(w*expected), w = 1 off the diagonal */
	for (i = 0; i < c->k; i++)
		for (j = 0; j < c->k; j++)
			if (i != j)
			{
				obs += c->m[(size_t) i * c->cap + j] * sc;
				exp += rc[c->k + i] * rc[j] / stot;
			}
	mlc_free(rc);
	if (exp == 0)
		return false;
	*out = 1 - obs / exp;
	return true;
}
