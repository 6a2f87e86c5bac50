-- The extension owns schema mlcheck.  CREATE SCHEMA (not IF NOT EXISTS)
-- fails safely if someone pre-created a schema of that name to plant
-- objects in it (the control file installs into pg_catalog, pg_cron's idiom).
CREATE SCHEMA mlcheck;
COMMENT ON SCHEMA mlcheck IS 'mlcheck: ML model evaluation and monitoring';
GRANT USAGE ON SCHEMA mlcheck TO PUBLIC;
