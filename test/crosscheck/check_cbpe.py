"""Cross-check the building blocks of label-free performance estimation.

- mlcheck.isotonic / mlcheck.calibrate against sklearn 1.2
  IsotonicRegression(increasing=True, out_of_bounds='clip'): breakpoints and
  predictions (inside, between and outside the fitted range) on generated
  data with ties and weights (weight-0 rows included), integer labels,
  forced parallel plans;
- mlcheck.expected_confusion against the NumPy sums TP = Σ_pred p·w,
  FP = Σ_pred (1 − p)·w, FN = Σ_not pred p·w, TN = Σ_not pred (1 − p)·w;
- mlcheck.expected_roc_auc against sklearn roc_auc_score over the rows
  doubled into a positive of weight p·w and a negative of weight (1 − p)·w;
- the estimation itself (CBPE): on 200k rows of calibrated synthetic data
  (labels drawn as Bernoulli(p)) the estimated accuracy, F1 and ROC AUC are
  within 0.01 of the realized ones; on miscalibrated scores the isotonic
  step (fitted on a labelled reference) brings them within 0.02;
- errors with their SQLSTATEs.
"""
import warnings

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from common import Checker, connect, copy_rows, plan_has_parallel, rows, scalar, set_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/cbpe")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_cbpe CASCADE; CREATE SCHEMA xc_cbpe")
rng = np.random.default_rng(17)


def load(table, cols, data):
    cur.execute(f"CREATE TABLE xc_cbpe.{table} ({', '.join(c + ' ' + t for c, t in cols)})")
    copy_rows(conn, f"xc_cbpe.{table}", [c for c, _ in cols], data)
    cur.execute(f"ANALYZE xc_cbpe.{table}")


# ---------------------------------------------------------------- isotonic
probe = np.array([-1.0, 0.0, 0.05, 0.11, 0.2345, 0.5, 0.77, 0.999, 1.0, 3.0])
for case, (n, decimals, weighted) in enumerate(((400, 2, False), (3000, 3, True), (50, 1, True), (5000, 9, False))):
    s = np.round(rng.beta(2, 3, size=n), decimals)
    y = rng.random(n) < s ** 0.7
    w = rng.integers(0, 4, size=n).astype(float) * 0.75 if weighted else np.ones(n)
    load(f"iso{case}", [("s", "float8"), ("y", "boolean"), ("w", "float8")],
         [(float(s[i]), bool(y[i]), float(w[i])) for i in range(n)])
    ref = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(s, y.astype(float), sample_weight=w if weighted else None)
    agg = "mlcheck.isotonic(s, y, w)" if weighted else "mlcheck.isotonic(s, y)"
    c = rows(conn, f"SELECT {agg}::text::jsonb FROM xc_cbpe.iso{case}")[0][0]
    ck.check(f"iso{case}/breakpoints", len(c["x"]) == len(ref.X_thresholds_) and
             np.allclose(c["x"], ref.X_thresholds_, rtol=1e-12, atol=0) and
             np.allclose(c["y"], ref.y_thresholds_, rtol=1e-9, atol=1e-12),
             f"{len(c['x'])} vs {len(ref.X_thresholds_)}")
    pts = list(probe) + list(rng.choice(s, 20))
    got = rows(conn, f"SELECT mlcheck.calibrate(c, p) FROM (SELECT {agg} AS c FROM xc_cbpe.iso{case}) q, "
                     f"unnest(%s::float8[]) p", (pts,))
    want = ref.predict(np.array(pts))
    for i, (g,) in enumerate(got):
        ck.close(f"iso{case}/predict{i}", g, float(want[i]))
    # integer labels and a forced parallel plan give the same calibrator
    ck.check(f"iso{case}/int_label", scalar(conn, f"""SELECT {agg} OPERATOR(mlcheck.=) {agg.replace('y', 'y::int')}
        FROM xc_cbpe.iso{case}"""))
    set_parallel(conn, True)
    sql = f"SELECT {agg}::text FROM xc_cbpe.iso{case}"
    par = scalar(conn, sql)
    set_parallel(conn, False)
    ck.check(f"iso{case}/parallel_equals_serial", par == scalar(conn, sql))
set_parallel(conn, True)
ck.check("iso/parallel_plan", plan_has_parallel(conn, "SELECT mlcheck.isotonic(s, y) FROM xc_cbpe.iso3"))
set_parallel(conn, False)
ck.check("iso/empty_null", scalar(conn, "SELECT mlcheck.isotonic(s, y) IS NULL FROM xc_cbpe.iso0 WHERE false"))
ck.check("iso/one_score_constant", scalar(conn, """SELECT mlcheck.calibrate(mlcheck.isotonic(0.3, y), 0.9)
    = avg(y::int) FROM xc_cbpe.iso0"""))
ck.error("iso/nan_score", conn, "SELECT mlcheck.isotonic('NaN', true)", "22023")
ck.error("iso/bad_int_label", conn, "SELECT mlcheck.isotonic(0.5, 2)", "22023")
ck.error("iso/negative_weight", conn, "SELECT mlcheck.isotonic(0.5, true, -1)", "22023")
ck.error("calibrate/nan", conn, "SELECT mlcheck.calibrate(mlcheck.isotonic(s, y), 'NaN') FROM xc_cbpe.iso0", "22023")
ck.error("calibrate/infinity", conn, "SELECT mlcheck.calibrate(mlcheck.isotonic(s, y), 'Infinity') FROM xc_cbpe.iso0", "22023")
ck.error("calibrator/bad_text", conn, """SELECT '{"x": [0.2, 0.1], "y": [0, 1]}'::mlcheck.calibrator""", "22P02")
ck.error("calibrator/no_merge", conn, "SELECT mlcheck.merge(c) FROM (SELECT mlcheck.isotonic(s, y) c FROM xc_cbpe.iso0) q", "42883")

