"""Cross-check mlcheck.worst_slices and mlcheck.fairness / fairness_summary
against brute-force NumPy computations of the same definitions.

worst_slices: an independent NumPy implementation of the SliceLine search
(quantile bins as PostgreSQL's percentile_cont computes them, duplicate
edges merged; single predicates; level-2 candidates from pairs of kept
slices, all parents kept, size/error bounds from the parents, score bound
against the current top_k-th score), the SliceLine score, the pooled
two-sided two-proportion z-test of each slice against the rest, Holm's
step-down adjustment over every evaluated slice.  Every returned row is
compared to 1e-9, and the returned top_k must equal the top_k of an
exhaustive search over every slice of up to two predicates (the pruning
must never lose a result).  The data have a planted weak 2-column slice
whose single columns have exactly the overall error rate: it must come out
first and significant, with neither single column significant.  The same on
the bundled example data, natural and with a slice planted in a copy.

fairness: per group n, selection rate, TPR, FPR, precision, accuracy,
Wilson 95% interval; summary with Fairlearn's definitions (difference =
max - min over groups, ratio = min / max, equalized odds = the larger
difference / the smaller ratio), min_support, NULL groups, text[] groups,
integer and text labels.  Also: forced parallel plans give the same rows,
row-level security applies (caller's privileges), hostile column names.
"""
import itertools
import math
import os
import warnings

import numpy as np

from common import Checker, connect, copy_rows, rows, set_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/fairness_slices")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_fair CASCADE; CREATE SCHEMA xc_fair")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# ---------------------------------------------------------------- reference
def pg_percentile_cont(sorted_vals, p):
    """percentile_cont as PostgreSQL computes it (float8)."""
    n = len(sorted_vals)
    first = math.floor(p * (n - 1))
    second = math.ceil(p * (n - 1))
    a = float(sorted_vals[first])
    if first == second:
        return a
    b = float(sorted_vals[second])
    prop = p * (n - 1) - first
    return a + prop * (b - a)


def pg_float(x):
    """float8 text as PostgreSQL prints it with extra_float_digits = 1."""
    r = repr(float(x))
    if r.endswith(".0"):
        r = r[:-2]
    return r


def quote_ident(s):
    if s.isidentifier() and s == s.lower() and s.isascii():
        return s
    return '"' + s.replace('"', '""') + '"'


def score_of(n, e, N, ebar, alpha):
    return alpha * ((e / n) / ebar - 1.0) - (1.0 - alpha) * (N / n - 1.0)


def score_ub(ss, se, minsup, N, ebar, alpha):
    lo = max(minsup, 1.0)
    if not (ss >= lo) or not (se > 0):
        return None
    best = -math.inf
    for p in (lo, se, ss):
        s = min(max(p, lo), ss)
        best = max(best, score_of(s, min(s, se), N, ebar, alpha))
    return best


def prop_test(x1, n1, x2, n2):
    if n1 == 0 or n2 == 0:
        return None
    pp = (x1 + x2) / (n1 + n2)
    var = pp * (1 - pp) * (1 / n1 + 1 / n2)
    if not var > 0:
        return None
    z = (x1 / n1 - x2 / n2) / math.sqrt(var)
    return math.erfc(abs(z) / math.sqrt(2.0))


