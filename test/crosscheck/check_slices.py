"""Cross-check mlcheck.slice_report against a NumPy / scikit-learn group-by.

Data: the bundled example (real out-of-fold predictions on the breast cancer
data, slices size_band, texture_band, model), and seeded generated data with
NULL slice values, the string 'NULL', tiny slices, unlabelled rows, awkward
column names, integer and text labels (binary and multi-class).  Every
column of every report row is compared: n, share, accuracy, precision,
recall, f1, roc_auc, accuracy_gap, Wilson bounds (scipy.stats.norm.ppf and
the textbook formula), p-value of the pooled two-proportion z-test of the
slice against the rest of the data (scipy.stats.norm.sf), significant and
below_min_support.  Also: partitioned table and view sources, the view
made by create_slice_view, forced parallel plans, errors.
"""
import csv
import math
import os
import warnings

import numpy as np
from scipy.stats import norm
from sklearn import metrics as skm

from common import Checker, connect, copy_rows, rows, scalar, set_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/slices")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_slices CASCADE; CREATE SCHEMA xc_slices")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLS = ["slice_column", "slice_value", "is_null", "n", "share", "accuracy", "precision", "recall",
        "f1", "roc_auc", "accuracy_gap", "accuracy_lower", "accuracy_upper", "p_value",
        "significant", "below_min_support"]
FLOAT_COLS = ["share", "accuracy", "precision", "recall", "f1", "roc_auc", "accuracy_gap",
              "accuracy_lower", "accuracy_upper", "p_value"]


def undefined_none(num, den):
    return None if den == 0 else num / den


def wilson(x, n, level=0.95):
    if n == 0:
        return None, None
    z = norm.ppf(1 - (1 - level) / 2)
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def prop_test(x1, n1, x2, n2):
    if n1 == 0 or n2 == 0:
        return None
    pp = (x1 + x2) / (n1 + n2)
    var = pp * (1 - pp) * (1 / n1 + 1 / n2)
    if var <= 0:
        return None
    z = (x1 / n1 - x2 / n2) / math.sqrt(var)
    return float(2 * norm.sf(abs(z)))


def binary_prf(a, p, pos):
    tp = int(np.sum((a == pos) & (p == pos)))
    fp = int(np.sum((a != pos) & (p == pos)))
    fn = int(np.sum((a == pos) & (p != pos)))
    a, p = list(a), list(p)
    prec = None if tp + fp == 0 else float(skm.precision_score(a, p, pos_label=pos))
    rec = None if tp + fn == 0 else float(skm.recall_score(a, p, pos_label=pos))
    f1 = None if 2 * tp + fp + fn == 0 else float(skm.f1_score(a, p, pos_label=pos))
    return prec, rec, f1


def macro_prf(a, p):
    if len(a) == 0:
        return None, None, None
    return tuple(float(f(a, p, average="macro")) for f in
                 (skm.precision_score, skm.recall_score, skm.f1_score))


def reference(data, actual, predicted, slices, score=None, min_support=30, pos=None):
    """data: dict column -> list (None = NULL).  pos: positive label for a
    binary problem, None for a multi-class one (macro averages)."""
    nrow = len(data[actual])
    a_all = data[actual]
    p_all = data[predicted]
    lab = [i for i in range(nrow) if a_all[i] is not None and p_all[i] is not None]

    def metrics(idx):
        a = np.array([a_all[i] for i in idx if i in labset], dtype=object)
        p = np.array([p_all[i] for i in idx if i in labset], dtype=object)
        n = len(a)
        correct = int(np.sum(a == p)) if n else 0
        acc = None if n == 0 else float(skm.accuracy_score(list(a), list(p)))
        if pos is not None:
            prf = binary_prf(a, p, pos) if n else (None, None, None)
        else:
            prf = macro_prf(list(a), list(p))
        auc = None
        if score is not None:
            sc = [(data[score][i], a_all[i]) for i in idx
                  if data[score][i] is not None and a_all[i] is not None]
            ys = [y == pos for _, y in sc]
            if len(set(ys)) == 2:
                auc = float(skm.roc_auc_score(ys, [s for s, _ in sc]))
        return dict(n=n, correct=correct, accuracy=acc, precision=prf[0], recall=prf[1], f1=prf[2],
                    roc_auc=auc)

    labset = set(lab)
    overall = metrics(range(nrow))
    out = []

    def row(col, val, isnull, m, is_overall):
        lo, hi = wilson(m["correct"], m["n"])
        pv = None if is_overall else prop_test(m["correct"], m["n"], overall["correct"] - m["correct"],
                                               overall["n"] - m["n"])
        small = m["n"] < min_support
        r = dict(slice_column=col, slice_value=val, is_null=isnull, n=m["n"],
                 share=undefined_none(m["n"], overall["n"]), accuracy=m["accuracy"],
                 precision=m["precision"], recall=m["recall"], f1=m["f1"], roc_auc=m["roc_auc"],
                 accuracy_gap=None if m["accuracy"] is None or overall["accuracy"] is None
                 else m["accuracy"] - overall["accuracy"],
                 accuracy_lower=lo, accuracy_upper=hi, p_value=pv,
                 significant=None if is_overall else (pv is not None and pv < 0.05 and not small),
                 below_min_support=small)
        out.append(r)

    row(None, None, None, overall, True)
    for col in slices:
        vals = data[col]
        keys = {}
        for i, v in enumerate(vals):
            keys.setdefault(v, []).append(i)
        for v in sorted(keys, key=lambda k: (k is None, str(k).encode() if k is not None else b"")):
            row(col, None if v is None else str(v).lower() if isinstance(v, bool) else
                (None if v is None else str(v)), v is None, metrics(keys[v]), False)
    return out


