/*
 * profile_block.c — fmgr glue of the internal block aggregates
 *   mlcheck._numeric_profiles(k integer, x1 float8, ..., xB float8)
 *       -> mlcheck.numeric_profile[]
 *   mlcheck._categorical_profiles(k integer, t1 text, ..., tB text)
 *       -> mlcheck.categorical_profile[]
 * which profile the first k arguments in one transition call per row (a
 * report over many columns makes B times fewer aggregate calls than with
 * one mlcheck.profile() per column).  The arguments past k are ignored; k
 * must be the same on every row.
 *
 * Element i of the result is byte for byte mlcheck.profile(x_i) over the
 * same rows in the same plan: each element takes the same sequence of core
 * calls as profile()'s transition (src/pg/profile.c), the state hands its
 * elements over in their own binary forms (src/core/mlc_profile_block.c)
 * and merges them with their own merge, and the final function writes each
 * element as profile()'s final function does (mlc_pg_final_value).  The state is
 * the hidden type mlcheck._profiles_state, an expanded object updated in
 * place (src/pg/mlc_state.c: type I/O and combine are the shared ones).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/lsyscache.h"

#include "mlc_pg.h"
#include "mlc_profile.h"
#include "mlc_profile_block.h"
#include "mlc_state.h"
#include "profile_rows.h"

MLC_PG_TYPE_FUNCTIONS(profiles_state, &mlc_profblock_type)

static const char *
kind_name(int kind)
{
	return kind == MLC_PROFBLOCK_NUMERIC ? "numeric" : "categorical";
}

/* the columns an overload takes after k */
static inline int
block_width(FunctionCallInfo fcinfo)
{
	return Min(PG_NARGS() - 2, MLC_PROFBLOCK_MAX);
}

/* k of this row, checked: not NULL, 1 .. B */
static int32
row_k(FunctionCallInfo fcinfo)
{
	int			width = block_width(fcinfo);
	int32		k;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("k must not be NULL"),
				 errhint("k is the number of leading arguments that are columns, a constant from 1 to %d.",
						 width)));
	k = PG_GETARG_INT32(1);
	if (k < 1 || k > width)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 1 and %d", width),
				 errdetail("Got %d.", k),
				 errhint("k is the number of leading arguments that are columns; the others are ignored.")));
	return k;
}

/* a row whose k is not the state's, or a state of the other kind: raise */
static pg_noinline pg_attribute_noreturn() void
bad_row(FunctionCallInfo fcinfo, const mlc_profblock *b, mlc_profblock_kind kind)
{
	int32		k = row_k(fcinfo);

	if (b->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a block of %s profiles cannot take %s values", kind_name(b->kind), kind_name(kind)),
				 errhint("The state of a block aggregate comes from the same aggregate.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("k changed from %d to %d between rows", b->k, k),
			 errhint("Pass k as a constant: the same number of leading column arguments on every row.")));
}

typedef struct block_init
{
	mlc_profblock_kind kind;
	int32		k;
} block_init;

static void *
new_block(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	const block_init *bi = arg;

	return mlc_profblock_new(bi->kind, bi->k);
}

/*
 * The state of the first row (a new one, or an expanded copy of a flat
 * value), checked against the row's k and the aggregate's kind.
 */
static pg_noinline mlc_pg_state *
first_state(FunctionCallInfo fcinfo, mlc_profblock_kind kind)
{
	block_init	bi;
	mlc_pg_state *s;
	mlc_profblock *b;

	bi.kind = kind;
	bi.k = row_k(fcinfo);
	s = mlc_pg_trans_state(fcinfo, &mlc_profblock_type, new_block, &bi);
	b = s->value;
	if (b->kind != kind || b->k != bi.k)
		bad_row(fcinfo, b, kind);
	return s;
}

/* the block of this row, in the read-write state *sp, checked against k and kind */
static inline mlc_profblock *
row_block(FunctionCallInfo fcinfo, mlc_profblock_kind kind, mlc_pg_state **sp)
{
	mlc_pg_state *s = mlc_pg_state_rw(fcinfo, 0, &mlc_profblock_type);
	mlc_profblock *b;

	if (unlikely(s == NULL))
		s = first_state(fcinfo, kind);
	b = s->value;
	if (unlikely(PG_ARGISNULL(1) || PG_GETARG_INT32(1) != b->k || b->kind != kind))
		bad_row(fcinfo, b, kind);
	*sp = s;
	return b;
}

