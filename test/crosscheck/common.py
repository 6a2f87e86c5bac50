"""Shared helpers for the reference cross-checks (run with /usr/bin/python3).

Every check prints one line: "ok crosscheck/<name>" or "FAIL crosscheck/<name>: why".
test/run_tests.sh counts those lines.  Connection: the throw-away cluster of
test/cluster.sh, port from $MLCHECK_PORT (default 5499), database $MLCHECK_DB
(default mlcheck_check, created with the extension by test/run_tests.sh).
"""
import math
import os
import sys

import numpy as np
import psycopg2
import psycopg2.extras

PORT = int(os.environ.get("MLCHECK_PORT", "5499"))
DB = os.environ.get("MLCHECK_DB", "mlcheck_check")
REL_TOL = 1e-9


def connect(autocommit=True):
    conn = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=DB)
    conn.autocommit = autocommit
    return conn


class Checker:
    def __init__(self, suite):
        self.suite = suite
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok {self.suite}/{name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {self.suite}/{name}: {detail}", flush=True)
        return ok

    def close(self, name, got, want, rel=REL_TOL):
        """got/want: floats or None (None = SQL NULL / undefined)."""
        if got is None or want is None or (isinstance(want, float) and math.isnan(want)):
            wn = want is None or (isinstance(want, float) and math.isnan(want))
            return self.check(name, got is None and wn, f"got {got!r}, want {want!r}")
        ok = math.isclose(float(got), float(want), rel_tol=rel, abs_tol=rel)
        return self.check(name, ok, f"got {got!r}, want {want!r}")

    def error(self, name, conn, sql, sqlstate, args=None):
        """Check that sql fails with sqlstate (and the session stays usable)."""
        cur = conn.cursor()
        try:
            cur.execute(sql, args)
            cur.fetchall()
            return self.check(name, False, f"no error, expected {sqlstate}")
        except psycopg2.Error as e:
            if not conn.autocommit:
                conn.rollback()
            return self.check(name, e.pgcode == sqlstate, f"got {e.pgcode}: {e.pgerror}")

    def done(self):
        print(f"{self.suite}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)


def scalar(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    return cur.fetchone()[0]


def rows(conn, sql, args=None):
    cur = conn.cursor()
    cur.execute(sql, args)
    return cur.fetchall()


def copy_rows(conn, table, columns, data):
    """Bulk insert an iterable of tuples with COPY (None -> NULL)."""
    import io

    buf = io.StringIO()
    for row in data:
        out = []
        for v in row:
            if v is None:
                out.append("\\N")
            elif isinstance(v, float):
                out.append(repr(v) if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")))
            elif isinstance(v, (bool, np.bool_)):
                out.append("t" if v else "f")
            else:
                out.append(str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"))
        buf.write("\t".join(out) + "\n")
    buf.seek(0)
    cols = ", ".join(columns)
    conn.cursor().copy_expert(f"COPY {table} ({cols}) FROM STDIN", buf)


PARALLEL_ON = [
    "SET parallel_setup_cost = 0",
    "SET parallel_tuple_cost = 0",
    "SET min_parallel_table_scan_size = 0",
    "SET max_parallel_workers_per_gather = 2",
    "SET force_parallel_mode = on",
]
PARALLEL_OFF = ["SET max_parallel_workers_per_gather = 0", "SET force_parallel_mode = off"]


def set_parallel(conn, on):
    cur = conn.cursor()
    for s in (PARALLEL_ON if on else PARALLEL_OFF):
        cur.execute(s)


def plan_has_parallel(conn, sql):
    """True when EXPLAIN shows a Gather with workers and a Partial Aggregate."""
    plan = "\n".join(r[0] for r in rows(conn, "EXPLAIN (COSTS OFF) " + sql))
    return ("Gather" in plan) and ("Partial Aggregate" in plan)
