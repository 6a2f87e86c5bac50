/* test_qsketch_grid.c — the grid of exact counts of a sketched numeric
 * profile against a plain reference grid (a sorted array of buckets kept
 * value by value, coarsened one bit whenever a new bucket arrives while 2048
 * are tracked): the same buckets, counts, single values and resolution after
 * value-by-value adds, batches of any size (coarsenings in the middle of a
 * batch), counts past 2^31 and 2^32, wide ranges crossing zero, subnormals,
 * -0 and +0, the largest doubles, merges of grids of different resolutions
 * in both forms, and copies. */
#include "unit.h"
#include "mlc_qsketch.h"

#include <float.h>
#include <inttypes.h>
#include <stdlib.h>

static uint64_t grs = 0x9E3779B97F4A7C15ULL;
static double
grand(void)
{
	return unit_uniform_open(&grs);
}

/* the reference grid: buckets in grid order */
typedef struct ref_grid
{
	int			bits;
	int32_t		nb;
	int32_t		cap;
	mlc_qs_bucket *b;
} ref_grid;

static ref_grid *
ref_new(int bits)
{
	ref_grid   *r = calloc(1, sizeof(ref_grid));

	r->bits = bits;
	r->cap = 1 << 16;
	r->b = malloc(sizeof(mlc_qs_bucket) * r->cap);
	return r;
}

static void
ref_free(ref_grid *r)
{
	free(r->b);
	free(r);
}

static void
ref_coarsen(ref_grid *r, int bits)
{
	int32_t		i,
				o = 0;
	int			d = r->bits - bits;

	if (d <= 0)
		return;
	for (i = 0; i < r->nb; i++)
	{
		uint32_t	idx = r->b[i].idx >> d;

		if (o > 0 && r->b[o - 1].idx == idx)
		{
			r->b[o - 1].cnt += r->b[i].cnt;
			if (!(r->b[o - 1].val == r->b[i].val))
				r->b[o - 1].val = NAN;
		}
		else
		{
			r->b[o] = r->b[i];
			r->b[o].idx = idx;
			o++;
		}
	}
	r->nb = o;
	r->bits = bits;
}

