/*
 * mlc_profile.c — numeric and categorical distribution profiles: the
 * exact/KLL quantile sketch (with the grid of mlc_qsketch.c in format 2),
 * streaming moments, merge, binary codec and JSON text form (see
 * mlc_profile.h).
 */
#include "mlc_profile.h"
#include "mlc_json.h"
#include "mlc_types.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_INIT UINT64_C(0x9e3779b97f4a7c15)

/* ================================================================ sorting */

static void
insertion_sort(double *a, int64_t n)
{
	int64_t		i,
				j;

	for (i = 1; i < n; i++)
	{
		double		v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/*
 * Sort finite doubles ascending (-0 before +0, which compare equal anyway).
 * LSD radix sort on order-preserving keys for large arrays, 8-bit digits,
 * skipping the byte positions where every key agrees (found from the OR and
 * AND of all keys, so the counting pass only counts the digits that vary).
 * The keys live in a scratch of 2n words: on the stack for the level-0
 * batches of the sketch (a few thousand values), allocated above that.
 * Returns false on OOM (a stays unsorted).
 */
#define SORT_STACK_KEYS 4096

static bool
radix_sort_doubles(double *a, int64_t n)
{
	uint64_t	stack_keys[2 * SORT_STACK_KEYS];
	uint64_t   *k1,
			   *k2,
			   *alloced = NULL;
	uint64_t	kor = 0,
				kand = ~UINT64_C(0),
				diff;
	int64_t		i;
	uint32_t	cnt[8][256];
	int			b,
				digits[8],
				nd = 0,
				q;

	if (n <= 48)
	{
		insertion_sort(a, n);
		return true;
	}
	if (n <= SORT_STACK_KEYS)
		k1 = stack_keys;
	else
	{
		if ((uint64_t) n > UINT32_MAX)
			return false;
		k1 = alloced = mlc_alloc(sizeof(uint64_t) * 2 * n);
		if (k1 == NULL)
			return false;
	}
	k2 = k1 + n;
	for (i = 0; i < n; i++)
	{
		uint64_t	k = mlc_f64_key(a[i]);

		k1[i] = k;
		kor |= k;
		kand &= k;
	}
	diff = kor ^ kand;
	for (b = 0; b < 8; b++)
		if ((diff >> (8 * b)) & 0xff)
			digits[nd++] = b;
	if (nd == 0)
	{
		mlc_free(alloced);
		return true;			/* all equal */
	}
	memset(cnt, 0, sizeof(uint32_t) * 256 * nd);
	for (i = 0; i < n; i++)
	{
		uint64_t	k = k1[i];

		for (q = 0; q < nd; q++)
			cnt[q][(k >> (8 * digits[q])) & 0xff]++;
	}
	for (q = 0; q < nd; q++)
	{
		uint32_t	sum = 0,
				   *c = cnt[q];
		int			d,
					sh = 8 * digits[q];
		uint64_t   *t;

		for (d = 0; d < 256; d++)
		{
			uint32_t	v = c[d];

			c[d] = sum;
			sum += v;
		}
		for (i = 0; i < n; i++)
		{
			uint64_t	k = k1[i];

			k2[c[(k >> sh) & 0xff]++] = k;
		}
		t = k1;
		k1 = k2;
		k2 = t;
	}
	for (i = 0; i < n; i++)
		a[i] = mlc_key_f64(k1[i]);
	mlc_free(alloced);
	return true;
}

/*
 * Interpolation bucket sort of a batch (n <= SORT_STACK_KEYS): values are
 * distributed by a monotone map into at most n buckets, so the buckets are
 * in value order; buckets of more than BUCKET_SMALL values (ties, crowded
 * data) are radix sorted, then one insertion pass over the whole batch
 * sorts the small buckets (no value moves past its bucket).  The map is
 * linear in the value, floor((x - min) * n / (max - min)), unless that
 * crowds more than an eighth of the batch into one bucket (heavy tails:
 * a Pareto or lognormal batch has nearly all its values in the first
 * bucket), or the batch holds -0, a non-finite value or an overflowing
 * range; then it is linear in the order-preserving key, (key - min key)
 * >> sh, a roughly logarithmic scale on which heavy tails spread evenly.
 * About four cheap passes either way, against one per varying byte for
 * the radix sort.  Same order as the radix sort, the same result (-0 and
 * +0, which compare equal, may come in either order; the sketch holds no
 * -0).
 */
#define BUCKET_SMALL 16

static void
bucket_sort_doubles(double *a, int64_t n)
{
	double		tmp[SORT_STACK_KEYS];
	uint16_t	cnt[SORT_STACK_KEYS + 1];
	double		mn = a[0],
				mx = a[0],
				range,
				scale = 0;
	uint64_t	kmin = ~UINT64_C(0),
				kmax = 0;
	int64_t		i,
				b,
				nb = n;
	int			sh = 0;
	bool		bykey = false;

	for (i = 0; i < n; i++)
	{
		double		x = a[i];

		if (x < mn)
			mn = x;
		if (x > mx)
			mx = x;
		/* NaN/Inf (x - x is NaN) or -0 */
		bykey |= !(x - x == 0) || (x == 0 && signbit(x));
	}
	if (!bykey && mn == mx)
		return;					/* all equal */
	range = mx - mn;
	if (!bykey)
	{
		scale = (double) n / range;
		bykey = !isfinite(range) || !isfinite(scale) || !(range > 0);
	}
	if (!bykey)
	{
		uint16_t	most = 0;

		memset(cnt, 0, sizeof(uint16_t) * (n + 1));
		for (i = 0; i < n; i++)
		{
			b = (int64_t) ((a[i] - mn) * scale);
			if (b >= n)
				b = n - 1;
			cnt[b + 1]++;
		}
		for (b = 1; b <= n; b++)
			if (cnt[b] > most)
				most = cnt[b];
		bykey = most > n / 8;
	}
	if (bykey)
	{
		for (i = 0; i < n; i++)
		{
			uint64_t	k = mlc_f64_key(a[i]);

			if (k < kmin)
				kmin = k;
			if (k > kmax)
				kmax = k;
		}
		if (kmin == kmax)
			return;				/* all equal */
		while (((kmax - kmin) >> sh) >= (uint64_t) n)
			sh++;
		nb = (int64_t) ((kmax - kmin) >> sh) + 1;	/* <= n */
		memset(cnt, 0, sizeof(uint16_t) * (nb + 1));
		for (i = 0; i < n; i++)
			cnt[((mlc_f64_key(a[i]) - kmin) >> sh) + 1]++;
	}
	/* cnt[b] becomes the start of bucket b */
	for (b = 1; b <= nb; b++)
		cnt[b] += cnt[b - 1];
	if (bykey)
		for (i = 0; i < n; i++)
		{
			double		x = a[i];

			tmp[cnt[(mlc_f64_key(x) - kmin) >> sh]++] = x;
		}
	else
		for (i = 0; i < n; i++)
		{
			double		x = a[i];

			b = (int64_t) ((x - mn) * scale);
			if (b >= n)
				b = n - 1;
			tmp[cnt[b]++] = x;
		}
	/* now cnt[b] is the end of bucket b (cnt[b - 1] its start) */
	for (b = 0; b < nb; b++)
	{
		int64_t		start = b ? cnt[b - 1] : 0,
					len = cnt[b] - start;

		if (len > BUCKET_SMALL)
			radix_sort_doubles(tmp + start, len);	/* n <= 4096: no alloc */
	}
	insertion_sort(tmp, n);
	memcpy(a, tmp, sizeof(double) * n);
}

/* Sort finite doubles ascending; false on OOM (a stays unsorted). */
static bool
sort_doubles(double *a, int64_t n)
{
	if (n > 48 && n <= SORT_STACK_KEYS)
	{
		bucket_sort_doubles(a, n);
		return true;
	}
	return radix_sort_doubles(a, n);
}

static bool
is_sorted(const double *a, int64_t n)
{
	int64_t		i;

	for (i = 1; i < n; i++)
		if (a[i - 1] > a[i])
			return false;
	return true;
}

/* ================================================================ numeric */

static inline uint64_t
splitmix64(uint64_t *s)
{
	uint64_t	z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

mlc_numprof *
mlc_numprof_new(void)
{
	mlc_numprof *p = mlc_alloc0(sizeof(mlc_numprof));

	if (p == NULL)
		return NULL;
	p->exact = true;
	p->nlevels = 1;
	p->seed = SEED_INIT;
	return p;
}

void
mlc_numprof_free(mlc_numprof *p)
{
	int			h;

	if (p == NULL)
		return;
	for (h = 0; h < MLC_PROFILE_MAX_LEVELS; h++)
		mlc_free(p->lv[h]);
	mlc_qhist_free(p->hist);
	mlc_free(p);
}

/* where mlc_numprof_add_quick must hand over to mlc_numprof_add */
static void
set_quick_end(mlc_numprof *p)
{
	p->quick_end = p->exact ? 0 : p->alloc[0] < p->trigger - 1 ? p->alloc[0] : p->trigger - 1;
	if (p->quick_end < 0)
		p->quick_end = 0;
	p->quick_buf = p->lv[0];	/* lv[0] changes only in reserve_level, which calls this */
}

static bool
reserve_level(mlc_numprof *p, int h, int64_t need)
{
	int64_t		na;
	double	   *nv;

	if (need <= p->alloc[h])
		return true;
	na = p->alloc[h] ? p->alloc[h] : 64;
	while (na < need)
		na *= 2;
	if (na > INT32_MAX / 2)
		return false;
	nv = p->lv[h] ? mlc_realloc(p->lv[h], sizeof(double) * na) : mlc_alloc(sizeof(double) * na);
	if (nv == NULL)
		return false;
	p->lv[h] = nv;
	p->alloc[h] = (int32_t) na;
	if (h == 0)
		set_quick_end(p);
	return true;
}

/* nominal capacity of level h when the sketch has nl levels */
static int64_t
level_cap_k(int h, int nl, int k)
{
	int			depth = nl - 1 - h,
				i;
	double		c = k;
	int64_t		v;

	for (i = 0; i < depth && c >= MLC_PROFILE_MIN_WIDTH; i++)
		c *= 2.0 / 3.0;
	v = (int64_t) c;
	if (v < MLC_PROFILE_MIN_WIDTH)
		v = MLC_PROFILE_MIN_WIDTH;
	if (h == 0 && v < k)
		v = k;					/* level 0 doubles as the input batch */
	return v;
}

static int64_t
total_cap_k(int nl, int k)
{
	int64_t		t = 0;
	int			h;

	for (h = 0; h < nl; h++)
		t += level_cap_k(h, nl, k);
	return t;
}

static int64_t
total_cap(int nl)
{
	return total_cap_k(nl, MLC_PROFILE_K);
}

int64_t
mlc_numprof_items(const mlc_numprof *p)
{
	int64_t		t = 0;
	int			h;

	for (h = 0; h < p->nlevels; h++)
		t += p->len[h];
	return t;
}

/* moments of a batch, merged into (n, mean, m2, min, max) */
static void
moments_merge(int64_t *n, double *mean, double *m2, double *mn, double *mx,
			  int64_t nb, double meanb, double m2b, double mnb, double mxb)
{
	int64_t		na = *n,
				nt;
	double		delta;

	if (nb == 0)
		return;
	if (na == 0)
	{
		*n = nb;
		*mean = meanb;
		*m2 = m2b;
		*mn = mnb;
		*mx = mxb;
		return;
	}
	nt = na + nb;
	delta = meanb - *mean;
	if (isfinite(delta))
		*mean += delta * ((double) nb / (double) nt);
	else						/* means of opposite signs near 1e308 */
		*mean = *mean * ((double) na / (double) nt) + meanb * ((double) nb / (double) nt);
	/* +Infinity when the true m2 is past the float8 range (see write) */
	*m2 += m2b + delta * delta * ((double) na * (double) nb / (double) nt);
	if (mnb < *mn)
		*mn = mnb;
	if (mxb > *mx)
		*mx = mxb;
	if (*mean < *mn)
		*mean = *mn;
	if (*mean > *mx)
		*mean = *mx;
	*n = nt;
}

/*
 * Mean and sum of squared deviations of n finite values within [lo, hi],
 * two-pass, on values multiplied by a power of two (mlc_pow2_scale) so the
 * sum never overflows: {1e308, 1.5e308, 1.7e308} has mean 1.4e308 (a plain
 * sum would be +Infinity).  Exact scaling: other data give the same bits
 * as the plain formula.  *m2 is +Infinity when the true value is past the
 * float8 range.
 */
static void
mean_m2(const double *v, int64_t n, double lo, double hi, double *mean, double *m2)
{
	double		sc = mlc_pow2_scale(fmax(fabs(lo), fabs(hi)), (double) n),
				s = 0,
				q = 0,
				m,
				ms;
	int64_t		i;

	for (i = 0; i < n; i++)
		s += v[i] * sc;
	m = s / (double) n / sc;
	/* clamp: a mean outside [min, max] can only be rounding */
	if (m < lo)
		m = lo;
	if (m > hi)
		m = hi;
	ms = m * sc;
	for (i = 0; i < n; i++)
	{
		double		d = v[i] * sc - ms;

		q += d * d;
	}
	*mean = m;
	*m2 = q / sc / sc;
}

static inline double
min2(double a, double b)
{
	return b < a ? b : a;
}

static inline double
max2(double a, double b)
{
	return b > a ? b : a;
}

/*
 * The moments of a batch in sketch mode: mean_m2's model (two passes over
 * values scaled by a power of two) with four independent partial sums and
 * minima/maxima per pass, so that the additions overlap instead of waiting
 * for each other; the result differs from mean_m2's only in rounding.
 */
static void
batch_moments(const double *v, int64_t n, double *mean, double *m2, double *mn, double *mx)
{
	double		l0 = v[0],
				l1 = v[0],
				l2 = v[0],
				l3 = v[0],
				h0 = v[0],
				h1 = v[0],
				h2 = v[0],
				h3 = v[0],
				s0 = 0,
				s1 = 0,
				s2 = 0,
				s3 = 0,
				l,
				h,
				sc,
				m,
				ms;
	int64_t		i,
				n4 = n & ~(int64_t) 3;

	for (i = 0; i < n4; i += 4)
	{
		l0 = min2(l0, v[i]);
		l1 = min2(l1, v[i + 1]);
		l2 = min2(l2, v[i + 2]);
		l3 = min2(l3, v[i + 3]);
		h0 = max2(h0, v[i]);
		h1 = max2(h1, v[i + 1]);
		h2 = max2(h2, v[i + 2]);
		h3 = max2(h3, v[i + 3]);
	}
	for (; i < n; i++)
	{
		l0 = min2(l0, v[i]);
		h0 = max2(h0, v[i]);
	}
	l = min2(min2(l0, l1), min2(l2, l3));
	h = max2(max2(h0, h1), max2(h2, h3));
	sc = mlc_pow2_scale(max2(fabs(l), fabs(h)), (double) n);
	for (i = 0; i < n4; i += 4)
	{
		s0 += v[i] * sc;
		s1 += v[i + 1] * sc;
		s2 += v[i + 2] * sc;
		s3 += v[i + 3] * sc;
	}
	for (; i < n; i++)
		s0 += v[i] * sc;
	m = ((s0 + s1) + (s2 + s3)) / (double) n / sc;
	/* clamp: a mean outside [min, max] can only be rounding */
	if (m < l)
		m = l;
	if (m > h)
		m = h;
	ms = m * sc;
	s0 = s1 = s2 = s3 = 0;
	for (i = 0; i < n4; i += 4)
	{
		double		d0 = v[i] * sc - ms,
					d1 = v[i + 1] * sc - ms,
					d2 = v[i + 2] * sc - ms,
					d3 = v[i + 3] * sc - ms;

		s0 += d0 * d0;
		s1 += d1 * d1;
		s2 += d2 * d2;
		s3 += d3 * d3;
	}
	for (; i < n; i++)
	{
		double		d = v[i] * sc - ms;

		s0 += d * d;
	}
	*mean = m;
	*m2 = ((s0 + s1) + (s2 + s3)) / sc / sc;
	*mn = l;
	*mx = h;
}

/* sketch mode: account for level-0 items not yet in the moments */
static void
flush_moments(mlc_numprof *p)
{
	double		mean,
				m2,
				mn,
				mx;
	int64_t		nb;

	if (p->exact || p->acc0 >= p->len[0])
		return;
	nb = p->len[0] - p->acc0;
	batch_moments(p->lv[0] + p->acc0, nb, &mean, &m2, &mn, &mx);
	moments_merge(&p->mom_n, &p->mean, &p->m2, &p->min, &p->max, nb, mean, m2, mn, mx);
	p->acc0 = p->len[0];
}

static mlc_code
oom(mlc_status *st)
{
	return mlc_fail(st, MLC_ENOMEM, "out of memory building a numeric profile", NULL, NULL);
}

/*
 * Format 2: the levels that compact by pairing items in arrival order,
 * unsorted (a sampler: one item of each pair, chosen at random, doubles its
 * weight): level h while its weight 2^h is at most n / 2^NP2_SAMPLER_SHIFT;
 * the others sort and keep every other item (KLL's compaction).  Sampling
 * levels 0 .. L-1 adds a zero-mean rank error of variance at most
 * n 2^L / 4; this rule keeps its standard deviation below n / 362
 * (2.8 n / MLC_PROFILE_K), the order of the KLL's own error, so sorting is
 * spent only on the levels whose weight makes it matter.  Measured inside
 * one heavy bucket (where alone the KLL answers), worst of 20 inputs: rank
 * error 0.0018 at n = 5000, 0.0017 at 50k, 0.0055 at 1M and 0.0072 at 5M,
 * against the documented 0.02.  Sampling the two lowest levels whatever n
 * (as before) broke that bound below about 10k values (0.027 at n = 5000),
 * and sampling only those two at every n cost about 14% more CPU on a 25-column
 * drift report of 5M rows a table.
 */
#define NP2_SAMPLER_SHIFT 16

static inline bool
sampled_level(const mlc_numprof *p, int h)
{
	return (p->n >> h) >= (INT64_C(1) << NP2_SAMPLER_SHIFT);
}

static mlc_code np_sync(mlc_numprof *p, mlc_status *st);

/* halve level h into level h+1 */
static mlc_code
compact_level(mlc_numprof *p, int h, mlc_status *st)
{
	int64_t		len = p->len[h],
				start,
				i,
				nout;
	int			off;
	double	   *v;

	if (h == 0)
	{
		mlc_code	rc = np_sync(p, st);

		if (rc != MLC_OK)
			return rc;
		flush_moments(p);
	}
	if (h + 1 >= MLC_PROFILE_MAX_LEVELS)
		return mlc_fail(st, MLC_ELIMIT, "numeric profile sketch has too many levels", NULL, NULL);
	if (h + 1 >= p->nlevels)
		p->nlevels = h + 2;
	v = p->lv[h];
	/*
	 * Format 2: the sampled levels pair items in arrival order, unsorted
	 * (one item of each pair, error zero-mean, only consulted inside heavy
	 * grid buckets), so only what reaches the first sorted level is ever
	 * sorted.
	 */
	nout = len / 2;
	if (p->hist && sampled_level(p, h))
	{
		int64_t		ul = p->len[h + 1];
		double	   *u;
		uint64_t	bitsrc = 0;

		if (!reserve_level(p, h + 1, ul + nout))
			return oom(st);
		u = p->lv[h + 1];
		for (i = 0; i < nout; i++)
		{
			if ((i & 63) == 0)
				bitsrc = splitmix64(&p->seed);
			u[ul + i] = v[2 * i + (int) ((bitsrc >> (i & 63)) & 1)];
		}
	}
	else
	{
		double	   *u;
		int64_t		ul;

		/* levels above 0 are kept sorted (see below): no sort needed there */
		if (!is_sorted(v, len) && !sort_doubles(v, len))
			return oom(st);
		/* an odd item stays behind: the largest */
		start = 0;
		off = (int) (splitmix64(&p->seed) >> 63);
		if (!reserve_level(p, h + 1, p->len[h + 1] + nout))
			return oom(st);
		u = p->lv[h + 1];
		ul = p->len[h + 1];
		if (is_sorted(u, ul))
		{
			/*
			 * Merge the (sorted) half into the sorted level from the back:
			 * the level stays sorted, so compacting it needs no sort.  The
			 * same multiset as appending, and sorting is unique: the same
			 * bytes.
			 */
			int64_t		a = ul - 1,
						c = nout - 1,
						o = ul + nout - 1;

			while (c >= 0)
			{
				double		x = v[start + 2 * c + off];

				if (a >= 0 && u[a] > x)
					u[o--] = u[a--];
				else
				{
					u[o--] = x;
					c--;
				}
			}
		}
		else
		{
			for (i = 0; i < nout; i++)
				u[ul + i] = v[start + 2 * i + off];
		}
	}
	p->len[h + 1] += (int32_t) nout;
	if (len % 2)
	{
		v[0] = v[len - 1];
		p->len[h] = 1;
	}
	else
		p->len[h] = 0;
	if (h == 0)
		p->acc0 = p->len[0];
	return MLC_OK;
}

/* level-0 length at which the sketch overflows its capacity */
static void
update_trigger(mlc_numprof *p)
{
	int64_t		t = p->len[0] + (total_cap(p->nlevels) - mlc_numprof_items(p)) + 1;

	if (t < p->len[0] + 1)
		t = p->len[0] + 1;
	p->trigger = t > INT32_MAX ? INT32_MAX : (int32_t) t;
	set_quick_end(p);
}

/* compact until the sketch fits the capacities of top capacity k */
static mlc_code
compress_k(mlc_numprof *p, int k, mlc_status *st)
{
	int64_t		caps[MLC_PROFILE_MAX_LEVELS],
				total = 0;
	int			nl = -1,
				h;

	for (;;)
	{
		mlc_code	rc;

		/* the capacities depend on the number of levels only */
		if (nl != p->nlevels)
		{
			nl = p->nlevels;
			total = 0;
			for (h = 0; h < nl; h++)
				total += caps[h] = level_cap_k(h, nl, k);
		}
		if (mlc_numprof_items(p) <= total)
			break;
		for (h = 0; h < nl; h++)
			if (p->len[h] >= caps[h])
				break;
		if (h == nl)
			h = nl - 1;			/* cannot happen: total over cap */
		rc = compact_level(p, h, st);
		if (rc != MLC_OK)
			return rc;
	}
	update_trigger(p);
	return MLC_OK;
}

static mlc_code
compress(mlc_numprof *p, mlc_status *st)
{
	return compress_k(p, MLC_PROFILE_K, st);
}

/* add values to the grid of a format 2 sketch */
static mlc_code
hist_add_values(mlc_numprof *p, const double *v, int64_t n, mlc_status *st)
{
	return mlc_qhist_add_batch(p->hist, v, n) ? MLC_OK : oom(st);
}

/* count the pending level-0 items in the grid (see hist_pend) */
static mlc_code
np_sync(mlc_numprof *p, mlc_status *st)
{
	mlc_code	rc;

	if (p->hist_pend == 0)
		return MLC_OK;
	rc = hist_add_values(p, p->lv[0] + p->len[0] - p->hist_pend, p->hist_pend, st);
	if (rc == MLC_OK)
		p->hist_pend = 0;
	return rc;
}

/* exact → sketch of format fmt: moments of all values, then compress */
static mlc_code
to_sketch(mlc_numprof *p, int fmt, mlc_status *st)
{
	mlc_code	rc;

	if (!p->exact)
		return MLC_OK;
	if (fmt == MLC_PROFILE_FORMAT_VERSION)
	{
		p->hist = mlc_qhist_new(MLC_QS_MAX_BITS);
		if (p->hist == NULL)
			return oom(st);
		rc = hist_add_values(p, p->lv[0], p->len[0], st);
		if (rc != MLC_OK)
			return rc;
	}
	p->fmt = (uint8_t) fmt;
	p->exact = false;
	p->mom_n = 0;
	p->acc0 = 0;
	flush_moments(p);
	return compress(p, st);
}

/*
 * Before a format 2 sketch is written: coarsen the grid to its budget and
 * compact the KLL part to what the grid leaves of the profile's budget.
 */
#define NP2_HEADER_BYTES (4 + 3 + 5 * 8 + 4 * 8 + 8 + 1)

static mlc_code
seal(mlc_numprof *p, mlc_status *st)
{
	size_t		hb;
	int64_t		budget;
	int			k = MLC_PROFILE_K;
	mlc_code	rc;

	if (!mlc_qhist_fit(p->hist, MLC_QS_HIST_BUDGET))
		return oom(st);
	hb = mlc_qhist_encoded_size(p->hist);
	budget = (int64_t) MLC_QS_PROFILE_BUDGET - NP2_HEADER_BYTES - (int64_t) hb;
	flush_moments(p);
	while (mlc_numprof_items(p) * 8 + (int64_t) p->nlevels * 4 > budget && k > MLC_PROFILE_MIN_WIDTH)
	{
		k = k * 7 / 8;
		if (k < MLC_PROFILE_MIN_WIDTH)
			k = MLC_PROFILE_MIN_WIDTH;
		rc = compress_k(p, k, st);
		if (rc != MLC_OK)
			return rc;
	}
	p->acc0 = p->len[0];
	update_trigger(p);
	return MLC_OK;
}

mlc_code
mlc_numprof_add(mlc_numprof *p, double x, mlc_status *st)
{
	if (isnan(x))
	{
		p->n_nan++;
		return MLC_OK;
	}
	if (isinf(x))
	{
		if (x > 0)
			p->n_posinf++;
		else
			p->n_neginf++;
		return MLC_OK;
	}
	if (p->len[0] >= p->alloc[0] && !reserve_level(p, 0, (int64_t) p->len[0] + 1))
		return oom(st);
	if (x == 0)
		x = 0.0;				/* -0 and +0 are one value: canonical bytes */
	if (!p->exact && p->hist)
	{
		/* counted now, so the pending values go first (they precede x) */
		mlc_code	rc = np_sync(p, st);

		if (rc != MLC_OK)
			return rc;
		if (!mlc_qhist_add(p->hist, x))
			return oom(st);
	}
	p->lv[0][p->len[0]++] = x;
	p->n++;
	if (p->exact)
	{
		if (p->n > MLC_PROFILE_EXACT_MAX)
			return to_sketch(p, MLC_PROFILE_FORMAT_VERSION, st);
		return MLC_OK;
	}
	if (p->len[0] >= p->trigger)
		return compress(p, st);
	return MLC_OK;
}

bool
mlc_numprof_finish(mlc_numprof *p)
{
	int			h;
	mlc_status	st;

	mlc_status_init(&st);
	if (np_sync(p, &st) != MLC_OK)
		return false;
	flush_moments(p);
	for (h = 0; h < p->nlevels; h++)
		if (!is_sorted(p->lv[h], p->len[h]))
			sort_doubles(p->lv[h], p->len[h]);
	return true;
}

static void
full_moments(const mlc_numprof *p, mlc_moments *m)
{
	/* sketch mode, including pending level-0 items, without modifying p */
	int64_t		n = p->mom_n;
	double		mean = p->mean,
				m2 = p->m2,
				mn = p->min,
				mx = p->max;

	if (p->acc0 < p->len[0])
	{
		double		bm,
					bq,
					bl,
					bh;
		int64_t		nb = p->len[0] - p->acc0;

		batch_moments(p->lv[0] + p->acc0, nb, &bm, &bq, &bl, &bh);
		moments_merge(&n, &mean, &m2, &mn, &mx, nb, bm, bq, bl, bh);
	}
	m->n = n;
	m->mean = mean;
	m->m2 = m2;
	m->min = mn;
	m->max = mx;
}

/* exact mode: from the values, in sorted order (canonical) */
static void
exact_moments(mlc_numprof *p, mlc_moments *m)
{
	int64_t		n = p->len[0];
	const double *v;

	m->n = n;
	if (n == 0)
	{
		m->mean = m->m2 = m->min = m->max = 0;
		return;
	}
	if (!is_sorted(p->lv[0], n))
		sort_doubles(p->lv[0], n);
	v = p->lv[0];
	mean_m2(v, n, v[0], v[n - 1], &m->mean, &m->m2);
	m->min = v[0];
	m->max = v[n - 1];
}

void
mlc_numprof_moments(mlc_numprof *p, mlc_moments *m)
{
	if (p->exact)
		exact_moments(p, m);
	else
		full_moments(p, m);
}

mlc_code
mlc_numprof_merge(mlc_numprof *dst, const mlc_numprof *src, mlc_status *st)
{
	int			h,
				fmt;
	mlc_code	rc;

	/* every counter checked before any changes */
	if (!mlc_i64_add_ok(dst->n, src->n) ||
		!mlc_i64_add_ok(dst->n_null, src->n_null) ||
		!mlc_i64_add_ok(dst->n_nan, src->n_nan) ||
		!mlc_i64_add_ok(dst->n_posinf, src->n_posinf) ||
		!mlc_i64_add_ok(dst->n_neginf, src->n_neginf))
		return mlc_count_overflow(st, "numeric profile count");
	if (!dst->exact && !src->exact && src->n > 0 && dst->fmt != src->fmt)
		return mlc_failf(st, MLC_EBADARG,
						 "Rebuild the 0.1 profile from its rows with mlcheck.profile(x), or merge it only with 0.1 or exact profiles.",
						 "cannot merge a numeric profile sketched by mlcheck 0.1 (format %d) with one of format %d",
						 MLC_PROFILE_LEGACY_VERSION, MLC_PROFILE_FORMAT_VERSION);
	/* dst's pending values first: level 0 changes below */
	rc = np_sync(dst, st);
	if (rc != MLC_OK)
		return rc;
	dst->n_null += src->n_null;
	dst->n_nan += src->n_nan;
	dst->n_posinf += src->n_posinf;
	dst->n_neginf += src->n_neginf;
	if (src->n == 0)
		return MLC_OK;
	if (dst->exact && src->exact && dst->n + src->n <= MLC_PROFILE_EXACT_MAX)
	{
		if (!reserve_level(dst, 0, (int64_t) dst->len[0] + src->len[0]))
			return oom(st);
		memcpy(dst->lv[0] + dst->len[0], src->lv[0], sizeof(double) * src->len[0]);
		dst->len[0] += src->len[0];
		dst->n += src->n;
		return MLC_OK;
	}
	fmt = src->exact ? MLC_PROFILE_FORMAT_VERSION : src->fmt;
	if (dst->exact)
	{
		rc = to_sketch(dst, fmt, st);
		if (rc != MLC_OK)
			return rc;
	}
	if (dst->hist)
	{
		if (src->exact)
			rc = hist_add_values(dst, src->lv[0], src->len[0], st);
		else
		{
			rc = mlc_qhist_merge(dst->hist, src->hist) ? MLC_OK : oom(st);
			/* src's values not yet in its grid: its last hist_pend level-0 items */
			if (rc == MLC_OK && src->hist_pend > 0)
				rc = hist_add_values(dst, src->lv[0] + src->len[0] - src->hist_pend,
									 src->hist_pend, st);
		}
		if (rc != MLC_OK)
			return rc;
	}
	flush_moments(dst);
	{
		mlc_moments sm;

		if (src->exact)
		{
			double		mean,
						m2,
						mn,
						mx;

			batch_moments(src->lv[0], src->len[0], &mean, &m2, &mn, &mx);
			sm.n = src->len[0];
			sm.mean = mean;
			sm.m2 = m2;
			sm.min = mn;
			sm.max = mx;
		}
		else
			full_moments(src, &sm);
		moments_merge(&dst->mom_n, &dst->mean, &dst->m2, &dst->min, &dst->max,
					  sm.n, sm.mean, sm.m2, sm.min, sm.max);
	}
	if (src->nlevels > dst->nlevels)
		dst->nlevels = src->nlevels;
	for (h = 0; h < src->nlevels; h++)
	{
		if (src->len[h] == 0)
			continue;
		if (!reserve_level(dst, h, (int64_t) dst->len[h] + src->len[h]))
			return oom(st);
		if (dst->hist && is_sorted(dst->lv[h], dst->len[h]) &&
			is_sorted(src->lv[h], src->len[h]))
		{
			/* two sorted levels: merge from the back, the level stays sorted */
			double	   *u = dst->lv[h];
			const double *w = src->lv[h];
			int64_t		a = dst->len[h] - 1,
						c = src->len[h] - 1,
						o = dst->len[h] + src->len[h] - 1;

			while (c >= 0)
			{
				if (a >= 0 && u[a] > w[c])
					u[o--] = u[a--];
				else
					u[o--] = w[c--];
			}
		}
		else
			memcpy(dst->lv[h] + dst->len[h], src->lv[h], sizeof(double) * src->len[h]);
		dst->len[h] += src->len[h];
	}
	dst->acc0 = dst->len[0];
	dst->n += src->n;
	if (!src->exact)
	{
		uint64_t	s = src->seed;

		dst->seed ^= splitmix64(&s);
	}
	return compress(dst, st);
}

static mlc_code kll_view(mlc_numprof *p, double **vals, double **wts, int64_t *m,
						 mlc_status *st);

/* format 2: the query state over the grid and the KLL view (freed by qs_done) */
static mlc_code
qs_begin(mlc_numprof *p, mlc_qs_query *q, double **kv, double **kw, mlc_status *st)
{
	int64_t		km;
	mlc_moments mo;
	mlc_code	rc = kll_view(p, kv, kw, &km, st);

	if (rc != MLC_OK)
		return rc;
	full_moments(p, &mo);
	if (!mlc_qs_query_init(q, p->hist, *kv, *kw, km, p->n, mo.min, mo.max))
	{
		mlc_free(*kv);
		mlc_free(*kw);
		return oom(st);
	}
	return MLC_OK;
}

static void
qs_done(mlc_qs_query *q, double *kv, double *kw)
{
	mlc_qs_query_free(q);
	mlc_free(kv);
	mlc_free(kw);
}

double
mlc_numprof_rank_error(mlc_numprof *p)
{
	mlc_qs_query q;
	mlc_status	st;
	double	   *kv,
			   *kw,
				e;

	if (p->exact)
		return 0.0;
	if (p->hist == NULL)
		return MLC_PROFILE_RANK_EPS;
	if (qs_begin(p, &q, &kv, &kw, &st) != MLC_OK)
		return 1.0;				/* out of memory: the trivial bound */
	e = mlc_qs_rank_bound(&q);
	qs_done(&q, kv, kw);
	return e;
}

/* merge two sorted weighted runs */
static void
merge_runs(const double *av, const double *aw, int64_t an,
		   const double *bv, const double *bw, int64_t bn,
		   double *ov, double *ow)
{
	int64_t		i = 0,
				j = 0,
				o = 0;

	while (i < an && j < bn)
	{
		if (av[i] <= bv[j])
		{
			ov[o] = av[i];
			ow[o++] = aw[i++];
		}
		else
		{
			ov[o] = bv[j];
			ow[o++] = bw[j++];
		}
	}
	while (i < an)
	{
		ov[o] = av[i];
		ow[o++] = aw[i++];
	}
	while (j < bn)
	{
		ov[o] = bv[j];
		ow[o++] = bw[j++];
	}
}

mlc_code
mlc_numprof_view(mlc_numprof *p, double **vals, double **wts, int64_t *m, mlc_status *st)
{
	mlc_qs_query q;
	double	   *kv,
			   *kw;
	mlc_code	rc;
	bool		ok;

	if (p->exact || p->hist == NULL)
		return kll_view(p, vals, wts, m, st);
	rc = qs_begin(p, &q, &kv, &kw, st);
	if (rc != MLC_OK)
		return rc;
	ok = mlc_qs_view(&q, vals, wts, m);
	qs_done(&q, kv, kw);
	return ok ? MLC_OK : oom(st);
}

/* the KLL items merged across levels (the exact values when exact) */
static mlc_code
kll_view(mlc_numprof *p, double **vals, double **wts, int64_t *m, mlc_status *st)
{
	int64_t		total = mlc_numprof_items(p),
				have = 0,
				i;
	double	   *v,
			   *w,
			   *tv,
			   *tw;
	int			h;

	if (!mlc_numprof_finish(p))
		return oom(st);
	*vals = *wts = NULL;
	*m = 0;
	v = mlc_alloc(sizeof(double) * (total + 1));
	w = mlc_alloc(sizeof(double) * (total + 1));
	tv = mlc_alloc(sizeof(double) * (total + 1));
	tw = mlc_alloc(sizeof(double) * (total + 1));
	if (!v || !w || !tv || !tw)
	{
		mlc_free(v);
		mlc_free(w);
		mlc_free(tv);
		mlc_free(tw);
		return oom(st);
	}
	for (h = 0; h < p->nlevels; h++)
	{
		int64_t		ln = p->len[h];
		double		wt = ldexp(1.0, h);

		if (ln == 0)
			continue;
		if (have == 0)
		{
			memcpy(v, p->lv[h], sizeof(double) * ln);
			for (i = 0; i < ln; i++)
				w[i] = wt;
		}
		else
		{
			double	   *lw,
					   *sv,
					   *sw;

			lw = mlc_alloc(sizeof(double) * ln);
			if (lw == NULL)
			{
				mlc_free(v);
				mlc_free(w);
				mlc_free(tv);
				mlc_free(tw);
				return oom(st);
			}
			for (i = 0; i < ln; i++)
				lw[i] = wt;
			merge_runs(v, w, have, p->lv[h], lw, ln, tv, tw);
			mlc_free(lw);
			sv = v;
			sw = w;
			v = tv;
			w = tw;
			tv = sv;
			tw = sw;
		}
		have += ln;
	}
	mlc_free(tv);
	mlc_free(tw);
	*vals = v;
	*wts = w;
	*m = have;
	return MLC_OK;
}

bool
mlc_numprof_quantile(mlc_numprof *p, double q, double *out)
{
	if (p->n == 0 || isnan(q))
		return false;
	if (!mlc_numprof_finish(p))
		return false;			/* out of memory counting pending values */
	if (p->exact)
	{
		const double *v = p->lv[0];
		int64_t		n = p->len[0];
		double		g = (double) (n - 1) * q,
					fl = floor(g),
					a,
					b,
					t,
					diff;
		int64_t		prev;

		if (g >= (double) (n - 1))
		{
			*out = v[n - 1];
			return true;
		}
		if (g < 0)
		{
			*out = v[0];
			return true;
		}
		prev = (int64_t) fl;
		a = v[prev];
		b = v[prev + 1];
		t = g - fl;
		diff = b - a;
		/* numpy's _lerp */
		*out = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
		return true;
	}
	else
	{
		double	   *v,
				   *w,
					target = q * (double) p->n,
					cum = 0;
		int64_t		m,
					i;
		mlc_status	st;
		mlc_moments mo;

		if (p->hist)
		{
			mlc_qs_query qq;
			double	   *kv,
					   *kw;

			if (qs_begin(p, &qq, &kv, &kw, &st) != MLC_OK)
				return false;
			*out = mlc_qs_quantile(&qq, q);
			qs_done(&qq, kv, kw);
			return true;
		}
		full_moments(p, &mo);
		if (q <= 0)
		{
			*out = mo.min;
			return true;
		}
		if (q >= 1)
		{
			*out = mo.max;
			return true;
		}
		if (kll_view(p, &v, &w, &m, &st) != MLC_OK)
			return false;
		*out = mo.max;
		for (i = 0; i < m; i++)
		{
			cum += w[i];
			if (cum >= target)
			{
				*out = v[i];
				break;
			}
		}
		mlc_free(v);
		mlc_free(w);
		return true;
	}
}

bool
mlc_numprof_cdf(mlc_numprof *p, double x, double *out)
{
	int			h;
	double		cum = 0;

	if (p->n == 0 || isnan(x))
		return false;
	if (!p->exact && p->hist)
	{
		mlc_qs_query q;
		double	   *kv,
				   *kw;
		mlc_status	st;

		if (qs_begin(p, &q, &kv, &kw, &st) != MLC_OK)
			return false;
		*out = mlc_qs_cdf(&q, x);
		qs_done(&q, kv, kw);
		return true;
	}
	for (h = 0; h < p->nlevels; h++)
	{
		int64_t		i,
					c = 0;

		for (i = 0; i < p->len[h]; i++)
			if (p->lv[h][i] <= x)
				c++;
		cum += ldexp((double) c, h);
	}
	*out = cum / (double) p->n;
	return true;
}

/* -------------------------------------------------- compact exact codec */

/*
 * Format 3: an exact profile as its distinct values in ascending order.
 * After the common header (version, 'N', exact = 1, the five counts):
 *   varint k (distinct values; 0 when n = 0), and when k > 0:
 *   u64 key of the smallest value, u8 tz, ceil(k / 8) bytes of flags (bit
 *   i of byte i / 8, least significant first: value i occurs more than
 *   once), k - 1 varints (key_i - key_{i-1}) >> tz, and for every flagged
 *   value in order a varint (count - 2).
 * key: the order-preserving image of the double in which x and -x are
 * symmetric (2^63 + bits for x >= 0, 2^64 - bits for x < 0), so trailing
 * zero bits shared by the data (float4 values, integers, binary grids)
 * survive the sign; tz is the number of trailing zero bits common to every
 * difference (0 when k = 1).  Varints: 7 bits a byte, least significant
 * group first, no redundant zero group.
 * Size: splitting a difference d = d1 + d2 by a new value never shortens
 * the varints (len(d1) + len(d2) >= len(d)), a new value only lowers tz,
 * adds a flag bit and lengthens a count; so adding values never shrinks
 * the encoding, and "fits the budget" is a property of the multiset.
 */
#define EKEY_SIGN UINT64_C(0x8000000000000000)
#define EXACT_HEADER_BYTES (3 + 5 * 8)

static inline uint64_t
ekey(double v)
{
	uint64_t	u;

	memcpy(&u, &v, 8);
	return (u & EKEY_SIGN) ? (uint64_t) 0 - u : (u | EKEY_SIGN);
}

static inline double
ekey_val(uint64_t k)
{
	uint64_t	u = (k & EKEY_SIGN) ? (k & ~EKEY_SIGN) : (uint64_t) 0 - k;
	double		v;

	memcpy(&v, &u, 8);
	return v;
}

static int
ctz64(uint64_t v)
{
	int			t = 0;

	if (v == 0)
		return 0;
	while (!(v & 1))
	{
		v >>= 1;
		t++;
	}
	return t;
}

/* distinct keys of sorted values: k, the common shift, the encoded body size */
static size_t
exact_body(const double *v, int64_t n, int64_t *k_out, int *tz_out)
{
	int64_t		i,
				k = 0,
				run = 0;
	uint64_t	orr = 0,
				prev = 0;
	size_t		t;
	int			tz;

	for (i = 0; i < n; i++)
	{
		uint64_t	key = ekey(v[i]);

		if (i > 0 && key == prev)
			continue;
		if (i > 0)
			orr |= key - prev;
		prev = key;
		k++;
	}
	tz = ctz64(orr);
	t = mlc_uvarint_len((uint64_t) k);
	if (k > 0)
		t += 8 + 1 + (size_t) (k + 7) / 8;
	for (i = 0; i < n; i = i + run)
	{
		uint64_t	key = ekey(v[i]);

		for (run = 1; i + run < n && ekey(v[i + run]) == key; run++)
			;
		if (i > 0)
			t += mlc_uvarint_len((key - prev) >> tz);
		if (run > 1)
			t += mlc_uvarint_len((uint64_t) (run - 2));
		prev = key;
	}
	*k_out = k;
	*tz_out = tz;
	return t;
}

size_t
mlc_numprof_exact_size(mlc_numprof *p)
{
	int64_t		k;
	int			tz;

	if (!is_sorted(p->lv[0], p->len[0]))
		sort_doubles(p->lv[0], p->len[0]);
	return EXACT_HEADER_BYTES + exact_body(p->lv[0], p->len[0], &k, &tz);
}

/* the body of an exact profile whose values are sorted */
static void
exact_write(const double *v, int64_t n, mlc_buf *out)
{
	int64_t		k,
				i,
				run,
				d;
	int			tz;
	uint64_t	prev = 0;
	uint8_t		flags = 0;

	(void) exact_body(v, n, &k, &tz);
	mlc_put_uvarint(out, (uint64_t) k);
	if (k == 0)
		return;
	mlc_put_u64(out, ekey(v[0]));
	mlc_put_u8(out, (uint8_t) tz);
	/* flags */
	for (i = 0, d = 0; i < n; i += run, d++)
	{
		for (run = 1; i + run < n && ekey(v[i + run]) == ekey(v[i]); run++)
			;
		if (run > 1)
			flags |= (uint8_t) (1u << (d % 8));
		if (d % 8 == 7)
		{
			mlc_put_u8(out, flags);
			flags = 0;
		}
	}
	if (d % 8)
		mlc_put_u8(out, flags);
	/* differences */
	for (i = 0; i < n; i += run)
	{
		uint64_t	key = ekey(v[i]);

		for (run = 1; i + run < n && ekey(v[i + run]) == ekey(v[i]); run++)
			;
		if (i > 0)
			mlc_put_uvarint(out, (key - prev) >> tz);
		prev = key;
	}
	/* counts */
	for (i = 0; i < n; i += run)
	{
		for (run = 1; i + run < n && ekey(v[i + run]) == ekey(v[i]); run++)
			;
		if (run > 1)
			mlc_put_uvarint(out, (uint64_t) (run - 2));
	}
}

/*
 * Read the body of an exact profile of n values into p->lv[0]; NULL when
 * fine, else the reason.  Canonical input only: what exact_write writes.
 */
static const char *
exact_read(mlc_reader *r, mlc_numprof *p)
{
	uint64_t	k,
				key,
				orr = 0,
				x;
	int64_t		n = p->n,
				i,
				o = 0,
				total;
	int			tz;
	const unsigned char *flags;
	uint64_t   *keys;
	const char *why = NULL;

	if (n < 0 || n > MLC_PROFILE_EXACT_MAX)
		return "exact profile holds too many values";
	if (!mlc_get_uvarint(r, &k, true) || k > (uint64_t) n || (k == 0) != (n == 0))
		return "bad number of distinct values";
	if (!reserve_level(p, 0, n))
		return "out of memory";
	p->len[0] = 0;
	if (k == 0)
		return NULL;
	key = mlc_get_u64(r);
	tz = mlc_get_u8(r);
	flags = mlc_get_bytes(r, (size_t) (k + 7) / 8);
	if (r->failed || flags == NULL)
		return "truncated";
	if (tz > 63 || (k == 1 && tz != 0))
		return "bad shift";
	if (k % 8 && (flags[k / 8] >> (k % 8)) != 0)
		return "unused flag bits must be zero";
	keys = mlc_alloc(sizeof(uint64_t) * k);
	if (keys == NULL)
		return "out of memory";
	keys[0] = key;
	for (i = 1; i < (int64_t) k && why == NULL; i++)
	{
		if (!mlc_get_uvarint(r, &x, true))
			why = "truncated or bad varint";
		else if (x == 0 || x > (UINT64_MAX >> tz) || (x << tz) > UINT64_MAX - key)
			why = "values must increase within the doubles";
		else
		{
			orr |= x;
			key += x << tz;
			keys[i] = key;
		}
	}
	if (why == NULL && k > 1 && !(orr & 1))
		why = "shift is not the common one";
	/* expand, counts from the flagged varints */
	total = 0;
	for (i = 0; i < (int64_t) k && why == NULL; i++)
	{
		double		v = ekey_val(keys[i]);
		int64_t		c = 1,
					q;

		if (!isfinite(v) || ekey(v) != keys[i])
			why = "values must be finite (and -0 is written as 0)";
		else if ((flags[i / 8] >> (i % 8)) & 1)
		{
			if (!mlc_get_uvarint(r, &x, true) || x > (uint64_t) n)
				why = "truncated or bad count";
			else
				c = (int64_t) x + 2;
		}
		if (why == NULL && c > n - total)
			why = "counts add up to more than n";
		for (q = 0; why == NULL && q < c; q++)
			p->lv[0][o++] = v;
		total += c;
	}
	mlc_free(keys);
	if (why == NULL && total != n)
		why = "counts do not add up to n";
	if (why == NULL)
		p->len[0] = (int32_t) o;
	return why;
}

/* ---------------------------------------------------------- binary codec */

mlc_code
mlc_numprof_write(mlc_numprof *p, mlc_buf *out, mlc_status *st)
{
	int			h;
	int32_t		i;

	if (!mlc_numprof_finish(p))
		return oom(st);
	/*
	 * An exact profile whose values do not fit the budget is stored as a
	 * sketch (whether it fits depends on the values only: see exact_size).
	 */
	if (p->exact && 4 + mlc_numprof_exact_size(p) > MLC_QS_PROFILE_BUDGET)
	{
		mlc_code	rc = to_sketch(p, MLC_PROFILE_FORMAT_VERSION, st);

		if (rc != MLC_OK)
			return rc;
		(void) mlc_numprof_finish(p);	/* nothing pending: cannot fail */
	}
	if (!p->exact && p->hist)
	{
		mlc_code	rc = seal(p, st);

		if (rc != MLC_OK)
			return rc;
		(void) mlc_numprof_finish(p);	/* nothing pending: cannot fail */
	}
	/*
	 * Never build a value the reader refuses.  Checked after the conversion
	 * above: an exact profile too big for the budget becomes a sketch here,
	 * and a sketch stores its moments (an exact one recomputes them).
	 */
	if (!p->exact && !(isfinite(p->mean) && isfinite(p->m2)))
		return mlc_fail(st, MLC_ERANGE, "numeric profile variance overflows",
						"The sum of squared deviations from the mean is past the float8 range.",
						"Profile the values divided by a constant (e.g. x / 1e200).");
	mlc_put_u8(out, p->exact ? MLC_PROFILE_EXACT_VERSION :
			   p->hist ? MLC_PROFILE_FORMAT_VERSION : MLC_PROFILE_LEGACY_VERSION);
	mlc_put_u8(out, 'N');
	mlc_put_u8(out, p->exact ? 1 : 0);
	mlc_put_i64(out, p->n);
	mlc_put_i64(out, p->n_null);
	mlc_put_i64(out, p->n_nan);
	mlc_put_i64(out, p->n_posinf);
	mlc_put_i64(out, p->n_neginf);
	if (p->exact)
		exact_write(p->lv[0], p->len[0], out);
	else
	{
		mlc_put_f64(out, p->min);
		mlc_put_f64(out, p->max);
		mlc_put_f64(out, p->mean);
		mlc_put_f64(out, p->m2);
		if (p->hist == NULL)
			mlc_put_u32(out, MLC_PROFILE_K);
		mlc_put_u64(out, p->seed);
		mlc_put_u8(out, (uint8_t) p->nlevels);
		for (h = 0; h < p->nlevels; h++)
		{
			mlc_put_i32(out, p->len[h]);
			for (i = 0; i < p->len[h]; i++)
				mlc_put_f64(out, p->lv[h][i]);
		}
		if (p->hist)
			mlc_qhist_write(p->hist, out);
	}
	return mlc_buf_done(out, st, "numeric profile value is too large", NULL);
}

/* k big-endian doubles (as mlc_put_f64 writes them), -0 read as +0 */
static void
get_f64_run(mlc_reader *r, double *out, int32_t k)
{
	const unsigned char *b;
	int32_t		i;

	if (mlc_reader_remaining(r) < (size_t) k * 8)
	{
		r->failed = true;
		return;
	}
	b = (const unsigned char *) mlc_get_bytes(r, (size_t) k * 8);
	for (i = 0; i < k; i++, b += 8)
	{
		uint64_t	u = ((uint64_t) b[0] << 56) | ((uint64_t) b[1] << 48) | ((uint64_t) b[2] << 40) |
			((uint64_t) b[3] << 32) | ((uint64_t) b[4] << 24) | ((uint64_t) b[5] << 16) |
			((uint64_t) b[6] << 8) | (uint64_t) b[7];
		double		v;

		memcpy(&v, &u, 8);
		out[i] = v + 0.0;		/* -0 → +0 */
	}
}

/*
 * Level h: its length (at most max_len, else the error bad_len) and its
 * values.  NULL, or what is wrong.
 */
static const char *
read_level(mlc_reader *r, mlc_numprof *p, int h, int64_t max_len, const char *bad_len)
{
	int32_t		k = mlc_get_i32(r);

	if (r->failed || k < 0 || k > max_len || mlc_reader_remaining(r) < (size_t) k * 8)
		return bad_len;
	if (!reserve_level(p, h, k))
		return "out of memory";
	get_f64_run(r, p->lv[h], k);
	p->len[h] = k;
	return NULL;
}

static mlc_numprof *
np_corrupt(mlc_numprof *p, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_numprof_type, p, NULL, st, NULL, "invalid binary numeric_profile value", why);
}

/*
 * Checks shared by the binary and JSON readers once the fields are in
 * place.  Returns NULL when fine, else the reason.
 */
static const char *
np_validate(mlc_numprof *p)
{
	int			h;
	int64_t		wsum = 0;

	if (p->n < 0 || p->n_null < 0 || p->n_nan < 0 || p->n_posinf < 0 || p->n_neginf < 0)
		return "negative count";
	if (p->exact)
	{
		if (p->nlevels != 1 || p->len[0] != p->n)
			return "exact profile must hold n values";
		if (p->n > MLC_PROFILE_EXACT_MAX)
			return "exact profile holds too many values";
		for (h = 0; h < p->len[0]; h++)
			if (!isfinite(p->lv[0][h]))
				return "values must be finite";
		if (!is_sorted(p->lv[0], p->len[0]))
			return "values must be sorted";
		return NULL;
	}
	if (p->n <= (p->hist ? MLC_PROFILE_SKETCH_MIN : MLC_PROFILE_EXACT_MAX))
		return p->hist ? "a format 2 sketch holds more than 512 values" :
			"a 0.1 sketch holds more than 4096 values";
	if (p->nlevels < 2 || p->nlevels > MLC_PROFILE_MAX_LEVELS)
		return "bad number of levels";
	if (!isfinite(p->min) || !isfinite(p->max) || !isfinite(p->mean) ||
		!isfinite(p->m2) || p->min > p->max || p->m2 < 0)
		return "min, max, mean and m2 must be finite with min <= max and m2 >= 0";
	if (p->mean < p->min || p->mean > p->max)
		return "mean outside [min, max]";
	if (mlc_numprof_items(p) > total_cap(p->nlevels))
		return "sketch holds more items than its capacity";
	for (h = 0; h < p->nlevels; h++)
	{
		int32_t		i;

		if (p->len[h] < 0)
			return "negative level length";
		if (p->len[h] > 0 && (h >= 62 || (int64_t) p->len[h] > ((INT64_MAX - wsum) >> h)))
			return "sketch weights overflow";
		wsum += (int64_t) p->len[h] << h;
		for (i = 0; i < p->len[h]; i++)
		{
			double		v = p->lv[h][i];

			if (!isfinite(v) || v < p->min || v > p->max)
				return "sketch items must be finite and within [min, max]";
			if (i > 0 && p->lv[h][i - 1] > v)
				return "sketch levels must be sorted";
		}
	}
	if (wsum != p->n)
		return "sketch weights do not add up to n";

	p->mom_n = p->n;
	p->acc0 = p->len[0];
	update_trigger(p);
	return NULL;
}

mlc_numprof *
mlc_numprof_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	mlc_numprof *p;
	int			version,
				tag,
				exact,
				h;
	const char *why;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	tag = mlc_get_u8(&r);
	exact = mlc_get_u8(&r);
	if (r.failed)
		return np_corrupt(NULL, st, "truncated");
	if (version != MLC_PROFILE_FORMAT_VERSION && version != MLC_PROFILE_LEGACY_VERSION &&
		version != MLC_PROFILE_EXACT_VERSION)
		return np_corrupt(NULL, st, "unknown format version");
	if (tag != 'N' || exact > 1)
		return np_corrupt(NULL, st, "not a numeric profile");
	if (exact ? version == MLC_PROFILE_FORMAT_VERSION : version == MLC_PROFILE_EXACT_VERSION)
		return np_corrupt(NULL, st, "exact profiles are written in format 1 or 3, sketches in 1 or 2");
	p = mlc_numprof_new();
	if (p == NULL)
		return np_corrupt(NULL, st, "out of memory");
	p->exact = exact;
	p->n = mlc_get_i64(&r);
	p->n_null = mlc_get_i64(&r);
	p->n_nan = mlc_get_i64(&r);
	p->n_posinf = mlc_get_i64(&r);
	p->n_neginf = mlc_get_i64(&r);
	if (exact && version == MLC_PROFILE_EXACT_VERSION)
	{
		const char *ewhy;

		if (r.failed)
			return np_corrupt(p, st, "truncated");
		ewhy = exact_read(&r, p);
		if (ewhy)
			return np_corrupt(p, st, ewhy);
	}
	else if (exact)
	{
		/* format 1: the values as one level */
		why = read_level(&r, p, 0, MLC_PROFILE_EXACT_MAX, "truncated or bad value count");
		if (why)
			return np_corrupt(p, st, why);
	}
	else
	{
		uint32_t	kk;
		int			nl;

		p->min = mlc_get_f64(&r);
		p->max = mlc_get_f64(&r);
		p->mean = mlc_get_f64(&r);
		p->m2 = mlc_get_f64(&r);
		kk = version == MLC_PROFILE_LEGACY_VERSION ? mlc_get_u32(&r) : MLC_PROFILE_K;
		p->seed = mlc_get_u64(&r);
		nl = mlc_get_u8(&r);
		p->fmt = (uint8_t) version;
		if (r.failed)
			return np_corrupt(p, st, "truncated");
		if (kk != MLC_PROFILE_K)
			return np_corrupt(p, st, "unsupported sketch parameter k");
		if (nl < 2 || nl > MLC_PROFILE_MAX_LEVELS)
			return np_corrupt(p, st, "bad number of levels");
		p->nlevels = nl;
		for (h = 0; h < nl; h++)
		{
			why = read_level(&r, p, h, total_cap(nl), "truncated or bad level length");
			if (why)
				return np_corrupt(p, st, why);
		}
		if (version == MLC_PROFILE_FORMAT_VERSION)
		{
			const char *hwhy;

			p->hist = mlc_qhist_read(&r, p->n, p->min, p->max, &hwhy);
			if (p->hist == NULL)
				return np_corrupt(p, st, hwhy);
		}
	}
	if (mlc_reader_remaining(&r) != 0)
		return np_corrupt(p, st, "trailing bytes");
	why = np_validate(p);
	if (why)
		return np_corrupt(p, st, why);
	return p;
}

/* ------------------------------------------------------------------ JSON */

mlc_code
mlc_numprof_to_json(mlc_numprof *p, mlc_buf *out, mlc_status *st)
{
	mlc_moments m;
	int			h;
	int32_t		i;

	if (!mlc_numprof_finish(p))
		return oom(st);
	if (!p->exact && p->hist)
	{
		mlc_code	rc = seal(p, st);

		if (rc != MLC_OK)
			return rc;
		(void) mlc_numprof_finish(p);	/* nothing pending: cannot fail */
	}
	mlc_numprof_moments(p, &m);
	mlc_buf_printf(out, "{\"n\": %" PRId64 ", \"n_null\": %" PRId64 ", \"n_nan\": %" PRId64
				   ", \"n_posinf\": %" PRId64 ", \"n_neginf\": %" PRId64,
				   p->n, p->n_null, p->n_nan, p->n_posinf, p->n_neginf);
	if (p->n > 0)
	{
		mlc_buf_puts(out, ", \"min\": ");
		mlc_buf_double(out, m.min);
		mlc_buf_puts(out, ", \"max\": ");
		mlc_buf_double(out, m.max);
		mlc_buf_puts(out, ", \"mean\": ");
		mlc_buf_double(out, m.mean);
		/* optional for an exact profile (its values define it); left out
		 * when past the float8 range, so the text reads back */
		if (isfinite(m.m2))
		{
			mlc_buf_puts(out, ", \"m2\": ");
			mlc_buf_double(out, m.m2);
		}
	}
	mlc_buf_printf(out, ", \"exact\": %s", p->exact ? "true" : "false");
	if (!p->exact && p->hist)
		mlc_buf_printf(out, ", \"format\": %d, \"seed\": \"%016" PRIx64 "\"",
					   MLC_PROFILE_FORMAT_VERSION, p->seed);
	else if (!p->exact)
		mlc_buf_printf(out, ", \"k\": %d, \"seed\": \"%016" PRIx64 "\"", MLC_PROFILE_K, p->seed);
	mlc_buf_puts(out, ", \"levels\": [");
	for (h = 0; h < p->nlevels; h++)
	{
		mlc_buf_puts(out, h ? ", [" : "[");
		for (i = 0; i < p->len[h]; i++)
		{
			if (i)
				mlc_buf_puts(out, ", ");
			mlc_buf_double(out, p->lv[h][i]);
		}
		mlc_buf_putc(out, ']');
	}
	mlc_buf_putc(out, ']');
	if (!p->exact && p->hist)
		mlc_qhist_to_json(p->hist, out);
	mlc_buf_putc(out, '}');
	return mlc_buf_done(out, st, "numeric profile text is too large", NULL);
}

static mlc_numprof *
np_json_bad(mlc_numprof *p, mlc_json *j, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_numprof_type, p, j, st,
						   "Expected the form printed by numeric_profile's output function: {\"n\": N, \"n_null\": ..., \"exact\": true|false, \"levels\": [[...]]}.",
						   "invalid input syntax for type numeric_profile", why);
}

