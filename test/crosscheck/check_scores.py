"""Cross-check of classification by scores against scikit-learn 1.2:
roc_auc_score, average_precision_score, log_loss (eps='auto', float64 machine epsilon), brier_score_loss,
roc_curve / precision_recall_curve points, on generated data with heavy
ties, all-tied scores, ±Infinity, weights, integer labels, one class, zero
rows, and forced parallel plans compared bit for bit with serial ones.

Run: MLCHECK_PORT=5501 MLCHECK_DB=db /usr/bin/python3 test/crosscheck/check_scores.py
"""
import math
import os
import sys

import numpy as np
from sklearn.metrics import (average_precision_score, brier_score_loss, log_loss,
                             precision_recall_curve, roc_auc_score, roc_curve)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checker, connect, copy_rows, plan_has_parallel, rows, scalar, set_parallel  # noqa: E402

C = Checker("crosscheck/scores")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_scores CASCADE; CREATE SCHEMA xc_scores")
rng = np.random.default_rng(20240603)


def load(name, s, y, w=None):
    cur.execute(f"CREATE TABLE xc_scores.{name} (s float8, l boolean, li integer, w float8)")
    w = np.ones(len(s)) if w is None else w
    copy_rows(conn, f"xc_scores.{name}", ("s", "l", "li", "w"),
              ((float(a), bool(b), int(b), float(c)) for a, b, c in zip(s, y, w)))
    cur.execute(f"ANALYZE xc_scores.{name}")


def finite_ranks(s):
    """sklearn rejects ±Inf; replace them by finite values with the same order."""
    s = np.asarray(s, dtype=float).copy()
    fin = s[np.isfinite(s)]
    lo, hi = (fin.min(), fin.max()) if len(fin) else (0.0, 0.0)
    s[s == np.inf] = hi + 1
    s[s == -np.inf] = lo - 1
    return s


def check_dataset(name, s, y, w=None, probs=True):
    load(name, s, y, w)
    sk_s = finite_ranks(s)
    for weighted in (False, True):
        if weighted and w is None:
            continue
        sw = w if weighted else None
        wa = ", w" if weighted else ""
        tag = f"{name}{'/weighted' if weighted else ''}"
        for lab in ("l", "li"):
            got = rows(conn, f"SELECT mlcheck.roc_auc(s, {lab}{wa}), mlcheck.pr_auc(s, {lab}{wa}) FROM xc_scores.{name}")[0]
            C.close(f"{tag}/{lab}/roc_auc", got[0], roc_auc_score(y, sk_s, sample_weight=sw))
            C.close(f"{tag}/{lab}/pr_auc", got[1], average_precision_score(y, sk_s, sample_weight=sw))
        if probs:
            got = rows(conn, f"SELECT mlcheck.log_loss(s, l{wa}), mlcheck.brier(s, li{wa}) FROM xc_scores.{name}")[0]
            C.close(f"{tag}/log_loss", got[0], log_loss(y, s, eps="auto", sample_weight=sw, labels=[False, True]))
            C.close(f"{tag}/brier", got[1], brier_score_loss(y, s, sample_weight=sw))
        # the exact summary gives the same numbers, bounds equal
        got = rows(conn, f"""SELECT mlcheck.roc_auc(x), mlcheck.pr_auc(x), (mlcheck.roc_auc_bounds(x)).*, mlcheck.is_exact(x)
                               FROM (SELECT mlcheck.scores(s, l{wa}, 1000000) AS x FROM xc_scores.{name}) q""")[0]
        C.close(f"{tag}/scores/roc_auc", got[0], roc_auc_score(y, sk_s, sample_weight=sw))
        C.close(f"{tag}/scores/pr_auc", got[1], average_precision_score(y, sk_s, sample_weight=sw))
        C.check(f"{tag}/scores/exact_bounds", got[4] and got[2] == got[0] == got[3], repr(got))
        # a binned summary (max_bins 20): bounds contain the exact AUC
        got = rows(conn, f"""SELECT (mlcheck.roc_auc_bounds(x)).*, mlcheck.is_exact(x), mlcheck.roc_auc(x)
                               FROM (SELECT mlcheck.scores(s, l{wa}, 20) AS x FROM xc_scores.{name}) q""")[0]
        exact = roc_auc_score(y, sk_s, sample_weight=sw)
        C.check(f"{tag}/scores20/bounds_contain_exact",
                got[0] * (1 - 1e-12) <= exact <= got[1] * (1 + 1e-12), f"{got} vs {exact}")


