-- The regression type (mergeable error moments of predicted vs
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
