"""Cross-check of mlcheck.drift_report and mlcheck.dataset_drift against SciPy.

Pairs of relations with numeric (float8, numeric), integer (many and few
distinct values), text and boolean columns, with NULLs, every profile exact
(at most 4096 values, on a binary grid above 1000 values so that the
compact exact form holds them; checked), so each statistic must equal SciPy's on the raw
values to 1e-9: ks_2samp, wasserstein_distance / max(np.std(ref), 0.001)
(Evidently's normalisation), jensenshannon (30 equal-width bins over both
samples for numeric columns, category frequencies otherwise), PSI (10 bins
at reference quantiles, shares of 0 smoothed to 1e-4), chi2_contingency
(correction=False) over categories or distinct values.  Kinds and the auto
rule are checked on constructed edges (10 vs 11 distinct integers, 1000 vs
1001 reference rows, 5 vs 6 distinct values); dataset_drift against the
counts; serial and forced-parallel plans give the same rows; the report
scans each relation once (table statistics, not only EXPLAIN).
Run: MLCHECK_PORT=5501 MLCHECK_DB=dev /usr/bin/python3 test/crosscheck/check_drift_report.py
"""
import math
import os
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, connect, copy_rows, rows, scalar, set_parallel, plan_has_parallel  # noqa: E402

PSI_EPS = 1e-4
ck = Checker("crosscheck/drift_report")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_dr CASCADE")
cur.execute("CREATE SCHEMA xc_dr")
rng = np.random.default_rng(16)

COLS = [("f", "float8"), ("nm", "numeric"), ("imany", "int"), ("ifew", "int"), ("ffew", "float8"),
        ("t", "text"), ("b", "boolean")]
CATEGORIES = ["a", "b", "c", "d", "Ünï", "x y"]


