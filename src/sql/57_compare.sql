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

-- ---- multi-class probability metrics on mlcheck.multiclass
CREATE FUNCTION mlcheck.roc_auc_ovr(m mlcheck.multiclass, average text DEFAULT 'macro') RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_roc_auc_ovr' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.roc_auc_ovr(mlcheck.multiclass, text) IS
    'one-vs-rest ROC AUC, macro or support-weighted average (sklearn roc_auc_score multi_class=''ovr'', labels=range(K)); NULL when a class has no row or every row';
CREATE FUNCTION mlcheck.roc_auc_ovo(m mlcheck.multiclass, average text DEFAULT 'macro') RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_roc_auc_ovo' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.roc_auc_ovo(mlcheck.multiclass, text) IS
    'one-vs-one ROC AUC (Hand & Till) over the pairs of classes present, macro or prevalence-weighted (sklearn multi_class=''ovo''); 22023 for weighted summaries';
CREATE FUNCTION mlcheck.log_loss(m mlcheck.multiclass) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_log_loss' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.log_loss(mlcheck.multiclass) IS
    'multi-class log loss: probabilities clipped to [eps, 1 - eps] (eps = 2.220446049250313e-16), rows renormalised (sklearn 1.2 log_loss)';
CREATE FUNCTION mlcheck.brier(m mlcheck.multiclass) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_brier' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.brier(mlcheck.multiclass) IS
    'Brier''s multi-class score: mean over rows of the sum over classes of (p_k - y_k)^2, in [0, 2]';
CREATE FUNCTION mlcheck.top_k_accuracy(m mlcheck.multiclass, k integer) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_top_k_accuracy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.top_k_accuracy(mlcheck.multiclass, integer) IS
    'share of rows whose actual class is among the k most probable (sklearn top_k_accuracy_score: ties rank the higher class first)';
CREATE FUNCTION mlcheck.confusion(m mlcheck.multiclass) RETURNS mlcheck.confusion
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_confusion' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.confusion(mlcheck.multiclass) IS
    'confusion matrix of the argmax predictions (ties to the lowest class, as numpy.argmax)';
CREATE FUNCTION mlcheck.n(m mlcheck.multiclass) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n(mlcheck.multiclass) IS 'rows in the multiclass summary';
CREATE FUNCTION mlcheck.n_null(m mlcheck.multiclass) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_n_null' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.multiclass) IS 'rows skipped because probabilities, the actual class or the weight was NULL';
CREATE FUNCTION mlcheck.classes(m mlcheck.multiclass) RETURNS integer
    AS 'MODULE_PATHNAME', 'mlcheck_multiclass_classes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.classes(mlcheck.multiclass) IS 'number of classes K (0 for an empty summary)';

CREATE TYPE mlcheck.mcnemar_result AS (
    a_only bigint, b_only bigint, statistic float8, p_value float8, exact boolean);
COMMENT ON TYPE mlcheck.mcnemar_result IS 'result of mlcheck.mcnemar: rows only model a / only model b gets right, the test statistic, its p-value, and whether the exact binomial test was used';

-- Probabilities do not compress: store large multiclass values uncompressed
-- (out of line), which saves the compression on every write and read.
ALTER TYPE mlcheck.multiclass SET (STORAGE = external);
