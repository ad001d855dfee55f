#pragma once
// The predictive-accuracy indexes of rms::validate.lrm (its internal `discrim`): the "apparent" set
// a fit reports about itself and the "test" set of a linear predictor applied to other rows
// (rms-spec.md §3.1–3.2).

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
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

/// Somers' Dxy of `score` with a 0/1 outcome from mid-ranks: Hmisc somers2's 2(C − 1/2). 0 when
/// the score is constant.
inline double somers_dxy(const Eigen::VectorXd& score, const Eigen::VectorXd& y) {
  const Eigen::Index n = score.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return score(a) < score(b); });
  double rank_sum = 0, events = 0;
  for (Eigen::Index start = 0; start < n;) {
    Eigen::Index end = start + 1;
    while (end < n && score(order[static_cast<std::size_t>(end)]) == score(order[static_cast<std::size_t>(start)])) ++end;
    const double mid_rank = 0.5 * static_cast<double>(start + 1 + end);
    for (Eigen::Index k = start; k < end; ++k) {
      if (y(order[static_cast<std::size_t>(k)]) == 1.0) {
        rank_sum += mid_rank;
        events += 1;
      }
    }
    start = end;
  }
  const double non_events = static_cast<double>(n) - events;
  const double c = (rank_sum / events - (events + 1) / 2) / non_events;
  return 2 * (c - 0.5);
}

inline double brier(const Eigen::VectorXd& lp, const Eigen::VectorXd& y) {
  double s = 0;
  for (Eigen::Index i = 0; i < lp.size(); ++i) s += (y(i) - expit(lp(i))) * (y(i) - expit(lp(i)));
  return s / static_cast<double>(lp.size());
}

inline double gini(const Eigen::VectorXd& v) { return gini_mean_difference(std::vector<double>(v.data(), v.data() + v.size())); }

inline double nagelkerke(double lr, double null_deviance, double n) {
  return (1 - std::exp(-lr / n)) / (1 - std::exp(-null_deviance / n));
}

}  // namespace detail

/// The apparent indexes of `fit` on its own rows (`lp`, `y` are the fitted rows' linear predictor
/// and outcome): rms validate.lrm's `discrim(..., evalfit = TRUE)`.
inline accuracy_indexes apparent_indexes(const subset_fit& fit, const Eigen::VectorXd& lp, const Eigen::VectorXd& y) {
  accuracy_indexes m;
  const double n = static_cast<double>(y.size());
  m.dxy = detail::somers_dxy(lp, y);
  m.r2 = detail::nagelkerke(fit.lr_chi2, fit.null_deviance, n);
  m.d = (fit.lr_chi2 - 1) / n;
  m.u = -2 / n;
  m.q = m.d - m.u;
  m.brier = detail::brier(lp, y);
  m.g = detail::gini(lp);
  m.gp = detail::gini(lp.unaryExpr(&detail::expit));
  return m;
}

/// Test indexes, or why the recalibration fit behind them failed.
struct test_indexes_result {
  bool ok = false;
  std::string failure;       ///< empty when ok
  accuracy_indexes indexes;  ///< meaningful when ok
};

/// The test indexes of a linear predictor `lp` on rows with outcome `y`: rms validate.lrm's
/// `discrim(..., evalfit = FALSE)`, which refits the recalibration y ~ a + s·lp. `null_model` = the
/// model had no slopes (lp constant): intercept logit(ȳ), slope 1, as rms. Deliberate difference:
/// when the recalibration cannot be fitted (one outcome class in a cross-validation fold, no
/// convergence) the result is not ok and the caller skips the replicate; rms would use whatever
/// lrm.fit returned.

inline test_indexes_result test_indexes(const Eigen::VectorXd& lp, const Eigen::VectorXd& y, bool null_model,
                                        refit_rule rule = refit_rule::rms_lrm) {
  test_indexes_result out;
  const double n = static_cast<double>(y.size());
  const subset_fit recal = null_model ? fit_subset(Eigen::MatrixXd(y.size(), 0), y) : fit_subset(lp, y, rule);
  if (!recal.ok) {
    out.failure = "recalibration fit: " + recal.failure;
    return out;
  }
  accuracy_indexes& m = out.indexes;
  const double a = recal.coefficients(0);
  const double s = null_model ? 1.0 : recal.coefficients(1);
  m.dxy = detail::somers_dxy(lp, y);
  m.r2 = detail::nagelkerke(recal.lr_chi2, recal.null_deviance, n);
  m.intercept = a;
  m.slope = s;
  m.d = (recal.lr_chi2 - 1) / n;
  double l01 = 0;  // −2 log L of lp taken at face value
  for (Eigen::Index i = 0; i < lp.size(); ++i) l01 += y(i) * lp(i) - std::log(1 + std::exp(lp(i)));
  m.u = (-2 * l01 - recal.deviance - 2) / n;
  m.q = m.d - m.u;
  m.brier = detail::brier(lp, y);
  m.g = detail::gini(s * lp);
  m.gp = detail::gini((a + s * lp.array()).matrix().unaryExpr(&detail::expit));
  out.ok = true;
  return out;
}

}  // namespace nomo::resample
