#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages) and builds Overlord into build/.
# Usage: scripts/setup.sh [--with-test-tools] [--build-dir DIR] [--sanitize]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
sanitize=OFF
packages=(g++ cmake make pkg-config libyaml-cpp-dev nlohmann-json3-dev libcpp-httplib-dev
          libcurl4-openssl-dev libre2-dev libsqlite3-dev libssl-dev doctest-dev)
while [ $# -gt 0 ]; do
  case "$1" in
    --with-test-tools) packages+=(prometheus prometheus-alertmanager curl) ;;
    --build-dir) build_dir=$2; shift ;;
    --sanitize) sanitize=ON ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  # The Debian packages of Prometheus and Alertmanager ship services; we only use their binaries.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOVERLORD_SANITIZE="$sanitize" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
