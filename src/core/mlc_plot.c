/*
 * mlc_plot.c — text charts and SVG images of the summary types (see
 * mlc_plot.h for what is drawn and how data-derived text is escaped).
 *
 * Layout is computed in plain numbers; the SVG writer uses presentation
 * attributes only (no <style>), fixed colours, and writes text from data
 * exclusively through xml_text() as element content.  Text charts are
 * built line by line and trimmed of trailing blanks.
 */
#include "mlc_plot.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U_ELLIPSIS "\xe2\x80\xa6"
#define U_FFFD "\xef\xbf\xbd"

/* ------------------------------------------------------------ UTF-8 */

/*
 * Next code point of s at *pos, or -1 for a byte that does not start a
 * well-formed UTF-8 sequence (overlong forms, surrogates and values above
 * U+10FFFF are not well-formed); *pos advances past what was read (one
 * byte for -1).
 */
static int32_t
utf8_next(const unsigned char *s, size_t len, size_t *pos)
{
	unsigned	c = s[*pos];
	int			n,
				i;
	uint32_t	cp,
				min;

	if (c < 0x80)
	{
		(*pos)++;
		return (int32_t) c;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		n = 1;
		cp = c & 0x1F;
		min = 0x80;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		n = 2;
		cp = c & 0x0F;
		min = 0x800;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		n = 3;
		cp = c & 0x07;
		min = 0x10000;
	}
	else
	{
		(*pos)++;
		return -1;
	}
	if (len - *pos <= (size_t) n)
	{
		(*pos)++;
		return -1;
	}
	for (i = 1; i <= n; i++)
	{
		unsigned	b = s[*pos + i];

		if ((b & 0xC0) != 0x80)
		{
			(*pos)++;
			return -1;
		}
		cp = (cp << 6) | (b & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
	{
		(*pos)++;
		return -1;
	}
	*pos += (size_t) n + 1;
	return (int32_t) cp;
}

/* ------------------------------------------------------------ escapers */

/* one escaped unit of XML text for code point cp (bytes s[from, to)) */
static void
xml_unit(mlc_buf *b, int32_t cp, const char *s, size_t from, size_t to, bool ascii)
{
	static const struct
	{
		int32_t		cp;
		const char *ref;
	}			refs[] = {
		{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"},
		{'\t', "&#9;"}, {'\n', "&#10;"}, {'\r', "&#13;"}
	};
	size_t		i;

	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (cp == refs[i].cp)
		{
			mlc_buf_puts(b, refs[i].ref);
			return;
		}
	if (cp < 0 || cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
	{
		mlc_buf_puts(b, ascii ? "&#xFFFD;" : U_FFFD);
		return;
	}
	if (cp < 0x80)
		mlc_buf_putc(b, (char) cp);
	else if (ascii)
		mlc_buf_printf(b, "&#x%" PRIX32 ";", (uint32_t) cp);
	else
		mlc_buf_append(b, s + from, to - from);
}

/* XML text, cut to max_chars characters (0 = no limit) with an ellipsis */
static void
xml_text_cut(mlc_buf *b, const char *s, size_t len, int max_chars, bool ascii)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		pos = 0;
	int			total = 0,
				i = 0;

	if (s == NULL)
		return;
	if (max_chars > 0)
	{
		while (pos < len)
		{
			utf8_next(u, len, &pos);
			total++;
		}
		pos = 0;
	}
	while (pos < len)
	{
		size_t		from = pos;
		int32_t		cp = utf8_next(u, len, &pos);

		if (max_chars > 0 && total > max_chars && i == max_chars - 1)
		{
			mlc_buf_puts(b, ascii ? "&#x2026;" : U_ELLIPSIS);
			return;
		}
		xml_unit(b, cp, s, from, pos, ascii);
		i++;
	}
}

void
mlc_plot_xml_escape(mlc_buf *b, const char *s, size_t len, bool ascii)
{
	xml_text_cut(b, s, len, 0, ascii);
}

/* width in characters of the text-chart form of one unit, and the unit */
static int
term_unit(char *dst, int32_t cp, const unsigned char *s, size_t from, size_t to)
{
	if (cp < 0)
	{
		snprintf(dst, 8, "\\x%02x", (unsigned) (s[from] & 0xff));
		return 4;
	}
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
	{
		snprintf(dst, 8, "\\x%02x", (unsigned) (cp & 0xff));
		return 4;
	}
	if (cp == '\\')
	{
		strcpy(dst, "\\\\");
		return 2;
	}
	memcpy(dst, s + from, to - from);
	dst[to - from] = '\0';
	return 1;
}

int
mlc_plot_term_escape(mlc_buf *b, const char *s, size_t len, int max_chars, bool unicode)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		pos = 0;
	int			total = 0,
				done = 0;
	char		unit[8];

	if (s == NULL)
		return 0;
	while (pos < len)
	{
		size_t		from = pos;
		int32_t		cp = utf8_next(u, len, &pos);

		total += term_unit(unit, cp, u, from, pos);
	}
	pos = 0;
	while (pos < len)
	{
		size_t		from = pos;
		int32_t		cp = utf8_next(u, len, &pos);
		int			w = term_unit(unit, cp, u, from, pos);

		if (max_chars > 0 && total > max_chars && done + w > max_chars - 1)
		{
			mlc_buf_puts(b, unicode ? U_ELLIPSIS : "~");
			return done + 1;
		}
		mlc_buf_puts(b, unit);
		done += w;
	}
	return done;
}

/* ------------------------------------------------------------ helpers */

static void
fmt_count(char *dst, size_t n, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(dst, n, "%.0f", v);
	else
		snprintf(dst, n, "%.4g", v);
}

static void
fmt_share(char *dst, size_t n, double v)
{
	snprintf(dst, n, "%.1f%%", 100.0 * v);
}

static void
repeat(mlc_buf *b, const char *s, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		mlc_buf_puts(b, s);
}

/* drop trailing blanks of the line being built (from line_start) */
static void
end_line(mlc_buf *b, size_t line_start)
{
	while (b->len > line_start && b->data[b->len - 1] == ' ')
		b->len--;
	mlc_buf_putc(b, '\n');
}

/* the chart title: the caller's (escaped) or the default */
static void
text_title(mlc_buf *b, const mlc_plot_style *ps, const char *dflt)
{
	if (ps->title)
	{
		mlc_plot_term_escape(b, ps->title, ps->title_len, 0, ps->unicode);
		mlc_buf_puts(b, ": ");
	}
	mlc_buf_puts(b, dflt);
}

static mlc_code
finish(mlc_buf *b, mlc_status *st, const char *what)
{
	/* no trailing newline: psql shows the value as it is */
	while (b->len > 0 && b->data[b->len - 1] == '\n')
		b->len--;
	if (b->failed)
		return mlc_failf(st, MLC_ELIMIT, "Raise mlcheck.max_value_kb or draw a smaller summary.",
						 "%s is too large", what);
	return MLC_OK;
}

/* a horizontal bar of v in [0, 1] over width cells (eighths in unicode) */
static int
bar(mlc_buf *b, double v, int width, bool unicode, const char *ascii_ch)
{
	static const char *const eighths[] = {"", "\u258f", "\u258e", "\u258d", "\u258c",
	"\u258b", "\u258a", "\u2589"};
	int			cells;

	if (!(v > 0))
		return 0;
	if (v > 1)
		v = 1;
	if (unicode && ascii_ch == NULL)
	{
		int			e = (int) floor(v * width * 8 + 0.5);

		if (e == 0)
			e = 1;				/* a non-empty bin always shows */
		repeat(b, "\u2588", e / 8);
		mlc_buf_puts(b, eighths[e % 8]);
		return e / 8 + (e % 8 ? 1 : 0);
	}
	cells = (int) floor(v * width + 0.5);
	if (cells == 0)
		cells = 1;
	repeat(b, ascii_ch ? ascii_ch : "#", cells);
	return cells;
}

/* ------------------------------------------------------------ histogram */

double
mlc_plot_hist_edge(double lo, double hi, int bins, int i)
{
	if (i >= bins)
		return hi;
	return (double) i * ((hi - lo) / bins) + lo;
}

/* numpy.histogram's bin of v (lo <= v <= hi, finite range) */
static int
hist_bin(double v, double lo, double hi, int bins)
{
	double		norm = bins / (hi - lo),
				f = (v - lo) * norm;
	int			i;

	if (!(f >= 0))
		f = 0;
	if (f > bins)
		f = bins;
	i = (int) f;
	if (i == bins)
		i--;
	if (v < mlc_plot_hist_edge(lo, hi, bins, i) && i > 0)
		i--;
	else if (i != bins - 1 && v >= mlc_plot_hist_edge(lo, hi, bins, i + 1))
		i++;
	return i;
}

/* the range numpy.histogram uses for values in [lo, hi] */
static void
hist_range(double *lo, double *hi)
{
	if (*lo == *hi)
	{
		*lo -= 0.5;
		*hi += 0.5;
	}
}

mlc_code
mlc_plot_histogram(mlc_numprof *p, double lo, double hi, int bins, double *counts,
				   mlc_status *st)
{
	double	   *v,
			   *w;
	int64_t		m,
				i;
	mlc_code	rc;

	memset(counts, 0, sizeof(double) * bins);
	if (p->n == 0)
		return MLC_OK;
	rc = mlc_numprof_view(p, &v, &w, &m, st);
	if (rc != MLC_OK)
		return rc;
	for (i = 0; i < m; i++)
	{
		double		x = v[i];

		if (!(x >= lo && x <= hi))
			continue;
		if (isfinite(hi - lo))
			counts[hist_bin(x, lo, hi, bins)] += w[i];
		else
		{
			/* range too wide for a double: bin on halves (never overflows) */
			double		f = (x * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5) * bins;
			int			k = f >= bins ? bins - 1 : f > 0 ? (int) f : 0;

			counts[k] += w[i];
		}
		if ((i & 0xffff) == 0)
			mlc_check_interrupts();
	}
	mlc_free(v);
	mlc_free(w);
	return MLC_OK;
}

/* shortest %g precision (>= 3) that tells every pair of adjacent edges apart */
static int
edge_precision(double lo, double hi, int bins)
{
	int			p,
				i;
	char		a[40],
				c[40];

	for (p = 3; p < 17; p++)
	{
		bool		ok = true;

		for (i = 0; i < bins && ok; i++)
		{
			snprintf(a, sizeof(a), "%.*g", p, mlc_plot_hist_edge(lo, hi, bins, i));
			snprintf(c, sizeof(c), "%.*g", p, mlc_plot_hist_edge(lo, hi, bins, i + 1));
			ok = strcmp(a, c) != 0;
		}
		if (ok)
			return p;
	}
	return 17;
}

static void
edge_label(char *dst, size_t n, double lo, double hi, int bins, int i, int prec)
{
	snprintf(dst, n, "[%.*g, %.*g%c", prec, mlc_plot_hist_edge(lo, hi, bins, i), prec,
			 mlc_plot_hist_edge(lo, hi, bins, i + 1), i == bins - 1 ? ']' : ')');
}

/*
 * The counts of a profile, as a chart's heading shows them (a counts_fn:
 * one heading serves numeric and categorical profiles).
 */
typedef void (*counts_fn) (mlc_buf *b, const void *profile);

/* the counts of ref, then (when there is one) sep and those of cur */
static void
pair_counts(mlc_buf *b, counts_fn counts, const void *ref, const void *cur, const char *sep)
{
	counts(b, ref);
	if (cur)
	{
		mlc_buf_puts(b, sep);
		counts(b, cur);
	}
}

/* a text chart's title line: the title, then pair_counts */
static void
text_heading(mlc_buf *out, const mlc_plot_style *ps, const char *title, counts_fn counts,
			 const void *ref, const void *cur)
{
	text_title(out, ps, title);
	pair_counts(out, counts, ref, cur, "\n            current ");
}

/* "n = 10 (2 NULL, 1 NaN)" */
static void
numprof_counts(mlc_buf *b, const void *profile)
{
	const mlc_numprof *p = profile;
	bool		any = false;

	mlc_buf_printf(b, "n = %" PRId64, p->n);
#define EXTRA(v, name) if ((v) > 0) { mlc_buf_printf(b, "%s%" PRId64 " " name, any ? ", " : " (", (int64_t) (v)); any = true; }
	EXTRA(p->n_null, "NULL");
	EXTRA(p->n_nan, "NaN");
	EXTRA(p->n_posinf, "+Infinity");
	EXTRA(p->n_neginf, "-Infinity");
#undef EXTRA
	if (any)
		mlc_buf_putc(b, ')');
}

/* common range of one or two profiles; false when neither has a finite value */
static bool
profiles_range(mlc_numprof *ref, mlc_numprof *cur, double *lo, double *hi)
{
	mlc_moments m;
	bool		any = false;

	*lo = INFINITY;
	*hi = -INFINITY;
	if (ref && ref->n > 0)
	{
		mlc_numprof_moments(ref, &m);
		*lo = fmin(*lo, m.min);
		*hi = fmax(*hi, m.max);
		any = true;
	}
	if (cur && cur->n > 0)
	{
		mlc_numprof_moments(cur, &m);
		*lo = fmin(*lo, m.min);
		*hi = fmax(*hi, m.max);
		any = true;
	}
	if (any)
		hist_range(lo, hi);
	return any;
}

mlc_code
mlc_plot_numprof_text(mlc_numprof *ref, mlc_numprof *cur, const mlc_plot_style *ps,
					  mlc_buf *out, mlc_status *st)
{
	int			bins = MLC_PLOT_HIST_BINS,
				i,
				prec,
				rw = 0,
				cw = 1,
				barw;
	double		lo,
				hi,
				cr[MLC_PLOT_HIST_BINS],
				cc[MLC_PLOT_HIST_BINS],
				top = 0;
	char		lab[96],
				tmp[64];
	size_t		ls;
	bool		two = cur != NULL;

	text_heading(out, ps, two ? "histograms: reference " : "histogram: ", numprof_counts, ref, cur);
	if (!profiles_range(ref, cur, &lo, &hi))
	{
		mlc_buf_puts(out, "\n(no finite values)");
		return finish(out, st, "histogram");
	}
	if (mlc_plot_histogram(ref, lo, hi, bins, cr, st) != MLC_OK ||
		(two && mlc_plot_histogram(cur, lo, hi, bins, cc, st) != MLC_OK))
		return st->code;
	prec = edge_precision(lo, hi, bins);
	for (i = 0; i < bins; i++)
	{
		edge_label(lab, sizeof(lab), lo, hi, bins, i, prec);
		if ((int) strlen(lab) > rw)
			rw = (int) strlen(lab);
		if (two)
		{
			cr[i] = ref->n > 0 ? cr[i] / ref->n : 0;
			cc[i] = cur->n > 0 ? cc[i] / cur->n : 0;
			top = fmax(top, fmax(cr[i], cc[i]));
		}
		else
		{
			fmt_count(tmp, sizeof(tmp), cr[i]);
			if ((int) strlen(tmp) > cw)
				cw = (int) strlen(tmp);
			top = fmax(top, cr[i]);
		}
	}
	snprintf(tmp, sizeof(tmp), "%.*g", prec, (hi - lo) / bins);
	mlc_buf_printf(out, "\n%d bins of width %s", bins, tmp);
	if ((ref->n > 0 && !ref->exact) || (two && cur->n > 0 && !cur->exact))
		mlc_buf_printf(out, "; counts estimated from the sketch (rank error <= %g%%)",
					   100 * MLC_PROFILE_RANK_EPS);
	mlc_buf_putc(out, '\n');
	if (two)
	{
		barw = MLC_PLOT_TEXT_COLUMNS - rw - 2 - 4 - 8;
		if (barw > 40)
			barw = 40;
		if (barw < 10)
			barw = 10;
		mlc_buf_printf(out, "bars: share of each profile's finite values; ref %s reference, cur %s current\n",
					   ps->unicode ? "\u2591" : "=", ps->unicode ? "\u2588" : "#");
		for (i = 0; i < bins; i++)
		{
			int			k;

			for (k = 0; k < 2; k++)
			{
				double		v = k == 0 ? cr[i] : cc[i];
				int			n;

				ls = out->len;
				edge_label(lab, sizeof(lab), lo, hi, bins, i, prec);
				mlc_buf_printf(out, "%-*s  %s ", rw, k == 0 ? lab : "", k == 0 ? "ref" : "cur");
				n = bar(out, top > 0 ? v / top : 0, barw,
						ps->unicode, k == 0 ? (ps->unicode ? "\u2591" : "=") : (ps->unicode ? NULL : "#"));
				repeat(out, " ", barw - n);
				fmt_share(tmp, sizeof(tmp), v);
				mlc_buf_printf(out, " %6s", tmp);
				end_line(out, ls);
			}
		}
		return finish(out, st, "histogram");
	}
	barw = MLC_PLOT_TEXT_COLUMNS - rw - cw - 4;
	if (barw > 40)
		barw = 40;
	if (barw < 10)
		barw = 10;
	for (i = 0; i < bins; i++)
	{
		ls = out->len;
		edge_label(lab, sizeof(lab), lo, hi, bins, i, prec);
		fmt_count(tmp, sizeof(tmp), cr[i]);
		mlc_buf_printf(out, "%-*s  %*s  ", rw, lab, cw, tmp);
		bar(out, top > 0 ? cr[i] / top : 0, barw, ps->unicode, NULL);
		end_line(out, ls);
	}
	return finish(out, st, "histogram");
}

/* ------------------------------------------------------------ categories */

typedef struct cat_row
{
	const char *lab;
	size_t		len;
	double		a;				/* count (one profile) or reference share */
	double		b;				/* current share */
} cat_row;

static int
cat_row_cmp(const void *x, const void *y)
{
	const cat_row *p = x,
			   *q = y;
	double		sp = p->a + p->b,
				sq = q->a + q->b;

	if (sp != sq)
		return sp > sq ? -1 : 1;
	return mlc_strcmp_c(p->lab, p->len, q->lab, q->len);
}

/*
 * The rows of a categorical chart: the categories by decreasing count
 * (share sum for two profiles), at most `keep`; the rest summed into
 * *other_a / *other_b (with the profiles' "other" counts).  Returns the
 * rows (caller frees) or NULL on OOM; *n rows, *n_rest categories folded.
 */
static cat_row *
cat_rows(const mlc_catprof *ref, const mlc_catprof *cur, int keep, int32_t *n,
		 int32_t *n_rest, double *other_a, double *other_b)
{
	int32_t		cap = ref->k + (cur ? cur->k : 0),
				m = 0,
				i;
	cat_row    *r = mlc_alloc(sizeof(cat_row) * (cap + 1));
	double		na = ref->n > 0 ? (double) ref->n : 1,
				nb = cur && cur->n > 0 ? (double) cur->n : 1;

	if (r == NULL)
		return NULL;
	for (i = 0; i < ref->k; i++)
	{
		r[m].lab = ref->lab[i];
		r[m].len = ref->llen[i];
		r[m].a = cur ? ref->cnt[i] / na : (double) ref->cnt[i];
		r[m].b = 0;
		if (cur)
		{
			int32_t		j = mlc_catprof_find(cur, ref->lab[i], ref->llen[i]);

			if (j >= 0)
				r[m].b = cur->cnt[j] / nb;
		}
		m++;
	}
	if (cur)
		for (i = 0; i < cur->k; i++)
		{
			if (mlc_catprof_find(ref, cur->lab[i], cur->llen[i]) >= 0)
				continue;
			r[m].lab = cur->lab[i];
			r[m].len = cur->llen[i];
			r[m].a = 0;
			r[m].b = cur->cnt[i] / nb;
			m++;
		}
	qsort(r, m, sizeof(cat_row), cat_row_cmp);
	*other_a = cur ? ref->n_other / na : (double) ref->n_other;
	*other_b = cur ? cur->n_other / nb : 0;
	*n_rest = 0;
	for (i = keep; i < m; i++)
	{
		*other_a += r[i].a;
		*other_b += r[i].b;
		(*n_rest)++;
	}
	*n = m < keep ? m : keep;
	return r;
}

/* "n = 10 (2 NULL), 3 categories" */
static void
catprof_counts(mlc_buf *b, const void *profile)
{
	const mlc_catprof *c = profile;

	mlc_buf_printf(b, "n = %" PRId64, c->n);
	if (c->n_null > 0)
		mlc_buf_printf(b, " (%" PRId64 " NULL)", c->n_null);
	mlc_buf_printf(b, ", %d categor%s", (int) c->k, c->k == 1 ? "y" : "ies");
	if (c->n_other > 0)
		mlc_buf_printf(b, " + %" PRId64 " values beyond the category cap", c->n_other);
}

mlc_code
mlc_plot_catprof_text(const mlc_catprof *ref, const mlc_catprof *cur, const mlc_plot_style *ps,
					  mlc_buf *out, mlc_status *st)
{
	int32_t		n,
				rest,
				i;
	double		oa,
				ob,
				top = 0;
	cat_row    *r;
	int			lw = 7,
				cw = 1,
				barw,
				k;
	char		tmp[64];
	size_t		ls;
	bool		two = cur != NULL;

	text_heading(out, ps, two ? "categories: reference " : "categories: ", catprof_counts, ref, cur);
	if (ref->n == 0 && (!two || cur->n == 0))
	{
		mlc_buf_puts(out, "\n(no values)");
		return finish(out, st, "bar chart");
	}
	r = cat_rows(ref, cur, MLC_PLOT_MAX_CATEGORIES, &n, &rest, &oa, &ob);
	if (r == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	for (i = 0; i < n; i++)
	{
		mlc_buf		t;

		mlc_buf_init(&t, 32);
		k = mlc_plot_term_escape(&t, r[i].lab, r[i].len, MLC_PLOT_LABEL_CHARS, ps->unicode);
		mlc_buf_free(&t);
		if (k > lw)
			lw = k;
		top = fmax(top, fmax(r[i].a, r[i].b));
		fmt_count(tmp, sizeof(tmp), r[i].a);
		if ((int) strlen(tmp) > cw)
			cw = (int) strlen(tmp);
	}
	top = fmax(top, fmax(oa, ob));
	fmt_count(tmp, sizeof(tmp), oa);
	if ((int) strlen(tmp) > cw)
		cw = (int) strlen(tmp);
	snprintf(tmp, sizeof(tmp), "(%d other%s)", (int) rest, rest == 1 ? "" : "s");
	if ((rest > 0 || oa > 0 || ob > 0) && (int) strlen(tmp) > lw)
		lw = (int) strlen(tmp);
	mlc_buf_putc(out, '\n');
	if (two)
		mlc_buf_printf(out, "bars: share of each profile's values; ref %s reference, cur %s current\n",
					   ps->unicode ? "\u2591" : "=", ps->unicode ? "\u2588" : "#");
	barw = MLC_PLOT_TEXT_COLUMNS - lw - (two ? 14 : cw + 11);
	if (barw > 40)
		barw = 40;
	if (barw < 10)
		barw = 10;
	for (i = 0; i <= n; i++)
	{
		const char *lab;
		size_t		len;
		double		a,
					b;
		int			w;

		if (i == n)
		{
			if (rest == 0 && !(oa > 0) && !(ob > 0))
				break;
			snprintf(tmp, sizeof(tmp), "(%d other%s)", (int) rest, rest == 1 ? "" : "s");
			lab = NULL;
			len = 0;
			a = oa;
			b = ob;
		}
		else
		{
			lab = r[i].lab;
			len = r[i].len;
			a = r[i].a;
			b = r[i].b;
		}
		for (k = 0; k < (two ? 2 : 1); k++)
		{
			double		v = k == 0 ? a : b;

			ls = out->len;
			if (k == 0)
				w = lab ? mlc_plot_term_escape(out, lab, len, MLC_PLOT_LABEL_CHARS, ps->unicode)
					: (mlc_buf_puts(out, tmp), (int) strlen(tmp));
			else
				w = 0;
			repeat(out, " ", (lw > w ? lw - w : 0) + 2);
			if (two)
			{
				char		sh[32];
				int			nb;

				mlc_buf_puts(out, k == 0 ? "ref " : "cur ");
				nb = bar(out, top > 0 ? v / top : 0, barw, ps->unicode,
						 k == 0 ? (ps->unicode ? "\u2591" : "=") : (ps->unicode ? NULL : "#"));
				repeat(out, " ", barw - nb);
				fmt_share(sh, sizeof(sh), v);
				mlc_buf_printf(out, " %6s", sh);
			}
			else
			{
				char		cnt[64],
							sh[32];

				fmt_count(cnt, sizeof(cnt), v);
				fmt_share(sh, sizeof(sh), ref->n > 0 ? v / ref->n : 0);
				mlc_buf_printf(out, "%*s %6s  ", cw, cnt, sh);
				bar(out, top > 0 ? v / top : 0, barw, ps->unicode, NULL);
			}
			end_line(out, ls);
		}
	}
	mlc_free(r);
	return finish(out, st, "bar chart");
}

/* ------------------------------------------------------------ curves */

typedef struct curve_pts
{
	size_t		n;
	double	   *x;
	double	   *y;
	double		P,
				N;
} curve_pts;

/*
 * Points of a ROC curve ((0, 0) first) or of a precision-recall curve as
 * its step function (the area under the steps is the average precision).
 */
static mlc_code
curve_points(mlc_scores *s, mlc_curve curve, curve_pts *cp, mlc_status *st)
{
	size_t		k,
				i,
				n = 0;
	double	   *thr,
			   *fpr,
			   *tpr,
			   *prec;

	memset(cp, 0, sizeof(*cp));
	if (mlc_scores_flush(s, st) != MLC_OK)
		return st->code;
	mlc_scores_totals(s, &cp->P, &cp->N);
	k = s->k;
	thr = mlc_alloc(sizeof(double) * (k + 1));
	fpr = mlc_alloc(sizeof(double) * (k + 1));
	tpr = mlc_alloc(sizeof(double) * (k + 1));
	prec = mlc_alloc(sizeof(double) * (k + 1));
	cp->x = mlc_alloc(sizeof(double) * (2 * k + 2));
	cp->y = mlc_alloc(sizeof(double) * (2 * k + 2));
	if (!thr || !fpr || !tpr || !prec || !cp->x || !cp->y)
	{
		mlc_free(thr);
		mlc_free(fpr);
		mlc_free(tpr);
		mlc_free(prec);
		mlc_free(cp->x);
		mlc_free(cp->y);
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	k = mlc_scores_points(s, thr, fpr, tpr, prec);
	if (curve == MLC_CURVE_ROC)
	{
		cp->x[n] = 0;
		cp->y[n++] = 0;
		for (i = 0; i < k; i++)
		{
			cp->x[n] = fpr[i];
			cp->y[n++] = tpr[i];
		}
	}
	else
	{
		double		r0 = 0;

		for (i = 0; i < k; i++)
		{
			cp->x[n] = r0;
			cp->y[n++] = prec[i];
			cp->x[n] = tpr[i];
			cp->y[n++] = prec[i];
			r0 = tpr[i];
		}
	}
	cp->n = n;
	mlc_free(thr);
	mlc_free(fpr);
	mlc_free(tpr);
	mlc_free(prec);
	return MLC_OK;
}

static void
curve_free(curve_pts *cp)
{
	mlc_free(cp->x);
	mlc_free(cp->y);
}

/* why the curve cannot be drawn, or NULL */
static const char *
curve_undefined(const curve_pts *cp, mlc_curve curve)
{
	if (!(cp->P > 0) && !(cp->N > 0))
		return "no rows";
	if (!(cp->P > 0))
		return "no positive rows";
	if (curve == MLC_CURVE_ROC && !(cp->N > 0))
		return "no negative rows";
	return NULL;
}

static void
curve_header(mlc_buf *b, mlc_scores *s, mlc_curve curve, const curve_pts *cp, const char *sep)
{
	char		p[64],
				q[64];
	double		auc,
				lo,
				hi;

	fmt_count(p, sizeof(p), cp->P);
	fmt_count(q, sizeof(q), cp->N);
	mlc_buf_printf(b, "n = %s positive, %s negative", p, q);
	if (s->n_null > 0)
		mlc_buf_printf(b, " (%" PRId64 " NULL row%s skipped)", s->n_null, s->n_null == 1 ? "" : "s");
	if (curve == MLC_CURVE_ROC && mlc_scores_roc_auc(s, &auc, &lo, &hi))
	{
		mlc_buf_printf(b, "%sAUC = %.4f", sep, auc);
		if (!mlc_scores_is_exact(s))
			mlc_buf_printf(b, " (binned: %.4f to %.4f)", lo, hi);
	}
	if (curve == MLC_CURVE_PR && mlc_scores_pr_auc(s, &auc))
	{
		mlc_buf_printf(b, "%sAP = %.4f", sep, auc);
		if (!mlc_scores_is_exact(s))
			mlc_buf_puts(b, " (binned)");
	}
}

#define GRID_W 50
#define GRID_H 20

typedef struct text_grid
{
	unsigned char c[GRID_H + 1][GRID_W + 1];
} text_grid;

static void
grid_put(text_grid *g, double x, double y, unsigned char mark)
{
	int			col,
				row;

	if (!isfinite(x) || !isfinite(y))
		return;
	x = fmin(fmax(x, 0), 1);
	y = fmin(fmax(y, 0), 1);
	col = (int) floor(x * GRID_W + 0.5);
	row = (int) floor(y * GRID_H + 0.5);
	if (g->c[row][col] < mark)
		g->c[row][col] = mark;
}

static void
grid_line(text_grid *g, double x0, double y0, double x1, double y1, unsigned char mark)
{
	double		d = fmax(fabs(x1 - x0) * GRID_W, fabs(y1 - y0) * GRID_H);
	int			steps,
				i;

	if (!isfinite(d))
		return;
	steps = (int) ceil(2 * d) + 1;
	for (i = 0; i <= steps; i++)
	{
		double		t = (double) i / steps;

		grid_put(g, x0 + t * (x1 - x0), y0 + t * (y1 - y0), mark);
	}
}

mlc_code
mlc_plot_scores_text(mlc_scores *s, mlc_curve curve, const mlc_plot_style *ps,
					 mlc_buf *out, mlc_status *st)
{
	curve_pts	cp;
	text_grid	g;
	const char *why;
	const char *mark_c = ps->unicode ? "\u25cf" : "*",
			   *mark_d = ps->unicode ? "\u00b7" : ".";
	int			r,
				c;
	size_t		i,
				ls;
	double		base = 0;

	if (curve_points(s, curve, &cp, st) != MLC_OK)
		return st->code;
	text_title(out, ps, curve == MLC_CURVE_ROC ? "ROC curve: " : "precision-recall curve: ");
	curve_header(out, s, curve, &cp, "\n");
	why = curve_undefined(&cp, curve);
	if (why)
	{
		mlc_buf_printf(out, "\n(the curve is undefined: %s)", why);
		curve_free(&cp);
		return finish(out, st, "chart");
	}
	memset(&g, 0, sizeof(g));
	if (curve == MLC_CURVE_ROC)
		grid_line(&g, 0, 0, 1, 1, 1);
	else
	{
		base = cp.P / (cp.P + cp.N);
		grid_line(&g, 0, base, 1, base, 1);
	}
	for (i = 1; i < cp.n; i++)
	{
		grid_line(&g, cp.x[i - 1], cp.y[i - 1], cp.x[i], cp.y[i], 2);
		if ((i & 0xfff) == 0)
			mlc_check_interrupts();
	}
	if (cp.n == 1)
		grid_put(&g, cp.x[0], cp.y[0], 2);
	mlc_buf_printf(out, "\n%s\n", curve == MLC_CURVE_ROC ? "true positive rate" : "precision");
	for (r = GRID_H; r >= 0; r--)
	{
		bool		tick = r == 0 || r == GRID_H || r == GRID_H / 2;

		ls = out->len;
		mlc_buf_printf(out, "%3s ", r == GRID_H ? "1.0" : r == GRID_H / 2 ? "0.5" : r == 0 ? "0.0" : "");
		mlc_buf_puts(out, tick ? (ps->unicode ? "\u2524" : "+") : (ps->unicode ? "\u2502" : "|"));
		for (c = 0; c <= GRID_W; c++)
			mlc_buf_puts(out, g.c[r][c] == 2 ? mark_c : g.c[r][c] == 1 ? mark_d : " ");
		end_line(out, ls);
	}
	mlc_buf_puts(out, ps->unicode ? "    \u2514" : "    +");
	for (c = 0; c <= GRID_W; c++)
		mlc_buf_puts(out, (c == 0 || c == GRID_W / 2 || c == GRID_W) ?
					 (ps->unicode ? "\u252c" : "+") : (ps->unicode ? "\u2500" : "-"));
	mlc_buf_printf(out, "\n    0.0%*s%*s  %s\n", GRID_W / 2 + 1, "0.5", GRID_W / 2 - 1, "1.0",
				   curve == MLC_CURVE_ROC ? "false positive rate" : "recall");
	if (curve == MLC_CURVE_ROC)
		mlc_buf_printf(out, "%s ROC curve   %s chance (AUC 0.5)", mark_c, mark_d);
	else
		mlc_buf_printf(out, "%s precision-recall curve   %s share of positives (%.4f)",
					   mark_c, mark_d, base);
	curve_free(&cp);
	return finish(out, st, "chart");
}

/* ------------------------------------------------------------ heatmap (text) */

static const char *
shade(double share, bool unicode)
{
	static const char *const u[] = {"\u00b7", "\u2591", "\u2592", "\u2593", "\u2588"};
	static const char *const a[] = {".", "-", "+", "*", "#"};
	int			i = !(share > 0) ? 0 : share <= 0.25 ? 1 : share <= 0.5 ? 2 : share <= 0.75 ? 3 : 4;

	return unicode ? u[i] : a[i];
}

/*
 * Class i's label escaped for a text chart into dst, cut to max_chars:
 * the characters written (lab: scratch space for the label)
 */
static int
confusion_label_term(mlc_buf *dst, mlc_buf *lab, const mlc_confusion *c, int32_t i,
					 int max_chars, bool unicode)
{
	lab->len = 0;
	mlc_confusion_label_str(c, i, lab);
	return mlc_plot_term_escape(dst, lab->data, lab->len, max_chars, unicode);
}

mlc_code
mlc_plot_confusion_text(const mlc_confusion *c, const mlc_plot_style *ps, mlc_buf *out,
						mlc_status *st)
{
	int32_t		k = c->k,
				i,
				j,
				shown_cols,
				shown_rows;
	double		total = mlc_confusion_total(c),
				acc;
	int			cw = 1,
				lw = 6,
				colw,
				cellw,
				sep,
				w;
	bool		full;
	char		tmp[64];
	mlc_buf		lab;
	size_t		ls;

	text_title(out, ps, "confusion matrix: ");
	fmt_count(tmp, sizeof(tmp), total);
	mlc_buf_printf(out, "n = %s, %d class%s", tmp, (int) k, k == 1 ? "" : "es");
	if (mlc_confusion_accuracy(c, &acc))
		mlc_buf_printf(out, ", accuracy = %.4f", acc);
	if (c->n_null > 0)
		mlc_buf_printf(out, " (%" PRId64 " NULL row%s skipped)", c->n_null, c->n_null == 1 ? "" : "s");
	if (k == 0)
	{
		mlc_buf_puts(out, "\n(no rows)");
		return finish(out, st, "heatmap");
	}
	mlc_buf_init(&lab, 64);
	for (i = 0; i < k; i++)
	{
		mlc_buf		t;

		mlc_buf_init(&t, 32);
		w = confusion_label_term(&t, &lab, c, i, MLC_PLOT_LABEL_CHARS, ps->unicode);
		mlc_buf_free(&t);
		if (w > lw)
			lw = w;
		for (j = 0; j < k; j++)
		{
			fmt_count(tmp, sizeof(tmp), mlc_confusion_cell(c, i, j));
			if ((int) strlen(tmp) > cw)
				cw = (int) strlen(tmp);
		}
	}
	/* full cells "█ 123 45.6%" when they fit, else "█ 123" */
	full = true;
	cellw = cw + 9;
	colw = cellw > 10 ? cellw : 10;
	sep = 2;
	if (lw + 3 + k * (colw + sep) > MLC_PLOT_TEXT_COLUMNS)
	{
		full = false;
		cellw = cw + 2;
		colw = cellw > 5 ? cellw : 5;
		sep = 1;
	}
	shown_cols = (MLC_PLOT_TEXT_COLUMNS - lw - 3) / (colw + sep);
	if (shown_cols < 1)
		shown_cols = 1;
	if (shown_cols > k)
		shown_cols = k;
	shown_rows = k > 60 ? 60 : k;
	mlc_buf_printf(out, "\nrows: actual, columns: predicted; cell: %s\n",
				   full ? "count and share of its row" : "count, shaded by share of its row");
	/* header */
	ls = out->len;
	repeat(out, " ", lw);
	mlc_buf_puts(out, ps->unicode ? " \u2502" : " |");
	for (j = 0; j < shown_cols; j++)
	{
		mlc_buf		t;

		mlc_buf_init(&t, 32);
		w = confusion_label_term(&t, &lab, c, j, colw, ps->unicode);
		repeat(out, " ", sep + colw - w);
		mlc_buf_append(out, t.data, t.len);
		mlc_buf_free(&t);
	}
	end_line(out, ls);
	ls = out->len;
	repeat(out, ps->unicode ? "\u2500" : "-", lw + 1);
	mlc_buf_puts(out, ps->unicode ? "\u253c" : "+");
	repeat(out, ps->unicode ? "\u2500" : "-", shown_cols * (colw + sep));
	end_line(out, ls);
	for (i = 0; i < shown_rows; i++)
	{
		double		row = 0;

		for (j = 0; j < k; j++)
			row += mlc_confusion_cell(c, i, j);
		ls = out->len;
		w = confusion_label_term(out, &lab, c, i, MLC_PLOT_LABEL_CHARS, ps->unicode);
		repeat(out, " ", lw - w);
		mlc_buf_puts(out, ps->unicode ? " \u2502" : " |");
		for (j = 0; j < shown_cols; j++)
		{
			double		v = mlc_confusion_cell(c, i, j),
						sh = row > 0 ? v / row : NAN;
			char		cnt[64],
						shs[32];

			fmt_count(cnt, sizeof(cnt), v);
			repeat(out, " ", sep + colw - cellw);
			mlc_buf_printf(out, "%s %*s", shade(sh, ps->unicode), cw, cnt);
			if (full)
			{
				if (isnan(sh))
					snprintf(shs, sizeof(shs), "-");
				else
					fmt_share(shs, sizeof(shs), sh);
				mlc_buf_printf(out, " %6s", shs);
			}
		}
		end_line(out, ls);
	}
	mlc_buf_free(&lab);
	if (shown_rows < k || shown_cols < k)
		mlc_buf_printf(out, "(shown: %d of %d rows, %d of %d columns; mlcheck.cells() lists them all)\n",
					   (int) shown_rows, (int) k, (int) shown_cols, (int) k);
	mlc_buf_printf(out, "shade = share of the row: %s 0  %s <=25%%  %s <=50%%  %s <=75%%  %s >75%%",
				   shade(0, ps->unicode), shade(0.2, ps->unicode), shade(0.4, ps->unicode),
				   shade(0.7, ps->unicode), shade(1, ps->unicode));
	return finish(out, st, "heatmap");
}

/* ------------------------------------------------------------ SVG */

#define SVG_FONT "DejaVu Sans, Verdana, Arial, sans-serif"
#define C_AXIS "#444444"
#define C_GRID "#e5e5e5"
#define C_REF "#1f77b4"
#define C_CUR "#ff7f0e"
#define C_DIAG "#999999"

typedef struct svg_frame
{
	mlc_buf    *b;
	bool		ascii;
	double		x0,
				y0,				/* top-left of the plot area */
				w,
				h;
	double		xmin,
				xmax,
				ymin,
				ymax;
} svg_frame;

static double
fx(const svg_frame *f, double v)
{
	double		t = (v - f->xmin) / (f->xmax - f->xmin);

	if (!isfinite(t))
		t = 0;
	return f->x0 + fmin(fmax(t, 0), 1) * f->w;
}

static double
fy(const svg_frame *f, double v)
{
	double		t = (v - f->ymin) / (f->ymax - f->ymin);

	if (!isfinite(t))
		t = 0;
	return f->y0 + f->h - fmin(fmax(t, 0), 1) * f->h;
}

/* element content from data (or a fixed string): the only way text enters */
static void
xml_text(svg_frame *f, const char *s, size_t len, int max_chars)
{
	xml_text_cut(f->b, s, len, max_chars, f->ascii);
}

static void
svg_begin(svg_frame *f, mlc_buf *b, const mlc_plot_style *ps, const char *dflt_title,
		  const char *subtitle)
{
	memset(f, 0, sizeof(*f));
	f->b = b;
	f->ascii = ps->ascii;
	mlc_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
				   "viewBox=\"0 0 %d %d\" font-family=\"%s\" font-size=\"11\" role=\"img\">\n",
				   MLC_PLOT_SVG_WIDTH, MLC_PLOT_SVG_HEIGHT, MLC_PLOT_SVG_WIDTH, MLC_PLOT_SVG_HEIGHT,
				   SVG_FONT);
	mlc_buf_puts(b, "<title>");
	if (ps->title)
		xml_text(f, ps->title, ps->title_len, 0);
	else
		xml_text(f, dflt_title, strlen(dflt_title), 0);
	mlc_buf_puts(b, "</title>\n");
	mlc_buf_printf(b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
				   MLC_PLOT_SVG_WIDTH, MLC_PLOT_SVG_HEIGHT);
	mlc_buf_printf(b, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#222222\">",
				   MLC_PLOT_SVG_WIDTH / 2);
	if (ps->title)
		xml_text(f, ps->title, ps->title_len, 60);
	else
		xml_text(f, dflt_title, strlen(dflt_title), 0);
	mlc_buf_puts(b, "</text>\n");
	if (subtitle && *subtitle)
	{
		mlc_buf_printf(b, "<text x=\"%d\" y=\"33\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555555\">",
					   MLC_PLOT_SVG_WIDTH / 2);
		xml_text(f, subtitle, strlen(subtitle), 0);
		mlc_buf_puts(b, "</text>\n");
	}
}

/*
 * The frame of an SVG chart of one profile or of two (reference and
 * current): their counts are the subtitle.
 */
static void
svg_begin_profiles(svg_frame *f, mlc_buf *out, const mlc_plot_style *ps, const char *title,
				   counts_fn counts, const void *ref, const void *cur, const char *sep)
{
	mlc_buf		sub;

	mlc_buf_init(&sub, 128);
	mlc_buf_puts(&sub, cur ? "reference " : "");
	pair_counts(&sub, counts, ref, cur, sep);
	svg_begin(f, out, ps, title, mlc_buf_cstring(&sub));
	mlc_buf_free(&sub);
}

static void
svg_message(svg_frame *f, const char *msg)
{
	mlc_buf_printf(f->b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" fill=\"#777777\">",
				   MLC_PLOT_SVG_WIDTH / 2, MLC_PLOT_SVG_HEIGHT / 2);
	xml_text(f, msg, strlen(msg), 0);
	mlc_buf_puts(f->b, "</text>\n");
}

static mlc_code
svg_end(svg_frame *f, mlc_status *st)
{
	mlc_buf_puts(f->b, "</svg>\n");
	return mlc_buf_done(f->b, st, "SVG image is too large",
						"Raise mlcheck.max_value_kb or draw a smaller summary.");
}

/* up to ~max ticks at 1, 2 or 5 times a power of ten within [lo, hi] */
static int
nice_ticks(double lo, double hi, int max, double *t, double *step_out)
{
	double		raw = (hi - lo) / max,
				mag,
				step,
				v;
	int			n = 0;

	if (!(raw > 0) || !isfinite(raw))
	{
		t[0] = lo;
		*step_out = 0;
		return 1;
	}
	mag = pow(10, floor(log10(raw)));
	/* the step of 1, 2 or 5 times mag that gives about max ticks */
	step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
	for (v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < 2 * max + 2; v += step)
		t[n++] = fabs(v) < step * 1e-9 ? 0 : v;
	*step_out = step;
	return n;
}

static void
tick_label(char *dst, size_t n, double v, double step)
{
	int			dec;

	if (step == 0 || fabs(v) >= 1e6 || (v != 0 && fabs(v) < 1e-4) || step < 1e-6)
	{
		snprintf(dst, n, "%.4g", v);
		return;
	}
	dec = step >= 1 ? 0 : (int) ceil(-log10(step) - 1e-9);
	if (dec > 8)
		dec = 8;
	snprintf(dst, n, "%.*f", dec, v);
}

/* axes with ticks, grid lines and axis titles (fixed texts) */
static void
svg_axes(svg_frame *f, const char *xlabel, const char *ylabel, bool yticks_percent)
{
	double		t[64],
				step;
	int			n,
				i;
	char		lab[48];
	mlc_buf    *b = f->b;

	n = nice_ticks(f->ymin, f->ymax, 5, t, &step);
	for (i = 0; i < n; i++)
	{
		double		y = fy(f, t[i]);

		mlc_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
					   f->x0, y, f->x0 + f->w, y, C_GRID);
		if (yticks_percent)
			snprintf(lab, sizeof(lab), "%.0f%%", t[i] * 100);
		else
			tick_label(lab, sizeof(lab), t[i], step);
		mlc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>\n",
					   f->x0 - 5, y + 4, C_AXIS, lab);
	}
	n = nice_ticks(f->xmin, f->xmax, 5, t, &step);
	for (i = 0; i < n; i++)
	{
		double		x = fx(f, t[i]);

		mlc_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
					   x, f->y0 + f->h, x, f->y0 + f->h + 4, C_AXIS);
		tick_label(lab, sizeof(lab), t[i], step);
		mlc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n",
					   x, f->y0 + f->h + 16, C_AXIS, lab);
	}
	mlc_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\"/>\n",
				   f->x0, f->y0, f->w, f->h, C_AXIS);
	mlc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222222\">",
				   f->x0 + f->w / 2, f->y0 + f->h + 32);
	xml_text(f, xlabel, strlen(xlabel), 0);
	mlc_buf_printf(b, "</text>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222222\" "
				   "transform=\"rotate(-90 %.1f %.1f)\">",
				   f->x0 - 40, f->y0 + f->h / 2, f->x0 - 40, f->y0 + f->h / 2);
	xml_text(f, ylabel, strlen(ylabel), 0);
	mlc_buf_puts(b, "</text>\n");
}

