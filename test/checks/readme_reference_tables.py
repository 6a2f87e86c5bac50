"""README's Reference tables against the catalogue.

The tables between the markers "<!-- reference tables -->" and
"<!-- end of reference tables -->" of README.md list every public type,
table, view, function, aggregate and procedure of the extension, by family,
with its signature, kind (and parallel safety when it is not PARALLEL SAFE),
result and the release that added it: "0.1" when the frozen 0.1 install
script (CREATE EXTENSION mlcheck VERSION '0.1') defines the same name with
the same argument types, else "0.2".  This check builds the tables from the
catalogue of a fresh install and of a 0.1 install and fails, per family,
when README's differ.  MLCHECK_README_FILL=1 writes the built tables into
README.md instead (check the diff).

A function's family is the file of src/sql/ that creates it (objects are
created in file order, so the catalogue's OID order matches the order of
the CREATE statements of the files, which is checked), except that an
object whose first argument is a summary type belongs to that type's
family (merge, n, n_null ...).  One line per check: "ok
readme_reference_tables/<name>" or FAIL."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "readme_reference_tables"
chk = L.Checker(SUITE)
BEGIN = "<!-- reference tables -->"
END = "<!-- end of reference tables -->"

# family key, heading, anchor of the family's guide in README
FAMILIES = [
    ("conf", "Confusion matrices", "evaluate-a-classifier-confusion-matrices-and-thresholded-metrics"),
    ("scores", "Scores, ROC AUC and DeLong", "scores-roc-auc-average-precision-log-loss-confidence-intervals"),
    ("multi", "Multi-class and model comparison", "multi-class-probabilities-and-model-comparison"),
    ("cal", "Calibration and calibrators", "calibration"),
    ("reg", "Regression", "regression"),
    ("drift", "Profiles and drift", "distributions-and-drift"),
    ("valid", "Data validity", "data-validity"),
    ("slices", "Slices, worst slices and fairness", "slices-worst-slices-and-fairness"),
    ("mon", "Monitors", "monitors"),
    ("plot", "Pictures and the HTML report", "pictures-and-the-html-report"),
]
FILE_FAMILY = [  # prefix of a src/sql file name -> family
    ("00_", "conf"), ("05_", "conf"), ("1", "conf"), ("2", "scores"), ("30_", "cal"), ("31_", "cal"),
    ("35_", "reg"), ("36_", "reg"), ("4", "drift"), ("47_", "valid"), ("50_", "slices"), ("55_", "slices"),
    ("57_", "multi"), ("58_", "multi"), ("59_", "cal"), ("6", "mon"), ("7", "plot"),
]
TYPE_FAMILY = {
    "confusion": "conf", "scores": "scores", "auc_ci": "scores", "delong_result": "scores",
    "calibration": "cal", "calibrator": "cal", "regression": "reg", "numeric_profile": "drift",
    "categorical_profile": "drift", "drift_result": "drift", "multiclass": "multi", "mcnemar_result": "multi",
    "auc_test": "multi", "accuracy_test": "multi",
}
SUMMARIES = {"confusion", "scores", "calibration", "regression", "numeric_profile", "categorical_profile",
             "multiclass", "calibrator"}


def file_family(fname):
    # longest matching prefix wins
    best = max((p for p, _ in FILE_FAMILY if fname.startswith(p)), key=len, default=None)
    return dict(FILE_FAMILY).get(best)


def database(name, version=None):
    db = f"mlcheck_checks_{name}"
    admin = L._connect("postgres")
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    admin.cursor().execute(f"CREATE DATABASE {db}")
    admin.close()
    conn = L._connect(db)
    conn.cursor().execute("CREATE EXTENSION mlcheck" + (f" VERSION '{version}'" if version else ""))
    return conn


def catalogue(conn):
    cur = conn.cursor()
    cur.execute("""
        SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text,
               pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
               p.proargtypes[0]::regtype::text, p.proparallel::text
          FROM pg_proc p WHERE p.pronamespace = 'mlcheck'::regnamespace ORDER BY p.oid""")
    procs = cur.fetchall()
    cur.execute("""
        SELECT t.typname, t.typtype::text, obj_description(t.oid, 'pg_type')
          FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
         WHERE t.typnamespace = 'mlcheck'::regnamespace AND t.typname !~ '^_'
           AND t.typtype IN ('b', 'c') AND (t.typrelid = 0 OR c.relkind = 'c')
         ORDER BY t.oid""")
    types = cur.fetchall()
    cur.execute("""
        SELECT relname, relkind::text FROM pg_class
         WHERE relnamespace = 'mlcheck'::regnamespace AND relkind IN ('r', 'v') AND relname !~ '^_'
         ORDER BY 1""")
    rels = cur.fetchall()
    return procs, types, rels


def esc(s):
    return s.replace("|", "\\|")


def short(s):
    s = re.sub(r"(DEFAULT [^,]*?)::[a-z ]+(\[\])?(?=,|$)", r"\1", s)
    s = re.sub(r"(^|, )IN ", r"\1", s)
    return (s.replace("mlcheck.", "").replace("double precision", "float8")
             .replace("timestamp with time zone", "timestamptz"))


def build(procs2, types2, rels2, procs1, types1, rels1, order):
    sig1 = {(p[0], p[1]) for p in procs1}
    rows = {k: [] for k, _, _ in FAMILIES}
    for (fname, name), p in zip(order, procs2):
        if name.startswith("_"):
            continue
        first = (p[5] or "").replace("mlcheck.", "")
        fam = TYPE_FAMILY[first] if first in SUMMARIES else file_family(fname)
        kind = {"a": "aggregate", "f": "function", "p": "procedure", "w": "window function"}[p[2]]
        if p[6] != "s":
            kind += " (parallel " + {"r": "restricted", "u": "unsafe"}[p[6]] + ")"
        ins, outs = [], []
        for a in (re.split(r", (?![^()]*\))", p[3]) if p[3] else []):
            if a.startswith("OUT "):
                outs.append(a[4:])
            else:
                ins.append(a)
        res = p[4] or ""
        if outs:
            res = ("SETOF " if res.startswith("SETOF") else "") + "(" + ", ".join(outs) + ")"
        added = "0.1" if (name, p[1]) in sig1 else "0.2"
        rows[fam].append((name, added, short(", ".join(ins)), kind, short(res)))
    t1 = {t[0] for t in types1}
    types = {k: [] for k, _, _ in FAMILIES}
    for name, typtype, comment in types2:
        what = (comment or "").split("; text form")[0].replace("\n", " ")
        what = what[:1].upper() + what[1:]
        kind = "summary" if typtype == "b" else "result row"
        types[TYPE_FAMILY[name]].append(f"| `mlcheck.{name}` | {kind}: {esc(what)} | {'0.1' if name in t1 else '0.2'} |")
    r1 = {r[0] for r in rels1}
    out = {}
    for key, title, anchor in FAMILIES:
        part = [f"### {title}", "", f"Guide: [{title}](#{anchor}).", ""]
        if types[key]:
            part += ["| type | what it is | Added |", "|---|---|---|"] + types[key] + [""]
        if key == "mon":
            part += ["| table / view | kind | Added |", "|---|---|---|"]
            part += [f"| `mlcheck.{n}` | {'table' if k == 'r' else 'view'} | {'0.1' if n in r1 else '0.2'} |"
                     for n, k in rels2]
            part += [""]
        part += ["| object | kind | returns | Added |", "|---|---|---|---|"]
        for name, added, args, kind, res in sorted(rows[key], key=lambda r: (r[0], r[1], r[2])):
            part.append(f"| `{esc(name)}({esc(args)})` | {kind} | {esc(res)} | {added} |")
        out[key] = "\n".join(part) + "\n"
    return out


def sql_order():
    order = []
    for f in sorted(glob.glob(os.path.join(L.ROOT, "src", "sql", "*.sql"))):
        text = re.sub(r"--[^\n]*", "", open(f, encoding="utf-8").read())
        for m in re.finditer(r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|AGGREGATE|PROCEDURE)\s+mlcheck\."
                             r"(\"?[A-Za-z_0-9]+\"?)\s*\(", text, re.I):
            order.append((os.path.basename(f), m.group(1).strip('"')))
    return order


c2 = database(SUITE)
c1 = database(SUITE + "_01", "0.1")
p2, t2, r2 = catalogue(c2)
p1, t1, r1 = catalogue(c1)
order = sql_order()
aligned = len(order) == len(p2) and all(o[1] == p[0] for o, p in zip(order, p2))
chk.check("catalogue/order_matches_src_sql", aligned,
          f"{len(order)} CREATE statements in src/sql, {len(p2)} functions in the catalogue, or another order")
missing_family = [t[0] for t in t2 if t[0] not in TYPE_FAMILY]
chk.check("types/every_type_has_a_family", not missing_family, f"add to TYPE_FAMILY: {missing_family}")
if aligned and not missing_family:
    built = build(p2, t2, r2, p1, t1, r1, order)
    path = os.path.join(L.ROOT, "README.md")
    readme = open(path, encoding="utf-8").read()
    has = BEGIN in readme and END in readme and readme.index(BEGIN) < readme.index(END)
    chk.check("readme/markers", has, f"README.md needs the lines {BEGIN!r} and {END!r}")
    if has:
        a = readme.index(BEGIN) + len(BEGIN)
        b = readme.index(END)
        want = "\n\n" + "\n".join(built[k] for k, _, _ in FAMILIES) + "\n"
        if os.environ.get("MLCHECK_README_FILL") == "1" and readme[a:b] != want:
            open(path, "w", encoding="utf-8").write(readme[:a] + want + readme[b:])
            print("readme_reference_tables: wrote the reference tables into README.md", flush=True)
            readme = open(path, encoding="utf-8").read()
            b = readme.index(END)
        have = readme[a:b]
        for key, title, _ in FAMILIES:
            chk.check(f"table/{key}", built[key] in have,
                      f"README's reference table '{title}' differs from the catalogue "
                      "(MLCHECK_README_FILL=1 rewrites it)")
        chk.check("readme/nothing_else", have == want, "text between the markers that is not a built table")
L.drop_database(SUITE, c2)
L.drop_database(SUITE + "_01", c1)
chk.done()
