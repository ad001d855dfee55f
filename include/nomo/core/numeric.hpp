#pragma once
// R's small numerical primitives, reproduced operation for operation so that everything built on
// them (knots, datadist limits, calibration curves, axis ticks, g-indexes) matches R to rounding.
//
// Each function mirrors one R function (rms-spec §0) and names it in its comment. The deliberate
// differences concern input R would accept silently: R drops or propagates NA, nomo throws
// nomo::invalid_input for NaN/Inf so that a missing value is never averaged in unnoticed; the few
// others (absurd sizes) are listed on the function.
//
// Standard library only, so every component (Eigen-based or not) can use it.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "nomo/core/error.hpp"

namespace nomo {

namespace detail {

/// Requires a non-empty vector of finite values.
inline void check_finite_values(std::string_view function, std::string_view argument,
                                const std::vector<double>& values) {
  if (values.empty()) fail_input(function, std::string(argument) + ".size()", 0, "must not be empty");
  check_all_finite(function, argument, values);
}

/// R's type-7 formula (h = 1 + (n-1)p; (1-γ)x[lo] + γx[hi], skipped when x[lo] == x[hi]) on
/// values whose order statistics at floor(h) and ceil(h) are in place.
inline double type7_quantile(const std::vector<double>& x, double p) {
  const double index = 1.0 + static_cast<double>(x.size() - 1) * p;  // 1-based position
  const double lo = std::floor(index);
  const double x_lo = x[static_cast<std::size_t>(lo) - 1];
  const double x_hi = x[static_cast<std::size_t>(std::ceil(index)) - 1];
  if (!(index > lo) || x_hi == x_lo) return x_lo;
  const double gamma = index - lo;
  return (1.0 - gamma) * x_lo + gamma * x_hi;
}

/// Puts the order statistic of every position in [first, last) (increasing, inside [begin, end))
/// in its place, as R's partial sort does: select the middle position, then recurse on the two
/// sides with the positions that fall there, O(n log k) for k positions.
inline void select_positions(std::vector<double>& x, std::size_t begin, std::size_t end, const std::size_t* first,
                             const std::size_t* last) {
  if (first == last) return;
  const std::size_t* middle = first + (last - first) / 2;
  const auto at = [&x](std::size_t i) { return x.begin() + static_cast<std::ptrdiff_t>(i); };
  std::nth_element(at(begin), at(*middle), at(end));
  select_positions(x, begin, *middle, first, middle);
  select_positions(x, *middle + 1, end, middle + 1, last);
}

/// An unsigned key with the order of the finite double v: negative values reversed below the
/// positive ones (−0 just below +0).
inline std::uint64_t order_key(double v) {
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & sign) ? ~bits : (bits | sign);
}

/// Sorts items by key(item) (a 64-bit unsigned key) increasingly, ties in input order: an LSD radix
/// sort over the key bytes that skips the bytes every key shares. Branch-free, so it beats a
/// comparison sort beyond ~10^4 values (R sorts doubles by radix too), and with indices as payload
/// beyond ~10^3; below that its fixed cost (histograms of all eight bytes) dominates.
template <class Item, class Key>
void radix_sort(std::vector<Item>& items, Key&& key) {
  const std::size_t n = items.size();
  if (n < 2) return;
  std::vector<std::size_t> counts(8 * 256, 0);
  for (const Item& item : items) {
    const std::uint64_t k = key(item);
    for (std::size_t pass = 0; pass < 8; ++pass) ++counts[pass * 256 + ((k >> (8 * pass)) & 0xFF)];
  }
  std::vector<Item> buffer(n);
  for (std::size_t pass = 0; pass < 8; ++pass) {
    std::size_t* count = &counts[pass * 256];
    if (count[(key(items[0]) >> (8 * pass)) & 0xFF] == n) continue;  // all keys share this byte
    std::size_t offset = 0;
    for (std::size_t b = 0; b < 256; ++b) {
      const std::size_t c = count[b];
      count[b] = offset;
      offset += c;
    }
    for (const Item& item : items) buffer[count[(key(item) >> (8 * pass)) & 0xFF]++] = item;
    items.swap(buffer);
  }
}

/// Sorts finite values increasingly; large inputs by radix_sort on their order keys.
inline void sort_finite(std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < 1024) {
    std::sort(values.begin(), values.end());
    return;
  }
  std::vector<std::uint64_t> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = order_key(values[i]);
  radix_sort(keys, [](std::uint64_t k) { return k; });
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t bits = (keys[i] & sign) ? (keys[i] & ~sign) : ~keys[i];
    std::memcpy(&values[i], &bits, sizeof bits);
  }
}

}  // namespace detail

