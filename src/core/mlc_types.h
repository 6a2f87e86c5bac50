/*
 * mlc_types.h — one operations table per value type of the core.
 *
 * Every value an mlcheck aggregate builds — the summary types (confusion,
 * scores, calibration, regression, numeric and categorical profiles) and
 * the hidden transition states (exact AUC rows, log loss/Brier sums,
 * DeLong rows) — has the same verbs: read and write its versioned binary
 * codec, print and parse its text form, merge another value into it, free
 * it.  Each type describes them once in a const mlc_type_ops table; the
 * PostgreSQL glue writes every fmgr role (type I/O, combine, final, merge,
 * comparison, expanded-object methods) once over that table, and the unit
 * tests and fuzzers walk mlc_types[] to cover every type with one harness.
 *
 * Text forms: a summary type prints its documented JSON; a hidden state
 * prints base64 of its binary codec (compact, and exact to the bit, which
 * is what a distributed database needs to move a partial state between
 * nodes through the text output and input functions).
 */
#ifndef MLC_TYPES_H
#define MLC_TYPES_H

#include "mlc_common.h"

typedef struct mlc_type_ops
{
	const char *name;			/* SQL type name in schema mlcheck */
	const char *what;			/* in messages: "confusion", "exact AUC state" */
	bool		json;			/* text form is JSON (else base64 of the codec) */

	/* validating binary reader: NULL with st filled (22P02) on bad input */
	void	   *(*read) (const void *data, size_t len, mlc_status *st);

	/*
	 * Binary writer.  May reorganise the value without changing what it
	 * means (sort labels, flush buffered rows, enforce a cap): the bytes
	 * written are the canonical form, equal for equal values.
	 */
	mlc_code	(*write) (void *v, mlc_buf *out, mlc_status *st);
	/* JSON printer and parser (summary types only; NULL otherwise) */
	mlc_code	(*to_json) (void *v, mlc_buf *out, mlc_status *st);
	void	   *(*from_json) (const char *text, size_t len, mlc_status *st);
	/* dst += src; src may be reorganised but keeps its meaning */
	mlc_code	(*merge) (void *dst, void *src, mlc_status *st);
	/*
	 * Optional: a writer that favours speed over size, for states handed
	 * over inside one machine (a parallel plan's partial states, which
	 * PostgreSQL flattens in the workers and in the leader and reads back
	 * once); the reader reads what either writer writes.  NULL: write.
	 */
	mlc_code	(*write_fast) (void *v, mlc_buf *out, mlc_status *st);
	void		(*free) (void *v);
	/*
	 * Optional: turn an aggregate's state into its final value before the
	 * final function writes it (a partial categorical profile keeps up to
	 * 4000 categories so that parallel and distributed counts stay exact;
	 * the final value keeps 1000).  NULL: the state is the value.
	 */
	mlc_code	(*finish) (void *v, mlc_status *st);

	/*
	 * Text labels held by the value, for the host's encoding check: label
	 * i (0-based) in *s and *len, false past the last one.  NULL when the type
	 * holds no text.
	 */
	bool		(*text_label) (const void *v, int32_t i, const char **s, size_t *len);
} mlc_type_ops;

/*
 * Adaptors giving a module's typed functions (mlc_<m>_read, _write,
 * _to_json, _from_json, _merge, _free with their usual signatures) the
 * table's signatures: each defines the static function <m>_<verb>, which
 * the table initializers below name.  A type with a verb of its own (a
 * writer that sorts first, a merge that checks more) writes that one by
 * hand under the same name.
 */
#define MLC_OPS_READ(m) \
static void *m##_read(const void *d, size_t n, mlc_status *st) { return mlc_##m##_read(d, n, st); }
#define MLC_OPS_WRITE(m) \
static mlc_code m##_write(void *v, mlc_buf *out, mlc_status *st) { return mlc_##m##_write(v, out, st); }
#define MLC_OPS_FREE(m) \
static void m##_free(void *v) { mlc_##m##_free(v); }
#define MLC_OPS_JSON(m) \
static mlc_code m##_to_json(void *v, mlc_buf *out, mlc_status *st) { return mlc_##m##_to_json(v, out, st); } \
static void *m##_from_json(const char *s, size_t n, mlc_status *st) { return mlc_##m##_from_json(s, n, st); }
#define MLC_OPS_MERGE(m) \
static mlc_code m##_merge(void *dst, void *src, mlc_status *st) { return mlc_##m##_merge(dst, src, st); }
/* all of them */
#define MLC_OPS_CODEC(m) MLC_OPS_READ(m) MLC_OPS_WRITE(m) MLC_OPS_FREE(m)
#define MLC_OPS_ALL(m) MLC_OPS_CODEC(m) MLC_OPS_JSON(m) MLC_OPS_MERGE(m)

