-- Drift statistics between a reference and a current profile.

CREATE TYPE mlcheck.drift_result AS (
    method text,
    statistic float8,
    p_value float8,
    threshold float8,
    drifted boolean,
    details jsonb
);
COMMENT ON TYPE mlcheck.drift_result IS
    'result of mlcheck.drift(): test used, statistic, p-value (p-value tests only), threshold, verdict and details';

CREATE FUNCTION mlcheck.psi(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, bins integer DEFAULT 10)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_psi_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.psi(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_psi_categorical' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.ks(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile,
        OUT statistic float8, OUT p_value float8)
    AS 'MODULE_PATHNAME', 'mlcheck_ks_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.wasserstein(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_wasserstein_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.js_distance(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile, bins integer DEFAULT 30)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_js_distance_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.js_distance(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_js_distance_categorical' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.chi2(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile,
        OUT statistic float8, OUT df integer, OUT p_value float8)
    AS 'MODULE_PATHNAME', 'mlcheck_chi2_categorical' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.drift(ref mlcheck.numeric_profile, cur mlcheck.numeric_profile,
        method text DEFAULT 'auto', threshold float8 DEFAULT NULL)
    RETURNS mlcheck.drift_result
    AS 'MODULE_PATHNAME', 'mlcheck_drift_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mlcheck.drift(ref mlcheck.categorical_profile, cur mlcheck.categorical_profile,
        method text DEFAULT 'auto', threshold float8 DEFAULT NULL)
    RETURNS mlcheck.drift_result
    AS 'MODULE_PATHNAME', 'mlcheck_drift_categorical' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION mlcheck.psi(mlcheck.numeric_profile, mlcheck.numeric_profile, integer) IS
    'population stability index over bins at reference quantiles (empty bins smoothed to 1e-4)';
COMMENT ON FUNCTION mlcheck.psi(mlcheck.categorical_profile, mlcheck.categorical_profile) IS
    'population stability index over the union of categories (empty shares smoothed to 1e-4)';
COMMENT ON FUNCTION mlcheck.ks(mlcheck.numeric_profile, mlcheck.numeric_profile) IS
    'two-sample Kolmogorov-Smirnov statistic and p-value (scipy.stats.ks_2samp, method auto)';
COMMENT ON FUNCTION mlcheck.wasserstein(mlcheck.numeric_profile, mlcheck.numeric_profile) IS
    'Wasserstein-1 distance divided by max(reference population std, 0.001), as Evidently';
COMMENT ON FUNCTION mlcheck.js_distance(mlcheck.numeric_profile, mlcheck.numeric_profile, integer) IS
    'Jensen-Shannon distance (natural log) over equal-width bins spanning both profiles';
COMMENT ON FUNCTION mlcheck.js_distance(mlcheck.categorical_profile, mlcheck.categorical_profile) IS
    'Jensen-Shannon distance (natural log) over category frequencies';
COMMENT ON FUNCTION mlcheck.chi2(mlcheck.categorical_profile, mlcheck.categorical_profile) IS
    'chi-square test of homogeneity of two categorical profiles (scipy chi2_contingency, correction=False)';
COMMENT ON FUNCTION mlcheck.drift(mlcheck.numeric_profile, mlcheck.numeric_profile, text, float8) IS
    'drift test between two numeric profiles; auto = ks when the reference has <= 1000 values, else wasserstein';
COMMENT ON FUNCTION mlcheck.drift(mlcheck.categorical_profile, mlcheck.categorical_profile, text, float8) IS
    'drift test between two categorical profiles; auto = chi2 when the reference has <= 1000 values, else js';
