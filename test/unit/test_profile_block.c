/*
 * test_profile_block.c — blocks of profiles (mlc_profile_block.h): each
 * element keeps its profile's own binary form through the block's codec
 * (exact and sketched numeric profiles, categorical profiles and partial
 * states), a merge of blocks is the merge of each element, and the reader
 * refuses every malformed frame.
 */
#include "unit.h"
#include "mlc_profile.h"
#include "mlc_profile_block.h"

#include <stdlib.h>

static int
same_buf(const mlc_buf *a, const mlc_buf *b)
{
	return !a->failed && !b->failed && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* element i's bytes as its own type writes them */
static void
elem_bytes(const mlc_profblock *b, int i, mlc_buf *out)
{
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(out, 64);
	mlc_profblock_elem_type(b->kind)->write(b->p[i], out, &st);
}

/* a numeric block: an exact column, a sketched one (> 4096 values, NaN,
 * infinities), an empty one and a column of NULLs only */
static mlc_profblock *
numeric_block(int seed)
{
	mlc_profblock *b = mlc_profblock_new(MLC_PROFBLOCK_NUMERIC, 4);
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 300; i++)
		mlc_numprof_add(b->p[0], (i * 7 + seed) % 50 * 0.5, &st);
	for (i = 0; i < 9000; i++)
	{
		double		x = sin(i * 0.37 + seed) * 100;

		if (i % 500 == 1)
			x = NAN;
		else if (i % 700 == 2)
			x = i % 2 ? INFINITY : -INFINITY;
		mlc_numprof_add(b->p[1], x, &st);
	}
	for (i = 0; i < 5; i++)
		mlc_numprof_add_null(b->p[3]);
	return b;
}

UNIT_TEST(profblock_elements_keep_their_bytes)
{
	mlc_profblock *b = numeric_block(1),
			   *r;
	mlc_buf		bb,
				e1,
				e2;
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	CHECK(b != NULL && b->k == 4);
	CHECK(!((mlc_numprof *) b->p[1])->exact);
	mlc_buf_init(&bb, 64);
	CHECK(mlc_profblock_type.write(b, &bb, &st) == MLC_OK);
	r = mlc_profblock_type.read(bb.data, bb.len, &st);
	CHECK(r != NULL && r->k == 4 && r->kind == MLC_PROFBLOCK_NUMERIC);
	for (i = 0; r && i < 4; i++)
	{
		elem_bytes(b, i, &e1);
		elem_bytes(r, i, &e2);
		CHECK(same_buf(&e1, &e2));
		mlc_buf_free(&e1);
		mlc_buf_free(&e2);
	}
	mlc_profblock_free(r);
	mlc_profblock_free(b);
	mlc_buf_free(&bb);
}

/* merge of two blocks == merge of each element pair, read back from bytes */
UNIT_TEST(profblock_merge_is_elementwise)
{
	mlc_profblock *a = numeric_block(1),
			   *b = numeric_block(2);
	mlc_buf		ba,
				bb,
				e1,
				e2;
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	mlc_buf_init(&ba, 64);
	mlc_buf_init(&bb, 64);
	CHECK(mlc_profblock_type.write(a, &ba, &st) == MLC_OK);
	CHECK(mlc_profblock_type.write(b, &bb, &st) == MLC_OK);
	{
		mlc_profblock *x = mlc_profblock_type.read(ba.data, ba.len, &st),
				   *y = mlc_profblock_type.read(bb.data, bb.len, &st);

		CHECK(mlc_profblock_type.merge(x, y, &st) == MLC_OK);
		for (i = 0; i < 4; i++)
		{
			mlc_buf		pa,
						pb;
			mlc_numprof *u,
					   *v;

			elem_bytes(a, i, &pa);
			elem_bytes(b, i, &pb);
			u = mlc_numprof_read(pa.data, pa.len, &st);
			v = mlc_numprof_read(pb.data, pb.len, &st);
			CHECK(mlc_numprof_merge(u, v, &st) == MLC_OK);
			mlc_buf_init(&e1, 64);
			mlc_numprof_write(u, &e1, &st);
			elem_bytes(x, i, &e2);
			CHECK(same_buf(&e1, &e2));
			mlc_numprof_free(u);
			mlc_numprof_free(v);
			mlc_buf_free(&pa);
			mlc_buf_free(&pb);
			mlc_buf_free(&e1);
			mlc_buf_free(&e2);
		}
		mlc_profblock_free(x);
		mlc_profblock_free(y);
	}
	mlc_profblock_free(a);
	mlc_profblock_free(b);
	mlc_buf_free(&ba);
	mlc_buf_free(&bb);
}

