-- `make demo` / the end-to-end test: the settings the programs read from the database.
-- Session variables set by scripts/demo.sh before this file runs:
--   @monitors_setting  system_settings 'monitors' (GetServers intervals, spec/api.md §4.4), e.g.
--                      {"interval_active":"20s","interval_testing":"60s","interval_all":"10s","batch_size":10}
--   @base_check_v4, @base_check_v6  the hosts the agents check their own clock against
--                      (the operational defaults of each IP family, spec/api.md §6.2)
-- Idempotent.

-- The scorer's batch size (spec/scorer.md §4.4).
REPLACE INTO system_settings (`key`, value, created_on, modified_on)
VALUES ('scorer', '{"batch_size": 100}', NOW(), NOW());

REPLACE INTO system_settings (`key`, value, created_on, modified_on)
VALUES ('monitors', @monitors_setting, NOW(), NOW());

-- The per-family defaults rows: 3 samples per check and the local clock check host.
DELETE FROM monitors WHERE tls_name IN ('settings-v4.system', 'settings-v6.system');
INSERT INTO monitors (type, tls_name, ip_version, status, config, created_on) VALUES
  ('monitor', 'settings-v4.system', 'v4', 'active',
   CONCAT('{"samples":3,"base_checks":["', @base_check_v4, '"]}'), NOW()),
  ('monitor', 'settings-v6.system', 'v6', 'active',
   CONCAT('{"samples":3,"base_checks":["', @base_check_v6, '"]}'), NOW());
