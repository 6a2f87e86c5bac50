"""Validity monitors under concurrency, run as their owner.

Own database (mlcheck_checks_monitors_validity).  Checks:
  - a second session running the same monitor while the first holds it
    returns no row and writes nothing (the monitor's row lock, SKIP LOCKED);
  - 6 sessions calling run_monitors at once over 10 windows write exactly
    one result row per monitor and window, all ok, and no warning;
  - the result equals a sequential recomputation (validity_report and
    check_rules over the same window);
  - a run by a superuser reads as the owner: the owner's row-level security
    applies to the window's rows, and a column the owner may not read is an
    error row 42501, not the superuser's view of the data;
  - NOTIFY mlcheck_alert carries only the result id.
One line per check: "ok monitors_validity/<name>" or "FAIL monitors_validity/<name>: why".
"""
import os
import select
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

chk = L.Checker("monitors_validity")
conn = L.own_database("monitors_validity")
cur = conn.cursor()
cur.execute("SET TimeZone = 'UTC'")
cur.execute("""
CREATE TABLE ev (ts timestamptz NOT NULL, x float8, cat text, tenant text);
INSERT INTO ev
SELECT timestamptz '2026-01-05 00:00+00' + (i / 50) * interval '1 hour',
       CASE WHEN i % 997 = 0 THEN NULL WHEN i % 1999 = 0 THEN 1e9 ELSE (i % 100) / 10.0 END,
       CASE WHEN i % 1777 = 0 THEN 'new' ELSE (ARRAY['a', 'b', 'c'])[1 + i % 3] END,
       CASE WHEN i % 2 = 0 THEN 'alice' ELSE 'bob' END
  FROM generate_series(0, 20 * 24 * 50 - 1) i;
CREATE INDEX ON ev (ts);
CREATE TABLE ev_ref AS SELECT * FROM ev WHERE ts < '2026-01-12' AND x < 1e9 AND cat <> 'new';
ANALYZE ev;
""")
for i in range(4):
    cur.execute("SELECT mlcheck.add_validity_monitor(%s, 'ev', 'ts', '1 day', 'ev_ref', %s, ARRAY['x', 'cat'], %s)",
                (f"v{i}", '{"x": {"max": 9.9}}' if i % 2 else None, [0, 0.002][i % 2]))
AS_OF = [f"2026-01-{d:02d} 06:00+00" for d in range(12, 22)]

# ---- a second session skips a monitor the first one is running
a = L.connect_db("monitors_validity")
a.autocommit = False
b = L.connect_db("monitors_validity")
ca, cb = a.cursor(), b.cursor()
ca.execute("SELECT count(*) FROM mlcheck.check_monitor('v0', %s)", (AS_OF[0],))
first = ca.fetchone()[0]
cb.execute("SELECT count(*) FROM mlcheck.check_monitor('v0', %s)", (AS_OF[0],))
second = cb.fetchone()[0]
a.commit()
cb.execute("SELECT count(*) FROM mlcheck.results WHERE monitor = 'v0'")
n = cb.fetchone()[0]
chk.check("concurrent_check_monitor_skips", first == 1 and second == 0 and n == 1,
          f"first {first}, second {second}, rows {n}")
cb.execute("DELETE FROM mlcheck.results")
a.close()
b.close()

# ---- many sessions, many windows: one row per monitor and window
errors = []
warnings = []


def worker(k):
    c = L.connect_db("monitors_validity")
    try:
        cc = c.cursor()
        for t in (AS_OF if k % 2 else list(reversed(AS_OF))):
            cc.execute("CALL mlcheck.run_monitors(NULL, %s)", (t,))
            warnings.extend(x for x in c.notices if "WARNING" in x)
    except psycopg2.Error as e:
        errors.append(f"{e.pgcode}: {e}")
    finally:
        c.close()


threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
# a session skips a monitor another one is running (whatever its window);
# a later run (the next scheduled one) evaluates the windows skipped
cur.execute("SELECT count(*), count(DISTINCT (monitor, window_start)) FROM mlcheck.results")
during, during_distinct = cur.fetchone()
for t in AS_OF:
    cur.execute("CALL mlcheck.run_monitors(NULL, %s)", (t,))
cur.execute("""SELECT count(*), count(DISTINCT (monitor, window_start)), count(*) FILTER (WHERE status = 'ok'),
                      count(*) FILTER (WHERE alert), max(attempts) FROM mlcheck.results""")
total, distinct, ok, alerts, attempts = cur.fetchone()
chk.check("concurrent_run_monitors_one_row_per_window",
          not errors and not warnings and during == during_distinct and total == 4 * len(AS_OF)
          and distinct == total and ok == total and attempts == 1,
          f"errors {errors[:2]} warnings {warnings[:2]} concurrent rows {during} distinct {during_distinct}; "
          f"after a sequential pass rows {total} distinct {distinct} ok {ok} attempts {attempts}")
