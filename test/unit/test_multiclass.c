/*
 * test_multiclass.c — the multiclass summary: metrics against values
 * computed by scikit-learn 1.2.1 on the same rows (ties included), codec
 * round trips, merge order, validation.
 */
#include "unit.h"

#include "mlc_confusion.h"
#include "mlc_multiclass.h"

/* 40 rows, 4 classes, probabilities with ties (numpy default_rng(7)) */
static const double mc_p[] = {0.28125, 0.21875, 0.21875, 0.28125, 0.20833333333333334, 0.2916666666666667, 0.375, 0.125, 0.0625, 0.1875, 0.1875, 0.5625, 0.375, 0.041666666666666664, 0.20833333333333334, 0.375, 0.07142857142857142, 0.5, 0.07142857142857142, 0.35714285714285715, 0.5, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.2916666666666667, 0.125, 0.375, 0.20833333333333334, 0.25, 0.25, 0.25, 0.25, 0.16666666666666666, 0.3, 0.3, 0.23333333333333334, 0.2692307692307692, 0.2692307692307692, 0.11538461538461539, 0.34615384615384615, 0.2777777777777778, 0.16666666666666666, 0.5, 0.05555555555555555, 0.5, 0.3888888888888889, 0.05555555555555555, 0.05555555555555555, 0.4166666666666667, 0.08333333333333333, 0.08333333333333333, 0.4166666666666667, 0.28125, 0.15625, 0.28125, 0.28125, 0.34615384615384615, 0.2692307692307692, 0.19230769230769232, 0.19230769230769232, 0.21428571428571427, 0.35714285714285715, 0.21428571428571427, 0.21428571428571427, 0.75, 0.08333333333333333, 0.08333333333333333, 0.08333333333333333, 0.32142857142857145, 0.25, 0.32142857142857145, 0.10714285714285714, 0.4375, 0.1875, 0.3125, 0.0625, 0.2916666666666667, 0.375, 0.2916666666666667, 0.041666666666666664, 0.19230769230769232, 0.11538461538461539, 0.34615384615384615, 0.34615384615384615, 0.041666666666666664, 0.20833333333333334, 0.375, 0.375, 0.3181818181818182, 0.3181818181818182, 0.045454545454545456, 0.3181818181818182, 0.35714285714285715, 0.07142857142857142, 0.21428571428571427, 0.35714285714285715, 0.25, 0.17857142857142858, 0.25, 0.32142857142857145, 0.3181818181818182, 0.13636363636363635, 0.3181818181818182, 0.22727272727272727, 0.08333333333333333, 0.08333333333333333, 0.5833333333333334, 0.25, 0.4166666666666667, 0.25, 0.25, 0.08333333333333333, 0.15, 0.45, 0.25, 0.15, 0.22727272727272727, 0.4090909090909091, 0.13636363636363635, 0.22727272727272727, 0.20833333333333334, 0.2916666666666667, 0.20833333333333334, 0.2916666666666667, 0.22727272727272727, 
0.3181818181818182, 0.4090909090909091, 0.045454545454545456, 0.3125, 0.3125, 0.1875, 0.1875, 0.0625, 0.3125, 0.5625, 0.0625, 0.19230769230769232, 0.34615384615384615, 0.34615384615384615, 0.11538461538461539, 0.08333333333333333, 0.5833333333333334, 0.08333333333333333, 0.25, 0.22727272727272727, 0.4090909090909091, 0.045454545454545456, 0.3181818181818182, 0.20833333333333334, 0.041666666666666664, 0.375, 0.375, 0.16666666666666666, 0.3, 0.23333333333333334, 0.3, 0.5, 0.2777777777777778, 0.16666666666666666, 0.05555555555555555};
static const int mc_y[] = {2, 0, 3, 3, 0, 2, 0, 0, 1, 3, 3, 2, 2, 2, 0, 1, 3, 1, 0, 0, 2, 0, 3, 3, 2, 1, 3, 2, 1, 1, 1, 3, 0, 0, 2, 1, 3, 0, 3, 0};
static const double mc_w[] = {2.0, 3.0, 1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 2.0, 3.0, 3.0, 2.0, 1.0, 2.0, 1.0, 3.0, 3.0, 2.0, 3.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 1.0, 2.0, 3.0, 1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 2.0, 1.0, 3.0, 2.0, 3.0, 3.0};

static mlc_multiclass *
build(bool weighted, size_t from, size_t to)
{
	mlc_status	st;
	mlc_multiclass *m = mlc_multiclass_new();
	size_t		i;

	mlc_status_init(&st);
	for (i = from; i < to; i++)
		if (mlc_multiclass_add(m, mc_p + 4 * i, 4, mc_y[i], weighted ? mc_w[i] : 1, false, &st) != MLC_OK)
			fprintf(stderr, "  add failed: %s\n", st.msg);
	return m;
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
	back = mlc_multiclass_read(buf.data, buf.len, &st);
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
