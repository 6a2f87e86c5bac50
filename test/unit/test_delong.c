/* test_delong.c — DeLong variance, interval and paired test (mlc_delong.c).
 * The fast algorithm is compared with the O(m·n) definition computed here
 * in long double on random tied data; plus codec, order independence,
 * limits and degenerate inputs. */
#include "unit.h"
#include "mlc_delong.h"
#include "mlc_types.h"
#include "mlc_slices.h"

#include <stdlib.h>

static uint64_t rng_state = 88172645463325252ULL;

static double
urand(void)
{
	return unit_uniform(&rng_state);
}

static double
psi(double x, double y)
{
	return x > y ? 1.0 : (x == y ? 0.5 : 0.0);
}

/* brute-force DeLong from the definition; returns false if a class is empty */
static bool
brute(const double *a, const double *b, const bool *lab, int k, double *auc_a,
	  double *auc_b, double *var_a, double *var_d)
{
	int			m = 0,
				n = 0,
				i,
				j,
				ii,
				jj;
	long double *a10,
			   *b10,
			   *a01,
			   *b01;
	long double sa = 0,
				sb = 0,
				s10a = 0,
				s01a = 0,
				s10d = 0,
				s01d = 0,
				ta,
				tb;

	for (i = 0; i < k; i++)
		lab[i] ? m++ : n++;
	if (m == 0 || n == 0)
		return false;
	a10 = calloc(m, sizeof(long double));
	b10 = calloc(m, sizeof(long double));
	a01 = calloc(n, sizeof(long double));
	b01 = calloc(n, sizeof(long double));
	for (i = 0, ii = 0; i < k; i++)
	{
		if (!lab[i])
			continue;
		for (j = 0, jj = 0; j < k; j++)
		{
			if (lab[j])
				continue;
			a10[ii] += psi(a[i], a[j]) / n;
			b10[ii] += psi(b[i], b[j]) / n;
			a01[jj] += psi(a[i], a[j]) / m;
			b01[jj] += psi(b[i], b[j]) / m;
			jj++;
		}
		ii++;
	}
	for (i = 0; i < m; i++)
	{
		sa += a10[i];
		sb += b10[i];
	}
	ta = sa / m;
	tb = sb / m;
	for (i = 0; i < m; i++)
	{
		s10a += (a10[i] - ta) * (a10[i] - ta);
		s10d += (a10[i] - b10[i] - ta + tb) * (a10[i] - b10[i] - ta + tb);
	}
	for (j = 0; j < n; j++)
	{
		s01a += (a01[j] - ta) * (a01[j] - ta);
		s01d += (a01[j] - b01[j] - ta + tb) * (a01[j] - b01[j] - ta + tb);
	}
	*auc_a = (double) ta;
	*auc_b = (double) tb;
	*var_a = (m > 1 && n > 1) ? (double) (s10a / (m - 1) / m + s01a / (n - 1) / n) : NAN;
	*var_d = (m > 1 && n > 1) ? (double) (s10d / (m - 1) / m + s01d / (n - 1) / n) : NAN;
	free(a10);
	free(b10);
	free(a01);
	free(b01);
	return true;
}

static mlc_delong *
build(const double *a, const double *b, const bool *lab, int k, bool paired, const int *order)
{
	mlc_status	st;
	mlc_delong *d = mlc_delong_new(paired);
	int			i;

	for (i = 0; i < k; i++)
	{
		int			r = order ? order[i] : i;

		if (mlc_delong_add(d, a[r], b[r], lab[r], &st) != MLC_OK)
		{
			mlc_delong_free(d);
			return NULL;
		}
	}
	return d;
}

