#!/usr/bin/env bash
# Installs what is missing, builds every test and example with -Werror, and runs them all.
#   run-tests.sh [BUILD_DIR] [extra cmake arguments...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DNOMO_BUILD_TESTS=ON -DNOMO_BUILD_EXAMPLES=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure
