-- Drift monitors — baselines, monitors, results, runs, privileges,
-- windows by an indexed time column, partitioned sources, parallel plans,
-- and the pg_cron entry points without pg_cron (the real pg_cron run is
-- test/checks/monitors_cron.sh; concurrency, NOTIFY and pg_dump are
-- test/checks/monitors_concurrency.py; monitors across roles are
-- test/checks/security_monitors.py).
SET extra_float_digits = 0;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
CREATE SCHEMA mon;
-- err(sql): runs sql and returns "SQLSTATE: message" (or 'no error')
CREATE FUNCTION mon.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- plan_count(sql, pattern, $1, $2): EXPLAIN (COSTS OFF) lines matching pattern
CREATE FUNCTION mon.plan_count(q text, pat text, a timestamptz, b timestamptz) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE l text; n int := 0;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q USING a, b LOOP
        IF l ~ pat THEN n := n + 1; END IF;
    END LOOP;
    RETURN n;
END $$;

-- 60 days of hourly events from 2026-01-05 (a Monday), 20 rows per hour;
-- x shifts by +3 from 2026-02-23 on, cat's mix changes at the same time.
CREATE TABLE mon.events (
    id   bigint PRIMARY KEY,
    ts   timestamptz NOT NULL,
    x    float8,
    n    integer,
    cat  text,
    doc  jsonb
);
INSERT INTO mon.events
SELECT i,
       timestamptz '2026-01-05 00:00:00+00' + (i / 20) * interval '1 hour',
       ((i * 7919) % 1000) / 100.0
         + CASE WHEN i / 20 >= 7 * 24 * 7 THEN 3 ELSE 0 END
         + CASE WHEN i % 97 = 0 THEN NULL::float8 ELSE 0 END,
       (i * 31) % 50,
       CASE WHEN i / 20 >= 7 * 24 * 7 AND i % 3 = 0 THEN 'c'
            ELSE (ARRAY['a', 'b', 'b', 'c'])[1 + (i * 13) % 4] END,
       '{}'
  FROM generate_series(0, 60 * 24 * 20 - 1) i;
CREATE INDEX events_ts_idx ON mon.events (ts);
ANALYZE mon.events;

-- ---------------------------------------------------------------- objects
SELECT pg_catalog.array_agg(c::regclass::text ORDER BY c::regclass::text) AS config_dump
  FROM pg_extension e, unnest(e.extconfig) c WHERE e.extname = 'mlcheck';
-- nothing is granted to PUBLIC
SELECT t, has_table_privilege('public', t, 'SELECT') AS public_select,
       has_table_privilege('public', t, 'INSERT') AS public_insert
  FROM unnest(ARRAY['mlcheck.baselines', 'mlcheck.monitors', 'mlcheck.results']) t ORDER BY t;

-- -------------------------------------------------------------- baselines
-- the first four weeks are the reference
SELECT mlcheck.create_baseline('x_ref', 'mon.events', 'x', filter => $$ts < '2026-02-02'$$) AS n;
SELECT mlcheck.create_baseline('cat_ref', 'mon.events', 'cat', $$ts < '2026-02-02'$$) AS n;
SELECT mlcheck.create_baseline('n_ref', 'mon.events', 'n', $$ts < '2026-02-02'$$, kind => 'categorical') AS n;
SELECT name, source, column_name, filter, kind, numeric_profile IS NOT NULL AS has_num,
       categorical_profile IS NOT NULL AS has_cat, n_rows
  FROM mlcheck.baselines ORDER BY name;
-- the stored profile is the profile of the same rows
SELECT (SELECT numeric_profile::text FROM mlcheck.baselines WHERE name = 'x_ref')
     = (SELECT mlcheck.profile(x)::text FROM mon.events WHERE ts < '2026-02-02') AS same_profile;
SELECT (SELECT categorical_profile::text FROM mlcheck.baselines WHERE name = 'n_ref')
     = (SELECT mlcheck.profile(n::text)::text FROM mon.events WHERE ts < '2026-02-02') AS same_profile;
