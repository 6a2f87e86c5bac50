"""The unified mlcheck benchmark suite (issue 8): every mlcheck aggregate that
is installed, against (1) the floor — a bare scan aggregate over the same
columns, serial and with 2 parallel workers, (2) the plain SQL a user would
write instead, (3) the export path — COPY ... TO STDOUT into this Python
with NumPy and scikit-learn/SciPy (copy, parse and compute timed
separately); agreement checked while measuring; peak backend memory; the
same queries at every table size.

Usage (as root, from anywhere; not part of the test command):
  /usr/bin/python3 test/bench/run_all.py [--rows 1000000,10000000] [--port 5507]
      [--rounds N] [--only case,case] [--no-docs]

Starts (or reuses) the throw-away cluster of test/cluster.sh on --port,
(re)creates database mlcheck_suite with the extension installed from this
tree (`make install` first), builds the tables, prints progress on stderr
and the report on stdout, and writes docs/benchmarks.md and
docs/benchmarks.png (unless --no-docs).  Exit status 1 when any method
disagrees with mlcheck beyond 1e-9 relative (or beyond the documented bound
for sketch-based quantities), 0 otherwise.
"""
import argparse
import datetime
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import suite_cases  # noqa: E402
import suite_lib as L  # noqa: E402

DOCS = os.path.join(L.ROOT, "docs")


def fmt_n(n):
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n:,}"


