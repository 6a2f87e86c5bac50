/* test_scores.c — radix sort, exact AUC/AP, log loss/Brier, scores summary. */
#include "unit.h"
#include "mlc_scores.h"
#include "mlc_sort.h"
#include "mlc_types.h"

#include <float.h>
#include <stdlib.h>

static uint64_t rng_state = 88172645463325252ull;

static uint64_t
rng(void)
{
	return unit_xorshift(&rng_state);
}

static double
urand(void)
{
	return (double) (rng() >> 11) / 9007199254740992.0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

static int	interrupts;

static void
count_interrupt(void)
{
	interrupts++;
}

/* sort n keys drawn by gen with mlc_sort_keys and qsort; payload must follow */
static int
sort_matches_qsort(size_t n, int kind)
{
	uint64_t   *k = malloc(n * sizeof(uint64_t) + 8),
			   *ref = malloc(n * sizeof(uint64_t) + 8);
	double	   *w = malloc(n * sizeof(double) + 8);
	mlc_status	st;
	size_t		i;
	int			ok = 1;
	static const double specials[] = {INFINITY, -INFINITY, 0.0, -0.0, 1e-310, -1e-310, 1e308, -1e308};

	for (i = 0; i < n; i++)
	{
		double		v;

		switch (kind)
		{
			case 0:				/* random doubles of every magnitude and sign */
				{
					uint64_t	b = rng();

					memcpy(&v, &b, 8);
					if (isnan(v))
						v = 1.5;
				}
				break;
			case 1:				/* heavy ties */
				v = (double) (rng() % 7) / 4;
				break;
			case 2:				/* scores in [0, 1) with ties and specials */
				v = (rng() % 5 == 0) ? specials[rng() % 8] : floor(urand() * 1000) / 1000;
				break;
			case 4:				/* crowded: most keys share their top 30 bits,
								 * a few outliers far away (histogram split) */
				v = (rng() % 100 == 0) ? (double) (rng() % 1000) - 500
					: 1.0 + (double) (rng() % 4096) * 0x1p-52;
				break;
			case 5:				/* probabilities of full precision, squared:
								 * crowded near 0 by exponent */
				v = urand() * urand();
				break;
			default:			/* all tied */
				v = 0.25;
				break;
		}
		k[i] = ref[i] = mlc_f64_key(v);
		w[i] = (double) (k[i] % 1000003);	/* payload = function of the key */
	}
	qsort(ref, n, sizeof(uint64_t), cmp_u64);
	if (mlc_sort_keys(k, w, n, &st) != MLC_OK)
		ok = 0;
	for (i = 0; ok && i < n; i++)
		if (k[i] != ref[i] || w[i] != (double) (k[i] % 1000003))
			ok = 0;
	for (i = 1; ok && i < n; i++)
		if (mlc_key_f64(k[i - 1]) > mlc_key_f64(k[i]))
			ok = 0;
	free(k);
	free(ref);
	free(w);
	return ok;
}

UNIT_TEST(sort_key_transform_orders_doubles)
{
	double		v[] = {-INFINITY, -1e308, -1.0, -5e-324, -0.0, 0.0, 5e-324, 0.5, 1.0, 1e308, INFINITY};
	size_t		i;

	for (i = 0; i + 1 < sizeof(v) / sizeof(v[0]); i++)
		CHECK(mlc_f64_key(v[i]) < mlc_f64_key(v[i + 1]));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
	{
		double		back = mlc_key_f64(mlc_f64_key(v[i]));

		CHECK(memcmp(&back, &v[i], 8) == 0);
	}
}

UNIT_TEST(sort_radix_matches_qsort)
{
	size_t		sizes[] = {0, 1, 2, 31, 33, 1000, 32768, 32769, 100000, 262143, 262144, 300000, 700000};
	size_t		s;
	int			kind;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (kind = 0; kind < 7; kind++)
		{
			int			ok = sort_matches_qsort(sizes[s], kind);

			if (!ok)
				fprintf(stderr, "  size %zu kind %d\n", sizes[s], kind);
			CHECK(ok);
		}
}

UNIT_TEST(sort_checks_interrupts)
{
	size_t		n = 1000000,
				i;
	uint64_t   *k = malloc(n * sizeof(uint64_t));
	mlc_status	st;

	for (i = 0; i < n; i++)
		k[i] = mlc_f64_key(urand());
	interrupts = 0;
	mlc_set_interrupt_hook(count_interrupt);
	CHECK(mlc_sort_keys(k, NULL, n, &st) == MLC_OK);
	mlc_set_interrupt_hook(NULL);
	CHECK(interrupts >= 10);
	for (i = 1; i < n; i++)
		if (k[i - 1] > k[i])
			break;
	CHECK(i == n);
	free(k);
}

static mlc_auc *
auc_of(const double *s, const int *y, const double *w, size_t n)
{
	mlc_auc    *a = mlc_auc_new(w != NULL);
	mlc_status	st;
	size_t		i;

	for (i = 0; i < n; i++)
		mlc_auc_add(a, s[i], y[i] != 0, w ? w[i] : 1.0, &st);
	return a;
}

UNIT_TEST(auc_hand_cases)
{
	/* sklearn docs: roc_auc_score = 0.75, average_precision_score = 0.8333... */
	double		s1[] = {0.1, 0.4, 0.35, 0.8};
	int			y1[] = {0, 0, 1, 1};
	/* ties: scores 1,1,2,2 labels 0,1,0,1 -> AUC 0.5; AP = 0.5 * 0.5 + 0.5 * 0.5 */
	double		s2[] = {1, 1, 2, 2};
	int			y2[] = {0, 1, 0, 1};
	/* all tied, 2 pos of 5 */
	double		s3[] = {3, 3, 3, 3, 3};
	int			y3[] = {1, 0, 1, 0, 0};
	/* ±Inf and -0 = +0 */
	double		s4[] = {-INFINITY, INFINITY, 0.0, -0.0, 1};
	int			y4[] = {0, 1, 1, 0, 0};
	double		roc,
				ap;
	bool		rd,
				ad;
	mlc_status	st;
	mlc_auc    *a;

	a = auc_of(s1, y1, NULL, 4);
	CHECK(mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st) == MLC_OK);
	CHECK(rd && ad);
	CHECK_NEAR(roc, 0.75, 1e-15);
	CHECK_NEAR(ap, 0.8333333333333333, 1e-15);
	mlc_auc_free(a);

	a = auc_of(s2, y2, NULL, 4);
	mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
	CHECK_NEAR(roc, 0.5, 1e-15);
	CHECK_NEAR(ap, 0.5, 1e-15);
	mlc_auc_free(a);

	a = auc_of(s3, y3, NULL, 5);
	mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
	CHECK_NEAR(roc, 0.5, 1e-15);
	CHECK_NEAR(ap, 0.4, 1e-15);
	mlc_auc_free(a);

	/* order: -Inf(n) < 0(p) = -0(n) < 1(n) < Inf(p): pos 0 beats -Inf + half tie = 1.5 of 3;
	 * pos Inf beats 3; AUC = 4.5 / 6 = 0.75 */
	a = auc_of(s4, y4, NULL, 5);
	mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
	CHECK_NEAR(roc, 0.75, 1e-15);
	/* AP: Inf -> p=1 (recall .5); then 1 (neg); then {0 pos, -0 neg}: tp 2 of 4 -> 0.5
	 * AP = .5 * 1 + .5 * .5 = 0.75 */
	CHECK_NEAR(ap, 0.75, 1e-15);
	mlc_auc_free(a);

	/* positives only: ROC AUC undefined, average precision 1 (sklearn) */
	a = auc_of(s1 + 2, y1 + 2, NULL, 2);
	mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
	CHECK(!rd && ad);
	CHECK(ap == 1.0);
	mlc_auc_free(a);
	{
		double		w[] = {0.5, 2.0};

		a = auc_of(s1 + 2, y1 + 2, w, 2);
		mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
		CHECK(!rd && ad && ap == 1.0);
		mlc_auc_free(a);
	}
	/* negatives only: both undefined */
	a = auc_of(s1, y1, NULL, 2);
	mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
	CHECK(!rd && !ad);
	mlc_auc_free(a);
	a = mlc_auc_new(false);
	mlc_auc_compute(a, &roc, &rd, &ap, &ad, &st);
	CHECK(!rd && !ad);
	mlc_auc_free(a);
}