/// Type-7 quantile of already sorted, finite values: R `quantile(x, p, type = 7)` without the sort.
/// Uses R's exact arithmetic (h = 1 + (n-1)p; (1-γ)x[lo] + γx[hi], skipped when x[lo] == x[hi]),
/// so knots and datadist limits agree with R to the last bit. Throws invalid_input when `sorted` is
/// empty, holds a non-finite value or is not increasing, or when `p` is outside [0, 1].
inline double quantile_sorted(const std::vector<double>& sorted, double p) {
  constexpr const char* fn = "quantile_sorted";
  detail::check_finite_values(fn, "sorted", sorted);
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] < sorted[i - 1]) fail_input(fn, detail::element("sorted", i), sorted[i], "must not be smaller than the value before it (sort first)");
  }
  check_in_range(fn, "p", p, 0.0, 1.0);
  return detail::type7_quantile(sorted, p);
}

/// Type-7 quantiles of `x` at each of `probs`: R `quantile(x, probs, names = FALSE)`.
/// Difference from R: NaN/Inf in `x` throws invalid_input instead of erroring only with
/// na.rm = FALSE. Throws invalid_input for empty `x` or a probability outside [0, 1].
inline std::vector<double> quantiles(std::vector<double> x, const std::vector<double>& probs) {
  constexpr const char* fn = "quantiles";
  detail::check_finite_values(fn, "x", x);
  for (std::size_t k = 0; k < probs.size(); ++k) check_in_range(fn, detail::element("probs", k), probs[k], 0.0, 1.0);
  // Like R's sort(x, partial = ...): only the order statistics the formula reads are put in place,
  // O(n) per probability instead of a full O(n log n) sort; the values are identical.
  std::vector<std::size_t> needed;
  for (const double p : probs) {
    const double index = 1.0 + static_cast<double>(x.size() - 1) * p;  // as type7_quantile reads it
    needed.push_back(static_cast<std::size_t>(std::floor(index)) - 1);
    needed.push_back(static_cast<std::size_t>(std::ceil(index)) - 1);
  }
  std::sort(needed.begin(), needed.end());
  needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
  if (needed.size() > 32) {
    detail::sort_finite(x);
  } else {
    detail::select_positions(x, 0, x.size(), needed.data(), needed.data() + needed.size());
  }
  std::vector<double> out;
  out.reserve(probs.size());
  for (const double p : probs) out.push_back(detail::type7_quantile(x, p));
  return out;
}

/// `length` equally spaced values from `from` to `to`: R `seq(from, to, length.out = length)`.
/// Element i is from + i·((to − from)/(length − 1)) and the last is exactly `to`, as in R. When
/// to − from overflows double, the steps are taken from from/4 to to/4 and the values multiplied
/// by 4, as R does, so the values stay finite. length 0 gives an empty vector and length 1 gives
/// {from}. Throws invalid_input for a non-finite `from` or `to`.
inline std::vector<double> seq_length(double from, double to, std::size_t length) {
  constexpr const char* fn = "seq_length";
  check_finite(fn, "from", from);
  check_finite(fn, "to", to);
  if (length == 0) return {};
  if (length == 1) return {from};
  std::vector<double> out(length, from);
  if (from == to) return out;
  if (!std::isfinite(to - from)) {
    // Overflow needs |from| + |to| beyond the largest double, so each end is at least 2^970 in
    // magnitude and /4, ×4 are exact.
    out = seq_length(from / 4, to / 4, length);
    for (double& v : out) v *= 4;
    return out;
  }
  const double by = (to - from) / static_cast<double>(length - 1);
  for (std::size_t i = 1; i + 1 < length; ++i) out[i] = from + static_cast<double>(i) * by;
  out[length - 1] = to;
  return out;
}

/// How approx() collapses several y values observed at the same x.
enum class approx_ties {
  mean,  ///< R `ties = mean` (approx's default)
  first  ///< R `ties = function(v) v[1]`: the first in the input order (calibrate's choice)
};

