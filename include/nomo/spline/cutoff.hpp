#pragma once
// Cut-off finders for a continuous predictor, each with a statement of its uncertainty:
//  * or_crossings: where the fitted odds-ratio curve crosses 1 (other than at its reference), solved
//    exactly on each cubic piece of the spline, with the x where the confidence band crosses 1 and,
//    for every crossing, the interval around it where the band contains 1 (a pointwise 95 %
//    confidence set for the cut-off, by inverting the test of OR(x) = 1);
//  * youden_cutoff: the threshold of the variable alone maximising sensitivity + specificity − 1
//    (pROC's coords "best"), with a bootstrap percentile interval drawn exactly as R would;
//  * maxstat_cutoff: the maximally selected standardised statistic over all cut-points
//    (maxstat::maxstat.test(smethod = "Data")) with P-values corrected for having searched —
//    Lausen, Sauerbrei & Schumacher's improved Bonferroni bound (1994) and Lausen & Schumacher's
//    Miller–Siegmund-type approximation (1992). The naive χ² P of the chosen cut is far too small.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/tools/roots.hpp>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/core/rng.hpp"
#include "nomo/eval/roc.hpp"
#include "nomo/eval/thresholds.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/spline/effect_curve.hpp"
#include "nomo/spline/rcs.hpp"

namespace nomo::spline {

// ---------------------------------------------------------------------------------------------
// Where the OR curve crosses 1

/// Options of or_crossings.
struct crossing_options {
  std::optional<double> reference;  ///< as effect_curve_options::reference (default: adjust-to)
  /// The x range searched; the default is rms Predict's, the range odds_ratio_curve draws by default.
  effect_range range = effect_range::prediction_limits;
  double confidence_level = 0.95;
  /// Sub-intervals per knot interval when scanning the band for sign changes (the band is not a
  /// polynomial); crossings closer together than one sub-interval can be missed.
  int band_scan_points = 512;

  void validate() const {
    constexpr const char* fn = "spline::crossing_options::validate";
    if (reference) check_finite(fn, "reference", *reference);
    check_open_unit(fn, "confidence_level", confidence_level);
    if (band_scan_points < 2) fail_input(fn, "band_scan_points", band_scan_points, "must be at least 2");
    detail::check_effect_range(fn, range);
  }
};

/// One place where the OR curve crosses 1.
struct or_crossing {
  double x = 0;
  bool rising = false;            ///< OR goes from below 1 to above 1 as x increases
  double interval_low = 0;        ///< nearest band crossing below x (or the low end of the range searched)
  double interval_high = 0;       ///< nearest band crossing above x (or the high end of the range searched)
  bool low_bounded = false;       ///< false: the band contains 1 down to the low end of the range searched
  bool high_bounded = false;      ///< false: the band contains 1 up to the high end of the range searched
};

/// All crossings of 1 by the OR curve of one term and by its confidence band, within the range searched.
struct crossing_report {
  std::string term;
  double reference = 0;
  double data_min = 0, data_max = 0;    ///< the term's observed range
  double range_low = 0, range_high = 0;  ///< the range searched (crossing_options::range)
  double confidence_level = 0.95;
  std::vector<or_crossing> crossings;  ///< increasing x; the reference itself is not listed
  std::vector<double> lower_band;      ///< x where the lower limit crosses 1 (increasing)
  std::vector<double> upper_band;      ///< x where the upper limit crosses 1 (increasing)
};

namespace detail {

/// Root of f in [a, b] where f(a), f(b) have strictly opposite signs, to machine precision.
template <class F>
double bracketed_root(F f, double a, double b, double fa, double fb) {
  std::uintmax_t iterations = 200;
  const auto r = boost::math::tools::toms748_solve(f, a, b, fa, fb, boost::math::tools::eps_tolerance<double>(52), iterations);
  return (r.first + r.second) / 2;
}

/// Roots of f on [a, b] found on the given increasing sample points: every strict sign change
/// between neighbours, and points where f is exactly 0. `skip` (the reference) is never reported.
template <class F>
void roots_on_points(F f, const std::vector<double>& points, double skip, double tolerance, std::vector<double>& roots) {
  double previous = f(points[0]);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double value = i == 0 ? previous : f(points[i]);
    if (value == 0 && std::abs(points[i] - skip) > tolerance) roots.push_back(points[i]);
    if (i > 0 && ((previous < 0 && value > 0) || (previous > 0 && value < 0))) {
      roots.push_back(bracketed_root(f, points[i - 1], points[i], previous, value));
    }
    previous = value;
  }
}

inline std::vector<double> sorted_distinct(std::vector<double> v, double tolerance) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  for (double x : v)
    if (out.empty() || x - out.back() > tolerance) out.push_back(x);
  return out;
}