def holm(ps):
    """Holm step-down adjusted p-values (same order as ps)."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    adj = [0.0] * m
    run = 0.0
    for rank, i in enumerate(order, start=1):
        run = max(run, (m - rank + 1) * ps[i])
        adj[i] = min(1.0, run)
    return adj


def predicates(data, columns, kinds, bins):
    """[(col_index, description, json-ish, mask)] for every single predicate."""
    out = []
    for j, (c, kind) in enumerate(zip(columns, kinds)):
        v = data[c]
        qi = quote_ident(c)
        if kind == "numeric":
            isnull = np.array([x is None for x in v])
            fv = np.array([np.nan if x is None else float(x) for x in v])
            ok = ~isnull & ~np.isnan(fv)
            sv = np.sort(fv[ok])
            edges = sorted(set(pg_percentile_cont(sv, i / bins) for i in range(bins + 1))) if len(sv) else []
            if len(edges) >= 2:
                b = np.searchsorted(np.array(edges[:-1]), fv, side="right")
            else:
                b = np.ones(len(fv), dtype=int)
            for k in range(1, max(len(edges), 2)):
                if len(edges) == 0:
                    break
                m = ok & (b == k)
                if not m.any():
                    continue
                lo = edges[k - 1]
                hi = edges[min(k, len(edges) - 1)]
                closed = k == max(len(edges) - 1, 1)
                out.append((j, f"{qi} in [{pg_float(lo)}, {pg_float(hi)}{']' if closed else ')'}", m))
            if (~isnull & np.isnan(fv)).any():
                out.append((j, f"{qi} = 'NaN'", ~isnull & np.isnan(fv)))
        else:
            vals = sorted({x for x in v if x is not None}, key=lambda x: str(x))
            for val in vals:
                m = np.array([x == val for x in v])
                if kind == "boolean":
                    out.append((j, f"{qi} = {'true' if val else 'false'}", m))
                else:
                    out.append((j, f"{qi} = '" + str(val).replace("'", "''") + "'", m))
        m = np.array([x is None for x in v])
        if m.any():
            out.append((j, f"{qi} IS NULL", m))
    return out


def sliceline(data, err, columns, kinds, max_depth=2, top_k=10, min_support=30, alpha=0.95, bins=4):
    """Returns (rows, exhaustive top_k) where rows are dicts like the SQL rows."""
    N = float(len(err))
    E = float(err.sum())
    if N == 0 or E == 0:
        return [], []
    ebar = E / N
    minsup = max(min_support, 1)
    preds = predicates(data, columns, kinds, bins)
    stat = {}                        # frozenset(pids) -> (n, e)
    for pid, (j, d, m) in enumerate(preds):
        n = float(m.sum())
        if n >= minsup:
            stat[frozenset([pid])] = (n, float(err[m].sum()))
    depth = 1
    while depth < min(max_depth, len(columns)):
        depth += 1
        kept = {s: ne for s, ne in stat.items() if len(s) == depth - 1 and ne[1] > 0}
        scores = sorted((score_of(n, e, N, ebar, alpha) for (n, e) in stat.values()), reverse=True)
        scores = [s for s in scores if s > 0]
        thr = max(0.0, scores[top_k - 1] if len(scores) >= top_k else 0.0)
        cands = set()
        for a, b in itertools.combinations(kept, 2):
            u = a | b
            if len(u) != depth or len({preds[p][0] for p in u}) != depth:
                continue
            cands.add(u)
        for c in cands:
            parents = [c - {p} for p in c]
            if not all(p in kept for p in parents):
                continue
            ub = score_ub(min(kept[p][0] for p in parents), min(kept[p][1] for p in parents),
                          minsup, N, ebar, alpha)
            if ub is None or not ub > thr:
                continue
            m = np.ones(len(err), dtype=bool)
            for p in c:
                m &= preds[p][2]
            n = float(m.sum())
            if n >= minsup:
                stat[c] = (n, float(err[m].sum()))

    def describe(s):
        return " AND ".join(preds[p][1] for p in sorted(s, key=lambda p: (preds[p][0], p)))

    keys = list(stat)
    ps = [prop_test(stat[k][1], stat[k][0], E - stat[k][1], N - stat[k][0]) for k in keys]
    tested = [i for i, p in enumerate(ps) if p is not None]
    adj = dict(zip(tested, holm([ps[i] for i in tested])))
    out = []
    for i, k in enumerate(keys):
        n, e = stat[k]
        sc = score_of(n, e, N, ebar, alpha)
        if sc > 0:
            out.append(dict(description=describe(k), depth=len(k), n=int(n), errors=int(e),
                            error_rate=e / n, score=sc, p_value=ps[i], p_adjusted=adj.get(i),
                            significant=adj.get(i) is not None and adj[i] < 0.05, n_tested=len(tested)))
    out.sort(key=lambda r: (-r["score"], r["depth"], r["description"].encode()))

    # exhaustive: every slice of up to max_depth predicates on distinct columns
    ex = []
    for d in range(1, min(max_depth, len(columns)) + 1):
        for combo in itertools.combinations(range(len(preds)), d):
            if len({preds[p][0] for p in combo}) != d:
                continue
            m = np.ones(len(err), dtype=bool)
            for p in combo:
                m &= preds[p][2]
            n = float(m.sum())
            if n < minsup or n == 0:
                continue
            sc = score_of(n, float(err[m].sum()), N, ebar, alpha)
            if sc > 0:
                ex.append((sc, d, describe(frozenset(combo))))
    ex.sort(key=lambda r: (-r[0], r[1], r[2].encode()))
    return out[:top_k], ex[:top_k]


WS_COLS = ["slice", "description", "depth", "n", "errors", "error_rate", "score", "p_value",
           "p_adjusted", "significant", "n_tested"]


def sql_worst(table, actual, predicted, columns, **kw):
    args = ", ".join(f"{k} => %s" for k in kw)
    q = f"SELECT * FROM mlcheck.worst_slices(%s, %s, %s, %s{', ' + args if args else ''})"
    res = rows(conn, q, [table, actual, predicted, columns] + list(kw.values()))
    return [dict(zip(WS_COLS, r)) for r in res]


def compare_worst(name, got, want, exhaustive):
    ok = len(got) == len(want)
    detail = f"{len(got)} rows, want {len(want)}"
    for g, w in zip(got, want):
        for k in ("description", "depth", "n", "errors", "significant", "n_tested"):
            if g[k] != w[k]:
                ok, detail = False, f"{k}: got {g[k]!r}, want {w[k]!r} ({w['description']})"
        for k in ("error_rate", "score", "p_value", "p_adjusted"):
            a, b = g[k], w[k]
            if (a is None) != (b is None) or (a is not None and not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)):
                ok, detail = False, f"{k}: got {a!r}, want {b!r} ({w['description']})"
    ck.check(name, ok, detail)
    ck.check(name + "_exhaustive_top_k",
             [(round(s, 9), d, t) for s, d, t in exhaustive] ==
             [(round(g["score"], 9), g["depth"], g["description"]) for g in got],
             f"pruned search {[g['description'] for g in got]} vs exhaustive {[t for _, _, t in exhaustive]}")


def fetch_table(table, cols):
    res = rows(conn, f"SELECT {', '.join(cols)} FROM {table}")
    return {c: [r[i] for r in res] for i, c in enumerate(cols)}


# ------------------------------------------------------------ generated data
rng = np.random.default_rng(18)
# 12 cells of 3000 rows over (c1, c2); the planted cell (b, y) has 30% errors
# and the others are set so that every value of c1 and of c2 alone has
# exactly the overall 10% error rate.
cells_err = {}
for a in "abcd":
    for b in "xyz":
        if a == "b":
            cells_err[(a, b)] = 900 if b == "y" else 0
        else:
            cells_err[(a, b)] = 100 if b == "y" else 400
gen = []
i = 0
for (a, b), ne in cells_err.items():
    errs = np.zeros(3000, dtype=bool)
    errs[rng.choice(3000, ne, replace=False)] = True
    for k in range(3000):
        i += 1
        actual = bool(rng.random() < 0.4)
        pred = (not actual) if errs[k] else actual
        flag = None if rng.random() < 0.05 else bool(rng.random() < 0.5)
        num = None if rng.random() < 0.03 else round(float(rng.normal(50, 10)), 2)
        region = rng.choice(["north", "south", "o'brien", None], p=[0.4, 0.4, 0.15, 0.05])
        gen.append((i, a, b, flag, num, None if region is None else str(region), actual, pred))
# unlabelled rows are skipped
for k in range(57):
    i += 1
    gen.append((i, "a", "x", True, 1.0, "north", None if k % 2 else True, None if k % 3 == 0 else False))
RCOL = '"Region ""x"""'          # the column Region "x", quoted as SQL needs it
cur.execute("CREATE TABLE xc_fair.gen (id int, c1 text, c2 text, flag boolean, num float8, "
            + RCOL + " text, actual boolean, predicted boolean)")