/* ---------------------------------------------------------------- numeric */

PG_FUNCTION_INFO_V1(mlcheck_numeric_profiles_trans);
Datum
mlcheck_numeric_profiles_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s;
	mlc_profblock *b = row_block(fcinfo, MLC_PROFBLOCK_NUMERIC, &s);
	int32		k = b->k,
				i;

	/* per column, what profile()'s transition does with its value */
	for (i = 0; i < k; i++)
	{
		mlc_numprof *p = b->p[i];

		if (PG_ARGISNULL(i + 2))
			mlc_numprof_add_null(p);
		else
		{
			double		x = PG_GETARG_FLOAT8(i + 2);

			/* else mlc_numprof_add: first value, growth, compaction, non-finite */
			if (unlikely(!mlc_numprof_add_quick(p, x)))
				MLC_PG_CALL_IN(s->hdr.eoh_context, mlc_numprof_add, p, x);
		}
	}
	MLC_PG_RETURN_STATE(s);
}

/* ------------------------------------------------------------ categorical */

PG_FUNCTION_INFO_V1(mlcheck_categorical_profiles_trans);
Datum
mlcheck_categorical_profiles_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s;
	mlc_profblock *b = row_block(fcinfo, MLC_PROFBLOCK_CATEGORICAL, &s);
	int32		k = b->k,
				i;

	for (i = 0; i < k; i++)
	{
		mlc_catprof *c = b->p[i];

		if (PG_ARGISNULL(i + 2))
			mlc_catprof_add_null(c);
		else if (unlikely(!mlc_pg_catprof_add_known_datum(c, PG_GETARG_DATUM(i + 2))))
		{
			/* a new category, or a value to detoast */
			text	   *t = PG_GETARG_TEXT_PP(i + 2);

			MLC_PG_CALL_IN(s->hdr.eoh_context, mlc_catprof_add, c, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), 1);
		}
	}
	MLC_PG_RETURN_STATE(s);
}

/* ------------------------------------------------------------------ final */

typedef struct final_cache
{
	Oid			elemtype;
	int16		typlen;
	bool		typbyval;
	char		typalign;
} final_cache;

static Datum
block_final(FunctionCallInfo fcinfo, mlc_profblock_kind kind)
{
	final_cache *fc = fcinfo->flinfo->fn_extra;
	MemoryContext work;
	mlc_profblock *b;
	const mlc_type_ops *et;
	Datum	   *elems;
	int32		i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();			/* no rows, as profile() */
	if (fc == NULL)
	{
		/* from the catalog, not the call expression (Citus calls without one) */
		Oid			rettype = get_func_rettype(fcinfo->flinfo->fn_oid);

		fc = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(final_cache));
		fc->elemtype = get_element_type(rettype);
		if (!OidIsValid(fc->elemtype))
			elog(ERROR, "block final function must return an array");
		get_typlenbyvalalign(fc->elemtype, &fc->typlen, &fc->typbyval, &fc->typalign);
		fcinfo->flinfo->fn_extra = fc;
	}
	b = mlc_pg_value_work(PG_GETARG_DATUM(0), &mlc_profblock_type, &work);
	if (b->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a block of %s profiles is not a block of %s profiles", kind_name(b->kind),
						kind_name(kind)),
				 errhint("Use the final function of the aggregate that built the state.")));
	et = mlc_profblock_elem_type(kind);
	elems = palloc(sizeof(Datum) * b->k);
	for (i = 0; i < b->k; i++)
		elems[i] = PointerGetDatum(mlc_pg_final_value(et, b->p[i], work));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, b->k, fc->elemtype, fc->typlen, fc->typbyval,
										  fc->typalign));
}

MLC_PG_ENTRY(mlcheck_numeric_profiles_final, block_final(fcinfo, MLC_PROFBLOCK_NUMERIC))
MLC_PG_ENTRY(mlcheck_categorical_profiles_final, block_final(fcinfo, MLC_PROFBLOCK_CATEGORICAL))
