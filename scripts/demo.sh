#!/usr/bin/env bash
# `make demo`: the whole monitoring system on this machine (issue 8), and the run the
# end-to-end test drives (tests/e2e). Needs root (port 123, addresses on lo, a private /etc/hosts
# for the agents). Usage: scripts/demo.sh [build dir]   (default build/)
#
# It migrates a demo database on the test server, makes the CA and monitor-api's certificate,
# starts monitor-api, monitor-scorer server, monitor-web and seven NTP servers (chronyd on
# loopback port 123: good ones on IPv4 and IPv6, one 100 ms and one 2 s ahead under faketime,
# one that never answers the monitors), adds them with monitor-admin, registers three agents
# (each over IPv4 and IPv6) and approves them with monitor-admin, waits for the first
# measurements, starts monitor-selector server, and prints a table of the servers once a
# minute. Ctrl-C (or the end of DEMO_MINUTES) stops everything it started.
#
# Environment:
#   DEMO_MINUTES          run this long, then stop (default: until Ctrl-C)
#   DEMO_REPORT_SECONDS   seconds between two tables (default 60)
#   DEMO_DIR              logs, CA, agent state (default <build>/demo; emptied at the start)
#   DEMO_DATABASE         database on the test server (default monitor_demo; recreated)
#   DEMO_INTERVAL_ACTIVE, DEMO_INTERVAL_TESTING, DEMO_INTERVAL_ALL
#                         GetServers intervals in system_settings 'monitors' (default 10s, 10s,
#                         5s, honoured because monitor-api runs with --get-servers-short-intervals;
#                         production uses 9m, 45m, 1m)
#   DEMO_CHECK=1          at the end, check the issue's expectations (sql/sample/demo_check.sql)
#                         and the logs; exit status 1 when one fails
#   DEMO_GOOD_MIN         the score good servers must exceed for DEMO_CHECK (default 10)
#   DEMO_DROP_DATABASE=1  drop the demo database at the end
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case "$build" in /*) ;; *) build=$root/$build ;; esac
bin=$build/bin
dir=${DEMO_DIR:-$build/demo}
db=${DEMO_DATABASE:-monitor_demo}
minutes=${DEMO_MINUTES:-0}
report_every=${DEMO_REPORT_SECONDS:-60}
interval_active=${DEMO_INTERVAL_ACTIVE:-10s}
interval_testing=${DEMO_INTERVAL_TESTING:-10s}
interval_all=${DEMO_INTERVAL_ALL:-5s}
mysql=(mariadb --no-defaults -h127.0.0.1 -P3308 -umonitor -ptest123)
export DATABASE_DSN="monitor:test123@tcp(127.0.0.1:3308)/$db"
export LOG_LEVEL=info

# Addresses: every server and every monitor on a /20 (IPv4) and /44 (IPv6) of its own, so that
# the selector's network constraints see distinct networks as in production. 127.77.0.0/16 and
# fd77::/16 are used by nothing else in this repository (the agent tests use 127.66.x.x).
api_name=demo-api.ntpmon.test
api_v6=fd77:fff::1
good_v4=(127.77.16.1 127.77.32.1)
good_v6=(fd77:16::1 fd77:32::1)
ahead_100ms=127.77.48.1
ahead_2s=127.77.64.1
silent=127.77.80.1
agents=(ams nyc sin)                       # location codes, one agent each
agent_v4=(127.77.128.1 127.77.144.1 127.77.160.1)
agent_v6=(fd77:128::1 fd77:144::1 fd77:160::1)
labels=$(printf '{"%s":"good","%s":"good","%s":"good","%s":"good","%s":"100ms","%s":"2s","%s":"silent"}' \
  "${good_v4[@]}" "${good_v6[@]}" "$ahead_100ms" "$ahead_2s" "$silent")

say() { printf '== %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; status=1; exit 1; }
sql() { "${mysql[@]}" -N -B "$db" -e "$1"; }
# sql_file FILE PRELUDE [client options]: runs FILE after the statements in PRELUDE.
sql_file() {
  local file=$1 prelude=$2
  shift 2
  { printf '%s\n' "$prelude"; cat "$file"; } | "${mysql[@]}" "$@" "$db"
}

[ "$(id -u)" = 0 ] || die "needs root (NTP port 123, addresses on lo, a private /etc/hosts for the agents)"
for p in monitor-admin monitor-api monitor-scorer monitor-selector monitor-web ntppool-agent; do
  [ -x "$bin/$p" ] || die "$bin/$p missing: build first (make build)"
done
command -v chronyd >/dev/null || [ -x /usr/sbin/chronyd ] || die "chronyd missing (scripts/install-deps.sh)"
faketime_lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n1)
[ -n "$faketime_lib" ] || die "libfaketime missing (scripts/install-deps.sh)"

# ---- what this run started, and the cleanup that undoes it on every exit path ----
pids=()          # background processes, in start order
names=()         # their names, for the report
added_v6=()      # addresses added to lo
status=0

stop_all() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    local alive=0
    for i in "${!pids[@]}"; do kill -0 "${pids[i]}" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[i]}" 2>/dev/null; then
      echo "demo: ${names[i]} (pid ${pids[i]}) did not stop within 10 s; killing it" >&2
      kill -KILL "${pids[i]}" 2>/dev/null || true
      status=1
    fi
    wait "${pids[i]}" 2>/dev/null || true
  done
  pids=() names=()
}

cleanup() {
  local rc=$?
  [ "$status" = 0 ] && status=$rc
  trap - EXIT INT TERM
  set +e
  stop_all
  for a in "${added_v6[@]}"; do ip -6 addr del "$a/128" dev lo 2>/dev/null; done
  if [ "${DEMO_DROP_DATABASE:-0}" = 1 ]; then "${mysql[@]}" -e "DROP DATABASE IF EXISTS \`$db\`"; fi
  say "stopped everything this run started; logs are in $dir/logs"
  exit "$status"
}
trap cleanup EXIT
trap 'echo; say "interrupted"; exit' INT TERM

# start NAME LOG COMMAND...: a background process with its log, remembered for cleanup.
start() {
  local name=$1 log=$2
  shift 2
  "$@" </dev/null >>"$log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

# A free TCP port on 127.0.0.1 (the kernel's choice).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_tcp() {  # wait_tcp HOST PORT NAME LOG
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  die "$3 did not listen on $1:$2; see $4"
}

# ---- 1. database, CA, server certificate ----
rm -rf "$dir"
mkdir -p "$dir/logs" "$dir/ca" "$dir/chrony" "$dir/agents"
logs=$dir/logs
say "database $db on 127.0.0.1:3308 (logs in $logs)"
"${mysql[@]}" -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
"$bin/monitor-admin" db migrate >"$logs/migrate.log" 2>&1 || die "monitor-admin db migrate failed; see $logs/migrate.log"
tail -n1 "$logs/migrate.log"
sql_file "$root/sql/sample/demo_settings.sql" "SET @monitors_setting = '{\"interval_active\":\"$interval_active\",\"interval_testing\":\"$interval_testing\",\"interval_all\":\"$interval_all\",\"batch_size\":10}', @base_check_v4 = '${good_v4[0]}', @base_check_v6 = '${good_v6[0]}';"

say "CA and monitor-api's certificate ($api_name, 127.0.0.1, $api_v6)"
"$bin/monitor-admin" ca init --ca-dir "$dir/ca" >"$logs/ca.log" 2>&1
"$bin/monitor-admin" ca issue-server "$api_name" 127.0.0.1 "$api_v6" --ca-dir "$dir/ca" \
  --cert "$dir/api.pem" --key "$dir/api.key" >>"$logs/ca.log" 2>&1

# ---- 2. loopback addresses and NTP servers ----
for a in "$api_v6" "${good_v6[@]}" "${agent_v6[@]}"; do
  if ip -6 addr show dev lo | grep -q " $a/128"; then
    die "$a is already on lo (another demo running?); remove it with: ip -6 addr del $a/128 dev lo"
  fi
  ip -6 addr add "$a/128" dev lo nodad || die "cannot add $a to lo (IPv6 disabled?)"
  added_v6+=("$a")
done

# chronyd ADDRESS [FAKETIME] [silent]: a real NTP server on ADDRESS:123.
chronyd_on() {
  local addr=$1 shift_by=${2:-} conf=$dir/chrony/$1.conf
  {
    printf 'port 123\nbindaddress %s\nallow all\nlocal stratum 2\ncmdport 0\n' "$addr"
    printf 'pidfile %s/chrony/%s.pid\ndriftfile %s/chrony/%s.drift\n' "$dir" "$addr" "$dir" "$addr"
    # The silent server answers nobody on the monitors' networks: every check times out.
    [ "${3:-}" = silent ] && printf 'deny 127.77.128.0/17\ndeny fd77::/16\n'
  } >"$conf"
  # -4/-6: otherwise chronyd also binds the other family's wildcard address and answers for
  # every loopback address (the silent server included, and other programs' test addresses).
  local family=-4
  case "$addr" in *:*) family=-6 ;; esac
  if [ -n "$shift_by" ]; then
    start "chronyd $addr" "$logs/chronyd-$addr.log" env LD_PRELOAD="$faketime_lib" FAKETIME="$shift_by" \
      FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_NO_CACHE=1 /usr/sbin/chronyd "$family" -f "$conf" -d -x -u root
  else
    start "chronyd $addr" "$logs/chronyd-$addr.log" /usr/sbin/chronyd "$family" -f "$conf" -d -x -u root
  fi
}
say "NTP servers: good ${good_v4[*]} ${good_v6[*]}; +100 ms $ahead_100ms; +2 s $ahead_2s; silent $silent"
for a in "${good_v4[@]}" "${good_v6[@]}"; do chronyd_on "$a"; done
# Under faketime, chronyd's small shifts show halved to a client (measured with `ntppool-agent
# check`: FAKETIME=+0.2 gives an offset of 100 ms, +2.5 gives 2.5 s).
chronyd_on "$ahead_100ms" +0.2
chronyd_on "$ahead_2s" +2
chronyd_on "$silent" "" silent

# ---- 3. daemons ----
api_port=$(free_port)
api_admin=$(free_port)
scorer_admin=$(free_port)
web_port=$(free_port)
web_admin=$(free_port)
api_url=https://$api_name:$api_port
say "monitor-api on [::]:$api_port ($api_url), metrics on 127.0.0.1:$api_admin"
start monitor-api "$logs/monitor-api.log" "$bin/monitor-api" server --listen "[::]:$api_port" \
  --admin-listen "127.0.0.1:$api_admin" --tls-cert "$dir/api.pem" --tls-key "$dir/api.key" \
  --ca-dir "$dir/ca" --tickets-key-file "$dir/ticket-keys.json" --deployment-mode devel --public-url "$api_url" \
  --get-servers-short-intervals
wait_tcp 127.0.0.1 "$api_port" monitor-api "$logs/monitor-api.log"

"$bin/monitor-scorer" setup >"$logs/scorer-setup.log" 2>&1 || die "monitor-scorer setup failed; see $logs/scorer-setup.log"
say "monitor-scorer server, metrics on 127.0.0.1:$scorer_admin"
start monitor-scorer "$logs/monitor-scorer.log" "$bin/monitor-scorer" --admin-listen "127.0.0.1:$scorer_admin" server
start monitor-web "$logs/monitor-web.log" "$bin/monitor-web" --listen "127.0.0.1:$web_port" --admin-listen "127.0.0.1:$web_admin"
wait_tcp 127.0.0.1 "$web_port" monitor-web "$logs/monitor-web.log"

# ---- 4. accounts and servers ----
# The servers belong to "Demo NTP servers"; the first agent does too, so the selector keeps it
# off those servers (an `account` constraint, as for an operator monitoring their own servers).
account_id() { sed -n 's/^added account \([0-9]*\).*/\1/p'; }
servers_account=$("$bin/monitor-admin" accounts add "Demo NTP servers" | account_id)
agent_accounts=("$servers_account")
for name in "Demo monitors nyc" "Demo monitors sin"; do
  agent_accounts+=("$("$bin/monitor-admin" accounts add "$name" --monitors-per-server-limit 2 | account_id)")
