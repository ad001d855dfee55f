#!/usr/bin/env bash
# Times rms::validate(fit, B = 1000) and rms::calibrate(fit, B = 1000) against nomo's validate and
# calibrate on the same data (W3 of WORKLOADS.md: W1's n = 123 cohort and model), R and nomo
# interleaved in one run (two rounds), and prints nomo's speed-up (R median / nomo median) on 1 and
# 2 threads, and nomo's own 2-thread scaling.
#   benchmarks/compare/resample.sh [BENCH_BUILD_DIR]
# NOMO_BENCH_CXX_FLAGS as in glm_fit.sh (default "-march=native").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
flags=${NOMO_BENCH_CXX_FLAGS--march=native -Wno-maybe-uninitialized}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNOMO_BUILD_BENCHMARKS=ON \
      -DNOMO_BUILD_TESTS=OFF -DNOMO_BUILD_EXAMPLES=OFF -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$build" --target resample >/dev/null
/usr/bin/python3 "$root/benchmarks/compare/workloads.py" "$work" W1

cat > "$work/peer.R" <<'RSCRIPT'
# Median seconds of 3 runs each; the fit (x = TRUE, y = TRUE) is made before timing.
suppressMessages(library(rms))
w1 <- read.csv(file.path(commandArgs(TRUE)[1], "w1.csv"))
w1$grp <- factor(w1$grp)
fit <- lrm(y ~ age + marker + sex + diab + grp, w1, x = TRUE, y = TRUE)
med <- function(f) median(replicate(3, system.time(f())[["elapsed"]]))
set.seed(1)
cat("validate,", med(function() validate(fit, B = 1000)), "\n", sep = "")
cat("calibrate,", med(function() calibrate(fit, B = 1000)), "\n", sep = "")
RSCRIPT

for round in 1 2; do
  Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  "$build/benchmarks/resample" --benchmark_format=json > "$work/nomo_$round.json"
done

/usr/bin/python3 - "$work" <<'PYTHON'
import json, statistics, sys, os
work = sys.argv[1]
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
peer, nomo = {}, {}
for round in (1, 2):
    for line in open(os.path.join(work, f"r_{round}.csv")):
        name, seconds = line.strip().split(",")
        peer.setdefault(name, []).append(float(seconds))
    for b in json.load(open(os.path.join(work, f"nomo_{round}.json")))["benchmarks"]:
        nomo.setdefault(b["name"].split("/iterations")[0], []).append(b["real_time"] * scale[b["time_unit"]])
med = {k: statistics.median(v) for k, v in {**peer, **nomo}.items()}
print(f"{'W3, B = 1000':<22}{'rms / nomo 1 thread':>22}{'rms / nomo 2 threads':>22}{'nomo 1 / 2 threads':>20}")
for name in ("validate", "calibrate"):
    one, two = med[f"{name}_w3/threads:1"], med[f"{name}_w3/threads:2"]
    print(f"{name:<22}{'x%.0f' % (med[name] / one):>22}{'x%.0f' % (med[name] / two):>22}{'x%.2f' % (one / two):>20}")
PYTHON
