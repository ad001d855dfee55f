#pragma once
// The triangular factor R of a logistic fit's weighted design √v·[1, X − c] (v = w·p(1 − p)), for
// the two decisions the information matrix X'VX cannot make accurately on ill-conditioned designs:
// which columns are aliased, and the covariance. Forming X'VX squares the design's condition
// number κ, so a column that is merely nearly collinear (κ ~ 1e5) looks aliased to a Cholesky of
// it, and its inverse loses κ²·ε (2.8e-6 relative in standard errors at κ = 2.5e5). R's glm works
// on the QR factor of √v·X instead, as these functions do, at κ·ε. They run only when the cheap
// Cholesky-based checks flag a design (most fits never pay for them): one extra pass over the rows.

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Core>

#include "nomo/glm/information_factor.hpp"

namespace nomo::glm::detail {

/// The rows a weighted QR reads: the design (all columns; `kept` are the ones in the model, with
/// their `centres`), prior weights and offset (empty = 1 and 0).
struct weighted_rows {
  const Eigen::Ref<const Eigen::MatrixXd>& x;
  const Eigen::VectorXd& centres;  ///< per design column
  const std::vector<Eigen::Index>& kept;
  const Eigen::VectorXd& weights;
  const Eigen::VectorXd& offset;
};

/// Householder QR in place of a matrix with at least as many rows as columns k: its top k rows
/// become R (upper triangular, zeros below), the rows below are zeroed. `scratch` holds the
/// reflection vectors (resized to the rows). (Eigen's HouseholderQR gives GCC 12 false
/// maybe-uninitialized warnings in its triangular products.)
inline void triangularize(Eigen::MatrixXd& m, Eigen::VectorXd& scratch) {
  const Eigen::Index rows = m.rows(), k = m.cols();
  scratch.resize(rows);
  for (Eigen::Index j = 0; j < k; ++j) {
    auto x = m.col(j).tail(rows - j);
    const double norm = x.norm();
    if (norm == 0) continue;
    const double alpha = x(0) > 0 ? -norm : norm;  // the sign that avoids cancellation in v(0)
    auto v = scratch.tail(rows - j);
    v = x;
    v(0) -= alpha;
    const double scale = 2.0 / v.squaredNorm();
    for (Eigen::Index c = j + 1; c < k; ++c) {
      auto column = m.col(c).tail(rows - j);
      column -= (scale * v.dot(column)) * v;
    }
    x.setZero();
    x(0) = alpha;
  }
}

/// Upper-triangular R with R'R = Z'VZ, Z = [1, x_kept − shift] and V = w·p(1 − p) at the centred
/// estimates theta (whose linear predictors use rows.centres), by Householder QR of blocks of rows
/// stacked under the running R (a streaming TSQR: memory of one block, backward stable as one QR of
/// the whole). `shift` (per design column) defaults to rows.centres. Rows of weight 0 add nothing.
inline Eigen::MatrixXd weighted_r_factor(const weighted_rows& rows, const Eigen::VectorXd& theta,
                                         const Eigen::VectorXd* shift = nullptr) {
  const Eigen::VectorXd& design_shift = shift != nullptr ? *shift : rows.centres;
  const Eigen::Index n = rows.x.rows(), k = theta.size();
  const Eigen::Index block = std::max<Eigen::Index>(256, 2 * k);
  Eigen::MatrixXd stacked = Eigen::MatrixXd::Zero(k + block, k);
  Eigen::ArrayXd eta(block), root(block);
  Eigen::VectorXd scratch;
  for (Eigen::Index begin = 0; begin < n; begin += block) {
    const Eigen::Index count = std::min(block, n - begin);
    // Column by column, as X is stored: the linear predictors, then √v, then the weighted columns.
    auto e = eta.head(count);
    if (rows.offset.size() > 0) e = rows.offset.segment(begin, count).array() + theta(0);
    else e.setConstant(theta(0));
    for (Eigen::Index c = 1; c < k; ++c) {
      const Eigen::Index j = rows.kept[static_cast<std::size_t>(c - 1)];
      e += theta(c) * (rows.x.col(j).segment(begin, count).array() - rows.centres(j));
    }
    const Eigen::ArrayXd t = (-e.abs()).exp();  // p(1 − p) = t/u² with u = 1 + t: no cancellation
    auto s = root.head(count);
    s = t.sqrt() / (1.0 + t);
    if (rows.weights.size() > 0) s *= rows.weights.segment(begin, count).array().sqrt();
    stacked.col(0).segment(k, count) = s.matrix();
    for (Eigen::Index c = 1; c < k; ++c) {
      const Eigen::Index j = rows.kept[static_cast<std::size_t>(c - 1)];
      stacked.col(c).segment(k, count) = (s * (rows.x.col(j).segment(begin, count).array() - design_shift(j))).matrix();
    }
    stacked.bottomRows(block - count).setZero();
    triangularize(stacked, scratch);
  }
  return stacked.topRows(k);
}

/// Residual norm, relative to the column's centred norm, below which a column is set aside even
/// where R's rule would keep it. Newton steps are solved on the information matrix, whose
/// reciprocal condition is about the square of this ratio and which information_factor refuses
/// below 1e3·ε (ratio ~5e-7): a column nearer collinear than this could not be fitted, only make
/// the fit fail, so it is reported as aliased instead. R's glm, which solves on the QR factor,
/// fits such columns (κ(X) beyond ~1e6).
inline constexpr double fittable_residual = 1e-6;

/// R's glm rule for aliased columns (dqrdc2's limited pivoting) on the factor R of the weighted
/// design: in column order, a column whose residual after the intercept and the columns kept
/// before it has a norm below `tolerance` times its own uncentred norm is aliased and set aside;
/// so is one whose residual is below fittable_residual of its centred norm. The residuals of Z's
/// columns are those of R's columns (Z = QR with Q orthonormal), so the k × k factor stands for
/// the n rows. `uncentred` and `centred` hold ‖√v·x_j‖ and ‖√v·(x_j − c_j)‖ per parameter (entry
/// 0 unused). Returns the aliased parameters (1-based: 0 is the intercept, never aliased).
inline std::vector<Eigen::Index> aliased_columns(const Eigen::MatrixXd& r, const Eigen::VectorXd& uncentred,
                                                 const Eigen::VectorXd& centred, double tolerance) {
  const Eigen::Index k = r.cols();
  Eigen::MatrixXd basis(k, k);  // orthonormal columns spanning the kept columns of R
  basis.col(0) = r.col(0).normalized();
  Eigen::Index kept = 1;
  std::vector<Eigen::Index> aliased;
  for (Eigen::Index j = 1; j < k; ++j) {
    Eigen::VectorXd residual = r.col(j);
    for (int pass = 0; pass < 2; ++pass)  // Gram–Schmidt twice is enough for orthogonality
      residual -= basis.leftCols(kept) * (basis.leftCols(kept).transpose() * residual);
    const double norm = residual.norm();
    if (!(norm > tolerance * uncentred(j)) || !(norm > fittable_residual * centred(j))) {
      aliased.push_back(j);
      continue;
    }
    basis.col(kept++) = residual / norm;
  }
  return aliased;
}

/// (R'R)⁻¹ = R⁻¹R⁻ᵀ from an invertible upper-triangular R.
inline Eigen::MatrixXd covariance_from_factor(const Eigen::MatrixXd& r) {
  const Eigen::MatrixXd inverse =
      r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(r.rows(), r.cols()));
  return inverse * inverse.transpose();
}

