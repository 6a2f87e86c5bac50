"""Machinery of the unified benchmark suite (test/bench/run_all.py):
connections, the deterministic prediction table, round-robin timing of SQL
queries and of the export path (COPY ... TO STDOUT into NumPy), and peak
backend memory.  Run with /usr/bin/python3 (NumPy, scikit-learn, SciPy).

Peak memory of one query: a fresh connection (new backend, serial plan),
first the same query over a small copy of the table (loads the library and
the caches), then — when the table fits the shared buffers without a ring
buffer — the case's floor query (so the table's shared-buffer pages are
already mapped into the backend), then "5" written to /proc/<pid>/clear_refs, which
resets the kernel's high-water mark VmHWM to the current RSS; then the
query.  peak = VmHWM after - VmRSS before - growth of RssShmem (shared
buffers mapped during the query are not the query's memory).  This needs the
suite to run as root or as the postgres OS user (test/cluster.sh runs the
server as postgres); otherwise memory is reported as unavailable.
"""
import io
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = "mlcheck_suite"

# 2024-01-01 00:00:00 UTC and one year of seconds: row i has
# ts = START + floor((i - 1) * YEAR_ms / n) ms, so (n even) ts < MID  <=>
# i <= n / 2 (the early half).
START_EPOCH = 1704067200
YEAR_SECONDS = 31536000
MID_EPOCH = START_EPOCH + YEAR_SECONDS // 2
MID_SQL = f"to_timestamp({MID_EPOCH})"


class Server:
    def __init__(self, port):
        self.port = port
        self.host = f"/tmp/mlcheck-pg-{port}"

    def start(self):
        subprocess.run([os.path.join(ROOT, "test", "cluster.sh"), "start", str(self.port)],
                       check=True, stdout=subprocess.DEVNULL)

    def connect(self, db=DB):
        c = psycopg2.connect(host=self.host, port=self.port, user="postgres", dbname=db)
        c.autocommit = True
        return c

    def ensure_db(self):
        c = self.connect("postgres")
        cur = c.cursor()
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,))
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{DB}"')
        c.close()
        c = self.connect()
        # always the extension built from this tree (make install)
        c.cursor().execute("DROP EXTENSION IF EXISTS mlcheck CASCADE; CREATE EXTENSION mlcheck")
        return c


def installed_functions(conn):
    """{name: set of 'a' (aggregate) / 'f' (function)} in schema mlcheck."""
    cur = conn.cursor()
    cur.execute("""SELECT p.proname, p.prokind FROM pg_proc p
                   JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'mlcheck'""")
    out = {}
    for name, kind in cur.fetchall():
        out.setdefault(name, set()).add(kind)
    return out


WARM_TABLE = "suite_warm"


def table_name(n):
    return f"suite_{n}"


