"""Distributed suite: every mlcheck aggregate on a 3-node Citus cluster.

Run with /usr/bin/python3 against the cluster of test/distributed/cluster.sh:

    /usr/bin/python3 test/distributed/run_distributed.py [--rows N] [--keep]

The aggregates are enumerated from pg_aggregate/pg_proc at run time, so an
aggregate added later is covered automatically.  Each argument is mapped by
its (name, type) to a column of the test table (or a constant for the size
parameters, or a column of a stored-summary table for merge()); a signature
that cannot be mapped is a FAIL, so no aggregate escapes the suite.

For every aggregate, over the whole table and with GROUP BY a
non-distribution column:
  pushdown  EXPLAIN (VERBOSE) on the distributed table shows
            worker_partial_agg('<this aggregate>'::regprocedure, ...) in the
            task query and coord_combine_agg('<its oid>'::oid, ...) on the
            coordinator, i.e. the transition runs on the shards and only
            partial states travel;
  result    the result equals the one over an identical local table:
            - the text form, bit for bit (summaries, AUCs, DeLong records);
            - results that are sums of floating-point terms depend on the
              order of summation (log_loss, brier, the float sums of the
              regression and calibration summaries): 1e-12 relative, counts
              and structure still exact;
            - sketched numeric profiles (more than 4096 values): counts,
              min and max exact, mean/variance 1e-12 / 1e-9 relative, and the
              distributed quantiles within rank_error(dist) + rank_error(local)
              + 1/n of the local profile's cdf; arrays of numeric profiles
              (the block aggregate _numeric_profiles) element by element so;
            - binned scores summaries: n and n_null exact, roc_auc_bounds
              contain the exact AUC of the same rows and are at most 1.5x as
              wide as the local bounds (the documented merge guarantee).
Two throw-away aggregates created only in the test database prove that the
detector works both ways: one with a concrete state type (float8[], must be
pushed down) and one with an `internal` state (must be detected as not
pushed down).

Prints "ok distributed/..." / "FAIL distributed/..." lines and a summary
"distributed: K of M aggregates pushed down".  Connection: coordinator socket
/tmp/mlcheck-citus-PORT, PORT = $MLCHECK_CITUS_PORT (default $MLCHECK_PORT +
100), database $MLCHECK_DIST_DB (default mlcheck_dist).
"""
import argparse
import json
import math
import os
import re
import sys

import numpy as np
import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "crosscheck"))
from common import copy_rows  # noqa: E402

SUITE = "distributed"
PORT = int(os.environ.get("MLCHECK_CITUS_PORT", int(os.environ.get("MLCHECK_PORT", "5499")) + 100))
DB = os.environ.get("MLCHECK_DIST_DB", "mlcheck_dist")
SHARDS = 32
GROUPS = 6            # g = id % GROUPS, a non-distribution column
SUMMARIES = 40        # stored summaries per summary type (for merge())
FLOAT_SUM_REL = 1e-12
VARIANCE_REL = 1e-9
BINNED_WIDTH_FACTOR = 1.5

