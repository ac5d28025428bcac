-- The statements monitor-archiver sends to ClickHouse's HTTP interface (spec/archiver.md §3.2).
-- ClickHouse 18.16 has no bound query parameters: a {name} below is replaced by the archiver
-- with a number or a YYYY-MM-DD date it formats itself, never with text from a row.
--
-- Exactly-once protocol of the clickhouse destination (daemons/monitor-archiver/
-- clickhouse_backend.cpp):
--   1. The batch's rows are read from MySQL (ids first_id..last_id, dates first_day..last_day).
--   2. LogScoreIdsInBatch lists the ids of that range that ClickHouse already holds: rows of
--      an earlier attempt of the same batch whose marker update never happened (a crash, a
--      lost connection, a timeout after ClickHouse had accepted the insert). They are left
--      out of the insert.
--   3. InsertLogScores sends the remaining rows as one RowBinary body; ClickHouse answers
--      HTTP 200 only once they are written.
--   4. Only then the marker in log_scores_archive_status moves to last_id.
-- The dt bounds let ClickHouse read only the batch's partitions; a row's dt follows from its
-- ts, so every copy of a batch's row lies within them.

-- The engine of the table, to warn when an older MergeTree table does not deduplicate.
-- name: LogScoresEngine
SELECT engine FROM system.tables
WHERE database = currentDatabase() AND name = 'log_scores'
FORMAT TabSeparated;

-- name: LogScoreIdsInBatch
SELECT id FROM log_scores
WHERE dt >= '{first_day}' AND dt <= '{last_day}' AND id >= {first_id} AND id <= {last_id}
FORMAT RowBinary;

-- The rows follow in the request body: per row dt (UInt16 days), id (UInt64), monitor_id,
-- server_id (UInt32), ts (UInt32 seconds), score, step (Float32), then offset (Float64), rtt
-- (UInt32, a negative rtt wraps as in the original), leap (UInt8), error (String), each
-- behind a null flag byte. leap 0 and error "" are written as NULL (§3.2).
-- name: InsertLogScores
INSERT INTO log_scores (dt, id, monitor_id, server_id, ts, score, step, offset, rtt, leap, error)
FORMAT RowBinary
