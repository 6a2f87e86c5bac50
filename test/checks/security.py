"""Security: search_path hijacking, SECURITY DEFINER, views, install script, RLS.

  - catalog: no SECURITY DEFINER; every plpgsql function/procedure pins
    search_path (pg_catalog first, pg_temp last); SQL-language functions
    that do not pin it reference nothing unqualified (operators only as
    OPERATOR(schema.op)); every view of the extension is security_invoker;
    all objects live in schema mlcheck; tables writable by PUBLIC use RLS;
    the control file is not trusted; the install script has no CREATE OR
    REPLACE / IF NOT EXISTS; a pre-created schema mlcheck makes CREATE
    EXTENSION fail.
  - dynamic: a hostile schema first in search_path (before pg_catalog), with
    functions, aggregates and operators named like everything the
    extension's SQL bodies call (each raises 'HIJACKED ...') and temp tables
    named like the extension's tables; every SQL-callable function of the
    extension that the check can call (all-summary/float8 arguments
    generically; slice_report, create_slice_view and the monitor API by
    recipe) must give the same answer as with a clean search_path.
  - row-level security on a prediction table is respected by slice_report
    and slice views for a non-superuser role.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "security"
chk = L.Checker(SUITE)
conn = L.own_database("security")
cur = conn.cursor()
cur.execute("SET extra_float_digits = 3")
aggs = L.ext_aggregates(conn)
types = L.summary_type_names(conn)
funcs = L.ext_functions(conn, kinds=("f", "p"))

# ------------------------------------------------------------ catalog checks
secdef = [f[0] for f in funcs if f[6]]
chk.check("no_security_definer", not secdef, f"SECURITY DEFINER: {secdef}")


def path_of(cfg):
    for c in cfg or []:
        if c.startswith("search_path="):
            return [x.strip().strip('"') for x in c.split("=", 1)[1].split(",")]
    return None


bad_path = []
for sig, name, lang, *_rest in funcs:
    cfg = _rest[4]
    if lang == "plpgsql":
        p = path_of(cfg)
        if not p or p[0] != "pg_catalog" or p[-1] != "pg_temp":
            bad_path.append(f"{sig}: {p}")
chk.check("plpgsql_pins_search_path", not bad_path, f"{len(bad_path)} without 'pg_catalog, ..., pg_temp': {bad_path[:5]}")

SQL_WORDS = {"select", "from", "where", "in", "values", "array", "case", "cast", "exists", "any", "all", "some",
             "coalesce", "nullif", "greatest", "least", "row", "filter", "over", "within", "and", "or", "not",
             "as", "on", "using", "join", "lateral", "returning", "with", "recursive", "union", "except",
             "intersect", "into", "set", "when", "then", "else", "end", "is", "by", "group", "order", "limit",
             "offset", "having", "window", "partition", "rows", "range", "between", "distinct", "table",
             "operator", "interval", "timestamp", "timestamptz", "date", "time", "extract", "overlay",
             "position", "substring", "trim", "collate", "grouping", "cube", "rollup", "sets", "like", "ilike",
             "similar", "numeric", "decimal", "varchar", "char", "character", "float", "double", "precision"}


def strip_literals(body):
    body = re.sub(r"--[^\n]*", " ", body)
    body = re.sub(r"'(?:[^']|'')*'", "''", body)
    body = re.sub(r'"(?:[^"]|"")*"', "id", body)
    return body


unsafe_sql = []
for sig, name, lang, rettype, nargs, argtypes, sd, cfg, src, kind, retset, ndef in funcs:
    if lang != "sql" or path_of(cfg):
        continue
    b = strip_literals(src)
    calls = [m.group(1) for m in re.finditer(r"(?<![\w.$\"])([A-Za-z_][\w$]*)\s*\(", b)
             if m.group(1).lower() not in SQL_WORDS]
    b2 = re.sub(r"OPERATOR\s*\([^)]*\)", " ", b, flags=re.I)
    b2 = re.sub(r"::|=>|:=", " ", b2)
    ops = re.findall(r"[=<>!~+*/%|&^#@-]+", b2)
    ops = [o for o in ops if o not in ("-",) or re.search(r"\w\s*-\s*\w", b2)]
    if calls or ops:
        unsafe_sql.append(f"{sig}: calls {calls[:5]} operators {ops[:5]}")
chk.check("sql_functions_without_search_path_are_qualified", not unsafe_sql,
          f"{len(unsafe_sql)} SQL functions without SET search_path use unqualified names: {unsafe_sql[:4]}")

views = L.common.rows(conn, f"""
    SELECT c.oid::regclass::text, coalesce(c.reloptions, '{{}}')
    FROM pg_class c WHERE c.oid IN ({L.EXT_OBJS} AND d.classid = 'pg_class'::regclass) AND c.relkind = 'v'""")
bad_views = [v for v, opts in views if "security_invoker=true" not in opts and "security_invoker=on" not in opts]
chk.check("extension_views_security_invoker", not bad_views, f"views without security_invoker: {bad_views}")

outside = L.common.rows(conn, f"""
    SELECT pg_describe_object(d.classid, d.objid, 0) FROM pg_depend d
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
    WHERE d.deptype = 'e' AND (
      (d.classid = 'pg_proc'::regclass AND (SELECT pronamespace FROM pg_proc WHERE oid = d.objid) <> 'mlcheck'::regnamespace) OR
      (d.classid = 'pg_type'::regclass AND (SELECT typnamespace FROM pg_type WHERE oid = d.objid) <> 'mlcheck'::regnamespace) OR
      (d.classid = 'pg_class'::regclass AND (SELECT relnamespace FROM pg_class WHERE oid = d.objid) <> 'mlcheck'::regnamespace) OR
      (d.classid = 'pg_operator'::regclass AND (SELECT oprnamespace FROM pg_operator WHERE oid = d.objid) <> 'mlcheck'::regnamespace))""")
chk.check("all_objects_in_schema_mlcheck", not outside, f"objects outside schema mlcheck: {outside}")

pub_write = L.common.rows(conn, f"""
    SELECT c.oid::regclass::text FROM pg_class c
    WHERE c.oid IN ({L.EXT_OBJS} AND d.classid = 'pg_class'::regclass) AND c.relkind IN ('r', 'p')
      AND (has_table_privilege('public', c.oid, 'INSERT') OR has_table_privilege('public', c.oid, 'UPDATE')
           OR has_table_privilege('public', c.oid, 'DELETE') OR has_table_privilege('public', c.oid, 'TRUNCATE'))
      AND NOT c.relrowsecurity""")
chk.check("public_writable_tables_use_rls", not pub_write, f"tables writable by PUBLIC without RLS: {pub_write}")

sharedir = subprocess.run(["pg_config", "--sharedir"], capture_output=True, text=True).stdout.strip()
control = open(os.path.join(sharedir, "extension", "mlcheck.control")).read()
chk.check("control_not_trusted", not re.search(r"^\s*trusted\s*=\s*(true|on|yes)", control, re.M),
          "mlcheck.control says trusted = true (must be justified in the README)")
chk.check("control_not_relocatable", re.search(r"^\s*relocatable\s*=\s*false", control, re.M) is not None,
          "relocatable must be false")
scripts = [f for f in os.listdir(os.path.join(sharedir, "extension")) if re.match(r"mlcheck--.*\.sql$", f)]
offending = []
sys.path.insert(0, os.path.join(L.ROOT, "src", "update"))
import gen_update  # noqa: E402
for f in scripts:
    text = open(os.path.join(sharedir, "extension", f)).read()
    # an update script mlcheck--A--B.sql may CREATE OR REPLACE only what the
    # install script of A created (objects the extension already owns)
    upd = re.match(r"mlcheck--(.+)--(.+)\.sql$", f)
    owned = {}
    if upd:
        owned = gen_update.created_objects(open(os.path.join(sharedir, "extension", f"mlcheck--{upd.group(1)}.sql")).read())
        for _, stmt in gen_update.statements(text):
            k = gen_update.object_key(stmt)
            if re.match(r"CREATE\s+OR\s+REPLACE\b", stmt, re.I) and (k is None or k[1] not in owned):
                offending.append(f"{f}: CREATE OR REPLACE of {k[1] if k else stmt[:60]}, which {upd.group(1)} did not create")
    body = strip_literals(text)
    body = re.sub(r"\$(\w*)\$.*?\$\1\$", " ", body, flags=re.S)      # function bodies
    for m in re.finditer(r"CREATE\s+OR\s+REPLACE\s+\w+(\s+\w+)?|CREATE\s+(?:SCHEMA|TABLE|INDEX|SEQUENCE|TYPE)\s+IF\s+NOT\s+EXISTS",
                         body, re.I):
        if not (upd and m.group(0).upper().startswith("CREATE")
                and re.match(r"CREATE\s+OR\s+REPLACE", m.group(0), re.I)):
            offending.append(f"{f}: {m.group(0)}")
chk.check("install_script_no_create_or_replace", scripts and not offending,
          f"scripts {scripts}; risky statements: {offending[:5]}")

# a schema named mlcheck planted by an ordinary user must make CREATE EXTENSION fail
admin = L._connect("postgres")
acur = admin.cursor()
acur.execute("DROP DATABASE IF EXISTS mlcheck_checks_security_plant WITH (FORCE)")
acur.execute("CREATE DATABASE mlcheck_checks_security_plant")
acur.execute("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mlc_sec_evil') THEN "
             "CREATE ROLE mlc_sec_evil LOGIN; END IF; END$$")
acur.execute("GRANT CREATE ON DATABASE mlcheck_checks_security_plant TO mlc_sec_evil")
pc = L._connect("mlcheck_checks_security_plant")
pcur = pc.cursor()
pcur.execute("SET ROLE mlc_sec_evil; CREATE SCHEMA mlcheck; RESET ROLE")
o = L.run(pc, "CREATE EXTENSION mlcheck")
chk.check("planted_schema_blocks_create_extension", not o.ok, f"CREATE EXTENSION succeeded into a schema owned by another role")
pc.close()
acur.execute("DROP DATABASE mlcheck_checks_security_plant WITH (FORCE)")

# ------------------------------------------------------------ hostile schema
names = set()
for f in funcs:
    if f[2] in ("sql", "plpgsql"):
        b = strip_literals(f[8])
        names |= {m.lower() for m in re.findall(r"(?<![\w$])([A-Za-z_][\w$]*)\s*\(", b)}
names -= SQL_WORDS | {"mlcheck", "pg_catalog", "if", "return", "raise", "perform", "execute", "format_type"}
names |= {"abs", "format", "count", "sum", "min", "max", "avg", "round", "sqrt", "ln", "exp", "power", "lower",
          "upper", "btrim", "length", "quote_ident", "quote_literal", "quote_nullable", "array_agg", "string_agg",
          "jsonb_build_object", "to_jsonb", "now", "unnest", "generate_series", "concat", "left", "right",
          "array_length", "cardinality", "floor", "ceil", "greatest", "least", "stddev", "variance",
          "percentile_cont", "row_number", "parse_ident", "current_schema", "pg_notify", "set_config",
          "current_setting", "jsonb_agg", "json_build_object", "regexp_replace", "replace", "split_part",
          "date_trunc", "to_char", "ident", "sign", "random", "isfinite", "trunc"}
names = {n for n in names if re.fullmatch(r"[a-z_][a-z0-9_]*", n) and not n.startswith("_")}
ARGSETS = [["text"], ["double precision"], ["numeric"], ["bigint"], ["integer"], ["anyelement"], ["regclass"],
           ["text", "text"], ["double precision", "double precision"], ["numeric", "integer"],
           ["text", "integer"], ["anyelement", "anyelement"], ["anyarray"], ["text", "anyelement"],
           ["double precision", "integer"], ["interval"], ["timestamp with time zone"], ["jsonb"]]

cur.execute("CREATE SCHEMA evil")
cur.execute("CREATE FUNCTION evil._boom(anyelement, VARIADIC text[] DEFAULT '{}') RETURNS anyelement LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION 'HIJACKED: %', $2; END$$")
cur.execute("CREATE FUNCTION evil._boom_text(VARIADIC text[]) RETURNS text LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION 'HIJACKED: %', $1; END$$")
cur.execute("CREATE FUNCTION evil._boom_bool(VARIADIC text[]) RETURNS boolean LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION 'HIJACKED: %', $1; END$$")
planted = 0
for n in sorted(names):
    for args in ARGSETS:
        arglist = ", ".join(args)
        poly = any(a.startswith("any") for a in args)
        ret = "anyelement" if "anyelement" in args else ("text" if not poly else "anyelement")
        if args == ["anyarray"]:
            ret = "anyarray"
        elif not poly:
            ret = args[0]
        try:
            cur.execute(f"CREATE FUNCTION evil.{n}({arglist}) RETURNS {ret} LANGUAGE plpgsql AS "
                        f"$$BEGIN RAISE EXCEPTION 'HIJACKED: evil.{n}({arglist})'; END$$")
            planted += 1
        except L.psycopg2.Error:
            pass
# aggregates named like the built-in ones
for n, st, arg in (("count", "bigint", "*"), ("count", "bigint", "anyelement"), ("sum", "double precision", "double precision"),
                   ("sum", "bigint", "bigint"), ("min", "double precision", "double precision"),
                   ("max", "double precision", "double precision"), ("avg", "double precision", "double precision"),
                   ("array_agg", "text", "text"), ("string_agg", "text", "text, text"), ("bool_and", "boolean", "boolean")):
    sf = f"evil._agg_{n}_{abs(hash(arg)) % 1000}"
    sargs = "" if arg == "*" else ", " + arg
    try:
        cur.execute(f"CREATE FUNCTION {sf}({st}{sargs}) RETURNS {st} LANGUAGE plpgsql AS "
                    f"$$BEGIN RAISE EXCEPTION 'HIJACKED: evil.{n}({arg})'; END$$")
        cur.execute(f"CREATE AGGREGATE evil.{n}({arg}) (SFUNC = {sf}, STYPE = {st})")
        planted += 1
    except L.psycopg2.Error:
        pass
# operators
for t in ("text", "double precision", "integer", "bigint", "numeric", "oid", "name", "boolean", "regclass",
          "timestamp with time zone", "interval", "jsonb", "\"char\"", "text[]"):
    tn = re.sub(r"\W", "_", t)
    cur.execute(f"CREATE FUNCTION evil._op_{tn}({t}, {t}) RETURNS boolean LANGUAGE plpgsql AS "
                f"$$BEGIN RAISE EXCEPTION 'HIJACKED: operator on {t}'; END$$")
    cur.execute(f"CREATE FUNCTION evil._opv_{tn}({t}, {t}) RETURNS {t} LANGUAGE plpgsql AS "
                f"$$BEGIN RAISE EXCEPTION 'HIJACKED: operator on {t}'; END$$")
    for op in ("=", "<>", "<", ">", "<=", ">=", "~~", "@>"):
        cur.execute(f"CREATE OPERATOR evil.{op} (LEFTARG = {t}, RIGHTARG = {t}, FUNCTION = evil._op_{tn})")
        planted += 1
    for op in ("+", "-", "*", "/", "||", "%"):
        cur.execute(f"CREATE OPERATOR evil.{op} (LEFTARG = {t}, RIGHTARG = {t}, FUNCTION = evil._opv_{tn})")
        planted += 1
# relations named like the extension's tables
for (rel,) in L.common.rows(conn, f"""SELECT c.relname FROM pg_class c
        WHERE c.oid IN ({L.EXT_OBJS} AND d.classid = 'pg_class'::regclass) AND c.relkind IN ('r','v','p')"""):
    cur.execute(f"CREATE TABLE evil.{rel} (x int)")
    planted += 1
chk.check("hostile_schema_planted", planted > 100, f"only {planted} hostile objects")

HOSTILE = "evil, pg_catalog, public"
CLEAN = "public"


EXT_RELS = [r for (r,) in L.common.rows(conn, f"""SELECT c.relname FROM pg_class c
        WHERE c.oid IN ({L.EXT_OBJS} AND d.classid = 'pg_class'::regclass) AND c.relkind IN ('r','v','p')""")]


def temp_tables():
    for rel in EXT_RELS:
        L.run(conn, f"CREATE TEMP TABLE IF NOT EXISTS {rel} (x int)")


def compare(name, sql, args=None, setup=None):
    """Run sql under a clean and a hostile search_path; answers must be equal."""
    res = []
    for path in (CLEAN, HOSTILE):
        cur.execute(f"SET search_path = {path}")
        if setup:
            setup()
        o = L.run(conn, sql, args)
        res.append(o)
        cur.execute("SET search_path = public")
    c, h = res
    if not h.ok and "HIJACKED" in str(h.error):
        return chk.check(f"hostile_search_path/{name}", False, f"hijacked: {h.texts()[:200]}")
    same = (c.ok and h.ok and c.rows == h.rows) or (not c.ok and not h.ok and c.sqlstate == h.sqlstate)
    return chk.check(f"hostile_search_path/{name}", same, f"clean {c.describe()[:150]} vs hostile {h.describe()[:150]}")


# samples of every summary type (two different ones, for two-argument functions)
samples = {}
for t in types:
    s1 = L.sample_value_sql(conn, aggs, t, seed=1)
    s2 = L.sample_value_sql(conn, aggs, t, seed=2)
    if s1:
        samples[t] = (s1, s2 or s1)

covered = set()
for sig, name, lang, rettype, nargs, argtypes, sd, cfg, src, kind, retset, ndef in funcs:
    if kind != "f" or name.startswith("_"):
        continue
    req = argtypes[: nargs - ndef]
    vals, ok = [], True
    seen_sum = 0
    for t in req:
        if t.startswith("mlcheck.") and t[8:] in samples:
            vals.append(f"%s::{t}")
            seen_sum += 1
        elif t == "double precision":
            vals.append("0.5::float8")
        elif t in ("integer", "bigint"):
            vals.append(f"1::{t}")
        elif t == "boolean":
            vals.append("true")
        else:
            ok = False
    if not ok or not req:
        continue
    args = []
    k = 0
    for t in req:
        if t.startswith("mlcheck."):
            args.append(samples[t[8:]][k % 2])
            k += 1
    q = (f"SELECT t::text FROM mlcheck.{name}({', '.join(vals)}) t" if retset or rettype == "record" else
         f"SELECT mlcheck.{name}({', '.join(vals)})::text")
    covered.add(sig)
    compare(sig, q, args)

# ---- recipes for functions taking relations / column names (slice reports, monitors)
cur.execute("""CREATE TABLE public.preds (id int, tenant text, seg text, region text, y boolean, p boolean,
               score float8, x float8, ts timestamptz)""")
cur.execute("""INSERT INTO public.preds SELECT i, CASE WHEN i % 4 = 0 THEN 'bob' ELSE 'alice' END,
               'seg' || (i % 3), 'r' || (i % 2), (i * 7919) % 3 = 0, (i * 104729) % 4 = 0,
               ((i * 7919) % 1000) / 1000.0, ((i * 31) % 97)::float8, now() - (i % 48) * interval '1 hour'
               FROM generate_series(1, 400) i""")
existing = {f[1] for f in funcs}
if "slice_report" in existing:
    q = "SELECT r::text FROM mlcheck.slice_report('public.preds'::regclass, 'y', 'p', ARRAY['seg', 'region'], 'score', 10) r ORDER BY 1"
    compare("recipe/slice_report", q, setup=temp_tables)
    covered.add("slice_report")
if "create_slice_view" in existing:
    cur.execute("SET search_path = evil, pg_catalog, public")
    o1 = L.run(conn, "SELECT mlcheck.create_slice_view('public.sv_hostile', 'public.preds'::regclass, 'y', 'p', ARRAY['seg'], 'score', 10)")
    cur.execute("SET search_path = public")
    o2 = L.run(conn, "SELECT mlcheck.create_slice_view('public.sv_clean', 'public.preds'::regclass, 'y', 'p', ARRAY['seg'], 'score', 10)")
    a = L.run(conn, "SELECT v::text FROM public.sv_hostile v ORDER BY 1")
    cur.execute("SET search_path = evil, pg_catalog, public")
    b = L.run(conn, "SELECT v::text FROM public.sv_clean v ORDER BY 1")
    cur.execute("SET search_path = public")
    chk.check("hostile_search_path/recipe/slice_view_query", o1.ok and o2.ok and a.ok and b.ok and a.rows == b.rows,
              f"{o1.describe()[:100]} {o2.describe()[:100]} {a.describe()[:100]} {b.describe()[:100]}")
    inv = L.run(conn, "SELECT bool_and(coalesce(reloptions, '{}') @> ARRAY['security_invoker=true']) FROM pg_class "
                      "WHERE oid IN ('public.sv_hostile'::regclass, 'public.sv_clean'::regclass)")
    chk.check("created_slice_views_security_invoker", inv.ok and inv.value is True, inv.describe())
    covered.add("create_slice_view")
if "create_baseline" in existing:
    c1 = L.run(conn, "SELECT count(*) FROM mlcheck.baselines")
    cur.execute("SET search_path = evil, pg_catalog, public")
    h = L.run(conn, "SELECT mlcheck.create_baseline('bh', 'public.preds'::regclass, 'x')")
    cur.execute("SET search_path = public")
    c = L.run(conn, "SELECT mlcheck.create_baseline('bc', 'public.preds'::regclass, 'x')")
    chk.check("hostile_search_path/recipe/create_baseline_direct", h.ok and c.ok and "HIJACKED" not in h.texts(),
              f"hostile {h.describe()[:200]} clean {c.describe()[:200]} (baselines {c1.describe()})")
    covered.add("create_baseline")
    if "add_monitor" in existing:
        cur.execute("SET search_path = evil, pg_catalog, public")
        h = L.run(conn, "SELECT mlcheck.add_monitor('mh', 'public.preds'::regclass, 'x', 'ts', 'bh', interval '1 day')")
        r = L.run(conn, "CALL mlcheck.run_monitors('mh')") if h.ok else h
        cur.execute("SET search_path = public")
        c = L.run(conn, "SELECT mlcheck.add_monitor('mc', 'public.preds'::regclass, 'x', 'ts', 'bc', interval '1 day')")
        r2 = L.run(conn, "CALL mlcheck.run_monitors('mc')") if c.ok else c
        chk.check("hostile_search_path/recipe/monitors", h.ok and r.ok and c.ok and r2.ok,
                  f"hostile add {h.describe()[:150]} run {r.describe()[:150]}; clean {c.describe()[:100]} {r2.describe()[:100]}")
        covered.add("add_monitor")
if "drift_report" in existing:
    cur.execute("CREATE TABLE public.preds_ref AS SELECT * FROM public.preds WHERE id % 2 = 0")
    q = "SELECT r::text FROM mlcheck.drift_report('public.preds_ref'::regclass, 'public.preds'::regclass) r ORDER BY 1"
    compare("recipe/drift_report", q, setup=temp_tables)
    covered.add("drift_report")
    if "dataset_drift" in existing:
        q = "SELECT r::text FROM mlcheck.dataset_drift('public.preds_ref'::regclass, 'public.preds'::regclass) r"
        compare("recipe/dataset_drift", q, setup=temp_tables)
        covered.add("dataset_drift")
    if "add_drift_monitors" in existing:
        cur.execute("SET search_path = evil, pg_catalog, public")
        h = L.run(conn, "SELECT pg_catalog.count(*) FROM mlcheck.add_drift_monitors('dh', 'public.preds'::regclass, 'ts', "
                        "interval '1 day', 'public.preds_ref'::regclass, ARRAY['x', 'seg', 'id'])")
        r = L.run(conn, "CALL mlcheck.run_monitors('dh')") if h.ok else h
        cur.execute("SET search_path = public")
        st = L.run(conn, "SELECT status FROM mlcheck.results WHERE monitor = 'dh'")
        chk.check("hostile_search_path/recipe/add_drift_monitors", h.ok and h.value == 4 and r.ok and st.value == "ok",
                  f"add {h.describe()[:150]} run {r.describe()[:150]} status {st.describe()[:150]}")
        covered.add("add_drift_monitors")
if "validity_report" in existing:
    cur.execute("CREATE TABLE IF NOT EXISTS public.preds_ref AS SELECT * FROM public.preds WHERE id % 2 = 0")
    q = ("SELECT r::text FROM mlcheck.validity_report('public.preds_ref'::regclass, 'public.preds'::regclass, "
         "ARRAY['x', 'score', 'seg', 'y']) r")
    compare("recipe/validity_report", q, setup=temp_tables)
    covered.add("validity_report")
if "check_rules" in existing:
    q = ("SELECT r::text FROM mlcheck.check_rules('public.preds'::regclass, '{\"x\": {\"not_null\": true, \"min\": 1, "
         "\"max\": 50, \"finite\": true, \"in\": [1, 2, 3]}, \"seg\": {\"pattern\": \"^seg[01]$\", "
         "\"max_null_share\": 0.1, \"in\": [\"seg0\"]}, \"ts\": {\"min\": \"2000-01-01\"}}'::jsonb) r")
    compare("recipe/check_rules", q, setup=temp_tables)
    covered.add("check_rules")
if "add_validity_monitor" in existing:
    cur.execute("SET search_path = evil, pg_catalog, public")
    h = L.run(conn, "SELECT mlcheck.add_validity_monitor('vh', 'public.preds'::regclass, 'ts', interval '1 day', "
                    "'public.preds_ref'::regclass, '{\"seg\": {\"in\": [\"seg0\"]}}'::jsonb, ARRAY['x', 'seg'])")
    r = L.run(conn, "CALL mlcheck.run_monitors('vh')") if h.ok else h
    cur.execute("SET search_path = public")
    res = L.run(conn, "SELECT status || coalesce(' ' || error, '') FROM mlcheck.results WHERE monitor = 'vh'")
    chk.check("hostile_search_path/recipe/validity_monitor",
              h.ok and r.ok and res.ok and res.value == "ok" and "HIJACKED" not in h.texts(),
              f"add {h.describe()[:150]} run {r.describe()[:150]} result {res.describe()[:150]}")
    covered.add("add_validity_monitor")
chk.check("hostile_search_path/functions_covered", len(covered) > 0, "no function could be called")

# ------------------------------------------------------------ row-level security
if "slice_report" in existing or "create_slice_view" in existing or "create_baseline" in existing:
    cur.execute("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mlc_sec_alice') THEN "
                "CREATE ROLE mlc_sec_alice; END IF; END$$")
    cur.execute("GRANT SELECT ON public.preds TO mlc_sec_alice; GRANT USAGE ON SCHEMA public TO mlc_sec_alice")
    cur.execute("ALTER TABLE public.preds ENABLE ROW LEVEL SECURITY")
    cur.execute("CREATE POLICY tenant ON public.preds FOR SELECT USING (tenant = 'alice')")
    visible = L.common.scalar(conn, "SELECT count(*) FROM public.preds WHERE tenant = 'alice'")
    if "slice_report" in existing:
        cur.execute("SET ROLE mlc_sec_alice")
        o = L.run(conn, "SELECT sum(n) FROM mlcheck.slice_report('public.preds'::regclass, 'y', 'p', ARRAY['seg'], NULL, 1) "
                        "WHERE slice_column = 'seg'")
        cur.execute("RESET ROLE")
        chk.check("rls/slice_report", o.ok and o.value == visible, f"role sees {visible} rows; report counts {o.describe()}")
    if "create_slice_view" in existing:
        L.run(conn, "SELECT mlcheck.create_slice_view('public.sv_rls', 'public.preds'::regclass, 'y', 'p', ARRAY['seg'], NULL, 1)")
        L.run(conn, "GRANT SELECT ON public.sv_rls TO mlc_sec_alice")
        cur.execute("SET ROLE mlc_sec_alice")
        o = L.run(conn, "SELECT sum(n) FROM public.sv_rls WHERE slice_column = 'seg'")
        cur.execute("RESET ROLE")
        chk.check("rls/slice_view", o.ok and o.value == visible, f"role sees {visible} rows; view counts {o.describe()}")
    if "create_baseline" in existing:
        L.run(conn, "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA mlcheck TO mlc_sec_alice")
        cur.execute("SET ROLE mlc_sec_alice")
        o = L.run(conn, "SELECT mlcheck.create_baseline('b_rls', 'public.preds'::regclass, 'x')")
        cur.execute("RESET ROLE")
        prof = L.run(conn, "SELECT n_rows FROM mlcheck.baselines WHERE name = 'b_rls'")
        cnt = prof.value if prof.ok else prof.describe()
        chk.check("rls/create_baseline", o.ok and cnt == visible,
                  f"role sees {visible} rows; baseline: {o.describe()[:120]} profile n={cnt}")
    if "validity_report" in existing:
        cur.execute("GRANT SELECT ON public.preds_ref TO mlc_sec_alice")
        cur.execute("SET ROLE mlc_sec_alice")
        o = L.run(conn, "SELECT n FROM mlcheck.validity_report('public.preds_ref', 'public.preds', ARRAY['x'])")
        o2 = L.run(conn, "SELECT n_checked FROM mlcheck.check_rules('public.preds', '{\"x\": {\"not_null\": true}}')")
        cur.execute("RESET ROLE")
        chk.check("rls/validity_report_check_rules", o.ok and o.value == visible and o2.ok and o2.value == visible,
                  f"role sees {visible} rows; validity_report n {o.describe()}, check_rules n_checked {o2.describe()}")
    cur.execute("DROP POLICY tenant ON public.preds")
    cur.execute("REVOKE ALL ON public.preds FROM mlc_sec_alice; REVOKE ALL ON SCHEMA public FROM mlc_sec_alice")

L.drop_database("security", conn)
for r in ("mlc_sec_alice", "mlc_sec_evil"):
    try:
        admin.cursor().execute(f"DROP ROLE IF EXISTS {r}")
    except L.psycopg2.Error as e:
        print(f"# could not drop role {r}: {e}")
admin.close()
chk.done()
