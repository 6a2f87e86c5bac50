/*
 * mlc_delong.c — DeLong's variance of the ROC AUC, confidence interval and
 * paired test (see mlc_delong.h).
 */
#include "mlc_delong.h"
#include "mlc_types.h"
#include "mlc_slices.h"
#include "mlc_sort.h"

#include <math.h>
#include <string.h>

#define DELONG_HEADER_BYTES 26	/* version, flags, level, np, nn */
#define DELONG_MIN_CAP 1024
#define TICK_EVERY 65536
/* T_i <= 2n and the 128-bit sums stay exact far beyond this */
#define DELONG_MAX_ROWS ((size_t) 1 << 31)

__extension__ typedef __int128 i128;

static const char *const too_large_hint =
"Raise mlcheck.max_value_kb, or evaluate a sample of the rows (e.g. TABLESAMPLE).";

mlc_delong *
mlc_delong_new(bool paired)
{
	mlc_delong *d = mlc_alloc0(sizeof(mlc_delong));

	if (d == NULL)
		return NULL;
	d->paired = paired;
	d->level = MLC_DELONG_DEFAULT_LEVEL;
	d->sorted = true;
	return d;
}

void
mlc_delong_free(mlc_delong *d)
{
	if (d == NULL)
		return;
	mlc_free(d->pk);
	mlc_free(d->nk);
	mlc_free(d->pb);
	mlc_free(d->nb);
	mlc_free(d);
}

static size_t
row_bytes(const mlc_delong *d)
{
	return d->paired ? 16 : 8;
}

mlc_code
mlc_delong_set_level(mlc_delong *d, double level, mlc_status *st)
{
	if (!(level > 0 && level < 1))
		return mlc_failf(st, MLC_EBADARG,
						 "Pass a confidence level between 0 and 1, e.g. 0.95.",
						 "confidence level %g is outside (0, 1)", level);
	if (d->has_level && level != d->level)
		return mlc_failf(st, MLC_EBADARG,
						 "Pass a constant level, e.g. mlcheck.roc_auc_ci(score, label, 0.9).",
						 "confidence level must be the same for every row of a group (got %g after %g)",
						 level, d->level);
	d->has_level = true;
	d->level = level;
	return MLC_OK;
}

size_t
mlc_delong_serial_size(const mlc_delong *d)
{
	size_t		rows,
				bytes;

	if (!mlc_add_size(d->np, d->nn, &rows) || !mlc_mul_size(rows, row_bytes(d), &bytes) ||
		!mlc_add_size(bytes, DELONG_HEADER_BYTES, &bytes))
		return SIZE_MAX;
	return bytes;
}

/* Rows the limit allows in total (as serialized). */
static size_t
limit_rows(const mlc_delong *d)
{
	size_t		max = mlc_state_max_bytes();	/* its base64 text fits too */
	size_t		lim = max > DELONG_HEADER_BYTES
		? (max - DELONG_HEADER_BYTES) / row_bytes(d) : 0;

	return lim < DELONG_MAX_ROWS ? lim : DELONG_MAX_ROWS;
}

static mlc_code
too_large(mlc_status *st, size_t rows)
{
	return mlc_failf(st, MLC_ELIMIT, too_large_hint,
					 "DeLong state of %zu rows exceeds mlcheck.max_value_kb (%zu kB)",
					 rows, mlc_max_value_bytes / 1024);
}

static void *
grow_array(void *p, size_t bytes)
{
	return p ? mlc_realloc(p, bytes) : mlc_alloc(bytes);
}

/* Room for `need` rows of one class; total rows (both classes) <= limit.
 * The capacity doubles, or becomes exactly `need` when exact (a merge). */
static mlc_code
grow_to(mlc_delong *d, bool positive, size_t need, bool exact, mlc_status *st)
{
	size_t		cap = positive ? d->pcap : d->ncap;
	size_t		other = positive ? d->nn : d->np;
	size_t		lim = limit_rows(d);
	size_t		ncap;
	void	   *k,
			   *b;

	if (need <= cap)
		return MLC_OK;
	if (other > lim || need > lim - other)
		return too_large(st, need + other);
	ncap = exact ? need : cap < DELONG_MIN_CAP ? DELONG_MIN_CAP : cap;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 4 ? need : ncap * 2;
	if (ncap > lim - other)
		ncap = lim - other;
	k = grow_array(positive ? (void *) d->pk : (void *) d->nk, ncap * sizeof(uint64_t));
	if (k == NULL)
		return mlc_fail(st, MLC_ENOMEM, "out of memory growing the DeLong state", NULL, NULL);
	if (positive)
		d->pk = k;
	else
		d->nk = k;
	if (d->paired)
	{
		b = grow_array(positive ? d->pb : d->nb, ncap * sizeof(double));
		if (b == NULL)
			return mlc_fail(st, MLC_ENOMEM, "out of memory growing the DeLong state", NULL, NULL);
		if (positive)
			d->pb = b;
		else
			d->nb = b;
	}
	if (positive)
		d->pcap = ncap;
	else
		d->ncap = ncap;
	return MLC_OK;
}

