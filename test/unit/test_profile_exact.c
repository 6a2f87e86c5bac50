/* test_profile_exact.c — the compact exact form of numeric profiles (binary
 * format 3): round trips of many value shapes (ties, grids, integers,
 * float4 values, mixed signs, extremes, subnormals), every truncation and
 * hand-made malformed body rejected, the encoded size never shrinking when
 * values are added (so exactness does not depend on the plan), a profile
 * just within the 8 kB budget stays exact serially and merged from parts,
 * one value more is stored sketched in both cases, and every stored value
 * is within the budget. */
#include "unit.h"
#include "mlc_profile.h"

#include <float.h>
#include <stdlib.h>

static uint64_t ers = 0x9E3779B97F4A7C15ULL;
static double
erand(void)
{
	return unit_uniform_open(&ers);
}

static double
enormal(void)
{
	return sqrt(-2 * log(erand())) * cos(6.283185307179586 * erand());
}

/* n values of shape s */
static void
shape(double *v, int n, int s)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		double		z = enormal();

		switch (s)
		{
			case 0:
				v[i] = z;
				break;
			case 1:				/* ties */
				v[i] = round(z * 2) / 2;
				break;
			case 2:				/* binary grid */
				v[i] = (double) i / n;
				break;
			case 3:				/* integers */
				v[i] = (double) ((i * 7919) % 100000);
				break;
			case 4:				/* float4 values, both signs */
				v[i] = (double) (float) (z * 100);
				break;
			case 5:				/* signed zeros, extremes, subnormals */
				{
					static const double sp[] = {0.0, -0.0, DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN,
					4.9406564584124654e-324, -4.9406564584124654e-324, 1, -1};

					v[i] = sp[i % 10];
				}
				break;
			default:			/* decimals with ties */
				v[i] = round(z * 100) / 100;
		}
	}
}

static mlc_numprof *
build(const double *v, int n)
{
	mlc_numprof *p = mlc_numprof_new();
	mlc_status	st;
	int			i;

	for (i = 0; i < n; i++)
		mlc_numprof_add(p, v[i], &st);
	return p;
}

static size_t
stored(mlc_numprof *p, mlc_buf *b)
{
	mlc_status	st;

	mlc_buf_init(b, 64);
	if (mlc_numprof_write(p, b, &st) != MLC_OK)
		return SIZE_MAX;
	return b->len;
}

UNIT_TEST(profile_exact_compact_roundtrip)
{
	static const int sizes[] = {0, 1, 2, 9, 100, 700, 4096};
	int			s,
				z;
	double	   *v = malloc(sizeof(double) * 4096);

	for (s = 0; s < 7; s++)
		for (z = 0; z < 7; z++)
		{
			int			n = sizes[z];
			mlc_numprof *p,
					   *q,
					   *r;
			mlc_buf		b,
						b2,
						j;
			mlc_status	st;
			size_t		len,
						cut;

			shape(v, n, s);
			p = build(v, n);
			p->n_null = 3;
			len = stored(p, &b);
			CHECK(len != SIZE_MAX && 4 + len <= MLC_QS_PROFILE_BUDGET);
			/* exact when it fits (n <= 512 always does) */
			CHECK(n > MLC_PROFILE_SKETCH_MIN || (p->exact && b.data[0] == MLC_PROFILE_EXACT_VERSION));
			CHECK(b.data[0] == (p->exact ? MLC_PROFILE_EXACT_VERSION : MLC_PROFILE_FORMAT_VERSION));
			if (s != 0 && s != 4)
				CHECK(p->exact);	/* low-entropy data stay exact up to 4096 */
			q = mlc_numprof_read(b.data, b.len, &st);
			CHECK(q != NULL && q->exact == p->exact && q->n == n && q->n_null == 3);
			mlc_buf_init(&b2, 64);
			CHECK(q && mlc_numprof_write(q, &b2, &st) == MLC_OK && b2.len == b.len &&
				  memcmp(b.data, b2.data, b.len) == 0);
			mlc_buf_init(&j, 64);
			CHECK(mlc_numprof_to_json(p, &j, &st) == MLC_OK);
			r = mlc_numprof_from_json(j.data, j.len, &st);
			CHECK(r != NULL && mlc_numprof_equal(p, r));
			if (p->exact && q && q->exact)
			{
				int			i;

				for (i = 0; i < n; i++)
					CHECK(p->lv[0][i] == q->lv[0][i] && !signbit(q->lv[0][i]) == !signbit(p->lv[0][i]));
			}
			for (cut = 0; cut < b.len; cut++)
			{
				mlc_numprof *t = mlc_numprof_read(b.data, cut, &st);

				CHECK(t == NULL && st.code == MLC_ESYNTAX);
				mlc_numprof_free(t);
			}
			mlc_numprof_free(p);
			mlc_numprof_free(q);
			mlc_numprof_free(r);
			mlc_buf_free(&b);
			mlc_buf_free(&b2);
			mlc_buf_free(&j);
		}
	free(v);
}