static bool
near_rel(double a, double b, double scale)
{
	return fabs(a - b) <= 1e-9 * fmax(fmax(fabs(a), fabs(b)), scale);
}

mlc_numprof *
mlc_numprof_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const allowed[] = {"n", "n_null", "n_nan", "n_posinf", "n_neginf",
		"min", "max", "mean", "m2", "exact", "k", "seed", "levels", "format", "bits", "buckets", NULL};
	static const char *const required[] = {"n", "exact", "levels", NULL};
	static const char *const counts[] = {"n", "n_null", "n_nan", "n_posinf", "n_neginf"};
	static const char *const moms[] = {"min", "max", "mean", "m2"};
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, required, "numeric_profile", st);
	const mlc_json *ex,
			   *levels,
			   *fj,
			   *v;
	int			fmt = MLC_PROFILE_LEGACY_VERSION;
	mlc_numprof *p = NULL;
	int64_t		cv[5] = {0, 0, 0, 0, 0};
	double		mv[4];
	bool		have_m[4];
	int			i,
				h;
	const char *why;

	if (j == NULL)
		return NULL;
	for (i = 0; i < 5; i++)
	{
		v = mlc_json_get(j, counts[i]);
		if (v && mlc_json_to_int64(v, "numeric_profile", counts[i], &cv[i], st) != MLC_OK)
		{
			mlc_json_free(j);
			return NULL;
		}
	}
	for (i = 0; i < 4; i++)
	{
		v = mlc_json_get(j, moms[i]);
		have_m[i] = v != NULL;
		mv[i] = 0;
		if (v && (v->type != MLC_JSON_NUMBER || !isfinite(v->number)))
			return np_json_bad(p, j, st, "min, max, mean and m2 must be finite numbers");
		if (v)
			mv[i] = v->number + 0.0;
	}
	ex = mlc_json_get(j, "exact");
	if (ex->type != MLC_JSON_BOOL)
		return np_json_bad(p, j, st, "\"exact\" must be true or false");
	fj = mlc_json_get(j, "format");
	if (fj)
	{
		if (ex->boolean)
			return np_json_bad(p, j, st, "an exact profile has no \"format\"");
		if (fj->type != MLC_JSON_NUMBER || !fj->int_exact ||
			(fj->ival != MLC_PROFILE_LEGACY_VERSION && fj->ival != MLC_PROFILE_FORMAT_VERSION))
			return np_json_bad(p, j, st, "\"format\" must be 1 or 2");
		fmt = (int) fj->ival;
	}
	if (fmt != MLC_PROFILE_FORMAT_VERSION && (mlc_json_get(j, "bits") || mlc_json_get(j, "buckets")))
		return np_json_bad(p, j, st, "only a format 2 sketch has \"bits\" and \"buckets\"");
	levels = mlc_json_get(j, "levels");
	if (levels->type != MLC_JSON_ARRAY || levels->len < 1 || levels->len > MLC_PROFILE_MAX_LEVELS)
		return np_json_bad(p, j, st, "\"levels\" must be a non-empty array of arrays");
	p = mlc_numprof_new();
	if (p == NULL)
		return np_json_bad(p, j, st, "out of memory");
	p->exact = ex->boolean;
	p->n = cv[0];
	p->n_null = cv[1];
	p->n_nan = cv[2];
	p->n_posinf = cv[3];
	p->n_neginf = cv[4];
	p->nlevels = (int32_t) levels->len;
	for (h = 0; h < p->nlevels; h++)
	{
		const mlc_json *lvj = levels->items[h];
		size_t		q;

		if (lvj->type != MLC_JSON_ARRAY)
			return np_json_bad(p, j, st, "every level must be an array of numbers");
		if (lvj->len > (size_t) (MLC_PROFILE_EXACT_MAX + total_cap(MLC_PROFILE_MAX_LEVELS)))
			return np_json_bad(p, j, st, "level too long");
		if (!reserve_level(p, h, (int64_t) lvj->len))
			return np_json_bad(p, j, st, "out of memory");
		for (q = 0; q < lvj->len; q++)
		{
			if (lvj->items[q]->type != MLC_JSON_NUMBER || !isfinite(lvj->items[q]->number))
				return np_json_bad(p, j, st, "sketch values must be finite numbers");
			p->lv[h][q] = lvj->items[q]->number + 0.0;	/* -0 → +0 */
		}
		p->len[h] = (int32_t) lvj->len;
	}
	if (p->exact)
	{
		if (mlc_json_get(j, "seed") || mlc_json_get(j, "k"))
			return np_json_bad(p, j, st, "an exact profile has no \"k\" or \"seed\"");
		why = np_validate(p);
		if (why)
			return np_json_bad(p, j, st, why);
		if (p->n > 0)
		{
			mlc_moments m;
			double		scale = fmax(fabs(p->lv[0][0]), fabs(p->lv[0][p->n - 1]));

			exact_moments(p, &m);
			if ((have_m[0] && mv[0] != m.min) || (have_m[1] && mv[1] != m.max) ||
				(have_m[2] && !near_rel(mv[2], m.mean, scale)) ||
				(have_m[3] && !near_rel(mv[3], m.m2, 0)))
				return np_json_bad(p, j, st, "min, max, mean or m2 disagree with the values");
		}
		else if (have_m[0] || have_m[1] || have_m[2] || have_m[3])
			return np_json_bad(p, j, st, "an empty profile has no min, max, mean or m2");
	}
	else
	{
		const mlc_json *kj = mlc_json_get(j, "k"),
				   *sj = mlc_json_get(j, "seed");
		char	   *end;

		if (!have_m[0] || !have_m[1] || !have_m[2] || !have_m[3])
			return np_json_bad(p, j, st, "a sketched profile needs min, max, mean and m2");
		p->fmt = (uint8_t) fmt;
		if (fmt == MLC_PROFILE_FORMAT_VERSION)
		{
			const char *hwhy;

			if (kj)
				return np_json_bad(p, j, st, "a format 2 sketch has no \"k\"");
			p->hist = mlc_qhist_from_json(mlc_json_get(j, "bits"), mlc_json_get(j, "buckets"),
										  p->n, mv[0], mv[1], &hwhy);
			if (p->hist == NULL)
				return np_json_bad(p, j, st, hwhy);
		}
		else if (kj == NULL || kj->type != MLC_JSON_NUMBER || !kj->int_exact || kj->ival != MLC_PROFILE_K)
			return np_json_bad(p, j, st, "\"k\" must be 1024");
		if (sj == NULL || sj->type != MLC_JSON_STRING || sj->len != 16)
			return np_json_bad(p, j, st, "\"seed\" must be 16 hexadecimal digits");
		for (i = 0; i < 16; i++)
			if (!((sj->str[i] >= '0' && sj->str[i] <= '9') || (sj->str[i] >= 'a' && sj->str[i] <= 'f')))
				return np_json_bad(p, j, st, "\"seed\" must be 16 lowercase hexadecimal digits");
		p->seed = (uint64_t) strtoull(sj->str, &end, 16);
		p->min = mv[0];
		p->max = mv[1];
		p->mean = mv[2];
		p->m2 = mv[3];
		why = np_validate(p);
		if (why)
			return np_json_bad(p, j, st, why);
	}
	mlc_json_free(j);
	return p;
}

