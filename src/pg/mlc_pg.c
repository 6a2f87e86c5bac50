/*
 * mlc_pg.c — module init (allocator and interrupt hooks for the core, the
 * mlcheck.max_value_bytes setting), the one function that turns a core
 * status into ereport, and the argument checks shared by the glue files.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "mlc_pg.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static int	max_value_kb = 1048575;

static void *
pg_alloc_hook(size_t size)
{
	return palloc_extended(size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void *
pg_realloc_hook(void *ptr, size_t size)
{
	return repalloc_huge(ptr, size);
}

static void
pg_free_hook(void *ptr)
{
	pfree(ptr);
}

static void
pg_interrupt_hook(void)
{
	CHECK_FOR_INTERRUPTS();
}

static void
assign_max_value_kb(int newval, void *extra)
{
	mlc_max_value_bytes = (size_t) newval * 1024;
	if (mlc_max_value_bytes > MLC_MAX_ALLOC)
		mlc_max_value_bytes = MLC_MAX_ALLOC;
}

void
_PG_init(void)
{
	mlc_set_allocator(pg_alloc_hook, pg_realloc_hook, pg_free_hook);
	mlc_set_interrupt_hook(pg_interrupt_hook);
	DefineCustomIntVariable("mlcheck.max_value_kb",
							"Largest summary value or aggregate state mlcheck builds, in kB.",
							"Defaults to PostgreSQL's 1 GB limit on a value; lower it to test or to cap memory.",
							&max_value_kb,
							1048575, 1, 1048575,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, assign_max_value_kb, NULL);
	MarkGUCPrefixReserved("mlcheck");
}

static int
sqlstate_of(mlc_code code)
{
	switch (code)
	{
		case MLC_EBADARG:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case MLC_ERANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case MLC_ESYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case MLC_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case MLC_ECORRUPT:
			return ERRCODE_DATA_CORRUPTED;
		case MLC_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case MLC_OK:
			break;
	}
	return ERRCODE_INTERNAL_ERROR;
}

void
mlc_pg_raise(const mlc_status *st)
{
	ereport(ERROR,
			(errcode(sqlstate_of(st->code)),
			 errmsg("%s", st->msg[0] ? st->msg : "mlcheck internal error"),
			 st->detail[0] ? errdetail("%s", st->detail) : 0,
			 st->hint[0] ? errhint("%s", st->hint) : 0));
	pg_unreachable();
}

void
mlc_pg_buf_check(const mlc_buf *b, const char *what, const char *hint)
{
	if (b->failed)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value is too large", what),
				 errdetail("The limit is mlcheck.max_value_kb = %d kB (PostgreSQL cannot store a value above 1 GB).",
						   max_value_kb),
				 hint ? errhint("%s", hint) : 0));
}

struct varlena *
mlc_pg_buf_to_varlena(mlc_buf *b, const char *what)
{
	struct varlena *v;

	mlc_pg_buf_check(b, what, NULL);
	if (b->len + VARHDRSZ > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value is too large", what)));
	v = (struct varlena *) palloc(b->len + VARHDRSZ);
	SET_VARSIZE(v, b->len + VARHDRSZ);
	memcpy(VARDATA(v), b->data, b->len);
	return v;
}

char *
mlc_pg_buf_to_cstring(mlc_buf *b, const char *what)
{
	mlc_pg_buf_check(b, what, NULL);
	return (char *) mlc_buf_cstring(b);
}

MemoryContext
mlc_pg_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext ctx;

	if (!AggCheckCallContext(fcinfo, &ctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	return ctx;
}

void
mlc_pg_check_weight(double w)
{
	if (isnan(w) || w < 0 || isinf(w))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight must be a finite non-negative number"),
				 errdetail("Got weight %g.", w),
				 errhint("Filter out rows with invalid weights, e.g. WHERE weight >= 0.")));
}

bool
mlc_pg_int_label(int32 v)
{
	if (v != 0 && v != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("integer label must be 0 or 1"),
				 errdetail("Got label %d.", v),
				 errhint("Use a boolean label, or map the positive class to 1 and the others to 0.")));
	return v == 1;
}

const char *
mlc_pg_label_cstring(FunctionCallInfo fcinfo, int argno, bool *is_text)
{
	Oid			t = get_fn_expr_argtype(fcinfo->flinfo, argno);

	*is_text = false;
	if (t == INT8OID || t == INT4OID)
		return psprintf(INT64_FORMAT, t == INT8OID ? PG_GETARG_INT64(argno) : (int64) PG_GETARG_INT32(argno));
	if (t == BOOLOID)
		return PG_GETARG_BOOL(argno) ? "true" : "false";
	*is_text = true;
	return text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

void
mlc_pg_not_null(FunctionCallInfo fcinfo, int argno, int sqlstate, const char *what,
				const char *hint)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("%s must not be NULL", what),
				 errhint("%s", hint)));
}

int
mlc_pg_keyword_value(const char *s, const mlc_pg_keyword *names, const char *what,
					 const char *hint)
{
	for (; names->name; names++)
		if (strcmp(s, names->name) == 0)
			return names->value;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown %s \"%s\"", what, s),
			 errhint("%s", hint)));
	pg_unreachable();
}

void
mlc_pg_legacy_call(const char *symbol)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("the SQL objects of mlcheck are older than its library"),
			 errdetail("%s belongs to mlcheck 0.1, whose aggregates kept internal states.", symbol),
			 errhint("Run ALTER EXTENSION mlcheck UPDATE.")));
	pg_unreachable();
}

Datum
mlc_pg_make_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	td;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	td = BlessTupleDesc(td);
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}
