/*
 * confusion.c — fmgr glue for the mlcheck.confusion type:
 * type I/O, the confusion()/merge() aggregates and the metric accessors.
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

#define CONF_NAME "confusion"

/* ---------------------------------------------------------------- helpers */

static void
check_label_encoding(const mlc_confusion *c)
{
	int32_t		i;

	if (c->kind != MLC_LABEL_TEXT)
		return;
	for (i = 0; i < c->k; i++)
		pg_verifymbstr(c->slab[i], c->slen[i], false);
}

mlc_confusion *
mlc_pg_confusion_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_confusion *c;

	mlc_status_init(&st);
	c = mlc_confusion_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (c == NULL)
	{
		/* a stored value that does not decode is corruption, not syntax */
		st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return c;
}

#define PG_GETARG_CONFUSION(n) mlc_pg_confusion_from_datum(PG_GETARG_DATUM(n))

Datum
mlc_pg_confusion_datum(mlc_confusion *c)
{
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	mlc_pg_check(mlc_confusion_write(c, &b, &st), &st);
	return PointerGetDatum(mlc_pg_buf_to_varlena(&b, CONF_NAME));
}

/* ------------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(mlcheck_confusion_in);
Datum
mlcheck_confusion_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	mlc_status	st;
	mlc_confusion *c;

	mlc_status_init(&st);
	c = mlc_confusion_from_json(s, strlen(s), &st);
	if (c == NULL)
		mlc_pg_raise(&st);
	check_label_encoding(c);
	PG_RETURN_DATUM(mlc_pg_confusion_datum(c));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_out);
Datum
mlcheck_confusion_out(PG_FUNCTION_ARGS)
{
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	mlc_pg_check(mlc_confusion_to_json(c, &b, &st), &st);
	PG_RETURN_CSTRING(mlc_pg_buf_to_cstring(&b, CONF_NAME));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_recv);
Datum
mlcheck_confusion_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	mlc_status	st;
	mlc_confusion *c;

	mlc_status_init(&st);
	c = mlc_confusion_read(buf->data + buf->cursor, buf->len - buf->cursor, &st);
	if (c == NULL)
		mlc_pg_raise(&st);
	check_label_encoding(c);
	buf->cursor = buf->len;
	PG_RETURN_DATUM(mlc_pg_confusion_datum(c));
}

/* ------------------------------------------------------------ aggregates */

static mlc_confusion *
get_state(FunctionCallInfo fcinfo, int kind, MemoryContext *aggctx)
{
	mlc_confusion *c;

	*aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.confusion");
	if (!PG_ARGISNULL(0))
		return (mlc_confusion *) PG_GETARG_POINTER(0);
	{
		MemoryContext old = MemoryContextSwitchTo(*aggctx);

		c = mlc_confusion_new(kind);
		MemoryContextSwitchTo(old);
	}
	if (c == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	return c;
}

/* true when the row must be skipped (a NULL label or weight); reads weight */
static bool
row_weight(FunctionCallInfo fcinfo, double *w)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return true;
	*w = 1.0;
	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			return true;
		*w = PG_GETARG_FLOAT8(3);
		mlc_pg_check_weight(*w);
	}
	return false;
}

static void
add_int_row(mlc_confusion *c, MemoryContext aggctx, int64 a, int64 p, double w)
{
	mlc_status	st;
	int32_t		ia,
				ip;

	ia = mlc_confusion_find_int(c, a);
	ip = mlc_confusion_find_int(c, p);
	if (ia < 0 || ip < 0)
	{
		MemoryContext old = MemoryContextSwitchTo(aggctx);

		mlc_status_init(&st);
		if (ia < 0 && (ia = mlc_confusion_label_int(c, a, &st)) < 0)
			mlc_pg_raise(&st);
		if (ip < 0 && (ip = mlc_confusion_label_int(c, p, &st)) < 0)
			mlc_pg_raise(&st);
		MemoryContextSwitchTo(old);
	}
	mlc_confusion_add(c, ia, ip, w);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_trans_bool);
Datum
mlcheck_confusion_trans_bool(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_confusion *c = get_state(fcinfo, MLC_LABEL_BOOL, &aggctx);
	double		w;

	if (row_weight(fcinfo, &w))
		c->n_null++;
	else
		add_int_row(c, aggctx, PG_GETARG_BOOL(1) ? 1 : 0, PG_GETARG_BOOL(2) ? 1 : 0, w);
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_trans_int);
Datum
mlcheck_confusion_trans_int(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_confusion *c = get_state(fcinfo, MLC_LABEL_INT, &aggctx);
	double		w;

	if (row_weight(fcinfo, &w))
		c->n_null++;
	else
		add_int_row(c, aggctx, PG_GETARG_INT64(1), PG_GETARG_INT64(2), w);
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_trans_text);
Datum
mlcheck_confusion_trans_text(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_confusion *c = get_state(fcinfo, MLC_LABEL_TEXT, &aggctx);
	double		w;

	if (row_weight(fcinfo, &w))
		c->n_null++;
	else
	{
		text	   *a = PG_GETARG_TEXT_PP(1);
		text	   *p = PG_GETARG_TEXT_PP(2);
		int32_t		ia = mlc_confusion_find_text(c, VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a));
		int32_t		ip = mlc_confusion_find_text(c, VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p));

		if (ia < 0 || ip < 0)
		{
			MemoryContext old = MemoryContextSwitchTo(aggctx);
			mlc_status	st;

			mlc_status_init(&st);
			if (ia < 0 &&
				(ia = mlc_confusion_label_text(c, VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a), &st)) < 0)
				mlc_pg_raise(&st);
			if (ip < 0 &&
				(ip = mlc_confusion_label_text(c, VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p), &st)) < 0)
				mlc_pg_raise(&st);
			MemoryContextSwitchTo(old);
		}
		mlc_confusion_add(c, ia, ip, w);
	}
	PG_RETURN_POINTER(c);
}

