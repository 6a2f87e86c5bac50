-- Drift of many columns: drift_report, dataset_drift, add_drift_monitors
-- and the dataset_drift monitor.  Statistics are cross-checked against
-- SciPy in test/crosscheck/check_drift_report.py; here: kinds, the auto
-- rule, equality with mlcheck.drift(), one scan per relation, errors
-- before any row is read, privileges, parallel plans, monitors.
SET extra_float_digits = 0;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
\set SHOW_CONTEXT never
CREATE TYPE dr_color AS ENUM ('red', 'green', 'blue');
CREATE TABLE dr_ref (id int, small int, x float8, xn numeric, few float8, b boolean, t text,
                     v varchar(8), e dr_color, "Mixed Case" float8, j jsonb, only_ref int);
CREATE TABLE dr_cur (id int, small int, x float8, xn numeric, few float8, b boolean, t text,
                     v varchar(8), e dr_color, "Mixed Case" float8, j jsonb, ts timestamptz);
-- 600 reference rows, 700 current rows: x, xn and t shifted, the others not
INSERT INTO dr_ref
SELECT g, g % 7, sin(g) * 10, (g % 97)::numeric / 7, (g % 3)::float8, g % 2 = 0, 'c' || (g % 4),
       'v' || (g % 3), (ARRAY['red', 'green', 'blue']::dr_color[])[g % 3 + 1], cos(g), '{}', g
  FROM generate_series(1, 600) g;
INSERT INTO dr_cur
SELECT g, g % 7, sin(g) * 10 + 4, (g % 97)::numeric / 5, (g % 3)::float8, g % 2 = 0,
       CASE WHEN g % 5 = 0 THEN 'new' ELSE 'c' || (g % 4) END,
       'v' || (g % 3), (ARRAY['red', 'green', 'blue']::dr_color[])[g % 3 + 1], cos(g + 1), '{}',
       '2026-11-02 00:00+00'::timestamptz + g * interval '1 minute'
  FROM generate_series(1, 700) g;

-- every shared column mlcheck profiles (j is jsonb, only_ref and ts are on
-- one side only), in the reference's column order
SELECT column_name, kind, method, round(statistic::numeric, 6) AS statistic, p_value < 0.05 AS p_small,
       threshold, drifted, n_reference, n_current, details->>'kind_rule' AS kind_rule,
       details->>'auto_rule' AS auto_rule
  FROM mlcheck.drift_report('dr_ref', 'dr_cur');
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_cur');
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_cur', drift_share => 0.4);

-- each row is mlcheck.drift() of the same two profiles
CREATE TABLE dr_prof AS
SELECT r.*, c.* FROM
  (SELECT mlcheck.profile(id::float8) AS r_id, mlcheck.profile(small::text) AS r_small, mlcheck.profile(x) AS r_x,
          mlcheck.profile(xn::float8) AS r_xn, mlcheck.profile(few) AS r_few, mlcheck.profile(b::text) AS r_b,
          mlcheck.profile(t) AS r_t, mlcheck.profile(v::text) AS r_v, mlcheck.profile(e::text) AS r_e,
          mlcheck.profile("Mixed Case") AS r_m FROM dr_ref) r,
  (SELECT mlcheck.profile(id::float8) AS c_id, mlcheck.profile(small::text) AS c_small, mlcheck.profile(x) AS c_x,
          mlcheck.profile(xn::float8) AS c_xn, mlcheck.profile(few) AS c_few, mlcheck.profile(b::text) AS c_b,
          mlcheck.profile(t) AS c_t, mlcheck.profile(v::text) AS c_v, mlcheck.profile(e::text) AS c_e,
          mlcheck.profile("Mixed Case") AS c_m FROM dr_cur) c;
