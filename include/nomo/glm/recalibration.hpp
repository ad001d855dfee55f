#pragma once
// Logistic recalibration y ~ a + b·score: the two-parameter fit behind calibration intercepts and
// slopes (rms validate's test indexes, calibration of a frozen model on new data).
//
// The same Newton–Raphson iteration as fit_logistic (start at a = logit(ȳ), b = 0; step-halving;
// the same stopping rules), written for two parameters: one packet sweep over the rows per pass
// that accumulates the deviance, score and information without per-row arrays, and a closed-form
// 2×2 solve, without fit_logistic's blocking, threads, aliasing and separation reports.
// Bootstrap validation repeats this fit thousands of times on a hundred-odd rows, where
// fit_logistic's general machinery costs more than the arithmetic. The estimates equal
// fit_logistic's on a one-column design to rounding.

#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/simd.hpp"
#include "nomo/glm/logistic.hpp"

namespace nomo::glm {

/// The fit y ~ a + b·score.
struct recalibration_fit {
  double intercept = 0;                  ///< a
  double slope = 0;                      ///< b
  Eigen::Matrix2d covariance = Eigen::Matrix2d::Zero();  ///< inverse information at (a, b)
  double deviance = 0;                   ///< −2 log L at (a, b)
  double null_deviance = 0;              ///< −2 log L of the intercept-only model
  double lr_chi2 = 0;                    ///< null_deviance − deviance
  int iterations = 0;                    ///< Newton steps taken
  bool converged = false;
  std::string message;                   ///< why the fit stopped when it did not converge; else empty
};

namespace detail {

/// Sums of one pass at (a, b) on the centred score.
struct recalibration_pass {
  double deviance = 0;
  Eigen::Vector2d score = Eigen::Vector2d::Zero();
  Eigen::Matrix2d information = Eigen::Matrix2d::Zero();
};

/// Per-lane running sums of a pass; the deviance's, with one log per lane instead of one per row,
/// in softplus_lanes (shared with fit_logistic's pass).
struct recalibration_lanes {
  using packet = nomo::detail::double_packet;
  softplus_lanes deviance;
  packet residual, residual_x, weight, weight_x, weight_xx;

