"""Cross-check of profiles and drift statistics against NumPy/SciPy.

Exact profiles (<= 4096 values whose compact form fits 8 kB; the data sets
below are made so that every one stays exact, which is checked against the
codec's size model) must agree to 1e-9 with scipy.stats.ks_2samp
(method='auto'), wasserstein_distance / max(np.std(ref), 0.001),
scipy.spatial.distance.jensenshannon, chi2_contingency(correction=False),
np.quantile and a NumPy PSI; sketched profiles (200k rows) must stay within
the documented rank-error bound (their grid of exact counts must equal the
one computed from the data); forced parallel plans must agree with serial.
Run: MLCHECK_PORT=5503 MLCHECK_DB=dev /usr/bin/python3 test/crosscheck/check_drift.py
"""
import json
import math
import os
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, connect, copy_rows, rows, scalar, set_parallel, plan_has_parallel  # noqa: E402
import qsketch_ref  # noqa: E402


def grouped_parallel(conn, sql):
    """A grouped aggregate runs in parallel: Gather plus a Partial *Aggregate node."""
    plan = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + sql))
    return "Gather" in plan and "Partial" in plan and "Aggregate" in plan

EPS = 0.005          # MLC_PROFILE_RANK_EPS, the bound of profiles sketched by 0.1
PSI_EPS = 1e-4

ck = Checker("crosscheck/drift")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_drift CASCADE")
cur.execute("CREATE SCHEMA xc_drift")
cur.execute("CREATE TABLE xc_drift.num (ds int, side int, x float8)")
cur.execute("CREATE TABLE xc_drift.cat (ds int, side int, x text)")


def np_psi(ref, cur_, bins=10):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    ra = np.bincount(np.digitize(ref, edges), minlength=bins) / len(ref)
    ca = np.bincount(np.digitize(cur_, edges), minlength=bins) / len(cur_)
    ra = np.where(ra == 0, PSI_EPS, ra)
    ca = np.where(ca == 0, PSI_EPS, ca)
    return float(np.sum((ca - ra) * np.log(ca / ra)))


def np_js(ref, cur_, bins=30):
    edges = np.histogram_bin_edges(np.concatenate([ref, cur_]), bins=bins)
    ra = np.histogram(ref, edges)[0] / len(ref)
    ca = np.histogram(cur_, edges)[0] / len(cur_)
    return float(distance.jensenshannon(ra, ca))


def np_chi2_values(ref, cur_):
    """chi2_contingency(correction=False) of the counts of each distinct value."""
    vals = np.unique(np.concatenate([ref, cur_]))
    if len(vals) < 2:
        return 0.0
    table = np.array([[np.sum(ref == v) for v in vals], [np.sum(cur_ == v) for v in vals]])
    return float(stats.chi2_contingency(table, correction=False)[0])


def wass(ref, cur_):
    return float(stats.wasserstein_distance(ref, cur_) / max(np.std(ref), 0.001))


# ------------------------------------------------------------ exact numeric
rng = np.random.default_rng(20240501)
datasets = {}
sizes = [(1, 1), (1, 7), (5, 5), (13, 29), (40, 40), (100, 150), (333, 250), (500, 1000),
         (999, 1001), (1000, 1000), (1500, 700), (2048, 2048), (4096, 3000), (4096, 4096),
         (3, 4000), (2500, 2600), (60, 61), (200, 7)]
ds = 0
for (n1, n2) in sizes:
    for kind in ("normal", "ties", "shift", "scale"):
        ds += 1
        a = rng.normal(0, 1, n1)
        b = rng.normal(0, 1, n2)
        if kind == "ties":
            a = np.round(a * 2) / 2
            b = np.round(b * 2) / 2 + 0.5 * (rng.random(n2) < 0.3)
        elif kind == "shift":
            b = b + 0.3
        elif kind == "scale":
            a = a * 1000 + 5e6
            b = b * 1300 + 5e6 + 100
        if max(n1, n2) > 1000:
            # more than ~1100 full-precision doubles do not fit 8 kB exact:
            # values on a binary grid (many ties at 4096 values) do
            q = 16 if kind == "scale" else 4096
            a, b = np.round(a * q) / q, np.round(b * q) / q
        datasets[ds] = (a, b)
