-- generated from src/sql/*.sql by make; edit those files
\echo Use "CREATE EXTENSION mlcheck" to load this file. \quit

-- ==== src/sql/00_schema.sql
-- The extension owns schema mlcheck.  CREATE SCHEMA (not IF NOT EXISTS)
-- fails safely if someone pre-created a schema of that name to plant
-- objects in it (the control file installs into pg_catalog, pg_cron's idiom).
CREATE SCHEMA mlcheck;
COMMENT ON SCHEMA mlcheck IS 'mlcheck: ML model evaluation and monitoring';
GRANT USAGE ON SCHEMA mlcheck TO PUBLIC;

-- ==== src/sql/10_confusion.sql
-- SPEC §1: the confusion type, its aggregates, operators and accessors.

CREATE TYPE mlcheck.confusion;

CREATE FUNCTION mlcheck._confusion_in(cstring) RETURNS mlcheck.confusion
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_out(mlcheck.confusion) RETURNS cstring
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_recv(internal) RETURNS mlcheck.confusion
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_send(mlcheck.confusion) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mlcheck.confusion (
    INPUT = mlcheck._confusion_in,
    OUTPUT = mlcheck._confusion_out,
    RECEIVE = mlcheck._confusion_recv,
    SEND = mlcheck._confusion_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE mlcheck.confusion IS
    'Confusion matrix (actual x predicted, weighted counts) over boolean, bigint or text labels; text form {"labels": [...], "matrix": [[...]], "n_null": N}';

CREATE CAST (mlcheck.confusion AS jsonb) WITH INOUT;
CREATE CAST (jsonb AS mlcheck.confusion) WITH INOUT;

-- ---- aggregate support
CREATE FUNCTION mlcheck._confusion_trans(internal, boolean, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_trans(internal, boolean, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_trans(internal, bigint, bigint) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_trans(internal, bigint, bigint, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_trans(internal, text, text) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_trans_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_trans(internal, text, text, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_trans_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_merge_trans(internal, mlcheck.confusion) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_merge_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_final(internal) RETURNS mlcheck.confusion
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_final' LANGUAGE C PARALLEL SAFE;

COMMENT ON FUNCTION mlcheck._confusion_trans(internal, boolean, boolean) IS 'transition function of mlcheck.confusion';
COMMENT ON FUNCTION mlcheck._confusion_trans(internal, boolean, boolean, float8) IS 'transition function of mlcheck.confusion (weighted)';
COMMENT ON FUNCTION mlcheck._confusion_trans(internal, bigint, bigint) IS 'transition function of mlcheck.confusion';
COMMENT ON FUNCTION mlcheck._confusion_trans(internal, bigint, bigint, float8) IS 'transition function of mlcheck.confusion (weighted)';
COMMENT ON FUNCTION mlcheck._confusion_trans(internal, text, text) IS 'transition function of mlcheck.confusion';
COMMENT ON FUNCTION mlcheck._confusion_trans(internal, text, text, float8) IS 'transition function of mlcheck.confusion (weighted)';
COMMENT ON FUNCTION mlcheck._confusion_merge_trans(internal, mlcheck.confusion) IS 'transition function of mlcheck.merge(confusion)';
COMMENT ON FUNCTION mlcheck._confusion_combine(internal, internal) IS 'combine function of the confusion aggregates';
COMMENT ON FUNCTION mlcheck._confusion_serial(internal) IS 'serialization function of the confusion aggregates';
COMMENT ON FUNCTION mlcheck._confusion_deserial(bytea, internal) IS 'deserialization function of the confusion aggregates';
COMMENT ON FUNCTION mlcheck._confusion_final(internal) IS 'final function of the confusion aggregates';
COMMENT ON FUNCTION mlcheck._confusion_in(cstring) IS 'input function of mlcheck.confusion (JSON text)';
COMMENT ON FUNCTION mlcheck._confusion_out(mlcheck.confusion) IS 'output function of mlcheck.confusion (JSON text)';
COMMENT ON FUNCTION mlcheck._confusion_recv(internal) IS 'binary input function of mlcheck.confusion';
COMMENT ON FUNCTION mlcheck._confusion_send(mlcheck.confusion) IS 'binary output function of mlcheck.confusion';

CREATE AGGREGATE mlcheck.confusion(actual boolean, predicted boolean) (
    SFUNC = mlcheck._confusion_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.confusion(actual boolean, predicted boolean, weight float8) (
    SFUNC = mlcheck._confusion_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.confusion(actual bigint, predicted bigint) (
    SFUNC = mlcheck._confusion_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.confusion(actual bigint, predicted bigint, weight float8) (
    SFUNC = mlcheck._confusion_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.confusion(actual text, predicted text) (
    SFUNC = mlcheck._confusion_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.confusion(actual text, predicted text, weight float8) (
    SFUNC = mlcheck._confusion_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.merge(mlcheck.confusion) (
    SFUNC = mlcheck._confusion_merge_trans, STYPE = internal,
    FINALFUNC = mlcheck._confusion_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._confusion_combine,
    SERIALFUNC = mlcheck._confusion_serial, DESERIALFUNC = mlcheck._confusion_deserial,
    PARALLEL = SAFE);

COMMENT ON AGGREGATE mlcheck.confusion(boolean, boolean) IS 'confusion matrix of actual vs predicted boolean labels';
COMMENT ON AGGREGATE mlcheck.confusion(boolean, boolean, float8) IS 'weighted confusion matrix of actual vs predicted boolean labels';
COMMENT ON AGGREGATE mlcheck.confusion(bigint, bigint) IS 'confusion matrix of actual vs predicted integer classes';
COMMENT ON AGGREGATE mlcheck.confusion(bigint, bigint, float8) IS 'weighted confusion matrix of actual vs predicted integer classes';
COMMENT ON AGGREGATE mlcheck.confusion(text, text) IS 'confusion matrix of actual vs predicted text classes (C collation order)';
COMMENT ON AGGREGATE mlcheck.confusion(text, text, float8) IS 'weighted confusion matrix of actual vs predicted text classes';
COMMENT ON AGGREGATE mlcheck.merge(mlcheck.confusion) IS 'sum of stored confusion matrices (rollup)';

-- ---- operators
CREATE FUNCTION mlcheck._confusion_plus(mlcheck.confusion, mlcheck.confusion) RETURNS mlcheck.confusion
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_plus' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_eq(mlcheck.confusion, mlcheck.confusion) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._confusion_ne(mlcheck.confusion, mlcheck.confusion) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._confusion_plus(mlcheck.confusion, mlcheck.confusion) IS 'implementation of confusion + confusion';
COMMENT ON FUNCTION mlcheck._confusion_eq(mlcheck.confusion, mlcheck.confusion) IS 'implementation of confusion = confusion';
COMMENT ON FUNCTION mlcheck._confusion_ne(mlcheck.confusion, mlcheck.confusion) IS 'implementation of confusion <> confusion';

CREATE OPERATOR mlcheck.+ (LEFTARG = mlcheck.confusion, RIGHTARG = mlcheck.confusion,
    FUNCTION = mlcheck._confusion_plus, COMMUTATOR = OPERATOR(mlcheck.+));
CREATE OPERATOR mlcheck.= (LEFTARG = mlcheck.confusion, RIGHTARG = mlcheck.confusion,
    FUNCTION = mlcheck._confusion_eq, COMMUTATOR = OPERATOR(mlcheck.=),
    NEGATOR = OPERATOR(mlcheck.<>));
CREATE OPERATOR mlcheck.<> (LEFTARG = mlcheck.confusion, RIGHTARG = mlcheck.confusion,
    FUNCTION = mlcheck._confusion_ne, COMMUTATOR = OPERATOR(mlcheck.<>),
    NEGATOR = OPERATOR(mlcheck.=));
COMMENT ON OPERATOR mlcheck.+ (mlcheck.confusion, mlcheck.confusion) IS 'sum of two confusion matrices (labels unioned)';
COMMENT ON OPERATOR mlcheck.= (mlcheck.confusion, mlcheck.confusion) IS 'same labels, same counts, same NULL count';
COMMENT ON OPERATOR mlcheck.<> (mlcheck.confusion, mlcheck.confusion) IS 'not equal';

-- ---- accessors
CREATE FUNCTION mlcheck.accuracy(c mlcheck.confusion) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_accuracy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.balanced_accuracy(c mlcheck.confusion) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_balanced_accuracy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.mcc(c mlcheck.confusion) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_mcc' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.cohen_kappa(c mlcheck.confusion) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_cohen_kappa' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n(c mlcheck.confusion) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(c mlcheck.confusion) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_n_null' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.labels(c mlcheck.confusion) RETURNS text[]
    AS 'MODULE_PATHNAME', 'mlcheck_confusion_labels' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.accuracy(mlcheck.confusion) IS 'share of rows on the diagonal; NULL for an empty matrix';
COMMENT ON FUNCTION mlcheck.balanced_accuracy(mlcheck.confusion) IS 'mean recall over classes with support (sklearn balanced_accuracy_score)';
COMMENT ON FUNCTION mlcheck.mcc(mlcheck.confusion) IS 'Matthews correlation coefficient (multi-class form); NULL when undefined';
COMMENT ON FUNCTION mlcheck.cohen_kappa(mlcheck.confusion) IS 'Cohen''s kappa (unweighted); NULL when undefined';
COMMENT ON FUNCTION mlcheck.n(mlcheck.confusion) IS 'total (weighted) count in the matrix';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.confusion) IS 'rows skipped because a label or weight was NULL';
COMMENT ON FUNCTION mlcheck.labels(mlcheck.confusion) IS 'class labels in matrix order, as text';

-- precision/recall/f1/specificity(c [, label] [, average]) and fbeta(c, beta [, label] [, average]):
-- the label may be given as text, bigint or boolean; one C function serves all overloads.
CREATE FUNCTION mlcheck.precision(c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_precision' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.precision(c mlcheck.confusion, label bigint) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_precision' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.precision(c mlcheck.confusion, label boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_precision' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.recall(c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_recall' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.recall(c mlcheck.confusion, label bigint) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_recall' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.recall(c mlcheck.confusion, label boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_recall' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.f1(c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_f1' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.f1(c mlcheck.confusion, label bigint) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_f1' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.f1(c mlcheck.confusion, label boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_f1' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.specificity(c mlcheck.confusion, label text DEFAULT NULL, average text DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_specificity' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.specificity(c mlcheck.confusion, label bigint) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_specificity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.specificity(c mlcheck.confusion, label boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_specificity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.fbeta(c mlcheck.confusion, beta float8, label text DEFAULT NULL, average text DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_fbeta' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.fbeta(c mlcheck.confusion, beta float8, label bigint) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_fbeta' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.fbeta(c mlcheck.confusion, beta float8, label boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_fbeta' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.support(c mlcheck.confusion, label text) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.support(c mlcheck.confusion, label bigint) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.support(c mlcheck.confusion, label boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION mlcheck.precision(mlcheck.confusion, text, text) IS 'precision of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined';
COMMENT ON FUNCTION mlcheck.precision(mlcheck.confusion, bigint) IS 'precision of an integer label';
COMMENT ON FUNCTION mlcheck.precision(mlcheck.confusion, boolean) IS 'precision of a boolean label';
COMMENT ON FUNCTION mlcheck.recall(mlcheck.confusion, text, text) IS 'recall of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined';
COMMENT ON FUNCTION mlcheck.recall(mlcheck.confusion, bigint) IS 'recall of an integer label';
COMMENT ON FUNCTION mlcheck.recall(mlcheck.confusion, boolean) IS 'recall of a boolean label';
COMMENT ON FUNCTION mlcheck.f1(mlcheck.confusion, text, text) IS 'F1 of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined';
COMMENT ON FUNCTION mlcheck.f1(mlcheck.confusion, bigint) IS 'F1 of an integer label';
COMMENT ON FUNCTION mlcheck.f1(mlcheck.confusion, boolean) IS 'F1 of a boolean label';
COMMENT ON FUNCTION mlcheck.specificity(mlcheck.confusion, text, text) IS 'specificity (true negative rate) of a label (default true/1) or averaged';
COMMENT ON FUNCTION mlcheck.specificity(mlcheck.confusion, bigint) IS 'specificity of an integer label';
COMMENT ON FUNCTION mlcheck.specificity(mlcheck.confusion, boolean) IS 'specificity of a boolean label';
COMMENT ON FUNCTION mlcheck.fbeta(mlcheck.confusion, float8, text, text) IS 'F-beta of a label (default true/1) or averaged (macro, micro, weighted); NULL when undefined';
COMMENT ON FUNCTION mlcheck.fbeta(mlcheck.confusion, float8, bigint) IS 'F-beta of an integer label';
COMMENT ON FUNCTION mlcheck.fbeta(mlcheck.confusion, float8, boolean) IS 'F-beta of a boolean label';
COMMENT ON FUNCTION mlcheck.support(mlcheck.confusion, text) IS 'number of rows whose actual class is the label';
COMMENT ON FUNCTION mlcheck.support(mlcheck.confusion, bigint) IS 'number of rows whose actual class is the label';
COMMENT ON FUNCTION mlcheck.support(mlcheck.confusion, boolean) IS 'number of rows whose actual class is the label';

CREATE FUNCTION mlcheck.cells(c mlcheck.confusion,
    OUT actual text, OUT predicted text, OUT count float8, OUT row_share float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlcheck_cells' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 16;
COMMENT ON FUNCTION mlcheck.cells(mlcheck.confusion) IS 'one row per matrix cell: actual, predicted, count, share of the actual row';

CREATE FUNCTION mlcheck.per_class(c mlcheck.confusion,
    OUT label text, OUT tp float8, OUT fp float8, OUT fn float8, OUT tn float8,
    OUT support float8, OUT "precision" float8, OUT recall float8, OUT f1 float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlcheck_per_class' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION mlcheck.per_class(mlcheck.confusion) IS 'one-vs-rest counts and metrics for every class';

-- ==== src/sql/20_scores.sql
-- SPEC §2: classification by scores.
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

-- ==== src/sql/25_delong.sql
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

CREATE FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_ci_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_ci_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_ci_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, integer, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_ci_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._delong_test_trans(internal, float8, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_delong_test_trans_bool' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._delong_test_trans(internal, float8, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_delong_test_trans_int' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._delong_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_delong_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._delong_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_delong_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._delong_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_delong_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._roc_auc_ci_final(internal) RETURNS mlcheck.auc_ci
    AS 'MODULE_PATHNAME', 'mlcheck_roc_auc_ci_final' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._delong_test_final(internal) RETURNS mlcheck.delong_result
    AS 'MODULE_PATHNAME', 'mlcheck_delong_test_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, boolean) IS 'transition function of roc_auc_ci';
COMMENT ON FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, boolean, float8) IS 'transition function of roc_auc_ci (with level)';
COMMENT ON FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, integer) IS 'transition function of roc_auc_ci (integer label)';
COMMENT ON FUNCTION mlcheck._roc_auc_ci_trans(internal, float8, integer, float8) IS 'transition function of roc_auc_ci (integer label, with level)';
COMMENT ON FUNCTION mlcheck._delong_test_trans(internal, float8, float8, boolean) IS 'transition function of delong_test';
COMMENT ON FUNCTION mlcheck._delong_test_trans(internal, float8, float8, integer) IS 'transition function of delong_test (integer label)';
COMMENT ON FUNCTION mlcheck._delong_combine(internal, internal) IS 'combine function of roc_auc_ci and delong_test';
COMMENT ON FUNCTION mlcheck._delong_serial(internal) IS 'serialization function of roc_auc_ci and delong_test';
COMMENT ON FUNCTION mlcheck._delong_deserial(bytea, internal) IS 'deserialization function of roc_auc_ci and delong_test';
COMMENT ON FUNCTION mlcheck._roc_auc_ci_final(internal) IS 'final function of roc_auc_ci';
COMMENT ON FUNCTION mlcheck._delong_test_final(internal) IS 'final function of delong_test';

CREATE AGGREGATE mlcheck.roc_auc_ci(score float8, label boolean) (
    SFUNC = mlcheck._roc_auc_ci_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_ci_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._delong_combine,
    SERIALFUNC = mlcheck._delong_serial, DESERIALFUNC = mlcheck._delong_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.roc_auc_ci(score float8, label boolean, level float8) (
    SFUNC = mlcheck._roc_auc_ci_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_ci_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._delong_combine,
    SERIALFUNC = mlcheck._delong_serial, DESERIALFUNC = mlcheck._delong_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.roc_auc_ci(score float8, label integer) (
    SFUNC = mlcheck._roc_auc_ci_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_ci_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._delong_combine,
    SERIALFUNC = mlcheck._delong_serial, DESERIALFUNC = mlcheck._delong_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.roc_auc_ci(score float8, label integer, level float8) (
    SFUNC = mlcheck._roc_auc_ci_trans, STYPE = internal,
    FINALFUNC = mlcheck._roc_auc_ci_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._delong_combine,
    SERIALFUNC = mlcheck._delong_serial, DESERIALFUNC = mlcheck._delong_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.roc_auc_ci(float8, boolean) IS 'ROC AUC with its 95% DeLong confidence interval (clipped to [0, 1])';
COMMENT ON AGGREGATE mlcheck.roc_auc_ci(float8, boolean, float8) IS 'ROC AUC with its DeLong confidence interval at the given level (clipped to [0, 1])';
COMMENT ON AGGREGATE mlcheck.roc_auc_ci(float8, integer) IS 'ROC AUC with its 95% DeLong confidence interval, integer 0/1 label';
COMMENT ON AGGREGATE mlcheck.roc_auc_ci(float8, integer, float8) IS 'ROC AUC with its DeLong confidence interval at the given level, integer 0/1 label';

CREATE AGGREGATE mlcheck.delong_test(score_a float8, score_b float8, label boolean) (
    SFUNC = mlcheck._delong_test_trans, STYPE = internal,
    FINALFUNC = mlcheck._delong_test_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._delong_combine,
    SERIALFUNC = mlcheck._delong_serial, DESERIALFUNC = mlcheck._delong_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.delong_test(score_a float8, score_b float8, label integer) (
    SFUNC = mlcheck._delong_test_trans, STYPE = internal,
    FINALFUNC = mlcheck._delong_test_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._delong_combine,
    SERIALFUNC = mlcheck._delong_serial, DESERIALFUNC = mlcheck._delong_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.delong_test(float8, float8, boolean) IS 'paired DeLong test of two models'' ROC AUCs on the same rows (two-sided)';
COMMENT ON AGGREGATE mlcheck.delong_test(float8, float8, integer) IS 'paired DeLong test of two models'' ROC AUCs on the same rows (two-sided), integer 0/1 label';

-- ==== src/sql/30_calibration.sql
-- SPEC §3: the calibration type (uniform-bin reliability summary of binary
-- probabilities), its aggregates, operators and accessors.

CREATE TYPE mlcheck.calibration;

CREATE FUNCTION mlcheck._calibration_in(cstring) RETURNS mlcheck.calibration
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_out(mlcheck.calibration) RETURNS cstring
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_recv(internal) RETURNS mlcheck.calibration
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_send(mlcheck.calibration) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mlcheck.calibration (
    INPUT = mlcheck._calibration_in,
    OUTPUT = mlcheck._calibration_out,
    RECEIVE = mlcheck._calibration_recv,
    SEND = mlcheck._calibration_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE mlcheck.calibration IS
    'Calibration summary of binary probabilities over uniform bins of [0, 1]; text form {"n_bins": B, "count": [...], "sum_predicted": [...], "sum_positive": [...], "sum_squared_error": x, "n_null": N}';
COMMENT ON FUNCTION mlcheck._calibration_in(cstring) IS 'input function of mlcheck.calibration (JSON text)';
COMMENT ON FUNCTION mlcheck._calibration_out(mlcheck.calibration) IS 'output function of mlcheck.calibration (JSON text)';
COMMENT ON FUNCTION mlcheck._calibration_recv(internal) IS 'binary input function of mlcheck.calibration';
COMMENT ON FUNCTION mlcheck._calibration_send(mlcheck.calibration) IS 'binary output function of mlcheck.calibration';

CREATE CAST (mlcheck.calibration AS jsonb) WITH INOUT;
CREATE CAST (jsonb AS mlcheck.calibration) WITH INOUT;

-- ---- aggregate support: one transition function per argument layout

CREATE FUNCTION mlcheck._calibration_trans(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_bool' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, boolean) IS 'transition function of mlcheck.calibration';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, boolean, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_bool_bins' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, boolean, integer) IS 'transition function of mlcheck.calibration (with bins)';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_bool_w' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, boolean, float8) IS 'transition function of mlcheck.calibration (weighted)';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, boolean, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_bool_w_bins' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, boolean, float8, integer) IS 'transition function of mlcheck.calibration (weighted, with bins)';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_int' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, integer) IS 'transition function of mlcheck.calibration';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, integer, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_int_bins' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, integer, integer) IS 'transition function of mlcheck.calibration (with bins)';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, integer, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_int_w' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, integer, float8) IS 'transition function of mlcheck.calibration (weighted)';
CREATE FUNCTION mlcheck._calibration_trans(internal, float8, integer, float8, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_trans_int_w_bins' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_trans(internal, float8, integer, float8, integer) IS 'transition function of mlcheck.calibration (weighted, with bins)';
CREATE FUNCTION mlcheck._calibration_merge_trans(internal, mlcheck.calibration) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_merge_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_final(internal) RETURNS mlcheck.calibration
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_merge_trans(internal, mlcheck.calibration) IS 'transition function of mlcheck.merge(calibration)';
COMMENT ON FUNCTION mlcheck._calibration_combine(internal, internal) IS 'combine function of the calibration aggregates';
COMMENT ON FUNCTION mlcheck._calibration_serial(internal) IS 'serialization function of the calibration aggregates';
COMMENT ON FUNCTION mlcheck._calibration_deserial(bytea, internal) IS 'deserialization function of the calibration aggregates';
COMMENT ON FUNCTION mlcheck._calibration_final(internal) IS 'final function of the calibration aggregates';

-- calibration(prob, label [, weight] [, bins]) for boolean and 0/1 integer labels (SPEC §0)

CREATE AGGREGATE mlcheck.calibration(prob float8, label boolean) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, boolean) IS 'calibration summary of probabilities vs boolean labels (10 uniform bins)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label boolean, bins integer) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, boolean, integer) IS 'calibration summary of probabilities vs boolean labels (the given number of uniform bins)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label boolean, weight float8) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, boolean, float8) IS 'calibration summary of probabilities vs boolean labels (10 uniform bins, sample weights)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label boolean, weight float8, bins integer) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, boolean, float8, integer) IS 'calibration summary of probabilities vs boolean labels (sample weights and the given number of uniform bins)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label integer) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, integer) IS 'calibration summary of probabilities vs 0/1 integer labels (10 uniform bins)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label integer, bins integer) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, integer, integer) IS 'calibration summary of probabilities vs 0/1 integer labels (the given number of uniform bins)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label integer, weight float8) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, integer, float8) IS 'calibration summary of probabilities vs 0/1 integer labels (10 uniform bins, sample weights)';
CREATE AGGREGATE mlcheck.calibration(prob float8, label integer, weight float8, bins integer) (
    SFUNC = mlcheck._calibration_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.calibration(float8, integer, float8, integer) IS 'calibration summary of probabilities vs 0/1 integer labels (sample weights and the given number of uniform bins)';
CREATE AGGREGATE mlcheck.merge(mlcheck.calibration) (
    SFUNC = mlcheck._calibration_merge_trans, STYPE = internal,
    FINALFUNC = mlcheck._calibration_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._calibration_combine,
    SERIALFUNC = mlcheck._calibration_serial, DESERIALFUNC = mlcheck._calibration_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.merge(mlcheck.calibration) IS 'sum of stored calibration summaries with the same number of bins (rollup)';

-- ---- operators
CREATE FUNCTION mlcheck._calibration_plus(mlcheck.calibration, mlcheck.calibration) RETURNS mlcheck.calibration
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_plus' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_eq(mlcheck.calibration, mlcheck.calibration) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._calibration_ne(mlcheck.calibration, mlcheck.calibration) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._calibration_plus(mlcheck.calibration, mlcheck.calibration) IS 'implementation of calibration + calibration';
COMMENT ON FUNCTION mlcheck._calibration_eq(mlcheck.calibration, mlcheck.calibration) IS 'implementation of calibration = calibration';
COMMENT ON FUNCTION mlcheck._calibration_ne(mlcheck.calibration, mlcheck.calibration) IS 'implementation of calibration <> calibration';
CREATE OPERATOR mlcheck.+ (LEFTARG = mlcheck.calibration, RIGHTARG = mlcheck.calibration,
    FUNCTION = mlcheck._calibration_plus, COMMUTATOR = OPERATOR(mlcheck.+));
CREATE OPERATOR mlcheck.= (LEFTARG = mlcheck.calibration, RIGHTARG = mlcheck.calibration,
    FUNCTION = mlcheck._calibration_eq, COMMUTATOR = OPERATOR(mlcheck.=),
    NEGATOR = OPERATOR(mlcheck.<>));
CREATE OPERATOR mlcheck.<> (LEFTARG = mlcheck.calibration, RIGHTARG = mlcheck.calibration,
    FUNCTION = mlcheck._calibration_ne, COMMUTATOR = OPERATOR(mlcheck.<>),
    NEGATOR = OPERATOR(mlcheck.=));
COMMENT ON OPERATOR mlcheck.+ (mlcheck.calibration, mlcheck.calibration) IS 'sum of two calibration summaries (same number of bins)';
COMMENT ON OPERATOR mlcheck.= (mlcheck.calibration, mlcheck.calibration) IS 'same bins, same sums, same NULL count';
COMMENT ON OPERATOR mlcheck.<> (mlcheck.calibration, mlcheck.calibration) IS 'not equal';

-- ---- accessors
CREATE FUNCTION mlcheck.ece(c mlcheck.calibration) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_ece' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.mce(c mlcheck.calibration) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_mce' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.brier(c mlcheck.calibration) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_brier' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n(c mlcheck.calibration) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(c mlcheck.calibration) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_n_null' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_bins(c mlcheck.calibration) RETURNS integer
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_n_bins' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.ece(mlcheck.calibration) IS 'expected calibration error: sum over bins of (count/total) * |mean predicted - fraction positive|; NULL without rows';
COMMENT ON FUNCTION mlcheck.mce(mlcheck.calibration) IS 'maximum calibration error: largest |mean predicted - fraction positive| over non-empty bins; NULL without rows';
COMMENT ON FUNCTION mlcheck.brier(mlcheck.calibration) IS 'Brier score: (weighted) mean of (prob - label)^2 (sklearn brier_score_loss); NULL without rows';
COMMENT ON FUNCTION mlcheck.n(mlcheck.calibration) IS 'total (weighted) count of the rows summarized';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.calibration) IS 'rows skipped because the probability, label or weight was NULL';
COMMENT ON FUNCTION mlcheck.n_bins(mlcheck.calibration) IS 'number of uniform bins';

CREATE FUNCTION mlcheck.bins(c mlcheck.calibration,
    OUT bin integer, OUT lower float8, OUT upper float8, OUT count float8,
    OUT mean_predicted float8, OUT fraction_positive float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_bins' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION mlcheck.bins(mlcheck.calibration) IS 'non-empty bins (0-based, bin b holds (lower, upper], bin 0 also 0): sklearn calibration_curve(strategy=''uniform'') prob_pred and prob_true';

CREATE FUNCTION mlcheck.hosmer_lemeshow(c mlcheck.calibration,
    OUT statistic float8, OUT df integer, OUT p_value float8)
    RETURNS record
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_hosmer_lemeshow' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.hosmer_lemeshow(mlcheck.calibration) IS 'Hosmer-Lemeshow test over the non-empty bins: chi-square statistic, df = groups - 2, p-value (chi2 survival)';

CREATE FUNCTION mlcheck.plot(c mlcheck.calibration, ascii boolean DEFAULT false) RETURNS text
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_plot' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.plot(mlcheck.calibration, boolean) IS 'text reliability diagram: per bin count, mean predicted, fraction positive and a bar (block characters in UTF-8 databases unless ascii)';

-- ==== src/sql/35_regression.sql
-- SPEC §4: the regression type (mergeable error moments of predicted vs
-- actual values), its aggregates, operators and accessors.

CREATE TYPE mlcheck.regression;

CREATE FUNCTION mlcheck._regression_in(cstring) RETURNS mlcheck.regression
    AS 'MODULE_PATHNAME', 'mlcheck_regression_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_out(mlcheck.regression) RETURNS cstring
    AS 'MODULE_PATHNAME', 'mlcheck_regression_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_recv(internal) RETURNS mlcheck.regression
    AS 'MODULE_PATHNAME', 'mlcheck_regression_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_send(mlcheck.regression) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mlcheck.regression (
    INPUT = mlcheck._regression_in,
    OUTPUT = mlcheck._regression_out,
    RECEIVE = mlcheck._regression_recv,
    SEND = mlcheck._regression_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE mlcheck.regression IS
    'Regression error summary (weighted Welford moments of actual values and errors, compensated error sums, max |error|); text form is a JSON object';
COMMENT ON FUNCTION mlcheck._regression_in(cstring) IS 'input function of mlcheck.regression (JSON text)';
COMMENT ON FUNCTION mlcheck._regression_out(mlcheck.regression) IS 'output function of mlcheck.regression (JSON text)';
COMMENT ON FUNCTION mlcheck._regression_recv(internal) IS 'binary input function of mlcheck.regression';
COMMENT ON FUNCTION mlcheck._regression_send(mlcheck.regression) IS 'binary output function of mlcheck.regression';

CREATE CAST (mlcheck.regression AS jsonb) WITH INOUT;
CREATE CAST (jsonb AS mlcheck.regression) WITH INOUT;

-- ---- aggregate support
CREATE FUNCTION mlcheck._regression_trans(internal, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_regression_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_trans(internal, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_regression_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_merge_trans(internal, mlcheck.regression) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_regression_merge_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_regression_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_regression_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_regression_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_final(internal) RETURNS mlcheck.regression
    AS 'MODULE_PATHNAME', 'mlcheck_regression_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._regression_trans(internal, float8, float8) IS 'transition function of mlcheck.regression';
COMMENT ON FUNCTION mlcheck._regression_trans(internal, float8, float8, float8) IS 'transition function of mlcheck.regression (weighted)';
COMMENT ON FUNCTION mlcheck._regression_merge_trans(internal, mlcheck.regression) IS 'transition function of mlcheck.merge(regression)';
COMMENT ON FUNCTION mlcheck._regression_combine(internal, internal) IS 'combine function of the regression aggregates';
COMMENT ON FUNCTION mlcheck._regression_serial(internal) IS 'serialization function of the regression aggregates';
COMMENT ON FUNCTION mlcheck._regression_deserial(bytea, internal) IS 'deserialization function of the regression aggregates';
COMMENT ON FUNCTION mlcheck._regression_final(internal) IS 'final function of the regression aggregates';

CREATE AGGREGATE mlcheck.regression(predicted float8, actual float8) (
    SFUNC = mlcheck._regression_trans, STYPE = internal,
    FINALFUNC = mlcheck._regression_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._regression_combine,
    SERIALFUNC = mlcheck._regression_serial, DESERIALFUNC = mlcheck._regression_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.regression(predicted float8, actual float8, weight float8) (
    SFUNC = mlcheck._regression_trans, STYPE = internal,
    FINALFUNC = mlcheck._regression_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._regression_combine,
    SERIALFUNC = mlcheck._regression_serial, DESERIALFUNC = mlcheck._regression_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.merge(mlcheck.regression) (
    SFUNC = mlcheck._regression_merge_trans, STYPE = internal,
    FINALFUNC = mlcheck._regression_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._regression_combine,
    SERIALFUNC = mlcheck._regression_serial, DESERIALFUNC = mlcheck._regression_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.regression(float8, float8) IS 'regression error summary of predicted vs actual values';
COMMENT ON AGGREGATE mlcheck.regression(float8, float8, float8) IS 'regression error summary of predicted vs actual values with sample weights';
COMMENT ON AGGREGATE mlcheck.merge(mlcheck.regression) IS 'combination of stored regression summaries (rollup)';

-- ---- operators
CREATE FUNCTION mlcheck._regression_plus(mlcheck.regression, mlcheck.regression) RETURNS mlcheck.regression
    AS 'MODULE_PATHNAME', 'mlcheck_regression_plus' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_eq(mlcheck.regression, mlcheck.regression) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_regression_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._regression_ne(mlcheck.regression, mlcheck.regression) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_regression_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._regression_plus(mlcheck.regression, mlcheck.regression) IS 'implementation of regression + regression';
COMMENT ON FUNCTION mlcheck._regression_eq(mlcheck.regression, mlcheck.regression) IS 'implementation of regression = regression';
COMMENT ON FUNCTION mlcheck._regression_ne(mlcheck.regression, mlcheck.regression) IS 'implementation of regression <> regression';
CREATE OPERATOR mlcheck.+ (LEFTARG = mlcheck.regression, RIGHTARG = mlcheck.regression,
    FUNCTION = mlcheck._regression_plus, COMMUTATOR = OPERATOR(mlcheck.+));
CREATE OPERATOR mlcheck.= (LEFTARG = mlcheck.regression, RIGHTARG = mlcheck.regression,
    FUNCTION = mlcheck._regression_eq, COMMUTATOR = OPERATOR(mlcheck.=),
    NEGATOR = OPERATOR(mlcheck.<>));
CREATE OPERATOR mlcheck.<> (LEFTARG = mlcheck.regression, RIGHTARG = mlcheck.regression,
    FUNCTION = mlcheck._regression_ne, COMMUTATOR = OPERATOR(mlcheck.<>),
    NEGATOR = OPERATOR(mlcheck.=));
COMMENT ON OPERATOR mlcheck.+ (mlcheck.regression, mlcheck.regression) IS 'combination of two regression summaries';
COMMENT ON OPERATOR mlcheck.= (mlcheck.regression, mlcheck.regression) IS 'bit-identical summaries';
COMMENT ON OPERATOR mlcheck.<> (mlcheck.regression, mlcheck.regression) IS 'not equal';

-- ---- accessors (NULL over zero rows or zero total weight)
CREATE FUNCTION mlcheck.mae(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_mae' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.mae(mlcheck.regression) IS 'mean absolute error (sklearn mean_absolute_error)';
CREATE FUNCTION mlcheck.mse(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_mse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.mse(mlcheck.regression) IS 'mean squared error (sklearn mean_squared_error)';
CREATE FUNCTION mlcheck.rmse(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_rmse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.rmse(mlcheck.regression) IS 'root mean squared error (sklearn mean_squared_error(squared=False))';
CREATE FUNCTION mlcheck.r2(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_r2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.r2(mlcheck.regression) IS 'coefficient of determination (sklearn r2_score, force_finite): 1 - SSE/SST; 1.0 or 0.0 for constant actuals; NULL under two rows';
CREATE FUNCTION mlcheck.mape(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_mape' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.mape(mlcheck.regression) IS 'mean absolute percentage error as a fraction (sklearn mean_absolute_percentage_error: |e| / max(|actual|, 2.22e-16))';
CREATE FUNCTION mlcheck.max_error(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_max_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.max_error(mlcheck.regression) IS 'largest |predicted - actual| over rows with positive weight (sklearn max_error)';
CREATE FUNCTION mlcheck.mean_error(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_mean_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.mean_error(mlcheck.regression) IS 'bias: (weighted) mean of predicted - actual; positive = over-prediction';
CREATE FUNCTION mlcheck.explained_variance(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_explained_variance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.explained_variance(mlcheck.regression) IS 'explained variance (sklearn explained_variance_score, force_finite): 1 - Var(error)/Var(actual)';
CREATE FUNCTION mlcheck.n(r mlcheck.regression) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_regression_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n(mlcheck.regression) IS 'total (weighted) count of the rows summarized';
CREATE FUNCTION mlcheck.n_null(r mlcheck.regression) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_regression_n_null' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.regression) IS 'rows skipped because the predicted, actual or weight value was NULL';

-- ==== src/sql/40_profile.sql
-- SPEC §5: distribution profiles (numeric_profile, categorical_profile),
-- the profile()/merge() aggregates and their accessors.

CREATE TYPE mlcheck.numeric_profile;
CREATE FUNCTION mlcheck._numeric_profile_in(cstring) RETURNS mlcheck.numeric_profile
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_out(mlcheck.numeric_profile) RETURNS cstring
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_recv(internal) RETURNS mlcheck.numeric_profile
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_send(mlcheck.numeric_profile) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE mlcheck.numeric_profile (
    INPUT = mlcheck._numeric_profile_in,
    OUTPUT = mlcheck._numeric_profile_out,
    RECEIVE = mlcheck._numeric_profile_recv,
    SEND = mlcheck._numeric_profile_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE mlcheck.numeric_profile IS
    'Mergeable profile of a float8 column: counts (NULL, NaN, +/-Infinity), min, max, mean, variance and a quantile sketch (exact up to 4096 values, then KLL)';
COMMENT ON FUNCTION mlcheck._numeric_profile_in(cstring) IS 'input function of mlcheck.numeric_profile (JSON text)';
COMMENT ON FUNCTION mlcheck._numeric_profile_out(mlcheck.numeric_profile) IS 'output function of mlcheck.numeric_profile (JSON text)';
COMMENT ON FUNCTION mlcheck._numeric_profile_recv(internal) IS 'binary input function of mlcheck.numeric_profile';
COMMENT ON FUNCTION mlcheck._numeric_profile_send(mlcheck.numeric_profile) IS 'binary output function of mlcheck.numeric_profile';
CREATE CAST (mlcheck.numeric_profile AS jsonb) WITH INOUT;
CREATE CAST (jsonb AS mlcheck.numeric_profile) WITH INOUT;

CREATE TYPE mlcheck.categorical_profile;
CREATE FUNCTION mlcheck._categorical_profile_in(cstring) RETURNS mlcheck.categorical_profile
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_out(mlcheck.categorical_profile) RETURNS cstring
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_recv(internal) RETURNS mlcheck.categorical_profile
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_send(mlcheck.categorical_profile) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE mlcheck.categorical_profile (
    INPUT = mlcheck._categorical_profile_in,
    OUTPUT = mlcheck._categorical_profile_out,
    RECEIVE = mlcheck._categorical_profile_recv,
    SEND = mlcheck._categorical_profile_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE mlcheck.categorical_profile IS
    'Mergeable profile of a text column: count per category (at most 1000 kept, the rest in an "other" count) and NULL count';
COMMENT ON FUNCTION mlcheck._categorical_profile_in(cstring) IS 'input function of mlcheck.categorical_profile (JSON text)';
COMMENT ON FUNCTION mlcheck._categorical_profile_out(mlcheck.categorical_profile) IS 'output function of mlcheck.categorical_profile (JSON text)';
COMMENT ON FUNCTION mlcheck._categorical_profile_recv(internal) IS 'binary input function of mlcheck.categorical_profile';
COMMENT ON FUNCTION mlcheck._categorical_profile_send(mlcheck.categorical_profile) IS 'binary output function of mlcheck.categorical_profile';
CREATE CAST (mlcheck.categorical_profile AS jsonb) WITH INOUT;
CREATE CAST (jsonb AS mlcheck.categorical_profile) WITH INOUT;

-- ---- aggregate support: numeric
CREATE FUNCTION mlcheck._numeric_profile_trans(internal, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_merge_trans(internal, mlcheck.numeric_profile) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_merge_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._numeric_profile_final(internal) RETURNS mlcheck.numeric_profile
    AS 'MODULE_PATHNAME', 'mlcheck_numeric_profile_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._numeric_profile_trans(internal, float8) IS 'transition function of mlcheck.profile(float8)';
COMMENT ON FUNCTION mlcheck._numeric_profile_merge_trans(internal, mlcheck.numeric_profile) IS 'transition function of mlcheck.merge(numeric_profile)';
COMMENT ON FUNCTION mlcheck._numeric_profile_combine(internal, internal) IS 'combine function of the numeric_profile aggregates';
COMMENT ON FUNCTION mlcheck._numeric_profile_serial(internal) IS 'serialization function of the numeric_profile aggregates';
COMMENT ON FUNCTION mlcheck._numeric_profile_deserial(bytea, internal) IS 'deserialization function of the numeric_profile aggregates';
COMMENT ON FUNCTION mlcheck._numeric_profile_final(internal) IS 'final function of the numeric_profile aggregates';

CREATE AGGREGATE mlcheck.profile(x float8) (
    SFUNC = mlcheck._numeric_profile_trans, STYPE = internal,
    FINALFUNC = mlcheck._numeric_profile_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._numeric_profile_combine,
    SERIALFUNC = mlcheck._numeric_profile_serial, DESERIALFUNC = mlcheck._numeric_profile_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.merge(mlcheck.numeric_profile) (
    SFUNC = mlcheck._numeric_profile_merge_trans, STYPE = internal,
    FINALFUNC = mlcheck._numeric_profile_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._numeric_profile_combine,
    SERIALFUNC = mlcheck._numeric_profile_serial, DESERIALFUNC = mlcheck._numeric_profile_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.profile(float8) IS 'numeric profile of a float8 column (counts, moments, quantile sketch)';
COMMENT ON AGGREGATE mlcheck.merge(mlcheck.numeric_profile) IS 'merge of stored numeric profiles (rollup)';

-- ---- aggregate support: categorical
CREATE FUNCTION mlcheck._categorical_profile_trans(internal, text) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_merge_trans(internal, mlcheck.categorical_profile) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_merge_trans' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_serial(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_serial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_deserial(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_deserial' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck._categorical_profile_final(internal) RETURNS mlcheck.categorical_profile
    AS 'MODULE_PATHNAME', 'mlcheck_categorical_profile_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._categorical_profile_trans(internal, text) IS 'transition function of mlcheck.profile(text)';
COMMENT ON FUNCTION mlcheck._categorical_profile_merge_trans(internal, mlcheck.categorical_profile) IS 'transition function of mlcheck.merge(categorical_profile)';
COMMENT ON FUNCTION mlcheck._categorical_profile_combine(internal, internal) IS 'combine function of the categorical_profile aggregates';
COMMENT ON FUNCTION mlcheck._categorical_profile_serial(internal) IS 'serialization function of the categorical_profile aggregates';
COMMENT ON FUNCTION mlcheck._categorical_profile_deserial(bytea, internal) IS 'deserialization function of the categorical_profile aggregates';
COMMENT ON FUNCTION mlcheck._categorical_profile_final(internal) IS 'final function of the categorical_profile aggregates';

CREATE AGGREGATE mlcheck.profile(x text) (
    SFUNC = mlcheck._categorical_profile_trans, STYPE = internal,
    FINALFUNC = mlcheck._categorical_profile_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._categorical_profile_combine,
    SERIALFUNC = mlcheck._categorical_profile_serial, DESERIALFUNC = mlcheck._categorical_profile_deserial,
    PARALLEL = SAFE);
CREATE AGGREGATE mlcheck.merge(mlcheck.categorical_profile) (
    SFUNC = mlcheck._categorical_profile_merge_trans, STYPE = internal,
    FINALFUNC = mlcheck._categorical_profile_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = mlcheck._categorical_profile_combine,
    SERIALFUNC = mlcheck._categorical_profile_serial, DESERIALFUNC = mlcheck._categorical_profile_deserial,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mlcheck.profile(text) IS 'categorical profile of a text column (count per category, capped at 1000)';
COMMENT ON AGGREGATE mlcheck.merge(mlcheck.categorical_profile) IS 'merge of stored categorical profiles (rollup)';

-- ---- accessors: numeric
CREATE FUNCTION mlcheck.n(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_null_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_nan(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_nan_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_posinf(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_posinf_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_neginf(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_neginf_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.mean(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_mean_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.variance(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_variance_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.var_pop(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_var_pop_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.stddev(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_stddev_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.stddev_pop(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_stddev_pop_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.min_value(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_min_value_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.max_value(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_max_value_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.is_exact(p mlcheck.numeric_profile) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_is_exact_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.rank_error(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_rank_error_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.quantile(p mlcheck.numeric_profile, q float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_quantile_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.cdf(p mlcheck.numeric_profile, x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_cdf_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n(mlcheck.numeric_profile) IS 'number of finite values profiled';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.numeric_profile) IS 'number of NULLs seen';
COMMENT ON FUNCTION mlcheck.n_nan(mlcheck.numeric_profile) IS 'number of NaNs seen (not in the sketch)';
COMMENT ON FUNCTION mlcheck.n_posinf(mlcheck.numeric_profile) IS 'number of +Infinity values seen (not in the sketch)';
COMMENT ON FUNCTION mlcheck.n_neginf(mlcheck.numeric_profile) IS 'number of -Infinity values seen (not in the sketch)';
COMMENT ON FUNCTION mlcheck.mean(mlcheck.numeric_profile) IS 'mean of the finite values (NULL when none)';
COMMENT ON FUNCTION mlcheck.variance(mlcheck.numeric_profile) IS 'sample variance (n - 1) of the finite values, as PostgreSQL variance()';
COMMENT ON FUNCTION mlcheck.var_pop(mlcheck.numeric_profile) IS 'population variance of the finite values';
COMMENT ON FUNCTION mlcheck.stddev(mlcheck.numeric_profile) IS 'sample standard deviation of the finite values, as PostgreSQL stddev()';
COMMENT ON FUNCTION mlcheck.stddev_pop(mlcheck.numeric_profile) IS 'population standard deviation (numpy.std) of the finite values';
COMMENT ON FUNCTION mlcheck.min_value(mlcheck.numeric_profile) IS 'smallest finite value';
COMMENT ON FUNCTION mlcheck.max_value(mlcheck.numeric_profile) IS 'largest finite value';
COMMENT ON FUNCTION mlcheck.is_exact(mlcheck.numeric_profile) IS 'true while the profile holds every value (at most 4096)';
COMMENT ON FUNCTION mlcheck.rank_error(mlcheck.numeric_profile) IS 'documented normalized rank-error bound of quantile/cdf: 0 when exact, 0.005 when sketched';
COMMENT ON FUNCTION mlcheck.quantile(mlcheck.numeric_profile, float8) IS 'q-quantile of the finite values (numpy.quantile linear when exact)';
COMMENT ON FUNCTION mlcheck.cdf(mlcheck.numeric_profile, float8) IS 'fraction of finite values <= x';

-- ---- accessors: categorical
CREATE FUNCTION mlcheck.n(p mlcheck.categorical_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(p mlcheck.categorical_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_null_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_other(p mlcheck.categorical_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_other_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_categories(p mlcheck.categorical_profile) RETURNS integer
    AS 'MODULE_PATHNAME', 'mlcheck_n_categories_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.is_exact(p mlcheck.categorical_profile) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_is_exact_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.category_count(p mlcheck.categorical_profile, category text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_count_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.categories(p mlcheck.categorical_profile,
        OUT category text, OUT count bigint, OUT share float8) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlcheck_categories_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n(mlcheck.categorical_profile) IS 'number of non-NULL values profiled (including "other")';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.categorical_profile) IS 'number of NULLs seen';
COMMENT ON FUNCTION mlcheck.n_other(mlcheck.categorical_profile) IS 'number of values of categories beyond the 1000-category cap';
COMMENT ON FUNCTION mlcheck.n_categories(mlcheck.categorical_profile) IS 'number of categories kept';
COMMENT ON FUNCTION mlcheck.is_exact(mlcheck.categorical_profile) IS 'true when no value was folded into "other"';
COMMENT ON FUNCTION mlcheck.category_count(mlcheck.categorical_profile, text) IS 'count of one category (0 when not kept)';
COMMENT ON FUNCTION mlcheck.categories(mlcheck.categorical_profile) IS 'categories with count and share of n, most frequent first';

-- ==== src/sql/45_drift.sql
-- SPEC §5: drift statistics between a reference and a current profile.

CREATE TYPE mlcheck.drift_result AS (
    method text,
    statistic float8,
    p_value float8,
    threshold float8,
    drifted boolean,
    details jsonb
);
COMMENT ON TYPE mlcheck.drift_result IS
    'result of mlcheck.drift(): test used, statistic, p-value (p-value tests only), threshold, verdict and details';

CREATE FUNCTION mlcheck.psi(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, bins integer DEFAULT 10)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_psi_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.psi(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_psi_categorical' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.ks(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile,
        OUT statistic float8, OUT p_value float8)
    AS 'MODULE_PATHNAME', 'mlcheck_ks_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.wasserstein(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_wasserstein_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.js_distance(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, bins integer DEFAULT 30)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_js_distance_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.js_distance(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_js_distance_categorical' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.chi2(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile,
        OUT statistic float8, OUT df integer, OUT p_value float8)
    AS 'MODULE_PATHNAME', 'mlcheck_chi2_categorical' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.drift(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile,
        method text DEFAULT 'auto', threshold float8 DEFAULT NULL)
    RETURNS mlcheck.drift_result
    AS 'MODULE_PATHNAME', 'mlcheck_drift_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.drift(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile,
        method text DEFAULT 'auto', threshold float8 DEFAULT NULL)
    RETURNS mlcheck.drift_result
    AS 'MODULE_PATHNAME', 'mlcheck_drift_categorical' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION mlcheck.psi(mlcheck.numeric_profile, mlcheck.numeric_profile, integer) IS
    'population stability index over bins at reference quantiles (empty bins smoothed to 1e-4)';
COMMENT ON FUNCTION mlcheck.psi(mlcheck.categorical_profile, mlcheck.categorical_profile) IS
    'population stability index over the union of categories (empty shares smoothed to 1e-4)';
COMMENT ON FUNCTION mlcheck.ks(mlcheck.numeric_profile, mlcheck.numeric_profile) IS
    'two-sample Kolmogorov-Smirnov statistic and p-value (scipy.stats.ks_2samp, method auto)';
COMMENT ON FUNCTION mlcheck.wasserstein(mlcheck.numeric_profile, mlcheck.numeric_profile) IS
    'Wasserstein-1 distance divided by max(reference population std, 0.001), as Evidently';
COMMENT ON FUNCTION mlcheck.js_distance(mlcheck.numeric_profile, mlcheck.numeric_profile, integer) IS
    'Jensen-Shannon distance (natural log) over equal-width bins spanning both profiles';
COMMENT ON FUNCTION mlcheck.js_distance(mlcheck.categorical_profile, mlcheck.categorical_profile) IS
    'Jensen-Shannon distance (natural log) over category frequencies';
COMMENT ON FUNCTION mlcheck.chi2(mlcheck.categorical_profile, mlcheck.categorical_profile) IS
    'chi-square test of homogeneity of two categorical profiles (scipy chi2_contingency, correction=False)';
COMMENT ON FUNCTION mlcheck.drift(mlcheck.numeric_profile, mlcheck.numeric_profile, text, float8) IS
    'drift test between two numeric profiles; auto = ks when the reference has <= 1000 values, else wasserstein';
COMMENT ON FUNCTION mlcheck.drift(mlcheck.categorical_profile, mlcheck.categorical_profile, text, float8) IS
    'drift test between two categorical profiles; auto = chi2 when the reference has <= 1000 values, else js';

-- ==== src/sql/50_slices.sql
-- SPEC §6 (P0): slice reports.  mlcheck.slice_report() breaks a model's
-- classification metrics down by segment columns in ONE scan of the source
-- (GROUP BY GROUPING SETS, one mlcheck.confusion per grouping set), and
-- mlcheck.create_slice_view() stores the same query as a security_invoker
-- view.  mlcheck.wilson() and mlcheck._two_proportion_test() are the
-- per-row statistics (C, src/pg/slices.c).

-- ---- statistics
CREATE FUNCTION mlcheck.wilson(successes float8, n float8, level float8 DEFAULT 0.95,
    OUT lower float8, OUT upper float8) RETURNS record
    AS 'MODULE_PATHNAME', 'mlcheck_wilson' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.wilson(float8, float8, float8) IS
    'Wilson score interval (lower, upper) of the proportion successes/n at a confidence level (default 0.95); NULLs when n = 0';

CREATE FUNCTION mlcheck._two_proportion_test(x1 float8, n1 float8, x2 float8, n2 float8,
    OUT z float8, OUT p_value float8) RETURNS record
    AS 'MODULE_PATHNAME', 'mlcheck_two_proportion_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._two_proportion_test(float8, float8, float8, float8) IS
    'pooled two-sided two-proportion z-test of x1/n1 vs x2/n2: (z, p_value); NULLs when a group is empty or the pooled proportion is 0 or 1';

-- ---- catalog helpers
-- Type of a column given verbatim (as pg_attribute.attname), domains
-- resolved to their base type; 42703 when there is no such column.
CREATE FUNCTION mlcheck._slice_column_type(source regclass, col text) RETURNS regtype
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    t       oid;
    tt      "char";
    bt      oid;
    near_name name;
BEGIN
    SELECT a.atttypid INTO t
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) source
       AND a.attname OPERATOR(pg_catalog.=) col::pg_catalog.name
       AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        SELECT a.attname INTO near_name
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid OPERATOR(pg_catalog.=) source
           AND pg_catalog.lower(a.attname::pg_catalog.text) OPERATOR(pg_catalog.=) pg_catalog.lower(pg_catalog.btrim(col, '"'))
           AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
         ORDER BY a.attnum LIMIT 1;
        RAISE EXCEPTION 'column "%" of relation "%" does not exist', col, source::pg_catalog.text
            USING ERRCODE = 'undefined_column',
                  HINT = CASE WHEN near_name IS NOT NULL
                              THEN pg_catalog.format('Column names are matched exactly as stored (case-sensitive, no quotes); did you mean "%s"?', near_name)
                              ELSE 'Column names are matched exactly as stored (case-sensitive, no quotes).' END;
    END IF;
    LOOP
        SELECT ty.typtype, ty.typbasetype INTO tt, bt
          FROM pg_catalog.pg_type ty WHERE ty.oid OPERATOR(pg_catalog.=) t;
        EXIT WHEN tt OPERATOR(pg_catalog.<>) 'd';
        t := bt;
    END LOOP;
    RETURN t;
END
$fn$;
COMMENT ON FUNCTION mlcheck._slice_column_type(regclass, text) IS
    'type of a column of a relation (domains resolved); 42703 when it does not exist';

-- Label kind of a column type: boolean, integer (int2/4/8) or text
-- (string and enum types); NULL for anything else.
CREATE FUNCTION mlcheck._slice_label_kind(t regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN ty.oid OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype THEN 'boolean'
                WHEN ty.oid OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8']::pg_catalog.regtype[]) THEN 'integer'
                WHEN ty.typcategory OPERATOR(pg_catalog.=) ANY (ARRAY['S', 'E']::"char"[]) THEN 'text'
           END
      FROM pg_catalog.pg_type ty WHERE ty.oid OPERATOR(pg_catalog.=) t
$fn$;
COMMENT ON FUNCTION mlcheck._slice_label_kind(regtype) IS
    'label kind of a column type for slice reports: boolean, integer, text or NULL';

-- ---- the report query generator
-- Validates the arguments against the catalog and returns the complete
-- report query (a single SELECT) with every identifier quoted.  Column
-- names are taken verbatim (case-sensitive, no quoting needed), as in
-- pg_attribute.attname.
CREATE FUNCTION mlcheck._slice_report_sql(source regclass, actual text, predicted text,
    slices text[], score text DEFAULT NULL, min_support integer DEFAULT 30)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rel         text;
    relkind_    "char";
    nslices     integer;
    i           integer;
    col         text;
    kind_a      text;
    kind_p      text;
    typ_a       regtype;
    typ_p       regtype;
    typ_s       regtype;
    cast_       text;
    a_expr      text;
    p_expr      text;
    s_expr      text;
    set_no      text := '';
    val_expr    text := '';
    null_expr   text := '';
    sets        text := '()';
    names       text := '';
    prf_binary  text;
    binary_expr text;
    sql         text;
    pre         boolean := score IS NULL;
    key         text;
    pre_cols    text := '';
    pre_names   text := '';
    agg_expr    text;
    from_expr   text;
BEGIN
    IF source IS NULL OR actual IS NULL OR predicted IS NULL THEN
        RAISE EXCEPTION 'source, actual and predicted must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF min_support IS NULL OR min_support OPERATOR(pg_catalog.<) 0 THEN
        RAISE EXCEPTION 'min_support must be a non-negative integer, got %', coalesce(min_support::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Slices with fewer rows than min_support are flagged below_min_support; use 0 to flag none.';
    END IF;
    SELECT c.relkind INTO relkind_ FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) source;
    IF relkind_ IS NULL THEN
        RAISE EXCEPTION 'relation with OID % does not exist', source::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    rel := source::text;       -- quoted and schema-qualified as needed
    IF relkind_ OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'v', 'm', 'p', 'f']::"char"[]) THEN
        RAISE EXCEPTION '"%" is not a table, view, materialized view or foreign table', rel
            USING ERRCODE = 'wrong_object_type';
    END IF;
    slices := coalesce(slices, '{}');
    nslices := coalesce(pg_catalog.array_length(slices, 1), 0);

    -- column types (domains resolved to their base type), or 42703
    typ_a := mlcheck._slice_column_type(source, actual);
    typ_p := mlcheck._slice_column_type(source, predicted);
    kind_a := mlcheck._slice_label_kind(typ_a);
    kind_p := mlcheck._slice_label_kind(typ_p);
    IF kind_a IS NULL OR kind_p IS NULL THEN
        RAISE EXCEPTION 'column "%" has type %; actual and predicted must be boolean, integer or text columns',
                CASE WHEN kind_a IS NULL THEN actual ELSE predicted END,
                CASE WHEN kind_a IS NULL THEN typ_a ELSE typ_p END
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use a view that casts the column or derives it, e.g. score >= 0.5 AS predicted.';
    END IF;
    IF kind_a OPERATOR(pg_catalog.<>) kind_p THEN
        RAISE EXCEPTION 'actual column "%" (%) and predicted column "%" (%) do not match', actual, typ_a, predicted, typ_p
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Both must be boolean, both integer or both text; cast one of them in a view.';
    END IF;
    cast_ := CASE kind_a WHEN 'boolean' THEN '' WHEN 'integer' THEN '::pg_catalog.int8' ELSE '::pg_catalog.text' END;
    a_expr := pg_catalog.format('src.%I', actual);
    p_expr := pg_catalog.format('src.%I', predicted);

    IF score IS NOT NULL THEN
        typ_s := mlcheck._slice_column_type(source, score);
        IF typ_s OPERATOR(pg_catalog.<>) ALL (ARRAY['pg_catalog.float8', 'pg_catalog.float4', 'pg_catalog.numeric',
                'pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8']::pg_catalog.regtype[]) THEN
            RAISE EXCEPTION 'score column "%" has type %; it must be a number', score, typ_s
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a float8, float4, numeric or integer column holding the model''s score.';
        END IF;
        IF kind_a OPERATOR(pg_catalog.=) 'text' THEN
            RAISE EXCEPTION 'roc_auc needs a binary actual column, but "%" has type %', actual, typ_a
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Use a boolean (or 0/1 integer) actual column with a score, or leave score NULL.';
        END IF;
        s_expr := pg_catalog.format(', mlcheck.roc_auc(src.%I::pg_catalog.float8, %s) AS roc_auc',
                                    score, a_expr || CASE kind_a WHEN 'integer' THEN '::pg_catalog.int4' ELSE '' END);
    ELSE
        s_expr := ', NULL::pg_catalog.float8 AS roc_auc';
    END IF;

    FOR i IN 1 .. nslices LOOP
        col := slices[i];
        IF col IS NULL THEN
            RAISE EXCEPTION 'slices must not contain NULL'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF col OPERATOR(pg_catalog.=) ANY (slices[1:i - 1]) THEN
            RAISE EXCEPTION 'slice column "%" is listed twice', col
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM mlcheck._slice_column_type(source, col);
        -- the grouping key: the source column, or its pre-aggregated copy
        key := CASE WHEN pre THEN 'pre.k' || i ELSE pg_catalog.format('src.%I', col) END;
        pre_cols := pre_cols || pg_catalog.format('src.%I, ', col);
        pre_names := pre_names || 'k' || i || ', ';
        set_no := set_no || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(%s), 0) THEN %s', key, i);
        val_expr := val_expr || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(%s), 0) THEN %s::pg_catalog.text', key, key);
        null_expr := null_expr || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(%s), 0) THEN %s IS NULL', key, key);
        sets := sets || pg_catalog.format(', (%s)', key);
        names := names || CASE WHEN i OPERATOR(pg_catalog.>) 1 THEN ', ' ELSE '' END || pg_catalog.quote_literal(col);
    END LOOP;
    IF nslices OPERATOR(pg_catalog.=) 0 THEN
        set_no := '0';
        val_expr := 'NULL::pg_catalog.text';
        null_expr := 'NULL::pg_catalog.bool';
        names := 'NULL';
    ELSE
        set_no := 'CASE' || set_no || ' ELSE 0 END';
        val_expr := 'CASE' || val_expr || ' END';
        null_expr := 'CASE' || null_expr || ' END';
    END IF;

    -- binary problems report the positive class (true / 1); multi-class
    -- problems (text labels, or integers beyond {0, 1} over the whole
    -- source) report macro averages
    IF kind_a OPERATOR(pg_catalog.=) 'boolean' THEN
        binary_expr := 'true';
        prf_binary := 'true';
    ELSIF kind_a OPERATOR(pg_catalog.=) 'integer' THEN
        binary_expr := 'coalesce(mlcheck.labels(g.c) OPERATOR(pg_catalog.<@) ''{0,1}''::pg_catalog.text[], true)';
        prf_binary := '1::pg_catalog.int8';
    ELSE
        binary_expr := 'false';
        prf_binary := 'NULL::pg_catalog.text';
    END IF;

    -- Without a score the rows are first counted per (slice values, actual,
    -- predicted), a plain GROUP BY that is cheaper per row than one
    -- confusion transition per grouping set and can run in parallel; the
    -- grouping sets then build each confusion from those counts as
    -- weights (integer counts, so the sums are exact).  With a score the
    -- exact AUC needs every row, so the grouping sets read the source.
    IF pre THEN
        agg_expr := 'mlcheck.confusion(pre.a, pre.b, pre.w) AS c' || s_expr;
        SELECT pg_catalog.format('(SELECT %s%s%s, %s%s, pg_catalog.count(*)::pg_catalog.float8 FROM %s AS src GROUP BY %s) AS pre(%sa, b, w)',
                                 pre_cols, a_expr, cast_, p_expr, cast_, rel,
                                 pg_catalog.string_agg(k::pg_catalog.text, ', '), pre_names)
          INTO from_expr
          FROM pg_catalog.generate_series(1, nslices OPERATOR(pg_catalog.+) 2) AS k;
    ELSE
        agg_expr := pg_catalog.format('mlcheck.confusion(%s%s, %s%s) AS c', a_expr, cast_, p_expr, cast_) || s_expr;
        from_expr := rel || ' AS src';
    END IF;

    sql := pg_catalog.format($q$WITH g AS MATERIALIZED (
  SELECT %1$s AS set_no,
         %2$s AS slice_value,
         %3$s AS is_null,
         %4$s
    FROM %8$s
   GROUP BY GROUPING SETS (%9$s)
), o AS (
  SELECT coalesce(mlcheck.n(g.c), 0) AS n,
         pg_catalog.round(coalesce(mlcheck.n(g.c) OPERATOR(pg_catalog.*) mlcheck.accuracy(g.c), 0)) AS correct,
         mlcheck.accuracy(g.c) AS accuracy,
         %10$s AS is_binary
    FROM g WHERE g.set_no OPERATOR(pg_catalog.=) 0
), m AS (
  SELECT g.set_no, g.slice_value, g.is_null, g.c, g.roc_auc,
         coalesce(mlcheck.n(g.c), 0) AS n,
         pg_catalog.round(coalesce(mlcheck.n(g.c) OPERATOR(pg_catalog.*) mlcheck.accuracy(g.c), 0)) AS correct,
         mlcheck.accuracy(g.c) AS accuracy
    FROM g
)
SELECT (ARRAY[%11$s]::pg_catalog.text[])[m.set_no] AS slice_column,
       m.slice_value,
       m.is_null,
       m.n::pg_catalog.int8 AS n,
       CASE WHEN o.n OPERATOR(pg_catalog.>) 0 THEN m.n OPERATOR(pg_catalog./) o.n END AS share,
       m.accuracy,
       CASE WHEN o.is_binary THEN mlcheck.precision(m.c, %12$s)
            ELSE mlcheck.precision(m.c, NULL::pg_catalog.text, 'macro') END AS "precision",
       CASE WHEN o.is_binary THEN mlcheck.recall(m.c, %12$s)
            ELSE mlcheck.recall(m.c, NULL::pg_catalog.text, 'macro') END AS recall,
       CASE WHEN o.is_binary THEN mlcheck.f1(m.c, %12$s)
            ELSE mlcheck.f1(m.c, NULL::pg_catalog.text, 'macro') END AS f1,
       m.roc_auc,
       m.accuracy OPERATOR(pg_catalog.-) o.accuracy AS accuracy_gap,
       w.lower AS accuracy_lower,
       w.upper AS accuracy_upper,
       t.p_value,
       CASE WHEN m.set_no OPERATOR(pg_catalog.<>) 0
            THEN coalesce(t.p_value OPERATOR(pg_catalog.<) 0.05::pg_catalog.float8, false)
                 AND m.n OPERATOR(pg_catalog.>=) %13$s::pg_catalog.float8 END AS significant,
       m.n OPERATOR(pg_catalog.<) %13$s::pg_catalog.float8 AS below_min_support
  FROM m CROSS JOIN o
       CROSS JOIN LATERAL mlcheck.wilson(m.correct, m.n) AS w
       LEFT JOIN LATERAL mlcheck._two_proportion_test(m.correct, m.n,
                 o.correct OPERATOR(pg_catalog.-) m.correct, o.n OPERATOR(pg_catalog.-) m.n) AS t
              ON m.set_no OPERATOR(pg_catalog.<>) 0
 ORDER BY m.set_no, m.is_null, m.slice_value COLLATE "C"$q$,
        set_no, val_expr, null_expr, agg_expr, NULL, NULL, NULL, from_expr, sets,
        binary_expr, names, prf_binary, min_support);
    RETURN sql;
END
$fn$;
COMMENT ON FUNCTION mlcheck._slice_report_sql(regclass, text, text, text[], text, integer) IS
    'the single query behind mlcheck.slice_report and mlcheck.create_slice_view (for EXPLAIN and debugging)';

-- ---- the report
CREATE FUNCTION mlcheck.slice_report(source regclass, actual text, predicted text,
    slices text[], score text DEFAULT NULL, min_support integer DEFAULT 30)
    RETURNS TABLE (slice_column text, slice_value text, is_null boolean, n bigint,
                   share float8, accuracy float8, "precision" float8, recall float8,
                   f1 float8, roc_auc float8, accuracy_gap float8,
                   accuracy_lower float8, accuracy_upper float8, p_value float8,
                   significant boolean, below_min_support boolean)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 20
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    sql text := mlcheck._slice_report_sql(source, actual, predicted, slices, score, min_support);
BEGIN
    RAISE DEBUG 'mlcheck.slice_report: %', sql;
    RETURN QUERY EXECUTE sql;
END
$fn$;
COMMENT ON FUNCTION mlcheck.slice_report(regclass, text, text, text[], text, integer) IS
    'classification metrics per value of each slice column plus an overall row, with the gap to overall, a Wilson interval and a two-proportion test against the rest of the data; one scan of the source';

-- ---- the view
CREATE FUNCTION mlcheck._create_slice_view(view_name text[], default_schema text,
    source regclass, actual text, predicted text, slices text[], score text,
    min_support integer)
    RETURNS regclass
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    nparts integer := coalesce(pg_catalog.array_length(view_name, 1), 0);
    sch    text;
    name_  text;
    target text;
BEGIN
    IF nparts OPERATOR(pg_catalog.=) 1 THEN
        sch := default_schema;
        name_ := view_name[1];
        IF sch IS NULL THEN
            RAISE EXCEPTION 'no schema has been selected to create in'
                USING ERRCODE = 'invalid_schema_name',
                      HINT = 'Give the view name with its schema, e.g. ''public.model_slices''.';
        END IF;
    ELSIF nparts OPERATOR(pg_catalog.=) 2 THEN
        sch := view_name[1];
        name_ := view_name[2];
    ELSE
        RAISE EXCEPTION 'improper view name "%"', pg_catalog.array_to_string(view_name, '.')
            USING ERRCODE = 'syntax_error',
                  HINT = 'Use view or schema.view (quote parts with double quotes as in SQL).';
    END IF;
    target := pg_catalog.format('%I.%I', sch, name_);
    EXECUTE pg_catalog.format('CREATE VIEW %s WITH (security_invoker = true) AS %s',
                              target, mlcheck._slice_report_sql(source, actual, predicted, slices, score, min_support));
    EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', target,
                              pg_catalog.format('mlcheck slice report of %s (actual %s, predicted %s, slices %s, score %s, min_support %s)',
                                                source::pg_catalog.text, actual, predicted, slices::pg_catalog.text,
                                                coalesce(score, 'none'), min_support));
    RETURN target::pg_catalog.regclass;
END
$fn$;
COMMENT ON FUNCTION mlcheck._create_slice_view(text[], text, regclass, text, text, text[], text, integer) IS
    'implementation of mlcheck.create_slice_view (view name already parsed)';

-- No SET search_path here on purpose: an unqualified view name goes to the
-- caller's current schema, which is only visible before a SET clause takes
-- effect.  The body calls nothing but schema-qualified functions.
CREATE FUNCTION mlcheck.create_slice_view(view_name text, source regclass, actual text,
    predicted text, slices text[], score text DEFAULT NULL, min_support integer DEFAULT 30)
    RETURNS regclass
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $fn$
    SELECT mlcheck._create_slice_view(pg_catalog.parse_ident(view_name), pg_catalog.current_schema(),
                                      source, actual, predicted, slices, score, min_support)
$fn$;
COMMENT ON FUNCTION mlcheck.create_slice_view(text, regclass, text, text, text[], text, integer) IS
    'create a security_invoker view (schema-qualified name as given, else the current schema) with the columns of mlcheck.slice_report';

-- ==== src/sql/60_monitors.sql
-- SPEC §7 (P0): drift monitors.  Three tables hold what to watch and what
-- was seen — mlcheck.baselines (reference profiles), mlcheck.monitors (a
-- column of a relation, a time column, a window, a drift method) and
-- mlcheck.results (one row per monitor and window) — plus the functions
-- that fill them: create_baseline, add_monitor, check_monitor (one monitor,
-- one window), the procedure run_monitors (every due monitor), and
-- schedule/unschedule, which hand run_monitors to pg_cron when pg_cron is
-- installed (the extension never requires it).
--
-- Everything runs with the caller's privileges (no SECURITY DEFINER): a
-- role that cannot read a monitored relation gets an error row, never the
-- data.  The tables are not readable by PUBLIC; the extension owner GRANTs
-- them to the roles that define, run or read monitors (README, "Drift monitors").
--
-- Windows are tumbling periods of length "window" aligned on
-- 2000-01-03 00:00 UTC (a Monday): the window evaluated "as of" time t is
-- [e - window, e) with e = date_bin(window, t, 2000-01-03 00:00+00), the
-- last complete period before t.  Every run inside the same period computes
-- the same window, which is what makes runs idempotent.

-- ------------------------------------------------------------------ tables

CREATE TABLE mlcheck.baselines (
    name                text PRIMARY KEY
                        CONSTRAINT baselines_name_check
                        CHECK (name OPERATOR(pg_catalog.<>) '' AND
                               pg_catalog.btrim(name) OPERATOR(pg_catalog.=) name AND
                               pg_catalog.length(name) OPERATOR(pg_catalog.<=) 63),
    source              text NOT NULL,          -- schema-qualified, quoted relation name
    column_name         text NOT NULL,
    filter              text,                   -- the caller's WHERE expression, as given
    kind                text NOT NULL
                        CONSTRAINT baselines_kind_check
                        CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['numeric', 'categorical'])),
    numeric_profile     mlcheck.numeric_profile,
    categorical_profile mlcheck.categorical_profile,
    n_rows              bigint NOT NULL CONSTRAINT baselines_n_rows_check
                        CHECK (n_rows OPERATOR(pg_catalog.>=) 0),
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- exactly the profile column of its kind is set
    CONSTRAINT baselines_profile_check CHECK (
        (kind OPERATOR(pg_catalog.=) 'numeric'
         AND numeric_profile IS NOT NULL AND categorical_profile IS NULL) OR
        (kind OPERATOR(pg_catalog.=) 'categorical'
         AND categorical_profile IS NOT NULL AND numeric_profile IS NULL)),
    -- target of the monitors' (baseline, baseline_kind) foreign key
    CONSTRAINT baselines_name_kind_key UNIQUE (name, kind)
);
COMMENT ON TABLE mlcheck.baselines IS
    'Stored reference profiles for drift monitors (one per name); filled by mlcheck.create_baseline';

CREATE TABLE mlcheck.monitors (
    name          text PRIMARY KEY
                  CONSTRAINT monitors_name_check
                  CHECK (name OPERATOR(pg_catalog.<>) '' AND
                         pg_catalog.btrim(name) OPERATOR(pg_catalog.=) name AND
                         pg_catalog.length(name) OPERATOR(pg_catalog.<=) 63),
    kind          text NOT NULL DEFAULT 'drift'
                  CONSTRAINT monitors_kind_check CHECK (kind OPERATOR(pg_catalog.=) 'drift'),
    source        text NOT NULL,                -- schema-qualified, quoted relation name
    column_name   text NOT NULL,
    time_column   text NOT NULL,
    baseline      text NOT NULL,
    baseline_kind text NOT NULL,
    "window"      interval NOT NULL
                  CONSTRAINT monitors_window_check
                  CHECK ("window" OPERATOR(pg_catalog.>) '0'::interval AND
                         pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.=) 0 AND
                         pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.=) 0),
    method        text NOT NULL DEFAULT 'auto',
    threshold     float8,
    enabled       boolean NOT NULL DEFAULT true,
    owner         name NOT NULL DEFAULT CURRENT_USER,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT monitors_baseline_fkey FOREIGN KEY (baseline, baseline_kind)
        REFERENCES mlcheck.baselines (name, kind) ON UPDATE CASCADE ON DELETE RESTRICT,
    -- the method must exist and suit the baseline's kind
    CONSTRAINT monitors_method_check CHECK (
        method OPERATOR(pg_catalog.=) 'auto' OR
        (baseline_kind OPERATOR(pg_catalog.=) 'numeric' AND
         method OPERATOR(pg_catalog.=) ANY (ARRAY['ks', 'wasserstein', 'psi', 'js'])) OR
        (baseline_kind OPERATOR(pg_catalog.=) 'categorical' AND
         method OPERATOR(pg_catalog.=) ANY (ARRAY['chi2', 'psi', 'js']))),
    -- p-value thresholds (ks, chi2, and auto, which may pick either) lie in
    -- (0, 1]; distance thresholds (wasserstein, psi, js) are positive and
    -- finite — as mlcheck.drift() requires
    CONSTRAINT monitors_threshold_check CHECK (
        threshold IS NULL OR (
            threshold OPERATOR(pg_catalog.>) 0 AND
            threshold OPERATOR(pg_catalog.<) 'Infinity'::float8 AND
            (threshold OPERATOR(pg_catalog.<=) 1 OR
             method OPERATOR(pg_catalog.<>) ALL (ARRAY['auto', 'ks', 'chi2']))))
);
COMMENT ON TABLE mlcheck.monitors IS
    'Drift monitors: a column of a relation compared, window by window of a time column, with a stored baseline';

CREATE TABLE mlcheck.results (
    id           bigserial PRIMARY KEY,
    monitor      text NOT NULL REFERENCES mlcheck.monitors (name)
                 ON UPDATE CASCADE ON DELETE CASCADE,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    run_at       timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    status       text NOT NULL
                 CONSTRAINT results_status_check
                 CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['ok', 'error'])),
    method       text,                          -- the method actually applied
    statistic    float8,
    p_value      float8 CONSTRAINT results_p_value_check
                 CHECK (p_value OPERATOR(pg_catalog.>=) 0 AND p_value OPERATOR(pg_catalog.<=) 1),
    threshold    float8,
    alert        boolean NOT NULL DEFAULT false,
    error        text,
    sqlstate     text,
    attempts     integer NOT NULL DEFAULT 1
                 CONSTRAINT results_attempts_check CHECK (attempts OPERATOR(pg_catalog.>=) 1),
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT results_window_key UNIQUE (monitor, window_start, window_end),
    CONSTRAINT results_window_check CHECK (window_end OPERATOR(pg_catalog.>) window_start),
    CONSTRAINT results_status_error_check CHECK (
        (status OPERATOR(pg_catalog.=) 'ok' AND error IS NULL AND sqlstate IS NULL
         AND method IS NOT NULL) OR
        (status OPERATOR(pg_catalog.=) 'error' AND error IS NOT NULL AND sqlstate IS NOT NULL
         AND NOT alert))
);
COMMENT ON TABLE mlcheck.results IS
    'One row per monitor and window: the drift statistic, p-value, threshold and alert flag, or the error that prevented the run';

-- pg_dump keeps the user rows (the tables belong to the extension, so
-- without this a dump would recreate them empty).
SELECT pg_catalog.pg_extension_config_dump('mlcheck.baselines', '');
SELECT pg_catalog.pg_extension_config_dump('mlcheck.monitors', '');
SELECT pg_catalog.pg_extension_config_dump('mlcheck.results', '');
SELECT pg_catalog.pg_extension_config_dump('mlcheck.results_id_seq', '');

-- Readable only by roles the owner grants (new tables grant nothing to
-- PUBLIC; said explicitly so that nobody wonders).
REVOKE ALL ON TABLE mlcheck.baselines, mlcheck.monitors, mlcheck.results FROM PUBLIC;
REVOKE ALL ON SEQUENCE mlcheck.results_id_seq FROM PUBLIC;

-- A monitor runs its query as whoever runs it, but its results may be read
-- by others: so a monitor records an owner, the run checks that the owner
-- may read the monitored columns, and a role can only record itself (or a
-- role it is a member of) as the owner.
CREATE FUNCTION mlcheck._monitors_owner_check() RETURNS trigger
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_catalog.pg_has_role(CURRENT_USER, NEW.owner, 'MEMBER') THEN
        RAISE EXCEPTION 'role "%" cannot create a monitor owned by role "%"', CURRENT_USER, NEW.owner
            USING ERRCODE = '42501',
                  HINT = 'Leave mlcheck.monitors.owner at its default, the current user.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION mlcheck._monitors_owner_check() IS
    'trigger of mlcheck.monitors: the owner must be the current user or a role it is a member of';
CREATE TRIGGER monitors_owner_check BEFORE INSERT OR UPDATE OF owner ON mlcheck.monitors
    FOR EACH ROW EXECUTE FUNCTION mlcheck._monitors_owner_check();

-- ---------------------------------------------------------------- helpers

-- Kind of profile for a column type: 'numeric' for the numeric types,
-- 'categorical' for text-like types, booleans and enums, NULL otherwise.
CREATE FUNCTION mlcheck._column_kind(typ regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN typ OPERATOR(pg_catalog.=) ANY (ARRAY['smallint', 'integer', 'bigint', 'real',
                 'double precision', 'numeric']::regtype[]) THEN 'numeric'
        -- string types (text, varchar, char, name, citext ...), boolean, enums
        WHEN (SELECT t.typcategory OPERATOR(pg_catalog.=) ANY (ARRAY['S', 'B', 'E']::"char"[])
                FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) typ) THEN 'categorical'
        ELSE NULL END
$$;
COMMENT ON FUNCTION mlcheck._column_kind(regtype) IS
    'profile kind (numeric or categorical) that mlcheck uses for a column type, NULL when none';

-- Type of a column of a relation; 42703 when there is no such column.
CREATE FUNCTION mlcheck._column_type(rel regclass, col text) RETURNS regtype
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regtype;
BEGIN
    SELECT a.atttypid INTO t FROM pg_catalog.pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) rel AND a.attname OPERATOR(pg_catalog.=) col
       AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    IF t IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', col, rel
            USING ERRCODE = '42703',
                  HINT = 'Column names are matched exactly (case-sensitive, no quoting needed).';
    END IF;
    RETURN t;
END
$$;
COMMENT ON FUNCTION mlcheck._column_type(regclass, text) IS
    'type of a column of a relation (error 42703 when the column does not exist)';

-- The relation a baseline or monitor may read: a table, partitioned table,
-- view, materialized view or foreign table that is not temporary.
CREATE FUNCTION mlcheck._check_source(rel regclass) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    SELECT cl.relkind, cl.relpersistence, n.nspname, cl.relname INTO c
      FROM pg_catalog.pg_class cl JOIN pg_catalog.pg_namespace n
        ON n.oid OPERATOR(pg_catalog.=) cl.relnamespace
     WHERE cl.oid OPERATOR(pg_catalog.=) rel;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', rel::oid USING ERRCODE = '42P01';
    END IF;
    IF c.relkind OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[]) THEN
        RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
            USING ERRCODE = '42809';
    END IF;
    IF c.relpersistence OPERATOR(pg_catalog.=) 't' THEN
        RAISE EXCEPTION 'cannot monitor temporary relation %', rel
            USING ERRCODE = '22023',
                  HINT = 'A temporary relation disappears with its session; use a regular table.';
    END IF;
    RETURN pg_catalog.format('%I.%I', c.nspname, c.relname);
END
$$;
COMMENT ON FUNCTION mlcheck._check_source(regclass) IS
    'checks that a relation can be profiled and returns its schema-qualified quoted name';

-- The window evaluated as of a time: the last complete period (see top).
CREATE FUNCTION mlcheck.monitor_window("window" interval, as_of timestamptz DEFAULT pg_catalog.now(),
                                       OUT window_start timestamptz, OUT window_end timestamptz)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.date_bin("window", as_of, '2000-01-03 00:00:00+00'::timestamptz)
               OPERATOR(pg_catalog.-) "window",
           pg_catalog.date_bin("window", as_of, '2000-01-03 00:00:00+00'::timestamptz)
$$;
COMMENT ON FUNCTION mlcheck.monitor_window(interval, timestamptz) IS
    'window [window_start, window_end) a monitor evaluates as of a time: the last complete period of that length, aligned on 2000-01-03 00:00 UTC';

-- The query a monitor runs for a window ($1 = window_start, $2 =
-- window_end, both timestamptz).  Returns the profile of the column and
-- the number of rows in the window.
CREATE FUNCTION mlcheck.monitor_query(monitor_name text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    rel regclass;
    ttype regtype;
BEGIN
    SELECT mo.source, mo.column_name, mo.time_column, mo.baseline_kind INTO m
      FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    rel := pg_catalog.to_regclass(m.source);
    IF rel IS NULL THEN
        RAISE EXCEPTION 'relation % of monitor "%" does not exist', m.source, monitor_name
            USING ERRCODE = '42P01',
                  HINT = 'It was dropped or renamed; UPDATE mlcheck.monitors SET source = ... or disable the monitor.';
    END IF;
    PERFORM mlcheck._column_type(rel, m.column_name);
    ttype := mlcheck._column_type(rel, m.time_column);
    IF ttype OPERATOR(pg_catalog.<>) ALL (ARRAY['timestamp with time zone',
           'timestamp without time zone', 'date']::regtype[]) THEN
        RAISE EXCEPTION 'time column "%" of % has type %', m.time_column, rel, ttype
            USING ERRCODE = '42804',
                  HINT = 'The time column must be timestamptz, timestamp or date.';
    END IF;
    -- The bounds are cast to the time column's own type so that an index on
    -- it can be used.
    RETURN pg_catalog.format(
        'SELECT mlcheck.profile((%1$I)::%2$s), pg_catalog.count(%1$I) FROM %3$s WHERE %4$I >= $1::%5$s AND %4$I < $2::%5$s',
        m.column_name,
        CASE m.baseline_kind WHEN 'numeric' THEN 'float8' ELSE 'text' END,
        rel::text, m.time_column, pg_catalog.format_type(ttype, NULL));
END
$$;
COMMENT ON FUNCTION mlcheck.monitor_query(text) IS
    'the SQL a monitor runs for a window ($1 = window_start, $2 = window_end): profile and count of the column over the window';

-- ------------------------------------------------------------- baselines

CREATE FUNCTION mlcheck.create_baseline(name text, source regclass, column_name text,
                                        filter text DEFAULT NULL, kind text DEFAULT NULL,
                                        replace boolean DEFAULT false)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_source text;
    v_type regtype;
    v_kind text;
    v_sql text;
    v_num mlcheck.numeric_profile;
    v_cat mlcheck.categorical_profile;
    v_n bigint;
    v_cur refcursor;
BEGIN
    IF name IS NULL OR source IS NULL OR column_name IS NULL OR replace IS NULL THEN
        RAISE EXCEPTION 'name, source, column_name and replace must not be NULL' USING ERRCODE = '22004';
    END IF;
    v_source := mlcheck._check_source(source);
    v_type := mlcheck._column_type(source, column_name);
    v_kind := coalesce(create_baseline.kind, mlcheck._column_kind(v_type));
    IF v_kind IS NULL THEN
        RAISE EXCEPTION 'cannot profile column "%" of type %', column_name, v_type
            USING ERRCODE = '42804',
                  HINT = 'Pass kind => ''numeric'' (values cast to float8) or kind => ''categorical'' (values cast to text).';
    END IF;
    IF v_kind OPERATOR(pg_catalog.<>) ALL (ARRAY['numeric', 'categorical']) THEN
        RAISE EXCEPTION 'unknown profile kind "%"', v_kind
            USING ERRCODE = '22023', HINT = 'kind is ''numeric'' or ''categorical''.';
    END IF;
    v_sql := pg_catalog.format('SELECT mlcheck.profile((%1$I)::%2$s), pg_catalog.count(%1$I) FROM %3$s',
                               column_name, CASE v_kind WHEN 'numeric' THEN 'float8' ELSE 'text' END,
                               source::text);
    IF filter IS NOT NULL THEN
        -- The caller's own SQL, run with the caller's own privileges.
        v_sql := v_sql OPERATOR(pg_catalog.||) ' WHERE (' OPERATOR(pg_catalog.||) filter
                 OPERATOR(pg_catalog.||) E'\n)';
    END IF;
    -- Through a cursor, which PostgreSQL only opens for exactly one query:
    -- the filter cannot append statements of its own.
    OPEN v_cur FOR EXECUTE v_sql;
    IF v_kind OPERATOR(pg_catalog.=) 'numeric' THEN
        FETCH v_cur INTO v_num, v_n;
    ELSE
        FETCH v_cur INTO v_cat, v_n;
    END IF;
    CLOSE v_cur;
    IF v_n OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('baseline "%s" would be empty: column "%s" of %s has no non-NULL value%s',
                                        name, column_name, source,
                                        CASE WHEN filter IS NULL THEN '' ELSE ' matching the filter' END),
            HINT = 'Check the filter and the column.';
    END IF;
    IF replace THEN
        INSERT INTO mlcheck.baselines AS b
               (name, source, column_name, filter, kind, numeric_profile, categorical_profile, n_rows)
        VALUES (name, v_source, column_name, filter, v_kind, v_num, v_cat, v_n)
        ON CONFLICT ON CONSTRAINT baselines_pkey DO UPDATE
           SET source = EXCLUDED.source, column_name = EXCLUDED.column_name,
               filter = EXCLUDED.filter, kind = EXCLUDED.kind,
               numeric_profile = EXCLUDED.numeric_profile,
               categorical_profile = EXCLUDED.categorical_profile,
               n_rows = EXCLUDED.n_rows, created_at = pg_catalog.now();
    ELSE
        BEGIN
            INSERT INTO mlcheck.baselines
                   (name, source, column_name, filter, kind, numeric_profile, categorical_profile, n_rows)
            VALUES (name, v_source, column_name, filter, v_kind, v_num, v_cat, v_n);
        EXCEPTION WHEN unique_violation THEN
            RAISE EXCEPTION 'baseline "%" already exists', name
                USING ERRCODE = '42710', HINT = 'Pass replace => true to replace it.';
        END;
    END IF;
    RETURN v_n;
END
$$;
COMMENT ON FUNCTION mlcheck.create_baseline(text, regclass, text, text, text, boolean) IS
    'profiles a column of a relation (optionally WHERE filter, the caller''s own SQL expression) and stores it as a named baseline; returns the number of non-NULL values profiled';

-- -------------------------------------------------------------- monitors

CREATE FUNCTION mlcheck.add_monitor(name text, source regclass, column_name text, time_column text,
                                    baseline text, "window" interval, method text DEFAULT 'auto',
                                    threshold float8 DEFAULT NULL)
    RETURNS mlcheck.monitors
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_source text;
    v_bkind text;
    v_ckind text;
    v_type regtype;
    v_ttype regtype;
    v_method text;
    r mlcheck.monitors;
BEGIN
    IF name IS NULL OR source IS NULL OR column_name IS NULL OR time_column IS NULL
       OR baseline IS NULL OR "window" IS NULL OR method IS NULL THEN
        RAISE EXCEPTION 'only threshold may be NULL' USING ERRCODE = '22004';
    END IF;
    v_source := mlcheck._check_source(source);
    SELECT b.kind INTO v_bkind FROM mlcheck.baselines b WHERE b.name OPERATOR(pg_catalog.=) baseline;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'baseline "%" does not exist', baseline
            USING ERRCODE = '42704', HINT = 'Create it with mlcheck.create_baseline().';
    END IF;
    v_type := mlcheck._column_type(source, column_name);
    v_ckind := mlcheck._column_kind(v_type);
    IF v_bkind OPERATOR(pg_catalog.=) 'numeric' AND v_ckind IS DISTINCT FROM 'numeric' THEN
        RAISE EXCEPTION 'column "%" of type % cannot be compared with numeric baseline "%"',
                        column_name, v_type, baseline
            USING ERRCODE = '42804', HINT = 'A numeric baseline needs a column of a numeric type.';
    END IF;
    v_ttype := mlcheck._column_type(source, time_column);
    IF v_ttype OPERATOR(pg_catalog.<>) ALL (ARRAY['timestamp with time zone',
           'timestamp without time zone', 'date']::regtype[]) THEN
        RAISE EXCEPTION 'time column "%" has type %', time_column, v_ttype
            USING ERRCODE = '42804', HINT = 'The time column must be timestamptz, timestamp or date.';
    END IF;
    -- Fail early when the caller could not run it (runs check the owner again).
    IF NOT (pg_catalog.has_column_privilege(source, column_name, 'SELECT') AND
            pg_catalog.has_column_privilege(source, time_column, 'SELECT')) THEN
        RAISE EXCEPTION 'permission denied for columns "%" and "%" of %', column_name, time_column, source
            USING ERRCODE = '42501', HINT = 'A monitor''s owner must be able to read what it monitors.';
    END IF;
    IF "window" OPERATOR(pg_catalog.<=) '0'::interval
       OR pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.<>) 0
       OR pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.<>) 0 THEN
        RAISE EXCEPTION 'invalid monitor window "%"', "window"
            USING ERRCODE = '22023',
                  HINT = 'The window must be positive and given in days, hours, minutes or seconds (e.g. ''30 days'', not ''1 month'').';
    END IF;
    -- the spellings mlcheck.drift() accepts, stored under one name
    v_method := CASE method WHEN 'jensenshannon' THEN 'js' WHEN 'js_distance' THEN 'js'
                            WHEN 'chisquare' THEN 'chi2' ELSE method END;
    IF v_method OPERATOR(pg_catalog.<>) 'auto' AND NOT (
         (v_bkind OPERATOR(pg_catalog.=) 'numeric' AND
          v_method OPERATOR(pg_catalog.=) ANY (ARRAY['ks', 'wasserstein', 'psi', 'js'])) OR
         (v_bkind OPERATOR(pg_catalog.=) 'categorical' AND
          v_method OPERATOR(pg_catalog.=) ANY (ARRAY['chi2', 'psi', 'js']))) THEN
        RAISE EXCEPTION 'unknown drift method "%" for a % baseline', method, v_bkind
            USING ERRCODE = '22023',
                  HINT = CASE v_bkind WHEN 'numeric'
                         THEN 'Use auto, ks, wasserstein, psi or js.'
                         ELSE 'Use auto, chi2, psi or js.' END;
    END IF;
    IF threshold IS NOT NULL AND NOT (
         threshold OPERATOR(pg_catalog.>) 0 AND threshold OPERATOR(pg_catalog.<) 'Infinity'::float8 AND
         (threshold OPERATOR(pg_catalog.<=) 1 OR
          v_method OPERATOR(pg_catalog.<>) ALL (ARRAY['auto', 'ks', 'chi2']))) THEN
        RAISE EXCEPTION 'threshold % out of range for drift method "%"', threshold, v_method
            USING ERRCODE = '22003',
                  HINT = CASE WHEN v_method OPERATOR(pg_catalog.=) ANY (ARRAY['auto', 'ks', 'chi2'])
                              THEN 'For ' OPERATOR(pg_catalog.||) v_method
                                   OPERATOR(pg_catalog.||) ' the threshold is a p-value in (0, 1] (alert when p < threshold).'
                              ELSE 'For ' OPERATOR(pg_catalog.||) v_method
                                   OPERATOR(pg_catalog.||) ' the threshold is a positive distance (alert when statistic >= threshold).' END;
    END IF;
    BEGIN
        INSERT INTO mlcheck.monitors AS mo
               (name, source, column_name, time_column, baseline, baseline_kind, "window", method, threshold)
        VALUES (name, v_source, column_name, time_column, baseline, v_bkind, "window", v_method, threshold)
        RETURNING mo.* INTO r;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'monitor "%" already exists', name
            USING ERRCODE = '42710',
                  HINT = 'Choose another name, or change the existing row of mlcheck.monitors.';
    END;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck.add_monitor(text, regclass, text, text, text, interval, text, float8) IS
    'registers a drift monitor: column_name of source over windows of time_column compared with a baseline by method (auto, ks, wasserstein, psi, js, chi2)';

-- ------------------------------------------------------------------- runs

CREATE FUNCTION mlcheck.check_monitor(monitor_name text, as_of timestamptz DEFAULT pg_catalog.now())
    RETURNS SETOF mlcheck.results
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m mlcheck.monitors;
    b mlcheck.baselines;
    r mlcheck.results;
    w record;
    rel regclass;
    v_sql text;
    v_num mlcheck.numeric_profile;
    v_cat mlcheck.categorical_profile;
    v_n bigint;
    d record;
    v_status text;
    v_method text;
    v_stat float8;
    v_p float8;
    v_thr float8;
    v_alert boolean := false;
    v_err text;
    v_state text;
    v_hint text;
    v_details jsonb;
BEGIN
    IF monitor_name IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'monitor_name and as_of must not be NULL' USING ERRCODE = '22004';
    END IF;
    SELECT * INTO m FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    SELECT * INTO w FROM mlcheck.monitor_window(m."window", as_of);

    -- One session per monitor at a time: a concurrent run of the same
    -- monitor is skipped (it returns no row), not waited for.  The lock is
    -- released at the end of the transaction, after the result is written.
    IF NOT pg_catalog.pg_try_advisory_xact_lock(
             pg_catalog.hashtextextended('mlcheck.monitor ' OPERATOR(pg_catalog.||) m.name, 0)) THEN
        RETURN;
    END IF;

    -- Idempotent: a window already evaluated successfully is not redone.
    SELECT * INTO r FROM mlcheck.results re
     WHERE re.monitor OPERATOR(pg_catalog.=) m.name
       AND re.window_start OPERATOR(pg_catalog.=) w.window_start
       AND re.window_end OPERATOR(pg_catalog.=) w.window_end;
    IF FOUND AND r.status OPERATOR(pg_catalog.=) 'ok' THEN
        RETURN NEXT r;
        RETURN;
    END IF;

    SELECT * INTO b FROM mlcheck.baselines ba WHERE ba.name OPERATOR(pg_catalog.=) m.baseline;
    v_details := pg_catalog.jsonb_build_object(
        'method_requested', m.method, 'baseline', m.baseline, 'kind', m.baseline_kind,
        'n_reference', b.n_rows, 'as_of', as_of);

    BEGIN
        v_sql := mlcheck.monitor_query(m.name);
        rel := pg_catalog.to_regclass(m.source);
        -- The owner must be able to read the columns too: otherwise a role
        -- could register a monitor over data it cannot see and read the
        -- statistics a more privileged runner wrote.
        IF NOT (pg_catalog.has_column_privilege(m.owner, rel, m.column_name, 'SELECT') AND
                pg_catalog.has_column_privilege(m.owner, rel, m.time_column, 'SELECT')) THEN
            RAISE EXCEPTION 'owner "%" of monitor "%" may not read columns "%" and "%" of %',
                            m.owner, m.name, m.column_name, m.time_column, rel
                USING ERRCODE = '42501',
                      HINT = 'GRANT SELECT on the relation to the monitor''s owner.';
        END IF;
        IF m.baseline_kind OPERATOR(pg_catalog.=) 'numeric' THEN
            EXECUTE v_sql INTO v_num, v_n USING w.window_start, w.window_end;
            SELECT dr.* INTO d
              FROM mlcheck.drift(b.numeric_profile, v_num, method => m.method,
                                 threshold => m.threshold) dr;
        ELSE
            EXECUTE v_sql INTO v_cat, v_n USING w.window_start, w.window_end;
            SELECT dr.* INTO d
              FROM mlcheck.drift(b.categorical_profile, v_cat, method => m.method,
                                 threshold => m.threshold) dr;
        END IF;
        v_status := 'ok';
        -- an empty window (no row, so no profile) has no statistic: the
        -- result keeps the requested method and threshold
        v_method := coalesce(d.method, m.method);
        v_stat := d.statistic;
        v_p := d.p_value;
        v_thr := coalesce(d.threshold, m.threshold);
        v_alert := coalesce(d.drifted, false);
        v_details := v_details OPERATOR(pg_catalog.||)
                     pg_catalog.jsonb_build_object('n_current', v_n, 'drift', d.details);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_err = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE, v_hint = PG_EXCEPTION_HINT;
        v_status := 'error';
        v_method := NULL; v_stat := NULL; v_p := NULL; v_thr := NULL; v_alert := false;
        IF v_hint OPERATOR(pg_catalog.<>) '' THEN
            v_details := v_details OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('hint', v_hint);
        END IF;
    END;

    -- A window that failed before is retried, and its row updated in place.
    INSERT INTO mlcheck.results AS re
           (monitor, window_start, window_end, status, method, statistic, p_value, threshold,
            alert, error, sqlstate, details)
    VALUES (m.name, w.window_start, w.window_end, v_status, v_method, v_stat, v_p, v_thr,
            v_alert, v_err, v_state, v_details)
    ON CONFLICT ON CONSTRAINT results_window_key DO UPDATE
       SET run_at = pg_catalog.clock_timestamp(), status = EXCLUDED.status, method = EXCLUDED.method,
           statistic = EXCLUDED.statistic, p_value = EXCLUDED.p_value,
           threshold = EXCLUDED.threshold, alert = EXCLUDED.alert, error = EXCLUDED.error,
           sqlstate = EXCLUDED.sqlstate, details = EXCLUDED.details,
           attempts = re.attempts OPERATOR(pg_catalog.+) 1
     WHERE re.status OPERATOR(pg_catalog.=) 'error'
    RETURNING re.* INTO r;
    IF r.id IS NULL THEN
        RETURN;   -- an ok row appeared meanwhile (cannot happen under the lock)
    END IF;

    -- Delivered at commit, once per written row.  Errors are announced too:
    -- a monitor that cannot run is a monitor that cannot alert.
    IF r.alert OR r.status OPERATOR(pg_catalog.=) 'error' THEN
        PERFORM pg_catalog.pg_notify('mlcheck_alert', pg_catalog.json_build_object(
            'result_id', r.id, 'monitor', r.monitor, 'status', r.status, 'alert', r.alert,
            'window_start', r.window_start, 'window_end', r.window_end,
            'method', r.method, 'statistic', r.statistic, 'p_value', r.p_value,
            'threshold', r.threshold, 'sqlstate', r.sqlstate,
            'error', pg_catalog.left(r.error, 1000))::text);
    END IF;
    RETURN NEXT r;
END
$$;
COMMENT ON FUNCTION mlcheck.check_monitor(text, timestamptz) IS
    'evaluates one monitor over the window as of a time (default now()), writes its mlcheck.results row unless already written, NOTIFYs mlcheck_alert on alert or error, and returns the row (no row when another session is running the same monitor)';

CREATE PROCEDURE mlcheck.run_monitors(name text DEFAULT NULL, as_of timestamptz DEFAULT NULL)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_as_of timestamptz := coalesce(as_of, pg_catalog.now());
    v_name text;
BEGIN
    IF run_monitors.name IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) run_monitors.name) THEN
        RAISE EXCEPTION 'monitor "%" does not exist', run_monitors.name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    FOR v_name IN
        SELECT mo.name FROM mlcheck.monitors mo
         WHERE mo.enabled
           AND (run_monitors.name IS NULL OR mo.name OPERATOR(pg_catalog.=) run_monitors.name)
         ORDER BY mo.name
    LOOP
        -- each monitor's failure is caught inside check_monitor
        PERFORM mlcheck.check_monitor(v_name, v_as_of);
    END LOOP;
END
$$;
COMMENT ON PROCEDURE mlcheck.run_monitors(text, timestamptz) IS
    'runs every enabled monitor (or the one named) over its last complete window as of a time (default now()); idempotent per window, safe to run concurrently, one failing monitor is recorded as an error row';

-- ---------------------------------------------------------------- pg_cron

-- The database is part of the name: pg_cron keeps all jobs in one
-- database, and scheduling under an existing name updates that job's
-- schedule and command but not its database (pg_cron 1.4).
CREATE FUNCTION mlcheck._cron_job_name(monitor_name text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.format('mlcheck: %s/%s', pg_catalog.current_database(), monitor_name) $$;
COMMENT ON FUNCTION mlcheck._cron_job_name(text) IS
    'pg_cron job name of a monitor: "mlcheck: <database>/<monitor>"';

-- 55000 with a hint when pg_cron is not installed in this database.
CREATE FUNCTION mlcheck._require_cron(monitor_name text, cron text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cron_db text := pg_catalog.current_setting('cron.database_name', true);
BEGIN
    IF pg_catalog.to_regprocedure('cron.schedule(text,text,text)') IS NOT NULL THEN
        RETURN;
    END IF;
    IF v_cron_db IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed'
            USING ERRCODE = '55000',
                  HINT = 'Add pg_cron to shared_preload_libraries, restart, and CREATE EXTENSION pg_cron; or run CALL mlcheck.run_monitors() from any other scheduler.';
    ELSIF v_cron_db OPERATOR(pg_catalog.<>) pg_catalog.current_database() THEN
        -- the exact statement to run in pg_cron's database instead
        RAISE EXCEPTION 'pg_cron is not installed in database "%"', pg_catalog.current_database()
            USING ERRCODE = '55000',
                  DETAIL = pg_catalog.format('pg_cron runs in database "%s" (cron.database_name).', v_cron_db),
                  HINT = CASE WHEN cron IS NULL
                         THEN pg_catalog.format('In database %I run: SELECT cron.unschedule(%L);',
                                                v_cron_db, mlcheck._cron_job_name(monitor_name))
                         ELSE pg_catalog.format('In database %I run: SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                                                v_cron_db, mlcheck._cron_job_name(monitor_name), cron,
                                                pg_catalog.format('CALL mlcheck.run_monitors(%L)', monitor_name),
                                                pg_catalog.current_database()) END;
    ELSE
        RAISE EXCEPTION 'pg_cron is not installed in database "%"', pg_catalog.current_database()
            USING ERRCODE = '55000', HINT = 'Run CREATE EXTENSION pg_cron in this database.';
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._require_cron(text, text) IS
    'raises a clear error (55000, with a hint) unless pg_cron is installed in the current database';

CREATE FUNCTION mlcheck.schedule(monitor_name text, cron text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_job bigint;
BEGIN
    IF monitor_name IS NULL OR cron IS NULL THEN
        RAISE EXCEPTION 'monitor_name and cron must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name) THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'Create it with mlcheck.add_monitor().';
    END IF;
    PERFORM mlcheck._require_cron(monitor_name, cron);
    -- Dynamic, so that mlcheck never depends on pg_cron.  Scheduling again
    -- under the same job name replaces the schedule (pg_cron >= 1.3).
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO v_job
      USING mlcheck._cron_job_name(monitor_name), cron,
            pg_catalog.format('CALL mlcheck.run_monitors(%L)', monitor_name);
    RETURN v_job;
END
$$;
COMMENT ON FUNCTION mlcheck.schedule(text, text) IS
    'schedules CALL mlcheck.run_monitors(monitor_name) with pg_cron (job name "mlcheck: <database>/<monitor>"); returns the pg_cron job id; error 55000 when pg_cron is not installed in this database';

CREATE FUNCTION mlcheck.unschedule(monitor_name text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_found boolean;
BEGIN
    IF monitor_name IS NULL THEN
        RAISE EXCEPTION 'monitor_name must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._require_cron(monitor_name, NULL);
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM cron.job WHERE jobname = $1 AND username = CURRENT_USER)'
       INTO v_found USING mlcheck._cron_job_name(monitor_name);
    IF NOT v_found THEN
        RETURN false;
    END IF;
    EXECUTE 'SELECT cron.unschedule($1::name)' INTO v_found USING mlcheck._cron_job_name(monitor_name);
    RETURN v_found;
END
$$;
COMMENT ON FUNCTION mlcheck.unschedule(text) IS
    'removes the pg_cron job of a monitor; true if there was one, false if not';
