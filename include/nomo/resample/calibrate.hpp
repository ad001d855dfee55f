#pragma once
// Bootstrap overfitting-corrected calibration curve of a logistic model: rms::calibrate (method =
// "boot", the default lowess smoother) and the error summary plot.calibrate prints. rms-spec.md §4.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/lowess.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/resample/bootstrap.hpp"
#include "nomo/resample/refit.hpp"

namespace nomo::resample {

/// Options of calibrate. Defaults are rms::calibrate's (bw = FALSE, 50 grid points).
struct calibrate_options {
  bool backward = false;                  ///< fast backward step-down in every fit (rms `bw`)
  glm::fastbw_options step_down;          ///< as validate_options::step_down (`force` names factors)
  std::vector<model::term> factors;       ///< factors for the step-down; empty = one per column
  refit_rule fit_rule = refit_rule::rms_lrm;
  runner_options runner;                  ///< threads and progress
  /// Predicted probabilities at which the curves are estimated (rms `predy`), in (0, 1). Any order
  /// and repeats are accepted, as rms accepts them; the curves follow the grid's order (draw an
  /// increasing grid). Empty = rms' 50 equally spaced points from the 5th smallest to the 5th
  /// largest prediction.
  std::vector<double> grid;

  /// Throws invalid_input for bad step-down/runner options, an unknown fit_rule or a grid value
  /// outside (0, 1).
  void validate() const {
    step_down.validate();
    runner.validate();
    detail::check_refit_rule("resample::calibrate_options::validate", "fit_rule", fit_rule);
    check_all_open_unit("resample::calibrate_options::validate", "grid", grid);
  }
};

/// rms' calibration error summary over the subjects (plot.calibrate's printed line).
struct calibration_errors {
  std::size_t n = 0;          ///< subjects (rms prints this n, including those outside the grid)
  std::size_t n_outside = 0;  ///< subjects whose prediction lies outside the grid (no error computed)
  /// mean |p̂ − corrected(p̂)| over the others ("Mean absolute error"); this and the next two are NaN
  /// when no subject has an error (e.g. a grid of one tied value, where R's plot.calibrate stops)
  double mean_absolute = 0;
  double mean_squared = 0;    ///< mean squared error
  double quantile90 = 0;      ///< type-7 0.9 quantile of the absolute errors
};

/// The calibration curves on the grid of predicted probabilities.
struct calibration_curve {
  std::vector<double> predicted;  ///< grid of predicted probabilities (rms predy)
  std::vector<double> apparent;   ///< lowess of the outcome on the model's predictions (calibrated.orig)
  /// apparent − optimism (calibrated.corrected). NaN only where n == 0 (no replicate covered the point).
  std::vector<double> corrected;
  std::vector<double> training;   ///< mean over replicates of (smooth on own sample − grid)
  std::vector<double> test;       ///< mean over replicates of (smooth on the original data − grid)
  std::vector<double> optimism;   ///< training − test
  std::vector<double> index_apparent;   ///< apparent − predicted (rms index.orig)
  std::vector<double> index_corrected;  ///< index_apparent − optimism (rms index.corrected)
  std::vector<std::size_t> n;     ///< replicates that contributed at each grid point
  std::vector<double> fitted;     ///< the model's predicted probability for every subject (for rugs)
  calibration_errors errors;      ///< error summary of the corrected curve
  replicate_counts replicates;    ///< replicates run, succeeded, failed (and why)
};

namespace detail {

/// Predicted probabilities with their outcomes, in R's order(p): increasing, ties in input order.
struct ordered_sample {
  std::vector<double> p;
  std::vector<double> y;
};

/// The subjects' probabilities expit(lp) with their outcomes, sorted, and the order that sorted them.
/// `hint`, when not empty, is a similar model's order of the subjects (a replicate's refit ranks
/// them almost as the full-data model does), from which an insertion sort finds the same order.
inline std::vector<std::size_t> order_subjects(const Eigen::VectorXd& lp, const Eigen::VectorXd& y,
                                               const std::vector<std::size_t>& hint, std::vector<double>& p,
                                               ordered_sample& out) {
  const auto n = static_cast<std::size_t>(lp.size());
  p.resize(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = expit(lp(static_cast<Eigen::Index>(i)));
  std::vector<std::size_t> order = hint.empty() ? nomo::detail::stable_order(p) : nomo::detail::stable_order_near(p, hint);
  out.p.resize(n);
  out.y.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    out.p[k] = p[order[k]];
    out.y[k] = y(static_cast<Eigen::Index>(order[k]));
  }
  return order;
}

/// A bootstrap sample of the subjects (rows drawn with repeats) in R's order(p), from the subjects'
/// own order instead of a second sort: a counting sort of the sample positions by the rank of their
/// subject's group of equal p, which keeps equal p in sample order, as order() does.
inline void order_sample(const std::vector<double>& p, const Eigen::VectorXd& y, const std::vector<std::size_t>& order,
                         const std::vector<Eigen::Index>& rows, ordered_sample& out) {
  std::vector<std::size_t> group(p.size());
  std::size_t groups = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k > 0 && p[order[k]] != p[order[k - 1]]) ++groups;
    group[order[k]] = groups;
  }
  std::vector<std::size_t> start(groups + 2, 0);
  for (const Eigen::Index r : rows) ++start[group[static_cast<std::size_t>(r)] + 1];
  for (std::size_t g = 1; g < start.size(); ++g) start[g] += start[g - 1];
  out.p.resize(rows.size());
  out.y.resize(rows.size());
  for (const Eigen::Index r : rows) {
    const std::size_t position = start[group[static_cast<std::size_t>(r)]]++;
    out.p[position] = p[static_cast<std::size_t>(r)];
    out.y[position] = y(r);
  }
}

