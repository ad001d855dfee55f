#pragma once
// Restricted cubic splines exactly as Hmisc::rcspline.eval / rms::rcs (Hmisc 4.8-0, rms 6.5-0):
// default knot placement, the basis (x, x', x'', ...) and the slope of a fitted spline curve.
//
// Knot rules (rms-spec §1.1), in the order Hmisc applies them:
//  * missing values (NaN) are dropped; fewer than 6 left, or fewer than 3 knots asked for, is bad input;
//  * too many knots for the unique values (#unique - 2 ≤ n_knots): the knots become the interior unique
//    values and `rcs_knot_choice::note` says so — Hmisc warns and carries on, and so do we, because a
//    caller fitting many variables wants the model, not an exception; the note is theirs to report;
//  * "fractied": when no interior value holds ≥ 5 % of the data but the minimum (maximum) does, the
//    first (last) knot is the second-smallest (second-largest) unique value and the other knots are
//    quantiles of the values strictly inside it;
//  * outer quantiles 0.10 (3 knots), 0.05 (4–6), 0.025 (≥ 7), type-7 quantiles in between;
//  * when the quantiles collapse to fewer than min(n, 3) distinct values Hmisc's alternate algorithm
//    (twice as many quantiles) is used, again with a note;
//  * fewer than 100 values left: the outer knots move to the 5th smallest / 5th largest value;
//  * fewer than 3 distinct knots in the end is bad input (Hmisc stops).
//
// Basis (rms-spec §1.2): for knots t_1 < ... < t_k and kd = (t_k - t_1)^(2/3) (norm = 2),
//   f_j(x) = u_j^3 + [(t_{k-1} - t_j) u_k^3 - (t_k - t_j) u_{k-1}^3] / (t_k - t_{k-1}),
//   u_m = max((x - t_m) / kd, 0),  j = 1 .. k-2,
// and the design columns are (x, f_1, ..., f_{k-2}), named x, x', x'', ... by rms.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"

namespace nomo::spline {

/// Scaling of the nonlinear columns (Hmisc's `norm` argument).
enum class rcs_norm {
  none = 0,           ///< kd = 1: the classic truncated-power terms
  last_interval = 1,  ///< kd = t_k - t_{k-1}
  range = 2           ///< kd = (t_k - t_1)^(2/3): rms' default, columns on the scale of x
};

/// Options of the default knot placement.
struct rcs_knot_options {
  /// Hmisc's `fractied`: a minimum (maximum) holding at least this share of the values becomes the
  /// reason to move the first (last) knot inward. Default 0.05 as Hmisc; 0 switches the rule off.
  double fractied = 0.05;