def check_curves(name, s, y, w=None):
    """roc_points = roc_curve(drop_intermediate=False) without its origin;
    pr_points = precision_recall_curve (its final (1, 0) point has no threshold)."""
    wa = ", w" if w is not None else ""
    pts = rows(conn, f"""SELECT threshold, fpr, tpr, precision, recall
                           FROM mlcheck.roc_points((SELECT mlcheck.scores(s, l{wa}, 1000000) FROM xc_scores.{name}))""")
    fpr, tpr, thr = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    got = np.array([(p[0], p[1], p[2]) for p in pts])
    ok = len(got) == len(thr) - 1 and np.allclose(got[:, 0], thr[1:], rtol=0, atol=0) \
        and np.allclose(got[:, 1], fpr[1:], rtol=1e-9, atol=1e-12) and np.allclose(got[:, 2], tpr[1:], rtol=1e-9, atol=1e-12)
    C.check(f"{name}/roc_points", ok, f"{len(got)} rows vs {len(thr) - 1}")
    pts = rows(conn, f"""SELECT threshold, precision, recall
                           FROM mlcheck.pr_points((SELECT mlcheck.scores(s, l{wa}, 1000000) FROM xc_scores.{name}))""")
    prec, rec, thr = precision_recall_curve(y, s, sample_weight=w)
    prec, rec, thr = prec[::-1], rec[::-1], thr[::-1]  # sklearn: ascending thresholds, then (1, 0)
    ok = len(pts) == len(thr) + 1 and pts[-1] == (None, 1.0, 0.0)
    got = np.array(pts[:-1], dtype=float)
    prec, rec = prec[1:], rec[1:]
    ok = ok and len(got) == len(thr) and np.array_equal(got[:, 0], thr) \
        and np.allclose(got[:, 1], prec, rtol=1e-9, atol=1e-12) and np.allclose(got[:, 2], rec, rtol=1e-9, atol=1e-12)
    C.check(f"{name}/pr_points", ok, f"{len(got)} rows vs {len(thr)}")


# ---- generated data
n = 5000
y = rng.random(n) < 0.4
s = np.clip(rng.normal(0.45 + 0.2 * y, 0.2), 0, 1)
w = rng.uniform(0, 3, n)
w[rng.random(n) < 0.05] = 0.0
check_dataset("continuous", s, y, w)
check_curves("continuous", s, y)

n = 20000
y = rng.random(n) < 0.3
s = np.round(np.clip(rng.normal(0.4 + 0.25 * y, 0.25), 0, 1), 1)  # 11 distinct values
w = rng.integers(0, 5, n).astype(float)
check_dataset("heavy_ties", s, y, w)
check_curves("heavy_ties", s, y)
check_curves("heavy_ties", s, y, w)

n = 1000
y = rng.random(n) < 0.25
s = np.full(n, 0.5)
check_dataset("all_tied", s, y, rng.uniform(0.5, 2, n))
check_curves("all_tied", s, y)

n = 3000
y = rng.random(n) < 0.5
s = rng.normal(y * 1.0, 1.0)
inf_mask = rng.random(n) < 0.05
s[inf_mask] = np.where(rng.random(inf_mask.sum()) < 0.5, np.inf, -np.inf)
check_dataset("infinities", s, y, rng.uniform(0, 2, n), probs=False)

n = 50000
y = rng.random(n) < 0.01
s = np.clip(rng.beta(2 + 3 * y, 5), 0, 1)
check_dataset("imbalanced", s, y, rng.exponential(1.0, n))
check_curves("imbalanced", s, y)

# weights: integer weights equal repeated rows
n = 2000
y = rng.random(n) < 0.5
s = np.round(rng.random(n), 2)
wi = rng.integers(1, 4, n)
load("repeat_w", s, y, wi.astype(float))
load("repeat_rows", np.repeat(s, wi), np.repeat(y, wi))
a = rows(conn, "SELECT mlcheck.roc_auc(s, l, w), mlcheck.pr_auc(s, l, w) FROM xc_scores.repeat_w")[0]
b = rows(conn, "SELECT mlcheck.roc_auc(s, l), mlcheck.pr_auc(s, l) FROM xc_scores.repeat_rows")[0]
C.close("integer_weights_equal_repeated_rows/roc_auc", a[0], b[0], rel=1e-12)
C.close("integer_weights_equal_repeated_rows/pr_auc", a[1], b[1], rel=1e-12)

