#pragma once
// Net reclassification improvement (NRI) and integrated discrimination improvement (IDI) of a new
// risk model over an old one on the same subjects: Hmisc::improveProb and the z, P and normal
// limits its print method adds; optionally the NRI over risk categories instead of any change.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/eval/sample.hpp"

namespace nomo::eval {

/// Options of nri_idi().
struct nri_idi_options {
  /// Risk cut-offs, strictly increasing in (0, 1), for the category NRI: a subject moves up when
  /// the new risk falls in a higher category, a risk equal to a cut-off belonging to the category
  /// above it (R's findInterval). Empty = the continuous NRI, any change of risk counts (Hmisc).
  std::vector<double> cutoffs;
  double conf_level = 0.95;  ///< of the normal limits, in (0, 1) (print.improveProb's conf.int)

  /// Throws invalid_input for cut-offs outside (0, 1) or not strictly increasing, or conf_level
  /// outside (0, 1).
  void validate() const {
    constexpr const char* fn = "eval::nri_idi_options::validate";
    for (std::size_t k = 0; k < cutoffs.size(); ++k) {
      check_open_unit(fn, nomo::detail::element("cutoffs", k), cutoffs[k]);
      if (k > 0 && !(cutoffs[k] > cutoffs[k - 1])) {
        fail_input(fn, nomo::detail::element("cutoffs", k), cutoffs[k], "cut-offs must be strictly increasing");
      }
    }
    check_open_unit(fn, "conf_level", conf_level);
  }
};

/// One improvement index with its normal-theory inference (a row of print.improveProb).
struct improvement_index {
  double estimate = 0;
  double standard_error = 0;
  /// estimate / standard_error and its two-sided P. With a standard error of 0 (every subject of a
  /// class moved the same way, or none moved) they are R's: z = ±Inf and P = 0 for a non-zero
  /// estimate, and absent for a zero one (R's NaN).
  std::optional<double> z, p_value;
  double lower = 0, upper = 0;  ///< estimate ∓ z_{(1+conf_level)/2} · standard_error
};

/// The NRI and IDI of a new model's risks over an old model's (Hmisc::improveProb's result).
struct nri_idi_result {
  std::size_t n = 0, events = 0, nonevents = 0;
  /// Shares of events and non-events whose risk (category) went up or down with the new model
  /// (print.improveProb's (1)-(4)).
  double up_events = 0, up_nonevents = 0, down_events = 0, down_nonevents = 0;
  improvement_index nri;            ///< (1) − (3) + (4) − (2)
  improvement_index nri_events;     ///< (1) − (3)
  improvement_index nri_nonevents;  ///< (4) − (2)
  double mean_increase_events = 0;     ///< mean change of risk among events ("sensitivity")
  double mean_decrease_nonevents = 0;   ///< minus the mean change among non-events ("specificity")
  /// Difference of the mean risk changes of events and non-events (= difference of the two
  /// models' discrimination slopes); always on the continuous risks.
  improvement_index idi;
  std::vector<double> cutoffs;  ///< the categories' cut-offs; empty for the continuous NRI
  double conf_level = 0.95;
};

namespace detail {

/// The index with its z, P and limits; z and P are left out where both estimate and standard error
/// are 0 (R's 0/0), and are ±Inf and 0 where only the standard error is.
inline improvement_index make_improvement_index(double estimate, double variance, double conf_level) {
  improvement_index out;
  out.estimate = estimate;
  out.standard_error = std::sqrt(std::max(0.0, variance));
  const double half_width = nomo::detail::two_sided_z(conf_level) * out.standard_error;
  out.lower = estimate - half_width;
  out.upper = estimate + half_width;
  if (out.standard_error > 0 || estimate != 0) {
    out.z = estimate / out.standard_error;
    out.p_value = nomo::detail::two_sided_normal_p(*out.z);
  }
  return out;
}

/// Category of a risk: the number of cut-offs at or below it.
inline std::size_t risk_category(double risk, const std::vector<double>& cutoffs) {
  std::size_t k = 0;
  while (k < cutoffs.size() && cutoffs[k] <= risk) ++k;
  return k;
}

/// Improvement of one class: how many moved up and down, and the mean and sample variance of the
/// risk changes (Welford's update, so that tiny changes of large risks keep their precision).
struct class_moves {
  double count = 0, up = 0, down = 0, mean_change = 0, squares = 0;

