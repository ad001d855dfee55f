#pragma once
// Grouping observations by a label, in the order R's factor() gives its levels.
//
// Kaplan–Meier curves, log-rank tests and Table 1 columns are all "one result per group"; they
// share this one definition of what a group is and in which order groups are reported.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/collate.hpp"
#include "nomo/core/error.hpp"
#include "nomo/core/number_text.hpp"

namespace nomo::stats {

/// Observations coded by group: `levels[codes[i]]` is the group of observation i.
struct group_codes {
  std::vector<std::string> levels;  ///< distinct labels in report order
  std::vector<std::size_t> codes;   ///< one per observation, an index into `levels`
  std::vector<std::size_t> sizes;   ///< observations per level
};

namespace detail {

template <class Key>
group_codes code_by(const std::vector<Key>& keys, std::vector<Key> distinct,
                    std::vector<std::string> labels) {
  group_codes out{std::move(labels), std::vector<std::size_t>(keys.size()),
                  std::vector<std::size_t>(distinct.size(), 0)};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto at = std::lower_bound(distinct.begin(), distinct.end(), keys[i]);
    out.codes[i] = static_cast<std::size_t>(at - distinct.begin());
    ++out.sizes[out.codes[i]];
  }
  return out;
}

/// Requires the requested levels to be distinct: a repeated level would be a second, empty group.
inline void check_levels_distinct(std::string_view function, const std::vector<std::string>& levels) {
  for (std::size_t k = 1; k < levels.size(); ++k) {
    const auto first = std::find(levels.begin(), levels.begin() + static_cast<std::ptrdiff_t>(k), levels[k]);
    if (first != levels.begin() + static_cast<std::ptrdiff_t>(k)) {
      fail_input(function, nomo::detail::element("levels", k), levels[k],
                 "repeats " + nomo::detail::element("levels", static_cast<std::size_t>(first - levels.begin())));
    }
  }
}

/// Checks that every requested level occurs, so that no group is reported with no subjects.
inline void check_levels_present(std::string_view function, std::string_view argument,
                                 const group_codes& groups) {
  for (std::size_t k = 0; k < groups.levels.size(); ++k) {
    if (groups.sizes[k] == 0) fail_input(function, argument, groups.levels[k], "this group has no subjects");
  }
}

}  // namespace detail

/// Groups by text labels; levels in R's factor() order (nomo::sorted_levels, core/collate.hpp: "ctrl"
/// before "Tx", "no" before "No" before "yes"), or in the order given by `levels` when it is not empty.
/// Throws invalid_input if a label is empty (missing), is not among `levels`, a given level is
/// repeated or has no subjects.
inline group_codes group_by_label(std::string_view function, std::string_view argument,
                                  const std::vector<std::string>& labels,
                                  const std::vector<std::string>& levels = {}) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].empty()) fail_input(function, nomo::detail::element(argument, i), labels[i], "group label is missing");
  }
  if (levels.empty()) {
    if (labels.empty()) return {};
    return group_by_label(function, argument, labels, sorted_levels(labels));
  }
  detail::check_levels_distinct(function, levels);

  std::vector<std::string> order = levels;
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!std::binary_search(order.begin(), order.end(), labels[i])) {
      fail_input(function, nomo::detail::element(argument, i), labels[i], "is not one of the given levels");
    }
  }
  group_codes sorted = detail::code_by(labels, order, order);
  group_codes out{levels, std::vector<std::size_t>(labels.size()), std::vector<std::size_t>(levels.size())};
  std::vector<std::size_t> position(order.size());
  for (std::size_t k = 0; k < levels.size(); ++k) {
    position[static_cast<std::size_t>(std::lower_bound(order.begin(), order.end(), levels[k]) - order.begin())] = k;
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    out.codes[i] = position[sorted.codes[i]];
    ++out.sizes[out.codes[i]];
  }
  detail::check_levels_present(function, "levels", out);
  return out;
}

/// Groups by numeric values, levels in increasing order, named as R's factor() of a number names
/// them (r_number_text: "0", "1e+05"). Values that differ beyond 15 significant digits (0.3 and
/// 0.1 + 0.2) are one group, as in factor(), which matches the values' as.character() texts.
/// Throws invalid_input if a value is NaN or infinite.
inline group_codes group_by_value(std::string_view function, std::string_view argument,
                                  const std::vector<double>& values) {
  check_all_finite(function, argument, values);
  // Groups are few: keep the distinct values sorted as they are met instead of sorting all values.
  std::vector<double> distinct;
  for (double v : values) {
    const auto at = std::lower_bound(distinct.begin(), distinct.end(), v);
    if (at == distinct.end() || *at != v) distinct.insert(at, v);
  }
  std::vector<std::string> labels;
  std::vector<std::size_t> level_of(distinct.size());  // sorted, equal texts are neighbours
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    std::string text = r_number_text(distinct[k]);
    if (labels.empty() || labels.back() != text) labels.push_back(std::move(text));
    level_of[k] = labels.size() - 1;
  }
  group_codes out{labels, std::vector<std::size_t>(values.size()), std::vector<std::size_t>(labels.size(), 0)};
  for (std::size_t i = 0; i < values.size(); ++i) {
    out.codes[i] = level_of[static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), values[i]) - distinct.begin())];
    ++out.sizes[out.codes[i]];
  }
  return out;
}

/// One group holding every observation, labelled `label`.
inline group_codes single_group(std::size_t n, std::string label = "all") {
  return group_codes{{std::move(label)}, std::vector<std::size_t>(n, 0), {n}};
}

}  // namespace nomo::stats
