#pragma once
// Dose-volume histograms: exact voxel DVHs from a grid and a mask, and tabulated DVHs (a TPS export).
//
// Conventions (dose-spec §6.2), the same for every function here:
//  * V(x Gy) is the volume receiving D ≥ x (≥, not >), in cc or in % of the structure volume.
//  * D(p %) is the minimum dose of the hottest p % of the structure. From voxels it is the
//    nearest-rank dose: sort the voxel doses in descending order and take the first voxel at which
//    the cumulative volume reaches p % of the total (k = ⌈f·N⌉ for a binary mask, f = p/100). D(0 %)
//    is Dmax and D(100 %) is Dmin. Optionally (dose_rank_rule::interpolated) the cumulative curve
//    through the voxel mid-points (cumulative volume − half the voxel's own volume) is interpolated
//    linearly. Either way values can differ from a TPS by up to one voxel's worth of volume.
//  * D(v cc) is D(p %) with p = 100·v / volume.
//  * D2, D50, D98 are D(2 %), D(50 %), D(98 %): ICRU 83 near-maximum, median and near-minimum.
//  * Nothing is binned: the statistics use the exact voxel doses. Ranks are found with a relative
//    tolerance of 1e-12 on the cumulative volume so that 98 % of 100 voxels is 98 voxels, not 99.
//  * Tabulated DVHs are interpolated linearly in dose, never read at the nearest bin (the
//    dicompyler-core defect of dose-spec §1.2).
// No R function is mirrored; voxel statistics agree with plastimatch `stats` (min/mean/max) and the
// nearest-rank D(x %) of dose-spec §6.2.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/dose/grid.hpp"

namespace nomo::dose {

/// How D(p %) is read from the voxel doses.
enum class dose_rank_rule {
  nearest_rank,  ///< the dose of the voxel at which the cumulative volume reaches p % (default)
  interpolated   ///< linear interpolation between voxel mid-points of the cumulative curve
};

/// Whether a DVH curve is cumulative (V(D ≥ x)) or differential (volume per dose bin).
enum class dvh_kind { cumulative, differential };

/// A DVH as a table. Cumulative: volume_cc[k] = volume with D ≥ dose_gy[k]. Differential:
/// volume_cc[k] = volume with dose_gy[k] ≤ D < dose_gy[k] + bin_width_gy (dose_gy holds lower bin
/// edges).
struct dvh_curve {
  dvh_kind kind = dvh_kind::cumulative;
  double bin_width_gy = 0;
  std::vector<double> dose_gy;
  std::vector<double> volume_cc;
};

/// ICRU-style dose statistics of one structure.
struct structure_statistics {
  double volume_cc = 0;  ///< Σ weight · voxel volume
  double mean_gy = 0;    ///< Σ weight · D / Σ weight
  double max_gy = 0;     ///< voxel maximum (voxels with weight > 0)
  double min_gy = 0;     ///< voxel minimum
  double d2_gy = 0;      ///< D(2 %), near-maximum
  double d50_gy = 0;     ///< D(50 %), median
  double d98_gy = 0;     ///< D(98 %), near-minimum
};

/// The exact DVH of one structure: its voxel doses sorted in descending order with their cumulative
/// volumes. Build it with compute_voxel_dvh(); every query is O(log N).
class voxel_dvh {
 public:
  /// From voxel doses in descending order and the cumulative volume (cc) up to and including each
  /// voxel (non-decreasing, total > 0). Throws invalid_input naming the first offending element.
  voxel_dvh(std::vector<double> dose_descending, std::vector<double> cumulative_cc)
      : dose_(std::move(dose_descending)), cumulative_cc_(std::move(cumulative_cc)) {
    constexpr std::string_view function = "dose::voxel_dvh";
    check_same_size(function, "cumulative_cc", cumulative_cc_.size(), "dose_descending", dose_.size());
    if (dose_.empty()) fail_input(function, "dose_descending.size()", 0, "the structure is empty");
    double previous = 0;
    for (std::size_t i = 0; i < dose_.size(); ++i) {
      if (!(dose_[i] >= 0) || !std::isfinite(dose_[i]) || (i > 0 && dose_[i] > dose_[i - 1]))
        fail_input(function, nomo::detail::element("dose_descending", i), dose_[i], "must be finite, ≥ 0 and not above the previous dose");
      if (!(cumulative_cc_[i] >= previous) || !std::isfinite(cumulative_cc_[i]))
        fail_input(function, nomo::detail::element("cumulative_cc", i), cumulative_cc_[i], "must be finite, ≥ 0 and not decrease");
      previous = cumulative_cc_[i];
    }
    if (!(previous > 0)) fail_input(function, "cumulative_cc.back()", previous, "the structure is empty");
    mean_ = weighted_mean();
  }

