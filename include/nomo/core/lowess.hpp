#pragma once
// R's lowess(x, y, f, iter, delta): Cleveland's locally weighted scatterplot smoother, the same C
// algorithm (clowess) including tie handling, delta skipping and robustness iterations. rms'
// calibrate and val.prob smooth with it, thousands of times per bootstrap run, so each local fit
// is one vectorised pass of weighted sums over its window (weights computed on the fly) instead of
// clowess' four scalar passes; values agree with R to rounding (1e-12 on the fixtures), not bit
// for bit.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/core/simd.hpp"

namespace nomo {

/// Options of lowess(); defaults are R's.
struct lowess_options {
  double f = 2.0 / 3.0;  ///< smoother span: the fraction of points in each local fit (R `f`)
  int iterations = 3;    ///< robustness iterations (R `iter`); rms::calibrate uses 0
  /// Points closer than this to the last fitted x are interpolated, not fitted (R `delta`);
  /// unset means R's default 0.01 · (max x − min x).
  std::optional<double> delta;

  /// Throws invalid_input unless f > 0, iterations ≥ 0 and delta (when set) ≥ 0, all finite.
  void validate() const {
    check_positive("lowess_options::validate", "f", f);
    if (iterations < 0) fail_input("lowess_options::validate", "iterations", iterations, "must be non-negative");
    if (delta) check_non_negative("lowess_options::validate", "delta", *delta);
  }
};

/// A lowess smooth: the x values sorted increasing and the smoothed y at each.
struct lowess_curve {
  std::vector<double> x;  ///< input x, sorted (stable for ties)
  std::vector<double> y;  ///< smoothed value at each x
};

namespace detail {

/// The weighted sums of one local fit, with x measured from the fitted point (d = x − xs, which
/// keeps the moments well conditioned): Σw, Σw·d, Σw·d², Σw·y, Σw·d·y.
struct local_sums {
  double w = 0, wd = 0, wdd = 0, wy = 0, wdy = 0;
};

/// One past the last point R's C lowest() weights around xs: it walks right from `left` and stops
/// at the first point right of xs beyond h9 = 0.999h, so ties at the window edge are picked up. x
/// is sorted, so that point is found by stepping from just past the window's right end.
inline std::size_t lowess_window_end(const std::vector<double>& x, double xs, std::size_t left, std::size_t right,
                                     double h9) {
  std::size_t last = right + 1;
  while (last > left && x[last - 1] - xs > h9) --last;
  while (last < x.size() && !(x[last] - xs > h9)) ++last;
  return last;
}

/// Adds a point at offset d with outcome y and weight w to the sums.
inline void add_point(local_sums& s, double d, double y, double w) {
  s.w += w;
  s.wd += w * d;
  s.wdd += w * d * d;
  s.wy += w * y;
  s.wdy += w * d * y;
}

/// R lowest()'s tricube weight (1 − (r/h)³)³ of a point at distance r < h, given 1/h (R divides;
/// the product differs from the quotient in the last bit only and is several times cheaper).
inline double tricube(double r, double inverse_h) {
  const double q = r * inverse_h;
  const double t = 1.0 - q * q * q;
  return t * t * t;
}

/// The sums over the points [first, last) around xs, all within h > 0 of it, weighted by the
/// tricube formula times the robustness weight (when there is one): one pass of Eigen packets in
/// which the weights are never stored. The points left over after the whole packets are summed as
/// one more packet ending at `last`, whose lanes already counted weigh 0: one packet instead of up
/// to seven scalar points, each waiting on the last.
inline local_sums tricube_sums(const double* x, const double* y, const double* robustness, std::size_t first,
                               std::size_t last, double xs, double h) {
  using namespace Eigen::internal;
  using packet = double_packet;
  const double inverse_h = 1.0 / h;  // finite: callers divide instead for subnormal h
  const packet centre = pset1<packet>(xs), inverse_radius = pset1<packet>(inverse_h), one = pset1<packet>(1.0);
  packet sw = pset1<packet>(0.0), swd = sw, swdd = sw, swy = sw, swdy = sw;
  auto add_packet = [&](std::size_t k, const packet* lane_weight) {  // lane_weight: nullptr = all lanes
    const packet d = psub(ploadu<packet>(x + k), centre);
    const packet q = pmul(pabs(d), inverse_radius);
    const packet t = psub(one, pmul(pmul(q, q), q));
    packet w = pmul(pmul(t, t), t);
    if (lane_weight != nullptr) w = pmul(w, *lane_weight);
    if (robustness != nullptr) w = pmul(w, ploadu<packet>(robustness + k));
    const packet yk = ploadu<packet>(y + k);
    const packet wd = pmul(w, d);
    sw = padd(sw, w);
    swd = padd(swd, wd);
    swdd = pmadd(wd, d, swdd);
    swy = pmadd(w, yk, swy);
    swdy = pmadd(wd, yk, swdy);
  };
  std::size_t k = first;
  for (; k + double_lanes <= last; k += double_lanes) add_packet(k, nullptr);
  if (k < last && last - first >= double_lanes) {
    // The packet at last − lanes counts its last (last − k) lanes: sixteen zeros then sixteen ones,
    // read from the right offset, weigh the others 0.
    static constexpr double tail_lanes[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                              1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static_assert(double_lanes <= 16, "tail_lanes holds up to 16 lanes");
    const packet counted = ploadu<packet>(tail_lanes + 16 - double_lanes + (last - k));
    add_packet(last - double_lanes, &counted);
    k = last;
  }
  local_sums s{lane_sum(sw), lane_sum(swd), lane_sum(swdd), lane_sum(swy), lane_sum(swdy)};
  for (; k < last; ++k) {  // windows narrower than a packet
    const double d = x[k] - xs;
    add_point(s, d, y[k], tricube(std::fabs(d), inverse_h) * (robustness != nullptr ? robustness[k] : 1.0));
  }
  return s;
}

/// R lowest()'s weighted sums over the points [first, last) around xs = x[at], all within h9 of
/// it: weight (1 − (r/h)³)³, but exactly 1 within h1 = 0.001h, times the robustness weight. The
/// formula already gives xs itself weight 1; the rare other points within h1 (contiguous around
/// `at`, x being sorted) are corrected afterwards.
inline local_sums lowess_window_sums(const std::vector<double>& x, const std::vector<double>& y,
                                     const double* robustness, std::size_t first, std::size_t last, std::size_t at,
                                     double h) {
  const double xs = x[at], h1 = 0.001 * h;
  auto robustness_at = [&](std::size_t k) { return robustness != nullptr ? robustness[k] : 1.0; };
  local_sums s;
  if (!(h > 0)) {  // every point of the window ties with xs
    for (std::size_t k = first; k < last; ++k) add_point(s, 0.0, y[k], robustness_at(k));
    return s;
  }
  if (!std::isfinite(1.0 / h)) {  // subnormal h: 1/h overflows, so divide as R does
    for (std::size_t k = first; k < last; ++k) {
      const double d = x[k] - xs, q = std::fabs(d) / h, t = 1.0 - q * q * q;
      add_point(s, d, y[k], (std::fabs(d) <= h1 ? 1.0 : t * t * t) * robustness_at(k));
    }
    return s;
  }
  s = tricube_sums(x.data(), y.data(), robustness, first, last, xs, h);
  std::size_t lo = at, hi = at + 1;
  while (lo > first && xs - x[lo - 1] <= h1) --lo;
  while (hi < last && x[hi] - xs <= h1) ++hi;
  for (std::size_t k = lo; k < hi; ++k) {
    const double d = x[k] - xs;
    if (d != 0) add_point(s, d, y[k], (1.0 - tricube(std::fabs(d), 1.0 / h)) * robustness_at(k));
  }
  return s;
}

/// One local weighted linear fit at xs = x[at] over the window [left, right] (0-based), picking up
/// ties to the right: R's C lowest(), with its passes (normalise, weighted centre, spread,
/// slope-adjusted weighted sum) folded into one pass of weighted sums. The algebra is R's; the
/// rounding differs from R's in the last bits. Returns no value when every weight is zero.
inline std::optional<double> lowess_local_fit(const std::vector<double>& x, const std::vector<double>& y,
                                              std::size_t at, std::size_t left, std::size_t right,
                                              const double* robustness) {
  const double xs = x[at];
  const double range = x.back() - x.front();
  const double h = std::max(xs - x[left], x[right] - xs);
  const double h9 = 0.999 * h;
  // R weighs points beyond h9 zero: on the left they are a prefix of the window, on the right the
  // window ends before them.
  std::size_t first = left;
  while (xs - x[first] > h9) ++first;
  const local_sums s = lowess_window_sums(x, y, robustness, first, lowess_window_end(x, xs, left, right, h9), at, h);
  if (s.w <= 0) return std::nullopt;
  const double inverse_w = 1.0 / s.w;  // one division for the four normalisations
  const double offset = s.wd * inverse_w;  // weighted centre − xs
  const double mean_y = s.wy * inverse_w;
  if (h > 0) {
    const double spread = s.wdd * inverse_w - offset * offset;
    if (std::sqrt(spread) > 0.001 * range) {  // points spread enough to fit a slope
      const double covariance = s.wdy * inverse_w - offset * mean_y;
      return mean_y - offset / spread * covariance;
    }
  }
  return mean_y;
}

/// One smoothing pass over all points (R clowess' inner loop), fitting at every point except those
/// within delta of the last fitted one, which are interpolated or copied (exact ties).
inline void lowess_pass(const std::vector<double>& x, const std::vector<double>& y, std::size_t span,
                        double delta, const double* robustness, std::vector<double>& fitted) {
  const std::size_t n = x.size();
  std::size_t left = 0;
  std::size_t right = span - 1;
  std::size_t i = 0;
  std::size_t last = 0;  // last point actually fitted (none yet while i == 0)
  for (;;) {
    // Slide the window right while that makes the radius around x[i] smaller.
    while (right + 1 < n && x[i] - x[left] > x[right + 1] - x[i]) {
      ++left;
      ++right;
    }
    fitted[i] = lowess_local_fit(x, y, i, left, right, robustness).value_or(y[i]);
    if (last + 1 < i) {
      // Points skipped since the previous fit lie on the line between the two fits.
      const double denom = x[i] - x[last];
      for (std::size_t j = last + 1; j < i; ++j) {
        const double alpha = (x[j] - x[last]) / denom;
        fitted[j] = alpha * fitted[i] + (1.0 - alpha) * fitted[last];
      }
    }
    std::size_t done = i;
    const double cut = x[done] + delta;
    std::size_t next = done + 1;
    for (; next < n; ++next) {
      if (x[next] > cut) break;
      if (x[next] == x[done]) {
        fitted[next] = fitted[done];
        done = next;
      }
    }
    last = done;
    if (done + 1 >= n) break;
    i = std::max(done + 1, next - 1);
  }
}

/// Bisquare robustness weights from the residuals, R clowess' 6·MAD rule. Returns false when the
/// residuals are effectively zero (R stops iterating then).
inline bool lowess_robustness_weights(const std::vector<double>& residuals, std::vector<double>& weights) {
  const std::size_t n = residuals.size();
  double mean_abs = 0;
  for (const double r : residuals) mean_abs += std::fabs(r);
  mean_abs /= static_cast<double>(n);
  std::vector<double> abs_res(n);
  for (std::size_t k = 0; k < n; ++k) abs_res[k] = std::fabs(residuals[k]);
  const std::size_t m1 = n / 2;
  std::nth_element(abs_res.begin(), abs_res.begin() + static_cast<std::ptrdiff_t>(m1), abs_res.end());
  double cmad = 0;
  if (n % 2 == 0) {
    const double upper = abs_res[m1];
    const double lower = *std::max_element(abs_res.begin(), abs_res.begin() + static_cast<std::ptrdiff_t>(m1));
    cmad = 3.0 * (upper + lower);
  } else {
    cmad = 6.0 * abs_res[m1];
  }
  if (cmad < 1e-7 * mean_abs) return false;
  const double c9 = 0.999 * cmad;
  const double c1 = 0.001 * cmad;
  weights.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double r = std::fabs(residuals[k]);
    if (r <= c1) {
      weights[k] = 1;
    } else if (r <= c9) {
      const double q = r / cmad;
      weights[k] = (1 - q * q) * (1 - q * q);
    } else {
      weights[k] = 0;
    }
  }
  return true;
}

/// lowess of finite points already in R's order(x) (x increasing, ties in input order), with
/// validated options: the smoothed value at each point, written to `fitted` (resized to n).
inline void lowess_sorted(const std::vector<double>& x, const std::vector<double>& y, const lowess_options& options,
                          std::vector<double>& fitted) {
  const std::size_t n = x.size();
  if (n < 2) {
    fitted = y;
    return;
  }
  fitted.resize(n);
  const double delta = options.delta.value_or(0.01 * (x[n - 1] - x[0]));
  // R: max(2, min(n, (int)(f*n + 1e-7))); compared as doubles first so that a huge f cannot overflow.
  const double wanted = std::floor(options.f * static_cast<double>(n) + 1e-7);
  const std::size_t span = wanted >= static_cast<double>(n) ? n : std::max<std::size_t>(2, static_cast<std::size_t>(wanted));
  std::vector<double> residuals, robustness;  // none in the first pass: R's unweighted fit, exactly
  for (int pass = 0; pass <= options.iterations; ++pass) {
    lowess_pass(x, y, span, delta, robustness.empty() ? nullptr : robustness.data(), fitted);
    if (pass == options.iterations) break;
    residuals.resize(n);
    for (std::size_t k = 0; k < n; ++k) residuals[k] = y[k] - fitted[k];
    if (!lowess_robustness_weights(residuals, robustness)) break;
  }
}

}  // namespace detail

/// Cleveland's robust locally weighted scatterplot smoother: R `lowess(x, y, f, iter, delta)`.
/// rms::calibrate smooths with iterations = 0. Differences from R: values agree to rounding (1e-12
/// on the fixtures), not bit for bit (see the top of this header); NaN/Inf throws invalid_input; a
/// span f·n beyond INT_MAX still means "all points" (R's int conversion overflows to 2 points).
/// Throws invalid_input for empty x, x and y of different lengths, or invalid options.
inline lowess_curve lowess(const std::vector<double>& x, const std::vector<double>& y,
                           const lowess_options& options = {}) {
  constexpr const char* fn = "lowess";
  options.validate();
  check_same_size(fn, "y", y.size(), "x", x.size());
  detail::check_finite_values(fn, "x", x);
  check_all_finite(fn, "y", y);
  lowess_curve curve;
  std::vector<double> sorted_y;
  detail::stable_sort_pairs(x, y, curve.x, sorted_y);
  detail::lowess_sorted(curve.x, sorted_y, options, curve.y);
  return curve;
}

}  // namespace nomo
