#pragma once
// Right-censored survival data as every nomo::survival function takes it: checks and the
// preparation survival's functions apply before counting (the aeqSurv near-tie fix, ordering).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"

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

/// Times prepared for counting: near ties merged and observations ordered by (code, time).
struct ordered_times {
  std::vector<double> time;         ///< the input times after survival's aeqSurv fix (input order)
  std::vector<std::size_t> order;   ///< observation indices sorted by code, then time (stable)
};

/// One sort serves both steps. survival::aeqSurv: times that differ by at most sqrt(eps),
/// absolutely or relative to the mean absolute distinct time, are the same time (the first of a
/// run), so that floating-point noise does not split a tie. Then a stable counting sort by code.
inline ordered_times order_by_code_and_time(const std::vector<std::size_t>& code, std::size_t n_codes,
                                            const std::vector<double>& time) {
  const std::size_t n = time.size();
  std::vector<std::pair<double, std::size_t>> sorted(n);
  for (std::size_t i = 0; i < n; ++i) sorted[i] = {time[i], i};
  std::sort(sorted.begin(), sorted.end());

  std::vector<double> distinct_abs;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == 0 || sorted[k].first != sorted[k - 1].first) distinct_abs.push_back(std::fabs(sorted[k].first));
  }
  // R's mean(abs(y)): its long double sum stays finite for times near DBL_MAX, where a double sum
  // would make the tolerance infinite and merge every time into the first.
  const double mean_abs = nomo::detail::r_mean(distinct_abs.data(), distinct_abs.size());
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  ordered_times out{time, std::vector<std::size_t>(n)};
  double cut = sorted.front().first, previous = cut;
  for (auto& [t, i] : sorted) {
    const double gap = t - previous;
    if (t != previous && !(gap <= tolerance || gap / mean_abs <= tolerance)) cut = t;
    previous = t;
    out.time[i] = t = cut;
  }

  std::vector<std::size_t> start(n_codes + 1, 0);
  for (std::size_t c : code) ++start[c + 1];
  for (std::size_t c = 0; c < n_codes; ++c) start[c + 1] += start[c];
  for (const auto& entry : sorted) out.order[start[code[entry.second]]++] = entry.second;
  return out;
}

}  // namespace detail

}  // namespace nomo::survival
