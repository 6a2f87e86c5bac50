#!/usr/bin/env bash
# test/demo.sh — the main job, on a fresh Debian bookworm machine, as root:
# installs the Debian packages mlcheck needs, builds and installs the
# extension, starts a scratch PostgreSQL cluster (port ${MLCHECK_DEMO_PORT:-5490},
# socket in /tmp), loads the bundled example predictions and prints a real
# evaluation: metrics per model, per-class report, slices, calibration,
# drift, a monitor run, pictures, worst slices, fairness, multi-class
# metrics, model comparisons, label-free estimates, data validity and performance monitors
# (realized and estimated), and writes an HTML
# report (${MLCHECK_DEMO_OUT:-/tmp/mlcheck-demo}/report.html).  Idempotent; the
# cluster is left running so you can explore (stop it with:
# test/cluster.sh stop 5490).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${MLCHECK_DEMO_PORT:-5490}
test/install_deps.sh
make -s -j2 >/dev/null
make -s install >/dev/null
test/cluster.sh start "$PORT" >/dev/null
export PGHOST=/tmp/mlcheck-pg-$PORT PGPORT=$PORT PGUSER=postgres PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS mlcheck_demo" -c "CREATE DATABASE mlcheck_demo"
psql -X -q -d mlcheck_demo -c "CREATE EXTENSION mlcheck"
# the CSV files are read by psql (\copy), not by the server: the clone may be
# in a directory the postgres OS user cannot read (root's home, mktemp -d)
psql -X -q -d mlcheck_demo -f test/data/load_example.sql
psql -X -q -d mlcheck_demo -v ON_ERROR_STOP=1 -P pager=off -f test/demo.sql
# the HTML report of the last 3 weeks against the 5 weeks before (views made by demo.sql)
REPORT_DIR=${MLCHECK_DEMO_OUT:-/tmp/mlcheck-demo}
mkdir -p "$REPORT_DIR"
psql -X -q -At -d mlcheck_demo -v ON_ERROR_STOP=1 -c "SELECT mlcheck.report('example.gbm_current', 'label', 'predicted',
  'score', ARRAY['size_band', 'texture_band'], 'example.gbm_reference')" > "$REPORT_DIR/report.html"
echo
echo "HTML report of gbm-v2 (metrics, curves, slices, drift): $REPORT_DIR/report.html"
echo
echo "The demo database is still running. Explore it with:"
echo "  psql -h /tmp/mlcheck-pg-$PORT -p $PORT -U postgres mlcheck_demo"
