"""Shared helpers of the reliability/security checks in test/checks/*.py.

Each check creates its own database (mlcheck_checks_<name>) with
CREATE EXTENSION mlcheck on the cluster of $MLCHECK_PORT, discovers the
extension's types, aggregates and functions FROM THE CATALOG (so new
capabilities are covered as they land), and prints one line per check:
"ok <suite>/<name>" or "FAIL <suite>/<name>: why".

Catalog discovery gives each aggregate argument a *role* (score, label,
weight, size parameter, summary value ...) from its name and type, so the
checks can build rows for any aggregate whose signature follows the README conventions.
"""
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "test", "crosscheck"))

import psycopg2  # noqa: E402
import psycopg2.extensions  # noqa: E402

import common  # noqa: E402
from common import Checker  # noqa: E402,F401

PORT = common.PORT


def _connect(db):
    conn = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=db)
    conn.autocommit = True
    return conn


def own_database(name):
    """Create (fresh) database mlcheck_checks_<name> with the extension; return a connection."""
    db = f"mlcheck_checks_{name}"
    admin = _connect("postgres")
    cur = admin.cursor()
    cur.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    cur.execute(f"CREATE DATABASE {db}")
    admin.close()
    conn = _connect(db)
    try:
        conn.cursor().execute("CREATE EXTENSION mlcheck")
    except psycopg2.Error as e:
        suite = os.path.splitext(os.path.basename(sys.argv[0]))[0]
        print(f"FAIL {suite}/create_extension: {e.pgcode}: {str(e).strip()}", flush=True)
        conn.close()
        drop_database(name)
        sys.exit(1)
    return conn


def connect_db(name):
    return _connect(f"mlcheck_checks_{name}")


def drop_database(name, *conns):
    for c in conns:
        try:
            c.close()
        except Exception:
            pass
    admin = _connect("postgres")
    admin.cursor().execute(f"DROP DATABASE IF EXISTS mlcheck_checks_{name} WITH (FORCE)")
    admin.close()


class Outcome:
    """Result of one statement: a value or an error (sqlstate, texts)."""

    def __init__(self, value=None, rows=None, error=None):
        self.value = value
        self.rows = rows
        self.error = error

    @property
    def ok(self):
        return self.error is None

    @property
    def sqlstate(self):
        return None if self.error is None else self.error.pgcode

    def texts(self):
        if self.error is None:
            return ""
        d = self.error.diag
        return " | ".join(x for x in (d.message_primary, d.message_detail, d.message_hint) if x)

    @property
    def hint(self):
        return None if self.error is None else self.error.diag.message_hint

    def describe(self):
        if self.error is None:
            v = repr(self.value)
            return "value " + (v[:200] + "..." if len(v) > 200 else v)
        return f"error {self.sqlstate}: {self.texts()[:300]}"


def run(conn, sql, args=None):
    cur = conn.cursor()
    try:
        cur.execute(sql, args)
        rows = cur.fetchall() if cur.description else []
        return Outcome(value=rows[0][0] if rows and rows[0] else None, rows=rows)
    except psycopg2.Error as e:
        if not conn.autocommit:
            conn.rollback()
        return Outcome(error=e)


def alive(conn):
    """The backend still answers (and no transaction is left aborted)."""
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1")
        return cur.fetchone()[0] == 1
    except Exception:
        return False


def is_nan(v):
    return isinstance(v, float) and math.isnan(v)


# ---------------------------------------------------------------- catalog

EXT_OBJS = """
  SELECT d.objid FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
"""


def ext_types(conn):
    """Base types of the extension: [(name, oid, input fn, recv fn, send fn)]."""
    return common.rows(conn, f"""
        SELECT t.typname, t.oid, t.typinput::regproc::text, t.typreceive::regproc::text,
               t.typsend::regproc::text
        FROM pg_type t
        WHERE t.oid IN ({EXT_OBJS} AND d.classid = 'pg_type'::regclass)
          AND t.typtype = 'b' AND t.typcategory <> 'A'
        ORDER BY t.typname""")


class Agg:
    def __init__(self, name, oid, argtypes, argnames, rettype, transfn, finalmodify, sig):
        self.name = name
        self.oid = oid
        self.argtypes = argtypes      # format_type names: 'double precision', 'boolean', ...
        self.argnames = argnames
        self.rettype = rettype
        self.transfn = transfn
        self.finalmodify = finalmodify
        self.sig = sig                # regprocedure text
        self.roles = infer_roles(self)

    def __repr__(self):
        return self.sig