/*
 * Profiles (of either kind) are equal when their stored forms are: both
 * written by the type's writer, the same bytes.
 */
static bool
same_stored_form(const mlc_type_ops *t, void *a, void *b)
{
	mlc_buf		x,
				y;
	mlc_status	st;
	bool		eq;

	mlc_buf_init(&x, 64);
	mlc_buf_init(&y, 64);
	eq = t->write(a, &x, &st) == MLC_OK && t->write(b, &y, &st) == MLC_OK &&
		x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
	mlc_buf_free(&x);
	mlc_buf_free(&y);
	return eq;
}

bool
mlc_numprof_equal(mlc_numprof *a, mlc_numprof *b)
{
	return same_stored_form(&mlc_numprof_type, a, b);
}

/* ============================================================ categorical */

static inline void
slot_put(mlc_catprof *c, const char *s, size_t len, int32_t i)
{
	uint64_t	pre = mlc_catprof_key(s, len);
	uint32_t	h = mlc_catprof_hash(s, len, pre) & (c->hcap - 1);

	while (c->hash[h].idx1)
		h = (h + 1) & (c->hcap - 1);
	c->hash[h].idx1 = i + 1;
	c->hash[h].len = (uint32_t) len;
	c->hash[h].pre = pre;
}

mlc_catprof *
mlc_catprof_new(void)
{
	mlc_catprof *c = mlc_alloc0(sizeof(mlc_catprof));

	if (c)
		c->sorted = true;
	return c;
}