  /// Largest number of bins curve() tabulates. A clinical DVH needs 10^3–10^4 (0.01 Gy steps up to
  /// 100 Gy); 10^7 still allows 1 µGy steps up to 10 Gy, while bounding the curve to 160 MB and
  /// about a second. A width needing more is a slip (a width in the wrong unit, a stray exponent).
  static constexpr std::size_t max_curve_bins = 10'000'000;

  double volume_cc() const { return cumulative_cc_.back(); }
  double mean_gy() const { return mean_; }
  double max_gy() const { return dose_.front(); }
  double min_gy() const { return dose_.back(); }
  /// Voxel doses, descending.
  const std::vector<double>& doses() const { return dose_; }
  /// Volume (cc) of the voxels up to and including each voxel of doses().
  const std::vector<double>& cumulative_cc() const { return cumulative_cc_; }

  /// D(p %) in Gy. Throws invalid_input (`percent`) outside [0, 100], or for an unknown rule.
  double dose_at_percent(double percent, dose_rank_rule rule = dose_rank_rule::nearest_rank) const {
    check_in_range("dose::voxel_dvh::dose_at_percent", "percent", percent, 0.0, 100.0);
    check_rule("dose::voxel_dvh::dose_at_percent", rule);
    return dose_at_volume(percent / 100.0 * volume_cc(), rule);
  }

  /// D(v cc) in Gy: the minimum dose of the hottest `volume_cc` cc. Throws invalid_input
  /// (`volume_cc`) when negative or larger than the structure, or for an unknown rule.
  double dose_at_cc(double volume_cc, dose_rank_rule rule = dose_rank_rule::nearest_rank) const {
    check_in_range("dose::voxel_dvh::dose_at_cc", "volume_cc", volume_cc, 0.0, this->volume_cc());
    check_rule("dose::voxel_dvh::dose_at_cc", rule);
    return dose_at_volume(volume_cc, rule);
  }

  /// V(x Gy) in cc: volume receiving D ≥ `dose_gy`. Throws invalid_input (`dose_gy`) when negative
  /// or not finite.
  double volume_cc_at_dose(double dose_gy) const {
    check_non_negative("dose::voxel_dvh::volume_cc_at_dose", "dose_gy", dose_gy);
    const auto hot = std::partition_point(dose_.begin(), dose_.end(), [&](double d) { return d >= dose_gy; });
    const auto count = static_cast<std::size_t>(hot - dose_.begin());
    return count == 0 ? 0.0 : cumulative_cc_[count - 1];
  }

  /// V(x Gy) in % of the structure volume. Throws like volume_cc_at_dose.
  double volume_percent_at_dose(double dose_gy) const {
    check_non_negative("dose::voxel_dvh::volume_percent_at_dose", "dose_gy", dose_gy);
    return 100.0 * (volume_cc_at_dose(dose_gy) / volume_cc());  // ratio first: 100·V overflows above 1.8e306 cc
  }

  /// D2, D50, D98, Dmean, Dmax, Dmin and the volume together. Throws invalid_input for an unknown rule.
  structure_statistics statistics(dose_rank_rule rule = dose_rank_rule::nearest_rank) const {
    check_rule("dose::voxel_dvh::statistics", rule);
    return {volume_cc(), mean_gy(), max_gy(), min_gy(), dose_at_percent(2, rule), dose_at_percent(50, rule),
            dose_at_percent(98, rule)};
  }

