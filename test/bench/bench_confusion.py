"""Benchmark of mlcheck.confusion on 10 million rows (issue 2).

Usage: /usr/bin/python3 test/bench/bench_confusion.py [rows]
Starts (or reuses) the benchmark cluster on port $MLCHECK_BENCH_PORT (5497).
Prints a Markdown table of medians and ratios measured in one run.
"""
import sys

import benchlib as B

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
B.start_cluster()
conn = B.ensure_db("mlcheck_bench")
cur = conn.cursor()
cur.execute("SELECT to_regclass('public.bench_conf') IS NOT NULL")
exists = cur.fetchone()[0]
if exists:
    cur.execute("SELECT count(*) = %s FROM bench_conf", (N,))
    exists = cur.fetchone()[0]
if not exists:
    cur.execute("DROP TABLE IF EXISTS bench_conf")
    # deterministic: scores from a hash of i; 5 classes; skewed segments
    cur.execute("""
      CREATE UNLOGGED TABLE bench_conf AS
      SELECT (h % 100) < 30 AS label,
             least(1.0, greatest(0.0, ((h >> 8) % 1000) / 1000.0 + CASE WHEN (h % 100) < 30 THEN 0.25 ELSE -0.05 END)) AS score,
             (h % 5)::int AS true_class,
             (CASE WHEN (h >> 12) % 10 < 7 THEN h % 5 ELSE (h >> 16) % 5 END)::int AS pred_class,
             (ARRAY['north','south','east','west','online'])[1 + (h % 5)] AS true_text,
             (ARRAY['north','south','east','west','online'])[1 + (CASE WHEN (h >> 12) % 10 < 7 THEN h % 5 ELSE (h >> 16) % 5 END)] AS pred_text
        FROM (SELECT i, abs(hashint8(i)::bigint) AS h FROM generate_series(1, {N}) i) s""".format(N=int(N)))
    cur.execute("VACUUM ANALYZE bench_conf")

Q = [
    ("floor: count(*), sum(label::int), sum((score>=0.5)::int)",
     "SELECT count(*), sum(label::int), sum((score >= 0.5)::int) FROM bench_conf", False),
    ("mlcheck.confusion(label, score >= 0.5)",
     "SELECT mlcheck.confusion(label, score >= 0.5)::text FROM bench_conf", False),
    ("floor, 2 parallel workers",
     "SELECT count(*), sum(label::int), sum((score >= 0.5)::int) FROM bench_conf", True),
    ("mlcheck.confusion(label, score >= 0.5), 2 parallel workers",
     "SELECT mlcheck.confusion(label, score >= 0.5)::text FROM bench_conf", True),
    ("plain SQL: GROUP BY true_class, pred_class",
     "SELECT true_class, pred_class, count(*) FROM bench_conf GROUP BY 1, 2", False),
    ("mlcheck.confusion(true_class::bigint, pred_class::bigint)",
     "SELECT mlcheck.confusion(true_class::bigint, pred_class::bigint)::text FROM bench_conf", False),
    ("plain SQL: GROUP BY true_text, pred_text",
     "SELECT true_text, pred_text, count(*) FROM bench_conf GROUP BY 1, 2", False),
    ("mlcheck.confusion(true_text, pred_text)",
     "SELECT mlcheck.confusion(true_text, pred_text)::text FROM bench_conf", False),
]
times, results = B.run_round_robin(conn, Q, rounds=5)
rows = B.summarize(times, Q[0][0])
# ratios for the comparisons the issue asks for
med = {r[0]: r[1] for r in rows}
print(B.markdown(rows, f"mlcheck.confusion, {N:,} rows, {B.machine()}"))
print()
print(f"- confusion(bool) / floor, serial: {med[Q[1][0]] / med[Q[0][0]]:.2f}x")
print(f"- confusion(bool) parallel / serial: {med[Q[3][0]] / med[Q[1][0]]:.2f}x")
print(f"- confusion(bigint, 5 classes) / GROUP BY: {med[Q[5][0]] / med[Q[4][0]]:.2f}x")
print(f"- confusion(text, 5 classes) / GROUP BY text: {med[Q[7][0]] / med[Q[6][0]]:.2f}x")
# agreement: the matrix equals the GROUP BY counts
import json
m = json.loads(results[Q[5][0]][0][0])
gb = {(r[0], r[1]): r[2] for r in results[Q[4][0]]}
ok = all(m["matrix"][m["labels"].index(a)][m["labels"].index(p)] == c for (a, p), c in gb.items())
print(f"- matrix equals GROUP BY counts: {ok}")
sys.exit(0 if ok else 1)
