"""Cross-check the model comparisons and multi-class probability metrics.

References:
- mlcheck.multiclass accessors against sklearn 1.2 (roc_auc_score with
  multi_class='ovr'/'ovo' and labels=range(K), log_loss, top_k_accuracy_score)
  and NumPy for Brier's multi-class score, on the bundled digits model's
  out-of-fold probabilities and on generated data with ties and weights,
  merged in pieces and under forced parallel plans;
- roc_auc_test against DeLong's unpaired test written out in NumPy from its
  definition (placement values, Welch–Satterthwaite df, Student's t from
  SciPy), roc_auc_ci(scores) against the roc_auc_ci aggregate and NumPy;
- accuracy_test against scipy.stats.binomtest (exact Clopper–Pearson
  interval, one-sided p-value against the no-information rate);
- mcnemar against the exact binomial (scipy.stats.binom) below 25
  discordant pairs and chi-square with continuity correction from 25 on;
- weighted cohen_kappa against sklearn cohen_kappa_score(weights=...),
  msle against sklearn mean_squared_log_error;
- errors with their SQLSTATEs.
"""
import math
import os
import warnings

import numpy as np
from scipy.stats import binom, binomtest, chi2, t as student_t
from sklearn.metrics import (cohen_kappa_score, log_loss, mean_squared_log_error,
                             roc_auc_score, top_k_accuracy_score)

from common import Checker, connect, copy_rows, plan_has_parallel, rows, scalar, set_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/compare")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_compare CASCADE; CREATE SCHEMA xc_compare")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPS = np.finfo(np.float64).eps


def pg_array(v):
    return "{" + ",".join(repr(float(x)) for x in v) + "}"


# ------------------------------------------------------------ multiclass
def load_mc(table, P, y, w=None):
    cur.execute(f"CREATE TABLE xc_compare.{table} (id int, probs float8[], actual bigint, w float8)")
    copy_rows(conn, f"xc_compare.{table}", ["id", "probs", "actual", "w"],
              [(i, pg_array(P[i]), int(y[i]), None if w is None else float(w[i])) for i in range(len(y))])
    cur.execute(f"ANALYZE xc_compare.{table}")


def mc_reference(P, y, w=None):
    K = P.shape[1]
    L = list(range(K))
    ref = {}
    ref["ovr_macro"] = roc_auc_score(y, P, multi_class="ovr", labels=L, sample_weight=w)
    ref["ovr_weighted"] = roc_auc_score(y, P, multi_class="ovr", average="weighted", labels=L, sample_weight=w)
    if w is None:
        ref["ovo_macro"] = roc_auc_score(y, P, multi_class="ovo", labels=L)
        ref["ovo_weighted"] = roc_auc_score(y, P, multi_class="ovo", average="weighted", labels=L)
    ref["log_loss"] = log_loss(y, P, labels=L, sample_weight=w)
    Y = np.eye(K)[y]
    ref["brier"] = float(np.average(((P - Y) ** 2).sum(axis=1), weights=w))
    for k in (1, 2, 3):
        ref[f"top{k}"] = top_k_accuracy_score(y, P, k=k, labels=L, sample_weight=w)
    return ref


def mc_check(name, table, P, y, w=None, pieces=False):
    ref = mc_reference(P, y, w)
    wcol = ", w" if w is not None else ""
    if pieces:
        src = (f"(SELECT mlcheck.merge(m) AS m FROM (SELECT mlcheck.multiclass(probs, actual{wcol}) AS m "
               f"FROM xc_compare.{table} GROUP BY id % 5) q) s")
    else:
        src = f"(SELECT mlcheck.multiclass(probs, actual{wcol}) AS m FROM xc_compare.{table}) s"
    got = rows(conn, f"""SELECT mlcheck.roc_auc_ovr(m), mlcheck.roc_auc_ovr(m, average => 'weighted'),
        mlcheck.log_loss(m), mlcheck.brier(m), mlcheck.top_k_accuracy(m, 1),
        mlcheck.top_k_accuracy(m, 2), mlcheck.top_k_accuracy(m, 3) FROM {src}""")[0]
    for key, g in zip(["ovr_macro", "ovr_weighted", "log_loss", "brier", "top1", "top2", "top3"], got):
        ck.close(f"{name}/{key}", g, ref[key])
    if w is None:
        got = rows(conn, f"SELECT mlcheck.roc_auc_ovo(m), mlcheck.roc_auc_ovo(m, average => 'weighted') FROM {src}")[0]
        ck.close(f"{name}/ovo_macro", got[0], ref["ovo_macro"])
        ck.close(f"{name}/ovo_weighted", got[1], ref["ovo_weighted"])
    else:
        ck.error(f"{name}/ovo_weighted_refused", conn, f"SELECT mlcheck.roc_auc_ovo(m) FROM {src}", "22023")
    # argmax confusion equals the confusion of numpy.argmax predictions
    pred = P.argmax(axis=1)
    cells = rows(conn, f"SELECT actual, predicted, count FROM mlcheck.cells((SELECT mlcheck.confusion(m) FROM {src}))")
    want = {}
    for i in range(len(y)):
        key = (str(int(y[i])), str(int(pred[i])))
        want[key] = want.get(key, 0) + (1.0 if w is None else float(w[i]))
    gotc = {(a, p): c for a, p, c in cells if c != 0}
    ck.check(f"{name}/argmax_confusion", all(math.isclose(gotc.get(k, 0), v, rel_tol=1e-12) for k, v in want.items())
             and len(gotc) == len(want), f"{gotc} vs {want}")


