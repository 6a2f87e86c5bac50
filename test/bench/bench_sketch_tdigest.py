"""Numeric profile sketch vs the t-digest extension, side by side (run with
/usr/bin/python3).

    MLCHECK_BENCH_PORT=PORT /usr/bin/python3 test/bench/bench_sketch_tdigest.py \
        [--rows 1000000] [--seeds 5] [--rounds 3] [--groups 1000] [--group-rows 10000]

Setup: installs postgresql-15-tdigest with apt-get when it is missing and
copies its files into the PostgreSQL that pg_config names (a private copy
gets them too).  t-digest is only a yardstick here, never a dependency.

Columns (rows in random order, one table per seed, serial plans):
lognormal(0, 2) = exp(2 N(0,1)), Pareto(alpha = 1.5, x_m = 1), uniform(0, 1)
and many ties (floor(50 u)).  Printed per column, as the median over seeds:
  - normalised rank error at p in {0.001, 0.01, 0.5, 0.99, 0.999}: distance
    from p to [F(v-), F(v)] of the estimate v (0 when v is a correct
    p-quantile), and the worst over the 99 percentiles;
  - relative value error |v - Q| / |Q|, Q = percentile_disc(p) (computed
    from the fetched, sorted column);
  - stored size (pg_column_size), and of profiles of the first 100..4097
    rows (exact while the values fit 8 kB);
  - build time of one profile / digest over the column, as a ratio to the
    scan floor SELECT count(*), sum(x) (seed 0 table, round-robin);
  - merge time of `--groups` stored profiles / digests of `--group-rows`
    rows each (lognormal), as a ratio to tdigest(x, 1000)'s merge.
"""
import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

PS = [0.001, 0.01, 0.5, 0.99, 0.999]
GRID = [i / 100 for i in range(1, 100)]
COLS = {
    "lognormal": "exp(2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))",
    "pareto": "(1 - random()) ^ (-1 / 1.5)",
    "uniform": "random()",
    "ties": "floor(random() * 50)",
}
# (aggregate, query of the stored value s at the array {ps} of p; one row)
METHODS = {
    "mlcheck": ("mlcheck.profile(x)",
                "SELECT pg_column_size(s), ARRAY(SELECT mlcheck.quantile(s, p) FROM unnest({ps}) p)"),
    "tdigest100": ("tdigest(x, 100)", "SELECT max(pg_column_size(s)), tdigest_percentile(s, {ps})"),
    "tdigest1000": ("tdigest(x, 1000)", "SELECT max(pg_column_size(s)), tdigest_percentile(s, {ps})"),
}


def pg_config(flag):
    return subprocess.run(["pg_config", flag], check=True, capture_output=True, text=True).stdout.strip()


def setup_tdigest():
    """Install the t-digest extension into the PostgreSQL that pg_config names."""
    lib, share = pg_config("--pkglibdir"), os.path.join(pg_config("--sharedir"), "extension")
    if os.path.exists(os.path.join(lib, "tdigest.so")):
        return
    sys_lib, sys_share = "/usr/lib/postgresql/15/lib", "/usr/share/postgresql/15/extension"
    if not os.path.exists(os.path.join(sys_lib, "tdigest.so")):
        subprocess.run(["apt-get", "install", "-y", "postgresql-15-tdigest"], check=True,
                       stdout=subprocess.DEVNULL)
    if os.path.realpath(lib) != os.path.realpath(sys_lib):
        shutil.copy(os.path.join(sys_lib, "tdigest.so"), lib)
        for f in os.listdir(sys_share):
            if f.startswith("tdigest"):
                shutil.copy(os.path.join(sys_share, f), share)


def backend_cpu(cur):
    """CPU seconds used so far by this connection's backend (utime + stime from
    /proc): unlike wall time it does not count waiting for a core, so ratios
    stay meaningful on a loaded machine.  None when /proc is not readable."""
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def time_round_robin(conn, queries, rounds):
    """{name: ([wall s], [backend cpu s])}, one run of each query per round after a warm-up."""
    cur = conn.cursor()
    out = {name: ([], []) for name, _ in queries}
    for r in range(rounds + 1):
        for name, sql in queries:
            c0 = backend_cpu(cur)
            t0 = time.perf_counter()
            cur.execute(sql)
            cur.fetchall()
            t1 = time.perf_counter()
            c1 = backend_cpu(cur)
            if r > 0:
                out[name][0].append(t1 - t0)
                out[name][1].append(None if c0 is None or c1 is None else c1 - c0)
    return out


