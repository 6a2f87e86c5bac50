"""Cross-check mlcheck.roc_auc_ci and mlcheck.delong_test against DeLong's
definition computed directly in NumPy.

Reference (no R/pROC here): the O(m·n) structural components of DeLong et
al. (1988), psi(x, y) = 1 if x > y, 0.5 if x == y, 0 otherwise;
V10_i = mean_j psi(x_i, y_j), V01_j = mean_i psi(x_i, y_j);
S10 = var(V10, ddof=1), S01 = var(V01, ddof=1); Var = S10/m + S01/n;
covariances of two models with ddof=1.  AUC also against sklearn's
roc_auc_score; the interval uses scipy.stats.norm.ppf, p-values
2·norm.sf(|z|).  Data: seeded continuous, heavily tied, ±Infinity scores,
low prevalence, single positive, one class, identical models, NULLs,
integer labels, other levels, the bundled example, forced parallel plans,
errors with their SQLSTATEs.
"""
import math
import os
import warnings

import numpy as np
from scipy.stats import norm
from sklearn.metrics import roc_auc_score

from common import Checker, connect, copy_rows, plan_has_parallel, rows, set_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/delong")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_delong CASCADE; CREATE SCHEMA xc_delong")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def components(y, s):
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)


def ref_ci(y, s, level=0.95):
    m, n = int((y == 1).sum()), int((y == 0).sum())
    if m == 0 or n == 0:
        return None, None, None
    v10, v01 = components(y, s)
    auc = v10.mean()
    if m < 2 or n < 2:
        return auc, None, None
    var = np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n
    z = norm.ppf((1 + level) / 2)
    return auc, max(0.0, auc - z * math.sqrt(var)), min(1.0, auc + z * math.sqrt(var))


def ref_test(y, a, b):
    m, n = int((y == 1).sum()), int((y == 0).sum())
    if m == 0 or n == 0:
        return None, None, None, None, None
    a10, a01 = components(y, a)
    b10, b01 = components(y, b)
    auc_a, auc_b = a10.mean(), b10.mean()
    if m < 2 or n < 2:
        return auc_a, auc_b, auc_a - auc_b, None, None
    c10 = np.cov(np.vstack([a10, b10]), ddof=1)
    c01 = np.cov(np.vstack([a01, b01]), ddof=1)
    vd = (c10[0, 0] + c10[1, 1] - 2 * c10[0, 1]) / m + (c01[0, 0] + c01[1, 1] - 2 * c01[0, 1]) / n
    if vd <= 1e-300:
        return auc_a, auc_b, auc_a - auc_b, None, None
    z = (auc_a - auc_b) / math.sqrt(vd)
    return auc_a, auc_b, auc_a - auc_b, z, 2 * norm.sf(abs(z))


def load(name, y, a, b, extra_null=0, rng=None):
    cur.execute(f"CREATE TABLE xc_delong.{name} (id serial, a float8, b float8, label boolean, ilabel int)")
    data = [(float(a[i]), float(b[i]), bool(y[i]), int(y[i])) for i in range(len(y))]
    for k in range(extra_null):  # rows with NULL scores or a NULL label: skipped
        if k % 2:
            data.append((None, None, True, 1))
        else:
            data.append((0.5, 0.25, None, None))
    copy_rows(conn, f"xc_delong.{name}", ["a", "b", "label", "ilabel"], data)
    cur.execute(f"ANALYZE xc_delong.{name}")


def sql_ci(name, level=None, lab="label", col="a"):
    lv = "" if level is None else f", {level!r}::float8"
    return rows(conn, f"SELECT (r).auc, (r).lower, (r).upper FROM "
                      f"(SELECT mlcheck.roc_auc_ci({col}, {lab}{lv}) r FROM xc_delong.{name}) t")[0]


def sql_test(name, lab="label"):
    return rows(conn, f"SELECT (r).auc_a, (r).auc_b, (r).difference, (r).z, (r).p_value FROM "
                      f"(SELECT mlcheck.delong_test(a, b, {lab}) r FROM xc_delong.{name}) t")[0]


def compare(tag, got, want):
    ok = True
    detail = []
    for g, w in zip(got, want):
        if g is None or w is None:
            good = g is None and w is None
        else:
            good = math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12)
        if not good:
            ok = False
        detail.append(f"{g!r}~{w!r}")
    ck.check(tag, ok, "; ".join(detail))


