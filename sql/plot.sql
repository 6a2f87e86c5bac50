-- Pictures: plot() text charts and svg() images of every summary type, and
-- report(), the HTML page.  Small fixed summaries so that every chart can
-- be checked by eye; hostile labels (markup, control characters,
-- characters XML forbids) must come out escaped; NULL and error policy.
SET extra_float_digits = 0;
\pset format unaligned
\pset tuples_only on

-- ---- ROC and precision-recall curves of a small exact summary
CREATE TABLE plot_s AS
  SELECT * FROM (VALUES (0.1, false), (0.2, false), (0.3, true), (0.4, false), (0.5, true),
                        (0.6, false), (0.7, true), (0.8, true), (0.9, true), (NULL, true)) v(s, y);
SELECT mlcheck.plot(mlcheck.scores(s, y)) FROM plot_s;
SELECT mlcheck.plot(mlcheck.scores(s, y), ascii => true, curve => 'pr') FROM plot_s;
-- one class only: the ROC curve is undefined, said in words
SELECT mlcheck.plot(mlcheck.scores(s, true)) FROM plot_s;

-- ---- confusion heatmap: counts and row shares, hostile labels escaped
CREATE TABLE plot_c (a text, p text);
INSERT INTO plot_c VALUES ('cat', 'cat'), ('cat', 'cat'), ('cat', 'dog'), ('dog', 'dog'),
  ('<b>&"x"', 'cat'), ('</text><script>', 'dog'), (E'esc\x1b[31mred', 'cat'), (E'bell\x07', 'dog'),
  (E'nel\u0085', 'cat'), (E'back\\slash', 'dog'), (E'a very long class name that is cut', 'cat'), (NULL, 'cat');
SELECT mlcheck.plot(mlcheck.confusion(a, p)) FROM plot_c;
SELECT mlcheck.plot(mlcheck.confusion(a, p), ascii => true) FROM plot_c WHERE a IN ('cat', 'dog');
SELECT mlcheck.plot(mlcheck.confusion(a, p)) FROM (VALUES (true, true), (true, false), (false, false)) v(a, p);
-- no raw control character reaches the text output
SELECT position(E'\x1b' IN t) = 0 AND position(E'\x07' IN t) = 0 AND position(E'\u0085' IN t) = 0 AS no_controls
  FROM (SELECT mlcheck.plot(mlcheck.confusion(a, p)) t FROM plot_c) s;
-- ten classes still fit in 80 columns (counts only, shaded)
SELECT mlcheck.plot(mlcheck.confusion(i % 10, (i * 3) % 10)) FROM generate_series(1, 200) i;
SELECT max(length(l)) <= 80 AS fits_80_columns
  FROM (SELECT mlcheck.plot(mlcheck.confusion(i % 10, (i * 3) % 10)) t FROM generate_series(1, 200) i) s,
       regexp_split_to_table(t, E'\n') l;

-- ---- histograms of numeric profiles; overlay of two
CREATE TABLE plot_x AS SELECT (i % 17)::float8 AS x, ((i * 7) % 23)::float8 + 3 AS y FROM generate_series(1, 300) i;
INSERT INTO plot_x VALUES (NULL, 'NaN'), ('Infinity', NULL);
SELECT mlcheck.plot(mlcheck.profile(x)) FROM plot_x;
SELECT mlcheck.plot(mlcheck.profile(x), mlcheck.profile(y), ascii => true) FROM plot_x;
SELECT mlcheck.plot(mlcheck.profile(x)) FROM (VALUES (5.0::float8), (5.0)) v(x);   -- one value: numpy's range [4.5, 5.5]
SELECT mlcheck.plot(mlcheck.profile(x)) FROM (VALUES (NULL::float8)) v(x);

-- ---- categorical profiles
SELECT mlcheck.plot(mlcheck.profile(c)) FROM
  (SELECT (ARRAY['red', 'green', 'blue', E'\x1b[2J'])[1 + i % 4] || CASE WHEN i % 4 = 0 THEN '' ELSE '' END AS c
     FROM generate_series(1, 50) i UNION ALL SELECT NULL) s;
