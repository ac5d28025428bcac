-- monitor-admin commands of monitor-api's area: registrations, monitors, servers, accounts
-- (daemons/monitor-admin/{registrations,monitors,servers,accounts}_commands.cpp).

-- ---- registrations ----

-- Registrations, oldest first; only pending ones unless :include_all is 1.
-- name: ListRegistrations :many
SELECT id, status, ip4, ip6, hostname, client, tls_name, location_code, account_id, created_on, last_seen
FROM monitor_registrations
WHERE status = 'pending' OR :include_all /*: int unsigned */ = 1
ORDER BY id;

-- A registration, locked for the approval or rejection that follows.
-- name: LockRegistration :one
SELECT id, status, ip4, ip6, hostname, tls_name, account_id
FROM monitor_registrations
WHERE id = :registration_id
FOR UPDATE;

-- The approval: the identity and account chosen, the first monitors row; the agent's next
-- poll receives its API key (and completes the registration).
-- name: AcceptRegistration :exec
UPDATE monitor_registrations
SET status = 'accepted', monitor_id = :monitor_id, tls_name = :tls_name, location_code = :location_code,
    account_id = :account_id
WHERE id = :registration_id;

-- name: RejectRegistration :execrows
UPDATE monitor_registrations SET status = 'rejected'
WHERE id = :registration_id AND status IN ('pending', 'accepted');

-- ---- accounts ----

-- name: GetAccountById :one
SELECT id, id_token, name, flags FROM accounts WHERE id = :account_id;

-- name: InsertAccount :execlastid
INSERT INTO accounts (id_token, name, flags, created_on) VALUES (:id_token, :name, :flags, NOW());

-- name: CountAccountsWithIdToken :one
SELECT COUNT(*) AS accounts /*: bigint */ FROM accounts WHERE id_token = :id_token;

-- ---- monitors ----

-- How many monitors rows use a tls_name (0: the name is free). Deleted rows count: a name is
-- never reused for another agent.
-- name: CountMonitorsWithTlsName :one
SELECT COUNT(*) AS monitors /*: bigint */ FROM monitors WHERE tls_name = :tls_name;

-- The current monitor that uses an IP address (unique key `ip` (ip, is_current)).
-- name: FindCurrentMonitorByIp :one
SELECT id, tls_name, ip_version FROM monitors WHERE ip = :ip AND is_current = 1;

-- The row of an identity for one IP family.
-- name: FindMonitorByTlsNameFamily :one
SELECT id, ip, status FROM monitors WHERE tls_name = :tls_name AND ip_version = :ip_version;

-- name: InsertMonitor :execlastid
INSERT INTO monitors (type, account_id, hostname, location, ip, ip_version, tls_name, status, config, created_on, is_current)
VALUES ('monitor', :account_id, :hostname, :location, :ip, :ip_version, :tls_name, :status, '{}', NOW(), 1);

-- A re-registration moved an existing row of the identity to a new address.
-- name: UpdateMonitorAddress :exec
UPDATE monitors
SET ip = :ip, account_id = :account_id, hostname = :hostname, location = :location, status = :status,
    deleted_on = NULL, is_current = 1
WHERE id = :monitor_id;

-- The monitors (type 'monitor') for `monitors list`, by identity and family.
-- name: ListApiMonitors :many
SELECT m.id, m.tls_name, m.ip, m.ip_version, m.status, m.account_id, m.client_version, m.last_seen, m.last_submit
FROM monitors m
WHERE m.type = 'monitor' AND m.is_current = 1
ORDER BY m.tls_name, m.ip_version, m.id;

-- The rows `monitors set-status` acts on: one id, or every row of a tls_name.
-- name: FindMonitorsByIdOrTlsName :many
SELECT id, tls_name, ip_version, status
FROM monitors
WHERE type = 'monitor' AND (id = :monitor_id OR tls_name = :tls_name)
ORDER BY id;

-- Any status but 'deleted' (an undeleted monitor is current again).
-- name: SetMonitorStatus :exec
UPDATE monitors SET status = :status, deleted_on = NULL WHERE id = :monitor_id;

-- spec/api.md §13 item 17: deleting sets the status and deleted_on together.
-- name: DeleteMonitor :exec
UPDATE monitors SET status = 'deleted', deleted_on = NOW() WHERE id = :monitor_id;

-- ---- servers ----

-- name: InsertServer :execlastid
INSERT INTO servers (ip, ip_version, account_id, created_on) VALUES (:ip, :ip_version, :account_id, NOW());

-- The selector reviews a server only when it has this row; next_review NULL = due now.
-- name: InsertServerMonitorReview :exec
INSERT INTO servers_monitor_review (server_id) VALUES (:server_id);

-- name: CountServersWithIp :one
SELECT COUNT(*) AS servers /*: bigint */ FROM servers WHERE ip = :ip;
