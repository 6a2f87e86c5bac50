-- Data validity: validity_report (checks learned from a reference),
-- check_rules (declared rules), their errors, one scan of each relation,
-- forced parallel plans, privileges, and validity monitors (windows,
-- idempotency, error rows, what results and baselines reveal).  Shares
-- against NumPy on generated data: test/crosscheck/check_validity.py;
-- concurrent runs: test/checks/monitors_validity.py.
SET extra_float_digits = 0;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
CREATE SCHEMA val;
-- err(sql): runs sql and returns "SQLSTATE: message" (or 'no error')
CREATE FUNCTION val.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- plan_count(sql, pattern, $1): EXPLAIN (COSTS OFF) lines matching pattern
CREATE FUNCTION val.plan_count(q text, pat text, p text[]) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE l text; n int := 0;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q USING p LOOP
        IF l ~ pat THEN n := n + 1; END IF;
    END LOOP;
    RETURN n;
END $$;
CREATE TYPE val.color AS ENUM ('red', 'green', 'blue');

-- reference: 200 clean rows
CREATE TABLE val.ref (
    id     integer,
    x      float8,          -- range [0, 9.5]
    k      bigint,          -- range [10, 29]
    amount numeric,         -- range [-5.25, 94.25]
    cat    text,            -- a, b, c, d
    flag   boolean,
    color  val.color,       -- red, green (never blue)
    doc    jsonb,           -- not checked: no kind
    ts     timestamptz
);
INSERT INTO val.ref
SELECT i, (i % 20) / 2.0, 10 + i % 20, (i % 100) - 5.25,
       (ARRAY['a', 'b', 'c', 'd'])[1 + i % 4],
       i % 3 = 0, (ARRAY['red', 'green'])[1 + i % 2]::val.color, '{}',
       timestamptz '2026-01-05' + i * interval '1 hour'
  FROM generate_series(0, 199) i;
UPDATE val.ref SET cat = NULL WHERE id % 50 = 0;     -- 4 NULLs: reference NULL share 0.02

-- current: 100 rows with planted violations
CREATE TABLE val.cur (LIKE val.ref);
INSERT INTO val.cur
SELECT i,
       CASE WHEN i = 1 THEN NULL WHEN i = 2 THEN 'NaN' WHEN i = 3 THEN 'Infinity'
            WHEN i = 4 THEN '-Infinity' WHEN i = 5 THEN -1 WHEN i IN (6, 7) THEN 10 ELSE (i % 20) / 2.0 END,
       CASE WHEN i = 8 THEN 9 ELSE 10 + i % 20 END,
       CASE WHEN i = 9 THEN 'NaN'::numeric WHEN i = 10 THEN 'Infinity'::numeric ELSE (i % 100) - 5.25 END,
       CASE WHEN i % 50 = 0 THEN NULL WHEN i IN (11, 12) THEN 'zz' WHEN i = 13 THEN 'yy'
            ELSE (ARRAY['a', 'b', 'c'])[1 + i % 3] END,      -- 'd' is missing
       CASE WHEN i < 3 THEN NULL ELSE i % 3 = 0 END,
       CASE WHEN i = 14 THEN 'blue' ELSE (ARRAY['red', 'green'])[1 + i % 2] END::val.color,
       '{}', timestamptz '2026-01-05' + i * interval '1 hour'
  FROM generate_series(0, 99) i;
ANALYZE val.ref;
ANALYZE val.cur;

-- ------------------------------------------------------- validity_report
-- every column both relations share and mlcheck checks, in the reference's order
SELECT column_name, kind, n, null_share, nan_share, infinite_share, below_min_share, above_max_share,
       new_category_share, new_categories, missing_categories, reference_null_share, issues
  FROM mlcheck.validity_report('val.ref', 'val.cur');
