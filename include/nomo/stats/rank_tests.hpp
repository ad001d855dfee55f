#pragma once
// Wilcoxon rank-sum (Mann–Whitney U) and signed-rank tests, as R's wilcox.test: exact P from the
// null distribution for small samples without ties (and, for signed ranks, without zeros), else the
// normal approximation with tie correction and, by default, continuity correction.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/stats/test_result.hpp"

namespace nomo::stats {

/// When to use the exact null distribution (R's `exact`: NULL, TRUE, FALSE).
enum class exactness {
  automatic,  ///< exact when every sample has < 50 values (R's exact = NULL)
  exact,      ///< exact unless ties (or zeros) make it impossible, then the approximation
  normal      ///< always the normal approximation
};

/// Options of the Wilcoxon tests; defaults are wilcox.test's.
struct wilcoxon_options {
  stats::alternative alternative = stats::alternative::two_sided;
  double mu = 0;                     ///< location shift under the null hypothesis
  bool correct = true;               ///< continuity correction in the normal approximation
  exactness exact = exactness::automatic;

  /// Throws invalid_input: an unknown alternative or exact, mu not finite.
  void validate() const {
    constexpr const char* fn = "stats::wilcoxon_options::validate";
    detail::check_alternative(fn, alternative);
    check_enum(fn, "exact", exact, {exactness::automatic, exactness::exact, exactness::normal}, "exactness",
               "automatic, exact or normal");
    check_finite(fn, "mu", mu);
  }
};

namespace detail {

/// Average ranks (R's rank(ties.method = "average")) and the tie-group sizes.
struct ranking {
  std::vector<double> rank;
  std::vector<double> tie_sizes;  ///< sizes of every group of equal values
};

inline ranking average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  ranking out{std::vector<double>(values.size()), {}};
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double average = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) out.rank[order[k]] = average;
    out.tie_sizes.push_back(static_cast<double>(j - i));
    i = j;
  }
  return out;
}

inline bool has_ties(const ranking& r) {
  return std::any_of(r.tie_sizes.begin(), r.tie_sizes.end(), [](double t) { return t > 1; });
}

inline double tie_sum(const ranking& r) {
  double s = 0;
  for (double t : r.tie_sizes) s += t * t * t - t;
  return s;
}

/// Counts of the rank-sum statistic W = 0 .. m·n for samples of m and n without ties, by R
/// cwilcox's recursion c(m, n)[k] = c(m − 1, n)[k − n] + c(m, n − 1)[k]. Only additions of
/// positive counts: every count keeps full relative precision beyond 2^53 (C(90, 45) ≈ 1e26),
/// where the Gaussian-binomial product's subtractions lose the smallest counts, the ones tail
/// probabilities are made of.
inline std::vector<double> rank_sum_counts(std::size_t m, std::size_t n) {
  if (m > n) std::swap(m, n);  // the distribution is symmetric in m and n; the table has m + 1 rows
  std::vector<std::vector<double>> by_size(m + 1, std::vector<double>{1.0});  // c(i, j) for the current j
  for (std::size_t j = 1; j <= n; ++j) {
    for (std::size_t i = 1; i <= m; ++i) {
      std::vector<double> counts(i * j + 1, 0.0);
      const std::vector<double>& fewer_y = by_size[i];      // c(i, j − 1)
      const std::vector<double>& fewer_x = by_size[i - 1];  // c(i − 1, j), already at this j
      for (std::size_t k = 0; k < fewer_y.size(); ++k) counts[k] += fewer_y[k];
      for (std::size_t k = 0; k < fewer_x.size(); ++k) counts[k + j] += fewer_x[k];
      by_size[i] = std::move(counts);
    }
  }
  return by_size[m];
}

/// Counts of the signed-rank statistic V = 0 .. n(n+1)/2: coefficients of prod_{i=1..n} (1 + q^i).
inline std::vector<double> signed_rank_counts(std::size_t n) {
  std::vector<double> c(n * (n + 1) / 2 + 1, 0.0);
  c[0] = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t k = c.size() - 1; k >= i; --k) c[k] += c[k - i];
  }
  return c;
}

