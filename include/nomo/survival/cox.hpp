#pragma once
// Cox proportional-hazards regression, as survival::coxph(Surv(time, status) ~ x) fits it
// (Newton–Raphson of survival's coxfit6 with its step halving, convergence rule and centring), with
// Efron or Breslow handling of tied event times; and hazard-ratio curves of one term against a
// reference value (the paper's Fig. 3: rms::Predict(fit, x, ref.zero = TRUE, fun = exp)).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/model/term.hpp"
#include "nomo/spline/rcs.hpp"
#include "nomo/stats/groups.hpp"
#include "nomo/survival/concordance.hpp"
#include "nomo/survival/survival_data.hpp"

namespace nomo::survival {

/// How tied event times enter the partial likelihood (coxph's `ties`).
enum class cox_ties {
  efron,   ///< coxph's default
  breslow  ///< all tied events share one risk set
};

/// Options of fit_cox(); defaults are coxph.control()'s.
struct cox_options {
  cox_ties ties = cox_ties::efron;
  int max_iter = 20;          ///< iter.max
  double eps = 1e-9;          ///< convergence: |1 − loglik_old / loglik_new| ≤ eps
  double conf_level = 0.95;   ///< for the hazard-ratio confidence limits
  /// Case weights, one per row of the design (for a model frame: its rows, after incomplete ones
  /// were dropped), finite and > 0 as coxph requires (frequency or inverse-probability
  /// weights). As in coxph, a weight of k equals k copies of the row with Breslow ties but not with
  /// Efron's, which gives tied deaths their mean weight. Empty = all 1.
  Eigen::VectorXd weights{};
  /// Added to each row's linear predictor with coefficient 1 (coxph `offset()`), finite, one per row
  /// like `weights`. Empty = 0.
  Eigen::VectorXd offset{};
  /// The robust (sandwich) variance of coxph's `robust = TRUE` (Lin and Wei's, from the weighted
  /// dfbeta residuals) for the SEs, limits and Wald test, with coxph's robust score test. Unset =
  /// coxph's default: robust exactly when rows are clustered or some weight is not a whole number
  /// (inverse-probability weights).
  std::optional<bool> robust{};
  /// The cluster of each row (coxph `cluster()`), one label per row like `weights` (for a model
  /// frame: the labels at frame.rows, e.g. a patient id column's cells for the kept lesions): rows
  /// of one cluster, such as the lesions of one patient, need not be independent. The robust
  /// variance then adds up each cluster's weighted dfbeta residuals before the sandwich (Lin and
  /// Wei's grouped jackknife), and so does the robust score test. Empty = every row its own
  /// cluster. Clusters imply the robust variance; with robust = false they are refused (coxph
  /// ignores them with a warning).
  std::vector<std::string> cluster{};

  /// Whether the fit uses the robust variance (`robust`, or its default for these clusters and
  /// weights).
  bool uses_robust_variance() const {
    if (robust) return *robust;
    return !cluster.empty() || (weights.array() != weights.array().floor()).any();
  }

