// Speed of reading a cohort and building its model frame (io/csv.hpp, model/frame.hpp) on W1-shaped
// cohorts (WORKLOADS.md W1 generator) of paper size (n = 123) and registry size (n = 100,000):
//   read_csv_w1    — the cohort as a CSV file (y, age, marker, sex, diab, grp) into a table
//   make_frame_w1  — y ~ rcs(age, 4) + marker + sex + diab + grp from that table: knots, levels,
//                    complete cases, datadist limits and the design matrix
// benchmarks/compare/frame.sh times R (read.csv, data.table::fread, model.matrix with rms::rcs) and
// pandas.read_csv on the same data in the same run.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "workloads.hpp"

namespace {

std::string number_text(double v) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  return std::string(buffer, end);
}

/// W1 of n rows as CSV text, the columns of benchmarks/compare/workloads.py's w1().
std::string w1_csv(int n) {
  const auto d = nomo_bench::make_w1(n);
  std::string text = "y,age,marker,sex,diab,grp\n";
  for (int i = 0; i < n; ++i) {
    text += number_text(d.y(i)) + ',' + number_text(d.x(i, 0)) + ',' + number_text(d.x(i, 1)) + ',' +
            number_text(d.x(i, 2)) + ',' + number_text(d.x(i, 3)) + ',' + d.grp[static_cast<std::size_t>(i)] + '\n';
  }
  return text;
}

/// The W1 CSV of n rows: $NOMO_BENCH_DATA/w1_<n>.csv when the compare script wrote it (the peers
/// read the same file), else written once per process to a temporary file. Either way it is read
/// from the page cache in the timed loop.
const std::string& w1_file(int n) {
  static std::map<int, std::string> paths;
  auto& path = paths[n];
  if (!path.empty()) return path;
  if (const char* dir = std::getenv("NOMO_BENCH_DATA")) {
    path = std::string(dir) + "/w1_" + std::to_string(n) + ".csv";
    if (std::ifstream(path)) return path;
  }
  path = "/tmp/nomo_bench_frame_w1_" + std::to_string(n) + ".csv";
  std::ofstream(path) << w1_csv(n);
  return path;
}

nomo::model::model_spec w1_spec() {
  using namespace nomo::model;
  return model_spec{"y", {rcs("age", 4), continuous("marker"), continuous("sex"), continuous("diab"), categorical("grp")}};
}

void read_csv_w1(benchmark::State& state) {
  const std::string& path = w1_file(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(nomo::io::read_csv(path));
}

void make_frame_w1(benchmark::State& state) {
  const auto table = nomo::io::read_csv(w1_file(static_cast<int>(state.range(0))));
  const auto spec = w1_spec();
  for (auto _ : state) benchmark::DoNotOptimize(nomo::model::make_frame(table, spec));
}

}  // namespace

BENCHMARK(read_csv_w1)->Arg(123)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(make_frame_w1)->Arg(123)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