/// P(S ≤ q) from counts (pwilcox / psignrank lower tail); q may be fractional or out of range.
inline double lower_tail(const std::vector<double>& counts, double q) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  if (q < 0) return 0;
  const auto last = std::min(counts.size() - 1, static_cast<std::size_t>(std::floor(q + 1e-7)));
  double s = 0;
  for (std::size_t k = 0; k <= last; ++k) s += counts[k];
  return std::min(1.0, s / total);
}

/// P(S > q) from counts, summed over the upper counts themselves, smallest first (as pwilcox with
/// lower.tail = FALSE does by symmetry): 1 − P(S ≤ q) cancels to 0 in the far tail.
inline double upper_tail(const std::vector<double>& counts, double q) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  if (q < 0) return 1;
  const auto first = static_cast<std::size_t>(std::floor(q + 1e-7)) + 1;  // the smallest S above q
  double s = 0;
  for (std::size_t k = counts.size(); k-- > first;) s += counts[k];
  return std::min(1.0, s / total);
}

/// Exact P of `statistic` with null mean `centre`, as wilcox.test does it.
inline double exact_p(const std::vector<double>& counts, double statistic, double centre, alternative alt) {
  const auto upper = [&](double q) { return upper_tail(counts, q); };  // P(S > q)
  switch (alt) {
    case alternative::greater: return upper(statistic - 1);
    case alternative::less: return lower_tail(counts, statistic);
    case alternative::two_sided: {
      const double p = statistic > centre ? upper(statistic - 1) : lower_tail(counts, statistic);
      return std::min(2 * p, 1.0);
    }
  }
  return 1;
}

/// Normal-approximation P of `centred` = statistic − mean with standard deviation `sigma`.
inline double normal_p(double centred, double sigma, bool correct, alternative alt) {
  double correction = 0;
  if (correct) {
    correction = alt == alternative::two_sided ? (centred > 0 ? 0.5 : centred < 0 ? -0.5 : 0.0)
                 : alt == alternative::greater ? 0.5
                                               : -0.5;
  }
  const double z = (centred - correction) / sigma;
  const boost::math::normal normal;
  switch (alt) {
    case alternative::less: return boost::math::cdf(normal, z);
    case alternative::greater: return boost::math::cdf(boost::math::complement(normal, z));
    case alternative::two_sided:
      return 2 * std::min(boost::math::cdf(normal, z), boost::math::cdf(boost::math::complement(normal, z)));
  }
  return 1;
}

/// R's warning when the exact distribution was wanted (asked for, or by default for small samples)
/// but tied ranks force the normal approximation; test_result::note carries it.
inline constexpr const char* exact_impossible_with_ties = "cannot compute exact p-value with ties";

/// The signed-rank test of the differences `d` (already shifted by mu), zeros dropped.
inline test_result signed_rank_core(std::vector<double> d, const wilcoxon_options& options, const char* function,
                                    const char* argument) {
  const bool zeroes = std::any_of(d.begin(), d.end(), [](double v) { return v == 0; });
  d.erase(std::remove(d.begin(), d.end(), 0.0), d.end());
  check_sample_size(function, argument, d.size(), 1, "non-zero differences");
  const std::size_t n = d.size();
  std::vector<double> magnitude(n);
  for (std::size_t i = 0; i < n; ++i) magnitude[i] = std::fabs(d[i]);
  const ranking r = average_ranks(magnitude);
  double v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (d[i] > 0) v += r.rank[i];
  }
  const bool wants_exact = options.exact != exactness::normal && (options.exact == exactness::exact || n < 50);
  const bool ties = has_ties(r);
  const bool exact = wants_exact && !ties && !zeroes;
  const double nn = static_cast<double>(n);
  test_result out;
  out.statistic = v;
  out.exact = exact;
  if (wants_exact && ties) out.note = exact_impossible_with_ties;
  if (wants_exact && zeroes) out.note += std::string(out.note.empty() ? "" : "; ") + "cannot compute exact p-value with zeroes";
  if (exact) {
    out.method = "Wilcoxon signed rank exact test";
    out.p_value = exact_p(signed_rank_counts(n), v, nn * (nn + 1) / 4, options.alternative);
  } else {
    out.method = "Wilcoxon signed rank test" + std::string(options.correct ? " with continuity correction" : "");
    const double sigma = std::sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - tie_sum(r) / 48);
    out.p_value = normal_p(v - nn * (nn + 1) / 4, sigma, options.correct, options.alternative);
  }
  return out;
}

}  // namespace detail

