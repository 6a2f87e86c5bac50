/*
 * mlc_dist.c — the Kolmogorov-Smirnov distributions used by the drift
 * tests (see mlc_dist.h).  The KS code follows the algorithms SciPy 1.10 uses
 * (scipy/stats/_stats_py.py, _stats_pythran.py, _ksstats.py) operation by
 * operation where the result must agree to 1e-9.
 */
#include "mlc_dist.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXLOG 7.09782712893383996843e2

/* ------------------------------------------------------------ Kolmogorov */

double
mlc_kolmogorov_sf(double x)
{
	double		p,
				t;

	if (isnan(x))
		return NAN;
	if (x <= 0)
		return 1.0;
	if (x >= 1.0)
	{
		double		alpha = -2.0 * x * x,
					sign = 1.0,
					r = 1.0;

		p = 0.0;
		do
		{
			t = exp(alpha * r * r);
			p += sign * t;
			if (t == 0.0)
				break;
			r += 1.0;
			sign = -sign;
		} while ((t / p) > DBL_EPSILON);
		return 2 * p;
	}
	else
	{
		double		alpha = -M_PI * M_PI / (8 * x * x),
					r = 1;

		p = 0.0;
		do
		{
			t = exp(alpha * r * r);
			p += t;
			if (fabs(t) == 0.0)
				break;
			r += 2;
		} while ((t / p) >= DBL_EPSILON);
		p *= sqrt(2 * M_PI) / x;
		return 1 - p;
	}
}

double
mlc_smirnov(int64_t n, double e)
{
	int64_t		v,
				nn;
	double		p = 0.0;

	if (!(n > 0 && e >= 0.0 && e <= 1.0))
		return NAN;
	if (e == 0.0)
		return 1.0;
	nn = (int64_t) floor((double) n * (1.0 - e));
	if (n < 1013)
	{
		double		c = 1.0;

		for (v = 0; v <= nn; v++)
		{
			double		evn = e + ((double) v) / n;

			p += c * pow(evn, (double) (v - 1)) * pow(1.0 - evn, (double) (n - v));
			c *= ((double) (n - v)) / (v + 1);
		}
	}
	else
	{
		double		lgamnp1 = lgamma((double) (n + 1));

		for (v = 0; v <= nn; v++)
		{
			double		evn = e + ((double) v) / n,
						omevn = 1.0 - evn;

			if (fabs(omevn) > 0.0)
			{
				double		t = lgamnp1 - lgamma((double) (v + 1))
				- lgamma((double) (n - v + 1))
				+ (v - 1) * log(evn)
				+ (n - v) * log(omevn);

				if (t > -MAXLOG)
					p += exp(t);
			}
			if ((v & 0xffff) == 0xffff)
				mlc_check_interrupts();
		}
	}
	return p * e;
}

static double
clip01(double p)
{
	if (isnan(p))
		return p;
	return p < 0 ? 0 : (p > 1 ? 1 : p);
}

#define E128 128

