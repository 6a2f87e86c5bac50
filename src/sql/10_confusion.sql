-- SPEC §1: the confusion type, its aggregates, operators and accessors.

-- ---- aggregate support

-- ---- operators

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