UNIT_TEST(delong_matches_definition)
{
	static double a[600],
				b[600];
	static bool lab[600];
	int			trial;

	for (trial = 0; trial < 12; trial++)
	{
		int			k = 5 + trial * 45,
					i;
		double		prev = 0.1 + 0.07 * trial;
		double		ba,
					bb,
					bva,
					bvd;
		mlc_delong *d,
				   *u;
		mlc_delong_test_result r;
		mlc_delong_ci_result c;
		mlc_status	st;

		for (i = 0; i < k; i++)
		{
			lab[i] = urand() < prev;
			/* coarse grids give many ties within and across classes */
			a[i] = floor((urand() + (lab[i] ? 0.4 : 0)) * (trial % 3 == 0 ? 5 : 40));
			if (trial == 5 && i % 17 == 0)
				a[i] = (i % 2) ? INFINITY : -INFINITY;
			b[i] = trial % 4 == 1 ? a[i] * 2 : floor((urand() + (lab[i] ? 0.2 : 0)) * 30);
		}
		lab[0] = true;
		lab[1] = false;
		CHECK(brute(a, b, lab, k, &ba, &bb, &bva, &bvd));
		d = build(a, b, lab, k, true, NULL);
		u = build(a, b, lab, k, false, NULL);
		CHECK(d != NULL && u != NULL);
		if (!d || !u)
			return;
		CHECK(mlc_delong_test(d, &r, &st) == MLC_OK);
		CHECK(mlc_delong_ci(u, &c, &st) == MLC_OK);
		CHECK(r.defined && c.defined);
		CHECK_NEAR(r.auc_a, ba, 1e-13);
		CHECK_NEAR(r.auc_b, bb, 1e-13);
		CHECK_NEAR(c.auc, ba, 1e-13);
		CHECK(c.auc == r.auc_a);
		CHECK_NEAR(r.difference, ba - bb, 1e-13);
		if (!isnan(bva))
		{
			double		zq = mlc_normal_quantile(0.975);

			CHECK(c.ci_defined);
			CHECK(fabs(c.variance - bva) <= 1e-12 * fmax(bva, 1e-300));
			CHECK_NEAR(c.lower, fmax(0, ba - zq * sqrt(bva)), 1e-12);
			CHECK_NEAR(c.upper, fmin(1, ba + zq * sqrt(bva)), 1e-12);
			if (bvd > 1e-20)
			{
				CHECK(r.z_defined);
				CHECK(fabs(r.variance - bvd) <= 1e-12 * bvd);
				CHECK_NEAR(r.z, (ba - bb) / sqrt(bvd), 1e-10);
				CHECK_NEAR(r.p_value, erfc(fabs(r.z) / sqrt(2.0)), 1e-15);
			}
			else
				CHECK(!r.z_defined);
		}
		/* b = 2a: same ranks, variance of the difference exactly 0 */
		if (trial % 4 == 1)
			CHECK(!r.z_defined && r.difference == 0);
		mlc_delong_free(d);
		mlc_delong_free(u);
	}
}

UNIT_TEST(delong_order_independent)
{
	enum
	{
	K = 3000};
	static double a[K],
				b[K];
	static bool lab[K];
	static int	order[K];
	int			i;
	mlc_delong *d1,
			   *d2,
			   *h1,
			   *h2;
	mlc_delong_test_result r1,
				r2;
	mlc_status	st;

	for (i = 0; i < K; i++)
	{
		lab[i] = urand() < 0.3;
		a[i] = urand() + (lab[i] ? 0.3 : 0);
		b[i] = floor(urand() * 50) + (lab[i] ? 5 : 0);
		order[i] = K - 1 - i;
	}
	d1 = build(a, b, lab, K, true, NULL);
	/* reversed order, built in two halves merged */
	h1 = build(a, b, lab, K / 3, true, order);
	h2 = build(a, b, lab, K - K / 3, true, order + K / 3);
	CHECK(mlc_delong_merge(h2, h1, &st) == MLC_OK);
	d2 = h2;
	CHECK(mlc_delong_test(d1, &r1, &st) == MLC_OK);
	CHECK(mlc_delong_test(d2, &r2, &st) == MLC_OK);
	CHECK(r1.auc_a == r2.auc_a && r1.auc_b == r2.auc_b && r1.z == r2.z &&
		  r1.p_value == r2.p_value && r1.variance == r2.variance);
	/* computing twice (state sorted in place) gives the same answer */
	CHECK(mlc_delong_test(d1, &r2, &st) == MLC_OK);
	CHECK(r1.z == r2.z && r1.auc_a == r2.auc_a);
	mlc_delong_free(d1);
	mlc_delong_free(d2);
	mlc_delong_free(h1);
}

