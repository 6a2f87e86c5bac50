-- Classification by scores.  Values are cross-checked against
-- scikit-learn in test/crosscheck/check_scores.py; this file pins the SQL
-- surface: NULL policy, errors and SQLSTATEs, the scores type, parallel plans.
SET extra_float_digits = 0;
SET search_path = public, mlcheck;

CREATE TABLE sc_t AS
SELECT i,
       ((i * 37) % 101) / 100.0::float8 AS score,
       ((i * 37) % 101) + (i % 7) * 9 > 80 AS label,
       (((i * 37) % 101) + (i % 7) * 9 > 80)::int AS label_i,
       1.0 + (i % 4) AS w
  FROM generate_series(1, 2000) i;
INSERT INTO sc_t VALUES (0, NULL, true, 1, 1.0), (-1, 0.5, NULL, NULL, 1.0), (-2, 0.5, true, 1, NULL);

-- the scikit-learn documentation example: 0.75 and 0.8333...
SELECT roc_auc(s, l), round(pr_auc(s, l)::numeric, 12) AS pr_auc
  FROM (VALUES (0.1, false), (0.4, false), (0.35, true), (0.8, true)) v(s, l);

-- exact aggregates; integer labels give the same numbers as boolean ones
SELECT round(roc_auc(score, label)::numeric, 12) AS roc_auc,
       round(pr_auc(score, label)::numeric, 12) AS pr_auc,
       round(log_loss(score, label)::numeric, 12) AS log_loss,
       round(brier(score, label)::numeric, 12) AS brier,
       roc_auc(score, label) = roc_auc(score, label_i) AS int_roc,
       pr_auc(score, label) = pr_auc(score, label_i) AS int_pr,
       log_loss(score, label) = log_loss(score, label_i) AS int_ll,
       brier(score, label) = brier(score, label_i) AS int_brier
  FROM sc_t;
SELECT round(roc_auc(score, label, w)::numeric, 12) AS roc_auc_w,
       round(pr_auc(score, label, w)::numeric, 12) AS pr_auc_w,
       round(log_loss(score, label, w)::numeric, 12) AS log_loss_w,
       round(brier(score, label, w)::numeric, 12) AS brier_w,
       roc_auc(score, label, w) = roc_auc(score, label_i, w) AS int_w
  FROM sc_t;
-- weight 1 everywhere = unweighted; weights 2 = rows repeated
SELECT roc_auc(score, label, 1.0) = roc_auc(score, label) AS w1,
       abs(roc_auc(score, label, 2.0) - roc_auc(score, label)) < 1e-15 AS w2
  FROM sc_t;

-- all tied scores: AUC 0.5, AP = positive rate; ±Infinity are ordinary extreme scores
SELECT roc_auc(0.3, label), round(pr_auc(0.3, label)::numeric, 12) AS pr_auc,
       round(avg(label::int)::numeric, 12) AS positive_rate FROM sc_t;
SELECT roc_auc(s, l), pr_auc(s, l)
  FROM (VALUES ('-Infinity'::float8, false), ('Infinity', true), (0, true), ('-0', false), (1, false)) v(s, l);

-- undefined: one class only, zero rows, zero total weight -> NULL (but
-- average precision over positives only is 1, as sklearn: see fidelity.sql)
SELECT roc_auc(score, true) AS one_class_roc, pr_auc(score, true) AS one_class_pr,
       roc_auc(score, false) AS negatives_only
  FROM sc_t;
SELECT roc_auc(score, label) IS NULL AS roc, pr_auc(score, label) IS NULL AS pr,
       log_loss(score, label) IS NULL AS ll, brier(score, label) IS NULL AS brier,
       scores(score, label) IS NULL AS scores
  FROM sc_t WHERE false;
