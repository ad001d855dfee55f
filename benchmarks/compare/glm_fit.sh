#!/usr/bin/env bash
# Times R glm, glm.fit, rms::lrm, lrm.fit and statsmodels Logit against nomo::glm::fit_logistic on
# the same data (W1 and W2 of WORKLOADS.md), R/Python and nomo interleaved in one run, and prints
# nomo's speed-up (peer time / nomo time, medians) and how far the W2 fit is from the
# memory-bandwidth bound (design bytes × passes ÷ bandwidth measured in the same run).
#   benchmarks/compare/glm_fit.sh [BENCH_BUILD_DIR]
# NOMO_BENCH_CXX_FLAGS (default "-march=native") are the compiler flags a user of the header-only
# library would pick for their own program; R and statsmodels run as Debian ships them. GCC 12 warns
# "may be used uninitialized" inside its own AVX-512 intrinsics (a false positive that -Werror turns
# into an error), hence -Wno-maybe-uninitialized.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
flags=${NOMO_BENCH_CXX_FLAGS--march=native -Wno-maybe-uninitialized}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNOMO_BUILD_BENCHMARKS=ON \
      -DNOMO_BUILD_TESTS=OFF -DNOMO_BUILD_EXAMPLES=OFF -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$build" --target glm_fit >/dev/null
/usr/bin/python3 "$root/benchmarks/compare/workloads.py" "$work" W1 W2

cat > "$work/peer.R" <<'RSCRIPT'
# Median seconds per fit: W1 timed in batches of at least 0.1 s, W2 fits timed once each (they take
# seconds). The data are in memory before timing starts.
suppressMessages(library(rms))
dir <- commandArgs(TRUE)[1]
w1 <- read.csv(file.path(dir, "w1.csv"))
w1$grp <- factor(w1$grp)
X1 <- model.matrix(~ age + marker + sex + diab + grp, w1)
w2 <- read.csv(file.path(dir, "w2.csv"))
X2 <- as.matrix(w2[, -1])
per_call <- function(f) {
  reps <- 1
  while (system.time(for (i in seq_len(reps)) f())[["elapsed"]] < 0.1) reps <- reps * 4
  median(replicate(5, system.time(for (i in seq_len(reps)) f())[["elapsed"]] / reps))
}
once <- function(f) system.time(f())[["elapsed"]]
tasks <- list(
  "w1/glm" = function() per_call(function() glm(y ~ age + marker + sex + diab + grp, binomial, w1)),
  "w1/glm.fit" = function() per_call(function() glm.fit(X1, w1$y, family = binomial())),
  "w1/lrm" = function() per_call(function() lrm(y ~ age + marker + sex + diab + grp, w1)),
  "w1/lrm.fit" = function() per_call(function() lrm.fit(X1[, -1], w1$y)),
  "w2/glm" = function() once(function() glm(y ~ ., binomial, w2)),
  "w2/lrm.fit" = function() once(function() lrm.fit(X2, w2$y)))
for (name in names(tasks)) cat(name, ",", tasks[[name]](), "\n", sep = "")
RSCRIPT

cat > "$work/peer.py" <<'PYSCRIPT'
import sys, time, statistics
import numpy as np, pandas as pd
import statsmodels.api as sm
d = sys.argv[1]
w1 = pd.read_csv(f"{d}/w1.csv")
X1 = sm.add_constant(np.column_stack([w1.age, w1.marker, w1.sex, w1.diab, w1.grp == "B", w1.grp == "C"]).astype(float))
w2 = pd.read_csv(f"{d}/w2.csv")
X2 = sm.add_constant(w2.iloc[:, 1:].to_numpy())
def per_call(f):
    reps = 1
    while True:
        t = time.perf_counter(); [f() for _ in range(reps)]
        if time.perf_counter() - t >= 0.1: break
        reps *= 4
    times = []
    for _ in range(5):
        t = time.perf_counter(); [f() for _ in range(reps)]; times.append((time.perf_counter() - t) / reps)
    return statistics.median(times)
def once(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t
print("w1/statsmodels,", per_call(lambda: sm.Logit(w1.y.to_numpy(), X1).fit(disp=0)), sep="")
print("w2/statsmodels,", once(lambda: sm.Logit(w2.y.to_numpy(), X2).fit(disp=0)), sep="")
PYSCRIPT

for round in 1 2; do
  Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  /usr/bin/python3 "$work/peer.py" "$work" > "$work/py_$round.csv"
  "$build/benchmarks/glm_fit" --benchmark_format=json --benchmark_repetitions=3 \
      --benchmark_report_aggregates_only=true > "$work/nomo_$round.json"
done

/usr/bin/python3 - "$work" <<'PYTHON'
import json, statistics, sys, os
work = sys.argv[1]
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
peer, nomo, counters = {}, {}, {}
for round in (1, 2):
    for kind in ("r", "py"):
        for line in open(os.path.join(work, f"{kind}_{round}.csv")):
            name, seconds = line.strip().split(",")
            peer.setdefault(name, []).append(float(seconds))
    for b in json.load(open(os.path.join(work, f"nomo_{round}.json")))["benchmarks"]:
        if b.get("aggregate_name") == "median":
            # Drop Google Benchmark's "/iterations:N" suffix from fixed-iteration runs.
            name = "/".join(part for part in b["run_name"].split("/") if not part.startswith("iterations:"))
            nomo.setdefault(name, []).append(b["real_time"] * scale[b["time_unit"]])
            counters[name] = b
med = {k: statistics.median(v) for k, v in {**peer, **nomo}.items()}
print(f"{'workload / peer':<22}{'speed-up vs nomo 1 thread':>28}{'vs nomo 2 threads':>20}")
for name in ("w1/glm", "w1/glm.fit", "w1/lrm", "w1/lrm.fit", "w1/statsmodels"):
    print(f"{name:<22}{'x%.1f' % (med[name] / med['fit_w1']):>28}")
for name in ("w2/glm", "w2/lrm.fit", "w2/statsmodels"):
    print(f"{name:<22}{'x%.1f' % (med[name] / med['fit_w2/threads:1']):>28}"
          f"{'x%.1f' % (med[name] / med['fit_w2/threads:2']):>20}")
read = med["read_w2"]
fit = counters["fit_w2/threads:1"]
passes = fit["passes"]
print(f"\nW2 bandwidth bound: one read of X takes {read * 1e3:.1f} ms in this run "
      f"({fit['design_bytes'] / read / 1e9:.1f} GB/s); nomo reads X {passes:.0f} times "
      f"(input checks, start, Newton steps)")
for threads in (1, 2):
    t = med[f"fit_w2/threads:{threads}"]
    print(f"  {threads} thread(s): fit / ({passes:.0f} reads) = x{t / (passes * read):.2f}; "
          f"fit / (4 reads, R's iteration count) = x{t / (4 * read):.2f}")
PYTHON
