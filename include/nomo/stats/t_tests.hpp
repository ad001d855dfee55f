#pragma once
// Student's, Welch's, paired and one-sample t-tests, as R's t.test.

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/stats/test_result.hpp"

namespace nomo::stats {

/// Options of the t-tests; defaults are t.test's.
struct t_test_options {
  stats::alternative alternative = stats::alternative::two_sided;
  double mu = 0;             ///< mean (difference) under the null hypothesis
  double conf_level = 0.95;

  /// Throws invalid_input: an unknown alternative, mu not finite, conf_level outside (0, 1).
  void validate() const {
    detail::check_alternative("stats::t_test_options::validate", alternative);
    check_finite("stats::t_test_options::validate", "mu", mu);
    check_open_unit("stats::t_test_options::validate", "conf_level", conf_level);
  }
};

namespace detail {

struct sample_moments {
  double n = 0;
  double mean = 0;
  double variance = 0;  ///< n − 1 denominator; 0 for a single value
};

/// n, mean and variance of a non-empty sample as R's mean() and var() compute them (long double
/// sums: a sample of values near 1e15 spread by units keeps its mean and spread).
inline sample_moments moments(const std::vector<double>& x) {
  sample_moments m{static_cast<double>(x.size()), nomo::detail::r_mean(x.data(), x.size()), 0};
  if (x.size() > 1) m.variance = nomo::detail::r_variance(x.data(), x.size(), m.mean);
  return m;
}

inline std::vector<double> finite_sample(const char* function, std::string_view argument, const std::vector<double>& x,
                                         std::size_t minimum) {
  check_no_infinite(function, argument, x);
  std::vector<double> out = drop_missing(x);
  check_sample_size(function, argument, out.size(), minimum);
  return out;
}

/// Throws invalid_input naming the element of `x` (NaN skipped) of largest magnitude: the one that
/// made a sum or squared deviation of `x` overflow double.
[[noreturn]] inline void fail_overflow(const char* function, std::string_view argument, const std::vector<double>& x) {
  std::size_t largest = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[largest]) || std::fabs(x[i]) > std::fabs(x[largest])) largest = i;
  }
  fail_input(function, nomo::detail::element(argument, largest), x[largest],
             "values this large overflow double in the mean or variance");
}

/// Throws invalid_input naming the complete pair (x[i], y[i]) with the largest difference: the
/// one that made the mean or variance of the differences overflow double.
[[noreturn]] inline void fail_paired_overflow(const char* function, const std::vector<double>& x,
                                              const std::vector<double>& y) {
  std::size_t largest = 0;
  double widest = -1;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double gap = std::fabs(x[i] - y[i]);  // Inf when the difference itself overflows
    if (!std::isnan(gap) && gap > widest) {
      widest = gap;
      largest = i;
    }
  }
  fail_input(function, nomo::detail::element("x", largest), x[largest],
             "with " + nomo::detail::element("y", largest) + " = " + nomo::detail::describe(y[largest]) +
                 ": differences this large overflow double in their mean or variance");
}

/// The moments of `x`'s non-missing values (at least `minimum`), refusing values whose sum or
/// squared deviations overflow double.
inline sample_moments finite_moments(const char* function, std::string_view argument, const std::vector<double>& x,
                                     std::size_t minimum) {
  const sample_moments m = moments(finite_sample(function, argument, x, minimum));
  if (!std::isfinite(m.mean) || !std::isfinite(m.variance)) fail_overflow(function, argument, x);
  return m;
}

/// The t statistic, P and interval for an estimate with standard error and df (t.test's tail code).
inline test_result t_result(std::string method, double estimate, double std_err, double df,
                            const t_test_options& options, const char* function, double scale) {
  if (!std::isfinite(std_err) || !std::isfinite(estimate)) {
    fail_input(function, "x", "overflow", "the values are too large for a finite mean and variance");
  }
  if (!(std_err > 10 * std::numeric_limits<double>::epsilon() * scale)) {  // also a zero SE at a zero mean
    fail_input(function, "x", "constant data", "the data are essentially constant: the t statistic is undefined");
  }
  const boost::math::students_t dist(df);
  const double t = (estimate - options.mu) / std_err;
  test_result out;
  out.method = std::move(method);
  out.statistic = t;
  out.has_df = true;
  out.df = df;
  out.has_estimate = true;
  out.estimate = estimate;
  out.has_conf_int = true;
  out.conf_level = options.conf_level;
  const double inf = std::numeric_limits<double>::infinity();
  switch (options.alternative) {
    case alternative::less:
      out.p_value = boost::math::cdf(dist, t);
      out.lower = -inf;
      out.upper = options.mu + (t + boost::math::quantile(dist, options.conf_level)) * std_err;
      break;
    case alternative::greater:
      out.p_value = boost::math::cdf(boost::math::complement(dist, t));
      out.lower = options.mu + (t - boost::math::quantile(dist, options.conf_level)) * std_err;
      out.upper = inf;
      break;
    case alternative::two_sided: {
      out.p_value = 2 * boost::math::cdf(dist, -std::fabs(t));
      const double q = boost::math::quantile(dist, 1 - (1 - options.conf_level) / 2);
      out.lower = options.mu + (t - q) * std_err;
      out.upper = options.mu + (t + q) * std_err;
      break;
    }
  }
  return out;
}


}  // namespace detail