void
mlc_catprof_free(mlc_catprof *c)
{
	int32_t		i;

	if (c == NULL)
		return;
	for (i = 0; i < c->k; i++)
		mlc_free(c->lab[i]);
	mlc_free(c->lab);
	mlc_free(c->llen);
	mlc_free(c->cnt);
	mlc_free(c->hash);
	mlc_free(c);
}

/*
 * The slots are at most a quarter taken: a lookup then probes 1.17 slots on
 * average (1.5 at half), and the probes that miss, each a branch the CPU
 * cannot predict, cost more than the larger table (4 slots of 16 bytes per
 * category the arrays hold).
 */
static bool
cat_rehash(mlc_catprof *c)
{
	uint32_t	hcap = 16;
	int32_t		i;

	while (hcap < (uint32_t) c->cap * 4)
		hcap *= 2;
	mlc_free(c->hash);
	c->hash = mlc_alloc0(sizeof(mlc_catslot) * hcap);
	if (c->hash == NULL)
	{
		c->hcap = 0;
		return false;
	}
	c->hcap = hcap;
	for (i = 0; i < c->k; i++)
		slot_put(c, c->lab[i], c->llen[i], i);
	return true;
}

int32_t
mlc_catprof_find(const mlc_catprof *c, const char *s, size_t len)
{
	uint32_t	h;

	if (c->hcap == 0)
	{
		int32_t		i;

		for (i = 0; i < c->k; i++)
			if (c->llen[i] == len && mlc_bytes_equal(c->lab[i], s, len))
				return i;
		return -1;
	}
	{
		uint64_t	pre = mlc_catprof_key(s, len);

		h = mlc_catprof_hash(s, len, pre) & (c->hcap - 1);
		while (c->hash[h].idx1)
		{
			const mlc_catslot *sl = &c->hash[h];

			if (sl->len == len && sl->pre == pre &&
				(len <= 8 || mlc_bytes_equal(c->lab[sl->idx1 - 1] + 8, s + 8, len - 8)))
				return sl->idx1 - 1;
			h = (h + 1) & (c->hcap - 1);
		}
	}
	return -1;
}

