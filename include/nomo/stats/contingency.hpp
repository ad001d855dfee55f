#pragma once
// Tests of association in contingency tables, as R's chisq.test (with and without Yates'
// continuity correction) and fisher.test (2 × 2: P, conditional MLE odds ratio and its interval;
// r × c: exact P by the network algorithm, stats/fisher_network.hpp).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/hypergeometric.hpp>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/stats/fisher_network.hpp"
#include "nomo/stats/root_finding.hpp"
#include "nomo/stats/test_result.hpp"

namespace nomo::stats {

/// Whether a 2 × 2 χ² test applies Yates' continuity correction (chisq.test's correct).
enum class continuity_correction { yates, none };

/// Options of fisher_exact(); defaults are fisher.test's.
struct fisher_options {
  stats::alternative alternative = stats::alternative::two_sided;  ///< 2 × 2 only
  double conf_level = 0.95;                                        ///< 2 × 2 only
  /// r × c: work budget of the network algorithm (10⁸ is 0.5–2 s on a 2026 server core; R's
  /// fisher.test has its `workspace` instead); more work throws computation_error
  double max_paths = 1e8;

  /// Throws invalid_input: an unknown alternative, conf_level outside (0, 1), max_paths < 1.
  void validate() const {
    detail::check_alternative("stats::fisher_options::validate", alternative);
    check_open_unit("stats::fisher_options::validate", "conf_level", conf_level);
    if (!(max_paths >= 1)) fail_input("stats::fisher_options::validate", "max_paths", max_paths, "must be at least 1");
  }
};

namespace detail {

/// Requires a table of at least 2 × 2 non-negative whole counts.
inline void check_counts(const char* function, const Eigen::Ref<const Eigen::MatrixXd>& counts) {
  if (counts.rows() < 2 || counts.cols() < 2) {
    fail_input(function, "counts", std::to_string(counts.rows()) + " x " + std::to_string(counts.cols()),
               "needs at least 2 rows and 2 columns");
  }
  for (Eigen::Index j = 0; j < counts.cols(); ++j) {
    for (Eigen::Index i = 0; i < counts.rows(); ++i) {
      const double v = counts(i, j);
      if (!std::isfinite(v) || v < 0 || v != std::floor(v)) {
        fail_input(function, nomo::detail::element("counts", static_cast<std::size_t>(i), static_cast<std::size_t>(j)),
                   v, "counts must be non-negative whole numbers");
      }
    }
  }
}

/// Throws invalid_input naming the largest count: the one that made a total, an expected count or
/// the statistic overflow double.
[[noreturn]] inline void fail_count_overflow(const char* function, const Eigen::Ref<const Eigen::MatrixXd>& counts) {
  Eigen::Index row = 0, col = 0;
  const double largest = counts.maxCoeff(&row, &col);
  fail_input(function, nomo::detail::element("counts", static_cast<std::size_t>(row), static_cast<std::size_t>(col)),
             largest, "counts this large overflow double in the totals or the chi-squared statistic");
}

/// Requires every row and column total to be positive (an empty margin has no expected counts).
inline void check_margins(const char* function, const Eigen::Ref<const Eigen::MatrixXd>& counts) {
  for (Eigen::Index i = 0; i < counts.rows(); ++i) {
    if (counts.row(i).sum() == 0) fail_input(function, "counts row " + std::to_string(i) + " total", 0, "a row with no subjects");
  }
  for (Eigen::Index j = 0; j < counts.cols(); ++j) {
    if (counts.col(j).sum() == 0) fail_input(function, "counts column " + std::to_string(j) + " total", 0, "a column with no subjects");
  }
}

/// fisher.test's 2 × 2 machinery: the noncentral hypergeometric distribution of counts(0, 0)
/// given the margins, as a function of the odds ratio psi.
class noncentral_hypergeometric {
 public:
  explicit noncentral_hypergeometric(const Eigen::Ref<const Eigen::MatrixXd>& t)
      : x_(static_cast<long>(t(0, 0))),
        m_(static_cast<long>(t.col(0).sum())),
        n_(static_cast<long>(t.col(1).sum())),
        k_(static_cast<long>(t.row(0).sum())),
        lo_(std::max(0L, k_ - n_)),
        hi_(std::min(k_, m_)) {
    const auto m = static_cast<double>(m_), n = static_cast<double>(n_), k = static_cast<double>(k_);
    for (long s = lo_; s <= hi_; ++s) {
      const auto d = static_cast<double>(s);
      log_central_.push_back(std::lgamma(m + 1.0) - std::lgamma(d + 1.0) - std::lgamma(m - d + 1.0) +
                             std::lgamma(n + 1.0) - std::lgamma(k - d + 1.0) - std::lgamma(n - k + d + 1.0));
    }
  }

  long x() const { return x_; }
  long lo() const { return lo_; }
  long hi() const { return hi_; }

  /// dnhyper: probabilities of lo..hi under odds ratio psi (0 < psi < Inf).
  std::vector<double> density(double psi) const {
    std::vector<double> d(log_central_.size());
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < d.size(); ++i) {
      d[i] = log_central_[i] + std::log(psi) * static_cast<double>(lo_ + static_cast<long>(i));
      top = std::max(top, d[i]);
    }
    double total = 0;
    for (double& v : d) total += (v = std::exp(v - top));
    for (double& v : d) v /= total;
    return d;
  }

