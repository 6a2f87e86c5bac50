/*
 * profile.c — fmgr glue for mlcheck.numeric_profile and
 * mlcheck.categorical_profile: type I/O, the profile()/merge()
 * aggregates and the accessors.  The sketch, moments and codecs live in
 * src/core/mlc_profile.c; this file moves values and reports errors.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "mlc_profile.h"
#include "mlc_pg.h"

#define NUM_NAME "numeric_profile"
#define CAT_NAME "categorical_profile"

mlc_numprof *mlc_pg_numprof_from_datum(Datum d);
mlc_catprof *mlc_pg_catprof_from_datum(Datum d);

/* ---------------------------------------------------------------- helpers */

mlc_numprof *
mlc_pg_numprof_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_numprof *p;

	mlc_status_init(&st);
	p = mlc_numprof_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (p == NULL)
	{
		/* a stored value that does not decode is corruption, not syntax */
		st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return p;
}

mlc_catprof *
mlc_pg_catprof_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_catprof *c;

	mlc_status_init(&st);
	c = mlc_catprof_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (c == NULL)
	{
		st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return c;
}

#define PG_GETARG_NUMPROF(n) mlc_pg_numprof_from_datum(PG_GETARG_DATUM(n))
#define PG_GETARG_CATPROF(n) mlc_pg_catprof_from_datum(PG_GETARG_DATUM(n))

static Datum
numprof_datum(mlc_numprof *p)
{
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 256);
	mlc_pg_check(mlc_numprof_write(p, &b, &st), &st);
	return PointerGetDatum(mlc_pg_buf_to_varlena(&b, NUM_NAME));
}

static Datum
catprof_datum(mlc_catprof *c)
{
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 256);
	mlc_pg_check(mlc_catprof_write(c, &b, &st), &st);
	return PointerGetDatum(mlc_pg_buf_to_varlena(&b, CAT_NAME));
}

static void
check_cat_encoding(const mlc_catprof *c)
{
	int32_t		i;

	for (i = 0; i < c->k; i++)
		pg_verifymbstr(c->lab[i], c->llen[i], false);
}

/* ------------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_in);
Datum
mlcheck_numeric_profile_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	mlc_status	st;
	mlc_numprof *p;

	mlc_status_init(&st);
	p = mlc_numprof_from_json(s, strlen(s), &st);
	if (p == NULL)
		mlc_pg_raise(&st);
	PG_RETURN_DATUM(numprof_datum(p));
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_out);
Datum
mlcheck_numeric_profile_out(PG_FUNCTION_ARGS)
{
	mlc_numprof *p = PG_GETARG_NUMPROF(0);
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 256);
	mlc_pg_check(mlc_numprof_to_json(p, &b, &st), &st);
	PG_RETURN_CSTRING(mlc_pg_buf_to_cstring(&b, NUM_NAME));
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_recv);
Datum
mlcheck_numeric_profile_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	mlc_status	st;
	mlc_numprof *p;

	mlc_status_init(&st);
	p = mlc_numprof_read(buf->data + buf->cursor, buf->len - buf->cursor, &st);
	if (p == NULL)
		mlc_pg_raise(&st);
	buf->cursor = buf->len;
	PG_RETURN_DATUM(numprof_datum(p));
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_in);
Datum
mlcheck_categorical_profile_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	mlc_status	st;
	mlc_catprof *c;

	mlc_status_init(&st);
	c = mlc_catprof_from_json(s, strlen(s), &st);
	if (c == NULL)
		mlc_pg_raise(&st);
	check_cat_encoding(c);
	PG_RETURN_DATUM(catprof_datum(c));
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_out);
Datum
mlcheck_categorical_profile_out(PG_FUNCTION_ARGS)
{
	mlc_catprof *c = PG_GETARG_CATPROF(0);
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 256);
	mlc_pg_check(mlc_catprof_to_json(c, &b, &st), &st);
	PG_RETURN_CSTRING(mlc_pg_buf_to_cstring(&b, CAT_NAME));
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_recv);
Datum
mlcheck_categorical_profile_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	mlc_status	st;
	mlc_catprof *c;

	mlc_status_init(&st);
	c = mlc_catprof_read(buf->data + buf->cursor, buf->len - buf->cursor, &st);
	if (c == NULL)
		mlc_pg_raise(&st);
	check_cat_encoding(c);
	buf->cursor = buf->len;
	PG_RETURN_DATUM(catprof_datum(c));
}

/* ------------------------------------------------ numeric aggregates */

