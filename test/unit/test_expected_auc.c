/*
 * test_expected_auc.c — the state of expected_roc_auc against the exact
 * AUC state it replaced (every row a positive of weight p·w and a negative
 * of weight (1 − p)·w, then roc_auc): in distinct mode, across the switch
 * to array mode, and through merges of states in either mode; the codec
 * (both modes, and the exact AUC state expected_roc_auc wrote before), the
 * undefined cases, overflowing weights and the size limit.
 */
#include "unit.h"

#include <stdlib.h>

#include "mlc_expected_auc.h"
#include "mlc_scores.h"
#include "mlc_sort.h"
#include "mlc_types.h"

static uint64_t eauc_rng = 0x2545F4914F6CDD1DULL;

static double
uni(void)
{
	return unit_uniform(&eauc_rng);
}

/* the rows of a test: probabilities (tied: one of `levels` values, or
 * distinct when levels is 0) and weights (1, or spread with some 0) */
typedef struct rows
{
	size_t		n;
	double	   *p,
			   *w;
} rows;

static rows
make_rows(size_t n, int levels, bool weighted)
{
	rows		r;
	size_t		i;

	r.n = n;
	r.p = malloc(n * sizeof(double));
	r.w = malloc(n * sizeof(double));
	for (i = 0; i < n; i++)
	{
		r.p[i] = levels ? floor(uni() * (levels + 1)) / levels : uni();
		r.w[i] = weighted ? (i % 17 == 0 ? 0 : 0.1 + 3 * uni()) : 1;
	}
	return r;
}

static void
free_rows(rows *r)
{
	free(r->p);
	free(r->w);
}

/* what expected_roc_auc computed before distinct mode */
static double
reference(const rows *r, size_t from, size_t to, bool *def)
{
	mlc_status	st;
	mlc_auc    *a = mlc_auc_new(true);
	double		roc = NAN,
				ap;
	bool		ap_def;
	size_t		i;

	mlc_status_init(&st);
	for (i = from; i < to; i++)
	{
		mlc_auc_add(a, r->p[i], true, r->p[i] * r->w[i], &st);
		mlc_auc_add(a, r->p[i], false, (1 - r->p[i]) * r->w[i], &st);
	}
	mlc_auc_compute(a, &roc, def, &ap, &ap_def, &st);
	mlc_auc_free(a);
	return roc;
}

static mlc_eauc *
state_of(const rows *r, size_t from, size_t to)
{
	mlc_status	st;
	mlc_eauc   *e = mlc_eauc_new();
	size_t		i;

	mlc_status_init(&st);
	for (i = from; i < to; i++)
		if (mlc_eauc_add(e, r->p[i], r->w[i], &st) != MLC_OK)
		{
			mlc_eauc_free(e);
			return NULL;
		}
	return e;
}

static double
roc_of(mlc_eauc *e, bool *def)
{
	mlc_status	st;
	double		roc = NAN;

	mlc_status_init(&st);
	if (mlc_eauc_roc(e, &roc, def, &st) != MLC_OK)
		*def = false;
	return roc;
}

/* bytes → state → bytes */
static mlc_eauc *
through_codec(mlc_eauc *e)
{
	mlc_status	st;
	mlc_buf		b;
	mlc_eauc   *back;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	if (mlc_eauc_write(e, &b, &st) != MLC_OK)
	{
		mlc_buf_free(&b);
		return NULL;
	}
	back = mlc_eauc_read(b.data, b.len, &st);
	mlc_buf_free(&b);
	return back;
}

UNIT_TEST(expected_auc_distinct_mode_matches_rows)
{
	int			levels[] = {1, 2, 7, 100, 5000};
	int			li,
				wi;

	for (li = 0; li < 5; li++)
		for (wi = 0; wi < 2; wi++)
		{
			rows		r = make_rows(20000, levels[li], wi == 1);
			mlc_eauc   *e = state_of(&r, 0, r.n);
			bool		d1,
						d2;
			double		want = reference(&r, 0, r.n, &d1),
						got;

			CHECK(e != NULL && e->rows == NULL && e->k <= (size_t) levels[li] + 1);
			got = roc_of(e, &d2);
			CHECK(d1 && d2);
			CHECK_NEAR(got, want, 1e-12);
			mlc_eauc_free(e);
			free_rows(&r);
		}
}

