#pragma once
// k-fold and repeated k-fold cross-validation of a logistic model's accuracy indexes: rms
// validate(fit, method = "crossvalidation", B = k), and its average over repeated partitions.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/rng.hpp"
#include "nomo/resample/validate.hpp"

namespace nomo::resample {

/// How the rows are partitioned. Defaults: 10 folds, one repeat, seed 1, nomo's generator.
struct cross_validation_options {
  int folds = 10;    ///< k (rms' B for method = "crossvalidation"); 2 ≤ k ≤ n/2
  int repeats = 1;   ///< partitions averaged (repeated k-fold)
  std::uint64_t seed = 1;  ///< for r_compatible, R's set.seed argument (see plan_options::seed)
  /// splitmix64: repeat r permutes with splitmix64(seed, r). r_compatible: one R `sample(n)` per
  /// repeat from set.seed(seed), as consecutive validate(..., method = "crossvalidation") calls draw.
  index_generator generator = index_generator::splitmix64;

  /// Throws invalid_input for folds < 2, repeats < 1, an unknown generator, or an r_compatible seed
  /// that is not an R integer.
  void validate() const {
    constexpr const char* fn = "resample::cross_validation_options::validate";
    if (folds < 2) fail_input(fn, "folds", folds, "must be at least 2");
    if (repeats < 1) fail_input(fn, "repeats", repeats, "must be at least 1");
    detail::check_generator(fn, generator);
    if (generator == index_generator::r_compatible) detail::check_r_seed(fn, seed);
  }
};

namespace detail {

/// A uniformly random permutation of [0, n) from nomo's stream (Fisher–Yates).
inline std::vector<std::size_t> splitmix_permutation(std::size_t n, std::uint64_t seed, std::uint64_t stream) {
  splitmix64 rng(seed, stream);
  std::vector<std::size_t> p(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[static_cast<std::size_t>(rng.below(i))]);
  return p;
}

/// Test and training rows of the k folds of `order`, as predab.resample cuts them: fold i holds
/// order[is..ie] with is = 1 + round((i − 1)·n/k), ie = min(n, round(is + n/k − 1)) (1-based, R's
/// round half to even); training rows are all others in original order. As in rms, the rounding
/// can leave a few rows in no test fold (n = 123, k = 10: 3 rows); they are always training rows.
struct fold_rows {
  std::vector<std::vector<Eigen::Index>> train, test;
};

inline fold_rows cut_folds(const std::vector<std::size_t>& order, int folds) {
  const std::size_t n = order.size();
  const double per_group = static_cast<double>(n) / folds;
  fold_rows f;
  for (int i = 0; i < folds; ++i) {
    const auto start = static_cast<std::size_t>(1 + std::nearbyint(i * per_group));
    const auto end = std::min(n, static_cast<std::size_t>(std::nearbyint(static_cast<double>(start) + per_group - 1)));
    std::vector<bool> in_test(n, false);
    std::vector<Eigen::Index> test;
    for (std::size_t k = start; k <= end; ++k) {
      test.push_back(static_cast<Eigen::Index>(order[k - 1]));
      in_test[order[k - 1]] = true;
    }
    std::vector<Eigen::Index> train;
    for (std::size_t r = 0; r < n; ++r)
      if (!in_test[r]) train.push_back(static_cast<Eigen::Index>(r));
    f.train.push_back(std::move(train));
    f.test.push_back(std::move(test));
  }
  return f;
}

/// Adds `w`·(every number of `from`) to `to`, for averaging repeats.
inline void accumulate_rows(validation& to, const validation& from, double w) {
  validation_index validation::* all[] = {&validation::dxy, &validation::c, &validation::r2, &validation::intercept,
                                          &validation::slope, &validation::emax, &validation::d, &validation::u,
                                          &validation::q, &validation::brier, &validation::g, &validation::gp};
  for (auto member : all) {
    validation_index& t = to.*member;
    const validation_index& s = from.*member;
    t.original += w * s.original;
    t.training += w * s.training;
    t.test += w * s.test;
    t.optimism += w * s.optimism;
    t.corrected += w * s.corrected;
    t.n += s.n;
  }
}

/// Adds one repeat's replicate counts and step-down summaries to the running result.
inline void add_repeat(validation& to, const validation& from) {
  replicate_counts& c = to.replicates;
  c.total += from.replicates.total;
  c.succeeded += from.replicates.succeeded;
  c.failed += from.replicates.failed;
  c.threw += from.replicates.threw;
  for (const auto& f : from.replicates.first_failures)
    if (c.first_failures.size() < 10) c.first_failures.push_back(f);
  c.note = c.succeeded < c.total ? "Divergence or singularity in " + std::to_string(c.total - c.succeeded) + " samples" : "";
  if (from.factor_names.empty()) return;
  to.factor_names = from.factor_names;
  to.original_kept_factors = from.original_kept_factors;
  Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> rows(to.retained.rows() + from.retained.rows(), from.retained.cols());
  if (to.retained.rows() > 0) rows.topRows(to.retained.rows()) = to.retained;
  rows.bottomRows(from.retained.rows()) = from.retained;
  to.retained = rows;
  to.retained_count_frequency.resize(from.retained_count_frequency.size(), 0);
  for (std::size_t k = 0; k < from.retained_count_frequency.size(); ++k) to.retained_count_frequency[k] += from.retained_count_frequency[k];
}

/// Requires every test fold of n rows cut k ways to hold at least 3 rows (the fold sizes depend on
/// n and k only): each fold's recalibration is a logistic fit on its test rows, which rms refuses
/// below 3.
inline void check_test_fold_sizes(std::string_view fn, std::size_t n, int folds) {
  std::vector<std::size_t> identity(n);
  for (std::size_t r = 0; r < n; ++r) identity[r] = r;
  std::size_t smallest = n;
  for (const auto& test : cut_folds(identity, folds).test) smallest = std::min(smallest, test.size());
  if (smallest < 3) {
    fail_input(fn, "folds", folds,
               "leaves a test fold of " + std::to_string(smallest) + " rows out of n = " + std::to_string(n) +
                   "; each fold's recalibration needs at least 3 (rms stops: \"must have >=3 non-missing observations\")");
  }
}

}  // namespace detail

/// k-fold cross-validation of the accuracy indexes: rms `validate(fit, method = "crossvalidation",
/// B = folds, bw, ...)`. Each fold's model is fitted on the other rows (training indexes there) and
/// tested on the fold (test indexes, recalibration on the fold); optimism and corrected as in
/// validate(). With repeats > 1 every number is the mean over repeated partitions (what averaging
/// several rms runs gives), except `n`, which counts successful folds over all repeats, and the
/// replicate counts, which add up. Folds that cannot be fitted are skipped and counted.
/// Throws invalid_input for bad data or options, folds > n/2 (rms: "B > n/2") or folds that leave
/// a test fold fewer than 3 rows (rms stops there: lrm.fit's "must have >=3 non-missing
/// observations"); computation_error when the full-data fit fails or every fold of a repeat failed.
inline validation cross_validate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::VectorXd& y,
                                 const cross_validation_options& cv = {}, const validate_options& options = {}) {
  constexpr const char* fn = "resample::cross_validate";
  cv.validate();
  detail::check_validation_input(fn, x, y, options);
  if (2 * static_cast<Eigen::Index>(cv.folds) > x.rows()) fail_input(fn, "folds", cv.folds, "must be at most n/2 = " + std::to_string(x.rows() / 2));
  const auto n = static_cast<std::size_t>(x.rows());
  detail::check_test_fold_sizes(fn, n, cv.folds);
  r_mersenne_twister r_stream(detail::r_seed(cv.seed).value_or(0));  // used by r_compatible, whose seed is checked
  validation mean;
  const auto folds_per_repeat = static_cast<std::size_t>(cv.folds);
  const auto folds_in_all = static_cast<std::size_t>(cv.repeats) * folds_per_repeat;
  validate_options repeat_options = options;
  for (int r = 0; r < cv.repeats; ++r) {
    // Progress counts the folds of all repeats: (finished, repeats · folds).
    repeat_options.runner = detail::phase_runner(options.runner, static_cast<std::size_t>(r) * folds_per_repeat, folds_in_all);
    const std::vector<std::size_t> order = cv.generator == index_generator::r_compatible
                                               ? r_stream.permutation(n)
                                               : detail::splitmix_permutation(n, cv.seed, static_cast<std::uint64_t>(r));
    const detail::fold_rows folds = detail::cut_folds(order, cv.folds);
    const validation v = detail::run_validation(fn, x, y, folds.test.size(), [&](std::size_t k, std::vector<Eigen::Index>&) {
      return detail::split_rows{folds.train[k], folds.test[k]};
    }, repeat_options);
    detail::accumulate_rows(mean, v, 1.0 / cv.repeats);
    detail::add_repeat(mean, v);
  }
  return mean;
}

}  // namespace nomo::resample
