#pragma once
// Tail probabilities of the normal, χ² and F statistics nomo reports and the normal quantile of a
// two-sided interval, from Boost.Math (never hand-rolled). Internal (nomo::detail): the tests and
// fits that report them check their inputs.

#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace nomo::detail {

/// The standard normal quantile of a two-sided interval at `conf_level`: qnorm(1 − (1 − level)/2).
inline double two_sided_z(double conf_level) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 1.0 - (1.0 - conf_level) / 2.0);
}

/// Two-sided normal P value 2·pnorm(−|z|): 0 for an infinite z (which Boost would reject), NaN for NaN.
inline double two_sided_normal_p(double z) {
  if (std::isnan(z)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(z)) return 0;
  return 2 * boost::math::cdf(boost::math::normal_distribution<double>(), -std::abs(z));
}

/// P(χ²_df > statistic), R's pchisq(statistic, df, lower.tail = FALSE): 1 for a statistic ≤ 0 or
/// df ≤ 0 (nothing to test), 0 for an infinite statistic, NaN for a NaN one.
inline double chi_square_upper(double statistic, double df) {
  if (std::isnan(statistic)) return std::numeric_limits<double>::quiet_NaN();
  if (!(df > 0) || !(statistic > 0)) return 1.0;
  if (std::isinf(statistic)) return 0.0;
  return boost::math::gamma_q(df / 2.0, statistic / 2.0);
}

/// P(F_{df1, df2} > statistic), R's pf(statistic, df1, df2, lower.tail = FALSE), for df1, df2 > 0:
/// 1 for a statistic ≤ 0, 0 for an infinite one, NaN for NaN.
inline double f_upper(double statistic, double df1, double df2) {
  if (std::isnan(statistic)) return std::numeric_limits<double>::quiet_NaN();
  if (!(statistic > 0)) return 1.0;
  if (std::isinf(statistic)) return 0.0;
  // P(F > f) = I_x(df2/2, df1/2) at x = df2 / (df2 + df1·f), the regularised incomplete beta.
  return boost::math::ibeta(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * statistic));
}

}  // namespace nomo::detail
