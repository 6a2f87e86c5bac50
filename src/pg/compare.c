/*
 * compare.c — fmgr glue for multi-class probability metrics and the
 * comparisons a team makes before it ships a model: the multiclass summary
 * and its accessors, McNemar's test of two classifiers on the same rows,
 * DeLong's test of two ROC curves on independent samples and the
 * DeLong interval read off a stored scores summary, the accuracy test
 * against the no-information rate, weighted Cohen's kappa, and msle on a
 * regression summary.  The arithmetic is in src/core/mlc_multiclass.c and
 * src/core/mlc_tests.c; the type plumbing is the shared state layer
 * (mlc_state.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "mlc_confusion.h"
#include "mlc_multiclass.h"
#include "mlc_pg.h"
#include "mlc_regression.h"
#include "mlc_scores.h"
#include "mlc_state.h"
#include "mlc_tests.h"

static double
level_arg(FunctionCallInfo fcinfo, int n)
{
	double		level = PG_GETARG_FLOAT8(n);

	if (!(level > 0 && level < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1, got %g", level),
				 errhint("Use a level such as 0.95.")));
	return level;
}

static void
delong_of(FunctionCallInfo fcinfo, int n, const char *which, mlc_delong_summary *d)
{
	MLC_PG_CALL(mlc_scores_delong, mlc_pg_scores_from_datum(PG_GETARG_DATUM(n)), which, d);
}

PG_FUNCTION_INFO_V1(mlcheck_roc_auc_test);
Datum
mlcheck_roc_auc_test(PG_FUNCTION_ARGS)
{
	mlc_delong_summary a,
				b;
	mlc_auc_test_result r;
	Datum		v[6];
	bool		nulls[6];

	delong_of(fcinfo, 0, "a", &a);
	delong_of(fcinfo, 1, "b", &b);
	mlc_auc_test_unpaired(&a, &b, &r);
	v[0] = Float8GetDatum(r.auc_a);
	v[1] = Float8GetDatum(r.auc_b);
	v[2] = Float8GetDatum(r.difference);
	v[3] = Float8GetDatum(r.z);
	v[4] = Float8GetDatum(r.df);
	v[5] = Float8GetDatum(r.p_value);
	nulls[0] = !r.auc_a_defined;
	nulls[1] = !r.auc_b_defined;
	nulls[2] = !r.difference_defined;
	nulls[3] = nulls[4] = nulls[5] = !r.test_defined;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, v, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_scores_roc_auc_ci);
Datum
mlcheck_scores_roc_auc_ci(PG_FUNCTION_ARGS)
{
	double		level = level_arg(fcinfo, 1);
	mlc_delong_summary d;
	Datum		v[3];
	bool		nulls[3] = {false, false, false};
	double		lo = 0,
				hi = 0;

	delong_of(fcinfo, 0, NULL, &d);
	if (d.var_defined)
		mlc_delong_summary_ci(&d, level, &lo, &hi);
	v[0] = Float8GetDatum(d.auc);
	nulls[0] = !d.defined;
	v[1] = Float8GetDatum(lo);
	v[2] = Float8GetDatum(hi);
	nulls[1] = nulls[2] = !d.var_defined;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, v, nulls));
}

PG_FUNCTION_INFO_V1(mlcheck_accuracy_test);
Datum
mlcheck_accuracy_test(PG_FUNCTION_ARGS)
{
	double		level = level_arg(fcinfo, 1);
	mlc_confusion *c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0));
	mlc_accuracy_test_result r;
	Datum		v[5];
	bool		nulls[5];

	MLC_PG_CALL(mlc_confusion_accuracy_test, c, level, &r);
	v[0] = Float8GetDatum(r.accuracy);
	v[1] = Float8GetDatum(r.lower);
	v[2] = Float8GetDatum(r.upper);
	v[3] = Float8GetDatum(r.no_information_rate);
	v[4] = Float8GetDatum(r.p_value);
	nulls[0] = nulls[3] = !r.defined;
	nulls[1] = nulls[2] = nulls[4] = !r.test_defined;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, v, nulls));
}

MLC_PG_METRIC(mlcheck_no_information_rate, mlc_confusion_no_information_rate,
			  mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0)))

PG_FUNCTION_INFO_V1(mlcheck_cohen_kappa_weighted);
Datum
mlcheck_cohen_kappa_weighted(PG_FUNCTION_ARGS)
{
	static const mlc_pg_keyword weights[] = {
		{"linear", MLC_KAPPA_LINEAR}, {"quadratic", MLC_KAPPA_QUADRATIC}, {NULL, 0}
	};
	mlc_confusion *c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(0));
	mlc_kappa_weights wk = mlc_pg_keyword_value(text_to_cstring(PG_GETARG_TEXT_PP(1)), weights,
												"kappa weights",
												"Use weights => 'linear' or 'quadratic', or cohen_kappa(c) for the unweighted kappa.");
	double		v = 0;
	bool		defined = mlc_confusion_kappa_weighted(c, wk, &v);

	return mlc_pg_float8_or_null(fcinfo, defined, v);
}

PG_FUNCTION_INFO_V1(mlcheck_msle);
Datum
mlcheck_msle(PG_FUNCTION_ARGS)
{
	mlc_regression *r = mlc_pg_regression_from_datum(PG_GETARG_DATUM(0));
	int64_t		neg;
	double		v = 0;
	bool		defined;

	if (mlc_regression_msle_refused(r, &neg))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("mean squared log error is not defined for negative values"),
				 errdetail("%lld rows have a negative actual or predicted value.", (long long) neg),
				 errhint("Use mse(r) or rmse(r), or leave out the %lld rows with negative values.",
						 (long long) neg)));
	defined = mlc_regression_metric_value(r, MLC_REG_MSLE, &v);
	return mlc_pg_float8_or_null(fcinfo, defined, v);
}

/* ------------------------------------------------------------ multiclass */

