#pragma once
// Fast backward step-down on a fitted model: rms::fastbw (Lawless & Singhal 1978), which drops whole
// factors by approximate Wald statistics without refitting. validate(bw = true) repeats it inside
// every bootstrap replicate.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/model/term.hpp"

namespace nomo::glm {

/// Which factor is considered for deletion next (rms `rule`).
enum class fastbw_rule {
  aic,  ///< smallest Wald χ² − 2·df
  p     ///< largest Wald P value
};

/// What must stay below the threshold for the candidate to be deleted (rms `type`).
enum class fastbw_type {
  residual,   ///< the pooled Wald test of everything deleted so far, candidate included (rms default)
  individual  ///< the candidate's own Wald test
};

/// Options of fastbw; the defaults are rms::fastbw's.
struct fastbw_options {
  fastbw_rule rule = fastbw_rule::aic;
  fastbw_type type = fastbw_type::residual;
  double sls = 0.05;  ///< rule p: delete while P > sls
  double aics = 0;    ///< rule aic: delete while χ² − 2·df ≤ aics
  std::vector<std::string> force;  ///< factors never deleted (rms `force`, given by name here)

  /// Throws invalid_input for an unknown rule or type, sls outside (0, 1) or a non-finite aics.
  void validate() const {
    constexpr const char* fn = "glm::fastbw_options::validate";
    check_enum(fn, "rule", rule, {fastbw_rule::aic, fastbw_rule::p}, "fastbw_rule", "aic or p");
    check_enum(fn, "type", type, {fastbw_type::residual, fastbw_type::individual}, "fastbw_type", "residual or individual");
    check_open_unit(fn, "sls", sls);
    check_finite(fn, "aics", aics);
  }
};

/// One deletion: a row of rms' "Deleted Chi-Sq d.f. P Residual d.f. P AIC" table.
struct fastbw_step {
  std::string factor;     ///< the factor deleted
  double chisq = 0;       ///< its Wald χ² under the approximate reduced model
  int df = 0;             ///< its number of parameters
  double p = 1;           ///< P(χ²_df > chisq)
  double residual_chisq = 0;  ///< pooled Wald χ² of all deleted parameters (original estimates)
  int residual_df = 0;
  double residual_p = 1;
  double aic = 0;             ///< residual_chisq − 2·residual_df
};

/// The step-down and the approximate reduced model.
struct fastbw_result {
  std::vector<fastbw_step> steps;          ///< deletions in order (empty when nothing was deleted)
  std::vector<std::string> kept_factors;   ///< in model order
  std::vector<std::size_t> kept_factor_indices;  ///< 0-based positions in `terms`
  std::vector<Eigen::Index> kept_parameters;     ///< 0-based parameters kept, intercept (0) first
  std::vector<std::string> kept_names;           ///< names of kept_parameters
  Eigen::VectorXd coefficients;  ///< approximate estimates of the kept parameters (Lawless–Singhal)
  Eigen::MatrixXd covariance;    ///< their approximate covariance
};

namespace detail {

inline Eigen::VectorXd take(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& idx) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t i = 0; i < idx.size(); ++i) out(static_cast<Eigen::Index>(i)) = v(idx[i]);
  return out;
}

inline Eigen::MatrixXd take(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& rows,
                            const std::vector<Eigen::Index>& cols) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j)
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = m(rows[i], cols[j]);
  return out;
}

/// Wald χ² of the parameters `idx`: b' V⁻¹ b.
inline double wald_chisq(const Eigen::VectorXd& beta, const Eigen::MatrixXd& cov, const std::vector<Eigen::Index>& idx) {
  const Eigen::VectorXd b = take(beta, idx);
  return b.dot(take(cov, idx, idx).ldlt().solve(b));
}

/// Parameters (1-based: the intercept is parameter 0) of a term's columns.
inline std::vector<Eigen::Index> term_parameters(const model::term& t) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index c : t.columns) out.push_back(c + 1);
  return out;
}

