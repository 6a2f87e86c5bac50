"""Faults: cancellation, parallel worker errors, window use, memory release.

For every aggregate of the extension (enumerated from the catalog, one per
transition function where the cost is per-row):
  - statement_timeout cancels it mid-scan (57014), the session stays usable
    and the next run gives the same answer as before the cancellation;
  - a bad row met by a parallel worker surfaces as the same SQLSTATE as in a
    serial plan (not XX000, not a lost connection), and the next parallel
    query is right;
  - used as a window function OVER (ORDER BY ...) (running and moving
    frames, PARTITION BY) it returns, row by row, what the plain aggregate
    returns over the same frame -- or is refused with a clear error; the
    line says which;
  - backend RSS after a 10-million-row aggregate (and after repeating it)
    is back near its value before the query.
The profile blocks (mlcheck._numeric_profiles, mlcheck._categorical_profiles:
a column count and 16 columns) get the same four checks written out, with a
bad column count (0, NULL) as the parallel worker's bad row.
"""
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "faults"
chk = L.Checker(SUITE)
conn = L.own_database("faults")
cur = conn.cursor()
cur.execute("SET extra_float_digits = 3")
aggs = [a for a in L.ext_aggregates(conn) if L.supported(a)]
building = [a for a in aggs if "summary" not in a.roles]
BIG_ROWS = int(os.environ.get("MLCHECK_FAULTS_ROWS", "10000000"))


def short(a):
    t = {"double precision": "float8", "boolean": "bool", "integer": "int"}
    return a.name + "(" + ",".join(t.get(x, x.replace("mlcheck.", "")) for x in a.argtypes) + ")"


def gen_args(a, i="i"):
    """SQL expressions computing the aggregate's arguments from integer column i."""
    out = []
    for role, ty in zip(a.roles, a.argtypes):
        if role in ("score", "pred", "value"):
            out.append(f"((({i}::bigint * 7919) % 1000) / 1000.0)::float8")
        elif role in ("score2",):
            out.append(f"((({i}::bigint * 104729) % 997) / 997.0)::float8")
        elif role == "true":
            out.append(f"((({i}::bigint * 31) % 100) / 100.0)::float8")
        elif role == "label":
            out.append(f"(({i}::bigint * 7919) % 3 = 0)" if ty == "boolean" else f"((({i}::bigint * 7919) % 3 = 0)::int)::{ty}")
        elif role == "weight":
            out.append(f"(1 + {i} % 3)::float8")
        elif role == "size":
            out.append(L.lit(L.default_size(a), ty))
        elif role == "param":
            out.append("0.95::float8")
        elif role in ("actual", "predicted"):
            k = 5 if role == "actual" else 7
            if ty == "boolean":
                out.append(f"({i} % {k} < 2)")
            elif ty in L.INTS:
                out.append(f"({i} % {k})::{ty}")
            else:
                out.append(f"('c' || ({i} % {k}))")
        elif role == "category":
            out.append(f"('c' || ({i} % 11))")
        else:
            raise ValueError(role)
    return ", ".join(out)


def as_text(a, expr):
    return f"({expr})::text"


def one_per_transfn(lst):
    seen, out = set(), []
    for a in lst:
        if a.transfn not in seen:
            seen.add(a.transfn)
            out.append(a)
    return out


