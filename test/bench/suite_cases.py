"""The cases of the unified benchmark suite: one per mlcheck aggregate (or
aggregate + accessor family).  Each case names

  requires  mlcheck objects it needs ({name: kind}); missing -> "not installed"
  floor     a bare scan aggregate over the same columns (count(*), sum(...))
  mlc       the mlcheck query (timed serial and with 2 parallel workers)
  plain     the plain SQL a user would write instead (timed with 2 workers
            allowed, as the cluster's default), or None
  export    (COPY query, "bin" + column types | "text" + column count) and
            compute: a function of the exported NumPy arrays running
            scikit-learn / SciPy / NumPy
  check     how the values agree: ("rel", metric) 1e-9 relative between all
            methods; ("equal", metric) identical; custom bound functions for
            sketch-based quantities (documented bounds, see each function).

Queries are strings with {t} for the table and {mid} for the early/late
split timestamp.  Identical strings are timed once and shared by cases.
"""
import json
import math

import numpy as np
from scipy import stats
from scipy.spatial import distance
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve

from suite_lib import MID_SQL


class Case:
    def __init__(self, key, title, requires, floor, mlc, plain, export, compute,
                 mlc_values, plain_values, checks, note=""):
        self.key = key
        self.title = title
        self.requires = requires
        self.floor = floor
        self.mlc = mlc
        self.plain = plain
        self.export = export
        self.compute = compute
        self.mlc_values = mlc_values
        self.plain_values = plain_values
        self.checks = checks
        self.note = note


def f(v):
    return None if v is None else float(v)


def first_row(rows, names):
    return {n: (v if isinstance(v, (bool, str)) else f(v)) for n, v in zip(names, rows[0])}


# ------------------------------------------------------------ confusion

def conf_from_json(rows):
    m = json.loads(rows[0][0])
    labels = [str(x).lower() for x in m["labels"]]
    return {"matrix": {(a, p): float(c) for a, row in zip(labels, m["matrix"])
                       for p, c in zip(labels, row) if c}}


def conf_from_groupby(rows):
    return {"matrix": {(str(a).lower(), str(p).lower()): float(c) for a, p, c in rows}}


def conf_compute(arrays):
    a, p = arrays
    labels = np.unique(np.concatenate([np.unique(a), np.unique(p)]))
    m = skm.confusion_matrix(a, p, labels=labels)

    def name(x):
        if isinstance(x, bytes):
            return x.decode()
        if isinstance(x, (bool, np.bool_)):
            return "true" if x else "false"
        return str(int(x))
    return {"matrix": {(name(x), name(y)): float(m[i, j]) for i, x in enumerate(labels)
                       for j, y in enumerate(labels) if m[i, j]}}


def confusion_case(key, title, a, p, kind):
    if kind == "text":
        floor = f"SELECT count(*), sum(length({a})), sum(length({p})) FROM {{t}}"
        export = (f"SELECT {a}, {p} FROM {{t}}", "text", ["S", "S"])
    else:
        conv = "::int" if kind == "bool" else ""
        floor = f"SELECT count(*), sum({a}{conv}), sum({p}{conv}) FROM {{t}}"
        export = (f"SELECT {a}, {p} FROM {{t}}", "bin", [kind, kind])
    return Case(key, title, {"confusion": "a"}, floor,
                f"SELECT mlcheck.confusion({a}, {p})::text FROM {{t}}",
                f"SELECT {a}, {p}, count(*) FROM {{t}} GROUP BY 1, 2",
                export, ("sklearn confusion_matrix", conf_compute),
                conf_from_json, conf_from_groupby, [("equal", "matrix")])


# ------------------------------------------------------------ scores