copy_rows(conn, "xc_fair.gen", ["id", "c1", "c2", "flag", "num", RCOL, "actual", "predicted"], gen)
cur.execute("ANALYZE xc_fair.gen")

g = fetch_table("xc_fair.gen", ["c1", "c2", "flag", "num", RCOL, "actual", "predicted"])
lab = np.array([a is not None and p is not None for a, p in zip(g["actual"], g["predicted"])])
data = {k: [x for x, keep in zip(v, lab) if keep] for k, v in g.items()}
data['Region "x"'] = data.pop(RCOL)
err = np.array([a != p for a, p in zip(data["actual"], data["predicted"])])
columns = ["c1", "c2", "flag", "num", 'Region "x"']
kinds = ["text", "text", "boolean", "numeric", "text"]

for params in [dict(), dict(top_k=5, min_support=100, alpha=0.9, bins=5), dict(max_depth=1), dict(top_k=50, min_support=0)]:
    want, ex = sliceline(data, err, columns, kinds, **params)
    got = sql_worst("xc_fair.gen", "actual", "predicted", columns, **params)
    tag = "_".join(f"{k}{v}" for k, v in params.items()) or "defaults"
    compare_worst(f"generated_{tag}", got, want, ex)

got = sql_worst("xc_fair.gen", "actual", "predicted", columns)
top = got[0] if got else {}
ck.check("generated_planted_slice_first", top.get("description") == "c1 = 'b' AND c2 = 'y'" and top.get("significant") is True,
         f"top slice {top.get('description')!r}")
