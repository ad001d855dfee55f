// All plan metrics of one patient on a 256 × 256 × 200 dose grid with five structures (GTV, PTV,
// brain, body, brainstem): summarize_plan (Table 2) plus the brainstem statistics, against the
// machine's streaming-read bandwidth measured here, and GTV → PTV margin expansion on the full grid.
//
// The phantom is the one benchmarks/compare/dose_metrics.py writes: when NOMO_DOSE_BENCH_DIR names
// its folder the raw files are read (so numpy and nomo see identical voxels), otherwise the same
// definitions are evaluated here. Counters: bytes_per_second counts the minimum traffic of one pass
// (4-byte dose + five 1-byte masks per voxel); tc, pitv, gi, ... let the compare script check that
// both tools computed the same numbers.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "nomo/dose/dvh.hpp"
#include "nomo/dose/grid.hpp"
#include "nomo/dose/morphology.hpp"
#include "nomo/dose/plan_summary.hpp"

namespace {

using namespace nomo::dose;

constexpr double target_x = 25, target_y = 10, target_z = 6, gtv_radius = 8, prescription = 52.5;

grid_geometry phantom_geometry() {
  grid_geometry g{{256, 256, 200}, {0.9, 0.9, 1.0}, {0, 0, 0}};
  for (int a = 0; a < 3; ++a) g.origin[a] = -(static_cast<double>(g.size[a]) - 1) / 2 * g.spacing[a];
  return g;
}

struct phantom {
  dose_grid<float> dose;
  mask gtv, ptv, brain, body, brainstem;
};

template <class T>
std::vector<T> read_raw(const std::string& path, std::size_t n) {
  std::vector<T> values(n);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(n * sizeof(T))))
    throw std::runtime_error("cannot read " + path);
  return values;
}

double plan_dose(double x, double y, double z) {
  const double r = std::sqrt((x - target_x) * (x - target_x) + (y - target_y) * (y - target_y) + (z - target_z) * (z - target_z));
  return 58.0 / (1.0 + std::exp((r - 12.42) / 1.781)) + 2.0 * std::exp(-(x * x + y * y + z * z) / (2 * 60.0 * 60.0));
}

phantom make_phantom() {
  const grid_geometry g = phantom_geometry();
  if (const char* dir = std::getenv("NOMO_DOSE_BENCH_DIR")) {
    const std::string d(dir);
    const std::size_t n = g.voxel_count();
    return {dose_grid<float>(g, read_raw<float>(d + "/dose.f32", n)), mask(g, read_raw<std::uint8_t>(d + "/gtv.u8", n)),
            mask(g, read_raw<std::uint8_t>(d + "/ptv.u8", n)), mask(g, read_raw<std::uint8_t>(d + "/brain.u8", n)),
            mask(g, read_raw<std::uint8_t>(d + "/body.u8", n)), mask(g, read_raw<std::uint8_t>(d + "/brainstem.u8", n))};
  }
  const mask gtv = make_mask(g, [](double x, double y, double z) {
    return (x - target_x) * (x - target_x) + (y - target_y) * (y - target_y) + (z - target_z) * (z - target_z) <= gtv_radius * gtv_radius;
  });
  return {make_dose_grid<float>(g, plan_dose), gtv, expand_margin(gtv, 2.0, {margin_rule::centre, 0.0}).structure,
          make_mask(g, [](double x, double y, double z) { return x * x / (70.0 * 70.0) + y * y / (85.0 * 85.0) + z * z / (60.0 * 60.0) <= 1.0; }),
          make_mask(g, [](double x, double y, double z) { return x * x / (80.0 * 80.0) + y * y / (100.0 * 100.0) + z * z / (90.0 * 90.0) <= 1.0; }),
          make_mask(g, [](double x, double y, double z) { return std::sqrt(x * x + (y + 15) * (y + 15)) <= 12.0 && z > -55.0 && z < -20.0; })};
}

const phantom& the_phantom() {
  static const phantom p = make_phantom();
  return p;
}

void BM_memory_read(benchmark::State& state) {
  // A streaming read of 512 MB (larger than any cache): the bandwidth bound of a one-pass metric.
  std::vector<std::uint32_t> buffer(std::size_t(128) << 20, 1u);
  for (auto _ : state) {
    std::uint32_t sum = std::accumulate(buffer.begin(), buffer.end(), 0u);
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(buffer.size() * sizeof(std::uint32_t)));
}
BENCHMARK(BM_memory_read)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_plan_metrics(benchmark::State& state) {
  const phantom& p = the_phantom();
  plan_summary_options options;
  options.prescription_gy = prescription;
  options.fractions = 15;
  plan_parameters table;
  structure_statistics stem;
  for (auto _ : state) {
    table = summarize_plan(p.dose, p.gtv, p.ptv, p.brain, p.body, options);
    stem = dose_statistics(p.dose, p.brainstem);
    benchmark::DoNotOptimize(table);
    benchmark::DoNotOptimize(stem);
  }
  const auto voxels = static_cast<std::int64_t>(p.dose.size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * voxels * (4 + 5));
  state.counters["tc"] = table.tc;
  state.counters["pitv"] = table.pitv;
  state.counters["ci"] = table.ci_paddick;
  state.counters["hi"] = table.hi;
  state.counters["gi"] = table.gi;
  state.counters["ddz_mean"] = table.ddz_mean_gy;
  state.counters["ddz_v95"] = table.ddz_v95_percent;
  state.counters["brain_mean"] = table.normal_brain_mean_gy;
  state.counters["brain_mean_bed"] = table.normal_brain_mean_bed_gy;
  state.counters["brain_v30_cc"] = table.normal_brain_v30_cc;
  state.counters["stem_max"] = stem.max_gy;
  state.counters["stem_mean"] = stem.mean_gy;
}
BENCHMARK(BM_plan_metrics)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_expand_margin(benchmark::State& state) {
  const phantom& p = the_phantom();
  for (auto _ : state) {
    margin_result ptv = expand_margin(p.gtv, 2.0, {margin_rule::centre, 0.0});
    benchmark::DoNotOptimize(ptv);
  }
  state.counters["ptv_voxels"] = static_cast<double>(expand_margin(p.gtv, 2.0, {margin_rule::centre, 0.0}).structure.voxel_count());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(p.gtv.size()));
}
BENCHMARK(BM_expand_margin)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
