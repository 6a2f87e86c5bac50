# test/checks/lib/cronlib.sh — what the pg_cron checks share (sourced, not run).
#
# Before sourcing, set S to the check's name (the prefix of its result
# lines).  It gives: PORT and HOST of the test cluster, the counters
# PASSED/FAILED, ok NAME / fail NAME WHY (one "ok S/NAME" or
# "FAIL S/NAME: WHY" line each), sql DB [psql args] (tuples only, stops at
# the first error), finish (the summary line; its status is the result)
# and require_cron_db DB (the cluster must preload pg_cron with
# cron.database_name = DB; otherwise one FAIL line and exit 1).
PORT=${MLCHECK_PORT:-5499}
HOST=/tmp/mlcheck-pg-$PORT
PASSED=0
FAILED=0
ok()     { PASSED=$((PASSED + 1)); echo "ok $S/$1"; }
fail()   { FAILED=$((FAILED + 1)); echo "FAIL $S/$1: $2"; }
sql()    { local db=$1; shift; psql -X -q -tA -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres -d "$db" "$@"; }
finish() { echo "# $S: $PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }

require_cron_db() {
  local preload crondb
  preload=$(sql postgres -c "SHOW shared_preload_libraries" 2>&1)
  crondb=$(sql postgres -c "SHOW cron.database_name" 2>&1)
  if [[ $preload != *pg_cron* || $crondb != "$1" ]]; then
    fail setup "pg_cron must be preloaded with cron.database_name = $1 (got '$preload', '$crondb')"
    finish; exit 1
  fi
  sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 || sql postgres -c "CREATE DATABASE $1"
}
