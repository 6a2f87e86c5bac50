#!/bin/sh
# gen_decls.sh — writes the repetitive SQL declarations of mlcheck's value
# types, aggregates and C accessors from the tables below (run by make, which
# concatenates them with the hand-written pieces in file-name order; the
# output is not committed, read it in the built mlcheck--<version>.sql):
#   05_types.sql            every value type: type I/O, CREATE TYPE, combine;
#                           for summary types also final, merge(), `+`,
#                           comparison operators and btree/hash operator classes
#   NN_<family>_aggs.sql    per family: transition and final functions and
#                           the CREATE AGGREGATE of every overload
#   NN_<family>_accessors.sql  C functions of a summary: CREATE FUNCTION and
#                           COMMENT from one line each
# Usage: sh src/sql/gen_decls.sh OUTDIR      write the files
#        sh src/sql/gen_decls.sh --list DIR  print the paths it writes
# Edit the tables, not the generated files.  Fields are separated by '|';
# the tables are quoted here-documents, so text may hold apostrophes as they
# are (the generator doubles them in SQL literals).
set -eu
OUT=${1:?usage: gen_decls.sh OUTDIR | --list DIR}

# ---------------------------------------------------------------- types
# type | C name | kind (summary: JSON text, the aggregates' result; value: JSON text, comparable, no aggregate state; state:
#        hidden state, base64 text) | has + | comment on the type | comment on merge()
TYPES=$(cat <<'TABLE'
confusion|confusion|summary|+|Confusion matrix (actual x predicted, weighted counts) over boolean, bigint or text labels; text form {"labels": [...], "matrix": [[...]], "n_null": N}|sum of stored confusion matrices (rollup)
scores|scores|summary||Mergeable summary of (score, label): distinct scores with positive/negative counts, binned past max_bins; text form {"max_bins": N, "n_null": N, "exact": B, "entries": [[score, pos, neg] or [lo, hi, pos, neg], ...]}|merge of stored scores summaries (exact while the union has at most max_bins distinct scores)
calibration|calibration|summary|+|Calibration summary of binary probabilities over uniform bins of [0, 1]; text form {"n_bins": B, "count": [...], "sum_predicted": [...], "sum_positive": [...], "sum_squared_error": x, "n_null": N}|sum of stored calibration summaries with the same number of bins (rollup)
regression|regression|summary|+|Regression error summary (weighted Welford moments of actual values and errors, compensated error sums, largest absolute error); text form is a JSON object|combination of stored regression summaries (rollup)
numeric_profile|numeric_profile|summary||Mergeable profile of a float8 column: counts (NULL, NaN, +/-Infinity), min, max, mean, variance and a quantile sketch (exact up to 4096 values while they fit 8 kB, then a grid of exact counts plus KLL)|merge of stored numeric profiles (rollup)
categorical_profile|categorical_profile|summary||Mergeable profile of a text column: count per category (at most 1000 kept, the rest in an "other" count) and NULL count|merge of stored categorical profiles (rollup)
_auc_state|auc_state|state||internal-use transition state of roc_auc and pr_auc (every score, exact); text form is base64 of its binary form|
_prob_state|prob_state|state||internal-use transition state of log_loss and brier (compensated sums); text form is base64 of its binary form|
_delong_state|delong_state|state||internal-use transition state of roc_auc_ci and delong_test (every row, exact); text form is base64 of its binary form|
multiclass|multiclass|summary||Multi-class probability summary: the class probabilities and the actual class of every row (8*K + 4 bytes a row, 8 more when weighted); text form {"classes": K, "n_null": N, "actual": [...], "probs": [[...], ...], "weights": [...]}|merge of stored multiclass summaries with the same number of classes
_mcnemar_state|mcnemar_state|state||internal-use transition state of mcnemar (rows only one of two models gets right); text form is base64 of its binary form|
_expected_auc_state|expected_auc_state|state||internal-use transition state of expected_roc_auc (total weight per distinct probability; every row once weighted probabilities are mostly distinct); text form is base64 of its binary form|
_profiles_state|profiles_state|state||internal-use transition state of _numeric_profiles and _categorical_profiles (the profiles of a block of columns, each as profile() builds it); text form is base64 of its binary form|
calibrator|calibrator|value||Isotonic calibrator fitted by mlcheck.isotonic (breakpoints of sklearn IsotonicRegression, out_of_bounds clip); text form {"x": [scores], "y": [calibrated probabilities]}; not mergeable|
TABLE
)

