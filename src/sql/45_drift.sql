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

-- The statistics (psi, ks, wasserstein, js_distance, chi2, drift) are C
-- functions declared from the accessor table of src/sql/gen_decls.sh.
