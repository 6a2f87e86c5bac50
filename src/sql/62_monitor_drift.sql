-- Drift monitors of many columns.  mlcheck.add_drift_monitors() creates,
-- from one scan of a reference relation, a baseline and a drift monitor per
-- column (named prefix.column) and a dataset_drift monitor (named prefix)
-- that alerts when the share of drifted columns reaches its threshold
-- (0.5, Evidently's rule).  A dataset_drift monitor keeps the names of its
-- baselines and their kinds in settings (names only, never values of the
-- data) and evaluates a window with one scan of the source, as its owner.

-- The query a dataset_drift monitor runs for a window ($1 = window_start,
-- $2 = window_end): the numeric and categorical profiles of its columns, in
-- the order of its columns, and the number of rows in the window.  Built
-- from the catalog as the caller (the monitor's owner) sees it.
CREATE FUNCTION mlcheck._dataset_drift_query(monitor_name text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    m mlcheck.monitors;
    rel regclass;
    ttype regtype;
    classes text[] := '{}';
BEGIN
    SELECT * INTO m FROM mlcheck.monitors mo
     WHERE mo.name OPERATOR(pg_catalog.=) monitor_name AND mo.kind OPERATOR(pg_catalog.=) 'dataset_drift';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dataset_drift monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    rel := mlcheck._monitor_relation(m.source, monitor_name);
    IF pg_catalog.jsonb_typeof(m.settings OPERATOR(pg_catalog.->) 'kinds') IS DISTINCT FROM 'array' OR
       pg_catalog.jsonb_array_length(m.settings OPERATOR(pg_catalog.->) 'kinds') IS DISTINCT FROM
       coalesce(pg_catalog.array_length(m.columns, 1), 0) THEN
        RAISE EXCEPTION 'settings of monitor "%" do not list one baseline kind per column', monitor_name
            USING ERRCODE = '22023',
                  HINT = 'Recreate the monitors with mlcheck.add_drift_monitors().';
    END IF;
    FOR i IN 1 .. coalesce(pg_catalog.array_length(m.columns, 1), 0) LOOP
        PERFORM mlcheck._column_type(rel, m.columns[i]);
        classes := classes OPERATOR(pg_catalog.||) (m.settings OPERATOR(pg_catalog.->) 'kinds' OPERATOR(pg_catalog.->>) (i OPERATOR(pg_catalog.-) 1));
    END LOOP;
    ttype := mlcheck._time_column_type(rel, m.time_column, true);
    RETURN pg_catalog.format('SELECT %s, pg_catalog.count(*) FROM %s WHERE %I >= $1::%s AND %I < $2::%s',
                             mlcheck._drift_profiles_select(m.columns, classes), rel::text,
                             m.time_column, pg_catalog.format_type(ttype, NULL),
                             m.time_column, pg_catalog.format_type(ttype, NULL));
END
$fn$;
COMMENT ON FUNCTION mlcheck._dataset_drift_query(text) IS
    'the SQL a dataset_drift monitor runs for a window ($1 = window_start, $2 = window_end): every column''s profile in one scan, and the row count';

-- Dataset drift over one window: each column's window profile against its
-- baseline with mlcheck.drift(), the share of columns that drifted (of
-- those with a verdict), alert when it reaches the threshold.  Everything
-- is read as the owner: the catalog, the window's rows (one scan), the
-- baselines.
CREATE FUNCTION mlcheck._evaluate_dataset_drift(m mlcheck.monitors, window_start timestamptz,
                                                window_end timestamptz)
    RETURNS mlcheck._evaluation
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    -- the statistics in details round-trip exactly, whatever the session's
    -- setting
    SET extra_float_digits = 1
AS $fn$
DECLARE
    e mlcheck._evaluation;
    v_sql text := mlcheck._owner_monitor_query(m);      -- _dataset_drift_query, as the owner
    v_num mlcheck.numeric_profile[];
    v_cat mlcheck.categorical_profile[];
    v_n bigint;
    v_names text[] := '{}';
    v_kinds text[] := '{}';
    b record;
    d mlcheck.drift_result;
    ni integer := 0;
    ci integer := 0;
    n_cols integer := 0;
    n_drifted integer := 0;
    v_threshold float8 := coalesce(m.threshold, 0.5);
    per_column jsonb := '{}'::jsonb;
BEGIN
    FOR i IN 1 .. coalesce(pg_catalog.array_length(m.columns, 1), 0) LOOP
        v_names := v_names OPERATOR(pg_catalog.||) (m.settings OPERATOR(pg_catalog.->) 'baselines' OPERATOR(pg_catalog.->>) (i OPERATOR(pg_catalog.-) 1));
        v_kinds := v_kinds OPERATOR(pg_catalog.||) (m.settings OPERATOR(pg_catalog.->) 'kinds' OPERATOR(pg_catalog.->>) (i OPERATOR(pg_catalog.-) 1));
    END LOOP;
    SELECT q.num, q.cat, q.n INTO v_num, v_cat, v_n
      FROM mlcheck._run_as_owner(m.owner, v_sql, window_start, window_end)
           AS q(num mlcheck.numeric_profile[], cat mlcheck.categorical_profile[], n bigint);
    FOR i IN 1 .. coalesce(pg_catalog.array_length(m.columns, 1), 0) LOOP
        SELECT q.n, q.num, q.cat INTO b
          FROM mlcheck._run_as_owner(m.owner,
                 'SELECT n_rows, numeric_profile, categorical_profile FROM mlcheck.baselines'
                 ' WHERE name OPERATOR(pg_catalog.=) $1 AND kind OPERATOR(pg_catalog.=) $2',
                 v_names[i], v_kinds[i])
               AS q(n bigint, num mlcheck.numeric_profile, cat mlcheck.categorical_profile);
        IF b.n IS NULL THEN
            RAISE EXCEPTION 'owner "%" of monitor "%" cannot read % baseline "%"', m.owner, m.name,
                            v_kinds[i], v_names[i]
                USING ERRCODE = '42501',
                      HINT = 'The baselines of a dataset_drift monitor must exist and belong to its owner (or a role the owner is a member of).';
        END IF;
        IF v_kinds[i] OPERATOR(pg_catalog.=) 'numeric' THEN
            ni := ni OPERATOR(pg_catalog.+) 1;
            d := mlcheck.drift(b.num, v_num[ni], method => m.method);
        ELSE
            ci := ci OPERATOR(pg_catalog.+) 1;
            d := mlcheck.drift(b.cat, v_cat[ci], method => m.method);
        END IF;
        IF d.drifted IS NOT NULL THEN
            n_cols := n_cols OPERATOR(pg_catalog.+) 1;
            IF d.drifted THEN
                n_drifted := n_drifted OPERATOR(pg_catalog.+) 1;
            END IF;
        END IF;
        -- column names and statistics only: never values of the data
        per_column := per_column OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(m.columns[i],
            pg_catalog.jsonb_build_object('method', coalesce(d.method, m.method), 'statistic', d.statistic,
                                          'p_value', d.p_value, 'threshold', d.threshold,
                                          'drifted', d.drifted, 'n_reference', b.n));
    END LOOP;
    e.method := m.method;
    e.threshold := v_threshold;
    IF n_cols OPERATOR(pg_catalog.>) 0 THEN
        e.statistic := n_drifted::float8 OPERATOR(pg_catalog./) n_cols::float8;
    END IF;
    e.alert := coalesce(e.statistic OPERATOR(pg_catalog.>=) v_threshold, false);
    e.details := pg_catalog.jsonb_build_object('n_columns', n_cols, 'n_drifted', n_drifted,
                                               'n_current', v_n, 'columns', per_column);
    RETURN e;
END
$fn$;
COMMENT ON FUNCTION mlcheck._evaluate_dataset_drift(mlcheck.monitors, timestamptz, timestamptz) IS
    'evaluates a dataset_drift monitor over one window, reading as its owner: the share of its columns whose window profile drifted from their baselines';

CREATE FUNCTION mlcheck.add_drift_monitors(prefix text, source regclass, time_column text, "window" interval,
                                           reference regclass, columns text[] DEFAULT NULL,
                                           method text DEFAULT 'auto')
    RETURNS SETOF mlcheck.monitors
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_source text;
    v_ref text;
    v_ttype regtype;
    v_method text;
    cols text[];
    classes text[];
    kinds text[] := '{}';
    names text[] := '{}';
    rn mlcheck.numeric_profile[];
    rc mlcheck.categorical_profile[];
    c record;
    v_kind text;
    v_distinct bigint;
    v_n bigint;
    v_name text;
    r mlcheck.monitors;
BEGIN
    IF prefix IS NULL OR source IS NULL OR time_column IS NULL OR "window" IS NULL
       OR reference IS NULL OR method IS NULL THEN
        RAISE EXCEPTION 'only columns may be NULL' USING ERRCODE = '22004';
    END IF;
    IF prefix OPERATOR(pg_catalog.=) '' OR pg_catalog.btrim(prefix) OPERATOR(pg_catalog.<>) prefix
       OR pg_catalog.length(prefix) OPERATOR(pg_catalog.>) 63 THEN
        RAISE EXCEPTION 'invalid monitor name prefix "%"', prefix
            USING ERRCODE = '22023',
                  HINT = 'A prefix is 1 to 63 characters without leading or trailing spaces; it names the dataset_drift monitor.';
    END IF;
    v_source := mlcheck._check_source(source);
    v_ref := mlcheck._check_source(reference);
    v_ttype := mlcheck._time_column_type(source, time_column, false);
    PERFORM mlcheck._check_window("window");
    v_method := CASE method WHEN 'jensenshannon' THEN 'js' WHEN 'chisquare' THEN 'chi2' ELSE method END;
    -- the columns of the reference that the source has too (every check
    -- of drift_report: names, types, method)
    SELECT coalesce(pg_catalog.array_agg(d.column_name ORDER BY d.ord), '{}'),
           coalesce(pg_catalog.array_agg(d.class ORDER BY d.ord), '{}')
      INTO cols, classes
      FROM mlcheck._drift_report_columns(reference, source, columns, v_method, NULL)
           WITH ORDINALITY AS d(column_name, class, type_name, num_idx, cat_idx, ord)
     WHERE d.column_name OPERATOR(pg_catalog.<>) time_column;
    IF pg_catalog.cardinality(cols) OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION 'no column of % to monitor in %', reference, source
            USING ERRCODE = '22023',
                  HINT = 'The columns are those both relations have, of numeric, string, boolean or enum types.';
    END IF;
    IF v_method OPERATOR(pg_catalog.=) 'chi2' AND 'numeric' OPERATOR(pg_catalog.=) ANY (classes) THEN
        RAISE EXCEPTION 'drift method "chi2" needs categorical columns; column "%" is numeric',
                        cols[pg_catalog.array_position(classes, 'numeric')]
            USING ERRCODE = '22023', HINT = 'Use auto, psi or js, or name the categorical columns in columns.';
    END IF;
    FOR i IN 1 .. pg_catalog.cardinality(cols) LOOP
        v_name := prefix OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) cols[i];
        IF pg_catalog.length(v_name) OPERATOR(pg_catalog.>) 63 THEN
            RAISE EXCEPTION 'monitor name "%" is longer than 63 characters', v_name
                USING ERRCODE = '22023',
                      HINT = pg_catalog.format('Use a prefix of at most %s characters for column "%s".',
                                               62 OPERATOR(pg_catalog.-) pg_catalog.length(cols[i]), cols[i]);
        END IF;
        names := names OPERATOR(pg_catalog.||) v_name;
    END LOOP;

    -- one scan of the reference, with the caller's privileges
    EXECUTE pg_catalog.format('SELECT %s FROM %s', mlcheck._drift_profiles_select(cols, classes), reference::text)
       INTO rn, rc;

    FOR c IN SELECT * FROM mlcheck._drift_report_columns(reference, source, cols, v_method, NULL) LOOP
        IF c.class OPERATOR(pg_catalog.=) 'integer' THEN
            -- Evidently's rule, over the reference: at most 10 distinct
            -- integers make a categorical column
            IF coalesce(mlcheck.n_other(rc[c.cat_idx]), 0) OPERATOR(pg_catalog.>) 0 THEN
                v_distinct := NULL;
            ELSE
                SELECT pg_catalog.count(*) INTO v_distinct FROM mlcheck.categories(rc[c.cat_idx]) x;
            END IF;
            v_kind := CASE WHEN v_distinct OPERATOR(pg_catalog.<=) 10 THEN 'categorical' ELSE 'numeric' END;
            IF v_kind OPERATOR(pg_catalog.=) 'numeric' AND v_method OPERATOR(pg_catalog.=) 'chi2' THEN
                RAISE EXCEPTION 'drift method "chi2" needs categorical columns; column "%" has more than 10 distinct values', c.column_name
                    USING ERRCODE = '22023', HINT = 'Use auto, psi or js, or name the categorical columns in columns.';
            END IF;
        ELSE
            v_kind := CASE c.class WHEN 'categorical' THEN 'categorical' ELSE 'numeric' END;
        END IF;
        v_name := prefix OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) c.column_name;
        IF v_kind OPERATOR(pg_catalog.=) 'numeric' THEN
            v_n := coalesce(mlcheck.n(rn[c.num_idx]) OPERATOR(pg_catalog.+) mlcheck.n_nan(rn[c.num_idx])
                            OPERATOR(pg_catalog.+) mlcheck.n_posinf(rn[c.num_idx])
                            OPERATOR(pg_catalog.+) mlcheck.n_neginf(rn[c.num_idx]), 0);
        ELSE
            v_n := coalesce(mlcheck.n(rc[c.cat_idx]), 0);
        END IF;
        IF v_n OPERATOR(pg_catalog.=) 0 THEN
            RAISE EXCEPTION 'baseline "%" would be empty: column "%" of % has no non-NULL value',
                            v_name, c.column_name, reference
                USING ERRCODE = '22023', HINT = 'Leave the column out with columns => ARRAY[...].';
        END IF;
        BEGIN
            INSERT INTO mlcheck.baselines
                   (name, source, column_name, filter, kind, numeric_profile, categorical_profile, n_rows)
            VALUES (v_name, v_ref, c.column_name, NULL, v_kind,
                    CASE WHEN v_kind OPERATOR(pg_catalog.=) 'numeric' THEN rn[c.num_idx] END,
                    CASE WHEN v_kind OPERATOR(pg_catalog.=) 'categorical' THEN rc[c.cat_idx] END, v_n);
        EXCEPTION WHEN unique_violation THEN
            PERFORM mlcheck._raise_exists('baseline', v_name,
                'Choose another prefix, or drop the monitors and baselines of this one first.');
        END;
        BEGIN
            INSERT INTO mlcheck.monitors AS mo
                   (name, source, column_name, time_column, baseline, baseline_kind, "window", method)
            VALUES (v_name, v_source, c.column_name, time_column, v_name, v_kind, "window", v_method)
            RETURNING mo.* INTO r;
        EXCEPTION WHEN unique_violation THEN
            PERFORM mlcheck._raise_exists('monitor', v_name,
                'Choose another prefix, or drop the monitors of this one first.');
        END;
        kinds := kinds OPERATOR(pg_catalog.||) v_kind;
        RETURN NEXT r;
    END LOOP;

    BEGIN
        INSERT INTO mlcheck.monitors AS mo
               (name, kind, source, time_column, "window", method, threshold, columns, settings)
        VALUES (prefix, 'dataset_drift', v_source, time_column, "window", v_method, 0.5, cols,
                pg_catalog.jsonb_build_object('baselines', pg_catalog.to_jsonb(names),
                                              'kinds', pg_catalog.to_jsonb(kinds)))
        RETURNING mo.* INTO r;
    EXCEPTION WHEN unique_violation THEN
        PERFORM mlcheck._raise_exists('monitor', prefix,
            'Choose another prefix.');
    END;
    RETURN NEXT r;
END
$fn$;
COMMENT ON FUNCTION mlcheck.add_drift_monitors(text, regclass, text, interval, regclass, text[], text) IS
    'creates from one scan of reference a baseline and a drift monitor per column (prefix.column) and a dataset_drift monitor (prefix) alerting when half of the columns drift; returns the monitors';
