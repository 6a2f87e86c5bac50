"""Security of monitors across roles: no role reaches another's rights or rows.

Roles: a team role mlc_sm_ops (NOLOGIN) with exactly the grants the README
recommends for the team that defines and runs monitors, and two members,
mlc_sm_alice and mlc_sm_bob (neither a superuser, neither a member of the
other).  Every check below failed before monitors ran as their owner:

  - escalation: alice's view calls her plpgsql function, which runs
    ALTER ROLE alice SUPERUSER when current_user is a superuser; a superuser
    runs run_monitors; alice must not become superuser;
  - the owner's rights: row-level security hiding rows from the owner
    applies to the owner's monitor run by a superuser; a security_invoker
    view over a table the owner cannot SELECT gives an error row 42501;
    a run by bob of alice's monitor (even though bob may read her table)
    is an error row 42501, never statistics;
  - ownership of rows: bob cannot rewrite, delete, drop or re-own alice's monitor,
    replace or change her baseline, read her baseline's profile, forge an ok
    result for her next window (which would suppress its alert), or change
    or delete her results; changing what a monitor reads re-checks the
    owner's SELECT privileges;
  - the run lock: bob holding the old advisory lock, or trying to lock
    alice's monitor row, does not silence her monitor;
  - NOTIFY mlcheck_alert carries the result id only; results.details holds
    no value of the data (category labels);
  - mlcheck.schedule ignores a planted schema "cron" that is not pg_cron's;
  - mlcheck.max_value_kb cannot be changed by a normal user;
  - a window of '2147483647 days' is refused at creation (22023);
  - a json slice column in slice_report is 42804 naming the column;
  - the internal API mlcheck._run_as_owner: refuses non-members, runs as the
    owner in a security-restricted operation, one read-only SELECT, and
    restores the caller and the settings on success and on error.
"""
import os
import select
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "security_monitors"
chk = L.Checker(SUITE)
OPS, ALICE, BOB = "mlc_sm_ops", "mlc_sm_alice", "mlc_sm_bob"

admin = L._connect("postgres")
acur = admin.cursor()
acur.execute(f"""DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OPS}') THEN CREATE ROLE {OPS} NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ALICE}') THEN CREATE ROLE {ALICE} LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BOB}') THEN CREATE ROLE {BOB} LOGIN; END IF;
END$$""")
acur.execute(f"ALTER ROLE {ALICE} NOSUPERUSER")
acur.execute(f"GRANT {OPS} TO {ALICE}, {BOB}")

conn = L.own_database("security_monitors")
cur = conn.cursor()


def q(sql, args=None, c=None):
    k = (c or conn).cursor()
    k.execute(sql, args)
    return k.fetchall() if k.description else None


def as_role(role, sql, args=None, c=None):
    """Run sql as role (SET ROLE on a superuser session); an Outcome."""
    c = c or conn
    c.cursor().execute(f"SET ROLE {role}")
    try:
        return L.run(c, sql, args)
    finally:
        c.cursor().execute("RESET ROLE")


# the README's grants for the team that defines and runs monitors
q(f"""GRANT SELECT, INSERT, UPDATE, DELETE ON mlcheck.baselines, mlcheck.monitors, mlcheck.results TO {OPS};
      GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO {OPS};
      CREATE SCHEMA a AUTHORIZATION {ALICE};
      CREATE SCHEMA b AUTHORIZATION {BOB};
      GRANT USAGE ON SCHEMA a, b TO {OPS};
      SET TimeZone = 'UTC'""")

