#!/usr/bin/env bash
# test/checks/monitors_cron.sh — a real pg_cron run of a drift monitor.
#
# The throw-away cluster (test/cluster.sh) preloads pg_cron with
# cron.database_name = 'mlcheck_cron'.  In that database this script
# installs pg_cron and mlcheck, registers a monitor, schedules it every
# minute with mlcheck.schedule(), and waits (at most 150 s) until the job
# has written a results row and cron.job_run_details says "succeeded".  It
# also schedules, with cron.schedule_in_database (the way the README monitors section
# gives for a monitor living in another database), a monitor of a second
# database, and checks mlcheck.schedule's error and hint there.  Then it
# unschedules and removes what it created.
# A non-superuser member of a team role with the README's grants and
# pg_cron's own grant (USAGE on schema cron) schedules and unschedules its
# monitor too, and its job runs.  Every job runs the guarded command, which
# succeeds doing nothing once the monitor or mlcheck is gone.
# One line per check: "ok monitors_cron/<name>" or "FAIL monitors_cron/<name>: why".
set -uo pipefail
DB=mlcheck_cron
OTHER=mlcheck_cron_other
WAIT=${MLCHECK_CRON_WAIT:-150}
S=monitors_cron
. "$(dirname "$0")/lib/cronlib.sh"

require_cron_db "$DB"

# Extensions: create what is missing, and remember it to drop it at the end.
created_mlcheck=$(sql "$DB" -c "SELECT count(*) = 0 FROM pg_extension WHERE extname = 'mlcheck'")
sql "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_cron" -c "CREATE EXTENSION IF NOT EXISTS mlcheck" \
  || { fail setup "cannot create extensions in $DB"; finish; exit 1; }
sql postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $OTHER" -c "CREATE DATABASE $OTHER"
sql "$OTHER" -c "CREATE EXTENSION mlcheck"

# Data: the last six hours, 200 rows a minute; the reference is the first
# three hours, and from then on x is shifted, so the hourly window drifts.
setup_data() {
  sql "$1" <<'SQL'
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS cron_mon CASCADE;
CREATE SCHEMA cron_mon;
CREATE TABLE cron_mon.ev (ts timestamptz NOT NULL, x float8);
INSERT INTO cron_mon.ev
SELECT date_trunc('minute', now()) - interval '6 hours' + (i / 200) * interval '1 minute',
       ((i * 7919) % 1000) / 100.0 + CASE WHEN i / 200 >= 180 THEN 4 ELSE 0 END
  FROM generate_series(0, 6 * 60 * 200 + 200) i;
CREATE INDEX ON cron_mon.ev (ts);
ANALYZE cron_mon.ev;
DELETE FROM mlcheck.monitors WHERE name = 'cron_x';
DELETE FROM mlcheck.baselines WHERE name = 'cron_x_ref';
SELECT mlcheck.create_baseline('cron_x_ref', 'cron_mon.ev', 'x',
                               format('ts < %L', date_trunc('minute', now()) - interval '3 hours'));
SELECT name FROM mlcheck.add_monitor('cron_x', 'cron_mon.ev', 'x', 'ts', 'cron_x_ref', '1 hour', 'ks');
SQL
}
if setup_data "$DB" >/dev/null && setup_data "$OTHER" >/dev/null; then ok setup; else fail setup "could not create data and monitors"; fi

