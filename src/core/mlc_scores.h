/*
 * mlc_scores.h — classification by scores.
 *
 * Three pieces:
 *   mlc_auc     the exact state of roc_auc/pr_auc: every score kept as an
 *               order-preserving 64-bit key in two arrays (positives,
 *               negatives; plus a float8 weight per row when weighted), radix
 *               sorted at the end and walked once, ties grouped.  8 bytes a
 *               row unweighted.  Matches roc_auc_score / average_precision_score.
 *   mlc_prob    the state of log_loss and brier (weighted sums, compensated).
 *   mlc_scores  the mergeable summary type: sorted entries, each a distinct
 *               score (a "point", exact) or, once more than max_bins distinct
 *               scores were seen, a bin [lo, hi] of scores whose order inside
 *               is forgotten; with positive and negative (weighted) counts.
 *               Rows arrive in a buffer (an mlc_auc) that is sorted and
 *               merged into the entries when full.  Bins never overlap, so
 *               every pair of rows in different entries is ordered exactly,
 *               which is what makes roc_auc_bounds hold.
 * Scores are compared as doubles: -0 equals +0 (normalized on entry), ±Inf
 * are ordinary extreme scores, NaN is rejected by the caller.
 */
#ifndef MLC_SCORES_H
#define MLC_SCORES_H

#include "mlc_common.h"
#include "mlc_sort.h"

/* exact AUC state codec: 1 = every score as 8 bytes (weighted states, and
 * what 0.1 wrote); 2 = sorted unweighted state, distinct scores gap-coded */
#define MLC_AUC_FORMAT_VERSION 2
#define MLC_AUC_MAX_RUNS 16
#define MLC_PROB_FORMAT_VERSION 2
#define MLC_SCORES_FORMAT_VERSION 1
#define MLC_SCORES_DEFAULT_BINS 10000
#define MLC_SCORES_MAX_BINS 1000000

/* log loss clips probabilities to [eps, 1 - eps] with eps = float64 machine
 * epsilon (2^-52), scikit-learn 1.2's eps='auto' */
#define MLC_LOG_LOSS_EPS 2.220446049250313e-16

/* ------------------------------------------------------------ exact AUC */
typedef struct mlc_auc
{
	bool		weighted;
	bool		sorted;			/* arrays sorted (and weights grouped) */
	uint64_t   *pk;				/* positive keys */
	uint64_t   *nk;				/* negative keys */
	double	   *pw;				/* weights (weighted only) */
	double	   *nw;
	size_t		np,
				nn,
				pcap,
				ncap;
	/*
	 * Sorted runs: when pruns > 0 the positive rows are pruns ascending
	 * runs ending at prun[0..pruns-1] (the last = np), in (key, weight)
	 * order when weighted; 0 = not known to be sorted.  Same for the
	 * negatives.  Parallel workers and shards sort their part before
	 * serializing; the leader concatenates the sorted parts, and the final
	 * walk (unweighted) or mlc_auc_sort (a linear merge of the runs)
	 * uses them instead of sorting every row again.
	 */
	int			pruns,
				nruns;
	size_t		prun[MLC_AUC_MAX_RUNS],
				nrun[MLC_AUC_MAX_RUNS];
} mlc_auc;

mlc_auc    *mlc_auc_new(bool weighted);
void		mlc_auc_free(mlc_auc *a);
void		mlc_auc_reset(mlc_auc *a);	/* empty, keeps the arrays */
mlc_code	mlc_auc_grow(mlc_auc *a, bool positive, size_t need, mlc_status *st);

/* Add a row (score not NaN; w >= 0 finite).  Zero weights are dropped: they
 * change no rank metric (scikit-learn drops them too). */
