/* test_common.c — status, buffer, float printing, codec, JSON reader. */
#include "unit.h"
#include "mlc_common.h"
#include "mlc_json.h"

#include <stdlib.h>

static char *
dbl(double v)
{
	static char out[64];
	mlc_buf		b;

	mlc_buf_init(&b, 16);
	mlc_buf_double(&b, v);
	snprintf(out, sizeof(out), "%s", mlc_buf_cstring(&b));
	mlc_buf_free(&b);
	return out;
}

UNIT_TEST(double_shortest_roundtrip)
{
	double		vals[] = {0.1, 1.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308, 123456789.125, -2.5, 1e15, 1e22};
	size_t		i;

	CHECK_STR(dbl(0.1), "0.1");
	CHECK_STR(dbl(5), "5");
	CHECK_STR(dbl(-0.0), "-0");
	CHECK_STR(dbl(NAN), "\"NaN\"");
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		CHECK(strtod(dbl(vals[i]), NULL) == vals[i]);
}

UNIT_TEST(json_doubles)
{
	static const double v[3] = {0.5, 1, -2.5e-300};
	mlc_buf		b;

	mlc_buf_init(&b, 4);
	mlc_buf_json_doubles(&b, v, 0);
	CHECK_STR(mlc_buf_cstring(&b), "[]");
	b.len = 0;
	mlc_buf_json_doubles(&b, v, 3);
	CHECK_STR(mlc_buf_cstring(&b), "[0.5, 1, -2.5e-300]");
	mlc_buf_free(&b);
}

UNIT_TEST(codec_roundtrip_and_truncation)
{
	mlc_buf		b;
	mlc_reader	r;
	mlc_status	st;

	mlc_buf_init(&b, 4);
	mlc_put_u8(&b, 7);
	mlc_put_i32(&b, -5);
	mlc_put_i64(&b, INT64_MIN);
	mlc_put_f64(&b, -0.25);
	CHECK(b.len == 21);
	CHECK((unsigned char) b.data[1] == 0xff);	/* big-endian */
	mlc_reader_init(&r, b.data, b.len);
	CHECK(mlc_get_u8(&r) == 7);
	CHECK(mlc_get_i32(&r) == -5);
	CHECK(mlc_get_i64(&r) == INT64_MIN);
	CHECK(mlc_get_f64(&r) == -0.25);
	mlc_status_init(&st);
	CHECK(mlc_reader_finish(&r, &st, "x") == MLC_OK);
	mlc_reader_init(&r, b.data, b.len - 1);
	mlc_get_u8(&r);
	mlc_get_i32(&r);
	mlc_get_i64(&r);
	mlc_get_f64(&r);
	CHECK(mlc_reader_finish(&r, &st, "x") == MLC_ESYNTAX);
	mlc_buf_free(&b);
}

UNIT_TEST(json_accepts_and_rejects)
{
	const char *good[] = {"{}", "[1, 2.5, -3e2]", "{\"a\": [true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}", " 0 "};
	const char *bad[] = {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"", "\"\\ud800\"",
	"[1] x", "tru", "\"a\nb\"", "{\"a\" 1}", "1e999", "\"\\u0000\""};
	size_t		i;
	mlc_status	st;
	char		deep[200];

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
	{
		mlc_json   *j = mlc_json_parse(good[i], strlen(good[i]), &st);

		CHECK(j != NULL);
		mlc_json_free(j);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		mlc_json   *j;

		mlc_status_init(&st);
		j = mlc_json_parse(bad[i], strlen(bad[i]), &st);
		CHECK(j == NULL);
		CHECK(st.code == MLC_ESYNTAX);
	}
	memset(deep, '[', sizeof(deep));
	mlc_status_init(&st);
	CHECK(mlc_json_parse(deep, sizeof(deep), &st) == NULL);
	CHECK(st.code == MLC_ESYNTAX);
}

UNIT_TEST(json_utf8_and_int64)
{
	mlc_status	st;
	const char *t = "[\"\\u00e9\", 9223372036854775807, -9223372036854775808, 1.5]";
	mlc_json   *j = mlc_json_parse(t, strlen(t), &st);

	CHECK(j && j->len == 4);
	if (j && j->len == 4)
	{
		CHECK(strcmp(j->items[0]->str, "\xc3\xa9") == 0);
		CHECK(j->items[1]->int_exact && j->items[1]->ival == INT64_MAX);
		CHECK(j->items[2]->int_exact && j->items[2]->ival == INT64_MIN);
		CHECK(!j->items[3]->is_integer);
	}
	mlc_json_free(j);
}

/* the writer and the reader share one table of two-character escapes */
UNIT_TEST(json_string_escapes_round_trip)
{
	mlc_buf		b;
	mlc_status	st;
	mlc_json   *j;
	char		all[255];
	int			c;

	mlc_buf_init(&b, 16);
	mlc_buf_json_string(&b, "\"\\\n\r\t\b\f\x01\x7f/a", 11);
	CHECK_STR(mlc_buf_cstring(&b), "\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f/a\"");
	mlc_buf_free(&b);
	/* every byte but NUL reads back as written */
	for (c = 1; c < 256; c++)
		all[c - 1] = (char) c;
	mlc_buf_init(&b, 16);
	mlc_buf_json_string(&b, all, sizeof(all));
	mlc_status_init(&st);
	j = mlc_json_parse(b.data, b.len, &st);
	CHECK(j != NULL && j->type == MLC_JSON_STRING && j->len == sizeof(all) &&
		  memcmp(j->str, all, sizeof(all)) == 0);
	mlc_json_free(j);
	mlc_buf_free(&b);
	/* the reader also takes \/ and refuses an unknown escape */
	j = mlc_json_parse("\"\\/\\b\\u0041\"", 12, &st);
	CHECK(j != NULL && j->len == 3 && memcmp(j->str, "/\bA", 3) == 0);
	mlc_json_free(j);
	mlc_status_init(&st);
	CHECK(mlc_json_parse("\"\\x\"", 4, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(strstr(st.msg, "bad escape") != NULL);
}
