#!/usr/bin/env bash
# test/install_deps.sh — install the Debian packages mlcheck needs to build,
# test and run its demo.  Idempotent: installs only what is missing.
set -euo pipefail
PKGS="postgresql-15 postgresql-server-dev-15 postgresql-15-cron postgresql-15-pgtap
      python3-sklearn python3-scipy python3-psycopg2 python3-numpy python3-matplotlib
      make gcc libc6-dev cppcheck"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then echo "missing packages:$missing (run as root to install)" >&2; exit 1; fi
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# Headless Chromium renders the SVG images and the HTML report in
# test/checks/pictures.py; without it those checks are skipped, so a failed
# install here is reported but does not stop the tests.
OPTIONAL="chromium fonts-dejavu-core"
missing=""
for p in $OPTIONAL; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; }; } ||
    echo "could not install$missing: the rendering checks will be skipped" >&2
fi
# Debian starts a default cluster on install; it is not ours and not needed.
if [ -d /etc/postgresql/15/main ] && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
fi
exit 0
