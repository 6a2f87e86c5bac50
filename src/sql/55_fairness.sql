-- Error analysis and fairness.  Accessors selection_rate /
-- false_positive_rate / false_negative_rate on mlcheck.confusion (C,
-- src/pg/fairness.c); mlcheck.worst_slices(), the SliceLine search for the
-- conjunctions of column = value predicates where a model errs most (one
-- scan of the source per depth level plus one to cut numeric columns into
-- quantile bins); mlcheck.fairness() / fairness_summary() with Fairlearn's
-- group metrics (one scan).  All read the source with the caller's
-- privileges; identifiers are looked up in pg_attribute and quoted, values
-- travel as parameters.

-- ---- confusion accessors: declared from the accessor table of
-- src/sql/gen_decls.sh (55_fairness_accessors)

-- ---- SliceLine arithmetic (C)
CREATE FUNCTION mlcheck._sliceline_score(size float8, errors float8, n_total float8,
    avg_error float8, alpha float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_sliceline_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._sliceline_score(float8, float8, float8, float8, float8) IS
    'SliceLine score alpha * ((errors / size) / avg_error - 1) - (1 - alpha) * (n_total / size - 1); NULL when size or avg_error is 0';
CREATE FUNCTION mlcheck._sliceline_score_ub(size_ub float8, errors_ub float8, min_support float8,
    n_total float8, avg_error float8, alpha float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'mlcheck_sliceline_score_ub' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._sliceline_score_ub(float8, float8, float8, float8, float8, float8) IS
    'SliceLine upper bound of the score of a slice of at most size_ub rows and errors_ub errors (0/1 errors); NULL when no such slice can reach min_support with an error';

-- One slice while worst_slices searches: predicate ids (ascending, one per
-- column, in the order of the columns argument), size and error count.
CREATE TYPE mlcheck._slice_stat AS (preds int4[], n float8, e float8);
COMMENT ON TYPE mlcheck._slice_stat IS 'internal to mlcheck.worst_slices: a slice as predicate ids with its size and error count';

-- How a segment column can be used: 'numeric' (cut into bins), 'boolean',
-- 'text' (string and enum types) or NULL (unusable).
CREATE FUNCTION mlcheck._segment_kind(t regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN ty.oid OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8',
                     'pg_catalog.float4', 'pg_catalog.float8', 'pg_catalog.numeric']::pg_catalog.regtype[]) THEN 'numeric'
                WHEN ty.oid OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype THEN 'boolean'
                WHEN ty.typcategory OPERATOR(pg_catalog.=) ANY (ARRAY['S', 'E']::"char"[]) THEN 'text'
           END
      FROM pg_catalog.pg_type ty WHERE ty.oid OPERATOR(pg_catalog.=) t
$fn$;
COMMENT ON FUNCTION mlcheck._segment_kind(regtype) IS
    'use of a segment column type: numeric (binned), boolean, text, or NULL when unusable';

-- ---- worst slices (SliceLine)
-- Level 1 evaluates every single predicate; level L joins two kept slices
-- of level L-1 that share their first L-2 predicates, requires all L
-- parents to be kept (size >= min_support and at least one error), bounds
-- the candidate's size and errors by the smallest parent's and keeps it
-- only when the score bound beats the current top_k-th score (and 0).  Each
-- level is one scan: a GROUP BY over every key column, then GROUPING SETS
-- over the column combinations of the candidates.
CREATE FUNCTION mlcheck.worst_slices(source regclass, actual text, predicted text,
    columns text[], max_depth integer DEFAULT 2, top_k integer DEFAULT 10,
    min_support integer DEFAULT 30, alpha float8 DEFAULT 0.95, bins integer DEFAULT 4)
    RETURNS TABLE (slice jsonb, description text, depth integer, n bigint, errors bigint,
                   error_rate float8, score float8, p_value float8, p_adjusted float8,
                   significant boolean, n_tested integer)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 10
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 1
AS $fn$
DECLARE
    rel       text := mlcheck._readable_relation(source);
    kind      text := mlcheck._label_pair_kind(source, actual, predicted);
    ncols     integer;
    cast_     text;
    err_expr  text;
    col       text;
    ckind     text[] := '{}';
    kexpr     text := '';
    ekeys     text := '';
    edges     float8[] := '{}';
    eoff      integer[] := '{}';
    ecnt      integer[] := '{}';
    raw       float8[];
    e         float8[];
    pcts      text := '';
    nnum      integer := 0;
    j         integer;
    lvl       integer;
    sql       text;
    inner_sql text;
    sets      text;
    keyarr    text;
    gcols     integer[];
    big_n     float8;
    big_e     float8;
    skipped   float8;
    ebar      float8;
    minsup    float8;
    thr       float8;
    pcol      integer[];
    pdesc     text[];
    pjson     jsonb[];
    pmap      jsonb;
    evaluated mlcheck._slice_stat[];
    kept      mlcheck._slice_stat[];
    cands     mlcheck._slice_stat[];
BEGIN
    -- ---- arguments
    IF columns IS NULL OR coalesce(pg_catalog.array_length(columns, 1), 0) OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION 'columns must name at least one column'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the segment columns to search, e.g. ARRAY[''region'', ''device''].';
    END IF;
    IF max_depth IS NULL OR max_depth OPERATOR(pg_catalog.<) 1 OR max_depth OPERATOR(pg_catalog.>) 8 THEN
        RAISE EXCEPTION 'max_depth must be between 1 and 8, got %', coalesce(max_depth::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'max_depth is the largest number of predicates combined in one slice.';
    END IF;
    IF top_k IS NULL OR top_k OPERATOR(pg_catalog.<) 1 THEN
        RAISE EXCEPTION 'top_k must be a positive integer, got %', coalesce(top_k::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM mlcheck._check_min_support(min_support,
        'Slices with fewer rows than min_support are not evaluated.');
    IF alpha IS NULL OR NOT (alpha OPERATOR(pg_catalog.>) 0 AND alpha OPERATOR(pg_catalog.<=) 1) THEN
        RAISE EXCEPTION 'alpha must be in (0, 1], got %', coalesce(alpha::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'alpha weighs the error rate against the slice size in the score; the usual value is 0.95.';
    END IF;
    IF bins IS NULL OR bins OPERATOR(pg_catalog.<) 1 OR bins OPERATOR(pg_catalog.>) 1000 THEN
        RAISE EXCEPTION 'bins must be between 1 and 1000, got %', coalesce(bins::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    ncols := pg_catalog.array_length(columns, 1);
    max_depth := LEAST(max_depth, ncols);
    minsup := GREATEST(min_support, 1);
    cast_ := CASE kind WHEN 'boolean' THEN '' WHEN 'integer' THEN '::pg_catalog.int8' ELSE '::pg_catalog.text' END;
    err_expr := pg_catalog.format('CASE WHEN src.%1$I IS NULL OR src.%2$I IS NULL THEN NULL ELSE src.%1$I%3$s OPERATOR(pg_catalog.<>) src.%2$I%3$s END',
                                  actual, predicted, cast_);
    FOR j IN 1 .. ncols LOOP
        col := mlcheck._column_list_item(columns, j, 'columns', 'column');
        ckind := ckind || mlcheck._segment_kind(mlcheck._slice_column_type(source, col));
        IF ckind[j] IS NULL THEN
            RAISE EXCEPTION 'column "%" has type %, which cannot be sliced', col, mlcheck._slice_column_type(source, col)
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Slice columns must be numeric (cut into quantile bins), boolean, text or enum; derive one in a view.';
        END IF;
        IF ckind[j] OPERATOR(pg_catalog.=) 'numeric' THEN
            nnum := nnum OPERATOR(pg_catalog.+) 1;
            pcts := pcts || CASE WHEN nnum OPERATOR(pg_catalog.>) 1 THEN ' || ' ELSE '' END
                || pg_catalog.format('coalesce(pg_catalog.percentile_cont($1) WITHIN GROUP (ORDER BY src.%1$I::pg_catalog.float8) FILTER (WHERE src.%1$I::pg_catalog.float8 OPERATOR(pg_catalog.<>) ''NaN''::pg_catalog.float8), pg_catalog.array_fill(NULL::pg_catalog.float8, ARRAY[$2]))', col);
        END IF;
    END LOOP;

    -- ---- the binning scan: quantile edges of every numeric column
    IF nnum OPERATOR(pg_catalog.>) 0 THEN
        sql := pg_catalog.format('SELECT %s FROM %s AS src WHERE src.%I IS NOT NULL AND src.%I IS NOT NULL',
                                 pcts, rel, actual, predicted);
        RAISE DEBUG 'mlcheck.worst_slices bins: %', sql;
        EXECUTE sql INTO raw
            USING (SELECT pg_catalog.array_agg(i::pg_catalog.float8 OPERATOR(pg_catalog./) bins ORDER BY i)
                     FROM pg_catalog.generate_series(0, bins) AS i),
                  bins OPERATOR(pg_catalog.+) 1;
    END IF;
    nnum := 0;
    FOR j IN 1 .. ncols LOOP
        IF ckind[j] OPERATOR(pg_catalog.=) 'numeric' THEN
            nnum := nnum OPERATOR(pg_catalog.+) 1;
            SELECT coalesce(pg_catalog.array_agg(DISTINCT x ORDER BY x), '{}') INTO e
              FROM pg_catalog.unnest(raw[(nnum OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog.*) (bins OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.+) 1
                                         : nnum OPERATOR(pg_catalog.*) (bins OPERATOR(pg_catalog.+) 1)]) AS x
             WHERE x IS NOT NULL;
            eoff := eoff || (coalesce(pg_catalog.array_length(edges, 1), 0) OPERATOR(pg_catalog.+) 1);
            ecnt := ecnt || coalesce(pg_catalog.array_length(e, 1), 0);
            edges := edges || e;
            -- bin b of the column is [e_b, e_b+1), the last one closed; 0 is NaN
            kexpr := kexpr || pg_catalog.format(', CASE WHEN src.%1$I IS NULL THEN NULL::pg_catalog.int4 WHEN src.%1$I::pg_catalog.float8 OPERATOR(pg_catalog.=) ''NaN''::pg_catalog.float8 THEN 0 ELSE %2$s END AS k%3$s',
                columns[j],
                CASE WHEN ecnt[j] OPERATOR(pg_catalog.<=) 1 THEN '1'
                     ELSE pg_catalog.format('pg_catalog.width_bucket(src.%I::pg_catalog.float8, $1[%s:%s])', columns[j],
                                            eoff[j], eoff[j] OPERATOR(pg_catalog.+) ecnt[j] OPERATOR(pg_catalog.-) 2) END,
                j);
        ELSE
            eoff := eoff || 0;
            ecnt := ecnt || 0;
            kexpr := kexpr || pg_catalog.format(', src.%I AS k%s', columns[j], j);
        END IF;
        ekeys := ekeys || ', ' || (j OPERATOR(pg_catalog.+) 1);
    END LOOP;
    -- every level reads the source through the same pre-aggregation
    inner_sql := pg_catalog.format('(SELECT %s AS err%s, pg_catalog.count(*) AS w FROM %s AS src GROUP BY 1%s) AS q',
                                   err_expr, kexpr, rel, ekeys);

    -- ---- level 1: every single predicate, and the totals
    sets := '()';
    sql := '';
    keyarr := '';
    FOR j IN 1 .. ncols LOOP
        sets := sets || pg_catalog.format(', (q.k%s)', j);
        sql := sql || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(q.k%1$s), 0) THEN %1$s', j);
        keyarr := keyarr || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(q.k%1$s), 0) THEN q.k%1$s::pg_catalog.text', j);
    END LOOP;
    sql := pg_catalog.format($q$SELECT CASE%s ELSE 0 END AS col_no, CASE%s END AS v,
       coalesce(pg_catalog.sum(q.w) FILTER (WHERE q.err IS NOT NULL), 0)::pg_catalog.float8 AS n,
       coalesce(pg_catalog.sum(q.w) FILTER (WHERE q.err), 0)::pg_catalog.float8 AS e,
       coalesce(pg_catalog.sum(q.w) FILTER (WHERE q.err IS NULL), 0)::pg_catalog.float8 AS skipped
  FROM %s GROUP BY GROUPING SETS (%s)$q$, sql, keyarr, inner_sql, sets);
    RAISE DEBUG 'mlcheck.worst_slices level 1: %', sql;
    EXECUTE pg_catalog.format($q$WITH r AS MATERIALIZED (%s),
p AS (SELECT r.col_no, r.v, r.n, r.e,
             pg_catalog.row_number() OVER (ORDER BY r.col_no, r.v IS NULL, r.v COLLATE "C") AS pid
        FROM r WHERE r.col_no OPERATOR(pg_catalog.>) 0 AND r.n OPERATOR(pg_catalog.>) 0)
SELECT (SELECT r.n FROM r WHERE r.col_no OPERATOR(pg_catalog.=) 0),
       (SELECT r.e FROM r WHERE r.col_no OPERATOR(pg_catalog.=) 0),
       (SELECT r.skipped FROM r WHERE r.col_no OPERATOR(pg_catalog.=) 0),
       (SELECT pg_catalog.array_agg(p.col_no ORDER BY p.pid) FROM p),
       (SELECT pg_catalog.array_agg(p.v ORDER BY p.pid) FROM p),
       (SELECT pg_catalog.array_agg(ROW(ARRAY[p.pid::pg_catalog.int4], p.n, p.e)::mlcheck._slice_stat ORDER BY p.pid) FROM p)$q$, sql)
        INTO big_n, big_e, skipped, pcol, pdesc, kept
        USING edges;
    IF skipped OPERATOR(pg_catalog.>) 0 THEN
        RAISE NOTICE 'mlcheck.worst_slices: % rows skipped because "%" or "%" is NULL', skipped::pg_catalog.int8, actual, predicted;
    END IF;
    IF coalesce(big_n, 0) OPERATOR(pg_catalog.=) 0 OR coalesce(big_e, 0) OPERATOR(pg_catalog.=) 0 THEN
        RETURN;                 -- no rows, or no error anywhere: nothing to find
    END IF;
    ebar := big_e OPERATOR(pg_catalog./) big_n;

    -- descriptions (pdesc held the raw values until here), JSON, value map
    SELECT pg_catalog.array_agg(d.descr ORDER BY d.pid), pg_catalog.array_agg(d.js ORDER BY d.pid),
           pg_catalog.jsonb_object_agg(d.mkey, d.pid)
      INTO pdesc, pjson, pmap
      FROM (SELECT x.pid, x.j::pg_catalog.text OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) coalesce('v' OPERATOR(pg_catalog.||) x.v, 'n') AS mkey,
                   CASE WHEN x.v IS NULL THEN pg_catalog.format('%s IS NULL', pg_catalog.quote_ident(x.col))
                        WHEN x.kind OPERATOR(pg_catalog.=) 'text' THEN pg_catalog.format('%s = %s', pg_catalog.quote_ident(x.col), pg_catalog.quote_literal(x.v))
                        WHEN x.kind OPERATOR(pg_catalog.=) 'boolean' THEN pg_catalog.format('%s = %s', pg_catalog.quote_ident(x.col), x.v)
                        WHEN x.v OPERATOR(pg_catalog.=) '0' THEN pg_catalog.format('%s = ''NaN''', pg_catalog.quote_ident(x.col))
                        ELSE pg_catalog.format('%s in [%s, %s%s', pg_catalog.quote_ident(x.col), x.lo, x.hi,
                                               CASE WHEN x.closed THEN ']' ELSE ')' END)
                   END AS descr,
                   pg_catalog.jsonb_build_object(x.col,
                       CASE WHEN x.v IS NULL THEN 'null'::pg_catalog.jsonb
                            WHEN x.kind OPERATOR(pg_catalog.=) 'text' THEN pg_catalog.to_jsonb(x.v)
                            WHEN x.kind OPERATOR(pg_catalog.=) 'boolean' THEN pg_catalog.to_jsonb(x.v::pg_catalog.bool)
                            WHEN x.v OPERATOR(pg_catalog.=) '0' THEN pg_catalog.to_jsonb('NaN'::pg_catalog.text)
                            ELSE pg_catalog.jsonb_build_object('lo', x.lo, 'hi', x.hi, 'hi_inclusive', x.closed) END) AS js
              FROM (SELECT u.pid, u.j, u.v, columns[u.j] AS col, ckind[u.j] AS kind,
                           CASE WHEN ckind[u.j] OPERATOR(pg_catalog.=) 'numeric' AND u.v OPERATOR(pg_catalog.<>) '0'
                                THEN edges[eoff[u.j] OPERATOR(pg_catalog.+) u.v::pg_catalog.int4 OPERATOR(pg_catalog.-) 1] END AS lo,
                           CASE WHEN ckind[u.j] OPERATOR(pg_catalog.=) 'numeric' AND u.v OPERATOR(pg_catalog.<>) '0'
                                THEN edges[eoff[u.j] OPERATOR(pg_catalog.+) LEAST(u.v::pg_catalog.int4, ecnt[u.j] OPERATOR(pg_catalog.-) 1)] END AS hi,
                           u.v OPERATOR(pg_catalog.=) GREATEST(ecnt[u.j] OPERATOR(pg_catalog.-) 1, 1)::pg_catalog.text AS closed
                      FROM ROWS FROM (pg_catalog.unnest(pcol), pg_catalog.unnest(pdesc)) WITH ORDINALITY AS u(j, v, pid)) x) d;
    evaluated := ARRAY(SELECT s FROM pg_catalog.unnest(kept) AS s WHERE s.n OPERATOR(pg_catalog.>=) minsup);

    -- ---- levels 2 .. max_depth
    FOR lvl IN 2 .. max_depth LOOP
        kept := ARRAY(SELECT s FROM pg_catalog.unnest(evaluated) AS s
                       WHERE pg_catalog.cardinality(s.preds) OPERATOR(pg_catalog.=) (lvl OPERATOR(pg_catalog.-) 1)
                         AND s.e OPERATOR(pg_catalog.>) 0);
        -- the top_k-th best score so far (and 0): a candidate must beat it
        thr := GREATEST(0, coalesce((SELECT z.sc FROM (SELECT mlcheck._sliceline_score(s.n, s.e, big_n, ebar, alpha) AS sc
                                                         FROM pg_catalog.unnest(evaluated) AS s) z
                                      WHERE z.sc OPERATOR(pg_catalog.>) 0
                                      ORDER BY z.sc DESC OFFSET top_k OPERATOR(pg_catalog.-) 1 LIMIT 1), 0));
        cands := ARRAY(
            WITH k AS (SELECT s.preds, s.n, s.e FROM pg_catalog.unnest(kept) AS s),
            c AS (SELECT DISTINCT a.preds OPERATOR(pg_catalog.||) b.preds[lvl OPERATOR(pg_catalog.-) 1] AS preds
                    FROM k AS a JOIN k AS b
                      ON a.preds[1:lvl OPERATOR(pg_catalog.-) 2] OPERATOR(pg_catalog.=) b.preds[1:lvl OPERATOR(pg_catalog.-) 2]
                     AND pcol[a.preds[lvl OPERATOR(pg_catalog.-) 1]] OPERATOR(pg_catalog.<) pcol[b.preds[lvl OPERATOR(pg_catalog.-) 1]]),
            bnd AS (SELECT c.preds, pg_catalog.min(k.n) AS ss, pg_catalog.min(k.e) AS se, pg_catalog.count(*) AS np
                      FROM c CROSS JOIN LATERAL pg_catalog.generate_series(1, lvl) AS i
                      JOIN k ON k.preds OPERATOR(pg_catalog.=) (c.preds[1:i OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.||) c.preds[i OPERATOR(pg_catalog.+) 1:lvl])
                     GROUP BY c.preds)
            SELECT ROW(bnd.preds, bnd.ss, bnd.se)::mlcheck._slice_stat FROM bnd
             WHERE bnd.np OPERATOR(pg_catalog.=) lvl
               AND mlcheck._sliceline_score_ub(bnd.ss, bnd.se, minsup, big_n, ebar, alpha) OPERATOR(pg_catalog.>) thr
             ORDER BY bnd.preds);
        EXIT WHEN pg_catalog.cardinality(cands) OPERATOR(pg_catalog.=) 0;

        -- one scan: GROUPING SETS over the column combinations of the candidates
        SELECT pg_catalog.string_agg(z.gs, ', ' ORDER BY z.gs) INTO sets
          FROM (SELECT DISTINCT '(' OPERATOR(pg_catalog.||)
                       (SELECT pg_catalog.string_agg('q.k' OPERATOR(pg_catalog.||) pcol[x]::pg_catalog.text, ', ' ORDER BY x)
                          FROM pg_catalog.unnest(cc.preds) AS x)
                       OPERATOR(pg_catalog.||) ')' AS gs
                  FROM pg_catalog.unnest(cands) AS cc) z;
        SELECT pg_catalog.array_agg(DISTINCT pcol[pp] ORDER BY pcol[pp]) INTO gcols
          FROM pg_catalog.unnest(cands) AS cc, pg_catalog.unnest(cc.preds) AS pp;
        SELECT pg_catalog.string_agg(pg_catalog.format(
                   'CASE WHEN pg_catalog.int4eq(GROUPING(q.k%1$s), 0) THEN ($2 OPERATOR(pg_catalog.->>) (''%1$s:'' OPERATOR(pg_catalog.||) coalesce(''v'' OPERATOR(pg_catalog.||) q.k%1$s::pg_catalog.text, ''n'')))::pg_catalog.int4 END', g),
                   ', ' ORDER BY g)
          INTO keyarr FROM pg_catalog.unnest(gcols) AS g;
        sql := pg_catalog.format($q$SELECT ROW(r.preds, r.n, r.e)::mlcheck._slice_stat
  FROM (SELECT pg_catalog.array_remove(ARRAY[%s], NULL) AS preds,
               coalesce(pg_catalog.sum(q.w) FILTER (WHERE q.err IS NOT NULL), 0)::pg_catalog.float8 AS n,
               coalesce(pg_catalog.sum(q.w) FILTER (WHERE q.err), 0)::pg_catalog.float8 AS e
          FROM %s GROUP BY GROUPING SETS (%s)) AS r
  JOIN pg_catalog.unnest($3) AS c ON c.preds OPERATOR(pg_catalog.=) r.preds
 WHERE r.n OPERATOR(pg_catalog.>=) $4
 ORDER BY r.preds$q$, keyarr, inner_sql, sets);
        RAISE DEBUG 'mlcheck.worst_slices level %: %', lvl, sql;
        EXECUTE 'SELECT ARRAY(' OPERATOR(pg_catalog.||) sql OPERATOR(pg_catalog.||) ')'
            INTO kept USING edges, pmap, cands, minsup;
        evaluated := evaluated OPERATOR(pg_catalog.||) kept;
    END LOOP;

    -- ---- scores, tests, Holm's step-down adjustment over every evaluated slice
    RETURN QUERY
    WITH s AS (
        SELECT x.preds, x.n, x.e, mlcheck._sliceline_score(x.n, x.e, big_n, ebar, alpha) AS score, t.p_value
          FROM pg_catalog.unnest(evaluated) AS x
          LEFT JOIN LATERAL mlcheck._two_proportion_test(x.e, x.n, big_e OPERATOR(pg_catalog.-) x.e,
                                                         big_n OPERATOR(pg_catalog.-) x.n) AS t ON true
    ), m AS (
        SELECT pg_catalog.count(s.p_value)::pg_catalog.int4 AS m FROM s
    ), ranked AS (
        SELECT s.preds, s.p_value,
               pg_catalog.row_number() OVER (ORDER BY s.p_value) AS rk
          FROM s WHERE s.p_value IS NOT NULL
    ), h AS (
        SELECT ranked.preds,
               LEAST(1::pg_catalog.float8,
                     pg_catalog.max((m.m OPERATOR(pg_catalog.-) ranked.rk OPERATOR(pg_catalog.+) 1)::pg_catalog.float8
                                    OPERATOR(pg_catalog.*) ranked.p_value)
                         OVER (ORDER BY ranked.rk ROWS UNBOUNDED PRECEDING)) AS adj
          FROM ranked CROSS JOIN m
    ), o AS (
        SELECT (SELECT pg_catalog.jsonb_object_agg(kv.key, kv.value)
                  FROM pg_catalog.unnest(s.preds) AS x, pg_catalog.jsonb_each(pjson[x]) AS kv) AS slice,
               (SELECT pg_catalog.string_agg(pdesc[x], ' AND ' ORDER BY x) FROM pg_catalog.unnest(s.preds) AS x) AS description,
               pg_catalog.cardinality(s.preds) AS depth,
               s.n::pg_catalog.int8 AS n, s.e::pg_catalog.int8 AS errors,
               s.e OPERATOR(pg_catalog./) s.n AS error_rate, s.score, s.p_value, h.adj AS p_adjusted,
               coalesce(h.adj OPERATOR(pg_catalog.<) 0.05::pg_catalog.float8, false) AS significant,
               m.m AS n_tested
          FROM s CROSS JOIN m LEFT JOIN h ON h.preds OPERATOR(pg_catalog.=) s.preds
         WHERE s.score OPERATOR(pg_catalog.>) 0
    )
    SELECT o.slice, o.description, o.depth, o.n, o.errors, o.error_rate, o.score,
           o.p_value, o.p_adjusted, o.significant, o.n_tested
      FROM o
     ORDER BY o.score DESC, o.depth, o.description COLLATE "C"
     LIMIT top_k;
END
$fn$;
COMMENT ON FUNCTION mlcheck.worst_slices(regclass, text, text, text[], integer, integer, integer, float8, integer) IS
    'SliceLine search for the top_k slices (conjunctions of up to max_depth column = value predicates, numeric columns in quantile bins) where the model errs most, with two-proportion p-values and Holm adjustment; one scan per depth level';

-- ---- fairness across groups (Fairlearn's group metrics)
-- One scan: counts per combination of the sensitive columns; the rates are
-- computed here from exact integer counts.  grp holds the values as text
-- (one element per sensitive column).
CREATE FUNCTION mlcheck._fairness_groups(source regclass, actual text, predicted text,
    sensitive text[], positive text, min_support integer)
    RETURNS TABLE (grp text[], n bigint, selection_rate float8, tpr float8, fpr float8,
                   "precision" float8, accuracy float8, selection_rate_ci_lower float8,
                   selection_rate_ci_upper float8, below_min_support boolean, is_null boolean)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 10
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rel      text := mlcheck._readable_relation(source);
    kind     text := mlcheck._label_pair_kind(source, actual, predicted);
    ns       integer;
    j        integer;
    col      text;
    typ      regtype;
    keys     text := '';
    vals     text := '';
    nulls    text := '';
    ord      text := '';
    cast_    text;
    pos      text := positive;
    binary_check boolean := false;
    sql      text;
    r        record;
    skipped  bigint := 0;
    bad      bigint := 0;
    w        record;
BEGIN
    IF sensitive IS NULL OR coalesce(pg_catalog.array_length(sensitive, 1), 0) OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION 'sensitive must name at least one column'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM mlcheck._check_min_support(min_support,
        'Groups with fewer rows are flagged below_min_support and left out of the summary; use 0 to keep all.');
    ns := pg_catalog.array_length(sensitive, 1);
    -- the positive class, checked against the label kind
    IF pos IS NULL THEN
        IF kind OPERATOR(pg_catalog.=) 'boolean' THEN
            pos := 'true';
        ELSIF kind OPERATOR(pg_catalog.=) 'integer' THEN
            pos := '1';
            binary_check := true;
        ELSE
            RAISE EXCEPTION 'positive must be given for text labels'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = pg_catalog.format('Name the favourable class of "%s", e.g. positive => ''approved''.', actual);
        END IF;
    END IF;
    BEGIN
        IF kind OPERATOR(pg_catalog.=) 'boolean' THEN
            pos := pos::pg_catalog.bool::pg_catalog.text;
        ELSIF kind OPERATOR(pg_catalog.=) 'integer' THEN
            pos := pos::pg_catalog.int8::pg_catalog.text;
        END IF;
    EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
        RAISE EXCEPTION 'positive "%" is not a % label', positive, kind
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = pg_catalog.format('"%s" and "%s" hold %s labels.', actual, predicted, kind);
    END;
    cast_ := CASE kind WHEN 'boolean' THEN '::pg_catalog.bool' WHEN 'integer' THEN '::pg_catalog.int8' ELSE '::pg_catalog.text' END;
    FOR j IN 1 .. ns LOOP
        col := mlcheck._column_list_item(sensitive, j, 'sensitive', 'sensitive column');
        typ := mlcheck._slice_column_type(source, col);
        IF mlcheck._segment_kind(typ) IS NULL THEN
            RAISE EXCEPTION 'column "%" has type %, which cannot form groups', col, typ
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Sensitive columns must be boolean, integer, numeric, text or enum; derive one in a view.';
        END IF;
        keys := keys || CASE WHEN j OPERATOR(pg_catalog.>) 1 THEN ', ' ELSE '' END || pg_catalog.format('src.%I', col);
        vals := vals || CASE WHEN j OPERATOR(pg_catalog.>) 1 THEN ', ' ELSE '' END || pg_catalog.format('src.%I::pg_catalog.text', col);
        nulls := nulls || CASE WHEN j OPERATOR(pg_catalog.>) 1 THEN ' OR ' ELSE '' END || pg_catalog.format('src.%I IS NULL', col);
        ord := ord || CASE WHEN j OPERATOR(pg_catalog.>) 1 THEN ', ' ELSE '' END
            || pg_catalog.format('src.%I%s NULLS LAST', col,
                                 CASE WHEN mlcheck._segment_kind(typ) OPERATOR(pg_catalog.=) 'text' AND
                                           (SELECT ty.typcollation FROM pg_catalog.pg_type ty WHERE ty.oid OPERATOR(pg_catalog.=) typ) OPERATOR(pg_catalog.<>) 0
                                      THEN ' COLLATE "C"' ELSE '' END);
    END LOOP;
    sql := pg_catalog.format($q$SELECT ARRAY[%1$s] AS grp, (%2$s) AS is_null,
       pg_catalog.count(*) FILTER (WHERE src.%4$I IS NOT NULL AND src.%5$I IS NOT NULL) AS n,
       pg_catalog.count(*) FILTER (WHERE src.%4$I IS NOT NULL AND src.%5$I%6$s OPERATOR(pg_catalog.=) $1%6$s) AS pp,
       pg_catalog.count(*) FILTER (WHERE src.%4$I%6$s OPERATOR(pg_catalog.=) $1%6$s AND src.%5$I%6$s OPERATOR(pg_catalog.=) $1%6$s) AS tp,
       pg_catalog.count(*) FILTER (WHERE src.%4$I%6$s OPERATOR(pg_catalog.<>) $1%6$s AND src.%5$I%6$s OPERATOR(pg_catalog.=) $1%6$s) AS fp,
       pg_catalog.count(*) FILTER (WHERE src.%4$I%6$s OPERATOR(pg_catalog.=) $1%6$s AND src.%5$I%6$s OPERATOR(pg_catalog.<>) $1%6$s) AS fn,
       pg_catalog.count(*) FILTER (WHERE src.%4$I%6$s OPERATOR(pg_catalog.<>) $1%6$s AND src.%5$I%6$s OPERATOR(pg_catalog.<>) $1%6$s) AS tn,
       pg_catalog.count(*) FILTER (WHERE src.%4$I%6$s OPERATOR(pg_catalog.=) src.%5$I%6$s) AS correct,
       pg_catalog.count(*) FILTER (WHERE src.%4$I IS NULL OR src.%5$I IS NULL) AS skipped,
       %7$s AS bad
  FROM %3$s AS src
 GROUP BY %8$s
 ORDER BY %9$s$q$,
        vals, nulls, rel, actual, predicted, cast_,
        -- integer labels with the default positive class must all be 0/1
        CASE WHEN binary_check
             THEN pg_catalog.format('pg_catalog.count(*) FILTER (WHERE src.%1$I%3$s OPERATOR(pg_catalog.<>) ALL (''{0,1}''::pg_catalog.int8[]) OR src.%2$I%3$s OPERATOR(pg_catalog.<>) ALL (''{0,1}''::pg_catalog.int8[]))',
                                    actual, predicted, cast_)
             ELSE '0::pg_catalog.int8' END,
        keys, ord);
    RAISE DEBUG 'mlcheck.fairness: %', sql;
    FOR r IN EXECUTE sql USING pos LOOP
        skipped := skipped OPERATOR(pg_catalog.+) r.skipped;
        bad := bad OPERATOR(pg_catalog.+) r.bad;
        CONTINUE WHEN r.n OPERATOR(pg_catalog.=) 0;
        grp := r.grp;
        is_null := r.is_null;
        n := r.n;
        selection_rate := r.pp::pg_catalog.float8 OPERATOR(pg_catalog./) r.n;
        tpr := CASE WHEN r.tp OPERATOR(pg_catalog.+) r.fn OPERATOR(pg_catalog.>) 0
                    THEN r.tp::pg_catalog.float8 OPERATOR(pg_catalog./) (r.tp OPERATOR(pg_catalog.+) r.fn) END;
        fpr := CASE WHEN r.fp OPERATOR(pg_catalog.+) r.tn OPERATOR(pg_catalog.>) 0
                    THEN r.fp::pg_catalog.float8 OPERATOR(pg_catalog./) (r.fp OPERATOR(pg_catalog.+) r.tn) END;
        "precision" := CASE WHEN r.tp OPERATOR(pg_catalog.+) r.fp OPERATOR(pg_catalog.>) 0
                            THEN r.tp::pg_catalog.float8 OPERATOR(pg_catalog./) (r.tp OPERATOR(pg_catalog.+) r.fp) END;
        accuracy := r.correct::pg_catalog.float8 OPERATOR(pg_catalog./) r.n;
        SELECT wi.lower, wi.upper INTO w FROM mlcheck.wilson(r.pp, r.n) AS wi;
        selection_rate_ci_lower := w.lower;
        selection_rate_ci_upper := w.upper;
        below_min_support := r.n OPERATOR(pg_catalog.<) min_support;
        RETURN NEXT;
    END LOOP;
    IF bad OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'labels of "%" and "%" are not all 0 or 1, so the positive class must be given', actual, predicted
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass positive => the favourable class, e.g. positive => ''2''.';
    END IF;
    IF skipped OPERATOR(pg_catalog.>) 0 THEN
        RAISE NOTICE 'mlcheck.fairness: % rows skipped because "%" or "%" is NULL', skipped, actual, predicted;
    END IF;
END
$fn$;
COMMENT ON FUNCTION mlcheck._fairness_groups(regclass, text, text, text[], text, integer) IS
    'implementation of mlcheck.fairness and mlcheck.fairness_summary: group metrics per combination of the sensitive columns';

CREATE FUNCTION mlcheck.fairness(source regclass, actual text, predicted text, sensitive text,
    positive text DEFAULT NULL, min_support integer DEFAULT 0)
    RETURNS TABLE (grp text, n bigint, selection_rate float8, tpr float8, fpr float8,
                   "precision" float8, accuracy float8, selection_rate_ci_lower float8,
                   selection_rate_ci_upper float8, below_min_support boolean, is_null boolean)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 10
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT g.grp[1], g.n, g.selection_rate, g.tpr, g.fpr, g."precision", g.accuracy,
           g.selection_rate_ci_lower, g.selection_rate_ci_upper, g.below_min_support, g.is_null
      FROM mlcheck._fairness_groups(source, actual, predicted, ARRAY[sensitive], positive, min_support) AS g
$fn$;
COMMENT ON FUNCTION mlcheck.fairness(regclass, text, text, text, text, integer) IS
    'per group of a sensitive column: size, selection rate (with a Wilson 95% interval), TPR, FPR, precision and accuracy of the positive class; one scan';

CREATE FUNCTION mlcheck.fairness(source regclass, actual text, predicted text, sensitive text[],
    positive text DEFAULT NULL, min_support integer DEFAULT 0)
    RETURNS TABLE (grp text[], n bigint, selection_rate float8, tpr float8, fpr float8,
                   "precision" float8, accuracy float8, selection_rate_ci_lower float8,
                   selection_rate_ci_upper float8, below_min_support boolean, is_null boolean)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 10
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT g.* FROM mlcheck._fairness_groups(source, actual, predicted, sensitive, positive, min_support) AS g
$fn$;
COMMENT ON FUNCTION mlcheck.fairness(regclass, text, text, text[], text, integer) IS
    'per intersectional group (one combination of values of the sensitive columns): the metrics of mlcheck.fairness; one scan';

-- Fairlearn's disparity metrics over the groups with at least min_support
-- rows; each rate over the groups where it is defined.  The overload of one
-- sensitive column (below) is this one over ARRAY[sensitive].
CREATE FUNCTION mlcheck.fairness_summary(source regclass, actual text, predicted text, sensitive text[],
    positive text DEFAULT NULL, min_support integer DEFAULT 0,
    OUT demographic_parity_difference float8, OUT demographic_parity_ratio float8,
    OUT equal_opportunity_difference float8, OUT equalized_odds_difference float8,
    OUT equalized_odds_ratio float8, OUT n_groups integer)
    RETURNS record
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH g AS (
        SELECT * FROM mlcheck._fairness_groups(source, actual, predicted, sensitive, positive, min_support) AS g
         WHERE NOT g.below_min_support
    ), a AS (
        SELECT pg_catalog.max(g.selection_rate) AS s_max, pg_catalog.min(g.selection_rate) AS s_min,
               pg_catalog.max(g.tpr) AS t_max, pg_catalog.min(g.tpr) AS t_min,
               pg_catalog.max(g.fpr) AS f_max, pg_catalog.min(g.fpr) AS f_min,
               pg_catalog.count(*)::pg_catalog.int4 AS k
          FROM g
    ), d AS (
        SELECT a.*,
               a.s_max OPERATOR(pg_catalog.-) a.s_min AS dpd,
               CASE WHEN a.s_max OPERATOR(pg_catalog.>) 0 THEN a.s_min OPERATOR(pg_catalog./) a.s_max END AS dpr,
               a.t_max OPERATOR(pg_catalog.-) a.t_min AS tpd,
               CASE WHEN a.t_max OPERATOR(pg_catalog.>) 0 THEN a.t_min OPERATOR(pg_catalog./) a.t_max END AS tpr_ratio,
               a.f_max OPERATOR(pg_catalog.-) a.f_min AS fpd,
               CASE WHEN a.f_max OPERATOR(pg_catalog.>) 0 THEN a.f_min OPERATOR(pg_catalog./) a.f_max END AS fpr_ratio
          FROM a
    )
    SELECT d.dpd, d.dpr, d.tpd,
           CASE WHEN d.tpd IS NOT NULL AND d.fpd IS NOT NULL THEN GREATEST(d.tpd, d.fpd) END,
           CASE WHEN d.tpr_ratio IS NOT NULL AND d.fpr_ratio IS NOT NULL THEN LEAST(d.tpr_ratio, d.fpr_ratio) END,
           d.k
      FROM d
$fn$;
COMMENT ON FUNCTION mlcheck.fairness_summary(regclass, text, text, text[], text, integer) IS
    'Fairlearn disparity metrics over intersectional groups (combinations of the sensitive columns)';

CREATE FUNCTION mlcheck.fairness_summary(source regclass, actual text, predicted text, sensitive text,
    positive text DEFAULT NULL, min_support integer DEFAULT 0,
    OUT demographic_parity_difference float8, OUT demographic_parity_ratio float8,
    OUT equal_opportunity_difference float8, OUT equalized_odds_difference float8,
    OUT equalized_odds_ratio float8, OUT n_groups integer)
    RETURNS record
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM mlcheck.fairness_summary(source, actual, predicted, ARRAY[sensitive], positive, min_support)
$fn$;
COMMENT ON FUNCTION mlcheck.fairness_summary(regclass, text, text, text, text, integer) IS
    'Fairlearn disparity metrics over the groups of a sensitive column: demographic parity difference/ratio, equal opportunity difference, equalized odds difference/ratio';

-- ---- the view
-- A security_invoker view over mlcheck.fairness: it reads the source with
-- the rights of whoever queries the view, so row-level security applies.
CREATE FUNCTION mlcheck._create_fairness_view(view_name text[], default_schema text,
    source regclass, actual text, predicted text, sensitive text[], positive text,
    min_support integer)
    RETURNS regclass
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- validate now, so a bad argument fails here rather than at first use
    PERFORM mlcheck._readable_relation(source);
    PERFORM mlcheck._label_pair_kind(source, actual, predicted);
    PERFORM mlcheck._slice_column_type(source, s) FROM pg_catalog.unnest(sensitive) AS s;
    RETURN mlcheck._create_view(view_name, default_schema,
        pg_catalog.format('SELECT g.* FROM mlcheck.fairness(%L::pg_catalog.regclass, %L, %L, %L::pg_catalog.text[], %L, %s) AS g',
                          source::pg_catalog.oid::pg_catalog.regclass::pg_catalog.text, actual, predicted,
                          sensitive, positive, min_support),
        pg_catalog.format('mlcheck fairness report of %s (actual %s, predicted %s, sensitive %s, positive %s, min_support %s)',
                          source::pg_catalog.text, actual, predicted, sensitive::pg_catalog.text,
                          coalesce(positive, 'default'), min_support));
END
$fn$;
COMMENT ON FUNCTION mlcheck._create_fairness_view(text[], text, regclass, text, text, text[], text, integer) IS
    'implementation of mlcheck.create_fairness_view (view name already parsed)';

-- No SET search_path here on purpose: an unqualified view name goes to the
-- caller's current schema, which is only visible before a SET clause takes
-- effect.  The body calls nothing but schema-qualified functions.
CREATE FUNCTION mlcheck.create_fairness_view(view_name text, source regclass, actual text,
    predicted text, sensitive text[], positive text DEFAULT NULL, min_support integer DEFAULT 0)
    RETURNS regclass
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $fn$
    SELECT mlcheck._create_fairness_view(pg_catalog.parse_ident(view_name), pg_catalog.current_schema(),
                                         source, actual, predicted, sensitive, positive, min_support)
$fn$;
COMMENT ON FUNCTION mlcheck.create_fairness_view(text, regclass, text, text, text[], text, integer) IS
    'create a security_invoker view (schema-qualified name as given, else the current schema) with the rows of mlcheck.fairness over the sensitive columns (grp text[])';
