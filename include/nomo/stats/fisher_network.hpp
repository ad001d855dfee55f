#pragma once
// The exact two-sided P of Fisher's test on an r × c table, by Mehta and Patel's network
// algorithm (the idea of R's FEXACT, not its code). Enumerating every table with the observed
// margins is hopeless beyond small tables (a 3 × 5 table of 159 subjects has over 10⁸); the
// network fills the table one column at a time and merges the partial tables that leave the same
// row totals open, so each distinct remainder is handled once, and it stops following a partial
// table as soon as the exact range of its completions' probabilities shows that every completion,
// or none, is as improbable as the observed table. Near the end the completions of a node are few:
// they are listed, sorted, once, and each path reaching the node is summed against the list.
// Against R 4.2's fisher.test the P agrees to ~1e-10 relative (FEXACT merges partial tables within
// its own tolerance); on some wide tables FEXACT is off by far more (a 2 × 30 table: 0.99146 where
// this gives 0.99685 and R's simulate.p.value 0.99682).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <iterator>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"

namespace nomo::stats::detail {

/// R's FEXACT counts a table when log P(table) ≤ log P(observed) + this (its `tol`): tables as
/// probable as the observed one count despite rounding.
inline constexpr double fisher_log_tolerance = 3.45254e-7;

/// log(k!) for k up to a table's total: tabulated (lgamma of each k, not a running sum, which
/// would accumulate rounding) up to a size, lgamma beyond.
class log_factorials {
 public:
  explicit log_factorials(std::int64_t total) {
    const std::int64_t size = std::min<std::int64_t>(total, tabulated_limit) + 1;
    values_.resize(static_cast<std::size_t>(size));
    for (std::int64_t k = 0; k < size; ++k) values_[static_cast<std::size_t>(k)] = std::lgamma(static_cast<double>(k) + 1.0);
  }
  double operator()(std::int64_t k) const {
    return k < static_cast<std::int64_t>(values_.size()) ? values_[static_cast<std::size_t>(k)]
                                                          : std::lgamma(static_cast<double>(k) + 1.0);
  }

 private:
  static constexpr std::int64_t tabulated_limit = 1 << 22;
  std::vector<double> values_;
};

/// The largest Σ −log(xᵢ!) over whole xᵢ with Σ xᵢ = total and 0 ≤ xᵢ ≤ the caps (total ≤ Σ
/// caps), the caps given in increasing order by [first, last): the most even split the caps
/// allow (−log x! is concave, so adding units one at a time to the smallest xᵢ with room is
/// optimal).
template <class Increasing>
double most_even_split(Increasing first, Increasing last, std::int64_t total, const log_factorials& lf) {
  double sum = 0;
  auto open = static_cast<std::int64_t>(std::distance(first, last));  // caps not yet filled to the brim
  for (; first != last; ++first) {
    const std::int64_t cap = *first, share = total / open;  // an even share of what is left
    if (cap <= share) {  // the smallest cap open fills up
      sum -= lf(cap);
      total -= cap;
      --open;
      continue;
    }
    // Every cap from here on is above the even share: the rest splits evenly among them.
    const std::int64_t extra = total % open;
    return sum - static_cast<double>(open - extra) * lf(share) - static_cast<double>(extra) * lf(share + 1);
  }
  return sum;
}

/// The smallest Σ −log(xᵢ!) over the same set, the caps given in decreasing order: filling the
/// largest caps first, a split that majorises every other (−log x! is concave, so the sum is
/// Schur-concave).
template <class Decreasing>
double most_uneven_split(Decreasing first, Decreasing last, std::int64_t total, const log_factorials& lf) {
  double sum = 0;
  for (; first != last && total > 0; ++first) {
    const std::int64_t take = std::min(*first, total);
    sum -= lf(take);
    total -= take;
  }
  return sum;
}

/// Exact r × c P: the total probability of the tables with the observed margins whose probability
/// is at most the observed table's (FEXACT's tolerance), by the network algorithm.
class fisher_network {
 public:
  /// `max_paths` bounds the work (see carry_cost for its unit; 10⁸ is 0.5–2 s here).
  fisher_network(const Eigen::Ref<const Eigen::MatrixXd>& counts, double max_paths)
      : lf_(static_cast<std::int64_t>(counts.sum())), max_paths_(max_paths) {
    // Nodes are keyed by the open totals of the shorter side; columns are the longer side.
    const bool transpose = counts.rows() > counts.cols();
    const Eigen::MatrixXd table = transpose ? Eigen::MatrixXd(counts.transpose()) : Eigen::MatrixXd(counts);
    for (Eigen::Index i = 0; i < table.rows(); ++i) rows_.push_back(static_cast<std::int64_t>(table.row(i).sum()));
    for (Eigen::Index j = 0; j < table.cols(); ++j) columns_.push_back(static_cast<std::int64_t>(table.col(j).sum()));
    // Large columns first: they leave the most freedom, so merging and bounds cut the most.
    std::sort(columns_.begin(), columns_.end(), std::greater<>());
    std::int64_t total = 0;
    for (const std::int64_t r : rows_) {
      constant_ += lf_(r);
      total += r;
    }
    for (const std::int64_t c : columns_) constant_ += lf_(c);
    constant_ -= lf_(total);
    double observed = 0;
    for (Eigen::Index j = 0; j < table.cols(); ++j) {
      for (Eigen::Index i = 0; i < table.rows(); ++i) observed -= lf_(static_cast<std::int64_t>(table(i, j)));
    }
    observed_ = observed;
  }

