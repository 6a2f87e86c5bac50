/*
 * confusion.c — fmgr glue for the mlcheck.confusion type: the row input of
 * the confusion() aggregates and the metric accessors.  Type I/O, combine,
 * merge(), final, `+` and the comparisons are the shared ones of
 * mlc_state.c.
 * All arithmetic lives in src/core/mlc_confusion.c; this file only moves
 * values between PostgreSQL and the core and reports errors.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "mlc_confusion.h"
#include "mlc_pg.h"
#include "mlc_state.h"

#define PG_GETARG_CONFUSION(n) mlc_pg_confusion_from_datum(PG_GETARG_DATUM(n))

/* ------------------------------------------------------------ aggregates */

/*
 * The state is an mlcheck.confusion expanded object (src/pg/mlc_state.c):
 * type I/O, combine, merge(), final, `+` and the comparisons are the shared
 * ones; only the row input is specific.
 */
static const int kind_bool = MLC_LABEL_BOOL,
			kind_int = MLC_LABEL_INT,
			kind_text = MLC_LABEL_TEXT;

static void *
new_matrix(FunctionCallInfo fcinfo, const void *kind, mlc_status *st)
{
	return mlc_confusion_new(*(const int *) kind);
}

/*
 * The class indexes of the actual and predicted labels (of kind) at args 1
 * and 2, labels new to the matrix added to it (in the state's own context,
 * as they grow the matrix).
 */
static pg_attribute_always_inline void
row_classes(FunctionCallInfo fcinfo, int kind, mlc_pg_state *s, int32_t *ia, int32_t *ip)
{
	mlc_confusion *c = s->value;
	int64		a = 0,
				p = 0;
	text	   *ta = NULL,
			   *tp = NULL;
	size_t		la = 0,
				lp = 0;

	if (kind == MLC_LABEL_TEXT)
	{
		ta = PG_GETARG_TEXT_PP(1);
		tp = PG_GETARG_TEXT_PP(2);
		la = VARSIZE_ANY_EXHDR(ta);
		lp = VARSIZE_ANY_EXHDR(tp);
		*ia = mlc_confusion_find_text(c, VARDATA_ANY(ta), la);
		/* most predictions are right: the actual label's index, no search */
		*ip = *ia >= 0 && la == lp && mlc_bytes_equal(VARDATA_ANY(ta), VARDATA_ANY(tp), la)
			? *ia : mlc_confusion_find_text(c, VARDATA_ANY(tp), lp);
	}
	else
	{
		a = kind == MLC_LABEL_BOOL ? PG_GETARG_BOOL(1) : PG_GETARG_INT64(1);
		p = kind == MLC_LABEL_BOOL ? PG_GETARG_BOOL(2) : PG_GETARG_INT64(2);
		*ia = mlc_confusion_find_int(c, a);
		*ip = mlc_confusion_find_int(c, p);
	}
	if (*ia < 0 || *ip < 0)
	{
		MemoryContext old = mlc_pg_state_enter(s);
		mlc_status	st;

		mlc_status_init(&st);
		if (*ia < 0 && (*ia = ta ? mlc_confusion_label_text(c, VARDATA_ANY(ta), la, &st)
						: mlc_confusion_label_int(c, a, &st)) < 0)
			mlc_pg_raise(&st);
		if (*ip < 0 && (*ip = tp ? mlc_confusion_label_text(c, VARDATA_ANY(tp), lp, &st)
						: mlc_confusion_label_int(c, p, &st)) < 0)
			mlc_pg_raise(&st);
		MemoryContextSwitchTo(old);
	}
}

/*
 * confusion(actual, predicted [, weight]) of each label kind; inlined into
 * each entry point with its kind a constant, so a row of booleans takes
 * the boolean path with no test of the kind
 */
static pg_attribute_always_inline Datum
confusion_trans(FunctionCallInfo fcinfo, int kind, const int *kind_arg)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_confusion_type, new_matrix, kind_arg);
	mlc_confusion *c = s->value;
	double		w;
	int32_t		ia,
				ip;

	if (mlc_pg_skip_row(fcinfo, 2, &w))
		c->n_null++;
	else
	{
		row_classes(fcinfo, kind, s, &ia, &ip);
		mlc_confusion_add(c, ia, ip, w);
	}
	MLC_PG_RETURN_STATE(s);
}

