-- A small sample data set for `make demo`: two accounts, three monitors and the two scorers,
-- four servers, their per-monitor scores and a few hours of log_scores.
-- Idempotent: it deletes what it inserts first (ids 9001+), so the demo can be run again.

DELETE FROM log_scores WHERE server_id BETWEEN 9001 AND 9004;
DELETE FROM server_scores WHERE server_id BETWEEN 9001 AND 9004;
DELETE FROM servers WHERE id BETWEEN 9001 AND 9004;
DELETE FROM monitors WHERE id BETWEEN 9001 AND 9005;
DELETE FROM accounts WHERE id BETWEEN 9001 AND 9002;

INSERT INTO accounts (id, name, flags, created_on) VALUES
  (9001, 'Example Hosting', '{}', UTC_TIMESTAMP()),
  (9002, 'Volunteer Networks', '{"monitor_limit": 4}', UTC_TIMESTAMP());

INSERT INTO monitors (id, type, account_id, hostname, location, ip, ip_version, tls_name, status, config, client_version, created_on) VALUES
  (9001, 'monitor', 9001, 'deams1', 'deams', '127.1.16.10', 'v4', 'deams1-1a2b3c.test.mon.ntppool.dev', 'active', '{}', '4.1.5', UTC_TIMESTAMP()),
  (9002, 'monitor', 9002, 'usnyc1', 'usnyc', '127.2.32.10', 'v4', 'usnyc1-4d5e6f.test.mon.ntppool.dev', 'active', '{}', '4.1.5', UTC_TIMESTAMP()),
  (9003, 'monitor', 9002, 'usnyc1', 'usnyc', 'fd00:2:32::10', 'v6', 'usnyc1-4d5e6f.test.mon.ntppool.dev', 'testing', '{}', '4.1.5', UTC_TIMESTAMP()),
  (9004, 'score', NULL, 'every', '', NULL, NULL, NULL, 'active', '', '', UTC_TIMESTAMP()),
  (9005, 'score', NULL, 'recentmedian', '', NULL, NULL, NULL, 'active', '', '', UTC_TIMESTAMP());

INSERT INTO servers (id, ip, ip_version, account_id, hostname, in_pool, created_on, score_ts, score_raw) VALUES
  (9001, '127.3.48.1', 'v4', 9001, 'good.example.net', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 19.8),
  (9002, 'fd00:3:48::1', 'v6', 9001, 'good6.example.net', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 19.5),
  (9003, '127.4.64.1', 'v4', 9002, 'slow.example.org', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 3.2),
  (9004, '127.5.80.1', 'v4', 9002, 'off.example.org', 0, UTC_TIMESTAMP(), UTC_TIMESTAMP(), -52.6);

INSERT INTO server_scores (monitor_id, server_id, score_ts, score_raw, stratum, status, created_on) VALUES
  (9001, 9001, UTC_TIMESTAMP(), 19.9, 2, 'active', UTC_TIMESTAMP()),
  (9002, 9001, UTC_TIMESTAMP(), 19.7, 2, 'active', UTC_TIMESTAMP()),
  (9003, 9002, UTC_TIMESTAMP(), 19.5, 2, 'testing', UTC_TIMESTAMP()),
  (9001, 9003, UTC_TIMESTAMP(), 3.9, 3, 'active', UTC_TIMESTAMP()),
  (9002, 9003, UTC_TIMESTAMP(), 2.5, 3, 'active', UTC_TIMESTAMP()),
  (9001, 9004, UTC_TIMESTAMP(), -48.0, 16, 'active', UTC_TIMESTAMP()),
  (9002, 9004, UTC_TIMESTAMP(), -57.2, 16, 'candidate', UTC_TIMESTAMP());

INSERT INTO log_scores (monitor_id, server_id, ts, score, step, `offset`, rtt, attributes) VALUES
  (9001, 9001, UTC_TIMESTAMP() - INTERVAL 30 MINUTE, 19.8, 1, 0.000412, 1850, NULL),
  (9002, 9001, UTC_TIMESTAMP() - INTERVAL 20 MINUTE, 19.6, 1, -0.000233, 2100, NULL),
  (9001, 9001, UTC_TIMESTAMP() - INTERVAL 10 MINUTE, 19.9, 1, 0.000398, 1790, NULL),
  (9003, 9002, UTC_TIMESTAMP() - INTERVAL 15 MINUTE, 19.5, 1, 0.000120, 2400, NULL),
  (9001, 9003, UTC_TIMESTAMP() - INTERVAL 25 MINUTE, 3.9, 0.5, 0.0982, 21000, NULL),
  (9002, 9003, UTC_TIMESTAMP() - INTERVAL 12 MINUTE, 2.5, 0.5, 0.1011, 23000, NULL),
  (9001, 9004, UTC_TIMESTAMP() - INTERVAL 18 MINUTE, -48.0, -4, 2.0031, 1900, NULL),
  (9002, 9004, UTC_TIMESTAMP() - INTERVAL 8 MINUTE, -57.2, -4, 2.0012, 2050, NULL);
