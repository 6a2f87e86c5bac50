-- mlcheck.roc_auc_ci and mlcheck.delong_test.  Numbers are
-- cross-checked against DeLong's definition in NumPy (and sklearn's
-- roc_auc_score) in test/crosscheck/check_delong.py; this file pins the
-- SQL surface: a hand-computed example, NULL policy, degenerate inputs,
-- integer labels, errors with SQLSTATEs and parallel plans.
SET extra_float_digits = 0;
\pset null '(null)'

-- Hand example: positives 0.9, 0.8, 0.4; negatives 0.7, 0.4, 0.2, 0.1.
-- V10 = (1, 1, 0.625), V01 = (2/3, 5/6, 1, 1), AUC = 0.875,
-- S10 = 0.046875, S01 = 0.0254629..., Var = S10/3 + S01/4 = 0.0219907...,
-- 95%: 0.875 ± 1.959964 · 0.148293 = [0.584351, 1.165649 → clipped to 1].
-- Model B: positives 0.3, 0.9, 0.5; negatives 0.6, 0.1, 0.5, 0.2.
CREATE TABLE dl_hand (id int, a float8, b float8, label boolean);
INSERT INTO dl_hand VALUES
  (1, 0.9, 0.3, true), (2, 0.8, 0.9, true), (3, 0.4, 0.5, true),
  (4, 0.7, 0.6, false), (5, 0.4, 0.1, false), (6, 0.2, 0.5, false), (7, 0.1, 0.2, false),
  (8, NULL, 0.5, true), (9, 0.5, 0.5, NULL), (10, 0.3, NULL, false);
-- row 10 counts for roc_auc_ci(a, label) but is skipped by delong_test
SELECT round((r).auc::numeric, 12) AS auc, round((r).lower::numeric, 12) AS lower,
       (r).upper
  FROM (SELECT mlcheck.roc_auc_ci(a, label) r FROM dl_hand WHERE id <> 10) t;
SELECT round((r).auc::numeric, 12) AS auc, round((r).lower::numeric, 12) AS lower,
       round((r).upper::numeric, 12) AS upper
  FROM (SELECT mlcheck.roc_auc_ci(a, label, 0.5) r FROM dl_hand WHERE id <> 10) t;
-- integer label, same result
SELECT mlcheck.roc_auc_ci(a, label::int) = mlcheck.roc_auc_ci(a, label) AS int_same,
       mlcheck.roc_auc_ci(a, label::int, 0.9) = mlcheck.roc_auc_ci(a, label, 0.9) AS int_same_level
  FROM dl_hand;
-- AUC equals roc_auc
SELECT (mlcheck.roc_auc_ci(a, label)).auc = mlcheck.roc_auc(a, label) AS same_as_roc_auc FROM dl_hand;
SELECT round((r).auc_a::numeric, 12) AS auc_a, round((r).auc_b::numeric, 12) AS auc_b,
       round((r).difference::numeric, 12) AS difference, round((r).z::numeric, 12) AS z,
       round((r).p_value::numeric, 12) AS p_value
  FROM (SELECT mlcheck.delong_test(a, b, label) r FROM dl_hand) t;
SELECT mlcheck.delong_test(a, b, label::int) = mlcheck.delong_test(a, b, label) AS int_same
  FROM dl_hand;

-- ---- degenerate inputs: NULL, never an error
SELECT * FROM (SELECT (mlcheck.roc_auc_ci(a, label)).* FROM dl_hand WHERE label) t;          -- one class
SELECT * FROM (SELECT (mlcheck.roc_auc_ci(a, label)).* FROM dl_hand WHERE false) t;          -- no rows
SELECT mlcheck.roc_auc_ci(a, label) IS NULL AS all_null FROM dl_hand WHERE false;
SELECT * FROM (SELECT (mlcheck.delong_test(a, b, label)).* FROM dl_hand WHERE NOT label) t;  -- one class
SELECT * FROM (SELECT (mlcheck.delong_test(a, b, label)).* FROM dl_hand WHERE false) t;      -- no rows
-- a single positive: the AUC exists, its variance does not
SELECT (r).auc, (r).lower, (r).upper
  FROM (SELECT mlcheck.roc_auc_ci(a, label) r FROM dl_hand WHERE id IN (2, 4, 5, 6)) t;
SELECT (r).* FROM (SELECT mlcheck.delong_test(a, b, label) r FROM dl_hand WHERE id IN (2, 4, 5, 6)) t;
-- identical models, or one a monotone transform of the other: the variance
-- of the difference is exactly 0, z and p_value NULL
SELECT (r).auc_a, (r).auc_b, (r).difference, (r).z, (r).p_value
  FROM (SELECT mlcheck.delong_test(a, a, label) r FROM dl_hand) t;
SELECT (r).difference, (r).z, (r).p_value
  FROM (SELECT mlcheck.delong_test(a, exp(3 * a) - 1, label) r FROM dl_hand) t;