# size parameters are constants: max_bins small enough that the scores
# summaries become binned, so the binned merge path is exercised too
CONSTANTS = {
    ("max_bins", "integer"): "64",
    ("bins", "integer"): "10",
    ("level", "double precision"): "0.9",
}
# (argument name, type) -> column of the row tables
COLUMNS = {
    ("actual", "boolean"): "lbl_b",
    ("predicted", "boolean"): "pred_b",
    ("actual", "bigint"): "cls_a",
    ("predicted", "bigint"): "cls_p",
    ("actual", "text"): "ctext_a",
    ("predicted", "text"): "ctext_p",
    ("weight", "double precision"): "w",
    ("score", "double precision"): "score",
    ("score_a", "double precision"): "score",
    ("score_b", "double precision"): "score_b",
    ("label", "boolean"): "lbl_b",
    ("label", "integer"): "lbl_i",
    ("prob", "double precision"): "prob",
    ("predicted", "double precision"): "yhat",
    ("actual", "double precision"): "y",
    ("x", "double precision"): "x",
    ("x", "text"): "ftext",
    ("prob", "numeric"): "prob::numeric",   # only the internal-state probe
    # McNemar's second model: right where the first one is on most rows
    ("predicted_a", "boolean"): "pred_b",
    ("predicted_b", "boolean"): "(score_b >= 0.5)",
    ("predicted_a", "bigint"): "cls_p",
    ("predicted_b", "bigint"): "(CASE WHEN id % 5 = 0 THEN cls_p ELSE cls_a END)",
    ("predicted_a", "text"): "ctext_p",
    ("predicted_b", "text"): "(CASE WHEN id % 5 = 0 THEN ctext_p ELSE ctext_a END)",
}
# the block aggregates mlcheck._numeric_profiles(k, x1 .. xB) and
# _categorical_profiles(k, t1 .. tB), B = 4, 8 or 16: every argument a column
# (k = B, see map_args), each a different expression, so a mixed-up element
# shows
# (continuous values: the quantile check of sketched profiles assumes no
# atoms larger than the rank-error bound)
BLOCK_FLOATS = ["x", "y", "yhat", "(x * 2)", "(y - yhat)", "(-x)", "(y / 7)", "(yhat * 1e-3)", "(id::float8)",
                "(x + y)", "(x * y)", "(score + x)", "(prob * y)", "(w + x)", "(score_b - yhat)", "(x - y)"]
BLOCK_TEXTS = ["ftext", "ctext_a", "ctext_p", "(ftext || ctext_a)", "(ctext_p || 'x')", "((id % 7)::text)",
               "(g::text)", "(lbl_b::text)", "(cls_a::text)", "(cls_p::text)", "(pred_b::text)", "(lower(ftext))",
               "(ctext_a || g)", "(substr(ftext, 2))", "((id % 1500)::text)", "(lbl_i::text)"]
for _j in range(16):
    COLUMNS[(f"x{_j + 1}", "double precision")] = BLOCK_FLOATS[_j]
    COLUMNS[(f"t{_j + 1}", "text")] = BLOCK_TEXTS[_j]
# multi-class probabilities: classes 0 .. 3 (cls_a holds 2^40, not a class index)
MULTICLASS_COLUMNS = {
    ("probs", "double precision[]"): "mc_p",
    ("actual", "bigint"): "mc_a",
}
# results that are sums of floating-point terms (order of summation differs
# between one scan and a merge of 32 shard states)
FLOAT_SUM_AGGS = {"mlcheck.log_loss", "mlcheck.brier", "_mlcheck_probe.avg8", "_mlcheck_probe.avgn"}
FLOAT_SUM_TYPES = {"mlcheck.regression", "mlcheck.calibration"}
# aggregates whose JSON summary holds sums of floating-point terms although
# their type's counts are exact otherwise (fractional expected counts)
FLOAT_SUM_JSON_AGGS = {"mlcheck.expected_confusion"}


class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail="", note=""):
        """detail: why it failed; note: shown on success (how it passed)."""
        if ok:
            self.passed += 1
            print(f"ok {SUITE}/{name}" + (f" ({note})" if note else ""), flush=True)
        else:
            self.failed += 1
            print(f"FAIL {SUITE}/{name}: {detail}", flush=True)
        return ok


def connect():
    try:
        conn = psycopg2.connect(host=f"/tmp/mlcheck-citus-{PORT}", port=PORT, user="postgres", dbname=DB)
    except psycopg2.Error as e:
        print(f"FAIL {SUITE}/connect: coordinator on port {PORT}, database {DB}: {str(e).strip()}", flush=True)
        sys.exit(1)
    conn.autocommit = True
    return conn