/// The pieces on which a term's log OR is one polynomial: [lo, hi] cut at the knots and the reference
/// (when inside).
inline std::vector<double> piece_breaks(double lo, double hi, const std::vector<double>& knots, double reference) {
  std::vector<double> breaks{lo, hi};
  if (reference > lo && reference < hi) breaks.push_back(reference);
  for (double k : knots)
    if (k > lo && k < hi) breaks.push_back(k);
  return sorted_distinct(breaks, 0);
}

/// Slope of the log OR at x: the coefficient of a linear term, the spline's slope for an rcs term.
inline double log_or_slope(const std::vector<double>& knots, const Eigen::VectorXd& beta, double x) {
  if (knots.empty()) return beta(0);
  return rcs_slope(x, knots, std::vector<double>(beta.data(), beta.data() + beta.size()));
}

/// Points splitting [a, b] where the cubic log OR has zero slope: the slope is a quadratic,
/// recovered exactly from its values at a, the midpoint and b.
inline std::vector<double> monotone_breaks(const std::vector<double>& knots, const Eigen::VectorXd& beta, double a, double b) {
  std::vector<double> out{a, b};
  if (knots.empty()) return out;  // linear term: monotone everywhere
  const std::vector<double> coef(beta.data(), beta.data() + beta.size());
  const double m = (a + b) / 2, h = (b - a) / 2;
  const double s0 = rcs_slope(a, knots, coef), s1 = rcs_slope(m, knots, coef), s2 = rcs_slope(b, knots, coef);
  // slope(m + t h) = c0 + c1 t + c2 t², t in [-1, 1]
  const double c0 = s1, c1 = (s2 - s0) / 2, c2 = (s2 + s0) / 2 - s1;
  const auto add = [&](double t) {
    if (t > -1 && t < 1) out.push_back(m + t * h);
  };
  if (std::abs(c2) > 1e-14 * (std::abs(c1) + std::abs(c0))) {
    const double disc = c1 * c1 - 4 * c2 * c0;
    if (disc >= 0) {
      const double q = -(c1 + std::copysign(std::sqrt(disc), c1)) / 2;  // stable quadratic roots
      if (q != 0) add(q / c2);
      if (q != 0) add(c0 / q);
    }
  } else if (c1 != 0) {
    add(-c0 / c1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Nearest value in `sorted` strictly below / above x.
inline std::optional<double> nearest_below(const std::vector<double>& sorted, double x) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), x);
  if (it == sorted.begin()) return std::nullopt;
  return *(it - 1);
}
inline std::optional<double> nearest_above(const std::vector<double>& sorted, double x) {
  const auto it = std::upper_bound(sorted.begin(), sorted.end(), x);
  if (it == sorted.end()) return std::nullopt;
  return *it;
}

}  // namespace detail