ck.check("exact_datasets_fit_the_budget",
         all(qsketch_ref.stays_exact(a) and qsketch_ref.stays_exact(b) for a, b in datasets.values()),
         str([(d, len(a), qsketch_ref.exact_size(a), len(b), qsketch_ref.exact_size(b))
              for d, (a, b) in datasets.items()
              if not (qsketch_ref.stays_exact(a) and qsketch_ref.stays_exact(b))][:5]))
data = []
for d, (a, b) in datasets.items():
    data += [(d, 0, float(v)) for v in a] + [(d, 1, float(v)) for v in b]
# NULL / NaN / inf must not enter the sketch
data += [(1, 0, None), (1, 0, float("nan")), (1, 1, float("inf")), (1, 1, float("-inf"))]
copy_rows(conn, "xc_drift.num", ("ds", "side", "x"), data)
cur.execute("ANALYZE xc_drift.num")

Q_NUM = """
SELECT ds, (mlcheck.ks(r, c)).*, mlcheck.wasserstein(r, c), mlcheck.psi(r, c),
       mlcheck.psi(r, c, bins => 7), mlcheck.js_distance(r, c), mlcheck.js_distance(r, c, bins => 5),
       mlcheck.is_exact(r) AND mlcheck.is_exact(c), mlcheck.mean(r), mlcheck.variance(r),
       mlcheck.stddev_pop(r), mlcheck.min_value(r), mlcheck.max_value(r),
       mlcheck.quantile(r, 0.1), mlcheck.quantile(r, 0.5), mlcheck.quantile(r, 0.77), mlcheck.quantile(r, 1),
       mlcheck.cdf(r, 0.25), (mlcheck.drift(r, c)).method, (mlcheck.drift(r, c)).statistic,
       r::text, c::text
FROM (SELECT ds, mlcheck.profile(x) FILTER (WHERE side = 0) r, mlcheck.profile(x) FILTER (WHERE side = 1) c
      FROM xc_drift.num GROUP BY ds) s ORDER BY ds"""

set_parallel(conn, False)
serial = rows(conn, Q_NUM)
bad = {}
for row in serial:
    (d, ks_d, ks_p, w, psi, psi7, js, js5, exact, mean, var, sdp, mn, mx,
     q10, q50, q77, q100, cdf25, meth, dstat, rtext, ctext) = row
    a, b = datasets[d]
    res = stats.ks_2samp(a, b, method="auto")
    checks = [
        ("ks_stat", ks_d, float(res.statistic)), ("ks_p", ks_p, float(res.pvalue)),
        ("wasserstein", w, wass(a, b)), ("psi", psi, np_psi(a, b)), ("psi7", psi7, np_psi(a, b, 7)),
        ("js", js, np_js(a, b)), ("js5", js5, np_js(a, b, 5)),
        ("mean", mean, float(np.mean(a))), ("variance", var, float(np.var(a, ddof=1)) if len(a) > 1 else None),
        ("stddev_pop", sdp, float(np.std(a))), ("min", mn, float(a.min())), ("max", mx, float(a.max())),
        ("q10", q10, float(np.quantile(a, 0.1))), ("q50", q50, float(np.quantile(a, 0.5))),
        ("q77", q77, float(np.quantile(a, 0.77))), ("q100", q100, float(np.quantile(a, 1.0))),
        ("cdf", cdf25, float(np.mean(a <= 0.25))),
    ]
    # Evidently's rule: at most 5 distinct values over both samples picks
    # chi2 (small reference) or js
    few = len(np.unique(np.concatenate([a, b]))) <= 5
    want_method = ("chi2" if few else "ks") if len(a) <= 1000 else ("js" if few else "wasserstein")
    want_stat = {"ks": lambda: float(res.statistic), "wasserstein": lambda: wass(a, b),
                 "js": lambda: np_js(a, b), "chi2": lambda: np_chi2_values(a, b)}[want_method]()
    checks.append(("drift_stat", dstat, want_stat))
    for name, got, want in checks:
        ok = (got is None and want is None) or (got is not None and want is not None and
                                                math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12))
        if not ok:
            bad.setdefault(name, []).append((d, len(a), len(b), got, want))
    if not exact or meth != want_method:
        bad.setdefault("exact_or_method", []).append((d, exact, meth))
