#!/usr/bin/env bash
# Installs what is missing, builds, and runs Overlord on examples/overlord.yml with its
# SQLite store in data/. Extra arguments are passed to overlord.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p data
exec build/overlord --config.file=examples/overlord.yml --storage.path=data "$@"