namespace detail {

/// The (x, y) pairs sorted by x (stable, like R's order()) with tied x collapsed: R
/// `regularize.values`.
struct regular_points {
  std::vector<double> x;
  std::vector<double> y;
};

/// x[k] for a vector indexed by its size()'s type: std::size_t for std::vector, a signed Index for
/// Eigen's (the conversion spelled out, so that consumers' -Wsign-conversion stays quiet).
template <class X>
auto value_at(const X& x, std::size_t k) {
  return x[static_cast<decltype(x.size())>(k)];
}

/// The positions of finite x (any vector with size() and operator[]) in R's order(x): increasing,
/// ties in input order. Sorted input (a lowess curve) is recognised in one pass; otherwise the
/// (key, position) pairs are sorted, which is stable by construction: by comparison below ~10^3
/// values (twice as fast as the radix sort's fixed cost at 123, the size bootstrap validation sorts
/// thousands of times), by radix_sort above.
template <class X>
std::vector<std::size_t> stable_order(const X& x) {
  const auto n = static_cast<std::size_t>(x.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  bool sorted = true;
  for (std::size_t k = 1; k < n && sorted; ++k) sorted = !(value_at(x, k) < value_at(x, k - 1));
  if (sorted) return order;
  std::vector<std::pair<std::uint64_t, std::size_t>> keyed(n);
  for (std::size_t k = 0; k < n; ++k) keyed[k] = {order_key(value_at(x, k) + 0.0), k};  // −0 + 0 = +0: R ties −0 with +0
  if (n < 1024) {
    std::sort(keyed.begin(), keyed.end());
  } else {
    radix_sort(keyed, [](const std::pair<std::uint64_t, std::size_t>& item) { return item.first; });
  }
  for (std::size_t k = 0; k < n; ++k) order[k] = keyed[k].second;
  return order;
}

/// stable_order(x) of finite x found by insertion sort from `hint`, a permutation of x's positions
/// expected to be nearly in order (the order of a similar x, such as the full-data model's
/// predictions for a bootstrap refit's): O(n + inversions of hint) instead of a full sort. The
/// (key, position) pairs are those stable_order sorts, so the result is the same permutation.
/// Falls back to stable_order when the hint needs more than 16 shifts per value. `hint` must be a
/// permutation of 0 … x.size() − 1 (unchecked).
template <class X>
std::vector<std::size_t> stable_order_near(const X& x, const std::vector<std::size_t>& hint) {
  const auto n = static_cast<std::size_t>(x.size());
  std::vector<std::pair<std::uint64_t, std::size_t>> keyed(n);
  for (std::size_t k = 0; k < n; ++k) keyed[k] = {order_key(value_at(x, hint[k]) + 0.0), hint[k]};
  const std::size_t budget = 16 * n;
  std::size_t shifts = 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto item = keyed[k];
    std::size_t j = k;
    for (; j > 0 && item < keyed[j - 1]; --j) {
      if (++shifts > budget) return stable_order(x);
      keyed[j] = keyed[j - 1];
    }
    keyed[j] = item;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = keyed[k].second;
  return order;
}

/// Finite x and y (vectors with size() and operator[]) permuted into R's order(x): increasing x,
/// ties in input order.
template <class X, class Y>
void stable_sort_pairs(const X& x, const Y& y, std::vector<double>& sorted_x, std::vector<double>& sorted_y) {
  const std::vector<std::size_t> order = stable_order(x);
  sorted_x.resize(order.size());
  sorted_y.resize(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    sorted_x[k] = x[order[k]];
    sorted_y[k] = y[order[k]];
  }
}

inline regular_points regularize_values(const std::vector<double>& x, const std::vector<double>& y,
                                        approx_ties ties) {
  const std::vector<std::size_t> order = stable_order(x);
  regular_points out;
  out.x.reserve(x.size());
  out.y.reserve(x.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && x[order[end]] == x[order[start]]) ++end;
    double value = y[order[start]];
    if (ties == approx_ties::mean && end - start > 1) {
      double sum = 0;
      for (std::size_t k = start; k < end; ++k) sum += y[order[k]];
      value = sum / static_cast<double>(end - start);
    }
    out.x.push_back(x[order[start]]);
    out.y.push_back(value);
    start = end;
  }
  return out;
}

/// Requires each interpolation between neighbouring points to be representable: every mean of tied
/// y and every step in x and in y finite (an overflowing step turns the interpolation weights into
/// 0 or NaN, a wrong value or NaN without a sign of why).
inline void check_interpolation_steps(std::string_view function, const regular_points& points) {
  const auto y_at = [&points](std::size_t k) { return "y[x == " + describe(points.x[k]) + "]"; };  // on failure only
  for (std::size_t k = 0; k < points.x.size(); ++k) {
    if (!std::isfinite(points.y[k])) {
      fail_input(function, "mean(" + y_at(k) + ")", points.y[k], "the tied y values add up beyond the largest double");
    }
    if (k == 0) continue;
    if (!std::isfinite(points.x[k] - points.x[k - 1])) {
      fail_input(function, "x", points.x[k], "minus the next smaller x = " + describe(points.x[k - 1]) + " overflows double");
    }
    if (!std::isfinite(points.y[k] - points.y[k - 1])) {
      fail_input(function, y_at(k), points.y[k], "minus " + y_at(k - 1) + " = " + describe(points.y[k - 1]) + " overflows double");
    }
  }
}

/// Linear interpolation at v on increasing knots by bisection, exactly as R's C approx1().
inline double interpolate_at(double v, const std::vector<double>& x, const std::vector<double>& y) {
  std::size_t i = 0;
  std::size_t j = x.size() - 1;
  if (v < x[i] || v > x[j]) return std::numeric_limits<double>::quiet_NaN();
  while (i + 1 < j) {
    const std::size_t mid = (i + j) / 2;
    if (v < x[mid]) j = mid; else i = mid;
  }
  if (v == x[j]) return y[j];
  if (v == x[i]) return y[i];
  return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
}

/// R approx(x, y, xout, rule = 1, ties = "first")$y for finite x sorted increasingly (ties
/// allowed, the first of each kept) and finite xout sorted increasingly: one merge walk instead of
/// regularising and bisecting. Each value is interpolated between the same two knots with the same
/// formula as interpolate_at, so results equal approx()'s; NaN outside [x.front(), x.back()].
/// Needs at least two distinct x (callers check).
inline void approx_sorted_first(const std::vector<double>& x, const std::vector<double>& y,
                                const std::vector<double>& xout, std::vector<double>& out) {
  out.assign(xout.size(), std::numeric_limits<double>::quiet_NaN());
  std::size_t lo = 0;  // first point of the last group of equal x at or below the current value
  auto next_group = [&](std::size_t i) {
    std::size_t j = i + 1;
    while (j < x.size() && x[j] == x[i]) ++j;
    return j;
  };
  std::size_t hi = next_group(lo);
  for (std::size_t k = 0; k < xout.size(); ++k) {
    const double v = xout[k];
    if (v < x.front() || v > x.back()) continue;
    while (hi < x.size() && x[hi] <= v) {
      lo = hi;
      hi = next_group(lo);
    }
    out[k] = (v == x[lo] || hi == x.size()) ? y[lo] : y[lo] + (y[hi] - y[lo]) * ((v - x[lo]) / (x[hi] - x[lo]));
  }
}

}  // namespace detail