# alice's data: 20 days, 240 rows a day; x shifts and a new category
# appears from day 14 on; the baseline is the first week
setup = as_role(ALICE, """
CREATE TABLE a.ev (ts timestamptz NOT NULL, x float8, cat text, region text);
INSERT INTO a.ev
SELECT '2026-01-01'::timestamptz + i * interval '6 minutes',
       ((i * 7919) % 1000) / 100.0 + CASE WHEN i >= 14 * 240 THEN 5 ELSE 0 END,
       CASE WHEN i >= 14 * 240 AND i % 3 = 0 THEN 'SECRET-LABEL-4711' ELSE 'c' || (i % 4) END,
       CASE WHEN i % 2 = 0 THEN 'eu' ELSE 'us' END
  FROM generate_series(0, 20 * 240 - 1) i;
CREATE TABLE a.log (who text, at timestamptz DEFAULT clock_timestamp());
GRANT INSERT ON a.log TO PUBLIC;
-- the trap: run as a superuser, it makes alice a superuser
CREATE FUNCTION a.trap() RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO a.log (who) VALUES (current_user);
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE mlc_sm_alice SUPERUSER';
    END IF;
    RETURN true;
END $f$;
CREATE VIEW a.trapped AS SELECT * FROM a.ev WHERE a.trap();
SELECT mlcheck.create_baseline('a_x_ref', 'a.ev', 'x', filter => $$ts < '2026-01-08'$$);
SELECT mlcheck.create_baseline('a_cat_ref', 'a.ev', 'cat', filter => $$ts < '2026-01-08'$$);
SELECT mlcheck.add_monitor('a_x', 'a.ev', 'x', 'ts', 'a_x_ref', '1 day', 'ks');
SELECT mlcheck.add_monitor('a_cat', 'a.ev', 'cat', 'ts', 'a_cat_ref', '1 day', 'chi2');
SELECT mlcheck.add_monitor('a_trap', 'a.trapped', 'x', 'ts', 'a_x_ref', '1 day', 'ks');
SELECT 1""")
chk.check("setup_as_team_member", setup.ok, setup.describe())


def result(monitor, as_of):
    r = q("""SELECT status, sqlstate, statistic, alert, (details->>'n_current')::bigint, error, id
               FROM mlcheck.results r WHERE monitor = %s
                AND (window_start, window_end) = (SELECT * FROM mlcheck.monitor_window('1 day', %s))""",
          (monitor, as_of))
    return r[0] if r else None


# ----------------------------------------------------------- 1. escalation
q("CALL mlcheck.run_monitors('a_trap', '2026-01-03 12:00+00')")   # a superuser runs it
sup = q(f"SELECT rolsuper FROM pg_roles WHERE rolname = '{ALICE}'")[0][0]
chk.check("superuser_run_does_not_escalate", sup is False, "alice became superuser through her monitor's view")
who = {r[0] for r in q("SELECT who FROM a.log")}
chk.check("view_functions_run_as_owner", who == {ALICE}, f"the view's function ran as {who}")
r = result("a_trap", "2026-01-03 12:00+00")
chk.check("owner_run_gives_result", r is not None and r[0] == "ok" and r[4] == 240, f"result {r}")
if sup:
    acur.execute(f"ALTER ROLE {ALICE} NOSUPERUSER")

# ------------------------------------------------ 2. the owner's row-level security
q(f"""CREATE TABLE public.shared (ts timestamptz NOT NULL, x float8, region text);
      INSERT INTO public.shared SELECT ts, x, region FROM a.ev;
      GRANT SELECT ON public.shared TO {ALICE};
      ALTER TABLE public.shared ENABLE ROW LEVEL SECURITY;
      CREATE POLICY eu_only ON public.shared FOR SELECT TO {ALICE} USING (region = 'eu')""")
o = as_role(ALICE, "SELECT mlcheck.add_monitor('a_shared', 'public.shared', 'x', 'ts', 'a_x_ref', '1 day', 'ks')")
q("CALL mlcheck.run_monitors('a_shared', '2026-01-03 12:00+00')")
r = result("a_shared", "2026-01-03 12:00+00")
chk.check("owner_row_level_security_applies", o.ok and r is not None and r[0] == "ok" and r[4] == 120,
          f"add {o.describe()[:100]}; result {r} (alice sees 120 of the window's 240 rows)")

# ------------------------ 3. a security_invoker view over a table the owner cannot read
q("""CREATE TABLE public.secret (ts timestamptz NOT NULL, x float8);
     INSERT INTO public.secret SELECT ts, x FROM a.ev""")
o = as_role(ALICE, """CREATE VIEW a.peek WITH (security_invoker) AS SELECT ts, x FROM public.secret;
                      SELECT name FROM mlcheck.add_monitor('a_peek', 'a.peek', 'x', 'ts', 'a_x_ref', '1 day', 'ks')""")
