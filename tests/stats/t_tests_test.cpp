// nomo::stats t-tests against t.test (tests/reference/stats_tests.R).
#include <catch2/catch.hpp>

#include <vector>

#include "nomo/stats/t_tests.hpp"
#include "invalid_input.hpp"
#include "stats_fixture.hpp"

using nomo::stats::alternative;
using nomo::stats::t_test_options;
using nomo::stats::variance_assumption;

namespace {

void check_t_test_against_r(const nomo::stats::test_result& result, const std::string& test_case) {
  const auto r = nomo_test::stats_result(test_case);
  INFO(test_case);
  CHECK(result.statistic == Approx(r.at("statistic")).epsilon(1e-12));
  CHECK(result.p_value == Approx(r.at("p")).epsilon(1e-10));
  CHECK(result.df == Approx(r.at("df")).epsilon(1e-12));
  CHECK(result.estimate == Approx(r.at("estimate")).epsilon(1e-12));
  CHECK(result.lower == Approx(r.at("lower")).epsilon(1e-10));
  CHECK(result.upper == Approx(r.at("upper")).epsilon(1e-10));
}

}  // namespace

TEST_CASE("t-tests sum as R's mean() and var() do, in long double") {
  // R: x <- 1e15 + c(0.125, 3.375, 10.5, 7.625, 20.375, 1.875, 4.625); t.test(x, mu = 1e15) gives
  // t = 2.64465870258889746, P = 0.03830108950058346, mean − mu = 6.875, interval − mu
  // (0.5, 13.25). Summed in double, the mean was 7 and t 2.6927.
  const std::vector<double> x{1e15 + 0.125, 1e15 + 3.375, 1e15 + 10.5, 1e15 + 7.625,
                              1e15 + 20.375, 1e15 + 1.875, 1e15 + 4.625};
  const auto one = nomo::stats::t_test(x, t_test_options{alternative::two_sided, 1e15});
  CHECK(one.statistic == Approx(2.64465870258889746).epsilon(1e-12));
  CHECK(one.p_value == Approx(0.03830108950058346).epsilon(1e-10));
  CHECK(one.estimate - 1e15 == 6.875);
  CHECK(one.lower - 1e15 == Approx(0.5).margin(0.126));  // within one step of doubles near 1e15 (0.125)
  CHECK(one.upper - 1e15 == Approx(13.25).margin(0.126));
  // t.test(x, 1e15 + c(1, 2, 3.5, 4.25)): t 1.52733045139132639, df 6.90340475886349481, P 0.17111067752703582.
  const auto welch = nomo::stats::t_test_two_sample(x, {1e15 + 1, 1e15 + 2, 1e15 + 3.5, 1e15 + 4.25});
  CHECK(welch.statistic == Approx(1.52733045139132639).epsilon(1e-12));
  CHECK(welch.df == Approx(6.90340475886349481).epsilon(1e-12));
  CHECK(welch.p_value == Approx(0.17111067752703582).epsilon(1e-10));
}

TEST_CASE("t-tests match t.test: Student, Welch (two- and one-sided), paired, one sample") {
  const auto x = nomo_test::stats_sample("t_two", "x"), y = nomo_test::stats_sample("t_two", "y");
  check_t_test_against_r(nomo::stats::t_test_two_sample(x, y, variance_assumption::pooled), "t_student");
  check_t_test_against_r(nomo::stats::t_test_two_sample(x, y), "t_welch");
  check_t_test_against_r(
      nomo::stats::t_test_two_sample(x, y, variance_assumption::welch, t_test_options{alternative::less, 0, 0.9}),
      "t_welch_less");
  const auto a = nomo_test::stats_sample("t_paired", "x"), b = nomo_test::stats_sample("t_paired", "y");
  check_t_test_against_r(nomo::stats::t_test_paired(a, b), "t_paired");
  check_t_test_against_r(nomo::stats::t_test(nomo_test::stats_sample("t_one", "x"), t_test_options{alternative::two_sided, 0.5}),
                  "t_one");
}

TEST_CASE("t-tests reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  require_invalid([&] { nomo::stats::t_test({1.0}); }, {"x (non-missing values) = 1"});
  require_invalid([&] { nomo::stats::t_test({2, 2, 2}); }, {"x = \"constant data\""});
  require_invalid([&] { nomo::stats::t_test_paired({1, 2, 3}, {1, 2, 3}); }, {"constant data"});  // all differences 0
  require_invalid([&] { nomo::stats::t_test({1e308, 1.7e308}); }, {"x[1] = 1.6999999999999999e+308", "overflow"});
  require_invalid([&] { nomo::stats::t_test({1, 2}, t_test_options{alternative::two_sided, 0, 0}); },
                  {"conf_level = 0"});
  require_invalid([&] { nomo::stats::t_test_two_sample({1, 2, 3}, {4.0}); }, {"y (non-missing values) = 1"});
  require_invalid([&] { nomo::stats::t_test_two_sample({1.0}, {4.0}, variance_assumption::pooled); },
                  {"x.size() + y.size() = 2"});
  require_invalid([&] { nomo::stats::t_test_two_sample({1, -HUGE_VAL}, {4, 5}); }, {"x[1] = -Inf"});
  require_invalid([&] { nomo::stats::t_test_two_sample({1, 2, 3}, {4, 5, 7}, static_cast<variance_assumption>(2)); },
                  {"stats::t_test_two_sample", "variance = 2", "unknown variance_assumption",
                   "expected welch or pooled"});
  require_invalid([&] { nomo::stats::t_test_paired({1, 2, 3}, {1, 2}); }, {"y.size() = 2"});
  // Each value is finite, but the second difference overflows (R's t.test gives NaN).
  require_invalid([&] { nomo::stats::t_test_paired({1, 1e308, 3}, {2, -1e308, 1}); },
                  {"x[1] = 1e+308", "y[1] = -1e+308", "overflow"});
  require_invalid([&] { nomo::stats::t_test_paired({1, std::nan(""), 3}, {1, 2, std::nan("")}); },
                  {"x - y (non-missing values) = 1"});
  // An alternative outside the enumerators gave P = 1 and the interval [0, 0].
  const t_test_options bad_alternative{static_cast<alternative>(7)};
  CHECK_THROWS_AS(nomo::stats::t_test({1, 2, 3}, bad_alternative), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::stats::t_test({1, 2, 3}, bad_alternative),
                    Catch::Contains("nomo::stats::t_test_options::validate: alternative = 7: unknown alternative"));
}
