#pragma once
// Percentile bootstrap confidence interval of an AUC: the alternative to DeLong's interval that
// pROC offers as ci.auc(method = "bootstrap").

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/numeric.hpp"
#include "nomo/eval/bootstrap_bands.hpp"
#include "nomo/eval/roc.hpp"

namespace nomo::eval {

/// Options of auc_bootstrap_ci(); defaults are pROC's (boot.n = 2000, boot.stratified = TRUE).
struct auc_bootstrap_options {
  score_direction direction = score_direction::cases_higher;
  std::size_t replicates = 2000;  ///< bootstrap resamples, >= 2
  double conf_level = 0.95;       ///< in (0, 1)
  std::uint64_t seed = 1;         ///< splitmix64 seed; the same seed gives the same interval everywhere
  bool stratified = true;         ///< resample cases and controls separately, keeping their counts

  void validate() const {
    constexpr const char* fn = "eval::auc_bootstrap_options::validate";
    detail::check_direction(fn, "direction", direction);
    if (replicates < 2) fail_input(fn, "replicates", replicates, "must be at least 2");
    check_open_unit(fn, "conf_level", conf_level);
  }
};

/// A bootstrap AUC interval.
struct auc_bootstrap_interval {
  double auc = 0;                     ///< AUC of the full sample
  double lower = 0;                   ///< (1 - level)/2 type-7 quantile of the replicate AUCs
  double median = 0;                  ///< median replicate AUC
  double upper = 0;                   ///< (1 + level)/2 quantile
  double standard_error = 0;          ///< standard deviation of the replicate AUCs
  double conf_level = 0;
  std::size_t replicates = 0;         ///< replicates requested
  std::size_t failed_replicates = 0;  ///< unstratified replicates without both classes, left out
};

/// Percentile bootstrap CI of the AUC of `scores` against 0/1 `outcomes`.
///
/// Mirrors pROC::ci.auc(roc, method = "bootstrap", boot.n, boot.stratified, conf.level): the
/// interval is the type-7 quantiles of the replicate AUCs. Deliberate difference: resamples are
/// drawn from nomo's portable splitmix64 streams, not R's generator, so the limits agree with
/// pROC's only up to Monte Carlo error.
///
/// Throws nomo::invalid_input for mismatched lengths, non-finite scores, outcomes not 0/1 or of
/// one class, or bad options; nomo::computation_error if every replicate lacks a class.
inline auc_bootstrap_interval auc_bootstrap_ci(const Eigen::Ref<const Eigen::VectorXd>& scores,
                                               const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                               const auc_bootstrap_options& options = {}) {
  constexpr const char* fn = "eval::auc_bootstrap_ci";
  options.validate();
  const auto counts = detail::check_sample(fn, "scores", scores, "outcomes", outcomes);
  const Eigen::VectorXd x = detail::oriented(scores, options.direction);
  const bootstrap_band_options resampling{options.replicates, options.conf_level, options.seed, options.stratified};
  const auto replicates = detail::draw_replicates(fn, outcomes, 1, resampling, [&](const auto& rows) {
    const Eigen::VectorXd y = detail::take_rows(outcomes, rows);
    const Eigen::VectorXd s = detail::take_rows(x, rows);
    const auto n1 = static_cast<std::size_t>(y.sum());
    return std::vector<double>{detail::grouped_auc(detail::group_scores(s, y), n1, rows.size() - n1)};
  });
  const std::vector<double>& aucs = replicates.draws.front();
  auc_bootstrap_interval out;
  out.auc = detail::grouped_auc(detail::group_scores(x, outcomes), counts.cases, counts.controls);
  const double tail = (1 - options.conf_level) / 2;
  out.lower = quantile_sorted(aucs, tail);
  out.median = quantile_sorted(aucs, 0.5);
  out.upper = quantile_sorted(aucs, 1 - tail);
  const Eigen::Map<const Eigen::VectorXd> a(aucs.data(), static_cast<Eigen::Index>(aucs.size()));
  // A single successful replicate has no spread to report.
  out.standard_error =
      aucs.size() > 1 ? std::sqrt((a.array() - a.mean()).square().sum() / static_cast<double>(aucs.size() - 1)) : 0.0;
  out.conf_level = options.conf_level;
  out.replicates = options.replicates;
  out.failed_replicates = replicates.failed_replicates;
  return out;
}

}  // namespace nomo::eval