def q(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    return cur.fetchall() if cur.description else None


# ---------------------------------------------------------------- test data
ROW_COLUMNS = [
    ("id", "bigint"), ("g", "integer"), ("score", "float8"), ("score_b", "float8"),
    ("prob", "float8"), ("lbl_b", "boolean"), ("lbl_i", "integer"), ("pred_b", "boolean"),
    ("cls_a", "bigint"), ("cls_p", "bigint"), ("ctext_a", "text"), ("ctext_p", "text"),
    ("w", "float8"), ("y", "float8"), ("yhat", "float8"), ("x", "float8"), ("ftext", "text"),
    ("mc_p", "float8[]"), ("mc_a", "bigint"),
]


def make_rows(n, seed=20260512):
    """Rows with ties, NULLs in every column, non-finite feature values and
    dyadic weights (k/4: their sums are exact in any order)."""
    rng = np.random.default_rng(seed)

    def nulls(values, frac):
        mask = rng.random(n) < frac
        return [None if m else v for v, m in zip(values, mask)]

    lab = rng.random(n) < 0.35
    score = np.round(1 / (1 + np.exp(-(1.2 * lab + rng.normal(0, 1, n)))), 3)   # ~1000 distinct: ties
    score_b = np.round(1 / (1 + np.exp(-(0.6 * lab + rng.normal(0, 1, n)))), 4)
    prob = np.round(rng.beta(2, 3, n), 4)
    prob[rng.random(n) < 0.01] = 0.0
    prob[rng.random(n) < 0.01] = 1.0
    classes = np.array([0, 1, 2, 1 << 40])
    cls_a = classes[rng.integers(0, 4, n)]
    cls_p = np.where(rng.random(n) < 0.7, cls_a, classes[rng.integers(0, 4, n)])
    names = np.array(["cat", "dog", "bird", "fish"])
    ct_a = names[rng.integers(0, 4, n)]
    ct_p = np.where(rng.random(n) < 0.6, ct_a, names[rng.integers(0, 4, n)])
    w = rng.integers(0, 9, n) / 4.0
    y = rng.normal(100, 15, n)
    yhat = y + rng.normal(0.5, 5, n)
    x = rng.lognormal(0, 1.5, n)                      # continuous, heavy tail
    special = rng.random(n)
    x = np.where(special < 0.002, np.nan, x)
    x = np.where((special >= 0.002) & (special < 0.003), np.inf, x)
    x = np.where((special >= 0.003) & (special < 0.004), -np.inf, x)
    ftext = np.array([f"c{int(v):02d}" for v in np.minimum(rng.zipf(1.6, n), 40)])
    raw = rng.integers(1, 6, size=(n, 4)).astype(float)         # few distinct values: ties
    mc_p = ["{" + ",".join(repr(float(v)) for v in r / r.sum()) + "}" for r in raw]
    mc_a = [int(v) for v in np.where(rng.random(n) < 0.6, raw.argmax(axis=1), rng.integers(0, 4, n))]
    cols = [
        list(range(1, n + 1)), [i % GROUPS for i in range(1, n + 1)],
        nulls(score.tolist(), 0.02), nulls(score_b.tolist(), 0.02), nulls(prob.tolist(), 0.02),
        nulls(lab.tolist(), 0.02), nulls(lab.astype(int).tolist(), 0.02), nulls((score >= 0.55).tolist(), 0.02),
        nulls(cls_a.tolist(), 0.01), nulls(cls_p.tolist(), 0.01), nulls(ct_a.tolist(), 0.01), nulls(ct_p.tolist(), 0.01),
        nulls(w.tolist(), 0.02), nulls(y.tolist(), 0.02), nulls(yhat.tolist(), 0.02),
        nulls(x.tolist(), 0.02), nulls(ftext.tolist(), 0.02),
        nulls(mc_p, 0.01), nulls(mc_a, 0.01),
    ]
    return list(zip(*cols))


def setup_tables(conn, nrows):
    q(conn, "SET client_min_messages = warning")
    for t in ("dist_rows", "local_rows"):
        q(conn, f"DROP TABLE IF EXISTS {t}")
    ddl = ", ".join(f"{c} {t}" for c, t in ROW_COLUMNS)
    q(conn, f"CREATE TABLE local_rows ({ddl})")
    copy_rows(conn, "local_rows", [c for c, _ in ROW_COLUMNS], make_rows(nrows))
    q(conn, "CREATE TABLE dist_rows (LIKE local_rows)")
    q(conn, "SELECT create_distributed_table('dist_rows', 'id', shard_count => %s)", (SHARDS,))
    q(conn, "INSERT INTO dist_rows SELECT * FROM local_rows")
    q(conn, "ANALYZE local_rows")
    q(conn, "ANALYZE dist_rows")


# ------------------------------------------------------ catalog enumeration
def enumerate_aggregates(conn, schema):
    """[(oid, regprocedure text, qualified name, [(argname, argtype)], result type, state type, aggkind)]"""
    out = []
    for oid, sig, qname, names, types, rtype, stype, kind in q(conn, """
        SELECT p.oid, p.oid::regprocedure::text, n.nspname || '.' || p.proname,
               coalesce(p.proargnames, '{}'),
               array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) WITH ORDINALITY u(t, i) ORDER BY i),
               format_type(p.prorettype, NULL), format_type(a.aggtranstype, NULL), a.aggkind::text
          FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
          JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = %s
         ORDER BY p.proname, p.oid::regprocedure::text""", (schema,)):
        args = [((names[i] if i < len(names) else "") or "", types[i]) for i in range(len(types))]
        out.append((oid, sig, qname, args, rtype, stype, kind))
    return out


def summary_types(conn):
    """Types of the mlcheck schema that some aggregate returns (candidates for merge())."""
    return {r[0] for r in q(conn, """
        SELECT DISTINCT format_type(p.prorettype, NULL) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
         WHERE p.pronamespace = 'mlcheck'::regnamespace
           AND (SELECT typnamespace FROM pg_type WHERE oid = p.prorettype) = 'mlcheck'::regnamespace""")}


def summary_table(stype):
    return "summ_" + re.sub(r"[^a-z0-9]+", "_", stype.split(".")[-1])


def map_args(args, stypes):
    """(expressions, "rows" | "summ", "") or (None, None, why) when a signature cannot be mapped."""
    exprs, table = [], None
    columns = COLUMNS
    if any(name == "probs" for name, _ in args):
        columns = {**COLUMNS, **MULTICLASS_COLUMNS}
    for name, typ in args:
        if (name, typ) == ("k", "integer"):
            exprs.append(str(len(args) - 1))   # a block aggregate: all its columns
        elif (name, typ) in CONSTANTS:
            exprs.append(CONSTANTS[(name, typ)])
        elif (name, typ) in columns:
            if table == "summ":
                return None, None, f"argument {name or '(unnamed)'} {typ} mixes row columns with a summary"
            table = "rows"
            exprs.append(columns[(name, typ)])
        elif typ in stypes and len(args) == 1:
            table = "summ"
            exprs.append("s")
        else:
            return None, None, f"no column or constant for argument {name or '(unnamed)'} {typ}: add it to COLUMNS/CONSTANTS"
    if table is None:
        return None, None, "no argument reads a column"
    return exprs, table, ""


def setup_summaries(conn, aggs, stypes, suite):
    """For each summary type a merge() reads: a local and a distributed table of
    SUMMARIES stored summaries built by the simplest aggregate returning it."""
    needed = {a[3][0][1] for a in aggs if len(a[3]) == 1 and a[3][0][1] in stypes}
    made = {}
    for st in sorted(needed):
        producers = [a for a in aggs if a[4] == st and a[6] == "n" and not (len(a[3]) == 1 and a[3][0][1] in stypes)]
        producers = [a for a in producers if map_args(a[3], stypes)[1] == "rows"]
        producers.sort(key=lambda a: (len(a[3]), a[1]))
        if not suite.check(f"{summary_table(st)}/producer", bool(producers), f"no aggregate builds {st}"):
            continue
        prod = producers[0]
        exprs, _, _ = map_args(prod[3], stypes)
        t = summary_table(st)
        for pre in ("local_", "dist_"):
            q(conn, f"DROP TABLE IF EXISTS {pre}{t}")
        q(conn, f"CREATE TABLE local_{t} (id integer, g integer, s {st})")
        q(conn, f"""INSERT INTO local_{t}
                    SELECT k, k % 4, {prod[2]}({', '.join(exprs)})
                      FROM (SELECT *, (id % {SUMMARIES})::integer AS k FROM local_rows) r GROUP BY k""")
        q(conn, f"CREATE TABLE dist_{t} (LIKE local_{t})")
        q(conn, f"SELECT create_distributed_table('dist_{t}', 'id', shard_count => %s)", (SHARDS,))
        q(conn, f"INSERT INTO dist_{t} SELECT * FROM local_{t}")
        same = q(conn, f"""SELECT count(*) FROM local_{t} l FULL JOIN (SELECT id, s::text AS st FROM dist_{t}) d
                            USING (id) WHERE l.s::text IS DISTINCT FROM d.st""")[0][0]
        suite.check(f"{t}/stored", same == 0, f"{same} stored summaries differ between the tables")
        made[st] = t
    return made


# ------------------------------------------------------------ the detector
WPA = re.compile(r"worker_partial_agg\('((?:[^']|'')*)'::regprocedure")
CCA = re.compile(r"coord_combine_agg\('(\d+)'::oid")


def pushdown(conn, sql, aggoid):
    """(pushed down?, why) from EXPLAIN (VERBOSE) of sql on the distributed table."""
    plan = [r[0] for r in q(conn, "EXPLAIN (VERBOSE, COSTS OFF) " + sql)]
    task_queries = [line for line in plan if line.strip().startswith("Query:")]
    if not task_queries:
        return False, "no Citus task in the plan"
    scan = next((i for i, line in enumerate(plan) if "Custom Scan (Citus" in line), None)
    coord = plan[:scan] if scan is not None else []
    tasks = [m.group(1).replace("''", "'") for line in task_queries for m in WPA.finditer(line)]
    if not tasks:
        return False, "task query ships rows: " + task_queries[0].strip()[:160]
    procs = {q(conn, "SELECT %s::regprocedure::oid", (t,))[0][0] for t in tasks}
    if procs != {aggoid}:
        return False, f"worker_partial_agg of another aggregate: {tasks}"
    combs = {int(m.group(1)) for line in coord for m in CCA.finditer(line)}
    if combs != {aggoid}:
        return False, "no coord_combine_agg of this aggregate above the Citus scan"
    return True, ""


# ---------------------------------------------------------- result compare
def _num_close(a, b, rel):
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=0.0)
    return a == b