UNIT_TEST(expected_auc_switches_to_rows_and_stays_exact)
{
	/* all distinct: past MLC_EAUC_DISTINCT_MAX values the state holds rows */
	rows		r = make_rows(MLC_EAUC_DISTINCT_MAX + 5000, 0, true);
	mlc_eauc   *e = state_of(&r, 0, r.n),
			   *back;
	bool		d1,
				d2;
	double		want = reference(&r, 0, r.n, &d1);

	CHECK(e != NULL && e->rows != NULL);
	CHECK(d1);
	CHECK_NEAR(roc_of(e, &d2), want, 1e-12);
	CHECK(d2);
	/* array mode through its codec */
	back = through_codec(e);
	CHECK(back != NULL && back->rows != NULL);
	if (back)
		CHECK_NEAR(roc_of(back, &d2), want, 1e-12);
	mlc_eauc_free(back);
	mlc_eauc_free(e);
	free_rows(&r);
}

UNIT_TEST(expected_auc_many_rows_per_value_stay_distinct)
{
	/* 70000 values but 10 rows each: the table stays */
	size_t		k = MLC_EAUC_DISTINCT_MAX + 4464,
				i;
	mlc_status	st;
	mlc_eauc   *e = mlc_eauc_new();
	bool		ok = true;

	mlc_status_init(&st);
	for (i = 0; i < 10 * k && ok; i++)
		ok = mlc_eauc_add(e, (double) (i / 10) / k, 2, &st) == MLC_OK;
	CHECK(ok);
	CHECK(e->rows == NULL && e->k == k && e->n == 10 * k);
	mlc_eauc_free(e);
}

/* merges of parts in every combination of modes give the one-state AUC */
UNIT_TEST(expected_auc_merges_across_modes)
{
	rows		tied = make_rows(30000, 50, true),
				spread = make_rows(MLC_EAUC_DISTINCT_MAX + 8000, 0, true),	/* 1 in 17 weighs 0 */
				all;
	size_t		i;
	int			combo;

	/* the rows of both, the tied ones first */
	all.n = tied.n + spread.n;
	all.p = malloc(all.n * sizeof(double));
	all.w = malloc(all.n * sizeof(double));
	for (i = 0; i < all.n; i++)
	{
		all.p[i] = i < tied.n ? tied.p[i] : spread.p[i - tied.n];
		all.w[i] = i < tied.n ? tied.w[i] : spread.w[i - tied.n];
	}
	for (combo = 0; combo < 4; combo++)
	{
		/* 0: distinct + distinct, 1: distinct + rows, 2: rows + distinct, 3: rows + rows */
		size_t		cut = combo == 0 ? tied.n / 2 : tied.n;
		mlc_eauc   *a = state_of(&all, 0, combo >= 2 ? all.n - 100 : cut),
				   *b = state_of(&all, combo >= 2 ? all.n - 100 : cut, all.n);
		mlc_status	st;
		bool		d1,
					d2;
		double		want = reference(&all, 0, combo == 0 ? tied.n : all.n, &d1);

		if (combo == 0)
		{
			mlc_eauc_free(b);
			b = state_of(&all, cut, tied.n);
		}
		mlc_status_init(&st);
		if (combo == 3)
			CHECK(mlc_eauc_to_rows(b, &st) == MLC_OK);
		CHECK(a && b);
		if (!a || !b)
			break;
		CHECK((a->rows != NULL) == (combo >= 2));
		CHECK((b->rows != NULL) == (combo == 1 || combo == 3));
		mlc_status_init(&st);
		/* the parts travel as bytes, as from parallel workers */
		{
			mlc_eauc   *a2 = through_codec(a),
					   *b2 = through_codec(b);

			CHECK(a2 && b2);
			CHECK(mlc_eauc_merge(a2, b2, &st) == MLC_OK);
			CHECK_NEAR(roc_of(a2, &d2), want, 1e-12);
			CHECK(d1 && d2);
			CHECK((a2->rows == NULL) == (combo == 0));
			mlc_eauc_free(a2);
			mlc_eauc_free(b2);
		}
		/* and merged the other way round */
		CHECK(mlc_eauc_merge(b, a, &st) == MLC_OK);
		CHECK_NEAR(roc_of(b, &d2), want, 1e-12);
		mlc_eauc_free(a);
		mlc_eauc_free(b);
	}
	free_rows(&tied);
	free_rows(&spread);
	free_rows(&all);
}