SELECT roc_auc(score, label, 0.0) AS zero_weight, log_loss(score, label, 0.0) AS ll_zero_weight FROM sc_t;
-- log loss and Brier are defined for one class (as brier_score_loss)
SELECT round(brier(score, true)::numeric, 12) AS brier_one_class FROM sc_t;
-- clipping: p = 0 for a positive costs -ln(2^-52) (float64 machine epsilon)
SELECT round(log_loss(0.0, true)::numeric, 9) AS clipped, round(-ln(2.220446049250313e-16)::numeric, 9) AS expected;

-- groups: a degenerate group gives NULL, not an error
SELECT i % 3 = 0 AS grp, round(roc_auc(score, label)::numeric, 12) AS auc
  FROM sc_t WHERE i > 0 GROUP BY 1 ORDER BY 1;
SELECT g, roc_auc(s, l) FROM (VALUES (1, 0.5, true), (1, 0.7, true), (2, 0.1, false), (2, 0.9, true)) v(g, s, l)
 GROUP BY g ORDER BY g;

-- errors, with their SQLSTATEs
\set VERBOSITY sqlstate
SELECT roc_auc('NaN'::float8, true);
SELECT scores('NaN'::float8, true);
SELECT log_loss(1.5, true);
SELECT brier(-0.1, false);
SELECT log_loss('Infinity'::float8, true);
SELECT log_loss('NaN'::float8, true);
SELECT roc_auc(0.5, 2);
SELECT brier(0.5, -1);
SELECT roc_auc(0.5, true, -1.0);
SELECT roc_auc(0.5, true, 'NaN');
SELECT scores(0.5, true, 0);
SELECT scores(0.5, true, 1000001);
SELECT scores(score, label, (i % 2) + 10) FROM sc_t WHERE i > 0;
SELECT best_threshold(scores(score, label), 'precision') FROM sc_t;
\set VERBOSITY terse
SELECT roc_auc(0.5, 7);
SELECT log_loss(2.0, true);
\set VERBOSITY default

-- ---- the scores summary
SELECT scores(s, l) FROM (VALUES (0.1, false), (0.4, false), (0.35, true), (0.8, true), (NULL, true), (0.4, true)) v(s, l);
SELECT scores(s, l, w) FROM (VALUES (0.1, false, 2.0), (0.4, false, 0.5), (0.1, true, 1.0)) v(s, l, w);
CREATE TABLE sc_sum AS
SELECT scores(score, label) AS s, scores(score, label, w) AS sw,
       scores(score, label, 10) AS s10, scores(score, label, w, 10) AS sw10,
       roc_auc(score, label) AS auc, pr_auc(score, label) AS ap,
       roc_auc(score, label, w) AS auc_w, pr_auc(score, label, w) AS ap_w
  FROM sc_t;
-- exact: the summary's AUC and AP are the exact aggregates; bounds are equal
SELECT is_exact(s), n(s), n_null(s),
       abs(roc_auc(s) - auc) < 1e-15 AS auc_same, abs(pr_auc(s) - ap) < 1e-15 AS ap_same,
       (roc_auc_bounds(s)).lower = roc_auc(s) AND (roc_auc_bounds(s)).upper = roc_auc(s) AS bounds_equal,
       abs(roc_auc(sw) - auc_w) < 1e-12 AS auc_w_same, abs(pr_auc(sw) - ap_w) < 1e-12 AS ap_w_same
  FROM sc_sum;
-- compacted to 10 bins: not exact, bounds contain the exact AUC, at most 10 entries
SELECT is_exact(s10), jsonb_array_length(s10::jsonb -> 'entries') <= 10 AS fits,
       (roc_auc_bounds(s10)).lower <= auc AND auc <= (roc_auc_bounds(s10)).upper AS contains,
       (roc_auc_bounds(s10)).lower < (roc_auc_bounds(s10)).upper AS wider,
       (roc_auc_bounds(sw10)).lower <= auc_w AND auc_w <= (roc_auc_bounds(sw10)).upper AS contains_w,
       n(s10) = n(s) AS same_n
  FROM sc_sum;
