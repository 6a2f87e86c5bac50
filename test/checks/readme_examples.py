"""Run every ```sql block of README.md, in order, against a database that
holds the bundled example data, and report one ok/FAIL line per block.

Blocks may show psql output under a statement (as a reader sees it): a
statement starts at a line beginning with an SQL keyword and ends at a line
ending with ';'; other lines between statements are output and are skipped.
Use another fence (```text) for templates with placeholders.  Blocks may
rely on objects created by earlier blocks, as a reader following the README
would.  The database is pg_cron's (cron.database_name of the test cluster)
so that scheduling examples run for real; everything created is removed."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crosscheck"))
import psycopg2  # noqa: E402

from common import PORT, Checker  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = "mlcheck_cron"
KEYWORDS = ("SELECT", "CREATE", "CALL", "INSERT", "UPDATE", "DELETE", "DO", "WITH", "SET", "RESET",
            "DROP", "ALTER", "GRANT", "REVOKE", "LISTEN", "UNLISTEN", "COMMENT", "TABLE", "VALUES",
            "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK", "REFRESH", "ANALYZE", "TRUNCATE", "NOTIFY")
ck = Checker("checks/readme")


def statements(block):
    out, cur = [], None
    for line in block.splitlines():
        stripped = line.strip()
        if cur is None:
            word = re.match(r"[A-Za-z]+", stripped)
            if not word or word.group(0).upper() not in KEYWORDS or line.startswith(" "):
                continue            # output or blank line
            cur = []
        cur.append(line)
        if stripped.endswith(";") and not (stripped.upper().startswith("DO") and stripped.count("$$") == 1):
            text = "\n".join(cur)
            if text.count("$$") % 2 == 0:
                out.append(text)
                cur = None
    if cur:
        out.append("\n".join(cur))
    return out


env = dict(os.environ, PGHOST=f"/tmp/mlcheck-pg-{PORT}", PGPORT=str(PORT), PGUSER="postgres",
           PGOPTIONS="-c client_min_messages=warning")
conn = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=DB)
conn.autocommit = True
cur = conn.cursor()
cur.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")
had_cron = cur.fetchone()[0] == 1
cur.execute("CREATE EXTENSION IF NOT EXISTS pg_cron")
cur.execute("DROP EXTENSION IF EXISTS mlcheck CASCADE")
cur.execute("CREATE EXTENSION mlcheck")
cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
before = {r[0] for r in cur.fetchall()}
# as README says: from the root of the clone, the CSV files read by psql
subprocess.run(["psql", "-X", "-q", "-d", DB, "-f", "test/data/load_example.sql"], env=env, check=True,
               cwd=ROOT, stdout=subprocess.DEVNULL)

text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
blocks = re.findall(r"^```sql\n(.*?)^```", text, flags=re.S | re.M)
nstmt = 0
for i, block in enumerate(blocks, 1):
    stmts = statements(block)
    nstmt += len(stmts)
    bad = None
    for s in stmts:
        try:
            cur.execute(s)
            if cur.description:
                cur.fetchall()
        except psycopg2.Error as e:
            bad = f"{s[:80]!r}: {e.pgcode} {str(e).strip()[:300]}"
            break
    ck.check(f"block{i:02d}", bad is None, bad or "")
ck.check("has_sql_examples", len(blocks) >= 10 and nstmt >= 20,
         f"{len(blocks)} sql blocks, {nstmt} statements in README.md")

# clean up everything the examples created
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
