-- The selector's audit record (spec/selector.md D4): the rows of one server pass written in
-- one statement. The pass applies its status changes (§7) and tracking writes (§8, §9) one
-- UPDATE each, as the original does (each may fail on its own and is then counted and left
-- out); the record of those that were applied follows as ONE JSON array, read here with
-- JSON_TABLE, in the same transaction. Called as InsertSelectorLog (sql/queries/selector.sql).
--
-- Why a procedure: sqlgen does not parse JSON_TABLE in a FROM clause, and one statement per
-- pass instead of one per write keeps a pass within its time budget (bench/selector).
-- p_rows: [{"m": monitor_id, "k": "status_change"|"tracking", "r": rule, "a": action,
--           "f": from status, "t": to status, "v": violation type, "why": reason}, ...]
-- Absent keys read as NULL. created_on is the time of the statement (NOW(6)).

DROP PROCEDURE IF EXISTS selector_log_insert;

DELIMITER //

CREATE PROCEDURE selector_log_insert(IN p_server_id INT UNSIGNED, IN p_rows LONGTEXT)
  MODIFIES SQL DATA
BEGIN
  INSERT INTO selector_log (server_id, monitor_id, kind, rule, action, from_status, to_status, violation_type,
                            reason, created_on)
  SELECT p_server_id, jt.monitor_id, jt.kind, jt.rule, jt.action, jt.from_status, jt.to_status, jt.violation_type,
         jt.reason, NOW(6)
    FROM JSON_TABLE(p_rows, '$[*]' COLUMNS (
           seq FOR ORDINALITY,
           monitor_id INT UNSIGNED PATH '$.m',
           kind VARCHAR(16) PATH '$.k',
           rule VARCHAR(32) PATH '$.r',
           action VARCHAR(64) PATH '$.a',
           from_status VARCHAR(16) PATH '$.f',
           to_status VARCHAR(16) PATH '$.t',
           violation_type VARCHAR(50) PATH '$.v',
           reason VARCHAR(255) PATH '$.why')) AS jt
   ORDER BY jt.seq;
END //

DELIMITER ;