for name in ["ks_stat", "ks_p", "wasserstein", "psi", "psi7", "js", "js5", "mean", "variance",
             "stddev_pop", "min", "max", "q10", "q50", "q77", "q100", "cdf", "drift_stat", "exact_or_method"]:
    ck.check(f"exact_{name}_{len(serial)}_datasets", name not in bad, str(bad.get(name, ""))[:600])

# NULL/NaN/Inf counted, not sketched
r = rows(conn, """SELECT mlcheck.n_null(p), mlcheck.n_nan(p), mlcheck.n(p) FROM
  (SELECT mlcheck.profile(x) p FROM xc_drift.num WHERE ds = 1 AND side = 0) s""")[0]
ck.check("nonfinite_counted", r == (1, 1, len(datasets[1][0])), str(r))
r = rows(conn, """SELECT mlcheck.n_posinf(p), mlcheck.n_neginf(p), mlcheck.n(p) FROM
  (SELECT mlcheck.profile(x) p FROM xc_drift.num WHERE ds = 1 AND side = 1) s""")[0]
ck.check("infinities_counted", r == (1, 1, len(datasets[1][1])), str(r))

# forced parallel: identical exact profiles and statistics
set_parallel(conn, True)
ck.check("parallel_plan", grouped_parallel(conn, Q_NUM))
par = rows(conn, Q_NUM)
set_parallel(conn, False)
ck.check("parallel_equals_serial_exact", par == serial,
         "first difference: " + str(next(((p[0]) for p, s in zip(par, serial) if p != s), None)))

# text / jsonb / binary round trips
rt = rows(conn, """SELECT ds, side, p::text::mlcheck.numeric_profile::text = p::text,
     p::jsonb::mlcheck.numeric_profile::text = p::text
     FROM (SELECT ds, side, mlcheck.profile(x) p FROM xc_drift.num GROUP BY ds, side) s
     ORDER BY ds, side""")
ck.check(f"text_jsonb_roundtrip_{len(rt)}_profiles", all(r[2] and r[3] for r in rt),
         str([r for r in rt if not (r[2] and r[3])][:5]))

# ------------------------------------------------------------ KS p-value grid
# statistic chosen by construction: shifted integer grids give many (n1, n2, d)
grid_bad = []
cur.execute("CREATE TABLE xc_drift.grid (ds int, side int, x float8)")
gdata, gsets, g = [], {}, 0
for n1 in (1, 2, 3, 10, 37, 100, 640, 1000, 4096):
    for n2 in (1, 5, 10, 64, 99, 1000, 4095):
        for shift in (0.0, 0.0625, 0.1875, 1.0):
            g += 1
            # binary fractions above 1000 values, so that both profiles stay exact
            a = np.arange(n1) / (n1 if n1 <= 1000 else 4096)
            b = np.arange(n2) / (n2 if n2 <= 1000 else 4096) + shift
            gsets[g] = (a, b)
            gdata += [(g, 0, float(v)) for v in a] + [(g, 1, float(v)) for v in b]
copy_rows(conn, "xc_drift.grid", ("ds", "side", "x"), gdata)
for d, s, p in rows(conn, """SELECT ds, (mlcheck.ks(r, c)).* FROM (SELECT ds,
        mlcheck.profile(x) FILTER (WHERE side = 0) r, mlcheck.profile(x) FILTER (WHERE side = 1) c
        FROM xc_drift.grid GROUP BY ds) s ORDER BY ds"""):
    a, b = gsets[d]
    res = stats.ks_2samp(a, b)
    if not (math.isclose(s, res.statistic, rel_tol=1e-9, abs_tol=1e-12) and
            math.isclose(p, res.pvalue, rel_tol=1e-9, abs_tol=1e-12)):
        grid_bad.append((len(a), len(b), s, float(res.statistic), p, float(res.pvalue)))
