#pragma once
// Clinical impact curve (Kerr et al. 2016; rmda::plot_clinical_impact): how many of a population
// a model calls high risk at each threshold, and how many of those have the event.

#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "nomo/eval/decision_curve.hpp"

namespace nomo::eval {

/// Options of clinical_impact().
struct clinical_impact_options {
  double population = 1000;              ///< report counts per this many patients (rmda population.size)
  high_risk_rule rule = high_risk_rule::above;
  bootstrap_band_options band = {};      ///< band.replicates > 0 adds pointwise percentile bands

  void validate() const {
    check_positive("eval::clinical_impact_options::validate", "population", population);
    if (rule != high_risk_rule::above && rule != high_risk_rule::at_or_above) {
      fail_input("eval::clinical_impact_options::validate", "rule", static_cast<int>(rule), "unknown high_risk_rule");
    }
    band.validate();
  }
};

/// Clinical impact curve of one model.
struct clinical_impact_curve {
  std::vector<double> thresholds;            ///< threshold probabilities pt, as given (clinical_impact_plot needs them increasing)
  std::vector<double> high_risk;             ///< population * #{risk high} / N ("Number high risk")
  std::vector<double> high_risk_with_event;  ///< population * #{risk high, event} / N
  std::vector<double> cost_benefit;          ///< pt / (1 - pt): harm-to-benefit ratio "1:x" axis labels
  double population = 0;
  std::optional<bootstrap_band> high_risk_band;             ///< with bootstrap bands only
  std::optional<bootstrap_band> high_risk_with_event_band;  ///< with bootstrap bands only
};

namespace detail {

/// Per-population counts of both curves, concatenated (high risk, then with event) so that one
/// bootstrap pass resamples both from the same rows.
inline std::vector<double> impact_counts(const Eigen::Ref<const Eigen::VectorXd>& risks,
                                         const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                         const std::vector<double>& thresholds, const clinical_impact_options& options) {
  const auto counts = count_over_grid(risks, outcomes, thresholds, options.rule);
  const double scale = options.population / static_cast<double>(outcomes.size());
  std::vector<double> out;
  out.reserve(2 * thresholds.size());
  for (const std::size_t c : counts.high_risk) out.push_back(scale * static_cast<double>(c));
  for (const std::size_t c : counts.with_event) out.push_back(scale * static_cast<double>(c));
  return out;
}

/// Half of a concatenated band.
inline bootstrap_band band_part(const bootstrap_band& both, std::size_t begin, std::size_t count) {
  bootstrap_band part = both;
  const auto first = static_cast<std::ptrdiff_t>(begin);
  const auto last = static_cast<std::ptrdiff_t>(begin + count);
  part.lower.assign(both.lower.begin() + first, both.lower.begin() + last);
  part.upper.assign(both.upper.begin() + first, both.upper.begin() + last);
  return part;
}

}  // namespace detail

/// Clinical impact curve of `risks` against 0/1 `outcomes` over `thresholds`.
///
/// Mirrors rmda::plot_clinical_impact(population.size = 1000, cost.benefit.axis = TRUE) on
/// fitted risks (rms-spec §7). Deliberate differences: thresholds must lie strictly in (0, 1), and
/// bootstrap bands resample the frozen risks instead of refitting the model.
///
/// Throws nomo::invalid_input when the lengths differ, a risk is not finite or outside [0, 1], an
/// outcome is not 0/1, only one outcome class is present, a threshold is outside (0, 1), or
/// population is not positive. Throws nomo::computation_error when every bootstrap replicate lacks
/// one outcome class.
inline clinical_impact_curve clinical_impact(const Eigen::Ref<const Eigen::VectorXd>& risks,
                                             const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                             const std::vector<double>& thresholds,
                                             const clinical_impact_options& options = {}) {
  constexpr const char* fn = "eval::clinical_impact";
  options.validate();
  detail::check_risk_sample(fn, "risks", risks, "outcomes", outcomes);
  detail::check_thresholds(fn, "thresholds", thresholds);
  const std::size_t t = thresholds.size();
  const std::vector<double> both = detail::impact_counts(risks, outcomes, thresholds, options);

  clinical_impact_curve curve;
  curve.thresholds = thresholds;
  curve.population = options.population;
  curve.high_risk.assign(both.begin(), both.begin() + static_cast<std::ptrdiff_t>(t));
  curve.high_risk_with_event.assign(both.begin() + static_cast<std::ptrdiff_t>(t), both.end());
  for (const double pt : thresholds) curve.cost_benefit.push_back(pt / (1 - pt));
  if (options.band.replicates > 0) {
    const auto band = detail::percentile_band(fn, outcomes, 2 * t, options.band, [&](const auto& rows) {
      return detail::impact_counts(detail::take_rows(risks, rows), detail::take_rows(outcomes, rows), thresholds, options);
    });
    curve.high_risk_band = detail::band_part(band, 0, t);
    curve.high_risk_with_event_band = detail::band_part(band, t, t);
  }
  return curve;
}

}  // namespace nomo::eval
