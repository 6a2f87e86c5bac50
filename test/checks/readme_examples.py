"""Run every ```sql block of README.md, in order, against a database that
holds the bundled example data, and COMPARE what each statement prints with
the output README shows under it.  One ok/FAIL line per block.

Blocks show psql output under a statement, as a reader sees it: a statement
starts at a line beginning (in column 0) with an SQL keyword and ends at a
line ending with ';'; the lines after it, up to the next statement, are its
output (blank lines and '-- ' comment lines excepted).  Output is either an
aligned table (header, a line of dashes, rows; an optional "(N rows)"
footer) compared cell by cell, or raw lines (psql -At style: columns joined
by '|', one line per row and per line of a multi-line value) compared line
by line.  The only normalisation: a number README prints with d decimals
matches any value within half a unit of its last digit (so README may round
floats), runs of spaces are not significant, and the PID in an
"Asynchronous notification ... received from server process with PID N"
line is ignored.  A statement README shows no output for (CREATE, CALL,
DO ...) is executed but not compared; a query that returns rows must have
its output shown.

A block whose first line is a comment starting with "-- illustration" is
not run (counted in the summary); such blocks must say so to the reader.
Any other fenced block (```text, ```) that contains an SQL statement must be
marked the same way, so no example escapes the check silently.

Blocks may rely on objects created by earlier blocks, as a reader following
README would.  The database is pg_cron's (cron.database_name of the test
cluster) so that scheduling examples run for real; a fresh pg_cron job-id
sequence is used when no job exists; everything created is removed."""
import os
import re
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crosscheck"))
import psycopg2  # noqa: E402
import psycopg2.extensions  # noqa: E402

from common import PORT, Checker  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = "mlcheck_cron"
KEYWORDS = ("SELECT", "CREATE", "CALL", "INSERT", "UPDATE", "DELETE", "DO", "WITH", "SET", "RESET",
            "DROP", "ALTER", "GRANT", "REVOKE", "LISTEN", "UNLISTEN", "COMMENT", "TABLE", "VALUES",
            "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK", "REFRESH", "ANALYZE", "TRUNCATE", "NOTIFY")
ck = Checker("checks/readme")
NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
SEP = re.compile(r"^-[-+]*$")


def is_stmt_start(line):
    word = re.match(r"[A-Za-z]+", line)
    return bool(word) and not line.startswith((" ", "\t")) and word.group(0).upper() in KEYWORDS


def parse_block(block):
    """[(statement, [output lines])] of one ```sql block."""
    out, cur, outlines = [], None, None
    for line in block.splitlines():
        stripped = line.strip()
        if cur is None and is_stmt_start(line):
            cur = []
        if cur is not None:
            cur.append(line)
            text = "\n".join(cur)
            if stripped.endswith(";") and text.count("$$") % 2 == 0:
                outlines = []
                out.append((text, outlines))
                cur = None
            continue
        if outlines is None or not stripped:
            continue                       # blank line, or text before the first statement
        if SEP.match(stripped) or not stripped.startswith("--"):
            outlines.append(line)          # output (a line of dashes is output, not a comment)
    if cur:
        out.append(("\n".join(cur), []))
    return out


def has_statement(block):
    lines = block.splitlines()
    return any(is_stmt_start(ln) for ln in lines) and any(ln.rstrip().endswith(";") for ln in lines)


def num_match(want, got):
    """README number `want` (as printed) matches `got` within half a unit of its last digit."""
    if want == got:
        return True
    try:
        w, g = Decimal(want), Decimal(got)
    except Exception:
        return False
    if "." not in want and "e" not in want.lower():
        return False                       # integers must be exact
    mant, _, exp = want.lower().partition("e")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    unit = Decimal(1).scaleb(-decimals + (int(exp) if exp else 0))
    return abs(w - g) <= unit / 2 * (1 + Decimal("1e-9"))