SELECT r.column_name,
       (r.method, r.statistic, r.p_value, r.threshold, r.drifted) IS NOT DISTINCT FROM
       ((d).method, (d).statistic, (d).p_value, (d).threshold, (d).drifted) AS same_as_drift,
       r.details - 'kind_rule' = (d).details AS same_details
  FROM mlcheck.drift_report('dr_ref', 'dr_cur') r
  JOIN (SELECT 'id' AS col, mlcheck.drift(r_id, c_id) AS d FROM dr_prof
        UNION ALL SELECT 'small', mlcheck.drift(r_small, c_small) FROM dr_prof
        UNION ALL SELECT 'x', mlcheck.drift(r_x, c_x) FROM dr_prof
        UNION ALL SELECT 'xn', mlcheck.drift(r_xn, c_xn) FROM dr_prof
        UNION ALL SELECT 'few', mlcheck.drift(r_few, c_few) FROM dr_prof
        UNION ALL SELECT 'b', mlcheck.drift(r_b, c_b) FROM dr_prof
        UNION ALL SELECT 't', mlcheck.drift(r_t, c_t) FROM dr_prof
        UNION ALL SELECT 'v', mlcheck.drift(r_v, c_v) FROM dr_prof
        UNION ALL SELECT 'e', mlcheck.drift(r_e, c_e) FROM dr_prof
        UNION ALL SELECT 'Mixed Case', mlcheck.drift(r_m, c_m) FROM dr_prof) p ON p.col = r.column_name
 ORDER BY r.column_name COLLATE "C";
-- the same with an explicit method and threshold
SELECT r.column_name, r.method, r.threshold,
       (r.statistic, r.drifted) IS NOT DISTINCT FROM ((d).statistic, (d).drifted) AS same_as_drift
  FROM mlcheck.drift_report('dr_ref', 'dr_cur', ARRAY['x', 't', 'Mixed Case'], method => 'psi', threshold => 0.2) r
  JOIN (SELECT 'x' AS col, mlcheck.drift(r_x, c_x, 'psi', 0.2) AS d FROM dr_prof
        UNION ALL SELECT 't', mlcheck.drift(r_t, c_t, 'psi', 0.2) FROM dr_prof
        UNION ALL SELECT 'Mixed Case', mlcheck.drift(r_m, c_m, 'psi', 0.2) FROM dr_prof) p ON p.col = r.column_name;
-- an explicit numeric test compares integer columns as numbers
SELECT column_name, kind, method, drifted FROM mlcheck.drift_report('dr_ref', 'dr_cur', ARRAY['small', 'id'], 'ks');

-- ONE scan of each relation, whatever the number of columns (serial and
-- parallel plans)
CREATE FUNCTION pg_temp.scans(q text, rel text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE line text; k integer := 0;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line ~ ('Scan on ' || rel || '\M') THEN k := k + 1; END IF;
  END LOOP;
  RETURN k;
END $$;
SELECT pg_temp.scans(mlcheck._drift_report_sql('dr_ref', 'dr_cur'), 'dr_ref') AS scans_of_reference,
       pg_temp.scans(mlcheck._drift_report_sql('dr_ref', 'dr_cur'), 'dr_cur') AS scans_of_current,
       (SELECT count(*) FROM mlcheck.drift_report('dr_ref', 'dr_cur')) AS columns;

-- kind inference and the auto rule at their edges: 10 vs 11 distinct
-- integers over both relations, 1000 vs 1001 reference rows, 5 vs 6
-- distinct values of a float column
CREATE TABLE dr_e1 AS SELECT g, g % 10 AS i10, g % 11 AS i11, (g % 5)::float8 AS f5, (g % 6)::float8 AS f6
  FROM generate_series(1, 1000) g;
CREATE TABLE dr_e2 AS SELECT g, g % 10 AS i10, g % 11 AS i11, (g % 5)::float8 AS f5, (g % 6)::float8 AS f6
  FROM generate_series(1, 1001) g;
SELECT 'ref 1000' AS reference, column_name, kind, method, details->>'auto_rule' AS auto_rule
  FROM mlcheck.drift_report('dr_e1', 'dr_e2', ARRAY['i10', 'i11', 'f5', 'f6'])
UNION ALL
SELECT 'ref 1001', column_name, kind, method, details->>'auto_rule'
  FROM mlcheck.drift_report('dr_e2', 'dr_e1', ARRAY['i10', 'i11', 'f5', 'f6']);
-- 10 distinct in each relation but 11 over both: numeric
CREATE TABLE dr_e3 AS SELECT g, g % 10 + 1 AS i10 FROM generate_series(1, 1000) g;
SELECT column_name, kind, details->>'kind_rule' AS kind_rule FROM mlcheck.drift_report('dr_e1', 'dr_e3', ARRAY['i10']);

-- relations without rows: no statistic, no verdict; dataset_drift NULLs
CREATE TABLE dr_empty (LIKE dr_cur);
SELECT column_name, method, statistic, drifted, n_reference, n_current
  FROM mlcheck.drift_report('dr_ref', 'dr_empty', ARRAY['x', 't']);
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_empty');
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_cur', columns => '{}');

-- errors, all before any row is read: dr_boom fails on its first row
CREATE VIEW dr_boom AS SELECT * FROM dr_cur WHERE 1 / (id - id) = 1;
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom');
\set VERBOSITY terse
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['nope']);
\set VERBOSITY default
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['mixed case']);
\set VERBOSITY terse
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['j']);
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['x'], method => 'bogus');
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['t'], method => 'ks');
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['x'], method => 'ks', threshold => 1.5);
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['x'], threshold => 0);
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['x', 'x']);
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_boom', ARRAY['x', NULL]);
SELECT * FROM mlcheck.drift_report('dr_ref', NULL, ARRAY['x']);
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_boom', drift_share => 0);
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_boom', drift_share => 1.5);
CREATE INDEX dr_ref_idx ON dr_ref (id);
SELECT * FROM mlcheck.drift_report('dr_ref_idx', 'dr_cur');
-- a column of one kind in one relation and another kind in the other
CREATE TABLE dr_other AS SELECT x::text AS x FROM dr_cur;
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_other', ARRAY['x']);
SELECT count(*) AS shared_columns FROM mlcheck.drift_report('dr_ref', 'dr_other');

