// Speed of nomo's R-compatible primitives (core/numeric.hpp) on the shared workloads:
//   quantiles  — W4's 10^6 values and its first 123 at the 4-knot probabilities (rcs knot placement)
//   lowess     — W5 (10^5 scores vs labels) and its first 1,000 rows, iter = 0 (calibrate's smoother)
//   gini       — Gini mean difference of W5's scores and of its first 123 (lrm's g index, per
//                bootstrap replicate at paper size)
//   approx     — W5 labels interpolated on a 1,000-point score grid, ties averaged
// benchmarks/compare/core_numeric.sh times R on the same data in the same run.
#include <algorithm>
#include <vector>

#include <benchmark/benchmark.h>

#include "nomo/core/lowess.hpp"
#include "nomo/core/numeric.hpp"
#include "workloads.hpp"

namespace {

std::vector<double> to_std(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

const std::vector<double>& w4_x() {
  static const std::vector<double> x = to_std(nomo_bench::make_w4_x());
  return x;
}

struct w5_vectors {
  std::vector<double> score;
  std::vector<double> label;
};

const w5_vectors& w5() {
  static const w5_vectors data = [] {
    const auto d = nomo_bench::make_w5();
    return w5_vectors{to_std(d.score), to_std(d.label)};
  }();
  return data;
}

/// The first n values of `v`: paper-size (123) and full-size runs of the same task.
std::vector<double> head(const std::vector<double>& v, const benchmark::State& state) {
  return {v.begin(), v.begin() + static_cast<std::ptrdiff_t>(state.range(0))};
}

void quantiles_w4(benchmark::State& state) {
  const std::vector<double> x = head(w4_x(), state);
  const std::vector<double> probs{0.05, 0.35, 0.65, 0.95};
  for (auto _ : state) benchmark::DoNotOptimize(nomo::quantiles(x, probs));
}

void lowess_w5(benchmark::State& state) {
  const std::vector<double> x = head(w5().score, state);
  const std::vector<double> y = head(w5().label, state);
  nomo::lowess_options options;
  options.iterations = 0;
  for (auto _ : state) benchmark::DoNotOptimize(nomo::lowess(x, y, options));
}

void gini_w5(benchmark::State& state) {
  const std::vector<double> x = head(w5().score, state);
  for (auto _ : state) benchmark::DoNotOptimize(nomo::gini_mean_difference(x));
}

void approx_w5(benchmark::State& state) {
  const auto [lo, hi] = std::minmax_element(w5().score.begin(), w5().score.end());
  const std::vector<double> grid = nomo::seq_length(*lo, *hi, 1000);
  for (auto _ : state) benchmark::DoNotOptimize(nomo::approx(w5().score, w5().label, grid, nomo::approx_ties::mean));
}

}  // namespace

BENCHMARK(quantiles_w4)->Arg(123)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(lowess_w5)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(gini_w5)->Arg(123)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(approx_w5)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
