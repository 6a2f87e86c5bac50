/*
 * compare.c — fmgr glue for the comparisons a team makes before it ships a
 * model: DeLong's test of two ROC curves on independent samples and the
 * DeLong interval read off a stored scores summary, the accuracy test
 * against the no-information rate, weighted Cohen's kappa, and msle on a
 * regression summary.  The arithmetic is in src/core/mlc_tests.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "mlc_confusion.h"
#include "mlc_pg.h"
#include "mlc_regression.h"
#include "mlc_scores.h"
#include "mlc_tests.h"

static Datum
composite(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	td;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	td = BlessTupleDesc(td);
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

static double
level_arg(FunctionCallInfo fcinfo, int n)
{
	double		level = PG_GETARG_FLOAT8(n);

	if (!(level > 0 && level < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1, got %g", level),
				 errhint("Use a level such as 0.95.")));
	return level;
}

static void
delong_of(FunctionCallInfo fcinfo, int n, const char *which, mlc_delong_summary *d)
{
	mlc_status	st;

	mlc_status_init(&st);
	mlc_pg_check(mlc_scores_delong(mlc_pg_scores_from_datum(PG_GETARG_DATUM(n)), which, d, &st),
				 &st);
}

PG_FUNCTION_INFO_V1(mlcheck_roc_auc_test);
Datum
mlcheck_roc_auc_test(PG_FUNCTION_ARGS)
{
	mlc_delong_summary a,
				b;
	mlc_auc_test_result r;
	Datum		v[6];
	bool		nulls[6];

	delong_of(fcinfo, 0, "a", &a);
	delong_of(fcinfo, 1, "b", &b);
	mlc_auc_test_unpaired(&a, &b, &r);
	v[0] = Float8GetDatum(r.auc_a);
	nulls[0] = !r.auc_a_defined;
	v[1] = Float8GetDatum(r.auc_b);
	nulls[1] = !r.auc_b_defined;
	v[2] = Float8GetDatum(r.difference);
	nulls[2] = !r.difference_defined;
	v[3] = Float8GetDatum(r.z);
	v[4] = Float8GetDatum(r.df);
	v[5] = Float8GetDatum(r.p_value);
	nulls[3] = nulls[4] = nulls[5] = !r.test_defined;
	PG_RETURN_DATUM(composite(fcinfo, v, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_roc_auc_ci);
Datum
mlcheck_scores_roc_auc_ci(PG_FUNCTION_ARGS)
{
	double		level = level_arg(fcinfo, 1);
	mlc_delong_summary d;
	Datum		v[3];
	bool		nulls[3] = {false, false, false};
	double		lo = 0,
				hi = 0;

	delong_of(fcinfo, 0, NULL, &d);
	if (d.var_defined)
		mlc_delong_summary_ci(&d, level, &lo, &hi);
	v[0] = Float8GetDatum(d.auc);
	nulls[0] = !d.defined;
	v[1] = Float8GetDatum(lo);
	v[2] = Float8GetDatum(hi);
	nulls[1] = nulls[2] = !d.var_defined;
	PG_RETURN_DATUM(composite(fcinfo, v, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_accuracy_test);
Datum
mlcheck_accuracy_test(PG_FUNCTION_ARGS)
{
	double		level = level_arg(fcinfo, 1);
	mlc_confusion *c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0));
	mlc_accuracy_test_result r;
	mlc_status	st;
	Datum		v[5];
	bool		nulls[5];

	mlc_status_init(&st);
	mlc_pg_check(mlc_confusion_accuracy_test(c, level, &r, &st), &st);
	v[0] = Float8GetDatum(r.accuracy);
	v[1] = Float8GetDatum(r.lower);
	v[2] = Float8GetDatum(r.upper);
	v[3] = Float8GetDatum(r.no_information_rate);
	v[4] = Float8GetDatum(r.p_value);
	nulls[0] = nulls[3] = !r.defined;
	nulls[1] = nulls[2] = nulls[4] = !r.test_defined;
	PG_RETURN_DATUM(composite(fcinfo, v, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_no_information_rate);
Datum
mlcheck_no_information_rate(PG_FUNCTION_ARGS)
{
	double		v;

	if (!mlc_confusion_no_information_rate(mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0)), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

PG_FUNCTION_INFO_V1(mlcheck_cohen_kappa_weighted);
Datum
mlcheck_cohen_kappa_weighted(PG_FUNCTION_ARGS)
{
	mlc_confusion *c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0));
	char	   *w = text_to_cstring(PG_GETARG_TEXT_PP(1));
	mlc_kappa_weights wk;
	double		v;

	if (strcmp(w, "linear") == 0)
		wk = MLC_KAPPA_LINEAR;
	else if (strcmp(w, "quadratic") == 0)
		wk = MLC_KAPPA_QUADRATIC;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown kappa weights \"%s\"", w),
				 errhint("Use weights => 'linear' or 'quadratic', or cohen_kappa(c) for the unweighted kappa.")));
	if (!mlc_confusion_kappa_weighted(c, wk, &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

PG_FUNCTION_INFO_V1(mlcheck_msle);
Datum
mlcheck_msle(PG_FUNCTION_ARGS)
{
	mlc_regression *r = mlc_pg_regression_from_datum(PG_GETARG_DATUM(0));
	int64_t		neg;
	double		v;

	if (mlc_regression_msle_refused(r, &neg))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("mean squared log error is not defined for negative values"),
				 errdetail("%lld rows have a negative actual or predicted value.", (long long) neg),
				 errhint("Use mse(r) or rmse(r), or leave out the %lld rows with negative values.",
						 (long long) neg)));
	if (!mlc_regression_metric_value(r, MLC_REG_MSLE, &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}