def key(r):
    return (r["slice_column"] or "", r["slice_value"] if r["slice_value"] is not None else "\x00NULL", bool(r["is_null"]))


def compare(tag, got_rows, want_rows):
    got = {key(r): r for r in got_rows}
    want = {key(r): r for r in want_rows}
    ck.check(f"{tag}/rows", sorted(got) == sorted(want) and len(got_rows) == len(want_rows),
             f"got {sorted(got)}, want {sorted(want)}")
    for col in ["n", "is_null", "significant", "below_min_support"]:
        bad = [(k, got[k][col], want[k][col]) for k in want if k in got and got[k][col] != want[k][col]]
        ck.check(f"{tag}/{col}", not bad, f"{bad[:3]}")
    for col in FLOAT_COLS:
        bad = []
        for k in want:
            if k not in got:
                continue
            g, w = got[k][col], want[k][col]
            if g is None or w is None:
                if not (g is None and w is None):
                    bad.append((k, g, w))
            elif not math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-15):
                bad.append((k, g, w))
        ck.check(f"{tag}/{col}", not bad, f"{bad[:3]}")


def report(source, actual, predicted, slices, score=None, min_support=30):
    res = rows(conn, "SELECT * FROM mlcheck.slice_report(%s::regclass, %s, %s, %s, %s, %s)",
               (source, actual, predicted, list(slices), score, min_support))
    return [dict(zip(COLS, r)) for r in res]


def table_data(source, cols):
    q = ", ".join('"' + c.replace('"', '""') + '"' for c in cols)
    res = rows(conn, f"SELECT {q} FROM {source} ORDER BY 1")
    return {c: [r[i] for r in res] for i, c in enumerate(cols)}


# ---------------------------------------------------------------- example data
cur.execute("""CREATE TABLE xc_slices.cancer (
    case_id int, model text, ts timestamptz, label boolean, score float8, size_band text,
    texture_band text, mean_radius float8, mean_texture float8, mean_smoothness float8)""")
with open(os.path.join(ROOT, "test", "data", "cancer_predictions.csv")) as f:
    cur.copy_expert("COPY xc_slices.cancer FROM STDIN WITH (FORMAT csv, HEADER true)", f)
cur.execute("CREATE VIEW xc_slices.cancer_eval AS SELECT *, score >= 0.5 AS predicted FROM xc_slices.cancer")
ex_slices = ["size_band", "texture_band", "model"]
data = table_data("xc_slices.cancer_eval", ["case_id", "label", "predicted", "score"] + ex_slices)
want = reference(data, "label", "predicted", ex_slices, score="score", pos=True)
got = report("xc_slices.cancer_eval", "label", "predicted", ex_slices, score="score")
compare("example", got, want)
ck.check("example/row_order", [key(r) for r in got] == [key(r) for r in want],
         f"{[key(r) for r in got]}")
# one model only, by a derived column: min_support flags on small bands
cur.execute("""CREATE VIEW xc_slices.cancer_gbm AS
    SELECT *, score >= 0.5 AS predicted, mean_smoothness > 0.11 AS very_smooth,
           width_bucket(mean_radius, 6, 30, 12) AS radius_bucket
      FROM xc_slices.cancer WHERE model = 'gbm-v2'""")
sl2 = ["size_band", "very_smooth", "radius_bucket"]
data = table_data("xc_slices.cancer_gbm", ["case_id", "label", "predicted", "score"] + sl2)
compare("example_gbm", report("xc_slices.cancer_gbm", "label", "predicted", sl2, "score", 40),
        reference(data, "label", "predicted", sl2, score="score", min_support=40, pos=True))