static mlc_code
grow(mlc_delong *d, bool positive, size_t need, mlc_status *st)
{
	return grow_to(d, positive, need, false, st);
}

static mlc_code
bad_score(mlc_status *st, const char *which)
{
	return mlc_failf(st, MLC_EBADARG,
					 "Filter out or replace NaN scores, e.g. WHERE score <> 'NaN'.",
					 "%s must not be NaN", which);
}

mlc_code
mlc_delong_add(mlc_delong *d, double score_a, double score_b, bool positive,
			   mlc_status *st)
{
	size_t	   *cnt = positive ? &d->np : &d->nn;

	if (isnan(score_a))
		return bad_score(st, d->paired ? "score_a" : "score");
	if (d->paired && isnan(score_b))
		return bad_score(st, "score_b");
	if (score_a == 0)
		score_a = 0;			/* -0 and +0 are the same score */
	if (score_b == 0)
		score_b = 0;
	/* the limit is on the rows of both classes (capacities may exceed it) */
	if (d->np + d->nn >= limit_rows(d))
		return too_large(st, d->np + d->nn + 1);
	if (*cnt == (positive ? d->pcap : d->ncap) && grow(d, positive, *cnt + 1, st) != MLC_OK)
		return st->code;
	if (positive)
	{
		uint64_t	k = mlc_f64_key(score_a);

		if (d->np > 0 && k < d->pk[d->np - 1])
			d->sorted = false;
		d->pk[d->np] = k;
		if (d->paired)
			d->pb[d->np] = score_b;
	}
	else
	{
		uint64_t	k = mlc_f64_key(score_a);

		if (d->nn > 0 && k < d->nk[d->nn - 1])
			d->sorted = false;
		d->nk[d->nn] = k;
		if (d->paired)
			d->nb[d->nn] = score_b;
	}
	(*cnt)++;
	return MLC_OK;
}

/*
 * One class of two sorted states: src's rows (sk, sb: sn of them) merged
 * by key into dst's, in place: dst's arrays grow to hold both and are
 * filled from the end (no second copy of the merged rows, and no fresh
 * array of that size to fault in).  Rows with equal keys keep dst's first:
 * the results only depend on the multiset of rows anyway.
 */
static mlc_code
merge_class(mlc_delong *d, bool positive, const uint64_t *sk, const double *sb, size_t sn,
			mlc_status *st)
{
	size_t		n = positive ? d->np : d->nn,
				i = n,
				j = sn,
				o = n + sn,
				tick = 0;
	uint64_t   *k;
	double	   *b;

	if (grow_to(d, positive, n + sn, true, st) != MLC_OK)
		return st->code;
	k = positive ? d->pk : d->nk;
	b = d->paired ? (positive ? d->pb : d->nb) : NULL;
	while (i > 0 && j > 0)
	{
		bool		from_src = sk[j - 1] >= k[i - 1];

		o--;
		if (b)
			b[o] = from_src ? sb[j - 1] : b[i - 1];
		k[o] = from_src ? sk[j - 1] : k[i - 1];
		j -= from_src;
		i -= !from_src;
		if (++tick == TICK_EVERY)
		{
			tick = 0;
			mlc_check_interrupts();
		}
	}
	/* dst's rows left are in place already; src's go to the front */
	if (j > 0)
	{
		memcpy(k, sk, j * sizeof(uint64_t));
		if (b)
			memcpy(b, sb, j * sizeof(double));
	}
	if (positive)
		d->np = n + sn;
	else
		d->nn = n + sn;
	return MLC_OK;
}

