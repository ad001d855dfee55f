#pragma once
// The axes and points of a nomogram for a fitted logistic model: rms::nomogram(fit, fun = plogis)
// with its defaults (maxscale = 100, nint = 10, lp = TRUE), for models without interactions.
//
// How the points come about (rms-spec §5):
//  * each term gets axis values: one per level for categorical, binary and cut terms; the values
//    themselves for numeric columns with at most 10 distinct values; otherwise R pretty() ticks over
//    the column's full range (min..max of the fitting data, so ticks may reach beyond the data);
//  * a term's contribution at a value is Σ β_c X_c(value) over its design columns (uncentred; a
//    spline's columns summed, so its point scale can fall and rise again);
//  * the term whose contribution spans the widest range over its own axis gets 0..max_points and
//    every other term is scaled by the same factor; each term's lowest contribution is 0 points;
//  * total points map back to the linear predictor by lp = intercept + points / points_per_unit,
//    and to the risk by the inverse logit.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/model/encode.hpp"
#include "nomo/model/levels.hpp"
#include "nomo/model/term.hpp"

namespace nomo::nomogram {

/// Options of build_nomogram; the defaults are rms::nomogram's.
struct nomogram_options {
  double max_points = 100;  ///< rms maxscale: points of the term with the widest effect range
  int intervals = 10;       ///< rms nint: the n of pretty() for continuous, lp, total-points and risk ticks
  /// rms fun.at: risks at which to tick the probability axis; empty: pretty() over the risks the
  /// linear-predictor axis spans. Ticks the lp axis does not reach are dropped, as in rms.
  std::vector<double> probability_ticks;

  /// Throws invalid_input: max_points not positive, intervals < 1, a probability tick outside (0, 1).
  void validate() const {
    constexpr const char* fn = "nomogram::nomogram_options::validate";
    check_positive(fn, "max_points", max_points);
    if (intervals < 1) fail_input(fn, "intervals", intervals, "must be at least 1");
    check_all_open_unit(fn, "probability_ticks", probability_ticks);
  }
};

/// One predictor's axis. Ticks whose points tie with their neighbours are merged into one labelled
/// tick ("a-b", or "a+" at the end of a continuous axis), as rms does; `values` and `labels` keep
/// one entry per tick left.
struct term_axis {
  std::string name;                 ///< the cohort column
  model::term_kind kind = model::term_kind::continuous;
  bool discrete = false;            ///< one tick per level or distinct value
  std::vector<double> values;       ///< numeric tick values (NaN for label levels)
  std::vector<std::string> labels;  ///< tick labels
  std::vector<double> points;       ///< points at each tick
  double contribution_min = 0;      ///< lowest Σ β_c X_c over the axis values (0 points)
  double contribution_max = 0;      ///< highest, at points = (max − min) · points_per_unit
};

/// A scale tied to total points: the linear-predictor and the risk axes.
struct value_axis {
  std::vector<double> values;  ///< what the ticks read (lp, or risk)
  std::vector<double> points;  ///< total points at which each tick stands
  /// Risk ticks (nomogram_options::probability_ticks, or the pretty() ones chosen when none are
  /// given) that the lp axis does not reach, so not drawn; rms drops them silently (its axis's
  /// `which`). When every tick is dropped the risk axis is empty and this says why. Always empty on
  /// the lp axis.
  std::vector<double> dropped;
};

/// A nomogram: everything needed to draw it and to score patients exactly.
struct nomogram {
  std::vector<term_axis> axes;            ///< in model order
  double max_points = 100;
  double points_per_unit = 0;             ///< rms "Points per unit of linear predictor" (sc)
  double intercept = 0;                   ///< linear predictor at 0 total points (rms Intercept')
  std::vector<double> total_points_ticks; ///< pretty(c(0, sum.max), intervals)
  value_axis linear_predictor;            ///< ticks at pretty(range(fitted lp), intervals)
  value_axis probability;                 ///< risk ticks placed through the inverse logit
  std::vector<model::term> terms;         ///< the model's terms (frozen encodings), for scoring
  Eigen::VectorXd coefficients;           ///< the fit's coefficients, intercept first
};

namespace detail {

/// R's plogis.
inline double expit(double lp) { return 1.0 / (1.0 + std::exp(-lp)); }

/// Σ β_c X_c of a term for an encoded row of its columns.
inline double contribution(const model::term& t, const Eigen::VectorXd& coefficients, const Eigen::RowVectorXd& row) {
  double sum = 0;
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    sum += coefficients(t.columns[k] + 1) * row(static_cast<Eigen::Index>(k));
  }
  return sum;
}

inline bool has_levels(const model::term& t) {
  return t.kind == model::term_kind::categorical || t.kind == model::term_kind::binary || t.kind == model::term_kind::cut;
}

/// The number a level names, or NaN for a label ("male", "[6,28)").
inline double level_value(const std::string& level) {
  char* end = nullptr;
  const double value = std::strtod(level.c_str(), &end);
  return (!level.empty() && end == level.c_str() + level.size()) ? value : std::nan("");
}

/// Axis values, labels and contributions (in `points`, before scaling) of one term, before ties
/// are merged.
inline term_axis raw_axis(const model::term& t, const Eigen::VectorXd& coefficients, int intervals) {
  term_axis axis;
  axis.name = t.name;
  axis.kind = t.kind;
  if (has_levels(t)) {
    axis.discrete = true;
    for (const auto& level : t.levels) {
      axis.values.push_back(t.kind == model::term_kind::cut ? std::nan("") : level_value(level));
      axis.labels.push_back(level);
      axis.points.push_back(contribution(t, coefficients, model::encode(t, std::string_view(level))));
    }
    return axis;
  }
  axis.discrete = !t.summary.values.empty();
  axis.values = axis.discrete ? t.summary.values : pretty(t.summary.min, t.summary.max, intervals);
  for (const double v : axis.values) {
    axis.labels.push_back(model::r_number_text(v));
    axis.points.push_back(contribution(t, coefficients, model::encode(t, v)));
  }
  return axis;
}

/// Merges runs of equal points into one tick, as rms' rle() step does.
inline void merge_tied_ticks(term_axis& axis) {
  term_axis merged = axis;
  merged.values.clear();
  merged.labels.clear();
  merged.points.clear();
  const std::size_t n = axis.points.size();
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && axis.points[end] == axis.points[begin]) ++end;
    std::string label = axis.labels[begin];
    if (end - begin > 1) {
      label = (axis.discrete || end < n) ? axis.labels[begin] + "-" + axis.labels[end - 1] : axis.labels[begin] + "+";
    }
    merged.values.push_back(axis.values[end - 1]);
    merged.labels.push_back(label);
    merged.points.push_back(axis.points[begin]);
    begin = end;
  }
  axis = merged;
}

