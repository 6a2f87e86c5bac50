"""Cross-check mlcheck.expected_roc_auc through both modes of its state.

The state (mlcheck._expected_auc_state) keeps one entry per distinct
probability (distinct mode); when the values are mostly distinct it
switches to every row's key (unit mode, rows of weight 1) or to every row
(array mode, the exact AUC state, weighted).  Checked here, each
against sklearn roc_auc_score over the rows doubled into a positive of
weight p·w and a negative of weight (1 − p)·w (1e-9), and against what
expected_roc_auc computed before distinct mode (mlcheck.roc_auc over the
same doubled rows):
- calibrated, heavily tied probabilities (distinct mode), unweighted and
  weighted with weight-0 rows, serial and in forced parallel plans;
- mostly distinct probabilities: weighted, array mode serially (parallel
  workers in distinct mode whose merge switches); unweighted, unit mode
  serially and in the workers (the leader merges their sorted keys);
- a mix of both;
- states written here in every format (and in the exact AUC state's codec,
  what expected_roc_auc wrote before) merged in every combination of modes
  by a test aggregate over the combine function; unit-mode and
  distinct-mode parts of the same rows give the same bits;
- a parallel plan gives the serial value (the same bits when unweighted).
"""
import base64
import struct
import warnings

import numpy as np
from sklearn.metrics import roc_auc_score

from common import Checker, connect, copy_rows, plan_has_parallel, rows, scalar, set_parallel

warnings.filterwarnings("ignore")
ck = Checker("crosscheck/expected_auc_state")
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS xc_eauc CASCADE; CREATE SCHEMA xc_eauc")
rng = np.random.default_rng(1717)
DISTINCT_MAX = 65536  # MLC_EAUC_DISTINCT_MAX
cur.execute("""CREATE AGGREGATE xc_eauc.state_of(float8) (
    SFUNC = mlcheck._expected_auc_trans, STYPE = mlcheck._expected_auc_state)""")


def mode_of(sql):
    """the codec version of the serial state of expected_roc_auc over sql's
    rows: 9 distinct, 10 unit, 1/2 array mode"""
    st = scalar(conn, f"SELECT xc_eauc.state_of(p)::text FROM ({sql}) q")
    return base64.b64decode(st)[0]


def load(table, p, w):
    cur.execute(f"CREATE TABLE xc_eauc.{table} (i int, p float8, w float8)")
    copy_rows(conn, f"xc_eauc.{table}", ["i", "p", "w"], [(i, float(p[i]), float(w[i])) for i in range(len(p))])
    cur.execute(f"ANALYZE xc_eauc.{table}")


def sk(p, w):
    yy = np.r_[np.ones(len(p)), np.zeros(len(p))]
    return float(roc_auc_score(yy, np.r_[p, p], sample_weight=np.r_[p * w, (1 - p) * w]))


def check_table(name, p, w):
    load(name, p, w)
    for weighted in (False, True):
        tag = f"{name}/{'w' if weighted else 'u'}"
        ww = w if weighted else np.ones(len(p))
        warg = ", w" if weighted else ""
        want = sk(p, ww)
        sql = f"SELECT mlcheck.expected_roc_auc(p{warg}) FROM xc_eauc.{name}"
        ser = scalar(conn, sql)
        ck.close(f"{tag}/sklearn", ser, want)
        old = scalar(conn, f"""SELECT mlcheck.roc_auc(s, y, v) FROM (
            SELECT p AS s, true AS y, p * {'w' if weighted else '1'} AS v FROM xc_eauc.{name}
            UNION ALL SELECT p, false, (1 - p) * {'w' if weighted else '1'} FROM xc_eauc.{name}) d""")
        ck.close(f"{tag}/as_before", ser, old, 1e-12)
        set_parallel(conn, True)
        if not weighted:
            ck.check(f"{name}/parallel_plan", plan_has_parallel(conn, sql))
        par = scalar(conn, sql)
        set_parallel(conn, False)
        if weighted:
            ck.close(f"{tag}/parallel_equals_serial", par, ser, 1e-13)
        else:
            # whole-number sums of weights: the same bits in any plan
            ck.check(f"{tag}/parallel_equals_serial", par == ser, f"{par!r} vs {ser!r}")


