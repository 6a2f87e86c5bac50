-- Drift monitors.  Three tables hold what to watch and what
-- was seen — mlcheck.baselines (reference profiles), mlcheck.monitors (a
-- column of a relation, a time column, a window, a drift method) and
-- mlcheck.results (one row per monitor and window) — plus the functions
-- that fill them: create_baseline, add_monitor, check_monitor (one monitor,
-- one window), the procedure run_monitors (every due monitor), and
-- schedule/unschedule, which hand run_monitors to pg_cron when pg_cron is
-- installed (the extension never requires it).
--
-- Everything runs with the caller's privileges (no SECURITY DEFINER): a
-- role that cannot read a monitored relation gets an error row, never the
-- data.  The tables are not readable by PUBLIC; the extension owner GRANTs
-- them to the roles that define, run or read monitors (README, "Drift monitors").
--
-- Windows are tumbling periods of length "window" aligned on
-- 2000-01-03 00:00 UTC (a Monday): the window evaluated "as of" time t is
-- [e - window, e) with e = date_bin(window, t, 2000-01-03 00:00+00), the
-- last complete period before t.  Every run inside the same period computes
-- the same window, which is what makes runs idempotent.

-- ------------------------------------------------------------------ tables

CREATE TABLE mlcheck.baselines (
    name                text PRIMARY KEY
                        CONSTRAINT baselines_name_check
                        CHECK (name OPERATOR(pg_catalog.<>) '' AND
                               pg_catalog.btrim(name) OPERATOR(pg_catalog.=) name AND
                               pg_catalog.length(name) OPERATOR(pg_catalog.<=) 63),
    source              text NOT NULL,          -- schema-qualified, quoted relation name
    column_name         text NOT NULL,
    filter              text,                   -- the caller's WHERE expression, as given
    kind                text NOT NULL
                        CONSTRAINT baselines_kind_check
                        CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['numeric', 'categorical'])),
    numeric_profile     mlcheck.numeric_profile,
    categorical_profile mlcheck.categorical_profile,
    n_rows              bigint NOT NULL CONSTRAINT baselines_n_rows_check
                        CHECK (n_rows OPERATOR(pg_catalog.>=) 0),
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- exactly the profile column of its kind is set
    CONSTRAINT baselines_profile_check CHECK (
        (kind OPERATOR(pg_catalog.=) 'numeric'
         AND numeric_profile IS NOT NULL AND categorical_profile IS NULL) OR
        (kind OPERATOR(pg_catalog.=) 'categorical'
         AND categorical_profile IS NOT NULL AND numeric_profile IS NULL)),
    -- target of the monitors' (baseline, baseline_kind) foreign key
    CONSTRAINT baselines_name_kind_key UNIQUE (name, kind)
);
COMMENT ON TABLE mlcheck.baselines IS
    'Stored reference profiles for drift monitors (one per name); filled by mlcheck.create_baseline';

CREATE TABLE mlcheck.monitors (
    name          text PRIMARY KEY
                  CONSTRAINT monitors_name_check
                  CHECK (name OPERATOR(pg_catalog.<>) '' AND
                         pg_catalog.btrim(name) OPERATOR(pg_catalog.=) name AND
                         pg_catalog.length(name) OPERATOR(pg_catalog.<=) 63),
    kind          text NOT NULL DEFAULT 'drift'
                  CONSTRAINT monitors_kind_check CHECK (kind OPERATOR(pg_catalog.=) 'drift'),
    source        text NOT NULL,                -- schema-qualified, quoted relation name
    column_name   text NOT NULL,
    time_column   text NOT NULL,
    baseline      text NOT NULL,
    baseline_kind text NOT NULL,
    "window"      interval NOT NULL
                  CONSTRAINT monitors_window_check
                  CHECK ("window" OPERATOR(pg_catalog.>) '0'::interval AND
                         pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.=) 0 AND
                         pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.=) 0),
    method        text NOT NULL DEFAULT 'auto',
    threshold     float8,
    enabled       boolean NOT NULL DEFAULT true,
    owner         name NOT NULL DEFAULT CURRENT_USER,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT monitors_baseline_fkey FOREIGN KEY (baseline, baseline_kind)
        REFERENCES mlcheck.baselines (name, kind) ON UPDATE CASCADE ON DELETE RESTRICT,
    -- the method must exist and suit the baseline's kind
    CONSTRAINT monitors_method_check CHECK (
        method OPERATOR(pg_catalog.=) 'auto' OR
        (baseline_kind OPERATOR(pg_catalog.=) 'numeric' AND
         method OPERATOR(pg_catalog.=) ANY (ARRAY['ks', 'wasserstein', 'psi', 'js'])) OR
        (baseline_kind OPERATOR(pg_catalog.=) 'categorical' AND
         method OPERATOR(pg_catalog.=) ANY (ARRAY['chi2', 'psi', 'js']))),
    -- p-value thresholds (ks, chi2, and auto, which may pick either) lie in
    -- (0, 1]; distance thresholds (wasserstein, psi, js) are positive and
    -- finite — as mlcheck.drift() requires
    CONSTRAINT monitors_threshold_check CHECK (
        threshold IS NULL OR (
            threshold OPERATOR(pg_catalog.>) 0 AND
            threshold OPERATOR(pg_catalog.<) 'Infinity'::float8 AND
            (threshold OPERATOR(pg_catalog.<=) 1 OR
             method OPERATOR(pg_catalog.<>) ALL (ARRAY['auto', 'ks', 'chi2']))))
);
COMMENT ON TABLE mlcheck.monitors IS
    'Drift monitors: a column of a relation compared, window by window of a time column, with a stored baseline';

