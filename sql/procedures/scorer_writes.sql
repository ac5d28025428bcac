-- The set-based writes of one monitor-scorer batch (spec/scorer.md §4.7 with the project's
-- fixes B13, B15). The scorer computes a batch in C++ (the `every` recurrence and the median
-- pick are sequential per server; see the header of sql/queries/scorer.sql) and hands each kind
-- of write over as ONE JSON array of objects, read here with JSON_TABLE. A batch of thousands
-- of input rows therefore costs a handful of statements instead of several per row. None of
-- them reads log_scores, so none takes locks that submit transactions would wait for.
--
-- The UPDATEs read the JSON rows first (STRAIGHT_JOIN) and reach each target row by its key:
-- an UPDATE that scanned the table instead would lock every row it read until COMMIT (in
-- REPEATABLE READ), blocking the submit path's writes to servers it does not even touch.
--
-- Why procedures: sqlgen does not parse JSON_TABLE in a FROM clause; a procedure keeps the
-- statement readable SQL and the call (`CALL scorer_insert_log_scores(:scorer_id, :rows)`)
-- typed. A key that is absent from an object reads as NULL (the JSON_TABLE default), so the
-- scorer omits NULL fields. Doubles are written with 17 significant digits and so reach the
-- table bit for bit.

DROP PROCEDURE IF EXISTS scorer_create_server_scores;
DROP PROCEDURE IF EXISTS scorer_insert_log_scores;
DROP PROCEDURE IF EXISTS scorer_save_server_scores;
DROP PROCEDURE IF EXISTS scorer_save_overall_scores;

DELIMITER //

-- §4.7 getOrCreateScorerServerScore for the batch's servers without a scorer row: created
-- at the initial score -5, 'active'. A row that exists after all is left as it is (status
-- forced to 'active'), never reset to -5 (B13).
-- p_rows: [{"s": server_id}, ...]
CREATE PROCEDURE scorer_create_server_scores(IN p_scorer_id INT UNSIGNED, IN p_rows LONGTEXT)
  MODIFIES SQL DATA
BEGIN
  INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on)
  SELECT p_scorer_id, jt.server_id, -5, 'active', UTC_TIMESTAMP()
    FROM JSON_TABLE(p_rows, '$[*]' COLUMNS (server_id INT UNSIGNED PATH '$.s')) AS jt
  ON DUPLICATE KEY UPDATE status = 'active';
END //

-- The scorer's own log_scores rows (§5 / §6.4 "Output"), written only for the computed scores
-- that the scorer history found new (§4.8). Inserted in the order of the array: the scorer
-- groups them by server (ascending), each server's rows in processing order.
-- p_rows: [{"s": server_id, "t": "YYYY-MM-DD HH:MM:SS", "c": score, "p": step,
--           "o": offset seconds, "r": rtt µs, "a": attributes JSON text}, ...]
CREATE PROCEDURE scorer_insert_log_scores(IN p_scorer_id INT UNSIGNED, IN p_rows LONGTEXT)
  MODIFIES SQL DATA
BEGIN
  INSERT INTO log_scores (server_id, monitor_id, ts, score, step, `offset`, rtt, attributes)
  SELECT jt.server_id, p_scorer_id, jt.ts, jt.score, jt.step, jt.offset_s, jt.rtt, jt.attributes
    FROM JSON_TABLE(p_rows, '$[*]' COLUMNS (
           seq FOR ORDINALITY,
           server_id INT UNSIGNED PATH '$.s',
           ts DATETIME PATH '$.t',
           score DOUBLE PATH '$.c',
           step DOUBLE PATH '$.p',
           offset_s DOUBLE PATH '$.o',
           rtt INT PATH '$.r',
           attributes TEXT PATH '$.a')) AS jt
   ORDER BY jt.seq;
END //

-- The scorer's server_scores row of each server of the batch: its final score after the
-- batch, status forced to 'active' (§4.7). B15: score_ts never moves backwards; a batch whose
-- newest row is older leaves score_ts as it is.
-- p_rows: [{"s": server_id, "c": score, "t": "YYYY-MM-DD HH:MM:SS"}, ...]
CREATE PROCEDURE scorer_save_server_scores(IN p_scorer_id INT UNSIGNED, IN p_rows LONGTEXT)
  MODIFIES SQL DATA
BEGIN
  UPDATE JSON_TABLE(p_rows, '$[*]' COLUMNS (
           server_id INT UNSIGNED PATH '$.s',
           score DOUBLE PATH '$.c',
           ts DATETIME PATH '$.t')) AS jt
    STRAIGHT_JOIN server_scores ss ON ss.server_id = jt.server_id AND ss.monitor_id = p_scorer_id
     SET ss.score_raw = jt.score,
         ss.score_ts = CASE WHEN ss.score_ts IS NULL OR ss.score_ts < jt.ts THEN jt.ts ELSE ss.score_ts END,
         ss.status = 'active';
END //

-- The overall score of each server (main scorer only, §4.7): only moves forward in time, an
-- equal or older ts is ignored, as in the original.
-- p_rows: [{"s": server_id, "c": score, "t": "YYYY-MM-DD HH:MM:SS"}, ...]
CREATE PROCEDURE scorer_save_overall_scores(IN p_rows LONGTEXT)
  MODIFIES SQL DATA
BEGIN
  UPDATE JSON_TABLE(p_rows, '$[*]' COLUMNS (
           server_id INT UNSIGNED PATH '$.s',
           score DOUBLE PATH '$.c',
           ts DATETIME PATH '$.t')) AS jt
    STRAIGHT_JOIN servers s ON s.id = jt.server_id
     SET s.score_ts = jt.ts,
         s.score_raw = jt.score
   WHERE s.score_ts IS NULL OR s.score_ts < jt.ts;
END //

DELIMITER ;