ck.check(f"ks_pvalue_grid_{g}", not grid_bad, str(grid_bad[:5]))

# ------------------------------------------------------------ categorical
cats = {}
cdata = []
labels = [f"c{i:02d}" for i in range(12)] + ["Ünï", "a b", ""]
for d in range(1, 41):
    k = int(rng.integers(1, len(labels)))
    n1, n2 = int(rng.integers(1, 2000)), int(rng.integers(1, 2000))
    pa = rng.dirichlet(np.ones(k))
    pb = pa if d % 3 else rng.dirichlet(np.ones(k))
    a = rng.choice(labels[:k], n1, p=pa)
    b = rng.choice(labels[:k], n2, p=pb)
    if d % 5 == 0:
        b = np.concatenate([b, ["brand-new"] * 7])
    cats[d] = (a, b)
    cdata += [(d, 0, str(v)) for v in a] + [(d, 1, str(v)) for v in b]
cdata += [(1, 0, None), (1, 1, None)]
copy_rows(conn, "xc_drift.cat", ("ds", "side", "x"), cdata)
Q_CAT = """SELECT ds, (mlcheck.chi2(r, c)).*, mlcheck.js_distance(r, c), mlcheck.psi(r, c),
    (mlcheck.drift(r, c)).method, (mlcheck.drift(r, c)).p_value, (mlcheck.drift(r, c)).details, r::text
    FROM (SELECT ds, mlcheck.profile(x) FILTER (WHERE side = 0) r, mlcheck.profile(x) FILTER (WHERE side = 1) c
          FROM xc_drift.cat GROUP BY ds) s ORDER BY ds"""
cser = rows(conn, Q_CAT)
cbad = {}
for d, s, df, p, js, psi, meth, dp, details, _ in cser:
    a, b = cats[d]
    keys = sorted(set(a) | set(b), key=lambda t: t.encode())
    ra = np.array([np.sum(a == k) for k in keys], float)
    cb = np.array([np.sum(b == k) for k in keys], float)
    if len(keys) > 1:
        cs, cp, cdf, _ = stats.chi2_contingency(np.array([ra, cb]), correction=False)
    else:
        cs, cp, cdf = 0.0, 1.0, 0
    want_js = float(distance.jensenshannon(ra / len(a), cb / len(b)))
    pr = np.where(ra == 0, PSI_EPS, ra / len(a))
    pc = np.where(cb == 0, PSI_EPS, cb / len(b))
    want_psi = float(np.sum((pc - pr) * np.log(pc / pr)))
    for name, got, want in (("chi2_stat", s, cs), ("chi2_p", p, cp), ("chi2_df", df, cdf), ("js", js, want_js),
                            ("psi", psi, want_psi)):
        if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12):
            cbad.setdefault(name, []).append((d, got, want))
    want_meth = "chi2" if len(a) <= 1000 else "js"
    if meth != want_meth:
        cbad.setdefault("method", []).append((d, meth))
    new = sorted(set(b) - set(a))
    if details["new_categories"] != new or details["n_new_categories"] != len(new):
        cbad.setdefault("details_new", []).append((d, details["new_categories"], new))
    missing = sorted(set(a) - set(b), key=lambda t: t.encode())
    if details["missing_categories"] != missing[:20]:
        cbad.setdefault("details_missing", []).append((d, details["missing_categories"], missing))
for name in ["chi2_stat", "chi2_p", "chi2_df", "js", "psi", "method", "details_new", "details_missing"]:
    ck.check(f"categorical_{name}_{len(cser)}_datasets", name not in cbad, str(cbad.get(name, ""))[:600])
