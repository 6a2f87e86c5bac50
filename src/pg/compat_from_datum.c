/*
 * compat_from_datum.c — TEMPORARY: datum readers for scores and regression
 * until the shared state layer provides them in mlc_pg.h (removed on merge).
 */
#include "postgres.h"

#include "fmgr.h"

#include "mlc_pg.h"
#include "mlc_regression.h"
#include "mlc_scores.h"

struct mlc_scores *
mlc_pg_scores_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_scores *s;

	mlc_status_init(&st);
	s = mlc_scores_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (s == NULL)
	{
		st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return s;
}

struct mlc_regression *
mlc_pg_regression_from_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	mlc_status	st;
	mlc_regression *r;

	mlc_status_init(&st);
	r = mlc_regression_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (r == NULL)
	{
		st.code = MLC_ECORRUPT;
		mlc_pg_raise(&st);
	}
	return r;
}