/* two distinct-mode states that together pass the limit switch on merge */
UNIT_TEST(expected_auc_merge_switches)
{
	rows		r = make_rows(120000, 0, true);	/* 1 in 17 weighs 0 */
	mlc_eauc   *a = state_of(&r, 0, r.n / 2),
			   *b = state_of(&r, r.n / 2, r.n);
	mlc_status	st;
	bool		d1,
				d2;
	double		want = reference(&r, 0, r.n, &d1);

	mlc_status_init(&st);
	CHECK(a && b && a->rows == NULL && b->rows == NULL);
	CHECK(mlc_eauc_merge(a, b, &st) == MLC_OK);
	CHECK(a->rows != NULL);
	CHECK_NEAR(roc_of(a, &d2), want, 1e-12);
	CHECK(d1 && d2);
	mlc_eauc_free(a);
	mlc_eauc_free(b);
	free_rows(&r);
}

UNIT_TEST(expected_auc_undefined_and_edges)
{
	mlc_status	st;
	mlc_eauc   *e = mlc_eauc_new();
	bool		def = true;
	double		roc;

	mlc_status_init(&st);
	roc_of(e, &def);
	CHECK(!def);				/* no rows */
	mlc_eauc_add(e, 0, 1, &st);
	mlc_eauc_add(e, -0.0, 2, &st);
	CHECK(e->k == 1);			/* -0 is 0 */
	roc_of(e, &def);
	CHECK(!def);				/* no positive weight */
	mlc_eauc_add(e, 0.5, 0, &st);
	CHECK(e->k == 1 && e->n == 2);	/* weight 0 is not kept */
	mlc_eauc_add(e, 1, 1, &st);
	roc = roc_of(e, &def);
	CHECK(def && roc == 1);
	mlc_eauc_free(e);

	e = mlc_eauc_new();
	mlc_eauc_add(e, 1, 1, &st);
	roc_of(e, &def);
	CHECK(!def);				/* no negative weight */
	mlc_eauc_free(e);
	/* one value: every pair tied */
	e = mlc_eauc_new();
	mlc_eauc_add(e, 0.25, 3, &st);
	mlc_eauc_add(e, 0.25, 1, &st);
	roc = roc_of(e, &def);
	CHECK(def && roc == 0.5);
	mlc_eauc_free(e);
}

/* sums of weights that overflow a double move the state to array mode */
UNIT_TEST(expected_auc_huge_weights)
{
	rows		r;
	mlc_eauc   *e,
			   *f;
	mlc_status	st;
	bool		d1,
				d2;
	double		want;
	size_t		i;

	r.n = 6;
	r.p = malloc(6 * sizeof(double));
	r.w = malloc(6 * sizeof(double));
	for (i = 0; i < 6; i++)
	{
		r.p[i] = i < 4 ? 0.5 : (i == 4 ? 0.2 : 0.9);
		r.w[i] = 1e308;
	}
	want = reference(&r, 0, r.n, &d1);
	e = state_of(&r, 0, r.n);
	CHECK(e && e->rows != NULL);
	CHECK(d1);
	if (e)
		CHECK_NEAR(roc_of(e, &d2), want, 1e-12);
	mlc_eauc_free(e);
	/* the same through a merge of two distinct states whose sum overflows */
	mlc_status_init(&st);
	f = state_of(&r, 0, 1);
	e = state_of(&r, 1, 2);
	CHECK(f && e && f->rows == NULL && e->rows == NULL);
	CHECK(mlc_eauc_merge(f, e, &st) == MLC_OK);
	CHECK(f->rows != NULL);
	mlc_eauc_free(e);
	e = state_of(&r, 2, 6);
	CHECK(mlc_eauc_merge(f, e, &st) == MLC_OK);
	CHECK_NEAR(roc_of(f, &d2), want, 1e-12);
	mlc_eauc_free(e);
	mlc_eauc_free(f);
	free_rows(&r);
}