/* Durbin's matrix algorithm (Marsaglia-Tsang-Wang): Pr(D_n <= d). */
static double
kolmogn_dmtw(int64_t n, double d)
{
	double		nd = n * d,
				h,
				fac,
				p,
				tt;
	int64_t		k,
				m,
				i,
				j,
				l,
				nn;
	double	   *H,
			   *Hp,
			   *T,
			   *v,
			   *w;
	int64_t		expnt = 0,
				Hexpnt = 0;
	double		EP128 = ldexp(1.0, E128),
				EM128 = ldexp(1.0, -E128);

	if (d >= 1.0)
		return 1.0;
	if (nd <= 0.5)
		return 0.0;
	k = (int64_t) ceil(nd);
	h = k - nd;
	m = 2 * k - 1;
	H = mlc_alloc0(sizeof(double) * m * m);
	Hp = mlc_alloc0(sizeof(double) * m * m);
	T = mlc_alloc0(sizeof(double) * m * m);
	v = mlc_alloc0(sizeof(double) * m);
	w = mlc_alloc0(sizeof(double) * m);
	if (!H || !Hp || !T || !v || !w)
	{
		mlc_free(H);
		mlc_free(Hp);
		mlc_free(T);
		mlc_free(v);
		mlc_free(w);
		return NAN;
	}
	fac = 1.0;
	for (j = 1; j <= m; j++)
	{
		v[j - 1] = 1.0 - pow(h, (double) j);
		w[j - 1] = fac;
		fac /= j;
		v[j - 1] *= fac;
	}
	tt = pow(fmax(2 * h - 1.0, 0), (double) m) - 2 * pow(h, (double) m);
	v[m - 1] = (1.0 + tt) * fac;
	for (i = 1; i < m; i++)
		for (j = i - 1; j < m; j++)
			H[j * m + i] = w[j - (i - 1)];
	for (j = 0; j < m; j++)
		H[j * m + 0] = v[j];
	for (j = 0; j < m; j++)
		H[(m - 1) * m + j] = v[m - 1 - j];
	for (i = 0; i < m; i++)
		Hp[i * m + i] = 1.0;

#define MATMUL(dst, A, B) do { \
	for (i = 0; i < m; i++) { \
		for (j = 0; j < m; j++) (dst)[i * m + j] = 0.0; \
		for (l = 0; l < m; l++) { double a_ = (A)[i * m + l]; \
			if (a_ != 0.0) for (j = 0; j < m; j++) (dst)[i * m + j] += a_ * (B)[l * m + j]; } } \
	} while (0)

	nn = n;
	while (nn > 0)
	{
		double	   *sw;

		if (nn % 2)
		{
			MATMUL(T, Hp, H);
			sw = Hp;
			Hp = T;
			T = sw;
			expnt += Hexpnt;
		}
		MATMUL(T, H, H);
		sw = H;
		H = T;
		T = sw;
		Hexpnt *= 2;
		if (fabs(H[(k - 1) * m + (k - 1)]) > EP128)
		{
			for (i = 0; i < m * m; i++)
				H[i] /= EP128;
			Hexpnt += E128;
		}
		nn = nn / 2;
		mlc_check_interrupts();
	}
#undef MATMUL
	p = Hp[(k - 1) * m + (k - 1)];
	for (i = 1; i <= n; i++)
	{
		p = i * p / n;
		if (fabs(p) < EM128)
		{
			p *= EP128;
			expnt -= E128;
		}
	}
	if (expnt != 0)
		p = ldexp(p, (int) expnt);
	mlc_free(H);
	mlc_free(Hp);
	mlc_free(T);
	mlc_free(v);
	mlc_free(w);
	return clip01(p);
}

/* Pelz-Good approximation of Pr(D_n <= x) */
static double
kolmogn_pelzgood(int64_t n, double x)
{
	double		z,
				zsq,
				zthree,
				zfour,
				zsix,
				qlog,
				q,
				K[4] = {0, 0, 0, 0},
				k1a,
				k1b,
				k2a,
				k2b,
				k2c,
				k3a,
				k3b,
				k3c,
				k3d,
				k2extra = 0,
				k3extra = 0,
				sqrt3z,
				PI2 = M_PI * M_PI,
				PI4 = PI2 * PI2,
				PI6 = PI4 * PI2,
				SQRT2PI = sqrt(2 * M_PI);
	int64_t		maxk,
				k;
	int			i;

	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	z = sqrt((double) n) * x;
	zsq = z * z;
	zthree = z * z * z;
	zfour = zsq * zsq;
	zsix = zthree * zthree;
	qlog = -PI2 / 8 / zsq;
	if (qlog < -708)
		return 0.0;
	q = exp(qlog);
	k1a = -zsq;
	k1b = PI2 / 4;
	k2a = 6 * zsix + 2 * zfour;
	k2b = (2 * zfour - 5 * zsq) * PI2 / 4;
	k2c = PI4 * (1 - 2 * zsq) / 16;
	k3d = PI6 * (5 - 30 * zsq) / 64;
	k3c = PI4 * (-60 * zsq + 212 * zfour) / 16;
	k3b = PI2 * (135 * zfour - 96 * zsix) / 4;
	k3a = -30 * zsix - 90 * pow(z, 8);
	maxk = (int64_t) ceil(16 * z / M_PI);
	for (k = maxk; k > 0; k--)
	{
		double		mm = 2 * k - 1,
					m2 = mm * mm,
					m4 = m2 * m2,
					m6 = m4 * m2,
					qp = pow(q, 8.0 * k),
					c[4];

		c[0] = 1.0;
		c[1] = k1a + k1b * m2;
		c[2] = k2a + k2b * m2 + k2c * m4;
		c[3] = k3a + k3b * m2 + k3c * m4 + k3d * m6;
		for (i = 0; i < 4; i++)
			K[i] = K[i] * qp + c[i];
	}
	for (i = 0; i < 4; i++)
		K[i] = K[i] * q * SQRT2PI;
	K[0] /= z;
	K[1] /= 6 * zfour;
	K[2] /= 72 * pow(z, 7);
	K[3] /= 6480 * pow(z, 10);
	q = exp(-PI2 / 2 / zsq);
	sqrt3z = sqrt(3.0) * z;
	for (k = maxk; k > 0; k--)
	{
		double		ksq = (double) k * k,
					qp = pow(q, ksq),
					kspi = M_PI * k;

		k2extra += ksq * qp;
		k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
	}
	k2extra *= PI2 * SQRT2PI / (-36 * zthree);
	K[2] += k2extra;
	k3extra *= PI2 * SQRT2PI / (216 * zsix);
	K[3] += k3extra;
	for (i = 1; i < 4; i++)
		K[i] /= pow((double) n, i / 2.0);
	return K[0] + K[1] + K[2] + K[3];
}

