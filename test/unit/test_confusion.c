/* test_confusion.c — confusion matrix core: labels, merge, codec, JSON, metrics. */
#include "unit.h"
#include "mlc_confusion.h"

#include <stdlib.h>

static mlc_confusion *
build_text(const char **a, const char **p, int n)
{
	mlc_status	st;
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_TEXT);
	int			i;

	for (i = 0; i < n; i++)
	{
		int32_t		ia = mlc_confusion_label_text(c, a[i], strlen(a[i]), &st);
		int32_t		ip = mlc_confusion_label_text(c, p[i], strlen(p[i]), &st);

		mlc_confusion_add(c, ia, ip, 1.0);
	}
	return c;
}

UNIT_TEST(confusion_sorted_json)
{
	const char *a[] = {"dog", "cat", "cat", "dog", "bird"};
	const char *p[] = {"dog", "cat", "dog", "dog", "cat"};
	mlc_confusion *c = build_text(a, p, 5);
	mlc_buf		b;
	mlc_status	st;
	mlc_confusion *back;

	mlc_buf_init(&b, 16);
	CHECK(mlc_confusion_to_json(c, &b, &st) == MLC_OK);
	CHECK_STR(mlc_buf_cstring(&b),
			  "{\"labels\": [\"bird\", \"cat\", \"dog\"], \"matrix\": [[0, 1, 0], [0, 1, 1], [0, 0, 2]], \"n_null\": 0}");
	back = mlc_confusion_from_json(b.data, b.len, &st);
	CHECK(back != NULL);
	if (back)
		CHECK(mlc_confusion_equal(c, back));
	mlc_confusion_free(back);
	mlc_buf_free(&b);
	mlc_confusion_free(c);
}

UNIT_TEST(confusion_codec_roundtrip_and_rejects)
{
	const char *a[] = {"x", "y", "z", "x"};
	const char *p[] = {"y", "y", "x", "x"};
	mlc_confusion *c = build_text(a, p, 4);
	mlc_buf		b;
	mlc_status	st;
	mlc_confusion *back;
	size_t		cut;

	mlc_buf_init(&b, 16);
	CHECK(mlc_confusion_write(c, &b, &st) == MLC_OK);
	back = mlc_confusion_read(b.data, b.len, &st);
	CHECK(back && mlc_confusion_equal(c, back));
	mlc_confusion_free(back);
	for (cut = 0; cut < b.len; cut++)
	{
		mlc_status_init(&st);
		back = mlc_confusion_read(b.data, cut, &st);
		CHECK(back == NULL && st.code == MLC_ESYNTAX);
		mlc_confusion_free(back);
	}
	mlc_buf_putc(&b, 0);
	CHECK(mlc_confusion_read(b.data, b.len, &st) == NULL);
	mlc_buf_free(&b);
	mlc_confusion_free(c);
}

UNIT_TEST(confusion_json_rejects)
{
	const char *bad[] = {
		"{\"labels\": [1, 2], \"matrix\": [[1, 2]]}",
		"{\"labels\": [2, 1], \"matrix\": [[1, 2], [3, 4]]}",
		"{\"labels\": [1, 1], \"matrix\": [[1, 2], [3, 4]]}",
		"{\"labels\": [1, \"a\"], \"matrix\": [[1, 2], [3, 4]]}",
		"{\"labels\": [1, 2], \"matrix\": [[1, -2], [3, 4]]}",
		"{\"labels\": [1.5], \"matrix\": [[1]]}",
		"{\"labels\": [true], \"matrix\": [[1]], \"extra\": 1}",
		"{\"labels\": [true], \"matrix\": [[1]], \"n_null\": -1}",
		"{\"labels\": [true]}",
		"[]",
	};
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		mlc_status	st;
		mlc_confusion *c;

		mlc_status_init(&st);
		c = mlc_confusion_from_json(bad[i], strlen(bad[i]), &st);
		CHECK(c == NULL);
		CHECK(st.code == MLC_ESYNTAX);
	}
}

UNIT_TEST(confusion_binary_metrics)
{
	/* actual,predicted: tp=3 fp=1 fn=2 tn=4 */
	mlc_status	st;
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_BOOL);
	int32_t		f = mlc_confusion_label_int(c, 0, &st),
				t = mlc_confusion_label_int(c, 1, &st),
				pos;
	double		v;
	bool		def;

	mlc_confusion_add(c, t, t, 3);
	mlc_confusion_add(c, f, t, 1);
	mlc_confusion_add(c, t, f, 2);
	mlc_confusion_add(c, f, f, 4);
	CHECK(mlc_confusion_default_positive(c, &pos, &st) == MLC_OK && pos == t);
	mlc_confusion_prf(c, MLC_PRECISION, 1, MLC_AVG_BINARY, pos, &def, &v, &st);
	CHECK(def);
	CHECK_NEAR(v, 0.75, 1e-15);
	mlc_confusion_prf(c, MLC_RECALL, 1, MLC_AVG_BINARY, pos, &def, &v, &st);
	CHECK_NEAR(v, 0.6, 1e-15);
	mlc_confusion_prf(c, MLC_FBETA, 1, MLC_AVG_BINARY, pos, &def, &v, &st);
	CHECK_NEAR(v, 2 * 0.75 * 0.6 / 1.35, 1e-15);
	mlc_confusion_prf(c, MLC_SPECIFICITY, 1, MLC_AVG_BINARY, pos, &def, &v, &st);
	CHECK_NEAR(v, 0.8, 1e-15);
	CHECK(mlc_confusion_accuracy(c, &v));
	CHECK_NEAR(v, 0.7, 1e-15);
	CHECK(mlc_confusion_mcc(c, &v));
	CHECK_NEAR(v, (3.0 * 4 - 1 * 2) / sqrt(4.0 * 5 * 5 * 6), 1e-12);
	mlc_confusion_free(c);
}

