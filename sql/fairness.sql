-- Fairness across groups: the confusion accessors selection_rate,
-- false_positive_rate and false_negative_rate, mlcheck.fairness,
-- mlcheck.fairness_summary and mlcheck.create_fairness_view.  Numbers are
-- cross-checked against NumPy computations of Fairlearn's definitions in
-- test/crosscheck/check_fairness_slices.py; this file pins the SQL surface:
-- labels, undefined rates, NULL groups, min_support, errors and SQLSTATEs,
-- the view, privileges and row-level security.
SET extra_float_digits = 0;
\pset null '(null)'

-- ---- accessors.  tn 50, fp 10, fn 5, tp 35
CREATE TABLE fc AS SELECT '{"labels": [false, true], "matrix": [[50, 10], [5, 35]]}'::mlcheck.confusion AS b,
                          '{"labels": ["cat", "dog", "eel"], "matrix": [[5, 1, 0], [2, 7, 1], [0, 0, 0]]}'::mlcheck.confusion AS t,
                          '{"labels": [0, 1, 2], "matrix": [[4, 1, 0], [1, 3, 1], [0, 2, 8]]}'::mlcheck.confusion AS i;
SELECT mlcheck.selection_rate(b) AS sel, mlcheck.false_positive_rate(b) AS fpr,
       mlcheck.false_negative_rate(b) AS fnr,
       mlcheck.selection_rate(b, false) AS sel_neg, mlcheck.false_positive_rate(b, 'false') AS fpr_neg,
       mlcheck.false_negative_rate(b, NULL::text) AS fnr_default
  FROM fc;
-- one class against the rest on multi-class matrices; 'eel' has no actual
-- rows (FNR undefined), 'fish' is absent (selection rate 0, FNR undefined)
SELECT mlcheck.selection_rate(t, 'dog') AS sel, round(mlcheck.false_positive_rate(t, 'dog')::numeric, 6) AS fpr,
       round(mlcheck.false_negative_rate(t, 'dog')::numeric, 6) AS fnr,
       round(mlcheck.selection_rate(t, 'eel')::numeric, 6) AS sel_eel, mlcheck.false_negative_rate(t, 'eel') AS fnr_eel,
       mlcheck.selection_rate(t, 'fish') AS sel_fish, mlcheck.false_negative_rate(t, 'fish') AS fnr_fish
  FROM fc;
SELECT round(mlcheck.selection_rate(i, 2)::numeric, 6) AS sel, round(mlcheck.false_positive_rate(i, 2)::numeric, 6) AS fpr,
       mlcheck.false_negative_rate(i, '2') AS fnr, round(mlcheck.false_positive_rate(i, 7)::numeric, 6) AS fpr_absent
  FROM fc;
-- the accessors agree with the confusion's own metrics
SELECT mlcheck.false_negative_rate(b) = 1 - mlcheck.recall(b) AS fnr_is_1_minus_recall,
       round(mlcheck.false_positive_rate(b)::numeric, 12) = round(1 - mlcheck.specificity(b)::numeric, 12) AS fpr_is_1_minus_specificity
  FROM fc;
-- NULL in, NULL out; the empty matrix has no rates
SELECT mlcheck.selection_rate(NULL::mlcheck.confusion) AS a, mlcheck.false_positive_rate(NULL::mlcheck.confusion, true) AS b,
       mlcheck.selection_rate(c) AS empty_sel, mlcheck.false_positive_rate(c) AS empty_fpr
  FROM (SELECT mlcheck.confusion(x, x) AS c FROM (SELECT NULL::boolean AS x) s) s;
\set VERBOSITY sqlstate
SELECT mlcheck.selection_rate(t) FROM fc;          -- text labels: name the class
SELECT mlcheck.selection_rate(t, 1) FROM fc;       -- an integer cannot name a text class
SELECT mlcheck.false_positive_rate(t, true) FROM fc;
SELECT mlcheck.false_negative_rate(i, 'cat') FROM fc;
SELECT mlcheck.selection_rate(b, 'maybe') FROM fc;
SELECT mlcheck.selection_rate(i) FROM fc;          -- 0/1/2: no default positive class
\set VERBOSITY default

