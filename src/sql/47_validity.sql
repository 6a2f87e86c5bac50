-- Data validity of whole tables.  mlcheck.validity_report() learns, from a
-- reference relation, each column's range (numeric columns) or vocabulary
-- (categorical columns) and counts, in the current relation, the rows that
-- are NULL, NaN, ±Infinity, below or above the range, or of a category the
-- reference never had.  mlcheck.check_rules() counts the rows that fail
-- declared rules (not_null, finite, min, max, in, pattern, max_null_share).
--
-- Both read with the caller's privileges (SECURITY INVOKER) and scan each
-- relation once, whatever the number of columns: every count is an
-- aggregate with a FILTER in one SELECT.  Counts are exact (count(*) in the
-- scan, never read off a sketch).  Column names are looked up in
-- pg_attribute and quoted with %I; values (learned bounds, vocabularies,
-- rule values, patterns) travel as one text[] parameter ($1) and are
-- converted by the column type's input function inside the query
-- ($1[k]::type), so they are never spliced into SQL text.
--
-- The same query builders serve the validity monitor (63_monitor_validity),
-- which adds a window on a time column ($2, $3).

-- ---------------------------------------------------------------- columns

-- The relation a report reads: a table, partitioned table, view,
-- materialized view or foreign table (42809 otherwise; 42P01 for an OID
-- that is no relation).  Also the first check of mlcheck._check_source.
CREATE FUNCTION mlcheck._validity_relation(rel regclass) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k "char";
BEGIN
    SELECT c.relkind INTO k FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) rel;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', rel::oid USING ERRCODE = '42P01';
    END IF;
    IF k OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[]) THEN
        RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
            USING ERRCODE = '42809';
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._validity_relation(regclass) IS
    'error 42809 unless the relation is a table, partitioned table, view, materialized view or foreign table';

-- Whether a type holds NaN and ±Infinity (float4, float8, numeric).
CREATE FUNCTION mlcheck._validity_has_nonfinite(typ regtype) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT typ OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.float4', 'pg_catalog.float8',
                                                 'pg_catalog.numeric']::pg_catalog.regtype[])
$$;
COMMENT ON FUNCTION mlcheck._validity_has_nonfinite(regtype) IS
    'true for the types that hold NaN and Infinity (float4, float8, numeric)';

-- The SQL predicate "expr is NaN or ±Infinity" for a column of type typ
-- (false for types without them).  PostgreSQL treats NaN as equal to NaN.
CREATE FUNCTION mlcheck._validity_nonfinite_sql(expr text, typ regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN mlcheck._validity_has_nonfinite(typ)
        THEN pg_catalog.format('(%1$s OPERATOR(pg_catalog.=) ''NaN''::%2$s OR %1$s OPERATOR(pg_catalog.=) ''Infinity''::%2$s OR %1$s OPERATOR(pg_catalog.=) ''-Infinity''::%2$s)',
                               expr, pg_catalog.format_type(typ, NULL))
        ELSE 'false' END
$$;
COMMENT ON FUNCTION mlcheck._validity_nonfinite_sql(text, regtype) IS
    'SQL predicate: the expression is NaN or ±Infinity (false for types without them)';

-- The type two numeric columns are compared in: their own when both have
-- the same, float8 when one is floating point, numeric otherwise (every
-- integer and numeric value converts to numeric exactly).
CREATE FUNCTION mlcheck._validity_common_type(a regtype, b regtype) RETURNS regtype
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN a OPERATOR(pg_catalog.=) b THEN a
        WHEN a OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.float4', 'pg_catalog.float8']::pg_catalog.regtype[])
          OR b OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.float4', 'pg_catalog.float8']::pg_catalog.regtype[])
            THEN 'pg_catalog.float8'::pg_catalog.regtype
        ELSE 'pg_catalog.numeric'::pg_catalog.regtype END
$$;
COMMENT ON FUNCTION mlcheck._validity_common_type(regtype, regtype) IS
    'type in which two numeric column types are compared: the same type, float8 if one is floating point, else numeric';

-- The columns a validity report checks, in order, with their kind and the
-- type the current column is compared in: the given columns (each must
-- exist in both relations, 42703, with a kind, 42804, the same kind in
-- both, 42804), or, when columns is NULL, every column of reference (in
-- its order) that current has too and whose types have the same kind.
CREATE FUNCTION mlcheck._validity_columns(reference regclass, current regclass, columns text[])
    RETURNS TABLE (column_name text, kind text, cmp_type regtype, ref_type regtype, cur_type regtype)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col text;
    i integer;
    rk text;
    ck text;
BEGIN
    IF columns IS NULL THEN
        -- the shared columns that pass the checks below
        columns := '{}';
        FOR col IN
            SELECT s.column_name FROM mlcheck._shared_columns(reference, current) s ORDER BY s."position"
        LOOP
            rk := mlcheck._column_kind(mlcheck._slice_column_type(reference, col));
            CONTINUE WHEN rk IS NULL OR rk IS DISTINCT FROM mlcheck._column_kind(mlcheck._slice_column_type(current, col));
            columns := columns OPERATOR(pg_catalog.||) col;
        END LOOP;
    END IF;
    FOR i IN 1 .. coalesce(pg_catalog.array_length(columns, 1), 0) LOOP
        col := mlcheck._column_list_item(columns, i, 'columns', 'column', '22004');
        ref_type := mlcheck._slice_column_type(reference, col);
        cur_type := mlcheck._slice_column_type(current, col);
        rk := mlcheck._column_kind(ref_type);
        ck := mlcheck._column_kind(cur_type);
        IF rk IS NULL OR ck IS NULL THEN
            RAISE EXCEPTION 'column "%" has type %; validity is checked for numeric and categorical columns', col,
                            CASE WHEN rk IS NULL THEN ref_type ELSE cur_type END
                USING ERRCODE = '42804',
                      HINT = 'Numeric: smallint, integer, bigint, real, double precision, numeric; categorical: text and other string types, boolean, enums.';
        END IF;
        IF rk OPERATOR(pg_catalog.<>) ck THEN
            RAISE EXCEPTION 'column "%" is % in % (%) but % in % (%)', col, rk, reference, ref_type, ck, current, cur_type
                USING ERRCODE = '42804', HINT = 'Cast one of them in a view.';
        END IF;
        column_name := col;
        kind := rk;
        cmp_type := CASE rk WHEN 'numeric' THEN mlcheck._validity_common_type(ref_type, cur_type)
                            ELSE 'pg_catalog.text'::pg_catalog.regtype END;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION mlcheck._validity_columns(regclass, regclass, text[]) IS
    'the columns a validity report checks, with kind and comparison type (errors 22004, 22023, 42703, 42804 for bad columns)';

-- The same columns as the jsonb array [{column, kind, type}] that the
-- query builders read (type: the comparison type), without the column
-- except_column (a validity monitor's time column).
CREATE FUNCTION mlcheck._validity_column_spec(reference regclass, current regclass, columns text[],
                                              except_column text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'column', vc.column_name, 'kind', vc.kind, 'type', vc.cmp_type::pg_catalog.text) ORDER BY vc.ord), '[]')
      FROM mlcheck._validity_columns(reference, current, columns)
           WITH ORDINALITY AS vc(column_name, kind, cmp_type, ref_type, cur_type, ord)
     WHERE vc.column_name IS DISTINCT FROM except_column
