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

/* the k text labels (bytes and lengths) of a decoded value as UTF-8, in place */
static void
labels_to_utf8(char **lab, uint32_t *llen, int32_t k)
{
	int32_t		i;

	for (i = 0; i < k; i++)
	{
		const char *s = lab[i];
		size_t		len = llen[i];

		to_utf8(&s, &len);
		lab[i] = (char *) s;
		llen[i] = (uint32_t) len;
	}
}

static mlc_confusion *
confusion_arg(FunctionCallInfo fcinfo, int n)
{
	mlc_confusion *c = mlc_pg_confusion_from_datum(PG_GETARG_DATUM(n));

	if (c->kind == MLC_LABEL_TEXT)
		labels_to_utf8(c->slab, c->slen, c->k);
	return c;
}

static mlc_catprof *
catprof_arg(FunctionCallInfo fcinfo, int n)
{
	mlc_catprof *c = mlc_pg_categorical_profile_from_datum(PG_GETARG_DATUM(n));

	/* labels are looked up by bytes; converting all of them keeps that consistent */
	labels_to_utf8(c->lab, c->llen, c->k);
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

static mlc_curve
curve_arg(FunctionCallInfo fcinfo, int n)
{
	static const mlc_pg_keyword curves[] = {{"roc", MLC_CURVE_ROC}, {"pr", MLC_CURVE_PR}, {NULL, 0}};

	mlc_pg_not_null(fcinfo, n, ERRCODE_INVALID_PARAMETER_VALUE, "curve",
					"Use curve => 'roc' or curve => 'pr'.");
	return mlc_pg_keyword_value(text_to_cstring(PG_GETARG_TEXT_PP(n)), curves, "curve",
								"Use curve => 'roc' (ROC curve) or curve => 'pr' (precision-recall curve).");
}

/* ------------------------------------------------------- plot() and svg() */

/* what a chart draws: one summary, or a numeric or categorical profile alone or against another */
typedef enum chart_kind
{
	CHART_SCORES,
	CHART_CONFUSION,
	CHART_CALIBRATION,
	CHART_NUMPROF,
	CHART_CATPROF
} chart_kind;

/* the name of a text chart in messages (an SVG is an "SVG image") */
static const char *const chart_what[] = {"chart", "heatmap", "reliability diagram", "histogram", "bar chart"};

static void *
summary_arg(FunctionCallInfo fcinfo, chart_kind kind, int n)
{
	switch (kind)
	{
		case CHART_SCORES:
			return mlc_pg_scores_from_datum(PG_GETARG_DATUM(n));
		case CHART_CONFUSION:
			return confusion_arg(fcinfo, n);
		case CHART_CALIBRATION:
			return mlc_pg_calibration_from_datum(PG_GETARG_DATUM(n));
		case CHART_NUMPROF:
			return mlc_pg_numeric_profile_from_datum(PG_GETARG_DATUM(n));
		case CHART_CATPROF:
			return catprof_arg(fcinfo, n);
	}
	pg_unreachable();
}

static mlc_code
draw(chart_kind kind, bool svg, void *x, void *y, mlc_curve curve, const mlc_plot_style *ps,
	 mlc_buf *b, mlc_status *st)
{
	switch (kind)
	{
		case CHART_SCORES:
			return (svg ? mlc_plot_scores_svg : mlc_plot_scores_text) (x, curve, ps, b, st);
		case CHART_CONFUSION:
			return (svg ? mlc_plot_confusion_svg : mlc_plot_confusion_text) (x, ps, b, st);
		case CHART_CALIBRATION:
			/* the text reliability diagram is plot(calibration) of calibration.c */
			return mlc_plot_calibration_svg(x, ps, b, st);
		case CHART_NUMPROF:
			return (svg ? mlc_plot_numprof_svg : mlc_plot_numprof_text) (x, y, ps, b, st);
		case CHART_CATPROF:
			return (svg ? mlc_plot_catprof_svg : mlc_plot_catprof_text) (x, y, ps, b, st);
	}
	pg_unreachable();
}

/*
 * plot(x [, y], ascii => false) — plot(scores, ascii, curve) — a text
 * chart, STRICT; svg(x [, y], title => NULL) — svg(scores, curve, title) —
 * an SVG image, not STRICT (a NULL title means the default): a NULL
 * summary gives NULL.  y: the current profile drawn against the
 * reference x (profiles only, the 3-argument overloads).
 */
static Datum
chart(FunctionCallInfo fcinfo, chart_kind kind, bool svg)
{
	bool		two = (kind == CHART_NUMPROF || kind == CHART_CATPROF) && PG_NARGS() == 3;
	int			style_at = (two ? 2 : 1) + (svg && kind == CHART_SCORES);
	mlc_curve	curve = MLC_CURVE_ROC;
	void	   *x,
			   *y = NULL;
	mlc_plot_style ps;
	mlc_buf		b;

	if (PG_ARGISNULL(0) || (two && PG_ARGISNULL(1)))
		PG_RETURN_NULL();
	if (svg && kind == CHART_SCORES)
		curve = curve_arg(fcinfo, 1);
	x = summary_arg(fcinfo, kind, 0);
	if (two)
		y = summary_arg(fcinfo, kind, 1);
	mlc_buf_init(&b, 4096);
	if (svg)
		svg_style(fcinfo, style_at, &ps);
	else
		text_style(fcinfo, style_at, &ps);
	if (!svg && kind == CHART_SCORES)
		curve = curve_arg(fcinfo, 2);
	MLC_PG_CALL(draw, kind, svg, x, y, curve, &ps, &b);
	PG_RETURN_DATUM(text_result(&b, svg, svg ? "SVG image" : chart_what[kind]));
}

MLC_PG_ENTRY(mlcheck_plot_scores, chart(fcinfo, CHART_SCORES, false))
MLC_PG_ENTRY(mlcheck_plot_confusion, chart(fcinfo, CHART_CONFUSION, false))
MLC_PG_ENTRY(mlcheck_plot_numeric_profile, chart(fcinfo, CHART_NUMPROF, false))
MLC_PG_ENTRY(mlcheck_plot_categorical_profile, chart(fcinfo, CHART_CATPROF, false))
MLC_PG_ENTRY(mlcheck_svg_scores, chart(fcinfo, CHART_SCORES, true))
MLC_PG_ENTRY(mlcheck_svg_confusion, chart(fcinfo, CHART_CONFUSION, true))
MLC_PG_ENTRY(mlcheck_svg_calibration, chart(fcinfo, CHART_CALIBRATION, true))
MLC_PG_ENTRY(mlcheck_svg_numeric_profile, chart(fcinfo, CHART_NUMPROF, true))
MLC_PG_ENTRY(mlcheck_svg_categorical_profile, chart(fcinfo, CHART_CATPROF, true))
