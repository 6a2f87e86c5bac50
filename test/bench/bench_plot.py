"""Benchmark of the pictures.  Not part of the test suite.
Run (cluster of $MLCHECK_PORT running, database $MLCHECK_DB with the extension):
  MLCHECK_PORT=5508 MLCHECK_DB=dev /usr/bin/python3 test/bench/bench_plot.py
Times, round-robin with medians of 15 runs after a warm-up, end to end
through psycopg2 (so including the transfer of the text):
  - svg(s) and plot(s) of a stored 10,000-bin scores summary (target: svg
    under 50 ms), against the floor roc_auc(s), which decodes the same
    summary and walks its entries once;
  - report() over the bundled example data (target: under a second),
    against the floor SELECT count(*), sum(score) over the same rows and
    against slice_report() with the same slices, which report() includes.
Prints a Markdown table."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crosscheck"))
import benchlib as B  # noqa: E402
from common import PORT, connect  # noqa: E402

conn = connect()
cur = conn.cursor()
env = dict(os.environ, PGHOST=f"/tmp/mlcheck-pg-{PORT}", PGPORT=str(PORT), PGUSER="postgres",
           PGOPTIONS="-c client_min_messages=warning")
cur.execute("SELECT current_database()")
db = cur.fetchone()[0]
subprocess.run(["psql", "-X", "-q", "-d", db, "-v", f"datadir={B.ROOT}/test/data", "-f",
                os.path.join(B.ROOT, "test", "data", "load_example.sql")], env=env, check=True,
               stdout=subprocess.DEVNULL)
cur.execute("""
DROP SCHEMA IF EXISTS bench_plot CASCADE;
CREATE SCHEMA bench_plot;
-- 1M rows over 10,000 distinct scores: an exact summary of 10,000 entries
CREATE TABLE bench_plot.s AS
  SELECT mlcheck.scores(((g * 7919) % 10000) / 10000.0, (g * 104729) % 1000 < (g * 7919) % 1000) AS s
    FROM generate_series(1::bigint, 1000000) g;
CREATE VIEW example.gbm_reference WITH (security_invoker) AS
  SELECT *, score >= 0.5 AS predicted FROM example.cancer_predictions WHERE model = 'gbm-v2' AND ts < '2026-10-19';
CREATE VIEW example.gbm_current WITH (security_invoker) AS
  SELECT *, score >= 0.5 AS predicted FROM example.cancer_predictions WHERE model = 'gbm-v2' AND ts >= '2026-10-19';
""")
cur.execute("SELECT (SELECT count(*) FROM mlcheck.roc_points(s)), mlcheck.is_exact(s) FROM bench_plot.s")
bins, exact = cur.fetchone()

REPORT = ("SELECT length(mlcheck.report('example.gbm_current', 'label', 'predicted', 'score', "
          "ARRAY['size_band', 'texture_band'], 'example.gbm_reference'))")
queries = [
    ("floor: roc_auc(s)", "SELECT mlcheck.roc_auc(s) FROM bench_plot.s", False),
    ("svg(s) ROC", "SELECT length(mlcheck.svg(s)) FROM bench_plot.s", False),
    ("svg(s, 'pr')", "SELECT length(mlcheck.svg(s, 'pr')) FROM bench_plot.s", False),
    ("plot(s) text", "SELECT length(mlcheck.plot(s)) FROM bench_plot.s", False),
]
times, results = B.run_round_robin(conn, queries, rounds=15)
rows1 = B.summarize(times, queries[0][0])
queries2 = [
    ("floor: count(*), sum(score), current rows", "SELECT count(*), sum(score) FROM example.gbm_current", False),
    ("slice_report (same slices)", "SELECT count(*) FROM mlcheck.slice_report('example.gbm_current', 'label', "
     "'predicted', ARRAY['size_band', 'texture_band'], 'score')", False),
    ("report() with drift against the reference", REPORT, False),
    ("report() of the 10-class digits data", "SELECT length(mlcheck.report('example.digits_predictions', "
     "'actual', 'predicted'))", False),
]
times2, results2 = B.run_round_robin(conn, queries2, rounds=15)
rows2 = B.summarize(times2, queries2[0][0])
print(f"Machine: {B.machine()}; summary: {bins} bins, exact = {exact}; "
      f"svg size {results['svg(s) ROC'][0][0]} bytes, report size {results2[queries2[2][0]][0][0]} bytes\n")
print(B.markdown(rows1, "svg() and plot() of a 10,000-bin scores summary (target: svg under 50 ms)"))
print()
print(B.markdown(rows2, "report() over the bundled example data (target: under 1 s)"))
cur.execute("DROP SCHEMA bench_plot CASCADE; DROP VIEW example.gbm_reference, example.gbm_current")
