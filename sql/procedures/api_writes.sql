-- The log_scores rows of one SubmitResults call (spec/scorer.md §2.7), written by monitor-api
-- (sql/queries/api.sql InsertSubmittedLogScores) inside the call's transaction.
--
-- Why a loop of single-row INSERTs: InnoDB (innodb_autoinc_lock_mode 1, the default) takes
-- only its light auto-increment mutex for an INSERT ... VALUES, but holds the table's AUTO-INC
-- lock for the whole of an INSERT ... SELECT (a "bulk insert"), whose foreign-key checks then
-- wait for row locks on servers held by other transactions (another submit changing a
-- server's stratum, the scorer): a deadlock (MySQL error 1467). Why a procedure: one round
-- trip for the whole list instead of one per result (bench/api measured the round trips as
-- the largest cost of a submit).
--
-- p_rows: [{"s": server_id, "t": "YYYY-MM-DD HH:MM:SS", "c": score, "p": step,
--           "o": offset seconds, "r": rtt µs, "a": attributes JSON text}, ...], in list order.
-- Every value is a JSON string, converted on assignment (doubles as the shortest text that
-- reads back to the same double); an absent key is SQL NULL.

DROP PROCEDURE IF EXISTS api_insert_log_scores;

DELIMITER //

CREATE PROCEDURE api_insert_log_scores(IN p_monitor_id INT UNSIGNED, IN p_rows LONGTEXT)
  MODIFIES SQL DATA
BEGIN
  DECLARE i INT UNSIGNED DEFAULT 0;
  DECLARE n INT UNSIGNED DEFAULT COALESCE(JSON_LENGTH(p_rows), 0);
  DECLARE e LONGTEXT;
  WHILE i < n DO
    SET e = JSON_EXTRACT(p_rows, CONCAT('$[', i, ']'));
    INSERT INTO log_scores (server_id, monitor_id, ts, score, step, `offset`, rtt, attributes)
    VALUES (JSON_VALUE(e, '$.s'), p_monitor_id, JSON_VALUE(e, '$.t'), JSON_VALUE(e, '$.c'), JSON_VALUE(e, '$.p'),
            JSON_VALUE(e, '$.o'), JSON_VALUE(e, '$.r'), JSON_VALUE(e, '$.a'));
    SET i = i + 1;
  END WHILE;
END //

DELIMITER ;