UNIT_TEST(auc_weighted_equals_repeated_rows)
{
	/* integer weights = repeating rows */
	double		s[] = {0.2, 0.2, 0.5, 0.7, 0.9, 0.5};
	int			y[] = {1, 0, 0, 1, 0, 1};
	double		w[] = {2, 3, 1, 4, 2, 0};
	double		rs[64];
	int			ry[64];
	size_t		n = 0,
				i;
	int			r;
	double		roc1,
				ap1,
				roc2,
				ap2;
	bool		d1,
				d2,
				d3,
				d4;
	mlc_status	st;
	mlc_auc    *a,
			   *b;

	for (i = 0; i < 6; i++)
		for (r = 0; r < (int) w[i]; r++)
		{
			rs[n] = s[i];
			ry[n++] = y[i];
		}
	a = auc_of(s, y, w, 6);
	b = auc_of(rs, ry, NULL, n);
	mlc_auc_compute(a, &roc1, &d1, &ap1, &d2, &st);
	mlc_auc_compute(b, &roc2, &d3, &ap2, &d4, &st);
	CHECK(d1 && d2 && d3 && d4);
	CHECK_NEAR(roc1, roc2, 1e-15);
	CHECK_NEAR(ap1, ap2, 1e-15);
	mlc_auc_free(a);
	mlc_auc_free(b);
}

