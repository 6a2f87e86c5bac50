/* test_plot.c — the escapers, the histogram rule and the charts of mlc_plot. */
#include "unit.h"
#include "mlc_plot.h"

#include <stdlib.h>

static const char *
xml(const char *s, size_t len, bool ascii, mlc_buf *b)
{
	b->len = 0;
	mlc_plot_xml_escape(b, s, len, ascii);
	return mlc_buf_cstring(b);
}

static const char *
term(const char *s, size_t len, int max, mlc_buf *b, int *w)
{
	b->len = 0;
	*w = mlc_plot_term_escape(b, s, len, max, true);
	return mlc_buf_cstring(b);
}

/* well-formed UTF-8 without any character XML 1.0 forbids */
static bool
xml_clean(const char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x20 && c != '\n')
			return false;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c == 0xEF && i + 2 < len && (unsigned char) s[i + 1] == 0xBF &&
			((unsigned char) s[i + 2] == 0xBE || (unsigned char) s[i + 2] == 0xBF))
			return false;
		if (c >= 0xC2 && c <= 0xDF)
			i += 2;
		else if (c >= 0xE0 && c <= 0xEF)
			i += 3;
		else if (c >= 0xF0 && c <= 0xF4)
			i += 4;
		else
			return false;
	}
	return i == len;
}

UNIT_TEST(plot_xml_escape_markup)
{
	mlc_buf		b;

	mlc_buf_init(&b, 16);
	CHECK_STR(xml("<b>&\"x\"'", 8, false, &b), "&lt;b&gt;&amp;&quot;x&quot;&#39;");
	CHECK_STR(xml("</text><script>", 15, false, &b), "&lt;/text&gt;&lt;script&gt;");
	CHECK_STR(xml("a\tb\nc\rd", 7, false, &b), "a&#9;b&#10;c&#13;d");
	mlc_buf_free(&b);
}

