"""Monitors under concurrency, NOTIFY delivery, transaction contexts and pg_dump.

Run by test/run_tests.sh against the throw-away cluster ($MLCHECK_PORT) with
/usr/bin/python3.  Creates its own databases (mlcheck_mon, mlcheck_mon_restore)
and drops them at the end.  One line per check: "ok monitors/<name>" or
"FAIL monitors/<name>: why".
"""
import os
import subprocess
import sys
import threading
import time

import psycopg2

PORT = int(os.environ.get("MLCHECK_PORT", "5499"))
HOST = f"/tmp/mlcheck-pg-{PORT}"
DB = "mlcheck_mon"
DB2 = "mlcheck_mon_restore"
BIN = "/usr/lib/postgresql/15/bin"

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok monitors/{name}", flush=True)
    else:
        failed += 1
        print(f"FAIL monitors/{name}: {detail}", flush=True)
    return ok


def connect(db=DB, autocommit=True):
    c = psycopg2.connect(host=HOST, port=PORT, user="postgres", dbname=db)
    c.autocommit = autocommit
    return c


def q(conn, sql, args=None):
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall() if cur.description else None


admin = connect("postgres")
for d in (DB, DB2):
    q(admin, f"DROP DATABASE IF EXISTS {d} WITH (FORCE)")
q(admin, f"CREATE DATABASE {DB}")
conn = connect()
q(conn, "CREATE EXTENSION mlcheck")
q(conn, "SET TimeZone = 'UTC'")

# 40 days of events, 300 per hour, a shift in x and cat from day 28 on.
q(conn, """
CREATE TABLE ev (ts timestamptz NOT NULL, x float8, y float8, cat text);
INSERT INTO ev
SELECT timestamptz '2026-01-05 00:00+00' + (i / 300) * interval '1 hour',
       ((i * 7919) % 1000) / 100.0 + CASE WHEN i / 300 >= 28 * 24 THEN 2 ELSE 0 END,
       ((i * 104729) % 997) / 997.0,
       CASE WHEN i / 300 >= 28 * 24 AND i % 2 = 0 THEN 'z' ELSE (ARRAY['a','b','c'])[1 + i % 3] END
  FROM generate_series(0::bigint, 40 * 24 * 300 - 1) i;
CREATE INDEX ON ev (ts);
ANALYZE ev;
""")
q(conn, "SELECT mlcheck.create_baseline('x_ref', 'ev', 'x', $$ts < '2026-01-26'$$)")
q(conn, "SELECT mlcheck.create_baseline('y_ref', 'ev', 'y', $$ts < '2026-01-26'$$)")
q(conn, "SELECT mlcheck.create_baseline('cat_ref', 'ev', 'cat', $$ts < '2026-01-26'$$)")
monitors = []
for w in ("1 hour", "6 hours", "1 day", "7 days"):
    for col, base, method in (("x", "x_ref", "auto"), ("x", "x_ref", "ks"),
                              ("y", "y_ref", "wasserstein"), ("cat", "cat_ref", "auto")):
        name = f"{col}_{method}_{w.replace(' ', '')}"
        q(conn, "SELECT mlcheck.add_monitor(%s, 'ev', %s, 'ts', %s, %s::interval, %s)",
          (name, col, base, w, method))
        monitors.append(name)
# many-column drift: a drift monitor per column plus a dataset_drift monitor
q(conn, "CREATE TABLE ev_ref AS SELECT * FROM ev WHERE ts < '2026-01-26'")
for w in ("6 hours", "1 day"):
    prefix = f"dd_{w.replace(' ', '')}"
    made = q(conn, "SELECT name FROM mlcheck.add_drift_monitors(%s, 'ev', 'ts', %s::interval, 'ev_ref', ARRAY['x', 'cat'])",
             (prefix, w))
    monitors += [r[0] for r in made]
NMON = len(monitors)