CREATE TABLE mlcheck.results (
    id           bigserial PRIMARY KEY,
    monitor      text NOT NULL REFERENCES mlcheck.monitors (name)
                 ON UPDATE CASCADE ON DELETE CASCADE,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    run_at       timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    status       text NOT NULL
                 CONSTRAINT results_status_check
                 CHECK (status OPERATOR(pg_catalog.=) ANY (ARRAY['ok', 'error'])),
    method       text,                          -- the method actually applied
    statistic    float8,
    p_value      float8 CONSTRAINT results_p_value_check
                 CHECK (p_value OPERATOR(pg_catalog.>=) 0 AND p_value OPERATOR(pg_catalog.<=) 1),
    threshold    float8,
    alert        boolean NOT NULL DEFAULT false,
    error        text,
    sqlstate     text,
    attempts     integer NOT NULL DEFAULT 1
                 CONSTRAINT results_attempts_check CHECK (attempts OPERATOR(pg_catalog.>=) 1),
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT results_window_key UNIQUE (monitor, window_start, window_end),
    CONSTRAINT results_window_check CHECK (window_end OPERATOR(pg_catalog.>) window_start),
    CONSTRAINT results_status_error_check CHECK (
        (status OPERATOR(pg_catalog.=) 'ok' AND error IS NULL AND sqlstate IS NULL
         AND method IS NOT NULL) OR
        (status OPERATOR(pg_catalog.=) 'error' AND error IS NOT NULL AND sqlstate IS NOT NULL
         AND NOT alert))
);
COMMENT ON TABLE mlcheck.results IS
    'One row per monitor and window: the drift statistic, p-value, threshold and alert flag, or the error that prevented the run';

-- pg_dump keeps the user rows (the tables belong to the extension, so
-- without this a dump would recreate them empty).
SELECT pg_catalog.pg_extension_config_dump('mlcheck.baselines', '');
SELECT pg_catalog.pg_extension_config_dump('mlcheck.monitors', '');
SELECT pg_catalog.pg_extension_config_dump('mlcheck.results', '');
SELECT pg_catalog.pg_extension_config_dump('mlcheck.results_id_seq', '');

-- Readable only by roles the owner grants (new tables grant nothing to
-- PUBLIC; said explicitly so that nobody wonders).
REVOKE ALL ON TABLE mlcheck.baselines, mlcheck.monitors, mlcheck.results FROM PUBLIC;
REVOKE ALL ON SEQUENCE mlcheck.results_id_seq FROM PUBLIC;

-- A monitor runs its query as whoever runs it, but its results may be read
-- by others: so a monitor records an owner, the run checks that the owner
-- may read the monitored columns, and a role can only record itself (or a
-- role it is a member of) as the owner.
CREATE FUNCTION mlcheck._monitors_owner_check() RETURNS trigger
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_catalog.pg_has_role(CURRENT_USER, NEW.owner, 'MEMBER') THEN
        RAISE EXCEPTION 'role "%" cannot create a monitor owned by role "%"', CURRENT_USER, NEW.owner
            USING ERRCODE = '42501',
                  HINT = 'Leave mlcheck.monitors.owner at its default, the current user.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION mlcheck._monitors_owner_check() IS
    'trigger of mlcheck.monitors: the owner must be the current user or a role it is a member of';
CREATE TRIGGER monitors_owner_check BEFORE INSERT OR UPDATE OF owner ON mlcheck.monitors
    FOR EACH ROW EXECUTE FUNCTION mlcheck._monitors_owner_check();

