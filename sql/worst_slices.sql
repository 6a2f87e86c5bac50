-- mlcheck.worst_slices: the SliceLine search for the slices where a model
-- errs most.  Numbers (scores, p-values, Holm adjustment, pruning against
-- an exhaustive search) are cross-checked against NumPy in
-- test/crosscheck/check_fairness_slices.py; this file pins the SQL surface:
-- descriptions and JSON of every predicate kind, ordering and ties, the
-- NULL policy, errors with SQLSTATEs, scans of the source, hostile
-- identifiers, privileges and row-level security, parallel plans.
SET extra_float_digits = 0;
\pset null '(null)'

-- 12 cells of 300 rows over (c1, c2).  The cell (b, y) errs on 30% of its
-- rows; the other cells are set so that every value of c1 alone and of c2
-- alone errs on exactly 10%, like the whole.  x is numeric with NULLs and a
-- NaN, flag boolean; 20 rows have no label or no prediction.
CREATE TABLE ws_t AS
SELECT i, c1, c2,
       CASE WHEN i % 50 = 0 THEN NULL WHEN i = 7 THEN 'NaN' ELSE (i * 7919 % 1000) / 10.0 END::float8 AS x,
       i % 3 = 0 AS flag,
       (i * 2654435761 % 1000) < 400 AS label,
       r
  FROM (SELECT i, (ARRAY['a', 'b', 'c', 'd'])[1 + (i - 1) / 900] AS c1,
               (ARRAY['x', 'y', 'z'])[1 + ((i - 1) / 300) % 3] AS c2,
               (i - 1) % 300 AS r
          FROM generate_series(1, 3600) i) s;
ALTER TABLE ws_t ADD COLUMN pred boolean;
UPDATE ws_t SET pred = CASE WHEN r < CASE WHEN c1 = 'b' THEN CASE WHEN c2 = 'y' THEN 90 ELSE 0 END
                                          ELSE CASE WHEN c2 = 'y' THEN 10 ELSE 40 END END
                            THEN NOT label ELSE label END;
INSERT INTO ws_t (i, c1, c2, x, flag, label, pred)
SELECT 10000 + i, 'a', 'x', 1, true, CASE WHEN i % 2 = 0 THEN true END, CASE WHEN i % 2 = 1 THEN false END
  FROM generate_series(1, 20) i;
ANALYZE ws_t;
-- the single columns look normal: 10% everywhere
SELECT c1, round(avg((label <> pred)::int), 4) AS error_rate FROM ws_t GROUP BY c1 ORDER BY c1;
SELECT c2, round(avg((label <> pred)::int), 4) AS error_rate FROM ws_t GROUP BY c2 ORDER BY c2;

-- the planted conjunction comes first and is significant; the NOTICE
-- counts the unlabelled rows
SELECT description, depth, n, errors, round(error_rate::numeric, 4) AS error_rate,
       round(score::numeric, 6) AS score, p_adjusted < 1e-10 AS tiny_p, significant, n_tested
  FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag']);
SELECT slice FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2'], top_k => 1);
-- depth 1 alone finds nothing above the overall error rate
SELECT count(*) AS slices FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2'], max_depth => 1);

SET client_min_messages = warning;
-- numeric columns: quantile bins [lo, hi), the last one closed; NULL and NaN
-- are their own predicates.  Errors sit in the top bin, the NULLs and the
-- NaN; alpha = 1 scores the error rate alone, so even one row counts.
CREATE TABLE ws_bins AS
SELECT i, CASE WHEN i > 100 THEN NULL ELSE i END::float8 AS x, i % 2 = 0 AS flag,
       true AS label, NOT (i > 75) AS pred
  FROM generate_series(1, 110) i
 UNION ALL SELECT 0, 'NaN', false, true, false;
SELECT description, slice, depth, n, errors
  FROM mlcheck.worst_slices('ws_bins', 'label', 'pred', ARRAY['x', 'flag'], min_support => 0, alpha => 1, top_k => 100)
 ORDER BY score DESC, description COLLATE "C";
-- duplicate quantile edges are merged: 600 zeros and 100 each of 1..4 give
-- the edges 0, 2, 4 (bins [0, 2) and [2, 4])
CREATE TABLE ws_dup AS
SELECT i, CASE WHEN i % 10 < 6 THEN 0 ELSE i % 10 - 5 END AS k, true AS label, i % 10 < 8 AS pred
  FROM generate_series(1, 1000) i;
