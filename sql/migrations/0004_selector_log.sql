-- Revision 4: the selector's audit record (spec/selector.md D4). One row per status change
-- and per tracking write the selector applied to server_scores, written in the same
-- transaction as the write it records: which server and monitor, which rule and why.
CREATE TABLE `selector_log` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `server_id` int unsigned NOT NULL,
  `monitor_id` int unsigned NOT NULL,
  `kind` enum('status_change','tracking') NOT NULL,
  `rule` varchar(32) NOT NULL,
  `action` varchar(64) NOT NULL,
  `from_status` varchar(16) DEFAULT NULL,
  `to_status` varchar(16) DEFAULT NULL,
  `violation_type` varchar(50) DEFAULT NULL,
  `reason` varchar(255) NOT NULL,
  `created_on` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `selector_log_server` (`server_id`,`created_on`),
  KEY `selector_log_monitor` (`monitor_id`,`created_on`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
