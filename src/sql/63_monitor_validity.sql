-- Validity monitors: the checks of validity_report (learned from a
-- reference) and of check_rules (declared), window by window of a time
-- column, in the machinery of 60_monitors (mlcheck.monitors kind
-- 'validity', run_monitors, check_monitor, schedule, NOTIFY).
--
-- Where each part lives, and who may read it:
--   - the declared rules (the user's own constants) and the names of the
--     learned columns: mlcheck.monitors.settings, readable by every reader
--     of the monitors;
--   - what is learned from the reference (finite range, vocabulary, NULL
--     share: values of the data): a baseline of kind 'validity' named as
--     the monitor, in mlcheck.baselines.validity, visible only to the
--     owner's members (row-level security).  The monitor references it
--     (baseline, baseline_kind), so drop_baseline refuses to drop it while
--     the monitor exists (2BP01), and deleting the monitor deletes it.
--   - results: counts and shares per failing column and check, never
--     values of the data (no examples, no category names).

-- ------------------------------------------------- baselines of kind validity

-- The column mlcheck.baselines.validity and the kind 'validity' are part of
-- the table (src/sql/60_monitors.sql).

-- The learned baseline of a validity monitor goes with the monitor.
CREATE TRIGGER monitors_validity_cleanup AFTER DELETE ON mlcheck.monitors
    FOR EACH ROW WHEN (OLD.kind OPERATOR(pg_catalog.=) 'validity' AND OLD.baseline IS NOT NULL)
    EXECUTE FUNCTION mlcheck._monitors_drop_baseline('validity');

-- ------------------------------------------------------------- creation

CREATE FUNCTION mlcheck.add_validity_monitor(name text, source regclass, time_column text, "window" interval,
                                             reference regclass DEFAULT NULL, rules jsonb DEFAULT NULL,
                                             columns text[] DEFAULT NULL, max_failed_share float8 DEFAULT 0)
    RETURNS mlcheck.monitors
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    SET extra_float_digits = 3
AS $$
DECLARE
    v_source text;
    v_ttype regtype;
    v_cols jsonb := '[]';
    v_learned jsonb;
    v_n bigint;
    v_spec jsonb;
    v_read text[];
    v_baseline text;
    r mlcheck.monitors;
BEGIN
    IF name IS NULL OR source IS NULL OR time_column IS NULL OR "window" IS NULL OR max_failed_share IS NULL THEN
        RAISE EXCEPTION 'name, source, time_column, window and max_failed_share must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF name OPERATOR(pg_catalog.=) '' OR pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) name
       OR pg_catalog.length(name) OPERATOR(pg_catalog.>) 63 THEN
        RAISE EXCEPTION 'invalid monitor name "%"', name USING ERRCODE = '22023',
            HINT = 'A monitor name is 1 to 63 characters without leading or trailing spaces.';
    END IF;
    IF reference IS NULL AND rules IS NULL THEN
        RAISE EXCEPTION 'a validity monitor needs a reference, rules, or both' USING ERRCODE = '22023',
            HINT = 'Pass reference => a relation to learn ranges and vocabularies from, and/or rules => declared rules.';
    END IF;
    IF reference IS NULL AND columns IS NOT NULL THEN
        RAISE EXCEPTION 'columns selects the learned checks and needs a reference' USING ERRCODE = '22023',
            HINT = 'Declared rules name their own columns.';
    END IF;
    IF max_failed_share OPERATOR(pg_catalog.<) 0 OR max_failed_share OPERATOR(pg_catalog.>) 1
       OR max_failed_share OPERATOR(pg_catalog.=) 'NaN'::float8 THEN
        RAISE EXCEPTION 'max_failed_share % is outside [0, 1]', max_failed_share USING ERRCODE = '22023',
            HINT = 'It is the largest share of failing rows a learned check tolerates, e.g. 0.01.';
    END IF;
    v_source := mlcheck._check_source(source);
    v_ttype := mlcheck._time_column_type(source, time_column, false);
    PERFORM mlcheck._check_window("window");
    -- declared rules: validated against the source now, checked per window
    IF rules IS NOT NULL THEN
        PERFORM mlcheck._validity_relation(source);
        SELECT rs.spec INTO v_spec FROM mlcheck._rules_spec(source, rules) rs;
    END IF;
    -- learned checks: read from the reference now, with the creator's privileges
    IF reference IS NOT NULL THEN
        PERFORM mlcheck._validity_relation(reference);
        -- the time column only when named in columns
        v_cols := mlcheck._validity_column_spec(reference, source, columns,
                                                CASE WHEN columns IS NULL THEN time_column END);
        IF pg_catalog.jsonb_array_length(v_cols) OPERATOR(pg_catalog.>) 0 THEN
            v_learned := mlcheck._validity_learn(reference, v_cols);
            v_n := (v_learned OPERATOR(pg_catalog.->) 0 OPERATOR(pg_catalog.->>) 'n_reference')::bigint;
        END IF;
    END IF;
    IF v_learned IS NULL AND coalesce(pg_catalog.jsonb_array_length(v_spec), 0) OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION 'validity monitor "%" would check nothing', name USING ERRCODE = '22023',
            HINT = 'The reference shares no numeric or categorical column with the source, and no rule is declared.';
    END IF;
    -- every column the runs read (the owner's SELECT privilege on them is checked by the table's trigger)
    SELECT coalesce(pg_catalog.array_agg(DISTINCT c.col), '{}') INTO v_read
      FROM (SELECT e OPERATOR(pg_catalog.->>) 'column' AS col FROM pg_catalog.jsonb_array_elements(v_cols) e
            UNION ALL
            SELECT e OPERATOR(pg_catalog.->>) 'column' FROM pg_catalog.jsonb_array_elements(coalesce(v_spec, '[]')) e) c;
    IF NOT pg_catalog.has_column_privilege(source, time_column, 'SELECT') OR EXISTS (
           SELECT 1 FROM pg_catalog.unnest(v_read) c WHERE NOT pg_catalog.has_column_privilege(source, c, 'SELECT')) THEN
        RAISE EXCEPTION 'permission denied for the columns of % that monitor "%" reads', source, name
            USING ERRCODE = '42501', HINT = 'A monitor''s owner must be able to read what it monitors.';
    END IF;
    IF v_learned IS NOT NULL THEN
        v_baseline := name;
        BEGIN
            INSERT INTO mlcheck.baselines (name, source, column_name, kind, validity, n_rows)
            VALUES (v_baseline, mlcheck._check_source_name(reference), '*', 'validity', v_learned, v_n);
        EXCEPTION WHEN unique_violation THEN
            PERFORM mlcheck._raise_exists('baseline', v_baseline,
                'A validity monitor stores what it learns as a baseline named as the monitor; drop that baseline or choose another name.');
        END;
    END IF;
    BEGIN
        INSERT INTO mlcheck.monitors AS mo
               (name, kind, source, time_column, baseline, baseline_kind, "window", method, threshold,
                columns, settings)
        VALUES (name, 'validity', v_source, time_column, v_baseline,
                CASE WHEN v_baseline IS NOT NULL THEN 'validity' END, "window", 'validity', max_failed_share,
                v_read,
                pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                    'rules', rules,
                    'learned_columns', (SELECT pg_catalog.jsonb_agg(e OPERATOR(pg_catalog.->) 'column')
                                          FROM pg_catalog.jsonb_array_elements(v_cols) e))))
        RETURNING mo.* INTO r;
    EXCEPTION WHEN unique_violation THEN
        PERFORM mlcheck._raise_exists('monitor', name,
            'Choose another name, or drop it first with mlcheck.drop_monitor().');
    END;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck.add_validity_monitor(text, regclass, text, interval, regclass, jsonb, text[], float8) IS
    'registers a validity monitor: per window of time_column, the checks learned from reference (stored as a baseline named as the monitor) and the declared rules; a learned check fails above max_failed_share, a rule fails as in check_rules';