ck.check("generated_planted_slice_jsonb", top.get("slice") == {"c1": "b", "c2": "y"}, f"{top.get('slice')!r}")
# the single columns look normal: exact overall error rate, nowhere significant
single = rows(conn, """SELECT description, error_rate, p_adjusted FROM mlcheck.worst_slices('xc_fair.gen', 'actual', 'predicted',
                        ARRAY['c1', 'c2'], max_depth => 1, min_support => 0, alpha => 1)""")
ck.check("generated_planted_columns_look_normal",
         all(not d.startswith(("c1 = 'b'", "c2 = 'y'")) for d, _, _ in single)
         and abs(float(err[np.array(data["c1"]) == "b"].mean()) - float(err.mean())) < 1e-3
         and abs(float(err[np.array(data["c2"]) == "y"].mean()) - float(err.mean())) < 1e-3,
         f"{single}")

# forced parallel plans give the same rows
set_parallel(conn, True)
par = sql_worst("xc_fair.gen", "actual", "predicted", columns)
set_parallel(conn, False)
ck.check("generated_parallel_equals_serial", par == got, "parallel rows differ")

# integer and text labels (errors = actual <> predicted), depth 3
cur.execute("""CREATE TABLE xc_fair.gen_int AS SELECT id, c1, c2, flag, num,
                 CASE actual WHEN true THEN 2 WHEN false THEN 7 END AS a,
                 CASE predicted WHEN true THEN 2 WHEN false THEN 7 END AS p,
                 CASE actual WHEN true THEN 'yes' WHEN false THEN 'no' END AS at,
                 CASE predicted WHEN true THEN 'yes' WHEN false THEN 'no' END AS pt
               FROM xc_fair.gen""")
want, ex = sliceline(data, err, columns[:4], kinds[:4], max_depth=3, top_k=8)
compare_worst("generated_integer_labels_depth3", sql_worst("xc_fair.gen_int", "a", "p", columns[:4], max_depth=3, top_k=8), want, ex)
compare_worst("generated_text_labels_depth3", sql_worst("xc_fair.gen_int", "at", "pt", columns[:4], max_depth=3, top_k=8), want, ex)