static mlc_code
cat_oom(mlc_status *st)
{
	return mlc_fail(st, MLC_ENOMEM, "out of memory building a categorical profile", NULL, NULL);
}

static const mlc_catprof *rank_ctx;

static int
cmp_rank(const void *pa, const void *pb)
{
	int32_t		a = *(const int32_t *) pa,
				b = *(const int32_t *) pb;

	if (rank_ctx->cnt[a] != rank_ctx->cnt[b])
		return rank_ctx->cnt[a] > rank_ctx->cnt[b] ? -1 : 1;
	return mlc_strcmp_c(rank_ctx->lab[a], rank_ctx->llen[a], rank_ctx->lab[b], rank_ctx->llen[b]);
}

static int
cmp_label(const void *pa, const void *pb)
{
	int32_t		a = *(const int32_t *) pa,
				b = *(const int32_t *) pb;

	return mlc_strcmp_c(rank_ctx->lab[a], rank_ctx->llen[a], rank_ctx->lab[b], rank_ctx->llen[b]);
}

/* the category indexes in the order of cmp (NULL when out of memory) */
static int32_t *
cat_order(const mlc_catprof *c, int (*cmp) (const void *, const void *))
{
	int32_t    *idx = mlc_alloc(sizeof(int32_t) * (c->k + 1));
	int32_t		i;

	if (idx == NULL)
		return NULL;
	for (i = 0; i < c->k; i++)
		idx[i] = i;
	rank_ctx = c;
	qsort(idx, c->k, sizeof(int32_t), cmp);
	return idx;
}

