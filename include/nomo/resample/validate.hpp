#pragma once
// Optimism-corrected validation of a logistic model by the bootstrap: rms::validate.lrm with
// method = "boot" (predab.resample), optionally with fast backward step-down inside every replicate
// (bw = TRUE). rms-spec.md §3.

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/glm/fastbw.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/model/term.hpp"
#include "nomo/resample/bootstrap.hpp"
#include "nomo/resample/indexes.hpp"
#include "nomo/resample/refit.hpp"

namespace nomo::resample {

/// Options of validate and cross_validate. Defaults are rms::validate.lrm's (bw = FALSE,
/// rule = "aic", type = "residual", sls = 0.05, aics = 0).
struct validate_options {
  /// Repeat fast backward step-down (glm::fastbw) in every fit, rms `bw = TRUE`.
  bool backward = false;
  /// rule, type, sls, aics, force of the step-down. `force` names factors (rms takes positions,
  /// which after an earlier deletion point at other factors: where rms then warns "force probably
  /// does not work", its numbers and nomo's differ; see glm::fastbw).
  glm::fastbw_options step_down;
  /// The factors the step-down deletes whole (design columns per factor, e.g. from the model frame's
  /// terms). Empty = every design column is its own factor, named by `column_names`.
  std::vector<model::term> factors;
  std::vector<std::string> column_names;  ///< one per design column; empty = x1, x2, ...
  runner_options runner;                  ///< threads and progress
  /// Where every fit stops: rms' lrm.fit rule (reproduces rms) or the exact maximum likelihood.
  refit_rule fit_rule = refit_rule::rms_lrm;

