"""Parallel benchmark: every mlcheck aggregate family, serial plan vs a
2-worker parallel plan, on one table in one run.

Usage: /usr/bin/python3 test/bench/bench_parallel.py [--rows N] [--rounds R]
           [--only key,key] [--json FILE] [--baseline-lib NAME]

Uses the cluster on port $MLCHECK_BENCH_PORT (default $MLCHECK_PORT, else
5501; started if needed), database mlcheck_bench, table bench_parallel_N (built once, reused
while it has N rows; default 1 000 000).  Every query is timed round-robin
(one run of each query and mode per round, after one warm-up round, so load
changes on this shared machine hit all alike); the figures are medians.

For each family it prints the serial and parallel medians, the ratio
parallel / serial of the mlcheck query, the same ratio of the family's floor
(a bare scan aggregate over the same columns: what a 2-worker plan gains on
this machine right now), and the planned workers.  A ratio below 1 means the
parallel plan is faster.  It also checks that the serial and the parallel
plan agree (identical text; float sums within 1e-9 relative; numeric
profiles are sketches and are not compared) and exits with status 1 if any
differs.

--baseline-lib NAME compares two builds in one run instead (A/B): copy the
other build's library beside this one's first, e.g. from a checkout of main
   cp $(pg_config --pkglibdir)/mlcheck.so $(pg_config --pkglibdir)/NAME.so
then install this build.  Database mlcheck_bench_base gets the extension
with its C functions pointing at NAME; every mlcheck query runs serial and
parallel in both databases, round-robin.  Printed per family: the medians,
parallel / serial of each build, and the CPU time per query of the leader
and of the workers (from /proc: the leader backend's, and what the
postmaster's reaped children used, so the server must run on this machine
and nothing else may use it meanwhile), which shared-machine load distorts
much less than the wall times.
"""
import argparse
import json
import os
import re
import statistics
import sys

