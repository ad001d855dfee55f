#pragma once
// Firth's penalised-likelihood logistic regression (Jeffreys-prior penalty), the usual remedy when
// fit_logistic reports separation: estimates stay finite where maximum likelihood diverges, and
// small-sample bias of the estimates is removed to first order.
//
// What is maximised: l*(b) = l(b) + ½ log det I(b), I(b) = X'WX, W = diag(p(1 − p)), X with the
// intercept column. Its gradient is the modified score U*(b) = X'(y − p + h(½ − p)), h the diagonal
// of the hat matrix W^½ X I⁻¹ X' W^½ (Firth 1993; Heinze & Schemper 2002). Estimation is Fisher
// scoring on U* (step I⁻¹U*), as R's logistf does, switching to Newton on the numerically differenced Hessian of l* where that
// is negative definite, with the step capped and halved while l* falls.
// Intervals and P-values are from the penalised likelihood, not Wald: for coefficient j, the profile
//   l*_j(c) = max over the other coefficients of l*(b) with b_j = c
// (the penalty always uses the full information matrix) is solved for
// 2(l*(b̂) − l*_j(c)) = χ²₁(level), and P is from 2(l*(b̂) − l*_j(0)) on 1 df. Heinze & Schemper show
// these keep their coverage under separation where Wald intervals fail.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/LU>
#include <Eigen/QR>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/tools/roots.hpp>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"

namespace nomo::glm {

/// Options of fit_firth. Tolerances are tighter than logistf's (1e-5) because nomo promises
/// estimates to 1e-6 and more.
struct firth_options {
  int max_iterations = 100;     ///< Newton/scoring iterations per fit (logistf: maxit = 25)
  int max_halvings = 30;        ///< step halvings per iteration while l* does not increase (logistf: 5)
  double max_step = 5;          ///< largest change of any coefficient in one step (logistf: maxstep = 5)
  double tolerance = 1e-10;     ///< converged when no step moves a coefficient by more than this × max(1, |b|)
  double confidence_level = 0.95;
  bool profile_intervals = true;  ///< false skips the profile intervals and penalised-LR P-values

  /// Throws nomo::invalid_input naming the first option out of range.
  void validate() const {
    constexpr const char* fn = "glm::firth_options::validate";
    if (max_iterations < 1) fail_input(fn, "max_iterations", max_iterations, "must be at least 1");
    if (max_halvings < 0) fail_input(fn, "max_halvings", max_halvings, "must be non-negative");
    check_positive(fn, "max_step", max_step);
    check_positive(fn, "tolerance", tolerance);
    check_open_unit(fn, "confidence_level", confidence_level);
  }
};

/// One coefficient of a Firth fit.
struct firth_coefficient {
  std::string name;
  double estimate = 0;
  double standard_error = 0;  ///< sqrt of the diagonal of I(b̂)⁻¹ (logistf's var)
  double lower = 0;           ///< profile penalised-likelihood interval; −Inf when not bounded
  double upper = 0;           ///< ... +Inf when not bounded
  bool lower_found = false;   ///< false: the profile never fell to the χ² cut-off below the estimate
  bool upper_found = false;
  double chi_square = 0;      ///< penalised likelihood-ratio statistic for b_j = 0
  double p_value = 1;
  bool test_converged = false;  ///< the constrained fit behind chi_square converged
};

/// Result of fit_firth.
struct firth_fit {
  std::vector<firth_coefficient> coefficients;  ///< intercept first, then the columns of x
  Eigen::VectorXd estimates;                    ///< the same estimates as a vector
  Eigen::MatrixXd covariance;                   ///< I(b̂)⁻¹
  double penalized_log_likelihood = 0;          ///< l*(b̂)
  double log_likelihood = 0;                    ///< l(b̂), without the penalty
  Eigen::VectorXd fitted;                       ///< p̂ per row
  Eigen::VectorXd hat;                          ///< diagonal of the hat matrix per row
  int iterations = 0;
  bool converged = false;
  bool intervals_computed = false;              ///< options.profile_intervals was true
};

namespace detail {

/// l, l*, U* and I at one coefficient vector.
struct firth_state {
  double log_likelihood = 0;
  double penalized = 0;
  Eigen::VectorXd score;        ///< U*
  Eigen::MatrixXd information;  ///< I = X'WX
  Eigen::VectorXd p;
  Eigen::VectorXd hat;
};

inline firth_state firth_evaluate(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& b) {
  firth_state s;
  const Eigen::VectorXd eta = x * b;
  const Eigen::Index n = x.rows();
  s.p.resize(n);
  Eigen::VectorXd sqrt_w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = eta(i);
    const double softplus = t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));  // log(1 + e^t)
    s.log_likelihood += y(i) * t - softplus;
    s.p(i) = 1 / (1 + std::exp(-t));
    sqrt_w(i) = std::sqrt(s.p(i) * (1 - s.p(i)));
  }
  const Eigen::MatrixXd wx = sqrt_w.asDiagonal() * x;
  s.information = wx.transpose() * wx;
  const Eigen::LLT<Eigen::MatrixXd> llt(s.information);
  if (llt.info() != Eigen::Success) {
    // Fitted probabilities so close to 0 or 1 that I is singular: l* is -Inf there, which makes the
    // step-halving in firth_maximise retreat.
    s.penalized = -std::numeric_limits<double>::infinity();
    s.score = Eigen::VectorXd::Zero(x.cols());
    s.hat = Eigen::VectorXd::Zero(n);
    return s;
  }
  const Eigen::MatrixXd lower = llt.matrixL();
  // h_i = ||L⁻¹ (√w_i x_i)||²
  const Eigen::MatrixXd a = llt.matrixL().solve(wx.transpose());
  s.hat = a.colwise().squaredNorm().transpose();
  s.penalized = s.log_likelihood + lower.diagonal().array().log().sum();  // ½ log det I = Σ log L_ii
  s.score = x.transpose() * (y - s.p + s.hat.cwiseProduct((0.5 - s.p.array()).matrix()));
  return s;
}

