#!/usr/bin/env bash
# test/run_tests.sh — the one command that runs every test suite:
#   C unit tests of the core (ASan/UBSan), pg_regress, the cross-checks
#   against scikit-learn/SciPy (with forced-parallel equality checks), and
#   the fault/security checks in test/checks/, and the distributed suite on
#   a 3-node Citus cluster when ../shared/citus is beside the clone.
# The pg_cron checks (which mostly wait for pg_cron's next minute) and the
# static analysis run beside the rest, each lane on its own.
# It installs missing Debian packages, builds with -Werror, installs the
# extension, starts a throw-away cluster and removes it at the end.
# Last line: "N passed, N failed"; exit status non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${MLCHECK_TEST_PORT:-5499}
export MLCHECK_PORT=$PORT
export PGHOST=/tmp/mlcheck-pg-$PORT PGPORT=$PORT PGUSER=postgres
LOG=$(mktemp -d /tmp/mlcheck-test.XXXXXX)
chmod 755 "$LOG"
PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()

count_lines() {   # count "ok X" / "FAIL X" lines of a suite log
  local f=$1 p q
  p=$(grep -c '^ok ' "$f" || true)
  q=$(grep -c '^FAIL ' "$f" || true)
  s=$(grep -c '^skip ' "$f" || true)
  PASSED=$((PASSED + p)); FAILED=$((FAILED + q)); SKIPPED=$((SKIPPED + s))
  while IFS= read -r l; do FAILURES+=("$l"); done < <(grep '^FAIL ' "$f" || true)
  LAST_FAILED=$q
}
fail_one() { FAILED=$((FAILED + 1)); FAILURES+=("FAIL $1"); echo "FAIL $1"; }
pass_one() { PASSED=$((PASSED + 1)); echo "ok $1"; }

# One check script of test/checks: its log in $LOG/NAME.log and exit status
# in $LOG/NAME.rc; prints its FAIL/skip lines and a summary line.
run_check() {
  local f=$1 name runner t0 rc
  name=$(basename "$f")
  case "$f" in *.py) runner=/usr/bin/python3 ;; *) runner=bash ;; esac
  t0=$SECONDS
  timeout 900 $runner "$f" >"$LOG/$name.log" 2>&1
  rc=$?
  echo "$rc" >"$LOG/$name.rc"
  grep -E '^(FAIL|skip) ' "$LOG/$name.log"
  echo "$name: $(grep -c '^ok ' "$LOG/$name.log") passed, $(grep -c '^FAIL ' "$LOG/$name.log") failed ($((SECONDS - t0)) s)"
}
# Adds a check's log to the totals (in this shell, after run_check).
count_check() {
  local name=$1 rc
  count_lines "$LOG/$name.log"
  rc=$(cat "$LOG/$name.rc" 2>/dev/null || echo 1)
  if [ "$rc" -ne 0 ] && [ "$LAST_FAILED" = 0 ]; then tail -20 "$LOG/$name.log"; fail_one "checks/$name crashed (exit $rc)"; fi
}
# Checks that run beside the rest of the suite, in lanes of their own: the
# pg_cron checks mostly wait for pg_cron's next minute, and the static
# analysis needs no cluster.  Each lane runs its scripts one after the
# other; collect_lane waits for a lane and counts its results.
declare -A LANE_PID LANE_FILES
LANE_CHECKS=
start_lane() {
  local lane=$1 f; shift
  LANE_FILES[$lane]="$*"
  for f in "$@"; do LANE_CHECKS="$LANE_CHECKS $(basename "$f")"; done
  ( for f in "$@"; do run_check "$f"; done ) >"$LOG/lane-$lane.out" 2>&1 &
  LANE_PID[$lane]=$!
}
collect_lane() {
  local lane=$1 f
  [ -n "${LANE_PID[$lane]:-}" ] || return 0
  wait "${LANE_PID[$lane]}"
  cat "$LOG/lane-$lane.out"
  for f in ${LANE_FILES[$lane]}; do count_check "$(basename "$f")"; done
  unset "LANE_PID[$lane]"
}

echo "== dependencies"
test/install_deps.sh || { echo "dependency install failed"; echo "0 passed, 1 failed"; exit 1; }

# Citus (for the distributed section) builds in the background while the
# rest of the suite runs; build.sh is idempotent (a no-op once installed).
CITUS_DIR=$ROOT/../shared/citus
CITUS_PID=
if [ -f "$CITUS_DIR/build.sh" ]; then
  echo "== Citus build started in the background (log: $LOG/citus-build.out)"
  # into the PostgreSQL that mlcheck builds against (the Makefile's pg_config)
  ( export PG_CONFIG=${PG_CONFIG:-$(command -v pg_config || echo /usr/lib/postgresql/15/bin/pg_config)}
    TMPDIR=$LOG nice bash "$CITUS_DIR/build.sh" >"$LOG/citus-build.out" 2>&1 ) &
  CITUS_PID=$!
fi

echo "== build (-Wall -Wextra -Werror)"
make -s clean >/dev/null 2>&1
if make -j2 >"$LOG/build.log" 2>&1 && ! grep -q 'warning:' "$LOG/build.log"; then
  pass_one build/compile
else
  cat "$LOG/build.log"; fail_one build/compile
fi
make -s install >"$LOG/install.log" 2>&1 && pass_one build/install || { cat "$LOG/install.log"; fail_one build/install; }

