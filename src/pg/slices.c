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

/*
 * PAIR_FUNCTION(symbol, fn, args...): the entry point `symbol` returning
 * the record (a, b) of fn(args..., &defined, &a, &b, &status).
 */
#define PAIR_FUNCTION(symbol, fn, ...) \
PG_FUNCTION_INFO_V1(symbol); \
Datum \
symbol(PG_FUNCTION_ARGS) \
{ \
	double		a = 0, \
				b = 0; \
	bool		defined = false; \
\
	MLC_PG_CALL(fn, __VA_ARGS__, &defined, &a, &b); \
	return pair_result(fcinfo, defined, a, b); \
}

/* wilson(successes, n, level): the Wilson score interval (lower, upper) */
PAIR_FUNCTION(mlcheck_wilson, mlc_wilson, PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2))

/* _two_proportion_test(x1, n1, x2, n2): (z, p_value) */
PAIR_FUNCTION(mlcheck_two_proportion_test, mlc_two_proportion_test,
			  PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3))