/// Risk ticks placed as rms does: inverse of plogis by linear interpolation on 1000 lp points
/// spanning the lp axis; ticks outside are dropped.
inline value_axis probability_axis(const std::vector<double>& lp_ticks, std::vector<double> ticks, int intervals) {
  const double lo = *std::min_element(lp_ticks.begin(), lp_ticks.end());
  const double hi = *std::max_element(lp_ticks.begin(), lp_ticks.end());
  if (ticks.empty()) ticks = pretty(expit(lo), expit(hi), intervals);
  const std::vector<double> grid = seq_length(lo, hi, 1000);
  std::vector<double> risk(grid.size());
  std::transform(grid.begin(), grid.end(), risk.begin(), expit);
  const std::vector<double> lp = approx(risk, grid, ticks, approx_ties::mean);
  value_axis axis;
  for (std::size_t k = 0; k < ticks.size(); ++k) {
    if (std::isnan(lp[k])) {
      axis.dropped.push_back(ticks[k]);
      continue;
    }
    axis.values.push_back(ticks[k]);
    axis.points.push_back(lp[k]);  // linear predictor for now; scaled by the caller
  }
  return axis;
}

/// Requires every design column of `terms` to have a coefficient among the `coefficients` values
/// (intercept first). Fits and nomograms are public structs: a vector shortened after fitting would
/// otherwise be read past its end.
inline void check_term_columns(std::string_view function, std::string_view terms_argument,
                               const std::vector<model::term>& terms, std::string_view coefficients_argument,
                               Eigen::Index coefficients) {
  for (std::size_t k = 0; k < terms.size(); ++k) {
    for (std::size_t i = 0; i < terms[k].columns.size(); ++i) {
      const Eigen::Index column = terms[k].columns[i];
      if (column < 0 || column + 1 >= coefficients) {
        fail_input(function, nomo::detail::element(nomo::detail::element(terms_argument, k) + ".columns", i),
                   column,
                   "design column of term \"" + terms[k].name + "\" has no coefficient: " +
                       nomo::detail::size_of(coefficients_argument) + " = " + std::to_string(coefficients) +
                       " (intercept first)");
      }
    }
  }
}

