-- Classification by scores.
--   roc_auc / pr_auc       exact aggregates sharing one transition state (one
--                          pass for SELECT roc_auc(s, l), pr_auc(s, l))
--   log_loss / brier       aggregates sharing one transition state
--   mlcheck.scores         mergeable summary type, its aggregates and accessors

-- ---- exact ROC AUC and average precision
CREATE FUNCTION mlcheck._auc_trans(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_auc_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._auc_trans(internal, float8, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_auc_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._auc_trans(internal, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_auc_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._auc_trans(internal, float8, integer, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_auc_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._auc_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_auc_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._auc_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_auc_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._auc_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_auc_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._roc_auc_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_final' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._pr_auc_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_pr_auc_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._auc_trans(internal, float8, boolean) IS 'transition function of roc_auc and pr_auc';
COMMENT ON FUNCTION mlcheck._auc_trans(internal, float8, boolean, float8) IS 'transition function of roc_auc and pr_auc (weighted)';
COMMENT ON FUNCTION mlcheck._auc_trans(internal, float8, integer) IS 'transition function of roc_auc and pr_auc';
COMMENT ON FUNCTION mlcheck._auc_trans(internal, float8, integer, float8) IS 'transition function of roc_auc and pr_auc (weighted)';
COMMENT ON FUNCTION mlcheck._auc_combine(internal, internal) IS 'combine function of roc_auc and pr_auc';
COMMENT ON FUNCTION mlcheck._auc_serial(internal) IS 'serialization function of roc_auc and pr_auc';
COMMENT ON FUNCTION mlcheck._auc_deserial(bytea, internal) IS 'deserialization function of roc_auc and pr_auc';
COMMENT ON FUNCTION mlcheck._roc_auc_final(internal) IS 'final function of roc_auc';
COMMENT ON FUNCTION mlcheck._pr_auc_final(internal) IS 'final function of pr_auc';

CREATE AGGREGATE mlcheck.roc_auc(score float8, label boolean) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.roc_auc(score float8, label boolean, weight float8) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.roc_auc(score float8, label integer) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.roc_auc(score float8, label integer, weight float8) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.roc_auc(float8, boolean) IS 'exact ROC AUC (as sklearn roc_auc_score; ties count half)';
COMMENT ON AGGREGATE mlcheck.roc_auc(float8, boolean, float8) IS 'exact ROC AUC (as sklearn roc_auc_score; ties count half), weighted';
COMMENT ON AGGREGATE mlcheck.roc_auc(float8, integer) IS 'exact ROC AUC (as sklearn roc_auc_score; ties count half); integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.roc_auc(float8, integer, float8) IS 'exact ROC AUC (as sklearn roc_auc_score; ties count half), weighted; integer labels 0/1';

CREATE AGGREGATE mlcheck.pr_auc(score float8, label boolean) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._pr_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.pr_auc(score float8, label boolean, weight float8) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._pr_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.pr_auc(score float8, label integer) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._pr_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.pr_auc(score float8, label integer, weight float8) (
    SFUNC = mlcheck._auc_trans, STYPE = internal,
    FINALFUNC = mlcheck._pr_auc_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._auc_combine,
    SERIALFUNC = mlcheck._auc_serial, DESERIALFUNC = mlcheck._auc_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.pr_auc(float8, boolean) IS 'exact average precision (as sklearn average_precision_score, step-wise)';
COMMENT ON AGGREGATE mlcheck.pr_auc(float8, boolean, float8) IS 'exact average precision (as sklearn average_precision_score, step-wise), weighted';
COMMENT ON AGGREGATE mlcheck.pr_auc(float8, integer) IS 'exact average precision (as sklearn average_precision_score, step-wise); integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.pr_auc(float8, integer, float8) IS 'exact average precision (as sklearn average_precision_score, step-wise), weighted; integer labels 0/1';

-- ---- log loss and Brier score
CREATE FUNCTION mlcheck._prob_trans(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_prob_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._prob_trans(internal, float8, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_prob_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._prob_trans(internal, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_prob_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._prob_trans(internal, float8, integer, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_prob_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._prob_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_prob_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._prob_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_prob_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._prob_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_prob_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._log_loss_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_log_loss_final' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._brier_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_brier_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._prob_trans(internal, float8, boolean) IS 'transition function of log_loss and brier';
COMMENT ON FUNCTION mlcheck._prob_trans(internal, float8, boolean, float8) IS 'transition function of log_loss and brier (weighted)';
COMMENT ON FUNCTION mlcheck._prob_trans(internal, float8, integer) IS 'transition function of log_loss and brier';
COMMENT ON FUNCTION mlcheck._prob_trans(internal, float8, integer, float8) IS 'transition function of log_loss and brier (weighted)';
COMMENT ON FUNCTION mlcheck._prob_combine(internal, internal) IS 'combine function of log_loss and brier';
COMMENT ON FUNCTION mlcheck._prob_serial(internal) IS 'serialization function of log_loss and brier';
COMMENT ON FUNCTION mlcheck._prob_deserial(bytea, internal) IS 'deserialization function of log_loss and brier';
COMMENT ON FUNCTION mlcheck._log_loss_final(internal) IS 'final function of log_loss';
COMMENT ON FUNCTION mlcheck._brier_final(internal) IS 'final function of brier';

CREATE AGGREGATE mlcheck.log_loss(prob float8, label boolean) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._log_loss_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.log_loss(prob float8, label boolean, weight float8) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._log_loss_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.log_loss(prob float8, label integer) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._log_loss_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.log_loss(prob float8, label integer, weight float8) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._log_loss_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.log_loss(float8, boolean) IS 'log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss)';
COMMENT ON AGGREGATE mlcheck.log_loss(float8, boolean, float8) IS 'log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss), weighted';
COMMENT ON AGGREGATE mlcheck.log_loss(float8, integer) IS 'log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss); integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.log_loss(float8, integer, float8) IS 'log loss of predicted probabilities (clipped to [1e-15, 1-1e-15] as sklearn log_loss), weighted; integer labels 0/1';

CREATE AGGREGATE mlcheck.brier(prob float8, label boolean) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._brier_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.brier(prob float8, label boolean, weight float8) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._brier_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.brier(prob float8, label integer) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._brier_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.brier(prob float8, label integer, weight float8) (
    SFUNC = mlcheck._prob_trans, STYPE = internal,
    FINALFUNC = mlcheck._brier_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._prob_combine,
    SERIALFUNC = mlcheck._prob_serial, DESERIALFUNC = mlcheck._prob_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.brier(float8, boolean) IS 'Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss)';
COMMENT ON AGGREGATE mlcheck.brier(float8, boolean, float8) IS 'Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss), weighted';
COMMENT ON AGGREGATE mlcheck.brier(float8, integer) IS 'Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss); integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.brier(float8, integer, float8) IS 'Brier score: mean squared error of predicted probabilities (sklearn brier_score_loss), weighted; integer labels 0/1';

-- ---- the scores summary type
CREATE TYPE mlcheck.scores;

CREATE FUNCTION mlcheck._scores_in(cstring) RETURNS mlcheck.scores
    AS 'MODULE_PATHNAME', 'mlcheck_scores_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_out(mlcheck.scores) RETURNS cstring
    AS 'MODULE_PATHNAME', 'mlcheck_scores_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_recv(internal) RETURNS mlcheck.scores
    AS 'MODULE_PATHNAME', 'mlcheck_scores_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_send(mlcheck.scores) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mlcheck.scores (
    INPUT = mlcheck._scores_in,
    OUTPUT = mlcheck._scores_out,
    RECEIVE = mlcheck._scores_recv,
    SEND = mlcheck._scores_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE mlcheck.scores IS
    'Mergeable summary of (score, label): distinct scores with positive/negative counts, binned past max_bins; text form {"max_bins": N, "n_null": N, "exact": B, "entries": [[score, pos, neg] or [lo, hi, pos, neg], ...]}';
COMMENT ON FUNCTION mlcheck._scores_in(cstring) IS 'input function of mlcheck.scores (JSON text)';
COMMENT ON FUNCTION mlcheck._scores_out(mlcheck.scores) IS 'output function of mlcheck.scores (JSON text)';
COMMENT ON FUNCTION mlcheck._scores_recv(internal) IS 'binary input function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_send(mlcheck.scores) IS 'binary output function of mlcheck.scores';

CREATE CAST (mlcheck.scores AS jsonb) WITH INOUT;
CREATE CAST (jsonb AS mlcheck.scores) WITH INOUT;

CREATE FUNCTION mlcheck._scores_trans(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, boolean, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_bool_w' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, boolean, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_bool_w' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, integer, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, integer, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_int_w' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_trans(internal, float8, integer, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_trans_int_w' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_merge_trans(internal, mlcheck.scores) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_merge_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_scores_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_scores_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._scores_final(internal) RETURNS mlcheck.scores
    AS 'MODULE_PATHNAME', 'mlcheck_scores_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, boolean) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, boolean, integer) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, boolean, float8) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, boolean, float8, integer) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, integer) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, integer, integer) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, integer, float8) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_trans(internal, float8, integer, float8, integer) IS 'transition function of mlcheck.scores';
COMMENT ON FUNCTION mlcheck._scores_merge_trans(internal, mlcheck.scores) IS 'transition function of mlcheck.merge(scores)';
COMMENT ON FUNCTION mlcheck._scores_combine(internal, internal) IS 'combine function of the scores aggregates';
COMMENT ON FUNCTION mlcheck._scores_serial(internal) IS 'serialization function of the scores aggregates';
COMMENT ON FUNCTION mlcheck._scores_deserial(bytea, internal) IS 'deserialization function of the scores aggregates';
COMMENT ON FUNCTION mlcheck._scores_final(internal) IS 'final function of the scores aggregates';

CREATE AGGREGATE mlcheck.scores(score float8, label boolean) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label boolean, max_bins integer) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label boolean, weight float8) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label boolean, weight float8, max_bins integer) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label integer) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label integer, max_bins integer) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label integer, weight float8) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.scores(score float8, label integer, weight float8, max_bins integer) (
    SFUNC = mlcheck._scores_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.merge(mlcheck.scores) (
    SFUNC = mlcheck._scores_merge_trans, STYPE = internal,
    FINALFUNC = mlcheck._scores_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._scores_combine,
    SERIALFUNC = mlcheck._scores_serial, DESERIALFUNC = mlcheck._scores_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.scores(float8, boolean) IS 'summary of (score, label), exact up to 10000 distinct scores';
COMMENT ON AGGREGATE mlcheck.scores(float8, boolean, integer) IS 'summary of (score, label), exact up to max_bins distinct scores';
COMMENT ON AGGREGATE mlcheck.scores(float8, boolean, float8) IS 'weighted summary of (score, label), exact up to 10000 distinct scores';
COMMENT ON AGGREGATE mlcheck.scores(float8, boolean, float8, integer) IS 'weighted summary of (score, label), exact up to max_bins distinct scores';
COMMENT ON AGGREGATE mlcheck.scores(float8, integer) IS 'summary of (score, label), exact up to 10000 distinct scores; integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.scores(float8, integer, integer) IS 'summary of (score, label), exact up to max_bins distinct scores; integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.scores(float8, integer, float8) IS 'weighted summary of (score, label), exact up to 10000 distinct scores; integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.scores(float8, integer, float8, integer) IS 'weighted summary of (score, label), exact up to max_bins distinct scores; integer labels 0/1';
COMMENT ON AGGREGATE mlcheck.merge(mlcheck.scores) IS 'merge of stored scores summaries (exact while the union has at most max_bins distinct scores)';

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
