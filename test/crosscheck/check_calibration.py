"""Cross-check mlcheck.calibration against scikit-learn 1.2 / SciPy 1.10.

bins(c) vs sklearn.calibration.calibration_curve(strategy='uniform') on
generated probabilities that include every bin edge of np.linspace, their
floating-point neighbours, 0.0 and 1.0; ECE/MCE from the same bins; Brier vs
brier_score_loss (with sample weights); Hosmer-Lemeshow p-value vs
scipy.stats.chi2.sf; weights vs row repetition; merge, forced parallel
plans, text/jsonb/binary round trips and the error SQLSTATEs.
"""
import io
import struct
import sys

import numpy as np
from scipy import stats
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

sys.path.insert(0, __import__("os").path.dirname(__file__))
from common import Checker, connect, copy_rows, rows, scalar, set_parallel, plan_has_parallel  # noqa: E402

BIN_COUNTS = [1, 2, 3, 5, 7, 10, 13, 20, 50, 100]
ck = Checker("crosscheck/calibration")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_cal CASCADE")
cur.execute("CREATE SCHEMA xc_cal")

rng = np.random.default_rng(20240501)
probs = [0.0, 1.0, 0.5, 0.3, 0.1, 0.7, 0.9]
for nb in BIN_COUNTS:
    # every np.linspace edge (twice), its two neighbours, and k / nb computed
    # as a division (which can differ from linspace's k * (1 / nb) by an ulp)
    for k, e in enumerate(np.linspace(0.0, 1.0, nb + 1)):
        e = float(e)
        probs += [e, float(np.nextafter(e, 0.0)), float(np.nextafter(e, 1.0)), e, k / nb]
probs = [min(1.0, max(0.0, p)) for p in probs]
probs += list(rng.uniform(0, 1, 6000)) + list(rng.beta(0.5, 0.5, 3000)) + [0.0] * 40 + [1.0] * 40
p = np.array(probs, dtype=np.float64)
y = rng.uniform(0, 1, len(p)) < np.clip(p ** 1.3 + 0.03, 0, 1)
w = np.round(rng.uniform(0, 3, len(p)), 3)
w[rng.uniform(0, 1, len(p)) < 0.05] = 0.0
wi = rng.integers(0, 4, len(p))                      # integer weights (repetition check)
seg = rng.integers(0, 6, len(p))
n = len(p)
cur.execute("CREATE TABLE xc_cal.t (id int, p float8, y boolean, yi int, w float8, wi float8, seg int)")
data = [(i, float(p[i]), bool(y[i]), int(y[i]), float(w[i]), float(wi[i]), int(seg[i])) for i in range(n)]
# rows with NULLs are skipped and counted
data += [(n, None, True, 1, 1.0, 1.0, 0), (n + 1, 0.5, None, None, 1.0, 1.0, 1), (n + 2, 0.5, False, 0, None, None, 2)]
copy_rows(conn, "xc_cal.t", ("id", "p", "y", "yi", "w", "wi", "seg"), data)
cur.execute("ANALYZE xc_cal.t")
# the last row has only its weight NULL: unweighted aggregates count it
pu = np.append(p, 0.5)
yu = np.append(y, False)


def ref_bins(pp, yy, ww, nb):
    """calibration_curve's binning with optional weights (sklearn when ww is None)."""
    edges = np.linspace(0.0, 1.0, nb + 1)
    ids = np.searchsorted(edges[1:-1], pp)
    ww = np.ones_like(pp) if ww is None else ww
    cnt = np.bincount(ids, weights=ww, minlength=nb)
    sp = np.bincount(ids, weights=ww * pp, minlength=nb)
    sy = np.bincount(ids, weights=ww * yy, minlength=nb)
    nz = cnt > 0
    return edges, np.nonzero(nz)[0], cnt[nz], sp[nz] / cnt[nz], sy[nz] / cnt[nz], sy[nz], sp[nz]


def compare_bins(name, got, pp, yy, ww, nb):
    edges, idx, cnt, mp, fp, _, _ = ref_bins(pp, yy, ww, nb)
    ok = len(got) == len(idx)
    detail = f"{len(got)} bins, want {len(idx)}"
    if ok:
        for r, b, c_, m_, f_ in zip(got, idx, cnt, mp, fp):
            if (r[0] != b or r[1] != float(edges[b]) or r[2] != float(edges[b + 1])
                    or not np.isclose(r[3], c_, rtol=1e-12, atol=0)
                    or not np.isclose(r[4], m_, rtol=1e-9, atol=1e-12)
                    or not np.isclose(r[5], f_, rtol=1e-9, atol=1e-12)):
                ok = False
                detail = f"bin {b}: got {r}, want ({b}, {edges[b]!r}, {edges[b + 1]!r}, {c_}, {m_}, {f_})"
                break
    ck.check(name, ok, detail)


