#pragma once
// Bootstrap inference on the coefficients of a logistic model: bootstrap standard errors,
// percentile and BCa confidence intervals and a two-sided bootstrap P for every design column —
// the right half of the seed paper's Table 3 — computed as R's boot / boot.ci compute them.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>

#include "nomo/core/error.hpp"
#include "nomo/resample/bootstrap.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/resample/refit.hpp"

namespace nomo::resample {

/// Options of bootstrap_coefficients. Defaults: 95 % intervals, BCa on, rms' fit rule.
struct inference_options {
  double level = 0.95;                       ///< confidence level of the intervals
  bool bca = true;                           ///< BCa intervals (needs n jackknife refits)
  std::vector<std::string> column_names;     ///< one per design column; empty = x1, x2, ...
  refit_rule fit_rule = refit_rule::rms_lrm;  ///< exact_mle to compare with boot over glm()
  runner_options runner;                     ///< threads and progress, counted over the B replicates and, with bca, the n jackknife refits

  /// Throws invalid_input for a level outside (0, 1), an unknown fit_rule or bad runner options.
  void validate() const {
    check_open_unit("resample::inference_options::validate", "level", level);
    detail::check_refit_rule("resample::inference_options::validate", "fit_rule", fit_rule);
    runner.validate();
  }
};

/// Bootstrap inference for one coefficient (the intercept or one design column / term level).
struct coefficient_inference {
  std::string name;
  double estimate = 0;         ///< coefficient of the fit to all rows (log odds ratio)
  double odds_ratio = 0;       ///< exp(estimate)
  double bias = 0;             ///< mean of the bootstrap coefficients − estimate
  double standard_error = 0;   ///< SD of the bootstrap coefficients (R sd(), n − 1)
  double percentile_low = 0, percentile_high = 0;  ///< percentile interval, coefficient scale
  /// BCa interval, coefficient scale; meaningful only when bca_available.
  double bca_low = 0, bca_high = 0;
  bool bca_available = false;
  std::string bca_note;        ///< why BCa is unavailable (jackknife failure, all replicates on one side)
  double p_value = 1;          ///< two-sided bootstrap P of coefficient = 0 (see bootstrap_coefficients)
  double or_percentile_low = 0, or_percentile_high = 0;  ///< exp of the percentile limits
  double or_bca_low = 0, or_bca_high = 0;                ///< exp of the BCa limits
};

/// Bootstrap inference for every coefficient, intercept first.
struct bootstrap_inference {
  double level = 0.95;
  std::vector<coefficient_inference> coefficients;
  replicate_counts replicates;  ///< bootstrap replicates run, succeeded, failed (and why)
};

namespace detail {

/// Φ⁻¹(p), with the limits −∞ and +∞ at p = 0 and 1 (Boost's default policy throws there; a BCa bias
/// correction from a bootstrap whose values all lie on one side of the estimate reaches them).
inline double normal_quantile(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::normal(), p);
}
inline double normal_cdf(double z) { return boost::math::cdf(boost::math::normal(), z); }

/// boot's norm.inter: the order statistic (R + 1)·alpha of the bootstrap values, interpolated on
/// the normal quantile scale between neighbours; clamped to the extremes.
inline double normal_interpolated_quantile(const std::vector<double>& sorted, double alpha) {
  const auto r = static_cast<double>(sorted.size());
  const double rk = (r + 1) * alpha;
  const double k = std::trunc(rk);
  if (k <= 0) return sorted.front();
  if (k >= r) return sorted.back();
  const auto ki = static_cast<std::size_t>(k);
  if (k == rk) return sorted[ki - 1];
  const double z = normal_quantile(alpha), zk = normal_quantile(k / (r + 1)), zk1 = normal_quantile((k + 1) / (r + 1));
  return sorted[ki - 1] + (z - zk) / (zk1 - zk) * (sorted[ki] - sorted[ki - 1]);
}

/// BCa limits (boot's bca.ci) from sorted bootstrap values, the estimate and jackknife influence L.
inline bool bca_limits(const std::vector<double>& sorted, double estimate, const std::vector<double>& influence,
                       double level, coefficient_inference& out) {
  const double below = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), estimate) - sorted.begin());
  const double w = normal_quantile(std::clamp(below / static_cast<double>(sorted.size()), 0.0, 1.0));
  if (!std::isfinite(w)) {
    out.bca_note = "every bootstrap value lies on one side of the estimate: bias correction is infinite";
    return false;
  }
  double s2 = 0, s3 = 0;
  for (double l : influence) {
    s2 += l * l;
    s3 += l * l * l;
  }
  const double a = s3 / (6 * std::pow(s2, 1.5));
  if (!std::isfinite(a)) {
    out.bca_note = "the jackknife influence values are all zero: acceleration undefined";
    return false;
  }
  auto limit = [&](double alpha) {
    const double z = normal_quantile(alpha);
    return normal_interpolated_quantile(sorted, normal_cdf(w + (w + z) / (1 - a * (w + z))));
  };
  out.bca_low = limit((1 - level) / 2);
  out.bca_high = limit((1 + level) / 2);
  return true;
}

