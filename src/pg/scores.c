/*
 * scores.c — fmgr glue for classification by scores: the exact
 * roc_auc/pr_auc aggregates (one shared transition state), log_loss/brier
 * (one shared state), and the mlcheck.scores summary type with its
 * aggregates and accessors.  Arithmetic lives in src/core/mlc_scores.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "mlc_confusion.h"
#include "mlc_pg.h"
#include "mlc_scores.h"

#define SCORES_NAME "scores"

/* ------------------------------------------------------------ row input */

static void
bad_score(double v)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("score must not be NaN"),
			 errdetail("Got score %g.", v),
			 errhint("Filter out or replace NaN scores, e.g. WHERE score <> 'NaN'.")));
}

static bool
int_label(int32 v)
{
	if (v != 0 && v != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("integer label must be 0 or 1"),
				 errdetail("Got label %d.", v),
				 errhint("Use a boolean label, or map the positive class to 1 and the others to 0.")));
	return v == 1;
}

/*
 * Read (score, label [, weight]) at args 1..3.  Returns false when the row
 * is skipped because of a NULL.  int_lab: the label is an integer 0/1.
 */
static inline bool
read_row(FunctionCallInfo fcinfo, bool int_lab, bool weighted, double *score,
		 bool *positive, double *w)
{
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (weighted && PG_ARGISNULL(3)))
		return false;
	*score = PG_GETARG_FLOAT8(1);
	if (isnan(*score))
		bad_score(*score);
	*positive = int_lab ? int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2);
	*w = 1.0;
	if (weighted)
	{
		*w = PG_GETARG_FLOAT8(3);
		mlc_pg_check_weight(*w);
	}
	return true;
}

/* ===================================================== exact roc/pr AUC */