def _json_close(a, b, rel):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_close(a[k], b[k], rel) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_close(x, y, rel) for x, y in zip(a, b))
    return _num_close(a, b, rel)


def _float_or_none(t):
    return None if t is None else float(t)


def compare(conn, agg, sql_l, sql_d, exact_sql):
    """Compare the local and the distributed result of one query; (ok, how)."""
    oid, sig, qname, args, rtype, stype, kind = agg
    loc = q(conn, sql_l)
    dis = q(conn, sql_d)
    if len(loc) != len(dis) or [r[:-1] for r in loc] != [r[:-1] for r in dis]:
        return False, f"different groups: {len(loc)} local rows, {len(dis)} distributed"
    if all(a[-1] == b[-1] for a, b in zip(loc, dis)):
        return True, "bitwise"
    notes = set()
    for i, (a, b) in enumerate(zip(loc, dis)):
        ta, tb = a[-1], b[-1]
        if ta == tb:
            continue
        where = f"group {a[0]}: " if len(a) > 1 else ""
        if ta is None or tb is None:
            return False, f"{where}local {ta!r}, distributed {tb!r}"
        if qname in FLOAT_SUM_AGGS and rtype == "double precision":
            if not _num_close(float(ta), float(tb), FLOAT_SUM_REL):
                return False, f"{where}local {ta}, distributed {tb} (rel > {FLOAT_SUM_REL})"
            notes.add(f"float sums within {FLOAT_SUM_REL} relative")
        elif rtype in FLOAT_SUM_TYPES or qname in FLOAT_SUM_JSON_AGGS:
            if not _json_close(json.loads(ta), json.loads(tb), FLOAT_SUM_REL):
                return False, f"{where}local {ta[:200]} / distributed {tb[:200]} (float sums rel > {FLOAT_SUM_REL})"
            notes.add(f"counts exact, float sums within {FLOAT_SUM_REL} relative")
        elif rtype == "mlcheck.numeric_profile":
            ok, why = sketch_close(conn, ta, tb)
            if not ok:
                return False, where + why
            notes.add("sketch: " + why)
        elif rtype == "mlcheck.numeric_profile[]":
            ok, why = profiles_close(conn, ta, tb)
            if not ok:
                return False, where + why
            notes.add("block: " + why)
        elif rtype == "mlcheck.scores":
            ok, why = binned_close(conn, ta, tb, exact_sql, i)
            if not ok:
                return False, where + why
            notes.add("binned: " + why)
        else:
            return False, f"{where}local {ta[:300]} / distributed {tb[:300]}"
    notes = sorted(notes)
    return True, "; ".join(notes[:2]) + ("; ..." if len(notes) > 2 else "")


