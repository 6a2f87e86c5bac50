"""Benchmark: mlcheck.calibration and mlcheck.regression over N rows
(default 10 000 000) against the floor SELECT count(*), sum(a), sum(b) on
the same table.  Serial plans (max_parallel_workers_per_gather = 0) so the
ratio measures per-row cost; each query is warmed once, then timed
MLCHECK_BENCH_RUNS times (default 5): median and min-max spread are
reported, and ratios are medians over the floor's median from the same run.

  MLCHECK_PORT=5502 MLCHECK_DB=w4 /usr/bin/python3 test/bench/bench_calibration_regression.py
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "crosscheck"))
from common import connect  # noqa: E402

N = int(os.environ.get("MLCHECK_BENCH_ROWS", "10000000"))
RUNS = int(os.environ.get("MLCHECK_BENCH_RUNS", "5"))
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS bench_calreg CASCADE")
cur.execute("CREATE SCHEMA bench_calreg")
# deterministic data: a in [0, 1), b = a perturbed, y boolean
cur.execute(f"""CREATE UNLOGGED TABLE bench_calreg.t AS
    SELECT ((i * 2654435761) % 1000003) / 1000003.0::float8 AS a,
           ((i * 2654435761) % 1000003) / 1000003.0::float8 * 0.9 + ((i * 40503) % 1009) / 10090.0 AS b,
           ((i * 40503) % 1009) < ((i * 2654435761) % 1000003) / 1000003.0 * 1009 AS y
      FROM generate_series(1::bigint, {N}) i""")
cur.execute("VACUUM ANALYZE bench_calreg.t")
cur.execute("SET max_parallel_workers_per_gather = 0")
cur.execute("SET jit = off")

queries = [
    ("floor: count(*), sum(a), sum(b)", "SELECT count(*), sum(a), sum(b) FROM bench_calreg.t"),
    ("calibration(a, y)", "SELECT mlcheck.calibration(a, y) FROM bench_calreg.t"),
    ("calibration(a, y, 20)", "SELECT mlcheck.calibration(a, y, 20) FROM bench_calreg.t"),
    ("regression(b, a)", "SELECT mlcheck.regression(b, a) FROM bench_calreg.t"),
    ("regression(b, a, weight)", "SELECT mlcheck.regression(b, a, a + 0.5) FROM bench_calreg.t"),
]
results = {}
for name, q in queries:
    cur.execute(q)
    cur.fetchall()                      # warm the cache
for _ in range(RUNS):                   # interleave queries to share drift
    for name, q in queries:
        t0 = time.perf_counter()
        cur.execute(q)
        cur.fetchall()
        results.setdefault(name, []).append(time.perf_counter() - t0)
floor = statistics.median(results[queries[0][0]])
print(f"{N} rows, {RUNS} runs each, serial plans, jit off\n")
print("| query | median s | min-max s | ratio to floor |")
print("|---|---:|---:|---:|")
for name, _ in queries:
    ts = results[name]
    med = statistics.median(ts)
    print(f"| `{name}` | {med:.3f} | {min(ts):.3f}-{max(ts):.3f} | {med / floor:.2f}x |")
cur.execute("DROP SCHEMA bench_calreg CASCADE")
