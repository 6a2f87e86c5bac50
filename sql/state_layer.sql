-- The aggregate state layer: real transition types (never a pseudo-type),
-- a combine function and PARALLEL SAFE everywhere; exact text round trips
-- of the hidden state types (a distributed database ships partial states
-- between nodes through them); window aggregates; and the comparison
-- operators and operator classes of the summary types.
SET extra_float_digits = 0;
SET search_path = public, mlcheck;

-- ---- catalogue: every aggregate of the extension
-- offenders (must be none): a pseudo-type state, no combine function, not
-- PARALLEL SAFE, or serialization functions (they exist only for internal)
SELECT p.oid::regprocedure AS offending_aggregate, t.typname AS state,
       a.aggcombinefn, p.proparallel
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_type t ON t.oid = a.aggtranstype
 WHERE p.pronamespace = 'mlcheck'::regnamespace
   AND (t.typtype = 'p' OR a.aggcombinefn = 0 OR p.proparallel <> 's'
        OR a.aggserialfn <> 0 OR a.aggdeserialfn <> 0)
 ORDER BY 1::text;
-- the state types in use, all types of the extension with text I/O
SELECT t.typname AS state, t.typnamespace::regnamespace AS schema, t.typstorage,
       count(*) AS aggregates
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_type t ON t.oid = a.aggtranstype
 WHERE p.pronamespace = 'mlcheck'::regnamespace
 GROUP BY 1, 2, 3 ORDER BY 1;
-- support functions of the aggregates are PARALLEL SAFE too
SELECT count(*) AS unsafe_support_functions
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_proc f ON f.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn)
 WHERE p.pronamespace = 'mlcheck'::regnamespace AND f.proparallel <> 's';

-- ---- data
CREATE TABLE sl_t AS
SELECT i, i % 4 AS g,
       (i * 7919 % 1000) / 1000.0 AS s,
       (i * 104729 % 997) / 997.0 AS s2,
       (i * 31 % 7 < 3) AS y,
       (i * 7919 % 1000) >= 500 AS pred,
       (ARRAY['cat', 'dog', 'emu'])[i % 3 + 1] AS c
  FROM generate_series(1, 400) i;

-- ---- hidden states: what a worker would ship, and the combine on the other side
-- aggregates without a final function return the state itself
CREATE AGGREGATE pg_temp.auc_state(float8, boolean) (
    SFUNC = mlcheck._auc_trans, STYPE = mlcheck._auc_state,
    COMBINEFUNC = mlcheck._auc_state_combine);
CREATE AGGREGATE pg_temp.prob_state(float8, boolean, float8) (
    SFUNC = mlcheck._prob_trans, STYPE = mlcheck._prob_state,
    COMBINEFUNC = mlcheck._prob_state_combine);
CREATE AGGREGATE pg_temp.delong_state(float8, float8, boolean) (
    SFUNC = mlcheck._delong_test_trans, STYPE = mlcheck._delong_state,
    COMBINEFUNC = mlcheck._delong_state_combine);
-- and the coordinator's side: combine shipped states, then the final function
CREATE AGGREGATE pg_temp.roc_of(mlcheck._auc_state) (
    SFUNC = mlcheck._auc_state_combine, STYPE = mlcheck._auc_state,
    FINALFUNC = mlcheck._roc_auc_final);
CREATE AGGREGATE pg_temp.pr_of(mlcheck._auc_state) (
    SFUNC = mlcheck._auc_state_combine, STYPE = mlcheck._auc_state,
    FINALFUNC = mlcheck._pr_auc_final);
CREATE AGGREGATE pg_temp.log_loss_of(mlcheck._prob_state) (
    SFUNC = mlcheck._prob_state_combine, STYPE = mlcheck._prob_state,
    FINALFUNC = mlcheck._log_loss_final);
CREATE AGGREGATE pg_temp.delong_of(mlcheck._delong_state) (
    SFUNC = mlcheck._delong_state_combine, STYPE = mlcheck._delong_state,
    FINALFUNC = mlcheck._delong_test_final);

CREATE TABLE sl_parts AS
SELECT g, pg_temp.auc_state(s, y) AS auc, pg_temp.prob_state(s, y, 1 + g) AS prob,
       pg_temp.delong_state(s, s2, y) AS dl,
       mlcheck.confusion(y, pred) AS conf, mlcheck.profile(c) AS cat
  FROM sl_t GROUP BY g;
