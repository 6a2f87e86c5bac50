"""Cross-check against scikit-learn 1.2 on the edge cases where mlcheck 0.1
disagreed with it (found by replaying sklearn's own metric tests):

- log_loss clips at float64 machine epsilon (sklearn 1.2 eps='auto'), not
  1e-15: predictions of exactly 0 or 1, aggregate and weighted;
- average precision (pr_auc aggregate and pr_auc of a scores summary) over
  rows that are all positive is 1.0; NULL with no positive;
- fbeta for huge beta (1e154, 1e155, 1e200) and beta = +Infinity is the
  limit, recall (sklearn: beta = inf; for finite beta above ~1e154 sklearn
  itself overflows to NaN, so the reference is its beta = inf answer);
- a label that cannot name a class of the matrix's kind is 22023; a text
  label that parses as the kind keeps working; an absent label has support 0.
Every value is also compared under a forced parallel plan."""
import os
import sys
import warnings

import numpy as np
import psycopg2
from sklearn.metrics import (average_precision_score, fbeta_score, log_loss, precision_score,
                             recall_score)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checker, connect, copy_rows, rows, scalar, set_parallel  # noqa: E402

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/fidelity")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_fid CASCADE")
cur.execute("CREATE SCHEMA xc_fid")
cur.execute("SET search_path = xc_fid, mlcheck, public")
rng = np.random.default_rng(20261201)

# ---------------------------------------------------------------- log loss
cur.execute("CREATE TABLE xc_fid.ll (g int, p float8, y boolean, w float8)")
cases = {
    1: ([1.0, 0.0], [False, True]),                       # the case: 36.0437, not 34.539
    2: ([0.0, 1.0, 0.5, 1.0, 0.0], [False, True, True, False, True]),
    3: (list(rng.uniform(0, 1, 500)) + [0.0] * 20 + [1.0] * 20,
        list(rng.uniform(0, 1, 540) < 0.5)),
    4: ([2.220446049250313e-16, 1 - 2.220446049250313e-16, 1e-300, 4.440892098500626e-16],
        [True, False, True, True]),
}
data = []
for g, (p, y) in cases.items():
    w = rng.uniform(0.1, 3, len(p))
    data += [(g, float(pi), bool(yi), float(wi)) for pi, yi, wi in zip(p, y, w)]
copy_rows(conn, "xc_fid.ll", ["g", "p", "y", "w"], data)
for parallel in (False, True):
    set_parallel(conn, parallel)
    tag = "parallel" if parallel else "serial"
    got = dict((g, (a, b, c)) for g, a, b, c in rows(
        conn, "SELECT g, log_loss(p, y), log_loss(p, y, w), log_loss(p, y::int) FROM xc_fid.ll GROUP BY g"))
    for g in cases:
        sel = [r for r in data if r[0] == g]
        yy = [r[2] for r in sel]
        pp = [r[1] for r in sel]
        ww = [r[3] for r in sel]
        want = log_loss(yy, pp, eps="auto", labels=[False, True])
        want_w = log_loss(yy, pp, eps="auto", labels=[False, True], sample_weight=ww)
        ck.close(f"log_loss/case{g}/{tag}", got[g][0], want)
        ck.close(f"log_loss/case{g}/weighted/{tag}", got[g][1], want_w)
        ck.close(f"log_loss/case{g}/int_label/{tag}", got[g][2], want)
set_parallel(conn, False)
ck.close("log_loss/issue_value", scalar(conn, "SELECT log_loss(p, l) FROM (VALUES (1.0, 0), (0.0, 1)) v(p, l)"),
         36.04365338911715)

# ------------------------------------------------- average precision, one class
cur.execute("CREATE TABLE xc_fid.ap (g int, s float8, y boolean, w float8)")
ap_cases = {
    1: (list(rng.normal(size=300)), [True] * 300),                      # positives only, distinct
    2: ([0.3] * 50 + [0.7] * 50, [True] * 100),                          # positives only, ties
    3: (list(rng.normal(size=200)), [False] * 200),                      # negatives only
    4: (list(rng.normal(size=400)), list(rng.uniform(size=400) < 0.3)),  # both classes (control)
    5: ([0.1, 0.9, float("inf"), float("-inf")], [True] * 4),            # infinite scores
}
data = []
for g, (s, y) in ap_cases.items():
    w = rng.uniform(0.1, 3, len(s))
    data += [(g, float(si), bool(yi), float(wi)) for si, yi, wi in zip(s, y, w)]