/// Coefficients of the fit to `rows`, or the failure.
inline replicate<Eigen::VectorXd> coefficients_on(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                                   const std::vector<Eigen::Index>& rows, refit_rule rule) {
  const subset_fit f = fit_rows(x, y, rows, index_range(x.cols()), rule);
  if (!f.ok) return replicate_failed<Eigen::VectorXd>(f.failure);
  return replicate_ok(f.coefficients);
}

/// Jackknife influence values L_i = (n − 1)(θ̂ − θ̂_(−i)) of every coefficient (boot's usual.jack),
/// or an empty matrix when some leave-one-out fit fails.
inline Eigen::MatrixXd jackknife_influence(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                           const Eigen::VectorXd& estimate, const inference_options& options,
                                           const runner_options& runner) {
  const Eigen::Index n = x.rows();
  const auto run = run_tasks<Eigen::VectorXd>(static_cast<std::size_t>(n), [&](std::size_t i) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index r = 0; r < n; ++r)
      if (r != static_cast<Eigen::Index>(i)) rows.push_back(r);
    return coefficients_on(x, y, rows, options.fit_rule);
  }, runner);
  if (run.counts.succeeded < run.counts.total) return {};
  Eigen::MatrixXd l(n, estimate.size());
  for (Eigen::Index i = 0; i < n; ++i) l.row(i) = (static_cast<double>(n - 1) * (estimate - run.replicates[static_cast<std::size_t>(i)].value)).transpose();
  return l;
}

/// SE, bias, percentile interval and bootstrap P of one coefficient from its bootstrap values.
inline void summarise_coefficient(std::vector<double> values, double level, coefficient_inference& c) {
  const double b = static_cast<double>(values.size());
  double mean = 0;
  for (double v : values) mean += v;
  mean /= b;
  double ss = 0, at_or_below = 0, at_or_above = 0;
  for (double v : values) {
    ss += (v - mean) * (v - mean);
    at_or_below += v <= 0 ? 1 : 0;
    at_or_above += v >= 0 ? 1 : 0;
  }
  c.bias = mean - c.estimate;
  c.standard_error = values.size() > 1 ? std::sqrt(ss / (b - 1)) : 0.0;
  c.p_value = std::min(1.0, 2 * std::min(at_or_below, at_or_above) / b);
  std::sort(values.begin(), values.end());
  c.percentile_low = normal_interpolated_quantile(values, (1 - level) / 2);
  c.percentile_high = normal_interpolated_quantile(values, (1 + level) / 2);
  c.or_percentile_low = std::exp(c.percentile_low);
  c.or_percentile_high = std::exp(c.percentile_high);
}