/*
 * The table of a summary type (text form JSON) and of a hidden state (text
 * form base64 of the codec) over the functions <m>_read, <m>_write, ...;
 * further members (.write_fast, .finish, .text_label) after them.
 */
#define MLC_SUMMARY_OPS(m, sqlname, what_, ...) { \
	.name = sqlname, .what = what_, .json = true, \
	.read = m##_read, .write = m##_write, .to_json = m##_to_json, .from_json = m##_from_json, \
	.merge = m##_merge, .free = m##_free, __VA_ARGS__ }
#define MLC_STATE_OPS(m, sqlname, what_, ...) { \
	.name = sqlname, .what = what_, .json = false, \
	.read = m##_read, .write = m##_write, .merge = m##_merge, .free = m##_free, __VA_ARGS__ }

extern const mlc_type_ops mlc_confusion_type;
extern const mlc_type_ops mlc_scores_type;
extern const mlc_type_ops mlc_calibration_type;
extern const mlc_type_ops mlc_regression_type;
extern const mlc_type_ops mlc_numprof_type;
extern const mlc_type_ops mlc_catprof_type;
extern const mlc_type_ops mlc_auc_type;
extern const mlc_type_ops mlc_prob_type;
extern const mlc_type_ops mlc_delong_type;
extern const mlc_type_ops mlc_multiclass_type;	/* mlc_multiclass.c */
extern const mlc_type_ops mlc_mcnemar_type;	/* mlc_tests.c */
extern const mlc_type_ops mlc_calibrator_type;	/* mlc_isotonic.c */
extern const mlc_type_ops mlc_eauc_type;	/* mlc_expected_auc.c */
extern const mlc_type_ops mlc_profblock_type;	/* mlc_profile_block.c */

/* every type above, NULL-terminated */
extern const mlc_type_ops *const mlc_types[];

/*
 * Largest binary codec a hidden state may grow to: its base64 text must
 * still fit within mlc_max_value_bytes, so a state that was built can
 * always be printed (and shipped to another node).
 */
size_t		mlc_state_max_bytes(void);

/* Text form of v (JSON or base64 of the codec) appended to out. */
mlc_code	mlc_type_to_text(const mlc_type_ops *t, void *v, mlc_buf *out, mlc_status *st);
/* Parse a text form; NULL with st filled (22P02) on malformed text. */
void	   *mlc_type_from_text(const mlc_type_ops *t, const char *text, size_t len,
							   mlc_status *st);
/* ... and, for a base64 text form (hidden states), the decoded codec bytes
 * in *bytes (the caller frees them), which the value was read from */
void	   *mlc_type_from_text_bytes(const mlc_type_ops *t, const char *text, size_t len,
									 mlc_buf *bytes, mlc_status *st);

/*
 * The error exit of a reader or parser of type t: frees the value v built
 * so far (through t->free; v may be NULL) and the parsed JSON j (may be
 * NULL), records MLC_ESYNTAX "<what>: <why>" with hint (may be NULL), and
 * returns NULL.
 */
struct mlc_json;
void	   *mlc_type_reject(const mlc_type_ops *t, void *v, struct mlc_json *j, mlc_status *st,
							const char *hint, const char *what, const char *why);

/*
 * The last step of a binary reader of type t: v, read from r, when r is
 * used up exactly; else NULL, with v freed (through t->free) and st filled
 * as mlc_reader_finish does ("invalid binary <t->what> value: ...").
 */
void	   *mlc_type_read_end(const mlc_type_ops *t, void *v, mlc_reader *r, mlc_status *st);

/* base64 (RFC 4648, no line breaks, '=' padding) */
void		mlc_base64_encode(const void *data, size_t len, mlc_buf *out);
/* strict decoder: false on a character outside the alphabet, bad padding
 * or a length that is not a multiple of 4 */
bool		mlc_base64_decode(const char *text, size_t len, mlc_buf *out);

#endif							/* MLC_TYPES_H */
