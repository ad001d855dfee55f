#!/usr/bin/env bash
# Kaplan–Meier by group + log-rank on W6 of WORKLOADS.md (n = 100,000 survival times, two groups):
# nomo (benchmarks/km_logrank.cpp) against survival::survfit(Surv(time, status) ~ group), survdiff
# and concordance(Surv(time, status) ~ group, reverse = TRUE) on identical data (benchmarks/compare/workloads.py), in two interleaved rounds; the faster
# round counts for each tool. CPU times (user + system), because the machine is shared. Prints
# nomo's speed-up = R time / nomo time, and both tools' log-rank chi-square and medians as a check.
#   benchmarks/compare/km_logrank.sh [BENCH_BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark km_logrank
write_workloads W6

cat > "$work/peer.R" <<'RSCRIPT'
suppressPackageStartupMessages(library(survival))
d <- read.csv(file.path(commandArgs(TRUE)[1], "w6.csv"))
cpu <- function(f, reps = 7) {
  median(replicate(reps, { t0 <- proc.time(); f(); t1 <- proc.time()
    (t1[["user.self"]] - t0[["user.self"]]) + (t1[["sys.self"]] - t0[["sys.self"]]) }))
}
km <- function() survfit(Surv(time, status) ~ group, data = d)
lr <- function() survdiff(Surv(time, status) ~ group, data = d)
cc <- function() concordance(Surv(time, status) ~ group, data = d, reverse = TRUE)
cat(sprintf("R.km %.9g\nR.logrank %.9g\nR.both %.9g\nR.concordance %.9g\n", cpu(km), cpu(lr),
            cpu(function() { km(); lr() }), cpu(cc)))
cat(sprintf("R.cindex %.17g\nR.cse %.17g\n", cc()$concordance, sqrt(cc()$var)))
medians <- summary(km())$table[, "median"]
cat(sprintf("R.chisq %.17g\nR.median0 %.9g\nR.median1 %.9g\n", lr()$chisq, medians[1], medians[2]))
RSCRIPT

run_nomo() {
  time_benchmark cpu km_logrank --single-core --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null
}
run_r() { "${single_core[@]}" Rscript "$work/peer.R" "$work"; }

: > "$work/times"
run_r >> "$work/times"; run_nomo >> "$work/times"
run_nomo >> "$work/times"; run_r >> "$work/times"

summarise min "$work/times" <<'PY'
print("W6: n = 100,000, two groups (CPU time, faster of two interleaved rounds)")
print(f"{'task':<28}{'R (ms)':>10}{'nomo (ms)':>11}   speed-up (R / nomo)")
for task, bench, peer in (("km", "BM_kaplan_meier_w6", "survfit"), ("logrank", "BM_log_rank_w6", "survdiff"),
                          ("both", "BM_km_and_log_rank_w6", "survfit + survdiff"),
                          ("concordance", "BM_concordance_w6", "concordance")):
    r, n = t["R." + task], t["nomo." + bench]
    print(f"{peer:<28}{r * 1e3:>10.1f}{n * 1e3:>11.1f}   {r / n:.1f}x")
print(f"check chisq: R {t['R.chisq']:.6f}  nomo {t['nomo.BM_log_rank_w6:chi_square']:.6f}")
km = "nomo.BM_kaplan_meier_w6:median_group"
print(f"check medians: R {t['R.median0']:g}/{t['R.median1']:g}  nomo {t[km + '0']:g}/{t[km + '1']:g}")
cc = "nomo.BM_concordance_w6:"
print(f"check concordance: R {t['R.cindex']:.9f} (SE {t['R.cse']:.9f})  nomo {t[cc + 'concordance']:.9f} "
      f"(SE {t[cc + 'std_err']:.9f})")
PY