def _close(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return False


def close_text(x, y):
    """Compare two text-rendered results: equal, or floats / JSON summaries
    equal to 1e-9 relative (sums in another order round differently)."""
    if x == y:
        return True
    try:
        return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        pass
    try:
        return _close(json.loads(x), json.loads(y))
    except (TypeError, ValueError):
        return False


# ------------------------------------------------------------ 1. statement_timeout
def cancel_check(label, call):
    """statement_timeout cancels the aggregate call (SQL text) mid-scan over
    i = 1, 2, ...: 57014, and the session gives the same answer after it."""
    small = f"SELECT ({call})::text FROM (SELECT generate_series(1, 5000) i) s"
    before = L.run(conn, small)
    cur.execute("SET statement_timeout = '400ms'")
    t0 = time.time()
    # generate_series in the target list streams rows (no tuplestore): the
    # cancellation lands while the aggregate is consuming rows
    o = L.run(conn, f"SELECT {call} IS NULL FROM (SELECT generate_series(1, 500000000) i) s")
    dt = time.time() - t0
    cur.execute("RESET statement_timeout")
    again = L.run(conn, small)
    ok = (not o.ok and o.sqlstate == "57014" and dt < 10 and L.alive(conn)
          and before.ok and again.ok and before.value == again.value)
    chk.check(f"statement_timeout/{label}", ok,
              f"cancel: {o.describe()} after {dt:.1f}s; before {before.describe()[:120]} after {again.describe()[:120]}")


def timeout_checks():
    for a in one_per_transfn(building):
        cancel_check(short(a), f"mlcheck.{a.name}({gen_args(a)})")


# ------------------------------------------------------------ 2. parallel worker error
def parallel_error_checks():
    cands = []
    for a in one_per_transfn(building):
        if "weight" in a.roles:
            cands.append((a, "weight", "-1::float8", "22023"))
        elif any(r in ("score",) for r in a.roles) and a.name not in L.PROFILE_AGGS:
            cands.append((a, "score", "'NaN'::float8", "22023"))
        elif "label" in a.roles and any(t in L.INTS for r, t in zip(a.roles, a.argtypes) if r == "label"):
            cands.append((a, "label", "2", "22023"))
    for a, role, badval, state in cands:
        tbl = f"par_{abs(hash(a.sig)) % 10**8}"
        cols = [f"c{k}" for k in range(len(a.argtypes))]
        coldefs = ", ".join(f"{c} {t if not t.startswith('mlcheck.') else t}" for c, t in zip(cols, a.argtypes))
        cur.execute(f"DROP TABLE IF EXISTS {tbl}; CREATE TABLE {tbl} (i int, {coldefs}) WITH (autovacuum_enabled = off)")
        cur.execute(f"INSERT INTO {tbl} SELECT i, {gen_args(a)} FROM generate_series(1, 200000) i")
        bad_col = cols[a.roles.index(role)]
        cur.execute(f"ANALYZE {tbl}")
        call = f"mlcheck.{a.name}(" + ", ".join(cols) + ")"
        q = f"SELECT {as_text(a, call)} FROM {tbl}"
        good_val = L.common.scalar(conn, f"SELECT {bad_col} FROM {tbl} WHERE i = 150000")
        L.common.set_parallel(conn, False)
        serial_good = L.run(conn, q)
        cur.execute(f"UPDATE {tbl} SET {bad_col} = {badval} WHERE i = 150000")
        serial_bad = L.run(conn, q)
        L.common.set_parallel(conn, True)
        cur.execute("SET parallel_leader_participation = off")   # the workers meet the bad row
        is_par = L.common.plan_has_parallel(conn, q)
        par_bad = L.run(conn, q)
        alive = L.alive(conn)
        cur.execute(f"UPDATE {tbl} SET {bad_col} = %s WHERE i = 150000", (good_val,))
        par_good = L.run(conn, q)
        cur.execute("RESET parallel_leader_participation")
        L.common.set_parallel(conn, False)
        ok = (is_par and not serial_bad.ok and serial_bad.sqlstate == state and not par_bad.ok
              and par_bad.sqlstate == state and par_bad.error.diag.message_primary == serial_bad.error.diag.message_primary
              and alive and par_good.ok and serial_good.ok and close_text(par_good.value, serial_good.value))
        chk.check(f"parallel_worker_error/{short(a)}", ok,
                  f"parallel plan {is_par}; serial {serial_bad.describe()}; parallel {par_bad.describe()}; "
                  f"after: {par_good.describe()[:120]} vs {serial_good.describe()[:120]}")
        cur.execute(f"DROP TABLE {tbl}")


# ------------------------------------------------------------ 3. window functions
def window_checks():
    cur.execute("DROP TABLE IF EXISTS win; CREATE TABLE win (ts int, g int)")
    cur.execute("INSERT INTO win SELECT i, i % 3 FROM generate_series(1, 40) i")
    report = []
    for a in aggs:
        if "summary" in a.roles:
            typ = a.argtypes[0][8:]
            src = [b for b in building if b.rettype == a.argtypes[0]]
            if not src:
                continue
            b = src[0]
            # daily summaries, then merged as a running window
            inner = (f"SELECT d, mlcheck.{b.name}({gen_args(b, 'i')}) AS s FROM "
                     f"(SELECT i, i % 8 AS d FROM generate_series(1, 80) i) x GROUP BY d")
            frames = {
                "running": (f"SELECT d, (mlcheck.{a.name}(s) OVER (ORDER BY d))::text FROM ({inner}) q ORDER BY d",
                            lambda d: f"SELECT mlcheck.{a.name}(s)::text FROM ({inner}) q WHERE d <= {d}"),
            }
            keys = list(range(8))
        else:
            args = gen_args(a, "ts")
            frames = {
                "running": (f"SELECT ts, {as_text(a, f'mlcheck.{a.name}({args}) OVER (ORDER BY ts)')} FROM win ORDER BY ts",
                            lambda t, args=args: f"SELECT {as_text(a, f'mlcheck.{a.name}({args})')} FROM win WHERE ts <= {t}"),
                "moving": (f"SELECT ts, {as_text(a, f'mlcheck.{a.name}({args}) OVER (ORDER BY ts ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)')} FROM win ORDER BY ts",
                           lambda t, args=args: f"SELECT {as_text(a, f'mlcheck.{a.name}({args})')} FROM win WHERE ts BETWEEN {t} - 4 AND {t}"),
                "partition": (f"SELECT ts, {as_text(a, f'mlcheck.{a.name}({args}) OVER (PARTITION BY g ORDER BY ts)')} FROM win ORDER BY ts",
                              lambda t, args=args: f"SELECT {as_text(a, f'mlcheck.{a.name}({args})')} FROM win WHERE g = {t} % 3 AND ts <= {t}"),
            }
            keys = list(range(1, 41))
        for fname, (wq, ref) in frames.items():
            o = L.run(conn, wq)
            if not o.ok:
                clear = o.sqlstate not in ("XX000", None) and not o.sqlstate.startswith("XX") and L.alive(conn)
                report.append(f"{short(a)} {fname}: refused {o.sqlstate}")
                chk.check(f"window/{short(a)}/{fname}", clear, f"refused unclearly: {o.describe()}")
                continue
            got = dict(o.rows)
            bad = []
            for k in keys:
                want = L.run(conn, ref(k))
                if not want.ok or not close_text(got.get(k), want.value):
                    bad.append((k, str(got.get(k))[:80], want.describe()[:80]))
            report.append(f"{short(a)} {fname}: {'works' if not bad else 'WRONG'}")
            chk.check(f"window/{short(a)}/{fname}", not bad, f"{len(bad)} rows differ from the plain aggregate, e.g. {bad[:2]}")
    return report


# ------------------------------------------------------------ 4. memory released
def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        d = dict(line.split(":", 1) for line in f)
    return int(d["VmRSS"].split()[0]), int(d["VmHWM"].split()[0])


def memory_check(pid, label, call, n):
    """Backend RSS after the aggregate call over n rows, and after repeating
    it, is back near its value before (the state's memory is released)."""
    q = f"SELECT {call} IS NULL FROM (SELECT generate_series(1, {n}) i) s"
    L.run(conn, q.replace(str(n), "1000"))             # load library, warm caches
    r0, _ = rss_kb(pid)
    t0 = time.time()
    o1 = L.run(conn, q)
    dt = time.time() - t0
    r1, hwm = rss_kb(pid)
    o2 = L.run(conn, q)
    r2, _ = rss_kb(pid)
    grow1, grow2 = (r1 - r0) / 1024, (r2 - r1) / 1024
    ok = o1.ok and o2.ok and grow1 < 32 and grow2 < 4
    chk.check(f"memory_released/{label}_{n}_rows", ok,
              f"{o1.describe()[:100]}; RSS before {r0} kB, after {r1} kB, after repeat {r2} kB (peak {hwm} kB)")
    return f"{label} {n} rows {dt:.1f}s: RSS {r0 // 1024}->{r1 // 1024}->{r2 // 1024} MB, peak {hwm // 1024} MB"


def backend_pid():
    pid = L.common.scalar(conn, "SELECT pg_backend_pid()")
    try:
        rss_kb(pid)
    except OSError as e:
        chk.check("memory/proc_readable", False, f"cannot read /proc/{pid}/status: {e}")
        return None
    return pid


def memory_checks():
    pid = backend_pid()
    if pid is None:
        return []
    report = []
    # one aggregate per name: the 10M-row run for the cheapest label kind,
    # the others at a tenth of the size (CI budget)
    seen = set()
    for a in building:
        if a.name in seen:
            continue
        seen.add(a.name)
        n = BIG_ROWS if a.name == "confusion" else max(BIG_ROWS // 10, 100000)
        report.append(memory_check(pid, short(a), f"mlcheck.{a.name}({gen_args(a)})", n))
    return report

# ------------------------------------------------------------ 5. block aggregates
# The profile blocks (one profile per column of up to 16 columns) take a
# column count and 16 columns, which the role-driven checks above do not
# feed; the same four faults, written out for them.
def block_args(kind, i="i", k=16):
    if kind == "numeric":
        cols = [f"((({i}::bigint * {7919 + 13 * j}) % 1000) / 1000.0)::float8" for j in range(16)]
    else:
        cols = [f"('c' || (({i}::bigint * {31 + 7 * j}) % {11 + j}))" for j in range(16)]
    return f"{k}, " + ", ".join(cols)


def block_checks():
    report = []
    for kind in ("numeric", "categorical"):
        name = f"_{kind}_profiles"
        cancel_check(name, f"mlcheck.{name}({block_args(kind)})")
        # a bad column count met by a parallel worker: the serial plan's error
        tbl = f"blk_{kind}"
        cur.execute(f"DROP TABLE IF EXISTS {tbl}; CREATE TABLE {tbl} AS SELECT i, 16 AS k FROM generate_series(1, 200000) i")
        cur.execute(f"ANALYZE {tbl}")
        q = f"SELECT mlcheck.{name}({block_args(kind, k='k')})::text FROM {tbl}"
        if kind == "numeric":
            # sketched profiles depend on the plan: compare their exact counts
            q = (f"SELECT (SELECT array_agg(mlcheck.n(e) ORDER BY o) FROM unnest(p) WITH ORDINALITY u(e, o))::text "
                 f"FROM (SELECT mlcheck.{name}({block_args(kind, k='k')}) AS p FROM {tbl}) s")
        L.common.set_parallel(conn, False)
        serial_good = L.run(conn, q)
        res = []
        for bad, state in (("0", "22023"), ("NULL", "22004")):
            cur.execute(f"UPDATE {tbl} SET k = {bad} WHERE i = 150000")
            L.common.set_parallel(conn, False)
            serial_bad = L.run(conn, q)
            L.common.set_parallel(conn, True)
            cur.execute("SET parallel_leader_participation = off")
            is_par = L.common.plan_has_parallel(conn, q)
            par_bad = L.run(conn, q)
            cur.execute("RESET parallel_leader_participation")
            cur.execute(f"UPDATE {tbl} SET k = 16 WHERE i = 150000")
            res.append((bad, is_par, serial_bad, par_bad, state))
        L.common.set_parallel(conn, True)
        par_good = L.run(conn, q)
        L.common.set_parallel(conn, False)
        for bad, is_par, serial_bad, par_bad, state in res:
            chk.check(f"parallel_worker_error/{name}/k_{bad.lower()}",
                      is_par and not serial_bad.ok and serial_bad.sqlstate == state and not par_bad.ok
                      and par_bad.sqlstate == state
                      and par_bad.error.diag.message_primary == serial_bad.error.diag.message_primary
                      and L.alive(conn) and serial_good.ok and par_good.ok and par_good.value == serial_good.value,
                      f"parallel plan {is_par}; serial {serial_bad.describe()}; parallel {par_bad.describe()}; "
                      f"after: {par_good.describe()[:80]} vs {serial_good.describe()[:80]}")
        cur.execute(f"DROP TABLE {tbl}")
        # window use: a running frame, row by row, equals the plain aggregate
        args = block_args(kind, "ts")
        o = L.run(conn, f"SELECT ts, (mlcheck.{name}({args}) OVER (ORDER BY ts))::text FROM win ORDER BY ts")
        if not o.ok:
            chk.check(f"window/{name}/running", o.sqlstate is not None and not o.sqlstate.startswith("XX") and L.alive(conn),
                      f"refused unclearly: {o.describe()}")
            report.append(f"{name} running: refused {o.sqlstate}")
        else:
            got = dict(o.rows)
            bad = [t for t in range(1, 41)
                   if got.get(t) != L.run(conn, f"SELECT mlcheck.{name}({args})::text FROM win WHERE ts <= {t}").value]
            chk.check(f"window/{name}/running", not bad, f"{len(bad)} rows differ from the plain aggregate, e.g. {bad[:3]}")
            report.append(f"{name} running: {'works' if not bad else 'WRONG'}")
        # memory released after a large aggregate (16 profiles a row)
        pid = backend_pid()
        if pid is not None:
            report.append(memory_check(pid, name, f"mlcheck.{name}({block_args(kind)})", max(BIG_ROWS // 10, 100000)))
    return report


timeout_checks()
parallel_error_checks()
wreport = window_checks()
mreport = memory_checks()
breport = block_checks()
print("# window use:", "; ".join(wreport))
print("# memory:", "; ".join(mreport))
print("# profile blocks:", "; ".join(breport))
L.drop_database("faults", conn)
chk.done()