done
for a in "${good_v4[@]}" "${good_v6[@]}" "$ahead_100ms" "$ahead_2s" "$silent"; do
  "$bin/monitor-admin" servers add "$a" --account "$servers_account"
done

# ---- 5. agents: register, approve, monitor ----
# The agents reach the API by name over IPv4 and IPv6; the name is in a private /etc/hosts
# (a mount namespace of their own), so the system's /etc/hosts is left alone.
printf '127.0.0.1 localhost\n127.0.0.1 %s\n%s %s\n' "$api_name" "$api_v6" "$api_name" >"$dir/hosts"
agent() {  # agent STATE_DIR ARGS...: (in the background only: it execs) ntppool-agent with the demo's API, CA and hosts
  local state=$1
  shift
  exec env -u DEVEL_API_SERVER -u MONITOR_STATE_DIR -u STATE_DIRECTORY -u DEPLOYMENT_MODE \
    API_HOST="$api_url" MONITOR_CA_BUNDLE="$dir/ca/ca.pem" \
    unshare --mount -- sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$dir/hosts" \
    "$bin/ntppool-agent" --env devel --state-dir "$state" --allow-local-targets "$@"
}

pending_registration() {  # the id of the pending registration of HOSTNAME once both families arrived
  "$bin/monitor-admin" registrations list | awk -F'\t' -v h="$1" \
    'NR > 1 && $2 == "pending" && $5 == h && $3 != "" && $3 != "-" && $4 != "" && $4 != "-" { print $1 }' | tail -n1
}

