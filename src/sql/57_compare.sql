-- Comparisons before shipping a model: DeLong's test of two ROC curves on
-- independent samples, the DeLong interval of a stored exact summary, the
-- accuracy test against the no-information rate, weighted Cohen's kappa,
-- mean squared log error.

CREATE TYPE mlcheck.auc_test AS (
    auc_a float8, auc_b float8, difference float8, z float8, df float8, p_value float8);
COMMENT ON TYPE mlcheck.auc_test IS 'result of mlcheck.roc_auc_test: DeLong''s test of two ROC curves on independent samples';

CREATE FUNCTION mlcheck.roc_auc_test(a mlcheck.scores, b mlcheck.scores) RETURNS mlcheck.auc_test
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.roc_auc_test(mlcheck.scores, mlcheck.scores) IS
    'DeLong''s test of two ROC curves on independent samples (pROC roc.test paired = FALSE): z, Welch degrees of freedom, two-sided p-value from Student''s t; both summaries exact with integer counts';

CREATE FUNCTION mlcheck.roc_auc_ci(s mlcheck.scores, level float8 DEFAULT 0.95) RETURNS mlcheck.auc_ci
    AS 'MODULE_PATHNAME', 'mlcheck_scores_roc_auc_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.roc_auc_ci(mlcheck.scores, float8) IS
    'ROC AUC and its DeLong confidence interval read off a stored exact scores summary (integer counts)';

CREATE TYPE mlcheck.accuracy_test AS (
    accuracy float8, lower float8, upper float8, no_information_rate float8, p_value float8);
COMMENT ON TYPE mlcheck.accuracy_test IS 'result of mlcheck.accuracy_test: accuracy, Clopper-Pearson interval, no-information rate, one-sided binomial p-value';

CREATE FUNCTION mlcheck.accuracy_test(c mlcheck.confusion, level float8 DEFAULT 0.95) RETURNS mlcheck.accuracy_test
    AS 'MODULE_PATHNAME', 'mlcheck_accuracy_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.accuracy_test(mlcheck.confusion, float8) IS
    'accuracy with its two-sided Clopper-Pearson interval and the p-value of accuracy > no-information rate (R binom.test as caret reports it); interval and p-value NULL unless every count is an integer';

CREATE FUNCTION mlcheck.no_information_rate(c mlcheck.confusion) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_no_information_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.no_information_rate(mlcheck.confusion) IS
    'share of the largest actual class: the accuracy of always predicting it; NULL for an empty matrix';

CREATE FUNCTION mlcheck.cohen_kappa(c mlcheck.confusion, weights text) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_cohen_kappa_weighted' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.cohen_kappa(mlcheck.confusion, text) IS
    'weighted Cohen''s kappa (sklearn cohen_kappa_score weights => ''linear'' | ''quadratic''), disagreement weights over the classes'' positions in the sorted label list';

CREATE FUNCTION mlcheck.msle(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_msle' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.msle(mlcheck.regression) IS
    'mean squared log error (sklearn mean_squared_log_error); 22003 when rows with negative values were counted; NULL for summaries stored by release 0.1';