class SizeRun:
    """All measurements of one table size."""

    def __init__(self, server, conn, n, cases, rounds, export_rounds):
        self.server, self.conn, self.n, self.cases, self.rounds = server, conn, n, cases, rounds
        self.export_rounds = export_rounds
        self.t = L.table_name(n)
        self.sql_times = {}     # (sql, parallel) -> [s]
        self.sql_rows = {}      # (sql, parallel) -> rows of the last run
        self.mem = {}           # sql -> peak bytes (serial, fresh backend)
        self.workers = {}       # (sql, parallel) -> planned workers
        self.exp_times = {}     # export sql -> {"copy": [], "parse": []}
        self.cmp_times = {}     # (export sql, compute name) -> [s]
        self.cmp_vals = {}
        self.bytes = {}

    def q(self, sql):
        return sql.format(t=self.t)

    def sql_tasks(self):
        tasks = []
        for c in self.cases:
            fl, ml = self.q(c.floor), self.q(c.mlc)
            tasks += [(fl, False, fl), (fl, True, fl), (ml, False, fl), (ml, True, fl)]
            if c.plain:
                tasks.append((self.q(c.plain), True, fl))
        seen, out = set(), []
        for sql, par, warm in tasks:
            if (sql, par) not in seen:
                seen.add((sql, par))
                out.append((sql, par, warm))
        return out

    def export_tasks(self):
        out = {}
        for c in self.cases:
            sql = self.q(c.export[0])
            e = out.setdefault(sql, {"kind": c.export[1], "types": c.export[2], "computes": []})
            if c.compute[0] not in [x[0] for x in e["computes"]]:
                e["computes"].append(c.compute)
        return out

    def run(self):
        tasks = self.sql_tasks()
        exports = self.export_tasks()
        cur = self.conn.cursor()
        t0 = time.perf_counter()
        cur.execute(f"SELECT count(*) FROM {self.t}")    # warm the OS cache
        # warm-up round: each serial mlcheck query on a fresh backend,
        # measuring its peak memory (the table was just scanned, floors and
        # plain SQL read the same cached pages; parallel workers are fresh
        # processes anyway)
        cur.execute("SELECT pg_relation_size(%s) < (SELECT setting::int8 * 8192 / 4 FROM pg_settings "
                    "WHERE name = 'shared_buffers')", (self.t,))
        fits = cur.fetchone()[0]
        mlc = {self.q(c.mlc) for c in self.cases}
        for sql, par, warm in tasks:
            if par:
                self.workers[(sql, True)] = L.plan_workers(self.conn, sql, True)
            elif sql in mlc and sql not in self.mem:
                pre = sql.replace(self.t, L.WARM_TABLE)
                _, rows, peak = L.memory_run(self.server, sql, warm if fits else None, pre)
                self.mem[sql] = peak
                self.sql_rows[(sql, False)] = rows
        L.log(f"  {fmt_n(self.n)}: warm-up + memory round {time.perf_counter() - t0:.0f}s")
        for r in range(self.rounds):
            t1 = time.perf_counter()
            for sql, par, _ in tasks:
                dt, rows = L.run_sql(self.conn, sql, par)
                self.sql_times.setdefault((sql, par), []).append(dt)
                self.sql_rows[(sql, par)] = rows
            t2 = time.perf_counter()
            for sql, e in (exports.items() if r < self.export_rounds else []):
                a = time.perf_counter()
                data = L.copy_out(self.conn, sql, e["kind"] == "bin")
                b = time.perf_counter()
                arrays = (L.parse_binary(data, e["types"]) if e["kind"] == "bin"
                          else L.parse_text(data, e["types"]))
                c_ = time.perf_counter()
                tt = self.exp_times.setdefault(sql, {"copy": [], "parse": []})
                tt["copy"].append(b - a)
                tt["parse"].append(c_ - b)
                self.bytes[sql] = len(data)
                del data
                for name, fn in e["computes"]:
                    d0 = time.perf_counter()
                    vals = fn(arrays)
                    self.cmp_times.setdefault((sql, name), []).append(time.perf_counter() - d0)
                    self.cmp_vals[(sql, name)] = vals
                del arrays
            L.log(f"  {fmt_n(self.n)}: round {r + 1}/{self.rounds}: SQL {t2 - t1:.0f}s, "
                  f"export path {time.perf_counter() - t2:.0f}s")

    # ---------------------------------------------------------- per case
    def case_result(self, c):
        fl, ml = self.q(c.floor), self.q(c.mlc)
        pl = self.q(c.plain) if c.plain else None
        ex = self.q(c.export[0])
        med = lambda ts: L.summary(ts)  # noqa: E731
        r = {"key": c.key, "title": c.title, "note": c.note,
             "floor_s": med(self.sql_times[(fl, False)]), "floor_p": med(self.sql_times[(fl, True)]),
             "mlc_s": med(self.sql_times[(ml, False)]), "mlc_p": med(self.sql_times[(ml, True)]),
             "workers_floor": self.workers.get((fl, True), 0), "workers_mlc": self.workers.get((ml, True), 0),
             "mem_mlc": self.mem.get(ml), "mem_floor": self.mem.get(fl),
             "opaque_plan": "mlcheck.slice_report" in c.mlc,
             "copy": med(self.exp_times[ex]["copy"]), "parse": med(self.exp_times[ex]["parse"]),
             "compute": med(self.cmp_times[(ex, c.compute[0])]), "compute_name": c.compute[0],
             "export_bytes": self.bytes[ex]}
        if pl:
            r["plain"] = med(self.sql_times[(pl, True)])
            r["workers_plain"] = self.workers.get((pl, True), 0)
        r["export_total"] = r["copy"]["median"] + r["parse"]["median"] + r["compute"]["median"]
        # agreement
        vals = {"mlcheck": c.mlc_values(self.sql_rows[(ml, False)]),
                "mlcheck 2w": c.mlc_values(self.sql_rows[(ml, True)])}
        if pl:
            vals["plain SQL"] = c.plain_values(self.sql_rows[(pl, True)])
        vals["export"] = self.cmp_vals[(ex, c.compute[0])]
        r["checks"] = run_checks(c, vals)
        r["values"] = side_by_side(vals)
        r["ok"] = all(x[3] for x in r["checks"])
        return r


def run_checks(c, vals):
    out = []
    for variant in ("mlcheck", "mlcheck 2w"):
        v = dict(vals)
        v["mlcheck"] = vals[variant]
        for rule in c.checks:
            if callable(rule):
                for name, meth, value, ok, note in rule(v, None):
                    if meth == "mlcheck":
                        label = variant
                    elif " vs " in meth:
                        label = meth
                    else:
                        label = f"{variant} vs {meth}"
                    out.append((name, label, value, ok, note))
                continue
            kind, m = rule
            mv = v["mlcheck"].get(m)
            if kind == "info":
                continue
            if kind == "true":
                out.append((m, variant, mv, mv is True, "must be true"))
                continue
            for meth in ("plain SQL", "export"):
                if meth in v and m in v[meth]:
                    ov = v[meth][m]
                    ok = (mv == ov) if kind == "equal" else L.rel_close(mv, ov)
                    note = "identical" if kind == "equal" else "1e-9 relative"
                    if not ok and kind == "rel" and mv is not None and ov is not None:
                        note += f": diff {abs(mv - ov):.3e}"
                    out.append((m, f"{variant} vs {meth}", mv if kind != "equal" else "", ok, note))
    return out


