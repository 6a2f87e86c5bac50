-- mlcheck.calibration: bins as sklearn calibration_curve, ECE,
-- MCE, Brier, Hosmer-Lemeshow, plot, merge, I/O, errors, parallel plans.
SET extra_float_digits = 0;
CREATE TABLE cal_t AS
  SELECT i, ((i * 37) % 101) / 100.0::float8 AS p,
         ((i * 7919) % 100) < ((i * 37) % 101) AS y,
         (i % 4)::float8 AS w, i % 3 AS seg
    FROM generate_series(1, 2000) i;
INSERT INTO cal_t VALUES (0, NULL, true, 1, 0), (-1, 0.5, NULL, 1, 1), (-2, 0.5, false, NULL, 2);

-- a tiny hand-checkable case: 2 bins; bin 0 = {0.2, 0.4}, bin 1 = {0.6, 0.8}
SELECT mlcheck.calibration(p, y, 2)
  FROM (VALUES (0.2, false), (0.4, true), (0.6, true), (0.8, true)) v(p, y);
SELECT mlcheck.ece(c), mlcheck.mce(c), mlcheck.brier(c), mlcheck.n(c)
  FROM (SELECT mlcheck.calibration(p, y, 2) c
          FROM (VALUES (0.2, false), (0.4, true), (0.6, true), (0.8, true)) v(p, y)) s;

-- probabilities exactly on an edge go to the lower bin (np.searchsorted
-- over np.linspace edges); 0.3 is below linspace's 0.30000000000000004
SELECT b.bin, b.lower, b.upper, b.count
  FROM (SELECT mlcheck.calibration(p, true) c
          FROM unnest(ARRAY[0.0, 0.1, 0.10000000000000002, 0.3, 0.30000000000000004,
                            0.5, 0.9, 0.9000000000000001, 1.0]::float8[]) p) s,
       mlcheck.bins(c) b ORDER BY b.bin;

-- the generated table: 10 default bins
SELECT mlcheck.n(c), mlcheck.n_null(c), mlcheck.n_bins(c),
       round(mlcheck.ece(c)::numeric, 12) AS ece, round(mlcheck.mce(c)::numeric, 12) AS mce,
       round(mlcheck.brier(c)::numeric, 12) AS brier
  FROM (SELECT mlcheck.calibration(p, y) c FROM cal_t) s;
SELECT b.bin, b.lower, b.upper, b.count, round(b.mean_predicted::numeric, 12) AS mean_predicted,
       round(b.fraction_positive::numeric, 12) AS fraction_positive
  FROM (SELECT mlcheck.calibration(p, y) c FROM cal_t) s, mlcheck.bins(c) b ORDER BY b.bin;
SELECT round(h.statistic::numeric, 10) AS statistic, h.df, round(h.p_value::numeric, 12) AS p_value
  FROM (SELECT mlcheck.calibration(p, y) c FROM cal_t) s, mlcheck.hosmer_lemeshow(c) h;
-- weighted, 7 bins; integer labels give the same summary as booleans
SELECT mlcheck.n(c), mlcheck.n_null(c), round(mlcheck.ece(c)::numeric, 12) AS ece,
       round(mlcheck.brier(c)::numeric, 12) AS brier,
       round((mlcheck.hosmer_lemeshow(c)).p_value::numeric, 12) AS hl_p
  FROM (SELECT mlcheck.calibration(p, y, w, 7) c FROM cal_t) s;
SELECT mlcheck.calibration(p, y) OPERATOR(mlcheck.=) mlcheck.calibration(p, y::int) AS int_eq_bool,
       mlcheck.calibration(p, y, w, 7) OPERATOR(mlcheck.=) mlcheck.calibration(p, y::int, w, 7) AS weighted_int_eq_bool,
       mlcheck.calibration(p, y) OPERATOR(mlcheck.=) mlcheck.calibration(p, y, 10) AS default_is_10
  FROM cal_t;

-- the reliability diagram
\pset format unaligned
SELECT mlcheck.plot(mlcheck.calibration(p, y)) FROM cal_t;
SELECT mlcheck.plot(mlcheck.calibration(p, y, 5), ascii => true) FROM cal_t;
\pset format aligned

-- merge: per-segment summaries add up to the whole table
WITH s AS (SELECT seg, mlcheck.calibration(p, y, w, 7) c FROM cal_t GROUP BY seg)
SELECT round(mlcheck.ece(mlcheck.merge(c))::numeric, 12) AS merged_ece,
       (SELECT round(mlcheck.ece(mlcheck.calibration(p, y, w, 7))::numeric, 12) FROM cal_t) AS whole_ece,
       mlcheck.n(mlcheck.merge(c)) AS merged_n, mlcheck.n_null(mlcheck.merge(c)) AS merged_n_null
  FROM s;
