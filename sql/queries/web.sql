-- Read-only queries of monitor-web: the public score history (NTP Pool data-API compatible)
-- and the status pages (shared/spec/scores-api.md §6). Every history query reads
-- log_scores through its (server_id, ts) index (log_scores_server_ts_idx) and breaks ties in
-- ts by id in the same direction (§1.3.3, §6.4 D5). Monitor names come from a LEFT JOIN so a
-- row whose monitor row is missing still shows (with an empty name, §2.2).

-- The server a path names by its id (§1.3.1 rule 1, §1.4 find). Whether a deleted server is
-- still shown depends on the endpoint (§6.3), so deletion_on is returned, not filtered.
-- name: GetWebServerById :one
SELECT id, ip, ip_version, hostname, in_pool, netspeed, score_raw, score_ts, deletion_on, account_id
FROM servers
WHERE id = :id;

-- The server with this canonical IP text (§1.3.1 rule 2: servers.ip holds the canonical form).
-- name: GetWebServerByIp :one
SELECT id, ip, ip_version, hostname, in_pool, netspeed, score_raw, score_ts, deletion_on, account_id
FROM servers
WHERE ip = :ip;

-- The server with this hostname, for the web paths only (§1.4 find): the first by deletion_on
-- (servers never deleted first), then by id.
-- name: GetWebServerByHostname :one
SELECT id, ip, ip_version, hostname, in_pool, netspeed, score_raw, score_ts, deletion_on, account_id
FROM servers
WHERE hostname = :hostname
ORDER BY deletion_on, id
LIMIT 1;

-- monitor=<name> (§1.3.2, fix D1 of §6.7): the current, not deleted monitor row whose
-- tls_name starts with "<name>." (case-insensitive through the collation; the caller has
-- rejected names with LIKE wildcards, dots or spaces), of the server's IP family or of no
-- family (scorer rows have ip_version NULL); the exact family first, then the lowest id.
-- name: FindMonitorIdByName :one
SELECT id
FROM monitors
WHERE tls_name LIKE CONCAT(:name /*: varchar */, '.%')
  AND (ip_version = :ip_version OR ip_version IS NULL)
  AND is_current = 1
  AND status <> 'deleted'
ORDER BY ip_version IS NULL, id
LIMIT 1;

-- The default monitor of the history (§1.3.2, §6.3): the recentmedian scorer, whose rows are
-- the server's overall score, with the same family rule as FindMonitorIdByName. None -> the
-- caller does not filter by monitor (as the original).
-- name: FindDefaultScorerId :one
SELECT id
FROM monitors
WHERE type = 'score'
  AND tls_name = 'recentmedian.scores.ntp.dev'
  AND (ip_version = :ip_version OR ip_version IS NULL)
  AND is_current = 1
  AND status <> 'deleted'
ORDER BY ip_version IS NULL, id
LIMIT 1;

-- Recent mode (§1.3.3): the server's rows newer than the cutoff (now - 4 days, strict),
-- newest first, at most :row_limit. :monitor_id NULL -> every monitor's rows.
-- name: ListRecentHistory :many
SELECT ls.id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt, ls.attributes,
       m.tls_name AS monitor_tls_name, m.location AS monitor_location
FROM log_scores ls
LEFT JOIN monitors m ON m.id = ls.monitor_id
WHERE ls.server_id = :server_id
  AND ls.ts > :cutoff
  AND (:monitor_id /*: int unsigned null */ IS NULL OR ls.monitor_id = :monitor_id)
ORDER BY ls.ts DESC, ls.id DESC
LIMIT :row_limit;

-- Since mode (§1.3.3): the rows after :since (strict, no upper bound), oldest first, at most
-- :row_limit.
-- name: ListHistorySince :many
SELECT ls.id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt, ls.attributes,
       m.tls_name AS monitor_tls_name, m.location AS monitor_location
FROM log_scores ls
LEFT JOIN monitors m ON m.id = ls.monitor_id
WHERE ls.server_id = :server_id
  AND ls.ts > :since
  AND (:monitor_id /*: int unsigned null */ IS NULL OR ls.monitor_id = :monitor_id)
ORDER BY ls.ts, ls.id
LIMIT :row_limit;

-- Full history (§1.3.2 full_history, loopback clients only): every row MySQL still holds,
-- oldest first, no limit.
-- name: ListFullHistory :many
SELECT ls.id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt, ls.attributes,
       m.tls_name AS monitor_tls_name, m.location AS monitor_location
FROM log_scores ls
LEFT JOIN monitors m ON m.id = ls.monitor_id
WHERE ls.server_id = :server_id
  AND (:monitor_id /*: int unsigned null */ IS NULL OR ls.monitor_id = :monitor_id)
ORDER BY ls.ts, ls.id;

-- Range mode of the Grafana endpoint (§1.7 E7): from <= ts <= to, oldest first, at most
-- :row_limit. E7 shows numbers only: no attributes, no monitor names.
-- name: ListHistoryRange :many
SELECT ls.id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt
FROM log_scores ls
WHERE ls.server_id = :server_id
  AND ls.ts BETWEEN :from_ts AND :to_ts
  AND (:monitor_id /*: int unsigned null */ IS NULL OR ls.monitor_id = :monitor_id)
ORDER BY ls.ts, ls.id
LIMIT :row_limit;