static void
svg_legend(svg_frame *f, int row, const char *color, const char *dash, double opacity,
		   const char *label)
{
	double		x = f->x0 + f->w - 150,
				y = f->y0 + 10 + 16 * row;

	mlc_buf_printf(f->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"%s\" fill-opacity=\"%.2f\"%s%s%s/>\n",
				   x, y, color, opacity, dash ? " stroke=\"#555555\" stroke-dasharray=\"" : "",
				   dash ? dash : "", dash ? "\"" : "");
	mlc_buf_printf(f->b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#222222\">", x + 20, y + 9);
	xml_text(f, label, strlen(label), 0);
	mlc_buf_puts(f->b, "</text>\n");
}

/* polyline of data points, dropping points closer than 0.5 px to the last kept */
static void
svg_polyline(svg_frame *f, const double *x, const double *y, size_t n, const char *color)
{
	double		lx = -1e9,
				ly = -1e9;
	size_t		i;

	mlc_buf_printf(f->b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"",
				   color);
	for (i = 0; i < n; i++)
	{
		double		px,
					py;

		if (!isfinite(x[i]) || !isfinite(y[i]))
			continue;
		px = fx(f, x[i]);
		py = fy(f, y[i]);
		if (i + 1 < n && fabs(px - lx) < 0.5 && fabs(py - ly) < 0.5)
			continue;
		mlc_buf_printf(f->b, "%.1f,%.1f ", px, py);
		lx = px;
		ly = py;
		if ((i & 0xfff) == 0)
			mlc_check_interrupts();
	}
	if (f->b->len > 0 && f->b->data[f->b->len - 1] == ' ')
		f->b->len--;
	mlc_buf_puts(f->b, "\"/>\n");
}

static void
plot_area(svg_frame *f, double xmin, double xmax, double ymin, double ymax)
{
	f->x0 = 70;
	f->y0 = 45;
	f->w = MLC_PLOT_SVG_WIDTH - 70 - 20;
	f->h = MLC_PLOT_SVG_HEIGHT - 45 - 50;
	f->xmin = xmin;
	f->xmax = xmax;
	f->ymin = ymin;
	f->ymax = ymax;
}

mlc_code
mlc_plot_scores_svg(mlc_scores *s, mlc_curve curve, const mlc_plot_style *ps,
					mlc_buf *out, mlc_status *st)
{
	curve_pts	cp;
	svg_frame	f;
	mlc_buf		sub;
	const char *why;
	mlc_code	rc;

	if (curve_points(s, curve, &cp, st) != MLC_OK)
		return st->code;
	mlc_buf_init(&sub, 128);
	curve_header(&sub, s, curve, &cp, ", ");
	svg_begin(&f, out, ps, curve == MLC_CURVE_ROC ? "ROC curve" : "Precision-recall curve",
			  mlc_buf_cstring(&sub));
	mlc_buf_free(&sub);
	why = curve_undefined(&cp, curve);
	if (why)
	{
		char		msg[96];

		snprintf(msg, sizeof(msg), "curve undefined: %s", why);
		svg_message(&f, msg);
		curve_free(&cp);
		return svg_end(&f, st);
	}
	plot_area(&f, 0, 1, 0, 1);
	/* square plot area: curves read best with equal axes */
	f.x0 += (f.w - f.h) / 2;
	f.w = f.h;
	if (curve == MLC_CURVE_ROC)
		svg_axes(&f, "False positive rate", "True positive rate", false);
	else
		svg_axes(&f, "Recall", "Precision", false);
	if (curve == MLC_CURVE_ROC)
		mlc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 4\"/>\n",
					   fx(&f, 0), fy(&f, 0), fx(&f, 1), fy(&f, 1), C_DIAG);
	else
	{
		double		base = cp.P / (cp.P + cp.N);

		mlc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 4\"/>\n",
					   fx(&f, 0), fy(&f, base), fx(&f, 1), fy(&f, base), C_DIAG);
	}
	svg_polyline(&f, cp.x, cp.y, cp.n, C_REF);
	curve_free(&cp);
	rc = svg_end(&f, st);
	return rc;
}

