-- Settings every new database connection runs before it is used (lib/db/connect.cpp).

-- Every connection works in UTC: DATETIME columns are written and read as UTC, whatever the
-- server's default time zone, so timestamps mean the same on every host.
-- name: SetSessionTimeZoneUtc :exec
SET time_zone = '+00:00';
