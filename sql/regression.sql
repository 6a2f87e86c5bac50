-- mlcheck.regression: metrics as sklearn, edge conventions,
-- merge, I/O, errors, forced parallel plans.
SET extra_float_digits = 0;
CREATE TABLE reg_t AS
  SELECT i, (i % 17) * 1.5 + (i % 5) AS p, (i % 17) * 1.5 AS a,
         ((i % 3) + 1)::float8 AS w, i % 4 AS seg
    FROM generate_series(1, 1000) i;
INSERT INTO reg_t VALUES (0, NULL, 1, 1, 0), (-1, 1, NULL, 1, 1), (-2, 1, 1, NULL, 2);

-- hand-checkable: errors p - a = 1, -2, 0, 3; mean(a) = 4, SST = 18, SSE = 14
SELECT mlcheck.regression(p, a) FROM (VALUES (3, 2), (0, 2), (5, 5), (10, 7)) v(p, a);
SELECT mlcheck.mae(r), mlcheck.mse(r), round(mlcheck.rmse(r)::numeric, 12) AS rmse,
       round(mlcheck.r2(r)::numeric, 12) AS r2, round(mlcheck.mape(r)::numeric, 12) AS mape,
       mlcheck.max_error(r), mlcheck.mean_error(r),
       round(mlcheck.explained_variance(r)::numeric, 12) AS explained_variance, mlcheck.n(r)
  FROM (SELECT mlcheck.regression(p, a) r FROM (VALUES (3, 2), (0, 2), (5, 5), (10, 7)) v(p, a)) s;

-- the generated table, unweighted and weighted
SELECT mlcheck.n(r), mlcheck.n_null(r), round(mlcheck.mae(r)::numeric, 12) AS mae,
       round(mlcheck.mse(r)::numeric, 12) AS mse, round(mlcheck.rmse(r)::numeric, 12) AS rmse,
       round(mlcheck.r2(r)::numeric, 12) AS r2, round(mlcheck.mape(r)::numeric, 12) AS mape,
       mlcheck.max_error(r), round(mlcheck.mean_error(r)::numeric, 12) AS mean_error,
       round(mlcheck.explained_variance(r)::numeric, 12) AS ev
  FROM (SELECT mlcheck.regression(p, a) r FROM reg_t) s;
SELECT mlcheck.n(r), mlcheck.n_null(r), round(mlcheck.mae(r)::numeric, 12) AS mae,
       round(mlcheck.mse(r)::numeric, 12) AS mse, round(mlcheck.r2(r)::numeric, 12) AS r2,
       round(mlcheck.mape(r)::numeric, 12) AS mape, mlcheck.max_error(r),
       round(mlcheck.mean_error(r)::numeric, 12) AS mean_error,
       round(mlcheck.explained_variance(r)::numeric, 12) AS ev
  FROM (SELECT mlcheck.regression(p, a, w) r FROM reg_t) s;

-- sklearn conventions: constant actuals give r2 1.0 (perfect) or 0.0,
-- r2 needs two rows, MAPE divides by max(|actual|, 2.22e-16)
SELECT mlcheck.r2(mlcheck.regression(a, a)) AS r2_const_perfect,
       mlcheck.r2(mlcheck.regression(a + i % 2, a)) AS r2_const_imperfect,
       mlcheck.explained_variance(mlcheck.regression(a + 1, a)) AS ev_const_shift
  FROM (SELECT i, 5.0::float8 AS a FROM generate_series(1, 10) i) s;
SELECT mlcheck.r2(r) IS NULL AS r2_one_row_null, mlcheck.explained_variance(r) AS ev_one_row, mlcheck.mae(r)
  FROM (SELECT mlcheck.regression(3, 2.5) r) s;
SELECT mlcheck.mape(mlcheck.regression(p, a)) AS mape_zero_actual
  FROM (VALUES (1e-3, 0), (1, 1)) v(p, a);
SELECT mlcheck.max_error(mlcheck.regression(p, a, w)) AS max_error_ignores_zero_weight
  FROM (VALUES (1, 2, 1), (100, -100, 0)) v(p, a, w);
SELECT mlcheck.regression(p, a) IS NULL AS no_rows FROM reg_t WHERE false;
SELECT mlcheck.mae(r) IS NULL AS mae_null, mlcheck.r2(r) IS NULL AS r2_null, mlcheck.n_null(r)
  FROM (SELECT mlcheck.regression(p, a) r FROM reg_t WHERE p IS NULL OR a IS NULL) s;
SELECT mlcheck.mse(mlcheck.regression(1, 2, 0.0)) IS NULL AS zero_weight_null;

