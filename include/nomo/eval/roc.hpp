#pragma once
// The empirical ROC curve and its area, as pROC::roc builds them.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/eval/sample.hpp"

namespace nomo::eval {

/// Options of roc(). The direction is always explicit; the default suits risk scores.
struct roc_options {
  score_direction direction = score_direction::cases_higher;  ///< pROC direction "<"

  void validate() const {
    detail::check_direction("eval::roc_options::validate", "direction", direction);
  }
};

/// An empirical ROC curve. Point k is the test "positive" at thresholds[k]: score >= threshold
/// for cases_higher, score <= threshold for controls_higher. Thresholds increase from -Inf to
/// +Inf and sit midway between consecutive distinct scores, so k = 0 and the last point are the
/// corners of the curve.
struct roc_curve {
  score_direction direction = score_direction::cases_higher;
  std::vector<double> thresholds;     ///< -Inf, midpoints of sorted distinct scores, +Inf
  std::vector<double> sensitivities;  ///< true positive fraction at each threshold
  std::vector<double> specificities;  ///< true negative fraction at each threshold
  double auc = 0;                     ///< Mann-Whitney area: P(case ranks above control), ties 1/2
  std::size_t cases = 0;              ///< outcomes equal to 1
  std::size_t controls = 0;           ///< outcomes equal to 0
};

namespace detail {

/// Requires `rate` (element k of the curve's `name`) to be a count out of `total`, as roc()'s rates
/// are, to the rounding of the division that made it.
inline void check_count_rate(const char* function, const char* name, std::size_t k, double rate, std::size_t total,
                             const char* total_name) {
  const double count = rate * static_cast<double>(total);
  if (!(rate >= 0 && rate <= 1)) fail_input(function, nomo::detail::element(name, k), rate, "must be a rate in [0, 1]");
  if (std::fabs(count - std::round(count)) > 1e-9 * static_cast<double>(total)) {
    fail_input(function, nomo::detail::element(name, k), rate,
               std::string("is not a count out of ") + total_name + " = " + std::to_string(total) +
                   ": the curve's rates and counts disagree");
  }
}

/// Requires `curve` to be an ROC curve as roc() builds it, for the functions that take one instead
/// of scores (a hand-built or altered curve would otherwise give a meaningless area or 2×2 table
/// silently): a known direction, at least one case and one control, as many thresholds,
/// sensitivities and specificities, at least two points, rates in [0, 1] that are counts out of
/// `cases` and `controls` (the functions recover the 2×2 tables from them), running monotonically
/// from (specificity 0, sensitivity 1) to (1, 0) once ordered by specificity.
inline void check_roc_curve(const char* function, const roc_curve& curve) {
  detail::check_direction(function, "curve.direction", curve.direction);
  const std::vector<double>& se = curve.sensitivities;
  const std::vector<double>& sp = curve.specificities;
  check_same_size(function, "curve.sensitivities", se.size(), "curve.specificities", sp.size());
  check_same_size(function, "curve.thresholds", curve.thresholds.size(), "curve.specificities", sp.size());
  if (sp.size() < 2) fail_input(function, "curve.specificities.size()", sp.size(), "an ROC curve has at least two points");
  if (curve.cases == 0) fail_input(function, "curve.cases", curve.cases, "an ROC curve needs cases and controls");
  if (curve.controls == 0) fail_input(function, "curve.controls", curve.controls, "an ROC curve needs cases and controls");
  for (std::size_t k = 0; k < se.size(); ++k) {
    check_count_rate(function, "curve.sensitivities", k, se[k], curve.cases, "curve.cases");
    check_count_rate(function, "curve.specificities", k, sp[k], curve.controls, "curve.controls");
  }
  const bool rising = std::is_sorted(sp.begin(), sp.end());
  const bool falling = std::is_sorted(sp.rbegin(), sp.rend());
  const double first_sp = rising ? sp.front() : sp.back(), last_sp = rising ? sp.back() : sp.front();
  const double first_se = rising ? se.front() : se.back(), last_se = rising ? se.back() : se.front();
  const bool se_falls = rising ? std::is_sorted(se.rbegin(), se.rend()) : std::is_sorted(se.begin(), se.end());
  if (!(rising || falling) || !se_falls || first_sp != 0 || last_sp != 1 || first_se != 1 || last_se != 0) {
    fail_input(function, "curve", "(" + std::to_string(sp.size()) + " points)",
               "is not an ROC curve from eval::roc(): it must run monotonically from specificity 0, sensitivity 1 "
               "to specificity 1, sensitivity 0");
  }
}

/// Scores grouped by distinct value, ascending, with how many cases and controls share each.
struct score_groups {
  std::vector<double> values;
  std::vector<std::size_t> cases;
  std::vector<std::size_t> controls;
};

/// Groups by sorting the two classes' scores separately and merging them: two sorts of plain
/// doubles are several times faster than one indirect sort of row indices.
inline score_groups group_scores(const Eigen::Ref<const Eigen::VectorXd>& scores,
                                 const Eigen::Ref<const Eigen::VectorXd>& outcomes) {
  // Reserving up front matters: at n = 100,000 regrowing these vectors costs more than sorting.
  const auto n = static_cast<std::size_t>(scores.size());
  const auto n_cases = static_cast<std::size_t>((outcomes.array() == 1.0).count());
  std::vector<double> cases, controls;
  cases.reserve(n_cases);
  controls.reserve(n - n_cases);
  for (Eigen::Index i = 0; i < scores.size(); ++i) (outcomes(i) == 1.0 ? cases : controls).push_back(scores(i));
  std::sort(cases.begin(), cases.end());
  std::sort(controls.begin(), controls.end());
  score_groups groups;
  groups.values.reserve(n);
  groups.cases.reserve(n);
  groups.controls.reserve(n);
  std::size_t i = 0, j = 0;
  while (i < cases.size() || j < controls.size()) {
    const double value = j == controls.size() || (i < cases.size() && cases[i] < controls[j]) ? cases[i] : controls[j];
    const std::size_t first_case = i, first_control = j;
    while (i < cases.size() && cases[i] == value) ++i;
    while (j < controls.size() && controls[j] == value) ++j;
    groups.values.push_back(value);
    groups.cases.push_back(i - first_case);
    groups.controls.push_back(j - first_control);
  }
  return groups;
}

/// pROC's threshold between two consecutive distinct scores: their midpoint, computed as a/2 + b/2
/// where a + b would overflow, and moved onto the score the test must still include when rounding
/// made the midpoint equal to one of them (pROC's roc.utils.thresholds).
inline double midpoint_threshold(double lower, double upper, score_direction direction) {
  double t = (lower + upper) / 2;
  if (std::abs(t) > 1e100) t = lower / 2 + upper / 2;
  if (direction == score_direction::cases_higher && t == lower) return upper;
  if (direction == score_direction::controls_higher && t == upper) return lower;
  return t;
}

/// Mann-Whitney area from grouped scores, for cases scoring higher (ties count 1/2).
inline double grouped_auc(const score_groups& groups, std::size_t cases, std::size_t controls) {
  double pairs_won = 0;
  double controls_below = 0;
  for (std::size_t j = 0; j < groups.values.size(); ++j) {
    const auto c = static_cast<double>(groups.cases[j]);
    const auto d = static_cast<double>(groups.controls[j]);
    pairs_won += c * (controls_below + 0.5 * d);
    controls_below += d;
  }
  return pairs_won / (static_cast<double>(cases) * static_cast<double>(controls));
}

}  // namespace detail

/// The ROC curve of `scores` against 0/1 `outcomes`, with its AUC.
///
/// Mirrors pROC::roc(outcomes, scores, direction = "<" or ">", levels = c(0, 1)): same thresholds,
/// sensitivities, specificities and AUC, always in increasing threshold order (pROC lists
/// direction ">" from the highest threshold down). Deliberate difference: there is no direction = "auto";
/// the caller states the direction (default: cases score higher) and a wrong-way model gets
/// AUC < 0.5. O(n log n).
///
/// Throws nomo::invalid_input when the lengths differ, a score is not finite, an outcome is not
/// 0/1, or only one outcome class is present.
inline roc_curve roc(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                     const roc_options& options = {}) {
  options.validate();
  const auto counts = detail::check_sample("eval::roc", "scores", scores, "outcomes", outcomes);
  const auto groups = detail::group_scores(scores, outcomes);
  const bool cases_higher = options.direction == score_direction::cases_higher;
  const auto m = static_cast<double>(counts.cases);
  const auto n0 = static_cast<double>(counts.controls);

  roc_curve curve;
  curve.direction = options.direction;
  curve.cases = counts.cases;
  curve.controls = counts.controls;
  const std::size_t k = groups.values.size();
  curve.thresholds.reserve(k + 1);
  curve.sensitivities.reserve(k + 1);
  curve.specificities.reserve(k + 1);
  // Cases and controls scoring below the current threshold, as the threshold sweeps upwards.
  double cases_below = 0;
  double controls_below = 0;
  for (std::size_t j = 0; j <= k; ++j) {
    if (j == 0) {
      curve.thresholds.push_back(-std::numeric_limits<double>::infinity());
    } else {
      cases_below += static_cast<double>(groups.cases[j - 1]);
      controls_below += static_cast<double>(groups.controls[j - 1]);
      curve.thresholds.push_back(j == k ? std::numeric_limits<double>::infinity()
                                        : detail::midpoint_threshold(groups.values[j - 1], groups.values[j],
                                                                     options.direction));
    }
    curve.sensitivities.push_back(cases_higher ? (m - cases_below) / m : cases_below / m);
    curve.specificities.push_back(cases_higher ? controls_below / n0 : (n0 - controls_below) / n0);
  }
  const double area = detail::grouped_auc(groups, counts.cases, counts.controls);
  curve.auc = cases_higher ? area : 1.0 - area;
  return curve;
}

}  // namespace nomo::eval
