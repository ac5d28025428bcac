-- monitor-archiver (spec/archiver.md): copies log_scores rows to archive destinations and
-- then deletes them from MySQL.
--
-- Exactly-once protocol (shared by every backend; details at the top of each backend file):
--   * The progress of each destination is its row of log_scores_archive_status: `log_score_id`
--     is the last id it holds (inclusive), `modified_on` the time of its last success (§2.5).
--   * A batch is written to the destination and made durable there FIRST; only then does
--     SetArchiveStatus move the marker, in its own transaction. A crash between the two leaves
--     the marker behind, and the next run repeats the batch; each backend makes that repeat
--     harmless (fileavro: temp file + rename driven by the marker; clickhouse: ids already
--     present are skipped, and the table deduplicates by id).
--   * DeleteArchivedLogScores deletes only below the smallest marker of every archiver, and
--     nothing at all while some archiver has no marker (project decision), so MySQL never
--     loses a row that a destination does not hold yet.
--   * The whole run holds GET_LOCK('archiver-<table>') on a connection of its own (§2.2.3).

-- ---- the run lock (§2.2 step 3) ----

-- 1 when the lock was taken within timeout_s seconds (0: do not wait), 0 when another
-- session holds it, NULL on error.
-- name: AcquireArchiverLock :one
SELECT GET_LOCK(:lock_name /*: varchar */, :timeout_s /*: int unsigned */) AS acquired /*: int null */;

-- 1 while this connection still holds the lock: checked before every marker update, so a
-- run whose lock connection died (and with it the lock) stops instead of racing another run.
-- name: HoldsArchiverLock :one
SELECT IS_USED_LOCK(:lock_name /*: varchar */) = CONNECTION_ID() AS held /*: int null */;

-- name: ReleaseArchiverLock :one
SELECT RELEASE_LOCK(:lock_name /*: varchar */) AS released /*: int null */;

-- ---- progress markers (§2.2 step 4, §2.3 step 7e, §2.5) ----

-- Every archiver's progress row, in processing order: NULL markers first (cleanup and
-- archivers that never ran), then the lowest marker, ties by oldest modified_on (§2.2.4).
-- The times come as Unix seconds of the database's own clock, so the interval check of
-- §2.3.2 does not depend on this host's clock; a zero modified_on reads as 0 ("never").
-- (COALESCE only tells the server's metadata that the columns are never NULL.)
-- name: ListArchiveStatus :many
SELECT id, archiver, log_score_id,
       COALESCE(UNIX_TIMESTAMP(modified_on), 0) AS modified_unix /*: bigint */,
       COALESCE(UNIX_TIMESTAMP(), 0) AS db_now_unix /*: bigint */
FROM log_scores_archive_status
ORDER BY log_score_id, modified_on;

-- Records that `archiver` now holds every row up to log_score_id (inclusive). Run only after
-- the batch is durable in the destination.
-- name: SetArchiveStatus :exec
UPDATE log_scores_archive_status SET log_score_id = :log_score_id, modified_on = NOW()
WHERE archiver = :archiver;

-- The cleanup row keeps no marker; its modified_on is the time of the last cleanup (§4.5).
-- name: SetCleanupStatus :exec
UPDATE log_scores_archive_status SET log_score_id = NULL, modified_on = NOW()
WHERE archiver = 'cleanup';

-- ---- cleanup (§4) ----

-- Deletes up to max_rows of the oldest log_scores that are older than retention_days AND
-- below the marker of every archiver (strict <, so each marker's own row stays for the
-- foreign key). The bound is the smallest marker of all rows except `cleanup`; when any of
-- them is NULL (an archiver that has not archived anything yet) the bound is NULL and
-- nothing is deleted: a NULL marker protects everything (project decision, replacing the
-- original's MIN() that ignored NULLs). No archiver rows at all also deletes nothing.
-- Run repeatedly in bounded chunks until it deletes fewer than max_rows.
-- name: DeleteArchivedLogScores :execrows
DELETE FROM log_scores
WHERE ts < DATE_SUB(NOW(), INTERVAL :retention_days /*: int unsigned */ DAY)
  AND id < (SELECT CASE WHEN COUNT(*) = COUNT(s.log_score_id) THEN MIN(s.log_score_id) END
            FROM log_scores_archive_status s
            WHERE s.archiver <> 'cleanup')
ORDER BY id
LIMIT :max_rows;

-- ---- sources (§2.3 steps 4 and 7a, §2.4) ----
-- One pair of queries per table of the allow-list (§1.2 app_valid_tables), since a table
-- name cannot be a parameter. All three tables have the `rtt` and `attributes` columns
-- (sql/schema.sql), so the original's DESCRIBE-based column detection is not needed.
-- ts comes as Unix seconds (the session runs in UTC); NULL when outside the Unix range.
-- Rows are read in id order in chunks of max_rows; the caller splits a batch into chunks.

-- Rows not archived yet by an archiver whose marker is after_id (0 when it has none).
-- name: CountLogScoresAfter :one
SELECT COUNT(*) AS pending /*: bigint */ FROM log_scores WHERE id > :after_id;

-- name: FetchLogScoresAfter :many
SELECT id, monitor_id, server_id, UNIX_TIMESTAMP(ts) AS ts_unix /*: bigint null */,
       score, step, `offset`, rtt, attributes
FROM log_scores
WHERE id > :after_id
ORDER BY id
LIMIT :max_rows;

-- name: CountLogScoresArchiveAfter :one
SELECT COUNT(*) AS pending /*: bigint */ FROM log_scores_archive WHERE id > :after_id;

-- name: FetchLogScoresArchiveAfter :many
SELECT id, monitor_id, server_id, UNIX_TIMESTAMP(ts) AS ts_unix /*: bigint null */,
       score, step, `offset`, rtt, attributes
FROM log_scores_archive
WHERE id > :after_id
ORDER BY id
LIMIT :max_rows;

-- name: CountLogScoresTestAfter :one
SELECT COUNT(*) AS pending /*: bigint */ FROM log_scores_test WHERE id > :after_id;

-- name: FetchLogScoresTestAfter :many
SELECT id, monitor_id, server_id, UNIX_TIMESTAMP(ts) AS ts_unix /*: bigint null */,
       score, step, `offset`, rtt, attributes
FROM log_scores_test
WHERE id > :after_id
ORDER BY id
LIMIT :max_rows;
