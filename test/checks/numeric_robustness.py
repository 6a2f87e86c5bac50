"""Numeric robustness: every value mlcheck builds reads back, and no metric
is silently wrong because of the scale of the counts or weights.

Three groups of cases, each checked against an answer computed here
(NumPy/SciPy/scikit-learn or exact arithmetic):
  - counts that cannot be represented (a float8 cell past 1.8e308, a
    64-bit count past 2^63) are refused with 22003 when the value is
    built, never stored and then unreadable (XX001 on every later read,
    which also breaks pg_dump); every value that is built reads back
    through its text form;
  - scale invariance: a metric of weights w * 1e-200 or w * 1e300 equals
    the metric of w (to 1e-9), and so do summaries holding counts near
    1e308; mcc stays within [-1, 1];
  - categorical drift of two samples of one distribution over more
    categories than a profile keeps does not alert.
One line per case.
"""
import json
import math
import os
import sys
from fractions import Fraction

import numpy as np
from sklearn.metrics import (roc_auc_score, average_precision_score, matthews_corrcoef,
                             cohen_kappa_score, brier_score_loss, accuracy_score,
                             balanced_accuracy_score)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "numeric_robustness"
chk = L.Checker(SUITE)
conn = L.own_database("numeric_robustness")
cur = conn.cursor()
cur.execute("SET extra_float_digits = 3")

I64 = 2 ** 63 - 1


def refused_22003(name, sql, args=None):
    """The statement builds a value that cannot be represented: 22003, not a
    stored value that every later read rejects."""
    out = L.run(conn, sql, args)
    chk.check(name, out.sqlstate == "22003", out.describe())


def reads_back(name, sql, typ, args=None):
    """The value built by sql prints, and its text reads back to the same text."""
    out = L.run(conn, f"SELECT ({sql})::text", args)
    if not out.ok:
        return chk.check(name, False, out.describe())
    back = L.run(conn, f"SELECT %s::mlcheck.{typ}::text", (out.value,))
    chk.check(name, back.ok and back.value == out.value,
              f"text {out.value[:120]!r} reads back as {back.describe()}")


def value(sql, args=None):
    out = L.run(conn, sql, args)
    if not out.ok:
        return out
    return out.value


def close(name, sql, want, rel=1e-9, args=None):
    got = value(sql, args)
    if isinstance(got, L.Outcome):
        return chk.check(name, False, got.describe())
    if want is None:
        return chk.check(name, got is None, f"got {got!r}, want NULL")
    ok = got is not None and math.isfinite(got) and math.isclose(got, want, rel_tol=rel, abs_tol=rel)
    chk.check(name, ok, f"got {got!r}, want {want!r}")


def values_sql(rows, cols):
    """A VALUES list with typed columns."""
    parts = []
    for r in rows:
        parts.append("(" + ", ".join(f"{v!r}::{t}" if not isinstance(v, bool) else str(v).lower()
                                     for v, t in zip(r, cols)) + ")")
    return "(VALUES " + ", ".join(parts) + ")"


# ------------------------------------------------------------------ values
W2 = values_sql([(True, True, 1e308), (True, True, 1e308)], ["bool", "bool", "float8"])
refused_22003("confusion/weights_sum_past_float8",
              f"SELECT mlcheck.confusion(a, p, w)::text FROM {W2} v(a, p, w)")
S2 = values_sql([(0.5, True, 1e308), (0.5, True, 1e308)], ["float8", "bool", "float8"])
refused_22003("scores/weights_sum_past_float8",
              f"SELECT mlcheck.scores(s, l, w)::text FROM {S2} v(s, l, w)")
BIG = '{"labels": [false, true], "matrix": [[1e308, 0], [0, 1]]}'
refused_22003("confusion/plus_past_float8",
              "SELECT (%s::mlcheck.confusion OPERATOR(mlcheck.+) %s::mlcheck.confusion)::text", (BIG, BIG))
refused_22003("confusion/merge_past_float8",
              "SELECT mlcheck.merge(c)::text FROM (VALUES (%s::mlcheck.confusion), (%s)) v(c)", (BIG, BIG))

NN = {
    "confusion": '{"labels": [], "matrix": [], "n_null": %d}' % I64,
    "scores": '{"max_bins": 10000, "n_null": %d, "exact": true, "entries": []}' % I64,
    "calibration": ('{"n_bins": 2, "count": [0, 0], "sum_predicted": [0, 0], "sum_positive": [0, 0], '
                    '"sum_squared_error": 0, "n_null": %d}' % I64),
    "numeric_profile": ('{"n": 0, "n_null": %d, "n_nan": 0, "n_posinf": 0, "n_neginf": 0, '
                        '"exact": true, "levels": [[]]}' % I64),
    "categorical_profile": '{"n": 0, "n_null": %d, "n_other": 0, "categories": {}}' % I64,
}
for typ, text in NN.items():
    refused_22003(f"{typ}/merge_n_null_past_2^63",
                  f"SELECT mlcheck.merge(x)::text FROM (VALUES (%s::mlcheck.{typ}), (%s)) v(x)", (text, text))
