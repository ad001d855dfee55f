#pragma once
// Decision curve analysis (Vickers & Elkin 2006): net benefit of treating patients whose predicted
// risk exceeds a threshold probability, against treating all and treating none.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/eval/bootstrap_bands.hpp"
#include "nomo/eval/sample.hpp"

namespace nomo::eval {

/// When a patient counts as high risk at threshold probability pt.
enum class high_risk_rule {
  above,        ///< risk > pt: rmda's rule (nomo's default)
  at_or_above   ///< risk >= pt: dcurves' and Vickers' dca rule; differs only for risks equal to pt
};

/// Options of decision_curve_analysis().
struct decision_curve_options {
  high_risk_rule rule = high_risk_rule::above;
  bool standardized = false;        ///< report NB / prevalence (rmda's plot default) instead of NB
  bootstrap_band_options band = {}; ///< band.replicates > 0 adds pointwise percentile bands

  void validate() const {
    if (rule != high_risk_rule::above && rule != high_risk_rule::at_or_above) {
      fail_input("eval::decision_curve_options::validate", "rule", static_cast<int>(rule), "unknown high_risk_rule");
    }
    band.validate();
  }
};

/// One model's predicted risks for the patients of the outcome vector.
struct named_risks {
  std::string name;       ///< label for tables and plot legends
  Eigen::VectorXd risks;  ///< predicted probabilities in [0, 1], one per patient
};

/// Net benefit of one model over the threshold grid.
struct net_benefit_curve {
  std::string name;
  std::vector<double> net_benefit;      ///< TP/N - FP/N * pt/(1 - pt) (divided by prevalence if standardized)
  std::optional<bootstrap_band> band;   ///< present when bootstrap bands were requested
};

/// A decision curve: every model, treat-all and treat-none on one threshold grid.
struct decision_curve {
  std::vector<double> thresholds;          ///< threshold probabilities pt, as given (decision_curve_plot needs them increasing)
  std::vector<net_benefit_curve> models;   ///< in the order given
  std::vector<double> treat_all;           ///< rho - (1 - rho) pt/(1 - pt) (standardized: / rho)
  std::vector<double> treat_none;          ///< 0 at every threshold
  double prevalence = 0;                   ///< rho, the event rate
  bool standardized = false;
  high_risk_rule rule = high_risk_rule::above;
};

namespace detail {

/// Counts of risks above a threshold by binary search in sorted risks.
inline std::size_t count_high_risk(const std::vector<double>& sorted, double threshold, high_risk_rule rule) {
  const auto first_high = rule == high_risk_rule::above
                              ? std::upper_bound(sorted.begin(), sorted.end(), threshold)
                              : std::lower_bound(sorted.begin(), sorted.end(), threshold);
  return static_cast<std::size_t>(sorted.end() - first_high);
}

/// Sorted risks of cases and of controls: each threshold then costs two binary searches.
struct sorted_risks {
  std::vector<double> cases;
  std::vector<double> controls;
};

inline sorted_risks sort_by_class(const Eigen::Ref<const Eigen::VectorXd>& risks,
                                  const Eigen::Ref<const Eigen::VectorXd>& outcomes) {
  sorted_risks s;
  for (Eigen::Index i = 0; i < risks.size(); ++i) (outcomes(i) == 1.0 ? s.cases : s.controls).push_back(risks(i));
  std::sort(s.cases.begin(), s.cases.end());
  std::sort(s.controls.begin(), s.controls.end());
  return s;
}

/// Numbers classified high risk (all, and those with the event) at each threshold.
struct high_risk_counts {
  std::vector<std::size_t> high_risk;
  std::vector<std::size_t> with_event;
};

inline high_risk_counts count_over_grid(const Eigen::Ref<const Eigen::VectorXd>& risks,
                                        const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                        const std::vector<double>& thresholds, high_risk_rule rule) {
  const sorted_risks s = sort_by_class(risks, outcomes);
  high_risk_counts counts;
  for (const double pt : thresholds) {
    const std::size_t tp = count_high_risk(s.cases, pt, rule);
    counts.with_event.push_back(tp);
    counts.high_risk.push_back(tp + count_high_risk(s.controls, pt, rule));
  }
  return counts;
}

inline std::vector<double> net_benefit_over_grid(const Eigen::Ref<const Eigen::VectorXd>& risks,
                                                 const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                                 const std::vector<double>& thresholds,
                                                 const decision_curve_options& options) {
  const auto counts = count_over_grid(risks, outcomes, thresholds, options.rule);
  const auto n = static_cast<double>(outcomes.size());
  const double prevalence = outcomes.sum() / n;
  std::vector<double> nb(thresholds.size());
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    const double odds = thresholds[k] / (1 - thresholds[k]);
    const auto tp = static_cast<double>(counts.with_event[k]);
    const auto fp = static_cast<double>(counts.high_risk[k] - counts.with_event[k]);
    nb[k] = tp / n - fp / n * odds;
    if (options.standardized) nb[k] /= prevalence;
  }
  return nb;
}

}  // namespace detail