static inline Datum
auc_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	MemoryContext aggctx;
	bool		weighted = PG_NARGS() > 3;
	mlc_auc    *a;
	double		score,
				w;
	bool		positive;
	MemoryContext old;
	mlc_status	st;

	/*
	 * Per-row fast path: an existing state (only an aggregate can hand us a
	 * non-NULL internal state; the context is checked when it is created)
	 * and a row that fits in the arrays without growing them.
	 */
	if (!weighted && !PG_ARGISNULL(0) && !PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		score = PG_GETARG_FLOAT8(1);
		if (!isnan(score))
		{
			positive = int_lab ? int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2);
			if (mlc_auc_add_quick((mlc_auc *) PG_GETARG_POINTER(0), score, positive))
				PG_RETURN_POINTER(PG_GETARG_POINTER(0));
		}
	}
	aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.roc_auc");
	if (PG_ARGISNULL(0))
	{
		old = MemoryContextSwitchTo(aggctx);
		a = mlc_auc_new(weighted);
		MemoryContextSwitchTo(old);
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	else
		a = (mlc_auc *) PG_GETARG_POINTER(0);
	if (!read_row(fcinfo, int_lab, weighted, &score, &positive, &w))
		PG_RETURN_POINTER(a);
	old = MemoryContextSwitchTo(aggctx);
	if (mlc_auc_add(a, score, positive, w, &st) != MLC_OK)
		mlc_pg_raise(&st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_auc_trans_bool);
Datum
mlcheck_auc_trans_bool(PG_FUNCTION_ARGS)
{
	return auc_trans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(mlcheck_auc_trans_int);
Datum
mlcheck_auc_trans_int(PG_FUNCTION_ARGS)
{
	return auc_trans(fcinfo, true);
}

PG_FUNCTION_INFO_V1(mlcheck_auc_combine);
Datum
mlcheck_auc_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._auc_combine");
	mlc_auc    *a = PG_ARGISNULL(0) ? NULL : (mlc_auc *) PG_GETARG_POINTER(0);
	mlc_auc    *b = PG_ARGISNULL(1) ? NULL : (mlc_auc *) PG_GETARG_POINTER(1);
	MemoryContext old;
	mlc_status	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	old = MemoryContextSwitchTo(aggctx);
	if (a == NULL)
	{
		a = mlc_auc_new(b->weighted);
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	if (mlc_auc_merge(a, b, &st) != MLC_OK)
		mlc_pg_raise(&st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_auc_serial);
Datum
mlcheck_auc_serial(PG_FUNCTION_ARGS)
{
	mlc_auc    *a = (mlc_auc *) PG_GETARG_POINTER(0);
	mlc_buf		b;
	mlc_status	st;
	size_t		size;

	mlc_pg_agg_context(fcinfo, "mlcheck._auc_serial");
	mlc_status_init(&st);
	/*
	 * Sort the partial state here, in the worker: the leader then merges
	 * the sorted parts in its final walk instead of sorting all rows alone.
	 * (Same rows, same results: sorting never changes the state's multiset.)
	 */
	mlc_pg_check(mlc_auc_sort(a, &st), &st);
	size = mlc_auc_serial_size(a);
	if (size == SIZE_MAX || size + VARHDRSZ > MaxAllocSize)
		mlc_pg_check(mlc_fail(&st, MLC_ELIMIT, "exact AUC state is too large to serialize", NULL,
							  "Use mlcheck.scores(score, label, max_bins) for a summary of bounded size."), &st);
	mlc_buf_init(&b, size + 1);
	mlc_pg_check(mlc_auc_write(a, &b, &st), &st);
	PG_RETURN_POINTER(mlc_pg_buf_to_varlena(&b, "exact AUC state"));
}

PG_FUNCTION_INFO_V1(mlcheck_auc_deserial);
Datum
mlcheck_auc_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	mlc_status	st;
	mlc_auc    *a;

	mlc_pg_agg_context(fcinfo, "mlcheck._auc_deserial");
	mlc_status_init(&st);
	a = mlc_auc_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (a == NULL)
		mlc_pg_raise(&st);
	PG_RETURN_POINTER(a);
}

static Datum
auc_final(FunctionCallInfo fcinfo, bool want_roc)
{
	mlc_auc    *a;
	double		roc,
				ap;
	bool		roc_def,
				ap_def;
	mlc_status	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	a = (mlc_auc *) PG_GETARG_POINTER(0);
	mlc_status_init(&st);
	/* sorting happens in place; the state keeps the same rows (READ_ONLY) */
	mlc_pg_check(mlc_auc_compute(a, &roc, &roc_def, &ap, &ap_def, &st), &st);
	if (want_roc ? !roc_def : !ap_def)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(want_roc ? roc : ap);
}

PG_FUNCTION_INFO_V1(mlcheck_roc_auc_final);
Datum
mlcheck_roc_auc_final(PG_FUNCTION_ARGS)
{
	return auc_final(fcinfo, true);
}

PG_FUNCTION_INFO_V1(mlcheck_pr_auc_final);
Datum
mlcheck_pr_auc_final(PG_FUNCTION_ARGS)
{
	return auc_final(fcinfo, false);
}

/* ================================================ log loss and Brier */

static inline Datum
prob_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.log_loss");
	bool		weighted = PG_NARGS() > 3;
	mlc_prob   *p;
	double		prob,
				w;
	bool		positive;

	if (PG_ARGISNULL(0))
	{
		p = MemoryContextAlloc(aggctx, sizeof(mlc_prob));
		mlc_prob_init(p);
	}
	else
		p = (mlc_prob *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (weighted && PG_ARGISNULL(3)))
		PG_RETURN_POINTER(p);
	prob = PG_GETARG_FLOAT8(1);
	if (isnan(prob))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("probability must not be NaN"),
				 errhint("Filter out or replace NaN probabilities.")));
	if (prob < 0 || prob > 1)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("probability %g is outside [0, 1]", prob),
				 errhint("log_loss and brier take predicted probabilities of the positive class; "
						 "map raw scores to [0, 1] first (e.g. with a sigmoid), or use roc_auc/pr_auc, which take any score.")));
	positive = int_lab ? int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2);
	w = 1.0;
	if (weighted)
	{
		w = PG_GETARG_FLOAT8(3);
		mlc_pg_check_weight(w);
	}
	mlc_prob_add(p, prob, positive, w);
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(mlcheck_prob_trans_bool);
Datum
mlcheck_prob_trans_bool(PG_FUNCTION_ARGS)
{
	return prob_trans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(mlcheck_prob_trans_int);
Datum
mlcheck_prob_trans_int(PG_FUNCTION_ARGS)
{
	return prob_trans(fcinfo, true);
}

PG_FUNCTION_INFO_V1(mlcheck_prob_combine);
Datum
mlcheck_prob_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._prob_combine");
	mlc_prob   *a = PG_ARGISNULL(0) ? NULL : (mlc_prob *) PG_GETARG_POINTER(0);
	mlc_prob   *b = PG_ARGISNULL(1) ? NULL : (mlc_prob *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = MemoryContextAlloc(aggctx, sizeof(mlc_prob));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	mlc_prob_merge(a, b);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_prob_serial);
Datum
mlcheck_prob_serial(PG_FUNCTION_ARGS)
{
	mlc_prob   *p = (mlc_prob *) PG_GETARG_POINTER(0);
	mlc_buf		b;

	mlc_pg_agg_context(fcinfo, "mlcheck._prob_serial");
	mlc_buf_init(&b, 64);
	mlc_prob_write(p, &b);
	PG_RETURN_POINTER(mlc_pg_buf_to_varlena(&b, "log loss state"));
}

PG_FUNCTION_INFO_V1(mlcheck_prob_deserial);
Datum
mlcheck_prob_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	mlc_prob   *p = palloc(sizeof(mlc_prob));
	mlc_status	st;

	mlc_pg_agg_context(fcinfo, "mlcheck._prob_deserial");
	mlc_status_init(&st);
	mlc_pg_check(mlc_prob_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), p, &st), &st);
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(mlcheck_log_loss_final);
Datum
mlcheck_log_loss_final(PG_FUNCTION_ARGS)
{
	double		v;

	if (PG_ARGISNULL(0) || !mlc_prob_log_loss((mlc_prob *) PG_GETARG_POINTER(0), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

PG_FUNCTION_INFO_V1(mlcheck_brier_final);
Datum
mlcheck_brier_final(PG_FUNCTION_ARGS)
{
	double		v;

	if (PG_ARGISNULL(0) || !mlc_prob_brier((mlc_prob *) PG_GETARG_POINTER(0), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

/* ======================================================= scores summary */

static mlc_scores *
scores_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_scores *s;

	mlc_status_init(&st);
	s = mlc_scores_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (s == NULL)
	{
		/* a stored value that does not decode is corruption, not syntax */
		st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return s;
}

#define PG_GETARG_SCORES(n) scores_from_datum(PG_GETARG_DATUM(n))

static Datum
scores_datum(mlc_scores *s)
{
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64 + 25 * s->k);
	mlc_pg_check(mlc_scores_write(s, &b, &st), &st);
	return PointerGetDatum(mlc_pg_buf_to_varlena(&b, SCORES_NAME));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_in);
Datum
mlcheck_scores_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	mlc_status	st;
	mlc_scores *s;

	mlc_status_init(&st);
	s = mlc_scores_from_json(str, strlen(str), &st);
	if (s == NULL)
		mlc_pg_raise(&st);
	PG_RETURN_DATUM(scores_datum(s));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_out);
Datum
mlcheck_scores_out(PG_FUNCTION_ARGS)
{
	mlc_scores *s = PG_GETARG_SCORES(0);
	mlc_buf		b;
	mlc_status	st;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64 + 40 * s->k);
	mlc_pg_check(mlc_scores_to_json(s, &b, &st), &st);
	PG_RETURN_CSTRING(mlc_pg_buf_to_cstring(&b, SCORES_NAME));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_recv);
Datum
mlcheck_scores_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	mlc_status	st;
	mlc_scores *s;

	mlc_status_init(&st);
	s = mlc_scores_read(buf->data + buf->cursor, buf->len - buf->cursor, &st);
	if (s == NULL)
		mlc_pg_raise(&st);
	buf->cursor = buf->len;
	PG_RETURN_DATUM(scores_datum(s));
}

/* ---- aggregates */

static int32
bins_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		mb;
	mlc_status	st;

	if (argno < 0)
		return MLC_SCORES_DEFAULT_BINS;
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_bins must not be NULL"),
				 errhint("Omit the argument for the default of 10000 bins.")));
	mb = PG_GETARG_INT32(argno);
	mlc_status_init(&st);
	mlc_pg_check(mlc_scores_check_bins(mb, &st), &st);
	return mb;
}

