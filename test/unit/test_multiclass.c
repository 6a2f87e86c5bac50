/*
 * test_multiclass.c — the multiclass summary: metrics against values
 * computed by scikit-learn 1.2.1 on the same rows (ties included), codec
 * round trips, merge order, validation.
 */
#include <stdlib.h>

#include "unit.h"

#include "mlc_confusion.h"
#include "mlc_multiclass.h"
#include "mlc_sort.h"

/* 40 rows, 4 classes, probabilities with ties (numpy default_rng(7)) */
static const double mc_p[] = {0.28125, 0.21875, 0.21875, 0.28125, 0.20833333333333334, 0.2916666666666667, 0.375, 0.125, 0.0625, 0.1875, 0.1875, 0.5625, 0.375, 0.041666666666666664, 0.20833333333333334, 0.375, 0.07142857142857142, 0.5, 0.07142857142857142, 0.35714285714285715, 0.5, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.2916666666666667, 0.125, 0.375, 0.20833333333333334, 0.25, 0.25, 0.25, 0.25, 0.16666666666666666, 0.3, 0.3, 0.23333333333333334, 0.2692307692307692, 0.2692307692307692, 0.11538461538461539, 0.34615384615384615, 0.2777777777777778, 0.16666666666666666, 0.5, 0.05555555555555555, 0.5, 0.3888888888888889, 0.05555555555555555, 0.05555555555555555, 0.4166666666666667, 0.08333333333333333, 0.08333333333333333, 0.4166666666666667, 0.28125, 0.15625, 0.28125, 0.28125, 0.34615384615384615, 0.2692307692307692, 0.19230769230769232, 0.19230769230769232, 0.21428571428571427, 0.35714285714285715, 0.21428571428571427, 0.21428571428571427, 0.75, 0.08333333333333333, 0.08333333333333333, 0.08333333333333333, 0.32142857142857145, 0.25, 0.32142857142857145, 0.10714285714285714, 0.4375, 0.1875, 0.3125, 0.0625, 0.2916666666666667, 0.375, 0.2916666666666667, 0.041666666666666664, 0.19230769230769232, 0.11538461538461539, 0.34615384615384615, 0.34615384615384615, 0.041666666666666664, 0.20833333333333334, 0.375, 0.375, 0.3181818181818182, 0.3181818181818182, 0.045454545454545456, 0.3181818181818182, 0.35714285714285715, 0.07142857142857142, 0.21428571428571427, 0.35714285714285715, 0.25, 0.17857142857142858, 0.25, 0.32142857142857145, 0.3181818181818182, 0.13636363636363635, 0.3181818181818182, 0.22727272727272727, 0.08333333333333333, 0.08333333333333333, 0.5833333333333334, 0.25, 0.4166666666666667, 0.25, 0.25, 0.08333333333333333, 0.15, 0.45, 0.25, 0.15, 0.22727272727272727, 0.4090909090909091, 0.13636363636363635, 0.22727272727272727, 0.20833333333333334, 0.2916666666666667, 0.20833333333333334, 0.2916666666666667, 0.22727272727272727, 
0.3181818181818182, 0.4090909090909091, 0.045454545454545456, 0.3125, 0.3125, 0.1875, 0.1875, 0.0625, 0.3125, 0.5625, 0.0625, 0.19230769230769232, 0.34615384615384615, 0.34615384615384615, 0.11538461538461539, 0.08333333333333333, 0.5833333333333334, 0.08333333333333333, 0.25, 0.22727272727272727, 0.4090909090909091, 0.045454545454545456, 0.3181818181818182, 0.20833333333333334, 0.041666666666666664, 0.375, 0.375, 0.16666666666666666, 0.3, 0.23333333333333334, 0.3, 0.5, 0.2777777777777778, 0.16666666666666666, 0.05555555555555555};
static const int mc_y[] = {2, 0, 3, 3, 0, 2, 0, 0, 1, 3, 3, 2, 2, 2, 0, 1, 3, 1, 0, 0, 2, 0, 3, 3, 2, 1, 3, 2, 1, 1, 1, 3, 0, 0, 2, 1, 3, 0, 3, 0};
static const double mc_w[] = {2.0, 3.0, 1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 2.0, 3.0, 3.0, 2.0, 1.0, 2.0, 1.0, 3.0, 3.0, 2.0, 3.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 1.0, 2.0, 3.0, 1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 2.0, 1.0, 3.0, 2.0, 3.0, 3.0};

