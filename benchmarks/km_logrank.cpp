// W6 of WORKLOADS.md (n = 100,000 two-group survival times in days): Kaplan–Meier curves by group
// and the log-rank test, the work of survival::survfit(Surv(time, status) ~ group) and survdiff,
// and (not a WORKLOADS task) Harrell's C of the group as a risk score with its standard error,
// survival::concordance(Surv(time, status) ~ group, reverse = TRUE).
// benchmarks/compare/km_logrank.sh times R on the same data in the same run. The counters repeat
// the reference results (log-rank chi-square 1376.809, medians 696 / 538 days) as a check.
#include <benchmark/benchmark.h>

#include <vector>

#include "nomo/survival/concordance.hpp"
#include "nomo/survival/kaplan_meier.hpp"
#include "nomo/survival/log_rank.hpp"
#include "workloads.hpp"

namespace {

struct w6_vectors {
  std::vector<double> time, status, group;
};

const w6_vectors& w6() {
  static const w6_vectors data = [] {
    const auto d = nomo_bench::make_w6();
    return w6_vectors{{d.time.data(), d.time.data() + d.time.size()},
                      {d.status.data(), d.status.data() + d.status.size()},
                      {d.group.data(), d.group.data() + d.group.size()}};
  }();
  return data;
}

void BM_kaplan_meier_w6(benchmark::State& state) {
  const auto& d = w6();
  nomo::survival::kaplan_meier_fit fit;
  for (auto _ : state) {
    fit = nomo::survival::kaplan_meier(d.time, d.status, d.group);
    benchmark::DoNotOptimize(fit.curves.data());
  }
  state.counters["median_group0"] = *fit.curves[0].median;
  state.counters["median_group1"] = *fit.curves[1].median;
}
BENCHMARK(BM_kaplan_meier_w6)->Unit(benchmark::kMillisecond);

void BM_log_rank_w6(benchmark::State& state) {
  const auto& d = w6();
  nomo::survival::log_rank_test test;
  for (auto _ : state) {
    test = nomo::survival::log_rank(d.time, d.status, d.group);
    benchmark::DoNotOptimize(test.chi_square);
  }
  state.counters["chi_square"] = test.chi_square;
}
BENCHMARK(BM_log_rank_w6)->Unit(benchmark::kMillisecond);

void BM_km_and_log_rank_w6(benchmark::State& state) {
  const auto& d = w6();
  for (auto _ : state) {
    const auto fit = nomo::survival::kaplan_meier(d.time, d.status, d.group);
    const auto test = nomo::survival::log_rank(d.time, d.status, d.group);
    benchmark::DoNotOptimize(fit.curves.data());
    benchmark::DoNotOptimize(test.chi_square);
  }
}
BENCHMARK(BM_km_and_log_rank_w6)->Unit(benchmark::kMillisecond);

void BM_concordance_w6(benchmark::State& state) {
  const auto& d = w6();
  const Eigen::Map<const Eigen::VectorXd> risk(d.group.data(), static_cast<Eigen::Index>(d.group.size()));
  nomo::survival::concordance_result c;
  for (auto _ : state) {
    c = nomo::survival::concordance(d.time, d.status, risk);
    benchmark::DoNotOptimize(c);  // the whole struct: DoNotOptimize(double&) left std_err garbage (GCC 12, benchmark 1.7)
  }
  state.counters["concordance"] = c.concordance;
  state.counters["std_err"] = c.std_err;
}
BENCHMARK(BM_concordance_w6)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
