// W4 of WORKLOADS.md: the restricted cubic spline basis of 10^6 values (4 knots at the type-7
// quantiles 0.05, 0.35, 0.65, 0.95), with and without placing the knots, and an rcs logistic fit at
// paper size (W1 with rcs(age, 4)). benchmarks/compare/rcs_basis.sh times Hmisc::rcspline.eval and
// lrm(y ~ rcs(age, 4) + ...) on the same data.
#include <benchmark/benchmark.h>

#include <vector>

#include "nomo/core/numeric.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/spline/rcs.hpp"
#include "workloads.hpp"

namespace {

const std::vector<double>& w4_values() {
  static const std::vector<double> x = [] {
    const Eigen::VectorXd v = nomo_bench::make_w4_x();
    return std::vector<double>(v.data(), v.data() + v.size());
  }();
  return x;
}

/// rcspline.eval(x, knots, inclx = TRUE) with the W4 knots given.
void basis_fixed_knots(benchmark::State& state) {
  const auto& x = w4_values();
  const std::vector<double> knots = nomo::quantiles(x, {0.05, 0.35, 0.65, 0.95});
  for (auto _ : state) {
    Eigen::MatrixXd b = nomo::spline::rcs_basis(x, knots);
    benchmark::DoNotOptimize(b.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(x.size()));
}
BENCHMARK(basis_fixed_knots)->Unit(benchmark::kMillisecond);

/// rcspline.eval(x, nk = 4, inclx = TRUE): Hmisc's knot placement, then the basis.
void basis_with_knots(benchmark::State& state) {
  const auto& x = w4_values();
  for (auto _ : state) {
    const auto choice = nomo::spline::rcs_knots(x, 4);
    Eigen::MatrixXd b = nomo::spline::rcs_basis(x, choice.knots);
    benchmark::DoNotOptimize(b.data());
  }
}
BENCHMARK(basis_with_knots)->Unit(benchmark::kMillisecond);

/// lrm(y ~ rcs(age, 4) + marker + sex + diab + grp) on W1: knots, basis, design and the fit.
void rcs_fit_w1(benchmark::State& state) {
  const nomo_bench::w1_data d = nomo_bench::make_w1();
  const std::vector<double> age(d.x.col(0).data(), d.x.col(0).data() + d.x.rows());
  for (auto _ : state) {
    const auto choice = nomo::spline::rcs_knots(age, 4);
    Eigen::MatrixXd x(d.x.rows(), 8);
    x.leftCols(3) = nomo::spline::rcs_basis(age, choice.knots);
    x.rightCols(5) = d.x.rightCols(5);
    const auto fit = nomo::glm::fit_logistic(x, d.y);
    benchmark::DoNotOptimize(fit.coefficients.data());
  }
}
BENCHMARK(rcs_fit_w1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