/// Requires every design column to belong to at most one factor (`argument` names the list): a
/// step-down deletes whole factors, and a column shared by two would be deleted with one and kept
/// with the other, which has no meaning.
inline void check_disjoint_factors(std::string_view fn, std::string_view argument, const std::vector<model::term>& factors) {
  for (std::size_t t = 0; t < factors.size(); ++t) {
    for (std::size_t i = 0; i < factors[t].columns.size(); ++i) {
      const Eigen::Index c = factors[t].columns[i];
      for (std::size_t u = 0; u <= t; ++u) {
        const auto& earlier = factors[u].columns;
        const auto end = u == t ? earlier.begin() + static_cast<std::ptrdiff_t>(i) : earlier.end();
        if (std::find(earlier.begin(), end, c) == end) continue;
        fail_input(fn, nomo::detail::element(argument, t) + ".columns", c,
                   "also belongs to " + nomo::detail::element(argument, u) + " (\"" + factors[u].name +
                       "\"): a column can belong to one factor only");
      }
    }
  }
}

inline void check_fastbw_input(const Eigen::VectorXd& coefficients, const Eigen::MatrixXd& covariance,
                               const std::vector<model::term>& terms, const fastbw_options& options) {
  constexpr const char* fn = "glm::fastbw";
  options.validate();
  check_all_finite(fn, "coefficients", coefficients);
  if (covariance.rows() != coefficients.size() || covariance.cols() != coefficients.size()) {
    fail_input(fn, "covariance.rows()", covariance.rows(),
               "must be square with one row per coefficient (" + std::to_string(coefficients.size()) + ")");
  }
  check_all_finite_matrix(fn, "covariance", covariance);
  if (terms.empty()) fail_input(fn, "terms.size()", terms.size(), "must name at least one factor");
  for (std::size_t t = 0; t < terms.size(); ++t) {
    if (terms[t].columns.empty()) fail_input(fn, nomo::detail::element("terms", t) + ".columns.size()", 0, "must be at least 1");
    for (Eigen::Index c : terms[t].columns) {
      if (c < 0 || c + 1 >= coefficients.size()) {
        fail_input(fn, nomo::detail::element("terms", t) + ".columns", c,
                   "is not a design column of a model with " + std::to_string(coefficients.size() - 1) + " columns");
      }
    }
  }
  check_disjoint_factors(fn, "terms", terms);
  for (const auto& name : options.force) {
    bool found = false;
    for (const auto& t : terms) found = found || t.name == name;
    if (!found) fail_input(fn, "options.force", name, "is not the name of a factor in terms");
  }
}

}  // namespace detail