-- ListRecentHistory for the outputs that show numbers only (the JSON history, the graph):
-- the same rows without attributes and monitor names, a third less to send and convert for
-- up to 10,000 rows.
-- name: ListRecentHistoryNumbers :many
SELECT ls.id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt
FROM log_scores ls
WHERE ls.server_id = :server_id
  AND ls.ts > :cutoff
  AND (:monitor_id /*: int unsigned null */ IS NULL OR ls.monitor_id = :monitor_id)
ORDER BY ls.ts DESC, ls.id DESC
LIMIT :row_limit;

-- ListHistorySince for the numbers-only outputs.
-- name: ListHistorySinceNumbers :many
SELECT ls.id, ls.monitor_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt
FROM log_scores ls
WHERE ls.server_id = :server_id
  AND ls.ts > :since
  AND (:monitor_id /*: int unsigned null */ IS NULL OR ls.monitor_id = :monitor_id)
ORDER BY ls.ts, ls.id
LIMIT :row_limit;

-- The server's server_scores rows with their monitors (§3.3): the JSON history keeps those
-- whose monitor appears in its rows; the page's legend and graph use the same set.
-- name: ListServerScores :many
SELECT ss.monitor_id, m.type AS monitor_type, m.tls_name AS monitor_tls_name,
       m.location AS monitor_location, ss.score_raw, ss.score_ts, ss.status
FROM server_scores ss
JOIN monitors m ON m.id = ss.monitor_id
WHERE ss.server_id = :server_id
ORDER BY ss.monitor_id;

-- E4 /scores/<ip>/monitors (§1.5, §3.4): the server's server_scores rows (monitors and
-- scorers) scored after the cutoff (now - 120 days), by monitor id.
-- name: ListRecentServerScores :many
SELECT ss.monitor_id, m.type AS monitor_type, m.tls_name AS monitor_tls_name,
       m.location AS monitor_location, ss.score_raw, ss.score_ts, ss.status
FROM server_scores ss
JOIN monitors m ON m.id = ss.monitor_id
WHERE ss.server_id = :server_id
  AND ss.score_ts > :cutoff
ORDER BY ss.monitor_id;

-- The account line of the page (§4.1 item 4): only an account with a public profile.
-- name: GetPublicAccount :one
SELECT id, name, id_token
FROM accounts
WHERE id = :id
  AND public_profile = 1;

-- The zones line of the page (§4.1 item 5).
-- name: ListServerZoneNames :many
SELECT z.name
FROM server_zones sz
JOIN zones z ON z.id = sz.zone_id
WHERE sz.server_id = :server_id
ORDER BY z.name;

-- The overview page: one page of servers by id after :after_id, each with the number of
-- monitors (type 'monitor', not scorers) active and testing for it.
-- name: ListServersOverview :many
SELECT s.id, s.ip, s.ip_version, s.hostname, s.in_pool, s.netspeed, s.score_raw, s.score_ts,
       s.deletion_on, s.account_id,
       COUNT(CASE WHEN m.type = 'monitor' AND ss.status = 'active' THEN 1 END) AS active_monitors /*: bigint */,
       COUNT(CASE WHEN m.type = 'monitor' AND ss.status = 'testing' THEN 1 END) AS testing_monitors /*: bigint */
FROM servers s
LEFT JOIN server_scores ss ON ss.server_id = s.id
LEFT JOIN monitors m ON m.id = ss.monitor_id
WHERE s.id > :after_id
GROUP BY s.id
ORDER BY s.id
LIMIT :page_size;

-- The monitors page: every monitor row (one per agent and IP family) with its account.
-- name: ListMonitorsForStatusPage :many
SELECT m.id, m.tls_name, m.location, m.ip_version, m.status, m.last_seen, m.last_submit,
       m.client_version, a.name AS account_name
FROM monitors m
LEFT JOIN accounts a ON a.id = m.account_id
WHERE m.type = 'monitor'
ORDER BY m.id;

-- The selector page: the server's monitors with their status for this server, the monitor's
-- own status and the selector's constraint tracking (selector.md).
-- name: ListServerMonitorSelection :many
SELECT ss.monitor_id, m.type AS monitor_type, m.tls_name AS monitor_tls_name,
       m.location AS monitor_location, m.status AS monitor_status, m.ip_version AS monitor_ip_version,
       ss.status, ss.score_raw, ss.score_ts, ss.constraint_violation_type,
       ss.constraint_violation_since, ss.pause_reason
FROM server_scores ss
JOIN monitors m ON m.id = ss.monitor_id
WHERE ss.server_id = :server_id
ORDER BY ss.monitor_id;

-- When the selector last reviewed the server and will next.
-- name: GetServerMonitorReview :one
SELECT last_review, next_review
FROM servers_monitor_review
WHERE server_id = :server_id;

-- The selector's latest decisions about a server's monitors, from its audit record
-- (selector.md D4, table selector_log): the newest :row_limit rows through the
-- (server_id, created_on) index, newest first; the page shows the last few per monitor.
-- name: ListRecentSelectorDecisions :many
SELECT id, monitor_id, kind, rule, action, from_status, to_status, violation_type, reason, created_on
FROM selector_log
WHERE server_id = :server_id
ORDER BY created_on DESC, id DESC
LIMIT :row_limit;
