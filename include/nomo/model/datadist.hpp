#pragma once
// The limits rms' datadist() records for one variable (rms-spec §1.4): the ranges and reference
// values that Predict, summary and nomogram use. Computed once, when a model frame is built, and
// frozen with the term.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/model/term.hpp"

namespace nomo::model {

namespace detail {

/// R's median() of sorted values: the middle value, or the mean of the two middle values computed
/// as R's mean() does (nomo::detail::r_mean), so that it agrees to the last bit.
inline double r_median_sorted(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  if (n % 2 == 1) return sorted[n / 2];
  return nomo::detail::r_mean(&sorted[n / 2 - 1], 2);
}

}  // namespace detail

/// The datadist limits of a numeric variable from its non-missing values: rms 6.5
/// `datadist(x)$limits` and `$values` (q.effect = c(.25, .75), n.unique = 10, default q.display).
///  * low/high_effect: type-7 quantiles .25/.75; min/max when there are fewer than 4 unique values
///    or the two coincide;
///  * adjust_to: the median; the middle value with 3 unique values, the smallest with fewer;
///  * low/high_prediction: quantiles q, 1 − q with q = `q_display`, by default 10 / max(n, 200);
///    min/max with fewer than 4 unique values or when they coincide (datadist on a whole table
///    takes q from one column for all: see display_quantile);
///  * values: the sorted unique values when there are at most 10.
/// Deliberate difference: rms warns and records a constant for a constant variable; nomo refuses it.
/// Throws invalid_input: fewer than 2 values, a non-finite value, fewer than 2 unique values,
/// q_display outside [0, 0.5] (rms takes the pair c(q, 1 - q); 0 gives min and max).
inline variable_summary summarize_numeric(std::vector<double> values, std::optional<double> q_display = std::nullopt) {
  constexpr const char* fn = "model::summarize_numeric";
  check_all_finite(fn, "values", values);
  if (q_display && !(*q_display >= 0 && *q_display <= 0.5)) {
    fail_input(fn, "q_display", *q_display,
               "must lie in [0, 0.5]: the prediction limits are its quantile (low) and that of 1 - q_display (high)");
  }
  if (values.size() < 2) fail_input(fn, "values.size()", values.size(), "datadist needs at least 2 values");
  std::sort(values.begin(), values.end());
  std::vector<double> unique = values;
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  if (unique.size() < 2) fail_input(fn, "values", values.front(), "is the only value: the variable is constant");

  variable_summary s;
  s.min = unique.front();
  s.max = unique.back();
  const bool few = unique.size() < 4;
  const double n = static_cast<double>(values.size());
  const double q = q_display.value_or(10.0 / std::max(n, 200.0));
  s.low_prediction = few ? s.min : quantile_sorted(values, q);
  s.high_prediction = few ? s.max : quantile_sorted(values, 1 - q);
  if (s.low_prediction == s.high_prediction) {
    s.low_prediction = s.min;
    s.high_prediction = s.max;
  }
  s.adjust_to = unique.size() < 3 ? unique[0] : unique.size() == 3 ? unique[1] : detail::r_median_sorted(values);
  s.low_effect = few ? s.min : quantile_sorted(values, 0.25);
  s.high_effect = few ? s.max : quantile_sorted(values, 0.75);
  if (s.low_effect == s.high_effect) {
    s.low_effect = s.min;
    s.high_effect = s.max;
  }
  if (unique.size() <= 10) s.values = unique;
  return s;
}

/// The q.display rms 6.5's datadist sets at a numeric variable with these (non-missing) values:
/// 10 / max(n, 200) when it has at least 4 distinct values, else none. datadist(data) sets it at
/// the first such column of the table and, q.display being no longer missing, keeps it for every
/// later column (make_frame does the same; pass it to summarize_numeric).
/// Throws invalid_input for a non-finite value.
inline std::optional<double> display_quantile(std::vector<double> values) {
  check_all_finite("model::display_quantile", "values", values);
  std::sort(values.begin(), values.end());
  if (std::unique(values.begin(), values.end()) - values.begin() < 4) return std::nullopt;
  return 10.0 / std::max(static_cast<double>(values.size()), 200.0);
}

/// The most frequent level, the first in level order on a tie: rms datadist's "Adjust to" for a
/// factor (adjto.cat = "mode"). `counts[k]` is the number of rows at `levels[k]`.
/// Throws invalid_input: sizes differ or no levels.
inline std::string mode_level(const std::vector<std::string>& levels, const std::vector<std::size_t>& counts) {
  check_same_size("model::mode_level", "counts", counts.size(), "levels", levels.size());
  if (levels.empty()) fail_input("model::mode_level", "levels.size()", 0, "must not be empty");
  const auto most = std::max_element(counts.begin(), counts.end());  // first of the largest
  return levels[static_cast<std::size_t>(most - counts.begin())];
}

}  // namespace nomo::model
