/*
 * mlc_plot.h — pictures of the summary types: text charts for psql and
 * self-contained SVG 1.1 images for browsers and dashboards.
 *
 * Every chart is drawn from a summary value alone (no access to rows):
 *   scores               ROC curve or precision-recall curve
 *   confusion            heatmap of counts and row shares
 *   calibration          reliability diagram (SVG; the text diagram is
 *                        mlc_calibration_plot)
 *   numeric_profile      histogram; two profiles: overlaid histograms
 *   categorical_profile  bar chart of the most frequent categories;
 *                        two profiles: paired bars
 *
 * Text from data (class labels, categories, titles) is taken as UTF-8 and
 * escaped for its context by the two escapers below, which are the only
 * way such text enters an output:
 *   - SVG/HTML: & < > " ' become entities; characters XML 1.0 does not
 *     allow (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF,
 *     surrogates) and bytes that are not UTF-8 become U+FFFD; tab, LF and
 *     CR become character references; with `ascii` every non-ASCII
 *     character becomes a character reference, so the output is ASCII.
 *     Data-derived text is only ever written as element content (never in
 *     an attribute, a style, a URL, an id or a name), and the SVG holds no
 *     script, event attribute, foreignObject or external reference.
 *   - text charts: C0 and C1 control characters (ESC included) and DEL,
 *     and bytes that are not UTF-8, are shown as \xNN; a backslash is shown
 *     as \\ so that the output is unambiguous.
 */
#ifndef MLC_PLOT_H
#define MLC_PLOT_H

#include "mlc_common.h"
#include "mlc_calibration.h"
#include "mlc_confusion.h"
#include "mlc_profile.h"
#include "mlc_scores.h"

/* SVG canvas: fits a dashboard panel; the viewBox lets it scale. */
#define MLC_PLOT_SVG_WIDTH 480
#define MLC_PLOT_SVG_HEIGHT 360
/* Text charts stay within this many columns. */
#define MLC_PLOT_TEXT_COLUMNS 80
/* Bins of the numeric histograms (equal width, numpy.histogram's rule). */
#define MLC_PLOT_HIST_BINS 20
/* Categories drawn before the rest are summed into one "other" bar. */
#define MLC_PLOT_MAX_CATEGORIES 20
/* Classes drawn in an SVG heatmap (the first ones in label order). */
#define MLC_PLOT_MAX_HEATMAP_CLASSES 50
/* Characters of a label kept in a chart (the rest is cut with an ellipsis). */
#define MLC_PLOT_LABEL_CHARS 16

typedef enum mlc_curve
{
	MLC_CURVE_ROC = 0,
	MLC_CURVE_PR = 1
} mlc_curve;

typedef struct mlc_plot_style
{
	bool		unicode;		/* text charts: block and box characters */
	bool		ascii;			/* SVG: non-ASCII as character references */
	const char *title;			/* UTF-8; NULL = the chart's own title */
	size_t		title_len;
} mlc_plot_style;

/* ---- escapers (any bytes in; see the top of this file) ---- */
void		mlc_plot_xml_escape(mlc_buf *b, const char *s, size_t len, bool ascii);
/*
 * Escaped text for a text chart, cut to at most max_chars characters
 * (cut text ends with an ellipsis; max_chars 0 = no limit).  Returns the
 * number of characters written.
 */
int			mlc_plot_term_escape(mlc_buf *b, const char *s, size_t len, int max_chars,
								 bool unicode);

/* ---- charts; each appends to out, 54000 (too large) is the only error ---- */
mlc_code	mlc_plot_scores_text(mlc_scores *s, mlc_curve curve, const mlc_plot_style *ps,
								 mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_scores_svg(mlc_scores *s, mlc_curve curve, const mlc_plot_style *ps,
								mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_confusion_text(const mlc_confusion *c, const mlc_plot_style *ps,
									mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_confusion_svg(const mlc_confusion *c, const mlc_plot_style *ps,
								   mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_calibration_svg(const mlc_calibration *c, const mlc_plot_style *ps,
									 mlc_buf *out, mlc_status *st);
/* cur may be NULL (one histogram) */
mlc_code	mlc_plot_numprof_text(mlc_numprof *ref, mlc_numprof *cur, const mlc_plot_style *ps,
								  mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_numprof_svg(mlc_numprof *ref, mlc_numprof *cur, const mlc_plot_style *ps,
								 mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_catprof_text(const mlc_catprof *ref, const mlc_catprof *cur,
								  const mlc_plot_style *ps, mlc_buf *out, mlc_status *st);
mlc_code	mlc_plot_catprof_svg(const mlc_catprof *ref, const mlc_catprof *cur,
								 const mlc_plot_style *ps, mlc_buf *out, mlc_status *st);

/*
 * Equal-width histogram of a numeric profile over [lo, hi], as
 * numpy.histogram(values, bins, range=(lo, hi)) computes it for the values
 * of an exact profile (the sketch's weighted items otherwise).  counts has
 * room for bins.  Values outside [lo, hi] are not counted.
 */
mlc_code	mlc_plot_histogram(mlc_numprof *p, double lo, double hi, int bins,
							   double *counts, mlc_status *st);
/* The bin edge i of that histogram (numpy.linspace(lo, hi, bins + 1)[i]). */
double		mlc_plot_hist_edge(double lo, double hi, int bins, int i);

#endif							/* MLC_PLOT_H */