/// bootstrap_coefficients() on a stored or drawn plan (see bootstrap.hpp).
template <class Plan>
bootstrap_inference coefficients_over_plan(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y, const Plan& plan,
                                           const inference_options& options) {
  constexpr const char* fn = "resample::bootstrap_coefficients";
  options.validate();
  check_model_data(fn, x, y);
  check_stored_plan(fn, plan, x.rows());
  if (!options.column_names.empty()) {
    check_same_size(fn, "options.column_names", options.column_names.size(), "x.cols()", static_cast<std::size_t>(x.cols()));
  }
  const auto original = coefficients_on(x, y, index_range(x.rows()), options.fit_rule);
  if (original.status != replicate_status::ok) throw computation_error(fn, "the model cannot be fitted to the full data: " + original.message);
  // Progress counts the replicates and then the n jackknife refits of the BCa intervals.
  const std::size_t replicates = plan.replicates(), refits = options.bca ? static_cast<std::size_t>(x.rows()) : 0;
  const auto run = run_plan<Eigen::VectorXd>(plan, [&](const std::vector<Eigen::Index>& rows, std::size_t, unsigned) {
    return coefficients_on(x, y, rows, options.fit_rule);
  }, phase_runner(options.runner, 0, replicates + refits));
  require_successes(fn, run.counts, 2);
  const Eigen::MatrixXd influence =
      options.bca ? jackknife_influence(x, y, original.value, options,
                                        phase_runner(options.runner, replicates, replicates + refits))
                  : Eigen::MatrixXd();
  bootstrap_inference out;
  out.level = options.level;
  out.replicates = run.counts;
  for (Eigen::Index k = 0; k < original.value.size(); ++k) {
    coefficient_inference c;
    c.name = k == 0 ? "Intercept"
                    : (options.column_names.empty() ? "x" + std::to_string(k) : options.column_names[static_cast<std::size_t>(k - 1)]);
    c.estimate = original.value(k);
    c.odds_ratio = std::exp(c.estimate);
    std::vector<double> values;
    for (const auto& r : run.replicates)
      if (r.status == replicate_status::ok) values.push_back(r.value(k));
    summarise_coefficient(values, options.level, c);
    if (!options.bca) {
      c.bca_note = "not requested";
    } else if (influence.size() == 0) {
      c.bca_note = "a leave-one-out (jackknife) fit failed";
    } else {
      std::sort(values.begin(), values.end());
      const Eigen::VectorXd l = influence.col(k);
      c.bca_available = bca_limits(values, c.estimate, std::vector<double>(l.data(), l.data() + l.size()), options.level, c);
      if (c.bca_available) {
        c.or_bca_low = std::exp(c.bca_low);
        c.or_bca_high = std::exp(c.bca_high);
      }
    }
    out.coefficients.push_back(std::move(c));
  }
  return out;
}

}  // namespace detail

/// Bootstrap inference on the coefficients of y ~ x: for every coefficient (intercept first, then
/// each design column — each level of a categorical term has its own column), the bootstrap SE, bias,
/// percentile and BCa intervals on the coefficient and odds-ratio scales, and a two-sided bootstrap P.
/// Mirrors R's `b <- boot(rows, function(d, i) coef(fit on d[i]), R)`, `sd(b$t[, k])` and
/// `boot.ci(b, index = k, type = c("perc", "bca"), L = empinf(b, index = k, type = "jack"))`:
/// intervals interpolate order statistics on the normal scale as boot's norm.inter does, and BCa's
/// acceleration uses jackknife influence values. Difference from boot.ci: its default BCa influence
/// values come from regression on the bootstrap frequencies; pass `L = empinf(type = "jack")` in R to
/// compare. The P value is 2·min(#{θ*_b ≤ 0}, #{θ*_b ≥ 0})/B (capped at 1): the smallest two-sided
/// level at which the percentile interval excludes 0. Failed replicates are skipped and counted.
/// Refits follow options.fit_rule: by default lrm.fit's stopping rule (as rms' bootstrap refits
/// do), whose estimates can sit ~1e-7 from the maximum; to reproduce boot over glm() to ~1e-13,
/// pass refit_rule::exact_mle.
/// Throws invalid_input for bad x/y/options or a plan for another number of rows; computation_error
/// when the full-data fit fails or fewer than 2 replicates succeed.
inline bootstrap_inference bootstrap_coefficients(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                                  const index_plan& plan, const inference_options& options = {}) {
  return detail::coefficients_over_plan(x, y, plan, options);
}

/// bootstrap_coefficients() on a plan drawn from `plan` options (B, seed, generator, stratification).
inline bootstrap_inference bootstrap_coefficients(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                                  const plan_options& plan, const inference_options& options = {}) {
  detail::check_model_data("resample::bootstrap_coefficients", x, y);
  return detail::with_plan(y, plan, [&](const auto& rows_plan) { return detail::coefficients_over_plan(x, y, rows_plan, options); });
}

/// bootstrap_coefficients() of the model a frame encodes: its design and outcome, its column
/// names (`gtv_cc=[6,28)`) naming the coefficients unless options.column_names is given. `Plan` is
/// an index_plan or plan_options.
template <class Plan>
bootstrap_inference bootstrap_coefficients(const model::model_frame& frame, const Plan& plan,
                                           inference_options options = {}) {
  if (options.column_names.empty()) options.column_names = frame.column_names;
  return bootstrap_coefficients(frame.x, frame.y, plan, options);
}

}  // namespace nomo::resample
