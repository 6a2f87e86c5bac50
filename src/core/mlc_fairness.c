/*
 * mlc_fairness.c — per-label rates of a confusion matrix and the SliceLine
 * score and score bound (see mlc_fairness.h).  No PostgreSQL header.
 */
#include <math.h>

#include "mlc_fairness.h"

bool
mlc_confusion_rate(const mlc_confusion *c, int32_t pos, mlc_rate which, double *out)
{
	mlc_class_stats s;
	double		total = mlc_confusion_total(c);
	double		num,
				den;

	mlc_confusion_class_stats_total(c, pos, total, &s);
	switch (which)
	{
		case MLC_RATE_SELECTION:
			num = s.tp + s.fp;
			den = total;
			break;
		case MLC_RATE_FPR:
			num = s.fp;
			den = s.fp + s.tn;
			break;
		case MLC_RATE_FNR:
		default:
			num = s.fn;
			den = s.fn + s.tp;
			break;
	}
	if (!(den > 0))
		return false;
	*out = num / den;
	return true;
}

static double
score_of(double size, double errors, double n_total, double avg_error, double alpha)
{
	return alpha * ((errors / size) / avg_error - 1.0)
		- (1.0 - alpha) * (n_total / size - 1.0);
}

bool
mlc_sliceline_score(double size, double errors, double n_total,
					double avg_error, double alpha, double *out)
{
	if (!(size > 0) || !(avg_error > 0))
		return false;
	*out = score_of(size, errors, n_total, avg_error, alpha);
	return true;
}

bool
mlc_sliceline_score_ub(double size_ub, double errors_ub, double max_error_ub,
					   double min_support, double n_total,
					   double avg_error, double alpha, double *out)
{
	double		lo = min_support > 1.0 ? min_support : 1.0;
	double		probe[3];
	double		best = -INFINITY;
	int			i;

	if (!(size_ub >= lo) || !(errors_ub > 0) || !(max_error_ub > 0) || !(avg_error > 0))
		return false;
	probe[0] = lo;
	probe[1] = errors_ub / max_error_ub;
	probe[2] = size_ub;
	for (i = 0; i < 3; i++)
	{
		double		s = probe[i] < lo ? lo : (probe[i] > size_ub ? size_ub : probe[i]);
		double		e = s * max_error_ub < errors_ub ? s * max_error_ub : errors_ub;
		double		sc = score_of(s, e, n_total, avg_error, alpha);

		if (sc > best)
			best = sc;
	}
	*out = best;
	return true;
}
