/*
 * test_isotonic.c — the isotonic calibrator against sklearn 1.2's
 * IsotonicRegression(increasing=True, out_of_bounds='clip') on rows with
 * ties and weights (including a weight-0 row), PAVA, and the codec.
 */
#include "unit.h"

#include "mlc_isotonic.h"
#include "mlc_scores.h"

static const double iso_x[] = {0.1, 0.3, 0.3, 0.2, 0.5, 0.4, 0.4, 0.9, 0.7, 0.6, 0.8, 0.2, 0.55};
static const int iso_y[] = {0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1};
static const double iso_w[] = {1, 2, 1, 1, 3, 1, 0, 2, 1, 1, 1, 2, 1.5};
static const double probe[] = {-1, 0.1, 0.25, 0.33, 0.45, 0.62, 0.85, 2};

static mlc_calibrator *
fit(bool weighted)
{
	mlc_status	st;
	mlc_auc    *a = mlc_auc_new(weighted);
	mlc_calibrator *c;
	bool		def;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 13; i++)
		mlc_auc_add(a, iso_x[i], iso_y[i], weighted ? iso_w[i] : 1, &st);
	c = mlc_isotonic_fit(a, &def, &st);
	mlc_auc_free(a);
	return c;
}

UNIT_TEST(isotonic_matches_sklearn_unweighted)
{
	static const double want_x[] = {0.1, 0.2, 0.3, 0.4, 0.7, 0.8, 0.9};
	static const double want_y[] = {0, 0.5, 0.5, 0.6666666666666666, 0.6666666666666666, 1, 1};
	static const double want_p[] = {0, 0, 0.5, 0.55, 0.6666666666666666, 0.6666666666666666, 1, 1};
	mlc_calibrator *c = fit(false);
	size_t		i;

	CHECK(c != NULL && c->n == 7);
	for (i = 0; c && i < c->n && i < 7; i++)
	{
		CHECK_NEAR(c->x[i], want_x[i], 1e-15);
		CHECK_NEAR(c->y[i], want_y[i], 1e-15);
	}
	for (i = 0; c && i < 8; i++)
		CHECK_NEAR(mlc_calibrator_predict(c, probe[i]), want_p[i], 1e-15);
	mlc_calibrator_free(c);
}

UNIT_TEST(isotonic_matches_sklearn_weighted)
{
	static const double want_x[] = {0.1, 0.2, 0.3, 0.5, 0.55, 0.7, 0.8, 0.9};
	static const double want_p[] = {0, 0, 0.38095238095238093, 0.42857142857142855,
	0.42857142857142855, 0.7142857142857143, 1, 1};
	mlc_calibrator *c = fit(true);
	size_t		i;

	CHECK(c != NULL && c->n == 8);
	for (i = 0; c && i < c->n && i < 8; i++)
		CHECK_NEAR(c->x[i], want_x[i], 1e-15);
	for (i = 0; c && i < 8; i++)
		CHECK_NEAR(mlc_calibrator_predict(c, probe[i]), want_p[i], 1e-15);
	mlc_calibrator_free(c);
}

UNIT_TEST(isotonic_edges_and_codec)
{
	mlc_status	st;
	mlc_auc    *a = mlc_auc_new(false);
	mlc_calibrator *c,
			   *back;
	bool		def;
	mlc_buf		b;
	double		y[] = {1, 3, 2, 4, 0},
				w[] = {1, 1, 1, 1, 1};

	mlc_status_init(&st);
	/* empty: undefined */
	c = mlc_isotonic_fit(a, &def, &st);
	CHECK(c == NULL && !def);
	/* one distinct score: constant */
	mlc_auc_add(a, 0.3, true, 1, &st);
	mlc_auc_add(a, 0.3, false, 1, &st);
	c = mlc_isotonic_fit(a, &def, &st);
	CHECK(c && def && c->n == 1);
	CHECK(mlc_calibrator_predict(c, 0.9) == 0.5 && mlc_calibrator_predict(c, -5) == 0.5);
	/* codec round trips; garbage is refused */
	mlc_buf_init(&b, 16);
	CHECK(mlc_calibrator_write(c, &b, &st) == MLC_OK);
	back = mlc_calibrator_read(b.data, b.len, &st);
	CHECK(back && back->n == 1 && back->y[0] == 0.5);
	CHECK(mlc_calibrator_read(b.data, b.len - 1, &st) == NULL);
	mlc_calibrator_free(back);
	mlc_buf_free(&b);
	CHECK(mlc_calibrator_from_json("{\"x\": [0.2, 0.1], \"y\": [0, 1]}", 30, &st) == NULL);
	CHECK(mlc_calibrator_from_json("{\"x\": [0.1, 0.2], \"y\": [1, 0]}", 30, &st) == NULL);
	mlc_calibrator_free(c);
	mlc_auc_free(a);
	/* PAVA: 1 3 2 4 0 → 1 2.25 2.25 2.25 2.25 */
	mlc_pava(y, w, 5);
	CHECK(y[0] == 1 && y[1] == 2.25 && y[4] == 2.25);
}

