#pragma once
// Refitting a logistic model on resampled rows with rms' failure semantics: a replicate whose
// outcome has one class, whose design has a constant or aliased column, or whose Newton iteration
// does not converge is a failed replicate (lrm.fit's `fail = TRUE`), never an exception.
// Shared by validate, calibrate, cross-validation and bootstrap inference.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/simd.hpp"
#include "nomo/glm/compact_fit.hpp"
#include "nomo/glm/fastbw.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/recalibration.hpp"
#include "nomo/model/term.hpp"

namespace nomo::resample {

/// A logistic fit on a subset of rows (and optionally of columns), reduced to what resampling uses.
struct subset_fit {
  bool ok = false;
  std::string failure;            ///< why the fit failed; empty when ok
  Eigen::VectorXd coefficients;   ///< intercept first, then one per used column
  Eigen::MatrixXd covariance;     ///< inverse information (for fastbw); same order
  double lr_chi2 = 0;             ///< null − model deviance
  double null_deviance = 0;       ///< −2 log L of the intercept-only model
  double deviance = 0;            ///< −2 log L of the model
  double n = 0;                   ///< rows used
};

/// Where a refit stops.
enum class refit_rule {
  /// As rms' lrm.fit (maxit 12, eps 0.025): Newton from (logit ȳ, 0) until two successive −2 log L
  /// differ by ≤ 0.025, then one more full step. rms' validate/calibrate numbers are computed at
  /// these estimates, which can be ~1e-7 away from the exact maximum for a recalibration fit; this
  /// rule reproduces them to ~1e-12.
  rms_lrm,
  /// Newton to machine precision (the exact maximum-likelihood estimates).
  exact_mle
};

namespace detail {

/// Requires `rule` to be one of refit_rule's enumerators.
inline void check_refit_rule(std::string_view function, std::string_view argument, refit_rule rule) {
  check_enum(function, argument, rule, {refit_rule::rms_lrm, refit_rule::exact_mle}, "refit_rule",
             "rms_lrm or exact_mle");
}

/// The fit options of a resampling refit: one thread (replicates are the parallel unit), the
/// estimates only (no per-row outputs or Wald table) and the stopping rule. rms_lrm is lrm.fit's
/// (maxit 12, eps 0.025: 11 passes, step halvings included, for the deviance to settle, then the
/// last step);
/// exact_mle stops at a Newton decrement whose following step leaves an error of order 1e-14.
inline glm::irls_options refit_options(refit_rule rule) {
  glm::irls_options o;
  o.threads = 1;
  o.on_aliased = glm::aliased_policy::report;
  o.estimates_only = true;
  if (rule == refit_rule::rms_lrm) {
    o.rule = glm::convergence_rule::deviance_change;
    o.deviance_tolerance = 0.025;
    o.max_iterations = 11;
  } else {
    o.epsilon = 1e-14;
    o.max_iterations = 30;
  }
  return o;
}

/// The logistic function 1 / (1 + e^−t) (R plogis).
inline double expit(double t) { return 1.0 / (1.0 + std::exp(-t)); }

/// Whether a 0/1 outcome (checked by the caller) has both classes: stops at the first value unlike
/// the first one, which in a bootstrap sample comes within a few rows (a full scan branches on
/// random outcomes).
inline bool has_both_classes(const Eigen::Ref<const Eigen::VectorXd>& y) {
  for (Eigen::Index i = 1; i < y.size(); ++i)
    if (y(i) != y(0)) return true;
  return false;
}

/// Why a refit did not converge. The compact and two-parameter engines leave separation, the usual
/// cause in bootstrap samples of small data sets, undiagnosed, so the failed fit is repeated by
/// fit_logistic, which names the separated columns and points to Firth's method; only failed
/// replicates pay for it. Falls back to the engine's own message when fit_logistic finds no
/// separation or refuses the sample.
inline std::string non_convergence_reason(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                          const glm::irls_options& options, const std::string& message) {
  glm::irls_options diagnosing = options;
  diagnosing.estimates_only = false;  // the separation report comes with the full result,
  diagnosing.covariance = true;       // which needs the covariance (validate's refits skip it)
  try {
    const glm::logistic_fit diagnosed = glm::fit_logistic(x, y, diagnosing);
    if (diagnosed.separation.detected) return "no convergence: " + diagnosed.separation.message;
  } catch (const invalid_input&) {
  } catch (const computation_error&) {
  }
  return "no convergence: " + message;
}

/// A one-column refit (the recalibration fits of validate, and one-predictor models) through the
/// two-parameter fit_recalibration, which gives fit_logistic's estimates at a fraction of the cost.
inline subset_fit fit_one_column(const Eigen::VectorXd& column, const Eigen::VectorXd& y, refit_rule rule,
                                 subset_fit out) {
  const glm::recalibration_fit fit = glm::fit_recalibration(column, y, refit_options(rule));
  if (!fit.converged) {
    out.failure = non_convergence_reason(column, y, refit_options(rule), fit.message);
    return out;
  }
  out.ok = true;
  // Element-wise: assigning a fixed 2-vector to a dynamic one trips GCC 12's -Warray-bounds in
  // Eigen's AVX-512 copy loop.
  out.coefficients.resize(2);
  out.coefficients << fit.intercept, fit.slope;
  out.covariance.resize(2, 2);
  out.covariance << fit.covariance(0, 0), fit.covariance(0, 1), fit.covariance(1, 0), fit.covariance(1, 1);
  out.lr_chi2 = fit.lr_chi2;
  out.deviance = fit.deviance;
  return out;
}

/// The buffers of both fitting engines, kept by a resampling worker between its refits.
struct fit_buffers {
  glm::logistic_workspace blocked;        ///< fit_logistic's, for big designs
  glm::detail::compact_workspace compact; ///< fit_compact's, for designs that stay in cache
};

/// A fit of a checked design with more than one column or with weights: fit_compact when the
/// design stays in cache (every bootstrap refit of a paper-sized model), fit_logistic beyond.
inline glm::logistic_fit fit_design(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                    const glm::irls_options& options, fit_buffers* buffers) {
  if (buffers == nullptr) {
    fit_buffers own;
    return fit_design(x, y, options, &own);
  }
  if (x.size() <= glm::detail::compact_design_values) {
    return glm::detail::fit_compact(x, y, options.prior_weights, options, buffers->compact);
  }
  return glm::fit_logistic(x, y, options, {}, buffers->blocked);
}

/// fit_subset with prior weights (`weights`, one per row, ≥ 0 with a positive sum; empty = 1
/// each); without `covariance` the result's covariance is left empty (the one-column path computes
/// it anyway). `buffers`, when given, lend the fit their memory.
inline subset_fit fit_weighted(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                               const Eigen::Ref<const Eigen::VectorXd>& weights, refit_rule rule, bool covariance = true,
                               fit_buffers* buffers = nullptr) {
  subset_fit out;
  const bool weighted = weights.size() > 0;
  out.n = weighted ? weights.sum() : static_cast<double>(y.size());
  if (!has_both_classes(y)) {
    out.failure = "the outcome has only one class in this sample";
    return out;
  }
  const double events = weighted ? weights.dot(y) : y.sum();
  out.null_deviance = glm::detail::intercept_only_deviance(events, out.n);
  if (x.cols() == 0) {
    const double m = events / out.n;
    out.ok = true;
    out.coefficients = Eigen::VectorXd::Constant(1, std::log(m / (1 - m)));
    out.covariance = Eigen::MatrixXd::Constant(1, 1, 1.0 / (out.n * m * (1 - m)));
    out.deviance = out.null_deviance;
    return out;
  }
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (x.col(j).maxCoeff() == x.col(j).minCoeff()) {
      out.failure = "singular design: column " + std::to_string(j) + " is constant in this sample";
      return out;
    }
  }
  if (x.cols() == 1 && !weighted) return fit_one_column(x.col(0), y, rule, out);
  glm::irls_options options = refit_options(rule);
  options.prior_weights = weights;
  options.covariance = covariance;
  const glm::logistic_fit fit = fit_design(x, y, options, buffers);
  if (fit.aliased.detected) {
    out.failure = "singular design: " + fit.aliased.message;
  } else if (!fit.converged) {
    out.failure = fit.separation.detected ? "no convergence: " + fit.separation.message
                                          : non_convergence_reason(x, y, options, fit.message);
  } else {
    out.ok = true;
    out.coefficients = fit.coefficients;
    out.covariance = fit.covariance;
    out.lr_chi2 = fit.lr_chi2;
    out.deviance = fit.deviance;
  }
  return out;
}

}  // namespace detail

