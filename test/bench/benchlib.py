"""Small timing library shared by the benchmarks in test/bench/ (run with
/usr/bin/python3).  Queries are timed round-robin (one run of each query per
round) so that load changes on this shared machine hit every query alike;
figures are reported as medians with min-max spread, and as ratios to a
floor query measured in the same run."""
import os
import statistics
import subprocess
import time

import psycopg2

PORT = int(os.environ.get("MLCHECK_BENCH_PORT", "5497"))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start_cluster():
    subprocess.run([os.path.join(ROOT, "test", "cluster.sh"), "start", str(PORT)], check=True,
                   stdout=subprocess.DEVNULL)


def connect(db="postgres"):
    c = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=db)
    c.autocommit = True
    return c


def ensure_db(name):
    c = connect()
    cur = c.cursor()
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
    if not cur.fetchone():
        cur.execute(f'CREATE DATABASE "{name}"')
    c.close()
    c = connect(name)
    c.cursor().execute("DROP EXTENSION IF EXISTS mlcheck CASCADE; CREATE EXTENSION mlcheck")
    return c


def settings(conn, parallel):
    cur = conn.cursor()
    cur.execute("SET max_parallel_workers_per_gather = %s" % (2 if parallel else 0))
    cur.execute("SET jit = off")


def time_query(conn, sql):
    cur = conn.cursor()
    t0 = time.perf_counter()
    cur.execute(sql)
    res = cur.fetchall()
    return time.perf_counter() - t0, res


def run_round_robin(conn, queries, rounds=5, warmup=1):
    """queries: list of (name, sql, parallel).  Returns {name: [seconds...]}, {name: result}."""
    times = {q[0]: [] for q in queries}
    results = {}
    for r in range(warmup + rounds):
        for name, sql, parallel in queries:
            settings(conn, parallel)
            dt, res = time_query(conn, sql)
            results[name] = res
            if r >= warmup:
                times[name].append(dt)
    return times, results


def summarize(times, floor_name):
    floor = statistics.median(times[floor_name])
    out = []
    for name, ts in times.items():
        med = statistics.median(ts)
        out.append((name, med, min(ts), max(ts), med / floor))
    return out


def markdown(rows, title):
    lines = [f"**{title}**", "", "| query | median s | spread (min-max) s | ratio to floor |",
             "|---|---:|---:|---:|"]
    for name, med, lo, hi, ratio in rows:
        lines.append(f"| {name} | {med:.3f} | {lo:.3f}-{hi:.3f} | {ratio:.2f}x |")
    return "\n".join(lines)


def machine():
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as f:
            for l in f:
                if l.startswith("model name"):
                    cpu = l.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"