  /// Cumulative (V(D ≥ x) at x = 0, w, 2w, … up to the first point above Dmax) or differential
  /// (volume per bin [x, x + w)) curve. Exact at the tabulated points; the bin width only chooses
  /// where to tabulate; a differential bin k is the difference of cumulative points k and k + 1.
  /// Throws invalid_input (`bin_width_gy`) unless positive, when it makes more than max_curve_bins
  /// bins up to Dmax, or when the end of the last bin, above Dmax, overflows double; and for an
  /// unknown kind.
  dvh_curve curve(dvh_kind kind, double bin_width_gy) const {
    check_enum("dose::voxel_dvh::curve", "kind", kind, {dvh_kind::cumulative, dvh_kind::differential}, "dvh_kind",
               "cumulative or differential");
    const std::size_t bins = curve_bins(bin_width_gy);
    dvh_curve out{kind, bin_width_gy, {}, {}};
    const std::size_t points = kind == dvh_kind::cumulative ? bins + 1 : bins;
    out.dose_gy.reserve(points);
    out.volume_cc.reserve(points);
    for (std::size_t k = 0; k < points; ++k) {
      const double x = tabulated_dose(k, bin_width_gy);
      out.dose_gy.push_back(x);
      const double at_least = volume_cc_at_dose(x);
      const double next = kind == dvh_kind::cumulative ? 0.0 : volume_cc_at_dose(tabulated_dose(k + 1, bin_width_gy));
      out.volume_cc.push_back(at_least - next);
    }
    return out;
  }

 private:
  /// Tabulation point k of a curve of bin width w: k·w as the decimal it stands for (rounded to 15
  /// significant digits and read back). 24 · 0.1 is 2.4000000000000004 in double, above the 2.4 a
  /// voxel dose of 2.4 Gy holds, which would drop that voxel from its own point and bin.
  static double tabulated_dose(std::size_t k, double bin_width_gy) {
    char text[40];
    std::snprintf(text, sizeof text, "%.15g", static_cast<double>(k) * bin_width_gy);
    return std::strtod(text, nullptr);
  }

  static void check_rule(std::string_view function, dose_rank_rule rule) {
    check_enum(function, "rule", rule, {dose_rank_rule::nearest_rank, dose_rank_rule::interpolated}, "dose_rank_rule",
               "nearest_rank or interpolated");
  }

  /// Σ D·ΔV / V with each ΔV divided by V first, so no partial sum exceeds Dmax: doses near the
  /// largest double still give their finite mean. Rounding could leave [Dmin, Dmax], where the mean
  /// lies exactly, by an ulp (and past Dmax = 1.8e308 that ulp is Inf): clamped back.
  double weighted_mean() const {
    double mean = 0, previous = 0;
    for (std::size_t i = 0; i < dose_.size(); ++i) {
      mean += dose_[i] * ((cumulative_cc_[i] - previous) / volume_cc());
      previous = cumulative_cc_[i];
    }
    return std::clamp(mean, min_gy(), max_gy());
  }

  /// The number of bins of width `bin_width_gy` from 0 to Dmax, counted in double and checked
  /// against max_curve_bins before it becomes a size_t (a tiny width gives a count beyond size_t).
  std::size_t curve_bins(double bin_width_gy) const {
    constexpr std::string_view function = "dose::voxel_dvh::curve";
    check_positive(function, "bin_width_gy", bin_width_gy);
    double bins = std::floor(max_gy() / bin_width_gy) + 1;
    // The last bin must end above Dmax at its tabulated dose (max / w can round below a whole count).
    while (bins <= static_cast<double>(max_curve_bins) &&
           !(tabulated_dose(static_cast<std::size_t>(bins), bin_width_gy) > max_gy())) {
      bins += 1;
    }
    if (!(bins <= static_cast<double>(max_curve_bins))) {
      fail_input(function, "bin_width_gy", bin_width_gy,
                 "makes " + nomo::detail::describe(bins) + " bins up to Dmax = " + nomo::detail::describe(max_gy()) +
                     " Gy, more than the " + std::to_string(max_curve_bins) + " a curve may have");
    }
    if (!std::isfinite(bins * bin_width_gy)) {
      fail_input(function, "bin_width_gy", bin_width_gy,
                 "the end of the last bin, above Dmax = " + nomo::detail::describe(max_gy()) + " Gy, overflows double");
    }
    return static_cast<std::size_t>(bins);
  }