def auc_plain(col):
    # exact AUC as a rank sum: mid-rank of a tie group = (rank() + count(*)
    # OVER the same ORDER BY, i.e. its first + last position) / 2 — one sort
    return f"""SELECT (sum(rk) FILTER (WHERE label) / 2.0
                      - count(*) FILTER (WHERE label) * (count(*) FILTER (WHERE label) + 1) / 2.0)
                     / (count(*) FILTER (WHERE label) * count(*) FILTER (WHERE NOT label))
                 FROM (SELECT label, rank() OVER w + count(*) OVER w AS rk
                         FROM {{t}} WINDOW w AS (ORDER BY {col})) s"""


def ap_plain(col):
    # average precision: with ORDER BY score DESC and the default RANGE frame,
    # a row's running counts include its ties, i.e. they are the tp and the
    # number of predicted positives at threshold = its score; AP is the mean
    # of tp/k over the positive rows — one sort
    return f"""SELECT sum(tp::float8 / k) FILTER (WHERE label) / count(*) FILTER (WHERE label)
                 FROM (SELECT label, count(*) FILTER (WHERE label) OVER w AS tp, count(*) OVER w AS k
                         FROM {{t}} WINDOW w AS (ORDER BY {col} DESC)) s"""


def score_export(col):
    return (f"SELECT {col}, label FROM {{t}}", "bin", ["f8", "bool"])


def compute_auc(arrays):
    s, y = arrays
    return {"roc_auc": skm.roc_auc_score(y, s)}


def compute_ap(arrays):
    s, y = arrays
    return {"pr_auc": skm.average_precision_score(y, s)}


def compute_log_loss(arrays):
    s, y = arrays
    return {"log_loss": skm.log_loss(y, s, eps=1e-15)}


def compute_brier(arrays):
    s, y = arrays
    return {"brier": skm.brier_score_loss(y, s)}


def compute_auc_ap(arrays):
    s, y = arrays
    return {"roc_auc": skm.roc_auc_score(y, s), "pr_auc": skm.average_precision_score(y, s)}


def scalar_case(key, title, agg, col, plain, compute, metric):
    return Case(key, title, {agg: "a"},
                f"SELECT count(*), sum({col}), sum(label::int) FROM {{t}}",
                f"SELECT mlcheck.{agg}({col}, label) FROM {{t}}",
                plain, score_export(col), compute,
                lambda rows: {metric: f(rows[0][0])},
                lambda rows: {metric: f(rows[0][0])}, [("rel", metric)])


def check_auc_bounds(vals, ctx):
    """scores() over more than max_bins distinct scores is binned: its
    documented guarantee is roc_auc_bounds(s), bounds that always contain
    the exact AUC.  Check that the exact AUC of the other methods lies
    inside, and that the point estimate lies inside too."""
    m = vals["mlcheck"]
    lo, hi = m["auc_lower"], m["auc_upper"]
    out = []
    for meth in ("plain SQL", "export"):
        if meth in vals and "roc_auc" in vals[meth]:
            v = vals[meth]["roc_auc"]
            out.append(("roc_auc in roc_auc_bounds", meth, v, lo - 1e-12 <= v <= hi + 1e-12,
                        f"bounds [{lo:.9f}, {hi:.9f}] (width {hi - lo:.2e})"))
    out.append(("roc_auc(s) in its bounds", "mlcheck", m["roc_auc"], lo <= m["roc_auc"] <= hi, ""))
    if hi - lo > 0.01:
        # containment is the documented guarantee, so this does not fail the
        # run; but bounds this wide say nothing and the point estimate is off
        out.append(("roc_auc_bounds informative (width <= 0.01)", "mlcheck", hi - lo, True,
                    f"WARNING: bounds [{lo:.6g}, {hi:.6g}] are {hi - lo:.3g} wide, roc_auc(s) = {m['roc_auc']:.6g} "
                    "(binned summaries are expected to stay tight: see test/crosscheck/check_scores_binned.py)"))
    return out


# ------------------------------------------------------------ calibration

