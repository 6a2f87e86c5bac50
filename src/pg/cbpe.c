/*
 * cbpe.c — fmgr glue for the building blocks of label-free performance
 * estimation (confidence-based performance estimation, CBPE): the isotonic
 * calibrator (mlcheck.isotonic → mlcheck.calibrator, mlcheck.calibrate),
 * the expected confusion matrix of calibrated probabilities and the model's
 * decisions, and the expected ROC AUC.  The arithmetic is in
 * src/core/mlc_isotonic.c and src/core/mlc_expected_auc.c; the states are
 * the exact AUC state (isotonic), the confusion type (expected_confusion)
 * and mlcheck._expected_auc_state (expected_roc_auc) of the shared state
 * layer (mlc_state.h).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/memutils.h"

#include "mlc_confusion.h"
#include "mlc_expected_auc.h"
#include "mlc_isotonic.h"
#include "mlc_pg.h"
#include "mlc_scores.h"
#include "mlc_state.h"

/* type I/O, comparison and hashing of mlcheck.calibrator (no aggregate state) */
MLC_PG_FN(calibrator, in, &mlc_calibrator_type)
MLC_PG_FN(calibrator, out, &mlc_calibrator_type)
MLC_PG_FN(calibrator, recv, &mlc_calibrator_type)
MLC_PG_COMPARE_FUNCTIONS(calibrator, &mlc_calibrator_type)

/* a probability argument: NaN → 22023, outside [0, 1] → 22003 */
static double
prob_arg(FunctionCallInfo fcinfo, int n)
{
	double		p = PG_GETARG_FLOAT8(n);

	if (isnan(p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("probability must not be NaN"),
				 errhint("Filter out or replace NaN probabilities.")));
	if (!(p >= 0 && p <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("probability %g is outside [0, 1]", p),
				 errhint("Pass calibrated probabilities, e.g. mlcheck.calibrate(c, score).")));
	return p;
}

/* ---------------------------------------------------------- calibrator */

PG_FUNCTION_INFO_V1(mlcheck_isotonic_final);
Datum
mlcheck_isotonic_final(PG_FUNCTION_ARGS)
{
	mlc_auc    *a;
	mlc_calibrator *c;
	mlc_status	st;
	bool		defined;
	MemoryContext work;
	MemoryContext old;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	/* the rows are sorted in place, in the state's context */
	a = mlc_pg_value_work(PG_GETARG_DATUM(0), &mlc_auc_type, &work);
	old = MemoryContextSwitchTo(work);
	mlc_status_init(&st);
	c = mlc_isotonic_fit(a, &defined, &st);
	MemoryContextSwitchTo(old);
	if (!defined)
	{
		if (st.code != MLC_OK)
			mlc_pg_raise(&st);
		PG_RETURN_NULL();
	}
	PG_RETURN_DATUM(mlc_pg_value_datum(&mlc_calibrator_type, c));
}

/*
 * calibrate() is called once per row, usually with the same calibrator (a
 * query parameter or a constant, as in an estimated-performance monitor):
 * the decoded calibrator is kept in fn_extra.  When the argument is a
 * constant or a query parameter it is decoded once; otherwise the cache
 * keeps a copy of the argument as it was passed (a TOAST pointer, or the
 * inline value), and decodes again only when other bytes arrive.  Without
 * this every row would fetch the TOASTed value and decode every breakpoint
 * (a 1M-row window took 37 times the scan).  Equal bytes of a TOAST pointer
 * name the same, immutable, value; an expanded object (a pointer into
 * memory) is never cached.  The cached calibrator carries its search index
 * (mlc_calibrator_index): a prediction is a bucket lookup and a step or
 * two, not a binary search over every breakpoint.
 */
typedef struct calibrate_cache
{
	MemoryContext cxt;			/* holds raw and c; reset when they change */
	bool		stable;			/* the argument is a Const or an external Param */
	struct varlena *raw;
	mlc_calibrator *c;
} calibrate_cache;

static mlc_calibrator *
cached_calibrator(FunctionCallInfo fcinfo)
{
	Datum		d = PG_GETARG_DATUM(0);
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);
	calibrate_cache *cache = (calibrate_cache *) fcinfo->flinfo->fn_extra;
	Size		len;
	MemoryContext old;

	if (VARATT_IS_EXTERNAL_EXPANDED(raw))
		return mlc_pg_value(d, &mlc_calibrator_type, NULL);
	/* a constant or a query parameter cannot change during the query */
	if (cache != NULL && cache->c != NULL && cache->stable)
		return cache->c;
	len = VARSIZE_ANY(raw);
	if (cache != NULL && cache->raw != NULL && VARSIZE_ANY(cache->raw) == len &&
		memcmp(cache->raw, raw, len) == 0)
		return cache->c;
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(calibrate_cache));
		cache->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "mlcheck calibrate cache",
										   ALLOCSET_SMALL_SIZES);
		cache->stable = get_fn_expr_arg_stable(fcinfo->flinfo, 0);
		fcinfo->flinfo->fn_extra = cache;
	}
	MemoryContextReset(cache->cxt);
	cache->raw = NULL;
	old = MemoryContextSwitchTo(cache->cxt);
	cache->c = mlc_pg_value(d, &mlc_calibrator_type, NULL);
	mlc_calibrator_index(cache->c);
	cache->raw = palloc(len);
	memcpy(cache->raw, raw, len);
	MemoryContextSwitchTo(old);
	return cache->c;
}

