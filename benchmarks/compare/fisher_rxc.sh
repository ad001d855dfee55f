#!/usr/bin/env bash
# Times R's fisher.test against nomo::stats::fisher_exact on the three r x c tables of
# benchmarks/fisher_rxc.cpp, alternating R and nomo twice in one run, and prints nomo's speed-up
# per table as R time / nomo time (medians). R gets the smallest workspace of 2e5 (its default),
# 2e6 and 2e7 that its FEXACT accepts for the table, since a larger one costs it time to allocate.
#   benchmarks/compare/fisher_rxc.sh [BENCH_BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark fisher_rxc

cat > "$work/peer.R" <<'RSCRIPT'
# Median seconds per call, timed in batches of at least 0.1 s.
tables <- list(
  matrix(c(18, 5, 8, 14, 12, 8, 20, 9, 36, 7, 4, 6, 3, 3, 6), 3, byrow = TRUE),
  matrix(c(1, 7, 10, 1, 5, 0, 0, 1, 7, 6, 6, 1, 1, 0, 0, 2, 6, 1, 0, 0, 2, 6, 3, 4), 4, byrow = TRUE),
  matrix(c(8, 1, 0, 2, 0, 0, 1, 0, 1, 2, 3, 7, 1, 5, 1, 6, 1, 4, 4, 2, 2, 5, 1, 2, 1), 5, byrow = TRUE))
per_call <- function(f) {
  reps <- 1
  while (system.time(for (i in seq_len(reps)) f())[["elapsed"]] < 0.1) reps <- reps * 4
  median(replicate(5, system.time(for (i in seq_len(reps)) f())[["elapsed"]] / reps))
}
for (k in seq_along(tables)) {
  m <- tables[[k]]
  for (ws in c(2e5, 2e6, 2e7)) if (!inherits(try(fisher.test(m, workspace = ws), silent = TRUE), "try-error")) break
  cat("fisher_rxc/table:", k - 1, ",", per_call(function() fisher.test(m, workspace = ws)), "\n", sep = "")
  cat("workspace/table:", k - 1, ",", ws, "\n", sep = "")
}
RSCRIPT

for round in 1 2; do
  "${single_core[@]}" Rscript "$work/peer.R" > "$work/r_$round.csv"
  time_benchmark real fisher_rxc --single-core --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
      > "$work/nomo_$round.txt"
done

summarise median "$work"/r_*.csv "$work"/nomo_*.txt <<'PYTHON'
print(f"{'table':<18}{'R fisher.test workspace':>26}  speed-up (R / nomo)")
names = {0: "3 x 5, n = 159", 1: "4 x 6, n = 70", 2: "5 x 5, n = 60"}
for k, label in names.items():
    name = f"fisher_rxc/table:{k}"
    print(f"{label:<18}{t['workspace/table:' + str(k)]:>26.0e}  x{ratio(name, 'nomo.' + name):.1f}")
PYTHON