UNIT_TEST(delong_degenerate)
{
	double		a[] = {0.1, 0.2, 0.3, 0.4},
				b[] = {0.4, 0.3, 0.2, 0.1};
	bool		one[] = {true, true, true, true},
				onepos[] = {true, false, false, false};
	mlc_delong *d;
	mlc_delong_ci_result c;
	mlc_delong_test_result r;
	mlc_status	st;

	d = mlc_delong_new(false);
	CHECK(mlc_delong_ci(d, &c, &st) == MLC_OK && !c.defined);
	mlc_delong_free(d);
	d = build(a, b, one, 4, false, NULL);
	CHECK(mlc_delong_ci(d, &c, &st) == MLC_OK && !c.defined);
	mlc_delong_free(d);
	d = build(a, b, one, 4, true, NULL);
	CHECK(mlc_delong_test(d, &r, &st) == MLC_OK && !r.defined && !r.z_defined);
	mlc_delong_free(d);
	/* a single positive: AUC defined, variance not */
	d = build(a, b, onepos, 4, false, NULL);
	CHECK(mlc_delong_ci(d, &c, &st) == MLC_OK && c.defined && !c.ci_defined);
	CHECK(c.auc == 0.0);
	mlc_delong_free(d);
	d = build(a, b, onepos, 4, true, NULL);
	CHECK(mlc_delong_test(d, &r, &st) == MLC_OK && r.defined && !r.z_defined);
	CHECK(r.auc_a == 0.0 && r.auc_b == 1.0 && r.difference == -1.0);
	mlc_delong_free(d);
	/* perfect separation: zero variance, interval [1, 1] */
	{
		double		s[] = {0.9, 0.8, 0.1, 0.2};
		bool		l[] = {true, true, false, false};

		d = build(s, s, l, 4, false, NULL);
		CHECK(mlc_delong_ci(d, &c, &st) == MLC_OK && c.ci_defined);
		CHECK(c.auc == 1.0 && c.lower == 1.0 && c.upper == 1.0 && c.variance == 0.0);
		mlc_delong_free(d);
	}
}

UNIT_TEST(delong_bad_args)
{
	mlc_delong *d = mlc_delong_new(true);
	mlc_status	st;

	CHECK(mlc_delong_add(d, NAN, 0.5, true, &st) == MLC_EBADARG);
	CHECK(strstr(st.msg, "score_a") != NULL);
	CHECK(mlc_delong_add(d, 0.5, NAN, true, &st) == MLC_EBADARG);
	CHECK(strstr(st.msg, "score_b") != NULL);
	CHECK(mlc_delong_add(d, INFINITY, -INFINITY, true, &st) == MLC_OK);
	CHECK(mlc_delong_set_level(d, 0, &st) == MLC_EBADARG);
	CHECK(mlc_delong_set_level(d, 1, &st) == MLC_EBADARG);
	CHECK(mlc_delong_set_level(d, NAN, &st) == MLC_EBADARG);
	CHECK(mlc_delong_set_level(d, 0.9, &st) == MLC_OK);
	CHECK(mlc_delong_set_level(d, 0.9, &st) == MLC_OK);
	CHECK(mlc_delong_set_level(d, 0.95, &st) == MLC_EBADARG);
	mlc_delong_free(d);
	{
		mlc_delong *p = mlc_delong_new(true),
				   *u = mlc_delong_new(false);

		CHECK(mlc_delong_merge(p, u, &st) == MLC_EBADARG);
		mlc_delong_free(p);
		mlc_delong_free(u);
	}
}

UNIT_TEST(delong_limit)
{
	size_t		saved = mlc_max_value_bytes;
	mlc_delong *d;
	mlc_status	st;
	int			i;
	mlc_code	rc = MLC_OK;

	mlc_max_value_bytes = 16 * 1024;
	d = mlc_delong_new(true);
	for (i = 0; i < 100000 && rc == MLC_OK; i++)
		rc = mlc_delong_add(d, i, -i, i % 2, &st);
	CHECK(rc == MLC_ELIMIT);
	CHECK(strstr(st.hint, "max_value_kb") != NULL);
	CHECK(mlc_delong_serial_size(d) <= mlc_max_value_bytes);
	/* the bound is on the text form: base64 of the binary one */
	CHECK(d->np + d->nn == (mlc_state_max_bytes() - 26) / 16);
	CHECK((mlc_delong_serial_size(d) + 2) / 3 * 4 < mlc_max_value_bytes);
	/* combining two states past the limit fails too, leaving dst intact */
	{
		mlc_delong *e = mlc_delong_new(true);
		size_t		before = d->np + d->nn;

		CHECK(mlc_delong_add(e, 1, 2, true, &st) == MLC_OK);
		CHECK(mlc_delong_merge(d, e, &st) == MLC_ELIMIT);
		CHECK(d->np + d->nn == before);
		CHECK(mlc_delong_merge(e, d, &st) == MLC_ELIMIT);
		mlc_delong_free(e);
	}
	mlc_delong_free(d);
	mlc_max_value_bytes = saved;
}

