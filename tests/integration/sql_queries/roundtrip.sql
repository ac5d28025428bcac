-- Test-only queries on the real schema for tests/integration/sql_prepare_test.cpp: they take
-- every type class through the generated code, soci and the server and back.

-- name: RtInsertAccount :execlastid
INSERT INTO accounts (name, public_profile, flags, created_on)
VALUES (:name, :public_profile, :flags, :created_on);

-- name: RtInsertMonitor :execlastid
INSERT INTO monitors (id_token, type, account_id, hostname, location, ip, ip_version, tls_name, status, config,
                      last_seen, created_on, is_current)
VALUES (:id_token, :type, :account_id, :hostname, :location, :ip, :ip_version, :tls_name, :status, :config,
        :last_seen, :created_on, :is_current);

-- One monitor with its account (if any).
-- name: RtGetMonitor :one
SELECT m.id, m.id_token, m.type, m.account_id, m.hostname, m.ip, m.ip_version, m.status, m.config,
       m.last_seen, m.last_submit, m.created_on, m.deleted_on, m.is_current,
       a.name AS account_name, a.public_profile
FROM monitors m
  LEFT JOIN accounts a ON a.id = m.account_id
WHERE m.id = :id;

-- name: RtInsertServer :execlastid
INSERT INTO servers (ip, ip_version, account_id, hostname, stratum, netspeed, created_on, score_raw, deletion_on)
VALUES (:ip, :ip_version, :account_id, :hostname, :stratum, :netspeed, :created_on, :score_raw, :deletion_on);

-- name: RtInsertLogScore :execlastid
INSERT INTO log_scores (id, monitor_id, server_id, ts, score, step, `offset`, rtt, attributes)
VALUES (:id, :monitor_id, :server_id, :ts, :score, :step, :offset, :rtt, :attributes);

-- name: RtLogScoresForServer :many
SELECT ls.id, ls.monitor_id, ls.server_id, ls.ts, ls.score, ls.step, ls.`offset`, ls.rtt, ls.attributes,
       s.deletion_on, s.stratum, m.ip_version AS monitor_ip_version
FROM log_scores ls
  JOIN servers s ON s.id = ls.server_id
  LEFT JOIN monitors m ON m.id = ls.monitor_id
WHERE ls.server_id = :server_id AND ls.ts BETWEEN :from AND :to
ORDER BY ls.id;

-- name: RtTouchMonitors :execrows
UPDATE monitors SET last_submit = :now
WHERE status = :status AND (last_submit IS NULL OR last_submit < :now);

-- Literals with ':' and quotes must reach the server untouched.
-- name: RtFindMonitorsByHostname :many
SELECT id, hostname FROM monitors
WHERE hostname = :hostname OR hostname = "x:y 'z'" OR hostname = 'a:b ''c'' \\:d'
ORDER BY id;

-- name: RtMonitorCounts :many
SELECT d.status, d.n, d.newest
FROM (SELECT m.status, COUNT(*) AS n /*: bigint */, MAX(m.last_seen) AS newest /*: datetime(6) null */
      FROM monitors m GROUP BY m.status) AS d
UNION ALL
SELECT 'deleted' AS status /*: monitors.status */, 0 AS n /*: bigint */, NULL AS newest /*: datetime(6) null */
ORDER BY status;

-- Deliberately wrong, for the prepare checker's own test: the struct says NOT NULL but MAX()
-- of an empty table is NULL.
-- name: RtBadNullability :one
SELECT MAX(m.deleted_on) AS newest_deleted /*: datetime */ FROM monitors m;

-- An :exec whose statement returns a row (discarded) and an opaque statement (only annotated
-- parameters).
-- name: RtReleaseTestLock :exec
SELECT RELEASE_LOCK('ntpmon.sqlgen-test');

-- name: RtSetSessionVariable :exec
SET @sqlgen_test = :value /*: bigint */;
