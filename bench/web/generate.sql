-- bench-web's data set: 5,000 servers, 12 monitors (the recentmedian and every scorers and
-- ten v4 monitors), server_scores for each pair, and 10,023,000 log_scores rows within the
-- four days before 2025-06-01 12:00:00 (the benchmark's clock): 2,000 rows for each of
-- servers 2..5000 (one every 172 s) and 25,000 for server 1 (one every 13 s), every other
-- row a recentmedian row. Rows are inserted in time order in ten chunks, so, as in
-- production, ids grow with ts and one server's rows are spread over the whole table.
-- Bench-only SQL: run by bench-web into its own database.

SET SESSION foreign_key_checks = 0;
SET SESSION unique_checks = 0;

INSERT INTO servers (id, ip, ip_version, hostname, in_pool, netspeed, score_raw, score_ts, created_on)
SELECT seq, CONCAT('10.', seq DIV 65536, '.', (seq DIV 256) MOD 256, '.', seq MOD 256), 'v4',
       CONCAT('ntp', seq, '.bench.example'), 1, 1000, 19 + (seq MOD 10) / 10,
       TIMESTAMP '2025-06-01 11:59:00', TIMESTAMP '2020-01-01 00:00:00'
FROM seq_1_to_5000;

INSERT INTO monitors (id, type, hostname, tls_name, location, ip_version, status, is_current, config, created_on)
VALUES (1, 'score', 'recentmedian', 'recentmedian.scores.ntp.dev', '', NULL, 'active', 1, '', '2020-01-01 00:00:00'),
       (2, 'score', 'every', 'every.scores.ntp.dev', '', NULL, 'active', 1, '', '2020-01-01 00:00:00');
INSERT INTO monitors (id, type, hostname, tls_name, location, ip_version, status, is_current, config, created_on)
SELECT seq, 'monitor', '', CONCAT('mon', seq, '-bench.test.mon.ntppool.dev'), 'bench', 'v4', 'active', 1, '',
       TIMESTAMP '2020-01-01 00:00:00'
FROM seq_3_to_12;

INSERT INTO server_scores (server_id, monitor_id, score_raw, score_ts, status, created_on)
SELECT s.seq, m.seq, 19.5, TIMESTAMP '2025-06-01 11:59:00', IF(m.seq <= 9, 'active', 'testing'),
       TIMESTAMP '2020-01-01 00:00:00'
FROM seq_1_to_5000 s JOIN seq_1_to_12 m;

DROP PROCEDURE IF EXISTS bench_web_fill;
DELIMITER //
CREATE PROCEDURE bench_web_fill()
BEGIN
  DECLARE chunk INT DEFAULT 9;
  WHILE chunk >= 0 DO
    INSERT INTO log_scores (server_id, monitor_id, ts, score, step, `offset`, rtt, attributes)
    SELECT server_id, IF(k MOD 2 = 0, 1, 3 + ((k DIV 2 + server_id) MOD 10)), ts,
           IF(k MOD 97 = 1, 10, 19 + (k MOD 10) / 10), IF(k MOD 97 = 1, -5, 1),
           IF(k MOD 2 = 0, NULL, (CAST(k MOD 100 AS SIGNED) - 50) / 100000),
           IF(k MOD 2 = 0, NULL, 20000 + k MOD 1000),
           IF(k MOD 2 = 0, CONCAT('{"from_ls_id":', k, ',"from_ss_id":', server_id, '}'),
              IF(k MOD 97 = 1, '{"error":"i/o timeout"}', NULL))
    FROM (
      SELECT s.seq AS server_id, t.seq + chunk * 200 AS k,
             TIMESTAMP '2025-06-01 12:00:00' - INTERVAL ((t.seq + chunk * 200) * 172 + s.seq MOD 172 + 1) SECOND AS ts
      FROM seq_0_to_199 t JOIN seq_2_to_5000 s
      UNION ALL
      SELECT 1, t.seq + chunk * 2500,
             TIMESTAMP '2025-06-01 12:00:00' - INTERVAL ((t.seq + chunk * 2500) * 13 + 1) SECOND
      FROM seq_0_to_2499 t
    ) r
    ORDER BY ts;
    SET chunk = chunk - 1;
  END WHILE;
END//
DELIMITER ;

CALL bench_web_fill();
DROP PROCEDURE bench_web_fill;
ANALYZE TABLE log_scores, servers, monitors, server_scores;

CREATE TABLE bench_web_dataset (
  version int NOT NULL,
  log_rows bigint NOT NULL,
  generated_on datetime NOT NULL
);
INSERT INTO bench_web_dataset (version, log_rows, generated_on)
SELECT 1, COUNT(*), UTC_TIMESTAMP() FROM log_scores;