UNIT_TEST(delong_codec)
{
	double		a[] = {0.5, -0.0, INFINITY, 0.25, 0.5},
				b[] = {1, 2, 3, -INFINITY, 0.0};
	bool		l[] = {true, false, true, false, false};
	mlc_delong *d = build(a, b, l, 5, true, NULL),
			   *e;
	mlc_delong_test_result r1,
				r2;
	mlc_buf		buf;
	mlc_status	st;
	size_t		cut;
	char	   *bad;

	CHECK(mlc_delong_set_level(d, 0.8, &st) == MLC_OK);
	mlc_buf_init(&buf, 16);
	CHECK(mlc_delong_write(d, &buf, &st) == MLC_OK);
	CHECK(buf.len == mlc_delong_serial_size(d));
	e = mlc_delong_read(buf.data, buf.len, &st);
	CHECK(e != NULL);
	if (e == NULL)
		return;
	CHECK(e->paired && e->has_level && e->level == 0.8 && e->np == 2 && e->nn == 3);
	CHECK(mlc_delong_test(d, &r1, &st) == MLC_OK && mlc_delong_test(e, &r2, &st) == MLC_OK);
	CHECK(r1.auc_a == r2.auc_a && r1.auc_b == r2.auc_b && r1.defined);
	mlc_delong_free(e);
	/* every truncation fails cleanly */
	for (cut = 0; cut < buf.len; cut++)
	{
		e = mlc_delong_read(buf.data, cut, &st);
		CHECK(e == NULL && st.code == MLC_ESYNTAX);
		mlc_delong_free(e);
	}
	bad = malloc(buf.len + 1);
	memcpy(bad, buf.data, buf.len);
	bad[buf.len] = 0;
	CHECK(mlc_delong_read(bad, buf.len + 1, &st) == NULL && st.code == MLC_ESYNTAX);
	bad[0] = 9;					/* version */
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	bad[0] = 1;
	bad[1] = 15;				/* flags */
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	bad[1] = 3;
	memset(bad + 2, 0, 8);		/* level 0 */
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	memcpy(bad, buf.data, buf.len);
	bad[17] = 3;				/* np = 3: counts no longer match */
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	bad[17] = (char) 0xff;		/* huge count */
	bad[10] = (char) 0x7f;
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	memcpy(bad, buf.data, buf.len);
	memset(bad + 26 + 8, 0xff, 8);	/* model B score of row 1 = NaN */
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	memcpy(bad, buf.data, buf.len);
	memset(bad + 26, 0, 8);		/* key 0 of row 1 decodes to a NaN */
	CHECK(mlc_delong_read(bad, buf.len, &st) == NULL && st.code == MLC_ESYNTAX);
	free(bad);
	mlc_buf_free(&buf);
	mlc_delong_free(d);
}

/* a state written and read back through the codec, freed */
static mlc_delong *
round_trip(mlc_delong *d, bool sort_first)
{
	mlc_buf		buf;
	mlc_status	st;
	mlc_delong *e;

	if (sort_first && mlc_delong_sort(d, &st) != MLC_OK)
		return NULL;
	mlc_buf_init(&buf, 64);
	if (mlc_delong_write(d, &buf, &st) != MLC_OK)
	{
		mlc_buf_free(&buf);
		return NULL;
	}
	e = mlc_delong_read(buf.data, buf.len, &st);
	mlc_buf_free(&buf);
	mlc_delong_free(d);
	return e;
}

static bool
ascending(const uint64_t *k, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
		if (k[i] < k[i - 1])
			return false;
	return true;
}

/*
 * Sorted partial states (what parallel workers ship) are merged linearly
 * and stay sorted; the result equals the serial state's bit for bit, for
 * tied and untied scores, with empty classes and parts, paired or not; an
 * unsorted part makes the merge append (and the final sort).
 */