$$;
COMMENT ON FUNCTION mlcheck._validity_column_spec(regclass, regclass, text[], text) IS
    'the columns a validity report checks as a jsonb array of {column, kind, type}, leaving one column out (errors of _validity_columns)';

-- ------------------------------------------------------------- learning

-- The query that learns from the reference, in one scan: count(*) and,
-- per column, 4 text slots: NULL count, least and greatest finite value
-- (numeric) and the column's categorical profile (categorical).  Values
-- are printed by the comparison type's output function under
-- extra_float_digits = 3 (the functions that run it set it), which
-- round-trips every float exactly.
CREATE FUNCTION mlcheck._validity_reference_sql(reference regclass, cols jsonb) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb;
    x text;
    t regtype;
    parts text[] := '{}';
BEGIN
    FOR c IN SELECT e.value FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY e ORDER BY e.ordinality LOOP
        x := pg_catalog.format('%I', c OPERATOR(pg_catalog.->>) 'column');
        t := (c OPERATOR(pg_catalog.->>) 'type')::pg_catalog.regtype;
        parts := parts OPERATOR(pg_catalog.||) pg_catalog.format('(pg_catalog.count(*) FILTER (WHERE %s IS NULL))::pg_catalog.text', x);
        IF c OPERATOR(pg_catalog.->>) 'kind' OPERATOR(pg_catalog.=) 'numeric' THEN
            x := pg_catalog.format('(%s)::%s', x, pg_catalog.format_type(t, NULL));
            parts := parts OPERATOR(pg_catalog.||) ARRAY[
                pg_catalog.format('(pg_catalog.min(%1$s) FILTER (WHERE NOT %2$s))::pg_catalog.text',
                                  x, mlcheck._validity_nonfinite_sql(x, t)),
                pg_catalog.format('(pg_catalog.max(%1$s) FILTER (WHERE NOT %2$s))::pg_catalog.text',
                                  x, mlcheck._validity_nonfinite_sql(x, t)),
                'NULL::pg_catalog.text'];
        ELSE
            parts := parts OPERATOR(pg_catalog.||) ARRAY['NULL::pg_catalog.text', 'NULL::pg_catalog.text',
                pg_catalog.format('(mlcheck.profile((%s)::pg_catalog.text))::pg_catalog.text', x)];
        END IF;
    END LOOP;
    RETURN pg_catalog.format('SELECT pg_catalog.count(*), ARRAY[%s]::pg_catalog.text[] FROM %s',
                             coalesce(pg_catalog.array_to_string(parts, ', '), ''), reference::pg_catalog.text);
END
$$;
COMMENT ON FUNCTION mlcheck._validity_reference_sql(regclass, jsonb) IS
    'the one-scan query that learns NULL counts, finite ranges and vocabularies of columns from a reference relation';