/// Wilcoxon rank-sum test (Mann–Whitney U) of x against y: wilcox.test(x, y, alternative, mu,
/// correct, exact). `statistic` is R's W = (rank sum of x) − nx(nx+1)/2 on x − mu and y. NaN values
/// are missing and dropped. Deliberate difference: no Hodges–Lehmann estimate or interval.
/// Throws invalid_input: an empty sample (after dropping NaN), an infinite value, non-finite mu, every
/// value tied (normal approximation), an exact distribution asked for m·n > 65,536, an unknown
/// options.alternative or options.exact.
inline test_result wilcoxon_rank_sum(const std::vector<double>& x, const std::vector<double>& y,
                                     const wilcoxon_options& options = {}) {
  constexpr const char* fn = "stats::wilcoxon_rank_sum";
  options.validate();
  detail::check_no_infinite(fn, "x", x);
  detail::check_no_infinite(fn, "y", y);
  const std::vector<double> xs = detail::drop_missing(x), ys = detail::drop_missing(y);
  detail::check_sample_size(fn, "x", xs.size(), 1);
  detail::check_sample_size(fn, "y", ys.size(), 1);
  std::vector<double> pooled;
  for (double v : xs) pooled.push_back(v - options.mu);
  pooled.insert(pooled.end(), ys.begin(), ys.end());
  const detail::ranking r = detail::average_ranks(pooled);
  const double nx = static_cast<double>(xs.size()), ny = static_cast<double>(ys.size());
  double w = -nx * (nx + 1) / 2;
  for (std::size_t i = 0; i < xs.size(); ++i) w += r.rank[i];
  const bool wants_exact =
      options.exact != exactness::normal && (options.exact == exactness::exact || (xs.size() < 50 && ys.size() < 50));
  const bool ties = detail::has_ties(r);
  const bool exact = wants_exact && !ties;
  // The exact counts cost ~(m·n)²/4 additions: 250 × 250 takes about a second.
  if (exact && nx * ny > 65536) {
    fail_input(fn, "options.exact", "exact", "m·n = " + nomo::detail::describe(nx * ny) +
                                                 " is too large for the exact distribution (its cost grows as (m·n)²); use the normal approximation");
  }
  test_result out;
  out.statistic = w;
  out.exact = exact;
  if (wants_exact && ties) out.note = detail::exact_impossible_with_ties;
  if (exact) {
    out.method = "Wilcoxon rank sum exact test";
    out.p_value = detail::exact_p(detail::rank_sum_counts(xs.size(), ys.size()), w, nx * ny / 2, options.alternative);
  } else {
    out.method = "Wilcoxon rank sum test" + std::string(options.correct ? " with continuity correction" : "");
    const double sigma =
        std::sqrt(nx * ny / 12 * ((nx + ny + 1) - detail::tie_sum(r) / ((nx + ny) * (nx + ny - 1))));
    if (!(sigma > 0)) fail_input(fn, "x and y", "all values equal", "every value ties with every other: the ranks say nothing");
    out.p_value = detail::normal_p(w - nx * ny / 2, sigma, options.correct, options.alternative);
  }
  return out;
}

