-- Drift of many columns at once.  mlcheck.drift_report() compares every
-- (or every named) column two relations share, building each column's
-- profile in ONE scan of each relation (one SELECT building the profiles
-- of up to 16 columns per call of the block aggregates
-- mlcheck._numeric_profiles / _categorical_profiles, each byte for byte
-- mlcheck.profile() of its column), and applies mlcheck.drift() to each pair;
-- mlcheck.dataset_drift() is the share-of-drifted-columns verdict over its
-- rows.  Both read with the caller's privileges (SECURITY INVOKER).
--
-- Column kinds follow Evidently's inference: integer columns with at most
-- 10 distinct values over both relations are categorical (their profiles
-- are built from the values as text, alongside the numeric profile, in the
-- same scan), other numeric columns numeric; string types, booleans and
-- enums categorical.

-- Kind of profile for a column type: 'numeric' for the numeric types,
-- 'categorical' for text-like types, booleans and enums, NULL otherwise
-- (the kinds of baselines, monitors and validity checks).
CREATE FUNCTION mlcheck._column_kind(typ regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN typ OPERATOR(pg_catalog.=) ANY (ARRAY['smallint', 'integer', 'bigint', 'real',
                 'double precision', 'numeric']::regtype[]) THEN 'numeric'
        -- string types (text, varchar, char, name, citext ...), boolean, enums
        WHEN (SELECT t.typcategory OPERATOR(pg_catalog.=) ANY (ARRAY['S', 'B', 'E']::"char"[])
                FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) typ) THEN 'categorical'
        ELSE NULL END
$$;
COMMENT ON FUNCTION mlcheck._column_kind(regtype) IS
    'profile kind (numeric or categorical) that mlcheck uses for a column type, NULL when none';

