"""A name-based dump of everything the mlcheck extension defines.

dump(conn) returns {object key: description}, where the key names the
object (e.g. "function mlcheck.roc_auc(mlcheck.scores)") and the
description is a tuple of (attribute, value) pairs built only from names,
never OIDs, so two databases (a fresh install and an updated one) can be
compared attribute by attribute with diff().

Covered: schema; functions and procedures (full definition: arguments with
names and defaults, result, language, volatility, strictness, parallel
safety, SECURITY DEFINER, cost/rows, SET options, body); aggregates (every
support function, state type, initial value, final modify, sort operator);
types (base: I/O functions, length, alignment, storage, category; composite:
attributes); operators; operator classes and families with their members;
casts; tables (columns with types, defaults, NOT NULL, identity, comments;
constraints; indexes; row-level security and policies; triggers; reloptions;
column order is reported separately, since ALTER TABLE ADD COLUMN can only
append); views and sequences; extension membership of every object in
schema mlcheck; comments; privileges (ACLs, with role names, and the
initial privileges pg_dump reads); the
extension's configuration tables (pg_extension_config_dump).
"""

EXT = """(SELECT d.objid FROM pg_catalog.pg_depend d
           JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
          WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
            AND d.deptype = 'e' AND d.classid = '{cls}'::pg_catalog.regclass)"""


def _ext(cls):
    return EXT.format(cls=cls)


def _rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetchall()


