#pragma once
// Scoring one patient on a nomogram: points per term, total points, linear predictor and risk,
// computed from the exact values (not read off the ticks), as print(nomogram) and the rms-spec §5
// example do. The linear predictor equals the model's own α + xβ up to rounding.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/model/encode.hpp"
#include "nomo/nomogram/nomogram.hpp"

namespace nomo::nomogram {

/// One patient's predictor values by term name: a number for continuous, rcs and cut terms (and
/// for numeric levels of categorical/binary terms), or a level label.
class patient {
 public:
  patient& set(const std::string& term, double value) {
    values_[term] = value;
    return *this;
  }
  patient& set(const std::string& term, const std::string& level) {
    values_[term] = level;
    return *this;
  }
  patient& set(const std::string& term, const char* level) {
    if (level == nullptr) fail_input("nomogram::patient::set", "level", std::string("null"), "give a level label (term \"" + term + "\")");
    return set(term, std::string(level));
  }
  /// A whole number (set("sex", 0)): without this overload a literal 0 is ambiguous between the
  /// number and a null label pointer, and does not compile.
  template <class Integer, std::enable_if_t<std::is_integral_v<Integer>, int> = 0>
  patient& set(const std::string& term, Integer value) {
    return set(term, static_cast<double>(value));
  }
  const std::map<std::string, std::variant<double, std::string>>& values() const { return values_; }

 private:
  std::map<std::string, std::variant<double, std::string>> values_;
};

/// What to do with a numeric value outside the range its axis shows.
enum class outside_axis {
  flag,   ///< score it exactly (points may fall below 0 or exceed the axis) and flag the term
  error   ///< throw invalid_input naming the term and the value
};

/// Options of score().
struct score_options {
  outside_axis outside = outside_axis::flag;  ///< extrapolating keeps the score equal to the model's

