// nomo::stats Wilcoxon rank-sum and signed-rank tests against wilcox.test
// (tests/reference/stats_tests.R).
#include <catch2/catch.hpp>

#include "nomo/stats/rank_tests.hpp"
#include "invalid_input.hpp"
#include "stats_fixture.hpp"

using nomo::stats::alternative;
using nomo::stats::wilcoxon_options;

namespace {

void check_rank_test_against_r(const nomo::stats::test_result& result, const std::string& test_case, bool exact) {
  const auto r = nomo_test::stats_result(test_case);
  INFO(test_case);
  CHECK(result.statistic == Approx(r.at("statistic")).epsilon(1e-12));
  CHECK(result.p_value == Approx(r.at("p")).epsilon(1e-10));
  CHECK(result.exact == exact);
}

// check_rank_test_against_r, and the note carries the warnings R raised (ties, zeroes, or none).
void check_rank_test_and_note_against_r(const nomo::stats::test_result& result, const std::string& test_case,
                                        bool exact) {
  check_rank_test_against_r(result, test_case, exact);
  CHECK(result.note == nomo_test::stats_warning(test_case));
}

}  // namespace

TEST_CASE("wilcoxon_rank_sum: exact P without ties, every alternative") {
  const auto x = nomo_test::stats_sample("ranksum_exact", "x"), y = nomo_test::stats_sample("ranksum_exact", "y");
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_rank_sum(x, y), "ranksum_exact", true);
  check_rank_test_against_r(nomo::stats::wilcoxon_rank_sum(x, y, {alternative::less}), "ranksum_exact_less", true);
  check_rank_test_against_r(nomo::stats::wilcoxon_rank_sum(x, y, {alternative::greater}), "ranksum_exact_greater", true);
}

TEST_CASE("wilcoxon_rank_sum and signed_rank: exact P far in the upper tail (counts beyond 2^53)") {
  // W = m·n − 1: P ~ 1e-18 and 1e-27, which 1 − P(W ≤ w − 1) would round to 0.
  const auto x = nomo_test::stats_sample("ranksum_exact_tail", "x"), y = nomo_test::stats_sample("ranksum_exact_tail", "y");
  check_rank_test_against_r(nomo::stats::wilcoxon_rank_sum(x, y), "ranksum_exact_tail", true);
  const auto fx = nomo_test::stats_sample("ranksum_exact_far_tail", "x");
  const auto fy = nomo_test::stats_sample("ranksum_exact_far_tail", "y");
  check_rank_test_against_r(nomo::stats::wilcoxon_rank_sum(fx, fy), "ranksum_exact_far_tail", true);
  check_rank_test_against_r(nomo::stats::wilcoxon_rank_sum(fx, fy, {alternative::greater}), "ranksum_exact_far_tail_greater", true);
  const auto d = nomo_test::stats_sample("signrank_exact_tail", "x");
  check_rank_test_against_r(nomo::stats::wilcoxon_signed_rank(d), "signrank_exact_tail", true);
}

TEST_CASE("wilcoxon_rank_sum: normal approximation with ties, with and without continuity correction") {
  const auto x = nomo_test::stats_sample("ranksum_ties", "x"), y = nomo_test::stats_sample("ranksum_ties", "y");
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_rank_sum(x, y), "ranksum_ties", false);
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_rank_sum(x, y, {alternative::two_sided, 0, false}), "ranksum_ties_nocorrect", false);
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_rank_sum(x, y, {alternative::greater}), "ranksum_ties_greater", false);
  const auto lx = nomo_test::stats_sample("ranksum_large", "x"), ly = nomo_test::stats_sample("ranksum_large", "y");
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_rank_sum(lx, ly), "ranksum_large", false);
}

