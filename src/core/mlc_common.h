/*
 * mlc_common.h — shared plumbing of the mlcheck numerical core.
 *
 * The core is plain C99: it never includes a PostgreSQL header, never
 * longjmps and never calls back into the server.  Everything it needs from
 * its host comes through two seams defined here:
 *   - memory: mlc_alloc/mlc_realloc/mlc_free go through hooks that the
 *     PostgreSQL glue points at palloc (in the right memory context) and the
 *     unit tests and fuzzers point at malloc;
 *   - errors: functions return an mlc_code and fill an mlc_status with a
 *     message, detail and hint; exactly one glue function turns that into
 *     ereport with the matching SQLSTATE.
 * It also holds the string builder used by every JSON printer, the
 * shortest-round-trip float printer, and the big-endian binary codec used
 * for send/recv, aggregate serialization and the on-disk values.
 */
#ifndef MLC_COMMON_H
#define MLC_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

/* Result codes; the glue maps each to one SQLSTATE. */
typedef enum mlc_code
{
	MLC_OK = 0,
	MLC_EBADARG,	/* 22023 invalid_parameter_value */
	MLC_ERANGE,		/* 22003 numeric_value_out_of_range */
	MLC_ESYNTAX,	/* 22P02 invalid_text_representation */
	MLC_ELIMIT,		/* 54000 program_limit_exceeded */
	MLC_ECORRUPT,	/* XX001 data_corrupted */
	MLC_ENOMEM		/* 53200 out_of_memory */
} mlc_code;

#define MLC_MSG_LEN 256

typedef struct mlc_status
{
	mlc_code	code;
	char		msg[MLC_MSG_LEN];
	char		detail[MLC_MSG_LEN];
	char		hint[MLC_MSG_LEN];
} mlc_status;

void		mlc_status_init(mlc_status *st);

/*
 * Record an error.  Returns the code so callers can write
 * `return mlc_fail(st, MLC_EBADARG, ...)`.  detail/hint may be NULL.
 */
mlc_code	mlc_fail(mlc_status *st, mlc_code code, const char *msg,
					 const char *detail, const char *hint);
/* printf-style variants for the three texts (each may be NULL) */
mlc_code	mlc_failf(mlc_status *st, mlc_code code, const char *hint,
					  const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 4, 5)))
#endif
			;
void		mlc_set_detail(mlc_status *st, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

/* ---- memory hooks ---- */
typedef void *(*mlc_alloc_fn) (size_t size);
typedef void *(*mlc_realloc_fn) (void *ptr, size_t size);
typedef void (*mlc_free_fn) (void *ptr);

void		mlc_set_allocator(mlc_alloc_fn a, mlc_realloc_fn r, mlc_free_fn f);
/* All three may return NULL only when the host allocator does (malloc). */
void	   *mlc_alloc(size_t size);
void	   *mlc_alloc0(size_t size);
void	   *mlc_realloc(void *ptr, size_t size);
void		mlc_free(void *ptr);

/* Largest single value we agree to build: PostgreSQL's varlena limit. */
#define MLC_MAX_ALLOC ((size_t) 0x3fffffff)
/* Overridable (tests lower it to exercise the "too large" path). */
extern size_t mlc_max_value_bytes;

/* size computations that refuse to overflow */
bool		mlc_mul_size(size_t a, size_t b, size_t *out);
bool		mlc_add_size(size_t a, size_t b, size_t *out);

/* ---- growable byte/string buffer ---- */
typedef struct mlc_buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		failed;			/* allocation failed or limit passed */
} mlc_buf;