def digits():
    path = os.path.join(ROOT, "test", "data", "digits_probabilities.csv")
    labels = os.path.join(ROOT, "test", "data", "digits_predictions.csv")
    import csv
    with open(path) as f:
        P = np.array([[float(x) for x in r["probs"].strip("{}").split(",")] for r in csv.DictReader(f)])
    with open(labels) as f:
        y = np.array([int(r["actual"]) for r in csv.DictReader(f)])
    return P, y


P, y = digits()
load_mc("digits", P, y)
mc_check("digits", "digits", P, y)
mc_check("digits_merged", "digits", P, y, pieces=True)
set_parallel(conn, True)
sql = "SELECT mlcheck.multiclass(probs, actual) FROM xc_compare.digits"
ck.check("digits/parallel_plan", plan_has_parallel(conn, sql))
par = scalar(conn, f"SELECT mlcheck.roc_auc_ovr(({sql}))")
set_parallel(conn, False)
ser = scalar(conn, f"SELECT mlcheck.roc_auc_ovr(({sql}))")
ck.check("digits/parallel_equals_serial", par == ser, f"{par!r} vs {ser!r}")
ck.close("digits/parallel_vs_sklearn", par, roc_auc_score(y, P, multi_class="ovr", labels=list(range(10))))

# generated: few distinct probability values (ties), weights, 4 and 6 classes
rng = np.random.default_rng(11)
for K, n in ((4, 600), (6, 1500)):
    raw = rng.integers(0, 6, size=(n, K)).astype(float) + 0.25
    Pg = raw / raw.sum(axis=1, keepdims=True)
    yg = rng.integers(0, K, size=n)
    wg = rng.integers(1, 5, size=n).astype(float) * 0.5
    load_mc(f"gen{K}", Pg, yg, wg)
    mc_check(f"gen{K}_unweighted", f"gen{K}", Pg, yg)
    mc_check(f"gen{K}_weighted", f"gen{K}", Pg, yg, wg)
    mc_check(f"gen{K}_weighted_merged", f"gen{K}", Pg, yg, wg, pieces=True)

# text round trip is exact
ck.check("text_round_trip", scalar(conn, """SELECT m::text::mlcheck.multiclass::text = m::text
    FROM (SELECT mlcheck.multiclass(probs, actual, w) AS m FROM xc_compare.gen4) s"""))

# multiclass_normalized divides each row by its sum
raw = rng.integers(1, 9, size=(300, 5)).astype(float)
yn = rng.integers(0, 5, size=300)
cur.execute("CREATE TABLE xc_compare.unnorm (probs float8[], actual bigint)")
copy_rows(conn, "xc_compare.unnorm", ["probs", "actual"],
          [(pg_array(raw[i] / 10.0), int(yn[i])) for i in range(300)])
ck.error("unnormalized_refused", conn, "SELECT mlcheck.multiclass(probs, actual) FROM xc_compare.unnorm", "22023")
Pn = (raw / 10.0) / (raw / 10.0).sum(axis=1, keepdims=True)
ck.close("normalized/log_loss", scalar(conn, "SELECT mlcheck.log_loss(mlcheck.multiclass_normalized(probs, actual)) FROM xc_compare.unnorm"),
         log_loss(yn, Pn, labels=list(range(5))))