def build_table(conn, n):
    """Deterministic prediction table of n rows: one CREATE UNLOGGED TABLE AS
    over generate_series, random() after setseed() (a serial plan, since
    random() is parallel restricted, so the same rows in the same order on
    every run).

      label      boolean, 30% true
      score      float8 probability, logistic(N(0,1) + 1.19*label - 1.4):
                 no ties, ROC AUC about 0.80 (binormal: Phi(1.19/sqrt 2))
      score3     score rounded to 3 decimals: <= 1001 distinct values, heavy ties
      pred       score >= 0.5
      true_class 5 classes 0..4 (bigint), pred_class right 70% + random 30%
      true_text, pred_text  the same classes as text
      segment    30 text values with a geometric skew (seg00 22% ... seg29),
                 slightly flatter in the late half (planted categorical shift)
      region     5 text values, uniform
      ts         timestamptz, one year, increasing with i
      x          N(0,1) feature, + 0.25 in the late half (planted shift)
      y_true, y_pred  regression: y_true = 100 + 20 N(0,1), y_pred = y_true + 1 + 5 N(0,1)
    """
    t = table_name(n)
    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {t}")
    t0 = time.perf_counter()
    cur.execute("SELECT setseed(0.4242)")
    segs = ",".join(f"'seg{k:02d}'" for k in range(30))
    cur.execute(f"""
      CREATE UNLOGGED TABLE {t} AS
      SELECT i AS id,
             timestamptz '2024-01-01 00:00:00+00' + ((i - 1)::bigint * {YEAR_SECONDS * 1000} / {n}) * interval '1 millisecond' AS ts,
             label, score, round(score * 1000) / 1000 AS score3, score >= 0.5 AS pred,
             true_class, pred_class,
             (ARRAY['bird','cat','dog','fish','frog'])[true_class + 1] AS true_text,
             (ARRAY['bird','cat','dog','fish','frog'])[pred_class + 1] AS pred_text,
             (ARRAY[{segs}])[1 + least(floor(-ln(u6) * CASE WHEN late THEN 4.4 ELSE 4.0 END), 29)::int] AS segment,
             (ARRAY['east','north','online','south','west'])[1 + floor(u7 * 5)::int] AS region,
             r2 * sin(t1) + CASE WHEN late THEN 0.25 ELSE 0.0 END AS x,
             100 + 20 * r3 * cos(t3) AS y_true,
             101 + 20 * r3 * cos(t3) + 5 * r3 * sin(t3) AS y_pred
        FROM (SELECT i, i > {n} / 2 AS late, label,
                     1.0 / (1.0 + exp(-(r1 * cos(t1) + CASE WHEN label THEN 1.19 ELSE 0.0 END - 1.4))) AS score,
                     true_class,
                     CASE WHEN u4 < 0.7 THEN true_class ELSE floor(u5 * 5)::bigint END AS pred_class,
                     u6, u7, r1 AS r2, t1, r3, t3
                FROM (SELECT i, random() < 0.3 AS label,
                             sqrt(-2 * ln(1 - random())) AS r1, 2 * pi() * random() AS t1,
                             sqrt(-2 * ln(1 - random())) AS r3, 2 * pi() * random() AS t3,
                             floor(random() * 5)::bigint AS true_class,
                             random() AS u4, random() AS u5, 1 - random() AS u6, random() AS u7
                        FROM generate_series(1, {n}) i) a) b""")
    t1 = time.perf_counter()
    # statistics for the planner; hint bits get set by the untimed warm-up scan
    cur.execute(f"ANALYZE {t}")
    t2 = time.perf_counter()
    # a small copy for warming a fresh backend's caches before memory runs
    cur.execute(f"DROP TABLE IF EXISTS {WARM_TABLE}")
    cur.execute(f"CREATE UNLOGGED TABLE {WARM_TABLE} AS SELECT * FROM {t} WHERE id % 1000 = 1")
    cur.execute(f"ANALYZE {WARM_TABLE}")
    log(f"  create {t1 - t0:.1f}s, analyze {t2 - t1:.1f}s, warm copy {time.perf_counter() - t2:.1f}s")
    cur.execute("SELECT pg_relation_size(%s)", (t,))
    return cur.fetchone()[0]


# --------------------------------------------------------------- timing

def apply_settings(cur, parallel):
    cur.execute("SET jit = off")
    if parallel:
        # 2 workers whenever the planner can use them (the cluster's default
        # of max_parallel_workers_per_gather is 2; force it to be honest)
        cur.execute("SET max_parallel_workers_per_gather = 2")
    else:
        cur.execute("SET max_parallel_workers_per_gather = 0")


def run_sql(conn, sql, parallel):
    cur = conn.cursor()
    apply_settings(cur, parallel)
    t0 = time.perf_counter()
    cur.execute(sql)
    rows = cur.fetchall()
    return time.perf_counter() - t0, rows


def plan_workers(conn, sql, parallel):
    """Number of planned parallel workers (0 for a serial plan)."""
    cur = conn.cursor()
    apply_settings(cur, parallel)
    cur.execute("EXPLAIN (FORMAT JSON) " + sql)
    plan = cur.fetchone()[0]
    found = []

    def walk(node):
        if "Workers Planned" in node:
            found.append(node["Workers Planned"])
        for ch in node.get("Plans", []):
            walk(ch)
    walk(plan[0]["Plan"])
    return max(found) if found else 0


def _status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS", "RssShmem", "RssAnon"):
                out[k] = int(v.split()[0]) * 1024
    return out