UNIT_TEST(expected_auc_codec)
{
	mlc_status	st;
	mlc_eauc   *e = mlc_eauc_new(),
			   *back;
	mlc_auc    *old = mlc_auc_new(true);
	mlc_buf		b,
				b2;
	bool		d1,
				d2;
	double		want;
	int			i;
	size_t		saved = mlc_max_value_bytes;

	mlc_status_init(&st);
	for (i = 0; i < 40; i++)
	{
		double		p = (i % 5) / 4.0,
					w = 1 + i % 3;

		mlc_eauc_add(e, p, w, &st);
		mlc_auc_add(old, p, true, p * w, &st);
		mlc_auc_add(old, p, false, (1 - p) * w, &st);
	}
	want = roc_of(e, &d1);
	/* distinct mode: canonical bytes (sorted), read back to the same */
	mlc_buf_init(&b, 64);
	CHECK(mlc_eauc_write(e, &b, &st) == MLC_OK);
	CHECK(b.len == 18 + 5 * 16 && (uint8_t) b.data[0] == MLC_EAUC_DISTINCT_VERSION && b.data[1] == 0);
	back = mlc_eauc_read(b.data, b.len, &st);
	CHECK(back && back->rows == NULL && back->k == 5 && back->n == 40);
	mlc_buf_init(&b2, 64);
	CHECK(back && mlc_eauc_write(back, &b2, &st) == MLC_OK);
	CHECK(b.len == b2.len && memcmp(b.data, b2.data, b.len) == 0);
	mlc_buf_free(&b2);
	mlc_eauc_free(back);
	/* damaged bytes are refused */
	CHECK(mlc_eauc_read(b.data, b.len - 1, &st) == NULL && st.code == MLC_ESYNTAX);
	{
		char	   *bad = malloc(b.len);

		/* two entries swapped: not ascending */
		memcpy(bad, b.data, b.len);
		memcpy(bad + 18, b.data + 34, 16);
		memcpy(bad + 34, b.data + 18, 16);
		CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
		/* a weight of 0 */
		memcpy(bad, b.data, b.len);
		memset(bad + 18 + 8, 0, 8);
		CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
		/* a probability above 1 (the key of 2.0) */
		memcpy(bad, b.data, b.len);
		{
			mlc_buf		k;

			mlc_buf_init(&k, 8);
			mlc_put_u64(&k, mlc_f64_key(2.0));
			memcpy(bad + 18 + 4 * 16, k.data, 8);
			mlc_buf_free(&k);
		}
		CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
		/* more distinct values than rows */
		memcpy(bad, b.data, b.len);
		memset(bad + 2, 0, 8);
		CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
		/* an unknown version */
		memcpy(bad, b.data, b.len);
		bad[0] = (char) (MLC_EAUC_FORMAT_VERSION + 1);
		CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
		free(bad);
	}
	mlc_buf_free(&b);
	/* what expected_roc_auc wrote before: the exact AUC state, read as array mode */
	mlc_buf_init(&b, 64);
	CHECK(mlc_auc_write(old, &b, &st) == MLC_OK);
	back = mlc_eauc_read(b.data, b.len, &st);
	CHECK(back && back->rows != NULL);
	if (back)
		CHECK_NEAR(roc_of(back, &d2), want, 1e-12);
	mlc_eauc_free(back);
	mlc_buf_free(&b);
	/* an unweighted exact AUC state (roc_auc's) is not an expected one */
	{
		mlc_auc    *u = mlc_auc_new(false);

		mlc_auc_add(u, 0.5, true, 1, &st);
		mlc_buf_init(&b, 64);
		CHECK(mlc_auc_write(u, &b, &st) == MLC_OK);
		CHECK(mlc_eauc_read(b.data, b.len, &st) == NULL && st.code == MLC_ESYNTAX);
		mlc_buf_free(&b);
		mlc_auc_free(u);
	}
	/* the size limit: past it, adding a distinct value is 54000 */
	mlc_max_value_bytes = 1024;
	{
		mlc_eauc   *big = mlc_eauc_new();
		mlc_code	rc = MLC_OK;
		mlc_buf		txt;

		for (i = 0; i < 1000 && rc == MLC_OK; i++)
			rc = mlc_eauc_add(big, i / 1000.0, 1, &st);
		CHECK(rc == MLC_ELIMIT);
		mlc_buf_init(&txt, 16);
		mlc_status_init(&st);
		CHECK(mlc_type_to_text(&mlc_eauc_type, big, &txt, &st) == MLC_OK);
		CHECK(!txt.failed && txt.len < mlc_max_value_bytes);
		mlc_buf_free(&txt);
		mlc_eauc_free(big);
	}
	mlc_max_value_bytes = saved;
	mlc_auc_free(old);
	mlc_eauc_free(e);
}

static bool
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/*
 * Rows of weight 1 (row counts): the state stays in distinct mode while
 * values are a small share of its rows, switches to unit mode when they
 * are most of them (here: the distinct rows first), and gives the same
 * bits in either form, in any row order and from parts merged in any way;
 * the value is the exact AUC state's to rounding.
 */