def text_match(want, got):
    """Compare two strings: number tokens by num_match, the rest exactly (space runs collapsed)."""
    want = re.sub(r"\s+", " ", want.strip())
    got = re.sub(r"\s+", " ", got.strip())
    wt, gt = NUM.split(want), NUM.split(got)
    wn, gn = NUM.findall(want), NUM.findall(got)
    if len(wn) != len(gn) or wt != gt:
        return False
    return all(num_match(a, b) for a, b in zip(wn, gn))


def render_raw(rows, notes):
    lines = []
    for r in rows:
        lines += "|".join("" if v is None else v for v in r).split("\n")
    return lines + notes


def compare(expected, names, rows, notes):
    """None when README's output matches, else a description of the first difference."""
    exp = [ln for ln in expected if not re.match(r"^\(\d+ rows?\)$", ln.strip())]
    if len(exp) >= 2 and SEP.match(exp[1].strip()) and names is not None:
        header = [c.strip() for c in exp[0].split("|")]
        if header != names:
            return f"columns {names} but README shows {header}"
        body = exp[2:]
        if len(body) != len(rows):
            return f"{len(rows)} rows but README shows {len(body)}"
        for i, (line, row) in enumerate(zip(body, rows)):
            cells = [c.strip() for c in line.split("|")]
            got = ["" if v is None else v for v in row]
            if len(cells) != len(got):
                return f"row {i + 1}: {len(got)} cells but README shows {len(cells)}: {line!r}"
            for name, w, g in zip(names, cells, got):
                if not text_match(w, g):
                    return f"row {i + 1}, column {name}: README shows {w!r}, the query prints {g!r}"
        return None
    got = render_raw(rows or [], notes)
    if len(got) != len(exp):
        return f"{len(got)} output lines but README shows {len(exp)}: {got[:3]!r}"
    for w, g in zip(exp, got):
        pid = re.compile(r"(received from server process with PID) \d+")
        if not text_match(pid.sub(r"\1 N", w), pid.sub(r"\1 N", g)):
            return f"README shows {w.strip()!r}, the query prints {g.strip()!r}"
    return None


env = dict(os.environ, PGHOST=f"/tmp/mlcheck-pg-{PORT}", PGPORT=str(PORT), PGUSER="postgres",
           PGOPTIONS="-c client_min_messages=warning")
conn = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=DB)
conn.autocommit = True
cur = conn.cursor()
cur.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")
had_cron = cur.fetchone()[0] == 1
cur.execute("CREATE EXTENSION IF NOT EXISTS pg_cron")
cur.execute("SELECT count(*) FROM cron.job")
if cur.fetchone()[0] == 0:
    cur.execute("SELECT setval('cron.jobid_seq', 1, false)")   # job ids as on a fresh install
cur.execute("DROP EXTENSION IF EXISTS mlcheck CASCADE")
cur.execute("CREATE EXTENSION mlcheck")
cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
before = {r[0] for r in cur.fetchall()}
# as README says: from the root of the clone, the CSV files read by psql
subprocess.run(["psql", "-X", "-q", "-d", DB, "-f", "test/data/load_example.sql"], env=env, check=True,
               cwd=ROOT, stdout=subprocess.DEVNULL)
# every value as the text psql prints (no Python conversion)
cur.execute("SELECT oid FROM pg_type")
oids = tuple(r[0] for r in cur.fetchall())
psycopg2.extensions.register_type(psycopg2.extensions.new_type(oids, "AS_TEXT", lambda v, c: v), conn)

text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
fences = [(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1, m.start(2))
          for m in re.finditer(r"^```([A-Za-z]*)[^\n]*\n(.*?)^```", text, flags=re.S | re.M)]
# MLCHECK_README_FILL=1: a writer's tool, not part of the test: insert the
# output of every statement that returns rows but shows none into README
FILL = os.environ.get("MLCHECK_README_FILL") == "1"
fills = []          # (offset in README after the statement, output text)