/// rms calibrate's cal.error on a sample in order(p): approx(lowess(p, y, iter = 0), xout = grid,
/// ties = first) − grid, NaN outside the range of p.
inline std::vector<double> smooth_minus_grid(const ordered_sample& sample, const std::vector<double>& grid) {
  lowess_options smoother;
  smoother.iterations = 0;
  std::vector<double> smooth;
  nomo::detail::lowess_sorted(sample.p, sample.y, smoother, smooth);
  std::vector<double> out;
  // The smooth's x is sorted; a sorted grid (rms' default) is then interpolated in one walk.
  const bool walk = sample.p.front() < sample.p.back() && std::is_sorted(grid.begin(), grid.end());
  if (walk) nomo::detail::approx_sorted_first(sample.p, smooth, grid, out);
  else out = approx(sample.p, smooth, grid, approx_ties::first);
  for (std::size_t k = 0; k < out.size(); ++k) out[k] -= grid[k];
  return out;
}

/// Training and test (smooth − grid) of one replicate.
struct calibration_replicate {
  std::vector<double> training;
  std::vector<double> test;
};

/// plot.calibrate's error summary: errors at each subject's prediction against the corrected curve
/// interpolated with ties = mean; grid points with NaN (n == 0) are left out, as R's approx drops NA.
/// With fewer than two distinct grid values left (heavily tied predictions: the 5th smallest and
/// 5th largest are equal) there is nothing to interpolate, where R's plot.calibrate stops: every
/// subject counts as outside and the errors are NaN.
inline calibration_errors summarise_errors(const std::vector<double>& fitted, const std::vector<double>& grid,
                                           const std::vector<double>& corrected) {
  std::vector<double> gx, gy;
  for (std::size_t k = 0; k < grid.size(); ++k) {
    if (std::isnan(corrected[k])) continue;
    gx.push_back(grid[k]);
    gy.push_back(corrected[k]);
  }
  calibration_errors e;
  e.n = fitted.size();
  std::vector<double> abs_err;
  const bool interpolable = gx.size() >= 2 && *std::max_element(gx.begin(), gx.end()) > *std::min_element(gx.begin(), gx.end());
  if (interpolable) {
    const std::vector<double> at = approx(gx, gy, fitted, approx_ties::mean);
    for (std::size_t i = 0; i < fitted.size(); ++i) {
      if (std::isnan(at[i])) continue;
      abs_err.push_back(std::abs(fitted[i] - at[i]));
      e.mean_absolute += abs_err.back();
      e.mean_squared += abs_err.back() * abs_err.back();
    }
  }
  e.n_outside = fitted.size() - abs_err.size();
  if (abs_err.empty()) {
    e.mean_absolute = e.mean_squared = e.quantile90 = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  e.mean_absolute /= static_cast<double>(abs_err.size());
  e.mean_squared /= static_cast<double>(abs_err.size());
  std::sort(abs_err.begin(), abs_err.end());
  e.quantile90 = quantile_sorted(abs_err, 0.9);
  return e;
}

/// rms' default grid: 50 points from the 5th smallest to the 5th largest prediction.
inline std::vector<double> default_grid(std::vector<double> fitted) {
  std::sort(fitted.begin(), fitted.end());
  return seq_length(fitted[4], fitted[fitted.size() - 5], 50);
}

/// Averages the replicates per grid point over those where both training and test are defined.
inline void aggregate_curve(const replicate_run<calibration_replicate>& run, calibration_curve& c) {
  const std::size_t m = c.predicted.size();
  c.training.assign(m, 0.0);
  c.test.assign(m, 0.0);
  c.n.assign(m, 0);
  for (const auto& r : run.replicates) {
    if (r.status != replicate_status::ok) continue;
    for (std::size_t k = 0; k < m; ++k) {
      if (std::isnan(r.value.training[k] + r.value.test[k])) continue;
      c.training[k] += r.value.training[k];
      c.test[k] += r.value.test[k];
      ++c.n[k];
    }
  }
  c.optimism.resize(m);
  c.corrected.resize(m);
  c.index_corrected.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    const double count = static_cast<double>(c.n[k]);
    c.training[k] = c.n[k] ? c.training[k] / count : std::numeric_limits<double>::quiet_NaN();
    c.test[k] = c.n[k] ? c.test[k] / count : std::numeric_limits<double>::quiet_NaN();
    c.optimism[k] = c.training[k] - c.test[k];
    c.corrected[k] = c.apparent[k] - c.optimism[k];
    c.index_corrected[k] = c.index_apparent[k] - c.optimism[k];
  }
}

