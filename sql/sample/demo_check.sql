-- The end-to-end test's expectations after a time-scaled demo run (issue 8). One row per
-- failed expectation; no rows means the run passed. Session variables set by scripts/demo.sh:
--   @labels    JSON object: server IP -> 'good', '100ms', '2s' or 'silent'
--   @good_min  the score every good server must exceed (10)
WITH labelled AS (
  SELECT s.id, s.ip, s.score_raw,
         JSON_UNQUOTE(JSON_EXTRACT(@labels, CONCAT('$."', s.ip, '"'))) AS kind
  FROM servers s
),
good AS (SELECT MIN(score_raw) AS lowest FROM labelled WHERE kind = 'good')
SELECT l.ip, l.kind, ROUND(l.score_raw, 2) AS score,
       CASE
         WHEN l.kind = 'good' AND NOT l.score_raw > @good_min
           THEN CONCAT('a good server must score above ', @good_min)
         WHEN l.kind IN ('2s', 'silent') AND NOT l.score_raw < 0
           THEN 'a bad server must score below 0'
         WHEN l.kind = '100ms' AND NOT (l.score_raw > 0 AND l.score_raw < (SELECT lowest FROM good))
           THEN 'the 100 ms server must score between the bad and the good servers'
         ELSE 'no monitor chosen by the selector is active or testing'
       END AS problem
FROM labelled l
WHERE (l.kind = 'good' AND NOT l.score_raw > @good_min)
   OR (l.kind IN ('2s', 'silent') AND NOT l.score_raw < 0)
   OR (l.kind = '100ms' AND NOT (l.score_raw > 0 AND l.score_raw < (SELECT lowest FROM good)))
   OR NOT EXISTS (
        -- an active or testing pair whose status the selector set (its audit record, selector_log)
        SELECT 1 FROM server_scores ss
        JOIN selector_log sl ON sl.server_id = ss.server_id AND sl.monitor_id = ss.monitor_id
                            AND sl.kind = 'status_change' AND sl.to_status = ss.status
        WHERE ss.server_id = l.id AND ss.status IN ('active', 'testing'))
ORDER BY l.id;
