/*
 * delong.c — fmgr glue for mlcheck.roc_auc_ci and mlcheck.delong_test
 * (DeLong's variance).  Arithmetic lives in src/core/mlc_delong.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"

#include "mlc_delong.h"
#include "mlc_pg.h"
#include "mlc_state.h"

/* State mlcheck._delong_state (I/O and combine: src/pg/mlc_state.c). */
static const bool single = false,
			paired = true;

static void *
new_delong(FunctionCallInfo fcinfo, const void *is_paired, mlc_status *st)
{
	return mlc_delong_new(*(const bool *) is_paired);
}

/* rows grow the arrays: in the state's own context */
static void
add_row(mlc_pg_state *s, double a, double b, bool positive)
{
	MemoryContext old = mlc_pg_state_enter(s);
	mlc_status	st;
	mlc_code	rc;

	mlc_status_init(&st);
	rc = mlc_delong_add(s->value, a, b, positive, &st);
	MemoryContextSwitchTo(old);
	mlc_pg_check(rc, &st);
}

/* (state, score, label [, level]) */
static Datum
ci_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_delong_type, new_delong, &single);
	mlc_status	st;
	bool		positive;

	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("confidence level must not be NULL"),
					 errhint("Omit the argument for the default level of 0.95.")));
		mlc_status_init(&st);
		mlc_pg_check(mlc_delong_set_level(s->value, PG_GETARG_FLOAT8(3), &st), &st);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		MLC_PG_RETURN_STATE(s);
	positive = int_lab ? mlc_pg_int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2);
	add_row(s, PG_GETARG_FLOAT8(1), 0, positive);
	MLC_PG_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(mlcheck_roc_auc_ci_trans_bool);
Datum
mlcheck_roc_auc_ci_trans_bool(PG_FUNCTION_ARGS)
{
	return ci_trans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(mlcheck_roc_auc_ci_trans_int);
Datum
mlcheck_roc_auc_ci_trans_int(PG_FUNCTION_ARGS)
{
	return ci_trans(fcinfo, true);
}

/* (state, score_a, score_b, label) */
static Datum
test_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_delong_type, new_delong, &paired);
	bool		positive;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		MLC_PG_RETURN_STATE(s);
	positive = int_lab ? mlc_pg_int_label(PG_GETARG_INT32(3)) : PG_GETARG_BOOL(3);
	add_row(s, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), positive);
	MLC_PG_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(mlcheck_delong_test_trans_bool);
Datum
mlcheck_delong_test_trans_bool(PG_FUNCTION_ARGS)
{
	return test_trans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(mlcheck_delong_test_trans_int);
Datum
mlcheck_delong_test_trans_int(PG_FUNCTION_ARGS)
{
	return test_trans(fcinfo, true);
}

/*
 * Both finals sort the state's rows in place, in the context
 * mlc_pg_value_work gives (the state's: the rows stay the same, so a window
 * aggregate can go on adding rows).
 */
PG_FUNCTION_INFO_V1(mlcheck_roc_auc_ci_final);
Datum
mlcheck_roc_auc_ci_final(PG_FUNCTION_ARGS)
{
	Datum		values[3];
	bool		nulls[3] = {true, true, true};
	mlc_delong_ci_result r;

	if (!PG_ARGISNULL(0))
	{
		MemoryContext work;
		mlc_delong *d = mlc_pg_value_work(PG_GETARG_DATUM(0), &mlc_delong_type, &work);

		MLC_PG_CALL_IN(work, mlc_delong_ci, d, &r);
		if (r.defined)
		{
			values[0] = Float8GetDatum(r.auc);
			nulls[0] = false;
			if (r.ci_defined)
			{
				values[1] = Float8GetDatum(r.lower);
				values[2] = Float8GetDatum(r.upper);
				nulls[1] = nulls[2] = false;
			}
		}
	}
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_delong_test_final);
Datum
mlcheck_delong_test_final(PG_FUNCTION_ARGS)
{
	Datum		values[5];
	bool		nulls[5] = {true, true, true, true, true};
	mlc_delong_test_result r;

	if (!PG_ARGISNULL(0))
	{
		MemoryContext work;
		mlc_delong *d = mlc_pg_value_work(PG_GETARG_DATUM(0), &mlc_delong_type, &work);

		MLC_PG_CALL_IN(work, mlc_delong_test, d, &r);
		if (r.defined)
		{
			values[0] = Float8GetDatum(r.auc_a);
			values[1] = Float8GetDatum(r.auc_b);
			values[2] = Float8GetDatum(r.difference);
			nulls[0] = nulls[1] = nulls[2] = false;
			if (r.z_defined)
			{
				values[3] = Float8GetDatum(r.z);
				values[4] = Float8GetDatum(r.p_value);
				nulls[3] = nulls[4] = false;
			}
		}
	}
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}