mlc_code
mlc_plot_calibration_svg(const mlc_calibration *c, const mlc_plot_style *ps, mlc_buf *out,
						 mlc_status *st)
{
	svg_frame	f;
	mlc_buf		sub;
	double		total = mlc_calibration_total(c),
				v,
				maxc = 0;
	double	   *x,
			   *y;
	int32_t		i,
				n = 0;
	char		tmp[64];

	mlc_buf_init(&sub, 128);
	fmt_count(tmp, sizeof(tmp), total);
	mlc_buf_printf(&sub, "%d bins, n = %s", (int) c->n_bins, tmp);
	if (mlc_calibration_ece(c, &v))
		mlc_buf_printf(&sub, ", ECE = %.4f", v);
	if (mlc_calibration_brier(c, &v))
		mlc_buf_printf(&sub, ", Brier = %.4f", v);
	svg_begin(&f, out, ps, "Reliability diagram", mlc_buf_cstring(&sub));
	mlc_buf_free(&sub);
	if (!(total > 0))
	{
		svg_message(&f, "no rows");
		return svg_end(&f, st);
	}
	x = mlc_alloc(sizeof(double) * (c->n_bins + 1));
	y = mlc_alloc(sizeof(double) * (c->n_bins + 1));
	if (!x || !y)
	{
		mlc_free(x);
		mlc_free(y);
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	}
	plot_area(&f, 0, 1, 0, 1);
	f.x0 += (f.w - f.h) / 2;
	f.w = f.h;
	svg_axes(&f, "Mean predicted probability", "Fraction of positives", false);
	/* bin counts as a light histogram along the bottom (a fifth of the height) */
	for (i = 0; i < c->n_bins; i++)
		maxc = fmax(maxc, c->count[i]);
	for (i = 0; i < c->n_bins; i++)
	{
		double		x0 = fx(&f, mlc_calibration_edge(c, i)),
					x1 = fx(&f, mlc_calibration_edge(c, i + 1)),
					hgt = maxc > 0 ? c->count[i] / maxc * f.h / 5 : 0;

		if (c->count[i] > 0)
			mlc_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#cccccc\"/>\n",
						   x0, f.y0 + f.h - hgt, fmax(x1 - x0, 0.5), hgt);
		if (c->count[i] > 0)
		{
			x[n] = c->sum_pred[i] / c->count[i];
			y[n++] = c->sum_pos[i] / c->count[i];
		}
	}
	mlc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 4\"/>\n",
				   fx(&f, 0), fy(&f, 0), fx(&f, 1), fy(&f, 1), C_DIAG);
	svg_polyline(&f, x, y, n, C_REF);
	if (n <= 200)
		for (i = 0; i < n; i++)
			mlc_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
						   fx(&f, x[i]), fy(&f, y[i]), C_REF);
	mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555555\">grey bars: rows per bin</text>\n",
				   f.x0 + 6, f.y0 + 14);
	mlc_free(x);
	mlc_free(y);
	return svg_end(&f, st);
}