  void validate() const {
    if (!(fractied >= 0 && fractied <= 1)) {
      fail_input("spline::rcs_knot_options::validate", "fractied", fractied, "must lie in [0, 1]");
    }
  }
};

/// Knots chosen for a variable.
struct rcs_knot_choice {
  std::vector<double> knots;  ///< strictly increasing, at least 3
  int requested = 0;          ///< the number of knots asked for (given knots: their number)
  std::string note;           ///< non-empty when Hmisc would warn: fewer knots or the alternate algorithm
};

namespace detail {

/// R's median of sorted values; NaN for none, as R's NA (it only feeds knots that R then drops).
inline double median_sorted(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  if (n == 0) return std::nan("");
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

inline std::vector<double> quantiles7(const std::vector<double>& sorted, const std::vector<double>& probs) {
  std::vector<double> out;
  out.reserve(probs.size());
  for (double p : probs) out.push_back(quantile_sorted(sorted, p));
  return out;
}

/// sort(unique(v)) with R's NA dropping: NaN entries (R's NA from out-of-range indexing) vanish.
inline std::vector<double> sorted_unique_finite(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double a) { return std::isnan(a); }), v.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

/// Non-missing values of x, sorted; ±Inf is bad input (Hmisc would place knots at infinity).
inline std::vector<double> sorted_present(const char* function, const std::vector<double>& x) {
  std::vector<double> xx;
  xx.reserve(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    if (std::isinf(x[i])) fail_input(function, nomo::detail::element("x", i), x[i], "must be finite or NaN (missing)");
    xx.push_back(x[i]);
  }
  std::sort(xx.begin(), xx.end());
  return xx;
}

/// Where the fractied rule moves the outer knots; `kept` are the sorted values left for quantiles.
struct tied_ends {
  std::vector<double> first;  ///< empty or the second-smallest unique value
  std::vector<double> last;   ///< empty or the second-largest unique value among the kept values
  std::vector<double> kept;
};

inline tied_ends apply_fractied(const std::vector<double>& xx, const std::vector<double>& xu, double fractied) {
  tied_ends ends{{}, {}, xx};
  if (!(fractied > 0 && fractied < 1)) return ends;
  const double n = static_cast<double>(xx.size());
  std::vector<double> share;  // of each unique value, from the runs of the sorted values
  share.reserve(xu.size());
  for (std::size_t start = 0; start < xx.size();) {
    std::size_t end = start + 1;
    while (end < xx.size() && xx[end] == xx[start]) ++end;
    share.push_back(static_cast<double>(end - start) / n);
    start = end;
  }
  const double interior_max = *std::max_element(share.begin() + 1, share.end() - 1);
  if (!(interior_max < fractied)) return ends;
  if (share.front() >= fractied) {
    ends.first = {xu[1]};
    ends.kept.erase(ends.kept.begin(), std::upper_bound(ends.kept.begin(), ends.kept.end(), xu[1]));
  }
  if (share.back() >= fractied && !ends.kept.empty()) {
    // Hmisc takes max(xx[xx < max(xx)]) of the already reduced values.
    const auto below_max = std::lower_bound(ends.kept.begin(), ends.kept.end(), ends.kept.back());
    if (below_max != ends.kept.begin()) {
      ends.last = {*(below_max - 1)};
      ends.kept.erase(std::lower_bound(ends.kept.begin(), ends.kept.end(), ends.last[0]), ends.kept.end());
    }
  }
  return ends;
}

/// Knots from quantiles, and Hmisc's warning text when its alternate algorithm was needed.
struct quantile_knot_result {
  std::vector<double> knots;
  std::string note;
};

[[noreturn]] inline void fail_too_few_knots(const char* function, std::size_t unique_values) {
  fail_input(function, "x (unique values)", unique_values, "fewer than 3 distinct knots can be placed");
}

/// Hmisc's quantile knots for `nke` knots on the kept values, with its alternate algorithm when the
/// quantiles collapse; Hmisc stops, before its small-sample rule, when that fails too.
inline quantile_knot_result quantile_knots(const char* function, const tied_ends& ends, int nke, double outer,
                                           std::size_t unique_values) {
  const std::vector<double>& xx = ends.kept;
  if (xx.empty()) return {std::vector<double>(static_cast<std::size_t>(nke), std::nan("")), {}};
  const std::vector<double> p = nke == 2 ? seq_length(0.5, 1 - outer, 2) : seq_length(outer, 1 - outer, static_cast<std::size_t>(nke));
  std::vector<double> knots = quantiles7(xx, p);
  if (sorted_unique_finite(knots).size() >= static_cast<std::size_t>(std::min(nke, 3))) return {knots, {}};
  knots = quantiles7(xx, seq_length(outer, 1 - outer, static_cast<std::size_t>(2 * nke)));
  if (!ends.first.empty() && sorted_unique_finite(knots).size() < 3) {
    const double mid = !ends.last.empty() ? (ends.first[0] + ends.last[0]) / 2 : median_sorted(xx);
    const double top = !ends.last.empty() ? ends.last[0] : quantile_sorted(xx, 1 - outer);
    knots = {ends.first[0], mid, top};
    std::sort(knots.begin(), knots.end());
  }
  const std::size_t distinct = sorted_unique_finite(knots).size();
  if (distinct < 3) fail_too_few_knots(function, unique_values);
  return {knots, "could not obtain " + std::to_string(nke) + " knots with the default algorithm; used the "
                 "alternate algorithm to obtain " + std::to_string(distinct) + " knots"};
}

}  // namespace detail

/// Default knots for a restricted cubic spline of `x` with `n_knots` knots, as
/// `Hmisc::rcspline.eval(x, nk = n_knots, knots.only = TRUE)` (which `rms::rcs(x, n_knots)` calls).
/// NaN values are missing and ignored. Deliberate differences: ±Inf is bad input; when Hmisc warns,
/// the warning text is in `note` instead, and `note` also tells when coinciding quantiles left fewer
/// knots than requested (Hmisc merges them silently).
/// Throws invalid_input: `x` with fewer than 6 non-missing values or an infinite value, `n_knots`
/// < 3, fewer than 3 distinct knots obtainable, options.fractied outside [0, 1].
inline rcs_knot_choice rcs_knots(const std::vector<double>& x, int n_knots, const rcs_knot_options& options = {}) {
  constexpr const char* fn = "spline::rcs_knots";
  options.validate();
  if (n_knots < 3) fail_input(fn, "n_knots", n_knots, "must be at least 3");
  const std::vector<double> xx = detail::sorted_present(fn, x);
  if (xx.size() < 6) {
    fail_input(fn, "x (non-missing values)", xx.size(), "need at least 6 non-missing values to place knots");
  }
  std::vector<double> xu = xx;
  xu.erase(std::unique(xu.begin(), xu.end()), xu.end());
  // Fewer than 5 unique values leave fewer than 3 interior ones, the most Hmisc can then use (and
  // with one value, no interior range at all).
  if (xu.size() < 5) detail::fail_too_few_knots(fn, xu.size());

  rcs_knot_choice choice;
  choice.requested = n_knots;
  std::vector<double> knots;
  if (static_cast<int>(xu.size()) - 2 <= n_knots) {
    knots.assign(xu.begin() + 1, xu.end() - 1);
    choice.note = std::to_string(n_knots) + " knots requested with " + std::to_string(xu.size()) +
                  " unique values of x; knots set to the " + std::to_string(knots.size()) + " interior values";
  } else {
    const double outer = n_knots > 6 ? 0.025 : (n_knots > 3 ? 0.05 : 0.10);
    const detail::tied_ends ends = detail::apply_fractied(xx, xu, options.fractied);
    const int nke = n_knots - static_cast<int>(ends.first.size()) - static_cast<int>(ends.last.size());
    if (nke == 1) {
      knots = {detail::median_sorted(ends.kept)};
    } else {
      detail::quantile_knot_result from_quantiles = detail::quantile_knots(fn, ends, nke, outer, xu.size());
      knots = std::move(from_quantiles.knots);
      choice.note = std::move(from_quantiles.note);
      if (ends.kept.size() < 100) {
        // Small-sample rule; like Hmisc it writes the nke-th entry, and reading past the end is NA.
        const auto at = [&](std::size_t i) { return i < ends.kept.size() ? ends.kept[i] : std::nan(""); };
        if (knots.size() < static_cast<std::size_t>(nke)) knots.resize(static_cast<std::size_t>(nke), std::nan(""));
        if (ends.first.empty()) knots[0] = at(4);
        if (ends.last.empty()) knots[static_cast<std::size_t>(nke) - 1] = ends.kept.size() >= 5 ? at(ends.kept.size() - 5) : std::nan("");
      }
    }
    knots.insert(knots.begin(), ends.first.begin(), ends.first.end());
    knots.insert(knots.end(), ends.last.begin(), ends.last.end());
  }
  choice.knots = detail::sorted_unique_finite(knots);
  if (choice.knots.size() < 3) detail::fail_too_few_knots(fn, xu.size());
  if (choice.note.empty() && choice.knots.size() < static_cast<std::size_t>(n_knots)) {
    // Hmisc is silent here (coinciding quantiles merge), but the user asked for more knots.
    choice.note = std::to_string(n_knots) + " knots requested; only " + std::to_string(choice.knots.size()) +
                  " distinct knots because quantiles of x coincide";
  }
  return choice;
}

/// Requires `knots` to be usable as spline knots: at least 3, finite, strictly increasing. Hmisc
/// silently sorts and de-duplicates given knots; nomo refuses them, since a mistyped knot vector is
/// more likely than an intended unsorted one.
inline void check_knots(const char* function, const std::vector<double>& knots) {
  if (knots.size() < 3) fail_input(function, "knots.size()", knots.size(), "a restricted cubic spline needs at least 3 knots");
  for (std::size_t i = 0; i < knots.size(); ++i) {
    if (!std::isfinite(knots[i])) fail_input(function, nomo::detail::element("knots", i), knots[i], "must be finite");
    if (i > 0 && !(knots[i] > knots[i - 1])) {
      fail_input(function, nomo::detail::element("knots", i), knots[i],
                 "knots must be strictly increasing; previous knot is " + nomo::detail::describe(knots[i - 1]));
    }
  }
}

/// Given knots for a spline to be fitted on `x`, as `rms::rcs(x, knots)`. Checks them against the
/// data the model is fitted on: Hmisc accepts any knots, but a knot outside the observed range of x
/// makes a basis column that is linear (or zero) on the data, and the fit is then not what the user
/// meant. NaN in x is missing.
/// Throws invalid_input: knots not strictly increasing, fewer than 3, non-finite, or outside
/// [min x, max x]; x without non-missing values or with an infinite value.
inline rcs_knot_choice rcs_given_knots(const std::vector<double>& x, const std::vector<double>& knots) {
  constexpr const char* fn = "spline::rcs_given_knots";
  check_knots(fn, knots);
  const std::vector<double> xx = detail::sorted_present(fn, x);
  if (xx.empty()) fail_input(fn, "x (non-missing values)", 0, "need data to check the knots against");
  for (std::size_t i = 0; i < knots.size(); ++i) {
    if (knots[i] < xx.front() || knots[i] > xx.back()) {
      fail_input(fn, nomo::detail::element("knots", i), knots[i],
                 "lies outside the data range [" + nomo::detail::describe(xx.front()) + ", " +
                     nomo::detail::describe(xx.back()) + "]");
    }
  }
  return rcs_knot_choice{knots, static_cast<int>(knots.size()), {}};
}

/// The basis of one set of knots with its constants computed once, so that evaluating many values
/// costs a few multiplications each and allocates nothing. `Scalar` may be double, float or an
/// automatic-differentiation type with the usual arithmetic and comparisons.
template <class Scalar>
class rcs_spline_basis {
 public:
  /// Throws invalid_input: knots not usable (see check_knots), an unknown norm. rcs_basis_row,
  /// rcs_basis and rcs_slope build one, so their messages about knots and norm name it.
  explicit rcs_spline_basis(std::vector<Scalar> knots, rcs_norm norm = rcs_norm::range) : knots_(std::move(knots)) {
    std::vector<double> as_double(knots_.size());
    for (std::size_t i = 0; i < knots_.size(); ++i) as_double[i] = static_cast<double>(knots_[i]);
    check_knots("spline::rcs_spline_basis", as_double);
    check_enum("spline::rcs_spline_basis", "norm", norm, {rcs_norm::none, rcs_norm::last_interval, rcs_norm::range},
               "rcs_norm", "none, last_interval or range");
    const std::size_t k = knots_.size();
    using std::pow;
    kd_ = norm == rcs_norm::none ? Scalar(1)
          : norm == rcs_norm::last_interval ? knots_[k - 1] - knots_[k - 2]
                                            : Scalar(pow(knots_[k - 1] - knots_[0], Scalar(2) / Scalar(3)));
  }

