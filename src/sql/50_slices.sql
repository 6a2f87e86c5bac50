-- Slice reports.  mlcheck.slice_report() breaks a model's
-- classification metrics down by segment columns in ONE scan of the source
-- (GROUP BY GROUPING SETS, one mlcheck.confusion per grouping set), and
-- mlcheck.create_slice_view() stores the same query as a security_invoker
-- view.  mlcheck.wilson() and mlcheck._two_proportion_test() are the
-- per-row statistics (C, src/pg/slices.c).

-- ---- argument checks
-- min_support of slice_report, worst_slices and fairness: a non-negative
-- integer (22023 otherwise, the hint says what it does in the caller).
CREATE FUNCTION mlcheck._check_min_support(min_support integer, hint text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF min_support IS NULL OR min_support OPERATOR(pg_catalog.<) 0 THEN
        RAISE EXCEPTION 'min_support must be a non-negative integer, got %', coalesce(min_support::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = hint;
    END IF;
END
$fn$;
COMMENT ON FUNCTION mlcheck._check_min_support(integer, text) IS
    'error 22023 (with the given hint) unless min_support is a non-negative integer';

-- ---- statistics
CREATE FUNCTION mlcheck.wilson(successes float8, n float8, level float8 DEFAULT 0.95,
    OUT lower float8, OUT upper float8) RETURNS record
    AS 'MODULE_PATHNAME', 'mlcheck_wilson' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck.wilson(float8, float8, float8) IS
    'Wilson score interval (lower, upper) of the proportion successes/n at a confidence level (default 0.95); NULLs when n = 0';

CREATE FUNCTION mlcheck._two_proportion_test(x1 float8, n1 float8, x2 float8, n2 float8,
    OUT z float8, OUT p_value float8) RETURNS record
    AS 'MODULE_PATHNAME', 'mlcheck_two_proportion_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._two_proportion_test(float8, float8, float8, float8) IS
    'pooled two-sided two-proportion z-test of x1/n1 vs x2/n2: (z, p_value); NULLs when a group is empty or the pooled proportion is 0 or 1';

-- ---- catalog helpers
-- Whether a type can be grouped (the type cache has an equality operator).
CREATE FUNCTION mlcheck._has_equality(typ regtype) RETURNS boolean
    AS 'MODULE_PATHNAME', 'mlc_has_equality'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._has_equality(regtype) IS
    'true when values of the type can be grouped (it has an equality operator)';

-- Type of a column given verbatim (as pg_attribute.attname), domains
-- resolved to their base type; 42703 when there is no such column.
CREATE FUNCTION mlcheck._slice_column_type(source regclass, col text) RETURNS regtype
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    t       oid;
    tt      "char";
    bt      oid;
    near_name name;
BEGIN
    SELECT a.atttypid INTO t
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) source
       AND a.attname OPERATOR(pg_catalog.=) col::pg_catalog.name
       AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        SELECT a.attname INTO near_name
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid OPERATOR(pg_catalog.=) source
           AND pg_catalog.lower(a.attname::pg_catalog.text) OPERATOR(pg_catalog.=) pg_catalog.lower(pg_catalog.btrim(col, '"'))
           AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
         ORDER BY a.attnum LIMIT 1;
        RAISE EXCEPTION 'column "%" of relation "%" does not exist', col, source::pg_catalog.text
            USING ERRCODE = 'undefined_column',
                  HINT = CASE WHEN near_name IS NOT NULL
                              THEN pg_catalog.format('Column names are matched exactly as stored (case-sensitive, no quotes); did you mean "%s"?', near_name)
                              ELSE 'Column names are matched exactly as stored (case-sensitive, no quotes).' END;
    END IF;
    LOOP
        SELECT ty.typtype, ty.typbasetype INTO tt, bt
          FROM pg_catalog.pg_type ty WHERE ty.oid OPERATOR(pg_catalog.=) t;
        EXIT WHEN tt OPERATOR(pg_catalog.<>) 'd';
        t := bt;
    END LOOP;
    RETURN t;
END
$fn$;
COMMENT ON FUNCTION mlcheck._slice_column_type(regclass, text) IS
    'type of a column of a relation (domains resolved); 42703 when it does not exist';

-- Label kind of a column type: boolean, integer (int2/4/8) or text
-- (string and enum types); NULL for anything else.
CREATE FUNCTION mlcheck._slice_label_kind(t regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN ty.oid OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype THEN 'boolean'
                WHEN ty.oid OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8']::pg_catalog.regtype[]) THEN 'integer'
                WHEN ty.typcategory OPERATOR(pg_catalog.=) ANY (ARRAY['S', 'E']::"char"[]) THEN 'text'
           END
      FROM pg_catalog.pg_type ty WHERE ty.oid OPERATOR(pg_catalog.=) t
$fn$;
COMMENT ON FUNCTION mlcheck._slice_label_kind(regtype) IS
    'label kind of a column type for slice reports: boolean, integer, text or NULL';

-- ---- shared argument checks (slice reports, fairness, worst slices, the
-- HTML report)
-- Element i of the list of column names cols (the argument list_name), each
-- element an item: an error when it is NULL (null_code) or an earlier
-- element names it too (22023).
CREATE FUNCTION mlcheck._column_list_item(cols text[], i integer, list_name text, item text,
                                          null_code text DEFAULT '22023')
    RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF cols[i] IS NULL THEN
        RAISE EXCEPTION '% must not contain NULL', list_name USING ERRCODE = null_code;
    END IF;
    IF cols[i] OPERATOR(pg_catalog.=) ANY (cols[1:i - 1]) THEN
        RAISE EXCEPTION '% "%" is listed twice', item, cols[i] USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN cols[i];
END
$fn$;
COMMENT ON FUNCTION mlcheck._column_list_item(text[], integer, text, text, text) IS
    'element i of a list of column names; 22023 (or the given code) when NULL, 22023 when listed twice';

-- The quoted name of a relation that can be read like a table; 42809 for
-- an index, sequence, composite type or TOAST table.
CREATE FUNCTION mlcheck._readable_relation(source regclass) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    relkind_ "char";
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c.relkind INTO relkind_ FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) source;
    IF relkind_ IS NULL THEN
        RAISE EXCEPTION 'relation with OID % does not exist', source::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF relkind_ OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'v', 'm', 'p', 'f']::"char"[]) THEN
        RAISE EXCEPTION '"%" is not a table, view, materialized view or foreign table', source::pg_catalog.text
            USING ERRCODE = 'wrong_object_type';
    END IF;
    RETURN source::pg_catalog.text;
