#pragma once
// Univariable screening: each candidate term fitted alone against the outcome, kept for the
// multivariable model when its P is below a threshold (0.10 by default, the seed paper's rule).
//
// Each candidate gets its own model frame, so its rows are those complete for the outcome and that
// one variable — what `glm(y ~ x, binomial)` per variable does in R; the rows used are reported.
// For terms with several columns (rcs, categorical, cut) the term's P pools them: by default the
// Wald χ² of all its columns (rms `anova`'s row for the term); optionally the likelihood-ratio χ² of
// the term against the intercept-only model on the same rows (`anova(glm, test = "LRT")`). For a
// one-column term the Wald P equals summary(glm)'s.

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>

#include "nomo/core/error.hpp"
#include "nomo/glm/inference.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/model/spec.hpp"

namespace nomo::glm {

/// The test that gives a term's screening P.
enum class screen_test {
  wald,              ///< pooled Wald χ² of the term's columns (rms anova)
  likelihood_ratio   ///< LR χ² against the intercept-only model on the same rows
};

/// Options of screen_terms.
struct screen_options {
  double threshold = 0.10;          ///< keep a term when its P < threshold
  screen_test test = screen_test::wald;
  irls_options fit;                 ///< passed to every fit (confidence_level sets the OR intervals)

  /// Throws invalid_input: threshold outside (0, 1), an unknown test, invalid fit options.
  void validate() const {
    check_open_unit("glm::screen_options::validate", "threshold", threshold);
    check_enum("glm::screen_options::validate", "test", test, {screen_test::wald, screen_test::likelihood_ratio},
               "screen_test", "wald or likelihood_ratio");
    fit.validate();
  }
};

/// One design column of a screened term.
struct screen_column {
  std::string name;           ///< e.g. "gtv_cc", "primary=lung", "bmk'"
  double odds_ratio = 0;      ///< per unit of the column (rcs columns: not per unit of x)
  double lower = 0, upper = 0;  ///< Wald interval at irls_options::confidence_level
  double p_value = 1;         ///< Wald P of the column
};

/// One candidate term fitted alone.
struct screen_row {
  std::string term;
  std::vector<screen_column> columns;
  double chi_square = 0;      ///< of the whole term, by screen_options::test
  int df = 0;
  double p_value = 1;
  bool kept = false;          ///< p_value < threshold
  std::size_t rows_used = 0;  ///< complete rows for the outcome and this term
  std::size_t events = 0;
  bool converged = false;
  bool separation = false;    ///< the fit reported (quasi-)separation; its P is not trustworthy
};

/// The screening table, in candidate order, and the kept terms' specs for the multivariable model.
struct screen_result {
  std::vector<screen_row> rows;
  std::vector<model::term_spec> kept;  ///< the candidates whose P < threshold, in order
  screen_test test = screen_test::wald;
  double threshold = 0.10;
};

/// Fits `outcome ~ term` for each term of `candidates` on `data` and reports ORs, Wald CIs and the
/// term's P. Mirrors what R users write as `lapply(vars, function(v) glm(y ~ v, binomial))` followed
/// by `anova` (Wald: rms; LR: stats).
/// Throws invalid_input: an invalid spec or data problem (model::make_frame's errors, naming the
/// column), no candidate terms, bad options.
inline screen_result screen_terms(const io::table& data, const model::model_spec& candidates,
                                  const screen_options& options = {}) {
  constexpr const char* fn = "glm::screen_terms";
  options.validate();
  if (candidates.terms.empty()) fail_input(fn, "candidates.terms.size()", 0, "name at least one candidate term");
  candidates.validate();
  screen_result result;
  result.test = options.test;
  result.threshold = options.threshold;
  for (const model::term_spec& candidate : candidates.terms) {
    model::model_spec alone = candidates;
    alone.terms = {candidate};
    const model::model_frame frame = model::make_frame(data, alone);
    const logistic_fit fit = fit_logistic(frame, options.fit);
    const model::term& t = frame.terms.front();
    screen_row row;
    row.term = t.name;
    for (const Eigen::Index j : t.columns) {
      row.columns.push_back({fit.names[static_cast<std::size_t>(j + 1)], fit.odds_ratios(j + 1), fit.odds_ratio_low(j + 1),
                             fit.odds_ratio_high(j + 1), fit.p_values(j + 1)});
    }
    const chi2_test test = options.test == screen_test::wald ? wald_test(fit, t.columns) : chi2_test{fit.lr_chi2, fit.lr_df, fit.lr_p};
    row.chi_square = test.chi2;
    row.df = test.df;
    row.p_value = test.p;
    row.kept = test.p < options.threshold;
    row.rows_used = static_cast<std::size_t>(fit.n_obs);
    row.events = static_cast<std::size_t>(fit.n_events);
    row.converged = fit.converged;
    row.separation = fit.separation.detected;
    if (row.kept) result.kept.push_back(candidate);
    result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace nomo::glm
