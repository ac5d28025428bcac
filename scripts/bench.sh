#!/usr/bin/env bash
# Runs every benchmark (build/bin/bench-*) in turn against the test database, which it starts
# when it is not running. Usage: scripts/bench.sh [build-dir]   (default: build)
# Each benchmark prints its figures and the ratio to its target; the exit status is the
# number of benchmarks that failed (capped at 125).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ -d "$build/bin" ] || { echo "bench: no $build/bin; build first (make build)" >&2; exit 1; }

"$root/scripts/test-db.sh" start || { echo "bench: the test database did not start" >&2; exit 1; }

shopt -s nullglob
benches=("$build"/bin/bench-*)
if [ ${#benches[@]} -eq 0 ]; then
  echo "bench: no build/bin/bench-* programs; build the bench targets first" >&2
  exit 1
fi

failed=0
for b in "${benches[@]}"; do
  [ -x "$b" ] || continue
  echo "==> $(basename "$b")"
  start=$(date +%s)
  if "$b"; then
    echo "<== $(basename "$b") done in $(( $(date +%s) - start )) s"
  else
    echo "<== $(basename "$b") FAILED (exit $?)"
    failed=$((failed + 1))
  fi
  echo
done
exit $(( failed > 125 ? 125 : failed ))