CAL_PLAIN = """SELECT sum(n * abs(mp - fp)) / sum(n), max(abs(mp - fp)), sum(se) / sum(n)
                 FROM (SELECT least(width_bucket(score, 0, 1, 10), 10) AS b, count(*) AS n,
                              avg(score) AS mp, avg(label::int::float8) AS fp,
                              sum((score - label::int) ^ 2) AS se
                         FROM {t} GROUP BY 1) g"""


def compute_calibration(arrays):
    s, y = arrays
    prob_true, prob_pred = calibration_curve(y, s, n_bins=10, strategy="uniform")
    edges = np.linspace(0.0, 1.0, 11)
    counts = np.bincount(np.searchsorted(edges[1:-1], s), minlength=10)
    w = counts[counts > 0] / len(s)
    gap = np.abs(prob_pred - prob_true)
    return {"ece": float(np.sum(w * gap)), "mce": float(np.max(gap)),
            "brier": skm.brier_score_loss(y, s)}


# ------------------------------------------------------------ regression

REG_METRICS = ["mae", "mse", "rmse", "r2", "mape", "max_error", "mean_error", "explained_variance"]
REG_MLC = ("SELECT " + ", ".join(f"mlcheck.{m}(r)" for m in REG_METRICS)
           + " FROM (SELECT mlcheck.regression(y_pred, y_true) AS r FROM {t}) q")
REG_PLAIN = """SELECT avg(abs(y_pred - y_true)), avg((y_pred - y_true) ^ 2), sqrt(avg((y_pred - y_true) ^ 2)),
                      1 - sum((y_true - y_pred) ^ 2) / (var_pop(y_true) * count(*)),
                      avg(abs(y_true - y_pred) / greatest(abs(y_true), 2.220446049250313e-16)),
                      max(abs(y_true - y_pred)), avg(y_pred - y_true),
                      1 - var_pop(y_true - y_pred) / var_pop(y_true)
                 FROM {t}"""


def compute_regression(arrays):
    p, a = arrays
    return {"mae": skm.mean_absolute_error(a, p), "mse": skm.mean_squared_error(a, p),
            "rmse": skm.mean_squared_error(a, p, squared=False), "r2": skm.r2_score(a, p),
            "mape": skm.mean_absolute_percentage_error(a, p), "max_error": skm.max_error(a, p),
            "mean_error": float(np.mean(p - a)),
            "explained_variance": skm.explained_variance_score(a, p)}


# ------------------------------------------------------------ drift, numeric

PSI_EPS = 1e-4      # MLC_PSI_EPS: a zero bin proportion is replaced by this
PSI_BINS = 10

DRIFT_MLC = f"""SELECT mlcheck.psi(r, c), (mlcheck.ks(r, c)).statistic, (mlcheck.ks(r, c)).p_value,
                       mlcheck.wasserstein(r, c), mlcheck.js_distance(r, c),
                       (mlcheck.drift(r, c)).method, (mlcheck.drift(r, c)).drifted,
                       mlcheck.rank_error(r), mlcheck.rank_error(c),
                       mlcheck.min_value(r), mlcheck.max_value(r), mlcheck.min_value(c), mlcheck.max_value(c),
                       mlcheck.stddev_pop(r)
                  FROM (SELECT mlcheck.profile(x) FILTER (WHERE ts < {MID_SQL}) AS r,
                               mlcheck.profile(x) FILTER (WHERE ts >= {MID_SQL}) AS c FROM {{t}}) q"""
DRIFT_NAMES = ["psi", "ks_statistic", "ks_p_value", "wasserstein", "js_distance", "drift_method",
               "drifted", "rank_error_ref", "rank_error_cur", "min_ref", "max_ref", "min_cur",
               "max_cur", "std_ref"]
