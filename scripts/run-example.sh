#!/usr/bin/env bash
# Installs what is missing, builds the main example and runs it.
#   run-example.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
main_example=example_study
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DNOMO_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "$main_example"
mkdir -p "$build/examples/out"
cd "$build/examples/out" && "$build/examples/$main_example"