-- errors
SELECT mon.err($$SELECT mlcheck.create_baseline('x_ref', 'mon.events', 'x')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline('b', 'mon.events', 'nope')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline('b', 'mon.events', 'doc')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline('b', 'mon.events', 'x', 'false')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline('b', 'mon.events', 'x', kind => 'ordinal')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline('b', 'mon.events_ts_idx', 'x')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline(NULL, 'mon.events', 'x')$$);
SELECT mon.err($$SELECT mlcheck.create_baseline(' b', 'mon.events', 'x')$$);
-- a filter is one expression: it cannot append statements
SELECT mon.err($$SELECT mlcheck.create_baseline('b', 'mon.events', 'x', 'true); DROP TABLE mon.events; SELECT (1')$$);
SELECT count(*) FROM mon.events;
-- replace => true replaces
SELECT mlcheck.create_baseline('x_ref', 'mon.events', 'x', $$ts < '2026-01-19'$$, replace => true) AS n;
SELECT mlcheck.create_baseline('x_ref', 'mon.events', 'x', $$ts < '2026-02-02'$$, replace => true) AS n;

-- --------------------------------------------------------------- monitors
SELECT name, kind, source, column_name, time_column, baseline, baseline_kind, "window", method,
       threshold, enabled, owner = CURRENT_USER AS owner_is_me
  FROM mlcheck.add_monitor('x_weekly', 'mon.events', 'x', 'ts', 'x_ref', '7 days');
SELECT name, method, threshold
  FROM mlcheck.add_monitor('x_daily_ks', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'ks', 0.01);
SELECT name, method, threshold
  FROM mlcheck.add_monitor('x_daily_psi', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'psi', 0.2);
SELECT name, method, threshold
  FROM mlcheck.add_monitor('cat_weekly', 'mon.events', 'cat', 'ts', 'cat_ref', '7 days', 'chi2');
-- errors of add_monitor
SELECT mon.err($$SELECT mlcheck.add_monitor('x_weekly', 'mon.events', 'x', 'ts', 'x_ref', '7 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'nope', '7 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'cat', 'ts', 'x_ref', '7 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'nope', 'x_ref', '7 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'n', 'x_ref', '7 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '0 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '-1 hour')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 month')$$);
-- a window whose start would leave the timestamp range
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '2147483647 days')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'chi2')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'tvd')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'cat', 'ts', 'cat_ref', '1 day', 'ks')$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'ks', 1.5)$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'auto', 2)$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'psi', -0.1)$$);
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'psi', 'Infinity')$$);
-- js_distance and jensenshannon are stored as js (a distance: 1.5 is valid, if never reached)
SELECT name, method, threshold FROM mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'js_distance', 1.5);
DELETE FROM mlcheck.monitors WHERE name = 'm';
SELECT mon.err($$SELECT mlcheck.add_monitor('m', 'mon.events', 'x', 'ts', 'x_ref', '1 day', 'auto', 'NaN')$$);
-- the constraints reject the same rows written directly
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window")
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '0 days')$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window")
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 mon')$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window")
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '36526 days')$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window", method)
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 day', 'chi2')$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window", method, threshold)
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 day', 'ks', 1.5)$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window", method, threshold)
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 day', 'wasserstein', 0)$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window")
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'categorical', '1 day')$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window", kind)
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 day', 'no_such_kind')$$);
SELECT mon.err($$INSERT INTO mlcheck.baselines (name, source, column_name, kind, n_rows)
                 VALUES ('b', 'mon.events', 'x', 'numeric', 0)$$);
SELECT mon.err($$INSERT INTO mlcheck.results (monitor, window_start, window_end, status)
                 VALUES ('x_weekly', '2026-01-02', '2026-01-01', 'ok')$$);
SELECT mon.err($$INSERT INTO mlcheck.results (monitor, window_start, window_end, status, method)
                 VALUES ('x_weekly', '2026-01-01', '2026-01-02', 'fine', 'ks')$$);
SELECT mon.err($$INSERT INTO mlcheck.results (monitor, window_start, window_end, status, alert, error, sqlstate)
                 VALUES ('x_weekly', '2026-01-01', '2026-01-02', 'error', true, 'boom', 'XX000')$$);
SELECT mon.err($$INSERT INTO mlcheck.results (monitor, window_start, window_end, status, method, p_value)
                 VALUES ('x_weekly', '2026-01-01', '2026-01-02', 'ok', 'ks', 1.5)$$);
-- a baseline in use cannot be deleted
SELECT mon.err($$DELETE FROM mlcheck.baselines WHERE name = 'x_ref'$$);