def make(n, shift):
    """Columns of one relation (None = NULL); shift > 0 moves every distribution."""
    f = rng.normal(shift, 1 + shift / 2, n)
    nm = np.round(rng.exponential(2 + shift, n), 3)
    if n > 1000:
        # on a binary grid, so that a profile of this many values keeps
        # its compact exact form (about 1000 arbitrary doubles fit 8 kB)
        f = np.round(f * 256) / 256
        nm = np.round(nm * 256) / 256
    imany = rng.integers(0, 200 + int(50 * shift), n)
    ifew = rng.integers(0, 6 + int(2 * shift), n)          # 6..10 distinct
    ffew = rng.choice([0.5, 1.5, 2.5, 3.5][: 3 + int(shift > 0)], n).astype(float)
    p = np.ones(len(CATEGORIES))
    p[0] += 3 * shift
    t = rng.choice(CATEGORIES, n, p=p / p.sum())
    b = rng.random(n) < 0.3 + 0.2 * shift
    data = {"f": list(f), "nm": list(nm), "imany": [int(v) for v in imany], "ifew": [int(v) for v in ifew],
            "ffew": list(ffew), "t": list(t), "b": [bool(v) for v in b]}
    for k in data:                      # a few NULLs in every column
        for i in rng.choice(n, max(1, n // 50), replace=False):
            data[k][i] = None
    return data


def load(name, data):
    cur.execute(f"CREATE TABLE xc_dr.{name} ({', '.join(f'{c} {t}' for c, t in COLS)})")
    n = len(data["f"])
    copy_rows(conn, f"xc_dr.{name}", [c for c, _ in COLS], [tuple(data[c][i] for c, _ in COLS) for i in range(n)])
    cur.execute(f"ANALYZE xc_dr.{name}")


def values(data, col):
    return [v for v in data[col] if v is not None]


def np_psi(ref, cur_, bins=10):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    ra = np.bincount(np.digitize(ref, edges), minlength=bins) / len(ref)
    ca = np.bincount(np.digitize(cur_, edges), minlength=bins) / len(cur_)
    ra = np.where(ra == 0, PSI_EPS, ra)
    ca = np.where(ca == 0, PSI_EPS, ca)
    return float(np.sum((ca - ra) * np.log(ca / ra)))


def np_js(ref, cur_, bins=30):
    edges = np.histogram_bin_edges(np.concatenate([ref, cur_]), bins=bins)
    return float(distance.jensenshannon(np.histogram(ref, edges)[0] / len(ref),
                                        np.histogram(cur_, edges)[0] / len(cur_)))


def counts(ref, cur_):
    keys = sorted(set(ref) | set(cur_), key=lambda k: str(k).encode())
    ra = np.array([sum(1 for v in ref if v == k) for k in keys], float)
    cb = np.array([sum(1 for v in cur_ if v == k) for k in keys], float)
    return ra, cb


def chi2(ra, cb):
    if len(ra) < 2:
        return 0.0, 1.0
    s, p, _, _ = stats.chi2_contingency(np.array([ra, cb]), correction=False)
    return float(s), float(p)


def expected(ref, curd, col, typ, method):
    """(kind, method, statistic, p_value, drifted, n_ref, n_cur) as SciPy computes them."""
    a, b = values(ref, col), values(curd, col)
    if typ == "int":
        kind = "categorical" if len(set(a) | set(b)) <= 10 and method not in ("ks", "wasserstein") else "numeric"
    else:
        kind = "categorical" if typ in ("text", "boolean") else "numeric"
    if kind == "categorical":
        a = [str(v).lower() if isinstance(v, bool) else str(v) for v in a]
        b = [str(v).lower() if isinstance(v, bool) else str(v) for v in b]
    else:
        a, b = np.array(a, float), np.array(b, float)
    meth = method
    if method == "auto":
        few = len(set(np.concatenate([a, b]).tolist())) <= 5 if kind == "numeric" else None
        if len(a) <= 1000:
            meth = "chi2" if kind == "categorical" or few else "ks"
        else:
            meth = "js" if kind == "categorical" or few else "wasserstein"
    p = None
    if meth == "ks":
        r = stats.ks_2samp(a, b, method="auto")
        s, p = float(r.statistic), float(r.pvalue)
    elif meth == "wasserstein":
        s = float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001))
    elif meth == "chi2":
        s, p = chi2(*counts(list(a), list(b)))
    elif meth == "js":
        if kind == "numeric":
            s = np_js(a, b)
        else:
            ra, cb = counts(a, b)
            s = float(distance.jensenshannon(ra / len(a), cb / len(b)))
    else:  # psi
        if kind == "numeric":
            s = np_psi(a, b)
        else:
            ra, cb = counts(a, b)
            pr = np.where(ra == 0, PSI_EPS, ra / len(a))
            pc = np.where(cb == 0, PSI_EPS, cb / len(b))
            s = float(np.sum((pc - pr) * np.log(pc / pr)))
    drifted = (p < 0.05) if p is not None else (s >= 0.1)
    return kind, meth, s, p, drifted, len(a), len(b)


def close(x, y):
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


Q = """SELECT column_name, kind, method, statistic, p_value, drifted, n_reference, n_current
         FROM mlcheck.drift_report(%s, %s, method => %s) ORDER BY column_name"""

# pairs: reference size, current size, shift; 1000 and 1001 reference rows
# sit on both sides of the auto rule's edge
pairs = [(300, 400, 0.0), (800, 500, 0.6), (1000, 900, 0.3), (1001, 900, 0.3), (2500, 3000, 0.0), (3000, 2000, 1.0)]
data = {}
for i, (nr, nc, shift) in enumerate(pairs):
    data[i] = (make(nr, 0.0), make(nc, shift))
    load(f"r{i}", data[i][0])
    load(f"c{i}", data[i][1])

TYPES = dict(COLS)
not_exact = [(t, c) for i in data for t in (f"xc_dr.r{i}", f"xc_dr.c{i}") for c in ("f", "nm", "imany", "ifew", "ffew")
             if not scalar(conn, f"SELECT mlcheck.is_exact(mlcheck.profile({c}::float8)) FROM {t}")]