UNIT_TEST(expected_auc_unit_weights_same_bits)
{
	/* tied rows, then distinct ones */
	size_t		nt = 200000,
				nd = MLC_EAUC_DISTINCT_MAX + 3000,
				n = nt + nd,
				i;
	rows		r;
	bool		d1,
				d2;
	double		want,
				first = 0;
	int			order;

	r.n = n;
	r.p = malloc(n * sizeof(double));
	r.w = malloc(n * sizeof(double));
	for (i = 0; i < n; i++)
	{
		r.p[i] = i < nt ? floor(uni() * 101) / 100 : uni();
		r.w[i] = 1;
	}
	want = reference(&r, 0, n, &d1);
	CHECK(d1);
	for (order = 0; order < 3; order++)
	{
		mlc_eauc   *e;
		double		got;

		if (order == 1)			/* reversed: distinct values first */
			for (i = 0; i < n / 2; i++)
			{
				double		t = r.p[i];

				r.p[i] = r.p[n - 1 - i];
				r.p[n - 1 - i] = t;
			}
		else if (order == 2)	/* shuffled */
			for (i = n - 1; i > 0; i--)
			{
				size_t		j = (size_t) (uni() * (i + 1));
				double		t = r.p[i];

				r.p[i] = r.p[j];
				r.p[j] = t;
			}
		e = state_of(&r, 0, n);
		CHECK(e && e->rows == NULL && e->unit);
		if (e)
			CHECK(order == 1 ? e->units != NULL && e->units->np == n
				  : e->units == NULL && e->k > MLC_EAUC_DISTINCT_MAX);
		got = e ? roc_of(e, &d2) : NAN;
		CHECK_NEAR(got, want, 1e-12);
		if (order == 0)
			first = got;
		CHECK(same_bits(got, first));
		mlc_eauc_free(e);
	}
	/* parts of a third each, through the codec, merged in two orders */
	{
		mlc_status	st;
		mlc_eauc   *a = state_of(&r, 0, n / 3),
				   *b = state_of(&r, n / 3, 2 * n / 3),
				   *c = state_of(&r, 2 * n / 3, n);
		mlc_eauc   *a2 = through_codec(a),
				   *b2 = through_codec(b),
				   *c2 = through_codec(c);

		mlc_status_init(&st);
		CHECK(a2 && b2 && c2 && a2->rows == NULL && a2->unit);
		CHECK(mlc_eauc_merge(c2, b2, &st) == MLC_OK);
		CHECK(mlc_eauc_merge(c2, a2, &st) == MLC_OK);
		CHECK(c2->rows == NULL && same_bits(roc_of(c2, &d2), first));
		CHECK(mlc_eauc_merge(a, b, &st) == MLC_OK);
		CHECK(mlc_eauc_merge(a, c, &st) == MLC_OK);
		CHECK(same_bits(roc_of(a, &d2), first));
		/* a weighted row ends the guarantee: the state may switch again */
		CHECK(mlc_eauc_add(a, 0.123456789, 0.5, &st) == MLC_OK);
		CHECK(!a->unit);
		CHECK(mlc_eauc_add(a, 0.987654321, 0.5, &st) == MLC_OK);
		CHECK(a->rows != NULL);
		mlc_eauc_free(a);
		mlc_eauc_free(b);
		mlc_eauc_free(c);
		mlc_eauc_free(a2);
		mlc_eauc_free(b2);
		mlc_eauc_free(c2);
	}
	free_rows(&r);
}

UNIT_TEST(expected_auc_unit_flag_codec)
{
	mlc_status	st;
	mlc_eauc   *e = mlc_eauc_new(),
			   *back;
	mlc_buf		b;
	char	   *bad;
	int			i;

	mlc_status_init(&st);
	for (i = 0; i < 30; i++)
		mlc_eauc_add(e, (i % 3) / 2.0, 1, &st);
	mlc_buf_init(&b, 64);
	CHECK(mlc_eauc_write(e, &b, &st) == MLC_OK);
	CHECK(b.data[1] == 1);
	back = mlc_eauc_read(b.data, b.len, &st);
	CHECK(back && back->unit && back->n == 30 && back->k == 3);
	mlc_eauc_free(back);
	bad = malloc(b.len);
	/* a count that is not a whole number */
	memcpy(bad, b.data, b.len);
	{
		mlc_buf		v;

		mlc_buf_init(&v, 8);
		mlc_put_f64(&v, 9.5);
		memcpy(bad + 18 + 8, v.data, 8);
		mlc_buf_free(&v);
	}
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
	/* counts that do not add up to the rows */
	memcpy(bad, b.data, b.len);
	bad[9] = 31;				/* n_rows 31 (big-endian, low byte) */
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
	/* unknown flags */
	memcpy(bad, b.data, b.len);
	bad[1] = 2;
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
	/* without the flag the same bytes are weights */
	memcpy(bad, b.data, b.len);
	bad[1] = 0;
	back = mlc_eauc_read(bad, b.len, &st);
	CHECK(back && !back->unit);
	mlc_eauc_free(back);
	free(bad);
	mlc_buf_free(&b);
	/* one weighted row clears it */
	mlc_eauc_add(e, 0.5, 2, &st);
	CHECK(!e->unit);
	mlc_eauc_free(e);
}

