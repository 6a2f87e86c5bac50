/* test_calibration.c — calibration core: sklearn bin rule, metrics,
 * Hosmer–Lemeshow, merge, codec, JSON and the text diagram. */
#include "unit.h"
#include "mlc_calibration.h"
#include "mlc_stats.h"

#include <stdlib.h>

/* np.searchsorted(np.linspace(0, 1, n + 1)[1:-1], p) written out literally */
static int32_t
searchsorted_ref(int32_t n, double p)
{
	double		step = 1.0 / n;
	int32_t		i,
				k = 0;

	for (i = 1; i < n; i++)
		if ((double) i * step < p)
			k++;
	return k;
}

static mlc_calibration *
build(int32_t bins, const double *p, const int *y, const double *w, int n)
{
	mlc_status	st;
	mlc_calibration *c = mlc_calibration_new(bins, &st);
	int			i;

	for (i = 0; i < n; i++)
		mlc_calibration_add(c, p[i], y[i], w ? w[i] : 1.0);
	return c;
}

UNIT_TEST(calibration_bin_rule_matches_searchsorted)
{
	mlc_status	st;
	int32_t		n;
	unsigned	seed = 12345;

	for (n = 1; n <= 257; n += (n < 40 ? 1 : 17))
	{
		mlc_calibration *c = mlc_calibration_new(n, &st);
		int32_t		i;
		int			k;

		for (i = 0; i <= n; i++)
		{
			double		e = mlc_calibration_edge(c, i);
			double		around[3] = {e, nextafter(e, 0), nextafter(e, 2)};

			for (k = 0; k < 3; k++)
				if (around[k] >= 0 && around[k] <= 1)
					CHECK(mlc_calibration_bin_of(c, around[k]) == searchsorted_ref(n, around[k]));
			/* k/n computed as a division may differ from k * (1/n) */
			if (i < n)
				CHECK(mlc_calibration_bin_of(c, (double) i / n) == searchsorted_ref(n, (double) i / n));
		}
		for (k = 0; k < 2000; k++)
		{
			double		p;

			seed = seed * 1103515245u + 12345u;
			p = (seed >> 8) / 16777216.0;
			CHECK(mlc_calibration_bin_of(c, p) == searchsorted_ref(n, p));
		}
		mlc_calibration_free(c);
	}
}

UNIT_TEST(calibration_bin_edges_examples)
{
	mlc_status	st;
	mlc_calibration *c = mlc_calibration_new(10, &st);

	/* linspace(0, 1, 11)[3] is 0.30000000000000004: 0.3 stays in bin 2 */
	CHECK(mlc_calibration_edge(c, 3) == 0.30000000000000004);
	CHECK(mlc_calibration_bin_of(c, 0.0) == 0);
	CHECK(mlc_calibration_bin_of(c, 0.1) == 0);
	CHECK(mlc_calibration_bin_of(c, nextafter(0.1, 1)) == 1);
	CHECK(mlc_calibration_bin_of(c, 0.3) == 2);
	CHECK(mlc_calibration_bin_of(c, 0.30000000000000004) == 2);
	CHECK(mlc_calibration_bin_of(c, 0.5) == 4);
	CHECK(mlc_calibration_bin_of(c, 0.9) == 8);
	CHECK(mlc_calibration_bin_of(c, 1.0) == 9);
	mlc_calibration_free(c);
}

