#pragma once
// The log-rank test of k survival curves, optionally stratified: survival::survdiff(rho = 0).

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/stats/groups.hpp"
#include "nomo/survival/survival_data.hpp"

namespace nomo::survival {

/// Result of log_rank(): survdiff's printed table and test.
struct log_rank_test {
  std::vector<std::string> groups;  ///< group labels, in level order
  std::vector<std::size_t> n;       ///< subjects per group
  std::vector<double> observed;     ///< events per group (summed over strata)
  std::vector<double> expected;     ///< expected events under equal hazards (summed over strata)
  Eigen::MatrixXd variance;         ///< covariance of observed − expected (survdiff's var)
  double chi_square = 0;            ///< (O−E)' V⁻ (O−E) over the groups with expected > 0
  int df = 0;                       ///< (groups with expected > 0) − 1
  double p_value = 1;               ///< upper tail of χ²(df); 1 when df = 0 (nothing to compare)
  std::size_t strata = 1;           ///< number of strata the sums run over
};

namespace detail {

/// Adds one stratum's observed, expected and variance to `test`. `order` lists the stratum's
/// observations sorted by time.
inline void add_log_rank_stratum(const std::vector<double>& time, const std::vector<double>& status,
                                 const std::vector<std::size_t>& group, const std::vector<std::size_t>& order,
                                 log_rank_test& test) {
  const auto k = static_cast<Eigen::Index>(test.groups.size());
  Eigen::VectorXd at_risk = Eigen::VectorXd::Zero(k);
  for (std::size_t i : order) at_risk(static_cast<Eigen::Index>(group[i])) += 1;
  Eigen::VectorXd deaths(k);
  for (std::size_t i = 0; i < order.size();) {
    const double t = time[order[i]];
    deaths.setZero();
    std::size_t j = i;
    for (; j < order.size() && time[order[j]] == t; ++j) {
      deaths(static_cast<Eigen::Index>(group[order[j]])) += status[order[j]];
    }
    const double n = at_risk.sum(), d = deaths.sum();
    if (d > 0) {
      for (Eigen::Index g = 0; g < k; ++g) {
        test.observed[static_cast<std::size_t>(g)] += deaths(g);
        test.expected[static_cast<std::size_t>(g)] += d * at_risk(g) / n;
      }
      if (n > 1) {
        const double factor = d * (n - d) / (n - 1);
        for (Eigen::Index a = 0; a < k; ++a) {
          for (Eigen::Index b = 0; b < k; ++b) {
            test.variance(a, b) += factor * (at_risk(a) / n) * ((a == b ? 1.0 : 0.0) - at_risk(b) / n);
          }
        }
      }
    }
    for (std::size_t m = i; m < j; ++m) at_risk(static_cast<Eigen::Index>(group[order[m]])) -= 1;
    i = j;
  }
}

/// survdiff's χ²: drop groups with nothing expected, then the first remaining group.
inline void finish_log_rank(log_rank_test& test) {
  std::vector<Eigen::Index> used;
  for (std::size_t g = 0; g < test.groups.size(); ++g) {
    if (test.expected[g] > 0) used.push_back(static_cast<Eigen::Index>(g));
  }
  test.df = static_cast<int>(used.size()) - 1;
  if (test.df < 1) return;
  const auto m = static_cast<Eigen::Index>(test.df);
  Eigen::VectorXd difference(m);
  Eigen::MatrixXd v(m, m);
  for (Eigen::Index a = 0; a < m; ++a) {
    const auto ga = used[static_cast<std::size_t>(a + 1)];
    difference(a) = test.observed[static_cast<std::size_t>(ga)] - test.expected[static_cast<std::size_t>(ga)];
    for (Eigen::Index b = 0; b < m; ++b) v(a, b) = test.variance(ga, used[static_cast<std::size_t>(b + 1)]);
  }
  // survdiff's solve() stops on a singular variance (e.g. every subject of the groups compared
  // has its event at the same time, or a group's only stratum has no one left at risk after its
  // deaths): there is no test then, not a χ² of 0.
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(v);
  const double tolerance = 1e3 * std::numeric_limits<double>::epsilon() * v.diagonal().cwiseAbs().maxCoeff();
  if (ldlt.info() != Eigen::Success || !(ldlt.vectorD().array() > tolerance).all()) {
    throw computation_error("survival::log_rank", "the variance of observed − expected events is singular (e.g. all the "
                                        "subjects compared die at one time): the groups cannot be tested");
  }
  test.chi_square = difference.dot(ldlt.solve(difference));
  test.p_value = nomo::detail::chi_square_upper(test.chi_square, test.df);
}

inline log_rank_test log_rank_coded(const std::vector<double>& time, const std::vector<double>& status,
                                    const stats::group_codes& groups, const stats::group_codes& strata) {
  const auto k = static_cast<Eigen::Index>(groups.levels.size());
  log_rank_test test{groups.levels, groups.sizes, std::vector<double>(groups.levels.size(), 0.0),
                     std::vector<double>(groups.levels.size(), 0.0), Eigen::MatrixXd::Zero(k, k), 0, 0, 1,
                     strata.levels.size()};
  const ordered_times prepared = order_by_code_and_time(strata.codes, strata.levels.size(), time);
  std::size_t begin = 0;
  for (std::size_t s = 0; s < strata.levels.size(); ++s) {
    const std::vector<std::size_t> stratum(prepared.order.begin() + static_cast<std::ptrdiff_t>(begin),
                                           prepared.order.begin() + static_cast<std::ptrdiff_t>(begin + strata.sizes[s]));
    add_log_rank_stratum(prepared.time, status, groups.codes, stratum, test);
    begin += strata.sizes[s];
  }
  finish_log_rank(test);
  return test;
}

/// Requires at least two groups and at least one event: without events there is nothing to compare
/// (survdiff returns a NaN χ² there).
inline void check_comparable(const char* function, const stats::group_codes& groups, const std::vector<double>& status) {
  if (groups.levels.size() < 2) {
    fail_input(function, "group", groups.levels.front(), "only one group: the log-rank test needs at least two");
  }
  if (std::none_of(status.begin(), status.end(), [](double s) { return s == 1; })) {
    fail_input(function, "status", "all 0", "no events: the log-rank test compares event counts");
  }
}

}  // namespace detail

/// Log-rank test of the groups: survdiff(Surv(time, status) ~ group) (rho = 0), after survdiff's
/// near-tie fix. Groups in R's factor() order (core/collate.hpp) unless `levels` gives it.
/// Throws invalid_input for sizes that differ, negative or non-finite times, status other than 0/1,
/// no events, fewer than two groups, or a level in `levels` with no subjects; computation_error
/// when the variance of observed − expected is singular (survdiff's solve() stops there too).
inline log_rank_test log_rank(const std::vector<double>& time, const std::vector<double>& status,
                              const std::vector<std::string>& group, const std::vector<std::string>& levels = {}) {
  detail::check_survival_data("survival::log_rank", time, status);
  check_same_size("survival::log_rank", "group", group.size(), "time", time.size());
  const auto groups = stats::group_by_label("survival::log_rank", "group", group, levels);
  detail::check_comparable("survival::log_rank", groups, status);
  return detail::log_rank_coded(time, status, groups, stats::single_group(time.size()));
}

/// Log-rank test by a numeric group code (groups in increasing order).
inline log_rank_test log_rank(const std::vector<double>& time, const std::vector<double>& status,
                              const std::vector<double>& group) {
  detail::check_survival_data("survival::log_rank", time, status);
  check_same_size("survival::log_rank", "group", group.size(), "time", time.size());
  const auto groups = stats::group_by_value("survival::log_rank", "group", group);
  detail::check_comparable("survival::log_rank", groups, status);
  return detail::log_rank_coded(time, status, groups, stats::single_group(time.size()));
}

/// Stratified log-rank test: survdiff(Surv(time, status) ~ group + strata(stratum)). Observed,
/// expected and variance are computed within each stratum and summed.
/// Throws as log_rank(), and for a `stratum` of another length or with a missing (empty) label.
inline log_rank_test log_rank_stratified(const std::vector<double>& time, const std::vector<double>& status,
                                         const std::vector<std::string>& group,
                                         const std::vector<std::string>& stratum) {
  detail::check_survival_data("survival::log_rank_stratified", time, status);
  check_same_size("survival::log_rank_stratified", "group", group.size(), "time", time.size());
  check_same_size("survival::log_rank_stratified", "stratum", stratum.size(), "time", time.size());
  const auto groups = stats::group_by_label("survival::log_rank_stratified", "group", group);
  detail::check_comparable("survival::log_rank_stratified", groups, status);
  return detail::log_rank_coded(time, status, groups,
                                stats::group_by_label("survival::log_rank_stratified", "stratum", stratum));
}

}  // namespace nomo::survival
