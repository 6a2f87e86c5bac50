-- mlcheck.slice_report, mlcheck.create_slice_view and
-- mlcheck.wilson.  Numbers are cross-checked against NumPy/scikit-learn/SciPy
-- in test/crosscheck/check_slices.py; this file pins the SQL surface: NULL
-- slices, min_support flags, label kinds, awkward identifiers, errors and
-- SQLSTATEs, one scan of the source, views, RLS, parallel plans.
SET extra_float_digits = 0;
\pset null '(null)'

-- 3000 deterministic rows.  region holds a real NULL and the string 'NULL'
-- (two different slices) and a 15-row slice 'tiny'; the model is worse in
-- 'south'.  Some rows have no label or no prediction (skipped).
CREATE TABLE slice_t AS
SELECT i,
       CASE WHEN i % 200 = 0 THEN 'tiny'
            ELSE (ARRAY['north', 'south', 'east', 'NULL', NULL])[1 + i % 5] END AS region,
       1 + i % 3 AS tier,
       (i::bigint * 2654435761 % 1000) < 400 AS label,
       (i::bigint * 40503 % 997) / 997.0 AS r
  FROM generate_series(1, 3000) i;
ALTER TABLE slice_t ADD COLUMN score float8, ADD COLUMN pred boolean;
UPDATE slice_t SET score = round((CASE WHEN label THEN 0.3 + 0.7 * r ELSE 0.7 * r END)::numeric, 3);
UPDATE slice_t SET pred = CASE WHEN region = 'south' AND r < 0.3 THEN score < 0.5 ELSE score >= 0.5 END;
UPDATE slice_t SET label = NULL WHERE i % 97 = 0;
UPDATE slice_t SET pred = NULL WHERE i % 89 = 0;
ANALYZE slice_t;

-- ---- mlcheck.wilson
SELECT round(lower::numeric, 12) AS lower, round(upper::numeric, 12) AS upper
  FROM mlcheck.wilson(45, 50);
SELECT round(lower::numeric, 12) AS lower, round(upper::numeric, 12) AS upper
  FROM mlcheck.wilson(7, 10, level => 0.99);
SELECT lower, round(upper::numeric, 12) AS upper FROM mlcheck.wilson(0, 20);   -- lower exactly 0
SELECT round(lower::numeric, 12) AS lower, upper FROM mlcheck.wilson(20, 20);  -- upper exactly 1
SELECT * FROM mlcheck.wilson(0, 0);          -- undefined: NULLs
SELECT * FROM mlcheck.wilson(NULL, 10);      -- strict
\set VERBOSITY terse
SELECT * FROM mlcheck.wilson(11, 10);
SELECT * FROM mlcheck.wilson(-1, 10);
SELECT * FROM mlcheck.wilson(5, 10, 1.5);
SELECT * FROM mlcheck.wilson('NaN', 10);
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.wilson(11, 10);
\set VERBOSITY default

-- ---- the report: overall row first, then each slice column in the given
-- order, values in C collation, the NULL slice last
SELECT slice_column, slice_value, is_null, n, round(share::numeric, 4) AS share,
       round(accuracy::numeric, 4) AS acc, round("precision"::numeric, 4) AS prec,
       round(recall::numeric, 4) AS rec, round(f1::numeric, 4) AS f1,
       round(roc_auc::numeric, 4) AS auc, round(accuracy_gap::numeric, 4) AS gap,
       round(accuracy_lower::numeric, 4) AS lo, round(accuracy_upper::numeric, 4) AS hi,
       round(p_value::numeric, 6) AS p_value, significant, below_min_support
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'], score => 'score');

