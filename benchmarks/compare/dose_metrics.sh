#!/usr/bin/env bash
# All plan metrics of one patient (Table 2 + brainstem Dmax/Dmean) on a 256 x 256 x 200 grid with
# five structures: nomo::dose (benchmarks/dose_metrics.cpp) against the equivalent numpy/scipy code
# (benchmarks/compare/dose_metrics.py) on identical voxels, interleaved in one run (two rounds; the
# faster round counts for each tool). CPU times, because the machine is shared. Prints nomo's
# speed-up, how far each is from the memory-bandwidth bound (one read of the dose and the five
# masks at the streaming-read bandwidth measured in the same run), and whether both tools agree.
#   benchmarks/compare/dose_metrics.sh [BENCH_BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNOMO_BUILD_BENCHMARKS=ON \
      -DNOMO_BUILD_TESTS=OFF -DNOMO_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target dose_metrics >/dev/null
/usr/bin/python3 "$root/benchmarks/compare/dose_metrics.py" write "$work"

run_nomo() {
  NOMO_DOSE_BENCH_DIR="$work" "$build/benchmarks/dose_metrics" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null |
  /usr/bin/python3 -c '
import json, sys
for b in json.load(sys.stdin)["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    name = b["run_name"].split("/")[0]
    print("nomo.%s %.9g" % (name, b["cpu_time"] * unit))
    if name == "BM_memory_read":  # 512 MiB per iteration; CPU time like every other figure here
        print("bandwidth %.9g" % ((512 << 20) / (b["cpu_time"] * unit)))
    if name == "BM_plan_metrics":
        for key in ("tc", "pitv", "ci", "hi", "gi", "ddz_mean", "ddz_v95", "brain_mean", "brain_mean_bed",
                    "brain_v30_cc", "stem_max", "stem_mean"):
            print("nomo_metric %s %.12g" % (key, b[key]))
    if name == "BM_expand_margin":
        print("nomo_metric ptv_voxels %.12g" % b["ptv_voxels"])'
}
run_numpy() { /usr/bin/python3 "$root/benchmarks/compare/dose_metrics.py" time "$work"; }

: > "$work/times"
run_numpy >> "$work/times"; run_nomo >> "$work/times"
run_nomo >> "$work/times"; run_numpy >> "$work/times"

/usr/bin/python3 - "$work/times" <<'PY'
import sys
best, metric, nomo_metric = {}, {}, {}
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0] == "metric":
        metric[parts[1]] = float(parts[2])
    elif parts[0] == "nomo_metric":
        nomo_metric[parts[1]] = float(parts[2])
    elif parts[0] == "bandwidth":
        best["bandwidth"] = max(best.get("bandwidth", 0.0), float(parts[1]))
    else:
        best[parts[0]] = min(best.get(parts[0], float("inf")), float(parts[1]))
voxels = 256 * 256 * 200
bound = voxels * (4 + 5) / best["bandwidth"]  # seconds for one read of dose + five masks
nomo, peer = best["nomo.BM_plan_metrics"], best["numpy"]
print("all plan metrics, 256x256x200, five structures (CPU time, faster of two interleaved rounds)")
print(f"  streaming-read bandwidth      {best['bandwidth'] / 1e9:8.2f} GB/s -> bound {bound * 1e3:7.2f} ms")
print(f"  nomo::dose                    {nomo * 1e3:8.2f} ms   ({nomo / bound:5.1f}x the bandwidth bound)")
print(f"  numpy/scipy                   {peer * 1e3:8.2f} ms   ({peer / bound:5.1f}x the bandwidth bound)")
print(f"  nomo speed-up vs numpy        {peer / nomo:8.1f}x")
margin, scipy_margin = best["nomo.BM_expand_margin"], best["scipy_margin"]
print(f"  margin GTV+2 mm, nomo         {margin * 1e3:8.2f} ms   (EDT on the structure's reach)")
print(f"  margin GTV+2 mm, scipy EDT    {scipy_margin * 1e3:8.2f} ms   (whole grid) -> speed-up {scipy_margin / margin:.0f}x")
worst = max(abs(nomo_metric[k] - metric[k]) / max(abs(metric[k]), 1e-12) for k in nomo_metric)
print(f"  largest relative difference nomo vs numpy over {len(nomo_metric)} metrics: {worst:.2e}")
PY