-- Turns the reference query's answer into the learned checks of each
-- column (a jsonb array, the columns' order kept): reference NULL share,
-- min and max (text of the comparison type) of numeric columns, the
-- vocabulary (sorted, bytewise) of categorical columns — or, above 1000
-- categories (the categorical profile's cap), vocabulary NULL and
-- vocabulary_complete false, and no vocabulary check.
CREATE FUNCTION mlcheck._validity_learned(cols jsonb, n bigint, slots text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb;
    k integer := 0;
    p mlcheck.categorical_profile;
    voc text[];
    r jsonb := '[]'::jsonb;
    n_null bigint;
BEGIN
    FOR c IN SELECT e.value FROM pg_catalog.jsonb_array_elements(cols) WITH ORDINALITY e ORDER BY e.ordinality LOOP
        n_null := slots[k OPERATOR(pg_catalog.+) 1]::bigint;
        c := c OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('n_reference', n, 'n_null_reference', n_null);
        IF c OPERATOR(pg_catalog.->>) 'kind' OPERATOR(pg_catalog.=) 'numeric' THEN
            c := c OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
                'min', slots[k OPERATOR(pg_catalog.+) 2], 'max', slots[k OPERATOR(pg_catalog.+) 3]);
        ELSE
            p := slots[k OPERATOR(pg_catalog.+) 4]::mlcheck.categorical_profile;
            IF p IS NULL OR mlcheck.n(p) OPERATOR(pg_catalog.=) 0 THEN
                c := c OPERATOR(pg_catalog.||) '{"vocabulary": null, "vocabulary_complete": true}'::jsonb;
            ELSIF mlcheck.n_other(p) OPERATOR(pg_catalog.>) 0 THEN
                c := c OPERATOR(pg_catalog.||) '{"vocabulary": null, "vocabulary_complete": false}'::jsonb;
            ELSE
                SELECT pg_catalog.array_agg(g.category ORDER BY g.category COLLATE "C") INTO voc
                  FROM mlcheck.categories(p) g;
                c := c OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
                    'vocabulary', pg_catalog.to_jsonb(voc), 'vocabulary_complete', true);
            END IF;
        END IF;
        r := r OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(c);
        k := k OPERATOR(pg_catalog.+) 4;
    END LOOP;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck._validity_learned(jsonb, bigint, text[]) IS
    'the learned checks of each column (NULL share, range, vocabulary) from the answer of the reference query';

-- ------------------------------------------------------------- checking

-- A one-scan query over rel: count(*), the aggregates counts as an int8[]
-- and the aggregates others as an other_type[]; with time_column, over the
-- rows in [$2, $3) of it ($1 is the caller's text[] parameter).
CREATE FUNCTION mlcheck._validity_scan_sql(rel regclass, counts text[], others text[], other_type text,
                                           time_column text, time_type regtype)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.format('SELECT pg_catalog.count(*), ARRAY[%s]::pg_catalog.int8[], ARRAY[%s]::%s[] FROM %s',
                             coalesce(pg_catalog.array_to_string(counts, ', '), ''),
                             coalesce(pg_catalog.array_to_string(others, ', '), ''), other_type,
                             rel::pg_catalog.text)
           OPERATOR(pg_catalog.||)
           CASE WHEN time_column IS NOT NULL THEN pg_catalog.format(
               ' WHERE %1$I OPERATOR(pg_catalog.>=) $2::%2$s AND %1$I OPERATOR(pg_catalog.<) $3::%2$s',
               time_column, pg_catalog.format_type(time_type, NULL)) ELSE '' END
$$;
COMMENT ON FUNCTION mlcheck._validity_scan_sql(regclass, text[], text[], text, text, regtype) IS
    'the one-scan query of the validity checks: row count and two arrays of aggregates, optionally over a time window';

-- The query that checks the current rows against what was learned, in one
-- scan, and the text[] parameter it takes as $1 (bounds and vocabularies).
-- Its answer: count(*), 6 counts per column (NULL, NaN, ±Infinity, below
-- min, above max, new category; NULL where not applicable) and 2 profiles
-- per categorical column (the current values of the vocabulary, the new
-- ones; NULL without with_profiles).  With time_column, rows are
-- restricted to [$2, $3) of it.
CREATE FUNCTION mlcheck._validity_current_sql(current regclass, learned jsonb, time_column text,
                                              time_type regtype, with_profiles boolean,
                                              OUT sql text, OUT params text[])
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb;
    x text;
    xt text;
    t regtype;
    tn text;
    counts text[] := '{}';
    profs text[] := '{}';
    lo integer;
    hi integer;
BEGIN
    params := '{}';
    FOR c IN SELECT e.value FROM pg_catalog.jsonb_array_elements(learned) WITH ORDINALITY e ORDER BY e.ordinality LOOP
        x := pg_catalog.format('%I', c OPERATOR(pg_catalog.->>) 'column');
        t := (c OPERATOR(pg_catalog.->>) 'type')::pg_catalog.regtype;
        tn := pg_catalog.format_type(t, NULL);
        counts := counts OPERATOR(pg_catalog.||) pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %s IS NULL)', x);
        IF c OPERATOR(pg_catalog.->>) 'kind' OPERATOR(pg_catalog.=) 'numeric' THEN
            x := pg_catalog.format('(%s)::%s', x, tn);
            params := params OPERATOR(pg_catalog.||) ARRAY[c OPERATOR(pg_catalog.->>) 'min', c OPERATOR(pg_catalog.->>) 'max'];
            lo := pg_catalog.cardinality(params) OPERATOR(pg_catalog.-) 1;
            counts := counts OPERATOR(pg_catalog.||) ARRAY[
                CASE WHEN mlcheck._validity_has_nonfinite(t)
                     THEN pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.=) ''NaN''::%2$s)', x, tn)
                     ELSE '0' END,
                CASE WHEN mlcheck._validity_has_nonfinite(t)
                     THEN pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.=) ''Infinity''::%2$s OR %1$s OPERATOR(pg_catalog.=) ''-Infinity''::%2$s)', x, tn)
                     ELSE '0' END,
                -- finite and beyond the (finite) bounds: NaN sorts above every
                -- number in PostgreSQL, so only -Infinity can be below the
                -- least value and only +Infinity and NaN above the greatest
                CASE WHEN mlcheck._validity_has_nonfinite(t)
                     THEN pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.<) $1[%2$s]::%3$s AND %1$s OPERATOR(pg_catalog.<>) ''-Infinity''::%3$s)', x, lo, tn)
                     ELSE pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.<) $1[%2$s]::%3$s)', x, lo, tn) END,
                CASE WHEN mlcheck._validity_has_nonfinite(t)
                     THEN pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.>) $1[%2$s]::%3$s AND %1$s OPERATOR(pg_catalog.<>) ''Infinity''::%3$s AND %1$s OPERATOR(pg_catalog.<>) ''NaN''::%3$s)', x, lo OPERATOR(pg_catalog.+) 1, tn)
                     ELSE pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.>) $1[%2$s]::%3$s)', x, lo OPERATOR(pg_catalog.+) 1, tn) END,
                'NULL::pg_catalog.int8'];
            profs := profs OPERATOR(pg_catalog.||) ARRAY['NULL::pg_catalog.text', 'NULL::pg_catalog.text'];
        ELSE
            x := pg_catalog.format('(%s)::pg_catalog.text', x);
            counts := counts OPERATOR(pg_catalog.||) ARRAY['NULL::pg_catalog.int8', 'NULL::pg_catalog.int8',
                                                           'NULL::pg_catalog.int8', 'NULL::pg_catalog.int8'];
            IF pg_catalog.jsonb_typeof(c OPERATOR(pg_catalog.->) 'vocabulary') OPERATOR(pg_catalog.=) 'array' THEN
                lo := pg_catalog.cardinality(params) OPERATOR(pg_catalog.+) 1;
                params := params OPERATOR(pg_catalog.||) ARRAY(
                    SELECT v FROM pg_catalog.jsonb_array_elements_text(c OPERATOR(pg_catalog.->) 'vocabulary') v);
                hi := pg_catalog.cardinality(params);
                -- a constant array: PostgreSQL hashes the lookup
                counts := counts OPERATOR(pg_catalog.||) pg_catalog.format(
                    'pg_catalog.count(*) FILTER (WHERE %1$s OPERATOR(pg_catalog.<>) ALL ($1[%2$s:%3$s]))', x, lo, hi);
                profs := profs OPERATOR(pg_catalog.||) CASE WHEN with_profiles THEN ARRAY[
                    pg_catalog.format('(mlcheck.profile(%1$s) FILTER (WHERE %1$s OPERATOR(pg_catalog.=) ANY ($1[%2$s:%3$s])))::pg_catalog.text', x, lo, hi),
                    pg_catalog.format('(mlcheck.profile(%1$s) FILTER (WHERE %1$s OPERATOR(pg_catalog.<>) ALL ($1[%2$s:%3$s])))::pg_catalog.text', x, lo, hi)]
                    ELSE ARRAY['NULL::pg_catalog.text', 'NULL::pg_catalog.text'] END;
            ELSE
                counts := counts OPERATOR(pg_catalog.||) 'NULL::pg_catalog.int8'::text;
                profs := profs OPERATOR(pg_catalog.||) ARRAY['NULL::pg_catalog.text', 'NULL::pg_catalog.text'];
            END IF;
        END IF;
    END LOOP;
    sql := mlcheck._validity_scan_sql(current, counts, profs, 'pg_catalog.text', time_column, time_type);