ck.check("every_numeric_profile_exact", not not_exact, str(not_exact[:5]))
results = {}
for parallel in (False, True):
    set_parallel(conn, parallel)
    if parallel:
        sql = scalar(conn, "SELECT mlcheck._drift_report_sql('xc_dr.r5', 'xc_dr.c5')")
        ck.check("forced_parallel_plan", plan_has_parallel(conn, sql))
    for method in ("auto", "ks", "wasserstein", "psi", "js", "chi2"):
        for i in data:
            if method in ("ks", "wasserstein"):
                q = Q.replace("method => %s", "columns => %s, method => %s")
                args = (f"xc_dr.r{i}", f"xc_dr.c{i}", ["f", "nm", "imany", "ifew", "ffew"], method)
            else:
                q, args = Q, (f"xc_dr.r{i}", f"xc_dr.c{i}", method)
            results[(parallel, method, i)] = rows(conn, q, args)
set_parallel(conn, False)

bad = {}
n_rows = 0
for (parallel, method, i), got in results.items():
    ref, curd = data[i]
    if parallel:
        if got != results[(False, method, i)]:
            bad.setdefault("parallel_equals_serial", []).append((method, i))
        continue
    for col, kind, meth, s, p, drifted, nref, ncur in got:
        n_rows += 1
        wk, wm, ws, wp, wd, wnr, wnc = expected(ref, curd, col, TYPES[col], method)
        tag = (method, i, col)
        if (kind, meth) != (wk, wm):
            bad.setdefault("kind_and_method", []).append((tag, kind, meth, wk, wm))
            continue
        if not close(s, ws):
            bad.setdefault(f"{wm}_{wk}_statistic", []).append((tag, s, ws))
        if not close(p, wp):
            bad.setdefault(f"{wm}_{wk}_p_value", []).append((tag, p, wp))
        if drifted != wd:
            bad.setdefault("drifted", []).append((tag, drifted, wd))
        if (nref, ncur) != (wnr, wnc):
            bad.setdefault("counts", []).append((tag, nref, ncur, wnr, wnc))
for name in ["kind_and_method", "counts", "drifted", "parallel_equals_serial"] + [
        f"{m}_{k}_{w}" for m, k in (("ks", "numeric"), ("wasserstein", "numeric"), ("psi", "numeric"),
                                    ("js", "numeric"), ("chi2", "numeric"), ("psi", "categorical"),
                                    ("js", "categorical"), ("chi2", "categorical"))
        for w in ("statistic", "p_value")]:
    ck.check(f"{name}_{n_rows}_rows", name not in bad, str(bad.get(name, ""))[:600])
# every statistic of both kinds was met at least once
seen = {(r[1], r[2]) for (par, m, i), rs in results.items() if not par for r in rs}
ck.check("every_method_and_kind_seen",
         seen >= {("numeric", "ks"), ("numeric", "wasserstein"), ("numeric", "psi"), ("numeric", "js"),
                  ("numeric", "chi2"), ("categorical", "chi2"), ("categorical", "js"), ("categorical", "psi")},
         str(sorted(seen)))

# dataset_drift: counts of the report's verdicts
for i in data:
    for share in (0.5, 0.3, 1.0):
        rep = results[(False, "auto", i)]
        nc = sum(1 for r in rep if r[5] is not None)
        nd = sum(1 for r in rep if r[5])
        got = rows(conn, "SELECT * FROM mlcheck.dataset_drift(%s, %s, drift_share => %s)",
                   (f"xc_dr.r{i}", f"xc_dr.c{i}", share))[0]
        want = (nc, nd, nd / nc, nd / nc >= share)
        ck.check(f"dataset_drift_pair{i}_share{share}", got == want, f"{got} vs {want}")

# ---- kind inference and the auto rule on constructed edges
cur.execute("""CREATE TABLE xc_dr.e1000 AS SELECT g % 10 AS i10, g % 11 AS i11, (g % 5)::float8 AS f5,
               (g % 6)::float8 AS f6 FROM generate_series(1, 1000) g""")
