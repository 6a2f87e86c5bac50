/*
 * fairness.c — fmgr glue for error analysis and fairness: the confusion
 * accessors selection_rate / false_positive_rate / false_negative_rate, and
 * the SliceLine score and score bound used by mlcheck.worst_slices.  The
 * reports themselves (worst_slices, fairness, fairness_summary) are
 * PL/pgSQL in src/sql/55_fairness.sql; the arithmetic is in
 * src/core/mlc_fairness.c.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "mlc_pg.h"
#include "mlc_fairness.h"

/*
 * Index of the label argument (text, bigint or boolean overloads share the
 * C function), or the default positive label (true / 1) when the argument
 * is absent or NULL.  A label that cannot name a class of the matrix's kind
 * is 22023.
 */
static int32_t
rate_label(FunctionCallInfo fcinfo, const mlc_confusion *c)
{
	mlc_status	st;
	int32_t		idx = -1;
	Oid			t;
	char	   *s;

	mlc_status_init(&st);
	if (PG_NARGS() < 2 || PG_ARGISNULL(1))
	{
		mlc_pg_check(mlc_confusion_default_positive(c, &idx, &st), &st);
		return idx;
	}
	t = get_fn_expr_argtype(fcinfo->flinfo, 1);
	if (t == INT8OID || t == INT4OID || t == BOOLOID)
	{
		if (c->kind == MLC_LABEL_TEXT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a %s label cannot name a class of a matrix with text labels",
							t == BOOLOID ? "boolean" : "integer"),
					 errhint("Pass the label as text, e.g. '%s'.",
							 t == BOOLOID ? (PG_GETARG_BOOL(1) ? "true" : "false")
							 : psprintf(INT64_FORMAT, t == INT8OID ? PG_GETARG_INT64(1)
										: (int64) PG_GETARG_INT32(1)))));
		if (t == BOOLOID)
			s = PG_GETARG_BOOL(1) ? "true" : "false";
		else
			s = psprintf(INT64_FORMAT, t == INT8OID ? PG_GETARG_INT64(1) : (int64) PG_GETARG_INT32(1));
	}
	else
		s = text_to_cstring(PG_GETARG_TEXT_PP(1));
	mlc_pg_check(mlc_confusion_resolve_label(c, s, strlen(s), &idx, &st), &st);
	return idx;
}

static Datum
rate_common(FunctionCallInfo fcinfo, mlc_rate which)
{
	mlc_confusion *c;
	int32_t		pos;
	double		out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0));
	pos = rate_label(fcinfo, c);
	if (!mlc_confusion_rate(c, pos, which, &out))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}

MLC_PG_ENTRY(mlcheck_selection_rate, rate_common(fcinfo, MLC_RATE_SELECTION))
MLC_PG_ENTRY(mlcheck_false_positive_rate, rate_common(fcinfo, MLC_RATE_FPR))
MLC_PG_ENTRY(mlcheck_false_negative_rate, rate_common(fcinfo, MLC_RATE_FNR))

/* mlcheck._sliceline_score(size, errors, n_total, avg_error, alpha) */
PG_FUNCTION_INFO_V1(mlcheck_sliceline_score);
Datum
mlcheck_sliceline_score(PG_FUNCTION_ARGS)
{
	double		out;

	if (!mlc_sliceline_score(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
							 PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4), &out))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}

/*
 * mlcheck._sliceline_score_ub(size_ub, errors_ub, min_support, n_total,
 * avg_error, alpha): errors are 0/1 per row, so the largest single-row
 * error of a slice with any error is 1.
 */
PG_FUNCTION_INFO_V1(mlcheck_sliceline_score_ub);
Datum
mlcheck_sliceline_score_ub(PG_FUNCTION_ARGS)
{
	double		out;

	if (!mlc_sliceline_score_ub(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), 1.0,
								PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3),
								PG_GETARG_FLOAT8(4), PG_GETARG_FLOAT8(5), &out))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}