-- read with the caller's privileges: no SELECT, 42501
CREATE ROLE regress_mlcheck_drift_nobody;
GRANT SELECT ON dr_ref TO regress_mlcheck_drift_nobody;
SET ROLE regress_mlcheck_drift_nobody;
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_cur', ARRAY['x']);
SELECT * FROM mlcheck.dataset_drift('dr_ref', 'dr_cur');
\set VERBOSITY terse
RESET ROLE;

-- forced parallel: the same rows as the serial plan (exact profiles)
CREATE TABLE dr_serial AS SELECT * FROM mlcheck.drift_report('dr_ref', 'dr_cur');
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT pg_temp.scans(mlcheck._drift_report_sql('dr_ref', 'dr_cur'), 'dr_ref') AS scans_of_reference,
       pg_temp.scans(mlcheck._drift_report_sql('dr_ref', 'dr_cur'), 'dr_cur') AS scans_of_current;
SELECT count(*) AS rows, count(*) FILTER (WHERE s IS NOT DISTINCT FROM p) AS same
  FROM dr_serial s FULL JOIN mlcheck.drift_report('dr_ref', 'dr_cur') p USING (column_name);
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- ---- monitors: a baseline and a drift monitor per column, and a
-- dataset_drift monitor
SELECT name, kind, column_name, baseline_kind, method, threshold, columns, settings
  FROM mlcheck.add_drift_monitors('feat', 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['x', 'small', 't', 'b']);