# Every query yields (key, attribute, value) rows; values are text.
QUERIES = [
    # schema
    """SELECT 'schema ' || n.nspname, a, v FROM pg_namespace n,
         LATERAL (VALUES ('owner', pg_get_userbyid(n.nspowner)),
                         ('acl', n.nspacl::text),
                         ('comment', obj_description(n.oid, 'pg_namespace'))) x(a, v)
       WHERE n.nspname = 'mlcheck'""",
    # functions and procedures (not aggregates: pg_get_functiondef refuses them)
    f"""SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' ELSE 'function ' END
                 || p.oid::regprocedure::text, a, v
       FROM pg_proc p,
         LATERAL (VALUES ('definition', pg_get_functiondef(p.oid)),
                         ('leakproof', p.proleakproof::text),
                         ('owner', pg_get_userbyid(p.proowner)),
                         ('acl', p.proacl::text),
                         ('comment', obj_description(p.oid, 'pg_proc'))) x(a, v)
       WHERE p.oid IN {_ext('pg_proc')} AND p.prokind IN ('f', 'p', 'w')""",
    # aggregates
    f"""SELECT 'aggregate ' || p.oid::regprocedure::text, a, v
       FROM pg_proc p JOIN pg_aggregate g ON g.aggfnoid = p.oid,
         LATERAL (VALUES
           ('arguments', pg_get_function_arguments(p.oid)),
           ('result', pg_get_function_result(p.oid)),
           ('kind', g.aggkind::text || '/' || g.aggnumdirectargs),
           ('transfn', g.aggtransfn::regprocedure::text),
           ('finalfn', nullif(g.aggfinalfn, 0)::regprocedure::text),
           ('combinefn', nullif(g.aggcombinefn, 0)::regprocedure::text),
           ('serialfn', nullif(g.aggserialfn, 0)::regprocedure::text),
           ('deserialfn', nullif(g.aggdeserialfn, 0)::regprocedure::text),
           ('moving', concat_ws(',', nullif(g.aggmtransfn, 0)::regprocedure, nullif(g.aggminvtransfn, 0)::regprocedure,
                                 nullif(g.aggmfinalfn, 0)::regprocedure, nullif(g.aggmtranstype, 0)::regtype,
                                 g.aggminitval)),
           ('stype', format_type(g.aggtranstype, NULL)),
           ('sspace', g.aggtransspace::text),
           ('initcond', g.agginitval),
           ('finalextra', g.aggfinalextra::text),
           ('finalmodify', g.aggfinalmodify::text),
           ('sortop', nullif(g.aggsortop, 0)::regoperator::text),
           ('volatility', p.provolatile::text),
           ('strict', p.proisstrict::text),
           ('parallel', p.proparallel::text),
           ('owner', pg_get_userbyid(p.proowner)),
           ('acl', p.proacl::text),
           ('comment', obj_description(p.oid, 'pg_proc'))) x(a, v)
       WHERE p.oid IN {_ext('pg_proc')}""",
    # types (base, composite, enum, domain; array types follow their element)
    f"""SELECT 'type ' || format_type(t.oid, NULL), a, v
       FROM pg_type t,
         LATERAL (VALUES
           ('typtype', t.typtype::text),
           ('length', t.typlen::text || ' ' || t.typbyval::text || ' ' || t.typalign::text || ' ' || t.typstorage::text),
           ('category', t.typcategory::text || ' ' || t.typispreferred::text || ' ' || t.typdelim::text),
           ('io', concat_ws(' ', t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc,
                            t.typsend::regproc, t.typmodin::regproc, t.typmodout::regproc, t.typanalyze::regproc,
                            t.typsubscript::regproc)),
           ('element', nullif(t.typelem, 0)::regtype::text),
           ('array', nullif(t.typarray, 0)::regtype::text),
           ('basetype', nullif(t.typbasetype, 0)::regtype::text || ' ' || t.typnotnull::text),
           ('default', t.typdefault),
           ('collation', nullif(t.typcollation, 0)::regcollation::text),
           ('attributes', (SELECT string_agg(att.attname || ' ' || format_type(att.atttypid, att.atttypmod), ', '
                                               ORDER BY att.attnum)
                             FROM pg_attribute att WHERE att.attrelid = t.typrelid AND att.attnum > 0
                              AND NOT att.attisdropped)),
           ('enum', (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e
                      WHERE e.enumtypid = t.oid)),
           ('owner', pg_get_userbyid(t.typowner)),
           ('acl', t.typacl::text),
           ('comment', obj_description(t.oid, 'pg_type'))) x(a, v)
       WHERE t.oid IN {_ext('pg_type')}""",
    # operators
    f"""SELECT 'operator ' || o.oid::regoperator::text, a, v
       FROM pg_operator o,
         LATERAL (VALUES
           ('result', format_type(o.oprresult, NULL)),
           ('code', o.oprcode::regprocedure::text),
           ('commutator', nullif(o.oprcom, 0)::regoperator::text),
           ('negator', nullif(o.oprnegate, 0)::regoperator::text),
           ('estimators', concat_ws(' ', nullif(o.oprrest, 0)::regproc, nullif(o.oprjoin, 0)::regproc)),
           ('merges_hashes', o.oprcanmerge::text || ' ' || o.oprcanhash::text),
           ('comment', obj_description(o.oid, 'pg_operator'))) x(a, v)
       WHERE o.oid IN {_ext('pg_operator')}""",
    # operator families with their operators and support functions
    f"""SELECT 'operator family ' || f.opfname || ' using ' || am.amname, a, v
       FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod,
         LATERAL (VALUES
           ('operators', (SELECT string_agg(format('%s %s %s', ao.amopstrategy, ao.amopopr::regoperator,
                                                  ao.amoppurpose), ', ' ORDER BY ao.amopstrategy, ao.amopopr::regoperator::text)
                            FROM pg_amop ao WHERE ao.amopfamily = f.oid)),
           ('functions', (SELECT string_agg(format('%s %s', ap.amprocnum, ap.amproc::regprocedure), ', '
                                            ORDER BY ap.amprocnum, ap.amproc::regprocedure::text)
                            FROM pg_amproc ap WHERE ap.amprocfamily = f.oid)),
           ('comment', obj_description(f.oid, 'pg_opfamily'))) x(a, v)
       WHERE f.oid IN {_ext('pg_opfamily')}""",
    f"""SELECT 'operator class ' || c.opcname || ' using ' || am.amname, a, v
       FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod,
         LATERAL (VALUES
           ('family', (SELECT f.opfname FROM pg_opfamily f WHERE f.oid = c.opcfamily)),
           ('input', format_type(c.opcintype, NULL)),
           ('default', c.opcdefault::text),
           ('storage', nullif(c.opckeytype, 0)::regtype::text),
           ('comment', obj_description(c.oid, 'pg_opclass'))) x(a, v)
       WHERE c.oid IN {_ext('pg_opclass')}""",
    # casts
    f"""SELECT 'cast (' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')', a, v
       FROM pg_cast c,
         LATERAL (VALUES ('function', nullif(c.castfunc, 0)::regprocedure::text),
                         ('context', c.castcontext::text), ('method', c.castmethod::text),
                         ('comment', obj_description(c.oid, 'pg_cast'))) x(a, v)
       WHERE c.oid IN {_ext('pg_cast')}""",
    # relations
    f"""SELECT CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                              WHEN 'S' THEN 'sequence ' ELSE 'relation ' || c.relkind::text || ' ' END
                 || c.oid::regclass::text, a, v
       FROM pg_class c,
         LATERAL (VALUES
           ('owner', pg_get_userbyid(c.relowner)),
           ('acl', c.relacl::text),
           ('options', c.reloptions::text),
           ('persistence', c.relpersistence::text),
           ('row security', c.relrowsecurity::text || ' force ' || c.relforcerowsecurity::text),
           ('view', CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END),
           ('comment', obj_description(c.oid, 'pg_class'))) x(a, v)
       WHERE c.oid IN {_ext('pg_class')}""",
    # columns
    f"""SELECT 'column ' || c.oid::regclass::text || '.' || quote_ident(att.attname), a, v
       FROM pg_class c JOIN pg_attribute att ON att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped,
         LATERAL (VALUES
           ('type', format_type(att.atttypid, att.atttypmod)),
           ('not null', att.attnotnull::text),
           ('default', pg_get_expr((SELECT ad.adbin FROM pg_attrdef ad
                                     WHERE ad.adrelid = c.oid AND ad.adnum = att.attnum), c.oid)),
           ('identity', nullif(att.attidentity, '')::text),
           ('generated', nullif(att.attgenerated, '')::text),
           ('collation', nullif(att.attcollation, 0)::regcollation::text),
           ('acl', att.attacl::text),
           ('comment', col_description(c.oid, att.attnum))) x(a, v)
       WHERE c.oid IN {_ext('pg_class')} AND c.relkind IN ('r', 'v', 'm', 'p')""",
    # constraints (tables and domains)
    f"""SELECT 'constraint ' || con.conname || ' on ' || coalesce(con.conrelid::regclass::text, con.contypid::regtype::text),
              a, v
       FROM pg_constraint con,
         LATERAL (VALUES ('definition', pg_get_constraintdef(con.oid)),
                         ('deferrable', con.condeferrable::text || ' ' || con.condeferred::text),
                         ('comment', obj_description(con.oid, 'pg_constraint'))) x(a, v)
       WHERE con.conrelid IN {_ext('pg_class')} OR con.contypid IN {_ext('pg_type')}""",
    # indexes (including those of constraints)
    f"""SELECT 'index ' || i.indexrelid::regclass::text, 'definition', pg_get_indexdef(i.indexrelid)
       FROM pg_index i WHERE i.indrelid IN {_ext('pg_class')}""",
    # policies
    f"""SELECT 'policy ' || p.polname || ' on ' || p.polrelid::regclass::text, a, v
       FROM pg_policy p,
         LATERAL (VALUES ('command', p.polcmd::text), ('permissive', p.polpermissive::text),
                         ('roles', (SELECT string_agg(CASE r WHEN 0 THEN 'public' ELSE pg_get_userbyid(r)::text END, ',' ORDER BY 1)
                                      FROM unnest(p.polroles) r)),
                         ('using', pg_get_expr(p.polqual, p.polrelid)),
                         ('with check', pg_get_expr(p.polwithcheck, p.polrelid)),
                         ('comment', obj_description(p.oid, 'pg_policy'))) x(a, v)
       WHERE p.polrelid IN {_ext('pg_class')}""",
    # triggers
    f"""SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text, a, v
       FROM pg_trigger t,
         LATERAL (VALUES ('definition', pg_get_triggerdef(t.oid)), ('enabled', t.tgenabled::text),
                         ('comment', obj_description(t.oid, 'pg_trigger'))) x(a, v)
       WHERE t.tgrelid IN {_ext('pg_class')} AND NOT t.tgisinternal""",
    # extension membership of everything in schema mlcheck
    """SELECT 'member ' || pg_describe_object(o.classid, o.objid, 0), 'extension member',
              (EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                        WHERE e.extname = 'mlcheck' AND d.deptype = 'e' AND d.classid = o.classid
                          AND d.objid = o.objid))::text
       FROM (SELECT 'pg_proc'::regclass classid, oid objid FROM pg_proc
              WHERE pronamespace = 'mlcheck'::regnamespace
             UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type
              WHERE typnamespace = 'mlcheck'::regnamespace
                AND NOT (typtype = 'c' AND typrelid IN (SELECT oid FROM pg_class WHERE relkind <> 'c'))
                AND NOT (typcategory = 'A' AND typelem IN (SELECT t2.oid FROM pg_type t2, pg_class c2
                                                           WHERE t2.typrelid = c2.oid AND c2.relkind <> 'c'))
             UNION ALL SELECT 'pg_class'::regclass, oid FROM pg_class
              WHERE relnamespace = 'mlcheck'::regnamespace AND relkind IN ('r', 'v', 'm', 'S', 'p', 'f')
             UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator
              WHERE oprnamespace = 'mlcheck'::regnamespace
             UNION ALL SELECT 'pg_opclass'::regclass, oid FROM pg_opclass
              WHERE opcnamespace = 'mlcheck'::regnamespace
             UNION ALL SELECT 'pg_opfamily'::regclass, oid FROM pg_opfamily
              WHERE opfnamespace = 'mlcheck'::regnamespace) o""",
    # initial privileges (what pg_dump takes as the extension's own grants)
    """SELECT 'initial privileges of ' || pg_describe_object(ip.classoid, ip.objoid, ip.objsubid), 'initprivs',
              ip.privtype::text || ' ' || ip.initprivs::text
       FROM pg_init_privs ip
       JOIN pg_depend d ON d.classid = ip.classoid AND d.objid = ip.objoid AND d.deptype = 'e'
       JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'""",
    # configuration tables dumped by pg_dump
    """SELECT 'extension mlcheck', 'configuration',
              (SELECT string_agg(c.relid::regclass::text || coalesce(' ' || c.cond, ''), ', ' ORDER BY 1)
                 FROM unnest(e.extconfig, e.extcondition) c(relid, cond))
       FROM pg_extension e WHERE e.extname = 'mlcheck'""",
]


