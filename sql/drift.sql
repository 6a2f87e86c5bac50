-- drift statistics between two profiles
SET extra_float_digits = 0;
\set VERBOSITY terse
CREATE TABLE drift_t (ts int, x float8, c text);
-- 0..299: reference; 300..599: current with a shifted x and a new category
INSERT INTO drift_t
SELECT g, (g % 50)::float8 + CASE WHEN g >= 300 THEN 7.5 ELSE 0 END,
       CASE WHEN g >= 300 AND g % 10 = 0 THEN 'new' ELSE 'c' || (g % 4) END
FROM generate_series(0, 599) g;

-- typical use: one query, one scan
SELECT (d).method, round((d).statistic::numeric, 6) AS statistic, (d).p_value < 1e-6 AS tiny_p,
       (d).threshold, (d).drifted, (d).details->>'auto_rule' AS rule
FROM (SELECT mlcheck.drift(mlcheck.profile(x) FILTER (WHERE ts < 300), mlcheck.profile(x) FILTER (WHERE ts >= 300)) d
      FROM drift_t) s;
-- no drift between two halves of the reference
SELECT (d).method, round((d).statistic::numeric, 6) AS statistic, round((d).p_value::numeric, 6) AS p_value, (d).drifted
FROM (SELECT mlcheck.drift(mlcheck.profile(x) FILTER (WHERE ts < 150), mlcheck.profile(x) FILTER (WHERE ts >= 150 AND ts < 300)) d
      FROM drift_t) s;

CREATE TABLE drift_p AS
SELECT mlcheck.profile(x) FILTER (WHERE ts < 300) AS rn, mlcheck.profile(x) FILTER (WHERE ts >= 300) AS cn,
       mlcheck.profile(c) FILTER (WHERE ts < 300) AS rc, mlcheck.profile(c) FILTER (WHERE ts >= 300) AS cc
FROM drift_t;

-- every statistic (values cross-checked against SciPy in test/crosscheck/check_drift.py)
SELECT round((k).statistic::numeric, 6) AS ks_d, round((k).p_value::numeric, 12) AS ks_p,
       round(mlcheck.wasserstein(rn, cn)::numeric, 6) AS wasserstein,
       round(mlcheck.psi(rn, cn)::numeric, 6) AS psi, round(mlcheck.psi(rn, cn, bins => 4)::numeric, 6) AS psi4,
       round(mlcheck.js_distance(rn, cn)::numeric, 6) AS js, round(mlcheck.js_distance(rn, cn, bins => 5)::numeric, 6) AS js5
FROM (SELECT *, mlcheck.ks(rn, cn) AS k FROM drift_p) s;
SELECT round((x).statistic::numeric, 6) AS chi2, (x).df, round((x).p_value::numeric, 10) AS p_value,
       round(mlcheck.js_distance(rc, cc)::numeric, 6) AS js, round(mlcheck.psi(rc, cc)::numeric, 6) AS psi
FROM (SELECT *, mlcheck.chi2(rc, cc) AS x FROM drift_p) s;

-- categorical drift reports the categories seen in one profile only
SELECT (d).method, (d).drifted, (d).details->'new_categories' AS new_categories,
       (d).details->'n_new_categories' AS n_new, round(((d).details->>'new_categories_share')::numeric, 4) AS new_share,
       (d).details->'missing_categories' AS missing
FROM (SELECT mlcheck.drift(rc, cc) AS d FROM drift_p) s;

-- explicit methods and thresholds
SELECT (d).method, round((d).statistic::numeric, 6) AS statistic, (d).p_value IS NULL AS no_p, (d).threshold, (d).drifted
FROM drift_p, LATERAL (VALUES (mlcheck.drift(rn, cn, method => 'wasserstein')),
                              (mlcheck.drift(rn, cn, method => 'psi', threshold => 0.25)),
                              (mlcheck.drift(rn, cn, method => 'js')),
                              (mlcheck.drift(rn, rn, method => 'ks', threshold => 0.01))) v(d)
ORDER BY 1;
SELECT (d).method, (d).drifted FROM drift_p, LATERAL (VALUES (mlcheck.drift(rc, cc, method => 'js')),
       (mlcheck.drift(rc, cc, method => 'psi')), (mlcheck.drift(rc, rc, method => 'chi2'))) v(d) ORDER BY 1;

