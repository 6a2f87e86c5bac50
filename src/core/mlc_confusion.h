/*
 * mlc_confusion.h — the confusion matrix summary.
 *
 * A matrix of (weighted) counts indexed by actual × predicted class, over
 * labels of one kind: boolean, 64-bit integer or text.  While an aggregate
 * runs, labels are kept in arrival order with a hash index; `sort` puts
 * them in canonical order (false < true, numeric order, bytewise C
 * collation), which every encoder, comparison and metric relies on — as in
 * sklearn.metrics.confusion_matrix, whose label order this matches.
 */
#ifndef MLC_CONFUSION_H
#define MLC_CONFUSION_H

#include "mlc_common.h"

#include <string.h>

typedef enum mlc_label_kind
{
	MLC_LABEL_NONE = 0,			/* only for the empty matrix */
	MLC_LABEL_BOOL = 1,
	MLC_LABEL_INT = 2,
	MLC_LABEL_TEXT = 3
} mlc_label_kind;

/* Refuse matrices with more classes than this (the dense k×k matrix of
 * float8 counts would take 8 MB at this size). */
#define MLC_CONFUSION_MAX_CLASSES 1024
#define MLC_CONFUSION_FORMAT_VERSION 1

typedef struct mlc_confusion
{
	int			kind;			/* mlc_label_kind */
	int32_t		k;				/* number of labels in use */
	int32_t		cap;			/* allocated labels; matrix stride */
	int64_t    *ilab;			/* BOOL (0/1) and INT labels */
	char	  **slab;			/* TEXT labels (not NUL-terminated) */
	uint32_t   *slen;
	double	   *m;				/* cap × cap, m[actual * cap + predicted] */
	int64_t		n_null;			/* rows skipped because of a NULL */
	bool		sorted;
	int32_t    *hash;			/* open addressing: label index + 1, 0 empty */
	uint32_t	hcap;
} mlc_confusion;

mlc_confusion *mlc_confusion_new(int kind);
void		mlc_confusion_free(mlc_confusion *c);

/* Index of a label, adding it if new.  -1 on error (limit, memory). */
int32_t		mlc_confusion_label_int(mlc_confusion *c, int64_t v, mlc_status *st);
int32_t		mlc_confusion_label_text(mlc_confusion *c, const char *s, size_t len,
									 mlc_status *st);
/* Index of an existing label, or -1 (no insertion). */
int32_t		mlc_confusion_find_int(const mlc_confusion *c, int64_t v);
int32_t		mlc_confusion_find_text_hashed(const mlc_confusion *c, const char *s, size_t len);

/* the per-row lookup of a text label: a scan of the few labels, or the hash */
static inline int32_t
mlc_confusion_find_text(const mlc_confusion *c, const char *s, size_t len)
{
	int32_t		i;

	if (c->kind != MLC_LABEL_TEXT)
		return -1;
	if (c->hcap != 0)
		return mlc_confusion_find_text_hashed(c, s, len);
	for (i = 0; i < c->k; i++)
		if (c->slen[i] == len && mlc_bytes_equal(c->slab[i], s, len))
			return i;
	return -1;
}

static inline void
mlc_confusion_add(mlc_confusion *c, int32_t actual, int32_t predicted, double w)
{
	c->m[(size_t) actual * c->cap + predicted] += w;
}

static inline double
mlc_confusion_cell(const mlc_confusion *c, int32_t actual, int32_t predicted)
{
	return c->m[(size_t) actual * c->cap + predicted];
}

/* dst += src (labels are unioned).  Kinds must match unless one is empty. */
mlc_code	mlc_confusion_merge(mlc_confusion *dst, const mlc_confusion *src,
								mlc_status *st);
/* Put labels in canonical order (idempotent). */
mlc_code	mlc_confusion_sort(mlc_confusion *c, mlc_status *st);
/* Deep copy */
mlc_confusion *mlc_confusion_copy(const mlc_confusion *c, mlc_status *st);

