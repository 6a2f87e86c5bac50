-- Building blocks of label-free performance estimation (confidence-based
-- performance estimation): the isotonic calibrator and its prediction.  The
-- aggregates isotonic, expected_confusion and expected_roc_auc are declared
-- with the other aggregates (generated from src/sql/gen_decls.sh).

CREATE FUNCTION mlcheck.calibrate(c mlcheck.calibrator, score float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_calibrate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.calibrate(mlcheck.calibrator, float8) IS
    'calibrated probability of a score: clipped to the fitted range, linear between breakpoints (sklearn IsotonicRegression.predict); NaN or infinite score is 22023';
CREATE FUNCTION mlcheck.breakpoints(c mlcheck.calibrator) RETURNS integer
    AS 'MODULE_PATHNAME', 'mlcheck_calibrator_breakpoints' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.breakpoints(mlcheck.calibrator) IS 'number of breakpoints of the calibrator';
