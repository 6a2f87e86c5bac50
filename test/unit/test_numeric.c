/* test_numeric.c — checked count accumulation, power-of-two metric scaling,
 * and the values built from counts near the float8/int64 limits: refused
 * (MLC_ERANGE) when not representable, scale-invariant metrics otherwise. */
#include "unit.h"
#include "mlc_calibration.h"
#include "mlc_confusion.h"
#include "mlc_drift.h"
#include "mlc_profile.h"
#include "mlc_scores.h"

#include <float.h>
#include <stdint.h>

UNIT_TEST(numeric_count_add_i64)
{
	mlc_status	st;
	int64_t		acc = INT64_MAX - 1;

	mlc_status_init(&st);
	CHECK(mlc_count_add_i64(&acc, 1, "x count", &st) == MLC_OK);
	CHECK(acc == INT64_MAX);
	CHECK(mlc_count_add_i64(&acc, 1, "x count", &st) == MLC_ERANGE);
	CHECK(acc == INT64_MAX);		/* left alone */
	CHECK(strcmp(st.msg, "x count overflows") == 0);
	CHECK(st.hint[0] != '\0');
	CHECK(mlc_i64_add_ok(INT64_MIN, 0));
	CHECK(!mlc_i64_add_ok(INT64_MIN, -1));
	CHECK(mlc_i64_add_ok(INT64_MAX, -5));
	CHECK(!mlc_i64_add_ok(INT64_MAX / 2 + 1, INT64_MAX / 2 + 1));
}

UNIT_TEST(numeric_count_add_f64)
{
	mlc_status	st;
	double		acc = 1e308;

	mlc_status_init(&st);
	CHECK(mlc_count_add_f64(&acc, 7e307, "w", &st) == MLC_OK);
	CHECK(acc == 1e308 + 7e307);
	CHECK(mlc_count_add_f64(&acc, 1e308, "w", &st) == MLC_ERANGE);
	CHECK(acc == 1e308 + 7e307);
	CHECK(st.code == MLC_ERANGE);
}

UNIT_TEST(numeric_pow2_scale)
{
	double		vals[] = {1, 3, 1e-200, 1e308, DBL_MAX, 5e-324, 2.2e-308, 0.75};
	double		ns[] = {1, 2, 1000, 1e7};
	size_t		i,
				j;

	CHECK(mlc_pow2_scale(0, 10) == 1.0);
	CHECK(mlc_pow2_scale(INFINITY, 10) == 1.0);
	CHECK(mlc_pow2_scale(NAN, 10) == 1.0);
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		for (j = 0; j < sizeof(ns) / sizeof(ns[0]); j++)
		{
			double		s = mlc_pow2_scale(vals[i], ns[j]);
			int			e;

			CHECK(s > 0 && isfinite(s));
			CHECK(frexp(s, &e) == 0.5);	/* a power of two */
			/* scaled values summed n times stay <= 1; products stay finite */
			CHECK(vals[i] * s * ns[j] <= 1.0);
			if (vals[i] >= 1e-300)
				CHECK(vals[i] * s * ns[j] >= 0.25 / 2);
		}
	/* the scaled value is exact: scaling back gives the same bits */
	CHECK(0.1 * mlc_pow2_scale(0.1, 1) / mlc_pow2_scale(0.1, 1) == 0.1);
}

static mlc_confusion *
conf2(double a, double b, double c, double d)
{
	mlc_status	st;
	mlc_confusion *m = mlc_confusion_new(MLC_LABEL_BOOL);
	int32_t		f = mlc_confusion_label_int(m, 0, &st),
				t = mlc_confusion_label_int(m, 1, &st);

	mlc_confusion_add(m, f, f, a);
	mlc_confusion_add(m, f, t, b);
	mlc_confusion_add(m, t, f, c);
	mlc_confusion_add(m, t, t, d);
	return m;
}

