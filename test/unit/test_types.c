/*
 * test_types.c — the operations table of every value type (mlc_types.h):
 * base64, the text form of hidden states (exact round trip, malformed or
 * truncated text rejected with MLC_ESYNTAX), and for every type the codec
 * round trip and the rejection of every truncation and of trailing bytes.
 */
#include "unit.h"
#include "mlc_types.h"
#include "mlc_calibration.h"
#include "mlc_confusion.h"
#include "mlc_delong.h"
#include "mlc_expected_auc.h"
#include "mlc_isotonic.h"
#include "mlc_multiclass.h"
#include "mlc_profile.h"
#include "mlc_profile_block.h"
#include "mlc_regression.h"
#include "mlc_scores.h"
#include "mlc_tests.h"

#include <stdlib.h>

/* a value of type t with a few rows in it */
static void *
sample(const mlc_type_ops *t)
{
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	if (t == &mlc_confusion_type)
	{
		mlc_confusion *c = mlc_confusion_new(MLC_LABEL_TEXT);

		for (i = 0; i < 20; i++)
		{
			int32_t		a = mlc_confusion_label_text(c, i % 3 ? "cat" : "dog", 3, &st);
			int32_t		p = mlc_confusion_label_text(c, i % 5 ? "cat" : "emu", 3, &st);

			mlc_confusion_add(c, a, p, 1.5);
		}
		c->n_null = 2;
		return c;
	}
	if (t == &mlc_scores_type)
	{
		mlc_scores *s = mlc_scores_new(8, false);

		for (i = 0; i < 50; i++)
			mlc_scores_add(s, (i * 7919 % 101) / 101.0, i % 3 == 0, 1, &st);
		return s;
	}
	if (t == &mlc_calibration_type)
	{
		mlc_calibration *c = mlc_calibration_new(5, &st);

		for (i = 0; i < 30; i++)
			mlc_calibration_add(c, (i % 10) / 10.0 + 0.01, i % 2, 0.1 * i);
		return c;
	}
	if (t == &mlc_regression_type)
	{
		mlc_regression *r = mlc_regression_new();

		for (i = 0; i < 30; i++)
			mlc_regression_add(r, i * 0.3, i * 0.29 + 1, 1);
		return r;
	}
	if (t == &mlc_numprof_type)
	{
		mlc_numprof *p = mlc_numprof_new();

		for (i = 0; i < 40; i++)
			mlc_numprof_add(p, i * 1.25 - 3, &st);
		mlc_numprof_add(p, NAN, &st);
		return p;
	}
	if (t == &mlc_catprof_type)
	{
		mlc_catprof *c = mlc_catprof_new();

		mlc_catprof_add(c, "b", 1, 3, &st);
		mlc_catprof_add(c, "a", 1, 2, &st);
		mlc_catprof_add_null(c);
		return c;
	}
	if (t == &mlc_auc_type)
	{
		mlc_auc    *a = mlc_auc_new(true);

		for (i = 0; i < 25; i++)
			mlc_auc_add(a, (i * 37 % 11) * 0.5, i % 2, 1 + i % 3, &st);
		return a;
	}
	if (t == &mlc_prob_type)
	{
		mlc_prob   *p = malloc(sizeof(mlc_prob));

		mlc_prob_init(p);
		for (i = 0; i < 25; i++)
			mlc_prob_add(p, i / 25.0, i % 2, 1);
		return p;
	}
	if (t == &mlc_delong_type)
	{
		mlc_delong *d = mlc_delong_new(true);

		for (i = 0; i < 25; i++)
			mlc_delong_add(d, i % 7, (i * 3) % 5, i % 2, &st);
		return d;
	}
	if (t == &mlc_multiclass_type)
	{
		mlc_multiclass *m = mlc_multiclass_new();

		for (i = 0; i < 25; i++)
		{
			double		p[3] = {0.25, 0.25 + (i % 3) / 8.0, 0.5 - (i % 3) / 8.0};

			mlc_multiclass_add(m, p, 3, i % 3, 1 + i % 2, false, &st);
		}
		return m;
	}
	if (t == &mlc_mcnemar_type)
	{
		mlc_mcnemar_state *m = mlc_mcnemar_state_new();

		for (i = 0; i < 25; i++)
			mlc_mcnemar_state_add(m, i % 3 == 0, i % 4 == 0);
		m->n_null = 3;
		return m;
	}
	if (t == &mlc_calibrator_type)
	{
		mlc_auc    *a = mlc_auc_new(true);
		mlc_calibrator *c;
		bool		def;

		for (i = 0; i < 25; i++)
			mlc_auc_add(a, (i % 9) / 9.0, i % 3 == 0, 1 + i % 4, &st);
		c = mlc_isotonic_fit(a, &def, &st);
		mlc_auc_free(a);
		return c;
	}
	if (t == &mlc_profblock_type)
	{
		/* categorical, so that the labels of every element are walked too */
		mlc_profblock *b = mlc_profblock_new(MLC_PROFBLOCK_CATEGORICAL, 3);

		mlc_catprof_add(b->p[0], "b", 1, 3, &st);
		mlc_catprof_add(b->p[0], "a", 1, 2, &st);
		mlc_catprof_add_null(b->p[1]);
		mlc_catprof_add(b->p[2], "zz", 2, 1, &st);
		return b;
	}
	if (t == &mlc_eauc_type)
	{
		mlc_eauc   *e = mlc_eauc_new();

		for (i = 0; i < 25; i++)
			mlc_eauc_add(e, (i % 9) / 8.0, 1 + i % 4, &st);
		return e;
	}
	return NULL;
}

