/*
 * slices.c — fmgr glue for the statistics of mlcheck.slice_report:
 * mlcheck.wilson(successes, n [, level]) and the support function
 * mlcheck._two_proportion_test(x1, n1, x2, n2).  The report itself is
 * PL/pgSQL in src/sql/50_slices.sql; the arithmetic is in
 * src/core/mlc_slices.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"

#include "mlc_pg.h"
#include "mlc_slices.h"

/* Return a two-column float8 record, both NULL when !defined. */
static Datum
pair_result(FunctionCallInfo fcinfo, bool defined, double a, double b)
{
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2];

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(a);
	values[1] = Float8GetDatum(b);
	nulls[0] = nulls[1] = !defined;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(mlcheck_wilson);
Datum
mlcheck_wilson(PG_FUNCTION_ARGS)
{
	double		lower = 0,
				upper = 0;
	bool		defined;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_pg_check(mlc_wilson(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
							&defined, &lower, &upper, &st), &st);
	return pair_result(fcinfo, defined, lower, upper);
}

PG_FUNCTION_INFO_V1(mlcheck_two_proportion_test);
Datum
mlcheck_two_proportion_test(PG_FUNCTION_ARGS)
{
	double		z = 0,
				p = 0;
	bool		defined;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_pg_check(mlc_two_proportion_test(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
										 PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3),
										 &defined, &z, &p, &st), &st);
	return pair_result(fcinfo, defined, z, p);
}
