/*
 * mlc_json.h — a small strict JSON reader for the text forms of mlcheck's
 * summary types.  It builds a tree through the core allocator, enforces a
 * nesting limit, and rejects anything that is not RFC 8259 JSON (trailing
 * garbage, bad escapes, NUL characters, invalid UTF-8 surrogates).  The
 * type-specific readers (confusion, scores, ...) walk the tree with the
 * lookup helpers below and report shape errors as MLC_ESYNTAX.
 */
#ifndef MLC_JSON_H
#define MLC_JSON_H

#include "mlc_common.h"

typedef enum mlc_json_type
{
	MLC_JSON_NULL,
	MLC_JSON_BOOL,
	MLC_JSON_NUMBER,
	MLC_JSON_STRING,
	MLC_JSON_ARRAY,
	MLC_JSON_OBJECT
} mlc_json_type;

typedef struct mlc_json mlc_json;

struct mlc_json
{
	mlc_json_type type;
	bool		boolean;
	double		number;
	bool		is_integer;		/* number written without '.', 'e' or 'E' */
	bool		int_exact;		/* is_integer and fits int64: ival is exact */
	int64_t		ival;
	char	   *str;			/* STRING: bytes (NUL-terminated, no NUL inside) */
	size_t		len;			/* STRING: byte length; ARRAY/OBJECT: items */
	mlc_json  **items;			/* ARRAY/OBJECT values */
	char	  **keys;			/* OBJECT keys */
};

#define MLC_JSON_MAX_DEPTH 32

/* Parse a NUL-free text of length len.  On error returns NULL and fills st. */
mlc_json   *mlc_json_parse(const char *text, size_t len, mlc_status *st);
void		mlc_json_free(mlc_json *j);

/* object member by key, or NULL */
const mlc_json *mlc_json_get(const mlc_json *obj, const char *key);

/*
 * Check that obj is an object whose keys are all in the NULL-terminated
 * list `allowed`, with no duplicates, and that every key in `required`
 * is present.  `what` names the type in messages.
 */
mlc_code	mlc_json_check_keys(const mlc_json *obj, const char *const *allowed,
								const char *const *required, const char *what,
								mlc_status *st);

/* mlc_json_parse, then mlc_json_check_keys: NULL (nothing to free) with st
 * filled when either fails. */
mlc_json   *mlc_json_parse_object(const char *text, size_t len, const char *const *allowed,
								  const char *const *required, const char *what,
								  mlc_status *st);

/* Typed readers that fail with MLC_ESYNTAX naming `what`/`key`. */
mlc_code	mlc_json_get_number(const mlc_json *obj, const char *key,
								const char *what, double *out, mlc_status *st);
/* A count: finite, >= 0 (floating point counts allowed for weights). */
mlc_code	mlc_json_to_count(const mlc_json *v, const char *what,
							  const char *field, double *out, mlc_status *st);
/* A non-negative integer that fits in int64. */
mlc_code	mlc_json_to_int64(const mlc_json *v, const char *what,
							  const char *field, int64_t *out, mlc_status *st);
/* A float that may be written as a number or "NaN"/"Infinity"/"-Infinity". */
mlc_code	mlc_json_to_double(const mlc_json *v, const char *what,
							   const char *field, double *out, mlc_status *st);

#endif							/* MLC_JSON_H */