# ------------------------------------------------------------- bundled data
cur.execute("""CREATE TABLE xc_fair.cancer (case_id int, model text, label boolean, score float8,
               size_band text, texture_band text, mean_radius float8)""")
import csv
with open(os.path.join(ROOT, "test", "data", "cancer_predictions.csv")) as f:
    rd = csv.DictReader(f)
    bundled = [(int(r["case_id"]), r["model"], r["label"] == "true", float(r["score"]), r["size_band"] or None,
                r["texture_band"] or None, float(r["mean_radius"])) for r in rd]
copy_rows(conn, "xc_fair.cancer", ["case_id", "model", "label", "score", "size_band", "texture_band", "mean_radius"], bundled)
cur.execute("ALTER TABLE xc_fair.cancer ADD COLUMN predicted boolean")
cur.execute("UPDATE xc_fair.cancer SET predicted = score >= 0.5")
b = fetch_table("xc_fair.cancer", ["case_id", "model", "size_band", "texture_band", "mean_radius", "label", "predicted"])
berr = np.array([a != p for a, p in zip(b["label"], b["predicted"])])
bcols = ["size_band", "texture_band", "model", "mean_radius"]
bkinds = ["text", "text", "text", "numeric"]
for params in [dict(), dict(min_support=10, top_k=20, bins=3)]:
    want, ex = sliceline(b, berr, bcols, bkinds, **params)
    tag = "_".join(f"{k}{v}" for k, v in params.items()) or "defaults"
    compare_worst(f"bundled_{tag}", sql_worst("xc_fair.cancer", "label", "predicted", bcols, **params), want, ex)

# plant a slice in a copy: k more errors in (medium, smooth) and in (other
# size, rough), k fewer in (medium, rough) and in (other size, smooth): every
# size band, every texture band and the whole keep their error counts
cur.execute("CREATE TABLE xc_fair.cancer_planted AS SELECT * FROM xc_fair.cancer")
k = 11
flip_in = rows(conn, """SELECT model, case_id FROM xc_fair.cancer WHERE size_band = 'medium' AND texture_band = 'smooth'
                        AND label = predicted ORDER BY model, case_id LIMIT %s""", [k])
fix_r = rows(conn, """SELECT model, case_id FROM xc_fair.cancer WHERE size_band = 'medium' AND texture_band = 'rough'
                      AND label <> predicted ORDER BY model, case_id LIMIT %s""", [k])
fix_s, flip_out = [], []
for band in ("large", "small"):       # a 2x2 swap within each other size band
    fs = rows(conn, """SELECT model, case_id FROM xc_fair.cancer WHERE size_band = %s AND texture_band = 'smooth'
                       AND label <> predicted ORDER BY model, case_id""", [band])
    fo = rows(conn, """SELECT model, case_id FROM xc_fair.cancer WHERE size_band = %s AND texture_band = 'rough'
                       AND label = predicted ORDER BY model DESC, case_id LIMIT %s""", [band, len(fs)])
    fix_s += fs
    flip_out += fo
ck.check("bundled_plant_possible", len(flip_in) == len(fix_r) == len(fix_s) == len(flip_out) == k, "not enough rows to plant")
for mdl, cid in flip_in + fix_r + fix_s + flip_out:
    cur.execute("UPDATE xc_fair.cancer_planted SET predicted = NOT predicted WHERE model = %s AND case_id = %s", [mdl, cid])
pb = fetch_table("xc_fair.cancer_planted", ["size_band", "texture_band", "model", "label", "predicted"])
perr = np.array([a != p for a, p in zip(pb["label"], pb["predicted"])])
ck.check("bundled_planted_columns_unchanged",
         all(perr[np.array(pb[c]) == v].sum() == berr[np.array(b[c]) == v].sum()
             for c in ("size_band", "texture_band") for v in set(b[c])) and perr.sum() == berr.sum(),
         "marginal error counts changed")