/// Where the OR curve of numeric term `term` (against its reference) crosses 1 within
/// `options.range` (default rms Predict's Low:prediction to High:prediction, the range
/// odds_ratio_curve draws by default), and where its pointwise confidence band does. The curve is the one odds_ratio_curve draws
/// (rms Predict with ref.zero = TRUE); crossings of the curve are exact roots of the cubic pieces
/// (rms-spec §1.5's "cut-off"), band crossings are found by scanning and then solved to machine
/// precision. R has no single function for this; users read it off `plot(Predict(...))`.
/// Throws invalid_input: as odds_ratio_curve (unknown term, categorical term, reference outside the
/// data range, a separated or unconverged fit) and bad options.
inline crossing_report or_crossings(const glm::logistic_fit& fit, const std::vector<model::term>& terms,
                                    std::string_view term, const crossing_options& options = {}) {
  constexpr const char* fn = "spline::or_crossings";
  options.validate();
  detail::resolved_term resolved = detail::resolve_term(fn, fit, terms, term, options.reference);
  const model::term& t = *resolved.effect.term;
  const double reference = resolved.reference;
  crossing_report report;
  report.term = t.name;
  report.reference = reference;
  report.data_min = t.summary.min;
  report.data_max = t.summary.max;
  std::tie(report.range_low, report.range_high) = detail::range_limits(t, options.range);
  report.confidence_level = options.confidence_level;
  const Eigen::VectorXd beta = resolved.effect.beta;
  const term_contrast contrast(std::move(resolved.effect), reference);
  const double z = boost::math::quantile(boost::math::normal(), (1 + options.confidence_level) / 2);
  const double tolerance = 1e-9 * std::max(report.data_max - report.data_min, 1.0);

  const std::vector<double> knots = t.kind == model::term_kind::rcs ? t.knots : std::vector<double>{};
  const std::vector<double> breaks = detail::piece_breaks(report.range_low, report.range_high, knots, reference);
  const auto estimate = [&](double x) { return contrast.at(x).estimate; };
  const auto lower = [&](double x) { const auto p = contrast.at(x); return p.estimate - z * p.standard_error; };
  const auto upper = [&](double x) { const auto p = contrast.at(x); return p.estimate + z * p.standard_error; };

  std::vector<double> curve_roots, lower_roots, upper_roots;
  for (std::size_t i = 0; i + 1 < breaks.size(); ++i) {
    const double a = breaks[i], b = breaks[i + 1];
    detail::roots_on_points(estimate, detail::monotone_breaks(knots, beta, a, b), reference, tolerance, curve_roots);
    const std::vector<double> scan = seq_length(a, b, static_cast<std::size_t>(options.band_scan_points) + 1);
    detail::roots_on_points(lower, scan, reference, tolerance, lower_roots);
    detail::roots_on_points(upper, scan, reference, tolerance, upper_roots);
  }
  report.lower_band = detail::sorted_distinct(lower_roots, tolerance);
  report.upper_band = detail::sorted_distinct(upper_roots, tolerance);
  std::vector<double> band = report.lower_band;
  band.insert(band.end(), report.upper_band.begin(), report.upper_band.end());
  std::sort(band.begin(), band.end());
  for (const double x : detail::sorted_distinct(curve_roots, tolerance)) {
    or_crossing c;
    c.x = x;
    c.rising = detail::log_or_slope(knots, beta, x) > 0;
    const auto below = detail::nearest_below(band, x), above = detail::nearest_above(band, x);
    c.low_bounded = below.has_value();
    c.high_bounded = above.has_value();
    c.interval_low = below.value_or(report.range_low);
    c.interval_high = above.value_or(report.range_high);
    report.crossings.push_back(c);
  }
  return report;
}

/// The same for a fit made from a model frame, whose terms it carries.
inline crossing_report or_crossings(const glm::logistic_fit& fit, std::string_view term, const crossing_options& options = {}) {
  return or_crossings(fit, fit.terms, term, options);
}

// ---------------------------------------------------------------------------------------------
// Youden-optimal threshold of one variable

/// Options of youden_cutoff.
struct youden_cutoff_options {
  /// Empty: pROC's automatic rule (cases higher when the median of the controls ≤ that of the cases).
  std::optional<eval::score_direction> direction;
  int bootstrap_replicates = 1000;  ///< 0 skips the interval
  std::int32_t seed = 1;            ///< R's set.seed(seed); replicates use R's sample(n, replace = TRUE)
  double confidence_level = 0.95;

