#!/usr/bin/env bash
# Times R glm, glm.fit, rms::lrm, lrm.fit and statsmodels Logit against nomo::glm::fit_logistic on
# the same data (W1 and W2 of WORKLOADS.md), R/Python and nomo interleaved in one run, and prints
# nomo's speed-up (peer time / nomo time, medians) and how far the W2 fit is from the
# memory-bandwidth bound: design bytes × passes ÷ bandwidth measured in the same run on as many
# threads as the fit, beside the floor WORKLOADS.md states (4 reads at ~10 GB/s: 0.065 s on one
# core, 0.033 s on two).
#   benchmarks/compare/glm_fit.sh [BENCH_BUILD_DIR]
# nomo is built with NOMO_BENCH_CXX_FLAGS (see lib.sh); R and statsmodels run as Debian ships them.
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark glm_fit "$user_cxx_flags"
write_workloads W1 W2

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

# The 1-thread fits and the read of X share the peers' CPU (see lib.sh); the 2-thread fit has both.
for round in 1 2; do
  "${single_core[@]}" Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  "${single_core[@]}" /usr/bin/python3 "$work/peer.py" "$work" > "$work/py_$round.csv"
  time_benchmark real glm_fit --single-core --benchmark_filter='fit_w1|/threads:1/' \
      --benchmark_repetitions=3 --benchmark_report_aggregates_only=true > "$work/nomo_$round.txt"
  time_benchmark real glm_fit --benchmark_filter='threads:2/' \
      --benchmark_repetitions=3 --benchmark_report_aggregates_only=true >> "$work/nomo_$round.txt"
done

summarise median "$work"/r_*.csv "$work"/py_*.csv "$work"/nomo_*.txt <<'PYTHON'
print(f"{'workload / peer':<22}{'speed-up vs nomo 1 thread':>28}{'vs nomo 2 threads':>20}")
for name in ("w1/glm", "w1/glm.fit", "w1/lrm", "w1/lrm.fit", "w1/statsmodels"):
    print(f"{name:<22}{'x%.1f' % ratio(name, 'nomo.fit_w1'):>28}")
for name in ("w2/glm", "w2/lrm.fit", "w2/statsmodels"):
    print(f"{name:<22}{'x%.1f' % ratio(name, 'nomo.fit_w2/threads:1'):>28}"
          f"{'x%.1f' % ratio(name, 'nomo.fit_w2/threads:2'):>20}")
passes = t["nomo.fit_w2/threads:1:passes"]
design_bytes = t["nomo.fit_w2/threads:1:design_bytes"]
print(f"\nW2 bandwidth bound: nomo reads X {passes:.3g} times (passes over a 1-in-8 subsample of "
      f"blocks for the start, the start's pass, which also checks X, then one per Newton step); "
      f"the floor is that many reads of X on as many threads as the fit, timed in the same run")
# WORKLOADS.md's stated floor: 4 reads of X at ~10 GB/s, 0.065 s on one core, 0.033 s on two.
stated_floor = {1: 0.065, 2: 0.033}
for threads in (1, 2):
    fit = t[f"nomo.fit_w2/threads:{threads}"]
    read = t[f"nomo.read_w2/threads:{threads}"]
    print(f"  {threads} thread(s): one read of X {read * 1e3:.1f} ms ({design_bytes / read / 1e9:.1f} GB/s); "
          f"fit / ({passes:.3g} reads) = x{fit / (passes * read):.2f}; "
          f"fit / (4 reads, R's iteration count) = x{fit / (4 * read):.2f}; "
          f"fit / WORKLOADS.md floor ({stated_floor[threads]:.3f} s) = x{fit / stated_floor[threads]:.2f}")
PYTHON