q("CALL mlcheck.run_monitors('a_peek', '2026-01-03 12:00+00')")
r = result("a_peek", "2026-01-03 12:00+00")
chk.check("security_invoker_view_read_as_owner", o.ok and r is not None and r[0] == "error" and r[1] == "42501"
          and r[2] is None, f"add {o.describe()[:100]}; result {r}")

# ------------------------------------------ 4. a run by a non-member of the owner
q(f"GRANT SELECT ON a.ev TO {BOB}")          # bob may even read the data
as_role(BOB, "CALL mlcheck.run_monitors('a_x', '2026-01-04 12:00+00')")
r = result("a_x", "2026-01-04 12:00+00")
chk.check("non_member_run_is_42501_error_row", r is not None and r[0] == "error" and r[1] == "42501"
          and r[2] is None, f"result {r}")
q("CALL mlcheck.run_monitors('a_x', '2026-01-04 12:00+00')")          # the superuser retries it
r = result("a_x", "2026-01-04 12:00+00")
chk.check("non_member_error_row_retried_by_owner_side", r is not None and r[0] == "ok", f"result {r}")

# ---------------------------------------------- 5. bob and alice's rows
src0 = q("SELECT source, column_name, owner FROM mlcheck.monitors WHERE name = 'a_x'")[0]
o = as_role(BOB, "UPDATE mlcheck.monitors SET source = 'b.mine', column_name = 'y' WHERE name = 'a_x'")
src1 = q("SELECT source, column_name, owner FROM mlcheck.monitors WHERE name = 'a_x'")[0]
chk.check("bob_cannot_rewrite_monitor", src1 == src0, f"{src0} became {src1} ({o.describe()[:80]})")
as_role(BOB, "UPDATE mlcheck.monitors SET enabled = false WHERE name = 'a_x'")
chk.check("bob_cannot_disable_monitor", q("SELECT enabled FROM mlcheck.monitors WHERE name = 'a_x'")[0][0] is True,
          "bob disabled alice's monitor")
o = as_role(BOB, f"UPDATE mlcheck.monitors SET owner = '{BOB}' WHERE name = 'a_x'")
chk.check("bob_cannot_take_monitor", q("SELECT owner FROM mlcheck.monitors WHERE name = 'a_x'")[0][0] == ALICE,
          o.describe())
as_role(BOB, "DELETE FROM mlcheck.monitors WHERE name = 'a_cat'")
chk.check("bob_cannot_delete_monitor", q("SELECT count(*) FROM mlcheck.monitors WHERE name = 'a_cat'")[0][0] == 1,
          "bob deleted alice's monitor")

as_role(BOB, """CREATE TABLE b.mine (ts timestamptz, x float8, y float8);
                INSERT INTO b.mine SELECT ts, 1000, 1000 FROM generate_series('2026-01-01'::timestamptz, '2026-01-20', '1 hour') ts""")
n0 = q("SELECT n_rows, created_at FROM mlcheck.baselines WHERE name = 'a_x_ref'")[0]
o = as_role(BOB, "SELECT mlcheck.create_baseline('a_x_ref', 'b.mine', 'x', replace => true)")
n1 = q("SELECT n_rows, created_at FROM mlcheck.baselines WHERE name = 'a_x_ref'")[0]
chk.check("bob_cannot_replace_baseline", not o.ok and o.sqlstate == "42501" and n1 == n0,
          f"{o.describe()[:120]}; baseline {n0} -> {n1}")
as_role(BOB, "UPDATE mlcheck.baselines SET n_rows = 1 WHERE name = 'a_x_ref'")
as_role(BOB, "DELETE FROM mlcheck.baselines WHERE name = 'a_cat_ref'")
chk.check("bob_cannot_change_or_delete_baseline",
          q("SELECT n_rows FROM mlcheck.baselines WHERE name = 'a_x_ref'")[0][0] == n0[0]
          and q("SELECT count(*) FROM mlcheck.baselines WHERE name = 'a_cat_ref'")[0][0] == 1, "changed")
