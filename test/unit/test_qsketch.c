/* test_qsketch.c — the format 2 sketch of numeric profiles (grid of exact
 * counts + KLL): the documented rank-error bound on adversarial orders and on
 * merges of many small sketches in different orders (same grid whatever the
 * order), tail value error within the bucket width, stored size, codec round
 * trips and rejects, and profiles stored by 0.1 (fixture written by the 0.1
 * code) read and written back identically. */
#include "unit.h"
#include "mlc_json.h"
#include "mlc_profile.h"

#include <inttypes.h>
#include <stdlib.h>

static uint64_t qrs = 0x2545F4914F6CDD1DULL;
static double
qrand(void)
{
	return unit_uniform_open(&qrs);
}

static double
qnormal(void)
{
	return sqrt(-2 * log(qrand())) * cos(6.283185307179586 * qrand());
}

static int
cmpd(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/* values of shape s in order o */
static void
make(double *v, int64_t n, int s, int o)
{
	int64_t		i;

	for (i = 0; i < n; i++)
		switch (s)
		{
			case 0:
				v[i] = exp(2 * qnormal());	/* lognormal(0, 2) */
				break;
			case 1:
				v[i] = pow(qrand(), -1 / 1.5);	/* Pareto 1.5 */
				break;
			case 2:
				v[i] = floor(qrand() * 30);	/* many ties */
				break;
			case 3:
				v[i] = 1e6 + qnormal() * 1e-3;	/* narrow: the KLL inside one bucket */
				break;
			default:
				v[i] = qnormal() * 5;	/* both signs, zero crossing */
				break;
		}
	if (o == 0)
		return;
	qsort(v, n, sizeof(double), cmpd);
	if (o == 2)
		for (i = 0; i < n / 2; i++)
		{
			double		t = v[i];

			v[i] = v[n - 1 - i];
			v[n - 1 - i] = t;
		}
	if (o == 3)
	{
		/* alternating ends: min, max, 2nd min, 2nd max, ... */
		double	   *t = malloc(sizeof(double) * n);
		int64_t		a = 0,
					b = n - 1;

		for (i = 0; i < n; i++)
			t[i] = (i % 2) ? v[b--] : v[a++];
		memcpy(v, t, sizeof(double) * n);
		free(t);
	}
}

/* worst |cdf error| and quantile rank error against the sorted values */
static void
errors(mlc_numprof *p, const double *sv, int64_t n, double *cdf_err, double *q_err)
{
	int64_t		i;
	double		got;
	int			k;

	*cdf_err = *q_err = 0;
	for (i = 0; i < n; i += n / 1999 + 1)
	{
		int64_t		hi = i;

		while (hi + 1 < n && sv[hi + 1] == sv[i])
			hi++;
		mlc_numprof_cdf(p, sv[i], &got);
		if (fabs(got - (double) (hi + 1) / n) > *cdf_err)
			*cdf_err = fabs(got - (double) (hi + 1) / n);
	}
	for (k = 1; k < 2000; k++)
	{
		double		q = k / 2000.0,
					v,
					lo,
					hi,
					e;
		int64_t		a = 0,
					b = n;

		mlc_numprof_quantile(p, q, &v);
		while (a < b)			/* first index with sv >= v */
		{
			int64_t		m = a + (b - a) / 2;

			if (sv[m] < v)
				a = m + 1;
			else
				b = m;
		}
		lo = (double) a / n;
		b = n;
		while (a < b)			/* first index with sv > v */
		{
			int64_t		m = a + (b - a) / 2;

			if (sv[m] <= v)
				a = m + 1;
			else
				b = m;
		}
		hi = (double) a / n;
		e = (q >= lo && q <= hi) ? 0 : fmin(fabs(q - lo), fabs(q - hi));
		if (e > *q_err)
			*q_err = e;
	}
}

UNIT_TEST(qsketch_bound_on_adversarial_orders)
{
	int64_t		n = 200000,
				i;
	double	   *v = malloc(sizeof(double) * n),
			   *sv = malloc(sizeof(double) * n);
	mlc_status	st;
	int			s,
				o;
	double		worst_body = 0;

	for (s = 0; s < 5; s++)
		for (o = 0; o < 4; o++)
		{
			mlc_numprof *p = mlc_numprof_new();
			double		ce,
						qe,
						bound;
			mlc_buf		b;
			mlc_numprof *r;

			make(v, n, s, o);
			for (i = 0; i < n; i++)
				CHECK(mlc_numprof_add(p, v[i], &st) == MLC_OK);
			CHECK(!p->exact && p->hist != NULL);
			/* the stored value is what is queried */
			mlc_buf_init(&b, 64);
			CHECK(mlc_numprof_write(p, &b, &st) == MLC_OK);
			CHECK(b.len + 4 <= MLC_QS_PROFILE_BUDGET);
			r = mlc_numprof_read(b.data, b.len, &st);
			CHECK(r != NULL);
			memcpy(sv, v, sizeof(double) * n);
			qsort(sv, n, sizeof(double), cmpd);
			bound = mlc_numprof_rank_error(r);
			CHECK(bound <= MLC_QS_HEAVY);
			errors(r, sv, n, &ce, &qe);
			CHECK(ce <= bound + 1e-12);
			CHECK(qe <= bound + 1.0 / n);
			if (s != 3 && qe > worst_body)
				worst_body = qe;
			if (ce > bound + 1e-12 || qe > bound + 1.0 / n)
				fprintf(stderr, "  shape %d order %d: cdf %.5f quantile %.5f bound %.5f\n", s, o, ce, qe, bound);
			if (s == 2)
				CHECK(bound == 0 && qe == 0);	/* ties: every bucket one value */
			mlc_buf_free(&b);
			mlc_numprof_free(r);
			mlc_numprof_free(p);
		}
	/* on smooth data and ties the grid alone keeps the body far below 0.001 */
	CHECK(worst_body <= 0.001);
	fprintf(stderr, "  (worst quantile rank error, grid-resolved shapes: %.5f)\n", worst_body);
	free(v);
	free(sv);
}

UNIT_TEST(qsketch_tail_value_error)
{
	int64_t		n = 300000,
				i;
	double	   *v = malloc(sizeof(double) * n);
	mlc_status	st;
	int			s;

	for (s = 0; s < 2; s++)
	{
		mlc_numprof *p = mlc_numprof_new();
		mlc_buf		b;
		mlc_numprof *r;
		double		ps[] = {0.001, 0.01, 0.99, 0.999};
		int			k;

		make(v, n, s, 0);
		for (i = 0; i < n; i++)
			mlc_numprof_add(p, v[i], &st);
		mlc_buf_init(&b, 64);
		mlc_numprof_write(p, &b, &st);
		r = mlc_numprof_read(b.data, b.len, &st);
		qsort(v, n, sizeof(double), cmpd);
		for (k = 0; k < 4; k++)
		{
			double		q,
						exact = v[(int64_t) ceil(ps[k] * n) - 1];

			mlc_numprof_quantile(r, ps[k], &q);
			/* within the bucket's relative width */
			CHECK(fabs(q - exact) / exact <= ldexp(1.0, -r->hist->bits));
		}
		mlc_buf_free(&b);
		mlc_numprof_free(r);
		mlc_numprof_free(p);
	}
	free(v);
}

/* stored profiles of `parts` interleaved parts, merged in order o */
static mlc_numprof *
merged(const double *v, int64_t n, int parts, int o, int *unit_failed_)
{
	mlc_numprof **ps = malloc(sizeof(mlc_numprof *) * parts);
	mlc_numprof *all = mlc_numprof_new();
	mlc_status	st;
	int			k;

	for (k = 0; k < parts; k++)
	{
		mlc_numprof *p = mlc_numprof_new();
		mlc_buf		b;
		int64_t		i;

		for (i = k; i < n; i += parts)
			mlc_numprof_add(p, v[i], &st);
		mlc_buf_init(&b, 64);
		CHECK(mlc_numprof_write(p, &b, &st) == MLC_OK);
		ps[k] = mlc_numprof_read(b.data, b.len, &st);
		CHECK(ps[k] != NULL);
		mlc_buf_free(&b);
		mlc_numprof_free(p);
	}
	if (o < 2)
		for (k = 0; k < parts; k++)
			CHECK(mlc_numprof_merge(all, ps[o == 0 ? k : parts - 1 - k], &st) == MLC_OK);
	else
	{
		/* pairwise tree, each level stored and read back */
		int			m = parts;

		while (m > 1)
		{
			for (k = 0; k + 1 < m; k += 2)
			{
				mlc_buf		b;

				CHECK(mlc_numprof_merge(ps[k], ps[k + 1], &st) == MLC_OK);
				mlc_buf_init(&b, 64);
				mlc_numprof_write(ps[k], &b, &st);
				mlc_numprof_free(ps[k]);
				mlc_numprof_free(ps[k + 1]);
				ps[k / 2] = mlc_numprof_read(b.data, b.len, &st);
				mlc_buf_free(&b);
			}
			if (m % 2)
				ps[m / 2] = ps[m - 1];
			m = (m + 1) / 2;
		}
		mlc_numprof_merge(all, ps[0], &st);
		parts = 1;
	}
	for (k = 0; k < parts; k++)
		mlc_numprof_free(ps[k]);
	free(ps);
	return all;
}

UNIT_TEST(qsketch_merges_in_any_order)
{
	int64_t		n = 240000;
	double	   *v = malloc(sizeof(double) * n),
			   *sv = malloc(sizeof(double) * n);
	int			s,
				o;
	mlc_status	st;

	for (s = 0; s < 5; s++)
	{
		mlc_qs_bucket *g0 = NULL;
		int32_t		n0 = 0;
		int			bits0 = 0;

		make(v, n, s, s % 2 ? 1 : 0);
		memcpy(sv, v, sizeof(double) * n);
		qsort(sv, n, sizeof(double), cmpd);
		for (o = 0; o < 3; o++)
		{
			mlc_numprof *all = merged(v, n, 48, o, unit_failed_);
			mlc_buf		b;
			mlc_numprof *r;
			mlc_qs_bucket *g;
			int32_t		ng;
			double		ce,
						qe,
						bound;

			mlc_buf_init(&b, 64);
			CHECK(mlc_numprof_write(all, &b, &st) == MLC_OK);
			r = mlc_numprof_read(b.data, b.len, &st);
			CHECK(r != NULL && r->n == n && b.len + 4 <= MLC_QS_PROFILE_BUDGET);
			g = mlc_qhist_sorted(r->hist, &ng);
			if (o == 0)
			{
				g0 = g;
				n0 = ng;
				bits0 = r->hist->bits;
			}
			else
			{
				/* the grid does not depend on the merge order */
				CHECK(ng == n0 && r->hist->bits == bits0);
				if (ng == n0)
				{
					int32_t		i;

					for (i = 0; i < ng; i++)
						CHECK(g[i].idx == g0[i].idx && g[i].cnt == g0[i].cnt &&
							  (g[i].val == g0[i].val || (isnan(g[i].val) && isnan(g0[i].val))));
				}
				mlc_free(g);
			}
			bound = mlc_numprof_rank_error(r);
			errors(r, sv, n, &ce, &qe);
			CHECK(ce <= bound + 1e-12 && qe <= bound + 1.0 / n);
			mlc_buf_free(&b);
			mlc_numprof_free(r);
			mlc_numprof_free(all);
		}
		mlc_free(g0);
	}
	free(v);
	free(sv);
}

static void
check_roundtrip(mlc_numprof *p, int *unit_failed_)
{
	mlc_buf		b,
				j,
				b2;
	mlc_status	st;
	mlc_numprof *q,
			   *r;
	size_t		cut;

	mlc_buf_init(&b, 64);
	mlc_buf_init(&j, 64);
	mlc_buf_init(&b2, 64);
	CHECK(mlc_numprof_write(p, &b, &st) == MLC_OK);
	CHECK(b.data[0] == (p->exact ? MLC_PROFILE_EXACT_VERSION : MLC_PROFILE_FORMAT_VERSION));
	q = mlc_numprof_read(b.data, b.len, &st);
	CHECK(q != NULL);
	/* a decoded profile writes the same bytes */
	CHECK(q && mlc_numprof_write(q, &b2, &st) == MLC_OK && b2.len == b.len &&
		  memcmp(b.data, b2.data, b.len) == 0);
	CHECK(mlc_numprof_to_json(p, &j, &st) == MLC_OK);
	r = mlc_numprof_from_json(j.data, j.len, &st);
	CHECK(r != NULL && mlc_numprof_equal(p, r));
	for (cut = 0; cut < b.len; cut += (b.len / 97) + 1)
	{
		mlc_numprof *t = mlc_numprof_read(b.data, cut, &st);

		CHECK(t == NULL && st.code == MLC_ESYNTAX);
	}
	mlc_numprof_free(q);
	mlc_numprof_free(r);
	mlc_buf_free(&b);
	mlc_buf_free(&j);
	mlc_buf_free(&b2);
}

UNIT_TEST(qsketch_codec_roundtrip_and_rejects)
{
	mlc_numprof *p = mlc_numprof_new();
	mlc_status	st;
	int			i;
	mlc_buf		j;
	static const char *bad[] = {
		/* a bucket count that does not add up to n */
		"{\"n\": 5000, \"exact\": false, \"format\": 2, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"seed\": \"0000000000000000\", \"levels\": [[], [], [], [], [], [], [], [], [], [], [], [], [1]], \"bits\": 7, \"buckets\": [[393088, 4999, 1]]}",
		/* bits out of range */
		"{\"n\": 4096, \"exact\": false, \"format\": 2, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"seed\": \"0000000000000000\", \"levels\": [[], [], [], [], [], [], [], [], [], [], [], [], [1]], \"bits\": 8, \"buckets\": [[393088, 4096, 1]]}",
		/* a format 2 sketch with k */
		"{\"n\": 4096, \"exact\": false, \"format\": 2, \"k\": 1024, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"seed\": \"0000000000000000\", \"levels\": [[1]], \"bits\": 7, \"buckets\": []}",
		/* an exact profile with a format */
		"{\"n\": 1, \"exact\": true, \"format\": 2, \"levels\": [[1]]}",
		/* a value outside its bucket */
		"{\"n\": 8192, \"exact\": false, \"format\": 2, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"seed\": \"0000000000000000\", \"levels\": [[], [], [], [], [], [], [], [], [], [], [], [], [], [1]], \"bits\": 7, \"buckets\": [[393089, 8192, 1]]}",
		NULL};

	for (i = 0; i < 100000; i++)
		mlc_numprof_add(p, i % 3 ? exp(3 * qnormal()) : -qrand(), &st);
	check_roundtrip(p, unit_failed_);
	/* a valid hand-written format 2 profile: 8192 ones */
	{
		const char *ok = "{\"n\": 8192, \"exact\": false, \"format\": 2, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"seed\": \"0000000000000000\", \"levels\": [[], [], [], [], [], [], [], [], [], [], [], [], [], [1]], \"bits\": 7, \"buckets\": [[393088, 8192, 1]]}";
		mlc_numprof *h = mlc_numprof_from_json(ok, strlen(ok), &st);
		double		q;

		CHECK(h != NULL);
		if (h)
		{
			CHECK(mlc_numprof_quantile(h, 0.3, &q) && q == 1 && mlc_numprof_rank_error(h) == 0);
			check_roundtrip(h, unit_failed_);
		}
		mlc_numprof_free(h);
	}
	for (i = 0; bad[i]; i++)
	{
		mlc_numprof *t = mlc_numprof_from_json(bad[i], strlen(bad[i]), &st);

		CHECK(t == NULL && st.code == MLC_ESYNTAX);
		if (t)
			fprintf(stderr, "  accepted bad[%d]\n", i);
		mlc_numprof_free(t);
	}
	mlc_buf_init(&j, 64);
	mlc_numprof_to_json(p, &j, &st);
	CHECK(strstr(mlc_buf_cstring(&j), "\"format\": 2") != NULL);
	mlc_buf_free(&j);
	mlc_numprof_free(p);
}

/* ---------------------------------------------------------- 0.1 fixtures */

static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *s;
	long		n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc(n + 1);
	if (fread(s, 1, n, f) != (size_t) n)
		n = 0;
	s[n] = 0;
	fclose(f);
	*len = (size_t) n;
	return s;
}

