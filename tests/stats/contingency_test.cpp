// nomo::stats::chi_square_test and fisher_exact against chisq.test and fisher.test
// (tests/reference/stats_tests.R and, for r x c tables beyond enumeration, stats_fisher_rxc.R).
#include <map>
#include <string>
#include <vector>

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
      const auto plain = nomo::stats::chi_square_test(table, nomo::stats::continuity_correction::none);
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

namespace {

/// The r x c tables of tests/reference/stats_fisher_rxc.R, by case, with R's P and table probability.
struct fisher_rxc_case {
  Eigen::MatrixXd counts;
  double p = 0, table_p = 0;
};

std::map<std::string, fisher_rxc_case> fisher_rxc_cases() {
  const auto tables = nomo_test::read_table("stats_fisher_rxc_tables.csv");
  const auto results = nomo_test::read_table("stats_fisher_rxc_results.csv");
  std::map<std::string, std::vector<Eigen::Index>> rows_of;
  const auto cases = tables.text("case");
  for (std::size_t i = 0; i < cases.size(); ++i) rows_of[cases[i]].push_back(static_cast<Eigen::Index>(i));
  const Eigen::VectorXd row = tables.column("row"), col = tables.column("col"), count = tables.column("count");
  std::map<std::string, fisher_rxc_case> out;
  const auto names = results.text("case");
  const Eigen::VectorXd p = results.column("p"), table_p = results.column("table_p");
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto& at = rows_of.at(names[k]);
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(1 + static_cast<Eigen::Index>(row(at).maxCoeff()),
                                              1 + static_cast<Eigen::Index>(col(at).maxCoeff()));
    for (const Eigen::Index i : at) m(static_cast<Eigen::Index>(row(i)), static_cast<Eigen::Index>(col(i))) = count(i);
    out[names[k]] = {m, p(static_cast<Eigen::Index>(k)), table_p(static_cast<Eigen::Index>(k))};
  }
  return out;
}

}  // namespace

TEST_CASE("fisher_exact's network algorithm matches fisher.test on r x c tables beyond enumeration") {
  const auto cases = fisher_rxc_cases();
  REQUIRE(cases.size() == 29);
  for (const auto& [name, c] : cases) {
    INFO(name);
    const auto result = nomo::stats::fisher_exact(c.counts);
    // FEXACT merges partial tables within its own tolerance: measured agreement 9e-11 at worst.
    CHECK(result.p_value == Approx(c.p).epsilon(1e-9));
    CHECK(result.statistic == Approx(c.table_p).epsilon(1e-12));
    CHECK(result.exact);
  }
  // Transposing a table changes nothing (the network keys on the shorter side either way).
  CHECK(nomo::stats::fisher_exact(cases.at("tall_5x3").counts).p_value ==
        Approx(nomo::stats::fisher_exact(cases.at("wide_3x5").counts).p_value).epsilon(1e-14));
}