END
$$;
COMMENT ON FUNCTION mlcheck._validity_current_sql(regclass, jsonb, text, regtype, boolean) IS
    'the one-scan query (and its text[] parameter) that counts the current rows failing the learned checks';

-- One report row per column from the current query's answer.
CREATE FUNCTION mlcheck._validity_rows(learned jsonb, n_rows bigint, counts bigint[], profs text[],
    OUT column_name text, OUT kind text, OUT n bigint,
    OUT null_share float8, OUT nan_share float8, OUT infinite_share float8,
    OUT below_min_share float8, OUT above_max_share float8, OUT new_category_share float8,
    OUT new_categories text[], OUT missing_categories text[], OUT reference_null_share float8,
    OUT issues text[])
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb;
    i integer := 0;
    j integer := 0;
    nn float8;
    nref bigint;
    seen text[];
BEGIN
    n := n_rows;
    nn := n_rows::float8;
    FOR c IN SELECT e.value FROM pg_catalog.jsonb_array_elements(learned) WITH ORDINALITY e ORDER BY e.ordinality LOOP
        column_name := c OPERATOR(pg_catalog.->>) 'column';
        kind := c OPERATOR(pg_catalog.->>) 'kind';
        nref := (c OPERATOR(pg_catalog.->>) 'n_reference')::bigint;
        reference_null_share := CASE WHEN nref OPERATOR(pg_catalog.>) 0
            THEN (c OPERATOR(pg_catalog.->>) 'n_null_reference')::float8 OPERATOR(pg_catalog./) nref END;
        null_share := NULL; nan_share := NULL; infinite_share := NULL; below_min_share := NULL;
        above_max_share := NULL; new_category_share := NULL; new_categories := NULL;
        missing_categories := NULL;
        issues := '{}';
        IF n OPERATOR(pg_catalog.>) 0 THEN
            null_share := counts[i OPERATOR(pg_catalog.+) 1] OPERATOR(pg_catalog./) nn;
            IF kind OPERATOR(pg_catalog.=) 'numeric' THEN
                nan_share := counts[i OPERATOR(pg_catalog.+) 2] OPERATOR(pg_catalog./) nn;
                infinite_share := counts[i OPERATOR(pg_catalog.+) 3] OPERATOR(pg_catalog./) nn;
                IF c OPERATOR(pg_catalog.->>) 'min' IS NOT NULL THEN
                    below_min_share := counts[i OPERATOR(pg_catalog.+) 4] OPERATOR(pg_catalog./) nn;
                    above_max_share := counts[i OPERATOR(pg_catalog.+) 5] OPERATOR(pg_catalog./) nn;
                END IF;
            ELSIF counts[i OPERATOR(pg_catalog.+) 6] IS NOT NULL THEN
                new_category_share := counts[i OPERATOR(pg_catalog.+) 6] OPERATOR(pg_catalog./) nn;
                -- most frequent first, ties by category (the profile's order)
                new_categories := coalesce((SELECT pg_catalog.array_agg(g.category ORDER BY g.count DESC, g.category COLLATE "C")
                                              FROM (SELECT * FROM mlcheck.categories(profs[j OPERATOR(pg_catalog.+) 2]::mlcheck.categorical_profile)
                                                    ORDER BY count DESC, category COLLATE "C" LIMIT 20) g), '{}');
                seen := coalesce((SELECT pg_catalog.array_agg(g.category)
                                    FROM mlcheck.categories(profs[j OPERATOR(pg_catalog.+) 1]::mlcheck.categorical_profile) g), '{}');
                missing_categories := coalesce((SELECT pg_catalog.array_agg(v ORDER BY v COLLATE "C")
                                                  FROM pg_catalog.jsonb_array_elements_text(c OPERATOR(pg_catalog.->) 'vocabulary') v
                                                 WHERE v OPERATOR(pg_catalog.<>) ALL (seen)), '{}');
            END IF;
            -- the issue codes in their order, each with its condition
            issues := issues OPERATOR(pg_catalog.||) ARRAY(
                SELECT x.issue FROM (VALUES
                    (1, 'null', null_share OPERATOR(pg_catalog.>) coalesce(reference_null_share, 0)),
                    (2, 'nan', nan_share OPERATOR(pg_catalog.>) 0),
                    (3, 'infinite', infinite_share OPERATOR(pg_catalog.>) 0),
                    (4, 'below_min', below_min_share OPERATOR(pg_catalog.>) 0),
                    (5, 'above_max', above_max_share OPERATOR(pg_catalog.>) 0),
                    (6, 'new_category', new_category_share OPERATOR(pg_catalog.>) 0),
                    (7, 'missing_category', pg_catalog.cardinality(missing_categories) OPERATOR(pg_catalog.>) 0))
                    AS x(o, issue, hit)
                 WHERE x.hit ORDER BY x.o);
        END IF;
        IF kind OPERATOR(pg_catalog.=) 'categorical'
           AND NOT (c OPERATOR(pg_catalog.->>) 'vocabulary_complete')::boolean THEN
            issues := issues OPERATOR(pg_catalog.||) 'too_many_categories'::text;
        END IF;
        RETURN NEXT;
        i := i OPERATOR(pg_catalog.+) 6;
        j := j OPERATOR(pg_catalog.+) 2;
    END LOOP;
END
$$;
COMMENT ON FUNCTION mlcheck._validity_rows(jsonb, bigint, bigint[], text[]) IS
    'one validity report row per column from the answer of the current query';

-- The learned checks of columns of a reference, read with the caller's
-- privileges in one scan (jsonb array; see _validity_learned).
CREATE FUNCTION mlcheck._validity_learn(reference regclass, cols jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 3
AS $$
DECLARE
    n bigint;
    slots text[];
BEGIN
    EXECUTE mlcheck._validity_reference_sql(reference, cols) INTO n, slots;
    RETURN mlcheck._validity_learned(cols, n, slots);
END
$$;
COMMENT ON FUNCTION mlcheck._validity_learn(regclass, jsonb) IS
    'learns NULL share, finite range and vocabulary of columns from one scan of a reference relation';

CREATE FUNCTION mlcheck.validity_report(reference regclass, current regclass, columns text[] DEFAULT NULL)
    RETURNS TABLE (column_name text, kind text, n bigint, null_share float8, nan_share float8,
                   infinite_share float8, below_min_share float8, above_max_share float8,
                   new_category_share float8, new_categories text[], missing_categories text[],
                   reference_null_share float8, issues text[])
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 3
AS $$
DECLARE
    cols jsonb;
    learned jsonb;
    q record;
    v_n bigint;
    v_counts bigint[];
    v_profs text[];
BEGIN
    IF reference IS NULL OR current IS NULL THEN
        RAISE EXCEPTION 'reference and current must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._validity_relation(reference);
    PERFORM mlcheck._validity_relation(current);
    cols := mlcheck._validity_column_spec(reference, current, columns);
    IF pg_catalog.jsonb_array_length(cols) OPERATOR(pg_catalog.=) 0 THEN
        RETURN;
    END IF;
    learned := mlcheck._validity_learn(reference, cols);
    SELECT * INTO q FROM mlcheck._validity_current_sql(current, learned, NULL, NULL, true);
    EXECUTE q.sql INTO v_n, v_counts, v_profs USING q.params;
    RETURN QUERY SELECT * FROM mlcheck._validity_rows(learned, v_n, v_counts, v_profs);
END
$$;
COMMENT ON FUNCTION mlcheck.validity_report(regclass, regclass, text[]) IS
    'per column of current: shares of NULL, NaN, ±Infinity, values below/above the reference''s finite range, categories the reference never had; new and missing categories; issue codes (null, nan, infinite, below_min, above_max, new_category, missing_category, too_many_categories); one scan of each relation, caller''s privileges';

-- ---------------------------------------------------------------- rules

-- Whether a type has a default btree operator class (values can be
-- ordered, so bounds and examples make sense).
CREATE FUNCTION mlcheck._rules_orderable(typ regtype) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_am am
                     ON am.oid OPERATOR(pg_catalog.=) o.opcmethod
                    WHERE am.amname OPERATOR(pg_catalog.=) 'btree' AND o.opcdefault
                      AND (o.opcintype OPERATOR(pg_catalog.=) typ OR
                           (o.opcintype OPERATOR(pg_catalog.=) 'pg_catalog.anyenum'::pg_catalog.regtype AND
                            (SELECT t.typtype FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) typ)
                              OPERATOR(pg_catalog.=) 'e')))