UNIT_TEST(qsketch_reads_profiles_stored_by_0_1)
{
	size_t		len;
	char	   *text = slurp("test/data/profile_v1/numeric_profile_v1.json", &len);
	mlc_status	st;
	mlc_json   *fx;
	static const char *names[] = {"exact", "sketch", "sketch2"};
	mlc_numprof *v1[3] = {NULL, NULL, NULL};
	int			k;

	CHECK(text != NULL);
	if (text == NULL)
		return;
	fx = mlc_json_parse(text, len, &st);
	CHECK(fx != NULL);
	for (k = 0; fx && k < 3; k++)
	{
		const mlc_json *e = mlc_json_get(fx, names[k]);
		const mlc_json *t = mlc_json_get(e, "text"),
				   *h = mlc_json_get(e, "binary_hex");
		size_t		nb = h->len / 2,
					i;
		unsigned char *raw = malloc(nb + 1);
		mlc_numprof *a,
				   *b;
		mlc_buf		out,
					js;

		for (i = 0; i < nb; i++)
		{
			unsigned int x;

			sscanf(h->str + 2 * i, "%2x", &x);
			raw[i] = (unsigned char) x;
		}
		CHECK(raw[0] == MLC_PROFILE_LEGACY_VERSION);
		a = mlc_numprof_read(raw, nb, &st);
		b = mlc_numprof_from_json(t->str, t->len, &st);
		CHECK(a != NULL && b != NULL);
		if (a && b)
		{
			CHECK(a->hist == NULL && (a->exact || a->fmt == MLC_PROFILE_LEGACY_VERSION));
			mlc_buf_init(&out, 64);
			mlc_buf_init(&js, 64);
			/*
			 * text written back byte for byte; binary too for the 0.1
			 * sketches, while an exact profile is written compact (format
			 * 3) and reads back the same
			 */
			CHECK(mlc_numprof_write(a, &out, &st) == MLC_OK);
			if (a->exact)
			{
				mlc_numprof *c = mlc_numprof_read(out.data, out.len, &st);

				CHECK(out.data[0] == MLC_PROFILE_EXACT_VERSION && out.len < nb);
				CHECK(c != NULL && c->exact && mlc_numprof_equal(a, c) && mlc_numprof_equal(c, b));
				mlc_numprof_free(c);
			}
			else
				CHECK(out.len == nb && memcmp(out.data, raw, nb) == 0);
			CHECK(mlc_numprof_to_json(b, &js, &st) == MLC_OK && js.len == t->len &&
				  memcmp(js.data, t->str, js.len) == 0);
			CHECK(mlc_numprof_equal(a, b));
			CHECK(mlc_numprof_rank_error(a) == (a->exact ? 0 : MLC_PROFILE_RANK_EPS));
			mlc_buf_free(&out);
			mlc_buf_free(&js);
		}
		v1[k] = a;
		mlc_numprof_free(b);
		free(raw);
	}
	/* 0.1 sketch + exact works; 0.1 sketch + format 2 sketch is 22023 */
	if (v1[0] && v1[1])
	{
		mlc_numprof *m = mlc_numprof_new(),
				   *n2 = mlc_numprof_new();
		int			i;

		CHECK(mlc_numprof_merge(m, v1[1], &st) == MLC_OK);
		CHECK(mlc_numprof_merge(m, v1[0], &st) == MLC_OK);
		CHECK(!m->exact && m->fmt == MLC_PROFILE_LEGACY_VERSION && m->n == v1[1]->n + v1[0]->n);
		for (i = 0; i < 10000; i++)
			mlc_numprof_add(n2, qrand(), &st);
		CHECK(mlc_numprof_merge(m, n2, &st) == MLC_EBADARG && st.hint[0] != 0);
		CHECK(mlc_numprof_merge(n2, v1[1], &st) == MLC_EBADARG);
		mlc_numprof_free(m);
		mlc_numprof_free(n2);
	}
	for (k = 0; k < 3; k++)
		mlc_numprof_free(v1[k]);
	mlc_json_free(fx);
	free(text);
}

