/*
 * plot.c — fmgr glue of the pictures: mlcheck.plot() (text charts) and
 * mlcheck.svg() (SVG images) for every summary type, and the HTML escaper
 * used by mlcheck.report().  Drawing and escaping live in
 * src/core/mlc_plot.c; this file decodes the stored values, moves text
 * between the database encoding and the UTF-8 the core draws in, and
 * reports errors.
 */
#include "postgres.h"

#include <string.h>

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "mlc_plot.h"
#include "mlc_pg.h"

/* ---------------------------------------------------------------- values */

static void
raise_corrupt(mlc_status *st)
{
	/* a stored value that does not decode is corruption, not syntax */
	st->code = MLC_ECORRUPT;
	mlc_pg_raise(st);
}

static mlc_scores *
scores_arg(FunctionCallInfo fcinfo, int n)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n));
	mlc_status	st;
	mlc_scores *s;

	mlc_status_init(&st);
	s = mlc_scores_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (s == NULL)
		raise_corrupt(&st);
	return s;
}

static mlc_calibration *
calibration_arg(FunctionCallInfo fcinfo, int n)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n));
	mlc_status	st;
	mlc_calibration *c;

	mlc_status_init(&st);
	c = mlc_calibration_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (c == NULL)
		raise_corrupt(&st);
	return c;
}

static mlc_numprof *
numprof_arg(FunctionCallInfo fcinfo, int n)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n));
	mlc_status	st;
	mlc_numprof *p;

	mlc_status_init(&st);
	p = mlc_numprof_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (p == NULL)
		raise_corrupt(&st);
	return p;
}

/* ---------------------------------------------------------------- text */

/* the database encoding draws in UTF-8 as it is (SQL_ASCII: bytes as they are) */
static bool
db_is_utf8_like(void)
{
	int			enc = GetDatabaseEncoding();

	return enc == PG_UTF8 || enc == PG_SQL_ASCII;
}

/* text in the database encoding as UTF-8 (a copy only when it differs) */
static void
to_utf8(const char **s, size_t *len)
{
	char	   *u;

	if (db_is_utf8_like() || *len == 0)
		return;
	u = (char *) pg_do_encoding_conversion((unsigned char *) *s, (int) *len,
										   GetDatabaseEncoding(), PG_UTF8);
	if (u != *s)
	{
		*s = u;
		*len = strlen(u);
	}
}

static mlc_confusion *
confusion_arg(FunctionCallInfo fcinfo, int n)
{
	mlc_confusion *c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(n));
	int32_t		i;

	if (c->kind == MLC_LABEL_TEXT)
		for (i = 0; i < c->k; i++)
		{
			const char *s = c->slab[i];
			size_t		len = c->slen[i];

			to_utf8(&s, &len);
			c->slab[i] = (char *) s;
			c->slen[i] = (uint32_t) len;
		}
	return c;
}

static mlc_catprof *
catprof_arg(FunctionCallInfo fcinfo, int n)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n));
	mlc_status	st;
	mlc_catprof *c;
	int32_t		i;

	mlc_status_init(&st);
	c = mlc_catprof_read(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), &st);
	if (c == NULL)
		raise_corrupt(&st);
	/* labels are looked up by bytes; converting all of them keeps that consistent */
	for (i = 0; i < c->k; i++)
	{
		const char *s = c->lab[i];
		size_t		len = c->llen[i];

		to_utf8(&s, &len);
		c->lab[i] = (char *) s;
		c->llen[i] = (uint32_t) len;
	}
	if (!db_is_utf8_like())
		c->hcap = 0;			/* the hash was over the old bytes */
	return c;
}

/* style of a text chart: plot(x, ascii => false) */
static void
text_style(FunctionCallInfo fcinfo, int ascii_arg, mlc_plot_style *ps)
{
	bool		ascii = PG_GETARG_BOOL(ascii_arg);

	memset(ps, 0, sizeof(*ps));
	ps->unicode = !ascii && GetDatabaseEncoding() == PG_UTF8;
}