-- the pieces agree with the aggregates written by hand
WITH r AS (SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region'], 'score')),
     h AS (SELECT region IS NULL AS isnull, region, mlcheck.confusion(label, pred) AS c,
                  mlcheck.roc_auc(score, label) AS auc
             FROM slice_t GROUP BY region)
SELECT count(*) AS slices,
       count(*) FILTER (WHERE r.n = mlcheck.n(h.c) AND r.accuracy = mlcheck.accuracy(h.c)
                          AND r.f1 IS NOT DISTINCT FROM mlcheck.f1(h.c) AND r.roc_auc = h.auc) AS matching
  FROM r JOIN h ON r.is_null = h.isnull AND r.slice_value IS NOT DISTINCT FROM h.region
 WHERE r.slice_column = 'region';
-- overall n counts labelled rows only; share sums to 1 per slice column
SELECT slice_column, sum(n) AS n, round(sum(share)::numeric, 12) AS share
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'])
 GROUP BY slice_column ORDER BY slice_column NULLS FIRST;
SELECT count(*) AS labelled FROM slice_t WHERE label IS NOT NULL AND pred IS NOT NULL;

-- significance: p-value of the slice against the REST, recomputed by hand
SELECT s.slice_value, round(s.p_value::numeric, 10) AS p_value,
       round(t.p_value::numeric, 10) AS by_hand
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region']) s,
       LATERAL (SELECT count(*) FILTER (WHERE label = pred AND region IS NOT DISTINCT FROM s.slice_value
                                                             AND (region IS NULL) = s.is_null) AS x1,
                       count(*) FILTER (WHERE region IS NOT DISTINCT FROM s.slice_value
                                            AND (region IS NULL) = s.is_null) AS n1,
                       count(*) FILTER (WHERE label = pred) AS x, count(*) AS n
                  FROM slice_t WHERE label IS NOT NULL AND pred IS NOT NULL) c,
       LATERAL mlcheck._two_proportion_test(c.x1, c.n1, c.x - c.x1, c.n - c.n1) t
 WHERE s.slice_column = 'region'
 ORDER BY s.is_null, s.slice_value;

-- min_support: the tiny slice is listed, flagged, and never significant;
-- min_support => 0 flags nothing
SELECT slice_value, n, below_min_support, significant
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region'], min_support => 16)
 WHERE slice_column = 'region' ORDER BY is_null, slice_value;
SELECT count(*) FILTER (WHERE below_min_support) AS flagged
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region'], min_support => 0);
-- no slice columns: the overall row only
SELECT slice_column, n, round(accuracy::numeric, 6) AS accuracy
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', '{}');

-- the worst slices first
SELECT slice_column, slice_value, n, round(accuracy::numeric, 3) AS accuracy,
       round(accuracy_gap::numeric, 3) AS gap, significant
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'])
 WHERE slice_column IS NOT NULL
 ORDER BY accuracy_gap, slice_column, slice_value LIMIT 3;

-- ---- label kinds: 0/1 integers are binary (positive 1); other integers
-- and text are multi-class (macro averages)
CREATE TABLE slice_k AS
SELECT i, i % 4 AS grp, (label)::int AS a01, (pred::int)::int2 AS p01,
       (i % 3)::bigint AS ak,
       (CASE WHEN (i * 13) % 7 < 2 THEN (i + 1) % 3 ELSE i % 3 END + (i % 11 = 0)::int)::int AS pk,
       (ARRAY['cat', 'dog', 'bird'])[1 + i % 3] AS at,
       (CASE WHEN i % 7 = 0 THEN 'dog' WHEN i % 13 = 0 THEN 'fish'
             ELSE (ARRAY['cat', 'dog', 'bird'])[1 + i % 3] END)::varchar(8) AS pt, score
  FROM slice_t;
SELECT slice_column, slice_value, n, round(accuracy::numeric, 4) AS acc,
       round("precision"::numeric, 4) AS prec, round(f1::numeric, 4) AS f1, round(roc_auc::numeric, 4) AS auc
  FROM mlcheck.slice_report('slice_k', 'a01', 'p01', ARRAY['grp'], 'score');
-- same numbers as the boolean columns
SELECT count(*) AS rows, bool_and(b.accuracy = k.accuracy AND b.f1 = k.f1 AND b.roc_auc = k.roc_auc) AS same
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', '{}', 'score') b,
       mlcheck.slice_report('slice_k', 'a01', 'p01', '{}', 'score') k;
SELECT slice_column, slice_value, n, round(accuracy::numeric, 4) AS acc,
       round("precision"::numeric, 4) AS macro_prec, round(recall::numeric, 4) AS macro_rec,
       round(f1::numeric, 4) AS macro_f1, roc_auc
  FROM mlcheck.slice_report('slice_k', 'ak', 'pk', ARRAY['grp']);
SELECT slice_column, slice_value, n, round(accuracy::numeric, 4) AS acc,
       round("precision"::numeric, 4) AS macro_prec, round(recall::numeric, 4) AS macro_rec,
       round(f1::numeric, 4) AS macro_f1
  FROM mlcheck.slice_report('slice_k', 'at', 'pt', ARRAY['grp']);
SELECT round(f1::numeric, 12) AS macro_f1,
       round((SELECT mlcheck.f1(mlcheck.confusion(at, pt::text), average => 'macro') FROM slice_k)::numeric, 12) AS direct
  FROM mlcheck.slice_report('slice_k', 'at', 'pt', '{}');

-- ---- degenerate inputs: an empty source, a slice whose rows are all
-- unlabelled (n = 0), a slice that is the whole data (no rest to compare)
CREATE TABLE slice_e (label boolean, pred boolean, seg text, one text);
SELECT slice_column, slice_value, n, share, accuracy, "precision", f1, accuracy_lower,
       p_value, significant, below_min_support
  FROM mlcheck.slice_report('slice_e', 'label', 'pred', ARRAY['seg']);
INSERT INTO slice_e VALUES (NULL, true, 'unlabelled', 'x'), (true, true, 'a', 'x'), (false, true, 'a', 'x'),
                           (false, false, 'b', 'x');
SELECT slice_column, slice_value, n, round(share::numeric, 4) AS share, round(accuracy::numeric, 4) AS acc,
       "precision", recall, round(accuracy_lower::numeric, 4) AS lo, round(p_value::numeric, 6) AS p_value,
       significant, below_min_support
  FROM mlcheck.slice_report('slice_e', 'label', 'pred', ARRAY['seg', 'one'], min_support => 1);
DROP TABLE slice_e;

-- ---- awkward identifiers: quotes, spaces, semicolons, upper case
CREATE SCHEMA "Slice Schema";
CREATE TABLE "Slice Schema"."pred;ictions ""x""" AS
SELECT label AS "Actual Label", pred AS "pred""quoted", region AS "re;gion); DROP TABLE slice_t; --",
       tier AS "Tier" FROM slice_t;
SELECT slice_column, slice_value, n, round(accuracy::numeric, 4) AS acc
  FROM mlcheck.slice_report('"Slice Schema"."pred;ictions ""x"""', 'Actual Label', 'pred"quoted',
                            ARRAY['re;gion); DROP TABLE slice_t; --', 'Tier']);
SELECT count(*) AS slice_t_still_there FROM slice_t;

-- ---- errors (SQLSTATE pinned)
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['nope']);
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region'], score => 'nope');
\set VERBOSITY terse
SELECT * FROM mlcheck.slice_report('slice_t', 'Label', 'pred', ARRAY['region']);
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'nope', ARRAY['region']);
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'region']);
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', NULL]);
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region'], min_support => -1);
SELECT * FROM mlcheck.slice_report('slice_t', NULL, 'pred', ARRAY['region']);
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'i', ARRAY['region']);        -- boolean vs integer
SELECT * FROM mlcheck.slice_report('slice_t', 'score', 'score', ARRAY['region']);    -- float8 labels
SELECT * FROM mlcheck.slice_report('slice_k', 'at', 'pt', ARRAY['grp'], 'score');    -- AUC needs binary
SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region'], 'region');  -- text score
CREATE INDEX slice_t_i ON slice_t (i);
SELECT * FROM mlcheck.slice_report('slice_t_i', 'label', 'pred', ARRAY['region']);
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.slice_report('slice_k', 'ak', 'pk', ARRAY['grp'], 'score');    -- AUC with labels 0..2
\set VERBOSITY default
-- the SQLSTATE of each error above
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN EXECUTE q; RETURN 'no error'; EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE; END $$;
SELECT what, pg_temp.sqlstate_of('SELECT * FROM mlcheck.slice_report(' || args || ')') AS sqlstate
  FROM (VALUES (1, 'wrong case', $a$'slice_t', 'Label', 'pred', ARRAY['region']$a$),
               (2, 'slice listed twice', $a$'slice_t', 'label', 'pred', ARRAY['region', 'region']$a$),
               (3, 'NULL slice', $a$'slice_t', 'label', 'pred', ARRAY['region', NULL]$a$),
               (4, 'negative min_support', $a$'slice_t', 'label', 'pred', ARRAY['region'], min_support => -1$a$),
               (5, 'NULL actual', $a$'slice_t', NULL, 'pred', ARRAY['region']$a$),
               (6, 'boolean vs integer', $a$'slice_t', 'label', 'i', ARRAY['region']$a$),
               (7, 'float8 labels', $a$'slice_t', 'score', 'score', ARRAY['region']$a$),
               (8, 'score with text labels', $a$'slice_k', 'at', 'pt', ARRAY['grp'], 'score'$a$),
               (9, 'text score', $a$'slice_t', 'label', 'pred', ARRAY['region'], 'region'$a$),
               (10, 'index as source', $a$'slice_t_i', 'label', 'pred', ARRAY['region']$a$),
               (11, 'fine', $a$'slice_t', 'label', 'pred', ARRAY['region']$a$)) v(k, what, args)
 ORDER BY k;
