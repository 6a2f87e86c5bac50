"""Benchmark of mlcheck.drift_report over 20 numeric and 5 text columns.
Not part of the test suite.
Run: MLCHECK_PORT=5501 MLCHECK_DB=mlcheck_bench /usr/bin/python3 test/bench/bench_drift_report.py [rows] [repeats] [serial]

A reference and a current table of rows/2 rows each (default 10M rows in
all), 20 float8 columns c1..c20 and 5 text columns t1..t5 (40 to 1000
categories).  In one run, alternating so that load on a shared machine hits
all alike, medians of `repeats` rounds (default 3) after a warm-up:
  floor     SELECT count(*), sum(c1), ..., sum(c20), count(t1), ..., count(t5)
            over the reference and over the current table, in one statement
            (the same two scans drift_report makes);
  report    SELECT * FROM mlcheck.drift_report(ref, cur);
  separate  25 single-column drift queries, each
            SELECT mlcheck.drift(r.p, c.p) FROM (SELECT profile(col) FROM ref) r,
                                                (SELECT profile(col) FROM cur) c
and the same for the profile-building query alone (no drift statistics), to
separate building from testing.  A bound measured in the same rounds:
  25 single-column floors: SELECT count(col) FROM ref; ... FROM cur, one
            query per column and table.  No implementation of "25 separate
            queries" can be cheaper than this, so (25 single-column floors) /
            (floor) bounds how much faster than 25 separate queries a
            one-scan report can be on this machine.  Default parallel plan and serial plan
(max_parallel_workers_per_gather = 0; with the argument `serial` only this
one), and, when the default would start more processes than the machine has
cores, also as many processes as cores (cores - 1 workers); jit off.  Besides wall time, the CPU time of the backend (utime + stime
from /proc): it does not count waiting for a core, so its ratios stay
meaningful on a loaded machine, but it misses parallel workers, so it is
shown for the serial plan only.  Prints Markdown tables.
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "crosscheck"))
from benchlib import machine  # noqa: E402
from common import connect, rows, scalar  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
SERIAL_ONLY = len(sys.argv) > 3 and sys.argv[3] == "serial"
NUM = [f"c{i}" for i in range(1, 21)]
TXT = [f"t{i}" for i in range(1, 6)]
conn = connect()
cur = conn.cursor()
cur.execute("SET jit = off")


def build(name, n, shift):
    exprs = [f"sin(g * {0.37 + i * 0.011}) * {i} + (g % {97 + i}) * 0.01 + {shift * (i % 3)}" for i in range(1, 21)]
    texts = [f"'k' || ((g * {7919 + 13 * i}) % {k})" for i, k in zip(range(1, 6), (40, 100, 250, 500, 1000))]
    cols = ", ".join([f"{e} AS c{i}" for i, e in enumerate(exprs, 1)] + [f"{e} AS t{i}" for i, e in enumerate(texts, 1)])
    cur.execute(f"CREATE TABLE bench_dr.{name} AS SELECT {cols} FROM generate_series(1::bigint, {n}) g")
    cur.execute(f"VACUUM ANALYZE bench_dr.{name}")


have = scalar(conn, """SELECT (SELECT count(*) FROM pg_class WHERE oid = to_regclass('bench_dr.ref')) +
                              (SELECT count(*) FROM pg_class WHERE oid = to_regclass('bench_dr.cur'))""")
if have != 2 or scalar(conn, "SELECT count(*) FROM bench_dr.ref") != N // 2:
    cur.execute("DROP SCHEMA IF EXISTS bench_dr CASCADE")
    cur.execute("CREATE SCHEMA bench_dr")
    t0 = time.perf_counter()
    build("ref", N // 2, 0.0)
    build("cur", N - N // 2, 0.05)
    print(f"built {N} rows in {time.perf_counter() - t0:.0f} s", flush=True)

agg = ", ".join(["count(*)"] + [f"sum({c})" for c in NUM] + [f"count({t})" for t in TXT])
FLOOR = f"SELECT * FROM (SELECT {agg} FROM bench_dr.ref) r CROSS JOIN (SELECT {agg} FROM bench_dr.cur) c"
REPORT = "SELECT * FROM mlcheck.drift_report('bench_dr.ref', 'bench_dr.cur')"
# the profiles only, not sent to the client (their text form is large)
PROFILES = ("SELECT pg_column_size(q.*) FROM ("
            + scalar(conn, "SELECT mlcheck._drift_report_sql('bench_dr.ref', 'bench_dr.cur')") + ") q")
# the cost per value of the aggregates, one column of each kind
PER_COLUMN = [("sum(c1)", "SELECT sum(c1) FROM bench_dr.ref"),
              ("profile(c1)", "SELECT pg_column_size(mlcheck.profile(c1)) FROM bench_dr.ref"),
              ("count(t5)", "SELECT count(t5) FROM bench_dr.ref"),
              ("profile(t5)", "SELECT pg_column_size(mlcheck.profile(t5)) FROM bench_dr.ref"),
              ("count(*)", "SELECT count(*) FROM bench_dr.ref")]
SEPARATE = [f"""SELECT mlcheck.drift(r.p, c.p) FROM (SELECT mlcheck.profile({col}) AS p FROM bench_dr.ref) r,
                (SELECT mlcheck.profile({col}) AS p FROM bench_dr.cur) c""" for col in NUM + TXT]
SINGLE_FLOORS = [f"SELECT count({col}) FROM bench_dr.{t}" for col in NUM + TXT for t in ("ref", "cur")]
CASES = [("floor: count(*), 20 sum, 5 count over both tables", [FLOOR]),
         ("drift_report (25 columns, one scan of each table)", [REPORT]),
         ("  its profile query alone (mlcheck._drift_report_sql)", [PROFILES]),
         ("25 single-column drift queries", SEPARATE),
         ("bound: 25 single-column floors, count(col) per table", SINGLE_FLOORS)]


def backend_cpu():
    """CPU seconds used so far by this connection's backend; None without /proc."""
    try:
        with open(f"/proc/{BACKEND}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


BACKEND = scalar(conn, "SELECT pg_backend_pid()")


def timed2(queries):
    """(wall s, backend cpu s or None)"""
    c0 = backend_cpu()
    t0 = time.perf_counter()
    for q in queries:
        rows(conn, q)
    t1 = time.perf_counter()
    c1 = backend_cpu()
    return t1 - t0, None if c0 is None or c1 is None else c1 - c0


def timed(queries):
    return timed2(queries)[0]


def run(workers):
    cur.execute(f"SET max_parallel_workers_per_gather = {workers}")
    for _, qs in CASES:
        timed(qs)                                   # warm-up
    ts = {name: [] for name, _ in CASES}
    cs = {name: [] for name, _ in CASES}
    for _ in range(REPEATS):
        for name, qs in CASES:
            w, c = timed2(qs)
            ts[name].append(w)
            cs[name].append(c)
    floor = statistics.median(ts[CASES[0][0]])
    report = statistics.median(ts[CASES[1][0]])
    use_cpu = workers == 0 and None not in cs[CASES[0][0]]
    cfloor = statistics.median(cs[CASES[0][0]]) if use_cpu else None
    print(f"\n**{N:,} rows ({N // 2:,} + {N - N // 2:,}), max_parallel_workers_per_gather = {workers}, "
          f"medians of {REPEATS}**\n")
    print("| query | median s | min-max s | ratio to floor | drift_report faster by |"
          + (" backend cpu s | cpu ratio to floor |" if use_cpu else ""))
    print("|---|---:|---:|---:|---:|" + ("---:|---:|" if use_cpu else ""))
    for name, v in ts.items():
        med = statistics.median(v)
        faster = f"{med / report:.1f}x" if name.startswith("25 ") else ""
        if name.startswith("bound: 25"):
            faster = f"at most {med / floor:.1f}x (any one-scan report costs >= the floor)"
        extra = ""
        if use_cpu:
            cmed = statistics.median(cs[name])
            extra = f" {cmed:.2f} | {cmed / cfloor:.2f}x |"
        print(f"| {name} | {med:.2f} | {min(v):.2f}-{max(v):.2f} | {med / floor:.2f}x | {faster} |" + extra,
              flush=True)


print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f} at start")
default_workers = int(scalar(conn, "SHOW max_parallel_workers_per_gather"))
if not SERIAL_ONLY:
    run(default_workers)
    # as many processes as cores (the leader and cores - 1 workers): more
    # processes than cores take turns on a core, and each one's profile states
    # then evict the other's from its caches (2 cores, 5M + 5M rows: the
    # profile query took 1.92 s with 2 workers and 1.71 s with 1, the floor of
    # one table 0.65 s and 0.66 s)
    matched = (os.cpu_count() or 1) - 1
    if 0 < matched < default_workers:
        run(matched)
run(0)
# where the time goes: ns per value of one aggregate over the reference,
# above the bare scan (count(*)), serial
cur.execute("SET max_parallel_workers_per_gather = 0")
per = {}
for name, q in PER_COLUMN:
    timed([q])
    per[name] = statistics.median(timed2([q])[1] or timed([q]) for _ in range(REPEATS))
base = per["count(*)"]
print("\n| one aggregate over the reference, serial | median backend cpu s | ns per row above count(*) (column deform included) |")
print("|---|---:|---:|")
for name, _ in PER_COLUMN:
    print(f"| {name} | {per[name]:.3f} | {(per[name] - base) / (N // 2) * 1e9:.0f} |")
extra_num = (per["profile(c1)"] - per["sum(c1)"]) / (N // 2) * 1e9
extra_txt = (per["profile(t5)"] - per["count(t5)"]) / (N // 2) * 1e9
print(f"\nprofile costs {extra_num:.0f} ns more per float8 value than sum() and {extra_txt:.0f} ns more per text "
      f"value than count(); over 20 + 5 columns and {N:,} rows that predicts "
      f"{(20 * extra_num + 5 * extra_txt) * N / 1e9:.1f} s above the floor (serial)")
print(f"load average {os.getloadavg()[0]:.1f} at end")