static inline mlc_code
mlc_auc_add(mlc_auc *a, double score, bool positive, double w, mlc_status *st)
{
	uint64_t	key;

	if (a->weighted && w == 0)
		return MLC_OK;
	if (score == 0)
		score = 0;				/* -0 and +0 are the same score */
	key = mlc_f64_key(score);
	if (positive)
	{
		if (a->np == a->pcap && mlc_auc_grow(a, true, a->np + 1, st) != MLC_OK)
			return st->code;
		if (a->weighted)
			a->pw[a->np] = w;
		a->pk[a->np++] = key;
		a->pruns = 0;
	}
	else
	{
		if (a->nn == a->ncap && mlc_auc_grow(a, false, a->nn + 1, st) != MLC_OK)
			return st->code;
		if (a->weighted)
			a->nw[a->nn] = w;
		a->nk[a->nn++] = key;
		a->nruns = 0;
	}
	a->sorted = false;
	return MLC_OK;
}

/*
 * mlc_auc_add for an unweighted row when its class array has room: no call,
 * no allocation.  Returns false, having done nothing, when mlc_auc_add must
 * be used (weighted state, or the array is full).
 */
static inline bool
mlc_auc_add_quick(mlc_auc *a, double score, bool positive)
{
	uint64_t	key;

	if (a->weighted || (positive ? a->np >= a->pcap : a->nn >= a->ncap))
		return false;
	if (score == 0)
		score = 0;				/* -0 and +0 are the same score */
	key = mlc_f64_key(score);
	if (positive)
	{
		a->pk[a->np++] = key;
		a->pruns = 0;
	}
	else
	{
		a->nk[a->nn++] = key;
		a->nruns = 0;
	}
	a->sorted = false;
	return true;
}

/* dst gets src's rows appended (both must have the same weighted flag) */
mlc_code	mlc_auc_merge(mlc_auc *dst, const mlc_auc *src, mlc_status *st);
/* Sort both arrays (idempotent).  Weighted: within a tie group the weights
 * are sorted too, so sums do not depend on the order rows arrived in. */
mlc_code	mlc_auc_sort(mlc_auc *a, mlc_status *st);

/* Both metrics in one walk.  *roc_def / *ap_def false when undefined (one
 * class only, zero rows, zero total weight of a class). */
mlc_code	mlc_auc_compute(mlc_auc *a, double *roc, bool *roc_def,
							double *ap, bool *ap_def, mlc_status *st);

/* serialized size, or SIZE_MAX on overflow */
size_t		mlc_auc_serial_size(const mlc_auc *a);
mlc_code	mlc_auc_write(const mlc_auc *a, mlc_buf *out, mlc_status *st);
/* always format 1 (every score as 8 bytes): larger, but written and read
 * at memory speed; a sorted state reads back as one run per class */
mlc_code	mlc_auc_write_raw(const mlc_auc *a, mlc_buf *out, mlc_status *st);
/* Sorts, then writes what is fastest to write and read back (a parallel
 * plan's partial states): format 2 when at most a quarter of the rows have
 * distinct scores (heavy ties), else format 1. */
mlc_code	mlc_auc_write_fast(mlc_auc *a, mlc_buf *out, mlc_status *st);
mlc_auc    *mlc_auc_read(const void *data, size_t len, mlc_status *st);

/* ------------------------------------------------- log loss and Brier */
typedef struct mlc_prob
{
	int64_t		rows;
	double		wsum,
				wsum_c;			/* Neumaier compensation terms */
	double		ll,
				ll_c;
	double		br,
				br_c;
	/* every sum above is stored multiplied by 2^-scale_exp, raised in
	 * steps when weights of 1e308 would make the sums overflow */
	int32_t		scale_exp;
} mlc_prob;

void		mlc_prob_init(mlc_prob *p);
/* prob must be in [0, 1] (the caller checks); w >= 0 finite */
void		mlc_prob_add(mlc_prob *p, double prob, bool positive, double w);
void		mlc_prob_merge(mlc_prob *dst, const mlc_prob *src);
bool		mlc_prob_log_loss(const mlc_prob *p, double *out);
bool		mlc_prob_brier(const mlc_prob *p, double *out);
void		mlc_prob_write(const mlc_prob *p, mlc_buf *out);
mlc_code	mlc_prob_read(const void *data, size_t len, mlc_prob *p, mlc_status *st);

