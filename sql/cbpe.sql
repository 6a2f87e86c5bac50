-- Building blocks of label-free performance estimation: the isotonic
-- calibrator, the expected confusion matrix and the expected ROC AUC.
-- Numbers are cross-checked against sklearn in test/crosscheck/check_cbpe.py;
-- this file pins the SQL surface: a small example, NULL policy, text round
-- trips, errors with SQLSTATEs and a forced parallel plan.
SET extra_float_digits = 0;
\pset null '(null)'
\set VERBOSITY sqlstate

CREATE TABLE cbpe_r (s float8, y boolean, w float8);
INSERT INTO cbpe_r VALUES (0.1, false, 1), (0.3, true, 2), (0.3, false, 1), (0.2, true, 1),
  (0.5, false, 3), (0.4, true, 1), (0.4, true, 0), (0.9, true, 2), (0.7, false, 1),
  (0.6, true, 1), (0.8, true, 1), (0.2, false, 2), (0.55, true, 1.5), (NULL, true, 1), (0.5, NULL, 1);
-- sklearn: X_thresholds_ [0.1 0.2 0.3 0.4 0.7 0.8 0.9], y_thresholds_ [0 .5 .5 .667 .667 1 1]
SELECT mlcheck.isotonic(s, y) AS c, mlcheck.breakpoints(mlcheck.isotonic(s, y)) AS n FROM cbpe_r;
SELECT p, round(mlcheck.calibrate(c, p)::numeric, 12) AS calibrated
  FROM (SELECT mlcheck.isotonic(s, y, w) AS c FROM cbpe_r) q, unnest(ARRAY[-1, 0.1, 0.25, 0.33, 0.62, 2]) p
 ORDER BY p;
SELECT mlcheck.isotonic(s, y) OPERATOR(mlcheck.=) mlcheck.isotonic(s, y::int) AS int_label_same,
       mlcheck.isotonic(s, y)::text::mlcheck.calibrator OPERATOR(mlcheck.=) mlcheck.isotonic(s, y) AS text_round_trip
  FROM cbpe_r;
SELECT mlcheck.isotonic(s, y) IS NULL AS empty_null FROM cbpe_r WHERE false;
SELECT mlcheck.expected_confusion(s, s > 0.5) FROM cbpe_r;
SELECT round(mlcheck.expected_roc_auc(s)::numeric, 12) AS expected_auc,
       round(mlcheck.expected_roc_auc(s, w)::numeric, 12) AS weighted FROM cbpe_r;
-- errors
SELECT mlcheck.isotonic('NaN', true);
SELECT mlcheck.calibrate(mlcheck.isotonic(s, y), 'Infinity') FROM cbpe_r;
SELECT '{"x": [0.2, 0.1], "y": [0, 1]}'::mlcheck.calibrator;
SELECT mlcheck.expected_confusion(1.5, true);
SELECT mlcheck.expected_roc_auc('NaN');
-- forced parallel plan: same calibrator
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET force_parallel_mode = on;
CREATE TABLE cbpe_big AS SELECT i, (i % 997) / 997.0 AS s, (i % 7 < (i % 997) / 150) AS y FROM generate_series(1, 30000) i;
ANALYZE cbpe_big;
CREATE TEMP TABLE cbpe_par AS SELECT mlcheck.isotonic(s, y) AS c, mlcheck.expected_roc_auc(s) AS a FROM cbpe_big;
RESET force_parallel_mode; SET max_parallel_workers_per_gather = 0;
SELECT p.c OPERATOR(mlcheck.=) s.c AS calibrator_equal, abs(p.a - s.a) < 1e-12 AS auc_equal
  FROM cbpe_par p, (SELECT mlcheck.isotonic(s, y) AS c, mlcheck.expected_roc_auc(s) AS a FROM cbpe_big) s;
-- expected_roc_auc's state: one entry per distinct probability; mostly
-- distinct, unweighted it switches to every row's key (unit mode, the same
-- bits in every plan), weighted to every row; parallel equals serial
CREATE TABLE cbpe_spread AS SELECT i, ((i::bigint * 2654435761) % 1000003) / 1000003.0 AS p, 1 + i % 3 AS w
  FROM generate_series(1, 150000) i;
ANALYZE cbpe_spread;
SET max_parallel_workers_per_gather = 2; SET force_parallel_mode = on;
CREATE TEMP TABLE cbpe_spread_par AS
  SELECT mlcheck.expected_roc_auc(p) AS u, mlcheck.expected_roc_auc(p, w) AS w,
         mlcheck.expected_roc_auc(s) AS tied FROM cbpe_spread, LATERAL (SELECT round(p, 2)::float8 AS s) r;
RESET force_parallel_mode; SET max_parallel_workers_per_gather = 0;
SELECT p.u = s.u AS unweighted_same_bits, abs(p.w - s.w) < 1e-12 AS weighted_equal, p.tied = s.tied AS tied_same_bits,
       round(s.u::numeric, 12) AS u, round(s.w::numeric, 12) AS w
  FROM cbpe_spread_par p,
       (SELECT mlcheck.expected_roc_auc(p) AS u, mlcheck.expected_roc_auc(p, w) AS w,
               mlcheck.expected_roc_auc(s) AS tied FROM cbpe_spread, LATERAL (SELECT round(p, 2)::float8 AS s) r) s;
-- the modes, by the codec version of the serial state: 10 unit, 9 distinct
CREATE AGGREGATE pg_temp.eauc_state(float8) (
    SFUNC = mlcheck._expected_auc_trans, STYPE = mlcheck._expected_auc_state);
SELECT get_byte(decode(pg_temp.eauc_state(p)::text, 'base64'), 0) AS spread_mode,
       get_byte(decode(pg_temp.eauc_state(round(p, 2)::float8)::text, 'base64'), 0) AS tied_mode
  FROM cbpe_spread;
SELECT 'AQ=='::mlcheck._expected_auc_state;