-- ---- fairness per group.  The model approves group 'm' more often; one
-- group is NULL, one is tiny, some rows have no label or prediction.
CREATE TABLE fair_t AS
SELECT i,
       CASE WHEN i % 50 = 0 THEN NULL WHEN i % 97 = 0 THEN 'x' WHEN i % 2 = 0 THEN 'f' ELSE 'm' END AS sex,
       (ARRAY['young', 'old'])[1 + i % 3 / 2] AS age,
       (i * 7919 % 100) < 40 AS label,
       (i * 7919 % 100) < 40 AND i % 5 <> 0 OR (i % 2 = 1 AND i % 7 = 0) AS pred
  FROM generate_series(1, 2000) i;
UPDATE fair_t SET label = NULL WHERE i % 101 = 0;
UPDATE fair_t SET pred = NULL WHERE i % 103 = 0;
SELECT grp, n, round(selection_rate::numeric, 6) AS sel, round(tpr::numeric, 6) AS tpr, round(fpr::numeric, 6) AS fpr,
       round("precision"::numeric, 6) AS prec, round(accuracy::numeric, 6) AS acc,
       round(selection_rate_ci_lower::numeric, 6) AS lo, round(selection_rate_ci_upper::numeric, 6) AS hi,
       below_min_support, is_null
  FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex', min_support => 30);
-- the same numbers from the confusion aggregate and its accessors; the
-- selection rate counts labelled rows only (a row with a prediction but no
-- label is skipped, as everywhere)
SELECT f.grp, f.n = mlcheck.n(c.c) AS n_ok, f.selection_rate = mlcheck.selection_rate(c.c) AS sel_ok,
       f.tpr = mlcheck.recall(c.c) AS tpr_ok, f.fpr = mlcheck.false_positive_rate(c.c) AS fpr_ok,
       f."precision" IS NOT DISTINCT FROM mlcheck.precision(c.c) AS prec_ok, f.accuracy = mlcheck.accuracy(c.c) AS acc_ok,
       f.selection_rate_ci_lower = w.lower AND f.selection_rate_ci_upper = w.upper AS ci_ok
  FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex') f
  JOIN (SELECT sex, mlcheck.confusion(label, pred) AS c,
               count(*) FILTER (WHERE label IS NOT NULL AND pred) AS selected
          FROM fair_t GROUP BY sex) c ON c.sex IS NOT DISTINCT FROM f.grp
  CROSS JOIN LATERAL mlcheck.wilson(c.selected, mlcheck.n(c.c)) w
 ORDER BY f.grp NULLS LAST;
-- the summary leaves out groups below min_support (here 'x')
SELECT round(demographic_parity_difference::numeric, 6) AS dpd, round(demographic_parity_ratio::numeric, 6) AS dpr,
       round(equal_opportunity_difference::numeric, 6) AS eopd, round(equalized_odds_difference::numeric, 6) AS eodd,
       round(equalized_odds_ratio::numeric, 6) AS eodr, n_groups
  FROM mlcheck.fairness_summary('fair_t', 'label', 'pred', 'sex', min_support => 30);
SELECT n_groups FROM mlcheck.fairness_summary('fair_t', 'label', 'pred', 'sex');
-- intersectional groups: one per combination, NULL elements kept
SELECT grp, n, round(selection_rate::numeric, 6) AS sel, below_min_support, is_null
  FROM mlcheck.fairness('fair_t', 'label', 'pred', ARRAY['sex', 'age'], min_support => 100);
SELECT n_groups, round(demographic_parity_difference::numeric, 6) AS dpd
  FROM mlcheck.fairness_summary('fair_t', 'label', 'pred', ARRAY['sex', 'age'], min_support => 100);
-- another positive class: the roles of the classes swap
SELECT grp, round(selection_rate::numeric, 6) AS sel, round(tpr::numeric, 6) AS tpr
  FROM mlcheck.fairness('fair_t', 'label', 'pred', 'age', positive => 'false');

