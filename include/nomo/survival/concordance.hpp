#pragma once
// Harrell's concordance of a risk score with right-censored survival times, with survival's pair
// counts and its infinitesimal-jackknife standard error: survival::concordance(Surv(time, status) ~
// risk, reverse = TRUE), which is also what coxph reports as fit$concordance.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/stats/groups.hpp"
#include "nomo/survival/survival_data.hpp"

namespace nomo::survival {

/// Options of concordance(). Defaults: unit weights, one stratum, each row its own cluster.
struct concordance_options {
  Eigen::VectorXd weights;           ///< case weights (> 0), one per row; empty = 1
  std::vector<std::string> strata;   ///< labels; pairs are only formed within a stratum; empty = one
  std::vector<std::string> cluster;  ///< labels; the SE adds the influence within a cluster; empty = rows
};

/// survival's concordance counts and statistic. A pair is comparable when the shorter time is an
/// event (a censored time equal to an event time counts as the longer); it is concordant when the
/// subject who failed first has the higher risk. Counts are sums over pairs of the product of the
/// two weights.
struct concordance_result {
  double concordant = 0;
  double discordant = 0;
  double tied_risk = 0;   ///< comparable pairs with equal risk (survival's tied.x)
  double tied_time = 0;   ///< pairs of events at the same time, risks differing (tied.y)
  double tied_both = 0;   ///< pairs of events at the same time with equal risk (tied.xy)
  /// (concordant + tied_risk / 2) / (concordant + discordant + tied_risk); NaN without comparable pairs.
  double concordance = std::numeric_limits<double>::quiet_NaN();
  /// Infinitesimal-jackknife SE of the concordance (survival's sqrt(var)), summed by cluster.
  double std_err = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {

/// Sums of weights over the risk ranks added so far (a Fenwick tree), so that each subject finds
/// how much weight at risk lies below, at and above its own risk in O(log n).
class rank_weights {
 public:
  explicit rank_weights(std::size_t ranks) : tree_(ranks + 1, 0.0) {}
  void add(std::size_t rank, double weight) {
    for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += weight;
    total_ += weight;
  }
  /// Weight at ranks below `rank`.
  double below(std::size_t rank) const {
    double sum = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) sum += tree_[i];
    return sum;
  }
  double total() const { return total_; }

 private:
  std::vector<double> tree_;
  double total_ = 0;
};

/// Rows of one problem: n parallel arrays (the caller's, not copied), and `order` listing the rows
/// stratum by stratum with times increasing within each (strata contiguous, times tie-fixed).
struct concordance_rows {
  std::size_t n;
  const double* time;
  const double* status;
  const double* risk;
  const double* weight;
  const std::size_t* stratum;
  const std::size_t* cluster;  ///< codes 0 … clusters − 1
  std::size_t clusters;
  const std::vector<std::size_t>& order;
};

/// A row's comparable pairs by kind: its influence on the three counts the statistic uses.
struct pair_influence {
  std::vector<double> concordant, discordant, tied;
};

/// Dense ranks (0-based) of the risks of `rows`: equal risks share a rank.
inline std::vector<std::size_t> risk_ranks(const concordance_rows& d, const std::vector<std::size_t>& rows,
                                           std::size_t& ranks) {
  std::vector<double> sorted;
  for (std::size_t i : rows) sorted.push_back(d.risk[i]);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  ranks = sorted.size();
  std::vector<std::size_t> rank(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    rank[k] = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), d.risk[rows[k]]) - sorted.begin());
  }
  return rank;
}

/// Start of each run of equal times among `rows` (times increasing), with rows.size() appended.
inline std::vector<std::size_t> time_groups(const concordance_rows& d, const std::vector<std::size_t>& rows) {
  std::vector<std::size_t> start;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (k == 0 || d.time[rows[k]] != d.time[rows[k - 1]]) start.push_back(k);
  }
  start.push_back(rows.size());
  return start;
}

/// One stratum's rows (times increasing), their dense risk ranks and the runs of equal times.
struct stratum_rows {
  std::vector<std::size_t> rows;
  std::vector<std::size_t> rank;
  std::size_t ranks = 0;
  std::vector<std::size_t> start;  ///< first position of each time, then rows.size()
};

/// The weight in a tree below, at and above one risk rank.
struct risk_split {
  double lower = 0, equal = 0, higher = 0;
};

inline risk_split split_at(const rank_weights& tree, std::size_t rank) {
  risk_split s;
  s.lower = tree.below(rank);
  s.equal = tree.below(rank + 1) - s.lower;
  s.higher = tree.total() - s.lower - s.equal;
  return s;
}