def ext_aggregates(conn):
    out = []
    for r in common.rows(conn, f"""
        SELECT p.proname, p.oid,
               array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) t),
               coalesce(p.proargnames, '{{}}'::text[]),
               format_type(p.prorettype, NULL), a.aggtransfn::regproc::text,
               a.aggfinalmodify, p.oid::regprocedure::text
        FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
        WHERE p.oid IN ({EXT_OBJS} AND d.classid = 'pg_proc'::regclass)
        ORDER BY 1, 8"""):
        out.append(Agg(*r))
    return out


def ext_functions(conn, kinds=("f",)):
    """Non-aggregate functions: [(signature, name, lang, rettype, nargs, argtypes, secdef, proconfig, prosrc, prokind, retset)]."""
    return common.rows(conn, f"""
        SELECT p.oid::regprocedure::text, p.proname, l.lanname, format_type(p.prorettype, NULL),
               p.pronargs,
               array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) t),
               p.prosecdef, p.proconfig, p.prosrc, p.prokind, p.proretset, p.pronargdefaults
        FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
        WHERE p.oid IN ({EXT_OBJS} AND d.classid = 'pg_proc'::regclass)
          AND p.prokind = ANY(%s)
        ORDER BY 1""", (list(kinds),))


def summary_type_names(conn):
    return {r[0] for r in ext_types(conn)}


# ---------------------------------------------------------------- roles

FLOAT = "double precision"
INTS = ("integer", "bigint", "smallint")
PROB_AGGS = {"log_loss", "brier", "calibration", "expected_confusion", "expected_roc_auc"}
RANK_AGGS = {"roc_auc", "pr_auc", "scores", "roc_auc_ci", "delong_test"}
PROFILE_AGGS = {"profile"}
REGRESSION_AGGS = {"regression"}
LABEL_PAIR_AGGS = {"confusion"}
# aggregates whose inputs these generic checks cannot generate (class
# probability arrays, three label columns): each is covered by the named
# cross-check, which must exercise its NULL policy and its errors
CHECKED_ELSEWHERE = {
    "multiclass": "test/crosscheck/check_compare.py",
    "multiclass_normalized": "test/crosscheck/check_compare.py",
    "mcnemar": "test/crosscheck/check_compare.py",
    # the internal block aggregates behind drift_report (k, then 16 columns)
    "_numeric_profiles": "test/crosscheck/check_drift_report.py",
    "_categorical_profiles": "test/crosscheck/check_drift_report.py",
}
# aggregates of a block of columns: k and then one argument per column
BLOCK_AGGS = {"_numeric_profiles", "_categorical_profiles"}
# result types that are NULL, not an empty summary, over zero usable rows
# (they have no count of skipped rows: a calibrator is a fitted function)
NULL_WHEN_NO_ROWS_TYPES = {"mlcheck.calibrator"}
# a valid text value of summary types no supported aggregate builds
SAMPLE_TEXT = {
    # rows in the summary's canonical order (as it prints them)
    "multiclass": '{"classes": 3, "n_null": 0, "actual": [2, 0, 1], '
                  '"probs": [[0.1, 0.1, 0.8], [0.5, 0.25, 0.25], [0.2, 0.6, 0.2]]}',
    # format 1, a_only 2, b_only 1, n_null 0 (base64 of the binary form)
    "_mcnemar_state": "AQAAAAAAAAACAAAAAAAAAAEAAAAAAAAAAA==",
    # a block of two categorical profiles: {cat: 2, dog: 1}, {x: 1, y: 1} and a NULL
    "_profiles_state": "AQICAAAAPAFDAAAAAAAAAAMAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAANjYXQAAAAAAAAAAgAAAANkb2cAAAAAAAAAAQAA"
                       "ADgBQwAAAAAAAAACAAAAAAAAAAEAAAAAAAAAAAAAAAIAAAABeAAAAAAAAAABAAAAAXkAAAAAAAAAAQ==",
}