SELECT name, kind, n_rows FROM mlcheck.baselines ORDER BY name;
-- one scan of the source per window
CREATE FUNCTION pg_temp.scans2(q text, rel text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE line text; k integer := 0;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q
      USING '2026-11-02 00:00+00'::timestamptz, '2026-11-03 00:00+00'::timestamptz LOOP
    IF line ~ ('Scan on ' || rel || '\M') THEN k := k + 1; END IF;
  END LOOP;
  RETURN k;
END $$;
SELECT pg_temp.scans2(mlcheck._dataset_drift_query('feat'), 'dr_cur') AS scans_of_source;
-- the window 2026-11-02 holds every current row
SELECT monitor, status, method, statistic, threshold, alert, details->'n_columns' AS n_columns,
       details->'n_drifted' AS n_drifted, details->'n_current' AS n_current,
       details->'columns'->'x'->>'method' AS x_method, details->'columns'->'x'->'drifted' AS x_drifted
  FROM mlcheck.check_monitor('feat', '2026-11-03 12:00+00');
-- the share equals dataset_drift over the same rows, and each column's
-- statistic the drift monitor's
SELECT d.share_drifted = r.statistic AS share_as_dataset_drift
  FROM mlcheck.dataset_drift('dr_ref', 'dr_cur', ARRAY['x', 'small', 't', 'b']) d,
       mlcheck.results r WHERE r.monitor = 'feat';
SELECT m.monitor, m.statistic = (r.details->'columns'->m.col->>'statistic')::float8 AS same_statistic,
       m.alert = (r.details->'columns'->m.col->>'drifted')::boolean AS same_verdict
  FROM (SELECT c.monitor, c.statistic, c.alert, split_part(c.monitor, '.', 2) AS col
          FROM unnest(ARRAY['feat.x', 'feat.small', 'feat.t', 'feat.b']) n,
               LATERAL mlcheck.check_monitor(n, '2026-11-03 12:00+00') c) m,
       mlcheck.results r WHERE r.monitor = 'feat' ORDER BY 1;
-- monitor_query of a dataset-drift monitor is its one scan: over the
-- stored window it gives the stored row count
CREATE FUNCTION pg_temp.dataset_query_rows(ws timestamptz, we timestamptz) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    EXECUTE mlcheck.monitor_query('feat') INTO r USING ws, we;
    RETURN (pg_catalog.to_jsonb(r) ->> 'count')::bigint;
END
$$;
SELECT r.details->>'n_current' AS stored, pg_temp.dataset_query_rows(r.window_start, r.window_end) AS from_query,
       (SELECT count(*) FROM dr_cur WHERE ts >= r.window_start AND ts < r.window_end) AS counted
  FROM mlcheck.results r WHERE r.monitor = 'feat';
-- idempotent: a second run returns the same row
SELECT count(*) AS results, count(DISTINCT id) AS ids
  FROM (SELECT id FROM mlcheck.check_monitor('feat', '2026-11-03 12:00+00')
        UNION ALL SELECT id FROM mlcheck.check_monitor('feat', '2026-11-03 18:00+00')
        UNION ALL SELECT id FROM mlcheck.results WHERE monitor = 'feat') s;
-- an empty window: no verdict, no alert
SELECT status, statistic, alert, details->'n_columns' AS n_columns
  FROM mlcheck.check_monitor('feat', '2026-11-10 12:00+00');
-- the baselines are in use
\set VERBOSITY terse
SELECT mlcheck.drop_baseline('feat.x');
-- creation errors
SELECT * FROM mlcheck.add_drift_monitors('feat', 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['x']);
SELECT * FROM mlcheck.add_drift_monitors(repeat('p', 62), 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['x']);
\set VERBOSITY default
SELECT * FROM mlcheck.add_drift_monitors(repeat('p', 62), 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['x']);
\set VERBOSITY terse
SELECT * FROM mlcheck.add_drift_monitors('p2', 'dr_cur', 'ts', '1 month', 'dr_ref', ARRAY['x']);
SELECT * FROM mlcheck.add_drift_monitors('p2', 'dr_cur', 'x', '1 day', 'dr_ref', ARRAY['x']);
SELECT * FROM mlcheck.add_drift_monitors('p2', 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['nope']);
SELECT * FROM mlcheck.add_drift_monitors('p2', 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['x'], 'bogus');
SELECT * FROM mlcheck.add_drift_monitors('p2', 'dr_cur', 'ts', '1 day', 'dr_ref', ARRAY['x'], 'chi2');
SELECT count(*) AS nothing_created FROM mlcheck.monitors WHERE name LIKE 'p%';
-- an evaluation that fails writes an error row instead of aborting
ALTER TABLE dr_cur RENAME COLUMN t TO t_renamed;
SELECT status, sqlstate, alert FROM mlcheck.check_monitor('feat', '2026-11-04 12:00+00');
ALTER TABLE dr_cur RENAME COLUMN t_renamed TO t;
SELECT status, attempts FROM mlcheck.check_monitor('feat', '2026-11-04 12:00+00');

-- clean up
SET client_min_messages = error;
SELECT mlcheck.drop_monitor(name) FROM mlcheck.monitors WHERE name = 'feat' OR name LIKE 'feat.%' ORDER BY name;
SELECT mlcheck.drop_baseline(name) FROM mlcheck.baselines WHERE name LIKE 'feat.%' ORDER BY name;
RESET client_min_messages;
DROP VIEW dr_boom;
DROP TABLE dr_ref, dr_cur, dr_prof, dr_e1, dr_e2, dr_e3, dr_empty, dr_other, dr_serial;
DROP TYPE dr_color;
DROP ROLE regress_mlcheck_drift_nobody;
