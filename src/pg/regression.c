/*
 * regression.c — fmgr glue for the mlcheck.regression type: the row input
 * of the regression() aggregates and the metric accessors (type I/O,
 * combine, merge(), final, `+` and comparisons: mlc_state.c).
 * All arithmetic lives in src/core/mlc_regression.c.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/builtins.h"

#include "mlc_regression.h"
#include "mlc_pg.h"
#include "mlc_state.h"

#define PG_GETARG_REGRESSION(n) mlc_pg_regression_from_datum(PG_GETARG_DATUM(n))

/* ------------------------------------------------------------ aggregates */

MLC_PG_INIT_NEW(new_regression, mlc_regression_new)

/* (state, predicted, actual [, weight]) */
PG_FUNCTION_INFO_V1(mlcheck_regression_trans);
Datum
mlcheck_regression_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_regression_type, new_regression, NULL);
	mlc_regression *r = s->value;
	double		p,
				a,
				w = 1.0;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (PG_NARGS() > 3 && PG_ARGISNULL(3)))
	{
		r->n_null++;
		MLC_PG_RETURN_STATE(s);
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
	MLC_PG_RETURN_STATE(s);
}

/* ------------------------------------------------------------- accessors */

#define REG_METRIC(sqlname, which) \
	MLC_PG_METRIC(mlcheck_regression_##sqlname, mlc_regression_metric_value, PG_GETARG_REGRESSION(0), which)

REG_METRIC(mae, MLC_REG_MAE)
REG_METRIC(mse, MLC_REG_MSE)
REG_METRIC(rmse, MLC_REG_RMSE)
REG_METRIC(r2, MLC_REG_R2)
REG_METRIC(mape, MLC_REG_MAPE)
REG_METRIC(max_error, MLC_REG_MAX_ERROR)
REG_METRIC(mean_error, MLC_REG_MEAN_ERROR)
REG_METRIC(explained_variance, MLC_REG_EXPLAINED_VARIANCE)

MLC_PG_ENTRY(mlcheck_regression_n, Float8GetDatum(PG_GETARG_REGRESSION(0)->weight))
MLC_PG_ENTRY(mlcheck_regression_n_null, Int64GetDatum(PG_GETARG_REGRESSION(0)->n_null))
