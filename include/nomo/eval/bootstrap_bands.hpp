#pragma once
// Pointwise percentile bootstrap bands for curves computed from a frozen model's predictions
// (decision curves, clinical impact curves) and a percentile bootstrap CI for the AUC.
//
// Each replicate resamples patients with replacement from its own splitmix64 stream (seed,
// replicate), so the bands are the same on every platform. The predictions stay frozen: this is
// the external-validation bootstrap, not rmda's refit-in-each-replicate bootstrap.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/rng.hpp"

namespace nomo::eval {

/// Options of a bootstrap band; replicates = 0 switches the band off.
struct bootstrap_band_options {
  std::size_t replicates = 0;  ///< number of bootstrap resamples; 0 = no band (rmda uses 500)
  double conf_level = 0.95;    ///< pointwise coverage, in (0, 1)
  std::uint64_t seed = 1;      ///< seed of the splitmix64 streams (one stream per replicate)
  bool stratified = false;     ///< resample cases and controls separately (pROC's default for AUC)

  void validate() const {
    check_open_unit("eval::bootstrap_band_options::validate", "conf_level", conf_level);
    if (replicates == 1) fail_input("eval::bootstrap_band_options::validate", "replicates", replicates, "must be 0 (off) or at least 2");
  }
};

/// Pointwise percentile limits of a curve, one per threshold.
struct bootstrap_band {
  std::vector<double> lower;          ///< (1 - level)/2 percentile (type-1 quantile, as rmda)
  std::vector<double> upper;          ///< (1 + level)/2 percentile
  std::size_t replicates = 0;         ///< replicates requested
  std::size_t failed_replicates = 0;  ///< replicates without both outcome classes, left out
};

namespace detail {

/// R quantile(x, p, type = 1) of sorted values: the inverse of the empirical distribution.
inline double quantile_type1_sorted(const std::vector<double>& sorted, double p) {
  const double np = static_cast<double>(sorted.size()) * p;
  // R's absolute fuzz keeps n p = 19.000000000000004 from moving to the next order statistic.
  const double j = std::floor(np + 4 * std::numeric_limits<double>::epsilon());
  const auto index = static_cast<std::size_t>(np > j ? j : std::max(0.0, j - 1));
  return sorted[std::min(index, sorted.size() - 1)];
}

/// Row indices of one bootstrap resample: all rows, or cases and controls separately.
inline std::vector<Eigen::Index> resample_rows(const Eigen::Ref<const Eigen::VectorXd>& outcomes, bool stratified,
                                               splitmix64& rng) {
  const auto n = static_cast<std::uint64_t>(outcomes.size());
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  if (!stratified) {
    for (auto& r : rows) r = static_cast<Eigen::Index>(rng.below(n));
    return rows;
  }
  std::vector<Eigen::Index> by_class[2];
  for (Eigen::Index i = 0; i < outcomes.size(); ++i) by_class[outcomes(i) == 1.0 ? 1 : 0].push_back(i);
  std::size_t next = 0;
  for (const auto& members : by_class) {
    for (std::size_t k = 0; k < members.size(); ++k) rows[next++] = members[rng.below(members.size())];
  }
  return rows;
}

/// The replicate's copy of one vector.
inline Eigen::VectorXd take_rows(const Eigen::Ref<const Eigen::VectorXd>& v, const std::vector<Eigen::Index>& rows) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) out(static_cast<Eigen::Index>(k)) = v(rows[k]);
  return out;
}

inline bool has_both_classes(const Eigen::VectorXd& outcomes) {
  const double events = outcomes.sum();
  return events > 0 && events < static_cast<double>(outcomes.size());
}

/// The values of a curve over bootstrap replicates: draws[k] holds grid point k of every
/// replicate that had both outcome classes.
struct bootstrap_draws {
  std::vector<std::vector<double>> draws;
  std::size_t failed_replicates = 0;
};

/// Runs `curve_of(rows)` (returning one value per grid point) on each replicate's rows.
/// Replicates lacking a case or a control are counted and skipped; if all of them lack one,
/// throws computation_error for `function`.
template <class CurveOf>
bootstrap_draws draw_replicates(std::string_view function, const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                std::size_t points, const bootstrap_band_options& options, CurveOf curve_of) {
  bootstrap_draws out;
  out.draws.resize(points);
  for (std::size_t b = 0; b < options.replicates; ++b) {
    splitmix64 rng(options.seed, b);
    const auto rows = resample_rows(outcomes, options.stratified, rng);
    if (!has_both_classes(take_rows(outcomes, rows))) {
      ++out.failed_replicates;
      continue;
    }
    const std::vector<double> curve = curve_of(rows);
    for (std::size_t k = 0; k < points; ++k) out.draws[k].push_back(curve[k]);
  }
  if (out.failed_replicates == options.replicates) {
    throw computation_error(std::string(function), "every bootstrap replicate lacked a case or a control");
  }
  for (auto& d : out.draws) std::sort(d.begin(), d.end());
  return out;
}

/// Pointwise percentile band (type-1 quantiles, as rmda) of `curve_of` over the replicates.
template <class CurveOf>
bootstrap_band percentile_band(std::string_view function, const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                               std::size_t points, const bootstrap_band_options& options, CurveOf curve_of) {
  const bootstrap_draws replicates = draw_replicates(function, outcomes, points, options, curve_of);
  bootstrap_band band;
  band.replicates = options.replicates;
  band.failed_replicates = replicates.failed_replicates;
  const double tail = (1 - options.conf_level) / 2;
  for (const auto& d : replicates.draws) {
    band.lower.push_back(quantile_type1_sorted(d, tail));
    band.upper.push_back(quantile_type1_sorted(d, 1 - tail));
  }
  return band;
}

}  // namespace detail
}  // namespace nomo::eval
