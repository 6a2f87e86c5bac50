/* test_regression.c — regression core: metrics, sklearn edge conventions,
 * numerical stability, merge, codec and JSON. */
#include "unit.h"
#include "mlc_regression.h"

#include <stdlib.h>

static mlc_regression *
build(const double *p, const double *a, const double *w, int n)
{
	mlc_regression *r = mlc_regression_new();
	int			i;

	for (i = 0; i < n; i++)
		mlc_regression_add(r, p[i], a[i], w ? w[i] : 1.0);
	return r;
}

static double
metric(const mlc_regression *r, mlc_regression_metric m)
{
	double		v;

	return mlc_regression_metric_value(r, m, &v) ? v : NAN;
}

UNIT_TEST(regression_metrics_by_hand)
{
	/* errors p - a: 1, -2, 0, 3 */
	double		p[] = {3, 0, 5, 10};
	double		a[] = {2, 2, 5, 7};
	mlc_regression *r = build(p, a, NULL, 4);

	CHECK_NEAR(metric(r, MLC_REG_MAE), 1.5, 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_MSE), 3.5, 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_RMSE), sqrt(3.5), 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_MEAN_ERROR), 0.5, 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_MAX_ERROR), 3, 1e-15);
	/* mean a = 4, SST = 4 + 4 + 1 + 9 = 18, SSE = 14 */
	CHECK_NEAR(metric(r, MLC_REG_R2), 1 - 14.0 / 18, 1e-15);
	/* Var(e): mean 0.5, squares 0.25 + 6.25 + 0.25 + 6.25 = 13 */
	CHECK_NEAR(metric(r, MLC_REG_EXPLAINED_VARIANCE), 1 - 13.0 / 18, 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_MAPE), (0.5 + 1 + 0 + 3.0 / 7) / 4, 1e-15);
	mlc_regression_free(r);
}

UNIT_TEST(regression_weights)
{
	double		p[] = {3, 0, 5, 10, 100};
	double		a[] = {2, 2, 5, 7, -100};
	double		w[] = {2, 1, 1, 0.5, 0};
	mlc_regression *r = build(p, a, w, 5);
	double		W = 4.5,
				ma = (4 + 2 + 5 + 3.5) / W,
				sst = 2 * (2 - ma) * (2 - ma) + (2 - ma) * (2 - ma) + (5 - ma) * (5 - ma) +
		0.5 * (7 - ma) * (7 - ma),
				sse = 2 * 1 + 4 + 0 + 0.5 * 9,
				me = (2 - 2 + 0 + 1.5) / W;

	CHECK(r->n == 5);
	CHECK_NEAR(metric(r, MLC_REG_MAE), (2 + 2 + 0 + 1.5) / W, 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_MSE), sse / W, 1e-15);
	CHECK_NEAR(metric(r, MLC_REG_R2), 1 - sse / sst, 1e-14);
	CHECK_NEAR(metric(r, MLC_REG_MEAN_ERROR), me, 1e-15);
	/* the zero-weight row's error of 200 is not the max */
	CHECK(metric(r, MLC_REG_MAX_ERROR) == 3);
	mlc_regression_free(r);
}

UNIT_TEST(regression_sklearn_edge_conventions)
{
	double		c[] = {5, 5, 5};
	double		p_ok[] = {5, 5, 5};
	double		p_bad[] = {5, 6, 5};
	double		shift[] = {6, 6, 6};
	double		z[] = {0, 1};
	double		pz[] = {1e-3, 1};
	mlc_regression *r;

	/* constant actuals: 1.0 when perfect, 0.0 otherwise (force_finite) */
	r = build(p_ok, c, NULL, 3);
	CHECK(metric(r, MLC_REG_R2) == 1.0);
	CHECK(metric(r, MLC_REG_EXPLAINED_VARIANCE) == 1.0);
	mlc_regression_free(r);
	r = build(p_bad, c, NULL, 3);
	CHECK(metric(r, MLC_REG_R2) == 0.0);
	CHECK(metric(r, MLC_REG_EXPLAINED_VARIANCE) == 0.0);
	mlc_regression_free(r);
	/* a constant error explains all the variance but is not a perfect r2 */
	r = build(shift, c, NULL, 3);
	CHECK(metric(r, MLC_REG_EXPLAINED_VARIANCE) == 1.0);
	CHECK(metric(r, MLC_REG_R2) == 0.0);
	mlc_regression_free(r);
	/* r2 needs two rows; explained variance does not */
	r = build(p_bad, c, NULL, 1);
	CHECK(isnan(metric(r, MLC_REG_R2)));
	CHECK(metric(r, MLC_REG_EXPLAINED_VARIANCE) == 1.0);
	mlc_regression_free(r);
	/* MAPE divides by max(|actual|, eps) */
	r = build(pz, z, NULL, 2);
	CHECK_NEAR(metric(r, MLC_REG_MAPE), (1e-3 / 2.220446049250313e-16) / 2, 1e-15);
	mlc_regression_free(r);
	/* nothing, or only zero weights: everything undefined */
	r = mlc_regression_new();
	CHECK(isnan(metric(r, MLC_REG_MAE)) && isnan(metric(r, MLC_REG_R2)) &&
		  isnan(metric(r, MLC_REG_MAX_ERROR)) && isnan(metric(r, MLC_REG_MEAN_ERROR)));
	mlc_regression_add(r, 1, 2, 0.0);
	CHECK(isnan(metric(r, MLC_REG_MSE)) && isnan(metric(r, MLC_REG_EXPLAINED_VARIANCE)));
	mlc_regression_free(r);
}

