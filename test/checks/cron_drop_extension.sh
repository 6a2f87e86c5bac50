#!/usr/bin/env bash
# test/checks/cron_drop_extension.sh — a real pg_cron job of a
# monitor keeps succeeding after a plain DROP EXTENSION mlcheck.
#
# In a database of its own (mlcheck_cron_dropext) this script creates
# mlcheck and a monitor, and from pg_cron's database (cron.database_name =
# mlcheck_cron on the test cluster) schedules, every minute, two jobs in
# that database: the guarded command mlcheck schedules
# (mlcheck._cron_command) and, as the control that shows the failure is
# real, the bare CALL mlcheck.run_monitors(...).  Then it drops the
# extension (no CASCADE, no drop_monitor, no unschedule) and waits for the
# next run of both jobs: the guarded one must succeed, the bare one fails
# with 'schema "mlcheck" does not exist'.
# One line per check: "ok monitors_cron_drop_extension/<name>" or "FAIL ...: why".
set -uo pipefail
CRONDB=mlcheck_cron
DB=mlcheck_cron_dropext
# pg_cron's launcher learns of new jobs from the invalidation message of
# cron.job.  CREATE and DROP EXTENSION mlcheck queue thousands of catalog
# invalidations right around the scheduling; when the launcher (which
# reads them once a second) falls behind, the server resets its caches,
# and pg_cron 1.4 does not treat that reset (a relcache callback for no
# particular relation) as a change of cron.job: most likely why its
# job list stayed without the new jobs, which then never ran (seen in full
# test runs: no run of either job for minutes, the launcher idle).  So
# after the drop the check makes the launcher reload its job list
# (pg_reload_conf: pg_cron re-reads cron.job on SIGHUP).
WAIT=${MLCHECK_CRON_WAIT:-330}
S=cron_drop_extension
. "$(dirname "$0")/lib/cronlib.sh"

require_cron_db "$CRONDB"
sql "$CRONDB" -c "CREATE EXTENSION IF NOT EXISTS pg_cron" >/dev/null
sql postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null

setup=$(sql "$DB" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION mlcheck;
CREATE TABLE ev (ts timestamptz NOT NULL, x float8);
INSERT INTO ev SELECT now() - i * interval '1 minute', i FROM generate_series(0, 600) i;
SELECT name FROM mlcheck.add_validity_monitor('dropext', 'ev', 'ts', '1 hour', rules => '{"x": {"min": 0}}');
SELECT mlcheck._cron_command('dropext');
SQL
)
cmd=$(tail -n 1 <<<"$setup")
if [[ $cmd == DO* ]]; then ok setup; else fail setup "$setup"; fi

guarded=$(sql "$CRONDB" -c "SELECT cron.schedule_in_database('mlcheck-test-dropext-guarded', '* * * * *', \$cmd\$$cmd\$cmd\$, '$DB')" 2>&1)
bare=$(sql "$CRONDB" -c "SELECT cron.schedule_in_database('mlcheck-test-dropext-bare', '* * * * *', 'CALL mlcheck.run_monitors(''dropext'')', '$DB')" 2>&1)
if [[ $guarded =~ ^[0-9]+$ && $bare =~ ^[0-9]+$ ]]; then ok scheduled; else fail scheduled "guarded '$guarded', bare '$bare'"; fi

# a plain DROP EXTENSION: the monitor, its job and its results are left to chance
drop=$(sql "$DB" -c "DROP EXTENSION mlcheck" 2>&1 && echo dropped)
t0=$(sql "$CRONDB" -c "SELECT now()")
sql postgres -c "SELECT pg_reload_conf()" >/dev/null
[[ $drop == *dropped ]] && ok drop_extension || fail drop_extension "$drop"

start=$(date +%s)
g=""; b=""
while (( $(date +%s) - start < WAIT )); do
  g=$(sql "$CRONDB" -c "SELECT string_agg(status || coalesce(': ' || return_message, ''), '; ' ORDER BY runid)
                        FROM cron.job_run_details WHERE jobid = ${guarded//[^0-9]/0} AND start_time > '$t0'
                         AND status IN ('succeeded', 'failed')" 2>/dev/null)
  b=$(sql "$CRONDB" -c "SELECT string_agg(status || coalesce(': ' || return_message, ''), '; ' ORDER BY runid)
                        FROM cron.job_run_details WHERE jobid = ${bare//[^0-9]/0} AND start_time > '$t0'
                         AND status IN ('succeeded', 'failed')" 2>/dev/null)
  [[ -n $g && -n $b ]] && break
  sleep 2
done
# let pg_cron finish the runs it started before any job is unscheduled:
# unscheduling jobs in the moment their runs complete has left pg_cron's
# launcher starting no job at all afterwards (seen in full test runs: the
# next check's jobs never ran)
for _ in $(seq 1 30); do
  busy=$(sql "$CRONDB" -c "SELECT count(*) FROM cron.job_run_details WHERE status IN ('starting', 'running')" 2>/dev/null)
  [[ $busy == 0 ]] && break
  sleep 1
done
sleep 5
if [[ $b == failed*'schema "mlcheck" does not exist'* ]]; then
  ok bare_command_fails_after_drop
else
  fail bare_command_fails_after_drop "bare job after DROP EXTENSION: '${b:-no run after ${WAIT}s}'"
fi
if [[ -n $g && $g != *failed* ]]; then
  ok guarded_job_succeeds_after_drop_extension
else
  fail guarded_job_succeeds_after_drop_extension "guarded job after DROP EXTENSION: '${g:-no run after ${WAIT}s}'"
fi

# what pg_cron saw, when a job did not run: every run of the two jobs (any
# status), the jobs themselves and whether its scheduler is alive
if [[ -z $g || -z $b ]]; then
  echo "# runs: $(sql "$CRONDB" -c "SELECT string_agg(jobid || ' ' || status || ' ' || start_time, '; ') FROM cron.job_run_details WHERE jobid IN (${guarded//[^0-9]/0}, ${bare//[^0-9]/0})" 2>&1)"
  echo "# jobs: $(sql "$CRONDB" -c "SELECT string_agg(jobid || ' ' || jobname || ' active=' || active || ' db=' || database, '; ') FROM cron.job" 2>&1)"
  echo "# scheduler: $(sql postgres -c "SELECT string_agg(backend_type || ' ' || coalesce(datname, '') || ' ' || state, '; ') FROM pg_stat_activity WHERE backend_type ~ 'cron'" 2>&1)"
  echo "# bgworkers: $(sql postgres -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type NOT IN ('client backend', 'checkpointer', 'walwriter', 'background writer', 'autovacuum launcher', 'logical replication launcher')" 2>&1), now $(sql postgres -c "SELECT now()" 2>&1), t0 $t0"
fi
# ---- cleanup
sql "$CRONDB" -c "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname LIKE 'mlcheck-test-dropext-%'" \
    -c "DELETE FROM cron.job_run_details WHERE jobid IN (${guarded//[^0-9]/0}, ${bare//[^0-9]/0})" >/dev/null 2>&1
sql postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
# pg_cron stays installed: its launcher does not run the jobs of a pg_cron
# extension dropped and created again while the server runs (the next
# check that schedules a job would wait for it in vain); the test cluster
# is thrown away afterwards anyway.
finish
