-- monitor-api's HTTP API (spec/api.md §8 as this project serves it, "Project decisions"):
-- registration, API keys, the config endpoint and certificate issuance. The registration
-- states: pending (the agent polls) -> accepted (an operator approved it with monitor-admin,
-- monitors rows exist) -> completed (the agent received its API key, once); or rejected.

-- ---- registration (§8.1) ----

-- The registration of an agent's Registration-ID, locked for this request's changes.
-- Consumed by daemons/monitor-api/registration_endpoint.cpp.
-- name: GetRegistrationByRequestToken :one
SELECT id, verification_token, ip4, ip6, tls_name, account_id, status
FROM monitor_registrations
WHERE request_token = :request_token
FOR UPDATE;

-- The registration a verification URL names (the operator's page).
-- name: GetRegistrationByVerificationToken :one
SELECT id, ip4, ip6, hostname, client, tls_name, account_id, status, created_on, last_seen
FROM monitor_registrations
WHERE verification_token = :verification_token;

-- A new registration from an agent's first request. tls_name is set when the request carried
-- the API key of an existing monitor (a re-registration keeps that identity).
-- name: InsertRegistration :execlastid
INSERT INTO monitor_registrations
  (request_token, verification_token, ip4, ip6, tls_name, hostname, account_id, client, status, last_seen, created_on)
VALUES
  (:request_token, :verification_token, :ip4, :ip6, :tls_name, :hostname, :account_id, :client, 'pending', NOW(), NOW());

-- A later request of a pending registration: the address of the family it came over (the
-- agent asks once per IP family) and when it was last seen.
-- name: UpdateRegistrationSeen :exec
UPDATE monitor_registrations
SET ip4 = :ip4, ip6 = :ip6, client = :client, last_seen = NOW()
WHERE id = :registration_id;

-- The agent received its API key: the registration is done.
-- name: CompleteRegistration :execrows
UPDATE monitor_registrations SET status = 'completed', last_seen = NOW()
WHERE id = :registration_id AND status = 'accepted';

-- The account named by the form field `a` of a registration (its id_token).
-- name: GetAccountByIdToken :one
SELECT id FROM accounts WHERE id_token = :id_token;

-- ---- API keys (stored hashed: token_lookup finds the row, token_hashed proves the key) ----

-- name: InsertApiKey :execlastid
INSERT INTO api_keys (account_id, audience, grants, token_lookup, token_hashed, created_on)
VALUES (:account_id, 'monitor-api', 'monitor', :token_lookup, :token_hashed, NOW());

-- Links a new API key to every current monitors row of the identity (both IP families).
-- name: LinkApiKeyMonitors :execrows
INSERT INTO api_keys_monitors (api_key_id, monitor_id)
SELECT :api_key_id, id FROM monitors WHERE tls_name = :tls_name AND is_current = 1;

-- The keys whose lookup part matches (more than one only by a collision of random prefixes).
-- name: GetApiKeysByLookup :many
SELECT id, account_id, token_hashed FROM api_keys WHERE token_lookup = :token_lookup;

-- The current monitors rows an API key speaks for, deleted ones included (their status says so).
-- name: GetApiKeyMonitors :many
SELECT m.id, m.tls_name, m.ip, m.ip_version, m.status
FROM api_keys_monitors akm
JOIN monitors m ON m.id = akm.monitor_id
WHERE akm.api_key_id = :api_key_id AND m.is_current = 1 AND m.type = 'monitor'
ORDER BY m.id;

-- §8.2: the key was used.
-- name: UpdateApiKeySeen :exec
UPDATE api_keys SET last_seen = NOW() WHERE id = :api_key_id;

-- ---- certificates ----

-- A client certificate the CA issued for a monitor identity (audit record).
-- name: InsertMonitorCertificate :exec
INSERT INTO monitor_certificates (tls_name, api_key_id, serial, key_description, not_before, not_after, created_on)
VALUES (:tls_name, :api_key_id, :serial, :key_description, :not_before, :not_after, NOW());
