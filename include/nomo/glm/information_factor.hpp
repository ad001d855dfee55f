#pragma once
// Cholesky factorizations of a logistic fit's information matrix (lower triangle given): the
// equilibrated factor behind every Newton step and the final covariance, and the column-order
// factorization that screens for aliased columns (weighted_qr.hpp decides).
//
// Written as plain loops rather than Eigen::LLT: information matrices are small (a handful to a few
// hundred parameters) and factorized once per Newton iteration, and for the paper-sized fits that
// resampling repeats thousands of times Eigen's per-call dispatch (blocked triangular solves, its
// condition estimator's solves) cost more than the arithmetic.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

namespace nomo::glm::detail {

/// Cholesky factor L (lower, column-major, in place) of a symmetric matrix given by its lower
/// triangle, with 1 / L(j, j) stored on the diagonal. Returns false when a pivot is not positive
/// (not numerically positive definite).
inline bool cholesky_in_place(Eigen::MatrixXd& a) {
  const Eigen::Index k = a.rows();
  for (Eigen::Index j = 0; j < k; ++j) {
    double pivot = a(j, j);
    for (Eigen::Index c = 0; c < j; ++c) pivot -= a(j, c) * a(j, c);
    if (!(pivot > 0)) return false;
    const double reciprocal = 1.0 / std::sqrt(pivot);
    a(j, j) = reciprocal;
    for (Eigen::Index i = j + 1; i < k; ++i) {
      double sum = a(i, j);
      for (Eigen::Index c = 0; c < j; ++c) sum -= a(i, c) * a(j, c);
      a(i, j) = sum * reciprocal;
    }
  }
  return true;
}

/// Solves L L' v = v in place for a lower Cholesky factor L whose diagonal holds the reciprocals
/// of L's diagonal (see cholesky_in_place): multiplications instead of divisions in the solves.
inline void cholesky_solve_in_place(const Eigen::MatrixXd& l, double* v) {
  const Eigen::Index k = l.rows();
  for (Eigen::Index i = 0; i < k; ++i) {
    double sum = v[i];
    for (Eigen::Index c = 0; c < i; ++c) sum -= l(i, c) * v[c];
    v[i] = sum * l(i, i);
  }
  for (Eigen::Index i = k - 1; i >= 0; --i) {
    double sum = v[i];
    for (Eigen::Index r = i + 1; r < k; ++r) sum -= l(r, i) * v[r];
    v[i] = sum * l(i, i);
  }
}

/// Estimate of ‖A⁻¹‖₁ for the symmetric positive definite A = L L' (Hager's method as in LAPACK's
/// xLACON: a few solves instead of the inverse; exact for most matrices, never an overestimate).
/// `probe`, `y` and `z` are scratch vectors (resized to A's size).
inline double inverse_l1_norm_estimate(const Eigen::MatrixXd& l, Eigen::VectorXd& probe, Eigen::VectorXd& y,
                                       Eigen::VectorXd& z) {
  const Eigen::Index k = l.rows();
  probe.setConstant(k, 1.0 / static_cast<double>(k));
  y.resize(k);
  z.resize(k);
  double estimate = 0;
  Eigen::Index previous = -1;
  for (int iteration = 0; iteration < 5; ++iteration) {
    y = probe;
    cholesky_solve_in_place(l, y.data());  // y = A⁻¹ probe
    double norm = 0;
    for (Eigen::Index i = 0; i < k; ++i) norm += std::abs(y(i));
    if (iteration > 0 && !(norm > estimate)) break;
    estimate = norm;
    for (Eigen::Index i = 0; i < k; ++i) z(i) = y(i) >= 0 ? 1.0 : -1.0;
    cholesky_solve_in_place(l, z.data());  // z = A⁻¹ sign(y) (A is symmetric)
    Eigen::Index j = 0;
    double largest = 0, projection = 0;
    for (Eigen::Index i = 0; i < k; ++i) {
      projection += z(i) * probe(i);
      if (std::abs(z(i)) > largest) {
        largest = std::abs(z(i));
        j = i;
      }
    }
    if (!(largest > projection) || j == previous) break;
    previous = j;
    probe.setZero();
    probe(j) = 1.0;
  }
  return estimate;
}

/// An upper bound on ‖A⁻¹‖₁ for A = L L' from two triangular solves with L's comparison matrix
/// M(L) (|diagonal|, −|off-diagonal|): |L⁻¹| ≤ M(L)⁻¹ elementwise, so ‖L⁻¹‖∞ ≤ ‖M(L)⁻¹e‖∞ and
/// ‖L⁻¹‖₁ ≤ ‖M(L)⁻ᵀe‖∞ (Higham, Accuracy and Stability of Numerical Algorithms, §8.3), and
/// ‖A⁻¹‖₁ ≤ ‖L⁻ᵀ‖₁‖L⁻¹‖₁ = ‖L⁻¹‖∞‖L⁻¹‖₁. Costs k² multiply-adds, a fraction of Hager's estimate;
/// it can be pessimistic for nearly singular matrices, which then get the estimate. `x` and `z`
/// are scratch vectors. `l` holds reciprocals on its diagonal (see cholesky_in_place).
inline double inverse_l1_norm_bound(const Eigen::MatrixXd& l, Eigen::VectorXd& x, Eigen::VectorXd& z) {
  const Eigen::Index k = l.rows();
  x.resize(k);
  z.resize(k);
  double row_bound = 0, column_bound = 0;
  for (Eigen::Index i = 0; i < k; ++i) {  // M(L) x = e: x ≥ 0, so every term adds
    double sum = 1.0;
    for (Eigen::Index c = 0; c < i; ++c) sum += std::abs(l(i, c)) * x(c);
    x(i) = sum * l(i, i);
    row_bound = std::max(row_bound, x(i));
  }
  for (Eigen::Index i = k - 1; i >= 0; --i) {  // M(L)' z = e
    double sum = 1.0;
    for (Eigen::Index r = i + 1; r < k; ++r) sum += std::abs(l(r, i)) * z(r);
    z(i) = sum * l(i, i);
    column_bound = std::max(column_bound, z(i));
  }
  return row_bound * column_bound;
}

/// Cholesky of the information matrix after scaling it to unit diagonal (equilibration keeps columns
/// on very different scales from costing precision). Fails when the matrix is not numerically
/// positive definite: a pivot is not positive, or the reciprocal condition number (1-norm, Hager's
/// estimate) is below 1e3 machine epsilons. A cheap upper bound on ‖A⁻¹‖₁ settles the test for
/// well-conditioned matrices without the estimate: whenever the bound passes, the estimate (never
/// above the true norm) would pass too, so the decision is the same. One object serves every
/// iteration of a fit (compute() reuses its buffers).
class information_factor {
 public:
  /// Factorizes the matrix whose lower triangle is `lower`; false when it is not numerically
  /// positive definite (solve() and inverse() are then meaningless).
  bool compute(const Eigen::MatrixXd& lower) {
    const Eigen::Index k = lower.rows();
    scale_ = lower.diagonal();
    if ((scale_.array() <= 0).any() || !scale_.allFinite()) return false;
    scale_ = scale_.cwiseSqrt().cwiseInverse();
    factor_ = lower;
    for (Eigen::Index j = 0; j < k; ++j)
      for (Eigen::Index i = j; i < k; ++i) factor_(i, j) *= scale_(i) * scale_(j);
    norm_ = lower_l1_norm(factor_);
    if (!cholesky_in_place(factor_)) return false;
    constexpr double smallest_rcond = 1e3 * std::numeric_limits<double>::epsilon();
    rcond_bound_ = 1.0 / (norm_ * inverse_l1_norm_bound(factor_, y_, z_));
    return reciprocal_condition_above(smallest_rcond);
  }
  /// Whether the reciprocal condition number (1-norm) of the equilibrated matrix last factorized
  /// exceeds `limit`: settled by the cheap bound when it can be, else by Hager's estimate.
  bool reciprocal_condition_above(double limit) {
    return rcond_bound_ > limit || 1.0 / (norm_ * inverse_l1_norm_estimate(factor_, probe_, y_, z_)) > limit;
  }
  /// Solves I s = rhs into `s` (whose buffer is reused: one solve per Newton iteration).
  void solve(const Eigen::VectorXd& rhs, Eigen::VectorXd& s) const {
    s = scale_.cwiseProduct(rhs);
    cholesky_solve_in_place(factor_, s.data());
    s.array() *= scale_.array();
  }
  /// I⁻¹.
  Eigen::MatrixXd inverse() const {
    const auto k = scale_.size();
    Eigen::MatrixXd inv = Eigen::MatrixXd::Identity(k, k);
    for (Eigen::Index j = 0; j < k; ++j) cholesky_solve_in_place(factor_, inv.col(j).data());
    return scale_.asDiagonal() * inv * scale_.asDiagonal();
  }

