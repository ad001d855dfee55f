#pragma once
// Right-censored survival data as every nomo::survival function takes it: checks and the
// preparation survival's functions apply before counting (the aeqSurv near-tie fix, ordering).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"

namespace nomo::survival {

namespace detail {

/// Requires equal lengths, at least one observation, finite non-negative times and 0/1 status.
inline void check_survival_data(std::string_view function, const std::vector<double>& time,
                                const std::vector<double>& status) {
  check_same_size(function, "status", status.size(), "time", time.size());
  if (time.empty()) fail_input(function, "time.size()", 0, "needs at least one observation");
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i]) || time[i] < 0) {
      fail_input(function, nomo::detail::element("time", i), time[i], "must be finite and non-negative");
    }
  }
  check_binary(function, "status", status);
}

/// survival::aeqSurv: times that differ by at most sqrt(eps), absolutely or relative to the mean
/// absolute time, are the same time (the first of a run), so that floating-point noise does not
/// split a tie. Returns the (possibly) adjusted times.
inline std::vector<double> merge_near_ties(const std::vector<double>& time) {
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  std::vector<double> distinct = time;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  double mean_abs = 0;
  for (double t : distinct) mean_abs += std::fabs(t);
  mean_abs /= static_cast<double>(distinct.size());
  std::vector<double> cuts{distinct.front()};
  for (std::size_t k = 1; k < distinct.size(); ++k) {
    const double gap = distinct[k] - distinct[k - 1];
    if (!(gap <= tolerance || gap / mean_abs <= tolerance)) cuts.push_back(distinct[k]);
  }
  if (cuts.size() == distinct.size()) return time;
  std::vector<double> merged(time.size());
  for (std::size_t i = 0; i < time.size(); ++i) {
    merged[i] = *(std::upper_bound(cuts.begin(), cuts.end(), time[i]) - 1);
  }
  return merged;
}

/// Observation indices ordered by (code, time); stable so equal keys keep input order.
inline std::vector<std::size_t> order_by_code_and_time(const std::vector<std::size_t>& code,
                                                       const std::vector<double>& time) {
  std::vector<std::size_t> order(time.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return code[a] != code[b] ? code[a] < code[b] : time[a] < time[b];
  });
  return order;
}

}  // namespace detail

}  // namespace nomo::survival