def render_table(names, rows):
    """psql's aligned format without the row count (numbers right-aligned)."""
    if any(v is not None and "\n" in v for r in rows for v in r):
        return render_raw(rows, [])
    cols = list(zip(*rows)) if rows else [[] for _ in names]
    width = [max([len(n)] + [len(v or "") for v in c]) for n, c in zip(names, cols)]
    numeric = [all(v is None or NUM.fullmatch(v) for v in c) and len(c) > 0 for c in cols]
    head = " " + " | ".join(n.center(w) for n, w in zip(names, width))
    sep = "-" + "-+-".join("-" * w for w in width) + "-"
    body = [" " + " | ".join(((v or "").rjust(w) if num else (v or "").ljust(w))
                             for v, w, num in zip(r, width, numeric)) for r in rows]
    return [head.rstrip(), sep] + [b.rstrip() for b in body]
nblocks = nstmt = ncompared = nshown = 0
illustrations = []
for lang, block, line, start in fences:
    first = block.lstrip().split("\n", 1)[0]
    tag = f"line{line:04d}"
    if first.startswith("-- illustration"):
        illustrations.append(tag)
        print(f"skip checks/readme/{tag}: illustration, not run", flush=True)
        continue
    if lang != "sql":
        if has_statement(block):
            ck.check(f"{tag}/unmarked_sql", False,
                     f"a ```{lang or 'plain'} block with an SQL statement: make it ```sql (run and compared) "
                     "or start it with '-- illustration'")
        continue
    nblocks += 1
    bad = None
    cursor = 0
    for stmt, expected in parse_block(block):
        at = block.find(stmt, cursor)
        cursor = at + len(stmt) if at >= 0 else cursor
        nstmt += 1
        try:
            cur.execute(stmt)
            names = [d[0] for d in cur.description] if cur.description else None
            rows = cur.fetchall() if cur.description else []
        except psycopg2.Error as e:
            bad = f"{stmt[:80]!r}: {e.pgcode} {str(e).strip()[:300]}"
            break
        conn.poll()
        notes = [f'Asynchronous notification "{n.channel}" with payload "{n.payload}" '
                 f"received from server process with PID {n.pid}." for n in conn.notifies]
        del conn.notifies[:]
        if names is not None and not expected:
            if FILL and at >= 0:
                fills.append((start + at + len(stmt), "\n".join(render_table(names, rows) + notes)))
                continue
            bad = f"{stmt.splitlines()[0][:70]!r}: returns rows but README shows no output under it"
            break
        if expected:
            nshown += 1
            diff = compare(expected, names, rows, notes)
            ncompared += diff is None
            if diff:
                bad = f"{stmt.splitlines()[0][:70]!r}: {diff}"
                break
    ck.check(f"{tag}/sql_block", bad is None, bad or "")
ck.check("has_sql_examples", nblocks >= 10 and nstmt >= 20 and nshown >= 10,
         f"{nblocks} sql blocks, {nstmt} statements, {nshown} outputs shown")
print(f"readme: {nblocks} sql blocks run, {nstmt} statements, {ncompared} of {nshown} shown outputs "
      f"match; {len(illustrations)} illustrations skipped ({', '.join(illustrations) or 'none'})", flush=True)

if FILL and fills:
    for off, out in sorted(fills, reverse=True):
        text = text[:off] + "\n" + out + text[off:]
    with open(os.path.join(ROOT, "README.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"readme: filled the output of {len(fills)} statements into README.md", flush=True)

# clean up everything the examples created
cur.execute("UNLISTEN *")
cur.execute("SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname LIKE 'mlcheck:%'")
cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
for t in {r[0] for r in cur.fetchall()} - before:
    cur.execute(f'DROP TABLE IF EXISTS public."{t}" CASCADE')
cur.execute("DROP SCHEMA IF EXISTS example CASCADE")
cur.execute("DROP EXTENSION mlcheck CASCADE")
if not had_cron:
    cur.execute("DROP EXTENSION pg_cron")
conn.close()
ck.done()
