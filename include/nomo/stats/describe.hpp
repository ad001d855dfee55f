#pragma once
// Descriptive summaries for baseline tables: n (%), median (IQR, range), mean ± SD — the numbers
// R users get from summary(), quantile() (type 7), sd() and table(), and their usual text forms.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/io/format.hpp"
#include "nomo/stats/groups.hpp"

namespace nomo::stats {

/// Summary of a numeric variable over its non-missing values.
struct numeric_summary {
  std::size_t n = 0;        ///< non-missing values
  std::size_t missing = 0;  ///< NaN values
  double mean = 0;
  double sd = 0;            ///< sample SD (n − 1); NaN when n = 1 (R's sd() gives NA)
  double median = 0;
  double q1 = 0;            ///< type-7 quartiles, as quantile()
  double q3 = 0;
  double min = 0;
  double max = 0;
};

/// Counts of a categorical variable's levels over its non-missing values.
struct categorical_summary {
  std::size_t n = 0;                ///< non-missing values
  std::size_t missing = 0;          ///< empty labels
  std::vector<std::string> levels;  ///< in the order given, else sorted
  std::vector<std::size_t> counts;  ///< one per level
  std::vector<double> percents;     ///< 100 · count / n (0 when n = 0)
};

/// mean, sd, quartiles and range of the non-NaN values of `x` (R: mean, sd, quantile, range with
/// na.rm = TRUE), the mean and SD summed in long double as R's are. Throws invalid_input: no
/// non-missing value, an infinite value, values so spread that their variance is not a finite
/// double (deviations beyond about 1e154, where R's sd() is Inf).
inline numeric_summary describe_numeric(const std::vector<double>& x) {
  constexpr const char* fn = "stats::describe_numeric";
  std::vector<double> v;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isinf(x[i])) fail_input(fn, nomo::detail::element("x", i), x[i], "must be finite or NaN (missing)");
    if (!std::isnan(x[i])) v.push_back(x[i]);
  }
  if (v.empty()) fail_input(fn, "x (non-missing values)", 0, "nothing to summarise");
  std::sort(v.begin(), v.end());
  numeric_summary s;
  s.n = v.size();
  s.missing = x.size() - v.size();
  s.mean = nomo::detail::r_mean(v.data(), v.size());  // R's mean() and sd(): long double sums
  const double variance = s.n > 1 ? nomo::detail::r_variance(v.data(), v.size(), s.mean) : 0.0;
  s.sd = s.n > 1 ? std::sqrt(variance) : std::numeric_limits<double>::quiet_NaN();
  if (!std::isfinite(s.mean) || !std::isfinite(variance)) {
    fail_input(fn, "x (largest |value|)", nomo::detail::largest_magnitude(v), "values this large overflow double in the mean or SD");
  }
  s.median = quantile_sorted(v, 0.5);
  s.q1 = quantile_sorted(v, 0.25);
  s.q3 = quantile_sorted(v, 0.75);
  s.min = v.front();
  s.max = v.back();
  return s;
}

/// Level counts of `x` (R: table(factor(x, levels))); empty labels are missing. With `levels`
/// given, every label must be one of them and the order is theirs; else levels are in R's factor()
/// order (nomo::sorted_levels).
/// Throws invalid_input: a repeated level in `levels`, a label not among them.
inline categorical_summary describe_categorical(const std::vector<std::string>& x,
                                                const std::vector<std::string>& levels = {}) {
  constexpr const char* fn = "stats::describe_categorical";
  categorical_summary s;
  s.levels = levels;
  detail::check_levels_distinct(fn, levels);
  if (s.levels.empty()) {
    for (const auto& label : x) {
      if (!label.empty()) s.levels.push_back(label);
    }
    s.levels = sorted_levels(std::move(s.levels));
  }
  s.counts.assign(s.levels.size(), 0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i].empty()) {
      ++s.missing;
      continue;
    }
    const auto at = std::find(s.levels.begin(), s.levels.end(), x[i]);
    if (at == s.levels.end()) fail_input(fn, nomo::detail::element("x", i), x[i], "is not one of the given levels");
    ++s.counts[static_cast<std::size_t>(at - s.levels.begin())];
    ++s.n;
  }
  for (std::size_t count : s.counts) {
    s.percents.push_back(s.n > 0 ? 100.0 * static_cast<double>(count) / static_cast<double>(s.n) : 0.0);
  }
  return s;
}

/// `value` with a fixed number of decimals, "NA" for NaN: io::format_fixed (R's formatC(value,
/// format = "f")), named here too because table cells and P values are built with it.
using io::format_fixed;

/// "mean ± SD", e.g. "61.8 ± 9.4".
inline std::string format_mean_sd(const numeric_summary& s, int digits = 1) {
  return format_fixed(s.mean, digits) + " ± " + format_fixed(s.sd, digits);
}

/// "median (Q1–Q3)", e.g. "3.5 (1.7–8.0)"; with `range`, "median (Q1–Q3; min–max)".
inline std::string format_median_iqr(const numeric_summary& s, int digits = 1, bool range = false) {
  std::string text = format_fixed(s.median, digits) + " (" + format_fixed(s.q1, digits) + "–" + format_fixed(s.q3, digits);
  if (range) text += "; " + format_fixed(s.min, digits) + "–" + format_fixed(s.max, digits);
  return text + ")";
}

/// "count (percent%)", e.g. "12 (34.3%)".
inline std::string format_count_percent(std::size_t count, double percent, int digits = 1) {
  return std::to_string(count) + " (" + format_fixed(percent, digits) + "%)";
}

/// A P value as baseline tables print it: "<0.001" below 10^-digits, else `digits` decimals; NaN
/// (a test that could not be computed) prints as an empty cell.
/// Throws invalid_input: p outside [0, 1] (a negative p printed as "<0.001"), digits outside [1, 17].
inline std::string format_p_value(double p, int digits = 3) {
  constexpr const char* fn = "stats::format_p_value";
  if (digits < 1 || digits > 17) fail_input(fn, "digits", digits, "must lie in [1, 17]");
  if (std::isnan(p)) return "";
  check_in_range(fn, "p", p, 0.0, 1.0);
  if (p < std::pow(10.0, -digits)) return "<" + format_fixed(std::pow(10.0, -digits), digits);
  return format_fixed(p, digits);
}

}  // namespace nomo::stats
