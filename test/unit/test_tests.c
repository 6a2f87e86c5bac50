/*
 * test_tests.c — the incomplete beta function, binomial and Student's t
 * tails, Clopper–Pearson, McNemar and DeLong on scores summaries.
 * Reference values from SciPy 1.10 (scipy.special.betainc, betaincinv,
 * scipy.stats.binom, t, binomtest).
 */
#include "unit.h"

#include "mlc_scores.h"
#include "mlc_tests.h"

UNIT_TEST(beta_inc_matches_scipy)
{
	CHECK_NEAR(mlc_beta_inc(2.5, 3.5, 0.3), 0.2967529892956661, 1e-13);
	/* SciPy 1.10 gives 0.11032284087290593 here (1.2e-8 off); this is the
	 * 50-digit quadrature value (mpmath) */
	CHECK_NEAR(mlc_beta_inc(1e6, 2e6, 0.333), 0.110322839516637009, 1e-12);
	CHECK_NEAR(mlc_beta_inc(50, 0.5, 0.9), 0.0012041498325598133, 1e-12);
	CHECK_NEAR(mlc_beta_inc(0.5, 0.5, 0.01), 0.06376856085851987, 1e-13);
	CHECK_NEAR(mlc_beta_inc(1000, 3, 0.999), 0.919422409639798, 1e-12);
	CHECK_NEAR(mlc_beta_inc(12, 13, 0.5), 0.5805901288986203, 1e-13);
	CHECK(mlc_beta_inc(2, 3, 0) == 0);
	CHECK(mlc_beta_inc(2, 3, 1) == 1);
	CHECK(isnan(mlc_beta_inc(-1, 3, 0.5)));
	CHECK(isnan(mlc_beta_inc(1, 3, 1.5)));
}

UNIT_TEST(beta_inc_inv_round_trips)
{
	double		a,
				b,
				p;

	CHECK_NEAR(mlc_beta_inc_inv(30, 12, 0.025), 0.5705552947339179, 1e-12);
	CHECK_NEAR(mlc_beta_inc_inv(530, 40, 0.975), 0.949305899863117, 1e-12);
	for (a = 0.5; a < 2000; a *= 3.7)
		for (b = 0.5; b < 2000; b *= 4.1)
			for (p = 0.001; p < 1; p += 0.1237)
			{
				double		x = mlc_beta_inc_inv(a, b, p);

				CHECK_NEAR(mlc_beta_inc(a, b, x), p, 1e-10);
			}
}

UNIT_TEST(binomial_and_t_tails)
{
	CHECK_NEAR(mlc_binom_cdf(3, 20, 0.3), 0.10708680450373087, 1e-12);
	CHECK_NEAR(mlc_binom_sf_ge(400, 569, 0.627), 8.467726714582495e-05, 1e-10);
	CHECK_NEAR(mlc_binom_sf_ge(530, 569, 0.6274), 3.937078853638095e-64, 1e-9);
	CHECK(mlc_binom_sf_ge(0, 10, 0.3) == 1);
	CHECK(mlc_binom_sf_ge(11, 10, 0.3) == 0);
	CHECK(mlc_binom_cdf(10, 10, 0.3) == 1);
	CHECK_NEAR(mlc_student_t_sf(2.1, 13.7), 0.027376888426766676, 1e-12);
	CHECK_NEAR(mlc_student_t_sf(0.3, 1e5), 0.38208888959516885, 1e-11);
	CHECK_NEAR(mlc_student_t_sf(-2.1, 13.7), 1 - 0.027376888426766676, 1e-13);
	CHECK(mlc_student_t_sf(0, 3) == 0.5);
}

