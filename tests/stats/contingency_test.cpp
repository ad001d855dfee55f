// nomo::stats::chi_square_test and fisher_exact against chisq.test and fisher.test
// (tests/reference/stats_tests.R).
#include <catch2/catch.hpp>

#include "nomo/stats/contingency.hpp"
#include "invalid_input.hpp"
#include "stats_fixture.hpp"

using nomo::stats::alternative;
using nomo::stats::fisher_options;

namespace {

// R's NA (no estimate) must be a field the test does not fill; Inf limits must match exactly.
void check_value(double actual, bool present, double expected, double tolerance) {
  if (std::isnan(expected)) {
    CHECK_FALSE(present);
  } else if (std::isinf(expected) || expected == 0) {
    CHECK(actual == expected);
  } else {
    CHECK(actual == Approx(expected).epsilon(tolerance));
  }
}

}  // namespace

TEST_CASE("chi_square_test matches chisq.test with and without Yates' correction") {
  for (const std::string name : {"t2x2", "t2x2_small", "t2x3", "t3x3", "t2x2_zero"}) {
    const Eigen::MatrixXd table = nomo_test::stats_table(name);
    const auto r = nomo_test::stats_result(name + "_chisq");
    const auto result = nomo::stats::chi_square_test(table);
    INFO(name);
    CHECK(result.statistic == Approx(r.at("statistic")).epsilon(1e-12));
    CHECK(result.p_value == Approx(r.at("p")).epsilon(1e-10));
    CHECK(result.df == r.at("df"));
    if (table.rows() == 2 && table.cols() == 2) {
      const auto plain = nomo::stats::chi_square_test(table, false);
      const auto rp = nomo_test::stats_result(name + "_chisq_noyates");
      CHECK(plain.statistic == Approx(rp.at("statistic")).epsilon(1e-12));
      CHECK(plain.p_value == Approx(rp.at("p")).epsilon(1e-10));
    }
  }
  CHECK_FALSE(nomo::stats::chi_square_test(nomo_test::stats_table("t2x2_small")).note.empty());
  CHECK(nomo::stats::chi_square_test(nomo_test::stats_table("t2x3")).note.empty());
}

TEST_CASE("fisher_exact matches fisher.test: P, conditional MLE odds ratio and limits, r x c P") {
  for (const std::string name : {"t2x2", "t2x2_small", "t2x3", "t3x3", "t2x2_zero"}) {
    const Eigen::MatrixXd table = nomo_test::stats_table(name);
    const bool two_by_two = table.rows() == 2 && table.cols() == 2;
    std::vector<std::pair<std::string, fisher_options>> variants{{"_fisher", {}}};
    if (two_by_two) {
      variants.push_back({"_fisher_less", {alternative::less}});
      variants.push_back({"_fisher_greater", {alternative::greater, 0.9}});
    }
    for (const auto& [suffix, options] : variants) {
      const auto r = nomo_test::stats_result(name + suffix);
      const auto result = nomo::stats::fisher_exact(table, options);
      INFO(name << suffix);
      CHECK(result.p_value == Approx(r.at("p")).epsilon(1e-10));
      check_value(result.estimate, result.has_estimate, r.at("estimate"), 1e-10);
      check_value(result.lower, result.has_conf_int, r.at("lower"), 1e-10);
      check_value(result.upper, result.has_conf_int, r.at("upper"), 1e-10);
    }
  }
}

TEST_CASE("contingency tests reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  Eigen::MatrixXd negative(2, 2), fractional(2, 2), empty_row(2, 2), thin(1, 3);
  negative << 1, -2, 3, 4;
  fractional << 1, 2.5, 3, 4;
  empty_row << 0, 0, 3, 4;
  thin << 1, 2, 3;
  require_invalid([&] { nomo::stats::chi_square_test(negative); }, {"counts(0, 1) = -2"});
  require_invalid([&] { nomo::stats::chi_square_test(fractional); }, {"counts(0, 1) = 2.5"});
  require_invalid([&] { nomo::stats::chi_square_test(empty_row); }, {"counts row 0 total = 0"});
  require_invalid([&] { nomo::stats::chi_square_test(thin); }, {"counts = \"1 x 3\""});
  require_invalid([&] { nomo::stats::fisher_exact(negative); }, {"counts(0, 1) = -2"});
  Eigen::MatrixXd huge(2, 2);
  huge << 1e9, 1e9, 1e9, 1e9;
  CHECK_THROWS_AS(nomo::stats::fisher_exact(huge), nomo::computation_error);
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(huge), Catch::Contains("use chi_square_test"));
  require_invalid([&] { nomo::stats::fisher_exact(fractional); }, {"counts(0, 1) = 2.5"});
  require_invalid([&] { nomo::stats::fisher_exact(thin); }, {"counts = \"1 x 3\""});
  require_invalid([&] { nomo::stats::fisher_exact(nomo_test::stats_table("t2x3"), {alternative::less}); },
                  {"options.alternative = \"one-sided\""});
  require_invalid([&] { nomo::stats::fisher_exact(nomo_test::stats_table("t2x2"), {alternative::two_sided, 1.0}); },
                  {"conf_level = 1"});
  CHECK_THROWS_AS(nomo::stats::fisher_exact(nomo_test::stats_table("t3x3"), {alternative::two_sided, 0.95, 10}),
                  nomo::computation_error);
  Eigen::MatrixXd overflowing(2, 2);  // the row total times the column total, 1e400, overflows (R: X-squared = NaN)
  overflowing << 1e200, 1, 1, 1e200;
  require_invalid([&] { nomo::stats::chi_square_test(overflowing); }, {"counts(0, 0) = 9.9999999999999997e+199", "overflow"});
}
