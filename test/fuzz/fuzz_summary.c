/*
 * fuzz_summary.c — libFuzzer harness template over one summary type of the
 * mlcheck core (src/core only, no PostgreSQL).  test/fuzz/Makefile compiles
 * it once per type and reader with
 *   -DT=<type>  (confusion, scores, calibration, regression, numprof, catprof)
 *   -DFUZZ_HEADER='"mlc_<module>.h"'
 *   -DMODE_JSON : fuzz the text reader   mlc_<T>_from_json
 *   -DMODE_READ : fuzz the binary reader mlc_<T>_read
 * Oracle (round trip): an accepted input is printed (to_json / write); the
 * printed form must be accepted again and print to identical bytes; and the
 * text and binary forms must agree (value -> write -> read -> to_json gives
 * the same text as value -> to_json).  Any crash, leak, ASan/UBSan report
 * or oracle failure aborts with the input saved by libFuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlc_common.h"
#include FUZZ_HEADER

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FN(suffix) CAT(CAT(mlc_, T), suffix)

typedef __typeof__(FN(_from_json) (NULL, 0, NULL)) value_t;

static void
fail(const char *what, const mlc_buf *a, const mlc_buf *b)
{
	fprintf(stderr, "round-trip oracle failed: %s\n", what);
	if (a)
		fprintf(stderr, "first : %.*s\n", (int) (a->len > 4000 ? 4000 : a->len), a->data);
	if (b)
		fprintf(stderr, "second: %.*s\n", (int) (b->len > 4000 ? 4000 : b->len), b->data);
	abort();
}

static int
same(const mlc_buf *a, const mlc_buf *b)
{
	return !a->failed && !b->failed && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* print v as JSON into b; 0 when the printer refuses (size limit) */
static int
to_json(value_t v, mlc_buf *b)
{
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(b, 64);
	return FN(_to_json) (v, b, &st) == MLC_OK && !b->failed;
}

static int
to_bin(value_t v, mlc_buf *b)
{
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(b, 64);
	return FN(_write) (v, b, &st) == MLC_OK && !b->failed;
}

/* v accepted: check both round trips */
static void
oracle(value_t v)
{
	mlc_buf		j1,
				j2,
				b1,
				b2,
				j3;
	mlc_status	st;
	value_t		v2,
				v3;

	if (!to_json(v, &j1) || !to_bin(v, &b1))
	{
		mlc_buf_free(&j1);
		mlc_buf_free(&b1);
		return;					/* a value too large to print is refused, not a bug */
	}
	mlc_status_init(&st);
	v2 = FN(_from_json) (j1.data, j1.len, &st);
	if (v2 == NULL)
		fail(st.msg, &j1, NULL);
	if (!to_json(v2, &j2) || !same(&j1, &j2))
		fail("json -> value -> json is not a fixed point", &j1, &j2);
	mlc_status_init(&st);
	v3 = FN(_read) (b1.data, b1.len, &st);
	if (v3 == NULL)
		fail(st.msg, &j1, NULL);
	if (!to_bin(v3, &b2) || !same(&b1, &b2))
		fail("binary -> value -> binary is not a fixed point", &b1, &b2);
	if (!to_json(v3, &j3) || !same(&j1, &j3))
		fail("binary and text forms disagree", &j1, &j3);
	FN(_free) (v2);
	FN(_free) (v3);
	mlc_buf_free(&j1);
	mlc_buf_free(&j2);
	mlc_buf_free(&j3);
	mlc_buf_free(&b1);
	mlc_buf_free(&b2);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* keep single values small so the fuzzer explores shapes, not sizes */
	mlc_max_value_bytes = 16 << 20;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mlc_status	st;
	value_t		v;

	mlc_status_init(&st);
#ifdef MODE_JSON
	{
		/* the SQL input function gets a NUL-terminated cstring: no NUL inside */
		char	   *text = malloc(size + 1);

		memcpy(text, data, size);
		text[size] = '\0';
		v = FN(_from_json) (text, strlen(text), &st);
		free(text);
	}
#else
	v = FN(_read) (data, size, &st);
#endif
	if (v == NULL)
	{
		if (st.code == MLC_OK)
		{
			fprintf(stderr, "reader returned NULL without an error code\n");
			abort();
		}
		return 0;
	}
	oracle(v);
	FN(_free) (v);
	return 0;
}
