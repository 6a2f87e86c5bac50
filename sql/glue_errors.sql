-- The error, NULL and edge paths that the C glue (src/pg/) shares between
-- functions: keyword arguments, NULL checks of arguments, 0/1 labels,
-- weights, labels that cannot name a class, core errors raised through
-- one helper, undefined metrics and the rows of the set-returning
-- functions whose columns may be NULL.  Each error is shown with its
-- SQLSTATE, message, detail and hint, so that a change to any of them is
-- a diff.
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text;
    msg text;
    det text;
    hnt text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    RETURN st || ' ' || msg || coalesce(' | detail: ' || nullif(det, ''), '')
              || coalesce(' | hint: ' || nullif(hnt, ''), '');
END
$$;

CREATE TABLE ge_b AS SELECT a, p, s::float8 AS s FROM (VALUES (true, true, 0.9), (true, false, 0.4),
                                           (false, false, 0.2), (false, true, 0.7)) v(a, p, s);
CREATE TABLE ge_t AS SELECT * FROM (VALUES ('cat', 'cat'), ('cat', 'dog'), ('dog', 'bird')) v(a, p);
CREATE TABLE ge_m AS SELECT pr::float8[] AS pr, y::bigint AS y
  FROM (VALUES (ARRAY[0.7, 0.2, 0.1], 0), (ARRAY[0.1, 0.8, 0.1], 1),
               (ARRAY[0.2, 0.2, 0.6], 2), (ARRAY[0.5, 0.3, 0.2], 1)) v(pr, y);

\pset format unaligned
SELECT q AS statement, pg_temp.err(q) AS result FROM (VALUES
  -- keyword arguments
  ($q$SELECT mlcheck.precision(mlcheck.confusion(a, p), average => 'mean') FROM ge_b$q$),
  ($q$SELECT mlcheck.precision(mlcheck.confusion(a, p), 'true', 'macro') FROM ge_b$q$),
  ($q$SELECT mlcheck.best_threshold(mlcheck.scores(s, a), 'kappa') FROM ge_b$q$),
  ($q$SELECT mlcheck.cohen_kappa(mlcheck.confusion(a, p), 'cubic') FROM ge_b$q$),
  ($q$SELECT mlcheck.roc_auc_ovr(mlcheck.multiclass(pr, y), 'micro') FROM ge_m$q$),
  ($q$SELECT mlcheck.roc_auc_ovo(mlcheck.multiclass(pr, y), 'binary') FROM ge_m$q$),
  ($q$SELECT mlcheck.svg(mlcheck.scores(s, a), curve => 'det') FROM ge_b$q$),
  ($q$SELECT mlcheck.svg(mlcheck.scores(s, a), curve => NULL) FROM ge_b$q$),
  ($q$SELECT mlcheck.plot(mlcheck.scores(s, a), curve => 'lift') FROM ge_b$q$),
  -- NULL arguments that must not be NULL
  ($q$SELECT mlcheck.scores(s, a, NULL::integer) FROM ge_b$q$),
  ($q$SELECT mlcheck.calibration(s, a, NULL::integer) FROM ge_b$q$),
  ($q$SELECT mlcheck.calibration(s, a, 1.0::float8, NULL::integer) FROM ge_b$q$),
  ($q$SELECT mlcheck._run_as_owner(NULL, 'SELECT 1')$q$),
  -- row input: 0/1 labels, weights, NaN, probabilities
  ($q$SELECT mlcheck.roc_auc(s, 2) FROM ge_b$q$),
  ($q$SELECT mlcheck.log_loss(s, -1) FROM ge_b$q$),
  ($q$SELECT mlcheck.scores(s, 3, 1.0::float8) FROM ge_b$q$),
  ($q$SELECT mlcheck.confusion(a, p, -1.0::float8) FROM ge_b$q$),
  ($q$SELECT mlcheck.confusion(a, p, 'Infinity'::float8) FROM ge_t$q$),
  ($q$SELECT mlcheck.roc_auc(s, a, 'NaN'::float8) FROM ge_b$q$),
  ($q$SELECT mlcheck.roc_auc('NaN'::float8, a) FROM ge_b$q$),
  ($q$SELECT mlcheck.log_loss(s + 1, a) FROM ge_b$q$),
  ($q$SELECT mlcheck.brier('NaN'::float8, a) FROM ge_b$q$),
  ($q$SELECT mlcheck.scores(s, a, 0) FROM ge_b$q$),
  ($q$SELECT mlcheck.multiclass(pr, y, -2.0::float8) FROM ge_m$q$),
  -- labels that cannot name a class of a matrix with text labels
  ($q$SELECT mlcheck.precision(mlcheck.confusion(a, p), 1::bigint) FROM ge_t$q$),
  ($q$SELECT mlcheck.recall(mlcheck.confusion(a, p), true) FROM ge_t$q$),
  ($q$SELECT mlcheck.selection_rate(mlcheck.confusion(a, p), 7::bigint) FROM ge_t$q$),
  ($q$SELECT mlcheck.false_positive_rate(mlcheck.confusion(a, p), false) FROM ge_t$q$),
  ($q$SELECT mlcheck.support(mlcheck.confusion(a, p), 'fish') FROM ge_t$q$),
  ($q$SELECT mlcheck.f1(mlcheck.confusion(a, p)) FROM ge_t$q$),
  -- core errors raised through the glue
  ($q$SELECT mlcheck.wilson(5, 3)$q$),
  ($q$SELECT mlcheck._two_proportion_test(1, 0, 1, 2)$q$),
  ($q$SELECT mlcheck.psi(mlcheck.profile(s), mlcheck.profile(s), 0) FROM ge_b$q$),
  ($q$SELECT mlcheck.js_distance(mlcheck.profile(s), mlcheck.profile(s), 1) FROM ge_b$q$),
  ($q$SELECT mlcheck.roc_auc_ci(mlcheck.scores(s, a), 1.5) FROM ge_b$q$),
  ($q$SELECT mlcheck.msle(mlcheck.regression(s - 1, s)) FROM ge_b$q$),
  ($q$SELECT mlcheck.top_k_accuracy(mlcheck.multiclass(pr, y), 0) FROM ge_m$q$),
  ($q$SELECT mlcheck.confusion_at(mlcheck.scores(s, a), 'NaN') FROM ge_b$q$),
  ($q$SELECT count(*) FROM mlcheck._run_as_owner(current_user, 'SELECT 1', VARIADIC array_fill(1, ARRAY[101])) AS t(x int)$q$)
) v(q);

