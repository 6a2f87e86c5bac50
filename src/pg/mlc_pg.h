/*
 * mlc_pg.h — the thin layer between PostgreSQL and the mlcheck core:
 * turns an mlc_status into ereport, wraps core byte buffers as varlena
 * values, and holds helpers shared by every type family's glue file.
 */
#ifndef MLC_PG_H
#define MLC_PG_H

#include "postgres.h"
#include "fmgr.h"

#include "mlc_common.h"

/* Raise st as an ERROR with the SQLSTATE of its code.  Never returns. */
pg_attribute_noreturn() void mlc_pg_raise(const mlc_status *st);

/* mlc_pg_check(code, &st): raise when code is not MLC_OK */
#define mlc_pg_check(code, st) do { if ((code) != MLC_OK) mlc_pg_raise(st); } while (0)

/* Copy a filled buffer into a new varlena (bytea-shaped) in CurrentMemoryContext. */
struct varlena *mlc_pg_buf_to_varlena(mlc_buf *b, const char *what);
/* Raise 54000 when a buffer failed to grow (value too large). */
void		mlc_pg_buf_check(const mlc_buf *b, const char *what, const char *hint);

/* Return a text datum / cstring from a finished buffer. */
char	   *mlc_pg_buf_to_cstring(mlc_buf *b, const char *what);

/* A composite result (the function's declared row type) from values and nulls. */
Datum		mlc_pg_make_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls);

/* Standard aggregate helper: the aggregate memory context, or ERROR. */
MemoryContext mlc_pg_agg_context(FunctionCallInfo fcinfo, const char *fname);

/*
 * Raise the error of a C function that only the 0.1 SQL objects use (they
 * must be updated: ALTER EXTENSION mlcheck UPDATE).  Never returns.
 */
pg_attribute_noreturn() void mlc_pg_legacy_call(const char *symbol);

/*
 * MLC_PG_ENTRY(symbol, expr): the fmgr entry point `symbol` (version-1
 * calling convention) that returns expr, which may use fcinfo.  For the
 * entry points of a family that share one body and differ in its
 * arguments, e.g.
 * MLC_PG_ENTRY(mlcheck_recall, prf_common(fcinfo, MLC_RECALL, -1, 1)).
 */
#define MLC_PG_ENTRY(symbol, expr) \
PG_FUNCTION_INFO_V1(symbol); \
Datum \
symbol(PG_FUNCTION_ARGS) \
{ \
	return (expr); \
}

/*
 * MLC_PG_CALL(fn, args...): call the core function fn(args..., &status),
 * which returns an mlc_code, and raise its error when it fails.
 * MLC_PG_CALL_IN(ctx, fn, args...): the same with ctx as the current
 * memory context during the call (an aggregate state's context, where what
 * the call allocates must live).
 */
#define MLC_PG_CALL(fn, ...) \
	MLC_PG_CALL_IN(CurrentMemoryContext, fn, __VA_ARGS__)
#define MLC_PG_CALL_IN(ctx, fn, ...) \
	do { \
		mlc_status	call_st_; \
		mlc_code	call_rc_; \
		MemoryContext call_old_ = MemoryContextSwitchTo(ctx); \
		mlc_status_init(&call_st_); \
		call_rc_ = fn(__VA_ARGS__, &call_st_); \
		MemoryContextSwitchTo(call_old_); \
		mlc_pg_check(call_rc_, &call_st_); \
	} while (0)

/* Return v as float8, or NULL when it is not defined. */
static inline Datum
mlc_pg_float8_or_null(FunctionCallInfo fcinfo, bool defined, double v)
{
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/*
 * MLC_PG_METRIC(symbol, fn, args...): the fmgr entry point `symbol` of a
 * float8 metric: fn(args..., &out) returns whether it is defined (NULL
 * when not), e.g.
 * MLC_PG_METRIC(mlcheck_accuracy, mlc_confusion_accuracy, PG_GETARG_CONFUSION(0)).
 */
#define MLC_PG_METRIC(symbol, fn, ...) \
PG_FUNCTION_INFO_V1(symbol); \
Datum \
symbol(PG_FUNCTION_ARGS) \
{ \
	double		out_ = 0; \
	bool		defined_ = fn(__VA_ARGS__, &out_); \
\
	return mlc_pg_float8_or_null(fcinfo, defined_, out_); \
}

/* Checks shared by the aggregates (weights: finite and >= 0). */
void		mlc_pg_check_weight(double w);

/*
 * Whether the row (args 1..nfixed [, weight]) of a transition function is
 * skipped because of a NULL; else the weight (checked; 1 when the overload
 * has none) in *w.
 */
static inline bool
mlc_pg_skip_row(FunctionCallInfo fcinfo, int nfixed, double *w)
{
	int			i;

	for (i = 1; i <= nfixed; i++)
		if (PG_ARGISNULL(i))
			return true;
	*w = 1.0;
	if (PG_NARGS() > nfixed + 1)
	{
		if (PG_ARGISNULL(nfixed + 1))
			return true;
		*w = PG_GETARG_FLOAT8(nfixed + 1);
		mlc_pg_check_weight(*w);
	}
	return false;
}

/* An integer 0/1 label as a boolean (22023 for any other value). */
bool		mlc_pg_int_label(int32 v);

/*
 * A label argument of a C function shared by text, bigint, integer and
 * boolean overloads, as text ("42", "true"); *is_text: it was text.
 */
const char *mlc_pg_label_cstring(FunctionCallInfo fcinfo, int argno, bool *is_text);

/*
 * Argument argno must not be NULL: otherwise raise sqlstate with
 * "<what> must not be NULL" and hint.
 */
void		mlc_pg_not_null(FunctionCallInfo fcinfo, int argno, int sqlstate,
							const char *what, const char *hint);

/*
 * A keyword argument (average => 'macro', curve => 'roc', ...): the value
 * of s in names, a table that ends with a NULL name; any other text raises
 * 22023 "unknown <what> "s"" with hint.
 */
typedef struct mlc_pg_keyword
{
	const char *name;
	int			value;
} mlc_pg_keyword;
int			mlc_pg_keyword_value(const char *s, const mlc_pg_keyword *names,
								 const char *what, const char *hint);

/*
 * The summary types that other glue files read or build, as
 * X(SQL name, core name): struct mlc_<core> is the value, mlc_<core>_type
 * its operations.  For each, mlc_state.c defines the type's fmgr entry
 * points and
 *   struct mlc_<core> *mlc_pg_<name>_from_datum(Datum d): a private copy of
 *       a flat, toasted or expanded datum (XX001 when a stored value does
 *       not decode);
 *   Datum mlc_pg_<name>_datum(struct mlc_<core> *v): v as a new flat datum.
 */
#define MLC_PG_SUMMARY_TYPES(X) \
	X(confusion, confusion) \
	X(scores, scores) \
	X(calibration, calibration) \
	X(regression, regression) \
	X(numeric_profile, numprof) \
	X(categorical_profile, catprof)

#define MLC_PG_DECLARE_SUMMARY(name, core) \
	struct mlc_##core; \
	struct mlc_##core *mlc_pg_##name##_from_datum(Datum d); \
	Datum		mlc_pg_##name##_datum(struct mlc_##core *v);
MLC_PG_SUMMARY_TYPES(MLC_PG_DECLARE_SUMMARY)

#endif