/*
 * A damaged unweighted exact AUC state (format 2) whose row counts claim
 * more than the size limit is malformed (22P02), not too large (54000):
 * the entries are decoded without storing them.  A consistent state past
 * the limit is still 54000.
 */
UNIT_TEST(auc_v2_huge_counts_are_syntax_errors)
{
	mlc_status	st;
	mlc_auc    *a = mlc_auc_new(false);
	mlc_buf		b;
	char	   *bad;
	int			i;
	size_t		saved = mlc_max_value_bytes;

	mlc_status_init(&st);
	for (i = 0; i < 200; i++)
		mlc_auc_add(a, (i % 7) / 7.0, i % 2, 1, &st);
	CHECK(mlc_auc_sort(a, &st) == MLC_OK);
	mlc_buf_init(&b, 64);
	CHECK(mlc_auc_write(a, &b, &st) == MLC_OK);
	CHECK(b.len > 27 && b.data[0] == 2);
	bad = malloc(b.len);
	memcpy(bad, b.data, b.len);
	bad[3] = 0x7f;				/* np's high bytes: 2^48 and more rows */
	mlc_status_init(&st);
	CHECK(mlc_auc_read(bad, b.len, &st) == NULL && st.code == MLC_ESYNTAX);
	free(bad);
	/* the same bytes under a tiny limit: consistent, so too large */
	mlc_max_value_bytes = 64;
	mlc_status_init(&st);
	CHECK(mlc_auc_read(b.data, b.len, &st) == NULL && st.code == MLC_ELIMIT);
	mlc_max_value_bytes = saved;
	mlc_buf_free(&b);
	mlc_auc_free(a);
}

/* the rows of a unit-weight test state: p[0..n) added in order */
static mlc_eauc *
unit_state(const double *p, size_t n)
{
	mlc_status	st;
	mlc_eauc   *e = mlc_eauc_new();
	size_t		i;

	mlc_status_init(&st);
	for (i = 0; i < n && e; i++)
		if (mlc_eauc_add(e, p[i], 1, &st) != MLC_OK)
		{
			mlc_eauc_free(e);
			e = NULL;
		}
	return e;
}

/* through the codec's fast writer (a parallel plan's partial states) */
static mlc_eauc *
through_fast_codec(mlc_eauc *e)
{
	mlc_status	st;
	mlc_buf		b;
	mlc_eauc   *back;

	mlc_status_init(&st);
	mlc_buf_init(&b, 64);
	if (mlc_eauc_write_fast(e, &b, &st) != MLC_OK)
	{
		mlc_buf_free(&b);
		return NULL;
	}
	back = mlc_eauc_read(b.data, b.len, &st);
	mlc_buf_free(&b);
	return back;
}

/*
 * Unit mode (mostly distinct probabilities of weight 1): every row a key;
 * parts in unit mode, in distinct mode, through either writer, merged in
 * any order, give the serial state's bits; the value is the exact AUC
 * state's to rounding, and a weighted row moves it to array mode.
 */