-- ---------------------------------------------------------------- helpers

-- Kind of profile for a column type: 'numeric' for the numeric types,
-- 'categorical' for text-like types, booleans and enums, NULL otherwise.
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

-- Type of a column of a relation; 42703 when there is no such column.
CREATE FUNCTION mlcheck._column_type(rel regclass, col text) RETURNS regtype
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regtype;
BEGIN
    SELECT a.atttypid INTO t FROM pg_catalog.pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) rel AND a.attname OPERATOR(pg_catalog.=) col
       AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    IF t IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', col, rel
            USING ERRCODE = '42703',
                  HINT = 'Column names are matched exactly (case-sensitive, no quoting needed).';
    END IF;
    RETURN t;
END
$$;
COMMENT ON FUNCTION mlcheck._column_type(regclass, text) IS
    'type of a column of a relation (error 42703 when the column does not exist)';

-- The relation a baseline or monitor may read: a table, partitioned table,
-- view, materialized view or foreign table that is not temporary.
CREATE FUNCTION mlcheck._check_source(rel regclass) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    SELECT cl.relkind, cl.relpersistence, n.nspname, cl.relname INTO c
      FROM pg_catalog.pg_class cl JOIN pg_catalog.pg_namespace n
        ON n.oid OPERATOR(pg_catalog.=) cl.relnamespace
     WHERE cl.oid OPERATOR(pg_catalog.=) rel;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', rel::oid USING ERRCODE = '42P01';
    END IF;
    IF c.relkind OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[]) THEN
        RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', rel
            USING ERRCODE = '42809';
    END IF;
    IF c.relpersistence OPERATOR(pg_catalog.=) 't' THEN
        RAISE EXCEPTION 'cannot monitor temporary relation %', rel
            USING ERRCODE = '22023',
                  HINT = 'A temporary relation disappears with its session; use a regular table.';
    END IF;
    RETURN pg_catalog.format('%I.%I', c.nspname, c.relname);
END
$$;
COMMENT ON FUNCTION mlcheck._check_source(regclass) IS
    'checks that a relation can be profiled and returns its schema-qualified quoted name';

-- The window evaluated as of a time: the last complete period (see top).
CREATE FUNCTION mlcheck.monitor_window("window" interval, as_of timestamptz DEFAULT pg_catalog.now(),
                                       OUT window_start timestamptz, OUT window_end timestamptz)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.date_bin("window", as_of, '2000-01-03 00:00:00+00'::timestamptz)
               OPERATOR(pg_catalog.-) "window",
           pg_catalog.date_bin("window", as_of, '2000-01-03 00:00:00+00'::timestamptz)
$$;
COMMENT ON FUNCTION mlcheck.monitor_window(interval, timestamptz) IS
    'window [window_start, window_end) a monitor evaluates as of a time: the last complete period of that length, aligned on 2000-01-03 00:00 UTC';