/* the bytes of p's stored form; caller frees */
static mlc_buf
stored(mlc_numprof *p, int *unit_failed_)
{
	mlc_buf		b;
	mlc_status	st;

	mlc_buf_init(&b, 64);
	CHECK(mlc_numprof_write(p, &b, &st) == MLC_OK);
	return b;
}

static bool
same_bytes(mlc_numprof *a, mlc_numprof *b, int *unit_failed_)
{
	mlc_buf		x = stored(a, unit_failed_),
				y = stored(b, unit_failed_);
	bool		eq = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;

	mlc_buf_free(&x);
	mlc_buf_free(&y);
	return eq;
}

/* the aggregate's row path: the quick path, else the full add */
static void
add_rows(mlc_numprof *p, const double *v, int64_t from, int64_t to, int *unit_failed_)
{
	mlc_status	st;
	int64_t		i;

	for (i = from; i < to; i++)
		if (!mlc_numprof_add_quick(p, v[i]))
			CHECK(mlc_numprof_add(p, v[i], &st) == MLC_OK);
}

/*
 * The row path leaves values pending for the grid (counted in batches):
 * stored bytes, JSON, quantiles and merges of states with pending values
 * are those of a profile built value by value with mlc_numprof_add, also
 * when the state is written mid-way and goes on taking rows (a window
 * aggregate), for every shape and order.
 */