static double
log_nfact_div_npown(double n)
{
	static const double c[] = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
		-1.9175269175269175269e-3, 8.4175084175084175084e-4,
		-5.952380952380952381e-4, 7.9365079365079365079e-4,
	-2.7777777777777777778e-3, 8.3333333333333333333e-2};
	double		rn = 1.0 / n,
				x = rn / n,
				poly = 0;
	int			i;

	for (i = 0; i < 8; i++)
		poly = poly * x + c[i];
	return log(n) / 2 - n + log(2 * M_PI) / 2 + rn * poly;
}

/* Above this effective size the O(n) Smirnov sum is replaced by the limit. */
#define KSTWO_LIMIT_N 100000

double
mlc_kstwo_sf(double x, int64_t n)
{
	double		t,
				nxsq;

	if (n <= 0 || isnan(x))
		return NAN;
	if (x >= 1.0)
		return 0.0;
	if (x <= 0.0)
		return 1.0;
	if (n > KSTWO_LIMIT_N)
		return clip01(mlc_kolmogorov_sf(sqrt((double) n) * x));
	t = n * x;
	if (t <= 1.0)
	{
		double		prob;

		if (t <= 0.5)
			return 1.0;
		if (n <= 140)
		{
			int64_t		i;

			prob = 1.0;
			for (i = 1; i <= n; i++)
				prob *= i * (1.0 / n) * (2 * t - 1);
		}
		else
			prob = exp(log_nfact_div_npown((double) n) + n * log(2 * t - 1));
		return clip01(1.0 - prob);
	}
	if (t >= n - 1)
		return clip01(2 * pow(1.0 - x, (double) n));
	if (x >= 0.5)
		return clip01(2 * mlc_smirnov(n, x));
	nxsq = t * x;
	if (n <= 140)
	{
		/* SciPy uses Pomeranz's recursion for 0.754693 < nx² <= 4; Durbin's
		 * matrix is exact there too and gives the same value. */
		if (nxsq <= 4)
			return clip01(1.0 - kolmogn_dmtw(n, x));
		return clip01(2 * mlc_smirnov(n, x));
	}
	if (nxsq >= 370.0)
		return 0.0;
	if (nxsq >= 2.2)
		return clip01(2 * mlc_smirnov(n, x));
	if (n <= 100000 && n * pow(x, 1.5) <= 1.4)
		return clip01(1.0 - kolmogn_dmtw(n, x));
	return clip01(1.0 - kolmogn_pelzgood(n, x));
}

/* ------------------------------------------------ two-sample KS, exact */