static int32_t
ref_find(const ref_grid *r, uint32_t idx)
{
	int32_t		lo = 0,
				hi = r->nb;

	while (lo < hi)
	{
		int32_t		m = (lo + hi) / 2;

		if (r->b[m].idx < idx)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* c copies of bucket idx with value v (NaN: several values), no limit */
static void
ref_put(ref_grid *r, uint32_t idx, int64_t c, double v)
{
	int32_t		p = ref_find(r, idx);

	if (p < r->nb && r->b[p].idx == idx)
	{
		r->b[p].cnt += c;
		if (!(r->b[p].val == v))
			r->b[p].val = NAN;
		return;
	}
	memmove(r->b + p + 1, r->b + p, sizeof(mlc_qs_bucket) * (r->nb - p));
	r->b[p].idx = idx;
	r->b[p].cnt = c;
	r->b[p].val = v;
	r->nb++;
}

/* c copies of x: a new bucket while 2048 are tracked coarsens one bit first */
static void
ref_add(ref_grid *r, double x, int64_t c)
{
	for (;;)
	{
		uint32_t	idx = mlc_qs_index(x, r->bits);
		int32_t		p = ref_find(r, idx);

		if ((p < r->nb && r->b[p].idx == idx) || r->nb < MLC_QS_MEM_BUCKETS ||
			r->bits <= MLC_QS_MIN_BITS)
		{
			ref_put(r, idx, c, x);
			return;
		}
		ref_coarsen(r, r->bits - 1);
	}
}

static void
ref_merge(ref_grid *dst, const ref_grid *src)
{
	int32_t		i;
	int			d;

	if (src->bits < dst->bits)
		ref_coarsen(dst, src->bits);
	d = src->bits - dst->bits;
	for (i = 0; i < src->nb; i++)
		ref_put(dst, src->b[i].idx >> d, src->b[i].cnt, src->b[i].val);
	while (dst->nb > MLC_QS_MEM_BUCKETS && dst->bits > MLC_QS_MIN_BITS)
		ref_coarsen(dst, dst->bits - 1);
}

/* h holds the reference's grid exactly; the buckets come in grid order */
static bool
same_as_ref(const mlc_qhist *h, const ref_grid *r)
{
	int32_t		nb,
				i;
	mlc_qs_bucket *b = mlc_qhist_sorted(h, &nb);
	bool		same = b != NULL && h->bits == r->bits && nb == r->nb && h->nb == r->nb;

	for (i = 0; same && i < nb; i++)
		same = b[i].idx == r->b[i].idx && b[i].cnt == r->b[i].cnt &&
			((isnan(b[i].val) && isnan(r->b[i].val)) ||
			 memcmp(&b[i].val, &r->b[i].val, sizeof(double)) == 0);
	if (!same)
		fprintf(stderr, "  grid differs: bits %d vs %d, buckets %d/%d vs %d\n",
				h->bits, r->bits, (int) nb, (int) h->nb, (int) r->nb);
	mlc_free(b);
	return same;
}

/* a finite value of shape k (-0 kept: the grid is given it as it is) */
static double
shape_value(int k, int64_t i)
{
	double		u = grand();

	switch (k)
	{
		case 0:
			/* normal around 0: both signs, many binades below 1 */
			return sqrt(-2 * log(grand())) * cos(6.283185307179586 * u);
		case 1:
			/* 1e-300 .. 1e300, both signs */
			return (grand() < 0.5 ? -1 : 1) * pow(10, u * 600 - 300);
		case 2:
			/* subnormals, -0 and +0, tiny normals */
			return u < 0.25 ? floor(grand() * 5000) * 4.9e-324 :
				u < 0.4 ? 0.0 : u < 0.55 ? -0.0 :
				u < 0.8 ? -floor(grand() * 5000) * 4.9e-324 :
				(grand() - 0.5) * 1e-300;
		case 3:
			/* heavy tails, both signs */
			return (grand() < 0.5 ? -1 : 1) * pow(1 - u, -1 / 1.1);
		case 4:
			/* near-constant */
			return 1e6 + (u - 0.5) * 1e-7;
		case 5:
			/* a slowly widening range: coarsenings in the middle of batches */
			return (1 + u) * pow(2, (double) i / 700.0) * (i % 3 ? 1 : -1);
		case 6:
			/* the largest doubles and the smallest, both signs */
			return (grand() < 0.5 ? -1 : 1) *
				(u < 0.5 ? DBL_MAX - grand() * 1e300 : 4.9e-324 * (1 + floor(grand() * 3)));
		case 7:
			/* integers crossing zero: one value per bucket near 0 */
			return (double) ((int64_t) (u * 6000) - 3000);
		default:
			/* sparse: one value in each of many binades */
			return ldexp(1.0 + floor(u * 3) / 64, (int) (grand() * 2000) - 1000) *
				(grand() < 0.5 ? -1 : 1);
	}
}

#define NSHAPES 9

/*
 * Value by value and in batches of any size the grid is the reference's,
 * checked after every batch; the shapes that coarsen do it inside batches.
 */
UNIT_TEST(qsketch_grid_matches_reference)
{
	int64_t		n = 40000,
				i;
	double	   *v = malloc(sizeof(double) * n);
	int			k;

	for (k = 0; k < NSHAPES; k++)
	{
		ref_grid   *r = ref_new(MLC_QS_MAX_BITS);
		mlc_qhist  *a = mlc_qhist_new(MLC_QS_MAX_BITS),
				   *b = mlc_qhist_new(MLC_QS_MAX_BITS);
		int64_t		o = 0;
		bool		ok = true,
					mid = false;

		for (i = 0; i < n; i++)
			v[i] = shape_value(k, i);
		for (i = 0; i < n; i++)
			CHECK(mlc_qhist_add(a, v[i]));
		while (o < n && ok)
		{
			int64_t		m = 1 + (int64_t) (grand() * (grand() < 0.3 ? 40 : 3000)),
						e;

			if (m > n - o)
				m = n - o;
			for (e = o; e < o + m; e++)
			{
				int			bits0 = r->bits;

				ref_add(r, v[e], 1);
				/* coarsened after the first value of the batch */
				mid |= r->bits < bits0 && e > o;
			}
			CHECK(mlc_qhist_add_batch(b, v + o, m));
			ok = same_as_ref(b, r);
			CHECK(ok);
			o += m;
		}
		CHECK(same_as_ref(a, r));
		if (k == 1 || k == 5 || k == 8)
			CHECK(mid && r->bits < MLC_QS_MAX_BITS);
		ref_free(r);
		mlc_qhist_free(a);
		mlc_qhist_free(b);
	}
	free(v);
}

/* counts past 2^31 and 2^32 (a bucket's low count wraps), single values kept, in every path */
UNIT_TEST(qsketch_grid_counts_past_32_bits)
{
	static const int64_t starts[] = {
		(INT64_C(1) << 31) - 5, (INT64_C(1) << 32) - 5, (INT64_C(1) << 31) * 3 - 2,
		(INT64_C(1) << 40) - 1, (INT64_C(1) << 60) - 3
	};
	double		v[64];
	int			s,
				i,
				round;

	for (s = 0; s < (int) (sizeof(starts) / sizeof(starts[0])); s++)
	{
		ref_grid   *r = ref_new(MLC_QS_MAX_BITS);
		mlc_qhist  *h = mlc_qhist_new(MLC_QS_MAX_BITS),
				   *c;

		/* one single-valued bucket, one of several values, one sparse */
		CHECK(mlc_qhist_add_slow(h, 1.5, starts[s]));
		ref_add(r, 1.5, starts[s]);
		CHECK(mlc_qhist_add_slow(h, -3.25, starts[s]));
		ref_add(r, -3.25, starts[s]);
		CHECK(mlc_qhist_add(h, -3.2501));
		ref_add(r, -3.2501, 1);
		CHECK(same_as_ref(h, r));
		for (round = 0; round < 4; round++)
		{
			for (i = 0; i < 64; i++)
				v[i] = i % 2 ? 1.5 : -3.25;
			if (round == 3)
				v[40] = 1.5000001;
			CHECK(mlc_qhist_add_batch(h, v, 64));
			for (i = 0; i < 64; i++)
				ref_add(r, v[i], 1);
			CHECK(same_as_ref(h, r));
			for (i = 0; i < 5; i++)
			{
				CHECK(mlc_qhist_add(h, 1.5));
				ref_add(r, 1.5, 1);
			}
			CHECK(same_as_ref(h, r));
		}
		/* the counts survive copies, coarsening and merges */
		c = mlc_qhist_copy(h);
		CHECK(c != NULL && same_as_ref(c, r));
		CHECK(mlc_qhist_coarsen(c, 2));
		CHECK(mlc_qhist_merge(c, h));
		{
			ref_grid   *r2 = ref_new(MLC_QS_MAX_BITS);

			ref_merge(r2, r);
			ref_coarsen(r2, 2);
			ref_merge(r2, r);
			CHECK(same_as_ref(c, r2));
			ref_free(r2);
		}
		mlc_qhist_free(c);
		ref_free(r);
		mlc_qhist_free(h);
	}
}

/* a grid of shape k and n values at `bits`, in table form or (arr) array form */
static mlc_qhist *
grid_of(int k, int64_t n, int bits, bool arr, ref_grid **rr)
{
	mlc_qhist  *h = mlc_qhist_new(bits);
	ref_grid   *r = ref_new(bits);
	int64_t		i;

	for (i = 0; i < n; i++)
	{
		double		x = shape_value(k, i);

		mlc_qhist_add(h, x);
		ref_add(r, x, 1);
	}
	if (arr)
	{
		mlc_qhist  *e = mlc_qhist_new(MLC_QS_MAX_BITS);

		mlc_qhist_merge(e, h);
		mlc_qhist_free(h);
		h = e;
	}
	*rr = r;
	return h;
}

/*
 * Merges of grids of different resolutions and forms give the reference's
 * merge, and adding to the result afterwards goes on like the reference.
 */
UNIT_TEST(qsketch_grid_merges_of_different_bits)
{
	static const int bitsv[] = {7, 5, 0, -4};
	int			i,
				j,
				fa,
				fb;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			for (fa = 0; fa < 2; fa++)
				for (fb = 0; fb < 2; fb++)
				{
					ref_grid   *ra,
							   *rb;
					int			ka = (i + j + fa) % NSHAPES,
								kb = (3 * i + j + 2 * fb + 1) % NSHAPES;
					mlc_qhist  *a = grid_of(ka, 3000 + 500 * i, bitsv[i], fa, &ra),
							   *b = grid_of(kb, 2000 + 700 * j, bitsv[j], fb, &rb);
					int64_t		t;

					CHECK(a->slot == NULL || !fa);
					CHECK(same_as_ref(a, ra) && same_as_ref(b, rb));
					CHECK(mlc_qhist_merge(a, b));
					ref_merge(ra, rb);
					CHECK(same_as_ref(a, ra));
					/* the source is unchanged */
					CHECK(same_as_ref(b, rb));
					for (t = 0; t < 3000; t++)
					{
						double		x = shape_value((ka + kb) % NSHAPES, t);

						CHECK(mlc_qhist_add(a, x));
						ref_add(ra, x, 1);
					}
					CHECK(same_as_ref(a, ra));
					mlc_qhist_free(a);
					mlc_qhist_free(b);
					ref_free(ra);
					ref_free(rb);
				}
}

/* a copy of the table form holds the same grid and is independent of it */
UNIT_TEST(qsketch_grid_copy_is_independent)
{
	ref_grid   *r;
	mlc_qhist  *h = grid_of(0, 20000, MLC_QS_MAX_BITS, false, &r),
			   *c = mlc_qhist_copy(h);
	int			i;

	CHECK(c != NULL && c->slot != NULL && c->slot != h->slot);
	CHECK(same_as_ref(c, r));
	for (i = 0; i < 20000; i++)
		CHECK(mlc_qhist_add(c, shape_value(1, i)));
	CHECK(same_as_ref(h, r));
	mlc_qhist_free(c);
	mlc_qhist_free(h);
	ref_free(r);
}

/*
 * The grid order of the table form: -0 just below +0, the negatives below
 * both, subnormals next to zero (the smallest in the bucket of zero), the
 * largest doubles at the ends.
 */
UNIT_TEST(qsketch_grid_order_across_zero)
{
	static const double xs[] = {
		0.0, -0.0, 4.9e-324, -4.9e-324, 2.2250738585072014e-308, -2.2250738585072014e-308,
		1.0, -1.0, DBL_MAX, -DBL_MAX, 1e-300, -1e300
	};
	mlc_qhist  *h = mlc_qhist_new(MLC_QS_MAX_BITS);
	ref_grid   *r = ref_new(MLC_QS_MAX_BITS);
	mlc_qs_bucket *b;
	int32_t		nb,
				i;

	for (i = 0; i < (int32_t) (sizeof(xs) / sizeof(xs[0])); i++)
	{
		CHECK(mlc_qhist_add(h, xs[i]));
		ref_add(r, xs[i], 1 + i);
		if (i > 0)
			CHECK(mlc_qhist_add_slow(h, xs[i], i));
	}
	CHECK(same_as_ref(h, r));
	b = mlc_qhist_sorted(h, &nb);
	/* the smallest subnormals share the buckets of -0 and +0 */
	CHECK(b != NULL && nb == 10);
	for (i = 1; b && i < nb; i++)
	{
		CHECK(b[i - 1].idx < b[i].idx);
		if (b[i].idx == mlc_qs_index(0.0, MLC_QS_MAX_BITS))
			CHECK(b[i - 1].idx == mlc_qs_index(-0.0, MLC_QS_MAX_BITS) && isnan(b[i].val) &&
				  b[i].cnt == 1 + 3);
	}
	CHECK(b && b[0].val == -DBL_MAX && b[nb - 1].val == DBL_MAX);
	mlc_free(b);
	mlc_qhist_free(h);
	ref_free(r);
}

/*
 * 2048 buckets tracked: a value of a new bucket coarsens the grid before it
 * is counted, even when its neighbours in the grid are tracked, in
 * every path; a value of a tracked bucket does not.
 */
UNIT_TEST(qsketch_grid_coarsens_at_the_limit)
{
	int			path;

	for (path = 0; path < 3; path++)
	{
		mlc_qhist  *h = mlc_qhist_new(MLC_QS_MAX_BITS);
		ref_grid   *r = ref_new(MLC_QS_MAX_BITS);
		double		v[64],
					fresh = ldexp(1 + 1.0 / 128, 16);
		int			e,
					k,
					i;

		/* 128 buckets in each of 16 binades, one left out, one in a 17th */
		for (e = 0; e < 16; e++)
			for (k = 0; k < 128; k++)
				if (e != 0 || k != 5)
				{
					double		x = ldexp(1 + k / 128.0, e);

					CHECK(mlc_qhist_add(h, x));
					ref_add(r, x, 1);
				}
		CHECK(mlc_qhist_add(h, ldexp(1, 16)));
		ref_add(r, ldexp(1, 16), 1);
		CHECK(h->bits == MLC_QS_MAX_BITS && h->nb == MLC_QS_MEM_BUCKETS && same_as_ref(h, r));
		/* tracked buckets: no coarsening */
		for (i = 0; i < 64; i++)
			v[i] = ldexp(1 + (i % 128) / 128.0, 3 + i % 5);
		CHECK(mlc_qhist_add_batch(h, v, 64));
		for (i = 0; i < 64; i++)
			ref_add(r, v[i], 1);
		CHECK(h->bits == MLC_QS_MAX_BITS && same_as_ref(h, r));
		/* a new bucket next to tracked ones, in the 17th binade */
		if (path == 0)
			CHECK(mlc_qhist_add(h, fresh));
		else if (path == 1)
		{
			v[31] = fresh;
			CHECK(mlc_qhist_add_batch(h, v, 64));
			for (i = 0; i < 64; i++)
				ref_add(r, v[i], 1);
		}
		else
			CHECK(mlc_qhist_add_slow(h, fresh, 3));
		if (path != 1)
			ref_add(r, fresh, path == 2 ? 3 : 1);
		CHECK(h->bits == MLC_QS_MAX_BITS - 1 && same_as_ref(h, r));
		mlc_qhist_free(h);
		ref_free(r);
	}
}
