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

static bool
int_label(int32 v)
{
	if (v != 0 && v != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("integer label must be 0 or 1"),
				 errdetail("Got label %d.", v),
				 errhint("Use a boolean label, or map the positive class to 1 and the others to 0.")));
	return v == 1;
}

static mlc_delong *
get_state(FunctionCallInfo fcinfo, MemoryContext aggctx, bool paired)
{
	mlc_delong *d;
	MemoryContext old;

	if (!PG_ARGISNULL(0))
		return (mlc_delong *) PG_GETARG_POINTER(0);
	old = MemoryContextSwitchTo(aggctx);
	d = mlc_delong_new(paired);
	MemoryContextSwitchTo(old);
	if (d == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	return d;
}

static void
add_row(MemoryContext aggctx, mlc_delong *d, double a, double b, bool positive)
{
	MemoryContext old = MemoryContextSwitchTo(aggctx);
	mlc_status	st;

	mlc_status_init(&st);
	if (mlc_delong_add(d, a, b, positive, &st) != MLC_OK)
		mlc_pg_raise(&st);
	MemoryContextSwitchTo(old);
}

/* (state, score, label [, level]) */
static Datum
ci_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.roc_auc_ci");
	mlc_delong *d = get_state(fcinfo, aggctx, false);
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
		mlc_pg_check(mlc_delong_set_level(d, PG_GETARG_FLOAT8(3), &st), &st);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(d);
	positive = int_lab ? int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2);
	add_row(aggctx, d, PG_GETARG_FLOAT8(1), 0, positive);
	PG_RETURN_POINTER(d);
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
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.delong_test");
	mlc_delong *d = get_state(fcinfo, aggctx, true);
	bool		positive;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(d);
	positive = int_lab ? int_label(PG_GETARG_INT32(3)) : PG_GETARG_BOOL(3);
	add_row(aggctx, d, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), positive);
	PG_RETURN_POINTER(d);
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

PG_FUNCTION_INFO_V1(mlcheck_delong_combine);
Datum
mlcheck_delong_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._delong_combine");
	mlc_delong *a = PG_ARGISNULL(0) ? NULL : (mlc_delong *) PG_GETARG_POINTER(0);
	mlc_delong *b = PG_ARGISNULL(1) ? NULL : (mlc_delong *) PG_GETARG_POINTER(1);
	MemoryContext old;
	mlc_status	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	old = MemoryContextSwitchTo(aggctx);
	mlc_status_init(&st);
	if (a == NULL)
	{
		a = mlc_delong_new(b->paired);
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	if (mlc_delong_merge(a, b, &st) != MLC_OK)
		mlc_pg_raise(&st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_delong_serial);
Datum
mlcheck_delong_serial(PG_FUNCTION_ARGS)
{
	mlc_delong *d = (mlc_delong *) PG_GETARG_POINTER(0);
	mlc_buf		b;
	mlc_status	st;
	size_t		size;

	mlc_pg_agg_context(fcinfo, "mlcheck._delong_serial");
	mlc_status_init(&st);
	size = mlc_delong_serial_size(d);
	if (size == SIZE_MAX || size + VARHDRSZ > MaxAllocSize)
		mlc_pg_check(mlc_fail(&st, MLC_ELIMIT, "DeLong state is too large to serialize", NULL,
							  "Evaluate a sample of the rows (e.g. TABLESAMPLE)."), &st);
	mlc_buf_init(&b, size + 1);
	mlc_pg_check(mlc_delong_write(d, &b, &st), &st);
	PG_RETURN_POINTER(mlc_pg_buf_to_varlena(&b, "DeLong state"));
}

PG_FUNCTION_INFO_V1(mlcheck_delong_deserial);
Datum
mlcheck_delong_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	mlc_status	st;
	mlc_delong *d;

	mlc_pg_agg_context(fcinfo, "mlcheck._delong_deserial");
	mlc_status_init(&st);
	d = mlc_delong_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (d == NULL)
		mlc_pg_raise(&st);
	PG_RETURN_POINTER(d);
}

static Datum
make_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	td;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	td = BlessTupleDesc(td);
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_roc_auc_ci_final);
Datum
mlcheck_roc_auc_ci_final(PG_FUNCTION_ARGS)
{
	Datum		values[3];
	bool		nulls[3] = {true, true, true};
	mlc_delong_ci_result r;
	mlc_status	st;

	if (!PG_ARGISNULL(0))
	{
		mlc_status_init(&st);
		/* sorts in place; the state keeps the same rows (READ_ONLY) */
		mlc_pg_check(mlc_delong_ci((mlc_delong *) PG_GETARG_POINTER(0), &r, &st), &st);
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
	PG_RETURN_DATUM(make_row(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_delong_test_final);
Datum
mlcheck_delong_test_final(PG_FUNCTION_ARGS)
{
	Datum		values[5];
	bool		nulls[5] = {true, true, true, true, true};
	mlc_delong_test_result r;
	mlc_status	st;

	if (!PG_ARGISNULL(0))
	{
		mlc_status_init(&st);
		mlc_pg_check(mlc_delong_test((mlc_delong *) PG_GETARG_POINTER(0), &r, &st), &st);
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
	PG_RETURN_DATUM(make_row(fcinfo, values, nulls));
}