UNIT_TEST(numeric_confusion_huge_and_tiny_counts)
{
	mlc_confusion *big = conf2(1e308, 1e308, 1e308, 1e308);
	mlc_confusion *ref = conf2(30, 5, 10, 55);
	mlc_confusion *tiny = conf2(30e-200, 5e-200, 10e-200, 55e-200);
	double		v,
				r;
	mlc_class_stats s;
	bool		def;
	mlc_status	st;

	mlc_status_init(&st);
	CHECK(mlc_confusion_accuracy(big, &v) && v == 0.5);
	CHECK(mlc_confusion_balanced_accuracy(big, &v) && v == 0.5);
	CHECK(mlc_confusion_mcc(big, &v) && v == 0);
	CHECK(mlc_confusion_kappa(big, &v) && v == 0);
	CHECK(mlc_confusion_prf(big, MLC_PRECISION, 1, MLC_AVG_BINARY, 1, &def, &v, &st) == MLC_OK && def && v == 0.5);
	CHECK(mlc_confusion_prf(big, MLC_SPECIFICITY, 1, MLC_AVG_MACRO, -1, &def, &v, &st) == MLC_OK && def && v == 0.5);
	mlc_confusion_class_stats(big, 1, &s);
	CHECK(s.tp == 1e308 && s.fp == 1e308 && s.fn == 1e308);
	CHECK(isinf(s.support));		/* 2e308, past the float8 range */
	CHECK(s.tn == 1e308);
	/* scale invariance: 1e-200 weights give the metrics of the counts */
	CHECK(mlc_confusion_mcc(ref, &r) && mlc_confusion_mcc(tiny, &v));
	CHECK_NEAR(v, r, 1e-12);
	CHECK(mlc_confusion_kappa(ref, &r) && mlc_confusion_kappa(tiny, &v));
	CHECK_NEAR(v, r, 1e-12);
	/* integer counts give exactly the bits of the plain formula */
	CHECK(mlc_confusion_mcc(ref, &v) &&
		  v == (30.0 * 55 - 5.0 * 10) / sqrt(35.0 * 65 * 40 * 60));
	mlc_confusion_free(big);
	mlc_confusion_free(ref);
	mlc_confusion_free(tiny);
}

UNIT_TEST(numeric_confusion_mcc_clamped)
{
	mlc_confusion *m = conf2(1.0450440337730994e-08, 0.047708431962247146, 67363761.88079114, 0);
	double		v;

	CHECK(mlc_confusion_mcc(m, &v));
	CHECK(v >= -1.0 && v <= -1.0 + 1e-6);
	mlc_confusion_free(m);
}

UNIT_TEST(numeric_confusion_refuses_overflow)
{
	mlc_confusion *a = conf2(1e308, 0, 0, 1);
	mlc_confusion *b = conf2(1e308, 0, 0, 1);
	mlc_status	st;
	mlc_buf		out;

	mlc_status_init(&st);
	CHECK(mlc_confusion_merge(a, b, &st) == MLC_ERANGE);
	mlc_confusion_free(a);
	a = conf2(1, 0, 0, 1);
	a->n_null = INT64_MAX;
	b->n_null = 1;
	CHECK(mlc_confusion_merge(a, b, &st) == MLC_ERANGE);
	CHECK(a->n_null == INT64_MAX);
	/* a cell summed to +Infinity by the aggregate is refused on write */
	mlc_confusion_add(b, 0, 0, 1e308);
	mlc_buf_init(&out, 64);
	CHECK(mlc_confusion_write(b, &out, &st) == MLC_ERANGE);
	mlc_buf_free(&out);
	mlc_confusion_free(a);
	mlc_confusion_free(b);
}

UNIT_TEST(numeric_auc_weight_scale)
{
	double		sc[] = {1e-200, 1e300};
	double		r0 = 0,
				a0 = 0,
				r,
				a;
	bool		rd,
				ad;
	int			k,
				i;
	mlc_status	st;

	mlc_status_init(&st);
	for (k = -1; k < 2; k++)
	{
		mlc_auc    *u = mlc_auc_new(true);

		for (i = 0; i < 200; i++)
		{
			double		w = 0.5 + (i % 7) * 0.25;

			mlc_auc_add(u, (i * 37 % 101) / 101.0, (i * 13 % 5) < 2, k < 0 ? w : w * sc[k], &st);
		}
		CHECK(mlc_auc_compute(u, &r, &rd, &a, &ad, &st) == MLC_OK && rd && ad);
		if (k < 0)
		{
			r0 = r;
			a0 = a;
		}
		else
		{
			CHECK_NEAR(r, r0, 1e-12);
			CHECK_NEAR(a, a0, 1e-12);
		}
		mlc_auc_free(u);
	}
}