mlc_code
mlc_delong_merge(mlc_delong *dst, const mlc_delong *src, mlc_status *st)
{
	if (dst->paired != src->paired)
		return mlc_fail(st, MLC_EBADARG, "cannot combine paired and unpaired DeLong states", NULL, NULL);
	if (src->has_level && mlc_delong_set_level(dst, src->level, st) != MLC_OK)
		return st->code;
	if (src->np + src->nn > limit_rows(dst) - (dst->np + dst->nn))
		return too_large(st, dst->np + dst->nn + src->np + src->nn);
	if (!src->sorted && (dst->sorted || dst->np + dst->nn == 0))
	{
		/*
		 * An unsorted state (the leader of a parallel plan merges its own
		 * partial state this way) into a sorted one: sort a copy of it and
		 * merge that linearly, so dst stays sorted and the final sorts
		 * nothing by model A.
		 */
		mlc_delong *t = mlc_delong_new(src->paired);
		mlc_code	rc;

		if (t == NULL)
			return mlc_fail(st, MLC_ENOMEM, "out of memory merging DeLong states", NULL, NULL);
		t->has_level = src->has_level;
		t->level = src->level;
		if ((src->np && grow(t, true, src->np, st) != MLC_OK) ||
			(src->nn && grow(t, false, src->nn, st) != MLC_OK))
		{
			mlc_delong_free(t);
			return st->code;
		}
		if (src->np)
		{
			memcpy(t->pk, src->pk, src->np * sizeof(uint64_t));
			if (src->paired)
				memcpy(t->pb, src->pb, src->np * sizeof(double));
		}
		if (src->nn)
		{
			memcpy(t->nk, src->nk, src->nn * sizeof(uint64_t));
			if (src->paired)
				memcpy(t->nb, src->nb, src->nn * sizeof(double));
		}
		t->np = src->np;
		t->nn = src->nn;
		t->sorted = false;
		rc = mlc_delong_sort(t, st);
		if (rc == MLC_OK)
			rc = mlc_delong_merge(dst, t, st);
		mlc_delong_free(t);
		return rc;
	}
	if (dst->sorted && src->sorted && dst->np + dst->nn > 0)
	{
		/* sorted partial states: linear merges, the result stays sorted */
		if ((src->np && merge_class(dst, true, src->pk, src->pb, src->np, st) != MLC_OK) ||
			(src->nn && merge_class(dst, false, src->nk, src->nb, src->nn, st) != MLC_OK))
			return st->code;
		return MLC_OK;
	}
	/* appended: sorted only if dst was empty and src is sorted */
	if (src->np + src->nn > 0)
		dst->sorted = dst->np + dst->nn == 0 && src->sorted;
	if (src->np)
	{
		if (grow(dst, true, dst->np + src->np, st) != MLC_OK)
			return st->code;
		memcpy(dst->pk + dst->np, src->pk, src->np * sizeof(uint64_t));
		if (dst->paired)
			memcpy(dst->pb + dst->np, src->pb, src->np * sizeof(double));
		dst->np += src->np;
	}
	if (src->nn)
	{
		if (grow(dst, false, dst->nn + src->nn, st) != MLC_OK)
			return st->code;
		memcpy(dst->nk + dst->nn, src->nk, src->nn * sizeof(uint64_t));
		if (dst->paired)
			memcpy(dst->nb + dst->nn, src->nb, src->nn * sizeof(double));
		dst->nn += src->nn;
	}
	return MLC_OK;
}

mlc_code
mlc_delong_sort(mlc_delong *d, mlc_status *st)
{
	if (d->sorted)
		return MLC_OK;
	if (mlc_sort_keys(d->pk, d->paired ? d->pb : NULL, d->np, st) != MLC_OK ||
		mlc_sort_keys(d->nk, d->paired ? d->nb : NULL, d->nn, st) != MLC_OK)
		return st->code;
	d->sorted = true;
	return MLC_OK;
}

/* ---------------------------------------------------------------- codec */

/* one class's rows, big-endian, into room reserved by the caller */
static unsigned char *
write_rows(unsigned char *p, const uint64_t *k, const double *b, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		mlc_store_be64(p, k[i]);
		p += 8;
		if (b)
		{
			mlc_store_be64(p, mlc_f64_bits(b[i]));
			p += 8;
		}
		if ((i & (TICK_EVERY - 1)) == TICK_EVERY - 1)
			mlc_check_interrupts();
	}
	return p;
}

