#!/usr/bin/env bash
# Kaplan–Meier by group + log-rank on W6 of WORKLOADS.md (n = 100,000 survival times, two groups):
# nomo (benchmarks/km_logrank.cpp) against survival::survfit(Surv(time, status) ~ group) and
# survdiff on identical data (benchmarks/compare/workloads.py), in two interleaved rounds; the faster
# round counts for each tool. CPU times (user + system), because the machine is shared. Prints
# nomo's speed-up = R time / nomo time, and both tools' log-rank chi-square and medians as a check.
#   benchmarks/compare/km_logrank.sh [BENCH_BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNOMO_BUILD_BENCHMARKS=ON \
      -DNOMO_BUILD_TESTS=OFF -DNOMO_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target km_logrank >/dev/null
/usr/bin/python3 "$root/benchmarks/compare/workloads.py" "$work" W6

cat > "$work/peer.R" <<'RSCRIPT'
suppressPackageStartupMessages(library(survival))
d <- read.csv(file.path(commandArgs(TRUE)[1], "w6.csv"))
cpu <- function(f, reps = 7) {
  median(replicate(reps, { t0 <- proc.time(); f(); t1 <- proc.time()
    (t1[["user.self"]] - t0[["user.self"]]) + (t1[["sys.self"]] - t0[["sys.self"]]) }))
}
km <- function() survfit(Surv(time, status) ~ group, data = d)
lr <- function() survdiff(Surv(time, status) ~ group, data = d)
cat(sprintf("R.km %.9g\nR.logrank %.9g\nR.both %.9g\n", cpu(km), cpu(lr), cpu(function() { km(); lr() })))
cat(sprintf("R_check chisq %.6f\nR_check medians %s\n", lr()$chisq,
            paste(summary(km())$table[, "median"], collapse = "/")))
RSCRIPT

run_nomo() {
  "$build/benchmarks/km_logrank" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_format=json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
names = {"BM_kaplan_meier_w6": "km", "BM_log_rank_w6": "logrank", "BM_km_and_log_rank_w6": "both"}
for b in json.load(sys.stdin)["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    name = b["run_name"].split("/")[0]
    print("nomo.%s %.9g" % (names[name], b["cpu_time"] * unit))
    if "chi_square" in b:
        print("nomo_check chisq %.6f" % b["chi_square"])
    if "median_group0" in b:
        print("nomo_check medians %g/%g" % (b["median_group0"], b["median_group1"]))'
}
run_r() { Rscript "$work/peer.R" "$work"; }

: > "$work/times"
run_r >> "$work/times"; run_nomo >> "$work/times"
run_nomo >> "$work/times"; run_r >> "$work/times"

/usr/bin/python3 - "$work/times" <<'PY'
import sys
best, checks = {}, {}
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0].endswith("_check"):
        checks[(parts[0].split("_")[0], parts[1])] = parts[2]
    else:
        best[parts[0]] = min(best.get(parts[0], float("inf")), float(parts[1]))
print("W6: n = 100,000, two groups (CPU time, faster of two interleaved rounds)")
print(f"{'task':<28}{'R (ms)':>10}{'nomo (ms)':>11}   speed-up (R / nomo)")
for task, peer in (("km", "survfit"), ("logrank", "survdiff"), ("both", "survfit + survdiff")):
    r, n = best["R." + task], best["nomo." + task]
    print(f"{peer:<28}{r * 1e3:>10.1f}{n * 1e3:>11.1f}   {r / n:.1f}x")
for what in ("chisq", "medians"):
    print(f"check {what}: R {checks[('R', what)]}  nomo {checks[('nomo', what)]}")
PY