  /// The observed table's probability given its margins.
  double observed_probability() const { return std::exp(constant_ + observed_); }

  /// Throws computation_error when the work would exceed max_paths.
  double p_value() {
    const double threshold = observed_ + fisher_log_tolerance;
    std::vector<std::int64_t> start = rows_;
    std::sort(start.begin(), start.end());
    futures_.assign(columns_.size(), {});
    // Nodes more than listed_columns from the end that are not finished from lists decide their
    // paths by the exact ranges of their completions.
    if (columns_.size() > listed_columns) map_futures(start);
    lists_.assign(columns_.size(), {});
    counts_.assign(columns_.size(), {});
    stage current;
    current[start].push_back({0.0, 1.0});
    double p = 0;
    for (std::size_t column = 0; column < columns_.size(); ++column) {
      stage next;
      for (auto& [open, paths] : current) {
        merge_equal_paths(paths);
        const std::size_t left = columns_.size() - column;
        if (left == listed_columns || (left == listed_columns + 1 && lists_pay_off(open, column, paths.size()))) {
          p += finish(open, column, paths, threshold);
          continue;
        }
        p += decide(open, column, paths, threshold, next);
      }
      current = std::move(next);
    }
    return std::min(1.0, p);
  }

 private:
  /// Partial tables that reached a node with the same −Σ log(x!) of their cells, and how many;
  /// also a node's completions with the same −Σ log(x!) while its completion list is built.
  struct path {
    double log_weight;
    double count;
  };
  struct key_hash {
    std::size_t operator()(const std::vector<std::int64_t>& key) const {
      std::size_t h = 0;
      for (const std::int64_t v : key) h = h * 1000003u ^ std::hash<std::int64_t>{}(v);
      return h;
    }
  };
  /// The nodes of one stage: sorted open row totals → the paths that reached them.
  using stage = std::unordered_map<std::vector<std::int64_t>, std::vector<path>, key_hash>;

  /// The most and least probable completions of a node: the largest and smallest −Σ log x! over
  /// the cells still to fill (the longest and shortest paths to the network's end).
  struct future_range {
    double longest, shortest;
  };