SELECT pg_temp.sqlstate_of($q$SELECT mlcheck.create_slice_view('a.b.c', 'slice_t', 'label', 'pred', ARRAY['tier'])$q$) AS three_part_name;
-- the hint names the column as stored
DO $$ DECLARE h text; BEGIN PERFORM * FROM mlcheck.slice_report('slice_t', 'Label', 'pred', ARRAY['region']);
EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
  RAISE NOTICE '% | %', SQLSTATE, h;
END $$;
DO $$ DECLARE h text; BEGIN PERFORM * FROM mlcheck.slice_report('slice_t', 'label', 'tier', ARRAY['region']);
EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
  RAISE NOTICE '% | % | %', SQLSTATE, SQLERRM, h;
END $$;

-- ---- one scan of the source: 4 slice columns, one (Seq) Scan node on it
CREATE FUNCTION pg_temp.scans(q text, rel text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE line text; k integer := 0;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line ~ ('Scan (using \S+ )?on ' || rel || '\M') THEN k := k + 1; END IF;
  END LOOP;
  RETURN k;
END $$;
CREATE FUNCTION pg_temp.plan_has(q text, pattern text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE line text; k integer := 0;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line ~ pattern THEN k := k + 1; END IF;
  END LOOP;
  RETURN k;
END $$;
SELECT pg_temp.scans(mlcheck._slice_report_sql('slice_t', 'label', 'pred',
                     ARRAY['region', 'tier', 'i', 'r'], 'score'), 'slice_t') AS scans_of_source,
       pg_temp.plan_has(mlcheck._slice_report_sql('slice_t', 'label', 'pred',
                     ARRAY['region', 'tier', 'i', 'r'], 'score'), '^(?!.*(CTE|Function|Subquery) Scan).*Scan') AS relation_scans;
-- without a score the rows are first counted per (slices, actual, predicted):
-- still one scan
SELECT pg_temp.scans(mlcheck._slice_report_sql('slice_t', 'label', 'pred',
                     ARRAY['region', 'tier', 'i', 'r']), 'slice_t') AS scans_of_source,
       pg_temp.plan_has(mlcheck._slice_report_sql('slice_t', 'label', 'pred',
                     ARRAY['region', 'tier', 'i', 'r']), '^(?!.*(CTE|Function|Subquery) Scan).*Scan') AS relation_scans;
-- the query is also logged at DEBUG1
SET client_min_messages = debug1;
SELECT count(*) FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['tier']);
RESET client_min_messages;

-- ---- other sources: a view, a partitioned table, a view joining a
-- business table; each base relation is scanned once
CREATE VIEW slice_v AS SELECT * FROM slice_t WHERE i > 0;
CREATE TABLE slice_p (LIKE slice_t) PARTITION BY LIST (tier);
CREATE TABLE slice_p1 PARTITION OF slice_p FOR VALUES IN (1);
CREATE TABLE slice_p2 PARTITION OF slice_p FOR VALUES IN (2);
CREATE TABLE slice_p3 PARTITION OF slice_p FOR VALUES IN (3);
INSERT INTO slice_p SELECT * FROM slice_t;
ANALYZE slice_p;
CREATE TABLE slice_customers (i int PRIMARY KEY, segment text, revenue numeric);
INSERT INTO slice_customers SELECT i, (ARRAY['smb', 'mid', 'enterprise'])[1 + i % 3], i * 10 FROM generate_series(1, 3000) i;
ANALYZE slice_customers;
CREATE VIEW slice_j AS
  SELECT p.label, p.pred, p.score, p.region, c.segment, c.revenue > 15000 AS big
    FROM slice_t p JOIN slice_customers c USING (i);
SELECT 'view' AS source, count(*) AS rows, count(*) FILTER (WHERE v IS NOT DISTINCT FROM t) AS same
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'], 'score') WITH ORDINALITY t
  FULL JOIN mlcheck.slice_report('slice_v', 'label', 'pred', ARRAY['region', 'tier'], 'score') WITH ORDINALITY v
    ON t.ordinality = v.ordinality
UNION ALL
SELECT 'partitioned', count(*), count(*) FILTER (WHERE p IS NOT DISTINCT FROM t)
  FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'], 'score') WITH ORDINALITY t
  FULL JOIN mlcheck.slice_report('slice_p', 'label', 'pred', ARRAY['region', 'tier'], 'score') WITH ORDINALITY p
    ON t.ordinality = p.ordinality;
SELECT pg_temp.scans(mlcheck._slice_report_sql('slice_p', 'label', 'pred', ARRAY['region', 'tier', 'i', 'r']), 'slice_p\d') AS partition_scans,
       pg_temp.scans(mlcheck._slice_report_sql('slice_j', 'label', 'pred', ARRAY['region', 'segment', 'big']), 'slice_t') AS join_scans_t,
       pg_temp.scans(mlcheck._slice_report_sql('slice_j', 'label', 'pred', ARRAY['region', 'segment', 'big']), 'slice_customers') AS join_scans_c;
SELECT slice_column, slice_value, n, round(accuracy::numeric, 4) AS acc, round(roc_auc::numeric, 4) AS auc
  FROM mlcheck.slice_report('slice_j', 'label', 'pred', ARRAY['segment', 'big'], 'score');

-- ---- forced parallel plans: same report as the serial plan.  (PostgreSQL
-- 15 cannot aggregate grouping sets partially, so the parallelism is a
-- Gather over a Parallel Seq Scan under the grouping-set aggregate.)
CREATE TEMP TABLE serial_report AS
  SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'], 'score');
CREATE TEMP TABLE serial_report0 AS
  SELECT * FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier']);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT pg_temp.plan_has(mlcheck._slice_report_sql('slice_t', 'label', 'pred', ARRAY['region', 'tier'], 'score'),
                        'Gather|Parallel Seq Scan on slice_t') AS parallel_nodes;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE p IS NOT DISTINCT FROM s) AS same
  FROM (SELECT *, row_number() OVER () AS k FROM serial_report) s
  FULL JOIN (SELECT *, row_number() OVER () AS k
               FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'], 'score')) p
    ON s.k = p.k;
-- without a score, the pre-aggregation is itself a parallel (partial) aggregate
SELECT pg_temp.plan_has(mlcheck._slice_report_sql('slice_t', 'label', 'pred', ARRAY['region', 'tier']),
                        'Gather|Partial HashAggregate|Parallel Seq Scan on slice_t') AS parallel_nodes;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE p IS NOT DISTINCT FROM s) AS same
  FROM (SELECT *, row_number() OVER () AS k FROM serial_report0) s
  FULL JOIN (SELECT *, row_number() OVER () AS k
               FROM mlcheck.slice_report('slice_t', 'label', 'pred', ARRAY['region', 'tier'])) p
    ON s.k = p.k;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET force_parallel_mode;