def infer_roles(a):
    """A role per argument: 'summary', 'actual'/'predicted' (confusion pair),
    'score', 'score2', 'label', 'weight', 'size', 'value' (profile input),
    'pred'/'true' (regression), or 'other'."""
    t = a.argtypes
    names = [n.lower() if n else "" for n in (a.argnames or [])] + [""] * len(t)
    if all(x.startswith("mlcheck.") for x in t):
        return ["summary"] * len(t)
    if a.name in BLOCK_AGGS:                # checked elsewhere (CHECKED_ELSEWHERE)
        return ["size"] + ["other"] * (len(t) - 1)
    if a.name == "expected_roc_auc":        # probabilities only, no label
        return ["score"] + ["weight"] * (len(t) - 1)
    roles = []
    if a.name in LABEL_PAIR_AGGS and len(t) >= 2 and t[0] == t[1]:
        roles = ["actual", "predicted"]
        for i in range(2, len(t)):
            roles.append("weight" if t[i] == FLOAT else ("size" if t[i] in INTS else "other"))
        return roles
    if a.name in REGRESSION_AGGS or (len(t) >= 2 and t[0] == FLOAT and t[1] == FLOAT and names[1] in ("actual", "y_true", "truth")):
        roles = ["pred", "true"]
        for i in range(2, len(t)):
            roles.append("weight" if t[i] == FLOAT else ("size" if t[i] in INTS else "other"))
        return roles
    seen_label = False
    for i, ty in enumerate(t):
        n = names[i]
        if n == "weight" or (ty == FLOAT and seen_label and "weight" not in roles and n in ("", "w", "weight")):
            roles.append("weight")
        elif ty == FLOAT and not seen_label and "score" not in roles and "value" not in roles:
            roles.append("score" if len(t) > 1 else "value")
        elif ty == FLOAT and not seen_label and "score" in roles:
            roles.append("score2")
        elif ty in ("boolean",) + INTS and not seen_label and ("score" in roles or "score2" in roles):
            roles.append("label")
            seen_label = True
        elif ty in INTS and (seen_label or n in ("max_bins", "bins", "k")):
            roles.append("size")
        elif ty == "text" and len(t) == 1:
            roles.append("category")
        elif ty == FLOAT and n in ("level", "threshold"):
            roles.append("param")
        else:
            roles.append("other")
    return roles


def supported(a):
    """True when the checks know how to feed rows to this aggregate."""
    return "other" not in a.roles


def default_size(a):
    return 10 if a.name == "calibration" else 50


def lit(v, ty):
    """SQL literal of a python value for a column of type ty."""
    if v is None:
        return f"NULL::{ty}"
    if ty == "boolean":
        return "true" if v else "false"
    if ty == FLOAT:
        if isinstance(v, str):           # 'NaN', 'Infinity', '-Infinity' or exact text
            return f"'{v}'::float8"
        if math.isnan(v):
            return "'NaN'::float8"
        if math.isinf(v):
            return "'Infinity'::float8" if v > 0 else "'-Infinity'::float8"
        return f"{float(v)!r}::float8"
    if ty in INTS:
        return f"{int(v)}::{ty}"
    if ty == "text":
        return "'" + str(v).replace("'", "''") + "'::text"
    return f"'{v}'::{ty}"


def label_val(ty, y):
    """A binary label (python bool) as a value for a label column of type ty."""
    if ty == "boolean":
        return bool(y)
    if isinstance(y, bool):
        return 1 if y else 0
    return int(y)          # deliberate out-of-range labels (2, -1) pass through


def agg_sql(a, rows, where_false=False, qname=None):
    """SELECT <agg>(c1..cn) FROM (VALUES ...) v(c1..cn); rows are tuples in argument order."""
    n = len(a.argtypes)
    cols = ", ".join(f"c{i + 1}" for i in range(n))
    if not rows:
        rows = [tuple(None for _ in range(n))]
        where_false = True
    vals = ",\n".join("(" + ", ".join(lit(v, a.argtypes[i]) for i, v in enumerate(r)) + ")" for r in rows)
    qname = qname or "mlcheck." + a.name
    return f"SELECT {qname}({cols}) FROM (VALUES {vals}) v({cols})" + (" WHERE false" if where_false else "")


def make_row(a, score=0.5, y=True, w=1.0, score2=None, actual=None, predicted=None):
    """One argument tuple for aggregate a, following its roles."""
    out = []
    for role, ty in zip(a.roles, a.argtypes):
        if role == "score" or role == "value":
            out.append(score)
        elif role == "score2":
            out.append(score if score2 is None else score2)
        elif role == "label":
            out.append(y if y is None else label_val(ty, y))
        elif role == "weight":
            out.append(w)
        elif role == "size":
            out.append(default_size(a))
        elif role == "param":
            out.append(0.95)
        elif role == "pred":
            out.append(score)
        elif role == "true":
            out.append(score2 if score2 is not None else (1.0 if y else 0.0))
        elif role == "actual":
            out.append(_pair_label(ty, y if actual is None else actual))
        elif role == "predicted":
            out.append(_pair_label(ty, (score >= 0.5 if isinstance(score, float) else True) if predicted is None else predicted))
        elif role == "category":
            out.append("cat" if y else "dog")
        else:
            raise ValueError(f"no value for role {role} of {a.sig}")
    return tuple(out)