UNIT_TEST(auc_codec_roundtrip_merge_and_rejects)
{
	double		s[] = {0.3, INFINITY, -INFINITY, 0.3, 0.1};
	int			y[] = {1, 0, 1, 0, 1};
	double		w[] = {1.5, 2, 0.25, 1, 3};
	mlc_auc    *a = auc_of(s, y, w, 5),
			   *back,
			   *m;
	mlc_buf		b;
	mlc_status	st;
	size_t		cut;
	double		r1,
				r2,
				p1,
				p2;
	bool		d;

	mlc_buf_init(&b, 16);
	CHECK(mlc_auc_write(a, &b, &st) == MLC_OK);
	CHECK(b.len == mlc_auc_serial_size(a));
	back = mlc_auc_read(b.data, b.len, &st);
	CHECK(back != NULL);
	if (back)
	{
		mlc_auc_compute(a, &r1, &d, &p1, &d, &st);
		mlc_auc_compute(back, &r2, &d, &p2, &d, &st);
		CHECK(r1 == r2 && p1 == p2);
		/* merging in either order gives bit-identical results */
		m = mlc_auc_new(true);
		mlc_auc_merge(m, back, &st);
		mlc_auc_merge(m, a, &st);
		mlc_auc_compute(m, &r1, &d, &p1, &d, &st);
		mlc_auc_free(m);
		m = mlc_auc_new(true);
		mlc_auc_merge(m, a, &st);
		mlc_auc_merge(m, back, &st);
		mlc_auc_compute(m, &r2, &d, &p2, &d, &st);
		CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
		mlc_auc_free(m);
		mlc_auc_free(back);
	}
	for (cut = 0; cut < b.len; cut++)
	{
		back = mlc_auc_read(b.data, cut, &st);
		CHECK(back == NULL && st.code == MLC_ESYNTAX);
	}
	mlc_buf_append(&b, "x", 1);
	CHECK(mlc_auc_read(b.data, b.len, &st) == NULL);
	/* a NaN score in the payload is rejected */
	b.len--;
	memset(b.data + 18, 0xff, 8);
	CHECK(mlc_auc_read(b.data, b.len, &st) == NULL);
	mlc_buf_free(&b);
	mlc_auc_free(a);
}

/*
 * Parallel shape: parts sorted (as the serial function does), serialized,
 * read back and concatenated: the final walk merges the sorted runs.  The
 * results must be bit-identical to one state holding every row, for tied
 * and distinct scores, with parts that hold one class only, and past
 * MLC_AUC_MAX_RUNS parts (where the runs so far are merged into one).
 */
UNIT_TEST(auc_sorted_runs_merge_bit_identical)
{
	int			parts_list[] = {1, 2, 3, 5, MLC_AUC_MAX_RUNS, MLC_AUC_MAX_RUNS + 3};
	int			kind,
				pi;

	for (kind = 0; kind < 3; kind++)
		for (pi = 0; pi < (int) (sizeof(parts_list) / sizeof(parts_list[0])); pi++)
		{
			int			parts = parts_list[pi],
						p;
			size_t		n = 20000,
						i;
			mlc_auc    *all = mlc_auc_new(false),
					   *part[MLC_AUC_MAX_RUNS + 3],
					   *m = mlc_auc_new(false);
			mlc_status	st;
			double		r1,
						r2,
						p1,
						p2;
			bool		d1,
						d2;

			for (p = 0; p < parts; p++)
				part[p] = mlc_auc_new(false);
			for (i = 0; i < n; i++)
			{
				double		v = kind == 0 ? floor(urand() * 50) / 50 : kind == 1 ? urand() : (double) (rng() % 3);
				bool		pos = (rng() % 100) < 30 + (int) (v * 20);

				/* part 0 gets only positives when there are several parts */
				p = (int) (rng() % parts);
				if (parts > 1 && p == 0 && !pos)
					p = 1;
				mlc_auc_add(all, v, pos, 1.0, &st);
				mlc_auc_add(part[p], v, pos, 1.0, &st);
			}
			for (p = 0; p < parts; p++)
			{
				mlc_buf		b;
				mlc_auc    *back;

				CHECK(mlc_auc_sort(part[p], &st) == MLC_OK);
				mlc_buf_init(&b, 16);
				CHECK(mlc_auc_write(part[p], &b, &st) == MLC_OK);
				back = mlc_auc_read(b.data, b.len, &st);
				CHECK(back != NULL);
				if (back)
				{
					CHECK(back->np == 0 || back->pruns == 1);
					CHECK(back->nn == 0 || back->nruns == 1);
					CHECK(mlc_auc_merge(m, back, &st) == MLC_OK);
					mlc_auc_free(back);
				}
				mlc_buf_free(&b);
				mlc_auc_free(part[p]);
			}
			if (parts > 1 && parts <= MLC_AUC_MAX_RUNS)
				CHECK(m->pruns > 1 && !m->sorted);
			/* more parts than runs (a distributed table's shards): the runs
			 * so far are merged into one, the state stays made of runs */
			if (parts > MLC_AUC_MAX_RUNS)
				CHECK(m->pruns >= 1 && m->pruns <= MLC_AUC_MAX_RUNS && m->nruns >= 1);
			CHECK(mlc_auc_compute(all, &r1, &d1, &p1, &d1, &st) == MLC_OK);
			CHECK(mlc_auc_compute(m, &r2, &d2, &p2, &d2, &st) == MLC_OK);
			CHECK(d1 && d2);
			CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
			/* computing twice over the same runs (roc_auc and pr_auc of one
			 * state) gives the same again */
			CHECK(mlc_auc_compute(m, &r2, &d2, &p2, &d2, &st) == MLC_OK);
			CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
			/* adding a row afterwards drops the runs: still exact */
			mlc_auc_add(all, 0.5, true, 1.0, &st);
			mlc_auc_add(m, 0.5, true, 1.0, &st);
			CHECK(m->pruns == 0);
			CHECK(mlc_auc_compute(all, &r1, &d1, &p1, &d1, &st) == MLC_OK);
			CHECK(mlc_auc_compute(m, &r2, &d2, &p2, &d2, &st) == MLC_OK);
			CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
			mlc_auc_free(all);
			mlc_auc_free(m);
		}
}