# PSI as users write it: reference deciles with percentile_cont (linear
# interpolation, as np.quantile), width_bucket(x, edges) (bin i = [e_i-1, e_i),
# as np.digitize), shares per half, a zero share replaced by 1e-4
PSI_PLAIN = f"""WITH e AS (SELECT percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
                                  WITHIN GROUP (ORDER BY x) AS edges
                             FROM {{t}} WHERE ts < {MID_SQL}),
                     h AS (SELECT width_bucket(x, e.edges) AS b,
                                  count(*) FILTER (WHERE ts < {MID_SQL}) AS nr,
                                  count(*) FILTER (WHERE ts >= {MID_SQL}) AS nc
                             FROM {{t}}, e GROUP BY 1),
                     s AS (SELECT nr::float8 / sum(nr) OVER () AS r, nc::float8 / sum(nc) OVER () AS c FROM h),
                     z AS (SELECT CASE WHEN r = 0 THEN 1e-4 ELSE r END AS r,
                                  CASE WHEN c = 0 THEN 1e-4 ELSE c END AS c FROM s)
                SELECT sum((c - r) * ln(c / r)) FROM z"""


def psi_numpy(ref, cur, bins=PSI_BINS):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    r = np.bincount(np.digitize(ref, edges), minlength=bins) / len(ref)
    c = np.bincount(np.digitize(cur, edges), minlength=bins) / len(cur)
    r = np.where(r == 0, PSI_EPS, r)
    c = np.where(c == 0, PSI_EPS, c)
    return float(np.sum((c - r) * np.log(c / r)))


def compute_drift(arrays):
    x, is_ref = arrays
    ref, cur = x[is_ref], x[~is_ref]
    ks = stats.ks_2samp(ref, cur)
    w = stats.wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001)
    edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins=30)
    pr = np.histogram(ref, edges)[0] / len(ref)
    pc = np.histogram(cur, edges)[0] / len(cur)
    return {"psi": psi_numpy(ref, cur), "ks_statistic": float(ks.statistic),
            "ks_p_value": float(ks.pvalue), "wasserstein": float(w),
            "js_distance": float(distance.jensenshannon(pr, pc)),
            "_ref": ref, "_cur": cur}


def _psi_term(c, r):
    c = max(c, PSI_EPS) if c <= 0 else c
    r = max(r, PSI_EPS) if r <= 0 else r
    return (c - r) * math.log(c / r)


def psi_interval(ref, cur, eps, bins=PSI_BINS):
    """Range of PSI values consistent with the documented rank-error bound
    eps of both sketches (|rank_sketch(x) - rank_true(x)| / n <= eps).

    mlcheck's edges are sketch quantiles of ref: their true reference CDF is
    within eps of j/bins, so the sketch's cumulative reference share at edge
    j is within 2 eps of j/bins, and the current share within eps of
    F_cur(edge) with F_cur(Q_ref(j/bins - eps)) <= F_cur(edge) <=
    F_cur(Q_ref(j/bins + eps)).  Bin shares are differences of cumulative
    shares.  Each PSI term (c - r) ln(c / r) is increasing in c and
    decreasing in r where c > r (the reverse where c < r) and 0 on c = r, so
    its range over the box of (c, r) is read off the corners; the sum of the
    per-bin ranges contains every PSI the sketches can produce."""
    cs = np.sort(cur)
    nc = len(cs)
    clo, chi, rlo, rhi = [0.0], [0.0], [0.0], [0.0]
    for j in range(1, bins):
        q = j / bins
        e_lo = np.quantile(ref, max(0.0, q - eps))
        e_hi = np.quantile(ref, min(1.0, q + eps))
        clo.append(max(0.0, np.searchsorted(cs, e_lo, side="left") / nc - eps))
        chi.append(min(1.0, np.searchsorted(cs, e_hi, side="right") / nc + eps))
        rlo.append(max(0.0, q - 2 * eps))
        rhi.append(min(1.0, q + 2 * eps))
    clo.append(1.0), chi.append(1.0), rlo.append(1.0), rhi.append(1.0)
    lo_sum = hi_sum = 0.0
    for i in range(1, bins + 1):
        c0, c1 = max(0.0, clo[i] - chi[i - 1]), chi[i] - clo[i - 1]
        r0, r1 = max(0.0, rlo[i] - rhi[i - 1]), rhi[i] - rlo[i - 1]
        corners = [_psi_term(c, r) for c in (c0, c1) for r in (r0, r1)]
        hi_sum += max(corners)
        if c0 > r1:
            lo_sum += _psi_term(c0, r1)
        elif r0 > c1:
            lo_sum += _psi_term(c1, r0)
        # else the box meets c = r: the minimum is 0
    return lo_sum, hi_sum