-- text round trips are exact (the text is base64 of the binary form)
SELECT bool_and(auc::text::mlcheck._auc_state::text = auc::text) AS auc_text_exact,
       bool_and(prob::text::mlcheck._prob_state::text = prob::text) AS prob_text_exact,
       bool_and(dl::text::mlcheck._delong_state::text = dl::text) AS delong_text_exact,
       bool_and(length(auc::text) = (octet_length(mlcheck._auc_state_send(auc)) + 2) / 3 * 4) AS auc_text_is_base64,
       bool_and(auc::text ~ '^[A-Za-z0-9+/]*=*$') AS base64_alphabet
  FROM sl_parts;
-- partial states shipped as text and combined give the one-pass results, to the bit
SELECT (SELECT pg_temp.roc_of(auc::text::mlcheck._auc_state) FROM sl_parts)
         = (SELECT mlcheck.roc_auc(s, y) FROM sl_t) AS roc_auc_same,
       (SELECT pg_temp.pr_of(auc::text::mlcheck._auc_state) FROM sl_parts)
         = (SELECT mlcheck.pr_auc(s, y) FROM sl_t) AS pr_auc_same,
       (SELECT pg_temp.log_loss_of(prob::text::mlcheck._prob_state) FROM sl_parts)
         = (SELECT mlcheck.log_loss(s, y, 1 + g) FROM sl_t) AS log_loss_same,
       (SELECT pg_temp.delong_of(dl::text::mlcheck._delong_state)::text FROM sl_parts)
         = (SELECT mlcheck.delong_test(s, s2, y)::text FROM sl_t) AS delong_same,
       (SELECT mlcheck.merge(conf::text::mlcheck.confusion) FROM sl_parts)
         = (SELECT mlcheck.confusion(y, pred) FROM sl_t) AS confusion_same,
       (SELECT mlcheck.merge(cat::text::mlcheck.categorical_profile) FROM sl_parts)
         = (SELECT mlcheck.profile(c) FROM sl_t) AS profile_same;
-- the binary form (send/recv) is the same codec
SELECT bool_and(mlcheck._auc_state_send(auc) = decode(auc::text, 'base64')) AS send_is_codec
  FROM sl_parts;
-- unweighted exact AUC states are written in format 2 (distinct scores,
-- gap-coded); format 1 (every score as 8 bytes, what 0.1 wrote) still reads:
-- positives 0.8 and 0.3, negative 0.5 give ROC AUC 0.5; the text input of a
-- hidden state keeps the bytes it read, so it stays format 1 (an exact round trip)
SELECT bool_and(get_byte(decode(auc::text, 'base64'), 0) = 2) AS auc_parts_format2
  FROM sl_parts;
SELECT pg_temp.roc_of(s) AS format1_roc_auc, min(get_byte(mlcheck._auc_state_send(s), 0)) AS stored_format
  FROM (SELECT 'AQAAAAAAAAAAAgAAAAAAAAABP+mZmZmZmZo/0zMzMzMzMz/gAAAAAAAA'::mlcheck._auc_state AS s) q;
-- malformed text of a hidden state is 22P02, never a crash
\set VERBOSITY sqlstate
SELECT 'not base64'::mlcheck._auc_state;
SELECT 'AAAA'::mlcheck._auc_state;
SELECT ''::mlcheck._prob_state;
SELECT 'AQ=='::mlcheck._delong_state;
SELECT left(auc::text, -4)::mlcheck._auc_state FROM sl_parts WHERE g = 0;
SELECT (auc::text || 'AAAA')::mlcheck._auc_state FROM sl_parts WHERE g = 0;
\set VERBOSITY default

-- ---- mlcheck.max_value_kb bounds the text form of a state
SET mlcheck.max_value_kb = 16;
-- the largest state that grows without error prints within 16 kB ...
SELECT length(pg_temp.auc_state(i, i % 2 = 0)::text) <= 16 * 1024 AS fits
  FROM generate_series(1, 1533) i;
-- ... and one row more is refused while it is being built
\set VERBOSITY sqlstate
SELECT length(pg_temp.auc_state(i, i % 2 = 0)::text) FROM generate_series(1, 1534) i;
\set VERBOSITY default
RESET mlcheck.max_value_kb;

