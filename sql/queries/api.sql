-- monitor-api: the agent RPCs GetConfig, GetServers and SubmitResults (spec/api.md §3-§6,
-- spec/scorer.md §2-§3 with the project's fixes B20-B23).
--
-- How the rules are split between SQL and C++ (DESIGN.md principle 1):
--   * who a caller is and whether it may work (§3.5-§3.6), which servers are due (§3.2), and
--     every write are the named statements below;
--   * the step function and the per-monitor recurrence (§2.5-§2.6) are sequential per status
--     and shared with the scorers' tests, so they are the pure C++ functions of lib/scoring/
--     (compute_step, next_monitor_score), fed by GetSubmitTargets and written back by
--     UpdateSubmittedServerScores and InsertSubmittedLogScores;
--   * the config merge (§6.2, RFC 7386) is C++ (daemons/monitor-api/operational_config.cpp).
--
-- Several statements take a whole list as one JSON array parameter and unpack it with a
-- recursive common table expression (`idx` counts 0..n-1, JSON_EXTRACT picks element n), so a
-- SubmitResults call costs a fixed handful of statements instead of several per result
-- (measured: bench/api). The array itself is never a column of a CTE or
-- derived table, and every string column there is CAST to a short CHAR: MariaDB turns a string
-- column longer than 512 characters of an internal temporary table into a BLOB, and a table
-- with a BLOB goes to disk (a file created and removed per statement; bench/api measured it as
-- the largest cost of a submit). Every value inside those arrays is a JSON
-- string ("" for SQL NULL), converted by the server on assignment, so doubles travel as the
-- shortest text that reads back to the same double. (JSON_TABLE would say this more directly
-- but sqlgen does not parse it.)

-- ---- identity and gating (§3.5, §3.6) ----

-- §3.5: the monitor row of an authenticated identity (the client certificate's tls_name) and
-- the request's mon_id, with its account. mon_id '' matches any row of the tls_name (the
-- lowest id is taken, so the answer is at least stable). Only current, not deleted rows.
-- Consumed by daemons/monitor-api/monitor_lookup.cpp.
-- name: GetMonitorTLSNameIP :one
SELECT m.id, m.type, m.account_id, m.ip, m.ip_version, m.tls_name, m.status, m.config,
       m.client_version, m.last_submit, a.id_token AS account_id_token
FROM monitors m
LEFT JOIN accounts a ON a.id = m.account_id
WHERE m.tls_name = :tls_name
  AND (m.ip = :mon_id OR :mon_id = '')
  AND m.is_current = 1
  AND m.deleted_on IS NULL
ORDER BY m.id
LIMIT 1;

-- §4.3 step 2, §4.4 step 1: a live monitor called in. (Unlike the original, a monitor that is
-- refused for its status is not touched: a refused call writes nothing.)
-- name: UpdateMonitorSeen :exec
UPDATE monitors SET last_seen = NOW(6) WHERE id = :monitor_id;

-- §3.7: the agent version from the User-Agent of GetConfig, written only when it changed.
-- name: UpdateMonitorClientVersion :exec
UPDATE monitors SET client_version = :client_version
WHERE id = :monitor_id AND client_version <> :client_version;

-- ---- operational config (§6) ----

-- §6.2: the defaults row of an IP family (`settings-v4.system` / `settings-v6.system`). The
-- defaults apply only when exactly one such row exists, so at most two are read.
-- name: GetMonitorSystemConfig :many
SELECT config FROM monitors
WHERE tls_name = :tls_name AND is_current = 1 AND deleted_on IS NULL
LIMIT 2;

-- §4.4 step 2 / §6.3: the GetServers intervals and batch size (key 'monitors').
-- name: GetSystemSettingValue :one
SELECT value FROM system_settings WHERE `key` = :setting_key;

-- ---- GetServers (§4.4, scorer.md §3) ----

-- scorer.md §3.2: the servers a monitor should check next. A pair (this monitor, server) of
-- the monitor's IP family is due when
--   * it was never handed out (queue_ts NULL), or
--   * it is active with a score above -90 and was handed out more than :interval_s seconds ago
--     (interval_active for an active monitor, interval_testing for a testing one), or
--   * it is testing with a score above -90 and was handed out more than :interval_testing_s ago,
--   * or whatever its status and score, it was handed out more than 120 minutes ago;
-- and the server's overall score is older than :interval_all_s (the global gate: a server
-- scored moments ago is handed to no monitor) and the server is not deleted (deletion_on is
-- a DATE, so a deletion today already counts). Oldest hand-out first (NULL first), at most
-- :batch_size servers. Only pairs that have a server_scores row can be returned.
-- name: GetServers :many
SELECT s.id AS server_id, s.ip
FROM server_scores ss
JOIN servers s ON s.id = ss.server_id
WHERE ss.monitor_id = :monitor_id
  AND s.ip_version = :ip_version
  AND (ss.queue_ts IS NULL
       OR (ss.score_raw > -90 AND ss.status = 'active'
           AND ss.queue_ts < NOW() - INTERVAL :interval_s /*: int unsigned */ SECOND)
       OR (ss.score_raw > -90 AND ss.status = 'testing'
           AND ss.queue_ts < NOW() - INTERVAL :interval_testing_s /*: int unsigned */ SECOND)
       OR ss.queue_ts < NOW() - INTERVAL 120 MINUTE)
  AND (s.score_ts IS NULL OR s.score_ts < NOW() - INTERVAL :interval_all_s /*: int unsigned */ SECOND)
  AND (s.deletion_on IS NULL OR s.deletion_on > NOW())
ORDER BY ss.queue_ts
LIMIT :batch_size;

