/*
 * mlc_tests.h — the statistical comparisons a team makes before it ships a
 * model: is it better than always predicting the majority class, is model
 * B really better than model A on the same rows, does validation AUC differ
 * from training AUC.
 *
 *   - the regularized incomplete beta function and its inverse, and the
 *     distributions built on it (binomial tails, Student's t);
 *   - accuracy_test: Clopper–Pearson interval of a proportion and the
 *     one-sided binomial p-value of accuracy > no-information rate (R's
 *     binom.test, as caret's confusionMatrix reports it);
 *   - McNemar's test of two classifiers on the same rows (exact conditional
 *     binomial test below 25 discordant pairs, chi-square with continuity
 *     correction from 25 on);
 *   - DeLong's variance of the ROC AUC read off an exact scores summary
 *     (distinct scores with integer counts), its confidence interval, and
 *     DeLong's test for two curves on independent samples (R pROC
 *     roc.test(paired = FALSE), with Welch–Satterthwaite degrees of freedom
 *     and Student's t).
 * Plain C99, no allocation except where a summary is walked.
 */
#ifndef MLC_TESTS_H
#define MLC_TESTS_H

#include "mlc_common.h"

struct mlc_scores;
struct mlc_confusion;

/* Regularized incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1
 * (scipy.special.betainc); NaN outside the domain. */
double		mlc_beta_inc(double a, double b, double x);
/* Its inverse in x: the x with I_x(a, b) = p (scipy.special.betaincinv). */
double		mlc_beta_inc_inv(double a, double b, double p);

/* P(X <= k), X ~ Binomial(n, p) (scipy.stats.binom.cdf) */
double		mlc_binom_cdf(double k, double n, double p);
/* P(X >= k) (scipy.stats.binom.sf(k - 1, n, p)) */
double		mlc_binom_sf_ge(double k, double n, double p);
/* P(T > t), T ~ Student's t with df > 0 degrees of freedom (scipy.stats.t.sf) */
double		mlc_student_t_sf(double t, double df);

/* Clopper–Pearson two-sided interval for k successes of n, 0 < level < 1. */
void		mlc_clopper_pearson(double k, double n, double level,
								double *lower, double *upper);

typedef struct mlc_mcnemar_result
{
	double		a_only,
				b_only;
	bool		defined;		/* false when a_only + b_only = 0 */
	bool		exact;
	double		statistic,
				p_value;
} mlc_mcnemar_result;

void		mlc_mcnemar(int64_t a_only, int64_t b_only, mlc_mcnemar_result *r);

/* Transition state of the mcnemar aggregate (a hidden type): the rows only
 * model a gets right, those only model b gets right, rows skipped. */
#define MLC_MCNEMAR_FORMAT_VERSION 1
typedef struct mlc_mcnemar_state
{
	int64_t		a_only,
				b_only,
				n_null;
} mlc_mcnemar_state;

mlc_mcnemar_state *mlc_mcnemar_state_new(void);
/* one row: whether model a and model b predicted the actual class */
static inline void
mlc_mcnemar_state_add(mlc_mcnemar_state *s, bool a_right, bool b_right)
{
	if (a_right != b_right)
	{
		if (a_right)
			s->a_only++;
		else
			s->b_only++;
	}
}

/* DeLong's quantities of one exact ROC curve. */
typedef struct mlc_delong_summary
{
	bool		defined;		/* both classes present */
	bool		var_defined;	/* at least 2 rows of each class */
	double		auc;
	double		m,
				n;				/* positives, negatives */
	double		s;				/* S10/m + S01/n, the variance of the AUC */
} mlc_delong_summary;

/*
 * From an exact summary whose counts are all integers (MLC_EBADARG with a
 * hint otherwise: binned, or weighted with non-integer weights).  `which`
 * names the argument in messages ("a", "b", NULL).  Flushes the
 * summary's row buffer first.
 */
mlc_code	mlc_scores_delong(struct mlc_scores *s, const char *which,
							  mlc_delong_summary *r, mlc_status *st);

typedef struct mlc_auc_test_result
{
	bool		auc_a_defined,
				auc_b_defined;
	double		auc_a,
				auc_b;
	bool		difference_defined;
	double		difference;
	bool		test_defined;	/* z, df, p_value */
	double		z,
				df,
				p_value;
} mlc_auc_test_result;

/* DeLong's test of two ROC curves on independent samples. */
void		mlc_auc_test_unpaired(const mlc_delong_summary *a,
								  const mlc_delong_summary *b,
								  mlc_auc_test_result *r);

/* Confidence interval from a DeLong summary (as the roc_auc_ci aggregate). */
void		mlc_delong_summary_ci(const mlc_delong_summary *d, double level,
								  double *lower, double *upper);

/* ---- read-outs of a confusion matrix ---- */

typedef enum mlc_kappa_weights
{
	MLC_KAPPA_NONE,
	MLC_KAPPA_LINEAR,			/* disagreement weight |i − j| */
	MLC_KAPPA_QUADRATIC			/* (i − j)² */
} mlc_kappa_weights;

/* Cohen's kappa with disagreement weights over the positions of the classes
 * in the sorted label list (sklearn cohen_kappa_score(weights=...));
 * false when undefined (no rows, or no expected disagreement). */
bool		mlc_confusion_kappa_weighted(const struct mlc_confusion *c,
										 mlc_kappa_weights w, double *out);

/* Share of the largest actual class; false with no rows. */
bool		mlc_confusion_no_information_rate(const struct mlc_confusion *c, double *out);

typedef struct mlc_accuracy_test_result
{
	bool		defined;		/* accuracy and no_information_rate */
	double		accuracy,
				no_information_rate;
	bool		test_defined;	/* lower, upper, p_value: integer counts only */
	double		lower,
				upper,
				p_value;
} mlc_accuracy_test_result;

/* Clopper–Pearson interval of the accuracy at `level` and the one-sided
 * binomial p-value of accuracy > no-information rate (R binom.test, as
 * caret reports them).  level outside (0, 1) → MLC_EBADARG. */
mlc_code	mlc_confusion_accuracy_test(const struct mlc_confusion *c, double level,
										mlc_accuracy_test_result *r, mlc_status *st);

#endif							/* MLC_TESTS_H */