SELECT mlcheck.plot(mlcheck.profile(a), mlcheck.profile(b)) FROM
  (SELECT (ARRAY['a', 'b', 'c'])[1 + i % 3] AS a, (ARRAY['a', 'b', 'd'])[1 + (i * i) % 3] AS b
     FROM generate_series(1, 60) i) s;
SELECT mlcheck.plot(mlcheck.profile('k' || (i % 30)), ascii => true) FROM generate_series(1, 100) i;

-- every text chart above stays within 80 columns
SELECT max(length(l)) AS widest_line FROM (
  SELECT mlcheck.plot(mlcheck.scores(s, y)) t FROM plot_s
  UNION ALL SELECT mlcheck.plot(mlcheck.scores(s, y), curve => 'pr') FROM plot_s
  UNION ALL SELECT mlcheck.plot(mlcheck.confusion(a, p)) FROM plot_c
  UNION ALL SELECT mlcheck.plot(mlcheck.confusion(i % 40, (i * 3) % 40)) FROM generate_series(1, 2000) i
  UNION ALL SELECT mlcheck.plot(mlcheck.profile(x), mlcheck.profile(y)) FROM plot_x
  UNION ALL SELECT mlcheck.plot(mlcheck.profile(x * 1e-7 + 1234.5)) FROM plot_x
  UNION ALL SELECT mlcheck.plot(mlcheck.profile(a), mlcheck.profile(p)) FROM plot_c) s,
  regexp_split_to_table(t, E'\n') l;
-- many classes: the heatmap shows what fits and says so
SELECT l FROM (SELECT mlcheck.plot(mlcheck.confusion(i % 40, (i * 3) % 40)) t FROM generate_series(1, 2000) i) s,
  regexp_split_to_table(t, E'\n') l WHERE l LIKE '(shown:%';

-- ---- the reliability diagram keeps its text form
SELECT mlcheck.plot(mlcheck.calibration(s, y, 5)) FROM plot_s;

-- ---- SVG: well-formed XML, escaped labels, no script, titles
SELECT xml_is_well_formed_document(mlcheck.svg(mlcheck.scores(s, y))) AS roc_xml,
       xml_is_well_formed_document(mlcheck.svg(mlcheck.scores(s, y), 'pr')) AS pr_xml,
       xml_is_well_formed_document(mlcheck.svg(mlcheck.calibration(s, y))) AS cal_xml
  FROM plot_s;
SELECT xml_is_well_formed_document(t) AS xml_ok,
       position('<script' IN lower(t)) = 0 AS no_script,
       position('&lt;/text&gt;&lt;script&gt;' IN t) > 0 AS label_escaped,
       position('&lt;b&gt;&amp;&quot;x&quot;' IN t) > 0 AS quotes_escaped,
       position(E'esc\uFFFD[31mred' IN t) > 0 AS esc_replaced,
       position(E'\x1b' IN t) = 0 AND position(E'\x07' IN t) = 0 AS no_controls
  FROM (SELECT mlcheck.svg(mlcheck.confusion(a, p), title => E'<script>alert(1)</script>\x01') t FROM plot_c) s;
-- the title is element content, escaped; a NULL title is the default one
SELECT substring(t FROM '<title>[^<]*</title>') FROM
  (SELECT mlcheck.svg(mlcheck.confusion(a, p), title => E'<script>alert("x")</script>\x01 ''q''') t FROM plot_c) s;
SELECT substring(t FROM '<title>[^<]*</title>') FROM (SELECT mlcheck.svg(mlcheck.scores(s, y), title => NULL) t FROM plot_s) s;
SELECT xml_is_well_formed_document(mlcheck.svg(mlcheck.profile(x))) AS one,
       xml_is_well_formed_document(mlcheck.svg(mlcheck.profile(x), mlcheck.profile(y))) AS two
  FROM plot_x;
SELECT xml_is_well_formed_document(t) AS xml_ok, position(E'\uFFFD' IN t) > 0 AS replaced,
       position('&lt;/text&gt;' IN t) > 0 AS escaped
  FROM (SELECT mlcheck.svg(mlcheck.profile(c), mlcheck.profile(c || 'x')) t
          FROM (VALUES (E'\uFFFE</text>'), ('plain'), (E'\x0b')) v(c)) s;
