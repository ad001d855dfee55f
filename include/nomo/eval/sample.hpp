#pragma once
// A validated evaluation sample: scores (or predicted risks) paired with 0/1 outcomes.
//
// Every eval function starts from the same checks (equal lengths, finite scores, outcomes 0/1,
// both classes present), so they live here once and every message names the caller.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"

namespace nomo::eval {

/// Which way a score points. Risk scores and predicted probabilities are `cases_higher` (pROC's
/// direction "<"). nomo never chooses the direction from the data (pROC's direction = "auto"
/// does), so a model that ranks the wrong way shows an AUC below 0.5 instead of being flipped.
enum class score_direction {
  cases_higher,   ///< higher score = more likely a case; positive test is score >= threshold
  controls_higher ///< lower score = more likely a case; positive test is score <= threshold
};

namespace detail {

/// Requires `direction` to be one of score_direction's enumerators.
inline void check_direction(std::string_view function, std::string_view argument, score_direction direction) {
  check_enum(function, argument, direction, {score_direction::cases_higher, score_direction::controls_higher},
             "score_direction", "cases_higher or controls_higher");
}

/// Counts of the two outcome classes of a checked sample.
struct class_counts {
  std::size_t cases = 0;     ///< outcome 1
  std::size_t controls = 0;  ///< outcome 0
};

/// Checks one (scores, outcomes) sample for `function` and counts its classes. Throws
/// invalid_input naming the argument and value for: different lengths, a non-finite score, an
/// outcome other than 0/1, or an outcome vector with one class only.
inline class_counts check_sample(std::string_view function, std::string_view score_name,
                                 const Eigen::Ref<const Eigen::VectorXd>& scores,
                                 std::string_view outcome_name,
                                 const Eigen::Ref<const Eigen::VectorXd>& outcomes) {
  check_same_size(function, score_name, static_cast<std::size_t>(scores.size()), outcome_name,
                  static_cast<std::size_t>(outcomes.size()));
  check_all_finite(function, score_name, scores);
  check_binary(function, outcome_name, outcomes);
  class_counts counts;
  for (Eigen::Index i = 0; i < outcomes.size(); ++i) (outcomes(i) == 1.0 ? counts.cases : counts.controls)++;
  if (counts.cases == 0 || counts.controls == 0) {
    fail_input(function, std::string(outcome_name) + " (cases, controls)",
               std::to_string(counts.cases) + ", " + std::to_string(counts.controls),
               "needs at least one case (1) and one control (0)");
  }
  return counts;
}

/// Like check_sample, and also requires every score to be a probability in [0, 1] (risks used by
/// calibration and decision curves).
inline class_counts check_risk_sample(std::string_view function, std::string_view risk_name,
                                      const Eigen::Ref<const Eigen::VectorXd>& risks,
                                      std::string_view outcome_name,
                                      const Eigen::Ref<const Eigen::VectorXd>& outcomes) {
  const class_counts counts = check_sample(function, risk_name, risks, outcome_name, outcomes);
  for (Eigen::Index i = 0; i < risks.size(); ++i) {
    check_in_range(function, nomo::detail::element(risk_name, static_cast<std::size_t>(i)), risks(i), 0.0, 1.0);
  }
  return counts;
}

/// Requires each threshold probability to lie strictly in (0, 1), where pt / (1 - pt) is finite.
inline void check_thresholds(std::string_view function, std::string_view name, const std::vector<double>& thresholds) {
  if (thresholds.empty()) fail_input(function, std::string(name) + ".size()", 0, "needs at least one threshold");
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    check_open_unit(function, nomo::detail::element(name, k), thresholds[k]);
  }
}

/// Scores turned so that cases are higher: the identity or a negation. Lets every algorithm be
/// written once for direction "<".
inline Eigen::VectorXd oriented(const Eigen::Ref<const Eigen::VectorXd>& scores, score_direction direction) {
  return direction == score_direction::cases_higher ? Eigen::VectorXd(scores) : Eigen::VectorXd(-scores);
}

}  // namespace detail
}  // namespace nomo::eval