cur.execute("CREATE TABLE xc_dr.e1001 AS SELECT g % 10 AS i10, g % 11 AS i11, (g % 5)::float8 AS f5, "
            "(g % 6)::float8 AS f6 FROM generate_series(1, 1001) g")
cur.execute("CREATE TABLE xc_dr.e_shift AS SELECT g % 10 + 1 AS i10 FROM generate_series(1, 500) g")
edge = {r[0]: r[1:] for r in rows(conn, "SELECT column_name, kind, method FROM mlcheck.drift_report('xc_dr.e1000', 'xc_dr.e1001')")}
ck.check("edge_ref1000", edge == {"i10": ("categorical", "chi2"), "i11": ("numeric", "ks"),
                                  "f5": ("numeric", "chi2"), "f6": ("numeric", "ks")}, str(edge))
edge = {r[0]: r[1:] for r in rows(conn, "SELECT column_name, kind, method FROM mlcheck.drift_report('xc_dr.e1001', 'xc_dr.e1000')")}
ck.check("edge_ref1001", edge == {"i10": ("categorical", "js"), "i11": ("numeric", "wasserstein"),
                                  "f5": ("numeric", "js"), "f6": ("numeric", "wasserstein")}, str(edge))
# 10 distinct integers in each relation, 11 over both: numeric
edge = rows(conn, "SELECT kind, method FROM mlcheck.drift_report('xc_dr.e1000', 'xc_dr.e_shift', ARRAY['i10'])")
ck.check("edge_11_distinct_over_both", edge == [("numeric", "ks")], str(edge))

# ---- one scan of each relation, counted by the table statistics
def seq_scans(table):
    c2 = conn.cursor()
    c2.execute("SELECT pg_stat_clear_snapshot()")
    c2.execute("SELECT seq_scan FROM pg_stat_user_tables WHERE schemaname = 'xc_dr' AND relname = %s", (table,))
    return c2.fetchone()[0]


cur.execute("SELECT pg_stat_force_next_flush()")
time.sleep(0.2)
before = (seq_scans("r5"), seq_scans("c5"))
cur.execute("SELECT count(*) FROM mlcheck.drift_report('xc_dr.r5', 'xc_dr.c5')")
cur.execute("SELECT pg_stat_force_next_flush()")
time.sleep(0.2)
cur.execute("SELECT 1")
after = (seq_scans("r5"), seq_scans("c5"))
ck.check("one_scan_per_relation_7_columns", (after[0] - before[0], after[1] - before[1]) == (1, 1),
         f"{before} -> {after}")

# ---- the block aggregates behind the report's query: each profile equals
# mlcheck.profile() of its column byte for byte, in the same plan (one
# SELECT with both select lists), serial and forced parallel; 19 numeric
# and 22 categorical columns (two blocks of each, the last ones in the
# 4- and 8-column overloads, padded),
# exact and sketched (> 4096 values) numeric profiles with NaN, infinities
# and NULLs, categorical ones within and beyond 1000 categories
NB, TB = 19, 22