END
$fn$;
COMMENT ON FUNCTION mlcheck._readable_relation(regclass) IS
    'quoted name of a table, view, materialized view or foreign table; 42809 for other relation kinds';

-- Label kind (boolean, integer, text) shared by the actual and predicted
-- columns; 42703 for a missing column, 42804 for an unusable or mismatched type.
CREATE FUNCTION mlcheck._label_pair_kind(source regclass, actual text, predicted text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    typ_a  regtype;
    typ_p  regtype;
    kind_a text;
    kind_p text;
BEGIN
    IF actual IS NULL OR predicted IS NULL THEN
        RAISE EXCEPTION 'actual and predicted must not be NULL' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    typ_a := mlcheck._slice_column_type(source, actual);
    typ_p := mlcheck._slice_column_type(source, predicted);
    kind_a := mlcheck._slice_label_kind(typ_a);
    kind_p := mlcheck._slice_label_kind(typ_p);
    IF kind_a IS NULL OR kind_p IS NULL THEN
        RAISE EXCEPTION 'column "%" has type %; actual and predicted must be boolean, integer or text columns',
                CASE WHEN kind_a IS NULL THEN actual ELSE predicted END,
                CASE WHEN kind_a IS NULL THEN typ_a ELSE typ_p END
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use a view that casts the column or derives it, e.g. score >= 0.5 AS predicted.';
    END IF;
    IF kind_a OPERATOR(pg_catalog.<>) kind_p THEN
        RAISE EXCEPTION 'actual column "%" (%) and predicted column "%" (%) do not match', actual, typ_a, predicted, typ_p
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Both must be boolean, both integer or both text; cast one of them in a view.';
    END IF;
    RETURN kind_a;
END
$fn$;
COMMENT ON FUNCTION mlcheck._label_pair_kind(regclass, text, text) IS
    'label kind (boolean, integer, text) of the actual and predicted columns of a relation, or an error';

-- A score column for the actual column of a relation: a number, and a
-- binary (boolean or integer) actual column; 42804 otherwise, the message
-- naming what needs the score (needs: "roc_auc", "a score").
CREATE FUNCTION mlcheck._check_score_column(source regclass, score text, actual text, needs text)
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    typ_s regtype := mlcheck._slice_column_type(source, score);
    typ_a regtype;
BEGIN
    IF typ_s OPERATOR(pg_catalog.<>) ALL (ARRAY['pg_catalog.float8', 'pg_catalog.float4', 'pg_catalog.numeric',
            'pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8']::pg_catalog.regtype[]) THEN
        RAISE EXCEPTION 'score column "%" has type %; it must be a number', score, typ_s
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Pass a float8, float4, numeric or integer column holding the model''s score.';
    END IF;
    typ_a := mlcheck._slice_column_type(source, actual);
    IF mlcheck._slice_label_kind(typ_a) OPERATOR(pg_catalog.=) 'text' THEN
        RAISE EXCEPTION '% needs a binary actual column, but "%" has type %', needs, actual, typ_a
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use a boolean (or 0/1 integer) actual column with a score, or leave score NULL.';
    END IF;
END
$fn$;
COMMENT ON FUNCTION mlcheck._check_score_column(regclass, text, text, text) IS
    'checks a score column: numeric, with a boolean or integer actual column (42804 naming what needs the score)';

-- ---- the report query generator
-- Validates the arguments against the catalog and returns the complete
-- report query (a single SELECT) with every identifier quoted.  Column
-- names are taken verbatim (case-sensitive, no quoting needed), as in
-- pg_attribute.attname.
CREATE FUNCTION mlcheck._slice_report_sql(source regclass, actual text, predicted text,
    slices text[], score text DEFAULT NULL, min_support integer DEFAULT 30)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rel         text;
    nslices     integer;
    i           integer;
    col         text;
    kind_a      text;
    typ_k       regtype;
    cast_       text;
    a_expr      text;
    p_expr      text;
    s_expr      text;
    set_no      text := '';
    val_expr    text := '';
    null_expr   text := '';
    sets        text := '()';
    names       text := '';
    prf_binary  text;
    binary_expr text;
    sql         text;
    pre         boolean := score IS NULL;
    key         text;
    pre_cols    text := '';
    pre_names   text := '';
    agg_expr    text;
    from_expr   text;
BEGIN
    IF source IS NULL OR actual IS NULL OR predicted IS NULL THEN
        RAISE EXCEPTION 'source, actual and predicted must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM mlcheck._check_min_support(min_support,
        'Slices with fewer rows than min_support are flagged below_min_support; use 0 to flag none.');
    rel := mlcheck._readable_relation(source);       -- quoted and schema-qualified as needed
    slices := coalesce(slices, '{}');
    nslices := coalesce(pg_catalog.array_length(slices, 1), 0);

    -- column types (domains resolved to their base type), or 42703
    kind_a := mlcheck._label_pair_kind(source, actual, predicted);
    cast_ := CASE kind_a WHEN 'boolean' THEN '' WHEN 'integer' THEN '::pg_catalog.int8' ELSE '::pg_catalog.text' END;
    a_expr := pg_catalog.format('src.%I', actual);
    p_expr := pg_catalog.format('src.%I', predicted);

    IF score IS NOT NULL THEN
        PERFORM mlcheck._check_score_column(source, score, actual, 'roc_auc');
        s_expr := pg_catalog.format(', mlcheck.roc_auc(src.%I::pg_catalog.float8, %s) AS roc_auc',
                                    score, a_expr || CASE kind_a WHEN 'integer' THEN '::pg_catalog.int4' ELSE '' END);
    ELSE
        s_expr := ', NULL::pg_catalog.float8 AS roc_auc';
    END IF;

    FOR i IN 1 .. nslices LOOP
        col := mlcheck._column_list_item(slices, i, 'slices', 'slice column');
        typ_k := mlcheck._slice_column_type(source, col);
        -- a slice is a group: its type needs an equality operator (json,
        -- xml and point have none)
        IF NOT mlcheck._has_equality(typ_k) THEN
            RAISE EXCEPTION 'slice column "%" has type %, which cannot be grouped', col, typ_k
                USING ERRCODE = 'datatype_mismatch',
                      HINT = pg_catalog.format('Type %s has no equality operator; slice on a cast of column "%s" (for example to text or jsonb) in a view.', typ_k, col);
        END IF;
        -- the grouping key: the source column, or its pre-aggregated copy
        key := CASE WHEN pre THEN 'pre.k' || i ELSE pg_catalog.format('src.%I', col) END;
        pre_cols := pre_cols || pg_catalog.format('src.%I, ', col);
        pre_names := pre_names || 'k' || i || ', ';
        set_no := set_no || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(%s), 0) THEN %s', key, i);
        val_expr := val_expr || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(%s), 0) THEN %s::pg_catalog.text', key, key);
        null_expr := null_expr || pg_catalog.format(' WHEN pg_catalog.int4eq(GROUPING(%s), 0) THEN %s IS NULL', key, key);
        sets := sets || pg_catalog.format(', (%s)', key);
        names := names || CASE WHEN i OPERATOR(pg_catalog.>) 1 THEN ', ' ELSE '' END || pg_catalog.quote_literal(col);
    END LOOP;
    IF nslices OPERATOR(pg_catalog.=) 0 THEN
        set_no := '0';
        val_expr := 'NULL::pg_catalog.text';
        null_expr := 'NULL::pg_catalog.bool';
        names := 'NULL';
    ELSE
        set_no := 'CASE' || set_no || ' ELSE 0 END';
        val_expr := 'CASE' || val_expr || ' END';
        null_expr := 'CASE' || null_expr || ' END';
    END IF;

    -- binary problems report the positive class (true / 1); multi-class
    -- problems (text labels, or integers beyond {0, 1} over the whole
    -- source) report macro averages
    IF kind_a OPERATOR(pg_catalog.=) 'boolean' THEN
        binary_expr := 'true';
        prf_binary := 'true';
    ELSIF kind_a OPERATOR(pg_catalog.=) 'integer' THEN
        binary_expr := 'coalesce(mlcheck.labels(g.c) OPERATOR(pg_catalog.<@) ''{0,1}''::pg_catalog.text[], true)';
        prf_binary := '1::pg_catalog.int8';
    ELSE
        binary_expr := 'false';
        prf_binary := 'NULL::pg_catalog.text';
    END IF;

    -- Without a score the rows are first counted per (slice values, actual,
    -- predicted), a plain GROUP BY that is cheaper per row than one
    -- confusion transition per grouping set and can run in parallel; the
    -- grouping sets then build each confusion from those counts as
    -- weights (integer counts, so the sums are exact).  With a score the
    -- exact AUC needs every row, so the grouping sets read the source.
    IF pre THEN
        agg_expr := 'mlcheck.confusion(pre.a, pre.b, pre.w) AS c' || s_expr;
        SELECT pg_catalog.format('(SELECT %s%s%s, %s%s, pg_catalog.count(*)::pg_catalog.float8 FROM %s AS src GROUP BY %s) AS pre(%sa, b, w)',
                                 pre_cols, a_expr, cast_, p_expr, cast_, rel,
                                 pg_catalog.string_agg(k::pg_catalog.text, ', '), pre_names)
          INTO from_expr
          FROM pg_catalog.generate_series(1, nslices OPERATOR(pg_catalog.+) 2) AS k;
    ELSE
        agg_expr := pg_catalog.format('mlcheck.confusion(%s%s, %s%s) AS c', a_expr, cast_, p_expr, cast_) || s_expr;
        from_expr := rel || ' AS src';
    END IF;

    sql := pg_catalog.format($q$WITH g AS MATERIALIZED (
  SELECT %1$s AS set_no,
         %2$s AS slice_value,
         %3$s AS is_null,
         %4$s
    FROM %8$s
   GROUP BY GROUPING SETS (%9$s)
), o AS (
  SELECT coalesce(mlcheck.n(g.c), 0) AS n,
         pg_catalog.round(coalesce(mlcheck.n(g.c) OPERATOR(pg_catalog.*) mlcheck.accuracy(g.c), 0)) AS correct,
         mlcheck.accuracy(g.c) AS accuracy,
         %10$s AS is_binary
    FROM g WHERE g.set_no OPERATOR(pg_catalog.=) 0
), m AS (
  SELECT g.set_no, g.slice_value, g.is_null, g.c, g.roc_auc,
         coalesce(mlcheck.n(g.c), 0) AS n,
         pg_catalog.round(coalesce(mlcheck.n(g.c) OPERATOR(pg_catalog.*) mlcheck.accuracy(g.c), 0)) AS correct,
         mlcheck.accuracy(g.c) AS accuracy
    FROM g
)
SELECT (ARRAY[%11$s]::pg_catalog.text[])[m.set_no] AS slice_column,
       m.slice_value,
       m.is_null,
       m.n::pg_catalog.int8 AS n,
       CASE WHEN o.n OPERATOR(pg_catalog.>) 0 THEN m.n OPERATOR(pg_catalog./) o.n END AS share,
       m.accuracy,
       CASE WHEN o.is_binary THEN mlcheck.precision(m.c, %12$s)
            ELSE mlcheck.precision(m.c, NULL::pg_catalog.text, 'macro') END AS "precision",
       CASE WHEN o.is_binary THEN mlcheck.recall(m.c, %12$s)
            ELSE mlcheck.recall(m.c, NULL::pg_catalog.text, 'macro') END AS recall,
       CASE WHEN o.is_binary THEN mlcheck.f1(m.c, %12$s)
            ELSE mlcheck.f1(m.c, NULL::pg_catalog.text, 'macro') END AS f1,
       m.roc_auc,
       m.accuracy OPERATOR(pg_catalog.-) o.accuracy AS accuracy_gap,
       w.lower AS accuracy_lower,
       w.upper AS accuracy_upper,
       t.p_value,
       CASE WHEN m.set_no OPERATOR(pg_catalog.<>) 0
            THEN coalesce(t.p_value OPERATOR(pg_catalog.<) 0.05::pg_catalog.float8, false)
                 AND m.n OPERATOR(pg_catalog.>=) %13$s::pg_catalog.float8 END AS significant,
       m.n OPERATOR(pg_catalog.<) %13$s::pg_catalog.float8 AS below_min_support
  FROM m CROSS JOIN o
       CROSS JOIN LATERAL mlcheck.wilson(m.correct, m.n) AS w
       LEFT JOIN LATERAL mlcheck._two_proportion_test(m.correct, m.n,
                 o.correct OPERATOR(pg_catalog.-) m.correct, o.n OPERATOR(pg_catalog.-) m.n) AS t
              ON m.set_no OPERATOR(pg_catalog.<>) 0
 ORDER BY m.set_no, m.is_null, m.slice_value COLLATE "C"$q$,
        set_no, val_expr, null_expr, agg_expr, NULL, NULL, NULL, from_expr, sets,
        binary_expr, names, prf_binary, min_support);
    RETURN sql;
