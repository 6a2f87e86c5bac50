-- Multi-class probability metrics and the comparisons made before shipping
-- a model.  Numbers are cross-checked against sklearn and SciPy in
-- test/crosscheck/check_compare.py; this file pins the SQL surface: small
-- hand examples, NULL policy, text round trips, errors with SQLSTATEs and
-- a forced parallel plan.
SET extra_float_digits = 0;
\pset null '(null)'
\set VERBOSITY sqlstate

-- four rows, three classes: argmax 2, 0, 1, 2 (row 4: 0.3 = 0.3 < 0.4)
CREATE TABLE cmp_mc (id int, p float8[], a bigint, w float8);
INSERT INTO cmp_mc VALUES
  (1, ARRAY[0.2, 0.3, 0.5], 2, 1), (2, ARRAY[0.6, 0.3, 0.1], 0, 2),
  (3, ARRAY[0.1, 0.8, 0.1], 1, 1), (4, ARRAY[0.3, 0.3, 0.4], 0, 3),
  (5, NULL, 1, 1), (6, ARRAY[0.2, 0.3, 0.5], NULL, 1);
SELECT mlcheck.classes(m), mlcheck.n(m), mlcheck.n_null(m),
       round(mlcheck.roc_auc_ovr(m)::numeric, 12) AS ovr,
       round(mlcheck.roc_auc_ovo(m, average => 'weighted')::numeric, 12) AS ovo_w,
       round(mlcheck.log_loss(m)::numeric, 12) AS log_loss,
       round(mlcheck.brier(m)::numeric, 12) AS brier,
       mlcheck.top_k_accuracy(m, 1) AS top1, mlcheck.top_k_accuracy(m, 2) AS top2
  FROM (SELECT mlcheck.multiclass(p, a) AS m FROM cmp_mc) s;
-- argmax confusion (ties to the lowest class)
SELECT * FROM mlcheck.cells((SELECT mlcheck.confusion(mlcheck.multiclass(p, a)) FROM cmp_mc)) ORDER BY 1, 2;
-- text form round-trips; weights appear only when some weight is not 1
SELECT m::text, m::text::mlcheck.multiclass OPERATOR(mlcheck.=) m AS round_trip
  FROM (SELECT mlcheck.multiclass(p, a, w) AS m FROM cmp_mc WHERE id <= 2) s;
-- merge of pieces equals one pass (rows are kept in a canonical order,
-- whatever order they arrive in); DISTINCT over stored summaries
SELECT mlcheck.merge(m) OPERATOR(mlcheck.=) (SELECT mlcheck.multiclass(p, a) FROM cmp_mc) AS merged_equal
  FROM (SELECT mlcheck.multiclass(p, a) AS m FROM cmp_mc GROUP BY id <= 2) s;
SELECT count(DISTINCT m) AS distinct_summaries
  FROM (SELECT mlcheck.multiclass(p, a) AS m FROM cmp_mc GROUP BY id % 2 UNION ALL SELECT mlcheck.multiclass(p, a) FROM cmp_mc WHERE id % 2 = 0) s;
-- empty input: NULL summary
SELECT mlcheck.multiclass(p, a) IS NULL AS empty_is_null FROM cmp_mc WHERE false;
-- undefined: class 1 has no row -> OvR NULL, OvO over classes 0 and 2
SELECT mlcheck.roc_auc_ovr(m) AS ovr, mlcheck.roc_auc_ovo(m) AS ovo
  FROM (SELECT mlcheck.multiclass(p, a) AS m FROM cmp_mc WHERE a <> 1) s;
-- normalized variant
SELECT round(mlcheck.log_loss(mlcheck.multiclass_normalized(ARRAY[0.2, 0.3, 0.7]::float8[], 2))::numeric, 12) AS normalized;
-- errors
SELECT mlcheck.multiclass(ARRAY[0.5, 0.5], 0);
SELECT mlcheck.multiclass(ARRAY[0.2, 0.3, 0.5], 3);
SELECT mlcheck.multiclass(ARRAY[1.5, -0.25, -0.25], 0);
SELECT mlcheck.multiclass(ARRAY[0.5, 0.5, 0.5], 0);
SELECT mlcheck.multiclass(ARRAY[NULL, 0.5, 0.5]::float8[], 0);
SELECT mlcheck.multiclass(ARRAY[ARRAY[0.2, 0.3], ARRAY[0.4, 0.1]], 0);
SELECT mlcheck.multiclass_normalized(ARRAY[0, 0, 0]::float8[], 0);
SELECT mlcheck.roc_auc_ovo(mlcheck.multiclass(p, a, w)) FROM cmp_mc;
SELECT mlcheck.roc_auc_ovr(mlcheck.multiclass(p, a), average => 'micro') FROM cmp_mc;
SELECT mlcheck.top_k_accuracy(mlcheck.multiclass(p, a), 0) FROM cmp_mc;
SELECT '{"classes": 3, "actual": [3], "probs": [[0.2, 0.3, 0.5]]}'::mlcheck.multiclass;
SELECT '{"classes": 2, "actual": [1], "probs": [[0.5, 0.5]]}'::mlcheck.multiclass;

-- McNemar: boolean, integer and text labels; NULL rows skipped
SELECT (mlcheck.mcnemar(a, pa, pb)).*
  FROM (VALUES (true, true, false), (true, true, false), (false, true, false),
               (true, false, true), (NULL, true, true)) v(a, pa, pb);