# ------------------------------------------- expected confusion and AUC
n = 2000
p = np.round(rng.random(n), 3)
pred = rng.random(n) < 0.5
w = rng.integers(1, 5, size=n).astype(float) * 0.5
load("exp", [("p", "float8"), ("pred", "boolean"), ("w", "float8")],
     [(float(p[i]), bool(pred[i]), float(w[i])) for i in range(n)])
for weighted in (False, True):
    ww = w if weighted else np.ones(n)
    warg = ", w" if weighted else ""
    cells = {(a, q): c for a, q, c, _ in rows(conn, f"SELECT * FROM mlcheck.cells((SELECT mlcheck.expected_confusion(p, pred{warg}) FROM xc_cbpe.exp))")}
    want = {("true", "true"): (p * ww)[pred].sum(), ("false", "true"): ((1 - p) * ww)[pred].sum(),
            ("true", "false"): (p * ww)[~pred].sum(), ("false", "false"): ((1 - p) * ww)[~pred].sum()}
    for k, v in want.items():
        ck.close(f"expected_confusion/{'w' if weighted else 'u'}/{k[0]}_{k[1]}", cells.get(k), float(v))
    yy = np.r_[np.ones(n), np.zeros(n)]
    ss = np.r_[p, p]
    sw = np.r_[p * ww, (1 - p) * ww]
    ck.close(f"expected_roc_auc/{'w' if weighted else 'u'}",
             scalar(conn, f"SELECT mlcheck.expected_roc_auc(p{warg}) FROM xc_cbpe.exp"),
             roc_auc_score(yy, ss, sample_weight=sw))
ck.error("expected_confusion/range", conn, "SELECT mlcheck.expected_confusion(1.5, true)", "22003")
ck.error("expected_confusion/nan", conn, "SELECT mlcheck.expected_confusion('NaN', true)", "22023")
ck.error("expected_roc_auc/range", conn, "SELECT mlcheck.expected_roc_auc(-0.1)", "22003")
ck.check("expected_confusion/null_rows", scalar(conn, """SELECT mlcheck.n_null(mlcheck.expected_confusion(p, q))
    FROM (VALUES (0.5, NULL::boolean), (NULL, true), (0.2, false)) v(p, q)""") == 2)
set_parallel(conn, True)
par = scalar(conn, "SELECT mlcheck.expected_confusion(p, pred, w)::text FROM xc_cbpe.exp")
set_parallel(conn, False)
ser = scalar(conn, "SELECT mlcheck.expected_confusion(p, pred, w)::text FROM xc_cbpe.exp")
ck.check("expected_confusion/parallel_close", par is not None and ser is not None)

# ---------------------------------------------------------- estimation
N = 200_000
p_true = rng.beta(2, 2, size=N)
y_true = rng.random(N) < p_true
miscal = p_true ** 3  # a monotone distortion: ranking kept, probabilities wrong
load("est", [("i", "int"), ("p", "float8"), ("q", "float8"), ("y", "boolean")],
     [(i, float(p_true[i]), float(miscal[i]), bool(y_true[i])) for i in range(N)])
dec = p_true >= 0.5


def estimates(score_col, calibrated):
    if calibrated:
        prob = f"mlcheck.calibrate((SELECT mlcheck.isotonic({score_col}, y) FROM xc_cbpe.est WHERE i % 2 = 0), {score_col})"
    else:
        prob = score_col
    r = rows(conn, f"""SELECT mlcheck.accuracy(c), mlcheck.f1(c), a FROM
        (SELECT mlcheck.expected_confusion({prob}, p >= 0.5) AS c, mlcheck.expected_roc_auc({prob}) AS a
           FROM xc_cbpe.est WHERE i % 2 = 1) s""")[0]
    return r


cur_rows = np.arange(N) % 2 == 1
real_acc = accuracy_score(y_true[cur_rows], dec[cur_rows])
real_f1 = f1_score(y_true[cur_rows], dec[cur_rows])
real_auc = roc_auc_score(y_true[cur_rows], p_true[cur_rows])
acc, f1, auc = estimates("p", False)
ck.check("cbpe/calibrated/accuracy", abs(acc - real_acc) <= 0.01, f"{acc} vs {real_acc}")
ck.check("cbpe/calibrated/f1", abs(f1 - real_f1) <= 0.01, f"{f1} vs {real_f1}")
ck.check("cbpe/calibrated/roc_auc", abs(auc - real_auc) <= 0.01, f"{auc} vs {real_auc}")
acc_raw, f1_raw, auc_raw = estimates("q", False)
acc, f1, auc = estimates("q", True)
ck.check("cbpe/miscalibrated_raw_is_off", abs(acc_raw - real_acc) > 0.02, f"{acc_raw} vs {real_acc}")
ck.check("cbpe/miscalibrated/accuracy", abs(acc - real_acc) <= 0.02, f"{acc} vs {real_acc}")
ck.check("cbpe/miscalibrated/f1", abs(f1 - real_f1) <= 0.02, f"{f1} vs {real_f1}")
ck.check("cbpe/miscalibrated/roc_auc", abs(auc - real_auc) <= 0.02, f"{auc} vs {real_auc}")
print(f"realized acc {real_acc:.4f} f1 {real_f1:.4f} auc {real_auc:.4f}; "
      f"miscalibrated raw acc {acc_raw:.4f}; isotonic acc {acc:.4f} f1 {f1:.4f} auc {auc:.4f}")
ck.done()
