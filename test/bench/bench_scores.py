"""Benchmark of classification by scores (issue 3): exact roc_auc / pr_auc,
scores(), against a floor scan, plain-SQL window AUC and the COPY-to-sklearn
path, plus the memory of the exact AUC state.

Usage: /usr/bin/python3 test/bench/bench_scores.py [rows] [rounds]
Uses the cluster on port $MLCHECK_BENCH_PORT (default 5501; started if needed).
Prints Markdown tables; every ratio comes from this one run.
"""
import io
import os
import statistics
import sys
import time

os.environ.setdefault("MLCHECK_BENCH_PORT", "5501")

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

import benchlib as B  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
T = "bench_scores"

B.start_cluster()
conn = B.ensure_db("mlcheck_bench")
cur = conn.cursor()
cur.execute("SELECT to_regclass(%s) IS NOT NULL", (T,))
exists = cur.fetchone()[0]
if exists:
    cur.execute(f"SELECT count(*) = %s FROM {T}", (N,))
    exists = cur.fetchone()[0]
if not exists:
    cur.execute(f"DROP TABLE IF EXISTS {T}")
    # deterministic: a hash of i; scores rounded to 1e-5 (about 100k distinct
    # values, so ~100 rows per tie at 10M), labels correlated with the score
    cur.execute(f"""
      CREATE UNLOGGED TABLE {T} AS
      SELECT round(((h >> 4) % 100000) / 100000.0, 5)::float8 AS score,
             ((h >> 24) % 1000) < 200 + ((h >> 4) % 100000) / 200 AS label
        FROM (SELECT hashint8extended(i, 0) & 9223372036854775807 AS h FROM generate_series(1, {N}) i) s""")
    cur.execute(f"VACUUM ANALYZE {T}")
cur.execute(f"SELECT count(*), count(DISTINCT score), avg(label::int) FROM {T}")
rows, distinct, pos_rate = cur.fetchone()
cur.execute("SELECT pg_relation_size(%s)", (T,))
table_bytes = cur.fetchone()[0]

FLOOR = f"SELECT count(*), sum(score), sum(label::int) FROM {T}"
WINDOW_SQL = f"""
SELECT (sum(r) FILTER (WHERE label)
        - count(*) FILTER (WHERE label) * (count(*) FILTER (WHERE label) + 1) / 2.0::float8)
       / (count(*) FILTER (WHERE label)::float8 * count(*) FILTER (WHERE NOT label))
  FROM (SELECT label,
               rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2.0::float8 AS r
          FROM {T}) s"""

Q = [
    ("floor: count(*), sum(score), sum(label::int)", FLOOR, False),
    ("mlcheck.roc_auc(score, label)", f"SELECT mlcheck.roc_auc(score, label) FROM {T}", False),
    ("mlcheck.pr_auc(score, label)", f"SELECT mlcheck.pr_auc(score, label) FROM {T}", False),
    ("roc_auc + pr_auc in one SELECT (shared state)",
     f"SELECT mlcheck.roc_auc(score, label), mlcheck.pr_auc(score, label) FROM {T}", False),
    ("mlcheck.scores(score, label) (max_bins 10000)",
     f"SELECT mlcheck.roc_auc(mlcheck.scores(score, label)) FROM {T}", False),
    ("mlcheck.log_loss(score, label)", f"SELECT mlcheck.log_loss(score, label) FROM {T}", False),
    ("floor, 2 parallel workers", FLOOR, True),
    ("mlcheck.roc_auc, 2 parallel workers", f"SELECT mlcheck.roc_auc(score, label) FROM {T}", True),
    ("mlcheck.pr_auc, 2 parallel workers", f"SELECT mlcheck.pr_auc(score, label) FROM {T}", True),
    ("mlcheck.scores, 2 parallel workers",
     f"SELECT mlcheck.roc_auc(mlcheck.scores(score, label)) FROM {T}", True),
]

# parallel plans must really be parallel
B.settings(conn, True)
cur.execute("EXPLAIN (COSTS OFF) SELECT mlcheck.roc_auc(score, label) FROM " + T)
plan = "\n".join(r[0] for r in cur.fetchall())
assert "Partial Aggregate" in plan and "Gather" in plan, plan

times, results = B.run_round_robin(conn, Q, rounds=ROUNDS, warmup=1)
exact_auc = results["mlcheck.roc_auc(score, label)"][0][0]
assert results["mlcheck.roc_auc, 2 parallel workers"][0][0] == exact_auc, "parallel != serial"