o = as_role(BOB, "SELECT count(*) FROM mlcheck.baselines WHERE name LIKE 'a\\_%%'")
chk.check("bob_cannot_read_alice_baselines", o.ok and o.value == 0,
          f"bob reads {o.describe()} of alice's baseline profiles (they hold her data)")
o = as_role(BOB, f"""INSERT INTO mlcheck.baselines (name, source, column_name, kind, numeric_profile, n_rows, owner)
                     SELECT 'forged', 'a.ev', 'x', 'numeric', mlcheck.profile(x), 1, '{ALICE}' FROM b.mine""")
chk.check("bob_cannot_create_baseline_for_alice", not o.ok and o.sqlstate == "42501", o.describe())
o = as_role(BOB, "SELECT mlcheck.add_monitor('b_on_a', 'b.mine', 'x', 'ts', 'a_x_ref', '1 day')")
chk.check("bob_cannot_use_alice_baseline", not o.ok, o.describe())

o = as_role(BOB, "SELECT mlcheck.drop_monitor('a_cat')")
o2 = as_role(BOB, "SELECT mlcheck.drop_baseline('a_cat_ref')")
chk.check("bob_cannot_drop_monitor_or_baseline", not o.ok and o.sqlstate == "42501" and not o2.ok
          and q("SELECT count(*) FROM mlcheck.monitors WHERE name = 'a_cat'")[0][0] == 1
          and q("SELECT count(*) FROM mlcheck.baselines WHERE name = 'a_cat_ref'")[0][0] == 1,
          f"drop_monitor {o.describe()[:80]}; drop_baseline {o2.describe()[:80]}")

# forging an ok row for alice's next (drifted) window suppresses its alert
drift_day = "2026-01-17 12:00+00"
o = as_role(BOB, """INSERT INTO mlcheck.results (monitor, window_start, window_end, status, method, alert)
                    SELECT 'a_x', w.window_start, w.window_end, 'ok', 'ks', false
                      FROM mlcheck.monitor_window('1 day', %s) w""", (drift_day,))
q("CALL mlcheck.run_monitors('a_x', %s)", (drift_day,))
r = result("a_x", drift_day)
chk.check("bob_cannot_forge_ok_result", not o.ok and r is not None and r[0] == "ok" and r[3] is True,
          f"forge: {o.describe()[:100]}; alice's drifted window: {r}")
o = as_role(BOB, "UPDATE mlcheck.results SET alert = false WHERE monitor = 'a_x' AND alert")
chk.check("bob_cannot_clear_alert", result("a_x", drift_day)[3] is True, o.describe())
as_role(BOB, "DELETE FROM mlcheck.results WHERE monitor = 'a_x'")
chk.check("bob_cannot_delete_results", result("a_x", drift_day) is not None, "bob deleted alice's results")
o = as_role(BOB, """UPDATE mlcheck.results SET status = 'ok', method = 'ks', error = NULL, sqlstate = NULL
                     WHERE monitor = 'a_peek' AND status = 'error'""")
r = result("a_peek", "2026-01-03 12:00+00")
chk.check("bob_cannot_turn_error_into_ok", not o.ok and r[0] == "error", f"{o.describe()[:100]}; {r}")

# changing what a monitor reads re-checks the owner's SELECT privileges
o = as_role(ALICE, "UPDATE mlcheck.monitors SET source = 'public.secret' WHERE name = 'a_x'")
chk.check("changed_source_rechecks_owner", not o.ok and o.sqlstate == "42501", o.describe())
o = as_role(ALICE, f"UPDATE mlcheck.monitors SET owner = '{BOB}' WHERE name = 'a_x'")
chk.check("owner_change_needs_membership", not o.ok and o.sqlstate == "42501", o.describe())
o = as_role(ALICE, "UPDATE mlcheck.monitors SET enabled = false WHERE name = 'a_x'; "
                   "UPDATE mlcheck.monitors SET enabled = true WHERE name = 'a_x'")
chk.check("owner_may_change_own_monitor", o.ok, o.describe())

