-- The fixture of shared/spec/scores-api.md §7.0 (data sets 1-3), plus what the pages show
-- (a zone, a public account). Clock of the vectors: 2025-06-01 12:00:00 UTC.

INSERT INTO accounts (id, id_token, name, public_profile, created_on) VALUES
  (7, 'acc7tok', 'Example Operator', 1, '2020-01-01 00:00:00');

INSERT INTO servers (id, ip, ip_version, hostname, score_raw, deletion_on, account_id, in_pool, netspeed, created_on) VALUES
  (1001, '192.0.2.10', 'v4', 'ntp1.example.net', 19.13, NULL, 7, 1, 1000, '2020-01-01 00:00:00'),
  (1002, '2001:db8::123', 'v6', NULL, 19.9, NULL, NULL, 0, 10000, '2020-01-01 00:00:00'),
  (1003, '198.51.100.7', 'v4', NULL, 5.2, NULL, NULL, 0, 10000, '2020-01-01 00:00:00'),
  (1004, '192.0.2.99', 'v4', NULL, 0, '2025-04-01', NULL, 0, 10000, '2020-01-01 00:00:00');

INSERT INTO zones (id, name, description) VALUES (1, 'de', 'Germany');
INSERT INTO server_zones (server_id, zone_id) VALUES (1001, 1);

INSERT INTO monitors (id, type, hostname, tls_name, location, ip_version, status, is_current, config, created_on) VALUES
  (1, 'score', 'recentmedian', 'recentmedian.scores.ntp.dev', '', NULL, 'active', 1, '', '2020-01-01 00:00:00'),
  (2, 'score', 'every', 'every.scores.ntp.dev', '', NULL, 'active', 1, '', '2020-01-01 00:00:00'),
  (21, 'monitor', '', 'defra1-1gw2pjj.test.mon.ntppool.dev', 'defra', 'v4', 'active', 1, '', '2020-01-01 00:00:00'),
  (22, 'monitor', '', 'defra1-1gw2pjj.test.mon.ntppool.dev', 'defra', 'v6', 'active', 1, '', '2020-01-01 00:00:00'),
  (23, 'monitor', '', 'uspao1-21wase0.test.mon.ntppool.dev', 'uspao', 'v4', 'active', 1, '', '2020-01-01 00:00:00'),
  (24, 'monitor', '', NULL, 'sgsin', 'v4', 'active', 1, '', '2020-01-01 00:00:00');

INSERT INTO server_scores (server_id, monitor_id, score_raw, score_ts, status, created_on) VALUES
  (1001, 1, 19.13, '2025-06-01 11:45:30', 'active', '2020-01-01 00:00:00'),
  (1001, 2, 18.0, '2025-06-01 11:45:30', 'active', '2020-01-01 00:00:00'),
  (1001, 21, 19.96, '2025-06-01 11:55:00', 'active', '2020-01-01 00:00:00'),
  (1001, 23, 14.25, '2025-06-01 11:45:30', 'testing', '2020-01-01 00:00:00'),
  (1001, 24, 17.0, '2025-05-27 10:00:00', 'candidate', '2020-01-01 00:00:00'),
  (1002, 1, 19.9, '2025-06-01 10:15:00', 'active', '2020-01-01 00:00:00'),
  (1002, 22, 10.86, '2025-06-01 10:15:00', 'active', '2020-01-01 00:00:00'),
  (1003, 21, 5.2, '2025-05-20 08:30:00', 'testing', '2020-01-01 00:00:00');

-- Backslashes are doubled: the attributes hold JSON escapes (\u0001, \").
INSERT INTO log_scores (id, server_id, monitor_id, ts, score, step, `offset`, rtt, attributes) VALUES
  (1001, 1001, 21, '2025-06-01 11:40:00', 19.4, 1, 0.000412, 21345, NULL),
  (1002, 1001, 1, '2025-06-01 11:40:00', 19.4, 1, NULL, NULL, '{"from_ls_id":1001,"from_ss_id":501}'),
  (1003, 1001, 23, '2025-06-01 11:45:30', 14.25, -5, NULL, NULL, '{"error":"i/o timeout"}'),
  (1004, 1001, 1, '2025-06-01 11:45:30', 19.13, 1, NULL, NULL, '{"from_ls_id":1003,"from_ss_id":501}'),
  (1005, 1001, 21, '2025-06-01 11:55:00', 19.96, 1, -0.0000007, 20000, '{"leap":1}'),
  (1006, 1001, 24, '2025-05-27 10:00:00', 17, 1, 0.002, 150000, NULL),
  (2001, 1002, 22, '2025-06-01 10:00:00', 20, 1, -0.0000000004, 187, NULL),
  (2002, 1002, 22, '2025-06-01 10:15:00', 10.9, -4, 3.25, 45678, '{"leap":3,"error":"kiss of death \\"RATE\\", backing off"}'),
  (2003, 1002, 1, '2025-06-01 10:15:00', 19.9, 1, NULL, NULL, '{"from_ls_id":2002,"from_ss_id":601}'),
  (3001, 1003, NULL, '2025-05-20 08:00:00', 5, -5, NULL, NULL, NULL),
  (3002, 1003, 21, '2025-05-20 08:00:00', 4.5, -5, NULL, NULL, '{"error":"net\\u0001work unreachable"}'),
  (3003, 1003, 21, '2025-05-20 08:30:00', 5.2, 1, 0.0125, 30000, NULL);