def show(v):
    if isinstance(v, float):
        return f"{v:.12g}"
    if isinstance(v, dict):
        if all(isinstance(k, tuple) for k in v):
            return f"{len(v)} cells, total {sum(v.values()):.0f}"
        return f"{len(v)} slices"
    return str(v)


def side_by_side(vals):
    metrics = []
    for meth in vals.values():
        for k in meth:
            if not k.startswith("_") and k not in metrics:
                metrics.append(k)
    return [(m, [show(vals[meth][m]) if m in vals[meth] else "" for meth in vals]) for m in metrics], list(vals)


# ------------------------------------------------------------ report

def ratio(a, b):
    return a / b if b else float("nan")


def mb_per_m(b, n):
    return None if b is None else b / 1048576 / (n / 1e6)


def fmt_mem(b, n):
    v = mb_per_m(b, n)
    return "n/a" if v is None else f"{v:.2f}"


def report(runs, skipped, meta, failures):
    big = max(runs)
    L_ = []
    w = L_.append
    w("<!-- generated by test/bench/run_all.py; do not edit by hand -->")
    w("### Benchmarks — every mlcheck aggregate vs the scan floor, plain SQL and the export path")
    w("")
    w(f"Produced by `{meta['command']}` on {meta['date']} "
      f"(whole run {meta['wall'] / 60:.1f} min, table creation included). "
      f"Machine: {meta['machine']}; {meta['pg']}; Python {platform.python_version()}, "
      f"NumPy {meta['numpy']}, scikit-learn {meta['sklearn']}, SciPy {meta['scipy']}. "
      "**The machine was shared with other engineers while this ran: the numbers are from a noisy "
      "machine**; every query is timed round-robin (one run of each query per round, so load "
      "changes hit all alike), and medians are shown with their min–max spread.")
    w("")
    w(f"Rows: {', '.join(fmt_n(n) for n in sorted(runs))}; timed rounds of every SQL query per size: "
      f"{', '.join(str(runs[n]['rounds']) for n in sorted(runs))} (after one warm-up round that also measures memory); "
      f"rounds of the export path (client-side work, less noisy, the longest): "
      f"{', '.join(str(runs[n]['export_rounds']) for n in sorted(runs))}. "
      "Table: one `CREATE UNLOGGED TABLE AS` over `generate_series` with `setseed()` + `random()` "
      "(see `build_table` in test/bench/suite_lib.py): 30% positives, scores with ROC AUC ≈ 0.80 "
      "with and without heavy ties (rounded to 3 decimals), 5-class true/predicted columns as "
      "bigint and text, 30 skewed text segments, 5 regions, a year of timestamps, a feature with a "
      "planted shift of 0.25 sd between the early and the late half, regression predicted/actual.")
    w("")
    w("Run it (as root, after `make install`; about 15 minutes; not part of the test command):")
    w("")
    w("```sh")
    w("/usr/bin/python3 test/bench/run_all.py --rows 1000000,10000000   # --port 5507 by default")
    w("```")
    w("")
    w("It starts the throw-away cluster of `test/cluster.sh` on the port, recreates database "
      "`mlcheck_suite` with the extension, builds the tables, prints every value side by side while "
      "it measures, exits with status 1 if mlcheck and a reference disagree (beyond 1e-9 relative, "
      "or beyond the documented bound for sketch-based quantities), and rewrites this file and "
      "`docs/benchmarks.png`. Aggregates that are not installed are listed as such. "
      "`--only case,...`, `--rounds N`, `--no-docs` and `--json FILE` help while developing.")
    w("")
    w(f"#### Ratios at {fmt_n(big)} rows (lower is better for mlcheck)")
    w("")
    dist = meta.get("distributed")
    w("| aggregate | mlcheck ÷ floor, serial | mlcheck ÷ floor, 2 workers | parallel (2 workers) ÷ serial "
      "(floor's) | distributed (Citus 3 nodes) ÷ local | plain SQL ÷ mlcheck | "
      "export path ÷ mlcheck | peak backend MB per 1M rows | agrees |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in runs[big]["cases"]:
        plain = f"{ratio(r['plain']['median'], r['mlc_p']['median']):.2f}x" if "plain" in r else "—"
        par = (f"{ratio(r['mlc_p']['median'], r['mlc_s']['median']):.2f}x "
               f"({ratio(r['floor_p']['median'], r['floor_s']['median']):.2f}x)"
               if r["workers_mlc"] else "serial plan")
        w(f"| {r['title']} | {ratio(r['mlc_s']['median'], r['floor_s']['median']):.2f}x | "
          f"{ratio(r['mlc_p']['median'], r['floor_p']['median']):.2f}x"
          f"{'' if r['workers_mlc'] or r.get('opaque_plan') else ' (serial plan)'} | {par} | "
          f"{dist_cell(dist, r['key'])} | {plain} | "
          f"{ratio(r['export_total'], r['mlc_p']['median']):.1f}x | "
          f"{fmt_mem(r['mem_mlc'], r_n(runs, big))} | {agrees(r)} |")
    for s in skipped:
        w(f"| {s} | not installed | | | | | | | |")
    w("")
    w("- *floor*: a bare scan aggregate over the same columns (`count(*)`, `sum(...)`), timed serial "
      "(`max_parallel_workers_per_gather = 0`) and with 2 workers; the mlcheck query is timed the "
      "same two ways and divided by the floor of the same mode. 1.00x means the aggregate costs "
      "no more than reading its columns.")
    w("- *parallel (2 workers) ÷ serial*: mlcheck with 2 workers allowed divided by mlcheck serial "
      "(below 1 = the parallel plan is faster); in parentheses the floor's own ratio, what a 2-worker "
      "plan gains on this machine at that moment (on a shared 2-core machine often little).")
    if dist:
        w(f"- *distributed ÷ local*: from `test/bench/bench_distributed.py --json` "
          f"({dist['rows']:,} rows, {dist['shards']} shards over {dist['workers']} Citus workers on this same "
          "machine): the aggregate on the distributed table divided by the same query on an identical "
          "local table (one backend, serial), and in parentheses the bytes a row the workers ship "
          "(partial states). It measures the data path, not the speed-up of separate machines. "
          "Only the aggregates that benchmark times have a figure.")
    else:
        w("- *distributed ÷ local*: not measured in this run (pass `--distributed-json` with the output "
          "of `test/bench/bench_distributed.py --json` on a Citus cluster).")
    w("- *plain SQL ÷ mlcheck*: the SQL a user would write instead (GROUP BY counts, a window "
      "rank-sum for exact AUC, `width_bucket` over `percentile_cont` deciles for PSI, GROUPING SETS "
      "for slices, `avg`/`sum` expressions for log loss, Brier, calibration and regression), "
      "with 2 workers allowed, divided by mlcheck with 2 workers allowed. Above 1 = mlcheck is faster.")
    w("- *export path ÷ mlcheck*: `COPY (SELECT cols) TO STDOUT` (binary for fixed-width columns, "
      "text for text) into /usr/bin/python3, parsed into NumPy arrays, then scikit-learn/SciPy — "
      "copy + parse + compute, divided by mlcheck with 2 workers allowed. Each column set is "
      "exported once per round and shared by the metrics that need it.")
    w("- *peak backend MB per 1M rows*: the mlcheck query on a fresh backend, serial, after the same "
      "query over a small copy of the table (loads the library and caches) and — when the table fits "
      "the shared buffers without a ring buffer (1M here) — the floor query (maps the table's buffers): "
      "kernel high-water mark VmHWM (reset by writing 5 to /proc/<pid>/clear_refs) minus the RSS "
      "before, minus shared memory newly mapped; divided by millions of rows. Constant-size states "
      "show ~0; the exact `roc_auc`/`pr_auc` state keeps 8 bytes a row.")
    w("")
    w("#### Scaling")
    w("")
    sizes = sorted(runs)
    w("| aggregate | " + " | ".join(f"mlcheck s/1M rows at {fmt_n(n)}" for n in sizes)
      + " | " + " | ".join(f"plain SQL s/1M rows at {fmt_n(n)}" for n in sizes)
      + " | " + " | ".join(f"memory MB/1M rows at {fmt_n(n)}" for n in sizes) + " |")
    w("|---|" + "---:|" * (3 * len(sizes)))
    for i, r0 in enumerate(runs[sizes[0]]["cases"]):
        rs = [runs[n]["cases"][i] for n in sizes]
        cells = [f"{r['mlc_s']['median'] / (n / 1e6):.3f}" for r, n in zip(rs, sizes)]
        cells += [f"{r['plain']['median'] / (n / 1e6):.3f}" if "plain" in r else "—" for r, n in zip(rs, sizes)]
        cells += [fmt_mem(r["mem_mlc"], n) for r, n in zip(rs, sizes)]
        w(f"| {r0['title']} | " + " | ".join(cells) + " |")
    w("")
    w("Serial mlcheck seconds per million rows: equal columns across sizes mean linear cost "
      "(plain SQL queries that sort or hash many groups spill to disk at the larger size; "
      "`work_mem` = 64MB).")
    w("")
    for n in sizes:
        w(f"#### Absolute seconds at {fmt_n(n)} rows ({meta['machine']}, shared)")
        w("")
        w("| aggregate | floor serial | floor 2w | mlcheck serial | mlcheck 2w | plain SQL (2w allowed) | "
          "export: COPY | parse | compute |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in runs[n]["cases"]:
            def cell(s):
                return f"{s['median']:.3f} ({s['min']:.3f}–{s['max']:.3f})"
            w(f"| {r['title']} | {cell(r['floor_s'])} | {cell(r['floor_p'])} | {cell(r['mlc_s'])} | "
              f"{cell(r['mlc_p'])} | {cell(r['plain']) if 'plain' in r else '—'} | {cell(r['copy'])} | "
              f"{cell(r['parse'])} | {cell(r['compute'])} |")
        w("")
        w(f"Table creation: {runs[n]['gen_s']:.1f} s ({runs[n]['table_mb']:.0f} MB). "
          "Median (min–max) over the rounds; *2w* = `max_parallel_workers_per_gather = 2`.")
        w("")
    w(f"#### Agreement at {fmt_n(big)} rows (values side by side)")
    w("")
    for r in runs[big]["cases"]:
        rows, meths = r["values"]
        w(f"**{r['title']}** — export computes with {r['compute_name']}"
          + (f"; {r['note']}" if r["note"] else ""))
        w("")
        w("| value | " + " | ".join(meths) + " |")
        w("|---|" + "---|" * len(meths))
        for m, cells in rows:
            w(f"| {m} | " + " | ".join(cells) + " |")
        w("")
        bad = [x for x in r["checks"] if not x[3]]
        bound = [x for x in r["checks"] if x[4] and "relative" not in x[4] and x[4] != "identical"
                 and x[3] and "mlcheck 2w" not in x[1]]
        w(f"Checks: {sum(1 for x in r['checks'] if x[3])}/{len(r['checks'])} pass"
          + ("" if not bad else " — FAILED: " + "; ".join(f"{x[0]} ({x[1]}): {x[4]}" for x in bad)))
        for x in bound:
            w(f"- {x[0]} ({x[1]}): {x[4]}")
        for x in r["checks"]:
            if str(x[4]).startswith("WARNING") and x not in bound:
                w(f"- {x[0]} ({x[1]}): {x[4]}")
        w("")
    w("#### What is not covered")
    w("")
    for line in meta["not_covered"]:  # noqa
        w(f"- {line}")
    w("")
    w("![benchmark chart](benchmarks.png)")
    w("")
    return "\n".join(L_)


# suite case -> query of test/bench/bench_distributed.py
DIST_KEYS = {"confusion_bool": "confusion", "roc_auc": "roc_auc", "drift_numeric": "profile"}


def dist_cell(dist, key):
    q = (dist or {}).get("queries", {}).get(DIST_KEYS.get(key, ""))
    if not q:
        return "not measured"
    bpr = q.get("bytes_per_row")
    return (f"{q['distributed_over_local']:.2f}x" + ("" if q.get("pushed") else " (not pushed down)")
            + (f" ({bpr:.3g} B/row)" if bpr is not None else ""))


def agrees(r):
    if not r["ok"]:
        return "**NO**"
    if any(str(x[4]).startswith("WARNING") for x in r["checks"]):
        return "yes, with a **warning** (below)"
    return "yes"


def r_n(runs, n):
    return n


def chart(runs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sizes = sorted(runs)
    big = sizes[-1]
    cases = runs[big]["cases"]
    titles = [c["title"] for c in cases]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 0.45 * len(cases) + 2.5),
                                   gridspec_kw={"width_ratios": [3, 2]})
    y = list(range(len(cases)))
    series = [("mlcheck serial", lambda r: r["mlc_s"]["median"] / r["floor_s"]["median"], "#1f77b4"),
              ("mlcheck 2 workers", lambda r: r["mlc_p"]["median"] / r["floor_s"]["median"], "#aec7e8"),
              ("plain SQL (2 workers allowed)",
               lambda r: r["plain"]["median"] / r["floor_s"]["median"] if "plain" in r else 0, "#ff7f0e"),
              ("export: COPY + parse + sklearn/SciPy", lambda r: r["export_total"] / r["floor_s"]["median"], "#2ca02c")]
    h = 0.2
    for k, (name, fn, col) in enumerate(series):
        ax1.barh([i + (k - 1.5) * h for i in y], [fn(r) for r in cases], height=h, label=name, color=col)
    ax1.axvline(1.0, color="black", lw=0.8, ls="--")
    ax1.set_xscale("log")
    ax1.set_yticks(y)
    ax1.set_yticklabels(titles)
    ax1.invert_yaxis()
    ax1.set_xlabel(f"time ÷ serial scan floor at {fmt_n(big)} rows (log scale; dashed = floor)")
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=2, fontsize=8)
    for k, n in enumerate(sizes):
        ax2.barh([i + (k - (len(sizes) - 1) / 2) * 0.35 for i in y],
                 [runs[n]["cases"][i]["mlc_s"]["median"] / (n / 1e6) for i in y], height=0.35,
                 label=f"{fmt_n(n)} rows")
    ax2.set_yticks(y)
    ax2.set_yticklabels([])
    ax2.invert_yaxis()
    ax2.set_xlabel("mlcheck serial: seconds per million rows (equal bars = linear)")
    ax2.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=2, fontsize=8)
    fig.suptitle("mlcheck benchmark suite (test/bench/run_all.py) — shared 2-core machine, medians")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