SELECT mlcheck.merge(c) IS NULL AS merge_of_nulls FROM (VALUES (NULL::mlcheck.calibration)) v(c);
SELECT mlcheck.calibration(p, y) IS NULL AS no_rows FROM cal_t WHERE false;
SELECT mlcheck.ece(c) IS NULL AS ece_null, mlcheck.brier(c) IS NULL AS brier_null,
       (SELECT count(*) FROM mlcheck.bins(c)) AS bins, (mlcheck.hosmer_lemeshow(c)).*
  FROM (SELECT mlcheck.calibration(p, y) c FROM cal_t WHERE p IS NULL) s;

-- text, jsonb round trips
SELECT c::text::mlcheck.calibration OPERATOR(mlcheck.=) c AS text_roundtrip,
       c::jsonb::mlcheck.calibration OPERATOR(mlcheck.=) c AS jsonb_roundtrip,
       jsonb_array_length(c::jsonb -> 'count') AS n_counts
  FROM (SELECT mlcheck.calibration(p, y, w, 7) c FROM cal_t) s;
SELECT '{"n_bins": 1, "count": [2], "sum_predicted": [0.5], "sum_positive": [1], "sum_squared_error": 0.25}'::mlcheck.calibration;

-- errors (SQLSTATEs pinned)
\set VERBOSITY sqlstate
SELECT mlcheck.calibration(1.5, true);
SELECT mlcheck.calibration(-0.01, true);
SELECT mlcheck.calibration('NaN', true);
SELECT mlcheck.calibration(0.5, 2);
SELECT mlcheck.calibration(0.5, true, -1.0);
SELECT mlcheck.calibration(0.5, true, 0);
SELECT mlcheck.calibration(0.5, true, NULL::int);
SELECT mlcheck.merge(c) FROM (SELECT mlcheck.calibration(p, y, 10) FROM cal_t
                              UNION ALL SELECT mlcheck.calibration(p, y, 5) FROM cal_t) s(c);
SELECT '{"n_bins": 2}'::mlcheck.calibration;
SELECT '{"n_bins": 1, "count": [1], "sum_predicted": [2], "sum_positive": [1], "sum_squared_error": 0}'::mlcheck.calibration;
SELECT '{"n_bins": 1, "count": [1], "sum_predicted": [0], "sum_positive": [1], "sum_squared_error": 0, "x": 1}'::mlcheck.calibration;
SELECT 'not json'::mlcheck.calibration;
\set VERBOSITY terse
SELECT mlcheck.merge(c) FROM (SELECT mlcheck.calibration(p, y, 10) FROM cal_t
                              UNION ALL SELECT mlcheck.calibration(p, y, 5) FROM cal_t) s(c);
\set VERBOSITY default

-- forced parallel plans give the same results as serial ones
CREATE TABLE cal_serial AS
  SELECT mlcheck.ece(c) AS ece, mlcheck.brier(c) AS brier, (mlcheck.hosmer_lemeshow(c)).p_value AS hl_p,
         mlcheck.n(c) AS n, mlcheck.n_null(c) AS n_null
    FROM (SELECT mlcheck.calibration(p, y, w, 13) c FROM cal_t) s;
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
SELECT pg_temp.plan_lines('SELECT mlcheck.calibration(p, y, w, 13) FROM cal_t', '%Partial Aggregate%') AS partial_aggregates,
       pg_temp.plan_lines('SELECT mlcheck.calibration(p, y, w, 13) FROM cal_t', '%Gather%') AS gathers;
SELECT abs(p.ece - s.ece) < 1e-12 AS ece_same, abs(p.brier - s.brier) < 1e-12 AS brier_same,
       abs(p.hl_p - s.hl_p) < 1e-12 AS hl_same, p.n = s.n AS n_same, p.n_null = s.n_null AS n_null_same
  FROM (SELECT mlcheck.ece(c) AS ece, mlcheck.brier(c) AS brier, (mlcheck.hosmer_lemeshow(c)).p_value AS hl_p,
               mlcheck.n(c) AS n, mlcheck.n_null(c) AS n_null
          FROM (SELECT mlcheck.calibration(p, y, w, 13) c FROM cal_t) q) p, cal_serial s;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
DROP TABLE cal_t, cal_serial;