UNIT_TEST(regression_check_rejects_non_finite)
{
	mlc_status	st;

	CHECK(mlc_regression_check(1, 2, &st) == MLC_OK);
	mlc_status_init(&st);
	CHECK(mlc_regression_check(NAN, 2, &st) == MLC_EBADARG && strstr(st.msg, "NaN"));
	mlc_status_init(&st);
	CHECK(mlc_regression_check(1, -INFINITY, &st) == MLC_EBADARG && strstr(st.msg, "-Infinity"));
	CHECK(mlc_regression_check(INFINITY, 0, &st) == MLC_EBADARG);
}

/*
 * 2 million values around 1e9 with unit-scale variance: the streaming
 * moments must agree with a two-pass long double computation.
 */
UNIT_TEST(regression_stable_around_1e9)
{
	const int	n = 2000000;
	double	   *a = malloc(sizeof(double) * n),
			   *p = malloc(sizeof(double) * n);
	mlc_regression *r = mlc_regression_new(),
			   *parts[7];
	long double sa = 0,
				se = 0,
				sst = 0,
				sse = 0,
				sve = 0,
				ma,
				me;
	uint64_t	x = 88172645463325252ull;
	int			i,
				k;

	for (k = 0; k < 7; k++)
		parts[k] = mlc_regression_new();
	for (i = 0; i < n; i++)
	{
		double		u1,
					u2;

		u1 = unit_uniform(&x);
		u2 = unit_uniform(&x);
		a[i] = 1e9 + (u1 - 0.5) * 3.0;
		p[i] = a[i] + (u2 - 0.5) * 1.5 + 0.25;
		mlc_regression_add(r, p[i], a[i], 1.0);
		mlc_regression_add(parts[i % 7], p[i], a[i], 1.0);
	}
	for (i = 0; i < n; i++)
	{
		sa += a[i];
		se += (long double) (p[i] - a[i]);
	}
	ma = sa / n;
	me = se / n;
	for (i = 0; i < n; i++)
	{
		long double da = a[i] - ma,
					e = p[i] - a[i],
					de = e - me;

		sst += da * da;
		sse += e * e;
		sve += de * de;
	}
	CHECK_NEAR(r->m2_actual / (double) sst, 1.0, 1e-11);
	CHECK_NEAR(metric(r, MLC_REG_R2) / (double) (1 - sse / sst), 1.0, 1e-11);
	CHECK_NEAR(metric(r, MLC_REG_MSE) / (double) (sse / n), 1.0, 1e-12);
	CHECK_NEAR(metric(r, MLC_REG_EXPLAINED_VARIANCE) / (double) (1 - sve / sst), 1.0, 1e-11);
	CHECK_NEAR(metric(r, MLC_REG_MEAN_ERROR) / (double) me, 1.0, 1e-11);
	/* merging seven interleaved segments gives the same summary */
	for (k = 1; k < 7; k++)
		mlc_regression_merge(parts[0], parts[k]);
	CHECK(parts[0]->n == n);
	CHECK_NEAR(parts[0]->m2_actual / r->m2_actual, 1.0, 1e-11);
	CHECK_NEAR(metric(parts[0], MLC_REG_R2) / metric(r, MLC_REG_R2), 1.0, 1e-11);
	CHECK_NEAR(metric(parts[0], MLC_REG_EXPLAINED_VARIANCE) / metric(r, MLC_REG_EXPLAINED_VARIANCE), 1.0, 1e-11);
	CHECK(metric(parts[0], MLC_REG_MAX_ERROR) == metric(r, MLC_REG_MAX_ERROR));
	for (k = 0; k < 7; k++)
		mlc_regression_free(parts[k]);
	mlc_regression_free(r);
	free(a);
	free(p);
}

