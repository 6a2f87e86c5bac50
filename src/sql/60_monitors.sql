-- Drift monitors.  Three tables hold what to watch and what
-- was seen — mlcheck.baselines (reference profiles), mlcheck.monitors (a
-- column of a relation, a time column, a window, a drift method) and
-- mlcheck.results (one row per monitor and window) — plus the functions
-- that fill them: create_baseline, add_monitor, check_monitor (one monitor,
-- one window), the procedure run_monitors (every due monitor), and
-- schedule/unschedule, which hand run_monitors to pg_cron when pg_cron is
-- installed (the extension never requires it).
--
-- Privileges (README, "Privileges and security"):
--   - nothing is SECURITY DEFINER; creating a baseline or a monitor reads
--     with the creator's privileges and the creator becomes the owner;
--   - a monitor's queries (the window's rows and its baseline) run as the
--     monitor's owner, in a security-restricted operation, through
--     mlcheck._run_as_owner (src/pg/monitor_exec.c) — whoever calls
--     run_monitors: a superuser, the pg_cron job, a team member.  A caller
--     that is neither the owner, a member of it, nor a superuser gets an
--     error row 42501 for that monitor;
--   - a row of the three tables can be changed only by its owner or a
--     member of it (row-level security); the owner of a result is the owner
--     of its monitor.  Baselines, which hold values of the data, are
--     visible only to their owner's members.
-- The tables are not readable by PUBLIC; the extension owner GRANTs them to
-- the roles that define, run or read monitors.
--
-- Windows are tumbling periods of length "window" aligned on
-- 2000-01-03 00:00 UTC (a Monday): the window evaluated "as of" time t is
-- [e - window, e) with e = date_bin(window, t, 2000-01-03 00:00+00), the
-- last complete period before t.  Every run inside the same period computes
-- the same window, which is what makes runs idempotent.

-- ------------------------------------------------------------------ rules

-- The rules of a baseline or monitor row that the CHECK constraints of
-- mlcheck.baselines and mlcheck.monitors state (and the update script from
-- 0.1 restates on existing tables), one function each so that both name
-- the same definition.

-- A baseline holds exactly the value column of its kind (NULL, so the
-- constraint passes, for a kind that is not one of the four).
CREATE FUNCTION mlcheck._baseline_value_valid(kind text, numeric_profile mlcheck.numeric_profile,
                                              categorical_profile mlcheck.categorical_profile,
                                              validity jsonb, calibrator mlcheck.calibrator)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.num_nonnulls(numeric_profile, categorical_profile, validity, calibrator)
               OPERATOR(pg_catalog.=) 1 AND
           CASE kind
           WHEN 'numeric' THEN numeric_profile IS NOT NULL
           WHEN 'categorical' THEN categorical_profile IS NOT NULL
           WHEN 'validity' THEN validity IS NOT NULL
           WHEN 'calibrator' THEN calibrator IS NOT NULL
           END
$$;
COMMENT ON FUNCTION mlcheck._baseline_value_valid(text, mlcheck.numeric_profile, mlcheck.categorical_profile, jsonb, mlcheck.calibrator) IS
    'true when a baseline sets exactly the value column of its kind (constraint baselines_profile_check)';

-- The method must exist and suit the kind (and a drift baseline's kind).
-- NULL (the constraint passes) for a kind that is not one of the five.
CREATE FUNCTION mlcheck._monitor_method_valid(kind text, method text, baseline_kind text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE kind
        WHEN 'drift' THEN
            (method OPERATOR(pg_catalog.=) 'auto' AND
             baseline_kind OPERATOR(pg_catalog.=) ANY (ARRAY['numeric', 'categorical'])) OR
            (baseline_kind OPERATOR(pg_catalog.=) 'numeric' AND
             method OPERATOR(pg_catalog.=) ANY (ARRAY['ks', 'wasserstein', 'psi', 'js'])) OR
            (baseline_kind OPERATOR(pg_catalog.=) 'categorical' AND
             method OPERATOR(pg_catalog.=) ANY (ARRAY['chi2', 'psi', 'js']))
        WHEN 'dataset_drift' THEN
            method OPERATOR(pg_catalog.=) ANY (ARRAY['auto', 'ks', 'wasserstein', 'psi', 'js', 'chi2'])
        WHEN 'validity' THEN
            method OPERATOR(pg_catalog.=) 'validity'
        WHEN 'performance' THEN
            method OPERATOR(pg_catalog.=) ANY (ARRAY['accuracy', 'balanced_accuracy', 'precision', 'recall',
                'f1', 'mcc', 'roc_auc', 'pr_auc', 'log_loss', 'brier', 'mae', 'rmse', 'mape', 'r2'])
        WHEN 'estimated_performance' THEN
            method OPERATOR(pg_catalog.=) ANY (ARRAY['accuracy', 'precision', 'recall', 'f1', 'roc_auc'])
        END
$$;
COMMENT ON FUNCTION mlcheck._monitor_method_valid(text, text, text) IS
    'true when a monitor''s method (drift method or metric) exists and suits its kind and baseline kind (constraint monitors_method_check)';

-- drift: p-value thresholds (ks, chi2, and auto, which may pick either)
-- lie in (0, 1]; distance thresholds (wasserstein, psi, js) are
-- positive and finite — as mlcheck.drift() requires.  dataset_drift:
-- the share of drifted columns that alerts, in (0, 1].  validity: the
-- largest share of failing rows that passes, in [0, 1].  performance
-- kinds: any finite value of the metric.
-- NULL (no threshold) is valid for every kind.
CREATE FUNCTION mlcheck._monitor_threshold_valid(kind text, method text, threshold float8) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT threshold IS NULL OR
        CASE kind
        WHEN 'drift' THEN
            mlcheck._drift_threshold_valid(threshold, method)
        WHEN 'dataset_drift' THEN
            threshold OPERATOR(pg_catalog.>) 0 AND threshold OPERATOR(pg_catalog.<=) 1
        WHEN 'validity' THEN
            threshold OPERATOR(pg_catalog.>=) 0 AND threshold OPERATOR(pg_catalog.<=) 1
        ELSE
            threshold OPERATOR(pg_catalog.>) '-Infinity'::float8 AND
            threshold OPERATOR(pg_catalog.<) 'Infinity'::float8
        END
$$;
COMMENT ON FUNCTION mlcheck._monitor_threshold_valid(text, text, float8) IS
    'true when a monitor''s threshold is NULL or valid for its kind and method (constraint monitors_threshold_check)';

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
                        CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['numeric', 'categorical', 'validity', 'calibrator'])),
    numeric_profile     mlcheck.numeric_profile,
    categorical_profile mlcheck.categorical_profile,
    -- kind validity: what a validity monitor learned from its reference
    -- (src/sql/63_monitor_validity.sql)
    validity            jsonb,
    -- kind calibrator: the CBPE calibrator of an estimated-performance
    -- monitor (src/sql/64_monitor_performance.sql)
    calibrator          mlcheck.calibrator,
    n_rows              bigint NOT NULL CONSTRAINT baselines_n_rows_check
                        CHECK (n_rows OPERATOR(pg_catalog.>=) 0),
    owner               name NOT NULL DEFAULT CURRENT_USER,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- exactly the value column of its kind is set
    CONSTRAINT baselines_profile_check
        CHECK (mlcheck._baseline_value_valid(kind, numeric_profile, categorical_profile, validity, calibrator)),
    -- target of the monitors' (baseline, baseline_kind) foreign key
    CONSTRAINT baselines_name_kind_key UNIQUE (name, kind)
);
COMMENT ON TABLE mlcheck.baselines IS
    'Stored reference profiles for drift monitors (one per name; filled by mlcheck.create_baseline) and the calibrators of estimated-performance monitors';