PG_FUNCTION_INFO_V1(mlcheck_calibrate);
Datum
mlcheck_calibrate(PG_FUNCTION_ARGS)
{
	mlc_calibrator *c = cached_calibrator(fcinfo);
	double		s = PG_GETARG_FLOAT8(1);

	if (!isfinite(s))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score to calibrate must be finite, got %g", s),
				 errhint("Filter out NaN and infinite scores.")));
	PG_RETURN_FLOAT8(mlc_calibrator_predict(c, s));
}

PG_FUNCTION_INFO_V1(mlcheck_calibrator_breakpoints);
Datum
mlcheck_calibrator_breakpoints(PG_FUNCTION_ARGS)
{
	mlc_calibrator *c = mlc_pg_value(PG_GETARG_DATUM(0), &mlc_calibrator_type, NULL);

	PG_RETURN_INT32((int32) c->n);
}

/* ---------------------------------------------------- expected confusion */

static const int kind_bool = MLC_LABEL_BOOL;

static void *
new_bool_matrix(FunctionCallInfo fcinfo, const void *kind, mlc_status *st)
{
	mlc_confusion *c = mlc_confusion_new(*(const int *) kind);

	/* both classes are always present: every row counts in both rows */
	if (c == NULL)
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	else if (mlc_confusion_label_int(c, 0, st) < 0 || mlc_confusion_label_int(c, 1, st) < 0)
	{
		mlc_confusion_free(c);
		return NULL;
	}
	return c;
}

PG_FUNCTION_INFO_V1(mlcheck_expected_confusion_trans);
Datum
mlcheck_expected_confusion_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_confusion_type, new_bool_matrix, &kind_bool);
	mlc_confusion *c = s->value;
	double		w,
				p;
	int32_t		col,
				neg,
				pos;

	if (mlc_pg_skip_row(fcinfo, 2, &w))
	{
		if (c->n_null < INT64_MAX)
			c->n_null++;
		MLC_PG_RETURN_STATE(s);
	}
	p = prob_arg(fcinfo, 1);
	neg = mlc_confusion_find_int(c, 0);
	pos = mlc_confusion_find_int(c, 1);
	/* a merged state from elsewhere always holds both labels too */
	if (neg < 0 || pos < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("expected confusion state lacks a class")));
	col = PG_GETARG_BOOL(2) ? pos : neg;
	mlc_confusion_add(c, pos, col, p * w);
	mlc_confusion_add(c, neg, col, (1 - p) * w);
	MLC_PG_RETURN_STATE(s);
}

/* ----------------------------------------------------- expected ROC AUC */

/* type I/O and combine of mlcheck._expected_auc_state */
MLC_PG_TYPE_FUNCTIONS(expected_auc_state, &mlc_eauc_type)

static void *
new_expected_auc(FunctionCallInfo fcinfo, const void *arg, mlc_status *st)
{
	mlc_eauc   *e = mlc_eauc_new();

	if (e == NULL)
		mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	return e;
}

PG_FUNCTION_INFO_V1(mlcheck_expected_auc_trans);
Datum
mlcheck_expected_auc_trans(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_eauc_type, new_expected_auc, NULL);
	double		w,
				p;
	mlc_status	st;
	MemoryContext old;
	mlc_code	rc;

	if (mlc_pg_skip_row(fcinfo, 1, &w))
		MLC_PG_RETURN_STATE(s);
	p = prob_arg(fcinfo, 1);
	mlc_status_init(&st);
	old = mlc_pg_state_enter(s);
	/* the row as a positive of weight p·w and a negative of weight (1 − p)·w */
	rc = mlc_eauc_add(s->value, p, w, &st);
	MemoryContextSwitchTo(old);
	mlc_pg_check(rc, &st);
	MLC_PG_RETURN_STATE(s);
}

PG_FUNCTION_INFO_V1(mlcheck_expected_roc_auc_final);
Datum
mlcheck_expected_roc_auc_final(PG_FUNCTION_ARGS)
{
	mlc_eauc   *e;
	double		roc;
	bool		defined;
	MemoryContext work;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	/* array mode sorts its rows in place, in the state's context */
	e = mlc_pg_value_work(PG_GETARG_DATUM(0), &mlc_eauc_type, &work);
	MLC_PG_CALL_IN(work, mlc_eauc_roc, e, &roc, &defined);
	return mlc_pg_float8_or_null(fcinfo, defined, roc);
}