UNIT_TEST(qsketch_batched_grid_counts_same_bytes)
{
	int64_t		n = 50000;
	double	   *v = malloc(sizeof(double) * n);
	int			s,
				o;

	for (s = 0; s < 5; s++)
		for (o = 0; o < 4; o++)
		{
			mlc_numprof *ref = mlc_numprof_new(),
					   *row = mlc_numprof_new(),
					   *h1 = mlc_numprof_new(),
					   *h2 = mlc_numprof_new(),
					   *r1 = mlc_numprof_new(),
					   *r2 = mlc_numprof_new();
			mlc_status	st;
			mlc_buf		a,
						b;
			double		qa,
						qb;
			int64_t		i;
			bool		pending = false;

			make(v, n, s, o);
			if (s == 1)
				v[n / 2] = NAN;
			if (s == 2)
				v[n / 3] = -INFINITY;
			for (i = 0; i < n; i++)
			{
				CHECK(mlc_numprof_add(ref, v[i], &st) == MLC_OK);
				if (i == n / 3 || i == n / 3 + 777)
				{
					add_rows(row, v, i == n / 3 ? 0 : n / 3 + 1, i + 1, unit_failed_);
					pending |= row->hist_pend > 0;
					CHECK(same_bytes(ref, row, unit_failed_));
				}
			}
			add_rows(row, v, n / 3 + 778, n, unit_failed_);
			pending |= row->hist_pend > 0;
			CHECK(row->hist != NULL && pending);	/* the batches were exercised */
			CHECK(mlc_numprof_quantile(ref, 0.37, &qa) && mlc_numprof_quantile(row, 0.37, &qb) &&
				  qa == qb);
			CHECK(same_bytes(ref, row, unit_failed_));
			mlc_buf_init(&a, 64);
			mlc_buf_init(&b, 64);
			CHECK(mlc_numprof_to_json(ref, &a, &st) == MLC_OK &&
				  mlc_numprof_to_json(row, &b, &st) == MLC_OK);
			CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
			mlc_buf_free(&a);
			mlc_buf_free(&b);

			/* merge of two states that both hold pending values */
			for (i = 0; i < n; i++)
				CHECK(mlc_numprof_add(i < 2 * n / 3 ? r1 : r2, v[i], &st) == MLC_OK);
			add_rows(h1, v, 0, 2 * n / 3, unit_failed_);
			add_rows(h2, v, 2 * n / 3, n, unit_failed_);
			CHECK(mlc_numprof_merge(r1, r2, &st) == MLC_OK);
			CHECK(mlc_numprof_merge(h1, h2, &st) == MLC_OK);
			CHECK(same_bytes(r1, h1, unit_failed_));
			mlc_numprof_free(ref);
			mlc_numprof_free(row);
			mlc_numprof_free(h1);
			mlc_numprof_free(h2);
			mlc_numprof_free(r1);
			mlc_numprof_free(r2);
		}
	free(v);
}

