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

#define NUMARG(n) mlc_pg_numeric_profile_from_datum(PG_GETARG_DATUM(n))
#define CATARG(n) mlc_pg_categorical_profile_from_datum(PG_GETARG_DATUM(n))

/*
 * The statistics that are one float8, NULL when undefined:
 * f(ref, cur [, bins]) of numeric or categorical profiles.
 */
typedef mlc_code (*numeric_distance_fn) (mlc_numprof *ref, mlc_numprof *cur, int bins,
										 bool *defined, double *out, mlc_status *st);
typedef mlc_code (*categorical_distance_fn) (mlc_catprof *ref, mlc_catprof *cur,
											 bool *defined, double *out, mlc_status *st);

/* wasserstein takes no bins argument */
static mlc_code
wasserstein(mlc_numprof *ref, mlc_numprof *cur, int bins, bool *defined, double *out,
			mlc_status *st)
{
	return mlc_drift_wasserstein(ref, cur, defined, out, st);
}

static Datum
distance(FunctionCallInfo fcinfo, numeric_distance_fn num, categorical_distance_fn cat)
{
	bool		def = false;
	double		v = 0;

	if (num)
		MLC_PG_CALL(num, NUMARG(0), NUMARG(1), PG_NARGS() > 2 ? PG_GETARG_INT32(2) : 0, &def, &v);
	else
		MLC_PG_CALL(cat, CATARG(0), CATARG(1), &def, &v);
	return mlc_pg_float8_or_null(fcinfo, def, v);
}

MLC_PG_ENTRY(mlcheck_psi_numeric, distance(fcinfo, mlc_drift_psi, NULL))
MLC_PG_ENTRY(mlcheck_psi_categorical, distance(fcinfo, NULL, mlc_drift_psi_cat))
MLC_PG_ENTRY(mlcheck_wasserstein_numeric, distance(fcinfo, wasserstein, NULL))
MLC_PG_ENTRY(mlcheck_js_distance_numeric, distance(fcinfo, mlc_drift_js, NULL))
MLC_PG_ENTRY(mlcheck_js_distance_categorical, distance(fcinfo, NULL, mlc_drift_js_cat))

PG_FUNCTION_INFO_V1(mlcheck_ks_numeric);
Datum
mlcheck_ks_numeric(PG_FUNCTION_ARGS)
{
	bool		def;
	double		d = 0,
				p = 0;
	Datum		values[2];
	bool		nulls[2];

	MLC_PG_CALL(mlc_drift_ks, NUMARG(0), NUMARG(1), &def, &d, &p);
	values[0] = Float8GetDatum(d);
	values[1] = Float8GetDatum(p);
	nulls[0] = nulls[1] = !def;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_chi2_categorical);
Datum
mlcheck_chi2_categorical(PG_FUNCTION_ARGS)
{
	bool		def;
	double		s = 0,
				p = 0;
	int64_t		df = 0;
	Datum		values[3];
	bool		nulls[3];

	MLC_PG_CALL(mlc_drift_chi2, CATARG(0), CATARG(1), &def, &s, &df, &p);
	values[0] = Float8GetDatum(s);
	values[1] = Int32GetDatum((int32) df);
	values[2] = Float8GetDatum(p);
	nulls[0] = nulls[1] = nulls[2] = !def;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

static Datum
drift_common(FunctionCallInfo fcinfo, bool numeric)
{
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
	mlc_buf_init(&details, 256);
	if (numeric)
		MLC_PG_CALL(mlc_drift_numeric, NUMARG(0), NUMARG(1), method, has_thr, thr, &r, &details);
	else
		MLC_PG_CALL(mlc_drift_categorical, CATARG(0), CATARG(1), method, has_thr, thr, &r, &details);
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