def ece_mce(pp, yy, ww, nb):
    _, _, cnt, mp, fp, _, _ = ref_bins(pp, yy, ww, nb)
    gap = np.abs(mp - fp)
    return float(np.sum(cnt / cnt.sum() * gap)), float(gap.max())


def hosmer(pp, yy, ww, nb):
    _, _, cnt, _, _, o1, e1 = ref_bins(pp, yy, ww, nb)
    stat = float(np.sum((o1 - e1) ** 2 / e1 + ((cnt - o1) - (cnt - e1)) ** 2 / (cnt - e1)))
    g = len(cnt)
    return stat, g - 2, float(stats.chi2.sf(stat, g - 2))


# ---- sklearn's calibration_curve, bin by bin, for every bin count
for nb in BIN_COUNTS:
    got = rows(conn, "SELECT b.* FROM (SELECT mlcheck.calibration(p, y, %s) c FROM xc_cal.t) s, "
               "mlcheck.bins(c) b ORDER BY b.bin", (nb,))
    prob_true, prob_pred = calibration_curve(yu, pu, n_bins=nb, strategy="uniform")
    ok = (len(got) == len(prob_true)
          and all(np.isclose(g[4], pp_, rtol=1e-9, atol=1e-12) and np.isclose(g[5], pt, rtol=1e-9, atol=1e-12)
                  for g, pp_, pt in zip(got, prob_pred, prob_true)))
    ck.check(f"calibration_curve_bins{nb}", ok, f"got {[(g[4], g[5]) for g in got][:3]}..., want {list(zip(prob_pred, prob_true))[:3]}...")
    compare_bins(f"bins_edges_counts_bins{nb}", got, pu, yu.astype(float), None, nb)
    ece, mce = ece_mce(pu, yu.astype(float), None, nb)
    r = rows(conn, "SELECT mlcheck.ece(c), mlcheck.mce(c), mlcheck.brier(c), mlcheck.n(c), mlcheck.n_null(c) "
             "FROM (SELECT mlcheck.calibration(p, y, %s) c FROM xc_cal.t) s", (nb,))[0]
    ck.close(f"ece_bins{nb}", r[0], ece)
    ck.close(f"mce_bins{nb}", r[1], mce)
    ck.close(f"brier_bins{nb}", r[2], float(brier_score_loss(yu, pu)))
    ck.check(f"n_and_n_null_bins{nb}", r[3] == n + 1 and r[4] == 2, f"got {r[3]}, {r[4]}")
    if nb >= 3:
        hl = rows(conn, "SELECT (mlcheck.hosmer_lemeshow(c)).* FROM (SELECT mlcheck.calibration(p, y, %s) c FROM xc_cal.t) s", (nb,))[0]
        st_, df_, pv = hosmer(pu, yu.astype(float), None, nb)
        ck.close(f"hosmer_lemeshow_statistic_bins{nb}", hl[0], st_)
        ck.check(f"hosmer_lemeshow_df_bins{nb}", hl[1] == df_, f"got {hl[1]}, want {df_}")
        ck.close(f"hosmer_lemeshow_pvalue_bins{nb}", hl[2], pv)

# ---- default bins = 10; integer labels = boolean labels
r = rows(conn, "SELECT mlcheck.calibration(p, y) OPERATOR(mlcheck.=) mlcheck.calibration(p, y, 10), "
         "mlcheck.calibration(p, y) OPERATOR(mlcheck.=) mlcheck.calibration(p, yi), "
         "mlcheck.calibration(p, y, w) OPERATOR(mlcheck.=) mlcheck.calibration(p, yi, w, 10) FROM xc_cal.t")[0]
ck.check("default_10_bins", r[0])
ck.check("integer_labels_equal_boolean", r[1])
ck.check("weighted_overloads_agree", r[2])

