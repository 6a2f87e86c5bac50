"""ALTER EXTENSION mlcheck UPDATE from every released version.

For each released install script listed in test/releases.txt (with the
commit it was released from):

  1. a private copy of the PostgreSQL installation that PG_CONFIG names is
     made in a temporary directory (the system and sandbox installations
     that the other tests use are never written);
  2. the release commit is built (git archive, make -j2) and installed into
     the copy; the script it builds must equal the committed frozen one;
  3. a throw-away cluster of the copy gets the released version, a user
     table holding values of every summary and result type of that
     version, a view and a materialized view over every aggregate of that
     version, baselines, monitors (two owned by ordinary roles), results
     of two runs, and a pg_cron job made by mlcheck.schedule();
  4. the cluster is stopped, the library and scripts of this tree are
     installed into the copy (a binary upgrade, as a user does it), the
     cluster restarted and ALTER EXTENSION mlcheck UPDATE run;
  5. checked: every stored value reads back identically (text, binary COPY
     and jsonb forms, the result of every accessor of the old version, to
     1e-12, except the deliberate changes listed in KNOWN_CHANGES);
     the old text and binary forms are still accepted as input; the view
     and the materialized view return what they returned (to rounding;
     summaries the new version computes may carry new fields), REFRESH
     works; the monitors' rows and results are intact; a monitor run
     between the library install and the update records 55000 for its
     window, and the first run after the update retries it (as the
     owner); re-runs write no duplicate; baselines get the owner of the
     monitor that uses them, with a WARNING for a monitor of another role,
     whose runs then record 42501; a 0.1 monitor breaking a new rule stops
     the update with its name; the old pg_cron command still runs,
     schedule() again guards it, unschedule() finds the job; and a
     fresh install of this version and the updated one define exactly the
     same objects (test/checks/lib/catalog.py) -- every difference is a
     FAIL line naming the object, which is what the update script
     (src/update/) is missing.

Skipped ("skip" line) only when the release commit is not in the clone
(a shallow clone).  One line per check: "ok upgrade/<name>" or FAIL.
"""
import io
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "test", "crosscheck"))

import psycopg2  # noqa: E402

import catalog  # noqa: E402
from common import Checker  # noqa: E402

SUITE = "upgrade"
chk = Checker(SUITE)
PORT = int(os.environ.get("MLCHECK_PORT", "5499")) + 1000
DATA_DB, BARE_DB, FRESH_DB = "upgrade_data", "upgrade_bare", "upgrade_fresh"
MONITORS = ("m_alice", "m_bob", "m_cat", "m_num")


def target_version():
    for line in open(os.path.join(ROOT, "mlcheck.control")):
        if line.strip().startswith("default_version"):
            return line.split("=", 1)[1].strip().strip("'\"")
    raise SystemExit("no default_version in mlcheck.control")


def releases():
    """[(version, commit)] of the released install scripts."""
    out = []
    for line in open(os.path.join(ROOT, "test", "releases.txt")):
        f = line.split()
        if len(f) >= 3 and not f[0].startswith("#") and f[1].count("--") == 1:
            out.append((f[1][len("mlcheck--"):-len(".sql")], f[2]))
    return out


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def short(v, n=160):
    v = repr(v)
    return v if len(v) <= n else v[:n] + "..."


def first_difference(a, b):
    """Context of the first difference of two texts."""
    a, b = a or "", b or ""
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    lo = max(0, i - 40)
    return f"at {i}: {a[lo:i + 80]!r} vs {b[lo:i + 80]!r}"


_NUM = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def same(a, b, rel):
    """Equal texts, or texts whose numbers agree to rel (the rest exactly)."""
    if a == b:
        return True
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    if _NUM.split(a) != _NUM.split(b):
        return False
    return all(math.isclose(float(x), float(y), rel_tol=rel, abs_tol=rel)
               for x, y in zip(_NUM.findall(a), _NUM.findall(b)))


def mismatch(a, b, rel):
    """The first part of two texts where same() fails."""
    if not isinstance(a, str) or not isinstance(b, str) or _NUM.split(a) != _NUM.split(b):
        sa, sb = _NUM.split(str(a)), _NUM.split(str(b))
        k = next((i for i, (x, y) in enumerate(zip(sa, sb)) if x != y), min(len(sa), len(sb)))
        return f"text between numbers differs: {sa[k:k + 2]!r} vs {sb[k:k + 2]!r}"
    for i, (x, y) in enumerate(zip(_NUM.findall(a), _NUM.findall(b))):
        if not math.isclose(float(x), float(y), rel_tol=rel, abs_tol=rel):
            return f"number {i}: {x} vs {y}"
    return "equal"


def same_or_extended(a, b, rel):
    """same(), or b is the JSON object a with fields added (a new version
    may add fields to the text form of a summary it computes)."""
    if same(a, b, rel):
        return True
    try:
        ja, jb = json.loads(a), json.loads(b)
    except (TypeError, ValueError):
        return False
    return (isinstance(ja, dict) and isinstance(jb, dict) and set(ja) <= set(jb)
            and all(same(json.dumps(ja[k]), json.dumps(jb[k]), rel) for k in ja))


