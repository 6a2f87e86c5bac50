/*
 * fuzz_state.c — libFuzzer harness over the state readers of the mlcheck
 * core, driven by the operations table (src/core/mlc_types.h), so one
 * harness covers every type, including the hidden aggregate states (exact
 * AUC, log loss/Brier, DeLong, blocks of profiles) whose bytes a distributed
 * database hands from one node to another.  test/fuzz/Makefile compiles
 * it once per type and reader with
 *   -DSTATE=mlc_<type>_type
 *   -DMODE_READ : the input is the binary codec     (t->read)
 *   -DMODE_TEXT : the input is the text form        (mlc_type_from_text:
 *                 base64 of the codec for hidden states, JSON otherwise)
 * Oracle: an accepted value writes canonical bytes that read back and
 * write to the same bytes; its text form parses back to the same bytes;
 * and merging it into an empty copy of itself and writing succeeds
 * without a sanitizer report.  Any crash, leak, ASan/UBSan report or
 * oracle failure aborts with the input saved by libFuzzer.
 * A type whose combine merges a partial state straight from its bytes
 * (without a decoded copy) is also built with
 *   -DMERGE_BYTES=<function> -DMERGE_NEW=<constructor> -DMERGE_HEADER=<header>
 * and in MODE_READ that path must agree with read + merge on every input:
 * the same status code, the same bytes afterwards, into an empty and into
 * a non-empty destination, and a refused input leaves the destination as
 * it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlc_common.h"
#include "mlc_types.h"
#ifdef MERGE_BYTES
#include MERGE_HEADER
#endif

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

#if defined(MERGE_BYTES) && defined(MODE_READ)
/* merge the input into dst both ways (dst_ref by read + merge) and compare */
static void
merge_bytes_agrees(void *dst, void *dst_ref, const uint8_t *data, size_t size)
{
	mlc_status	st,
				st_ref;
	mlc_buf		before,
				after,
				after_ref;
	void	   *v;
	mlc_code	rc,
				rc_ref;
	int			have_before = bytes_of(dst, &before);

	mlc_status_init(&st);
	rc = MERGE_BYTES(dst, data, size, &st);
	mlc_status_init(&st_ref);
	v = T->read(data, size, &st_ref);
	rc_ref = v == NULL ? st_ref.code : T->merge(dst_ref, v, &st_ref);
	if (v != NULL)
		T->free(v);
	if (rc != rc_ref)
		fail("merge from bytes and read + merge give different status codes");
	if (rc == MLC_OK)
	{
		if (bytes_of(dst, &after) != bytes_of(dst_ref, &after_ref) ||
			(after.len > 0 && !same(&after, &after_ref)))
			fail("merge from bytes and read + merge give different values");
		mlc_buf_free(&after_ref);
	}
	else
	{
		if (have_before && (!bytes_of(dst, &after) || !same(&before, &after)))
			fail("a refused input changed the destination");
	}
	mlc_buf_free(&after);
	mlc_buf_free(&before);
}

static void
merge_bytes_oracle(const uint8_t *data, size_t size)
{
	void	   *empty = MERGE_NEW(),
			   *empty_ref = MERGE_NEW();
	mlc_status	st;
	void	   *v;

	if (empty == NULL || empty_ref == NULL)
		fail("out of memory");
	merge_bytes_agrees(empty, empty_ref, data, size);
	T->free(empty);
	T->free(empty_ref);

	/* a non-empty destination: the input's own value, when it is one */
	mlc_status_init(&st);
	v = T->read(data, size, &st);
	if (v != NULL)
	{
		mlc_buf		b;

		if (bytes_of(v, &b))
		{
			void	   *dst = must_read(&b),
					   *dst_ref = must_read(&b);

			merge_bytes_agrees(dst, dst_ref, data, size);
			T->free(dst);
			T->free(dst_ref);
		}
		mlc_buf_free(&b);
		T->free(v);
	}
}
#endif

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
#ifdef MERGE_BYTES
	merge_bytes_oracle(data, size);
#endif
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
