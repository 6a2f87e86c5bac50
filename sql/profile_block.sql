-- The internal block aggregates mlcheck._numeric_profiles(k, x1 .. x16) and
-- mlcheck._categorical_profiles(k, t1 .. t16): the profiles of the first k
-- arguments in one transition call per row.  Element i is, byte for byte,
-- mlcheck.profile() of argument i over the same rows in the same plan (exact
-- and sketched numeric profiles, NaN, infinities and NULLs; categorical
-- profiles within and beyond the 1000-category cap), serial and parallel;
-- arguments past k are ignored; k is checked on every row; over no rows the
-- result is NULL, as profile()'s.  The hidden state mlcheck._profiles_state
-- round-trips through its text form exactly and combines element by element.
SET extra_float_digits = 0;

CREATE TABLE pb_t AS
SELECT g, g % 4 AS part,
       CASE WHEN g % 7 = 0 THEN NULL WHEN g % 53 = 0 THEN 'NaN'::float8
            WHEN g % 61 = 0 THEN '-Infinity'::float8 WHEN g % 67 = 0 THEN 'Infinity'::float8
            ELSE sin(g * 0.37) * 100 END AS a,            -- sketched (> 4096 values)
       (g % 13)::float8 AS b,                              -- exact over 4000 rows
       CASE WHEN g % 2 = 0 THEN NULL ELSE g * 0.5 END AS c,
       NULL::float8 AS d,                                  -- NULLs only
       'k' || (g % 5) AS s,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'v' || (g % 1700) END AS u,  -- > 1000 categories
       NULL::text AS n,
       repeat('é', 1 + g % 3) AS w
  FROM generate_series(1, 10000) g;

-- ---- element i = profile(x_i), compared as stored bytes; the arguments
-- past k are columns here, and ignored
SELECT i, mlcheck._numeric_profile_send(x) = mlcheck._numeric_profile_send(y) AS same_bytes,
       mlcheck.is_exact(x) AS exact, mlcheck.n(x) AS n, mlcheck.n_null(x) AS n_null,
       mlcheck.n_nan(x) AS n_nan
  FROM (SELECT mlcheck._numeric_profiles(4, a, b, c, d, a, b, c, a, b, c, a, b, c, a, b, c) AS blk,
               ARRAY[mlcheck.profile(a), mlcheck.profile(b), mlcheck.profile(c), mlcheck.profile(d)] AS one
          FROM pb_t) s, unnest(blk, one) WITH ORDINALITY u(x, y, i)
 ORDER BY i;
SELECT i, mlcheck._categorical_profile_send(x) = mlcheck._categorical_profile_send(y) AS same_bytes,
       mlcheck.is_exact(x) AS exact, mlcheck.n(x) AS n, mlcheck.n_null(x) AS n_null,
       mlcheck.n_categories(x) AS categories
  FROM (SELECT mlcheck._categorical_profiles(4, s, u, n, w, s, u, s, u, s, u, s, u, s, u, s, u) AS blk,
               ARRAY[mlcheck.profile(s), mlcheck.profile(u), mlcheck.profile(n), mlcheck.profile(w)] AS one
          FROM pb_t) s, unnest(blk, one) WITH ORDINALITY u(x, y, i)
 ORDER BY i;
-- a full block of 16, and a block of one padded with NULLs
SELECT cardinality(blk) AS elements,
       bool_and(mlcheck._numeric_profile_send(x) = mlcheck._numeric_profile_send(y)) AS same_bytes
  FROM (SELECT mlcheck._numeric_profiles(16, a, b, c, d, a * 2, b + 1, c - 1, a, b, c, d, a, b, c, d, g) AS blk,
               ARRAY[mlcheck.profile(a), mlcheck.profile(b), mlcheck.profile(c), mlcheck.profile(d),
                     mlcheck.profile(a * 2), mlcheck.profile(b + 1), mlcheck.profile(c - 1), mlcheck.profile(a),
                     mlcheck.profile(b), mlcheck.profile(c), mlcheck.profile(d), mlcheck.profile(a),
                     mlcheck.profile(b), mlcheck.profile(c), mlcheck.profile(d), mlcheck.profile(g)] AS one
          FROM pb_t) s, unnest(blk, one) u(x, y)
 GROUP BY 1;
