-- mlcheck 0.1 -> 0.2: the hand-written part of the update script.
--
-- make builds mlcheck--0.1--0.2.sql from this file and the 0.2 install
-- script (src/update/gen_update.py): the marker line below becomes every
-- statement of the 0.2 install script except those that create an object
-- 0.1 already has.  Functions and aggregates 0.1 has are redefined there in
-- place with CREATE OR REPLACE (same OIDs, so users' views, materialized
-- views, stored pg_cron commands and grants keep working; an aggregate gets
-- its new transition type this way); new types, functions, aggregates,
-- operators, operator classes, casts, triggers and policies are created.
-- The second marker line becomes the install script's COMMENT, GRANT and
-- REVOKE statements.  This file holds what CREATE OR REPLACE cannot do:
-- changes to the monitor tables and their rows (before the first marker
-- when they use only what 0.1 has, so that the policies and triggers
-- created after it find the new columns; between the markers when they
-- need an object of 0.2, e.g. a column of a new type), to operators and
-- triggers 0.1 already has, and the removal of what 0.2 no longer has.
-- Nothing is dropped with CASCADE: a user object that still depends on a
-- removed object stops the update with PostgreSQL's dependency error.
--
-- test/checks/upgrade.sh installs 0.1, runs this update, and names every
-- object whose definition then differs from a fresh 0.2 install.

\echo Use "ALTER EXTENSION mlcheck UPDATE TO '0.2'" to load this file. \quit

-- ------------------------------------------------ monitor tables: before

-- Baselines get an owner, as monitors have.  0.1 did not record who
-- created a baseline; a monitor reads its baseline as the monitor's owner
-- (and 0.2's row-level security shows a baseline only to its owner's
-- members), so the owner of an existing baseline is the owner of the
-- oldest monitor that uses it, else the owner of the profiled relation
-- (who can read its data anyway), else the role running the update.
ALTER TABLE mlcheck.baselines ADD COLUMN owner name;
UPDATE mlcheck.baselines b
   SET owner = coalesce(
         (SELECT m.owner FROM mlcheck.monitors m
           WHERE m.baseline OPERATOR(pg_catalog.=) b.name
           ORDER BY m.created_at, m.name LIMIT 1),
         (SELECT pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c
           WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(b.source)),
         CURRENT_USER);
ALTER TABLE mlcheck.baselines
    ALTER COLUMN owner SET DEFAULT CURRENT_USER,
    ALTER COLUMN owner SET NOT NULL;

-- A monitor whose owner is not a member of its baseline's owner cannot
-- read the baseline any more: say so now rather than at the next run.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT m.name, m.owner, b.name AS baseline, b.owner AS baseline_owner
          FROM mlcheck.monitors m JOIN mlcheck.baselines b ON b.name OPERATOR(pg_catalog.=) m.baseline
         WHERE m.owner OPERATOR(pg_catalog.<>) b.owner
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles a, pg_catalog.pg_roles o
                            WHERE a.rolname OPERATOR(pg_catalog.=) m.owner
                              AND o.rolname OPERATOR(pg_catalog.=) b.owner
                              AND (a.rolsuper OR pg_catalog.pg_has_role(a.oid, o.oid, 'MEMBER')))
         ORDER BY m.name
    LOOP
        RAISE WARNING 'monitor "%" (owner "%") will not be able to read baseline "%" (owner "%")',
                      r.name, r.owner, r.baseline, r.baseline_owner
            USING HINT = pg_catalog.format('GRANT %I TO %I, or give the monitor a baseline of its own owner.',
                                           r.baseline_owner, r.owner);
    END LOOP;
END
$$;

-- Monitors of every kind: the drift columns become optional (other kinds
-- have no column or baseline), new columns with defaults that every 0.1
-- row (a drift monitor) satisfies, and the kind-specific rules.
ALTER TABLE mlcheck.monitors
    ALTER COLUMN column_name DROP NOT NULL,
    ALTER COLUMN baseline DROP NOT NULL,
    ALTER COLUMN baseline_kind DROP NOT NULL,
    ADD COLUMN columns text[] NOT NULL DEFAULT '{}',
    ADD COLUMN label_delay interval NOT NULL DEFAULT '0'
        CONSTRAINT monitors_label_delay_check
        CHECK (label_delay OPERATOR(pg_catalog.>=) '0'::interval AND
               label_delay OPERATOR(pg_catalog.<=) '36525 days'::interval),
    ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb
        CONSTRAINT monitors_settings_check
        CHECK (pg_catalog.jsonb_typeof(settings) OPERATOR(pg_catalog.=) 'object');

-- 0.2 bounds the window at 100 years (36525 days); a longer one is
-- reported here, by name, instead of as a violated constraint.
DO $$
DECLARE
    v_names text;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(m.name), ', ' ORDER BY m.name) INTO v_names
      FROM mlcheck.monitors m WHERE m."window" OPERATOR(pg_catalog.>) '36525 days'::interval;
    IF v_names IS NOT NULL THEN
        RAISE EXCEPTION 'monitors with a window longer than 36525 days: %', v_names
            USING ERRCODE = '22023',
                  HINT = 'UPDATE mlcheck.monitors SET "window" = ... (at most 36525 days), or drop them, then update again.';
    END IF;
END
$$;