def dump(conn):
    """{key: {attribute: value}} of every object of the extension."""
    cur = conn.cursor()
    cur.execute("SET search_path = pg_catalog, pg_temp")
    out = {}
    try:
        for q in QUERIES:
            for key, attr, val in _rows(conn, q):
                out.setdefault(key, {})[attr] = val
        # column order of each table (informational: an update can only append)
        for key, val in _rows(conn, f"""
                SELECT 'table ' || c.oid::regclass::text,
                       string_agg(quote_ident(att.attname), ', ' ORDER BY att.attnum)
                FROM pg_class c JOIN pg_attribute att ON att.attrelid = c.oid AND att.attnum > 0
                                                      AND NOT att.attisdropped
                WHERE c.oid IN {_ext('pg_class')} AND c.relkind = 'r' GROUP BY c.oid"""):
            out.setdefault(key, {})["column order"] = val
    finally:
        cur.execute("RESET search_path")
    return out


def diff(want, got, ignore=()):
    """Differences between two dumps: [(key, what, want value, got value)].
    what is 'missing' (in want only), 'extra' (in got only) or an attribute."""
    out = []
    for key in sorted(set(want) | set(got)):
        if key not in got:
            out.append((key, "missing", None, None))
        elif key not in want:
            out.append((key, "extra", None, None))
        else:
            for attr in sorted(set(want[key]) | set(got[key])):
                if attr in ignore:
                    continue
                a, b = want[key].get(attr), got[key].get(attr)
                if a != b:
                    out.append((key, attr, a, b))
    return out
