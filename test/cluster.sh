#!/usr/bin/env bash
# test/cluster.sh — a throw-away PostgreSQL 15 cluster for tests and the demo.
#   test/cluster.sh start [PORT]   initdb (if needed) and start; idempotent
#   test/cluster.sh stop  [PORT]   stop and delete everything under /tmp
#   test/cluster.sh status [PORT]
# Runs the server as the `postgres` OS user on a unix socket in
# /tmp/mlcheck-pg-PORT (no TCP), with pg_cron preloaded.  Connect with
#   psql -h /tmp/mlcheck-pg-PORT -p PORT -U postgres
set -euo pipefail
CMD=${1:-status}
PORT=${2:-${MLCHECK_PORT:-5499}}
BASE=/tmp/mlcheck-pg-$PORT
DATA=$BASE/data
BIN=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$BIN/initdb" ] || BIN=/usr/lib/postgresql/15/bin

# Run as the postgres OS user from / (the checkout may be in a directory that
# user cannot enter, e.g. root's home or a mktemp -d directory).
as_pg() {
  if [ "$(id -un)" = postgres ]; then "$@"; else (cd / && runuser -u postgres -- "$@"); fi
}

running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

case "$CMD" in
start)
  if running; then echo "cluster on port $PORT already running"; exit 0; fi
  mkdir -p "$BASE"; chown postgres:postgres "$BASE"; chmod 700 "$BASE"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
      || { cat "$BASE/initdb.log"; exit 1; }
    cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$BASE'
shared_preload_libraries = 'pg_cron'
cron.database_name = 'mlcheck_cron'
cron.use_background_workers = on
max_worker_processes = 16
max_parallel_workers = 8
max_parallel_workers_per_gather = 2
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
log_min_messages = warning
logging_collector = off
CONF
  fi
  rm -f "$DATA/postmaster.pid"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 start >/dev/null \
    || { tail -30 "$BASE/server.log"; exit 1; }
  # pg_cron's launcher connects to cron.database_name
  as_pg "$BIN/psql" -X -q -h "$BASE" -p "$PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'mlcheck_cron'" | grep -q 1 || \
    as_pg "$BIN/createdb" -h "$BASE" -p "$PORT" -U postgres mlcheck_cron
  echo "cluster on port $PORT started (socket dir $BASE)"
  ;;
stop)
  if running; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true; fi
  rm -rf "$BASE"
  echo "cluster on port $PORT stopped and removed"
  ;;
status)
  if running; then echo "running on port $PORT"; else echo "not running on port $PORT"; exit 1; fi
  ;;
*) echo "usage: $0 start|stop|status [PORT]" >&2; exit 2 ;;
esac
