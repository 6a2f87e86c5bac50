/*
 * mlc_json.c — strict recursive-descent JSON reader (see mlc_json.h).
 */
#include "mlc_json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser
{
	const char *s;
	size_t		len;
	size_t		pos;
	mlc_status *st;
} parser;

static mlc_json *parse_value(parser *p, int depth);

static mlc_json *
syntax(parser *p, const char *what)
{
	mlc_failf(p->st, MLC_ESYNTAX, NULL, "invalid JSON: %s", what);
	mlc_set_detail(p->st, "at byte %zu", p->pos);
	return NULL;
}

static void
skip_ws(parser *p)
{
	while (p->pos < p->len)
	{
		char		c = p->s[p->pos];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			p->pos++;
		else
			break;
	}
}

static mlc_json *
new_node(parser *p, mlc_json_type t)
{
	mlc_json   *j = mlc_alloc0(sizeof(mlc_json));

	if (j == NULL)
	{
		mlc_fail(p->st, MLC_ENOMEM, "out of memory while parsing JSON", NULL, NULL);
		return NULL;
	}
	j->type = t;
	return j;
}

void
mlc_json_free(mlc_json *j)
{
	size_t		i;

	if (j == NULL)
		return;
	if (j->type == MLC_JSON_ARRAY || j->type == MLC_JSON_OBJECT)
	{
		for (i = 0; i < j->len; i++)
		{
			mlc_json_free(j->items[i]);
			if (j->keys)
				mlc_free(j->keys[i]);
		}
		mlc_free(j->items);
		mlc_free(j->keys);
	}
	mlc_free(j->str);
	mlc_free(j);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
read_hex4(parser *p, unsigned *out)
{
	unsigned	v = 0;
	int			i;

	if (p->len - p->pos < 4)
		return false;
	for (i = 0; i < 4; i++)
	{
		int			h = hexval(p->s[p->pos + i]);

		if (h < 0)
			return false;
		v = (v << 4) | (unsigned) h;
	}
	p->pos += 4;
	*out = v;
	return true;
}

static void
put_utf8(mlc_buf *b, unsigned cp)
{
	if (cp < 0x80)
		mlc_buf_putc(b, (char) cp);
	else if (cp < 0x800)
	{
		mlc_buf_putc(b, (char) (0xC0 | (cp >> 6)));
		mlc_buf_putc(b, (char) (0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		mlc_buf_putc(b, (char) (0xE0 | (cp >> 12)));
		mlc_buf_putc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
		mlc_buf_putc(b, (char) (0x80 | (cp & 0x3F)));
	}
	else
	{
		mlc_buf_putc(b, (char) (0xF0 | (cp >> 18)));
		mlc_buf_putc(b, (char) (0x80 | ((cp >> 12) & 0x3F)));
		mlc_buf_putc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
		mlc_buf_putc(b, (char) (0x80 | (cp & 0x3F)));
	}
}

/* p->pos is just after the opening quote */
static char *
parse_string_raw(parser *p, size_t *outlen)
{
	mlc_buf		b;

	mlc_buf_init(&b, 32);
	for (;;)
	{
		unsigned char c;

		if (p->pos >= p->len)
		{
			mlc_buf_free(&b);
			syntax(p, "unterminated string");
			return NULL;
		}
		c = (unsigned char) p->s[p->pos++];
		if (c == '"')
			break;
		if (c < 0x20)
		{
			mlc_buf_free(&b);
			syntax(p, "control character in string");
			return NULL;
		}
		if (c != '\\')
		{
			mlc_buf_putc(&b, (char) c);
			continue;
		}
		if (p->pos >= p->len)
		{
			mlc_buf_free(&b);
			syntax(p, "unterminated escape");
			return NULL;
		}
		c = (unsigned char) p->s[p->pos++];
		switch (c)
		{
			case '/':
				mlc_buf_putc(&b, (char) c);
				break;
			case 'u':
				{
					unsigned	cp,
								lo;

					if (!read_hex4(p, &cp))
					{
						mlc_buf_free(&b);
						syntax(p, "bad \\u escape");
						return NULL;
					}
					if (cp >= 0xD800 && cp <= 0xDBFF)
					{
						if (p->len - p->pos < 2 || p->s[p->pos] != '\\' ||
							p->s[p->pos + 1] != 'u')
						{
							mlc_buf_free(&b);
							syntax(p, "lone surrogate in \\u escape");
							return NULL;
						}
						p->pos += 2;
						if (!read_hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF)
						{
							mlc_buf_free(&b);
							syntax(p, "bad surrogate pair in \\u escape");
							return NULL;
						}
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					}
					else if (cp >= 0xDC00 && cp <= 0xDFFF)
					{
						mlc_buf_free(&b);
						syntax(p, "lone surrogate in \\u escape");
						return NULL;
					}
					if (cp == 0)
					{
						mlc_buf_free(&b);
						syntax(p, "\\u0000 is not allowed");
						return NULL;
					}
					put_utf8(&b, cp);
					break;
				}
			default:
				{
					const char *e = memchr(mlc_json_esc_letters, c, MLC_JSON_NESC);

					if (e == NULL)
					{
						mlc_buf_free(&b);
						syntax(p, "bad escape");
						return NULL;
					}
					mlc_buf_putc(&b, mlc_json_esc_chars[e - mlc_json_esc_letters]);
					break;
				}
		}
	}
	if (b.failed || mlc_buf_cstring(&b) == NULL)
	{
		mlc_buf_free(&b);
		mlc_fail(p->st, MLC_ELIMIT, "JSON string too long", NULL, NULL);
		return NULL;
	}
	*outlen = b.len;
	return b.data;
}

static mlc_json *
parse_number(parser *p)
{
	size_t		start = p->pos;
	bool		integer = true;
	char		tmp[64];
	char	   *heap = NULL;
	char	   *text;
	size_t		n;
	mlc_json   *j;
	double		v;

	if (p->pos < p->len && p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->len)
		return syntax(p, "bad number");
	if (p->s[p->pos] == '0')
		p->pos++;
	else if (p->s[p->pos] >= '1' && p->s[p->pos] <= '9')
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	else
		return syntax(p, "bad number");
	if (p->pos < p->len && p->s[p->pos] == '.')
	{
		integer = false;
		p->pos++;
		if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			return syntax(p, "bad number");
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E'))
	{
		integer = false;
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			return syntax(p, "bad number");
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	}
	n = p->pos - start;
	if (n < sizeof(tmp))
		text = tmp;
	else
	{
		heap = mlc_alloc(n + 1);
		if (heap == NULL)
			return syntax(p, "number too long");
		text = heap;
	}
	memcpy(text, p->s + start, n);
	text[n] = '\0';
	errno = 0;
	v = strtod(text, NULL);
	if (isinf(v))
	{
		mlc_free(heap);
		p->pos = start;
		return syntax(p, "number out of range");
	}
	j = new_node(p, MLC_JSON_NUMBER);
	if (j)
	{
		j->number = v;
		j->is_integer = integer;
		if (integer)
		{
			long long	iv;

			errno = 0;
			iv = strtoll(text, NULL, 10);
			if (errno == 0)
			{
				j->int_exact = true;
				j->ival = (int64_t) iv;
			}
		}
	}
	mlc_free(heap);
	return j;
}

static bool
match_word(parser *p, const char *w)
{
	size_t		n = strlen(w);

	if (p->len - p->pos >= n && memcmp(p->s + p->pos, w, n) == 0)
	{
		p->pos += n;
		return true;
	}
	return false;
}

static bool
push_item(parser *p, mlc_json *arr, size_t *cap, mlc_json *item, char *key)
{
	if (arr->len == *cap)
	{
		size_t		ncap = *cap ? *cap * 2 : 4;
		size_t		bytes;
		mlc_json  **ni;

		if (!mlc_mul_size(ncap, sizeof(void *), &bytes) || bytes > mlc_max_value_bytes)
		{
			mlc_fail(p->st, MLC_ELIMIT, "JSON array too large", NULL, NULL);
			return false;
		}
		ni = mlc_realloc(arr->items, bytes);
		if (ni == NULL)
		{
			mlc_fail(p->st, MLC_ENOMEM, "out of memory while parsing JSON", NULL, NULL);
			return false;
		}
		arr->items = ni;
		if (arr->type == MLC_JSON_OBJECT)
		{
			char	  **nk = mlc_realloc(arr->keys, bytes);

			if (nk == NULL)
			{
				mlc_fail(p->st, MLC_ENOMEM, "out of memory while parsing JSON", NULL, NULL);
				return false;
			}
			arr->keys = nk;
		}
		*cap = ncap;
	}
	arr->items[arr->len] = item;
	if (arr->type == MLC_JSON_OBJECT)
		arr->keys[arr->len] = key;
	arr->len++;
	return true;
}

static mlc_json *
parse_container(parser *p, int depth, bool is_object)
{
	mlc_json   *j = new_node(p, is_object ? MLC_JSON_OBJECT : MLC_JSON_ARRAY);
	size_t		cap = 0;
	char		close = is_object ? '}' : ']';

	if (j == NULL)
		return NULL;
	p->pos++;					/* opening bracket */
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close)
	{
		p->pos++;
		return j;
	}
	for (;;)
	{
		char	   *key = NULL;
		mlc_json   *item;

		skip_ws(p);
		if (is_object)
		{
			size_t		klen;

			if (p->pos >= p->len || p->s[p->pos] != '"')
			{
				mlc_json_free(j);
				return syntax(p, "expected object key");
			}
			p->pos++;
			key = parse_string_raw(p, &klen);
			if (key == NULL)
			{
				mlc_json_free(j);
				return NULL;
			}
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':')
			{
				mlc_free(key);
				mlc_json_free(j);
				return syntax(p, "expected ':'");
			}
			p->pos++;
		}
		item = parse_value(p, depth + 1);
		if (item == NULL)
		{
			mlc_free(key);
			mlc_json_free(j);
			return NULL;
		}
		if (!push_item(p, j, &cap, item, key))
		{
			mlc_free(key);
			mlc_json_free(item);
			mlc_json_free(j);
			return NULL;
		}
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',')
		{
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close)
		{
			p->pos++;
			return j;
		}
		mlc_json_free(j);
		return syntax(p, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static mlc_json *
parse_value(parser *p, int depth)
{
	mlc_json   *j;

	if (depth > MLC_JSON_MAX_DEPTH)
		return syntax(p, "nesting too deep");
	skip_ws(p);
	if (p->pos >= p->len)
		return syntax(p, "unexpected end of input");
	switch (p->s[p->pos])
	{
		case '{':
			return parse_container(p, depth, true);
		case '[':
			return parse_container(p, depth, false);
		case '"':
			{
				size_t		len;
				char	   *s;

				p->pos++;
				s = parse_string_raw(p, &len);
				if (s == NULL)
					return NULL;
				j = new_node(p, MLC_JSON_STRING);
				if (j == NULL)
				{
					mlc_free(s);
					return NULL;
				}
				j->str = s;
				j->len = len;
				return j;
			}
		case 't':
		case 'f':
			{
				bool		v = p->s[p->pos] == 't';

				if (!match_word(p, v ? "true" : "false"))
					return syntax(p, "unexpected token");
				j = new_node(p, MLC_JSON_BOOL);
				if (j)
					j->boolean = v;
				return j;
			}
		case 'n':
			if (!match_word(p, "null"))
				return syntax(p, "unexpected token");
			return new_node(p, MLC_JSON_NULL);
		default:
			return parse_number(p);
	}
}

mlc_json *
mlc_json_parse(const char *text, size_t len, mlc_status *st)
{
	parser		p;
	mlc_json   *j;

	p.s = text;
	p.len = len;
	p.pos = 0;
	p.st = st;
	if (memchr(text, '\0', len) != NULL)
	{
		mlc_fail(st, MLC_ESYNTAX, "invalid JSON: NUL byte in input", NULL, NULL);
		return NULL;
	}
	j = parse_value(&p, 0);
	if (j == NULL)
		return NULL;
	skip_ws(&p);
	if (p.pos != p.len)
	{
		mlc_json_free(j);
		return syntax(&p, "trailing characters after the value");
	}
	return j;
}

const mlc_json *
mlc_json_get(const mlc_json *obj, const char *key)
{
	size_t		i;

	if (obj == NULL || obj->type != MLC_JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->len; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

mlc_json *
mlc_json_parse_object(const char *text, size_t len, const char *const *allowed,
					  const char *const *required, const char *what, mlc_status *st)
{
	mlc_json   *j = mlc_json_parse(text, len, st);

	if (j != NULL && mlc_json_check_keys(j, allowed, required, what, st) != MLC_OK)
	{
		mlc_json_free(j);
		return NULL;
	}
	return j;
}

mlc_code
mlc_json_check_keys(const mlc_json *obj, const char *const *allowed,
					const char *const *required, const char *what,
					mlc_status *st)
{
	size_t		i,
				k;

	if (obj == NULL || obj->type != MLC_JSON_OBJECT)
		return mlc_failf(st, MLC_ESYNTAX, NULL,
						 "invalid input syntax for type %s: expected a JSON object", what);
	for (i = 0; i < obj->len; i++)
	{
		bool		ok = false;
		const char *const *a;

		for (a = allowed; *a; a++)
			if (strcmp(*a, obj->keys[i]) == 0)
				ok = true;
		if (!ok)
			return mlc_failf(st, MLC_ESYNTAX, NULL,
							 "invalid input syntax for type %s: unknown key \"%.64s\"",
							 what, obj->keys[i]);
		for (k = 0; k < i; k++)
			if (strcmp(obj->keys[k], obj->keys[i]) == 0)
				return mlc_failf(st, MLC_ESYNTAX, NULL,
								 "invalid input syntax for type %s: duplicate key \"%.64s\"",
								 what, obj->keys[i]);
	}
	for (; required && *required; required++)
		if (mlc_json_get(obj, *required) == NULL)
			return mlc_failf(st, MLC_ESYNTAX, NULL,
							 "invalid input syntax for type %s: missing key \"%s\"",
							 what, *required);
	return MLC_OK;
}

mlc_code
mlc_json_to_double(const mlc_json *v, const char *what, const char *field,
				   double *out, mlc_status *st)
{
	if (v && v->type == MLC_JSON_NUMBER)
	{
		*out = v->number;
		return MLC_OK;
	}
	if (v && v->type == MLC_JSON_STRING)
	{
		if (strcmp(v->str, "NaN") == 0)
		{
			*out = NAN;
			return MLC_OK;
		}
		if (strcmp(v->str, "Infinity") == 0)
		{
			*out = INFINITY;
			return MLC_OK;
		}
		if (strcmp(v->str, "-Infinity") == 0)
		{
			*out = -INFINITY;
			return MLC_OK;
		}
	}
	return mlc_failf(st, MLC_ESYNTAX, NULL,
					 "invalid input syntax for type %s: \"%s\" must be a number",
					 what, field);
}

mlc_code
mlc_json_get_number(const mlc_json *obj, const char *key, const char *what,
					double *out, mlc_status *st)
{
	return mlc_json_to_double(mlc_json_get(obj, key), what, key, out, st);
}

mlc_code
mlc_json_to_count(const mlc_json *v, const char *what, const char *field,
				  double *out, mlc_status *st)
{
	if (v == NULL || v->type != MLC_JSON_NUMBER || !isfinite(v->number) ||
		v->number < 0)
		return mlc_failf(st, MLC_ESYNTAX, NULL,
						 "invalid input syntax for type %s: \"%s\" must be a finite non-negative number",
						 what, field);
	*out = v->number;
	return MLC_OK;
}

mlc_code
mlc_json_to_int64(const mlc_json *v, const char *what, const char *field,
				  int64_t *out, mlc_status *st)
{
	/* read the digits exactly: going through a double would change counts above 2^53 */
	if (v == NULL || v->type != MLC_JSON_NUMBER || !v->is_integer || !v->int_exact ||
		v->ival < 0)
		return mlc_failf(st, MLC_ESYNTAX, NULL,
						 "invalid input syntax for type %s: \"%s\" must be a non-negative integer",
						 what, field);
	*out = v->ival;
	return MLC_OK;
}