/* -------------------------------------------------- the scores summary */
typedef struct mlc_scores_entry
{
	double		lo,
				hi;				/* lo == hi: one distinct score (exact) */
	double		pos,
				neg;			/* (weighted) counts, pos + neg > 0 */
} mlc_scores_entry;

typedef struct mlc_scores
{
	int32_t		max_bins;
	int64_t		n_null;
	size_t		k;				/* entries in use */
	size_t		cap;
	mlc_scores_entry *e;		/* sorted, disjoint: e[i].hi < e[i+1].lo */
	double		merge_cost;		/* compaction threshold reached so far */
	mlc_auc    *buf;			/* rows not yet merged into e (may be NULL) */
	size_t		buf_limit;
} mlc_scores;

mlc_scores *mlc_scores_new(int32_t max_bins, bool weighted);
void		mlc_scores_free(mlc_scores *s);
/* checks max_bins in [1, MLC_SCORES_MAX_BINS] */
mlc_code	mlc_scores_check_bins(int64_t max_bins, mlc_status *st);

mlc_code	mlc_scores_flush_buffer(mlc_scores *s, mlc_status *st);

static inline mlc_code
mlc_scores_add(mlc_scores *s, double score, bool positive, double w, mlc_status *st)
{
	mlc_code	rc = mlc_auc_add(s->buf, score, positive, w, st);

	if (rc != MLC_OK)
		return rc;
	if (s->buf->np + s->buf->nn >= s->buf_limit)
		return mlc_scores_flush_buffer(s, st);
	return MLC_OK;
}

static inline mlc_code
mlc_scores_flush(mlc_scores *s, mlc_status *st)
{
	if (s->buf && s->buf->np + s->buf->nn > 0)
		return mlc_scores_flush_buffer(s, st);
	return MLC_OK;
}

/* dst += src (src flushed first).  max_bins becomes the larger one. */
mlc_code	mlc_scores_merge(mlc_scores *dst, mlc_scores *src, mlc_status *st);

bool		mlc_scores_is_exact(mlc_scores *s);
void		mlc_scores_totals(const mlc_scores *s, double *pos, double *neg);
/* point estimate (ties and bins count half) and bounds; false when undefined */
bool		mlc_scores_roc_auc(mlc_scores *s, double *auc, double *lower, double *upper);
bool		mlc_scores_pr_auc(mlc_scores *s, double *ap);

/* counts when predicting positive iff score >= t (bins straddling t are
 * split in proportion to the part of [lo, hi] at or above t) */
void		mlc_scores_counts_at(mlc_scores *s, double t, double *tp, double *fp,
								 double *fn, double *tn);

typedef enum mlc_criterion
{
	MLC_CRIT_F1,
	MLC_CRIT_YOUDEN,
	MLC_CRIT_ACCURACY
} mlc_criterion;

bool		mlc_scores_best_threshold(mlc_scores *s, mlc_criterion c,
									  double *threshold, double *value);

/* Curve points, one per entry in decreasing threshold order (the threshold
 * of a bin is its lo): the counts when predicting positive iff score >=
 * threshold.  Rows are written to caller arrays of length s->k; returns the
 * number of rows.  fpr/tpr NaN when undefined (no negatives / positives). */
size_t		mlc_scores_points(mlc_scores *s, double *thr, double *fpr,
							  double *tpr, double *precision);

mlc_code	mlc_scores_write(mlc_scores *s, mlc_buf *out, mlc_status *st);
mlc_scores *mlc_scores_read(const void *data, size_t len, mlc_status *st);
mlc_code	mlc_scores_to_json(mlc_scores *s, mlc_buf *out, mlc_status *st);
mlc_scores *mlc_scores_from_json(const char *text, size_t len, mlc_status *st);

#endif							/* MLC_SCORES_H */