# the two slow reference paths: fewer rounds
def timed(fn, rounds):
    out, val = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        val = fn()
        out.append(time.perf_counter() - t0)
    return out, val


def window_sql():
    B.settings(conn, False)
    cur.execute(WINDOW_SQL)
    return cur.fetchone()[0]


def export_sklearn():
    buf = io.BytesIO()
    cur.copy_expert(f"COPY (SELECT score, label::int FROM {T}) TO STDOUT", buf)
    a = np.fromstring(buf.getvalue(), sep=" ")  # tabs and newlines are whitespace
    return roc_auc_score(a[1::2].astype(np.int8), a[0::2])


ref_rounds = max(1, min(3, ROUNDS))
times["plain SQL: window rank-sum AUC (tie-corrected)"], w_auc = timed(window_sql, ref_rounds)
times["COPY to Python + sklearn roc_auc_score"], sk_auc = timed(export_sklearn, ref_rounds)
assert abs(w_auc - exact_auc) <= 1e-9, (w_auc, exact_auc)
assert abs(sk_auc - exact_auc) <= 1e-9, (sk_auc, exact_auc)


# memory: peak RSS of a fresh backend, after the floor scan vs after roc_auc
def vm_hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def peak_delta(sql):
    c = B.connect("mlcheck_bench")
    k = c.cursor()
    B.settings(c, False)
    k.execute("SELECT pg_backend_pid()")
    pid = k.fetchone()[0]
    k.execute(FLOOR)
    k.fetchall()
    before = vm_hwm_kb(pid)
    k.execute(sql)
    k.fetchall()
    after = vm_hwm_kb(pid)
    c.close()
    return (after - before) * 1024


mem = [
    ("mlcheck.roc_auc(score, label)", peak_delta(f"SELECT mlcheck.roc_auc(score, label) FROM {T}")),
    ("mlcheck.roc_auc(score, label, 1.0) (weighted state)",
     peak_delta(f"SELECT mlcheck.roc_auc(score, label, 1.0) FROM {T}")),
    ("mlcheck.scores(score, label)", peak_delta(f"SELECT mlcheck.scores(score, label) FROM {T}")),
]
cur.execute(f"SELECT pg_column_size(mlcheck.scores(score, label)), mlcheck.is_exact(mlcheck.scores(score, label)) FROM {T}")
scores_bytes, scores_exact = cur.fetchone()

summary = B.summarize(times, Q[0][0])
floor = statistics.median(times[Q[0][0]])
med = {name: m for name, m, _, _, _ in summary}
print(f"rows: {rows:,}; distinct scores: {distinct:,}; positive rate {float(pos_rate):.3f}; "
      f"table {table_bytes / 2**20:.0f} MB; machine: {B.machine()}")
print(f"exact AUC {exact_auc!r}; window SQL {w_auc!r}; sklearn {sk_auc!r}")
print()
print(B.markdown(summary, f"{rows:,} rows, {ROUNDS} rounds (reference paths {ref_rounds}), medians"))
print()
print("| comparison | measured |")
print("|---|---:|")
print(f"| roc_auc serial / floor | {med['mlcheck.roc_auc(score, label)'] / floor:.2f}x |")
print(f"| pr_auc serial / floor | {med['mlcheck.pr_auc(score, label)'] / floor:.2f}x |")
print(f"| scores() serial / floor | {med['mlcheck.scores(score, label) (max_bins 10000)'] / floor:.2f}x |")
print(f"| roc_auc parallel / serial | {med['mlcheck.roc_auc, 2 parallel workers'] / med['mlcheck.roc_auc(score, label)']:.2f}x |")
print(f"| window SQL / roc_auc | {med['plain SQL: window rank-sum AUC (tie-corrected)'] / med['mlcheck.roc_auc(score, label)']:.1f}x slower |")
print(f"| COPY + sklearn / roc_auc | {med['COPY to Python + sklearn roc_auc_score'] / med['mlcheck.roc_auc(score, label)']:.1f}x slower |")
print()
print("| state | backend peak RSS growth | bytes per row |")
print("|---|---:|---:|")
for name, b in mem:
    print(f"| {name} | {b / 2**20:.1f} MB | {b / rows:.2f} |")
print(f"| stored mlcheck.scores value (exact: {scores_exact}) | {scores_bytes / 1024:.0f} kB | - |")