static int
same_buf(const mlc_buf *a, const mlc_buf *b)
{
	return !a->failed && !b->failed && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

UNIT_TEST(types_base64_vectors)
{
	const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	const char *bad[] = {"Zg=", "Z===", "Zh==", "Zm9=", "Zm9v!A==", "Zm=v", "====", "Zg==Zg==", "Zm 9",
	"\xc3\xa9" "AAZm9v", "Zm9vZm9\x80" "Zm9v"};
	unsigned char all[256];
	mlc_buf		e,
				d;
	size_t		i;

	/* every byte value, so every digit, through the table-driven loop */
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char) i;
	mlc_buf_init(&e, 4);
	mlc_buf_init(&d, 4);
	mlc_base64_encode(all, sizeof(all), &e);
	CHECK(mlc_base64_decode(e.data, e.len, &d));
	CHECK(d.len == sizeof(all) && memcmp(d.data, all, sizeof(all)) == 0);
	mlc_buf_free(&e);
	mlc_buf_free(&d);

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
	{
		mlc_buf		e,
					d;

		mlc_buf_init(&e, 4);
		mlc_base64_encode(in[i], strlen(in[i]), &e);
		CHECK(e.len == strlen(out[i]) && memcmp(e.data, out[i], e.len) == 0);
		mlc_buf_init(&d, 4);
		CHECK(mlc_base64_decode(out[i], strlen(out[i]), &d));
		CHECK(d.len == strlen(in[i]) && memcmp(d.data, in[i], d.len) == 0);
		mlc_buf_free(&e);
		mlc_buf_free(&d);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		mlc_buf		d;

		mlc_buf_init(&d, 4);
		CHECK(!mlc_base64_decode(bad[i], strlen(bad[i]), &d));
		mlc_buf_free(&d);
	}
}

UNIT_TEST(types_table_complete)
{
	int			n;

	for (n = 0; mlc_types[n]; n++)
	{
		const mlc_type_ops *t = mlc_types[n];

		CHECK(t->name && t->what && t->read && t->write && t->merge && t->free);
		/* summary types print JSON; hidden states base64 (no JSON) */
		CHECK(t->json == (t->to_json != NULL && t->from_json != NULL));
		CHECK(t->json == (t->name[0] != '_'));
	}
	CHECK(n == 14);
}

/* every type: binary and text round trips are exact to the byte */
UNIT_TEST(types_roundtrip_exact)
{
	int			n;

	for (n = 0; mlc_types[n]; n++)
	{
		const mlc_type_ops *t = mlc_types[n];
		void	   *v = sample(t),
				   *v2,
				   *v3;
		mlc_buf		b1,
					b2,
					t1,
					t2,
					b3;
		mlc_status	st;

		mlc_status_init(&st);
		CHECK(v != NULL);
		mlc_buf_init(&b1, 16);
		CHECK(t->write(v, &b1, &st) == MLC_OK);
		v2 = t->read(b1.data, b1.len, &st);
		CHECK(v2 != NULL);
		mlc_buf_init(&b2, 16);
		CHECK(t->write(v2, &b2, &st) == MLC_OK);
		CHECK(same_buf(&b1, &b2));

		mlc_buf_init(&t1, 16);
		CHECK(mlc_type_to_text(t, v2, &t1, &st) == MLC_OK);
		v3 = mlc_type_from_text(t, t1.data, t1.len, &st);
		CHECK(v3 != NULL);
		mlc_buf_init(&t2, 16);
		CHECK(mlc_type_to_text(t, v3, &t2, &st) == MLC_OK);
		CHECK(same_buf(&t1, &t2));
		if (!t->json)
		{
			/* hidden states: the text is the codec itself, so the bytes survive */
			mlc_buf_init(&b3, 16);
			CHECK(t->write(v3, &b3, &st) == MLC_OK);
			CHECK(same_buf(&b1, &b3));
			CHECK(t1.len == (b1.len + 2) / 3 * 4);
			mlc_buf_free(&b3);
		}
		t->free(v);
		t->free(v2);
		t->free(v3);
		mlc_buf_free(&b1);
		mlc_buf_free(&b2);
		mlc_buf_free(&t1);
		mlc_buf_free(&t2);
	}
}