SELECT mlcheck._categorical_profiles(1, s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL, NULL)
       = ARRAY[mlcheck.profile(s)] AS one_column
  FROM pb_t;
-- per group, and the same through the text form of the result
SELECT bool_and(blk::text = one::text) AS grouped_text_equal, count(*) AS groups
  FROM (SELECT part, mlcheck._numeric_profiles(2, a, c, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                               NULL, NULL, NULL, NULL, NULL) AS blk,
               ARRAY[mlcheck.profile(a), mlcheck.profile(c)] AS one
          FROM pb_t GROUP BY part) s;

-- ---- no rows: NULL, as profile(); a column of NULLs only counts them
SELECT mlcheck._numeric_profiles(1, a, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL) IS NULL AS numeric_no_rows,
       mlcheck._categorical_profiles(1, s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL) IS NULL AS categorical_no_rows,
       mlcheck.profile(a) IS NULL AS profile_no_rows
  FROM pb_t WHERE false;
SELECT mlcheck.n_null(p[1]) AS n_null, mlcheck.n(p[1]) AS n, mlcheck.n_null(q[1]) AS cat_n_null
  FROM (SELECT mlcheck._numeric_profiles(1, NULL::float8, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS p,
               mlcheck._categorical_profiles(1, NULL::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                             NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS q
          FROM generate_series(1, 3)) s;

-- ---- k: a constant from 1 to 16, the same on every row
SELECT mlcheck._numeric_profiles(g % 2 + 1, a, b, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL, NULL) FROM pb_t;
SELECT mlcheck._numeric_profiles(0, a, b, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL, NULL) FROM pb_t;
SELECT mlcheck._categorical_profiles(17, s, u, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL, NULL) FROM pb_t;
SELECT mlcheck._categorical_profiles(-1, s, u, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL, NULL) FROM pb_t;
SELECT mlcheck._numeric_profiles(NULL, a, b, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL, NULL) FROM pb_t;
-- a NULL k on a later row is refused too
SELECT mlcheck._categorical_profiles(CASE WHEN g < 5000 THEN 2 END, s, u, NULL, NULL, NULL, NULL, NULL, NULL,
                                     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) FROM pb_t;

-- ---- forced parallel plan: the same bytes as profile() in the same plan
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET force_parallel_mode = on;
EXPLAIN (COSTS OFF)
SELECT mlcheck._numeric_profiles(2, a, b, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL, NULL, NULL, NULL) FROM pb_t;
SELECT bool_and(mlcheck._numeric_profile_send(x) = mlcheck._numeric_profile_send(y)) AS numeric_same_bytes,
       count(*) AS elements
  FROM (SELECT mlcheck._numeric_profiles(4, a, b, c, d, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL) AS blk,
               ARRAY[mlcheck.profile(a), mlcheck.profile(b), mlcheck.profile(c), mlcheck.profile(d)] AS one
          FROM pb_t) s, unnest(blk, one) u(x, y);
SELECT bool_and(mlcheck._categorical_profile_send(x) = mlcheck._categorical_profile_send(y)) AS categorical_same_bytes,
       count(*) AS elements
  FROM (SELECT mlcheck._categorical_profiles(4, s, u, n, w, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                             NULL, NULL, NULL, NULL, NULL) AS blk,
               ARRAY[mlcheck.profile(s), mlcheck.profile(u), mlcheck.profile(n), mlcheck.profile(w)] AS one
          FROM pb_t) s, unnest(blk, one) u(x, y);
RESET force_parallel_mode; RESET max_parallel_workers_per_gather; RESET parallel_setup_cost;
RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;

-- ---- the hidden state: exact text round trip, element-wise combine
CREATE AGGREGATE pg_temp.num_state(integer, float8, float8, float8, float8, float8, float8, float8, float8,
                                   float8, float8, float8, float8, float8, float8, float8, float8) (
    SFUNC = mlcheck._numeric_profiles_trans, STYPE = mlcheck._profiles_state,
    COMBINEFUNC = mlcheck._profiles_state_combine);
CREATE AGGREGATE pg_temp.cat_state(integer, text, text, text, text, text, text, text, text,
                                   text, text, text, text, text, text, text, text) (
    SFUNC = mlcheck._categorical_profiles_trans, STYPE = mlcheck._profiles_state,
    COMBINEFUNC = mlcheck._profiles_state_combine);
CREATE AGGREGATE pg_temp.num_of(mlcheck._profiles_state) (
    SFUNC = mlcheck._profiles_state_combine, STYPE = mlcheck._profiles_state,
    FINALFUNC = mlcheck._numeric_profiles_final);
CREATE AGGREGATE pg_temp.cat_of(mlcheck._profiles_state) (
    SFUNC = mlcheck._profiles_state_combine, STYPE = mlcheck._profiles_state,
    FINALFUNC = mlcheck._categorical_profiles_final);
CREATE TEMP TABLE pb_parts AS
SELECT part,
       pg_temp.num_state(2, b, d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                         NULL, NULL, NULL, NULL, NULL) AS ns,
       pg_temp.cat_state(3, s, n, w, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                         NULL, NULL, NULL, NULL, NULL) AS cs
  FROM pb_t WHERE g <= 4000 GROUP BY part;
SELECT bool_and(ns::text::mlcheck._profiles_state::text = ns::text) AS numeric_text_exact,
       bool_and(cs::text::mlcheck._profiles_state::text = cs::text) AS categorical_text_exact,
       bool_and(mlcheck._profiles_state_send(ns) = decode(ns::text, 'base64')) AS send_is_codec
  FROM pb_parts;
-- partial states merged (exact profiles of 4000 rows: the same bytes
-- whatever the order)
SELECT (SELECT pg_temp.num_of(ns::text::mlcheck._profiles_state) FROM pb_parts)
       = (SELECT ARRAY[mlcheck.profile(b), mlcheck.profile(d)] FROM pb_t WHERE g <= 4000) AS numeric_parts_merge,
       (SELECT pg_temp.cat_of(cs::text::mlcheck._profiles_state) FROM pb_parts)
       = (SELECT ARRAY[mlcheck.profile(s), mlcheck.profile(n), mlcheck.profile(w)] FROM pb_t WHERE g <= 4000)
       AS categorical_parts_merge,
       (SELECT bool_and(mlcheck.is_exact(x)) FROM unnest((SELECT pg_temp.num_of(ns) FROM pb_parts)) x) AS exact;
-- states of different shapes do not combine; a final of the other kind refuses
SELECT pg_temp.num_of(x) FROM (SELECT ns AS x FROM pb_parts WHERE part = 0
                               UNION ALL SELECT cs FROM pb_parts WHERE part = 1) q;
SELECT mlcheck._numeric_profiles_final(cs) FROM pb_parts WHERE part = 0;
-- malformed text and bytes
SELECT 'AQ=='::mlcheck._profiles_state;
SELECT 'not base64'::mlcheck._profiles_state;
SELECT encode('\x010103'::bytea, 'base64')::mlcheck._profiles_state;   -- k = 3, no profiles
SELECT encode('\x01030100000000'::bytea, 'base64')::mlcheck._profiles_state;   -- unknown kind
-- a category that is not valid in the database encoding is refused
SELECT encode('\x0102010000002b0143'::bytea || int8send(1) || int8send(0) || int8send(0)
              || int4send(1) || int4send(1) || '\xff'::bytea || int8send(1), 'base64')::mlcheck._profiles_state;

-- ---- drift_report builds its profiles with the block aggregates
SELECT position('mlcheck._numeric_profiles(' IN q) > 0 AS numeric_blocks,
       position('mlcheck._categorical_profiles(' IN q) > 0 AS categorical_blocks,
       position('mlcheck.profile(' IN q) = 0 AS no_profile_calls
  FROM mlcheck._drift_report_sql('pb_t', 'pb_t') q;

DROP TABLE pb_t;