  double dose_at_volume(double target_cc, dose_rank_rule rule) const {
    const double tolerance = 1e-12 * volume_cc();
    if (rule == dose_rank_rule::nearest_rank) {
      const auto it = std::lower_bound(cumulative_cc_.begin(), cumulative_cc_.end(), target_cc - tolerance);
      const auto k = std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_cc_.begin()), dose_.size() - 1);
      return dose_[k];
    }
    // Mid-point of voxel k on the cumulative axis: cumulative_cc[k] − half its own volume.
    auto mid = [&](std::size_t k) { return cumulative_cc_[k] - 0.5 * (cumulative_cc_[k] - (k ? cumulative_cc_[k - 1] : 0.0)); };
    if (target_cc <= mid(0)) return dose_.front();
    if (target_cc >= mid(dose_.size() - 1)) return dose_.back();
    std::size_t lo = 0, hi = dose_.size() - 1;  // mid(lo) < target ≤ mid(hi)
    while (hi - lo > 1) {
      const std::size_t m = (lo + hi) / 2;
      (mid(m) < target_cc ? lo : hi) = m;
    }
    if (!(mid(hi) > mid(lo))) return dose_[hi];  // zero-volume voxels: nothing to interpolate across
    const double t = (target_cc - mid(lo)) / (mid(hi) - mid(lo));
    return dose_[lo] + t * (dose_[hi] - dose_[lo]);
  }

  std::vector<double> dose_;
  std::vector<double> cumulative_cc_;
  double mean_ = 0;
};

/// The exact DVH of `structure` on `dose`. Throws invalid_input when the geometries differ or the
/// structure is empty. (R has no DVH function in rms; this mirrors dose-spec §6.2 and plastimatch
/// `stats` for Dmean/Dmax/Dmin.)
template <class T>
voxel_dvh compute_voxel_dvh(const dose_grid<T>& dose, const mask& structure) {
  constexpr std::string_view function = "dose::compute_voxel_dvh";
  check_same_geometry(function, "structure", structure.geometry(), "dose", dose.geometry());
  check_not_empty(function, "structure", structure);
  struct voxel {
    double dose;
    double weight;
  };
  std::vector<voxel> voxels;
  voxels.reserve(structure.voxel_count());
  for_each_voxel(structure, [&](std::size_t i) { voxels.push_back({static_cast<double>(dose[i]), structure.weight(i)}); });
  std::sort(voxels.begin(), voxels.end(), [](const voxel& a, const voxel& b) { return a.dose > b.dose; });
  std::vector<double> doses(voxels.size()), cumulative(voxels.size());
  const double voxel_cc = dose.geometry().voxel_volume_cc();
  double total_weight = 0;
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    doses[i] = voxels[i].dose;
    total_weight += voxels[i].weight;
    cumulative[i] = total_weight * voxel_cc;
  }
  return voxel_dvh(std::move(doses), std::move(cumulative));
}

/// Volume, Dmean, Dmax, Dmin, D2, D50, D98 of `structure` (nearest-rank). Throws like
/// compute_voxel_dvh.
template <class T>
structure_statistics dose_statistics(const dose_grid<T>& dose, const mask& structure) {
  return compute_voxel_dvh(dose, structure).statistics();
}

namespace detail {

/// Requires at least 2 doses, each ≥ 0, finite and above the one before, named `argument`.
inline void check_dose_axis(std::string_view function, std::string_view argument, const std::vector<double>& dose_gy) {
  if (dose_gy.size() < 2) fail_input(function, std::string(argument) + ".size()", dose_gy.size(), "needs at least 2 points");
  for (std::size_t k = 0; k < dose_gy.size(); ++k) {
    const std::string name = nomo::detail::element(argument, k);
    check_non_negative(function, name, dose_gy[k]);
    if (k > 0 && !(dose_gy[k] > dose_gy[k - 1])) fail_input(function, name, dose_gy[k], "must be strictly increasing");
  }
}

/// Requires a cumulative DVH: doses as check_dose_axis, as many volumes, each ≥ 0 and finite and none
/// above the one before, the first (the structure's volume) > 0. Named `<prefix>dose_gy`,
/// `<prefix>volume_cc`.
inline void check_cumulative_curve(std::string_view function, const std::string& prefix, const std::vector<double>& dose_gy,
                                   const std::vector<double>& volume_cc) {
  check_same_size(function, prefix + "volume_cc", volume_cc.size(), prefix + "dose_gy", dose_gy.size());
  check_dose_axis(function, prefix + "dose_gy", dose_gy);
  for (std::size_t k = 0; k < volume_cc.size(); ++k) {
    const std::string name = nomo::detail::element(prefix + "volume_cc", k);
    check_non_negative(function, name, volume_cc[k]);
    if (k > 0 && volume_cc[k] > volume_cc[k - 1]) fail_input(function, name, volume_cc[k], "a cumulative DVH must not increase");
  }
  if (!(volume_cc[0] > 0)) fail_input(function, prefix + "volume_cc[0]", volume_cc[0], "the structure is empty");
}

}  // namespace detail