def sketch_close(conn, tl, td):
    """Sketched numeric profiles: exact counts/min/max, moments to 1e-12/1e-9,
    quantiles of one within the two rank-error bounds of the other's cdf."""
    r = q(conn, """SELECT mlcheck.is_exact(l), mlcheck.is_exact(d),
                          mlcheck.n(l), mlcheck.n(d), mlcheck.n_null(l), mlcheck.n_null(d),
                          mlcheck.n_nan(l), mlcheck.n_nan(d), mlcheck.n_posinf(l), mlcheck.n_posinf(d),
                          mlcheck.n_neginf(l), mlcheck.n_neginf(d),
                          mlcheck.min_value(l), mlcheck.min_value(d), mlcheck.max_value(l), mlcheck.max_value(d),
                          mlcheck.mean(l), mlcheck.mean(d), mlcheck.variance(l), mlcheck.variance(d),
                          mlcheck.rank_error(l), mlcheck.rank_error(d)
                     FROM (SELECT %s::mlcheck.numeric_profile l, %s::mlcheck.numeric_profile d) s""", (tl, td))[0]
    if r[0] and r[1]:
        return False, "exact profiles differ (exact profiles are canonical)"
    for k, name in enumerate(["n", "n_null", "n_nan", "n_posinf", "n_neginf", "min", "max"]):
        if r[2 + 2 * k] != r[3 + 2 * k]:
            return False, f"{name}: local {r[2 + 2 * k]}, distributed {r[3 + 2 * k]}"
    if not _num_close(r[16], r[17], FLOAT_SUM_REL) or not _num_close(r[18], r[19], VARIANCE_REL):
        return False, f"mean/variance: local {r[16]}/{r[18]}, distributed {r[17]}/{r[19]}"
    n = r[2]
    bound = r[20] + r[21] + (1.0 / n if n else 0.0)
    worst = 0.0
    for qq in [i / 100 for i in range(1, 100)]:
        (c,) = q(conn, "SELECT mlcheck.cdf(%s::mlcheck.numeric_profile, mlcheck.quantile(%s::mlcheck.numeric_profile, %s))",
                 (tl, td, qq))[0]
        worst = max(worst, abs(c - qq))
    if worst > bound:
        return False, f"quantile rank error {worst:.5f} > bound {bound:.5f}"
    return True, f"rank error {worst:.5f} <= {bound:.5f}"