UNIT_TEST(expected_auc_unit_mode_parts_same_bits)
{
	size_t		n = 150000,
				i,
				cut[4];
	double	   *p = malloc(n * sizeof(double));
	rows		r;
	bool		d1,
				d2;
	double		want,
				serial;
	mlc_eauc   *e;
	int			plan;

	/* distinct values, a few of them repeated, then a tied tail */
	for (i = 0; i < n; i++)
		p[i] = i < 100000 ? (i % 10 == 0 && i > 0 ? p[i - 7] : uni()) : floor(uni() * 21) / 20;
	r.n = n;
	r.p = p;
	r.w = malloc(n * sizeof(double));
	for (i = 0; i < n; i++)
		r.w[i] = 1;
	want = reference(&r, 0, n, &d1);
	e = unit_state(p, n);
	CHECK(e && e->units != NULL && e->units->np == n && e->unit);
	serial = e ? roc_of(e, &d2) : NAN;
	CHECK(d1 && d2);
	CHECK_NEAR(serial, want, 1e-12);
	mlc_eauc_free(e);
	/* parts: [0, cut1) [cut1, cut2) [cut2, n) */
	cut[0] = 0;
	cut[3] = n;
	for (plan = 0; plan < 4; plan++)
	{
		mlc_eauc   *part[3],
				   *sent[3];
		mlc_status	st;
		int			j;

		/* plan 3: the last part is the tied tail only (distinct mode) */
		cut[1] = plan == 3 ? 40000 : n / 3 + plan * 1000;
		cut[2] = plan == 3 ? 100000 : 2 * n / 3 - plan * 777;
		mlc_status_init(&st);
		for (j = 0; j < 3; j++)
		{
			part[j] = unit_state(p + cut[j], cut[j + 1] - cut[j]);
			CHECK(part[j] != NULL);
			if (part[j] == NULL)
				return;
			/* the parts' sorted runs as a parallel plan ships them */
			sent[j] = plan % 2 ? through_fast_codec(part[j]) : through_codec(part[j]);
			CHECK(sent[j] != NULL);
			if (sent[j] == NULL)
				return;
		}
		if (plan == 3)
			CHECK(sent[2]->units == NULL && sent[2]->k <= 21 && sent[0]->units != NULL);
		/* the leader: its own unsorted part first, then the workers' */
		CHECK(mlc_eauc_merge(part[1], sent[0], &st) == MLC_OK);
		CHECK(mlc_eauc_merge(part[1], sent[2], &st) == MLC_OK);
		CHECK(part[1]->units != NULL && same_bits(roc_of(part[1], &d2), serial));
		/* an empty state first, as the combine starts */
		{
			mlc_eauc   *z = mlc_eauc_new();

			CHECK(mlc_eauc_merge(z, sent[2], &st) == MLC_OK);
			CHECK(mlc_eauc_merge(z, sent[1], &st) == MLC_OK);
			CHECK(mlc_eauc_merge(z, sent[0], &st) == MLC_OK);
			CHECK(same_bits(roc_of(z, &d2), serial));
			/* the merged state written and read again */
			{
				mlc_eauc   *back = through_codec(z);

				CHECK(back && back->units != NULL && same_bits(roc_of(back, &d2), serial));
				mlc_eauc_free(back);
			}
			mlc_eauc_free(z);
		}
		for (j = 0; j < 3; j++)
		{
			mlc_eauc_free(part[j]);
			mlc_eauc_free(sent[j]);
		}
	}
	/* a weighted row: array mode, the value still the reference's */
	e = unit_state(p, n);
	{
		mlc_status	st;

		mlc_status_init(&st);
		CHECK(e && mlc_eauc_add(e, 0.25, 3, &st) == MLC_OK);
		CHECK(e && e->rows != NULL && e->units == NULL && !e->unit);
		r.p = realloc(r.p, (n + 1) * sizeof(double));
		r.w = realloc(r.w, (n + 1) * sizeof(double));
		r.p[n] = 0.25;
		r.w[n] = 3;
		r.n = n + 1;
		want = reference(&r, 0, n + 1, &d1);
		CHECK_NEAR(roc_of(e, &d2), want, 1e-12);
		/* and a weighted state merged with a unit-mode one */
		{
			mlc_eauc   *u = unit_state(r.p, n);

			CHECK(u && u->units != NULL);
			CHECK(mlc_eauc_merge(u, e, &st) == MLC_OK);
			CHECK(u->rows != NULL && u->units == NULL);
			mlc_eauc_free(u);
		}
	}
	mlc_eauc_free(e);
	free_rows(&r);
}

