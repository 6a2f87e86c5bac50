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
	int32_t		idx = -1;
	bool		is_text;
	const char *s;

	if (PG_NARGS() < 2 || PG_ARGISNULL(1))
	{
		MLC_PG_CALL(mlc_confusion_default_positive, c, &idx);
		return idx;
	}
	s = mlc_pg_label_cstring(fcinfo, 1, &is_text);
	if (!is_text && c->kind == MLC_LABEL_TEXT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s label %s cannot name a class of a matrix with text labels",
						get_fn_expr_argtype(fcinfo->flinfo, 1) == BOOLOID ? "boolean" : "integer", s),
				 errhint("Pass the label as text, e.g. '%s'.", s)));
	MLC_PG_CALL(mlc_confusion_resolve_label, c, s, strlen(s), &idx);
	return idx;
}

static Datum
rate_common(FunctionCallInfo fcinfo, mlc_rate which)
{
	mlc_confusion *c;
	int32_t		pos;
	double		out = 0;
	bool		defined;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0));
	pos = rate_label(fcinfo, c);
	defined = mlc_confusion_rate(c, pos, which, &out);
	return mlc_pg_float8_or_null(fcinfo, defined, out);
}

MLC_PG_ENTRY(mlcheck_selection_rate, rate_common(fcinfo, MLC_RATE_SELECTION))
MLC_PG_ENTRY(mlcheck_false_positive_rate, rate_common(fcinfo, MLC_RATE_FPR))
MLC_PG_ENTRY(mlcheck_false_negative_rate, rate_common(fcinfo, MLC_RATE_FNR))

/* mlcheck._sliceline_score(size, errors, n_total, avg_error, alpha) */
MLC_PG_METRIC(mlcheck_sliceline_score, mlc_sliceline_score, PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
			  PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4))

/*
 * mlcheck._sliceline_score_ub(size_ub, errors_ub, min_support, n_total,
 * avg_error, alpha): errors are 0/1 per row, so the largest single-row
 * error of a slice with any error is 1.
 */
MLC_PG_METRIC(mlcheck_sliceline_score_ub, mlc_sliceline_score_ub, PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
			  1.0, PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4), PG_GETARG_FLOAT8(5))