UNIT_TEST(numeric_prob_huge_weights)
{
	mlc_prob	p,
				q,
				u;
	double		v,
				ref;

	mlc_prob_init(&p);
	mlc_prob_init(&q);
	mlc_prob_init(&u);
	mlc_prob_add(&p, 0.1, false, 1e308);
	mlc_prob_add(&p, 0.8, true, 1e308);
	mlc_prob_add(&q, 0.3, false, 1.7e308);
	mlc_prob_add(&u, 0.1, false, 1);
	mlc_prob_add(&u, 0.8, true, 1);
	mlc_prob_add(&u, 0.3, false, 1.7);
	mlc_prob_merge(&p, &q);
	CHECK(mlc_prob_brier(&p, &v) && mlc_prob_brier(&u, &ref));
	CHECK_NEAR(v, ref, 1e-12);
	CHECK(mlc_prob_log_loss(&p, &v) && mlc_prob_log_loss(&u, &ref));
	CHECK_NEAR(v, ref, 1e-12);
	/* the serialized state keeps its scale */
	{
		mlc_buf		b;
		mlc_prob	r;
		mlc_status	st;

		mlc_buf_init(&b, 64);
		mlc_prob_write(&p, &b);
		CHECK(mlc_prob_read(b.data, b.len, &r, &st) == MLC_OK);
		CHECK(r.scale_exp == p.scale_exp && r.scale_exp > 0);
		CHECK(mlc_prob_brier(&r, &v) && mlc_prob_brier(&u, &ref));
		CHECK_NEAR(v, ref, 1e-12);
		mlc_buf_free(&b);
	}
}

UNIT_TEST(numeric_scores_summary_scale)
{
	mlc_status	st;
	mlc_scores *a = mlc_scores_new(1000, true),
			   *b = mlc_scores_new(1000, true);
	double		r1,
				l,
				h,
				r2,
				ap1,
				ap2;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 300; i++)
	{
		double		s = (i * 37 % 97) / 97.0,
					w = 1 + i % 3;
		bool		pos = (i * 11 % 7) < 3;

		mlc_scores_add(a, s, pos, w, &st);
		mlc_scores_add(b, s, pos, w * 1e-200, &st);
	}
	CHECK(mlc_scores_roc_auc(a, &r1, &l, &h) && mlc_scores_roc_auc(b, &r2, &l, &h));
	CHECK_NEAR(r1, r2, 1e-12);
	CHECK(mlc_scores_pr_auc(a, &ap1) && mlc_scores_pr_auc(b, &ap2));
	CHECK_NEAR(ap1, ap2, 1e-12);
	b->n_null = INT64_MAX;
	a->n_null = 1;
	CHECK(mlc_scores_merge(b, a, &st) == MLC_ERANGE);
	mlc_scores_free(a);
	mlc_scores_free(b);
}

UNIT_TEST(numeric_calibration_huge_weights)
{
	mlc_status	st;
	mlc_calibration *c = mlc_calibration_new(10, &st),
			   *u = mlc_calibration_new(10, &st);
	double		v,
				ref;

	mlc_calibration_add(c, 0.05, 0, 1e308);
	mlc_calibration_add(c, 0.95, 1, 1e308);
	mlc_calibration_add(u, 0.05, 0, 1);
	mlc_calibration_add(u, 0.95, 1, 1);
	CHECK(isinf(mlc_calibration_total(c)));	/* 2e308: not NaN */
	CHECK(mlc_calibration_brier(c, &v) && mlc_calibration_brier(u, &ref));
	CHECK_NEAR(v, ref, 1e-12);
	CHECK(mlc_calibration_ece(c, &v) && mlc_calibration_ece(u, &ref));
	CHECK_NEAR(v, ref, 1e-12);
	CHECK(mlc_calibration_merge(c, c, &st) == MLC_ERANGE);
	mlc_calibration_free(c);
	mlc_calibration_free(u);
}

UNIT_TEST(numeric_profile_huge_mean)
{
	mlc_status	st;
	mlc_numprof *p = mlc_numprof_new(),
			   *q = mlc_numprof_new();
	mlc_moments m;
	mlc_buf		b;
	mlc_numprof *back;

	mlc_status_init(&st);
	mlc_numprof_add(p, 1e308, &st);
	mlc_numprof_add(p, 1.5e308, &st);
	mlc_numprof_add(p, 1.7e308, &st);
	mlc_numprof_moments(p, &m);
	CHECK_NEAR(m.mean / 1.4e308, 1.0, 1e-15);
	/* text form reads back (m2 is past the float8 range and left out) */
	mlc_buf_init(&b, 64);
	CHECK(mlc_numprof_to_json(p, &b, &st) == MLC_OK);
	back = mlc_numprof_from_json(b.data, b.len, &st);
	CHECK(back != NULL);
	mlc_numprof_free(back);
	mlc_buf_free(&b);
	/* opposite signs: x1 + x2 would overflow */
	mlc_numprof_add(q, 1.7e308, &st);
	mlc_numprof_add(q, -1.7e308, &st);
	mlc_numprof_moments(q, &m);
	CHECK(m.mean == 0);
	/* counters past 2^63 are refused, dst unchanged */
	p->n_null = INT64_MAX;
	q->n_null = 1;
	CHECK(mlc_numprof_merge(p, q, &st) == MLC_ERANGE);
	CHECK(p->n_null == INT64_MAX && p->n == 3);
	mlc_numprof_free(p);
	mlc_numprof_free(q);
}