int32_t *
mlc_catprof_rank(const mlc_catprof *c)
{
	return cat_order(c, cmp_rank);
}

/*
 * Rebuild the category arrays in the order idx (from cat_order; freed
 * here): the first `keep` categories stay, the others fold into n_other.
 * sorted: idx is label order.
 */
static mlc_code
cat_reorder(mlc_catprof *c, int32_t *idx, int32_t keep, bool sorted, mlc_status *st)
{
	char	  **nl = mlc_alloc(sizeof(char *) * c->cap);
	uint32_t   *nlen = mlc_alloc(sizeof(uint32_t) * c->cap);
	int64_t    *ncnt = mlc_alloc(sizeof(int64_t) * c->cap);
	int32_t		i;

	if (!idx || !nl || !nlen || !ncnt)
	{
		mlc_free(idx);
		mlc_free(nl);
		mlc_free(nlen);
		mlc_free(ncnt);
		return cat_oom(st);
	}
	for (i = 0; i < c->k; i++)
	{
		int32_t		s = idx[i];

		if (i < keep)
		{
			nl[i] = c->lab[s];
			nlen[i] = c->llen[s];
			ncnt[i] = c->cnt[s];
		}
		else
		{
			c->n_other += c->cnt[s];
			mlc_free(c->lab[s]);
		}
	}
	mlc_free(idx);
	mlc_free(c->lab);
	mlc_free(c->llen);
	mlc_free(c->cnt);
	c->lab = nl;
	c->llen = nlen;
	c->cnt = ncnt;
	c->k = keep;
	c->sorted = sorted;
	if (c->hcap && !cat_rehash(c))
		return cat_oom(st);
	return MLC_OK;
}