  /// Throws invalid_input for bad step-down or runner options or an unknown fit_rule.
  void validate() const {
    step_down.validate();
    runner.validate();
    detail::check_refit_rule("resample::validate_options::validate", "fit_rule", fit_rule);
  }
};

/// One row of rms' validate table.
struct validation_index {
  double original = 0;   ///< index.orig: the model on the data it was fitted to
  double training = 0;   ///< mean over replicates of the index on the replicate's own sample
  double test = 0;       ///< mean over replicates of the replicate model applied to the original data
  double optimism = 0;   ///< training − test
  double corrected = 0;  ///< original − optimism
  std::size_t n = 0;     ///< replicates that contributed (successful, index defined)
};

/// The result of validate / cross_validate.
struct validation {
  validation_index dxy, c, r2, intercept, slope, emax, d, u, q, brier, g, gp;  ///< c = 0.5 + Dxy/2
  replicate_counts replicates;  ///< how many replicates ran, succeeded, failed (and why)
  /// With backward step-down: factor names, the factors kept in the original model, and one row per
  /// successful replicate saying which factors it kept (rms' "Factors Retained in Backwards
  /// Elimination"), with the frequency of the number of factors retained (index = count).
  std::vector<std::string> factor_names;
  std::vector<std::string> original_kept_factors;
  Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> retained;
  std::vector<std::size_t> retained_count_frequency;
};

namespace detail {

inline model_selection selection_of(const validate_options& o) { return {o.backward, o.step_down, o.fit_rule}; }

/// Training and test indexes of one replicate, and the factors it kept.
struct split_indexes {
  accuracy_indexes training;
  accuracy_indexes test;
  std::vector<bool> kept_factors;
};

/// One replicate: fit on `train` (with repeats), apparent indexes there, test indexes on `test`.
/// `original_order` (the rows in the order of the full-data model's predictor) seeds the sort;
/// `ws` is the worker's refit workspace.
inline replicate<split_indexes> evaluate_split(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                               const std::vector<Eigen::Index>& train,
                                               const std::vector<Eigen::Index>& test,
                                               const std::vector<std::size_t>& original_order,
                                               const validate_options& options,
                                               const std::vector<model::term>& factors, refit_workspace& ws) {
  const selected_model m = fit_selected(x, y, train, selection_of(options), factors, ws);
  if (!m.fit.ok) return replicate_failed<split_indexes>(m.fit.failure);
  const Eigen::VectorXd lp = linear_predictor(x, m.columns, m.fit.coefficients);
  const std::vector<std::size_t> order = rows_by_predictor(lp, original_order);  // one sort for both row sets
  split_indexes s;
  s.kept_factors = m.kept_factors;
  s.training = apparent_of_sorted(m.fit, sorted_rows(lp, y, order, train));
  const test_indexes_result t = test_of_sorted(sorted_rows(lp, y, order, test), m.columns.empty(), options.fit_rule);
  if (!t.ok) return replicate_failed<split_indexes>(t.failure);
  s.test = t.indexes;
  return replicate_ok(std::move(s));
}

/// The members of accuracy_indexes and validation in the same order, for aggregation.
inline constexpr double accuracy_indexes::* index_members[] = {
    &accuracy_indexes::dxy, &accuracy_indexes::r2, &accuracy_indexes::intercept, &accuracy_indexes::slope,
    &accuracy_indexes::d,   &accuracy_indexes::u,  &accuracy_indexes::q,         &accuracy_indexes::brier,
    &accuracy_indexes::g,   &accuracy_indexes::gp};
inline constexpr validation_index validation::* row_members[] = {
    &validation::dxy, &validation::r2, &validation::intercept, &validation::slope, &validation::d,
    &validation::u,   &validation::q,  &validation::brier,     &validation::g,     &validation::gp};

/// rms' Emax: the largest |p − plogis(a + s·logit p)| over p = 0, 0.0005, …, 1.
inline double emax(double a, double s) {
  double best = 0;
  for (int i = 0; i <= 2000; ++i) {
    const double p = i * 5e-4;
    const double diff = std::abs(p - expit(a + s * std::log(p / (1 - p))));
    if (!std::isnan(diff)) best = std::max(best, diff);
  }
  return best;
}

/// Averages the replicates as predab.resample does (an index undefined in a replicate is left out
/// of that row's mean and count), and adds the C and Emax rows.
inline validation aggregate(const accuracy_indexes& original, const replicate_run<split_indexes>& run) {
  validation v;
  v.replicates = run.counts;
  for (std::size_t k = 0; k < std::size(index_members); ++k) {
    validation_index& row = v.*row_members[k];
    row.original = original.*index_members[k];
    double train = 0, test = 0;
    for (const auto& r : run.replicates) {
      if (r.status != replicate_status::ok) continue;
      const double a = r.value.training.*index_members[k], b = r.value.test.*index_members[k];
      if (std::isnan(a + b)) continue;
      train += a;
      test += b;
      ++row.n;
    }
    row.training = train / static_cast<double>(row.n);
    row.test = test / static_cast<double>(row.n);
    row.optimism = row.training - row.test;
    row.corrected = row.original - row.optimism;
  }
  auto to_c = [](double dxy) { return 0.5 + dxy / 2; };
  v.c = {to_c(v.dxy.original), to_c(v.dxy.training), to_c(v.dxy.test), v.dxy.optimism / 2, to_c(v.dxy.corrected), v.dxy.n};
  const double e = emax(v.intercept.corrected, v.slope.corrected);
  v.emax = {0, 0, e, e, e, v.dxy.n};
  return v;
}

/// Fills the step-down summaries of `v` from the successful replicates.
inline void summarise_retained(const std::vector<model::term>& factors, const std::vector<bool>& original_kept,
                               const replicate_run<split_indexes>& run, validation& v) {
  for (std::size_t t = 0; t < factors.size(); ++t) {
    v.factor_names.push_back(factors[t].name);
    if (original_kept[t]) v.original_kept_factors.push_back(factors[t].name);
  }
  v.retained.resize(static_cast<Eigen::Index>(run.counts.succeeded), static_cast<Eigen::Index>(factors.size()));
  v.retained_count_frequency.assign(factors.size() + 1, 0);
  Eigen::Index row = 0;
  for (const auto& r : run.replicates) {
    if (r.status != replicate_status::ok) continue;
    std::size_t kept = 0;
    for (std::size_t t = 0; t < factors.size(); ++t) {
      v.retained(row, static_cast<Eigen::Index>(t)) = r.value.kept_factors[t];
      kept += r.value.kept_factors[t] ? 1u : 0u;
    }
    ++v.retained_count_frequency[kept];
    ++row;
  }
}

/// Checks validate's arguments (data, column names, factors, options).
inline void check_validation_input(std::string_view fn, const Eigen::Ref<const Eigen::MatrixXd>& x,
                                   const Eigen::VectorXd& y, const validate_options& options) {
  options.validate();
  check_model_data(fn, x, y);
  if (!options.column_names.empty()) {
    check_same_size(fn, "options.column_names", options.column_names.size(), "x.cols()", static_cast<std::size_t>(x.cols()));
  }
  check_factors(fn, options.factors, x.cols());
}

/// Runs the replicates given by `splits(k, buffer)` (training rows, test rows; `buffer` is the
/// worker's own, for rows it draws) and aggregates them.
template <class Splits>
validation run_validation(std::string_view fn, const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                          std::size_t count, Splits&& splits, const validate_options& options) {
  const std::vector<model::term> factors =
      options.factors.empty() ? default_factors(x.cols(), options.column_names) : options.factors;
  const std::vector<Eigen::Index> all_rows = index_range(x.rows());
  // One workspace per worker; the runner is told that count, so that a worker's index always has
  // a workspace even if the number of CPUs changes meanwhile.
  std::vector<refit_workspace> workspaces(options.runner.threads_for(count));
  std::vector<std::vector<Eigen::Index>> buffers(workspaces.size());
  runner_options runner = options.runner;
  runner.threads = static_cast<int>(workspaces.size());
  const selected_model original = fit_selected(x, y, all_rows, selection_of(options), factors, workspaces.front());
  if (!original.fit.ok) throw computation_error(std::string(fn), "the model cannot be fitted to the full data: " + original.fit.failure);
  const Eigen::VectorXd lp = linear_predictor(x, original.columns, original.fit.coefficients);
  const std::vector<std::size_t> original_order = rows_by_predictor(lp);
  const accuracy_indexes apparent = apparent_of_sorted(original.fit, sorted_rows(lp, y, original_order, all_rows));
  const auto run = run_tasks<split_indexes>(count, [&](std::size_t k, unsigned worker) {
    const auto s = splits(k, buffers[worker]);
    return evaluate_split(x, y, s.train, s.test, original_order, options, factors, workspaces[worker]);
  }, runner);
  require_successes(fn, run.counts);
  validation v = aggregate(apparent, run);
  if (options.backward) summarise_retained(factors, original.kept_factors, run, v);
  return v;
}

/// Training and test rows of one replicate.
struct split_rows {
  const std::vector<Eigen::Index>& train;
  const std::vector<Eigen::Index>& test;
};

/// validate() on a stored or drawn plan (see bootstrap.hpp), once its input is checked.
template <class Plan>
validation validate_plan(std::string_view fn, const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                         const Plan& plan, const validate_options& options) {
  check_stored_plan(fn, plan, x.rows());
  const std::vector<Eigen::Index> all_rows = index_range(x.rows());
  return run_validation(fn, x, y, plan.replicates(), [&](std::size_t b, std::vector<Eigen::Index>& buffer) {
    return split_rows{replicate_rows(plan, b, buffer), all_rows};
  }, options);
}

}  // namespace detail

/// Optimism bootstrap of a logistic model's accuracy: rms `validate(lrm_fit, B, bw, rule, type, sls,
/// aics, force)` with method = "boot". `x` is the design (no intercept column), `y` the 0/1 outcome
/// and `plan` the bootstrap rows (bootstrap_plan, or R's indices through plan_from_indices).
/// Each replicate fits on its rows, takes the apparent indexes there and the test indexes of its
/// linear predictor on all original rows; optimism = mean training − mean test and
/// corrected = original − optimism. Replicates that cannot be fitted (one outcome class, singular
/// design, no convergence) are skipped and counted in `replicates`, as rms does.
/// Differences from rms: Dxy is always the exact rank statistic (rms' default Dxy.method for binary
/// y); a C row (0.5 + Dxy/2) is added; a replicate whose recalibration fit fails is skipped. When
/// the step-down keeps no factor, both validate the intercept-only model (Dxy = R² = 0 on the
/// original data).
/// Throws invalid_input for bad x/y/options or a plan for another number of rows, and
/// computation_error when the full-data fit fails or every replicate failed.
inline validation validate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                           const index_plan& plan, const validate_options& options = {}) {
  constexpr const char* fn = "resample::validate";
  detail::check_validation_input(fn, x, y, options);
  return detail::validate_plan(fn, x, y, plan, options);
}

/// validate() on a plan drawn from `plan` options (B, seed, generator, stratification). With
/// plan.generator = index_generator::r_compatible and plan.seed = R's set.seed value, the rows are
/// those rms' validate draws after set.seed, so the numbers are rms'; the default generator is
/// nomo's portable one.
inline validation validate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                           const plan_options& plan, const validate_options& options = {}) {
  constexpr const char* fn = "resample::validate";
  detail::check_validation_input(fn, x, y, options);
  return detail::with_plan(y, plan, [&](const auto& rows_plan) { return detail::validate_plan(fn, x, y, rows_plan, options); });
}

/// validate() of the model a frame encodes, as rms validates lrm(formula, x = TRUE, y = TRUE): the
/// frame's terms are the step-down's factors (a factor's columns are deleted together) and its
/// column names name them, unless options.factors / options.column_names are given. `Plan` is an
/// index_plan or plan_options.
template <class Plan>
validation validate(const model::model_frame& frame, const Plan& plan, validate_options options = {}) {
  if (options.factors.empty()) options.factors = frame.terms;
  if (options.column_names.empty()) options.column_names = frame.column_names;
  return validate(frame.x, frame.y, plan, options);
}

}  // namespace nomo::resample