/// Adds the pairs of events that share a time, (W² − Σw²) / 2 of them, to tied_time, or to
/// tied_both for those whose risks are equal too. `events` holds (risk rank, weight); it is sorted.
inline void count_tied_times(std::vector<std::pair<std::size_t, double>>& events, concordance_result& counts) {
  std::sort(events.begin(), events.end());
  double all = 0, all_squares = 0, equal_pairs = 0;
  for (std::size_t a = 0; a < events.size();) {
    double w = 0, w2 = 0;
    std::size_t b = a;
    for (; b < events.size() && events[b].first == events[a].first; ++b) {
      w += events[b].second;
      w2 += events[b].second * events[b].second;
    }
    equal_pairs += (w * w - w2) / 2;
    all += w;
    all_squares += w2;
    a = b;
  }
  counts.tied_both += equal_pairs;
  counts.tied_time += (all * all - all_squares) / 2 - equal_pairs;
}

/// From the longest time down: each event meets the weight still at risk (later times, and
/// censored times equal to its own), which gives the counts and the events' side of each pair.
inline void count_events(const concordance_rows& d, const stratum_rows& s, concordance_result& counts,
                         pair_influence& influence) {
  rank_weights at_risk(s.ranks);
  std::vector<std::pair<std::size_t, double>> events;  // this time's events: (risk rank, weight)
  for (std::size_t g = s.start.size() - 1; g-- > 0;) {
    for (std::size_t k = s.start[g]; k < s.start[g + 1]; ++k)
      if (d.status[s.rows[k]] == 0) at_risk.add(s.rank[k], d.weight[s.rows[k]]);
    events.clear();
    for (std::size_t k = s.start[g]; k < s.start[g + 1]; ++k) {
      const std::size_t i = s.rows[k];
      if (d.status[i] == 0) continue;
      const risk_split at = split_at(at_risk, s.rank[k]);
      influence.concordant[i] += at.lower;
      influence.discordant[i] += at.higher;
      influence.tied[i] += at.equal;
      counts.concordant += d.weight[i] * at.lower;
      counts.discordant += d.weight[i] * at.higher;
      counts.tied_risk += d.weight[i] * at.equal;
      events.emplace_back(s.rank[k], d.weight[i]);
    }
    count_tied_times(events, counts);
    for (std::size_t k = s.start[g]; k < s.start[g + 1]; ++k)
      if (d.status[s.rows[k]] != 0) at_risk.add(s.rank[k], d.weight[s.rows[k]]);
  }
}

/// From the shortest time up: each row meets the events before it (and, when censored, those at
/// its own time), the later member's side of each pair.
inline void count_later_rows(const concordance_rows& d, const stratum_rows& s, pair_influence& influence) {
  rank_weights failed(s.ranks);
  auto meet_earlier_events = [&](std::size_t k) {
    const risk_split before = split_at(failed, s.rank[k]);
    const std::size_t j = s.rows[k];
    influence.concordant[j] += before.higher;  // those events had the higher risk and failed first
    influence.discordant[j] += before.lower;
    influence.tied[j] += before.equal;
  };
  for (std::size_t g = 0; g + 1 < s.start.size(); ++g) {
    for (std::size_t k = s.start[g]; k < s.start[g + 1]; ++k)
      if (d.status[s.rows[k]] != 0) meet_earlier_events(k);
    for (std::size_t k = s.start[g]; k < s.start[g + 1]; ++k)
      if (d.status[s.rows[k]] != 0) failed.add(s.rank[k], d.weight[s.rows[k]]);
    for (std::size_t k = s.start[g]; k < s.start[g + 1]; ++k)
      if (d.status[s.rows[k]] == 0) meet_earlier_events(k);
  }
}

/// C from the counts, and its SE from each row's influence: concordancefit's dfbeta, added up by
/// cluster, var = Σ dfbeta² / 4. `pairs` is concordant + discordant + tied_risk (> 0).
inline void finish_statistic(const concordance_rows& d, const pair_influence& influence, double pairs,
                             concordance_result& out) {
  const double somers_d = (out.concordant - out.discordant) / pairs;
  out.concordance = (somers_d + 1) / 2;
  std::vector<double> dfbeta(d.clusters, 0.0);
  for (std::size_t i = 0; i < d.n; ++i) {
    dfbeta[d.cluster[i]] += d.weight[i] * ((influence.concordant[i] - influence.discordant[i]) / pairs -
                                           somers_d / pairs * (influence.concordant[i] + influence.discordant[i] + influence.tied[i]));
  }
  double variance = 0;
  for (double v : dfbeta) variance += v * v;
  out.std_err = std::sqrt(variance / 4);
}