# ----------------------------------------------------------- aggregates
# file | aggregate | arguments | state type | transition function:C symbol | final function | comment
# Aggregates with the same transition function, arguments and state share
# one state in a query (roc_auc + pr_auc, log_loss + brier).
# A final function of a hidden state is declared here too, by a line
#   final | file | function | state type | result type | C symbol | comment
AGGS=$(cat <<'TABLE'
11_confusion_aggs|confusion|actual boolean, predicted boolean|confusion|_confusion_trans:mlcheck_confusion_trans_bool|_confusion_final|confusion matrix of actual vs predicted boolean labels
11_confusion_aggs|confusion|actual boolean, predicted boolean, weight float8|confusion|_confusion_trans:mlcheck_confusion_trans_bool|_confusion_final|weighted confusion matrix of actual vs predicted boolean labels
11_confusion_aggs|confusion|actual bigint, predicted bigint|confusion|_confusion_trans:mlcheck_confusion_trans_int|_confusion_final|confusion matrix of actual vs predicted integer classes
11_confusion_aggs|confusion|actual bigint, predicted bigint, weight float8|confusion|_confusion_trans:mlcheck_confusion_trans_int|_confusion_final|weighted confusion matrix of actual vs predicted integer classes
11_confusion_aggs|confusion|actual text, predicted text|confusion|_confusion_trans:mlcheck_confusion_trans_text|_confusion_final|confusion matrix of actual vs predicted text classes (C collation order)
11_confusion_aggs|confusion|actual text, predicted text, weight float8|confusion|_confusion_trans:mlcheck_confusion_trans_text|_confusion_final|weighted confusion matrix of actual vs predicted text classes
final|21_scores_aggs|_roc_auc_final|_auc_state|float8|mlcheck_roc_auc_final|final function of roc_auc
final|21_scores_aggs|_pr_auc_final|_auc_state|float8|mlcheck_pr_auc_final|final function of pr_auc
final|21_scores_aggs|_log_loss_final|_prob_state|float8|mlcheck_log_loss_final|final function of log_loss
final|21_scores_aggs|_brier_final|_prob_state|float8|mlcheck_brier_final|final function of brier
21_scores_aggs|roc_auc|score float8, label boolean|_auc_state|_auc_trans:mlcheck_auc_trans_bool|_roc_auc_final|exact ROC AUC (as sklearn roc_auc_score; ties count half)
21_scores_aggs|roc_auc|score float8, label boolean, weight float8|_auc_state|_auc_trans:mlcheck_auc_trans_bool|_roc_auc_final|exact ROC AUC (as sklearn roc_auc_score; ties count half), weighted
21_scores_aggs|roc_auc|score float8, label integer|_auc_state|_auc_trans:mlcheck_auc_trans_int|_roc_auc_final|exact ROC AUC (as sklearn roc_auc_score; ties count half); integer labels 0/1
21_scores_aggs|roc_auc|score float8, label integer, weight float8|_auc_state|_auc_trans:mlcheck_auc_trans_int|_roc_auc_final|exact ROC AUC (as sklearn roc_auc_score; ties count half), weighted; integer labels 0/1
21_scores_aggs|pr_auc|score float8, label boolean|_auc_state|_auc_trans:mlcheck_auc_trans_bool|_pr_auc_final|exact average precision (as sklearn average_precision_score, step-wise)
21_scores_aggs|pr_auc|score float8, label boolean, weight float8|_auc_state|_auc_trans:mlcheck_auc_trans_bool|_pr_auc_final|exact average precision (as sklearn average_precision_score, step-wise), weighted
21_scores_aggs|pr_auc|score float8, label integer|_auc_state|_auc_trans:mlcheck_auc_trans_int|_pr_auc_final|exact average precision (as sklearn average_precision_score, step-wise); integer labels 0/1
21_scores_aggs|pr_auc|score float8, label integer, weight float8|_auc_state|_auc_trans:mlcheck_auc_trans_int|_pr_auc_final|exact average precision (as sklearn average_precision_score, step-wise), weighted; integer labels 0/1
21_scores_aggs|log_loss|prob float8, label boolean|_prob_state|_prob_trans:mlcheck_prob_trans_bool|_log_loss_final|log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss)
21_scores_aggs|log_loss|prob float8, label boolean, weight float8|_prob_state|_prob_trans:mlcheck_prob_trans_bool|_log_loss_final|log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss), weighted
21_scores_aggs|log_loss|prob float8, label integer|_prob_state|_prob_trans:mlcheck_prob_trans_int|_log_loss_final|log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss); integer labels 0/1
21_scores_aggs|log_loss|prob float8, label integer, weight float8|_prob_state|_prob_trans:mlcheck_prob_trans_int|_log_loss_final|log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss), weighted; integer labels 0/1
21_scores_aggs|brier|prob float8, label boolean|_prob_state|_prob_trans:mlcheck_prob_trans_bool|_brier_final|Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss)
21_scores_aggs|brier|prob float8, label boolean, weight float8|_prob_state|_prob_trans:mlcheck_prob_trans_bool|_brier_final|Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss), weighted
21_scores_aggs|brier|prob float8, label integer|_prob_state|_prob_trans:mlcheck_prob_trans_int|_brier_final|Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss); integer labels 0/1
21_scores_aggs|brier|prob float8, label integer, weight float8|_prob_state|_prob_trans:mlcheck_prob_trans_int|_brier_final|Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss), weighted; integer labels 0/1
21_scores_aggs|scores|score float8, label boolean|scores|_scores_trans:mlcheck_scores_trans_bool|_scores_final|summary of (score, label), exact up to 10000 distinct scores
21_scores_aggs|scores|score float8, label boolean, max_bins integer|scores|_scores_trans:mlcheck_scores_trans_bool|_scores_final|summary of (score, label), exact up to max_bins distinct scores
21_scores_aggs|scores|score float8, label boolean, weight float8|scores|_scores_trans:mlcheck_scores_trans_bool_w|_scores_final|weighted summary of (score, label), exact up to 10000 distinct scores
21_scores_aggs|scores|score float8, label boolean, weight float8, max_bins integer|scores|_scores_trans:mlcheck_scores_trans_bool_w|_scores_final|weighted summary of (score, label), exact up to max_bins distinct scores
21_scores_aggs|scores|score float8, label integer|scores|_scores_trans:mlcheck_scores_trans_int|_scores_final|summary of (score, label), exact up to 10000 distinct scores; integer labels 0/1
21_scores_aggs|scores|score float8, label integer, max_bins integer|scores|_scores_trans:mlcheck_scores_trans_int|_scores_final|summary of (score, label), exact up to max_bins distinct scores; integer labels 0/1
21_scores_aggs|scores|score float8, label integer, weight float8|scores|_scores_trans:mlcheck_scores_trans_int_w|_scores_final|weighted summary of (score, label), exact up to 10000 distinct scores; integer labels 0/1
21_scores_aggs|scores|score float8, label integer, weight float8, max_bins integer|scores|_scores_trans:mlcheck_scores_trans_int_w|_scores_final|weighted summary of (score, label), exact up to max_bins distinct scores; integer labels 0/1
final|26_delong_aggs|_roc_auc_ci_final|_delong_state|mlcheck.auc_ci|mlcheck_roc_auc_ci_final|final function of roc_auc_ci
final|26_delong_aggs|_delong_test_final|_delong_state|mlcheck.delong_result|mlcheck_delong_test_final|final function of delong_test
26_delong_aggs|roc_auc_ci|score float8, label boolean|_delong_state|_roc_auc_ci_trans:mlcheck_roc_auc_ci_trans_bool|_roc_auc_ci_final|ROC AUC with its 95% DeLong confidence interval (clipped to [0, 1])
26_delong_aggs|roc_auc_ci|score float8, label boolean, level float8|_delong_state|_roc_auc_ci_trans:mlcheck_roc_auc_ci_trans_bool|_roc_auc_ci_final|ROC AUC with its DeLong confidence interval at the given level (clipped to [0, 1])
26_delong_aggs|roc_auc_ci|score float8, label integer|_delong_state|_roc_auc_ci_trans:mlcheck_roc_auc_ci_trans_int|_roc_auc_ci_final|ROC AUC with its 95% DeLong confidence interval, integer 0/1 label
26_delong_aggs|roc_auc_ci|score float8, label integer, level float8|_delong_state|_roc_auc_ci_trans:mlcheck_roc_auc_ci_trans_int|_roc_auc_ci_final|ROC AUC with its DeLong confidence interval at the given level, integer 0/1 label
26_delong_aggs|delong_test|score_a float8, score_b float8, label boolean|_delong_state|_delong_test_trans:mlcheck_delong_test_trans_bool|_delong_test_final|paired DeLong test of two models' ROC AUCs on the same rows (two-sided)
26_delong_aggs|delong_test|score_a float8, score_b float8, label integer|_delong_state|_delong_test_trans:mlcheck_delong_test_trans_int|_delong_test_final|paired DeLong test of two models' ROC AUCs on the same rows (two-sided), integer 0/1 label
31_calibration_aggs|calibration|prob float8, label boolean|calibration|_calibration_trans:mlcheck_calibration_trans_bool|_calibration_final|calibration summary of probabilities vs boolean labels (10 uniform bins)
31_calibration_aggs|calibration|prob float8, label boolean, bins integer|calibration|_calibration_trans:mlcheck_calibration_trans_bool_bins|_calibration_final|calibration summary of probabilities vs boolean labels (the given number of uniform bins)
31_calibration_aggs|calibration|prob float8, label boolean, weight float8|calibration|_calibration_trans:mlcheck_calibration_trans_bool_w|_calibration_final|calibration summary of probabilities vs boolean labels (10 uniform bins, sample weights)
31_calibration_aggs|calibration|prob float8, label boolean, weight float8, bins integer|calibration|_calibration_trans:mlcheck_calibration_trans_bool_w_bins|_calibration_final|calibration summary of probabilities vs boolean labels (sample weights and the given number of uniform bins)
31_calibration_aggs|calibration|prob float8, label integer|calibration|_calibration_trans:mlcheck_calibration_trans_int|_calibration_final|calibration summary of probabilities vs 0/1 integer labels (10 uniform bins)
31_calibration_aggs|calibration|prob float8, label integer, bins integer|calibration|_calibration_trans:mlcheck_calibration_trans_int_bins|_calibration_final|calibration summary of probabilities vs 0/1 integer labels (the given number of uniform bins)
31_calibration_aggs|calibration|prob float8, label integer, weight float8|calibration|_calibration_trans:mlcheck_calibration_trans_int_w|_calibration_final|calibration summary of probabilities vs 0/1 integer labels (10 uniform bins, sample weights)
31_calibration_aggs|calibration|prob float8, label integer, weight float8, bins integer|calibration|_calibration_trans:mlcheck_calibration_trans_int_w_bins|_calibration_final|calibration summary of probabilities vs 0/1 integer labels (sample weights and the given number of uniform bins)
36_regression_aggs|regression|predicted float8, actual float8|regression|_regression_trans:mlcheck_regression_trans|_regression_final|regression error summary of predicted vs actual values
36_regression_aggs|regression|predicted float8, actual float8, weight float8|regression|_regression_trans:mlcheck_regression_trans|_regression_final|regression error summary of predicted vs actual values with sample weights
41_profile_aggs|profile|x float8|numeric_profile|_numeric_profile_trans:mlcheck_numeric_profile_trans|_numeric_profile_final|numeric profile of a float8 column (counts, moments, quantile sketch)
41_profile_aggs|profile|x text|categorical_profile|_categorical_profile_trans:mlcheck_categorical_profile_trans|_categorical_profile_final|categorical profile of a text column (count per category, capped at 1000)
final|41_profile_aggs|_numeric_profiles_final|_profiles_state|mlcheck.numeric_profile[]|mlcheck_numeric_profiles_final|final function of _numeric_profiles
final|41_profile_aggs|_categorical_profiles_final|_profiles_state|mlcheck.categorical_profile[]|mlcheck_categorical_profiles_final|final function of _categorical_profiles
41_profile_aggs|_numeric_profiles|k integer, x1 float8, x2 float8, x3 float8, x4 float8|_profiles_state|_numeric_profiles_trans:mlcheck_numeric_profiles_trans|_numeric_profiles_final|internal: the numeric profiles of x1 .. xk in one transition call per row; a narrower block for the last columns of a report (element i is profile(x_i), byte for byte; arguments past k are ignored; k must be the same constant on every row)
41_profile_aggs|_numeric_profiles|k integer, x1 float8, x2 float8, x3 float8, x4 float8, x5 float8, x6 float8, x7 float8, x8 float8|_profiles_state|_numeric_profiles_trans:mlcheck_numeric_profiles_trans|_numeric_profiles_final|internal: the numeric profiles of x1 .. xk in one transition call per row; a narrower block for the last columns of a report (element i is profile(x_i), byte for byte; arguments past k are ignored; k must be the same constant on every row)
41_profile_aggs|_numeric_profiles|k integer, x1 float8, x2 float8, x3 float8, x4 float8, x5 float8, x6 float8, x7 float8, x8 float8, x9 float8, x10 float8, x11 float8, x12 float8, x13 float8, x14 float8, x15 float8, x16 float8|_profiles_state|_numeric_profiles_trans:mlcheck_numeric_profiles_trans|_numeric_profiles_final|internal: the numeric profiles of x1 .. xk in one transition call per row (element i is profile(x_i), byte for byte; arguments past k are ignored; k must be the same constant on every row)
41_profile_aggs|_categorical_profiles|k integer, t1 text, t2 text, t3 text, t4 text|_profiles_state|_categorical_profiles_trans:mlcheck_categorical_profiles_trans|_categorical_profiles_final|internal: the categorical profiles of t1 .. tk in one transition call per row; a narrower block for the last columns of a report (element i is profile(t_i), byte for byte; arguments past k are ignored; k must be the same constant on every row)
41_profile_aggs|_categorical_profiles|k integer, t1 text, t2 text, t3 text, t4 text, t5 text, t6 text, t7 text, t8 text|_profiles_state|_categorical_profiles_trans:mlcheck_categorical_profiles_trans|_categorical_profiles_final|internal: the categorical profiles of t1 .. tk in one transition call per row; a narrower block for the last columns of a report (element i is profile(t_i), byte for byte; arguments past k are ignored; k must be the same constant on every row)
41_profile_aggs|_categorical_profiles|k integer, t1 text, t2 text, t3 text, t4 text, t5 text, t6 text, t7 text, t8 text, t9 text, t10 text, t11 text, t12 text, t13 text, t14 text, t15 text, t16 text|_profiles_state|_categorical_profiles_trans:mlcheck_categorical_profiles_trans|_categorical_profiles_final|internal: the categorical profiles of t1 .. tk in one transition call per row (element i is profile(t_i), byte for byte; arguments past k are ignored; k must be the same constant on every row)
58_compare_aggs|multiclass|probs float8[], actual bigint|multiclass|_multiclass_trans:mlcheck_multiclass_trans|_multiclass_final|multi-class probability summary: class c is element c + 1 of probs; each row must sum to 1
58_compare_aggs|multiclass|probs float8[], actual bigint, weight float8|multiclass|_multiclass_trans:mlcheck_multiclass_trans|_multiclass_final|weighted multi-class probability summary: class c is element c + 1 of probs; each row must sum to 1
58_compare_aggs|multiclass_normalized|probs float8[], actual bigint|multiclass|_multiclass_normalized_trans:mlcheck_multiclass_normalized_trans|_multiclass_final|multi-class probability summary of rows divided by their sum
58_compare_aggs|multiclass_normalized|probs float8[], actual bigint, weight float8|multiclass|_multiclass_normalized_trans:mlcheck_multiclass_normalized_trans|_multiclass_final|weighted multi-class probability summary of rows divided by their sum
final|58_compare_aggs|_mcnemar_final|_mcnemar_state|mlcheck.mcnemar_result|mlcheck_mcnemar_final|final function of mcnemar
58_compare_aggs|mcnemar|actual boolean, predicted_a boolean, predicted_b boolean|_mcnemar_state|_mcnemar_trans:mlcheck_mcnemar_trans_bool|_mcnemar_final|McNemar test of two classifiers on the same rows (exact below 25 discordant pairs, else chi-square with continuity correction)
58_compare_aggs|mcnemar|actual bigint, predicted_a bigint, predicted_b bigint|_mcnemar_state|_mcnemar_trans:mlcheck_mcnemar_trans_int|_mcnemar_final|McNemar test of two classifiers on the same rows (exact below 25 discordant pairs, else chi-square with continuity correction)
58_compare_aggs|mcnemar|actual text, predicted_a text, predicted_b text|_mcnemar_state|_mcnemar_trans:mlcheck_mcnemar_trans_text|_mcnemar_final|McNemar test of two classifiers on the same rows (exact below 25 discordant pairs, else chi-square with continuity correction)
final|21_scores_aggs|_isotonic_final|_auc_state|mlcheck.calibrator|mlcheck_isotonic_final|final function of isotonic: fits the calibrator
21_scores_aggs|isotonic|score float8, label boolean|_auc_state|_auc_trans:mlcheck_auc_trans_bool|_isotonic_final|isotonic calibrator of scores against boolean labels (sklearn IsotonicRegression, increasing, out_of_bounds clip)
21_scores_aggs|isotonic|score float8, label boolean, weight float8|_auc_state|_auc_trans:mlcheck_auc_trans_bool|_isotonic_final|weighted isotonic calibrator of scores against boolean labels (sklearn IsotonicRegression, increasing, out_of_bounds clip)
21_scores_aggs|isotonic|score float8, label integer|_auc_state|_auc_trans:mlcheck_auc_trans_int|_isotonic_final|isotonic calibrator of scores against 0/1 integer labels (sklearn IsotonicRegression, increasing, out_of_bounds clip)
21_scores_aggs|isotonic|score float8, label integer, weight float8|_auc_state|_auc_trans:mlcheck_auc_trans_int|_isotonic_final|weighted isotonic calibrator of scores against 0/1 integer labels (sklearn IsotonicRegression, increasing, out_of_bounds clip)
59_cbpe_aggs|expected_confusion|prob float8, predicted boolean|confusion|_expected_confusion_trans:mlcheck_expected_confusion_trans|_confusion_final|expected confusion matrix of calibrated probabilities and the model decisions: each row counts as positive with weight p and negative with 1 - p
59_cbpe_aggs|expected_confusion|prob float8, predicted boolean, weight float8|confusion|_expected_confusion_trans:mlcheck_expected_confusion_trans|_confusion_final|weighted expected confusion matrix: each row counts as positive with weight p*w and negative with (1 - p)*w
final|59_cbpe_aggs|_expected_roc_auc_final|_expected_auc_state|float8|mlcheck_expected_roc_auc_final|final function of expected_roc_auc
59_cbpe_aggs|expected_roc_auc|prob float8|_expected_auc_state|_expected_auc_trans:mlcheck_expected_auc_trans|_expected_roc_auc_final|expected ROC AUC of calibrated probabilities: each row counts as positive with weight p and negative with 1 - p, ties half
59_cbpe_aggs|expected_roc_auc|prob float8, weight float8|_expected_auc_state|_expected_auc_trans:mlcheck_expected_auc_trans|_expected_roc_auc_final|weighted expected ROC AUC: each row counts as positive with weight p*w and negative with (1 - p)*w, ties half
TABLE
)