  /// Throws invalid_input for an unknown ties, and unless max_iter ≥ 1, eps > 0, 0 < conf_level < 1,
  /// weights finite and positive with a finite sum (naming the largest), offset finite, cluster
  /// labels present (not empty), and no clusters with robust = false.
  void validate() const {
    constexpr const char* fn = "survival::cox_options::validate";
    check_enum(fn, "ties", ties, {cox_ties::efron, cox_ties::breslow}, "cox_ties", "efron or breslow");
    if (max_iter < 1) fail_input(fn, "max_iter", max_iter, "must be at least 1");
    check_positive(fn, "eps", eps);
    check_open_unit(fn, "conf_level", conf_level);
    for (Eigen::Index i = 0; i < weights.size(); ++i) {
      check_positive(fn, nomo::detail::element("weights", static_cast<std::size_t>(i)), weights(i));
    }
    if (!std::isfinite(weights.sum())) {  // the risk sets' sums would be Inf and the log-likelihood NaN
      Eigen::Index largest = 0;
      weights.maxCoeff(&largest);
      fail_input(fn, nomo::detail::element("weights", static_cast<std::size_t>(largest)), weights(largest),
                 "weights this large overflow double in their sum");
    }
    check_all_finite(fn, "offset", offset);
    if (!cluster.empty() && robust && !*robust) {
      fail_input(fn, "robust", false, "cannot be asked for with clusters: they only enter the robust variance");
    }
    for (std::size_t i = 0; i < cluster.size(); ++i) {
      if (cluster[i].empty()) fail_input(fn, nomo::detail::element("cluster", i), cluster[i], "cluster label is missing");
    }
  }
};

/// A fitted Cox model: summary.coxph's tables and tests.
struct cox_fit {
  std::vector<std::string> names;   ///< one per coefficient
  /// Rows of a model frame left out because their time is missing (coxph's na.omit); 0 for fits
  /// from a matrix, which refuse missing times.
  std::size_t missing_time = 0;
  Eigen::VectorXd coefficients;     ///< log hazard ratios
  /// Variance of the estimate behind the SEs, limits and Wald test: the inverse information at the
  /// estimate, or the robust variance when `robust` (coxph's var).
  Eigen::MatrixXd covariance;
  Eigen::MatrixXd naive_covariance;  ///< the inverse information (coxph's naive.var), also when robust
  bool robust = false;               ///< covariance is the robust (sandwich) variance
  Eigen::VectorXd standard_errors;
  Eigen::VectorXd z;                ///< Wald z = coefficient / SE
  Eigen::VectorXd p_values;         ///< two-sided normal P of z
  Eigen::VectorXd hazard_ratios;    ///< exp(coefficient)
  Eigen::VectorXd hr_lower;         ///< exp(coefficient ∓ z·SE) at options.conf_level
  Eigen::VectorXd hr_upper;
  double log_likelihood_null = 0;   ///< log partial likelihood at β = 0
  double log_likelihood = 0;        ///< at the estimate
  double lr_chi_square = 0;         ///< 2 (loglik − loglik_null), df = number of coefficients
  double lr_p_value = 1;
  /// β' V⁻¹ β, exactly. coxph's printed Wald test (coxph.wtest) drops directions whose variance is
  /// below its toler.chol (e.g. a column in units 1000 times too small), so R can print less.
  double wald_chi_square = 0;
  double wald_p_value = 1;
  /// coxph's robust score test (fit$rscore, summary's "Robust"), when `robust`: U(0)' (S'S)⁻¹ U(0)
  /// with S the weighted score residuals at β = 0 (and no offset, as coxph takes them) added up by
  /// cluster, so it holds with correlated rows where the score test does not. 0 and P 1 when the
  /// fit is not robust.
  double robust_score_chi_square = 0;
  double robust_score_p_value = 1;
  /// U(0)' I(0)⁻¹ U(0), coxph's score test (for one binary column, the log-rank test only when no
  /// event times are tied; with ties it follows the `ties` method, as coxph's does)
  double score_chi_square = 0;
  double score_p_value = 1;
  int df = 0;                       ///< number of coefficients
  /// Newton–Raphson iterations used (coxph's iter); max_iter + 1 when the fit ran out of
  /// iterations, as coxph reports it then (its loop counter after the last pass)
  int iterations = 0;
  bool converged = false;           ///< false: max_iter reached; the estimate is the last step's
  std::size_t n = 0;                ///< subjects
  std::size_t events = 0;
  std::size_t clusters = 0;         ///< clusters of the robust variance (n without options.cluster); 0 when not robust
  Eigen::VectorXd means;            ///< centring values (coxph's means; 0 for columns of −1/0/1 only)
  /// Columns whose log-likelihood converged before their coefficient did (coxph's warning "Loglik
  /// converged before variable …; coefficient may be infinite"): a monotone likelihood, e.g. a
  /// covariate that separates events from non-events. Their estimates and SEs are meaningless.
  /// Empty for a regular fit.
  std::vector<Eigen::Index> may_be_infinite_columns;
  std::vector<std::string> may_be_infinite;  ///< the names of those columns
  std::vector<model::term> terms;   ///< the terms the columns came from (empty if none given)
  std::vector<std::string> strata;  ///< fit_cox_stratified: the strata, in R's factor() order; else empty
  /// Harrell's C of the linear predictor, within strata, weighted, its SE summed by cluster:
  /// coxph's fit$concordance (its counts, "concordance" and "std").
  concordance_result concordance;
  cox_options options;
};

/// Hazard ratio of a term's value against a reference value, with pointwise Wald limits.
struct hazard_ratio_curve {
  std::string term;                 ///< the term's name
  double reference = 0;             ///< value with HR = 1
  double conf_level = 0.95;         ///< of lower and upper
  std::vector<double> value;
  std::vector<double> log_hr;       ///< (b(v) − b(ref))' β over the term's columns
  std::vector<double> std_err;      ///< SE of log_hr from the fit's covariance
  std::vector<double> hr;
  std::vector<double> lower;
  std::vector<double> upper;
};

namespace detail {

/// Centred-and-scaled copy of the design, as coxfit6 uses it for numerical stability: columns whose
/// values are all −1, 0 or 1 (coxph's default nocenter) are left alone; others are centred at their
/// (weighted) mean and scaled by 1 / (weighted) mean |x − mean|.
struct cox_design {
  Eigen::MatrixXd x;       ///< rows by stratum, in decreasing time order within each
  Eigen::VectorXd time;    ///< decreasing within a stratum
  Eigen::VectorXd status;
  Eigen::VectorXd weight;  ///< case weights (1 without weights)
  Eigen::VectorXd offset;  ///< linear-predictor offsets less their stratum's mean (0 without)
  std::vector<std::size_t> stratum;  ///< stratum code of each row (all 0 without strata)
  std::vector<std::size_t> cluster;  ///< cluster code of each row (the row's input position without clusters)
  std::size_t clusters = 0;          ///< number of clusters
  Eigen::VectorXd means;
  Eigen::VectorXd scale;
  Eigen::VectorXd spread;  ///< (weighted) mean |x − mean| of each centred column (0 for the others)
};

/// The offset less its mean within each stratum (empty without an offset). A constant within a
/// stratum cancels from that stratum's partial likelihood, so the fit is the same, but exp() of a
/// large constant offset would overflow: coxph centres the offset at its overall mean for the same
/// reason (and refuses one whose exp() overflows before centring, which this does not).
inline Eigen::VectorXd centred_offset(const Eigen::VectorXd& offset, const stats::group_codes& strata) {
  if (offset.size() == 0) return offset;
  std::vector<double> sum(strata.levels.size(), 0.0), count(strata.levels.size(), 0.0);
  for (std::size_t i = 0; i < strata.codes.size(); ++i) {
    sum[strata.codes[i]] += offset(static_cast<Eigen::Index>(i));
    count[strata.codes[i]] += 1;
  }
  Eigen::VectorXd out(offset.size());
  for (std::size_t i = 0; i < strata.codes.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = offset(static_cast<Eigen::Index>(i)) - sum[strata.codes[i]] / count[strata.codes[i]];
  }
  return out;
}

inline bool nocenter_column(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Index j) {
  const auto v = x.col(j).array();
  return ((v == -1) || (v == 0) || (v == 1)).all();
}

inline cox_design make_cox_design(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& time,
                                  const std::vector<double>& status, const stats::group_codes& strata,
                                  const stats::group_codes& clusters, const Eigen::VectorXd& offset,
                                  const cox_options& options) {
  const ordered_times prepared = order_by_code_and_time(strata.codes, strata.levels.size(), time);
  const std::vector<double>& merged = prepared.time;
  const std::vector<std::size_t>& order = prepared.order;
  const auto n = x.rows(), p = x.cols();
  cox_design d{Eigen::MatrixXd(n, p),
               Eigen::VectorXd(n),
               Eigen::VectorXd(n),
               Eigen::VectorXd(n),
               Eigen::VectorXd(n),
               std::vector<std::size_t>(static_cast<std::size_t>(n)),
               std::vector<std::size_t>(static_cast<std::size_t>(n)),
               clusters.codes.empty() ? static_cast<std::size_t>(n) : clusters.levels.size(),
               Eigen::VectorXd::Zero(p),
               Eigen::VectorXd::Ones(p),
               Eigen::VectorXd::Zero(p)};
  for (Eigen::Index r = 0; r < n; ++r) {
    const std::size_t i = order[static_cast<std::size_t>(n - 1 - r)];
    const auto row = static_cast<Eigen::Index>(i);
    d.x.row(r) = x.row(row);
    d.time(r) = merged[i];
    d.status(r) = status[i];
    d.weight(r) = options.weights.size() > 0 ? options.weights(row) : 1.0;
    d.offset(r) = offset.size() > 0 ? offset(row) : 0.0;
    d.stratum[static_cast<std::size_t>(r)] = strata.codes[i];
    d.cluster[static_cast<std::size_t>(r)] = clusters.codes.empty() ? i : clusters.codes[i];
  }
  const double total_weight = d.weight.sum();
  for (Eigen::Index j = 0; j < p; ++j) {
    if (nocenter_column(x, j)) continue;
    d.means(j) = d.weight.dot(d.x.col(j)) / total_weight;
    d.x.col(j).array() -= d.means(j);
    const double spread = d.weight.dot(d.x.col(j).cwiseAbs());
    d.spread(j) = spread / total_weight;
    d.scale(j) = spread > 0 ? total_weight / spread : 1.0;
    d.x.col(j) *= d.scale(j);
  }
  return d;
}

/// Log partial likelihood, score and information at β (coxfit6's inner loop): risk sets are built
/// from the largest time down, anew in each stratum, tied events handled by Efron's or Breslow's
/// approximation. With case weights, each row's risk is weighted, and each of d tied deaths carries
/// their mean weight in the Efron terms, as coxfit6 does.
struct cox_state {
  double log_likelihood = 0;
  Eigen::VectorXd score;
  Eigen::MatrixXd information;
};

inline cox_state cox_evaluate(const cox_design& d, const Eigen::VectorXd& beta, cox_ties ties) {
  const auto n = d.x.rows(), p = d.x.cols();
  cox_state s{0, Eigen::VectorXd::Zero(p), Eigen::MatrixXd::Zero(p, p)};
  const Eigen::VectorXd eta = d.x * beta + d.offset;
  double denom = 0;
  Eigen::VectorXd a = Eigen::VectorXd::Zero(p), a_dead(p), xbar(p);
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(p, p), c_dead(p, p);
  const auto stratum = [&d](Eigen::Index r) { return d.stratum[static_cast<std::size_t>(r)]; };
  for (Eigen::Index i = 0; i < n;) {
    if (i > 0 && stratum(i) != stratum(i - 1)) {  // a new stratum: its risk sets start empty
      denom = 0;
      a.setZero();
      c.setZero();
    }
    double denom_dead = 0, deaths = 0, dead_weight = 0;
    a_dead.setZero();
    c_dead.setZero();
    Eigen::Index j = i;
    for (; j < n && d.time(j) == d.time(i) && stratum(j) == stratum(i); ++j) {
      const double risk = std::exp(eta(j)) * d.weight(j);
      denom += risk;
      a += risk * d.x.row(j).transpose();
      c.selfadjointView<Eigen::Lower>().rankUpdate(d.x.row(j).transpose(), risk);
      if (d.status(j) == 1) {
        deaths += 1;
        dead_weight += d.weight(j);
        denom_dead += risk;
        a_dead += risk * d.x.row(j).transpose();
        c_dead.selfadjointView<Eigen::Lower>().rankUpdate(d.x.row(j).transpose(), risk);
        s.log_likelihood += d.weight(j) * eta(j);
        s.score += d.weight(j) * d.x.row(j).transpose();
      }
    }
    const double mean_dead_weight = deaths > 0 ? dead_weight / deaths : 0.0;
    for (int k = 0; k < static_cast<int>(deaths); ++k) {
      // Efron: the k-th of the tied deaths sees the risk set minus k/d of the dying subjects.
      const double share = ties == cox_ties::efron ? k / deaths : 0.0;
      const double d2 = denom - share * denom_dead;
      xbar = (a - share * a_dead) / d2;
      s.log_likelihood -= mean_dead_weight * std::log(d2);
      s.score -= mean_dead_weight * xbar;
      // Only the lower triangles of c and c_dead are kept (rankUpdate); the upper one is dropped below.
      s.information.noalias() += mean_dead_weight * ((c - share * c_dead) / d2 - xbar * xbar.transpose());
    }
    i = j;
  }
  s.information = Eigen::MatrixXd(s.information.selfadjointView<Eigen::Lower>());
  return s;
}

/// Thrown by newton_step for a singular information matrix; fit_cox_in_strata turns it into a
/// computation_error naming the columns (a std::runtime_error, so that a caller that missed it
/// still gets a message).
struct singular_information : std::runtime_error {
  explicit singular_information(std::vector<Eigen::Index> singular)
      : std::runtime_error("nomo::survival::fit_cox: the information matrix is singular"), columns(std::move(singular)) {}
  std::vector<Eigen::Index> columns;  ///< the columns coxph's cholesky2 would set aside, in column order
};

/// The columns survival's cholesky2 finds singular, in column order: those whose pivot, after the
/// earlier non-singular columns are swept out, is below `tolerance`. coxph reports these as NA
/// ("X matrix deemed to be singular; variable j").
inline std::vector<Eigen::Index> singular_columns(Eigen::MatrixXd a, double tolerance) {
  const Eigen::Index p = a.rows();
  std::vector<Eigen::Index> singular;
  for (Eigen::Index i = 0; i < p; ++i) {
    const double pivot = a(i, i);
    if (!std::isfinite(pivot) || pivot < tolerance) {
      singular.push_back(i);
      continue;
    }
    for (Eigen::Index j = i + 1; j < p; ++j) {
      const double ratio = a(j, i) / pivot;
      for (Eigen::Index k = j; k < p; ++k) a(k, j) -= ratio * a(k, i);
    }
  }
  return singular;
}

/// Solves I·step = U; throws singular_information when I is singular (aliased columns).
inline Eigen::VectorXd newton_step(const cox_state& s) {
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(s.information);
  // cholesky2's eps: toler.chol times the largest positive diagonal, or toler.chol itself when no
  // diagonal is positive (every column constant), so that such columns are still named.
  const double largest = std::max(0.0, s.information.diagonal().maxCoeff());
  const double toler = std::pow(std::numeric_limits<double>::epsilon(), 0.75);
  const double tolerance = largest > 0 ? toler * largest : toler;
  if (ldlt.info() != Eigen::Success || (ldlt.vectorD().array() <= tolerance).any()) {
    throw singular_information(singular_columns(s.information, tolerance));
  }
  return ldlt.solve(s.score);
}

/// The computation_error for a singular information matrix, naming the columns set aside.
[[noreturn]] inline void fail_singular(const char* fn, const singular_information& singular,
                                       const std::vector<std::string>& names) {
  std::string columns;
  for (const Eigen::Index j : singular.columns) {
    columns += (columns.empty() ? "" : ", ") + names[static_cast<std::size_t>(j)] + " (column " + std::to_string(j + 1) + ")";
  }
  throw computation_error(fn, "the information matrix is singular" +
                                  (columns.empty() ? std::string() : " at " + columns) +
                                  ": such a column is collinear with earlier ones (aliased), or does not vary among the "
                                  "subjects at risk at any event time; coxph reports its coefficient as NA, nomo asks "
                                  "for a design without it");
}

/// Fills the coefficient table and the three global tests from the estimate on the original scale.
inline void finish_cox_fit(cox_fit& fit, const cox_state& null_state, const cox_design& d) {
  const Eigen::VectorXd null_step = newton_step(null_state);
  fit.score_chi_square = null_step.dot(null_state.score);
  fit.df = static_cast<int>(fit.coefficients.size());
  fit.standard_errors = fit.covariance.diagonal().cwiseSqrt();
  fit.z = fit.coefficients.cwiseQuotient(fit.standard_errors);
  const double zq = nomo::detail::two_sided_z(fit.options.conf_level);
  fit.p_values = fit.z.unaryExpr([](double v) { return nomo::detail::two_sided_normal_p(v); });
  // std::exp, not Eigen's vectorised exp, which clamps its argument and so never underflows to 0.
  const auto exp = [](double v) { return std::exp(v); };
  fit.hazard_ratios = fit.coefficients.unaryExpr(exp);
  fit.hr_lower = (fit.coefficients - zq * fit.standard_errors).unaryExpr(exp);
  fit.hr_upper = (fit.coefficients + zq * fit.standard_errors).unaryExpr(exp);
  fit.lr_chi_square = 2 * (fit.log_likelihood - fit.log_likelihood_null);
  fit.wald_chi_square = fit.coefficients.dot(fit.covariance.ldlt().solve(fit.coefficients));
  fit.lr_p_value = nomo::detail::chi_square_upper(fit.lr_chi_square, fit.df);
  fit.wald_p_value = nomo::detail::chi_square_upper(fit.wald_chi_square, fit.df);
  fit.score_p_value = nomo::detail::chi_square_upper(fit.score_chi_square, fit.df);
  fit.n = static_cast<std::size_t>(d.x.rows());
  fit.events = static_cast<std::size_t>(d.status.sum());
  fit.means = d.means;
}

/// coxph.fit's test for a monotone likelihood after a converged fit: the Newton step still to take
/// from the estimate, V·U (U the score there, in the original units, V the inverse information also
/// when the fit reports the robust variance), is above eps and above
/// toler.inf = √eps times the coefficient.
inline std::vector<Eigen::Index> diverging_columns(const cox_fit& fit, const Eigen::VectorXd& score) {
  const double eps = fit.options.eps, toler_inf = std::sqrt(eps);
  const Eigen::VectorXd remaining = (fit.naive_covariance * score).cwiseAbs();  // the Newton step: never robust
  std::vector<Eigen::Index> out;
  for (Eigen::Index j = 0; j < remaining.size(); ++j) {
    if (remaining(j) > eps && remaining(j) > toler_inf * std::fabs(fit.coefficients(j))) out.push_back(j);
  }
  return out;
}

/// The hazard sums of one group of rows with the same time (and stratum), from coxph's Efron or
/// Breslow approximation: each of its d deaths k = 0..d−1 sees the risk set minus k/d of the dying
/// subjects, with hazard increment h_k = (mean death weight) / (its risk sum) and mean x̄_k.
struct tie_group_hazard {
  Eigen::Index begin = 0, end = 0;
  double hazard = 0;          ///< Σ h_k, felt by the subjects who survive the time
  double own_hazard = 0;      ///< Σ (1 − k/d) h_k, felt by the subjects who die at it (Efron)
  Eigen::VectorXd hazard_x;   ///< Σ h_k x̄_k
  Eigen::VectorXd own_hazard_x;
  Eigen::VectorXd mean_xbar;  ///< the mean of the x̄_k: each death's expected covariates
};

/// coxph's score residuals (residuals(fit, "score"), unweighted) at β, in the design's row order
/// and scaled units: a subject's observed minus expected covariates at its own death, minus its
/// share of every hazard increment while at risk. Σ w_i L_i is the score.
inline Eigen::MatrixXd score_residuals(const cox_design& d, const Eigen::VectorXd& beta, cox_ties ties) {
  const auto n = d.x.rows(), p = d.x.cols();
  const Eigen::VectorXd eta = d.x * beta + d.offset;
  const Eigen::VectorXd risk = eta.unaryExpr([](double v) { return std::exp(v); });
  const auto stratum = [&d](Eigen::Index r) { return d.stratum[static_cast<std::size_t>(r)]; };
  std::vector<tie_group_hazard> groups;
  double denom = 0;
  Eigen::VectorXd a = Eigen::VectorXd::Zero(p);
  for (Eigen::Index i = 0; i < n;) {  // decreasing time: risk sets grow row by row
    if (i > 0 && stratum(i) != stratum(i - 1)) {
      denom = 0;
      a.setZero();
    }
    tie_group_hazard g{i, i, 0, 0, Eigen::VectorXd::Zero(p), Eigen::VectorXd::Zero(p), Eigen::VectorXd::Zero(p)};
    double deaths = 0, dead_weight = 0, denom_dead = 0;
    Eigen::VectorXd a_dead = Eigen::VectorXd::Zero(p);
    for (; g.end < n && d.time(g.end) == d.time(i) && stratum(g.end) == stratum(i); ++g.end) {
      const double w_risk = d.weight(g.end) * risk(g.end);
      denom += w_risk;
      a += w_risk * d.x.row(g.end).transpose();
      if (d.status(g.end) == 1) {
        deaths += 1;
        dead_weight += d.weight(g.end);
        denom_dead += w_risk;
        a_dead += w_risk * d.x.row(g.end).transpose();
      }
    }
    for (int k = 0; k < static_cast<int>(deaths); ++k) {
      const double share = ties == cox_ties::efron ? k / deaths : 0.0;
      const double d2 = denom - share * denom_dead;
      const Eigen::VectorXd xbar = (a - share * a_dead) / d2;
      const double h = dead_weight / deaths / d2;
      g.hazard += h;
      g.hazard_x += h * xbar;
      g.own_hazard += (1 - share) * h;
      g.own_hazard_x += (1 - share) * h * xbar;
      g.mean_xbar += xbar / deaths;
    }
    groups.push_back(std::move(g));
    i = groups.back().end;
  }
  Eigen::MatrixXd residuals(n, p);
  double cumulative = 0;  // hazard from this group's time down to the stratum's last time
  Eigen::VectorXd cumulative_x = Eigen::VectorXd::Zero(p);
  for (auto g = groups.rbegin(); g != groups.rend(); ++g) {  // increasing time
    if (g != groups.rbegin() && stratum(g->begin) != stratum((g - 1)->begin)) {
      cumulative = 0;
      cumulative_x.setZero();
    }
    cumulative += g->hazard;
    cumulative_x += g->hazard_x;
    for (Eigen::Index r = g->begin; r < g->end; ++r) {
      const Eigen::VectorXd x = d.x.row(r).transpose();
      if (d.status(r) == 1) {
        const double felt = cumulative - g->hazard + g->own_hazard;
        const Eigen::VectorXd felt_x = cumulative_x - g->hazard_x + g->own_hazard_x;
        residuals.row(r) = (x - g->mean_xbar - risk(r) * (x * felt - felt_x)).transpose();
      } else {
        residuals.row(r) = (-risk(r) * (x * cumulative - cumulative_x)).transpose();
      }
    }
  }
  return residuals;
}

/// The weighted score residuals w_i L_i at β, added up within each cluster (coxph's residuals with
/// weighted = TRUE and collapse = cluster): one row per cluster.
inline Eigen::MatrixXd cluster_score_sums(const cox_design& d, const Eigen::VectorXd& beta, cox_ties ties) {
  const Eigen::MatrixXd residuals = d.weight.asDiagonal() * score_residuals(d, beta, ties);
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d.clusters), residuals.cols());
  for (Eigen::Index r = 0; r < residuals.rows(); ++r) {
    sums.row(static_cast<Eigen::Index>(d.cluster[static_cast<std::size_t>(r)])) += residuals.row(r);
  }
  return sums;
}

