// Logistic fits at paper size (W1: n = 123, 6 columns + intercept) and big size (W2: n = 10^6,
// 20 columns + intercept), plus a streaming read of W2's design to measure the memory bandwidth
// that bounds the big fit (benchmarks/compare/glm_fit.sh turns these into ratios).

#include <benchmark/benchmark.h>

#include <thread>
#include <vector>

#include "nomo/glm/logistic.hpp"
#include "workloads.hpp"

namespace {

const nomo_bench::w1_data& w1() {
  static const auto data = nomo_bench::make_w1();
  return data;
}

const nomo_bench::w2_data& w2() {
  static const auto data = nomo_bench::make_w2();
  return data;
}

void fit_w1(benchmark::State& state) {
  const auto& d = w1();
  for (auto _ : state) {
    auto fit = nomo::glm::fit_logistic(d.x, d.y);
    benchmark::DoNotOptimize(fit.coefficients.data());
  }
}
BENCHMARK(fit_w1);

void fit_w2(benchmark::State& state) {
  const auto& d = w2();
  nomo::glm::irls_options options;
  options.threads = static_cast<int>(state.range(0));
  double passes = 0;
  for (auto _ : state) {
    auto fit = nomo::glm::fit_logistic(d.x, d.y, options);
    passes = fit.passes + fit.subsample_passes / 8.0;
    benchmark::DoNotOptimize(fit.coefficients.data());
  }
  // Reads of X: the subsample fit's passes over every 8th block (1/8 of X each) and the passes over
  // all rows (the starting point's, which also checks X, one per Newton step and halving, and any
  // restart).
  state.counters["passes"] = passes;
  state.counters["design_bytes"] = static_cast<double>(d.x.size()) * sizeof(double);
}
BENCHMARK(fit_w2)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(5);

// One streaming read of the design, the floor of one IRLS pass: on two threads each sums a
// contiguous half of X, the bandwidth bound of the 2-thread fit.
void read_w2(benchmark::State& state) {
  const auto& d = w2();
  const auto threads = static_cast<Eigen::Index>(state.range(0));
  const Eigen::Index size = d.x.size();
  std::vector<double> sums(static_cast<std::size_t>(threads));
  auto read_part = [&](Eigen::Index t) {
    const Eigen::Index begin = t * size / threads, end = (t + 1) * size / threads;
    sums[static_cast<std::size_t>(t)] = Eigen::Map<const Eigen::VectorXd>(d.x.data() + begin, end - begin).sum();
  };
  for (auto _ : state) {
    std::vector<std::thread> helpers;
    for (Eigen::Index t = 1; t < threads; ++t) helpers.emplace_back(read_part, t);
    read_part(0);
    for (auto& h : helpers) h.join();
    benchmark::DoNotOptimize(sums.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(size) *
                          static_cast<std::int64_t>(sizeof(double)));
}
BENCHMARK(read_w2)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

BENCHMARK_MAIN();