/*
 * Weighted states made of sorted parts (a parallel plan's, the shards'):
 * mlc_auc_sort merges the runs into exactly the arrays a full sort gives
 * (keys, and weights ascending within ties), so every result is bit-equal.
 */
UNIT_TEST(auc_weighted_runs_merge_bit_identical)
{
	int			parts_list[] = {2, 3, 7, MLC_AUC_MAX_RUNS};
	int			pi;

	for (pi = 0; pi < (int) (sizeof(parts_list) / sizeof(parts_list[0])); pi++)
	{
		int			parts = parts_list[pi],
					p;
		size_t		n = 5000,
					i;
		mlc_auc    *all = mlc_auc_new(true),
				   *part[MLC_AUC_MAX_RUNS],
				   *m = mlc_auc_new(true);
		mlc_status	st;
		double		r1,
					r2,
					p1,
					p2;
		bool		d1,
					d2;

		mlc_status_init(&st);
		for (p = 0; p < parts; p++)
			part[p] = mlc_auc_new(true);
		for (i = 0; i < n; i++)
		{
			/* heavy ties with different weights inside a tie */
			double		v = floor(urand() * 20) / 20,
						w = 0.25 * (double) (1 + rng() % 7);
			bool		pos = (rng() % 100) < 30 + (int) (v * 40);

			p = (int) (rng() % parts);
			mlc_auc_add(all, v, pos, w, &st);
			mlc_auc_add(part[p], v, pos, w, &st);
		}
		for (p = 0; p < parts; p++)
		{
			mlc_buf		b;
			mlc_auc    *back;

			mlc_buf_init(&b, 16);
			CHECK(mlc_auc_sort(part[p], &st) == MLC_OK);
			CHECK(mlc_auc_write(part[p], &b, &st) == MLC_OK);
			back = mlc_auc_read(b.data, b.len, &st);
			CHECK(back != NULL);
			if (back)
			{
				CHECK(back->pruns == 1 && back->nruns == 1);
				CHECK(mlc_auc_merge(m, back, &st) == MLC_OK);
				mlc_auc_free(back);
			}
			mlc_buf_free(&b);
			mlc_auc_free(part[p]);
		}
		CHECK(m->pruns == parts && m->nruns == parts && !m->sorted);
		CHECK(mlc_auc_sort(all, &st) == MLC_OK);
		CHECK(mlc_auc_sort(m, &st) == MLC_OK);
		CHECK(m->np == all->np && m->nn == all->nn);
		CHECK(memcmp(m->pk, all->pk, all->np * 8) == 0 && memcmp(m->nk, all->nk, all->nn * 8) == 0);
		CHECK(memcmp(m->pw, all->pw, all->np * 8) == 0 && memcmp(m->nw, all->nw, all->nn * 8) == 0);
		CHECK(mlc_auc_compute(all, &r1, &d1, &p1, &d1, &st) == MLC_OK);
		CHECK(mlc_auc_compute(m, &r2, &d2, &p2, &d2, &st) == MLC_OK);
		CHECK(d1 && d2);
		CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
		/* the merged arrays keep their capacity: adding goes on working */
		for (i = 0; i < 3000; i++)
		{
			mlc_auc_add(all, 0.5, i % 2 == 0, 1.5, &st);
			CHECK(mlc_auc_add(m, 0.5, i % 2 == 0, 1.5, &st) == MLC_OK);
		}
		CHECK(mlc_auc_compute(all, &r1, &d1, &p1, &d1, &st) == MLC_OK);
		CHECK(mlc_auc_compute(m, &r2, &d2, &p2, &d2, &st) == MLC_OK);
		CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
		mlc_auc_free(all);
		mlc_auc_free(m);
	}
}

/* a weighted state whose keys ascend but whose tied weights do not is not
 * taken for a sorted run (its merge would not equal the sorted arrays) */
UNIT_TEST(auc_weighted_read_checks_tie_order)
{
	mlc_buf		b;
	mlc_status	st;
	mlc_auc    *a;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	mlc_put_u8(&b, 1);
	mlc_put_u8(&b, 1);
	mlc_put_u64(&b, 2);
	mlc_put_u64(&b, 0);
	mlc_put_f64(&b, 0.5);
	mlc_put_f64(&b, 0.5);
	mlc_put_f64(&b, 2.0);
	mlc_put_f64(&b, 1.0);
	a = mlc_auc_read(b.data, b.len, &st);
	CHECK(a != NULL);
	if (a)
	{
		CHECK(a->pruns == 0);
		CHECK(mlc_auc_sort(a, &st) == MLC_OK);
		CHECK(a->pw[0] == 1.0 && a->pw[1] == 2.0);
		mlc_auc_free(a);
	}
	mlc_buf_free(&b);
}

/*
 * Format 2 (sorted unweighted states, what partial states ship as): read
 * back to the same arrays, written again to the same bytes, every
 * truncation and a trailing byte rejected; format 1 (unsorted, and what
 * 0.1 wrote) still reads to the same state.
 */
static bool
same_keys(const uint64_t *a, const uint64_t *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof(uint64_t)) == 0;
}

