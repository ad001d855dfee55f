#pragma once
// Calibration of a frozen model on another cohort (external validation): calibration intercept
// and slope, Brier score, a lowess calibration curve with the error summaries ICI, E50, E90, Emax
// and rms' mean absolute error, and the rest of rms::val.prob's statistics (Dxy, C, R², the
// discrimination/unreliability/quality indexes D, U, Q and Spiegelhalter's z).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/lowess.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/eval/sample.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/statistics.hpp"

namespace nomo::eval {

/// Options of assess_calibration(); defaults are rms::val.prob's and rms::calibrate's.
struct calibration_options {
  double span = 2.0 / 3.0;       ///< lowess span f (R's default; val.prob and calibrate keep it)
  std::size_t grid_points = 50;  ///< points of calibrate's grid for the mean absolute error
  double conf_level = 0.95;      ///< level of the Wald CIs of the intercept and slope

  void validate() const {
    constexpr const char* fn = "eval::calibration_options::validate";
    check_positive(fn, "span", span);
    if (grid_points < 2) fail_input(fn, "grid_points", grid_points, "must be at least 2");
    check_open_unit(fn, "conf_level", conf_level);
  }
};

/// A smoothed calibration curve: observed event rate against predicted risk.
struct calibration_curve {
  std::vector<double> predicted;  ///< predicted risks, sorted increasing
  std::vector<double> observed;   ///< lowess(predicted, outcome, iter = 0) at each
};

/// A coefficient of a calibration model with its Wald standard error and interval.
struct calibration_coefficient {
  double estimate = 0;
  double standard_error = 0;
  double lower = 0;
  double upper = 0;
};

/// How well predicted risks agree with outcomes in a validation cohort. Perfect calibration has
/// intercept_in_the_large 0, slope 1, recalibration_intercept 0 and a curve on the diagonal.
struct calibration_assessment {
  std::size_t n = 0;
  std::size_t events = 0;
  double mean_predicted = 0;                         ///< mean risk
  double observed_rate = 0;                          ///< events / n
  calibration_coefficient intercept_in_the_large;    ///< a in logit P(y) = a + logit(p) (offset)
  calibration_coefficient slope;                     ///< b in logit P(y) = a' + b logit(p)
  calibration_coefficient recalibration_intercept;   ///< a' of that fit (val.prob's "Intercept")
  bool converged = true;                             ///< both logistic fits converged
  /// The logits separate the outcomes: no finite slope exists, and `slope` and
  /// `recalibration_intercept` are where the fit stopped (the message names the separation).
  bool separated = false;
  std::string message;  ///< why, when a fit did not converge or the logits separate the outcomes
  double brier = 0;                                  ///< mean (p - y)^2
  double ici = 0;       ///< integrated calibration index: mean |p - smooth(p)| (val.prob Eavg)
  double e50 = 0;       ///< median |p - smooth(p)|
  double e90 = 0;       ///< 0.9 quantile (type 7) of |p - smooth(p)| (val.prob E90)
  double emax = 0;      ///< max |p - smooth(p)| (val.prob Emax)
  /// print.calibrate's "Mean absolute error" of the apparent curve, over the predictions inside
  /// calibrate's grid (the 5th to the (n−4)th smallest); NaN when those two are equal (heavily tied
  /// predictions), where R's print.calibrate.default stops
  double mean_absolute_error = 0;
  calibration_curve curve;

  // rms::val.prob's other statistics, under its names. Its D, U and Q (Harrell, Regression
  // Modeling Strategies §10.9) split the log-likelihood gain of the predictions over the null model
  // into discrimination, unreliability (miscalibration) and their difference.
  double dxy = 0;  ///< Somers' Dxy of the predictions ("Dxy"), from lrm's 5,001-cell binning of p as val.prob
  double c = 0;    ///< concordance index ("C (ROC)"), same binning; = (dxy + 1) / 2
  double r2 = 0;   ///< Nagelkerke R² of the predictions taken as they are ("R2")
  double d = 0;    ///< discrimination index (d_chi2 − 1) / n ("D")
  /// null deviance − deviance of the predictions as given (intercept 0, slope 1) ("D:Chi-sq")
  double d_chi2 = 0;
  /// P(χ²₁ > d_chi2). rms 6.5 prints NA here (its lrm.fit with maxit = 1 leaves P out); older rms
  /// printed this tail.
  double d_p = 0;
  double u = 0;       ///< unreliability index (u_chi2 − 2) / n ("U")
  double u_chi2 = 0;  ///< deviance of the predictions − deviance of the recalibrated ones ("U:Chi-sq")
  double u_p = 0;     ///< P(χ²₂ > u_chi2) ("U:p")
  double q = 0;       ///< quality index d − u ("Q")
  /// Spiegelhalter's z: Σ(y − p)(1 − 2p) / √Σ(1 − 2p)²p(1 − p) ("S:z")
  double spiegelhalter_z = 0;
  double spiegelhalter_p = 0;  ///< its two-sided normal P ("S:p")
};

namespace detail {

inline calibration_coefficient coefficient_of(const glm::logistic_fit& fit, Eigen::Index k) {
  return {fit.coefficients(k), fit.standard_errors(k), fit.conf_low(k), fit.conf_high(k)};
}

/// rms print.calibrate.default's mean |error| for the apparent curve: the smooth read at
/// calibrate's grid (5th to (n−4)th smallest prediction, ties = first), then at every prediction by
/// approx(ties = mean); predictions outside the grid have no error and are left out (na.rm), as
/// resample::calibrate's errors also leave them out. NaN when the 5th and (n−4)th smallest
/// predictions are equal: the grid is then one point, which approx cannot interpolate (R stops).
inline double calibrate_mean_absolute_error(const std::vector<double>& p, const lowess_curve& smooth,
                                            std::size_t grid_points) {
  std::vector<double> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  if (sorted[4] == sorted[sorted.size() - 5]) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> grid = seq_length(sorted[4], sorted[sorted.size() - 5], grid_points);
  const std::vector<double> at_grid = approx(smooth.x, smooth.y, grid, approx_ties::first);
  const std::vector<double> calibrated = approx(grid, at_grid, p, approx_ties::mean);
  double total = 0;
  std::size_t inside = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(calibrated[i])) continue;
    total += std::abs(p[i] - calibrated[i]);
    ++inside;
  }
  return inside > 0 ? total / static_cast<double>(inside) : std::numeric_limits<double>::quiet_NaN();
}

