#pragma once
// Odds-ratio curve of one numeric term of a fitted logistic model against a reference value, with its
// pointwise confidence band: rms's `Predict(fit, x, ref.zero = TRUE, fun = exp)` (rms-spec §1.5).
//
// With every other predictor held at the same (adjust-to) values in the grid rows and in the
// reference row, the other terms cancel from the difference of the two design rows, so the curve
// needs only this term's columns: Δ(x) = basis(x) − basis(ref), log OR = Δβ, SE = sqrt(Δ V Δ'), with
// β and V the term's coefficients and their covariance block.

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/model/encode.hpp"
#include "nomo/model/term.hpp"

namespace nomo::spline {

/// The x range an odds-ratio curve is drawn over (odds_ratio_curve) and searched for cut-offs
/// (or_crossings). Both default to rms Predict's: datadist's Low:prediction to High:prediction, the
/// quantiles 10 / max(n, 200) and 1 − 10 / max(n, 200) of the data (about the 10th smallest and
/// 10th largest values), so that the tails where a few patients drive the curve are left out.
enum class effect_range {
  prediction_limits,  ///< rms Predict's default range (datadist Low:prediction to High:prediction)
  data_range,         ///< the observed minimum to maximum
};

namespace detail {

/// Throws invalid_input for a value that is not an effect_range.
inline void check_effect_range(const char* fn, effect_range range) {
  if (range != effect_range::prediction_limits && range != effect_range::data_range) {
    fail_input(fn, "range", static_cast<int>(range), "must be prediction_limits or data_range");
  }
}

/// The ends of `range` for a term: its datadist limits or its observed extremes.
inline std::pair<double, double> range_limits(const model::term& t, effect_range range) {
  if (range == effect_range::data_range) return {t.summary.min, t.summary.max};
  return {t.summary.low_prediction, t.summary.high_prediction};
}

}  // namespace detail

/// Options of odds_ratio_curve.
struct effect_curve_options {
  /// Grid points over `range` when `grid` is empty (rms: np = 200), 2 to max_points. With the
  /// default range, a variable with at most 10 distinct values is evaluated at those values
  /// instead, as Predict evaluates it at the datadist's `values`.
  std::size_t points = 200;
  /// The largest `points` accepted: 10^6 values are far finer than any plot or crossing search
  /// needs, and a count beyond memory (SIZE_MAX) is a bug to report, not a vector to allocate.
  static constexpr std::size_t max_points = 1000000;
  /// The range of the default grid; the default is rms Predict's.
  effect_range range = effect_range::prediction_limits;
  /// Values to evaluate instead of the default grid (any order; each must be finite, with a finite
  /// spline basis and odds ratio and limits).
  std::vector<double> grid;
  /// Reference value (OR = 1). Empty: the term's adjust-to value, the median, as rms. Must lie within
  /// the data range of the term.
  std::optional<double> reference;
  double confidence_level = 0.95;

