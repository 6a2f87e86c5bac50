"""Cross-check mlcheck.regression against scikit-learn 1.2.

Generated data with edge cases (constant actuals, perfect predictions, zero
actuals for MAPE, one row, zero weights), LinearRegression predictions on
load_diabetes (fitted here), sample weights, per-segment merges, forced
parallel plans, round trips, error SQLSTATEs, and a stability test:
MLCHECK_STRESS_ROWS (default 10 000 000) values around 1e9 with unit-scale
variance compared with a two-pass float64 numpy computation.
"""
import io
import os
import sys
import time

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.metrics import (explained_variance_score, max_error, mean_absolute_error,
                             mean_absolute_percentage_error, mean_squared_error, r2_score)

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, connect, copy_rows, rows, scalar, set_parallel, plan_has_parallel  # noqa: E402

STRESS_ROWS = int(os.environ.get("MLCHECK_STRESS_ROWS", "10000000"))
ck = Checker("crosscheck/regression")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_reg CASCADE")
cur.execute("CREATE SCHEMA xc_reg")
cur.execute("CREATE TABLE xc_reg.t (ds text, p float8, a float8, w float8, seg int)")

METRICS = ["mae", "mse", "rmse", "r2", "mape", "max_error", "mean_error", "explained_variance"]


def sk_metrics(a, p, w=None):
    out = {
        "mae": mean_absolute_error(a, p, sample_weight=w),
        "mse": mean_squared_error(a, p, sample_weight=w),
        "rmse": mean_squared_error(a, p, sample_weight=w, squared=False),
        "r2": r2_score(a, p, sample_weight=w) if len(a) >= 2 else None,
        "mape": mean_absolute_percentage_error(a, p, sample_weight=w),
        # sklearn's max_error takes no weights: rows with positive weight
        "max_error": max_error(a[w > 0], p[w > 0]) if w is not None else max_error(a, p),
        "mean_error": float(np.average(p - a, weights=w)),
        "explained_variance": explained_variance_score(a, p, sample_weight=w),
    }
    return {k: (None if v is None else float(v)) for k, v in out.items()}


def sql_metrics(where, weighted, args=None):
    agg = "mlcheck.regression(p, a, w)" if weighted else "mlcheck.regression(p, a)"
    sel = ", ".join(f"mlcheck.{m}(r)" for m in METRICS)
    r = rows(conn, f"SELECT {sel} FROM (SELECT {agg} r FROM xc_reg.t WHERE {where}) s", args)[0]
    return dict(zip(METRICS, r))


def compare(name, got, want, rel=1e-9):
    for m in METRICS:
        ck.close(f"{name}_{m}", got[m], want[m], rel=rel)


rng = np.random.default_rng(77)
datasets = {}
# ordinary data
a = rng.normal(50, 20, 3000)
datasets["normal"] = (a, a + rng.normal(1.5, 8, len(a)), rng.uniform(0, 2, len(a)))
# constant actuals (exactly representable mean) with imperfect and perfect predictions
a = np.full(50, 5.0)
datasets["const_imperfect"] = (a, a + rng.normal(0, 1, 50), np.full(50, 1.0))
datasets["const_perfect"] = (a, a.copy(), np.full(50, 2.0))
# perfect predictions on varying actuals
a = rng.normal(0, 3, 100)
datasets["perfect"] = (a, a.copy(), rng.uniform(0.5, 1, 100))
# zero actuals (MAPE's epsilon) mixed with ordinary ones, negative values
a = np.concatenate([np.zeros(20), rng.normal(-10, 4, 200), [1e-300, -1e-17]])
datasets["zero_actuals"] = (a, a + rng.normal(0, 0.5, len(a)), rng.uniform(0, 1, len(a)))
# constant error: explained variance 1 with r2 < 1
a = rng.normal(100, 10, 64)
datasets["constant_bias"] = (a, a + 4.0, np.full(64, 1.0))
# large magnitudes
a = rng.normal(3e12, 1e6, 500)
datasets["large"] = (a, a + rng.normal(0, 2e5, 500), rng.uniform(0, 5, 500))
# one row: r2 undefined (NULL), the rest defined
datasets["one_row"] = (np.array([3.0]), np.array([2.5]), np.array([1.0]))
# some zero weights
a = rng.normal(1, 1, 300)
w = rng.uniform(0, 1, 300)
w[::3] = 0
datasets["zero_weights"] = (a, a + rng.normal(0, 1, 300), w)
# load_diabetes: LinearRegression fitted here, predictions on all rows
X, yd = load_diabetes(return_X_y=True)
model = LinearRegression().fit(X[:300], yd[:300])
datasets["diabetes"] = (yd.astype(float), model.predict(X).astype(float), rng.uniform(0.1, 3, len(yd)))

