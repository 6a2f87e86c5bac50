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

/* the label at arg 2: boolean, or (int_lab) an integer 0/1 */
#define LABEL_ARG(int_lab) ((int_lab) ? mlc_pg_int_label(PG_GETARG_INT32(2)) : PG_GETARG_BOOL(2))

/* whether the row (x, label [, weight]) at args 1..3 has a NULL */
#define ROW_HAS_NULL(weighted) (PG_ARGISNULL(1) || PG_ARGISNULL(2) || ((weighted) && PG_ARGISNULL(3)))

/* the weight at arg 3, checked (1 when unweighted) */
static inline double
weight_arg(FunctionCallInfo fcinfo, bool weighted)
{
	double		w = 1.0;

	if (weighted)
	{
		w = PG_GETARG_FLOAT8(3);
		mlc_pg_check_weight(w);
	}
	return w;
}

/*
 * Read (score, label [, weight]) at args 1..3.  Returns false when the row
 * is skipped because of a NULL.  int_lab: the label is an integer 0/1.
 */
static inline bool
read_row(FunctionCallInfo fcinfo, bool int_lab, bool weighted, double *score,
		 bool *positive, double *w)
{
	if (ROW_HAS_NULL(weighted))
		return false;
	*score = PG_GETARG_FLOAT8(1);
	if (isnan(*score))
		bad_score(*score);
	*positive = LABEL_ARG(int_lab);
	*w = weight_arg(fcinfo, weighted);
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
	return mlc_auc_new(PG_NARGS() > 3);
}

static inline Datum
auc_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	mlc_pg_state *s = mlc_pg_state_rw(fcinfo, 0, &mlc_auc_type);
	bool		weighted = PG_NARGS() > 3;
	double		score,
				w;
	bool		positive;

	/* per-row fast path: a row that fits in the arrays without growing them */
	if (s && !weighted && !PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		score = PG_GETARG_FLOAT8(1);
		if (!isnan(score))
		{
			positive = LABEL_ARG(int_lab);
			if (mlc_auc_add_quick(s->value, score, positive))
				MLC_PG_RETURN_STATE(s);
		}
	}
	if (s == NULL)
		s = mlc_pg_trans_state(fcinfo, &mlc_auc_type, new_auc, NULL);
	if (read_row(fcinfo, int_lab, weighted, &score, &positive, &w))
		MLC_PG_CALL_IN(s->hdr.eoh_context, mlc_auc_add, s->value, score, positive, w);
	MLC_PG_RETURN_STATE(s);
}

MLC_PG_ENTRY(mlcheck_auc_trans_bool, auc_trans(fcinfo, false))
MLC_PG_ENTRY(mlcheck_auc_trans_int, auc_trans(fcinfo, true))

static Datum
auc_final(FunctionCallInfo fcinfo, bool want_roc)
{
	MemoryContext work;
	mlc_auc    *a;
	double		roc = 0,
				ap = 0;
	bool		roc_def = false,
				ap_def = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	/* sorting happens in place, in the state's context; the rows stay the same */
	a = mlc_pg_value_work(PG_GETARG_DATUM(0), &mlc_auc_type, &work);
	MLC_PG_CALL_IN(work, mlc_auc_compute, a, &roc, &roc_def, &ap, &ap_def);
	return mlc_pg_float8_or_null(fcinfo, want_roc ? roc_def : ap_def, want_roc ? roc : ap);
}

MLC_PG_ENTRY(mlcheck_roc_auc_final, auc_final(fcinfo, true))
MLC_PG_ENTRY(mlcheck_pr_auc_final, auc_final(fcinfo, false))

/* ================================================ log loss and Brier */

/* State mlcheck._prob_state, shared by log_loss and brier: fixed-size sums. */
static void *
new_prob(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	mlc_prob   *p = mlc_alloc(sizeof(mlc_prob));

	if (p)
		mlc_prob_init(p);
	return p;
}

static inline Datum
prob_trans(FunctionCallInfo fcinfo, bool int_lab)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_prob_type, new_prob, NULL);
	bool		weighted = PG_NARGS() > 3;
	double		prob;
	bool		positive;

	if (ROW_HAS_NULL(weighted))
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
	positive = LABEL_ARG(int_lab);
	mlc_prob_add(s->value, prob, positive, weight_arg(fcinfo, weighted));
	MLC_PG_RETURN_STATE(s);
}

MLC_PG_ENTRY(mlcheck_prob_trans_bool, prob_trans(fcinfo, false))
MLC_PG_ENTRY(mlcheck_prob_trans_int, prob_trans(fcinfo, true))

static Datum
prob_final(FunctionCallInfo fcinfo, bool (*metric) (const mlc_prob *p, double *out))
{
	double		v = 0;
	bool		defined = !PG_ARGISNULL(0) &&
		metric(mlc_pg_value(PG_GETARG_DATUM(0), &mlc_prob_type, NULL), &v);

	return mlc_pg_float8_or_null(fcinfo, defined, v);
}

MLC_PG_ENTRY(mlcheck_log_loss_final, prob_final(fcinfo, mlc_prob_log_loss))
MLC_PG_ENTRY(mlcheck_brier_final, prob_final(fcinfo, mlc_prob_brier))

/* ======================================================= scores summary */

#define PG_GETARG_SCORES(n) mlc_pg_scores_from_datum(PG_GETARG_DATUM(n))

static int32
bins_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		mb;

	if (argno < 0)
		return MLC_SCORES_DEFAULT_BINS;
	mlc_pg_not_null(fcinfo, argno, ERRCODE_INVALID_PARAMETER_VALUE, "max_bins",
					"Omit the argument for the default of 10000 bins.");
	mb = PG_GETARG_INT32(argno);
	MLC_PG_CALL(mlc_scores_check_bins, mb);
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

	return mlc_scores_new(bins_arg(fcinfo, bins_at(fcinfo, w)), w);
}