/* keep `keep` categories: the most frequent (ties by label); fold the rest */
static mlc_code
cat_prune(mlc_catprof *c, int32_t keep, mlc_status *st)
{
	if (c->k <= keep)
		return MLC_OK;
	return cat_reorder(c, mlc_catprof_rank(c), keep, false, st);
}

static void *
grow_array(void *old, size_t size)
{
	return old ? mlc_realloc(old, size) : mlc_alloc(size);
}

static mlc_code
cat_grow(mlc_catprof *c, mlc_status *st)
{
	int32_t		ncap = c->cap ? c->cap * 2 : 8;
	void	   *t;

	if (ncap > MLC_CATPROF_WORK_CATEGORIES)
		ncap = MLC_CATPROF_WORK_CATEGORIES;
	if ((t = grow_array(c->lab, sizeof(char *) * ncap)) == NULL)
		return cat_oom(st);
	c->lab = t;
	if ((t = grow_array(c->llen, sizeof(uint32_t) * ncap)) == NULL)
		return cat_oom(st);
	c->llen = t;
	if ((t = grow_array(c->cnt, sizeof(int64_t) * ncap)) == NULL)
		return cat_oom(st);
	c->cnt = t;
	c->cap = ncap;
	if (c->cap > 8 && !cat_rehash(c))
		return cat_oom(st);
	return MLC_OK;
}

bool
mlc_catprof_add_known(mlc_catprof *c, const char *s, size_t len)
{
	int32_t		i;

	if (len > MLC_CATPROF_MAX_LABEL || c->n == INT64_MAX)
		return false;
	i = mlc_catprof_find(c, s, len);
	if (i < 0)
		return false;
	/* cnt[i] <= n, so the check on n covers it */
	c->n++;
	c->cnt[i]++;
	return true;
}

mlc_code
mlc_catprof_add(mlc_catprof *c, const char *s, size_t len, int64_t count, mlc_status *st)
{
	int32_t		i;
	char	   *copy;

	if (len > MLC_CATPROF_MAX_LABEL)
		return mlc_failf(st, MLC_ELIMIT,
						 "Profile a shorter derived value instead, e.g. left(col, 100) or md5(col).",
						 "category of %zu bytes is longer than the limit of %d bytes",
						 len, MLC_CATPROF_MAX_LABEL);
	if (!mlc_i64_add_ok(c->n, count))
		return mlc_count_overflow(st, "categorical profile count");
	i = mlc_catprof_find(c, s, len);
	if (i >= 0)
	{
		/* cnt[i] <= n, so the check on n covers it */
		c->n += count;
		c->cnt[i] += count;
		return MLC_OK;
	}
	c->n += count;
	if (c->k >= MLC_CATPROF_WORK_CATEGORIES)
	{
		mlc_code	rc = cat_prune(c, MLC_CATPROF_MAX_CATEGORIES, st);

		if (rc != MLC_OK)
			return rc;
	}
	if (c->k == c->cap)
	{
		mlc_code	rc = cat_grow(c, st);

		if (rc != MLC_OK)
			return rc;
	}
	copy = mlc_alloc(len ? len : 1);
	if (copy == NULL)
		return cat_oom(st);
	if (len)
		memcpy(copy, s, len);
	i = c->k++;
	c->lab[i] = copy;
	c->llen[i] = (uint32_t) len;
	c->cnt[i] = count;
	if (i > 0 && c->sorted && mlc_strcmp_c(c->lab[i - 1], c->llen[i - 1], s, len) >= 0)
		c->sorted = false;
	if (c->hcap)
		slot_put(c, s, len, i);
	return MLC_OK;
}

mlc_code
mlc_catprof_merge(mlc_catprof *dst, const mlc_catprof *src, mlc_status *st)
{
	int32_t		i;
	int64_t		n_before = dst->n;

	for (i = 0; i < src->k; i++)
	{
		mlc_code	rc = mlc_catprof_add(dst, src->lab[i], src->llen[i], src->cnt[i], st);

		if (rc != MLC_OK)
			return rc;
	}
	if (mlc_count_add_i64(&dst->n_null, src->n_null, "categorical profile NULL count", st) != MLC_OK ||
		mlc_count_add_i64(&n_before, src->n, "categorical profile count", st) != MLC_OK)
		return st->code;
	/* n_other <= n */
	dst->n_other += src->n_other;
	dst->n = n_before;
	return MLC_OK;
}