-- ---- create_slice_view
SELECT mlcheck.create_slice_view('"Slice Schema"."Region Report"', 'slice_t', 'label', 'pred',
                                 ARRAY['region', 'tier'], 'score');
SELECT relname, relnamespace::regnamespace, relkind, reloptions
  FROM pg_class WHERE oid = '"Slice Schema"."Region Report"'::regclass;
-- same columns (names and types) as slice_report
SELECT count(*) AS columns,
       count(*) FILTER (WHERE v.attname = f.name AND v.atttypid = f.typ) AS matching
  FROM (SELECT attnum, attname, atttypid FROM pg_attribute
         WHERE attrelid = '"Slice Schema"."Region Report"'::regclass AND attnum > 0) v
  FULL JOIN (SELECT o AS attnum, n AS name, t AS typ
               FROM pg_proc p, unnest(p.proargnames[7:], p.proallargtypes[7:]) WITH ORDINALITY AS u(n, t, o)
              WHERE p.oid = 'mlcheck.slice_report'::regproc) f USING (attnum);
-- same rows
SELECT count(*) AS rows, count(*) FILTER (WHERE v IS NOT DISTINCT FROM s) AS same
  FROM (SELECT *, row_number() OVER () AS k FROM serial_report) s
  FULL JOIN (SELECT *, row_number() OVER () AS k FROM "Slice Schema"."Region Report") v ON s.k = v.k;