inline void check_fit(const glm::logistic_fit& fit) {
  constexpr const char* fn = "nomogram::build_nomogram";
  if (fit.terms.empty()) {
    fail_input(fn, "fit.terms.size()", 0, "the fit has no terms: fit it from a model_frame with at least one term");
  }
  check_same_size(fn, "fit.coefficients", static_cast<std::size_t>(fit.coefficients.size()), "fit.names", fit.names.size());
  check_term_columns(fn, "fit.terms", fit.terms, "fit.coefficients", fit.coefficients.size());
  for (Eigen::Index j = 0; j < fit.coefficients.size(); ++j) {
    if (!std::isfinite(fit.coefficients(j))) {
      fail_input(fn, "fit.coefficients[" + fit.names.at(static_cast<std::size_t>(j)) + "]", fit.coefficients(j),
                 "must be finite (an aliased column cannot be drawn)");
    }
  }
  if (fit.linear_predictor.size() == 0) {
    fail_input(fn, "fit.linear_predictor.size()", 0, "the fit must keep its linear predictor (lp axis range)");
  }
  // Points are proportional to the coefficients: diverging ones would draw a chart of nothing.
  glm::detail::check_estimates_exist(fn, fit);
}

}  // namespace detail

/// Builds the nomogram of a logistic model fitted from a model_frame, as rms::nomogram(fit,
/// fun = plogis, maxscale, nint) does. Differences from rms: no interactions (nomo's frames have
/// none); labels of numeric ticks use R's 7-significant-digit format without a common width.
/// Throws invalid_input: a fit without terms, whose coefficients do not match its names or its
/// terms' columns (a fit's vectors shortened or replaced after fitting), with aliased (NaN)
/// coefficients, with separation or not converged (rms draws such charts from diverging
/// coefficients), invalid options.
inline nomogram build_nomogram(const glm::logistic_fit& fit, const nomogram_options& options = {}) {
  options.validate();
  detail::check_fit(fit);
  nomogram result;
  result.max_points = options.max_points;
  result.terms = fit.terms;
  result.coefficients = fit.coefficients;
  double widest = 0;
  result.intercept = fit.coefficients(0);
  for (const auto& t : fit.terms) {
    term_axis axis = detail::raw_axis(t, fit.coefficients, options.intervals);
    axis.contribution_min = *std::min_element(axis.points.begin(), axis.points.end());
    axis.contribution_max = *std::max_element(axis.points.begin(), axis.points.end());
    widest = std::max(widest, axis.contribution_max - axis.contribution_min);
    result.intercept += axis.contribution_min;
    result.axes.push_back(std::move(axis));
  }
  if (!(widest > 0)) {
    fail_input("nomogram::build_nomogram", "fit.coefficients", "all zero effects",
               "every term contributes the same at all its axis values: nothing to draw");
  }
  result.points_per_unit = options.max_points / widest;
  for (auto& axis : result.axes) {
    for (double& p : axis.points) p = (p - axis.contribution_min) * result.points_per_unit;
    detail::merge_tied_ticks(axis);
  }
  const auto [lp_min, lp_max] = std::minmax_element(fit.linear_predictor.begin(), fit.linear_predictor.end());
  const std::vector<double> lp_ticks = pretty(*lp_min, *lp_max, options.intervals);
  const double lp_top = *std::max_element(lp_ticks.begin(), lp_ticks.end());
  const double sum_max = result.axes.size() == 1
                             ? options.max_points
                             : std::max(options.max_points, result.points_per_unit * (lp_top - result.intercept));
  result.total_points_ticks = pretty(0, sum_max, options.intervals);
  const auto to_points = [&](double lp) { return (lp - result.intercept) * result.points_per_unit; };
  result.linear_predictor.values = lp_ticks;
  for (const double lp : lp_ticks) result.linear_predictor.points.push_back(to_points(lp));
  result.probability = detail::probability_axis(lp_ticks, options.probability_ticks, options.intervals);
  for (double& p : result.probability.points) p = to_points(p);
  return result;
}

}  // namespace nomo::nomogram
