#pragma once
// Numbers as text for every printed table and figure label: fixed decimals, independent of the C
// locale (std::to_chars), so output is the same on every platform and in every locale.

#include <charconv>
#include <cmath>
#include <string>

#include "nomo/core/error.hpp"

namespace nomo::io {

namespace detail {

/// `value` with exactly `decimals` decimals, independent of the C locale; "-0" becomes "0".
inline std::string fixed_text(double value, int decimals) {
  char buffer[400];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  std::string text(buffer, result.ptr);
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

}  // namespace detail

/// `value` with exactly `decimals` decimals (0–17), independent of the C locale: R
/// `formatC(value, format = "f", digits = decimals)` for labels, annotations and table cells, except
/// that a negative value that rounds to zero is written "0.00", not "-0.00". Missing values print as
/// R prints them: NaN as "NA" (nomo's missing value), ±Inf as "Inf" / "-Inf". Throws invalid_input
/// for decimals outside [0, 17].
inline std::string format_fixed(double value, int decimals) {
  if (decimals < 0 || decimals > 17) fail_input("io::format_fixed", "decimals", decimals, "must lie in [0, 17]");
  if (std::isnan(value)) return "NA";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  return detail::fixed_text(value, decimals);
}

}  // namespace nomo::io
