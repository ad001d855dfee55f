#!/usr/bin/env bash
# Times R's quantile, lowess (iter = 0), Hmisc::GiniMd and approx against nomo's core/numeric.hpp
# on the same data (W4, W5 of WORKLOADS.md), alternating R and nomo twice in one run, and prints
# nomo's speed-up per task as R time / nomo time (medians).
#   benchmarks/compare/core_numeric.sh [BENCH_BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark core_numeric
write_workloads W4 W5

cat > "$work/peer.R" <<'RSCRIPT'
# Median seconds per call of each task, timed in batches of at least 0.1 s.
suppressMessages(library(Hmisc))
dir <- commandArgs(TRUE)[1]
x4 <- read.csv(file.path(dir, "w4.csv"))$x
w5 <- read.csv(file.path(dir, "w5.csv"))
score <- w5$score; label <- w5$label
grid <- seq(min(score), max(score), length.out = 1000)
per_call <- function(f) {
  reps <- 1
  while (system.time(for (i in seq_len(reps)) f())[["elapsed"]] < 0.1) reps <- reps * 4
  median(replicate(5, system.time(for (i in seq_len(reps)) f())[["elapsed"]] / reps))
}
tasks <- list(
  "quantiles_w4/123" = function() quantile(x4[1:123], c(0.05, 0.35, 0.65, 0.95)),
  "quantiles_w4/1000000" = function() quantile(x4, c(0.05, 0.35, 0.65, 0.95)),
  "lowess_w5/1000" = function() lowess(score[1:1000], label[1:1000], iter = 0),
  "lowess_w5/100000" = function() lowess(score, label, iter = 0),
  "gini_w5/123" = function() GiniMd(score[1:123]),
  "gini_w5/100000" = function() GiniMd(score),
  approx_w5 = function() approx(score, label, xout = grid, ties = mean)$y)
for (name in names(tasks)) cat(name, ",", per_call(tasks[[name]]), "\n", sep = "")
RSCRIPT

for round in 1 2; do
  "${single_core[@]}" Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  time_benchmark real core_numeric --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
      > "$work/nomo_$round.txt"
done

summarise median "$work"/r_*.csv "$work"/nomo_*.txt <<'PYTHON'
print(f"{'task':<20}{'R':>22}  speed-up (R / nomo)")
peers = {"quantiles_w4/123": "quantile(x, 4 probs)", "quantiles_w4/1000000": "quantile(x, 4 probs)",
         "lowess_w5/1000": "lowess(iter=0)", "lowess_w5/100000": "lowess(iter=0)",
         "gini_w5/123": "Hmisc::GiniMd", "gini_w5/100000": "Hmisc::GiniMd", "approx_w5": "approx(ties=mean)"}
for name, label in peers.items():
    print(f"{name:<20}{label:>22}  x{ratio(name, 'nomo.' + name):.1f}")
PYTHON