/*
 * Shared body: (state, score, label [, weight] [, max_bins]).
 * bins_at: argument position of max_bins or -1.
 */
static inline Datum
scores_trans(FunctionCallInfo fcinfo, bool int_lab, bool weighted)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.scores");
	int			bins_at = PG_NARGS() > (weighted ? 4 : 3) ? (weighted ? 4 : 3) : -1;
	mlc_scores *s;
	double		score,
				w;
	bool		positive;
	MemoryContext old;
	mlc_status	st;

	if (PG_ARGISNULL(0))
	{
		int32		mb = bins_arg(fcinfo, bins_at);

		old = MemoryContextSwitchTo(aggctx);
		s = mlc_scores_new(mb, weighted);
		MemoryContextSwitchTo(old);
		if (s == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	else
	{
		s = (mlc_scores *) PG_GETARG_POINTER(0);
		if (bins_at >= 0 && (PG_ARGISNULL(bins_at) || PG_GETARG_INT32(bins_at) != s->max_bins))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("max_bins must be the same for every row of a group"),
					 errhint("Pass a constant, e.g. mlcheck.scores(score, label, 1000).")));
	}
	if (!read_row(fcinfo, int_lab, weighted, &score, &positive, &w))
	{
		s->n_null++;
		PG_RETURN_POINTER(s);
	}
	old = MemoryContextSwitchTo(aggctx);
	if (mlc_scores_add(s, score, positive, w, &st) != MLC_OK)
		mlc_pg_raise(&st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_trans_bool);
