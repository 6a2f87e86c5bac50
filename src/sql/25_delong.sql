-- SPEC §2 (P1): confidence and comparison of ROC AUCs by DeLong's variance.
--   roc_auc_ci(score, label [, level])        -> mlcheck.auc_ci
--   delong_test(score_a, score_b, label)      -> mlcheck.delong_result
-- Both keep every row (8 resp. 16 bytes a row, bounded by
-- mlcheck.max_value_kb) and share one state family (src/core/mlc_delong.c).

CREATE TYPE mlcheck.auc_ci AS (auc float8, lower float8, upper float8);
COMMENT ON TYPE mlcheck.auc_ci IS 'result of mlcheck.roc_auc_ci: ROC AUC and its DeLong confidence interval';
CREATE TYPE mlcheck.delong_result AS (
    auc_a float8, auc_b float8, difference float8, z float8, p_value float8);
COMMENT ON TYPE mlcheck.delong_result IS 'result of mlcheck.delong_test: paired DeLong test of two ROC AUCs';