END
$fn$;
COMMENT ON FUNCTION mlcheck._slice_report_sql(regclass, text, text, text[], text, integer) IS
    'the single query behind mlcheck.slice_report and mlcheck.create_slice_view (for EXPLAIN and debugging)';

-- ---- the report
CREATE FUNCTION mlcheck.slice_report(source regclass, actual text, predicted text,
    slices text[], score text DEFAULT NULL, min_support integer DEFAULT 30)
    RETURNS TABLE (slice_column text, slice_value text, is_null boolean, n bigint,
                   share float8, accuracy float8, "precision" float8, recall float8,
                   f1 float8, roc_auc float8, accuracy_gap float8,
                   accuracy_lower float8, accuracy_upper float8, p_value float8,
                   significant boolean, below_min_support boolean)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 20
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    sql text := mlcheck._slice_report_sql(source, actual, predicted, slices, score, min_support);
BEGIN
    RAISE DEBUG 'mlcheck.slice_report: %', sql;
    RETURN QUERY EXECUTE sql;
END
$fn$;
COMMENT ON FUNCTION mlcheck.slice_report(regclass, text, text, text[], text, integer) IS
    'classification metrics per value of each slice column plus an overall row, with the gap to overall, a Wilson interval and a two-proportion test against the rest of the data; one scan of the source';