/// A DVH given as a table (a TPS or DICOM DVHSequence export), read by linear interpolation of
/// the cumulative curve. The uncertainty of every statistic is about one bin (max_bin_width_gy()).
class tabulated_dvh {
 public:
  /// From a cumulative curve: `dose_gy` strictly increasing and ≥ 0, `volume_cc` ≥ 0 and
  /// non-increasing, volume_cc[0] > 0 the structure volume. Throws invalid_input naming the first
  /// offending dose, else the first offending volume.
  static tabulated_dvh from_cumulative(std::vector<double> dose_gy, std::vector<double> volume_cc) {
    detail::check_cumulative_curve("dose::tabulated_dvh::from_cumulative", "", dose_gy, volume_cc);
    return tabulated_dvh(std::move(dose_gy), std::move(volume_cc));
  }

  /// From a differential histogram: `bin_edges_gy` (n + 1 strictly increasing edges ≥ 0, n ≥ 1)
  /// and `bin_volume_cc` (n volumes ≥ 0, total > 0 and finite). Within a bin the dose is taken as
  /// uniform, so the mean is the bin-centre mean of dose-spec §6.2. Throws invalid_input naming the
  /// first offending edge, else the offending volume (the one at which the total overflows double),
  /// or `bin_volume_cc` when every volume is 0.
  static tabulated_dvh from_differential(const std::vector<double>& bin_edges_gy, const std::vector<double>& bin_volume_cc) {
    constexpr std::string_view function = "dose::tabulated_dvh::from_differential";
    check_same_size(function, "bin_edges_gy", bin_edges_gy.size(), "bin_volume_cc + 1", bin_volume_cc.size() + 1);
    detail::check_dose_axis(function, "bin_edges_gy", bin_edges_gy);
    std::vector<double> cumulative(bin_edges_gy.size(), 0.0);
    for (std::size_t k = bin_volume_cc.size(); k-- > 0;) {
      check_non_negative(function, nomo::detail::element("bin_volume_cc", k), bin_volume_cc[k]);
      cumulative[k] = cumulative[k + 1] + bin_volume_cc[k];
    }
    if (!std::isfinite(cumulative[0])) {
      std::size_t k = 0;  // the bin at which the sum from the last bin down overflowed
      while (!std::isfinite(cumulative[k + 1])) ++k;
      fail_input(function, nomo::detail::element("bin_volume_cc", k), bin_volume_cc[k],
                 "this volume and those of the bins above it add up beyond the largest double");
    }
    if (!(cumulative[0] > 0)) fail_input(function, "bin_volume_cc", "all 0", "the structure is empty");
    return tabulated_dvh(bin_edges_gy, std::move(cumulative));
  }

  double volume_cc() const { return volume_.front(); }
  /// Widest tabulation step: the resolution of every statistic read from this DVH.
  double max_bin_width_gy() const {
    double w = 0;
    for (std::size_t k = 1; k < dose_.size(); ++k) w = std::max(w, dose_[k] - dose_[k - 1]);
    return w;
  }
  /// Whether the curve ends at 0 cc (a full DVH); a truncated export says nothing of the doses
  /// above its last point.
  bool reaches_zero_volume() const { return volume_.back() == 0; }

  /// Dmean = x₀ + ∫ V(x) dx / V(x₀) on the linearly interpolated curve (bin-centre mean).
  /// Throws computation_error for a curve that does not reach 0 cc (its tail is unknown).
  double mean_gy() const {
    if (!reaches_zero_volume()) {
      throw computation_error("dose::tabulated_dvh::mean_gy", "the DVH ends at " + nomo::detail::describe(volume_.back()) + " cc at " +
                                                            nomo::detail::describe(dose_.back()) +
                                                            " Gy, not at 0 cc: the dose of that volume is unknown");
    }
    // Each trapezoid's mean height is divided by V first, so no partial sum exceeds the dose span:
    // doses near the largest double still give their finite mean. Rounding could carry it an ulp
    // past the last dose, where it lies exactly (and past 1.8e308 that ulp is Inf): clamped back.
    double rise = 0;
    for (std::size_t k = 1; k < dose_.size(); ++k) {
      rise += (0.5 * volume_[k] + 0.5 * volume_[k - 1]) / volume_cc() * (dose_[k] - dose_[k - 1]);
    }
    return std::min(dose_.front() + rise, dose_.back());
  }