  recalibration_lanes() {
    using namespace Eigen::internal;
    residual = residual_x = weight = weight_x = weight_xx = pset1<packet>(0.0);
  }
  /// Adds a packet of rows with centred scores c and outcomes y at η = a + b·c.
  void add(const packet& c, const packet& y, const packet& a, const packet& b) {
    add_weighted<false>(c, y, a, b, Eigen::internal::pset1<packet>(1.0));
  }
  /// Adds the last rows, a partial packet whose unused lanes have `mask` 0 (1 for the rows): the
  /// same arithmetic as whole packets, where a scalar tail would cost an exp and a log1p per row.
  void add_partial(const packet& c, const packet& y, const packet& a, const packet& b, const packet& mask) {
    add_weighted<true>(c, y, a, b, mask);
  }
 private:
  template <bool masked>
  void add_weighted(const packet& c, const packet& y, const packet& a, const packet& b, const packet& mask) {
    using namespace Eigen::internal;
    const packet one = pset1<packet>(1.0);
    auto keep = [&mask](const packet& v) { return masked ? pmul(mask, v) : v; };
    const packet eta = pmadd(b, c, a);
    const expit_packet ex(eta);
    deviance.add<masked>(eta, y, ex, mask);
    const packet r = keep(psub(y, ex.p)), w = keep(pmul(ex.p, psub(one, ex.p)));
    residual = padd(residual, r);
    residual_x = pmadd(r, c, residual_x);
    weight = padd(weight, w);
    const packet wc = pmul(w, c);
    weight_x = padd(weight_x, wc);
    weight_xx = pmadd(wc, c, weight_xx);
  }
};

/// One pass at (a, b) over the centred scores: the deviance and the 2×2 score and information, in
/// one sweep of Eigen packets (the rows after the last whole packet in a masked one).
inline recalibration_pass recalibration_sums(const Eigen::ArrayXd& centred, const Eigen::ArrayXd& y,
                                             const Eigen::Vector2d& theta) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const Eigen::Index n = y.size();
  const packet a = pset1<packet>(theta(0)), b = pset1<packet>(theta(1));
  recalibration_lanes lanes;
  Eigen::Index i = 0;
  for (; i + width <= n; i += width) lanes.add(ploadu<packet>(centred.data() + i), ploadu<packet>(y.data() + i), a, b);
  if (i < n) {
    double c_tail[nomo::detail::double_lanes] = {}, y_tail[nomo::detail::double_lanes] = {},
           mask[nomo::detail::double_lanes] = {};
    for (Eigen::Index k = 0; i + k < n; ++k) {
      c_tail[k] = centred(i + k);
      y_tail[k] = y(i + k);
      mask[k] = 1.0;
    }
    lanes.add_partial(ploadu<packet>(c_tail), ploadu<packet>(y_tail), a, b, ploadu<packet>(mask));
  }
  using nomo::detail::lane_sum;
  const double half_deviance = lanes.deviance.half_deviance();
  const double r = lane_sum(lanes.residual), rc = lane_sum(lanes.residual_x);
  const double w = lane_sum(lanes.weight), wc = lane_sum(lanes.weight_x), wcc = lane_sum(lanes.weight_xx);
  recalibration_pass out;
  out.deviance = 2.0 * half_deviance;
  out.score << r, rc;
  out.information << w, wc, wc, wcc;
  return out;
}

/// Solves the 2×2 system H s = u; false when H is not numerically positive definite (scaled to
/// unit diagonal, 1 − r² below 1e3 machine epsilons, the determinant test of a 2×2 Cholesky).
inline bool solve_2x2(const Eigen::Matrix2d& h, const Eigen::Vector2d& u, Eigen::Vector2d& step) {
  if (!(h(0, 0) > 0 && h(1, 1) > 0)) return false;
  const double r2 = h(0, 1) * h(0, 1) / (h(0, 0) * h(1, 1));
  if (!(1.0 - r2 > 1e3 * std::numeric_limits<double>::epsilon())) return false;
  const double det = h(0, 0) * h(1, 1) - h(0, 1) * h(0, 1);
  step << (h(1, 1) * u(0) - h(0, 1) * u(1)) / det, (h(0, 0) * u(1) - h(0, 1) * u(0)) / det;
  return true;
}

/// The inverse of a symmetric 2×2 matrix in closed form (NaN when singular).
inline Eigen::Matrix2d inverse_2x2(const Eigen::Matrix2d& h) {
  const double det = h(0, 0) * h(1, 1) - h(0, 1) * h(0, 1);
  Eigen::Matrix2d inverse;
  inverse << h(1, 1) / det, -h(0, 1) / det, -h(0, 1) / det, h(0, 0) / det;
  return inverse;
}

inline void check_recalibration_input(const Eigen::VectorXd& score, const Eigen::VectorXd& y,
                                      const irls_options& options) {
  constexpr const char* fn = "glm::fit_recalibration";
  options.validate();
  if (score.size() < 2) fail_input(fn, "score.size()", score.size(), "must be at least 2");
  check_same_size(fn, "y", static_cast<std::size_t>(y.size()), "score.size()", static_cast<std::size_t>(score.size()));
  check_all_finite(fn, "score", score);
  check_binary(fn, "y", y);
  if (options.prior_weights.size() > 0 || options.offset.size() > 0) {
    fail_input(fn, "options.prior_weights/offset", "given", "not supported here; use glm::fit_logistic");
  }
  const double events = y.sum();
  if (events == 0 || events == static_cast<double>(y.size())) {
    fail_input(fn, "y", events == 0 ? "all 0" : "all 1", "the outcome needs both events and non-events");
  }
  if (score.maxCoeff() == score.minCoeff()) fail_input(fn, "score", score(0), "is constant: no slope can be fitted");
}

}  // namespace detail

