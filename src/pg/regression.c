/*
 * regression.c — fmgr glue for the mlcheck.regression type:
 * type I/O, the regression()/merge() aggregates and the metric accessors.
 * All arithmetic lives in src/core/mlc_regression.c.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "mlc_regression.h"
#include "mlc_pg.h"

#define REG_NAME "regression"

static mlc_regression *
regression_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_regression *r;

	mlc_status_init(&st);
	r = mlc_regression_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (r == NULL)
	{
		/* a stored value that does not decode is corruption, not syntax */
		if (st.code == MLC_ESYNTAX)
			st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return r;
}

#define PG_GETARG_REGRESSION(n) regression_from_datum(PG_GETARG_DATUM(n))

static Datum
regression_datum(const mlc_regression *r)
{
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 128);
	mlc_pg_check(mlc_regression_write(r, &b, &st), &st);
	return PointerGetDatum(mlc_pg_buf_to_varlena(&b, REG_NAME));
}

/* ------------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(mlcheck_regression_in);
Datum
mlcheck_regression_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	mlc_status	st;
	mlc_regression *r;

	mlc_status_init(&st);
	r = mlc_regression_from_json(s, strlen(s), &st);
	if (r == NULL)
		mlc_pg_raise(&st);
	PG_RETURN_DATUM(regression_datum(r));
}

PG_FUNCTION_INFO_V1(mlcheck_regression_out);
Datum
mlcheck_regression_out(PG_FUNCTION_ARGS)
{
	mlc_regression *r = PG_GETARG_REGRESSION(0);
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 256);
	mlc_pg_check(mlc_regression_to_json(r, &b, &st), &st);
	PG_RETURN_CSTRING(mlc_pg_buf_to_cstring(&b, REG_NAME));
}

PG_FUNCTION_INFO_V1(mlcheck_regression_recv);
Datum
mlcheck_regression_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	mlc_status	st;
	mlc_regression *r;

	mlc_status_init(&st);
	r = mlc_regression_read(buf->data + buf->cursor, buf->len - buf->cursor, &st);
	if (r == NULL)
		mlc_pg_raise(&st);
	buf->cursor = buf->len;
	PG_RETURN_DATUM(regression_datum(r));
}

/* ------------------------------------------------------------ aggregates */

static inline mlc_regression *
get_state(FunctionCallInfo fcinfo)
{
	mlc_regression *r;
	MemoryContext aggctx,
				old;

	if (!PG_ARGISNULL(0))
		return (mlc_regression *) PG_GETARG_POINTER(0);
	aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.regression");
	old = MemoryContextSwitchTo(aggctx);
	r = mlc_regression_new();
	MemoryContextSwitchTo(old);
	if (r == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	return r;
}

/* (state, predicted, actual [, weight]) */
PG_FUNCTION_INFO_V1(mlcheck_regression_trans);
Datum
mlcheck_regression_trans(PG_FUNCTION_ARGS)
{
	mlc_regression *r = get_state(fcinfo);
	double		p,
				a,
				w = 1.0;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (PG_NARGS() > 3 && PG_ARGISNULL(3)))
	{
		r->n_null++;
		PG_RETURN_POINTER(r);
	}
	p = PG_GETARG_FLOAT8(1);
	a = PG_GETARG_FLOAT8(2);
	if (unlikely(!isfinite(p) || !isfinite(a)))
	{
		mlc_status	st;

		mlc_status_init(&st);
		mlc_regression_check(p, a, &st);
		mlc_pg_raise(&st);
	}
	if (PG_NARGS() > 3)
	{
		w = PG_GETARG_FLOAT8(3);
		mlc_pg_check_weight(w);
	}
	mlc_regression_add(r, p, a, w);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(mlcheck_regression_merge_trans);
Datum
mlcheck_regression_merge_trans(PG_FUNCTION_ARGS)
{
	mlc_regression *r = get_state(fcinfo);

	if (!PG_ARGISNULL(1))
		mlc_regression_merge(r, PG_GETARG_REGRESSION(1));
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(mlcheck_regression_combine);
Datum
mlcheck_regression_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._regression_combine");
	mlc_regression *a = PG_ARGISNULL(0) ? NULL : (mlc_regression *) PG_GETARG_POINTER(0);
	mlc_regression *b = PG_ARGISNULL(1) ? NULL : (mlc_regression *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(aggctx);

		a = mlc_regression_copy(b);
		MemoryContextSwitchTo(old);
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	else
		mlc_regression_merge(a, b);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_regression_serial);
Datum
mlcheck_regression_serial(PG_FUNCTION_ARGS)
{
	mlc_regression *r = (mlc_regression *) PG_GETARG_POINTER(0);

	mlc_pg_agg_context(fcinfo, "mlcheck._regression_serial");
	PG_RETURN_DATUM(regression_datum(r));
}

PG_FUNCTION_INFO_V1(mlcheck_regression_deserial);
Datum
mlcheck_regression_deserial(PG_FUNCTION_ARGS)
{
	mlc_pg_agg_context(fcinfo, "mlcheck._regression_deserial");
	PG_RETURN_POINTER(PG_GETARG_REGRESSION(0));
}

PG_FUNCTION_INFO_V1(mlcheck_regression_final);
Datum
mlcheck_regression_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(regression_datum((mlc_regression *) PG_GETARG_POINTER(0)));
}

/* ------------------------------------------------------------- operators */

PG_FUNCTION_INFO_V1(mlcheck_regression_plus);
Datum
mlcheck_regression_plus(PG_FUNCTION_ARGS)
{
	mlc_regression *a = PG_GETARG_REGRESSION(0);

	mlc_regression_merge(a, PG_GETARG_REGRESSION(1));
	PG_RETURN_DATUM(regression_datum(a));
}

PG_FUNCTION_INFO_V1(mlcheck_regression_eq);
Datum
mlcheck_regression_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(mlc_regression_equal(PG_GETARG_REGRESSION(0), PG_GETARG_REGRESSION(1)));
}

PG_FUNCTION_INFO_V1(mlcheck_regression_ne);
Datum
mlcheck_regression_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!mlc_regression_equal(PG_GETARG_REGRESSION(0), PG_GETARG_REGRESSION(1)));
}

/* ------------------------------------------------------------- accessors */

#define REG_METRIC(sqlname, which) \
PG_FUNCTION_INFO_V1(mlcheck_regression_##sqlname); \
Datum \
mlcheck_regression_##sqlname(PG_FUNCTION_ARGS) \
{ \
	double		out; \
	if (!mlc_regression_metric_value(PG_GETARG_REGRESSION(0), which, &out)) \
		PG_RETURN_NULL(); \
	PG_RETURN_FLOAT8(out); \
}

REG_METRIC(mae, MLC_REG_MAE)
REG_METRIC(mse, MLC_REG_MSE)
REG_METRIC(rmse, MLC_REG_RMSE)
REG_METRIC(r2, MLC_REG_R2)
REG_METRIC(mape, MLC_REG_MAPE)
REG_METRIC(max_error, MLC_REG_MAX_ERROR)
REG_METRIC(mean_error, MLC_REG_MEAN_ERROR)
REG_METRIC(explained_variance, MLC_REG_EXPLAINED_VARIANCE)

PG_FUNCTION_INFO_V1(mlcheck_regression_n);
Datum
mlcheck_regression_n(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PG_GETARG_REGRESSION(0)->weight);
}

PG_FUNCTION_INFO_V1(mlcheck_regression_n_null);
Datum
mlcheck_regression_n_null(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_REGRESSION(0)->n_null);
}