TEST_CASE("wilcoxon_signed_rank: exact, shifted by mu, with ties and zeros, and paired") {
  const auto d1 = nomo_test::stats_sample("signrank_exact", "x");
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_signed_rank(d1), "signrank_exact", true);
  check_rank_test_against_r(nomo::stats::wilcoxon_signed_rank(d1, {alternative::greater, 0.3}), "signrank_exact_mu", true);
  const auto d2 = nomo_test::stats_sample("signrank_ties", "x");
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_signed_rank(d2), "signrank_ties", false);
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_signed_rank(d2, {alternative::two_sided, 0, false}), "signrank_ties_nocorrect", false);
  const auto a = nomo_test::stats_sample("signrank_paired", "x"), b = nomo_test::stats_sample("signrank_paired", "y");
  check_rank_test_and_note_against_r(nomo::stats::wilcoxon_signed_rank_paired(a, b), "signrank_paired", false);
}

TEST_CASE("exact rank-sum counts sum to the binomial coefficient (closed form)") {
  const auto counts = nomo::stats::detail::rank_sum_counts(4, 3);
  double total = 0;
  for (double c : counts) total += c;
  CHECK(total == 35);  // choose(7, 3)
  CHECK(counts.front() == 1);
  CHECK(counts.back() == 1);
  const auto signed_counts = nomo::stats::detail::signed_rank_counts(5);
  total = 0;
  for (double c : signed_counts) total += c;
  CHECK(total == 32);  // 2^5
}

TEST_CASE("Wilcoxon tests reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  const std::vector<double> nan_only{std::nan("")};
  require_invalid([&] { nomo::stats::wilcoxon_rank_sum(nan_only, {1, 2}); }, {"x (non-missing values) = 0"});
  require_invalid([&] { nomo::stats::wilcoxon_rank_sum({1, 2}, {}); }, {"y (non-missing values) = 0"});
  require_invalid([&] { nomo::stats::wilcoxon_rank_sum({1, HUGE_VAL}, {1, 2}); }, {"x[1] = Inf"});
  require_invalid([&] { nomo::stats::wilcoxon_rank_sum({1, 2}, {1, 2}, {alternative::two_sided, std::nan("")}); },
                  {"mu = NaN"});
  require_invalid([&] { nomo::stats::wilcoxon_signed_rank({0, 0}); },
                  {"x (non-zero differences) = 0"});
  require_invalid([&] { nomo::stats::wilcoxon_signed_rank_paired({1, 2}, {1}); }, {"y.size() = 1"});
  require_invalid([&] { nomo::stats::wilcoxon_signed_rank_paired({1, 2}, {1, 2}); }, {"x - y (non-zero differences)"});
  // Every value tied: the normal approximation's variance is 0 (R's P is NaN).
  require_invalid([&] { nomo::stats::wilcoxon_rank_sum({1, 1, 1}, {1, 1}); }, {"x and y = \"all values equal\""});
  wilcoxon_options exact;
  exact.exact = nomo::stats::exactness::exact;
  const std::vector<double> big_x(300, 0.0), big_y(300, 1.0);
  std::vector<double> x(big_x), y(big_y);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(2 * i), y[i] = static_cast<double>(2 * i + 1);
  require_invalid([&] { nomo::stats::wilcoxon_rank_sum(x, y, exact); }, {"options.exact = \"exact\"", "m·n = 90000"});
  // Enum values outside the enumerators: a bad alternative was read as two-sided's P of 1, a bad
  // exact as automatic.
  wilcoxon_options bad_alternative;
  bad_alternative.alternative = static_cast<alternative>(7);
  CHECK_THROWS_AS(nomo::stats::wilcoxon_rank_sum({1, 2}, {3, 4}, bad_alternative), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::stats::wilcoxon_rank_sum({1, 2}, {3, 4}, bad_alternative),
                    Catch::Contains("nomo::stats::wilcoxon_options::validate: alternative = 7: unknown alternative "
                                    "(expected two_sided, less or greater)"));
  wilcoxon_options bad_exact;
  bad_exact.exact = static_cast<nomo::stats::exactness>(-1);
  CHECK_THROWS_AS(nomo::stats::wilcoxon_signed_rank({1, 2, 3}, bad_exact), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::stats::wilcoxon_signed_rank({1, 2, 3}, bad_exact),
                    Catch::Contains("nomo::stats::wilcoxon_options::validate: exact = -1: unknown exactness"));
}