UNIT_TEST(calibration_metrics_by_hand)
{
	double		p[] = {0.2, 0.4, 0.6, 0.8};
	int			y[] = {0, 1, 1, 1};
	mlc_calibration *c = build(2, p, y, NULL, 4);
	mlc_calibration_bin b[2];
	mlc_hosmer_lemeshow hl;
	double		v;

	CHECK(mlc_calibration_ece(c, &v));
	CHECK_NEAR(v, 0.25, 1e-15);
	CHECK(mlc_calibration_mce(c, &v));
	CHECK_NEAR(v, 0.3, 1e-15);
	CHECK(mlc_calibration_brier(c, &v));
	CHECK_NEAR(v, 0.15, 1e-15);
	CHECK(mlc_calibration_bins(c, b) == 2);
	CHECK(b[0].bin == 0 && b[0].lower == 0 && b[0].upper == 0.5 && b[0].count == 2);
	CHECK_NEAR(b[0].mean_predicted, 0.3, 1e-15);
	CHECK_NEAR(b[0].fraction_positive, 0.5, 1e-15);
	CHECK(b[1].bin == 1 && b[1].lower == 0.5 && b[1].upper == 1);
	CHECK_NEAR(b[1].mean_predicted, 0.7, 1e-15);
	CHECK_NEAR(b[1].fraction_positive, 1.0, 1e-15);
	mlc_calibration_hosmer_lemeshow(c, &hl);
	CHECK(hl.groups == 2 && hl.has_statistic && !hl.has_df);
	CHECK_NEAR(hl.statistic, 0.16 / 0.6 + 0.16 / 1.4 + 0.36 / 1.4 + 0.36 / 0.6, 1e-14);
	mlc_calibration_free(c);
}

UNIT_TEST(calibration_weights_and_empty)
{
	double		p[] = {0.05, 0.95, 0.95, 0.5};
	int			y[] = {0, 1, 0, 1};
	double		w[] = {2.0, 3.0, 1.0, 0.0};
	mlc_calibration *c = build(10, p, y, w, 4);
	mlc_calibration_bin b[10];
	mlc_status	st;
	mlc_calibration *e = mlc_calibration_new(10, &st);
	mlc_hosmer_lemeshow hl;
	double		v;

	/* the zero-weight row leaves its bin empty */
	CHECK(mlc_calibration_bins(c, b) == 2);
	CHECK(b[1].bin == 9 && b[1].count == 4);
	CHECK_NEAR(b[1].fraction_positive, 0.75, 1e-15);
	CHECK(mlc_calibration_brier(c, &v));
	CHECK_NEAR(v, (2 * 0.0025 + 3 * 0.0025 + 1 * 0.9025) / 6, 1e-15);
	CHECK(!mlc_calibration_ece(e, &v));
	CHECK(!mlc_calibration_mce(e, &v));
	CHECK(!mlc_calibration_brier(e, &v));
	mlc_calibration_hosmer_lemeshow(e, &hl);
	CHECK(hl.groups == 0 && !hl.has_statistic && !hl.has_df);
	mlc_calibration_free(c);
	mlc_calibration_free(e);
}

UNIT_TEST(calibration_hosmer_lemeshow_pvalue)
{
	mlc_status	st;
	mlc_calibration *c = mlc_calibration_new(10, &st);
	mlc_hosmer_lemeshow hl;
	double		stat = 0;
	int			i,
				b;
	unsigned	seed = 7;

	for (i = 0; i < 5000; i++)
	{
		double		p,
					u;

		seed = seed * 1103515245u + 12345u;
		p = (seed >> 8) / 16777216.0;
		seed = seed * 1103515245u + 12345u;
		u = (seed >> 8) / 16777216.0;
		mlc_calibration_add(c, p, u < p * 0.9 ? 1 : 0, 1.0);
	}
	for (b = 0; b < 10; b++)
	{
		double		n = c->count[b],
					o = c->sum_pos[b],
					e = c->sum_pred[b];

		stat += (o - e) * (o - e) / e + (o - e) * (o - e) / (n - e);
	}
	mlc_calibration_hosmer_lemeshow(c, &hl);
	CHECK(hl.groups == 10 && hl.has_df && hl.df == 8);
	CHECK_NEAR(hl.statistic, stat, 1e-12);
	CHECK(hl.p_value == mlc_stats_chi2_sf(hl.statistic, 8));
	CHECK(hl.p_value >= 0 && hl.p_value <= 1);
	/* a bin predicting 0 that sees a positive: statistic +Inf, p-value 0 */
	mlc_calibration_add(c, 0.0, 1, 1.0);
	c->sum_pred[0] = 0;
	for (b = 0; b < 10; b++)
		c->count[b] = b == 0 ? 1 : c->count[b];
	c->sum_pos[0] = 1;
	mlc_calibration_hosmer_lemeshow(c, &hl);
	CHECK(isinf(hl.statistic) && hl.p_value == 0);
	mlc_calibration_free(c);
}