-- scorer.md §3.1 step 6b: stamps the hand-out time on the pairs just returned (a JSON array
-- of their server ids), in the same transaction; never moves queue_ts backwards.
-- name: UpdateServerScoreQueue :execrows
UPDATE server_scores ss
JOIN (
  WITH RECURSIVE idx (n) AS (SELECT 0 AS n /*: int unsigned */ UNION ALL SELECT idx.n + 1 AS n /*: int unsigned */ FROM idx WHERE idx.n + 1 < JSON_LENGTH(:server_ids_json /*: text */))
  SELECT CAST(JSON_UNQUOTE(JSON_EXTRACT(:server_ids_json, CONCAT('$[', idx.n, ']'))) AS UNSIGNED) AS server_id /*: int unsigned */
  FROM idx
  WHERE idx.n < JSON_LENGTH(:server_ids_json)
) AS picked ON ss.server_id = picked.server_id
SET ss.queue_ts = NOW()
WHERE ss.monitor_id = :monitor_id AND (ss.queue_ts < NOW() OR ss.queue_ts IS NULL);

-- ---- SubmitResults (§4.5, scorer.md §2 with B20/B21) ----

-- Serialises the submits of one monitor and re-reads its status and last_submit inside the
-- transaction: the batch-order rule (§4.5 step 4) and the replay check see every batch of
-- this monitor that committed before.
-- name: LockMonitorForSubmit :one
SELECT id, status, last_submit FROM monitors WHERE id = :monitor_id FOR UPDATE;

-- B20: records the batch; 0 rows when (monitor, batch id) was submitted before (a replay,
-- refused).
-- name: InsertSubmittedBatch :execrows
INSERT IGNORE INTO monitor_submitted_batches (monitor_id, batch_id, batch_time, result_count, submitted_on)
VALUES (:monitor_id, :batch_id, :batch_time, :result_count, NOW());

-- B20: batches older than the new last_submit are refused by the ordering rule anyway; their
-- replay records are no longer needed.
-- name: DeleteSupersededBatches :exec
DELETE FROM monitor_submitted_batches WHERE monitor_id = :monitor_id AND batch_time < :batch_time;

-- §4.5 step 5, moved into the transaction (B20): last_submit only moves when the batch
-- commits.
-- name: UpdateMonitorSubmit :exec
UPDATE monitors SET last_submit = :batch_time, last_seen = NOW(6) WHERE id = :monitor_id;

-- scorer.md §2.3 steps 3-4 for every status at once: the servers (by exact IP text, a JSON
-- array of distinct addresses) and this monitor's server_scores row for each. An address
-- without a servers row is missing from the result; a server without a pair row has NULL
-- pair columns. The caller refuses the whole batch in both cases (B21).
-- name: GetSubmitTargets :many
WITH RECURSIVE idx (n) AS (
  SELECT 0 AS n /*: int unsigned */
  UNION ALL
  SELECT idx.n + 1 AS n /*: int unsigned */ FROM idx WHERE idx.n + 1 < JSON_LENGTH(:ips_json /*: text */)
)
SELECT s.id AS server_id, s.ip, s.stratum AS server_stratum,
       ss.id AS server_score_id, ss.score_raw, ss.stratum AS pair_stratum
FROM idx
JOIN servers s ON s.ip = JSON_UNQUOTE(JSON_EXTRACT(:ips_json, CONCAT('$[', idx.n, ']')))
LEFT JOIN server_scores ss ON ss.server_id = s.id AND ss.monitor_id = :monitor_id
WHERE idx.n < JSON_LENGTH(:ips_json);

-- scorer.md §2.3 steps 7-8: the new per-monitor score and score_ts of each pair, and its
-- stratum when the batch carried a valid one (B22). One element per pair:
-- [server_scores.id, score_raw, score_ts, stratum or ""].
-- name: UpdateSubmittedServerScores :execrows
UPDATE server_scores ss
JOIN (
  WITH RECURSIVE idx (n) AS (SELECT 0 AS n /*: int unsigned */ UNION ALL SELECT idx.n + 1 AS n /*: int unsigned */ FROM idx WHERE idx.n + 1 < JSON_LENGTH(:rows_json /*: text */))
  SELECT CAST(JSON_UNQUOTE(JSON_EXTRACT(:rows_json, CONCAT('$[', idx.n, '][0]'))) AS UNSIGNED) AS id /*: bigint unsigned */,
         CAST(JSON_UNQUOTE(JSON_EXTRACT(:rows_json, CONCAT('$[', idx.n, '][1]'))) AS CHAR(32)) AS score_raw /*: text */,
         CAST(JSON_UNQUOTE(JSON_EXTRACT(:rows_json, CONCAT('$[', idx.n, '][2]'))) AS CHAR(32)) AS score_ts /*: text */,
         CAST(NULLIF(JSON_UNQUOTE(JSON_EXTRACT(:rows_json, CONCAT('$[', idx.n, '][3]'))), '') AS CHAR(8)) AS stratum /*: text null */
  FROM idx
  WHERE idx.n < JSON_LENGTH(:rows_json)
) AS u ON ss.id = u.id
SET ss.score_raw = u.score_raw, ss.score_ts = u.score_ts, ss.stratum = COALESCE(u.stratum, ss.stratum)
WHERE ss.monitor_id = :monitor_id;

-- scorer.md §2.3 step 7 (with B22): a server's stratum, written only when it differs.
-- name: UpdateServerStratum :exec
UPDATE servers SET stratum = :stratum
WHERE id = :server_id AND (stratum <> :stratum OR stratum IS NULL);

-- scorer.md §2.7: the log_scores rows of the batch, in list order, by the procedure of
-- sql/procedures/api_writes.sql (single-row INSERTs, one round trip; see there why).
-- name: InsertSubmittedLogScores :exec
CALL api_insert_log_scores(:monitor_id /*: int unsigned */, :rows_json /*: text */);
