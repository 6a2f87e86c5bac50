-- Confidence and comparison of ROC AUCs by DeLong's variance.
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