-- undefined rates are NULL and the summary takes each rate over the groups
-- where it is defined; a ratio with max 0 is NULL
CREATE TABLE fair_u (g text, a boolean, p boolean);
INSERT INTO fair_u VALUES ('only_pos', true, true), ('only_pos', true, false),
                          ('only_neg', false, false), ('only_neg', false, false);
SELECT grp, n, selection_rate, tpr, fpr, "precision", accuracy FROM mlcheck.fairness('fair_u', 'a', 'p', 'g');
SELECT * FROM mlcheck.fairness_summary('fair_u', 'a', 'p', 'g');
-- no usable row: no group, an all-NULL summary with n_groups 0
CREATE TABLE fair_e (g text, a boolean, p boolean);
SELECT count(*) FROM mlcheck.fairness('fair_e', 'a', 'p', 'g');
SELECT * FROM mlcheck.fairness_summary('fair_e', 'a', 'p', 'g');

-- integer and text labels
CREATE TABLE fair_l AS
SELECT sex, CASE WHEN label THEN 1 ELSE 0 END AS a01, CASE WHEN pred THEN 1 ELSE 0 END::int2 AS p01,
       CASE WHEN label THEN 2 ELSE 5 END AS a25, CASE WHEN pred THEN 2 ELSE 5 END AS p25,
       CASE WHEN label THEN 'approved' ELSE 'denied' END AS at, CASE WHEN pred THEN 'approved' ELSE 'denied' END AS pt
  FROM fair_t WHERE label IS NOT NULL AND pred IS NOT NULL;
SELECT (SELECT array_agg(ROW(grp, n, selection_rate, tpr, fpr) ORDER BY grp) FROM mlcheck.fairness('fair_l', 'a01', 'p01', 'sex')) =
       (SELECT array_agg(ROW(grp, n, selection_rate, tpr, fpr) ORDER BY grp) FROM mlcheck.fairness('fair_l', 'a25', 'p25', 'sex', '2')) AND
       (SELECT array_agg(ROW(grp, n, selection_rate, tpr, fpr) ORDER BY grp) FROM mlcheck.fairness('fair_l', 'at', 'pt', 'sex', 'approved')) =
       (SELECT array_agg(ROW(grp, n, selection_rate, tpr, fpr) ORDER BY grp) FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex')) AS same_groups;

-- ---- errors
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.fairness('fair_l', 'at', 'pt', 'sex');                 -- text labels need positive
SELECT * FROM mlcheck.fairness('fair_l', 'a25', 'p25', 'sex');               -- not 0/1: positive needed
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex', 'maybe');   -- not a boolean
SELECT * FROM mlcheck.fairness('fair_l', 'a01', 'p01', 'sex', 'one');        -- not an integer
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', 'nope');
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', 'Sex');
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', ARRAY['sex', 'sex']);
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', ARRAY['sex', NULL]);
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', '{}'::text[]);
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex', min_support => -1);
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'i', 'sex');
SELECT * FROM mlcheck.fairness_summary('fair_t', 'label', 'pred', 'nope');
CREATE TABLE fair_types (a boolean, p boolean, j jsonb);
SELECT * FROM mlcheck.fairness('fair_types', 'a', 'p', 'j');
CREATE INDEX fair_t_i ON fair_t (i);
SELECT * FROM mlcheck.fairness('fair_t_i', 'label', 'pred', 'sex');
\set VERBOSITY default
\set SHOW_CONTEXT never
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', 'SEX');
SELECT * FROM mlcheck.fairness('fair_l', 'at', 'pt', 'sex');
\set SHOW_CONTEXT errors

-- ---- the view: security_invoker, same rows as the function
SELECT mlcheck.create_fairness_view('fair_by_sex', 'fair_t', 'label', 'pred', ARRAY['sex'], min_support => 30);
SELECT c.reloptions FROM pg_class c WHERE c.oid = 'fair_by_sex'::regclass;
SELECT (SELECT array_agg(v::text ORDER BY v::text) FROM fair_by_sex v) =
       (SELECT array_agg(f::text ORDER BY f::text) FROM mlcheck.fairness('fair_t', 'label', 'pred', ARRAY['sex'], NULL, 30) f) AS same_rows;