/* fill colour of a heatmap cell with row share v in [0, 1] (white to blue) */
static void
heat_color(char *dst, size_t n, double v, bool *dark)
{
	double		t = isnan(v) ? 0 : fmin(fmax(v, 0), 1);
	int			r = (int) floor(247 + (8 - 247) * t + 0.5),
				g = (int) floor(251 + (48 - 251) * t + 0.5),
				b = (int) floor(255 + (107 - 255) * t + 0.5);

	snprintf(dst, n, "#%02x%02x%02x", r, g, b);
	*dark = t > 0.5;
}

mlc_code
mlc_plot_confusion_svg(const mlc_confusion *c, const mlc_plot_style *ps, mlc_buf *out,
					   mlc_status *st)
{
	svg_frame	f;
	mlc_buf		sub,
				lab;
	int32_t		k = c->k,
				m,
				i,
				j;
	double		total = mlc_confusion_total(c),
				acc,
				left = 110,
				top = 60,
				side,
				cell,
				fs;
	char		tmp[64];

	mlc_buf_init(&sub, 128);
	fmt_count(tmp, sizeof(tmp), total);
	mlc_buf_printf(&sub, "n = %s, %d class%s", tmp, (int) k, k == 1 ? "" : "es");
	if (mlc_confusion_accuracy(c, &acc))
		mlc_buf_printf(&sub, ", accuracy = %.4f", acc);
	m = k > MLC_PLOT_MAX_HEATMAP_CLASSES ? MLC_PLOT_MAX_HEATMAP_CLASSES : k;
	if (m < k)
		mlc_buf_printf(&sub, " (first %d shown)", (int) m);
	svg_begin(&f, out, ps, "Confusion matrix", mlc_buf_cstring(&sub));
	mlc_buf_free(&sub);
	if (k == 0)
	{
		svg_message(&f, "no rows");
		return svg_end(&f, st);
	}
	side = fmin(MLC_PLOT_SVG_WIDTH - left - 20, MLC_PLOT_SVG_HEIGHT - top - 45);
	left = (MLC_PLOT_SVG_WIDTH - side) / 2 + 30;
	cell = side / m;
	fs = fmin(11, cell / 3.2);
	mlc_buf_init(&lab, 64);
	for (i = 0; i < m; i++)
	{
		double		row = 0;

		for (j = 0; j < k; j++)
			row += mlc_confusion_cell(c, i, j);
		for (j = 0; j < m; j++)
		{
			double		v = mlc_confusion_cell(c, i, j),
						sh = row > 0 ? v / row : NAN,
						x = left + j * cell,
						y = top + i * cell;
			char		col[16];
			bool		dark;

			heat_color(col, sizeof(col), sh, &dark);
			mlc_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" stroke=\"#ffffff\"/>\n",
						   x, y, cell, cell, col);
			if (cell >= 18)
			{
				fmt_count(tmp, sizeof(tmp), v);
				mlc_buf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"%.1f\" fill=\"%s\">%s</text>\n",
							   x + cell / 2, y + cell / 2 + (cell >= 34 ? -1 : fs / 3), fs,
							   dark ? "#ffffff" : "#222222", tmp);
				if (cell >= 34 && !isnan(sh))
				{
					fmt_share(tmp, sizeof(tmp), sh);
					mlc_buf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"%.1f\" fill=\"%s\">%s</text>\n",
								   x + cell / 2, y + cell / 2 + fs, fs * 0.85,
								   dark ? "#ffffff" : "#555555", tmp);
				}
			}
		}
	}
	/* class labels, cut to fit; every one goes through the escaper */
	if (cell >= 8)
	{
		int			maxc = (int) fmax(3, fmin(MLC_PLOT_LABEL_CHARS, (left - 45) / 6.5));
		double		lfs = fmin(11, cell * 0.8);

		for (i = 0; i < m; i++)
		{
			lab.len = 0;
			mlc_confusion_label_str(c, i, &lab);
			mlc_buf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\" font-size=\"%.1f\" fill=\"%s\">",
						   left - 4, top + i * cell + cell / 2 + lfs / 3, lfs, C_AXIS);
			xml_text(&f, lab.data, lab.len, maxc);
			mlc_buf_puts(out, "</text>\n");
			mlc_buf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"%.1f\" fill=\"%s\">",
						   left + i * cell + cell / 2, top - 4, lfs, C_AXIS);
			xml_text(&f, lab.data, lab.len, (int) fmax(2, fmin(MLC_PLOT_LABEL_CHARS, cell / 6.5)));
			mlc_buf_puts(out, "</text>\n");
		}
	}
	mlc_buf_free(&lab);
	mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222222\">Predicted class</text>\n",
				   left + side / 2, top + side + 18);
	mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222222\" transform=\"rotate(-90 %.1f %.1f)\">Actual class</text>\n",
				   left - 100, top + side / 2, left - 100, top + side / 2);
	mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\" fill=\"#555555\">colour: share of the actual row</text>\n",
				   left + side / 2, top + side + 32);
	return svg_end(&f, st);
}