-- perfect separation: zero variance, the interval collapses to [1, 1]
SELECT (r).* FROM (SELECT mlcheck.roc_auc_ci(i::float8, i > 3) r FROM generate_series(1, 6) i) t;
-- ±Infinity are ordinary extreme scores; -0 is +0
SELECT round((r).auc::numeric, 12) AS auc, round((r).lower::numeric, 12) AS lower,
       round((r).upper::numeric, 12) AS upper
  FROM (SELECT mlcheck.roc_auc_ci(s, l) r FROM (VALUES ('Infinity'::float8, true), ('-Infinity', false),
        ('Infinity', false), (0.0, true), ('-0', false), (0.5, true), (-1, false)) v(s, l)) t;
-- GROUP BY: a degenerate group does not abort the others
SELECT g, round((r).auc::numeric, 6) AS auc, round((r).lower::numeric, 6) AS lower,
       round((r).upper::numeric, 6) AS upper
  FROM (SELECT i % 3 AS g, mlcheck.roc_auc_ci(((i * 7919) % 101)::float8, (i % 3 = 0 AND i % 5 = 0) OR (i % 3 <> 0 AND i % 2 = 0)) r
          FROM generate_series(1, 300) i GROUP BY 1) t ORDER BY g;

-- ---- errors
\set VERBOSITY sqlstate
SELECT mlcheck.roc_auc_ci('NaN'::float8, true);
SELECT mlcheck.delong_test(0.5, 'NaN'::float8, true);
SELECT mlcheck.roc_auc_ci(0.5, true, 1.0);
SELECT mlcheck.roc_auc_ci(0.5, true, 0.0);
SELECT mlcheck.roc_auc_ci(0.5, true, -0.5);
SELECT mlcheck.roc_auc_ci(0.5, true, 'NaN');
SELECT mlcheck.roc_auc_ci(0.5, true, NULL);
SELECT mlcheck.roc_auc_ci(a, label, 0.9 + id * 0.001) FROM dl_hand;
SELECT mlcheck.roc_auc_ci(0.5, 2);
SELECT mlcheck.delong_test(0.5, 0.5, -1);
SET mlcheck.max_value_kb = 16;
SELECT mlcheck.roc_auc_ci(i::float8, i % 2 = 0) FROM generate_series(1, 5000) i;
SELECT mlcheck.delong_test(i::float8, -i, i % 2 = 0) FROM generate_series(1, 5000) i;
RESET mlcheck.max_value_kb;
\set VERBOSITY terse
SELECT mlcheck.roc_auc_ci(0.5, true, 1.5);
SELECT mlcheck.delong_test('NaN'::float8, 0.5, true);
\set VERBOSITY default
SET mlcheck.max_value_kb = 16;
SELECT mlcheck.roc_auc_ci(i::float8, i % 2 = 0) FROM generate_series(1, 5000) i;
RESET mlcheck.max_value_kb;

-- ---- parallel plans give the serial result, to the bit
CREATE TABLE dl_par AS
SELECT i, (i::bigint * 2654435761 % 1000) < 300 AS label,
       round(((i::bigint * 40503 % 997) / 997.0 + CASE WHEN (i::bigint * 2654435761 % 1000) < 300 THEN 0.3 ELSE 0 END)::numeric, 2)::float8 AS a,
       round(((i::bigint * 7919 % 991) / 991.0 + CASE WHEN (i::bigint * 2654435761 % 1000) < 300 THEN 0.2 ELSE 0 END)::numeric, 3)::float8 AS b
  FROM generate_series(1, 30000) i;
ANALYZE dl_par;
CREATE TEMP TABLE dl_serial AS
SELECT mlcheck.roc_auc_ci(a, label) AS ci, mlcheck.roc_auc_ci(b, label::int, 0.99) AS ci_b,
       mlcheck.delong_test(a, b, label) AS t FROM dl_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS
$$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT count(*) FILTER (WHERE l ~ 'Gather') AS gather, count(*) FILTER (WHERE l ~ 'Partial Aggregate') AS partial
  FROM pg_temp.plan_lines('SELECT mlcheck.roc_auc_ci(a, label), mlcheck.roc_auc_ci(b, label::int, 0.99), mlcheck.delong_test(a, b, label) FROM dl_par') l;
SELECT s.ci = p.ci AS ci_same, s.ci_b = p.ci_b AS ci_b_same, s.t = p.t AS test_same,
       round((p.t).z::numeric, 6) AS z
  FROM dl_serial s,
       (SELECT mlcheck.roc_auc_ci(a, label) AS ci, mlcheck.roc_auc_ci(b, label::int, 0.99) AS ci_b,
               mlcheck.delong_test(a, b, label) AS t FROM dl_par) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET force_parallel_mode;
DROP TABLE dl_hand, dl_par;