static mlc_code
catprof_finish_keep(mlc_catprof *c, int32_t keep, mlc_status *st)
{
	mlc_code	rc = cat_prune(c, keep, st);

	if (rc != MLC_OK)
		return rc;
	if (c->sorted || c->k < 2)
	{
		c->sorted = true;
		return MLC_OK;
	}
	return cat_reorder(c, cat_order(c, cmp_label), c->k, true, st);
}

mlc_code
mlc_catprof_finish(mlc_catprof *c, mlc_status *st)
{
	return catprof_finish_keep(c, MLC_CATPROF_MAX_CATEGORIES, st);
}

mlc_code
mlc_catprof_finish_state(mlc_catprof *c, mlc_status *st)
{
	return catprof_finish_keep(c, MLC_CATPROF_WORK_CATEGORIES, st);
}

/* a value ('C', at most 1000 categories) or a partial state ('c', 4000) */
static mlc_code
catprof_write_tag(mlc_catprof *c, mlc_buf *out, char tag, mlc_status *st)
{
	int32_t		i;
	mlc_code	rc = catprof_finish_keep(c, tag == 'C' ? MLC_CATPROF_MAX_CATEGORIES
										 : MLC_CATPROF_WORK_CATEGORIES, st);

	if (rc != MLC_OK)
		return rc;
	mlc_put_u8(out, MLC_CATPROF_FORMAT_VERSION);
	mlc_put_u8(out, (uint8_t) tag);
	mlc_put_i64(out, c->n);
	mlc_put_i64(out, c->n_null);
	mlc_put_i64(out, c->n_other);
	mlc_put_i32(out, c->k);
	for (i = 0; i < c->k; i++)
	{
		mlc_put_u32(out, c->llen[i]);
		mlc_put_bytes(out, c->lab[i], c->llen[i]);
		mlc_put_i64(out, c->cnt[i]);
	}
	return mlc_buf_done(out, st, "categorical profile value is too large", NULL);
}

/*
 * The binary form of a value or state: a finished value ('C', at most 1000
 * categories) as 0.1 wrote it; a state with more categories (a partial
 * aggregate state, up to 4000, so that parallel and distributed counts stay
 * exact) as 'c'.  The final function of the aggregates caps the value at
 * 1000 categories first (mlc_catprof_finish).
 */
mlc_code
mlc_catprof_write(mlc_catprof *c, mlc_buf *out, mlc_status *st)
{
	mlc_code	rc = catprof_finish_keep(c, MLC_CATPROF_WORK_CATEGORIES, st);

	if (rc != MLC_OK)
		return rc;
	return catprof_write_tag(c, out, c->k <= MLC_CATPROF_MAX_CATEGORIES ? 'C' : 'c', st);
}

mlc_code
mlc_catprof_write_state(mlc_catprof *c, mlc_buf *out, mlc_status *st)
{
	return catprof_write_tag(c, out, 'c', st);
}

static mlc_catprof *
cp_corrupt(mlc_catprof *c, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_catprof_type, c, NULL, st, NULL, "invalid binary categorical_profile value", why);
}

/* sorted, unique, positive counts, totals consistent */
static const char *
cp_validate(const mlc_catprof *c, int32_t max_k)
{
	int64_t		sum = c->n_other;
	int32_t		i;

	if (c->n < 0 || c->n_null < 0 || c->n_other < 0)
		return "negative count";
	if (c->k > max_k)
		return "too many categories";
	for (i = 0; i < c->k; i++)
	{
		if (c->cnt[i] <= 0)
			return "category counts must be positive";
		if (c->llen[i] > MLC_CATPROF_MAX_LABEL)
			return "category too long";
		if (i > 0 && mlc_strcmp_c(c->lab[i - 1], c->llen[i - 1], c->lab[i], c->llen[i]) >= 0)
			return "categories must be sorted (C collation) and unique";
		if (c->cnt[i] > INT64_MAX - sum)
			return "counts overflow";
		sum += c->cnt[i];
	}
	if (sum != c->n)
		return "category counts and \"n_other\" do not add up to n";
	return NULL;
}

static mlc_catprof *
catprof_read_tag(const void *data, size_t len, char want_tag, mlc_status *st)
{
	mlc_reader	r;
	mlc_catprof *c;
	int			version,
				tag;
	int32_t		k,
				i;
	int64_t		stored_n;
	const char *why;
	mlc_status	dummy;
	int32_t		max_k = want_tag == 'C' ? MLC_CATPROF_MAX_CATEGORIES : MLC_CATPROF_WORK_CATEGORIES;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	tag = mlc_get_u8(&r);
	if (r.failed)
		return cp_corrupt(NULL, st, "truncated");
	if (version != MLC_CATPROF_FORMAT_VERSION)
		return cp_corrupt(NULL, st, "unknown format version");
	if (tag != want_tag)
		return cp_corrupt(NULL, st, want_tag == 'C' ? "not a categorical profile"
						  : "not a partial categorical profile state");
	c = mlc_catprof_new();
	if (c == NULL)
		return cp_corrupt(NULL, st, "out of memory");
	stored_n = mlc_get_i64(&r);
	c->n_null = mlc_get_i64(&r);
	c->n_other = mlc_get_i64(&r);
	k = mlc_get_i32(&r);
	if (r.failed)
		return cp_corrupt(c, st, "truncated");
	if (k < 0 || k > max_k || mlc_reader_remaining(&r) < (size_t) k * 12)
		return cp_corrupt(c, st, "bad number of categories");
	for (i = 0; i < k; i++)
	{
		uint32_t	l = mlc_get_u32(&r);
		const char *s;
		int64_t		cnt;

		if (r.failed || l > MLC_CATPROF_MAX_LABEL)
			return cp_corrupt(c, st, "truncated or category too long");
		s = mlc_get_bytes(&r, l);
		cnt = mlc_get_i64(&r);
		if (s == NULL || r.failed)
			return cp_corrupt(c, st, "truncated");
		if (memchr(s, '\0', l) != NULL)
			return cp_corrupt(c, st, "NUL byte in a category");
		if (i > 0 && mlc_strcmp_c(c->lab[i - 1], c->llen[i - 1], s, l) >= 0)
			return cp_corrupt(c, st, "categories must be sorted and unique");
		if (cnt <= 0)
			return cp_corrupt(c, st, "category counts must be positive");
		if (mlc_catprof_add(c, s, l, cnt, &dummy) != MLC_OK)
			return cp_corrupt(c, st, "out of memory");
	}
	if (mlc_reader_remaining(&r) != 0)
		return cp_corrupt(c, st, "trailing bytes");
	/* add() accumulated n from the counts: restore the stored total */
	c->n = stored_n;
	c->sorted = true;
	why = cp_validate(c, max_k);
	if (why)
		return cp_corrupt(c, st, why);
	return c;
}

mlc_catprof *
mlc_catprof_read(const void *data, size_t len, mlc_status *st)
{
	/* a value ('C') or a state with more categories ('c') */
	if (len >= 2 && ((const unsigned char *) data)[1] == 'c')
		return catprof_read_tag(data, len, 'c', st);
	return catprof_read_tag(data, len, 'C', st);
}

mlc_catprof *
mlc_catprof_read_state(const void *data, size_t len, mlc_status *st)
{
	return catprof_read_tag(data, len, 'c', st);
}

mlc_code
mlc_catprof_to_json(mlc_catprof *c, mlc_buf *out, mlc_status *st)
{
	int32_t		i;
	/* a state may hold up to 4000 categories: its text form keeps them */
	mlc_code	rc = mlc_catprof_finish_state(c, st);

	if (rc != MLC_OK)
		return rc;
	mlc_buf_printf(out, "{\"n\": %" PRId64 ", \"n_null\": %" PRId64 ", \"n_other\": %" PRId64
				   ", \"categories\": {", c->n, c->n_null, c->n_other);
	for (i = 0; i < c->k; i++)
	{
		if (i)
			mlc_buf_puts(out, ", ");
		mlc_buf_json_string(out, c->lab[i], c->llen[i]);
		mlc_buf_printf(out, ": %" PRId64, c->cnt[i]);
	}
	mlc_buf_puts(out, "}}");
	return mlc_buf_done(out, st, "categorical profile text is too large", NULL);
}

static mlc_catprof *
cp_json_bad(mlc_catprof *c, mlc_json *j, mlc_status *st, const char *why)
{
	return mlc_type_reject(&mlc_catprof_type, c, j, st,
						   "Expected {\"n\": N, \"n_null\": N, \"n_other\": N, \"categories\": {\"value\": count, ...}}.",
						   "invalid input syntax for type categorical_profile", why);
}

mlc_catprof *
mlc_catprof_from_json(const char *text, size_t len, mlc_status *st)
{
	static const char *const allowed[] = {"n", "n_null", "n_other", "categories", NULL};
	static const char *const required[] = {"n", "categories", NULL};
	mlc_json   *j = mlc_json_parse_object(text, len, allowed, required, "categorical_profile", st);
	const mlc_json *cats,
			   *v;
	mlc_catprof *c = NULL;
	int64_t		n = 0,
				n_null = 0,
				n_other = 0;
	size_t		i;
	const char *why;
	mlc_status	dummy;

	if (j == NULL)
		return NULL;
	if (mlc_json_to_int64(mlc_json_get(j, "n"), "categorical_profile", "n", &n, st) != MLC_OK ||
		((v = mlc_json_get(j, "n_null")) != NULL &&
		 mlc_json_to_int64(v, "categorical_profile", "n_null", &n_null, st) != MLC_OK) ||
		((v = mlc_json_get(j, "n_other")) != NULL &&
		 mlc_json_to_int64(v, "categorical_profile", "n_other", &n_other, st) != MLC_OK))
	{
		mlc_json_free(j);
		return NULL;
	}
	cats = mlc_json_get(j, "categories");
	if (cats->type != MLC_JSON_OBJECT)
		return cp_json_bad(c, j, st, "\"categories\" must be an object of counts");
	if (cats->len > MLC_CATPROF_WORK_CATEGORIES)
		return cp_json_bad(c, j, st, "more than 4000 categories");
	c = mlc_catprof_new();
	if (c == NULL)
		return cp_json_bad(c, j, st, "out of memory");
	for (i = 0; i < cats->len; i++)
	{
		const char *key = cats->keys[i];
		size_t		kl = strlen(key);
		const mlc_json *cv = cats->items[i];

		if (cv->type != MLC_JSON_NUMBER || !cv->int_exact || cv->ival <= 0)
			return cp_json_bad(c, j, st, "category counts must be positive integers");
		if (kl > MLC_CATPROF_MAX_LABEL)
			return cp_json_bad(c, j, st, "category too long");
		if (mlc_catprof_find(c, key, kl) >= 0)
			return cp_json_bad(c, j, st, "duplicate category");
		if (mlc_catprof_add(c, key, kl, cv->ival, &dummy) != MLC_OK)
			return cp_json_bad(c, j, st, "out of memory");
	}
	if (mlc_catprof_finish_state(c, &dummy) != MLC_OK)
		return cp_json_bad(c, j, st, "out of memory");
	c->n = n;
	c->n_null = n_null;
	c->n_other = n_other;
	why = cp_validate(c, MLC_CATPROF_WORK_CATEGORIES);
	if (why)
		return cp_json_bad(c, j, st, why);
	mlc_json_free(j);
	return c;
}

bool
mlc_catprof_equal(mlc_catprof *a, mlc_catprof *b)
{
	return same_stored_form(&mlc_catprof_type, a, b);
}
