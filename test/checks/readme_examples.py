"""Run every ```sql block of README.md against a database holding the
bundled example data, in order, and report one ok/FAIL line per block.
Blocks fenced as ```sql are executed; use another fence (```text) for
templates with placeholders.  Blocks may rely on objects created by earlier
blocks, as a reader following the README would."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crosscheck"))
import psycopg2  # noqa: E402

from common import PORT, Checker  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = "mlcheck_readme"
ck = Checker("checks/readme")

env = dict(os.environ, PGHOST=f"/tmp/mlcheck-pg-{PORT}", PGPORT=str(PORT), PGUSER="postgres",
           PGOPTIONS="-c client_min_messages=warning")
subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}",
                "-c", f"CREATE DATABASE {DB}"], env=env, check=True)
subprocess.run(["psql", "-X", "-q", "-d", DB, "-c", "CREATE EXTENSION mlcheck"], env=env, check=True)
subprocess.run(["psql", "-X", "-q", "-d", DB, "-v", f"datadir={ROOT}/test/data", "-f",
                os.path.join(ROOT, "test", "data", "load_example.sql")], env=env, check=True,
               stdout=subprocess.DEVNULL)

text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
blocks = re.findall(r"^```sql\n(.*?)^```", text, flags=re.S | re.M)
conn = psycopg2.connect(host=f"/tmp/mlcheck-pg-{PORT}", port=PORT, user="postgres", dbname=DB)
conn.autocommit = True
for i, block in enumerate(blocks, 1):
    first = next((l for l in block.splitlines() if l.strip() and not l.startswith("--")), "")[:60]
    try:
        cur = conn.cursor()
        cur.execute(block)
        if cur.description:
            cur.fetchall()
        ck.check(f"block{i:02d}", True)
    except psycopg2.Error as e:
        ck.check(f"block{i:02d}", False, f"{first!r}: {e.pgcode} {str(e).strip()[:300]}")
ck.check("has_sql_blocks", len(blocks) >= 5, f"only {len(blocks)} sql blocks in README.md")
conn.close()
subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}"], env=env)
ck.done()