copy_rows(conn, "xc_fid.ap", ["g", "s", "y", "w"], data)
Q_AP = """SELECT g, pr_auc(s, y), pr_auc(s, y, w), pr_auc(s, y::int), pr_auc(scores(s, y)),
                 pr_auc(scores(s, y, w)), pr_auc(scores(s, y, 8)), roc_auc(s, y)
            FROM xc_fid.ap GROUP BY g"""
for parallel in (False, True):
    set_parallel(conn, parallel)
    tag = "parallel" if parallel else "serial"
    got = {r[0]: r[1:] for r in rows(conn, Q_AP)}
    for g, (s, y) in ap_cases.items():
        sel = [r for r in data if r[0] == g]
        yy = np.array([r[2] for r in sel])
        ss = np.array([r[1] for r in sel])
        ww = np.array([r[3] for r in sel])
        if not yy.any():
            # sklearn returns -0.0 (and warns); mlcheck: undefined, NULL
            want = want_w = want_b = None
        else:
            fin = np.clip(ss, -1e300, 1e300)   # sklearn refuses infinities; same order
            want = average_precision_score(yy, fin)
            want_w = average_precision_score(yy, fin, sample_weight=ww)
            want_b = 1.0 if yy.all() else None   # binned summary: only exact when one class
        ck.close(f"pr_auc/case{g}/aggregate/{tag}", got[g][0], want)
        ck.close(f"pr_auc/case{g}/weighted/{tag}", got[g][1], want_w)
        ck.close(f"pr_auc/case{g}/int_label/{tag}", got[g][2], want)
        ck.close(f"pr_auc/case{g}/summary/{tag}", got[g][3], want)
        ck.close(f"pr_auc/case{g}/summary_weighted/{tag}", got[g][4], want_w)
        if want_b is not None or not yy.any():
            ck.close(f"pr_auc/case{g}/summary_binned/{tag}", got[g][5], want_b)
        if yy.all() or not yy.any():
            ck.check(f"roc_auc/case{g}/one_class_is_null/{tag}", got[g][6] is None, f"got {got[g][6]!r}")
set_parallel(conn, False)
# merged daily summaries of positives only
ck.close("pr_auc/merged_summaries_positives_only",
         scalar(conn, """SELECT pr_auc(merge(s)) FROM (SELECT g, scores(s, y) AS s FROM xc_fid.ap
                          WHERE g IN (1, 2) GROUP BY g) t"""), 1.0)

# ------------------------------------------------------------------ F-beta
cur.execute("CREATE TABLE xc_fid.f (g int, a bigint, p bigint, w float8)")
yb = rng.uniform(size=600) < 0.4
pb = np.where(rng.uniform(size=600) < 0.8, yb, ~yb)
ym = rng.integers(0, 5, 900)
pm = np.where(rng.uniform(size=900) < 0.6, ym, rng.integers(0, 5, 900))
data = [(1, int(a), int(b), float(w)) for a, b, w in zip(yb, pb, rng.uniform(0.1, 3, 600))]
data += [(2, int(a), int(b), float(w)) for a, b, w in zip(ym, pm, rng.uniform(0.1, 3, 900))]
copy_rows(conn, "xc_fid.f", ["g", "a", "p", "w"], data)
BETAS = [0.5, 2.0, 1e10, 1e154, 1e155, 1e200, 1.7e308, float("inf")]


def sk_fbeta(y, p, beta, average, w=None):
    # sklearn overflows (NaN) for finite beta above ~1e154: the limit is its
    # beta = inf answer (recall)
    b = np.inf if beta > 1e150 else np.float64(beta)
    kw = {"pos_label": 1} if average == "binary" else {}
    return fbeta_score(y, p, beta=b, average=average, sample_weight=w, zero_division=0, **kw)