rng = np.random.default_rng(20261123)
cases = {}
# continuous, correlated models
n = 800
y = (rng.random(n) < 0.4).astype(int)
a = y * 0.9 + rng.normal(size=n)
b = 0.6 * a + 0.8 * rng.normal(size=n) + y * 0.3
cases["cont"] = (y, a, b)
# heavy ties (few distinct scores) and ties between the models
n = 1500
y = (rng.random(n) < 0.5).astype(int)
a = np.round(y * 0.5 + rng.normal(size=n), 0)
b = np.round(y * 0.4 + rng.normal(size=n), 1)
cases["ties"] = (y, a, b)
# infinite scores
n = 400
y = (rng.random(n) < 0.5).astype(int)
a = y + rng.normal(size=n)
b = y * 0.5 + rng.normal(size=n)
a[rng.random(n) < 0.05] = np.inf
a[rng.random(n) < 0.05] = -np.inf
b[rng.random(n) < 0.03] = np.inf
cases["inf"] = (y, a, b)
# low prevalence, medium size
n = 3000
y = (rng.random(n) < 0.08).astype(int)
a = rng.beta(2 + 3 * y, 5)
b = rng.beta(2 + 2 * y, 5)
cases["lowprev"] = (y, a, b)
# perfect separation by model a (variance of AUC_a is 0)
n = 200
y = (rng.random(n) < 0.5).astype(int)
cases["perfect"] = (y, y + rng.random(n) * 0.5, y * 0.2 + rng.random(n))
# single positive
n = 50
y = np.zeros(n, dtype=int)
y[7] = 1
cases["onepos"] = (y, rng.normal(size=n), rng.normal(size=n))
# one class only
n = 30
cases["oneclass"] = (np.ones(n, dtype=int), rng.normal(size=n), rng.normal(size=n))
# identical models: variance of the difference is 0
n = 300
y = (rng.random(n) < 0.5).astype(int)
a = y + rng.normal(size=n)
cases["identical"] = (y, a, a.copy())
# model b a monotone transform of model a: same ranks, same components
cases["monotone"] = (y, a, np.exp(a))
# -0 and +0 are one score
y0 = np.array([1, 0, 1, 0, 1, 0])
cases["signed_zero"] = (y0, np.array([0.0, -0.0, 1.0, -0.0, 0.0, 0.5]), np.array([-0.0, 0.0, 0.2, 0.1, 0.0, 0.3]))

for name, (y, a, b) in cases.items():
    load(name, y, a, b, extra_null=9)
    auc, lo, hi = ref_ci(y, a)
    compare(f"ci_{name}", sql_ci(name), (auc, lo, hi))
    compare(f"test_{name}", sql_test(name), ref_test(y, a, b))
    if auc is not None and np.isfinite(a).all() and np.isfinite(b).all():
        ck.close(f"auc_vs_sklearn_{name}", sql_ci(name)[0], roc_auc_score(y, a))
        ck.close(f"auc_b_vs_sklearn_{name}", sql_test(name)[1], roc_auc_score(y, b))
    ck.check(f"intlabel_ci_{name}", sql_ci(name, lab="ilabel") == sql_ci(name))
    ck.check(f"intlabel_test_{name}", sql_test(name, lab="ilabel") == sql_test(name))

for level in (0.5, 0.9, 0.99, 0.999):
    y, a, b = cases["cont"]
    compare(f"ci_level_{level}", sql_ci("cont", level), ref_ci(y, a, level))
    compare(f"ci_level_int_{level}", sql_ci("cont", level, lab="ilabel"), ref_ci(y, a, level))
y, a, b = cases["ties"]
compare("ci_ties_model_b", sql_ci("ties", col="b"), ref_ci(y, b))
ck.check("test_identical_z_null", sql_test("identical")[3] is None and sql_test("identical")[4] is None)
ck.check("test_monotone_z_null", sql_test("monotone")[3] is None)
# a row where only score_b is NULL is skipped by delong_test
y, a, b = cases["cont"]
got = rows(conn, "SELECT (r).* FROM (SELECT mlcheck.delong_test(a, b, label) r FROM "
                 "(SELECT a, b, label FROM xc_delong.cont UNION ALL SELECT 0.99, NULL, false "
                 "UNION ALL SELECT NULL, 0.99, false) s) t")[0]
compare("test_null_score_b_skipped", got, ref_test(y, a, b))

# empty input and all-NULL input: every field NULL
cur.execute("CREATE TABLE xc_delong.empty (a float8, b float8, label boolean)")
ck.check("ci_empty", sql_ci("empty") == (None, None, None))
ck.check("test_empty", sql_test("empty") == (None, None, None, None, None))
ck.check("ci_all_null", rows(conn, "SELECT (mlcheck.roc_auc_ci(NULL::float8, true)).auc FROM generate_series(1, 5)")[0][0] is None)

# GROUP BY: one small degenerate group does not abort the others
got = rows(conn, "SELECT g, (r).auc, (r).lower FROM (SELECT id % 3 AS g, mlcheck.roc_auc_ci(a, label) r "
                 "FROM xc_delong.cont GROUP BY 1) t ORDER BY g")
y, a, b = cases["cont"]
ids = np.arange(1, len(y) + 1)
allok = True
for g, auc, lo in got:
    sel = ids % 3 == g
    r = ref_ci(y[sel], a[sel])
    allok &= math.isclose(auc, r[0], rel_tol=1e-9) and math.isclose(lo, r[1], rel_tol=1e-9)