/// coxph's robust variance in scaled units: Σ_c D_cᵀ D_c over the clusters' dfbeta sums
/// D_c = (Σ_{i in c} w_i L_i) V, V the inverse information (coxph: t(dfbeta) %*% dfbeta with
/// weighted = TRUE, collapse = cluster).
inline Eigen::MatrixXd robust_covariance(const cox_design& d, const Eigen::VectorXd& beta, const Eigen::MatrixXd& naive,
                                         cox_ties ties) {
  const Eigen::MatrixXd dfbeta = cluster_score_sums(d, beta, ties) * naive;
  return dfbeta.transpose() * dfbeta;
}

/// coxph's robust score test (fit$rscore): U' (SᵀS)⁻¹ U with S the clusters' weighted score-residual
/// sums at β = 0 and U = Σ_c S_c. coxph takes those residuals at linear predictors 0, leaving out
/// any offset, and so does this. The statistic does not depend on the design's centring and
/// scaling.
inline double robust_score_test(cox_design d, cox_ties ties) {
  d.offset.setZero();
  const Eigen::MatrixXd sums = cluster_score_sums(d, Eigen::VectorXd::Zero(d.x.cols()), ties);
  const Eigen::VectorXd u = sums.colwise().sum().transpose();
  return u.dot((sums.transpose() * sums).ldlt().solve(u));
}

