#!/usr/bin/env bash
# Installs the Debian 12 packages nomo needs that are not installed yet. Run as root.
#   install-deps.sh            build + test dependencies
#   install-deps.sh --bench    also Google Benchmark (benchmarks/)
#   install-deps.sh --oracles  also R (rms, survival, pROC) and Python peers (fixtures, compare/)
set -euo pipefail
packages=(cmake make g++ libeigen3-dev libfmt-dev libboost-math-dev catch2)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(libbenchmark-dev python3-numpy) ;;
    --oracles) packages+=(r-base-core r-cran-rms r-cran-survival r-cran-proc r-cran-maxstat python3-numpy python3-scipy
                          python3-statsmodels python3-sklearn) ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