/// concordancefit's counts, statistic and IJ standard error over every stratum of `d`.
inline concordance_result concordance_of(concordance_rows d) {
  const std::size_t n = d.n;
  // Pair counts are products of two weights: counted on weights scaled to a largest of 1, they
  // neither overflow nor underflow; C and its SE do not change with the scale.
  const double largest = *std::max_element(d.weight, d.weight + n);
  std::vector<double> scaled;
  if (largest != 1) {
    scaled.assign(d.weight, d.weight + n);
    for (double& w : scaled) w /= largest;
    d.weight = scaled.data();
  }
  concordance_result out;
  pair_influence influence{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin;
    while (end < n && d.stratum[d.order[end]] == d.stratum[d.order[begin]]) ++end;
    stratum_rows s;
    s.rows.assign(d.order.begin() + static_cast<std::ptrdiff_t>(begin), d.order.begin() + static_cast<std::ptrdiff_t>(end));
    s.rank = risk_ranks(d, s.rows, s.ranks);
    s.start = time_groups(d, s.rows);
    count_events(d, s, out, influence);
    count_later_rows(d, s, influence);
    begin = end;
  }
  const double pairs = out.concordant + out.discordant + out.tied_risk;
  if (!(pairs > 0)) return out;
  finish_statistic(d, influence, pairs, out);
  for (double* count : {&out.concordant, &out.discordant, &out.tied_risk, &out.tied_time, &out.tied_both}) {
    *count *= largest * largest;
  }
  return out;
}

}  // namespace detail

/// Harrell's concordance of `risk` (higher = expected to fail sooner) with right-censored survival:
/// survival::concordance(Surv(time, status) ~ risk, weights, reverse = TRUE) with strata(s) and
/// cluster(c) when given, timewt = "n". Times within sqrt(eps) are merged first, as survival's
/// aeqSurv does. For a score where higher means longer survival, pass its negative.
/// Throws invalid_input: sizes that differ, no rows, negative or non-finite time, status other than
/// 0/1, non-finite risk, weights not positive and finite, an empty stratum or cluster label, no
/// comparable pair (no event before another subject's time).
inline concordance_result concordance(const std::vector<double>& time, const std::vector<double>& status,
                                      const Eigen::Ref<const Eigen::VectorXd>& risk,
                                      const concordance_options& options = {}) {
  constexpr const char* fn = "survival::concordance";
  detail::check_survival_data(fn, time, status);
  const std::size_t n = time.size();
  check_same_size(fn, "risk", static_cast<std::size_t>(risk.size()), "time", n);
  check_all_finite(fn, "risk", risk);
  if (options.weights.size() > 0) {
    check_same_size(fn, "options.weights", static_cast<std::size_t>(options.weights.size()), "time", n);
    for (Eigen::Index i = 0; i < options.weights.size(); ++i) {
      check_positive(fn, nomo::detail::element("options.weights", static_cast<std::size_t>(i)), options.weights(i));
    }
  }
  if (!options.strata.empty()) check_same_size(fn, "options.strata", options.strata.size(), "time", n);
  if (!options.cluster.empty()) check_same_size(fn, "options.cluster", options.cluster.size(), "time", n);
  const stats::group_codes strata =
      options.strata.empty() ? stats::single_group(n) : stats::group_by_label(fn, "options.strata", options.strata);
  const stats::group_codes clusters =
      options.cluster.empty() ? stats::group_codes{} : stats::group_by_label(fn, "options.cluster", options.cluster);
  const detail::ordered_times prepared = detail::order_by_code_and_time(strata.codes, strata.levels.size(), time);

  // The caller's arrays are read in place (a Ref to a const VectorXd is contiguous); only absent
  // weights and clusters are made up: unit weights, and each row its own cluster.
  Eigen::VectorXd unit_weights;
  if (options.weights.size() == 0) unit_weights.setOnes(static_cast<Eigen::Index>(n));
  std::vector<std::size_t> own_cluster;
  if (clusters.codes.empty()) {
    own_cluster.resize(n);
    std::iota(own_cluster.begin(), own_cluster.end(), std::size_t{0});
  }
  const detail::concordance_rows rows{n,
                                      prepared.time.data(),
                                      status.data(),
                                      risk.data(),
                                      options.weights.size() > 0 ? options.weights.data() : unit_weights.data(),
                                      strata.codes.data(),
                                      clusters.codes.empty() ? own_cluster.data() : clusters.codes.data(),
                                      clusters.codes.empty() ? n : clusters.levels.size(),
                                      prepared.order};
  concordance_result out = detail::concordance_of(rows);
  if (std::isnan(out.concordance)) {
    fail_input(fn, "time", "no comparable pair", "no event precedes another subject's time (within a stratum)");
  }
  return out;
}

}  // namespace nomo::survival