mlc_code
mlc_delong_write(const mlc_delong *d, mlc_buf *out, mlc_status *st)
{
	size_t		size = mlc_delong_serial_size(d);
	unsigned char *p;

	if (size > mlc_max_value_bytes || !mlc_buf_reserve(out, size))
		return too_large(st, d->np + d->nn);
	mlc_put_u8(out, MLC_DELONG_FORMAT_VERSION);
	mlc_put_u8(out, (d->paired ? 1 : 0) | (d->has_level ? 2 : 0) | (d->sorted ? 4 : 0));
	mlc_put_f64(out, d->level);
	mlc_put_u64(out, d->np);
	mlc_put_u64(out, d->nn);
	if (out->failed)
		return too_large(st, d->np + d->nn);
	p = (unsigned char *) out->data + out->len;
	p = write_rows(p, d->pk, d->paired ? d->pb : NULL, d->np);
	p = write_rows(p, d->nk, d->paired ? d->nb : NULL, d->nn);
	out->len = (char *) p - out->data;
	return MLC_OK;
}

static mlc_code
bad_binary(mlc_status *st, const char *why)
{
	return mlc_failf(st, MLC_ESYNTAX, NULL, "invalid binary DeLong state: %s", why);
}

/*
 * One class's n rows from p (big-endian key, and model B score when b):
 * keys and scores that are not NaN, -0 normalized to +0.  *sorted becomes
 * false when the keys are not ascending.  False on a NaN.
 */
static bool
read_rows(const unsigned char *p, uint64_t *k, double *b, size_t n, bool *sorted)
{
	const uint64_t key_inf = mlc_f64_key(INFINITY),
				key_ninf = mlc_f64_key(-INFINITY),
				key_nzero = mlc_f64_key(-0.0),
				key_zero = mlc_f64_key(0.0);
	bool		asc = true;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		uint64_t	key = mlc_load_be64(p);

		p += 8;
		if (key > key_inf || key < key_ninf)
			return false;
		k[i] = key == key_nzero ? key_zero : key;
		asc &= i == 0 || k[i] >= k[i - 1];
		if (b)
		{
			double		v = mlc_bits_f64(mlc_load_be64(p));

			p += 8;
			if (isnan(v))
				return false;
			b[i] = v == 0 ? 0 : v;
		}
		if ((i & (TICK_EVERY - 1)) == TICK_EVERY - 1)
			mlc_check_interrupts();
	}
	if (!asc)
		*sorted = false;
	return true;
}

mlc_delong *
mlc_delong_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	uint8_t		version,
				flags;
	double		level;
	uint64_t	np,
				nn;
	mlc_delong *d = NULL;
	size_t		rb,
				rows;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	flags = mlc_get_u8(&r);
	level = mlc_get_f64(&r);
	np = mlc_get_u64(&r);
	nn = mlc_get_u64(&r);
	if (r.failed)
	{
		bad_binary(st, "truncated header");
		return NULL;
	}
	if (version != MLC_DELONG_FORMAT_VERSION)
	{
		mlc_failf(st, MLC_ESYNTAX, NULL, "invalid binary DeLong state: unknown format version %u", version);
		return NULL;
	}
	if (flags & ~7u)
	{
		bad_binary(st, "unknown flags");
		return NULL;
	}
	if (!(level > 0 && level < 1))
	{
		bad_binary(st, "confidence level outside (0, 1)");
		return NULL;
	}
	rb = (flags & 1) ? 16 : 8;
	/* the counts must match the bytes that follow exactly */
	if (np > mlc_reader_remaining(&r) / rb || nn > mlc_reader_remaining(&r) / rb ||
		(np + nn) != mlc_reader_remaining(&r) / rb || mlc_reader_remaining(&r) % rb != 0)
	{
		bad_binary(st, "row counts do not match the data");
		return NULL;
	}
	d = mlc_delong_new(flags & 1);
	if (d == NULL)
	{
		mlc_fail(st, MLC_ENOMEM, "out of memory reading a DeLong state", NULL, NULL);
		return NULL;
	}
	d->has_level = (flags & 2) != 0;
	d->level = level;
	rows = (size_t) (np + nn);
	if (rows > limit_rows(d))
	{
		too_large(st, rows);
		mlc_delong_free(d);
		return NULL;
	}
	if ((np && grow(d, true, np, st) != MLC_OK) || (nn && grow(d, false, nn, st) != MLC_OK))
	{
		mlc_delong_free(d);
		return NULL;
	}
	if (!read_rows(mlc_get_bytes(&r, np * rb), d->pk, d->paired ? d->pb : NULL, np, &d->sorted) ||
		!read_rows(mlc_get_bytes(&r, nn * rb), d->nk, d->paired ? d->nb : NULL, nn, &d->sorted))
		goto nan;
	d->np = np;
	d->nn = nn;
	/* a state that says it is sorted must be (the merge and the final rely on it) */
	if ((flags & 4) && !d->sorted)
	{
		bad_binary(st, "rows not in the order the format states");
		mlc_delong_free(d);
		return NULL;
	}
	if (mlc_reader_finish(&r, st, "DeLong state") != MLC_OK)
	{
		mlc_delong_free(d);
		return NULL;
	}
	return d;
