-- Comparisons before shipping a model: DeLong's test of two ROC curves on
-- independent samples, the DeLong interval of a stored exact summary, the
-- accuracy test against the no-information rate, weighted Cohen's kappa,
-- mean squared log error.

CREATE TYPE mlcheck.auc_test AS (
    auc_a float8, auc_b float8, difference float8, z float8, df float8, p_value float8);
COMMENT ON TYPE mlcheck.auc_test IS 'result of mlcheck.roc_auc_test: DeLong''s test of two ROC curves on independent samples';

CREATE TYPE mlcheck.accuracy_test AS (
    accuracy float8, lower float8, upper float8, no_information_rate float8, p_value float8);
COMMENT ON TYPE mlcheck.accuracy_test IS 'result of mlcheck.accuracy_test: accuracy, Clopper-Pearson interval, no-information rate, one-sided binomial p-value';

-- The functions over these types, the scores, confusion and regression
-- summaries and mlcheck.multiclass are rows of the accessor table of
-- gen_decls.sh (generated into 57_compare_accessors.sql).

CREATE TYPE mlcheck.mcnemar_result AS (
    a_only bigint, b_only bigint, statistic float8, p_value float8, exact boolean);
COMMENT ON TYPE mlcheck.mcnemar_result IS 'result of mlcheck.mcnemar: rows only model a / only model b gets right, the test statistic, its p-value, and whether the exact binomial test was used';

-- Probabilities do not compress: store large multiclass values uncompressed
-- (out of line), which saves the compression on every write and read.
ALTER TYPE mlcheck.multiclass SET (STORAGE = external);
