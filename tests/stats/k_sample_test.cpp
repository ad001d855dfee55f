// nomo::stats::kruskal_wallis and one_way_anova against kruskal.test and oneway.test
// (tests/reference/stats_tests.R: 3 groups, and 4 tied groups of unequal sizes).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "invalid_input.hpp"
#include "nomo/stats/anova.hpp"
#include "nomo/stats/rank_tests.hpp"
#include "stats_fixture.hpp"

using nomo::stats::variance_assumption;

namespace {

std::vector<std::vector<double>> groups_of(const std::string& test_case, std::size_t k) {
  std::vector<std::vector<double>> out;
  for (std::size_t g = 1; g <= k; ++g) out.push_back(nomo_test::stats_sample(test_case, "g" + std::to_string(g)));
  return out;
}

void check_k_sample_against_r(const nomo::stats::test_result& result, const std::string& test_case) {
  const auto r = nomo_test::stats_result(test_case);
  INFO(test_case);
  CHECK(result.statistic == Approx(r.at("statistic")).epsilon(1e-12));
  CHECK(result.p_value == Approx(r.at("p")).epsilon(1e-10));
  CHECK(result.df == r.at("df"));
  if (r.count("df2")) CHECK(result.df2 == Approx(r.at("df2")).epsilon(1e-12));
}

}  // namespace

TEST_CASE("kruskal_wallis matches kruskal.test, with and without ties") {
  check_k_sample_against_r(nomo::stats::kruskal_wallis(groups_of("k3", 3)), "k3_kruskal");
  check_k_sample_against_r(nomo::stats::kruskal_wallis(groups_of("k4_ties", 4)), "k4_ties_kruskal");
  CHECK(nomo::stats::kruskal_wallis(groups_of("k3", 3)).method == "Kruskal-Wallis rank sum test");
}

TEST_CASE("one_way_anova matches oneway.test, Welch's and with equal variances") {
  check_k_sample_against_r(nomo::stats::one_way_anova(groups_of("k3", 3)), "k3_welch");
  check_k_sample_against_r(nomo::stats::one_way_anova(groups_of("k3", 3), variance_assumption::pooled), "k3_anova");
  check_k_sample_against_r(nomo::stats::one_way_anova(groups_of("k4_ties", 4)), "k4_ties_welch");
  check_k_sample_against_r(nomo::stats::one_way_anova(groups_of("k4_ties", 4), variance_assumption::pooled),
                           "k4_ties_anova");
}

TEST_CASE("two groups: Welch's one-way F is the square of Welch's t (closed form)") {
  const auto groups = groups_of("k3", 2);
  const auto f = nomo::stats::one_way_anova(groups);
  const auto t = nomo::stats::t_test_two_sample(groups[0], groups[1]);
  CHECK(f.statistic == Approx(t.statistic * t.statistic).epsilon(1e-12));
  CHECK(f.df2 == Approx(t.df).epsilon(1e-12));
  CHECK(f.p_value == Approx(t.p_value).epsilon(1e-10));
}

TEST_CASE("k-sample tests reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  const double nan = std::nan("");
  require_invalid([] { nomo::stats::kruskal_wallis({{1, 2}}); }, {"stats::kruskal_wallis", "groups.size() = 1"});
  require_invalid([&] { nomo::stats::kruskal_wallis({{1, 2}, {nan}}); }, {"groups[1] (non-missing values) = 0"});
  require_invalid([] { nomo::stats::kruskal_wallis({{1, HUGE_VAL}, {1, 2}}); }, {"groups[0][1] = Inf"});
  require_invalid([] { nomo::stats::kruskal_wallis({{3, 3}, {3}, {3, 3}}); }, {"groups = \"all values equal\""});
  require_invalid([] { nomo::stats::one_way_anova({{1, 2, 3}}); }, {"stats::one_way_anova", "groups.size() = 1"});
  require_invalid([] { nomo::stats::one_way_anova({{1, 2}, {3}}); }, {"groups[1] (non-missing values) = 1"});
  require_invalid([] { nomo::stats::one_way_anova({{1, 2}, {3, 3}}); }, {"groups = \"a constant group\""});
  require_invalid([] { nomo::stats::one_way_anova({{1}, {3}}, variance_assumption::pooled); }, {"groups (values) = 2"});
  require_invalid([] { nomo::stats::one_way_anova({{1, 1}, {3, 3}}, variance_assumption::pooled); },
                  {"groups = \"constant within every group\""});
  require_invalid([] { nomo::stats::one_way_anova({{1, 2}, {3, 5}}, static_cast<variance_assumption>(7)); },
                  {"stats::one_way_anova", "variance = 7", "unknown variance_assumption (expected welch or pooled)"});
  // Overflow (R's oneway.test gives F = NaN): in a group's variance, and, with finite group
  // moments, in the squared differences of the group means (2 · 1e320).
  require_invalid([] { nomo::stats::one_way_anova({{1e300, -1e300}, {2e300, 1e300}}); },
                  {"groups[0][0] = 1.0000000000000001e+300", "overflow"});
  require_invalid(
      [] {
        nomo::stats::one_way_anova({{-1e160, -1.000000001e160}, {1e160, 1.000000001e160}}, variance_assumption::pooled);
      },
                  {"groups[0][1] = -1.000000001e+160", "overflow"});
}
