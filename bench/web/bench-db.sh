#!/usr/bin/env bash
# bench-web's own MariaDB server: like scripts/test-db.sh, but with a buffer pool that holds
# the 1.5 GB data set (the test server's 512 MB does not, and the benchmark would measure page
# reads instead of monitor-web), on its own port and data directory, so the 10M-row data set
# neither loads nor evicts the shared test server. The data directory is kept between runs.
# Usage: bench/web/bench-db.sh start|stop|status
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
port=${BENCH_WEB_DB_PORT:-3318}
base=${BENCH_WEB_DB_DIR:-$root/build/bench-web-db}
buffer_pool=${BENCH_WEB_BUFFER_POOL:-2G}
datadir=$base/data
sock=$base/mysqld.sock
log=$base/mysqld.log

die() { echo "bench-db: $*" >&2; exit 1; }
admin() { mariadb --no-defaults --protocol=socket --socket="$sock" -uroot "$@"; }
running() { [ -S "$sock" ] && mariadb-admin --no-defaults --protocol=socket --socket="$sock" -uroot ping >/dev/null 2>&1; }

start() {
  if running; then echo "bench-db: running on 127.0.0.1:$port"; return 0; fi
  mkdir -p "$base"
  if [ ! -d "$datadir/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$datadir" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >"$base/install.log" 2>&1 || die "mariadb-install-db failed; see $base/install.log"
  fi
  rm -f "$sock"
  # The server outlives this script: it must not inherit its descriptors, above all not the
  # one of `flock /work/bench.lock`, or it would hold that lock until it is stopped.
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid /usr/sbin/mariadbd --no-defaults \
    --datadir="$datadir" --socket="$sock" --pid-file="$base/mysqld.pid" --log-error="$log" \
    --port="$port" --bind-address=127.0.0.1 --user=root \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \
    --sql-mode=TRADITIONAL,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO \
    --innodb-buffer-pool-size="$buffer_pool" --innodb-log-file-size=512M --innodb-flush-log-at-trx-commit=2 \
    --max-connections=200 --skip-log-bin --skip-name-resolve </dev/null >>"$log" 2>&1
  ) &
  for _ in $(seq 1 300); do
    running && break
    sleep 0.1
  done
  running || die "mariadbd did not answer within 30 s; see $log"
  admin <<SQL
CREATE USER IF NOT EXISTS 'monitor'@'127.0.0.1' IDENTIFIED BY 'test123';
GRANT ALL PRIVILEGES ON *.* TO 'monitor'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  echo "bench-db: running on 127.0.0.1:$port (buffer pool $buffer_pool, data in $datadir)"
}

stop() {
  if ! running; then echo "bench-db: not running"; return 0; fi
  mariadb-admin --no-defaults --protocol=socket --socket="$sock" -uroot shutdown
  for _ in $(seq 1 300); do
    [ -f "$base/mysqld.pid" ] || break
    sleep 0.1
  done
  echo "bench-db: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "bench-db: running on 127.0.0.1:$port"; else echo "bench-db: not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