/* header of a format 3 exact profile of n values, then the body bytes */
static bool
reads(const unsigned char *body, size_t blen, int64_t n, int version, int exact)
{
	unsigned char buf[256];
	mlc_status	st;
	mlc_numprof *p;
	int			i;

	buf[0] = (unsigned char) version;
	buf[1] = 'N';
	buf[2] = (unsigned char) exact;
	memset(buf + 3, 0, 40);
	for (i = 0; i < 8; i++)
		buf[3 + i] = (unsigned char) ((uint64_t) n >> (56 - 8 * i));
	memcpy(buf + 43, body, blen);
	p = mlc_numprof_read(buf, 43 + blen, &st);
	if (p == NULL)
	{
		if (st.code != MLC_ESYNTAX)
			return true;		/* not the expected rejection: report as read */
		return false;
	}
	mlc_numprof_free(p);
	return true;
}

UNIT_TEST(profile_exact_compact_rejects_malformed)
{
	/* key of 1.0: 2^63 | 0x3ff0000000000000 */
#define K1 0xbf, 0xf0, 0, 0, 0, 0, 0, 0
	/* {1, 1.5, 1.5}: 2 distinct, diff 2^51, tz 51 -> varint 1, flags 0b10, count varint 0 */
	static const unsigned char good[] = {2, K1, 51, 0x02, 0x01, 0x00};
	static const unsigned char bad_k_gt_n[] = {4, K1, 51, 0x02, 0x01, 0x00};
	static const unsigned char bad_tz[] = {2, K1, 64, 0x02, 0x01, 0x00};
	static const unsigned char bad_tz_not_common[] = {2, K1, 50, 0x02, 0x02, 0x00};
	static const unsigned char bad_zero_diff[] = {2, K1, 51, 0x02, 0x00, 0x00};
	static const unsigned char bad_flags[] = {2, K1, 51, 0x06, 0x01, 0x00};
	static const unsigned char bad_varint[] = {2, K1, 51, 0x02, 0x81, 0x00, 0x00};
	static const unsigned char bad_count[] = {2, K1, 51, 0x02, 0x01, 0x01};
	static const unsigned char bad_trailing[] = {2, K1, 51, 0x02, 0x01, 0x00, 0x00};
	/* a single value: tz must be 0 */
	static const unsigned char one[] = {1, K1, 0, 0x00};
	static const unsigned char one_tz[] = {1, K1, 3, 0x00};
	/* key 0 and the key of +Infinity (2^63 | 0x7ff0...) do not decode to finite values */
	static const unsigned char key0[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00};
	static const unsigned char keyinf[] = {1, 0xff, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0x00};
	/* 1.0 + 2^63 * 2: past the end of the keys */
	static const unsigned char overflow[] = {2, K1, 0, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x01};
	/* k = 0 with n > 0, k > 0 with n = 0 */
	static const unsigned char empty[] = {0};

	CHECK(reads(good, sizeof(good), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(good, sizeof(good), 4, MLC_PROFILE_EXACT_VERSION, 1));	/* counts != n */
	CHECK(!reads(good, sizeof(good), 2, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(good, sizeof(good), 3, MLC_PROFILE_FORMAT_VERSION, 1));	/* exact in format 2 */
	CHECK(!reads(good, sizeof(good), 3, MLC_PROFILE_EXACT_VERSION, 0));	/* sketch in format 3 */
	CHECK(!reads(good, sizeof(good), 3, 4, 1));
	CHECK(!reads(good, sizeof(good), 5000, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_k_gt_n, sizeof(bad_k_gt_n), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_tz, sizeof(bad_tz), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_tz_not_common, sizeof(bad_tz_not_common), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_zero_diff, sizeof(bad_zero_diff), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_flags, sizeof(bad_flags), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_varint, sizeof(bad_varint), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_count, sizeof(bad_count), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(reads(bad_count, sizeof(bad_count), 4, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(bad_trailing, sizeof(bad_trailing), 3, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(reads(one, sizeof(one), 1, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(one_tz, sizeof(one_tz), 1, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(key0, sizeof(key0), 1, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(keyinf, sizeof(keyinf), 1, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(overflow, sizeof(overflow), 2, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(reads(empty, sizeof(empty), 0, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(empty, sizeof(empty), 1, MLC_PROFILE_EXACT_VERSION, 1));
	CHECK(!reads(one, sizeof(one), 0, MLC_PROFILE_EXACT_VERSION, 1));
#undef K1
}

UNIT_TEST(profile_exact_size_never_shrinks)
{
	int			s,
				i;
	double	   *v = malloc(sizeof(double) * 4096);

	for (s = 0; s < 7; s++)
	{
		mlc_numprof *p = mlc_numprof_new();
		mlc_status	st;
		size_t		prev = 0;
		bool		ok = true;

		shape(v, 4096, s);
		/* random order, so that new values land between old ones */
		for (i = 4095; i > 0; i--)
		{
			int			j = (int) (erand() * (i + 1));
			double		t = v[i];

			v[i] = v[j];
			v[j] = t;
		}
		for (i = 0; i < 4096 && ok; i++)
		{
			size_t		sz;

			mlc_numprof_add(p, v[i], &st);
			if (i % 7 && i < 4000)
				continue;		/* sorting every time is slow under ASan */
			sz = mlc_numprof_exact_size(p);
			ok = sz >= prev;
			prev = sz;
		}
		CHECK(ok && p->exact);
		mlc_numprof_free(p);
	}
	free(v);
}

UNIT_TEST(profile_exact_budget_same_serial_and_merged)
{
	double	   *v = malloc(sizeof(double) * 4096);
	int			n = 0,
				extra,
				part;

	/* full-precision normals: as many as fit the budget */
	shape(v, 4096, 0);
	{
		mlc_numprof *p = mlc_numprof_new();
		mlc_status	st;

		while (n < 4096)
		{
			mlc_numprof_add(p, v[n], &st);
			if (4 + mlc_numprof_exact_size(p) > MLC_QS_PROFILE_BUDGET)
				break;
			n++;
		}
		mlc_numprof_free(p);
	}
	CHECK(n > MLC_PROFILE_SKETCH_MIN && n < 4096);
	for (extra = 0; extra <= 1; extra++)
	{
		int			m = n + extra;
		mlc_numprof *serial = build(v, m),
				   *merged = mlc_numprof_new();
		mlc_buf		a,
					b;
		mlc_status	st;

		/* four stored parts (every fourth value), merged */
		for (part = 0; part < 4; part++)
		{
			mlc_numprof *q = mlc_numprof_new(),
					   *r;
			mlc_buf		pb;
			int			i;

			for (i = part; i < m; i += 4)
				mlc_numprof_add(q, v[i], &st);
			CHECK(stored(q, &pb) != SIZE_MAX && q->exact);
			r = mlc_numprof_read(pb.data, pb.len, &st);
			CHECK(r != NULL && mlc_numprof_merge(merged, r, &st) == MLC_OK);
			mlc_numprof_free(q);
			mlc_numprof_free(r);
			mlc_buf_free(&pb);
		}
		CHECK(stored(serial, &a) != SIZE_MAX && stored(merged, &b) != SIZE_MAX);
		CHECK(4 + a.len <= MLC_QS_PROFILE_BUDGET && 4 + b.len <= MLC_QS_PROFILE_BUDGET);
		if (extra == 0)
			CHECK(serial->exact && merged->exact && a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
		else
		{
			CHECK(!serial->exact && !merged->exact && serial->n == m && merged->n == m);
			CHECK(a.data[0] == MLC_PROFILE_FORMAT_VERSION && b.data[0] == MLC_PROFILE_FORMAT_VERSION);
			/* a stored sketch of few values reads back */
			{
				mlc_numprof *r = mlc_numprof_read(a.data, a.len, &st);

				CHECK(r != NULL && !r->exact && mlc_numprof_rank_error(r) < 0.05);
				mlc_numprof_free(r);
			}
		}
		mlc_numprof_free(serial);
		mlc_numprof_free(merged);
		mlc_buf_free(&a);
		mlc_buf_free(&b);
	}
	free(v);
}