for parallel in (False, True):
    set_parallel(conn, parallel)
    tag = "parallel" if parallel else "serial"
    for beta in BETAS:
        q = """SELECT fbeta(confusion(a = 1, p = 1), %(b)s), fbeta(confusion(a = 1, p = 1, w), %(b)s)
                 FROM xc_fid.f WHERE g = 1"""
        try:
            got, got_w = rows(conn, q, {"b": beta})[0]
        except psycopg2.Error as e:
            ck.check(f"fbeta/binary/beta={beta:g}/accepted/{tag}", False, f"{e.pgcode}: {e.pgerror}")
            continue
        sel = [r for r in data if r[0] == 1]
        y = [r[1] for r in sel]
        p = [r[2] for r in sel]
        w = [r[3] for r in sel]
        ck.close(f"fbeta/binary/beta={beta:g}/{tag}", got, sk_fbeta(y, p, beta, "binary"))
        ck.close(f"fbeta/binary_weighted/beta={beta:g}/{tag}", got_w, sk_fbeta(y, p, beta, "binary", w))
        if beta > 1e150:
            ck.close(f"fbeta/binary/beta={beta:g}/is_recall/{tag}", got, recall_score(y, p))
        sel = [r for r in data if r[0] == 2]
        y = [r[1] for r in sel]
        p = [r[2] for r in sel]
        for avg in ("macro", "micro", "weighted"):
            got = scalar(conn, "SELECT fbeta(confusion(a, p), %(b)s, average => %(a)s) FROM xc_fid.f WHERE g = 2",
                         {"b": beta, "a": avg})
            ck.close(f"fbeta/{avg}/beta={beta:g}/{tag}", got, sk_fbeta(y, p, beta, avg))
set_parallel(conn, False)
for bad in ("0", "-1", "'NaN'", "'-Infinity'"):
    ck.error(f"fbeta/refused/beta={bad}", conn,
             f"SELECT fbeta(confusion(a = 1, p = 1), {bad}::float8) FROM xc_fid.f WHERE g = 1", "22023")

# ------------------------------------------------------------------ labels
cur.execute("""CREATE TABLE xc_fid.m AS
               SELECT confusion(a::text, p::text) AS tm, confusion(a, p) AS im,
                      confusion(a = 1, p = 1) AS bm
                 FROM xc_fid.f WHERE g = 2""")
sel = [r for r in data if r[0] == 2]
y = np.array([r[1] for r in sel])
p = np.array([r[2] for r in sel])
for expr in ("precision(tm, 3)", "recall(tm, 3::bigint)", "f1(tm, 1)", "fbeta(tm, 2, 4)",
             "specificity(tm, 0)", "support(tm, 2)", "precision(tm, true)", "recall(tm, false)",
             "precision(im, 'cat')", "precision(im, true)", "precision(bm, 'maybe')", "precision(bm, 2)"):
    ck.error(f"label/refused/{expr}", conn, f"SELECT mlcheck.{expr} FROM xc_fid.m", "22023")
# text labels that parse as the matrix's kind keep working, and match sklearn
pr = precision_score(y, p, labels=[3], average=None, zero_division=0)[0]
rc = recall_score(y, p, labels=[3], average=None, zero_division=0)[0]
ck.close("label/text_on_int/precision", scalar(conn, "SELECT mlcheck.precision(im, '3') FROM xc_fid.m"), pr)
ck.close("label/int_on_int/precision", scalar(conn, "SELECT mlcheck.precision(im, 3) FROM xc_fid.m"), pr)
ck.close("label/text_on_text/recall", scalar(conn, "SELECT mlcheck.recall(tm, '3') FROM xc_fid.m"), rc)
ck.close("label/text_on_int/support", scalar(conn, "SELECT mlcheck.support(im, '3') FROM xc_fid.m"),
         float((y == 3).sum()))
yb2, pb2 = (y == 1), (p == 1)
ck.close("label/text_false_on_bool/precision",
         scalar(conn, "SELECT mlcheck.precision(bm, 'false') FROM xc_fid.m"),
         precision_score(yb2, pb2, pos_label=False))
ck.close("label/bool_on_bool/recall", scalar(conn, "SELECT mlcheck.recall(bm, false) FROM xc_fid.m"),
         recall_score(yb2, pb2, pos_label=False))
# a well-formed label absent from the matrix: support 0, precision/recall NULL
for expr, want in (("support(im, 42)", 0.0), ("support(im, '42')", 0.0), ("support(tm, 'fish')", 0.0),
                   ("precision(im, 42)", None), ("recall(tm, 'fish')", None)):
    ck.close(f"label/absent/{expr}", scalar(conn, f"SELECT mlcheck.{expr} FROM xc_fid.m"), want)

cur.execute("DROP SCHEMA xc_fid CASCADE")
conn.close()
ck.done()
