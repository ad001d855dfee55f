#!/usr/bin/env bash
# Times Hmisc::rcspline.eval (fixed knots, and placing the knots) on W4's 10^6 values and
# lrm(y ~ rcs(age, 4) + marker + sex + diab + grp) on W1, against nomo's benchmarks/rcs_basis.cpp,
# in the same run (two interleaved rounds), and prints nomo's speed-up (peer median / nomo median).
# A numpy basis (the same formula, vectorised) is timed as the Python peer.
#   benchmarks/compare/rcs_basis.sh [BENCH_BUILD_DIR]
# nomo is built with NOMO_BENCH_CXX_FLAGS (see lib.sh); R and numpy run as Debian ships them.
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark rcs_basis "$user_cxx_flags"
write_workloads W1 W4

cat > "$work/peer.R" <<'RSCRIPT'
suppressMessages(library(rms))
dir <- commandArgs(TRUE)[1]
x <- read.csv(file.path(dir, "w4.csv"))$x
w1 <- read.csv(file.path(dir, "w1.csv")); w1$grp <- factor(w1$grp)
knots <- quantile(x, c(0.05, 0.35, 0.65, 0.95), names = FALSE)
per_call <- function(f) {
  reps <- 1
  while (system.time(for (i in seq_len(reps)) f())[["elapsed"]] < 0.2) reps <- reps * 2
  median(replicate(3, system.time(for (i in seq_len(reps)) f())[["elapsed"]] / reps))
}
cat("basis_fixed_knots,", per_call(function() rcspline.eval(x, knots = knots, inclx = TRUE)), "\n", sep = "")
cat("basis_with_knots,", per_call(function() rcspline.eval(x, nk = 4, inclx = TRUE)), "\n", sep = "")
cat("rcs_fit_w1,", per_call(function() lrm(y ~ rcs(age, 4) + marker + sex + diab + grp, data = w1)), "\n", sep = "")
RSCRIPT

cat > "$work/peer.py" <<'PYSCRIPT'
import sys, time, statistics
import numpy as np
x = np.loadtxt(f"{sys.argv[1]}/w4.csv", delimiter=",", skiprows=1)
k = np.quantile(x, [0.05, 0.35, 0.65, 0.95])
def basis():
    kd = (k[-1] - k[0]) ** (2 / 3)
    cols = [x]
    for j in range(len(k) - 2):
        cols.append(np.maximum((x - k[j]) / kd, 0) ** 3
                    + ((k[-2] - k[j]) * np.maximum((x - k[-1]) / kd, 0) ** 3
                       - (k[-1] - k[j]) * np.maximum((x - k[-2]) / kd, 0) ** 3) / (k[-1] - k[-2]))
    return np.column_stack(cols)
times = []
for _ in range(5):
    t = time.perf_counter(); basis(); times.append(time.perf_counter() - t)
print(f"numpy_basis_fixed_knots,{statistics.median(times)}")
PYSCRIPT

for round in 1 2; do
  "${single_core[@]}" Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  "${single_core[@]}" /usr/bin/python3 "$work/peer.py" "$work" > "$work/py_$round.csv"
  time_benchmark real rcs_basis --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
      > "$work/nomo_$round.txt"
done

summarise median "$work"/r_*.csv "$work"/py_*.csv "$work"/nomo_*.txt <<'PYTHON'
rows = [("W4 basis, fixed knots", "rcspline.eval(x, knots, inclx = TRUE)", "basis_fixed_knots", "basis_fixed_knots"),
        ("W4 basis, fixed knots", "numpy (same formula)", "numpy_basis_fixed_knots", "basis_fixed_knots"),
        ("W4 knots + basis", "rcspline.eval(x, nk = 4, inclx = TRUE)", "basis_with_knots", "basis_with_knots"),
        ("W1 + rcs(age, 4) fit", "lrm(y ~ rcs(age, 4) + ...)", "rcs_fit_w1", "rcs_fit_w1")]
print(f"{'workload':<24}{'peer':<42}{'nomo speed-up':>14}")
for workload, peer_name, peer, nomo in rows:
    print(f"{workload:<24}{peer_name:<42}{'x%.1f' % ratio(peer, 'nomo.' + nomo):>14}")
PYTHON
