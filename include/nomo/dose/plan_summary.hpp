#pragma once
// One patient's dosimetric parameters as in Table 2 of the seed paper (prescription BED, TC, PITV,
// CI, HI, GI, dose-dropping-zone Dmean and V95, normal-brain Dmean / mean BED / V30), plus the GTV
// statistics quoted in its text, as one flat struct a cohort table takes as columns.
// No R function is mirrored; every field comes from the functions of lq.hpp, dvh.hpp and metrics.hpp.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nomo/dose/dvh.hpp"

#include "nomo/core/error.hpp"
#include "nomo/dose/grid.hpp"
#include "nomo/dose/lq.hpp"
#include "nomo/dose/metrics.hpp"

namespace nomo::dose {

/// Which structure TC, PITV, CI, HI and GI refer to.
enum class plan_target { gtv, ptv };

/// What normal brain excludes: brain ∧ ¬PTV (default) or brain ∧ ¬GTV.
enum class normal_brain_exclusion { ptv, gtv };

/// Inputs beyond the dose and the masks. prescription_gy and fractions have no default.
struct plan_summary_options {
  double prescription_gy = 0;  ///< Rx of this (index) course, Gy; required (> 0)
  int fractions = 0;           ///< fractions of this course; required (≥ 1)
  /// Earlier courses (e.g. WBRT 30 Gy / 10 fx) added to the prescription BED; interval_days counts
  /// from the end of each to the start of this course.
  std::vector<treatment_course> earlier_courses;
  /// Earlier courses older than this are left out of the BED; the seed paper used 365 days. Default:
  /// keep all.
  std::optional<double> exclude_courses_older_than_days = std::nullopt;
  double alpha_beta_tumour_gy = dose::alpha_beta_tumour_gy;  ///< for the prescription BED; default 10 Gy
  double alpha_beta_brain_gy = dose::alpha_beta_brain_gy;   ///< for the normal-brain mean BED; default 2 Gy
  plan_target target = plan_target::gtv;               ///< TV of TC/PITV/CI/HI/GI; default the GTV (the paper's "target lesion")
  normal_brain_exclusion exclusion = normal_brain_exclusion::ptv;  ///< default brain ∧ ¬PTV
  double normal_brain_threshold_gy = 30.0;             ///< the paper's V30 (Gy)
  double dose_dropping_level_percent = 95.0;           ///< the paper's V95 (% of Rx)

  void validate() const {
    constexpr std::string_view function = "dose::plan_summary_options::validate";
    check_positive(function, "prescription_gy", prescription_gy);
    if (fractions < 1) fail_input(function, "fractions", fractions, "must be at least 1");
    check_positive(function, "alpha_beta_tumour_gy", alpha_beta_tumour_gy);
    check_positive(function, "alpha_beta_brain_gy", alpha_beta_brain_gy);
    check_non_negative(function, "normal_brain_threshold_gy", normal_brain_threshold_gy);
    check_in_range(function, "dose_dropping_level_percent", dose_dropping_level_percent, 0.0, 100.0);
    check_enum(function, "target", target, {plan_target::gtv, plan_target::ptv}, "plan_target", "gtv or ptv");
    check_enum(function, "exclusion", exclusion, {normal_brain_exclusion::ptv, normal_brain_exclusion::gtv},
               "normal_brain_exclusion", "ptv or gtv");
    if (exclude_courses_older_than_days) {
      check_non_negative(function, "exclude_courses_older_than_days", *exclude_courses_older_than_days);
    }
    for (std::size_t i = 0; i < earlier_courses.size(); ++i) {
      const std::string name = nomo::detail::element("earlier_courses", i);
      check_non_negative(function, name + ".total_dose_gy", earlier_courses[i].total_dose_gy);
      if (earlier_courses[i].fractions < 1) {
        fail_input(function, name + ".fractions", earlier_courses[i].fractions, "must be at least 1");
      }
      check_non_negative(function, name + ".interval_days", earlier_courses[i].interval_days);
    }
  }
};

/// Table 2 of the seed paper for one patient. Fractions, not percentages, for TC; % for V95.
struct plan_parameters {
  double prescription_gy = 0;
  int fractions = 0;
  double bed_gy = 0;    ///< prescription BED (α/β tumour) summed with the counted earlier courses
  double eqd2_gy = 0;   ///< the same as EQD2
  double gtv_volume_cc = 0;
  double gtv_mean_gy = 0;
  double gtv_max_gy = 0;
  double gtv_min_gy = 0;
  double gtv_v95_percent = 0;  ///< GTV volume with D ≥ 95 % of Rx, %
  double ptv_volume_cc = 0;
  double tc = 0;          ///< target coverage (fraction)
  double pitv = 0;
  double ci_paddick = 0;  ///< the paper's CI
  double ci_rtog = 0;
  double hi = 0;          ///< ICRU 83 (fraction; the paper prints it ×100 as %)
  double gi = 0;
  double ddz_volume_cc = 0;     ///< dose-dropping zone PTV ∧ ¬GTV
  double ddz_mean_gy = 0;
  double ddz_v95_percent = 0;
  double brain_volume_cc = 0;
  double normal_brain_volume_cc = 0;
  double normal_brain_mean_gy = 0;
  double normal_brain_mean_bed_gy = 0;  ///< mean of the per-voxel BED map of this course (α/β brain)
  double normal_brain_v30_cc = 0;
  double normal_brain_v30_percent = 0;

