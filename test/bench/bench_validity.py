"""Benchmark of mlcheck.validity_report and mlcheck.check_rules over 20
float8 and 5 text columns (vocabularies of 8 to 1000 categories), against
the floor: the two scans of the reference and the current relation with
SELECT count(*), sum(c1), ..., sum(c20), count(t1), ..., count(t5).

Usage: /usr/bin/python3 test/bench/bench_validity.py [rows]   (default 2 000 000 per relation)
Starts (or reuses) the benchmark cluster on port $MLCHECK_BENCH_PORT (5497).
Prints a Markdown table of medians and ratios measured in one run, and
checks that the serial and parallel reports are equal.
"""
import sys

import benchlib as B

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
B.start_cluster()
conn = B.ensure_db("mlcheck_bench_validity")
cur = conn.cursor()
NUM = [f"c{i}" for i in range(1, 21)]
TXT = [f"t{i}" for i in range(1, 6)]
CARD = [8, 30, 100, 300, 1000]


def build(name, shift, seed):
    cols = ", ".join(
        [f"CASE WHEN (h + {i}) % 1000 = 0 THEN NULL ELSE (((h >> {i}) % 100000) / 1000.0 + {shift})::float8 END AS c{i}"
         for i in range(1, 21)] +
        [f"'v' || ((h >> {20 + i}) % {CARD[i - 1]} + CASE WHEN (h >> 40) % 500 = 0 THEN {seed} * 1000 ELSE 0 END) AS t{i}"
         for i in range(1, 6)])
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(f"""CREATE UNLOGGED TABLE {name} AS
                    SELECT {cols} FROM (SELECT abs(hashint8(i + {seed} * {N})::bigint) AS h
                                          FROM generate_series(1, {N}) i) s""")
    cur.execute(f"VACUUM ANALYZE {name}")


cur.execute("SELECT to_regclass('public.vref') IS NOT NULL")
exists = cur.fetchone()[0]
if exists:
    cur.execute("SELECT count(*) = %s AND pg_typeof(min(c1)) = 'double precision'::regtype FROM vref", (N,))
    exists = cur.fetchone()[0]
if not exists:
    build("vref", 0, 0)
    build("vcur", 1, 1)

FLOOR = " UNION ALL ".join(
    f"SELECT count(*), {', '.join(f'sum({c})' for c in NUM)}, {', '.join(f'count({t})' for t in TXT)} FROM {rel}"
    for rel in ("vref", "vcur"))
REPORT = "SELECT * FROM mlcheck.validity_report('vref', 'vcur')"
RULES = "{" + ", ".join([f'"{c}": {{"not_null": true, "finite": true, "min": 0, "max": 100}}' for c in NUM] +
                        [f'"{t}": {{"in": [{", ".join(chr(34) + "v" + str(k) + chr(34) for k in range(CARD[i]))}]}}'
                         for i, t in enumerate(TXT)]) + "}"
CHECK = f"SELECT * FROM mlcheck.check_rules('vcur', '{RULES}')"
FLOOR1 = (f"SELECT count(*), {', '.join(f'sum({c})' for c in NUM)}, {', '.join(f'count({t})' for t in TXT)} "
          "FROM vcur")
Q = [
    ("floor: both scans, count(*) + 20 sum + 5 count", FLOOR, False),
    ("mlcheck.validity_report(vref, vcur), 25 columns", REPORT, False),
    ("floor, 2 parallel workers", FLOOR, True),
    ("validity_report, 2 parallel workers", REPORT, True),
    ("floor of one relation (vcur)", FLOOR1, False),
    ("mlcheck.check_rules(vcur, 85 rules)", CHECK, False),
]
times, results = B.run_round_robin(conn, Q, rounds=3)
rows = B.summarize(times, Q[0][0])
med = {r[0]: r[1] for r in rows}
print(B.markdown(rows, f"validity, {N:,} rows per relation, 20 float8 + 5 text columns, {B.machine()}"))
print()
print(f"- validity_report / floor, serial: {med[Q[1][0]] / med[Q[0][0]]:.2f}x")
print(f"- validity_report / floor, 2 parallel workers: {med[Q[3][0]] / med[Q[2][0]]:.2f}x")
print(f"- check_rules / floor of one relation, serial: {med[Q[5][0]] / med[Q[4][0]]:.2f}x")
same = sorted(results[Q[1][0]]) == sorted(results[Q[3][0]])
print(f"- serial and parallel reports equal: {same}")
sys.exit(0 if same else 1)