chk.check("some_windows_alert", 0 < alerts < total, f"{alerts} alerts of {total}")

# ---- the stored result equals the report over the same window
cur.execute("""CREATE TABLE win AS SELECT * FROM ev WHERE ts >= '2026-01-15' AND ts < '2026-01-16'""")
cur.execute("""SELECT r.statistic, r.alert, r.details FROM mlcheck.results r
                WHERE r.monitor = 'v1' AND r.window_start = '2026-01-15'""")
stat, alert, details = cur.fetchone()
cur.execute("""SELECT greatest(max(null_share - reference_null_share), max(nan_share), max(infinite_share),
                              max(below_min_share), max(above_max_share), max(new_category_share)),
                      bool_or(null_share - reference_null_share > 0.002 OR nan_share > 0.002
                              OR infinite_share > 0.002 OR below_min_share > 0.002 OR above_max_share > 0.002
                              OR new_category_share > 0.002)
                 FROM mlcheck.validity_report('ev_ref', 'win', ARRAY['x', 'cat'])""")
want_stat, want_alert_learned = cur.fetchone()
cur.execute("""SELECT max(failed_share), bool_or(NOT passed)
                 FROM mlcheck.check_rules('win', '{"x": {"max": 9.9}}')""")
rule_stat, rule_fail = cur.fetchone()
chk.check("result_equals_reports",
          stat == max(want_stat, rule_stat) and alert == (want_alert_learned or rule_fail)
          and details["n_rows"] == 1200,
          f"stat {stat} vs {want_stat}/{rule_stat}, alert {alert} vs {want_alert_learned}/{rule_fail}, {details}")

# ---- a superuser's run reads as the owner
cur.execute("CREATE ROLE mlc_val_owner")
cur.execute("GRANT SELECT (ts, x, cat) ON ev TO mlc_val_owner")
cur.execute("GRANT SELECT ON ev_ref TO mlc_val_owner")
cur.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON mlcheck.monitors, mlcheck.baselines, mlcheck.results TO mlc_val_owner")
cur.execute("GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO mlc_val_owner")
cur.execute("ALTER TABLE ev ENABLE ROW LEVEL SECURITY")
cur.execute("CREATE POLICY alice_only ON ev FOR SELECT TO mlc_val_owner USING (tenant = 'alice')")
cur.execute("SET ROLE mlc_val_owner")
cur.execute("SELECT (mlcheck.add_validity_monitor('owned', 'ev', 'ts', '1 day', 'ev_ref', columns => ARRAY['x'])).name")
cur.execute("RESET ROLE")
cur.execute("SELECT status, details->>'n_rows' FROM mlcheck.check_monitor('owned', '2026-01-15 06:00+00')")
st, nrows = cur.fetchone()
chk.check("superuser_run_reads_as_owner_rls", st == "ok" and nrows == "600", f"status {st}, n_rows {nrows} (owner sees 600 of 1200)")
cur.execute("REVOKE SELECT (x) ON ev FROM mlc_val_owner")
cur.execute("SELECT status, sqlstate FROM mlcheck.check_monitor('owned', '2026-01-16 06:00+00')")
st, state = cur.fetchone()
chk.check("owner_without_privilege_error_row", st == "error" and state == "42501", f"{st} {state}")

# ---- NOTIFY carries the result id only
lc = L.connect_db("monitors_validity")
lc.cursor().execute("LISTEN mlcheck_alert")
cur.execute("SELECT id FROM mlcheck.check_monitor('v0', '2026-01-25 06:00+00') WHERE alert OR status = 'error'")
got = cur.fetchall()
deadline = time.time() + 10
while not lc.notifies and time.time() < deadline:
    select.select([lc], [], [], 0.5)
    lc.poll()
payloads = [n.payload for n in lc.notifies]
chk.check("notify_payload_is_result_id", got and payloads == [str(got[0][0])], f"rows {got}, payloads {payloads}")
lc.close()

cur.execute("ALTER TABLE ev DISABLE ROW LEVEL SECURITY")
cur.execute("SET client_min_messages = error")
cur.execute("SELECT mlcheck.drop_monitor(name) FROM mlcheck.monitors")
cur.execute("REVOKE ALL ON mlcheck.monitors, mlcheck.baselines, mlcheck.results FROM mlc_val_owner")
cur.execute("REVOKE ALL ON SEQUENCE mlcheck.results_id_seq FROM mlc_val_owner")
cur.execute("DROP TABLE ev, ev_ref, win")
cur.execute("DROP ROLE mlc_val_owner")
L.drop_database("monitors_validity", conn)
chk.done()
