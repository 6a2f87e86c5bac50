"""Distributed benchmark: mlcheck on a 3-node Citus cluster vs one node.

Usage: /usr/bin/python3 test/bench/bench_distributed.py [--rows N] [--rounds R] [--reuse]
           [--json FILE]

Needs the cluster of test/distributed/cluster.sh (coordinator on
$MLCHECK_CITUS_PORT, default $MLCHECK_PORT + 100; it is started when it is
not running).  Builds, in database mlcheck_dist, a local table of N rows
(default 10 000 000) on the coordinator and an identical distributed table
(32 shards over 2 workers), then times, round-robin (medians of R rounds
after one warm-up), each query on both:

  floor       count(*), sum(score)              (built-in, always pushed down)
  confusion   mlcheck.confusion(label, score >= 0.5)
  roc_auc     mlcheck.roc_auc(score, label)     (exact)
  profile     mlcheck.profile(x)                (x lognormal, heavy-tailed)

and reports distributed time / local time (local = one backend, no
parallel workers; a 2-worker parallel local plan is shown for context),
whether EXPLAIN VERBOSE shows the aggregate pushed down, and the bytes
shipped from the workers per row: for shipped rows "Tuple data received
from nodes" of EXPLAIN (ANALYZE, VERBOSE) (rounded by Citus's
pg_size_pretty); for pushed-down aggregates the summed text size of the
partial states the shard tasks return (Citus cannot EXPLAIN ANALYZE those).
All ratios come from one run.  --json writes them (per query: distributed
÷ local, bytes per row, pushed down) for the README table of
test/bench/run_all.py.  Timings on a shared machine are noisy; the
three nodes share the same cores here, so the distributed figures measure
the data path (what is shipped and where it is aggregated), not the speed-up
of separate machines.
"""
import argparse
import os
import re
import statistics
import subprocess
import time

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PORT = int(os.environ.get("MLCHECK_CITUS_PORT", int(os.environ.get("MLCHECK_PORT", "5499")) + 100))
DB = os.environ.get("MLCHECK_DIST_DB", "mlcheck_dist")

QUERIES = [
    ("floor: count(*), sum(score)", "SELECT count(*), sum(score) FROM {t}", None),
    ("confusion(label, score >= 0.5)", "SELECT mlcheck.confusion(label, score >= 0.5)::text FROM {t}", "mlcheck.confusion"),
    ("roc_auc(score, label)", "SELECT mlcheck.roc_auc(score, label) FROM {t}", "mlcheck.roc_auc"),
    ("profile(x), lognormal", "SELECT mlcheck.profile(x)::text FROM {t}", "mlcheck.profile"),
]
KEYS = {"floor: count(*), sum(score)": "floor", "confusion(label, score >= 0.5)": "confusion",
        "roc_auc(score, label)": "roc_auc", "profile(x), lognormal": "profile"}
