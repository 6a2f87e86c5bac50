"""Cross-check of categorical drift on profiles that fold categories into
"other" (more categories than a profile keeps) against SciPy.

A category listed by one profile and absent from the other is compared as
absent only when the other profile folded nothing; otherwise it may be
inside the other's "other" and is folded into "other" on both sides.  The
reference here rebuilds that common support from the two profiles' kept
lists (mlcheck.categories, n_other) and the raw rows, then computes
chi2_contingency(correction=False), jensenshannon and PSI with NumPy/SciPy;
mlcheck must agree to 1e-9.  When nothing is folded, the result must equal
SciPy on the full counts.  Two samples of one distribution must not alert.
Run: MLCHECK_PORT=5503 MLCHECK_DB=dev /usr/bin/python3 test/crosscheck/check_drift_common_support.py
"""
import math
import os
import sys
from collections import Counter

import numpy as np
from scipy import stats
from scipy.spatial import distance

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, connect, copy_rows, rows, set_parallel  # noqa: E402

PSI_EPS = 1e-4

ck = Checker("crosscheck/drift_common_support")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_dcs CASCADE")
cur.execute("CREATE SCHEMA xc_dcs")
cur.execute("CREATE TABLE xc_dcs.cat (ds int, side int, x text)")

rng = np.random.default_rng(1414)
# (number of categories, rows per side, same distribution?)
CASES = [(1500, 30000, True), (1500, 30000, False), (1200, 8000, True), (3000, 20000, True),
         (1001, 5000, True), (800, 20000, True), (1500, 20000, None)]
data = {}
cdata = []
for d, (k, n, same) in enumerate(CASES, start=1):
    p = 1.0 / np.arange(1, k + 1) ** 0.4
    p /= p.sum()
    q = p if same else rng.dirichlet(np.ones(k))
    cats = np.array([f"v{i:05d}" for i in range(k)])
    a = cats[rng.choice(k, n, p=p)]
    if same is None:
        # current folds nothing: few categories, some absent from the reference list
        b = cats[rng.choice(50, n // 10)]
    else:
        b = cats[rng.choice(k, n, p=q)]
    data[d] = (a, b)
    cdata += [(d, 0, str(v)) for v in a] + [(d, 1, str(v)) for v in b]
copy_rows(conn, "xc_dcs.cat", ("ds", "side", "x"), cdata)
Q_PROF = """SELECT ds, mlcheck.profile(x) FILTER (WHERE side = 0) r, mlcheck.profile(x) FILTER (WHERE side = 1) c
    FROM xc_dcs.cat GROUP BY ds"""
# profiles built by a parallel plan: partial states keep up to 4000
# categories, so the final profile is the serial one (exact kept counts)
cur.execute("ANALYZE xc_dcs.cat")
set_parallel(conn, True)
plan = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + Q_PROF))
ck.check("parallel_plan", "Gather" in plan and "Partial" in plan, plan)
par = rows(conn, f"SELECT ds, r::text, c::text FROM ({Q_PROF}) s ORDER BY ds")
set_parallel(conn, False)
cur.execute(f"CREATE TABLE xc_dcs.prof AS {Q_PROF}")
ser = rows(conn, "SELECT ds, r::text, c::text FROM xc_dcs.prof ORDER BY ds")
ck.check("parallel_profiles_equal_serial", par == ser,
         "first difference in ds " + str(next((a[0] for a, b in zip(par, ser) if a != b), None)))


def kept(ds, col):
    got = rows(conn, f"SELECT category, count FROM xc_dcs.prof, mlcheck.categories({col}) WHERE ds = %s", (ds,))
    other = rows(conn, f"SELECT mlcheck.n_other({col}) FROM xc_dcs.prof WHERE ds = %s", (ds,))[0][0]
    return {c: n for c, n in got}, other


def common_support(ka, oa, kb, ob):
    """Counts of both sides on the folded common support."""
    keys = sorted(set(ka) | set(kb), key=lambda t: t.encode())
    ra, rb = [], []
    fa, fb = oa, ob
    for key in keys:
        if key in ka and key not in kb and ob > 0:
            fa += ka[key]
        elif key in kb and key not in ka and oa > 0:
            fb += kb[key]
        else:
            ra.append(ka.get(key, 0))
            rb.append(kb.get(key, 0))
    if fa > 0 or fb > 0:
        ra.append(fa)
        rb.append(fb)
    return np.array(ra, float), np.array(rb, float)


def scipy_stats(ra, rb):
    cs, cp, cdf, _ = stats.chi2_contingency(np.array([ra, rb]), correction=False)
    js = float(distance.jensenshannon(ra / ra.sum(), rb / rb.sum()))
    pr = np.where(ra == 0, PSI_EPS, ra / ra.sum())
    pc = np.where(rb == 0, PSI_EPS, rb / rb.sum())
    psi = float(np.sum((pc - pr) * np.log(pc / pr)))
    return cs, cp, cdf, js, psi


got_all = rows(conn, """SELECT ds, (mlcheck.chi2(r, c)).*, mlcheck.js_distance(r, c), mlcheck.psi(r, c),
    (mlcheck.drift(r, c, method => 'chi2')).drifted, (mlcheck.drift(r, c)).details
    FROM xc_dcs.prof ORDER BY ds""")
for ds, s, df, p, js, psi, drifted, details in got_all:
    k, n, same = CASES[ds - 1]
    a, b = data[ds]
    ka, oa = kept(ds, "r")
    kb, ob = kept(ds, "c")
    # the kept lists are the true counts of the categories they list
    ca, cb = Counter(a), Counter(b)
    ck.check(f"ds{ds}_kept_counts_exact", all(ca[x] == v for x, v in ka.items()) and
             all(cb[x] == v for x, v in kb.items()) and oa + sum(ka.values()) == len(a)
             and ob + sum(kb.values()) == len(b))
    ra, rb = common_support(ka, oa, kb, ob)
    ws, wp, wdf, wjs, wpsi = scipy_stats(ra, rb)
    for name, g, w in (("chi2", s, ws), ("chi2_p", p, wp), ("chi2_df", df, wdf), ("js", js, wjs), ("psi", psi, wpsi)):
        ck.check(f"ds{ds}_{name}_{k}cats", math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12), f"got {g!r}, want {w!r}")
    folded = details.get("folded_to_other")
    want_folded = sum(1 for x in ka if x not in kb and ob > 0) + sum(1 for x in kb if x not in ka and oa > 0)
    ck.check(f"ds{ds}_details_folded_to_other", folded == want_folded, f"got {folded!r}, want {want_folded}")
    if oa == 0 and ob == 0:
        # nothing folded: SciPy on the full counts
        keys = sorted(set(a) | set(b), key=lambda t: t.encode())
        fa = np.array([ca[x] for x in keys], float)
        fb = np.array([cb[x] for x in keys], float)
        fs, fp, fdf, fjs, fpsi = scipy_stats(fa, fb)
        ck.check(f"ds{ds}_full_counts_equal_scipy",
                 all(math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12)
                     for g, w in ((s, fs), (p, fp), (df, fdf), (js, fjs), (psi, fpsi))),
                 f"got {(s, p, df, js, psi)}, want {(fs, fp, fdf, fjs, fpsi)}")
    if same:
        ck.check(f"ds{ds}_same_distribution_no_chi2_alert", drifted is False, f"p = {p}")
    if same is False:
        ck.check(f"ds{ds}_different_distribution_alerts", drifted is True, f"p = {p}")

cur.execute("DROP SCHEMA xc_dcs CASCADE")
ck.done()