/* a bucket's count passes 2^32 (the slot keeps its low half) */
UNIT_TEST(qsketch_bucket_count_past_32_bits)
{
	mlc_qhist  *h = mlc_qhist_new(MLC_QS_MAX_BITS);
	mlc_qs_bucket *b;
	int32_t		nb;

	CHECK(mlc_qhist_add_slow(h, 1.5, (int64_t) UINT32_MAX - 1));
	CHECK(mlc_qhist_add_quick(h, 1.5));
	CHECK(mlc_qhist_add_quick(h, 1.5));
	CHECK(mlc_qhist_add_quick(h, 1.5));
	b = mlc_qhist_sorted(h, &nb);
	CHECK(nb == 1 && b[0].cnt == (int64_t) UINT32_MAX + 2 && b[0].val == 1.5);
	mlc_free(b);
	/* same bucket, another value; then a merge adds a count past 2^33 */
	CHECK(mlc_qhist_add_quick(h, 1.5001));
	CHECK(mlc_qhist_add_slow(h, 1.5, INT64_C(1) << 33));
	b = mlc_qhist_sorted(h, &nb);
	CHECK(nb == 1 && b[0].cnt == (int64_t) UINT32_MAX + 3 + (INT64_C(1) << 33) && isnan(b[0].val));
	mlc_free(b);
	mlc_qhist_free(h);
}

