/*
 * fuzz_escape.c — libFuzzer harness for the escapers of mlc_plot (the only
 * way data-derived text enters an SVG, the HTML report or a text chart).
 * Oracle, for any input bytes:
 *   - XML/HTML form: well-formed UTF-8; no raw < > " '; every & starts one
 *     of the references the escaper writes; no character XML 1.0 forbids;
 *     in ASCII mode only bytes below 0x80;
 *   - text-chart form: well-formed UTF-8 (or backslash escapes) with no C0
 *     or C1 control character and no DEL, and the reported width never
 *     passes the limit.
 * The input's first byte picks the width limit of the text form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mlc_plot.h"

static size_t
utf8_len(const unsigned char *s, size_t left)
{
	unsigned	c = s[0];
	size_t		n,
				i;

	if (c < 0x80)
		return 1;
	n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (n == 0 || n > left)
		abort();
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			abort();
	return n;
}

static void
check_xml(const mlc_buf *b, int ascii)
{
	const unsigned char *s = (const unsigned char *) b->data;
	size_t		i = 0;

	while (i < b->len)
	{
		unsigned	c = s[i];

		if (c == '<' || c == '>' || c == '"' || c == '\'' || (c < 0x20))
			abort();
		if (ascii && c >= 0x80)
			abort();
		if (c == '&')
		{
			const char *r = (const char *) s + i;
			size_t		k = 1;

			if (strncmp(r, "&amp;", 5) && strncmp(r, "&lt;", 4) && strncmp(r, "&gt;", 4) &&
				strncmp(r, "&quot;", 6) && strncmp(r, "&#", 2))
				abort();
			while (i + k < b->len && s[i + k] != ';')
			{
				if (k > 10)
					abort();
				k++;
			}
			if (i + k >= b->len)
				abort();
			i += k + 1;
			continue;
		}
		if (c == 0xEF && i + 2 < b->len && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF))
			abort();
		if (c == 0xED && i + 1 < b->len && s[i + 1] >= 0xA0)
			abort();			/* surrogate */
		i += utf8_len(s + i, b->len - i);
	}
}

static void
check_term(const mlc_buf *b, int width, int max)
{
	const unsigned char *s = (const unsigned char *) b->data;
	size_t		i = 0;

	if (max > 0 && width > max)
		abort();
	while (i < b->len)
	{
		unsigned	c = s[i];

		if (c < 0x20 || c == 0x7F || (c == 0xC2 && i + 1 < b->len && s[i + 1] < 0xA0))
			abort();
		i += utf8_len(s + i, b->len - i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mlc_buf		b;
	int			max = size > 0 ? data[0] % 24 : 0,
				w;

	mlc_buf_init(&b, 64);
	mlc_plot_xml_escape(&b, (const char *) data, size, false);
	if (b.failed)
		abort();
	check_xml(&b, 0);
	b.len = 0;
	mlc_plot_xml_escape(&b, (const char *) data, size, true);
	check_xml(&b, 1);
	b.len = 0;
	w = mlc_plot_term_escape(&b, (const char *) data, size, max, true);
	check_term(&b, w, max);
	b.len = 0;
	w = mlc_plot_term_escape(&b, (const char *) data, size, max, false);
	check_term(&b, w, max);
	mlc_buf_free(&b);
	return 0;
}
