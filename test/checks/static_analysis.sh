#!/usr/bin/env bash
# test/checks/static_analysis.sh — cppcheck over src/ (one line per check).
#   ok static_analysis/<name> | FAIL static_analysis/<name>: why
# - core_has_no_postgres_headers: src/core must stay plain C (no server header)
# - cppcheck_core: src/core, checks warning,portability,performance, all
#   #ifdef configurations, no PostgreSQL include path
# - cppcheck_glue: src/pg with PostgreSQL's server headers (one configuration:
#   the PG headers have too many #ifdef branches to check them all in CI time)
# lib/cppcheck-postgres.cfg tells cppcheck what it cannot see through PG's
# macros (ereport(ERROR) / mlc_pg_raise do not return).  Suppressions, each
# a verified false positive:
#   legacyUninitvar in src/pg: a variable set in every branch but the one
#     ending in ereport(ERROR), which cppcheck does not see as noreturn;
#   arrayIndexOutOfBoundsCond in mlc_profile.c: a defensive `h >= 62` test
#     inside a loop bounded by the array size (cppcheck reads the redundant
#     condition as a possible index).
# Debian package: cppcheck.  clang-tidy: not run (see README, "Reliability and security").
set -uo pipefail
cd "$(dirname "$0")/../.."
CFG=test/checks/lib/cppcheck-postgres.cfg
TEMPLATE='{file}:{line}: {severity}: {id}: {message}'
PGINC=$(pg_config --includedir-server 2>/dev/null || echo /usr/include/postgresql/15/server)
status=0

hdr=$(grep -nE '#\s*include\s*[<"](postgres|fmgr|funcapi|utils/|catalog/|access/|executor/|nodes/|libpq/|miscadmin)' src/core/*.c src/core/*.h 2>/dev/null)
if [ -z "$hdr" ]; then echo "ok static_analysis/core_has_no_postgres_headers"
else echo "FAIL static_analysis/core_has_no_postgres_headers: $(echo "$hdr" | head -3 | tr '\n' ' ')"; status=1; fi

if ! command -v cppcheck >/dev/null; then
  echo "FAIL static_analysis/cppcheck_installed: cppcheck not found (Debian package cppcheck)"
  exit 1
fi

run_cppcheck() {   # name, extra args...
  local name=$1; shift
  local log; log=$(mktemp)
  cppcheck --quiet -j "$(nproc)" --enable=warning,portability,performance --std=c99 --inline-suppr \
    --error-exitcode=1 --library="$CFG" --suppress=missingIncludeSystem \
    --suppress=toomanyconfigs --template="$TEMPLATE" "$@" >"$log" 2>&1
  local rc=$?
  if [ $rc -eq 0 ] && ! grep -qE '^src/.*: (error|warning|portability|performance)' "$log"; then
    echo "ok static_analysis/$name"
  else
    echo "FAIL static_analysis/$name: $(grep -E '^src/' "$log" | head -5 | tr '\n' ';') (exit $rc)"
    status=1
  fi
  rm -f "$log"
}

run_cppcheck cppcheck_core -Isrc/core \
  --suppress='arrayIndexOutOfBoundsCond:src/core/mlc_profile.c' src/core
run_cppcheck cppcheck_glue --max-configs=1 -Isrc/core -Isrc/pg -I"$PGINC" \
  --suppress='legacyUninitvar:src/pg/*' --suppress='arrayIndexOutOfBoundsCond:src/core/mlc_profile.c' src/pg
exit $status
