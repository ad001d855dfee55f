#!/usr/bin/env bash
# All plan metrics of one patient (Table 2 + brainstem Dmax/Dmean) on a 256 x 256 x 200 grid with
# five structures: nomo::dose (benchmarks/dose_metrics.cpp) against the equivalent numpy/scipy code
# (benchmarks/compare/dose_metrics.py) on identical voxels, interleaved in one run (two rounds; the
# faster round counts for each tool). CPU times, because the machine is shared. Prints nomo's
# speed-up, how far each is from the memory-bandwidth bound (one read of the dose and the five
# masks at the streaming-read bandwidth measured in the same run), and whether both tools agree.
#   benchmarks/compare/dose_metrics.sh [BENCH_BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"
build_benchmark dose_metrics
/usr/bin/python3 "$root/benchmarks/compare/dose_metrics.py" write "$work"

run_nomo() {
  NOMO_DOSE_BENCH_DIR="$work" time_benchmark cpu dose_metrics --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true 2>/dev/null
}
run_numpy() { /usr/bin/python3 "$root/benchmarks/compare/dose_metrics.py" time "$work"; }

: > "$work/times"
run_numpy >> "$work/times"; run_nomo >> "$work/times"
run_nomo >> "$work/times"; run_numpy >> "$work/times"

summarise min "$work/times" <<'PY'
bandwidth = (512 << 20) / t["nomo.BM_memory_read"]  # BM_memory_read reads 512 MiB per iteration
metric = {name.split()[1]: value for name, value in t.items() if name.startswith("metric ")}
nomo_metric = {name.split(":")[1]: value for name, value in t.items() if name.startswith("nomo.BM_plan_metrics:")}
nomo_metric["ptv_voxels"] = t["nomo.BM_expand_margin:ptv_voxels"]
voxels = 256 * 256 * 200
bound = voxels * (4 + 5) / bandwidth  # seconds for one read of dose + five masks
nomo, peer = t["nomo.BM_plan_metrics"], t["numpy"]
print("all plan metrics, 256x256x200, five structures (CPU time, faster of two interleaved rounds)")
print(f"  streaming-read bandwidth      {bandwidth / 1e9:8.2f} GB/s -> bound {bound * 1e3:7.2f} ms")
print(f"  nomo::dose                    {nomo * 1e3:8.2f} ms   ({nomo / bound:5.1f}x the bandwidth bound)")
print(f"  numpy/scipy                   {peer * 1e3:8.2f} ms   ({peer / bound:5.1f}x the bandwidth bound)")
print(f"  nomo speed-up vs numpy        {peer / nomo:8.1f}x")
margin, scipy_margin = t["nomo.BM_expand_margin"], t["scipy_margin"]
print(f"  margin GTV+2 mm, nomo         {margin * 1e3:8.2f} ms   (EDT on the structure's reach)")
print(f"  margin GTV+2 mm, scipy EDT    {scipy_margin * 1e3:8.2f} ms   (whole grid) -> speed-up {scipy_margin / margin:.0f}x")
worst = max(abs(nomo_metric[k] - metric[k]) / max(abs(metric[k]), 1e-12) for k in nomo_metric)
print(f"  largest relative difference nomo vs numpy over {len(nomo_metric)} metrics: {worst:.2e}")
PY