SELECT description, slice, n, errors
  FROM mlcheck.worst_slices('ws_dup', 'label', 'pred', ARRAY['k'], min_support => 0);

-- ties in score: depth first, then the description in C collation ('B' < 'a')
CREATE TABLE ws_tie AS SELECT i, (ARRAY['a', 'B', 'c', 'D'])[1 + i % 4] AS g, 'same' AS h,
                              true AS label, i % 4 > 1 AS pred
  FROM generate_series(1, 400) i;
SELECT description, depth, round(score::numeric, 6) AS score
  FROM mlcheck.worst_slices('ws_tie', 'label', 'pred', ARRAY['g', 'h'], min_support => 0);
RESET client_min_messages;

-- ---- NULL policy: no error anywhere, or nothing labelled: no rows
CREATE TABLE ws_ok AS SELECT i, i % 2 = 0 AS seg, true AS label, true AS pred FROM generate_series(1, 100) i;
SELECT count(*) FROM mlcheck.worst_slices('ws_ok', 'label', 'pred', ARRAY['seg']);
CREATE TABLE ws_none (seg text, label boolean, pred boolean);
INSERT INTO ws_none VALUES ('a', NULL, true);
SELECT count(*) FROM mlcheck.worst_slices('ws_none', 'label', 'pred', ARRAY['seg']);
SELECT count(*) FROM mlcheck.worst_slices('ws_none', 'label', 'pred', ARRAY['seg']) WHERE false;  -- empty table too
TRUNCATE ws_none;
SELECT count(*) FROM mlcheck.worst_slices('ws_none', 'label', 'pred', ARRAY['seg']);

-- integer and text labels: errors are actual <> predicted
CREATE TABLE ws_lab AS SELECT c1, c2, CASE WHEN label THEN 3 ELSE 1 END AS a, CASE WHEN pred THEN 3 ELSE 1 END::int2 AS p,
                              label::text AS at, pred::text::varchar AS pt
  FROM ws_t WHERE label IS NOT NULL AND pred IS NOT NULL;
SELECT (SELECT array_agg(description || ' ' || round(score::numeric, 9) ORDER BY score DESC)
          FROM mlcheck.worst_slices('ws_lab', 'a', 'p', ARRAY['c1', 'c2'])) =
       (SELECT array_agg(description || ' ' || round(score::numeric, 9) ORDER BY score DESC)
          FROM mlcheck.worst_slices('ws_lab', 'at', 'pt', ARRAY['c1', 'c2'])) AS same_slices;

-- ---- errors
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['nope']);
SELECT * FROM mlcheck.worst_slices('ws_t', 'Label', 'pred', ARRAY['c1']);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'i', ARRAY['c1']);        -- boolean vs integer
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'x', ARRAY['c1']);        -- float label
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c1']);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', NULL]);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', '{}');
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', NULL);
SELECT * FROM mlcheck.worst_slices('ws_t', NULL, 'pred', ARRAY['c1']);
SELECT * FROM mlcheck.worst_slices(NULL, 'label', 'pred', ARRAY['c1']);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], max_depth => 0);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], max_depth => 9);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], top_k => 0);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], min_support => -1);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], alpha => 0);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], alpha => 1.5);
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], alpha => 'NaN');
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1'], bins => 0);
CREATE TABLE ws_types (label boolean, pred boolean, j jsonb, ts timestamptz, arr text[]);
SELECT * FROM mlcheck.worst_slices('ws_types', 'label', 'pred', ARRAY['j']);
SELECT * FROM mlcheck.worst_slices('ws_types', 'label', 'pred', ARRAY['arr']);
CREATE INDEX ws_t_i ON ws_t (i);
SELECT * FROM mlcheck.worst_slices('ws_t_i', 'label', 'pred', ARRAY['c1']);
CREATE SEQUENCE ws_seq;
SELECT * FROM mlcheck.worst_slices('ws_seq', 'label', 'pred', ARRAY['c1']);
\set VERBOSITY default
\set SHOW_CONTEXT never
-- the hint names the column when only the case differs
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['C1']);