/// Backward step-down by approximate Wald tests: rms::fastbw(fit, rule, type, sls, aics, force).
///
/// `coefficients` and `covariance` are a fit's estimates, intercept first (as glm::logistic_fit and
/// rms hold them); `terms` says which design columns (0-based, intercept excluded) make up each
/// factor, in model order. At each step every remaining factor's Wald χ² is taken under the
/// approximate reduced model, the one with the smallest χ² − 2·df (rule aic) or largest P (rule p)
/// is the candidate (first in model order on ties), and it is deleted if the residual (or individual)
/// criterion allows; the kept estimates are then β_K − V_KD V_DD⁻¹ β_D from the original fit.
/// Differences from rms: `force` takes factor names and always keeps those factors. rms compares
/// its `force` positions with the positions of the factors still in the model, so once an earlier
/// factor is deleted they point at other factors (R warns "force probably does not work"); results
/// then differ from rms', which is the wrong one. rms' type "total" (an alias of residual) is not
/// offered. Throws invalid_input for mismatched sizes, non-finite estimates, term columns out of
/// range or shared by two factors, unknown forced factors or bad options.
inline fastbw_result fastbw(const Eigen::VectorXd& coefficients, const Eigen::MatrixXd& covariance,
                            const std::vector<model::term>& terms, const std::vector<std::string>& names,
                            const fastbw_options& options = {}) {
  detail::check_fastbw_input(coefficients, covariance, terms, options);
  if (!names.empty()) check_same_size("glm::fastbw", "names", names.size(), "coefficients", static_cast<std::size_t>(coefficients.size()));
  std::vector<std::size_t> factors_in(terms.size());
  for (std::size_t t = 0; t < terms.size(); ++t) factors_in[t] = t;
  std::vector<Eigen::Index> deleted;  // parameters deleted so far
  auto kept_parameters = [&] {
    std::vector<Eigen::Index> kept;
    for (Eigen::Index j = 0; j < coefficients.size(); ++j)
      if (std::find(deleted.begin(), deleted.end(), j) == deleted.end()) kept.push_back(j);
    return kept;
  };
  auto is_forced = [&](std::size_t t) {
    return std::find(options.force.begin(), options.force.end(), terms[t].name) != options.force.end();
  };
  Eigen::VectorXd beta = coefficients;  // approximate estimates indexed like `coefficients`
  Eigen::MatrixXd cov = covariance;
  fastbw_result result;
  while (!factors_in.empty()) {
    // Candidate: minimum criterion over the remaining factors that are not forced, first on ties
    // (rms' strict <); once only forced factors remain, nothing more can go.
    double best_crit = std::numeric_limits<double>::infinity(), best_chisq = 0;
    std::size_t best = factors_in.front();
    bool any = false;
    for (std::size_t t : factors_in) {
      if (is_forced(t)) continue;
      const auto q = detail::term_parameters(terms[t]);
      const double chisq = detail::wald_chisq(beta, cov, q);
      const int df = static_cast<int>(q.size());
      const double crit = options.rule == fastbw_rule::aic ? chisq - 2.0 * df : 1.0 - nomo::detail::chi_square_upper(chisq, df);
      if (!any || crit < best_crit) {
        best = t;
        best_crit = crit;
        best_chisq = chisq;
        any = true;
      }
    }
    if (!any) break;
    std::vector<Eigen::Index> trial = deleted;
    for (Eigen::Index j : detail::term_parameters(terms[best])) trial.push_back(j);
    std::sort(trial.begin(), trial.end());
    const double resid = detail::wald_chisq(coefficients, covariance, trial);
    const int resid_df = static_cast<int>(trial.size());
    const bool del = options.type == fastbw_type::residual
                         ? (options.rule == fastbw_rule::aic ? resid - 2.0 * resid_df <= options.aics
                                                             : nomo::detail::chi_square_upper(resid, resid_df) > options.sls)
                         : (options.rule == fastbw_rule::aic ? best_crit <= options.aics : 1.0 - best_crit > options.sls);
    if (!del) break;
    const int df = static_cast<int>(terms[best].columns.size());
    result.steps.push_back({terms[best].name, best_chisq, df, nomo::detail::chi_square_upper(best_chisq, df), resid, resid_df,
                            nomo::detail::chi_square_upper(resid, resid_df), resid - 2.0 * resid_df});
    deleted = trial;
    factors_in.erase(std::find(factors_in.begin(), factors_in.end(), best));
    // Lawless–Singhal update from the original estimates with everything deleted so far.
    const auto kept = kept_parameters();
    const Eigen::MatrixXd cross = detail::take(covariance, kept, deleted);
    const Eigen::MatrixXd w = detail::take(covariance, deleted, deleted).ldlt().solve(cross.transpose()).transpose();
    const Eigen::VectorXd kept_beta = detail::take(coefficients, kept) - w * detail::take(coefficients, deleted);
    const Eigen::MatrixXd kept_cov = detail::take(covariance, kept, kept) - w * cross.transpose();
    beta.setZero();
    cov.setZero();
    for (std::size_t i = 0; i < kept.size(); ++i) {
      beta(kept[i]) = kept_beta(static_cast<Eigen::Index>(i));
      for (std::size_t j = 0; j < kept.size(); ++j) cov(kept[i], kept[j]) = kept_cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    }
  }
  result.kept_factor_indices = factors_in;
  for (std::size_t t : factors_in) result.kept_factors.push_back(terms[t].name);
  result.kept_parameters = kept_parameters();
  for (Eigen::Index j : result.kept_parameters) {
    result.kept_names.push_back(names.empty() ? (j == 0 ? "Intercept" : "x" + std::to_string(j)) : names[static_cast<std::size_t>(j)]);
  }
  result.coefficients = detail::take(beta, result.kept_parameters);
  result.covariance = detail::take(cov, result.kept_parameters, result.kept_parameters);
  return result;
}

}  // namespace nomo::glm