for i in "${!agents[@]}"; do
  loc=${agents[i]} state=$dir/agents/${agents[i]}
  say "agent $loc: setup from ${agent_v4[i]} and ${agent_v6[i]}"
  start "ntppool-agent setup ($loc)" "$logs/agent-$loc-setup.log" \
    agent "$state" setup --hostname "demo-$loc" --source-ipv4 "${agent_v4[i]}" --source-ipv6 "${agent_v6[i]}"
  setup_pid=${pids[-1]}
  reg=
  for _ in $(seq 1 300); do
    reg=$(pending_registration "demo-$loc")
    [ -n "$reg" ] && break
    kill -0 "$setup_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$reg" ] || die "no registration of demo-$loc with both addresses arrived; see $logs/agent-$loc-setup.log"
  "$bin/monitor-admin" registrations approve "$reg" --account "${agent_accounts[i]}" --location "$loc" --status active
  wait "$setup_pid" || die "ntppool-agent setup ($loc) failed; see $logs/agent-$loc-setup.log"
  unset 'pids[-1]' 'names[-1]'
  start "ntppool-agent ($loc)" "$logs/agent-$loc.log" agent "$state" --config-poll-interval 10s monitor
done
"$bin/monitor-admin" monitors list

# Every approved monitor becomes a candidate for the servers of its family.
"${mysql[@]}" "$db" <"$root/sql/sample/demo_candidates.sql"

