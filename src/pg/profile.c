/*
 * profile.c — fmgr glue for mlcheck.numeric_profile and
 * mlcheck.categorical_profile: the row input of the profile() aggregates
 * and the accessors (type I/O, combine, merge(), final and comparisons are
 * the shared ones of mlc_state.c).  The sketch, moments and codecs live in
 * src/core/mlc_profile.c; this file moves values and reports errors.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "mlc_profile.h"
#include "mlc_pg.h"
#include "mlc_state.h"
#include "profile_rows.h"

#define NUM_NAME "numeric_profile"
#define CAT_NAME "categorical_profile"

#define PG_GETARG_NUMPROF(n) mlc_pg_numeric_profile_from_datum(PG_GETARG_DATUM(n))
#define PG_GETARG_CATPROF(n) mlc_pg_categorical_profile_from_datum(PG_GETARG_DATUM(n))

/* ------------------------------------------------------------ aggregates */

/*
 * The states are the profile types themselves, as expanded objects
 * (src/pg/mlc_state.c: type I/O, combine, merge(), final, comparisons);
 * only the row input is here.
 *
 * A scan building many profiles calls these once per column and row, so
 * each has a small hot path (no stack frame to speak of, no call into the
 * server): the read-write state of the previous row plus a value that needs
 * no allocation.  Everything else (the first row, NULLs, a value that
 * grows or compacts the profile, errors) is in a separate function, which
 * does exactly what the one function did before.
 */

static void *
new_numprof(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	return mlc_numprof_new();
}

static pg_noinline Datum
numeric_profile_trans_slow(FunctionCallInfo fcinfo, mlc_pg_state *s)
{
	if (s == NULL)
		s = mlc_pg_trans_state(fcinfo, &mlc_numprof_type, new_numprof, NULL);
	if (PG_ARGISNULL(1))
		mlc_numprof_add_null(s->value);
	else
	{
		MemoryContext old = mlc_pg_state_enter(s);
		mlc_status	st;
		mlc_code	rc;

		rc = mlc_numprof_add(s->value, PG_GETARG_FLOAT8(1), &st);
		MemoryContextSwitchTo(old);
		mlc_pg_check(rc, &st);
	}
	MLC_PG_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_trans);
Datum
mlcheck_numeric_profile_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s = mlc_pg_state_rw(fcinfo, 0, &mlc_numprof_type);

	/* per-row fast path: a value that needs no allocation or compaction */
	if (likely(s != NULL && !PG_ARGISNULL(1)) &&
		mlc_numprof_add_quick(s->value, PG_GETARG_FLOAT8(1)))
		MLC_PG_RETURN_STATE(s);
	return numeric_profile_trans_slow(fcinfo, s);
}

static void *
new_catprof(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	return mlc_catprof_new();
}

static pg_noinline Datum
categorical_profile_trans_slow(FunctionCallInfo fcinfo, mlc_pg_state *s)
{
	if (s == NULL)
		s = mlc_pg_trans_state(fcinfo, &mlc_catprof_type, new_catprof, NULL);
	if (PG_ARGISNULL(1))
		mlc_catprof_add_null(s->value);
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(1);
		MemoryContext old = mlc_pg_state_enter(s);
		mlc_status	st;
		mlc_code	rc;

		mlc_status_init(&st);
		rc = mlc_catprof_add(s->value, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), 1, &st);
		MemoryContextSwitchTo(old);
		mlc_pg_check(rc, &st);
	}
	MLC_PG_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_trans);
Datum
mlcheck_categorical_profile_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s = mlc_pg_state_rw(fcinfo, 0, &mlc_catprof_type);

	/*
	 * per-row fast path: a category already held, in a value that needs no
	 * detoasting (PG_GETARG_TEXT_PP would return it as it is): a short
	 * inline header or a plain 4-byte one, each read once
	 */
	if (likely(s != NULL && !PG_ARGISNULL(1)) &&
		mlc_pg_catprof_add_known_datum(s->value, PG_GETARG_DATUM(1)))
		MLC_PG_RETURN_STATE(s);
	return categorical_profile_trans_slow(fcinfo, s);
}

/* ------------------------------------------------------------- accessors */

#define NUM_COUNT_ACCESSOR(fname, field) \
PG_FUNCTION_INFO_V1(fname); \
Datum fname(PG_FUNCTION_ARGS) { PG_RETURN_INT64(PG_GETARG_NUMPROF(0)->field); }

NUM_COUNT_ACCESSOR(mlcheck_n_numeric_profile, n)
NUM_COUNT_ACCESSOR(mlcheck_n_null_numeric_profile, n_null)
NUM_COUNT_ACCESSOR(mlcheck_n_nan_numeric_profile, n_nan)
NUM_COUNT_ACCESSOR(mlcheck_n_posinf_numeric_profile, n_posinf)
NUM_COUNT_ACCESSOR(mlcheck_n_neginf_numeric_profile, n_neginf)

enum
{
	ST_MEAN, ST_VAR_SAMP, ST_VAR_POP, ST_SD_SAMP, ST_SD_POP, ST_MIN, ST_MAX
};