ck.close("normalized/ovr", scalar(conn, "SELECT mlcheck.roc_auc_ovr(mlcheck.multiclass_normalized(probs, actual)) FROM xc_compare.unnorm"),
         roc_auc_score(yn, Pn, multi_class="ovr", labels=list(range(5))))

# edge cases: absent class (OvR NULL, OvO over present classes), errors
cur.execute("""CREATE TABLE xc_compare.absent AS SELECT probs, actual FROM xc_compare.gen4 WHERE actual <> 3""")
ya = np.array([r[0] for r in rows(conn, "SELECT actual FROM xc_compare.absent")])
Pa = np.array([[float(x) for x in r[0]] for r in rows(conn, "SELECT probs FROM xc_compare.absent")])
ck.check("absent_class/ovr_null", scalar(conn, "SELECT mlcheck.roc_auc_ovr(mlcheck.multiclass(probs, actual)) FROM xc_compare.absent") is None)
present = [0, 1, 2]
ref_ovo = roc_auc_score(ya, Pa[:, present] / Pa[:, present].sum(axis=1, keepdims=True), multi_class="ovo")
# sklearn needs probabilities of the present classes only; OvO AUC uses the
# raw columns (a rank metric per pair), which renormalising does not change
# for a pair's two columns only up to a common factor per row, so compute
# the Hand & Till value directly instead
def hand_till(yv, Pv, classes):
    from itertools import combinations
    s = []
    for a, b in combinations(classes, 2):
        mask = (yv == a) | (yv == b)
        s.append((roc_auc_score(yv[mask] == a, Pv[mask, a]) + roc_auc_score(yv[mask] == b, Pv[mask, b])) / 2)
    return float(np.mean(s))
ck.close("absent_class/ovo_present_pairs", scalar(conn, "SELECT mlcheck.roc_auc_ovo(mlcheck.multiclass(probs, actual)) FROM xc_compare.absent"),
         hand_till(ya, Pa, present))
ck.error("two_classes", conn, "SELECT mlcheck.multiclass(ARRAY[0.5, 0.5], 0)", "22023")
ck.error("class_out_of_range", conn, "SELECT mlcheck.multiclass(ARRAY[0.2, 0.3, 0.5], 3)", "22023")
ck.error("negative_class", conn, "SELECT mlcheck.multiclass(ARRAY[0.2, 0.3, 0.5], -1)", "22023")
ck.error("probability_above_1", conn, "SELECT mlcheck.multiclass(ARRAY[1.5, -0.25, -0.25], 0)", "22003")
ck.error("nan_probability", conn, "SELECT mlcheck.multiclass(ARRAY['NaN', 0.5, 0.5]::float8[], 0)", "22023")
ck.error("null_element", conn, "SELECT mlcheck.multiclass(ARRAY[NULL, 0.5, 0.5]::float8[], 0)", "22023")
ck.error("length_differs", conn,
         "SELECT mlcheck.multiclass(p, 0) FROM (VALUES (ARRAY[0.2, 0.3, 0.5]), (ARRAY[0.25, 0.25, 0.25, 0.25])) v(p)", "22023")
ck.error("negative_weight", conn, "SELECT mlcheck.multiclass(ARRAY[0.2, 0.3, 0.5], 0, -1)", "22023")
ck.error("top_k_zero", conn, "SELECT mlcheck.top_k_accuracy(mlcheck.multiclass(ARRAY[0.2, 0.3, 0.5], 0), 0)", "22023")
ck.check("null_rows_skipped", scalar(conn, """SELECT mlcheck.n_null(mlcheck.multiclass(p, a)) FROM
    (VALUES (ARRAY[0.2, 0.3, 0.5], 1::bigint), (NULL, 1), (ARRAY[0.2, 0.3, 0.5], NULL)) v(p, a)""") == 2)
ck.check("empty_is_null", scalar(conn, "SELECT mlcheck.multiclass(ARRAY[0.2, 0.3, 0.5], 0) FROM xc_compare.digits WHERE false") is None)