UNIT_TEST(auc_format2_roundtrip_and_rejects)
{
	int			kind;

	for (kind = 0; kind < 6; kind++)
	{
		mlc_auc    *a = mlc_auc_new(false),
				   *back,
				   *v1back;
		mlc_status	st;
		mlc_buf		b,
					b2,
					b1;
		size_t		n = kind == 5 ? 0 : 3000,
					i,
					cut;

		mlc_status_init(&st);
		for (i = 0; i < n; i++)
		{
			double		v = kind == 0 ? urand() : kind == 1 ? floor(urand() * 30) / 30
				: kind == 2 ? (i % 3 == 0 ? -INFINITY : i % 3 == 1 ? INFINITY : -0.0)
				: kind == 3 ? (urand() - 0.5) * DBL_MAX : 0.25;

			mlc_auc_add(a, v, kind == 4 ? true : (rng() % 3) == 0, 1, &st);
		}
		/* format 1 first: an unsorted state is written that way */
		mlc_buf_init(&b1, 64);
		CHECK(n == 0 || !a->sorted);
		if (n > 0)
		{
			CHECK(mlc_auc_write(a, &b1, &st) == MLC_OK);
			CHECK(b1.len > 0 && (unsigned char) b1.data[0] == 1);
		}
		CHECK(mlc_auc_sort(a, &st) == MLC_OK);
		mlc_buf_init(&b, 64);
		mlc_buf_init(&b2, 64);
		CHECK(mlc_auc_write(a, &b, &st) == MLC_OK);
		CHECK((unsigned char) b.data[0] == 2);
		if (kind == 1 || kind == 4)
			CHECK(b.len < 400);	/* 30 distinct scores of 3000 rows: 24000 bytes in format 1 */
		if (kind == 0)
			CHECK(b.len < n * 6);
		back = mlc_auc_read(b.data, b.len, &st);
		CHECK(back != NULL);
		if (back)
		{
			CHECK(back->np == a->np && back->nn == a->nn && back->sorted);
			CHECK(same_keys(back->pk, a->pk, a->np) && same_keys(back->nk, a->nk, a->nn));
			CHECK(mlc_auc_write(back, &b2, &st) == MLC_OK);
			CHECK(b2.len == b.len && memcmp(b2.data, b.data, b.len) == 0);
			mlc_auc_free(back);
		}
		if (n > 0)
		{
			v1back = mlc_auc_read(b1.data, b1.len, &st);
			CHECK(v1back != NULL);
			if (v1back)
			{
				CHECK(mlc_auc_sort(v1back, &st) == MLC_OK);
				CHECK(same_keys(v1back->pk, a->pk, a->np) && same_keys(v1back->nk, a->nk, a->nn));
				mlc_auc_free(v1back);
			}
		}
		for (cut = 0; cut < b.len; cut++)
		{
			back = mlc_auc_read(b.data, cut, &st);
			CHECK(back == NULL && st.code == MLC_ESYNTAX);
			mlc_auc_free(back);
		}
		mlc_buf_putc(&b, 0);
		back = mlc_auc_read(b.data, b.len, &st);
		CHECK(back == NULL && st.code == MLC_ESYNTAX);
		mlc_buf_free(&b);
		mlc_buf_free(&b2);
		mlc_buf_free(&b1);
		mlc_auc_free(a);
	}
}

/* format 2 bytes that decode to a NaN score or to -0 are rejected */
UNIT_TEST(auc_format2_rejects_non_scores)
{
	uint64_t	bad[2];
	int			t;
	double		nan_v = NAN;

	bad[0] = mlc_f64_key(nan_v);
	bad[1] = mlc_f64_key(-0.0);
	for (t = 0; t < 2; t++)
	{
		mlc_buf		b;
		mlc_status	st;
		mlc_auc    *a;

		mlc_status_init(&st);
		mlc_buf_init(&b, 64);
		mlc_put_u8(&b, 2);
		mlc_put_u8(&b, 0);
		mlc_put_u64(&b, 1);
		mlc_put_u64(&b, 0);
		mlc_put_u64(&b, 1);
		mlc_put_u8(&b, 0);
		mlc_put_u64(&b, bad[t]);
		mlc_put_u8(&b, 0);		/* 00: one positive, then padding */
		a = mlc_auc_read(b.data, b.len, &st);
		CHECK(a == NULL && st.code == MLC_ESYNTAX);
		mlc_auc_free(a);
		mlc_buf_free(&b);
	}
}

/*
 * Format 2 is a wire format between nodes: its bytes do not depend on how
 * fast the writer is.  These are the bytes 0.2's first writer produced for
 * three rows; the word-at-a-time writer and reader must agree with them.
 */
UNIT_TEST(auc_format2_golden_bytes)
{
	static const unsigned char golden[] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x30, 0xbf,
		0xe3, 0xbf, 0x7d, 0x2f, 0x76, 0x44, 0xc3, 0x72, 0xa7, 0xf9, 0x2b, 0xf5, 0xc0, 0x0b,
		0x49, 0xa5, 0x23, 0x0b, 0xbf, 0x93, 0x80};
	mlc_status	st;
	mlc_auc    *a = mlc_auc_read(golden, sizeof(golden), &st);
	mlc_buf		b;

	CHECK(a != NULL);
	if (a == NULL)
		return;
	CHECK(a->np == 1 && a->nn == 2 && a->sorted);
	mlc_buf_init(&b, 16);
	CHECK(mlc_auc_write(a, &b, &st) == MLC_OK);
	CHECK(b.len == sizeof(golden) && memcmp(b.data, golden, sizeof(golden)) == 0);
	mlc_buf_free(&b);
	mlc_auc_free(a);
}

