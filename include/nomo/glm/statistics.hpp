#pragma once
// The model statistics rms::lrm prints under its coefficient table (rms-spec §2.4): likelihood
// ratio test, Nagelkerke and Maddala–Cox–Snell R² variants, Brier score, rank discrimination
// indexes (C, Dxy, gamma, tau-a) on lrm's 5001 probability cells, and the g-indexes; plus the
// exact rank concordance of Hmisc::somers2.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/glm/logistic.hpp"

namespace nomo::glm {

/// Rank concordance between predictions and a 0/1 outcome.
struct concordance {
  double c = 0.5;    ///< P(prediction of an event > of a non-event), ties counted ½ (= ROC AUC)
  double dxy = 0;    ///< Somers' Dxy = 2(C − ½)
  Eigen::Index n = 0;
  Eigen::Index n_events = 0;
};

/// What print(lrm_fit) reports besides the coefficients.
struct lrm_statistics {
  Eigen::Index n = 0, n_events = 0, n_nonevents = 0;
  double max_abs_score = 0;  ///< "Max Deriv"
  double lr_chi2 = 0;        ///< "Model L.R."
  int df = 0;
  double lr_p = 1;
  /// Binned into 5001 probability cells, as lrm; gamma is 0 when every (event, non-event) pair is tied.
  double c = 0.5, dxy = 0, gamma = 0, tau_a = 0;
  double r2 = 0;             ///< Nagelkerke: (1 − exp(−LR/n)) / (1 − exp(−L0/n))
  double r2_n = 0;           ///< 1 − exp(−LR/n)                      ("R2(n)")
  double r2_pn = 0;          ///< 1 − exp(−max(LR − p, 0)/n)          ("R2(p,n)")
  double n_effective = 0;    ///< n(1 − π0³ − π1³)
  double r2_neff = 0;        ///< R2(n) with n_effective             ("R2(n_eff)")
  double r2_pneff = 0;       ///< R2(p,n) with n_effective           ("R2(p,n_eff)")
  double brier = 0;          ///< mean (p − y)²
  double g = 0;              ///< Gini mean difference of the linear predictor
  double gr = 1;             ///< exp(g), the g-index on the odds-ratio scale
  double gp = 0;             ///< Gini mean difference of the fitted probabilities
};

namespace detail {

/// Concordant, discordant and tied (event, non-event) pairs over lrm's 5001 probability cells.
struct pair_counts {
  double concordant = 0, discordant = 0, tied = 0;
};

inline pair_counts binned_pairs(const Eigen::VectorXd& linear_predictor, const Eigen::Ref<const Eigen::VectorXd>& y) {
  constexpr int cells = 5001;
  std::vector<double> events(cells, 0.0), nonevents(cells, 0.0);
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    // lrm clamps the linear predictor to [−30, 30] before plogis.
    const double p = 1.0 / (1.0 + std::exp(-std::clamp(linear_predictor(i), -30.0, 30.0)));
    const auto cell = static_cast<std::size_t>(5000.0 * p + 1.0) - 1;
    (y(i) > 0.5 ? events : nonevents)[cell] += 1.0;
  }
  pair_counts counts;
  double nonevents_below = 0;
  const double nonevents_total = std::accumulate(nonevents.begin(), nonevents.end(), 0.0);
  for (std::size_t c = 0; c < cells; ++c) {
    counts.concordant += events[c] * nonevents_below;
    counts.tied += events[c] * nonevents[c];
    counts.discordant += events[c] * (nonevents_total - nonevents_below - nonevents[c]);
    nonevents_below += nonevents[c];
  }
  return counts;
}

inline std::vector<double> to_std(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

}  // namespace detail

/// Exact concordance index and Somers' Dxy of `predicted` against the 0/1 `outcome`: Hmisc
/// `somers2(predicted, outcome)` (mid-ranks for ties; unweighted). Equals the ROC AUC.
/// Throws invalid_input for different lengths, non-finite predictions, an outcome not 0/1 or
/// without both classes.
inline concordance somers2(const Eigen::Ref<const Eigen::VectorXd>& predicted, const Eigen::Ref<const Eigen::VectorXd>& outcome) {
  constexpr const char* fn = "glm::somers2";
  check_same_size(fn, "outcome", static_cast<std::size_t>(outcome.size()), "predicted",
                  static_cast<std::size_t>(predicted.size()));
  check_all_finite(fn, "predicted", predicted);
  check_binary(fn, "outcome", outcome);
  concordance out;
  out.n = predicted.size();
  out.n_events = static_cast<Eigen::Index>(outcome.sum());
  if (out.n_events == 0 || out.n_events == out.n) {
    fail_input(fn, "outcome", out.n_events == 0 ? "all 0" : "all 1", "needs both events and non-events");
  }
  // The events' mid-ranks, from the scores in R's order() (the one implementation that resampling's
  // indexes also use).
  const std::vector<std::size_t> order = nomo::detail::stable_order(predicted);
  std::vector<double> sorted_score(order.size()), sorted_outcome(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    sorted_score[k] = predicted(static_cast<Eigen::Index>(order[k]));
    sorted_outcome[k] = outcome(static_cast<Eigen::Index>(order[k]));
  }
  out.c = nomo::detail::c_index_of_sorted(sorted_score.data(), sorted_outcome.data(), order.size());
  out.dxy = 2.0 * (out.c - 0.5);
  return out;
}

/// The statistics print(lrm(...)) shows, computed from a fit and its 0/1 outcome: rms `lrm(...)$stats`
/// (rms 6.5). C/Dxy/gamma/tau-a use lrm's binning of probabilities into 5001 cells; use somers2()
/// for the exact C. Throws invalid_input when `y` does not belong to the fit (length, not 0/1,
/// another number of events) and
/// for fits with non-unit prior weights (lrm's weighted statistics are not reproduced).
inline lrm_statistics lrm_stats(const logistic_fit& fit, const Eigen::Ref<const Eigen::VectorXd>& y) {
  constexpr const char* fn = "glm::lrm_stats";
  check_same_size(fn, "y", static_cast<std::size_t>(y.size()), "fit.fitted",
                  static_cast<std::size_t>(fit.fitted.size()));
  check_binary(fn, "y", y);
  if (fit.weighted) {
    fail_input(fn, "fit.weighted", "true", "statistics of fits with prior weights other than 1 are not supported");
  }
  // The length alone lets another outcome of the same size through (1 − y, say).
  const auto events = static_cast<Eigen::Index>(y.sum());
  if (events != fit.n_events) {
    fail_input(fn, "y", std::to_string(events) + " events",
               "the fit was made from an outcome with " + std::to_string(fit.n_events) + " events: y is not its outcome");
  }
  lrm_statistics s;
  s.n = fit.n_obs;
  s.n_events = fit.n_events;
  s.n_nonevents = s.n - s.n_events;
  s.max_abs_score = fit.max_abs_score;
  s.lr_chi2 = fit.lr_chi2;
  s.df = fit.lr_df;
  s.lr_p = fit.lr_p;

  const auto n = static_cast<double>(s.n);
  s.r2 = (1.0 - std::exp(-fit.lr_chi2 / n)) / (1.0 - std::exp(-fit.null_deviance / n));
  const double pi1 = static_cast<double>(s.n_events) / n, pi0 = 1.0 - pi1;
  s.n_effective = n * (1.0 - pi0 * pi0 * pi0 - pi1 * pi1 * pi1);
  const double adjusted = std::max(fit.lr_chi2 - fit.lr_df, 0.0);
  s.r2_n = 1.0 - std::exp(-fit.lr_chi2 / n);
  s.r2_pn = 1.0 - std::exp(-adjusted / n);
  s.r2_neff = 1.0 - std::exp(-fit.lr_chi2 / s.n_effective);
  s.r2_pneff = 1.0 - std::exp(-adjusted / s.n_effective);
  s.brier = (fit.fitted - y).squaredNorm() / n;

  const auto pairs = detail::binned_pairs(fit.linear_predictor, y);
  const double total = pairs.concordant + pairs.discordant + pairs.tied;
  s.c = (pairs.concordant + pairs.tied / 2.0) / total;
  s.dxy = (pairs.concordant - pairs.discordant) / total;
  s.gamma = pairs.concordant + pairs.discordant > 0
                ? (pairs.concordant - pairs.discordant) / (pairs.concordant + pairs.discordant)
                : 0.0;
  s.tau_a = (pairs.concordant - pairs.discordant) / (n * (n - 1.0) / 2.0);

  s.g = gini_mean_difference(detail::to_std(fit.linear_predictor));
  s.gr = std::exp(s.g);
  s.gp = gini_mean_difference(detail::to_std(fit.fitted));
  return s;
}

}  // namespace nomo::glm