def check_drift(vals, ctx):
    m = vals["mlcheck"]
    e = vals.get("export", {})
    p = vals.get("plain SQL", {})
    eps_r, eps_c = m["rank_error_ref"], m["rank_error_cur"]
    eps = max(eps_r, eps_c)
    out = []
    if "psi" in p and "psi" in e:
        out.append(("psi: plain SQL = NumPy (exact methods)", "plain SQL vs export", p["psi"],
                    _rel(p["psi"], e["psi"]), "1e-9 relative"))
    if eps == 0:
        for k in ("psi", "ks_statistic", "wasserstein"):
            if k in e:
                out.append((f"{k} (exact profiles)", "mlcheck", m[k], _rel(m[k], e[k]), "1e-9 relative"))
        return out
    if "_ref" in e:
        lo, hi = psi_interval(e["_ref"], e["_cur"], eps)
        out.append(("psi within the rank-error bound", "mlcheck", m["psi"],
                    lo - 1e-12 <= m["psi"] <= hi + 1e-12,
                    f"eps={eps}: allowed [{lo:.6f}, {hi:.6f}]; got {m['psi']:.6f}, exact {e['psi']:.6f} "
                    f"(off by {abs(m['psi'] - e['psi']) / e['psi']:.2%})"))
        out.append(("exact psi inside the same interval (sanity)", "export", e["psi"],
                    lo - 1e-12 <= e["psi"] <= hi + 1e-12, ""))
    if "ks_statistic" in e:
        d = abs(m["ks_statistic"] - e["ks_statistic"])
        out.append(("ks statistic within 2 eps", "mlcheck", m["ks_statistic"], d <= 2 * eps + 1e-12,
                    f"|diff| {d:.2e} <= {2 * eps}"))
    if "wasserstein" in e:
        span = max(m["max_ref"], m["max_cur"]) - min(m["min_ref"], m["min_cur"])
        bound = (eps_r + eps_c) * span / max(m["std_ref"], 0.001)
        d = abs(m["wasserstein"] - e["wasserstein"])
        out.append(("wasserstein within (eps_ref + eps_cur) * range / std", "mlcheck",
                    m["wasserstein"], d <= bound + 1e-12, f"|diff| {d:.2e} <= {bound:.2e}"))
    return out


def _rel(a, b):
    from suite_lib import rel_close
    return rel_close(a, b)


# ------------------------------------------------------------ drift, categorical

CAT_MLC = f"""SELECT (mlcheck.chi2(r, c)).statistic, (mlcheck.chi2(r, c)).df, (mlcheck.chi2(r, c)).p_value,
                     mlcheck.psi(r, c), mlcheck.js_distance(r, c),
                     mlcheck.is_exact(r) AND mlcheck.is_exact(c)
                FROM (SELECT mlcheck.profile(segment) FILTER (WHERE ts < {MID_SQL}) AS r,
                             mlcheck.profile(segment) FILTER (WHERE ts >= {MID_SQL}) AS c FROM {{t}}) q"""
