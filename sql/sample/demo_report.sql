-- What `make demo` prints: each server with its overall score and the monitors watching it
-- (per-server status and per-monitor score), the monitors, and the newest measurements.

SELECT s.id, s.ip, s.hostname, ROUND(s.score_raw, 1) AS score, s.in_pool,
       GROUP_CONCAT(CONCAT(COALESCE(m.hostname, '?'), '/', COALESCE(m.ip_version, '-'), ' ', ss.status,
                           ' ', ROUND(ss.score_raw, 1))
                    ORDER BY m.id SEPARATOR ', ') AS monitors
FROM servers s
LEFT JOIN server_scores ss ON ss.server_id = s.id
LEFT JOIN monitors m ON m.id = ss.monitor_id AND m.type = 'monitor'
GROUP BY s.id
ORDER BY s.id;

SELECT id, type, hostname, ip, ip_version, status, tls_name FROM monitors ORDER BY id;

SELECT id, server_id, monitor_id, ts, score, step, `offset`, rtt FROM log_scores ORDER BY id DESC LIMIT 10;
