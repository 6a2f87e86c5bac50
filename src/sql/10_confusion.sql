-- The confusion type, its aggregates, operators and accessors.

-- ---- aggregate support

-- ---- operators

-- ---- accessors
-- accuracy ... labels, precision/recall/f1/specificity(c [, label] [, average]),
-- fbeta(c, beta [, label] [, average]) and support: declared from the
-- accessor table of src/sql/gen_decls.sh (12_confusion_accessors.sql; the
-- label may be given as text, bigint or boolean, one C function serves all
-- overloads)

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
