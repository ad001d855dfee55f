// nomo::survival::log_rank and log_rank_stratified against survival::survdiff
// (tests/reference/survival_km.R) and the rms-spec section 8 worked example.
#include <catch2/catch.hpp>

#include <string>

#include "nomo/survival/log_rank.hpp"
#include "invalid_input.hpp"
#include "survival_fixture.hpp"

using nomo::survival::log_rank;
using nomo::survival::log_rank_stratified;

TEST_CASE("log_rank matches survdiff: observed, expected, variance, chi-square, df and P") {
  const auto tests = nomo_test::read_table("survival_logrank.csv");
  const auto groups = nomo_test::read_table("survival_logrank_groups.csv");
  for (std::size_t r = 0; r < tests.size(); ++r) {
    const std::string dataset = tests.rows[r].at(0);
    const bool stratified = tests.rows[r].at(1) == "1";
    const auto data = nomo_test::read_survival_set(dataset);
    const auto test = stratified ? log_rank_stratified(data.time, data.status, data.group, data.stratum)
                                 : log_rank(data.time, data.status, data.group);
    INFO(dataset << (stratified ? " stratified" : ""));
    const auto value = [&](const char* column) { return tests.column(column)(static_cast<Eigen::Index>(r)); };
    CHECK(test.chi_square == Approx(value("chisq")).epsilon(1e-10));
    CHECK(test.df == static_cast<int>(value("df")));
    CHECK(test.p_value == Approx(value("p")).epsilon(1e-9));
    const auto rows = nomo_test::rows_where(groups, {{"dataset", dataset}, {"stratified", tests.rows[r].at(1)}});
    REQUIRE(rows.size() == test.groups.size());
    for (std::size_t g = 0; g < rows.size(); ++g) {
      const auto cell = [&](const char* column) { return groups.column(column)(static_cast<Eigen::Index>(rows[g])); };
      const auto gi = static_cast<Eigen::Index>(g);
      CHECK(test.groups[g] == groups.rows[rows[g]].at(groups.index("group")));
      CHECK(static_cast<double>(test.n[g]) == cell("n"));
      CHECK(test.observed[g] == cell("observed"));
      CHECK(test.expected[g] == Approx(cell("expected")).epsilon(1e-12));
      CHECK(test.variance(gi, gi) == Approx(cell("var_diag")).epsilon(1e-12));
      CHECK(test.variance(gi, 0) == Approx(cell("var_first")).epsilon(1e-12));
    }
  }
}

TEST_CASE("log_rank reproduces the rms-spec section 8 worked example (numeric sex code)") {
  const auto data = nomo_test::read_survival_set("example");
  std::vector<double> sex;
  for (const auto& g : data.group) sex.push_back(std::stod(g));
  const auto test = log_rank(data.time, data.status, sex);
  REQUIRE(test.groups == std::vector<std::string>{"0", "1"});
  CHECK(test.observed[0] == 48);
  CHECK(test.observed[1] == 66);
  CHECK(test.expected[0] == Approx(69.9153649550).epsilon(1e-11));
  CHECK(test.expected[1] == Approx(44.0846350450).epsilon(1e-11));
  CHECK(test.variance(0, 0) == Approx(26.3332584826).epsilon(1e-11));
  CHECK(test.chi_square == Approx(18.2386551755312).epsilon(1e-12));
  CHECK(test.df == 1);
  CHECK(test.p_value == Approx(1.94883231140e-05).epsilon(1e-10));
}

TEST_CASE("log_rank rejects bad input, naming argument and value") {
  using nomo_test::require_invalid;
  const std::vector<std::string> two{"a", "b", "a"};
  require_invalid([&] { log_rank({1, -1, 2}, {1, 0, 1}, two); }, {"time[1] = -1"});
  require_invalid([&] { log_rank({1, 1, 2}, {1, 0.5, 1}, two); }, {"status[1] = 0.5"});
  require_invalid([&] { log_rank({1, 1, 2}, {1, 0, 1}, std::vector<std::string>{"a", "a", "a"}); },
                  {"group = \"a\"", "at least two"});
  require_invalid([&] { log_rank({1, 1, 2}, {1, 0, 1}, two, {"a", "b", "c"}); }, {"levels = \"c\"", "no subjects"});
  require_invalid([&] { log_rank({1, 1, 2}, {1, 0, 1}, two, {"b", "a", "b"}); }, {"levels[2] = \"b\": repeats levels[0]"});
  require_invalid([&] { log_rank({1, 1, 2}, {1, 0, 1}, std::vector<double>{0, 1}); }, {"group.size() = 2"});
  require_invalid([&] { log_rank_stratified({1, 1, 2}, {1, 0, 1}, two, {"x", ""}); }, {"stratum.size() = 2"});
  require_invalid([&] { log_rank_stratified({1, 1, 2}, {1, 0, 1}, two, {"x", "", "y"}); }, {"stratum[1] = \"\""});
  require_invalid([&] { log_rank({1, 1, 2}, {0, 0, 0}, two); }, {"status = \"all 0\"", "no events"});
  require_invalid([&] { log_rank({1, 1, 2}, {0, 0, 0}, std::vector<double>{0, 1, 0}); }, {"status = \"all 0\""});
  require_invalid([&] { log_rank_stratified({1, 1, 2}, {0, 0, 0}, two, {"x", "x", "y"}); }, {"status = \"all 0\""});
}

TEST_CASE("log_rank throws where survdiff's variance is singular, as R's solve() stops") {
  // R: survdiff(Surv(c(2,2,2,2), c(1,1,1,1)) ~ c("a","a","b","b")) and the stratified case below both
  // stop with "Lapack routine dgesv: system is exactly singular".
  using Catch::Matchers::Contains;
  const auto all_die_at_once = [] { log_rank({2, 2, 2, 2}, {1, 1, 1, 1}, std::vector<std::string>{"a", "a", "b", "b"}); };
  CHECK_THROWS_AS(all_die_at_once(), nomo::computation_error);
  CHECK_THROWS_WITH(all_die_at_once(), Contains("log_rank") && Contains("variance of observed − expected events is singular"));
  const std::vector<double> time{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 5, 5};
  const std::vector<double> status{1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1};
  const std::vector<std::string> group{"A", "B", "A", "B", "A", "B", "A", "B", "A", "B", "C", "C"};
  std::vector<std::string> stratum(10, "s1");
  stratum.insert(stratum.end(), {"s2", "s2"});
  CHECK_THROWS_AS(log_rank_stratified(time, status, group, stratum), nomo::computation_error);
}