# ---------------------------------------------------------------- generated data
rng = np.random.default_rng(20261125)
N = 20000
region = rng.choice(["north", "south", "east", "west", "NULL", None], size=N, p=[.3, .2, .2, .1, .1, .1])
tiny = rng.integers(0, 60, size=N)           # 60 values, ~333 rows each
rare = np.where(rng.random(N) < 0.002, "rare", "common")
tier = rng.integers(1, 4, size=N).astype(object)
tier[rng.random(N) < 0.05] = None
flag = rng.random(N) < 0.3
label = rng.random(N) < 0.35
noise = np.where(region == "south", 0.35, 0.15)
score = np.clip(np.where(label, 0.65, 0.35) + rng.normal(0, 1, N) * noise * 1.5, 0, 1)
score = np.round(score, 2)                    # ties, as real scores have
pred = score >= 0.5
lab_obj = label.astype(object)
pred_obj = pred.astype(object)
lab_obj[rng.random(N) < 0.01] = None          # unlabelled rows are skipped
pred_obj[rng.random(N) < 0.01] = None
score_obj = score.astype(object)
score_obj[rng.random(N) < 0.01] = None
k_act = rng.integers(0, 4, size=N)
k_pred = np.where(rng.random(N) < 0.7, k_act, rng.integers(0, 4, size=N))
t_names = np.array(["cat", "dog", "bird", "Fish"])
weird = 'we"ird; col'
cur.execute(f"""CREATE TABLE xc_slices.gen (id int, label boolean, pred boolean, score float8,
    region text, tiny int, rare text, tier int, flag boolean, "{weird.replace('"', '""')}" text,
    a01 int, p01 int, ak bigint, pk smallint, at text, pt varchar(10))""")
allcols = ["id", "label", "pred", "score", "region", "tiny", "rare", "tier", "flag", weird,
           "a01", "p01", "ak", "pk", "at", "pt"]
copy_rows(conn, "xc_slices.gen", ['"' + c.replace('"', '""') + '"' for c in allcols], [
    (i, lab_obj[i], pred_obj[i], score_obj[i], region[i], int(tiny[i]), rare[i], tier[i], bool(flag[i]),
     "x;" + str(i % 3), None if lab_obj[i] is None else int(lab_obj[i]),
     None if pred_obj[i] is None else int(pred_obj[i]), int(k_act[i]), int(k_pred[i]),
     str(t_names[k_act[i]]), str(t_names[k_pred[i]])) for i in range(N)])
cur.execute("ANALYZE xc_slices.gen")
gdata = table_data("xc_slices.gen", allcols)
gslices = ["region", "tiny", "rare", "tier", "flag", weird]
want_gen = reference(gdata, "label", "pred", gslices, score="score", pos=True)
got_gen = report("xc_slices.gen", "label", "pred", gslices, "score")
compare("generated", got_gen, want_gen)
ck.check("generated/null_vs_string_NULL",
         sum(1 for r in got_gen if r["slice_column"] == "region" and r["slice_value"] == "NULL" and r["is_null"] is False) == 1
         and sum(1 for r in got_gen if r["slice_column"] == "region" and r["slice_value"] is None and r["is_null"] is True) == 1,
         "region must have both a 'NULL' string row and a NULL row")
want_gen_noscore = reference(gdata, "label", "pred", gslices, pos=True)
compare("generated_noscore", report("xc_slices.gen", "label", "pred", gslices), want_gen_noscore)
compare("generated_int01", report("xc_slices.gen", "a01", "p01", ["region", "flag"], "score", 100),
        reference(gdata, "a01", "p01", ["region", "flag"], score="score", min_support=100, pos=1))
compare("generated_multiclass_int", report("xc_slices.gen", "ak", "pk", ["region", "tier"]),
        reference(gdata, "ak", "pk", ["region", "tier"]))
compare("generated_multiclass_text", report("xc_slices.gen", "at", "pt", ["region", weird], None, 0),
        reference(gdata, "at", "pt", ["region", weird], min_support=0))

# a partitioned copy and a join view give the same report
cur.execute("""CREATE TABLE xc_slices.gen_part (LIKE xc_slices.gen) PARTITION BY LIST (flag);
    CREATE TABLE xc_slices.gen_part_t PARTITION OF xc_slices.gen_part FOR VALUES IN (true);
    CREATE TABLE xc_slices.gen_part_f PARTITION OF xc_slices.gen_part FOR VALUES IN (false);
    INSERT INTO xc_slices.gen_part SELECT * FROM xc_slices.gen;
    CREATE TABLE xc_slices.customers (id int PRIMARY KEY, segment text);
    INSERT INTO xc_slices.customers SELECT i, (ARRAY['smb', 'mid', 'enterprise'])[1 + i % 3] FROM generate_series(0, 19999) i;
    CREATE VIEW xc_slices.gen_join AS SELECT g.*, c.segment FROM xc_slices.gen g JOIN xc_slices.customers c USING (id);
    ANALYZE xc_slices.gen_part; ANALYZE xc_slices.customers""")
