-- Schema bookkeeping for `monitor-admin db migrate` and `db status`.
-- The project's revision is the `schema_revision` row whose schema_name is 'monitor'
-- (the NTP Pool keeps the revisions of its other schemas in the same table).

-- The revision recorded for a schema, if any. Fails with error 1146 when the
-- schema_revision table does not exist yet (an empty database).
-- name: GetSchemaRevision :one
SELECT revision FROM schema_revision WHERE schema_name = :schema_name;

-- Records the revision a schema has been brought to.
-- name: SetSchemaRevision :exec
INSERT INTO schema_revision (schema_name, revision) VALUES (:schema_name, :revision)
ON DUPLICATE KEY UPDATE revision = :revision;

-- Number of monitors; used to tell an existing NTP Pool database (the table exists)
-- from an empty one (error 1146).
-- name: CountMonitors :one
SELECT COUNT(*) AS monitor_count /*: bigint */ FROM monitors;

-- Serialises concurrent migrations of one database (named locks are server-wide, so the
-- name includes the database): 1 when the lock was taken within the timeout, 0 on timeout,
-- NULL on error.
-- name: AcquireMigrationLock :one
SELECT GET_LOCK(CONCAT('ntpmon.schema-migrate.', DATABASE()), :timeout_s /*: int unsigned */) AS acquired /*: int null */;

-- name: ReleaseMigrationLock :one
SELECT RELEASE_LOCK(CONCAT('ntpmon.schema-migrate.', DATABASE())) AS released /*: int null */;

-- The checksum of each procedure file as last installed.
-- name: ListInstalledProcedureFiles :many
SELECT file, checksum, installed_on FROM schema_procedures ORDER BY file;

-- Records that a procedure file was (re)installed with the given checksum.
-- name: RecordProcedureFile :exec
INSERT INTO schema_procedures (file, checksum, installed_on) VALUES (:file, :checksum, UTC_TIMESTAMP())
ON DUPLICATE KEY UPDATE checksum = :checksum, installed_on = UTC_TIMESTAMP();