# ------------------------------------------------------------ roc_auc_test
def delong_parts(yv, s):
    pos, neg = s[yv == 1], s[yv == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    theta = psi.mean()
    m, n = len(pos), len(neg)
    S = ((v10 - theta) ** 2).sum() / ((m - 1) * m) + ((v01 - theta) ** 2).sum() / ((n - 1) * n)
    return theta, S, m, n


def ref_unpaired(ya, sa, yb, sb):
    ta, Sa, ma, na = delong_parts(ya, sa)
    tb, Sb, mb, nb = delong_parts(yb, sb)
    z = (ta - tb) / math.sqrt(Sa + Sb)
    df = (Sa + Sb) ** 2 / (Sa ** 2 / (ma + na - 1) + Sb ** 2 / (mb + nb - 1))
    return ta, tb, ta - tb, z, df, 2 * student_t.sf(abs(z), df)


cur.execute("CREATE TABLE xc_compare.sc (grp int, s float8, y boolean)")
for g, (n, ties) in enumerate(((400, False), (250, True), (60, True))):
    yv = rng.random(n) < 0.4
    sv = rng.normal(size=n) + yv * (1.0 - 0.3 * g)
    if ties:
        sv = np.round(sv, 1)
    copy_rows(conn, "xc_compare.sc", ["grp", "s", "y"], [(g, float(sv[i]), bool(yv[i])) for i in range(n)])
data = {g: (np.array([r[1] for r in rows(conn, "SELECT s, y FROM xc_compare.sc WHERE grp = %s ORDER BY ctid", (g,))]),
            np.array([float(r[0]) for r in rows(conn, "SELECT s, y FROM xc_compare.sc WHERE grp = %s ORDER BY ctid", (g,))]))
        for g in range(3)}
for a, b in ((0, 1), (1, 2), (0, 2)):
    got = rows(conn, """SELECT (r).* FROM (SELECT mlcheck.roc_auc_test(
        (SELECT mlcheck.scores(s, y) FROM xc_compare.sc WHERE grp = %s),
        (SELECT mlcheck.scores(s, y) FROM xc_compare.sc WHERE grp = %s)) AS r) q""", (a, b))[0]
    want = ref_unpaired(data[a][0].astype(int), data[a][1], data[b][0].astype(int), data[b][1])
    for name, g, w in zip(["auc_a", "auc_b", "difference", "z", "df", "p_value"], got, want):
        ck.close(f"roc_auc_test/{a}_{b}/{name}", g, w)
    # roc_auc_ci from the stored summary equals the aggregate
    s_ci = rows(conn, "SELECT (mlcheck.roc_auc_ci(mlcheck.scores(s, y), level => 0.9)).* FROM xc_compare.sc WHERE grp = %s", (a,))[0]
    a_ci = rows(conn, "SELECT (mlcheck.roc_auc_ci(s, y, 0.9)).* FROM xc_compare.sc WHERE grp = %s", (a,))[0]
    for name, g, w in zip(["auc", "lower", "upper"], s_ci, a_ci):
        ck.close(f"roc_auc_ci_summary/{a}/{name}", g, w, rel=1e-12)
ck.error("roc_auc_test/binned", conn, """SELECT mlcheck.roc_auc_test(mlcheck.scores(s, y, 5), mlcheck.scores(s, y))
    FROM xc_compare.sc""", "22023")
ck.error("roc_auc_test/weighted", conn, """SELECT mlcheck.roc_auc_test(mlcheck.scores(s, y, 0.5), mlcheck.scores(s, y))
    FROM xc_compare.sc""", "22023")
ck.error("roc_auc_ci_summary/level", conn, "SELECT mlcheck.roc_auc_ci(mlcheck.scores(s, y), level => 1) FROM xc_compare.sc", "22023")
one = rows(conn, """SELECT (r).* FROM (SELECT mlcheck.roc_auc_test(
    (SELECT mlcheck.scores(s, y) FROM xc_compare.sc WHERE grp = 0),
    (SELECT mlcheck.scores(s, true) FROM xc_compare.sc WHERE grp = 1)) AS r) q""")[0]
ck.check("roc_auc_test/one_class_null", one[1] is None and one[3] is None and one[5] is None, str(one))

# train vs test on the bundled cancer data: fold halves of one model
cur.execute("CREATE TABLE xc_compare.cancer (case_id int, model text, label boolean, score float8)")
import csv
with open(os.path.join(ROOT, "test", "data", "cancer_predictions.csv")) as f:
    cr = list(csv.DictReader(f))
copy_rows(conn, "xc_compare.cancer", ["case_id", "model", "label", "score"],
          [(int(r["case_id"]), r["model"], r["label"] == "true", float(r["score"])) for r in cr])
models = sorted({r["model"] for r in cr})
m0 = [r for r in cr if r["model"] == models[0]]
ya = np.array([r["label"] == "true" for r in m0 if int(r["case_id"]) % 2 == 0]).astype(int)
sa = np.array([float(r["score"]) for r in m0 if int(r["case_id"]) % 2 == 0])
yb = np.array([r["label"] == "true" for r in m0 if int(r["case_id"]) % 2 == 1]).astype(int)
sb = np.array([float(r["score"]) for r in m0 if int(r["case_id"]) % 2 == 1])
got = rows(conn, """SELECT (r).* FROM (SELECT mlcheck.roc_auc_test(
    mlcheck.scores(score, label) FILTER (WHERE case_id %% 2 = 0),
    mlcheck.scores(score, label) FILTER (WHERE case_id %% 2 = 1)) AS r FROM xc_compare.cancer WHERE model = %s) q""",
               (models[0],))[0]
for name, g, w in zip(["auc_a", "auc_b", "difference", "z", "df", "p_value"], got, ref_unpaired(ya, sa, yb, sb)):
    ck.close(f"roc_auc_test/cancer/{name}", g, w)

# ------------------------------------------------------------ mcnemar
def ref_mcnemar(a_only, b_only):
    d = a_only + b_only
    if d == 0:
        return (a_only, b_only, None, None, None)
    if d < 25:
        s = min(a_only, b_only)
        return (a_only, b_only, float(s), min(1.0, 2 * binom.cdf(s, d, 0.5)), True)
    stat = 0.0 if a_only == b_only else (abs(a_only - b_only) - 1) ** 2 / d
    return (a_only, b_only, stat, chi2.sf(stat, 1), False)


cur.execute("CREATE TABLE xc_compare.mc (id int, actual boolean, pa boolean, pb boolean, ai bigint, pai bigint, pbi bigint, at text, pat text, pbt text)")
for case, (n, pa_err, pb_err) in enumerate(((40, 0.2, 0.25), (400, 0.1, 0.2), (300, 0.15, 0.15))):
    act = rng.random(n) < 0.5
    pa = np.where(rng.random(n) < pa_err, ~act, act)
    pb = np.where(rng.random(n) < pb_err, ~act, act)
    ai = rng.integers(0, 3, size=n)
    pai = np.where(rng.random(n) < pa_err, (ai + 1) % 3, ai)
    pbi = np.where(rng.random(n) < pb_err, (ai + 2) % 3, ai)
    copy_rows(conn, "xc_compare.mc", ["id", "actual", "pa", "pb", "ai", "pai", "pbi", "at", "pat", "pbt"],
              [(case, bool(act[i]), bool(pa[i]), bool(pb[i]), int(ai[i]), int(pai[i]), int(pbi[i]),
                f"c{ai[i]}", f"c{pai[i]}", f"c{pbi[i]}") for i in range(n)])
    a_only = int(((pa == act) & (pb != act)).sum())
    b_only = int(((pa != act) & (pb == act)).sum())
    got = rows(conn, "SELECT (mlcheck.mcnemar(actual, pa, pb)).* FROM xc_compare.mc WHERE id = %s", (case,))[0]
    want = ref_mcnemar(a_only, b_only)
    ck.check(f"mcnemar/bool{case}/counts", got[0] == want[0] and got[1] == want[1], f"{got} vs {want}")
    ck.close(f"mcnemar/bool{case}/statistic", got[2], want[2])
    ck.close(f"mcnemar/bool{case}/p_value", got[3], want[3])
    ck.check(f"mcnemar/bool{case}/exact", got[4] == want[4], f"{got[4]} vs {want[4]}")
    a_only = int(((pai == ai) & (pbi != ai)).sum())
    b_only = int(((pai != ai) & (pbi == ai)).sum())
    want = ref_mcnemar(a_only, b_only)
    for lbl, cols in (("int", "ai, pai, pbi"), ("text", "at, pat, pbt")):
        got = rows(conn, f"SELECT (mlcheck.mcnemar({cols})).* FROM xc_compare.mc WHERE id = %s", (case,))[0]
        ck.check(f"mcnemar/{lbl}{case}/counts", got[0] == want[0] and got[1] == want[1], f"{got} vs {want}")
        ck.close(f"mcnemar/{lbl}{case}/p_value", got[3], want[3])
set_parallel(conn, True)
par = rows(conn, "SELECT (mlcheck.mcnemar(ai, pai, pbi)).* FROM xc_compare.mc")[0]
set_parallel(conn, False)
ser = rows(conn, "SELECT (mlcheck.mcnemar(ai, pai, pbi)).* FROM xc_compare.mc")[0]
ck.check("mcnemar/parallel_equals_serial", par == ser, f"{par} vs {ser}")
zero = rows(conn, "SELECT (mlcheck.mcnemar(actual, actual, actual)).* FROM xc_compare.mc")[0]
ck.check("mcnemar/no_discordant_null", zero[0] == 0 and zero[1] == 0 and zero[2] is None and zero[3] is None, str(zero))

# ------------------------------------------------------------ accuracy_test
for case in range(3):
    got = rows(conn, "SELECT (mlcheck.accuracy_test(mlcheck.confusion(ai, pai), 0.9)).* FROM xc_compare.mc WHERE id = %s", (case,))[0]
    sub = rows(conn, "SELECT ai, pai FROM xc_compare.mc WHERE id = %s", (case,))
    k = sum(1 for a, p in sub if a == p)
    n = len(sub)
    nir = max(sum(1 for a, _ in sub if a == c) for c in range(3)) / n
    r = binomtest(k, n)
    ci = r.proportion_ci(0.9, method="exact")
    for name, g, w in zip(["accuracy", "lower", "upper", "no_information_rate", "p_value"], got,
                          [k / n, ci.low, ci.high, nir, binomtest(k, n, p=nir, alternative="greater").pvalue]):
        ck.close(f"accuracy_test/{case}/{name}", g, w)
w_got = rows(conn, "SELECT (mlcheck.accuracy_test(mlcheck.confusion(ai, pai, 0.5))).* FROM xc_compare.mc")[0]
ck.check("accuracy_test/weighted_no_interval", w_got[0] is not None and w_got[1] is None and w_got[4] is None, str(w_got))
ck.error("accuracy_test/level", conn, "SELECT mlcheck.accuracy_test(mlcheck.confusion(ai, pai), 1.5) FROM xc_compare.mc", "22023")
ck.check("no_information_rate/empty", scalar(conn, "SELECT mlcheck.no_information_rate(mlcheck.confusion(ai, pai)) FROM xc_compare.mc WHERE false") is None)

# ------------------------------------------------------------ kappa, msle
sub = rows(conn, "SELECT ai, pai, at, pat FROM xc_compare.mc")
for wk in ("linear", "quadratic"):
    ck.close(f"kappa/{wk}/int", scalar(conn, "SELECT mlcheck.cohen_kappa(mlcheck.confusion(ai, pai), weights => %s) FROM xc_compare.mc", (wk,)),
             cohen_kappa_score([r[0] for r in sub], [r[1] for r in sub], weights=wk))
    ck.close(f"kappa/{wk}/text", scalar(conn, "SELECT mlcheck.cohen_kappa(mlcheck.confusion(at, pat), weights => %s) FROM xc_compare.mc", (wk,)),
             cohen_kappa_score([r[2] for r in sub], [r[3] for r in sub], weights=wk))
ck.error("kappa/unknown_weights", conn, "SELECT mlcheck.cohen_kappa(mlcheck.confusion(ai, pai), weights => 'cubic') FROM xc_compare.mc", "22023")

yt = rng.gamma(2.0, 3.0, size=500)
yp = np.clip(yt + rng.normal(scale=1.5, size=500), 0, None)
wt = rng.integers(1, 4, size=500).astype(float)
cur.execute("CREATE TABLE xc_compare.reg (id int, p float8, a float8, w float8)")
copy_rows(conn, "xc_compare.reg", ["id", "p", "a", "w"], [(i, float(yp[i]), float(yt[i]), float(wt[i])) for i in range(500)])
ck.close("msle/unweighted", scalar(conn, "SELECT mlcheck.msle(mlcheck.regression(p, a)) FROM xc_compare.reg"),
         mean_squared_log_error(yt, yp))
ck.close("msle/weighted", scalar(conn, "SELECT mlcheck.msle(mlcheck.regression(p, a, w)) FROM xc_compare.reg"),
         mean_squared_log_error(yt, yp, sample_weight=wt))
ck.close("msle/merged", scalar(conn, """SELECT mlcheck.msle(mlcheck.merge(r)) FROM
    (SELECT mlcheck.regression(p, a, w) AS r FROM xc_compare.reg GROUP BY id % 7) q"""),
         mean_squared_log_error(yt, yp, sample_weight=wt))
ck.error("msle/negative", conn, "SELECT mlcheck.msle(mlcheck.regression(p - 1, a)) FROM xc_compare.reg", "22003")
ck.check("msle/negative_zero_ok", scalar(conn, "SELECT mlcheck.msle(mlcheck.regression('-0'::float8, 0))") == 0.0)
ck.done()