for ds, (a, p, w) in datasets.items():
    copy_rows(conn, "xc_reg.t", ("ds", "p", "a", "w", "seg"),
              [(ds, float(pi), float(ai), float(wi), i % 5) for i, (pi, ai, wi) in enumerate(zip(p, a, w))])
copy_rows(conn, "xc_reg.t", ("ds", "p", "a", "w", "seg"),
          [("normal", None, 1.0, 1.0, 0), ("normal", 1.0, None, 1.0, 1), ("normal", 1.0, 1.0, None, 2)])
cur.execute("ANALYZE xc_reg.t")

for ds, (a, p, w) in datasets.items():
    if ds == "normal":
        # the row with a NULL weight counts in the unweighted aggregate
        au, pu = np.append(a, 1.0), np.append(p, 1.0)
    else:
        au, pu = a, p
    compare(ds, sql_metrics("ds = %s", False, (ds,)), sk_metrics(au, pu))
    if ds != "one_row":
        compare(f"{ds}_weighted", sql_metrics("ds = %s", True, (ds,)), sk_metrics(a, p, w))

r = rows(conn, "SELECT mlcheck.n(r), mlcheck.n_null(r) FROM (SELECT mlcheck.regression(p, a, w) r "
         "FROM xc_reg.t WHERE ds = 'normal') s")[0]
ck.close("normal_weighted_n", r[0], float(np.sum(datasets["normal"][2])))
ck.check("normal_weighted_n_null", r[1] == 3, f"got {r[1]}")
ck.check("zero_rows_is_null", scalar(conn, "SELECT mlcheck.regression(p, a) IS NULL FROM xc_reg.t WHERE false"))
ck.check("only_null_rows_metrics_null", scalar(conn, "SELECT mlcheck.mae(r) IS NULL AND mlcheck.r2(r) IS NULL "
                                               "AND mlcheck.n_null(r) = 2 FROM (SELECT mlcheck.regression(p, a) r "
                                               "FROM xc_reg.t WHERE ds = 'normal' AND (p IS NULL OR a IS NULL)) s"))
ck.check("zero_total_weight_metrics_null", scalar(conn, "SELECT mlcheck.mse(mlcheck.regression(1, 2, 0.0)) IS NULL"))

# ---- merge of per-segment summaries equals the whole table; text round trip on the way
for ds in ("normal", "diabetes", "large"):
    got = rows(conn, "SELECT " + ", ".join(f"mlcheck.{m}(r)" for m in METRICS) +
               " FROM (SELECT mlcheck.merge(r::text::mlcheck.regression) r FROM (SELECT seg, mlcheck.regression(p, a, w) r "
               "FROM xc_reg.t WHERE ds = %s GROUP BY seg) s) m", (ds,))[0]
    compare(f"{ds}_merge_segments", dict(zip(METRICS, got)), sql_metrics("ds = %s", True, (ds,)))

# ---- forced parallel plans agree with serial ones
q = "SELECT mlcheck.regression(p, a, w) FROM xc_reg.t"
set_parallel(conn, True)
ck.check("parallel_plan_used", plan_has_parallel(conn, q))
par = rows(conn, "SELECT " + ", ".join(f"mlcheck.{m}(r)" for m in METRICS) + f" FROM ({q}) s(r)")[0]
set_parallel(conn, False)
ser = rows(conn, "SELECT " + ", ".join(f"mlcheck.{m}(r)" for m in METRICS) + f" FROM ({q}) s(r)")[0]
for m, x, y in zip(METRICS, par, ser):
    ck.close(f"parallel_{m}", x, y)

# ---- round trips
ck.check("text_roundtrip_idempotent", scalar(conn, "SELECT r::text::mlcheck.regression::text = r::text "
                                             "FROM (SELECT mlcheck.regression(p, a, w) r FROM xc_reg.t) s"))
ck.check("jsonb_roundtrip", scalar(conn, "SELECT r::jsonb::mlcheck.regression::text = r::text AND (r::jsonb->>'n')::bigint > 0 "
                                   "FROM (SELECT mlcheck.regression(p, a, w) r FROM xc_reg.t) s"))
cur.execute("CREATE TABLE xc_reg.store (r mlcheck.regression)")
cur.execute("INSERT INTO xc_reg.store SELECT mlcheck.regression(p, a, w) FROM xc_reg.t")
buf = io.BytesIO()
cur.copy_expert("COPY xc_reg.store TO STDOUT (FORMAT binary)", buf)
cur.execute("CREATE TABLE xc_reg.store2 (r mlcheck.regression)")
buf.seek(0)
cur.copy_expert("COPY xc_reg.store2 FROM STDIN (FORMAT binary)", buf)
ck.check("binary_send_recv_roundtrip", scalar(conn, "SELECT a.r OPERATOR(mlcheck.=) b.r FROM xc_reg.store a, xc_reg.store2 b"))
raw = bytearray(buf.getvalue())
raw[11 + 4 + 4 + 2 + 4] = 7         # format version byte of the value
try:
    cur.copy_expert("COPY xc_reg.store2 FROM STDIN (FORMAT binary)", io.BytesIO(bytes(raw)))
    ck.check("binary_recv_rejects_bad_version", False, "accepted")