-- confusion_at: predicted positive iff score >= threshold
SELECT confusion_at(s, 0.5) AS at_05,
       confusion_at(s, 0.5)::jsonb -> 'matrix' = c.c::jsonb -> 'matrix' AS same_as_confusion
  FROM sc_sum, (SELECT confusion(label, score >= 0.5) AS c FROM sc_t WHERE score IS NOT NULL) c;
SELECT confusion_at(s, 2.0) AS nothing_predicted, confusion_at(s, '-Infinity') AS everything_predicted FROM sc_sum;
SELECT c, round(threshold::numeric, 6) AS threshold, round(value::numeric, 12) AS value
  FROM sc_sum, unnest(ARRAY['f1', 'youden', 'accuracy']) c, LATERAL best_threshold(s, c)
 ORDER BY c;
SELECT (best_threshold(s)).threshold = (best_threshold(s, 'f1')).threshold AS default_f1 FROM sc_sum;
-- curves on a small summary (sklearn roc_curve / precision_recall_curve points)
SELECT * FROM roc_points((SELECT scores(s, l) FROM (VALUES (0.1, false), (0.4, false), (0.35, true), (0.8, true)) v(s, l)))
 ORDER BY threshold DESC;
SELECT * FROM pr_points((SELECT scores(s, l) FROM (VALUES (0.1, false), (0.4, false), (0.35, true), (0.8, true)) v(s, l)))
 ORDER BY threshold DESC;
SELECT count(*) AS roc_rows, count(DISTINCT threshold) AS distinct_thresholds,
       min(fpr) > 0 OR min(tpr) > 0 AS no_origin, max(fpr) AS max_fpr, max(tpr) AS max_tpr
  FROM sc_sum, LATERAL roc_points(s);

-- merge: exact summaries merge exactly (daily rows rolled up)
CREATE TABLE sc_daily AS SELECT i % 5 AS day, scores(score, label) AS s FROM sc_t WHERE i > 0 GROUP BY 1;
SELECT is_exact(m), roc_auc(m) = (SELECT roc_auc(score, label) FROM sc_t WHERE i > 0) AS same_auc,
       m::text = (SELECT scores(score, label)::text FROM sc_t WHERE i > 0) AS same_value
  FROM (SELECT merge(s ORDER BY day DESC) AS m FROM sc_daily) x;
SELECT merge(s) IS NULL AS empty_merge FROM sc_daily WHERE false;

-- text, jsonb and binary round trips
SELECT s::text::scores::text = s::text AS text_rt, s::jsonb::scores::text = s::text AS jsonb_rt,
       s10::text::scores::text = s10::text AS binned_rt
  FROM sc_sum;
SELECT '{"max_bins": 3, "entries": [["-Infinity", 0, 1], [0.5, 0.7, 2, 1], ["Infinity", 1, 0]]}'::scores;
COPY (SELECT s, s10 FROM sc_sum) TO '/tmp/mlcheck_regress_scores.bin' (FORMAT binary);
CREATE TABLE sc_copy (s scores, s10 scores);
COPY sc_copy FROM '/tmp/mlcheck_regress_scores.bin' (FORMAT binary);
SELECT c.s::text = m.s::text AS binary_rt, c.s10::text = m.s10::text AS binary_rt_binned
  FROM sc_copy c, sc_sum m;

-- malformed input is 22P02
\set VERBOSITY sqlstate
SELECT '{"max_bins": 3, "entries": [[0.5, 1, 0], [0.1, 0, 1]]}'::scores;
SELECT '{"max_bins": 3, "entries": [["NaN", 1, 0]]}'::scores;
SELECT '{"max_bins": 3, "entries": [[0.5, -1, 0]]}'::scores;
SELECT '{"max_bins": 3, "entries": [[0.5, 0, 0]]}'::scores;
SELECT '{"max_bins": 3, "entries": [[0.5, 0.5, 1, 0]]}'::scores;
SELECT '{"max_bins": 1, "entries": [[0.1, 1, 0], [0.5, 1, 0]]}'::scores;
SELECT '{"max_bins": 3, "entries": [], "extra": 1}'::scores;
SELECT '{"max_bins": 3, "exact": false, "entries": [[0.5, 1, 0]]}'::scores;
SELECT '{"max_bins": 3, "entries": [[0.1, 0.5, 1, 1], [0.4, 1, 0]]}'::scores;
SELECT '{"entries": []}'::scores;
SELECT '{"max_bins": 3, "entries": [[0.5, 1, 0]]'::scores;
SELECT 'null'::scores;
\set VERBOSITY default

