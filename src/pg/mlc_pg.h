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

/* Checks shared by the aggregates (weights: finite and >= 0). */
void		mlc_pg_check_weight(double w);

/*
 * Summary values for the glue files that read or build them (defined in
 * mlc_state.c).  *_from_datum accepts a flat, toasted or expanded datum and
 * returns a private copy (XX001 when a stored value does not decode);
 * *_datum writes a value as a new flat datum.
 */
struct mlc_confusion;
struct mlc_scores;
struct mlc_calibration;
struct mlc_regression;
struct mlc_numprof;
struct mlc_catprof;
struct mlc_confusion *mlc_pg_confusion_from_datum(Datum d);
Datum		mlc_pg_confusion_datum(struct mlc_confusion *c);
struct mlc_scores *mlc_pg_scores_from_datum(Datum d);
Datum		mlc_pg_scores_datum(struct mlc_scores *s);
struct mlc_calibration *mlc_pg_calibration_from_datum(Datum d);
Datum		mlc_pg_calibration_datum(struct mlc_calibration *c);
struct mlc_regression *mlc_pg_regression_from_datum(Datum d);
Datum		mlc_pg_regression_datum(struct mlc_regression *r);
struct mlc_numprof *mlc_pg_numeric_profile_from_datum(Datum d);
Datum		mlc_pg_numeric_profile_datum(struct mlc_numprof *p);
struct mlc_catprof *mlc_pg_categorical_profile_from_datum(Datum d);
Datum		mlc_pg_categorical_profile_datum(struct mlc_catprof *c);
/* the names used in 0.1 */
#define mlc_pg_numprof_from_datum mlc_pg_numeric_profile_from_datum
#define mlc_pg_catprof_from_datum mlc_pg_categorical_profile_from_datum

#endif