/// coxfit6's Newton–Raphson: full steps while the likelihood rises, halving back towards the last
/// accepted β when it falls; stop at the first non-halving step whose relative change is ≤ eps.
inline cox_fit newton_raphson(const cox_design& d, const cox_options& options) {
  const auto p = d.x.cols();
  cox_fit fit;
  fit.options = options;
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  const cox_state null_state = cox_evaluate(d, beta, options.ties);
  fit.log_likelihood_null = null_state.log_likelihood;
  double accepted = null_state.log_likelihood;
  Eigen::VectorXd next = beta + newton_step(null_state);
  cox_state state = null_state;
  bool halving = false;
  for (fit.iterations = 1; fit.iterations <= options.max_iter; ++fit.iterations) {
    state = cox_evaluate(d, next, options.ties);
    if (std::fabs(1 - accepted / state.log_likelihood) <= options.eps && !halving) {
      fit.converged = true;
      break;
    }
    if (fit.iterations == options.max_iter) break;
    if (state.log_likelihood < accepted) {
      halving = true;
      next = (next + beta) / 2;
    } else {
      halving = false;
      accepted = state.log_likelihood;
      beta = next;
      next = beta + newton_step(state);
    }
  }
  if (!fit.converged) fit.iterations = options.max_iter + 1;  // coxph's iter when it ran out
  fit.log_likelihood = state.log_likelihood;
  const Eigen::MatrixXd covariance = state.information.ldlt().solve(Eigen::MatrixXd::Identity(p, p));
  fit.coefficients = next.cwiseProduct(d.scale);
  fit.covariance = d.scale.asDiagonal() * covariance * d.scale.asDiagonal();
  fit.naive_covariance = fit.covariance;
  if (options.uses_robust_variance()) {
    fit.robust = true;
    fit.covariance = d.scale.asDiagonal() * robust_covariance(d, next, covariance, options.ties) * d.scale.asDiagonal();
    fit.clusters = d.clusters;
  }
  finish_cox_fit(fit, null_state, d);
  if (fit.robust) {
    fit.robust_score_chi_square = robust_score_test(d, options.ties);
    fit.robust_score_p_value = nomo::detail::chi_square_upper(fit.robust_score_chi_square, fit.df);
  }
  if (fit.converged) fit.may_be_infinite_columns = diverging_columns(fit, state.score.cwiseQuotient(d.scale));
  return fit;
}

}  // namespace detail

