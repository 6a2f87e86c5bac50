-- Performance monitors: the monitor kinds "performance" (a metric of the
-- model over each window's labelled rows) and "estimated_performance" (the
-- same metrics estimated without labels by confidence-based performance
-- estimation, CBPE), in the tables and the run machinery of
-- src/sql/60_monitors.sql.  check_monitor calls _evaluate_performance and
-- _evaluate_estimated_performance for one window each.
--
-- Alerting: against a fixed threshold (below it for scores, above it for
-- losses) or, without one, against a band m ± 3·s of the same metric over
-- the complete windows of the reference relation (m the mean, s the
-- population standard deviation, as NannyML's StandardDeviationThreshold),
-- clipped to the metric's range and stored in monitors.settings at creation.
-- The CBPE calibrator, fitted on the whole reference at creation, holds
-- scores of the data: it is stored in mlcheck.baselines (kind
-- 'calibrator'), which only the owner's members can read, never in
-- monitors.settings.
--
-- Reads at creation (band, calibrator) use the creator's privileges; every
-- read of a run goes through mlcheck._run_as_owner as the monitor's owner.

-- ---------------------------------------------------------------- helpers

-- The metrics, their family and the side on which they alert.
CREATE FUNCTION mlcheck._performance_metric(metric text, OUT family text, OUT is_loss boolean,
                                            OUT lower_bound float8, OUT upper_bound float8)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
             WHEN metric OPERATOR(pg_catalog.=) ANY (ARRAY['accuracy', 'balanced_accuracy', 'precision',
                                                            'recall', 'f1', 'mcc']) THEN 'label'
             WHEN metric OPERATOR(pg_catalog.=) ANY (ARRAY['roc_auc', 'pr_auc', 'log_loss', 'brier']) THEN 'score'
             WHEN metric OPERATOR(pg_catalog.=) ANY (ARRAY['mae', 'rmse', 'mape', 'r2']) THEN 'regression'
           END,
           metric OPERATOR(pg_catalog.=) ANY (ARRAY['log_loss', 'brier', 'mae', 'rmse', 'mape']),
           -- the range of the metric (NULL = unbounded on that side)
           CASE WHEN metric OPERATOR(pg_catalog.=) 'mcc' THEN -1::float8
                WHEN metric OPERATOR(pg_catalog.=) 'r2' THEN NULL::float8
                ELSE 0::float8 END,
           CASE WHEN metric OPERATOR(pg_catalog.=) ANY (ARRAY['log_loss', 'brier', 'mae', 'rmse', 'mape'])
                THEN NULL::float8 ELSE 1::float8 END
$$;
COMMENT ON FUNCTION mlcheck._performance_metric(text) IS
    'family (label, score, regression; NULL for an unknown metric), loss or score, and range of a performance monitor metric';

-- How a column takes part in a metric: 'boolean', 'integer' (smallint,
-- integer, bigint), 'text' (string types), 'number' (also numeric, real,
-- double precision), or NULL.
CREATE FUNCTION mlcheck._label_class(typ regtype) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN typ OPERATOR(pg_catalog.=) 'boolean'::regtype THEN 'boolean'
        WHEN typ OPERATOR(pg_catalog.=) ANY (ARRAY['smallint', 'integer', 'bigint']::regtype[]) THEN 'integer'
        WHEN typ OPERATOR(pg_catalog.=) ANY (ARRAY['real', 'double precision', 'numeric']::regtype[]) THEN 'number'
        WHEN (SELECT t.typcategory OPERATOR(pg_catalog.=) 'S' FROM pg_catalog.pg_type t
               WHERE t.oid OPERATOR(pg_catalog.=) typ) THEN 'text'
        ELSE NULL END
$$;
COMMENT ON FUNCTION mlcheck._label_class(regtype) IS
    'how a column type takes part in a metric: boolean, integer, number, text, or NULL';

-- The aggregate expression of a metric over columns actual and predicted of
-- rel (quoted, cast to the types the aggregates take); 42703 for a missing
-- column, 42804 for a type the metric cannot use.
CREATE FUNCTION mlcheck._performance_expression(rel regclass, metric text, actual text, predicted text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    f text := (mlcheck._performance_metric(metric)).family;
    at regtype := mlcheck._column_type(rel, actual);
    pt regtype := mlcheck._column_type(rel, predicted);
    ac text := mlcheck._label_class(at);
    pc text := mlcheck._label_class(pt);
    cast_to text;
BEGIN
    IF f OPERATOR(pg_catalog.=) 'label' THEN
        IF ac IS NULL OR ac OPERATOR(pg_catalog.=) 'number' OR ac IS DISTINCT FROM pc THEN
            RAISE EXCEPTION 'columns "%" (%) and "%" (%) of % cannot be compared as labels', actual, at, predicted, pt, rel
                USING ERRCODE = '42804',
                      HINT = pg_catalog.format('For %s, actual and predicted are both boolean, both integer or both text.', metric);
        END IF;
        cast_to := CASE ac WHEN 'boolean' THEN 'boolean' WHEN 'integer' THEN 'bigint' ELSE 'text' END;
        RETURN pg_catalog.format('mlcheck.%I(mlcheck.confusion((%I)::%s, (%I)::%s))',
                                 metric, actual, cast_to, predicted, cast_to);
    ELSIF f OPERATOR(pg_catalog.=) 'score' THEN
        IF ac IS DISTINCT FROM 'boolean' AND ac IS DISTINCT FROM 'integer' THEN
            RAISE EXCEPTION 'label column "%" of % has type %', actual, rel, at
                USING ERRCODE = '42804', HINT = pg_catalog.format('For %s, actual is boolean or a 0/1 integer.', metric);
        END IF;
        IF pc IS DISTINCT FROM 'number' AND pc IS DISTINCT FROM 'integer' THEN
            RAISE EXCEPTION 'score column "%" of % has type %', predicted, rel, pt
                USING ERRCODE = '42804', HINT = pg_catalog.format('For %s, predicted names a numeric score or probability column.', metric);
        END IF;
        RETURN pg_catalog.format('mlcheck.%I((%I)::float8, (%I)::%s)', metric, predicted, actual,
                                 CASE ac WHEN 'boolean' THEN 'boolean' ELSE 'integer' END);
    ELSE
        IF ac IS DISTINCT FROM 'number' AND ac IS DISTINCT FROM 'integer' OR
           pc IS DISTINCT FROM 'number' AND pc IS DISTINCT FROM 'integer' THEN
            RAISE EXCEPTION 'columns "%" (%) and "%" (%) of % are not both numeric', actual, at, predicted, pt, rel
                USING ERRCODE = '42804', HINT = pg_catalog.format('For %s, actual and predicted are numeric columns.', metric);
        END IF;
        RETURN pg_catalog.format('mlcheck.%I(mlcheck.regression((%I)::float8, (%I)::float8))',
                                 metric, predicted, actual);
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._performance_expression(regclass, text, text, text) IS
    'the aggregate expression of a performance metric over an actual and a predicted column of a relation';

-- The estimated metric of the calibrated scores ($3, a calibrator) and the
-- model's boolean decisions.
CREATE FUNCTION mlcheck._estimated_expression(rel regclass, metric text, score text, predicted text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    st regtype := mlcheck._column_type(rel, score);
    pt regtype := mlcheck._column_type(rel, predicted);
BEGIN
    IF mlcheck._label_class(st) IS DISTINCT FROM 'number' AND mlcheck._label_class(st) IS DISTINCT FROM 'integer' THEN
        RAISE EXCEPTION 'score column "%" of % has type %', score, rel, st
            USING ERRCODE = '42804', HINT = 'score names a numeric column.';
    END IF;
    IF pt OPERATOR(pg_catalog.<>) 'boolean'::regtype THEN
        RAISE EXCEPTION 'decision column "%" of % has type %', predicted, rel, pt
            USING ERRCODE = '42804', HINT = 'predicted names the model''s boolean decision column.';
    END IF;
    IF metric OPERATOR(pg_catalog.=) 'roc_auc' THEN
        RETURN pg_catalog.format('mlcheck.expected_roc_auc(mlcheck.calibrate($3, (%I)::float8))', score);
    END IF;
    RETURN pg_catalog.format('mlcheck.%I(mlcheck.expected_confusion(mlcheck.calibrate($3, (%I)::float8), %I))',
                             metric, score, predicted);
END
$$;
COMMENT ON FUNCTION mlcheck._estimated_expression(regclass, text, text, text) IS
    'the CBPE estimate of a metric over a score column (calibrated by the calibrator $3) and a boolean decision column';

-- The query of one window ($1 = window_start, $2 = window_end): the value
-- of expr, the rows of the window, the rows whose column a is NULL, and the
-- rows where neither a nor b is NULL.
CREATE FUNCTION mlcheck._performance_query(source text, time_column text, expr text, a text, b text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel regclass := pg_catalog.to_regclass(source);
    ttype regtype;
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'relation % does not exist', source
            USING ERRCODE = '42P01',
                  HINT = 'It was dropped or renamed; UPDATE mlcheck.monitors SET source = ... or disable the monitor.';
    END IF;
    ttype := mlcheck._time_column_type(rel, time_column, true);
    -- bounds cast to the time column's own type, so that an index is used
    RETURN pg_catalog.format(
        'SELECT %1$s, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE %2$I IS NULL),'
        ' pg_catalog.count(*) FILTER (WHERE %2$I IS NOT NULL AND %3$I IS NOT NULL)'
        ' FROM %4$s WHERE %5$I >= $1::%6$s AND %5$I < $2::%6$s',
        expr, a, b, rel::text, time_column, pg_catalog.format_type(ttype, NULL));
END
$$;
COMMENT ON FUNCTION mlcheck._performance_query(text, text, text, text, text) IS
    'the SQL a performance monitor runs for a window ($1 = window_start, $2 = window_end): the metric and row counts';

-- The band of a metric over the complete windows of a reference relation,
-- read with the caller's privileges: expr over rel grouped by the windows of
-- the monitor grid (aligned on 2000-01-03 00:00 UTC) that have ended; the
-- windows where the metric is undefined are left out.  Fewer than 2
-- defined windows is 22023.  Returns {"mean", "sd", "lower", "upper",
-- "n_windows"} (a side the metric's range leaves unbounded is null).
CREATE FUNCTION mlcheck._performance_band(rel regclass, time_column text, "window" interval, metric text,
                                          expr text)
    RETURNS jsonb
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ttype regtype := mlcheck._time_column_type(rel, time_column, true);
    r record;
    v_n bigint;
    v_mean float8;
    v_sd float8;
    v_lower float8;
    v_upper float8;
BEGIN
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.count(v), pg_catalog.avg(v), pg_catalog.stddev_pop(v) FROM ('
        ' SELECT pg_catalog.date_bin($1, (%1$I)::timestamptz, ''2000-01-03 00:00:00+00''::timestamptz) AS ws,'
        ' %2$s AS v FROM %3$s WHERE %1$I IS NOT NULL GROUP BY 1) w'
        ' WHERE v IS NOT NULL AND ws OPERATOR(pg_catalog.+) $1 OPERATOR(pg_catalog.<=) pg_catalog.now()',
        time_column, expr, rel::text)
       INTO v_n, v_mean, v_sd USING "window";
    IF v_n OPERATOR(pg_catalog.<) 2 THEN
        RAISE EXCEPTION 'reference % has % complete window(s) of % where % is defined', rel, v_n, "window", metric
            USING ERRCODE = '22023',
                  HINT = pg_catalog.format('The band needs at least 2 such windows of %s in the reference; pass a longer reference, a shorter window, or a threshold.', "window");
    END IF;
    SELECT * INTO r FROM mlcheck._performance_metric(metric);
    v_lower := v_mean OPERATOR(pg_catalog.-) (3 OPERATOR(pg_catalog.*) v_sd);
    v_upper := v_mean OPERATOR(pg_catalog.+) (3 OPERATOR(pg_catalog.*) v_sd);
    IF r.lower_bound IS NOT NULL THEN
        v_lower := pg_catalog.float8larger(v_lower, r.lower_bound);
    END IF;
    IF r.upper_bound IS NOT NULL THEN
        v_upper := pg_catalog.float8smaller(v_upper, r.upper_bound);
    END IF;
    RETURN pg_catalog.jsonb_build_object('mean', v_mean, 'sd', v_sd, 'n_windows', v_n,
                                         'lower', v_lower, 'upper', v_upper);
END
$$;
COMMENT ON FUNCTION mlcheck._performance_band(regclass, text, interval, text, text) IS
    'band mean ± 3 population sd of a metric over the complete windows of a reference, clipped to the metric''s range (error 22023 under 2 defined windows)';

-- The arguments every performance monitor shares; 22023 / 22003 with hints.
CREATE FUNCTION mlcheck._check_performance_args(kind text, metric text, "window" interval,
                                                threshold float8, label_delay interval)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF kind OPERATOR(pg_catalog.=) 'performance' AND (mlcheck._performance_metric(metric)).family IS NULL THEN
        RAISE EXCEPTION 'unknown performance metric "%"', metric
            USING ERRCODE = '22023',
                  HINT = 'Use accuracy, balanced_accuracy, precision, recall, f1, mcc, roc_auc, pr_auc, log_loss, brier, mae, rmse, mape or r2.';
    END IF;
    IF kind OPERATOR(pg_catalog.=) 'estimated_performance' AND
       metric OPERATOR(pg_catalog.<>) ALL (ARRAY['accuracy', 'precision', 'recall', 'f1', 'roc_auc']) THEN
        RAISE EXCEPTION 'metric "%" cannot be estimated without labels', metric
            USING ERRCODE = '22023', HINT = 'Use accuracy, precision, recall, f1 or roc_auc.';
    END IF;
    PERFORM mlcheck._check_window("window");
    IF label_delay OPERATOR(pg_catalog.<) '0'::interval OR label_delay OPERATOR(pg_catalog.>) '36525 days'::interval THEN
        RAISE EXCEPTION 'invalid label_delay "%"', label_delay
            USING ERRCODE = '22023', HINT = 'label_delay is between 0 and 36525 days.';
    END IF;
    IF threshold IS NOT NULL AND NOT (threshold OPERATOR(pg_catalog.>) '-Infinity'::float8 AND
                                      threshold OPERATOR(pg_catalog.<) 'Infinity'::float8) THEN
        RAISE EXCEPTION 'threshold % of metric "%" is not finite', threshold, metric
            USING ERRCODE = '22003', HINT = 'Pass a finite value of the metric, or NULL for the reference band.';
    END IF;
END
$$;
COMMENT ON FUNCTION mlcheck._check_performance_args(text, text, interval, float8, interval) IS
    'checks the metric, window, threshold and label_delay of a performance monitor (22023 or 22003 with a hint)';

-- Whether a value of a metric alerts: below (scores) or above (losses) the
-- threshold, else strictly outside the stored band.  NULL value: no alert.
CREATE FUNCTION mlcheck._performance_alert(metric text, v float8, threshold float8, band jsonb)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN v IS NULL THEN false
        WHEN threshold IS NOT NULL THEN
            CASE WHEN (mlcheck._performance_metric(metric)).is_loss
                 THEN v OPERATOR(pg_catalog.>) threshold ELSE v OPERATOR(pg_catalog.<) threshold END
        ELSE coalesce(v OPERATOR(pg_catalog.<) (band OPERATOR(pg_catalog.->>) 'lower')::float8, false) OR
             coalesce(v OPERATOR(pg_catalog.>) (band OPERATOR(pg_catalog.->>) 'upper')::float8, false)
        END
$$;
COMMENT ON FUNCTION mlcheck._performance_alert(text, float8, float8, jsonb) IS
    'true when a metric value crosses the threshold (below for scores, above for losses) or, without one, lies strictly outside the band';

-- ------------------------------------------------------------- creating

CREATE FUNCTION mlcheck.add_performance_monitor(name text, source regclass, time_column text,
                                                actual text, predicted text, metric text,
                                                "window" interval, reference regclass DEFAULT NULL,
                                                threshold float8 DEFAULT NULL,
                                                label_delay interval DEFAULT '0')
    RETURNS mlcheck.monitors
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_source text;
    v_expr text;
    v_sql text;
    v_band jsonb;
    v_settings jsonb;
    r mlcheck.monitors;
BEGIN
    IF name IS NULL OR source IS NULL OR time_column IS NULL OR actual IS NULL OR predicted IS NULL
       OR metric IS NULL OR "window" IS NULL OR label_delay IS NULL THEN
        RAISE EXCEPTION 'only reference and threshold may be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._check_performance_args('performance', metric, "window", threshold, label_delay);
    IF threshold IS NULL AND reference IS NULL THEN
        RAISE EXCEPTION 'performance monitor "%" needs a threshold or a reference', name
            USING ERRCODE = '22023',
                  HINT = 'Pass threshold => a value of the metric, or reference => a labelled relation whose windows give the band.';
    END IF;
    v_source := mlcheck._check_source(source);
    v_expr := mlcheck._performance_expression(source, metric, actual, predicted);
    -- the window query must plan (types, privileges) over the source now
    v_sql := mlcheck._performance_query(v_source, time_column, v_expr, actual, predicted);
    EXECUTE 'SELECT 1 FROM (' OPERATOR(pg_catalog.||) v_sql OPERATOR(pg_catalog.||) ') q LIMIT 0'
      USING pg_catalog.now(), pg_catalog.now();
    v_settings := pg_catalog.jsonb_build_object('actual', actual, 'predicted', predicted);
    IF reference IS NOT NULL THEN
        PERFORM mlcheck._check_source(reference);
        v_band := mlcheck._performance_band(reference, time_column, "window", metric,
                                            mlcheck._performance_expression(reference, metric, actual, predicted));
        v_settings := v_settings OPERATOR(pg_catalog.||)
            pg_catalog.jsonb_build_object('reference', mlcheck._check_source(reference), 'band', v_band);
    END IF;
    BEGIN
        INSERT INTO mlcheck.monitors AS mo
               (name, kind, source, time_column, "window", method, threshold, columns, label_delay, settings)
        VALUES (name, 'performance', v_source, time_column, "window", metric, threshold,
                ARRAY[actual, predicted], label_delay, v_settings)
        RETURNING mo.* INTO r;
    EXCEPTION WHEN unique_violation THEN
        PERFORM mlcheck._raise_exists('monitor', name,
            'Choose another name, or change the existing row of mlcheck.monitors.');
    END;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck.add_performance_monitor(text, regclass, text, text, text, text, interval, regclass, float8, interval) IS
    'registers a performance monitor: a metric of actual vs predicted over each window''s labelled rows, once labels are due (label_delay), alerting on a threshold or the band of the reference''s windows';

CREATE FUNCTION mlcheck.add_estimated_performance_monitor(name text, source regclass, time_column text,
                                                          score text, predicted text, metric text,
                                                          "window" interval, reference regclass,
                                                          reference_actual text,
                                                          threshold float8 DEFAULT NULL)
    RETURNS mlcheck.monitors
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_source text;
    v_reference text;
    v_cal_name text;
    v_cal mlcheck.calibrator;
    v_n bigint;
    v_atype regtype;
    v_aclass text;
    v_label text;
    v_realized text;
    v_sql text;
    v_band jsonb;
    r mlcheck.monitors;
BEGIN
    IF name IS NULL OR source IS NULL OR time_column IS NULL OR score IS NULL OR predicted IS NULL
       OR metric IS NULL OR "window" IS NULL OR reference IS NULL OR reference_actual IS NULL THEN
        RAISE EXCEPTION 'only threshold may be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM mlcheck._check_performance_args('estimated_performance', metric, "window", threshold, '0');
    v_cal_name := name OPERATOR(pg_catalog.||) '.calibrator';
    IF pg_catalog.length(v_cal_name) OPERATOR(pg_catalog.>) 63 THEN
        RAISE EXCEPTION 'calibrator name "%" is longer than 63 characters', v_cal_name
            USING ERRCODE = '22023',
                  HINT = pg_catalog.format('The calibrator is stored as baseline "<name>.calibrator"; use a monitor name of at most 52 characters (got %s).',
                                           pg_catalog.length(name));
    END IF;
    v_source := mlcheck._check_source(source);
    v_reference := mlcheck._check_source(reference);
    v_sql := mlcheck._performance_query(v_source, time_column,
                                        mlcheck._estimated_expression(source, metric, score, predicted),
                                        score, predicted);
    EXECUTE 'SELECT 1 FROM (' OPERATOR(pg_catalog.||) v_sql OPERATOR(pg_catalog.||) ') q LIMIT 0'
      USING pg_catalog.now(), pg_catalog.now(), NULL::mlcheck.calibrator;
    -- the reference: same score and decision columns, and the labels
    PERFORM mlcheck._estimated_expression(reference, metric, score, predicted);
    v_atype := mlcheck._column_type(reference, reference_actual);
    v_aclass := mlcheck._label_class(v_atype);
    IF v_aclass IS DISTINCT FROM 'boolean' AND v_aclass IS DISTINCT FROM 'integer' THEN
        RAISE EXCEPTION 'label column "%" of % has type %', reference_actual, reference, v_atype
            USING ERRCODE = '42804', HINT = 'reference_actual is boolean or a 0/1 integer.';
    END IF;
    v_label := pg_catalog.format(CASE v_aclass WHEN 'boolean' THEN '%I' ELSE '(%I)::integer' END, reference_actual);
    -- the calibrator, fitted once on the whole reference
    EXECUTE pg_catalog.format('SELECT mlcheck.isotonic((%1$I)::float8, %2$s),'
                              ' pg_catalog.count(*) FILTER (WHERE %1$I IS NOT NULL AND %3$I IS NOT NULL) FROM %4$s',
                              score, v_label, reference_actual, v_reference)
       INTO v_cal, v_n;
    IF v_cal IS NULL THEN
        RAISE EXCEPTION 'reference % has no row with both a score and a label', reference
            USING ERRCODE = '22023',
                  HINT = pg_catalog.format('The calibrator is fitted on the rows of the reference where "%s" and "%s" are not NULL.',
                                           score, reference_actual);
    END IF;
    -- the band: the realized metric on the reference's windows
    v_realized := CASE
        WHEN metric OPERATOR(pg_catalog.=) 'roc_auc' THEN
            pg_catalog.format('mlcheck.roc_auc((%I)::float8, %s)', score, v_label)
        WHEN v_aclass OPERATOR(pg_catalog.=) 'boolean' THEN
            pg_catalog.format('mlcheck.%I(mlcheck.confusion(%I, %I))', metric, reference_actual, predicted)
        ELSE
            pg_catalog.format('mlcheck.%I(mlcheck.confusion((%I)::bigint, (%I)::integer::bigint))',
                              metric, reference_actual, predicted) END;
    IF threshold IS NULL THEN
        v_band := mlcheck._performance_band(reference, time_column, "window", metric, v_realized);
    END IF;
    BEGIN
        INSERT INTO mlcheck.baselines AS b (name, source, column_name, kind, calibrator, n_rows)
        VALUES (v_cal_name, v_reference, score, 'calibrator', v_cal, v_n);
    EXCEPTION WHEN unique_violation THEN
        PERFORM mlcheck._raise_exists('baseline', v_cal_name,
            'The calibrator of a monitor is stored as baseline "<name>.calibrator"; choose another monitor name.');
    END;
    BEGIN
        INSERT INTO mlcheck.monitors AS mo
               (name, kind, source, time_column, baseline, baseline_kind, "window", method, threshold,
                columns, settings)
        VALUES (name, 'estimated_performance', v_source, time_column, v_cal_name, 'calibrator', "window",
                metric, threshold, ARRAY[score, predicted],
                pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                    'score', score, 'predicted', predicted, 'reference', v_reference,
                    'reference_actual', reference_actual, 'band', v_band)))
        RETURNING mo.* INTO r;
    EXCEPTION WHEN unique_violation THEN
        PERFORM mlcheck._raise_exists('monitor', name,
            'Choose another name, or change the existing row of mlcheck.monitors.');
    END;
    RETURN r;
END
$$;
COMMENT ON FUNCTION mlcheck.add_estimated_performance_monitor(text, regclass, text, text, text, text, interval, regclass, text, float8) IS
    'registers an estimated-performance monitor: accuracy, precision, recall, f1 or roc_auc of each window estimated without labels (CBPE) from scores calibrated on the reference, alerting on a threshold or the band of the reference''s realized metric';

-- The calibrator of an estimated-performance monitor goes with it.
CREATE TRIGGER monitors_drop_calibrator AFTER DELETE ON mlcheck.monitors
    FOR EACH ROW WHEN (OLD.baseline_kind OPERATOR(pg_catalog.=) 'calibrator')
    EXECUTE FUNCTION mlcheck._monitors_drop_baseline('calibrator');

-- ------------------------------------------------------------- evaluating

-- The result of a performance or estimated-performance monitor whose
-- window has metric value v: alert against its threshold or band; details
-- are the counts of the window, with how it alerts and the band (NULLs
-- dropped).
CREATE FUNCTION mlcheck._performance_evaluation(m mlcheck.monitors, v float8, details jsonb)
    RETURNS mlcheck._evaluation
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e mlcheck._evaluation;
BEGIN
    e.method := m.method;
    e.statistic := v;
    e.threshold := m.threshold;
    e.alert := mlcheck._performance_alert(m.method, v, m.threshold, m.settings OPERATOR(pg_catalog.->) 'band');
    e.details := pg_catalog.jsonb_strip_nulls(details OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
        'alert_when', CASE WHEN m.threshold IS NULL THEN 'outside band'
                           WHEN (mlcheck._performance_metric(m.method)).is_loss THEN 'above threshold'
                           ELSE 'below threshold' END,
        'band', m.settings OPERATOR(pg_catalog.->) 'band'));
    RETURN e;
END
$$;
COMMENT ON FUNCTION mlcheck._performance_evaluation(mlcheck.monitors, float8, jsonb) IS
    'the evaluation of a (estimated-)performance monitor from the metric value of a window and its counts: alert against threshold or band';

-- One window of a performance monitor, read as its owner.
CREATE FUNCTION mlcheck._evaluate_performance(m mlcheck.monitors, window_start timestamptz,
                                              window_end timestamptz)
    RETURNS mlcheck._evaluation
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    q record;
BEGIN
    SELECT * INTO q
      FROM mlcheck._run_as_owner(m.owner, mlcheck._owner_monitor_query(m), window_start, window_end)
           AS r(v float8, n bigint, n_unlabelled bigint, n_evaluated bigint);
    RETURN mlcheck._performance_evaluation(m, q.v, pg_catalog.jsonb_build_object(
        'n_rows', q.n, 'n_unlabelled', q.n_unlabelled, 'n_evaluated', q.n_evaluated,
        'label_delay', m.label_delay::text));
END
$$;
COMMENT ON FUNCTION mlcheck._evaluate_performance(mlcheck.monitors, timestamptz, timestamptz) IS
    'evaluates a performance monitor over one window, reading as its owner: the metric over the labelled rows, alert against threshold or band';

-- One window of an estimated-performance monitor, read as its owner: the
-- owner's calibrator (row-level security of mlcheck.baselines), then the
-- CBPE estimate over the window's rows.
CREATE FUNCTION mlcheck._evaluate_estimated_performance(m mlcheck.monitors, window_start timestamptz,
                                                        window_end timestamptz)
    RETURNS mlcheck._evaluation
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_sql text := mlcheck._owner_monitor_query(m);
    b mlcheck.baselines := mlcheck._owner_baseline(m);
    q record;
BEGIN
    SELECT * INTO q
      FROM mlcheck._run_as_owner(m.owner, v_sql, window_start, window_end, b.calibrator)
           AS r(v float8, n bigint, n_unscored bigint, n_evaluated bigint);
    RETURN mlcheck._performance_evaluation(m, q.v, pg_catalog.jsonb_build_object(
        'estimated', true, 'n_reference', b.n_rows,
        'n_rows', q.n, 'n_unscored', q.n_unscored, 'n_evaluated', q.n_evaluated));
END
$$;
COMMENT ON FUNCTION mlcheck._evaluate_estimated_performance(mlcheck.monitors, timestamptz, timestamptz) IS
    'evaluates an estimated-performance monitor over one window, reading as its owner: the CBPE estimate from the stored calibrator, alert against threshold or band';

-- ------------------------------------------------------------- comparing

-- Estimates next to the realized values, window by window: each
-- estimated-performance monitor with every performance monitor of the same
-- source, time column, window length and metric that scores the same model
-- output (its decision column, or for roc_auc its score column).  realized
-- is NULL until the performance monitor has evaluated the window (labels
-- arrive later) or when there is no such monitor.
CREATE VIEW mlcheck.performance_comparison WITH (security_invoker) AS
SELECT e.name AS estimated_monitor, p.name AS realized_monitor, e.method AS metric,
       re.window_start, re.window_end,
       re.statistic AS estimated, rp.statistic AS realized,
       re.statistic OPERATOR(pg_catalog.-) rp.statistic AS estimation_error,
       re.alert AS estimated_alert, rp.alert AS realized_alert
  FROM mlcheck.monitors e
  JOIN mlcheck.results re
    ON re.monitor OPERATOR(pg_catalog.=) e.name AND re.status OPERATOR(pg_catalog.=) 'ok'
  LEFT JOIN mlcheck.monitors p
    ON p.kind OPERATOR(pg_catalog.=) 'performance'
   AND p.source OPERATOR(pg_catalog.=) e.source
   AND p.time_column OPERATOR(pg_catalog.=) e.time_column
   AND p."window" OPERATOR(pg_catalog.=) e."window"
   AND p.method OPERATOR(pg_catalog.=) e.method
   AND p.columns[2] OPERATOR(pg_catalog.=)
       CASE WHEN e.method OPERATOR(pg_catalog.=) 'roc_auc' THEN e.columns[1] ELSE e.columns[2] END
  LEFT JOIN mlcheck.results rp
    ON rp.monitor OPERATOR(pg_catalog.=) p.name AND rp.status OPERATOR(pg_catalog.=) 'ok'
   AND rp.window_start OPERATOR(pg_catalog.=) re.window_start
   AND rp.window_end OPERATOR(pg_catalog.=) re.window_end
 WHERE e.kind OPERATOR(pg_catalog.=) 'estimated_performance';
COMMENT ON VIEW mlcheck.performance_comparison IS
    'estimated (CBPE) vs realized metric by window: each estimated-performance monitor joined with the performance monitors of the same source, window and metric';
REVOKE ALL ON mlcheck.performance_comparison FROM PUBLIC;