/// Fits y ~ x by maximum likelihood (glm::fit_logistic's estimates; small designs go through the
/// compact engine of glm/compact_fit.hpp) and reports failure the way rms' lrm.fit does inside
/// validate/calibrate (fail = TRUE), so that the caller can skip the replicate. With zero columns
/// the intercept-only model is fitted in closed form (rms' `lrm.fit(y = y)`). Throws
/// invalid_input when y's length differs from x's rows or for an unknown rule; the values are the caller's to check
/// (resampling checks the data once, not in every replicate): non-finite values or fewer rows
/// than parameters make a failed fit, or an exception, depending on the engine.
inline subset_fit fit_subset(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                             refit_rule rule = refit_rule::rms_lrm) {
  check_same_size("resample::fit_subset", "y", static_cast<std::size_t>(y.size()), "x.rows()",
                  static_cast<std::size_t>(x.rows()));
  detail::check_refit_rule("resample::fit_subset", "rule", rule);
  return detail::fit_weighted(x, y, Eigen::VectorXd(), rule);
}

/// Rows `rows` (with repeats) and columns `columns` of x.
inline Eigen::MatrixXd take_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Eigen::Index>& rows,
                                 const std::vector<Eigen::Index>& columns) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j)
    for (std::size_t i = 0; i < rows.size(); ++i)
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = x(rows[i], columns[j]);
  return out;
}

