-- The ClickHouse table monitor-archiver fills (spec/archiver.md §3.2). The archiver runs this
-- statement (CREATE ... IF NOT EXISTS) every time it sets up its clickhouse destination, in
-- the database named by ch_dsn; an existing table is never altered.
--
-- Columns and types are the original's. Two changes for exactly-once archiving:
--   * ENGINE = ReplacingMergeTree instead of MergeTree: rows with the same sorting key are
--     merged into one. A log score id fixes its server_id and ts, so two copies of one id
--     share the whole key (server_id, ts, id) and are collapsed by background merges.
--   * `id` is appended to ORDER BY for that reason; queries by server_id and ts (the data
--     API's) use the key exactly as before.
-- The archiver itself never inserts an id twice (it skips ids a previous attempt of the same
-- batch already inserted, see sql/clickhouse/archiver.sql), so the engine is the safety net
-- for an insert that lands after the archiver gave up on it. Exact counts before the
-- background merges have run: SELECT ... FROM log_scores FINAL.
--
-- `warning` is never written by the archiver (the original's §2.4 drops it): always NULL.
-- `dt` is the UTC date of `ts`.
-- Works on ClickHouse 18.16 (Debian 12) and later.

-- name: CreateLogScores
CREATE TABLE IF NOT EXISTS log_scores (
  dt Date,
  id UInt64,
  monitor_id UInt32,
  server_id UInt32,
  ts DateTime,
  score Float32,
  step Float32,
  offset Nullable(Float64),
  rtt Nullable(UInt32),
  leap Nullable(UInt8),
  warning Nullable(String),
  error Nullable(String)
) ENGINE = ReplacingMergeTree
PARTITION BY dt
ORDER BY (server_id, ts, id);