# Results that this version computes differently from the released one on
# purpose (README, "Upgrading"): (test, reason).  Each test gets (type,
# accessor signature, stored value, the value it was compared with, before,
# after, the stored values of the type that are not exact).  Apart from the
# change, such a result agrees to rounding (1e-12) like every other
# accessor: the drift p-values come from another chi-square tail than
# 0.1's, equal but for the last bits.
KNOWN_CHANGES = [
    (lambda t, sig, name, other, b, a, inexact: t == "confusion" and name == "text_w" and a == "error 22023"
     and not sig.endswith(",text)"),
     "a positive label of another type than the matrix's labels is 22023, no longer NULL"),
    (lambda t, sig, name, other, b, a, inexact: t == "categorical_profile" and sig.count("categorical_profile") == 2
     and (name in inexact or other in inexact),
     "categorical drift of a profile with an \"other\" bucket compares both profiles on a common support"),
    (lambda t, sig, name, other, b, a, inexact: t == "categorical_profile" and sig.startswith("mlcheck.drift(")
     and isinstance(a, str) and same(re.sub(r'""folded_to_other"": \d+, ', "", a), b, 1e-12),
     "the details of categorical drift count the categories folded into the common \"other\" bucket"),
    (lambda t, sig, name, other, b, a, inexact: t == "numeric_profile" and sig.startswith("mlcheck.drift(")
     and isinstance(a, str) and same(re.sub(r', distinct values (?:<=|>) \d+', "", a), b, 1e-12),
     "the auto rule of numeric drift also counts distinct values (at most 5: chi2 or js), and its details say so"),
]


# ---------------------------------------------------------- private install