# ---- weights: numpy replica of calibration_curve with weights, brier with sample_weight
for nb in (10, 7):
    got = rows(conn, "SELECT b.* FROM (SELECT mlcheck.calibration(p, y, w, %s) c FROM xc_cal.t) s, "
               "mlcheck.bins(c) b ORDER BY b.bin", (nb,))
    compare_bins(f"weighted_bins{nb}", got, p, y.astype(float), w, nb)
    ece, mce = ece_mce(p, y.astype(float), w, nb)
    r = rows(conn, "SELECT mlcheck.ece(c), mlcheck.mce(c), mlcheck.brier(c), (mlcheck.hosmer_lemeshow(c)).p_value "
             "FROM (SELECT mlcheck.calibration(p, y, w, %s) c FROM xc_cal.t) s", (nb,))[0]
    ck.close(f"weighted_ece_bins{nb}", r[0], ece)
    ck.close(f"weighted_mce_bins{nb}", r[1], mce)
    ck.close(f"weighted_brier_bins{nb}", r[2], float(brier_score_loss(y, p, sample_weight=w)))
    ck.close(f"weighted_hosmer_pvalue_bins{nb}", r[3], hosmer(p, y.astype(float), w, nb)[2])
# integer weights = repeating rows, checked with plain sklearn
rep_p, rep_y = np.repeat(p, wi), np.repeat(y, wi)
got = rows(conn, "SELECT b.mean_predicted, b.fraction_positive, b.count FROM "
           "(SELECT mlcheck.calibration(p, y, wi) c FROM xc_cal.t) s, mlcheck.bins(c) b ORDER BY b.bin")
pt, pp_ = calibration_curve(rep_y, rep_p, n_bins=10)
ck.check("integer_weights_equal_repeated_rows",
         len(got) == len(pt) and all(np.isclose(g[0], a, rtol=1e-9) and np.isclose(g[1], b, rtol=1e-9)
                                      for g, a, b in zip(got, pp_, pt)), f"got {got[:2]}, want {list(zip(pp_, pt))[:2]}")
ck.close("integer_weights_brier", scalar(conn, "SELECT mlcheck.brier(mlcheck.calibration(p, y, wi)) FROM xc_cal.t"),
         float(brier_score_loss(rep_y, rep_p)))

# ---- merge of per-segment summaries equals the whole table
r = rows(conn, """
    WITH s AS (SELECT seg, mlcheck.calibration(p, y, w, 13) c FROM xc_cal.t GROUP BY seg),
         m AS (SELECT mlcheck.merge(c) c FROM s),
         a AS (SELECT mlcheck.calibration(p, y, w, 13) c FROM xc_cal.t)
    SELECT mlcheck.ece(m.c), mlcheck.ece(a.c), mlcheck.brier(m.c), mlcheck.brier(a.c),
           mlcheck.n_null(m.c), mlcheck.n_null(a.c),
           (mlcheck.hosmer_lemeshow(m.c)).statistic, (mlcheck.hosmer_lemeshow(a.c)).statistic
      FROM m, a""")[0]
ck.close("merge_segments_ece", r[0], r[1])
ck.close("merge_segments_brier", r[2], r[3])
ck.check("merge_segments_n_null", r[4] == r[5] == 3, f"{r[4]} {r[5]}")
ck.close("merge_segments_hosmer", r[6], r[7])
ck.check("merge_of_nothing_is_null", scalar(conn, "SELECT mlcheck.merge(c) IS NULL FROM (SELECT NULL::mlcheck.calibration c) s"))

# ---- forced parallel plans agree with serial ones
q = "SELECT mlcheck.calibration(p, y, w, 20) FROM xc_cal.t"
set_parallel(conn, True)
ck.check("parallel_plan_used", plan_has_parallel(conn, q))
par = rows(conn, "SELECT mlcheck.ece(c), mlcheck.brier(c), (mlcheck.hosmer_lemeshow(c)).p_value, "
           "(SELECT array_agg(b.count ORDER BY b.bin) FROM mlcheck.bins(c) b), "
           "(SELECT array_agg(b.fraction_positive ORDER BY b.bin) FROM mlcheck.bins(c) b) "
           f"FROM ({q}) s(c)")[0]
set_parallel(conn, False)
ser = rows(conn, "SELECT mlcheck.ece(c), mlcheck.brier(c), (mlcheck.hosmer_lemeshow(c)).p_value, "
           "(SELECT array_agg(b.count ORDER BY b.bin) FROM mlcheck.bins(c) b), "
           "(SELECT array_agg(b.fraction_positive ORDER BY b.bin) FROM mlcheck.bins(c) b) "
           f"FROM ({q}) s(c)")[0]