/* merge(confusion): adds stored matrices */
PG_FUNCTION_INFO_V1(mlcheck_confusion_merge_trans);
Datum
mlcheck_confusion_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	mlc_confusion *c = get_state(fcinfo, MLC_LABEL_NONE, &aggctx);

	if (!PG_ARGISNULL(1))
	{
		mlc_confusion *in = PG_GETARG_CONFUSION(1);
		MemoryContext old = MemoryContextSwitchTo(aggctx);
		mlc_status	st;

		mlc_status_init(&st);
		mlc_pg_check(mlc_confusion_merge(c, in, &st), &st);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_combine);
Datum
mlcheck_confusion_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._confusion_combine");
	mlc_confusion *a = PG_ARGISNULL(0) ? NULL : (mlc_confusion *) PG_GETARG_POINTER(0);
	mlc_confusion *b = PG_ARGISNULL(1) ? NULL : (mlc_confusion *) PG_GETARG_POINTER(1);
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
		a = mlc_confusion_copy(b, &st);
		if (a == NULL)
			mlc_pg_raise(&st);
	}
	else
		mlc_pg_check(mlc_confusion_merge(a, b, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

/*
 * Encoding sorts the state's labels in place, which allocates: that memory
 * must live in the aggregate context, because the state outlives this call
 * (window aggregates call the final function once per row and keep adding).
 */
static Datum
state_datum(FunctionCallInfo fcinfo, mlc_confusion *c, const char *fname)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, fname);
	MemoryContext old = MemoryContextSwitchTo(aggctx);
	mlc_status	st;

	mlc_status_init(&st);
	mlc_pg_check(mlc_confusion_sort(c, &st), &st);
	MemoryContextSwitchTo(old);
	return mlc_pg_confusion_datum(c);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_serial);
Datum
mlcheck_confusion_serial(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(state_datum(fcinfo, (mlc_confusion *) PG_GETARG_POINTER(0),
								"mlcheck._confusion_serial"));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_deserial);
Datum
mlcheck_confusion_deserial(PG_FUNCTION_ARGS)
{
	mlc_pg_agg_context(fcinfo, "mlcheck._confusion_deserial");
	PG_RETURN_POINTER(PG_GETARG_CONFUSION(0));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_final);
Datum
mlcheck_confusion_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(state_datum(fcinfo, (mlc_confusion *) PG_GETARG_POINTER(0),
								"mlcheck._confusion_final"));
}

/* ------------------------------------------------------------- operators */

PG_FUNCTION_INFO_V1(mlcheck_confusion_plus);
Datum
mlcheck_confusion_plus(PG_FUNCTION_ARGS)
{
	mlc_confusion *a = PG_GETARG_CONFUSION(0);
	mlc_confusion *b = PG_GETARG_CONFUSION(1);
	mlc_status	st;

	mlc_status_init(&st);
	mlc_pg_check(mlc_confusion_merge(a, b, &st), &st);
	PG_RETURN_DATUM(mlc_pg_confusion_datum(a));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_eq);
Datum
mlcheck_confusion_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(mlc_confusion_equal(PG_GETARG_CONFUSION(0), PG_GETARG_CONFUSION(1)));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_ne);
Datum
mlcheck_confusion_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!mlc_confusion_equal(PG_GETARG_CONFUSION(0), PG_GETARG_CONFUSION(1)));
}

/* ------------------------------------------------------------- accessors */

/* The label argument may be text, bigint or boolean (overloads share C code). */
static int32_t
label_arg(FunctionCallInfo fcinfo, int argno, const mlc_confusion *c)
{
	Oid			t = get_fn_expr_argtype(fcinfo->flinfo, argno);
	char	   *s;
	mlc_status	st;
	int32_t		idx;

	if (t == INT8OID || t == INT4OID)
		s = psprintf(INT64_FORMAT, t == INT8OID ? PG_GETARG_INT64(argno) : (int64) PG_GETARG_INT32(argno));
	else if (t == BOOLOID)
		s = PG_GETARG_BOOL(argno) ? "true" : "false";
	else
		s = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	mlc_status_init(&st);
	/* an integer or boolean cannot name a class of a text matrix (a text
	 * label is parsed as the matrix's kind by the core) */
	if ((t == INT8OID || t == INT4OID || t == BOOLOID) && c->kind == MLC_LABEL_TEXT)
	{
		mlc_pg_check(mlc_failf(&st, MLC_EBADARG,
							   "This matrix has text labels: pass the label as text, e.g. '1' or 'true'.",
							   "%s label %s cannot name a class of a matrix with text labels",
							   t == BOOLOID ? "boolean" : "integer", s), &st);
	}
	mlc_pg_check(mlc_confusion_resolve_label(c, s, strlen(s), &idx, &st), &st);
	return idx;
}