namespace detail {

/// Requires exp(offset less its stratum's mean) times the total weight, a bound on the risk sums at
/// β = 0, to be finite; names the first offset beyond it.
inline void check_offset_spread(const char* fn, const cox_options& options, const Eigen::VectorXd& centred) {
  const double total_weight = options.weights.size() > 0 ? options.weights.sum() : static_cast<double>(centred.size());
  for (Eigen::Index i = 0; i < centred.size(); ++i) {
    if (!std::isfinite(std::exp(centred(i)) * total_weight)) {
      fail_input(fn, nomo::detail::element("options.offset", static_cast<std::size_t>(i)), options.offset(i),
                 "lies " + nomo::detail::describe(centred(i)) + " above its stratum's mean offset: exp() of that, "
                 "times the total weight, overflows double (coxph: offsets must lead to a finite risk score)");
    }
  }
}

/// The design's centring scales each column by 1 / (its mean |x − mean|) and the variance by that
/// scale squared: outside [1e-150, 1e150] the coefficient or its variance is no longer a normal
/// double (subnormal x gives NaN, x of 1e200 an SE of 0), so such a column is refused.
inline void check_column_spreads(const char* fn, const cox_design& d, const std::vector<std::string>& names) {
  for (Eigen::Index j = 0; j < d.spread.size(); ++j) {
    const double spread = d.spread(j);
    if (spread != 0 && !(spread >= 1e-150 && spread <= 1e150)) {
      fail_input(fn, "x column " + names[static_cast<std::size_t>(j)] + " (mean |x - mean|)", spread,
                 "must lie in [1e-150, 1e150] for the coefficient and its variance to be doubles: rescale the column");
    }
  }
}

/// Throws computation_error when valid input still gave a non-finite likelihood, test or
/// coefficient, or a standard error that is not positive, rather than return them.
inline void check_fit_finite(const char* fn, const cox_fit& fit) {
  const bool finite = std::isfinite(fit.log_likelihood_null) && std::isfinite(fit.log_likelihood) &&
                      std::isfinite(fit.lr_chi_square) && std::isfinite(fit.score_chi_square) &&
                      fit.coefficients.allFinite() && fit.standard_errors.allFinite() &&
                      (fit.naive_covariance.diagonal().array() > 0).all();
  if (!finite) {
    throw computation_error(fn, "the fit overflowed or underflowed double (log-likelihood " +
                                    nomo::detail::describe(fit.log_likelihood) + ", score test " +
                                    nomo::detail::describe(fit.score_chi_square) +
                                    "): rescale the covariates or the weights");
  }
}

/// coxph's concordance: of the linear predictors (design centring and offset, constant within a
/// stratum, leave it unchanged) with the design's tie-fixed times, weights, strata and clusters.
inline concordance_result concordance_at_fit(const cox_design& d, const Eigen::VectorXd& coefficients) {
  const Eigen::VectorXd lp = d.x * coefficients.cwiseQuotient(d.scale) + d.offset;
  const auto n = static_cast<std::size_t>(d.x.rows());
  std::vector<std::size_t> increasing(n);  // the design runs by stratum, times decreasing within each
  for (std::size_t r = 0; r < n; ++r) increasing[r] = n - 1 - r;
  return concordance_of(concordance_rows{n, d.time.data(), d.status.data(), lp.data(), d.weight.data(), d.stratum.data(),
                                         d.cluster.data(), d.clusters, increasing});
}

/// fit_cox's checks and fit, with the rows' strata (a single group without strata).
inline cox_fit fit_cox_in_strata(const char* fn, const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& time,
                                 const std::vector<double>& status, const stats::group_codes& strata,
                                 const cox_options& options, std::vector<std::string> names, std::vector<model::term> terms) {
  check_survival_data(fn, time, status);
  check_same_size(fn, "x.rows()", static_cast<std::size_t>(x.rows()), "time", time.size());
  if (x.cols() == 0) fail_input(fn, "x.cols()", 0, "needs at least one column");
  check_all_finite_matrix(fn, "x", x);
  options.validate();
  if (options.weights.size() > 0) {
    check_same_size(fn, "options.weights", static_cast<std::size_t>(options.weights.size()), "time", time.size());
  }
  if (options.offset.size() > 0) {
    check_same_size(fn, "options.offset", static_cast<std::size_t>(options.offset.size()), "time", time.size());
  }
  if (!options.cluster.empty()) check_same_size(fn, "options.cluster", options.cluster.size(), "time", time.size());
  double events = 0;
  for (double s : status) events += s;
  if (events == 0) fail_input(fn, "status", "all 0", "no events: the partial likelihood is constant");
  if (names.empty()) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) names.push_back("x" + std::to_string(j + 1));
  }
  check_same_size(fn, "names", names.size(), "x.cols()", static_cast<std::size_t>(x.cols()));
  for (const auto& term : terms) {
    for (const auto column : term.columns) {
      if (column < 0 || column >= x.cols()) fail_input(fn, "terms[" + term.name + "].columns", column, "is not a column of x");
    }
  }
  const stats::group_codes clusters =
      options.cluster.empty() ? stats::group_codes{} : stats::group_by_label(fn, "options.cluster", options.cluster);
  const Eigen::VectorXd offset = centred_offset(options.offset, strata);
  check_offset_spread(fn, options, offset);
  const cox_design design = make_cox_design(x, time, status, strata, clusters, offset, options);
  check_column_spreads(fn, design, names);
  cox_fit fit;
  try {
    fit = newton_raphson(design, options);
  } catch (const singular_information& singular) {
    fail_singular(fn, singular, names);
  }
  check_fit_finite(fn, fit);
  fit.concordance = concordance_at_fit(design, fit.coefficients);
  fit.names = std::move(names);
  for (const Eigen::Index j : fit.may_be_infinite_columns) fit.may_be_infinite.push_back(fit.names[static_cast<std::size_t>(j)]);
  fit.terms = std::move(terms);
  fit.strata = strata.levels.size() > 1 ? strata.levels : std::vector<std::string>{};
  return fit;
}

}  // namespace detail

