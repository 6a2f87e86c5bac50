"""Benchmark of the multi-class probability summary: mlcheck.multiclass over
K classes against the export path (COPY the probabilities to Python and run
sklearn roc_auc_score(multi_class='ovr')), the floor scan of the same
columns, and the state's bytes per row.

Usage: /usr/bin/python3 test/bench/bench_multiclass.py [rows] [rounds] [classes]
Uses the cluster on port $MLCHECK_BENCH_PORT (default 5501; started if needed).
Prints a Markdown table; every ratio comes from this one run.
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

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
K = int(sys.argv[3]) if len(sys.argv) > 3 else 10
T = f"bench_multiclass_{K}"

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
    # deterministic softmax-like rows: weights from a hash of (i, k), the
    # actual class drawn to agree with the largest weight most of the time
    cur.execute(f"""
      CREATE UNLOGGED TABLE {T} AS
      SELECT i, (SELECT array_agg(w / s ORDER BY k) FROM
                   (SELECT k, w, sum(w) OVER () AS s FROM
                      (SELECT k, (1 + (hashint8(i * 64 + k) & 1023))::float8 *
                                 CASE WHEN k = i % {K} THEN 3 ELSE 1 END AS w
                         FROM generate_series(0, {K - 1}) k) q) r) AS probs,
             (CASE WHEN hashint8(i) & 7 = 0 THEN (i + 1) % {K} ELSE i % {K} END)::bigint AS actual
        FROM generate_series(1, {N}) i""")
    cur.execute(f"VACUUM ANALYZE {T}")

queries = [
    ("floor: count(*), sum(actual), sum(probs[1])", f"SELECT count(*), sum(actual), sum(probs[1]) FROM {T}", False),
    ("mlcheck.multiclass + roc_auc_ovr + log_loss + top-3",
     f"SELECT mlcheck.roc_auc_ovr(m), mlcheck.log_loss(m), mlcheck.top_k_accuracy(m, 3) "
     f"FROM (SELECT mlcheck.multiclass(probs, actual) AS m FROM {T}) s", False),
    ("same, 2 parallel workers",
     f"SELECT mlcheck.roc_auc_ovr(m), mlcheck.log_loss(m), mlcheck.top_k_accuracy(m, 3) "
     f"FROM (SELECT mlcheck.multiclass(probs, actual) AS m FROM {T}) s", True),
]
times, results = B.run_round_robin(conn, queries, rounds=ROUNDS, warmup=1)


def export_sklearn():
    buf = io.StringIO()
    t0 = time.perf_counter()
    cur.copy_expert(f"COPY (SELECT actual, array_to_string(probs, ',') FROM {T}) TO STDOUT", buf)
    buf.seek(0)
    y = np.empty(N, dtype=np.int64)
    P = np.empty((N, K))
    for i, line in enumerate(buf):
        a, p = line.rstrip("\n").split("\t")
        y[i] = int(a)
        P[i] = np.array(p.split(","), dtype=float)
    auc = roc_auc_score(y, P, multi_class="ovr", labels=list(range(K)))
    return time.perf_counter() - t0, auc


ex = [export_sklearn() for _ in range(max(1, ROUNDS - 1))]
times["COPY to Python + sklearn roc_auc_score(ovr)"] = [e[0] for e in ex]
cur.execute(f"SELECT pg_column_size(mlcheck.multiclass(probs, actual)) FROM {T}")
size = cur.fetchone()[0]

print(f"multiclass benchmark: {N} rows, {K} classes, {ROUNDS} rounds; {B.machine()}")
print()
print(B.markdown(B.summarize(times, queries[0][0]), "multiclass vs the floor scan and the export path"))
print()
med = {k: statistics.median(v) for k, v in times.items()}
mc = med[queries[1][0]]
print(f"| measure | value |\n|---|---:|")
print(f"| export path / mlcheck (serial) | {med['COPY to Python + sklearn roc_auc_score(ovr)'] / mc:.1f}x slower |")
print(f"| parallel / serial | {med[queries[2][0]] / mc:.2f}x |")
print(f"| state bytes per row | {size / N:.1f} (8*K + 4 = {8 * K + 4}) |")
print()
print(f"mlcheck OvR AUC {results[queries[1][0]][0][0]!r}; sklearn {ex[-1][1]!r}")
