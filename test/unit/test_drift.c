/* test_drift.c — distribution functions and drift statistics against
 * values computed with SciPy 1.10 (printed with repr in a Python session:
 * scipy.stats.chi2.sf, kstwo.sf, ks_2samp, kolmogorov). */
#include "unit.h"
#include "mlc_dist.h"
#include "mlc_drift.h"
#include "mlc_stats.h"

UNIT_TEST(dist_chi2_sf)
{
	CHECK_NEAR(mlc_stats_chi2_sf(3.84, 1), 0.05004352124870519, 1e-12);
	CHECK_NEAR(mlc_stats_chi2_sf(10, 3), 0.01856613546304325, 1e-12);
	CHECK_NEAR(mlc_stats_chi2_sf(500, 450), 0.05147895234714731, 1e-10);
	CHECK_NEAR(mlc_stats_chi2_sf(0.5, 7), 0.9994464813904249, 1e-12);
	CHECK_NEAR(mlc_stats_chi2_sf(300, 2) / 7.175095973164448e-66, 1.0, 1e-10);
	CHECK(mlc_stats_chi2_sf(0, 4) == 1.0);
}

UNIT_TEST(dist_kolmogorov)
{
	CHECK_NEAR(mlc_kolmogorov_sf(1.0), 0.26999967167735456, 1e-13);
	CHECK_NEAR(mlc_kolmogorov_sf(0.5), 0.9639452436648751, 1e-13);
	CHECK_NEAR(mlc_kstwo_sf(0.1, 100), 0.2526927570063874, 1e-10);
	CHECK_NEAR(mlc_kstwo_sf(0.05, 1000), 0.013012074781090332, 1e-10);
	CHECK_NEAR(mlc_kstwo_sf(0.3, 20), 0.04306706665851623, 1e-10);
}

UNIT_TEST(dist_ks_2samp_exact)
{
	double		d,
				p;
	bool		exact;

	/* ks_2samp(range(5), [x + 2.5 for x in range(5)]) */
	mlc_ks_2samp_pvalue(5, 5, 0.6, &d, &p, &exact);
	CHECK(exact);
	CHECK_NEAR(d, 0.6, 1e-15);
	CHECK_NEAR(p, 0.35714285714285715, 1e-12);
	/* ks_2samp(np.arange(10) / 10, np.arange(7) / 7 + 0.2) */
	mlc_ks_2samp_pvalue(10, 7, 0.2857142857142857, &d, &p, &exact);
	CHECK(exact);
	CHECK_NEAR(p, 0.8038358700123406, 1e-9);
}

static mlc_numprof *
build(const double *v, int n)
{
	mlc_numprof *p = mlc_numprof_new();
	mlc_status	st;
	int			i;

	for (i = 0; i < n; i++)
		mlc_numprof_add(p, v[i], &st);
	return p;
}

UNIT_TEST(drift_numeric_small)
{
	double		a[] = {0, 1, 2, 3, 4},
				b[] = {2.5, 3.5, 4.5, 5.5, 6.5};
	mlc_numprof *ra = build(a, 5),
			   *rb = build(b, 5),
			   *empty = mlc_numprof_new();
	mlc_status	st;
	bool		def;
	double		d,
				p,
				w;
	mlc_drift_result r;
	mlc_buf		det;

	CHECK(mlc_drift_ks(ra, rb, &def, &d, &p, &st) == MLC_OK && def);
	CHECK_NEAR(d, 0.6, 1e-15);
	CHECK_NEAR(p, 0.35714285714285715, 1e-12);
	/* wasserstein_distance = 2.5, np.std(a) = sqrt(2) */
	CHECK(mlc_drift_wasserstein(ra, rb, &def, &w, &st) == MLC_OK && def);
	CHECK_NEAR(w, 2.5 / sqrt(2.0), 1e-14);
	CHECK(mlc_drift_ks(ra, empty, &def, &d, &p, &st) == MLC_OK && !def);
	mlc_buf_init(&det, 64);
	CHECK(mlc_drift_numeric(ra, rb, NULL, false, 0, &r, &det, &st) == MLC_OK);
	CHECK_STR(r.method, "ks");
	CHECK(r.has_p && !r.drifted);
	CHECK(mlc_drift_numeric(ra, rb, "wasserstein", false, 0, &r, NULL, &st) == MLC_OK);
	CHECK(r.drifted && r.threshold == 0.1);
	CHECK(mlc_drift_numeric(ra, rb, "chi2", false, 0, &r, NULL, &st) == MLC_OK);
	CHECK_STR(r.method, "chi2");
	CHECK(mlc_drift_numeric(ra, rb, "bogus", false, 0, &r, NULL, &st) == MLC_EBADARG);
	CHECK(mlc_drift_numeric(ra, rb, "ks", true, 1.5, &r, NULL, &st) == MLC_EBADARG);
	CHECK(mlc_drift_psi(ra, rb, 1, &def, &d, &st) == MLC_EBADARG);
	mlc_buf_free(&det);
	mlc_numprof_free(ra);
	mlc_numprof_free(rb);
	mlc_numprof_free(empty);
}