/// Fits coxph(Surv(time, status) ~ x, ties) to the design `x` (one column per coefficient, no
/// intercept). `names` labels the columns (x1, x2, ... when empty); `terms` (optional) records which
/// columns belong to which model term, for hazard_ratio_curve() and reports.
/// Deliberate differences from coxph: a singular information matrix (aliased columns) throws
/// computation_error instead of dropping columns with NA coefficients. Case weights, an offset
/// and clusters come with the options (strata: fit_cox_stratified).
/// Non-convergence is reported in `converged`, not thrown.
/// Throws invalid_input: sizes that differ (also options.weights / options.offset /
/// options.cluster against the rows), no rows or no columns, non-finite x, a column whose mean
/// |x − mean| lies outside [1e-150, 1e150], negative or non-finite time, status other than 0/1, no
/// events, invalid options (also weights whose sum overflows), `names` of the wrong length, an
/// offset whose exp() overflows once its stratum's mean is taken off.
/// Throws computation_error: a singular information matrix (naming the columns coxph would set
/// aside as NA), or a fit that still overflows double.
/// An offset is centred within each stratum, which leaves the fit unchanged: a constant offset
/// gives the fit without it (coxph centres at the overall mean but first refuses an offset above
/// about 709, whose exp() overflows).
inline cox_fit fit_cox(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& time,
                       const std::vector<double>& status, const cox_options& options = {},
                       std::vector<std::string> names = {}, std::vector<model::term> terms = {}) {
  return detail::fit_cox_in_strata("survival::fit_cox", x, time, status, stats::single_group(time.size()), options,
                                   std::move(names), std::move(terms));
}