  /// Throws invalid_input naming the first option out of range.
  void validate() const {
    constexpr const char* fn = "spline::effect_curve_options::validate";
    if (grid.empty() && points < 2) fail_input(fn, "points", points, "need at least 2 grid points");
    if (grid.empty() && points > max_points) {
      fail_input(fn, "points", points, "more than max_points = " + std::to_string(max_points) + " grid points");
    }
    detail::check_effect_range(fn, range);
    check_all_finite(fn, "grid", grid);
    if (reference) check_finite(fn, "reference", *reference);
    check_open_unit(fn, "confidence_level", confidence_level);
  }
};

/// An odds-ratio curve, one entry per grid value.
struct effect_curve {
  std::string term;                  ///< the term's name (its cohort column)
  double reference = 0;              ///< the x where OR = 1
  double confidence_level = 0.95;
  std::vector<double> x;             ///< grid values
  std::vector<double> log_odds_ratio;
  std::vector<double> standard_error;  ///< of the log odds ratio; 0 at the reference
  std::vector<double> odds_ratio;      ///< exp(log_odds_ratio)
  std::vector<double> lower, upper;    ///< exp(log OR ∓ z SE)
  std::vector<double> knots;           ///< the term's knots (rcs), for plots; else empty
  double data_min = 0, data_max = 0;   ///< the term's observed range (datadist Low/High)
};

/// The coefficients and covariance of one term, and how to turn its value into its columns.
struct term_effect {
  const model::term* term = nullptr;
  Eigen::VectorXd beta;  ///< the term's coefficients, in column order
  Eigen::MatrixXd covariance;
};

namespace detail {

/// The numeric term called `name` among `terms`, with its part of the fit.
inline term_effect find_term_effect(const char* fn, const glm::logistic_fit& fit, const std::vector<model::term>& terms,
                                    std::string_view name) {
  glm::detail::check_has_covariance(fn, fit);
  glm::detail::check_estimates_exist(fn, fit);  // a separated term's curve would be all noise
  const model::term* found = nullptr;
  for (const auto& t : terms)
    if (t.name == name) found = &t;
  if (!found) fail_input(fn, "term", std::string(name), "no term of that name in the model");
  if (found->kind != model::term_kind::continuous && found->kind != model::term_kind::rcs) {
    fail_input(fn, "term", std::string(name), "is not a numeric (continuous or rcs) term");
  }
  const auto k = static_cast<Eigen::Index>(found->columns.size());
  term_effect e{found, Eigen::VectorXd(k), Eigen::MatrixXd(k, k)};
  for (Eigen::Index a = 0; a < k; ++a) {
    const Eigen::Index ca = found->columns[static_cast<std::size_t>(a)] + 1;  // +1: intercept first in the fit
    if (ca >= fit.coefficients.size()) fail_input(fn, "term", std::string(name), "its columns are not in the fit (fit and terms disagree)");
    e.beta(a) = fit.coefficients(ca);
    for (Eigen::Index b = 0; b < k; ++b) e.covariance(a, b) = fit.covariance(ca, found->columns[static_cast<std::size_t>(b)] + 1);
  }
  if (!e.beta.allFinite()) fail_input(fn, "term", std::string(name), "has aliased (inestimable) coefficients");
  return e;
}

/// A term's part of the fit and the reference its odds ratios are taken against.
struct resolved_term {
  term_effect effect;
  double reference = 0;
};

/// The numeric term `name` with its reference: `reference` if given, else the term's adjust-to value;
/// a reference outside the term's data range is bad input.
inline resolved_term resolve_term(const char* fn, const glm::logistic_fit& fit, const std::vector<model::term>& terms,
                                  std::string_view name, std::optional<double> reference) {
  resolved_term r{find_term_effect(fn, fit, terms, name), 0};
  const model::term& t = *r.effect.term;
  r.reference = reference.value_or(t.summary.adjust_to);
  if (r.reference < t.summary.min || r.reference > t.summary.max) {
    fail_input(fn, "reference", r.reference,
               "lies outside the data range [" + nomo::detail::describe(t.summary.min) + ", " +
                   nomo::detail::describe(t.summary.max) + "] of " + t.name);
  }
  return r;
}

}  // namespace detail

/// The log odds ratio of `x` against `reference` and its SE, for one term's effect (see term_effect).
struct log_odds_ratio_point {
  double estimate = 0;
  double standard_error = 0;
};

/// Evaluates one term's log OR against a reference at many x without re-encoding the reference.
/// The term `effect` points to must outlive the contrast; not to be shared between threads.
class term_contrast {
 public:
  term_contrast(term_effect effect, double reference)
      : effect_(std::move(effect)), encoder_(*effect_.term), reference_row_(encoder_.columns()), row_(encoder_.columns()) {
    encoder_.write(reference, reference_row_.data(), "spline::term_contrast", [] { return std::string("reference"); });
  }

  /// Throws invalid_input: non-finite x, or an rcs x whose spline basis overflows double.
  log_odds_ratio_point at(double x) const {
    return at(x, "spline::term_contrast::at", [] { return std::string("x"); });
  }

  /// at(x), its errors reported from `function` with x named by origin() (called only then).
  template <class Origin>
  log_odds_ratio_point at(double x, std::string_view function, const Origin& origin) const {
    encoder_.write(x, row_.data(), function, origin);
    const Eigen::VectorXd delta = row_ - reference_row_;
    const double variance = delta.dot(effect_.covariance * delta);
    return {delta.dot(effect_.beta), std::sqrt(std::max(variance, 0.0))};
  }

