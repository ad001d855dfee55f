#!/usr/bin/env bash
# Installs what is missing, builds every test and example with -Werror, and runs them all.
#   run-tests.sh [BUILD_DIR] [extra cmake arguments...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
"$root/scripts/install-deps.sh"
# Tests build at -O1 with assertions on (Eigen's bounds checks stay active): they compile about
# twice as fast as -O3 on the 2-core CI machines and still run in seconds. Later arguments override.
cmake -S "$root" -B "$build" -DNOMO_BUILD_TESTS=ON -DNOMO_BUILD_EXAMPLES=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure
