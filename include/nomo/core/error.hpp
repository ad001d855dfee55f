#pragma once
// nomo's exceptions and the argument checks every public function uses.
//
// Two exception types, both documented on every public function that throws them:
//  * nomo::invalid_input (a std::invalid_argument): the caller passed something the function cannot
//    accept (NaN, wrong length, unknown column, outcome not 0/1, ...). The message always reads
//        nomo::<function>: <argument> = <value>: <problem>
//    with <function> the qualified name (nomo::eval::roc, nomo::dose::voxel_dvh::dose_at_cc), so
//    that a log line alone says which call, which argument and which value.
//  * nomo::computation_error (a std::runtime_error): valid input on which the computation could not
//    produce a result the caller asked to be strict about (e.g. aliased columns with
//    on_aliased = throw, every bootstrap replicate failing).
// Numerical outcomes that a caller may reasonably want to inspect (non-convergence, separation,
// failed replicates) are reported in result structs instead, like Eigen's info().
//
// This header needs only the standard library so that every component, Eigen-based or not, can
// use it.

#include <cmath>
#include <cstddef>
#include <iomanip>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace nomo {

/// Thrown when an argument cannot be accepted. `function()`, `argument()`, `value()` and
/// `problem()` give the parts of the message separately for callers that want to report them their
/// own way (or name a caller's argument around them, as Table 1 does).
class invalid_input : public std::invalid_argument {
 public:
  invalid_input(std::string function, std::string argument, std::string value, std::string problem)
      : std::invalid_argument("nomo::" + function + ": " + argument + " = " + value + ": " + problem),
        function_(std::move(function)),
        argument_(std::move(argument)),
        value_(std::move(value)),
        problem_(std::move(problem)) {}

  const std::string& function() const noexcept { return function_; }
  const std::string& argument() const noexcept { return argument_; }
  const std::string& value() const noexcept { return value_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string function_;
  std::string argument_;
  std::string value_;
  std::string problem_;
};

/// Thrown when valid input leads to a computation that cannot give the requested result.
class computation_error : public std::runtime_error {
 public:
  computation_error(const std::string& function, const std::string& problem)
      : std::runtime_error("nomo::" + function + ": " + problem) {}
};

namespace detail {

/// Text of a value for an error message: numbers with enough digits to round-trip, strings quoted.
template <class T>
std::string describe(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return "\"" + std::string(std::string_view(value)) + "\"";
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
    std::ostringstream out;
    out << std::setprecision(std::numeric_limits<T>::max_digits10) << value;
    return out.str();
  } else {
    std::ostringstream out;
    out << value;
    return out.str();
  }
}

/// `name[index]` for messages about one element of a vector argument.
inline std::string element(std::string_view argument, std::size_t index) {
  return std::string(argument) + "[" + std::to_string(index) + "]";
}

/// `name(row, col)` for messages about one element of a matrix argument.
inline std::string element(std::string_view argument, std::size_t row, std::size_t col) {
  return std::string(argument) + "(" + std::to_string(row) + ", " + std::to_string(col) + ")";
}

}  // namespace detail

/// Throws invalid_input for `function`'s `argument` with the offending `value`.
template <class T>
[[noreturn]] void fail_input(std::string_view function, std::string_view argument, const T& value,
                             std::string_view problem) {
  throw invalid_input(std::string(function), std::string(argument), detail::describe(value),
                      std::string(problem));
}

/// Requires `value` to be finite (not NaN, not ±Inf).
inline void check_finite(std::string_view function, std::string_view argument, double value) {
  if (!std::isfinite(value)) fail_input(function, argument, value, "must be finite");
}

/// Requires `value` > 0 and finite.
inline void check_positive(std::string_view function, std::string_view argument, double value) {
  if (!(value > 0) || !std::isfinite(value)) fail_input(function, argument, value, "must be positive and finite");
}

/// Requires `value` ≥ 0 and finite.
inline void check_non_negative(std::string_view function, std::string_view argument, double value) {
  if (!(value >= 0) || !std::isfinite(value)) {
    fail_input(function, argument, value, "must be non-negative and finite");
  }
}

/// Requires lower ≤ value ≤ upper (closed interval).
inline void check_in_range(std::string_view function, std::string_view argument, double value,
                           double lower, double upper) {
  if (!(value >= lower && value <= upper)) {
    fail_input(function, argument, value,
               "must lie in [" + detail::describe(lower) + ", " + detail::describe(upper) + "]");
  }
}

/// Requires 0 < value < 1 (a probability, threshold or confidence level).
inline void check_open_unit(std::string_view function, std::string_view argument, double value) {
  if (!(value > 0 && value < 1)) fail_input(function, argument, value, "must lie strictly between 0 and 1");
}

