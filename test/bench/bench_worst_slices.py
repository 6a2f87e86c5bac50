"""Benchmark of mlcheck.worst_slices: 5 segment columns, depth 2, on N rows
(default 10 million), against one GROUP BY CUBE of the same 5 columns that
computes the size and error count of every slice of every depth — the
counts a user would start from to find weak slices by hand.

Usage: /usr/bin/python3 test/bench/bench_worst_slices.py [rows] [--rounds R]
Starts (or reuses) the benchmark cluster on port $MLCHECK_BENCH_PORT (5497).
Prints a Markdown table of medians and ratios measured in one run, the
number of scans of the source by worst_slices (seq_scan delta of the
table in pg_stat_xact_user_tables, serial plan), and checks that the top
slice is the planted one with the same counts as the CUBE row.
"""
import sys

import benchlib as B

argv = sys.argv[1:]
ROUNDS = 3
if "--rounds" in argv:
    i = argv.index("--rounds")
    ROUNDS = int(argv[i + 1])
    del argv[i:i + 2]
N = int(argv[0]) if argv else 10_000_000
B.start_cluster()
conn = B.ensure_db("mlcheck_bench_worst_slices")
cur = conn.cursor()
cur.execute("SELECT to_regclass('public.bench_ws') IS NOT NULL")
exists = cur.fetchone()[0]
if exists:
    cur.execute("SELECT count(*) = %s FROM bench_ws", (N,))
    exists = cur.fetchone()[0]
if not exists:
    cur.execute("DROP TABLE IF EXISTS bench_ws")
    # deterministic: everything derives from a hash of i.  Base error rate
    # 8%; the planted slice region = 'south' AND channel = 'partner' errs
    # on 25% while 'south' and 'partner' elsewhere err a little less.
    cur.execute("""
      CREATE UNLOGGED TABLE bench_ws AS
      SELECT label, region, tier, channel, device, plan,
             CASE WHEN h2 % 1000 < CASE WHEN region = 'south' AND channel = 'partner' THEN 250
                                               WHEN region = 'south' OR channel = 'partner' THEN 50
                                               ELSE 80 END
                  THEN NOT label ELSE label END AS pred
        FROM (SELECT h, h2, (h % 100) < 30 AS label,
                     (ARRAY['north', 'south', 'east', 'west', 'online', NULL])[1 + (h >> 8) % 6] AS region,
                     'T' || (1 + (h >> 12) % 4) AS tier,
                     (ARRAY['web', 'store', 'partner'])[1 + (h >> 16) % 3] AS channel,
                     (ARRAY['ios', 'android', 'desktop', 'tv'])[1 + (h >> 20) % 4] AS device,
                     (ARRAY['free', 'basic', 'plus', 'pro', 'team'])[1 + (h >> 24) % 5] AS plan
                FROM (SELECT abs(hashint8(i)::bigint) AS h, abs(hashint8(-i)::bigint) AS h2
                        FROM generate_series(1, {N}) i) s) t
      """.format(N=int(N)))
    cur.execute("VACUUM ANALYZE bench_ws")

COLS = ["region", "tier", "channel", "device", "plan"]
CUBE = """SELECT GROUPING(region, tier, channel, device, plan) AS g, region, tier, channel, device, plan,
       count(*) AS n, count(*) FILTER (WHERE label <> pred) AS errors
  FROM bench_ws GROUP BY CUBE (region, tier, channel, device, plan)"""
# the same counts, pre-aggregated first (what a careful user would write)
CUBE_PRE = """SELECT GROUPING(region, tier, channel, device, plan) AS g, region, tier, channel, device, plan,
       sum(n) AS n, sum(errors) AS errors
  FROM (SELECT region, tier, channel, device, plan, count(*) AS n, count(*) FILTER (WHERE label <> pred) AS errors
          FROM bench_ws GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY CUBE (region, tier, channel, device, plan)"""
WORST = ("SELECT * FROM mlcheck.worst_slices('bench_ws', 'label', 'pred', "
         "ARRAY['region', 'tier', 'channel', 'device', 'plan'], max_depth => 2)")
Q = [
    ("floor: SELECT count(*), sum(label::int) (one pass, no grouping)",
     "SELECT count(*), sum(label::int) FROM bench_ws", False),
    ("baseline: GROUP BY CUBE (5 columns), count(*) + errors", CUBE, False),
    ("mlcheck.worst_slices(5 columns, max_depth 2)", WORST, False),
    ("baseline 2: GROUP BY 5 columns, then CUBE over the counts", CUBE_PRE, False),
    ("baseline, 2 parallel workers", CUBE, True),
    ("mlcheck.worst_slices, 2 parallel workers", WORST, True),
]
I_CUBE, I_WORST, I_PRE, I_PCUBE, I_PWORST = 1, 2, 3, 4, 5
times, results = B.run_round_robin(conn, Q, rounds=ROUNDS)
rows = B.summarize(times, Q[0][0])
med = {r[0]: r[1] for r in rows}
print(B.markdown(rows, f"mlcheck.worst_slices, {N:,} rows, 5 columns, depth 2, {B.machine()}"))
print()
print(f"- worst_slices / GROUP BY CUBE, serial: {med[Q[I_WORST][0]] / med[Q[I_CUBE][0]]:.2f}x")
print(f"- worst_slices / pre-aggregated CUBE, serial: {med[Q[I_WORST][0]] / med[Q[I_PRE][0]]:.2f}x")
print(f"- worst_slices / GROUP BY CUBE, 2 parallel workers: {med[Q[I_PWORST][0]] / med[Q[I_PCUBE][0]]:.2f}x")

# scans of the source, counted in this transaction's statistics (serial plan)
conn.autocommit = False
B.settings(conn, False)
cur = conn.cursor()
cur.execute("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'bench_ws'::regclass")
before = cur.fetchone()[0]
cur.execute(WORST)
cur.fetchall()
cur.execute("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'bench_ws'::regclass")
scans = cur.fetchone()[0] - before
conn.commit()
print(f"- scans of the source by worst_slices (depth 2, no numeric column): {scans} (at most 3 required)")

# agreement: the planted slice comes first, with the CUBE's counts
res = results[Q[I_WORST][0]]
top = res[0] if res else (None,) * 5
cube = {r[1:6]: (r[6], r[7]) for r in results[Q[I_CUBE][0]] if r[0] == 0b01011}
pre = {r[1:6]: (int(r[6]), int(r[7])) for r in results[Q[I_PRE][0]] if r[0] == 0b01011}
want = cube.get(("south", None, "partner", None, None))
same_par = results[Q[I_PWORST][0]] == res
ok = (top[1] == "region = 'south' AND channel = 'partner'" and want is not None
      and (top[3], top[4]) == want and cube == pre and same_par and scans <= 3)
print(f"- top slice {top[1]!r}: n {top[3]}, errors {top[4]}, CUBE row {want}; "
      f"parallel rows equal serial: {same_par}; ok: {ok}")
sys.exit(0 if ok else 1)