# ---- a team member, not a superuser, with the README's grants
sql "$DB" >/dev/null 2>&1 <<'SQL'
SET client_min_messages = warning;
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mlc_cron_ops') THEN CREATE ROLE mlc_cron_ops NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mlc_cron_alice') THEN CREATE ROLE mlc_cron_alice LOGIN; END IF;
END$$;
GRANT mlc_cron_ops TO mlc_cron_alice;
GRANT SELECT, INSERT, UPDATE, DELETE ON mlcheck.baselines, mlcheck.monitors, mlcheck.results TO mlc_cron_ops;
GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO mlc_cron_ops;
GRANT USAGE ON SCHEMA cron TO mlc_cron_ops;
GRANT USAGE ON SCHEMA cron_mon TO mlc_cron_ops;
GRANT SELECT ON cron_mon.ev TO mlc_cron_alice;
SQL
asql() { sql "$DB" -c "SET ROLE mlc_cron_alice" "$@"; }
asetup=$(asql -c "DELETE FROM mlcheck.monitors WHERE name = 'cron_a'" -c "DELETE FROM mlcheck.baselines WHERE name = 'cron_a_ref'" \
              -c "SELECT mlcheck.create_baseline('cron_a_ref', 'cron_mon.ev', 'x', format('ts < %L', date_trunc('minute', now()) - interval '3 hours'))" \
              -c "SELECT owner FROM mlcheck.add_monitor('cron_a', 'cron_mon.ev', 'x', 'ts', 'cron_a_ref', '1 hour', 'ks')" 2>&1)
ajob=$(asql -c "SELECT mlcheck.schedule('cron_a', '* * * * *')" 2>&1)
arow=$(sql "$DB" -F '|' -c "SELECT username, command = mlcheck._cron_command('cron_a') FROM cron.job WHERE jobid = ${ajob//[^0-9]/0}" 2>&1)
if [[ $ajob =~ ^[0-9]+$ && $arow == "mlc_cron_alice|t" ]]; then
  ok non_superuser_schedules
else
  fail non_superuser_schedules "setup '$asetup', schedule gave '$ajob', cron.job '$arow'"
fi