UNIT_TEST(clopper_pearson_matches_scipy)
{
	double		lo,
				hi;

	mlc_clopper_pearson(530, 569, 0.95, &lo, &hi);
	CHECK_NEAR(lo, 0.9074901619074963, 1e-12);
	CHECK_NEAR(hi, 0.9508098502389943, 1e-12);
	mlc_clopper_pearson(0, 10, 0.95, &lo, &hi);
	CHECK(lo == 0);
	CHECK(hi < 1 && hi > 0.3);
	mlc_clopper_pearson(10, 10, 0.95, &lo, &hi);
	CHECK(hi == 1);
}

UNIT_TEST(mcnemar_exact_and_chi2)
{
	mlc_mcnemar_result r;

	mlc_mcnemar(0, 0, &r);
	CHECK(!r.defined);
	/* statsmodels mcnemar([[0, 3], [9, 0]], exact=True): p = 0.146 */
	mlc_mcnemar(3, 9, &r);
	CHECK(r.defined && r.exact);
	CHECK(r.statistic == 3);
	CHECK_NEAR(r.p_value, 2.0 * (1 + 12 + 66 + 220) / 4096.0, 0);
	mlc_mcnemar(12, 12, &r);
	CHECK(r.exact && r.p_value == 1);
	/* d = 30: chi-square with continuity correction */
	mlc_mcnemar(10, 20, &r);
	CHECK(!r.exact);
	CHECK_NEAR(r.statistic, 81.0 / 30.0, 1e-15);
	mlc_mcnemar(15, 15, &r);
	CHECK(r.statistic == 0 && r.p_value == 1);
}

static mlc_scores *
scores_of(const double *s, const bool *y, int n, double w)
{
	mlc_status	st;
	mlc_scores *sc = mlc_scores_new(10000, w != 1);
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < n; i++)
		mlc_scores_add(sc, s[i], y[i], w, &st);
	return sc;
}

UNIT_TEST(delong_from_scores_summary)
{
	/* same rows as the roc_auc_ci unit test data: ties across classes */
	double		s[] = {0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.6};
	bool		y[] = {0, 0, 1, 1, 1, 1, 0, 0};
	mlc_scores *sc = scores_of(s, y, 8, 1);
	mlc_delong_summary d;
	mlc_status	st;
	double		v10[4],
				v01[4],
				theta = 0,
				s10 = 0,
				s01 = 0;
	int			i,
				j,
				pi = 0,
				ni = 0;

	mlc_status_init(&st);
	CHECK(mlc_scores_delong(sc, "a", &d, &st) == MLC_OK);
	/* brute force: placement values */
	for (i = 0; i < 8; i++)
	{
		double		acc = 0;

		for (j = 0; j < 8; j++)
			if (y[i] != y[j])
				acc += (s[i] == s[j]) ? 0.5 : ((y[i] ? s[i] > s[j] : s[i] < s[j]) ? 1 : 0);
		if (y[i])
			v10[pi++] = acc / 4;
		else
			v01[ni++] = acc / 4;
	}
	for (i = 0; i < 4; i++)
		theta += v10[i] / 4;
	for (i = 0; i < 4; i++)
	{
		s10 += (v10[i] - theta) * (v10[i] - theta) / 3;
		s01 += (v01[i] - theta) * (v01[i] - theta) / 3;
	}
	CHECK(d.defined && d.var_defined);
	CHECK_NEAR(d.auc, theta, 1e-15);
	CHECK_NEAR(d.s, s10 / 4 + s01 / 4, 1e-14);
	mlc_scores_free(sc);

	/* weighted with non-integer weights: refused */
	sc = scores_of(s, y, 8, 0.5);
	CHECK(mlc_scores_delong(sc, "b", &d, &st) == MLC_EBADARG);
	mlc_scores_free(sc);
}