  /// mnhyper: the mean of counts(0, 0) under psi.
  double mean(double psi) const {
    if (psi == 0) return static_cast<double>(lo_);
    if (std::isinf(psi)) return static_cast<double>(hi_);
    const auto d = density(psi);
    double s = 0;
    for (std::size_t i = 0; i < d.size(); ++i) s += static_cast<double>(lo_ + static_cast<long>(i)) * d[i];
    return s;
  }

  /// pnhyper: P(X ≤ q) or, with upper_tail, P(X ≥ q) under psi.
  double tail(long q, double psi, bool upper_tail) const {
    if (psi == 1) {
      const boost::math::hypergeometric_distribution<double> h(static_cast<unsigned>(k_), static_cast<unsigned>(m_),
                                                               static_cast<unsigned>(m_ + n_));
      if (upper_tail) return q <= lo_ ? 1.0 : boost::math::cdf(boost::math::complement(h, static_cast<unsigned>(q - 1)));
      return q >= hi_ ? 1.0 : boost::math::cdf(h, static_cast<unsigned>(q));
    }
    if (psi == 0) return upper_tail ? (q <= lo_) : (q >= lo_);
    if (std::isinf(psi)) return upper_tail ? (q <= hi_) : (q >= hi_);
    const auto d = density(psi);
    double s = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const long support = lo_ + static_cast<long>(i);
      if (upper_tail ? support >= q : support <= q) s += d[i];
    }
    return s;
  }

 private:
  long x_, m_, n_, k_, lo_, hi_;
  std::vector<double> log_central_;
};

/// fisher.test's two-sided P: probabilities no larger than the observed one (relative tolerance 1e-7).
inline double fisher_two_sided_p(const noncentral_hypergeometric& h) {
  const auto d = h.density(1);
  const double observed = d[static_cast<std::size_t>(h.x() - h.lo())] * (1 + 1e-7);
  double p = 0;
  for (double v : d) {
    if (v <= observed) p += v;
  }
  return p;
}

/// A root in psi of `f` on (0, Inf) the way fisher.test searches: on (0, 1) when f(1) is on one side,
/// else 1/t for t on (eps, 1).
template <class Function>
double odds_ratio_root(const Function& f, bool below_one) {
  if (below_one) return uniroot(f, 0.0, 1.0).root;
  return 1 / uniroot([&](double t) { return f(1 / t); }, std::numeric_limits<double>::epsilon(), 1.0).root;
}

/// The conditional maximum-likelihood odds ratio (fisher.test's mle()).
inline double conditional_mle(const noncentral_hypergeometric& h) {
  if (h.x() == h.lo()) return 0;
  if (h.x() == h.hi()) return std::numeric_limits<double>::infinity();
  const double mu = h.mean(1), x = static_cast<double>(h.x());
  if (mu == x) return 1;
  return odds_ratio_root([&](double psi) { return h.mean(psi) - x; }, mu > x);
}

/// Upper confidence limit (fisher.test's ncp.U).
inline double odds_ratio_upper(const noncentral_hypergeometric& h, double alpha) {
  if (h.x() == h.hi()) return std::numeric_limits<double>::infinity();
  const double p = h.tail(h.x(), 1, false);
  if (p == alpha) return 1;
  return odds_ratio_root([&](double psi) { return h.tail(h.x(), psi, false) - alpha; }, p < alpha);
}

/// Lower confidence limit (fisher.test's ncp.L).
inline double odds_ratio_lower(const noncentral_hypergeometric& h, double alpha) {
  if (h.x() == h.lo()) return 0;
  const double p = h.tail(h.x(), 1, true);
  if (p == alpha) return 1;
  return odds_ratio_root([&](double psi) { return h.tail(h.x(), psi, true) - alpha; }, p > alpha);
}

inline test_result fisher_2x2(const Eigen::Ref<const Eigen::MatrixXd>& counts, const fisher_options& options) {
  const noncentral_hypergeometric h(counts);
  test_result out;
  out.method = "Fisher's Exact Test for Count Data";
  out.exact = true;
  out.has_estimate = true;
  out.estimate = conditional_mle(h);
  out.has_conf_int = true;
  out.conf_level = options.conf_level;
  const double alpha = 1 - options.conf_level;
  switch (options.alternative) {
    case alternative::less:
      out.p_value = h.tail(h.x(), 1, false);
      out.lower = 0;
      out.upper = odds_ratio_upper(h, alpha);
      break;
    case alternative::greater:
      out.p_value = h.tail(h.x(), 1, true);
      out.lower = odds_ratio_lower(h, alpha);
      out.upper = std::numeric_limits<double>::infinity();
      break;
    case alternative::two_sided:
      out.p_value = fisher_two_sided_p(h);
      out.lower = odds_ratio_lower(h, alpha / 2);
      out.upper = odds_ratio_upper(h, alpha / 2);
      break;
  }
  out.statistic = h.density(1)[static_cast<std::size_t>(h.x() - h.lo())];
  return out;
}

}  // namespace detail