  const term_effect& effect() const { return effect_; }

 private:
  term_effect effect_;
  model::term_encoder encoder_;
  Eigen::VectorXd reference_row_;
  mutable Eigen::VectorXd row_;
};

namespace detail {

/// Refuses grid value `i` whose odds ratio or confidence limit overflows double (log OR or its
/// upper limit beyond about 709): an infinite ratio cannot be drawn or compared.
inline void check_odds_ratio_finite(const char* fn, const effect_curve_options& options, const effect_curve& curve,
                                    std::size_t i) {
  if (std::isfinite(curve.odds_ratio[i]) && std::isfinite(curve.lower[i]) && std::isfinite(curve.upper[i])) return;
  fail_input(fn, options.grid.empty() ? "x" : nomo::detail::element("grid", i), curve.x[i],
             "its odds ratio against the reference " + nomo::detail::describe(curve.reference) + " (log OR " +
                 nomo::detail::describe(curve.log_odds_ratio[i]) + ", SE " + nomo::detail::describe(curve.standard_error[i]) +
                 ") or its confidence limits overflow double");
}

}  // namespace detail

/// Odds-ratio curve of the numeric term `term` of `fit` (terms as built by the model frame), like
/// `Predict(fit, term, ref.zero = TRUE, fun = exp, conf.int = level)`: grid of `points` values over
/// `options.range` (default Predict's, the term's Low:prediction to High:prediction; or_crossings
/// searches the same range by default), or with that default range the term's distinct values
/// when it has at most 10 (Predict's datadist `values`), reference at its adjust-to value unless
/// given.
/// Deliberate differences: a reference outside the observed range is refused (rms extrapolates),
/// and so is a fit with separation or that did not converge (Predict draws its diverging
/// coefficients).
/// Throws invalid_input: unknown term, a categorical/cut/binary term, reference outside the data
/// range, aliased coefficients, a separated or unconverged fit, bad options, a grid value whose
/// spline basis, odds ratio or confidence limits overflow double.
inline effect_curve odds_ratio_curve(const glm::logistic_fit& fit, const std::vector<model::term>& terms,
                                     std::string_view term, const effect_curve_options& options = {}) {
  constexpr const char* fn = "spline::odds_ratio_curve";
  options.validate();
  detail::resolved_term resolved = detail::resolve_term(fn, fit, terms, term, options.reference);
  const model::term& t = *resolved.effect.term;
  const double reference = resolved.reference;

  effect_curve curve;
  curve.term = t.name;
  curve.reference = reference;
  curve.confidence_level = options.confidence_level;
  curve.knots = t.knots;
  curve.data_min = t.summary.min;
  curve.data_max = t.summary.max;
  const auto [low, high] = detail::range_limits(t, options.range);
  if (!options.grid.empty()) {
    curve.x = options.grid;
  } else if (options.range == effect_range::prediction_limits && !t.summary.values.empty()) {
    curve.x = t.summary.values;
  } else {
    curve.x = seq_length(low, high, options.points);
  }
  const double z = boost::math::quantile(boost::math::normal(), (1 + options.confidence_level) / 2);
  const term_contrast contrast(std::move(resolved.effect), reference);
  for (std::size_t i = 0; i < curve.x.size(); ++i) {
    // A grid value whose basis overflows is named as the caller gave it.
    const log_odds_ratio_point p = contrast.at(curve.x[i], fn, [&] {
      return options.grid.empty() ? std::string("x") : nomo::detail::element("grid", i);
    });
    curve.log_odds_ratio.push_back(p.estimate);
    curve.standard_error.push_back(p.standard_error);
    curve.odds_ratio.push_back(std::exp(p.estimate));
    curve.lower.push_back(std::exp(p.estimate - z * p.standard_error));
    curve.upper.push_back(std::exp(p.estimate + z * p.standard_error));
    detail::check_odds_ratio_finite(fn, options, curve, i);
  }
  return curve;
}

/// The same for a fit made from a model frame, whose terms it carries.
inline effect_curve odds_ratio_curve(const glm::logistic_fit& fit, std::string_view term,
                                     const effect_curve_options& options = {}) {
  return odds_ratio_curve(fit, fit.terms, term, options);
}

}  // namespace nomo::spline
