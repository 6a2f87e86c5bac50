-- Classification by scores.
--   roc_auc / pr_auc       exact aggregates sharing one transition state (one
--                          pass for SELECT roc_auc(s, l), pr_auc(s, l))
--   log_loss / brier       aggregates sharing one transition state
--   mlcheck.scores         mergeable summary type, its aggregates and accessors

-- ---- exact ROC AUC and average precision

-- ---- log loss and Brier score

-- ---- the scores summary type

-- ---- accessors: the one-line ones are rows of the accessor table of
-- gen_decls.sh (generated into 20_scores_accessors.sql)
CREATE FUNCTION mlcheck.roc_points(s mlcheck.scores)
    RETURNS TABLE (threshold float8, fpr float8, tpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'mlcheck_scores_roc_points' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION mlcheck.pr_points(s mlcheck.scores)
    RETURNS TABLE (threshold float8, fpr float8, tpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'mlcheck_scores_pr_points' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION mlcheck.roc_points(mlcheck.scores) IS 'ROC curve: one row per distinct score (bin) in decreasing threshold order, as sklearn roc_curve(drop_intermediate=False) without the origin';
COMMENT ON FUNCTION mlcheck.pr_points(mlcheck.scores) IS 'precision-recall curve: the rows of roc_points plus the closing (precision 1, recall 0) point without threshold, as sklearn precision_recall_curve';
