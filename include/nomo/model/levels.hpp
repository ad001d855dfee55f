#pragma once
// Naming and ordering category levels the way R's factor() does, so that a model built by nomo has
// the same reference level and the same column names as the one built in R from the same data.
//
//  * Label levels sort like R's sort() under ICU collation (core/collate.hpp, with its limit: only
//    ASCII is collated; give `levels` explicitly for non-ASCII labels).
//  * Numeric columns used as categories sort by value and are named as R's as.character() names
//    them: 15 significant digits, scientific notation when shorter ("70", "0.5", "1e+05").
//  * Interval labels of cut terms follow R's cut(): breaks formatted with formatC(digits = 3),
//    more digits until they are distinct; "[6,28)" or "(6,28]". Deliberate difference: the
//    open outer ends read "[-Inf,6)" and "[28,Inf)" where R pads the latter to "[28, Inf)".

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/collate.hpp"
#include "nomo/core/error.hpp"
#include "nomo/core/number_text.hpp"
#include "nomo/model/term.hpp"

namespace nomo::model {

// R's label collation lives in core/collate.hpp (the stats groups and Table 1 order labels by it
// too); model keeps its names for it.
using nomo::r_collate_less;
using nomo::sorted_levels;

// Numeric levels are named by R's as.character() (core/number_text.hpp), as the stats groups and
// survival strata name theirs.
using nomo::r_number_text;

/// Labels of the intervals cut at `cut_points` (increasing), lowest first, as R's
/// levels(cut(x, c(-Inf, cut_points, Inf), right = closure == right_closed)), except that "Inf"
/// is not padded with a space.
/// Throws invalid_input: cut points empty, not finite or not strictly increasing.
inline std::vector<std::string> interval_labels(const std::vector<double>& cut_points, interval_closure closure) {
  if (cut_points.empty()) fail_input("model::interval_labels", "cut_points.size()", 0, "needs at least one cut point");
  for (std::size_t k = 0; k < cut_points.size(); ++k) {
    check_finite("model::interval_labels", nomo::detail::element("cut_points", k), cut_points[k]);
    if (k > 0 && !(cut_points[k] > cut_points[k - 1])) {
      fail_input("model::interval_labels", nomo::detail::element("cut_points", k), cut_points[k], "must be greater than the previous cut point");
    }
  }
  std::vector<std::string> breaks;
  for (int digits = 3; digits <= 12; ++digits) {
    breaks.assign(1, "-Inf");
    for (double point : cut_points) breaks.push_back(nomo::detail::format_g(point, digits));
    breaks.push_back("Inf");
    if (std::adjacent_find(breaks.begin(), breaks.end()) == breaks.end()) break;
  }
  const bool right = closure == interval_closure::right_closed;
  std::vector<std::string> labels;
  for (std::size_t k = 0; k + 1 < breaks.size(); ++k) {
    labels.push_back((right ? "(" : "[") + breaks[k] + "," + breaks[k + 1] + (right ? "]" : ")"));
  }
  return labels;
}

namespace detail {

/// Index (0 = lowest) of the interval of `cut_points` (validated, increasing) holding `value`.
inline std::size_t interval_index(const std::vector<double>& cut_points, interval_closure closure, double value) {
  const auto at = closure == interval_closure::left_closed
                      ? std::upper_bound(cut_points.begin(), cut_points.end(), value)
                      : std::lower_bound(cut_points.begin(), cut_points.end(), value);
  return static_cast<std::size_t>(at - cut_points.begin());
}

}  // namespace detail

}  // namespace nomo::model