void		mlc_buf_init(mlc_buf *b, size_t initial);
void		mlc_buf_free(mlc_buf *b);
bool		mlc_buf_reserve(mlc_buf *b, size_t extra);
void		mlc_buf_append(mlc_buf *b, const void *data, size_t len);
void		mlc_buf_puts(mlc_buf *b, const char *s);
void		mlc_buf_putc(mlc_buf *b, char c);
void		mlc_buf_printf(mlc_buf *b, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;
/* JSON pieces */
/* the two-character escapes: mlc_json_esc_chars[i] is written as a
 * backslash and mlc_json_esc_letters[i] (the writer uses them all; the
 * reader also takes "\\/") */
#define MLC_JSON_NESC 7
extern const char mlc_json_esc_chars[MLC_JSON_NESC + 1];
extern const char mlc_json_esc_letters[MLC_JSON_NESC + 1];
void		mlc_buf_json_string(mlc_buf *b, const char *s, size_t len);
/* Shortest decimal text that strtod() reads back to the same double. */
void		mlc_buf_double(mlc_buf *b, double v);
/* v[0..n) as a JSON array of such numbers: "[0.5, 1, 2]" */
void		mlc_buf_json_doubles(mlc_buf *b, const double *v, size_t n);
/* NUL-terminates (without counting the NUL in len). */
const char *mlc_buf_cstring(mlc_buf *b);

/* ---- big-endian binary codec ---- */
void		mlc_put_u8(mlc_buf *b, uint8_t v);
void		mlc_put_u32(mlc_buf *b, uint32_t v);
void		mlc_put_i32(mlc_buf *b, int32_t v);
void		mlc_put_u64(mlc_buf *b, uint64_t v);
void		mlc_put_i64(mlc_buf *b, int64_t v);
void		mlc_put_f64(mlc_buf *b, double v);
void		mlc_put_bytes(mlc_buf *b, const void *p, size_t n);
/* n doubles, each as mlc_put_f64 writes it, for a codec's run of fields */
void		mlc_put_f64s(mlc_buf *b, int n,...);

typedef struct mlc_reader
{
	const unsigned char *p;
	size_t		len;
	size_t		pos;
	bool		failed;			/* read past the end */
} mlc_reader;

void		mlc_reader_init(mlc_reader *r, const void *data, size_t len);
uint8_t		mlc_get_u8(mlc_reader *r);
uint32_t	mlc_get_u32(mlc_reader *r);
int32_t		mlc_get_i32(mlc_reader *r);
uint64_t	mlc_get_u64(mlc_reader *r);
int64_t		mlc_get_i64(mlc_reader *r);
double		mlc_get_f64(mlc_reader *r);
/* returns a pointer into the input, or NULL when fewer than n bytes remain */
const void *mlc_get_bytes(mlc_reader *r, size_t n);
size_t		mlc_reader_remaining(const mlc_reader *r);

/*
 * Raw big-endian loads and stores into a buffer already reserved, for the
 * bulk parts of a codec (the per-value mlc_put_* helpers re-check capacity
 * on every call).
 */
static inline void
mlc_store_be64(unsigned char *p, uint64_t v)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);	/* one store instead of eight */
	memcpy(p, &v, sizeof(v));
#else
	int			s;

	for (s = 0; s < 8; s++)
		p[s] = (unsigned char) (v >> (56 - 8 * s));
#endif
}

static inline uint64_t
mlc_load_be64(const unsigned char *p)
{
	uint64_t	v = 0;
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, sizeof(v));
	v = __builtin_bswap64(v);
#else
	int			s;

	for (s = 0; s < 8; s++)
		v = (v << 8) | p[s];
#endif
	return v;
}

static inline uint64_t
mlc_f64_bits(double v)
{
	uint64_t	b;

	memcpy(&b, &v, 8);
	return b;
}

static inline double
mlc_bits_f64(uint64_t b)
{
	double		v;

	memcpy(&v, &b, 8);
	return v;
}

/* Common check at the end of every encoder and printer: MLC_ELIMIT with
 * msg and hint (may be NULL) when out failed (size limit or memory). */
mlc_code	mlc_buf_done(const mlc_buf *out, mlc_status *st, const char *msg, const char *hint);

/* Common check at the end of every decoder: no truncation, no trailing bytes. */
mlc_code	mlc_reader_finish(mlc_reader *r, mlc_status *st, const char *what);

/* a == b for len bytes; short labels (the usual class names) without a call */
static inline bool
mlc_bytes_equal(const char *a, const char *b, size_t len)
{
	size_t		j;

	if (len > 16)
		return memcmp(a, b, len) == 0;
	for (j = 0; j < len; j++)
		if (a[j] != b[j])
			return false;
	return true;
}