set_parallel(conn, True)
ck.check("categorical_parallel_plan", grouped_parallel(conn, Q_CAT))
cpar = rows(conn, Q_CAT)
set_parallel(conn, False)
ck.check("categorical_parallel_equals_serial", cpar == cser)

# ------------------------------------------------------------ sketched (200k rows)
cur.execute("""CREATE TABLE xc_drift.big AS
    SELECT g, CASE WHEN g <= 200000 THEN 0 ELSE 1 END AS side,
           CASE WHEN g <= 200000 THEN x ELSE x * 1.1 + 0.05 END AS x
    FROM (SELECT g, sqrt(-2 * ln(1 - ((g * 0.6180339887498949) - floor(g * 0.6180339887498949))))
                 * cos(2 * pi() * ((g * 0.7548776662466927) - floor(g * 0.7548776662466927))) AS x
          FROM generate_series(1, 400000) g) s""")
cur.execute("ANALYZE xc_drift.big")
big = rows(conn, "SELECT side, x FROM xc_drift.big ORDER BY g")
A = np.array([x for s, x in big if s == 0])
B = np.array([x for s, x in big if s == 1])
Q_BIG = """SELECT (mlcheck.ks(r, c)).*, mlcheck.wasserstein(r, c), mlcheck.psi(r, c), mlcheck.js_distance(r, c),
       mlcheck.is_exact(r), mlcheck.rank_error(r), octet_length(mlcheck._numeric_profile_send(r)),
       mlcheck.mean(r), mlcheck.stddev(r),
       ARRAY(SELECT mlcheck.quantile(r, q / 100.0) FROM generate_series(1, 99) q),
       ARRAY(SELECT mlcheck.cdf(r, t / 10.0) FROM generate_series(-30, 30) t)
  FROM (SELECT mlcheck.profile(x) FILTER (WHERE side = 0) r, mlcheck.profile(x) FILTER (WHERE side = 1) c
        FROM xc_drift.big) s"""


def check_big(tag, res, prof):
    d, p, w, psi, js, exact, reps, size, mean, sd, qs, cdfs = res
    ref = stats.ks_2samp(A, B)
    g = json.loads(prof)
    want = qsketch_ref.grid(A, g["bits"])
    got = [(b[0], b[1], b[2] if len(b) == 3 else None) for b in g["buckets"]]
    ck.check(f"{tag}_grid_counts_exact", got == want, f"{len(got)} vs {len(want)} buckets")
    ck.check(f"{tag}_sketched", exact is False and g.get("format") == 2 and
             math.isclose(reps, qsketch_ref.bound(A, g["bits"]), rel_tol=1e-12) and reps <= qsketch_ref.BOUND_MAX,
             f"exact={exact} eps={reps}")
    EPS = reps  # the profile's own documented bound
    ck.check(f"{tag}_size_bounded_{size}_bytes", size <= 8192, str(size))
    ck.check(f"{tag}_ks_stat_within_bound", abs(d - ref.statistic) <= 2 * EPS, f"{d} vs {ref.statistic}")
    en = round(len(A) * len(B) / (len(A) + len(B)))
    lo = stats.kstwo.sf(min(1, ref.statistic + 2 * EPS), en)
    hi = stats.kstwo.sf(max(0, ref.statistic - 2 * EPS), en)
    ck.check(f"{tag}_ks_p_within_bound", lo * (1 - 1e-3) <= p <= hi * (1 + 1e-3) + 1e-300, f"{p} not in [{lo}, {hi}]")
    span = (max(A.max(), B.max()) - min(A.min(), B.min())) / max(np.std(A), 0.001)
    ck.check(f"{tag}_wasserstein_within_bound", abs(w - wass(A, B)) <= 2 * EPS * span, f"{w} vs {wass(A, B)}")
    ck.close(f"{tag}_mean", mean, float(np.mean(A)))
    ck.close(f"{tag}_stddev", sd, float(np.std(A, ddof=1)))
    sA = np.sort(A)
    rank_err = max(abs(np.searchsorted(sA, qv, "right") / len(A) - q / 100) for q, qv in zip(range(1, 100), qs))
    ck.check(f"{tag}_quantile_rank_error_{rank_err:.5f}", rank_err <= EPS + 1 / len(A))
    cdf_err = max(abs(c - np.mean(A <= t / 10.0)) for t, c in zip(range(-30, 31), cdfs))
    ck.check(f"{tag}_cdf_error_{cdf_err:.5f}", cdf_err <= EPS)
    # psi/js move by at most what a rank error of EPS in each bin allows; report
    ck.check(f"{tag}_psi_close", abs(psi - np_psi(A, B)) <= 0.02 * max(1, np_psi(A, B)) + 0.01,
             f"{psi} vs {np_psi(A, B)}")
    ck.check(f"{tag}_js_close", abs(js - np_js(A, B)) <= 0.02, f"{js} vs {np_js(A, B)}")
    return res


