-- The confusion type.  Numbers are cross-checked against
-- scikit-learn in test/crosscheck/check_confusion.py; this file pins the
-- SQL surface: text form, NULL policy, errors and SQLSTATEs, parallel plans.
SET extra_float_digits = 0;
SET search_path = public, mlcheck;

CREATE TABLE conf_t AS
SELECT i,
       (i % 3 = 0) AS label,
       ((i * 37) % 100) / 100.0 AS score,
       (i % 5)::bigint AS actual_k,
       ((i * 7) % 5 + (i % 11 = 0)::int)::bigint AS predicted_k,
       (ARRAY['cat', 'dog', 'bird'])[1 + i % 3] AS actual_t,
       (ARRAY['cat', 'dog', 'bird'])[1 + (i * 2) % 3 + (i % 7 = 0)::int % 2] AS predicted_t,
       1.0 + (i % 4) AS w
  FROM generate_series(1, 2000) i;
INSERT INTO conf_t VALUES (0, NULL, 0.5, NULL, 1, NULL, 'cat', 1.0);

-- text form, sorted labels, NULL rows counted
SELECT mlcheck.confusion(label, score >= 0.5) FROM conf_t;
SELECT mlcheck.confusion(actual_k, predicted_k) FROM conf_t;
SELECT mlcheck.confusion(actual_t, predicted_t) FROM conf_t;
SELECT mlcheck.confusion(actual_t, predicted_t, w) FROM conf_t;
-- integer (int4) labels resolve to the bigint aggregate
SELECT mlcheck.confusion(actual_k::int, predicted_k::int) = mlcheck.confusion(actual_k, predicted_k) FROM conf_t;

-- binary metrics: default positive label is true
SELECT round(accuracy(c)::numeric, 12) AS accuracy,
       round(mlcheck.precision(c)::numeric, 12) AS precision,
       round(recall(c)::numeric, 12) AS recall,
       round(f1(c)::numeric, 12) AS f1,
       round(fbeta(c, 2)::numeric, 12) AS f2,
       round(specificity(c)::numeric, 12) AS specificity,
       round(mlcheck.precision(c, false)::numeric, 12) AS precision_neg,
       round(mlcheck.precision(c, 'false')::numeric, 12) AS precision_neg_text,
       round(balanced_accuracy(c)::numeric, 12) AS balanced_accuracy,
       round(mcc(c)::numeric, 12) AS mcc,
       round(cohen_kappa(c)::numeric, 12) AS kappa,
       support(c, true) AS support_pos, n(c), n_null(c)
  FROM (SELECT mlcheck.confusion(label, score >= 0.5) AS c FROM conf_t) s;

-- multi-class averages
SELECT avg, round(mlcheck.precision(c, average => avg)::numeric, 12) AS precision,
       round(recall(c, average => avg)::numeric, 12) AS recall,
       round(f1(c, average => avg)::numeric, 12) AS f1,
       round(fbeta(c, 0.5, average => avg)::numeric, 12) AS f05
  FROM (SELECT mlcheck.confusion(actual_t, predicted_t) AS c FROM conf_t) s,
       unnest(ARRAY['macro', 'micro', 'weighted']) AS avg
 ORDER BY avg;
SELECT label, tp, fp, fn, tn, support, round(precision::numeric, 6) AS precision,
       round(recall::numeric, 6) AS recall, round(f1::numeric, 6) AS f1
  FROM per_class((SELECT mlcheck.confusion(actual_k, predicted_k) FROM conf_t))
 ORDER BY label;
SELECT actual, predicted, count, round(row_share::numeric, 6) AS row_share
  FROM cells((SELECT mlcheck.confusion(actual_t, predicted_t) FROM conf_t))
 ORDER BY actual, predicted;
SELECT labels(mlcheck.confusion(actual_k, predicted_k)) FROM conf_t;