/// −2 log L of 0/1 outcomes y under probabilities expit(logit): val.prob's L01.
inline double deviance_of_logits(const Eigen::VectorXd& logit, const Eigen::Ref<const Eigen::VectorXd>& y) {
  double log_likelihood = 0;
  for (Eigen::Index i = 0; i < logit.size(); ++i) log_likelihood += y(i) * logit(i) - glm::detail::softplus(logit(i));
  return -2.0 * log_likelihood;
}

/// val.prob's Dxy, C, R², D, U, Q and Spiegelhalter z of predictions p (logits `logit`) against
/// outcomes y, given the deviance of the recalibration fit y ~ logit.
inline void fill_val_prob_statistics(const Eigen::Ref<const Eigen::VectorXd>& p, const Eigen::VectorXd& logit,
                                     const Eigen::Ref<const Eigen::VectorXd>& y, double recalibrated_deviance,
                                     calibration_assessment& out) {
  const double n = static_cast<double>(p.size());
  // val.prob's C and Dxy are lrm.fit's at intercept 0 and slope 1: binned probabilities.
  const auto pairs = glm::detail::binned_pairs(logit, y);
  const double pairs_total = pairs.concordant + pairs.discordant + pairs.tied;
  out.c = (pairs.concordant + pairs.tied / 2.0) / pairs_total;
  out.dxy = (pairs.concordant - pairs.discordant) / pairs_total;
  const double null_deviance = glm::detail::intercept_only_deviance(static_cast<double>(out.events), n);
  const double deviance = deviance_of_logits(logit, y);
  out.d_chi2 = null_deviance - deviance;
  out.d_p = nomo::detail::chi_square_upper(out.d_chi2, 1);
  out.r2 = (1.0 - std::exp(-out.d_chi2 / n)) / (1.0 - std::exp(-null_deviance / n));
  out.d = (out.d_chi2 - 1.0) / n;
  out.u_chi2 = deviance - recalibrated_deviance;
  out.u_p = nomo::detail::chi_square_upper(out.u_chi2, 2);
  out.u = (out.u_chi2 - 2.0) / n;
  out.q = out.d - out.u;
  const Eigen::ArrayXd pa = p.array(), tilt = 1.0 - 2.0 * pa;
  out.spiegelhalter_z = ((y.array() - pa) * tilt).sum() / std::sqrt((tilt * tilt * pa * (1.0 - pa)).sum());
  out.spiegelhalter_p = nomo::detail::two_sided_normal_p(out.spiegelhalter_z);
}

}  // namespace detail

