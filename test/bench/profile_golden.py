"""Byte-identity check of numeric profiles across two builds (run with /usr/bin/python3).

  profile_golden.py dump FILE     record md5s of profiles of many inputs
  profile_golden.py check FILE    recompute and compare with FILE

For each input (distributions, ties, integers, wide ranges, subnormals, zeros
and -0, NaN/inf/NULL mixes; 1e3 to 3e6 rows; table order, sorted and reversed
order; merges of per-group profiles; parallel plans) it records the md5 of the
text form and of the binary send form.  The tables are built deterministically
(setseed) in database $MLCHECK_DB (default mlcheck_check) on port
$MLCHECK_PORT and kept (schema golden) for the next run.  Parallel plans split
rows among workers at random, so their profiles are recorded only when two
runs agree, else only their grid ("bits" and "buckets"), which does not depend
on the order of the rows.
"""
import os
import sys

import psycopg2

PORT = int(os.environ.get("MLCHECK_PORT", "5499"))
DB = os.environ.get("MLCHECK_DB", "mlcheck_check")

NORMAL = "sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())"
DISTS = {
    "uniform": "random()",
    "uniform_pm": "random() * 2 - 1",
    "normal": NORMAL,
    "normal_shift": f"1000 + 3 * {NORMAL}",
    "lognormal2": f"exp(2 * {NORMAL})",
    "pareto": "power(1 - random(), -1 / 1.5)",
    "pareto_pm": "(CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * power(1 - random(), -1 / 1.1)",
    "ties50": "floor(random() * 50)",
    "ties50_scaled": "floor(random() * 50) * 0.37 - 5",
    "integers": "floor(random() * 1000000)::float8",
    "wide": "(CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * power(10::float8, random() * 600 - 300)",
    "subnormal": "(CASE WHEN random() < 0.3 THEN -1 ELSE 1 END) * floor(random() * 1e6) * 4.9e-324",
    "subnormal_mix": "CASE WHEN random() < 0.5 THEN random() * 2.2e-308 ELSE random() END",
    "zeros": "CASE WHEN random() < 0.4 THEN 0::float8 WHEN random() < 0.5 THEN '-0'::float8 "
             "ELSE random() - 0.5 END",
    "huge": "(CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * (1.79e308 - random() * 1e300)",
    "specials": "CASE WHEN random() < 0.05 THEN 'NaN'::float8 WHEN random() < 0.05 THEN 'Infinity'::float8 "
                "WHEN random() < 0.05 THEN '-Infinity'::float8 WHEN random() < 0.05 THEN NULL "
                f"ELSE {NORMAL} END",
    "mixture": f"CASE WHEN random() < 0.9 THEN {NORMAL} WHEN random() < 0.5 THEN 1e6 * random() ELSE -1e-6 * random() END",
    "drift_like": "sin(g * 0.381) * 3 + (g % 100) * 0.01",
    "sequence": "g::float8",
    "const": "42.5::float8",
}
SIZES = [1000, 4096, 4097, 20000, 200000]
BIG = ["uniform", "normal", "lognormal2", "wide", "ties50", "drift_like", "pareto_pm"]
BIG_N = 3000000


def tables():
    out = []
    for d in DISTS:
        for n in SIZES:
            out.append((f"{d}_{n}", d, n))
    for d in BIG:
        out.append((f"{d}_{BIG_N}", d, BIG_N))
    return out


def build(cur):
    cur.execute("CREATE SCHEMA IF NOT EXISTS golden")
    for i, (name, d, n) in enumerate(tables()):
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", (f"golden.{name}",))
        if cur.fetchone()[0]:
            continue
        cur.execute(f"SELECT setseed({((i * 7919) % 1000) / 1000.0 - 0.5})")
        cur.execute(f"CREATE TABLE golden.{name} AS SELECT g, {DISTS[d]} AS x, random() AS r "
                    f"FROM generate_series(1, {n}) g")
        print("built", name, file=sys.stderr, flush=True)


