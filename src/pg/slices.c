/*
 * slices.c — fmgr glue for the statistics of mlcheck.slice_report:
 * mlcheck.wilson(successes, n [, level]) and the support function
 * mlcheck._two_proportion_test(x1, n1, x2, n2).  The report itself is
 * PL/pgSQL in src/sql/50_slices.sql; the arithmetic is in
 * src/core/mlc_slices.c.
 */
#include "postgres.h"

#include "fmgr.h"

#include "mlc_pg.h"
#include "mlc_slices.h"

/* Return a two-column float8 record, both NULL when !defined. */
static Datum
pair_result(FunctionCallInfo fcinfo, bool defined, double a, double b)
{
	Datum		values[2] = {Float8GetDatum(a), Float8GetDatum(b)};
	bool		nulls[2] = {!defined, !defined};

	return mlc_pg_make_row(fcinfo, values, nulls);
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