/* the grids of two histograms are identical: resolution, buckets, counts, values */
static bool
same_grid(const mlc_qhist *a, const mlc_qhist *b)
{
	mlc_qs_bucket *ba,
			   *bb;
	int32_t		na,
				nb,
				i;
	bool		same;

	ba = mlc_qhist_sorted(a, &na);
	bb = mlc_qhist_sorted(b, &nb);
	same = ba && bb && a->bits == b->bits && na == nb;
	for (i = 0; same && i < na; i++)
		same = ba[i].idx == bb[i].idx && ba[i].cnt == bb[i].cnt &&
			memcmp(&ba[i].val, &bb[i].val, sizeof(double)) == 0;
	mlc_free(ba);
	mlc_free(bb);
	return same;
}

/* a value of shape k for the batch tests: finite, zeros canonical */
static double
batch_value(int k, int64_t i)
{
	double		x;

	switch (k)
	{
		case 0:
			x = qnormal();
			break;
		case 1:
			x = exp(2 * qnormal());
			break;
		case 2:
			x = floor(qrand() * 50);
			break;
		case 3:
			/* 1e-300 .. 1e300, both signs: coarsens the grid many times */
			x = (qrand() < 0.5 ? -1 : 1) * pow(10, qrand() * 600 - 300);
			break;
		case 4:
			/* subnormals, zeros, the largest doubles */
			{
				double		u = qrand();

				x = u < 0.3 ? floor(qrand() * 1000) * 4.9e-324 : u < 0.5 ? 0.0 :
					u < 0.6 ? -floor(qrand() * 1000) * 4.9e-324 :
					u < 0.8 ? (qrand() < 0.5 ? -1 : 1) * (1.7976931348623157e308 - qrand() * 1e300) :
					qrand() - 0.5;
			}
			break;
		case 5:
			/* a few buckets, each 16 binades from the next */
			x = ldexp(1.0 + floor(qrand() * 4) / 128, 16 * (int) floor(qrand() * 8) - 60);
			if (qrand() < 0.5)
				x = -x;
			break;
		case 6:
			/* a slowly widening range: coarsenings in the middle of batches */
			x = (1 + qrand()) * pow(2, (double) i / 1000.0) * (i % 2 ? 1 : -1);
			break;
		case 7:
			x = (double) (i % 3000);	/* integers: one value per bucket */
			break;
		default:
			x = 1e6 + qnormal() * 1e-3;
			break;
	}
	return x == 0 ? 0.0 : x;
}

