-- Revision 6: what monitor-api records beside the NTP Pool's tables (spec/api.md "Project
-- decisions", spec/scorer.md B20/B21).

-- Every client certificate the in-process CA issued, from the CSR an agent posted to
-- POST /monitor/api/certificate: which monitor identity it names, the API key that asked for
-- it, its serial number and validity. Nothing is ever updated; rows are audit records.
CREATE TABLE `monitor_certificates` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `tls_name` varchar(255) NOT NULL,
  `api_key_id` int unsigned DEFAULT NULL,
  `serial` varchar(64) NOT NULL,
  `key_description` varchar(32) NOT NULL DEFAULT '',
  `not_before` datetime NOT NULL,
  `not_after` datetime NOT NULL,
  `created_on` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `monitor_certificates_serial` (`serial`),
  KEY `monitor_certificates_tls_name` (`tls_name`,`not_after`),
  CONSTRAINT `monitor_certificates_api_key_fk` FOREIGN KEY (`api_key_id`) REFERENCES `api_keys` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The SubmitResults batches of each monitor that are not older than its last_submit (B20: a
-- batch is applied at most once). A batch older than last_submit is refused by the ordering
-- rule (§4.5 step 4), so each submit deletes the rows its own batch time supersedes and the
-- table holds about one row per monitor.
CREATE TABLE `monitor_submitted_batches` (
  `monitor_id` int unsigned NOT NULL,
  `batch_id` char(26) NOT NULL,
  `batch_time` datetime(6) NOT NULL,
  `result_count` int unsigned NOT NULL,
  `submitted_on` datetime NOT NULL,
  PRIMARY KEY (`monitor_id`,`batch_id`),
  KEY `monitor_submitted_batches_time` (`monitor_id`,`batch_time`),
  CONSTRAINT `monitor_submitted_batches_monitor_fk` FOREIGN KEY (`monitor_id`) REFERENCES `monitors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
