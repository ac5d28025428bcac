-- bench/selector fixture: 5,000 servers with 20 monitors each and 24 h of log_scores
-- (10 rows per monitor and server: 1,000,000 rows), every server due for review.
--
-- 400 monitors (each in a /20 of its own; 1 in 23 globally testing, 1 in 61 paused), 50
-- accounts (every fifth with monitors_per_server_limit 3). Server s watches the monitors
-- ((37 s + 19 k) mod 400) + 1 for k = 0..19: k < 7 active, k < 12 testing, else candidate.
-- rtt and step vary with (monitor, server) so that ranks, swaps and violations differ per
-- server.

-- Numbers 0..9999 from cross joins (recursive CTEs are capped at 1000 iterations by MariaDB's
-- default max_recursive_iterations).
CREATE TEMPORARY TABLE bench_digits (d int NOT NULL PRIMARY KEY);
INSERT INTO bench_digits (d) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TEMPORARY TABLE bench_numbers (i int NOT NULL PRIMARY KEY);
INSERT INTO bench_numbers (i)
SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d
FROM bench_digits a CROSS JOIN bench_digits b CROSS JOIN bench_digits c CROSS JOIN bench_digits e;

INSERT INTO accounts (id, name, flags, created_on)
SELECT i, CONCAT('bench account ', i), IF(i % 5 = 0, '{"monitors_per_server_limit": 3}', NULL), NOW()
FROM bench_numbers WHERE i BETWEEN 1 AND 50;

INSERT INTO monitors (id, id_token, type, account_id, ip, ip_version, tls_name, status, config, created_on)
SELECT i, CONCAT('bench-', i), 'monitor', IF(i % 3 = 0, NULL, (i % 50) + 1),
       CONCAT('10.', i DIV 16, '.', (i % 16) * 16, '.1'), 'v4', CONCAT('m', i, '.bench.test'),
       CASE WHEN i % 61 = 0 THEN 'paused' WHEN i % 23 = 0 THEN 'testing' ELSE 'active' END, '', NOW()
FROM bench_numbers WHERE i BETWEEN 1 AND 400;

INSERT INTO servers (id, ip, ip_version, account_id, created_on)
SELECT i, CONCAT('172.', 16 + i DIV 65536, '.', (i DIV 256) % 256, '.', i % 256), 'v4',
       IF(i % 7 = 0, (i % 50) + 1, NULL), NOW()
FROM bench_numbers WHERE i BETWEEN 1 AND 5000;

CREATE TEMPORARY TABLE bench_slots (k int NOT NULL PRIMARY KEY);
INSERT INTO bench_slots (k) SELECT i FROM bench_numbers WHERE i < 20;

CREATE TEMPORARY TABLE bench_rows (j int NOT NULL PRIMARY KEY);
INSERT INTO bench_rows (j) SELECT i FROM bench_numbers WHERE i < 10;

INSERT INTO server_scores (monitor_id, server_id, status, created_on)
SELECT ((37 * s.id + 19 * b.k) % 400) + 1, s.id,
       CASE WHEN b.k < 7 THEN 'active' WHEN b.k < 12 THEN 'testing' ELSE 'candidate' END, NOW()
FROM servers s CROSS JOIN bench_slots b;

INSERT INTO log_scores (monitor_id, server_id, ts, score, step, rtt)
SELECT ss.monitor_id, ss.server_id,
       NOW() - INTERVAL (2 * r.j + 1) HOUR - INTERVAL (ss.server_id % 60) MINUTE,
       18,
       CASE WHEN (ss.monitor_id * 7 + ss.server_id) % 29 = 0 THEN -0.5
            WHEN (ss.monitor_id + r.j) % 5 = 0 THEN 0.8 ELSE 1 END,
       5000 + ((ss.monitor_id * 7919 + ss.server_id * 104729) % 150000)
FROM server_scores ss CROSS JOIN bench_rows r;

INSERT INTO servers_monitor_review (server_id, next_review)
SELECT id, NULL FROM servers;
