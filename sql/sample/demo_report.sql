-- What `make demo` prints once a minute: each server with its overall score (servers.score_raw,
-- set by monitor-scorer's recentmedian scorer), how many measurements it got, and the monitors
-- assigned to it with their per-server status (chosen by monitor-selector) and per-monitor
-- score. @labels (set by scripts/demo.sh) is a JSON object: server IP -> what that server is.
SELECT s.id, s.ip,
       COALESCE(JSON_UNQUOTE(JSON_EXTRACT(@labels, CONCAT('$."', s.ip, '"'))), '') AS kind,
       ROUND(s.score_raw, 1) AS score,
       (SELECT COUNT(*) FROM log_scores ls JOIN monitors lm ON lm.id = ls.monitor_id
        WHERE ls.server_id = s.id AND lm.type = 'monitor') AS checks,
       COALESCE(GROUP_CONCAT(CONCAT(SUBSTRING_INDEX(m.tls_name, '.', 1), ' ', ss.status, ' ',
                                    ROUND(ss.score_raw, 1))
                             ORDER BY FIELD(ss.status, 'active', 'testing', 'candidate', 'paused'), m.id
                             SEPARATOR ', '), '') AS monitors
FROM servers s
LEFT JOIN server_scores ss ON ss.server_id = s.id
LEFT JOIN monitors m ON m.id = ss.monitor_id AND m.type = 'monitor'
WHERE ss.id IS NULL OR m.id IS NOT NULL
GROUP BY s.id
ORDER BY s.id;