def profiles_close(conn, tl, td):
    """Arrays of numeric profiles (the block aggregates): the same length, and
    element by element the same text or sketched profiles as sketch_close
    accepts."""
    pairs = q(conn, """SELECT l::text, d::text FROM unnest(%s::mlcheck.numeric_profile[],
                                                         %s::mlcheck.numeric_profile[]) u(l, d)""", (tl, td))
    if any(l is None or d is None for l, d in pairs):
        return False, "arrays of different lengths or with NULL elements"
    hows = []
    for i, (l, d) in enumerate(pairs):
        if l == d:
            continue
        ok, why = sketch_close(conn, l, d)
        if not ok:
            return False, f"element {i + 1}: {why}"
        hows.append(why)
    return True, f"{len(pairs) - len(hows)} of {len(pairs)} elements bitwise, the others sketched within bounds"


def binned_close(conn, tl, td, exact_sql, i):
    """Binned scores summaries: exact counts, bounds containing the exact AUC
    and no wider than 1.5x the local bounds."""
    r = q(conn, """SELECT mlcheck.is_exact(l), mlcheck.is_exact(d), mlcheck.n(l), mlcheck.n(d),
                          mlcheck.n_null(l), mlcheck.n_null(d),
                          (mlcheck.roc_auc_bounds(l)).lower, (mlcheck.roc_auc_bounds(l)).upper,
                          (mlcheck.roc_auc_bounds(d)).lower, (mlcheck.roc_auc_bounds(d)).upper
                     FROM (SELECT %s::mlcheck.scores l, %s::mlcheck.scores d) s""", (tl, td))[0]
    if r[0] and r[1]:
        return False, "exact scores summaries differ"
    if r[2] != r[3] or r[4] != r[5]:
        return False, f"n/n_null: local {r[2]}/{r[4]}, distributed {r[3]}/{r[5]}"
    if exact_sql is None:
        return False, "no exact reference for a binned summary"
    ex = q(conn, exact_sql)[i][-1]
    (auc, exact) = q(conn, "SELECT mlcheck.roc_auc(%s::mlcheck.scores), mlcheck.is_exact(%s::mlcheck.scores)", (ex, ex))[0]
    if not exact:
        return False, "reference summary is not exact"
    if auc is None:
        return (r[8] is None and r[9] is None), "bounds of a one-class summary"
    if not (r[8] <= auc <= r[9]):
        return False, f"distributed bounds [{r[8]}, {r[9]}] miss the exact AUC {auc}"
    wl, wd = r[7] - r[6], r[9] - r[8]
    if wd > BINNED_WIDTH_FACTOR * wl + 1e-12:
        return False, f"distributed bounds width {wd} > {BINNED_WIDTH_FACTOR} x local {wl}"
    return True, f"AUC {auc:.6f} in [{r[8]:.6f}, {r[9]:.6f}], width {wd:.2e} vs local {wl:.2e}"


