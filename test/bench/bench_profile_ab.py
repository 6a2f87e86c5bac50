"""Same-run A/B of the numeric profile's per-value cost in two builds (run with /usr/bin/python3).

  bench_profile_ab.py BASELINE_LIB [ROWS] [ROUNDS]

Copy the other build's library beside this one's first, e.g.
   cp $(pg_config --pkglibdir)/mlcheck.so $(pg_config --pkglibdir)/BASELINE_LIB.so
then install this build.  Database mlcheck_bench_base gets the extension with
its C functions pointing at BASELINE_LIB, mlcheck_bench this build's.  On a
table of 20 float8 columns (the generator of bench_drift_report.py) it times,
serially (no parallel workers, no JIT), `count(*), sum(c1) .. sum(c20)` and
`count(*), profile(c1) .. profile(c20)` in both databases, round-robin, and
prints, per build, the median backend CPU time (from /proc) per value of the
profiles above the sums.  The server must run on this machine.
"""
import os
import statistics
import sys

import psycopg2

PORT = int(os.environ.get("MLCHECK_PORT", "5499"))
LIB = sys.argv[1]
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000000
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
COLS = [f"c{i}" for i in range(1, 21)]
# AB_KIND=ties: 50 distinct values a column instead of the smooth drift-report columns
KIND = os.environ.get("AB_KIND", "drift")
TABLE = "ab20" if KIND == "drift" else f"ab20_{KIND}"


def connect(db):
    c = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=db)
    c.autocommit = True
    return c


def ensure_db(db, base):
    c = connect("postgres")
    cur = c.cursor()
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
    if cur.fetchone() is None:
        cur.execute(f"CREATE DATABASE {db}")
    c.close()
    c = connect(db)
    cur = c.cursor()
    cur.execute("DROP EXTENSION IF EXISTS mlcheck CASCADE")
    cur.execute("CREATE EXTENSION mlcheck")
    if base:
        cur.execute("UPDATE pg_catalog.pg_proc SET probin = %s WHERE probin = '$libdir/mlcheck'",
                    ("$libdir/" + LIB,))
        c.close()
        c = connect(db)  # a fresh backend loads the baseline library
        cur = c.cursor()
    cur.execute(f"SELECT to_regclass('public.{TABLE}') IS NOT NULL")
    have = cur.fetchone()[0]
    if have:
        cur.execute(f"SELECT count(*) = %s FROM {TABLE}", (ROWS,))
        have = cur.fetchone()[0]
    if not have:
        if KIND == "ties":
            exprs = [f"(((g * {7919 + 13 * i}) % 50) * 0.5 + {i})::float8" for i in range(1, 21)]
        else:
            exprs = [f"sin(g * {0.37 + i * 0.011}) * {i} + (g % {97 + i}) * 0.01" for i in range(1, 21)]
        cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cur.execute(f"CREATE TABLE {TABLE} AS SELECT " + ", ".join(f"{e} AS c{i}" for i, e in enumerate(exprs, 1))
                    + f" FROM generate_series(1::bigint, {ROWS}) g")
        cur.execute(f"VACUUM ANALYZE {TABLE}")
    for s in ("SET max_parallel_workers_per_gather = 0", "SET jit = off"):
        cur.execute(s)
    return c


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main():
    conns = {"base": ensure_db("mlcheck_bench_base", True), "new": ensure_db("mlcheck_bench", False)}
    pids = {}
    for k, c in conns.items():
        cur = c.cursor()
        cur.execute("SELECT pg_backend_pid()")
        pids[k] = cur.fetchone()[0]
        cur.execute("SELECT probin FROM pg_proc WHERE proname = '_numeric_profile_trans'")
        print(k, cur.fetchone()[0], flush=True)
    queries = {"sum": "SELECT count(*), " + ", ".join(f"sum({c})" for c in COLS) + f" FROM {TABLE}",
               "profile": "SELECT count(*), " + ", ".join(f"length(mlcheck.profile({c})::text)" for c in COLS)
               + f" FROM {TABLE}"}
    hz = os.sysconf("SC_CLK_TCK")
    cpu = {(b, q): [] for b in conns for q in queries}
    for rnd in range(ROUNDS + 1):
        for q, sql in queries.items():
            for b in ("base", "new") if rnd % 2 == 0 else ("new", "base"):
                cur = conns[b].cursor()
                t0 = ticks(pids[b])
                cur.execute(sql)
                cur.fetchall()
                t1 = ticks(pids[b])
                if rnd > 0:
                    cpu[(b, q)].append((t1 - t0) / hz)
    nval = ROWS * len(COLS)
    print(f"{ROWS} rows x {len(COLS)} float8 columns, serial, {ROUNDS} rounds (+1 warm-up), "
          f"median backend CPU; load average {os.getloadavg()[0]:.1f}")
    for b in ("base", "new"):
        s = statistics.median(cpu[(b, "sum")])
        p = statistics.median(cpu[(b, "profile")])
        print(f"  {b:4s}: sums {s:.2f} s, profiles {p:.2f} s, profile above sum {(p - s) / nval * 1e9:.1f} ns/value"
              f"  (all rounds: sum {cpu[(b, 'sum')]}, profile {cpu[(b, 'profile')]})")


if __name__ == "__main__":
    main()
