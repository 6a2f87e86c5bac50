-- Agreement with scikit-learn 1.2 on the edge cases where mlcheck 0.1
-- differed (each value is also cross-checked against sklearn in
-- test/crosscheck/check_fidelity.py): log loss clipping at float64 machine
-- epsilon, average precision over positives only, F-beta for huge and
-- infinite beta, and labels that cannot name a class of the matrix's kind.
SET extra_float_digits = 0;
SET search_path = public, mlcheck;
\set VERBOSITY sqlstate

-- log loss clips p to [eps, 1 - eps] with eps = 2^-52 (sklearn eps='auto'):
-- p = 0 for a positive and p = 1 for a negative each cost -ln(2^-52)
SELECT round(log_loss(p, l)::numeric, 12) AS log_loss, round((52 * ln(2))::numeric, 12) AS expected
  FROM (VALUES (1.0, 0), (0.0, 1)) v(p, l);
SELECT round(log_loss(p, l, w)::numeric, 12) AS weighted
  FROM (VALUES (1.0, false, 2.0), (0.5, true, 1.0)) v(p, l, w);
-- 1 - 2^-52 is the clip itself; 2^-51 is above it and costs less than p = 0
SELECT log_loss(1 - 2.220446049250313e-16, true) = log_loss(1.0, true) AS clip_edge_same,
       log_loss(4.440892098500626e-16, true) < log_loss(0.0, true) AS above_clip_differs;

-- average precision: positives only is 1 (precision is 1 at every
-- threshold), NULL with no positive; the same for a scores summary, exact,
-- binned, weighted or with integer labels
CREATE TABLE fid_pos AS SELECT (i % 17) / 17.0 AS score FROM generate_series(1, 200) i;
SELECT pr_auc(score, true) AS pos_only, pr_auc(score, 1) AS pos_only_int,
       pr_auc(score, true, 2.5) AS pos_only_weighted, pr_auc(score, false) AS neg_only,
       roc_auc(score, true) AS roc_pos_only
  FROM fid_pos;
SELECT pr_auc(scores(score, true)) AS summary, pr_auc(scores(score, true, 4)) AS binned_summary,
       pr_auc(scores(score, false)) AS summary_neg_only, roc_auc(scores(score, true)) AS summary_roc
  FROM fid_pos;
-- a weight-0 negative does not make a second class
SELECT pr_auc(s, l, w) AS zero_weight_negative
  FROM (VALUES (0.3, true, 1.0), (0.9, false, 0.0)) v(s, l, w);
-- the same answer from a parallel plan
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT pr_auc(score, true) AS parallel_pos_only, pr_auc(scores(score, true)) AS parallel_summary FROM fid_pos;
RESET force_parallel_mode;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- F-beta cannot overflow: huge beta gives the limit, recall (tp 3, fp 1,
-- fn 2: recall 0.6, precision 0.75); +Infinity is recall; tiny beta precision
CREATE TABLE fid_c AS
SELECT mlcheck.confusion(a, p) AS c
  FROM (VALUES (true, true), (true, true), (true, true), (false, true),
               (true, false), (true, false), (false, false), (false, false)) v(a, p);
SELECT b AS beta, round(fbeta(c, b)::numeric, 15) AS fbeta,
       round(fbeta(c, b, average => 'macro')::numeric, 15) AS macro,
       round(fbeta(c, b, average => 'micro')::numeric, 15) AS micro,
       round(fbeta(c, b, average => 'weighted')::numeric, 15) AS weighted
  FROM fid_c, unnest(ARRAY[1e-200, 0.5, 1, 2, 1e154, 1e155, 1e200, 1.7e308, 'Infinity']::float8[]) b;
SELECT round(recall(c)::numeric, 15) AS recall, round(mlcheck.precision(c)::numeric, 15) AS precision FROM fid_c;
SELECT fbeta(c, 0) FROM fid_c;
SELECT fbeta(c, '-Infinity') FROM fid_c;
SELECT fbeta(c, 'NaN') FROM fid_c;

-- labels: an integer or boolean cannot name a class of a text matrix (22023,
-- as a text label that does not parse on an integer matrix)
CREATE TABLE fid_m AS
SELECT mlcheck.confusion(a, p) AS tm, mlcheck.confusion(a::bigint, p::bigint) AS im,
       mlcheck.confusion(a::bigint = 1, p::bigint = 1) AS bm
  FROM (VALUES ('1', '1'), ('1', '0'), ('0', '0'), ('3', '3')) v(a, p);
SELECT mlcheck.precision(tm, 1) FROM fid_m;
SELECT mlcheck.precision(tm, 3::bigint) FROM fid_m;
SELECT mlcheck.precision(tm, true) FROM fid_m;
SELECT recall(tm, 7) FROM fid_m;
SELECT support(tm, 1) FROM fid_m;
SELECT fbeta(tm, 2, 1) FROM fid_m;
SELECT specificity(tm, false) FROM fid_m;
SELECT mlcheck.precision(im, 'cat') FROM fid_m;
SELECT mlcheck.precision(im, true) FROM fid_m;
SELECT mlcheck.precision(bm, 'maybe') FROM fid_m;
SELECT mlcheck.precision(bm, 2) FROM fid_m;
-- a text label that parses as the matrix's kind keeps working
SELECT mlcheck.precision(tm, '1') AS text_on_text, mlcheck.precision(im, '3') AS text_on_int,
       mlcheck.precision(im, 3) AS int_on_int, mlcheck.precision(bm, 'false') AS text_on_bool,
       mlcheck.precision(bm, false) AS bool_on_bool, support(im, '0') AS support_text_on_int
  FROM fid_m;
-- a well-formed label absent from the matrix: support 0, NULL precision/recall
SELECT support(tm, 'fish') AS text_absent, mlcheck.precision(tm, 'fish') IS NULL AS p_null,
       support(im, 42) AS int_absent, recall(im, '42') IS NULL AS r_null
  FROM fid_m;
-- an empty matrix (only NULL rows) has no kind yet: any label is absent
SELECT support(c, 1) AS s_int, support(c, 'x') AS s_text
  FROM (SELECT mlcheck.confusion(NULL::text, 'a') AS c) s;

DROP TABLE fid_pos, fid_c, fid_m;
