#!/usr/bin/env bash
# The test database: MariaDB on 127.0.0.1:3308, database monitor_test, user monitor/test123.
# No Docker, no systemd: a private data directory under build/ and mariadbd in the background.
# Usage: scripts/test-db.sh start|stop|status|reset
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${TEST_DB_PORT:-3308}
base=${TEST_DB_DIR:-$root/build/test-db}
datadir=$base/data
sock=$base/mysqld.sock
pidfile=$base/mysqld.pid
log=$base/mysqld.log
db=monitor_test
user=monitor
pass=test123

die() { echo "test-db: $*" >&2; exit 1; }

server_args=(
  --no-defaults
  --datadir="$datadir" --socket="$sock" --pid-file="$pidfile" --log-error="$log"
  --port="$port" --bind-address=127.0.0.1 --user=root
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
  --default-time-zone=+00:00
  --sql-mode=TRADITIONAL,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO
  --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2
  --max-connections=500 --skip-log-bin --skip-name-resolve
)

admin() { mariadb --no-defaults --protocol=socket --socket="$sock" -uroot "$@"; }

running() { [ -S "$sock" ] && mariadb-admin --no-defaults --protocol=socket --socket="$sock" -uroot ping >/dev/null 2>&1; }

create_database() {
  admin <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$pass';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$pass';
-- Tests create a fresh database per test binary, so the test user may create and drop any.
GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$user'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
}

start() {
  if running; then echo "test-db: already running on 127.0.0.1:$port"; return 0; fi
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || die "mariadbd not installed (run scripts/install-deps.sh)"
  mkdir -p "$base"
  if [ ! -d "$datadir/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$datadir" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >"$base/install.log" 2>&1 || die "mariadb-install-db failed; see $base/install.log"
  fi
  rm -f "$sock"
  # setsid: the server outlives the shell that started it and ignores its terminal's signals.
  setsid /usr/sbin/mariadbd "${server_args[@]}" </dev/null >>"$log" 2>&1 &
  for _ in $(seq 1 300); do
    running && break
    sleep 0.1
  done
  running || die "mariadbd did not answer within 30 s; see $log"
  create_database
  echo "test-db: running on 127.0.0.1:$port (database $db, user $user)"
}

stop() {
  if ! running; then echo "test-db: not running"; return 0; fi
  mariadb-admin --no-defaults --protocol=socket --socket="$sock" -uroot shutdown
  for _ in $(seq 1 300); do
    [ -f "$pidfile" ] || break
    sleep 0.1
  done
  echo "test-db: stopped"
}

status() {
  if running; then
    echo "test-db: running on 127.0.0.1:$port, data in $datadir"
  else
    echo "test-db: not running"; return 3
  fi
}

reset() {
  running || start
  admin -e "DROP DATABASE IF EXISTS \`$db\`"
  create_database
  echo "test-db: database $db recreated"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset) reset ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