for key in ("n_nan", "n_posinf", "n_neginf"):
    t = ('{"n": 0, "n_null": 0, "n_nan": 0, "n_posinf": 0, "n_neginf": 0, "exact": true, "levels": [[]]}'
         .replace(f'"{key}": 0', f'"{key}": {I64}'))
    refused_22003(f"numeric_profile/merge_{key}_past_2^63",
                  "SELECT mlcheck.merge(x)::text FROM (VALUES (%s::mlcheck.numeric_profile), (%s)) v(x)", (t, t))
CAT = '{"n": %d, "n_null": 0, "n_other": 0, "categories": {"a": %d}}' % (I64, I64)
refused_22003("categorical_profile/merge_count_past_2^63",
              "SELECT mlcheck.merge(x)::text FROM (VALUES (%s::mlcheck.categorical_profile), (%s)) v(x)", (CAT, CAT))
CAT1 = '{"n": 1, "n_null": 0, "n_other": 0, "categories": {"a": 1}}'
refused_22003("categorical_profile/merge_count_past_2^63_other_order",
              "SELECT mlcheck.merge(x)::text FROM (VALUES (%s::mlcheck.categorical_profile), (%s)) v(x)", (CAT1, CAT))

# a numeric profile of huge values: the right mean, and a text form that reads back
HUGE = [1e308, 1.5e308, 1.7e308]
true_mean = float(sum(Fraction(x) for x in HUGE) / len(HUGE))
HV = values_sql([(x,) for x in HUGE], ["float8"])
close("numeric_profile/mean_of_huge_values", f"SELECT mlcheck.mean(mlcheck.profile(x)) FROM {HV} v(x)", true_mean, 1e-12)
reads_back("numeric_profile/huge_values_read_back", f"SELECT mlcheck.profile(x) FROM {HV} v(x)", "numeric_profile")
# mixed signs near the float8 limit: x1 + x2 overflows, the mean is 0
close("numeric_profile/mean_of_opposite_huge_values",
      "SELECT mlcheck.mean(mlcheck.profile(x)) FROM (VALUES (1.7e308::float8), (-1.7e308)) v(x)", 0.0)
# a sketched profile whose sum of squares is past the float8 range: refused or readable
out = L.run(conn, "SELECT mlcheck.profile(x)::text FROM (SELECT (CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END) "
                  "* 1.7e308::float8 * (1 - g * 1e-6) AS x FROM generate_series(1, 5000) g) s")
if out.ok:
    back = L.run(conn, "SELECT %s::mlcheck.numeric_profile::text", (out.value,))
    chk.check("numeric_profile/sketch_of_huge_values_reads_back_or_22003", back.ok, back.describe())
else:
    chk.check("numeric_profile/sketch_of_huge_values_reads_back_or_22003", out.sqlstate == "22003", out.describe())

# --------------------------------------------------- accessors, confusion
M = '{"labels": [false, true], "matrix": [[1e308, 1e308], [1e308, 1e308]]}'
for fn, want in [("accuracy", 0.5), ("balanced_accuracy", 0.5), ("precision", 0.5), ("recall", 0.5),
                 ("specificity", 0.5), ("f1", 0.5), ("mcc", 0.0), ("cohen_kappa", 0.0)]:
    close(f"confusion/{fn}_of_1e308_counts", f"SELECT mlcheck.{fn}(%s::mlcheck.confusion)", want, args=(M,))
close("confusion/per_class_precision_of_1e308_counts",
      "SELECT precision FROM mlcheck.per_class(%s::mlcheck.confusion) WHERE label = 'true'", 0.5, args=(M,))
close("confusion/macro_recall_of_1e308_counts",
      "SELECT mlcheck.recall(%s::mlcheck.confusion, average => 'macro')", 0.5, args=(M,))
reads_back("confusion/1e308_counts_read_back", "SELECT %s::mlcheck.confusion", "confusion", (M,))

# mcc rounding: a weighted anti-diagonal matrix whose plain formula gives -1.00000014
MM = '{"labels": [false, true], "matrix": [[1.0450440337730994e-08, 0.047708431962247146], [67363761.88079114, 0]]}'
got = value("SELECT mlcheck.mcc(%s::mlcheck.confusion)", (MM,))
chk.check("confusion/mcc_within_minus1_1", isinstance(got, float) and -1.0 <= got <= 1.0, f"got {got!r}")