/* a calibrator from breakpoint arrays (the JSON reader checks them) */
static mlc_calibrator *
from_points(const double *x, const double *y, size_t n)
{
	mlc_status	st;
	mlc_buf		b;
	size_t		i;
	mlc_calibrator *c;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	mlc_put_u8(&b, MLC_CALIBRATOR_FORMAT_VERSION);
	mlc_put_u64(&b, (uint64_t) n);
	for (i = 0; i < n; i++)
	{
		mlc_put_f64(&b, x[i]);
		mlc_put_f64(&b, y[i]);
	}
	c = mlc_calibrator_read(b.data, b.len, &st);
	mlc_buf_free(&b);
	return c;
}

static uint64_t iso_rng = 88172645463325252ULL;

static double
iso_uniform(void)
{
	return unit_uniform(&iso_rng);
}

/*
 * The search index gives the same bits as the plain binary search: on
 * evenly spread, clustered (most breakpoints in a tiny part of the range)
 * and two-breakpoint calibrators, at breakpoints, next to them (one ulp
 * either side), between them and outside the range, and on a range that
 * overflows a double (one bucket).
 */
UNIT_TEST(isotonic_index_same_bits)
{
	enum {N = 3000};
	static double x[N],
				y[N];
	int			shape,
				bad = 0;

	for (shape = 0; shape < 4; shape++)
	{
		size_t		n = shape == 2 ? 2 : N,
					i;
		mlc_calibrator *plain,
				   *fast;
		int			k;

		for (i = 0; i < n; i++)
		{
			if (shape == 0)
				x[i] = (double) i / N;
			else if (shape == 1)	/* 90% of the breakpoints in 1e-9 of the range */
				x[i] = i < n / 10 ? (double) i / (n / 10) : 1 + (double) i * 1e-12;
			else if (shape == 2)
				x[i] = i ? 0.75 : 0.25;
			else				/* -1e308 … 1e308: the range overflows */
				x[i] = i == 0 ? -1e308 : i == n - 1 ? 1e308 : (double) i;
			y[i] = i < n / 3 ? 0 : (i < n / 2 ? (double) i / n : (i < n - 1 ? 0.75 : 1));
		}
		plain = from_points(x, y, n);
		fast = from_points(x, y, n);
		CHECK(plain != NULL && fast != NULL);
		if (plain == NULL || fast == NULL)
			return;
		mlc_calibrator_index(fast);
		mlc_calibrator_index(fast); /* idempotent */
		CHECK(fast->start != NULL && fast->seg != NULL);
		for (k = 0; k < 200000; k++)
		{
			double		s;
			double		a,
						b;

			switch (k % 5)
			{
				case 0:
					s = x[(size_t) (iso_uniform() * n)];
					break;
				case 1:
					s = nextafter(x[(size_t) (iso_uniform() * n)], -INFINITY);
					break;
				case 2:
					s = nextafter(x[(size_t) (iso_uniform() * n)], INFINITY);
					break;
				case 3:
					s = x[0] + (x[n - 1] - x[0]) * iso_uniform();
					if (!isfinite(s))
						s = (iso_uniform() - 0.5) * 1e308;
					break;
				default:
					s = (iso_uniform() - 0.5) * 4;
					break;
			}
			a = mlc_calibrator_predict(plain, s);
			b = mlc_calibrator_predict(fast, s);
			if (memcmp(&a, &b, sizeof(a)) != 0 && bad++ < 5)
				fprintf(stderr, "  shape %d, score %.17g: %.17g without the index, %.17g with\n",
						shape, s, a, b);
		}
		mlc_calibrator_free(plain);
		mlc_calibrator_free(fast);
	}
	CHECK(bad == 0);
}