SELECT obj_description('fair_by_sex'::regclass, 'pg_class');
CREATE SCHEMA "fair ""s""";
SELECT mlcheck.create_fairness_view('"fair ""s""".v', 'fair_t', 'label', 'pred', ARRAY['age', 'sex'], positive => 'true');
SELECT count(*) FROM "fair ""s""".v;
\set VERBOSITY sqlstate
SELECT mlcheck.create_fairness_view('a.b.c', 'fair_t', 'label', 'pred', ARRAY['sex']);
SELECT mlcheck.create_fairness_view('fair_bad', 'fair_t', 'label', 'pred', ARRAY['nope']);
\set VERBOSITY default

-- ---- privileges: the caller's rights and row-level security apply, also
-- through the view
CREATE ROLE regress_mlcheck_fair_reader;
CREATE ROLE regress_mlcheck_fair_nobody;
GRANT SELECT ON fair_t, fair_by_sex TO regress_mlcheck_fair_reader;
GRANT SELECT ON fair_by_sex TO regress_mlcheck_fair_nobody;
ALTER TABLE fair_t ENABLE ROW LEVEL SECURITY;
CREATE POLICY fair_only_f ON fair_t TO regress_mlcheck_fair_reader USING (sex = 'f');
SET ROLE regress_mlcheck_fair_reader;
SELECT grp, n FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex');
SELECT grp, n FROM fair_by_sex;
SET ROLE regress_mlcheck_fair_nobody;
\set VERBOSITY sqlstate
SELECT * FROM mlcheck.fairness('fair_t', 'label', 'pred', 'sex');
SELECT * FROM fair_by_sex;
\set VERBOSITY default
RESET ROLE;
DROP POLICY fair_only_f ON fair_t;
ALTER TABLE fair_t DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON fair_t, fair_by_sex FROM regress_mlcheck_fair_reader;
REVOKE ALL ON fair_by_sex FROM regress_mlcheck_fair_nobody;
DROP ROLE regress_mlcheck_fair_reader;
DROP ROLE regress_mlcheck_fair_nobody;

-- ---- hostile identifiers
CREATE TABLE "fair ""odd""" ("g""); DROP TABLE fair_t; --" text, "A" boolean, "select" boolean);
INSERT INTO "fair ""odd""" SELECT sex, label, pred FROM fair_t;
SELECT grp, n FROM mlcheck.fairness('"fair ""odd"""', 'A', 'select', 'g"); DROP TABLE fair_t; --');
SELECT count(*) AS fair_t_still_there FROM fair_t;

-- ---- the search_path cannot redirect the functions: a hostile schema
-- first on the path, with look-alike functions and operators
CREATE TEMP TABLE fair_clean AS
SELECT f::text AS r FROM mlcheck.fairness('fair_t', 'label', 'pred', ARRAY['sex', 'age'], min_support => 100) f
UNION ALL SELECT s::text FROM mlcheck.fairness_summary('fair_t', 'label', 'pred', 'sex', min_support => 30) s;
CREATE SCHEMA fair_evil;
CREATE FUNCTION fair_evil.count(anyelement) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;
CREATE FUNCTION fair_evil.max(float8) RETURNS float8 LANGUAGE sql AS $$ SELECT 0::float8 $$;
CREATE FUNCTION fair_evil.fair_eq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR fair_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = fair_evil.fair_eq);
CREATE FUNCTION fair_evil.fair_lt(bigint, integer) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
CREATE OPERATOR fair_evil.< (LEFTARG = bigint, RIGHTARG = integer, FUNCTION = fair_evil.fair_lt);
SET search_path = fair_evil, public;
SELECT (SELECT array_agg(r ORDER BY r) FROM pg_temp.fair_clean) =
       (SELECT array_agg(r ORDER BY r) FROM
          (SELECT f::text AS r FROM mlcheck.fairness('public.fair_t', 'label', 'pred', ARRAY['sex', 'age'], min_support => 100) f
           UNION ALL SELECT s::text FROM mlcheck.fairness_summary('public.fair_t', 'label', 'pred', 'sex', min_support => 30) s) h)
       AS same_under_hostile_path;
RESET search_path;
DROP SCHEMA fair_evil CASCADE;
