"""Benchmark of mlcheck.slice_report on 10 million rows and 3 slice columns
(issue 6), against the plain SQL a user would write for the same counts:
GROUP BY GROUPING SETS with count(*) FILTER expressions.

Usage: /usr/bin/python3 test/bench/bench_slices.py [rows] [--score]
Starts (or reuses) the benchmark cluster on port $MLCHECK_BENCH_PORT (5497).
--score also times the report with a score column (exact ROC AUC per slice,
which has no plain-SQL counterpart).  Prints a Markdown table of medians and
ratios measured in one run, and checks that both queries agree.
"""
import sys

import benchlib as B

args = [a for a in sys.argv[1:] if not a.startswith("--")]
WITH_SCORE = "--score" in sys.argv
N = int(args[0]) if args else 10_000_000
B.start_cluster()
conn = B.ensure_db("mlcheck_bench_slices")
cur = conn.cursor()
cur.execute("SELECT to_regclass('public.bench_slices') IS NOT NULL")
exists = cur.fetchone()[0]
if exists:
    cur.execute("SELECT count(*) = %s FROM bench_slices", (N,))
    exists = cur.fetchone()[0]
if not exists:
    cur.execute("DROP TABLE IF EXISTS bench_slices")
    # deterministic: everything derives from a hash of i.  region has 5
    # values and NULLs, tier 4 values, channel 3; the model is worse on
    # 'south' and on the 'partner' channel.
    cur.execute("""
      CREATE UNLOGGED TABLE bench_slices AS
      SELECT label, score, region, tier, channel,
             CASE WHEN (region = 'south' OR channel = 'partner') AND (h >> 20) % 10 < 2
                  THEN score < 0.5 ELSE score >= 0.5 END AS pred
        FROM (SELECT h, (h % 100) < 30 AS label,
                     least(1.0, greatest(0.0, ((h >> 8) % 1000) / 1000.0
                           + CASE WHEN (h % 100) < 30 THEN 0.25 ELSE -0.05 END)) AS score,
                     (ARRAY['north', 'south', 'east', 'west', 'online', NULL])[1 + (h >> 24) % 6] AS region,
                     (1 + (h >> 28) % 4)::int AS tier,
                     (ARRAY['web', 'store', 'partner'])[1 + (h >> 32) % 3] AS channel
                FROM (SELECT abs(hashint8(i)::bigint) AS h FROM generate_series(1, {N}) i) s) t
      """.format(N=int(N)))
    cur.execute("VACUUM ANALYZE bench_slices")

PLAIN = """
SELECT g, region, tier, channel, n, correct, tp, fp, fn,
       correct::float8 / nullif(n, 0) AS accuracy,
       tp::float8 / nullif(tp + fp, 0) AS precision,
       tp::float8 / nullif(tp + fn, 0) AS recall,
       2 * tp::float8 / nullif(2 * tp + fp + fn, 0) AS f1
  FROM (SELECT GROUPING(region, tier, channel) AS g, region, tier, channel,
               count(*) FILTER (WHERE label IS NOT NULL AND pred IS NOT NULL) AS n,
               count(*) FILTER (WHERE label = pred) AS correct,
               count(*) FILTER (WHERE label AND pred) AS tp,
               count(*) FILTER (WHERE NOT label AND pred) AS fp,
               count(*) FILTER (WHERE label AND NOT pred) AS fn
          FROM bench_slices
         GROUP BY GROUPING SETS ((), (region), (tier), (channel))) s
 ORDER BY g DESC, region, tier, channel"""
REPORT = "SELECT * FROM mlcheck.slice_report('bench_slices', 'label', 'pred', ARRAY['region', 'tier', 'channel'])"
REPORT_SCORE = ("SELECT * FROM mlcheck.slice_report('bench_slices', 'label', 'pred', "
                "ARRAY['region', 'tier', 'channel'], 'score')")
Q = [
    ("floor: SELECT count(*), sum(label::int) (one pass, no grouping)",
     "SELECT count(*), sum(label::int) FROM bench_slices", False),
    ("plain SQL: GROUPING SETS + 5 count(*) FILTER", PLAIN, False),
    ("mlcheck.slice_report(..., 3 slices)", REPORT, False),
    ("plain SQL, 2 parallel workers", PLAIN, True),
    ("mlcheck.slice_report(..., 3 slices), 2 parallel workers", REPORT, True),
]
if WITH_SCORE:
    Q.append(("mlcheck.slice_report(..., 3 slices, score => 'score') (adds exact AUC), serial", REPORT_SCORE, False))
times, results = B.run_round_robin(conn, Q, rounds=5 if not WITH_SCORE else 3)
rows = B.summarize(times, Q[0][0])
med = {r[0]: r[1] for r in rows}
print(B.markdown(rows, f"mlcheck.slice_report, {N:,} rows, 3 slice columns, {B.machine()}"))
print()
print(f"- slice_report / plain GROUPING SETS SQL, serial: {med[Q[2][0]] / med[Q[1][0]]:.2f}x (target <= 1.2x)")
print(f"- slice_report / plain GROUPING SETS SQL, 2 parallel workers: {med[Q[4][0]] / med[Q[3][0]]:.2f}x")
if WITH_SCORE:
    print(f"- slice_report with exact AUC / plain SQL, serial: {med[Q[5][0]] / med[Q[1][0]]:.2f}x")

# agreement: same n and accuracy for every slice
plain = {}
for g, region, tier, channel, n, correct, *_ in results[Q[1][0]]:
    if g == 7:
        plain[(None, None)] = (n, correct)
    elif g == 3:
        plain[("region", region)] = (n, correct)
    elif g == 5:
        plain[("tier", None if tier is None else str(tier))] = (n, correct)
    elif g == 6:
        plain[("channel", channel)] = (n, correct)
ok = True
for q in [Q[2][0], Q[4][0]] + ([Q[5][0]] if WITH_SCORE else []):
    rep = {(r[0], r[1]): (r[3], r[5]) for r in results[q]}
    ok = ok and len(rep) == len(plain) and all(
        rep[k][0] == v[0] and abs(rep[k][1] - v[1] / v[0]) <= 1e-12 for k, v in plain.items())
print(f"- every slice_report run equals the plain SQL counts ({len(plain)} rows): {ok}")
sys.exit(0 if ok else 1)