UNIT_TEST(regression_merge_with_empty_and_zero_weight)
{
	double		p[] = {1, 2, 3, 4};
	double		a[] = {1.5, 2.5, 2, 5};
	mlc_regression *all = build(p, a, NULL, 4);
	mlc_regression *x = mlc_regression_new();
	mlc_regression *y = build(p, a, NULL, 4);

	mlc_regression_add(x, 9, 9, 0.0);
	x->n_null = 2;
	mlc_regression_merge(x, y);
	CHECK(x->n == 5 && x->n_null == 2);
	CHECK(x->weight == all->weight &&
		  mlc_regression_mean_actual(x) == mlc_regression_mean_actual(all) &&
		  x->m2_actual == all->m2_actual);
	{
		mlc_regression *e = mlc_regression_new();

		mlc_regression_merge(y, e);
		mlc_regression_free(e);
	}
	CHECK(mlc_regression_equal(y, all));
	mlc_regression_free(all);
	mlc_regression_free(x);
	mlc_regression_free(y);
}

UNIT_TEST(regression_codec_and_json)
{
	double		p[] = {1.1, 2, 3.3, 4, 1e-9};
	double		a[] = {1.5, 2.5, 0, 5, -7};
	double		w[] = {1, 0.25, 2, 3, 0.125};
	mlc_regression *r = build(p, a, w, 5);
	mlc_regression *back;
	mlc_buf		b,
				j1,
				j2;
	mlc_status	st;
	size_t		cut;

	r->n_null = 4;
	mlc_buf_init(&b, 16);
	CHECK(mlc_regression_write(r, &b, &st) == MLC_OK);
	back = mlc_regression_read(b.data, b.len, &st);
	CHECK(back && mlc_regression_equal(r, back));
	mlc_regression_free(back);
	for (cut = 0; cut < b.len; cut++)
	{
		mlc_status_init(&st);
		back = mlc_regression_read(b.data, cut, &st);
		CHECK(back == NULL && st.code == MLC_ESYNTAX);
	}
	mlc_buf_putc(&b, 0);
	CHECK(mlc_regression_read(b.data, b.len, &st) == NULL);
	mlc_buf_free(&b);

	mlc_buf_init(&j1, 16);
	mlc_buf_init(&j2, 16);
	CHECK(mlc_regression_to_json(r, &j1, &st) == MLC_OK);
	back = mlc_regression_from_json(j1.data, j1.len, &st);
	CHECK(back != NULL);
	if (back)
	{
		CHECK(mlc_regression_to_json(back, &j2, &st) == MLC_OK);
		CHECK_STR(mlc_buf_cstring(&j2), mlc_buf_cstring(&j1));
		CHECK(metric(back, MLC_REG_R2) == metric(r, MLC_REG_R2));
	}
	mlc_regression_free(back);
	mlc_buf_free(&j1);
	mlc_buf_free(&j2);
	mlc_regression_free(r);

	r = mlc_regression_new();
	mlc_buf_init(&j1, 16);
	mlc_regression_to_json(r, &j1, &st);
	CHECK_STR(mlc_buf_cstring(&j1),
			  "{\"n\": 0, \"n_null\": 0, \"weight\": 0, \"mean_actual\": 0, \"m2_actual\": 0, "
			  "\"mean_error\": 0, \"m2_error\": 0, \"sum_squared_error\": 0, \"sum_absolute_error\": 0, "
			  "\"sum_absolute_percentage_error\": 0, \"max_absolute_error\": 0, "
			  "\"sum_squared_log_error\": 0, \"n_negative\": 0}");
	mlc_buf_free(&j1);
	mlc_regression_free(r);
}

