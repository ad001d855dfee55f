#pragma once
// Linear-quadratic radiobiology: BED and EQD2 of a fractionation, of several courses, and per voxel.
//
// BED = n·d·(1 + d/(α/β)) with d = D/n the dose per fraction, and EQD2 = BED / (1 + 2/(α/β))
// (dose-spec §6.1). No repopulation or incomplete-repair terms: the seed paper and most SRT
// studies use the plain LQ model. α/β is the user's choice; the documented defaults are
// alpha_beta_tumour_gy = 10 Gy (tumour, the paper's BED) and alpha_beta_brain_gy = 2 Gy (brain
// necrosis).
// No R function is mirrored (rms/survival have none); the formulas are dose-spec §6.1.

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/dose/grid.hpp"

namespace nomo::dose {

/// Default α/β for tumour (Gy), used by the seed paper's prescription BED.
inline constexpr double alpha_beta_tumour_gy = 10.0;
/// Default α/β for normal brain / radionecrosis (Gy).
inline constexpr double alpha_beta_brain_gy = 2.0;

namespace detail {

inline void check_fractionation(std::string_view function, double total_dose_gy, int fractions, double alpha_beta_gy) {
  check_non_negative(function, "total_dose_gy", total_dose_gy);
  if (fractions < 1) fail_input(function, "fractions", fractions, "must be at least 1");
  check_positive(function, "alpha_beta_gy", alpha_beta_gy);
}

/// BED of a checked fractionation; one that overflows double is refused, naming the dose as
/// `dose_argument`.
inline double bed_of(std::string_view function, std::string_view dose_argument, double total_dose_gy, int fractions,
                     double alpha_beta_gy) {
  const double per_fraction = total_dose_gy / fractions;
  const double value = total_dose_gy * (1.0 + per_fraction / alpha_beta_gy);
  if (!std::isfinite(value)) {
    fail_input(function, dose_argument, total_dose_gy,
               "its BED in " + std::to_string(fractions) + " fractions at alpha_beta_gy = " +
                   nomo::detail::describe(alpha_beta_gy) + " overflows double");
  }
  return value;
}

}  // namespace detail

/// Biologically effective dose (Gy) of `total_dose_gy` given in `fractions` equal fractions.
/// Throws invalid_input for a negative or non-finite dose, fractions < 1, α/β ≤ 0, or a BED that
/// overflows double (doses beyond about 1.3·10^154·√(n·α/β) Gy).
/// (No R function: the closed form of dose-spec §6.1; e.g. 27 Gy / 3 fx, α/β 10 → 51.3 Gy.)
inline double bed(double total_dose_gy, int fractions, double alpha_beta_gy = alpha_beta_tumour_gy) {
  detail::check_fractionation("dose::bed", total_dose_gy, fractions, alpha_beta_gy);
  return detail::bed_of("dose::bed", "total_dose_gy", total_dose_gy, fractions, alpha_beta_gy);
}

/// Equieffective dose in 2-Gy fractions (Gy): BED / (1 + 2/(α/β)). Throws like bed().
inline double eqd2(double total_dose_gy, int fractions, double alpha_beta_gy = alpha_beta_tumour_gy) {
  detail::check_fractionation("dose::eqd2", total_dose_gy, fractions, alpha_beta_gy);
  return detail::bed_of("dose::eqd2", "total_dose_gy", total_dose_gy, fractions, alpha_beta_gy) / (1.0 + 2.0 / alpha_beta_gy);
}

/// One course of radiotherapy, e.g. WBRT 30 Gy / 10 fx given 200 days before the boost.
struct treatment_course {
  double total_dose_gy = 0;        ///< physical dose of the course (Gy)
  int fractions = 1;               ///< number of equal fractions
  double interval_days = 0;        ///< days between the end of this course and the start of the index course (0 = the index course)
  std::string label;               ///< free text for reports, e.g. "WBRT"
};

/// How courses are summed.
struct course_sum_options {
  double alpha_beta_gy = alpha_beta_tumour_gy;  ///< α/β used for every course (Gy); default 10
  /// Courses with interval_days greater than this are left out (the seed paper leaves out WBRT
  /// given more than a year earlier: set 365). Default: keep every course.
  std::optional<double> exclude_older_than_days = std::nullopt;