UNIT_TEST(auc_test_unpaired_formula)
{
	mlc_delong_summary a = {true, true, 0.8, 40, 60, 0.002},
				b = {true, true, 0.7, 30, 50, 0.003};
	mlc_auc_test_result r;
	double		s = 0.005,
				df = s * s / (0.002 * 0.002 / 99 + 0.003 * 0.003 / 79);

	mlc_auc_test_unpaired(&a, &b, &r);
	CHECK(r.test_defined);
	CHECK_NEAR(r.z, 0.1 / sqrt(s), 1e-14);
	CHECK_NEAR(r.df, df, 1e-14);
	CHECK_NEAR(r.p_value, 2 * mlc_student_t_sf(0.1 / sqrt(s), df), 1e-14);
	b.var_defined = false;
	mlc_auc_test_unpaired(&a, &b, &r);
	CHECK(!r.test_defined && r.difference_defined);
}

#include "mlc_confusion.h"

/* matrix [[3, 1, 0], [1, 2, 2], [0, 1, 4]] of classes 0, 1, 2 */
static mlc_confusion *
small_matrix(double scale)
{
	static const double cells[3][3] = {{3, 1, 0}, {1, 2, 2}, {0, 1, 4}};
	mlc_status	st;
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_INT);
	int			i,
				j;

	mlc_status_init(&st);
	for (i = 0; i < 3; i++)
		mlc_confusion_label_int(c, i, &st);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			mlc_confusion_add(c, i, j, cells[i][j] * scale);
	mlc_confusion_sort(c, &st);
	return c;
}

UNIT_TEST(weighted_kappa_matches_sklearn)
{
	mlc_confusion *c = small_matrix(1),
			   *big = small_matrix(1e305),
			   *tiny = small_matrix(1e-300);
	double		v;

	CHECK(mlc_confusion_kappa_weighted(c, MLC_KAPPA_NONE, &v));
	CHECK_NEAR(v, 0.46153846153846145, 1e-14);
	CHECK(mlc_confusion_kappa_weighted(c, MLC_KAPPA_LINEAR, &v));
	CHECK_NEAR(v, 0.5977011494252873, 1e-14);
	CHECK(mlc_confusion_kappa_weighted(c, MLC_KAPPA_QUADRATIC, &v));
	CHECK_NEAR(v, 0.732824427480916, 1e-14);
	/* scale-invariant: huge and tiny counts give the same kappa */
	CHECK(mlc_confusion_kappa_weighted(big, MLC_KAPPA_QUADRATIC, &v));
	CHECK_NEAR(v, 0.732824427480916, 1e-14);
	CHECK(mlc_confusion_kappa_weighted(tiny, MLC_KAPPA_LINEAR, &v));
	CHECK_NEAR(v, 0.5977011494252873, 1e-14);
	mlc_confusion_free(c);
	mlc_confusion_free(big);
	mlc_confusion_free(tiny);
}

UNIT_TEST(accuracy_test_matches_scipy)
{
	mlc_confusion *c = small_matrix(1),
			   *w = small_matrix(0.5);
	mlc_accuracy_test_result r;
	mlc_status	st;

	mlc_status_init(&st);
	CHECK(mlc_confusion_accuracy_test(c, 0.9, &r, &st) == MLC_OK);
	CHECK(r.defined && r.test_defined);
	CHECK_NEAR(r.accuracy, 9.0 / 14, 1e-15);
	CHECK_NEAR(r.no_information_rate, 0.35714285714285715, 1e-15);
	CHECK_NEAR(r.lower, 0.39041486752991494, 1e-12);
	CHECK_NEAR(r.upper, 0.847282377615337, 1e-12);
	CHECK_NEAR(r.p_value, 0.02789266311263811, 1e-12);
	/* fractional counts: accuracy and NIR only */
	CHECK(mlc_confusion_accuracy_test(w, 0.95, &r, &st) == MLC_OK);
	CHECK(r.defined && !r.test_defined);
	CHECK_NEAR(r.accuracy, 9.0 / 14, 1e-15);
	CHECK(mlc_confusion_accuracy_test(c, 1.0, &r, &st) == MLC_EBADARG);
	CHECK(mlc_confusion_accuracy_test(c, 0, &r, &st) == MLC_EBADARG);
	mlc_confusion_free(c);
	mlc_confusion_free(w);
}