def memory_run(server, sql, warm_sql, pre_sql=None):
    """(seconds, rows, peak_bytes or None) of sql on a fresh backend, serial.
    pre_sql (the same query over the small WARM_TABLE) first loads the
    library, catalog and plan caches, so they are not counted."""
    c = server.connect()
    try:
        cur = c.cursor()
        apply_settings(cur, False)
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
        if pre_sql:
            cur.execute(pre_sql)
            cur.fetchall()
        if warm_sql:
            cur.execute(warm_sql)
            cur.fetchall()
        peak = None
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")
            before = _status(pid)
        except OSError:
            before = None
        t0 = time.perf_counter()
        cur.execute(sql)
        rows = cur.fetchall()
        dt = time.perf_counter() - t0
        if before is not None:
            after = _status(pid)
            shm = max(0, after["RssShmem"] - before["RssShmem"])
            peak = max(0, after["VmHWM"] - before["VmRSS"] - shm)
        return dt, rows, peak
    finally:
        c.close()


# --------------------------------------------------------------- export path

_BIN_TYPES = {"f8": (">f8", 8, np.float64), "i8": (">i8", 8, np.int64),
              "bool": ("u1", 1, np.bool_), "ts": (">i8", 8, np.int64)}


def copy_out(conn, sql, binary):
    """Bytes of COPY (sql) TO STDOUT."""
    buf = io.BytesIO()
    fmt = " WITH (FORMAT binary)" if binary else ""
    conn.cursor().copy_expert(f"COPY ({sql}) TO STDOUT{fmt}", buf)
    return buf.getvalue()


def parse_binary(data, types):
    """NumPy arrays from a binary COPY of fixed-width NOT NULL columns."""
    if data[:11] != b"PGCOPY\n\xff\r\n\x00":
        raise ValueError("not a binary COPY stream")
    ext = int.from_bytes(data[15:19], "big")
    off = 19 + ext
    fields = [("nf", ">i2")]
    size = 2
    for k, t in enumerate(types):
        code, width, _ = _BIN_TYPES[t]
        fields += [(f"l{k}", ">i4"), (f"v{k}", code)]
        size += 4 + width
    n = (len(data) - off - 2) // size
    if off + n * size + 2 != len(data) or data[-2:] != b"\xff\xff":
        raise ValueError("unexpected binary COPY layout (NULLs or variable-width columns?)")
    rec = np.frombuffer(data, dtype=np.dtype(fields), count=n, offset=off)
    if n and (rec["nf"] != len(types)).any():
        raise ValueError("field count mismatch")
    out = []
    for k, t in enumerate(types):
        if n and (rec[f"l{k}"] != _BIN_TYPES[t][1]).any():
            raise ValueError("NULL or unexpected width in column %d" % k)
        out.append(rec[f"v{k}"].astype(_BIN_TYPES[t][2]))
    return out


def parse_text(data, types, chunk=1_000_000):
    """NumPy arrays from a text COPY (tab-separated, no NULLs, no escapes):
    "S" columns become fixed-width bytes arrays, "bool" columns booleans.
    Vectorized: delimiter positions, then a gather of each field's bytes,
    chunk rows at a time to bound memory."""
    ncols = len(types)
    buf = np.frombuffer(data, dtype=np.uint8)
    if (buf == 92).any():
        raise ValueError("escaped characters in text COPY are not handled")
    delim = np.flatnonzero((buf == 9) | (buf == 10))
    if len(delim) % ncols:
        raise ValueError("ragged text COPY")
    ends = delim.reshape(-1, ncols)
    starts = np.empty_like(ends)
    starts[0, 0] = 0
    starts[1:, 0] = ends[:-1, -1] + 1
    starts[:, 1:] = ends[:, :-1] + 1
    out = []
    for k, t in enumerate(types):
        s, e = starts[:, k], ends[:, k]
        if t == "bool":
            out.append(buf[s] == ord("t"))
            continue
        width = int((e - s).max()) if len(s) else 1
        col = np.empty(len(s), dtype=f"S{max(width, 1)}")
        ar = np.arange(width)
        for lo in range(0, len(s), chunk):
            ss, ee = s[lo:lo + chunk], e[lo:lo + chunk]
            idx = ss[:, None] + ar
            m = np.where(idx < ee[:, None], buf[np.minimum(idx, len(buf) - 1)], 0).astype(np.uint8)
            col[lo:lo + chunk] = m.view(f"S{max(width, 1)}").ravel()
        out.append(col)
    return out


# --------------------------------------------------------------- statistics

def summary(ts):
    med = statistics.median(ts)
    return {"median": med, "min": min(ts), "max": max(ts), "n": len(ts)}


def rel_close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= 1e-15


def machine():
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores, {cpu}{mem}"


def log(*a):
    print(*a, file=sys.stderr, flush=True)