def rank_error(v, lt, le, n, p):
    lo, hi = lt / n, le / n
    return 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))


def accuracy(cur, table, col, n):
    """{method: {"rank": {p: e}, "rel": {p: e}, "worst": e, "size": bytes}} for one table."""
    ests = {}
    sizes = {}
    ps = "ARRAY[" + ", ".join(repr(p) for p in PS + GRID) + "]::float8[]"
    for m, (agg, q) in METHODS.items():
        agg_col = agg.replace("(x", "(" + col)
        cur.execute(q.format(ps=ps) + f" FROM (SELECT {agg_col} FROM {table}) t(s)")
        sizes[m], ests[m] = cur.fetchone()
    buf = io.BytesIO()
    cur.copy_expert(f"COPY (SELECT {col} FROM {table}) TO STDOUT", buf)
    sv = np.sort(np.array(buf.getvalue().split(), dtype=np.float64))
    del buf
    # percentile_disc(p): the first value whose cumulative share reaches p
    qs = [sv[max(int(np.ceil(p * n)) - 1, 0)] for p in PS]
    allv = np.array(sorted({v for vs in ests.values() for v in vs}))
    lt = np.searchsorted(sv, allv, "left")
    le = np.searchsorted(sv, allv, "right")
    cnt = {v: (a, b) for v, a, b in zip(allv.tolist(), lt.tolist(), le.tolist())}
    out = {}
    for m, vs in ests.items():
        ranks = [rank_error(v, *cnt[v], n, p) for v, p in zip(vs, PS + GRID)]
        out[m] = {"rank": dict(zip(PS, ranks[:len(PS)])),
                  "rel": {p: abs(v - qv) / abs(qv) if qv else abs(v) for p, v, qv in zip(PS, vs, qs)},
                  "worst": max(ranks), "size": sizes[m]}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--groups", type=int, default=1000)
    ap.add_argument("--group-rows", type=int, default=10000)
    a = ap.parse_args()
    setup_tdigest()
    benchlib.start_cluster()
    conn = benchlib.ensure_db("mlcheck_bench_tdigest")
    cur = conn.cursor()
    cur.execute("CREATE EXTENSION IF NOT EXISTS tdigest")
    benchlib.settings(conn, False)
    n = a.rows
    acc = {}
    for seed in range(a.seeds):
        t = f"bt_{seed}"
        cur.execute(f"DROP TABLE IF EXISTS {t}")
        cur.execute(f"SELECT setseed({0.1 + seed / 100})")
        cols = ", ".join(f"{e} AS {c}" for c, e in COLS.items())
        cur.execute(f"CREATE TABLE {t} AS SELECT {cols} FROM generate_series(1, {n}) g")
        cur.execute(f"VACUUM ANALYZE {t}")
        for c in COLS:
            acc.setdefault(c, []).append(accuracy(cur, t, c, n))
    sys.stdout.reconfigure(line_buffering=True)
    print(f"# numeric profile vs t-digest: {n} rows, {a.seeds} seeds (median), serial plans; {benchlib.machine()}")
    for c in COLS:
        print(f"\n**{c}** (median over {a.seeds} seeds)\n")
        print("| sketch | size B | worst rank err (p=1..99%) | " +
              " | ".join(f"rank err p={p}" for p in PS) + " | " +
              " | ".join(f"rel err p={p}" for p in PS) + " |")
        print("|---" * (3 + 2 * len(PS)) + "|")
        for m in METHODS:
            runs = [r[m] for r in acc[c]]
            med = statistics.median
            row = [m, f"{med([r['size'] for r in runs]):.0f}", f"{med([r['worst'] for r in runs]):.5f}"]
            row += [f"{med([r['rank'][p] for r in runs]):.2e}" for p in PS]
            row += [f"{med([r['rel'][p] for r in runs]):.2e}" for p in PS]
            print("| " + " | ".join(row) + " |")
    # small profiles: exact while they fit 8 kB, stored size either way
    print("\n**stored size of profiles of the first m rows (bt_0): bytes, exact or sketched**\n")
    sizes = (100, 1000, 1200, 4096, 4097)
    print("| column | " + " | ".join(f"m = {m}" for m in sizes) + " |")
    print("|---" * (1 + len(sizes)) + "|")
    for c in COLS:
        cells = []
        for m in sizes:
            cur.execute(f"SELECT pg_column_size(p), mlcheck.is_exact(p) FROM (SELECT mlcheck.profile({c}) p "
                        f"FROM (SELECT {c} FROM bt_0 LIMIT {m}) s) t")
            sz, ex = cur.fetchone()
            cells.append(f"{sz} {'exact' if ex else 'sketch'}")
        print(f"| {c} | " + " | ".join(cells) + " |")
    # build time vs the scan floor
    print(f"\n**build time, ratio to the scan floor (table bt_0, {n} rows, {a.rounds} rounds; "
          "wall-clock medians, and in brackets the backend's CPU time, which a loaded machine does not inflate)**\n")
    print("| column | floor s (cpu s) | mlcheck | tdigest(x,100) | tdigest(x,1000) |")
    print("|---|---:|---:|---:|---:|")
    med = statistics.median
    for c in COLS:
        qs = [("floor", f"SELECT count(*), sum({c}) FROM bt_0")]
        for m, (agg, _) in METHODS.items():
            qs.append((m, f"SELECT pg_column_size({agg.replace('(x', '(' + c)}) FROM bt_0"))
        t = time_round_robin(conn, qs, a.rounds)
        w = {k: med(v[0]) for k, v in t.items()}
        cpu = {k: med(v[1]) if None not in v[1] else float("nan") for k, v in t.items()}
        cells = [f"{w[m] / w['floor']:.2f}x ({cpu[m] / cpu['floor']:.2f}x)" for m in METHODS]
        print(f"| {c} | {w['floor']:.3f} ({cpu['floor']:.3f}) | " + " | ".join(cells) + " |")
    # merge of stored profiles
    g, gr = a.groups, a.group_rows
    cur.execute("DROP TABLE IF EXISTS bt_parts")
    cur.execute("SELECT setseed(0.5)")
    cur.execute(f"""CREATE TABLE bt_parts AS
        SELECT g % {g} AS part, mlcheck.profile(x) AS p, tdigest(x, 100) AS d100, tdigest(x, 1000) AS d1000
        FROM (SELECT g, {COLS['lognormal']} AS x FROM generate_series(1, {g * gr}) g) s GROUP BY 1""")
    cur.execute("VACUUM ANALYZE bt_parts")
    cur.execute("SELECT avg(pg_column_size(p)), avg(pg_column_size(d100)), avg(pg_column_size(d1000)), "
                "bool_and(NOT mlcheck.is_exact(p)) FROM bt_parts")
    sp, s100, s1000, sk = cur.fetchone()
    qs = [("tdigest1000", "SELECT pg_column_size(tdigest(d1000)) FROM bt_parts", False),
          ("tdigest100", "SELECT pg_column_size(tdigest(d100)) FROM bt_parts", False),
          ("mlcheck", "SELECT pg_column_size(mlcheck.merge(p)) FROM bt_parts", False)]
    times, _ = benchlib.run_round_robin(conn, qs, rounds=a.rounds)
    s = {name: med for name, med, lo, hi, ratio in benchlib.summarize(times, "tdigest1000")}
    print(f"\n**merge of {g} stored profiles of {gr} lognormal rows each** "
          f"(mean stored size: mlcheck {sp:.0f} B{' sketched' if sk else ''}, tdigest 100 {s100:.0f} B, "
          f"tdigest 1000 {s1000:.0f} B)\n")
    print("| sketch | median s | ratio to tdigest(x,1000) |")
    print("|---|---:|---:|")
    for m in ("mlcheck", "tdigest100", "tdigest1000"):
        print(f"| {m} | {s[m]:.4f} | {s[m] / s['tdigest1000']:.2f}x |")
    for seed in range(a.seeds):
        cur.execute(f"DROP TABLE IF EXISTS bt_{seed}")
    cur.execute("DROP TABLE IF EXISTS bt_parts")


if __name__ == "__main__":
    main()