echo "== C unit tests (core, no PostgreSQL headers, ASan+UBSan)"
make -s unitcheck >"$LOG/unit.log" 2>&1
rc=$?
grep -E '^(ok|FAIL) ' "$LOG/unit.log" | grep -v '^ok ' ; grep -A3 'ERROR: AddressSanitizer\|runtime error' "$LOG/unit.log" | head -20
count_lines "$LOG/unit.log"; n=$LAST_FAILED
echo "unit: $(grep -c '^ok ' "$LOG/unit.log") passed, $n failed"
[ $rc -ne 0 ] && [ "$n" = 0 ] && { tail -20 "$LOG/unit.log"; fail_one unit/harness; }

echo "== throw-away cluster on port $PORT"
test/cluster.sh stop "$PORT" >/dev/null 2>&1
cleanup() {
  test/cluster.sh stop "$PORT" >/dev/null 2>&1
  local p
  for p in "${LANE_PID[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$CITUS_PID" ] && test/distributed/cluster.sh stop >/dev/null 2>&1
}
trap cleanup EXIT
if ! test/cluster.sh start "$PORT"; then
  fail_one cluster/start; echo "$PASSED passed, $FAILED failed"; exit 1
fi

echo "== beside the rest: pg_cron checks and static analysis (results below, with the other checks)"
start_lane cron test/checks/monitors_cron.sh test/checks/cron_drop_extension.sh
start_lane static test/checks/static_analysis.sh test/checks/malformed_input.py

echo "== pg_regress"
make -s installcheck REGRESS_OUT="$LOG" >"$LOG/regress.log" 2>&1
grep -E '^test |^ok |^not ok|FAILED|failed' "$LOG/regress.log" | sed 's/^/  /'
p=$(grep -cE '^test .*\.\.\. ok' "$LOG/regress.log" || true)
q=$(grep -cE '^test .*\.\.\. (FAILED|failed)' "$LOG/regress.log" || true)
PASSED=$((PASSED + p)); FAILED=$((FAILED + q))
if [ "$q" != 0 ]; then
  while IFS= read -r l; do FAILURES+=("FAIL regress: $l"); done < <(grep -E '^test .*\.\.\. (FAILED|failed)' "$LOG/regress.log")
  head -150 "$LOG/regression.diffs" 2>/dev/null
fi
[ "$p" = 0 ] && [ "$q" = 0 ] && { cat "$LOG/regress.log"; fail_one regress/harness; }

echo "== cross-checks against scikit-learn / SciPy (incl. forced parallel plans)"
PGOPTIONS="-c client_min_messages=warning" psql -q -X -d postgres -c "DROP DATABASE IF EXISTS mlcheck_check" -c "CREATE DATABASE mlcheck_check" >/dev/null
psql -q -X -d mlcheck_check -c "CREATE EXTENSION mlcheck" >/dev/null || fail_one crosscheck/create_extension
for f in test/crosscheck/check_*.py; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .py)
  t0=$SECONDS
  timeout 900 /usr/bin/python3 "$f" >"$LOG/$name.log" 2>&1
  rc=$?
  grep -E '^FAIL ' "$LOG/$name.log"
  count_lines "$LOG/$name.log"; n=$LAST_FAILED
  echo "$name: $(grep -c '^ok ' "$LOG/$name.log") passed, $n failed ($((SECONDS - t0)) s)"
  if [ $rc -ne 0 ] && [ "$n" = 0 ]; then tail -20 "$LOG/$name.log"; fail_one "crosscheck/$name crashed (exit $rc)"; fi
done

echo "== fault, security and documentation checks"
# the pg_cron lane must be done first: readme_examples.py uses pg_cron's
# database and its job ids
collect_lane cron
for f in test/checks/*.sh test/checks/*.py; do
  [ -e "$f" ] || continue
  case " $LANE_CHECKS " in *" $(basename "$f") "*) continue ;; esac
  run_check "$f"
  count_check "$(basename "$f")"
done
collect_lane static

echo "== distributed (Citus)"
if [ -z "$CITUS_PID" ]; then
  echo "distributed suite skipped: ../shared/citus (Citus source and build script) is not beside this clone"
else
  t0=$SECONDS
  if ! wait "$CITUS_PID"; then
    tail -20 "$LOG/citus-build.out"; tail -30 "$LOG/citus-build.log" 2>/dev/null; fail_one distributed/citus_build
  else
    echo "$(tail -1 "$LOG/citus-build.out") (waited $((SECONDS - t0)) s)"
    test/distributed/cluster.sh stop >/dev/null 2>&1
    if ! test/distributed/cluster.sh start >"$LOG/citus-cluster.log" 2>&1; then
      cat "$LOG/citus-cluster.log"; fail_one distributed/cluster_start
    else
      t0=$SECONDS
      timeout 900 /usr/bin/python3 test/distributed/run_distributed.py >"$LOG/distributed.log" 2>&1
      rc=$?
      grep -E '^FAIL ' "$LOG/distributed.log" | cut -c1-300
      grep -E '^distributed: .* pushed down|^not pushed down' "$LOG/distributed.log"
      count_lines "$LOG/distributed.log"; n=$LAST_FAILED
      echo "distributed: $(grep -c '^ok ' "$LOG/distributed.log") passed, $n failed ($((SECONDS - t0)) s)"
      if [ $rc -ne 0 ] && [ "$n" = 0 ]; then tail -20 "$LOG/distributed.log"; fail_one "distributed crashed (exit $rc)"; fi
    fi
    test/distributed/cluster.sh stop >/dev/null 2>&1
  fi
fi

echo
echo "total time: ${SECONDS} s"
if [ $FAILED -ne 0 ]; then
  echo "failures:"; printf '  %s\n' "${FAILURES[@]}"
  echo "logs kept in $LOG"
else
  rm -rf "$LOG"
fi
if [ $SKIPPED -ne 0 ]; then echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"; else echo "$PASSED passed, $FAILED failed"; fi
[ $FAILED -eq 0 ]
