-- The calibration type (uniform-bin reliability summary of binary
-- probabilities), its aggregates, operators and accessors.

-- ---- aggregate support: one transition function per argument layout

-- calibration(prob, label [, weight] [, bins]) for boolean and 0/1 integer labels

-- ---- operators

-- ---- accessors: the one-line ones are rows of the accessor table of
-- gen_decls.sh (generated into 30_calibration_accessors.sql)

CREATE FUNCTION mlcheck.bins(c mlcheck.calibration,
    OUT bin integer, OUT lower float8, OUT upper float8, OUT count float8,
    OUT mean_predicted float8, OUT fraction_positive float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlcheck_calibration_bins' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION mlcheck.bins(mlcheck.calibration) IS 'non-empty bins (0-based, bin b holds (lower, upper], bin 0 also 0): sklearn calibration_curve(strategy=''uniform'') prob_pred and prob_true';


