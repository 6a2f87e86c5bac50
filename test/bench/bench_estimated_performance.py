"""Benchmark of one estimated-performance (CBPE) window.  Not part of the test suite.
Run: MLCHECK_PORT=5503 MLCHECK_DB=dev /usr/bin/python3 test/bench/bench_estimated_performance.py [rows]
One window of [rows] (default 1M) predictions, evaluated by
mlcheck.check_monitor of an estimated-performance monitor (the stored
calibrator applied to every score, then expected_confusion or
expected_roc_auc), against the floor: a scan of the same columns over the
same window (count(*), sum(score), count(decision)).  The calibrator is
fitted on 200k labelled reference rows with continuous scores (thousands of
breakpoints).  Floor and monitor are timed alternately; medians of 7 runs
after a warm-up, serially and with the default parallel plan; the monitor's
result row is deleted before each run so that the window is evaluated again.
Prints a Markdown table of medians and ratios to the floor."""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "crosscheck"))
from common import connect, rows  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
RUNS = 7
conn = connect()
cur = conn.cursor()
cur.execute("SET TimeZone = 'UTC'")
cur.execute("DROP SCHEMA IF EXISTS bench_cbpe CASCADE")
cur.execute("DELETE FROM mlcheck.monitors WHERE name LIKE 'bench_cbpe%'")
cur.execute("CREATE SCHEMA bench_cbpe")
# the window: day 2026-03-02, N rows; the reference: the 4 days before, 200k rows
cur.execute(f"""CREATE TABLE bench_cbpe.t AS
  SELECT timestamptz '2026-03-02 00:00+00' + (g * (86400.0 / {N})) * interval '1 second' AS ts,
         s AS score, s >= 0.5 AS decision, NULL::boolean AS label
    FROM (SELECT g, (((g::bigint * 2654435761) % 1000003) / 1000003.0)::float8 AS s FROM generate_series(0, {N} - 1) g) q""")
cur.execute("""INSERT INTO bench_cbpe.t
  SELECT timestamptz '2026-02-26 00:00+00' + (g * 1.728) * interval '1 second', s, s >= 0.5,
         ((g::bigint * 40503) % 65537) / 65537.0 < s
    FROM (SELECT g, (((g::bigint * 2654435761) % 999983) / 999983.0)::float8 AS s FROM generate_series(0, 199999) g) q""")
cur.execute("CREATE INDEX ON bench_cbpe.t (ts)")
cur.execute("VACUUM ANALYZE bench_cbpe.t")
cur.execute("CREATE VIEW bench_cbpe.ref AS SELECT * FROM bench_cbpe.t WHERE ts < '2026-03-02'")
for metric in ("f1", "roc_auc"):
    cur.execute("""SELECT 1 FROM mlcheck.add_estimated_performance_monitor(%s, 'bench_cbpe.t', 'ts', 'score', 'decision',
                   %s, '1 day', 'bench_cbpe.ref', 'label')""", (f"bench_cbpe_{metric}", metric))
breakpoints = rows(conn, "SELECT mlcheck.breakpoints(calibrator) FROM mlcheck.baselines WHERE name = 'bench_cbpe_f1.calibrator'")[0][0]

AS_OF = "2026-03-03 06:00+00"
FLOOR = ("SELECT count(*), sum(score), count(decision) FROM bench_cbpe.t "
         "WHERE ts >= '2026-03-02 00:00+00' AND ts < '2026-03-03 00:00+00'")


def monitor(name):
    return (f"DELETE FROM mlcheck.results WHERE monitor = '{name}'",
            f"SELECT statistic FROM mlcheck.check_monitor('{name}', '{AS_OF}')")


def run(q):
    if isinstance(q, tuple):
        rows(conn, q[0]) if q[0].startswith("SELECT") else cur.execute(q[0])
        t0 = time.perf_counter()
        rows(conn, q[1])
        return time.perf_counter() - t0
    t0 = time.perf_counter()
    rows(conn, q)
    return time.perf_counter() - t0


def interleaved(queries):
    for q in queries.values():
        run(q)  # warm-up
    ts = {k: [] for k in queries}
    for _ in range(RUNS):
        for k, q in queries.items():
            ts[k].append(run(q))
    return {k: statistics.median(v) for k, v in ts.items()}


queries = {"floor: count(*), sum(score), count(decision) over the window": FLOOR,
           "estimated f1 window (check_monitor)": monitor("bench_cbpe_f1"),
           "estimated roc_auc window (check_monitor)": monitor("bench_cbpe_roc_auc")}
cur.execute("SET jit = off")
default_workers = rows(conn, "SHOW max_parallel_workers_per_gather")[0][0]
out = []
for label, workers in (("serial", 0), ("parallel", default_workers)):
    cur.execute(f"SET max_parallel_workers_per_gather = {workers}")
    med = interleaved(queries)
    floor = med[next(iter(queries))]
    for k, v in med.items():
        out.append((label, k, v, v / floor))
print(f"\n{N} rows in the window, calibrator of {breakpoints} breakpoints (200k reference rows), medians of {RUNS} runs\n")
print("| plan | query | median s | ratio to floor |")
print("|---|---|---:|---:|")
for label, k, v, r in out:
    print(f"| {label} | {k} | {v:.3f} | {r:.2f} |")
cur.execute("DELETE FROM mlcheck.monitors WHERE name LIKE 'bench_cbpe%'")
cur.execute("DROP SCHEMA bench_cbpe CASCADE")