-- ---------------------------------------------------------------- windows
-- the last complete period before as_of, aligned on Monday 2000-01-03 UTC
SELECT w, a, (mlcheck.monitor_window(w, a)).*
  FROM (VALUES ('7 days'::interval, '2026-03-04 10:30+00'::timestamptz),
               ('7 days', '2026-03-02 00:00+00'),
               ('1 day', '2026-03-04 10:30+00'),
               ('1 hour', '2026-03-04 10:30+00'),
               ('90 minutes', '2026-03-04 10:30+00')) v(w, a)
 ORDER BY w, a;
SELECT mlcheck.monitor_query('x_weekly');
SELECT mlcheck.monitor_query('cat_weekly');
SELECT mon.err($$SELECT mlcheck.monitor_query('nope')$$);
-- a one-day window reads the time column's index
SELECT mon.plan_count(mlcheck.monitor_query('x_daily_ks'), 'Index|Bitmap',
                      '2026-02-01', '2026-02-02') > 0 AS uses_ts_index;
SELECT mon.plan_count(mlcheck.monitor_query('x_daily_ks'), 'events_ts_idx',
                      '2026-02-01', '2026-02-02') > 0 AS names_ts_index;

-- ------------------------------------------------------------------- runs
-- in a reference week: no alert; after the shift: alerts
SELECT monitor, window_start, window_end, status, method, alert, attempts,
       details->>'n_current' AS n_current, details->>'n_reference' AS n_reference
  FROM mlcheck.check_monitor('x_weekly', '2026-01-27 08:00+00');
SELECT monitor, window_start, window_end, status, method, alert, attempts, details->>'n_current' AS n_current
  FROM mlcheck.check_monitor('x_weekly', '2026-03-04 08:00+00');
-- the stored numbers are mlcheck.drift's over the same rows
SELECT r.window_start, d.method = r.method AS same_method, d.statistic = r.statistic AS same_statistic,
       d.p_value IS NOT DISTINCT FROM r.p_value AS same_p, d.threshold = r.threshold AS same_threshold,
       d.drifted = r.alert AS same_alert
  FROM mlcheck.results r, mlcheck.baselines b,
       LATERAL (SELECT mlcheck.profile(e.x) AS p FROM mon.events e
                 WHERE e.ts >= r.window_start AND e.ts < r.window_end) c,
       LATERAL mlcheck.drift(b.numeric_profile, c.p) d
 WHERE r.monitor = 'x_weekly' AND b.name = 'x_ref'
 ORDER BY r.window_start;
-- running again in the same window writes nothing and returns the stored row
SELECT id = (SELECT max(id) FROM mlcheck.results) AS same_row, attempts
  FROM mlcheck.check_monitor('x_weekly', '2026-03-08 23:59:59+00');
CALL mlcheck.run_monitors(as_of => '2026-03-04 08:00+00');
CALL mlcheck.run_monitors(as_of => '2026-03-04 09:00+00');
CALL mlcheck.run_monitors('x_daily_ks', '2026-03-04 23:00+00');
SELECT monitor, window_start, window_end, status, method, alert, attempts,
       round(threshold::numeric, 6) AS threshold, details->>'n_current' AS n_current
  FROM mlcheck.results ORDER BY monitor, window_start;
SELECT monitor, count(*) AS rows, count(DISTINCT (window_start, window_end)) AS windows
  FROM mlcheck.results GROUP BY monitor ORDER BY monitor;
-- a categorical run agrees with mlcheck.drift too
SELECT d.statistic = r.statistic AS same_statistic, d.p_value = r.p_value AS same_p, r.alert
  FROM mlcheck.results r, mlcheck.baselines b,
       LATERAL (SELECT mlcheck.profile(e.cat) AS p FROM mon.events e
                 WHERE e.ts >= r.window_start AND e.ts < r.window_end) c,
       LATERAL mlcheck.drift(b.categorical_profile, c.p, method => 'chi2') d
 WHERE r.monitor = 'cat_weekly' AND b.name = 'cat_ref';
-- an empty window is a result without a statistic, not an alert
SELECT status, statistic IS NULL AS no_statistic, alert, details->>'n_current' AS n_current
  FROM mlcheck.check_monitor('x_daily_psi', '2027-06-01');
-- unknown monitor; NULL arguments
SELECT mon.err($$CALL mlcheck.run_monitors('nope')$$);
SELECT mon.err($$SELECT mlcheck.check_monitor('x_weekly', NULL)$$);

