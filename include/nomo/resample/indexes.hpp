#pragma once
// The predictive-accuracy indexes of rms::validate.lrm (its internal `discrim`): the "apparent" set
// a fit reports about itself and the "test" set of a linear predictor applied to other rows
// (rms-spec.md §3.1–3.2).

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/numeric.hpp"
#include "nomo/resample/refit.hpp"

namespace nomo::resample {

/// One value per rms validate index (Emax is derived after aggregation, see validate.hpp).
struct accuracy_indexes {
  double dxy = 0;        ///< Somers' Dxy between linear predictor and outcome (rank based, exact)
  double r2 = 0;         ///< Nagelkerke R²
  double intercept = 0;  ///< calibration intercept (0 for apparent)
  double slope = 1;      ///< calibration slope (1 for apparent)
  double d = 0;          ///< discrimination index (LR − 1)/n
  double u = 0;          ///< unreliability index
  double q = 0;          ///< quality index D − U
  double brier = 0;      ///< mean squared error of the probabilities
  double g = 0;          ///< Gini's mean difference of the linear predictor
  double gp = 0;         ///< Gini's mean difference of the probabilities
};

namespace detail {

/// A linear predictor sorted increasingly with its outcomes: the one order behind Dxy (mid-ranks)
/// and both Gini indexes, which in rms' discrim each sort again.
struct sorted_predictor {
  Eigen::VectorXd lp;
  Eigen::VectorXd y;
};

/// The rows of lp in increasing order of lp (ties by row).
inline std::vector<std::size_t> rows_by_predictor(const Eigen::VectorXd& lp) { return nomo::detail::stable_order(lp); }

/// rows_by_predictor(lp) from `hint`, the order of a similar predictor (a replicate's refit ranks
/// the rows almost as the full-data model does): an insertion sort, same result.
inline std::vector<std::size_t> rows_by_predictor(const Eigen::VectorXd& lp, const std::vector<std::size_t>& hint) {
  return nomo::detail::stable_order_near(lp, hint);
}

/// Rows `rows` (with repeats) of (lp, y) sorted by lp, read off `order` (all rows sorted by lp,
/// from rows_by_predictor) in O(n): a replicate's training and test rows share one sort.
inline sorted_predictor sorted_rows(const Eigen::VectorXd& lp, const Eigen::VectorXd& y,
                                    const std::vector<std::size_t>& order, const std::vector<Eigen::Index>& rows) {
  std::vector<int> copies(order.size(), 0);
  for (const Eigen::Index r : rows) ++copies[static_cast<std::size_t>(r)];
  sorted_predictor s;
  // One slot beyond the rows: each row is written once unconditionally and the position advances by
  // its count, so only rows drawn more than once take a branch (a bootstrap's counts are random 0,
  // 1, 2, …, and a loop over them mispredicts on most rows).
  s.lp.resize(static_cast<Eigen::Index>(rows.size()) + 1);
  s.y.resize(s.lp.size());
  Eigen::Index k = 0;
  for (const std::size_t row : order) {
    const auto r = static_cast<Eigen::Index>(row);
    s.lp(k) = lp(r);
    s.y(k) = y(r);
    for (int c = 1; c < copies[row]; ++c) {
      s.lp(k + c) = lp(r);
      s.y(k + c) = y(r);
    }
    k += copies[row];
  }
  s.lp.conservativeResize(k);
  s.y.conservativeResize(k);
  return s;
}

/// Somers' Dxy of the linear predictor with the outcome: Hmisc somers2's 2(C − ½). 0 when the
/// predictor is constant.
inline double somers_dxy(const sorted_predictor& s) {
  return 2 * (nomo::detail::c_index_of_sorted(s.lp.data(), s.y.data(), static_cast<std::size_t>(s.lp.size())) - 0.5);
}

/// Gini's mean difference of values computed in the order of a sorted predictor by a monotone
/// transform: non-decreasing when `increasing` (the values are sorted), else non-increasing
/// (reversed, they are).
inline double gini_of_monotone(std::vector<double>& values, bool increasing) {
  if (!increasing) std::reverse(values.begin(), values.end());
  return nomo::detail::gini_of_sorted(values.data(), values.size());
}

/// expit(a + s·lp) for the predictor of s, in its order, into `p`: one vectorised pass. Brier and
/// Gini's mean difference sum these values; an inversion of one ulp between the vector body and a
/// scalar tail of Eigen's exp would move the Gini weights by ~1e-16, far below any tolerance.
inline void probabilities(const sorted_predictor& s, std::vector<double>& p, double a = 0.0, double slope = 1.0) {
  p.resize(static_cast<std::size_t>(s.lp.size()));
  Eigen::Map<Eigen::ArrayXd>(p.data(), s.lp.size()) = 1.0 / (1.0 + (-(a + slope * s.lp.array())).exp());
}

/// Mean squared error of the probabilities `p` (in the order of s).
inline double brier(const std::vector<double>& p, const sorted_predictor& s) {
  double sum = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const double residual = s.y(static_cast<Eigen::Index>(k)) - p[k];
    sum += residual * residual;
  }
  return sum / static_cast<double>(p.size());
}

inline double nagelkerke(double lr, double null_deviance, double n) {
  return (1 - std::exp(-lr / n)) / (1 - std::exp(-null_deviance / n));
}

}  // namespace detail