/// Entries `rows` (with repeats) of v.
inline Eigen::VectorXd take_rows(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& rows) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) out(static_cast<Eigen::Index>(i)) = v(rows[i]);
  return out;
}

/// Linear predictor α + x[:, columns] β on all rows of x.
inline Eigen::VectorXd linear_predictor(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Eigen::Index>& columns,
                                        const Eigen::VectorXd& coefficients) {
  Eigen::VectorXd lp = Eigen::VectorXd::Constant(x.rows(), coefficients(0));
  for (std::size_t j = 0; j < columns.size(); ++j) lp += coefficients(static_cast<Eigen::Index>(j) + 1) * x.col(columns[j]);
  return lp;
}

/// The indices 0 … count − 1 (all rows or all columns).
inline std::vector<Eigen::Index> index_range(Eigen::Index count) {
  std::vector<Eigen::Index> c(static_cast<std::size_t>(count));
  for (Eigen::Index j = 0; j < count; ++j) c[static_cast<std::size_t>(j)] = j;
  return c;
}

namespace detail {

/// Requires every entry of `positions` to lie in [0, count), naming the first that does not.
inline void check_positions(std::string_view fn, std::string_view argument, const std::vector<Eigen::Index>& positions,
                            Eigen::Index count, const std::string& what) {
  for (std::size_t k = 0; k < positions.size(); ++k) {
    if (positions[k] < 0 || positions[k] >= count) {
      fail_input(fn, nomo::detail::element(argument, k), positions[k],
                 "is not " + what + " (0 to " + std::to_string(count - 1) + ")");
    }
  }
}

/// Buffers a resampling worker keeps between its refits (one workspace per thread): the sample's
/// row counts, its distinct rows as a weighted design, and the fitting engines' own buffers.
/// Allocating them anew in every W3 replicate cost ~5 % of validate's instructions and time.
struct refit_workspace {
  fit_buffers fit;
  std::vector<int> drawn;            ///< times each row of x was drawn
  std::vector<Eigen::Index> rows;    ///< the distinct drawn rows, increasing
  Eigen::VectorXd weights;           ///< their counts
  Eigen::MatrixXd design;            ///< their design rows (the first rows × used columns)
  Eigen::VectorXd outcome;           ///< their outcomes
};

/// Collects the distinct rows of a sample drawn with repeats into `ws.rows` (increasing) with
/// their counts in `ws.weights`; returns how many there are and whether any row repeats.
inline std::pair<Eigen::Index, bool> count_rows(const std::vector<Eigen::Index>& rows, Eigen::Index population,
                                                refit_workspace& ws) {
  const auto n = static_cast<std::size_t>(population);
  ws.drawn.assign(n, 0);
  for (const Eigen::Index r : rows) ++ws.drawn[static_cast<std::size_t>(r)];
  if (ws.weights.size() < population) ws.weights.resize(population);
  ws.rows.resize(n);
  // Every row is written and the position advances only past drawn ones: a bootstrap leaves out a
  // random ~37% of the rows, and a branch on that mispredicts on most rows.
  std::size_t distinct = 0;
  bool repeats = false;
  for (std::size_t r = 0; r < n; ++r) {
    ws.rows[distinct] = static_cast<Eigen::Index>(r);
    ws.weights(static_cast<Eigen::Index>(distinct)) = ws.drawn[r];
    distinct += ws.drawn[r] > 0;
    repeats |= ws.drawn[r] > 1;
  }
  return {static_cast<Eigen::Index>(distinct), repeats};
}

/// Copies rows ws.rows[0, m) and `columns` of (x, y) into the workspace's design and outcome.
inline void gather_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                        const std::vector<Eigen::Index>& columns, Eigen::Index m, refit_workspace& ws) {
  const auto c = static_cast<Eigen::Index>(columns.size());
  if (ws.design.rows() < m || ws.design.cols() < c) ws.design.resize(ws.weights.size(), std::max(c, x.cols()));
  if (ws.outcome.size() < m) ws.outcome.resize(ws.weights.size());
  for (Eigen::Index j = 0; j < c; ++j)
    for (Eigen::Index i = 0; i < m; ++i) ws.design(i, j) = x(ws.rows[static_cast<std::size_t>(i)], columns[static_cast<std::size_t>(j)]);
  for (Eigen::Index i = 0; i < m; ++i) ws.outcome(i) = y(ws.rows[static_cast<std::size_t>(i)]);
}