  /// Throws invalid_input for an unknown direction, bootstrap_replicates < 0 or a confidence_level
  /// outside (0, 1).
  void validate() const {
    constexpr const char* fn = "spline::youden_cutoff_options::validate";
    if (direction) eval::detail::check_direction(fn, "direction", *direction);
    if (bootstrap_replicates < 0) fail_input(fn, "bootstrap_replicates", bootstrap_replicates, "must be non-negative");
    check_open_unit(fn, "confidence_level", confidence_level);
  }
};

/// The Youden-optimal threshold and its bootstrap percentile interval.
struct youden_cutoff_result {
  eval::score_direction direction = eval::score_direction::cases_higher;
  double threshold = 0;   ///< lowest threshold attaining the maximum (pROC lists ties in this order)
  double sensitivity = 0;
  double specificity = 0;
  double youden_index = 0;           ///< Se + Sp − 1
  std::size_t tied_thresholds = 0;   ///< how many thresholds attain the maximum
  double interval_low = 0, interval_high = 0;  ///< type-7 percentiles of the replicate thresholds
  int replicates_used = 0;           ///< replicates with both classes and a finite optimum
  int replicates_failed = 0;         ///< replicates with one class only or an optimum at ±Inf
  bool interval_computed = false;    ///< false when no replicate was asked for or none was usable
};

namespace detail {

/// Checks a marker and its 0/1 outcome (same length, finite, binary, both classes); returns the events.
inline double check_marker_outcome(const char* fn, const Eigen::Ref<const Eigen::VectorXd>& x,
                                   const Eigen::Ref<const Eigen::VectorXd>& y) {
  check_same_size(fn, "x", static_cast<std::size_t>(x.size()), "y", static_cast<std::size_t>(y.size()));
  check_all_finite(fn, "x", x);
  check_binary(fn, "y", y);
  const double events = y.sum();
  if (events == 0 || events == static_cast<double>(y.size())) fail_input(fn, "y (events)", events, "need both outcome classes");
  return events;
}

inline eval::score_direction pROC_auto_direction(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  std::vector<double> cases, controls;
  for (Eigen::Index i = 0; i < x.size(); ++i) (y(i) == 1 ? cases : controls).push_back(x(i));
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return median_sorted(v);
  };
  return median(controls) <= median(cases) ? eval::score_direction::cases_higher : eval::score_direction::controls_higher;
}

/// The Youden-optimal thresholds (increasing), or nothing when one class is missing.
inline std::optional<eval::youden_optimum> youden_best(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                                                       eval::score_direction direction) {
  const double events = y.sum();
  if (events == 0 || events == static_cast<double>(y.size())) return std::nullopt;
  return eval::youden_thresholds(eval::roc(x, y, {direction}));
}

}  // namespace detail