static Datum
num_stat(FunctionCallInfo fcinfo, int which)
{
	mlc_numprof *p = PG_GETARG_NUMPROF(0);
	mlc_moments m;
	double		v = 0;

	mlc_numprof_moments(p, &m);
	if (m.n == 0 || ((which == ST_VAR_SAMP || which == ST_SD_SAMP) && m.n < 2))
		PG_RETURN_NULL();
	switch (which)
	{
		case ST_MEAN:
			v = m.mean;
			break;
		case ST_VAR_SAMP:
			v = m.m2 / (double) (m.n - 1);
			break;
		case ST_VAR_POP:
			v = m.m2 / (double) m.n;
			break;
		case ST_SD_SAMP:
			v = sqrt(m.m2 / (double) (m.n - 1));
			break;
		case ST_SD_POP:
			v = sqrt(m.m2 / (double) m.n);
			break;
		case ST_MIN:
			v = m.min;
			break;
		case ST_MAX:
			v = m.max;
			break;
	}
	PG_RETURN_FLOAT8(v);
}

#define NUM_STAT_ACCESSOR(fname, which) \
PG_FUNCTION_INFO_V1(fname); \
Datum fname(PG_FUNCTION_ARGS) { return num_stat(fcinfo, which); }

NUM_STAT_ACCESSOR(mlcheck_mean_numeric_profile, ST_MEAN)
NUM_STAT_ACCESSOR(mlcheck_variance_numeric_profile, ST_VAR_SAMP)
NUM_STAT_ACCESSOR(mlcheck_var_pop_numeric_profile, ST_VAR_POP)
NUM_STAT_ACCESSOR(mlcheck_stddev_numeric_profile, ST_SD_SAMP)
NUM_STAT_ACCESSOR(mlcheck_stddev_pop_numeric_profile, ST_SD_POP)
NUM_STAT_ACCESSOR(mlcheck_min_value_numeric_profile, ST_MIN)
NUM_STAT_ACCESSOR(mlcheck_max_value_numeric_profile, ST_MAX)

PG_FUNCTION_INFO_V1(mlcheck_is_exact_numeric_profile);
Datum
mlcheck_is_exact_numeric_profile(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_NUMPROF(0)->exact);
}

PG_FUNCTION_INFO_V1(mlcheck_rank_error_numeric_profile);
Datum
mlcheck_rank_error_numeric_profile(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(mlc_numprof_rank_error(PG_GETARG_NUMPROF(0)));
}

PG_FUNCTION_INFO_V1(mlcheck_quantile_numeric_profile);
Datum
mlcheck_quantile_numeric_profile(PG_FUNCTION_ARGS)
{
	mlc_numprof *p = PG_GETARG_NUMPROF(0);
	double		q = PG_GETARG_FLOAT8(1),
				out;

	if (!(q >= 0 && q <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("quantile level must be between 0 and 1"),
				 errdetail("Got %g.", q),
				 errhint("Use e.g. 0.5 for the median, 0.9 for the 90th percentile.")));
	if (!mlc_numprof_quantile(p, q, &out))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(mlcheck_cdf_numeric_profile);
Datum
mlcheck_cdf_numeric_profile(PG_FUNCTION_ARGS)
{
	mlc_numprof *p = PG_GETARG_NUMPROF(0);
	double		x = PG_GETARG_FLOAT8(1),
				out;

	if (isnan(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cdf point must not be NaN"),
				 errhint("Pass a number; -Infinity gives 0 and Infinity gives 1.")));
	if (!mlc_numprof_cdf(p, x, &out))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}

/* categorical */

#define CAT_COUNT_ACCESSOR(fname, field) \
PG_FUNCTION_INFO_V1(fname); \
Datum fname(PG_FUNCTION_ARGS) { PG_RETURN_INT64(PG_GETARG_CATPROF(0)->field); }

CAT_COUNT_ACCESSOR(mlcheck_n_categorical_profile, n)
CAT_COUNT_ACCESSOR(mlcheck_n_null_categorical_profile, n_null)
CAT_COUNT_ACCESSOR(mlcheck_n_other_categorical_profile, n_other)

PG_FUNCTION_INFO_V1(mlcheck_n_categories_categorical_profile);
Datum
mlcheck_n_categories_categorical_profile(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_CATPROF(0)->k);
}

PG_FUNCTION_INFO_V1(mlcheck_is_exact_categorical_profile);
Datum
mlcheck_is_exact_categorical_profile(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_CATPROF(0)->n_other == 0);
}

PG_FUNCTION_INFO_V1(mlcheck_categories_categorical_profile);
Datum
mlcheck_categories_categorical_profile(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	mlc_catprof *c = PG_GETARG_CATPROF(0);
	int32_t    *idx;
	int32_t		i;

	InitMaterializedSRF(fcinfo, 0);
	idx = mlc_catprof_rank(c);
	if (idx == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	for (i = 0; i < c->k; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		int32_t		j = idx[i];

		values[0] = PointerGetDatum(cstring_to_text_with_len(c->lab[j], c->llen[j]));
		values[1] = Int64GetDatum(c->cnt[j]);
		values[2] = Float8GetDatum((double) c->cnt[j] / (double) c->n);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(mlcheck_count_categorical_profile);
Datum
mlcheck_count_categorical_profile(PG_FUNCTION_ARGS)
{
	mlc_catprof *c = PG_GETARG_CATPROF(0);
	text	   *t = PG_GETARG_TEXT_PP(1);
	int32_t		i = mlc_catprof_find(c, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	PG_RETURN_INT64(i < 0 ? 0 : c->cnt[i]);
}