/// fit_rows without its argument checks (resampling checks its plan once, not in every replicate)
/// and with the covariance only when asked, in a worker's workspace. A sample with fewer distinct
/// rows than parameters fails (its information matrix is singular), as lrm.fit's would. One-column
/// models keep fit_weighted's two-parameter path when no row repeats.
inline subset_fit refit_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                             const std::vector<Eigen::Index>& rows, const std::vector<Eigen::Index>& columns,
                             refit_rule rule, bool covariance, refit_workspace& ws) {
  const auto [distinct, repeats] = count_rows(rows, x.rows(), ws);
  const auto parameters = static_cast<Eigen::Index>(columns.size()) + 1;
  if (distinct > 0 && distinct < parameters) {
    subset_fit out;
    out.n = static_cast<double>(rows.size());
    out.failure = "singular design: " + std::to_string(distinct) + " distinct rows for " +
                  std::to_string(parameters) + " parameters";
    return out;
  }
  const auto c = static_cast<Eigen::Index>(columns.size());
  gather_rows(x, y, columns, distinct, ws);
  const auto sample_x = ws.design.topLeftCorner(distinct, c);
  const auto sample_y = ws.outcome.head(distinct);
  if (!repeats) return fit_weighted(sample_x, sample_y, Eigen::VectorXd(), rule, covariance, &ws.fit);
  return fit_weighted(sample_x, sample_y, ws.weights.head(distinct), rule, covariance, &ws.fit);
}

}  // namespace detail

