-- SPEC §4: the regression type (mergeable error moments of predicted vs
-- actual values), its aggregates, operators and accessors.

-- ---- aggregate support

-- ---- operators

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
