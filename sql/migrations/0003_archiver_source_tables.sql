-- Revision 3: the archiver's other source tables. monitor-archiver reads log_scores, or with
-- `-t` one of the other tables of its allow-list (spec/archiver.md §1.2 app_valid_tables):
-- log_scores_archive and log_scores_test. They have the columns of log_scores (so the same
-- row mapping of §2.4 applies) and no foreign keys (they hold rows of any age). On an NTP
-- Pool database that already has them, IF NOT EXISTS leaves them as they are.
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
