-- Pictures: mlcheck.plot() draws a summary as a text chart for psql,
-- mlcheck.svg() as a self-contained SVG image, and mlcheck.report() writes
-- one self-contained HTML page about a model's predictions in a relation.
-- plot(mlcheck.calibration) (the text reliability diagram) is declared with
-- the calibration type.  Drawing and escaping: src/core/mlc_plot.c.

-- ---- text charts plot() (STRICT: any NULL argument gives NULL) and SVG
-- images svg() (NULL summary gives NULL; NULL title means the default
-- title): declared from the accessor table of src/sql/gen_decls.sh
-- (70_plot_accessors)

-- ---- the HTML report
CREATE FUNCTION mlcheck._html_escape(s text) RETURNS text
    AS 'MODULE_PATHNAME', 'mlcheck_html_escape' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mlcheck._html_escape(text) IS
    'text escaped for HTML/XML element content and quoted attribute values (& < > " '' as entities, characters XML forbids as U+FFFD)';

-- a number cell of the report: 4 decimals, an en dash for NULL (undefined)
CREATE FUNCTION mlcheck._report_num(v float8) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN v IS NULL THEN '&#8211;'
                WHEN v OPERATOR(pg_catalog.=) pg_catalog.round(v) AND pg_catalog.abs(v) OPERATOR(pg_catalog.<) 1e15::pg_catalog.float8
                     THEN v::pg_catalog.numeric::pg_catalog.text
                ELSE pg_catalog.round(v::pg_catalog.numeric, 4)::pg_catalog.text END
$fn$;
COMMENT ON FUNCTION mlcheck._report_num(float8) IS
    'a number as the report prints it (integers as such, others with 4 decimals, NULL as a dash)';