# ---- mlcheck.schedule in the pg_cron database
job=$(sql "$DB" -c "SELECT mlcheck.schedule('cron_x', '*/5 * * * *')" 2>&1)
job2=$(sql "$DB" -c "SELECT mlcheck.schedule('cron_x', '* * * * *')" 2>&1)
row=$(sql "$DB" -F '|' -c "SELECT jobid, jobname, schedule, command = mlcheck._cron_command('cron_x'), database, username, active
                             FROM cron.job WHERE jobname = 'mlcheck: $DB/cron_x'" 2>&1)
if [[ $job =~ ^[0-9]+$ && $job == "$job2" && $row == "$job|mlcheck: $DB/cron_x|* * * * *|t|$DB|postgres|t" ]]; then
  ok schedule_registers_job
else
  fail schedule_registers_job "job '$job' / '$job2', cron.job row '$row'"
fi

# ---- the other database: a clear error naming schedule_in_database ...
msg=$(sql "$OTHER" -c "\\set VERBOSITY verbose" -c "SELECT mlcheck.schedule('cron_x', '* * * * *')" 2>&1)
if [[ $msg == *55000* && $msg == *"pg_cron is not installed in database \"$OTHER\""* && $msg == *"cron.schedule_in_database("* ]]; then
  ok schedule_elsewhere_says_how
else
  fail schedule_elsewhere_says_how "$msg"
fi
# ... and the command that hint gives, run from the pg_cron database
hint_sql=$(grep -o "SELECT cron.schedule_in_database(.*);" <<<"$msg")
job_other=$(sql "$DB" -c "$hint_sql" 2>&1)
if [[ $job_other =~ ^[0-9]+$ ]]; then ok schedule_in_database_from_hint; else fail schedule_in_database_from_hint "'$hint_sql' gave '$job_other'"; fi

# ---- wait for both jobs to run
start=$(date +%s)
res=""; res_other=""; det=""; det_other=""; ares=""; adet=""
while (( $(date +%s) - start < WAIT )); do
  res=$(sql "$DB" -F '|' -c "SELECT status, method, alert, window_end = (SELECT window_end FROM mlcheck.monitor_window('1 hour', run_at))
                             FROM mlcheck.results WHERE monitor = 'cron_x'" 2>/dev/null)
  res_other=$(sql "$OTHER" -F '|' -c "SELECT status, method, alert FROM mlcheck.results WHERE monitor = 'cron_x'" 2>/dev/null)
  det=$(sql "$DB" -c "SELECT string_agg(status || coalesce(': ' || return_message, ''), '; ' ORDER BY runid)
                      FROM cron.job_run_details WHERE jobid = ${job:-0} AND status IN ('succeeded', 'failed')" 2>/dev/null)
  det_other=$(sql "$DB" -c "SELECT string_agg(status || coalesce(': ' || return_message, ''), '; ' ORDER BY runid)
                            FROM cron.job_run_details WHERE jobid = ${job_other:-0} AND status IN ('succeeded', 'failed')" 2>/dev/null)
  ares=$(sql "$DB" -F '|' -c "SELECT status, method, alert FROM mlcheck.results WHERE monitor = 'cron_a'" 2>/dev/null)
  adet=$(sql "$DB" -c "SELECT string_agg(status || coalesce(': ' || return_message, ''), '; ' ORDER BY runid)
                       FROM cron.job_run_details WHERE jobid = ${ajob//[^0-9]/0} AND status IN ('succeeded', 'failed')" 2>/dev/null)
  [[ -n $res && -n $res_other && -n $det && -n $det_other && -n $ares && -n $adet ]] && break
  sleep 2
done
# let pg_cron finish the runs it started before any job is unscheduled:
# unscheduling jobs in the moment their runs complete has left pg_cron's
# launcher starting no job at all afterwards (seen in full test runs: the
# next check's jobs never ran)
for _ in $(seq 1 30); do
  busy=$(sql "$DB" -c "SELECT count(*) FROM cron.job_run_details WHERE status IN ('starting', 'running')" 2>/dev/null)
  [[ $busy == 0 ]] && break
  sleep 1
done
sleep 5
elapsed=$(( $(date +%s) - start ))
echo "# waited ${elapsed}s for pg_cron"
if [[ $det == succeeded* ]]; then ok cron_job_succeeded; else fail cron_job_succeeded "job_run_details: '${det:-none after ${WAIT}s}'"; fi
if [[ $res == "ok|ks|t|t" ]]; then ok cron_run_wrote_result; else fail cron_run_wrote_result "results: '${res:-none after ${WAIT}s}'"; fi
if [[ $job_other != "$job" && $det_other == succeeded* && $res_other == "ok|ks|t" ]]; then
  ok cron_other_database_run
else
  fail cron_other_database_run "job_run_details '${det_other:-none}', results '${res_other:-none}'"
fi
if [[ $adet == succeeded* && $ares == "ok|ks|t" ]]; then
  ok cron_non_superuser_job_runs
else
  fail cron_non_superuser_job_runs "job_run_details '${adet:-none}', results '${ares:-none}'"
fi
nres=$(sql "$DB" -c "SELECT count(*) = count(DISTINCT (window_start, window_end)) FROM mlcheck.results WHERE monitor = 'cron_x'" 2>&1)
[[ $nres == t ]] && ok cron_runs_idempotent || fail cron_runs_idempotent "$nres"

# ---- unschedule
u1=$(sql "$DB" -c "SELECT mlcheck.unschedule('cron_x')" 2>&1)
u2=$(sql "$DB" -c "SELECT mlcheck.unschedule('cron_x')" 2>&1)
left=$(sql "$DB" -c "SELECT count(*) FROM cron.job WHERE jobname = 'mlcheck: $DB/cron_x'" 2>&1)
if [[ $u1 == t && $u2 == f && $left == 0 ]]; then ok unschedule; else fail unschedule "first '$u1', second '$u2', jobs left '$left'"; fi

ua=$(asql -c "SELECT mlcheck.unschedule('cron_a')" 2>&1)
aleft=$(sql "$DB" -c "SELECT count(*) FROM cron.job WHERE jobname = 'mlcheck: $DB/cron_a'" 2>&1)
if [[ $ua == t && $aleft == 0 ]]; then ok non_superuser_unschedules; else fail non_superuser_unschedules "unschedule '$ua', jobs left '$aleft'"; fi

# ---- the guarded command of a leftover job: runs the monitor while it
# exists, succeeds doing nothing once the monitor is dropped, or mlcheck
cmd=$(sql "$DB" -c "SELECT mlcheck._cron_command('cron_a')")
before=$(sql "$DB" -c "SELECT count(*) FROM mlcheck.results WHERE monitor = 'cron_a'")
g1=$(sql "$DB" -c "SET ROLE mlc_cron_alice" -c "$cmd" 2>&1 && echo done)
# drop_monitor in pg_cron's database removes the job too
ajob2=$(asql -c "SELECT mlcheck.schedule('cron_a', '0 0 1 1 *')" 2>&1)
dropped=$(asql -c "SELECT mlcheck.drop_monitor('cron_a')" -c "SELECT count(*) FROM mlcheck.monitors WHERE name = 'cron_a'" 2>&1)
jleft=$(sql "$DB" -c "SELECT count(*) FROM cron.job WHERE jobname = 'mlcheck: $DB/cron_a'" 2>&1)
if [[ $ajob2 =~ ^[0-9]+$ && $dropped == *0 && $jleft == 0 ]]; then
  ok drop_monitor_unschedules
else
  fail drop_monitor_unschedules "schedule '$ajob2', drop '$dropped', jobs left '$jleft'"
fi
g2=$(sql "$DB" -c "SET ROLE mlc_cron_alice" -c "$cmd" 2>&1 && echo done)
sql postgres -c "DROP DATABASE IF EXISTS mlcheck_cron_gone" -c "CREATE DATABASE mlcheck_cron_gone" >/dev/null 2>&1
g3=$(sql mlcheck_cron_gone -c "$cmd" 2>&1 && echo done)
sql postgres -c "DROP DATABASE IF EXISTS mlcheck_cron_gone" >/dev/null 2>&1
if [[ $g1 == done && $g2 == done && $g3 == done && $cmd == DO* ]]; then
  ok guarded_command_survives_drops
else
  fail guarded_command_survives_drops "command '$cmd': with monitor '$g1', monitor dropped '$g2', no mlcheck '$g3'"
fi

# ---- cleanup
sql "$DB" -c "SELECT cron.unschedule(${job_other:-0})" >/dev/null 2>&1
sql "$DB" -c "DELETE FROM cron.job_run_details WHERE jobid IN (${job:-0}, ${job_other:-0})" >/dev/null 2>&1
sql "$DB" -c "SET client_min_messages = warning" -c "DELETE FROM mlcheck.monitors WHERE name = 'cron_x'" \
    -c "DELETE FROM mlcheck.baselines WHERE name IN ('cron_x_ref', 'cron_a_ref')" \
    -c "DELETE FROM cron.job_run_details WHERE jobid = ${ajob//[^0-9]/0}" \
    -c "REVOKE ALL ON mlcheck.baselines, mlcheck.monitors, mlcheck.results FROM mlc_cron_ops" \
    -c "REVOKE ALL ON SEQUENCE mlcheck.results_id_seq FROM mlc_cron_ops" \
    -c "REVOKE ALL ON SCHEMA cron FROM mlc_cron_ops" -c "DROP SCHEMA cron_mon CASCADE" >/dev/null
[[ $created_mlcheck == t ]] && sql "$DB" -c "DROP EXTENSION mlcheck" >/dev/null
# pg_cron stays installed: its launcher does not run the jobs of a pg_cron
# extension dropped and created again while the server runs (the next
# check that schedules a job would wait for it in vain); the test cluster
# is thrown away afterwards anyway.
sql postgres -c "DROP DATABASE IF EXISTS $OTHER" >/dev/null
sql postgres -c "DROP ROLE IF EXISTS mlc_cron_alice" -c "DROP ROLE IF EXISTS mlc_cron_ops" >/dev/null 2>&1
finish