CREATE TABLE mlcheck.monitors (
    name          text PRIMARY KEY
                  CONSTRAINT monitors_name_check
                  CHECK (name OPERATOR(pg_catalog.<>) '' AND
                         pg_catalog.btrim(name) OPERATOR(pg_catalog.=) name AND
                         pg_catalog.length(name) OPERATOR(pg_catalog.<=) 63),
    -- what a window is checked for; each kind is evaluated by the function
    -- mlcheck._evaluate_<kind>(monitor, window_start, window_end)
    kind          text NOT NULL DEFAULT 'drift'
                  CONSTRAINT monitors_kind_check
                  CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['drift', 'dataset_drift', 'validity',
                                                               'performance', 'estimated_performance'])),
    source        text NOT NULL,                -- schema-qualified, quoted relation name
    column_name   text,                         -- the column a drift monitor watches
    time_column   text NOT NULL,
    baseline      text,                         -- the baseline a drift monitor compares with
    baseline_kind text,
    "window"      interval NOT NULL
                  CONSTRAINT monitors_window_check
                  CHECK ("window" OPERATOR(pg_catalog.>) '0'::interval AND
                         "window" OPERATOR(pg_catalog.<=) '36525 days'::interval AND
                         pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.=) 0 AND
                         pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.=) 0),
    -- drift kinds: the drift method; performance kinds: the metric
    method        text NOT NULL DEFAULT 'auto',
    threshold     float8,
    -- every other column of source the monitor reads (labels, scores,
    -- checked columns); with column_name and time_column, the columns
    -- whose SELECT privilege the owner must hold
    columns       text[] NOT NULL DEFAULT '{}',
    -- a window is evaluated only once window_end + label_delay has passed
    label_delay   interval NOT NULL DEFAULT '0'
                  CONSTRAINT monitors_label_delay_check
                  CHECK (label_delay OPERATOR(pg_catalog.>=) '0'::interval AND
                         label_delay OPERATOR(pg_catalog.<=) '36525 days'::interval),
    -- the kind's own settings (counts, names of columns and rules, a
    -- reference band); never values of the data: every role that may read
    -- the monitors may read this
    settings      jsonb NOT NULL DEFAULT '{}'::jsonb
                  CONSTRAINT monitors_settings_check
                  CHECK (pg_catalog.jsonb_typeof(settings) OPERATOR(pg_catalog.=) 'object'),
    enabled       boolean NOT NULL DEFAULT true,
    owner         name NOT NULL DEFAULT CURRENT_USER,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT monitors_baseline_fkey FOREIGN KEY (baseline, baseline_kind)
        REFERENCES mlcheck.baselines (name, kind) ON UPDATE CASCADE ON DELETE RESTRICT,
    -- a drift monitor watches one column against one baseline
    CONSTRAINT monitors_drift_check CHECK (
        kind OPERATOR(pg_catalog.<>) 'drift' OR
        (column_name IS NOT NULL AND baseline IS NOT NULL AND baseline_kind IS NOT NULL)),
    -- the method must exist and suit the kind (and a drift baseline's kind)
    CONSTRAINT monitors_method_check CHECK (mlcheck._monitor_method_valid(kind, method, baseline_kind)),
    -- the threshold must suit the kind and method
    CONSTRAINT monitors_threshold_check CHECK (mlcheck._monitor_threshold_valid(kind, method, threshold))
);
COMMENT ON TABLE mlcheck.monitors IS
    'Monitors: what is checked, window by window of a time column of a relation (drift of a column against a stored baseline, dataset drift, validity, performance with labels, estimated performance without them)';

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