-- ---- the view
-- Create a security_invoker view from a parsed name (parse_ident; an
-- unqualified name goes to default_schema), a query built by the caller
-- with quoted identifiers and literals, and a comment.  Shared by the
-- functions that create views (create_slice_view, create_fairness_view).
CREATE FUNCTION mlcheck._create_view(view_name text[], default_schema text, query text, note text)
    RETURNS regclass
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    nparts integer := coalesce(pg_catalog.array_length(view_name, 1), 0);
    target text;
BEGIN
    IF nparts OPERATOR(pg_catalog.=) 1 THEN
        IF default_schema IS NULL THEN
            RAISE EXCEPTION 'no schema has been selected to create in'
                USING ERRCODE = 'invalid_schema_name',
                      HINT = 'Give the view name with its schema, e.g. ''public.my_view''.';
        END IF;
        target := pg_catalog.format('%I.%I', default_schema, view_name[1]);
    ELSIF nparts OPERATOR(pg_catalog.=) 2 THEN
        target := pg_catalog.format('%I.%I', view_name[1], view_name[2]);
    ELSE
        RAISE EXCEPTION 'improper view name "%"', pg_catalog.array_to_string(view_name, '.')
            USING ERRCODE = 'syntax_error',
                  HINT = 'Use view or schema.view (quote parts with double quotes as in SQL).';
    END IF;
    EXECUTE pg_catalog.format('CREATE VIEW %s WITH (security_invoker = true) AS %s', target, query);
    EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', target, note);
    RETURN target::pg_catalog.regclass;