/* every truncation of the codec and a trailing byte are rejected (22P02) */
UNIT_TEST(types_reject_truncated_and_trailing)
{
	int			n;

	for (n = 0; mlc_types[n]; n++)
	{
		const mlc_type_ops *t = mlc_types[n];
		void	   *v = sample(t);
		mlc_buf		b;
		mlc_status	st;
		size_t		len;
		int			bad = 0;

		mlc_status_init(&st);
		mlc_buf_init(&b, 16);
		CHECK(t->write(v, &b, &st) == MLC_OK);
		for (len = 0; len < b.len; len++)
		{
			void	   *w = t->read(b.data, len, &st);

			if (w != NULL || st.code != MLC_ESYNTAX)
				bad++;
			if (w)
				t->free(w);
		}
		mlc_buf_putc(&b, 0);
		{
			void	   *w = t->read(b.data, b.len, &st);

			CHECK(w == NULL && st.code == MLC_ESYNTAX);
			if (w)
				t->free(w);
		}
		if (bad)
			fprintf(stderr, "  %s: %d truncations accepted\n", t->name, bad);
		CHECK(bad == 0);
		t->free(v);
		mlc_buf_free(&b);
	}
}

/* hidden states: malformed text is a syntax error, never a crash */
UNIT_TEST(types_state_text_rejects_garbage)
{
	const char *bad[] = {"", "not base64", "AAAA", "AQ==", "////", "Zm9vYmFy", "AQAAAAAAAAAAAQ"};
	int			n;
	size_t		i;

	for (n = 0; mlc_types[n]; n++)
	{
		const mlc_type_ops *t = mlc_types[n];
		void	   *v;
		mlc_buf		txt;
		mlc_status	st;

		if (t->json)
			continue;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		{
			mlc_status_init(&st);
			v = mlc_type_from_text(t, bad[i], strlen(bad[i]), &st);
			CHECK(v == NULL && st.code == MLC_ESYNTAX);
			if (v)
				t->free(v);
		}
		/* the text of a real state, cut short by one 4-character group */
		v = sample(t);
		mlc_status_init(&st);
		mlc_buf_init(&txt, 16);
		CHECK(mlc_type_to_text(t, v, &txt, &st) == MLC_OK);
		t->free(v);
		v = mlc_type_from_text(t, txt.data, txt.len - 4, &st);
		CHECK(v == NULL && st.code == MLC_ESYNTAX);
		v = mlc_type_from_text(t, txt.data, txt.len - 1, &st);
		CHECK(v == NULL && st.code == MLC_ESYNTAX);
		mlc_buf_free(&txt);
	}
}

/* the growth bound of hidden states keeps their text within the limit */
UNIT_TEST(types_state_limit_covers_text)
{
	size_t		saved = mlc_max_value_bytes;
	mlc_auc    *a;
	mlc_status	st;
	mlc_buf		txt;
	int			i;
	mlc_code	rc = MLC_OK;

	mlc_max_value_bytes = 4096;
	a = mlc_auc_new(false);
	for (i = 0; i < 10000 && rc == MLC_OK; i++)
		rc = mlc_auc_add(a, i, i % 2, 1, &st);
	CHECK(rc == MLC_ELIMIT);
	mlc_status_init(&st);
	mlc_buf_init(&txt, 16);
	CHECK(mlc_type_to_text(&mlc_auc_type, a, &txt, &st) == MLC_OK);
	CHECK(!txt.failed && txt.len < mlc_max_value_bytes);
	mlc_buf_free(&txt);
	mlc_auc_free(a);
	mlc_max_value_bytes = saved;
}

/* the last step of a reader: the value when the bytes are used up, else
 * NULL with the value freed (ASan reports a leak otherwise) and the
 * reader's message under the type's name */
UNIT_TEST(types_read_end)
{
	static const unsigned char bytes[3] = {1, 2, 3};
	mlc_reader	r;
	mlc_status	st;
	mlc_calibration *c;

	mlc_status_init(&st);
	c = mlc_calibration_new(4, &st);
	mlc_reader_init(&r, bytes, sizeof(bytes));
	(void) mlc_get_u8(&r);
	(void) mlc_get_u8(&r);
	(void) mlc_get_u8(&r);
	CHECK(mlc_type_read_end(&mlc_calibration_type, c, &r, &st) == c);
	CHECK(st.code == MLC_OK);
	mlc_calibration_free(c);

	c = mlc_calibration_new(4, &st);
	mlc_reader_init(&r, bytes, sizeof(bytes));
	(void) mlc_get_u8(&r);
	CHECK(mlc_type_read_end(&mlc_calibration_type, c, &r, &st) == NULL);
	CHECK(st.code == MLC_ESYNTAX);
	CHECK_STR(st.msg, "invalid binary calibration value: 2 trailing bytes");

	mlc_status_init(&st);
	c = mlc_calibration_new(4, &st);
	mlc_reader_init(&r, bytes, sizeof(bytes));
	(void) mlc_get_u64(&r);
	CHECK(mlc_type_read_end(&mlc_calibration_type, c, &r, &st) == NULL);
	CHECK_STR(st.msg, "invalid binary calibration value: truncated");
}
