/*
 * mlc_expected_auc.c — the state of expected_roc_auc: distinct mode (a
 * hash table of probability → total weight), unit mode (every row's key,
 * rows of weight 1) and array mode (the exact AUC state), their merges,
 * the AUC and the codec (see mlc_expected_auc.h).
 */
#include "mlc_expected_auc.h"

#include <math.h>
#include <string.h>

#include "mlc_scores.h"
#include "mlc_sort.h"
#include "mlc_types.h"

#define HEADER_BYTES 18			/* version, flags, n_rows, k */
#define ENTRY_BYTES 16			/* key, weight */
#define MIN_CAP 64
#define KEY_ZERO UINT64_C(0x8000000000000000)	/* mlc_f64_key(0.0) */
#define KEY_ONE UINT64_C(0xBFF0000000000000)	/* mlc_f64_key(1.0) */

static const char *const too_large_hint =
"Raise mlcheck.max_value_kb, or round the probabilities (fewer distinct values).";

static mlc_code
no_memory(mlc_status *st)
{
	return mlc_fail(st, MLC_ENOMEM, "out of memory growing the expected AUC state", NULL, NULL);
}

mlc_eauc *
mlc_eauc_new(void)
{
	mlc_eauc   *e = mlc_alloc0(sizeof(mlc_eauc));

	if (e != NULL)
		e->unit = true;
	return e;
}

void
mlc_eauc_free(mlc_eauc *e)
{
	if (e == NULL)
		return;
	mlc_free(e->tab);
	mlc_auc_free(e->units);
	mlc_auc_free(e->rows);
	mlc_free(e);
}

static inline bool
distinct_mode(const mlc_eauc *e)
{
	return e->rows == NULL && e->units == NULL;
}

/* rows a unit-mode state may hold: its codec (a version byte before the
 * exact AUC state's) within the size limit */
static size_t
units_max(void)
{
	size_t		max = mlc_state_max_bytes();

	return max > HEADER_BYTES + 1 ? (max - HEADER_BYTES - 1) / 8 : 0;
}

static mlc_code
units_too_large(mlc_status *st, size_t n)
{
	return mlc_failf(st, MLC_ELIMIT, too_large_hint,
					 "expected AUC state of %zu rows exceeds mlcheck.max_value_kb (%zu kB)",
					 n, mlc_max_value_bytes / 1024);
}

