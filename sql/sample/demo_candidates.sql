-- `make demo`: makes every approved monitor a candidate for every server of its IP family, as
-- the NTP Pool's web application does when a monitor or a server is added (the selector
-- never inserts server_scores rows, spec/selector.md §2.4). A candidate pair is handed to its
-- monitor once (queue_ts NULL, spec/scorer.md §3.2); with that measurement the selector sees
-- the monitor and may promote it (candidate -> testing -> active). Idempotent.
INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on)
SELECT m.id, s.id, 0, 'candidate', NOW()
FROM monitors m
JOIN servers s ON s.ip_version = m.ip_version
LEFT JOIN server_scores ss ON ss.monitor_id = m.id AND ss.server_id = s.id
WHERE m.type = 'monitor' AND m.status IN ('active', 'testing') AND m.ip IS NOT NULL
  AND m.deleted_on IS NULL AND s.deletion_on IS NULL AND ss.id IS NULL;