-- values around 1e9 with small variance keep their digits
SELECT round(mlcheck.r2(r)::numeric, 12) AS r2, round(mlcheck.explained_variance(r)::numeric, 12) AS ev,
       round(mlcheck.mse(r)::numeric, 12) AS mse
  FROM (SELECT mlcheck.regression(1e9 + (i % 7) + 0.5 * (i % 2), 1e9 + (i % 7)) r
          FROM generate_series(1, 100000) i) s;

-- merge: per-segment summaries combine to the whole table
WITH s AS (SELECT seg, mlcheck.regression(p, a, w) r FROM reg_t GROUP BY seg)
SELECT round(mlcheck.r2(mlcheck.merge(r))::numeric, 12) AS merged_r2,
       (SELECT round(mlcheck.r2(mlcheck.regression(p, a, w))::numeric, 12) FROM reg_t) AS whole_r2,
       round(mlcheck.explained_variance(mlcheck.merge(r))::numeric, 12) AS merged_ev,
       (SELECT round(mlcheck.explained_variance(mlcheck.regression(p, a, w))::numeric, 12) FROM reg_t) AS whole_ev,
       mlcheck.n(mlcheck.merge(r)) AS merged_n, mlcheck.n_null(mlcheck.merge(r)) AS merged_n_null
  FROM s;
SELECT round(mlcheck.mse(r1 OPERATOR(mlcheck.+) r2)::numeric, 12) AS mse_plus
  FROM (SELECT mlcheck.regression(p, a) FILTER (WHERE seg < 2) r1,
               mlcheck.regression(p, a) FILTER (WHERE seg >= 2) r2 FROM reg_t) s;

-- text, jsonb round trips
SELECT r::text::mlcheck.regression::text = r::text AS text_roundtrip,
       r::jsonb::mlcheck.regression::text = r::text AS jsonb_roundtrip,
       (r::jsonb ->> 'n')::int AS n_rows
  FROM (SELECT mlcheck.regression(p, a, w) r FROM reg_t) s;
SELECT '{"n": 2, "n_null": 0, "weight": 2, "mean_actual": 1, "m2_actual": 2, "mean_error": 0.5, "m2_error": 0.5, "sum_squared_error": 1, "sum_absolute_error": 1, "sum_absolute_percentage_error": 1, "max_absolute_error": 1}'::mlcheck.regression;

-- errors (SQLSTATEs pinned)
\set VERBOSITY sqlstate
SELECT mlcheck.regression('NaN', 1);
SELECT mlcheck.regression(1, 'Infinity');
SELECT mlcheck.regression(1, 1, -1);
SELECT mlcheck.regression(1, 1, 'NaN');
SELECT '{"n": 1}'::mlcheck.regression;
SELECT '{"n": 0, "n_null": 0, "weight": 1, "mean_actual": 0, "m2_actual": 0, "mean_error": 0, "m2_error": 0, "sum_squared_error": 0, "sum_absolute_error": 0, "sum_absolute_percentage_error": 0, "max_absolute_error": 0}'::mlcheck.regression;
SELECT '[1, 2]'::mlcheck.regression;
\set VERBOSITY terse
SELECT mlcheck.regression('NaN', 1);
\set VERBOSITY default

-- forced parallel plans give the same results as serial ones
CREATE TABLE reg_serial AS
  SELECT mlcheck.r2(r) AS r2, mlcheck.mae(r) AS mae, mlcheck.explained_variance(r) AS ev, mlcheck.n(r) AS n
    FROM (SELECT mlcheck.regression(p, a, w) r FROM reg_t) s;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
CREATE FUNCTION pg_temp.plan_lines(q text, pat text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE l text; n bigint := 0;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF l LIKE pat THEN n := n + 1; END IF;
  END LOOP;
  RETURN n;
END $$;
SELECT pg_temp.plan_lines('SELECT mlcheck.regression(p, a, w) FROM reg_t', '%Partial Aggregate%') AS partial_aggregates,
       pg_temp.plan_lines('SELECT mlcheck.regression(p, a, w) FROM reg_t', '%Gather%') AS gathers;
SELECT abs(p.r2 - s.r2) < 1e-12 AS r2_same, abs(p.mae - s.mae) < 1e-12 AS mae_same,
       abs(p.ev - s.ev) < 1e-12 AS ev_same, p.n = s.n AS n_same
  FROM (SELECT mlcheck.r2(r) AS r2, mlcheck.mae(r) AS mae, mlcheck.explained_variance(r) AS ev, mlcheck.n(r) AS n
          FROM (SELECT mlcheck.regression(p, a, w) r FROM reg_t) q) p, reg_serial s;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
DROP TABLE reg_t, reg_serial;
