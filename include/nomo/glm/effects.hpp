#pragma once
// rms' summary(fit) for a logistic model (summary.rms): the effect of moving each numeric predictor
// across its inter-quartile range (datadist's Low:effect to High:effect), and of each level of a
// factor against its most frequent level, as a log odds ratio with a Wald CI and as an odds ratio.
// Unlike the per-column odds ratios of the coefficient table, these are meaningful for spline
// terms, whose columns (x, x', x'') have no effect of their own.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/model/encode.hpp"
#include "nomo/model/term.hpp"

namespace nomo::glm {

/// One effect of summary(fit): the linear predictor's change when one predictor moves from `low`
/// to `high`, the others held fixed (a main-effects model: where they are held does not matter).
struct effect_row {
  std::string term;     ///< the model term
  std::string label;    ///< rms' row label: "age", or "grp - B:A" (level B against level A)
  bool factor = false;  ///< a factor level against the adjust-to level
  double low = 0;       ///< Low: the value moved from (factor rows: 1-based position of the adjust-to level)
  double high = 0;      ///< High: the value moved to (factor rows: position of the level compared)
  double diff = 0;      ///< Diff.: high − low; NaN for factor rows (R prints NA)
  double effect = 0;    ///< log odds ratio (R "Effect")
  double standard_error = 0;  ///< its Wald standard error (R "S.E.")
  double lower = 0;           ///< Wald confidence limits of the log odds ratio
  double upper = 0;
  double odds_ratio = 0;      ///< exp(effect): R's "Odds Ratio" row, with exp of the limits
  double odds_ratio_lower = 0;
  double odds_ratio_upper = 0;
};

/// The Low and High of one numeric predictor's effect in place of its quartiles: rms
/// `summary(fit, <term> = c(low, high))`, e.g. a coverage fraction from 0.6 to 0.7 instead of
/// across its inter-quartile range, or a dose per 10 Gy.
struct effect_range {
  std::string term;  ///< a continuous or rcs term of the model
  double low = 0;    ///< the value moved from
  double high = 0;   ///< the value moved to
};

/// summary(fit)'s rows: numeric predictors (continuous, rcs, 0/1 numeric binary) first, then
/// factors (categorical, cut, labelled binary), each group in model order, as rms lists them.
struct effects_summary {
  double conf_level = 0.95;
  std::vector<effect_row> rows;
};

namespace detail {

/// Whether rms treats the term's variable as numeric: a continuous or spline term, or a binary term
/// made from a 0/1 number with 0 as reference (one design column named after the variable).
inline bool numeric_variable(const model::term& t) {
  if (t.kind == model::term_kind::continuous || t.kind == model::term_kind::rcs) return true;
  return t.kind == model::term_kind::binary && t.column_names.size() == 1 && t.column_names.front() == t.name;
}

/// The 1-based position of `level` among the term's levels.
inline double level_position(const model::term& t, const std::string& level) {
  for (std::size_t k = 0; k < t.levels.size(); ++k)
    if (t.levels[k] == level) return static_cast<double>(k + 1);
  fail_input("glm::summarize_effects", "term " + t.name + " adjust_level", level, "is not one of the term's levels");
}

/// Fills effect, SE and limits of the contrast: the difference `to − from` of the term's design
/// columns.
inline void fill_contrast(const logistic_fit& fit, const model::term& t, const Eigen::RowVectorXd& to,
                          const Eigen::RowVectorXd& from, double z, effect_row& row) {
  Eigen::VectorXd a = Eigen::VectorXd::Zero(fit.coefficients.size());
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    a(t.columns[k] + 1) = to(static_cast<Eigen::Index>(k)) - from(static_cast<Eigen::Index>(k));
  }
  row.effect = a.dot(fit.coefficients);
  row.standard_error = std::sqrt(a.dot(fit.covariance * a));
  row.lower = row.effect - z * row.standard_error;
  row.upper = row.effect + z * row.standard_error;
  row.odds_ratio = std::exp(row.effect);
  row.odds_ratio_lower = std::exp(row.lower);
  row.odds_ratio_upper = std::exp(row.upper);
}

/// Requires a fit whose terms' columns are its own and whose coefficients are all estimated.
inline void check_effects_input(const logistic_fit& fit, const std::vector<model::term>& terms) {
  constexpr const char* fn = "glm::summarize_effects";
  if (terms.empty()) fail_input(fn, "terms", "empty", "needs the model's terms: fit from a model frame or pass them");
  check_has_covariance(fn, fit);
  if (fit.aliased.detected) fail_input(fn, "fit.aliased", fit.aliased.message, "effects of aliased columns are not estimable");
  for (const auto& t : terms) {
    for (const Eigen::Index c : t.columns) {
      if (c < 0 || c + 1 >= fit.coefficients.size()) {
        fail_input(fn, "term " + t.name + " column", c, "is not a design column of the fit");
      }
    }
  }
}

/// Requires each range to name a distinct continuous or rcs term of `terms`, with finite, different
/// low and high.
inline void check_effect_ranges(const std::vector<model::term>& terms, const std::vector<effect_range>& ranges) {
  constexpr const char* fn = "glm::summarize_effects";
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const effect_range& r = ranges[k];
    const std::string at = nomo::detail::element("ranges", k);
    const auto t = std::find_if(terms.begin(), terms.end(), [&](const model::term& u) { return u.name == r.term; });
    if (t == terms.end()) fail_input(fn, at + ".term", r.term, "is not a term of the model");
    if (t->kind != model::term_kind::continuous && t->kind != model::term_kind::rcs) {
      fail_input(fn, at + ".term", r.term, "is not a continuous or rcs term: a factor or binary term's effects are level against level");
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (ranges[j].term == r.term) fail_input(fn, at + ".term", r.term, "is given a range twice");
    }
    check_finite(fn, at + ".low", r.low);
    check_finite(fn, at + ".high", r.high);
    if (r.low == r.high) fail_input(fn, at + ".high", r.high, "equals low: there is no effect to estimate");
  }
}