 private:
  /// ‖A‖₁ of the symmetric matrix whose lower triangle is given.
  static double lower_l1_norm(const Eigen::MatrixXd& lower) {
    const Eigen::Index k = lower.rows();
    double norm = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      double column = 0;
      for (Eigen::Index i = 0; i < k; ++i) column += std::abs(i >= j ? lower(i, j) : lower(j, i));
      norm = std::max(norm, column);
    }
    return norm;
  }

  Eigen::VectorXd scale_;
  Eigen::MatrixXd factor_;  ///< lower Cholesky factor of the scaled matrix (reciprocal diagonal)
  double norm_ = 0;         ///< ‖A‖₁ of the scaled matrix
  double rcond_bound_ = 0;  ///< a lower bound on its reciprocal condition number
  Eigen::VectorXd probe_, y_, z_;
};

/// ‖√v·x_j‖ per parameter (entry 0: the intercept's ‖√v‖) from the information Z'VZ of the
/// centred design Z = [1, x − c] (lower triangle) and the centres c of its columns:
/// Σ v x² = Σ v (x − c)² + 2c Σ v (x − c) + c² Σ v.
inline Eigen::VectorXd uncentred_norms(const Eigen::MatrixXd& lower, const Eigen::VectorXd& centres) {
  const Eigen::Index k = lower.rows();
  Eigen::VectorXd out(k);
  out(0) = std::sqrt(lower(0, 0));
  for (Eigen::Index j = 1; j < k; ++j) {
    const double c = centres(j - 1);
    out(j) = std::sqrt(std::max(0.0, lower(j, j) + 2.0 * c * lower(j, 0) + c * c * lower(0, 0)));
  }
  return out;
}