-- What every column holds (psql's \d+ shows these).
COMMENT ON COLUMN mlcheck.baselines.name IS 'name of the baseline (1 to 63 characters, no leading or trailing blanks)';
COMMENT ON COLUMN mlcheck.baselines.source IS 'the profiled relation, schema-qualified and quoted, as it was named at creation';
COMMENT ON COLUMN mlcheck.baselines.column_name IS 'the profiled column of source';
COMMENT ON COLUMN mlcheck.baselines.filter IS 'the WHERE expression given to create_baseline, as given (NULL: every row)';
COMMENT ON COLUMN mlcheck.baselines.kind IS 'numeric, categorical, validity or calibrator: which value column is set';
COMMENT ON COLUMN mlcheck.baselines.numeric_profile IS 'the stored profile when kind is numeric (values cast to float8)';
COMMENT ON COLUMN mlcheck.baselines.categorical_profile IS 'the stored profile when kind is categorical (values cast to text)';
COMMENT ON COLUMN mlcheck.baselines.validity IS 'kind validity: the checks a validity monitor learned from its reference per column (NULL share, finite range, vocabulary); values of the data';
COMMENT ON COLUMN mlcheck.baselines.calibrator IS 'kind calibrator: the isotonic calibrator an estimated-performance monitor fitted on its reference';
COMMENT ON COLUMN mlcheck.baselines.n_rows IS 'number of non-NULL values profiled';
COMMENT ON COLUMN mlcheck.baselines.owner IS 'role that owns the baseline (default: the creator); only its members see and change the row';
COMMENT ON COLUMN mlcheck.baselines.created_at IS 'when the baseline was created or last replaced';
COMMENT ON COLUMN mlcheck.monitors.name IS 'name of the monitor (1 to 63 characters, no leading or trailing blanks); part of its pg_cron job name';
COMMENT ON COLUMN mlcheck.monitors.kind IS 'what each window is checked for; evaluated by the function mlcheck._evaluate_<kind>';
COMMENT ON COLUMN mlcheck.monitors.source IS 'the monitored relation, schema-qualified and quoted';
COMMENT ON COLUMN mlcheck.monitors.column_name IS 'the column a drift monitor watches (NULL for kinds without one column)';
COMMENT ON COLUMN mlcheck.monitors.time_column IS 'the column (timestamptz, timestamp or date) that places rows in windows';
COMMENT ON COLUMN mlcheck.monitors.baseline IS 'the stored baseline the monitor uses: a drift monitor''s reference profile, a validity monitor''s learned checks, an estimated-performance monitor''s calibrator (NULL for other kinds)';
COMMENT ON COLUMN mlcheck.monitors.baseline_kind IS 'kind of that baseline; with baseline, a foreign key to mlcheck.baselines';
COMMENT ON COLUMN mlcheck.monitors."window" IS 'length of the tumbling windows, aligned on 2000-01-03 00:00 UTC (positive, at most 36525 days, no months or years)';
COMMENT ON COLUMN mlcheck.monitors.method IS 'drift kinds: the drift method (auto resolves per window); performance kinds: the metric';
COMMENT ON COLUMN mlcheck.monitors.threshold IS 'alert threshold (NULL: the kind''s default rule); its range depends on the kind and method';
COMMENT ON COLUMN mlcheck.monitors.columns IS 'the other columns of source the monitor reads (labels, scores, checked columns); the owner must be allowed to SELECT them';
COMMENT ON COLUMN mlcheck.monitors.label_delay IS 'a window is evaluated only once window_end + label_delay has passed (labels arrive late)';
COMMENT ON COLUMN mlcheck.monitors.settings IS 'settings of the kind (counts, column and rule names, a reference band); never values of the data';
COMMENT ON COLUMN mlcheck.monitors.enabled IS 'false: run_monitors skips the monitor';
COMMENT ON COLUMN mlcheck.monitors.owner IS 'role whose privileges the monitor''s queries run with (default: the creator); only its members change the row';
COMMENT ON COLUMN mlcheck.monitors.created_at IS 'when the monitor was created';
COMMENT ON COLUMN mlcheck.results.id IS 'identifier of the result (the payload of NOTIFY mlcheck_alert)';
COMMENT ON COLUMN mlcheck.results.monitor IS 'the monitor that wrote the row (deleting the monitor deletes its results)';
COMMENT ON COLUMN mlcheck.results.window_start IS 'start of the evaluated window (inclusive)';
COMMENT ON COLUMN mlcheck.results.window_end IS 'end of the evaluated window (exclusive); one row per monitor and window';
COMMENT ON COLUMN mlcheck.results.run_at IS 'clock time of the last attempt';
COMMENT ON COLUMN mlcheck.results.status IS 'ok, or error when the evaluation failed (error and sqlstate say why)';
COMMENT ON COLUMN mlcheck.results.method IS 'the method or metric actually applied (auto resolved)';
COMMENT ON COLUMN mlcheck.results.statistic IS 'the drift statistic, share of failing rows or metric value of the window';
COMMENT ON COLUMN mlcheck.results.p_value IS 'p-value of the test, for methods that have one (ks, chi2)';
COMMENT ON COLUMN mlcheck.results.threshold IS 'the threshold the statistic was compared with';
COMMENT ON COLUMN mlcheck.results.alert IS 'true when the window crossed the threshold (never for an error row)';
COMMENT ON COLUMN mlcheck.results.error IS 'message of the error that stopped the evaluation (status error only)';
COMMENT ON COLUMN mlcheck.results.sqlstate IS 'SQLSTATE of that error (status error only)';
COMMENT ON COLUMN mlcheck.results.attempts IS '1, plus one for each retry of a window that failed';
COMMENT ON COLUMN mlcheck.results.details IS 'counts and statistics of the evaluation (never values of the data)';

-- What the evaluation of one window by one monitor kind returns; the
-- run writes it into mlcheck.results.  method: what was applied (the drift
-- test, the metric); statistic: the drift statistic, share or metric value;
-- details: counts and statistics only, never values of the data.
CREATE TYPE mlcheck._evaluation AS (
    method    text,
    statistic float8,
    p_value   float8,
    threshold float8,
    alert     boolean,
    details   jsonb
);
COMMENT ON TYPE mlcheck._evaluation IS
    'result of evaluating one monitor over one window (returned by the functions mlcheck._evaluate_<kind>)';

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


-- ---------------------------------------------------------------- helpers

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

-- Type of the time column of a monitor (42703 when missing, 42804 unless
-- timestamptz, timestamp or date).  The error names the relation when
-- with_relation (a monitor's run), not when the caller just named it.
CREATE FUNCTION mlcheck._time_column_type(rel regclass, time_column text, with_relation boolean)
    RETURNS regtype
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ttype regtype := mlcheck._column_type(rel, time_column);
BEGIN
    IF ttype OPERATOR(pg_catalog.<>) ALL (ARRAY['timestamp with time zone',
           'timestamp without time zone', 'date']::regtype[]) THEN
        IF with_relation THEN
            RAISE EXCEPTION 'time column "%" of % has type %', time_column, rel, ttype
                USING ERRCODE = '42804', HINT = 'The time column must be timestamptz, timestamp or date.';
        END IF;
        RAISE EXCEPTION 'time column "%" has type %', time_column, ttype
            USING ERRCODE = '42804', HINT = 'The time column must be timestamptz, timestamp or date.';
    END IF;
    RETURN ttype;
END
$$;
COMMENT ON FUNCTION mlcheck._time_column_type(regclass, text, boolean) IS
    'type of a monitor''s time column (error 42703 when missing, 42804 unless timestamptz, timestamp or date)';

-- A monitor window: positive, in days, hours, minutes or seconds (a month
-- has no fixed length), at most 36525 days (a longer window puts its start
-- outside the timestamp range, and every run of the monitor would fail).
CREATE FUNCTION mlcheck._check_window("window" interval) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF "window" OPERATOR(pg_catalog.<=) '0'::interval
       OR pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.<>) 0
       OR pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.<>) 0 THEN
        RAISE EXCEPTION 'invalid monitor window "%"', "window"
            USING ERRCODE = '22023',
                  HINT = 'The window must be positive and given in days, hours, minutes or seconds (e.g. ''30 days'', not ''1 month'').';
    END IF;
    IF "window" OPERATOR(pg_catalog.>) '36525 days'::interval THEN
        RAISE EXCEPTION 'monitor window "%" is too long', "window"
            USING ERRCODE = '22023',
                  HINT = pg_catalog.format('The window is at most 36525 days (100 years); got %s.', "window");
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._check_window(interval) IS
    'checks a monitor window: positive, without months or years, at most 36525 days (error 22023 with a hint)';

-- The relation a monitor reads, from its stored name (42P01 when it was
-- dropped or renamed).
CREATE FUNCTION mlcheck._monitor_relation(source text, monitor_name text) RETURNS regclass
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel regclass := pg_catalog.to_regclass(source);
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'relation % of monitor "%" does not exist', source, monitor_name
            USING ERRCODE = '42P01',
                  HINT = 'It was dropped or renamed; UPDATE mlcheck.monitors SET source = ... or disable the monitor.';
    END IF;
    RETURN rel;
END
$$;
COMMENT ON FUNCTION mlcheck._monitor_relation(text, text) IS
    'the relation of a monitor from its stored name (error 42P01 when it was dropped or renamed)';

-- 42710 for a baseline or monitor whose name is taken (what is the word
-- "baseline" or "monitor"; the hint says what to do instead).
CREATE FUNCTION mlcheck._raise_exists(what text, name text, hint text) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '% "%" already exists', what, name USING ERRCODE = '42710', HINT = hint;
END
$$;
COMMENT ON FUNCTION mlcheck._raise_exists(text, text, text) IS
    'raises 42710: <what> "<name>" already exists, with the given hint';

-- The relation a baseline or monitor may read: a table, partitioned table,
-- view, materialized view or foreign table that is not temporary.
CREATE FUNCTION mlcheck._check_source(rel regclass) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    PERFORM mlcheck._validity_relation(rel);       -- 42P01, 42809
    SELECT cl.relpersistence, n.nspname, cl.relname INTO c
      FROM pg_catalog.pg_class cl JOIN pg_catalog.pg_namespace n
        ON n.oid OPERATOR(pg_catalog.=) cl.relnamespace
     WHERE cl.oid OPERATOR(pg_catalog.=) rel;
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

-- ------------------------------------------------------------- ownership