Datum
mlcheck_scores_trans_bool(PG_FUNCTION_ARGS)
{
	return scores_trans(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_trans_int);
Datum
mlcheck_scores_trans_int(PG_FUNCTION_ARGS)
{
	return scores_trans(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_trans_bool_w);
Datum
mlcheck_scores_trans_bool_w(PG_FUNCTION_ARGS)
{
	return scores_trans(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_trans_int_w);
Datum
mlcheck_scores_trans_int_w(PG_FUNCTION_ARGS)
{
	return scores_trans(fcinfo, true, true);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_merge_trans);
Datum
mlcheck_scores_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck.merge");
	mlc_scores *s = PG_ARGISNULL(0) ? NULL : (mlc_scores *) PG_GETARG_POINTER(0);
	MemoryContext old;
	mlc_status	st;

	if (PG_ARGISNULL(1))
	{
		if (s == NULL)
			PG_RETURN_NULL();	/* nothing merged yet */
		PG_RETURN_POINTER(s);
	}
	old = MemoryContextSwitchTo(aggctx);
	if (s == NULL)
	{
		s = scores_from_datum(PG_GETARG_DATUM(1));
		MemoryContextSwitchTo(old);
		PG_RETURN_POINTER(s);
	}
	mlc_status_init(&st);
	mlc_pg_check(mlc_scores_merge(s, scores_from_datum(PG_GETARG_DATUM(1)), &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_combine);
Datum
mlcheck_scores_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._scores_combine");
	mlc_scores *a = PG_ARGISNULL(0) ? NULL : (mlc_scores *) PG_GETARG_POINTER(0);
	mlc_scores *b = PG_ARGISNULL(1) ? NULL : (mlc_scores *) PG_GETARG_POINTER(1);
	MemoryContext old;
	mlc_status	st;

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	old = MemoryContextSwitchTo(aggctx);
	if (a == NULL)
	{
		a = mlc_scores_new(b->max_bins, false);
		if (a == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	mlc_status_init(&st);
	mlc_pg_check(mlc_scores_merge(a, b, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_serial);
Datum
mlcheck_scores_serial(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._scores_serial");
	mlc_scores *s = (mlc_scores *) PG_GETARG_POINTER(0);
	MemoryContext old = MemoryContextSwitchTo(aggctx);
	mlc_status	st;

	/* the buffered rows are merged in the aggregate context */
	mlc_status_init(&st);
	mlc_pg_check(mlc_scores_flush(s, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_DATUM(scores_datum(s));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_deserial);
Datum
mlcheck_scores_deserial(PG_FUNCTION_ARGS)
{
	mlc_pg_agg_context(fcinfo, "mlcheck._scores_deserial");
	PG_RETURN_POINTER(scores_from_datum(PG_GETARG_DATUM(0)));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_final);
Datum
mlcheck_scores_final(PG_FUNCTION_ARGS)
{
	mlc_scores *s;
	MemoryContext aggctx,
				old;
	mlc_status	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	aggctx = mlc_pg_agg_context(fcinfo, "mlcheck._scores_final");
	s = (mlc_scores *) PG_GETARG_POINTER(0);
	old = MemoryContextSwitchTo(aggctx);
	mlc_status_init(&st);
	mlc_pg_check(mlc_scores_flush(s, &st), &st);
	MemoryContextSwitchTo(old);
	PG_RETURN_DATUM(scores_datum(s));
}

/* ---- accessors */

PG_FUNCTION_INFO_V1(mlcheck_scores_roc_auc);
Datum
mlcheck_scores_roc_auc(PG_FUNCTION_ARGS)
{
	double		auc,
				lo,
				hi;

	if (!mlc_scores_roc_auc(PG_GETARG_SCORES(0), &auc, &lo, &hi))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(auc);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_pr_auc);
Datum
mlcheck_scores_pr_auc(PG_FUNCTION_ARGS)
{
	double		ap;

	if (!mlc_scores_pr_auc(PG_GETARG_SCORES(0), &ap))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ap);
}

static Datum
pair_result(FunctionCallInfo fcinfo, double a, double b)
{
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(a);
	values[1] = Float8GetDatum(b);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_roc_auc_bounds);
Datum
mlcheck_scores_roc_auc_bounds(PG_FUNCTION_ARGS)
{
	double		auc,
				lo,
				hi;

	if (!mlc_scores_roc_auc(PG_GETARG_SCORES(0), &auc, &lo, &hi))
		PG_RETURN_NULL();
	return pair_result(fcinfo, lo, hi);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_is_exact);
Datum
mlcheck_scores_is_exact(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(mlc_scores_is_exact(PG_GETARG_SCORES(0)));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_n);
Datum
mlcheck_scores_n(PG_FUNCTION_ARGS)
{
	double		p,
				n;

	mlc_scores_totals(PG_GETARG_SCORES(0), &p, &n);
	PG_RETURN_FLOAT8(p + n);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_n_null);
Datum
mlcheck_scores_n_null(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SCORES(0)->n_null);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_confusion_at);
Datum
mlcheck_scores_confusion_at(PG_FUNCTION_ARGS)
{
	mlc_scores *s = PG_GETARG_SCORES(0);
	double		t = PG_GETARG_FLOAT8(1);
	double		tp,
				fp,
				fn,
				tn,
				P,
				N;
	mlc_confusion *c;
	mlc_status	st;
	int32_t		i0 = -1,
				i1 = -1;

	if (isnan(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold must not be NaN")));
	mlc_scores_counts_at(s, t, &tp, &fp, &fn, &tn);
	mlc_scores_totals(s, &P, &N);
	c = mlc_confusion_new(MLC_LABEL_BOOL);
	if (c == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	mlc_status_init(&st);
	/* labels present as in confusion_matrix: actual or predicted somewhere */
	if ((N > 0 || fn + tn > 0) && (i0 = mlc_confusion_label_int(c, 0, &st)) < 0)
		mlc_pg_raise(&st);
	if ((P > 0 || tp + fp > 0) && (i1 = mlc_confusion_label_int(c, 1, &st)) < 0)
		mlc_pg_raise(&st);
	if (i0 >= 0)
		mlc_confusion_add(c, i0, i0, tn);
	if (i1 >= 0)
		mlc_confusion_add(c, i1, i1, tp);
	if (i0 >= 0 && i1 >= 0)
	{
		mlc_confusion_add(c, i0, i1, fp);
		mlc_confusion_add(c, i1, i0, fn);
	}
	c->n_null = s->n_null;
	PG_RETURN_DATUM(mlc_pg_confusion_datum(c));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_best_threshold);
Datum
mlcheck_scores_best_threshold(PG_FUNCTION_ARGS)
{
	mlc_scores *s = PG_GETARG_SCORES(0);
	char	   *crit = text_to_cstring(PG_GETARG_TEXT_PP(1));
	mlc_criterion c;
	double		t,
				v;

	if (strcmp(crit, "f1") == 0)
		c = MLC_CRIT_F1;
	else if (strcmp(crit, "youden") == 0)
		c = MLC_CRIT_YOUDEN;
	else if (strcmp(crit, "accuracy") == 0)
		c = MLC_CRIT_ACCURACY;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown criterion \"%s\"", crit),
				 errhint("Use 'f1', 'youden' or 'accuracy'.")));
	if (!mlc_scores_best_threshold(s, c, &t, &v))
		PG_RETURN_NULL();
	return pair_result(fcinfo, t, v);
}

/*
 * roc_points: one row per distinct score (bin).  pr_points: the same rows
 * plus the closing (precision 1, recall 0) point that has no threshold, as
 * precision_recall_curve returns it.
 */
static Datum
points_srf(FunctionCallInfo fcinfo, bool pr)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	mlc_scores *s = PG_GETARG_SCORES(0);
	size_t		n,
				i,
				k = s->k ? s->k : 1;
	double	   *thr = palloc(sizeof(double) * k),
			   *fpr = palloc(sizeof(double) * k),
			   *tpr = palloc(sizeof(double) * k),
			   *prec = palloc(sizeof(double) * k);
	Datum		values[5];
	bool		nulls[5];

	InitMaterializedSRF(fcinfo, 0);
	n = mlc_scores_points(s, thr, fpr, tpr, prec);
	for (i = 0; i < n; i++)
	{
		memset(nulls, 0, sizeof(nulls));
		values[0] = Float8GetDatum(thr[i]);
		values[1] = Float8GetDatum(fpr[i]);
		nulls[1] = isnan(fpr[i]);
		values[2] = Float8GetDatum(tpr[i]);
		nulls[2] = isnan(tpr[i]);
		values[3] = Float8GetDatum(prec[i]);
		values[4] = Float8GetDatum(tpr[i]);
		nulls[4] = isnan(tpr[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	if (pr && n > 0)
	{
		bool		no_pos = isnan(tpr[0]);

		memset(nulls, 0, sizeof(nulls));
		nulls[0] = true;
		values[1] = Float8GetDatum(0.0);
		nulls[1] = isnan(fpr[0]);
		values[2] = Float8GetDatum(0.0);
		nulls[2] = no_pos;
		values[3] = Float8GetDatum(1.0);
		values[4] = Float8GetDatum(0.0);
		nulls[4] = no_pos;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(mlcheck_scores_roc_points);
Datum
mlcheck_scores_roc_points(PG_FUNCTION_ARGS)
{
	return points_srf(fcinfo, false);
}

PG_FUNCTION_INFO_V1(mlcheck_scores_pr_points);
Datum
mlcheck_scores_pr_points(PG_FUNCTION_ARGS)
{
	return points_srf(fcinfo, true);
}