/* the shared roles, but for combine and final (below) */
MLC_PG_FN(multiclass, in, &mlc_multiclass_type)
MLC_PG_FN(multiclass, out, &mlc_multiclass_type)
MLC_PG_FN(multiclass, recv, &mlc_multiclass_type)
MLC_PG_FN(multiclass, plus, &mlc_multiclass_type)
MLC_PG_COMPARE_FUNCTIONS(multiclass, &mlc_multiclass_type)
MLC_PG_TYPE_FUNCTIONS(mcnemar_state, &mlc_mcnemar_type)

MLC_PG_INIT_NEW(new_multiclass, mlc_multiclass_new)

/*
 * combine(state, state), also the transition function of
 * merge(multiclass); not strict.  As the shared combine, except that a
 * flat second argument (a worker's state, a stored summary) is decoded
 * straight into the first state's arrays instead of into a value of its
 * own that is then copied; it is checked all the same.
 */
PG_FUNCTION_INFO_V1(mlcheck_multiclass_combine);
Datum
mlcheck_multiclass_combine(PG_FUNCTION_ARGS)
{
	mlc_pg_state *s,
			   *owner;
	Datum		d;
	mlc_status	st;
	mlc_code	rc;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = mlc_pg_trans_state(fcinfo, &mlc_multiclass_type, new_multiclass, NULL);
	d = PG_GETARG_DATUM(1);
	mlc_status_init(&st);
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		/* one of our states (the leader's own part): its rows as they are */
		mlc_multiclass *src = mlc_pg_value(d, &mlc_multiclass_type, &owner);

		MLC_PG_CALL_IN(s->hdr.eoh_context, mlc_multiclass_merge, s->value, src);
		if (owner == NULL)
			mlc_multiclass_free(src);
		MLC_PG_RETURN_STATE(s);
	}
	{
		struct varlena *raw = (struct varlena *) DatumGetPointer(d);
		struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
		MemoryContext old = mlc_pg_state_enter(s);

		rc = mlc_multiclass_read_merge(s->value, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
		MemoryContextSwitchTo(old);
		if (rc != MLC_OK)
		{
			/* a stored value that does not decode is corruption, not syntax */
			if (st.code == MLC_ESYNTAX)
				st.code = MLC_ECORRUPT;
			mlc_pg_raise(&st);
		}
		if (v != raw)
			pfree(v);
	}
	MLC_PG_RETURN_STATE(s);
}

/*
 * final function: the flat value, written once straight into the result
 * (the varlena header first, then the codec); the state is read, not
 * moved, so a window aggregate can go on adding rows.
 */