CREATE FUNCTION mlcheck.report(source regclass, actual text, predicted text,
    score text DEFAULT NULL, slices text[] DEFAULT NULL, reference regclass DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rel       text;
    typ_a     regtype;
    typ_p     regtype;
    kind_a    text;
    kind_p    text;
    cast_     text;
    pos_expr  text;
    binary_   boolean;
    c         mlcheck.confusion;
    s         mlcheck.scores;
    cal       mlcheck.calibration;
    ll        float8;
    smin      float8;
    smax      float8;
    nbad      bigint;
    nrows     bigint;
    is_prob   boolean;
    h         text := '';
    metrics   text := '';
    r         record;
    i         integer;
    col       text;
    cols      text[] := '{}';
    kinds     text[] := '{}';
    sel       text := '';
    pr        text[];
    pc        text[];
    d         mlcheck.drift_result;
    css       text;
BEGIN
    IF source IS NULL OR actual IS NULL OR predicted IS NULL THEN
        RAISE EXCEPTION 'source, actual and predicted must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    rel := mlcheck._readable_relation(source);
    IF reference IS NOT NULL THEN
        PERFORM mlcheck._readable_relation(reference);
    END IF;

    -- columns are looked up in pg_attribute (42703 when missing) and quoted with %I
    typ_a := mlcheck._slice_column_type(source, actual);
    typ_p := mlcheck._slice_column_type(source, predicted);
    kind_a := mlcheck._slice_label_kind(typ_a);
    kind_p := mlcheck._slice_label_kind(typ_p);
    IF kind_a IS NULL OR kind_p IS NULL OR kind_a OPERATOR(pg_catalog.<>) kind_p THEN
        RAISE EXCEPTION 'actual column "%" (%) and predicted column "%" (%) must both be boolean, both integer or both text',
                actual, typ_a, predicted, typ_p
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Use a view that casts or derives the columns, e.g. score >= 0.5 AS predicted.';
    END IF;
    cast_ := CASE kind_a WHEN 'boolean' THEN '' WHEN 'integer' THEN '::pg_catalog.int8' ELSE '::pg_catalog.text' END;
    IF score IS NOT NULL THEN
        PERFORM mlcheck._check_score_column(source, score, actual, 'a score');
    END IF;

    -- one scan: the confusion matrix, and with a score the scores summary,
    -- calibration and log loss.  The FILTERs only keep the aggregates from
    -- raising on rows that make the result unused anyway (labels beyond
    -- 0/1, scores outside [0, 1]); such results are discarded below.
    pos_expr := CASE kind_a WHEN 'boolean' THEN pg_catalog.format('src.%I', actual)
                            ELSE pg_catalog.format('src.%I OPERATOR(pg_catalog.=) 1', actual) END;
    IF score IS NULL THEN
        EXECUTE pg_catalog.format(
            'SELECT mlcheck.confusion(src.%I%s, src.%I%s), pg_catalog.count(*) FROM %s AS src',
            actual, cast_, predicted, cast_, rel)
          INTO c, nrows;
    ELSE
        EXECUTE pg_catalog.format($q$
            SELECT mlcheck.confusion(src.%1$I%2$s, src.%3$I%2$s),
                   pg_catalog.count(*),
                   mlcheck.scores(src.%4$I::pg_catalog.float8, %5$s)
                       FILTER (WHERE %6$s),
                   pg_catalog.min(src.%4$I::pg_catalog.float8),
                   pg_catalog.max(src.%4$I::pg_catalog.float8),
                   pg_catalog.count(*) FILTER (WHERE NOT (%6$s)),
                   mlcheck.calibration(src.%4$I::pg_catalog.float8, %5$s)
                       FILTER (WHERE %6$s AND src.%4$I::pg_catalog.float8 OPERATOR(pg_catalog.>=) 0
                               AND src.%4$I::pg_catalog.float8 OPERATOR(pg_catalog.<=) 1),
                   mlcheck.log_loss(src.%4$I::pg_catalog.float8, %5$s)
                       FILTER (WHERE %6$s AND src.%4$I::pg_catalog.float8 OPERATOR(pg_catalog.>=) 0
                               AND src.%4$I::pg_catalog.float8 OPERATOR(pg_catalog.<=) 1)
              FROM %7$s AS src$q$,
            actual, cast_, predicted, score, pos_expr,
            CASE kind_a WHEN 'boolean' THEN 'true'
                 ELSE pg_catalog.format('src.%I IS NULL OR src.%I OPERATOR(pg_catalog.=) ANY (ARRAY[0, 1])', actual, actual) END,
            rel)
          INTO c, nrows, s, smin, smax, nbad, cal, ll;
        IF nbad OPERATOR(pg_catalog.>) 0 THEN
            RAISE EXCEPTION 'actual column "%" holds values other than 0 and 1, so a score cannot be evaluated', actual
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = pg_catalog.format('%s rows have another value; leave score NULL for a multi-class report.', nbad);
        END IF;
    END IF;
    binary_ := kind_a OPERATOR(pg_catalog.=) 'boolean'
               OR coalesce(mlcheck.labels(c) OPERATOR(pg_catalog.<@) '{0,1}'::pg_catalog.text[], true);
    is_prob := smin OPERATOR(pg_catalog.>=) 0 AND smax OPERATOR(pg_catalog.<=) 1;

    -- metrics table
    metrics := metrics || pg_catalog.format('<tr><th>rows</th><td>%s</td></tr>', mlcheck._report_num(nrows));
    metrics := metrics || pg_catalog.format('<tr><th>rows skipped (NULL actual or predicted)</th><td>%s</td></tr>',
                                            mlcheck._report_num(mlcheck.n_null(c)));
    metrics := metrics || pg_catalog.format('<tr><th>classes</th><td>%s</td></tr>',
                                            mlcheck._report_num(coalesce(pg_catalog.cardinality(mlcheck.labels(c)), 0)));
    metrics := metrics || pg_catalog.format('<tr><th>accuracy</th><td>%s</td></tr>', mlcheck._report_num(mlcheck.accuracy(c)));
    metrics := metrics || pg_catalog.format('<tr><th>balanced accuracy</th><td>%s</td></tr>',
                                            mlcheck._report_num(mlcheck.balanced_accuracy(c)));
    IF binary_ THEN
        metrics := metrics || pg_catalog.format(
            '<tr><th>precision</th><td>%s</td></tr><tr><th>recall</th><td>%s</td></tr><tr><th>F1</th><td>%s</td></tr>',
            mlcheck._report_num(mlcheck.precision(c)), mlcheck._report_num(mlcheck.recall(c)),
            mlcheck._report_num(mlcheck.f1(c)));
    ELSE
        metrics := metrics || pg_catalog.format(
            '<tr><th>precision (macro)</th><td>%s</td></tr><tr><th>recall (macro)</th><td>%s</td></tr><tr><th>F1 (macro)</th><td>%s</td></tr>',
            mlcheck._report_num(mlcheck.precision(c, NULL::pg_catalog.text, 'macro')),
            mlcheck._report_num(mlcheck.recall(c, NULL::pg_catalog.text, 'macro')),
            mlcheck._report_num(mlcheck.f1(c, NULL::pg_catalog.text, 'macro')));
    END IF;
    metrics := metrics || pg_catalog.format('<tr><th>MCC</th><td>%s</td></tr><tr><th>Cohen''s kappa</th><td>%s</td></tr>',
                                            mlcheck._report_num(mlcheck.mcc(c)), mlcheck._report_num(mlcheck.cohen_kappa(c)));
    IF s IS NOT NULL THEN
        metrics := metrics || pg_catalog.format('<tr><th>ROC AUC</th><td>%s</td></tr><tr><th>average precision (PR AUC)</th><td>%s</td></tr>',
                                                mlcheck._report_num(mlcheck.roc_auc(s)), mlcheck._report_num(mlcheck.pr_auc(s)));
        IF is_prob THEN
            metrics := metrics || pg_catalog.format(
                '<tr><th>log loss</th><td>%s</td></tr><tr><th>Brier score</th><td>%s</td></tr><tr><th>ECE (10 bins)</th><td>%s</td></tr>',
                mlcheck._report_num(ll), mlcheck._report_num(mlcheck.brier(cal)), mlcheck._report_num(mlcheck.ece(cal)));
        END IF;
    END IF;

    css := 'body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:24px;color:#222;background:#fff}'
        || 'h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}'
        || 'p.sub{color:#555;margin:0 0 12px}table{border-collapse:collapse;font-size:13px}'
        || 'th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f6f8;text-align:left}'
        || 'td.l{text-align:left}tr.sig td{background:#fff4e5}.grid{display:flex;flex-wrap:wrap;gap:12px}'
        || '.grid svg{border:1px solid #e3e3e3}.note{color:#666;font-size:13px}';
    h := '<!DOCTYPE html>' || E'\n' || '<html lang="en"><head><meta charset="utf-8"/>'
      || '<meta http-equiv="Content-Security-Policy" content="default-src ''none''; style-src ''unsafe-inline''"/>'
      || '<title>mlcheck report: ' || mlcheck._html_escape(rel) || '</title><style>' || css || '</style></head><body>' || E'\n'
      || '<h1>Model report: ' || mlcheck._html_escape(rel) || '</h1>'
      || '<p class="sub">actual ' || mlcheck._html_escape(actual) || ', predicted ' || mlcheck._html_escape(predicted)
      || CASE WHEN score IS NOT NULL THEN ', score ' || mlcheck._html_escape(score) ELSE '' END
      || CASE WHEN reference IS NOT NULL THEN ', reference ' || mlcheck._html_escape(reference::pg_catalog.text) ELSE '' END
      || '</p>' || E'\n'
      || '<div class="grid"><div><h2>Metrics</h2><table>' || metrics || '</table></div>'
      || '<div><h2>Confusion matrix</h2>' || mlcheck.svg(c) || '</div></div>' || E'\n';

    IF s IS NOT NULL THEN
        h := h || '<h2>Scores</h2><div class="grid">' || mlcheck.svg(s, 'roc') || mlcheck.svg(s, 'pr')
               || CASE WHEN is_prob THEN mlcheck.svg(cal)
                       ELSE '<p class="note">The scores are not all in [0, 1], so there is no reliability diagram.</p>' END
               || '</div>' || E'\n';
    END IF;

    -- slice report
    IF slices IS NOT NULL AND pg_catalog.cardinality(slices) OPERATOR(pg_catalog.>) 0 THEN
        h := h || '<h2>Slices</h2><p class="note">Highlighted rows differ significantly from the rest of the data (two-proportion test, p &lt; 0.05).</p>'
               || '<table><tr><th>column</th><th>value</th><th>n</th><th>share</th><th>accuracy</th><th>95% interval</th>'
               || '<th>gap</th><th>precision</th><th>recall</th><th>F1</th><th>ROC AUC</th><th>p-value</th></tr>';
        FOR r IN SELECT * FROM mlcheck.slice_report(source, actual, predicted, slices,
                                                    CASE WHEN binary_ THEN score END, 30) LOOP
            h := h || pg_catalog.format('<tr%s><td class="l">%s</td><td class="l">%s</td><td>%s</td><td>%s</td><td>%s</td>'
                                        '<td>%s&#8211;%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                     CASE WHEN r.significant THEN ' class="sig"' ELSE '' END,
                     CASE WHEN r.slice_column IS NULL THEN '(all rows)' ELSE mlcheck._html_escape(r.slice_column) END,
                     CASE WHEN r.slice_column IS NULL THEN '' WHEN r.is_null THEN '(NULL)' ELSE mlcheck._html_escape(r.slice_value) END,
                     mlcheck._report_num(r.n), mlcheck._report_num(r.share), mlcheck._report_num(r.accuracy),
                     mlcheck._report_num(r.accuracy_lower), mlcheck._report_num(r.accuracy_upper),
                     mlcheck._report_num(r.accuracy_gap), mlcheck._report_num(r."precision"),
                     mlcheck._report_num(r.recall), mlcheck._report_num(r.f1), mlcheck._report_num(r.roc_auc),
                     mlcheck._report_num(r.p_value)) || E'\n';
        END LOOP;
        h := h || '</table>' || E'\n';
    END IF;

    -- drift of every column the two relations share and mlcheck profiles
    IF reference IS NOT NULL THEN
        FOR r IN SELECT a.attname::pg_catalog.text AS name, mlcheck._slice_column_type(source, a.attname::pg_catalog.text) AS t
                   FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid OPERATOR(pg_catalog.=) source AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
                    AND EXISTS (SELECT FROM pg_catalog.pg_attribute b
                                 WHERE b.attrelid OPERATOR(pg_catalog.=) reference
                                   AND b.attname OPERATOR(pg_catalog.=) a.attname
                                   AND b.attnum OPERATOR(pg_catalog.>) 0 AND NOT b.attisdropped)
                  ORDER BY a.attnum LOOP
            IF r.t OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.float8', 'pg_catalog.float4', 'pg_catalog.numeric',
                    'pg_catalog.int2', 'pg_catalog.int4', 'pg_catalog.int8']::pg_catalog.regtype[]) THEN
                cols := cols || r.name;
                kinds := kinds || 'numeric'::pg_catalog.text;
            ELSIF mlcheck._slice_label_kind(r.t) IS NOT NULL THEN
                cols := cols || r.name;
                kinds := kinds || 'categorical'::pg_catalog.text;
            END IF;
        END LOOP;
        h := h || '<h2>Drift against the reference</h2>';
        IF pg_catalog.cardinality(cols) OPERATOR(pg_catalog.=) 0 THEN
            h := h || '<p class="note">The relations share no column that mlcheck profiles.</p>';
        ELSE
            -- one scan of each relation: every column's profile as one array element
            sel := '';
            FOR i IN 1 .. pg_catalog.cardinality(cols) LOOP
                sel := sel || CASE WHEN i OPERATOR(pg_catalog.>) 1 THEN ', ' ELSE '' END
                    || CASE kinds[i] WHEN 'numeric' THEN pg_catalog.format('mlcheck.profile(src.%I::pg_catalog.float8)::pg_catalog.text', cols[i])
                                     ELSE pg_catalog.format('mlcheck.profile(src.%I::pg_catalog.text)::pg_catalog.text', cols[i]) END;
            END LOOP;
            EXECUTE pg_catalog.format('SELECT ARRAY[%s] FROM %s AS src', sel, reference::pg_catalog.text) INTO pr;
            EXECUTE pg_catalog.format('SELECT ARRAY[%s] FROM %s AS src', sel, rel) INTO pc;
            h := h || '<table><tr><th>column</th><th>kind</th><th>method</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drifted</th></tr>';
            sel := '';
            FOR i IN 1 .. pg_catalog.cardinality(cols) LOOP
                IF kinds[i] OPERATOR(pg_catalog.=) 'numeric' THEN
                    d := mlcheck.drift((pr[i])::mlcheck.numeric_profile, (pc[i])::mlcheck.numeric_profile);
                    sel := sel || '<div>' || mlcheck.svg((pr[i])::mlcheck.numeric_profile,
                                                        (pc[i])::mlcheck.numeric_profile, cols[i]) || '</div>';
                ELSE
                    d := mlcheck.drift((pr[i])::mlcheck.categorical_profile, (pc[i])::mlcheck.categorical_profile);
                    sel := sel || '<div>' || mlcheck.svg((pr[i])::mlcheck.categorical_profile,
                                                        (pc[i])::mlcheck.categorical_profile, cols[i]) || '</div>';
                END IF;
                h := h || pg_catalog.format('<tr%s><td class="l">%s</td><td class="l">%s</td><td class="l">%s</td><td>%s</td><td>%s</td><td>%s</td><td class="l">%s</td></tr>',
                         CASE WHEN d.drifted THEN ' class="sig"' ELSE '' END,
                         mlcheck._html_escape(cols[i]), kinds[i], mlcheck._html_escape(coalesce(d.method, '')),
                         mlcheck._report_num(d.statistic), mlcheck._report_num(d.p_value), mlcheck._report_num(d.threshold),
                         CASE WHEN d.drifted THEN 'yes' WHEN NOT d.drifted THEN 'no' ELSE '&#8211;' END) || E'\n';
            END LOOP;
            h := h || '</table><div class="grid">' || sel || '</div>' || E'\n';
        END IF;
    END IF;
    h := h || '<p class="note">Written by mlcheck.report() at ' || pg_catalog.to_char(pg_catalog.now(), 'YYYY-MM-DD HH24:MI:SS TZ')
           || '.</p></body></html>' || E'\n';
    RETURN h;
END
$fn$;
COMMENT ON FUNCTION mlcheck.report(regclass, text, text, text, text[], regclass) IS
    'one self-contained HTML page (inline CSS and SVG, no script): metrics, confusion heatmap, ROC and PR curves, reliability diagram, slice report and drift against a reference';
