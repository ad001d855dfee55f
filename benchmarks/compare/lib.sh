# Shared by the compare scripts, which source it as `. "$(dirname "$0")/lib.sh" "$@"`. It sets
#   root   the repository,
#   build  the benchmark build directory (the script's first argument, else $root/build-bench),
#   work   a scratch directory removed on exit,
#   user_cxx_flags  NOMO_BENCH_CXX_FLAGS, default "-march=native -Wno-maybe-uninitialized": the flags a
#          user of the header-only library would pick for their own program (GCC 12 reports a false
#          maybe-uninitialized inside its AVX-512 intrinsics, which -Werror would make a failed build),
#   single_core  a command prefix that pins a single-threaded run to one CPU (NOMO_BENCH_CPU, default
#          the last one; "none" leaves runs unpinned): the peers and nomo's 1-thread benchmarks all
#          run there, so that both sides of a ratio share a core. On the 2-vCPU VMs these numbers come
#          from, CPU 0 ran R 1.7x and nomo 1.3x slower than CPU 1 in the same minute, so unpinned
#          ratios moved with where the scheduler happened to put each process.
# and defines the steps every comparison repeats: build one benchmark, write the WORKLOADS.md data,
# time a Google Benchmark binary, and combine the rounds' times into the ratios each script prints.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
user_cxx_flags=${NOMO_BENCH_CXX_FLAGS--march=native -Wno-maybe-uninitialized}
bench_cpu=${NOMO_BENCH_CPU:-$(( $(nproc) - 1 ))}
single_core=()
if [ "$bench_cpu" != none ] && command -v taskset >/dev/null; then single_core=(taskset -c "$bench_cpu"); fi

# build_benchmark TARGET [CXX_FLAGS]: configure the Release benchmark build (with CXX_FLAGS when
# given; otherwise the build keeps the flags it has) and build TARGET.
build_benchmark() {
  local flags=()
  if [ $# -gt 1 ]; then flags=(-DCMAKE_CXX_FLAGS="$2"); fi
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNOMO_BUILD_BENCHMARKS=ON \
        -DNOMO_BUILD_TESTS=OFF -DNOMO_BUILD_EXAMPLES=OFF "${flags[@]}" >/dev/null
  cmake --build "$build" --target "$1" >/dev/null
}

# write_workloads W1 ...: the named WORKLOADS.md data sets as CSV files in $work.
write_workloads() { /usr/bin/python3 "$root/benchmarks/compare/workloads.py" "$work" "$@"; }

# time_benchmark real|cpu TARGET [--single-core] [ARGS...]: runs benchmarks/TARGET (pinned with
# single_core when asked: give it a --benchmark_filter of the 1-thread benchmarks) and prints one
# line "nomo.<name> <seconds>" per benchmark (its median when ARGS ask for repetitions) and one line
# "nomo.<name>:<counter> <value>" per user counter. <name> drops Google Benchmark's "/iterations:N"
# and "/real_time" suffixes, so that it does not change with how a benchmark is run.
time_benchmark() {
  local clock=$1 target=$2 prefix=()
  shift 2
  if [ "${1:-}" = --single-core ]; then
    prefix=("${single_core[@]}")
    shift
  fi
  "${prefix[@]}" "$build/benchmarks/$target" --benchmark_format=json "$@" |
    /usr/bin/python3 -c "$benchmark_json_to_times" "$clock"
}
read -r -d '' benchmark_json_to_times <<'PY' || true
import json, sys
clock = sys.argv[1] + "_time"
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
standard = {"name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
            "repetition_index", "threads", "aggregate_name", "aggregate_unit", "iterations", "real_time",
            "cpu_time", "time_unit", "bytes_per_second", "items_per_second", "label"}
runs = json.load(sys.stdin)["benchmarks"]
medians = [b for b in runs if b.get("aggregate_name") == "median"]
for b in medians or runs:
    name = "/".join(part for part in b["run_name"].split("/")
                    if part != "real_time" and not part.startswith("iterations:"))
    print(f"nomo.{name} {b[clock] * scale[b['time_unit']]:.9g}")
    for key, value in b.items():
        if key not in standard and isinstance(value, (int, float)):
            print(f"nomo.{name}:{key} {value!r}")
PY

# summarise median|min FILE... <<'PY' (report code): reads lines "<name> <value>" or "<name>,<value>"
# (the peers' and time_benchmark's output, one file per tool and round), combines each name's values
# over the rounds by their median or minimum into `t` (name -> value), keeps the first text value of
# each name in `notes`, and runs the report code, which has `t`, `notes` and `ratio(peer, nomo)`.
summarise() { /usr/bin/python3 -c "$summary_prelude"$'\n'"$(cat)" "$@"; }
read -r -d '' summary_prelude <<'PY' || true
import statistics, sys
combine = {"median": statistics.median, "min": min}[sys.argv[1]]
values, notes = {}, {}
for path in sys.argv[2:]:
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        name, value = line.split(",", 1) if "," in line else line.rsplit(None, 1)
        try:
            number = float(value)
        except ValueError:
            notes.setdefault(name, value)
            continue
        values.setdefault(name, []).append(number)
t = {name: combine(v) for name, v in values.items()}
def ratio(peer, nomo):
    return t[peer] / t[nomo]
PY