def queries(name, n):
    t = f"golden.{name}"
    p = "mlcheck.profile(x{o})"
    base = [("table", p.format(o=""), t),
            ("sorted", p.format(o=" ORDER BY x"), t),
            ("desc", p.format(o=" ORDER BY x DESC"), t),
            ("random", p.format(o=" ORDER BY r"), t)]
    out = []
    for tag, agg, src in base:
        out.append((tag, f"SELECT {agg} FROM {src}"))
    if n <= 200000:
        for k in (3, 7, 64):
            out.append((f"merge{k}", f"SELECT mlcheck.merge(p ORDER BY k) FROM "
                        f"(SELECT g % {k} AS k, mlcheck.profile(x) AS p FROM {t} GROUP BY 1) s"))
        out.append(("merge_skew", f"SELECT mlcheck.merge(p ORDER BY k DESC) FROM "
                    f"(SELECT floor(ln(g))::int AS k, mlcheck.profile(x) AS p FROM {t} GROUP BY 1) s"))
        out.append(("merge_halves_sorted", f"SELECT mlcheck.merge(p ORDER BY k) FROM "
                    f"(SELECT (g > {n} / 2)::int AS k, mlcheck.profile(x ORDER BY x) AS p FROM {t} GROUP BY 1) s"))
    return out


def run(conn):
    cur = conn.cursor()
    build(cur)
    res = {}
    for name, d, n in tables():
        cur.execute("SET max_parallel_workers_per_gather = 0")
        cur.execute("SET force_parallel_mode = off")
        for tag, q in queries(name, n):
            try:
                cur.execute(f"SELECT md5(p::text), md5(mlcheck._numeric_profile_send(p)) FROM ({q}) s(p)")
                a, b = cur.fetchone()
                res[f"{name}/{tag}"] = f"{a} {b}"
            except psycopg2.Error as e:
                # recorded too: the same error must come back
                res[f"{name}/{tag}"] = f"error {e.pgcode} {e.pgerror.splitlines()[0]}"
        for s in ("SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0",
                  "SET min_parallel_table_scan_size = 0", "SET max_parallel_workers_per_gather = 2",
                  "SET force_parallel_mode = on"):
            cur.execute(s)
        q = (f"SELECT md5(p::text), md5(mlcheck._numeric_profile_send(p)), "
             f"md5((p::text::jsonb->'bits')::text || (p::text::jsonb->'buckets')::text) "
             f"FROM (SELECT mlcheck.profile(x) FROM golden.{name}) s(p)")
        try:
            cur.execute(q)
            r1 = cur.fetchone()
            cur.execute(q)
            r2 = cur.fetchone()
        except psycopg2.Error as e:
            r1 = r2 = (f"error {e.pgcode}",) * 3
        res[f"{name}/parallel_grid"] = str(r1[2]) if r1[2] == r2[2] else "unstable"
        res[f"{name}/parallel"] = f"{r1[0]} {r1[1]}" if r1 == r2 else "unstable"
        print(name, file=sys.stderr, flush=True)
    return res


def main():
    mode, path = sys.argv[1], sys.argv[2]
    conn = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=DB)
    conn.autocommit = True
    res = run(conn)
    if mode == "dump":
        with open(path, "w") as f:
            for k, v in res.items():
                f.write(f"{k} {v}\n")
        print(f"{len(res)} cases, {sum(v == 'unstable' for v in res.values())} unstable")
        return
    want = {}
    with open(path) as f:
        for line in f:
            k, v = line.rstrip("\n").split(" ", 1)
            want[k] = v
    bad = 0
    for k, v in want.items():
        got = res.get(k)
        if v == "unstable" or got == "unstable":
            continue
        if got != v:
            bad += 1
            print(f"DIFF {k}: want {v} got {got}")
    print(f"{len(want)} cases compared, {bad} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