$$;
COMMENT ON FUNCTION mlcheck._rules_orderable(regtype) IS
    'true when the type has a default btree operator class (enums included)';

-- Converts a rule value (a JSON scalar) with the input function of typ;
-- 42804 naming the column and rule when it does not convert.  Returns the
-- value's text (the parameter the query converts again, in the same way).
CREATE FUNCTION mlcheck._rules_value(col text, rule text, v jsonb, typ regtype) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
BEGIN
    IF v IS NULL OR pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) ALL (ARRAY['string', 'number', 'boolean']) THEN
        RAISE EXCEPTION 'rule "%" of column "%" needs a string, number or boolean, got %', rule, col,
                        coalesce(pg_catalog.jsonb_typeof(v), 'nothing')
            USING ERRCODE = '42804', HINT = pg_catalog.format('The value was %s.', v);
    END IF;
    s := v OPERATOR(pg_catalog.#>>) '{}';
    BEGIN
        EXECUTE pg_catalog.format('SELECT $1::%s', pg_catalog.format_type(typ, NULL)) USING s;
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION 'value % of rule "%" does not convert to type % of column "%"', v, rule, typ, col
            USING ERRCODE = '42804', DETAIL = SQLERRM,
                  HINT = pg_catalog.format('Give a value that %s accepts.', typ);
    END;
    RETURN s;
END
$$;
COMMENT ON FUNCTION mlcheck._rules_value(text, text, jsonb, regtype) IS
    'a rule value converted by the column type''s input function (42804 when it does not convert); returns its text';

-- Validates rules against a relation (before any row is read) and returns
-- the checks in report order — columns in the relation's order, rules in
-- the order not_null, max_null_share, finite, min, max, in, pattern — as a
-- jsonb array of {column, rule, type, lo, hi, limit}, plus the text[]
-- parameter of the values ($1[lo] or the slice $1[lo:hi] for in).
-- Errors: rules not an object or a column's rules not an object, unknown
-- rule, bad max_null_share: 22023; unknown column: 42703; a rule that does
-- not fit the column's type or a value that does not convert: 42804.
CREATE FUNCTION mlcheck._rules_spec(rel regclass, rules jsonb, OUT spec jsonb, OUT params text[])
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col text;
    cr jsonb;
    rule text;
    v jsonb;
    typ regtype;
    cat "char";
    lo integer;
    e jsonb;
    known text[] := ARRAY['not_null', 'max_null_share', 'finite', 'min', 'max', 'in', 'pattern'];
    ord integer;
    items jsonb := '[]';
BEGIN
    params := '{}';
    IF rules IS NULL OR pg_catalog.jsonb_typeof(rules) OPERATOR(pg_catalog.<>) 'object' THEN
        RAISE EXCEPTION 'rules must be a JSON object of columns' USING ERRCODE = '22023',
            HINT = 'For example {"age": {"not_null": true, "min": 0, "max": 120}}.';
    END IF;
    FOR col, cr IN
        SELECT j.key, j.value FROM pg_catalog.jsonb_each(rules) j
          LEFT JOIN pg_catalog.pg_attribute a
            ON a.attrelid OPERATOR(pg_catalog.=) rel AND a.attname OPERATOR(pg_catalog.=) j.key::pg_catalog.name
           AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
         ORDER BY a.attnum NULLS FIRST, j.key
    LOOP
        typ := mlcheck._slice_column_type(rel, col);       -- 42703
        IF pg_catalog.jsonb_typeof(cr) OPERATOR(pg_catalog.<>) 'object' THEN
            RAISE EXCEPTION 'rules of column "%" must be a JSON object', col USING ERRCODE = '22023',
                HINT = pg_catalog.format('Got %s; write {"%s": {"not_null": true}}.', cr, col);
        END IF;
        FOR rule IN SELECT k FROM pg_catalog.jsonb_object_keys(cr) k LOOP
            IF rule OPERATOR(pg_catalog.<>) ALL (known) THEN
                RAISE EXCEPTION 'unknown rule "%" for column "%"', rule, col USING ERRCODE = '22023',
                    HINT = 'Rules are not_null, finite, min, max, in, pattern and max_null_share.';
            END IF;
        END LOOP;
        SELECT t.typcategory INTO cat FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) typ;
        FOR ord IN 1 .. pg_catalog.cardinality(known) LOOP
            rule := known[ord];
            CONTINUE WHEN NOT cr OPERATOR(pg_catalog.?) rule;
            v := cr OPERATOR(pg_catalog.->) rule;
            e := pg_catalog.jsonb_build_object('column', col, 'rule', rule, 'type', typ::pg_catalog.text);
            CASE rule
            WHEN 'not_null', 'finite' THEN
                IF pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) 'boolean' THEN
                    RAISE EXCEPTION 'rule "%" of column "%" must be true or false', rule, col
                        USING ERRCODE = '22023', HINT = pg_catalog.format('Got %s.', v);
                END IF;
                IF rule OPERATOR(pg_catalog.=) 'finite' AND NOT mlcheck._validity_has_nonfinite(typ) THEN
                    RAISE EXCEPTION 'rule "finite" does not fit column "%" of type %', col, typ
                        USING ERRCODE = '42804', HINT = 'finite applies to real, double precision and numeric columns.';
                END IF;
                CONTINUE WHEN NOT v::pg_catalog.text::boolean;    -- false: not checked
            WHEN 'max_null_share' THEN
                IF pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) 'number'
                   OR v::pg_catalog.text::float8 OPERATOR(pg_catalog.<) 0
                   OR v::pg_catalog.text::float8 OPERATOR(pg_catalog.>) 1 THEN
                    RAISE EXCEPTION 'rule "max_null_share" of column "%" must be a number in [0, 1]', col
                        USING ERRCODE = '22023', HINT = pg_catalog.format('Got %s.', v);
                END IF;
                e := e OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('limit', v);
            WHEN 'min', 'max' THEN
                IF NOT mlcheck._rules_orderable(typ) THEN
                    RAISE EXCEPTION 'rule "%" does not fit column "%" of type %', rule, col, typ
                        USING ERRCODE = '42804', HINT = 'min and max need a type whose values are ordered.';
                END IF;
                params := params OPERATOR(pg_catalog.||) mlcheck._rules_value(col, rule, v, typ);
                lo := pg_catalog.cardinality(params);
                e := e OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('lo', lo);
            WHEN 'in' THEN
                IF NOT mlcheck._rules_orderable(typ) THEN
                    RAISE EXCEPTION 'rule "in" does not fit column "%" of type %', col, typ
                        USING ERRCODE = '42804', HINT = 'in needs a type whose values are ordered.';
                END IF;
                IF pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) 'array' OR pg_catalog.jsonb_array_length(v) OPERATOR(pg_catalog.=) 0 THEN
                    RAISE EXCEPTION 'rule "in" of column "%" must be a non-empty JSON array of values', col
                        USING ERRCODE = '22023', HINT = pg_catalog.format('Got %s.', v);
                END IF;
                lo := pg_catalog.cardinality(params) OPERATOR(pg_catalog.+) 1;
                params := params OPERATOR(pg_catalog.||) ARRAY(
                    SELECT mlcheck._rules_value(col, rule, a.value, typ)
                      FROM pg_catalog.jsonb_array_elements(v) WITH ORDINALITY a ORDER BY a.ordinality);
                e := e OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('lo', lo, 'hi', pg_catalog.cardinality(params));
            WHEN 'pattern' THEN
                IF cat OPERATOR(pg_catalog.<>) 'S' THEN
                    RAISE EXCEPTION 'rule "pattern" does not fit column "%" of type %', col, typ
                        USING ERRCODE = '42804', HINT = 'pattern applies to text columns (text, varchar, char).';
                END IF;
                IF pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) 'string' THEN
                    RAISE EXCEPTION 'rule "pattern" of column "%" must be a string', col
                        USING ERRCODE = '42804', HINT = pg_catalog.format('Got %s.', v);
                END IF;
                -- a bad regular expression fails here (2201B), before any row is read
                PERFORM '' OPERATOR(pg_catalog.~) (v OPERATOR(pg_catalog.#>>) '{}');
                params := params OPERATOR(pg_catalog.||) (v OPERATOR(pg_catalog.#>>) '{}');
                e := e OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('lo', pg_catalog.cardinality(params));
            END CASE;
            items := items OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(e);
        END LOOP;
    END LOOP;
    spec := items;
END
$$;
COMMENT ON FUNCTION mlcheck._rules_spec(regclass, jsonb) IS
    'validates declared rules against a relation before any row is read (22023 unknown rule, 42703 unknown column, 42804 rule or value not fitting the type) and returns the checks and the text[] of their values';

-- The query that evaluates the checks in one scan: count(*), 2 counts per
-- check (rows checked, rows failed) and the check's examples (the 5
-- smallest distinct failing values in the column type's order, as jsonb;
-- NULL without with_examples).  With time_column, rows are restricted to [$2, $3) of it.
CREATE FUNCTION mlcheck._rules_sql(rel regclass, spec jsonb, time_column text, time_type regtype,
                                   with_examples boolean)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e jsonb;
    x text;
    tn text;
    fail text;
    counts text[] := '{}';
    examples text[] := '{}';
BEGIN
    FOR e IN SELECT a.value FROM pg_catalog.jsonb_array_elements(spec) WITH ORDINALITY a ORDER BY a.ordinality LOOP
        x := pg_catalog.format('%I', e OPERATOR(pg_catalog.->>) 'column');
        tn := pg_catalog.format_type((e OPERATOR(pg_catalog.->>) 'type')::pg_catalog.regtype, NULL);
        CASE e OPERATOR(pg_catalog.->>) 'rule'
        WHEN 'not_null', 'max_null_share' THEN
            counts := counts OPERATOR(pg_catalog.||) ARRAY['pg_catalog.count(*)',
                pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %s IS NULL)', x)];
            examples := examples OPERATOR(pg_catalog.||) '''[]''::pg_catalog.jsonb'::text;
            CONTINUE;
        WHEN 'finite' THEN
            fail := mlcheck._validity_nonfinite_sql(pg_catalog.format('(%s)::%s', x, tn), (e OPERATOR(pg_catalog.->>) 'type')::pg_catalog.regtype);
        WHEN 'min' THEN
            fail := pg_catalog.format('%s OPERATOR(pg_catalog.<) $1[%s]::%s', x, e OPERATOR(pg_catalog.->>) 'lo', tn);
        WHEN 'max' THEN
            fail := pg_catalog.format('%s OPERATOR(pg_catalog.>) $1[%s]::%s', x, e OPERATOR(pg_catalog.->>) 'lo', tn);
        WHEN 'in' THEN
            fail := pg_catalog.format('%s OPERATOR(pg_catalog.<>) ALL ($1[%s:%s]::%s[])', x,
                                      e OPERATOR(pg_catalog.->>) 'lo', e OPERATOR(pg_catalog.->>) 'hi', tn);
        WHEN 'pattern' THEN
            fail := pg_catalog.format('NOT ((%s)::pg_catalog.text OPERATOR(pg_catalog.~) $1[%s])', x, e OPERATOR(pg_catalog.->>) 'lo');
        END CASE;
        counts := counts OPERATOR(pg_catalog.||) ARRAY[pg_catalog.format('pg_catalog.count(%s)', x),
            pg_catalog.format('pg_catalog.count(*) FILTER (WHERE %s)', fail)];
        examples := examples OPERATOR(pg_catalog.||) CASE WHEN with_examples THEN pg_catalog.format(
            'pg_catalog.to_jsonb(coalesce((pg_catalog.array_agg(DISTINCT %1$s ORDER BY %1$s) FILTER (WHERE %2$s))[1:5], ''{}''))', x, fail)
            ELSE 'NULL::pg_catalog.jsonb' END;
    END LOOP;
    RETURN mlcheck._validity_scan_sql(rel, counts, examples, 'pg_catalog.jsonb', time_column, time_type);
END
$$;
COMMENT ON FUNCTION mlcheck._rules_sql(regclass, jsonb, text, regtype, boolean) IS
    'the one-scan query that counts, per declared check, the rows checked and failed and the 5 smallest distinct failing values';

-- One check_rules row per check from the rules query's answer.
CREATE FUNCTION mlcheck._rules_rows(spec jsonb, n_rows bigint, counts bigint[], examples jsonb[],
    OUT column_name text, OUT rule text, OUT n_checked bigint, OUT n_failed bigint,
    OUT failed_share float8, OUT passed boolean, OUT examples jsonb)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT e.value OPERATOR(pg_catalog.->>) 'column', e.value OPERATOR(pg_catalog.->>) 'rule',
           counts[2 OPERATOR(pg_catalog.*) e.ordinality OPERATOR(pg_catalog.-) 1],
           counts[2 OPERATOR(pg_catalog.*) e.ordinality],
           CASE WHEN counts[2 OPERATOR(pg_catalog.*) e.ordinality OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.>) 0
                THEN counts[2 OPERATOR(pg_catalog.*) e.ordinality]::float8
                     OPERATOR(pg_catalog./) counts[2 OPERATOR(pg_catalog.*) e.ordinality OPERATOR(pg_catalog.-) 1]::float8 END,
           CASE WHEN e.value OPERATOR(pg_catalog.->>) 'rule' OPERATOR(pg_catalog.=) 'max_null_share'
                THEN counts[2 OPERATOR(pg_catalog.*) e.ordinality OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.=) 0
                  OR counts[2 OPERATOR(pg_catalog.*) e.ordinality]::float8
                     OPERATOR(pg_catalog./) counts[2 OPERATOR(pg_catalog.*) e.ordinality OPERATOR(pg_catalog.-) 1]::float8
                     OPERATOR(pg_catalog.<=) (e.value OPERATOR(pg_catalog.->>) 'limit')::float8
                ELSE counts[2 OPERATOR(pg_catalog.*) e.ordinality] OPERATOR(pg_catalog.=) 0 END,
           examples[e.ordinality]
      FROM pg_catalog.jsonb_array_elements(spec) WITH ORDINALITY e
     ORDER BY e.ordinality
$$;
COMMENT ON FUNCTION mlcheck._rules_rows(jsonb, bigint, bigint[], jsonb[]) IS
    'one check_rules row per check from the answer of the rules query';

CREATE FUNCTION mlcheck.check_rules(current regclass, rules jsonb)
    RETURNS TABLE (column_name text, rule text, n_checked bigint, n_failed bigint,
                   failed_share float8, passed boolean, examples jsonb)
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s record;
    v_n bigint;
    v_counts bigint[];
    v_examples jsonb[];
BEGIN
    IF current IS NULL OR rules IS NULL THEN
        RAISE EXCEPTION 'current and rules must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._validity_relation(current);
    SELECT * INTO s FROM mlcheck._rules_spec(current, rules);
    IF pg_catalog.jsonb_array_length(s.spec) OPERATOR(pg_catalog.=) 0 THEN
        RETURN;
    END IF;
    EXECUTE mlcheck._rules_sql(current, s.spec, NULL, NULL, true) INTO v_n, v_counts, v_examples USING s.params;
    RETURN QUERY SELECT * FROM mlcheck._rules_rows(s.spec, v_n, v_counts, v_examples);
END
$$;
COMMENT ON FUNCTION mlcheck.check_rules(regclass, jsonb) IS
    'checks declared rules (not_null, finite, min, max, in, pattern, max_null_share) per column of a relation in one scan: rows checked and failed, failed share, passed, up to 5 smallest distinct failing values; rules are validated before any row is read';