static mlc_numprof *
num_state(FunctionCallInfo fcinfo, MemoryContext *aggctx)
{
	mlc_numprof *p;
	MemoryContext old;

	*aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.profile");
	if (!PG_ARGISNULL(0))
		return (mlc_numprof *) PG_GETARG_POINTER(0);
	old = MemoryContextSwitchTo(*aggctx);
	p = mlc_numprof_new();
	MemoryContextSwitchTo(old);
	if (p == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	return p;
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_trans);
Datum
mlcheck_numeric_profile_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_numprof *p;

	/*
	 * Per-row fast path: an existing state (only an aggregate can hand us a
	 * non-NULL internal state, so the context check is done when the state
	 * is created) and a value that needs no allocation or compaction.
	 */
	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1) &&
		mlc_numprof_add_quick((mlc_numprof *) PG_GETARG_POINTER(0), PG_GETARG_FLOAT8(1)))
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	p = num_state(fcinfo, &aggctx);
	if (PG_ARGISNULL(1))
		mlc_numprof_add_null(p);
	else
	{
		MemoryContext old = MemoryContextSwitchTo(aggctx);
		mlc_status	st;

		if (mlc_numprof_add(p, PG_GETARG_FLOAT8(1), &st) != MLC_OK)
			mlc_pg_raise(&st);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_merge_trans);
Datum
mlcheck_numeric_profile_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_numprof *p = num_state(fcinfo, &aggctx);

	if (!PG_ARGISNULL(1))
	{
		mlc_numprof *in = PG_GETARG_NUMPROF(1);
		MemoryContext old = MemoryContextSwitchTo(aggctx);
		mlc_status	st;

		mlc_status_init(&st);
		mlc_pg_check(mlc_numprof_merge(p, in, &st), &st);
		MemoryContextSwitchTo(old);
		mlc_numprof_free(in);
	}
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_combine);
Datum
mlcheck_numeric_profile_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._numeric_profile_combine");
	mlc_numprof *a = PG_ARGISNULL(0) ? NULL : (mlc_numprof *) PG_GETARG_POINTER(0);
	mlc_numprof *b = PG_ARGISNULL(1) ? NULL : (mlc_numprof *) PG_GETARG_POINTER(1);
	MemoryContext old;
	mlc_status	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	mlc_status_init(&st);
	old = MemoryContextSwitchTo(aggctx);
	if (a == NULL)
	{
		a = mlc_numprof_new();
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	mlc_pg_check(mlc_numprof_merge(a, b, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_serial);
Datum
mlcheck_numeric_profile_serial(PG_FUNCTION_ARGS)
{
	mlc_numprof *p = (mlc_numprof *) PG_GETARG_POINTER(0);

	mlc_pg_agg_context(fcinfo, "mlcheck._numeric_profile_serial");
	PG_RETURN_DATUM(numprof_datum(p));
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_deserial);
Datum
mlcheck_numeric_profile_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._numeric_profile_deserial");
	MemoryContext old = MemoryContextSwitchTo(aggctx);
	mlc_numprof *p = PG_GETARG_NUMPROF(0);

	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(mlcheck_numeric_profile_final);
Datum
mlcheck_numeric_profile_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(numprof_datum((mlc_numprof *) PG_GETARG_POINTER(0)));
}

/* --------------------------------------------- categorical aggregates */

static mlc_catprof *
cat_state(FunctionCallInfo fcinfo, MemoryContext *aggctx)
{
	mlc_catprof *c;
	MemoryContext old;

	*aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.profile");
	if (!PG_ARGISNULL(0))
		return (mlc_catprof *) PG_GETARG_POINTER(0);
	old = MemoryContextSwitchTo(*aggctx);
	c = mlc_catprof_new();
	MemoryContextSwitchTo(old);
	if (c == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	return c;
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_trans);
Datum
mlcheck_categorical_profile_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_catprof *c = cat_state(fcinfo, &aggctx);

	if (PG_ARGISNULL(1))
		mlc_catprof_add_null(c);
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(1);
		MemoryContext old = MemoryContextSwitchTo(aggctx);
		mlc_status	st;

		mlc_status_init(&st);
		mlc_pg_check(mlc_catprof_add(c, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), 1, &st), &st);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_merge_trans);