# ------------------------------------------------------------------- main
def check_aggregate(conn, suite, agg, stypes, summ_tables, expect_pushdown=True):
    oid, sig, qname, args, rtype, stype, aggkind = agg
    if aggkind != "n":
        suite.check(f"{sig}/mapping", False, "ordered-set or hypothetical-set aggregate: Citus never pushes these down")
        return None
    exprs, kind, why = map_args(args, stypes)
    if exprs is None:
        suite.check(f"{sig}/mapping", False, why)
        return None
    if kind == "summ":
        t = summ_tables.get(args[0][1])
        if t is None:
            suite.check(f"{sig}/mapping", False, f"no stored-summary table for {args[0][1]}")
            return None
        local, dist = f"local_{t}", f"dist_{t}"
    else:
        local, dist = "local_rows", "dist_rows"
    call = f"{qname}({', '.join(exprs)})"
    exact_call = None
    if ("max_bins", "integer") in args:   # exact reference for a binned summary: same call, room for every score
        exact_call = f"{qname}({', '.join('1000000' if a == ('max_bins', 'integer') else e for a, e in zip(args, exprs))})"
    pushed_all = True
    for mode in ("total", "group"):
        if mode == "total":
            tmpl = "SELECT ({call})::text FROM {t}"
        else:
            tmpl = "SELECT g, ({call})::text FROM {t} GROUP BY g ORDER BY g"
        sql_d = tmpl.format(call=call, t=dist)
        sql_l = tmpl.format(call=call, t=local)
        exact_sql = tmpl.format(call=exact_call, t=local) if exact_call else None
        suffix = "" if mode == "total" else "/group_by"
        try:
            pushed, why = pushdown(conn, sql_d, oid)
        except psycopg2.Error as e:
            pushed, why = False, f"EXPLAIN failed: {e.pgcode}: {str(e).strip()[:200]}"
        pushed_all &= pushed
        if expect_pushdown:
            suite.check(f"{sig}{suffix}/pushdown", pushed, why)
        else:
            suite.check(f"{sig}{suffix}/detected_not_pushed_down", not pushed,
                        "the detector reports pushdown for an aggregate with an internal state")
        try:
            ok, how = compare(conn, agg, sql_l, sql_d, exact_sql)
        except psycopg2.Error as e:
            ok, how = False, f"query failed: {e.pgcode}: {str(e).strip()[:300]}"
        suite.check(f"{sig}{suffix}/result", ok, how, how)
    return pushed_all


PROBE_SCHEMA = "_mlcheck_probe"