PG_FUNCTION_INFO_V1(mlcheck_multiclass_final);
Datum
mlcheck_multiclass_final(PG_FUNCTION_ARGS)
{
	mlc_pg_state *owner;
	mlc_multiclass *m;
	mlc_buf		b;
	size_t		len;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	m = mlc_pg_value(PG_GETARG_DATUM(0), &mlc_multiclass_type, &owner);
	len = mlc_multiclass_binary_len(m);
	if (len > MaxAllocSize - VARHDRSZ - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value is too large", mlc_multiclass_type.what)));
	mlc_buf_init(&b, VARHDRSZ + len + 1);
	if (!b.failed)
		b.len = VARHDRSZ;
	MLC_PG_CALL(mlc_multiclass_write, m, &b);
	mlc_pg_buf_check(&b, mlc_multiclass_type.what, NULL);
	SET_VARSIZE(b.data, b.len);
	PG_RETURN_POINTER(b.data);
}

/* room for a short (1-byte header) array value with a 4-byte header */
typedef union short_array
{
	ArrayType	a;
	double		align;
	char		bytes[VARHDRSZ + VARATT_SHORT_MAX];
} short_array;

/*
 * The probability array of a row.  A small array stored in a table has a
 * 1-byte header; instead of a palloc'd copy for every row (what detoasting
 * does), it is copied to *buf on the stack with the 4-byte header an
 * ArrayType needs (its data is then aligned).  Anything else is detoasted.
 */
static ArrayType *
multiclass_probs(Datum d, short_array *buf)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_SHORT(v))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		SET_VARSIZE(buf->bytes, VARHDRSZ + len);
		memcpy(buf->bytes + VARHDRSZ, VARDATA_SHORT(v), len);
		return &buf->a;
	}
	return DatumGetArrayTypeP(d);
}

static Datum
multiclass_trans(FunctionCallInfo fcinfo, bool normalize)
{
	mlc_pg_state *s = mlc_pg_trans_state(fcinfo, &mlc_multiclass_type, new_multiclass, NULL);
	mlc_multiclass *m = s->value;
	ArrayType  *a;
	double		w = 1.0;
	int			k;
	short_array shortbuf;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (PG_NARGS() > 3 && PG_ARGISNULL(3)))
	{
		if (m->n_null < INT64_MAX)
			m->n_null++;
		MLC_PG_RETURN_STATE(s);
	}
	a = multiclass_probs(PG_GETARG_DATUM(1), &shortbuf);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("class probabilities must be a one-dimensional array"),
				 errhint("Pass one float8[] per row: element c + 1 is the probability of class c.")));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("class probabilities must not contain NULL"),
				 errhint("Give every class a probability, or leave the whole row out.")));
	k = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
	if (PG_NARGS() > 3)
	{
		w = PG_GETARG_FLOAT8(3);
		mlc_pg_check_weight(w);
	}
	{
		/* float8[] elements are doubles, aligned by the array layout */
		const double *data = (const double *) (const void *) ARR_DATA_PTR(a);
		int64		actual = PG_GETARG_INT64(2);

		MLC_PG_CALL_IN(s->hdr.eoh_context, mlc_multiclass_add, m, data, k, actual, w, normalize);
	}
	MLC_PG_RETURN_STATE(s);
}

MLC_PG_ENTRY(mlcheck_multiclass_trans, multiclass_trans(fcinfo, false))
MLC_PG_ENTRY(mlcheck_multiclass_normalized_trans, multiclass_trans(fcinfo, true))

static mlc_multiclass *
multiclass_arg(FunctionCallInfo fcinfo, int n)
{
	return mlc_pg_value(PG_GETARG_DATUM(n), &mlc_multiclass_type, NULL);
}

static mlc_mc_average
average_arg(FunctionCallInfo fcinfo, int n)
{
	static const mlc_pg_keyword averages[] = {
		{"macro", MLC_MC_MACRO}, {"weighted", MLC_MC_WEIGHTED}, {NULL, 0}
	};

	return mlc_pg_keyword_value(text_to_cstring(PG_GETARG_TEXT_PP(n)), averages, "average",
								"Use average => 'macro' or 'weighted'.");
}

typedef mlc_code (*mc_auc_fn) (const mlc_multiclass *, mlc_mc_average, bool *, double *, mlc_status *);

static Datum
multiclass_auc(FunctionCallInfo fcinfo, mc_auc_fn f)
{
	mlc_multiclass *m = multiclass_arg(fcinfo, 0);
	mlc_mc_average avg = average_arg(fcinfo, 1);
	bool		def = false;
	double		v = 0;

	MLC_PG_CALL(f, m, avg, &def, &v);
	return mlc_pg_float8_or_null(fcinfo, def, v);
}

MLC_PG_ENTRY(mlcheck_multiclass_roc_auc_ovr, multiclass_auc(fcinfo, mlc_multiclass_roc_auc_ovr))
MLC_PG_ENTRY(mlcheck_multiclass_roc_auc_ovo, multiclass_auc(fcinfo, mlc_multiclass_roc_auc_ovo))

MLC_PG_METRIC(mlcheck_multiclass_log_loss, mlc_multiclass_log_loss, multiclass_arg(fcinfo, 0))
MLC_PG_METRIC(mlcheck_multiclass_brier, mlc_multiclass_brier, multiclass_arg(fcinfo, 0))

