#pragma once
// The partial area under an empirical ROC curve over a range of specificity or sensitivity, and
// McClish's standardisation of it: pROC's auc(roc, partial.auc, partial.auc.focus,
// partial.auc.correct), the same trapezoids and the same interpolation at the range's ends.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/eval/roc.hpp"

namespace nomo::eval {

/// Along which axis the partial area's range runs (pROC partial.auc.focus).
enum class partial_auc_focus {
  specificity,  ///< the area under the curve for specificities in the range (a rule-in test)
  sensitivity   ///< the area beside the curve for sensitivities in the range (a rule-out test)
};

/// Options of partial_auc(): the range's two ends in either order, e.g. {1, 0.8} for
/// specificities from 80 % to 100 %.
struct partial_auc_options {
  double from = 1.0;
  double to = 0.8;
  partial_auc_focus focus = partial_auc_focus::specificity;
  /// Give the McClish-standardised area even when the curve runs below the diagonal over the range
  /// (pROC allow.invalid.partial.auc.correct); otherwise it is left out there (pROC returns NA).
  bool allow_invalid_correction = false;

  /// Throws invalid_input for an end outside [0, 1], equal ends, or an unknown focus.
  void validate() const {
    constexpr const char* fn = "eval::partial_auc_options::validate";
    check_in_range(fn, "from", from, 0.0, 1.0);
    check_in_range(fn, "to", to, 0.0, 1.0);
    if (from == to) fail_input(fn, "to", to, "must differ from `from`: the range would be empty");
    if (focus != partial_auc_focus::specificity && focus != partial_auc_focus::sensitivity) {
      fail_input(fn, "focus", static_cast<int>(focus), "unknown partial_auc_focus");
    }
  }
};

/// A partial area under the ROC curve.
struct partial_auc_result {
  double upper = 0, lower = 0;  ///< the range, upper end first (pROC sorts it so)
  partial_auc_focus focus = partial_auc_focus::specificity;
  double area = 0;              ///< between 0 and upper − lower
  /// McClish's standardisation (1 + (area − min)/(max − min))/2, min being the diagonal's area
  /// over the range and max the range's width: 0.5 for a useless test, 1 for a perfect one. Absent
  /// when area < min (the curve below the diagonal) unless allow_invalid_correction.
  std::optional<double> corrected;
};

namespace detail {

/// pROC's trapezoids of y over x (x increasing) between lower and upper, with the first
/// segment reaching past either end interpolated linearly to it. The trapezoids between points
/// in the range are added in long double, as R's sum() adds pROC's vector of them, and the two end
/// pieces then in double, as pROC adds them: whether the corrected area exists is decided on this
/// sum's last bit when the curve runs along the diagonal, so it has to be pROC's.
inline double partial_trapezoids(const std::vector<double>& x, const std::vector<double>& y, double upper,
                                 double lower) {
  const auto inside = [&](std::size_t k) { return x[k] <= upper && x[k] >= lower; };
  const std::size_t n = x.size();
  // First k with x[k] ≥ v (pROC's match(FALSE, x < v)), and first k with x[k] > v.
  const auto first_at_least = [&](double v) { return static_cast<std::size_t>(std::lower_bound(x.begin(), x.end(), v) - x.begin()); };
  const auto first_above = [&](double v) { return static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), v) - x.begin()); };
  long double inner = 0;
  std::size_t count = 0, previous = n;
  for (std::size_t k = 0; k < n; ++k) {
    if (!inside(k)) continue;
    if (previous != n) inner += (y[k] + y[previous]) / 2 * (x[k] - x[previous]);
    previous = k;
    ++count;
  }
  double area = static_cast<double>(inner);
  if (count == 0) {  // the whole range lies within one segment of the curve
    const std::size_t hi = first_at_least(upper), lo = hi - 1;
    const double y_hi = y[hi] + (x[hi] - upper) / (x[hi] - x[lo]) * (y[lo] - y[hi]);
    const double y_lo = y[lo] - (lower - x[lo]) / (x[hi] - x[lo]) * (y[lo] - y[hi]);
    return (y_hi + y_lo) / 2 * (upper - lower);
  }
  if (std::find(x.begin(), x.end(), upper) == x.end()) {
    const std::size_t out = first_at_least(upper), in = out - 1;
    const double y_at = y[out] + (upper - x[out]) / (x[in] - x[out]) * (y[in] - y[out]);
    area += (upper - x[in]) * (y[in] + y_at) / 2;
  }
  if (std::find(x.begin(), x.end(), lower) == x.end()) {
    const std::size_t out = first_above(lower) - 1, in = out + 1;
    const double y_at = y[in] + (x[in] - lower) / (x[in] - x[out]) * (y[out] - y[in]);
    area += (x[in] - lower) * (y[in] + y_at) / 2;
  }
  return area;
}

}  // namespace detail

/// The partial area under `curve` for specificities (or sensitivities) between options.from and
/// options.to, and its McClish standardisation: pROC `auc(roc, partial.auc = c(from, to),
/// partial.auc.focus, partial.auc.correct = TRUE)`. The curve's points are joined by straight
/// lines; where the range ends between two points, the line is interpolated to the end.
/// Throws invalid_input for bad options (see partial_auc_options::validate), or a `curve` that is
/// not an ROC curve as roc() builds it (unknown direction, no cases or no controls, sizes that
/// differ, fewer than two points, rates outside [0, 1] or not counts out of curve.cases and
/// curve.controls, not monotone from specificity 0 to 1).
inline partial_auc_result partial_auc(const roc_curve& curve, const partial_auc_options& options = {}) {
  options.validate();
  detail::check_roc_curve("eval::partial_auc", curve);
  partial_auc_result r;
  r.upper = std::max(options.from, options.to);
  r.lower = std::min(options.from, options.to);
  r.focus = options.focus;
  // pROC's sort.roc: specificities increasing (the curve's points run either way with its direction).
  std::vector<double> se = curve.sensitivities, sp = curve.specificities;
  if (!std::is_sorted(sp.begin(), sp.end())) {
    std::reverse(se.begin(), se.end());
    std::reverse(sp.begin(), sp.end());
  }
  if (options.focus == partial_auc_focus::sensitivity) {
    std::reverse(se.begin(), se.end());
    std::reverse(sp.begin(), sp.end());
    r.area = detail::partial_trapezoids(se, sp, r.upper, r.lower);
  } else {
    r.area = detail::partial_trapezoids(sp, se, r.upper, r.lower);
  }
  const double width = r.upper - r.lower;
  // pROC's roc.utils.min.partial.auc: sum(1 - range) · width / 2, the differences in double and
  // their sum in long double, as R computes them.
  const double diagonal = static_cast<double>(static_cast<long double>(1 - r.upper) + (1 - r.lower)) * width / 2;
  if (r.area >= diagonal || options.allow_invalid_correction) r.corrected = (1 + (r.area - diagonal) / (width - diagonal)) / 2;
  return r;
}

}  // namespace nomo::eval