-- undefined metrics are NULL, never 0 and never an error
SELECT mlcheck.precision(c) IS NULL AS precision_null, recall(c) IS NULL AS recall_null,
       f1(c) IS NULL AS f1_null, mcc(c) IS NULL AS mcc_null,
       cohen_kappa(c) IS NULL AS kappa_null, accuracy(c) AS accuracy
  FROM (SELECT mlcheck.confusion(false, false) AS c FROM generate_series(1, 5)) s;
SELECT mlcheck.confusion(label, label) IS NULL AS zero_rows_is_null FROM conf_t WHERE false;
SELECT c, n(c), accuracy(c) IS NULL AS accuracy_null
  FROM (SELECT mlcheck.confusion(NULL::boolean, true) AS c FROM generate_series(1, 3)) s;
-- a label absent from the matrix: zero support, undefined precision
SELECT support(c, 'fish'), mlcheck.precision(c, 'fish') IS NULL AS undefined
  FROM (SELECT mlcheck.confusion(actual_t, predicted_t) AS c FROM conf_t) s;

-- GROUP BY with a degenerate slice still returns every group
SELECT actual_k, round(f1(mlcheck.confusion(label, score >= 0.5))::numeric, 6) AS f1
  FROM conf_t GROUP BY actual_k ORDER BY actual_k;

-- merge aggregate and + operator equal the one-pass matrix
CREATE TABLE conf_daily AS
SELECT i % 7 AS day, mlcheck.confusion(actual_t, predicted_t) AS c FROM conf_t GROUP BY i % 7;
SELECT mlcheck.merge(c) = (SELECT mlcheck.confusion(actual_t, predicted_t) FROM conf_t) AS merge_equal
  FROM conf_daily;
SELECT (SELECT c FROM conf_daily WHERE day = 1) + (SELECT c FROM conf_daily WHERE day = 2)
     = (SELECT mlcheck.confusion(actual_t, predicted_t) FROM conf_t WHERE i % 7 IN (1, 2)) AS plus_equal;
SELECT '{"labels": ["a", "b"], "matrix": [[1, 2], [3, 4]]}'::mlcheck.confusion
     + '{"labels": ["b", "c"], "matrix": [[10, 20], [30, 40]]}'::mlcheck.confusion AS plus;
SELECT '{"labels": [], "matrix": []}'::mlcheck.confusion
     + '{"labels": [1], "matrix": [[4]], "n_null": 2}'::mlcheck.confusion AS empty_plus;

-- round trips: text, jsonb, binary
SELECT c::text::mlcheck.confusion = c AS text_rt, c::jsonb::mlcheck.confusion = c AS jsonb_rt,
       (c::jsonb -> 'labels') AS labels_json
  FROM (SELECT mlcheck.confusion(actual_t, predicted_t, w) AS c FROM conf_t) s;
SELECT '{"labels": ["a\"b", "tab\t", "é"], "matrix": [[0.5, 0, 0], [0, 1e-3, 0], [0, 0, 123456789.25]]}'::mlcheck.confusion;
CREATE TABLE conf_store (c mlcheck.confusion);
INSERT INTO conf_store SELECT mlcheck.confusion(actual_k, predicted_k, w) FROM conf_t;
\copy conf_store TO '/tmp/mlcheck_conf_binary.copy' WITH (FORMAT binary)
CREATE TABLE conf_store2 (c mlcheck.confusion);
\copy conf_store2 FROM '/tmp/mlcheck_conf_binary.copy' WITH (FORMAT binary)
SELECT (SELECT c FROM conf_store) = (SELECT c FROM conf_store2) AS binary_rt;