namespace detail {

/// How a message names the size of `argument`: `argument.size()` for a plain name; an expression
/// that is already a size or count ("x.rows()", "geometry voxel count", "bin_volume_cc + 1") as it is.
inline std::string size_of(std::string_view argument) {
  const bool expression = !argument.empty() && (argument.back() == ')' || argument.find(' ') != std::string_view::npos);
  return expression ? std::string(argument) : std::string(argument) + ".size()";
}

}  // namespace detail

/// Requires an enum `value` to be one of `allowed`: a value cast from an integer outside the
/// enumerators would otherwise be read as some other one. The message gives the value as its
/// underlying integer: "<argument> = 7: unknown <type_name> (expected <names>)", e.g. type_name
/// "alternative" and names "two_sided, less or greater".
template <class Enum>
void check_enum(std::string_view function, std::string_view argument, Enum value,
                std::initializer_list<Enum> allowed, std::string_view type_name, std::string_view names) {
  static_assert(std::is_enum_v<Enum>, "check_enum checks enumerations");
  for (Enum known : allowed) {
    if (value == known) return;
  }
  fail_input(function, argument, static_cast<long long>(static_cast<std::underlying_type_t<Enum>>(value)),
             "unknown " + std::string(type_name) + " (expected " + std::string(names) + ")");
}

/// Requires two sizes to agree, naming both arguments.
inline void check_same_size(std::string_view function, std::string_view argument, std::size_t size,
                            std::string_view other_argument, std::size_t other_size) {
  if (size != other_size) {
    fail_input(function, detail::size_of(argument), size,
               "must equal " + detail::size_of(other_argument) + " = " + std::to_string(other_size));
  }
}

/// Requires every element of a vector-like `values` (size() and operator[]) to be finite; names the
/// first offending index.
template <class Vector>
void check_all_finite(std::string_view function, std::string_view argument, const Vector& values) {
  const auto n = static_cast<std::size_t>(values.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(values[static_cast<decltype(values.size())>(i)]);
    if (!std::isfinite(v)) fail_input(function, detail::element(argument, i), v, "must be finite");
  }
}

/// Requires every element of a vector-like `values` to be ≥ 0 and finite; names the first
/// offending index. Element names are built only on failure (per-row checks run on every row).
template <class Vector>
void check_all_non_negative(std::string_view function, std::string_view argument, const Vector& values) {
  const auto n = static_cast<std::size_t>(values.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(values[static_cast<decltype(values.size())>(i)]);
    if (!(v >= 0) || !std::isfinite(v)) check_non_negative(function, detail::element(argument, i), v);
  }
}

/// Requires every element of a vector-like `values` to lie strictly between 0 and 1; names the
/// first offending index (built only on failure).
template <class Vector>
void check_all_open_unit(std::string_view function, std::string_view argument, const Vector& values) {
  const auto n = static_cast<std::size_t>(values.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(values[static_cast<decltype(values.size())>(i)]);
    if (!(v > 0 && v < 1)) check_open_unit(function, detail::element(argument, i), v);
  }
}

/// Requires every element of a matrix-like `values` (rows(), cols(), operator()(i, j)) to be
/// finite; names the first offending row and column.
template <class Matrix>
void check_all_finite_matrix(std::string_view function, std::string_view argument, const Matrix& values) {
  for (decltype(values.cols()) j = 0; j < values.cols(); ++j) {
    for (decltype(values.rows()) i = 0; i < values.rows(); ++i) {
      const double v = static_cast<double>(values(i, j));
      if (!std::isfinite(v)) {
        fail_input(function,
                   detail::element(argument, static_cast<std::size_t>(i), static_cast<std::size_t>(j)),
                   v, "must be finite");
      }
    }
  }
}

/// Requires every element of `values` to be exactly 0 or 1.
template <class Vector>
void check_binary(std::string_view function, std::string_view argument, const Vector& values) {
  const auto n = static_cast<std::size_t>(values.size());
  auto value = [&values](std::size_t i) { return static_cast<double>(values[static_cast<decltype(values.size())>(i)]); };
  // Counted without branches first: a branch per value would follow the random outcomes and
  // mispredict every other row of a check that runs once per bootstrap refit.
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += static_cast<std::size_t>(value(i) != 0.0) & static_cast<std::size_t>(value(i) != 1.0);
  if (bad == 0) return;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value(i);
    if (v != 0.0 && v != 1.0) fail_input(function, detail::element(argument, i), v, "must be 0 or 1");
  }
}

}  // namespace nomo