/// Result of maximising l* over the free coefficients.
struct firth_solution {
  Eigen::VectorXd b;
  firth_state state;
  int iterations = 0;
  bool converged = false;
};

/// The negative Hessian of l* over the free coefficients `idx`, by central differences of U* (its
/// exact gradient). Scoring alone (step I⁻¹U*) ignores the curvature of the penalty and crawls under
/// separation, where the penalty dominates; Newton on this matrix converges in a few steps.
inline Eigen::MatrixXd firth_negative_hessian(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& b,
                                              const std::vector<Eigen::Index>& idx) {
  const auto m = static_cast<Eigen::Index>(idx.size());
  Eigen::MatrixXd h(m, m);
  for (Eigen::Index c = 0; c < m; ++c) {
    const Eigen::Index k = idx[static_cast<std::size_t>(c)];
    const double delta = 1e-5 * std::max(1.0, std::abs(b(k)));
    Eigen::VectorXd up = b, down = b;
    up(k) += delta;
    down(k) -= delta;
    const Eigen::VectorXd du = firth_evaluate(x, y, up).score - firth_evaluate(x, y, down).score;
    for (Eigen::Index a = 0; a < m; ++a) h(a, c) = -du(idx[static_cast<std::size_t>(a)]) / (2 * delta);
  }
  return (h + h.transpose()) / 2;
}

/// The free coefficients' step: Newton on the differenced Hessian when it is positive definite (l*
/// locally concave), else Fisher scoring, capped at options.max_step.
inline Eigen::VectorXd firth_step(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& b,
                                  const firth_state& state, const std::vector<Eigen::Index>& idx, const firth_options& options) {
  const auto m = static_cast<Eigen::Index>(idx.size());
  Eigen::VectorXd u(m);
  Eigen::MatrixXd info(m, m);
  for (Eigen::Index a = 0; a < m; ++a) {
    u(a) = state.score(idx[static_cast<std::size_t>(a)]);
    for (Eigen::Index c = 0; c < m; ++c) info(a, c) = state.information(idx[static_cast<std::size_t>(a)], idx[static_cast<std::size_t>(c)]);
  }
  const Eigen::LLT<Eigen::MatrixXd> newton(firth_negative_hessian(x, y, b, idx));
  Eigen::VectorXd step = newton.info() == Eigen::Success ? Eigen::VectorXd(newton.solve(u)) : Eigen::VectorXd(info.ldlt().solve(u));
  const double largest = step.cwiseAbs().maxCoeff();
  if (largest > options.max_step) step *= options.max_step / largest;
  return step;
}

