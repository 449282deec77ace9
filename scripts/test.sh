#!/usr/bin/env bash
# Installs what is missing (including Prometheus and amtool for the integration tests),
# builds, and runs every test: unit tests and integration tests against the real binary,
# then the unit tests again under AddressSanitizer and UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-test-tools
ctest --test-dir build --output-on-failure
if [ "${OVERLORD_SKIP_SANITIZE:-0}" != 1 ]; then
  scripts/setup.sh --build-dir build-sanitize --sanitize
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-sanitize --output-on-failure -E '^integration$'
fi