os.environ.setdefault("MLCHECK_BENCH_PORT", os.environ.get("MLCHECK_PORT", "5501"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib as B  # noqa: E402
import suite_lib  # noqa: E402

K = 5  # classes of the multiclass column

# key, title, floor, mlcheck query ({t} = the table)
FAMILIES = [
    ("confusion_bool", "confusion(boolean)",
     "SELECT count(*), sum(label::int), sum(pred::int) FROM {t}",
     "SELECT mlcheck.confusion(label, pred)::text FROM {t}"),
    ("confusion_text", "confusion(text, 5 classes)",
     "SELECT count(*), sum(length(true_text)), sum(length(pred_text)) FROM {t}",
     "SELECT mlcheck.confusion(true_text, pred_text)::text FROM {t}"),
    ("expected_confusion", "expected_confusion",
     "SELECT count(*), sum(score), sum(pred::int) FROM {t}",
     "SELECT mlcheck.expected_confusion(score, pred)::text FROM {t}"),
    ("roc_auc", "roc_auc (exact, no ties)",
     "SELECT count(*), sum(score), sum(label::int) FROM {t}",
     "SELECT mlcheck.roc_auc(score, label) FROM {t}"),
    ("pr_auc", "pr_auc (exact, no ties)",
     "SELECT count(*), sum(score), sum(label::int) FROM {t}",
     "SELECT mlcheck.pr_auc(score, label) FROM {t}"),
    ("roc_auc_ties", "roc_auc (exact, heavy ties)",
     "SELECT count(*), sum(score3), sum(label::int) FROM {t}",
     "SELECT mlcheck.roc_auc(score3, label) FROM {t}"),
    ("expected_roc_auc", "expected_roc_auc",
     "SELECT count(*), sum(score) FROM {t}",
     "SELECT mlcheck.expected_roc_auc(score) FROM {t}"),
    ("isotonic", "isotonic (calibrator)",
     "SELECT count(*), sum(score3), sum(label::int) FROM {t}",
     "SELECT md5(mlcheck.isotonic(score3, label)::text) FROM {t}"),
    ("log_loss", "log_loss + brier",
     "SELECT count(*), sum(score), sum(label::int) FROM {t}",
     "SELECT mlcheck.log_loss(score, label), mlcheck.brier(score, label) FROM {t}"),
    ("scores", "scores (heavy ties) -> roc_auc, pr_auc",
     "SELECT count(*), sum(score3), sum(label::int) FROM {t}",
     "SELECT mlcheck.roc_auc(s), mlcheck.pr_auc(s) FROM (SELECT mlcheck.scores(score3, label) AS s FROM {t}) q"),
    ("delong_ci", "roc_auc_ci (DeLong)",
     "SELECT count(*), sum(score), sum(label::int) FROM {t}",
     "SELECT mlcheck.roc_auc_ci(score, label)::text FROM {t}"),
    ("delong_test", "delong_test (two models)",
     "SELECT count(*), sum(score), sum(score_b), sum(label::int) FROM {t}",
     "SELECT mlcheck.delong_test(score, score_b, label)::text FROM {t}"),
    ("calibration", "calibration -> ece",
     "SELECT count(*), sum(score), sum(label::int) FROM {t}",
     "SELECT mlcheck.ece(mlcheck.calibration(score, label)) FROM {t}"),
    ("regression", "regression",
     "SELECT count(*), sum(y_pred), sum(y_true) FROM {t}",
     "SELECT mlcheck.regression(y_pred, y_true)::text FROM {t}"),
    ("profile_numeric", "profile(float8)",
     "SELECT count(*), sum(x) FROM {t}",
     "SELECT mlcheck.profile(x)::text FROM {t}"),
    ("profile_text", "profile(text, 30 categories)",
     "SELECT count(*), sum(length(segment)) FROM {t}",
     "SELECT mlcheck.profile(segment)::text FROM {t}"),
    ("multiclass", f"multiclass ({K} classes) -> roc_auc_ovr, log_loss",
     "SELECT count(*), sum(true_class), sum(probs[1]) FROM {t}",
     "SELECT mlcheck.roc_auc_ovr(m), mlcheck.log_loss(m) "
     "FROM (SELECT mlcheck.multiclass(probs, true_class) AS m FROM {t}) q"),
    ("multiclass_agg", f"multiclass ({K} classes), the aggregate alone",
     "SELECT count(*), sum(true_class), sum(probs[1]) FROM {t}",
     "SELECT pg_column_size(mlcheck.multiclass(probs, true_class)) FROM {t}"),
    ("mcnemar", "mcnemar (two models)",
     "SELECT count(*), sum(label::int), sum(pred::int), sum(pred_b::int) FROM {t}",
     "SELECT mlcheck.mcnemar(label, pred, pred_b)::text FROM {t}"),
]


def build_table(conn, t, n):
    cur = conn.cursor()
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (t,))
    if cur.fetchone()[0]:
        cur.execute(f"SELECT count(*) = %s FROM {t}", (n,))
        if cur.fetchone()[0]:
            return
    cur.execute(f"DROP TABLE IF EXISTS {t}")
    cur.execute("SELECT setseed(0.2718)")
    # two models' scores of the same labels (AUC about 0.80 and 0.78), a
    # rounded score (heavy ties), 5 classes as bigint and text, a
    # probability vector per row whose largest entry is usually the actual
    # class, a skewed text column and two continuous columns
    cur.execute(f"""
      CREATE UNLOGGED TABLE {t} AS
      SELECT i, label, score, score_b, round(score * 1000) / 1000 AS score3,
             score >= 0.5 AS pred, score_b >= 0.5 AS pred_b,
             true_class, pred_class,
             (ARRAY['bird','cat','dog','fish','frog'])[true_class + 1] AS true_text,
             (ARRAY['bird','cat','dog','fish','frog'])[pred_class + 1] AS pred_text,
             (SELECT array_agg(w / s ORDER BY k) FROM
                (SELECT k, w, sum(w) OVER () AS s FROM
                   (SELECT k, (1 + (hashint8(i * 64 + k) & 1023))::float8 *
                              CASE WHEN k = true_class THEN 3 ELSE 1 END AS w
                      FROM generate_series(0, {K - 1}) k) q1) q2) AS probs,
             'seg' || lpad(least(floor(-ln(u6) * 4)::int, 29)::text, 2, '0') AS segment,
             x, 100 + 20 * x AS y_true, 101 + 20 * x + 5 * e AS y_pred
        FROM (SELECT i, label, u6, x, e,
                     1 / (1 + exp(-(z1 + CASE WHEN label THEN 1.19 ELSE 0 END - 1.4))) AS score,
                     1 / (1 + exp(-(z2 + CASE WHEN label THEN 1.09 ELSE 0 END - 1.4))) AS score_b,
                     true_class,
                     CASE WHEN u4 < 0.7 THEN true_class ELSE floor(u5 * {K})::bigint END AS pred_class
                FROM (SELECT i, random() < 0.3 AS label,
                             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z1,
                             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z2,
                             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x,
                             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS e,
                             floor(random() * {K})::bigint AS true_class,
                             random() AS u4, random() AS u5, 1 - random() AS u6
                        FROM generate_series(1, {n}) i) a) b""")
    cur.execute(f"VACUUM ANALYZE {t}")


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def agreement(key, a, b):
    """identical; 1e-9 (float sums added in another order: the same text
    but for the last digits of some numbers); sketch (numeric profiles: KLL
    compaction depends on the split, within its documented bound; not
    compared here); NO."""
    ta, tb = repr(a), repr(b)
    if ta == tb:
        return "identical"
    if key == "profile_numeric":
        return "sketch"
    na, nb = NUMBER.findall(ta), NUMBER.findall(tb)
    if NUMBER.sub("#", ta) != NUMBER.sub("#", tb) or len(na) != len(nb):
        return "NO"
    for x, y in zip(na, nb):
        x, y = float(x), float(y)
        if abs(x - y) > 1e-9 * max(abs(x), abs(y)):
            return "NO"
    return "1e-9"


def proc_ticks(pid):
    """(own, reaped children's) CPU clock ticks of process pid."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def baseline_run(args, fams, t):
    conns = {}
    for tag, db in (("base", "mlcheck_bench_base"), ("new", "mlcheck_bench")):
        c = B.ensure_db(db)
        if tag == "base":
            c.cursor().execute("UPDATE pg_catalog.pg_proc SET probin = %s WHERE probin = '$libdir/mlcheck'",
                               ("$libdir/" + args.baseline_lib,))
            c.close()
            c = B.connect(db)  # a fresh backend loads the baseline library
        build_table(c, t, args.rows)
        conns[tag] = c
    cur = conns["new"].cursor()
    cur.execute("SELECT pg_backend_pid(), current_setting('data_directory')")
    pid_new, datadir = cur.fetchone()
    with open(os.path.join(datadir, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    cur = conns["base"].cursor()
    cur.execute("SELECT pg_backend_pid()")
    pids = {"new": pid_new, "base": cur.fetchone()[0]}
    hz = os.sysconf("SC_CLK_TCK")
    runs = [(key, mlc.format(t=t), tag, par) for key, _, _, mlc in fams
            for tag in ("base", "new") for par in (False, True)]
    wall = {r: [] for r in runs}
    cpu = {r: [0, 0] for r in runs}
    results = {}
    load_start = os.getloadavg()[0]
    for rnd in range(args.rounds + 1):
        for r in runs:
            key, sql, tag, par = r
            B.settings(conns[tag], par)
            l0, w0 = proc_ticks(pids[tag])[0], proc_ticks(postmaster)[1]
            dt, res = B.time_query(conns[tag], sql)
            l1, w1 = proc_ticks(pids[tag])[0], proc_ticks(postmaster)[1]
            results[r] = res
            if rnd > 0:  # round 0 warms up
                wall[r].append(dt)
                cpu[r][0] += l1 - l0
                cpu[r][1] += w1 - w0
    load_end = os.getloadavg()[0]
    print(f"A/B parallel benchmark: {args.rows} rows, {args.rounds} rounds (+1 warm-up), medians; "
          f"baseline library {args.baseline_lib}; {B.machine()}, load average {load_start:.1f} at the "
          f"start, {load_end:.1f} at the end")
    print()
    print("| aggregate | build | serial s | 2 workers s | parallel ÷ serial | CPU ms serial | "
          "CPU ms parallel: leader + workers | results equal |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    diff = []
    for key, title, _, mlc in fams:
        sql = mlc.format(t=t)
        # the two builds give the same text in the same plan; serial and
        # parallel agree as in the ordinary run
        same = all(repr(results[(key, sql, "base", par)]) == repr(results[(key, sql, "new", par)])
                   for par in (False, True)) and \
            agreement(key, results[(key, sql, "new", False)], results[(key, sql, "new", True)]) != "NO"
        if not same:
            diff.append(key)
        for tag in ("base", "new"):
            s_, p_ = (statistics.median(wall[(key, sql, tag, par)]) for par in (False, True))
            cs = sum(cpu[(key, sql, tag, False)]) * 1000 / hz / args.rounds
            cl, cw = (x * 1000 / hz / args.rounds for x in cpu[(key, sql, tag, True)])
            print(f"| {title} | {tag} | {s_:.3f} | {p_:.3f} | {p_ / s_:.2f}x | {cs:.0f} | "
                  f"{cl:.0f} + {cw:.0f} | {'yes' if same else '**NO**'} |")
    if diff:
        print("the builds or plans differ: " + ", ".join(diff))
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default=None, help="comma-separated family keys")
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--baseline-lib", default=None,
                    help="A/B against this library in $libdir (see above)")
    args = ap.parse_args()
    fams = [f for f in FAMILIES if not args.only or f[0] in args.only.split(",")]
    t = f"bench_parallel_{args.rows}"

    B.start_cluster()
    if args.baseline_lib:
        baseline_run(args, fams, t)
        return
    conn = B.ensure_db("mlcheck_bench")
    build_table(conn, t, args.rows)
    queries, seen = [], set()
    for key, title, floor, mlc in fams:
        for sql in (floor, mlc):
            sql = sql.format(t=t)
            if sql in seen:
                continue
            seen.add(sql)
            queries += [(("s", sql), sql, False), (("p", sql), sql, True)]
    workers = {sql: suite_lib.plan_workers(conn, sql, True) for _, sql, _ in queries}
    load_start = os.getloadavg()[0]
    times, results = B.run_round_robin(conn, queries, rounds=args.rounds, warmup=1)
    load_end = os.getloadavg()[0]
    # serial and parallel results of the last round, compared as text
    diff = []
    med = {k: statistics.median(v) for k, v in times.items()}
    out = []
    for key, title, floor, mlc in fams:
        f, m = floor.format(t=t), mlc.format(t=t)
        same = agreement(key, results[("s", m)], results[("p", m)])
        if same == "NO":
            diff.append(key)
        out.append({"key": key, "title": title,
                    "mlc_serial": med[("s", m)], "mlc_parallel": med[("p", m)],
                    "floor_serial": med[("s", f)], "floor_parallel": med[("p", f)],
                    "mlc_spread": [min(times[("p", m)]), max(times[("p", m)])],
                    "workers": workers[m], "floor_workers": workers[f], "equal": same})
    print(f"parallel benchmark: {args.rows} rows, {args.rounds} rounds (+1 warm-up), "
          f"medians; {B.machine()}, shared with other work while it ran "
          f"(load average {load_start:.1f} at the start, {load_end:.1f} at the end)")
    print()
    print("| aggregate | serial s | 2 workers s | mlcheck parallel ÷ serial | floor parallel ÷ serial | "
          "mlcheck 2w ÷ floor 2w | workers | serial = parallel |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in out:
        print(f"| {r['title']} | {r['mlc_serial']:.3f} | {r['mlc_parallel']:.3f} | "
              f"{r['mlc_parallel'] / r['mlc_serial']:.2f}x | {r['floor_parallel'] / r['floor_serial']:.2f}x | "
              f"{r['mlc_parallel'] / r['floor_parallel']:.2f}x | {r['workers']} | "
              f"{r['equal'] if r['equal'] != 'NO' else '**NO**'} |")
    slower = [r["title"] for r in out if r["mlc_parallel"] >= r["mlc_serial"]]
    print()
    print("parallel plan slower than or as slow as serial: " + (", ".join(slower) if slower else "none"))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rows": args.rows, "rounds": args.rounds, "machine": B.machine(),
                       "load_average": [load_start, load_end], "families": out},
                      fh, indent=1)
    if diff:
        print("serial and parallel results differ: " + ", ".join(diff))
        sys.exit(1)


if __name__ == "__main__":
    main()
