-- profiles: numeric_profile / categorical_profile, merge, I/O, accessors
SET extra_float_digits = 0;
\set VERBOSITY terse
CREATE TABLE prof_t (g int, x float8, c text);
INSERT INTO prof_t SELECT g, (g % 10)::float8 / 4, 'c' || (g % 3) FROM generate_series(1, 40) g;
INSERT INTO prof_t VALUES (41, NULL, NULL), (42, 'NaN', 'x'), (43, 'Infinity', 'x'), (44, '-Infinity', 'y');

-- text form: exact profile, non-finite values counted but not sketched
SELECT mlcheck.profile(x) FROM prof_t WHERE g IN (1, 2, 3, 41, 42, 43, 44);
SELECT mlcheck.profile(c) FROM prof_t;
SELECT mlcheck.profile(x) FROM prof_t WHERE false;

-- accessors
SELECT mlcheck.n(p), mlcheck.n_null(p), mlcheck.n_nan(p), mlcheck.n_posinf(p), mlcheck.n_neginf(p),
       mlcheck.mean(p), round(mlcheck.variance(p)::numeric, 10) AS var, round(mlcheck.stddev_pop(p)::numeric, 10) AS sd_pop,
       mlcheck.min_value(p), mlcheck.max_value(p), mlcheck.is_exact(p), mlcheck.rank_error(p),
       mlcheck.quantile(p, 0.5) AS median, mlcheck.quantile(p, 0.9) AS p90, mlcheck.cdf(p, 1.0) AS cdf1
FROM (SELECT mlcheck.profile(x) p FROM prof_t) s;
-- the same numbers from PostgreSQL itself
SELECT count(*), avg(x), round(variance(x)::numeric, 10), round(stddev_pop(x)::numeric, 10),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.9) WITHIN GROUP (ORDER BY x)
FROM prof_t WHERE g <= 40;
SELECT * FROM mlcheck.categories((SELECT mlcheck.profile(c) FROM prof_t));
SELECT mlcheck.n(p), mlcheck.n_null(p), mlcheck.n_other(p), mlcheck.n_categories(p), mlcheck.is_exact(p),
       mlcheck.category_count(p, 'c1'), mlcheck.category_count(p, 'nope')
FROM (SELECT mlcheck.profile(c) p FROM prof_t) s;
-- undefined → NULL
SELECT mlcheck.mean(p) IS NULL AS mean_null, mlcheck.quantile(p, 0.5) IS NULL AS q_null, mlcheck.variance(p) IS NULL AS var_null
FROM (SELECT mlcheck.profile(x) p FROM prof_t WHERE g > 1000) s;

-- merge of stored profiles equals the profile of all rows while exact
CREATE TABLE prof_daily AS SELECT g % 4 AS day, mlcheck.profile(x) AS px, mlcheck.profile(c) AS pc FROM prof_t GROUP BY g % 4;
SELECT (SELECT mlcheck.merge(px) FROM prof_daily)::text = (SELECT mlcheck.profile(x) FROM prof_t)::text AS num_merge_ok,
       (SELECT mlcheck.merge(pc) FROM prof_daily)::text = (SELECT mlcheck.profile(c) FROM prof_t)::text AS cat_merge_ok;

-- round trips: text, jsonb, binary (COPY BINARY)
SELECT p::text::mlcheck.numeric_profile::text = p::text AS text_rt,
       p::jsonb::mlcheck.numeric_profile::text = p::text AS jsonb_rt,
       (p::jsonb)->>'n' AS n_from_jsonb
FROM (SELECT mlcheck.profile(x) p FROM prof_t) s;
SELECT q::jsonb::mlcheck.categorical_profile::text = q::text AS cat_jsonb_rt FROM (SELECT mlcheck.profile(c) q FROM prof_t) s;
COPY prof_daily TO '/tmp/mlcheck_prof_daily.bin' WITH (FORMAT binary);
CREATE TABLE prof_daily2 (LIKE prof_daily);
COPY prof_daily2 FROM '/tmp/mlcheck_prof_daily.bin' WITH (FORMAT binary);
SELECT bool_and(a.px::text = b.px::text AND a.pc::text = b.pc::text) AS binary_rt
FROM prof_daily a JOIN prof_daily2 b USING (day);