/// The aliased parameters (1-based) of a fit whose information at its starting estimates theta is
/// `lower`: none when may_have_aliased clears the design, else aliased_columns' rule (R's, and
/// the columns too collinear to fit) on the weighted QR factor at theta. `centres` are the kept columns' true centres (the rows may hold
/// columns centred already). Adds the pass over the rows the QR takes to `passes`, when given.
inline std::vector<Eigen::Index> find_aliased(const weighted_rows& rows, const Eigen::VectorXd& centres,
                                              const Eigen::MatrixXd& lower, const Eigen::VectorXd& theta,
                                              double tolerance, int* passes = nullptr) {
  const Eigen::VectorXd uncentred = uncentred_norms(lower, centres);
  if (!may_have_aliased(lower, uncentred, tolerance)) return {};
  if (passes != nullptr) ++*passes;
  const Eigen::VectorXd centred = lower.diagonal().cwiseMax(0.0).cwiseSqrt();
  return aliased_columns(weighted_r_factor(rows, theta), uncentred, centred, tolerance);
}

/// Reciprocal condition number of the equilibrated information below which its inverse is not
/// trusted for the covariance: it loses about ε/rcond (here ≥ 1e-8 relative), so below it the
/// weighted QR, which loses √ of that, gives the covariance instead.
inline constexpr double covariance_rcond = 1e-8;

/// The covariance of a fit's estimates, in the centred parametrisation or (`centred` false) in the
/// model's own, intercept at x = 0.
struct fit_covariance {
  Eigen::MatrixXd matrix;
  bool centred = true;
};

/// The covariance at the centred estimates theta, given `factor` holding the factorized
/// information at theta: its inverse (centred), or when the information is ill-conditioned (see
/// covariance_rcond) R⁻¹R⁻ᵀ from the weighted QR of the uncentred design [1, x] at theta, whose
/// `raw_shift` (per design column) turns the rows' values into the user's x. Uncentred, because
/// moving the intercept's variance from the centred to the user's parametrisation cancels terms of
/// the size of the slopes' variances (1e8 beside 0.01 on such designs). Adds the QR's pass over the
/// rows to `passes`, when given.
inline fit_covariance estimate_covariance(information_factor& factor, const weighted_rows& rows,
                                          const Eigen::VectorXd& theta, const Eigen::VectorXd& raw_shift,
                                          int* passes = nullptr) {
  if (factor.reciprocal_condition_above(covariance_rcond)) return {factor.inverse(), true};
  if (passes != nullptr) ++*passes;
  return {covariance_from_factor(weighted_r_factor(rows, theta, &raw_shift)), false};
}

}  // namespace nomo::glm::detail
