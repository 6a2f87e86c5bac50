"""Cross-check the performance monitors against scikit-learn and NumPy.

- kind performance: for every metric (accuracy, balanced_accuracy,
  precision, recall, f1, mcc, roc_auc, pr_auc, log_loss, brier, mae, rmse,
  mape, r2) each window's statistic equals sklearn over that window's
  labelled rows (1e-9), on the bundled data (weekly windows) and on
  generated data with tied scores, integer labels and NULL labels (daily
  windows); the rows counted in details; the band stored at creation equals
  NumPy mean ± 3·std(ddof=0) of the metric over the reference's windows,
  clipped to the metric's range, and a window alerts exactly when strictly
  outside it.  (The monitors take no weight column, so there is no weighted
  case.)
- kind estimated_performance: each window's statistic equals the building
  blocks run ad hoc (calibrate, expected_confusion, expected_roc_auc) and
  the NumPy CBPE sums with sklearn's isotonic calibrator; its band comes
  from the realized metric on the reference's windows; on 200k rows of
  calibrated synthetic data (labels Bernoulli(p)) the estimated accuracy,
  F1 and ROC AUC are within 0.01 of the realized ones, and on miscalibrated
  scores the isotonic step brings them within 0.02.
"""
import csv
import datetime as dt
import json
import os
import warnings

import numpy as np
from sklearn import metrics as skm
from sklearn.isotonic import IsotonicRegression

from common import Checker, connect, copy_rows, rows, scalar

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/performance_monitors")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_perf CASCADE; CREATE SCHEMA xc_perf")
cur.execute("DELETE FROM mlcheck.monitors WHERE name LIKE 'xc_perf%'")
rng = np.random.default_rng(1717)
UTC = dt.timezone.utc

LABEL = ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "mcc"]
SCORE = ["roc_auc", "pr_auc", "log_loss", "brier"]
REGR = ["mae", "rmse", "mape", "r2"]
LOSS = {"log_loss", "brier", "mae", "rmse", "mape"}
RANGE = {m: (0.0, 1.0) for m in LABEL + ["roc_auc", "pr_auc"]}
RANGE.update({"mcc": (-1.0, 1.0), "r2": (None, 1.0)})
RANGE.update({m: (0.0, None) for m in LOSS})


def sk_metric(metric, y, p):
    """sklearn's value of a metric, None when undefined (as mlcheck)."""
    if len(y) == 0:
        return None
    if metric == "accuracy":
        return skm.accuracy_score(y, p)
    if metric == "balanced_accuracy":
        return skm.balanced_accuracy_score(y, p)
    if metric == "precision":
        return None if np.sum(p == 1) == 0 else skm.precision_score(y, p)
    if metric == "recall":
        return None if np.sum(y == 1) == 0 else skm.recall_score(y, p)
    if metric == "f1":
        tp = np.sum((y == 1) & (p == 1))
        if np.sum(p == 1) == 0 and np.sum(y == 1) == 0:
            return None
        return skm.f1_score(y, p) if tp > 0 or np.sum(p == 1) + np.sum(y == 1) > 0 else None
    if metric == "mcc":
        c = skm.confusion_matrix(y, p, labels=[0, 1])
        if (c.sum(axis=0) == 0).any() or (c.sum(axis=1) == 0).any():
            return None
        return skm.matthews_corrcoef(y, p)
    if metric in ("roc_auc", "pr_auc"):
        if len(set(y.tolist())) < 2:
            return None
        return skm.roc_auc_score(y, p) if metric == "roc_auc" else skm.average_precision_score(y, p)
    if metric == "log_loss":
        return skm.log_loss(y, p, labels=[0, 1])
    if metric == "brier":
        return skm.brier_score_loss(y, p)
    if metric == "mae":
        return skm.mean_absolute_error(y, p)
    if metric == "rmse":
        return skm.mean_squared_error(y, p, squared=False)
    if metric == "mape":
        return skm.mean_absolute_percentage_error(y, p)
    if metric == "r2":
        return None if len(y) < 2 else skm.r2_score(y, p)
    raise ValueError(metric)


def band_of(metric, values):
    v = np.array([x for x in values if x is not None], dtype=float)
    m, s = float(np.mean(v)), float(np.std(v, ddof=0))
    lo, hi = m - 3 * s, m + 3 * s
    rlo, rhi = RANGE[metric]
    if rlo is not None:
        lo = max(lo, rlo)
    if rhi is not None:
        hi = min(hi, rhi)
    return m, s, lo, hi, len(v)


def week_start(t, days):
    origin = dt.datetime(2000, 1, 3, tzinfo=UTC)
    k = (t - origin) // dt.timedelta(days=days)
    return origin + k * dt.timedelta(days=days)