/* Binary codec (sorts c first).  Reader validates everything. */
mlc_code	mlc_confusion_write(mlc_confusion *c, mlc_buf *out, mlc_status *st);
mlc_confusion *mlc_confusion_read(const void *data, size_t len, mlc_status *st);

/* JSON text form: {"labels": [...], "matrix": [[...]...], "n_null": N} */
mlc_code	mlc_confusion_to_json(mlc_confusion *c, mlc_buf *out, mlc_status *st);
mlc_confusion *mlc_confusion_from_json(const char *text, size_t len, mlc_status *st);

bool		mlc_confusion_equal(mlc_confusion *a, mlc_confusion *b);

/* Text form of label i (for cells/per_class): "true", "42", "cat". */
void		mlc_confusion_label_str(const mlc_confusion *c, int32_t i, mlc_buf *out);

/*
 * Resolve a user-given label (text) to an index.  Returns MLC_OK and sets
 * *idx (-1 when the label is valid for the kind but absent: its counts are
 * all zero), or MLC_EBADARG when the text is not a label of this kind.
 */
mlc_code	mlc_confusion_resolve_label(const mlc_confusion *c, const char *s,
										size_t len, int32_t *idx, mlc_status *st);

/* ---- metrics.  Each returns true and sets *out when defined. ---- */
typedef struct mlc_class_stats
{
	/* counts (+Infinity when the true count passes the float8 range) */
	double		tp,
				fp,
				fn,
				tn,
				support;
	/*
	 * The same counts multiplied by `scale`, a power of two chosen from the
	 * matrix total (mlc_pow2_scale): the metrics are ratios, computed on
	 * these so that neither huge (1e308) nor tiny (1e-200) weighted counts
	 * overflow or underflow; exact, so ordinary matrices give the same bits.
	 */
	double		stp,
				sfp,
				sfn,
				stn,
				ssupport,
				scale;
} mlc_class_stats;

typedef enum mlc_average
{
	MLC_AVG_BINARY = 0,
	MLC_AVG_MACRO,
	MLC_AVG_MICRO,
	MLC_AVG_WEIGHTED
} mlc_average;

typedef enum mlc_prf
{
	MLC_PRECISION,
	MLC_RECALL,
	MLC_FBETA,
	MLC_SPECIFICITY
} mlc_prf;

double		mlc_confusion_total(const mlc_confusion *c);
/* idx -1 (absent label) gives all-zero tp/fp/fn and tn = total */
void		mlc_confusion_class_stats(const mlc_confusion *c, int32_t idx,
									  mlc_class_stats *out);
/* same with the matrix total precomputed (loops over classes) */
void		mlc_confusion_class_stats_total(const mlc_confusion *c, int32_t idx,
											double total, mlc_class_stats *out);
/* one class; undefined (0/0) gives false */
bool		mlc_class_metric(const mlc_class_stats *s, mlc_prf which, double beta,
							 double *out);

/*
 * precision/recall/fbeta/specificity.  For MLC_AVG_BINARY pos is the index
 * of the positive label (-1 = absent).  Averages follow scikit-learn 1.2:
 * per-class undefined values count as 0 inside macro/weighted averages.
 */
mlc_code	mlc_confusion_prf(const mlc_confusion *c, mlc_prf which, double beta,
							  mlc_average avg, int32_t pos, bool *defined,
							  double *out, mlc_status *st);
bool		mlc_confusion_accuracy(const mlc_confusion *c, double *out);
bool		mlc_confusion_balanced_accuracy(const mlc_confusion *c, double *out);
bool		mlc_confusion_mcc(const mlc_confusion *c, double *out);
bool		mlc_confusion_kappa(const mlc_confusion *c, double *out);

/* Default positive label for binary metrics: true / 1.  Sets *pos (-1 if
 * absent from the matrix) or fails with a hint when the matrix is not
 * boolean/0-1 so the caller must name the label or an average. */
mlc_code	mlc_confusion_default_positive(const mlc_confusion *c, int32_t *pos,
										   mlc_status *st);

#endif							/* MLC_CONFUSION_H */