def block_table(name, n):
    cols = []
    for j in range(NB):
        v = rng.normal(j, 1 + j / 3, n)
        if j % 3 == 0:
            v = np.round(v * 4) / 4                    # ties
        elif n <= 4096:
            v = np.round(v * 256) / 256                # the compact exact form holds them
        special = rng.random(n)
        v = np.where(special < 0.01, np.nan, v)
        v = np.where((special >= 0.01) & (special < 0.015), np.inf, v)
        v = np.where((special >= 0.015) & (special < 0.02), -np.inf, v)
        vals = [float(x) for x in v]
        for i in rng.choice(n, n // (5 + j), replace=False):
            vals[i] = None
        cols.append(vals)
    for j in range(TB):
        k = (3, 40, 1500)[j % 3]
        vals = [f"c{int(x)}" for x in rng.integers(0, k, n)]
        for i in rng.choice(n, n // (4 + j), replace=False):
            vals[i] = None
        cols.append(vals)
    names = [f"x{j}" for j in range(NB)] + [f"t{j}" for j in range(TB)]
    ddl = ", ".join(f"{c} {'float8' if c[0] == 'x' else 'text'}" for c in names)
    cur.execute(f"CREATE TABLE xc_dr.{name} ({ddl})")
    copy_rows(conn, f"xc_dr.{name}", names, list(zip(*cols)))
    cur.execute(f"ANALYZE xc_dr.{name}")
    return names


def select_lists(table):
    cls = rows(conn, """SELECT array_agg(column_name ORDER BY ord), array_agg(class ORDER BY ord)
                          FROM mlcheck._drift_report_columns(%s, %s, NULL, 'auto', NULL)
                               WITH ORDINALITY d(column_name, class, type_name, num_idx, cat_idx, ord)""",
               (table, table))[0]
    blk = scalar(conn, "SELECT mlcheck._drift_profiles_select(%s, %s)", cls)
    # the reference: one mlcheck.profile() call per column
    names, classes = cls
    nums = [f'mlcheck.profile(("{c}")::pg_catalog.float8)' for c, k in zip(names, classes) if k != "categorical"]
    cats = [f'mlcheck.profile(("{c}")::pg_catalog.text)' for c, k in zip(names, classes) if k != "numeric"]
    one = (f"ARRAY[{', '.join(nums)}]::mlcheck.numeric_profile[] AS num, "
           f"ARRAY[{', '.join(cats)}]::mlcheck.categorical_profile[] AS cat")
    return (blk.replace(" AS num, ", " AS bn, ").replace(" AS cat", " AS bc"),
            one.replace(" AS num, ", " AS pn, ").replace(" AS cat", " AS pc"))


def send_bytes(col, typ):
    return (f"(SELECT array_agg(mlcheck._{typ}_send(x) ORDER BY i) "
            f"FROM unnest(s.{col}) WITH ORDINALITY u(x, i))")


for size in (3000, 9000):
    tname = f"blk{size}"
    block_table(tname, size)
    blk, one = select_lists(f"xc_dr.{tname}")
    ck.check(f"blocks_used_{size}", blk.count("mlcheck._numeric_profiles(") == 2
             and blk.count("mlcheck._categorical_profiles(") == 2 and "mlcheck.profile(" not in blk, blk[:200])
    # the last blocks: 3 numeric columns in the 4-wide overload, 6 text ones in the 8-wide
    ck.check(f"narrow_last_blocks_{size}", blk.count("NULL::pg_catalog.float8") == 1
             and blk.count("NULL::pg_catalog.text") == 2 and "_numeric_profiles(3, " in blk
             and "_categorical_profiles(6, " in blk, blk[-400:])
    q = (f"SELECT {send_bytes('bn', 'numeric_profile')}, {send_bytes('pn', 'numeric_profile')}, "
         f"{send_bytes('bc', 'categorical_profile')}, {send_bytes('pc', 'categorical_profile')}, "
         f"(SELECT array_agg(mlcheck.is_exact(x)) FROM unnest(s.pn) x) "
         f"FROM (SELECT {blk}, {one} FROM xc_dr.{tname}) s")
    for parallel in (False, True):
        set_parallel(conn, parallel)
        tag = f"{size}_{'parallel' if parallel else 'serial'}"
        if parallel:
            ck.check(f"blocks_forced_parallel_plan_{size}",
                     plan_has_parallel(conn, f"SELECT {blk}, {one} FROM xc_dr.{tname}"))
        bn, pn, bc, pc, exact = rows(conn, q)[0]
        ck.check(f"blocks_numeric_bytes_{tag}", len(bn) == NB and [bytes(b) for b in bn] == [bytes(p) for p in pn],
                 f"{sum(1 for b, p in zip(bn, pn) if bytes(b) != bytes(p))} of {NB} differ")
        ck.check(f"blocks_categorical_bytes_{tag}",
                 len(bc) == TB and [bytes(b) for b in bc] == [bytes(p) for p in pc],
                 f"{sum(1 for b, p in zip(bc, pc) if bytes(b) != bytes(p))} of {TB} differ")
        want_exact = size <= 4096
        ck.check(f"blocks_profiles_{'exact' if want_exact else 'sketched'}_{tag}",
                 all(e == want_exact for e in exact), str(exact))
    set_parallel(conn, False)
# no rows: the same arrays of NULLs as one profile() per column
cur.execute("CREATE TABLE xc_dr.blk_empty AS SELECT * FROM xc_dr.blk3000 WHERE false")
blk, one = select_lists("xc_dr.blk_empty")
got = rows(conn, f"SELECT bn::text, pn::text, bc::text, pc::text FROM (SELECT {blk}, {one} FROM xc_dr.blk_empty) s")[0]
ck.check("blocks_no_rows_same_arrays", got[0] == got[1] and got[2] == got[3] and got[0].count("NULL") == NB, str(got)[:200])
# and the report over them is mlcheck.drift() of one profile() per column
# and relation (serial plans: the same rows in the same order)
rep = rows(conn, """SELECT column_name, method, statistic, p_value, drifted, n_reference, n_current
                      FROM mlcheck.drift_report('xc_dr.blk3000', 'xc_dr.blk9000') ORDER BY column_name COLLATE "C"
                 """)
want = []
for col in sorted([f"x{j}" for j in range(NB)] + [f"t{j}" for j in range(TB)]):
    want.append(rows(conn, f"""SELECT %s, (d).method, (d).statistic, (d).p_value, (d).drifted, mlcheck.n(r.p), mlcheck.n(c.p)
                                 FROM (SELECT mlcheck.profile({col}) p FROM xc_dr.blk3000) r,
                                      (SELECT mlcheck.profile({col}) p FROM xc_dr.blk9000) c,
                                      LATERAL (SELECT mlcheck.drift(r.p, c.p) d) x""", (col,))[0])
ck.check(f"blocks_report_equals_per_column_drift_{NB + TB}_columns", rep == want,
         str([(a, b) for a, b in zip(rep, want) if a != b][:2]))

# the block aggregates called directly: arguments past k ignored, k checked
# on every row
pad = ", ".join(["NULL"] * 13)
got = rows(conn, f"""SELECT mlcheck._numeric_profiles(3, x0, x1, x2, {pad}) = ARRAY[mlcheck.profile(x0), mlcheck.profile(x1), mlcheck.profile(x2)],
                            mlcheck._numeric_profiles(2, x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15)
                              = ARRAY[mlcheck.profile(x0), mlcheck.profile(x1)],
                            mlcheck._categorical_profiles(3, t0, t1, t2, {pad}) = ARRAY[mlcheck.profile(t0), mlcheck.profile(t1), mlcheck.profile(t2)]
                       FROM xc_dr.blk9000""")[0]
ck.check("blocks_direct_calls", got == (True, True, True), str(got))
ck.error("blocks_k_changes_refused", conn,
         f"SELECT mlcheck._numeric_profiles(CASE WHEN x0 > 0 THEN 1 ELSE 2 END, x0, x1, {pad}, NULL) FROM xc_dr.blk3000",
         "22023")
ck.error("blocks_k_out_of_range_refused", conn,
         f"SELECT mlcheck._categorical_profiles(17, t0, t1, {pad}, NULL) FROM xc_dr.blk3000", "22023")
ck.error("blocks_k_zero_refused", conn,
         f"SELECT mlcheck._numeric_profiles(0, x0, x1, {pad}, NULL) FROM xc_dr.blk3000", "22023")
ck.error("blocks_k_null_refused", conn,
         f"SELECT mlcheck._categorical_profiles(NULL, t0, t1, {pad}, NULL) FROM xc_dr.blk3000", "22004")

cur.execute("DROP SCHEMA xc_dr CASCADE")
ck.done()