-- The schema-qualified, quoted name of any relation (temporary ones
-- included: a reference is read once, at creation).
CREATE FUNCTION mlcheck._check_source_name(rel regclass) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
     WHERE c.oid OPERATOR(pg_catalog.=) rel
$$;
COMMENT ON FUNCTION mlcheck._check_source_name(regclass) IS
    'schema-qualified quoted name of a relation';

-- ------------------------------------------------------------------ runs

-- The two queries of a validity monitor's window ($1 = text[] of values,
-- $2 = window_start, $3 = window_end) and what they need to be read:
-- built as the owner (run through _run_as_owner), from what the owner sees
-- of the catalog, of the monitor and of its learned baseline.
CREATE FUNCTION mlcheck._validity_monitor_sql(monitor_name text,
    OUT learned jsonb, OUT learned_sql text, OUT learned_params text[],
    OUT spec jsonb, OUT rules_sql text, OUT rules_params text[])
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m mlcheck.monitors := mlcheck._get_monitor(monitor_name);
    rel regclass;
    ttype regtype;
    c jsonb;
    q record;
BEGIN
    rel := mlcheck._monitor_relation(m.source, monitor_name);
    ttype := mlcheck._time_column_type(rel, m.time_column, true);
    IF m.baseline IS NOT NULL THEN
        SELECT b.validity INTO learned FROM mlcheck.baselines b
         WHERE b.name OPERATOR(pg_catalog.=) m.baseline AND b.kind OPERATOR(pg_catalog.=) 'validity';
        IF learned IS NULL THEN
            RAISE EXCEPTION 'owner "%" of monitor "%" cannot read baseline "%"', m.owner, m.name, m.baseline
                USING ERRCODE = '42501',
                      HINT = 'A monitor''s baseline must belong to its owner (or a role the owner is a member of).';
        END IF;
        -- the columns must still be there, of the same kind
        FOR c IN SELECT e FROM pg_catalog.jsonb_array_elements(learned) e LOOP
            IF mlcheck._column_kind(mlcheck._slice_column_type(rel, c OPERATOR(pg_catalog.->>) 'column'))
               IS DISTINCT FROM c OPERATOR(pg_catalog.->>) 'kind' THEN
                RAISE EXCEPTION 'column "%" of % is no longer %', c OPERATOR(pg_catalog.->>) 'column', rel,
                                c OPERATOR(pg_catalog.->>) 'kind'
                    USING ERRCODE = '42804', HINT = 'Recreate the monitor for the new column types.';
            END IF;
        END LOOP;
        SELECT * INTO q FROM mlcheck._validity_current_sql(rel, learned, m.time_column, ttype, false);
        learned_sql := q.sql;
        learned_params := q.params;
    END IF;
    IF m.settings OPERATOR(pg_catalog.?) 'rules' THEN
        SELECT * INTO q FROM mlcheck._rules_spec(rel, m.settings OPERATOR(pg_catalog.->) 'rules');
        spec := q.spec;
        rules_params := q.params;
        rules_sql := mlcheck._rules_sql(rel, spec, m.time_column, ttype, false);
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._validity_monitor_sql(text) IS
    'the learned checks and the two window queries (with their parameters) of a validity monitor, built from what the caller sees';