MLC_PG_ENTRY(mlcheck_confusion_trans_bool, confusion_trans(fcinfo, MLC_LABEL_BOOL, &kind_bool))
MLC_PG_ENTRY(mlcheck_confusion_trans_int, confusion_trans(fcinfo, MLC_LABEL_INT, &kind_int))
MLC_PG_ENTRY(mlcheck_confusion_trans_text, confusion_trans(fcinfo, MLC_LABEL_TEXT, &kind_text))

/* ------------------------------------------------------------- accessors */

/* The label argument may be text, bigint or boolean (overloads share C code). */
static int32_t
label_arg(FunctionCallInfo fcinfo, int argno, const mlc_confusion *c)
{
	bool		is_text;
	const char *s = mlc_pg_label_cstring(fcinfo, argno, &is_text);
	int32_t		idx;

	/* an integer or boolean cannot name a class of a text matrix (a text
	 * label is parsed as the matrix's kind by the core) */
	if (!is_text && c->kind == MLC_LABEL_TEXT)
	{
		mlc_status	st;

		mlc_status_init(&st);
		mlc_failf(&st, MLC_EBADARG,
				  "This matrix has text labels: pass the label as text, e.g. '1' or 'true'.",
				  "%s label %s cannot name a class of a matrix with text labels",
				  get_fn_expr_argtype(fcinfo->flinfo, argno) == BOOLOID ? "boolean" : "integer", s);
		mlc_pg_raise(&st);
	}
	MLC_PG_CALL(mlc_confusion_resolve_label, c, s, strlen(s), &idx);
	return idx;
}

static mlc_average
parse_average(const char *s)
{
	static const mlc_pg_keyword averages[] = {
		{"binary", MLC_AVG_BINARY}, {"macro", MLC_AVG_MACRO}, {"micro", MLC_AVG_MICRO},
		{"weighted", MLC_AVG_WEIGHTED}, {NULL, 0}
	};

	return mlc_pg_keyword_value(s, averages, "average", "Use 'binary', 'macro', 'micro' or 'weighted'.");
}

/*
 * Shared body of precision/recall/f1/fbeta/specificity:
 *   f(c [, beta] [, label] [, average])
 * label_at/avg_at are argument positions (-1 when absent).
 */
static Datum
prf_common(FunctionCallInfo fcinfo, mlc_prf which, int beta_at, int label_at)
{
	int			avg_at = label_at + 1;
	mlc_confusion *c;
	mlc_average avg = MLC_AVG_BINARY;
	double		beta = 1.0,
				out;
	int32_t		pos = -1;
	bool		defined;
	bool		have_label;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (beta_at >= 0)
	{
		if (PG_ARGISNULL(beta_at))
			PG_RETURN_NULL();
		beta = PG_GETARG_FLOAT8(beta_at);
	}
	c = PG_GETARG_CONFUSION(0);
	have_label = PG_NARGS() > label_at && !PG_ARGISNULL(label_at);
	if (PG_NARGS() > avg_at && !PG_ARGISNULL(avg_at))
		avg = parse_average(text_to_cstring(PG_GETARG_TEXT_PP(avg_at)));
	if (have_label)
	{
		if (avg != MLC_AVG_BINARY)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a label and an average cannot both be given"),
					 errhint("Pass either the positive label or average => 'macro'/'micro'/'weighted'.")));
		pos = label_arg(fcinfo, label_at, c);
	}
	else if (avg == MLC_AVG_BINARY)
		MLC_PG_CALL(mlc_confusion_default_positive, c, &pos);
	MLC_PG_CALL(mlc_confusion_prf, c, which, beta, avg, pos, &defined, &out);
	return mlc_pg_float8_or_null(fcinfo, defined, out);
}

MLC_PG_ENTRY(mlcheck_precision, prf_common(fcinfo, MLC_PRECISION, -1, 1))
MLC_PG_ENTRY(mlcheck_recall, prf_common(fcinfo, MLC_RECALL, -1, 1))
MLC_PG_ENTRY(mlcheck_f1, prf_common(fcinfo, MLC_FBETA, -1, 1))
MLC_PG_ENTRY(mlcheck_specificity, prf_common(fcinfo, MLC_SPECIFICITY, -1, 1))
MLC_PG_ENTRY(mlcheck_fbeta, prf_common(fcinfo, MLC_FBETA, 1, 2))

