/* test_fairness.c — confusion rates and the SliceLine score / bound.
 * Expected values are the closed forms worked by hand. */
#include "unit.h"
#include "mlc_fairness.h"

UNIT_TEST(fairness_rates)
{
	mlc_status	st;
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_BOOL);
	int32_t		f,
				t;
	double		v = -1;

	mlc_status_init(&st);
	f = mlc_confusion_label_int(c, 0, &st);
	t = mlc_confusion_label_int(c, 1, &st);
	/* actual x predicted: tn 50, fp 10, fn 5, tp 35 */
	mlc_confusion_add(c, f, f, 50);
	mlc_confusion_add(c, f, t, 10);
	mlc_confusion_add(c, t, f, 5);
	mlc_confusion_add(c, t, t, 35);
	CHECK(mlc_confusion_sort(c, &st) == MLC_OK);
	t = mlc_confusion_find_int(c, 1);
	f = mlc_confusion_find_int(c, 0);
	CHECK(mlc_confusion_rate(c, t, MLC_RATE_SELECTION, &v) && v == 0.45);
	CHECK(mlc_confusion_rate(c, t, MLC_RATE_FPR, &v));
	CHECK_NEAR(v, 10.0 / 60.0, 1e-15);
	CHECK(mlc_confusion_rate(c, t, MLC_RATE_FNR, &v));
	CHECK_NEAR(v, 5.0 / 40.0, 1e-15);
	/* the negative class as the label swaps the roles */
	CHECK(mlc_confusion_rate(c, f, MLC_RATE_SELECTION, &v) && v == 0.55);
	CHECK(mlc_confusion_rate(c, f, MLC_RATE_FPR, &v) && v == 5.0 / 40.0);
	/* an absent label: selection rate 0, FNR undefined, FPR 0 */
	CHECK(mlc_confusion_rate(c, -1, MLC_RATE_SELECTION, &v) && v == 0.0);
	CHECK(!mlc_confusion_rate(c, -1, MLC_RATE_FNR, &v));
	CHECK(mlc_confusion_rate(c, -1, MLC_RATE_FPR, &v) && v == 0.0);
	mlc_confusion_free(c);

	/* the empty matrix: everything undefined */
	c = mlc_confusion_new(MLC_LABEL_BOOL);
	CHECK(!mlc_confusion_rate(c, -1, MLC_RATE_SELECTION, &v));
	CHECK(!mlc_confusion_rate(c, -1, MLC_RATE_FPR, &v));
	mlc_confusion_free(c);
}

UNIT_TEST(fairness_sliceline_score)
{
	double		v = 0,
				ub = 0;

	/* 1000 rows, 100 errors; a slice of 50 rows with 25 errors */
	CHECK(mlc_sliceline_score(50, 25, 1000, 0.1, 0.95, &v));
	CHECK_NEAR(v, 0.95 * (0.5 / 0.1 - 1) - 0.05 * (1000.0 / 50 - 1), 1e-14);
	CHECK(!mlc_sliceline_score(0, 0, 1000, 0.1, 0.95, &v));
	CHECK(!mlc_sliceline_score(10, 1, 1000, 0.0, 0.95, &v));

	/* the bound is at least the score of any slice it covers */
	CHECK(mlc_sliceline_score_ub(50, 25, 1, 10, 1000, 0.1, 0.95, &ub));
	{
		int			s,
					e;

		for (s = 10; s <= 50; s++)
			for (e = 0; e <= 25 && e <= s; e++)
			{
				CHECK(mlc_sliceline_score(s, e, 1000, 0.1, 0.95, &v));
				CHECK(v <= ub + 1e-12);
			}
	}
	/* and it is attained: 25 rows that are all errors */
	CHECK(mlc_sliceline_score(25, 25, 1000, 0.1, 0.95, &v));
	CHECK_NEAR(ub, v, 1e-14);
	/* nothing can qualify: too small, or no error */
	CHECK(!mlc_sliceline_score_ub(9, 5, 1, 10, 1000, 0.1, 0.95, &ub));
	CHECK(!mlc_sliceline_score_ub(50, 0, 1, 10, 1000, 0.1, 0.95, &ub));
	/* few errors in a large parent: the whole parent bounds the score */
	CHECK(mlc_sliceline_score_ub(50, 3, 1, 0, 1000, 0.1, 0.95, &ub));
	CHECK(mlc_sliceline_score(50, 3, 1000, 0.1, 0.95, &v));
	CHECK_NEAR(ub, v, 1e-14);
}