-- the shares of a numeric column add up to 1 with the in-range share
SELECT null_share + nan_share + infinite_share + below_min_share + above_max_share AS out_of_range,
       (SELECT count(*) FROM val.cur WHERE x BETWEEN 0 AND 9.5)::float8 / 100 AS in_range
  FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x']);
-- the same relation against itself: nothing to report
SELECT column_name, issues FROM mlcheck.validity_report('val.ref', 'val.ref');
-- columns chosen, in the order given
SELECT column_name, kind, issues FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['cat', 'x']);
SELECT count(*) FROM mlcheck.validity_report('val.ref', 'val.cur', '{}');
-- a NULL share at or below the reference's is no issue
CREATE TABLE val.cur_nulls AS SELECT * FROM val.ref WHERE id < 100;   -- 2 NULLs of cat in 100 rows: 0.02
SELECT column_name, null_share, reference_null_share, issues
  FROM mlcheck.validity_report('val.ref', 'val.cur_nulls', ARRAY['cat']);
UPDATE val.cur_nulls SET cat = NULL WHERE id = 1;
SELECT column_name, null_share, reference_null_share, issues
  FROM mlcheck.validity_report('val.ref', 'val.cur_nulls', ARRAY['cat']);
-- each issue code alone
CREATE TABLE val.one (id int, x float8, cat text);
INSERT INTO val.one SELECT i, i % 10, 'c' || (i % 3) FROM generate_series(1, 30) i;
CREATE TABLE val.probe (LIKE val.one);
CREATE FUNCTION val.issues_of(x float8, cat text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    TRUNCATE val.probe;
    INSERT INTO val.probe SELECT * FROM val.one;
    INSERT INTO val.probe VALUES (15, x, cat);
    SELECT string_agg(column_name || ':' || array_to_string(issues, ','), ' ' ORDER BY column_name) INTO r
      FROM mlcheck.validity_report('val.one', 'val.probe');
    RETURN r;
END $$;
SELECT v.what, val.issues_of(v.x, v.cat)
  FROM (VALUES ('clean', 5, 'c1'), ('null', NULL, 'c1'), ('nan', 'NaN', 'c1'), ('+inf', 'Infinity', 'c1'),
               ('-inf', '-Infinity', 'c1'), ('below', -0.5, 'c1'), ('above', 9.25, 'c1'),
               ('new', 5, 'c9'), ('null cat', 5, NULL)) AS v(what, x, cat);
TRUNCATE val.probe;
INSERT INTO val.probe SELECT * FROM val.one WHERE cat <> 'c2';
SELECT column_name, missing_categories, issues FROM mlcheck.validity_report('val.one', 'val.probe', ARRAY['cat']);
-- new categories: most frequent first (ties by category), at most 20
TRUNCATE val.probe;
INSERT INTO val.probe SELECT i, 1, CASE WHEN i <= 3 THEN 'z_top' ELSE 'n' || lpad(i::text, 2, '0') END
  FROM generate_series(1, 40) i;
SELECT new_category_share, cardinality(new_categories) AS n_listed, new_categories[1:3] AS first
  FROM mlcheck.validity_report('val.one', 'val.probe', ARRAY['cat']);
-- more than 1000 reference categories: no vocabulary, and an issue says so
CREATE TABLE val.wide AS SELECT i, 'v' || i AS cat FROM generate_series(1, 1001) i;
SELECT column_name, new_category_share, new_categories, missing_categories, issues
  FROM mlcheck.validity_report('val.wide', 'val.wide');
DELETE FROM val.wide WHERE i = 1001;
SELECT column_name, new_category_share, issues FROM mlcheck.validity_report('val.wide', 'val.wide');
-- empty current: shares undefined (NULL), no issue; empty reference: no range, no vocabulary
CREATE TABLE val.empty (LIKE val.ref);
SELECT column_name, n, null_share, below_min_share, new_category_share, issues
  FROM mlcheck.validity_report('val.ref', 'val.empty', ARRAY['x', 'cat']);
SELECT column_name, n, null_share, nan_share, below_min_share, new_category_share, reference_null_share, issues
  FROM mlcheck.validity_report('val.empty', 'val.cur', ARRAY['x', 'cat']);
-- different numeric types in the two relations: compared in a common type
CREATE TABLE val.ints AS SELECT id, k::integer AS x FROM val.ref;
CREATE TABLE val.floats AS SELECT id, k + 0.5 AS x FROM val.cur;   -- numeric + 0.5 → [9.5, 29.5]
SELECT column_name, below_min_share, above_max_share, issues FROM mlcheck.validity_report('val.ints', 'val.floats');
-- exact in the column's type: bigint bounds beyond 2^53
CREATE TABLE val.bigs AS SELECT 9007199254740993::bigint + i AS b FROM generate_series(0, 2) i;
CREATE TABLE val.bigs2 AS SELECT 9007199254740992::bigint AS b UNION ALL SELECT 9007199254740996;
SELECT below_min_share, above_max_share FROM mlcheck.validity_report('val.bigs', 'val.bigs2');

-- errors, all before any row is read
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['nope'])$$);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['X'])$$);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['doc'])$$);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x', NULL])$$);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x', 'x'])$$);
SELECT val.err($$SELECT * FROM mlcheck.validity_report(NULL, 'val.cur')$$);
CREATE INDEX ref_id_idx ON val.ref (id);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref_id_idx', 'val.cur')$$);
CREATE TABLE val.kinds AS SELECT id, x::text AS x FROM val.cur;
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.kinds', ARRAY['x'])$$);
-- without columns, a column of another kind is left out
SELECT column_name FROM mlcheck.validity_report('val.ref', 'val.kinds');