def run_monitor(name, first, last, step):
    d = first
    while d <= last:
        cur.execute("SELECT 1 FROM mlcheck.check_monitor(%s, %s)", (name, d))
        d += step
    return {r[0]: r[1:] for r in rows(conn, """SELECT window_start, status, statistic, alert, details::text, error
        FROM mlcheck.results WHERE monitor = %s ORDER BY window_start""", (name,))}


def check_monitor_windows(tag, name, metric, table_rows, pred_index, days, ref_rows, first, last):
    """table_rows: (ts, actual or None, predicted); the same for ref_rows."""
    res = run_monitor(name, first, last, dt.timedelta(days=days))
    settings = scalar(conn, "SELECT settings::text FROM mlcheck.monitors WHERE name = %s", (name,))
    band = json.loads(settings).get("band")
    # band against NumPy over the reference's windows
    wins = {}
    for t, a, p in ref_rows:
        wins.setdefault(week_start(t, days), []).append((a, p))
    ref_vals = []
    for w in sorted(wins):
        lab = [(a, p) for a, p in wins[w] if a is not None and p is not None]
        ref_vals.append(sk_metric(metric, np.array([a for a, _ in lab]), np.array([p for _, p in lab])))
    m, s, lo, hi, nw = band_of(metric, ref_vals)
    ck.close(f"{tag}/{metric}/band_mean", band["mean"], m)
    ck.close(f"{tag}/{metric}/band_sd", band["sd"], s)
    ck.close(f"{tag}/{metric}/band_lower", band["lower"], lo)
    ck.close(f"{tag}/{metric}/band_upper", band["upper"], hi)
    ck.check(f"{tag}/{metric}/band_windows", band["n_windows"] == nw, f"{band['n_windows']} vs {nw}")
    cwins = {}
    for t, a, p in table_rows:
        cwins.setdefault(week_start(t, days), []).append((a, p))
    bad = []
    for w in sorted(cwins):
        if w not in res:
            continue
        st, stat, alert, details, err = res[w]
        lab = [(a, p) for a, p in cwins[w] if a is not None and p is not None]
        want = sk_metric(metric, np.array([a for a, _ in lab]), np.array([p for _, p in lab]))
        ck.close(f"{tag}/{metric}/{w.date()}", stat, want)
        det = json.loads(details)
        ck.check(f"{tag}/{metric}/{w.date()}/counts",
                 det["n_rows"] == len(cwins[w]) and det["n_unlabelled"] == sum(a is None for a, _ in cwins[w])
                 and det["n_evaluated"] == len(lab), details)
        want_alert = want is not None and (want < lo or want > hi)
        if alert != want_alert:
            bad.append(str(w.date()))
    ck.check(f"{tag}/{metric}/alerts_strictly_outside_band", not bad, f"windows {bad}")


# ------------------------------------------------------- bundled data (weekly)
datadir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
with open(os.path.join(datadir, "cancer_predictions.csv")) as f:
    recs = [r for r in csv.DictReader(f) if r["model"] == "gbm-v2"]
cur.execute("CREATE TABLE xc_perf.cancer (ts timestamptz, label boolean, score float8, predicted boolean, y int, radius float8)")
data = [(r["ts"], r["label"] == "true", float(r["score"]), float(r["score"]) >= 0.5,
         int(r["label"] == "true"), float(r["mean_radius"])) for r in recs]