UNIT_TEST(calibration_merge)
{
	double		p[] = {0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 0.33};
	int			y[] = {0, 0, 1, 0, 1, 1, 1};
	mlc_calibration *all = build(5, p, y, NULL, 7);
	mlc_calibration *a = build(5, p, y, NULL, 3);
	mlc_calibration *b = build(5, p + 3, y + 3, NULL, 4);
	mlc_calibration *other = build(7, p, y, NULL, 7);
	mlc_status	st;

	a->n_null = 2;
	all->n_null = 2;
	CHECK(mlc_calibration_merge(a, b, &st) == MLC_OK);
	CHECK(mlc_calibration_equal(a, all));
	mlc_status_init(&st);
	CHECK(mlc_calibration_merge(a, other, &st) == MLC_EBADARG);
	CHECK(strstr(st.msg, "7 bins") != NULL && st.hint[0] != '\0');
	mlc_calibration_free(all);
	mlc_calibration_free(a);
	mlc_calibration_free(b);
	mlc_calibration_free(other);
}

UNIT_TEST(calibration_codec_and_json)
{
	double		p[] = {0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 0.33};
	int			y[] = {0, 0, 1, 0, 1, 1, 1};
	double		w[] = {1, 0.5, 2, 3, 1e-3, 7, 1};
	mlc_calibration *c = build(4, p, y, w, 7);
	mlc_calibration *back;
	mlc_buf		b,
				j1,
				j2;
	mlc_status	st;
	size_t		cut;

	c->n_null = 3;
	mlc_buf_init(&b, 16);
	CHECK(mlc_calibration_write(c, &b, &st) == MLC_OK);
	back = mlc_calibration_read(b.data, b.len, &st);
	CHECK(back && mlc_calibration_equal(c, back));
	mlc_calibration_free(back);
	for (cut = 0; cut < b.len; cut++)
	{
		mlc_status_init(&st);
		back = mlc_calibration_read(b.data, cut, &st);
		CHECK(back == NULL && st.code == MLC_ESYNTAX);
	}
	mlc_buf_putc(&b, 0);
	CHECK(mlc_calibration_read(b.data, b.len, &st) == NULL);
	mlc_buf_free(&b);

	mlc_buf_init(&j1, 16);
	mlc_buf_init(&j2, 16);
	CHECK(mlc_calibration_to_json(c, &j1, &st) == MLC_OK);
	back = mlc_calibration_from_json(j1.data, j1.len, &st);
	CHECK(back != NULL);
	if (back)
	{
		CHECK(mlc_calibration_equal(c, back));
		CHECK(mlc_calibration_to_json(back, &j2, &st) == MLC_OK);
		CHECK_STR(mlc_buf_cstring(&j2), mlc_buf_cstring(&j1));
	}
	mlc_calibration_free(back);
	mlc_buf_free(&j1);
	mlc_buf_free(&j2);

	{
		mlc_calibration *s = build(2, p, y, NULL, 2);

		mlc_buf_init(&j1, 16);
		mlc_calibration_to_json(s, &j1, &st);
		CHECK_STR(mlc_buf_cstring(&j1),
				  "{\"n_bins\": 2, \"count\": [2, 0], \"sum_predicted\": [0.1, 0], "
				  "\"sum_positive\": [0, 0], \"sum_squared_error\": 0.010000000000000002, \"n_null\": 0}");
		mlc_buf_free(&j1);
		mlc_calibration_free(s);
	}
	mlc_calibration_free(c);
}