UNIT_TEST(delong_sorted_merge)
{
	enum
	{
	K = 4000};
	static double a[K],
				b[K];
	static bool lab[K];
	static int	order[K];
	int			ties,
				paired,
				i,
				cut;
	mlc_status	st;

	for (ties = 0; ties < 2; ties++)
		for (paired = 0; paired < 2; paired++)
			for (cut = 0; cut < 4; cut++)
			{
				/* parts: [0, c1), [c1, c2), [c2, K); cut 0 has an empty first part,
				 * cut 3 an unsorted middle part */
				int			c1 = cut == 0 ? 0 : K / 3,
							c2 = cut == 1 ? K / 3 : 2 * K / 3;
				mlc_delong *serial,
						   *p1,
						   *p2,
						   *p3;
				mlc_delong_test_result r1,
							r2;
				mlc_delong_ci_result c_1,
							c_2;

				for (i = 0; i < K; i++)
				{
					lab[i] = urand() < 0.3;
					a[i] = ties ? floor(urand() * 20) + (lab[i] ? 3 : 0) : urand() + (lab[i] ? 0.2 : 0);
					b[i] = ties ? floor(urand() * 7) : urand();
					order[i] = (i * 7919) % K;
				}
				serial = build(a, b, lab, K, paired, order);
				p1 = round_trip(build(a, b, lab, c1, paired, order), true);
				p2 = round_trip(build(a, b, lab, c2 - c1, paired, order + c1), cut != 3);
				p3 = round_trip(build(a, b, lab, K - c2, paired, order + c2), true);
				CHECK(serial && p1 && p2 && p3);
				if (!serial || !p1 || !p2 || !p3)
					return;
				CHECK(p1->sorted && p3->sorted);
				CHECK(mlc_delong_merge(p1, p2, &st) == MLC_OK);
				CHECK(mlc_delong_merge(p1, p3, &st) == MLC_OK);
				CHECK(p1->np == serial->np && p1->nn == serial->nn);
				/* merged linearly (an unsorted part, cut 3, is sorted first, as
				 * the leader of a parallel plan merges its own part): the
				 * result is sorted without a sort of every row */
				CHECK(p1->sorted && ascending(p1->pk, p1->np) && ascending(p1->nk, p1->nn));
				CHECK(p1->pcap >= p1->np && p1->ncap >= p1->nn);
				if (paired)
				{
					CHECK(mlc_delong_test(serial, &r1, &st) == MLC_OK);
					CHECK(mlc_delong_test(p1, &r2, &st) == MLC_OK);
					CHECK(r1.defined && r1.z_defined);
					CHECK(r1.auc_a == r2.auc_a && r1.auc_b == r2.auc_b && r1.z == r2.z &&
						  r1.p_value == r2.p_value && r1.variance == r2.variance &&
						  r1.difference == r2.difference);
				}
				else
				{
					CHECK(mlc_delong_ci(serial, &c_1, &st) == MLC_OK);
					CHECK(mlc_delong_ci(p1, &c_2, &st) == MLC_OK);
					CHECK(c_1.ci_defined && c_1.auc == c_2.auc && c_1.variance == c_2.variance &&
						  c_1.lower == c_2.lower && c_1.upper == c_2.upper);
				}
				/* the final leaves the state sorted; adding rows goes on */
				CHECK(p1->sorted && serial->sorted);
				CHECK(mlc_delong_add(p1, -1, 0, true, &st) == MLC_OK && !p1->sorted);
				mlc_delong_free(serial);
				mlc_delong_free(p1);
				mlc_delong_free(p2);
				mlc_delong_free(p3);
			}
}

/* the sorted flag of the format is checked: unsorted rows under it are
 * corrupt; a state without it (the older form) reads, sorted or not */
UNIT_TEST(delong_sorted_flag)
{
	double		a[] = {0.9, 0.1, 0.5, 0.3},
				b[] = {0, 0, 0, 0};
	bool		l[] = {true, false, true, false};
	mlc_delong *d = build(a, b, l, 4, false, NULL),
			   *e;
	mlc_buf		buf;
	mlc_status	st;
	char	   *bad;

	CHECK(d != NULL && !d->sorted);
	mlc_buf_init(&buf, 16);
	CHECK(mlc_delong_write(d, &buf, &st) == MLC_OK);
	CHECK(buf.len == 26 + 4 * 8 && (buf.data[1] & 4) == 0);
	e = mlc_delong_read(buf.data, buf.len, &st);
	CHECK(e != NULL && !e->sorted);
	mlc_delong_free(e);
	bad = malloc(buf.len);
	memcpy(bad, buf.data, buf.len);
	bad[1] |= 4;				/* claims sorted: positives are 0.9, 0.5 */
	e = mlc_delong_read(bad, buf.len, &st);
	CHECK(e == NULL && st.code == MLC_ESYNTAX);
	mlc_delong_free(e);
	mlc_buf_free(&buf);
	/* sorted, written with the flag, read back sorted */
	CHECK(mlc_delong_sort(d, &st) == MLC_OK && d->sorted);
	mlc_buf_init(&buf, 16);
	CHECK(mlc_delong_write(d, &buf, &st) == MLC_OK && (buf.data[1] & 4) != 0);
	e = mlc_delong_read(buf.data, buf.len, &st);
	CHECK(e != NULL && e->sorted && e->pk[0] < e->pk[1]);
	mlc_delong_free(e);
	/* the same bytes without the flag (a state of the older form) read too */
	memcpy(bad, buf.data, buf.len);
	bad[1] &= ~4;
	e = mlc_delong_read(bad, buf.len, &st);
	CHECK(e != NULL && e->np == 2 && e->nn == 2);
	mlc_delong_free(e);
	free(bad);
	mlc_buf_free(&buf);
	mlc_delong_free(d);
}