/// Stratified Cox model: coxph(Surv(time, status) ~ x + strata(stratum), ties). Each stratum has its
/// own baseline hazard (risk sets never mix strata); the coefficients are shared. Strata are the
/// distinct labels of `stratum` in R's factor() order (recorded in the fit's `strata`). Centring, tests
/// and the "may be infinite" check are coxph's.
/// Throws invalid_input as fit_cox(), and for a `stratum` of another length or with a missing
/// (empty) label.
inline cox_fit fit_cox_stratified(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& time,
                                  const std::vector<double>& status, const std::vector<std::string>& stratum,
                                  const cox_options& options = {}, std::vector<std::string> names = {},
                                  std::vector<model::term> terms = {}) {
  constexpr const char* fn = "survival::fit_cox_stratified";
  check_same_size(fn, "stratum", stratum.size(), "time", time.size());
  const stats::group_codes strata = stats::group_by_label(fn, "stratum", stratum);
  return detail::fit_cox_in_strata(fn, x, time, status, strata, options, std::move(names), std::move(terms));
}

namespace detail {

/// A model frame's rows that have a survival time, as coxph's na.omit keeps them: a row whose time
/// is missing is left out (the frame's spline knots stay where make_frame placed them, on every
/// non-missing value, as R's model.frame places them before dropping rows).
struct timed_rows {
  std::vector<Eigen::Index> kept;  ///< positions in the frame's rows
  std::vector<double> time;        ///< their times
  std::size_t missing = 0;         ///< frame rows without a time
};

inline timed_rows frame_times(const char* fn, const model::model_frame& frame, const io::column& time) {
  if (!time.is_numeric()) fail_input(fn, "time", time.name, "must be a numeric column");
  timed_rows out;
  for (std::size_t k = 0; k < frame.rows.size(); ++k) {
    const std::size_t row = frame.rows[k];
    if (row >= time.size()) fail_input(fn, "time.size()", time.size(), "is shorter than the frame's table");
    if (time.missing[row]) {
      ++out.missing;
      continue;
    }
    const double t = time.numbers[row];
    if (!std::isfinite(t) || t < 0) {
      fail_input(fn, "column \"" + time.name + "\" row " + std::to_string(row) + " (0-based table row)", t,
                 "must be finite and non-negative, or missing (NA)");
    }
    out.kept.push_back(static_cast<Eigen::Index>(k));
    out.time.push_back(t);
  }
  return out;
}

/// The frame's design, outcome and per-row options on the rows `timed` keeps. Per-row options
/// (weights, offset, cluster) must be given for the frame's rows and are taken on the same rows.
struct timed_design {
  Eigen::MatrixXd x;
  std::vector<double> status;
  cox_options options;
};

inline timed_design on_timed_rows(const char* fn, const model::model_frame& frame, const timed_rows& timed,
                                  const cox_options& options) {
  const auto frame_rows = static_cast<Eigen::Index>(frame.rows.size());
  const auto check_rows = [&](const char* argument, std::size_t size) {
    if (size != 0) check_same_size(fn, argument, size, "frame.rows", frame.rows.size());
  };
  check_rows("options.weights", static_cast<std::size_t>(options.weights.size()));
  check_rows("options.offset", static_cast<std::size_t>(options.offset.size()));
  check_rows("options.cluster", options.cluster.size());
  timed_design out{frame.x(timed.kept, Eigen::all), {}, options};
  for (const Eigen::Index k : timed.kept) out.status.push_back(frame.y(k));
  if (options.weights.size() == frame_rows) out.options.weights = options.weights(timed.kept);
  if (options.offset.size() == frame_rows) out.options.offset = options.offset(timed.kept);
  if (static_cast<Eigen::Index>(options.cluster.size()) == frame_rows) {
    out.options.cluster.clear();
    for (const Eigen::Index k : timed.kept) out.options.cluster.push_back(options.cluster[static_cast<std::size_t>(k)]);
  }
  return out;
}

/// The strata of the kept frame rows from a cohort column, in R's factor() order: labels collated,
/// numbers by value and named as R's as.character() names them (2, 10, 1e+05).
inline stats::group_codes frame_strata(const char* fn, const model::model_frame& frame, const timed_rows& timed,
                                       const io::column& stratum) {
  std::vector<std::string> labels;
  std::vector<double> numbers;
  for (const Eigen::Index k : timed.kept) {
    const std::size_t row = frame.rows[static_cast<std::size_t>(k)];
    if (row >= stratum.size()) fail_input(fn, "stratum.size()", stratum.size(), "is shorter than the frame's table");
    if (stratum.missing[row]) {
      fail_input(fn, "column \"" + stratum.name + "\" row " + std::to_string(row) + " (0-based table row)", "NA", "a stratum is missing");
    }
    if (stratum.is_numeric()) numbers.push_back(stratum.numbers[row]);
    else labels.push_back(stratum.labels[row]);
  }
  if (stratum.is_numeric()) return stats::group_by_value(fn, "stratum", numbers);
  return stats::group_by_label(fn, "stratum", labels);
}

}  // namespace detail