namespace detail {

/// apparent_indexes() of the fitted rows' linear predictor and outcome, sorted.
inline accuracy_indexes apparent_of_sorted(const subset_fit& fit, const sorted_predictor& sorted) {
  accuracy_indexes m;
  const double n = static_cast<double>(sorted.y.size());
  m.dxy = detail::somers_dxy(sorted);
  m.r2 = detail::nagelkerke(fit.lr_chi2, fit.null_deviance, n);
  m.d = (fit.lr_chi2 - 1) / n;
  m.u = -2 / n;
  m.q = m.d - m.u;
  m.g = nomo::detail::gini_of_sorted(sorted.lp.data(), static_cast<std::size_t>(sorted.lp.size()));
  std::vector<double> p;
  probabilities(sorted, p);
  m.gp = nomo::detail::gini_of_sorted(p.data(), p.size());
  m.brier = brier(p, sorted);
  return m;
}

}  // namespace detail

/// The apparent indexes of `fit` on its own rows (`lp`, `y` are the fitted rows' linear predictor
/// and outcome): rms validate.lrm's `discrim(..., evalfit = TRUE)`.
inline accuracy_indexes apparent_indexes(const subset_fit& fit, const Eigen::VectorXd& lp, const Eigen::VectorXd& y) {
  return detail::apparent_of_sorted(fit, detail::sorted_rows(lp, y, detail::rows_by_predictor(lp), index_range(lp.size())));
}

/// Test indexes, or why the recalibration fit behind them failed.
struct test_indexes_result {
  bool ok = false;
  std::string failure;       ///< empty when ok
  accuracy_indexes indexes;  ///< meaningful when ok
};

namespace detail {

/// test_indexes() of a linear predictor and outcome sorted by the predictor. The recalibration is
/// fitted on the sorted rows: the row order changes the fit only by rounding.
inline test_indexes_result test_of_sorted(const sorted_predictor& sorted, bool null_model, refit_rule rule) {
  test_indexes_result out;
  const Eigen::VectorXd& lp = sorted.lp;
  const Eigen::VectorXd& y = sorted.y;
  const double n = static_cast<double>(y.size());
  const subset_fit recal = null_model ? fit_subset(Eigen::MatrixXd(y.size(), 0), y) : fit_subset(lp, y, rule);
  if (!recal.ok) {
    out.failure = "recalibration fit: " + recal.failure;
    return out;
  }
  accuracy_indexes& m = out.indexes;
  const double a = recal.coefficients(0);
  const double s = null_model ? 1.0 : recal.coefficients(1);
  m.dxy = somers_dxy(sorted);
  m.r2 = nagelkerke(recal.lr_chi2, recal.null_deviance, n);
  m.intercept = a;
  m.slope = s;
  m.d = (recal.lr_chi2 - 1) / n;
  // −2 log L of lp taken at face value, R's −2·sum(y·lp − log(1 + exp(lp))), from the fit's
  // vectorised per-row deviances (which also stay finite where R's exp(lp) overflows, lp > 709).
  std::vector<double> values(static_cast<std::size_t>(lp.size())), deviance(values.size());
  glm::detail::logistic_rows(lp.data(), y.data(), values.data(), deviance.data(), lp.size());
  const double face_value_deviance = std::accumulate(deviance.begin(), deviance.end(), 0.0);
  m.u = (face_value_deviance - recal.deviance - 2) / n;
  m.q = m.d - m.u;
  probabilities(sorted, values);
  m.brier = brier(values, sorted);
  // s·lp and expit(a + s·lp) keep lp's order when s ≥ 0 and reverse it when s < 0.
  values.resize(static_cast<std::size_t>(lp.size()));
  Eigen::Map<Eigen::ArrayXd>(values.data(), lp.size()) = s * lp.array();
  m.g = gini_of_monotone(values, s >= 0);
  probabilities(sorted, values, a, s);
  m.gp = gini_of_monotone(values, s >= 0);
  out.ok = true;
  return out;
}

}  // namespace detail

/// The test indexes of a linear predictor `lp` on rows with outcome `y`: rms validate.lrm's
/// `discrim(..., evalfit = FALSE)`, which refits the recalibration y ~ a + s·lp. `null_model` = the
/// model had no slopes (lp constant): intercept logit(ȳ), slope 1, as rms. Deliberate difference:
/// when the recalibration cannot be fitted (one outcome class in a cross-validation fold, no
/// convergence) the result is not ok and the caller skips the replicate; rms would use whatever
/// lrm.fit returned. Throws invalid_input for an unknown rule.
inline test_indexes_result test_indexes(const Eigen::VectorXd& lp, const Eigen::VectorXd& y, bool null_model,
                                        refit_rule rule = refit_rule::rms_lrm) {
  detail::check_refit_rule("resample::test_indexes", "rule", rule);
  return detail::test_of_sorted(detail::sorted_rows(lp, y, detail::rows_by_predictor(lp), index_range(lp.size())),
                                null_model, rule);
}

}  // namespace nomo::resample
