"""Performance monitors under concurrency.

Sessions that run the same performance and estimated-performance monitors
at the same instant (CALL run_monitors and check_monitor, autocommit and in
explicit transactions) give no error and exactly one result row per monitor
and window; a window whose labels are not due is written by nobody; a
session that meets the lock held by another skips without waiting and
without writing.  One line per check: "ok performance_concurrency/<name>".
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import checklib as L  # noqa: E402

SUITE = "performance_concurrency"
chk = L.Checker(SUITE)
conn = L.own_database(SUITE)
cur = conn.cursor()
cur.execute("SET TimeZone = 'UTC'")
# six weeks of predictions, 2000 a day; labels of the score, decisions at 0.5
cur.execute("""
CREATE TABLE preds (ts timestamptz NOT NULL, score float8, decision boolean, label boolean);
INSERT INTO preds
SELECT timestamptz '2026-01-05 00:00+00' + (i * interval '43.2 seconds'),
       s, s >= 0.5, ((i * 104729) % 1000) / 1000.0 < s
  FROM (SELECT i, ((i * 7919) % 1000) / 1000.0 AS s FROM generate_series(0::bigint, 6 * 7 * 2000 - 1) i) q;
CREATE INDEX ON preds (ts);
CREATE VIEW ref AS SELECT * FROM preds WHERE ts < '2026-02-02';
ANALYZE preds;
""")
names = []
for metric in ("accuracy", "f1", "roc_auc"):
    pred = "score" if metric == "roc_auc" else "decision"
    for w in ("1 day", "7 days"):
        n = f"perf_{metric}_{w.replace(' ', '')}"
        cur.execute("""SELECT 1 FROM mlcheck.add_performance_monitor(%s, 'preds', 'ts', 'label', %s, %s, %s::interval,
                       reference => 'ref', label_delay => '1 day')""", (n, pred, metric, w))
        names.append(n)
        n = f"est_{metric}_{w.replace(' ', '')}"
        cur.execute("""SELECT 1 FROM mlcheck.add_estimated_performance_monitor(%s, 'preds', 'ts', 'score', 'decision', %s,
                       %s::interval, 'ref', 'label')""", (n, metric, w))
        names.append(n)


def race(as_of, nsessions, in_block, how):
    barrier = threading.Barrier(nsessions)
    errors = []

    def worker():
        try:
            c = L._connect(f"mlcheck_checks_{SUITE}")
            c.autocommit = not in_block
            barrier.wait()
            with c.cursor() as k:
                if how == "call":
                    k.execute("CALL mlcheck.run_monitors(as_of => %s)", (as_of,))
                else:
                    for n in names:
                        k.execute("SELECT 1 FROM mlcheck.check_monitor(%s, %s)", (n, as_of))
            if in_block:
                c.commit()
            c.close()
        except Exception as e:  # noqa: BLE001 - any failure is a test failure
            errors.append(repr(e))

    ts = [threading.Thread(target=worker) for _ in range(nsessions)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return errors


def counts():
    cur.execute("""SELECT count(*), count(DISTINCT (monitor, window_start, window_end)),
                          count(*) FILTER (WHERE status <> 'ok'), max(attempts) FROM mlcheck.results""")
    return cur.fetchone()


for i, (as_of, nsess, in_block, how) in enumerate((("2026-02-10 13:30+00", 2, False, "call"),
                                                    ("2026-02-11 00:30+00", 4, True, "call"),
                                                    ("2026-02-12 09:00+00", 2, False, "check"),
                                                    ("2026-02-12 09:00+00", 3, True, "check"))):
    errs = race(as_of, nsess, in_block, how)
    chk.check(f"round{i}/no_errors", not errs, "; ".join(errs[:3]))
    total, distinct, not_ok, attempts = counts()
    chk.check(f"round{i}/one_row_per_window", total == distinct, f"{total} rows, {distinct} windows")
    chk.check(f"round{i}/all_ok_once", not_ok == 0 and attempts == 1, f"not ok {not_ok}, attempts {attempts}")
    cur.execute("""SELECT count(*) FROM mlcheck.monitors m WHERE NOT EXISTS (
                     SELECT 1 FROM mlcheck.results r WHERE r.monitor = m.name AND r.status = 'ok'
                       AND (r.window_start, r.window_end) =
                           (SELECT * FROM mlcheck.monitor_window(m."window", %s::timestamptz - m.label_delay)))""",
                (as_of,))
    chk.check(f"round{i}/every_monitor_evaluated", cur.fetchone()[0] == 0)
    if i == 0:
        # label_delay: as of 2026-02-10 13:30 the day of 02-09 is evaluated
        # by the daily estimates but held back for the daily performance
        # monitors (labels one day late)
        cur.execute("""SELECT count(*) FILTER (WHERE m.kind = 'performance'),
                              count(*) FILTER (WHERE m.kind = 'estimated_performance')
                         FROM mlcheck.results r JOIN mlcheck.monitors m ON m.name = r.monitor
                        WHERE m."window" = '1 day' AND r.window_start = '2026-02-09'""")
        perf_rows, est_rows = cur.fetchone()
        chk.check("label_delay/estimate_written_realized_held_back", est_rows == 3 and perf_rows == 0,
                  f"performance {perf_rows}, estimated {est_rows}")

# a held lock: the other session skips without waiting and writes nothing
holder = L._connect(f"mlcheck_checks_{SUITE}")
holder.autocommit = False
hc = holder.cursor()
hc.execute("SELECT count(*) FROM mlcheck.check_monitor('est_f1_1day', '2026-02-20 10:00+00')")
other = L._connect(f"mlcheck_checks_{SUITE}")
oc = other.cursor()
t0 = time.monotonic()
oc.execute("SELECT count(*) FROM mlcheck.check_monitor('est_f1_1day', '2026-02-20 10:00+00')")
skipped = oc.fetchone()[0]
elapsed = time.monotonic() - t0
chk.check("lock/skipped_without_waiting", skipped == 0 and elapsed < 5, f"{skipped} rows after {elapsed:.1f}s")
holder.commit()
cur.execute("""SELECT count(*) FROM mlcheck.results WHERE monitor = 'est_f1_1day' AND window_start = '2026-02-19'""")
chk.check("lock/holder_wrote_one_row", cur.fetchone()[0] == 1)
holder.close()
other.close()

L.drop_database(SUITE, conn)
chk.done()