# a baseline handed to another role (a superuser's UPDATE) is no longer the
# monitor owner's to read: the run writes a 42501 error row naming it, and
# never compares the window with a profile the owner cannot see
q(f"UPDATE mlcheck.baselines SET owner = '{BOB}' WHERE name = 'a_x_ref'")
q("CALL mlcheck.run_monitors('a_x', '2026-01-05 12:00+00')")
r = result("a_x", "2026-01-05 12:00+00")
chk.check("owner_cannot_read_baseline_is_42501_error_row",
          r is not None and r[0] == "error" and r[1] == "42501" and r[2] is None
          and "cannot read baseline \"a_x_ref\"" in (r[5] or ""), f"result {r}")
q(f"UPDATE mlcheck.baselines SET owner = '{ALICE}' WHERE name = 'a_x_ref'")
q("CALL mlcheck.run_monitors('a_x', '2026-01-05 12:00+00')")
r = result("a_x", "2026-01-05 12:00+00")
chk.check("baseline_given_back_window_rerun_ok", r is not None and r[0] == "ok", f"result {r}")

# ------------------------------------------------------- 6. the run lock
day = "2026-01-18 12:00+00"
bob = L.connect_db("security_monitors")
bob.autocommit = False
bcur = bob.cursor()
bcur.execute(f"SET ROLE {BOB}")
bcur.execute("SELECT pg_advisory_xact_lock(hashtextextended('mlcheck.monitor ' || 'a_x', 0))")
bcur.execute("SELECT count(*) FROM (SELECT 1 FROM mlcheck.monitors WHERE name = 'a_x' FOR UPDATE) s")
locked = bcur.fetchone()[0]
t0 = time.monotonic()
q("SET lock_timeout = '10s'; CALL mlcheck.run_monitors('a_x', %s); RESET lock_timeout", (day,))
elapsed = time.monotonic() - t0
r = result("a_x", day)
chk.check("outsider_locks_do_not_silence_monitor", locked == 0 and r is not None and r[0] == "ok",
          f"bob locked {locked} monitor rows; alice's window: {r} after {elapsed:.1f}s")
bob.rollback()
bob.close()

# ---------------------------------------------------- 7. NOTIFY and details
lst = L.connect_db("security_monitors")
lst.cursor().execute(f"SET ROLE {BOB}; LISTEN mlcheck_alert")
q("CALL mlcheck.run_monitors(as_of => '2026-01-19 12:00+00')")
deadline = time.monotonic() + 5
while time.monotonic() < deadline and not lst.notifies:
    select.select([lst], [], [], 0.2)
    lst.poll()
pay = [n.payload for n in lst.notifies]
ids = {str(r[0]) for r in q("SELECT id FROM mlcheck.results WHERE alert OR status = 'error'")}
chk.check("notify_payload_is_result_id_only", pay and all(p in ids for p in pay), f"payloads {pay[:3]}")
lst.close()
leak = q("SELECT count(*) FROM mlcheck.results WHERE details::text LIKE '%%SECRET-LABEL%%'")[0][0]
catrow = result("a_cat", "2026-01-19 12:00+00")
chk.check("details_hold_no_data_values", leak == 0 and catrow is not None and catrow[3] is True,
          f"{leak} results rows show a category label; a_cat: {catrow}")

# ---------------------------------------------- 8. a planted schema "cron"
q(f"GRANT CREATE ON DATABASE mlcheck_checks_security_monitors TO {BOB}")
o = as_role(BOB, """CREATE SCHEMA cron;
    CREATE TABLE cron.hits (at timestamptz DEFAULT now());
    GRANT INSERT ON cron.hits TO PUBLIC;
    GRANT USAGE ON SCHEMA cron TO PUBLIC;
    CREATE FUNCTION cron.schedule(text, text, text) RETURNS bigint LANGUAGE sql
        AS $f$ INSERT INTO cron.hits DEFAULT VALUES; SELECT 42::bigint $f$;
    CREATE FUNCTION cron.unschedule(name) RETURNS boolean LANGUAGE sql
        AS $f$ INSERT INTO cron.hits DEFAULT VALUES; SELECT true $f$;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA cron TO PUBLIC""")