  /// Fills futures_ with the future_range of every node the network can reach from `start`: the
  /// nodes stage by stage, then their ranges from the last column back. Iterative, not recursive
  /// over the columns, so that a table with thousands of categories cannot exhaust the stack.
  void map_futures(const std::vector<std::int64_t>& start) {
    const std::size_t columns = columns_.size();
    std::vector<std::vector<std::vector<std::int64_t>>> nodes(columns);
    nodes[0].push_back(start);
    for (std::size_t k = 0; k + 1 < columns; ++k) {
      std::unordered_set<std::vector<std::int64_t>, key_hash> seen;
      for (const auto& open : nodes[k]) {
        for_each_fill(open, columns_[k], [&](const std::vector<std::int64_t>& child, double, double) {
          count_work(carry_cost);
          if (seen.insert(child).second) nodes[k + 1].push_back(child);
        });
      }
    }
    for (std::size_t k = columns; k-- > 0;) {
      for (const auto& open : nodes[k]) {
        future_range range{-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
        if (k + 1 == columns) {  // the last column is forced: x = the open totals
          range.longest = 0;
          for (const std::int64_t r : open) range.longest -= lf_(r);
          range.shortest = range.longest;
        } else {
          for_each_fill(open, columns_[k], [&](const std::vector<std::int64_t>& child, double weight, double) {
            count_work(carry_cost);
            const future_range& after = futures_[k + 1].at(child);
            range.longest = std::max(range.longest, weight + after.longest);
            range.shortest = std::min(range.shortest, weight + after.shortest);
          });
        }
        futures_[k].emplace(open, range);
      }
    }
  }

  /// Bounds on the future_range of the node `open` before column `column` that cost no walk through
  /// the network: the tighter of two relaxations, each column filled against the open row totals
  /// as caps, or each row against the column totals.
  /// Both sides are already sorted (open increasing, columns_ decreasing), so nothing is copied.
  future_range relaxed_range(const std::vector<std::int64_t>& open, std::size_t column) const {
    const auto rest = columns_.begin() + static_cast<std::ptrdiff_t>(column);  // decreasing to columns_.end()
    const auto rest_increasing = columns_.rbegin(), rest_end = columns_.rend() - static_cast<std::ptrdiff_t>(column);
    double by_column_even = 0, by_column_uneven = 0, by_row_even = 0, by_row_uneven = 0;
    for (auto c = rest; c != columns_.end(); ++c) {
      by_column_even += most_even_split(open.begin(), open.end(), *c, lf_);
      by_column_uneven += most_uneven_split(open.rbegin(), open.rend(), *c, lf_);
    }
    for (const std::int64_t r : open) {
      by_row_even += most_even_split(rest_increasing, rest_end, r, lf_);
      by_row_uneven += most_uneven_split(rest, columns_.end(), r, lf_);
    }
    return {std::min(by_column_even, by_row_even), std::max(by_column_uneven, by_row_uneven)};
  }

  /// log Σ Π 1/x! over the completions of the node `open` before column `column`:
  /// log(n! / (Π r! Π c!)) of the open row totals and the columns still to fill.
  double log_total(const std::vector<std::int64_t>& open, std::size_t column) const {
    std::int64_t remaining = 0;
    double total = 0;
    for (const std::int64_t r : open) {
      remaining += r;
      total -= lf_(r);
    }
    for (std::size_t j = column; j < columns_.size(); ++j) total -= lf_(columns_[j]);
    return total + lf_(remaining);
  }

  /// Calls visit(child, weight, ways) for every way to fill a column of total `column_total` from
  /// the open row totals (sorted): child = the open totals left (sorted), weight = −Σ log x! of the
  /// column's cells. Rows with equal open totals are interchangeable: fills that only permute their
  /// cells lead to the same child with the same weight, so each is visited once, with `ways` the
  /// number of such permutations (Π over runs of equal totals of size! / Π over equal cells
  /// count!).
  template <class Visit>
  void for_each_fill(const std::vector<std::int64_t>& open, std::int64_t column_total, const Visit& visit) {
    const std::size_t rows = open.size();
    std::vector<std::int64_t> fill(rows), capacity_after(rows + 1, 0), child(rows);
    for (std::size_t i = rows; i-- > 0;) capacity_after[i] = capacity_after[i + 1] + open[i];
    // Row by row: x_i from what the later rows cannot take up to what row i can, and no more than
    // the previous row's cell when the two rows are interchangeable. `run` counts the rows of the
    // current group of equal totals, `same` those of them with the last cell's value.
    auto place = [&](auto&& self, std::size_t i, std::int64_t left, double weight, double ways, double run,
                     double same) -> void {
      if (i == rows) {
        for (std::size_t r = 0; r < rows; ++r) child[r] = open[r] - fill[r];
        std::sort(child.begin(), child.end());
        count_work(1);
        visit(child, weight, ways);
        return;
      }
      const bool grouped = i > 0 && open[i] == open[i - 1];
      const std::int64_t lowest = std::max<std::int64_t>(0, left - capacity_after[i + 1]);
      const std::int64_t highest = std::min({left, open[i], grouped ? fill[i - 1] : open[i]});
      for (std::int64_t x = lowest; x <= highest; ++x) {
        fill[i] = x;
        const double in_run = grouped ? run + 1 : 1, alike = grouped && x == fill[i - 1] ? same + 1 : 1;
        self(self, i + 1, left - x, weight - lf_(x), ways * in_run / alike, in_run, alike);
      }
    };
    place(place, 0, column_total, 0.0, 1.0, 0.0, 0.0);
  }

  /// A path carried to the next column costs about this many comparisons of a path against a
  /// completion list (it is copied, hashed to its node, sorted and merged there): work units of
  /// max_paths are comparisons, so that the budget stands for about the same time either way.
  static constexpr double carry_cost = 16;

  /// Adds to the work done and throws past max_paths.
  void count_work(double amount) {
    work_ += amount;
    if (work_ > max_paths_) {
      throw computation_error("stats::fisher_exact",
                              "the network algorithm needs more than options.max_paths = " + nomo::detail::describe(max_paths_) +
                                  " steps for these margins; use chi_square_test or raise max_paths");
    }
  }

  /// Sorts the paths by weight and merges those whose weights agree to rounding (the same cells in
  /// another order).
  static void merge_equal_paths(std::vector<path>& paths) {
    std::sort(paths.begin(), paths.end(), [](const path& a, const path& b) { return a.log_weight < b.log_weight; });
    std::size_t kept = 0;
    for (std::size_t k = 1; k < paths.size(); ++k) {
      path& last = paths[kept];
      if (paths[k].log_weight - last.log_weight <= 1e-12 * (1.0 + std::fabs(last.log_weight))) {
        last.count += paths[k].count;
      } else {
        paths[++kept] = paths[k];
      }
    }
    paths.resize(paths.empty() ? 0 : kept + 1);
  }

  /// The completions of a node near the end, sorted by −Σ log x!, with running sums of their
  /// probabilities relative to the most probable one (the last).
  struct completion_list {
    std::vector<double> log_weight;
    std::vector<double> ways;     ///< how many completions share the entry's cells up to order
    std::vector<double> running;  ///< Σ ways · exp(log_weight − the last log_weight) up to each entry
  };

  /// Nodes this many columns from the end, or fewer, can have their completions listed: beyond,
  /// the lists grow as the product of the columns' fills.
  static constexpr std::size_t listed_columns = 3;

  /// completion_list of the node `open` before column `column` (at most listed_columns from the
  /// end), remembered per node: the nodes before it share it.
  const completion_list& completions(const std::vector<std::int64_t>& open, std::size_t column) {
    auto& known = lists_[column];
    if (const auto found = known.find(open); found != known.end()) return found->second;
    std::vector<path> entries;
    const bool last_free = column + 2 == columns_.size();  // the column after this one is forced
    for_each_fill(open, columns_[column], [&](const std::vector<std::int64_t>& child, double weight, double ways) {
      if (last_free) {
        for (const std::int64_t r : child) weight -= lf_(r);
        entries.push_back({weight, ways});
      } else {
        const completion_list& after = completions(child, column + 1);
        for (std::size_t k = 0; k < after.log_weight.size(); ++k) {
          entries.push_back({weight + after.log_weight[k], ways * after.ways[k]});
        }
      }
    });
    const auto size = static_cast<double>(entries.size());
    count_work(size * std::log2(size + 1));  // the sort
    std::sort(entries.begin(), entries.end(), [](const path& a, const path& b) { return a.log_weight < b.log_weight; });
    completion_list list;
    const double top = entries.back().log_weight;
    double sum = 0;
    list.log_weight.reserve(entries.size());
    list.ways.reserve(entries.size());
    list.running.reserve(entries.size());
    for (const path& e : entries) {
      list.log_weight.push_back(e.log_weight);
      list.ways.push_back(e.count);
      list.running.push_back(sum += e.count * std::exp(e.log_weight - top));
    }
    // References into an unordered_map stay valid while it grows.
    return known.emplace(open, std::move(list)).first->second;
  }

  /// How many completions the node `open` before column `column` has (as completions() would
  /// list them), remembered per node.
  double completion_count(const std::vector<std::int64_t>& open, std::size_t column) {
    if (column + 1 == columns_.size()) return 1;
    auto& known = counts_[column];
    if (const auto found = known.find(open); found != known.end()) return found->second;
    double count = 0;  // entries, as listed: permutations of interchangeable rows are one entry
    for_each_fill(open, columns_[column], [&](const std::vector<std::int64_t>& child, double, double) {
      count += completion_count(child, column + 1);
    });
    return known.emplace(open, count).first->second;
  }

  /// Whether the paths at the node `open`, listed_columns + 1 from the end, are cheaper summed
  /// against its children's completion lists than carried to the children: each path then costs a
  /// few comparisons per fill instead of a copy per fill to merge and sum later.
  bool lists_pay_off(const std::vector<std::int64_t>& open, std::size_t column, std::size_t paths) {
    double listed = 0, fills = 0;
    for_each_fill(open, columns_[column], [&](const std::vector<std::int64_t>& child, double, double) {
      if (lists_[column + 1].count(child) == 0) listed += completion_count(child, column + 1);
      ++fills;
    });
    return listed <= 4.0 * fills * static_cast<double>(paths);
  }

  /// One fill of a node's column: the completion list it leads to, the fill's weight, and the
  /// completions [0, counted) that count for the path being summed.
  struct branch {
    const completion_list* list;
    double weight;
    double scale;  ///< the fill's ways times the list's most probable completion relative to the node's
    std::size_t counted;
  };

  /// The probability of the tables through the node `open` before column `column` that count, for
  /// its paths (sorted by weight). Each fill of the column leads to a child. When the child's
  /// relaxed bounds show that every completion counts for every path, or none for any, its total
  /// is added in closed form, or nothing; otherwise its completions are listed, and a path counts
  /// a prefix of the list, which only shrinks as the paths grow heavier.
  double finish(const std::vector<std::int64_t>& open, std::size_t column, const std::vector<path>& paths,
                double threshold) {
    const double lightest = paths.front().log_weight, heaviest = paths.back().log_weight;
    // Scaled by the node's total so that neither factor of a term overflows: each is at most 1.
    const double node_total = log_total(open, column);
    double whole = 0;  // Σ over children whose completions all count: their totals, relative to the node's
    std::vector<branch> branches;
    double longest = -std::numeric_limits<double>::infinity();
    for_each_fill(open, columns_[column], [&](const std::vector<std::int64_t>& child, double weight, double ways) {
      const future_range bounds = relaxed_range(child, column + 1);
      if (heaviest + weight + bounds.longest <= threshold) {
        whole += ways * std::exp(weight + log_total(child, column + 1) - node_total);
        return;
      }
      if (lightest + weight + bounds.shortest > threshold) return;
      const completion_list& list = completions(child, column + 1);
      branches.push_back({&list, weight, ways, list.log_weight.size()});
      longest = std::max(longest, weight + list.log_weight.back());
    });
    for (branch& b : branches) b.scale *= std::exp(b.weight + b.list->log_weight.back() - longest);
    double p = 0;
    for (const path& at : paths) p += at.count * std::exp(constant_ + at.log_weight + node_total) * whole;
    if (branches.empty()) return p;
    for (const path& at : paths) {
      count_work(static_cast<double>(branches.size()));
      const double limit = threshold - at.log_weight;
      double counted = 0;
      for (branch& b : branches) {
        const std::vector<double>& w = b.list->log_weight;
        while (b.counted > 0 && !(b.weight + w[b.counted - 1] <= limit)) --b.counted;
        if (b.counted > 0) counted += b.scale * b.list->running[b.counted - 1];
      }
      p += at.count * std::exp(constant_ + at.log_weight + longest) * counted;
    }
    return p;
  }

  /// The probability of the tables through the node `open` before column `column` that the exact
  /// range of its completions decides for its paths: all of them count, or none. The other paths
  /// go on to the next column's nodes in `next`.
  double decide(const std::vector<std::int64_t>& open, std::size_t column, const std::vector<path>& paths,
                double threshold, stage& next) {
    const future_range& range = futures_[column].at(open);
    double p = 0;
    std::vector<path> undecided;
    for (const path& at : paths) {
      if (at.log_weight + range.longest <= threshold) {  // every completion counts
        p += at.count * std::exp(constant_ + at.log_weight + log_total(open, column));
      } else if (!(at.log_weight + range.shortest > threshold)) {
        undecided.push_back(at);
      }
    }
    if (!undecided.empty()) extend(open, column, undecided, next);
    return p;
  }

  /// Carries the undecided paths through every fill of column `column` to the nodes it leaves.
  void extend(const std::vector<std::int64_t>& open, std::size_t column, const std::vector<path>& undecided,
              stage& next) {
    for_each_fill(open, columns_[column], [&](const std::vector<std::int64_t>& child, double weight, double ways) {
      count_work(carry_cost * static_cast<double>(undecided.size()));
      std::vector<path>& to = next[child];
      for (const path& at : undecided) to.push_back({at.log_weight + weight, at.count * ways});
    });
  }

  log_factorials lf_;
  double max_paths_;
  std::vector<std::int64_t> rows_, columns_;
  double constant_ = 0;  ///< log(Π r! Π c! / n!)
  double observed_ = 0;  ///< −Σ log x! over the observed cells
  double work_ = 0;
  /// Per column: the completion lists and counts of the nodes before it (see completions()).
  std::vector<std::unordered_map<std::vector<std::int64_t>, completion_list, key_hash>> lists_;
  std::vector<std::unordered_map<std::vector<std::int64_t>, double, key_hash>> counts_;
  std::vector<std::unordered_map<std::vector<std::int64_t>, future_range, key_hash>> futures_;
};

}  // namespace nomo::stats::detail