ALTER TABLE mlcheck.monitors
    DROP CONSTRAINT monitors_kind_check,
    ADD CONSTRAINT monitors_kind_check
        CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['drift', 'dataset_drift', 'validity',
                                                     'performance', 'estimated_performance'])),
    DROP CONSTRAINT monitors_window_check,
    ADD CONSTRAINT monitors_window_check
        CHECK ("window" OPERATOR(pg_catalog.>) '0'::interval AND
               "window" OPERATOR(pg_catalog.<=) '36525 days'::interval AND
               pg_catalog.date_part('month', "window") OPERATOR(pg_catalog.=) 0 AND
               pg_catalog.date_part('year', "window") OPERATOR(pg_catalog.=) 0),
    ADD CONSTRAINT monitors_drift_check CHECK (
        kind OPERATOR(pg_catalog.<>) 'drift' OR
        (column_name IS NOT NULL AND baseline IS NOT NULL AND baseline_kind IS NOT NULL)),
    DROP CONSTRAINT monitors_method_check,
    DROP CONSTRAINT monitors_threshold_check;

-- The owner check now fires on every INSERT and UPDATE (what a monitor
-- reads is re-checked whenever it changes); the new function is defined
-- below, the trigger is re-created after it.
DROP TRIGGER monitors_owner_check ON mlcheck.monitors;

--@@ objects of the new install script @@

-- ------------------------------------------------- monitor tables: after

-- The method and threshold rules of 0.2 are functions of 0.2 (created
-- above), the same the install script's constraints call.
ALTER TABLE mlcheck.monitors
    ADD CONSTRAINT monitors_method_check
        CHECK (mlcheck._monitor_method_valid(kind, method, baseline_kind)),
    ADD CONSTRAINT monitors_threshold_check
        CHECK (mlcheck._monitor_threshold_valid(kind, method, threshold));

-- Baselines of validity and estimated-performance monitors hold their
-- values in columns of their own (the calibrator column needs 0.2's type,
-- created above); every 0.1 row (a profile) satisfies the new rules.
-- Columns an update adds come after the existing ones.
ALTER TABLE mlcheck.baselines
    ADD COLUMN validity jsonb,
    ADD COLUMN calibrator mlcheck.calibrator,
    DROP CONSTRAINT baselines_kind_check,
    ADD CONSTRAINT baselines_kind_check
        CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['numeric', 'categorical', 'validity', 'calibrator'])),
    DROP CONSTRAINT baselines_profile_check,
    ADD CONSTRAINT baselines_profile_check
        CHECK (mlcheck._baseline_value_valid(kind, numeric_profile, categorical_profile, validity, calibrator));

CREATE TRIGGER monitors_owner_check BEFORE INSERT OR UPDATE ON mlcheck.monitors
    FOR EACH ROW EXECUTE FUNCTION mlcheck._monitors_owner_check();

-- --------------------------------------------------------------- operators

-- 0.2's = of confusion, calibration and regression (which 0.1 had) is
-- hashable and mergeable, with the usual selectivity estimators, like the
-- = of the other summary types.  ALTER OPERATOR sets the estimators;
-- before PostgreSQL 17 it cannot set HASHES and MERGES, and dropping the
-- operator would break (or, without CASCADE, block the update for) user
-- views and queries that compare summaries, so the two flags are set in
-- pg_operator directly (the extension is not trusted: the update runs as
-- a superuser).  The operator classes that back them are created above.
ALTER OPERATOR mlcheck.= (mlcheck.confusion, mlcheck.confusion) SET (RESTRICT = eqsel, JOIN = eqjoinsel);
ALTER OPERATOR mlcheck.= (mlcheck.calibration, mlcheck.calibration) SET (RESTRICT = eqsel, JOIN = eqjoinsel);
ALTER OPERATOR mlcheck.= (mlcheck.regression, mlcheck.regression) SET (RESTRICT = eqsel, JOIN = eqjoinsel);
ALTER OPERATOR mlcheck.<> (mlcheck.confusion, mlcheck.confusion) SET (RESTRICT = neqsel, JOIN = neqjoinsel);
ALTER OPERATOR mlcheck.<> (mlcheck.calibration, mlcheck.calibration) SET (RESTRICT = neqsel, JOIN = neqjoinsel);
ALTER OPERATOR mlcheck.<> (mlcheck.regression, mlcheck.regression) SET (RESTRICT = neqsel, JOIN = neqjoinsel);
UPDATE pg_catalog.pg_operator SET oprcanhash = true, oprcanmerge = true
 WHERE oid OPERATOR(pg_catalog.=) ANY (ARRAY[
       'mlcheck.=(mlcheck.confusion, mlcheck.confusion)'::pg_catalog.regoperator,
       'mlcheck.=(mlcheck.calibration, mlcheck.calibration)'::pg_catalog.regoperator,
       'mlcheck.=(mlcheck.regression, mlcheck.regression)'::pg_catalog.regoperator]::pg_catalog.oid[]);

-- ------------------------------------------------------------------ removed

-- The support functions of 0.1's `internal` aggregate states (transition,
-- final, combine, serial, deserial and merge functions): every aggregate
-- now uses the functions of its state type (replaced above).  They are the
-- functions of the extension with an `internal` argument other than the
-- binary input functions of its types (0.2 has no other); none is
-- replaced above, so none is 0.2's.  Dropped one by one, without CASCADE.
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN
        SELECT p.oid::pg_catalog.regprocedure AS sig FROM pg_catalog.pg_proc p
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'mlcheck'::pg_catalog.regnamespace
           AND 'pg_catalog.internal'::pg_catalog.regtype::pg_catalog.oid OPERATOR(pg_catalog.=) ANY (p.proargtypes)
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.typreceive OPERATOR(pg_catalog.=) p.oid)
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d       -- a member of the extension
                        WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                          AND d.objid OPERATOR(pg_catalog.=) p.oid AND d.deptype OPERATOR(pg_catalog.=) 'e')
         ORDER BY p.proname, p.oid
    LOOP
        EXECUTE pg_catalog.format('DROP FUNCTION %s', f.sig);
    END LOOP;
END
$$;

--@@ comments and privileges of the new install script @@