want, ex = sliceline(pb, perr, ["size_band", "texture_band", "model"], ["text"] * 3)
got = sql_worst("xc_fair.cancer_planted", "label", "predicted", ["size_band", "texture_band", "model"])
compare_worst("bundled_planted", got, want, ex)
ck.check("bundled_planted_slice_first",
         bool(got) and got[0]["description"] == "size_band = 'medium' AND texture_band = 'smooth'",
         f"top slice {got[0]['description'] if got else None!r}")
ck.check("bundled_planted_columns_look_normal",
         all(not r["significant"] and r["score"] < got[0]["score"] / 2 for r in got
             if r["description"] in ("size_band = 'medium'", "texture_band = 'smooth'")),
         f"{[(r['description'], r['score'], r['p_adjusted']) for r in got]}")


# ----------------------------------------------------------------- fairness
def wilson(x, n):
    z = 1.959963984540054
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def fair_groups(keys, actual, predicted, pos, min_support=0):
    out = {}
    for k, a, p in zip(keys, actual, predicted):
        if a is None or p is None:
            continue
        out.setdefault(k, []).append((a, p))
    res = {}
    for k, ap in out.items():
        a = np.array([x == pos for x, _ in ap])
        p = np.array([y == pos for _, y in ap])
        n = len(ap)
        tp, fp = float((a & p).sum()), float((~a & p).sum())
        fn, tn = float((a & ~p).sum()), float((~a & ~p).sum())
        lo, hi = wilson(float(p.sum()), n)
        res[k] = dict(n=n, selection_rate=p.mean(), tpr=tp / (tp + fn) if tp + fn else None,
                      fpr=fp / (fp + tn) if fp + tn else None, precision=tp / (tp + fp) if tp + fp else None,
                      accuracy=float(np.mean([x == y for x, y in ap])), selection_rate_ci_lower=lo,
                      selection_rate_ci_upper=hi, below_min_support=n < min_support)
    return res


def fair_summary(groups):
    used = [v for v in groups.values() if not v["below_min_support"]]

    def rng_(name):
        vals = [v[name] for v in used if v[name] is not None]
        if not vals:
            return None, None
        return max(vals) - min(vals), (min(vals) / max(vals) if max(vals) > 0 else None)

    dpd, dpr = rng_("selection_rate")
    tpd, tprr = rng_("tpr")
    fpd, fprr = rng_("fpr")
    return dict(demographic_parity_difference=dpd, demographic_parity_ratio=dpr,
                equal_opportunity_difference=tpd,
                equalized_odds_difference=None if tpd is None or fpd is None else max(tpd, fpd),
                equalized_odds_ratio=None if tprr is None or fprr is None else min(tprr, fprr),
                n_groups=len(used))


FCOLS = ["grp", "n", "selection_rate", "tpr", "fpr", "precision", "accuracy", "selection_rate_ci_lower",
         "selection_rate_ci_upper", "below_min_support", "is_null"]
SCOLS = ["demographic_parity_difference", "demographic_parity_ratio", "equal_opportunity_difference",
         "equalized_odds_difference", "equalized_odds_ratio", "n_groups"]


def compare_fair(name, table, actual, predicted, sensitive, keys, acts, preds, pos, positive=None, min_support=0):
    want = fair_groups(keys, acts, preds, pos, min_support)
    got = rows(conn, f"SELECT * FROM mlcheck.fairness(%s, %s, %s, %s, %s, %s)",
               [table, actual, predicted, sensitive, positive, min_support])
    ok, detail = len(got) == len(want), f"{len(got)} groups, want {len(want)}"
    for r in got:
        r = dict(zip(FCOLS, r))
        key = tuple(r["grp"]) if isinstance(r["grp"], list) else r["grp"]
        w = want.get(key)
        if w is None:
            ok, detail = False, f"unexpected group {key!r}"
            continue
        isnull = any(x is None for x in key) if isinstance(key, tuple) else key is None
        if r["is_null"] != isnull or r["n"] != w["n"] or r["below_min_support"] != w["below_min_support"]:
            ok, detail = False, f"group {key!r}: {r} vs {w}"
        for c in FCOLS[2:9]:
            a, bb = r[c], w[c]
            if (a is None) != (bb is None) or (a is not None and not math.isclose(a, bb, rel_tol=1e-9, abs_tol=1e-12)):
                ok, detail = False, f"group {key!r} {c}: got {a!r}, want {bb!r}"
    ck.check(name, ok, detail)
    gs = dict(zip(SCOLS, rows(conn, "SELECT * FROM mlcheck.fairness_summary(%s, %s, %s, %s, %s, %s)",
                              [table, actual, predicted, sensitive, positive, min_support])[0]))
    ws = fair_summary(want)
    ok = all((gs[c] is None) == (ws[c] is None) and (gs[c] is None or math.isclose(gs[c], ws[c], rel_tol=1e-9, abs_tol=1e-12))
             for c in SCOLS)
    ck.check(name + "_summary", ok, f"got {gs}, want {ws}")


