/*
 * mlc_common.c — status reporting, memory hooks, string builder, float
 * printing and the big-endian codec shared by every mlcheck core module.
 */
#include "mlc_common.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t		mlc_max_value_bytes = MLC_MAX_ALLOC;

/* ---------------------------------------------------------------- status */

void
mlc_status_init(mlc_status *st)
{
	st->code = MLC_OK;
	st->msg[0] = st->detail[0] = st->hint[0] = '\0';
}

static void
copy_text(char *dst, const char *src)
{
	if (src == NULL)
	{
		dst[0] = '\0';
		return;
	}
	snprintf(dst, MLC_MSG_LEN, "%s", src);
}

mlc_code
mlc_fail(mlc_status *st, mlc_code code, const char *msg,
		 const char *detail, const char *hint)
{
	if (st == NULL)
		return code;
	st->code = code;
	copy_text(st->msg, msg);
	copy_text(st->detail, detail);
	copy_text(st->hint, hint);
	return code;
}

mlc_code
mlc_failf(mlc_status *st, mlc_code code, const char *hint, const char *fmt,...)
{
	va_list		ap;

	if (st == NULL)
		return code;
	st->code = code;
	va_start(ap, fmt);
	vsnprintf(st->msg, MLC_MSG_LEN, fmt, ap);
	va_end(ap);
	st->detail[0] = '\0';
	copy_text(st->hint, hint);
	return code;
}

