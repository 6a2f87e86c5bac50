/* test_slices.c — normal quantile, Wilson interval, two-proportion z-test.
 * Expected values computed with SciPy 1.10 (norm.ppf / norm.sf) and the
 * textbook formulas (statsmodels' proportion_confint(method='wilson') and
 * proportions_ztest). */
#include "unit.h"
#include "mlc_slices.h"

#define REL(a, b) (fabs((a) - (b)) <= 1e-13 * fmax(1e-300, fabs(b)))

UNIT_TEST(slices_normal_quantile)
{
	static const double p[] = {0.975, 0.995, 0.3, 0.9, 1e-10, 1e-300, 0.02425,
	0.075, 1 - 1e-12, 0.6};
	static const double want[] = {1.959963984540054, 2.5758293035489004,
		-0.5244005127080409, 1.2815515655446004, -6.361340902404056,
		-37.0470962993612, -1.972961051311885, -1.4395314709384563,
	7.0344869100478356, 0.2533471031357997};
	int			i;

	for (i = 0; i < (int) (sizeof(p) / sizeof(p[0])); i++)
		CHECK_NEAR(mlc_normal_quantile(p[i]), want[i], 1e-14);
	CHECK(mlc_normal_quantile(0.5) == 0.0);
	CHECK(isinf(mlc_normal_quantile(0.0)) && mlc_normal_quantile(0.0) < 0);
	CHECK(isinf(mlc_normal_quantile(1.0)) && mlc_normal_quantile(1.0) > 0);
	CHECK(isnan(mlc_normal_quantile(-0.1)));
	CHECK(isnan(mlc_normal_quantile(1.5)));
	CHECK(isnan(mlc_normal_quantile(NAN)));
	/* symmetry */
	for (i = 1; i < 1000; i++)
		CHECK(mlc_normal_quantile(i / 1000.0) == -mlc_normal_quantile(1.0 - i / 1000.0)
			  || REL(mlc_normal_quantile(i / 1000.0), -mlc_normal_quantile(1.0 - i / 1000.0)));
}

UNIT_TEST(slices_wilson)
{
	mlc_status	st;
	bool		def;
	double		lo = -1,
				hi = -1;

	mlc_status_init(&st);
	CHECK(mlc_wilson(45, 50, 0.95, &def, &lo, &hi, &st) == MLC_OK && def);
	CHECK_NEAR(lo, 0.7863976856252035, 1e-14);
	CHECK_NEAR(hi, 0.9565242350681096, 1e-14);
	CHECK(mlc_wilson(0, 20, 0.95, &def, &lo, &hi, &st) == MLC_OK && def);
	CHECK(lo == 0.0);			/* exactly, not a rounding residue */
	CHECK_NEAR(hi, 0.16112515805281938, 1e-14);
	CHECK(mlc_wilson(20, 20, 0.95, &def, &lo, &hi, &st) == MLC_OK && def);
	CHECK_NEAR(lo, 0.8388748419471806, 1e-14);
	CHECK(hi == 1.0);
	CHECK(mlc_wilson(7, 10, 0.99, &def, &lo, &hi, &st) == MLC_OK && def);
	CHECK_NEAR(lo, 0.32002467920110245, 1e-14);
	CHECK_NEAR(hi, 0.9204336834769341, 1e-14);
	CHECK(mlc_wilson(12.5, 30.25, 0.9, &def, &lo, &hi, &st) == MLC_OK && def);
	CHECK_NEAR(lo, 0.2790789253072781, 1e-14);
	CHECK_NEAR(hi, 0.561615554293313, 1e-14);
	/* n = 0: undefined, not an error */
	CHECK(mlc_wilson(0, 0, 0.95, &def, &lo, &hi, &st) == MLC_OK && !def);
	/* bad arguments */
	CHECK(mlc_wilson(-1, 10, 0.95, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(mlc_wilson(11, 10, 0.95, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(strstr(st.msg, "exceeds") != NULL);
	CHECK(mlc_wilson(1, -10, 0.95, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(mlc_wilson(NAN, 10, 0.95, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(mlc_wilson(1, INFINITY, 0.95, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(mlc_wilson(1, 10, 1.0, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(mlc_wilson(1, 10, 0.0, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(mlc_wilson(1, 10, NAN, &def, &lo, &hi, &st) == MLC_EBADARG);
	CHECK(strstr(st.hint, "0.95") != NULL);
}

UNIT_TEST(slices_two_proportion_test)
{
	mlc_status	st;
	bool		def;
	double		z = 0,
				p = 0;

	mlc_status_init(&st);
	CHECK(mlc_two_proportion_test(45, 50, 900, 1000, &def, &z, &p, &st) == MLC_OK && def);
	CHECK(z == 0.0 && p == 1.0);
	CHECK(mlc_two_proportion_test(10, 100, 500, 1000, &def, &z, &p, &st) == MLC_OK && def);
	CHECK_NEAR(z, -7.647953522832396, 1e-13);
	CHECK(REL(p, 2.0420298809827897e-14) || fabs(p / 2.0420298809827897e-14 - 1) < 1e-12);
	CHECK(mlc_two_proportion_test(3, 30, 97, 100, &def, &z, &p, &st) == MLC_OK && def);
	CHECK_NEAR(z, -9.919526198362501, 1e-13);
	CHECK(fabs(p / 3.42377534643854e-23 - 1) < 1e-12);
	/* undefined: an empty group, or a pooled proportion of 0 or 1 */
	CHECK(mlc_two_proportion_test(3, 30, 0, 0, &def, &z, &p, &st) == MLC_OK && !def);
	CHECK(mlc_two_proportion_test(30, 30, 10, 10, &def, &z, &p, &st) == MLC_OK && !def);
	CHECK(mlc_two_proportion_test(0, 30, 0, 10, &def, &z, &p, &st) == MLC_OK && !def);
	CHECK(mlc_two_proportion_test(31, 30, 0, 10, &def, &z, &p, &st) == MLC_EBADARG);
	CHECK(mlc_two_proportion_test(1, 30, 0, -10, &def, &z, &p, &st) == MLC_EBADARG);
	CHECK(mlc_two_proportion_test(1, NAN, 0, 10, &def, &z, &p, &st) == MLC_EBADARG);
}
