"""Cross-check mlcheck.confusion and its metrics against scikit-learn.

Generated data (seeded) with edge cases, sample weights, boolean / integer /
text labels, the bundled example data, and forced parallel plans.
"""
import json
import os
import warnings

import numpy as np
from sklearn import metrics as skm

from common import Checker, connect, copy_rows, rows, scalar, set_parallel, plan_has_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/confusion")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_conf CASCADE; CREATE SCHEMA xc_conf")

rng = np.random.default_rng(20261123)


def load(name, actual, predicted, weight, sqltype):
    cur.execute(f"CREATE TABLE xc_conf.{name} (id int, a {sqltype}, p {sqltype}, w float8)")
    copy_rows(conn, f"xc_conf.{name}", ("id", "a", "p", "w"),
              [(i, a, p, w) for i, (a, p, w) in enumerate(zip(actual, predicted, weight))])
    cur.execute(f"ANALYZE xc_conf.{name}")


def sk_or_none(fn):
    try:
        v = fn()
    except ValueError:
        return None
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def check_dataset(name, a, p, w, sqltype, binary_pos=None):
    """Compare every metric on table xc_conf.<name> (weighted and unweighted)."""
    labels = np.unique(np.concatenate([a, p]))
    for weighted in (False, True):
        sw = w if weighted else None
        agg = f"mlcheck.confusion(a, p{', w' if weighted else ''})"
        tag = f"{name}{'_w' if weighted else ''}"
        got = json.loads(scalar(conn, f"SELECT {agg}::text FROM xc_conf.{name}"))
        cm = skm.confusion_matrix(a, p, labels=labels, sample_weight=sw)
        want_labels = [x.item() if hasattr(x, "item") else x for x in labels]
        ck.check(f"{tag}/labels", got["labels"] == want_labels, f"{got['labels']} vs {want_labels}")
        ck.check(f"{tag}/matrix", np.allclose(np.array(got["matrix"], float), cm, rtol=1e-12, atol=0),
                 f"{got['matrix']} vs {cm.tolist()}")
        q = f"(SELECT {agg} AS c FROM xc_conf.{name}) s"
        ck.close(f"{tag}/accuracy", scalar(conn, f"SELECT mlcheck.accuracy(c) FROM {q}"),
                 skm.accuracy_score(a, p, sample_weight=sw))
        ck.close(f"{tag}/balanced_accuracy", scalar(conn, f"SELECT mlcheck.balanced_accuracy(c) FROM {q}"),
                 skm.balanced_accuracy_score(a, p, sample_weight=sw))
        mcc = skm.matthews_corrcoef(a, p, sample_weight=sw)
        # sklearn returns 0.0 when MCC is undefined; mlcheck returns NULL (undefined metrics are NULL)
        t = cm.sum(axis=1); pp = cm.sum(axis=0); s = cm.sum()
        if (s * s - pp @ pp) * (s * s - t @ t) == 0:
            mcc = None
        ck.close(f"{tag}/mcc", scalar(conn, f"SELECT mlcheck.mcc(c) FROM {q}"), mcc)
        ck.close(f"{tag}/cohen_kappa", scalar(conn, f"SELECT mlcheck.cohen_kappa(c) FROM {q}"),
                 sk_or_none(lambda: skm.cohen_kappa_score(a, p, sample_weight=sw)))
        for avg in ("macro", "micro", "weighted"):
            for fn, sql in ((lambda **k: skm.precision_score(a, p, **k), "mlcheck.precision"),
                            (lambda **k: skm.recall_score(a, p, **k), "mlcheck.recall"),
                            (lambda **k: skm.f1_score(a, p, **k), "mlcheck.f1")):
                ck.close(f"{tag}/{sql.split('.')[1]}_{avg}",
                         scalar(conn, f"SELECT {sql}(c, average => %s) FROM {q}", (avg,)),
                         fn(average=avg, sample_weight=sw, zero_division=0))
            ck.close(f"{tag}/fbeta2_{avg}",
                     scalar(conn, f"SELECT mlcheck.fbeta(c, 2, average => %s) FROM {q}", (avg,)),
                     skm.fbeta_score(a, p, beta=2, average=avg, sample_weight=sw, zero_division=0))
        # every label as the positive class
        for lab in labels:
            lab_py = lab.item() if hasattr(lab, "item") else lab
            lab_txt = ("true" if lab_py else "false") if isinstance(lab_py, bool) else str(lab_py)
            tp = cm[list(labels).index(lab)]
            for metric, fn in (("precision", skm.precision_score), ("recall", skm.recall_score),
                               ("f1", skm.f1_score)):
                got = scalar(conn, f"SELECT mlcheck.{metric}(c, %s::text) FROM {q}", (lab_txt,))
                i = list(labels).index(lab)
                tpv = cm[i, i]; fpv = cm[:, i].sum() - tpv; fnv = cm[i, :].sum() - tpv
                undefined = {"precision": tpv + fpv == 0, "recall": tpv + fnv == 0,
                             "f1": tpv + fpv + fnv == 0}[metric]
                want = None if undefined else fn(a, p, pos_label=lab, average="binary" if len(labels) <= 2 else None,
                                                labels=[lab] if len(labels) > 2 else None,
                                                sample_weight=sw, zero_division=0)
                if want is not None and not np.isscalar(want):
                    want = float(np.asarray(want)[0])
                ck.close(f"{tag}/{metric}_label_{lab_txt}", got, want)
            spec = scalar(conn, f"SELECT mlcheck.specificity(c, %s::text) FROM {q}", (lab_txt,))
            i = list(labels).index(lab)
            tn = cm.sum() - cm[i, :].sum() - cm[:, i].sum() + cm[i, i]
            fp = cm[:, i].sum() - cm[i, i]
            ck.close(f"{tag}/specificity_label_{lab_txt}", spec, None if tn + fp == 0 else tn / (tn + fp))
            ck.close(f"{tag}/support_label_{lab_txt}",
                     scalar(conn, f"SELECT mlcheck.support(c, %s::text) FROM {q}", (lab_txt,)), cm[i, :].sum())
        if binary_pos is not None:
            # undefined (0/0) is NULL in mlcheck where sklearn's zero_division gives 0
            tpv = float(np.sum(sw[(a == binary_pos) & (p == binary_pos)])) if sw is not None else float(np.sum((a == binary_pos) & (p == binary_pos)))
            npred = float(np.sum((p == binary_pos) * (sw if sw is not None else 1)))
            nact = float(np.sum((a == binary_pos) * (sw if sw is not None else 1)))
            undefined = {"precision": npred == 0, "recall": nact == 0, "f1": npred + nact == 0}
            for metric, fn in (("precision", skm.precision_score), ("recall", skm.recall_score),
                               ("f1", skm.f1_score)):
                want = None if undefined[metric] else fn(a, p, pos_label=binary_pos, sample_weight=sw, zero_division=0)
                ck.close(f"{tag}/{metric}_default_positive",
                         scalar(conn, f"SELECT mlcheck.{metric}(c) FROM {q}"), want)
    # parallel plan gives the same matrix (weights are dyadic, so sums are exact)
    sql = f"SELECT mlcheck.confusion(a, p, w)::text FROM xc_conf.{name}"
    set_parallel(conn, False)
    serial = scalar(conn, sql)
    set_parallel(conn, True)
    par = scalar(conn, sql)
    ck.check(f"{name}/parallel_plan", plan_has_parallel(conn, sql), "no parallel plan")
    ck.check(f"{name}/parallel_equals_serial", serial == par, f"{serial} vs {par}")
    set_parallel(conn, False)