-- every element of every image is one a static SVG may hold
SELECT DISTINCT e FROM (
  SELECT (regexp_matches(t, '<([a-zA-Z]+)', 'g'))[1] AS e
    FROM (SELECT mlcheck.svg(mlcheck.scores(s, y)) t FROM plot_s
          UNION ALL SELECT mlcheck.svg(mlcheck.calibration(s, y)) FROM plot_s
          UNION ALL SELECT mlcheck.svg(mlcheck.confusion(a, p)) FROM plot_c
          UNION ALL SELECT mlcheck.svg(mlcheck.profile(x), mlcheck.profile(y)) FROM plot_x
          UNION ALL SELECT mlcheck.svg(mlcheck.profile(a::text)) FROM plot_c) s) s ORDER BY 1;

-- ---- NULL policy and errors
SELECT mlcheck.plot(NULL::mlcheck.scores) IS NULL AS plot_null,
       mlcheck.svg(NULL::mlcheck.confusion) IS NULL AS svg_null,
       mlcheck.svg(mlcheck.profile(1.0::float8), NULL::mlcheck.numeric_profile) IS NULL AS svg_null_current;
\set VERBOSITY sqlstate
SELECT mlcheck.svg(mlcheck.scores(s, y), curve => 'det') FROM plot_s;
SELECT mlcheck.svg(mlcheck.scores(s, y), curve => NULL) FROM plot_s;
SELECT mlcheck.plot(mlcheck.scores(s, y), curve => 'auc') FROM plot_s;
\set VERBOSITY default
SELECT mlcheck.svg(mlcheck.scores(s, y), curve => 'det') FROM plot_s;

-- ---- report(): one HTML page, escaped, and its argument checks
CREATE TABLE plot_r AS
  SELECT i, (i * 7919) % 3 = 0 AS y, ((i * 7919) % 3 = 0) <> (i % 11 = 0) AS p,
         ((i * 7919) % 1000) / 1000.0::float8 AS score,
         (ARRAY['north', '<img src=x onerror=alert(1)>', E'tab\there'])[1 + i % 3] AS region,
         i % 5 AS bucket, (i % 4)::int AS y4
    FROM generate_series(1, 300) i;
CREATE TABLE plot_r_ref AS SELECT * FROM plot_r WHERE i % 2 = 0;
CREATE VIEW plot_r_view AS SELECT * FROM plot_r WHERE i <= 200;
SELECT left(t, 15) AS start, right(t, 15) AS ending,
       xml_is_well_formed_document(t) AS xml_ok,
       position('<script' IN lower(t)) = 0 AS no_script,
       position('onerror=alert' IN t) > 0 AND position('<img' IN t) = 0 AS value_escaped,
       (SELECT count(*) FROM regexp_matches(t, '<svg ', 'g')) AS images,
       position('Drift against the reference' IN t) > 0 AS has_drift,
       position('>ROC AUC<' IN t) > 0 AS has_auc
  FROM (SELECT mlcheck.report('plot_r_view', 'y', 'p', 'score', ARRAY['region', 'bucket'], 'plot_r_ref') t) s;
SELECT (SELECT count(*) FROM regexp_matches(t, '<svg ', 'g')) AS images,
       position('>ROC AUC<' IN t) = 0 AS no_auc
  FROM (SELECT mlcheck.report('plot_r', 'y4', 'y4') t) s;
\set VERBOSITY sqlstate
SELECT mlcheck.report('plot_r', 'missing', 'p');
SELECT mlcheck.report('plot_r', 'Y', 'p');
SELECT mlcheck.report('plot_r', 'y', 'region');
SELECT mlcheck.report('plot_r', 'region', 'region', 'score');
SELECT mlcheck.report('plot_r', 'y4', 'y4', 'score');
SELECT mlcheck.report('plot_r', 'y', 'p', 'region');
SELECT mlcheck.report(NULL, 'y', 'p');
CREATE INDEX plot_r_i ON plot_r (i);
SELECT mlcheck.report('plot_r_i', 'y', 'p');
SELECT mlcheck.report('plot_r', 'y', 'p', slices => ARRAY['nope']);
\set VERBOSITY default
SELECT mlcheck.report('plot_r', 'Y', 'p');
DROP VIEW plot_r_view;
DROP TABLE plot_s, plot_c, plot_x, plot_r, plot_r_ref;