/* rows [from, to) with the weights of rows >= wfrom (1 before) */
static mlc_multiclass *
build_mixed(size_t from, size_t to, size_t wfrom)
{
	mlc_status	st;
	mlc_multiclass *m = mlc_multiclass_new();
	size_t		i;

	mlc_status_init(&st);
	for (i = from; i < to; i++)
		if (mlc_multiclass_add(m, mc_p + 4 * i, 4, mc_y[i], i >= wfrom ? mc_w[i] : 1, false, &st) != MLC_OK)
			fprintf(stderr, "  add failed: %s\n", st.msg);
	return m;
}

/* rows [from, to), all weighted or none */
static mlc_multiclass *
build(bool weighted, size_t from, size_t to)
{
	return build_mixed(from, to, weighted ? 0 : SIZE_MAX);
}

UNIT_TEST(multiclass_matches_sklearn)
{
	mlc_multiclass *m = build(false, 0, 40),
			   *mw = build(true, 0, 40);
	mlc_status	st;
	bool		def;
	double		v;

	mlc_status_init(&st);
	CHECK(mlc_multiclass_roc_auc_ovr(m, MLC_MC_MACRO, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.5756449941009391, 1e-12);
	CHECK(mlc_multiclass_roc_auc_ovr(m, MLC_MC_WEIGHTED, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.566484648120928, 1e-12);
	CHECK(mlc_multiclass_roc_auc_ovr(mw, MLC_MC_MACRO, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.5538102314387723, 1e-12);
	CHECK(mlc_multiclass_roc_auc_ovr(mw, MLC_MC_WEIGHTED, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.5329422302984991, 1e-12);
	CHECK(mlc_multiclass_roc_auc_ovo(m, MLC_MC_MACRO, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.5809220679012346, 1e-12);
	CHECK(mlc_multiclass_roc_auc_ovo(m, MLC_MC_WEIGHTED, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.5751341540404041, 1e-12);
	CHECK(mlc_multiclass_roc_auc_ovo(mw, MLC_MC_MACRO, &def, &v, &st) == MLC_EBADARG);
	CHECK(mlc_multiclass_log_loss(m, &v));
	CHECK_NEAR(v, 1.506009736954001, 1e-12);
	CHECK(mlc_multiclass_log_loss(mw, &v));
	CHECK_NEAR(v, 1.5733143381879617, 1e-12);
	CHECK(mlc_multiclass_top_k(m, 1, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.35, 1e-15);
	CHECK(mlc_multiclass_top_k(mw, 2, &def, &v, &st) == MLC_OK && def);
	CHECK_NEAR(v, 0.6222222222222222, 1e-15);
	CHECK(mlc_multiclass_top_k(m, 0, &def, &v, &st) == MLC_EBADARG);
	CHECK(mlc_multiclass_top_k(m, 4, &def, &v, &st) == MLC_OK && v == 1);
	mlc_multiclass_free(m);
	mlc_multiclass_free(mw);
}

UNIT_TEST(multiclass_merge_order_and_codec)
{
	mlc_multiclass *a = build(true, 0, 17),
			   *b = build(true, 17, 40),
			   *all = build(true, 0, 40),
			   *back;
	mlc_status	st;
	mlc_buf		buf;
	bool		def;
	double		v1,
				v2;

	mlc_status_init(&st);
	CHECK(mlc_multiclass_merge(a, b, &st) == MLC_OK);
	CHECK(mlc_multiclass_equal(a, all));
	/* binary round trip */
	mlc_buf_init(&buf, 64);
	CHECK(mlc_multiclass_write(a, &buf, &st) == MLC_OK);
	/* writing reads the rows in canonical order, it does not move them */
	CHECK(mlc_multiclass_equal(a, all) && !a->canonical);
	CHECK(mlc_buf_cstring(&buf) != NULL && mlc_multiclass_binary_len(a) == buf.len);
	back = mlc_multiclass_read(buf.data, buf.len, &st);
	CHECK(mlc_multiclass_canonicalize(a, &st) == MLC_OK && a->canonical);
	CHECK(back != NULL && mlc_multiclass_equal(back, a));
	/* truncated and trailing bytes are rejected */
	CHECK(mlc_multiclass_read(buf.data, buf.len - 1, &st) == NULL && st.code == MLC_ESYNTAX);
	mlc_buf_putc(&buf, 0);
	CHECK(mlc_multiclass_read(buf.data, buf.len, &st) == NULL);
	mlc_buf_free(&buf);
	mlc_multiclass_free(back);
	/* JSON round trip */
	mlc_buf_init(&buf, 64);
	CHECK(mlc_multiclass_to_json(a, &buf, &st) == MLC_OK);
	back = mlc_multiclass_from_json(buf.data, buf.len, &st);
	CHECK(back != NULL && mlc_multiclass_equal(back, a));
	mlc_multiclass_roc_auc_ovr(back, MLC_MC_MACRO, &def, &v1, &st);
	mlc_multiclass_roc_auc_ovr(all, MLC_MC_MACRO, &def, &v2, &st);
	CHECK(v1 == v2);
	mlc_buf_free(&buf);
	mlc_multiclass_free(back);
	CHECK(mlc_multiclass_from_json("{\"classes\": 3, \"actual\": [3], \"probs\": [[0.2, 0.3, 0.5]]}", 55, &st) == NULL);
	CHECK(mlc_multiclass_from_json("{\"classes\": 3, \"actual\": [1], \"probs\": [[0.2, 0.3, 1.5]]}", 55, &st) == NULL);
	mlc_multiclass_free(a);
	mlc_multiclass_free(b);
	mlc_multiclass_free(all);
}

UNIT_TEST(multiclass_validation_and_edges)
{
	mlc_multiclass *m = mlc_multiclass_new();
	mlc_status	st;
	double		two[] = {0.5, 0.5},
				bad_sum[] = {0.5, 0.5, 0.5},
				out_of_range[] = {1.5, -0.25, -0.25},
				with_nan[] = {NAN, 0.5, 0.5},
				ok[] = {0.2, 0.3, 0.5},
				four[] = {0.25, 0.25, 0.25, 0.25};
	bool		def;
	double		v;
	mlc_confusion *c;

	mlc_status_init(&st);
	CHECK(mlc_multiclass_add(m, two, 2, 0, 1, false, &st) == MLC_EBADARG);
	CHECK(mlc_multiclass_add(m, bad_sum, 3, 0, 1, false, &st) == MLC_EBADARG);
	CHECK(mlc_multiclass_add(m, out_of_range, 3, 0, 1, false, &st) == MLC_ERANGE);
	CHECK(mlc_multiclass_add(m, with_nan, 3, 0, 1, false, &st) == MLC_EBADARG);
	CHECK(mlc_multiclass_add(m, ok, 3, 3, 1, false, &st) == MLC_EBADARG);
	CHECK(mlc_multiclass_add(m, ok, 3, 2, 1, false, &st) == MLC_OK);
	CHECK(mlc_multiclass_add(m, four, 4, 2, 1, false, &st) == MLC_EBADARG);
	/* normalized: a row of 0.5s becomes thirds */
	CHECK(mlc_multiclass_add(m, bad_sum, 3, 1, 1, true, &st) == MLC_OK);
	CHECK_NEAR(m->p[3], 1.0 / 3, 1e-15);
	/* class 0 absent: OvR undefined, OvO over the two present classes */
	CHECK(mlc_multiclass_roc_auc_ovr(m, MLC_MC_MACRO, &def, &v, &st) == MLC_OK && !def);
	CHECK(mlc_multiclass_roc_auc_ovo(m, MLC_MC_MACRO, &def, &v, &st) == MLC_OK && def);
	/* argmax confusion: row 1 (0.2, 0.3, 0.5) → 2; row 2 (thirds) → 0 */
	c = mlc_multiclass_confusion(m, &st);
	CHECK(c != NULL && c->k == 3);
	mlc_confusion_free(c);
	mlc_multiclass_free(m);
	/* empty summary: everything undefined */
	m = mlc_multiclass_new();
	CHECK(!mlc_multiclass_log_loss(m, &v));
	CHECK(!mlc_multiclass_brier(m, &v));
	CHECK(mlc_multiclass_roc_auc_ovr(m, MLC_MC_MACRO, &def, &v, &st) == MLC_OK && !def);
	mlc_multiclass_free(m);
}

UNIT_TEST(multiclass_weight_scale_invariance)
{
	mlc_multiclass *a = mlc_multiclass_new(),
			   *b = mlc_multiclass_new();
	mlc_status	st;
	size_t		i;
	bool		d1,
				d2;
	double		v1,
				v2;

	mlc_status_init(&st);
	for (i = 0; i < 40; i++)
	{
		mlc_multiclass_add(a, mc_p + 4 * i, 4, mc_y[i], mc_w[i], false, &st);
		mlc_multiclass_add(b, mc_p + 4 * i, 4, mc_y[i], mc_w[i] * 1e-200, false, &st);
	}
	mlc_multiclass_roc_auc_ovr(a, MLC_MC_WEIGHTED, &d1, &v1, &st);
	mlc_multiclass_roc_auc_ovr(b, MLC_MC_WEIGHTED, &d2, &v2, &st);
	CHECK(d1 && d2);
	CHECK_NEAR(v2, v1, 1e-12);
	CHECK(mlc_multiclass_log_loss(a, &v1) && mlc_multiclass_log_loss(b, &v2));
	CHECK_NEAR(v2, v1, 1e-12);
	CHECK(mlc_multiclass_brier(a, &v1) && mlc_multiclass_brier(b, &v2));
	CHECK_NEAR(v2, v1, 1e-12);
	mlc_multiclass_free(a);
	mlc_multiclass_free(b);
}

/*
 * Canonical parts merged (a parallel plan's, the shards'): the canonical
 * form of the union is the same bytes as canonicalizing all rows at once;
 * a part that claims to be canonical but is not is sorted all the same.
 */
UNIT_TEST(multiclass_canonical_parts_merge)
{
	size_t		cuts[][3] = {{0, 13, 40}, {0, 1, 40}, {0, 39, 40}, {0, 20, 40}};
	int			c,
				weighted;

	for (weighted = 0; weighted < 2; weighted++)
		for (c = 0; c < 4; c++)
		{
			mlc_status	st;
			mlc_multiclass *all = build(weighted, 0, 40),
					   *a = build(weighted, cuts[c][0], cuts[c][1]),
					   *b = build(weighted, cuts[c][1], cuts[c][2]),
					   *m = mlc_multiclass_new(),
					   *ra,
					   *rb;
			mlc_buf		ba,
						bb,
						ball,
						bm;

			mlc_status_init(&st);
			mlc_buf_init(&ba, 64);
			mlc_buf_init(&bb, 64);
			mlc_buf_init(&ball, 64);
			mlc_buf_init(&bm, 64);
			CHECK(mlc_multiclass_write(a, &ba, &st) == MLC_OK);
			CHECK(mlc_multiclass_write(b, &bb, &st) == MLC_OK);
			ra = mlc_multiclass_read(ba.data, ba.len, &st);
			rb = mlc_multiclass_read(bb.data, bb.len, &st);
			CHECK(ra != NULL && rb != NULL);
			if (ra && rb)
			{
				CHECK(mlc_multiclass_merge(m, rb, &st) == MLC_OK);
				CHECK(mlc_multiclass_merge(m, ra, &st) == MLC_OK);
				CHECK(m->runs == 2);
				CHECK(mlc_multiclass_write(m, &bm, &st) == MLC_OK);
				CHECK(mlc_multiclass_write(all, &ball, &st) == MLC_OK);
				CHECK(bm.len == ball.len && memcmp(bm.data, ball.data, ball.len) == 0);
				/* a claimed run out of order: the rows of `all` reversed */
				{
					mlc_multiclass *rev = mlc_multiclass_new();
					size_t		i;
					mlc_buf		br;

					for (i = 40; i-- > 0;)
						mlc_multiclass_add(rev, mc_p + 4 * i, 4, mc_y[i], weighted ? mc_w[i] : 1, false, &st);
					rev->runs = 1;
					rev->run[0] = rev->n;
					mlc_buf_init(&br, 64);
					CHECK(mlc_multiclass_write(rev, &br, &st) == MLC_OK);
					CHECK(br.len == ball.len && memcmp(br.data, ball.data, ball.len) == 0);
					mlc_buf_free(&br);
					mlc_multiclass_free(rev);
				}
			}
			mlc_multiclass_free(ra);
			mlc_multiclass_free(rb);
			mlc_multiclass_free(a);
			mlc_multiclass_free(b);
			mlc_multiclass_free(all);
			mlc_multiclass_free(m);
			mlc_buf_free(&ba);
			mlc_buf_free(&bb);
			mlc_buf_free(&ball);
			mlc_buf_free(&bm);
		}
}

/* the binary form of m in a new buffer */
static mlc_buf
bytes_of(mlc_multiclass *m)
{
	mlc_status	st;
	mlc_buf		b;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	if (mlc_multiclass_write(m, &b, &st) != MLC_OK)
		fprintf(stderr, "  write failed: %s\n", st.msg);
	return b;
}

static bool
same_bytes(const mlc_buf *a, const mlc_buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/*
 * read_merge (a worker's state decoded straight into the leader's) holds
 * the same rows as read-then-merge, and both write the canonical bytes of
 * all rows, whatever the split and the weighting of each side.
 */
UNIT_TEST(multiclass_read_merge_matches_read_then_merge)
{
	size_t		cuts[] = {0, 1, 13, 39, 40};
	size_t		wfrom[] = {0, 20, 40};
	int			c,
				w;

	for (w = 0; w < 3; w++)
		for (c = 0; c < 5; c++)
		{
			mlc_status	st;
			mlc_multiclass *all = build_mixed(0, 40, wfrom[w]),
					   *a = build_mixed(0, cuts[c], wfrom[w]),
					   *b = build_mixed(cuts[c], 40, wfrom[w]),
					   *direct = mlc_multiclass_new(),
					   *ref = mlc_multiclass_new(),
					   *ra,
					   *rb;
			mlc_buf		ba,
						bb,
						ball,
						bd,
						br;

			mlc_status_init(&st);
			a->n_null = 3;
			b->n_null = 4;
			all->n_null = 7;
			ba = bytes_of(a);
			bb = bytes_of(b);
			ball = bytes_of(all);
			/* the two parts in either order */
			CHECK(mlc_multiclass_read_merge(direct, bb.data, bb.len, &st) == MLC_OK);
			CHECK(mlc_multiclass_read_merge(direct, ba.data, ba.len, &st) == MLC_OK);
			ra = mlc_multiclass_read(ba.data, ba.len, &st);
			rb = mlc_multiclass_read(bb.data, bb.len, &st);
			CHECK(ra && rb && mlc_multiclass_merge(ref, rb, &st) == MLC_OK &&
				  mlc_multiclass_merge(ref, ra, &st) == MLC_OK);
			CHECK(mlc_multiclass_equal(direct, ref));
			CHECK(direct->runs == (cuts[c] > 0 && cuts[c] < 40 ? 2 : 1));
			bd = bytes_of(direct);
			br = bytes_of(ref);
			CHECK(same_bytes(&bd, &ball) && same_bytes(&br, &ball));
			mlc_multiclass_free(ra);
			mlc_multiclass_free(rb);
			mlc_multiclass_free(a);
			mlc_multiclass_free(b);
			mlc_multiclass_free(all);
			mlc_multiclass_free(direct);
			mlc_multiclass_free(ref);
			mlc_buf_free(&ba);
			mlc_buf_free(&bb);
			mlc_buf_free(&ball);
			mlc_buf_free(&bd);
			mlc_buf_free(&br);
		}
}

/* bad input to read_merge: the error of read-then-merge, dst unchanged */
UNIT_TEST(multiclass_read_merge_rejects_and_keeps_dst)
{
	mlc_status	st;
	mlc_multiclass *dst = build(false, 0, 10),
			   *src = build(true, 10, 20),
			   *three = mlc_multiclass_new(),
			   *empty = mlc_multiclass_new();
	const double p3[] = {0.2, 0.3, 0.5};
	mlc_buf		before,
				good,
				bad3,
				after;
	char	   *corrupt;
	size_t		n = 10,
				off_p;

	mlc_status_init(&st);
	src->n_null = 1;
	before = bytes_of(dst);
	good = bytes_of(src);
	corrupt = malloc(good.len);
	CHECK(corrupt != NULL);
	if (corrupt == NULL)
		return;
	/* a probability of the last row set to 2.0 (0x4000000000000000) */
	off_p = 22 + n * 4 + (n * 4 - 1) * 8;
	memcpy(corrupt, good.data, good.len);
	memset(corrupt + off_p, 0, 8);
	corrupt[off_p] = 0x40;
	CHECK(mlc_multiclass_read_merge(dst, corrupt, good.len, &st) == MLC_ESYNTAX);
	CHECK(strstr(st.msg, "probability outside") != NULL);
	/* a weight of the first row made negative */
	memcpy(corrupt, good.data, good.len);
	corrupt[22 + n * 4 + n * 4 * 8] |= (char) 0x80;
	mlc_status_init(&st);
	CHECK(mlc_multiclass_read_merge(empty, corrupt, good.len, &st) == MLC_ESYNTAX);
	CHECK(strstr(st.msg, "weight") != NULL);
	CHECK(empty->n == 0 && empty->k == 0 && !empty->weighted);
	/* truncated, trailing */
	CHECK(mlc_multiclass_read_merge(dst, good.data, good.len - 1, &st) == MLC_ESYNTAX);
	CHECK(mlc_multiclass_read_merge(empty, good.data, 21, &st) == MLC_ESYNTAX);
	CHECK(empty->n == 0 && empty->k == 0);
	/* another number of classes */
	mlc_multiclass_add(three, p3, 3, 1, 1, false, &st);
	bad3 = bytes_of(three);
	mlc_status_init(&st);
	CHECK(mlc_multiclass_read_merge(dst, bad3.data, bad3.len, &st) == MLC_EBADARG);
	/* the count of NULL rows would overflow */
	dst->n_null = INT64_MAX;
	mlc_status_init(&st);
	CHECK(mlc_multiclass_read_merge(dst, good.data, good.len, &st) == MLC_ERANGE);
	dst->n_null = 0;
	{
		/* ... and decoded in place (both sides weighted) */
		mlc_multiclass *dw = build(true, 0, 10);

		dw->n_null = INT64_MAX;
		mlc_status_init(&st);
		CHECK(mlc_multiclass_read_merge(dw, good.data, good.len, &st) == MLC_ERANGE);
		CHECK(dw->n == 10 && dw->n_null == INT64_MAX);
		mlc_multiclass_free(dw);
	}
	after = bytes_of(dst);
	CHECK(dst->n == 10 && !dst->weighted && same_bytes(&before, &after));
	/* and a good one still goes in */
	mlc_status_init(&st);
	CHECK(mlc_multiclass_read_merge(dst, good.data, good.len, &st) == MLC_OK);
	CHECK(dst->n == 20 && dst->weighted);
	free(corrupt);
	mlc_buf_free(&before);
	mlc_buf_free(&good);
	mlc_buf_free(&bad3);
	mlc_buf_free(&after);
	mlc_multiclass_free(dst);
	mlc_multiclass_free(src);
	mlc_multiclass_free(three);
	mlc_multiclass_free(empty);
}

/*
 * Runs: rows added after canonical ones, more parts than runs are kept,
 * unsorted parts next to sorted ones — the same canonical bytes.
 */
UNIT_TEST(multiclass_runs_any_mix_same_bytes)
{
	mlc_status	st;
	mlc_multiclass *all = build(true, 0, 40),
			   *m = build(true, 0, 20),
			   *many = mlc_multiclass_new(),
			   *mixed = build(true, 0, 15);
	mlc_buf		ball = bytes_of(all),
				b;
	size_t		i;

	mlc_status_init(&st);
	/* canonical rows, then rows added one by one */
	CHECK(mlc_multiclass_canonicalize(m, &st) == MLC_OK);
	for (i = 20; i < 40; i++)
		mlc_multiclass_add(m, mc_p + 4 * i, 4, mc_y[i], mc_w[i], false, &st);
	CHECK(m->runs == 2 && m->run[0] == 20 && m->run[1] == 40);
	b = bytes_of(m);
	CHECK(same_bytes(&b, &ball));
	mlc_buf_free(&b);
	/* 40 one-row parts, read in reverse: more runs than are kept */
	for (i = 40; i-- > 0;)
	{
		mlc_multiclass *one = build(true, i, i + 1);
		mlc_buf		bo = bytes_of(one);

		CHECK(mlc_multiclass_read_merge(many, bo.data, bo.len, &st) == MLC_OK);
		mlc_buf_free(&bo);
		mlc_multiclass_free(one);
	}
	CHECK(many->runs == MLC_MULTICLASS_MAX_RUNS && many->run[many->runs - 1] == 40);
	b = bytes_of(many);
	CHECK(same_bytes(&b, &ball));
	mlc_buf_free(&b);
	/* an unsorted part (rows as added), then a sorted one, then rows added */
	{
		mlc_multiclass *part = build(true, 15, 30);
		mlc_buf		bp = bytes_of(part);

		CHECK(mlc_multiclass_read_merge(mixed, bp.data, bp.len, &st) == MLC_OK);
		for (i = 30; i < 40; i++)
			mlc_multiclass_add(mixed, mc_p + 4 * i, 4, mc_y[i], mc_w[i], false, &st);
		CHECK(mixed->runs == 3);
		b = bytes_of(mixed);
		CHECK(same_bytes(&b, &ball));
		/* writing twice: the same bytes (nothing was moved) */
		mlc_buf_free(&b);
		b = bytes_of(mixed);
		CHECK(same_bytes(&b, &ball));
		mlc_buf_free(&b);
		CHECK(mlc_multiclass_canonicalize(mixed, &st) == MLC_OK);
		b = bytes_of(mixed);
		CHECK(same_bytes(&b, &ball) && mlc_multiclass_equal(mixed, all) == false);
		mlc_buf_free(&b);
		mlc_buf_free(&bp);
		mlc_multiclass_free(part);
	}
	mlc_buf_free(&ball);
	mlc_multiclass_free(all);
	mlc_multiclass_free(m);
	mlc_multiclass_free(many);
	mlc_multiclass_free(mixed);
}

/*
 * Rows built so that every one has the same canonical-order hash: the
 * weight, the last value the hash takes in, is solved for from the rest
 * of the row (the hash's mixing steps are invertible).  They are ordered
 * by their contents, whatever order they arrive in; such a group is
 * heap-sorted, where an insertion sort took about n^2/4 comparisons,
 * uninterruptibly (1e8 at this size).  The mixing mirrors the one of
 * src/core/mlc_multiclass.c.
 */
#define MIX_C0 UINT64_C(0x9e3779b97f4a7c15)
#define MIX_C1 UINT64_C(0xbf58476d1ce4e5b9)
#define MIX_C2 UINT64_C(0x94d049bb133111eb)

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + MIX_C0 + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= MIX_C1;
	h ^= h >> 27;
	h *= MIX_C2;
	h ^= h >> 31;
	return h;
}

static uint64_t
odd_inverse(uint64_t c)
{
	uint64_t	y = c;
	int			i;

	for (i = 0; i < 6; i++)
		y *= 2 - c * y;
	return y;
}

/* the v with mix(h, v) == target */
static uint64_t
unmix(uint64_t h, uint64_t target)
{
	uint64_t	x = target;

	x ^= (x >> 31) ^ (x >> 62);
	x *= odd_inverse(MIX_C2);
	x ^= (x >> 27) ^ (x >> 54);
	x *= odd_inverse(MIX_C1);
	x ^= (x >> 30) ^ (x >> 60);
	return (x ^ h) - MIX_C0 - (h << 6) - (h >> 2);
}

static uint64_t
hash_before_weight(const double *p, int32_t y)
{
	uint64_t	h = mix(0, (uint64_t) (uint32_t) y);
	int			c;

	for (c = 0; c < 3; c++)
		h = mix(h, mlc_f64_key(p[c]));
	return h;
}

UNIT_TEST(multiclass_colliding_rows_canonical)
{
	enum
	{
		N = 20000
	};
	static double p[N][3],
				w[N];
	double		p0[3] = {0.2, 0.3, 0.5};
	uint64_t	target = mix(hash_before_weight(p0, 1), mlc_f64_key(1.0));
	mlc_multiclass *fwd = mlc_multiclass_new(),
			   *rev = mlc_multiclass_new(),
			   *back;
	mlc_status	st;
	mlc_buf		bf,
				br;
	size_t		i,
				made = 0,
				tries = 0;

	mlc_status_init(&st);
	while (made < N && tries < 8 * (size_t) N)
	{
		double		q[3] = {0.2 + 1e-12 * (double) tries, 0.3, 0.5};
		uint64_t	h = hash_before_weight(q, 1);
		double		wt = mlc_key_f64(unmix(h, target));

		tries++;
		if (!(wt >= 0 && wt < 1e300))
			continue;
		CHECK(mix(h, mlc_f64_key(wt)) == target);
		memcpy(p[made], q, sizeof(q));
		w[made++] = wt;
	}
	CHECK(made == N);
	for (i = 0; i < made; i++)
		CHECK(mlc_multiclass_add(fwd, p[i], 3, 1, w[i], false, &st) == MLC_OK);
	for (i = made; i-- > 0;)
		CHECK(mlc_multiclass_add(rev, p[i], 3, 1, w[i], false, &st) == MLC_OK);
	bf = bytes_of(fwd);
	br = bytes_of(rev);
	CHECK(same_bytes(&bf, &br));
	back = mlc_multiclass_read(bf.data, bf.len, &st);
	CHECK(back != NULL);
	if (back != NULL)
	{
		CHECK(back->n == made);
		/* one hash, so the order is the contents': p_0 ascending */
		for (i = 1; i < back->n; i++)
			CHECK(back->p[3 * i] > back->p[3 * (i - 1)]);
		mlc_multiclass_free(back);
	}
	mlc_buf_free(&bf);
	mlc_buf_free(&br);
	mlc_multiclass_free(fwd);
	mlc_multiclass_free(rev);
}