compare_fair("fairness_bundled_size_band", "xc_fair.cancer", "label", "predicted", "size_band",
             b["size_band"], b["label"], b["predicted"], True)
compare_fair("fairness_bundled_intersectional", "xc_fair.cancer", "label", "predicted", ["size_band", "model"],
             list(zip(b["size_band"], b["model"])), b["label"], b["predicted"], True, min_support=190)
compare_fair("fairness_generated_null_groups", "xc_fair.gen", "actual", "predicted", 'Region "x"',
             g[RCOL], g["actual"], g["predicted"], True, min_support=2000)
compare_fair("fairness_generated_negative_class", "xc_fair.gen", "actual", "predicted", ["c1", "flag"],
             list(zip(g["c1"], [None if f is None else ("true" if f else "false") for f in g["flag"]])),
             g["actual"], g["predicted"], False, positive="false")
gi = fetch_table("xc_fair.gen_int", ["c2", "a", "p", "at", "pt"])
compare_fair("fairness_integer_labels", "xc_fair.gen_int", "a", "p", "c2", gi["c2"], gi["a"], gi["p"], 2, positive="2")
compare_fair("fairness_text_labels", "xc_fair.gen_int", "at", "pt", "c2", gi["c2"], gi["at"], gi["pt"], "yes", positive="yes")

# ------------------------------------------------------------ security, RLS
cur.execute("DROP ROLE IF EXISTS xc_fair_reader")
cur.execute("CREATE ROLE xc_fair_reader")
cur.execute("GRANT USAGE ON SCHEMA xc_fair TO xc_fair_reader")
cur.execute("CREATE TABLE xc_fair.rls AS SELECT * FROM xc_fair.gen")
cur.execute("GRANT SELECT ON xc_fair.rls TO xc_fair_reader")
cur.execute("ALTER TABLE xc_fair.rls ENABLE ROW LEVEL SECURITY")
cur.execute("CREATE POLICY only_x ON xc_fair.rls TO xc_fair_reader USING (c2 <> 'y')")
cur.execute("SET ROLE xc_fair_reader")
rls_ws = sql_worst("xc_fair.rls", "actual", "predicted", ["c1", "c2", "flag"], top_k=5)
rls_fair = rows(conn, "SELECT grp, n FROM mlcheck.fairness('xc_fair.rls', 'actual', 'predicted', 'c2') ORDER BY grp")
cur.execute("RESET ROLE")
vis = np.array([x != "y" for x in data["c2"]])
want, ex = sliceline({k: [x for x, keep in zip(v, vis) if keep] for k, v in data.items()}, err[vis],
                     ["c1", "c2", "flag"], ["text", "text", "boolean"], top_k=5)
compare_worst("rls_worst_slices_sees_only_visible_rows", rls_ws, want, ex)
ck.check("rls_fairness_sees_only_visible_rows", [r[0] for r in rls_fair] == ["x", "z"], f"{rls_fair}")
cur.execute("DROP TABLE xc_fair.rls; REVOKE ALL ON SCHEMA xc_fair FROM xc_fair_reader")
cur.execute("DROP ROLE xc_fair_reader")

cur.execute("DROP SCHEMA xc_fair CASCADE")
ck.done()