UNIT_TEST(confusion_fbeta_cannot_overflow)
{
	/* tp=3 fp=1 fn=2: recall 0.6.  Huge beta gives the limit (recall), never
	 * 0 or NaN; +Infinity is accepted and gives recall; macro too. */
	mlc_status	st;
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_BOOL);
	int32_t		f = mlc_confusion_label_int(c, 0, &st),
				t = mlc_confusion_label_int(c, 1, &st);
	double		betas[] = {1e100, 1e154, 1e155, 1e200, 1.7e308, INFINITY};
	double		v;
	bool		def;
	size_t		i;

	mlc_confusion_add(c, t, t, 3);
	mlc_confusion_add(c, f, t, 1);
	mlc_confusion_add(c, t, f, 2);
	mlc_confusion_add(c, f, f, 4);
	for (i = 0; i < sizeof(betas) / sizeof(betas[0]); i++)
	{
		CHECK(mlc_confusion_prf(c, MLC_FBETA, betas[i], MLC_AVG_BINARY, t, &def, &v, &st) == MLC_OK);
		CHECK(def);
		CHECK_NEAR(v, 0.6, 1e-15);
		/* macro: mean of per-class recalls (0.6 and 0.8) */
		CHECK(mlc_confusion_prf(c, MLC_FBETA, betas[i], MLC_AVG_MACRO, -1, &def, &v, &st) == MLC_OK);
		CHECK(def);
		CHECK_NEAR(v, 0.7, 1e-15);
	}
	/* tiny beta: precision */
	mlc_confusion_prf(c, MLC_FBETA, 1e-200, MLC_AVG_BINARY, t, &def, &v, &st);
	CHECK_NEAR(v, 0.75, 1e-15);
	/* usual beta: the textbook formula */
	mlc_confusion_prf(c, MLC_FBETA, 2, MLC_AVG_BINARY, t, &def, &v, &st);
	CHECK_NEAR(v, 5.0 * 3 / (5.0 * 3 + 4 * 2 + 1), 1e-15);
	/* 0, negative, NaN and -Infinity are refused */
	CHECK(mlc_confusion_prf(c, MLC_FBETA, 0, MLC_AVG_BINARY, t, &def, &v, &st) == MLC_EBADARG);
	CHECK(mlc_confusion_prf(c, MLC_FBETA, -1, MLC_AVG_BINARY, t, &def, &v, &st) == MLC_EBADARG);
	CHECK(mlc_confusion_prf(c, MLC_FBETA, NAN, MLC_AVG_BINARY, t, &def, &v, &st) == MLC_EBADARG);
	CHECK(mlc_confusion_prf(c, MLC_FBETA, -INFINITY, MLC_AVG_BINARY, t, &def, &v, &st) == MLC_EBADARG);
	mlc_confusion_free(c);
}

UNIT_TEST(confusion_undefined_is_not_zero)
{
	mlc_status	st;
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_BOOL);
	int32_t		f = mlc_confusion_label_int(c, 0, &st);
	double		v = -1;
	bool		def = true;

	mlc_confusion_add(c, f, f, 5);
	/* no positives at all: precision, recall, f1 undefined; accuracy 1 */
	mlc_confusion_prf(c, MLC_PRECISION, 1, MLC_AVG_BINARY, -1, &def, &v, &st);
	CHECK(!def);
	mlc_confusion_prf(c, MLC_FBETA, 1, MLC_AVG_BINARY, -1, &def, &v, &st);
	CHECK(!def);
	CHECK(!mlc_confusion_mcc(c, &v));
	CHECK(!mlc_confusion_kappa(c, &v));
	CHECK(mlc_confusion_accuracy(c, &v) && v == 1);
	mlc_confusion_free(c);
}

UNIT_TEST(confusion_many_labels_and_merge)
{
	mlc_status	st;
	mlc_confusion *a = mlc_confusion_new(MLC_LABEL_INT);
	mlc_confusion *b = mlc_confusion_new(MLC_LABEL_INT);
	mlc_confusion *whole = mlc_confusion_new(MLC_LABEL_INT);
	int			i;
	int32_t		r;

	for (i = 0; i < 3000; i++)
	{
		int64_t		x = (i * 7919) % 500,
					y = (i * 104729) % 500;
		mlc_confusion *t = (i % 2) ? a : b;

		mlc_confusion_add(t, mlc_confusion_label_int(t, x, &st), mlc_confusion_label_int(t, y, &st), 1);
		mlc_confusion_add(whole, mlc_confusion_label_int(whole, x, &st), mlc_confusion_label_int(whole, y, &st), 1);
	}
	CHECK(mlc_confusion_merge(a, b, &st) == MLC_OK);
	CHECK(mlc_confusion_equal(a, whole));
	/* the class limit is an error, not a crash */
	mlc_status_init(&st);
	for (i = 0, r = 0; i < MLC_CONFUSION_MAX_CLASSES + 5 && r >= 0; i++)
		r = mlc_confusion_label_int(whole, 100000 + i, &st);
	CHECK(r < 0 && st.code == MLC_ELIMIT);
	mlc_confusion_free(a);
	mlc_confusion_free(b);
	mlc_confusion_free(whole);
}