-- The query a monitor runs for a window ($1 = window_start, $2 =
-- window_end, both timestamptz).  Returns the profile of the column and
-- the number of rows in the window.
CREATE FUNCTION mlcheck.monitor_query(monitor_name text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    rel regclass;
    ttype regtype;
BEGIN
    SELECT mo.source, mo.column_name, mo.time_column, mo.baseline_kind INTO m
      FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    rel := pg_catalog.to_regclass(m.source);
    IF rel IS NULL THEN
        RAISE EXCEPTION 'relation % of monitor "%" does not exist', m.source, monitor_name
            USING ERRCODE = '42P01',
                  HINT = 'It was dropped or renamed; UPDATE mlcheck.monitors SET source = ... or disable the monitor.';
    END IF;
    PERFORM mlcheck._column_type(rel, m.column_name);
    ttype := mlcheck._column_type(rel, m.time_column);
    IF ttype OPERATOR(pg_catalog.<>) ALL (ARRAY['timestamp with time zone',
           'timestamp without time zone', 'date']::regtype[]) THEN
        RAISE EXCEPTION 'time column "%" of % has type %', m.time_column, rel, ttype
            USING ERRCODE = '42804',
                  HINT = 'The time column must be timestamptz, timestamp or date.';
    END IF;
    -- The bounds are cast to the time column's own type so that an index on
    -- it can be used.
    RETURN pg_catalog.format(
        'SELECT mlcheck.profile((%1$I)::%2$s), pg_catalog.count(%1$I) FROM %3$s WHERE %4$I >= $1::%5$s AND %4$I < $2::%5$s',
        m.column_name,
        CASE m.baseline_kind WHEN 'numeric' THEN 'float8' ELSE 'text' END,
        rel::text, m.time_column, pg_catalog.format_type(ttype, NULL));
END
$$;
COMMENT ON FUNCTION mlcheck.monitor_query(text) IS
    'the SQL a monitor runs for a window ($1 = window_start, $2 = window_end): profile and count of the column over the window';

-- ------------------------------------------------------------- baselines

CREATE FUNCTION mlcheck.create_baseline(name text, source regclass, column_name text,
                                        filter text DEFAULT NULL, kind text DEFAULT NULL,
                                        replace boolean DEFAULT false)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_source text;
    v_type regtype;
    v_kind text;
    v_sql text;
    v_num mlcheck.numeric_profile;
    v_cat mlcheck.categorical_profile;
    v_n bigint;
    v_cur refcursor;
BEGIN
    IF name IS NULL OR source IS NULL OR column_name IS NULL OR replace IS NULL THEN
        RAISE EXCEPTION 'name, source, column_name and replace must not be NULL' USING ERRCODE = '22004';
    END IF;
    v_source := mlcheck._check_source(source);
    v_type := mlcheck._column_type(source, column_name);
    v_kind := coalesce(create_baseline.kind, mlcheck._column_kind(v_type));
    IF v_kind IS NULL THEN
        RAISE EXCEPTION 'cannot profile column "%" of type %', column_name, v_type
            USING ERRCODE = '42804',
                  HINT = 'Pass kind => ''numeric'' (values cast to float8) or kind => ''categorical'' (values cast to text).';
    END IF;
    IF v_kind OPERATOR(pg_catalog.<>) ALL (ARRAY['numeric', 'categorical']) THEN
        RAISE EXCEPTION 'unknown profile kind "%"', v_kind
            USING ERRCODE = '22023', HINT = 'kind is ''numeric'' or ''categorical''.';
    END IF;
    v_sql := pg_catalog.format('SELECT mlcheck.profile((%1$I)::%2$s), pg_catalog.count(%1$I) FROM %3$s',
                               column_name, CASE v_kind WHEN 'numeric' THEN 'float8' ELSE 'text' END,
                               source::text);
    IF filter IS NOT NULL THEN
        -- The caller's own SQL, run with the caller's own privileges.
        v_sql := v_sql OPERATOR(pg_catalog.||) ' WHERE (' OPERATOR(pg_catalog.||) filter
                 OPERATOR(pg_catalog.||) E'\n)';
    END IF;
    -- Through a cursor, which PostgreSQL only opens for exactly one query:
    -- the filter cannot append statements of its own.
    OPEN v_cur FOR EXECUTE v_sql;
    IF v_kind OPERATOR(pg_catalog.=) 'numeric' THEN
        FETCH v_cur INTO v_num, v_n;
    ELSE
        FETCH v_cur INTO v_cat, v_n;
    END IF;
    CLOSE v_cur;
    IF v_n OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('baseline "%s" would be empty: column "%s" of %s has no non-NULL value%s',
                                        name, column_name, source,
                                        CASE WHEN filter IS NULL THEN '' ELSE ' matching the filter' END),
            HINT = 'Check the filter and the column.';
    END IF;
    IF replace THEN
        INSERT INTO mlcheck.baselines AS b
               (name, source, column_name, filter, kind, numeric_profile, categorical_profile, n_rows)
        VALUES (name, v_source, column_name, filter, v_kind, v_num, v_cat, v_n)
        ON CONFLICT ON CONSTRAINT baselines_pkey DO UPDATE
           SET source = EXCLUDED.source, column_name = EXCLUDED.column_name,
               filter = EXCLUDED.filter, kind = EXCLUDED.kind,
               numeric_profile = EXCLUDED.numeric_profile,
               categorical_profile = EXCLUDED.categorical_profile,
               n_rows = EXCLUDED.n_rows, created_at = pg_catalog.now();
    ELSE
        BEGIN
            INSERT INTO mlcheck.baselines
                   (name, source, column_name, filter, kind, numeric_profile, categorical_profile, n_rows)
            VALUES (name, v_source, column_name, filter, v_kind, v_num, v_cat, v_n);
        EXCEPTION WHEN unique_violation THEN
            RAISE EXCEPTION 'baseline "%" already exists', name
                USING ERRCODE = '42710', HINT = 'Pass replace => true to replace it.';
        END;
    END IF;
    RETURN v_n;
END
$$;
COMMENT ON FUNCTION mlcheck.create_baseline(text, regclass, text, text, text, boolean) IS
    'profiles a column of a relation (optionally WHERE filter, the caller''s own SQL expression) and stores it as a named baseline; returns the number of non-NULL values profiled';

-- -------------------------------------------------------------- monitors

CREATE FUNCTION mlcheck.add_monitor(name text, source regclass, column_name text, time_column text,
                                    baseline text, "window" interval, method text DEFAULT 'auto',
                                    threshold float8 DEFAULT NULL)
    RETURNS mlcheck.monitors
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_source text;
    v_bkind text;
    v_ckind text;
    v_type regtype;
    v_ttype regtype;
    v_method text;
    r mlcheck.monitors;
BEGIN
    IF name IS NULL OR source IS NULL OR column_name IS NULL OR time_column IS NULL
       OR baseline IS NULL OR "window" IS NULL OR method IS NULL THEN
        RAISE EXCEPTION 'only threshold may be NULL' USING ERRCODE = '22004';
    END IF;
    v_source := mlcheck._check_source(source);
    SELECT b.kind INTO v_bkind FROM mlcheck.baselines b WHERE b.name OPERATOR(pg_catalog.=) baseline;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'baseline "%" does not exist', baseline
            USING ERRCODE = '42704', HINT = 'Create it with mlcheck.create_baseline().';
    END IF;
    v_type := mlcheck._column_type(source, column_name);
    v_ckind := mlcheck._column_kind(v_type);
    IF v_bkind OPERATOR(pg_catalog.=) 'numeric' AND v_ckind IS DISTINCT FROM 'numeric' THEN
        RAISE EXCEPTION 'column "%" of type % cannot be compared with numeric baseline "%"',
                        column_name, v_type, baseline
            USING ERRCODE = '42804', HINT = 'A numeric baseline needs a column of a numeric type.';
    END IF;
    v_ttype := mlcheck._column_type(source, time_column);
    IF v_ttype OPERATOR(pg_catalog.<>) ALL (ARRAY['timestamp with time zone',
           'timestamp without time zone', 'date']::regtype[]) THEN
        RAISE EXCEPTION 'time column "%" has type %', time_column, v_ttype
            USING ERRCODE = '42804', HINT = 'The time column must be timestamptz, timestamp or date.';
    END IF;
    -- Fail early when the caller could not run it (runs check the owner again).
    IF NOT (pg_catalog.has_column_privilege(source, column_name, 'SELECT') AND
            pg_catalog.has_column_privilege(source, time_column, 'SELECT')) THEN
        RAISE EXCEPTION 'permission denied for columns "%" and "%" of %', column_name, time_column, source
            USING ERRCODE = '42501', HINT = 'A monitor''s owner must be able to read what it monitors.';
    END IF;
    IF "window" OPERATOR(pg_catalog.<=) '0'::interval
       OR pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.<>) 0
       OR pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.<>) 0 THEN
        RAISE EXCEPTION 'invalid monitor window "%"', "window"
            USING ERRCODE = '22023',
                  HINT = 'The window must be positive and given in days, hours, minutes or seconds (e.g. ''30 days'', not ''1 month'').';
    END IF;
    -- the spellings mlcheck.drift() accepts, stored under one name
    v_method := CASE method WHEN 'jensenshannon' THEN 'js' WHEN 'js_distance' THEN 'js'
                            WHEN 'chisquare' THEN 'chi2' ELSE method END;
    IF v_method OPERATOR(pg_catalog.<>) 'auto' AND NOT (
         (v_bkind OPERATOR(pg_catalog.=) 'numeric' AND
          v_method OPERATOR(pg_catalog.=) ANY (ARRAY['ks', 'wasserstein', 'psi', 'js'])) OR
         (v_bkind OPERATOR(pg_catalog.=) 'categorical' AND
          v_method OPERATOR(pg_catalog.=) ANY (ARRAY['chi2', 'psi', 'js']))) THEN
        RAISE EXCEPTION 'unknown drift method "%" for a % baseline', method, v_bkind
            USING ERRCODE = '22023',
                  HINT = CASE v_bkind WHEN 'numeric'
                         THEN 'Use auto, ks, wasserstein, psi or js.'
                         ELSE 'Use auto, chi2, psi or js.' END;
    END IF;
    IF threshold IS NOT NULL AND NOT (
         threshold OPERATOR(pg_catalog.>) 0 AND threshold OPERATOR(pg_catalog.<) 'Infinity'::float8 AND
         (threshold OPERATOR(pg_catalog.<=) 1 OR
          v_method OPERATOR(pg_catalog.<>) ALL (ARRAY['auto', 'ks', 'chi2']))) THEN
        RAISE EXCEPTION 'threshold % out of range for drift method "%"', threshold, v_method
            USING ERRCODE = '22003',
                  HINT = CASE WHEN v_method OPERATOR(pg_catalog.=) ANY (ARRAY['auto', 'ks', 'chi2'])
                              THEN 'For ' OPERATOR(pg_catalog.||) v_method
                                   OPERATOR(pg_catalog.||) ' the threshold is a p-value in (0, 1] (alert when p < threshold).'
                              ELSE 'For ' OPERATOR(pg_catalog.||) v_method
                                   OPERATOR(pg_catalog.||) ' the threshold is a positive distance (alert when statistic >= threshold).' END;
    END IF;
    BEGIN
        INSERT INTO mlcheck.monitors AS mo
               (name, source, column_name, time_column, baseline, baseline_kind, "window", method, threshold)
        VALUES (name, v_source, column_name, time_column, baseline, v_bkind, "window", v_method, threshold)
        RETURNING mo.* INTO r;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'monitor "%" already exists', name
            USING ERRCODE = '42710',
                  HINT = 'Choose another name, or change the existing row of mlcheck.monitors.';
    END;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck.add_monitor(text, regclass, text, text, text, interval, text, float8) IS
    'registers a drift monitor: column_name of source over windows of time_column compared with a baseline by method (auto, ks, wasserstein, psi, js, chi2)';

