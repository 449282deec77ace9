#!/usr/bin/env bash
# One command for the side-by-side benchmark (see bench/README.md):
#   bench/run.sh [--quick] [--runs 3] [--scenarios ingest,memory,...] [--million] [--json out.json]
# Builds overlord (Release, build-bench/) and the load generator (bench/build/), then runs
# bench/driver.py, which starts every server itself on 127.0.0.1 and kills it afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${OVERLORD_BENCH_BUILD:-$root/build-bench}"
jobs="${BENCH_JOBS:-2}"

if [[ -z "${OVERLORD_BINARY:-}" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target overlord -j"$jobs" >/dev/null
  OVERLORD_BINARY="$build/overlord"
fi
cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$here/build" -j"$jobs" >/dev/null

AM="${ALERTMANAGER_BINARY:-/usr/bin/prometheus-alertmanager}"
exec python3 "$here/driver.py" --overlord "$OVERLORD_BINARY" --alertmanager "$AM" \
  --loadgen "$here/build/loadgen" "$@"