/* auto over few distinct values: chi2 (small reference) or js (large) */
UNIT_TEST(drift_numeric_few_values)
{
	double		a[] = {0, 0, 0, 1, 1, 1, 1, 1, 2, 2},
				b[] = {0, 1, 1, 1, 1, 2, 2, 2, 2, 3};
	mlc_numprof *ra = build(a, 10),
			   *rb = build(b, 10),
			   *big = mlc_numprof_new();
	mlc_status	st;
	bool		def;
	double		s,
				p;
	int64_t		df;
	int			i;
	mlc_drift_result r;
	mlc_buf		det;

	/* chi2_contingency([[3, 5, 2, 0], [1, 4, 4, 1]], correction=False) */
	CHECK(mlc_drift_chi2_num(ra, rb, &def, &s, &df, &p, &st) == MLC_OK && def);
	CHECK(df == 3);
	CHECK_NEAR(s, 2.7777777777777777, 1e-12);
	CHECK_NEAR(p, 0.4271711671881252, 1e-10);
	mlc_buf_init(&det, 64);
	CHECK(mlc_drift_numeric(ra, rb, NULL, false, 0, &r, &det, &st) == MLC_OK);
	CHECK_STR(r.method, "chi2");
	CHECK(strstr(mlc_buf_cstring(&det), "distinct values <= 5") != NULL);
	/* 4 distinct values in 1001 reference rows: js */
	for (i = 0; i < 1001; i++)
		mlc_numprof_add(big, (double) (i % 4), &st);
	CHECK(mlc_drift_numeric(big, rb, NULL, false, 0, &r, NULL, &st) == MLC_OK);
	CHECK_STR(r.method, "js");
	/* 6 distinct values: wasserstein */
	mlc_numprof_add(big, 7.5, &st);
	mlc_numprof_add(big, 8.5, &st);
	CHECK(mlc_drift_numeric(big, rb, NULL, false, 0, &r, NULL, &st) == MLC_OK);
	CHECK_STR(r.method, "wasserstein");
	mlc_buf_free(&det);
	mlc_numprof_free(ra);
	mlc_numprof_free(rb);
	mlc_numprof_free(big);
}

UNIT_TEST(drift_categorical_new_category)
{
	mlc_catprof *a = mlc_catprof_new(),
			   *b = mlc_catprof_new();
	mlc_status	st;
	bool		def;
	double		s,
				p;
	int64_t		df;
	mlc_drift_result r;
	mlc_buf		det;

	/* ref: x 10, y 20; cur: x 10, y 10, z 5 */
	mlc_catprof_add(a, "x", 1, 10, &st);
	mlc_catprof_add(a, "y", 1, 20, &st);
	mlc_catprof_add(b, "x", 1, 10, &st);
	mlc_catprof_add(b, "y", 1, 10, &st);
	mlc_catprof_add(b, "z", 1, 5, &st);
	CHECK(mlc_drift_chi2(a, b, &def, &s, &df, &p, &st) == MLC_OK && def);
	/* chi2_contingency([[10, 20, 0], [10, 10, 5]], correction=False) */
	CHECK(df == 2);
	CHECK_NEAR(s, 7.944444444444443, 1e-12);
	CHECK_NEAR(p, 0.01883153873919827, 1e-10);
	mlc_buf_init(&det, 64);
	CHECK(mlc_drift_categorical(a, b, NULL, false, 0, &r, &det, &st) == MLC_OK);
	CHECK_STR(r.method, "chi2");
	CHECK(r.drifted);
	CHECK(strstr(mlc_buf_cstring(&det), "\"new_categories\": [\"z\"], \"n_new_categories\": 1") != NULL);
	mlc_buf_free(&det);
	mlc_catprof_free(a);
	mlc_catprof_free(b);
}
