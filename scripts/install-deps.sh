#!/usr/bin/env bash
# Installs every Debian package this project needs. Idempotent and non-interactive;
# runs `apt-get update` at most once, and only when something is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential g++ cmake make pkg-config ccache git
  # database layer: soci's MySQL backend over the classic protocol
  libsoci-dev libboost-dev libboost-date-time-dev libmariadb-dev
  mariadb-server mariadb-client
  # HTTP/TLS, config, JSON, CLI, logging
  libcpp-httplib-dev libssl-dev openssl libtomlplusplus-dev nlohmann-json3-dev
  libcli11-dev libspdlog-dev libfmt-dev
  # database.yaml (the original's DB config file) is read with yaml-cpp
  libyaml-cpp-dev
  # tests
  libgtest-dev libgmock-dev googletest
  # archiver: Avro files and their independent readers
  libavro-dev python3-avro avro-bin
  # archiver tests: a real ClickHouse server (HTTP interface); python3-avro reads snappy blocks with python3-snappy
  clickhouse-server python3-snappy
  # agent tests: real NTP servers, shifted clocks
  chrony faketime iproute2
  # agent packaging (systemd: systemd-analyze verify of the unit; no running systemd needed)
  dpkg-dev fakeroot systemd
  # monitor-web: the page test loads the score page in real headless Chromium
  chromium
  # monitor-web benchmark (bench/web): HTTP load generator
  wrk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