  /// Number of design columns: x and the k - 2 nonlinear terms.
  std::size_t columns() const { return knots_.size() - 1; }
  const std::vector<Scalar>& knots() const { return knots_; }

  /// Writes columns() values (x, x', x'', ...) for one x to `out`, as rcspline.eval(inclx = TRUE).
  void row(Scalar x, Scalar* out) const {
    const std::size_t k = knots_.size();
    const Scalar tk = knots_[k - 1], tk1 = knots_[k - 2];
    const Scalar uk = positive_part((x - tk) / kd_), uk1 = positive_part((x - tk1) / kd_);
    const Scalar uk3 = uk * uk * uk, uk13 = uk1 * uk1 * uk1;
    out[0] = x;
    for (std::size_t j = 0; j + 2 < k; ++j) {
      const Scalar uj = positive_part((x - knots_[j]) / kd_);
      out[j + 1] = uj * uj * uj + ((tk1 - knots_[j]) * uk3 - (tk - knots_[j]) * uk13) / (tk - tk1);
    }
  }

  /// Writes the derivatives d/dx of the columns() values (1, dx'/dx, ...) at x to `out`.
  void derivative_row(Scalar x, Scalar* out) const {
    const std::size_t k = knots_.size();
    const Scalar tk = knots_[k - 1], tk1 = knots_[k - 2];
    const Scalar uk = positive_part((x - tk) / kd_), uk1 = positive_part((x - tk1) / kd_);
    const Scalar scale = Scalar(3) / kd_;
    out[0] = Scalar(1);
    for (std::size_t j = 0; j + 2 < k; ++j) {
      const Scalar uj = positive_part((x - knots_[j]) / kd_);
      out[j + 1] = scale * (uj * uj + ((tk1 - knots_[j]) * uk * uk - (tk - knots_[j]) * uk1 * uk1) / (tk - tk1));
    }
  }