-- ---- window aggregates: each frame gives what the same rows give alone
-- (running frames keep adding rows to a state the final function has seen;
-- binned scores depend on when buffered rows are merged, so exact ones here)
SELECT bool_and(w_roc IS NOT DISTINCT FROM (SELECT mlcheck.roc_auc(s, y) FROM sl_t u WHERE u.i <= q.i)) AS roc_running,
       bool_and(w_ap IS NOT DISTINCT FROM (SELECT mlcheck.pr_auc(s, y) FROM sl_t u WHERE u.i <= q.i)) AS pr_running,
       bool_and(w_ll IS NOT DISTINCT FROM (SELECT mlcheck.log_loss(s, y) FROM sl_t u WHERE u.i <= q.i)) AS log_loss_running,
       bool_and(w_conf = (SELECT mlcheck.confusion(c, CASE WHEN pred THEN 'cat' ELSE 'dog' END) FROM sl_t u WHERE u.i <= q.i)) AS confusion_running,
       bool_and(w_sc = (SELECT mlcheck.scores(s, y) FROM sl_t u WHERE u.i <= q.i)) AS scores_running,
       bool_and(w_cal = (SELECT mlcheck.calibration(s, y) FROM sl_t u WHERE u.i <= q.i)) AS calibration_running,
       bool_and(w_reg = (SELECT mlcheck.regression(s, s2) FROM sl_t u WHERE u.i <= q.i)) AS regression_running,
       bool_and(w_np = (SELECT mlcheck.profile(s) FROM sl_t u WHERE u.i <= q.i)) AS numeric_profile_running,
       bool_and(w_cp = (SELECT mlcheck.profile(c) FROM sl_t u WHERE u.i <= q.i)) AS categorical_profile_running,
       bool_and(w_ci::text = (SELECT mlcheck.roc_auc_ci(s, y)::text FROM sl_t u WHERE u.i <= q.i)) AS roc_auc_ci_running
  FROM (SELECT i,
               mlcheck.roc_auc(s, y) OVER w AS w_roc, mlcheck.pr_auc(s, y) OVER w AS w_ap,
               mlcheck.log_loss(s, y) OVER w AS w_ll,
               mlcheck.confusion(c, CASE WHEN pred THEN 'cat' ELSE 'dog' END) OVER w AS w_conf,
               mlcheck.scores(s, y) OVER w AS w_sc, mlcheck.calibration(s, y) OVER w AS w_cal,
               mlcheck.regression(s, s2) OVER w AS w_reg, mlcheck.profile(s) OVER w AS w_np,
               mlcheck.profile(c) OVER w AS w_cp, mlcheck.roc_auc_ci(s, y) OVER w AS w_ci
          FROM sl_t WHERE i <= 120
        WINDOW w AS (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) q;
-- sliding frames (restarted for every row)
SELECT bool_and(w_roc IS NOT DISTINCT FROM (SELECT mlcheck.roc_auc(s, y) FROM sl_t u WHERE u.i BETWEEN q.i - 9 AND q.i)) AS roc_sliding,
       bool_and(w_conf = (SELECT mlcheck.confusion(y, pred) FROM sl_t u WHERE u.i BETWEEN q.i - 9 AND q.i)) AS confusion_sliding,
       bool_and(w_cp = (SELECT mlcheck.profile(c) FROM sl_t u WHERE u.i BETWEEN q.i - 9 AND q.i)) AS profile_sliding
  FROM (SELECT i, mlcheck.roc_auc(s, y) OVER w AS w_roc, mlcheck.confusion(y, pred) OVER w AS w_conf,
               mlcheck.profile(c) OVER w AS w_cp
          FROM sl_t WHERE i <= 60
        WINDOW w AS (ORDER BY i ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)) q;
-- a few running values, to see them
SELECT i, round((mlcheck.roc_auc(s, y) OVER w)::numeric, 6) AS roc_auc,
       mlcheck.n(mlcheck.confusion(y, pred) OVER w) AS n
  FROM sl_t WHERE i <= 8 WINDOW w AS (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
 ORDER BY i;

-- ---- comparison operators and operator classes of the summary types
-- stored summaries with repeats: 12 rows, 3 distinct values of each type
CREATE TABLE sl_stored AS
SELECT k, mlcheck.confusion(y, pred) AS conf, mlcheck.scores(s, y) AS sc,
       mlcheck.calibration(s, y) AS cal, mlcheck.regression(s, s2) AS reg,
       mlcheck.profile(s) AS np, mlcheck.profile(c) AS cp
  FROM (SELECT *, i % 3 AS k FROM sl_t WHERE i <= 300) d, generate_series(1, 4) rep
 GROUP BY k, rep;
SELECT count(*) AS stored_rows FROM sl_stored;
-- each type once with hashing, once with sorting
SET enable_hashagg = on;
SELECT count(DISTINCT conf) AS conf_distinct,
       (SELECT count(*) FROM (SELECT conf FROM sl_stored GROUP BY conf) x) AS conf_groups,
       (SELECT count(*) FROM (SELECT conf FROM sl_stored UNION SELECT conf FROM sl_stored) x) AS conf_union,
       (SELECT count(*) FROM (SELECT sc FROM sl_stored GROUP BY sc) x) AS scores_groups,
       (SELECT count(*) FROM (SELECT sc FROM sl_stored UNION SELECT sc FROM sl_stored) x) AS scores_union,
       (SELECT count(*) FROM (SELECT cal FROM sl_stored GROUP BY cal) x) AS cal_groups,
       (SELECT count(*) FROM (SELECT cal FROM sl_stored UNION SELECT cal FROM sl_stored) x) AS cal_union,
       (SELECT count(*) FROM (SELECT reg FROM sl_stored GROUP BY reg) x) AS reg_groups,
       (SELECT count(*) FROM (SELECT reg FROM sl_stored UNION SELECT reg FROM sl_stored) x) AS reg_union,
       (SELECT count(*) FROM (SELECT np FROM sl_stored GROUP BY np) x) AS np_groups,
       (SELECT count(*) FROM (SELECT np FROM sl_stored UNION SELECT np FROM sl_stored) x) AS np_union,
       (SELECT count(*) FROM (SELECT cp FROM sl_stored GROUP BY cp) x) AS cp_groups,
       (SELECT count(*) FROM (SELECT cp FROM sl_stored UNION SELECT cp FROM sl_stored) x) AS cp_union
  FROM sl_stored;
SET enable_hashagg = off;
SELECT count(DISTINCT conf) AS conf_distinct, count(DISTINCT sc) AS scores_distinct,
       count(DISTINCT cal) AS cal_distinct, count(DISTINCT reg) AS reg_distinct,
       count(DISTINCT np) AS np_distinct, count(DISTINCT cp) AS cp_distinct,
       (SELECT count(*) FROM (SELECT conf, sc, cal, reg, np, cp FROM sl_stored
                               GROUP BY conf, sc, cal, reg, np, cp) x) AS all_groups,
       (SELECT count(*) FROM (SELECT cal FROM sl_stored UNION SELECT cal FROM sl_stored) x) AS cal_union_sorted
  FROM sl_stored;
RESET enable_hashagg;
-- the groups are the right ones: one value per k, holding its 4 copies
SELECT k, count(*) AS copies FROM (SELECT DISTINCT k, conf FROM sl_stored) x GROUP BY k ORDER BY k;
SELECT count(*) AS conf_groups_by_value, min(n) AS min_size, max(n) AS max_size
  FROM (SELECT conf, count(*) AS n, count(DISTINCT k) AS ks FROM sl_stored GROUP BY conf) x
 WHERE ks = 1;
-- = is "same summary", also through the text form (which drops the
-- compensation terms of compensated sums), and consistent with the hash
SELECT bool_and(cal::text::mlcheck.calibration = cal) AS cal_text_equal,
       bool_and(reg::text::mlcheck.regression = reg) AS reg_text_equal,
       bool_and(sc::jsonb::mlcheck.scores = sc) AS scores_jsonb_equal,
       bool_and(mlcheck._calibration_hash(cal::text::mlcheck.calibration) = mlcheck._calibration_hash(cal)) AS cal_hash_consistent,
       bool_and(mlcheck._regression_hash(reg::text::mlcheck.regression) = mlcheck._regression_hash(reg)) AS reg_hash_consistent
  FROM sl_stored;
SELECT a.conf = b.conf AS eq, a.conf <> b.conf AS ne,
       (a.conf < b.conf) <> (a.conf > b.conf) AS ordered,
       mlcheck._confusion_cmp(a.conf, b.conf) = -mlcheck._confusion_cmp(b.conf, a.conf) AS antisymmetric
  FROM sl_stored a, sl_stored b WHERE a.k = 0 AND b.k = 1 LIMIT 1;
-- the operator classes are the types' defaults
SELECT c.opcname, am.amname, c.opcdefault
  FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod
 WHERE c.opcnamespace = 'mlcheck'::regnamespace ORDER BY 1, 2;
-- an index on stored summaries works too
CREATE INDEX ON sl_stored USING hash (cal);
SET enable_seqscan = off;
SELECT count(*) AS found_by_index FROM sl_stored
 WHERE cal = (SELECT cal FROM sl_stored WHERE k = 2 LIMIT 1);
RESET enable_seqscan;

DROP TABLE sl_t, sl_parts, sl_stored;