# calibrated probabilities: an isotonic calibrator's flat blocks and the
# few distinct values of scores in its sloped gaps
n = 120_000
ref_s = rng.random(20_000)
ref_y = rng.random(20_000) < ref_s
load("ref", ref_s, ref_y.astype(float))
s = rng.random(n)
w = np.where(rng.random(n) < 0.05, 0.0, rng.integers(1, 8, size=n) * 0.25)
cal = np.array([r[0] for r in rows(conn, """
    SELECT mlcheck.calibrate((SELECT mlcheck.isotonic(p, w::int) FROM xc_eauc.ref), s)
      FROM unnest(%s::float8[]) WITH ORDINALITY u(s, o) ORDER BY o""", (list(map(float, s)),))])
distinct = len(np.unique(cal))
ck.check("tied/few_distinct_values", distinct < DISTINCT_MAX, f"{distinct} distinct")
check_table("tied", cal, w)
ck.check("tied/distinct_mode", mode_of("SELECT p FROM xc_eauc.tied") == 9)

# mostly distinct: weighted, array mode serially (a parallel worker sees
# fewer than DISTINCT_MAX values and stays in distinct mode; the merge
# switches); unweighted (row counts) unit mode, serially and in the workers
n = 150_000
check_table("spread", rng.random(n), np.where(rng.random(n) < 0.05, 0.0, rng.random(n) * 3))
ck.check("spread/unit_mode", mode_of("SELECT p FROM xc_eauc.spread") == 10)

# tied rows first, then distinct ones: the switch happens part-way
p = np.r_[np.round(rng.random(200_000), 2), rng.random(90_000)]
check_table("mixed", p, rng.integers(0, 5, size=len(p)) * 0.5)

# the probabilities 0 and 1 only, and one value only
check_table("ends", np.array([0.0, 1.0, 1.0, 0.0, 1.0] * 100), np.arange(500) % 4 * 1.0)
ck.check("one_value/half", scalar(conn, "SELECT mlcheck.expected_roc_auc(0.3) FROM generate_series(1, 10)") == 0.5)
ck.check("no_positive/null", scalar(conn, "SELECT mlcheck.expected_roc_auc(0.0, 2) FROM generate_series(1, 10)") is None)
ck.check("no_negative/null", scalar(conn, "SELECT mlcheck.expected_roc_auc(1.0) FROM generate_series(1, 10)") is None)
ck.check("zero_weight/null", scalar(conn, "SELECT mlcheck.expected_roc_auc(0.4, 0) FROM generate_series(1, 10)") is None)
ck.check("empty/null", scalar(conn, "SELECT mlcheck.expected_roc_auc(p) FROM xc_eauc.ends WHERE false") is None)


# ------------------------------------------------ states merged across modes
def key(v):
    b = struct.unpack(">Q", struct.pack(">d", float(v) + 0.0))[0]
    return (~b) & 0xFFFFFFFFFFFFFFFF if b >> 63 else b | (1 << 63)


def distinct_state(p, w):
    tot = {}
    for a, b in zip(p, w):
        if b > 0:
            tot[float(a)] = tot.get(float(a), 0.0) + float(b)
    ks = sorted(tot)
    unit = all(b == 1 for b in w if b > 0)
    out = struct.pack(">BBQQ", 9, 1 if unit else 0, int(np.count_nonzero(w > 0)), len(ks))
    for k in ks:
        out += struct.pack(">Qd", key(k), tot[k])
    return base64.b64encode(out).decode()


def unit_state(p):
    """unit mode (version 10): the exact AUC state's codec (version 1,
    unweighted) of every row's key as a positive, in the order given"""
    out = struct.pack(">BBBQQ", 10, 1, 0, len(p), 0)
    out += b"".join(struct.pack(">d", float(a) + 0.0) for a in p)
    return base64.b64encode(out).decode()