static mlc_average
parse_average(const char *s)
{
	if (strcmp(s, "binary") == 0)
		return MLC_AVG_BINARY;
	if (strcmp(s, "macro") == 0)
		return MLC_AVG_MACRO;
	if (strcmp(s, "micro") == 0)
		return MLC_AVG_MICRO;
	if (strcmp(s, "weighted") == 0)
		return MLC_AVG_WEIGHTED;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown average \"%s\"", s),
			 errhint("Use 'binary', 'macro', 'micro' or 'weighted'.")));
	return MLC_AVG_BINARY;
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
	mlc_status	st;

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
	mlc_status_init(&st);
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
		mlc_pg_check(mlc_confusion_default_positive(c, &pos, &st), &st);
	mlc_pg_check(mlc_confusion_prf(c, which, beta, avg, pos, &defined, &out, &st), &st);
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(mlcheck_precision);
Datum
mlcheck_precision(PG_FUNCTION_ARGS)
{
	return prf_common(fcinfo, MLC_PRECISION, -1, 1);
}

PG_FUNCTION_INFO_V1(mlcheck_recall);
Datum
mlcheck_recall(PG_FUNCTION_ARGS)
{
	return prf_common(fcinfo, MLC_RECALL, -1, 1);
}

PG_FUNCTION_INFO_V1(mlcheck_f1);
Datum
mlcheck_f1(PG_FUNCTION_ARGS)
{
	return prf_common(fcinfo, MLC_FBETA, -1, 1);
}

PG_FUNCTION_INFO_V1(mlcheck_specificity);
Datum
mlcheck_specificity(PG_FUNCTION_ARGS)
{
	return prf_common(fcinfo, MLC_SPECIFICITY, -1, 1);
}

PG_FUNCTION_INFO_V1(mlcheck_fbeta);
Datum
mlcheck_fbeta(PG_FUNCTION_ARGS)
{
	return prf_common(fcinfo, MLC_FBETA, 1, 2);
}

#define SIMPLE_METRIC(sqlname, corefn) \
PG_FUNCTION_INFO_V1(mlcheck_##sqlname); \
Datum \
mlcheck_##sqlname(PG_FUNCTION_ARGS) \
{ \
	double		out; \
	if (!corefn(PG_GETARG_CONFUSION(0), &out)) \
		PG_RETURN_NULL(); \
	PG_RETURN_FLOAT8(out); \
}

SIMPLE_METRIC(accuracy, mlc_confusion_accuracy)
SIMPLE_METRIC(balanced_accuracy, mlc_confusion_balanced_accuracy)
SIMPLE_METRIC(mcc, mlc_confusion_mcc)
SIMPLE_METRIC(cohen_kappa, mlc_confusion_kappa)

PG_FUNCTION_INFO_V1(mlcheck_support);
Datum
mlcheck_support(PG_FUNCTION_ARGS)
{
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	mlc_class_stats s;

	mlc_confusion_class_stats(c, label_arg(fcinfo, 1, c), &s);
	PG_RETURN_FLOAT8(s.support);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_n);
Datum
mlcheck_confusion_n(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(mlc_confusion_total(PG_GETARG_CONFUSION(0)));
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_n_null);
Datum
mlcheck_confusion_n_null(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_CONFUSION(0)->n_null);
}

PG_FUNCTION_INFO_V1(mlcheck_confusion_labels);
Datum
mlcheck_confusion_labels(PG_FUNCTION_ARGS)
{
	mlc_confusion *c = PG_GETARG_CONFUSION(0);
	Datum	   *elems = palloc(sizeof(Datum) * Max(c->k, 1));
	int32_t		i;

	for (i = 0; i < c->k; i++)
	{
		mlc_buf		b;

		mlc_buf_init(&b, 16);
		mlc_confusion_label_str(c, i, &b);
		mlc_pg_buf_check(&b, "label", NULL);
		elems[i] = PointerGetDatum(cstring_to_text_with_len(b.data, b.len));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, c->k, TEXTOID, -1, false, TYPALIGN_INT));
}

static text *
label_text(const mlc_confusion *c, int32_t i)
{
	mlc_buf		b;

	mlc_buf_init(&b, 16);
	mlc_confusion_label_str(c, i, &b);
	mlc_pg_buf_check(&b, "label", NULL);
	return cstring_to_text_with_len(b.data, b.len);
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
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};
			double		v = mlc_confusion_cell(c, a, p);

			values[0] = PointerGetDatum(labels[a]);
			values[1] = PointerGetDatum(labels[p]);
			values[2] = Float8GetDatum(v);
			if (row > 0)
				values[3] = Float8GetDatum(v / row);
			else
				nulls[3] = true;
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