rng = np.random.default_rng(14)
n = 300
y = rng.integers(0, 3, n)
yp = np.where(rng.random(n) < 0.6, y, rng.integers(0, 3, n))
w = rng.uniform(0.1, 2.0, n)
score = rng.random(n) + 0.3 * (y == 1)
yb = (y == 1)


def table(name, rows):
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(f"CREATE TABLE {name} (a bigint, p bigint, s float8, l bool, pr float8, w float8)")
    cur.executemany(f"INSERT INTO {name} VALUES (%s, %s, %s, %s, %s, %s)", rows)


prob = np.clip(score / score.max(), 0, 1)
table("t", [(int(a), int(b), float(s), bool(l), float(q), float(x)) for a, b, s, l, q, x in zip(y, yp, score, yb, prob, w)])
ref = {
    "accuracy": accuracy_score(y, yp, sample_weight=w),
    "balanced_accuracy": balanced_accuracy_score(y, yp, sample_weight=w),
    "mcc": matthews_corrcoef(y, yp, sample_weight=w),
    "cohen_kappa": cohen_kappa_score(y, yp, sample_weight=w),
}
for scale in (1e-200, 1e300):
    tag = f"{scale:g}"
    for fn, want in ref.items():
        close(f"confusion/{fn}_weights_times_{tag}",
              f"SELECT mlcheck.{fn}(mlcheck.confusion(a, p, w * %s)) FROM t", want, args=(scale,))
    close(f"confusion/macro_precision_weights_times_{tag}",
          "SELECT mlcheck.precision(mlcheck.confusion(a, p, w * %s), average => 'macro') FROM t",
          value("SELECT mlcheck.precision(mlcheck.confusion(a, p, w), average => 'macro') FROM t"), args=(scale,))
    # scores: exact aggregates and the summary
    close(f"roc_auc/weights_times_{tag}", "SELECT mlcheck.roc_auc(s, l, w * %s) FROM t",
          roc_auc_score(yb, score, sample_weight=w), args=(scale,))
    close(f"pr_auc/weights_times_{tag}", "SELECT mlcheck.pr_auc(s, l, w * %s) FROM t",
          average_precision_score(yb, score, sample_weight=w), args=(scale,))
    close(f"scores/roc_auc_weights_times_{tag}", "SELECT mlcheck.roc_auc(mlcheck.scores(s, l, w * %s)) FROM t",
          roc_auc_score(yb, score, sample_weight=w), args=(scale,))
    close(f"scores/pr_auc_weights_times_{tag}", "SELECT mlcheck.pr_auc(mlcheck.scores(s, l, w * %s)) FROM t",
          average_precision_score(yb, score, sample_weight=w), args=(scale,))
    close(f"scores/binned_roc_auc_weights_times_{tag}",
          "SELECT mlcheck.roc_auc(mlcheck.scores(s, l, w * %s, 16)) FROM t",
          value("SELECT mlcheck.roc_auc(mlcheck.scores(s, l, w, 16)) FROM t"), args=(scale,))
    close(f"scores/best_threshold_f1_weights_times_{tag}",
          "SELECT (mlcheck.best_threshold(mlcheck.scores(s, l, w * %s), 'f1')).value FROM t",
          value("SELECT (mlcheck.best_threshold(mlcheck.scores(s, l, w), 'f1')).value FROM t"), args=(scale,))
    close(f"scores/confusion_at_accuracy_weights_times_{tag}",
          "SELECT mlcheck.accuracy(mlcheck.confusion_at(mlcheck.scores(s, l, w * %s), 0.7)) FROM t",
          value("SELECT mlcheck.accuracy(mlcheck.confusion_at(mlcheck.scores(s, l, w), 0.7)) FROM t"), args=(scale,))
    close(f"brier/weights_times_{tag}", "SELECT mlcheck.brier(pr, l, w * %s) FROM t",
          brier_score_loss(yb, prob, sample_weight=w), args=(scale,))
    close(f"log_loss/weights_times_{tag}", "SELECT mlcheck.log_loss(pr, l, w * %s) FROM t",
          value("SELECT mlcheck.log_loss(pr, l, w) FROM t"), args=(scale,))
    for fn in ("ece", "brier", "mce"):
        close(f"calibration/{fn}_weights_times_{tag}",
              f"SELECT mlcheck.{fn}(mlcheck.calibration(pr, l, w * %s)) FROM t",
              value(f"SELECT mlcheck.{fn}(mlcheck.calibration(pr, l, w)) FROM t"), args=(scale,))
    close(f"regression/r2_weights_times_{tag}",
          "SELECT mlcheck.r2(mlcheck.regression(pr, s, w * %s)) FROM t",
          value("SELECT mlcheck.r2(mlcheck.regression(pr, s, w)) FROM t"), args=(scale,))