 private:
  static Scalar positive_part(const Scalar& v) { return v > Scalar(0) ? v : Scalar(0); }

  std::vector<Scalar> knots_;
  Scalar kd_;
};

namespace detail {

/// Whether a basis row (rcs_spline_basis::row) of floating-point values is finite. Column 1, the
/// first knot's, has the row's largest cube and products, so a row overflows there if anywhere:
/// one test watches the whole row.
template <class Scalar>
bool basis_row_finite(const Scalar* row) {
  return std::isfinite(row[1]);
}

/// Refuses `argument` = `value`, a value whose spline basis overflowed (basis_row_finite false).
template <class Scalar>
[[noreturn]] void fail_basis_overflow(const char* function, const std::string& argument, Scalar value) {
  static_assert(std::is_floating_point_v<Scalar>, "overflow is checked for float and double bases");
  fail_input(function, argument, value,
             std::is_same_v<Scalar, float> ? "its spline basis (cubes of its distance above the knots) overflows float"
                                           : "its spline basis (cubes of its distance above the knots) overflows double");
}

}  // namespace detail

/// One basis row (x, x', x'', ...) of `x` for `knots`, written to `out` (knots.size() - 1 values),
/// as `Hmisc::rcspline.eval(x, knots, inclx = TRUE, norm)`. Computes the norm constant on every
/// call; for many values build an rcs_spline_basis once instead.
/// Throws invalid_input: knots not usable (see check_knots), or (float and double) x so far above
/// the knots (or +Inf) that the cubes of its basis overflow `Scalar` (for double with knots 0, 1, 2:
/// x beyond about 7e102).
template <class Scalar>
void rcs_basis_row(Scalar x, const std::vector<Scalar>& knots, Scalar* out, rcs_norm norm = rcs_norm::range) {
  rcs_spline_basis<Scalar>(knots, norm).row(x, out);
  // Automatic-differentiation scalars carry their own arithmetic; only float and double are checked.
  if constexpr (std::is_floating_point_v<Scalar>) {
    if (!detail::basis_row_finite(out)) detail::fail_basis_overflow("spline::rcs_basis_row", "x", x);
  }
}

/// The basis matrix (one row per value, knots.size() - 1 columns) of `x` for `knots`, as
/// `Hmisc::rcspline.eval(x, knots, inclx = TRUE, norm)`. Deliberate difference: Hmisc returns NA
/// rows for NA values; nomo refuses non-finite x (drop missing rows before building a design).
/// Throws invalid_input: knots not usable (see check_knots), a non-finite value in x, or a value so
/// far above the knots that the cubes of its basis overflow double.
template <class Vector>
Eigen::MatrixXd rcs_basis(const Vector& x, const std::vector<double>& knots, rcs_norm norm = rcs_norm::range) {
  constexpr const char* fn = "spline::rcs_basis";
  check_all_finite(fn, "x", x);
  const rcs_spline_basis<double> basis(knots, norm);
  const auto n = static_cast<Eigen::Index>(x.size());
  const auto columns = static_cast<Eigen::Index>(basis.columns());
  const auto value = [&x](Eigen::Index i) { return static_cast<double>(x[static_cast<decltype(x.size())>(i)]); };
  Eigen::MatrixXd out(n, columns);
  std::vector<double> row(basis.columns());  // one row at a time, scattered into the columns
  // One flag, and-ed without a branch, watches the whole basis (see detail::basis_row_finite).
  bool finite = true;
  for (Eigen::Index i = 0; i < n; ++i) {
    basis.row(value(i), row.data());
    finite &= detail::basis_row_finite(row.data());
    for (Eigen::Index j = 0; j < columns; ++j) out(i, j) = row[static_cast<std::size_t>(j)];
  }
  if (!finite) {
    Eigen::Index i = 0;
    while (std::isfinite(out(i, 1))) ++i;
    detail::fail_basis_overflow(fn, nomo::detail::element("x", static_cast<std::size_t>(i)), value(i));
  }
  return out;
}

/// Slope d/dx of a fitted spline curve  b_0 x + b_1 x' + ... at `x`, given the curve's
/// coefficients on the basis columns (knots.size() - 1 of them, in basis order). R has no direct
/// counterpart; rms users differentiate `Function(fit)` by hand.
/// Throws invalid_input: knots not usable, coefficients of the wrong length or not finite,
/// non-finite x, or x so far above the knots that the slope overflows double (the squares of its
/// distance above the knots, or their sum weighted by the coefficients; for knots 0, 1, 2 and
/// coefficients of order 1: x beyond about 1.5e154).
inline double rcs_slope(double x, const std::vector<double>& knots, const std::vector<double>& coefficients,
                        rcs_norm norm = rcs_norm::range) {
  constexpr const char* fn = "spline::rcs_slope";
  check_finite(fn, "x", x);
  const rcs_spline_basis<double> basis(knots, norm);
  if (coefficients.size() != basis.columns()) {
    fail_input(fn, "coefficients.size()", coefficients.size(),
               "must equal knots.size() - 1 = " + std::to_string(basis.columns()));
  }
  check_all_finite(fn, "coefficients", coefficients);
  std::vector<double> d(basis.columns());
  basis.derivative_row(x, d.data());
  double slope = 0;
  for (std::size_t m = 0; m < d.size(); ++m) slope += coefficients[m] * d[m];
  // An overflowed derivative column is ±Inf or NaN and, times a finite coefficient (even 0), leaves
  // the sum non-finite: one test of the result covers the columns and the sum.
  if (!std::isfinite(slope)) {
    fail_input(fn, "x", x,
               "the slope there (squares of its distance above the knots, times the coefficients) overflows double");
  }
  return slope;
}

}  // namespace nomo::spline
