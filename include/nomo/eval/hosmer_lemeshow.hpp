#pragma once
// The Hosmer-Lemeshow goodness-of-fit test for predicted risks, grouped at quantiles of the risks
// as ResourceSelection::hoslem.test does (rms-spec §9).

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/eval/sample.hpp"

namespace nomo::eval {

/// How the test's degrees of freedom are counted.
enum class hosmer_lemeshow_df {
  nonempty_groups_minus_2,  ///< G - 2 over the non-empty groups: ResourceSelection >= 0.3-5 (default)
  groups_minus_2            ///< g - 2 whatever the ties: ResourceSelection <= 0.3-4, most textbooks
};

/// Options of hosmer_lemeshow().
struct hosmer_lemeshow_options {
  int groups = 10;  ///< g, the number of quantile groups asked for (>= 3)
  hosmer_lemeshow_df df_rule = hosmer_lemeshow_df::nonempty_groups_minus_2;

  void validate() const {
    if (groups < 3) fail_input("eval::hosmer_lemeshow_options::validate", "groups", groups, "must be at least 3");
    if (df_rule != hosmer_lemeshow_df::nonempty_groups_minus_2 && df_rule != hosmer_lemeshow_df::groups_minus_2) {
      fail_input("eval::hosmer_lemeshow_options::validate", "df_rule", static_cast<int>(df_rule), "unknown hosmer_lemeshow_df");
    }
  }
};

/// Observed and expected counts in one risk group (lower, upper].
struct hosmer_lemeshow_group {
  double lower = 0;               ///< group's lower break (the first group includes it)
  double upper = 0;               ///< group's upper break (included)
  std::size_t size = 0;
  double observed_events = 0;     ///< sum y
  double expected_events = 0;     ///< sum p
  double observed_nonevents = 0;  ///< sum (1 - y)
  double expected_nonevents = 0;  ///< sum (1 - p)
};

/// The Hosmer-Lemeshow test.
struct hosmer_lemeshow_test {
  double statistic = 0;                       ///< sum over groups of (O1-E1)^2/E1 + (O0-E0)^2/E0
  int df = 0;                                 ///< by options.df_rule
  double p_value = 1;                         ///< 1 - pchisq(statistic, df)
  std::vector<double> breaks;                 ///< unique type-7 quantiles at 0, 1/g, ..., 1
  std::vector<hosmer_lemeshow_group> groups;  ///< non-empty groups, increasing risk
  int requested_groups = 0;                   ///< g
};

namespace detail {

inline std::vector<double> hosmer_lemeshow_breaks(const Eigen::Ref<const Eigen::VectorXd>& predicted, int g) {
  std::vector<double> probs;
  // R's seq(0, 1, 1/g) is k * (1/g); the same products give the same quantiles.
  const double step = 1.0 / g;
  for (int k = 0; k <= g; ++k) probs.push_back(k * step);
  std::vector<double> breaks = quantiles(std::vector<double>(predicted.data(), predicted.data() + predicted.size()), probs);
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  return breaks;
}

}  // namespace detail

/// Hosmer-Lemeshow test of predicted risks against 0/1 outcomes in `options.groups` quantile groups.
///
/// Mirrors ResourceSelection::hoslem.test(y, p, g) (rms-spec §9): breaks are the unique type-7
/// quantiles of the risks at 0, 1/g, ..., 1; groups are cut(p, breaks, include.lowest = TRUE).
/// The df rule is an option: G - 2 over non-empty groups (ResourceSelection >= 0.3-5, default)
/// or g - 2 (older versions). Not rms' le Cessie-van Houwelingen test.
/// Difference from hoslem.test: a quantile interval that holds no prediction (possible with tied
/// risks) is left out of the statistic, where hoslem.test's 0/0 makes the statistic NaN.
///
/// Throws nomo::invalid_input for mismatched lengths, non-finite risks, risks outside (0, 1) (a
/// group's expected count must be positive), outcomes not 0/1 or of one class, groups < 3, and
/// fewer distinct predicted values than groups. Throws nomo::computation_error when tied quantile
/// breaks leave fewer than 3 non-empty groups (no degrees of freedom left for the test).
inline hosmer_lemeshow_test hosmer_lemeshow(const Eigen::Ref<const Eigen::VectorXd>& predicted,
                                            const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                            const hosmer_lemeshow_options& options = {}) {
  constexpr const char* fn = "eval::hosmer_lemeshow";
  options.validate();
  detail::check_sample(fn, "predicted", predicted, "outcomes", outcomes);
  check_all_open_unit(fn, "predicted", predicted);
  const std::set<double> distinct(predicted.data(), predicted.data() + predicted.size());
  if (distinct.size() < static_cast<std::size_t>(options.groups)) {
    fail_input(fn, "predicted (distinct values)", distinct.size(),
               "fewer distinct predictions than groups = " + std::to_string(options.groups));
  }

  hosmer_lemeshow_test test;
  test.requested_groups = options.groups;
  test.breaks = detail::hosmer_lemeshow_breaks(predicted, options.groups);
  std::vector<hosmer_lemeshow_group> groups(test.breaks.size() - 1);
  for (std::size_t k = 0; k < groups.size(); ++k) {
    groups[k].lower = test.breaks[k];
    groups[k].upper = test.breaks[k + 1];
  }
  for (Eigen::Index i = 0; i < predicted.size(); ++i) {
    // First break >= p is the group's upper end; p equal to the lowest break joins group 1.
    const auto upper = std::lower_bound(test.breaks.begin(), test.breaks.end(), predicted(i));
    auto& group = groups[static_cast<std::size_t>(std::max<std::ptrdiff_t>(1, upper - test.breaks.begin()) - 1)];
    group.size++;
    group.observed_events += outcomes(i);
    group.expected_events += predicted(i);
    group.observed_nonevents += 1 - outcomes(i);
    group.expected_nonevents += 1 - predicted(i);
  }
  for (const auto& group : groups) {
    if (group.size == 0) continue;
    const double d1 = group.observed_events - group.expected_events;
    const double d0 = group.observed_nonevents - group.expected_nonevents;
    test.statistic += d1 * d1 / group.expected_events + d0 * d0 / group.expected_nonevents;
    test.groups.push_back(group);
  }
  const auto counted = options.df_rule == hosmer_lemeshow_df::groups_minus_2 ? options.groups
                                                                             : static_cast<int>(test.groups.size());
  test.df = counted - 2;
  if (test.df < 1) {
    throw computation_error(fn, "only " + std::to_string(test.groups.size()) +
                                    " non-empty groups remain after tied quantiles; the test needs 3");
  }
  test.p_value = nomo::detail::chi_square_upper(test.statistic, test.df);
  return test;
}

}  // namespace nomo::eval