/// The Low and High of a numeric term: its range when one is given, else its datadist
/// Low:effect and High:effect (0 and 1 for a 0/1 number).
inline std::pair<double, double> effect_limits(const model::term& t, const std::vector<effect_range>& ranges) {
  for (const effect_range& r : ranges) {
    if (r.term == t.name) return {r.low, r.high};
  }
  if (t.kind == model::term_kind::binary) return {0.0, 1.0};
  return {t.summary.low_effect, t.summary.high_effect};
}

}  // namespace detail

/// rms `summary(fit, conf.int = conf_level)` of a main-effects logistic model: for each numeric
/// predictor the effect of moving it from its datadist Low:effect to High:effect (the quartiles;
/// min and max with fewer than 4 values), and for each factor level the effect against the term's
/// adjust-to (most frequent) level, with Wald limits z·SE and the odds ratios. `terms` are the
/// fit's (model_frame::terms, which carry the datadist values). With a separated fit (see
/// fit.separation) the effects are as meaningless as its coefficients, as in rms.
/// `ranges` replaces the quartiles of the numeric predictors it names by other Low and High values
/// (rms `summary(fit, age = c(50, 60))`).
/// Throws invalid_input: conf_level outside (0, 1), no terms, a fit without covariance
/// (irls_options::covariance = false), a fit with aliased columns, a term
/// whose columns are not the fit's or whose adjust-to level is not one of its levels, or a range
/// that names no continuous or rcs term, names one twice, or has a non-finite or empty range.
inline effects_summary summarize_effects(const logistic_fit& fit, const std::vector<model::term>& terms,
                                         const std::vector<effect_range>& ranges, double conf_level = 0.95) {
  check_open_unit("glm::summarize_effects", "conf_level", conf_level);
  detail::check_effects_input(fit, terms);
  detail::check_effect_ranges(terms, ranges);
  const double z = detail::normal_quantile(conf_level);
  effects_summary out;
  out.conf_level = conf_level;
  for (const auto& t : terms) {  // numeric predictors: one row across Low:effect to High:effect
    if (!detail::numeric_variable(t)) continue;
    effect_row row;
    row.term = row.label = t.name;
    const bool indicator = t.kind == model::term_kind::binary;  // a 0/1 number: datadist's min and max
    std::tie(row.low, row.high) = detail::effect_limits(t, ranges);
    row.diff = row.high - row.low;
    const auto to = indicator ? model::encode(t, std::string_view(t.levels[1])) : model::encode(t, row.high);
    const auto from = indicator ? model::encode(t, std::string_view(t.levels[0])) : model::encode(t, row.low);
    detail::fill_contrast(fit, t, to, from, z, row);
    out.rows.push_back(row);
  }
  for (const auto& t : terms) {  // factors: each level against the adjust-to level
    if (detail::numeric_variable(t)) continue;
    const double base = detail::level_position(t, t.adjust_level);
    for (const auto& level : t.levels) {
      if (level == t.adjust_level) continue;
      effect_row row;
      row.term = t.name;
      row.label = t.name + " - " + level + ":" + t.adjust_level;
      row.factor = true;
      row.low = base;
      row.high = detail::level_position(t, level);
      row.diff = std::numeric_limits<double>::quiet_NaN();
      detail::fill_contrast(fit, t, model::encode(t, std::string_view(level)), model::encode(t, std::string_view(t.adjust_level)), z, row);
      out.rows.push_back(row);
    }
  }
  return out;
}

/// summarize_effects() across the datadist quartiles of every numeric predictor.
inline effects_summary summarize_effects(const logistic_fit& fit, const std::vector<model::term>& terms,
                                         double conf_level = 0.95) {
  return summarize_effects(fit, terms, {}, conf_level);
}

/// summarize_effects() with the fit's own terms (a fit from a model frame).
inline effects_summary summarize_effects(const logistic_fit& fit, double conf_level = 0.95) {
  return summarize_effects(fit, fit.terms, {}, conf_level);
}

}  // namespace nomo::glm