CAT_NAMES = ["chi2", "chi2_df", "chi2_p_value", "psi", "js_distance", "exact"]
CAT_PLAIN = f"""WITH h AS (SELECT segment, count(*) FILTER (WHERE ts < {MID_SQL})::float8 AS a,
                                  count(*) FILTER (WHERE ts >= {MID_SQL})::float8 AS b
                             FROM {{t}} GROUP BY 1),
                     s AS (SELECT a, b, sum(a) OVER () AS ta, sum(b) OVER () AS tb FROM h)
                SELECT sum((a - (a + b) * ta / (ta + tb)) ^ 2 / ((a + b) * ta / (ta + tb))
                           + (b - (a + b) * tb / (ta + tb)) ^ 2 / ((a + b) * tb / (ta + tb))),
                       count(*) - 1,
                       sum((greatest(b / tb, 1e-4) - greatest(a / ta, 1e-4)) * ln(greatest(b / tb, 1e-4) / greatest(a / ta, 1e-4)))
                  FROM s"""


def compute_categorical(arrays):
    seg, is_ref = arrays
    cats, inv = np.unique(seg, return_inverse=True)
    a = np.bincount(inv[is_ref], minlength=len(cats)).astype(float)
    b = np.bincount(inv[~is_ref], minlength=len(cats)).astype(float)
    chi2, p, dof, _ = stats.chi2_contingency(np.vstack([a, b]), correction=False)
    pr, pc = a / a.sum(), b / b.sum()
    prs, pcs = np.where(pr == 0, PSI_EPS, pr), np.where(pc == 0, PSI_EPS, pc)
    return {"chi2": float(chi2), "chi2_df": float(dof), "chi2_p_value": float(p),
            "psi": float(np.sum((pcs - prs) * np.log(pcs / prs))),
            "js_distance": float(distance.jensenshannon(pr, pc))}


# ------------------------------------------------------------ slices

SLICE_MLC = """SELECT slice_column, slice_value, n, accuracy, precision, recall, f1
                 FROM mlcheck.slice_report('{t}', 'label', 'pred', ARRAY['segment', 'region'])"""
SLICE_PLAIN = """SELECT CASE WHEN GROUPING(segment) = 0 THEN 'segment'
                             WHEN GROUPING(region) = 0 THEN 'region' END,
                        COALESCE(segment, region), count(*),
                        avg((label = pred)::int::float8),
                        sum((label AND pred)::int)::float8 / NULLIF(sum(pred::int), 0),
                        sum((label AND pred)::int)::float8 / NULLIF(sum(label::int), 0),
                        2.0 * sum((label AND pred)::int) / NULLIF(sum(pred::int) + sum(label::int), 0)
                   FROM {t} GROUP BY GROUPING SETS ((), (segment), (region))"""


def slices_from_rows(rows):
    out = {}
    for col, val, n, acc, prec, rec, f1 in rows:
        k = f"{col or 'overall'}={val or ''}"
        out[k] = (f(n), f(acc), f(prec), f(rec), f(f1))
    return {"slices": out}


def compute_slices(arrays):
    """Per-slice counts with NumPy (np.unique + bincount, the vectorized way
    a pandas groupby would do it), then sklearn's definitions."""
    y, p, seg, reg = arrays
    correct, tp = (y == p), (y & p)
    out = {}

    def put(k, n, c, t, pp, ap):
        prec = t / pp if pp else 0.0
        rec = t / ap if ap else 0.0
        f1 = 2 * t / (pp + ap) if pp + ap else 0.0
        out[k] = (float(n), c / n, float(prec), float(rec), float(f1))
    put("overall=", len(y), int(correct.sum()), int(tp.sum()), int(p.sum()), int(y.sum()))
    for name, col in (("segment", seg), ("region", reg)):
        vals, inv = np.unique(col, return_inverse=True)
        k = len(vals)
        cnt = np.bincount(inv, minlength=k)
        c = np.bincount(inv, weights=correct, minlength=k)
        t = np.bincount(inv, weights=tp, minlength=k)
        pp = np.bincount(inv, weights=p, minlength=k)
        ap = np.bincount(inv, weights=y, minlength=k)
        for i, v in enumerate(vals):
            put(f"{name}={v.decode()}", cnt[i], c[i], t[i], pp[i], ap[i])
    return {"slices": out}