/// Calibration of predicted risks `predicted` (from a model frozen on another cohort) against the
/// 0/1 `outcomes` of the validation cohort.
///
/// Mirrors, on the same numbers: glm(y ~ 1, offset = qlogis(p), binomial) for the intercept in the
/// large; glm(y ~ qlogis(p), binomial) for the slope and recalibration intercept (rms::val.prob's
/// "Intercept"/"Slope", which lrm.fit stops short of: by ~1e-7 typically, ~1e-4 relative at n = 11);
/// val.prob's Brier, Eavg (= ICI), E90 and Emax from lowess(p, y, iter = 0); E50 as the median of
/// the same errors; print.calibrate.default's "Mean absolute error" for the apparent (not
/// optimism-corrected) curve (not print.calibrate's "Mean |error|", which extrapolates beyond the
/// grid); and val.prob's Dxy, C (ROC), R2, D, D:Chi-sq, U, U:Chi-sq, U:p, Q, S:z and S:p (D:p,
/// which rms 6.5 leaves NA, is the χ²₁ tail). P values are exact upper tails, where val.prob's
/// 1 − pchisq rounds those below ~1e-16 to 0. Unlike val.prob, predictions of exactly 0 or 1 are
/// refused rather than dropped. The slope's SE is the information at the estimates; glm's comes
/// from the iteration before its last, so at glm's default epsilon (1e-8) it can differ by ~1e-4
/// relative (7e-5 measured on tied predictions); against glm run to epsilon = 1e-15, ≤ 1e-9.
///
/// Throws nomo::invalid_input for mismatched lengths, non-finite predictions, predictions not
/// strictly inside (0, 1) (their logit must be finite), all predictions equal (no slope to fit),
/// outcomes not 0/1 or of one class, fewer than 11 patients (calibrate's grid needs them) or bad
/// options. Non-convergence of a fit is reported in `converged` and `message`.
inline calibration_assessment assess_calibration(const Eigen::Ref<const Eigen::VectorXd>& predicted,
                                                 const Eigen::Ref<const Eigen::VectorXd>& outcomes,
                                                 const calibration_options& options = {}) {
  constexpr const char* fn = "eval::assess_calibration";
  options.validate();
  const auto counts = detail::check_sample(fn, "predicted", predicted, "outcomes", outcomes);
  const Eigen::Index n = predicted.size();
  if (n < 11) fail_input(fn, "predicted.size()", n, "needs at least 11 patients for the calibration grid");
  check_all_open_unit(fn, "predicted", predicted);
  if (predicted.maxCoeff() == predicted.minCoeff()) {
    fail_input(fn, "predicted", predicted(0), "every prediction is this value: the calibration slope cannot be fitted");
  }

  calibration_assessment out;
  out.n = static_cast<std::size_t>(n);
  out.events = counts.cases;
  out.mean_predicted = predicted.mean();
  out.observed_rate = outcomes.mean();
  out.brier = (predicted - outcomes).squaredNorm() / static_cast<double>(n);

  // R's qlogis, one scalar log per prediction: a vectorised log can differ by an ulp between the
  // packet body and the tail, so tied predictions would get different logits and could fall into
  // different cells of the binned C.
  const Eigen::VectorXd logit = predicted.unaryExpr([](double p) { return std::log(p / (1 - p)); });
  if (logit.maxCoeff() == logit.minCoeff()) {  // predictions an ulp apart can share their logit
    fail_input(fn, "predicted", predicted(0), "every prediction has this logit, " + nomo::detail::describe(logit(0)) +
                                                  ": the calibration slope cannot be fitted");
  }
  glm::irls_options offset_fit;
  offset_fit.confidence_level = options.conf_level;
  offset_fit.offset = logit;
  const auto in_the_large = glm::fit_logistic(Eigen::MatrixXd(n, 0), outcomes, offset_fit);
  glm::irls_options slope_fit;
  slope_fit.confidence_level = options.conf_level;
  const auto recalibration = glm::fit_logistic(logit, outcomes, slope_fit, {"logit"});
  out.intercept_in_the_large = detail::coefficient_of(in_the_large, 0);
  out.recalibration_intercept = detail::coefficient_of(recalibration, 0);
  out.slope = detail::coefficient_of(recalibration, 1);
  out.converged = in_the_large.converged && recalibration.converged;
  out.separated = recalibration.separation.detected;
  if (!in_the_large.converged) out.message = "intercept-in-the-large fit: " + in_the_large.message;
  if (!recalibration.converged || out.separated) {
    const std::string& why = out.separated ? recalibration.separation.message : recalibration.message;
    out.message += (out.message.empty() ? "" : "; ") + ("slope fit: " + why);
  }

  const std::vector<double> p(predicted.data(), predicted.data() + n);
  const std::vector<double> y(outcomes.data(), outcomes.data() + n);
  lowess_options smoothing;
  smoothing.f = options.span;
  smoothing.iterations = 0;
  const lowess_curve smooth = lowess(p, y, smoothing);
  const std::vector<double> at_p = approx(smooth.x, smooth.y, p, approx_ties::mean);
  std::vector<double> errors(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) errors[i] = std::abs(p[i] - at_p[i]);
  out.ici = std::accumulate(errors.begin(), errors.end(), 0.0) / static_cast<double>(n);
  const std::vector<double> q = quantiles(errors, {0.5, 0.9});
  out.e50 = q[0];
  out.e90 = q[1];
  out.emax = *std::max_element(errors.begin(), errors.end());
  out.mean_absolute_error = detail::calibrate_mean_absolute_error(p, smooth, options.grid_points);
  out.curve = {smooth.x, smooth.y};
  detail::fill_val_prob_statistics(predicted, logit, outcomes, recalibration.deviance, out);
  return out;
}

}  // namespace nomo::eval