Datum
mlcheck_categorical_profile_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_catprof *c = cat_state(fcinfo, &aggctx);

	if (!PG_ARGISNULL(1))
	{
		mlc_catprof *in = PG_GETARG_CATPROF(1);
		MemoryContext old = MemoryContextSwitchTo(aggctx);
		mlc_status	st;

		mlc_status_init(&st);
		mlc_pg_check(mlc_catprof_merge(c, in, &st), &st);
		MemoryContextSwitchTo(old);
		mlc_catprof_free(in);
	}
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_combine);
Datum
mlcheck_categorical_profile_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._categorical_profile_combine");
	mlc_catprof *a = PG_ARGISNULL(0) ? NULL : (mlc_catprof *) PG_GETARG_POINTER(0);
	mlc_catprof *b = PG_ARGISNULL(1) ? NULL : (mlc_catprof *) PG_GETARG_POINTER(1);
	MemoryContext old;
	mlc_status	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	mlc_status_init(&st);
	old = MemoryContextSwitchTo(aggctx);
	if (a == NULL)
	{
		a = mlc_catprof_new();
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	mlc_pg_check(mlc_catprof_merge(a, b, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_serial);
Datum
mlcheck_categorical_profile_serial(PG_FUNCTION_ARGS)
{
	mlc_catprof *c = (mlc_catprof *) PG_GETARG_POINTER(0);
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._categorical_profile_serial");
	MemoryContext old = MemoryContextSwitchTo(aggctx);
	Datum		d;

	/* a partial state keeps up to 4000 categories (exact parallel counts);
	 * sorting allocates: the allocations belong to the state */
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_pg_check(mlc_catprof_finish_state(c, &st), &st);
	MemoryContextSwitchTo(old);
	mlc_buf_init(&b, 256);
	mlc_pg_check(mlc_catprof_write_state(c, &b, &st), &st);
	d = PointerGetDatum(mlc_pg_buf_to_varlena(&b, CAT_NAME));
	PG_RETURN_DATUM(d);
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_deserial);
Datum
mlcheck_categorical_profile_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._categorical_profile_deserial");
	MemoryContext old = MemoryContextSwitchTo(aggctx);
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	mlc_status	st;
	mlc_catprof *c;

	mlc_status_init(&st);
	if ((c = mlc_catprof_read_state(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st)) == NULL)
		mlc_pg_raise(&st);

	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(mlcheck_categorical_profile_final);
Datum
mlcheck_categorical_profile_final(PG_FUNCTION_ARGS)
{
	mlc_catprof *c;
	MemoryContext aggctx,
				old;
	mlc_status	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	c = (mlc_catprof *) PG_GETARG_POINTER(0);
	aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._categorical_profile_final");
	old = MemoryContextSwitchTo(aggctx);
	mlc_status_init(&st);
	mlc_pg_check(mlc_catprof_finish(c, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_DATUM(catprof_datum(c));
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