NOT_COVERED = [
    "weighted variants (`weight` argument) and integer 0/1 labels: same code paths with one more column; not timed",
    "`mlcheck.merge(...)` and the `+` operators (rollups of stored summaries: cost independent of the table size); "
    "accessors such as `roc_points`, `best_threshold`, `bins`, `per_class` (functions of a finished summary)",
    "`mlcheck.create_slice_view` (the same query as `slice_report`), monitors (`run_monitors` runs "
    "`profile` + `drift`, timed here as the drift cases)",
    "the export path is a best case for Python: binary COPY parsed with NumPy, no pandas (not installed); "
    "psycopg2 row fetching or `pandas.read_sql` would be slower",
    "`pr_auc` of a binned `scores` summary has no documented error bound: printed, not checked",
    "the plain-SQL side of `scores` (heavy ties) times only the rank-sum AUC query, although the summary also "
    "gives AP (the AP query, as in the `pr_auc` row, would roughly double it): a ratio in the plain SQL's favour",
    "KS p-value and JS distance of sketched profiles have no documented bound: printed, not checked",
]


def load_distributed(path):
    path = path or os.path.join(DOCS, "bench_distributed.json")
    if not os.path.exists(path):
        return None
    with open(path) as fh:
        return json.load(fh)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="1000000,10000000")
    ap.add_argument("--port", type=int, default=int(os.environ.get("MLCHECK_SUITE_PORT", "5507")))
    ap.add_argument("--rounds", type=int, default=None,
                    help="timed rounds of the SQL queries per size (default 3)")
    ap.add_argument("--export-rounds", type=int, default=None,
                    help="rounds of the export path per size (default 3 up to 1M rows, 2 above)")
    ap.add_argument("--only", default=None, help="comma-separated case keys")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.{md,png}")
    ap.add_argument("--json", default=None, help="also write the raw results here")
    ap.add_argument("--distributed-json", default=None,
                    help="results of test/bench/bench_distributed.py --json for the distributed column "
                         "(default docs/bench_distributed.json when it exists)")
    ap.add_argument("--from-json", default=None,
                    help="do not measure: rewrite the docs from a --json file of an earlier run")
    args = ap.parse_args()
    if args.from_json:
        with open(args.from_json) as fh:
            saved = json.load(fh)
        runs = {int(k): v for k, v in saved["runs"].items()}
        saved["meta"]["not_covered"] = NOT_COVERED     # documentation, not a measurement
        if args.distributed_json or "distributed" not in saved["meta"]:
            saved["meta"]["distributed"] = load_distributed(args.distributed_json)
        md = report(runs, saved.get("skipped", []), saved["meta"], [])
        print(md)
        if not args.no_docs:
            with open(os.path.join(DOCS, "benchmarks.md"), "w") as fh:
                fh.write(md)
            chart(runs, os.path.join(DOCS, "benchmarks.png"))
        return
    sizes = sorted(int(x) for x in args.rows.split(","))
    wall0 = time.perf_counter()

    server = L.Server(args.port)
    server.start()
    conn = server.ensure_db()
    funcs = L.installed_functions(conn)
    cases, skipped = [], []
    for c in suite_cases.cases():
        if args.only and c.key not in args.only.split(","):
            continue
        missing = [n for n, k in c.requires.items() if k not in funcs.get(n, set())]
        if missing:
            skipped.append(f"{c.title} (missing: {', '.join('mlcheck.' + m for m in missing)})")
            L.log(f"skip {c.key}: not installed ({', '.join(missing)})")
        else:
            cases.append(c)
    cur = conn.cursor()
    cur.execute("SELECT version()")
    pgv = cur.fetchone()[0].split(" on ")[0]

    runs = {}
    failures = []
    for n in sizes:
        t0 = time.perf_counter()
        size_bytes = L.build_table(conn, n)
        gen = time.perf_counter() - t0
        L.log(f"{fmt_n(n)}: table built in {gen:.1f}s ({size_bytes / 1048576:.0f} MB)")
        rounds = args.rounds or 3
        export_rounds = min(rounds, args.export_rounds or (3 if n <= 1_000_000 else 2))
        sr = SizeRun(server, conn, n, cases, rounds, export_rounds)
        sr.run()
        res = [sr.case_result(c) for c in cases]
        runs[n] = {"cases": res, "gen_s": gen, "table_mb": size_bytes / 1048576, "rounds": rounds,
                   "export_rounds": export_rounds}
        for r in res:
            print(f"\n== {r['title']} @ {fmt_n(n)}: mlcheck {r['mlc_s']['median']:.3f}s serial, "
                  f"{r['mlc_p']['median']:.3f}s 2w; floor {r['floor_s']['median']:.3f}s / "
                  f"{r['floor_p']['median']:.3f}s; "
                  + (f"plain {r['plain']['median']:.3f}s; " if "plain" in r else "")
                  + f"export {r['copy']['median']:.3f}+{r['parse']['median']:.3f}+{r['compute']['median']:.3f}s; "
                  f"mem {fmt_mem(r['mem_mlc'], n)} MB/1M rows")
            rows, meths = r["values"]
            print("   " + " | ".join(["value"] + meths))
            for m, cells in rows:
                print("   " + " | ".join([m] + cells))
            for name, meth, value, ok, note in r["checks"]:
                print(f"   {'ok  ' if ok else 'FAIL'} {name} [{meth}] {note}")
                if not ok:
                    failures.append(f"{fmt_n(n)} {r['title']}: {name} [{meth}] {note}")
        sys.stdout.flush()
        cur.execute(f"DROP TABLE IF EXISTS {L.table_name(n)}")
    cur.execute(f"DROP TABLE IF EXISTS {L.WARM_TABLE}")
    wall = time.perf_counter() - wall0

    import numpy
    import scipy
    import sklearn
    meta = {"command": "/usr/bin/python3 test/bench/run_all.py --rows " + ",".join(str(n) for n in sizes)
            + (f" --rounds {args.rounds}" if args.rounds else "") + (f" --only {args.only}" if args.only else ""),
            "date": datetime.date.today().isoformat(), "wall": wall, "machine": L.machine(), "pg": pgv,
            "numpy": numpy.__version__, "sklearn": sklearn.__version__, "scipy": scipy.__version__,
            "not_covered": NOT_COVERED, "distributed": load_distributed(args.distributed_json)}
    md = report(runs, skipped, meta, failures)
    print("\n" + md)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"meta": meta, "skipped": skipped, "runs": {str(k): v for k, v in runs.items()}},
                      fh, default=str, indent=1)
    if not args.no_docs:
        with open(os.path.join(DOCS, "benchmarks.md"), "w") as fh:
            fh.write(md)
        chart(runs, os.path.join(DOCS, "benchmarks.png"))
    L.log(f"total {wall / 60:.1f} min; {len(failures)} disagreement(s)")
    for x in failures:
        L.log("DISAGREE " + x)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