/// Maximises l* over the coefficients with free[j] true; the others stay at their value in `start`.
inline firth_solution firth_maximise(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::VectorXd start,
                                     const std::vector<bool>& free, const firth_options& options) {
  std::vector<Eigen::Index> idx;
  for (std::size_t j = 0; j < free.size(); ++j)
    if (free[j]) idx.push_back(static_cast<Eigen::Index>(j));
  const auto m = static_cast<Eigen::Index>(idx.size());
  firth_solution sol{std::move(start), {}, 0, false};
  sol.state = firth_evaluate(x, y, sol.b);
  if (m == 0) {  // nothing free (the profile of an intercept-only model): l* at `start` is the maximum
    sol.converged = true;
    return sol;
  }
  for (sol.iterations = 1; sol.iterations <= options.max_iterations; ++sol.iterations) {
    Eigen::VectorXd step = firth_step(x, y, sol.b, sol.state, idx, options);
    // Converged when the full step moves no coefficient by more than `tolerance` relative to its size;
    // a score criterion would stall at the rounding floor of U* for coefficients on large scales.
    double relative = 0;
    for (Eigen::Index a = 0; a < m; ++a) {
      relative = std::max(relative, std::abs(step(a)) / std::max(1.0, std::abs(sol.b(idx[static_cast<std::size_t>(a)]))));
    }
    Eigen::VectorXd trial = sol.b;
    firth_state trial_state;
    for (int halving = 0; halving <= options.max_halvings; ++halving) {
      trial = sol.b;
      for (Eigen::Index a = 0; a < m; ++a) trial(idx[static_cast<std::size_t>(a)]) += step(a);
      trial_state = firth_evaluate(x, y, trial);
      if (trial_state.penalized >= sol.state.penalized - 1e-12 * std::abs(sol.state.penalized)) break;
      step /= 2;
    }
    sol.b = trial;
    sol.state = std::move(trial_state);
    if (relative <= options.tolerance) {
      sol.converged = true;
      break;
    }
  }
  sol.iterations = std::min(sol.iterations, options.max_iterations);
  return sol;
}

/// The profile l*_j(c) and the fit behind it, warm-started from `start`.
inline firth_solution firth_profile(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index j, double c,
                                    Eigen::VectorXd start, const firth_options& options) {
  std::vector<bool> free(static_cast<std::size_t>(x.cols()), true);
  free[static_cast<std::size_t>(j)] = false;
  start(j) = c;
  return firth_maximise(x, y, std::move(start), free, options);
}

/// One end of the profile interval of coefficient j.
struct interval_end {
  double value = 0;
  bool found = false;
};

/// Walks from the estimate in `direction`, each constrained fit warm-started from the previous one
/// (far jumps leave scoring in a region where it stalls), with steps growing by half each time so an
/// unbounded side is recognised after a bounded number of fits; a step whose fit does not converge is
/// halved. Once the profile deviance passes `cutoff`, the crossing is solved with TOMS 748 inside the
/// last step. Not reached → ±Inf, found = false.
inline interval_end firth_interval_end(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const firth_solution& best,
                                       Eigen::Index j, double direction, double cutoff, const firth_options& options) {
  constexpr int max_fits = 300;
  const double scale = std::sqrt(best.state.information.inverse()(j, j));
  double step = scale / 2;
  double near = best.b(j);
  Eigen::VectorXd near_b = best.b;
  const auto excess = [&](const firth_solution& s) { return 2 * (best.state.penalized - s.state.penalized) - cutoff; };
  for (int fit = 0; fit < max_fits && step > 1e-12 * scale; ++fit) {
    const double far = near + direction * step;
    const firth_solution s = firth_profile(x, y, j, far, near_b, options);
    if (!s.converged) {
      step /= 2;
      continue;
    }
    const double f_far = excess(s);
    if (f_far >= 0) {
      const auto f = [&](double c) { return excess(firth_profile(x, y, j, c, near_b, options)); };
      const double f_near = 2 * (best.state.penalized - firth_profile(x, y, j, near, near_b, options).state.penalized) - cutoff;
      std::uintmax_t max_evaluations = 200;
      const auto tolerance = boost::math::tools::eps_tolerance<double>(50);
      const auto root = direction > 0 ? boost::math::tools::toms748_solve(f, near, far, f_near, f_far, tolerance, max_evaluations)
                                      : boost::math::tools::toms748_solve(f, far, near, f_far, f_near, tolerance, max_evaluations);
      return {(root.first + root.second) / 2, true};
    }
    near = far;
    near_b = s.b;
    step *= 1.5;
  }
  return {direction * std::numeric_limits<double>::infinity(), false};
}