UNIT_TEST(plot_xml_escape_forbidden_characters)
{
	mlc_buf		b;

	mlc_buf_init(&b, 16);
	/* C0 controls, U+FFFE, U+FFFF, a lone surrogate, a stray byte -> U+FFFD */
	CHECK_STR(xml("\x1b[1m\x01", 5, false, &b), "\xef\xbf\xbd[1m\xef\xbf\xbd");
	CHECK_STR(xml("\xef\xbf\xbe\xef\xbf\xbf", 6, false, &b), "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(xml("\xed\xa0\x80", 3, false, &b), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(xml("x\xff", 2, false, &b), "x\xef\xbf\xbd");
	CHECK_STR(xml("\xc0\xaf", 2, false, &b), "\xef\xbf\xbd\xef\xbf\xbd");	/* overlong '/' */
	CHECK_STR(xml("\0z", 2, false, &b), "\xef\xbf\xbdz");
	/* allowed characters pass unchanged; ASCII mode writes references */
	CHECK_STR(xml("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, false, &b), "caf\xc3\xa9 \xf0\x9f\x98\x80");
	CHECK_STR(xml("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, true, &b), "caf&#xE9; &#x1F600;");
	CHECK_STR(xml("\x01", 1, true, &b), "&#xFFFD;");
	mlc_buf_free(&b);
}

UNIT_TEST(plot_term_escape)
{
	mlc_buf		b;
	int			w;

	mlc_buf_init(&b, 16);
	CHECK_STR(term("\x1b[31mred", 8, 0, &b, &w), "\\x1b[31mred");
	CHECK(w == 11);
	CHECK_STR(term("nel\xc2\x85", 5, 0, &b, &w), "nel\\x85");	/* C1 */
	CHECK_STR(term("del\x7f", 4, 0, &b, &w), "del\\x7f");
	CHECK_STR(term("bad\xff", 4, 0, &b, &w), "bad\\xff");
	CHECK_STR(term("a\\b", 3, 0, &b, &w), "a\\\\b");
	CHECK_STR(term("caf\xc3\xa9", 5, 0, &b, &w), "caf\xc3\xa9");
	CHECK(w == 4);
	/* cut to 6 characters: 5 and an ellipsis, never half an escape */
	CHECK_STR(term("abcdefgh", 8, 6, &b, &w), "abcde\xe2\x80\xa6");
	CHECK(w == 6);
	CHECK_STR(term("abcd\x1b" "efgh", 9, 6, &b, &w), "abcd\xe2\x80\xa6");
	CHECK(w == 5);
	CHECK_STR(term("abcdef", 6, 6, &b, &w), "abcdef");
	b.len = 0;
	CHECK(mlc_plot_term_escape(&b, "abcdefgh", 8, 4, false) == 4);
	CHECK_STR(mlc_buf_cstring(&b), "abc~");
	mlc_buf_free(&b);
}

static mlc_numprof *
numprof_of(const double *v, int n)
{
	mlc_numprof *p = mlc_numprof_new();
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < n; i++)
		mlc_numprof_add(p, v[i], &st);
	return p;
}

UNIT_TEST(plot_histogram_matches_numpy)
{
	/* np.histogram([0, .1, .2, .3], 3) = [1, 1, 2]: edges from linspace */
	double		a[] = {0, 0.1, 0.2, 0.3},
				c[20];
	double		b[10],
				d[] = {1e-300, 1.0, 3.0, 3.0000000000000004};
	int			want[] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
				i;
	mlc_numprof *p = numprof_of(a, 4);
	mlc_status	st;

	mlc_status_init(&st);
	CHECK(mlc_plot_histogram(p, 0, 0.3, 3, c, &st) == MLC_OK);
	CHECK(c[0] == 1 && c[1] == 1 && c[2] == 2);
	mlc_numprof_free(p);
	for (i = 0; i < 10; i++)
		b[i] = i;
	p = numprof_of(b, 10);
	CHECK(mlc_plot_histogram(p, 0, 9, 20, c, &st) == MLC_OK);
	for (i = 0; i < 20; i++)
		CHECK(c[i] == want[i]);
	mlc_numprof_free(p);
	p = numprof_of(d, 4);
	CHECK(mlc_plot_histogram(p, 1e-300, 3.0000000000000004, 7, c, &st) == MLC_OK);
	CHECK(c[0] == 1 && c[2] == 1 && c[6] == 2 && c[1] == 0);
	mlc_numprof_free(p);
	/* a range that overflows a double is still binned */
	{
		double		e[] = {-1.7e308, 0, 1.7e308};

		p = numprof_of(e, 3);
		CHECK(mlc_plot_histogram(p, -1.7e308, 1.7e308, 4, c, &st) == MLC_OK);
		CHECK(c[0] == 1 && c[2] == 1 && c[3] == 1);
		mlc_numprof_free(p);
	}
}

static mlc_confusion *
hostile_confusion(void)
{
	static const char *const lab[] = {"<b>&\"x\"", "</text><script>", "esc\x1b[31m", "\xef\xbf\xbe",
	"ok", "bad\xff", "nel\xc2\x85"};
	mlc_confusion *c = mlc_confusion_new(MLC_LABEL_TEXT);
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 7; i++)
	{
		int32_t		a = mlc_confusion_label_text(c, lab[i], strlen(lab[i]), &st),
					p = mlc_confusion_label_text(c, lab[(i + 1) % 7], strlen(lab[(i + 1) % 7]), &st);

		mlc_confusion_add(c, a, p, 1 + i);
		mlc_confusion_add(c, a, a, 2);
	}
	mlc_confusion_sort(c, &st);
	return c;
}

UNIT_TEST(plot_confusion_hostile_labels)
{
	mlc_confusion *c = hostile_confusion();
	mlc_plot_style ps = {.unicode = true};
	mlc_buf		b;
	mlc_status	st;
	size_t		i;
	bool		ctl = false;

	mlc_status_init(&st);
	mlc_buf_init(&b, 256);
	CHECK(mlc_plot_confusion_text(c, &ps, &b, &st) == MLC_OK);
	for (i = 0; i < b.len; i++)
		if (((unsigned char) b.data[i] < 0x20 && b.data[i] != '\n') || b.data[i] == 0x7f ||
			((unsigned char) b.data[i] == 0xc2 && i + 1 < b.len && (unsigned char) b.data[i + 1] < 0xa0))
			ctl = true;
	CHECK(!ctl);
	CHECK(strstr(mlc_buf_cstring(&b), "esc\\x1b[31m") != NULL);
	CHECK(strstr(b.data, "nel\\x85") != NULL);
	CHECK(strstr(b.data, "bad\\xff") != NULL);
	b.len = 0;
	ps.title = "</title><script>alert(1)</script>";
	ps.title_len = strlen(ps.title);
	CHECK(mlc_plot_confusion_svg(c, &ps, &b, &st) == MLC_OK);
	mlc_buf_cstring(&b);
	CHECK(strstr(b.data, "<script") == NULL);
	CHECK(strstr(b.data, "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>") != NULL);
	CHECK(strstr(b.data, "&lt;b&gt;&amp;&quot;x&quot;") != NULL);
	CHECK(xml_clean(b.data, b.len));
	{
		const char *head = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"";

		CHECK(strncmp(b.data, head, strlen(head)) == 0);
	}
	CHECK(strcmp(b.data + b.len - 7, "</svg>\n") == 0);
	mlc_buf_free(&b);
	mlc_confusion_free(c);
}

UNIT_TEST(plot_scores_curves)
{
	mlc_scores *s = mlc_scores_new(100, false);
	mlc_plot_style ps = {.unicode = false};
	mlc_buf		b;
	mlc_status	st;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 1000; i++)
		mlc_scores_add(s, (i * 37 % 1000) / 1000.0, (i * 7919) % 1000 < (i * 37 % 1000), 1, &st);
	CHECK(mlc_scores_flush(s, &st) == MLC_OK);
	CHECK(!mlc_scores_is_exact(s));	/* 1000 distinct scores in 100 bins */
	mlc_buf_init(&b, 1024);
	CHECK(mlc_plot_scores_text(s, MLC_CURVE_ROC, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "binned:") != NULL);
	CHECK(strstr(b.data, "false positive rate") != NULL);
	b.len = 0;
	CHECK(mlc_plot_scores_text(s, MLC_CURVE_PR, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "AP = ") != NULL);
	b.len = 0;
	CHECK(mlc_plot_scores_svg(s, MLC_CURVE_ROC, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "<polyline") != NULL);
	CHECK(xml_clean(b.data, b.len));
	mlc_buf_free(&b);
	mlc_scores_free(s);
	/* an empty summary says so instead of drawing */
	s = mlc_scores_new(100, false);
	mlc_buf_init(&b, 64);
	CHECK(mlc_plot_scores_text(s, MLC_CURVE_ROC, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "undefined: no rows") != NULL);
	b.len = 0;
	CHECK(mlc_plot_scores_svg(s, MLC_CURVE_PR, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "curve undefined") != NULL);
	mlc_buf_free(&b);
	mlc_scores_free(s);
}

UNIT_TEST(plot_too_large_is_a_limit_error)
{
	mlc_confusion *c = hostile_confusion();
	mlc_plot_style ps = {.unicode = true};
	mlc_buf		b;
	mlc_status	st;
	size_t		saved = mlc_max_value_bytes;

	mlc_status_init(&st);
	mlc_max_value_bytes = 300;
	mlc_buf_init(&b, 16);
	CHECK(mlc_plot_confusion_svg(c, &ps, &b, &st) == MLC_ELIMIT);
	mlc_max_value_bytes = saved;
	mlc_buf_free(&b);
	mlc_confusion_free(c);
}

UNIT_TEST(plot_profiles)
{
	mlc_catprof *a = mlc_catprof_new(),
			   *z = mlc_catprof_new();
	double		v[] = {1, 2, 2, 3, 3, 3, NAN, INFINITY};
	mlc_numprof *p = numprof_of(v, 8);
	mlc_plot_style ps = {.unicode = true};
	mlc_buf		b;
	mlc_status	st;
	int			i;
	char		lab[32];

	mlc_status_init(&st);
	for (i = 0; i < 40; i++)
	{
		snprintf(lab, sizeof(lab), i % 2 ? "c%d" : "<c%d>", i % 25);
		mlc_catprof_add(a, lab, strlen(lab), 1 + i % 3, &st);
		mlc_catprof_add(z, lab, strlen(lab), 2, &st);
	}
	mlc_catprof_finish(a, &st);
	mlc_catprof_finish(z, &st);
	mlc_buf_init(&b, 1024);
	CHECK(mlc_plot_catprof_text(a, z, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "others)") != NULL);
	b.len = 0;
	CHECK(mlc_plot_catprof_svg(a, z, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "&lt;c") != NULL && strstr(b.data, "<c") == NULL);
	b.len = 0;
	CHECK(mlc_plot_numprof_text(p, NULL, &ps, &b, &st) == MLC_OK);
	CHECK(strstr(mlc_buf_cstring(&b), "n = 6 (1 NaN, 1 +Infinity)") != NULL);
	b.len = 0;
	CHECK(mlc_plot_numprof_svg(p, p, &ps, &b, &st) == MLC_OK);
	CHECK(xml_clean(b.data, b.len));
	mlc_buf_free(&b);
	mlc_numprof_free(p);
	mlc_catprof_free(a);
	mlc_catprof_free(z);
}