-- True when the current user is role_name, a member of it (could SET ROLE
-- to it) or a superuser; false for a role that does not exist (an owner
-- whose role was dropped is nobody's).
CREATE FUNCTION mlcheck._is_member(role_name name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname OPERATOR(pg_catalog.=) role_name
                      AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION mlcheck._is_member(name) IS
    'true when the current user is the role, a member of it or a superuser (false when the role does not exist)';

-- The owner of a monitor (NULL when there is no such monitor); the owner of
-- a result is the owner of its monitor.
CREATE FUNCTION mlcheck._monitor_owner(monitor_name text) RETURNS name
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT mo.owner FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name
$$;
COMMENT ON FUNCTION mlcheck._monitor_owner(text) IS
    'owner of a monitor, NULL when it does not exist';

-- The row of a monitor as the current user sees it; 42704 when there is
-- no such monitor.
CREATE FUNCTION mlcheck._get_monitor(monitor_name text) RETURNS mlcheck.monitors
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m mlcheck.monitors;
BEGIN
    SELECT * INTO m FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'monitor "%" does not exist', monitor_name
            USING ERRCODE = '42704', HINT = 'The monitors are listed in table mlcheck.monitors.';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION mlcheck._get_monitor(text) IS
    'the row of a monitor (error 42704 when it does not exist)';

-- The one mechanism by which every monitor kind evaluates its queries:
-- runs one SELECT as the role owner_name, in a security-restricted
-- operation with search_path = pg_catalog, pg_temp and every setting change
-- rolled back on exit (as REFRESH MATERIALIZED VIEW runs a view's query as
-- its owner), and returns its rows; the parameters are bound as $1, $2, ...
-- with their own types.  The caller must be the owner, a member of it or a
-- superuser (42501 otherwise), so it gains nothing it could not have with
-- SET ROLE.  Call it with a column definition list of the query's types:
--   SELECT q.p, q.n FROM mlcheck._run_as_owner(m.owner, sql, ws, we)
--          AS q(p mlcheck.numeric_profile, n bigint);
CREATE FUNCTION mlcheck._run_as_owner(owner_name name, query text, VARIADIC params "any")
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlc_run_as_owner'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION mlcheck._run_as_owner(name, text, "any") IS
    'runs one SELECT with parameters as the given role (the caller must be a member of it) in a security-restricted operation and returns its rows; the evaluation path of every monitor';
CREATE FUNCTION mlcheck._run_as_owner(owner_name name, query text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'mlc_run_as_owner'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION mlcheck._run_as_owner(name, text) IS
    'runs one SELECT without parameters as the given role (the caller must be a member of it) in a security-restricted operation and returns its rows';

-- 42501 unless role owner_name may SELECT every column of source (the
-- columns a monitor reads; NULL elements are skipped); 42P01 when source
-- does not exist.  A check made
-- when a monitor is written, to fail early: the run itself reads as the
-- owner, so views and row-level security apply as for the owner too.
CREATE FUNCTION mlcheck._check_owner_reads(owner_name name, source text, columns text[]) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel regclass := pg_catalog.to_regclass(source);
    col text;
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'relation % does not exist', source USING ERRCODE = '42P01';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) owner_name) THEN
        RAISE EXCEPTION 'role "%" does not exist', owner_name USING ERRCODE = '42704';
    END IF;
    FOREACH col IN ARRAY columns LOOP
        CONTINUE WHEN col IS NULL;     -- a column the monitor's kind does not use
        PERFORM mlcheck._column_type(rel, col);
        IF NOT pg_catalog.has_column_privilege(owner_name, rel, col, 'SELECT') THEN
            RAISE EXCEPTION 'owner "%" may not read column "%" of %', owner_name, col, rel
                USING ERRCODE = '42501',
                      HINT = 'GRANT SELECT on the relation to the owner, or choose another owner.';
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION mlcheck._check_owner_reads(name, text, text[]) IS
    'error 42501 unless the role may SELECT the given columns of the relation (42P01 when it does not exist)';

-- Baseline (name, kind) as role owner_name sees it (row-level security of
-- mlcheck.baselines); NULL when the owner cannot read it.
CREATE FUNCTION mlcheck._read_baseline(owner_name name, baseline text, kind text)
    RETURNS mlcheck.baselines
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT q.b
      FROM mlcheck._run_as_owner(owner_name,
             'SELECT b FROM mlcheck.baselines b'
             ' WHERE b.name OPERATOR(pg_catalog.=) $1 AND b.kind OPERATOR(pg_catalog.=) $2',
             baseline, kind) AS q(b mlcheck.baselines)
$$;
COMMENT ON FUNCTION mlcheck._read_baseline(name, text, text) IS
    'the row of mlcheck.baselines with this name and kind, read as the given role (NULL when that role cannot see it)';

-- The baseline (or calibrator) of monitor m, read as its owner; 42501 when
-- the owner cannot read it.
CREATE FUNCTION mlcheck._owner_baseline(m mlcheck.monitors) RETURNS mlcheck.baselines
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b mlcheck.baselines := mlcheck._read_baseline(m.owner, m.baseline, m.baseline_kind);
    what text := CASE m.baseline_kind WHEN 'calibrator' THEN 'calibrator' ELSE 'baseline' END;
BEGIN
    IF b.name IS NULL THEN
        RAISE EXCEPTION 'owner "%" of monitor "%" cannot read % "%"', m.owner, m.name, what, m.baseline
            USING ERRCODE = '42501',
                  HINT = pg_catalog.format('A monitor''s %s must belong to its owner (or a role the owner is a member of).', what);
    END IF;
    RETURN b;
END
$$;
COMMENT ON FUNCTION mlcheck._owner_baseline(mlcheck.monitors) IS
    'the baseline or calibrator of a monitor, read as its owner (error 42501 when the owner cannot read it)';

-- The window query of monitor m (mlcheck.monitor_query), built as its owner
-- from what the owner sees.
CREATE FUNCTION mlcheck._owner_monitor_query(m mlcheck.monitors) RETURNS text
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT q.s FROM mlcheck._run_as_owner(m.owner, 'SELECT mlcheck.monitor_query($1)', m.name) AS q(s text)
$$;
COMMENT ON FUNCTION mlcheck._owner_monitor_query(mlcheck.monitors) IS
    'the query a monitor runs for a window (mlcheck.monitor_query), built as the monitor''s owner';

-- A role can only record itself, or a role it is a member of, as the owner
-- of a monitor or baseline (what: the word, the table is mlcheck.<what>s);
-- 42501 otherwise.  The check of both tables' owner triggers.
CREATE FUNCTION mlcheck._check_new_owner(what text, owner_name name, row_name text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT mlcheck._is_member(owner_name) THEN
        RAISE EXCEPTION 'role "%" cannot make role "%" the owner of % "%"', CURRENT_USER, owner_name, what, row_name
            USING ERRCODE = '42501',
                  HINT = pg_catalog.format('Leave mlcheck.%ss.owner at its default, the current user.', what);
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._check_new_owner(text, name, text) IS
    'error 42501 unless the current user may record the role as the owner of a monitor or baseline (the check of the owner triggers)';

-- The owner rule above; and whenever what a monitor reads changes (source,
-- columns, rules, owner: any column but enabled and threshold), the new
-- owner's SELECT privileges are checked again.  Each kind lists the columns
-- its query reads.
CREATE FUNCTION mlcheck._monitors_owner_check() RETURNS trigger
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM mlcheck._check_new_owner('monitor', NEW.owner, NEW.name);
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' OR
       (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) ARRAY['enabled', 'threshold'])
         IS DISTINCT FROM
       (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) ARRAY['enabled', 'threshold']) THEN
        PERFORM mlcheck._check_owner_reads(NEW.owner, NEW.source,
                                           ARRAY[NEW.column_name, NEW.time_column]
                                           OPERATOR(pg_catalog.||) NEW.columns);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION mlcheck._monitors_owner_check() IS
    'trigger of mlcheck.monitors: the owner must be the current user or a role it is a member of, and may read what the monitor reads';