copy_rows(conn, "xc_perf.cancer", ["ts", "label", "score", "predicted", "y", "radius"], data)
cur.execute("CREATE VIEW xc_perf.cancer_ref AS SELECT * FROM xc_perf.cancer WHERE ts < '2026-10-19'")
parsed = [(dt.datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in data]
first, last = dt.datetime(2026, 9, 14, 6, tzinfo=UTC), dt.datetime(2026, 11, 2, 6, tzinfo=UTC)
for metric in LABEL + SCORE + REGR:
    if metric in LABEL:
        actual, pred, tr = "label", "predicted", [(t, y, int(p)) for t, _, _, p, y, _ in parsed]
    elif metric in SCORE:
        actual, pred, tr = "label", "score", [(t, int(l), s) for t, l, s, _, _, _ in parsed]
    else:
        # a regression of the score on the 0/1 label (mse is the Brier score)
        actual, pred, tr = "y", "score", [(t, y, s) for t, _, s, _, y, _ in parsed]
    name = f"xc_perf_cancer_{metric}"
    cur.execute("""SELECT 1 FROM mlcheck.add_performance_monitor(%s, 'xc_perf.cancer', 'ts', %s, %s, %s, '7 days',
                   reference => 'xc_perf.cancer_ref')""", (name, actual, pred, metric))
    ref = [x for x in tr if x[0] < dt.datetime(2026, 10, 19, tzinfo=UTC)]
    check_monitor_windows("cancer", name, metric, tr, 2, 7, ref, first, last)

# ---------------------------------------- generated data: ties, NULL labels (daily)
def gen(n, day0, ndays, with_nulls):
    out = []
    for i in range(n):
        t = dt.datetime(2026, 3, 2, tzinfo=UTC) + dt.timedelta(days=day0, seconds=int(rng.integers(0, 86400 * ndays)))
        s = float(np.round(rng.beta(2, 2), 2))                     # tied scores
        y = int(rng.random() < s)
        yv = None if with_nulls and rng.random() < 0.1 else y
        pred = int(s >= 0.5) if rng.random() > 0.1 else int(rng.random() < 0.5)
        act_r = float(np.round(rng.normal(10, 3), 1))
        pr_r = float(np.round(act_r + rng.normal(0, 1), 1))
        out.append((t, yv, s, pred, None if yv is None else act_r, pr_r))
    return out


src = gen(6000, 0, 6, True)
refg = gen(4000, -5, 5, False)
for tab, d in (("gen", src), ("gen_ref", refg)):
    cur.execute(f"CREATE TABLE xc_perf.{tab} (ts timestamptz, y int, yb boolean, s float8, p int, pb boolean, a_r float8, p_r float8)")
    copy_rows(conn, f"xc_perf.{tab}", ["ts", "y", "yb", "s", "p", "pb", "a_r", "p_r"],
              [(t, y, None if y is None else bool(y), s, p, bool(p), ar, pr) for t, y, s, p, ar, pr in d])
first, last = dt.datetime(2026, 3, 3, 1, tzinfo=UTC), dt.datetime(2026, 3, 8, 1, tzinfo=UTC)
for metric in LABEL + SCORE + REGR:
    if metric in LABEL:
        actual, pred, pick = ("y", "p", lambda r: (r[0], r[1], r[3])) if metric != "mcc" else \
                             ("yb", "pb", lambda r: (r[0], r[1], r[3]))
    elif metric in SCORE:
        actual, pred, pick = "y", "s", lambda r: (r[0], r[1], r[2])
    else:
        actual, pred, pick = "a_r", "p_r", lambda r: (r[0], r[4], r[5])
    name = f"xc_perf_gen_{metric}"
    cur.execute("""SELECT 1 FROM mlcheck.add_performance_monitor(%s, 'xc_perf.gen', 'ts', %s, %s, %s, '1 day',
                   reference => 'xc_perf.gen_ref')""", (name, actual, pred, metric))
    check_monitor_windows("generated", name, metric, [pick(r) for r in src], 2, 1, [pick(r) for r in refg], first, last)

# a threshold alerts below it for scores, above it for losses
cur.execute("""SELECT 1 FROM mlcheck.add_performance_monitor('xc_perf_thr_acc', 'xc_perf.gen', 'ts', 'y', 'p', 'accuracy',
               '1 day', threshold => 0.8)""")
cur.execute("""SELECT 1 FROM mlcheck.add_performance_monitor('xc_perf_thr_ll', 'xc_perf.gen', 'ts', 'y', 's', 'log_loss',
               '1 day', threshold => 0.6)""")
for name, loss in (("xc_perf_thr_acc", False), ("xc_perf_thr_ll", True)):
    res = run_monitor(name, first, last, dt.timedelta(days=1))
    thr = 0.6 if loss else 0.8
    ok = all(r[2] == ((r[1] > thr) if loss else (r[1] < thr)) for r in res.values() if r[1] is not None)
    ck.check(f"threshold/{name}", ok and len(res) == 6, str(res))

# ------------------------------------------------------------- CBPE
def cbpe_case(tag, n, transform, tol):
    p_true = rng.beta(2, 3, size=2 * n)
    y = rng.random(2 * n) < p_true
    s = transform(p_true)
    dec = s >= np.quantile(s, 0.6)            # the model's own decisions
    # reference: two days (two windows for the band); current: one day
    t0 = dt.datetime(2026, 5, 4, tzinfo=UTC)
    ts = [t0 + dt.timedelta(seconds=int(x)) for x in rng.integers(0, 2 * 86400, size=n)] + \
         [t0 + dt.timedelta(days=2, seconds=int(x)) for x in rng.integers(0, 86400, size=n)]
    cur.execute(f"CREATE TABLE xc_perf.{tag} (ts timestamptz, s float8, d boolean, y boolean)")
    copy_rows(conn, f"xc_perf.{tag}", ["ts", "s", "d", "y"],
              [(ts[i], float(s[i]), bool(dec[i]), bool(y[i])) for i in range(2 * n)])
    cur.execute(f"CREATE VIEW xc_perf.{tag}_ref AS SELECT * FROM xc_perf.{tag} WHERE ts < '2026-05-06'")
    cur.execute(f"CREATE VIEW xc_perf.{tag}_cur AS SELECT ts, s, d FROM xc_perf.{tag} WHERE ts >= '2026-05-06'")
    iso = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(s[:n], y[:n].astype(float))
    pc = iso.predict(s[n:])
    dc, yc = dec[n:], y[n:]
    for metric in ("accuracy", "precision", "recall", "f1", "roc_auc"):
        name = f"xc_perf_{tag}_{metric}"
        cur.execute("""SELECT 1 FROM mlcheck.add_estimated_performance_monitor(%s, %s, 'ts', 's', 'd', %s, '1 day',
                       %s, 'y')""", (name, f"xc_perf.{tag}_cur", metric, f"xc_perf.{tag}_ref"))
        got = rows(conn, "SELECT statistic, details::text FROM mlcheck.check_monitor(%s, '2026-05-07 03:00+00')", (name,))[0]
        # the NumPy CBPE sums over sklearn's calibrated probabilities
        tp, fp = np.sum(pc[dc]), np.sum(1 - pc[dc])
        fn, tn = np.sum(pc[~dc]), np.sum(1 - pc[~dc])
        want_est = {"accuracy": (tp + tn) / n, "precision": tp / (tp + fp), "recall": tp / (tp + fn),
                    "f1": 2 * tp / (2 * tp + fp + fn),
                    "roc_auc": skm.roc_auc_score(np.r_[np.ones(n), np.zeros(n)], np.r_[pc, pc],
                                                 sample_weight=np.r_[pc, 1 - pc])}[metric]
        ck.close(f"{tag}/{metric}/equals_numpy_cbpe", got[0], float(want_est), rel=1e-7)
        adhoc = scalar(conn, f"""WITH c AS (SELECT mlcheck.isotonic(s, y) c FROM xc_perf.{tag}_ref)
            SELECT {"mlcheck.expected_roc_auc(mlcheck.calibrate(c.c, s))" if metric == "roc_auc" else
                    f"mlcheck.{metric}(mlcheck.expected_confusion(mlcheck.calibrate(c.c, s), d))"}
              FROM xc_perf.{tag}_cur, c""")
        ck.close(f"{tag}/{metric}/equals_adhoc_sql", got[0], adhoc, rel=1e-12)
        realized = {"accuracy": skm.accuracy_score(yc, dc), "precision": skm.precision_score(yc, dc),
                    "recall": skm.recall_score(yc, dc), "f1": skm.f1_score(yc, dc),
                    "roc_auc": skm.roc_auc_score(yc, s[n:])}[metric]
        if metric in ("accuracy", "f1", "roc_auc"):
            ck.check(f"{tag}/{metric}/within_{tol}_of_realized", abs(got[0] - realized) <= tol,
                     f"estimated {got[0]:.5f}, realized {realized:.5f}")
        # the band: the realized metric on the reference's two days
        band = json.loads(scalar(conn, "SELECT settings->>'band' FROM mlcheck.monitors WHERE name = %s", (name,)))
        vals = []
        for day in range(2):
            lo_t, hi_t = t0 + dt.timedelta(days=day), t0 + dt.timedelta(days=day + 1)
            idx = [i for i in range(n) if lo_t <= ts[i] < hi_t]
            yy, dd, ss = y[idx], dec[idx], s[idx]
            vals.append(skm.roc_auc_score(yy, ss) if metric == "roc_auc" else sk_metric(metric, yy.astype(int), dd.astype(int)))
        m, sd, lo, hi, nw = band_of(metric, vals)
        ck.close(f"{tag}/{metric}/band_lower", band["lower"], lo)
        ck.close(f"{tag}/{metric}/band_upper", band["upper"], hi)
        ck.check(f"{tag}/{metric}/n_reference", json.loads(got[1])["n_reference"] == n, got[1])


cbpe_case("calibrated", 200000, lambda p: p, 0.01)
cbpe_case("miscalibrated", 200000, lambda p: p ** 3, 0.02)

cur.execute("DELETE FROM mlcheck.monitors WHERE name LIKE 'xc_perf%'")
ck.check("calibrators_dropped_with_monitors",
         scalar(conn, "SELECT count(*) FROM mlcheck.baselines WHERE name LIKE 'xc_perf%'") == 0)
cur.execute("DROP SCHEMA xc_perf CASCADE")
ck.done()
