/*
 * calibration.c — fmgr glue for the mlcheck.calibration type: the row
 * input of the calibration() aggregates and the accessors
 * (ece, mce, brier, bins, hosmer_lemeshow, plot); type I/O, combine,
 * merge(), final, `+` and comparisons are shared (mlc_state.c).  Arithmetic lives in
 * src/core/mlc_calibration.c; this file moves values and reports errors.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "mlc_calibration.h"
#include "mlc_pg.h"
#include "mlc_state.h"

#define PG_GETARG_CALIBRATION(n) mlc_pg_calibration_from_datum(PG_GETARG_DATUM(n))

/* ------------------------------------------------------------ aggregates */

/*
 * Shared transition: args (state, prob, label [, weight] [, bins]).
 * weight_at / bins_at are argument positions or -1.
 */
static void *
new_calibration(FunctionCallInfo fcinfo, const void *n_bins, mlc_status *st)
{
	return mlc_calibration_new(*(const int32 *) n_bins, st);
}

static inline Datum
calibration_trans(FunctionCallInfo fcinfo, bool int_label, int weight_at, int bins_at)
{
	mlc_pg_state *s;
	mlc_calibration *c;
	int32		n_bins = MLC_CALIBRATION_DEFAULT_BINS;
	double		p,
				w = 1.0;
	int			y;
	mlc_status	st;

	if (bins_at >= 0)
	{
		mlc_pg_not_null(fcinfo, bins_at, ERRCODE_NULL_VALUE_NOT_ALLOWED, "number of calibration bins",
						"Pass a constant such as 10, or leave the argument out for 10 bins.");
		n_bins = PG_GETARG_INT32(bins_at);
	}
	s = mlc_pg_trans_state(fcinfo, &mlc_calibration_type, new_calibration, &n_bins);
	c = s->value;
	{
		if (unlikely(c->n_bins != n_bins))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number of calibration bins changed from %d to %d within one aggregate",
							(int) c->n_bins, (int) n_bins),
					 errhint("Pass the same bins value for every row, e.g. a constant.")));
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (weight_at >= 0 && PG_ARGISNULL(weight_at)))
	{
		c->n_null++;
		MLC_PG_RETURN_STATE(s);
	}
	p = PG_GETARG_FLOAT8(1);
	if (unlikely(!(p >= 0 && p <= 1)))
	{
		mlc_status_init(&st);
		mlc_calibration_check_prob(p, &st);
		mlc_pg_raise(&st);
	}
	if (int_label)
	{
		int32		v = PG_GETARG_INT32(2);

		if (unlikely(v != 0 && v != 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("integer label must be 0 or 1, got %d", v),
					 errhint("Calibration is for binary labels: use a boolean or 0/1, e.g. (label = 3)::int.")));
		y = v;
	}
	else
		y = PG_GETARG_BOOL(2) ? 1 : 0;
	if (weight_at >= 0)
	{
		w = PG_GETARG_FLOAT8(weight_at);
		mlc_pg_check_weight(w);
	}
	mlc_calibration_add(c, p, y, w);
	MLC_PG_RETURN_STATE(s);
}

#define CAL_TRANS(suffix, int_label, weight_at, bins_at) \
	MLC_PG_ENTRY(mlcheck_calibration_trans_##suffix, calibration_trans(fcinfo, int_label, weight_at, bins_at))

CAL_TRANS(bool, false, -1, -1)
CAL_TRANS(bool_bins, false, -1, 3)
CAL_TRANS(bool_w, false, 3, -1)
CAL_TRANS(bool_w_bins, false, 3, 4)
CAL_TRANS(int, true, -1, -1)
CAL_TRANS(int_bins, true, -1, 3)
CAL_TRANS(int_w, true, 3, -1)
CAL_TRANS(int_w_bins, true, 3, 4)

/* ------------------------------------------------------------- accessors */

MLC_PG_METRIC(mlcheck_calibration_ece, mlc_calibration_ece, PG_GETARG_CALIBRATION(0))
MLC_PG_METRIC(mlcheck_calibration_mce, mlc_calibration_mce, PG_GETARG_CALIBRATION(0))
MLC_PG_METRIC(mlcheck_calibration_brier, mlc_calibration_brier, PG_GETARG_CALIBRATION(0))

MLC_PG_ENTRY(mlcheck_calibration_n, Float8GetDatum(mlc_calibration_total(PG_GETARG_CALIBRATION(0))))
MLC_PG_ENTRY(mlcheck_calibration_n_null, Int64GetDatum(PG_GETARG_CALIBRATION(0)->n_null))
MLC_PG_ENTRY(mlcheck_calibration_n_bins, Int32GetDatum(PG_GETARG_CALIBRATION(0)->n_bins))

PG_FUNCTION_INFO_V1(mlcheck_calibration_bins);
Datum
mlcheck_calibration_bins(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	mlc_calibration *c = PG_GETARG_CALIBRATION(0);
	mlc_calibration_bin *bins = palloc(sizeof(mlc_calibration_bin) * c->n_bins);
	int32_t		k = mlc_calibration_bins(c, bins),
				i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < k; i++)
	{
		const mlc_calibration_bin *b = &bins[i];
		Datum		values[6] = {Int32GetDatum(b->bin), Float8GetDatum(b->lower), Float8GetDatum(b->upper),
		Float8GetDatum(b->count), Float8GetDatum(b->mean_predicted), Float8GetDatum(b->fraction_positive)};
		bool		nulls[6] = {false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(mlcheck_calibration_hosmer_lemeshow);
Datum
mlcheck_calibration_hosmer_lemeshow(PG_FUNCTION_ARGS)
{
	mlc_hosmer_lemeshow hl;
	Datum		values[3];
	bool		nulls[3];

	mlc_calibration_hosmer_lemeshow(PG_GETARG_CALIBRATION(0), &hl);
	values[0] = Float8GetDatum(hl.statistic);
	values[1] = Int32GetDatum(hl.df);
	values[2] = Float8GetDatum(hl.p_value);
	nulls[0] = !hl.has_statistic;
	nulls[1] = nulls[2] = !hl.has_df;
	PG_RETURN_DATUM(mlc_pg_make_row(fcinfo, values, nulls));
}

/* plot(c, ascii => false): block characters when the database is UTF-8 */
PG_FUNCTION_INFO_V1(mlcheck_calibration_plot);
Datum
mlcheck_calibration_plot(PG_FUNCTION_ARGS)
{
	mlc_calibration *c = PG_GETARG_CALIBRATION(0);
	bool		ascii = PG_NARGS() > 1 && !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
	bool		unicode = !ascii && GetDatabaseEncoding() == PG_UTF8;
	mlc_buf		b;

	mlc_buf_init(&b, 256);
	MLC_PG_CALL(mlc_calibration_plot, c, unicode, &b);
	mlc_pg_buf_check(&b, "reliability diagram", NULL);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(b.data, b.len));
}
