// Bootstrap validation and calibration at paper size (W3 of WORKLOADS.md: the W1 data and model,
// B = 1000), on 1 and 2 threads. benchmarks/compare/resample.sh times rms::validate and
// rms::calibrate on the same data and prints the ratios.

#include <benchmark/benchmark.h>

#include "nomo/resample/calibrate.hpp"
#include "nomo/resample/validate.hpp"
#include "workloads.hpp"

namespace {

const nomo_bench::w1_data& w1() {
  static const auto data = nomo_bench::make_w1();
  return data;
}

// Each benchmark calls its function once before timing, as rms' timings (the median of three runs)
// leave out R's first: a process's first two-thread runs took 10-11.5 ms against 8.4-8.8 ms later
// (waking the second vCPU and its thread's first allocations), which a mean of five iterations
// would charge to the steady state.

nomo::resample::plan_options plan_b1000() {
  nomo::resample::plan_options plan;
  plan.replicates = 1000;
  plan.seed = 1;
  return plan;
}

void validate_w3(benchmark::State& state) {
  const auto& d = w1();
  nomo::resample::validate_options options;
  options.runner.threads = static_cast<int>(state.range(0));
  benchmark::DoNotOptimize(nomo::resample::validate(d.x, d.y, plan_b1000(), options).dxy.corrected);
  for (auto _ : state) {
    auto v = nomo::resample::validate(d.x, d.y, plan_b1000(), options);
    benchmark::DoNotOptimize(v.dxy.corrected);
  }
}
BENCHMARK(validate_w3)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(10);

void calibrate_w3(benchmark::State& state) {
  const auto& d = w1();
  nomo::resample::calibrate_options options;
  options.runner.threads = static_cast<int>(state.range(0));
  benchmark::DoNotOptimize(nomo::resample::calibrate(d.x, d.y, plan_b1000(), options).errors.mean_absolute);
  for (auto _ : state) {
    auto c = nomo::resample::calibrate(d.x, d.y, plan_b1000(), options);
    benchmark::DoNotOptimize(c.errors.mean_absolute);
  }
}
BENCHMARK(calibrate_w3)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace
BENCHMARK_MAIN();