-- ------------------------------------------------- one scan of each relation
CREATE FUNCTION val.validity_plans(ref regclass, cur regclass, pat text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE cols jsonb; learned jsonb; q record; n int;
BEGIN
    SELECT jsonb_agg(jsonb_build_object('column', c.column_name, 'kind', c.kind, 'type', c.cmp_type::text))
      INTO cols FROM mlcheck._validity_columns(ref, cur, NULL) c;
    n := val.plan_count(mlcheck._validity_reference_sql(ref, cols), pat, NULL);
    learned := mlcheck._validity_learn(ref, cols);
    SELECT * INTO q FROM mlcheck._validity_current_sql(cur, learned, NULL, NULL, true);
    RETURN n + val.plan_count(q.sql, pat, q.params);
END $$;
-- six checked columns, two relations: exactly two scans, one per relation
SELECT val.validity_plans('val.ref', 'val.cur', 'Scan') AS scans,
       val.validity_plans('val.ref', 'val.cur', 'Scan on ref') AS ref_scans,
       val.validity_plans('val.ref', 'val.cur', 'Scan on cur') AS cur_scans;
-- and the executor agrees: one sequential scan of each
BEGIN;
CREATE TEMP TABLE scans_before AS SELECT relname, seq_scan FROM pg_stat_xact_user_tables WHERE relname IN ('ref', 'cur');
SELECT count(*) FROM mlcheck.validity_report('val.ref', 'val.cur');
SELECT s.relname, s.seq_scan - b.seq_scan AS seq_scans
  FROM pg_stat_xact_user_tables s JOIN scans_before b USING (relname) ORDER BY 1;
COMMIT;

-- --------------------------------------------------------- forced parallel
CREATE TABLE val.pref AS
SELECT i, CASE WHEN i % 997 = 0 THEN NULL ELSE (i % 1000) / 10.0 END AS x,
       'c' || (i % 30) AS cat FROM generate_series(1, 60000) i;
CREATE TABLE val.pcur AS
SELECT i, CASE WHEN i % 500 = 0 THEN NULL WHEN i % 777 = 0 THEN 'NaN' WHEN i % 1001 = 0 THEN 150
               ELSE (i % 1000) / 10.0 END::float8 AS x,
       CASE WHEN i % 333 = 0 THEN 'new' || (i % 7) ELSE 'c' || (i % 29) END AS cat
  FROM generate_series(1, 60000) i;
ANALYZE val.pref;
ANALYZE val.pcur;
CREATE TABLE val.serial AS SELECT * FROM mlcheck.validity_report('val.pref', 'val.pcur');
CREATE TABLE val.serial_rules AS SELECT * FROM mlcheck.check_rules('val.pcur',
    '{"x": {"finite": true, "min": 0, "max": 99}, "cat": {"pattern": "^c[0-9]+$", "max_null_share": 0}}');
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT val.validity_plans('val.pref', 'val.pcur', 'Parallel Seq Scan') AS parallel_scans,
       val.validity_plans('val.pref', 'val.pcur', 'Partial Aggregate') AS partial_aggregates;
SELECT count(*) AS rows_differing FROM (
    (SELECT * FROM mlcheck.validity_report('val.pref', 'val.pcur') EXCEPT ALL SELECT * FROM val.serial)
    UNION ALL
    (SELECT * FROM val.serial EXCEPT ALL SELECT * FROM mlcheck.validity_report('val.pref', 'val.pcur'))) d;
SELECT count(*) AS rows_differing FROM (
    (SELECT column_name, rule, n_checked, n_failed, failed_share, passed, examples::text FROM mlcheck.check_rules('val.pcur',
        '{"x": {"finite": true, "min": 0, "max": 99}, "cat": {"pattern": "^c[0-9]+$", "max_null_share": 0}}')
     EXCEPT ALL SELECT column_name, rule, n_checked, n_failed, failed_share, passed, examples::text FROM val.serial_rules)) d;
RESET force_parallel_mode;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT column_name, n, round(null_share::numeric, 6) AS null_share, round(nan_share::numeric, 6) AS nan_share,
       round(above_max_share::numeric, 6) AS above_max, round(new_category_share::numeric, 6) AS new_share,
       new_categories, missing_categories, issues
  FROM val.serial;

-- ------------------------------------------------------------ check_rules
SELECT column_name, rule, n_checked, n_failed, round(failed_share::numeric, 4) AS failed_share, passed, examples
  FROM mlcheck.check_rules('val.cur', $${
      "x":      {"not_null": true, "finite": true, "min": 0, "max": 9.5},
      "k":      {"min": 10, "max": 28},
      "amount": {"finite": true, "max": "90"},
      "cat":    {"in": ["a", "b", "c", "d"], "pattern": "^[a-d]$", "max_null_share": 0.01},
      "flag":   {"not_null": true, "max_null_share": 0.05},
      "color":  {"in": ["red", "green"], "max": "green"},
      "ts":     {"min": "2026-01-05 10:00+00", "max": "2026-01-09"},
      "id":     {"not_null": false}
  }$$);
-- a rule that holds
SELECT column_name, rule, n_checked, n_failed, failed_share, passed, examples
  FROM mlcheck.check_rules('val.cur', '{"id": {"not_null": true, "min": 0, "max": 99, "in": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99]}}');
-- NaN sorts above every number in PostgreSQL: it fails max and passes min
SELECT rule, n_failed, examples FROM mlcheck.check_rules('val.cur', '{"x": {"min": -100, "max": 100}}');
-- examples: the 5 smallest distinct failing values in the type's order
SELECT examples FROM mlcheck.check_rules('val.pcur', '{"x": {"max": 50}}');
SELECT examples FROM mlcheck.check_rules('val.cur', '{"cat": {"pattern": "^[ab]$"}}');
-- rule values are data: a value that looks like SQL is just a value
SELECT rule, n_failed FROM mlcheck.check_rules('val.cur', $${"cat": {"in": ["a'); DROP TABLE val.cur; --"], "pattern": "'; DROP TABLE val.cur; --"}}$$);
SELECT count(*) FROM val.cur;
-- over zero rows every rule passes; shares are undefined
SELECT rule, n_checked, n_failed, failed_share, passed, examples
  FROM mlcheck.check_rules('val.empty', '{"x": {"not_null": true, "min": 0, "max_null_share": 0}}');
SELECT count(*) FROM mlcheck.check_rules('val.cur', '{}');
-- errors: unknown rule 22023, unknown column 42703, a rule that does not fit
-- the type or a value that does not convert 42804 — before any row is read
CREATE FUNCTION val.boom(int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a row was read'; END $$;
CREATE VIEW val.trap AS SELECT val.boom(id) AS id, x, k, cat, doc, ts FROM val.cur;
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"x": {"minimum": 0}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"nope": {"min": 0}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"X": {"min": 0}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"pattern": "^1"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"finite": true}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"min": "ten"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"min": 1.5}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"in": [1, "x"]}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"min": [1]}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"ts": {"max": "yesterday-ish"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"doc": {"pattern": "{}"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"doc": {"min": "{"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"in": []}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"in": 3}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"not_null": "yes"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"max_null_share": 1.5}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"cat": {"pattern": "(unclosed"}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"cat": {"pattern": 3}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"cat": "not_null"}')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '["x"]')$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', NULL)$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.ref_id_idx', '{}')$$);
-- and a valid rule does read the rows
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.trap', '{"k": {"min": 0}}')$$);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.trap', ARRAY['nope'])$$);
-- one scan for every rule
SELECT val.plan_count(mlcheck._rules_sql('val.cur', s.spec, NULL, NULL, true), 'Scan', s.params) AS scans
  FROM mlcheck._rules_spec('val.cur', '{"x": {"not_null": true, "min": 0}, "cat": {"in": ["a"]}, "k": {"max": 3}}') s;