s1 = L.run(conn, "SELECT mlcheck.schedule('a_x', '* * * * *')")
s2 = L.run(conn, "SELECT mlcheck.unschedule('a_x')")
hits = q("SELECT count(*) FROM cron.hits")[0][0] if o.ok else None
chk.check("planted_cron_schema_ignored", o.ok and s1.sqlstate == "55000" and s2.sqlstate == "55000" and hits == 0,
          f"plant {o.describe()[:60]}; schedule {s1.describe()[:80]}; unschedule {s2.describe()[:60]}; planted calls {hits}")
q("DROP SCHEMA IF EXISTS cron CASCADE")
q(f"REVOKE CREATE ON DATABASE mlcheck_checks_security_monitors FROM {BOB}")

# ------------------------------------------------ 9. max_value_kb
LOAD_LIB = "SELECT mlcheck.profile(x) IS NOT NULL FROM (VALUES (1.0::float8)) v(x)"   # a C function
q(LOAD_LIB)
o = as_role(BOB, "SET mlcheck.max_value_kb = 1048575")
chk.check("max_value_kb_not_settable_by_user", not o.ok and o.sqlstate == "42501", o.describe())
q("ALTER DATABASE mlcheck_checks_security_monitors SET mlcheck.max_value_kb = 64")
s = L.connect_db("security_monitors")
s.cursor().execute(f"SET ROLE {BOB}")
L.run(s, "SET mlcheck.max_value_kb = 1048575")      # before the library is loaded: a placeholder
L.run(s, LOAD_LIB)
v = L.run(s, "SHOW mlcheck.max_value_kb")
chk.check("max_value_kb_placeholder_not_kept", v.ok and v.value == "64kB", f"after load: {v.describe()}")
s.close()
q("ALTER DATABASE mlcheck_checks_security_monitors RESET mlcheck.max_value_kb")

# ----------------------------------------------- 10. huge window, json slices
o = as_role(ALICE, "SELECT mlcheck.add_monitor('a_huge', 'a.ev', 'x', 'ts', 'a_x_ref', '2147483647 days')")
chk.check("huge_window_refused", not o.ok and o.sqlstate == "22023" and "2147483647" in o.texts(), o.describe())
o2 = L.run(conn, "CALL mlcheck.run_monitors(as_of => '2026-01-20 12:00+00')")
chk.check("runs_unaffected_by_refused_window", o2.ok, o2.describe())
q("""CREATE TABLE public.js (actual boolean, predicted boolean, meta json, grp text);
     INSERT INTO public.js SELECT i % 2 = 0, i % 3 = 0, json_build_object('k', i % 2), 'g' || (i % 2)
       FROM generate_series(1, 50) i""")
o = L.run(conn, "SELECT * FROM mlcheck.slice_report('public.js', 'actual', 'predicted', ARRAY['grp', 'meta'])")
ctx = (o.error.diag.context or "") if o.error else ""
chk.check("json_slice_column_42804", not o.ok and o.sqlstate == "42804" and '"meta"' in o.texts()
          and o.hint is not None and ctx.count("\n") < 10, f"{o.describe()} (context {ctx.count(chr(10))} lines)")

# ------------------------------------------- 11. mlcheck._run_as_owner itself
RAO = "SELECT * FROM mlcheck._run_as_owner(%s, %s) AS q(v text)"
o = as_role(BOB, RAO, (ALICE, "SELECT 'x'"))
chk.check("run_as_owner_refuses_non_member", not o.ok and o.sqlstate == "42501", o.describe())
o = as_role(BOB, RAO, ("postgres", "SELECT 'x'"))
chk.check("run_as_owner_refuses_superuser_target", not o.ok and o.sqlstate == "42501", o.describe())
o = L.run(conn, """SELECT q.u, q.sp, current_user FROM mlcheck._run_as_owner(%s,
                     'SELECT current_user::text, current_setting(''search_path'')') AS q(u text, sp text)""", (ALICE,))
chk.check("run_as_owner_runs_as_owner", o.ok and o.rows == [(ALICE, "pg_catalog, pg_temp", "postgres")], o.describe())
o = L.run(conn, """SELECT q.a, q.b FROM mlcheck._run_as_owner(%s, 'SELECT $1 + 1, $2 || ''!''', 41, 'hi'::text)
                     AS q(a integer, b text)""", (ALICE,))
