-- The confusion type, its aggregates, operators and accessors.

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
