#!/usr/bin/env bash
# test/checks/private_clone.sh — the repository works from a clone the
# server's OS user cannot read (root's home is 0700, so is every mktemp -d).
# Copies the tracked files into a fresh 0700 directory and, from there:
# loads the bundled example data with test/data/load_example.sql (read by
# psql, never by the server), runs the demo script test/demo.sql on it, and
# calls test/cluster.sh.  A negative control first proves the server really
# cannot read the copy, so the check cannot pass vacuously.
# Prints "ok private_clone/<name>" / "FAIL private_clone/<name>: why".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${MLCHECK_PORT:-5499}
export PGHOST=/tmp/mlcheck-pg-$PORT PGPORT=$PORT PGUSER=postgres
export PGOPTIONS="-c client_min_messages=warning"
DB=mlcheck_checks_private_clone
PRIV=$(mktemp -d /tmp/mlcheck-private.XXXXXX)
CLONE=$PRIV/mlcheck
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1; rm -rf "$PRIV"' EXIT

ok() { echo "ok private_clone/$1"; }
fail() { echo "FAIL private_clone/$1: $2"; }

chmod 700 "$PRIV"
mkdir "$CLONE"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$CLONE"
else
  cp -a "$ROOT/." "$CLONE/"
fi
[ "$(stat -c %a "$PRIV")" = 700 ] && [ -f "$CLONE/test/data/load_example.sql" ] \
  && ok copy_in_0700_dir || fail copy_in_0700_dir "copy into $PRIV failed"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
psql -X -q -d "$DB" -c "CREATE EXTENSION mlcheck" >/dev/null || fail create_extension "CREATE EXTENSION failed"

# negative control: a server-side COPY of the same file must fail here
if [ "$(id -un)" = postgres ]; then
  ok "server_cannot_read_clone (not applicable: running as the server's OS user)"
else
  out=$(psql -X -q -d "$DB" -v ON_ERROR_STOP=1 \
        -c "CREATE TEMP TABLE t (line text)" \
        -c "COPY t FROM '$CLONE/test/data/cancer_predictions.csv'" 2>&1)
  if [ $? -ne 0 ] && grep -q 'Permission denied' <<<"$out"; then
    ok server_cannot_read_clone
  else
    fail server_cannot_read_clone "the server could read $CLONE (output: $out)"
  fi
fi

counts() {
  psql -X -Atq -d "$DB" -c "SELECT (SELECT count(*) FROM example.cancer_predictions) || ' ' || (SELECT count(*) FROM example.digits_predictions)"
}

# the loader as README documents it: from the root of the clone
out=$(cd "$CLONE" && psql -X -q -d "$DB" -f test/data/load_example.sql 2>&1)
rc=$?
c=$(counts 2>&1)
[ $rc -eq 0 ] && [ "$c" = "1138 1797" ] && ok loader_from_clone_root \
  || fail loader_from_clone_root "rc=$rc rows=$c: $out"

# and from another directory, with -v datadir
out=$(cd / && psql -X -q -d "$DB" -v datadir="$CLONE/test/data" -f "$CLONE/test/data/load_example.sql" 2>&1)
rc=$?
c=$(counts 2>&1)
[ $rc -eq 0 ] && [ "$c" = "1138 1797" ] && ok loader_with_datadir \
  || fail loader_with_datadir "rc=$rc rows=$c: $out"

# the demo's evaluation script, run from the clone
out=$(cd "$CLONE" && psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -P pager=off -f test/demo.sql 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q '=== 8\.' <<<"$out" && grep -q 'radius_weekly' <<<"$out"; then
  ok demo_sql_from_clone
else
  fail demo_sql_from_clone "rc=$rc: $(tail -5 <<<"$out")"
fi

# test/cluster.sh runs the server's tools as postgres from /, not from the clone
out=$(cd "$CLONE" && bash test/cluster.sh status "$PORT" 2>&1)
rc=$?
if [ $rc -eq 0 ] && ! grep -qi 'could not change directory\|permission denied' <<<"$out"; then
  ok cluster_sh_from_clone
else
  fail cluster_sh_from_clone "rc=$rc: $out"
fi

# nothing in the demo or README points the server at a file of the checkout
bad=$(grep -nE "^[^-]*\bCOPY\b[^;]*\bFROM[[:space:]]+('|:')" "$CLONE"/test/demo.sql "$CLONE"/test/demo.sh \
      "$CLONE"/test/data/*.sql "$CLONE"/README.md 2>/dev/null)
[ -z "$bad" ] && ok no_server_side_copy_from_file || fail no_server_side_copy_from_file "$bad"

# README names paths relative to the clone: never this checkout's absolute
# path, and no datadir pointing at an absolute location
bad=$(grep -nF "$ROOT" "$CLONE/README.md"; grep -nE 'datadir=/|/work/main|/root/' "$CLONE/README.md")
[ -z "$bad" ] && ok readme_paths_relative || fail readme_paths_relative "$bad"
