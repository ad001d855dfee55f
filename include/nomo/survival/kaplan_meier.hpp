#pragma once
// Kaplan–Meier survival curves by group, as survival::survfit(Surv(time, status) ~ group) computes
// them: Greenwood standard errors, pointwise confidence intervals, medians with confidence limits
// (survival:::survmean), survival at chosen times (summary.survfit(times =)) and 1 − S.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "nomo/core/error.hpp"
#include "nomo/stats/groups.hpp"
#include "nomo/survival/survival_data.hpp"

namespace nomo::survival {

/// Scale on which the pointwise confidence interval is symmetric (survfit's conf.type).
enum class confidence_type {
  log,      ///< S·exp(∓z·se_log), upper capped at 1 (survfit's default)
  log_log,  ///< exp(−exp(log(−log S) ∓ z·se_log/log S)); undefined where S is 0 or 1
  plain     ///< S ∓ z·se_log·S, clipped to [0, 1]
};

/// Options of kaplan_meier().
struct km_options {
  confidence_type conf_type = confidence_type::log;  ///< survfit default "log"
  double conf_level = 0.95;                          ///< survfit's conf.int

  /// Throws invalid_input for an unknown conf_type or unless 0 < conf_level < 1.
  void validate() const {
    check_enum("survival::km_options::validate", "conf_type", conf_type,
               {confidence_type::log, confidence_type::log_log, confidence_type::plain}, "confidence_type",
               "log, log_log or plain");
    check_open_unit("survival::km_options::validate", "conf_level", conf_level);
  }
};

/// One Kaplan–Meier curve: one row per distinct time (event or censoring) of its group.
/// Where S has reached 0 the Greenwood error is +Inf and the interval is undefined: lower and upper
/// are NaN there (R prints NA), as are log-log limits where S = 1.
struct survival_curve {
  std::string group;                  ///< group label ("all" without groups)
  std::size_t n = 0;                  ///< subjects in the group
  std::size_t events = 0;             ///< events in the group
  std::vector<double> time;           ///< distinct times, increasing
  std::vector<std::size_t> n_risk;    ///< at risk just before each time (time ≥ t)
  std::vector<std::size_t> n_event;   ///< events at each time
  std::vector<std::size_t> n_censor;  ///< censorings at each time
  std::vector<double> survival;       ///< S(t)
  std::vector<double> std_err;        ///< Greenwood standard error of log S(t) (survfit's std.err)
  std::vector<double> lower;          ///< lower pointwise confidence limit of S(t)
  std::vector<double> upper;          ///< upper pointwise confidence limit of S(t)
  std::optional<double> median;        ///< median survival; empty when S never falls to 0.5
  std::optional<double> median_lower;  ///< lower confidence limit of the median (from `lower`)
  std::optional<double> median_upper;  ///< upper confidence limit of the median (from `upper`)
};

/// Curves of every group, in group-level order.
struct kaplan_meier_fit {
  std::vector<survival_curve> curves;
  km_options options;
};

/// Survival read off a curve at chosen times (summary.survfit(fit, times, extend = TRUE)).
struct survival_at_times {
  std::vector<double> time;         ///< the requested times
  std::vector<double> survival;     ///< S at the last curve time ≤ t (1 before the first)
  std::vector<double> std_err;      ///< standard error of S itself (S·se_log), NaN where S = 0
  std::vector<double> lower;        ///< confidence limits carried from the curve (1 before it starts)
  std::vector<double> upper;
  std::vector<std::size_t> n_risk;  ///< subjects with time ≥ t
};

/// Cumulative incidence 1 − S with the limits of S mirrored (plot.survfit(fun = "event")).
struct incidence_curve {
  std::vector<double> time;
  std::vector<double> incidence;
  std::vector<double> lower;
  std::vector<double> upper;
};

namespace detail {

struct confidence_limits {
  double lower;
  double upper;
};

/// survival:::survfit_confint for one point; `se` is the standard error of log S.
inline confidence_limits km_limits(double s, double se, double z, confidence_type type) {
  constexpr double na = std::numeric_limits<double>::quiet_NaN();
  switch (type) {
    case confidence_type::log:
      if (s == 0) return {na, na};
      return {std::exp(std::log(s) - z * se), std::min(1.0, std::exp(std::log(s) + z * se))};
    case confidence_type::log_log: {
      if (s == 0 || s == 1) return {na, na};
      const double half = z * se / std::log(s);
      const double centre = std::log(-std::log(s));
      return {std::exp(-std::exp(centre - half)), std::exp(-std::exp(centre + half))};
    }
    case confidence_type::plain: {
      const double half = se * s * z;  // NaN where S = 0 and se = Inf, as in R
      if (std::isnan(half)) return {na, na};
      return {std::max(s - half, 0.0), std::min(s + half, 1.0)};
    }
  }
  return {na, na};
}

/// survival:::survmean's minmin: the first time the curve is below 0.5 (within sqrt(eps)); if it
/// sits on 0.5 and later drops, the midpoint to the first lower value.
inline std::optional<double> first_below_half(const std::vector<double>& curve, const std::vector<double>& time) {
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  std::size_t first = curve.size();
  for (std::size_t k = 0; k < curve.size(); ++k) {
    if (!std::isnan(curve[k]) && curve[k] < 0.5 + tolerance) {
      first = k;
      break;
    }
  }
  if (first == curve.size()) return std::nullopt;
  if (std::fabs(curve[first] - 0.5) < tolerance) {
    for (std::size_t k = first + 1; k < curve.size(); ++k) {
      if (!std::isnan(curve[k]) && curve[k] < curve[first]) return (time[first] + time[k]) / 2;
    }
  }
  return time[first];
}

/// Appends one distinct time to `curve`, updating the running product and Greenwood sum.
inline void add_km_row(survival_curve& curve, double t, std::size_t at_risk, std::size_t events,
                       std::size_t censored, double& s, double& greenwood) {
  const auto n = static_cast<double>(at_risk);
  const auto d = static_cast<double>(events);
  if (events > 0) {
    s *= (n - d) / n;
    greenwood = at_risk > events ? greenwood + d / (n * (n - d)) : std::numeric_limits<double>::infinity();
  }
  curve.time.push_back(t);
  curve.n_risk.push_back(at_risk);
  curve.n_event.push_back(events);
  curve.n_censor.push_back(censored);
  curve.survival.push_back(s);
  curve.std_err.push_back(std::sqrt(greenwood));
}

/// The curve of the observations order[begin, end), which are sorted by time.
inline survival_curve km_curve(const std::vector<double>& time, const std::vector<double>& status,
                               const std::vector<std::size_t>& order, std::size_t begin, std::size_t end,
                               std::string group, const km_options& options) {
  survival_curve curve;
  curve.group = std::move(group);
  curve.n = end - begin;
  double s = 1, greenwood = 0;
  for (std::size_t i = begin; i < end;) {
    const double t = time[order[i]];
    std::size_t events = 0, censored = 0, j = i;
    for (; j < end && time[order[j]] == t; ++j) (status[order[j]] == 1 ? events : censored) += 1;
    add_km_row(curve, t, end - i, events, censored, s, greenwood);
    curve.events += events;
    i = j;
  }
  const double z = boost::math::quantile(boost::math::normal(), 1 - (1 - options.conf_level) / 2);
  for (std::size_t k = 0; k < curve.time.size(); ++k) {
    const auto limits = km_limits(curve.survival[k], curve.std_err[k], z, options.conf_type);
    curve.lower.push_back(limits.lower);
    curve.upper.push_back(limits.upper);
  }
  curve.median = first_below_half(curve.survival, curve.time);
  curve.median_lower = first_below_half(curve.lower, curve.time);
  curve.median_upper = first_below_half(curve.upper, curve.time);
  return curve;
}

inline kaplan_meier_fit kaplan_meier_grouped(const std::vector<double>& time, const std::vector<double>& status,
                                             const stats::group_codes& groups, const km_options& options) {
  const ordered_times prepared = order_by_code_and_time(groups.codes, groups.levels.size(), time);
  kaplan_meier_fit fit{{}, options};
  std::size_t begin = 0;
  for (std::size_t g = 0; g < groups.levels.size(); ++g) {
    const std::size_t end = begin + groups.sizes[g];
    fit.curves.push_back(km_curve(prepared.time, status, prepared.order, begin, end, groups.levels[g], options));
    begin = end;
  }
  return fit;
}

}  // namespace detail

/// One Kaplan–Meier curve of all observations: survfit(Surv(time, status) ~ 1, conf.type, conf.int).
/// Times within sqrt(eps) of each other are merged first, as survfit does (aeqSurv).
/// Throws invalid_input for sizes that differ, no observations, negative or non-finite times,
/// status other than 0/1, or invalid options.
inline kaplan_meier_fit kaplan_meier(const std::vector<double>& time, const std::vector<double>& status,
                                     const km_options& options = {}) {
  detail::check_survival_data("survival::kaplan_meier", time, status);
  options.validate();
  return detail::kaplan_meier_grouped(time, status, stats::single_group(time.size()), options);
}

/// Curves by group label: survfit(Surv(time, status) ~ group). Groups appear in R's factor() order (core/collate.hpp)
/// unless `levels` gives the order; a level in `levels` with no subjects throws invalid_input.
inline kaplan_meier_fit kaplan_meier(const std::vector<double>& time, const std::vector<double>& status,
                                     const std::vector<std::string>& group, const km_options& options = {},
                                     const std::vector<std::string>& levels = {}) {
  detail::check_survival_data("survival::kaplan_meier", time, status);
  check_same_size("survival::kaplan_meier", "group", group.size(), "time", time.size());
  options.validate();
  return detail::kaplan_meier_grouped(time, status, stats::group_by_label("survival::kaplan_meier", "group", group, levels),
                                      options);
}

/// Curves by a numeric group code (0/1, 1/2/3, ...), groups in increasing order, labelled as R's
/// as.character() would.
inline kaplan_meier_fit kaplan_meier(const std::vector<double>& time, const std::vector<double>& status,
                                     const std::vector<double>& group, const km_options& options = {}) {
  detail::check_survival_data("survival::kaplan_meier", time, status);
  check_same_size("survival::kaplan_meier", "group", group.size(), "time", time.size());
  options.validate();
  return detail::kaplan_meier_grouped(time, status, stats::group_by_value("survival::kaplan_meier", "group", group), options);
}

/// S(t) at the given times from one curve: summary.survfit(fit, times = times, extend = TRUE).
/// Difference from R: a time before 0 reads S = 1 even when events occur at time 0, where
/// summary.survfit reports the curve after the time-0 events (S(0)).
/// Throws invalid_input if a time is not finite.
inline survival_at_times survival_at(const survival_curve& curve, const std::vector<double>& times) {
  check_all_finite("survival::survival_at", "times", times);
  survival_at_times out;
  for (double t : times) {
    const auto after = std::upper_bound(curve.time.begin(), curve.time.end(), t);
    const auto at_or_after = std::lower_bound(curve.time.begin(), curve.time.end(), t);
    const auto first_at_risk = static_cast<std::size_t>(at_or_after - curve.time.begin());
    out.time.push_back(t);
    out.n_risk.push_back(first_at_risk < curve.time.size() ? curve.n_risk[first_at_risk] : 0);
    if (after == curve.time.begin()) {
      out.survival.push_back(1);
      out.std_err.push_back(0);
      out.lower.push_back(1);
      out.upper.push_back(1);
      continue;
    }
    const auto k = static_cast<std::size_t>(after - curve.time.begin()) - 1;
    const double s = curve.survival[k];
    out.survival.push_back(s);
    out.std_err.push_back(s == 0 ? std::numeric_limits<double>::quiet_NaN() : s * curve.std_err[k]);
    out.lower.push_back(curve.lower[k]);
    out.upper.push_back(curve.upper[k]);
  }
  return out;
}

/// Cumulative incidence 1 − S(t) of one curve, limits 1 − upper and 1 − lower (NaN where S's are).
inline incidence_curve cumulative_incidence(const survival_curve& curve) {
  incidence_curve out{curve.time, {}, {}, {}};
  for (std::size_t k = 0; k < curve.time.size(); ++k) {
    out.incidence.push_back(1 - curve.survival[k]);
    out.lower.push_back(1 - curve.upper[k]);
    out.upper.push_back(1 - curve.lower[k]);
  }
  return out;
}

/// The curve of group `label`; throws invalid_input if the fit has no such group.
inline const survival_curve& curve_of(const kaplan_meier_fit& fit, std::string_view label) {
  for (const auto& curve : fit.curves) {
    if (curve.group == label) return curve;
  }
  fail_input("survival::curve_of", "label", std::string(label), "is not a group of this fit");
}

}  // namespace nomo::survival