-- the view is user data, not part of the extension
SELECT count(*) AS extension_members
  FROM pg_depend WHERE classid = 'pg_class'::regclass
   AND objid = '"Slice Schema"."Region Report"'::regclass AND deptype = 'e';
-- unqualified names go to the current schema
SET search_path = "Slice Schema", public;
SELECT mlcheck.create_slice_view('tier_report', 'public.slice_t', 'label', 'pred', ARRAY['tier']);
RESET search_path;
SELECT count(*) AS tier_rows FROM "Slice Schema".tier_report;
\set VERBOSITY terse
SELECT mlcheck.create_slice_view('a.b.c', 'slice_t', 'label', 'pred', ARRAY['tier']);
SELECT mlcheck.create_slice_view('"Slice Schema".tier_report', 'slice_t', 'label', 'pred', ARRAY['tier']);
SELECT mlcheck.create_slice_view('public.bad_view', 'slice_t', 'label', 'nope', ARRAY['tier']);
\set VERBOSITY default
DROP VIEW "Slice Schema".tier_report;
DROP VIEW "Slice Schema"."Region Report";
SELECT count(*) AS views_left FROM pg_class WHERE relnamespace = '"Slice Schema"'::regnamespace AND relkind = 'v';

-- ---- row-level security: the view is security_invoker, so a role sees
-- metrics over the rows it may read and nothing else
CREATE ROLE regress_mlcheck_slices_reader;
CREATE ROLE regress_mlcheck_slices_nobody;
CREATE TABLE slice_rls AS
SELECT i, label, pred, score, region,
       CASE WHEN i % 3 = 0 THEN 'regress_mlcheck_slices_reader' ELSE 'someone_else' END AS owner_name
  FROM slice_t;