compare("partitioned", report("xc_slices.gen_part", "label", "pred", gslices, "score"), want_gen)
jdata = table_data("xc_slices.gen_join", ["id", "label", "pred", "score", "region", "segment"])
compare("join_view", report("xc_slices.gen_join", "label", "pred", ["segment", "region"], "score"),
        reference(jdata, "label", "pred", ["segment", "region"], score="score", pos=True))

# the view made by create_slice_view has the same rows
scalar(conn, "SELECT mlcheck.create_slice_view('xc_slices.\"Gen Slices\"', 'xc_slices.gen', 'label', 'pred', %s, 'score')",
       (gslices,))
vres = [dict(zip(COLS, r)) for r in rows(conn, f"SELECT {', '.join(chr(34) + c + chr(34) for c in COLS)} FROM xc_slices.\"Gen Slices\"")]
compare("view", vres, want_gen)

# forced parallel plans give the same report as serial ones
set_parallel(conn, True)
sql = scalar(conn, "SELECT mlcheck._slice_report_sql('xc_slices.gen', 'label', 'pred', %s, 'score')", (gslices,))
plan = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + sql))
ck.check("parallel/plan", "Gather" in plan and "Parallel Seq Scan on gen" in plan, plan)
compare("parallel", report("xc_slices.gen", "label", "pred", gslices, "score"), want_gen)
# without a score the pre-aggregation runs as a partial (parallel) aggregate
# when there are few groups (region x flag x labels here)
sql0 = scalar(conn, "SELECT mlcheck._slice_report_sql('xc_slices.gen', 'label', 'pred', %s)", (["region", "flag"],))
plan0 = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + sql0))
ck.check("parallel_noscore/plan", "Gather" in plan0 and "Partial HashAggregate" in plan0, plan0)
compare("parallel_noscore_few", report("xc_slices.gen", "label", "pred", ["region", "flag"]),
        reference(gdata, "label", "pred", ["region", "flag"], pos=True))
sql0 = scalar(conn, "SELECT mlcheck._slice_report_sql('xc_slices.gen', 'label', 'pred', %s)", (gslices,))
compare("parallel_noscore", report("xc_slices.gen", "label", "pred", gslices), want_gen_noscore)
compare("parallel_noscore_partitioned", report("xc_slices.gen_part", "label", "pred", gslices), want_gen_noscore)
set_parallel(conn, False)

# one scan of the source, whatever the number of slice columns
plan = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + sql))
scans = [l for l in plan.splitlines() if "Scan on" in l and "CTE Scan" not in l and "Function Scan" not in l]
ck.check("single_scan", len(scans) == 1 and "Seq Scan on gen " in scans[0], plan)
plan0 = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + sql0))
scans = [l for l in plan0.splitlines() if "Scan on" in l and "CTE Scan" not in l and "Function Scan" not in l
         and "Subquery Scan" not in l]
ck.check("single_scan_noscore", len(scans) == 1 and "Seq Scan on gen " in scans[0], plan0)

# errors
ck.error("error/missing_column", conn, "SELECT * FROM mlcheck.slice_report('xc_slices.gen', 'label', 'pred', '{region,nope}')", "42703")
ck.error("error/type_mismatch", conn, "SELECT * FROM mlcheck.slice_report('xc_slices.gen', 'label', 'p01', '{region}')", "42804")
ck.error("error/not_a_label_type", conn, "SELECT * FROM mlcheck.slice_report('xc_slices.gen', 'score', 'score', '{region}')", "42804")
cur.execute("DROP ROLE IF EXISTS xc_slices_nobody; CREATE ROLE xc_slices_nobody")
cur.execute("GRANT USAGE ON SCHEMA xc_slices TO xc_slices_nobody")
cur.execute("SET ROLE xc_slices_nobody")
ck.error("error/no_select_privilege", conn, "SELECT * FROM mlcheck.slice_report('xc_slices.gen', 'label', 'pred', '{region}')", "42501")
cur.execute("RESET ROLE")
cur.execute("DROP SCHEMA xc_slices CASCADE")
cur.execute("DROP ROLE xc_slices_nobody")
ck.done()