-- Whether a drift method's threshold is a p-value (ks, chi2, and auto,
-- which may pick either) rather than a distance.
CREATE FUNCTION mlcheck._drift_p_value_method(method text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT method OPERATOR(pg_catalog.=) ANY (ARRAY['auto', 'ks', 'chi2'])
$$;
COMMENT ON FUNCTION mlcheck._drift_p_value_method(text) IS
    'true for the drift methods whose threshold is a p-value (auto, ks, chi2)';

-- Whether threshold is valid for a (canonical) drift method: NULL, or
-- positive and finite, and at most 1 for a p-value method.
CREATE FUNCTION mlcheck._drift_threshold_valid(threshold float8, method text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT threshold IS NULL OR (
           threshold OPERATOR(pg_catalog.>) 0 AND threshold OPERATOR(pg_catalog.<) 'Infinity'::float8 AND
           (threshold OPERATOR(pg_catalog.<=) 1 OR NOT mlcheck._drift_p_value_method(method)))
$$;
COMMENT ON FUNCTION mlcheck._drift_threshold_valid(float8, text) IS
    'true when a drift threshold is NULL, or positive, finite and (for a p-value method) at most 1';

-- Profile class of a column type: 'integer', 'numeric' (the other numeric
-- types), 'categorical' (string types, boolean, enums), NULL otherwise.
CREATE FUNCTION mlcheck._drift_type_class(typ regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN typ OPERATOR(pg_catalog.=) ANY (ARRAY['smallint', 'integer', 'bigint']::pg_catalog.regtype[])
            THEN 'integer'
        ELSE mlcheck._column_kind(typ) END
$$;
COMMENT ON FUNCTION mlcheck._drift_type_class(regtype) IS
    'profile class of a column type for drift reports: integer, numeric, categorical, or NULL when mlcheck does not profile it';

-- The columns of relation ref that relation cur has too (same name), with
-- their declared types in each and their position in ref.
CREATE FUNCTION mlcheck._shared_columns(ref regclass, cur regclass)
    RETURNS TABLE (column_name text, ref_type regtype, cur_type regtype, "position" smallint)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.attname::pg_catalog.text, a.atttypid::pg_catalog.regtype, b.atttypid::pg_catalog.regtype, a.attnum
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_attribute b
        ON b.attrelid OPERATOR(pg_catalog.=) cur AND b.attname OPERATOR(pg_catalog.=) a.attname
       AND b.attnum OPERATOR(pg_catalog.>) 0 AND NOT b.attisdropped
     WHERE a.attrelid OPERATOR(pg_catalog.=) ref
       AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
$$;
COMMENT ON FUNCTION mlcheck._shared_columns(regclass, regclass) IS
    'the columns two relations share by name, with their types in each and their position in the first';

-- The columns a drift report compares, in the reference's column order,
-- with their class and their positions in the query's arrays of numeric and
-- categorical profiles (NULL when that profile is not built).  Every check
-- is made here, before any row is read: relation kinds (42809), columns
-- (42703, with a hint when only the case differs), types (42804), the
-- method (22023) and the threshold (22023).
CREATE FUNCTION mlcheck._drift_report_columns(reference regclass, current regclass, columns text[],
                                              method text, threshold float8)
    RETURNS TABLE (column_name text, class text, type_name text, num_idx integer, cat_idx integer)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rel regclass;
    v_method text;
    v_numeric_only boolean;
    c text;
    t_ref regtype;
    t_cur regtype;
    k_ref text;
    k_cur text;
    near_name name;
    n_num integer := 0;
    n_cat integer := 0;
BEGIN
    IF reference IS NULL OR current IS NULL OR method IS NULL THEN
        RAISE EXCEPTION 'reference, current and method must not be NULL' USING ERRCODE = '22004';
    END IF;
    FOREACH rel IN ARRAY ARRAY[reference, current] LOOP
        IF (SELECT cl.relkind OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[])
              FROM pg_catalog.pg_class cl WHERE cl.oid OPERATOR(pg_catalog.=) rel) THEN
            RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
                USING ERRCODE = '42809';
        END IF;
    END LOOP;
    v_method := CASE method WHEN 'jensenshannon' THEN 'js' WHEN 'chisquare' THEN 'chi2' ELSE method END;
    IF v_method OPERATOR(pg_catalog.<>) ALL (ARRAY['auto', 'ks', 'wasserstein', 'psi', 'js', 'chi2']) THEN
        RAISE EXCEPTION 'unknown drift method "%"', method
            USING ERRCODE = '22023', HINT = 'Use auto, ks, wasserstein, psi, js or chi2.';
    END IF;
    v_numeric_only := v_method OPERATOR(pg_catalog.=) ANY (ARRAY['ks', 'wasserstein']);
    IF NOT mlcheck._drift_threshold_valid(threshold, v_method) THEN
        RAISE EXCEPTION 'invalid threshold % for drift method "%"', threshold, v_method
            USING ERRCODE = '22023',
                  HINT = CASE WHEN mlcheck._drift_p_value_method(v_method)
                              THEN 'For ' OPERATOR(pg_catalog.||) v_method
                                   OPERATOR(pg_catalog.||) ' the threshold is a p-value in (0, 1], e.g. 0.05.'
                              ELSE 'A distance threshold is a positive number, e.g. 0.1.' END;
    END IF;

    IF columns IS NULL THEN
        -- every column both relations share whose types mlcheck profiles as
        -- the same kind
        FOR c, t_ref, t_cur IN
            SELECT s.column_name, s.ref_type, s.cur_type
              FROM mlcheck._shared_columns(reference, current) s ORDER BY s."position"
        LOOP
            k_ref := mlcheck._drift_type_class(t_ref);
            k_cur := mlcheck._drift_type_class(t_cur);
            CONTINUE WHEN k_ref IS NULL OR k_cur IS NULL OR
                          ((k_ref OPERATOR(pg_catalog.=) 'categorical') OPERATOR(pg_catalog.<>)
                           (k_cur OPERATOR(pg_catalog.=) 'categorical'));
            IF v_numeric_only AND k_ref OPERATOR(pg_catalog.=) 'categorical' THEN
                RAISE EXCEPTION 'drift method "%" needs numeric columns; column "%" has type %', method, c, t_ref
                    USING ERRCODE = '22023',
                          HINT = 'Name the numeric columns in columns, or use auto, psi, js or chi2.';
            END IF;
            columns := columns OPERATOR(pg_catalog.||) c;
        END LOOP;
        columns := coalesce(columns, '{}'::text[]);
    END IF;

    FOR i IN 1 .. coalesce(pg_catalog.array_length(columns, 1), 0) LOOP
        c := columns[i];
        IF c IS NULL THEN
            RAISE EXCEPTION 'columns must not contain NULL' USING ERRCODE = '22004';
        END IF;
        IF (SELECT pg_catalog.count(*) FROM pg_catalog.unnest(columns) u(x)
             WHERE u.x OPERATOR(pg_catalog.=) c) OPERATOR(pg_catalog.>) 1 THEN
            RAISE EXCEPTION 'column "%" is named twice', c USING ERRCODE = '42701';
        END IF;
        FOREACH rel IN ARRAY ARRAY[reference, current] LOOP
            SELECT a.atttypid INTO t_cur FROM pg_catalog.pg_attribute a
             WHERE a.attrelid OPERATOR(pg_catalog.=) rel AND a.attname OPERATOR(pg_catalog.=) c::pg_catalog.name
               AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
            IF NOT FOUND THEN
                SELECT a.attname INTO near_name FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid OPERATOR(pg_catalog.=) rel
                   AND pg_catalog.lower(a.attname::text) OPERATOR(pg_catalog.=) pg_catalog.lower(c)
                   AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
                 ORDER BY a.attnum LIMIT 1;
                RAISE EXCEPTION 'column "%" of relation % does not exist', c, rel
                    USING ERRCODE = '42703',
                          HINT = CASE WHEN near_name IS NOT NULL
                                      THEN pg_catalog.format('Column names are matched exactly (case-sensitive, no quotes); did you mean "%s"?', near_name)
                                      ELSE 'Column names are matched exactly (case-sensitive, no quotes).' END;
            END IF;
            IF rel OPERATOR(pg_catalog.=) reference THEN
                t_ref := t_cur;
            END IF;
        END LOOP;
        k_ref := mlcheck._drift_type_class(t_ref);
        k_cur := mlcheck._drift_type_class(t_cur);
        IF k_ref IS NULL OR k_cur IS NULL THEN
            RAISE EXCEPTION 'cannot profile column "%" of type %', c,
                            CASE WHEN k_ref IS NULL THEN t_ref ELSE t_cur END
                USING ERRCODE = '42804',
                      HINT = 'Drift reports compare numeric, string, boolean and enum columns.';
        END IF;
        IF (k_ref OPERATOR(pg_catalog.=) 'categorical') OPERATOR(pg_catalog.<>)
           (k_cur OPERATOR(pg_catalog.=) 'categorical') THEN
            RAISE EXCEPTION 'column "%" has type % in % but % in %', c, t_ref, reference, t_cur, current
                USING ERRCODE = '42804',
                      HINT = 'A column is compared when both relations give it a numeric type, or both a string, boolean or enum type.';
        END IF;
        IF v_numeric_only AND k_ref OPERATOR(pg_catalog.=) 'categorical' THEN
            RAISE EXCEPTION 'drift method "%" needs numeric columns; column "%" has type %', method, c, t_ref
                USING ERRCODE = '22023',
                      HINT = 'Name the numeric columns in columns, or use auto, psi, js or chi2.';
        END IF;
        -- integer only when both sides are integers; an explicit numeric-only
        -- method compares integers as numbers
        column_name := c;
        type_name := pg_catalog.format_type(t_ref, NULL);
        class := CASE WHEN k_ref OPERATOR(pg_catalog.=) 'categorical' THEN 'categorical'
                      WHEN k_ref OPERATOR(pg_catalog.=) 'integer' AND k_cur OPERATOR(pg_catalog.=) 'integer'
                           AND NOT v_numeric_only THEN 'integer'
                      ELSE 'numeric' END;
        num_idx := NULL;
        cat_idx := NULL;
        IF class OPERATOR(pg_catalog.<>) 'categorical' THEN
            n_num := n_num OPERATOR(pg_catalog.+) 1;
            num_idx := n_num;
        END IF;
        IF class OPERATOR(pg_catalog.<>) 'numeric' THEN
            n_cat := n_cat OPERATOR(pg_catalog.+) 1;
            cat_idx := n_cat;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION mlcheck._drift_report_columns(regclass, regclass, text[], text, float8) IS
    'columns a drift report compares, with their class and positions in the report query (every argument checked before any row is read)';

-- The select list of the profiles of the columns listed by
-- _drift_report_columns: an array of numeric profiles and an array of
-- categorical profiles, one element per num_idx / cat_idx (drift_report and
-- the drift monitors use it).  Built with the block aggregates: the numeric
-- profiles 16 columns per mlcheck._numeric_profiles call and the
-- categorical ones 16 per mlcheck._categorical_profiles call, the blocks
-- concatenated.  The last block of each kind takes the narrowest overload
-- that holds its columns (4, 8 or 16 of them), padded with NULL arguments,
-- which it ignores: every argument costs its evaluation on every row.  Element for element the same profiles, byte for byte, as
-- one mlcheck.profile() per column, with far fewer aggregate calls per row;
-- over no rows a block is NULL, so it becomes an array of NULLs (what
-- ARRAY[profile(...), ...] gives).
CREATE FUNCTION mlcheck._drift_profiles_select(cols text[], classes text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    width constant integer := 16;   -- column arguments of the widest block aggregate
    w integer;                      -- those of the overload a block calls (4, 8 or 16)
    nums text[] := '{}';
    cats text[] := '{}';
    parts text[];
    lists text[] := '{}';
    kinds text[] := ARRAY['numeric', 'categorical'];
    cols_of text[];
    args text[];
    k integer;
BEGIN
    FOR i IN 1 .. coalesce(pg_catalog.array_length(cols, 1), 0) LOOP
        IF classes[i] OPERATOR(pg_catalog.<>) 'categorical' THEN
            nums := nums OPERATOR(pg_catalog.||) pg_catalog.format('(%I)::pg_catalog.float8', cols[i]);
        END IF;
        IF classes[i] OPERATOR(pg_catalog.<>) 'numeric' THEN
            cats := cats OPERATOR(pg_catalog.||) pg_catalog.format('(%I)::pg_catalog.text', cols[i]);
        END IF;
    END LOOP;
    FOR j IN 1 .. 2 LOOP
        cols_of := CASE j WHEN 1 THEN nums ELSE cats END;
        parts := '{}';
        FOR b IN 0 .. (coalesce(pg_catalog.array_length(cols_of, 1), 0) OPERATOR(pg_catalog.+) width
                       OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog./) width OPERATOR(pg_catalog.-) 1 LOOP
            args := cols_of[b OPERATOR(pg_catalog.*) width OPERATOR(pg_catalog.+) 1 :
                            (b OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.*) width];
            k := pg_catalog.array_length(args, 1);
            w := CASE WHEN k OPERATOR(pg_catalog.<=) 4 THEN 4 WHEN k OPERATOR(pg_catalog.<=) 8 THEN 8 ELSE width END;
            FOR p IN k OPERATOR(pg_catalog.+) 1 .. w LOOP
                args := args OPERATOR(pg_catalog.||)
                        CASE j WHEN 1 THEN 'NULL::pg_catalog.float8' ELSE 'NULL::pg_catalog.text' END;
            END LOOP;
            parts := parts OPERATOR(pg_catalog.||) pg_catalog.format(
                'COALESCE(mlcheck._%s_profiles(%s, %s), pg_catalog.array_fill(NULL::mlcheck.%s_profile, ARRAY[%s]))',
                kinds[j], k, pg_catalog.array_to_string(args, ', '), kinds[j], k);
        END LOOP;
        lists := lists OPERATOR(pg_catalog.||) CASE WHEN parts OPERATOR(pg_catalog.=) '{}'::text[]
            THEN pg_catalog.format('ARRAY[]::mlcheck.%s_profile[]', kinds[j])
            ELSE pg_catalog.array_to_string(parts, ' OPERATOR(pg_catalog.||) ') END;
    END LOOP;
    RETURN pg_catalog.format('%s AS num, %s AS cat', lists[1], lists[2]);
END
$fn$;
COMMENT ON FUNCTION mlcheck._drift_profiles_select(text[], text[]) IS
    'select list building the numeric and categorical profiles of columns (identifiers quoted) in one pass, up to 16 columns per block aggregate call';

-- The single query behind drift_report: one scan of each relation, whatever
-- the number of columns.  Returns (ref_num, ref_cat, cur_num, cur_cat).
CREATE FUNCTION mlcheck._drift_report_sql(reference regclass, current regclass, columns text[] DEFAULT NULL,
                                          method text DEFAULT 'auto', threshold float8 DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    cols text[];
    classes text[];
    sel text;
BEGIN
    SELECT coalesce(pg_catalog.array_agg(d.column_name ORDER BY d.ord), '{}'),
           coalesce(pg_catalog.array_agg(d.class ORDER BY d.ord), '{}')
      INTO cols, classes
      FROM mlcheck._drift_report_columns(reference, current, columns, method, threshold)
           WITH ORDINALITY AS d(column_name, class, type_name, num_idx, cat_idx, ord);
    sel := mlcheck._drift_profiles_select(cols, classes);
    RETURN pg_catalog.format(
        'SELECT r.num, r.cat, c.num, c.cat FROM (SELECT %1$s FROM %2$s) r CROSS JOIN (SELECT %1$s FROM %3$s) c',
        sel, reference::text, current::text);
END
$fn$;
COMMENT ON FUNCTION mlcheck._drift_report_sql(regclass, regclass, text[], text, float8) IS
    'the single query behind mlcheck.drift_report: every column''s profiles from one scan of each relation (for EXPLAIN and debugging)';

-- The rows of drift_report (PL/pgSQL forbids output columns named as its
-- arguments, so the report itself is a SQL function over this one).
CREATE FUNCTION mlcheck._drift_report_rows(reference regclass, current regclass, columns text[],
                                           v_method text, v_threshold float8)
    RETURNS TABLE (column_name text, kind text, method text, statistic float8, p_value float8,
                   threshold float8, drifted boolean, n_reference bigint, n_current bigint, details jsonb)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 20
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    sql text := mlcheck._drift_report_sql(reference, current, columns, v_method, v_threshold);
    rn mlcheck.numeric_profile[];
    rc mlcheck.categorical_profile[];
    cn mlcheck.numeric_profile[];
    cc mlcheck.categorical_profile[];
    col record;
    d mlcheck.drift_result;
    n_distinct bigint;
    kind_rule text;
BEGIN
    RAISE DEBUG 'mlcheck.drift_report: %', sql;
    EXECUTE sql INTO rn, rc, cn, cc;
    FOR col IN SELECT * FROM mlcheck._drift_report_columns(reference, current, columns, v_method, v_threshold) LOOP
        column_name := col.column_name;
        IF col.class OPERATOR(pg_catalog.=) 'integer' THEN
            -- distinct values over both relations, from the categorical
            -- profiles (exact up to their 1000-category cap)
            IF coalesce(mlcheck.n_other(rc[col.cat_idx]), 0) OPERATOR(pg_catalog.>) 0 OR
               coalesce(mlcheck.n_other(cc[col.cat_idx]), 0) OPERATOR(pg_catalog.>) 0 THEN
                n_distinct := NULL;
            ELSE
                SELECT pg_catalog.count(*) INTO n_distinct
                  FROM (SELECT x.category FROM mlcheck.categories(rc[col.cat_idx]) x
                        UNION SELECT y.category FROM mlcheck.categories(cc[col.cat_idx]) y) u;
            END IF;
            IF n_distinct OPERATOR(pg_catalog.<=) 10 THEN
                kind := 'categorical';
                kind_rule := pg_catalog.format('%s column with %s distinct values <= 10', col.type_name, n_distinct);
            ELSE
                kind := 'numeric';
                kind_rule := pg_catalog.format('%s column with %s distinct values > 10', col.type_name,
                                               coalesce(n_distinct::text, 'over 1000'));
            END IF;
        ELSE
            kind := CASE col.class WHEN 'categorical' THEN 'categorical' ELSE 'numeric' END;
            kind_rule := pg_catalog.format('%s column', col.type_name);
        END IF;
        IF kind OPERATOR(pg_catalog.=) 'numeric' THEN
            d := mlcheck.drift(rn[col.num_idx], cn[col.num_idx], method => v_method, threshold => v_threshold);
            n_reference := coalesce(mlcheck.n(rn[col.num_idx]), 0);
            n_current := coalesce(mlcheck.n(cn[col.num_idx]), 0);
        ELSE
            d := mlcheck.drift(rc[col.cat_idx], cc[col.cat_idx], method => v_method, threshold => v_threshold);
            n_reference := coalesce(mlcheck.n(rc[col.cat_idx]), 0);
            n_current := coalesce(mlcheck.n(cc[col.cat_idx]), 0);
        END IF;
        -- a relation without rows has no profile: no statistic, no verdict
        method := coalesce(d.method, CASE v_method WHEN 'jensenshannon' THEN 'js'
                                                   WHEN 'chisquare' THEN 'chi2' ELSE v_method END);
        statistic := d.statistic;
        p_value := d.p_value;
        threshold := d.threshold;
        drifted := d.drifted;
        details := coalesce(d.details, '{}'::jsonb)
                   OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('kind_rule', kind_rule);
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION mlcheck._drift_report_rows(regclass, regclass, text[], text, float8) IS
    'the rows of mlcheck.drift_report';

CREATE FUNCTION mlcheck.drift_report(reference regclass, current regclass, columns text[] DEFAULT NULL,
                                     method text DEFAULT 'auto', threshold float8 DEFAULT NULL)
    RETURNS TABLE (column_name text, kind text, method text, statistic float8, p_value float8,
                   threshold float8, drifted boolean, n_reference bigint, n_current bigint, details jsonb)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 20
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM mlcheck._drift_report_rows($1, $2, $3, $4, $5)
$fn$;
COMMENT ON FUNCTION mlcheck.drift_report(regclass, regclass, text[], text, float8) IS
    'drift of every shared (or every named) column between two relations, one row per column as mlcheck.drift() of their profiles, from one scan of each relation; kinds and auto tests chosen as Evidently does';

CREATE FUNCTION mlcheck.dataset_drift(reference regclass, current regclass, columns text[] DEFAULT NULL,
                                      method text DEFAULT 'auto', threshold float8 DEFAULT NULL,
                                      drift_share float8 DEFAULT 0.5)
    RETURNS TABLE (n_columns bigint, n_drifted bigint, share_drifted float8, dataset_drifted boolean)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF drift_share IS NULL OR NOT (drift_share OPERATOR(pg_catalog.>) 0 AND drift_share OPERATOR(pg_catalog.<=) 1) THEN
        RAISE EXCEPTION 'drift_share % is not in (0, 1]', coalesce(drift_share::text, 'NULL')
            USING ERRCODE = '22023',
                  HINT = 'drift_share is the share of drifted columns at which the dataset drifted, e.g. 0.5.';
    END IF;
    RETURN QUERY
    SELECT s.nc, s.nd,
           CASE WHEN s.nc OPERATOR(pg_catalog.>) 0
                THEN s.nd::float8 OPERATOR(pg_catalog./) s.nc::float8 END,
           CASE WHEN s.nc OPERATOR(pg_catalog.>) 0
                THEN s.nd::float8 OPERATOR(pg_catalog./) s.nc::float8 OPERATOR(pg_catalog.>=) drift_share END
      FROM (SELECT pg_catalog.count(r.drifted) AS nc,
                   pg_catalog.count(*) FILTER (WHERE r.drifted) AS nd
              FROM mlcheck.drift_report(reference, current, columns, method, threshold) r) s;
END
$fn$;
COMMENT ON FUNCTION mlcheck.dataset_drift(regclass, regclass, text[], text, float8, float8) IS
    'dataset drift verdict from mlcheck.drift_report: columns with a verdict, drifted columns, their share, and whether the share reaches drift_share (NULLs when no column has a verdict)';