/// calibrate() on a stored or drawn plan (see bootstrap.hpp).
template <class Plan>
calibration_curve calibrate_plan(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y, const Plan& plan,
                                 const calibrate_options& options) {
  constexpr const char* fn = "resample::calibrate";
  options.validate();
  check_model_data(fn, x, y);
  if (x.cols() == 0) {
    fail_input(fn, "x.cols()", 0, "the model has no predictors: every subject has the same prediction, so there is no curve");
  }
  check_factors(fn, options.factors, x.cols());
  check_stored_plan(fn, plan, x.rows());
  if (options.grid.empty() && x.rows() <= 10) fail_input(fn, "x.rows()", x.rows(), "must exceed 10 unless options.grid is given");
  const auto factors = options.factors.empty() ? default_factors(x.cols(), {}) : options.factors;
  const model_selection selection{options.backward, options.step_down, options.fit_rule};
  // As rms: the grid and the subjects' predictions come from the full model, the apparent curve
  // from the (stepped-down) model the replicates imitate.
  // One workspace per worker; the runner is told that count (see run_validation).
  std::vector<refit_workspace> workspaces(options.runner.threads_for(plan.replicates()));
  runner_options runner = options.runner;
  runner.threads = static_cast<int>(workspaces.size());
  const auto full =
      fit_selected(x, y, index_range(x.rows()), model_selection{false, {}, options.fit_rule}, factors, workspaces.front());
  if (!full.fit.ok) throw computation_error(fn, "the model cannot be fitted to the full data: " + full.fit.failure);
  const auto original =
      options.backward ? fit_selected(x, y, index_range(x.rows()), selection, factors, workspaces.front()) : full;
  if (!original.fit.ok) throw computation_error(fn, "the stepped-down model cannot be fitted: " + original.fit.failure);
  const Eigen::VectorXd full_lp = linear_predictor(x, full.columns, full.fit.coefficients);
  calibration_curve c;
  for (Eigen::Index i = 0; i < full_lp.size(); ++i) c.fitted.push_back(expit(full_lp(i)));
  c.predicted = options.grid.empty() ? default_grid(c.fitted) : options.grid;
  std::vector<double> p;
  ordered_sample sample;
  const std::vector<std::size_t> original_order =
      order_subjects(linear_predictor(x, original.columns, original.fit.coefficients), y, {}, p, sample);
  if (sample.p.front() == sample.p.back()) {
    throw computation_error(fn, std::string(original.columns.empty() ? "the step-down keeps no factor, so " : "") +
                                    "the model predicts the same probability, " + nomo::detail::describe(sample.p.front()) +
                                    ", for every subject: there is no calibration curve to smooth (rms stops here too)");
  }
  c.index_apparent = smooth_minus_grid(sample, c.predicted);
  c.apparent.resize(c.predicted.size());
  for (std::size_t k = 0; k < c.predicted.size(); ++k) c.apparent[k] = c.index_apparent[k] + c.predicted[k];
  const auto run = run_plan<calibration_replicate>(plan, [&](const std::vector<Eigen::Index>& rows, std::size_t,
                                                             unsigned worker) {
    const auto m = fit_selected(x, y, rows, selection, factors, workspaces[worker]);
    if (!m.fit.ok) return replicate_failed<calibration_replicate>(m.fit.failure);
    // The test sample is every subject; the training sample, the replicate's rows, is ordered from it.
    std::vector<double> p_b;
    ordered_sample test, training;
    const auto order = order_subjects(linear_predictor(x, m.columns, m.fit.coefficients), y, original_order, p_b, test);
    order_sample(p_b, y, order, rows, training);
    return replicate_ok(
        calibration_replicate{smooth_minus_grid(training, c.predicted), smooth_minus_grid(test, c.predicted)});
  }, runner);
  require_successes(fn, run.counts);
  c.replicates = run.counts;
  aggregate_curve(run, c);
  c.errors = summarise_errors(c.fitted, c.predicted, c.corrected);
  return c;
}

}  // namespace detail