def check_slices(vals, ctx):
    ref = vals["mlcheck"]["slices"]
    out = []
    for meth in ("plain SQL", "export"):
        if meth not in vals:
            continue
        other = vals[meth]["slices"]
        bad = [k for k in ref if k not in other
               or not all(_rel(a, b) for a, b in zip(ref[k], other[k]))]
        bad += [k for k in other if k not in ref]
        out.append((f"n, accuracy, precision, recall, f1 of {len(ref)} slices", meth,
                    f"{len(ref) - len(bad)}/{len(ref)} agree", not bad,
                    ("differ: " + ", ".join(bad[:5])) if bad else "1e-9 relative"))
    return out


# ------------------------------------------------------------ the list

def cases():
    C = []
    C.append(confusion_case("confusion_bool", "confusion(boolean)", "label", "pred", "bool"))
    C.append(confusion_case("confusion_bigint", "confusion(bigint, 5 classes)", "true_class", "pred_class", "i8"))
    C.append(confusion_case("confusion_text", "confusion(text, 5 classes)", "true_text", "pred_text", "text"))
    C.append(scalar_case("roc_auc", "roc_auc (no ties)", "roc_auc", "score", auc_plain("score"),
                         ("sklearn roc_auc_score", compute_auc), "roc_auc"))
    C.append(scalar_case("roc_auc_ties", "roc_auc (heavy ties)", "roc_auc", "score3", auc_plain("score3"),
                         ("sklearn roc_auc_score", compute_auc), "roc_auc"))
    C.append(scalar_case("pr_auc", "pr_auc (no ties)", "pr_auc", "score", ap_plain("score"),
                         ("sklearn average_precision_score", compute_ap), "pr_auc"))
    C.append(scalar_case("log_loss", "log_loss", "log_loss", "score",
                         """SELECT avg(CASE WHEN label THEN -ln(least(greatest(score, 1e-15), 1 - 1e-15))
                                            ELSE -ln(1 - least(greatest(score, 1e-15), 1 - 1e-15)) END) FROM {t}""",
                         ("sklearn log_loss", compute_log_loss), "log_loss"))
    C.append(scalar_case("brier", "brier", "brier", "score",
                         "SELECT avg((score - label::int) ^ 2) FROM {t}",
                         ("sklearn brier_score_loss", compute_brier), "brier"))
    C.append(Case("scores_exact", "scores (heavy ties, exact) -> roc_auc, pr_auc", {"scores": "a"},
                  "SELECT count(*), sum(score3), sum(label::int) FROM {t}",
                  """SELECT mlcheck.roc_auc(s), mlcheck.pr_auc(s), mlcheck.is_exact(s)
                       FROM (SELECT mlcheck.scores(score3, label) AS s FROM {t}) q""",
                  auc_plain("score3"),
                  score_export("score3"), ("sklearn roc_auc_score + average_precision_score", compute_auc_ap),
                  lambda rows: first_row(rows, ["roc_auc", "pr_auc", "exact"]),
                  lambda rows: first_row(rows, ["roc_auc"]),
                  [("rel", "roc_auc"), ("rel", "pr_auc"), ("true", "exact")],
                  note="plain SQL: the rank-sum AUC query alone (shared with roc_auc, heavy ties); "
                       "the AP query of pr_auc would add about as much again"))
    C.append(Case("scores_binned", "scores (no ties, binned) -> roc_auc, bounds", {"scores": "a"},
                  "SELECT count(*), sum(score), sum(label::int) FROM {t}",
                  """SELECT mlcheck.roc_auc(s), (mlcheck.roc_auc_bounds(s)).lower,
                            (mlcheck.roc_auc_bounds(s)).upper, mlcheck.pr_auc(s), mlcheck.is_exact(s)
                       FROM (SELECT mlcheck.scores(score, label) AS s FROM {t}) q""",
                  auc_plain("score"), score_export("score"), ("sklearn roc_auc_score", compute_auc),
                  lambda rows: first_row(rows, ["roc_auc", "auc_lower", "auc_upper", "pr_auc", "exact"]),
                  lambda rows: {"roc_auc": f(rows[0][0])},
                  [check_auc_bounds, ("info", "pr_auc")],
                  note="more distinct scores than max_bins (10000): binned; checked against roc_auc_bounds"))
    C.append(Case("calibration", "calibration -> ece, mce, brier", {"calibration": "a"},
                  "SELECT count(*), sum(score), sum(label::int) FROM {t}",
                  """SELECT mlcheck.ece(c), mlcheck.mce(c), mlcheck.brier(c)
                       FROM (SELECT mlcheck.calibration(score, label) AS c FROM {t}) q""",
                  CAL_PLAIN, score_export("score"), ("sklearn calibration_curve + brier_score_loss", compute_calibration),
                  lambda rows: first_row(rows, ["ece", "mce", "brier"]),
                  lambda rows: first_row(rows, ["ece", "mce", "brier"]),
                  [("rel", "ece"), ("rel", "mce"), ("rel", "brier")]))
    C.append(Case("regression", "regression -> 8 metrics", {"regression": "a"},
                  "SELECT count(*), sum(y_pred), sum(y_true) FROM {t}",
                  REG_MLC, REG_PLAIN,
                  ("SELECT y_pred, y_true FROM {t}", "bin", ["f8", "f8"]), ("sklearn metrics", compute_regression),
                  lambda rows: first_row(rows, REG_METRICS), lambda rows: first_row(rows, REG_METRICS),
                  [("rel", m) for m in REG_METRICS]))
    C.append(Case("drift_numeric", "profile(float8) x2 -> psi, ks, wasserstein", {"profile": "a", "psi": "f", "ks": "f", "wasserstein": "f"},
                  f"SELECT count(*), sum(x), count(*) FILTER (WHERE ts < {MID_SQL}) FROM {{t}}",
                  DRIFT_MLC, PSI_PLAIN,
                  (f"SELECT x, ts < {MID_SQL} FROM {{t}}", "bin", ["f8", "bool"]),
                  ("NumPy psi + scipy ks_2samp, wasserstein_distance", compute_drift),
                  lambda rows: first_row(rows, DRIFT_NAMES),
                  lambda rows: {"psi": f(rows[0][0])},
                  [check_drift, ("info", "ks_p_value"), ("info", "js_distance"), ("info", "drift_method"),
                   ("info", "drifted")],
                  note="profiles of 500k+ values are KLL sketches: checked against the documented rank-error bound"))
    C.append(Case("drift_categorical", "profile(text) x2 -> chi2, psi", {"profile": "a", "chi2": "f"},
                  f"SELECT count(*), sum(length(segment)), count(*) FILTER (WHERE ts < {MID_SQL}) FROM {{t}}",
                  CAT_MLC, CAT_PLAIN,
                  (f"SELECT segment, ts < {MID_SQL} FROM {{t}}", "text", ["S", "bool"]),
                  ("scipy chi2_contingency + NumPy psi", compute_categorical),
                  lambda rows: first_row(rows, CAT_NAMES),
                  lambda rows: first_row(rows, ["chi2", "chi2_df", "psi"]),
                  [("rel", "chi2"), ("rel", "chi2_df"), ("rel", "psi"), ("rel", "js_distance"),
                   ("info", "chi2_p_value"), ("true", "exact")]))
    C.append(Case("slices", "slice_report(2 slice columns, 35 slices)", {"slice_report": "f"},
                  "SELECT count(*), sum(label::int), sum(pred::int), sum(length(segment)), sum(length(region)) FROM {t}",
                  SLICE_MLC, SLICE_PLAIN,
                  ("SELECT label, pred, segment, region FROM {t}", "text", ["bool", "bool", "S", "S"]),
                  ("NumPy bincount per slice", compute_slices),
                  slices_from_rows, slices_from_rows, [check_slices],
                  note="plain SQL computes the metrics only; slice_report adds Wilson intervals and tests"))
    return C
