#pragma once
// One-way analysis of means of k groups, as R's oneway.test: the classic F test (var.equal = TRUE,
// the same F as aov) and Welch's test for unequal variances (oneway.test's default).

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/stats/t_tests.hpp"
#include "nomo/stats/test_result.hpp"

namespace nomo::stats {

namespace detail {

/// fail_overflow for the group holding the value of largest magnitude.
[[noreturn]] inline void fail_overflow_in_groups(const char* function, const std::vector<std::vector<double>>& groups) {
  std::size_t largest = 0;
  double magnitude = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (double v : groups[g]) {
      if (std::fabs(v) > magnitude) {
        magnitude = std::fabs(v);
        largest = g;
      }
    }
  }
  fail_overflow(function, nomo::detail::element("groups", largest), groups[largest]);
}

}  // namespace detail

/// One-way analysis of means: oneway.test(value ~ group, var.equal): Welch's test by default,
/// the classic F test with variance_assumption::pooled. `statistic`
/// is F with `df` numerator and `df2` denominator degrees of freedom (Welch's df2 is fractional).
/// NaN values are missing and dropped.
/// Throws invalid_input: fewer than 2 groups, a group with fewer than 2 values (Welch; the classic
/// test needs 1 per group and more values than groups), an infinite value, values so large that
/// the group means, variances or the F statistic overflow double (R's oneway.test gives NaN), no
/// variance within the groups, an unknown `variance`.
inline test_result one_way_anova(const std::vector<std::vector<double>>& groups,
                                 variance_assumption variance = variance_assumption::welch) {
  constexpr const char* fn = "stats::one_way_anova";
  detail::check_variance_assumption(fn, variance);
  const bool equal_variance = variance == variance_assumption::pooled;
  if (groups.size() < 2) fail_input(fn, "groups.size()", groups.size(), "must be at least 2");
  std::vector<detail::sample_moments> m;
  double n = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    m.push_back(detail::finite_moments(fn, nomo::detail::element("groups", g), groups[g], equal_variance ? 1 : 2));
    n += m.back().n;
  }
  const double k = static_cast<double>(groups.size());
  test_result out;
  out.has_df = true;
  out.df = k - 1;
  if (equal_variance) {
    if (!(n > k)) fail_input(fn, "groups (values)", n, "must outnumber the groups for a within-group variance");
    double mean = 0, between = 0, within = 0;
    for (const auto& s : m) mean += s.n * s.mean / n;
    for (const auto& s : m) {
      between += s.n * (s.mean - mean) * (s.mean - mean);
      within += (s.n - 1) * s.variance;
    }
    if (!(within > 0)) fail_input(fn, "groups", "constant within every group", "no within-group variance to compare with");
    out.method = "One-way analysis of means";
    out.df2 = n - k;
    out.statistic = (between / out.df) / (within / out.df2);
  } else {
    double sum_w = 0, mean = 0, tmp = 0, between = 0;
    for (const auto& s : m) {
      if (!(s.variance > 0)) fail_input(fn, "groups", "a constant group", "Welch's test needs variance within every group");
      sum_w += s.n / s.variance;
    }
    for (const auto& s : m) mean += (s.n / s.variance) * s.mean / sum_w;
    for (const auto& s : m) {
      const double w = s.n / s.variance;
      tmp += (1 - w / sum_w) * (1 - w / sum_w) / (s.n - 1);
      between += w * (s.mean - mean) * (s.mean - mean);
    }
    tmp /= k * k - 1;
    out.method = "One-way analysis of means (not assuming equal variances)";
    out.statistic = between / ((k - 1) * (1 + 2 * (k - 2) * tmp));
    out.df2 = 1 / (3 * tmp);
  }
  // Finite group moments can still overflow in the squared differences between group means.
  if (!std::isfinite(out.statistic) || !std::isfinite(out.df2)) detail::fail_overflow_in_groups(fn, groups);
  out.p_value = nomo::detail::f_upper(out.statistic, out.df, out.df2);
  return out;
}

}  // namespace nomo::stats