ck.close("parallel_ece", par[0], ser[0])
ck.close("parallel_brier", par[1], ser[1])
ck.close("parallel_hosmer_pvalue", par[2], ser[2])
ck.check("parallel_bins", len(par[3]) == len(ser[3]) and np.allclose(par[3], ser[3], rtol=1e-12)
         and np.allclose(par[4], ser[4], rtol=1e-9), f"{par[3]} vs {ser[3]}")

# ---- text, jsonb and binary round trips
ck.check("text_roundtrip", scalar(conn, "SELECT c::text::mlcheck.calibration OPERATOR(mlcheck.=) c AND c::text::mlcheck.calibration::text = c::text "
                                  "FROM (SELECT mlcheck.calibration(p, y, w, 7) c FROM xc_cal.t) s"))
ck.check("jsonb_roundtrip", scalar(conn, "SELECT c::jsonb::mlcheck.calibration OPERATOR(mlcheck.=) c AND (c::jsonb->>'n_bins')::int = 7 "
                                   "FROM (SELECT mlcheck.calibration(p, y, w, 7) c FROM xc_cal.t) s"))
cur.execute("CREATE TABLE xc_cal.store (c mlcheck.calibration)")
cur.execute("INSERT INTO xc_cal.store SELECT mlcheck.calibration(p, y, w, 7) FROM xc_cal.t")
buf = io.BytesIO()
cur.copy_expert("COPY xc_cal.store TO STDOUT (FORMAT binary)", buf)
cur.execute("CREATE TABLE xc_cal.store2 (c mlcheck.calibration)")
buf.seek(0)
cur.copy_expert("COPY xc_cal.store2 FROM STDIN (FORMAT binary)", buf)
ck.check("binary_send_recv_roundtrip", scalar(conn, "SELECT a.c OPERATOR(mlcheck.=) b.c FROM xc_cal.store a, xc_cal.store2 b"))
# a corrupted binary value is rejected with 22P02 (flip the format version byte)
raw = bytearray(buf.getvalue())
hdr = 11 + 4 + 4
# tuple: int16 nfields, int32 len, payload; version byte is the first payload byte
raw[hdr + 2 + 4] = 99
try:
    cur.copy_expert("COPY xc_cal.store2 FROM STDIN (FORMAT binary)", io.BytesIO(bytes(raw)))
    ck.check("binary_recv_rejects_bad_version", False, "accepted")
except Exception as e:  # psycopg2.Error
    ck.check("binary_recv_rejects_bad_version", getattr(e, "pgcode", None) == "22P02", str(e))

# ---- errors and their SQLSTATEs
ck.error("prob_above_one_22003", conn, "SELECT mlcheck.calibration(1.0000001, true)", "22003")
ck.error("prob_negative_22003", conn, "SELECT mlcheck.calibration(-0.5, true)", "22003")
ck.error("prob_infinity_22003", conn, "SELECT mlcheck.calibration('Infinity', true)", "22003")
ck.error("prob_nan_22023", conn, "SELECT mlcheck.calibration('NaN', true)", "22023")
ck.error("int_label_2_22023", conn, "SELECT mlcheck.calibration(0.5, 2)", "22023")
ck.error("negative_weight_22023", conn, "SELECT mlcheck.calibration(0.5, true, -1.0)", "22023")
ck.error("bins_zero_22023", conn, "SELECT mlcheck.calibration(0.5, true, 0)", "22023")
ck.error("merge_different_bins_22023", conn,
         "SELECT mlcheck.merge(c) FROM (SELECT mlcheck.calibration(p, y, 10) FROM xc_cal.t "
         "UNION ALL SELECT mlcheck.calibration(p, y, 5) FROM xc_cal.t) s(c)", "22023")
ck.error("plus_different_bins_22023", conn,
         "SELECT mlcheck.calibration(0.5, true, 3) OPERATOR(mlcheck.+) mlcheck.calibration(0.5, true, 4)", "22023")
ck.error("malformed_text_22P02", conn, "SELECT '{\"n_bins\": 2}'::mlcheck.calibration", "22P02")
ck.error("inconsistent_text_22P02", conn,
         "SELECT '{\"n_bins\": 1, \"count\": [1], \"sum_predicted\": [2], \"sum_positive\": [1], \"sum_squared_error\": 0}'::mlcheck.calibration",
         "22P02")

cur.execute("DROP SCHEMA xc_cal CASCADE")
ck.done()
