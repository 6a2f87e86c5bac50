-- test/demo.sql — the evaluation printed by test/demo.sh on the bundled
-- example data (real out-of-fold predictions on scikit-learn's breast
-- cancer and digits data sets; see test/data/make_example.py).
\pset footer off
SET search_path = public, mlcheck;

\echo
\echo '=== 1. Which model is better? Metrics per model at threshold 0.5 (positive class: malignant)'
SELECT model, n(c)::int AS n, round(accuracy(c)::numeric, 4) AS accuracy,
       round(mlcheck.precision(c)::numeric, 4) AS precision, round(recall(c)::numeric, 4) AS recall,
       round(f1(c)::numeric, 4) AS f1, round(mcc(c)::numeric, 4) AS mcc,
       round(balanced_accuracy(c)::numeric, 4) AS balanced_acc
  FROM (SELECT model, mlcheck.confusion(label, score >= 0.5) AS c
          FROM example.cancer_predictions GROUP BY model) s
 ORDER BY model;

\echo
\echo '=== 2. The confusion matrix of gbm-v2 (rows: actual, columns: predicted)'
SELECT actual, predicted, count::int, round(row_share::numeric, 3) AS row_share
  FROM cells((SELECT mlcheck.confusion(label, score >= 0.5)
                FROM example.cancer_predictions WHERE model = 'gbm-v2'))
 ORDER BY actual, predicted;

\echo
\echo '=== 3. Digits (10 classes): per-class report of a logistic regression, worst F1 first'
SELECT label AS digit, support::int, round(precision::numeric, 3) AS precision,
       round(recall::numeric, 3) AS recall, round(f1::numeric, 3) AS f1
  FROM per_class((SELECT mlcheck.confusion(actual, predicted) FROM example.digits_predictions))
 ORDER BY f1, label;
SELECT round(accuracy(c)::numeric, 4) AS accuracy,
       round(f1(c, average => 'macro')::numeric, 4) AS macro_f1,
       round(cohen_kappa(c)::numeric, 4) AS kappa
  FROM (SELECT mlcheck.confusion(actual, predicted) AS c FROM example.digits_predictions) s;