/* style of an SVG: svg(x, title => NULL); ASCII output outside UTF-8 databases */
static void
svg_style(FunctionCallInfo fcinfo, int title_arg, mlc_plot_style *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->ascii = GetDatabaseEncoding() != PG_UTF8;
	if (title_arg < PG_NARGS() && !PG_ARGISNULL(title_arg))
	{
		text	   *t = PG_GETARG_TEXT_PP(title_arg);
		const char *s = VARDATA_ANY(t);
		size_t		len = VARSIZE_ANY_EXHDR(t);

		to_utf8(&s, &len);
		ps->title = s;
		ps->title_len = len;
	}
}

static Datum
text_result(mlc_buf *b, bool converted, const char *what)
{
	char	   *s;

	mlc_pg_buf_check(b, what, "Raise mlcheck.max_value_kb or draw a smaller summary.");
	if (!converted && !db_is_utf8_like())
	{
		/* NUL-terminated: the conversion returns its input when nothing changes */
		s = pg_any_to_server(mlc_buf_cstring(b), (int) b->len, PG_UTF8);
		return PointerGetDatum(cstring_to_text(s));
	}
	return PointerGetDatum(cstring_to_text_with_len(b->data, b->len));
}

static mlc_curve
curve_arg(FunctionCallInfo fcinfo, int n)
{
	text	   *t;
	char	   *s;

	if (PG_ARGISNULL(n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("curve must not be NULL"),
				 errhint("Use curve => 'roc' or curve => 'pr'.")));
	t = PG_GETARG_TEXT_PP(n);
	s = text_to_cstring(t);
	if (strcmp(s, "roc") == 0)
		return MLC_CURVE_ROC;
	if (strcmp(s, "pr") == 0)
		return MLC_CURVE_PR;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown curve \"%s\"", s),
			 errhint("Use curve => 'roc' (ROC curve) or curve => 'pr' (precision-recall curve).")));
	pg_unreachable();
}

#define BEGIN_CHART \
	mlc_plot_style ps; \
	mlc_buf		b; \
	mlc_status	st
#define INIT_CHART() do { mlc_status_init(&st); mlc_buf_init(&b, 4096); } while (0)

/* ---------------------------------------------------------------- plot() */

PG_FUNCTION_INFO_V1(mlcheck_plot_scores);
Datum
mlcheck_plot_scores(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	mlc_scores *s = scores_arg(fcinfo, 0);

	INIT_CHART();
	text_style(fcinfo, 1, &ps);
	mlc_pg_check(mlc_plot_scores_text(s, curve_arg(fcinfo, 2), &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, false, "chart"));
}

PG_FUNCTION_INFO_V1(mlcheck_plot_confusion);
Datum
mlcheck_plot_confusion(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	mlc_confusion *c = confusion_arg(fcinfo, 0);

	INIT_CHART();
	text_style(fcinfo, 1, &ps);
	mlc_pg_check(mlc_plot_confusion_text(c, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, false, "heatmap"));
}

PG_FUNCTION_INFO_V1(mlcheck_plot_numeric_profile);
Datum
mlcheck_plot_numeric_profile(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	bool		two = PG_NARGS() == 3;
	mlc_numprof *ref = numprof_arg(fcinfo, 0);
	mlc_numprof *cur = two ? numprof_arg(fcinfo, 1) : NULL;

	INIT_CHART();
	text_style(fcinfo, two ? 2 : 1, &ps);
	mlc_pg_check(mlc_plot_numprof_text(ref, cur, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, false, "histogram"));
}

PG_FUNCTION_INFO_V1(mlcheck_plot_categorical_profile);
Datum
mlcheck_plot_categorical_profile(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	bool		two = PG_NARGS() == 3;
	mlc_catprof *ref = catprof_arg(fcinfo, 0);
	mlc_catprof *cur = two ? catprof_arg(fcinfo, 1) : NULL;

	INIT_CHART();
	text_style(fcinfo, two ? 2 : 1, &ps);
	mlc_pg_check(mlc_plot_catprof_text(ref, cur, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, false, "bar chart"));
}