/*
 * An unsorted part (a state in format 1 as 0.1 wrote it) merged into
 * sorted runs is sorted where it lands, so the state stays made of runs
 * and the results equal the serial ones bit for bit, weighted or not; the
 * merged-from state is left as it was.  The fast writer (what parallel
 * workers hand over) reads back as one run per class.
 */
UNIT_TEST(auc_unsorted_part_merged_as_run)
{
	int			weighted,
				kind;

	for (weighted = 0; weighted < 2; weighted++)
		for (kind = 0; kind < 2; kind++)
		{
			mlc_auc    *all = mlc_auc_new(weighted),
					   *own = mlc_auc_new(weighted),
					   *w1 = mlc_auc_new(weighted),
					   *m;
			mlc_status	st;
			mlc_buf		before,
						after,
						wire;
			double		r1,
						r2,
						p1,
						p2;
			bool		d1,
						d2;
			size_t		i;

			mlc_status_init(&st);
			for (i = 0; i < 30000; i++)
			{
				double		v = kind == 0 ? urand() : floor(urand() * 40) / 40;
				bool		pos = (rng() % 10) < 3;
				double		w = weighted ? 1 + (double) (rng() % 4) : 1;

				mlc_auc_add(all, v, pos, w, &st);
				mlc_auc_add(i % 3 == 0 ? own : w1, v, pos, w, &st);
			}
			/* the worker's part arrives sorted through the codec */
			mlc_buf_init(&wire, 16);
			CHECK(mlc_auc_type.write(w1, &wire, &st) == MLC_OK);
			mlc_auc_free(w1);
			w1 = mlc_auc_read(wire.data, wire.len, &st);
			CHECK(w1 != NULL);
			if (w1 == NULL)
				return;
			/* the leader's own part, merged first into an empty state */
			CHECK(own->pruns == 0 && own->nruns == 0);
			mlc_buf_init(&before, 16);
			CHECK(mlc_auc_write(own, &before, &st) == MLC_OK);	/* format 1: unsorted */
			m = mlc_auc_new(weighted);
			CHECK(mlc_auc_type.merge(m, own, &st) == MLC_OK);
			mlc_buf_init(&after, 16);
			CHECK(mlc_auc_write(own, &after, &st) == MLC_OK);
			CHECK(before.len == after.len && memcmp(before.data, after.data, before.len) == 0);
			CHECK(mlc_auc_type.merge(m, w1, &st) == MLC_OK);
			CHECK(m->pruns == 2 && m->nruns == 2);
			{
				/* the same part through the fast writer: sorted, format 1
				 * (format 2 when heavily tied), one run per class */
				mlc_buf		raw;
				mlc_auc    *w2;

				mlc_buf_init(&raw, 16);
				CHECK(mlc_auc_type.write_fast(w1, &raw, &st) == MLC_OK);
				CHECK(raw.len > 0 && (unsigned char) raw.data[0] == (kind == 0 || weighted ? 1 : 2));
				w2 = mlc_auc_read(raw.data, raw.len, &st);
				CHECK(w2 != NULL && w2->pruns == 1 && w2->nruns == 1);
				CHECK(w2 != NULL && w2->np == w1->np && same_keys(w2->pk, w1->pk, w1->np));
				mlc_auc_free(w2);
				mlc_buf_free(&raw);
			}
			CHECK(mlc_auc_compute(all, &r1, &d1, &p1, &d1, &st) == MLC_OK);
			CHECK(mlc_auc_compute(m, &r2, &d2, &p2, &d2, &st) == MLC_OK);
			CHECK(d1 && d2);
			CHECK(memcmp(&r1, &r2, 8) == 0 && memcmp(&p1, &p2, 8) == 0);
			mlc_buf_free(&before);
			mlc_buf_free(&after);
			mlc_buf_free(&wire);
			mlc_auc_free(all);
			mlc_auc_free(own);
			mlc_auc_free(w1);
			mlc_auc_free(m);
		}
}

UNIT_TEST(auc_state_respects_value_limit)
{
	mlc_auc    *a = mlc_auc_new(false);
	mlc_status	st;
	size_t		i;
	mlc_code	rc = MLC_OK;
	size_t		saved = mlc_max_value_bytes;

	mlc_max_value_bytes = 64 * 1024;
	for (i = 0; i < 20000 && rc == MLC_OK; i++)
		rc = mlc_auc_add(a, (double) i, i % 2, 1, &st);
	CHECK(rc == MLC_ELIMIT);
	CHECK(strstr(st.hint, "max_bins") != NULL);
	CHECK(mlc_auc_serial_size(a) <= mlc_max_value_bytes);
	mlc_max_value_bytes = saved;
	mlc_auc_free(a);
}