/* ---- misc numeric helpers ---- */
bool		mlc_isfinite(double v);

/*
 * Checked accumulation of counts, used wherever counts are added or merged:
 * *acc += v unless the sum is not representable (past INT64_MAX, or not a
 * finite double), in which case *acc is left alone and MLC_ERANGE is
 * recorded ("<what> overflows") with a hint.  Negative v is the caller's
 * business (counts are never negative).
 */
mlc_code	mlc_count_add_i64(int64_t *acc, int64_t v, const char *what,
							  mlc_status *st);
mlc_code	mlc_count_add_f64(double *acc, double v, const char *what,
							  mlc_status *st);
/* the same test without a status: true when a + b is representable */
bool		mlc_i64_add_ok(int64_t a, int64_t b);
/* the error of both: MLC_ERANGE, "<what> overflows" */
mlc_code	mlc_count_overflow(mlc_status *st, const char *what);

/*
 * A power of two s such that maxabs * s * n_terms <= 1 (and >= 1/4 when
 * n_terms is 1): multiplying every value of a metric by s is exact (no
 * rounding, barring values 2^1000 times smaller than maxabs) and keeps any
 * sum of n_terms values and the product of two such sums finite and
 * normal.  Scale-invariant metrics are computed on values scaled by it, so
 * they neither overflow (weights of 1e308) nor underflow (1e-200), and give
 * bit-identical results to the unscaled formula whenever that one does not
 * overflow.  1 when maxabs is 0 or not finite.  Multiply the value by
 * the factor (never divide by its inverse, which may not be finite).
 */
double		mlc_pow2_scale(double maxabs, double n_terms);
/* byte-wise comparison of two strings (C collation) */
int			mlc_strcmp_c(const char *a, size_t alen, const char *b, size_t blen);
/*
 * How many elements of the ascending v[0..n) are < t, or <= t when
 * inclusive: the insertion point of t on its left (numpy searchsorted
 * side='left') or right (side='right').  By binary search.
 */
int64_t		mlc_sorted_rank(const double *v, int64_t n, double t, bool inclusive);

/* Long loops call this every so often; the glue points it at
 * CHECK_FOR_INTERRUPTS (which may longjmp out: callers keep no state that
 * would be left inconsistent by that, since all memory is context-owned). */
typedef void (*mlc_interrupt_fn) (void);
void		mlc_set_interrupt_hook(mlc_interrupt_fn f);
void		mlc_check_interrupts(void);

/*
 * Unsigned LEB128 varints (7 bits a byte, low group first): the length of
 * v's encoding, its bytes, and a reader.  The reader fails on more than 64
 * bits, and when strict also on a redundant trailing zero group or bits past
 * the 64th (so that every value has one encoding); past the end of the
 * buffer it sets r->failed.  Inline: profiles and sketches run them in
 * their decode loops.
 */
static inline size_t
mlc_uvarint_len(uint64_t v)
{
	size_t		l = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		l++;
	}
	return l;
}

static inline void
mlc_put_uvarint(mlc_buf *out, uint64_t v)
{
	while (v >= 0x80)
	{
		mlc_put_u8(out, (uint8_t) (v | 0x80));
		v >>= 7;
	}
	mlc_put_u8(out, (uint8_t) v);
}

static inline bool
mlc_get_uvarint(mlc_reader *r, uint64_t *v, bool strict)
{
	uint64_t	x = 0;
	int			sh;

	for (sh = 0; sh < 64; sh += 7)
	{
		uint8_t		c;

		if (r->pos >= r->len)
		{
			r->failed = true;
			return false;
		}
		c = r->p[r->pos++];
		if (strict && sh == 63 && c > 1)
			return false;
		if (strict && sh > 0 && c == 0)
			return false;
		x |= (uint64_t) (c & 0x7f) << sh;
		if (!(c & 0x80))
		{
			*v = x;
			return true;
		}
	}
	return false;
}

#endif							/* MLC_COMMON_H */