inline void firth_check_input(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                              const std::vector<std::string>& names) {
  constexpr const char* fn = "glm::fit_firth";
  check_same_size(fn, "y", static_cast<std::size_t>(y.size()), "x.rows()", static_cast<std::size_t>(x.rows()));
  check_all_finite_matrix(fn, "x", x);
  check_binary(fn, "y", y);
  if (!names.empty()) check_same_size(fn, "column_names", names.size(), "x.cols()", static_cast<std::size_t>(x.cols()));
  if (x.rows() <= x.cols() + 1) {
    fail_input(fn, "x.rows()", x.rows(), "need more rows than coefficients (" + std::to_string(x.cols() + 1) + ")");
  }
}

}  // namespace detail

/// Firth logistic regression of 0/1 `y` on the columns of `x` (no intercept column; one is added),
/// like R's `logistf::logistf(y ~ x, firth = TRUE, pl = TRUE)`. Differences: tighter default
/// tolerances; an interval end the profile never reaches is ±Inf with `*_found = false` instead of a
/// warning. Non-convergence is reported in `converged` (and per test in `test_converged`).
/// The profile at b_j = c maximises l* over the other coefficients from the neighbouring profile
/// point's solution (a walk out from the estimate). Under separation l* can have several local
/// maxima at fixed b_j; the interval then follows the branch that starts at the estimate, which
/// need not be the global profile maximum (an independent check found one end at 20.3 where a
/// multi-start search reached 22.0).
/// Throws invalid_input: y not 0/1 or of the wrong length, non-finite x, too few rows, column_names of
/// the wrong length, a rank-deficient design (aliased columns cannot be penalised apart), bad options.
inline firth_fit fit_firth(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                           const firth_options& options = {}, std::vector<std::string> column_names = {}) {
  options.validate();
  detail::firth_check_input(x, y, column_names);
  Eigen::MatrixXd design(x.rows(), x.cols() + 1);
  design << Eigen::VectorXd::Ones(x.rows()), x;
  const Eigen::Index rank = design.colPivHouseholderQr().rank();
  if (rank < design.cols()) {
    fail_input("glm::fit_firth", "x (column rank with intercept)", rank,
               "design has " + std::to_string(design.cols()) + " columns; remove aliased columns");
  }
  const Eigen::VectorXd yy = y;
  const detail::firth_solution best =
      detail::firth_maximise(design, yy, Eigen::VectorXd::Zero(design.cols()), std::vector<bool>(static_cast<std::size_t>(design.cols()), true), options);

  firth_fit fit;
  fit.estimates = best.b;
  fit.covariance = best.state.information.inverse();
  fit.penalized_log_likelihood = best.state.penalized;
  fit.log_likelihood = best.state.log_likelihood;
  fit.fitted = best.state.p;
  fit.hat = best.state.hat;
  fit.iterations = best.iterations;
  fit.converged = best.converged;
  fit.intervals_computed = options.profile_intervals;
  const double cutoff = boost::math::quantile(boost::math::chi_squared(1), options.confidence_level);
  for (Eigen::Index j = 0; j < design.cols(); ++j) {
    firth_coefficient c;
    c.name = j == 0 ? "Intercept" : (column_names.empty() ? "x" + std::to_string(j) : column_names[static_cast<std::size_t>(j - 1)]);
    c.estimate = best.b(j);
    c.standard_error = std::sqrt(fit.covariance(j, j));
    if (options.profile_intervals) {
      const detail::interval_end lo = detail::firth_interval_end(design, yy, best, j, -1, cutoff, options);
      const detail::interval_end hi = detail::firth_interval_end(design, yy, best, j, +1, cutoff, options);
      c.lower = lo.value;
      c.lower_found = lo.found;
      c.upper = hi.value;
      c.upper_found = hi.found;
      const detail::firth_solution null_fit = detail::firth_profile(design, yy, j, 0.0, best.b, options);
      c.chi_square = std::max(0.0, 2 * (best.state.penalized - null_fit.state.penalized));
      c.p_value = nomo::detail::chi_square_upper(c.chi_square, 1);
      c.test_converged = null_fit.converged;
    }
    fit.coefficients.push_back(std::move(c));
  }
  return fit;
}

}  // namespace nomo::glm