ALTER TABLE slice_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY slice_rls_own ON slice_rls FOR SELECT USING (owner_name = current_user);
GRANT SELECT ON slice_rls TO regress_mlcheck_slices_reader;
SELECT mlcheck.create_slice_view('public.slice_rls_report', 'slice_rls', 'label', 'pred', ARRAY['region'], 'score');
GRANT SELECT ON slice_rls_report TO regress_mlcheck_slices_reader, regress_mlcheck_slices_nobody;
-- the owner (superuser, bypasses RLS) sees every row
SELECT n FROM slice_rls_report WHERE slice_column IS NULL;
SET ROLE regress_mlcheck_slices_reader;
SELECT n FROM slice_rls_report WHERE slice_column IS NULL;
SELECT count(*) AS visible_labelled FROM slice_rls WHERE label IS NOT NULL AND pred IS NOT NULL;
-- the view and the function agree under RLS
SELECT count(*) AS rows, count(*) FILTER (WHERE v IS NOT DISTINCT FROM f) AS same
  FROM (SELECT *, row_number() OVER () AS k FROM slice_rls_report) v
  FULL JOIN (SELECT *, row_number() OVER () AS k
               FROM mlcheck.slice_report('slice_rls', 'label', 'pred', ARRAY['region'], 'score')) f
    ON v.k = f.k;
-- by hand over the visible rows
SELECT round(r.accuracy::numeric, 10) AS report,
       round((SELECT mlcheck.accuracy(mlcheck.confusion(label, pred)) FROM slice_rls WHERE i % 3 = 0)::numeric, 10) AS own_rows
  FROM slice_rls_report r WHERE r.slice_column IS NULL;
RESET ROLE;
-- a role without SELECT on the source: 42501, through the view and directly
SET ROLE regress_mlcheck_slices_nobody;
\set VERBOSITY sqlstate
SELECT * FROM slice_rls_report;
SELECT * FROM mlcheck.slice_report('slice_rls', 'label', 'pred', ARRAY['region']);
\set VERBOSITY default
RESET ROLE;
DROP VIEW slice_rls_report;
DROP TABLE slice_rls;
DROP ROLE regress_mlcheck_slices_reader;
DROP ROLE regress_mlcheck_slices_nobody;

-- ---- clean up
DROP SCHEMA "Slice Schema" CASCADE;
DROP VIEW slice_v, slice_j;
DROP TABLE slice_t, slice_k, slice_p, slice_customers;
