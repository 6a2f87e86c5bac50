-- SPEC §2: classification by scores.
--   roc_auc / pr_auc       exact aggregates sharing one transition state (one
--                          pass for SELECT roc_auc(s, l), pr_auc(s, l))
--   log_loss / brier       aggregates sharing one transition state
--   mlcheck.scores         mergeable summary type, its aggregates and accessors

-- ---- exact ROC AUC and average precision

-- ---- log loss and Brier score

-- ---- the scores summary type

-- ---- accessors
CREATE FUNCTION mlcheck.roc_auc(s mlcheck.scores) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_scores_roc_auc' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.pr_auc(s mlcheck.scores) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_scores_pr_auc' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.roc_auc_bounds(s mlcheck.scores, OUT lower float8, OUT upper float8)
    AS 'MODULE_PATHNAME', 'mlcheck_scores_roc_auc_bounds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.is_exact(s mlcheck.scores) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_scores_is_exact' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n(s mlcheck.scores) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_scores_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(s mlcheck.scores) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_scores_n_null' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.confusion_at(s mlcheck.scores, threshold float8) RETURNS mlcheck.confusion
    AS 'MODULE_PATHNAME', 'mlcheck_scores_confusion_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.best_threshold(s mlcheck.scores, criterion text DEFAULT 'f1',
                                       OUT threshold float8, OUT value float8)
    AS 'MODULE_PATHNAME', 'mlcheck_scores_best_threshold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.roc_points(s mlcheck.scores)
    RETURNS TABLE (threshold float8, fpr float8, tpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'mlcheck_scores_roc_points' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION mlcheck.pr_points(s mlcheck.scores)
    RETURNS TABLE (threshold float8, fpr float8, tpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'mlcheck_scores_pr_points' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION mlcheck.roc_auc(mlcheck.scores) IS 'ROC AUC of a scores summary (exact when is_exact; else the midpoint of roc_auc_bounds)';
COMMENT ON FUNCTION mlcheck.pr_auc(mlcheck.scores) IS 'average precision of a scores summary (exact when is_exact; bins count as tied scores)';
COMMENT ON FUNCTION mlcheck.roc_auc_bounds(mlcheck.scores) IS 'bounds that always contain the exact ROC AUC of the summarized rows (equal when exact)';
COMMENT ON FUNCTION mlcheck.is_exact(mlcheck.scores) IS 'true while the summary holds every distinct score (not binned)';
COMMENT ON FUNCTION mlcheck.n(mlcheck.scores) IS 'number (total weight) of rows summarized';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.scores) IS 'rows skipped because score, label or weight was NULL';
COMMENT ON FUNCTION mlcheck.confusion_at(mlcheck.scores, float8) IS 'confusion matrix when predicting positive iff score >= threshold';
COMMENT ON FUNCTION mlcheck.best_threshold(mlcheck.scores, text) IS 'threshold maximizing f1, youden (tpr - fpr) or accuracy, with the value reached';
COMMENT ON FUNCTION mlcheck.roc_points(mlcheck.scores) IS 'ROC curve: one row per distinct score (bin) in decreasing threshold order, as sklearn roc_curve(drop_intermediate=False) without the origin';
COMMENT ON FUNCTION mlcheck.pr_points(mlcheck.scores) IS 'precision-recall curve: the rows of roc_points plus the closing (precision 1, recall 0) point without threshold, as sklearn precision_recall_curve';