/* ---------------------------------------------------------------- svg() */

/* svg() is not STRICT (a NULL title means the default): NULL summaries give NULL */
#define NULL_IF_NULL(n) do { if (PG_ARGISNULL(n)) PG_RETURN_NULL(); } while (0)

PG_FUNCTION_INFO_V1(mlcheck_svg_scores);
Datum
mlcheck_svg_scores(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	mlc_scores *s;
	mlc_curve	curve;

	NULL_IF_NULL(0);
	curve = curve_arg(fcinfo, 1);
	s = scores_arg(fcinfo, 0);
	INIT_CHART();
	svg_style(fcinfo, 2, &ps);
	mlc_pg_check(mlc_plot_scores_svg(s, curve, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, true, "SVG image"));
}

PG_FUNCTION_INFO_V1(mlcheck_svg_confusion);
Datum
mlcheck_svg_confusion(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	mlc_confusion *c;

	NULL_IF_NULL(0);
	c = confusion_arg(fcinfo, 0);
	INIT_CHART();
	svg_style(fcinfo, 1, &ps);
	mlc_pg_check(mlc_plot_confusion_svg(c, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, true, "SVG image"));
}

PG_FUNCTION_INFO_V1(mlcheck_svg_calibration);
Datum
mlcheck_svg_calibration(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	mlc_calibration *c;

	NULL_IF_NULL(0);
	c = calibration_arg(fcinfo, 0);
	INIT_CHART();
	svg_style(fcinfo, 1, &ps);
	mlc_pg_check(mlc_plot_calibration_svg(c, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, true, "SVG image"));
}

PG_FUNCTION_INFO_V1(mlcheck_svg_numeric_profile);
Datum
mlcheck_svg_numeric_profile(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	bool		two = PG_NARGS() == 3;
	mlc_numprof *ref,
			   *cur = NULL;

	NULL_IF_NULL(0);
	if (two)
		NULL_IF_NULL(1);
	ref = numprof_arg(fcinfo, 0);
	if (two)
		cur = numprof_arg(fcinfo, 1);
	INIT_CHART();
	svg_style(fcinfo, two ? 2 : 1, &ps);
	mlc_pg_check(mlc_plot_numprof_svg(ref, cur, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, true, "SVG image"));
}

PG_FUNCTION_INFO_V1(mlcheck_svg_categorical_profile);
Datum
mlcheck_svg_categorical_profile(PG_FUNCTION_ARGS)
{
	BEGIN_CHART;
	bool		two = PG_NARGS() == 3;
	mlc_catprof *ref,
			   *cur = NULL;

	NULL_IF_NULL(0);
	if (two)
		NULL_IF_NULL(1);
	ref = catprof_arg(fcinfo, 0);
	if (two)
		cur = catprof_arg(fcinfo, 1);
	INIT_CHART();
	svg_style(fcinfo, two ? 2 : 1, &ps);
	mlc_pg_check(mlc_plot_catprof_svg(ref, cur, &ps, &b, &st), &st);
	PG_RETURN_DATUM(text_result(&b, true, "SVG image"));
}

/* ---------------------------------------------------------------- HTML */

/* _html_escape(text): element content or a quoted attribute value, ASCII
 * outside UTF-8 databases (character references) */
PG_FUNCTION_INFO_V1(mlcheck_html_escape);
Datum
mlcheck_html_escape(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	mlc_buf		b;

	to_utf8(&s, &len);
	mlc_buf_init(&b, len + 16);
	mlc_plot_xml_escape(&b, s, len, GetDatabaseEncoding() != PG_UTF8);
	PG_RETURN_DATUM(text_result(&b, true, "escaped text"));
}