  void validate() const {
    check_positive("dose::course_sum_options::validate", "alpha_beta_gy", alpha_beta_gy);
    if (exclude_older_than_days) check_non_negative("dose::course_sum_options::validate", "exclude_older_than_days", *exclude_older_than_days);
  }
};

/// BED and EQD2 summed over courses, with which courses counted.
struct course_sum {
  double bed_gy = 0;                   ///< Σ BED of the included courses
  double eqd2_gy = 0;                  ///< bed_gy / (1 + 2/(α/β))
  std::vector<std::size_t> included;   ///< indices of the courses summed
  std::vector<std::size_t> excluded;   ///< indices left out by exclude_older_than_days
};

/// Sums BED over courses (BED is additive under the LQ model when repair between courses is
/// complete). Throws invalid_input for an empty `courses`, an invalid course (named
/// `courses[i].total_dose_gy` etc.), a course whose BED or the running sum overflows double
/// (named by that course's dose) or invalid options.
inline course_sum sum_courses(const std::vector<treatment_course>& courses, const course_sum_options& options = {}) {
  constexpr std::string_view function = "dose::sum_courses";
  options.validate();
  if (courses.empty()) fail_input(function, "courses.size()", 0, "at least one course is needed");
  course_sum out;
  for (std::size_t i = 0; i < courses.size(); ++i) {
    const treatment_course& c = courses[i];
    const std::string name = nomo::detail::element("courses", i);
    check_non_negative(function, name + ".total_dose_gy", c.total_dose_gy);
    if (c.fractions < 1) fail_input(function, name + ".fractions", c.fractions, "must be at least 1");
    check_non_negative(function, name + ".interval_days", c.interval_days);
    if (options.exclude_older_than_days && c.interval_days > *options.exclude_older_than_days) {
      out.excluded.push_back(i);
      continue;
    }
    out.included.push_back(i);
    out.bed_gy += detail::bed_of(function, name + ".total_dose_gy", c.total_dose_gy, c.fractions, options.alpha_beta_gy);
    if (!std::isfinite(out.bed_gy)) {
      fail_input(function, name + ".total_dose_gy", c.total_dose_gy, "the BED summed up to this course overflows double");
    }
  }
  out.eqd2_gy = out.bed_gy / (1.0 + 2.0 / options.alpha_beta_gy);
  return out;
}

/// Which LQ quantity a per-voxel map holds.
enum class lq_quantity { bed, eqd2 };

namespace detail {

/// The value of one voxel of an LQ map (see lq_map), in double.
inline double lq_value(double dose_gy, double per_gy, double scale) { return dose_gy * (1.0 + dose_gy * per_gy) * scale; }

/// Throws for the first voxel whose map value has no finite T.
template <class T>
[[noreturn]] void fail_lq_overflow(std::string_view function, const dose_grid<T>& dose, double per_gy, double scale,
                                   lq_quantity quantity) {
  std::size_t i = 0;
  while (std::isfinite(static_cast<T>(lq_value(dose[i], per_gy, scale)))) ++i;
  const bool single = std::is_same_v<T, float>;
  fail_input(function, nomo::detail::element("dose", i), dose[i],
             std::string(quantity == lq_quantity::eqd2 ? "its EQD2" : "its BED") + " overflows " +
                 (single ? "float" : "double") + " (largest value " +
                 nomo::detail::describe(std::numeric_limits<T>::max()) + ")" +
                 (single ? "; map a dose_grid<double> instead" : ""));
}

/// lq_map as called through `function` (lq_map, bed_map or eqd2_map), which its messages name.
template <class T>
dose_grid<T> lq_map_as(std::string_view function, const dose_grid<T>& dose, int fractions, double alpha_beta_gy,
                       lq_quantity quantity) {
  check_fractionation(function, 0.0, fractions, alpha_beta_gy);
  const double per_gy = 1.0 / (fractions * alpha_beta_gy);
  const double scale = quantity == lq_quantity::eqd2 ? 1.0 / (1.0 + 2.0 / alpha_beta_gy) : 1.0;
  std::vector<T> out(dose.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<T>(lq_value(dose[i], per_gy, scale));
  try {
    return dose_grid<T>(dose.geometry(), std::move(out));
  } catch (const invalid_input&) {
    // The map of a valid grid is ≥ 0, so dose_grid's check of every value fails only on one that
    // overflowed T to Inf (IEEE 754 conversion); no pass of our own is needed to find out.
    fail_lq_overflow(function, dose, per_gy, scale, quantity);
  }
}

}  // namespace detail

/// Per-voxel BED or EQD2 map of a physical dose grid delivered in `fractions` equal fractions:
/// BED_v = D_v·(1 + D_v/(n·α/β)) (dose-spec §6.1). The map is monotone in D, so D(x %) of the map
/// equals the converted D(x %) of the physical dose; means do not commute. Throws invalid_input
/// for fractions < 1, α/β ≤ 0, or a voxel whose value overflows T (named as `dose[index]`; a float
/// map overflows beyond about 1.8·10^19·√(n·α/β) Gy, a double one beyond 1.3·10^154·√(n·α/β) Gy),
/// or an unknown quantity.
template <class T>
dose_grid<T> lq_map(const dose_grid<T>& dose, int fractions, double alpha_beta_gy, lq_quantity quantity) {
  check_enum("dose::lq_map", "quantity", quantity, {lq_quantity::bed, lq_quantity::eqd2}, "lq_quantity", "bed or eqd2");
  return detail::lq_map_as("dose::lq_map", dose, fractions, alpha_beta_gy, quantity);
}

/// Per-voxel BED map; see lq_map (its messages name bed_map).
template <class T>
dose_grid<T> bed_map(const dose_grid<T>& dose, int fractions, double alpha_beta_gy = alpha_beta_tumour_gy) {
  return detail::lq_map_as("dose::bed_map", dose, fractions, alpha_beta_gy, lq_quantity::bed);
}

/// Per-voxel EQD2 map; see lq_map (its messages name eqd2_map).
template <class T>
dose_grid<T> eqd2_map(const dose_grid<T>& dose, int fractions, double alpha_beta_gy = alpha_beta_tumour_gy) {
  return detail::lq_map_as("dose::eqd2_map", dose, fractions, alpha_beta_gy, lq_quantity::eqd2);
}

}  // namespace nomo::dose
