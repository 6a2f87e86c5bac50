/*
 * scores.c — fmgr glue for classification by scores (SPEC §2): the exact
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
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "mlc_confusion.h"
#include "mlc_pg.h"
#include "mlc_scores.h"
#include "mlc_state.h"

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

/*
 * State mlcheck._auc_state (src/pg/mlc_state.c does its I/O and combine):
 * roc_auc and pr_auc share it.  An unweighted state is created for the
 * 2-argument overloads, a weighted one for the 3-argument ones.
 */
static void *
new_auc(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	mlc_auc    *a = mlc_auc_new(PG_NARGS() > 3);

	if (a == NULL)
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	return a;
}

static inline Datum
auc_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	mlc_pg_state *s = mlc_pg_state_rw(fcinfo, 0, &mlc_auc_type);
	bool		weighted = PG_NARGS() > 3;
	double		score,
				w;
	bool		positive;
	MemoryContext old;
	mlc_status	st;
	mlc_code	rc;

	/* per-row fast path: a row that fits in the arrays without growing them */
	if (s && !weighted && !PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		score = PG_GETARG_FLOAT8(1);
		if (!isnan(score))
		{
			positive = int_lab ? int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2);
			if (mlc_auc_add_quick(s->value, score, positive))
				MLC_PG_RETURN_STATE(s);
		}
	}
	if (s == NULL)
		s = mlc_pg_trans_state(fcinfo, &mlc_auc_type, new_auc, NULL);
	if (!read_row(fcinfo, int_lab, weighted, &score, &positive, &w))
		MLC_PG_RETURN_STATE(s);
	old = mlc_pg_state_enter(s);
	rc = mlc_auc_add(s->value, score, positive, w, &st);
	MemoryContextSwitchTo(old);
	mlc_pg_check(rc, &st);
	MLC_PG_RETURN_STATE(s);
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

static Datum
auc_final(FunctionCallInfo fcinfo, bool want_roc)
{
	mlc_pg_state *owner;
	mlc_auc    *a;
	double		roc,
				ap;
	bool		roc_def,
				ap_def;
	mlc_status	st;
	mlc_code	rc;
	MemoryContext old;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	a = mlc_pg_value(PG_GETARG_DATUM(0), &mlc_auc_type, &owner);
	/* sorting happens in place, in the state's context; the rows stay the same */
	old = owner ? mlc_pg_state_enter(owner) : CurrentMemoryContext;
	mlc_status_init(&st);
	rc = mlc_auc_compute(a, &roc, &roc_def, &ap, &ap_def, &st);
	MemoryContextSwitchTo(old);
	mlc_pg_check(rc, &st);
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

/* State mlcheck._prob_state, shared by log_loss and brier: fixed-size sums. */
static void *
new_prob(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	mlc_prob   *p = mlc_alloc(sizeof(mlc_prob));

	if (p == NULL)
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	else
		mlc_prob_init(p);
	return p;
}

static inline Datum
prob_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_prob_type, new_prob, NULL);
	bool		weighted = PG_NARGS() > 3;
	double		prob,
				w;
	bool		positive;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (weighted && PG_ARGISNULL(3)))
		MLC_PG_RETURN_STATE(s);
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
	mlc_prob_add(s->value, prob, positive, w);
	MLC_PG_RETURN_STATE(s);
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

static Datum
prob_final(FunctionCallInfo fcinfo, bool (*metric) (const mlc_prob *p, double *out))
{
	double		v;

	if (PG_ARGISNULL(0) || !metric(mlc_pg_value(PG_GETARG_DATUM(0), &mlc_prob_type, NULL), &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}

PG_FUNCTION_INFO_V1(mlcheck_log_loss_final);
Datum
mlcheck_log_loss_final(PG_FUNCTION_ARGS)
{
	return prob_final(fcinfo, mlc_prob_log_loss);
}

PG_FUNCTION_INFO_V1(mlcheck_brier_final);
Datum
mlcheck_brier_final(PG_FUNCTION_ARGS)
{
	return prob_final(fcinfo, mlc_prob_brier);
}

/* ======================================================= scores summary */

#define PG_GETARG_SCORES(n) mlc_pg_scores_from_datum(PG_GETARG_DATUM(n))

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

/* argument position of max_bins in (state, score, label [, weight] [, max_bins]), or -1 */
static inline int
bins_at(FunctionCallInfo fcinfo, bool weighted)
{
	int			at = weighted ? 4 : 3;

	return PG_NARGS() > at ? at : -1;
}

static void *
new_scores(FunctionCallInfo fcinfo, const void *weighted, mlc_status *st)
{
	bool		w = *(const bool *) weighted;
	mlc_scores *s = mlc_scores_new(bins_arg(fcinfo, bins_at(fcinfo, w)), w);

	if (s == NULL)
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	return s;
}

static inline Datum
scores_trans(FunctionCallInfo fcinfo, bool int_lab, bool weighted)
{
	mlc_pg_state *st_ = mlc_pg_trans_state(fcinfo, &mlc_scores_type, new_scores, &weighted);
	mlc_scores *s = st_->value;
	int			at = bins_at(fcinfo, weighted);
	double		score,
				w;
	bool		positive;
	MemoryContext old;
	mlc_status	st;
	mlc_code	rc;

	if (at >= 0 && (PG_ARGISNULL(at) || PG_GETARG_INT32(at) != s->max_bins))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_bins must be the same for every row of a group"),
				 errhint("Pass a constant, e.g. mlcheck.scores(score, label, 1000).")));
	if (!read_row(fcinfo, int_lab, weighted, &score, &positive, &w))
	{
		s->n_null++;
		MLC_PG_RETURN_STATE(st_);
	}
	old = mlc_pg_state_enter(st_);
	rc = mlc_scores_add(s, score, positive, w, &st);
	MemoryContextSwitchTo(old);
	mlc_pg_check(rc, &st);
	MLC_PG_RETURN_STATE(st_);
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
