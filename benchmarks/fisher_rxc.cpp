// Speed of Fisher's exact test on r x c tables (stats/fisher_network.hpp), on three tables of
// tests/reference/stats_fisher_rxc.R that enumeration could not do: a 3 x 5 table of 159 subjects,
// a sparse 4 x 6 table of 70 and a 5 x 5 table of 60 (the slowest of the 28 fixture tables).
// benchmarks/compare/fisher_rxc.sh times R's fisher.test on the same tables in the same run.
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "nomo/stats/contingency.hpp"

namespace {

/// The tables, row by row (their R fixture cases: r3x5_n159_skew0.1, r4x6_n70_skew1, r5x5_n60_skew1).
Eigen::MatrixXd table(int which) {
  switch (which) {
    case 0: {
      Eigen::MatrixXd m(3, 5);
      m << 18, 5, 8, 14, 12, 8, 20, 9, 36, 7, 4, 6, 3, 3, 6;
      return m;
    }
    case 1: {
      Eigen::MatrixXd m(4, 6);
      m << 1, 7, 10, 1, 5, 0, 0, 1, 7, 6, 6, 1, 1, 0, 0, 2, 6, 1, 0, 0, 2, 6, 3, 4;
      return m;
    }
    default: {
      Eigen::MatrixXd m(5, 5);
      m << 8, 1, 0, 2, 0, 0, 1, 0, 1, 2, 3, 7, 1, 5, 1, 6, 1, 4, 4, 2, 2, 5, 1, 2, 1;
      return m;
    }
  }
}

void fisher_rxc(benchmark::State& state) {
  const Eigen::MatrixXd counts = table(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const auto result = nomo::stats::fisher_exact(counts);
    benchmark::DoNotOptimize(result.p_value);
  }
}
BENCHMARK(fisher_rxc)->ArgName("table")->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
