#pragma once
// Tail probabilities every test statistic of nomo reports, from Boost.Math (never hand-rolled).

#include <cmath>
#include <limits>

#include <boost/math/special_functions/gamma.hpp>

namespace nomo {

/// P(χ²_df > statistic), R's pchisq(statistic, df, lower.tail = FALSE): 1 for a statistic ≤ 0 or
/// df ≤ 0 (nothing to test), 0 for an infinite statistic, NaN for a NaN one.
inline double chi_square_upper(double statistic, double df) {
  if (std::isnan(statistic)) return std::numeric_limits<double>::quiet_NaN();
  if (!(df > 0) || !(statistic > 0)) return 1.0;
  if (std::isinf(statistic)) return 0.0;
  return boost::math::gamma_q(df / 2.0, statistic / 2.0);
}

}  // namespace nomo
