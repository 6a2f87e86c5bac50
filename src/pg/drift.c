/*
 * drift.c — fmgr glue for the drift statistics over two profiles:
 * psi, ks, wasserstein, js_distance, chi2 and drift().  The statistics
 * live in src/core/mlc_drift.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "mlc_drift.h"
#include "mlc_pg.h"

extern mlc_numprof *mlc_pg_numprof_from_datum(Datum d);
extern mlc_catprof *mlc_pg_catprof_from_datum(Datum d);

#define NUMARG(n) mlc_pg_numprof_from_datum(PG_GETARG_DATUM(n))
#define CATARG(n) mlc_pg_catprof_from_datum(PG_GETARG_DATUM(n))

/* the statistics that are one float8, NULL when undefined */
typedef enum distance_kind
{
	PSI_NUMERIC,
	PSI_CATEGORICAL,
	WASSERSTEIN_NUMERIC,
	JS_NUMERIC,
	JS_CATEGORICAL
} distance_kind;

static Datum
distance(FunctionCallInfo fcinfo, distance_kind which)
{
	mlc_status	st;
	bool		def = false;
	double		v = 0;
	mlc_code	rc = MLC_OK;

	mlc_status_init(&st);
	switch (which)
	{
		case PSI_NUMERIC:
			rc = mlc_drift_psi(NUMARG(0), NUMARG(1), PG_GETARG_INT32(2), &def, &v, &st);
			break;
		case PSI_CATEGORICAL:
			rc = mlc_drift_psi_cat(CATARG(0), CATARG(1), &def, &v, &st);
			break;
		case WASSERSTEIN_NUMERIC:
			rc = mlc_drift_wasserstein(NUMARG(0), NUMARG(1), &def, &v, &st);
			break;
		case JS_NUMERIC:
			rc = mlc_drift_js(NUMARG(0), NUMARG(1), PG_GETARG_INT32(2), &def, &v, &st);
			break;
		case JS_CATEGORICAL:
			rc = mlc_drift_js_cat(CATARG(0), CATARG(1), &def, &v, &st);
			break;
	}
	mlc_pg_check(rc, &st);
	if (!def)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

MLC_PG_ENTRY(mlcheck_psi_numeric, distance(fcinfo, PSI_NUMERIC))
MLC_PG_ENTRY(mlcheck_psi_categorical, distance(fcinfo, PSI_CATEGORICAL))
MLC_PG_ENTRY(mlcheck_wasserstein_numeric, distance(fcinfo, WASSERSTEIN_NUMERIC))
MLC_PG_ENTRY(mlcheck_js_distance_numeric, distance(fcinfo, JS_NUMERIC))
MLC_PG_ENTRY(mlcheck_js_distance_categorical, distance(fcinfo, JS_CATEGORICAL))

PG_FUNCTION_INFO_V1(mlcheck_ks_numeric);
Datum
mlcheck_ks_numeric(PG_FUNCTION_ARGS)
{
	mlc_status	st;
	bool		def;
	double		d = 0,
				p = 0;
	Datum		values[2];
	bool		nulls[2];

	mlc_status_init(&st);
	mlc_pg_check(mlc_drift_ks(NUMARG(0), NUMARG(1), &def, &d, &p, &st), &st);
	values[0] = Float8GetDatum(d);
	values[1] = Float8GetDatum(p);
	nulls[0] = nulls[1] = !def;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_chi2_categorical);
Datum
mlcheck_chi2_categorical(PG_FUNCTION_ARGS)
{
	mlc_status	st;
	bool		def;
	double		s = 0,
				p = 0;
	int64_t		df = 0;
	Datum		values[3];
	bool		nulls[3];

	mlc_status_init(&st);
	mlc_pg_check(mlc_drift_chi2(CATARG(0), CATARG(1), &def, &s, &df, &p, &st), &st);
	values[0] = Float8GetDatum(s);
	values[1] = Int32GetDatum((int32) df);
	values[2] = Float8GetDatum(p);
	nulls[0] = nulls[1] = nulls[2] = !def;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

static Datum
drift_common(FunctionCallInfo fcinfo, bool numeric)
{
	mlc_status	st;
	mlc_drift_result r;
	mlc_buf		details;
	char	   *method = NULL;
	bool		has_thr = !PG_ARGISNULL(3);
	double		thr = has_thr ? PG_GETARG_FLOAT8(3) : 0;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(2))
		method = text_to_cstring(PG_GETARG_TEXT_PP(2));
	mlc_status_init(&st);
	mlc_buf_init(&details, 256);
	if (numeric)
		mlc_pg_check(mlc_drift_numeric(NUMARG(0), NUMARG(1), method, has_thr, thr,
									   &r, &details, &st), &st);
	else
		mlc_pg_check(mlc_drift_categorical(CATARG(0), CATARG(1), method, has_thr, thr,
										   &r, &details, &st), &st);
	values[0] = CStringGetTextDatum(r.method);
	values[1] = Float8GetDatum(r.statistic);
	nulls[1] = !r.has_stat;
	values[2] = Float8GetDatum(r.p_value);
	nulls[2] = !r.has_p;
	values[3] = Float8GetDatum(r.threshold);
	values[4] = BoolGetDatum(r.drifted);
	nulls[4] = !r.has_drifted;
	values[5] = DirectFunctionCall1(jsonb_in,
									CStringGetDatum(mlc_pg_buf_to_cstring(&details, "drift details")));
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

MLC_PG_ENTRY(mlcheck_drift_numeric, drift_common(fcinfo, true))
MLC_PG_ENTRY(mlcheck_drift_categorical, drift_common(fcinfo, false))