-- the state limit (mlcheck.max_value_kb): 54000 with a hint to use scores(..., max_bins)
SET mlcheck.max_value_kb = 64;
\set VERBOSITY default
SELECT roc_auc(i::float8, i % 2 = 0) FROM generate_series(1, 20000) i;
SELECT round(roc_auc(scores(i::float8, i % 2 = 0, 100))::numeric, 6) AS bounded_summary_works
  FROM generate_series(1, 20000) i;
RESET mlcheck.max_value_kb;

-- a long roc_auc is cancelled by statement_timeout and the session goes on
SET statement_timeout = '300ms';
\set VERBOSITY sqlstate
SELECT roc_auc(random(), random() < 0.5) FROM generate_series(1, 200000000);
\set VERBOSITY default
RESET statement_timeout;
SELECT roc_auc(score, label) = (SELECT auc FROM sc_sum) AS session_still_works FROM sc_t;

-- ---- forced parallel plans give the serial results (bit-identical exact AUC)
CREATE TABLE sc_par AS
SELECT round(((hashint8(i) & 65535) / 65536.0)::numeric, 3)::float8 AS score,
       (hashint8(i * 7) & 1023) < 300 + (hashint8(i) & 65535) / 128 AS label,
       1 + (i % 3)::float8 AS w
  FROM generate_series(1, 50000) i;
ANALYZE sc_par;
CREATE TABLE sc_serial AS
SELECT roc_auc(score, label) AS auc, pr_auc(score, label) AS ap,
       roc_auc(score, label, w) AS auc_w, pr_auc(score, label, w) AS ap_w,
       log_loss(score, label) AS ll, brier(score, label, w) AS br,
       scores(score, label)::text AS s, scores(score, label, 100) AS s100
  FROM sc_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS
$$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT count(*) FILTER (WHERE l LIKE '%Partial Aggregate%') AS partial_aggregates,
       count(*) FILTER (WHERE l LIKE '%Gather%') AS gathers
  FROM pg_temp.plan_lines('SELECT roc_auc(score, label), pr_auc(score, label), scores(score, label) FROM sc_par') l;
SELECT p.auc = s.auc AS auc_bits, p.ap = s.ap AS ap_bits,
       p.auc_w = s.auc_w AS auc_w_bits, p.ap_w = s.ap_w AS ap_w_bits,
       abs(p.ll - s.ll) < 1e-12 AS ll, abs(p.br - s.br) < 1e-12 AS brier,
       p.s = s.s AS exact_summary_identical,
       (roc_auc_bounds(p.s100)).lower <= s.auc AND s.auc <= (roc_auc_bounds(p.s100)).upper AS binned_bounds_hold
  FROM (SELECT roc_auc(score, label) AS auc, pr_auc(score, label) AS ap,
               roc_auc(score, label, w) AS auc_w, pr_auc(score, label, w) AS ap_w,
               log_loss(score, label) AS ll, brier(score, label, w) AS br,
               scores(score, label)::text AS s, scores(score, label, 100) AS s100
          FROM sc_par) p, sc_serial s;
-- the state limit also holds in parallel workers
SET mlcheck.max_value_kb = 64;
\set VERBOSITY sqlstate
SELECT roc_auc(score, label) FROM sc_par;
\set VERBOSITY default
RESET mlcheck.max_value_kb;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;

DROP TABLE sc_t, sc_sum, sc_daily, sc_copy, sc_par, sc_serial;
