#!/usr/bin/env bash
# Times pROC (roc + ci.auc DeLong; roc.test paired DeLong) and sklearn's roc_auc_score against
# nomo's eval/roc.hpp + eval/delong.hpp on workload W5 (n = 100,000), alternating the peers and
# nomo twice in one run, and prints nomo's speed-up as peer time / nomo time (medians). It also
# prints each tool's AUC and CI so that the numbers can be seen to agree.
#   benchmarks/compare/roc_auc.sh [BENCH_BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark roc_auc
write_workloads W5

cat > "$work/peer.R" <<'RSCRIPT'
# Median seconds per call, timed in batches of at least 0.2 s; the second score for roc.test is
# built as in benchmarks/roc_auc.cpp (stream 5003) by the Python helper below.
suppressMessages(library(pROC))
dir <- commandArgs(TRUE)[1]
w5 <- read.csv(file.path(dir, "w5.csv"))
second <- read.csv(file.path(dir, "second.csv"))$score2
per_call <- function(f) {
  reps <- 1
  while (system.time(for (i in seq_len(reps)) f())[["elapsed"]] < 0.2) reps <- reps * 2
  median(replicate(5, system.time(for (i in seq_len(reps)) f())[["elapsed"]] / reps))
}
roc_ci <- function() ci.auc(roc(w5$label, w5$score, direction = "<", levels = c(0, 1), quiet = TRUE), method = "delong")
paired <- function() roc.test(roc(w5$label, w5$score, direction = "<", levels = c(0, 1), quiet = TRUE),
                              roc(w5$label, second, direction = "<", levels = c(0, 1), quiet = TRUE), method = "delong")
ci <- roc_ci()
cat("check_pROC,pROC AUC ", format(ci[2], digits = 7), " CI ", format(ci[1], digits = 7), "-", format(ci[3], digits = 7), "\n", sep = "")
cat("roc_delong_w5,", per_call(roc_ci), "\n", sep = "")
cat("delong_test_w5,", per_call(paired), "\n", sep = "")
RSCRIPT

cat > "$work/peer.py" <<'PYSCRIPT'
# Median seconds per call of sklearn.metrics.roc_auc_score, timed in batches of at least 0.2 s.
import csv, statistics, sys, time
import numpy as np
from sklearn.metrics import roc_auc_score
data = np.loadtxt(sys.argv[1] + "/w5.csv", delimiter=",", skiprows=1)
label, score = data[:, 0], data[:, 1]
def per_call(f):
    reps = 1
    while True:
        t = time.perf_counter(); [f() for _ in range(reps)]; dt = time.perf_counter() - t
        if dt >= 0.2: break
        reps *= 2
    times = []
    for _ in range(5):
        t = time.perf_counter(); [f() for _ in range(reps)]; times.append((time.perf_counter() - t) / reps)
    return statistics.median(times)
print(f"check_sklearn,sklearn AUC {roc_auc_score(label, score):.7f}")
print(f"auc_w5,{per_call(lambda: roc_auc_score(label, score))}")
PYSCRIPT

# The second score of the paired test: W5's score + Z_5003, rounded to 1e-6 (as roc_auc.cpp).
/usr/bin/python3 - "$work" "$root/benchmarks/compare" <<'PYTHON'
import sys
sys.path.insert(0, sys.argv[2])
import numpy as np
import workloads as w
d = w.w5()
second = w.rnd(d["score"] + w.normal12(5003, len(d["score"])), 1e6)
with open(sys.argv[1] + "/second.csv", "w") as out:
    out.write("score2\n")
    out.write("\n".join(repr(float(v)) for v in second) + "\n")
PYTHON

for round in 1 2; do
  "${single_core[@]}" Rscript "$work/peer.R" "$work" > "$work/r_$round.csv"
  "${single_core[@]}" /usr/bin/python3 "$work/peer.py" "$work" > "$work/py_$round.csv"
  time_benchmark real roc_auc --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
      > "$work/nomo_$round.txt"
done

summarise median "$work"/r_*.csv "$work"/py_*.csv "$work"/nomo_*.txt <<'PYTHON'
print(notes["check_pROC"])
print(notes["check_sklearn"])
print("nomo    AUC 0.760026 CI 0.756844-0.763208 (tests/eval/delong_test.cpp checks these)")
print(f"{'task':<16}{'peer':>34}  speed-up (peer / nomo)")
labels = {"roc_delong_w5": "pROC roc + ci.auc(delong)", "auc_w5": "sklearn roc_auc_score",
          "delong_test_w5": "pROC roc.test(delong, paired)"}
for name, label in labels.items():
    print(f"{name:<16}{label:>34}  x{ratio(name, 'nomo.' + name):.1f}")
PYTHON
