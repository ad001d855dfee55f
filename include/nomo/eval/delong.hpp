#pragma once
// DeLong's nonparametric variance of an AUC, its confidence interval, and the DeLong tests that
// compare two AUCs (same patients, or two independent cohorts), as pROC computes them.
//
// Placements come from one sort per class and a sweep over the distinct scores, O(n log n),
// instead of the O(n^2) pair loop of the textbook formula (rms-spec §6), so n = 100,000 takes
// milliseconds.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/students_t.hpp>

#include "nomo/core/distributions.hpp"
#include "nomo/eval/roc.hpp"
#include "nomo/eval/sample.hpp"

namespace nomo::eval {

/// Options shared by the DeLong functions.
struct delong_options {
  score_direction direction = score_direction::cases_higher;  ///< pROC direction "<"
  double conf_level = 0.95;  ///< level of the confidence intervals, in (0, 1)

  /// Throws invalid_input for an unknown direction or a conf_level outside (0, 1).
  void validate() const {
    constexpr const char* fn = "eval::delong_options::validate";
    detail::check_direction(fn, "direction", direction);
    check_open_unit(fn, "conf_level", conf_level);
  }
};

/// DeLong placements: each case's share of controls it outranks, and each control's share of
/// cases that outrank it (ties count 1/2). Their means are both the AUC.
struct delong_placements {
  double auc = 0;                      ///< theta, the Mann-Whitney AUC
  Eigen::VectorXd case_placements;     ///< V10, one per case, cases in input order
  Eigen::VectorXd control_placements;  ///< V01, one per control, controls in input order
};

/// An AUC with its DeLong variance and confidence interval.
struct auc_interval {
  double auc = 0;
  double variance = 0;        ///< S10/m + S01/n0
  double standard_error = 0;  ///< sqrt(variance)
  double lower = 0;           ///< auc - z * se, clipped at 0
  double upper = 0;           ///< auc + z * se, clipped at 1
  double conf_level = 0;
  std::size_t cases = 0;
  std::size_t controls = 0;
};

/// DeLong's test of two correlated AUCs (two scores on the same patients).
struct paired_auc_test {
  double auc1 = 0;
  double auc2 = 0;
  double difference = 0;      ///< auc1 - auc2
  double standard_error = 0;  ///< sqrt(S11 + S22 - 2 S12)
  double correlation = 0;     ///< S12 / sqrt(S11 S22); 0 when either variance is 0
  double z = 0;               ///< difference / standard_error; 0 when both are 0
  double p_value = 1;         ///< two-sided, 2 Phi(-|z|)
  double lower = 0;           ///< difference - z_{(1+level)/2} se (not clipped)
  double upper = 0;
  double conf_level = 0;
};

/// DeLong's test of two AUCs from independent cohorts (pROC's unpaired DeLong: a Welch-type t).
struct unpaired_auc_test {
  double auc1 = 0;
  double auc2 = 0;
  double difference = 0;      ///< auc1 - auc2
  double standard_error = 0;  ///< sqrt(var1 + var2)
  double statistic = 0;       ///< D = difference / standard_error; 0 when both are 0
  double df = 0;              ///< Welch-Satterthwaite df; +Inf when both variances (and the difference) are 0
  double p_value = 1;         ///< two-sided, 2 P(T_df > |D|)
};

namespace detail {

/// Requires two cases and two controls, without which DeLong's variance is undefined (pROC: NA).
inline void check_delong_counts(std::string_view function, std::string_view outcome_name, const class_counts& counts) {
  if (counts.cases < 2 || counts.controls < 2) {
    fail_input(function, std::string(outcome_name) + " (cases, controls)",
               std::to_string(counts.cases) + ", " + std::to_string(counts.controls),
               "DeLong's variance needs at least 2 cases and 2 controls");
  }
}

/// Placements per distinct (oriented) score: every case with score groups.values[j] has placement
/// case_placement[j], every such control control_placement[j]. Sorting once and sweeping the groups
/// replaces the O(n^2) pair loop.
struct placement_table {
  score_groups groups;
  std::vector<double> case_placement;     ///< (controls below + 1/2 controls tied) / n0
  std::vector<double> control_placement;  ///< (cases above + 1/2 cases tied) / m
  double auc = 0;
  std::size_t cases = 0;
  std::size_t controls = 0;
};

/// Placements swept from groups of oriented scores (cases higher), ascending.
inline placement_table tabulate_groups(score_groups groups, const class_counts& counts) {
  placement_table t;
  t.groups = std::move(groups);
  t.cases = counts.cases;
  t.controls = counts.controls;
  const auto m = static_cast<double>(counts.cases);
  const auto n0 = static_cast<double>(counts.controls);
  double controls_below = 0, cases_below = 0, placement_sum = 0;
  for (std::size_t j = 0; j < t.groups.values.size(); ++j) {
    const auto c = static_cast<double>(t.groups.cases[j]);
    const auto d = static_cast<double>(t.groups.controls[j]);
    t.case_placement.push_back((controls_below + 0.5 * d) / n0);
    t.control_placement.push_back((m - cases_below - c + 0.5 * c) / m);
    placement_sum += c * t.case_placement.back();
    controls_below += d;
    cases_below += c;
  }
  t.auc = placement_sum / m;
  return t;
}

inline placement_table tabulate_placements(const Eigen::Ref<const Eigen::VectorXd>& scores,
                                           const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                           const class_counts& counts, score_direction direction) {
  return tabulate_groups(group_scores(oriented(scores, direction), outcomes), counts);
}

/// The class counts per distinct score recovered from a ROC curve (its rates are exact count
/// ratios), oriented so that cases score higher. Only the counts are filled: enough for DeLong's
/// variance without sorting the scores again.
inline score_groups groups_from_curve(const roc_curve& curve) {
  const std::size_t k = curve.thresholds.size() - 1;
  const auto m = static_cast<double>(curve.cases);
  const auto n0 = static_cast<double>(curve.controls);
  // Cases and controls scoring below threshold j, in the curve's (original) score order.
  const auto cases_below = [&](std::size_t j) {
    const double se = curve.sensitivities[j];
    return std::llround(curve.direction == score_direction::cases_higher ? (1 - se) * m : se * m);
  };
  const auto controls_below = [&](std::size_t j) {
    const double sp = curve.specificities[j];
    return std::llround(curve.direction == score_direction::cases_higher ? sp * n0 : (1 - sp) * n0);
  };
  score_groups groups;
  groups.cases.resize(k);
  groups.controls.resize(k);
  for (std::size_t j = 0; j < k; ++j) {
    // Oriented order reverses the groups when controls score higher.
    const std::size_t at = curve.direction == score_direction::cases_higher ? j : k - 1 - j;
    groups.cases[at] = static_cast<std::size_t>(cases_below(j + 1) - cases_below(j));
    groups.controls[at] = static_cast<std::size_t>(controls_below(j + 1) - controls_below(j));
  }
  groups.values.assign(k, 0.0);
  return groups;
}


/// DeLong's variance S10/m + S01/n0 from the table: each group's squared deviation weighted by
/// how many cases (controls) share it.
inline double placement_variance(const placement_table& t) {
  double s10 = 0, s01 = 0;
  for (std::size_t j = 0; j < t.groups.values.size(); ++j) {
    const double dc = t.case_placement[j] - t.auc;
    const double dd = t.control_placement[j] - t.auc;
    s10 += static_cast<double>(t.groups.cases[j]) * dc * dc;
    s01 += static_cast<double>(t.groups.controls[j]) * dd * dd;
  }
  const auto m = static_cast<double>(t.cases);
  const auto n0 = static_cast<double>(t.controls);
  return s10 / (m - 1) / m + s01 / (n0 - 1) / n0;
}

/// Per-patient placements in input order (the paired test needs them aligned across scores).
inline delong_placements expand_placements(const placement_table& t, const Eigen::Ref<const Eigen::VectorXd>& scores,
                                           const Eigen::Ref<const Eigen::VectorXd>& outcomes, score_direction direction) {
  delong_placements p;
  p.auc = t.auc;
  p.case_placements.resize(static_cast<Eigen::Index>(t.cases));
  p.control_placements.resize(static_cast<Eigen::Index>(t.controls));
  const double sign = direction == score_direction::cases_higher ? 1.0 : -1.0;
  Eigen::Index next_case = 0, next_control = 0;
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const auto group = static_cast<std::size_t>(
        std::lower_bound(t.groups.values.begin(), t.groups.values.end(), sign * scores(i)) - t.groups.values.begin());
    if (outcomes(i) == 1.0) {
      p.case_placements(next_case++) = t.case_placement[group];
    } else {
      p.control_placements(next_control++) = t.control_placement[group];
    }
  }
  return p;
}

/// sum((a - mean_a)(b - mean_b)) / (n - 1): a component of DeLong's covariance of two AUCs.
inline double placement_covariance(const Eigen::VectorXd& a, double mean_a, const Eigen::VectorXd& b, double mean_b) {
  return ((a.array() - mean_a) * (b.array() - mean_b)).sum() / static_cast<double>(a.size() - 1);
}

inline auc_interval interval_from_table(const placement_table& table, double conf_level) {
  auc_interval ci;
  ci.auc = table.auc;
  ci.variance = placement_variance(table);
  ci.standard_error = std::sqrt(ci.variance);
  const double half_width = nomo::detail::two_sided_z(conf_level) * ci.standard_error;
  ci.lower = std::max(0.0, ci.auc - half_width);
  ci.upper = std::min(1.0, ci.auc + half_width);
  ci.conf_level = conf_level;
  ci.cases = table.cases;
  ci.controls = table.controls;
  return ci;
}

/// difference / se, with pROC's convention 0/0 := 0 (identical curves).
inline double ratio_or_zero(double difference, double standard_error) {
  if (standard_error == 0) {
    if (difference == 0) return 0;
    return difference > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  return difference / standard_error;
}

}  // namespace detail

/// DeLong placements of `scores` against 0/1 `outcomes` (pROC's internal delongPlacements).
/// Throws nomo::invalid_input on bad input (see roc()) and for an unknown direction.
inline delong_placements placements(const Eigen::Ref<const Eigen::VectorXd>& scores,
                                    const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                    score_direction direction = score_direction::cases_higher) {
  detail::check_direction("eval::placements", "direction", direction);
  const auto counts = detail::check_sample("eval::placements", "scores", scores, "outcomes", outcomes);
  return detail::expand_placements(detail::tabulate_placements(scores, outcomes, counts, direction), scores, outcomes,
                                   direction);
}

/// AUC with DeLong's standard error and confidence interval.
///
/// Mirrors pROC::ci.auc(roc(outcomes, scores, direction), method = "delong", conf.level). The
/// interval is clipped to [0, 1] like pROC's. Deliberate difference: where pROC returns NA (one case
/// or one control) this throws, because there is no variance to report.
///
/// Throws nomo::invalid_input for mismatched lengths, non-finite scores, outcomes not 0/1, fewer
/// than 2 cases or 2 controls, or conf_level outside (0, 1).
inline auc_interval delong_ci(const Eigen::Ref<const Eigen::VectorXd>& scores,
                              const Eigen::Ref<const Eigen::VectorXd>& outcomes, const delong_options& options = {}) {
  options.validate();
  const auto counts = detail::check_sample("eval::delong_ci", "scores", scores, "outcomes", outcomes);
  detail::check_delong_counts("eval::delong_ci", "outcomes", counts);
  return detail::interval_from_table(detail::tabulate_placements(scores, outcomes, counts, options.direction),
                                     options.conf_level);
}

/// DeLong CI of the AUC of an existing ROC curve, without sorting the scores again.
///
/// Mirrors pROC::ci.auc(roc, method = "delong", conf.level): the curve's own direction is used and
/// options.direction is ignored. Same numbers as delong_ci(scores, outcomes).
///
/// Throws nomo::invalid_input for a curve with fewer than 2 cases or 2 controls, a curve whose
/// rate vectors do not match its thresholds, a curve roc() cannot have built (see
/// detail::check_roc_curve: rates outside [0, 1], not monotone or not counts out of curve.cases and
/// curve.controls, unknown direction), or bad options.
inline auc_interval delong_ci(const roc_curve& curve, const delong_options& options = {}) {
  options.validate();
  const std::size_t points = curve.thresholds.size();
  if (points < 2 || curve.sensitivities.size() != points || curve.specificities.size() != points) {
    fail_input("eval::delong_ci", "curve.thresholds.size()", points,
               "must be at least 2 and equal the number of sensitivities and specificities");
  }
  detail::check_roc_curve("eval::delong_ci", curve);
  const detail::class_counts counts{curve.cases, curve.controls};
  detail::check_delong_counts("eval::delong_ci", "curve", counts);
  return detail::interval_from_table(detail::tabulate_groups(detail::groups_from_curve(curve), counts),
                                     options.conf_level);
}

/// DeLong's test for two correlated AUCs: two scores on the same patients.
///
/// Mirrors pROC::roc.test(roc1, roc2, method = "delong", paired = TRUE) with alternative
/// "two.sided": Z, P and the confidence interval of auc1 - auc2. Both scores use
/// `options.direction`. A difference with zero variance gets pROC's answers: Z = ±Inf and P = 0
/// when the AUCs differ (a perfect score against its reverse), Z = 0 and P = 1 when they are equal
/// (two perfect scores, which pROC warns can mislead).
///
/// Throws nomo::invalid_input as delong_ci() does, for either score vector.
inline paired_auc_test delong_test(const Eigen::Ref<const Eigen::VectorXd>& scores1,
                                   const Eigen::Ref<const Eigen::VectorXd>& scores2,
                                   const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                   const delong_options& options = {}) {
  options.validate();
  const auto counts = detail::check_sample("eval::delong_test", "scores1", scores1, "outcomes", outcomes);
  detail::check_sample("eval::delong_test", "scores2", scores2, "outcomes", outcomes);
  detail::check_delong_counts("eval::delong_test", "outcomes", counts);
  const auto table1 = detail::tabulate_placements(scores1, outcomes, counts, options.direction);
  const auto table2 = detail::tabulate_placements(scores2, outcomes, counts, options.direction);
  const auto r = detail::expand_placements(table1, scores1, outcomes, options.direction);
  const auto s = detail::expand_placements(table2, scores2, outcomes, options.direction);
  const auto m = static_cast<double>(counts.cases);
  const auto n0 = static_cast<double>(counts.controls);
  const double s11 = detail::placement_variance(table1);
  const double s22 = detail::placement_variance(table2);
  const double s12 = detail::placement_covariance(r.case_placements, r.auc, s.case_placements, s.auc) / m +
                     detail::placement_covariance(r.control_placements, r.auc, s.control_placements, s.auc) / n0;

  paired_auc_test test;
  test.auc1 = r.auc;
  test.auc2 = s.auc;
  test.difference = r.auc - s.auc;
  test.standard_error = std::sqrt(std::max(0.0, s11 + s22 - 2 * s12));
  test.correlation = (s11 > 0 && s22 > 0) ? s12 / std::sqrt(s11 * s22) : 0.0;
  test.z = detail::ratio_or_zero(test.difference, test.standard_error);
  test.p_value = nomo::detail::two_sided_normal_p(test.z);
  const double half_width = nomo::detail::two_sided_z(options.conf_level) * test.standard_error;
  test.lower = test.difference - half_width;
  test.upper = test.difference + half_width;
  test.conf_level = options.conf_level;
  return test;
}

/// DeLong's test for two AUCs from independent cohorts (e.g. training vs validation).
///
/// Mirrors pROC::roc.test(roc1, roc2, method = "delong", paired = FALSE), two-sided: the statistic
/// D = (auc1 - auc2) / sqrt(V1 + V2) referred to a t distribution with Welch-Satterthwaite df
/// (V1 + V2)^2 / (V1^2/(N1 - 1) + V2^2/(N2 - 1)), N = cases + controls.
///
/// Both variances are 0 when each curve is perfect, perfectly reversed or has every score tied;
/// pROC 1.18 then returns D = ±Inf (NaN for equal AUCs) with df and P NaN. Deliberate differences:
/// equal AUCs give D = 0, P = 1 and df = +Inf (the paired test's 0/0 := 0 rule); different AUCs
/// throw, since their difference has no standard error to be tested against.
///
/// Throws nomo::invalid_input as delong_ci() does, for either cohort, and nomo::computation_error
/// when both variances are 0 and the AUCs differ.
inline unpaired_auc_test delong_test_unpaired(const Eigen::Ref<const Eigen::VectorXd>& scores1,
                                              const Eigen::Ref<const Eigen::VectorXd>& outcomes1,
                                              const Eigen::Ref<const Eigen::VectorXd>& scores2,
                                              const Eigen::Ref<const Eigen::VectorXd>& outcomes2,
                                              const delong_options& options = {}) {
  options.validate();
  const auto counts1 = detail::check_sample("eval::delong_test_unpaired", "scores1", scores1, "outcomes1", outcomes1);
  const auto counts2 = detail::check_sample("eval::delong_test_unpaired", "scores2", scores2, "outcomes2", outcomes2);
  detail::check_delong_counts("eval::delong_test_unpaired", "outcomes1", counts1);
  detail::check_delong_counts("eval::delong_test_unpaired", "outcomes2", counts2);
  const auto r = detail::tabulate_placements(scores1, outcomes1, counts1, options.direction);
  const auto s = detail::tabulate_placements(scores2, outcomes2, counts2, options.direction);
  const double v1 = detail::placement_variance(r);
  const double v2 = detail::placement_variance(s);
  const auto n1 = static_cast<double>(scores1.size());
  const auto n2 = static_cast<double>(scores2.size());

  unpaired_auc_test test;
  test.auc1 = r.auc;
  test.auc2 = s.auc;
  test.difference = r.auc - s.auc;
  test.standard_error = std::sqrt(v1 + v2);
  if (test.standard_error == 0) {
    if (test.difference != 0) {
      throw computation_error("eval::delong_test_unpaired",
                              "both AUCs (auc1 = " + nomo::detail::describe(test.auc1) + ", auc2 = " +
                                  nomo::detail::describe(test.auc2) +
                                  ") have DeLong variance 0, so their difference has no standard error and the "
                                  "statistic is infinite (pROC returns P = NaN); no test is possible");
    }
    test.df = std::numeric_limits<double>::infinity();  // statistic 0 and P 1, as initialised
    return test;
  }
  test.statistic = test.difference / test.standard_error;
  test.df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
  test.p_value = 2 * boost::math::cdf(boost::math::students_t_distribution<double>(test.df), -std::abs(test.statistic));
  return test;
}

}  // namespace nomo::eval