/// Linear interpolation of the points (x, y) at `xout`: R `approx(x, y, xout, rule = 1, ties)$y`.
/// x need not be sorted; tied x values are collapsed with `ties`. As with rule = 1, an xout outside
/// [min x, max x] gives NaN — the one documented NaN, meaning "not interpolated".
/// Differences from R: NaN/Inf anywhere in x, y or xout throws invalid_input (R drops NA pairs and
/// returns NA). Throws invalid_input when x and y differ in length, fewer than two distinct x
/// values remain, or values near the largest double make a step between neighbouring points (or
/// a mean of tied y) overflow, or for an unknown ties.
inline std::vector<double> approx(const std::vector<double>& x, const std::vector<double>& y,
                                  const std::vector<double>& xout, approx_ties ties = approx_ties::mean) {
  constexpr const char* fn = "approx";
  check_enum(fn, "ties", ties, {approx_ties::mean, approx_ties::first}, "approx_ties", "mean or first");
  check_same_size(fn, "y", y.size(), "x", x.size());
  detail::check_finite_values(fn, "x", x);
  check_all_finite(fn, "y", y);
  check_all_finite(fn, "xout", xout);
  const detail::regular_points points = detail::regularize_values(x, y, ties);
  if (points.x.size() < 2) {
    fail_input(fn, "x", x.front(), "needs at least two distinct values to interpolate");
  }
  detail::check_interpolation_steps(fn, points);
  std::vector<double> out;
  out.reserve(xout.size());
  for (const double v : xout) out.push_back(detail::interpolate_at(v, points.x, points.y));
  return out;
}