END
$fn$;
COMMENT ON FUNCTION mlcheck._create_view(text[], text, text, text) IS
    'create a security_invoker view (schema-qualified name as parsed, else the given schema) with a comment';

CREATE FUNCTION mlcheck._create_slice_view(view_name text[], default_schema text,
    source regclass, actual text, predicted text, slices text[], score text,
    min_support integer)
    RETURNS regclass
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN mlcheck._create_view(view_name, default_schema,
        mlcheck._slice_report_sql(source, actual, predicted, slices, score, min_support),
        pg_catalog.format('mlcheck slice report of %s (actual %s, predicted %s, slices %s, score %s, min_support %s)',
                          source::pg_catalog.text, actual, predicted, slices::pg_catalog.text,
                          coalesce(score, 'none'), min_support));
END
$fn$;
COMMENT ON FUNCTION mlcheck._create_slice_view(text[], text, regclass, text, text, text[], text, integer) IS
    'implementation of mlcheck.create_slice_view (view name already parsed)';

-- No SET search_path here on purpose: an unqualified view name goes to the
-- caller's current schema, which is only visible before a SET clause takes
-- effect.  The body calls nothing but schema-qualified functions.
CREATE FUNCTION mlcheck.create_slice_view(view_name text, source regclass, actual text,
    predicted text, slices text[], score text DEFAULT NULL, min_support integer DEFAULT 30)
    RETURNS regclass
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
AS $fn$
    SELECT mlcheck._create_slice_view(pg_catalog.parse_ident(view_name), pg_catalog.current_schema(),
                                      source, actual, predicted, slices, score, min_support)
$fn$;
COMMENT ON FUNCTION mlcheck.create_slice_view(text, regclass, text, text, text[], text, integer) IS
    'create a security_invoker view (schema-qualified name as given, else the current schema) with the columns of mlcheck.slice_report';