/// Bootstrap overfitting-corrected calibration curve: rms `calibrate(lrm_fit, B, bw, ...)` with
/// method = "boot". On the grid of predicted probabilities, the apparent curve is the lowess
/// (f = 2/3, no robustness iterations) of y on the model's predictions; each replicate refits on its
/// rows and measures (smooth − grid) on its own sample (training) and on the original data (test);
/// corrected = apparent − (mean training − mean test). `errors` is what plot.calibrate prints
/// (mean absolute error, mean squared error, 0.9 quantile). Failed replicates are skipped and counted.
/// Differences from rms: none in the numbers; a replicate whose smoother cannot run (all predictions
/// equal) is counted as failed where rms would stop with an error.
/// Throws invalid_input for bad x/y/options, an x without columns, n ≤ 10 without a grid, or a plan
/// for another number of rows; computation_error when the full-data fit fails, the (stepped-down) model predicts one
/// probability for every subject (a step-down that keeps no factor), or every replicate failed.
inline calibration_curve calibrate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                   const index_plan& plan, const calibrate_options& options = {}) {
  return detail::calibrate_plan(x, y, plan, options);
}

/// calibrate() on a plan drawn from `plan` options (B, seed, generator, stratification). With
/// plan.generator = index_generator::r_compatible and plan.seed = R's set.seed value, the rows are
/// those rms' calibrate draws after set.seed, so the curves are rms'; the default generator is
/// nomo's portable one.
inline calibration_curve calibrate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                   const plan_options& plan, const calibrate_options& options = {}) {
  detail::check_model_data("resample::calibrate", x, y);
  return detail::with_plan(y, plan, [&](const auto& rows_plan) { return detail::calibrate_plan(x, y, rows_plan, options); });
}

/// calibrate() of the model a frame encodes (rms: calibrate(lrm(formula, x = TRUE, y = TRUE), B,
/// bw)): the frame's terms are the step-down's factors unless options.factors is given. `Plan` is
/// an index_plan or plan_options.
template <class Plan>
calibration_curve calibrate(const model::model_frame& frame, const Plan& plan, calibrate_options options = {}) {
  if (options.factors.empty()) options.factors = frame.terms;
  return calibrate(frame.x, frame.y, plan, options);
}

}  // namespace nomo::resample