def rows_state(p, w):
    """the exact AUC state's codec (version 1, weighted): array mode, and
    what expected_roc_auc wrote before distinct mode"""
    pos = [(float(a), float(a * b)) for a, b in zip(p, w) if a * b > 0]
    neg = [(float(a), float((1 - a) * b)) for a, b in zip(p, w) if (1 - a) * b > 0]
    out = struct.pack(">BBQQ", 1, 1, len(pos), len(neg))
    out += b"".join(struct.pack(">d", s) for s, _ in pos) + b"".join(struct.pack(">d", s) for s, _ in neg)
    out += b"".join(struct.pack(">d", v) for _, v in pos) + b"".join(struct.pack(">d", v) for _, v in neg)
    return base64.b64encode(out).decode()


cur.execute("""CREATE AGGREGATE xc_eauc.merged(mlcheck._expected_auc_state) (
    SFUNC = mlcheck._expected_auc_state_combine, STYPE = mlcheck._expected_auc_state,
    FINALFUNC = mlcheck._expected_roc_auc_final)""")
cur.execute("""CREATE AGGREGATE xc_eauc.merged_state(mlcheck._expected_auc_state) (
    SFUNC = mlcheck._expected_auc_state_combine, STYPE = mlcheck._expected_auc_state)""")
parts_p = [np.round(rng.random(3000), 2), rng.random(2000), np.round(rng.random(4000), 1)]
parts_w = [rng.integers(0, 4, size=len(x)) * 0.5 for x in parts_p]
all_p = np.concatenate(parts_p)
all_w = np.concatenate(parts_w)
want = sk(all_p, all_w)
for combo in range(8):
    modes = [(combo >> i) & 1 for i in range(3)]  # 1 = array mode
    states = [rows_state(parts_p[i], parts_w[i]) if modes[i] else distinct_state(parts_p[i], parts_w[i])
              for i in range(3)]
    tag = "".join("r" if m else "d" for m in modes)
    got = scalar(conn, "SELECT xc_eauc.merged(s::mlcheck._expected_auc_state ORDER BY o) "
                       "FROM unnest(%s::text[]) WITH ORDINALITY u(s, o)", (states,))
    ck.close(f"merge/{tag}", got, want)
    st = scalar(conn, "SELECT xc_eauc.merged_state(s::mlcheck._expected_auc_state ORDER BY o)::text "
                      "FROM unnest(%s::text[]) WITH ORDINALITY u(s, o)", (states,))
    version = base64.b64decode(st)[0]
    ck.check(f"merge/{tag}/mode", version == (1 if any(modes) else 9), f"version {version}")
# row counts: the merge of unweighted parts in distinct mode is the same
# bits as one state over all the rows
ones = [np.ones(len(x)) for x in parts_p]
got = scalar(conn, "SELECT xc_eauc.merged(s::mlcheck._expected_auc_state ORDER BY o) "
                   "FROM unnest(%s::text[]) WITH ORDINALITY u(s, o)",
             ([distinct_state(parts_p[i], ones[i]) for i in (2, 0, 1)],))