namespace detail {

/// The tick range and count R's C routine R_pretty() settles on (with return_bounds = TRUE).
struct pretty_range {
  double low = 0;       ///< first tick (the data low end if that is already on the grid)
  double high = 0;      ///< last tick
  int divisions = 0;    ///< number of intervals between ticks
};

inline pretty_range pretty_bounds(double lo, double up, int n) {
  constexpr double h = 1.5;             // high.u.bias
  constexpr double h5 = 0.5 + 1.5 * h;  // u5.bias
  constexpr double shrink = 0.75;       // shrink.sml
  constexpr double rounding_eps = 1e-10;
  const int min_n = n / 3;
  const double dx = up - lo;
  double cell = 0;
  bool small = false;
  if (dx == 0 && up == 0) {
    cell = 1;
    small = true;
  } else {
    cell = std::max(std::fabs(lo), std::fabs(up));
    const double u = (1 + ((h5 >= 1.5 * h + 0.5) ? 1 / (1 + h) : 1.5 / (1 + h5))) *
                     std::max(1, n) * std::numeric_limits<double>::epsilon();
    small = dx < cell * u * 3;
  }
  if (small) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= shrink;
    if (min_n > 1) cell /= min_n;
  } else {
    cell = dx;
    if (n > 1) cell /= n;
  }
  // R's f.min guard: a cell below 2^-20 · DBL_MIN is raised to it (R warns).
  cell = std::max(cell, std::ldexp(std::numeric_limits<double>::min(), -20));
  const double base = std::pow(10.0, std::floor(std::log10(cell)));
  double unit = base;
  if (2 * base - cell < h * (cell - unit)) {
    unit = 2 * base;
    if (5 * base - cell < h5 * (cell - unit)) {
      unit = 5 * base;
      if (10 * base - cell < h * (cell - unit)) unit = 10 * base;
    }
  }
  double ns = std::floor(lo / unit + rounding_eps);
  double nu = std::ceil(up / unit - rounding_eps);
  while (ns * unit > lo + rounding_eps * unit) ns -= 1;
  while (nu * unit < up - rounding_eps * unit) nu += 1;
  int k = static_cast<int>(0.5 + nu - ns);
  int divisions = k;
  if (k < min_n) {
    k = min_n - k;
    if (ns >= 0) {
      nu += k / 2;
      ns -= k / 2 + k % 2;
    } else {
      ns -= k / 2;
      nu += k / 2 + k % 2;
    }
    divisions = min_n;
  }
  // R keeps the data end when it already lies on (or within rounding of) the grid.
  return {std::min(ns * unit, lo), std::max(nu * unit, up), divisions};
}

}  // namespace detail

/// About n+1 equally spaced "round" values (1, 2 or 5 × 10^k steps) covering [lo, hi]: R
/// `pretty(c(lo, hi), n)` with its default biases, for axis ticks and nomogram scales.
/// Values within 1e-14 of a step from 0 are set to exactly 0, as in R. Throws invalid_input for a
/// non-finite bound or width (hi − lo), lo > hi, or n outside [1, 10^6].
inline std::vector<double> pretty(double lo, double hi, int n = 5) {
  constexpr const char* fn = "pretty";
  check_finite(fn, "lo", lo);
  check_finite(fn, "hi", hi);
  if (lo > hi) fail_input(fn, "lo", lo, "must not exceed hi = " + detail::describe(hi));
  if (n < 1 || n > 1000000) fail_input(fn, "n", n, "must lie in [1, 1000000]");
  if (!std::isfinite(hi - lo)) fail_input(fn, "hi", hi, "minus lo = " + detail::describe(lo) + " overflows");
  const detail::pretty_range range = detail::pretty_bounds(lo, hi, n);
  std::vector<double> ticks = seq_length(range.low, range.high, static_cast<std::size_t>(range.divisions) + 1);
  if (range.divisions > 0) {
    const double step = (range.high - range.low) / range.divisions;
    for (double& t : ticks) {
      if (std::fabs(t) < 1e-14 * step) t = 0;
    }
  }
  return ticks;
}