mlc_code
mlc_plot_numprof_svg(mlc_numprof *ref, mlc_numprof *cur, const mlc_plot_style *ps,
					 mlc_buf *out, mlc_status *st)
{
	svg_frame	f;
	int			bins = MLC_PLOT_HIST_BINS,
				i,
				k;
	double		lo,
				hi,
				cr[MLC_PLOT_HIST_BINS],
				cc[MLC_PLOT_HIST_BINS],
				top = 0;
	bool		two = cur != NULL;

	svg_begin_profiles(&f, out, ps, two ? "Reference and current distribution" : "Histogram",
					   numprof_counts, ref, cur, ", current ");
	if (!profiles_range(ref, cur, &lo, &hi))
	{
		svg_message(&f, "no finite values");
		return svg_end(&f, st);
	}
	if (mlc_plot_histogram(ref, lo, hi, bins, cr, st) != MLC_OK ||
		(two && mlc_plot_histogram(cur, lo, hi, bins, cc, st) != MLC_OK))
		return st->code;
	for (i = 0; i < bins; i++)
	{
		if (two)
		{
			cr[i] = ref->n > 0 ? cr[i] / ref->n : 0;
			cc[i] = cur->n > 0 ? cc[i] / cur->n : 0;
			top = fmax(top, fmax(cr[i], cc[i]));
		}
		else
			top = fmax(top, cr[i]);
	}
	plot_area(&f, lo, hi, 0, top > 0 ? top * 1.05 : 1);
	svg_axes(&f, "Value", two ? "Share of values" : "Count", two);
	for (k = 0; k < (two ? 2 : 1); k++)
	{
		const double *v = k == 0 ? cr : cc;

		for (i = 0; i < bins; i++)
		{
			double		x0 = fx(&f, mlc_plot_hist_edge(lo, hi, bins, i)),
						x1 = fx(&f, mlc_plot_hist_edge(lo, hi, bins, i + 1)),
						y = fy(&f, v[i]);

			if (!(v[i] > 0))
				continue;
			mlc_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" fill-opacity=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>\n",
						   x0, y, fmax(x1 - x0, 0.5), f.y0 + f.h - y,
						   k == 0 ? C_REF : C_CUR, two ? "0.5" : "0.85");
		}
	}
	if (two)
	{
		svg_legend(&f, 0, C_REF, NULL, 0.5, "reference");
		svg_legend(&f, 1, C_CUR, NULL, 0.5, "current");
	}
	return svg_end(&f, st);
}