  /// Column names for a cohort table, in the order of column_values().
  static std::vector<std::string> column_names() {
    return {"prescription_gy", "fractions", "bed_gy", "eqd2_gy", "gtv_volume_cc", "gtv_mean_gy", "gtv_max_gy", "gtv_min_gy",
            "gtv_v95_percent", "ptv_volume_cc", "tc", "pitv", "ci_paddick", "ci_rtog", "hi", "gi", "ddz_volume_cc", "ddz_mean_gy",
            "ddz_v95_percent", "brain_volume_cc", "normal_brain_volume_cc", "normal_brain_mean_gy", "normal_brain_mean_bed_gy",
            "normal_brain_v30_cc", "normal_brain_v30_percent"};
  }
  std::vector<double> column_values() const {
    return {prescription_gy, double(fractions), bed_gy, eqd2_gy, gtv_volume_cc, gtv_mean_gy, gtv_max_gy, gtv_min_gy,
            gtv_v95_percent, ptv_volume_cc, tc, pitv, ci_paddick, ci_rtog, hi, gi, ddz_volume_cc, ddz_mean_gy,
            ddz_v95_percent, brain_volume_cc, normal_brain_volume_cc, normal_brain_mean_gy, normal_brain_mean_bed_gy,
            normal_brain_v30_cc, normal_brain_v30_percent};
  }
};

namespace detail {

/// The BED of the earlier courses and this plan's summed by sum_courses, whose errors (a BED that
/// overflows double) are renamed to the options the caller set: courses[i] is
/// earlier_courses[i], the last course is prescription_gy in `fractions`.
inline course_sum summed_courses(std::string_view function, const plan_summary_options& options) {
  std::vector<treatment_course> courses = options.earlier_courses;
  courses.push_back({options.prescription_gy, options.fractions, 0.0, "index"});
  try {
    return sum_courses(courses, {options.alpha_beta_tumour_gy, options.exclude_courses_older_than_days});
  } catch (const invalid_input& e) {
    const std::string index_course = nomo::detail::element("courses", options.earlier_courses.size());
    std::string argument = e.argument();
    if (argument.rfind(index_course, 0) == 0) {
      argument = "prescription_gy";
    } else if (argument.rfind("courses[", 0) == 0) {
      argument = "earlier_" + argument;
    }
    std::string problem = e.problem();  // "… at alpha_beta_gy = 10 …": the summary's α/β option
    const auto at = problem.find("alpha_beta_gy");
    if (at != std::string::npos) problem.replace(at, 13, "alpha_beta_tumour_gy");
    throw invalid_input(std::string(function), argument, e.value(), problem);
  }
}

template <class T>
plan_parameters summarize_plan_impl(const dose_grid<T>& dose, const mask& gtv, const mask& ptv, const mask& brain, const mask* body,
                                    const plan_summary_options& options) {
  constexpr std::string_view function = "dose::summarize_plan";
  options.validate();
  for (const auto& [name, m] : {std::pair<const char*, const mask*>{"gtv", &gtv}, {"ptv", &ptv}, {"brain", &brain}}) {
    check_same_geometry(function, name, m->geometry(), "dose", dose.geometry());
    check_not_empty(function, name, *m);
  }
  if (body) check_not_empty(function, "body", *body);
  const course_sum bed = summed_courses(function, options);

  const voxel_dvh gtv_dvh = compute_voxel_dvh(dose, gtv);
  // With the PTV as target, plan_quality_impl checks it; the GTV's DVH is reused, so check it here.
  if (body && options.target == plan_target::gtv) check_target_in_body(function, gtv, *body);
  const plan_quality q = options.target == plan_target::gtv ? plan_quality_of(function, dose, gtv_dvh, body, options.prescription_gy)
                                                            : plan_quality_impl(function, dose, ptv, body, options.prescription_gy);
  const dose_dropping_zone_metrics ddz = dose_dropping_zone(dose, gtv, ptv, options.prescription_gy, options.dose_dropping_level_percent);
  const mask& excluded = options.exclusion == normal_brain_exclusion::ptv ? ptv : gtv;
  const region_sums brain_sums = sum_region(dose, brain, &excluded, options.normal_brain_threshold_gy);
  if (brain_sums.weight <= 0) fail_input(function, "brain ∧ ¬excluded volume_cc", 0.0, "normal brain is empty");
  const double voxel_cc = dose.geometry().voxel_volume_cc();

  plan_parameters p;
  p.prescription_gy = options.prescription_gy;
  p.fractions = options.fractions;
  p.bed_gy = bed.bed_gy;
  p.eqd2_gy = bed.eqd2_gy;
  p.gtv_volume_cc = gtv_dvh.volume_cc();
  p.gtv_mean_gy = gtv_dvh.mean_gy();
  p.gtv_max_gy = gtv_dvh.max_gy();
  p.gtv_min_gy = gtv_dvh.min_gy();
  p.gtv_v95_percent = gtv_dvh.volume_percent_at_dose(0.95 * options.prescription_gy);
  p.ptv_volume_cc = ptv.volume_cc();
  p.tc = q.tc;
  p.pitv = q.pitv;
  p.ci_paddick = q.ci_paddick;
  p.ci_rtog = q.ci_rtog;
  p.hi = q.hi;
  p.gi = q.gi;
  p.ddz_volume_cc = ddz.volume_cc;
  p.ddz_mean_gy = ddz.mean_gy;
  p.ddz_v95_percent = ddz.volume_at_level_percent;
  p.brain_volume_cc = brain.volume_cc();
  p.normal_brain_volume_cc = brain_sums.weight * voxel_cc;
  p.normal_brain_mean_gy = brain_sums.weighted_dose / brain_sums.weight;
  // mean of D·(1 + D/(n·α/β)) = mean D + mean D² / (n·α/β): the BED map's mean without building it.
  p.normal_brain_mean_bed_gy =
      p.normal_brain_mean_gy + brain_sums.weighted_dose_squared / brain_sums.weight / (options.fractions * options.alpha_beta_brain_gy);
  p.normal_brain_v30_cc = brain_sums.weight_at_or_above * voxel_cc;
  p.normal_brain_v30_percent = 100.0 * brain_sums.weight_at_or_above / brain_sums.weight;
  return p;
}

}  // namespace detail

/// The seed paper's Table 2 parameters of one plan, with TC/PITV/CI/GI isodose volumes over the
/// whole grid. Throws invalid_input for mismatched geometries, empty structures (gtv, ptv, brain,
/// the dose-dropping zone, normal brain), invalid options or a BED sum that overflows double (named
/// by the option that set it: prescription_gy or earlier_courses[i].total_dose_gy); computation_error
/// when the 50 % isodose reaches the grid edge or the target's D50 is 0 (see plan_quality_indices).
template <class T>
plan_parameters summarize_plan(const dose_grid<T>& dose, const mask& gtv, const mask& ptv, const mask& brain,
                               const plan_summary_options& options) {
  return detail::summarize_plan_impl(dose, gtv, ptv, brain, nullptr, options);
}

/// As above with the isodose volumes taken inside `body`; also throws invalid_input when the target
/// (options.target) has voxels outside the body.
template <class T>
plan_parameters summarize_plan(const dose_grid<T>& dose, const mask& gtv, const mask& ptv, const mask& brain, const mask& body,
                               const plan_summary_options& options) {
  check_same_geometry("dose::summarize_plan", "body", body.geometry(), "dose", dose.geometry());
  return detail::summarize_plan_impl(dose, gtv, ptv, brain, &body, options);
}

}  // namespace nomo::dose