class PrivatePG:
    """A copy of the PostgreSQL installation of PG_CONFIG under a temporary
    directory, with its own cluster (unix socket only)."""

    def __init__(self, tmp):
        self.tmp = tmp
        pgc = os.environ.get("PG_CONFIG") or shutil.which("pg_config") or "/usr/lib/postgresql/15/bin/pg_config"
        q = lambda opt: run([pgc, opt]).stdout.strip()  # noqa: E731
        bindir, share, inc, pkglib = q("--bindir"), q("--sharedir"), q("--includedir"), q("--pkglibdir")
        home = os.path.dirname(bindir)
        base = os.path.commonpath([home, share, inc])
        self.prefix = os.path.join(tmp, "pg")
        dst = lambda p: os.path.join(self.prefix, os.path.relpath(p, base))  # noqa: E731
        shutil.copytree(home, dst(home), symlinks=True)
        shutil.copytree(share, dst(share), symlinks=True)
        if not os.path.realpath(pkglib).startswith(os.path.realpath(home) + os.sep):
            shutil.copytree(pkglib, dst(pkglib), symlinks=True)
        os.makedirs(os.path.dirname(dst(inc)), exist_ok=True)
        if not os.path.exists(dst(inc)):
            os.symlink(os.path.realpath(inc), dst(inc))
        self.bindir = dst(bindir)
        self.pg_config = os.path.join(self.bindir, "pg_config")
        q2 = lambda opt: run([self.pg_config, opt]).stdout.strip()  # noqa: E731
        self.pkglib, self.share = q2("--pkglibdir"), q2("--sharedir")
        for p in (self.pkglib, self.share):
            if not os.path.realpath(p).startswith(os.path.realpath(self.prefix) + os.sep):
                raise RuntimeError(f"the copy of PostgreSQL is not relocatable ({p}); refusing to install into it")
        for f in os.listdir(os.path.join(self.share, "extension")):
            if f.startswith("mlcheck"):
                os.unlink(os.path.join(self.share, "extension", f))
        for f in ("mlcheck.so",):
            if os.path.exists(os.path.join(self.pkglib, f)):
                os.unlink(os.path.join(self.pkglib, f))
        self.has_cron = os.path.exists(os.path.join(self.pkglib, "pg_cron.so"))
        self.data = os.path.join(tmp, "data")
        self.sock = os.path.join(tmp, "sock")
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg(self, *cmd):
        return run(self.as_pg + list(cmd), cwd="/")

    def init(self):
        for d in (self.data, self.sock):
            os.makedirs(d)
            if self.as_pg:
                shutil.chown(d, "postgres", "postgres")
        r = self._pg(os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                     "-E", "UTF8", "--locale=C.UTF-8", "-N")
        if r.returncode:
            raise RuntimeError("initdb failed: " + r.stdout[-500:] + r.stderr[-500:])
        conf = [f"port = {PORT}", "listen_addresses = ''", f"unix_socket_directories = '{self.sock}'",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                "shared_buffers = 64MB", "max_worker_processes = 16", "log_min_messages = warning"]
        if self.has_cron:
            conf += ["shared_preload_libraries = 'pg_cron'", f"cron.database_name = '{DATA_DB}'"]
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write("\n".join(conf) + "\n")

    def start(self):
        r = self._pg(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l",
                     os.path.join(self.sock, "server.log"), "-w", "-t", "60", "start")
        if r.returncode:
            raise RuntimeError("server start failed: " + self.log_tail())

    def stop(self):
        self._pg(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")

    def log_tail(self):
        try:
            return open(os.path.join(self.sock, "server.log")).read()[-1500:]
        except OSError:
            return ""

    def connect(self, db):
        c = psycopg2.connect(host=self.sock, port=PORT, user="postgres", dbname=db)
        c.autocommit = True
        return c

    def make_install(self, srcdir, build=True):
        env = dict(os.environ, PG_CONFIG=self.pg_config)
        if build:
            r = run(["nice", "make", "-s", "-C", srcdir, "-j2", f"PG_CONFIG={self.pg_config}"], env=env)
            if r.returncode:
                return r
        return run(["make", "-s", "-C", srcdir, "install", f"PG_CONFIG={self.pg_config}"], env=env)


# ------------------------------------------------------------ the old data

def q(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    return cur.fetchall() if cur.description else []


def attempt(conn, sql, args=None):
    """(True, rows) or (False, 'sqlstate: message')."""
    try:
        return True, q(conn, sql, args)
    except psycopg2.Error as e:
        return False, f"{e.pgcode}: {(e.diag.message_primary or str(e)).strip()}"


U = "((pg_catalog.hashint4(i * 7919 + {k})::float8 + 2147483648) / 4294967296)"

PREDS = f"""
CREATE TABLE preds AS
SELECT i AS id, i % 4 AS g,
       timestamptz '2026-01-01 00:00+00' + (i % 96) * interval '1 hour' AS ts,
       CASE WHEN i % 97 = 0 THEN NULL ELSE least(0.999, greatest(0.001, 0.3 * (lab::int) + 0.7 * {U.format(k=2)})) END AS score,
       least(0.999, greatest(0.001, 0.2 * (lab::int) + 0.8 * {U.format(k=3)})) AS score2,
       CASE WHEN i % 89 = 0 THEN NULL ELSE lab END AS label,
       CASE WHEN i % 89 = 0 THEN NULL ELSE lab::int END AS label_i,
       {U.format(k=2)} >= 0.45 AS pred,
       (i % 3)::bigint AS actual_cls, ((i * 7 + i / 5) % 3)::bigint AS pred_cls,
       (ARRAY['cat', 'dog', 'emu'])[i % 3 + 1] AS actual_txt,
       (ARRAY['cat', 'dog', 'emu'])[(i * 7 + i / 5) % 3 + 1] AS pred_txt,
       5 * {U.format(k=5)} AS y, 5 * {U.format(k=5)} + {U.format(k=6)} - 0.5 AS yhat,
       CASE WHEN i % 83 = 0 THEN NULL ELSE 10 * {U.format(k=7)} + CASE WHEN i % 96 >= 72 THEN 3 ELSE 0 END END AS x,
       (ARRAY['a', 'b', 'c', 'd', 'e'])[1 + floor(5 * {U.format(k=8)} ^ CASE WHEN i % 96 >= 72 THEN 2 ELSE 1 END)::int] AS cat,
       1 + (i % 3)::float8 AS w
FROM (SELECT i, {U.format(k=1)} < 0.4 AS lab FROM generate_series(1, 3000) i) s
"""

# name -> SQL giving (name, value) rows, per type of the released version
STORED = {
    "confusion": [
        "SELECT 'bool', mlcheck.confusion(label, pred) FROM preds",
        "SELECT 'bool_w', mlcheck.confusion(label, pred, w) FROM preds",
        "SELECT 'bigint', mlcheck.confusion(actual_cls, pred_cls) FROM preds",
        "SELECT 'text_w', mlcheck.confusion(actual_txt, pred_txt, w) FROM preds",
        "SELECT 'empty', mlcheck.confusion(label, pred) FROM preds WHERE false",
        "SELECT 'g' || g, mlcheck.confusion(label, pred) FROM preds GROUP BY g"],
    "scores": [
        "SELECT 'bool', mlcheck.scores(score, label) FROM preds",
        "SELECT 'int_w_bins', mlcheck.scores(score, label_i, w, 20) FROM preds",
        "SELECT 'bins', mlcheck.scores(score, label, 5) FROM preds",
        "SELECT 'empty', mlcheck.scores(score, label) FROM preds WHERE false",
        "SELECT 'g' || g, mlcheck.scores(score, label) FROM preds GROUP BY g"],
    "calibration": [
        "SELECT 'bool', mlcheck.calibration(score, label) FROM preds",
        "SELECT 'int_w_bins', mlcheck.calibration(score, label_i, w, 5) FROM preds",
        "SELECT 'empty', mlcheck.calibration(score, label) FROM preds WHERE false",
        "SELECT 'g' || g, mlcheck.calibration(score, label) FROM preds GROUP BY g"],
    "regression": [
        "SELECT 'plain', mlcheck.regression(yhat, y) FROM preds",
        "SELECT 'w', mlcheck.regression(yhat, y, w) FROM preds",
        "SELECT 'empty', mlcheck.regression(yhat, y) FROM preds WHERE false",
        "SELECT 'g' || g, mlcheck.regression(yhat, y) FROM preds GROUP BY g"],
    "numeric_profile": [
        "SELECT 'x', mlcheck.profile(x) FROM preds",
        "SELECT 'few', mlcheck.profile(x) FROM preds WHERE id <= 20",
        "SELECT 'large', mlcheck.profile(" + U.format(k=9) + " * 1000) FROM generate_series(1, 60000) i",
        "SELECT 'empty', mlcheck.profile(x) FROM preds WHERE false",
        "SELECT 'g' || g, mlcheck.profile(x) FROM preds GROUP BY g"],
    "categorical_profile": [
        "SELECT 'cat', mlcheck.profile(cat) FROM preds",
        "SELECT 'many', mlcheck.profile('c' || (i % 1500)) FROM generate_series(1, 6000) i",
        "SELECT 'empty', mlcheck.profile(cat) FROM preds WHERE false",
        "SELECT 'g' || g, mlcheck.profile(cat) FROM preds GROUP BY g"],
    "auc_ci": [
        "SELECT 'bool', mlcheck.roc_auc_ci(score, label) FROM preds",
        "SELECT 'int_level', mlcheck.roc_auc_ci(score, label_i, 0.9) FROM preds"],
    "delong_result": [
        "SELECT 'bool', mlcheck.delong_test(score, score2, label) FROM preds",
        "SELECT 'int', mlcheck.delong_test(score, score2, label_i) FROM preds"],
    "drift_result": [
        "SELECT 'num', mlcheck.drift(a.v, b.v) FROM stored_numeric_profile a, stored_numeric_profile b"
        " WHERE a.name = 'g0' AND b.name = 'g1'",
        "SELECT 'cat_psi', mlcheck.drift(a.v, b.v, 'psi') FROM stored_categorical_profile a,"
        " stored_categorical_profile b WHERE a.name = 'g0' AND b.name = 'g1'"],
}

# argument of an aggregate of the released version -> column of preds
ARG_COLUMNS = {
    ("actual", "boolean"): "label", ("predicted", "boolean"): "pred",
    ("actual", "bigint"): "actual_cls", ("predicted", "bigint"): "pred_cls",
    ("actual", "text"): "actual_txt", ("predicted", "text"): "pred_txt",
    ("score", "double precision"): "score", ("prob", "double precision"): "score",
    ("label", "boolean"): "label", ("label", "integer"): "label_i",
    ("weight", "double precision"): "w", ("max_bins", "integer"): "20", ("bins", "integer"): "5",
    ("level", "double precision"): "0.9",
    ("score_a", "double precision"): "score", ("score_b", "double precision"): "score2",
    ("predicted", "double precision"): "yhat", ("actual", "double precision"): "y",
    ("x", "double precision"): "x", ("x", "text"): "cat",
}


def aggregate_calls(conn):
    """[(signature, call)] for every aggregate of the installed version
    (merge() over the stored values), and the signatures it cannot call."""
    calls, missing = [], []
    for sig, name, argnames, argtypes in q(conn, """
            SELECT p.oid::regprocedure::text, p.proname, coalesce(p.proargnames, '{}'),
                   array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) t)
            FROM pg_proc p WHERE p.pronamespace = 'mlcheck'::regnamespace AND p.prokind = 'a'
            ORDER BY 1"""):
        if len(argtypes) == 1 and argtypes[0].startswith("mlcheck."):
            t = argtypes[0].split(".", 1)[1]
            calls.append((sig, f"(SELECT mlcheck.{name}(v) FROM stored_{t} WHERE name LIKE 'g%')"))
            continue
        args = [ARG_COLUMNS.get((n, t)) for n, t in zip(list(argnames) + [""] * len(argtypes), argtypes)]
        if None in args:
            missing.append(sig)
        else:
            calls.append((sig, f"mlcheck.{name}({', '.join(args)})"))
    return calls, missing


def type_send(conn):
    return dict(q(conn, """SELECT t.typname, t.typtype FROM pg_type t
                            WHERE t.typnamespace = 'mlcheck'::regnamespace
                              AND (t.typtype = 'b' AND t.typcategory <> 'A'
                                   OR t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c
                                                           WHERE c.oid = t.typrelid) = 'c')"""))


def accessor_calls(conn, types):
    """{type: [(signature, SQL over stored_<type> returning text)]}: every
    public function whose first argument is the type, with its other
    required arguments filled in."""
    fill = {"boolean": "true", "bigint": "1", "integer": "5", "double precision": "0.5"}
    out = {}
    for sig, name, nargs, ndef, argtypes, retset in q(conn, """
            SELECT p.oid::regprocedure::text, p.proname, p.pronargs, p.pronargdefaults,
                   array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) t), p.proretset
            FROM pg_proc p WHERE p.pronamespace = 'mlcheck'::regnamespace AND p.prokind = 'f'
              AND p.proname !~ '^_' AND p.pronargs >= 1 ORDER BY 1"""):
        t0 = argtypes[0]
        if not t0.startswith("mlcheck.") or t0.split(".", 1)[1] not in types:
            continue
        t = t0.split(".", 1)[1]
        args = ["s.v"]
        for ty in argtypes[1:nargs - ndef]:
            if ty == t0:
                args.append("(SELECT o.v FROM stored_%s o WHERE o.name > s.name ORDER BY o.name LIMIT 1)" % t)
            elif ty == "text":
                args.append("'a'" if t == "categorical_profile" else "'cat'")
            elif ty in fill:
                args.append(fill[ty])
            else:
                args = None
                break
        if args is None:
            continue
        call = f"mlcheck.{name}({', '.join(args)})"
        expr = f"(SELECT array_agg(x::text) FROM {call} x)::text" if retset else f"({call})::text"
        out.setdefault(t, []).append((sig, expr))
    return out


def snapshot(conn, types, accessors):
    """Everything the checks compare, read from the stored values."""
    snap = {}
    for t in types:
        rows = q(conn, f"SELECT name, v::text FROM stored_{t} ORDER BY name")
        snap[("text", t)] = rows
        buf = io.BytesIO()
        conn.cursor().copy_expert(f"COPY (SELECT name, v FROM stored_{t} ORDER BY name) TO STDOUT (FORMAT binary)", buf)
        snap[("binary", t)] = buf.getvalue()
        ok, r = attempt(conn, f"SELECT name, v::jsonb::text FROM stored_{t} ORDER BY name")
        snap[("jsonb", t)] = r if ok else None
        for sig, expr in accessors.get(t, []):
            for (name,) in q(conn, f"SELECT name FROM stored_{t} ORDER BY name"):
                ok, r = attempt(conn, f"SELECT {expr} FROM stored_{t} s WHERE s.name = %s", (name,))
                snap[("accessor", t, sig, name)] = r[0][0] if ok else "error " + r.split(":")[0]
    return snap


def monitor_state(conn, before=None):
    """Rows of the monitor tables as (key, JSON of the row); with before,
    only the columns the rows had before (an update adds columns)."""
    out = {}
    for t, key in (("results", "id"), ("monitors", "name"), ("baselines", "name")):
        rows = q(conn, f"SELECT {key}, to_jsonb(x)::text FROM mlcheck.{t} x ORDER BY 1")
        rows = [(k, json.loads(j)) for k, j in rows]
        if before is not None:
            cols = set().union(*(r.keys() for _, r in before[t])) if before[t] else set()
            rows = [(k, {c: v for c, v in r.items() if c in cols}) for k, r in rows]
        out[t] = rows
    return out


def populate(conn, has_cron):
    cur = conn.cursor()
    cur.execute(PREDS)
    types = type_send(conn)
    for t in types:
        cur.execute(f"CREATE TABLE stored_{t} (name text PRIMARY KEY, v mlcheck.{t})")
    order = sorted(types, key=lambda t: t == "drift_result")        # drift reads the stored profiles
    for t in order:
        for sql in STORED.get(t, []):
            cur.execute(f"INSERT INTO stored_{t} {sql}")
    chk.check("old/every_type_stored", set(types) <= set(STORED),
              f"types of the released version without stored values: {sorted(set(types) - set(STORED))}")
    calls, missing = aggregate_calls(conn)
    chk.check("old/every_aggregate_in_view", not missing, f"no argument mapping for {missing}")
    cols = ", ".join(f"{call} AS a{i}" for i, (_, call) in enumerate(calls))
    cur.execute(f"CREATE VIEW user_view AS SELECT g, {cols} FROM preds GROUP BY g")
    cur.execute(f"CREATE MATERIALIZED VIEW user_matview AS SELECT g, {cols} FROM preds GROUP BY g")
    # monitors: two of the superuser, one of an ordinary role, and one of
    # another role that uses her baseline (which 0.1 allowed)
    cur.execute("""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'upgrade_alice') THEN
            CREATE ROLE upgrade_alice; END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'upgrade_bob') THEN
            CREATE ROLE upgrade_bob; END IF; END $$;
        GRANT SELECT ON preds TO upgrade_alice, upgrade_bob;
        GRANT SELECT, INSERT, UPDATE, DELETE ON mlcheck.baselines, mlcheck.monitors, mlcheck.results
          TO upgrade_alice, upgrade_bob;
        GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO upgrade_alice, upgrade_bob;
        SELECT mlcheck.create_baseline('b_num', 'preds', 'x', 'ts < ''2026-01-02''');
        SELECT mlcheck.create_baseline('b_cat', 'preds', 'cat', 'ts < ''2026-01-02''');
        SELECT mlcheck.add_monitor('m_num', 'preds', 'x', 'ts', 'b_num', '1 day');
        SELECT mlcheck.add_monitor('m_cat', 'preds', 'cat', 'ts', 'b_cat', '1 day', 'chi2');
        SET ROLE upgrade_alice;
        SELECT mlcheck.create_baseline('b_alice', 'preds', 'x', 'ts < ''2026-01-02''');
        SELECT mlcheck.add_monitor('m_alice', 'preds', 'x', 'ts', 'b_alice', '12 hours', 'ks');
        SET ROLE upgrade_bob;
        SELECT mlcheck.add_monitor('m_bob', 'preds', 'x', 'ts', 'b_alice', '1 day', 'wasserstein');
        RESET ROLE;
        CALL mlcheck.run_monitors(NULL, '2026-01-03 01:00+00');
        CALL mlcheck.run_monitors(NULL, '2026-01-04 01:00+00');""")
    n_ok = q(conn, "SELECT count(*) FROM mlcheck.results WHERE status = 'ok'")[0][0]
    chk.check("old/monitors_ran", n_ok == 8, f"{n_ok} ok results of 8: "
              + short(q(conn, "SELECT monitor, status, error FROM mlcheck.results"), 400))
    cron = None
    if has_cron:
        cur.execute("CREATE EXTENSION pg_cron")
        cur.execute("SELECT mlcheck.schedule('m_num', '0 3 * * *')")
        cron = q(conn, "SELECT jobid, command FROM cron.job")
    return types, calls, cron


# ------------------------------------------------------------------- checks

def compare_snapshots(before, after, types):
    for t in types:
        b, a = before[("text", t)], after[("text", t)]
        chk.check(f"stored/{t}/text", b == a,
                  next((f"{x[0]}: {first_difference(x[1], y[1])}" for x, y in zip(b, a) if x != y),
                       f"{len(b)} rows before, {len(a)} after"))
        chk.check(f"stored/{t}/binary", before[("binary", t)] == after[("binary", t)],
                  "binary COPY of the stored values differs after the update")
        if before[("jsonb", t)] is not None:
            chk.check(f"stored/{t}/jsonb", before[("jsonb", t)] == after[("jsonb", t)],
                      next((f"{x[0]}: {first_difference(x[1], y[1])}"
                            for x, y in zip(before[("jsonb", t)], after[("jsonb", t)] or []) if x != y), "differs"))
        keys = [k for k in before if k[0] == "accessor" and k[1] == t]
        names = [n for n, _ in before[("text", t)]]
        nxt = dict(zip(names, names[1:]))
        inexact = {k[3] for k in keys if k[2].startswith("mlcheck.is_exact(") and before[k] == "false"}
        diffs, known = [], {}
        for k in keys:
            if same(before[k], after.get(k), 1e-12):
                continue
            why = next((r for f, r in KNOWN_CHANGES
                        if f(t, k[2], k[3], nxt.get(k[3]), before[k], after.get(k), inexact)), None)
            if why:
                known[why] = known.get(why, 0) + 1
            else:
                diffs.append(k)
        for why, n in sorted(known.items()):
            print(f"note: {t}: {n} accessor results differ as intended: {why}")
        for k in diffs[:15]:
            chk.check(f"stored/{t}/accessor {k[2]} of {k[3]}", False,
                      f"before {short(before[k])}, after {short(after.get(k))}: "
                      f"{mismatch(before[k], after.get(k), 1e-12)}")
        if len(diffs) > 15:
            chk.check(f"stored/{t}/accessors (more)", False, f"{len(diffs) - 15} more differences")
        if not diffs:
            chk.check(f"stored/{t}/accessors", bool(keys) or t in ("auc_ci", "delong_result", "drift_result"),
                      f"{len(keys)} accessor results equal" if keys else "no accessor called")


def resketched(old, new):
    """True when new is old re-written as a sketch: 0.2 keeps a numeric
    profile exact only while its compact form fits 8 kB, so an exact 0.1
    profile of more values (text or binary input, a new aggregate over the
    same rows) comes back sketched, with the same counts, extremes and
    moments (a deliberate change, listed in README's Upgrading section)."""
    try:
        a, b = json.loads(old), json.loads(new)
    except (TypeError, ValueError):
        return False
    if not (isinstance(a, dict) and isinstance(b, dict) and a.get("exact") is True and b.get("exact") is False):
        return False
    keys = [k for k in a if k not in ("exact", "values", "counts", "levels", "format", "seed", "grid")
            and not isinstance(a[k], (list, dict))]
    return bool(keys) and all(k in b and (a[k] == b[k] or (isinstance(a[k], float) and isinstance(b[k], float)
                                                          and math.isclose(a[k], b[k], rel_tol=1e-12)))
                              for k in keys)


def old_forms_accepted(conn, before, types):
    for t in types:
        bad = []
        for name, text in before[("text", t)]:
            ok, r = attempt(conn, f"SELECT %s::mlcheck.{t}::text", (text,))
            if ok and r[0][0] != text and t == "numeric_profile" and resketched(text, r[0][0]):
                print(f"note: old_text_input/{t}/{name}: an exact 0.1 profile too large for the compact exact form reads back as a sketch")
                continue
            if not ok or r[0][0] != text:
                bad.append(f"{name}: {r if not ok else first_difference(text, r[0][0])}")
        chk.check(f"old_text_input/{t}", not bad, "; ".join(bad[:3]))
        cur = conn.cursor()
        cur.execute(f"CREATE TEMP TABLE recv_{t} (name text, v mlcheck.{t})")
        try:
            cur.copy_expert(f"COPY recv_{t} FROM STDIN (FORMAT binary)", io.BytesIO(before[("binary", t)]))
            got = q(conn, f"SELECT name, v::text FROM recv_{t} ORDER BY name")
            same = len(got) == len(before[("text", t)]) and all(
                tuple(x) == tuple(y) or (t == "numeric_profile" and x[0] == y[0] and resketched(x[1], y[1]))
                for x, y in zip(before[("text", t)], got))
            chk.check(f"old_binary_input/{t}", same,
                      next((f"{x[0]}: {first_difference(x[1], y[1])}"
                            for x, y in zip(before[("text", t)], got) if tuple(x) != tuple(y)), "row count differs"))
        except psycopg2.Error as e:
            chk.check(f"old_binary_input/{t}", False, f"{e.pgcode}: {str(e).strip()[:300]}")


def compare_catalogues(fresh, updated, version, target):
    want, got = catalog.dump(fresh), catalog.dump(updated)
    diffs = catalog.diff(want, got, ignore=("column order",))
    for key, what, a, b in diffs:
        if what == "missing":
            chk.check(f"catalogue/{key}", False, f"in a fresh {target} install, not after the update from {version}")
        elif what == "extra":
            chk.check(f"catalogue/{key}", False, f"left by the update from {version}, not in a fresh {target} install")
        else:
            chk.check(f"catalogue/{key} {what}", False,
                      f"fresh {short(a, 120)}; updated {short(b, 120)}; first difference {first_difference(a, b)}")
    if not diffs:
        chk.check("catalogue/fresh_equals_updated", True)
    # columns added by an update come last; the other columns keep their order
    for key in sorted(k for k in want if k.startswith("table ") and k in got):
        a = want[key].get("column order", "").split(", ")
        b = got[key].get("column order", "").split(", ")
        if a != b:
            print(f"note: {key}: columns of a fresh install {a}, after the update {b}")
    chk.check("catalogue/object_count", len(want) == len(got), f"fresh {len(want)}, updated {len(got)} objects")


def diagnose(conn, pg, version, target):
    """The update failed: run its statements one by one (each in a
    savepoint, everything rolled back) and name every one that fails, so
    that one test run shows all that the update script is missing."""
    sys.path.insert(0, os.path.join(ROOT, "src", "update"))
    import gen_update
    path = os.path.join(pg.share, "extension", f"mlcheck--{version}--{target}.sql")
    text = open(path, encoding="utf-8").read().replace("MODULE_PATHNAME", "$libdir/mlcheck")
    cur = conn.cursor()
    cur.execute("BEGIN; SET LOCAL check_function_bodies = off; SET LOCAL search_path = pg_catalog, pg_temp")
    failed = 0
    for i, (_, stmt) in enumerate(gen_update.statements(text)):
        cur.execute("SAVEPOINT s")
        try:
            cur.execute(stmt)
            cur.execute("RELEASE SAVEPOINT s")
        except psycopg2.Error as e:
            cur.execute("ROLLBACK TO SAVEPOINT s")
            msg = e.diag.message_primary or ""
            if "executed by CREATE EXTENSION" in msg or "because extension mlcheck requires it" in msg:
                continue          # only an extension script may do that: not a defect of the script
            failed += 1
            if failed <= 20:
                chk.check(f"update_script/statement {i + 1}", False,
                          f"{stmt.splitlines()[0][:100]!r}: {e.pgcode}: {(e.diag.message_primary or '').strip()}")
    cur.execute("ROLLBACK")
    if failed > 20:
        chk.check("update_script/more", False, f"{failed - 20} more statements fail")


def upgrade_from(version, commit, target):
    tmp = tempfile.mkdtemp(prefix="mlcheck-upgrade-")
    os.chmod(tmp, 0o755)
    pg = None
    t0 = time.time()
    try:
        pg = PrivatePG(tmp)
        src = os.path.join(tmp, f"src-{version}")
        os.makedirs(src)
        arch = subprocess.Popen(["git", "-C", ROOT, "archive", commit], stdout=subprocess.PIPE)
        r = run(["tar", "-x", "-C", src], stdin=arch.stdout)
        arch.wait()
        if r.returncode or arch.returncode:
            chk.check(f"{version}/archive", False, r.stderr[-300:])
            return
        r = pg.make_install(src)
        if not chk.check(f"{version}/build_release", r.returncode == 0, (r.stdout + r.stderr)[-800:]):
            return
        frozen = open(os.path.join(ROOT, f"mlcheck--{version}.sql"), "rb").read()
        built = open(os.path.join(src, f"mlcheck--{version}.sql"), "rb").read()
        chk.check(f"{version}/release_builds_frozen_script", built == frozen,
                  f"mlcheck--{version}.sql built from {commit[:10]} differs from the committed one")
        pg.init()
        pg.start()
        admin = pg.connect("postgres")
        for db in (DATA_DB, BARE_DB, FRESH_DB):
            q(admin, f"CREATE DATABASE {db}")
        data, bare = pg.connect(DATA_DB), pg.connect(BARE_DB)
        for c in (data, bare):
            q(c, f"CREATE EXTENSION mlcheck VERSION '{version}'")
        q(bare, """CREATE TABLE t AS SELECT i::float8 AS x, timestamptz '2026-01-01' + i * interval '1 hour' AS ts
                     FROM generate_series(1, 50) i;
                   SELECT mlcheck.create_baseline('b', 't', 'x');
                   SELECT mlcheck.add_monitor('m_long', 't', 'x', 'ts', 'b', '40000 days')""")
        types, calls, cron = populate(data, pg.has_cron)
        accessors = accessor_calls(data, types)
        before = snapshot(data, types, accessors)
        view_before = q(data, "SELECT * FROM user_view ORDER BY g")
        mat_before = q(data, "SELECT * FROM user_matview ORDER BY g")
        mon_before = monitor_state(data)
        for c in (admin, data, bare):
            c.close()
        print(f"# {version}: built, populated in {time.time() - t0:.0f} s", flush=True)

        # the binary upgrade: new library and scripts, then ALTER EXTENSION
        pg.stop()
        r = pg.make_install(ROOT, build=False)
        if not chk.check("install_new_version", r.returncode == 0, (r.stdout + r.stderr)[-800:]):
            return
        pg.start()
        data, bare, fresh = pg.connect(DATA_DB), pg.connect(BARE_DB), pg.connect(FRESH_DB)
        ok, err = attempt(data, "SELECT 1 FROM stored_confusion LIMIT 1")
        chk.check("before_update/stored_values_readable", ok, err)
        # the old catalogue with the new library: aggregates ask for the
        # update, a monitor run records that for its window
        last_id = max(x[0] for x in mon_before["results"])
        ok, err = attempt(data, "SELECT mlcheck.roc_auc(score, label) FROM preds")
        chk.check("before_update/aggregate_asks_for_update", not ok and err.startswith("55000"), err)
        ok, err = attempt(data, "CALL mlcheck.run_monitors(NULL, '2026-01-05 01:00+00')")
        gap = q(data, "SELECT monitor, status, sqlstate FROM mlcheck.results WHERE id > %s ORDER BY monitor",
                (last_id,))
        chk.check("before_update/monitor_run_records_error",
                  ok and gap == [(m, "error", "55000") for m in MONITORS], f"{err} {gap}")
        # a 0.1 monitor that breaks a new rule stops the update, by name
        ok, err = attempt(bare, "ALTER EXTENSION mlcheck UPDATE")
        chk.check("alter_extension_update/names_monitor_to_fix",
                  not ok and err.startswith("22023") and "'m_long'" in err, err)
        q(bare, """UPDATE mlcheck.monitors SET "window" = '1 day' WHERE name = 'm_long'""")
        for name, c in (("data", data), ("bare", bare)):
            del c.notices[:]
            ok, err = attempt(c, "ALTER EXTENSION mlcheck UPDATE")
            chk.check(f"alter_extension_update/{name}", ok, err)
            if not ok:
                if c is data:
                    diagnose(bare, pg, version, target)
                return
            if c is data:
                warned = [n for n in c.notices if "WARNING" in n and '"m_bob"' in n]
                chk.check("alter_extension_update/warns_unreadable_baseline",
                          len(warned) == 1 and len([n for n in c.notices if "WARNING" in n]) == 1, str(c.notices))
            v = q(c, "SELECT extversion FROM pg_extension WHERE extname = 'mlcheck'")[0][0]
            chk.check(f"alter_extension_update/{name}/version", v == target, f"extversion {v}")
        q(fresh, "CREATE EXTENSION mlcheck")
        compare_catalogues(fresh, bare, version, target)

        after = snapshot(data, types, accessors)
        compare_snapshots(before, after, types)
        old_forms_accepted(data, before, types)

        ok, r = attempt(data, "SELECT * FROM user_view ORDER BY g")
        chk.check("view/works", ok, r)
        if ok:
            diff = [f"column {i}: {mismatch(str(x), str(y), 1e-9)}" for row_b, row_a in zip(view_before, r)
                    for i, (x, y) in enumerate(zip(row_b, row_a))
                    if not same_or_extended(str(x), str(y), 1e-9) and not resketched(str(x), str(y))]
            chk.check("view/same_results", not diff and len(r) == len(view_before),
                      f"{len(diff)} values differ; " + "; ".join(diff[:3]))
        ok, r = attempt(data, "SELECT * FROM user_matview ORDER BY g")
        chk.check("matview/stored_rows_identical", ok and r == mat_before, short(r, 300))
        ok, r = attempt(data, "REFRESH MATERIALIZED VIEW user_matview")
        chk.check("matview/refresh", ok, r)
        ok2, r2 = attempt(data, "SELECT * FROM user_matview ORDER BY g")
        ok3, r3 = attempt(data, "SELECT * FROM user_view ORDER BY g")
        chk.check("matview/refreshed_equals_view", ok and ok2 and ok3 and r2 == r3, short(r2, 200))

        # monitors: intact, and they keep running
        mon_after = monitor_state(data, mon_before)
        mon_after["results"] = [x for x in mon_after["results"] if x[0] <= last_id]
        for k in ("results", "monitors", "baselines"):
            chk.check(f"monitors/{k}_intact", mon_after[k] == mon_before[k],
                      short([x for x in mon_after[k] if x not in mon_before[k]], 300))
        owners = dict(q(data, "SELECT name, owner::text FROM mlcheck.baselines"))
        chk.check("monitors/baseline_owners_migrated",
                  owners == {"b_num": "postgres", "b_cat": "postgres", "b_alice": "upgrade_alice"}, str(owners))
        ok, r = attempt(data, "CALL mlcheck.run_monitors(NULL, '2026-01-05 01:00+00')")
        chk.check("monitors/run_after_update", ok, r)
        new = q(data, """SELECT monitor, status, attempts, error FROM mlcheck.results
                          WHERE id > %s ORDER BY monitor""", (last_id,))
        chk.check("monitors/failed_window_retried",
                  [x[:3] for x in new] == [(m, "error" if m == "m_bob" else "ok", 2) for m in MONITORS],
                  short(new, 400))
        st = q(data, "SELECT sqlstate FROM mlcheck.results WHERE id > %s AND monitor = 'm_bob'", (last_id,))
        chk.check("monitors/unreadable_baseline_is_42501", st == [("42501",)], str(st))
        ok, r = attempt(data, "CALL mlcheck.run_monitors(NULL, '2026-01-04 01:00+00')")
        n = q(data, "SELECT count(*) FROM mlcheck.results")[0][0]
        chk.check("monitors/rerun_writes_no_duplicate", ok and n == len(mon_before["results"]) + len(MONITORS),
                  f"{r if not ok else ''} {n} results")
        ok, r = attempt(data, "SET ROLE upgrade_alice; CALL mlcheck.run_monitors('m_alice', '2026-01-05 13:00+00');"
                              " RESET ROLE")
        q(data, "RESET ROLE")
        st = q(data, "SELECT status, error FROM mlcheck.results WHERE monitor = 'm_alice' ORDER BY id DESC LIMIT 1")
        chk.check("monitors/owner_runs_own_monitor", ok and st and st[0][0] == "ok", f"{r} {st}")
        if cron is None:
            print("skip upgrade/pg_cron: pg_cron is not installed in this PostgreSQL")
        else:
            after_jobs = q(data, "SELECT jobid, command FROM cron.job")
            chk.check("pg_cron/job_kept", after_jobs == cron, f"{cron} -> {after_jobs}")
            ok, r = attempt(data, cron[0][1]) if cron else (False, "no job")
            chk.check("pg_cron/old_command_runs", ok, r)
            ok, r = attempt(data, "SELECT mlcheck.schedule('m_num', '0 4 * * *')")
            jobs = q(data, "SELECT jobid, command FROM cron.job")
            chk.check("pg_cron/schedule_again_guards_command",
                      ok and len(jobs) == 1 and jobs[0][0] == cron[0][0] and "to_regproc" in jobs[0][1], f"{r} {jobs}")
            ok, r = attempt(data, "SELECT mlcheck.unschedule('m_num')")
            chk.check("pg_cron/unschedule_finds_old_job", ok and r[0][0] is True, r)
        for c in (data, bare, fresh):
            c.close()
        print(f"# {version}: checked in {time.time() - t0:.0f} s", flush=True)
    except Exception as e:   # a broken step must show as a failure, not a crash
        chk.check(f"{version}/harness", False, f"{type(e).__name__}: {str(e)[:500]}"
                  + ("; server log: " + pg.log_tail()[-600:] if pg else ""))
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    # a timeout's SIGTERM must still stop the private cluster (finally)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    target = target_version()
    rel = releases()
    chk.check("releases_listed", bool(rel), "no released install script in test/releases.txt")
    for version, commit in rel:
        if run(["git", "-C", ROOT, "cat-file", "-e", commit + "^{commit}"]).returncode:
            print(f"skip upgrade/{version}: release commit {commit[:10]} is not in this clone (shallow clone?)")
            continue
        upgrade_from(version, commit, target)
    print(f"{SUITE}: {chk.passed} passed, {chk.failed} failed")
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main())
