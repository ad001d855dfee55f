#pragma once
// Backward elimination by AIC, as R's step(glm_fit, direction = "backward"): at each step every
// remaining term (whole term: all columns of an rcs, categorical or cut term together) is dropped in
// turn and the model refitted; the drop giving the lowest AIC is made if that AIC is below the
// current model's, else elimination stops. All fits use the same rows (the frame's complete cases),
// as step() insists on. With penalty = log(n) it is BIC elimination (step's k).
//
// (Wald-based elimination without refitting, rms::fastbw, is glm/fastbw.hpp.)

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/model/spec.hpp"
#include "nomo/model/term.hpp"

namespace nomo::glm {

/// Options of backward_aic.
struct step_options {
  double penalty = 2;              ///< step's k: AIC = deviance + penalty · parameters (2: AIC, log n: BIC)
  std::vector<std::string> keep;   ///< terms never dropped (step's scope lower), by name
  irls_options fit;                ///< passed to every fit

  void validate() const {
    check_non_negative("glm::step_options::validate", "penalty", penalty);
    fit.validate();
  }
};

/// One row of the elimination path (step()$anova).
struct step_row {
  std::string removed;   ///< the term dropped at this step; empty for the starting model
  int df = 0;            ///< parameters removed with it (the fit's rank before minus after; 0 for an aliased term)
  double deviance = 0;   ///< residual deviance after the step
  double aic = 0;        ///< AIC (with the chosen penalty) after the step
};

/// The path and the final model.
struct step_result {
  std::vector<step_row> steps;              ///< the starting model first, then one row per drop
  std::vector<std::string> removed;         ///< dropped terms, in order
  std::vector<std::string> kept;            ///< names of the remaining terms, in model order
  std::vector<model::term> final_terms;     ///< remaining terms, columns renumbered for final_fit
  logistic_fit final_fit;                   ///< the final model, its terms set
};

namespace detail {

/// The frame's model restricted to the terms at `keep_terms` (indices into frame.terms), refitted on
/// the same rows; the fit's terms are renumbered to its own design columns.
inline logistic_fit fit_term_subset(const model::model_frame& frame, const std::vector<std::size_t>& keep_terms,
                                    const irls_options& options) {
  std::vector<Eigen::Index> columns;
  std::vector<model::term> terms;
  for (const std::size_t k : keep_terms) {
    model::term t = frame.terms[k];
    std::vector<Eigen::Index> renumbered;
    for (const Eigen::Index c : t.columns) {
      renumbered.push_back(static_cast<Eigen::Index>(columns.size()));
      columns.push_back(c);
    }
    for (Eigen::Index& c : t.nonlinear_columns) {
      c = renumbered[static_cast<std::size_t>(c - t.columns.front())];
    }
    t.columns = renumbered;
    terms.push_back(std::move(t));
  }
  Eigen::MatrixXd x(frame.x.rows(), static_cast<Eigen::Index>(columns.size()));
  std::vector<std::string> names;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    x.col(static_cast<Eigen::Index>(j)) = frame.x.col(columns[j]);
    names.push_back(frame.column_names[static_cast<std::size_t>(columns[j])]);
  }
  logistic_fit fit = fit_logistic(x, frame.y, options, names);
  fit.terms = std::move(terms);
  return fit;
}

inline double penalised_aic(const logistic_fit& fit, double penalty) { return fit.deviance + penalty * fit.rank; }

}  // namespace detail

/// Backward elimination by AIC on the model of `frame`: R `step(glm(formula, binomial, data),
/// direction = "backward", k = penalty, scope = list(lower = ~ keep))`. Ties (equal AIC) keep the
/// current model, and among drops the earlier term wins, as step's stable order() does. A term
/// aliased with the others (dropping it leaves the rank unchanged: Df 0) is dropped before any AIC
/// is compared, the last such term first, as step() does; a step's df is the rank it removes.
/// Throws invalid_input: a `keep` name that is not a term of the frame, bad options; and whatever
/// fit_logistic throws.
inline step_result backward_aic(const model::model_frame& frame, const step_options& options = {}) {
  constexpr const char* fn = "glm::backward_aic";
  options.validate();
  std::vector<bool> droppable(frame.terms.size(), true);
  for (std::size_t k = 0; k < options.keep.size(); ++k) {
    bool found = false;
    for (std::size_t j = 0; j < frame.terms.size(); ++j) {
      if (frame.terms[j].name == options.keep[k]) droppable[j] = false, found = true;
    }
    if (!found) fail_input(fn, nomo::detail::element("keep", k), options.keep[k], "no term of that name in the model");
  }
  std::vector<std::size_t> current;
  for (std::size_t j = 0; j < frame.terms.size(); ++j) current.push_back(j);

  step_result result;
  logistic_fit fit = detail::fit_term_subset(frame, current, options.fit);
  double aic = detail::penalised_aic(fit, options.penalty);
  result.steps.push_back({"", 0, fit.deviance, aic});
  for (;;) {
    std::size_t best = current.size(), aliased = current.size();
    double best_aic = aic;
    logistic_fit best_fit, aliased_fit;
    for (std::size_t i = 0; i < current.size(); ++i) {
      if (!droppable[current[i]]) continue;
      std::vector<std::size_t> without = current;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
      logistic_fit candidate = detail::fit_term_subset(frame, without, options.fit);
      const double candidate_aic = detail::penalised_aic(candidate, options.penalty);
      if (candidate.rank == fit.rank) {  // aliased with the others: dropping it changes nothing (Df 0)
        aliased = i;
        aliased_fit = std::move(candidate);
      } else if (candidate_aic < best_aic) {
        best = i;
        best_aic = candidate_aic;
        best_fit = std::move(candidate);
      }
    }
    // step() drops the last term with Df 0 before it compares AICs.
    if (aliased != current.size()) {
      best = aliased;
      best_aic = detail::penalised_aic(aliased_fit, options.penalty);
      best_fit = std::move(aliased_fit);
    }
    if (best == current.size()) break;
    const model::term& dropped = frame.terms[current[best]];
    result.steps.push_back({dropped.name, fit.rank - best_fit.rank, best_fit.deviance, best_aic});
    result.removed.push_back(dropped.name);
    current.erase(current.begin() + static_cast<std::ptrdiff_t>(best));
    fit = std::move(best_fit);
    aic = best_aic;
  }
  for (const std::size_t j : current) result.kept.push_back(frame.terms[j].name);
  result.final_terms = fit.terms;
  result.final_fit = std::move(fit);
  return result;
}

/// The declaration of the model elimination chose: `spec` with only the terms `step` kept, in spec
/// order (R's `formula(step(...))`), so the final model can be rebuilt by model::make_frame on any
/// table, with its cut points and levels, and refitted directly. The result may have no terms (an
/// intercept-only model). Throws invalid_input when a kept term has no declaration in `spec` (the
/// step came from another model).
inline model::model_spec final_spec(const model::model_spec& spec, const step_result& step) {
  model::model_spec out = spec;
  out.terms.clear();
  for (std::size_t k = 0; k < step.kept.size(); ++k) {
    const auto declared = std::find_if(spec.terms.begin(), spec.terms.end(),
                                       [&](const model::term_spec& t) { return t.column == step.kept[k]; });
    if (declared == spec.terms.end()) {
      fail_input("glm::final_spec", nomo::detail::element("step.kept", k), step.kept[k], "no term of that column in spec");
    }
  }
  for (const model::term_spec& t : spec.terms) {
    if (std::find(step.kept.begin(), step.kept.end(), t.column) != step.kept.end()) out.terms.push_back(t);
  }
  return out;
}

}  // namespace nomo::glm
