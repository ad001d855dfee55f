#!/usr/bin/env bash
# Times rms::validate(fit, B = 1000) and rms::calibrate(fit, B = 1000) against nomo's validate and
# calibrate on the same data (W3 of WORKLOADS.md: W1's n = 123 cohort and model), R and nomo
# interleaved in one run (two rounds), and prints nomo's speed-up (R median / nomo median) on 1 and
# 2 threads, and nomo's own 2-thread scaling. R and nomo's 1-thread runs share one CPU (see lib.sh).
#   benchmarks/compare/resample.sh [BENCH_BUILD_DIR]
# nomo is built with NOMO_BENCH_CXX_FLAGS (see lib.sh).
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark resample "$user_cxx_flags"
write_workloads W1

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
  "${single_core[@]}" Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  time_benchmark real resample --single-core --benchmark_filter='threads:1/' > "$work/nomo_$round.txt"
  time_benchmark real resample --benchmark_filter='threads:2/' >> "$work/nomo_$round.txt"
done

summarise median "$work"/r_*.csv "$work"/nomo_*.txt <<'PYTHON'
print(f"{'W3, B = 1000':<22}{'rms / nomo 1 thread':>22}{'rms / nomo 2 threads':>22}{'nomo 1 / 2 threads':>20}")
for name in ("validate", "calibrate"):
    one, two = f"nomo.{name}_w3/threads:1", f"nomo.{name}_w3/threads:2"
    print(f"{name:<22}{'x%.0f' % ratio(name, one):>22}{'x%.0f' % ratio(name, two):>22}{'x%.2f' % ratio(one, two):>20}")
PYTHON