# weights of 1e308 on rows in different cells, bins and scores: every
# cell is finite but the totals pass 1.8e308
bp = [0.05, 0.95, 0.15, 0.85]
by = [False, True, False, True]
bw = [1.0] * 4
B = values_sql([(p, l, 1e308) for p, l in zip(bp, by)], ["float8", "bool", "float8"])
close("brier/weights_1e308", f"SELECT mlcheck.brier(p, l, w) FROM {B} v(p, l, w)", brier_score_loss(by, bp, sample_weight=bw))
close("log_loss/weights_1e308", f"SELECT mlcheck.log_loss(p, l, w) FROM {B} v(p, l, w)",
      value(f"SELECT mlcheck.log_loss(p, l) FROM {B} v(p, l, w)"))
close("calibration/brier_weights_1e308", f"SELECT mlcheck.brier(mlcheck.calibration(p, l, w)) FROM {B} v(p, l, w)",
      brier_score_loss(by, bp, sample_weight=bw))
close("calibration/ece_weights_1e308", f"SELECT mlcheck.ece(mlcheck.calibration(p, l, w)) FROM {B} v(p, l, w)",
      value(f"SELECT mlcheck.ece(mlcheck.calibration(p, l)) FROM {B} v(p, l, w)"))
got = value(f"SELECT mlcheck.n(mlcheck.calibration(p, l, w)) FROM {B} v(p, l, w)")
chk.check("calibration/n_weights_1e308_not_nan", isinstance(got, float) and not math.isnan(got), f"got {got!r}")
close("scores/roc_auc_weights_1e308", f"SELECT mlcheck.roc_auc(mlcheck.scores(p, l, w)) FROM {B} v(p, l, w)",
      roc_auc_score(by, bp))
close("roc_auc/weights_1e308", f"SELECT mlcheck.roc_auc(p, l, w) FROM {B} v(p, l, w)", roc_auc_score(by, bp))
close("pr_auc/weights_1e308", f"SELECT mlcheck.pr_auc(p, l, w) FROM {B} v(p, l, w)", average_precision_score(by, bp))
close("confusion/accuracy_weights_1e308",
      f"SELECT mlcheck.accuracy(mlcheck.confusion(p > 0.5, p < 0.1 OR p > 0.9, w)) FROM {B} v(p, l, w)",
      0.5)

# ---------------------------------------- categorical drift, many categories
K = 1500
pk = 1.0 / np.arange(1, K + 1) ** 0.3
pk /= pk.sum()
cats = np.array([f"c{i:04d}" for i in range(K)])
for name, seed in (("cref", 1), ("ccur", 2)):
    r = np.random.default_rng(seed)
    xs = cats[r.choice(K, size=30000, p=pk)]
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(f"CREATE TABLE {name} (x text)")
    cur.execute(f"INSERT INTO {name} SELECT unnest(%s::text[])", (list(xs),))
cur.execute("SELECT (SELECT mlcheck.n_other(mlcheck.profile(x)) FROM cref), "
            "(SELECT mlcheck.n_other(mlcheck.profile(x)) FROM ccur)")
o1, o2 = cur.fetchone()
chk.check("categorical_drift/profiles_fold_categories", o1 > 0 and o2 > 0, f"n_other {o1}, {o2}")
for method in ("chi2", "js", "psi"):
    out = L.run(conn, "SELECT (mlcheck.drift(r, c, method => %s)).drifted FROM "
                      "(SELECT mlcheck.profile(x) r FROM cref) a, (SELECT mlcheck.profile(x) c FROM ccur) b", (method,))
    chk.check(f"categorical_drift/{method}_same_distribution_no_alert", out.ok and out.value is False, out.describe())
out = L.run(conn, "SELECT p_value FROM mlcheck.chi2((SELECT mlcheck.profile(x) FROM cref), (SELECT mlcheck.profile(x) FROM ccur))")
chk.check("categorical_drift/chi2_p_value_same_distribution", out.ok and out.value is not None and out.value > 0.01,
          out.describe())
# the same under a parallel plan: partial states must not cut each worker's
# part to its own top 1000 (kept counts would be undercounted)
for s in ("SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0", "SET min_parallel_table_scan_size = 0",
          "SET max_parallel_workers_per_gather = 2", "SET force_parallel_mode = on"):
    cur.execute(s)
par = L.run(conn, "SELECT mlcheck.profile(x)::text FROM cref")
cur.execute("SET max_parallel_workers_per_gather = 0")
ser = L.run(conn, "SELECT mlcheck.profile(x)::text FROM cref")
chk.check("categorical_profile/parallel_equals_serial_1500_categories", par.ok and par.value == ser.value,
          par.describe()[:200])

L.drop_database("numeric_robustness", conn)
chk.done()
