#!/usr/bin/env bash
# `make demo`: the local run of the system. For now: migrate a demo database on the test
# server, load the sample data set and show it. (The end-to-end run of all daemons and
# agents replaces the second half once they exist.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build=$root/$build ;; esac
db=${DEMO_DATABASE:-monitor_demo}
mysql=(mariadb --no-defaults -h127.0.0.1 -P3308 -umonitor -ptest123)

"${mysql[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
export DATABASE_DSN="monitor:test123@tcp(127.0.0.1:3308)/$db"

echo "== monitor-admin db migrate"
"$build/bin/monitor-admin" db migrate
echo "== monitor-admin db status"
"$build/bin/monitor-admin" db status

echo "== loading sql/sample/demo.sql"
"${mysql[@]}" "$db" < "$root/sql/sample/demo.sql"

echo "== servers, monitors and the newest measurements"
"${mysql[@]}" -t "$db" < "$root/sql/sample/demo_report.sql"