-- errors: SQLSTATE pinned
\set VERBOSITY sqlstate
SELECT '{"labels": ["a"], "matrix": [[1, 2]]}'::mlcheck.confusion;
SELECT '{"labels": ["b", "a"], "matrix": [[1, 2], [3, 4]]}'::mlcheck.confusion;
SELECT '{"labels": [1], "matrix": [[-1]]}'::mlcheck.confusion;
SELECT '{"labels": [1], "matrix": [[1]], "bogus": 1}'::mlcheck.confusion;
SELECT '{"labels": [1], "matrix": [[1]]'::mlcheck.confusion;
SELECT 'not json'::mlcheck.confusion;
SELECT '{"labels": [1], "matrix": [["1"]]}'::mlcheck.confusion;
SELECT mlcheck.confusion(label, label, -1.0) FROM conf_t;
SELECT mlcheck.confusion(label, label, 'NaN') FROM conf_t;
SELECT f1(mlcheck.confusion(actual_t, predicted_t)) FROM conf_t;
SELECT f1(mlcheck.confusion(actual_t, predicted_t), average => 'median') FROM conf_t;
SELECT f1(mlcheck.confusion(actual_t, predicted_t), 'cat', 'macro') FROM conf_t;
SELECT mlcheck.precision(mlcheck.confusion(actual_k, predicted_k), 'cat') FROM conf_t;
SELECT fbeta(mlcheck.confusion(label, label), -1) FROM conf_t;
SELECT mlcheck.confusion(actual_k, predicted_k) + mlcheck.confusion(actual_t, predicted_t) FROM conf_t;
-- too many classes: refused with 54000, not an out-of-memory crash
SELECT n(mlcheck.confusion(i::text, i::text)) FROM generate_series(1, 100000) i;
\set VERBOSITY default
SELECT n(mlcheck.confusion(i::text, i::text)) FROM generate_series(1, 100000) i;
-- the session is still usable
SELECT n(mlcheck.confusion(i % 1000, i % 1000)) FROM generate_series(1, 100000) i;

-- forced parallel plans give the same matrices as serial ones
CREATE TABLE conf_big AS
SELECT (i % 3 = 0) AS label, (i * 0.61803398875) % 1 AS score, (i % 5)::bigint AS a,
       ((i * 13) % 5)::bigint AS p, 'seg' || (i % 6) AS ta, 'seg' || ((i * 5) % 6) AS tp,
       (i % 10) / 4.0 AS w  -- dyadic weights: sums are exact in any order
  FROM generate_series(1, 200000) i;
ANALYZE conf_big;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE conf_serial AS
SELECT mlcheck.confusion(label, score >= 0.5) AS b, mlcheck.confusion(a, p, w) AS k,
       mlcheck.confusion(ta, tp) AS t FROM conf_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS
$$ DECLARE r record; BEGIN FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP; END $$;
SELECT count(*) FILTER (WHERE l ~ 'Partial Aggregate') AS partial_aggs,
       count(*) FILTER (WHERE l ~ 'Gather') AS gathers
  FROM pg_temp.plan_lines('SELECT mlcheck.confusion(label, score >= 0.5), mlcheck.confusion(a, p, w), mlcheck.confusion(ta, tp) FROM conf_big') l;
SELECT s.b = par.b AS bool_equal, s.k = par.k AS bigint_weighted_equal, s.t = par.t AS text_equal
  FROM conf_serial s,
       (SELECT mlcheck.confusion(label, score >= 0.5) AS b, mlcheck.confusion(a, p, w) AS k,
               mlcheck.confusion(ta, tp) AS t FROM conf_big) par;
-- merge over stored matrices also runs in parallel
SELECT mlcheck.merge(c) = (SELECT t FROM conf_serial) AS merge_parallel_equal
  FROM (SELECT a, mlcheck.confusion(ta, tp) AS c FROM conf_big GROUP BY a) g;
RESET ALL;

-- as a window function: running matrices (regression test: encoding the
-- state once per row must not leave it pointing into freed memory)
SELECT i, mlcheck.n(c) AS n, mlcheck.accuracy(c) AS accuracy, c
  FROM (SELECT i, mlcheck.confusion(i % 3, (i * 2) % 3) OVER (ORDER BY i) AS c
          FROM generate_series(1, 6) i) s
 ORDER BY i;
SELECT i % 2 AS part, i, mlcheck.confusion(i % 2 = 0, i % 3 = 0) OVER (PARTITION BY i % 2 ORDER BY i) AS c
  FROM generate_series(1, 6) i
 ORDER BY 1, 2;