ck.check("ci_group_by", allok and len(got) == 3, repr(got))

# the bundled example (test/data/cancer_predictions.csv, the data of
# example.cancer_predictions): two models on the same cases
cur.execute("""CREATE TABLE xc_delong.cancer (
    case_id int, model text, ts timestamptz, label boolean, score float8, size_band text,
    texture_band text, mean_radius float8, mean_texture float8, mean_smoothness float8)""")
with open(os.path.join(ROOT, "test", "data", "cancer_predictions.csv")) as f:
    cur.copy_expert("COPY xc_delong.cancer FROM STDIN WITH (FORMAT csv, HEADER true)", f)
ex = rows(conn, "SELECT a.label, a.score, b.score FROM xc_delong.cancer a "
                "JOIN xc_delong.cancer b USING (case_id) "
                "WHERE a.model = 'logreg-v1' AND b.model = 'gbm-v2' "
                "AND a.label IS NOT NULL AND a.score IS NOT NULL AND b.score IS NOT NULL")
ey = np.array([int(r[0]) for r in ex])
ea = np.array([r[1] for r in ex])
eb = np.array([r[2] for r in ex])
got = rows(conn, "SELECT (r).* FROM (SELECT mlcheck.delong_test(a.score, b.score, a.label) r "
                 "FROM xc_delong.cancer a JOIN xc_delong.cancer b USING (case_id) "
                 "WHERE a.model = 'logreg-v1' AND b.model = 'gbm-v2') t")[0]
compare("test_example", got, ref_test(ey, ea, eb))
got = rows(conn, "SELECT (r).* FROM (SELECT mlcheck.roc_auc_ci(score, label) r "
                 "FROM xc_delong.cancer WHERE model = 'gbm-v2') t")[0]
compare("ci_example", got, ref_ci(ey, eb))

# forced parallel plans give the same result to the bit
n = 60000
y = (rng.random(n) < 0.3).astype(int)
a = np.round(y * 0.7 + rng.normal(size=n), 2)
b = np.round(y * 0.6 + rng.normal(size=n), 3)
load("big", y, a, b)
q_ci = "SELECT mlcheck.roc_auc_ci(a, label, 0.9)::text FROM xc_delong.big"
q_t = "SELECT mlcheck.delong_test(a, b, label)::text FROM xc_delong.big"
cur.execute("SET extra_float_digits = 3")
set_parallel(conn, False)
serial = (rows(conn, q_ci)[0][0], rows(conn, q_t)[0][0])
set_parallel(conn, True)
ck.check("parallel_plan_ci", plan_has_parallel(conn, q_ci))
ck.check("parallel_plan_test", plan_has_parallel(conn, q_t))
par = (rows(conn, q_ci)[0][0], rows(conn, q_t)[0][0])
ck.check("parallel_equals_serial", par == serial, f"{par} vs {serial}")
set_parallel(conn, False)
# sanity of the big case against sklearn (the O(mn) reference is too big here)
ck.close("big_auc_vs_sklearn", rows(conn, "SELECT (mlcheck.roc_auc_ci(a, label)).auc FROM xc_delong.big")[0][0],
         roc_auc_score(y, a))

# errors
ck.error("nan_score", conn, "SELECT mlcheck.roc_auc_ci('NaN'::float8, true)", "22023")
ck.error("nan_score_b", conn, "SELECT mlcheck.delong_test(0.5, 'NaN'::float8, true)", "22023")
ck.error("nan_score_a", conn, "SELECT mlcheck.delong_test('NaN'::float8, 0.5, true)", "22023")
ck.error("level_1", conn, "SELECT mlcheck.roc_auc_ci(0.5, true, 1.0)", "22023")
ck.error("level_0", conn, "SELECT mlcheck.roc_auc_ci(0.5, true, 0.0)", "22023")
ck.error("level_nan", conn, "SELECT mlcheck.roc_auc_ci(0.5, true, 'NaN')", "22023")
ck.error("level_null", conn, "SELECT mlcheck.roc_auc_ci(0.5, true, NULL)", "22023")
ck.error("level_varies", conn, "SELECT mlcheck.roc_auc_ci(a, label, 0.9 + (id % 2) * 0.05) FROM xc_delong.cont", "22023")
ck.error("int_label_2", conn, "SELECT mlcheck.roc_auc_ci(0.5, 2)", "22023")
ck.error("int_label_test", conn, "SELECT mlcheck.delong_test(0.5, 0.5, -1)", "22023")
cur.execute("SET mlcheck.max_value_kb = 64")
ck.error("max_value_kb_ci", conn, "SELECT mlcheck.roc_auc_ci(a, label) FROM xc_delong.big", "54000")
ck.error("max_value_kb_test", conn, "SELECT mlcheck.delong_test(a, b, label) FROM xc_delong.big", "54000")
cur.execute("RESET mlcheck.max_value_kb")

cur.execute("DROP SCHEMA xc_delong CASCADE")
ck.done()
