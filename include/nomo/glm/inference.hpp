#pragma once
// Tests on a fitted logistic model: the Wald χ² of a set of coefficients, rms's anova table with
// the columns of each term pooled (and their nonlinear part), and the likelihood-ratio test of two
// nested fits.

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/model/term.hpp"

namespace nomo::glm {

/// A χ² test statistic with its degrees of freedom and upper-tail P.
struct chi2_test {
  double chi2 = 0;
  int df = 0;
  double p = 1;
};

/// One row of an anova table.
struct anova_row {
  std::string label;  ///< term name, " Nonlinear", "TOTAL NONLINEAR" or "TOTAL" (rms wording)
  chi2_test test;
  std::vector<Eigen::Index> columns;  ///< design columns pooled in this row
};

/// Wald statistics per term, in rms's order.
struct anova_table {
  std::vector<anova_row> rows;
};

/// The likelihood-ratio test of a model against a model nested in it.
struct lr_test_result {
  chi2_test test;
  double deviance_reduced = 0;
  double deviance_full = 0;
};

namespace detail {

/// Checks that the fit has a covariance and that every design column index exists in it, and
/// drops aliased columns (their coefficients are not estimated, as R's anova on a rank-deficient
/// fit).
inline std::vector<Eigen::Index> estimable_columns(const char* fn, const logistic_fit& fit,
                                                   const std::vector<Eigen::Index>& columns) {
  check_has_covariance(fn, fit);
  std::vector<Eigen::Index> kept;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const Eigen::Index j = columns[k];
    if (j < 0 || j >= fit.columns()) {
      fail_input(fn, nomo::detail::element("columns", k), j,
                 "must be a design column index in [0, " + std::to_string(fit.columns() - 1) + "]");
    }
    if (!std::isnan(fit.coefficients(j + 1))) kept.push_back(j);
  }
  return kept;
}

/// β_S' V_SS⁻¹ β_S for design columns S (already checked).
inline chi2_test wald_statistic(const logistic_fit& fit, const std::vector<Eigen::Index>& columns) {
  const auto m = static_cast<Eigen::Index>(columns.size());
  chi2_test out;
  out.df = static_cast<int>(m);
  if (m == 0) return out;
  Eigen::VectorXd beta(m);
  Eigen::MatrixXd cov(m, m);
  for (Eigen::Index a = 0; a < m; ++a) {
    beta(a) = fit.coefficients(columns[static_cast<std::size_t>(a)] + 1);
    for (Eigen::Index b = 0; b < m; ++b) {
      cov(a, b) = fit.covariance(columns[static_cast<std::size_t>(a)] + 1, columns[static_cast<std::size_t>(b)] + 1);
    }
  }
  out.chi2 = beta.dot(cov.ldlt().solve(beta));
  out.p = nomo::detail::chi_square_upper(out.chi2, out.df);
  return out;
}

inline anova_row make_row(const char* fn, const logistic_fit& fit, std::string label,
                          const std::vector<Eigen::Index>& columns) {
  auto kept = estimable_columns(fn, fit, columns);
  anova_row row{std::move(label), wald_statistic(fit, kept), std::move(kept)};
  return row;
}

}  // namespace detail

/// Wald χ² that the coefficients of the given design columns (0-based, intercept excluded) are all
/// zero: χ² = β_S' V_SS⁻¹ β_S on |S| df. Mirrors rms's anova rows and `aod::wald.test`. Aliased
/// columns are left out (and not counted in df). Throws invalid_input for an empty set, a column
/// index out of range or a repeated column.
inline chi2_test wald_test(const logistic_fit& fit, const std::vector<Eigen::Index>& columns) {
  constexpr const char* fn = "glm::wald_test";
  if (columns.empty()) fail_input(fn, "columns.size()", 0, "name at least one design column");
  for (std::size_t k = 1; k < columns.size(); ++k) {
    for (std::size_t e = 0; e < k; ++e) {
      if (columns[k] == columns[e]) {  // a repeated column would count twice in df, not in χ²
        fail_input(fn, nomo::detail::element("columns", k), columns[k], "repeats " + nomo::detail::element("columns", e));
      }
    }
  }
  return detail::wald_statistic(fit, detail::estimable_columns(fn, fit, columns));
}