/// fit_subset on the sample of rows `rows` (drawn with repeats, e.g. a bootstrap replicate) and
/// columns `columns` of (x, y), without materialising the sample: a sample's likelihood is that of
/// its distinct rows weighted by how often each was drawn, so the fit reads each drawn row once
/// (a bootstrap sample holds ~63% of the rows) with its count as prior weight. The estimates are
/// those of the materialised sample; only the summation order, so the last bits, differ.
/// Throws invalid_input when y's length differs from x's rows, a row or column is out of range, or
/// for an unknown rule.
inline subset_fit fit_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                           const std::vector<Eigen::Index>& rows, const std::vector<Eigen::Index>& columns,
                           refit_rule rule = refit_rule::rms_lrm) {
  constexpr const char* fn = "resample::fit_rows";
  check_same_size(fn, "y", static_cast<std::size_t>(y.size()), "x.rows()", static_cast<std::size_t>(x.rows()));
  detail::check_positions(fn, "rows", rows, x.rows(), "a row of x");
  detail::check_positions(fn, "columns", columns, x.cols(), "a column of x");
  detail::check_refit_rule(fn, "rule", rule);
  detail::refit_workspace workspace;
  return detail::refit_rows(x, y, rows, columns, rule, true, workspace);
}

namespace detail {

/// Requires a finite design with at least 2 rows and a 0/1 outcome of matching length with both
/// classes (the data every resampling method starts from).
inline void check_model_data(std::string_view fn, const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y) {
  if (x.rows() < 2) fail_input(fn, "x.rows()", x.rows(), "must be at least 2");
  check_same_size(fn, "y", static_cast<std::size_t>(y.size()), "x.rows()", static_cast<std::size_t>(x.rows()));
  check_all_finite_matrix(fn, "x", x);
  check_binary(fn, "y", y);
  if (!has_both_classes(y)) fail_input(fn, "y", y(0), "all outcomes are equal: the model cannot be fitted");
}

/// Requires every factor's columns to be columns of a design with p columns.
inline void check_factors(std::string_view fn, const std::vector<model::term>& factors, Eigen::Index p) {
  for (std::size_t t = 0; t < factors.size(); ++t) {
    for (Eigen::Index c : factors[t].columns) {
      if (c < 0 || c >= p) fail_input(fn, nomo::detail::element("options.factors", t) + ".columns", c, "is not a column of x");
    }
  }
  glm::detail::check_disjoint_factors(fn, "options.factors", factors);
}

}  // namespace detail

/// How the model is (re)fitted in every replicate: optional fast backward step-down, and the
/// stopping rule of the fits.
struct model_selection {
  bool backward = false;
  glm::fastbw_options step_down;
  refit_rule fit_rule = refit_rule::rms_lrm;
};

namespace detail {

/// The model a fit ends up with: the columns used and their fit (after step-down when asked).
struct selected_model {
  subset_fit fit;
  std::vector<Eigen::Index> columns;
  std::vector<bool> kept_factors;
};

inline std::vector<model::term> default_factors(Eigen::Index p, const std::vector<std::string>& names) {
  std::vector<model::term> out(static_cast<std::size_t>(p));
  for (Eigen::Index j = 0; j < p; ++j) {
    out[static_cast<std::size_t>(j)].name = names.empty() ? "x" + std::to_string(j + 1) : names[static_cast<std::size_t>(j)];
    out[static_cast<std::size_t>(j)].columns = {j};
  }
  return out;
}

/// Fits on `rows` in workspace `ws`; with step-down, deletes factors by fastbw and refits the kept
/// columns exactly (intercept only when none is kept), as predab.resample does.
inline selected_model fit_selected(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                   const std::vector<Eigen::Index>& rows, const model_selection& options,
                                   const std::vector<model::term>& factors, refit_workspace& ws) {
  selected_model m;
  m.columns = index_range(x.cols());
  m.fit = refit_rows(x, y, rows, m.columns, options.fit_rule, options.backward, ws);  // fastbw needs the covariance
  m.kept_factors.assign(factors.size(), true);
  if (!m.fit.ok || !options.backward) return m;
  const auto bw = glm::fastbw(m.fit.coefficients, m.fit.covariance, factors, {}, options.step_down);
  m.kept_factors.assign(factors.size(), false);
  m.columns.clear();
  for (std::size_t t : bw.kept_factor_indices) m.kept_factors[t] = true;
  for (Eigen::Index parameter : bw.kept_parameters)
    if (parameter > 0) m.columns.push_back(parameter - 1);
  m.fit = refit_rows(x, y, rows, m.columns, options.fit_rule, false, ws);
  return m;
}

}  // namespace detail

}  // namespace nomo::resample