-- ------------------------------------------- one failing monitor, retries
CREATE TABLE mon.doomed AS SELECT * FROM mon.events WHERE ts < '2026-03-02';
SELECT name FROM mlcheck.add_monitor('doomed', 'mon.doomed', 'x', 'ts', 'x_ref', '7 days');
DROP TABLE mon.doomed;
CALL mlcheck.run_monitors(as_of => '2026-03-12');
SELECT monitor, status, sqlstate, error, alert, attempts, details->>'hint' IS NOT NULL AS has_hint
  FROM mlcheck.results WHERE window_end = '2026-03-09' ORDER BY monitor;
-- the table comes back: the failed window is retried in place
CREATE TABLE mon.doomed AS SELECT * FROM mon.events;
CALL mlcheck.run_monitors('doomed', '2026-03-12');
SELECT monitor, status, sqlstate, error, alert, attempts
  FROM mlcheck.results WHERE monitor = 'doomed';
-- a disabled monitor is skipped
UPDATE mlcheck.monitors SET enabled = false WHERE name = 'doomed';
CALL mlcheck.run_monitors(as_of => '2026-03-20');
SELECT count(*) AS doomed_rows FROM mlcheck.results WHERE monitor = 'doomed';
DELETE FROM mlcheck.monitors WHERE name = 'doomed';
SELECT count(*) AS rows_left FROM mlcheck.results WHERE monitor = 'doomed';

-- ------------------------------------------------------------- privileges
CREATE ROLE regress_mon_runner;
CREATE ROLE regress_mon_nobody;
GRANT USAGE ON SCHEMA mon TO regress_mon_runner, regress_mon_nobody;
GRANT SELECT, INSERT, UPDATE, DELETE ON mlcheck.baselines, mlcheck.monitors, mlcheck.results
   TO regress_mon_runner;
GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO regress_mon_runner;
SET ROLE regress_mon_nobody;
SELECT mon.err($$SELECT count(*) FROM mlcheck.results$$);
SELECT mon.err($$SELECT count(*) FROM mlcheck.baselines$$);
RESET ROLE;
-- the runner is not a member of the monitors' owner (postgres): each of
-- them gets an error row 42501, never statistics
SET ROLE regress_mon_runner;
CALL mlcheck.run_monitors(as_of => '2026-03-27');
SELECT monitor, window_end, status, sqlstate, error, statistic, details ? 'n_current' AS has_n_current
  FROM mlcheck.results WHERE window_end BETWEEN '2026-03-21' AND '2026-03-27' ORDER BY monitor, window_end;
SELECT mon.err($$SELECT mlcheck.create_baseline('stolen', 'mon.events', 'x')$$);
-- nor record someone else as a monitor's owner
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window", owner)
                 VALUES ('m', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 day', 'postgres')$$);
-- the baselines of others are invisible, and its own monitor over data it
-- cannot read is refused
SELECT count(*) AS visible_baselines FROM mlcheck.baselines;
SELECT mon.err($$SELECT mlcheck.add_monitor('sneaky', 'mon.events', 'x', 'ts', 'x_ref', '1 day')$$);
SELECT mon.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window")
                 VALUES ('sneaky', 'mon.events', 'x', 'ts', 'x_ref', 'numeric', '1 day')$$);
-- nor change, forge or delete the rows of others
UPDATE mlcheck.monitors SET threshold = 0.5 WHERE name = 'x_weekly';
DELETE FROM mlcheck.results WHERE monitor = 'x_weekly';
SELECT mon.err($$INSERT INTO mlcheck.results (monitor, window_start, window_end, status, method)
                 VALUES ('x_weekly', '2026-03-23', '2026-03-30', 'ok', 'ks')$$);
SELECT mon.err($$UPDATE mlcheck.results SET status = 'ok', method = 'ks', error = NULL, sqlstate = NULL
                  WHERE monitor = 'x_weekly' AND status = 'error'$$);
RESET ROLE;
-- the owner (superuser) retries the failed windows successfully
CALL mlcheck.run_monitors(as_of => '2026-03-27');
SELECT monitor, window_end, status, sqlstate, attempts FROM mlcheck.results
 WHERE window_end BETWEEN '2026-03-21' AND '2026-03-27' ORDER BY monitor, window_end;
SELECT threshold FROM mlcheck.monitors WHERE name = 'x_weekly';