/* Pr(D_{n,n} >= h/n) (scipy _compute_prob_outside_square) */
static double
prob_outside_square(int64_t n, int64_t h)
{
	double		P = 0.0;
	int64_t		k = (int64_t) floor((double) n / (double) h);

	while (k >= 0)
	{
		double		p1 = 1.0;
		int64_t		j;

		for (j = 0; j < h; j++)
			p1 = (double) (n - k * h - j) * p1 / (double) (n + k * h + j + 1);
		P = p1 * (1.0 - P);
		k--;
	}
	return 2 * P;
}

/* 1 - proportion of lattice paths staying strictly inside (Hodges /
 * Viehmann recursion; scipy _compute_outer_prob_inside_method) */
static double
outer_prob_inside(int64_t m, int64_t n, int64_t g, int64_t h)
{
	int64_t		mg,
				ng,
				minj,
				maxj,
				curlen,
				lenA,
				i,
				jj;
	double	   *A,
				res;

	if (m < n)
	{
		int64_t		t = m;

		m = n;
		n = t;
	}
	mg = m / g;
	ng = n / g;
	minj = 0;
	maxj = (int64_t) ceil((double) h / (double) mg);
	if (maxj > n + 1)
		maxj = n + 1;
	curlen = maxj - minj;
	lenA = 2 * maxj + 2 < n + 1 ? 2 * maxj + 2 : n + 1;
	A = mlc_alloc(sizeof(double) * lenA);
	if (A == NULL)
		return NAN;
	for (i = 0; i < lenA; i++)
		A[i] = 1.0;
	for (i = minj; i < maxj && i < lenA; i++)
		A[i] = 0.0;
	for (i = 1; i <= m; i++)
	{
		int64_t		lastminj = minj,
					lastlen = curlen;
		double		val;

		minj = (int64_t) floor((double) (ng * i - h) / (double) mg) + 1;
		if (minj < 0)
			minj = 0;
		if (minj > n)
			minj = n;
		maxj = (int64_t) ceil((double) (ng * i + h) / (double) mg);
		if (maxj > n + 1)
			maxj = n + 1;
		if (maxj <= minj)
		{
			mlc_free(A);
			return 1.0;
		}
		val = minj == 0 ? 0.0 : 1.0;
		for (jj = 0; jj < maxj - minj; jj++)
		{
			int64_t		j = jj + minj;

			val = (A[jj + minj - lastminj] * (double) i + val * (double) j) / (double) (i + j);
			A[jj] = val;
		}
		curlen = maxj - minj;
		if (lastlen > curlen)
		{
			int64_t		s;

			for (s = maxj - minj; s < maxj - minj + (lastlen - curlen) && s < lenA; s++)
				A[s] = 1.0;
		}
		if ((i & 0xfff) == 0)
			mlc_check_interrupts();
	}
	res = A[maxj - minj - 1];
	mlc_free(A);
	return res;
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	while (b)
	{
		int64_t		t = a % b;

		a = b;
		b = t;
	}
	return a;
}

void
mlc_ks_2samp_pvalue(int64_t n1, int64_t n2, double d, double *d_out, double *p,
					bool *exact_used)
{
	double		prob = NAN;
	bool		exact = false;

	if ((n1 > n2 ? n1 : n2) <= MLC_KS_MAX_AUTO_N)
	{
		int64_t		g = gcd64(n1, n2);
		int64_t		lcm = (n1 / g) * n2;
		double		hd = rint(d * (double) lcm);
		int64_t		h = (int64_t) hd;

		d = (double) h * 1.0 / (double) lcm;
		if (h == 0)
			prob = 1.0;
		else if (n1 == n2)
			prob = prob_outside_square(n1, h);
		else
			prob = outer_prob_inside(n1, n2, g, h);
		exact = isfinite(prob) && prob >= 0 && prob <= 1;
	}
	if (!exact)
	{
		double		a = (double) (n1 > n2 ? n1 : n2),
					b = (double) (n1 > n2 ? n2 : n1),
					en = a * b / (a + b);

		prob = mlc_kstwo_sf(d, (int64_t) rint(en));
	}
	*d_out = d;
	*p = clip01(prob);
	*exact_used = exact;
}