/// Wilcoxon signed-rank test of one sample against mu: wilcox.test(x, mu = mu, ...). `statistic` is
/// V, the sum of the ranks of |x − mu| over positive x − mu; zero differences are dropped (and
/// force the normal approximation, as in R). NaN values are missing and dropped.
/// Deliberate difference: no pseudo-median estimate or interval.
/// Throws invalid_input: no non-zero difference left, an infinite value, non-finite mu, an unknown
/// options.alternative or options.exact.
inline test_result wilcoxon_signed_rank(const std::vector<double>& x, const wilcoxon_options& options = {}) {
  constexpr const char* fn = "stats::wilcoxon_signed_rank";
  options.validate();
  detail::check_no_infinite(fn, "x", x);
  std::vector<double> d = detail::drop_missing(x);
  detail::check_sample_size(fn, "x", d.size(), 1);
  for (double& v : d) v -= options.mu;
  return detail::signed_rank_core(std::move(d), options, fn, "x");
}

/// Paired Wilcoxon signed-rank test of x − y: wilcox.test(x, y, paired = TRUE, ...). Pairs with a
/// NaN in either member are dropped.
/// Throws invalid_input: x and y of different lengths, no non-zero difference, an infinite value,
/// invalid options.
inline test_result wilcoxon_signed_rank_paired(const std::vector<double>& x, const std::vector<double>& y,
                                               const wilcoxon_options& options = {}) {
  constexpr const char* fn = "stats::wilcoxon_signed_rank_paired";
  options.validate();
  std::vector<double> d = detail::paired_differences(fn, x, y, options.mu);
  detail::check_sample_size(fn, "x - y", d.size(), 1);
  return detail::signed_rank_core(std::move(d), options, fn, "x - y");
}

/// Kruskal–Wallis rank-sum test that k ≥ 2 samples come from one distribution: kruskal.test(groups).
/// `statistic` is R's tie-corrected H, `df` = k − 1, P from χ²(k − 1). NaN values are missing and
/// dropped.
/// Throws invalid_input: fewer than 2 groups, a group with no values (after dropping NaN), an
/// infinite value, every value tied (no ranks to compare; R returns NaN).
inline test_result kruskal_wallis(const std::vector<std::vector<double>>& groups) {
  constexpr const char* fn = "stats::kruskal_wallis";
  if (groups.size() < 2) fail_input(fn, "groups.size()", groups.size(), "must be at least 2");
  std::vector<double> pooled;
  std::vector<std::size_t> sizes;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string name = nomo::detail::element("groups", g);
    detail::check_no_infinite(fn, name, groups[g]);
    const std::vector<double> values = detail::drop_missing(groups[g]);
    detail::check_sample_size(fn, name, values.size(), 1);
    pooled.insert(pooled.end(), values.begin(), values.end());
    sizes.push_back(values.size());
  }
  const detail::ranking r = detail::average_ranks(pooled);
  const double n = static_cast<double>(pooled.size());
  const double ties = 1 - detail::tie_sum(r) / (n * n * n - n);
  if (!(ties > 0)) fail_input(fn, "groups", "all values equal", "every value ties with every other: the ranks say nothing");
  double between = 0;  // Σ (rank sum)² / size, as R
  for (std::size_t g = 0, at = 0; g < sizes.size(); at += sizes[g], ++g) {
    double rank_sum = 0;
    for (std::size_t k = at; k < at + sizes[g]; ++k) rank_sum += r.rank[k];
    between += rank_sum * rank_sum / static_cast<double>(sizes[g]);
  }
  test_result out;
  out.method = "Kruskal-Wallis rank sum test";
  out.statistic = (12 * between / (n * (n + 1)) - 3 * (n + 1)) / ties;
  out.has_df = true;
  out.df = static_cast<double>(groups.size() - 1);
  out.p_value = nomo::detail::chi_square_upper(out.statistic, out.df);
  return out;
}

}  // namespace nomo::stats