-- auto switches to Wasserstein / Jensen-Shannon for references above 1000 values
SELECT (mlcheck.drift(mlcheck.profile(g::float8) FILTER (WHERE g <= 2000), mlcheck.profile(g::float8 + 100) FILTER (WHERE g > 2000))).method AS numeric_auto,
       (mlcheck.drift(mlcheck.profile((g % 3)::text) FILTER (WHERE g <= 2000), mlcheck.profile((g % 4)::text) FILTER (WHERE g > 2000))).method AS categorical_auto
FROM generate_series(1, 4000) g;

-- undefined (a side with no finite value) → NULL statistic and verdict;
-- profile() over no row at all is NULL (as sum()), and drift(NULL, ...) is NULL
SELECT (d).method, (d).statistic, (d).p_value, (d).drifted, (d).details->'current'->>'n_null' AS cur_nulls
FROM (SELECT mlcheck.drift(mlcheck.profile(x), mlcheck.profile(CASE WHEN false THEN x END)) d FROM drift_t) s;
SELECT mlcheck.profile(x) FILTER (WHERE false) IS NULL AS empty_is_null FROM drift_t;
SELECT mlcheck.drift(NULL::mlcheck.numeric_profile, rn) IS NULL AS null_in FROM drift_p;
SELECT mlcheck.ks(p, p) FROM (SELECT mlcheck.profile(NULL::float8) p) s;

-- chi2 on numeric profiles: each distinct value a category
SELECT (d).method, (d).details->'df' AS df, (d).drifted FROM (SELECT mlcheck.drift(rn, cn, method => 'chi2') d FROM drift_p) s;

-- errors (SQLSTATEs pinned)
\set VERBOSITY sqlstate
SELECT mlcheck.drift(rn, cn, method => 'bogus') FROM drift_p;
SELECT mlcheck.drift(rc, cc, method => 'ks') FROM drift_p;
SELECT mlcheck.drift(rn, cn, threshold => -1) FROM drift_p;
SELECT mlcheck.drift(rn, cn, method => 'ks', threshold => 1.5) FROM drift_p;
SELECT mlcheck.psi(rn, cn, bins => 1) FROM drift_p;
SELECT mlcheck.js_distance(rn, cn, bins => 100000) FROM drift_p;
\set VERBOSITY terse

-- forced parallel: same drift statistics as the serial plan
CREATE TABLE drift_big AS SELECT g, sin(g * 0.37) * 3 + CASE WHEN g > 15000 THEN 0.2 ELSE 0 END AS x FROM generate_series(1, 30000) g;
ANALYZE drift_big;
CREATE TABLE drift_serial AS
SELECT mlcheck.profile(x) FILTER (WHERE g <= 3000) AS r, mlcheck.profile(x) FILTER (WHERE g > 27000) AS c,
       mlcheck.profile(x) FILTER (WHERE g <= 15000) AS rb, mlcheck.profile(x) FILTER (WHERE g > 15000) AS cb
FROM drift_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
DO $$
DECLARE l text; n int := 0;
BEGIN
  FOR l IN EXPLAIN (COSTS OFF) SELECT mlcheck.profile(x) FILTER (WHERE g <= 3000) FROM drift_big LOOP
    IF l ~ 'Gather' OR l ~ 'Partial Aggregate' THEN n := n + 1; END IF;
  END LOOP;
  RAISE NOTICE 'parallel plan: %', n = 2;
END $$;
SELECT mlcheck.ks(s.r, s.c)::text = mlcheck.ks(p.r, p.c)::text AS ks_same_exact,
       mlcheck.wasserstein(s.r, s.c) = mlcheck.wasserstein(p.r, p.c) AS wasserstein_same_exact,
       mlcheck.psi(s.r, s.c) = mlcheck.psi(p.r, p.c) AS psi_same_exact,
       abs((mlcheck.ks(s.rb, s.cb)).statistic - (mlcheck.ks(p.rb, p.cb)).statistic) <= 4 * 0.005 AS ks_within_bound_sketched,
       abs(mlcheck.wasserstein(s.rb, s.cb) - mlcheck.wasserstein(p.rb, p.cb)) <= 0.05 AS wasserstein_close_sketched
FROM drift_serial s,
     (SELECT mlcheck.profile(x) FILTER (WHERE g <= 3000) AS r, mlcheck.profile(x) FILTER (WHERE g > 27000) AS c,
             mlcheck.profile(x) FILTER (WHERE g <= 15000) AS rb, mlcheck.profile(x) FILTER (WHERE g > 15000) AS cb
      FROM drift_big) p;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
DROP TABLE drift_t, drift_p, drift_big, drift_serial;