-- ------------------------------------------------------------------- runs

CREATE FUNCTION mlcheck.check_monitor(monitor_name text, as_of timestamptz DEFAULT pg_catalog.now())
    RETURNS SETOF mlcheck.results
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m mlcheck.monitors;
    b mlcheck.baselines;
    r mlcheck.results;
    w record;
    rel regclass;
    v_sql text;
    v_num mlcheck.numeric_profile;
    v_cat mlcheck.categorical_profile;
    v_n bigint;
    d record;
    v_status text;
    v_method text;
    v_stat float8;
    v_p float8;
    v_thr float8;
    v_alert boolean := false;
    v_err text;
    v_state text;
    v_hint text;
    v_details jsonb;
BEGIN
    IF monitor_name IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'monitor_name and as_of must not be NULL' USING ERRCODE = '22004';
    END IF;
    SELECT * INTO m FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    SELECT * INTO w FROM mlcheck.monitor_window(m."window", as_of);

    -- One session per monitor at a time: a concurrent run of the same
    -- monitor is skipped (it returns no row), not waited for.  The lock is
    -- released at the end of the transaction, after the result is written.
    IF NOT pg_catalog.pg_try_advisory_xact_lock(
             pg_catalog.hashtextextended('mlcheck.monitor ' OPERATOR(pg_catalog.||) m.name, 0)) THEN
        RETURN;
    END IF;

    -- Idempotent: a window already evaluated successfully is not redone.
    SELECT * INTO r FROM mlcheck.results re
     WHERE re.monitor OPERATOR(pg_catalog.=) m.name
       AND re.window_start OPERATOR(pg_catalog.=) w.window_start
       AND re.window_end OPERATOR(pg_catalog.=) w.window_end;
    IF FOUND AND r.status OPERATOR(pg_catalog.=) 'ok' THEN
        RETURN NEXT r;
        RETURN;
    END IF;

    SELECT * INTO b FROM mlcheck.baselines ba WHERE ba.name OPERATOR(pg_catalog.=) m.baseline;
    v_details := pg_catalog.jsonb_build_object(
        'method_requested', m.method, 'baseline', m.baseline, 'kind', m.baseline_kind,
        'n_reference', b.n_rows, 'as_of', as_of);

    BEGIN
        v_sql := mlcheck.monitor_query(m.name);
        rel := pg_catalog.to_regclass(m.source);
        -- The owner must be able to read the columns too: otherwise a role
        -- could register a monitor over data it cannot see and read the
        -- statistics a more privileged runner wrote.
        IF NOT (pg_catalog.has_column_privilege(m.owner, rel, m.column_name, 'SELECT') AND
                pg_catalog.has_column_privilege(m.owner, rel, m.time_column, 'SELECT')) THEN
            RAISE EXCEPTION 'owner "%" of monitor "%" may not read columns "%" and "%" of %',
                            m.owner, m.name, m.column_name, m.time_column, rel
                USING ERRCODE = '42501',
                      HINT = 'GRANT SELECT on the relation to the monitor''s owner.';
        END IF;
        IF m.baseline_kind OPERATOR(pg_catalog.=) 'numeric' THEN
            EXECUTE v_sql INTO v_num, v_n USING w.window_start, w.window_end;
            SELECT dr.* INTO d
              FROM mlcheck.drift(b.numeric_profile, v_num, method => m.method,
                                 threshold => m.threshold) dr;
        ELSE
            EXECUTE v_sql INTO v_cat, v_n USING w.window_start, w.window_end;
            SELECT dr.* INTO d
              FROM mlcheck.drift(b.categorical_profile, v_cat, method => m.method,
                                 threshold => m.threshold) dr;
        END IF;
        v_status := 'ok';
        -- an empty window (no row, so no profile) has no statistic: the
        -- result keeps the requested method and threshold
        v_method := coalesce(d.method, m.method);
        v_stat := d.statistic;
        v_p := d.p_value;
        v_thr := coalesce(d.threshold, m.threshold);
        v_alert := coalesce(d.drifted, false);
        v_details := v_details OPERATOR(pg_catalog.||)
                     pg_catalog.jsonb_build_object('n_current', v_n, 'drift', d.details);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_err = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE, v_hint = PG_EXCEPTION_HINT;
        v_status := 'error';
        v_method := NULL; v_stat := NULL; v_p := NULL; v_thr := NULL; v_alert := false;
        IF v_hint OPERATOR(pg_catalog.<>) '' THEN
            v_details := v_details OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('hint', v_hint);
        END IF;
    END;

    -- A window that failed before is retried, and its row updated in place.
    INSERT INTO mlcheck.results AS re
           (monitor, window_start, window_end, status, method, statistic, p_value, threshold,
            alert, error, sqlstate, details)
    VALUES (m.name, w.window_start, w.window_end, v_status, v_method, v_stat, v_p, v_thr,
            v_alert, v_err, v_state, v_details)
    ON CONFLICT ON CONSTRAINT results_window_key DO UPDATE
       SET run_at = pg_catalog.clock_timestamp(), status = EXCLUDED.status, method = EXCLUDED.method,
           statistic = EXCLUDED.statistic, p_value = EXCLUDED.p_value,
           threshold = EXCLUDED.threshold, alert = EXCLUDED.alert, error = EXCLUDED.error,
           sqlstate = EXCLUDED.sqlstate, details = EXCLUDED.details,
           attempts = re.attempts OPERATOR(pg_catalog.+) 1
     WHERE re.status OPERATOR(pg_catalog.=) 'error'
    RETURNING re.* INTO r;
    IF r.id IS NULL THEN
        RETURN;   -- an ok row appeared meanwhile (cannot happen under the lock)
    END IF;

    -- Delivered at commit, once per written row.  Errors are announced too:
    -- a monitor that cannot run is a monitor that cannot alert.
    IF r.alert OR r.status OPERATOR(pg_catalog.=) 'error' THEN
        PERFORM pg_catalog.pg_notify('mlcheck_alert', pg_catalog.json_build_object(
            'result_id', r.id, 'monitor', r.monitor, 'status', r.status, 'alert', r.alert,
            'window_start', r.window_start, 'window_end', r.window_end,
            'method', r.method, 'statistic', r.statistic, 'p_value', r.p_value,
            'threshold', r.threshold, 'sqlstate', r.sqlstate,
            'error', pg_catalog.left(r.error, 1000))::text);
    END IF;
    RETURN NEXT r;
