// Speed of nomo's ROC/DeLong code (eval/roc.hpp, eval/delong.hpp) on workload W5 of
// shared/benchmarks/WORKLOADS.md (n = 100,000 scores, 30 % positives):
//   roc_delong_w5 — ROC curve + AUC + DeLong 95 % CI: what pROC's roc() + ci.auc() compute
//   auc_w5        — ROC curve and AUC only: what sklearn's roc_auc_score computes
//   delong_test_w5 — paired DeLong test of the score against a noisier copy (roc.test)
// benchmarks/compare/roc_auc.sh times pROC and sklearn on the same data in the same run.
#include <benchmark/benchmark.h>

#include "nomo/eval/delong.hpp"
#include "nomo/eval/roc.hpp"
#include "workloads.hpp"

namespace {

const nomo_bench::w5_data& w5() {
  static const nomo_bench::w5_data data = nomo_bench::make_w5();
  return data;
}

/// A second score on the same patients for the paired test: W5's score plus independent noise,
/// rounded like W5's (stream 5003 is not used by any other workload).
const Eigen::VectorXd& w5_second_score() {
  static const Eigen::VectorXd second = [] {
    Eigen::VectorXd s = w5().score;
    for (Eigen::Index i = 0; i < s.size(); ++i) {
      s(i) = nomo_bench::rnd(s(i) + nomo_bench::normal12(5003, static_cast<std::uint64_t>(i)), 1e6);
    }
    return s;
  }();
  return second;
}

void roc_delong_w5(benchmark::State& state) {
  for (auto _ : state) {
    const auto curve = nomo::eval::roc(w5().score, w5().label);
    benchmark::DoNotOptimize(nomo::eval::delong_ci(curve));
  }
}

void auc_w5(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(nomo::eval::roc(w5().score, w5().label).auc);
}

void delong_test_w5(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(nomo::eval::delong_test(w5().score, w5_second_score(), w5().label));
}

}  // namespace

BENCHMARK(roc_delong_w5)->Unit(benchmark::kMillisecond);
BENCHMARK(auc_w5)->Unit(benchmark::kMillisecond);
BENCHMARK(delong_test_w5)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