MLC_PG_METRIC(mlcheck_accuracy, mlc_confusion_accuracy, PG_GETARG_CONFUSION(0))
MLC_PG_METRIC(mlcheck_balanced_accuracy, mlc_confusion_balanced_accuracy, PG_GETARG_CONFUSION(0))
MLC_PG_METRIC(mlcheck_mcc, mlc_confusion_mcc, PG_GETARG_CONFUSION(0))
MLC_PG_METRIC(mlcheck_cohen_kappa, mlc_confusion_kappa, PG_GETARG_CONFUSION(0))

PG_FUNCTION_INFO_V1(mlcheck_support);
Datum
mlcheck_support(PG_FUNCTION_ARGS)
{
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	mlc_class_stats s;

	mlc_confusion_class_stats(c, label_arg(fcinfo, 1, c), &s);
	PG_RETURN_FLOAT8(s.support);
}

MLC_PG_ENTRY(mlcheck_confusion_n, Float8GetDatum(mlc_confusion_total(PG_GETARG_CONFUSION(0))))
MLC_PG_ENTRY(mlcheck_confusion_n_null, Int64GetDatum(PG_GETARG_CONFUSION(0)->n_null))

static text *
label_text(const mlc_confusion *c, int32_t i)
{
	mlc_buf		b;

	mlc_buf_init(&b, 16);
	mlc_confusion_label_str(c, i, &b);
	mlc_pg_buf_check(&b, "label", NULL);
	return cstring_to_text_with_len(b.data, b.len);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_labels);
Datum
mlcheck_confusion_labels(PG_FUNCTION_ARGS)
{
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	Datum	   *elems = palloc(sizeof(Datum) * Max(c->k, 1));
	int32_t		i;

	for (i = 0; i < c->k; i++)
		elems[i] = PointerGetDatum(label_text(c, i));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, c->k, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(mlcheck_cells);
Datum
mlcheck_cells(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	int32_t		a,
				p;
	text	  **labels;

	InitMaterializedSRF(fcinfo, 0);
	labels = palloc(sizeof(text *) * Max(c->k, 1));
	for (a = 0; a < c->k; a++)
		labels[a] = label_text(c, a);
	for (a = 0; a < c->k; a++)
	{
		double		row = 0;

		for (p = 0; p < c->k; p++)
			row += mlc_confusion_cell(c, a, p);
		for (p = 0; p < c->k; p++)
		{
			/* (actual, predicted, count, share of the actual class: NULL when it is empty) */
			double		v = mlc_confusion_cell(c, a, p);
			Datum		values[4] = {PointerGetDatum(labels[a]), PointerGetDatum(labels[p]),
			Float8GetDatum(v), Float8GetDatum(row > 0 ? v / row : 0)};
			bool		nulls[4] = {false, false, false, !(row > 0)};

			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(mlcheck_per_class);
Datum
mlcheck_per_class(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	double		total = mlc_confusion_total(c);
	int32_t		i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < c->k; i++)
	{
		Datum		values[9];
		bool		nulls[9] = {false};
		mlc_class_stats s;
		double		v;

		mlc_confusion_class_stats_total(c, i, total, &s);
		values[0] = PointerGetDatum(label_text(c, i));
		values[1] = Float8GetDatum(s.tp);
		values[2] = Float8GetDatum(s.fp);
		values[3] = Float8GetDatum(s.fn);
		values[4] = Float8GetDatum(s.tn);
		values[5] = Float8GetDatum(s.support);
		nulls[6] = !mlc_class_metric(&s, MLC_PRECISION, 1, &v);
		values[6] = Float8GetDatum(nulls[6] ? 0 : v);
		nulls[7] = !mlc_class_metric(&s, MLC_RECALL, 1, &v);
		values[7] = Float8GetDatum(nulls[7] ? 0 : v);
		nulls[8] = !mlc_class_metric(&s, MLC_FBETA, 1, &v);
		values[8] = Float8GetDatum(nulls[8] ? 0 : v);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