except Exception as e:
    ck.check("binary_recv_rejects_bad_version", getattr(e, "pgcode", None) == "22P02", str(e))

# ---- errors
ck.error("nan_predicted_22023", conn, "SELECT mlcheck.regression('NaN', 1)", "22023")
ck.error("nan_actual_22023", conn, "SELECT mlcheck.regression(1, 'NaN')", "22023")
ck.error("infinite_predicted_22023", conn, "SELECT mlcheck.regression('Infinity', 1)", "22023")
ck.error("infinite_actual_22023", conn, "SELECT mlcheck.regression(1, '-Infinity')", "22023")
ck.error("negative_weight_22023", conn, "SELECT mlcheck.regression(1, 1, -2)", "22023")
ck.error("nan_weight_22023", conn, "SELECT mlcheck.regression(1, 1, 'NaN')", "22023")
ck.error("malformed_text_22P02", conn, "SELECT '{\"n\": 3}'::mlcheck.regression", "22P02")
ck.error("not_json_22P02", conn, "SELECT 'mae=3'::mlcheck.regression", "22P02")

# ---- stability: values around 1e9 with small variance vs two-pass float64
n = STRESS_ROWS
srng = np.random.default_rng(1234)
a = 1e9 + srng.normal(0, 1, n)
p = a + srng.normal(0.1, 0.5, n)
seg = (np.arange(n) % 16).astype(np.int32)
# binary COPY: int16 field count, then (int32 length, big-endian value) per field
rec = np.dtype([("nf", ">i2"), ("l1", ">i4"), ("p", ">f8"), ("l2", ">i4"), ("a", ">f8"), ("l3", ">i4"), ("s", ">i4")])
arr = np.empty(n, dtype=rec)
arr["nf"], arr["l1"], arr["p"], arr["l2"], arr["a"], arr["l3"], arr["s"] = 3, 8, p, 8, a, 4, seg
payload = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8 + arr.tobytes() + b"\xff\xff"
cur.execute("CREATE UNLOGGED TABLE xc_reg.big (p float8, a float8, seg int)")
t0 = time.time()
cur.copy_expert("COPY xc_reg.big FROM STDIN (FORMAT binary)", io.BytesIO(payload))
del payload, arr
cur.execute("ANALYZE xc_reg.big")
# two-pass float64 reference (numpy's pairwise sums)
e = a - p
mean_a = a.mean()
sst = np.sum((a - mean_a) ** 2)
sse = np.sum(e ** 2)
ev_num = np.mean((e - e.mean()) ** 2)
want = {"r2": 1 - sse / sst, "mse": sse / n, "explained_variance": 1 - ev_num / (sst / n),
        "mae": np.mean(np.abs(e)), "mean_error": np.mean(p - a)}
got = rows(conn, "SELECT mlcheck.r2(r), mlcheck.mse(r), mlcheck.explained_variance(r), mlcheck.mae(r), "
           "mlcheck.mean_error(r) FROM (SELECT mlcheck.regression(p, a) r FROM xc_reg.big) s")[0]
for k, g in zip(["r2", "mse", "explained_variance", "mae", "mean_error"], got):
    ck.close(f"stress_{n}_rows_around_1e9_{k}", g, float(want[k]))
merged = rows(conn, "SELECT mlcheck.r2(r), mlcheck.mse(r), mlcheck.explained_variance(r) FROM "
              "(SELECT mlcheck.merge(r) r FROM (SELECT seg, mlcheck.regression(p, a) r FROM xc_reg.big GROUP BY seg) s) m")[0]
for k, g in zip(["r2", "mse", "explained_variance"], merged):
    ck.close(f"stress_{n}_rows_merge_16_segments_{k}", g, float(want[k]))
set_parallel(conn, True)
par = rows(conn, "SELECT mlcheck.r2(r), mlcheck.mse(r), mlcheck.explained_variance(r) FROM "
           "(SELECT mlcheck.regression(p, a) r FROM xc_reg.big) s")[0]
set_parallel(conn, False)
for k, g in zip(["r2", "mse", "explained_variance"], par):
    ck.close(f"stress_{n}_rows_parallel_{k}", g, float(want[k]))
print(f"# stress: {n} rows, r2 = {got[0]!r} (numpy two-pass {want['r2']!r}), {time.time() - t0:.1f}s", flush=True)

cur.execute("DROP SCHEMA xc_reg CASCADE")
ck.done()