/// Net benefit of each model in `models` over `thresholds`, with treat-all and treat-none.
///
/// Mirrors rmda::decision_curve(..., fitted.risk = TRUE, policy = "opt-in") with the net benefit
/// formula of rms-spec §7; `standardized` gives rmda's standardized NB (NB / prevalence).
/// Deliberate differences: thresholds must lie strictly in (0, 1) (rmda's default grid includes
/// 0 and 1, where pt/(1 - pt) is 0 or infinite), and bootstrap bands resample the frozen risks
/// instead of refitting the model (this is validation of a given model).
///
/// Throws nomo::invalid_input when `models` is empty, a model's risks differ in length from
/// `outcomes`, a risk is not finite or outside [0, 1], an outcome is not 0/1, only one outcome
/// class is present, or a threshold is outside (0, 1). Throws nomo::computation_error when every
/// bootstrap replicate lacks one outcome class.
inline decision_curve decision_curve_analysis(const std::vector<named_risks>& models,
                                              const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                              const std::vector<double>& thresholds,
                                              const decision_curve_options& options = {}) {
  constexpr const char* fn = "eval::decision_curve_analysis";
  options.validate();
  if (models.empty()) fail_input(fn, "models.size()", 0, "needs at least one model");
  for (std::size_t j = 0; j < models.size(); ++j) {
    detail::check_risk_sample(fn, "models[" + std::to_string(j) + "].risks", models[j].risks, "outcomes", outcomes);
  }
  detail::check_thresholds(fn, "thresholds", thresholds);

  decision_curve dc;
  dc.thresholds = thresholds;
  dc.prevalence = outcomes.mean();
  dc.standardized = options.standardized;
  dc.rule = options.rule;
  for (const double pt : thresholds) {
    const double nb_all = dc.prevalence - (1 - dc.prevalence) * pt / (1 - pt);
    dc.treat_all.push_back(options.standardized ? nb_all / dc.prevalence : nb_all);
  }
  dc.treat_none.assign(thresholds.size(), 0.0);
  for (const auto& model : models) {
    net_benefit_curve curve{model.name, detail::net_benefit_over_grid(model.risks, outcomes, thresholds, options), {}};
    if (options.band.replicates > 0) {
      curve.band = detail::percentile_band(fn, outcomes, thresholds.size(), options.band, [&](const auto& rows) {
        return detail::net_benefit_over_grid(detail::take_rows(model.risks, rows), detail::take_rows(outcomes, rows),
                                             thresholds, options);
      });
    }
    dc.models.push_back(std::move(curve));
  }
  return dc;
}

/// The position of threshold `pt` in `curve.thresholds`, for reading any of the curve's columns
/// (a model's net_benefit, treat_all, a band) at pt. pt must be one of the thresholds given, to
/// within 1e-9 (seq_length(0.01, 0.8, 80) holds 0.2 as 0.19999999999999998); the net benefit
/// between grid points is not interpolated, since it jumps at every predicted risk. Throws
/// invalid_input for a pt off the grid, naming the nearest threshold.
inline std::size_t threshold_index(const decision_curve& curve, double pt) {
  constexpr const char* fn = "eval::threshold_index";
  check_finite(fn, "pt", pt);
  if (curve.thresholds.empty()) fail_input(fn, "curve.thresholds.size()", 0, "the curve has no thresholds");
  std::size_t nearest = 0;
  for (std::size_t k = 1; k < curve.thresholds.size(); ++k) {
    if (std::abs(curve.thresholds[k] - pt) < std::abs(curve.thresholds[nearest] - pt)) nearest = k;
  }
  if (std::abs(curve.thresholds[nearest] - pt) > 1e-9) {
    fail_input(fn, "pt", pt, "is not a threshold of the curve (nearest: " + nomo::detail::describe(curve.thresholds[nearest]) + ")");
  }
  return nearest;
}

/// Net benefit of the model called `model` at threshold `pt` (a threshold of the curve, see
/// threshold_index) — the number read off rmda's plot or dcurves' table at pt. Throws invalid_input
/// for a model name not in the curve or a pt off the grid.
inline double net_benefit_at(const decision_curve& curve, std::string_view model, double pt) {
  const std::size_t k = threshold_index(curve, pt);
  for (const auto& m : curve.models) {
    if (m.name == model) return m.net_benefit[k];
  }
  fail_input("eval::net_benefit_at", "model", std::string(model), "no model of that name in the curve");
}

}  // namespace nomo::eval
