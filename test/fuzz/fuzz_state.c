/*
 * fuzz_state.c — libFuzzer harness over the state readers of the mlcheck
 * core, driven by the operations table (src/core/mlc_types.h), so one
 * harness covers every type, including the hidden aggregate states (exact
 * AUC, log loss/Brier, DeLong) whose bytes a distributed database hands
 * from one node to another.  test/fuzz/Makefile compiles it once per type
 * and reader with
 *   -DSTATE=mlc_<type>_type
 *   -DMODE_READ : the input is the binary codec     (t->read)
 *   -DMODE_TEXT : the input is the text form        (mlc_type_from_text:
 *                 base64 of the codec for hidden states, JSON otherwise)
 * Oracle: an accepted value writes canonical bytes that read back and
 * write to the same bytes; its text form parses back to the same bytes;
 * and merging it into an empty copy of itself and writing succeeds
 * without a sanitizer report.  Any crash, leak, ASan/UBSan report or
 * oracle failure aborts with the input saved by libFuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlc_common.h"
#include "mlc_types.h"

#define T (&STATE)

static void
fail(const char *what)
{
	fprintf(stderr, "state oracle failed (%s): %s\n", T->name, what);
	abort();
}

static int
same(const mlc_buf *a, const mlc_buf *b)
{
	return !a->failed && !b->failed && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* v's canonical bytes into b; 0 when refused (size limit) */
static int
bytes_of(void *v, mlc_buf *b)
{
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(b, 64);
	return T->write(v, b, &st) == MLC_OK && !b->failed;
}

static void *
must_read(const mlc_buf *b)
{
	mlc_status	st;
	void	   *v;

	mlc_status_init(&st);
	v = T->read(b->data, b->len, &st);
	if (v == NULL)
		fail(st.msg);
	return v;
}

static void
oracle(void *v)
{
	mlc_buf		b1,
				b2,
				b3,
				txt;
	mlc_status	st;
	void	   *v2,
			   *v3,
			   *sum;

	if (!bytes_of(v, &b1))
	{
		mlc_buf_free(&b1);
		return;					/* a value too large to write is refused, not a bug */
	}
	v2 = must_read(&b1);
	if (!bytes_of(v2, &b2) || !same(&b1, &b2))
		fail("binary -> value -> binary is not a fixed point");

	mlc_status_init(&st);
	mlc_buf_init(&txt, 64);
	if (mlc_type_to_text(T, v2, &txt, &st) == MLC_OK && !txt.failed)
	{
		v3 = mlc_type_from_text(T, txt.data, txt.len, &st);
		if (v3 == NULL)
			fail(st.msg);
		if (!T->json)
		{
			/* hidden states: the text carries the bytes themselves */
			if (!bytes_of(v3, &b3) || !same(&b1, &b3))
				fail("text -> value -> binary differs");
			mlc_buf_free(&b3);
		}
		T->free(v3);
	}
	mlc_buf_free(&txt);

	/* combine with itself, as a combine function would */
	sum = must_read(&b1);
	mlc_status_init(&st);
	if (T->merge(sum, v2, &st) == MLC_OK)
	{
		if (bytes_of(sum, &b3))
			T->free(must_read(&b3));
		mlc_buf_free(&b3);
	}
	T->free(sum);
	T->free(v2);
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
	void	   *v;

	mlc_status_init(&st);
#ifdef MODE_TEXT
	{
		/* the SQL input function gets a NUL-terminated cstring: no NUL inside */
		char	   *text = malloc(size + 1);

		memcpy(text, data, size);
		text[size] = '\0';
		v = mlc_type_from_text(T, text, strlen(text), &st);
		free(text);
	}
#else
	v = T->read(data, size, &st);
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
	T->free(v);
	return 0;
}
