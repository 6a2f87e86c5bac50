"""README's function reference against the catalogue.

Fails when a public SQL function, aggregate or type of the extension (name
not starting with an underscore) is not named in README.md, and when README
names an object `mlcheck.<name>` that the extension does not have (a
function, aggregate, type, table, view, operator class or setting) — so the
reference cannot fall behind the code, nor keep an object that is gone.
One line per check: "ok readme_reference/<name>" or FAIL."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "readme_reference"
chk = L.Checker(SUITE)
DB = f"mlcheck_checks_{SUITE}"
# words after "mlcheck." in README that are not catalogue objects: the
# control file, the library file, and the placeholder of "every type's
# operator class"
NOT_OBJECTS = {"control", "so", "T_ops"}

admin = L._connect("postgres")
admin.cursor().execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
admin.cursor().execute(f"CREATE DATABASE {DB}")
conn = L._connect(DB)
cur = conn.cursor()
cur.execute("CREATE EXTENSION mlcheck")
readme = open(os.path.join(L.ROOT, "README.md"), encoding="utf-8").read()

cur.execute("""
    SELECT DISTINCT p.proname, p.prokind::text
      FROM pg_proc p
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
     WHERE p.proname !~ '^_' ORDER BY 1""")
public = cur.fetchall()
chk.check("catalog/public_functions_found", len(public) > 50, f"only {len(public)} public functions")
for name, kind in public:
    # named as a call: `mlcheck.name(`, `name(` in a table or in an example
    chk.check(f"documented/{name}", re.search(r"\b" + re.escape(name) + r"\(", readme) is not None,
              f"{'aggregate' if kind == 'a' else 'function'} mlcheck.{name} is not in README's reference")

cur.execute("""
    SELECT t.typname FROM pg_type t
      JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mlcheck'
     WHERE t.typname !~ '^_' ORDER BY 1""")
for (name,) in cur.fetchall():
    chk.check(f"documented_type/{name}", f"mlcheck.{name}" in readme, f"type mlcheck.{name} is not in README")

cur.execute("""
    SELECT proname FROM pg_proc WHERE pronamespace = 'mlcheck'::regnamespace
    UNION SELECT typname FROM pg_type WHERE typnamespace = 'mlcheck'::regnamespace
    UNION SELECT relname FROM pg_class WHERE relnamespace = 'mlcheck'::regnamespace
    UNION SELECT opcname FROM pg_opclass WHERE opcnamespace = 'mlcheck'::regnamespace
    UNION SELECT substr(name, 9) FROM pg_settings WHERE name LIKE 'mlcheck.%'""")
existing = {r[0] for r in cur.fetchall()}
named = sorted(set(re.findall(r"mlcheck\.([A-Za-z_][A-Za-z0-9_]*)", readme)))
chk.check("readme/names_found", len(named) > 50, f"only {len(named)} mlcheck.<name> in README")
for name in named:
    if name in NOT_OBJECTS:
        continue
    chk.check(f"exists/{name}", name in existing, f"README names mlcheck.{name}, which the extension does not have")

conn.close()
L.drop_database(SUITE, admin)
chk.done()