mlc_code
mlc_plot_catprof_svg(const mlc_catprof *ref, const mlc_catprof *cur, const mlc_plot_style *ps,
					 mlc_buf *out, mlc_status *st)
{
	svg_frame	f;
	int32_t		n,
				rest,
				i;
	double		oa,
				ob,
				top = 0,
				rowh;
	cat_row    *r;
	bool		two = cur != NULL,
				other;
	int			rows,
				maxrows = 15;

	svg_begin_profiles(&f, out, ps, two ? "Reference and current categories" : "Categories",
					   catprof_counts, ref, cur, "; current ");
	if (ref->n == 0 && (!two || cur->n == 0))
	{
		svg_message(&f, "no values");
		return svg_end(&f, st);
	}
	r = cat_rows(ref, cur, maxrows, &n, &rest, &oa, &ob);
	if (r == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory", NULL, NULL);
	other = rest > 0 || oa > 0 || ob > 0;
	rows = n + (other ? 1 : 0);
	for (i = 0; i < n; i++)
		top = fmax(top, fmax(r[i].a, r[i].b));
	top = fmax(top, fmax(oa, ob));
	/* horizontal bars: the value axis is x, categories go down the left */
	plot_area(&f, 0, top > 0 ? top * 1.08 : 1, 0, 1);
	f.x0 = 130;
	f.w = MLC_PLOT_SVG_WIDTH - 130 - 20;
	{
		double		t[64],
					step;
		int			nt = nice_ticks(f.xmin, f.xmax, 5, t, &step),
					j;
		char		lab[48];

		for (j = 0; j < nt; j++)
		{
			double		x = fx(&f, t[j]);

			mlc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
						   x, f.y0, x, f.y0 + f.h, C_GRID);
			if (two)
				snprintf(lab, sizeof(lab), "%.0f%%", t[j] * 100);
			else
				tick_label(lab, sizeof(lab), t[j], step);
			mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n",
						   x, f.y0 + f.h + 16, C_AXIS, lab);
		}
		mlc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
					   f.x0, f.y0, f.x0, f.y0 + f.h, C_AXIS);
		mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222222\">%s</text>\n",
					   f.x0 + f.w / 2, f.y0 + f.h + 32, two ? "Share of values" : "Count");
	}
	rowh = f.h / (rows > 0 ? rows : 1);
	for (i = 0; i < rows; i++)
	{
		double		a = i < n ? r[i].a : oa,
					b = i < n ? r[i].b : ob,
					y = f.y0 + i * rowh,
					bh = two ? rowh * 0.38 : rowh * 0.7;
		char		lab[48];

		mlc_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" fill-opacity=\"0.85\"/>\n",
					   f.x0, y + rowh * 0.12, fx(&f, a) - f.x0, bh, C_REF);
		if (two)
			mlc_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" fill-opacity=\"0.85\"/>\n",
						   f.x0, y + rowh * 0.12 + bh, fx(&f, b) - f.x0, bh, C_CUR);
		mlc_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">",
					   f.x0 - 5, y + rowh / 2 + 4, C_AXIS);
		if (i < n)
			xml_text(&f, r[i].lab, r[i].len, MLC_PLOT_LABEL_CHARS + 2);
		else
		{
			snprintf(lab, sizeof(lab), "(%d other%s)", (int) rest, rest == 1 ? "" : "s");
			xml_text(&f, lab, strlen(lab), 0);
		}
		mlc_buf_puts(out, "</text>\n");
	}
	mlc_free(r);
	if (two)
	{
		svg_legend(&f, 0, C_REF, NULL, 0.85, "reference");
		svg_legend(&f, 1, C_CUR, NULL, 0.85, "current");
	}
	return svg_end(&f, st);
}