static mlc_catprof *
cat_json(const char *s)
{
	mlc_status	st;

	return mlc_catprof_from_json(s, strlen(s), &st);
}

UNIT_TEST(numeric_categorical_counts_and_common_support)
{
	mlc_status	st;
	mlc_catprof *a = cat_json("{\"n\": 20, \"n_null\": 0, \"n_other\": 10, \"categories\": {\"a\": 5, \"b\": 5}}");
	mlc_catprof *b = cat_json("{\"n\": 20, \"n_null\": 0, \"n_other\": 10, \"categories\": {\"a\": 5, \"c\": 5}}");
	mlc_catprof *full = cat_json("{\"n\": 20, \"n_null\": 0, \"n_other\": 0, \"categories\": {\"a\": 5, \"b\": 5, \"d\": 10}}");
	mlc_catprof *big = cat_json("{\"n\": 9223372036854775807, \"n_null\": 0, \"n_other\": 0, \"categories\": {\"a\": 9223372036854775807}}");
	bool		def;
	double		stat,
				p,
				js;
	int64_t		df;

	mlc_status_init(&st);
	CHECK(a && b && full && big);
	/* b folded into a's "other"? b is listed by a only and b has an
	 * "other": folded on both sides; likewise c.  Support {a, other}:
	 * [[5, 15], [5, 15]] — no difference at all */
	CHECK(mlc_drift_chi2(a, b, &def, &stat, &df, &p, &st) == MLC_OK && def);
	CHECK(df == 1);
	CHECK_NEAR(stat, 0, 1e-15);
	CHECK(mlc_drift_js_cat(a, b, &def, &js, &st) == MLC_OK && def);
	CHECK_NEAR(js, 0, 1e-15);
	/* full folds nothing: categories a lists and full does not are truly
	 * absent in full; d (listed by full only) may be in a's other: folded.
	 * Support {a, b, other}: [[5, 5, 10], [5, 5, 10]] */
	CHECK(mlc_drift_chi2(a, full, &def, &stat, &df, &p, &st) == MLC_OK && def);
	CHECK(df == 2);
	CHECK_NEAR(stat, 0, 1e-15);
	/* counts past INT64_MAX are refused */
	CHECK(mlc_catprof_merge(big, big, &st) == MLC_ERANGE);
	mlc_catprof_free(a);
	mlc_catprof_free(b);
	mlc_catprof_free(full);
	mlc_catprof_free(big);
}

UNIT_TEST(numeric_categorical_partial_state_keeps_4000)
{
	mlc_status	st;
	mlc_catprof *c = mlc_catprof_new(),
			   *back,
			   *v;
	mlc_buf		b;
	char		lab[16];
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 3000; i++)
	{
		snprintf(lab, sizeof(lab), "k%04d", i);
		CHECK(mlc_catprof_add(c, lab, strlen(lab), 1 + i % 5, &st) == MLC_OK);
	}
	mlc_buf_init(&b, 256);
	CHECK(mlc_catprof_write_state(c, &b, &st) == MLC_OK);
	CHECK(c->k == 3000 && c->n_other == 0);	/* nothing folded */
	/* the reader takes a state as well as a value (aggregate states and
	 * stored values share the type) */
	v = mlc_catprof_read(b.data, b.len, &st);
	CHECK(v != NULL && v->k == 3000);
	mlc_catprof_free(v);
	back = mlc_catprof_read_state(b.data, b.len, &st);
	CHECK(back != NULL && back->k == 3000 && back->n == c->n);
	mlc_buf_free(&b);
	/* writing keeps a state's categories; finishing (the final function)
	 * caps the value at 1000, written as a value */
	mlc_buf_init(&b, 256);
	CHECK(mlc_catprof_write(back, &b, &st) == MLC_OK);
	CHECK(back->k == 3000 && b.data[1] == 'c');
	mlc_buf_free(&b);
	CHECK(mlc_catprof_finish(back, &st) == MLC_OK);
	CHECK(back->k == 1000 && back->n_other > 0);
	mlc_buf_init(&b, 256);
	CHECK(mlc_catprof_write(back, &b, &st) == MLC_OK && b.data[1] == 'C');
	CHECK(mlc_catprof_read_state(b.data, b.len, &st) == NULL);
	v = mlc_catprof_read(b.data, b.len, &st);
	CHECK(v != NULL && v->k == 1000);
	mlc_buf_free(&b);
	mlc_catprof_free(c);
	mlc_catprof_free(back);
	mlc_catprof_free(v);
}