/// Fits a Cox model to a model frame whose outcome is the event indicator (status 0/1), e.g.
/// make_frame(cohort, {"death", {rcs("gtv_cc", 4), continuous("age")}}): the design, column names
/// and terms come from the frame, and the times are `time` (a numeric cohort column) at the frame's
/// rows. R: coxph(Surv(time, death) ~ rcs(gtv_cc, 4) + age, data). Rows whose time is missing are
/// left out, as coxph's na.omit leaves them (counted in cox_fit::missing_time); per-row options
/// (weights, offset, cluster) are given for the frame's rows and taken on the rows kept.
/// Throws invalid_input: `time` not numeric or shorter than the table the frame came from, a
/// negative or non-finite time on a frame row, per-row options not of one value per frame row; and
/// as fit_cox() above.
inline cox_fit fit_cox(const model::model_frame& frame, const io::column& time, const cox_options& options = {}) {
  constexpr const char* fn = "survival::fit_cox";
  const detail::timed_rows timed = detail::frame_times(fn, frame, time);
  const detail::timed_design design = detail::on_timed_rows(fn, frame, timed, options);
  cox_fit fit = fit_cox(design.x, timed.time, design.status, design.options, frame.column_names, frame.terms);
  fit.missing_time = timed.missing;
  return fit;
}

/// fit_cox_stratified on a model frame, with the strata from the cohort column `stratum` (labels,
/// or numbers named as R's as.character()) at the frame's rows. R: coxph(Surv(time, death) ~ ... +
/// strata(stratum), data).
/// Rows whose time is missing are left out as in the frame's fit_cox().
/// Throws invalid_input as the frame's fit_cox(), and for a `stratum` column shorter than the table
/// or missing on a frame row.
inline cox_fit fit_cox_stratified(const model::model_frame& frame, const io::column& time, const io::column& stratum,
                                  const cox_options& options = {}) {
  constexpr const char* fn = "survival::fit_cox_stratified";
  const detail::timed_rows timed = detail::frame_times(fn, frame, time);
  const detail::timed_design design = detail::on_timed_rows(fn, frame, timed, options);
  const stats::group_codes strata = detail::frame_strata(fn, frame, timed, stratum);
  cox_fit fit = detail::fit_cox_in_strata(fn, design.x, timed.time, design.status, strata, design.options, frame.column_names,
                                          frame.terms);
  fit.missing_time = timed.missing;
  return fit;
}

namespace detail {

/// A term's design columns for one value: the value itself (continuous) or its spline basis (rcs).
inline Eigen::VectorXd term_columns(const model::term& term, double value) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(term.columns.size()));
  if (term.kind == model::term_kind::rcs) {
    spline::rcs_spline_basis<double>(term.knots).row(value, out.data());
  } else {
    out(0) = value;
  }
  return out;
}

}  // namespace detail

/// Hazard ratio of `term` at each of `values` against `reference`, other terms held fixed, with
/// Wald limits at `conf_level` (rms: Predict(fit, term, ref.zero = TRUE, fun = exp); here from the
/// coxph covariance). Only continuous and rcs terms have a curve.
/// Throws invalid_input: a term the fit does not know, a term of another kind, non-finite values or
/// reference, conf_level outside (0, 1).
inline hazard_ratio_curve hazard_ratio_curve_of(const cox_fit& fit, const std::string& term_name,
                                                const std::vector<double>& values, double reference,
                                                double conf_level = 0.95) {
  constexpr const char* fn = "survival::hazard_ratio_curve_of";
  const model::term* term = nullptr;
  for (const auto& t : fit.terms) {
    if (t.name == term_name) term = &t;
  }
  if (term == nullptr) fail_input(fn, "term_name", term_name, "is not a term of the fit");
  if (term->kind != model::term_kind::continuous && term->kind != model::term_kind::rcs) {
    fail_input(fn, "term_name", term_name, "must be a continuous or rcs term to have a curve");
  }
  check_all_finite(fn, "values", values);
  check_finite(fn, "reference", reference);
  check_open_unit(fn, "conf_level", conf_level);
  const auto k = static_cast<Eigen::Index>(term->columns.size());
  Eigen::VectorXd beta(k);
  Eigen::MatrixXd covariance(k, k);
  for (Eigen::Index a = 0; a < k; ++a) {
    beta(a) = fit.coefficients(term->columns[static_cast<std::size_t>(a)]);
    for (Eigen::Index b = 0; b < k; ++b) {
      covariance(a, b) = fit.covariance(term->columns[static_cast<std::size_t>(a)], term->columns[static_cast<std::size_t>(b)]);
    }
  }
  const double zq = nomo::detail::two_sided_z(conf_level);
  const Eigen::VectorXd at_reference = detail::term_columns(*term, reference);
  hazard_ratio_curve curve{term_name, reference, conf_level, values, {}, {}, {}, {}, {}};
  for (double v : values) {
    const Eigen::VectorXd contrast = detail::term_columns(*term, v) - at_reference;
    const double log_hr = contrast.dot(beta);
    const double se = std::sqrt(contrast.dot(covariance * contrast));
    curve.log_hr.push_back(log_hr);
    curve.std_err.push_back(se);
    curve.hr.push_back(std::exp(log_hr));
    curve.lower.push_back(std::exp(log_hr - zq * se));
    curve.upper.push_back(std::exp(log_hr + zq * se));
  }
  return curve;
}

}  // namespace nomo::survival