/*
 * A batch gives the grid that adding its values one by one gives, whatever
 * the batch sizes, including coarsenings in the middle of a batch (a
 * faster batch path must keep this).
 */
UNIT_TEST(qsketch_batch_equals_value_by_value)
{
	static const int64_t sizes[] = {1, 31, 32, 33, 500, 1024, 2500, 4096, 4097, 10000};
	int64_t		n = 60000,
				i;
	double	   *v = malloc(sizeof(double) * n);
	int			k,
				si;

	for (k = 0; k <= 8; k++)
	{
		for (i = 0; i < n; i++)
			v[i] = batch_value(k, i);
		for (si = 0; si < (int) (sizeof(sizes) / sizeof(sizes[0])); si++)
		{
			mlc_qhist  *a = mlc_qhist_new(MLC_QS_MAX_BITS),
					   *b = mlc_qhist_new(MLC_QS_MAX_BITS);
			int64_t		o = 0,
						step = sizes[si];

			for (i = 0; i < n; i++)
				CHECK(mlc_qhist_add(a, v[i]));
			/* batch sizes varying around `step` */
			while (o < n)
			{
				int64_t		m = step + (o / step) % 7 - 3;

				if (m < 1)
					m = 1;
				if (m > n - o)
					m = n - o;
				CHECK(mlc_qhist_add_batch(b, v + o, m));
				o += m;
			}
			if (!same_grid(a, b))
			{
				fprintf(stderr, "  shape %d, batches of %" PRId64 ": grids differ (bits %d vs %d)\n",
						k, step, a->bits, b->bits);
				CHECK(false);
			}
			mlc_qhist_free(a);
			mlc_qhist_free(b);
		}
	}
	free(v);
}