/// One-sample t-test of mean(x) = mu: t.test(x, mu, alternative, conf.level). NaN values are
/// missing and dropped. `estimate` is the mean.
/// Throws invalid_input: fewer than 2 values, an infinite value, constant data, invalid options.
inline test_result t_test(const std::vector<double>& x, const t_test_options& options = {}) {
  constexpr const char* fn = "stats::t_test";
  options.validate();
  const auto m = detail::finite_moments(fn, "x", x, 2);
  return detail::t_result("One Sample t-test", m.mean, std::sqrt(m.variance / m.n), m.n - 1, options, fn,
                          std::fabs(m.mean));
}

/// Paired t-test of mean(x − y) = mu: t.test(x, y, paired = TRUE). Pairs with a NaN are dropped.
/// `estimate` is the mean difference.
/// Throws invalid_input: different lengths, fewer than 2 complete pairs, an infinite value,
/// differences so large that their mean or variance overflows (naming the pair), constant
/// differences, invalid options.
inline test_result t_test_paired(const std::vector<double>& x, const std::vector<double>& y,
                                 const t_test_options& options = {}) {
  constexpr const char* fn = "stats::t_test_paired";
  options.validate();
  const std::vector<double> d = detail::paired_differences(fn, x, y, 0.0);
  detail::check_sample_size(fn, "x - y", d.size(), 2);
  const auto m = detail::moments(d);
  if (!std::isfinite(m.mean) || !std::isfinite(m.variance)) detail::fail_paired_overflow(fn, x, y);
  return detail::t_result("Paired t-test", m.mean, std::sqrt(m.variance / m.n), m.n - 1, options, fn,
                          std::fabs(m.mean));
}

/// Two-sample t-test of mean(x) − mean(y) = mu: Welch's (t.test's default) or, with
/// variance_assumption::pooled, Student's pooled-variance test (var.equal = TRUE). `estimate` is
/// mean(x) − mean(y) (R reports the two means). NaN values are missing and dropped.
/// Throws invalid_input: fewer than 2 values in a sample (Student's test accepts 1 if the other has
/// 2), an infinite value, constant data, an unknown `variance`, invalid options.
inline test_result t_test_two_sample(const std::vector<double>& x, const std::vector<double>& y,
                                     variance_assumption variance = variance_assumption::welch,
                                     const t_test_options& options = {}) {
  constexpr const char* fn = "stats::t_test_two_sample";
  detail::check_variance_assumption(fn, variance);
  options.validate();
  const bool equal_variance = variance == variance_assumption::pooled;
  const std::size_t minimum = equal_variance ? 1 : 2;
  const auto mx = detail::finite_moments(fn, "x", x, minimum);
  const auto my = detail::finite_moments(fn, "y", y, minimum);
  const double scale = std::max(std::fabs(mx.mean), std::fabs(my.mean));
  if (equal_variance) {
    const double df = mx.n + my.n - 2;
    if (df < 1) fail_input(fn, "x.size() + y.size()", mx.n + my.n, "needs at least 3 values for a pooled variance");
    const double pooled = ((mx.n - 1) * mx.variance + (my.n - 1) * my.variance) / df;
    return detail::t_result("Two Sample t-test", mx.mean - my.mean, std::sqrt(pooled * (1 / mx.n + 1 / my.n)), df,
                            options, fn, scale);
  }
  const double vx = mx.variance / mx.n, vy = my.variance / my.n;
  const double std_err = std::sqrt(vx + vy);
  const double df = std::pow(std_err, 4) / (vx * vx / (mx.n - 1) + vy * vy / (my.n - 1));
  return detail::t_result("Welch Two Sample t-test", mx.mean - my.mean, std_err, df, options, fn, scale);
}

}  // namespace nomo::stats