# ------------------------------------------------------------ accessors
# file | function | arguments (with DEFAULTs) | result type | C symbol |
#        strict (S) or not (-) | comment (the rest of the line)
# Every accessor is a C function, IMMUTABLE and PARALLEL SAFE.  A function
# with OUT arguments leaves the result type empty (it returns record).
FUNCS=$(cat <<'TABLE'
12_confusion_accessors|accuracy|c mlcheck.confusion|float8|mlcheck_accuracy|S|share of rows on the diagonal; NULL for an empty matrix
12_confusion_accessors|balanced_accuracy|c mlcheck.confusion|float8|mlcheck_balanced_accuracy|S|mean recall over classes with support (sklearn balanced_accuracy_score)
12_confusion_accessors|mcc|c mlcheck.confusion|float8|mlcheck_mcc|S|Matthews correlation coefficient (multi-class form); NULL when undefined
12_confusion_accessors|cohen_kappa|c mlcheck.confusion|float8|mlcheck_cohen_kappa|S|Cohen's kappa (unweighted); NULL when undefined
12_confusion_accessors|n|c mlcheck.confusion|float8|mlcheck_confusion_n|S|total (weighted) count in the matrix
12_confusion_accessors|n_null|c mlcheck.confusion|bigint|mlcheck_confusion_n_null|S|rows skipped because a label or weight was NULL
12_confusion_accessors|labels|c mlcheck.confusion|text[]|mlcheck_confusion_labels|S|class labels in matrix order, as text
12_confusion_accessors|precision|c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL|float8|mlcheck_precision|-|precision of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined
12_confusion_accessors|precision|c mlcheck.confusion, label bigint|float8|mlcheck_precision|S|precision of an integer label
12_confusion_accessors|precision|c mlcheck.confusion, label boolean|float8|mlcheck_precision|S|precision of a boolean label
12_confusion_accessors|recall|c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL|float8|mlcheck_recall|-|recall of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined
12_confusion_accessors|recall|c mlcheck.confusion, label bigint|float8|mlcheck_recall|S|recall of an integer label
12_confusion_accessors|recall|c mlcheck.confusion, label boolean|float8|mlcheck_recall|S|recall of a boolean label
12_confusion_accessors|f1|c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL|float8|mlcheck_f1|-|F1 of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined
12_confusion_accessors|f1|c mlcheck.confusion, label bigint|float8|mlcheck_f1|S|F1 of an integer label
12_confusion_accessors|f1|c mlcheck.confusion, label boolean|float8|mlcheck_f1|S|F1 of a boolean label
12_confusion_accessors|specificity|c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL|float8|mlcheck_specificity|-|specificity (true negative rate) of a label (default true/1) or averaged
12_confusion_accessors|specificity|c mlcheck.confusion, label bigint|float8|mlcheck_specificity|S|specificity of an integer label
12_confusion_accessors|specificity|c mlcheck.confusion, label boolean|float8|mlcheck_specificity|S|specificity of a boolean label
12_confusion_accessors|fbeta|c mlcheck.confusion, beta float8, label text DEFAULT NULL, average text DEFAULT NULL|float8|mlcheck_fbeta|-|F-beta of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined
12_confusion_accessors|fbeta|c mlcheck.confusion, beta float8, label bigint|float8|mlcheck_fbeta|S|F-beta of an integer label
12_confusion_accessors|fbeta|c mlcheck.confusion, beta float8, label boolean|float8|mlcheck_fbeta|S|F-beta of a boolean label
12_confusion_accessors|support|c mlcheck.confusion, label text|float8|mlcheck_support|S|number of rows whose actual class is the label
12_confusion_accessors|support|c mlcheck.confusion, label bigint|float8|mlcheck_support|S|number of rows whose actual class is the label
12_confusion_accessors|support|c mlcheck.confusion, label boolean|float8|mlcheck_support|S|number of rows whose actual class is the label
20_scores_accessors|roc_auc|s mlcheck.scores|float8|mlcheck_scores_roc_auc|S|ROC AUC of a scores summary (exact when is_exact; else the midpoint of roc_auc_bounds)
20_scores_accessors|pr_auc|s mlcheck.scores|float8|mlcheck_scores_pr_auc|S|average precision of a scores summary (exact when is_exact; bins count as tied scores)
20_scores_accessors|roc_auc_bounds|s mlcheck.scores, OUT lower float8, OUT upper float8||mlcheck_scores_roc_auc_bounds|S|bounds that always contain the exact ROC AUC of the summarized rows (equal when exact)
20_scores_accessors|is_exact|s mlcheck.scores|boolean|mlcheck_scores_is_exact|S|true while the summary holds every distinct score (not binned)
20_scores_accessors|n|s mlcheck.scores|float8|mlcheck_scores_n|S|number (total weight) of rows summarized
20_scores_accessors|n_null|s mlcheck.scores|bigint|mlcheck_scores_n_null|S|rows skipped because score, label or weight was NULL
20_scores_accessors|confusion_at|s mlcheck.scores, threshold float8|mlcheck.confusion|mlcheck_scores_confusion_at|S|confusion matrix when predicting positive iff score >= threshold
20_scores_accessors|best_threshold|s mlcheck.scores, criterion text DEFAULT 'f1', OUT threshold float8, OUT value float8||mlcheck_scores_best_threshold|S|threshold maximizing f1, youden (tpr - fpr) or accuracy, with the value reached
30_calibration_accessors|ece|c mlcheck.calibration|float8|mlcheck_calibration_ece|S|expected calibration error: sum over bins of (count/total) * |mean predicted - fraction positive|; NULL without rows
30_calibration_accessors|mce|c mlcheck.calibration|float8|mlcheck_calibration_mce|S|maximum calibration error: largest |mean predicted - fraction positive| over non-empty bins; NULL without rows
30_calibration_accessors|brier|c mlcheck.calibration|float8|mlcheck_calibration_brier|S|Brier score: (weighted) mean of (prob - label)^2 (sklearn brier_score_loss); NULL without rows
30_calibration_accessors|n|c mlcheck.calibration|float8|mlcheck_calibration_n|S|total (weighted) count of the rows summarized
30_calibration_accessors|n_null|c mlcheck.calibration|bigint|mlcheck_calibration_n_null|S|rows skipped because the probability, label or weight was NULL
30_calibration_accessors|n_bins|c mlcheck.calibration|integer|mlcheck_calibration_n_bins|S|number of uniform bins
30_calibration_accessors|plot|c mlcheck.calibration, ascii boolean DEFAULT false|text|mlcheck_calibration_plot|S|text reliability diagram: per bin count, mean predicted, fraction positive and a bar (block characters in UTF-8 databases unless ascii)
30_calibration_accessors|hosmer_lemeshow|c mlcheck.calibration, OUT statistic float8, OUT df integer, OUT p_value float8|record|mlcheck_calibration_hosmer_lemeshow|S|Hosmer-Lemeshow test over the non-empty bins: chi-square statistic, df = groups - 2, p-value (chi2 survival)
35_regression_accessors|mae|r mlcheck.regression|float8|mlcheck_regression_mae|S|mean absolute error (sklearn mean_absolute_error)
35_regression_accessors|mse|r mlcheck.regression|float8|mlcheck_regression_mse|S|mean squared error (sklearn mean_squared_error)
35_regression_accessors|rmse|r mlcheck.regression|float8|mlcheck_regression_rmse|S|root mean squared error (sklearn mean_squared_error(squared=False))
35_regression_accessors|r2|r mlcheck.regression|float8|mlcheck_regression_r2|S|coefficient of determination (sklearn r2_score, force_finite): 1 - SSE/SST; 1.0 or 0.0 for constant actuals; NULL under two rows
35_regression_accessors|mape|r mlcheck.regression|float8|mlcheck_regression_mape|S|mean absolute percentage error as a fraction (sklearn mean_absolute_percentage_error: |e| / max(|actual|, 2.22e-16))
35_regression_accessors|max_error|r mlcheck.regression|float8|mlcheck_regression_max_error|S|largest |predicted - actual| over rows with positive weight (sklearn max_error)
35_regression_accessors|mean_error|r mlcheck.regression|float8|mlcheck_regression_mean_error|S|bias: (weighted) mean of predicted - actual; positive = over-prediction
35_regression_accessors|explained_variance|r mlcheck.regression|float8|mlcheck_regression_explained_variance|S|explained variance (sklearn explained_variance_score, force_finite): 1 - Var(error)/Var(actual)
35_regression_accessors|n|r mlcheck.regression|float8|mlcheck_regression_n|S|total (weighted) count of the rows summarized
35_regression_accessors|n_null|r mlcheck.regression|bigint|mlcheck_regression_n_null|S|rows skipped because the predicted, actual or weight value was NULL
40_profile_accessors|n|p mlcheck.numeric_profile|bigint|mlcheck_n_numeric_profile|S|number of finite values profiled
40_profile_accessors|n_null|p mlcheck.numeric_profile|bigint|mlcheck_n_null_numeric_profile|S|number of NULLs seen
40_profile_accessors|n_nan|p mlcheck.numeric_profile|bigint|mlcheck_n_nan_numeric_profile|S|number of NaNs seen (not in the sketch)
40_profile_accessors|n_posinf|p mlcheck.numeric_profile|bigint|mlcheck_n_posinf_numeric_profile|S|number of +Infinity values seen (not in the sketch)
40_profile_accessors|n_neginf|p mlcheck.numeric_profile|bigint|mlcheck_n_neginf_numeric_profile|S|number of -Infinity values seen (not in the sketch)
40_profile_accessors|mean|p mlcheck.numeric_profile|float8|mlcheck_mean_numeric_profile|S|mean of the finite values (NULL when none)
40_profile_accessors|variance|p mlcheck.numeric_profile|float8|mlcheck_variance_numeric_profile|S|sample variance (n - 1) of the finite values, as PostgreSQL variance()
40_profile_accessors|var_pop|p mlcheck.numeric_profile|float8|mlcheck_var_pop_numeric_profile|S|population variance of the finite values
40_profile_accessors|stddev|p mlcheck.numeric_profile|float8|mlcheck_stddev_numeric_profile|S|sample standard deviation of the finite values, as PostgreSQL stddev()
40_profile_accessors|stddev_pop|p mlcheck.numeric_profile|float8|mlcheck_stddev_pop_numeric_profile|S|population standard deviation (numpy.std) of the finite values
40_profile_accessors|min_value|p mlcheck.numeric_profile|float8|mlcheck_min_value_numeric_profile|S|smallest finite value
40_profile_accessors|max_value|p mlcheck.numeric_profile|float8|mlcheck_max_value_numeric_profile|S|largest finite value
40_profile_accessors|is_exact|p mlcheck.numeric_profile|boolean|mlcheck_is_exact_numeric_profile|S|true while the profile holds every value (at most 4096, and only while they fit 8 kB stored)
40_profile_accessors|rank_error|p mlcheck.numeric_profile|float8|mlcheck_rank_error_numeric_profile|S|documented normalized rank-error bound of quantile/cdf: 0 when exact, the sketch's own bound when sketched (0.005 for a profile sketched by 0.1)
40_profile_accessors|quantile|p mlcheck.numeric_profile, q float8|float8|mlcheck_quantile_numeric_profile|S|q-quantile of the finite values (numpy.quantile linear when exact)
40_profile_accessors|cdf|p mlcheck.numeric_profile, x float8|float8|mlcheck_cdf_numeric_profile|S|fraction of finite values <= x
40_profile_accessors|n|p mlcheck.categorical_profile|bigint|mlcheck_n_categorical_profile|S|number of non-NULL values profiled (including "other")
40_profile_accessors|n_null|p mlcheck.categorical_profile|bigint|mlcheck_n_null_categorical_profile|S|number of NULLs seen
40_profile_accessors|n_other|p mlcheck.categorical_profile|bigint|mlcheck_n_other_categorical_profile|S|number of values of categories beyond the 1000-category cap
40_profile_accessors|n_categories|p mlcheck.categorical_profile|integer|mlcheck_n_categories_categorical_profile|S|number of categories kept
40_profile_accessors|is_exact|p mlcheck.categorical_profile|boolean|mlcheck_is_exact_categorical_profile|S|true when no value was folded into "other"
40_profile_accessors|category_count|p mlcheck.categorical_profile, category text|bigint|mlcheck_count_categorical_profile|S|count of one category (0 when not kept)
40_profile_accessors|categories|p mlcheck.categorical_profile, OUT category text, OUT count bigint, OUT share float8|SETOF record|mlcheck_categories_categorical_profile|S|categories with count and share of n, most frequent first
45_drift_accessors|psi|ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, bins integer DEFAULT 10|float8|mlcheck_psi_numeric|S|population stability index over bins at reference quantiles (empty bins smoothed to 1e-4)
45_drift_accessors|psi|ref mlcheck.categorical_profile, cur mlcheck.categorical_profile|float8|mlcheck_psi_categorical|S|population stability index over the union of categories (empty shares smoothed to 1e-4)
45_drift_accessors|ks|ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, OUT statistic float8, OUT p_value float8||mlcheck_ks_numeric|S|two-sample Kolmogorov-Smirnov statistic and p-value (scipy.stats.ks_2samp, method auto)
45_drift_accessors|wasserstein|ref mlcheck.numeric_profile, cur mlcheck.numeric_profile|float8|mlcheck_wasserstein_numeric|S|Wasserstein-1 distance divided by max(reference population std, 0.001), as Evidently
45_drift_accessors|js_distance|ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, bins integer DEFAULT 30|float8|mlcheck_js_distance_numeric|S|Jensen-Shannon distance (natural log) over equal-width bins spanning both profiles
45_drift_accessors|js_distance|ref mlcheck.categorical_profile, cur mlcheck.categorical_profile|float8|mlcheck_js_distance_categorical|S|Jensen-Shannon distance (natural log) over category frequencies
45_drift_accessors|chi2|ref mlcheck.categorical_profile, cur mlcheck.categorical_profile, OUT statistic float8, OUT df integer, OUT p_value float8||mlcheck_chi2_categorical|S|chi-square test of homogeneity of two categorical profiles (scipy chi2_contingency, correction=False)
45_drift_accessors|drift|ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, method text DEFAULT 'auto', threshold float8 DEFAULT NULL|mlcheck.drift_result|mlcheck_drift_numeric|-|drift test between two numeric profiles; auto = ks when the reference has <= 1000 values, else wasserstein
45_drift_accessors|drift|ref mlcheck.categorical_profile, cur mlcheck.categorical_profile, method text DEFAULT 'auto', threshold float8 DEFAULT NULL|mlcheck.drift_result|mlcheck_drift_categorical|-|drift test between two categorical profiles; auto = chi2 when the reference has <= 1000 values, else js
55_fairness_accessors|selection_rate|c mlcheck.confusion, label text DEFAULT NULL|float8|mlcheck_selection_rate|-|share of rows predicted as the label (default true/1); NULL for an empty matrix
55_fairness_accessors|selection_rate|c mlcheck.confusion, label bigint|float8|mlcheck_selection_rate|S|share of rows predicted as an integer label
55_fairness_accessors|selection_rate|c mlcheck.confusion, label boolean|float8|mlcheck_selection_rate|S|share of rows predicted as a boolean label
55_fairness_accessors|false_positive_rate|c mlcheck.confusion, label text DEFAULT NULL|float8|mlcheck_false_positive_rate|-|false positive rate fp / (fp + tn) of the label (default true/1); NULL without actual negatives
55_fairness_accessors|false_positive_rate|c mlcheck.confusion, label bigint|float8|mlcheck_false_positive_rate|S|false positive rate of an integer label
55_fairness_accessors|false_positive_rate|c mlcheck.confusion, label boolean|float8|mlcheck_false_positive_rate|S|false positive rate of a boolean label
55_fairness_accessors|false_negative_rate|c mlcheck.confusion, label text DEFAULT NULL|float8|mlcheck_false_negative_rate|-|false negative rate fn / (fn + tp) of the label (default true/1); NULL without actual positives
55_fairness_accessors|false_negative_rate|c mlcheck.confusion, label bigint|float8|mlcheck_false_negative_rate|S|false negative rate of an integer label
55_fairness_accessors|false_negative_rate|c mlcheck.confusion, label boolean|float8|mlcheck_false_negative_rate|S|false negative rate of a boolean label
57_compare_accessors|roc_auc_test|a mlcheck.scores, b mlcheck.scores|mlcheck.auc_test|mlcheck_roc_auc_test|S|DeLong's test of two ROC curves on independent samples (pROC roc.test paired = FALSE): z, Welch degrees of freedom, two-sided p-value from Student's t; both summaries exact with integer counts
57_compare_accessors|roc_auc_ci|s mlcheck.scores, level float8 DEFAULT 0.95|mlcheck.auc_ci|mlcheck_scores_roc_auc_ci|S|ROC AUC and its DeLong confidence interval read off a stored exact scores summary (integer counts)
57_compare_accessors|accuracy_test|c mlcheck.confusion, level float8 DEFAULT 0.95|mlcheck.accuracy_test|mlcheck_accuracy_test|S|accuracy with its two-sided Clopper-Pearson interval and the p-value of accuracy > no-information rate (R binom.test as caret reports it); interval and p-value NULL unless every count is an integer
57_compare_accessors|no_information_rate|c mlcheck.confusion|float8|mlcheck_no_information_rate|S|share of the largest actual class: the accuracy of always predicting it; NULL for an empty matrix
57_compare_accessors|cohen_kappa|c mlcheck.confusion, weights text|float8|mlcheck_cohen_kappa_weighted|S|weighted Cohen's kappa (sklearn cohen_kappa_score weights => 'linear' | 'quadratic'), disagreement weights over the classes' positions in the sorted label list
57_compare_accessors|msle|r mlcheck.regression|float8|mlcheck_msle|S|mean squared log error (sklearn mean_squared_log_error); 22003 when rows with negative values were counted; NULL for summaries stored by release 0.1
57_compare_accessors|roc_auc_ovr|m mlcheck.multiclass, average text DEFAULT 'macro'|float8|mlcheck_multiclass_roc_auc_ovr|S|one-vs-rest ROC AUC, macro or support-weighted average (sklearn roc_auc_score multi_class='ovr', labels=range(K)); NULL when a class has no row or every row
57_compare_accessors|roc_auc_ovo|m mlcheck.multiclass, average text DEFAULT 'macro'|float8|mlcheck_multiclass_roc_auc_ovo|S|one-vs-one ROC AUC (Hand & Till) over the pairs of classes present, macro or prevalence-weighted (sklearn multi_class='ovo'); 22023 for weighted summaries
57_compare_accessors|log_loss|m mlcheck.multiclass|float8|mlcheck_multiclass_log_loss|S|multi-class log loss: probabilities clipped to [eps, 1 - eps] (eps = 2.220446049250313e-16), rows renormalised (sklearn 1.2 log_loss)
57_compare_accessors|brier|m mlcheck.multiclass|float8|mlcheck_multiclass_brier|S|Brier's multi-class score: mean over rows of the sum over classes of (p_k - y_k)^2, in [0, 2]
57_compare_accessors|top_k_accuracy|m mlcheck.multiclass, k integer|float8|mlcheck_multiclass_top_k_accuracy|S|share of rows whose actual class is among the k most probable (sklearn top_k_accuracy_score: ties rank the higher class first)
57_compare_accessors|confusion|m mlcheck.multiclass|mlcheck.confusion|mlcheck_multiclass_confusion|S|confusion matrix of the argmax predictions (ties to the lowest class, as numpy.argmax)
57_compare_accessors|n|m mlcheck.multiclass|bigint|mlcheck_multiclass_n|S|rows in the multiclass summary
57_compare_accessors|n_null|m mlcheck.multiclass|bigint|mlcheck_multiclass_n_null|S|rows skipped because probabilities, the actual class or the weight was NULL
57_compare_accessors|classes|m mlcheck.multiclass|integer|mlcheck_multiclass_classes|S|number of classes K (0 for an empty summary)
70_plot_accessors|plot|s mlcheck.scores, ascii boolean DEFAULT false, curve text DEFAULT 'roc'|text|mlcheck_plot_scores|S|text ROC curve (curve => 'roc') or precision-recall curve (curve => 'pr') of a scores summary, 80 columns wide
70_plot_accessors|plot|c mlcheck.confusion, ascii boolean DEFAULT false|text|mlcheck_plot_confusion|S|text heatmap of a confusion matrix: counts and row shares, shaded by row share
70_plot_accessors|plot|p mlcheck.numeric_profile, ascii boolean DEFAULT false|text|mlcheck_plot_numeric_profile|S|text histogram (20 equal-width bins between min and max) of a numeric profile
70_plot_accessors|plot|reference mlcheck.numeric_profile, current mlcheck.numeric_profile, ascii boolean DEFAULT false|text|mlcheck_plot_numeric_profile|S|overlaid text histograms (shares over common bins) of a reference and a current numeric profile
70_plot_accessors|plot|p mlcheck.categorical_profile, ascii boolean DEFAULT false|text|mlcheck_plot_categorical_profile|S|text bar chart of the 20 most frequent categories of a categorical profile (the rest summed)
70_plot_accessors|plot|reference mlcheck.categorical_profile, current mlcheck.categorical_profile, ascii boolean DEFAULT false|text|mlcheck_plot_categorical_profile|S|paired text bars (shares) of the 20 most frequent categories of a reference and a current profile
70_plot_accessors|svg|s mlcheck.scores, curve text DEFAULT 'roc', title text DEFAULT NULL|text|mlcheck_svg_scores|-|self-contained SVG 1.1 image (480x360) of the ROC curve (curve => 'roc') or precision-recall curve ('pr')
70_plot_accessors|svg|c mlcheck.confusion, title text DEFAULT NULL|text|mlcheck_svg_confusion|-|self-contained SVG 1.1 heatmap (480x360) of a confusion matrix: counts and row shares
70_plot_accessors|svg|c mlcheck.calibration, title text DEFAULT NULL|text|mlcheck_svg_calibration|-|self-contained SVG 1.1 reliability diagram (480x360) with rows per bin
70_plot_accessors|svg|p mlcheck.numeric_profile, title text DEFAULT NULL|text|mlcheck_svg_numeric_profile|-|self-contained SVG 1.1 histogram (480x360, 20 equal-width bins) of a numeric profile
70_plot_accessors|svg|reference mlcheck.numeric_profile, current mlcheck.numeric_profile, title text DEFAULT NULL|text|mlcheck_svg_numeric_profile|-|self-contained SVG 1.1 overlaid histograms (shares over common bins) of a reference and a current profile
70_plot_accessors|svg|p mlcheck.categorical_profile, title text DEFAULT NULL|text|mlcheck_svg_categorical_profile|-|self-contained SVG 1.1 bar chart of the 15 most frequent categories (the rest summed)
70_plot_accessors|svg|reference mlcheck.categorical_profile, current mlcheck.categorical_profile, title text DEFAULT NULL|text|mlcheck_svg_categorical_profile|-|self-contained SVG 1.1 paired bars (shares) of a reference and a current categorical profile
TABLE
)