  /// V(x Gy) in cc by linear interpolation; V = volume below the first point, 0 above the last if
  /// the curve ends at 0. Throws invalid_input (`dose_gy`) if negative, or above the last point of a
  /// curve that does not reach 0 volume.
  double volume_cc_at_dose(double dose_gy) const {
    constexpr std::string_view function = "dose::tabulated_dvh::volume_cc_at_dose";
    check_non_negative(function, "dose_gy", dose_gy);
    if (dose_gy <= dose_.front()) return volume_.front();
    if (dose_gy >= dose_.back()) {
      if (volume_.back() > 0 && dose_gy > dose_.back()) fail_input(function, "dose_gy", dose_gy, "lies beyond the tabulated doses of a DVH that does not reach 0 cc");
      return volume_.back();
    }
    const auto k = static_cast<std::size_t>(std::upper_bound(dose_.begin(), dose_.end(), dose_gy) - dose_.begin());
    const double t = (dose_gy - dose_[k - 1]) / (dose_[k] - dose_[k - 1]);
    return volume_[k - 1] + t * (volume_[k] - volume_[k - 1]);
  }

  /// V(x Gy) in % of the structure volume. Throws like volume_cc_at_dose.
  double volume_percent_at_dose(double dose_gy) const { return 100.0 * (volume_cc_at_dose(dose_gy) / volume_cc()); }

  /// D(v cc): the highest dose x with V(x) ≥ v on the interpolated curve (the minimum dose of the
  /// hottest v cc). Throws invalid_input (`volume_cc`) outside [0, volume], or at or below the last
  /// volume of a curve that does not reach 0 cc (the doses there lie beyond the table).
  double dose_at_cc(double volume_cc) const {
    constexpr std::string_view function = "dose::tabulated_dvh::dose_at_cc";
    check_in_range(function, "volume_cc", volume_cc, 0.0, this->volume_cc());
    check_tabulated(function, "volume_cc", volume_cc, volume_cc);
    return dose_at_volume(volume_cc);
  }

  /// D(p %). Throws invalid_input (`percent`) outside [0, 100] or, as dose_at_cc, beyond the table.
  double dose_at_percent(double percent) const {
    constexpr std::string_view function = "dose::tabulated_dvh::dose_at_percent";
    check_in_range(function, "percent", percent, 0.0, 100.0);
    check_tabulated(function, "percent", percent, percent / 100.0 * volume_cc());
    return dose_at_volume(percent / 100.0 * volume_cc());
  }

  const std::vector<double>& dose_gy() const { return dose_; }
  const std::vector<double>& cumulative_volume_cc() const { return volume_; }

 private:
  tabulated_dvh(std::vector<double> dose, std::vector<double> volume) : dose_(std::move(dose)), volume_(std::move(volume)) {}

  /// Requires D(v cc) to lie within the table: v above the last volume of a truncated curve.
  void check_tabulated(std::string_view function, std::string_view argument, double value, double v) const {
    if (reaches_zero_volume() || v > volume_.back()) return;
    fail_input(function, argument, value,
               "asks for the dose of the hottest " + nomo::detail::describe(v) + " cc, but the DVH ends at " +
                   nomo::detail::describe(volume_.back()) + " cc (" + nomo::detail::describe(dose_.back()) +
                   " Gy) without reaching 0 cc: that dose lies beyond the table");
  }

  double dose_at_volume(double v) const {
    if (v <= 0) {  // Dmax: the first tabulated dose that no volume reaches
      const auto zero = std::find(volume_.begin(), volume_.end(), 0.0);
      return zero == volume_.end() ? dose_.back() : dose_[static_cast<std::size_t>(zero - volume_.begin())];
    }
    // Last point with V ≥ v; past it the curve falls below v inside the next segment.
    const auto it = std::partition_point(volume_.begin(), volume_.end(), [&](double vol) { return vol >= v; });
    const auto k = static_cast<std::size_t>(it - volume_.begin());
    if (k == 0) return dose_.front();
    if (k == volume_.size()) return dose_.back();
    const double t = (volume_[k - 1] - v) / (volume_[k - 1] - volume_[k]);
    return dose_[k - 1] + t * (dose_[k] - dose_[k - 1]);
  }

  std::vector<double> dose_;
  std::vector<double> volume_;
};

}  // namespace nomo::dose
