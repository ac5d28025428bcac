-- The current schema of the monitor-related tables.
--
-- schema_revision: 6
--
-- Table names, column names, types, enum values, keys and references are those of the
-- NTP Pool production database (shared/spec/schema-reference.md), so the programs can run
-- against an existing NTP Pool database. Revision 1 is that database as it is: on a
-- database that already has these tables `monitor-admin db migrate` records revision 1 and
-- applies sql/migrations/0002_* onwards; on an empty database it runs this file and records
-- the revision above. Every change after revision 1 is a migration AND an edit of this file.
--
-- The references to `users` (a table outside the monitor system) are left out.

CREATE TABLE IF NOT EXISTS `schema_revision` (
  `revision` smallint unsigned NOT NULL DEFAULT '0',
  `schema_name` varchar(30) NOT NULL,
  PRIMARY KEY (`schema_name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `accounts` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `id_token` varchar(36) DEFAULT NULL,
  `name` varchar(255) DEFAULT NULL,
  `organization_name` varchar(150) DEFAULT NULL,
  `organization_url` varchar(150) DEFAULT NULL,
  `public_profile` tinyint(1) NOT NULL DEFAULT '0',
  `url_slug` varchar(150) DEFAULT NULL,
  `flags` json DEFAULT NULL,
  `created_on` datetime NOT NULL,
  `modified_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `stripe_customer_id` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `url_slug_idx` (`url_slug`),
  UNIQUE KEY `stripe_customer_id` (`stripe_customer_id`),
  UNIQUE KEY `id_token` (`id_token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `monitors` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `id_token` varchar(36) DEFAULT NULL,
  `type` enum('monitor','score') NOT NULL DEFAULT 'monitor',
  `user_id` int unsigned DEFAULT NULL,
  `account_id` int unsigned DEFAULT NULL,
  `hostname` varchar(255) NOT NULL DEFAULT '',
  `location` varchar(255) NOT NULL DEFAULT '',
  `ip` varchar(40) DEFAULT NULL,
  `ip_version` enum('v4','v6') DEFAULT NULL,
  `tls_name` varchar(255) DEFAULT NULL,
  `api_key` varchar(64) DEFAULT NULL,
  `status` enum('pending','testing','active','paused','deleted') NOT NULL,
  `config` text NOT NULL,
  `client_version` varchar(255) NOT NULL DEFAULT '',
  `last_seen` datetime(6) DEFAULT NULL,
  `last_submit` datetime(6) DEFAULT NULL,
  `created_on` datetime NOT NULL,
  `deleted_on` datetime DEFAULT NULL,
  `is_current` tinyint(1) DEFAULT '1',
  PRIMARY KEY (`id`),
  UNIQUE KEY `api_key` (`api_key`),
  UNIQUE KEY `monitors_tls_name` (`tls_name`,`ip_version`),
  UNIQUE KEY `token_id` (`id_token`),
  UNIQUE KEY `id_token` (`id_token`),
  UNIQUE KEY `ip` (`ip`,`is_current`),
  KEY `monitors_user_id` (`user_id`),
  KEY `monitors_account_fk` (`account_id`),
  KEY `type_status` (`type`,`status`),
  CONSTRAINT `monitors_account_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `servers` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `ip` varchar(40) NOT NULL,
  `ip_version` enum('v4','v6') NOT NULL DEFAULT 'v4',
  `user_id` int unsigned DEFAULT NULL,
  `account_id` int unsigned DEFAULT NULL,
  `hostname` varchar(255) DEFAULT NULL,
  `stratum` tinyint unsigned DEFAULT NULL,
  `in_pool` tinyint unsigned NOT NULL DEFAULT '0',
  `in_server_list` tinyint unsigned NOT NULL DEFAULT '0',
  `netspeed` int unsigned NOT NULL DEFAULT '10000',
  `netspeed_target` int unsigned NOT NULL DEFAULT '10000',
  `created_on` datetime NOT NULL,
  `updated_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `score_ts` datetime DEFAULT NULL,
  `score_raw` double NOT NULL DEFAULT '0',
  `deletion_on` date DEFAULT NULL,
  `flags` varchar(4096) NOT NULL DEFAULT '{}',
  PRIMARY KEY (`id`),
  UNIQUE KEY `ip` (`ip`),
  KEY `admin` (`user_id`),
  KEY `score_ts` (`score_ts`),
  KEY `deletion_on` (`deletion_on`),
  KEY `server_account_fk` (`account_id`),
  CONSTRAINT `server_account_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `server_scores` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `monitor_id` int unsigned NOT NULL,
  `server_id` int unsigned NOT NULL,
  `score_ts` datetime DEFAULT NULL,
  `score_raw` double NOT NULL DEFAULT '0',
  `stratum` tinyint unsigned DEFAULT NULL,
  `status` enum('candidate','testing','active','paused') NOT NULL DEFAULT 'candidate',
  `queue_ts` datetime DEFAULT NULL,
  `created_on` datetime NOT NULL,
  `modified_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `constraint_violation_type` varchar(50) DEFAULT NULL,
  `constraint_violation_since` datetime DEFAULT NULL,
  `last_constraint_check` datetime DEFAULT NULL,
  `pause_reason` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `server_id` (`server_id`,`monitor_id`),
  KEY `monitor_id` (`monitor_id`,`server_id`),
  KEY `monitor_id_2` (`monitor_id`,`score_ts`),
  KEY `idx_constraint_violation` (`constraint_violation_type`,`constraint_violation_since`),
  KEY `idx_paused_monitors` (`status`,`last_constraint_check`,`pause_reason`),
  CONSTRAINT `server_score_monitor_fk` FOREIGN KEY (`monitor_id`) REFERENCES `monitors` (`id`),
  CONSTRAINT `server_score_server_id` FOREIGN KEY (`server_id`) REFERENCES `servers` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `log_scores` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `monitor_id` int unsigned DEFAULT NULL,
  `server_id` int unsigned NOT NULL,
  `ts` datetime NOT NULL,
  `score` double NOT NULL DEFAULT '0',
  `step` double NOT NULL DEFAULT '0',
  `offset` double DEFAULT NULL,
  `rtt` mediumint DEFAULT NULL,
  `attributes` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `log_scores_server_ts_idx` (`server_id`,`ts`),
  KEY `ts` (`ts`),
  KEY `log_score_monitor_id_fk` (`monitor_id`),
  CONSTRAINT `log_score_monitor_id_fk` FOREIGN KEY (`monitor_id`) REFERENCES `monitors` (`id`),
  CONSTRAINT `log_scores_server` FOREIGN KEY (`server_id`) REFERENCES `servers` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `scorer_status` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `scorer_id` int unsigned NOT NULL,
  `log_score_id` bigint unsigned NOT NULL,
  `modified_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `scorer_log_score_id` (`log_score_id`),
  KEY `scores_status_monitor_id_fk` (`scorer_id`),
  CONSTRAINT `scorer_log_score_id` FOREIGN KEY (`log_score_id`) REFERENCES `log_scores` (`id`),
  CONSTRAINT `scores_status_monitor_id_fk` FOREIGN KEY (`scorer_id`) REFERENCES `monitors` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `servers_monitor_review` (
  `server_id` int unsigned NOT NULL,
  `last_review` datetime DEFAULT NULL,
  `next_review` datetime DEFAULT NULL,
  `last_change` datetime DEFAULT NULL,
  `config` varchar(4096) NOT NULL DEFAULT '',
  PRIMARY KEY (`server_id`),
  KEY `next_review` (`next_review`),
  CONSTRAINT `server_monitor_review_server_id_fk` FOREIGN KEY (`server_id`) REFERENCES `servers` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `system_settings` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `key` varchar(255) NOT NULL,
  `value` text NOT NULL,
  `created_on` datetime NOT NULL,
  `modified_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `key` (`key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `monitor_registrations` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `monitor_id` int unsigned DEFAULT NULL,
  `request_token` varchar(128) NOT NULL,
  `verification_token` varchar(32) NOT NULL,
  `ip4` varchar(15) NOT NULL DEFAULT '',
  `ip6` varchar(39) NOT NULL DEFAULT '',
  `tls_name` varchar(255) DEFAULT '',
  `hostname` varchar(256) NOT NULL DEFAULT '',
  `location_code` varchar(5) NOT NULL DEFAULT '',
  `account_id` int unsigned DEFAULT NULL,
  `client` varchar(256) NOT NULL DEFAULT '',
  `status` enum('pending','accepted','completed','rejected','cancelled') NOT NULL,
  `last_seen` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `created_on` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `request_token` (`request_token`),
  UNIQUE KEY `verification_token` (`verification_token`),
  KEY `monitor_registrations_monitor_id_fk` (`monitor_id`),
  KEY `monitor_registrations_account_fk` (`account_id`),
  CONSTRAINT `monitor_registrations_account_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`),
  CONSTRAINT `monitor_registrations_monitor_id_fk` FOREIGN KEY (`monitor_id`) REFERENCES `monitors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `api_keys` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `account_id` int unsigned DEFAULT NULL,
  `user_id` int unsigned DEFAULT NULL,
  `api_key` varchar(255) DEFAULT NULL,
  `grants` text DEFAULT NULL,
  `audience` text NOT NULL,
  `token_lookup` varchar(16) NOT NULL,
  `token_hashed` varchar(256) NOT NULL,
  `last_seen` datetime DEFAULT NULL,
  `created_on` datetime NOT NULL,
  `modified_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `api_key` (`api_key`),
  KEY `api_keys_account_fk` (`account_id`),
  KEY `api_keys_user_fk` (`user_id`),
  CONSTRAINT `api_keys_account_fk` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `api_keys_monitors` (
  `api_key_id` int unsigned NOT NULL,
  `monitor_id` int unsigned NOT NULL,
  PRIMARY KEY (`api_key_id`,`monitor_id`),
  KEY `api_keys_monitors_monitors_fk` (`monitor_id`),
  CONSTRAINT `api_keys_monitors_api_keys_fk` FOREIGN KEY (`api_key_id`) REFERENCES `api_keys` (`id`) ON DELETE CASCADE,
  CONSTRAINT `api_keys_monitors_monitors_fk` FOREIGN KEY (`monitor_id`) REFERENCES `monitors` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `log_scores_archive_status` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `archiver` varchar(255) NOT NULL,
  `log_score_id` bigint unsigned DEFAULT NULL,
  `modified_on` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `archiver` (`archiver`),
  KEY `log_score_id` (`log_score_id`),
  CONSTRAINT `log_score_id` FOREIGN KEY (`log_score_id`) REFERENCES `log_scores` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `zones` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(255) NOT NULL,
  `description` varchar(255) DEFAULT NULL,
  `parent_id` int unsigned DEFAULT NULL,
  `dns` tinyint(1) NOT NULL DEFAULT '1',
  PRIMARY KEY (`id`),
  UNIQUE KEY `name` (`name`),
  KEY `parent` (`parent_id`),
  CONSTRAINT `zones_parent` FOREIGN KEY (`parent_id`) REFERENCES `zones` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `server_zones` (
  `server_id` int unsigned NOT NULL,
  `zone_id` int unsigned NOT NULL,
  PRIMARY KEY (`server_id`,`zone_id`),
  KEY `locations_zone` (`zone_id`),
  CONSTRAINT `locations_server` FOREIGN KEY (`server_id`) REFERENCES `servers` (`id`) ON DELETE CASCADE,
  CONSTRAINT `locations_zone` FOREIGN KEY (`zone_id`) REFERENCES `zones` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Added by the project (revision 2): checksums of the installed sql/procedures/ files.
CREATE TABLE IF NOT EXISTS `schema_procedures` (
  `file` varchar(255) NOT NULL,
  `checksum` char(64) NOT NULL,
  `installed_on` datetime NOT NULL,
  PRIMARY KEY (`file`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Added by the project (revision 3): the archiver's other source tables (spec/archiver.md §1.2).
CREATE TABLE IF NOT EXISTS `log_scores_archive` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `monitor_id` int unsigned DEFAULT NULL,
  `server_id` int unsigned NOT NULL,
  `ts` datetime NOT NULL,
  `score` double NOT NULL DEFAULT '0',
  `step` double NOT NULL DEFAULT '0',
  `offset` double DEFAULT NULL,
  `rtt` mediumint DEFAULT NULL,
  `attributes` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `log_scores_archive_server_ts_idx` (`server_id`,`ts`),
  KEY `ts` (`ts`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `log_scores_test` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `monitor_id` int unsigned DEFAULT NULL,
  `server_id` int unsigned NOT NULL,
  `ts` datetime NOT NULL,
  `score` double NOT NULL DEFAULT '0',
  `step` double NOT NULL DEFAULT '0',
  `offset` double DEFAULT NULL,
  `rtt` mediumint DEFAULT NULL,
  `attributes` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `log_scores_test_server_ts_idx` (`server_id`,`ts`),
  KEY `ts` (`ts`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Added by the project (revision 4): the selector's audit record (spec/selector.md D4), one
-- row per status change and tracking write it applied, in the same transaction.
CREATE TABLE IF NOT EXISTS `selector_log` (
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

-- Added by the project (revision 5): monitor-scorer state beside its cursor (spec/scorer.md
-- "Project decisions" B3/B14, B17); see sql/migrations/0005_scorer_state.sql.

-- Id ranges below a scorer's cursor that had no visible log_scores row when the cursor passed
-- them. A transaction that allocated such an id may still commit (B14), so every batch rescans
-- the ranges, scores the rows that appeared and drops a range once it is older than the gap
-- horizon (an insert that was rolled back never fills it).
CREATE TABLE IF NOT EXISTS `scorer_gaps` (
  `scorer_id` int unsigned NOT NULL,
  `first_id` bigint unsigned NOT NULL,
  `last_id` bigint unsigned NOT NULL,
  `first_seen` datetime NOT NULL,
  PRIMARY KEY (`scorer_id`,`first_id`),
  CONSTRAINT `scorer_gaps_scorer_fk` FOREIGN KEY (`scorer_id`) REFERENCES `monitors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A scorer registered by `monitor-scorer setup` that has no scorer_status row yet, because
-- scorer_status.log_score_id must name an existing log_scores row: setup on an empty
-- log_scores, or a start before the first row. Its first batch starts after start_after_id,
-- creates the scorer_status row and deletes this one (B17).
CREATE TABLE IF NOT EXISTS `scorer_pending_start` (
  `scorer_id` int unsigned NOT NULL,
  `start_after_id` bigint unsigned NOT NULL,
  `created_on` datetime NOT NULL,
  PRIMARY KEY (`scorer_id`),
  CONSTRAINT `scorer_pending_start_scorer_fk` FOREIGN KEY (`scorer_id`) REFERENCES `monitors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Added by the project (revision 6): monitor-api's records beside the NTP Pool's tables
-- (spec/api.md "Project decisions", spec/scorer.md B20/B21); see
-- sql/migrations/0006_monitor_api.sql.

-- Every client certificate the in-process CA issued, from the CSR an agent posted to
-- POST /monitor/api/certificate: which monitor identity it names, the API key that asked for
-- it, its serial number and validity. Nothing is ever updated; rows are audit records.
CREATE TABLE IF NOT EXISTS `monitor_certificates` (
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
CREATE TABLE IF NOT EXISTS `monitor_submitted_batches` (
  `monitor_id` int unsigned NOT NULL,
  `batch_id` char(26) NOT NULL,
  `batch_time` datetime(6) NOT NULL,
  `result_count` int unsigned NOT NULL,
  `submitted_on` datetime NOT NULL,
  PRIMARY KEY (`monitor_id`,`batch_id`),
  KEY `monitor_submitted_batches_time` (`monitor_id`,`batch_time`),
  CONSTRAINT `monitor_submitted_batches_monitor_fk` FOREIGN KEY (`monitor_id`) REFERENCES `monitors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
