"""Binned mlcheck.scores summaries (more distinct scores than max_bins) keep
tight AUC bounds when partial summaries are merged — by parallel workers or
by merge() over stored per-group summaries — and always contain the exact
AUC (regression test: bins of different partials used to overlap and merge
into one, giving bounds [0, 1] under a parallel plan)."""
import numpy as np
from sklearn.metrics import roc_auc_score

from common import Checker, connect, copy_rows, rows, set_parallel, plan_has_parallel

ck = Checker("crosscheck/scores_binned")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_sb CASCADE; CREATE SCHEMA xc_sb")
rng = np.random.default_rng(7)
n = 300_000
label = rng.random(n) < 0.3
score = np.clip(rng.normal(0.35 + 0.3 * label, 0.2), 0, 1)
cur.execute("CREATE TABLE xc_sb.t (g int, score float8, label boolean)")
copy_rows(conn, "xc_sb.t", ("g", "score", "label"),
          [(int(i % 24), float(s), bool(l)) for i, (s, l) in enumerate(zip(score, label))])
cur.execute("ANALYZE xc_sb.t")
exact = roc_auc_score(label, score)

q = ("SELECT mlcheck.roc_auc(s), (mlcheck.roc_auc_bounds(s)).lower, (mlcheck.roc_auc_bounds(s)).upper,"
     " mlcheck.is_exact(s) FROM (SELECT mlcheck.scores(score, label, 1000) AS s FROM xc_sb.t) x")
set_parallel(conn, False)
auc_s, lo_s, hi_s, ex_s = rows(conn, q)[0]
set_parallel(conn, True)
ck.check("parallel_plan", plan_has_parallel(conn, "SELECT mlcheck.scores(score, label, 1000) FROM xc_sb.t"), "no parallel plan")
auc_p, lo_p, hi_p, ex_p = rows(conn, q)[0]
set_parallel(conn, False)
ck.check("serial_is_binned", ex_s is False, "expected a binned summary")
for tag, lo, hi, auc in (("serial", lo_s, hi_s, auc_s), ("parallel", lo_p, hi_p, auc_p)):
    ck.check(f"{tag}_bounds_contain_exact", lo <= exact <= hi, f"[{lo}, {hi}] vs {exact}")
    ck.check(f"{tag}_bounds_tight", hi - lo < 0.01, f"width {hi - lo}")
    ck.check(f"{tag}_estimate_close", abs(auc - exact) < 0.005, f"{auc} vs {exact}")
ck.check("parallel_as_tight_as_serial", (hi_p - lo_p) <= 1.5 * (hi_s - lo_s) + 1e-9,
         f"parallel width {hi_p - lo_p}, serial width {hi_s - lo_s}")

# merge() of 24 stored per-group binned summaries
mq = ("SELECT mlcheck.roc_auc(m), (mlcheck.roc_auc_bounds(m)).lower, (mlcheck.roc_auc_bounds(m)).upper"
      " FROM (SELECT mlcheck.merge(s) AS m FROM (SELECT g, mlcheck.scores(score, label, 1000) AS s"
      " FROM xc_sb.t GROUP BY g) y) x")
auc_m, lo_m, hi_m = rows(conn, mq)[0]
ck.check("merged_bounds_contain_exact", lo_m <= exact <= hi_m, f"[{lo_m}, {hi_m}] vs {exact}")
ck.check("merged_bounds_tight", hi_m - lo_m < 0.01, f"width {hi_m - lo_m}")
ck.check("merged_estimate_close", abs(auc_m - exact) < 0.005, f"{auc_m} vs {exact}")
cur.execute("DROP SCHEMA xc_sb CASCADE")
ck.done()