CREATE TRIGGER monitors_owner_check BEFORE INSERT OR UPDATE ON mlcheck.monitors
    FOR EACH ROW EXECUTE FUNCTION mlcheck._monitors_owner_check();

CREATE FUNCTION mlcheck._baselines_owner_check() RETURNS trigger
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM mlcheck._check_new_owner('baseline', NEW.owner, NEW.name);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION mlcheck._baselines_owner_check() IS
    'trigger of mlcheck.baselines: the owner must be the current user or a role it is a member of';
CREATE TRIGGER baselines_owner_check BEFORE INSERT OR UPDATE ON mlcheck.baselines
    FOR EACH ROW EXECUTE FUNCTION mlcheck._baselines_owner_check();

-- AFTER DELETE trigger of mlcheck.monitors for the kinds of monitor that
-- own their baseline (a validity monitor's learned checks, an
-- estimated-performance monitor's calibrator): deletes the baseline of the
-- kind given as the trigger's argument once no monitor uses it.
CREATE FUNCTION mlcheck._monitors_drop_baseline() RETURNS trigger
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM mlcheck.baselines b
     WHERE b.name OPERATOR(pg_catalog.=) OLD.baseline AND b.kind OPERATOR(pg_catalog.=) TG_ARGV[0]
       AND NOT EXISTS (SELECT 1 FROM mlcheck.monitors mo WHERE mo.baseline OPERATOR(pg_catalog.=) OLD.baseline);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION mlcheck._monitors_drop_baseline() IS
    'trigger of mlcheck.monitors: deleting a monitor that owns its baseline (validity, estimated performance) deletes that baseline of the kind named by the trigger argument';

-- Row-level security: only the owner's members change a row (superusers
-- and the tables' owner bypass it, as everywhere in PostgreSQL).  UPDATE
-- and DELETE of another owner's row affect no row; INSERT of one fails
-- with 42501; SELECT ... FOR UPDATE cannot lock one either, so nobody can
-- hold the row lock that a run takes on a monitor of someone else.
ALTER TABLE mlcheck.monitors ENABLE ROW LEVEL SECURITY;
CREATE POLICY monitors_read ON mlcheck.monitors FOR SELECT USING (true);
CREATE POLICY monitors_insert ON mlcheck.monitors FOR INSERT
    WITH CHECK (mlcheck._is_member(owner));
CREATE POLICY monitors_update ON mlcheck.monitors FOR UPDATE
    USING (mlcheck._is_member(owner)) WITH CHECK (mlcheck._is_member(owner));
CREATE POLICY monitors_delete ON mlcheck.monitors FOR DELETE
    USING (mlcheck._is_member(owner));

-- Baselines hold values of the data (an exact profile keeps them): only
-- the owner's members see them.
ALTER TABLE mlcheck.baselines ENABLE ROW LEVEL SECURITY;
CREATE POLICY baselines_read ON mlcheck.baselines FOR SELECT
    USING (mlcheck._is_member(owner));
CREATE POLICY baselines_insert ON mlcheck.baselines FOR INSERT
    WITH CHECK (mlcheck._is_member(owner));
CREATE POLICY baselines_update ON mlcheck.baselines FOR UPDATE
    USING (mlcheck._is_member(owner)) WITH CHECK (mlcheck._is_member(owner));
CREATE POLICY baselines_delete ON mlcheck.baselines FOR DELETE
    USING (mlcheck._is_member(owner));

-- Results are written by runs.  A run by a role that may not act as the
-- owner records, and may only record, a 42501 error row (which the next
-- run by the owner retries in place): an outsider can never write, or
-- overwrite, an ok row, so it cannot suppress an alert.
ALTER TABLE mlcheck.results ENABLE ROW LEVEL SECURITY;
CREATE POLICY results_read ON mlcheck.results FOR SELECT USING (true);
CREATE POLICY results_insert ON mlcheck.results FOR INSERT
    WITH CHECK (mlcheck._is_member(mlcheck._monitor_owner(monitor)) OR
                (status OPERATOR(pg_catalog.=) 'error' AND sqlstate OPERATOR(pg_catalog.=) '42501'));
CREATE POLICY results_update ON mlcheck.results FOR UPDATE
    USING (mlcheck._is_member(mlcheck._monitor_owner(monitor)) OR status OPERATOR(pg_catalog.=) 'error')
    WITH CHECK (mlcheck._is_member(mlcheck._monitor_owner(monitor)) OR
                (status OPERATOR(pg_catalog.=) 'error' AND sqlstate OPERATOR(pg_catalog.=) '42501'));
CREATE POLICY results_delete ON mlcheck.results FOR DELETE
    USING (mlcheck._is_member(mlcheck._monitor_owner(monitor)));

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
-- window_end, both timestamptz).  For a drift monitor: the profile of the
-- column and the number of rows in the window; the other kinds return the
-- query their evaluator runs (see the COMMENT below for their parameters).
-- Not parallel safe: a validity monitor's rule values are converted in a
-- subtransaction.
CREATE FUNCTION mlcheck.monitor_query(monitor_name text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m mlcheck.monitors;
    rel regclass;
    ttype regtype;
    v record;
BEGIN
    m := mlcheck._get_monitor(monitor_name);
    CASE m.kind
    WHEN 'drift' THEN
        NULL;                   -- below
    WHEN 'dataset_drift' THEN
        RETURN mlcheck._dataset_drift_query(monitor_name);
    WHEN 'performance' THEN
        RETURN mlcheck._performance_query(m.source, m.time_column,
                   mlcheck._performance_expression(m.source::pg_catalog.regclass, m.method, m.columns[1], m.columns[2]),
                   m.columns[1], m.columns[2]);
    WHEN 'estimated_performance' THEN
        RETURN mlcheck._performance_query(m.source, m.time_column,
                   mlcheck._estimated_expression(m.source::pg_catalog.regclass, m.method, m.columns[1], m.columns[2]),
                   m.columns[1], m.columns[2]);
    WHEN 'validity' THEN
        SELECT q.learned_sql, q.rules_sql INTO v FROM mlcheck._validity_monitor_sql(monitor_name) q;
        RETURN pg_catalog.concat_ws(E';\n', v.learned_sql, v.rules_sql);
    ELSE
        RAISE EXCEPTION 'monitor "%" has kind %, which monitor_query does not know', monitor_name, m.kind
            USING ERRCODE = '0A000';
    END CASE;
    rel := mlcheck._monitor_relation(m.source, monitor_name);
    PERFORM mlcheck._column_type(rel, m.column_name);
    ttype := mlcheck._time_column_type(rel, m.time_column, true);
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
    'the SQL a monitor runs for a window: $1 = window_start, $2 = window_end (an estimated-performance monitor also $3 = its calibrator; a validity monitor: $1 = the rule values as text[], $2, $3 = the window, its learned and declared queries separated by a semicolon)';

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
            PERFORM mlcheck._raise_exists('baseline', name,
                'Pass replace => true to replace it.');
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
    v_ttype := mlcheck._time_column_type(source, time_column, false);
    -- Fail early when the caller could not run it (runs check the owner again).
    IF NOT (pg_catalog.has_column_privilege(source, column_name, 'SELECT') AND
            pg_catalog.has_column_privilege(source, time_column, 'SELECT')) THEN
        RAISE EXCEPTION 'permission denied for columns "%" and "%" of %', column_name, time_column, source
            USING ERRCODE = '42501', HINT = 'A monitor''s owner must be able to read what it monitors.';
    END IF;
    PERFORM mlcheck._check_window("window");
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
    IF NOT mlcheck._drift_threshold_valid(threshold, v_method) THEN
        RAISE EXCEPTION 'threshold % out of range for drift method "%"', threshold, v_method
            USING ERRCODE = '22003',
                  HINT = CASE WHEN mlcheck._drift_p_value_method(v_method)
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
        PERFORM mlcheck._raise_exists('monitor', name,
            'Choose another name, or change the existing row of mlcheck.monitors.');
    END;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck.add_monitor(text, regclass, text, text, text, interval, text, float8) IS
    'registers a drift monitor: column_name of source over windows of time_column compared with a baseline by method (auto, ks, wasserstein, psi, js, chi2)';

-- ------------------------------------------------------------------- runs

-- What mlcheck.results.details may keep of a statistic's details: numbers,
-- booleans and objects of them, and the strings of the keys in keep (names
-- of rules, never data).  Strings and arrays elsewhere are dropped: that is
-- where values of the data appear (category labels, examples), and results
-- are read by roles that may not read the data.
CREATE FUNCTION mlcheck._counts_only(j jsonb, keep text[] DEFAULT ARRAY['type', 'auto_rule'])
    RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text;
    v jsonb;
    r jsonb := '{}'::jsonb;
BEGIN
    IF j IS NULL OR pg_catalog.jsonb_typeof(j) OPERATOR(pg_catalog.<>) 'object' THEN
        RETURN j;
    END IF;
    FOR k, v IN SELECT e.key, e.value FROM pg_catalog.jsonb_each(j) e LOOP
        CASE pg_catalog.jsonb_typeof(v)
        WHEN 'object' THEN
            r := r OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(k, mlcheck._counts_only(v, keep));
        WHEN 'string' THEN
            IF k OPERATOR(pg_catalog.=) ANY (keep) THEN
                r := r OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(k, v);
            END IF;
        WHEN 'array' THEN
            NULL;
        ELSE
            r := r OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(k, v);
        END CASE;
    END LOOP;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck._counts_only(jsonb, text[]) IS
    'a details object without values of the data: keeps numbers, booleans, nested objects and the strings of the given keys';

-- Drift of one column against its baseline over one window.  Everything
-- the monitor reads, it reads as its owner: the catalog (the query is built
-- from what the owner sees), the window's rows (views, their functions and
-- row-level security apply as for the owner) and the baseline (visible to
-- the owner's members).
CREATE FUNCTION mlcheck._evaluate_drift(m mlcheck.monitors, window_start timestamptz,
                                        window_end timestamptz)
    RETURNS mlcheck._evaluation
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e mlcheck._evaluation;
    v_sql text := mlcheck._owner_monitor_query(m);
    b mlcheck.baselines := mlcheck._owner_baseline(m);
    v_num mlcheck.numeric_profile;
    v_cat mlcheck.categorical_profile;
    v_n bigint;
    d record;
BEGIN
    IF m.baseline_kind OPERATOR(pg_catalog.=) 'numeric' THEN
        SELECT q.p, q.n INTO v_num, v_n
          FROM mlcheck._run_as_owner(m.owner, v_sql, window_start, window_end)
               AS q(p mlcheck.numeric_profile, n bigint);
        SELECT dr.* INTO d
          FROM mlcheck.drift(b.numeric_profile, v_num, method => m.method, threshold => m.threshold) dr;
    ELSE
        SELECT q.p, q.n INTO v_cat, v_n
          FROM mlcheck._run_as_owner(m.owner, v_sql, window_start, window_end)
               AS q(p mlcheck.categorical_profile, n bigint);
        SELECT dr.* INTO d
          FROM mlcheck.drift(b.categorical_profile, v_cat, method => m.method, threshold => m.threshold) dr;
    END IF;
    -- an empty window (no row, so no profile) has no statistic: the
    -- result keeps the requested method and threshold
    e.method := coalesce(d.method, m.method);
    e.statistic := d.statistic;
    e.p_value := d.p_value;
    e.threshold := coalesce(d.threshold, m.threshold);
    e.alert := coalesce(d.drifted, false);
    e.details := pg_catalog.jsonb_build_object('n_reference', b.n_rows, 'n_current', v_n,
                                               'drift', mlcheck._counts_only(d.details));
    RETURN e;
END
$$;
COMMENT ON FUNCTION mlcheck._evaluate_drift(mlcheck.monitors, timestamptz, timestamptz) IS
    'evaluates a drift monitor over one window, reading as its owner: the drift of the window''s profile from the baseline';

CREATE FUNCTION mlcheck.check_monitor(monitor_name text, as_of timestamptz DEFAULT pg_catalog.now())
    RETURNS SETOF mlcheck.results
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m mlcheck.monitors;
    r mlcheck.results;
    w record;
    e mlcheck._evaluation;
    v_status text;
    v_err text;
    v_state text;
    v_hint text;
    v_context text;
    v_details jsonb;
BEGIN
    IF monitor_name IS NULL OR as_of IS NULL THEN
        RAISE EXCEPTION 'monitor_name and as_of must not be NULL' USING ERRCODE = '22004';
    END IF;
    m := mlcheck._get_monitor(monitor_name);

    -- One session per monitor at a time: a concurrent run of the same
    -- monitor is skipped (it returns no row), not waited for.  The lock is
    -- the monitor's row lock, held until the end of the transaction, after
    -- the result is written.  Row-level security lets only the owner's
    -- members (and superusers) lock the row, so nobody else can hold it to
    -- silence the monitor.  A caller that may not act as the owner takes no
    -- lock: it can only record the 42501 error row below.
    IF mlcheck._is_member(m.owner) THEN
        SELECT * INTO m FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) monitor_name
           FOR NO KEY UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN;
        END IF;
    END IF;
    -- the last complete window whose labels are due (label_delay is 0 for
    -- the kinds that read no label)
    SELECT * INTO w FROM mlcheck.monitor_window(m."window", as_of OPERATOR(pg_catalog.-) m.label_delay);

    -- Idempotent: a window already evaluated successfully is not redone.
    SELECT * INTO r FROM mlcheck.results re
     WHERE re.monitor OPERATOR(pg_catalog.=) m.name
       AND re.window_start OPERATOR(pg_catalog.=) w.window_start
       AND re.window_end OPERATOR(pg_catalog.=) w.window_end;
    IF FOUND AND r.status OPERATOR(pg_catalog.=) 'ok' THEN
        RETURN NEXT r;
        RETURN;
    END IF;

    v_details := pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'method_requested', m.method, 'baseline', m.baseline, 'kind', m.baseline_kind, 'as_of', as_of));

    BEGIN
        IF NOT mlcheck._is_member(m.owner) THEN
            RAISE EXCEPTION 'role "%" may not run monitor "%" of owner "%"', CURRENT_USER, m.name, m.owner
                USING ERRCODE = '42501',
                      HINT = 'A monitor is run by its owner, a member of the owner, or a superuser.';
        END IF;
        -- the kind's evaluator; the kind is one of the names the table's
        -- CHECK constraint allows.  Called in FROM: "SELECT (f(...)).*"
        -- would run it once per column of the result.
        EXECUTE pg_catalog.format('SELECT * FROM mlcheck.%I($1, $2, $3)', '_evaluate_' OPERATOR(pg_catalog.||) m.kind)
           INTO e USING m, w.window_start, w.window_end;
        v_status := 'ok';
        v_details := v_details OPERATOR(pg_catalog.||) coalesce(e.details, '{}'::jsonb);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_err = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE,
                                v_hint = PG_EXCEPTION_HINT, v_context = PG_EXCEPTION_CONTEXT;
        v_status := 'error';
        e := NULL;
        -- Hints of mlcheck's own checks name relations and columns and are
        -- kept; a hint raised while the owner's query ran (its context says
        -- so) could carry a value of the data, unless it is one of
        -- mlcheck's own RAISEs running inside that query.
        IF v_hint OPERATOR(pg_catalog.<>) '' AND
           (pg_catalog.strpos(v_context, 'query run as monitor owner') OPERATOR(pg_catalog.=) 0 OR
            pg_catalog.split_part(v_context, E'\n', 1) OPERATOR(pg_catalog.~)
                '^PL/pgSQL function mlcheck\.[a-z_]+\(.*\) line [0-9]+ at RAISE$') THEN
            v_details := v_details OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('hint', v_hint);
        END IF;
    END;

    -- A window that failed before is retried, and its row updated in place.
    INSERT INTO mlcheck.results AS re
           (monitor, window_start, window_end, status, method, statistic, p_value, threshold,
            alert, error, sqlstate, details)
    VALUES (m.name, w.window_start, w.window_end, v_status, e.method, e.statistic, e.p_value, e.threshold,
            coalesce(e.alert, false), v_err, v_state, v_details)
    ON CONFLICT ON CONSTRAINT results_window_key DO UPDATE
       SET run_at = pg_catalog.clock_timestamp(), status = EXCLUDED.status, method = EXCLUDED.method,
           statistic = EXCLUDED.statistic, p_value = EXCLUDED.p_value,
           threshold = EXCLUDED.threshold, alert = EXCLUDED.alert, error = EXCLUDED.error,
           sqlstate = EXCLUDED.sqlstate, details = EXCLUDED.details,
           attempts = re.attempts OPERATOR(pg_catalog.+) 1
     WHERE re.status OPERATOR(pg_catalog.=) 'error'
    RETURNING re.* INTO r;
    IF r.id IS NULL THEN
        RETURN;   -- an ok row appeared meanwhile (only without the lock)
    END IF;

    -- Delivered at commit, once per written row.  Errors are announced too:
    -- a monitor that cannot run is a monitor that cannot alert.  The
    -- payload is the result id only: any role may LISTEN, and readers get
    -- the row from mlcheck.results with their own rights.
    IF r.alert OR r.status OPERATOR(pg_catalog.=) 'error' THEN
        PERFORM pg_catalog.pg_notify('mlcheck_alert', r.id::text);
    END IF;
    RETURN NEXT r;
