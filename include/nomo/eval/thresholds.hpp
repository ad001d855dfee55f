#pragma once
// Operating points of a score: sensitivity, specificity, PPV and NPV at a threshold, and the
// Youden-optimal thresholds of a ROC curve (every tie reported).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "nomo/eval/roc.hpp"

namespace nomo::eval {

/// The 2x2 table of a score dichotomised at a threshold, and the rates read from it.
struct threshold_metrics {
  double threshold = 0;
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t true_negatives = 0;
  std::size_t false_negatives = 0;
  double sensitivity = 0;      ///< TP / (TP + FN)
  double specificity = 0;      ///< TN / (TN + FP)
  std::optional<double> ppv;   ///< TP / (TP + FP); empty when nobody tests positive
  std::optional<double> npv;   ///< TN / (TN + FN); empty when nobody tests negative
  double youden_index = 0;     ///< sensitivity + specificity - 1
};

/// Options of youden_thresholds(): pROC's best.weights = c(cost, prevalence). The criterion is
/// Se + r Sp with r = (1 - prevalence) / (cost * prevalence); the defaults give r = 1 (plain Youden).
struct youden_options {
  double cost = 1;          ///< relative cost of a false negative vs a false positive, > 0
  double prevalence = 0.5;  ///< prevalence used to weigh Sp, in (0, 1)

  void validate() const {
    check_positive("eval::youden_options::validate", "cost", cost);
    check_open_unit("eval::youden_options::validate", "prevalence", prevalence);
  }
};

/// The thresholds of a ROC curve that maximise the weighted Youden criterion.
struct youden_optimum {
  double criterion = 0;                  ///< max of Se + r Sp (with r = 1: J + 1, pROC's "youden")
  std::vector<threshold_metrics> points; ///< every threshold attaining it, increasing threshold
};

namespace detail {

inline std::optional<double> ratio_if_defined(std::size_t numerator, std::size_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

inline threshold_metrics metrics_from_counts(double threshold, std::size_t tp, std::size_t fp, std::size_t tn,
                                             std::size_t fn) {
  threshold_metrics out;
  out.threshold = threshold;
  out.true_positives = tp;
  out.false_positives = fp;
  out.true_negatives = tn;
  out.false_negatives = fn;
  out.sensitivity = static_cast<double>(tp) / static_cast<double>(tp + fn);
  out.specificity = static_cast<double>(tn) / static_cast<double>(tn + fp);
  out.ppv = ratio_if_defined(tp, tp + fp);
  out.npv = ratio_if_defined(tn, tn + fn);
  out.youden_index = out.sensitivity + out.specificity - 1;
  return out;
}

/// Point k of a ROC curve as a 2x2 table (the curve's rates are exact count ratios).
inline threshold_metrics metrics_at_point(const roc_curve& curve, std::size_t k) {
  const auto m = static_cast<double>(curve.cases);
  const auto n0 = static_cast<double>(curve.controls);
  const auto tp = static_cast<std::size_t>(std::llround(curve.sensitivities[k] * m));
  const auto tn = static_cast<std::size_t>(std::llround(curve.specificities[k] * n0));
  return metrics_from_counts(curve.thresholds[k], tp, curve.controls - tn, tn, curve.cases - tp);
}

}  // namespace detail

/// Sensitivity, specificity, PPV and NPV when `scores` are called positive at `threshold`:
/// score >= threshold for cases_higher, score <= threshold for controls_higher (pROC's rule).
///
/// Mirrors pROC::coords(roc, threshold, input = "threshold", ret = c("sensitivity",
/// "specificity", "ppv", "npv", "tp", "fp", "tn", "fn")). Difference: an undefined PPV or NPV is
/// an empty optional rather than NaN. The threshold may be ±Inf.
///
/// Throws nomo::invalid_input for a NaN threshold, an unknown direction and for bad
/// scores/outcomes (see roc()).
inline threshold_metrics classify_at(const Eigen::Ref<const Eigen::VectorXd>& scores,
                                     const Eigen::Ref<const Eigen::VectorXd>& outcomes, double threshold,
                                     score_direction direction = score_direction::cases_higher) {
  if (std::isnan(threshold)) fail_input("eval::classify_at", "threshold", threshold, "must not be NaN");
  detail::check_direction("eval::classify_at", "direction", direction);
  detail::check_sample("eval::classify_at", "scores", scores, "outcomes", outcomes);
  std::size_t tp = 0, fp = 0, tn = 0, fn = 0;
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const bool positive = direction == score_direction::cases_higher ? scores(i) >= threshold : scores(i) <= threshold;
    const bool event = outcomes(i) == 1.0;
    (positive ? (event ? tp : fp) : (event ? fn : tn))++;
  }
  return detail::metrics_from_counts(threshold, tp, fp, tn, fn);
}

/// All thresholds of `curve` maximising Se + r Sp, each with its 2x2 table.
///
/// Mirrors pROC::coords(curve, "best", best.method = "youden", best.weights = c(cost, prevalence),
/// ret = "all"): ties are all returned (exact equality of the criterion, as pROC compares), the
/// thresholds are the curve's midpoints, and the reported criterion with default weights is Se + Sp.
///
/// Throws nomo::invalid_input for an empty or inconsistent curve, one roc() cannot have built (see
/// detail::check_roc_curve: no cases or controls, rates outside [0, 1], not monotone or not counts
/// out of curve.cases and curve.controls), or bad options.
inline youden_optimum youden_thresholds(const roc_curve& curve, const youden_options& options = {}) {
  options.validate();
  const std::size_t points = curve.thresholds.size();
  if (points == 0 || curve.sensitivities.size() != points || curve.specificities.size() != points) {
    fail_input("eval::youden_thresholds", "curve.thresholds.size()", points,
               "must be non-zero and equal the number of sensitivities and specificities");
  }
  detail::check_roc_curve("eval::youden_thresholds", curve);
  const double r = (1 - options.prevalence) / (options.cost * options.prevalence);
  std::vector<double> criterion(points);
  for (std::size_t k = 0; k < points; ++k) criterion[k] = curve.sensitivities[k] + r * curve.specificities[k];
  youden_optimum best;
  best.criterion = *std::max_element(criterion.begin(), criterion.end());
  for (std::size_t k = 0; k < points; ++k)
    if (criterion[k] == best.criterion) best.points.push_back(detail::metrics_at_point(curve, k));
  return best;
}

}  // namespace nomo::eval