TEST_CASE("fisher_exact's network algorithm gives the exact P where FEXACT does not") {
  // A 2 x 30 table on which R 4.2's fisher.test returns 0.99146392378682 (workspace 2e7), while
  // fisher.test(simulate.p.value = TRUE, B = 2e6) after set.seed(1) gives 0.996822 (Monte Carlo SE
  // 4e-5); the exact answer agrees with the simulation, not with FEXACT.
  Eigen::MatrixXd wide(2, 30);
  for (int j = 0; j < 30; ++j) {
    wide(0, j) = 1 + (j * 7919) % 3;
    wide(1, j) = 1 + (j * 104729) % 4;
  }
  CHECK(nomo::stats::fisher_exact(wide).p_value == Approx(0.996822).margin(4 * 4e-5));
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
  require_invalid([&] { nomo::stats::chi_square_test(thin, static_cast<nomo::stats::continuity_correction>(3)); },
                  {"stats::chi_square_test", "correction = 3", "unknown continuity_correction (expected yates or none)"});
  require_invalid([&] { nomo::stats::fisher_exact(negative); }, {"counts(0, 1) = -2"});
  Eigen::MatrixXd huge(2, 2);
  huge << 1e9, 1e9, 1e9, 1e9;
  CHECK_THROWS_AS(nomo::stats::fisher_exact(huge), nomo::computation_error);
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(huge), Catch::Contains("use chi_square_test"));
  require_invalid([&] { nomo::stats::fisher_exact(fractional); }, {"counts(0, 1) = 2.5"});
  require_invalid([&] { nomo::stats::fisher_exact(Eigen::MatrixXd::Zero(3, 3)); }, {"counts = \"all zero\""});
  require_invalid([&] { nomo::stats::fisher_exact(Eigen::MatrixXd::Zero(2, 2)); }, {"counts = \"all zero\""});
  // One huge cell: beyond 2^53 the counts are not exact integers; beyond 10^7 subjects an r x c
  // table's log-probabilities are not exact enough (it returned P = 1 at 1e18, and threw
  // std::length_error at 1e300).
  Eigen::MatrixXd huge_cell(3, 3);
  huge_cell << 1e18, 2, 3, 4, 5, 6, 7, 8, 9;
  require_invalid([&] { nomo::stats::fisher_exact(huge_cell); }, {"counts total = 1e+18", "2^53"});
  huge_cell(0, 0) = 1e300;
  require_invalid([&] { nomo::stats::fisher_exact(huge_cell); }, {"counts total", "2^53"});
  huge_cell(0, 0) = 1e8;
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(huge_cell), Catch::Contains("counts total = 100000044"));
  require_invalid([&] { nomo::stats::fisher_exact(thin); }, {"counts = \"1 x 3\""});
  require_invalid([&] { nomo::stats::fisher_exact(nomo_test::stats_table("t2x3"), {alternative::less}); },
                  {"options.alternative = \"one-sided\""});
  require_invalid([&] { nomo::stats::fisher_exact(nomo_test::stats_table("t2x2"), {alternative::two_sided, 1.0}); },
                  {"conf_level = 1"});
  CHECK_THROWS_AS(nomo::stats::fisher_exact(nomo_test::stats_table("t3x3"), {alternative::two_sided, 0.95, 10}),
                  nomo::computation_error);
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(nomo_test::stats_table("t3x3"), {alternative::two_sided, 0.95, 10}),
                    Catch::Contains("options.max_paths = 10"));
  require_invalid([&] { nomo::stats::fisher_exact(nomo_test::stats_table("t3x3"), {alternative::two_sided, 0.95, 0.5}); },
                  {"max_paths = 0.5"});
  // An alternative outside the enumerators gave P = 1 and the interval [0, 0].
  CHECK_THROWS_AS(nomo::stats::fisher_exact(nomo_test::stats_table("t2x2"), {static_cast<alternative>(7)}),
                  nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(nomo_test::stats_table("t2x2"), {static_cast<alternative>(7)}),
                    Catch::Contains("nomo::stats::fisher_options::validate: alternative = 7: unknown alternative"));
  // A 2 x 3000 table is far beyond a budget (R 4.2's fisher.test runs for minutes on a 2 x 100
  // one): it throws instead of running on or exhausting the stack.
  Eigen::MatrixXd very_wide(2, 3000);
  for (int j = 0; j < 3000; ++j) {
    very_wide(0, j) = 1 + (j * 7919) % 3;
    very_wide(1, j) = 1 + (j * 104729) % 4;
  }
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(very_wide, {alternative::two_sided, 0.95, 1e7}),
                    Catch::Contains("use chi_square_test or raise max_paths"));
  // A 3 x 3 table of 9,240 subjects, where R's FEXACT stops with its error 501: the budget stops it.
  Eigen::MatrixXd large(3, 3);
  large << 1000, 1100, 980, 1200, 1000, 1010, 900, 1050, 1000;
  CHECK_THROWS_WITH(nomo::stats::fisher_exact(large, {alternative::two_sided, 0.95, 1e7}), Catch::Contains("max_paths"));
  Eigen::MatrixXd overflowing(2, 2);  // the row total times the column total, 1e400, overflows (R: X-squared = NaN)
  overflowing << 1e200, 1, 1, 1e200;
  require_invalid([&] { nomo::stats::chi_square_test(overflowing); }, {"counts(0, 0) = 9.9999999999999997e+199", "overflow"});
}