static inline Datum
scores_trans(FunctionCallInfo fcinfo, bool int_lab, bool weighted)
{
	mlc_pg_state *state = mlc_pg_trans_state(fcinfo, &mlc_scores_type, new_scores, &weighted);
	mlc_scores *s = state->value;
	int			at = bins_at(fcinfo, weighted);
	double		score,
				w;
	bool		positive;

	if (at >= 0 && (PG_ARGISNULL(at) || PG_GETARG_INT32(at) != s->max_bins))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_bins must be the same for every row of a group"),
				 errhint("Pass a constant, e.g. mlcheck.scores(score, label, 1000).")));
	if (!read_row(fcinfo, int_lab, weighted, &score, &positive, &w))
	{
		s->n_null++;
		MLC_PG_RETURN_STATE(state);
	}
	MLC_PG_CALL_IN(state->hdr.eoh_context, mlc_scores_add, s, score, positive, w);
	MLC_PG_RETURN_STATE(state);
}

MLC_PG_ENTRY(mlcheck_scores_trans_bool, scores_trans(fcinfo, false, false))
MLC_PG_ENTRY(mlcheck_scores_trans_int, scores_trans(fcinfo, true, false))
MLC_PG_ENTRY(mlcheck_scores_trans_bool_w, scores_trans(fcinfo, false, true))
MLC_PG_ENTRY(mlcheck_scores_trans_int_w, scores_trans(fcinfo, true, true))

/* ---- accessors */

/* A (float8, float8) record, NULL when undefined. */
static Datum
pair_result(FunctionCallInfo fcinfo, bool defined, double a, double b)
{
	Datum		values[2] = {Float8GetDatum(a), Float8GetDatum(b)};
	bool		nulls[2] = {false, false};

	if (!defined)
		PG_RETURN_NULL();
	return mlc_pg_make_row(fcinfo, values, nulls);
}

/* roc_auc(s) and roc_auc_bounds(s): the AUC and the range binning leaves it in */
static Datum
roc_auc(FunctionCallInfo fcinfo, bool bounds)
{
	double		auc = 0,
				lo = 0,
				hi = 0;
	bool		defined = mlc_scores_roc_auc(PG_GETARG_SCORES(0), &auc, &lo, &hi);

	return bounds ? pair_result(fcinfo, defined, lo, hi) : mlc_pg_float8_or_null(fcinfo, defined, auc);
}

MLC_PG_ENTRY(mlcheck_scores_roc_auc, roc_auc(fcinfo, false))
MLC_PG_ENTRY(mlcheck_scores_roc_auc_bounds, roc_auc(fcinfo, true))
MLC_PG_METRIC(mlcheck_scores_pr_auc, mlc_scores_pr_auc, PG_GETARG_SCORES(0))
MLC_PG_ENTRY(mlcheck_scores_is_exact, BoolGetDatum(mlc_scores_is_exact(PG_GETARG_SCORES(0))))
MLC_PG_ENTRY(mlcheck_scores_n_null, Int64GetDatum(PG_GETARG_SCORES(0)->n_null))

PG_FUNCTION_INFO_V1(mlcheck_scores_n);
Datum
mlcheck_scores_n(PG_FUNCTION_ARGS)
{
	double		p,
				n;

	mlc_scores_totals(PG_GETARG_SCORES(0), &p, &n);
	PG_RETURN_FLOAT8(p + n);
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
	static const mlc_pg_keyword criteria[] = {
		{"f1", MLC_CRIT_F1}, {"youden", MLC_CRIT_YOUDEN}, {"accuracy", MLC_CRIT_ACCURACY}, {NULL, 0}
	};
	mlc_scores *s = PG_GETARG_SCORES(0);
	mlc_criterion c = mlc_pg_keyword_value(text_to_cstring(PG_GETARG_TEXT_PP(1)), criteria,
										   "criterion", "Use 'f1', 'youden' or 'accuracy'.");
	double		t = 0,
				v = 0;
	bool		defined = mlc_scores_best_threshold(s, c, &t, &v);

	return pair_result(fcinfo, defined, t, v);
}

/*
 * A row (threshold, fpr, tpr, precision, recall) of roc_points/pr_points:
 * the threshold NULL when there is none, an undefined (NaN) rate NULL.
 */
static void
put_point(ReturnSetInfo *rsinfo, bool has_thr, double thr, double fpr, double tpr, double prec)
{
	Datum		values[5] = {Float8GetDatum(thr), Float8GetDatum(fpr), Float8GetDatum(tpr),
	Float8GetDatum(prec), Float8GetDatum(tpr)};
	bool		nulls[5] = {!has_thr, isnan(fpr), isnan(tpr), false, isnan(tpr)};

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
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

	InitMaterializedSRF(fcinfo, 0);
	n = mlc_scores_points(s, thr, fpr, tpr, prec);
	for (i = 0; i < n; i++)
		put_point(rsinfo, true, thr[i], fpr[i], tpr[i], prec[i]);
	/* the closing point: rates 0, NULL where the first point's are undefined */
	if (pr && n > 0)
		put_point(rsinfo, false, 0, isnan(fpr[0]) ? fpr[0] : 0, isnan(tpr[0]) ? tpr[0] : 0, 1);
	return (Datum) 0;
}

MLC_PG_ENTRY(mlcheck_scores_roc_points, points_srf(fcinfo, false))
MLC_PG_ENTRY(mlcheck_scores_pr_points, points_srf(fcinfo, true))