namespace detail {

/// R's mean() of n ≥ 1 values (summary.c): a long double sum divided by n, then, when that is
/// finite, one refinement pass adding the mean of the residuals. The long double sum keeps means of
/// values near DBL_MAX finite where a double sum would overflow (on x86-64, whose long double has
/// a wider exponent; where long double is double, as on MSVC, such sums overflow as in R there).
inline double r_mean(const double* values, std::size_t n) {
  const auto count = static_cast<long double>(n);
  long double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += values[i];
  long double mean = sum / count;
  if (std::isfinite(static_cast<double>(mean))) {
    long double residuals = 0;
    for (std::size_t i = 0; i < n; ++i) residuals += values[i] - mean;
    mean += residuals / count;
  }
  return static_cast<double>(mean);
}

/// R's var() of n ≥ 2 values given their r_mean (stats' cov.c): the deviations from the mean and
/// their squares formed and summed in long double, divided by n − 1, rounded to double once. Values
/// of 1e15 spread by units keep their variance here, where a double sum of their squares loses it.
inline double r_variance(const double* values, std::size_t n, double mean) {
  const long double centre = mean;
  long double squares = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double deviation = values[i] - centre;
    squares += deviation * deviation;
  }
  return static_cast<double>(squares / static_cast<long double>(n - 1));
}

/// The value of largest magnitude among values sorted increasingly: one of the two ends.
inline double largest_magnitude(const std::vector<double>& sorted) {
  return std::fabs(sorted.front()) > std::fabs(sorted.back()) ? sorted.front() : sorted.back();
}

/// Gini's mean difference of n ≥ 2 values already sorted increasingly: Hmisc GiniMd's weighted sum
/// Σ w_i (x_(i) − x̄), w_i = 4(i − (n − 1)/2)/(n(n − 1)), with the common factor applied once.
/// Centring commutes with sorting, so callers that hold sorted values skip GiniMd's sort.
inline double gini_of_sorted(const double* sorted, std::size_t n) {
  const double count = static_cast<double>(n);
  const double mean = std::accumulate(sorted, sorted + n, 0.0) / count;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += (static_cast<double>(i + 1) - (count - 1) / 2) * (sorted[i] - mean);
  return 4.0 * sum / count / (count - 1);
}

}  // namespace detail

namespace detail {

/// Hmisc somers2's C index (the chance that an event scores above a non-event, ties counting ½) of
/// scores sorted increasingly with their 0/1 outcomes, from the events' mid-ranks:
/// C = (mean event rank − (n1 + 1)/2)/n0. NaN when one class is absent.
/// Written without data-dependent branches: bootstrap samples repeat rows, so tied groups of random
/// sizes and random outcomes would mispredict on most rows. The sums are of half-integers, exact
/// in any order.
inline double c_index_of_sorted(const double* score, const double* outcome, std::size_t n) {
  double rank_sum = 0, events = 0, group_events = 0;
  std::size_t start = 0;  // first position of the current group of tied scores
  for (std::size_t k = 0; k < n; ++k) {
    group_events += outcome[k];
    const bool group_ends = k + 1 == n || score[k + 1] != score[k];
    const double ends = group_ends ? 1.0 : 0.0;
    rank_sum += ends * (0.5 * static_cast<double>(start + k + 2)) * group_events;  // mid-rank × events
    events += ends * group_events;
    group_events -= ends * group_events;
    start = group_ends ? k + 1 : start;
  }
  const double non_events = static_cast<double>(n) - events;
  return (rank_sum / events - (events + 1) / 2) / non_events;
}

}  // namespace detail

/// Gini's mean difference, the mean |x_i − x_j| over all pairs i ≠ j: Hmisc `GiniMd(x)`, computed
/// the same way (weights on the sorted, mean-centred values). rms reports it as g (on the linear
/// predictor) and gp (on probabilities). Throws invalid_input for fewer than two values, NaN/Inf
/// (R returns NA), or values so near the largest double that the weighted sum overflows.
inline double gini_mean_difference(std::vector<double> x) {
  constexpr const char* fn = "gini_mean_difference";
  check_all_finite(fn, "x", x);
  if (x.size() < 2) fail_input(fn, "x.size()", x.size(), "must be at least 2");
  detail::sort_finite(x);
  const double gini = detail::gini_of_sorted(x.data(), x.size());
  if (!std::isfinite(gini)) {
    fail_input(fn, "x (largest |value|)", detail::largest_magnitude(x), "values this large overflow double in GiniMd's weighted sum");
  }
  return gini;
}

}  // namespace nomo
