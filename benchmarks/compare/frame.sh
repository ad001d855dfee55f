#!/usr/bin/env bash
# Reading a cohort and building its design, nomo vs the peers, on identical W1-shaped cohorts
# (WORKLOADS.md W1 generator; n = 123 and n = 100,000), timed in the same run:
#   read   nomo::io::read_csv        vs R read.csv, R data.table::fread (1 thread), pandas.read_csv
#   frame  nomo::model::make_frame   vs R model.matrix(y ~ rcs(age, 4) + marker + sex + diab + grp)
#          (rms loaded: knots, factor levels, complete cases and the design, like nomo's frame)
# Each tool is timed in two interleaved rounds (median of repetitions per round); the faster round
# counts, for every tool alike. Times are CPU times of the process (user + system; all tools run on
# one thread), because on the shared machine wall time mostly measures the other jobs.
# Prints nomo's speed-up = peer time / nomo time.
#   benchmarks/compare/frame.sh [BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark frame

/usr/bin/python3 - "$root/benchmarks/compare" "$work" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import workloads
for n in (123, 100000):
    workloads.write_csv(f"{sys.argv[2]}/w1_{n}.csv", workloads.w1(n))
PY

cat > "$work/peers.R" <<'RS'
suppressPackageStartupMessages({ library(rms); library(data.table) })
setDTthreads(1)
args <- commandArgs(TRUE)
time_median <- function(f, reps, inner) {
  times <- numeric(reps)
  for (r in seq_len(reps)) {
    t0 <- proc.time()
    for (k in seq_len(inner)) f()
    t1 <- proc.time()
    times[r] <- ((t1[["user.self"]] - t0[["user.self"]]) + (t1[["sys.self"]] - t0[["sys.self"]])) / inner
  }
  median(times)
}
for (n in c(123, 100000)) {
  path <- file.path(args[1], sprintf("w1_%d.csv", n))
  reps <- if (n < 1000) 15 else 5
  inner <- if (n < 1000) 200 else 1  # proc.time ticks in milliseconds
  d <- read.csv(path)
  cat(sprintf("read.csv %d %.9g\n", n, time_median(function() read.csv(path), reps, inner)))
  cat(sprintf("fread %d %.9g\n", n, time_median(function() fread(path), reps, inner)))
  cat(sprintf("model.matrix %d %.9g\n", n, time_median(function()
    model.matrix(y ~ rcs(age, 4) + marker + sex + diab + grp, d), reps, inner)))
}
RS

cat > "$work/pandas_peer.py" <<'PY'
import sys, time, timeit, statistics
import pandas as pd
for n in (123, 100000):
    path = f"{sys.argv[1]}/w1_{n}.csv"
    inner = 20 if n < 1000 else 1
    times = timeit.Timer(lambda: pd.read_csv(path), timer=time.process_time).repeat(number=inner, repeat=15 if n < 1000 else 5)
    print(f"pandas.read_csv {n} {statistics.median(times) / inner:.9g}")
PY

run_nomo() {
  NOMO_BENCH_DATA="$work" time_benchmark cpu frame --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true 2>/dev/null
}

: > "$work/times"
for round in 1 2; do
  if [ $round = 1 ]; then
    Rscript "$work/peers.R" "$work" >> "$work/times"; /usr/bin/python3 "$work/pandas_peer.py" "$work" >> "$work/times"; run_nomo >> "$work/times"
  else
    run_nomo >> "$work/times"; /usr/bin/python3 "$work/pandas_peer.py" "$work" >> "$work/times"; Rscript "$work/peers.R" "$work" >> "$work/times"
  fi
done

summarise min "$work/times" <<'PY'
pairs = [("read_csv_w1", ["read.csv", "fread", "pandas.read_csv"]), ("make_frame_w1", ["model.matrix"])]
print(f"{'n':>7}  {'nomo':<20} {'peer':<16} {'nomo time':>10} {'peer time':>10}  speed-up")
for nomo, peers in pairs:
    for n in (123, 100000):
        for peer in peers:
            a, b = t[f"nomo.{nomo}/{n}"], t[f"{peer} {n}"]
            print(f"{n:>7}  {nomo:<20} {peer:<16} {a * 1e3:>8.3f}ms {b * 1e3:>8.3f}ms  {b / a:7.1f}x")
PY