/// Fits y ~ a + b·score by maximum likelihood (or stops by rms lrm.fit's rule, options.rule),
/// exactly as fit_logistic(score, y, options) would: the same iterates, stopping rule, iteration cap
/// and step-halving (fit_logistic's subsample start for 256+ blocks of rows aside, which changes
/// its iterates but not its converged estimates beyond rounding). Only the intercept, slope, their
/// covariance and the deviances are computed.
/// Throws nomo::invalid_input for fewer than 2 rows, sizes that differ, a non-finite score, y not
/// 0/1 or of one class, a constant score, prior weights or an offset (use fit_logistic), and bad
/// options.
inline recalibration_fit fit_recalibration(const Eigen::VectorXd& score, const Eigen::VectorXd& y,
                                           const irls_options& options = {}) {
  detail::check_recalibration_input(score, y, options);
  const double n = static_cast<double>(y.size()), events = y.sum();
  const double centre = score.mean();  // centring conditions H; the iterates do not depend on it
  const Eigen::ArrayXd centred = score.array() - centre, outcome = y.array();
  recalibration_fit fit;
  fit.null_deviance = detail::intercept_only_deviance(events, n);

  Eigen::Vector2d theta(std::log(events / (n - events)), 0.0);
  detail::recalibration_pass pass = detail::recalibration_sums(centred, outcome, theta);
  const bool by_decrement = options.rule == convergence_rule::newton_decrement;
  double previous_deviance = pass.deviance;
  bool deviance_settled = false;
  double previous_decrement = std::numeric_limits<double>::quiet_NaN();  // as in fit_logistic
  for (int iter = 1; iter <= options.max_iterations && !fit.converged; ++iter) {
    Eigen::Vector2d step;
    if (!detail::solve_2x2(pass.information, pass.score, step)) {
      fit.message = "information matrix numerically singular at iteration " + std::to_string(iter);
      break;
    }
    const double decrement = pass.score.dot(step);
    const double allowed = pass.deviance + 1e-12 * (std::abs(pass.deviance) + 1.0);
    detail::recalibration_pass trial = detail::recalibration_sums(centred, outcome, theta + step);
    int halvings = 0;
    for (; halvings < options.max_halvings && !(trial.deviance <= allowed); ++halvings) {
      step /= 2.0;
      trial = detail::recalibration_sums(centred, outcome, theta + step);
    }
    if (!(trial.deviance <= allowed)) {
      fit.message = "step-halving failed to reduce the deviance at iteration " + std::to_string(iter);
      break;
    }
    fit.iterations = iter;
    theta += step;
    pass = trial;
    fit.converged =
        by_decrement ? detail::last_newton_step(decrement, previous_decrement, options.epsilon) : deviance_settled;
    previous_decrement = halvings == 0 ? decrement : std::numeric_limits<double>::quiet_NaN();
    deviance_settled = std::abs(previous_deviance - pass.deviance) <= options.deviance_tolerance;
    previous_deviance = pass.deviance;
  }
  if (!fit.converged && fit.message.empty()) {
    fit.message = "no convergence after " + std::to_string(options.max_iterations) + " iterations";
  }
  // Back from the centred parametrisation: a = α − b·centre.
  fit.slope = theta(1);
  fit.intercept = theta(0) - theta(1) * centre;
  Eigen::Matrix2d transform;
  transform << 1.0, -centre, 0.0, 1.0;
  fit.covariance = transform * detail::inverse_2x2(pass.information) * transform.transpose();
  fit.deviance = pass.deviance;
  fit.lr_chi2 = fit.null_deviance - fit.deviance;
  return fit;
}

}  // namespace nomo::glm
