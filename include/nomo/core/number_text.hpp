#pragma once
// Numbers as R writes them in labels: as.character() on a double, the text that names a level of
// a numeric factor, a group of survfit or a column of a Table 1 grouped by a numeric code. One
// implementation, so that the same value gets the same name in every part of nomo.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace nomo {

namespace detail {

/// printf's %.{digits}g of `value`.
inline std::string format_g(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

/// Fewest significant digits (≤ `most`) that reproduce `value` rounded to `most` digits, as R's
/// formatReal counts them: 15 for as.character(), 7 (the default `digits`) for format().
inline int significant_digits(double value, int most = 15) {
  const double target = std::strtod(format_g(value, most).c_str(), nullptr);
  for (int digits = 1; digits < most; ++digits) {
    if (std::strtod(format_g(value, digits).c_str(), nullptr) == target) return digits;
  }
  return most;
}

}  // namespace detail

/// A number as R's as.character() writes it: up to 15 significant digits, fixed notation unless
/// scientific is shorter ("70", "0.5", "123456", "1e+05", "1e-04"); "0" for −0, "NaN", "Inf", "-Inf".
inline std::string r_number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  if (value == 0) return "0";
  const int digits = detail::significant_digits(value);
  char scientific[64];
  std::snprintf(scientific, sizeof scientific, "%.*e", digits - 1, value);
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(std::strtod(scientific, nullptr)))));
  const int decimals = std::max(0, digits - 1 - exponent);
  char fixed[400];
  std::snprintf(fixed, sizeof fixed, "%.*f", decimals, value);
  return std::string(fixed).size() <= std::string(scientific).size() ? fixed : scientific;
}

}  // namespace nomo