END
$$;
COMMENT ON FUNCTION mlcheck.check_monitor(text, timestamptz) IS
    'evaluates one monitor as its owner over its window as of a time (default now(); minus label_delay for monitors that wait for labels), writes its mlcheck.results row unless already written, NOTIFYs mlcheck_alert with the result id on alert or error, and returns the row (no row when another session is running the same monitor)';

CREATE PROCEDURE mlcheck.run_monitors(name text DEFAULT NULL, as_of timestamptz DEFAULT NULL)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_as_of timestamptz := coalesce(as_of, pg_catalog.now());
    v_name text;
    v_err text;
    v_state text;
BEGIN
    IF run_monitors.name IS NOT NULL THEN
        PERFORM mlcheck._get_monitor(run_monitors.name);     -- 42704 when it does not exist
    END IF;
    FOR v_name IN
        SELECT mo.name FROM mlcheck.monitors mo
         WHERE mo.enabled
           AND (run_monitors.name IS NULL OR mo.name OPERATOR(pg_catalog.=) run_monitors.name)
         ORDER BY mo.name
    LOOP
        -- A failure of the evaluation is the monitor's error row (inside
        -- check_monitor).  Anything else that fails for one monitor (its
        -- window as of this time, writing its row) is a WARNING, and the
        -- other monitors still run.
        BEGIN
            PERFORM mlcheck.check_monitor(v_name, v_as_of);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_err = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
            RAISE WARNING 'monitor "%" was not run: % (SQLSTATE %)', v_name, v_err, v_state;
        END;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE mlcheck.run_monitors(text, timestamptz) IS
    'runs every enabled monitor (or the one named), each as its owner, over its last complete window as of a time (default now()); idempotent per window, safe to run concurrently, one failing monitor is recorded as its error row (or a WARNING) and never stops the others';

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