def _pair_label(ty, v):
    if v is None or isinstance(v, str) and ty == "text":
        return v
    if ty == "boolean":
        return bool(v)
    if ty in INTS:
        return int(v) if not isinstance(v, str) else v
    return "pos" if v is True else ("neg" if v is False else str(v))


def sample_rows(a, n=40, seed=1):
    """Deterministic ordinary data for aggregate a (both classes, distinct scores)."""
    import random
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        y = (i % 3 == 0) or (i % 7 == 1)
        s = round(min(max(rnd.random() * 0.6 + (0.35 if y else 0.0), 0.001), 0.999), 6)
        if a.roles and a.roles[0] == "pred":
            rows.append(make_row(a, score=round(rnd.random() * 10, 4), y=y, w=1.0 + (i % 3), score2=round(rnd.random() * 10, 4)))
        elif "actual" in a.roles:
            ty = a.argtypes[0]
            if ty == "text":
                act, pre = ["cat", "dog", "emu"][i % 3], ["cat", "dog", "emu"][(i * 7) % 3]
            elif ty in INTS:
                act, pre = i % 3, (i * 5) % 3
            else:
                act, pre = y, s >= 0.5
            rows.append(make_row(a, score=s, y=y, w=1.0 + (i % 3), actual=act, predicted=pre))
        elif "category" in a.roles:
            rows.append(("abcde"[i % 5],))
        else:
            rows.append(make_row(a, score=s, y=y, w=1.0 + (i % 3), score2=round(rnd.random(), 6)))
    return rows


def building_aggregate(conn, aggs, typname):
    """A non-merge aggregate that returns mlcheck.<typname> and that we can feed."""
    cands = [a for a in aggs if a.rettype == f"mlcheck.{typname}" and "summary" not in a.roles and supported(a)]
    cands.sort(key=lambda a: (len(a.argtypes), a.sig))
    return cands


def state_aggregates(conn, aggs, typname):
    """Aggregates whose transition state is mlcheck.<typname> (the internal state types)."""
    sigs = {r[0] for r in common.rows(conn, f"""
        SELECT aggfnoid::regprocedure::text FROM pg_aggregate
         WHERE aggtranstype = 'mlcheck.{typname}'::regtype""")}
    return sorted((a for a in aggs if a.sig in sigs and supported(a)), key=lambda a: (len(a.argtypes), a.sig))


def sample_value_sql(conn, aggs, typname, seed=1):
    """SQL expression text of a valid value of mlcheck.<typname> (as its text form), or None.
    A state type no aggregate returns is sampled through a temporary aggregate
    with the same transition and combine functions and no final function."""
    if typname in SAMPLE_TEXT:
        return SAMPLE_TEXT[typname]
    for a in building_aggregate(conn, aggs, typname):
        o = run(conn, f"SELECT x::text FROM ({agg_sql(a, sample_rows(a, seed=seed))}) s(x)")
        if o.ok and o.value is not None:
            return o.value
    for i, a in enumerate(state_aggregates(conn, aggs, typname)):
        tmp = f"pg_temp.state_sample_{typname.strip('_')}_{i}"
        o = run(conn, f"""CREATE OR REPLACE AGGREGATE {tmp}({", ".join(a.argtypes)}) (
            SFUNC = {a.transfn}, STYPE = mlcheck.{typname},
            COMBINEFUNC = mlcheck.{typname}_combine)""")
        if not o.ok:
            continue
        o = run(conn, f"SELECT x::text FROM ({agg_sql(a, sample_rows(a, seed=seed), qname=tmp)}) s(x)")
        if o.ok and o.value is not None:
            return o.value
    return None


def accessors(conn, typname):
    """One-argument float8 functions of a summary type: [(name, signature)]."""
    return common.rows(conn, f"""
        SELECT p.proname, p.oid::regprocedure::text
        FROM pg_proc p
        WHERE p.oid IN ({EXT_OBJS} AND d.classid = 'pg_proc'::regclass)
          AND p.prokind = 'f' AND p.prorettype = 'float8'::regtype
          AND p.proargtypes[0] = %s::regtype
          AND (p.pronargs = 1 OR p.pronargs - p.pronargdefaults = 1)
        ORDER BY 2""", (f"mlcheck.{typname}",))


# names of accessors that are counts (0 over an empty summary, not NULL)
COUNT_ACCESSORS = {"n", "n_null", "count", "n_nan", "n_inf", "n_rows", "total", "support", "n_distinct",
                   "n_categories", "weight", "total_weight", "nulls", "n_missing", "n_bins",
                   "rank_error", "n_other", "n_posinf", "n_neginf", "max_bins"}


def mentions(text, token):
    return token.lower() in (text or "").lower()