UNIT_TEST(regression_msle_and_format_1)
{
	/* sklearn mean_squared_log_error([3, 5, 2.5, 7], [2.5, 5, 4, 8]) */
	static const double y[] = {3, 5, 2.5, 7},
				p[] = {2.5, 5, 4, 8};
	mlc_regression *r = mlc_regression_new(),
			   *old;
	mlc_status	st;
	mlc_buf		b;
	double		v;
	int64_t		neg;
	int			i;
	/* a value written by release 0.1 (format 1): n = 1, weight 1, error 2 */
	static const char *v01 = "{\"n\": 1, \"n_null\": 0, \"weight\": 1, \"mean_actual\": 1, "
		"\"m2_actual\": 0, \"mean_error\": 2, \"m2_error\": 0, \"sum_squared_error\": 4, "
		"\"sum_absolute_error\": 2, \"sum_absolute_percentage_error\": 2, \"max_absolute_error\": 2}";

	mlc_status_init(&st);
	for (i = 0; i < 4; i++)
		mlc_regression_add(r, p[i], y[i], 1);
	CHECK(!mlc_regression_msle_refused(r, &neg) && neg == 0);
	CHECK(mlc_regression_metric_value(r, MLC_REG_MSLE, &v));
	CHECK_NEAR(v, 0.03973012298459379, 1e-14);
	/* -0 is not negative; -0.5 is */
	mlc_regression_add(r, -0.0, 0, 1);
	CHECK(!mlc_regression_msle_refused(r, &neg));
	mlc_regression_add(r, -0.5, 1, 1);
	CHECK(mlc_regression_msle_refused(r, &neg) && neg == 1);
	CHECK(!mlc_regression_metric_value(r, MLC_REG_MSLE, &v));
	/* binary round trip keeps the log terms */
	mlc_buf_init(&b, 16);
	CHECK(mlc_regression_write(r, &b, &st) == MLC_OK);
	old = mlc_regression_read(b.data, b.len, &st);
	CHECK(old != NULL && mlc_regression_equal(old, r));
	mlc_regression_free(old);
	mlc_buf_free(&b);
	/* a 0.1 text reads back as it was, without log terms: msle undefined */
	old = mlc_regression_from_json(v01, strlen(v01), &st);
	CHECK(old != NULL && !old->has_log);
	CHECK(!mlc_regression_metric_value(old, MLC_REG_MSLE, &v));
	mlc_buf_init(&b, 16);
	mlc_regression_to_json(old, &b, &st);
	CHECK_STR(mlc_buf_cstring(&b), v01);
	mlc_buf_free(&b);
	/* merging an old value with a new one: no log terms */
	mlc_regression_merge(r, old);
	CHECK(!r->has_log);
	mlc_buf_init(&b, 16);
	CHECK(mlc_regression_write(r, &b, &st) == MLC_OK);
	/* format 1 is format 2 without the last 25 bytes */
	b.data[0] = 1;
	mlc_regression_free(old);
	old = mlc_regression_read(b.data, b.len - 25, &st);
	CHECK(old != NULL && mlc_regression_equal(old, r));
	mlc_buf_free(&b);
	mlc_regression_free(old);
	mlc_regression_free(r);
}

UNIT_TEST(regression_json_rejects)
{
	static const char *const fields[] = {
		"\"n\": 2", "\"n_null\": 0", "\"weight\": 2", "\"mean_actual\": 1", "\"m2_actual\": 0.5",
		"\"mean_error\": 0", "\"m2_error\": 0.5", "\"sum_squared_error\": 1",
		"\"sum_absolute_error\": 1", "\"sum_absolute_percentage_error\": 1", "\"max_absolute_error\": 1"
	};
	/* replacements that break one field each */
	static const char *const broken[][2] = {
		{"\"n\": 2", "\"n\": -1"}, {"\"n\": 2", "\"n\": 1.5"}, {"\"n_null\": 0", "\"n_null\": -3"},
		{"\"weight\": 2", "\"weight\": -2"}, {"\"weight\": 2", "\"weight\": \"Infinity\""},
		{"\"m2_actual\": 0.5", "\"m2_actual\": -0.5"}, {"\"mean_actual\": 1", "\"mean_actual\": \"NaN\""},
		{"\"m2_error\": 0.5", "\"m2_error\": \"x\""}, {"\"sum_squared_error\": 1", "\"sum_squared_error\": -1"},
		{"\"max_absolute_error\": 1", "\"max_absolute_error\": -1"},
		{"\"n_null\": 0", "\"n_null\": 0, \"extra\": 1"}, {"\"n\": 2", "\"n\": 0"},
		{"\"max_absolute_error\": 1", "\"max_absolute_error\": 1, \"max_absolute_error\": 1"},
	};
	char		text[1024];
	size_t		i,
				k;
	mlc_status	st;
	mlc_regression *r;

	/* the unbroken object is accepted */
	strcpy(text, "{");
	for (k = 0; k < 11; k++)
	{
		strcat(text, k ? ", " : "");
		strcat(text, fields[k]);
	}
	strcat(text, "}");
	r = mlc_regression_from_json(text, strlen(text), &st);
	CHECK(r != NULL);
	mlc_regression_free(r);
	/* a missing key is rejected */
	strcpy(text, "{");
	for (k = 1; k < 11; k++)
	{
		strcat(text, k > 1 ? ", " : "");
		strcat(text, fields[k]);
	}
	strcat(text, "}");
	mlc_status_init(&st);
	CHECK(mlc_regression_from_json(text, strlen(text), &st) == NULL && st.code == MLC_ESYNTAX);
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
	{
		strcpy(text, "{");
		for (k = 0; k < 11; k++)
		{
			strcat(text, k ? ", " : "");
			strcat(text, strcmp(fields[k], broken[i][0]) == 0 ? broken[i][1] : fields[k]);
		}
		strcat(text, "}");
		mlc_status_init(&st);
		r = mlc_regression_from_json(text, strlen(text), &st);
		if (r != NULL || st.code != MLC_ESYNTAX)
		{
			fprintf(stderr, "  accepted or wrong code for: %s\n", text);
			*unit_failed_ = 1;
		}
		mlc_regression_free(r);
	}
}
