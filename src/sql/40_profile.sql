-- Distribution profiles (numeric_profile, categorical_profile),
-- the profile()/merge() aggregates and their accessors.

-- ---- aggregate support: numeric

-- ---- aggregate support: categorical

-- ---- accessors: numeric
CREATE FUNCTION mlcheck.n(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_null_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_nan(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_nan_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_posinf(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_posinf_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_neginf(p mlcheck.numeric_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_neginf_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.mean(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_mean_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.variance(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_variance_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.var_pop(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_var_pop_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.stddev(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_stddev_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.stddev_pop(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_stddev_pop_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.min_value(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_min_value_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.max_value(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_max_value_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.is_exact(p mlcheck.numeric_profile) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_is_exact_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.rank_error(p mlcheck.numeric_profile) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_rank_error_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.quantile(p mlcheck.numeric_profile, q float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_quantile_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.cdf(p mlcheck.numeric_profile, x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_cdf_numeric_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n(mlcheck.numeric_profile) IS 'number of finite values profiled';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.numeric_profile) IS 'number of NULLs seen';
COMMENT ON FUNCTION mlcheck.n_nan(mlcheck.numeric_profile) IS 'number of NaNs seen (not in the sketch)';
COMMENT ON FUNCTION mlcheck.n_posinf(mlcheck.numeric_profile) IS 'number of +Infinity values seen (not in the sketch)';
COMMENT ON FUNCTION mlcheck.n_neginf(mlcheck.numeric_profile) IS 'number of -Infinity values seen (not in the sketch)';
COMMENT ON FUNCTION mlcheck.mean(mlcheck.numeric_profile) IS 'mean of the finite values (NULL when none)';
COMMENT ON FUNCTION mlcheck.variance(mlcheck.numeric_profile) IS 'sample variance (n - 1) of the finite values, as PostgreSQL variance()';
COMMENT ON FUNCTION mlcheck.var_pop(mlcheck.numeric_profile) IS 'population variance of the finite values';
COMMENT ON FUNCTION mlcheck.stddev(mlcheck.numeric_profile) IS 'sample standard deviation of the finite values, as PostgreSQL stddev()';
COMMENT ON FUNCTION mlcheck.stddev_pop(mlcheck.numeric_profile) IS 'population standard deviation (numpy.std) of the finite values';
COMMENT ON FUNCTION mlcheck.min_value(mlcheck.numeric_profile) IS 'smallest finite value';
COMMENT ON FUNCTION mlcheck.max_value(mlcheck.numeric_profile) IS 'largest finite value';
COMMENT ON FUNCTION mlcheck.is_exact(mlcheck.numeric_profile) IS 'true while the profile holds every value (at most 4096, and only while they fit 8 kB stored)';
COMMENT ON FUNCTION mlcheck.rank_error(mlcheck.numeric_profile) IS 'documented normalized rank-error bound of quantile/cdf: 0 when exact, the sketch''s own bound when sketched (0.005 for a profile sketched by 0.1)';
COMMENT ON FUNCTION mlcheck.quantile(mlcheck.numeric_profile, float8) IS 'q-quantile of the finite values (numpy.quantile linear when exact)';
COMMENT ON FUNCTION mlcheck.cdf(mlcheck.numeric_profile, float8) IS 'fraction of finite values <= x';

-- ---- accessors: categorical
CREATE FUNCTION mlcheck.n(p mlcheck.categorical_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_null(p mlcheck.categorical_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_null_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_other(p mlcheck.categorical_profile) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_n_other_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.n_categories(p mlcheck.categorical_profile) RETURNS integer
    AS 'MODULE_PATHNAME', 'mlcheck_n_categories_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.is_exact(p mlcheck.categorical_profile) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlcheck_is_exact_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.category_count(p mlcheck.categorical_profile, category text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'mlcheck_count_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mlcheck.categories(p mlcheck.categorical_profile,
        OUT category text, OUT count bigint, OUT share float8) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlcheck_categories_categorical_profile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.n(mlcheck.categorical_profile) IS 'number of non-NULL values profiled (including "other")';
COMMENT ON FUNCTION mlcheck.n_null(mlcheck.categorical_profile) IS 'number of NULLs seen';
COMMENT ON FUNCTION mlcheck.n_other(mlcheck.categorical_profile) IS 'number of values of categories beyond the 1000-category cap';
COMMENT ON FUNCTION mlcheck.n_categories(mlcheck.categorical_profile) IS 'number of categories kept';
COMMENT ON FUNCTION mlcheck.is_exact(mlcheck.categorical_profile) IS 'true when no value was folded into "other"';
COMMENT ON FUNCTION mlcheck.category_count(mlcheck.categorical_profile, text) IS 'count of one category (0 when not kept)';
COMMENT ON FUNCTION mlcheck.categories(mlcheck.categorical_profile) IS 'categories with count and share of n, most frequent first';