# ---- undefined results
load("one_class", rng.random(100), np.ones(100, dtype=bool))
got = rows(conn, "SELECT mlcheck.roc_auc(s, l), mlcheck.roc_auc(s, li, w), mlcheck.roc_auc(mlcheck.scores(s, l)) FROM xc_scores.one_class")[0]
C.check("one_class/null", all(v is None for v in got), repr(got))
# average precision over positives only is defined: 1.0, as sklearn
ap1 = average_precision_score(np.ones(100, dtype=bool), np.linspace(0, 1, 100))
for expr in ("mlcheck.pr_auc(s, l)", "mlcheck.pr_auc(s, li, w)", "mlcheck.pr_auc(mlcheck.scores(s, l))"):
    C.close(f"one_class/pr_auc/{expr}", scalar(conn, f"SELECT {expr} FROM xc_scores.one_class"), ap1)
vals = np.array(rows(conn, "SELECT array_agg(s) FROM xc_scores.one_class")[0][0])
C.close("one_class/brier", scalar(conn, "SELECT mlcheck.brier(s, l) FROM xc_scores.one_class"),
        brier_score_loss(np.ones(len(vals), dtype=bool), vals))
got = rows(conn, """SELECT mlcheck.roc_auc(s, l), mlcheck.pr_auc(s, l), mlcheck.log_loss(s, l), mlcheck.brier(s, l, w),
                           mlcheck.scores(s, l) FROM xc_scores.continuous WHERE false""")[0]
C.check("zero_rows/null", all(v is None for v in got), repr(got))

# ---- errors
C.error("error/nan_score", conn, "SELECT mlcheck.roc_auc('NaN'::float8, true)", "22023")
C.error("error/prob_out_of_range", conn, "SELECT mlcheck.log_loss(s + 1, l) FROM xc_scores.continuous", "22003")
C.error("error/int_label", conn, "SELECT mlcheck.pr_auc(s, li + 1) FROM xc_scores.continuous", "22023")
C.error("error/negative_weight", conn, "SELECT mlcheck.roc_auc(s, l, -w - 1) FROM xc_scores.continuous", "22023")

# ---- forced parallel plans: bit-identical exact AUC/AP, identical exact summaries
n = 300000
y = rng.random(n) < 0.35
s = np.round(rng.normal(y * 0.8, 1.0), 3)
load("par", s, y, rng.uniform(0, 2, n))
Q = {
    "roc_auc": "SELECT mlcheck.roc_auc(s, l) FROM xc_scores.par",
    "pr_auc": "SELECT mlcheck.pr_auc(s, l) FROM xc_scores.par",
    "roc_auc_weighted": "SELECT mlcheck.roc_auc(s, li, w) FROM xc_scores.par",
    "pr_auc_weighted": "SELECT mlcheck.pr_auc(s, l, w) FROM xc_scores.par",
    "scores_exact_text": "SELECT mlcheck.scores(s, l, 1000000)::text FROM xc_scores.par",
    "scores_binned_bounds": "SELECT array[(b).lower, (b).upper] FROM (SELECT mlcheck.roc_auc_bounds(mlcheck.scores(s, l, 500)) AS b FROM xc_scores.par) q",
}
set_parallel(conn, False)
serial = {k: scalar(conn, q) for k, q in Q.items()}
C.close("par/roc_auc_vs_sklearn", serial["roc_auc"], roc_auc_score(y, s))
set_parallel(conn, True)
C.check("par/plan_is_parallel", plan_has_parallel(conn, Q["roc_auc"]) and plan_has_parallel(conn, Q["scores_exact_text"]))
for k, q in Q.items():
    got = scalar(conn, q)
    if k == "scores_binned_bounds":
        # binned summaries merged from workers differ from the serial one; both must hold the exact AUC
        C.check(f"par/{k}_contain_exact", got[0] <= serial["roc_auc"] <= got[1]
                and serial[k][0] <= serial["roc_auc"] <= serial[k][1], f"{got} {serial[k]} {serial['roc_auc']}")
    else:
        C.check(f"par/{k}_identical", got == serial[k], f"{got!r} vs {serial[k]!r}")
set_parallel(conn, False)

cur.execute("DROP SCHEMA xc_scores CASCADE")
C.done()
