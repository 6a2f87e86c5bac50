#!/usr/bin/env bash
# test/run_tests.sh — the one command that runs every test suite:
#   C unit tests of the core (ASan/UBSan), pg_regress, the cross-checks
#   against scikit-learn/SciPy (with forced-parallel equality checks), and
#   the fault/security checks in test/checks/, and the distributed suite on
#   a 3-node Citus cluster when ../shared/citus is beside the clone.
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
  [ -n "$CITUS_PID" ] && test/distributed/cluster.sh stop >/dev/null 2>&1
}
trap cleanup EXIT
if ! test/cluster.sh start "$PORT"; then
  fail_one cluster/start; echo "$PASSED passed, $FAILED failed"; exit 1
fi

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
for f in test/checks/*.sh test/checks/*.py; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  case "$f" in *.py) runner=/usr/bin/python3 ;; *) runner=bash ;; esac
  t0=$SECONDS
  timeout 900 $runner "$f" >"$LOG/$name.log" 2>&1
  rc=$?
  grep -E '^(FAIL|skip) ' "$LOG/$name.log"
  count_lines "$LOG/$name.log"; n=$LAST_FAILED
  echo "$name: $(grep -c '^ok ' "$LOG/$name.log") passed, $n failed ($((SECONDS - t0)) s)"
  if [ $rc -ne 0 ] && [ "$n" = 0 ]; then tail -20 "$LOG/$name.log"; fail_one "checks/$name crashed (exit $rc)"; fi
done

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