Q_BIG_TEXT = "SELECT mlcheck.profile(x) FILTER (WHERE side = 0)::text FROM xc_drift.big"
set_parallel(conn, False)
s_big = check_big("sketch_serial", rows(conn, Q_BIG)[0], scalar(conn, Q_BIG_TEXT))
s_again = rows(conn, Q_BIG)[0]
ck.check("sketch_deterministic_same_plan", s_again == s_big)
set_parallel(conn, True)
ck.check("sketch_parallel_plan", plan_has_parallel(conn, "SELECT mlcheck.profile(x) FROM xc_drift.big"))
p_big = check_big("sketch_parallel", rows(conn, Q_BIG)[0], scalar(conn, Q_BIG_TEXT))
set_parallel(conn, False)
ck.check("sketch_parallel_vs_serial_ks", abs(p_big[0] - s_big[0]) <= 2 * max(p_big[6], s_big[6]))

# merge of stored daily profiles == profile of everything (exact while small)
cur.execute("""CREATE TABLE xc_drift.daily AS SELECT ds, side, mlcheck.profile(x) p
               FROM xc_drift.num GROUP BY ds, side""")
ok = scalar(conn, """SELECT bool_and(m::text = a::text) FROM
   (SELECT ds, mlcheck.merge(p) m FROM xc_drift.daily WHERE ds <= 20 GROUP BY ds) x
   JOIN (SELECT ds, mlcheck.profile(x) a FROM xc_drift.num WHERE ds <= 20 GROUP BY ds) y USING (ds)""")
ck.check("merge_equals_profile_exact", ok is True)

# ------------------------------------------------------------ errors
ck.error("malformed_numeric_text", conn, "SELECT '{\"n\": 1}'::mlcheck.numeric_profile", "22P02")
ck.error("unsorted_exact_values", conn,
         "SELECT '{\"n\": 2, \"exact\": true, \"levels\": [[2, 1]]}'::mlcheck.numeric_profile", "22P02")
ck.error("malformed_categorical_text", conn,
         "SELECT '{\"n\": 3, \"categories\": {\"a\": 2}}'::mlcheck.categorical_profile", "22P02")
ck.error("bad_quantile_level", conn, "SELECT mlcheck.quantile(mlcheck.profile(1.0::float8), 1.5)", "22003")
ck.error("bad_method", conn, "SELECT mlcheck.drift(p, p, method => 'nope') FROM (SELECT mlcheck.profile(1.0::float8) p) s", "22023")
ck.error("ks_on_categorical", conn, "SELECT mlcheck.drift(p, p, method => 'ks') FROM (SELECT mlcheck.profile('a'::text) p) s", "22023")
ck.error("bad_bins", conn, "SELECT mlcheck.psi(p, p, bins => 1) FROM (SELECT mlcheck.profile(1.0::float8) p) s", "22023")
ck.error("bad_threshold", conn, "SELECT mlcheck.drift(p, p, threshold => 2) FROM (SELECT mlcheck.profile(1.0::float8) p) s", "22023")

cur.execute("DROP SCHEMA xc_drift CASCADE")
ck.done()