nan:
	bad_binary(st, "NaN score");
	mlc_delong_free(d);
	return NULL;
}

/* ------------------------------------------------------------ computing */

/*
 * P[0..m), N[0..n) sorted ascending.  tp[i] = 2·#{N < P[i]} + #{N = P[i]},
 * tn[j] = 2·#{P > N[j]} + #{P = N[j]} (integers, exact in a double).
 */
static void
components(const uint64_t *P, size_t m, const uint64_t *N, size_t n,
		   double *tp, double *tn)
{
	size_t		i = 0,
				j = 0,
				tick = 0;

	while (i < m || j < n)
	{
		uint64_t	v;
		size_t		cp = 0,
					cn = 0,
					k;

		if (j >= n || (i < m && P[i] <= N[j]))
			v = P[i];
		else
			v = N[j];
		while (i + cp < m && P[i + cp] == v)
			cp++;
		while (j + cn < n && N[j + cn] == v)
			cn++;
		for (k = 0; k < cp; k++)
			tp[i + k] = (double) (2 * j + cn);
		for (k = 0; k < cn; k++)
			tn[j + k] = (double) (2 * (m - i - cp) + cp);
		i += cp;
		j += cn;
		tick += cp + cn;
		if (tick >= TICK_EVERY)
		{
			tick = 0;
			mlc_check_interrupts();
		}
	}
}

/* m·Σx² − (Σx)² and Σx over integer-valued doubles x[0..m) (exact) */
typedef struct isums
{
	i128		sum;
	i128		centered;		/* m·Σx² − (Σx)², >= 0 */
} isums;

static isums
int_sums(const double *x, size_t m)
{
	i128		s = 0,
				s2 = 0;
	isums		r;
	size_t		i;

	for (i = 0; i < m; i++)
	{
		int64_t		v = (int64_t) x[i];

		s += v;
		s2 += (i128) v * v;
		if ((i & (TICK_EVERY - 1)) == TICK_EVERY - 1)
			mlc_check_interrupts();
	}
	r.sum = s;
	r.centered = (i128) m * s2 - s * s;
	return r;
}

/*
 * Variance S10/m + S01/n from the centered sums of the (scaled) components:
 * S10 = cp / (m(m−1)·4n²), S01 = cn / (n(n−1)·4m²).  Needs m, n >= 2.
 */
static double
delong_variance(i128 cp, i128 cn, size_t m, size_t n)
{
	double		dm = (double) m,
				dn = (double) n;
	double		s10 = (double) cp / (dm * (dm - 1)) / (4 * dn * dn);
	double		s01 = (double) cn / (dn * (dn - 1)) / (4 * dm * dm);

	return s10 / dm + s01 / dn;
}

static mlc_code
no_memory(mlc_status *st)
{
	return mlc_fail(st, MLC_ENOMEM, "out of memory computing DeLong's variance", NULL, NULL);
}

mlc_code
mlc_delong_ci(mlc_delong *d, mlc_delong_ci_result *r, mlc_status *st)
{
	size_t		m = d->np,
				n = d->nn;
	double	   *tp,
			   *tn;
	isums		sp,
				sn;
	double		se,
				zq;

	memset(r, 0, sizeof(*r));
	if (m == 0 || n == 0)
		return MLC_OK;
	if (mlc_delong_sort(d, st) != MLC_OK)
		return st->code;
	tp = mlc_alloc(m * sizeof(double));
	tn = mlc_alloc(n * sizeof(double));
	if (tp == NULL || tn == NULL)
	{
		mlc_free(tp);
		mlc_free(tn);
		return no_memory(st);
	}
	components(d->pk, m, d->nk, n, tp, tn);
	sp = int_sums(tp, m);
	sn = int_sums(tn, n);
	mlc_free(tp);
	mlc_free(tn);
	r->defined = true;
	r->auc = (double) sp.sum / (2.0 * (double) m * (double) n);
	if (m < 2 || n < 2)
		return MLC_OK;
	r->ci_defined = true;
	r->variance = delong_variance(sp.centered, sn.centered, m, n);
	se = sqrt(r->variance);
	zq = mlc_normal_quantile((1 + d->level) / 2);
	r->lower = r->auc - zq * se;
	r->upper = r->auc + zq * se;
	if (r->lower < 0)
		r->lower = 0;
	if (r->upper > 1)
		r->upper = 1;
	return MLC_OK;
}

