-- monitor-scorer (spec/scorer.md §4-§8 with its "Project decisions"): walks log_scores and
-- keeps the `every` and `recentmedian` scores of each server.
--
-- How the rules are split between SQL and C++ (DESIGN.md principle 1):
--   * A batch is one transaction per scorer. It takes the lock on the scorer's monitors row
--     (LockScorer / TryLockScorer), reads its cursor and gaps, fetches up to batch_size rows
--     by id (GetLogScoresAfter) plus the rows that appeared in its gaps
--     (GetLogScoresInScorerGaps), loads the state of the batch's servers with a few set-based
--     queries (the scorer's server_scores rows, its history, for recentmedian the pair
--     statuses and the monitors' recent rows), computes, and writes with four set-based
--     procedures (sql/procedures/scorer_writes.sql), then moves the cursor.
--   * The per-row rules that are sequential by nature are small pure C++ functions in
--     lib/scoring/, unit tested with every vector of §9.3-§9.5:
--       - the `every` recurrence (§5): each score depends on the previous one of the server,
--         in log_scores.id order: recurrence.cpp next_every_score();
--       - the recentmedian choice (§6.1-§6.3 with B7, B9): the newest row of each monitor in
--         the lookback ladder, then the (lower) median: recent_median.cpp
--         recent_candidates() and pick_median(); its attributes (§6.4, B10);
--       - the scorer history (§4.8, with B1/B2: decided on the computed score per (server,
--         scorer), against the last row the scorer wrote, GetScorerHistory): history.cpp
--         record_if_new().
--   * Measured on this machine (2 cores, MariaDB 10.11 on the same host): the original's
--     shape, 4-8 statements per input row, costs ~0.1-0.3 ms per row and per scorer; the
--     target of 20,000 rows/s for both scorers leaves 25 µs. So the per-row state is loaded
--     per batch (one statement each) and the writes go as one JSON document per statement.
--     A recentmedian candidate set read per input row from the (server_id, ts) index reads
--     ~100 rows (2 h of one server's data); the daemon therefore keeps the monitors' rows of
--     the lookback window in memory across batches (daemons/monitor-scorer/recent_rows_cache.h),
--     loading only new time slices and newly inserted rows (GetMonitorRowsBetween,
--     GetMonitorRowsInsertedAfter). Figures: bench/scorer and the numbers in its README.
--
-- No row is skipped (B3/B14): the cursor (scorer_status.log_score_id) is the highest id the
-- scorer has looked at. Every id at or below it that had no visible row when it was passed
-- is recorded in scorer_gaps; each batch rescans those ranges (an INSERT that allocated a
-- lower id may commit after higher ids were scored) and scores what appeared. A range is
-- dropped once it is older than the gap horizon (default 10 min, far beyond the submit
-- path's transactions): an id whose INSERT rolled back never fills. There is no id window
-- and no skip lookup: the fetch reads the next rows in id order, whatever the distance, so
-- the row after a hole is scored (the original's B3 lost it).
--
-- No row twice (B12/B13/B17): the batch holds the lock on the scorer's monitors row from the
-- first statement to COMMIT and moves the cursor in the same transaction. A second process
-- waits (run) or takes another scorer (server, SKIP LOCKED); a killed process leaves nothing
-- behind. Only active scorers with a cursor are run, re-read every round.

-- ---- registry and setup (§4.3, §4.5, B12, B17) ----

-- The scorers to run: active monitors of type 'score' with a cursor, that is a scorer_status
-- row or a pending start (scorer_pending_start, setup on an empty log_scores). Re-read at
-- every round (B12); run in this order, by id (B11). The hostname names the algorithm.
-- name: GetScorers :many
SELECT m.id, m.hostname
FROM monitors m
WHERE m.type = 'score' AND m.status = 'active'
  AND (EXISTS (SELECT 1 FROM scorer_status s WHERE s.scorer_id = m.id)
       OR EXISTS (SELECT 1 FROM scorer_pending_start p WHERE p.scorer_id = m.id))
ORDER BY m.id;

-- Setup (§4.3, B17): the scorer monitor of an algorithm, whatever its status (so setup never
-- adds a second one); the lowest id when there are several.
-- name: FindScorerMonitor :one
SELECT id, status
FROM monitors
WHERE type = 'score' AND hostname = :hostname
ORDER BY id
LIMIT 1;

-- Setup (§4.3): registers an algorithm as a scorer monitor, as the original does.
-- name: InsertScorerMonitor :execlastid
INSERT INTO monitors (type, user_id, account_id, hostname, location, ip, ip_version, tls_name, api_key,
                      status, config, client_version, created_on)
VALUES ('score', NULL, NULL, :hostname, '', NULL, NULL, :tls_name, NULL, 'active', '', '', UTC_TIMESTAMP());

-- Setup: how many cursor rows a scorer has (scorer_status rows and pending starts).
-- name: CountScorerCursors :one
SELECT COALESCE((SELECT COUNT(*) FROM scorer_status s WHERE s.scorer_id = :scorer_id), 0) AS status_rows /*: bigint */,
       COALESCE((SELECT COUNT(*) FROM scorer_pending_start p WHERE p.scorer_id = :scorer_id), 0) AS pending_rows /*: bigint */;

-- Setup: the current end of log_scores, where a new scorer starts (NULL: the table is empty).
-- name: GetLastLogScoreID :one
SELECT MAX(id) AS last_id /*: bigint unsigned null */ FROM log_scores;

-- Setup and a pending scorer's first batch: the cursor row (§4.3 InsertScorerStatus).
-- name: InsertScorerStatus :exec
INSERT INTO scorer_status (scorer_id, log_score_id, modified_on) VALUES (:scorer_id, :log_score_id, UTC_TIMESTAMP());

-- Setup on an empty log_scores, or a start before the first row (B17): the scorer starts
-- after start_after_id; its first batch creates the scorer_status row.
-- name: InsertScorerPendingStart :exec
INSERT INTO scorer_pending_start (scorer_id, start_after_id, created_on)
VALUES (:scorer_id, :start_after_id, UTC_TIMESTAMP());

-- name: DeleteScorerPendingStart :exec
DELETE FROM scorer_pending_start WHERE scorer_id = :scorer_id;

-- `monitor-scorer status`: every cursor with its scorer (the original's `db scorer-status`).
-- name: GetScorerStatusReport :many
SELECT s.scorer_id, m.hostname, m.status, s.log_score_id, s.modified_on
FROM scorer_status s
JOIN monitors m ON m.id = s.scorer_id
ORDER BY s.scorer_id, s.id;

-- §4.4 settings: the "scorer" JSON object ({"batch_size": N}).
-- name: GetScorerSettings :one
SELECT value FROM system_settings WHERE `key` = 'scorer';

-- ---- one batch: the lock and the cursor ----

-- The scorer's lock for one batch (B13): the scorer's monitors row, held until COMMIT. Also
-- re-checks that the scorer is still active (B12). No row: deactivated meanwhile.
-- name: LockScorer :one
SELECT id FROM monitors WHERE id = :scorer_id AND type = 'score' AND status = 'active' FOR UPDATE;

-- The same without waiting: no row when another process holds the scorer (it is skipped
-- this round) or when it was deactivated.
-- name: TryLockScorer :one
SELECT id FROM monitors WHERE id = :scorer_id AND type = 'score' AND status = 'active' FOR UPDATE SKIP LOCKED;

-- The cursor: the highest log_scores id the scorer has looked at. scorer_status.scorer_id is
-- not unique in the NTP Pool schema; with several rows the lowest wins (nothing is skipped)
-- and UpdateScorerCursor moves them all. NULL: no scorer_status row (pending start).
-- name: GetScorerCursor :one
SELECT MIN(log_score_id) AS log_score_id /*: bigint unsigned null */ FROM scorer_status WHERE scorer_id = :scorer_id;

-- name: GetScorerPendingStart :one
SELECT start_after_id FROM scorer_pending_start WHERE scorer_id = :scorer_id;

-- §4.7 UpdateScorerStatus, in the batch transaction.
-- name: UpdateScorerCursor :exec
UPDATE scorer_status SET log_score_id = :log_score_id, modified_on = UTC_TIMESTAMP() WHERE scorer_id = :scorer_id;

-- ---- one batch: the input rows (§4.6 with B3/B14) ----

-- The next rows after the cursor, in id order, ALL of them: rows of scorer monitors (type
-- 'score') are not scored but their ids show which ids exist, so the ids missing in between
-- are known (gaps). A row whose monitor is a regular monitor is scored (from_monitor = 1);
-- server_exists = 0 marks a row whose server no longer exists (possible only with foreign
-- key checks off): it is reported and not scored. attributes are only read for rows that are
-- scored.
-- name: GetLogScoresAfter :many
SELECT ls.id, ls.server_id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt,
       CASE WHEN m.type = 'monitor' THEN ls.attributes END AS attributes /*: text null */,
       COALESCE(m.type = 'monitor', 0) AS from_monitor /*: bool */,
       s.id IS NOT NULL AS server_exists /*: bool */
FROM log_scores ls
LEFT JOIN monitors m ON m.id = ls.monitor_id
LEFT JOIN servers s ON s.id = ls.server_id
WHERE ls.id > :after_id
ORDER BY ls.id
LIMIT :row_limit;

-- The scorer's gaps (see the header), oldest first. expired: older than the gap horizon;
-- after this batch has scored what is in it, the range is dropped.
-- name: GetScorerGaps :many
SELECT first_id, last_id, first_seen,
       COALESCE(first_seen < UTC_TIMESTAMP() - INTERVAL :horizon_s /*: int unsigned */ SECOND, 0) AS expired /*: bool */
FROM scorer_gaps
WHERE scorer_id = :scorer_id
ORDER BY first_id;

-- The rows that appeared in the scorer's gaps since they were recorded (late commits, B14),
-- in id order, with the columns of GetLogScoresAfter.
-- name: GetLogScoresInScorerGaps :many
SELECT ls.id, ls.server_id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt,
       CASE WHEN m.type = 'monitor' THEN ls.attributes END AS attributes /*: text null */,
       COALESCE(m.type = 'monitor', 0) AS from_monitor /*: bool */,
       s.id IS NOT NULL AS server_exists /*: bool */
FROM scorer_gaps g
JOIN log_scores ls ON ls.id >= g.first_id AND ls.id <= g.last_id
LEFT JOIN monitors m ON m.id = ls.monitor_id
LEFT JOIN servers s ON s.id = ls.server_id
WHERE g.scorer_id = :scorer_id
ORDER BY ls.id;

-- name: InsertScorerGap :exec
INSERT INTO scorer_gaps (scorer_id, first_id, last_id, first_seen)
VALUES (:scorer_id, :first_id, :last_id, UTC_TIMESTAMP());

-- A range that was narrowed (rows appeared at its ends) keeps its first_seen.
-- name: InsertScorerGapSeen :exec
INSERT INTO scorer_gaps (scorer_id, first_id, last_id, first_seen)
VALUES (:scorer_id, :first_id, :last_id, :first_seen);

-- name: DeleteScorerGap :exec
DELETE FROM scorer_gaps WHERE scorer_id = :scorer_id AND first_id = :first_id;

-- Join order (measured on 1M log_scores rows, 100 monitors): joined to `monitors` for its
-- type, MariaDB likes to start from monitors (the small table) and read each monitor's rows
-- through the monitor_id index, i.e. the whole table: 8-12 s instead of 0.2-0.4 s for a time
-- slice, and it probes monitors through the (type, status) index, 100 entries per row. So
-- these queries say STRAIGHT_JOIN (log_scores, or server_scores, first) and FORCE INDEX
-- (PRIMARY) for monitors.

-- ---- one batch: the state of its servers ----
-- Plain (consistent) reads only: an INSERT ... SELECT from log_scores would take shared locks
-- on the rows it reads and wait for (and block) submit transactions.

-- The scorer's own server_scores rows, all of them: the previous `every` score and, for
-- both scorers, score_ts (the monotonic guard, B15) and the row id (recentmedian's
-- from_ss_id, §6.4). Only the scorer writes these rows, under its lock; a process reads them
-- when it starts on a scorer, after another process has run it, after a failed batch, and
-- every 10 minutes, and keeps them up to date in memory in between.
-- name: GetScorerServerScores :many
SELECT id, server_id, score_raw, score_ts FROM server_scores WHERE monitor_id = :scorer_id;

-- The scorer history (§4.8 with B1/B2), recomputed from the database: per server of the
-- scorer, the ts and computed score of the last log_scores row the scorer wrote for it (its
-- rows of a server are inserted in processing order and never with an older ts, so the
-- newest by (ts, id) is the last written). A rolled-back batch wrote no row, so the history
-- is as transactional as the rows themselves, and a restart reads the same history. Each
-- server costs one short backward walk of its (server_id, ts) index. Read and kept like the
-- rows above.
-- name: GetScorerHistory :many
SELECT STRAIGHT_JOIN ss.server_id, ls.ts, ls.score
FROM server_scores ss
JOIN log_scores ls ON ls.id = (SELECT x.id FROM log_scores x FORCE INDEX (log_scores_server_ts_idx)
                               WHERE x.server_id = ss.server_id AND x.monitor_id = ss.monitor_id
                               ORDER BY x.ts DESC, x.id DESC
                               LIMIT 1)
WHERE ss.monitor_id = :scorer_id;

-- recentmedian §6.1: the status of every (server, regular monitor) pair. Only the pair status
-- decides; the monitor's own status is not consulted. Read again at most 60 s after the last
-- read (the original read it at scoring time, which for a backlog is unrelated to the time
-- of the measurement anyway).
-- name: GetPairStatuses :many
SELECT STRAIGHT_JOIN ss.server_id, ss.monitor_id, ss.status
FROM server_scores ss
JOIN monitors m FORCE INDEX (PRIMARY) ON m.id = ss.monitor_id AND m.type = 'monitor';

-- ---- recentmedian: the monitors' rows of the lookback window (§6.1) ----
-- The candidates of an input row at ts T are the regular monitors' rows of its server with
-- T - 7200 s <= ts <= T. The daemon keeps them in memory across batches and loads:

-- a time slice of every server (from_ts < ts <= to_ts), leaving out the batch's own id range
-- (after_id, last_id], whose rows the batch already fetched. Read through the `ts` index,
-- whose entries carry the id, so the rows left out cost no row lookup.
-- name: GetMonitorRowsBetween :many
SELECT STRAIGHT_JOIN ls.id, ls.server_id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.rtt, ls.attributes
FROM log_scores ls
JOIN monitors m FORCE INDEX (PRIMARY) ON m.id = ls.monitor_id AND m.type = 'monitor'
WHERE ls.ts > :from_ts AND ls.ts <= :to_ts
  AND (ls.id <= :after_id OR ls.id > :last_id);

-- the rows inserted since the last load (id above the highest id seen then) whose ts falls
-- in the window already in memory (from_ts <= ts <= to_ts).
-- name: GetMonitorRowsInsertedAfter :many
SELECT STRAIGHT_JOIN ls.id, ls.server_id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.rtt, ls.attributes
FROM log_scores ls
JOIN monitors m FORCE INDEX (PRIMARY) ON m.id = ls.monitor_id AND m.type = 'monitor'
WHERE ls.id > :seen_id AND ls.ts >= :from_ts AND ls.ts <= :to_ts;

-- an input row far older than the rest of its batch: its server's window, read directly.
-- name: GetServerMonitorRows :many
SELECT STRAIGHT_JOIN ls.id, ls.server_id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.rtt, ls.attributes
FROM log_scores ls
JOIN monitors m FORCE INDEX (PRIMARY) ON m.id = ls.monitor_id AND m.type = 'monitor'
WHERE ls.server_id = :server_id AND ls.ts >= :from_ts AND ls.ts <= :to_ts;

-- ---- one batch: the writes (sql/procedures/scorer_writes.sql) ----

-- §4.7 getOrCreateScorerServerScore, set-based: the servers of the batch that have no scorer
-- row yet get one at -5 (§8), created 'active' (§4.7 forces scorer rows to active). An
-- existing row is never reset (B13: the original's upsert could set a live score back to -5).
-- name: CreateScorerServerScores :exec
CALL scorer_create_server_scores(:scorer_id /*: int unsigned */, :rows_json /*: text */);

-- §5 / §6.4 output rows that the history found new (§4.8).
-- name: InsertScorerLogScores :exec
CALL scorer_insert_log_scores(:scorer_id /*: int unsigned */, :rows_json /*: text */);

-- The scorer's server_scores rows: final score, status active, score_ts never backwards (B15).
-- name: SaveScorerServerScores :exec
CALL scorer_save_server_scores(:scorer_id /*: int unsigned */, :rows_json /*: text */);

-- recentmedian only: servers.score_raw / score_ts, moving forward in time only (§4.7).
-- name: SaveOverallScores :exec
CALL scorer_save_overall_scores(:rows_json /*: text */);