static inline size_t
slot_of(uint64_t key, size_t cap)
{
	/* Fibonacci hashing: the high bits of the product mix every key bit */
	return (size_t) ((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

/* the slot holding key, or the empty slot where it goes */
static inline mlc_eauc_entry *
find_slot(mlc_eauc_entry *tab, size_t cap, uint64_t key)
{
	size_t		i = slot_of(key, cap);

	while (tab[i].key != 0 && tab[i].key != key)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static mlc_code
rehash(mlc_eauc *e, size_t ncap, mlc_status *st)
{
	mlc_eauc_entry *nt;
	size_t		i;

	if (ncap > MLC_MAX_ALLOC / sizeof(mlc_eauc_entry))
		return no_memory(st);
	nt = mlc_alloc0(ncap * sizeof(mlc_eauc_entry));
	if (nt == NULL)
		return no_memory(st);
	for (i = 0; i < e->cap; i++)
		if (e->tab[i].key != 0)
			*find_slot(nt, ncap, e->tab[i].key) = e->tab[i];
	mlc_free(e->tab);
	e->tab = nt;
	e->cap = ncap;
	return MLC_OK;
}

static inline void
neumaier_add(double *s, double *c, double x)
{
	double		t = *s + x;

	if (fabs(*s) >= fabs(x))
		*c += (*s - t) + x;
	else
		*c += (x - t) + *s;
	*s = t;
}

static inline double
prob_of(uint64_t key)
{
	return mlc_key_f64(key);
}

/* a row in array mode: p·w positive, (1 − p)·w negative */
static mlc_code
rows_add(mlc_auc *a, double p, double w, mlc_status *st)
{
	if (mlc_auc_add(a, p, true, p * w, st) != MLC_OK)
		return st->code;
	return mlc_auc_add(a, p, false, (1 - p) * w, st);
}

/* the rows of a distinct value of total weight w: w rows of weight 1 when
 * w is a row count (unit), else one row of weight w */
static mlc_code
entry_rows(mlc_auc *a, double p, double w, bool unit, mlc_status *st)
{
	double		i;

	if (!unit)
		return rows_add(a, p, w, st);
	for (i = 0; i < w; i++)
		if (rows_add(a, p, 1, st) != MLC_OK)
			return st->code;
	return MLC_OK;
}

static mlc_code units_append(mlc_auc *a, uint64_t key, uint64_t n, mlc_status *st);

/*
 * Every entry of e's table into a, as rows (entry_rows) or as unit keys,
 * then the table emptied; a is freed on failure.  The table's order (hash
 * order) does not matter: the AUC sorts.
 */
static mlc_code
entries_move(mlc_eauc *e, mlc_auc *a, bool as_units, mlc_status *st)
{
	size_t		i,
				tick = 0;

	for (i = 0; i < e->cap; i++)
	{
		mlc_code	rc;

		if (e->tab[i].key == 0)
			continue;
		rc = as_units ? units_append(a, e->tab[i].key, (uint64_t) e->tab[i].w, st)
			: entry_rows(a, prob_of(e->tab[i].key), e->tab[i].w + e->tab[i].c, e->unit, st);
		if (rc != MLC_OK)
		{
			mlc_auc_free(a);
			return st->code;
		}
		if (++tick == 65536)
		{
			tick = 0;
			mlc_check_interrupts();
		}
	}
	mlc_free(e->tab);
	e->tab = NULL;
	e->cap = e->k = 0;
	e->n = 0;
	return MLC_OK;
}

mlc_code
mlc_eauc_to_rows(mlc_eauc *e, mlc_status *st)
{
	mlc_auc    *a;
	size_t		i;

	if (e->rows != NULL)
		return MLC_OK;
	a = mlc_auc_new(true);
	if (a == NULL)
		return no_memory(st);
	if (e->units != NULL)
	{
		/* every unit row: weight p positive, 1 − p negative */
		for (i = 0; i < e->units->np; i++)
		{
			if (rows_add(a, mlc_key_f64(e->units->pk[i]), 1, st) != MLC_OK)
			{
				mlc_auc_free(a);
				return st->code;
			}
			if ((i & 0xffff) == 0xffff)
				mlc_check_interrupts();
		}
		mlc_auc_free(e->units);
		e->units = NULL;
		e->unit = false;
		e->rows = a;
		return MLC_OK;
	}
	if (entries_move(e, a, false, st) != MLC_OK)
		return st->code;
	e->rows = a;
	return MLC_OK;
}

static mlc_code
distinct_too_large(mlc_status *st, size_t k)
{
	return mlc_failf(st, MLC_ELIMIT, too_large_hint,
					 "expected AUC state of %zu distinct probabilities exceeds mlcheck.max_value_kb (%zu kB)",
					 k, mlc_max_value_bytes / 1024);
}

/* n more unit keys of one probability appended to a unit-mode state */
static mlc_code
units_append(mlc_auc *a, uint64_t key, uint64_t n, mlc_status *st)
{
	uint64_t	i;

	if (a->np > units_max() || n > units_max() - a->np)
		return units_too_large(st, a->np + n);
	if (mlc_auc_grow(a, true, a->np + n, st) != MLC_OK)
		return st->code;
	for (i = 0; i < n; i++)
		a->pk[a->np++] = key;
	if (n > 0)
	{
		a->pruns = 0;
		a->sorted = false;
	}
	return MLC_OK;
}

mlc_code
mlc_eauc_to_units(mlc_eauc *e, mlc_status *st)
{
	mlc_auc    *a;

	if (e->units != NULL)
		return MLC_OK;
	if (e->rows != NULL || !e->unit)
		return mlc_fail(st, MLC_EBADARG, "expected AUC state of weighted rows cannot hold unit rows",
						NULL, NULL);
	if (e->n > units_max())
		return units_too_large(st, e->n);
	a = mlc_auc_new(false);
	if (a == NULL)
		return no_memory(st);
	if (e->n > 0 && mlc_auc_grow(a, true, e->n, st) != MLC_OK)
	{
		mlc_auc_free(a);
		return st->code;
	}
	if (entries_move(e, a, true, st) != MLC_OK)
		return st->code;
	e->units = a;
	return MLC_OK;
}

/*
 * A unit-mode state back to distinct mode (its array would outgrow the
 * size limit; the entries of its distinct values take less room, or
 * MLC_ELIMIT).
 */
static mlc_code
units_to_distinct(mlc_eauc *e, mlc_status *st)
{
	mlc_auc    *a = e->units;
	size_t		i,
				j,
				k = 0,
				cap = MIN_CAP;
	mlc_eauc	t;

	if (mlc_auc_sort(a, st) != MLC_OK)
		return st->code;
	for (i = 0; i < a->np; i++)
		k += i == 0 || a->pk[i] != a->pk[i - 1];
	if (mlc_state_max_bytes() < HEADER_BYTES ||
		k > (mlc_state_max_bytes() - HEADER_BYTES) / ENTRY_BYTES)
		return distinct_too_large(st, k);
	memset(&t, 0, sizeof(t));
	while (cap < 2 * k)
		cap *= 2;
	if (rehash(&t, cap, st) != MLC_OK)
		return st->code;
	for (i = 0; i < a->np; i = j)
	{
		mlc_eauc_entry *slot;

		for (j = i + 1; j < a->np && a->pk[j] == a->pk[i]; j++)
			;
		slot = find_slot(t.tab, t.cap, a->pk[i]);
		slot->key = a->pk[i];
		slot->w = (double) (j - i);
		slot->c = 0;
		if ((i & 0xffff) == 0xffff)
			mlc_check_interrupts();
	}
	e->tab = t.tab;
	e->cap = t.cap;
	e->k = k;
	e->n = a->np;
	e->units = NULL;
	mlc_auc_free(a);
	return MLC_OK;
}

/* out of distinct mode: unit mode for row counts, else array mode */
static mlc_code
leave_distinct(mlc_eauc *e, mlc_status *st)
{
	return e->unit ? mlc_eauc_to_units(e, st) : mlc_eauc_to_rows(e, st);
}

/* an entry of another state (total weight w, a row count when unit) into
 * a state in unit or array mode */
static mlc_code
entry_out(mlc_eauc *dst, uint64_t key, double w, bool unit, mlc_status *st)
{
	if (dst->units != NULL)
		return units_append(dst->units, key, (uint64_t) w, st);
	return entry_rows(dst->rows, prob_of(key), w, unit, st);
}

/*
 * Room for one more distinct value; *switch_mode set when the state must
 * switch to array mode instead (many distinct values for the rows it
 * holds); MLC_ELIMIT past the size limit.
 */
static mlc_code
room_for_one(mlc_eauc *e, uint64_t rows, bool *switch_mode, mlc_status *st)
{
	size_t		need = e->k + 1;

	*switch_mode = false;
	/* row counts (unit) switch to unit mode when mostly distinct (the
	 * array then takes no more room than the entries); weighted sums to
	 * array mode past many more */
	if (e->unit
		? need > MLC_EAUC_UNIT_MIN && need > rows / MLC_EAUC_UNIT_ROWS_PER_VALUE &&
		rows <= units_max()
		: need > MLC_EAUC_DISTINCT_MAX && need > rows / MLC_EAUC_ROWS_PER_VALUE)
	{
		*switch_mode = true;
		return MLC_OK;
	}
	if (mlc_state_max_bytes() < HEADER_BYTES ||
		need > (mlc_state_max_bytes() - HEADER_BYTES) / ENTRY_BYTES)
		return distinct_too_large(st, need);
	/* at most half full */
	if (need * 2 > e->cap)
		return rehash(e, e->cap ? e->cap * 2 : MIN_CAP, st);
	return MLC_OK;
}

/*
 * Add total weight w (> 0, finite) of probability key: false in *added
 * when the state must switch to array mode first (the sum would overflow,
 * or there is no room for a new value).
 */
static inline mlc_code
distinct_add(mlc_eauc *e, uint64_t key, double w, double c, uint64_t rows, bool *added,
			 mlc_status *st)
{
	mlc_eauc_entry *slot;
	bool		sw;

	*added = false;
	if (e->cap > 0)
	{
		slot = find_slot(e->tab, e->cap, key);
		if (slot->key == key)
		{
			double		s = slot->w,
						cc = slot->c;

			neumaier_add(&s, &cc, w);
			cc += c;
			if (!isfinite(s) || !isfinite(cc))
				return MLC_OK;
			slot->w = s;
			slot->c = cc;
			*added = true;
			return MLC_OK;
		}
	}
	if (room_for_one(e, rows, &sw, st) != MLC_OK)
		return st->code;
	if (sw)
		return MLC_OK;
	slot = find_slot(e->tab, e->cap, key);
	slot->key = key;
	slot->w = w;
	slot->c = c;
	e->k++;
	*added = true;
	return MLC_OK;
}

mlc_code
mlc_eauc_add(mlc_eauc *e, double p, double w, mlc_status *st)
{
	bool		added;

	if (!(w > 0))
		return MLC_OK;			/* weight-0 rows change no rank metric */
	if (p == 0)
		p = 0;					/* -0 and +0 are the same probability */
	if (e->units != NULL)
	{
		if (w == 1)
		{
			if (mlc_auc_add_quick(e->units, p, true))
				return MLC_OK;
			if (e->units->np < units_max())
				return units_append(e->units, mlc_f64_key(p), 1, st);
			/* the array is full: its distinct values as entries */
			if (units_to_distinct(e, st) != MLC_OK)
				return st->code;
		}
		else if (mlc_eauc_to_rows(e, st) != MLC_OK)
			return st->code;
	}
	if (w != 1)
		e->unit = false;
	if (e->unit && e->cap > 0)
	{
		/* a row count: one more, exact (no compensation needed) */
		uint64_t	key = mlc_f64_key(p);
		mlc_eauc_entry *slot = find_slot(e->tab, e->cap, key);

		if (slot->key == key && slot->w < 9007199254740992.0)
		{
			slot->w += 1;
			e->n++;
			return MLC_OK;
		}
	}
	if (e->rows == NULL)
	{
		if (distinct_add(e, mlc_f64_key(p), w, 0, e->n + 1, &added, st) != MLC_OK)
			return st->code;
		if (added)
		{
			e->n++;
			return MLC_OK;
		}
		if (leave_distinct(e, st) != MLC_OK)
			return st->code;
		if (e->units != NULL)
			return units_append(e->units, mlc_f64_key(p), 1, st);
	}
	return rows_add(e->rows, p, w, st);
}

mlc_code
mlc_eauc_merge(mlc_eauc *dst, mlc_eauc *src, mlc_status *st)
{
	size_t		i,
				tick = 0;

	if (dst->unit && src->unit && dst->rows == NULL && src->rows == NULL &&
		(dst->units != NULL || src->units != NULL))
	{
		/* row counts, one side in unit mode: unit mode if it fits */
		uint64_t	nd = dst->units ? dst->units->np : dst->n,
					ns = src->units ? src->units->np : src->n;

		if (nd <= units_max() && ns <= units_max() - nd)
		{
			if (mlc_eauc_to_units(dst, st) != MLC_OK || mlc_eauc_to_units(src, st) != MLC_OK)
				return st->code;
			return mlc_auc_merge(dst->units, src->units, st);
		}
		/* too many rows for an array: entries of distinct values */
		if ((dst->units && units_to_distinct(dst, st) != MLC_OK) ||
			(src->units && units_to_distinct(src, st) != MLC_OK))
			return st->code;
	}
	/* a weighted result: no side stays in unit mode */
	if ((src->units != NULL && mlc_eauc_to_rows(src, st) != MLC_OK) ||
		(dst->units != NULL && mlc_eauc_to_rows(dst, st) != MLC_OK))
		return st->code;
	if (src->rows != NULL)
	{
		if (mlc_eauc_to_rows(dst, st) != MLC_OK)
			return st->code;
		return mlc_auc_merge(dst->rows, src->rows, st);
	}
	if (distinct_mode(dst))
		dst->unit = dst->unit && src->unit;
	for (i = 0; i < src->cap; i++)
	{
		const mlc_eauc_entry *s = &src->tab[i];
		bool		added = false;

		if (s->key == 0)
			continue;
		if (distinct_mode(dst))
		{
			if (distinct_add(dst, s->key, s->w, s->c, dst->n + src->n, &added, st) != MLC_OK)
				return st->code;
			if (!added && leave_distinct(dst, st) != MLC_OK)
				return st->code;
		}
		if (!added && entry_out(dst, s->key, s->w + s->c, src->unit, st) != MLC_OK)
			return st->code;
		if (++tick == 65536)
		{
			tick = 0;
			mlc_check_interrupts();
		}
	}
	if (distinct_mode(dst))
		dst->n += src->n;
	return MLC_OK;
}

/* the occupied entries' keys ascending, with their total weights */
static mlc_code
sorted_entries(const mlc_eauc *e, uint64_t **keys, double **ws, mlc_status *st)
{
	size_t		i,
				j = 0;

	*keys = mlc_alloc((e->k ? e->k : 1) * sizeof(uint64_t));
	*ws = mlc_alloc((e->k ? e->k : 1) * sizeof(double));
	if (*keys == NULL || *ws == NULL)
	{
		mlc_free(*keys);
		mlc_free(*ws);
		*keys = NULL;
		*ws = NULL;
		return no_memory(st);
	}
	for (i = 0; i < e->cap; i++)
		if (e->tab[i].key != 0)
		{
			(*keys)[j] = e->tab[i].key;
			(*ws)[j] = e->tab[i].w + e->tab[i].c;
			j++;
		}
	if (mlc_sort_keys(*keys, *ws, e->k, st) != MLC_OK)
	{
		mlc_free(*keys);
		mlc_free(*ws);
		*keys = NULL;
		*ws = NULL;
		return st->code;
	}
	return MLC_OK;
}

/*
 * The tie groups of a state of row counts or weighted sums, ascending:
 * the sorted entries (keys, ws: k of them), or the sorted keys of a
 * unit-mode state (rowk: n of them), each group of equal keys weighing its
 * row count.  Both give the same (key, weight) sequence for the same rows.
 */
typedef struct groups
{
	const uint64_t *keys;
	const double *ws;
	size_t		k;
	const uint64_t *rowk;
	size_t		n;
	size_t		at;
} groups;

static inline bool
next_group(groups *g, uint64_t *key, double *w)
{
	if (g->rowk != NULL)
	{
		size_t		i = g->at,
					j;

		if (i >= g->n)
			return false;
		for (j = i + 1; j < g->n && g->rowk[j] == g->rowk[i]; j++)
			;
		*key = g->rowk[i];
		*w = (double) (j - i);
		g->at = j;
		return true;
	}
	if (g->at >= g->k)
		return false;
	*key = g->keys[g->at];
	*w = g->ws[g->at];
	g->at++;
	return true;
}

/*
 * The walk over the tie groups: each a positive of weight p·w and a
 * negative of weight (1 − p)·w, ties counting half.
 */
static void
walk_groups(groups *g, double *roc, bool *defined)
{
	uint64_t	key;
	double		w,
				mp = 0,
				mn = 0,
				sp,
				sn,
				wp = 0,
				wn,
				num = 0,
				below = 0;
	size_t		k = 0;

	/*
	 * Each class's weights scaled by a power of two (exact), so that the
	 * sums and products neither overflow nor underflow: the AUC does not
	 * change when a class's weights are all scaled alike.
	 */
	g->at = 0;
	while (next_group(g, &key, &w))
	{
		double		p = prob_of(key);

		mp = fmax(mp, p * w);
		mn = fmax(mn, (1 - p) * w);
		if ((++k & 0xffff) == 0)
			mlc_check_interrupts();
	}
	sp = mlc_pow2_scale(mp, (double) k);
	sn = mlc_pow2_scale(mn, (double) k);
	/* ascending: the negative weight below a value accumulates from 0;
	 * the negatives tied with a value count half */
	g->at = 0;
	k = 0;
	while (next_group(g, &key, &w))
	{
		double		p = prob_of(key),
					gp = p * w * sp,
					gn = (1 - p) * w * sn;

		num += gp * (below + 0.5 * gn);
		below += gn;
		wp += gp;
		if ((++k & 0xffff) == 0)
			mlc_check_interrupts();
	}
	wn = below;
	if (!(wp > 0) || !(wn > 0))
		return;
	*roc = num / (wp * wn);
	*defined = true;
}

mlc_code
mlc_eauc_roc(mlc_eauc *e, double *roc, bool *defined, mlc_status *st)
{
	groups		g;
	uint64_t   *keys;
	double	   *ws;

	*defined = false;
	memset(&g, 0, sizeof(g));
	if (e->rows != NULL)
	{
		double		ap;
		bool		ap_def;

		return mlc_auc_compute(e->rows, roc, defined, &ap, &ap_def, st);
	}
	if (e->units != NULL)
	{
		/* sorted runs (a parallel plan's parts) are merged, others sorted */
		if (mlc_auc_sort(e->units, st) != MLC_OK)
			return st->code;
		g.rowk = e->units->pk;
		g.n = e->units->np;
		walk_groups(&g, roc, defined);
		return MLC_OK;
	}
	if (e->k == 0)
		return MLC_OK;
	if (sorted_entries(e, &keys, &ws, st) != MLC_OK)
		return st->code;
	g.keys = keys;
	g.ws = ws;
	g.k = e->k;
	walk_groups(&g, roc, defined);
	mlc_free(keys);
	mlc_free(ws);
	return MLC_OK;
}

/* ---------------------------------------------------------------- codec */

static bool
prob_key(uint64_t key)
{
	return key >= KEY_ZERO && key <= KEY_ONE;
}

mlc_code
mlc_eauc_write(mlc_eauc *e, mlc_buf *out, mlc_status *st)
{
	uint64_t   *keys;
	double	   *ws;
	size_t		i;

	if (e->rows != NULL)
	{
		/* sorted first, as the exact AUC state is: a partial state then
		 * arrives as one ascending run per class */
		if (mlc_auc_sort(e->rows, st) != MLC_OK)
			return st->code;
		return mlc_auc_write(e->rows, out, st);
	}
	if (e->units != NULL)
	{
		/* sorted (one ascending run), its distinct keys gap-coded */
		if (mlc_auc_sort(e->units, st) != MLC_OK)
			return st->code;
		mlc_put_u8(out, MLC_EAUC_UNIT_VERSION);
		return mlc_auc_write(e->units, out, st);
	}
	if (HEADER_BYTES + (double) e->k * ENTRY_BYTES > (double) mlc_max_value_bytes)
		return distinct_too_large(st, e->k);
	if (sorted_entries(e, &keys, &ws, st) != MLC_OK)
		return st->code;
	mlc_put_u8(out, MLC_EAUC_DISTINCT_VERSION);
	mlc_put_u8(out, e->unit ? 1 : 0);
	mlc_put_u64(out, e->n);
	mlc_put_u64(out, (uint64_t) e->k);
	for (i = 0; i < e->k; i++)
	{
		mlc_put_u64(out, keys[i]);
		mlc_put_f64(out, ws[i]);
	}
	mlc_free(keys);
	mlc_free(ws);
	if (out->failed)
		return distinct_too_large(st, e->k);
	return MLC_OK;
}

mlc_code
mlc_eauc_write_fast(mlc_eauc *e, mlc_buf *out, mlc_status *st)
{
	if (e->units == NULL)
		return mlc_eauc_write(e, out, st);
	/* sorted; mostly distinct keys as 8 bytes each (memory speed) */
	mlc_put_u8(out, MLC_EAUC_UNIT_VERSION);
	return mlc_auc_write_fast(e->units, out, st);
}

static mlc_eauc *
bad(mlc_eauc *e, mlc_status *st, const char *why)
{
	mlc_eauc_free(e);
	mlc_failf(st, MLC_ESYNTAX, NULL, "invalid binary expected AUC state: %s", why);
	return NULL;
}

/* whether every key of keys[0..n) is a probability */
static bool
prob_keys(const uint64_t *keys, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (!prob_key(keys[i]))
			return false;
	return true;
}

/*
 * An expected AUC state holding the exact AUC state read from data: its
 * rows (array mode, or what expected_roc_auc wrote before distinct mode:
 * weighted) or, when units, its unit rows (unit mode: unweighted,
 * positives only); every key a probability in [0, 1].
 */
static mlc_eauc *
read_exact(const void *data, size_t len, bool units, mlc_status *st)
{
	mlc_eauc   *e = mlc_eauc_new();
	mlc_auc    *a;

	if (e == NULL)
	{
		no_memory(st);
		return NULL;
	}
	a = mlc_auc_read(data, len, st);
	if (a == NULL)
	{
		mlc_eauc_free(e);
		return NULL;
	}
	if (units)
	{
		e->units = a;
		if (a->weighted)
			return bad(e, st, "weighted unit rows");
		if (a->nn != 0)
			return bad(e, st, "negative unit rows");
		if (a->np > units_max())
		{
			units_too_large(st, a->np);
			mlc_eauc_free(e);
			return NULL;
		}
	}
	else
	{
		e->rows = a;
		e->unit = false;
		if (!a->weighted)
			return bad(e, st, "unweighted rows");
	}
	if (!prob_keys(a->pk, a->np) || !prob_keys(a->nk, a->nn))
		return bad(e, st, "probability outside [0, 1]");
	return e;
}

mlc_eauc *
mlc_eauc_read(const void *data, size_t len, mlc_status *st)
{
	mlc_reader	r;
	uint8_t		version,
				flags;
	uint64_t	n,
				k,
				prev = 0,
				count = 0,
				i;
	mlc_eauc   *e;
	size_t		cap = MIN_CAP;

	mlc_reader_init(&r, data, len);
	version = mlc_get_u8(&r);
	if (r.failed)
		return bad(NULL, st, "truncated");
	if (version < MLC_EAUC_DISTINCT_VERSION)
		return read_exact(data, len, false, st);
	if (version == MLC_EAUC_UNIT_VERSION)
		return read_exact((const unsigned char *) data + 1, len - 1, true, st);
	if (version != MLC_EAUC_DISTINCT_VERSION)
		return bad(NULL, st, "unknown format version");
	flags = mlc_get_u8(&r);
	n = mlc_get_u64(&r);
	k = mlc_get_u64(&r);
	if (r.failed)
		return bad(NULL, st, "truncated");
	if (flags > 1)
		return bad(NULL, st, "unknown flags");
	if (k > mlc_reader_remaining(&r) / ENTRY_BYTES || mlc_reader_remaining(&r) != k * ENTRY_BYTES)
		return bad(NULL, st, k > mlc_reader_remaining(&r) / ENTRY_BYTES ? "truncated" : "trailing bytes");
	if (k > n)
		return bad(NULL, st, "more distinct probabilities than rows");
	e = mlc_eauc_new();
	if (e == NULL)
	{
		no_memory(st);
		return NULL;
	}
	while (cap < 2 * k)
		cap *= 2;
	if (k > 0 && rehash(e, cap, st) != MLC_OK)
	{
		mlc_eauc_free(e);
		return NULL;
	}
	for (i = 0; i < k; i++)
	{
		uint64_t	key = mlc_get_u64(&r);
		double		w = mlc_get_f64(&r);
		mlc_eauc_entry *slot;

		if (!prob_key(key))
			return bad(e, st, "probability outside [0, 1]");
		if (i > 0 && key <= prev)
			return bad(e, st, "probabilities not strictly ascending");
		if (!isfinite(w) || !(w > 0))
			return bad(e, st, "weight is not positive and finite");
		/* rows of weight 1: each entry's weight is its row count */
		if (flags && !(w <= 9007199254740992.0 && w == floor(w) && n - count >= (uint64_t) w))
			return bad(e, st, "row counts do not add up to the rows");
		if (flags)
			count += (uint64_t) w;
		slot = find_slot(e->tab, e->cap, key);
		slot->key = key;
		slot->w = w;
		slot->c = 0;
		prev = key;
	}
	if (flags && count != n)
		return bad(e, st, "row counts do not add up to the rows");
	e->k = (size_t) k;
	e->n = n;
	e->unit = flags != 0;
	return mlc_type_read_end(&mlc_eauc_type, e, &r, st);
}

/* --------------------------------------------------- operations table */

MLC_OPS_CODEC(eauc)
MLC_OPS_MERGE(eauc)

static mlc_code
eauc_write_fast(void *v, mlc_buf *out, mlc_status *st)
{
	return mlc_eauc_write_fast(v, out, st);
}

const mlc_type_ops mlc_eauc_type = MLC_STATE_OPS(eauc, "_expected_auc_state", "expected AUC state",
												 .write_fast = eauc_write_fast);
