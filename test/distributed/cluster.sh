#!/usr/bin/env bash
# test/distributed/cluster.sh — a throw-away three-node Citus cluster
# (coordinator + 2 workers) on one machine, for the distributed suite and the
# distributed benchmark.
#   test/distributed/cluster.sh start    initdb, start, create the extensions,
#                                        register the workers; idempotent
#   test/distributed/cluster.sh stop     stop every node and delete everything
#   test/distributed/cluster.sh status
# Ports: coordinator $MLCHECK_CITUS_PORT (default $MLCHECK_PORT + 100), workers
# the next two ports.  Each node runs as the `postgres` OS user on a unix
# socket in /tmp/mlcheck-citus-PORT (listen_addresses = '', no TCP), with
# shared_preload_libraries = 'citus'.  Database: $MLCHECK_DIST_DB (default
# mlcheck_dist) with the extensions citus and mlcheck on every node; they are
# created on each node BEFORE the workers are added (once a node belongs to
# the cluster Citus refuses extension DDL on it).  Connect with
#   psql -h /tmp/mlcheck-citus-PORT -p PORT -U postgres mlcheck_dist
# Needs Citus and mlcheck installed into the PostgreSQL of `pg_config`.
set -euo pipefail
CMD=${1:-status}
BASEPORT=${MLCHECK_PORT:-5499}
COORD=${MLCHECK_CITUS_PORT:-$((BASEPORT + 100))}
PORTS=("$COORD" "$((COORD + 1))" "$((COORD + 2))")
DB=${MLCHECK_DIST_DB:-mlcheck_dist}
SHARED_BUFFERS=${MLCHECK_CITUS_SHARED_BUFFERS:-256MB}
BIN=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$BIN/initdb" ] || BIN=/usr/lib/postgresql/15/bin

as_pg() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
base() { echo "/tmp/mlcheck-citus-$1"; }
running() {
  local d; d=$(base "$1")/data
  [ -f "$d/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$d" status >/dev/null 2>&1
}
sql() {   # sql PORT DB STATEMENT
  as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(base "$1")" -p "$1" -U postgres -d "$2" -tAc "$3"
}

stop_all() {
  local p d
  for p in "${PORTS[@]}"; do
    d=$(base "$p")/data
    if running "$p"; then as_pg "$BIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$(base "$p")"
  done
}

start_node() {   # start_node PORT
  local p=$1 b d
  b=$(base "$p"); d=$b/data
  mkdir -p "$b"; chown postgres:postgres "$b"; chmod 700 "$b"
  if [ ! -f "$d/PG_VERSION" ]; then
    rm -rf "$d"
    as_pg "$BIN/initdb" -D "$d" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$b/initdb.log" 2>&1 \
      || { cat "$b/initdb.log"; return 1; }
    cat >>"$d/postgresql.conf" <<CONF
listen_addresses = ''
port = $p
unix_socket_directories = '$b'
shared_preload_libraries = 'citus'
max_prepared_transactions = 100
max_connections = 200
max_worker_processes = 16
max_parallel_workers = 4
max_parallel_workers_per_gather = 2
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = $SHARED_BUFFERS
work_mem = 64MB
maintenance_work_mem = 256MB
log_min_messages = warning
logging_collector = off
citus.shard_count = 32
CONF
  fi
  rm -f "$d/postmaster.pid"
  as_pg "$BIN/pg_ctl" -D "$d" -l "$b/server.log" -w -t 60 start >/dev/null \
    || { tail -30 "$b/server.log"; return 1; }
}

setup() {   # every step checked explicitly: set -e does not apply inside `if ! setup`
  local p coord_sock n
  for p in "${PORTS[@]}"; do start_node "$p" || return 1; done
  for p in "${PORTS[@]}"; do
    if ! sql "$p" postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
      as_pg "$BIN/createdb" -h "$(base "$p")" -p "$p" -U postgres "$DB" || return 1
    fi
    sql "$p" "$DB" "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS citus; CREATE EXTENSION IF NOT EXISTS mlcheck" || return 1
  done
  coord_sock=$(base "$COORD")
  sql "$COORD" "$DB" "SELECT citus_set_coordinator_host('$coord_sock', $COORD)" >/dev/null || return 1
  for p in "${PORTS[@]:1}"; do
    if ! sql "$COORD" "$DB" "SELECT 1 FROM pg_dist_node WHERE nodename = '$(base "$p")' AND nodeport = $p" | grep -q 1; then
      sql "$COORD" "$DB" "SELECT citus_add_node('$(base "$p")', $p)" >/dev/null || return 1
    fi
  done
  n=$(sql "$COORD" "$DB" "SELECT count(*) FROM pg_dist_node WHERE noderole = 'primary' AND isactive AND groupid <> 0") || return 1
  [ "$n" = 2 ] || { echo "expected 2 active workers, found $n" >&2; return 1; }
}

case "$CMD" in
start)
  all=1
  for p in "${PORTS[@]}"; do running "$p" || all=0; done
  if [ $all = 1 ] && [ "$(sql "$COORD" "$DB" "SELECT count(*) FROM pg_dist_node WHERE groupid <> 0" 2>/dev/null)" = 2 ]; then
    echo "citus cluster on ports ${PORTS[*]} already running"; exit 0
  fi
  # anything half-built (a failed start, a node that died) is rebuilt from scratch
  stop_all
  if ! setup; then
    echo "citus cluster start failed; cleaning up" >&2
    for p in "${PORTS[@]}"; do [ -f "$(base "$p")/server.log" ] && tail -5 "$(base "$p")/server.log" >&2; done
    stop_all; exit 1
  fi
  echo "citus cluster started: coordinator $COORD, workers ${PORTS[1]} ${PORTS[2]} (socket dirs /tmp/mlcheck-citus-PORT, database $DB)"
  ;;
stop)
  stop_all
  echo "citus cluster on ports ${PORTS[*]} stopped and removed"
  ;;
status)
  rc=0
  for p in "${PORTS[@]}"; do
    if running "$p"; then echo "port $p: running"; else echo "port $p: not running"; rc=1; fi
  done
  exit $rc
  ;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