one_state = scalar(conn, "SELECT mlcheck.expected_roc_auc(p) FROM unnest(%s::float8[]) p", (list(map(float, all_p)),))
ck.check("merge/unit_same_bits", got == one_state, f"{got!r} vs {one_state!r}")
ck.close("merge/unit_sklearn", got, sk(all_p, np.ones(len(all_p))))
# row counts in unit mode (unsorted keys, as written here, and sorted) and
# in distinct mode, merged in every combination: the same bits as one
# state over all the rows, which is sklearn's to 1e-9
big = [rng.random(6000), np.round(rng.random(5000), 2), rng.random(7000)]
big_all = np.concatenate(big)
one_state = scalar(conn, "SELECT mlcheck.expected_roc_auc(p) FROM unnest(%s::float8[]) p", (list(map(float, big_all)),))
ck.close("unit_merge/one_state_sklearn", one_state, sk(big_all, np.ones(len(big_all))))
for combo in range(8):
    modes = [(combo >> i) & 1 for i in range(3)]  # 1 = unit mode
    states = [unit_state(big[i] if i != 2 else np.sort(big[i])) if modes[i]
              else distinct_state(big[i], np.ones(len(big[i]))) for i in range(3)]
    tag = "".join("u" if m else "d" for m in modes)
    for order in ((0, 1, 2), (2, 1, 0)):
        got = scalar(conn, "SELECT xc_eauc.merged(s::mlcheck._expected_auc_state ORDER BY o) "
                           "FROM unnest(%s::text[]) WITH ORDINALITY u(s, o)", ([states[i] for i in order],))
        ck.check(f"unit_merge/{tag}/{''.join(map(str, order))}/same_bits", got == one_state,
                 f"{got!r} vs {one_state!r}")
# a unit-mode part with weighted parts: array mode, sklearn's value
mix = [unit_state(big[0]), distinct_state(parts_p[0], parts_w[0]), rows_state(parts_p[1], parts_w[1])]
got = scalar(conn, "SELECT xc_eauc.merged(s::mlcheck._expected_auc_state ORDER BY o) "
                   "FROM unnest(%s::text[]) WITH ORDINALITY u(s, o)", (mix,))
ck.close("unit_merge/with_weighted", got,
         sk(np.concatenate([big[0], parts_p[0], parts_p[1]]),
            np.concatenate([np.ones(len(big[0])), parts_w[0], parts_w[1]])))
# unit mode's text form round-trips, and damaged unit states are refused
u_text = scalar(conn, "SELECT %s::mlcheck._expected_auc_state::text", (unit_state(big[0]),))
ck.check("codec/unit_round_trip",
         scalar(conn, "SELECT %s::mlcheck._expected_auc_state::text", (u_text,)) == u_text
         and base64.b64decode(u_text)[0] == 10)
ck.close("codec/unit_reads", scalar(conn, "SELECT xc_eauc.merged(%s::mlcheck._expected_auc_state)", (u_text,)),
         sk(big[0], np.ones(len(big[0]))))
ck.error("codec/unit_above_one_refused", conn, "SELECT %s::mlcheck._expected_auc_state", "22P02",
         (unit_state([0.5, 1.5, 0.25]),))
ck.error("codec/unit_negatives_refused", conn, "SELECT %s::mlcheck._expected_auc_state", "22P02",
         (base64.b64encode(struct.pack(">BBBQQdd", 10, 1, 0, 1, 1, 0.5, 0.25)).decode(),))
ck.error("codec/unit_weighted_refused", conn, "SELECT %s::mlcheck._expected_auc_state", "22P02",
         (base64.b64encode(struct.pack(">BBBQQdd", 10, 1, 1, 1, 0, 0.5, 1.0)).decode(),))
# a distinct-mode state reads back to the same bytes
one = distinct_state(parts_p[0], parts_w[0])
ck.check("codec/distinct_round_trip", scalar(conn, "SELECT %s::mlcheck._expected_auc_state::text", (one,)) == one)
ck.close("codec/old_state_reads", scalar(conn, "SELECT xc_eauc.merged(%s::mlcheck._expected_auc_state)",
                                           (rows_state(parts_p[1], parts_w[1]),)), sk(parts_p[1], parts_w[1]))
bad = bytearray(base64.b64decode(one))
bad[18:34], bad[34:50] = bad[34:50], bad[18:34]
ck.error("codec/unsorted_refused", conn, "SELECT %s::mlcheck._expected_auc_state",
         "22P02", (base64.b64encode(bytes(bad)).decode(),))
ck.error("codec/roc_auc_state_refused", conn, "SELECT %s::mlcheck._expected_auc_state", "22P02",
         (base64.b64encode(struct.pack(">BBQQd", 1, 0, 1, 0, 0.5)).decode(),))
cur.execute("DROP SCHEMA xc_eauc CASCADE")
ck.done()