/// The threshold of `x` that best separates y = 1 from y = 0 by Youden's J, like
/// `pROC::coords(roc(y, x), "best", best.method = "youden")` (first of tied thresholds), with a
/// bootstrap percentile interval: `set.seed(seed)`, then per replicate `i <- sample(n, replace = TRUE)`
/// and the optimum of roc(y[i], x[i], direction = <the full-data direction>), as an R loop would draw.
/// NaN pairs are bad input (drop missing rows first). Deliberate difference: a constant x is
/// refused, where pROC's best threshold is -Inf.
/// Throws invalid_input: lengths differ, non-finite x, a constant x, y not 0/1, a single outcome
/// class, bad options.
inline youden_cutoff_result youden_cutoff(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                          const youden_cutoff_options& options = {}) {
  constexpr const char* fn = "spline::youden_cutoff";
  options.validate();
  detail::check_marker_outcome(fn, x, y);
  if (x.minCoeff() == x.maxCoeff()) {  // pROC's best threshold would be -Inf: no cut-off at all
    fail_input(fn, "x", x(0), "every value is this one: a constant marker has no cut-off");
  }
  const Eigen::VectorXd xx = x, yy = y;
  youden_cutoff_result r;
  r.direction = options.direction.value_or(detail::pROC_auto_direction(xx, yy));
  const eval::youden_optimum optimum = *detail::youden_best(xx, yy, r.direction);
  const eval::threshold_metrics& best = optimum.points.front();
  r.threshold = best.threshold;
  r.sensitivity = best.sensitivity;
  r.specificity = best.specificity;
  r.youden_index = best.youden_index;
  r.tied_thresholds = optimum.points.size();

  r_mersenne_twister rng(options.seed);
  std::vector<double> thresholds;
  Eigen::VectorXd bx(xx.size()), by(xx.size());
  for (int b = 0; b < options.bootstrap_replicates; ++b) {
    const std::vector<std::size_t> rows = rng.sample_with_replacement(static_cast<std::size_t>(xx.size()), static_cast<std::size_t>(xx.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      bx(static_cast<Eigen::Index>(i)) = xx(static_cast<Eigen::Index>(rows[i]));
      by(static_cast<Eigen::Index>(i)) = yy(static_cast<Eigen::Index>(rows[i]));
    }
    const auto replicate = detail::youden_best(bx, by, r.direction);
    if (replicate && std::isfinite(replicate->points.front().threshold)) {
      thresholds.push_back(replicate->points.front().threshold);
    } else {
      ++r.replicates_failed;
    }
  }
  r.replicates_used = static_cast<int>(thresholds.size());
  if (!thresholds.empty()) {
    std::sort(thresholds.begin(), thresholds.end());
    const double alpha = (1 - options.confidence_level) / 2;
    r.interval_low = quantile_sorted(thresholds, alpha);
    r.interval_high = quantile_sorted(thresholds, 1 - alpha);
    r.interval_computed = true;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Maximally selected statistic

/// Options of maxstat_cutoff (maxstat's minprop / maxprop).
struct maxstat_options {
  double min_proportion = 0.1;  ///< smallest share of observations at or below a candidate cut
  double max_proportion = 0.9;  ///< largest share

  void validate() const {
    constexpr const char* fn = "spline::maxstat_options::validate";
    check_open_unit(fn, "min_proportion", min_proportion);
    check_open_unit(fn, "max_proportion", max_proportion);
    if (!(min_proportion < max_proportion)) {
      fail_input(fn, "max_proportion", max_proportion, "must exceed min_proportion = " + nomo::detail::describe(min_proportion));
    }
  }
};

/// The maximally selected cut-point and its multiplicity-adjusted P-values.
struct maxstat_result {
  double cutpoint = 0;            ///< groups are x ≤ cutpoint and x > cutpoint (maxstat's estimate)
  double statistic = 0;           ///< M = max over cuts of |S − E| / sqrt(V)
  double chi_square = 0;          ///< M² = (n − 1)/n × Pearson's χ² of the chosen 2×2 table
  double p_lausen94 = 1;          ///< improved Bonferroni bound (maxstat pmethod = "Lau94")
  double p_lausen92 = 1;          ///< Lausen–Schumacher approximation (pmethod = "Lau92")
  double p_unadjusted = 1;        ///< the naive two-sided P of M, for contrast only
  std::vector<double> cutpoints;  ///< every candidate cut
  std::vector<double> statistics; ///< |standardised statistic| at each candidate
  std::size_t n_below = 0, n_above = 0;
  double event_rate_below = 0, event_rate_above = 0;
};

namespace detail {

/// maxstat's pLausen94: 1 − (Φ(b) − Φ(−b)) + Σ φ-terms over consecutive candidate counts m.
inline double p_lausen94(double b, double n, const std::vector<double>& m) {
  constexpr double pi = 3.14159265358979323846;
  double d = 0;
  for (std::size_t i = 0; i + 1 < m.size(); ++i) {
    const double t = std::sqrt(1 - m[i] * (n - m[i + 1]) / ((n - m[i]) * m[i + 1]));
    d += 1 / pi * std::exp(-b * b / 2) * (t - (b * b / 4 - 1) * t * t * t / 6);
  }
  const boost::math::normal normal;
  return 1 - (boost::math::cdf(normal, b) - boost::math::cdf(normal, -b)) + d;
}

/// maxstat's pLausen92.
inline double p_lausen92(double b, double min_proportion, double max_proportion) {
  if (b < 1) return 1;
  const double db = boost::math::pdf(boost::math::normal(), b);
  const double p = 4 * db / b + db * (b - 1 / b) * std::log(max_proportion * (1 - min_proportion) / ((1 - max_proportion) * min_proportion));
  return std::max(p, 0.0);
}

}  // namespace detail

/// Maximally selected statistic for splitting `x` into two groups by a cut, with y (0/1) as the
/// score: `maxstat::maxstat.test(y ~ x, smethod = "Data", pmethod = "Lau94" / "Lau92",
/// minprop, maxprop)`. Candidate cuts are the distinct x values with between
/// max(1, floor(n·minprop)) and floor(n·maxprop) observations at or below them.
/// Throws invalid_input: lengths differ, non-finite x, y not 0/1, a single outcome class, no candidate
/// cut between the proportions, bad options.
inline maxstat_result maxstat_cutoff(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                     const maxstat_options& options = {}) {
  constexpr const char* fn = "spline::maxstat_cutoff";
  options.validate();
  const double events = detail::check_marker_outcome(fn, x, y);
  const auto n = static_cast<std::size_t>(x.size());
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x(static_cast<Eigen::Index>(a)) < x(static_cast<Eigen::Index>(b)); });
  const double nn = static_cast<double>(n);
  const auto lowest = static_cast<std::size_t>(std::max(1.0, std::floor(nn * options.min_proportion)));
  const auto highest = static_cast<std::size_t>(std::floor(nn * options.max_proportion));
  // With 0/1 scores, Σy² = Σy.
  const double variance_factor = (nn * events - events * events) / (nn * nn * (nn - 1));
  maxstat_result r;
  std::vector<double> counts;
  double cumulative = 0;
  for (std::size_t k = 1; k < n; ++k) {  // k observations at or below the cut x[order[k-1]]
    cumulative += y(static_cast<Eigen::Index>(order[k - 1]));
    const double here = x(static_cast<Eigen::Index>(order[k - 1])), next = x(static_cast<Eigen::Index>(order[k]));
    if (here == next || k < lowest || k > highest) continue;
    const double m = static_cast<double>(k);
    const double statistic = std::abs((cumulative - m / nn * events) / std::sqrt(m * (nn - m) * variance_factor));
    r.cutpoints.push_back(here);
    r.statistics.push_back(statistic);
    counts.push_back(m);
    if (statistic > r.statistic) {
      r.statistic = statistic;
      r.cutpoint = here;
      r.n_below = k;
      r.event_rate_below = cumulative / m;
    }
  }
  if (r.cutpoints.empty()) {
    std::size_t distinct = 1;  // the sorted x changes value once per further distinct value
    for (std::size_t k = 1; k < n; ++k) distinct += x(static_cast<Eigen::Index>(order[k - 1])) != x(static_cast<Eigen::Index>(order[k]));
    fail_input(fn, "x (distinct values)", distinct, "no candidate cut between min_proportion and max_proportion");
  }
  r.n_above = n - r.n_below;
  r.event_rate_above = (events - r.event_rate_below * static_cast<double>(r.n_below)) / static_cast<double>(r.n_above);
  r.chi_square = r.statistic * r.statistic;
  r.p_lausen94 = detail::p_lausen94(r.statistic, nn, counts);
  r.p_lausen92 = detail::p_lausen92(r.statistic, options.min_proportion, options.max_proportion);
  r.p_unadjusted = 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), r.statistic));
  return r;
}

}  // namespace nomo::spline