/// Whether some column may be aliased, the cheap screen before the weighted QR decides
/// (weighted_qr.hpp): Cholesky of the information in column order, setting aside a column whose
/// residual sum of squares after the intercept and the earlier columns is below 1e-10 of its
/// centred sum of squares, or below max(1e-16, (10·tolerance)²) of its uncentred one (`uncentred`,
/// see uncentred_norms). Those are residual norms 1e-5 of the centred norm (beyond the QR's
/// fittable_residual of 1e-6) and 1e-8 or 10·tolerance of the uncentred one (beyond the
/// aliasing rule's `tolerance`, 1e-11 by default), with margin for the Cholesky's rounding: a
/// design that passes has no column the QR would call aliased, and most designs pass.
inline bool may_have_aliased(const Eigen::MatrixXd& lower, const Eigen::VectorXd& uncentred, double tolerance) {
  const double uncentred_share = std::max(1e-16, 100.0 * tolerance * tolerance);
  const Eigen::Index k = lower.rows();
  std::vector<Eigen::Index> kept;
  kept.reserve(static_cast<std::size_t>(k));  // one allocation: this runs on every resampling refit
  kept.push_back(0);
  Eigen::MatrixXd factor = Eigen::MatrixXd::Zero(k, k);  // rows/cols in order of `kept`
  factor(0, 0) = std::sqrt(lower(0, 0));
  bool flagged = false;
  for (Eigen::Index j = 1; j < k; ++j) {
    const auto m = static_cast<Eigen::Index>(kept.size());
    double residual = lower(j, j);
    for (Eigen::Index i = 0; i < m; ++i) {  // row m of the factor: forward substitution
      double sum = lower(j, kept[static_cast<std::size_t>(i)]);
      for (Eigen::Index c = 0; c < i; ++c) sum -= factor(m, c) * factor(i, c);
      factor(m, i) = sum / factor(i, i);
      residual -= factor(m, i) * factor(m, i);
    }
    if (!(residual > 1e-10 * lower(j, j)) || !(residual > uncentred_share * uncentred(j) * uncentred(j))) {
      flagged = true;
      continue;
    }
    factor(m, m) = std::sqrt(residual);
    kept.push_back(j);
  }
  return flagged;
}

}  // namespace nomo::glm::detail