UNIT_TEST(prob_log_loss_brier)
{
	mlc_prob	p,
				q;
	double		v;

	mlc_prob_init(&p);
	CHECK(!mlc_prob_log_loss(&p, &v));
	/* sklearn: log_loss([1,0,1], [0.9, 0.2, 0.6]) = 0.3405504... */
	mlc_prob_add(&p, 0.9, true, 1);
	mlc_prob_add(&p, 0.2, false, 1);
	mlc_prob_init(&q);
	mlc_prob_add(&q, 0.6, true, 1);
	mlc_prob_merge(&p, &q);
	CHECK(mlc_prob_log_loss(&p, &v));
	CHECK_NEAR(v, (-log(0.9) - log(0.8) - log(0.6)) / 3, 1e-15);
	CHECK(mlc_prob_brier(&p, &v));
	CHECK_NEAR(v, (0.01 + 0.04 + 0.16) / 3, 1e-15);
	/* clipping at float64 machine epsilon (sklearn 1.2 eps='auto'): p = 0
	 * for a positive and p = 1 for a negative cost -log(2^-52) = 36.0436... */
	mlc_prob_init(&p);
	mlc_prob_add(&p, 0.0, true, 2);
	mlc_prob_log_loss(&p, &v);
	CHECK_NEAR(v, -log(DBL_EPSILON), 1e-12);
	mlc_prob_add(&p, 1.0, false, 1);
	mlc_prob_log_loss(&p, &v);
	CHECK_NEAR(v, 36.04365338911715, 1e-12);
}

static mlc_scores *
scores_of(const double *s, const int *y, size_t n, int32_t max_bins)
{
	mlc_scores *sc = mlc_scores_new(max_bins, false);
	mlc_status	st;
	size_t		i;

	for (i = 0; i < n; i++)
		mlc_scores_add(sc, s[i], y[i] != 0, 1, &st);
	return sc;
}

