-- SPEC §3: the calibration type (uniform-bin reliability summary of binary
-- probabilities), its aggregates, operators and accessors.

-- ---- aggregate support: one transition function per argument layout

-- calibration(prob, label [, weight] [, bins]) for boolean and 0/1 integer labels (SPEC §0)

-- ---- operators

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