UNIT_TEST(expected_auc_unit_mode_codec)
{
	mlc_status	st;
	size_t		n = 6000,
				i;
	double	   *p = malloc(n * sizeof(double));
	mlc_eauc   *e,
			   *back;
	mlc_buf		b;
	char	   *bad;
	bool		d;

	mlc_status_init(&st);
	for (i = 0; i < n; i++)
		p[i] = uni();
	e = unit_state(p, n);
	CHECK(e && e->units != NULL);
	mlc_buf_init(&b, 64);
	CHECK(e && mlc_eauc_write(e, &b, &st) == MLC_OK);
	CHECK((uint8_t) b.data[0] == MLC_EAUC_UNIT_VERSION && b.data[1] == 2);	/* gap-coded */
	back = mlc_eauc_read(b.data, b.len, &st);
	CHECK(back && back->units != NULL && back->units->np == n);
	if (back && e)
		CHECK(same_bits(roc_of(back, &d), roc_of(e, &d)));
	mlc_eauc_free(back);
	mlc_buf_free(&b);
	/* the fast writer: 8 bytes a key */
	mlc_buf_init(&b, 64);
	CHECK(e && mlc_eauc_write_fast(e, &b, &st) == MLC_OK);
	CHECK((uint8_t) b.data[0] == MLC_EAUC_UNIT_VERSION && b.data[1] == 1 && b.len == 1 + 18 + 8 * n);
	back = mlc_eauc_read(b.data, b.len, &st);
	CHECK(back && back->units != NULL && back->units->pruns == 1);
	mlc_eauc_free(back);
	bad = malloc(b.len);
	/* a key above 1 */
	memcpy(bad, b.data, b.len);
	{
		mlc_buf		v;

		mlc_buf_init(&v, 8);
		mlc_put_f64(&v, 1.5);
		memcpy(bad + 1 + 18 + 8 * (n - 1), v.data, 8);
		mlc_buf_free(&v);
	}
	mlc_status_init(&st);
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL && st.code == MLC_ESYNTAX);
	/* negatives in the embedded state (np 5999, nn 1) */
	memcpy(bad, b.data, b.len);
	bad[1 + 2 + 7] = (char) ((n - 1) & 0xff);
	bad[1 + 2 + 6] = (char) ((n - 1) >> 8);
	bad[1 + 10 + 7] = 1;
	mlc_status_init(&st);
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL && st.code == MLC_ESYNTAX);
	/* weighted rows in unit mode */
	memcpy(bad, b.data, b.len);
	bad[2] = 1;
	mlc_status_init(&st);
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL && st.code == MLC_ESYNTAX);
	/* truncated, and an unknown version */
	mlc_status_init(&st);
	CHECK(mlc_eauc_read(b.data, b.len - 3, &st) == NULL && st.code == MLC_ESYNTAX);
	CHECK(mlc_eauc_read(b.data, 1, &st) == NULL);
	memcpy(bad, b.data, b.len);
	bad[0] = (char) (MLC_EAUC_FORMAT_VERSION + 1);
	CHECK(mlc_eauc_read(bad, b.len, &st) == NULL);
	free(bad);
	mlc_buf_free(&b);
	/* weighted states cannot become unit mode */
	mlc_status_init(&st);
	CHECK(e && mlc_eauc_add(e, 0.5, 2, &st) == MLC_OK && mlc_eauc_to_units(e, &st) == MLC_EBADARG);
	mlc_eauc_free(e);
	free(p);
}

/*
 * Near the size limit: a unit-mode array that would outgrow it folds back
 * into entries of its distinct values (same bits as unit mode), and is
 * 54000 when those do not fit either.
 */
UNIT_TEST(expected_auc_unit_mode_limit)
{
	size_t		saved = mlc_max_value_bytes,
				n = 30000,
				i;
	double	   *p = malloc(n * sizeof(double)),
				unit_bits,
				d2;
	mlc_eauc   *big,
			   *e;
	mlc_status	st;
	mlc_code	rc = MLC_OK;
	bool		d;

	/* 6000 distinct values, then the same again and again */
	for (i = 0; i < n; i++)
		p[i] = i < 6000 ? uni() : p[i % 6000];
	big = unit_state(p, n);
	CHECK(big && big->units != NULL);
	unit_bits = big ? roc_of(big, &d) : NAN;
	mlc_max_value_bytes = 256 * 1024;
	e = unit_state(p, n);
	CHECK(e && e->units == NULL && e->rows == NULL && e->k == 6000 && e->n == n);
	d2 = e ? roc_of(e, &d) : NAN;
	CHECK(same_bits(d2, unit_bits));
	/* a unit-mode part merged into it: entries again (too many rows) */
	{
		mlc_eauc   *u = unit_state(p, 5000);

		mlc_status_init(&st);
		CHECK(u && u->units != NULL);
		CHECK(e && u && mlc_eauc_merge(e, u, &st) == MLC_OK && e->units == NULL && e->n == n + 5000);
		mlc_eauc_free(u);
	}
	mlc_eauc_free(e);
	/* every value distinct: neither form fits */
	mlc_max_value_bytes = 64 * 1024;
	e = mlc_eauc_new();
	mlc_status_init(&st);
	for (i = 0; i < 20000 && rc == MLC_OK; i++)
		rc = mlc_eauc_add(e, uni(), 1, &st);
	CHECK(rc == MLC_ELIMIT && st.code == MLC_ELIMIT);
	{
		mlc_buf		txt;

		mlc_buf_init(&txt, 16);
		mlc_status_init(&st);
		CHECK(mlc_type_to_text(&mlc_eauc_type, e, &txt, &st) == MLC_OK);
		CHECK(!txt.failed && txt.len < mlc_max_value_bytes);
		mlc_buf_free(&txt);
	}
	mlc_eauc_free(e);
	mlc_max_value_bytes = saved;
	mlc_eauc_free(big);
	free(p);
}