void
mlc_set_detail(mlc_status *st, const char *fmt,...)
{
	va_list		ap;

	if (st == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(st->detail, MLC_MSG_LEN, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- memory */

static mlc_alloc_fn alloc_hook = malloc;
static mlc_realloc_fn realloc_hook = realloc;
static mlc_free_fn free_hook = free;
static mlc_interrupt_fn interrupt_hook = NULL;

void
mlc_set_allocator(mlc_alloc_fn a, mlc_realloc_fn r, mlc_free_fn f)
{
	alloc_hook = a;
	realloc_hook = r;
	free_hook = f;
}

void *
mlc_alloc(size_t size)
{
	if (size > MLC_MAX_ALLOC)
		return NULL;
	return alloc_hook(size == 0 ? 1 : size);
}

void *
mlc_alloc0(size_t size)
{
	void	   *p = mlc_alloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *
mlc_realloc(void *ptr, size_t size)
{
	if (size > MLC_MAX_ALLOC)
		return NULL;
	if (ptr == NULL)
		return mlc_alloc(size);
	return realloc_hook(ptr, size == 0 ? 1 : size);
}

void
mlc_free(void *ptr)
{
	if (ptr)
		free_hook(ptr);
}

bool
mlc_mul_size(size_t a, size_t b, size_t *out)
{
	if (a != 0 && b > SIZE_MAX / a)
		return false;
	*out = a * b;
	return true;
}

bool
mlc_add_size(size_t a, size_t b, size_t *out)
{
	if (a > SIZE_MAX - b)
		return false;
	*out = a + b;
	return true;
}

void
mlc_set_interrupt_hook(mlc_interrupt_fn f)
{
	interrupt_hook = f;
}

void
mlc_check_interrupts(void)
{
	if (interrupt_hook)
		interrupt_hook();
}

/* ---------------------------------------------------------------- buffer */

void
mlc_buf_init(mlc_buf *b, size_t initial)
{
	if (initial < 16)
		initial = 16;
	b->data = mlc_alloc(initial);
	b->len = 0;
	b->cap = b->data ? initial : 0;
	b->failed = (b->data == NULL);
}

void
mlc_buf_free(mlc_buf *b)
{
	mlc_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

bool
mlc_buf_reserve(mlc_buf *b, size_t extra)
{
	size_t		need;
	size_t		ncap;
	char	   *nd;

	if (b->failed)
		return false;
	/* +1 keeps room for the terminating NUL of mlc_buf_cstring */
	if (!mlc_add_size(b->len, extra, &need) || !mlc_add_size(need, 1, &need) ||
		need > mlc_max_value_bytes)
	{
		b->failed = true;
		return false;
	}
	if (need <= b->cap)
		return true;
	ncap = b->cap ? b->cap : 16;
	while (ncap < need)
		ncap = (ncap > MLC_MAX_ALLOC / 2) ? MLC_MAX_ALLOC : ncap * 2;
	if (ncap < need)
	{
		b->failed = true;
		return false;
	}
	nd = mlc_realloc(b->data, ncap);
	if (nd == NULL)
	{
		b->failed = true;
		return false;
	}
	b->data = nd;
	b->cap = ncap;
	return true;
}

void
mlc_buf_append(mlc_buf *b, const void *data, size_t len)
{
	if (!mlc_buf_reserve(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
}

void
mlc_buf_puts(mlc_buf *b, const char *s)
{
	mlc_buf_append(b, s, strlen(s));
}

void
mlc_buf_putc(mlc_buf *b, char c)
{
	if (!mlc_buf_reserve(b, 1))
		return;
	b->data[b->len++] = c;
}

void
mlc_buf_printf(mlc_buf *b, const char *fmt,...)
{
	char		small[256];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
	{
		b->failed = true;
		return;
	}
	if ((size_t) n < sizeof(small))
	{
		mlc_buf_append(b, small, (size_t) n);
		return;
	}
	if (!mlc_buf_reserve(b, (size_t) n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

const char *
mlc_buf_cstring(mlc_buf *b)
{
	if (!mlc_buf_reserve(b, 0))
		return NULL;
	b->data[b->len] = '\0';
	return b->data;
}

const char	mlc_json_esc_chars[MLC_JSON_NESC + 1] = "\"\\\n\r\t\b\f";
const char	mlc_json_esc_letters[MLC_JSON_NESC + 1] = "\"\\nrtbf";

void
mlc_buf_json_string(mlc_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i;

	mlc_buf_putc(b, '"');
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		const char *e = memchr(mlc_json_esc_chars, c, MLC_JSON_NESC);

		if (e != NULL)
		{
			char		esc[2] = {'\\', mlc_json_esc_letters[e - mlc_json_esc_chars]};

			mlc_buf_append(b, esc, 2);
		}
		else if (c < 0x20 || c == 0x7f)
		{
			char		esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

			mlc_buf_append(b, esc, 6);
		}
		else
			mlc_buf_putc(b, (char) c);
	}
	mlc_buf_putc(b, '"');
}

void
mlc_buf_double(mlc_buf *b, double v)
{
	char		tmp[40];
	int			prec;

	if (isnan(v))
	{
		mlc_buf_puts(b, "\"NaN\"");
		return;
	}
	if (isinf(v))
	{
		mlc_buf_puts(b, v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
		return;
	}
	if (v == 0)
	{
		mlc_buf_puts(b, signbit(v) ? "-0" : "0");
		return;
	}
	/* integers that are exactly representable print without exponent */
	if (v == floor(v) && fabs(v) < 1e15)
	{
		snprintf(tmp, sizeof(tmp), "%.0f", v);
		mlc_buf_puts(b, tmp);
		return;
	}
	/*
	 * The shortest of %.1g ... %.17g that reads back as v.  A normal double
	 * that some p <= 15 digits represent prints the same digits with %.15g
	 * (DBL_DIG: 15 digits survive decimal -> double -> decimal, and %g drops
	 * trailing zeros), so the search starts there; subnormals have fewer
	 * digits of precision and start at 1.  Same text, a sixth of the work.
	 */
	for (prec = fabs(v) >= DBL_MIN ? DBL_DIG : 1; prec <= 17; prec++)
	{
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	mlc_buf_puts(b, tmp);
}

void
mlc_buf_json_doubles(mlc_buf *b, const double *v, size_t n)
{
	size_t		i;

	mlc_buf_putc(b, '[');
	for (i = 0; i < n; i++)
	{
		if (i)
			mlc_buf_puts(b, ", ");
		mlc_buf_double(b, v[i]);
	}
	mlc_buf_putc(b, ']');
}

/* ----------------------------------------------------------------- codec */

void
mlc_put_u8(mlc_buf *b, uint8_t v)
{
	mlc_buf_append(b, &v, 1);
}

void
mlc_put_u32(mlc_buf *b, uint32_t v)
{
	unsigned char x[4];

	x[0] = (unsigned char) (v >> 24);
	x[1] = (unsigned char) (v >> 16);
	x[2] = (unsigned char) (v >> 8);
	x[3] = (unsigned char) v;
	mlc_buf_append(b, x, 4);
}

void
mlc_put_i32(mlc_buf *b, int32_t v)
{
	mlc_put_u32(b, (uint32_t) v);
}

void
mlc_put_u64(mlc_buf *b, uint64_t v)
{
	unsigned char x[8];

	mlc_store_be64(x, v);
	mlc_buf_append(b, x, 8);
}

void
mlc_put_i64(mlc_buf *b, int64_t v)
{
	mlc_put_u64(b, (uint64_t) v);
}

void
mlc_put_f64(mlc_buf *b, double v)
{
	uint64_t	bits;

	memcpy(&bits, &v, 8);
	mlc_put_u64(b, bits);
}

void
mlc_put_f64s(mlc_buf *b, int n,...)
{
	va_list		ap;
	int			i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		mlc_put_f64(b, va_arg(ap, double));
	va_end(ap);
}

void
mlc_put_bytes(mlc_buf *b, const void *p, size_t n)
{
	mlc_buf_append(b, p, n);
}

void
mlc_reader_init(mlc_reader *r, const void *data, size_t len)
{
	r->p = data;
	r->len = len;
	r->pos = 0;
	r->failed = false;
}

static const unsigned char *
take(mlc_reader *r, size_t n)
{
	const unsigned char *p;

	if (r->failed || r->len - r->pos < n)
	{
		r->failed = true;
		return NULL;
	}
	p = r->p + r->pos;
	r->pos += n;
	return p;
}

uint8_t
mlc_get_u8(mlc_reader *r)
{
	const unsigned char *p = take(r, 1);

	return p ? p[0] : 0;
}

uint32_t
mlc_get_u32(mlc_reader *r)
{
	const unsigned char *p = take(r, 4);

	if (!p)
		return 0;
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

int32_t
mlc_get_i32(mlc_reader *r)
{
	return (int32_t) mlc_get_u32(r);
}

uint64_t
mlc_get_u64(mlc_reader *r)
{
	const unsigned char *p = take(r, 8);

	return p ? mlc_load_be64(p) : 0;
}

int64_t
mlc_get_i64(mlc_reader *r)
{
	return (int64_t) mlc_get_u64(r);
}

double
mlc_get_f64(mlc_reader *r)
{
	uint64_t	bits = mlc_get_u64(r);
	double		v;

	memcpy(&v, &bits, 8);
	return v;
}

const void *
mlc_get_bytes(mlc_reader *r, size_t n)
{
	return take(r, n);
}

size_t
mlc_reader_remaining(const mlc_reader *r)
{
	return r->failed ? 0 : r->len - r->pos;
}

mlc_code
mlc_buf_done(const mlc_buf *out, mlc_status *st, const char *msg, const char *hint)
{
	if (out->failed)
		return mlc_fail(st, MLC_ELIMIT, msg, NULL, hint);
	return MLC_OK;
}

mlc_code
mlc_reader_finish(mlc_reader *r, mlc_status *st, const char *what)
{
	if (r->failed)
		return mlc_failf(st, MLC_ESYNTAX, NULL,
						 "invalid binary %s value: truncated", what);
	if (r->pos != r->len)
		return mlc_failf(st, MLC_ESYNTAX, NULL,
						 "invalid binary %s value: %zu trailing bytes",
						 what, r->len - r->pos);
	return MLC_OK;
}

/* ------------------------------------------------------------------ misc */

mlc_code
mlc_count_overflow(mlc_status *st, const char *what)
{
	return mlc_failf(st, MLC_ERANGE,
					 "Counts are 64-bit integers and sums of weights float8: merge fewer values or use smaller weights.",
					 "%s overflows", what);
}

mlc_code
mlc_count_add_i64(int64_t *acc, int64_t v, const char *what, mlc_status *st)
{
	if (!mlc_i64_add_ok(*acc, v))
		return mlc_count_overflow(st, what);
	*acc += v;
	return MLC_OK;
}

bool
mlc_i64_add_ok(int64_t a, int64_t b)
{
	return b >= 0 ? a <= INT64_MAX - b : a >= INT64_MIN - b;
}

mlc_code
mlc_count_add_f64(double *acc, double v, const char *what, mlc_status *st)
{
	double		s = *acc + v;

	if (!isfinite(s))
		return mlc_count_overflow(st, what);
	*acc = s;
	return MLC_OK;
}

double
mlc_pow2_scale(double maxabs, double n_terms)
{
	int			e,
				en = 0;

	if (!(maxabs > 0) || !isfinite(maxabs))
		return 1.0;
	(void) frexp(maxabs, &e);	/* maxabs < 2^e */
	if (n_terms > 1)
		(void) frexp(n_terms, &en);	/* n_terms < 2^en */
	e += en;
	/* keep the factor itself finite and non-zero */
	if (e < -1020)
		e = -1020;
	if (e > 1074)
		e = 1074;
	return ldexp(1.0, -e);
}

bool
mlc_isfinite(double v)
{
	return isfinite(v);
}

int64_t
mlc_sorted_rank(const double *v, int64_t n, double t, bool inclusive)
{
	int64_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (inclusive ? v[mid] <= t : v[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
mlc_strcmp_c(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t		n = alen < blen ? alen : blen;
	int			c = n ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	if (alen == blen)
		return 0;
	return alen < blen ? -1 : 1;
}