/*
 * One class of the paired test.  K (model A keys) with payload B (model B
 * scores) is sorted already; ta = model A components of these rows (same
 * order).  Sorts the rows by model B carrying ta along into kb/ta, and
 * returns the model B key array (caller frees).
 */
static uint64_t *
keys_of_b(const double *b, size_t k, double *ta, mlc_status *st)
{
	uint64_t   *kb = mlc_alloc((k ? k : 1) * sizeof(uint64_t));
	size_t		i;

	if (kb == NULL)
	{
		no_memory(st);
		return NULL;
	}
	for (i = 0; i < k; i++)
		kb[i] = mlc_f64_key(b[i]);
	if (mlc_sort_keys(kb, ta, k, st) != MLC_OK)
	{
		mlc_free(kb);
		return NULL;
	}
	return kb;
}

mlc_code
mlc_delong_test(mlc_delong *d, mlc_delong_test_result *r, mlc_status *st)
{
	size_t		m = d->np,
				n = d->nn,
				i;
	double	   *tpa = NULL,
			   *tna = NULL,
			   *tpb = NULL,
			   *tnb = NULL;
	uint64_t   *kpb = NULL,
			   *knb = NULL;
	isums		spa,
				spb,
				spd,
				snd;
	i128		diff;
	mlc_code	rc = MLC_OK;

	memset(r, 0, sizeof(*r));
	if (!d->paired)
		return mlc_fail(st, MLC_EBADARG, "DeLong test needs a paired state", NULL, NULL);
	if (m == 0 || n == 0)
		return MLC_OK;
	if (mlc_delong_sort(d, st) != MLC_OK)
		return st->code;
	tpa = mlc_alloc(m * sizeof(double));
	tna = mlc_alloc(n * sizeof(double));
	tpb = mlc_alloc(m * sizeof(double));
	tnb = mlc_alloc(n * sizeof(double));
	if (!tpa || !tna || !tpb || !tnb)
	{
		rc = no_memory(st);
		goto done;
	}
	/* model A components, in model A order */
	components(d->pk, m, d->nk, n, tpa, tna);
	spa = int_sums(tpa, m);
	/* re-sort each class by model B, the A components riding along */
	if ((kpb = keys_of_b(d->pb, m, tpa, st)) == NULL ||
		(knb = keys_of_b(d->nb, n, tna, st)) == NULL)
	{
		rc = st->code;
		goto done;
	}
	components(kpb, m, knb, n, tpb, tnb);
	spb = int_sums(tpb, m);
	/* per-row differences of the components: D = T_A − T_B */
	for (i = 0; i < m; i++)
		tpb[i] = tpa[i] - tpb[i];
	for (i = 0; i < n; i++)
		tnb[i] = tna[i] - tnb[i];
	spd = int_sums(tpb, m);
	snd = int_sums(tnb, n);

	r->defined = true;
	r->auc_a = (double) spa.sum / (2.0 * (double) m * (double) n);
	r->auc_b = (double) spb.sum / (2.0 * (double) m * (double) n);
	diff = spa.sum - spb.sum;
	r->difference = (double) diff / (2.0 * (double) m * (double) n);
	if (m >= 2 && n >= 2)
	{
		r->variance = delong_variance(spd.centered, snd.centered, m, n);
		if (spd.centered != 0 || snd.centered != 0)
		{
			r->z_defined = true;
			r->z = r->difference / sqrt(r->variance);
			r->p_value = erfc(fabs(r->z) * 0.70710678118654752440);
		}
	}
done:
	mlc_free(tpa);
	mlc_free(tna);
	mlc_free(tpb);
	mlc_free(tnb);
	mlc_free(kpb);
	mlc_free(knb);
	return rc;
}