UNITS = {"bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}


def connect():
    c = psycopg2.connect(host=f"/tmp/mlcheck-citus-{PORT}", port=PORT, user="postgres", dbname=DB)
    c.autocommit = True
    return c


def ensure_cluster():
    try:
        connect().close()
    except psycopg2.Error:
        subprocess.run(["bash", os.path.join(ROOT, "test", "distributed", "cluster.sh"), "start"], check=True)


def ex(cur, sql, args=None):
    cur.execute(sql, args)
    return cur.fetchall() if cur.description else None


def build_tables(cur, n, reuse):
    if reuse:
        have = ex(cur, "SELECT to_regclass('bench_local') IS NOT NULL AND to_regclass('bench_dist') IS NOT NULL")[0][0]
        if have and ex(cur, "SELECT (SELECT count(*) FROM bench_local) = %s AND (SELECT count(*) FROM bench_dist) = %s",
                       (n, n))[0][0]:
            return False
    ex(cur, "DROP TABLE IF EXISTS bench_local, bench_dist")
    ex(cur, "CREATE TABLE bench_local (id bigint, score float8, label boolean, x float8)")
    ex(cur, "SELECT setseed(0.4242)")
    # 35 % positives; scores overlap between the classes; x = exp(1.5 N(0,1)) by Box-Muller
    ex(cur, """INSERT INTO bench_local
               SELECT i, CASE WHEN lab THEN 0.25 ELSE 0 END + 0.75 * random(), lab,
                      exp(1.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
                 FROM (SELECT i, random() < 0.35 AS lab FROM generate_series(1, %s) i) s""", (n,))
    ex(cur, "CREATE TABLE bench_dist (LIKE bench_local)")
    ex(cur, "SELECT create_distributed_table('bench_dist', 'id', shard_count => 32)")
    ex(cur, "INSERT INTO bench_dist SELECT * FROM bench_local")
    ex(cur, "VACUUM ANALYZE bench_local")
    ex(cur, "VACUUM ANALYZE bench_dist")
    return True


TASK = re.compile(r"Query: SELECT ((?:pg_catalog\.)?worker_partial_agg\(.*\)) AS \S+ FROM \S+ \S+ WHERE true$", re.M)


def plan_info(cur, sql, aggname):
    """(pushed down?, bytes received from the workers, how measured) of a query on bench_dist.

    Rows shipped: "Tuple data received from nodes" of EXPLAIN (ANALYZE, VERBOSE).
    Partial states: Citus cannot EXPLAIN ANALYZE a worker_partial_agg task (its
    cstring result is refused by worker_save_query_explain_analyze), so the task
    expression shown by EXPLAIN VERBOSE is run on every shard and the text forms
    of the partial states (what the task returns) are summed."""
    plan = "\n".join(r[0] for r in ex(cur, "EXPLAIN (VERBOSE, COSTS OFF) " + sql))
    if aggname is None:
        pushed = "worker_partial_agg" not in plan and "Query: SELECT count(*)" in plan
    else:
        pushed = re.search(r"worker_partial_agg\('" + re.escape(aggname) + r"\(", plan) is not None \
            and "coord_combine_agg(" in plan
    m = TASK.search(plan)
    if m:
        cmd = f"SELECT octet_length(({m.group(1)})::text) FROM %s"
        sizes = ex(cur, "SELECT result FROM run_command_on_shards('bench_dist', %s)", (cmd,))
        total = sum(int(r[0]) for r in sizes if r[0] not in (None, ""))
        return pushed, total, f"{total} bytes (partial states of {len(sizes)} shards)"
    plan = "\n".join(r[0] for r in ex(cur, "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) " + sql))
    m = re.search(r"Tuple data received from nodes: (\d+) (bytes|kB|MB|GB|TB)", plan)
    received = int(m.group(1)) * UNITS[m.group(2)] if m else None
    return pushed, received, (m.group(0).split(": ")[1] if m else "?")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000, help="rows (default 10 000 000)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds after one warm-up (default 5)")
    ap.add_argument("--reuse", action="store_true", help="reuse the tables of an earlier run with the same --rows")
    ap.add_argument("--json", default=None, help="also write the results here")
    opts = ap.parse_args()
    ensure_cluster()
    conn = connect()
    cur = conn.cursor()
    ex(cur, "SET client_min_messages = warning")
    ex(cur, "SET jit = off")
    t0 = time.perf_counter()
    built = build_tables(cur, opts.rows, opts.reuse)
    if built:
        print(f"tables built in {time.perf_counter() - t0:.0f} s\n", flush=True)
    n = opts.rows
    load_start = os.getloadavg()[0]

    variants = [("local", "bench_local", 0), ("local, 2 parallel workers", "bench_local", 2),
                ("distributed", "bench_dist", 0)]
    times = {(qn, v[0]): [] for qn, _, _ in QUERIES for v in variants}
    for rnd in range(opts.rounds + 1):
        for qn, sql, _ in QUERIES:
            for vname, table, workers in variants:
                ex(cur, f"SET max_parallel_workers_per_gather = {workers}")
                t = time.perf_counter()
                ex(cur, sql.format(t=table))
                dt = time.perf_counter() - t
                if rnd > 0:
                    times[(qn, vname)].append(dt)
    ex(cur, "SET max_parallel_workers_per_gather = 0")
    workers = ex(cur, "SELECT count(*) FROM pg_dist_node WHERE groupid <> 0")[0][0]
    print(f"**Citus 13.2.2, coordinator + {workers} workers on one machine, 32 shards, "
          f"{n:,} rows, medians of {opts.rounds} rounds**\n")
    print("| query | local s | local, 2 parallel workers s | distributed s | distributed ÷ local | "
          "local ÷ floor | distributed ÷ floor | pushed down | bytes per row from workers |")
    print("|---|---:|---:|---:|---:|---:|---:|:---:|---:|")
    floor = None
    notes = []
    results = {}
    for qn, sql, agg in QUERIES:
        med = {v[0]: statistics.median(times[(qn, v[0])]) for v in variants}
        if floor is None:
            floor = med
        pushed, received, how = plan_info(cur, sql.format(t="bench_dist"), agg)
        per_row = f"{received / n:.3g}" if received is not None else "?"
        notes.append(f"- {qn}: {how} received")
        results[KEYS[qn]] = {"query": qn, "local_s": med["local"], "local_2w_s": med["local, 2 parallel workers"],
                             "distributed_s": med["distributed"],
                             "distributed_over_local": med["distributed"] / med["local"],
                             "bytes_per_row": received / n if received is not None else None, "pushed": pushed}
        print(f"| {qn} | {med['local']:.3f} | {med['local, 2 parallel workers']:.3f} | {med['distributed']:.3f} | "
              f"{med['distributed'] / med['local']:.2f}× | {med['local'] / floor['local']:.2f}× | "
              f"{med['distributed'] / floor['distributed']:.2f}× | {'yes' if pushed else 'no'} | {per_row} |")
    (ver,) = ex(cur, "SELECT pg_catalog.current_setting('server_version')")[0]
    load_end = os.getloadavg()[0]
    if opts.json:
        import json
        with open(opts.json, "w") as fh:
            json.dump({"rows": n, "rounds": opts.rounds, "workers": workers, "shards": 32,
                       "postgres": ver, "load_average": [load_start, load_end], "queries": results},
                      fh, indent=1)
    print()
    print("\n".join(notes))
    print(f"- PostgreSQL {ver}; load average {load_start:.1f} at the start of the timed rounds, "
          f"{load_end:.1f} at the end, on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