SELECT (mlcheck.mcnemar(a, pa, pb)).* FROM (VALUES (1::bigint, 1::bigint, 1::bigint)) v(a, pa, pb);
SELECT (mlcheck.mcnemar(a::text, pa::text, pb::text)).*
  FROM generate_series(1, 60) i, LATERAL (SELECT i % 3 AS a, CASE WHEN i % 4 = 0 THEN 9 ELSE i % 3 END AS pa,
                                                  CASE WHEN i % 7 = 0 THEN 9 ELSE i % 3 END AS pb) x;

-- DeLong on stored summaries; NULL where undefined; errors
CREATE TABLE cmp_sc AS SELECT i, (i % 10) / 10.0 + (i % 3) / 7.0 AS s, (i % 3 = 0) AS y FROM generate_series(1, 90) i;
SELECT round(auc_a::numeric, 12) AS auc_a, round(auc_b::numeric, 12) AS auc_b,
       round(z::numeric, 9) AS z, round(df::numeric, 6) AS df, round(p_value::numeric, 9) AS p
  FROM mlcheck.roc_auc_test((SELECT mlcheck.scores(s, y) FROM cmp_sc WHERE i <= 45),
                            (SELECT mlcheck.scores(s, y) FROM cmp_sc WHERE i > 45));
SELECT * FROM mlcheck.roc_auc_test((SELECT mlcheck.scores(s, y) FROM cmp_sc), (SELECT mlcheck.scores(s, true) FROM cmp_sc));
SELECT (mlcheck.roc_auc_ci(mlcheck.scores(s, y))) = mlcheck.roc_auc_ci(s, y) AS summary_equals_aggregate FROM cmp_sc;
SELECT mlcheck.roc_auc_test(mlcheck.scores(s, y, 4), mlcheck.scores(s, y)) FROM cmp_sc;
SELECT mlcheck.roc_auc_test(mlcheck.scores(s, y, 0.5), mlcheck.scores(s, y)) FROM cmp_sc;
SELECT mlcheck.roc_auc_ci(mlcheck.scores(s, y), level => 0) FROM cmp_sc;

-- accuracy against the no-information rate
SELECT round(accuracy::numeric, 12) AS accuracy, round(lower::numeric, 12) AS lower,
       round(upper::numeric, 12) AS upper, no_information_rate AS nir, round(p_value::numeric, 12) AS p
  FROM mlcheck.accuracy_test((SELECT mlcheck.confusion(a, pa) FROM (VALUES (0, 0), (0, 0), (1, 1), (2, 1), (2, 2), (0, 2), (0, 0)) v(a, pa)));
SELECT lower, upper, p_value FROM mlcheck.accuracy_test((SELECT mlcheck.confusion(y, y, 0.5) FROM cmp_sc));
SELECT mlcheck.no_information_rate(mlcheck.confusion(y, y)) AS nir FROM cmp_sc;
SELECT mlcheck.accuracy_test(mlcheck.confusion(y, y), 1) FROM cmp_sc;

-- weighted kappa, msle
SELECT round(mlcheck.cohen_kappa(c, weights => 'linear')::numeric, 12) AS linear,
       round(mlcheck.cohen_kappa(c, weights => 'quadratic')::numeric, 12) AS quadratic
  FROM (SELECT mlcheck.confusion(a, pa) AS c FROM (VALUES (0, 0), (1, 2), (2, 2), (2, 1), (1, 1), (0, 1)) v(a, pa)) s;
SELECT mlcheck.cohen_kappa(mlcheck.confusion(y, y), weights => 'cubic') FROM cmp_sc;
SELECT round(mlcheck.msle(mlcheck.regression(p, a))::numeric, 12) AS msle
  FROM (VALUES (2.5, 3), (5, 5), (4, 2.5), (8, 7)) v(p, a);
SELECT mlcheck.msle(mlcheck.regression(p, a)) FROM (VALUES (-1, 3)) v(p, a);

-- forced parallel plan gives the serial result
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET force_parallel_mode = on;
CREATE TABLE cmp_big AS SELECT i, ARRAY[0.2 + (i % 5) / 100.0, 0.3, 0.5 - (i % 5) / 100.0] AS p, (i % 3)::bigint AS a
  FROM generate_series(1, 20000) i;
ANALYZE cmp_big;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS
$$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT count(*) AS partial_aggregates FROM pg_temp.plan_lines('SELECT mlcheck.multiclass(p, a), mlcheck.mcnemar(a, a, a) FROM cmp_big') l
 WHERE l LIKE '%Partial Aggregate%';
CREATE TEMP TABLE cmp_par AS SELECT mlcheck.multiclass(p, a) AS m, mlcheck.mcnemar(a, a, (i % 3)::bigint) AS t FROM cmp_big;
RESET force_parallel_mode; SET max_parallel_workers_per_gather = 0;
SELECT p.m OPERATOR(mlcheck.=) s.m AS multiclass_equal,
       p.t = s.t AS mcnemar_equal
  FROM cmp_par p, (SELECT mlcheck.multiclass(p, a) AS m, mlcheck.mcnemar(a, a, (i % 3)::bigint) AS t FROM cmp_big) s;