-- The command of every job mlcheck schedules or suggests: a DO block that
-- does nothing (and succeeds) once mlcheck is dropped or the monitor is
-- gone, so a leftover job never fails on every run.  Each test is its own
-- statement because PL/pgSQL plans a statement only when it reaches it.
CREATE FUNCTION mlcheck._cron_command(monitor_name text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.format('DO %L', pg_catalog.format(
        'BEGIN '
        'IF pg_catalog.to_regproc(''mlcheck.run_monitors'') IS NULL THEN RETURN; END IF; '
        'IF NOT EXISTS (SELECT FROM mlcheck.monitors m WHERE m.name OPERATOR(pg_catalog.=) %1$L) THEN RETURN; END IF; '
        'CALL mlcheck.run_monitors(%1$L); '
        'END', monitor_name))
$$;
COMMENT ON FUNCTION mlcheck._cron_command(text) IS
    'the guarded pg_cron command of a monitor: runs it, and does nothing when mlcheck or the monitor no longer exists';

-- The pg_cron function named name(argtypes), only if it belongs to the
-- pg_cron extension: a schema "cron" that anyone else created is ignored.
CREATE FUNCTION mlcheck._cron_function(signature text) RETURNS regprocedure
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.oid::pg_catalog.regprocedure
      FROM pg_catalog.pg_proc p
      JOIN pg_catalog.pg_depend d
        ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
       AND d.objid OPERATOR(pg_catalog.=) p.oid
       AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND d.deptype OPERATOR(pg_catalog.=) 'e'
      JOIN pg_catalog.pg_extension e
        ON e.oid OPERATOR(pg_catalog.=) d.refobjid AND e.extname OPERATOR(pg_catalog.=) 'pg_cron'
      JOIN pg_catalog.pg_namespace n
        ON n.oid OPERATOR(pg_catalog.=) p.pronamespace AND n.nspname OPERATOR(pg_catalog.=) 'cron'
     WHERE p.oid OPERATOR(pg_catalog.=) pg_catalog.to_regprocedure(signature)
$$;
COMMENT ON FUNCTION mlcheck._cron_function(text) IS
    'the function of that signature if it belongs to extension pg_cron in schema cron, NULL otherwise';

-- pg_cron's database (cron.database_name) where the current role may read
-- the setting (it is superuser-only in pg_cron), else NULL.
CREATE FUNCTION mlcheck._cron_database() RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN pg_catalog.current_setting('cron.database_name', true);
EXCEPTION WHEN insufficient_privilege THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION mlcheck._cron_database() IS
    'the setting cron.database_name where the current role can read it, NULL otherwise';

-- Unschedules the current role's pg_cron job of that name (pg_cron shows,
-- and lets unschedule, a role's own jobs: cron.job has row-level security);
-- true if there was one, false if not.  pg_cron must be installed here.
CREATE FUNCTION mlcheck._cron_unschedule_own(job text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_found boolean;
BEGIN
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM cron.job WHERE jobname OPERATOR(pg_catalog.=) $1 AND username OPERATOR(pg_catalog.=) CURRENT_USER)'
       INTO v_found USING job;
    IF NOT v_found THEN
        RETURN false;
    END IF;
    EXECUTE pg_catalog.format('SELECT %s($1::name)',
                              mlcheck._cron_function('cron.unschedule(name)')::oid::pg_catalog.regproc)
       INTO v_found USING job;
    RETURN v_found;
END
$$;
COMMENT ON FUNCTION mlcheck._cron_unschedule_own(text) IS
    'removes the current role''s pg_cron job of that name; true if there was one, false if not';

-- 55000 with a hint unless pg_cron (the extension, not just a schema named
-- cron) is installed in the current database.  cron.database_name is only
-- read to explain a failure, and only where it can be read (it is
-- superuser-only in pg_cron).
CREATE FUNCTION mlcheck._require_cron(monitor_name text, cron text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cron_db text;
BEGIN
    IF mlcheck._cron_function('cron.schedule(text,text,text)') IS NOT NULL THEN
        RETURN;
    END IF;
    v_cron_db := mlcheck._cron_database();
    IF v_cron_db IS NULL OR v_cron_db OPERATOR(pg_catalog.=) pg_catalog.current_database() THEN
        RAISE EXCEPTION 'pg_cron is not installed in database "%"', pg_catalog.current_database()
            USING ERRCODE = '55000',
                  HINT = 'Add pg_cron to shared_preload_libraries, restart, and CREATE EXTENSION pg_cron in the database named by cron.database_name; or run CALL mlcheck.run_monitors() from any other scheduler.';
    ELSE
        -- the exact statement to run in pg_cron's database instead
        RAISE EXCEPTION 'pg_cron is not installed in database "%"', pg_catalog.current_database()
            USING ERRCODE = '55000',
                  DETAIL = pg_catalog.format('pg_cron runs in database "%s" (cron.database_name).', v_cron_db),
                  HINT = CASE WHEN cron IS NULL
                         THEN pg_catalog.format('In database %I run: SELECT cron.unschedule(%L);',
                                                v_cron_db, mlcheck._cron_job_name(monitor_name))
                         ELSE pg_catalog.format('In database %I run: SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                                                v_cron_db, mlcheck._cron_job_name(monitor_name), cron,
                                                mlcheck._cron_command(monitor_name),
                                                pg_catalog.current_database()) END;
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._require_cron(text, text) IS
    'raises a clear error (55000, with a hint) unless the pg_cron extension is installed in the current database';

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
    -- Dynamic, so that mlcheck never depends on pg_cron; the function is
    -- the one that _require_cron found in the extension (its oid, printed
    -- schema-qualified, with arguments of exactly its types).  Scheduling
    -- again under the same job name replaces the schedule (pg_cron >= 1.3).
    EXECUTE pg_catalog.format('SELECT %s($1::text, $2::text, $3::text)',
                              mlcheck._cron_function('cron.schedule(text,text,text)')::oid::pg_catalog.regproc)
       INTO v_job
      USING mlcheck._cron_job_name(monitor_name), cron, mlcheck._cron_command(monitor_name);
    RETURN v_job;
END
$$;
COMMENT ON FUNCTION mlcheck.schedule(text, text) IS
    'schedules the guarded command that runs mlcheck.run_monitors(monitor_name) with pg_cron (job name "mlcheck: <database>/<monitor>"); returns the pg_cron job id; error 55000 when pg_cron is not installed in this database';

CREATE FUNCTION mlcheck.unschedule(monitor_name text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF monitor_name IS NULL THEN
        RAISE EXCEPTION 'monitor_name must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._require_cron(monitor_name, NULL);
    RETURN mlcheck._cron_unschedule_own(mlcheck._cron_job_name(monitor_name));
END
$$;
COMMENT ON FUNCTION mlcheck.unschedule(text) IS
    'removes the current role''s pg_cron job of a monitor; true if there was one, false if not';

-- ------------------------------------------------------------ dropping

CREATE FUNCTION mlcheck.drop_monitor(name text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_owner name;
    v_job text;
    v_cron_db text;
BEGIN
    IF drop_monitor.name IS NULL THEN
        RAISE EXCEPTION 'name must not be NULL' USING ERRCODE = '22004';
    END IF;
    v_owner := (mlcheck._get_monitor(drop_monitor.name)).owner;
    IF NOT mlcheck._is_member(v_owner) THEN
        RAISE EXCEPTION 'role "%" may not drop monitor "%" of owner "%"', CURRENT_USER, drop_monitor.name, v_owner
            USING ERRCODE = '42501',
                  HINT = 'A monitor is dropped by its owner, a member of the owner, or a superuser.';
    END IF;
    -- its results go with it (ON DELETE CASCADE)
    DELETE FROM mlcheck.monitors mo WHERE mo.name OPERATOR(pg_catalog.=) drop_monitor.name;
    v_job := mlcheck._cron_job_name(drop_monitor.name);
    IF mlcheck._cron_function('cron.unschedule(name)') IS NOT NULL THEN
        PERFORM mlcheck._cron_unschedule_own(v_job);
    ELSE
        v_cron_db := mlcheck._cron_database();
        -- a job scheduled from pg_cron's database would now do nothing
        -- (its command is guarded), but it still runs
        RAISE WARNING 'monitor "%" was dropped; a pg_cron job for it, if any, is not in this database', drop_monitor.name
            USING HINT = CASE WHEN v_cron_db IS NULL
                         THEN pg_catalog.format('In pg_cron''s database run: SELECT cron.unschedule(%L);', v_job)
                         ELSE pg_catalog.format('In database %I run: SELECT cron.unschedule(%L);', v_cron_db, v_job) END;
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck.drop_monitor(text) IS
    'removes a monitor and its results, and its pg_cron job in pg_cron''s database (elsewhere a WARNING gives the cron.unschedule statement)';

CREATE FUNCTION mlcheck.drop_baseline(name text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_monitor text;
BEGIN
    IF drop_baseline.name IS NULL THEN
        RAISE EXCEPTION 'name must not be NULL' USING ERRCODE = '22004';
    END IF;
    -- the baselines of others are invisible (row-level security)
    PERFORM 1 FROM mlcheck.baselines b WHERE b.name OPERATOR(pg_catalog.=) drop_baseline.name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'baseline "%" does not exist', drop_baseline.name
            USING ERRCODE = '42704', HINT = 'The baselines are listed in table mlcheck.baselines.';
    END IF;
    -- drift monitors name their baseline; dataset_drift monitors list theirs
    SELECT mo.name INTO v_monitor FROM mlcheck.monitors mo
     WHERE mo.baseline OPERATOR(pg_catalog.=) drop_baseline.name
        OR (mo.settings OPERATOR(pg_catalog.->) 'baselines') OPERATOR(pg_catalog.?) drop_baseline.name
     ORDER BY mo.name LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'baseline "%" is used by monitor "%"', drop_baseline.name, v_monitor
            USING ERRCODE = '2BP01',
                  HINT = pg_catalog.format('Drop the monitors that use it first: SELECT mlcheck.drop_monitor(%L);', v_monitor);
    END IF;
    DELETE FROM mlcheck.baselines b WHERE b.name OPERATOR(pg_catalog.=) drop_baseline.name;
END
$$;
COMMENT ON FUNCTION mlcheck.drop_baseline(text) IS
    'removes a baseline; error 2BP01 while a monitor uses it';