-- -------------------------------------------------- partitioned source
CREATE TABLE mon.events_p (LIKE mon.events) PARTITION BY RANGE (ts);
CREATE TABLE mon.events_p1 PARTITION OF mon.events_p FOR VALUES FROM ('2026-01-01') TO ('2026-02-16');
CREATE TABLE mon.events_p2 PARTITION OF mon.events_p FOR VALUES FROM ('2026-02-16') TO ('2026-04-01');
CREATE INDEX ON mon.events_p (ts);
INSERT INTO mon.events_p SELECT * FROM mon.events;
ANALYZE mon.events_p;
SELECT name FROM mlcheck.add_monitor('x_part', 'mon.events_p', 'x', 'ts', 'x_ref', '7 days');
CALL mlcheck.run_monitors('x_part', '2026-03-04 08:00+00');
-- same numbers as the unpartitioned table
SELECT p.window_start, p.statistic = u.statistic AS same_statistic,
       p.p_value IS NOT DISTINCT FROM u.p_value AS same_p, p.alert
  FROM mlcheck.results p JOIN mlcheck.results u USING (window_start, window_end)
 WHERE p.monitor = 'x_part' AND u.monitor = 'x_weekly';
-- only the partition holding the window is scanned
SELECT mon.plan_count(mlcheck.monitor_query('x_part'), 'events_p1', '2026-02-23', '2026-03-02') AS p1_lines,
       mon.plan_count(mlcheck.monitor_query('x_part'), 'events_p2', '2026-02-23', '2026-03-02') > 0 AS p2_scanned;

-- ---------------------------------------------------- forced parallel plans
-- (the statistic's bits, since extra_float_digits = 0 would round it)
DELETE FROM mlcheck.results WHERE monitor = 'x_part'
RETURNING encode(float8send(statistic), 'hex') AS serial_statistic \gset
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT mon.plan_count(mlcheck.monitor_query('x_part'), 'Partial Aggregate', '2026-02-02', '2026-03-02') > 0
       AS parallel_plan;
SELECT encode(float8send(statistic), 'hex') = :'serial_statistic' AS parallel_equals_serial, alert
  FROM mlcheck.check_monitor('x_part', '2026-03-04 08:00+00');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET min_parallel_index_scan_size;
RESET max_parallel_workers_per_gather;
RESET force_parallel_mode;

-- ------------------------------------------------- pg_cron not installed
SELECT mon.err($$SELECT mlcheck.schedule('x_weekly', '0 * * * *')$$);
SELECT mon.err($$SELECT mlcheck.unschedule('x_weekly')$$);
SELECT mon.err($$SELECT mlcheck.schedule('nope', '0 * * * *')$$);

-- ----------------------------------------------------------------- drops
-- a baseline in use cannot be dropped; dropping a monitor removes its
-- results and, without pg_cron here, warns with the unschedule statement
SELECT mon.err($$SELECT mlcheck.drop_baseline('x_ref')$$);
SELECT mon.err($$SELECT mlcheck.drop_baseline('nope')$$);
SELECT mon.err($$SELECT mlcheck.drop_monitor('nope')$$);
SELECT mon.err($$SELECT mlcheck.drop_monitor(NULL)$$);
SET ROLE regress_mon_runner;
SELECT mon.err($$SELECT mlcheck.drop_monitor('x_part')$$);
RESET ROLE;
SELECT count(*) > 0 AS had_results FROM mlcheck.results WHERE monitor = 'x_part';
SELECT mlcheck.drop_monitor('x_part');
SELECT (SELECT count(*) FROM mlcheck.results WHERE monitor = 'x_part') AS results_left,
       (SELECT count(*) FROM mlcheck.monitors WHERE name = 'x_part') AS monitors_left;
-- the guarded command of a job of a dropped monitor does nothing
SELECT mlcheck._cron_command('x_part') AS command \gset
:command;
SELECT mlcheck.create_baseline('spare_ref', 'mon.events', 'x');
SELECT mlcheck.drop_baseline('spare_ref');
SELECT count(*) AS spare_left FROM mlcheck.baselines WHERE name = 'spare_ref';

-- ---------------------------------------------------------------- cleanup
DELETE FROM mlcheck.monitors;
DELETE FROM mlcheck.baselines;
SELECT (SELECT count(*) FROM mlcheck.results) AS results, (SELECT count(*) FROM mlcheck.monitors) AS monitors;
REVOKE ALL ON mlcheck.baselines, mlcheck.monitors, mlcheck.results FROM regress_mon_runner;
REVOKE ALL ON SEQUENCE mlcheck.results_id_seq FROM regress_mon_runner;
DROP SCHEMA mon CASCADE;
DROP ROLE regress_mon_runner;
DROP ROLE regress_mon_nobody;