chk.check("run_as_owner_typed_parameters", o.ok and o.rows == [(42, "hi!")], o.describe())
o = L.run(conn, "SELECT * FROM mlcheck._run_as_owner(%s, 'SELECT 1') AS q(v text)", (ALICE,))
chk.check("run_as_owner_checks_column_types", not o.ok and o.sqlstate == "42804", o.describe())
for name, sql, state in (("two_statements", "SELECT 'a'; SELECT 'b'", "42601"),
                         ("insert", "INSERT INTO a.log (who) VALUES ('x') RETURNING who", "42809"),
                         ("modifying_cte", "WITH d AS (DELETE FROM a.log RETURNING who) SELECT who FROM d", "42809"),
                         ("select_into", "SELECT who INTO a.stolen FROM a.log", "42809"),
                         ("for_update", "SELECT who FROM a.log FOR UPDATE", "42809")):
    o = L.run(conn, RAO, (ALICE, sql))
    chk.check(f"run_as_owner_refuses_{name}", not o.ok and o.sqlstate == state, o.describe())
# security-restricted: the owner's code cannot SET ROLE or create temp tables
q("""CREATE FUNCTION a.setrole() RETURNS text LANGUAGE plpgsql AS
       $f$BEGIN SET ROLE mlc_sm_bob; RETURN current_user; END$f$;
     CREATE FUNCTION a.mktemp() RETURNS text LANGUAGE plpgsql AS
       $f$BEGIN CREATE TEMP TABLE tt (x int); RETURN 'made'; END$f$;
     CREATE FUNCTION a.setguc() RETURNS text LANGUAGE plpgsql AS
       $f$BEGIN PERFORM set_config('work_mem', '77MB', false); RETURN 'set'; END$f$""")
q(f"ALTER FUNCTION a.setrole() OWNER TO {ALICE}; ALTER FUNCTION a.mktemp() OWNER TO {ALICE}; "
  f"ALTER FUNCTION a.setguc() OWNER TO {ALICE}")
o = L.run(conn, RAO, (ALICE, "SELECT a.setrole()"))
chk.check("run_as_owner_no_set_role", not o.ok and o.sqlstate == "42501", o.describe())
o = L.run(conn, RAO, (ALICE, "SELECT a.mktemp()"))
chk.check("run_as_owner_no_temp_table", not o.ok and o.sqlstate == "42501", o.describe())
wm0 = q("SHOW work_mem")[0][0]
o = L.run(conn, RAO, (ALICE, "SELECT a.setguc()"))
wm1 = q("SHOW work_mem")[0][0]
chk.check("run_as_owner_rolls_back_settings", o.ok and wm1 == wm0, f"{o.describe()}; work_mem {wm0} -> {wm1}")
# the caller is back after an error: caught in a PL/pgSQL block, and at top level
o = L.run(conn, """DO $d$ DECLARE u text; BEGIN
      BEGIN
        PERFORM * FROM mlcheck._run_as_owner('mlc_sm_alice', 'SELECT 1/0') AS q(v integer);
      EXCEPTION WHEN division_by_zero THEN
        u := current_user;
        IF u <> 'postgres' THEN RAISE EXCEPTION 'inside the handler current_user is %', u; END IF;
      END;
      IF current_user <> 'postgres' THEN RAISE EXCEPTION 'after the block current_user is %', current_user; END IF;
    END $d$""")
chk.check("run_as_owner_restores_user_after_caught_error", o.ok, o.describe())
L.run(conn, "SELECT * FROM mlcheck._run_as_owner(%s, 'SELECT 1/0') AS q(v integer)", (ALICE,))
u = q("SELECT current_user, current_setting('search_path')")[0]
chk.check("run_as_owner_restores_user_after_error", u[0] == "postgres" and "pg_catalog, pg_temp" != u[1], f"{u}")

L.drop_database("security_monitors", conn)
for r in (ALICE, BOB, OPS):
    try:
        acur.execute(f"DROP ROLE IF EXISTS {r}")
    except L.psycopg2.Error as e:
        print(f"# could not drop role {r}: {e}")
admin.close()
chk.done()