-- sketched profile: 100k values, bounded size, quantiles within the rank bound
CREATE TABLE prof_big AS SELECT g, ((g * 7919) % 100000)::float8 AS x FROM generate_series(1, 100000) g;
SELECT mlcheck.is_exact(p), mlcheck.n(p), mlcheck.mean(p), mlcheck.min_value(p), mlcheck.max_value(p),
       octet_length(mlcheck._numeric_profile_send(p)) < 40000 AS size_ok,
       abs(mlcheck.quantile(p, 0.25) - 25000) <= 500 AS q25_ok, abs(mlcheck.cdf(p, 70000) - 0.70001) <= 0.005 AS cdf_ok
FROM (SELECT mlcheck.profile(x) p FROM prof_big) s;

-- errors (SQLSTATEs pinned)
\set VERBOSITY sqlstate
SELECT '{"n": 1}'::mlcheck.numeric_profile;
SELECT '{"n": 2, "exact": true, "levels": [[2, 1]]}'::mlcheck.numeric_profile;
SELECT '{"n": 1, "exact": true, "levels": [[1]], "mean": 5}'::mlcheck.numeric_profile;
SELECT 'not json'::mlcheck.numeric_profile;
SELECT '{"n": 3, "categories": {"a": 2}}'::mlcheck.categorical_profile;
SELECT '{"n": 1, "categories": {"a": 1}, "bogus": 1}'::mlcheck.categorical_profile;
SELECT mlcheck.quantile(mlcheck.profile(x), 1.5) FROM prof_t;
SELECT mlcheck.cdf(mlcheck.profile(x), 'NaN') FROM prof_t;
\set VERBOSITY terse

-- forced parallel plan gives the same profiles as the serial plan (exact),
-- and statistics within the rank bound (sketched)
CREATE TABLE prof_par AS SELECT g, (g % 997)::float8 / 7 AS x, 'k' || (g % 37) AS c FROM generate_series(1, 30000) g;
ANALYZE prof_par;
CREATE TABLE prof_serial AS
  SELECT mlcheck.profile(x) FILTER (WHERE g <= 4000) AS small, mlcheck.profile(x) AS big, mlcheck.profile(c) AS pc
  FROM prof_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
DO $$
DECLARE l text; n int := 0;
BEGIN
  FOR l IN EXPLAIN (COSTS OFF) SELECT mlcheck.profile(x) FILTER (WHERE g <= 4000), mlcheck.profile(x), mlcheck.profile(c) FROM prof_par LOOP
    IF l ~ 'Gather' OR l ~ 'Partial Aggregate' THEN n := n + 1; END IF;
  END LOOP;
  RAISE NOTICE 'parallel plan: %', n = 2;
END $$;
SELECT s.small::text = p.small::text AS exact_same, s.pc::text = p.pc::text AS cat_same,
       mlcheck.is_exact(p.small) AS small_exact, mlcheck.is_exact(p.big) AS big_exact,
       mlcheck.n(p.big), (mlcheck.ks(s.big, p.big)).statistic <= 2 * 0.005 AS ks_within_bound,
       abs(mlcheck.mean(s.big) - mlcheck.mean(p.big)) < 1e-9 AS mean_same
FROM prof_serial s,
     (SELECT mlcheck.profile(x) FILTER (WHERE g <= 4000) AS small, mlcheck.profile(x) AS big, mlcheck.profile(c) AS pc
      FROM prof_par) p;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
DROP TABLE prof_t, prof_daily, prof_daily2, prof_big, prof_par, prof_serial;