-- A validity monitor over one window, reading as its owner.  Learned
-- checks (per column; the names are validity_report's issue codes): null
-- (fails when null_share - reference_null_share > max_failed_share), nan,
-- infinite, below_min, above_max, new_category (fail when their share >
-- max_failed_share); declared rules fail as in check_rules (a value rule
-- on any failing row, max_null_share above its limit).  statistic: the
-- largest share compared (for null, the excess over the reference);
-- alert: some check failed.
CREATE FUNCTION mlcheck._evaluate_validity(m mlcheck.monitors, window_start timestamptz,
                                           window_end timestamptz)
    RETURNS mlcheck._evaluation
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e mlcheck._evaluation;
    s record;
    v_n bigint;
    v_counts bigint[];
    v_profs text[];
    v_examples jsonb[];
    v_rn bigint;
    r record;
    c jsonb;
    i integer;
    checks jsonb := '[]';
    failed jsonb := '[]';
    stat float8;
    thr float8 := coalesce(m.threshold, 0);
    ch jsonb;
BEGIN
    SELECT q.* INTO s
      FROM mlcheck._run_as_owner(m.owner, 'SELECT * FROM mlcheck._validity_monitor_sql($1)', m.name)
           AS q(learned jsonb, learned_sql text, learned_params text[], spec jsonb, rules_sql text, rules_params text[]);
    IF s.learned_sql IS NOT NULL THEN
        SELECT q.n, q.c, q.p INTO v_n, v_counts, v_profs
          FROM mlcheck._run_as_owner(m.owner, s.learned_sql, s.learned_params, window_start, window_end)
               AS q(n bigint, c bigint[], p text[]);
        IF v_n OPERATOR(pg_catalog.>) 0 THEN
            i := 0;
            FOR c IN SELECT x FROM pg_catalog.jsonb_array_elements(s.learned) WITH ORDINALITY AS a(x, o) ORDER BY a.o LOOP
                checks := checks OPERATOR(pg_catalog.||) (
                    SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                               'column', c OPERATOR(pg_catalog.->>) 'column', 'rule', x.rule, 'n_checked', v_n,
                               'n_failed', x.k, 'failed_share', x.k::float8 OPERATOR(pg_catalog./) v_n,
                               'compared', x.k::float8 OPERATOR(pg_catalog./) v_n OPERATOR(pg_catalog.-) x.allowed)
                               ORDER BY x.o), '[]')
                      FROM (VALUES (1, 'null', v_counts[i OPERATOR(pg_catalog.+) 1],
                                    coalesce((c OPERATOR(pg_catalog.->>) 'n_null_reference')::float8
                                             OPERATOR(pg_catalog./) NULLIF((c OPERATOR(pg_catalog.->>) 'n_reference')::float8, 0), 0)),
                                   (2, 'nan', v_counts[i OPERATOR(pg_catalog.+) 2], 0),
                                   (3, 'infinite', v_counts[i OPERATOR(pg_catalog.+) 3], 0),
                                   (4, 'below_min', CASE WHEN c OPERATOR(pg_catalog.->>) 'min' IS NOT NULL
                                                         THEN v_counts[i OPERATOR(pg_catalog.+) 4] END, 0),
                                   (5, 'above_max', CASE WHEN c OPERATOR(pg_catalog.->>) 'max' IS NOT NULL
                                                         THEN v_counts[i OPERATOR(pg_catalog.+) 5] END, 0),
                                   (6, 'new_category', v_counts[i OPERATOR(pg_catalog.+) 6], 0))
                           AS x(o, rule, k, allowed)
                     WHERE x.k IS NOT NULL);
                i := i OPERATOR(pg_catalog.+) 6;
            END LOOP;
        END IF;
    END IF;
    IF s.rules_sql IS NOT NULL THEN
        SELECT q.n, q.c, q.x INTO v_rn, v_counts, v_examples
          FROM mlcheck._run_as_owner(m.owner, s.rules_sql, s.rules_params, window_start, window_end)
               AS q(n bigint, c bigint[], x jsonb[]);
        v_n := coalesce(v_n, v_rn);
        FOR r IN SELECT * FROM mlcheck._rules_rows(s.spec, v_rn, v_counts, v_examples) LOOP
            checks := checks OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
                'column', r.column_name, 'rule', r.rule, 'n_checked', r.n_checked, 'n_failed', r.n_failed,
                'failed_share', r.failed_share, 'passed', r.passed);
        END LOOP;
    END IF;
    FOR ch IN SELECT x FROM pg_catalog.jsonb_array_elements(checks) x LOOP
        IF ch OPERATOR(pg_catalog.?) 'compared' THEN
            stat := GREATEST(stat, (ch OPERATOR(pg_catalog.->>) 'compared')::float8);
            IF (ch OPERATOR(pg_catalog.->>) 'compared')::float8 OPERATOR(pg_catalog.>) thr THEN
                failed := failed OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(ch OPERATOR(pg_catalog.-) 'compared');
            END IF;
        ELSE
            stat := GREATEST(stat, (ch OPERATOR(pg_catalog.->>) 'failed_share')::float8);
            IF NOT (ch OPERATOR(pg_catalog.->>) 'passed')::boolean THEN
                failed := failed OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(ch OPERATOR(pg_catalog.-) 'passed');
            END IF;
        END IF;
    END LOOP;
    e.method := 'validity';
    e.statistic := stat;
    e.p_value := NULL;
    e.threshold := thr;
    e.alert := pg_catalog.jsonb_array_length(failed) OPERATOR(pg_catalog.>) 0;
    e.details := pg_catalog.jsonb_build_object('n_rows', coalesce(v_n, 0),
                                               'n_checks', pg_catalog.jsonb_array_length(checks),
                                               'n_failed_checks', pg_catalog.jsonb_array_length(failed),
                                               'failed', failed);
    RETURN e;
END
$$;
COMMENT ON FUNCTION mlcheck._evaluate_validity(mlcheck.monitors, timestamptz, timestamptz) IS
    'evaluates a validity monitor over one window, reading as its owner: learned checks against max_failed_share, declared rules as check_rules; details per failing column and check (counts and shares only)';