-- undefined metrics are NULL; the records and rows around them
\pset null '(null)'
SELECT mlcheck.precision(mlcheck.confusion(a, false)) AS precision_no_predicted_positive,
       mlcheck.accuracy(mlcheck.confusion(a, NULL::boolean)) AS accuracy_only_null_rows,
       mlcheck.roc_auc(mlcheck.scores(s, true)) AS roc_auc_one_class,
       (mlcheck.roc_auc_bounds(mlcheck.scores(s, true))) IS NULL AS bounds_one_class_null,
       mlcheck.roc_auc_bounds(mlcheck.scores(s, a)) AS bounds,
       mlcheck.best_threshold(mlcheck.scores(s, true), 'youden') AS youden_one_class,
       mlcheck.best_threshold(mlcheck.scores(s, a), 'accuracy') AS best_accuracy,
       mlcheck.pr_auc(mlcheck.scores(s, false)) AS pr_auc_no_positive,
       mlcheck.cohen_kappa(mlcheck.confusion(a, a), 'quadratic') AS kappa_quadratic
  FROM ge_b;
SELECT mlcheck.log_loss(s, a) IS NULL AS log_loss_empty, mlcheck.brier(s, a) IS NULL AS brier_empty,
       mlcheck.roc_auc(s, a) IS NULL AS roc_auc_empty, mlcheck.pr_auc(s, a) IS NULL AS pr_auc_empty
  FROM ge_b WHERE false;
SELECT mlcheck.wilson(0, 0) AS wilson_no_rows, mlcheck.wilson(3, 4) AS wilson,
       mlcheck._two_proportion_test(0, 5, 0, 5) AS two_proportion_no_successes;
SELECT mlcheck.wasserstein(mlcheck.profile(s), mlcheck.profile(s * 2)) AS wasserstein,
       mlcheck.js_distance(mlcheck.profile(s), mlcheck.profile(s * 2), 4) AS js_numeric,
       mlcheck.psi(mlcheck.profile(s), mlcheck.profile(s * 2)) AS psi_numeric,
       mlcheck.psi(mlcheck.profile(a::text), mlcheck.profile(p::text)) AS psi_categorical,
       mlcheck.js_distance(mlcheck.profile(a::text), mlcheck.profile(p::text)) AS js_categorical
  FROM ge_b;
SELECT mlcheck.roc_auc_ovr(mlcheck.multiclass(pr, y), 'weighted') AS ovr_weighted,
       mlcheck.top_k_accuracy(mlcheck.multiclass(pr, y), 2) AS top_2,
       mlcheck.log_loss(mlcheck.multiclass(pr, y)) AS mc_log_loss
  FROM ge_m;
-- the closing point of pr_points has no threshold; undefined rates are NULL
SELECT 'positives only' AS data, * FROM mlcheck.pr_points((SELECT mlcheck.scores(s, true) FROM ge_b));
SELECT 'negatives only' AS data, * FROM mlcheck.pr_points((SELECT mlcheck.scores(s, false) FROM ge_b));
SELECT 'both' AS data, * FROM mlcheck.roc_points((SELECT mlcheck.scores(s, a) FROM ge_b));
-- a class only ever predicted has an empty actual row: its shares are NULL
SELECT * FROM mlcheck.cells((SELECT mlcheck.confusion(a, p) FROM ge_t));
SELECT * FROM mlcheck.bins((SELECT mlcheck.calibration(s, a, 4) FROM ge_b));
SELECT mlcheck.labels(mlcheck.confusion(a, p)) FROM ge_t;
-- NULL summaries: svg() is not strict and gives NULL
SELECT mlcheck.svg(NULL::mlcheck.scores) IS NULL AS svg_null_scores,
       mlcheck.svg(mlcheck.profile(s), NULL::mlcheck.numeric_profile) IS NULL AS svg_null_current
  FROM ge_b;