n = 20000
w = rng.integers(1, 16, n) / 8.0       # dyadic weights: exact sums in any order
# boolean, imbalanced, correlated
a = rng.random(n) < 0.2
p = np.where(rng.random(n) < 0.8, a, ~a) & (rng.random(n) < 0.9)
load("bool", a, p, w, "boolean")
check_dataset("bool", a, p, w, "boolean", binary_pos=True)

# integer 0/1
load("int01", a.astype(int), p.astype(int), w, "bigint")
check_dataset("int01", a.astype(int), p.astype(int), w, "bigint", binary_pos=1)

# five classes with a class that is never predicted and one never actual
k = rng.integers(0, 5, n)
pk = np.where(rng.random(n) < 0.6, k, rng.integers(0, 6, n))
pk[pk == 3] = 4
load("int5", k, pk, w, "bigint")
check_dataset("int5", k, pk, w, "bigint")

# text classes incl. empty string and spaces
names = np.array(["", "cat", "dog", "bird", "big cat"])
ta = names[rng.integers(0, 5, n)]
tp = np.where(rng.random(n) < 0.7, ta, names[rng.integers(0, 5, n)])
load("text", ta, tp, w, "text")
check_dataset("text", ta, tp, w, "text")

# degenerate: one class only, everything predicted negative
z = np.zeros(300, bool)
load("oneclass", z, z, np.ones(300), "boolean")
check_dataset("oneclass", z, z, np.ones(300), "boolean", binary_pos=True)

# bundled example data: real predictions
datadir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
import csv
with open(os.path.join(datadir, "cancer_predictions.csv")) as f:
    recs = [r for r in csv.DictReader(f) if r["model"] == "gbm-v2"]
ya = np.array([r["label"] == "true" for r in recs])
yp = np.array([float(r["score"]) >= 0.5 for r in recs])
load("cancer", ya, yp, np.ones(len(ya)), "boolean")
check_dataset("cancer", ya, yp, np.ones(len(ya)), "boolean", binary_pos=True)
with open(os.path.join(datadir, "digits_predictions.csv")) as f:
    recs = list(csv.DictReader(f))
da = np.array([int(r["actual"]) for r in recs]); dp = np.array([int(r["predicted"]) for r in recs])
load("digits", da, dp, np.ones(len(da)), "bigint")
check_dataset("digits", da, dp, np.ones(len(da)), "bigint")

# merge of per-group matrices equals the whole, and NULL rows are counted
cur.execute("INSERT INTO xc_conf.text VALUES (-1, NULL, 'cat', 1), (-2, 'cat', NULL, 1), (-3, 'cat', 'cat', NULL)")
got = json.loads(scalar(conn, "SELECT mlcheck.merge(c)::text FROM (SELECT id % 13 g, mlcheck.confusion(a, p, w) c FROM xc_conf.text GROUP BY 1) s"))
whole = json.loads(scalar(conn, "SELECT mlcheck.confusion(a, p, w)::text FROM xc_conf.text"))
ck.check("merge_equals_whole", got == whole, "merge differs")
ck.check("n_null_counted", whole["n_null"] == 3, f"n_null={whole['n_null']}")

cur.execute("DROP SCHEMA xc_conf CASCADE")
ck.done()
