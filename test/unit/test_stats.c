/*
 * test_stats.c — special functions of mlc_stats against reference values.
 * The chi-square references were computed with mpmath at 40 digits
 * (mp.gammainc(df/2, x/2, inf, regularized=True) for sf and
 * mp.gammainc(df/2, 0, x/2, regularized=True) for cdf).
 */
#include "unit.h"
#include "mlc_stats.h"

#include <float.h>

/* relative closeness; values below 1e-300 must be below 1e-290 */
#define CHECK_REL(a, b, tol) do { double a_ = (a), b_ = (b); \
	int ok_ = (fabs(b_) < 1e-300) ? fabs(a_) < 1e-290 : fabs(a_ - b_) <= (tol) * fabs(b_); \
	if (!ok_) { fprintf(stderr, "  %s:%d: %s = %.17g, expected %.17g (rel %.3g)\n", \
		__FILE__, __LINE__, #a, a_, b_, fabs(a_ - b_) / fabs(b_)); *unit_failed_ = 1; } } while (0)

static const double chi2_ref[][4] = {
	/* x, df, sf, cdf */
	{0.5, 1.0, 0.4795001221869535, 0.5204998778130465},
	{1.0, 1.0, 0.3173105078629141, 0.6826894921370859},
	{3.841458820694124, 1.0, 0.05000000000000006, 0.95},
	{10.0, 1.0, 0.0015654022580025497, 0.9984345977419975},
	{1e-08, 1.0, 0.9999202115440526, 7.978845594730578e-05},
	{2.0, 2.0, 0.36787944117144233, 0.6321205588285577},
	{0.1, 3.0, 0.9918374237318764, 0.008162576268123523},
	{7.814727903251178, 3.0, 0.05000000000000004, 0.95},
	{4.0, 5.0, 0.5494159513527802, 0.4505840486472198},
	{30.0, 5.0, 1.4748581038443052e-05, 0.9999852514189616},
	{15.5, 7.5, 0.03919198630898541, 0.9608080136910145},
	{9.0, 10.0, 0.5321035763747155, 0.4678964236252845},
	{18.307038053275146, 10.0, 0.05000000000000001, 0.95},
	{60.0, 10.0, 3.6243009520614882e-09, 0.999999996375699},
	{0.5, 20.0, 0.9999999999997906, 2.094248539997361e-13},
	{20.0, 20.0, 0.4579297144718522, 0.5420702855281478},
	{21.0, 20.0, 0.39713259935081063, 0.6028674006491893},
	{45.0, 20.0, 0.0011034692430283502, 0.9988965307569716},
	{100.0, 50.0, 3.454931382984864e-05, 0.9999654506861702},
	{150.0, 100.0, 0.0009039320423540091, 0.9990960679576459},
	{80.0, 100.0, 0.9296649333406051, 0.07033506665939496},
	{999.0, 999.0, 0.4940498779585279, 0.5059501220414722},
	{1100.0, 999.0, 0.013818467525532355, 0.9861815324744676},
	{5000.0, 5000.0, 0.4973403788923451, 0.5026596211076548},
	{4700.0, 5000.0, 0.9988765386162006, 0.0011234613837993763},
	{5300.0, 5000.0, 0.0015958249441347307, 0.9984041750558653},
	{9998.0, 9998.0, 0.4981191778741474, 0.5018808221258526},
	{12000.0, 9998.0, 9.547040595534993e-41, 1.0},
	{700.0, 200.0, 1.079900895730286e-56, 1.0},
	{2000.0, 9998.0, 1.0, 0.0},
};

UNIT_TEST(stats_chi2_vs_reference)
{
	size_t		i;

	for (i = 0; i < sizeof(chi2_ref) / sizeof(chi2_ref[0]); i++)
	{
		CHECK_REL(mlc_stats_chi2_sf(chi2_ref[i][0], chi2_ref[i][1]), chi2_ref[i][2], 1e-12);
		CHECK_REL(mlc_stats_chi2_cdf(chi2_ref[i][0], chi2_ref[i][1]), chi2_ref[i][3], 1e-12);
		/* the same through the incomplete gamma functions */
		CHECK_REL(mlc_stats_gamma_pq(chi2_ref[i][1] / 2, chi2_ref[i][0] / 2, true), chi2_ref[i][2], 1e-12);
		CHECK_REL(mlc_stats_gamma_pq(chi2_ref[i][1] / 2, chi2_ref[i][0] / 2, false), chi2_ref[i][3], 1e-12);
	}
}

UNIT_TEST(stats_chi2_edges)
{
	CHECK(mlc_stats_chi2_sf(0, 3) == 1);
	CHECK(mlc_stats_chi2_sf(-1, 3) == 1);
	CHECK(mlc_stats_chi2_cdf(0, 3) == 0);
	CHECK(mlc_stats_chi2_sf(INFINITY, 3) == 0);
	CHECK(mlc_stats_chi2_cdf(INFINITY, 3) == 1);
	CHECK(isnan(mlc_stats_chi2_sf(NAN, 3)));
	CHECK(isnan(mlc_stats_chi2_sf(1, 0)));
	CHECK(isnan(mlc_stats_chi2_sf(1, -2)));
	CHECK(isnan(mlc_stats_chi2_sf(1, INFINITY)));
	CHECK(isnan(mlc_stats_gamma_pq(0, 1, false)));
	CHECK(isnan(mlc_stats_gamma_pq(1, -1, true)));
	/* df = 2: sf(x) = exp(-x/2) exactly in closed form */
	CHECK_REL(mlc_stats_chi2_sf(7.3, 2), exp(-3.65), 1e-14);
	CHECK_REL(mlc_stats_chi2_sf(300, 2), exp(-150), 1e-13);
	/* df = 1: sf(x) = erfc(sqrt(x/2)) */
	CHECK_REL(mlc_stats_chi2_sf(0.37, 1), erfc(sqrt(0.185)), 1e-13);
	CHECK_REL(mlc_stats_chi2_sf(50, 1), erfc(5), 1e-12);
}

UNIT_TEST(stats_chi2_monotone_and_complementary)
{
	double		df,
				x;

	for (df = 1; df <= 4000; df *= 1.7)
	{
		double		prev = 1.0;

		for (x = df / 50; x < df * 4; x += df / 50)
		{
			double		s = mlc_stats_chi2_sf(x, df),
						c = mlc_stats_chi2_cdf(x, df);

			CHECK(s <= prev);
			CHECK(fabs(s + c - 1) < 4 * DBL_EPSILON);
			prev = s;
		}
	}
}

UNIT_TEST(stats_normal)
{
	CHECK(mlc_stats_normal_sf(0) == 0.5);
	CHECK_REL(mlc_stats_normal_sf(1.959963984540054), 0.025, 1e-13);
	CHECK_REL(mlc_stats_normal_cdf(-1.959963984540054), 0.025, 1e-13);
	CHECK_REL(mlc_stats_normal_sf(-1), 0.8413447460685429, 1e-14);
	/* scipy.stats.norm.sf(8) */
	CHECK_REL(mlc_stats_normal_sf(8), 6.22096057427178e-16, 1e-12);
}

UNIT_TEST(stats_ksum_compensates)
{
	mlc_ksum	k = {0, 0},
				a = {0, 0},
				b = {0, 0};
	double		naive = 0;
	int			i;

	/* 1 + 1e-16 * 1e6: the naive sum loses all the small terms */
	mlc_ksum_add(&k, 1.0);
	naive = 1.0;
	for (i = 0; i < 1000000; i++)
	{
		mlc_ksum_add(&k, 1e-16);
		naive += 1e-16;
	}
	CHECK(naive == 1.0);
	CHECK_REL(mlc_ksum_value(&k), 1.0 + 1e-10, 1e-15);
	/* large cancellation: 1e100 + 1 - 1e100 */
	mlc_ksum_add(&a, 1e100);
	mlc_ksum_add(&a, 1.0);
	mlc_ksum_add(&b, -1e100);
	mlc_ksum_merge(&a, &b);
	CHECK(mlc_ksum_value(&a) == 1.0);
}
