#pragma once
// What every nomo::stats hypothesis test returns: the fields of R's "htest" object.

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"

namespace nomo::stats {

/// Direction of the alternative hypothesis (R's `alternative`).
enum class alternative { two_sided, less, greater };

/// What a test comparing group means assumes of the groups' variances (R's var.equal): each its
/// own, with Welch's degrees of freedom (R's default), or one pooled variance (var.equal = TRUE).
enum class variance_assumption { welch, pooled };

/// Result of a hypothesis test. Fields a test does not produce keep their documented "absent"
/// values and the matching `has_*` flag is false (R leaves them NULL).
struct test_result {
  std::string method;          ///< what was computed, e.g. "Welch Two Sample t-test"
  double statistic = 0;        ///< W, V, t or X-squared; for Fisher's test the observed table's P (no statistic in R)
  double p_value = 1;
  bool has_df = false;
  double df = 0;               ///< degrees of freedom when has_df (an F test's numerator df)
  double df2 = 0;              ///< an F test's denominator df; 0 for other tests
  bool has_estimate = false;
  double estimate = 0;         ///< mean, mean difference or conditional MLE odds ratio when has_estimate
  bool has_conf_int = false;
  double lower = 0;            ///< confidence limits of the estimate when has_conf_int (±Inf for one-sided)
  double upper = 0;
  double conf_level = 0;
  bool exact = false;          ///< the P value comes from an exact distribution
  std::string note;            ///< warnings R would print, in its words where it has them (small expected counts; an exact Wilcoxon P impossible with ties or zeroes), else empty
};

namespace detail {

/// Requires `value` to be one of variance_assumption's enumerators (argument "variance").
inline void check_variance_assumption(std::string_view function, variance_assumption value) {
  check_enum(function, "variance", value, {variance_assumption::welch, variance_assumption::pooled},
             "variance_assumption", "welch or pooled");
}

/// Requires `value` to be one of alternative's enumerators (for the options' validate()).
inline void check_alternative(std::string_view function, alternative value) {
  check_enum(function, "alternative", value, {alternative::two_sided, alternative::less, alternative::greater},
             "alternative", "two_sided, less or greater");
}

/// Removes NaN values (R's na.omit on one sample).
inline std::vector<double> drop_missing(const std::vector<double>& x) {
  std::vector<double> out;
  out.reserve(x.size());
  for (double v : x) {
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}

/// Requires at least `minimum` values of `argument` that count (`what`: its non-missing values,
/// unless said otherwise).
inline void check_sample_size(std::string_view function, std::string_view argument, std::size_t size,
                              std::size_t minimum, std::string_view what = "non-missing values") {
  if (size < minimum) {
    fail_input(function, std::string(argument) + " (" + std::string(what) + ")", size,
               "too few observations: the test needs at least " + std::to_string(minimum));
  }
}

/// Requires every value to be NaN (missing) or finite: ±Inf cannot be ranked or averaged meaningfully.
inline void check_no_infinite(std::string_view function, std::string_view argument, const std::vector<double>& x) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isinf(x[i])) fail_input(function, nomo::detail::element(argument, i), x[i], "must be finite or NaN (missing)");
  }
}

/// x[i] − y[i] − shift over the pairs where both are present (R's complete.cases on a paired test),
/// after checking equal lengths and that no value is infinite.
inline std::vector<double> paired_differences(std::string_view function, const std::vector<double>& x,
                                              const std::vector<double>& y, double shift) {
  check_same_size(function, "y", y.size(), "x", x.size());
  check_no_infinite(function, "x", x);
  check_no_infinite(function, "y", y);
  std::vector<double> d;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isnan(x[i]) && !std::isnan(y[i])) d.push_back(x[i] - y[i] - shift);
  }
  return d;
}

}  // namespace detail

}  // namespace nomo::stats
