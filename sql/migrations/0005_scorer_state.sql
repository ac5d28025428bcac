-- Revision 5: the state monitor-scorer keeps beside its cursor (spec/scorer.md "Project
-- decisions": B3/B14, B17). The scorer reads and writes these rows in its batch
-- transaction, under the lock on its scorer monitor row, so a rolled-back batch leaves no
-- trace and two scorer processes see the same state.

-- Id ranges below a scorer's cursor that had no visible log_scores row when the cursor passed
-- them. A transaction that allocated such an id may still commit (B14), so every batch rescans
-- the ranges, scores the rows that appeared and drops a range once it is older than the gap
-- horizon (an insert that was rolled back never fills it).
CREATE TABLE `scorer_gaps` (
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
CREATE TABLE `scorer_pending_start` (
  `scorer_id` int unsigned NOT NULL,
  `start_after_id` bigint unsigned NOT NULL,
  `created_on` datetime NOT NULL,
  PRIMARY KEY (`scorer_id`),
  CONSTRAINT `scorer_pending_start_scorer_fk` FOREIGN KEY (`scorer_id`) REFERENCES `monitors` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
