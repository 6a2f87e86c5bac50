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

/* Standard aggregate helper: the aggregate memory context, or ERROR. */
MemoryContext mlc_pg_agg_context(FunctionCallInfo fcinfo, const char *fname);

/* Checks shared by the aggregates (SPEC §0). */
void		mlc_pg_check_weight(double w);

/* confusion values (src/pg/confusion.c), shared with other type families */
struct mlc_confusion;
struct mlc_confusion *mlc_pg_confusion_from_datum(Datum d);
Datum		mlc_pg_confusion_datum(struct mlc_confusion *c);

/* scores and regression values (temporary until the state layer lands) */
struct mlc_scores;
struct mlc_regression;
struct mlc_scores *mlc_pg_scores_from_datum(Datum d);
struct mlc_regression *mlc_pg_regression_from_datum(Datum d);

#endif