  void add(int direction, double change) {
    count += 1;
    up += direction > 0 ? 1 : 0;
    down += direction < 0 ? 1 : 0;
    const double delta = change - mean_change;
    mean_change += delta / count;
    squares += delta * (change - mean_change);
  }
  /// Hmisc's variance of (up − down) / count: (up + down)/count² − (up − down)²/count³.
  double nri_variance() const { return (up + down) / (count * count) - (up - down) * (up - down) / (count * count * count); }
  /// var(changes) / count, the IDI's variance contribution of this class.
  double idi_variance() const { return squares / (count - 1) / count; }
};

}  // namespace detail

/// NRI and IDI of `new_risks` over `old_risks` for subjects with 0/1 `outcomes`: Hmisc
/// `improveProb(old_risks, new_risks, outcomes)` and the z, two-sided P and normal limits that
/// `print(..., conf.int = options.conf_level)` shows. With options.cutoffs, the NRI counts moves
/// between risk categories instead of any change of risk (the "categorical NRI", with improveProb's
/// variance formulas); the IDI always uses the risks themselves.
/// Differences from Hmisc: NaN throws instead of dropping the subject (remove missing rows first).
/// Throws invalid_input for lengths that differ, a risk outside [0, 1] or not finite, outcomes
/// not 0/1, fewer than 2 events or 2 non-events (the IDI's variances need 2 of each), or bad
/// options.
inline nri_idi_result nri_idi(const Eigen::Ref<const Eigen::VectorXd>& old_risks,
                              const Eigen::Ref<const Eigen::VectorXd>& new_risks,
                              const Eigen::Ref<const Eigen::VectorXd>& outcomes, const nri_idi_options& options = {}) {
  constexpr const char* fn = "eval::nri_idi";
  options.validate();
  const auto counts = detail::check_risk_sample(fn, "old_risks", old_risks, "outcomes", outcomes);
  detail::check_risk_sample(fn, "new_risks", new_risks, "outcomes", outcomes);
  if (counts.cases < 2 || counts.controls < 2) {
    fail_input(fn, "outcomes (events, non-events)", std::to_string(counts.cases) + ", " + std::to_string(counts.controls),
               "needs at least 2 events and 2 non-events (the IDI's variances)");
  }
  detail::class_moves events, nonevents;
  for (Eigen::Index i = 0; i < outcomes.size(); ++i) {
    const double change = new_risks(i) - old_risks(i);
    int direction = change > 0 ? 1 : (change < 0 ? -1 : 0);
    if (!options.cutoffs.empty()) {
      const auto before = detail::risk_category(old_risks(i), options.cutoffs);
      const auto after = detail::risk_category(new_risks(i), options.cutoffs);
      direction = after > before ? 1 : (after < before ? -1 : 0);
    }
    (outcomes(i) == 1.0 ? events : nonevents).add(direction, change);
  }
  nri_idi_result r;
  r.n = static_cast<std::size_t>(outcomes.size());
  r.events = counts.cases;
  r.nonevents = counts.controls;
  r.up_events = events.up / events.count;
  r.down_events = events.down / events.count;
  r.up_nonevents = nonevents.up / nonevents.count;
  r.down_nonevents = nonevents.down / nonevents.count;
  const double level = options.conf_level;
  r.nri_events = detail::make_improvement_index(r.up_events - r.down_events, events.nri_variance(), level);
  r.nri_nonevents = detail::make_improvement_index(r.down_nonevents - r.up_nonevents, nonevents.nri_variance(), level);
  r.nri = detail::make_improvement_index(r.up_events - r.down_events - (r.up_nonevents - r.down_nonevents),
                                         events.nri_variance() + nonevents.nri_variance(), level);
  r.mean_increase_events = events.mean_change;
  r.mean_decrease_nonevents = -nonevents.mean_change;
  r.idi = detail::make_improvement_index(events.mean_change - nonevents.mean_change,
                                         events.idi_variance() + nonevents.idi_variance(), level);
  r.cutoffs = options.cutoffs;
  r.conf_level = level;
  return r;
}

}  // namespace nomo::eval