-- ---- scans of the source: the binning scan (numeric columns only) plus
-- one per depth level, counted by the statistics of this transaction
SET max_parallel_workers_per_gather = 0;
CREATE FUNCTION pg_temp.seq_scans(q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE before bigint; after bigint;
BEGIN
    SELECT seq_scan INTO before FROM pg_stat_xact_user_tables WHERE relid = 'ws_t'::regclass;
    EXECUTE q;
    SELECT seq_scan INTO after FROM pg_stat_xact_user_tables WHERE relid = 'ws_t'::regclass;
    RETURN after - before;
END $$;
SELECT pg_temp.seq_scans($$SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag', 'x'])$$) AS depth2_numeric,
       pg_temp.seq_scans($$SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag'])$$) AS depth2,
       pg_temp.seq_scans($$SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag'], max_depth => 1)$$) AS depth1,
       pg_temp.seq_scans($$SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag', 'x'], max_depth => 3)$$) AS depth3_numeric;
RESET max_parallel_workers_per_gather;

-- ---- forced parallel plans: same rows as the serial plan
CREATE TEMP TABLE ws_serial AS
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag', 'x'], top_k => 50, min_support => 0, alpha => 1);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.description IS NULL) AS missing
  FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2', 'flag', 'x'], top_k => 50, min_support => 0, alpha => 1) p
  LEFT JOIN ws_serial s ON s.description = p.description AND s.score = p.score AND s.p_adjusted = p.p_adjusted
                       AND s.n = p.n AND s.errors = p.errors AND s.slice = p.slice;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET force_parallel_mode;

-- ---- hostile identifiers are quoted (in SQL and in the description)
CREATE TABLE "ws ""odd"" table" ("x""); DROP TABLE ws_t; --" text, "Sel ect" boolean, "from" boolean);
INSERT INTO "ws ""odd"" table" SELECT c1 || c2, label, pred FROM ws_t WHERE label IS NOT NULL AND pred IS NOT NULL;
SELECT description, slice, n
  FROM mlcheck.worst_slices('"ws ""odd"" table"', 'Sel ect', 'from', ARRAY['x"); DROP TABLE ws_t; --'], top_k => 1);
SELECT count(*) AS ws_t_still_there FROM ws_t;

-- ---- privileges: the caller's rights and row-level security apply
CREATE ROLE regress_mlcheck_ws_reader;
CREATE ROLE regress_mlcheck_ws_nobody;
GRANT SELECT ON ws_t TO regress_mlcheck_ws_reader;
ALTER TABLE ws_t ENABLE ROW LEVEL SECURITY;
CREATE POLICY ws_not_b ON ws_t TO regress_mlcheck_ws_reader USING (c1 <> 'b');
SET ROLE regress_mlcheck_ws_reader;
SELECT description FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2']) ORDER BY score DESC LIMIT 3;
SELECT count(*) FILTER (WHERE description LIKE '%''b''%') AS slices_of_b
  FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1', 'c2'], min_support => 0, alpha => 1, top_k => 100);
SET ROLE regress_mlcheck_ws_nobody;
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.worst_slices('ws_t', 'label', 'pred', ARRAY['c1']);
\set VERBOSITY default
RESET ROLE;
DROP POLICY ws_not_b ON ws_t;
ALTER TABLE ws_t DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ws_t FROM regress_mlcheck_ws_reader;
DROP ROLE regress_mlcheck_ws_reader;
DROP ROLE regress_mlcheck_ws_nobody;

-- ---- the search_path cannot redirect the function: a hostile schema
-- first on the path, with look-alike functions and operators
CREATE SCHEMA ws_evil;
CREATE FUNCTION ws_evil.quote_ident(text) RETURNS text LANGUAGE sql AS $$ SELECT 'evil' $$;
CREATE FUNCTION ws_evil.array_length(anyarray, integer) RETURNS integer LANGUAGE sql AS $$ SELECT 0 $$;
CREATE FUNCTION ws_evil.ws_eq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR ws_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = ws_evil.ws_eq);
CREATE FUNCTION ws_evil.count(anyelement) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
SET search_path = ws_evil, public;
SELECT description, n FROM mlcheck.worst_slices('public.ws_t', 'label', 'pred', ARRAY['c1', 'c2'], top_k => 1);
RESET search_path;
DROP SCHEMA ws_evil CASCADE;
