-- Runs first: creates the extension in the regression database that every
-- later test file shares, and checks it cannot be relocated or hijacked
-- through a pre-created schema.
SET client_min_messages = warning;
CREATE SCHEMA mlcheck;
\set VERBOSITY terse
CREATE EXTENSION mlcheck;   -- fails: the schema name is taken
\set VERBOSITY default
DROP SCHEMA mlcheck;
CREATE EXTENSION mlcheck;
SELECT extname, extversion, extrelocatable, extnamespace::regnamespace
  FROM pg_extension WHERE extname = 'mlcheck';
-- every function of the extension is PARALLEL SAFE, except the ones that
-- write (DDL, monitor tables) and so must not run in a parallel worker:
-- they are listed here so a new one shows up as a diff
SELECT p.oid::regprocedure AS not_parallel_safe, p.proparallel
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
 WHERE p.proparallel <> 's'
 ORDER BY p.oid::regprocedure::text;
-- all aggregates are PARALLEL SAFE
SELECT count(*) AS aggregates_not_parallel_safe
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
 WHERE p.prokind = 'a' AND p.proparallel <> 's';
-- no SECURITY DEFINER anywhere
SELECT count(*) AS security_definer
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
 WHERE p.prosecdef;
-- every aggregate has a combine function, and internal states serialize
SELECT count(*) AS aggregates_missing_parallel_support
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
 WHERE a.aggcombinefn = 0
    OR (a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0));
-- every object of the extension has a comment
SELECT count(*) AS functions_without_comment
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
 WHERE obj_description(p.oid, 'pg_proc') IS NULL;
SELECT count(*) AS types_without_comment
  FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
 WHERE obj_description(t.oid, 'pg_type') IS NULL;
-- and every column of its tables
SELECT c.relname, a.attname AS column_without_comment
  FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relkind = 'r' AND col_description(c.oid, a.attnum) IS NULL
 ORDER BY 1, 2;