UNIT_TEST(profblock_merge_refuses_other_shapes)
{
	mlc_profblock *n3 = mlc_profblock_new(MLC_PROFBLOCK_NUMERIC, 3),
			   *n2 = mlc_profblock_new(MLC_PROFBLOCK_NUMERIC, 2),
			   *c3 = mlc_profblock_new(MLC_PROFBLOCK_CATEGORICAL, 3);
	mlc_status	st;

	mlc_status_init(&st);
	CHECK(mlc_profblock_type.merge(n3, n2, &st) == MLC_EBADARG);
	mlc_status_init(&st);
	CHECK(mlc_profblock_type.merge(n3, c3, &st) == MLC_EBADARG);
	CHECK(mlc_profblock_new(MLC_PROFBLOCK_NUMERIC, 0) == NULL);
	CHECK(mlc_profblock_new(MLC_PROFBLOCK_NUMERIC, MLC_PROFBLOCK_MAX + 1) == NULL);
	CHECK(mlc_profblock_new((mlc_profblock_kind) 3, 1) == NULL);
	mlc_profblock_free(n3);
	mlc_profblock_free(n2);
	mlc_profblock_free(c3);
}

/* a categorical block with more than 1000 categories writes its partial
 * state ('c'), which reads back with every category */
UNIT_TEST(profblock_categorical_partial_state)
{
	mlc_profblock *b = mlc_profblock_new(MLC_PROFBLOCK_CATEGORICAL, 2),
			   *r;
	mlc_buf		bb;
	mlc_status	st;
	char		lab[16];
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 1500; i++)
	{
		snprintf(lab, sizeof(lab), "k%d", i);
		mlc_catprof_add(b->p[0], lab, strlen(lab), 1 + i % 3, &st);
	}
	mlc_catprof_add(b->p[1], "x", 1, 1, &st);
	mlc_buf_init(&bb, 64);
	CHECK(mlc_profblock_type.write(b, &bb, &st) == MLC_OK);
	r = mlc_profblock_type.read(bb.data, bb.len, &st);
	CHECK(r != NULL && ((mlc_catprof *) r->p[0])->k == 1500 && ((mlc_catprof *) r->p[1])->k == 1);
	mlc_profblock_free(r);
	mlc_profblock_free(b);
	mlc_buf_free(&bb);
}

/* malformed frames: version, kind, k, element length, element bytes */
UNIT_TEST(profblock_rejects_bad_frames)
{
	mlc_profblock *b = numeric_block(3);
	mlc_buf		bb;
	mlc_status	st;
	unsigned char *d;
	void	   *v;
	size_t		j;

	mlc_status_init(&st);
	mlc_buf_init(&bb, 64);
	CHECK(mlc_profblock_type.write(b, &bb, &st) == MLC_OK);
	d = malloc(bb.len);
#define TRY(pos, val) do { memcpy(d, bb.data, bb.len); d[pos] = (unsigned char) (val); \
		mlc_status_init(&st); v = mlc_profblock_type.read(d, bb.len, &st); \
		CHECK(v == NULL && st.code == MLC_ESYNTAX); if (v) mlc_profblock_free(v); } while (0)
	TRY(0, 2);					/* version */
	TRY(1, 0);					/* kind */
	TRY(1, 3);
	TRY(1, MLC_PROFBLOCK_CATEGORICAL);	/* numeric bytes read as categorical */
	TRY(2, 0);					/* k */
	TRY(2, 5);					/* more elements than there are */
	TRY(2, 3);					/* fewer: trailing bytes */
	TRY(2, MLC_PROFBLOCK_MAX + 1);
	TRY(3, 0xff);				/* first element's length */
	TRY(6, d[6] + 1);
	TRY(6, d[6] - 1);
	TRY(7, 9);					/* first element's own version byte */
#undef TRY
	/* every byte flipped: refused or read as a valid block, never a crash */
	for (j = 0; j < bb.len && j < 600; j++)
	{
		memcpy(d, bb.data, bb.len);
		d[j] ^= 0x5a;
		mlc_status_init(&st);
		v = mlc_profblock_type.read(d, bb.len, &st);
		CHECK(v != NULL || st.code != MLC_OK);
		if (v)
			mlc_profblock_free(v);
	}
	free(d);
	mlc_profblock_free(b);
	mlc_buf_free(&bb);
}
