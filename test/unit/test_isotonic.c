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