END
$$;
COMMENT ON FUNCTION mlcheck.check_monitor(text, timestamptz) IS
    'evaluates one monitor over the window as of a time (default now()), writes its mlcheck.results row unless already written, NOTIFYs mlcheck_alert on alert or error, and returns the row (no row when another session is running the same monitor)';

CREATE PROCEDURE mlcheck.run_monitors(name text DEFAULT NULL, as_of timestamptz DEFAULT NULL)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_as_of timestamptz := coalesce(as_of, pg_catalog.now());
    v_name text;
BEGIN
    IF run_monitors.name IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) run_monitors.name) THEN
        RAISE EXCEPTION 'monitor "%" does not exist', run_monitors.name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    FOR v_name IN
        SELECT mo.name FROM mlcheck.monitors mo
         WHERE mo.enabled
           AND (run_monitors.name IS NULL OR mo.name OPERATOR(pg_catalog.=) run_monitors.name)
         ORDER BY mo.name
    LOOP
        -- each monitor's failure is caught inside check_monitor
        PERFORM mlcheck.check_monitor(v_name, v_as_of);
    END LOOP;
END
$$;
COMMENT ON PROCEDURE mlcheck.run_monitors(text, timestamptz) IS
    'runs every enabled monitor (or the one named) over its last complete window as of a time (default now()); idempotent per window, safe to run concurrently, one failing monitor is recorded as an error row';