PG_FUNCTION_INFO_V1(mlcheck_multiclass_top_k_accuracy);
Datum
mlcheck_multiclass_top_k_accuracy(PG_FUNCTION_ARGS)
{
	mlc_multiclass *m = multiclass_arg(fcinfo, 0);
	bool		def = false;
	double		v = 0;

	MLC_PG_CALL(mlc_multiclass_top_k, m, PG_GETARG_INT32(1), &def, &v);
	return mlc_pg_float8_or_null(fcinfo, def, v);
}

PG_FUNCTION_INFO_V1(mlcheck_multiclass_confusion);
Datum
mlcheck_multiclass_confusion(PG_FUNCTION_ARGS)
{
	mlc_status	st;
	mlc_confusion *c;

	mlc_status_init(&st);
	c = mlc_multiclass_confusion(multiclass_arg(fcinfo, 0), &st);
	if (c == NULL)
		mlc_pg_raise(&st);
	PG_RETURN_DATUM(mlc_pg_confusion_datum(c));
}

MLC_PG_ENTRY(mlcheck_multiclass_n, Int64GetDatum((int64) multiclass_arg(fcinfo, 0)->n))
MLC_PG_ENTRY(mlcheck_multiclass_n_null, Int64GetDatum(multiclass_arg(fcinfo, 0)->n_null))
MLC_PG_ENTRY(mlcheck_multiclass_classes, Int32GetDatum(multiclass_arg(fcinfo, 0)->k))

/* --------------------------------------------------------------- mcnemar */

MLC_PG_INIT_NEW(new_mcnemar, mlc_mcnemar_state_new)

/* the state, or NULL (with n_null counted) when the row has a NULL */
static mlc_mcnemar_state *
mcnemar_row(FunctionCallInfo fcinfo, mlc_pg_state **s)
{
	mlc_mcnemar_state *m;

	*s = mlc_pg_trans_state(fcinfo, &mlc_mcnemar_type, new_mcnemar, NULL);
	m = (*s)->value;
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (m->n_null < INT64_MAX)
			m->n_null++;
		return NULL;
	}
	if (m->a_only + m->b_only == INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("McNemar counts out of range")));
	return m;
}

/* equality of two labels of one type (the aggregate's overload) */
typedef bool (*label_eq_fn) (Datum a, Datum b);

static bool
bool_eq(Datum a, Datum b)
{
	return DatumGetBool(a) == DatumGetBool(b);
}

static bool
int_eq(Datum a, Datum b)
{
	return DatumGetInt64(a) == DatumGetInt64(b);
}

static bool
text_eq(Datum ad, Datum bd)
{
	text	   *a = DatumGetTextPP(ad),
			   *b = DatumGetTextPP(bd);

	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

/* mcnemar(actual, predicted_a, predicted_b): whether each model is right */
static Datum
mcnemar_trans(FunctionCallInfo fcinfo, label_eq_fn eq)
{
	mlc_pg_state *s;
	mlc_mcnemar_state *m = mcnemar_row(fcinfo, &s);

	if (m)
		mlc_mcnemar_state_add(m, eq(PG_GETARG_DATUM(2), PG_GETARG_DATUM(1)),
							  eq(PG_GETARG_DATUM(3), PG_GETARG_DATUM(1)));
	MLC_PG_RETURN_STATE(s);
}

MLC_PG_ENTRY(mlcheck_mcnemar_trans_bool, mcnemar_trans(fcinfo, bool_eq))
MLC_PG_ENTRY(mlcheck_mcnemar_trans_int, mcnemar_trans(fcinfo, int_eq))
MLC_PG_ENTRY(mlcheck_mcnemar_trans_text, mcnemar_trans(fcinfo, text_eq))

PG_FUNCTION_INFO_V1(mlcheck_mcnemar_final);
Datum
mlcheck_mcnemar_final(PG_FUNCTION_ARGS)
{
	mlc_mcnemar_state *m;
	mlc_mcnemar_result r;
	Datum		v[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	m = mlc_pg_value(PG_GETARG_DATUM(0), &mlc_mcnemar_type, NULL);
	mlc_mcnemar(m->a_only, m->b_only, &r);
	v[0] = Int64GetDatum(m->a_only);
	v[1] = Int64GetDatum(m->b_only);
	v[2] = Float8GetDatum(r.statistic);
	v[3] = Float8GetDatum(r.p_value);
	v[4] = BoolGetDatum(r.exact);
	nulls[2] = nulls[3] = nulls[4] = !r.defined;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, v, nulls));
}