def create_probes(conn):
    q(conn, f"DROP SCHEMA IF EXISTS {PROBE_SCHEMA} CASCADE")
    q(conn, f"CREATE SCHEMA {PROBE_SCHEMA}")
    q(conn, f"""CREATE AGGREGATE {PROBE_SCHEMA}.avg8(prob float8) (
                  SFUNC = float8_accum, STYPE = float8[], COMBINEFUNC = float8_combine,
                  FINALFUNC = float8_avg, INITCOND = '{{0,0,0}}', PARALLEL = SAFE)""")
    q(conn, f"""CREATE AGGREGATE {PROBE_SCHEMA}.avgn(prob numeric) (
                  SFUNC = numeric_avg_accum, STYPE = internal, COMBINEFUNC = numeric_avg_combine,
                  SERIALFUNC = numeric_avg_serialize, DESERIALFUNC = numeric_avg_deserialize,
                  FINALFUNC = numeric_avg, PARALLEL = SAFE)""")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=20000, help="rows of the test table (default 20000)")
    ap.add_argument("--keep", action="store_true", help="keep the test tables")
    ap.add_argument("--only", default=None, help="regex: check only aggregates whose signature matches")
    opts = ap.parse_args()
    suite = Suite()
    conn = connect()
    q(conn, "SET client_min_messages = warning")
    nodes = q(conn, "SELECT count(*) FROM pg_dist_node WHERE groupid <> 0 AND isactive")[0][0]
    if not suite.check("cluster/workers", nodes == 2, f"{nodes} active workers"):
        sys.exit(1)
    setup_tables(conn, opts.rows)
    create_probes(conn)
    aggs = enumerate_aggregates(conn, "mlcheck")
    suite.check("catalog/aggregates", len(aggs) > 0, "no aggregate found in schema mlcheck")
    stypes = summary_types(conn)
    summ_tables = setup_summaries(conn, aggs, stypes, suite)

    # harness self-test first: the detector must see both outcomes
    probes = {a[2]: a for a in enumerate_aggregates(conn, PROBE_SCHEMA)}
    check_aggregate(conn, suite, probes[f"{PROBE_SCHEMA}.avg8"], stypes, summ_tables, expect_pushdown=True)
    check_aggregate(conn, suite, probes[f"{PROBE_SCHEMA}.avgn"], stypes, summ_tables, expect_pushdown=False)

    # the comparator must see a difference of one row, for each result type
    (drop_id,) = q(conn, "SELECT min(id) FROM local_rows r WHERE num_nulls(r.*) = 0 AND x > 0 AND x < 'Infinity'"
                         " AND pred_b IS DISTINCT FROM (score_b >= 0.5) AND id % 5 <> 0 AND cls_p <> cls_a")[0]   # discordant for McNemar
    seen = set()
    for agg in [probes[f"{PROBE_SCHEMA}.avg8"]] + aggs:
        exprs, kind, _ = map_args(agg[3], stypes)
        if exprs is None or kind != "rows" or agg[6] != "n" or agg[4] in seen:
            continue
        seen.add(agg[4])
        sql = f"SELECT ({agg[2]}({', '.join(exprs)}))::text FROM local_rows"
        try:
            ok, how = compare(conn, agg, sql, sql + f" WHERE id <> {drop_id}", sql)
        except psycopg2.Error as e:
            ok, how = True, f"{e.pgcode}"
        suite.check(f"selftest/compare_sees_one_row/{agg[4]}", not ok,
                    f"{agg[1]}: dropping row {drop_id} was not detected ({how})", how[:160])

    pushed, notpushed = [], []
    for agg in aggs:
        if opts.only and not re.search(opts.only, agg[1]):
            continue
        r = check_aggregate(conn, suite, agg, stypes, summ_tables)
        (pushed if r else notpushed).append(agg[1])
    q(conn, f"DROP SCHEMA IF EXISTS {PROBE_SCHEMA} CASCADE")
    if not opts.keep:
        for (t,) in q(conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                            "AND (tablename LIKE 'local\\_%' OR tablename LIKE 'dist\\_%')"):
            q(conn, f"DROP TABLE IF EXISTS {t}")
    total = len(pushed) + len(notpushed)
    print(f"distributed: {len(pushed)} of {total} aggregates pushed down (worker_partial_agg/coord_combine_agg)", flush=True)
    if notpushed:
        names = sorted({s.split("(")[0] for s in notpushed})
        print("not pushed down: " + ", ".join(names), flush=True)
    print(f"distributed: {suite.passed} passed, {suite.failed} failed", flush=True)
    sys.exit(1 if suite.failed else 0)


if __name__ == "__main__":
    main()