-- ------------------------------------------------------------- privileges
CREATE ROLE regress_val_reader;
CREATE ROLE regress_val_nobody;
GRANT USAGE ON SCHEMA val TO regress_val_reader, regress_val_nobody;
GRANT SELECT ON val.ref TO regress_val_reader;
GRANT SELECT (id, x) ON val.cur TO regress_val_reader;
SET ROLE regress_val_nobody;
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x'])$$);
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.cur', '{"x": {"min": 0}}')$$);
RESET ROLE;
SET ROLE regress_val_reader;
SELECT column_name, issues FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x']);
SELECT val.err($$SELECT * FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x', 'cat'])$$);
SELECT rule, n_failed FROM mlcheck.check_rules('val.cur', '{"x": {"min": 0}}');
SELECT val.err($$SELECT * FROM mlcheck.check_rules('val.cur', '{"cat": {"not_null": true}}')$$);
RESET ROLE;
-- row-level security applies to the caller
ALTER TABLE val.cur ENABLE ROW LEVEL SECURITY;
CREATE POLICY few ON val.cur FOR SELECT TO regress_val_reader USING (id < 10);
SET ROLE regress_val_reader;
SELECT column_name, n, issues FROM mlcheck.validity_report('val.ref', 'val.cur', ARRAY['x']);
SELECT n_checked, n_failed FROM mlcheck.check_rules('val.cur', '{"x": {"not_null": true}}');
RESET ROLE;
ALTER TABLE val.cur DISABLE ROW LEVEL SECURITY;

-- -------------------------------------------------------- validity monitors
-- two weeks of hourly rows; the second week has planted violations
CREATE TABLE val.events AS
SELECT i AS id, timestamptz '2026-01-05' + i * interval '1 hour' AS ts,
       CASE WHEN i >= 168 AND i % 24 = 5 THEN NULL WHEN i = 200 THEN 1e6 ELSE (i % 10)::float8 END AS x,
       CASE WHEN i = 210 THEN 'new' ELSE 'c' || (i % 3) END AS cat,
       i % 7 AS code
  FROM generate_series(0, 24 * 14 - 1) i;
CREATE TABLE val.events_ref AS SELECT * FROM val.events WHERE ts < '2026-01-12';
SELECT name, kind, source, column_name, time_column, baseline, baseline_kind, "window", method, threshold,
       columns, settings
  FROM mlcheck.add_validity_monitor('val_daily', 'val.events', 'ts', '1 day', reference => 'val.events_ref',
                                    rules => '{"code": {"max": 5}}', columns => ARRAY['x', 'cat']);
-- what was learned is a baseline named as the monitor (values of the data: owner-only)
SELECT name, source, column_name, kind, n_rows, numeric_profile IS NULL AS no_num,
       jsonb_pretty(validity) FROM mlcheck.baselines WHERE name = 'val_daily';
-- rules only, and learned only, with a tolerance
SELECT name, baseline, columns, settings
  FROM mlcheck.add_validity_monitor('val_rules', 'val.events', 'ts', '1 day', rules => '{"x": {"not_null": true}}');
SELECT name, baseline, columns, threshold
  FROM mlcheck.add_validity_monitor('val_tolerant', 'val.events', 'ts', '1 day', reference => 'val.events_ref',
                                    max_failed_share => 0.05);
-- three days of the second week: each has a NULL x (none in the reference)
-- and codes above 5; the 13th also has the out-of-range x and the new category
SELECT r.window_start, r.status, r.method, round(r.statistic::numeric, 4) AS statistic, r.threshold, r.alert,
       r.details - 'as_of' AS details
  FROM (VALUES ('2026-01-13 12:00+00'::timestamptz), ('2026-01-14 12:00+00'), ('2026-01-15 12:00+00')) a(t),
       LATERAL mlcheck.check_monitor('val_daily', a.t) r
 ORDER BY 1;
SELECT r.window_start, r.alert, round(r.statistic::numeric, 4) AS statistic, r.details -> 'failed' AS failed
  FROM mlcheck.check_monitor('val_tolerant', '2026-01-15 12:00+00') r;
SELECT r.window_start, r.alert, r.details -> 'failed' AS failed
  FROM mlcheck.check_monitor('val_rules', '2026-01-15 12:00+00') r;
-- monitor_query of a validity monitor: its learned and its declared
-- query, parameters $1 = the rule values, $2, $3 = the window; the
-- learned query's row count is the stored one
CREATE FUNCTION pg_temp.validity_query_rows(name text, ws timestamptz, we timestamptz) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    q text := mlcheck.monitor_query(name);
    p text[];
    n bigint;
BEGIN
    SELECT s.learned_params INTO p FROM mlcheck._validity_monitor_sql(name) s;
    EXECUTE 'SELECT q.n FROM (' || split_part(q, E';\n', 1) || ') q(n, c, p)' INTO n USING p, ws, we;
    RETURN n;
END
$$;
SELECT m.name, (SELECT count(*) FROM regexp_matches(mlcheck.monitor_query(m.name), E';\n', 'g')) AS separators
  FROM mlcheck.monitors m WHERE m.name IN ('val_daily', 'val_rules', 'val_tolerant') ORDER BY 1;
SELECT r.window_start, r.details->>'n_rows' AS stored, pg_temp.validity_query_rows('val_daily', r.window_start, r.window_end) AS from_query
  FROM mlcheck.results r WHERE r.monitor = 'val_daily' AND r.status = 'ok' ORDER BY 1;
-- idempotent: running again writes nothing new
CALL mlcheck.run_monitors('val_daily', '2026-01-15 12:00+00');
SELECT count(*) AS results, count(DISTINCT (window_start, window_end)) AS windows
  FROM mlcheck.results WHERE monitor = 'val_daily';
-- an empty window checks nothing and does not alert
SELECT status, statistic, alert, details -> 'n_rows' AS n_rows, details -> 'n_checks' AS n_checks
  FROM mlcheck.check_monitor('val_daily', '2026-03-01 12:00+00');
-- results never hold values of the data: no category, no example, no bound
SELECT count(*) AS leaking FROM mlcheck.results
 WHERE monitor LIKE 'val_%' AND (details::text ~ '"new"|1000000|c0|c1|c2' OR details::text ~ 'examples|vocabulary');
-- an error is a result row, not an abort: a column the monitor reads is gone
ALTER TABLE val.events RENAME COLUMN cat TO category;
SELECT status, sqlstate, error FROM mlcheck.check_monitor('val_daily', '2026-01-16 12:00+00');
ALTER TABLE val.events RENAME COLUMN category TO cat;
SELECT status, alert FROM mlcheck.check_monitor('val_daily', '2026-01-16 12:00+00');
-- errors of add_validity_monitor
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', columns => ARRAY['x'], rules => '{}')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', 'val.events_ref', max_failed_share => 1.5)$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', 'val.events_ref', max_failed_share => 'NaN')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 month', 'val.events_ref')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'x', '1 day', 'val.events_ref')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', rules => '{"x": {"pattern": "a"}}')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', rules => '{"nope": {"min": 1}}')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', 'val.events_ref', columns => ARRAY['nope'])$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('val_daily', 'val.events', 'ts', '1 day', rules => '{"x": {"min": 0}}')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('val_rules', 'val.events', 'ts', '1 day', 'val.events_ref')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor(repeat('m', 64), 'val.events', 'ts', '1 day', 'val.events_ref')$$);
SELECT val.err($$SELECT mlcheck.add_validity_monitor('m', 'val.events', 'ts', '1 day', 'val.bigs')$$);
SELECT count(*) AS nothing_left_behind FROM mlcheck.baselines WHERE name = 'm';
-- the learned baseline is in use: 2BP01; dropping the monitor drops it
SELECT val.err($$SELECT mlcheck.drop_baseline('val_daily')$$);
-- a role that is not the owner's member sees neither the monitor's baseline
-- nor what it learned, and its run records a 42501 error row
GRANT SELECT ON mlcheck.monitors, mlcheck.baselines, mlcheck.results TO regress_val_nobody;
GRANT INSERT, UPDATE ON mlcheck.results TO regress_val_nobody;
GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO regress_val_nobody;
SET ROLE regress_val_nobody;
SELECT count(*) AS baselines_visible FROM mlcheck.baselines;
SELECT name, settings FROM mlcheck.monitors WHERE name = 'val_daily';
SELECT status, sqlstate FROM mlcheck.check_monitor('val_daily', '2026-01-17 12:00+00');
RESET ROLE;
-- the owner's run replaces the error row
SELECT status, alert, attempts FROM mlcheck.check_monitor('val_daily', '2026-01-17 12:00+00');
SET client_min_messages = error;
SELECT mlcheck.drop_monitor('val_daily');
SET client_min_messages = warning;
SELECT count(*) AS baseline_left FROM mlcheck.baselines WHERE name = 'val_daily';
-- and the name can be used again
SELECT name, baseline FROM mlcheck.add_validity_monitor('val_daily', 'val.events', 'ts', '7 days', 'val.events_ref', columns => ARRAY['x']);

-- ------------------------------------------------------------------ cleanup
SET client_min_messages = error;
SELECT mlcheck.drop_monitor(name) FROM mlcheck.monitors WHERE name LIKE 'val_%' ORDER BY name;
REVOKE ALL ON mlcheck.monitors, mlcheck.baselines, mlcheck.results FROM regress_val_nobody;
REVOKE ALL ON SEQUENCE mlcheck.results_id_seq FROM regress_val_nobody;
DROP SCHEMA val CASCADE;
DROP ROLE regress_val_reader;
DROP ROLE regress_val_nobody;
RESET client_min_messages;
