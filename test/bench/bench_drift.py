"""Benchmark of profiles and drift.  Not part of the test suite.
Run: MLCHECK_PORT=5503 MLCHECK_DB=dev /usr/bin/python3 test/bench/bench_drift.py [rows]
Prints a Markdown table of medians (5 runs after a warm-up) and ratios; the
floor and profile(x) are timed alternately, with the default parallel plan
and serially (max_parallel_workers_per_gather = 0)."""
import os
import statistics
import sys
import time

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "crosscheck"))
from common import connect, rows  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
conn = connect()
cur = conn.cursor()
cur.execute("DROP SCHEMA IF EXISTS bench_drift CASCADE")
cur.execute("CREATE SCHEMA bench_drift")
cur.execute(f"""CREATE TABLE bench_drift.t AS
  SELECT g, (g > {N // 2}) AS late, sin(g * 0.001) * 10 + (g % 1000) * 0.01 AS x
  FROM generate_series(1, {N}) g""")
cur.execute("VACUUM ANALYZE bench_drift.t")
cur.execute("""CREATE TABLE bench_drift.p AS SELECT mlcheck.profile(x) FILTER (WHERE NOT late) r,
               mlcheck.profile(x) FILTER (WHERE late) c FROM bench_drift.t""")


def timed(sql, runs=5):
    rows(conn, sql)  # warm-up
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows(conn, sql)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), min(ts), max(ts)


FLOOR = "SELECT count(*), sum(x) FROM bench_drift.t"
PROFILE = "SELECT mlcheck.profile(x) FROM bench_drift.t"


def interleaved(queries, runs=5):
    """floor and profile alternated (one run of each per round), so load
    changes on a shared machine hit both alike; medians and spreads."""
    for q in queries:
        rows(conn, q)  # warm-up
    ts = {q: [] for q in queries}
    for _ in range(runs):
        for q in queries:
            t0 = time.perf_counter()
            rows(conn, q)
            ts[q].append(time.perf_counter() - t0)
    return {q: (statistics.median(v), min(v), max(v)) for q, v in ts.items()}


res = {}
cur.execute("SET jit = off")
default_workers = rows(conn, "SHOW max_parallel_workers_per_gather")[0][0]
cur.execute("SET max_parallel_workers_per_gather = 0")
serial = interleaved([FLOOR, PROFILE])
cur.execute(f"SET max_parallel_workers_per_gather = {default_workers}")
par = interleaved([FLOOR, PROFILE])
res["floor: count(*), sum(x)"] = par[FLOOR]
res["mlcheck.profile(x)"] = par[PROFILE]
res["drift(profile FILTER, profile FILTER) one scan"] = timed(
    "SELECT mlcheck.drift(mlcheck.profile(x) FILTER (WHERE NOT late), mlcheck.profile(x) FILTER (WHERE late)) FROM bench_drift.t", 3)
res["drift(r, c) stored profiles (wasserstein)"] = timed("SELECT mlcheck.drift(r, c) FROM bench_drift.p", 20)
res["ks(r, c) stored profiles"] = timed("SELECT mlcheck.ks(r, c) FROM bench_drift.p", 20)
res["psi(r, c) stored profiles"] = timed("SELECT mlcheck.psi(r, c) FROM bench_drift.p", 20)
res["plain SQL PSI (percentile_cont deciles + width_bucket)"] = timed("""
WITH e AS (SELECT percentile_cont(ARRAY[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]) WITHIN GROUP (ORDER BY x) q
           FROM bench_drift.t WHERE NOT late),
b AS (SELECT late, width_bucket(x, (SELECT q FROM e)) AS bin, count(*) AS n FROM bench_drift.t GROUP BY 1, 2),
p AS (SELECT bin, coalesce(sum(n) FILTER (WHERE NOT late), 0)::float8 / sum(sum(n) FILTER (WHERE NOT late)) OVER () AS r,
             coalesce(sum(n) FILTER (WHERE late), 0)::float8 / sum(sum(n) FILTER (WHERE late)) OVER () AS c FROM b GROUP BY bin)
SELECT sum((greatest(c, 1e-4) - greatest(r, 1e-4)) * ln(greatest(c, 1e-4) / greatest(r, 1e-4))) FROM p""", 3)
res["plain SQL KS statistic (window functions)"] = timed("""
SELECT max(abs(cr - cc)) FROM (
  SELECT count(*) FILTER (WHERE NOT late) OVER w::float8 / (SELECT count(*) FROM bench_drift.t WHERE NOT late) AS cr,
         count(*) FILTER (WHERE late) OVER w::float8 / (SELECT count(*) FROM bench_drift.t WHERE late) AS cc
  FROM bench_drift.t WINDOW w AS (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) s""", 3)


def export_scipy():
    c = conn.cursor()
    c.execute("SELECT late, x FROM bench_drift.t")
    data = np.array(c.fetchall(), dtype=float)
    a = data[data[:, 0] == 0, 1]
    b = data[data[:, 0] == 1, 1]
    stats.ks_2samp(a, b)
    stats.wasserstein_distance(a, b)


ts = []
for _ in range(2):
    t0 = time.perf_counter()
    export_scipy()
    ts.append(time.perf_counter() - t0)
res["export to SciPy (fetch + ks_2samp + wasserstein)"] = (statistics.median(ts), min(ts), max(ts))

floor = res["floor: count(*), sum(x)"][0]
print(f"\nrows = {N:,}; parallel workers per gather = {default_workers} (serial rows: 0)\n")
print("| query | median | min..max | ratio to floor |")
print("|---|---:|---:|---:|")
for k, (m, lo, hi) in res.items():
    unit = (lambda v: f"{v * 1000:.3f} ms") if m < 0.1 else (lambda v: f"{v:.3f} s")
    print(f"| {k} | {unit(m)} | {unit(lo)}..{unit(hi)} | {m / floor:.2f}x |")
sf = serial[FLOOR][0]
for k, q in (("floor: count(*), sum(x), serial", FLOOR), ("mlcheck.profile(x), serial", PROFILE)):
    m, lo, hi = serial[q]
    print(f"| {k} | {m:.3f} s | {lo:.3f} s..{hi:.3f} s | {m / sf:.2f}x of serial floor |")
cur.execute("DROP SCHEMA bench_drift CASCADE")