/// Pearson's χ² test of independence: chisq.test(counts, correct). Yates' continuity correction
/// (min(0.5, |O − E|)) applies to 2 × 2 tables unless `correction` is none (R's correct = FALSE).
/// `note` reports expected counts below 5 (R's "Chi-squared approximation may be incorrect").
/// Throws invalid_input: fewer than 2 rows or columns, negative or non-integer or non-finite
/// counts, a row or column with total 0, counts so large that the totals, expected counts or the
/// statistic overflow double, an unknown `correction`.
inline test_result chi_square_test(const Eigen::Ref<const Eigen::MatrixXd>& counts,
                                   continuity_correction correction = continuity_correction::yates) {
  constexpr const char* fn = "stats::chi_square_test";
  check_enum(fn, "correction", correction, {continuity_correction::yates, continuity_correction::none},
             "continuity_correction", "yates or none");
  const bool correct = correction == continuity_correction::yates;
  detail::check_counts(fn, counts);
  detail::check_margins(fn, counts);
  const double n = counts.sum();
  const Eigen::MatrixXd expected = counts.rowwise().sum() * counts.colwise().sum() / n;
  const bool yates = correct && counts.rows() == 2 && counts.cols() == 2;
  const double shift = yates ? std::min(0.5, (counts - expected).cwiseAbs().minCoeff()) : 0.0;
  test_result out;
  out.method = "Pearson's Chi-squared test" + std::string(yates && shift > 0 ? " with Yates' continuity correction" : "");
  out.statistic = (((counts - expected).cwiseAbs().array() - shift).square() / expected.array()).sum();
  if (!std::isfinite(out.statistic)) detail::fail_count_overflow(fn, counts);  // R's chisq.test gives NaN
  out.has_df = true;
  out.df = static_cast<double>((counts.rows() - 1) * (counts.cols() - 1));
  out.p_value = nomo::detail::chi_square_upper(out.statistic, out.df);
  if ((expected.array() < 5).any()) out.note = "expected counts below 5: the chi-squared approximation may be incorrect";
  return out;
}

/// Fisher's exact test: fisher.test(counts, alternative, conf.level). For 2 × 2 tables: P, the
/// conditional MLE odds ratio and its interval, with R's root finder so the numbers are R's. For
/// larger tables: the exact two-sided P by the network algorithm, as R's FEXACT (the same tables
/// count: log P within 3.45254e-7 of the observed table's counts as equal), bounded by
/// options.max_paths. `statistic` is the observed table's probability.
/// Throws invalid_input: fewer than 2 rows or columns, negative or non-integer or non-finite
/// counts, a table of zeros, invalid options, a one-sided alternative for a table larger than 2 × 2.
/// Throws invalid_input also for counts totalling more than 2^53.
/// Throws computation_error: more than options.max_paths of work, an r × c table of more than 10⁷
/// subjects, or a 2 × 2 table
/// whose first cell can take more than 10⁷ values given its margins (its distribution is held in
/// memory; use chi_square_test at such counts).
inline test_result fisher_exact(const Eigen::Ref<const Eigen::MatrixXd>& counts, const fisher_options& options = {}) {
  constexpr const char* fn = "stats::fisher_exact";
  detail::check_counts(fn, counts);
  const double total = counts.sum();
  if (total == 0) fail_input(fn, "counts", "all zero", "a table without subjects has no test (R's FEXACT stops too)");
  // Beyond 2^53 the counts and their totals are no longer exact integers in a double.
  if (!(total <= 9007199254740992.0)) fail_input(fn, "counts total", total, "exceeds 2^53, beyond exact integers; use chi_square_test");
  options.validate();
  if (counts.rows() == 2 && counts.cols() == 2) {
    const double first_row = counts.row(0).sum(), first_column = counts.col(0).sum();
    const double support = std::min(first_row, first_column) - std::max(0.0, first_row - (total - first_column)) + 1;
    if (support > 1e7) {
      throw computation_error(fn, "the 2 x 2 table's first cell can take " + nomo::detail::describe(support) +
                                      " values given its margins, beyond the 1e7 the exact test holds in memory; use chi_square_test");
    }
    return detail::fisher_2x2(counts, options);
  }
  if (options.alternative != alternative::two_sided) {
    fail_input(fn, "options.alternative", "one-sided", "only 2 x 2 tables have a one-sided Fisher test");
  }
  // log(n!) near n = 10^7 is ~1.5e8, known to ~3e-8 in a double: larger totals would leave the
  // probabilities inexact (and the network's work grows with them).
  if (total > 1e7) {
    throw computation_error(fn, "counts total = " + nomo::detail::describe(total) +
                                    ": an r x c table beyond 10^7 subjects is past the exact test's precision; use chi_square_test");
  }
  detail::fisher_network tables(counts, options.max_paths);
  test_result out;
  out.method = "Fisher's Exact Test for Count Data";
  out.exact = true;
  out.statistic = tables.observed_probability();
  out.p_value = tables.p_value();
  return out;
}

}  // namespace nomo::stats