/* a batch into a grid in array form (decoded or merged) and into a coarse grid */
UNIT_TEST(qsketch_batch_into_array_and_coarse_grids)
{
	int64_t		n = 20000,
				i;
	double	   *v = malloc(sizeof(double) * n);
	int			k,
				bits;

	for (k = 0; k <= 8; k++)
			for (bits = MLC_QS_MIN_BITS; bits <= MLC_QS_MAX_BITS; bits += 3)
			{
				mlc_qhist  *a = mlc_qhist_new(bits),
						   *b = mlc_qhist_new(bits),
						   *base = mlc_qhist_new(MLC_QS_MAX_BITS);

				for (i = 0; i < n; i++)
					v[i] = batch_value(k, i);
				/* array-form grids: merges of a grid into empty ones */
				for (i = 0; i < n / 2; i++)
					CHECK(mlc_qhist_add(base, v[i]));
				CHECK(mlc_qhist_merge(a, base));
				CHECK(mlc_qhist_merge(b, base));
				CHECK(a->slot == NULL && b->slot == NULL);
				for (i = n / 2; i < n; i++)
					CHECK(mlc_qhist_add(a, v[i]));
				CHECK(mlc_qhist_add_batch(b, v + n / 2, n - n / 2));
				CHECK(same_grid(a, b));
				mlc_qhist_free(a);
				mlc_qhist_free(b);
				mlc_qhist_free(base);
			}
	free(v);
}

/* counts past 2^32 stay exact when a batch adds to them */
UNIT_TEST(qsketch_batch_count_past_32_bits)
{
	mlc_qhist  *h = mlc_qhist_new(MLC_QS_MAX_BITS);
	double		v[1000];
	mlc_qs_bucket *b;
	int32_t		nb;
	int			i;

	for (i = 0; i < 1000; i++)
		v[i] = 1.5;
	CHECK(mlc_qhist_add_slow(h, 1.5, (int64_t) UINT32_MAX - 10));
	CHECK(mlc_qhist_add_batch(h, v, 1000));
	b = mlc_qhist_sorted(h, &nb);
	CHECK(nb == 1 && b[0].cnt == (int64_t) UINT32_MAX + 990 && b[0].val == 1.5);
	mlc_free(b);
	v[500] = 1.5001;
	CHECK(mlc_qhist_add_batch(h, v, 1000));
	b = mlc_qhist_sorted(h, &nb);
	CHECK(nb == 1 && b[0].cnt == (int64_t) UINT32_MAX + 1990 && isnan(b[0].val));
	mlc_free(b);
	mlc_qhist_free(h);
}