UNIT_TEST(calibration_json_rejects)
{
	const char *bad[] = {
		"",
		"[]",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0]}",
		"{\"n_bins\": 0, \"count\": [], \"sum_predicted\": [], \"sum_positive\": [], \"sum_squared_error\": 0}",
		"{\"n_bins\": 10001, \"count\": [], \"sum_predicted\": [], \"sum_positive\": [], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2.5, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2, \"count\": [1], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [1.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [2, 0], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2, \"count\": [-1, 0], \"sum_predicted\": [0, 0], \"sum_positive\": [0, 0], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": -1}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": \"NaN\"}",
		"{\"n_bins\": 2, \"count\": [\"Infinity\", 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0, \"n_null\": -1}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0, \"extra\": 1}",
		"{\"n_bins\": 2, \"count\": [1, 0], \"sum_predicted\": [0.5, 0], \"sum_positive\": [1, 0], \"sum_squared_error\": 0} x",
	};
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		mlc_status	st;
		mlc_calibration *c;

		mlc_status_init(&st);
		c = mlc_calibration_from_json(bad[i], strlen(bad[i]), &st);
		if (c != NULL || st.code != MLC_ESYNTAX)
		{
			fprintf(stderr, "  accepted or wrong code for: %s\n", bad[i]);
			*unit_failed_ = 1;
		}
		mlc_calibration_free(c);
	}
}

UNIT_TEST(calibration_checks_and_limits)
{
	mlc_status	st;

	CHECK(mlc_calibration_check_prob(0.0, &st) == MLC_OK);
	CHECK(mlc_calibration_check_prob(1.0, &st) == MLC_OK);
	CHECK(mlc_calibration_check_prob(NAN, &st) == MLC_EBADARG);
	CHECK(mlc_calibration_check_prob(1.5, &st) == MLC_ERANGE);
	CHECK(strstr(st.msg, "1.5") != NULL);
	CHECK(mlc_calibration_check_prob(-0.1, &st) == MLC_ERANGE);
	CHECK(mlc_calibration_check_prob(INFINITY, &st) == MLC_ERANGE);
	CHECK(mlc_calibration_new(0, &st) == NULL && st.code == MLC_EBADARG);
	CHECK(mlc_calibration_new(10001, &st) == NULL && st.code == MLC_EBADARG);
}

UNIT_TEST(calibration_plot)
{
	double		p[] = {0.05, 0.15, 0.95, 0.9};
	int			y[] = {0, 1, 1, 1};
	mlc_calibration *c = build(4, p, y, NULL, 4);
	mlc_status	st;
	mlc_buf		b;
	const char *s;

	mlc_buf_init(&b, 16);
	CHECK(mlc_calibration_plot(c, false, &b, &st) == MLC_OK);
	s = mlc_buf_cstring(&b);
	CHECK(strstr(s, "reliability diagram: 4 bins, n = 4") == s);
	/* bin 0: predicted 0.1 observed 0.5 -> 20 '#' with '|' at column 4 */
	CHECK(strstr(s, "   0  0.00-0.25      2     0.1000    0.5000  ####|###############") != NULL);
	/* bin 1 empty */
	CHECK(strstr(s, "   1  0.25-0.50      0          -         -") != NULL);
	/* bin 3: predicted 0.925 observed 1 -> marker at column 37 inside the bar */
	CHECK(strstr(s, "0.9250    1.0000  #####################################|##\n") == NULL);
	CHECK(strstr(s, "0.9250    1.0000  #####################################|##") != NULL);
	mlc_buf_free(&b);
	mlc_buf_init(&b, 16);
	CHECK(mlc_calibration_plot(c, true, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "\u2588\u2588\u2588\u2588\u2503\u2588") != NULL);
	mlc_buf_free(&b);
	mlc_calibration_free(c);
}