-- ---------------------------------------------------------------- pg_cron

-- The database is part of the name: pg_cron keeps all jobs in one
-- database, and scheduling under an existing name updates that job's
-- schedule and command but not its database (pg_cron 1.4).
CREATE FUNCTION mlcheck._cron_job_name(monitor_name text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.format('mlcheck: %s/%s', pg_catalog.current_database(), monitor_name) $$;
COMMENT ON FUNCTION mlcheck._cron_job_name(text) IS
    'pg_cron job name of a monitor: "mlcheck: <database>/<monitor>"';

-- 55000 with a hint when pg_cron is not installed in this database.
CREATE FUNCTION mlcheck._require_cron(monitor_name text, cron text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cron_db text := pg_catalog.current_setting('cron.database_name', true);
BEGIN
    IF pg_catalog.to_regprocedure('cron.schedule(text,text,text)') IS NOT NULL THEN
        RETURN;
    END IF;
    IF v_cron_db IS NULL THEN
        RAISE EXCEPTION 'pg_cron is not installed'
            USING ERRCODE = '55000',
                  HINT = 'Add pg_cron to shared_preload_libraries, restart, and CREATE EXTENSION pg_cron; or run CALL mlcheck.run_monitors() from any other scheduler.';
    ELSIF v_cron_db OPERATOR(pg_catalog.<>) pg_catalog.current_database() THEN
        -- the exact statement to run in pg_cron's database instead
        RAISE EXCEPTION 'pg_cron is not installed in database "%"', pg_catalog.current_database()
            USING ERRCODE = '55000',
                  DETAIL = pg_catalog.format('pg_cron runs in database "%s" (cron.database_name).', v_cron_db),
                  HINT = CASE WHEN cron IS NULL
                         THEN pg_catalog.format('In database %I run: SELECT cron.unschedule(%L);',
                                                v_cron_db, mlcheck._cron_job_name(monitor_name))
                         ELSE pg_catalog.format('In database %I run: SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                                                v_cron_db, mlcheck._cron_job_name(monitor_name), cron,
                                                pg_catalog.format('CALL mlcheck.run_monitors(%L)', monitor_name),
                                                pg_catalog.current_database()) END;
    ELSE
        RAISE EXCEPTION 'pg_cron is not installed in database "%"', pg_catalog.current_database()
            USING ERRCODE = '55000', HINT = 'Run CREATE EXTENSION pg_cron in this database.';
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._require_cron(text, text) IS
    'raises a clear error (55000, with a hint) unless pg_cron is installed in the current database';

CREATE FUNCTION mlcheck.schedule(monitor_name text, cron text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_job bigint;
BEGIN
    IF monitor_name IS NULL OR cron IS NULL THEN
        RAISE EXCEPTION 'monitor_name and cron must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name) THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'Create it with mlcheck.add_monitor().';
    END IF;
    PERFORM mlcheck._require_cron(monitor_name, cron);
    -- Dynamic, so that mlcheck never depends on pg_cron.  Scheduling again
    -- under the same job name replaces the schedule (pg_cron >= 1.3).
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO v_job
      USING mlcheck._cron_job_name(monitor_name), cron,
            pg_catalog.format('CALL mlcheck.run_monitors(%L)', monitor_name);
    RETURN v_job;
END
$$;
COMMENT ON FUNCTION mlcheck.schedule(text, text) IS
    'schedules CALL mlcheck.run_monitors(monitor_name) with pg_cron (job name "mlcheck: <database>/<monitor>"); returns the pg_cron job id; error 55000 when pg_cron is not installed in this database';

CREATE FUNCTION mlcheck.unschedule(monitor_name text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_found boolean;
BEGIN
    IF monitor_name IS NULL THEN
        RAISE EXCEPTION 'monitor_name must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._require_cron(monitor_name, NULL);
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM cron.job WHERE jobname = $1 AND username = CURRENT_USER)'
       INTO v_found USING mlcheck._cron_job_name(monitor_name);
    IF NOT v_found THEN
        RETURN false;
    END IF;
    EXECUTE 'SELECT cron.unschedule($1::name)' INTO v_found USING mlcheck._cron_job_name(monitor_name);
    RETURN v_found;
END
$$;
COMMENT ON FUNCTION mlcheck.unschedule(text) IS
    'removes the pg_cron job of a monitor; true if there was one, false if not';