# The selector reviews a server only with measurements of its monitors (spec/selector.md §2.2)
# and reviews it again 20 minutes after an unchanged pass: it starts once every candidate has
# measured its servers (each candidate pair is handed out once at once, spec/scorer.md §3.2).
say "waiting for the candidates' first measurement of every server"
unmeasured=
for _ in $(seq 1 120); do
  unmeasured=$(sql "SELECT COUNT(*) FROM server_scores ss JOIN monitors m ON m.id = ss.monitor_id AND m.type = 'monitor'
                    WHERE NOT EXISTS (SELECT 1 FROM log_scores l WHERE l.server_id = ss.server_id AND l.monitor_id = ss.monitor_id)")
  [ "$unmeasured" = 0 ] && break
  sleep 1
done
[ "$unmeasured" = 0 ] || say "warning: $unmeasured (monitor, server) pairs still unmeasured after 120 s; see $logs/agent-*.log"
selector_admin=$(free_port)
say "monitor-selector server, metrics on 127.0.0.1:$selector_admin"
start monitor-selector "$logs/monitor-selector.log" "$bin/monitor-selector" --admin-listen "127.0.0.1:$selector_admin" server

# ---- 6. the table, once a minute ----
say "running: monitor-web at http://127.0.0.1:$web_port/ (overview of the servers)"
[ "$minutes" = 0 ] && say "Ctrl-C stops everything" || say "for $minutes minutes"
report() {
  echo
  say "$(date -u +%H:%M:%S) servers (score: servers.score_raw; monitors: name, status on this server, its score)"
  sql_file "$root/sql/sample/demo_report.sql" "SET @labels = '$labels';" -t
}
check_alive() {
  local i
  for i in "${!pids[@]}"; do
    kill -0 "${pids[i]}" 2>/dev/null || { echo "demo: ${names[i]} exited; see $logs" >&2; status=1; exit; }
  done
}
started=$(date +%s)
end=$((started + minutes * 60))
while :; do
  now=$(date +%s)
  [ "$minutes" != 0 ] && [ "$now" -ge "$end" ] && break
  next=$((now + report_every))
  [ "$minutes" != 0 ] && [ "$next" -gt "$end" ] && next=$end
  while [ "$(date +%s)" -lt "$next" ]; do sleep 1; check_alive; done
  report
done

# ---- 7. the end: stop, then check (DEMO_CHECK) ----
stop_all
if [ "${DEMO_CHECK:-0}" = 1 ]; then
  say "checking the run"
  failed=$(sql_file "$root/sql/sample/demo_check.sql" "SET @labels = '$labels', @good_min = ${DEMO_GOOD_MIN:-10};" -t)
  if [ -n "$failed" ]; then
    echo "$failed"
    status=1
  fi
  # Errors a program could not recover from: a level=error line or an exit on a signal/failure
  # is in its log; chronyd's logs are not ours to judge.
  if grep -l 'level=error\|level=fatal' "$logs"/monitor-*.log "$logs"/agent-*.log 2>/dev/null; then
    grep -h 'level=error\|level=fatal' "$logs"/monitor-*.log "$logs"/agent-*.log | head -n 20
    say "the logs above carry errors"
    status=1
  fi
  [ "$status" = 0 ] && say "check passed" || say "check FAILED"
fi