UNIT_TEST(scores_exact_matches_auc_and_json_roundtrip)
{
	double		s[] = {0.1, 0.4, 0.35, 0.8, 0.4, -INFINITY};
	int			y[] = {0, 0, 1, 1, 1, 0};
	mlc_scores *sc = scores_of(s, y, 6, 100),
			   *back;
	mlc_auc    *a = auc_of(s, y, NULL, 6);
	double		roc,
				ap,
				auc,
				lo,
				hi,
				sap;
	bool		d;
	mlc_status	st;
	mlc_buf		b;
	size_t		cut;

	mlc_auc_compute(a, &roc, &d, &ap, &d, &st);
	CHECK(mlc_scores_is_exact(sc));
	CHECK(mlc_scores_roc_auc(sc, &auc, &lo, &hi));
	CHECK(auc == roc && lo == roc && hi == roc);
	CHECK(mlc_scores_pr_auc(sc, &sap));
	CHECK_NEAR(sap, ap, 1e-15);

	mlc_buf_init(&b, 16);
	CHECK(mlc_scores_to_json(sc, &b, &st) == MLC_OK);
	CHECK_STR(mlc_buf_cstring(&b),
			  "{\"max_bins\": 100, \"n_null\": 0, \"exact\": true, \"entries\": [[\"-Infinity\", 0, 1], [0.1, 0, 1], [0.35, 1, 0], [0.4, 1, 1], [0.8, 1, 0]]}");
	back = mlc_scores_from_json(b.data, b.len, &st);
	CHECK(back != NULL);
	mlc_scores_free(back);
	/* rejects: unsorted, NaN, unknown key, bin lo >= hi, wrong "exact" */
	CHECK(mlc_scores_from_json("{\"max_bins\": 5, \"entries\": [[0.5, 1, 0], [0.1, 0, 1]]}", 52, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(mlc_scores_from_json("{\"max_bins\": 5, \"entries\": [[\"NaN\", 1, 0]]}", 42, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(mlc_scores_from_json("{\"max_bins\": 5, \"entries\": [], \"x\": 1}", 38, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(mlc_scores_from_json("{\"max_bins\": 5, \"entries\": [[0.5, 0.5, 1, 0]]}", 46, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(mlc_scores_from_json("{\"max_bins\": 5, \"exact\": false, \"entries\": [[0.5, 1, 0]]}", 57, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(mlc_scores_from_json("{\"max_bins\": 0, \"entries\": []}", 31, &st) == NULL && st.code == MLC_ESYNTAX);

	b.len = 0;
	CHECK(mlc_scores_write(sc, &b, &st) == MLC_OK);
	back = mlc_scores_read(b.data, b.len, &st);
	CHECK(back != NULL);
	if (back)
	{
		mlc_buf		b2;

		mlc_buf_init(&b2, 16);
		mlc_scores_write(back, &b2, &st);
		CHECK(b2.len == b.len && memcmp(b.data, b2.data, b.len) == 0);
		mlc_buf_free(&b2);
		mlc_scores_free(back);
	}
	for (cut = 0; cut < b.len; cut++)
	{
		back = mlc_scores_read(b.data, cut, &st);
		CHECK(back == NULL && st.code == MLC_ESYNTAX);
	}
	mlc_buf_append(&b, "", 1);
	CHECK(mlc_scores_read(b.data, b.len, &st) == NULL);
	mlc_buf_free(&b);
	mlc_scores_free(sc);
	mlc_auc_free(a);
}

UNIT_TEST(scores_bounds_contain_exact_after_compaction)
{
	int			trial;

	for (trial = 0; trial < 20; trial++)
	{
		size_t		n = 20000 + trial * 1000,
					i;
		double	   *s = malloc(n * sizeof(double));
		int		   *y = malloc(n * sizeof(int));
		mlc_scores *sc;
		mlc_auc    *a;
		double		roc,
					ap,
					auc,
					lo,
					hi;
		bool		d;
		mlc_status	st;
		int32_t		bins = trial % 2 ? 50 : 1000;

		for (i = 0; i < n; i++)
		{
			y[i] = urand() < (trial % 3 == 0 ? 0.05 : 0.4);
			s[i] = (trial % 4 == 0) ? floor(urand() * 3000) / 3000 + y[i] * 0.1
				: urand() + (y[i] ? 0.3 : 0);
		}
		sc = scores_of(s, y, n, bins);
		a = auc_of(s, y, NULL, n);
		mlc_auc_compute(a, &roc, &d, &ap, &d, &st);
		CHECK(!mlc_scores_is_exact(sc));
		CHECK(sc->k <= (size_t) bins);
		CHECK(mlc_scores_roc_auc(sc, &auc, &lo, &hi));
		CHECK(lo <= roc && roc <= hi);
		CHECK(lo < hi);
		if (bins == 1000)
			CHECK(hi - lo < 0.01);
		mlc_scores_free(sc);
		mlc_auc_free(a);
		free(s);
		free(y);
	}
}

UNIT_TEST(scores_merge_associative_and_exact)
{
	size_t		n = 3000,
				i;
	double	   *s = malloc(n * sizeof(double));
	int		   *y = malloc(n * sizeof(int));
	mlc_scores *a,
			   *b,
			   *c,
			   *ab_c,
			   *a_bc,
			   *all;
	mlc_buf		x1,
				x2,
				x3;
	mlc_status	st;

	for (i = 0; i < n; i++)
	{
		s[i] = floor(urand() * 500) / 100;
		y[i] = urand() < 0.3 + s[i] / 10;
	}
	/* exact: (a + b) + c == a + (b + c) == everything at once, byte for byte */
	a = scores_of(s, y, 1000, 1000);
	b = scores_of(s + 1000, y + 1000, 1000, 1000);
	c = scores_of(s + 2000, y + 2000, 1000, 1000);
	ab_c = mlc_scores_new(1000, false);
	mlc_scores_merge(ab_c, a, &st);
	mlc_scores_merge(ab_c, b, &st);
	mlc_scores_merge(ab_c, c, &st);
	a_bc = mlc_scores_new(1000, false);
	mlc_scores_merge(b, c, &st);
	mlc_scores_merge(a_bc, a, &st);
	mlc_scores_merge(a_bc, b, &st);
	all = scores_of(s, y, n, 1000);
	CHECK(mlc_scores_is_exact(all) && mlc_scores_is_exact(ab_c));
	mlc_buf_init(&x1, 16);
	mlc_buf_init(&x2, 16);
	mlc_buf_init(&x3, 16);
	mlc_scores_write(ab_c, &x1, &st);
	mlc_scores_write(a_bc, &x2, &st);
	mlc_scores_write(all, &x3, &st);
	CHECK(x1.len == x2.len && memcmp(x1.data, x2.data, x1.len) == 0);
	CHECK(x1.len == x3.len && memcmp(x1.data, x3.data, x1.len) == 0);
	mlc_buf_free(&x1);
	mlc_buf_free(&x2);
	mlc_buf_free(&x3);
	mlc_scores_free(a);
	mlc_scores_free(b);
	mlc_scores_free(c);
	mlc_scores_free(ab_c);
	mlc_scores_free(a_bc);
	mlc_scores_free(all);
	free(s);
	free(y);
}

UNIT_TEST(scores_curves_and_thresholds)
{
	double		s[] = {0.1, 0.4, 0.35, 0.8};
	int			y[] = {0, 0, 1, 1};
	mlc_scores *sc = scores_of(s, y, 4, 100);
	double		thr[4],
				fpr[4],
				tpr[4],
				prec[4],
				t,
				v,
				tp,
				fp,
				fn,
				tn;
	size_t		n;

	/* roc_curve(drop_intermediate=False) without its origin point */
	n = mlc_scores_points(sc, thr, fpr, tpr, prec);
	CHECK(n == 4);
	CHECK(thr[0] == 0.8 && tpr[0] == 0.5 && fpr[0] == 0);
	CHECK(thr[1] == 0.4 && tpr[1] == 0.5 && fpr[1] == 0.5);
	CHECK(thr[2] == 0.35 && tpr[2] == 1 && fpr[2] == 0.5);
	CHECK(thr[3] == 0.1 && tpr[3] == 1 && fpr[3] == 1);
	CHECK_NEAR(prec[2], 2.0 / 3, 1e-15);
	CHECK(prec[3] == 0.5);
	CHECK(mlc_scores_best_threshold(sc, MLC_CRIT_F1, &t, &v));
	CHECK(t == 0.35);
	CHECK_NEAR(v, 0.8, 1e-15);
	CHECK(mlc_scores_best_threshold(sc, MLC_CRIT_YOUDEN, &t, &v));
	CHECK(t == 0.8 && v == 0.5);	/* 0.8 and 0.35 tie at 0.5: the higher wins */
	CHECK(mlc_scores_best_threshold(sc, MLC_CRIT_ACCURACY, &t, &v));
	CHECK(t == 0.8 && v == 0.75);
	mlc_scores_counts_at(sc, 0.4, &tp, &fp, &fn, &tn);
	CHECK(tp == 1 && fp == 1 && fn == 1 && tn == 1);
	mlc_scores_free(sc);
}