/// Wald anova table pooling the columns of each term: rms `anova(lrm_fit)`. Rows in rms's order:
/// each term (all its columns), followed by " Nonlinear" for terms with nonlinear columns (rcs),
/// then "TOTAL NONLINEAR" when at least two terms are nonlinear, then "TOTAL" (all columns).
/// Interaction rows are not produced (nomo's frames have no interactions yet). P values are the
/// χ² upper tails computed as such: where rms prints P = 0 (its 1 − pchisq underflows, from about
/// χ² = 75 on 2 df), nomo gives the small value (e.g. 2.3e-18 at χ² = 81.2 on 2 df).
/// Throws invalid_input when no terms are given (an intercept-only fit has none to test) or a term
/// names a column the fit does not have.
inline anova_table anova(const logistic_fit& fit, const std::vector<model::term>& terms) {
  constexpr const char* fn = "glm::anova";
  if (terms.empty()) {
    fail_input(fn, "terms.size()", 0,
               fit.columns() == 0 ? "the model is intercept-only: it has no term to test"
                                  : "the fit has no terms (fit it from a model_frame or pass them)");
  }
  anova_table table;
  std::vector<Eigen::Index> nonlinear, all;
  int nonlinear_terms = 0;
  for (const auto& t : terms) {
    table.rows.push_back(detail::make_row(fn, fit, t.name, t.columns));
    all.insert(all.end(), t.columns.begin(), t.columns.end());
    if (!t.nonlinear_columns.empty()) {
      table.rows.push_back(detail::make_row(fn, fit, " Nonlinear", t.nonlinear_columns));
      nonlinear.insert(nonlinear.end(), t.nonlinear_columns.begin(), t.nonlinear_columns.end());
      ++nonlinear_terms;
    }
  }
  if (nonlinear_terms >= 2) table.rows.push_back(detail::make_row(fn, fit, "TOTAL NONLINEAR", nonlinear));
  table.rows.push_back(detail::make_row(fn, fit, "TOTAL", all));
  return table;
}

/// anova(fit, fit.terms) for a fit made from a model_frame.
inline anova_table anova(const logistic_fit& fit) { return anova(fit, fit.terms); }

/// Likelihood-ratio test of `reduced` against `full` (reduced nested in full, same rows):
/// R `anova(reduced_glm, full_glm, test = "LRT")` or `lmtest::lrtest`. χ² = difference of
/// deviances on the difference of ranks. Neither nesting nor the rows can be checked exactly from
/// the fits, but their consequences can: the same outcome, weights and offset give the same row
/// and event counts and the same null deviance, and a nested model never fits better than the full
/// one. Throws invalid_input when any of these differ (beyond rounding), or `full` does not have
/// more parameters than `reduced`.
inline lr_test_result lr_test(const logistic_fit& reduced, const logistic_fit& full) {
  constexpr const char* fn = "glm::lr_test";
  if (reduced.n_obs != full.n_obs || reduced.n_events != full.n_events || reduced.sum_weights != full.sum_weights) {
    fail_input(fn, "reduced.n_obs", reduced.n_obs,
               "the fits must use the same rows (full.n_obs = " + std::to_string(full.n_obs) + ", events " +
                   std::to_string(reduced.n_events) + " and " + std::to_string(full.n_events) + ")");
  }
  if (full.rank <= reduced.rank) {
    fail_input(fn, "full.rank", full.rank,
               "the full model must have more parameters than the reduced one (rank " + std::to_string(reduced.rank) + ")");
  }
  const double rounding = 1e-8 * (1.0 + std::abs(full.null_deviance));
  if (std::abs(reduced.null_deviance - full.null_deviance) > rounding) {
    fail_input(fn, "reduced.null_deviance", reduced.null_deviance,
               "differs from full.null_deviance = " + nomo::detail::describe(full.null_deviance) +
                   ": the fits have different outcomes, weights or offsets");
  }
  if (reduced.deviance < full.deviance - rounding) {
    fail_input(fn, "reduced.deviance", reduced.deviance,
               "is below full.deviance = " + nomo::detail::describe(full.deviance) +
                   ": the reduced model is not nested in the full one, or they were fitted to different rows");
  }
  lr_test_result out;
  out.deviance_reduced = reduced.deviance;
  out.deviance_full = full.deviance;
  out.test.chi2 = reduced.deviance - full.deviance;
  out.test.df = full.rank - reduced.rank;
  out.test.p = nomo::detail::chi_square_upper(out.test.chi2, out.test.df);
  return out;
}

}  // namespace nomo::glm
