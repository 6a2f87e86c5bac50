-- Performance monitors (kinds performance and estimated_performance):
-- creation errors with their SQLSTATEs, the stored band, label_delay
-- holding a window back, unlabelled rows counted, idempotency per window,
-- error rows and their retry, the owner's privileges, the calibrator kept
-- where only the owner's members read it, and the comparison view.  The
-- numbers are cross-checked against sklearn in
-- test/crosscheck/check_performance_monitors.py; concurrency is in
-- test/checks/monitors_concurrency.py.
SET extra_float_digits = 0;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
CREATE SCHEMA pm;
CREATE FUNCTION pm.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE FUNCTION pm.hint(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || h;
END $$;

-- four weeks from Monday 2026-01-05, 10 rows a day; the label's odds grow
-- with the score; from 2026-01-26 on the decisions are wrong half of the
-- time; one row in ten has no label yet
CREATE TABLE pm.preds (ts timestamptz, label boolean, score float8, decision boolean, y int,
                       amount float8, forecast float8, cat text);
INSERT INTO pm.preds
SELECT '2026-01-05'::timestamptz + (i * interval '144 minutes'),
       CASE WHEN i % 10 = 3 THEN NULL ELSE (i * 7) % 10 + i % 4 >= 7 END,
       ((i * 7) % 10) / 10.0 + 0.05,
       CASE WHEN i >= 210 AND i % 2 = 0 THEN (i * 7) % 10 < 5 ELSE (i * 7) % 10 >= 5 END,
       CASE WHEN i % 10 = 3 THEN NULL ELSE ((i * 7) % 10 + i % 4 >= 7)::int END,
       100 + i % 17, 100 + i % 17 + (i % 5) - 2, 'c' || (i % 3)
  FROM generate_series(0, 279) i;
CREATE VIEW pm.ref AS SELECT * FROM pm.preds WHERE ts < '2026-01-26';
CREATE VIEW pm.ref_one_week AS SELECT * FROM pm.preds WHERE ts < '2026-01-12';

-- ------------------------------------------------------------- errors
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days')$$);
SELECT pm.hint($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days')$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'auc', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '1 month', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days', threshold => 0.5, label_delay => '-1 day')$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days', threshold => 'Infinity')$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', NULL, 'decision', 'accuracy', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'Label', 'decision', 'accuracy', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'nope', 'accuracy', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'label', 'label', 'decision', 'accuracy', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'y', 'decision', 'accuracy', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'cat', 'score', 'roc_auc', '7 days', threshold => 0.5)$$);
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'cat', 'amount', 'mae', '7 days', threshold => 0.5)$$);
-- fewer than 2 defined reference windows: 22023 with a hint
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days', reference => 'pm.ref_one_week')$$);
SELECT pm.hint($$SELECT mlcheck.add_performance_monitor('p', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days', reference => 'pm.ref_one_week')$$);
-- the same for an estimate (its band is of the realized metric)
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref_one_week', 'label')$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'decision', 'mcc', '7 days', 'pm.ref', 'label')$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'y', 'f1', '7 days', 'pm.ref', 'label')$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref', 'cat')$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref', NULL)$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor(repeat('e', 53), 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref', 'label')$$);
SELECT pm.hint($$SELECT mlcheck.add_estimated_performance_monitor(repeat('e', 53), 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref', 'label')$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref_empty', 'label')$$);
CREATE VIEW pm.ref_unlabelled AS SELECT ts, score, decision, NULL::boolean AS label FROM pm.preds;
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('e', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref_unlabelled', 'label', threshold => 0.5)$$);
-- nothing was created
SELECT count(*) AS monitors_left FROM mlcheck.monitors;
SELECT count(*) AS baselines_left FROM mlcheck.baselines;

-- --------------------------------------------- a band, label_delay, counts
SELECT name, kind, method, threshold, columns, label_delay,
       settings->'band'->>'n_windows' AS n_windows,
       round((settings->'band'->>'mean')::numeric, 6) AS band_mean,
       round((settings->'band'->>'lower')::numeric, 6) AS band_lower,
       round((settings->'band'->>'upper')::numeric, 6) AS band_upper
  FROM mlcheck.add_performance_monitor('pm_acc', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days',
                                       reference => 'pm.ref', label_delay => '2 days');
-- the band: mean ± 3 population sd of the reference weeks, clipped to [0, 1]
SELECT round(avg(a)::numeric, 6) AS mean, round(greatest(avg(a) - 3 * stddev_pop(a), 0)::numeric, 6) AS lower,
       round(least(avg(a) + 3 * stddev_pop(a), 1)::numeric, 6) AS upper, count(*) AS n_windows
  FROM (SELECT mlcheck.accuracy(mlcheck.confusion(label, decision)) a FROM pm.ref
         GROUP BY date_bin('7 days', ts, '2000-01-03')) w;
-- as of Tuesday 2026-02-03: the week of 01-26 is not due yet (labels 2 days late)
SELECT window_start, window_end, status, round(statistic::numeric, 6) AS statistic, alert,
       details->>'n_rows' AS n_rows, details->>'n_unlabelled' AS n_unlabelled,
       details->>'n_evaluated' AS n_evaluated, details->>'alert_when' AS alert_when
  FROM mlcheck.check_monitor('pm_acc', '2026-02-03 12:00+00');
-- as of Wednesday it is, and it alerts (outside the band)
SELECT window_start, status, round(statistic::numeric, 6) AS statistic, alert,
       details->>'n_rows' AS n_rows, details->>'n_unlabelled' AS n_unlabelled
  FROM mlcheck.check_monitor('pm_acc', '2026-02-04 12:00+00');
-- the same numbers as ad-hoc SQL over the labelled rows of the window
SELECT round(mlcheck.accuracy(mlcheck.confusion(label, decision))::numeric, 6) AS adhoc, count(*) FILTER (WHERE label IS NULL) AS unlabelled
  FROM pm.preds WHERE ts >= '2026-01-26' AND ts < '2026-02-02';
-- idempotent per window: again, the same row and nothing new
SELECT id = (SELECT min(id) FROM mlcheck.results WHERE monitor = 'pm_acc' AND window_start = '2026-01-26') AS same_row
  FROM mlcheck.check_monitor('pm_acc', '2026-02-05 00:00+00');
SELECT count(*) AS rows_of_pm_acc FROM mlcheck.results WHERE monitor = 'pm_acc';

-- thresholds: below it for scores, above it for losses
SELECT name, method, threshold FROM mlcheck.add_performance_monitor('pm_auc', 'pm.preds', 'ts', 'y', 'score', 'roc_auc', '7 days',
                                                                     threshold => 0.99);
SELECT name, method, threshold FROM mlcheck.add_performance_monitor('pm_mae', 'pm.preds', 'ts', 'amount', 'forecast', 'mae', '7 days',
                                                                     threshold => 1.1);
SELECT monitor, window_start, round(statistic::numeric, 6) AS statistic, threshold, alert, details->>'alert_when' AS alert_when
  FROM mlcheck.check_monitor('pm_auc', '2026-01-13') UNION ALL
SELECT monitor, window_start, round(statistic::numeric, 6), threshold, alert, details->>'alert_when'
  FROM mlcheck.check_monitor('pm_mae', '2026-01-13');
SELECT round(mlcheck.roc_auc(score, y)::numeric, 6) AS auc, round(mlcheck.mae(mlcheck.regression(forecast, amount))::numeric, 6) AS mae
  FROM pm.preds WHERE ts >= '2026-01-05' AND ts < '2026-01-12';
-- an empty window: NULL statistic, no alert
SELECT window_start, status, statistic, alert, details->>'n_rows' AS n_rows FROM mlcheck.check_monitor('pm_auc', '2026-03-30');

-- ------------------------------------------------------- estimated (CBPE)
SELECT name, kind, method, columns, baseline, baseline_kind,
       settings->'band'->>'n_windows' AS n_windows, settings ? 'calibrator' AS calibrator_in_settings
  FROM mlcheck.add_estimated_performance_monitor('pm_est', 'pm.preds', 'ts', 'score', 'decision', 'accuracy', '7 days',
                                                 'pm.ref', 'label');
-- the calibrator is a baseline of kind calibrator, fitted on the whole reference
SELECT name, kind, source, column_name, n_rows, calibrator IS NOT NULL AS has_calibrator,
       calibrator OPERATOR(mlcheck.=) (SELECT mlcheck.isotonic(score, label) FROM pm.ref) AS equals_isotonic
  FROM mlcheck.baselines WHERE name = 'pm_est.calibrator';
SELECT window_start, status, round(statistic::numeric, 6) AS estimated, alert, details->>'n_rows' AS n_rows,
       details->>'estimated' AS estimated_flag
  FROM mlcheck.check_monitor('pm_est', '2026-02-02 01:00+00');
SELECT round(mlcheck.accuracy(mlcheck.expected_confusion(mlcheck.calibrate(c, score), decision))::numeric, 6) AS adhoc
  FROM pm.preds, (SELECT mlcheck.isotonic(score, label) c FROM pm.ref) r
 WHERE ts >= '2026-01-26' AND ts < '2026-02-02';
-- the comparison: estimated before the labels are due, realized after
SELECT estimated_monitor, realized_monitor, metric, window_start, round(estimated::numeric, 4) AS estimated,
       round(realized::numeric, 4) AS realized, round(estimation_error::numeric, 4) AS error, estimated_alert, realized_alert
  FROM mlcheck.performance_comparison ORDER BY window_start;
-- monitor_query gives the query each kind runs: over a stored window it
-- gives the stored statistic and counts ($3 = the calibrator for CBPE)
CREATE FUNCTION pm.run_query(name text, ws timestamptz, we timestamptz) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    t text;
    c mlcheck.calibrator;
BEGIN
    SELECT b.calibrator INTO c FROM mlcheck.baselines b JOIN mlcheck.monitors m ON m.baseline = b.name
     WHERE m.name = run_query.name AND b.kind = 'calibrator';
    EXECUTE pg_catalog.format('SELECT ROW(round(q.v::numeric, 6), q.n, q.a, q.b)::text FROM (%s) q(v, n, a, b)',
                              mlcheck.monitor_query(name))
       INTO t USING ws, we, c;
    RETURN t;
END
$$;
SELECT r.monitor, r.window_start, pm.run_query(r.monitor, r.window_start, r.window_end) AS from_query,
       ROW(round(r.statistic::numeric, 6), r.details->>'n_rows',
                      coalesce(r.details->>'n_unlabelled', r.details->>'n_unscored'), r.details->>'n_evaluated')::text AS stored
  FROM mlcheck.results r WHERE r.monitor IN ('pm_acc', 'pm_est') AND r.status = 'ok'
 ORDER BY r.monitor, r.window_start;
-- a drift monitor cannot take a calibrator as its baseline; the calibrator
-- cannot be dropped while its monitor exists, and goes with it
SELECT pm.err($$INSERT INTO mlcheck.monitors (name, source, column_name, time_column, baseline, baseline_kind, "window")
                VALUES ('pm_bad', 'pm.preds', 'score', 'ts', 'pm_est.calibrator', 'calibrator', '7 days')$$);
SELECT pm.err($$SELECT mlcheck.drop_baseline('pm_est.calibrator')$$);
SELECT pm.err($$SELECT mlcheck.add_estimated_performance_monitor('pm_est', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days', 'pm.ref', 'label')$$);

-- one window evaluates the monitor once (an evaluator called as
-- "SELECT (f(...)).*" ran once per column of its result)
BEGIN;
SET LOCAL track_functions = 'all';
DELETE FROM mlcheck.results WHERE monitor = 'pm_est';
SELECT status FROM mlcheck.check_monitor('pm_est', '2026-02-02 01:00+00');
SELECT calls FROM pg_stat_xact_user_functions WHERE schemaname = 'mlcheck' AND funcname = '_evaluate_estimated_performance';
ROLLBACK;
-- calibrate() keeps its decoded calibrator between rows: other calibrators
-- in the same column of a query are decoded again, a constant one is not
SELECT i, mlcheck.calibrate(c, 0.5) AS p
  FROM (VALUES (1, '{"x": [0, 1], "y": [0, 1]}'::mlcheck.calibrator), (2, '{"x": [0, 1], "y": [0.2, 0.4]}'),
               (3, '{"x": [0, 1], "y": [0, 1]}'), (4, '{"x": [0.6, 1], "y": [0.9, 1]}')) v(i, c) ORDER BY i;
SELECT count(*) AS rows, sum(mlcheck.calibrate('{"x": [0, 1], "y": [0, 0.5]}', s)) AS total
  FROM generate_series(0, 1000) g, LATERAL (SELECT g / 1000.0 AS s) q;

-- ------------------------------------------------------- error rows, retry
ALTER TABLE pm.preds RENAME COLUMN decision TO decision2;
SELECT window_start, status, sqlstate, error, attempts FROM mlcheck.check_monitor('pm_est', '2026-01-20');
ALTER TABLE pm.preds RENAME COLUMN decision2 TO decision;
SELECT window_start, status, sqlstate, attempts, round(statistic::numeric, 6) AS estimated
  FROM mlcheck.check_monitor('pm_est', '2026-01-20');

-- ------------------------------------------------------------ privileges
CREATE ROLE regress_pm_alice;
CREATE ROLE regress_pm_bob;
GRANT USAGE ON SCHEMA pm TO regress_pm_alice, regress_pm_bob;
GRANT SELECT, INSERT, UPDATE, DELETE ON mlcheck.baselines, mlcheck.monitors, mlcheck.results
   TO regress_pm_alice, regress_pm_bob;
GRANT USAGE ON SEQUENCE mlcheck.results_id_seq TO regress_pm_alice, regress_pm_bob;
GRANT SELECT ON mlcheck.performance_comparison TO regress_pm_alice, regress_pm_bob;
GRANT SELECT (ts, score, decision) ON pm.preds TO regress_pm_alice;
GRANT SELECT ON pm.ref TO regress_pm_alice;
SET ROLE regress_pm_alice;
-- alice may not read the labels of the source: 42501
SELECT pm.err($$SELECT mlcheck.add_performance_monitor('pm_alice_acc', 'pm.preds', 'ts', 'label', 'decision', 'accuracy', '7 days', threshold => 0.9)$$);
-- she may estimate without them (the reference view runs as its owner)
SELECT name, owner FROM mlcheck.add_estimated_performance_monitor('pm_alice_est', 'pm.preds', 'ts', 'score', 'decision', 'f1', '7 days',
                                                                   'pm.ref', 'label');
RESET ROLE;
SET ROLE regress_pm_bob;
-- bob sees neither calibrator (row-level security of mlcheck.baselines) ...
SELECT count(*) AS calibrators_bob_sees FROM mlcheck.baselines;
-- ... and his run of alice's monitor is a 42501 error row
SELECT status, sqlstate FROM mlcheck.check_monitor('pm_alice_est', '2026-01-20');
RESET ROLE;
-- alice's own run reads as alice; revoking her grant makes it an error row
SET ROLE regress_pm_alice;
SELECT status, attempts, round(statistic::numeric, 6) AS estimated FROM mlcheck.check_monitor('pm_alice_est', '2026-01-20');
RESET ROLE;
REVOKE SELECT (score) ON pm.preds FROM regress_pm_alice;
SELECT status, sqlstate FROM mlcheck.check_monitor('pm_alice_est', '2026-01-27');
-- changing the columns re-checks the owner's privileges
SELECT pm.err($$UPDATE mlcheck.monitors SET columns = ARRAY['label', 'decision'] WHERE name = 'pm_alice_est'$$);
-- (drop_monitor's WARNING about pg_cron depends on the cluster: not shown)
SET client_min_messages = error;
SET ROLE regress_pm_alice;
SELECT mlcheck.drop_monitor('pm_alice_est');
RESET ROLE;
SELECT name FROM mlcheck.baselines ORDER BY name;
DROP OWNED BY regress_pm_alice, regress_pm_bob;
DROP ROLE regress_pm_alice;
DROP ROLE regress_pm_bob;

SELECT mlcheck.drop_monitor(name) FROM mlcheck.monitors WHERE name LIKE 'pm\_%' ORDER BY name;
SELECT count(*) AS baselines_left FROM mlcheck.baselines;
DROP SCHEMA pm CASCADE;