  /// Throws invalid_input for an unknown outside.
  void validate() const {
    check_enum("nomogram::score_options::validate", "outside", outside, {outside_axis::flag, outside_axis::error},
               "outside_axis", "flag or error");
  }
};

/// One term's share of a patient's score.
struct term_points {
  std::string name;
  double points = 0;
  bool outside_axis = false;  ///< the value lies beyond the axis ticks (flag policy)
};

/// A patient's score.
struct patient_score {
  std::vector<term_points> terms;  ///< in model order
  double total_points = 0;
  double linear_predictor = 0;     ///< intercept + total_points / points_per_unit
  double probability = 0;          ///< plogis(linear_predictor)
  bool any_outside_axis = false;
};

namespace detail {

/// The range a numeric value of term `t` may take on its axis: the ticks' for a continuous axis,
/// the data's distinct values for a discrete numeric one (one tick per value; ticks tied in points
/// may have merged). Terms with levels have none: their encoder refuses values that are not levels.
inline std::optional<std::pair<double, double>> numeric_axis_range(const model::term& t, const term_axis& axis) {
  if (has_levels(t)) return std::nullopt;
  const std::vector<double>& ticks = axis.discrete ? t.summary.values : axis.values;
  if (ticks.empty()) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(ticks.begin(), ticks.end());
  return std::make_pair(*lo, *hi);
}

inline double term_contribution(const model::term& t, const Eigen::VectorXd& coefficients,
                                const std::variant<double, std::string>& value) {
  if (const double* number = std::get_if<double>(&value)) {
    return contribution(t, coefficients, model::encode(t, *number));
  }
  return contribution(t, coefficients, model::encode(t, std::string_view(std::get<std::string>(value))));
}

/// Text of a patient's value for a message: the number, or the quoted level.
inline std::string describe_value(const std::variant<double, std::string>& value) {
  return std::visit([](const auto& v) { return nomo::detail::describe(v); }, value);
}

/// Throws for the term that makes a score overflow double: the first whose points are not
/// finite, else the one with the most points in magnitude.
[[noreturn]] inline void fail_score_overflow(std::string_view function, const patient& person,
                                             const std::vector<term_points>& terms) {
  const auto size = [](const term_points& t) {
    return std::isfinite(t.points) ? std::fabs(t.points) : std::numeric_limits<double>::infinity();
  };
  const auto worst = std::max_element(terms.begin(), terms.end(),
                                      [&size](const term_points& a, const term_points& b) { return size(a) < size(b); });
  throw invalid_input(std::string(function), "patient[" + worst->name + "]", describe_value(person.values().at(worst->name)),
                      "its points, " + nomo::detail::describe(worst->points) + ", make the score overflow double");
}

/// Requires a nomogram's parts to agree (a public struct may have been edited after
/// build_nomogram): one axis per term, and a coefficient for every term column.
inline void check_nomogram(std::string_view function, const nomogram& nomo) {
  check_same_size(function, "nomo.axes", nomo.axes.size(), "nomo.terms", nomo.terms.size());
  check_term_columns(function, "nomo.terms", nomo.terms, "nomo.coefficients", nomo.coefficients.size());
}

}  // namespace detail

/// Scores `person` on nomogram `nomo`. Every model term must be given; names not in the model are
/// rejected so that a typo cannot silently drop a predictor.
/// Throws invalid_input: a nomogram whose axes, terms and coefficients disagree (edited after
/// build_nomogram), a missing or unknown term, an unknown level, a non-finite value, a value so far
/// beyond its axis that the score overflows double (named with its points), with
/// outside_axis::error a numeric value beyond its axis, and for invalid options.
inline patient_score score(const nomogram& nomo, const patient& person, const score_options& options = {}) {
  constexpr const char* fn = "nomogram::score";
  options.validate();
  detail::check_nomogram(fn, nomo);
  for (const auto& entry : person.values()) {
    // The key by reference, not a structured binding: C++17 lambdas cannot capture bindings (clang
    // rejects it).
    const std::string& name = entry.first;
    const bool known = std::any_of(nomo.terms.begin(), nomo.terms.end(), [&](const model::term& t) { return t.name == name; });
    if (!known) fail_input(fn, "patient[" + name + "]", name, "is not a term of the model");
  }
  patient_score result;
  for (std::size_t j = 0; j < nomo.terms.size(); ++j) {
    const model::term& t = nomo.terms[j];
    const term_axis& axis = nomo.axes[j];
    const auto given = person.values().find(t.name);
    if (given == person.values().end()) fail_input(fn, "patient", t.name, "has no value for this model term");
    term_points share{t.name};
    if (const double* number = std::get_if<double>(&given->second)) {
      check_finite(fn, "patient[" + t.name + "]", *number);
      const auto range = detail::numeric_axis_range(t, axis);
      share.outside_axis = range && (*number < range->first || *number > range->second);
      if (share.outside_axis && options.outside == outside_axis::error) {
        fail_input(fn, "patient[" + t.name + "]", *number,
                   "lies outside the axis [" + model::r_number_text(range->first) + ", " +
                       model::r_number_text(range->second) + "]");
      }
    }
    double c = 0;
    try {
      c = detail::term_contribution(t, nomo.coefficients, given->second);
    } catch (const invalid_input& e) {  // the encoder's message names encode(), not the patient's value
      throw invalid_input(fn, "patient[" + t.name + "]", e.value(), e.what());
    }
    share.points = (c - axis.contribution_min) * nomo.points_per_unit;
    result.total_points += share.points;
    result.any_outside_axis = result.any_outside_axis || share.outside_axis;
    result.terms.push_back(share);
  }
  result.linear_predictor = nomo.intercept + result.total_points / nomo.points_per_unit;
  if (!std::isfinite(result.linear_predictor)) detail::fail_score_overflow(fn, person, result.terms);
  result.probability = detail::expit(result.linear_predictor);
  return result;
}

}  // namespace nomo::nomogram
