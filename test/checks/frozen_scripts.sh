#!/usr/bin/env bash
# Released scripts are frozen.  Every file in test/releases.txt must still
# have its recorded SHA-256, and every mlcheck--*.sql that git tracks (the
# committed scripts: released install and update scripts) must be listed
# there, so that nobody silently redefines a release.  The scripts of the
# version under development are built by make and are not tracked.
# One line per check: "ok frozen_scripts/<name>" or FAIL.
cd "$(dirname "$0")/../.."
LIST=test/releases.txt

while read -r sum file commit; do
  case "$sum" in ''|'#'*) continue ;; esac
  if [ ! -f "$file" ]; then
    echo "FAIL frozen_scripts/$file: listed in $LIST but missing"; continue
  fi
  got=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$got" = "$sum" ]; then
    echo "ok frozen_scripts/$file"
  else
    echo "FAIL frozen_scripts/$file: SHA-256 $got, released as $sum (released scripts never change: write an update script mlcheck--A--B.sql instead)"

  fi
done < "$LIST"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  unlisted=""
  for f in $(git ls-files 'mlcheck--*.sql'); do
    awk -v f="$f" '$1 !~ /^#/ && $2 == f { found = 1 } END { exit !found }' "$LIST" || unlisted="$unlisted $f"
  done
  if [ -z "$unlisted" ]; then
    echo "ok frozen_scripts/every_committed_script_listed"
  else
    echo "FAIL frozen_scripts/every_committed_script_listed: committed but not in $LIST:$unlisted (add its SHA-256 line when it is released)"
  fi
else
  echo "skip frozen_scripts/every_committed_script_listed: not a git checkout"
fi