HEADER="-- generated by src/sql/gen_decls.sh from its tables: edit those, then run make"

if [ "$OUT" = --list ]; then
	dir=${2:-.}
	printf '%s\n' "$dir/05_types.sql"
	{
		printf '%s\n' "$AGGS" | awk -F'|' -v dir="$dir" 'NF >= 7 { print dir "/" ($1 == "final" ? $2 : $1) ".sql" }'
		printf '%s\n' "$FUNCS" | awk -F'|' -v dir="$dir" 'NF >= 7 { print dir "/" $1 ".sql" }'
	} | sort -u
	exit 0
fi

# ------------------------------------------------------------- 05_types
printf '%s\n' "$TYPES" | awk -F'|' -v header="$HEADER" '
function q(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
NF < 5 { next }
NF > 6 { print "gen_decls.sh: type " $1 ": more than 6 fields (a \047|\047 inside a comment?)" > "/dev/stderr"; exit 1 }
{
	t = $1; c = $2; kind = $3; plus = ($4 == "+"); T = "mlcheck." t
	text = kind != "state" ? "JSON text" : "base64 of the binary form"
	print ""
	print "-- ---- " T (kind == "state" ? " (internal-use aggregate state)" : "")
	print "CREATE TYPE " T ";"
	print "CREATE FUNCTION mlcheck._" c "_in(cstring) RETURNS " T
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_in\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "CREATE FUNCTION mlcheck._" c "_out(" T ") RETURNS cstring"
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_out\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "CREATE FUNCTION mlcheck._" c "_recv(internal) RETURNS " T
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_recv\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "CREATE FUNCTION mlcheck._" c "_send(" T ") RETURNS bytea"
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_summary_send\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "CREATE TYPE " T " ("
	print "    INPUT = mlcheck._" c "_in, OUTPUT = mlcheck._" c "_out,"
	print "    RECEIVE = mlcheck._" c "_recv, SEND = mlcheck._" c "_send,"
	print "    INTERNALLENGTH = VARIABLE, STORAGE = extended);"
	print "COMMENT ON TYPE " T " IS " q($5) ";"
	print "COMMENT ON FUNCTION mlcheck._" c "_in(cstring) IS " q("input function of " T " (" text ")") ";"
	print "COMMENT ON FUNCTION mlcheck._" c "_out(" T ") IS " q("output function of " T " (" text ")") ";"
	print "COMMENT ON FUNCTION mlcheck._" c "_recv(internal) IS " q("binary input function of " T) ";"
	print "COMMENT ON FUNCTION mlcheck._" c "_send(" T ") IS " q("binary output function of " T) ";"
	# a "value" type (JSON text, comparable) is no aggregate state: no combine, merge, final
	if (kind != "value") {
		print "CREATE FUNCTION mlcheck._" c "_combine(" T ", " T ") RETURNS " T
		print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_combine\047 LANGUAGE C PARALLEL SAFE;"
		print "COMMENT ON FUNCTION mlcheck._" c "_combine(" T ", " T ") IS " \
			q("combine function of the aggregates with state " T (kind == "summary" ? ", and transition function of mlcheck.merge(" t ")" : "")) ";"
	}
	if (kind == "state")
		next
	print "CREATE CAST (" T " AS jsonb) WITH INOUT;"
	print "CREATE CAST (jsonb AS " T ") WITH INOUT;"
	if (kind == "summary") {
	print "CREATE FUNCTION mlcheck._" c "_final(" T ") RETURNS " T
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_final\047 LANGUAGE C PARALLEL SAFE;"
	print "COMMENT ON FUNCTION mlcheck._" c "_final(" T ") IS " q("final function of the aggregates that build " T) ";"
	print "CREATE AGGREGATE mlcheck.merge(" T ") ("
	print "    SFUNC = mlcheck._" c "_combine, STYPE = " T ","
	print "    FINALFUNC = mlcheck._" c "_final, FINALFUNC_MODIFY = READ_ONLY,"
	print "    COMBINEFUNC = mlcheck._" c "_combine, PARALLEL = SAFE);"
	print "COMMENT ON AGGREGATE mlcheck.merge(" T ") IS " q($6) ";"
	if (plus) {
		print "CREATE FUNCTION mlcheck._" c "_plus(" T ", " T ") RETURNS " T
		print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_plus\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
		print "COMMENT ON FUNCTION mlcheck._" c "_plus(" T ", " T ") IS " q("implementation of " t " + " t) ";"
		print "CREATE OPERATOR mlcheck.+ (LEFTARG = " T ", RIGHTARG = " T ","
		print "    FUNCTION = mlcheck._" c "_plus, COMMUTATOR = OPERATOR(mlcheck.+));"
		print "COMMENT ON OPERATOR mlcheck.+ (" T ", " T ") IS " q("merge of two " t " values") ";"
	}
	}
	# comparison on the canonical bytes: = and <> mean "same summary";
	# the order is arbitrary but total, for btree (sorting, DISTINCT,
	# merge joins) and hash (hash aggregation, UNION, hash joins)
	n = split("eq = ne <> lt < le <= gt > ge >=", op, " ")
	com["="] = "="; neg["="] = "<>"; com["<>"] = "<>"; neg["<>"] = "="
	com["<"] = ">"; neg["<"] = ">="; com["<="] = ">="; neg["<="] = ">"
	com[">"] = "<"; neg[">"] = "<="; com[">="] = "<="; neg[">="] = "<"
	desc["eq"] = "same summary (identical canonical binary form)"; desc["ne"] = "not the same summary"
	desc["lt"] = "sorts before (an arbitrary total order on the binary form)"; desc["le"] = "sorts before or is the same"
	desc["gt"] = "sorts after (an arbitrary total order on the binary form)"; desc["ge"] = "sorts after or is the same"
	for (i = 1; i <= n; i += 2) {
		f = op[i]; o = op[i + 1]
		print "CREATE FUNCTION mlcheck._" c "_" f "(" T ", " T ") RETURNS boolean"
		print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_" f "\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
		print "COMMENT ON FUNCTION mlcheck._" c "_" f "(" T ", " T ") IS " q("implementation of " t " " o " " t) ";"
		print "CREATE OPERATOR mlcheck." o " (LEFTARG = " T ", RIGHTARG = " T ", FUNCTION = mlcheck._" c "_" f ","
		print "    COMMUTATOR = OPERATOR(mlcheck." com[o] "), NEGATOR = OPERATOR(mlcheck." neg[o] ")" \
			(o == "=" ? ", RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES" : "") \
			(o == "<>" ? ", RESTRICT = neqsel, JOIN = neqjoinsel" : "") \
			(o == "<" || o == "<=" ? ", RESTRICT = scalarltsel, JOIN = scalarltjoinsel" : "") \
			(o == ">" || o == ">=" ? ", RESTRICT = scalargtsel, JOIN = scalargtjoinsel" : "") ");"
		print "COMMENT ON OPERATOR mlcheck." o " (" T ", " T ") IS " q(desc[f]) ";"
	}
	print "CREATE FUNCTION mlcheck._" c "_cmp(" T ", " T ") RETURNS integer"
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_cmp\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "COMMENT ON FUNCTION mlcheck._" c "_cmp(" T ", " T ") IS " q("btree comparison of " T " (on the binary form)") ";"
	print "CREATE FUNCTION mlcheck._" c "_hash(" T ") RETURNS integer"
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_hash\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "COMMENT ON FUNCTION mlcheck._" c "_hash(" T ") IS " q("hash of " T " (of the binary form)") ";"
	print "CREATE FUNCTION mlcheck._" c "_hash_extended(" T ", bigint) RETURNS bigint"
	print "    AS \047MODULE_PATHNAME\047, \047mlcheck_" c "_hash_extended\047 LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
	print "COMMENT ON FUNCTION mlcheck._" c "_hash_extended(" T ", bigint) IS " q("seeded hash of " T " (of the binary form)") ";"
	print "CREATE OPERATOR CLASS mlcheck." t "_ops DEFAULT FOR TYPE " T " USING btree AS"
	print "    OPERATOR 1 mlcheck.<, OPERATOR 2 mlcheck.<=, OPERATOR 3 mlcheck.=,"
	print "    OPERATOR 4 mlcheck.>=, OPERATOR 5 mlcheck.>, FUNCTION 1 mlcheck._" c "_cmp(" T ", " T ");"
	print "COMMENT ON OPERATOR CLASS mlcheck." t "_ops USING btree IS " q("order of " T " values for sorting, DISTINCT and GROUP BY (arbitrary, on the binary form)") ";"
	print "CREATE OPERATOR CLASS mlcheck." t "_ops DEFAULT FOR TYPE " T " USING hash AS"
	print "    OPERATOR 1 mlcheck.=, FUNCTION 1 mlcheck._" c "_hash(" T "),"
	print "    FUNCTION 2 mlcheck._" c "_hash_extended(" T ", bigint);"
	print "COMMENT ON OPERATOR CLASS mlcheck." t "_ops USING hash IS " q("hashing of " T " values for hash aggregation, UNION and hash joins") ";"
}
BEGIN { print header; print "-- Every value type of mlcheck: the summary types and the internal-use"; print "-- transition states of the aggregates that return a plain value."; }
' > "$OUT/05_types.sql"

# ------------------------------------------------------ NN_<family>_aggs
files=$(printf '%s\n' "$AGGS" | awk -F'|' 'NF >= 7 { print ($1 == "final" ? $2 : $1) }' | sort -u)
for f in $files; do
	printf '%s\n' "$AGGS" | awk -F'|' -v file="$f" -v header="$HEADER" '
	function q(s) { gsub(/\047\047/, "\047", s); gsub(/\047/, "\047\047", s); return "\047" s "\047" }
	function qt(t) { return t ~ /\./ ? t : "mlcheck." t }
	# "actual boolean, weight float8" -> "boolean, float8"
	function types(args,   n, a, i, w, out) {
		n = split(args, a, /, */); out = ""
		for (i = 1; i <= n; i++) { split(a[i], w, " "); out = out (i > 1 ? ", " : "") w[2] }
		return out
	}
	BEGIN { print header }
	$1 == "final" && $2 == file {
		S = qt($4)
		print "CREATE FUNCTION mlcheck." $3 "(" S ") RETURNS " $5
		print "    AS \047MODULE_PATHNAME\047, \047" $6 "\047 LANGUAGE C PARALLEL SAFE;"
		print "COMMENT ON FUNCTION mlcheck." $3 "(" S ") IS " q($7) ";"
		next
	}
	$1 == file {
		S = qt($4); split($5, sf, ":"); ty = types($3)
		sig = sf[1] "(" S ", " ty ")"
		if (!(sig in done)) {
			done[sig] = 1
			print "CREATE FUNCTION mlcheck." sig " RETURNS " S
			print "    AS \047MODULE_PATHNAME\047, \047" sf[2] "\047 LANGUAGE C PARALLEL SAFE;"
			users[sig] = ""
			order[++nsig] = sig
		}
		users[sig] = users[sig] (users[sig] == "" ? "" : ", ") "mlcheck." $2 "(" ty ")"
		aggs[++nagg] = $0
	}
	END {
		for (i = 1; i <= nsig; i++)
			print "COMMENT ON FUNCTION mlcheck." order[i] " IS " q("transition function of " users[order[i]]) ";"
		for (i = 1; i <= nagg; i++) {
			split(aggs[i], a, "|"); S = qt(a[4]); split(a[5], sf, ":")
			print "CREATE AGGREGATE mlcheck." a[2] "(" a[3] ") ("
			print "    SFUNC = mlcheck." sf[1] ", STYPE = " S ","
			print "    FINALFUNC = mlcheck." a[6] ", FINALFUNC_MODIFY = READ_ONLY,"
			print "    COMBINEFUNC = mlcheck._" (a[4] ~ /^_/ ? substr(a[4], 2) : a[4]) "_combine, PARALLEL = SAFE);"
			print "COMMENT ON AGGREGATE mlcheck." a[2] "(" types(a[3]) ") IS " q(a[7]) ";"
		}
	}' > "$OUT/$f.sql"
done

# ------------------------------------------------- NN_<family>_accessors
files=$(printf '%s\n' "$FUNCS" | awk -F'|' 'NF >= 7 { print $1 }' | sort -u)
for f in $files; do
	printf '%s\n' "$FUNCS" | awk -F'|' -v file="$f" -v header="$HEADER" '
	function q(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
	# "c mlcheck.confusion, label text DEFAULT NULL, OUT x float8" -> "mlcheck.confusion, text"
	function types(args,   n, a, i, w, out) {
		n = split(args, a, /, */); out = ""
		for (i = 1; i <= n; i++) {
			split(a[i], w, " ")
			if (w[1] != "OUT") out = out (out != "" ? ", " : "") w[2]
		}
		return out
	}
	BEGIN { print header }
	$1 == file {
		print "CREATE FUNCTION mlcheck." $2 "(" $3 ")" ($4 != "" ? " RETURNS " $4 : "")
		print "    AS \047MODULE_PATHNAME\047, \047" $5 "\047 LANGUAGE C IMMUTABLE" ($6 == "S" ? " STRICT" : "") " PARALLEL SAFE;"
		# the comment is the rest of the line: it may hold "|" itself
		c = $7
		for (i = 8; i <= NF; i++) c = c "|" $i
		print "COMMENT ON FUNCTION mlcheck." $2 "(" types($3) ") IS " q(c) ";"
	}' > "$OUT/$f.sql"
done
