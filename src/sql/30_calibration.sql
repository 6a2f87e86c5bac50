-- The calibration type (uniform-bin reliability summary of binary
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

-- calibration(prob, label [, weight] [, bins]) for boolean and 0/1 integer labels

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