# ---------------------------------------------------------------- 1. races
def run_many(as_of, nsessions=4, in_block=False):
    """nsessions connections CALL run_monitors at the same instant."""
    barrier = threading.Barrier(nsessions)
    errors = []

    def worker():
        try:
            c = connect(autocommit=not in_block)
            barrier.wait()
            with c.cursor() as cur:
                cur.execute("CALL mlcheck.run_monitors(as_of => %s)", (as_of,))
            if in_block:
                c.commit()
            c.close()
        except Exception as e:  # noqa: BLE001 - any failure is a test failure
            errors.append(repr(e))

    ts = [threading.Thread(target=worker) for _ in range(nsessions)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return errors


WINDOW_ROWS = """SELECT count(*), count(DISTINCT (r.monitor, r.window_start, r.window_end)),
                          count(*) FILTER (WHERE r.status = 'ok'), max(r.attempts)
                     FROM mlcheck.results r JOIN mlcheck.monitors m ON m.name = r.monitor
                    WHERE (r.window_start, r.window_end) = (SELECT * FROM mlcheck.monitor_window(m."window", %s))"""
DUE = """SELECT count(*) FROM mlcheck.monitors m WHERE m.enabled AND NOT EXISTS (
           SELECT 1 FROM mlcheck.results r WHERE r.monitor = m.name AND r.status = 'ok'
              AND (r.window_start, r.window_end) = (SELECT * FROM mlcheck.monitor_window(m."window", %s)))"""


def max_id(c):
    return q(c, "SELECT coalesce(max(id), 0) FROM mlcheck.results")[0][0]


rounds = ("2026-02-10 13:30+00", "2026-02-10 13:31+00", "2026-02-11 02:00+00")
for rnd, as_of in enumerate(rounds):
    errs = run_many(as_of, nsessions=4, in_block=(rnd == 1))
    check(f"concurrent_round{rnd}_no_error", not errs, "; ".join(errs[:3]))
    rows = q(conn, WINDOW_ROWS, (as_of,))[0]
    check(f"concurrent_round{rnd}_one_row_per_monitor", rows == (NMON, NMON, NMON, 1),
          f"got {rows}, want {NMON} rows")
total = q(conn, "SELECT count(*), count(DISTINCT (monitor, window_start, window_end)) FROM mlcheck.results")[0]
want = q(conn, """SELECT count(DISTINCT (m.name, w.window_start, w.window_end))
                    FROM mlcheck.monitors m, unnest(%s::timestamptz[]) a,
                         LATERAL mlcheck.monitor_window(m."window", a) w""", (list(rounds),))[0][0]
check("concurrent_no_duplicates_overall", total == (want, want), f"got {total}, want {want} distinct windows")

# --------------------------------------------- 2. a run holding the locks
# Session A runs inside an open transaction; session B, meanwhile, neither
# waits for A nor duplicates its rows; after A commits, B finds nothing due.
as_of = "2026-02-12 05:00+00"
due = q(conn, DUE, (as_of,))[0][0]
a = connect(autocommit=False)
with a.cursor() as cur:
    cur.execute("CALL mlcheck.run_monitors(as_of => %s)", (as_of,))
b = connect()
before = max_id(b)
t0 = time.monotonic()
with b.cursor() as cur:
    cur.execute("SET lock_timeout = '20s'")
    cur.execute("CALL mlcheck.run_monitors(as_of => %s)", (as_of,))
elapsed = time.monotonic() - t0
check("locked_run_skips_without_waiting", elapsed < 10, f"took {elapsed:.1f}s")
n_b = q(b, "SELECT count(*) FROM mlcheck.results WHERE id > %s", (before,))[0][0]
check("locked_run_writes_nothing", due > 0 and n_b == 0, f"B wrote {n_b} rows while A held the monitors ({due} due)")
a.commit()
q(b, "CALL mlcheck.run_monitors(as_of => %s)", (as_of,))
got = q(b, WINDOW_ROWS, (as_of,))[0]
new = q(b, "SELECT count(*) FROM mlcheck.results WHERE id > %s", (before,))[0][0]
check("after_commit_one_row_each", got == (NMON, NMON, NMON, 1) and new == due, f"got {got}, {new} new rows, {due} due")
a.close()

# ------------------------------------- 3. transaction contexts that matter
# psycopg2's default (not autocommit) wraps CALL in a transaction block, as
# do BEGIN ... COMMIT scripts and multi-statement pg_cron commands.
c = connect(autocommit=False)
try:
    with c.cursor() as cur:
        cur.execute("CALL mlcheck.run_monitors(as_of => '2026-02-13 00:00+00')")
        cur.execute("SELECT 1")
    c.commit()
    check("call_inside_transaction_block", True)
except psycopg2.Error as e:
    check("call_inside_transaction_block", False, str(e))
c.close()
try:
    q(conn, "DO $$ BEGIN CALL mlcheck.run_monitors(as_of => '2026-02-14 00:00+00'); END $$")
    check("call_from_do_block", True)
except psycopg2.Error as e:
    check("call_from_do_block", False, str(e))

# ------------------------------------------------------------- 4. NOTIFY
lst = connect()
q(lst, "LISTEN mlcheck_alert")
lst.poll()
lst.notifies.clear()
before = max_id(conn)
q(conn, "CALL mlcheck.run_monitors(as_of => '2026-02-20 00:00+00')")
written = q(conn, """SELECT count(*) FILTER (WHERE alert OR status = 'error'), count(*)
                       FROM mlcheck.results WHERE id > %s""", (before,))[0]
deadline = time.monotonic() + 5
while time.monotonic() < deadline and len(lst.notifies) < written[0]:
    time.sleep(0.1)
    lst.poll()
payloads = [n.payload for n in lst.notifies if n.channel == "mlcheck_alert"]
check("notify_one_per_alert", written[1] > 0 and written[0] > 0 and len(payloads) == written[0],
      f"{len(payloads)} notifications for {written[0]} alert rows of {written[1]}")
# the payload is the result id only (any role may LISTEN; readers look the
# row up in mlcheck.results with their own rights)
check("notify_payload_is_result_id", payloads and all(p.isdigit() for p in payloads),
      f"payloads {payloads[:2]}")
ids = {int(p) for p in payloads if p.isdigit()}
db_ids = {r[0] for r in q(conn, "SELECT id FROM mlcheck.results WHERE alert AND id > %s", (before,))}
check("notify_ids_match_rows", ids == db_ids, f"{sorted(ids)} vs {sorted(db_ids)}")
lst.notifies.clear()
q(conn, "CALL mlcheck.run_monitors(as_of => '2026-02-20 00:00+00')")
time.sleep(0.5)
lst.poll()
check("notify_not_repeated", not lst.notifies, f"{len(lst.notifies)} more notifications on a rerun")
# nothing is delivered for a rolled-back run
c = connect(autocommit=False)
with c.cursor() as cur:
    cur.execute("CALL mlcheck.run_monitors(as_of => '2026-02-21 00:00+00')")
c.rollback()
c.close()
time.sleep(0.5)
lst.poll()
check("notify_not_sent_on_rollback", not lst.notifies, f"{len(lst.notifies)} notifications")

# ------------------------------------ 5. a failing monitor among the others
q(conn, "CREATE TABLE ev_copy AS SELECT * FROM ev WHERE ts >= '2026-02-01'")
q(conn, "SELECT mlcheck.add_monitor('doomed', 'ev_copy', 'x', 'ts', 'x_ref', '1 day')")
q(conn, "DROP TABLE ev_copy")
lst.notifies.clear()
before = max_id(conn)
errs = run_many("2026-02-25 00:00+00", nsessions=3)
check("failing_monitor_does_not_stop_others", not errs, "; ".join(errs[:3]))
rows = q(conn, """SELECT monitor, status, sqlstate FROM mlcheck.results
                   WHERE id > %s ORDER BY monitor""", (before,))
by = {r[0]: r for r in rows}
check("failing_monitor_error_row", by.get("doomed", (None, None, None))[1:] == ("error", "42P01"),
      f"doomed: {by.get('doomed')}")
due_ok = len(rows) - 1
check("other_monitors_ok", due_ok > 0 and sum(r[1] == "ok" for r in rows) == due_ok,
      f"{len(rows)} rows, {sum(r[1] == 'ok' for r in rows)} ok")
time.sleep(0.3)
lst.poll()
notified = {int(n.payload) for n in lst.notifies if n.payload.isdigit()}
errs_notified = [r for r in q(conn, "SELECT id, sqlstate FROM mlcheck.results WHERE status = 'error' AND id = ANY(%s)",
                              (sorted(notified),))]
# an error window is retried by a later run (the row is updated in place, its
# attempts counted), so concurrent sessions may each notify that one row:
# at least one notification, all about the same error row
check("error_is_notified", len(errs_notified) == 1 and errs_notified[0][1] == "42P01",
      f"{errs_notified}")
q(conn, "DELETE FROM mlcheck.monitors WHERE name = 'doomed'")
lst.close()

# -------------------------------------------------- 6. pg_dump round trip
counts = q(conn, """SELECT (SELECT count(*) FROM mlcheck.baselines), (SELECT count(*) FROM mlcheck.monitors),
                           (SELECT count(*) FROM mlcheck.results), (SELECT max(id) FROM mlcheck.results)""")[0]
q(admin, f"CREATE DATABASE {DB2}")
dump = subprocess.run([f"{BIN}/pg_dump", "-h", HOST, "-p", str(PORT), "-U", "postgres", DB],
                      capture_output=True, text=True)
rest = subprocess.run([f"{BIN}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", HOST, "-p", str(PORT),
                       "-U", "postgres", "-d", DB2], input=dump.stdout, capture_output=True, text=True)
check("pg_dump_restore_runs", dump.returncode == 0 and rest.returncode == 0,
      (dump.stderr + rest.stderr)[-500:])
c2 = connect(DB2)
counts2 = q(c2, """SELECT (SELECT count(*) FROM mlcheck.baselines), (SELECT count(*) FROM mlcheck.monitors),
                          (SELECT count(*) FROM mlcheck.results), (SELECT max(id) FROM mlcheck.results)""")[0]
check("pg_dump_keeps_rows", counts2 == counts, f"{counts2} vs {counts}")
same = q(c2, """SELECT count(*) FROM mlcheck.baselines b2 WHERE b2.numeric_profile IS NOT NULL""")[0][0]
want_num = q(conn, """SELECT count(*) FROM mlcheck.baselines b WHERE b.numeric_profile IS NOT NULL""")[0][0]
check("pg_dump_keeps_profiles", same == want_num == 4, f"{same} numeric baselines, want {want_num}")
# the sequence continues after the restored ids, and the restored monitors run
q(c2, "SET TimeZone = 'UTC'")
due = q(c2, DUE, ("2026-02-27 00:00+00",))[0][0]
q(c2, "CALL mlcheck.run_monitors(as_of => '2026-02-27 00:00+00')")
new = q(c2, "SELECT min(id), count(*), count(*) FILTER (WHERE status = 'ok') FROM mlcheck.results WHERE id > %s",
        (counts[3],))[0]
check("pg_dump_sequence_and_runs", due > 0 and new[0] is not None and new[1] == due and new[2] == due,
      f"{new}, {due} due")
c2.close()

conn.close()
b.close()
for d in (DB, DB2):
    q(admin, f"DROP DATABASE IF EXISTS {d} WITH (FORCE)")
admin.close()
print(f"# monitors_concurrency: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
