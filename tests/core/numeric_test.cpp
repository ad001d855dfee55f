// Tests of include/nomo/core/numeric.hpp against R (tests/reference/core_numeric.R, R 4.2.2):
// quantile type 7, seq(length.out), approx(rule = 1), pretty, lowess, Hmisc::GiniMd.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "rounding.hpp"
#include "nomo/core/lowess.hpp"
#include "nomo/core/numeric.hpp"

namespace {

using nomo_test::read_table;
using nomo_test::require_invalid;

std::vector<double> to_std(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

/// The x and y of one data set of core_numeric_data.csv, in file order.
struct xy_data {
  std::vector<double> x;
  std::vector<double> y;
};

const std::map<std::string, xy_data>& datasets() {
  static const std::map<std::string, xy_data> data = [] {
    const auto t = read_table("core_numeric_data.csv");
    const auto names = t.text("dataset");
    const auto x = to_std(t.column("x"));
    const auto y = to_std(t.column("y"));
    std::map<std::string, xy_data> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
      out[names[i]].x.push_back(x[i]);
      out[names[i]].y.push_back(y[i]);
    }
    return out;
  }();
  return data;
}

/// Rows of a fixture grouped by the text of a key built from some columns.
template <class KeyFn>
std::map<std::string, std::vector<std::size_t>> group_rows(const nomo_test::table& t, KeyFn key) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < t.size(); ++i) groups[key(i)].push_back(i);
  return groups;
}

/// |a − b| ≤ tol · max(1, |b|): relative for large values, absolute near zero.
bool close(double a, double b, double tol) { return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b)); }

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("quantiles match R quantile(type = 7)", "[numeric]") {
  const auto t = read_table("core_numeric_quantile.csv");
  const auto groups = group_rows(t, [&](std::size_t i) {
    return t.rows[i][t.index("dataset")] + "/" + t.rows[i][t.index("set")];
  });
  const auto names = t.text("dataset");
  const auto p = to_std(t.column("p"));
  const auto expected = to_std(t.column("value"));
  for (const auto& [key, rows] : groups) {
    INFO(key);
    const auto& x = datasets().at(names[rows[0]]).x;
    std::vector<double> probs;
    for (const auto r : rows) probs.push_back(p[r]);
    const auto together = nomo::quantiles(x, probs);  // one call: partial sort or full sort
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      INFO("p = " << probs[k]);
      CHECK(close(together[k], expected[rows[k]], 1e-14));
      CHECK(close(nomo::quantiles(x, {probs[k]}).front(), expected[rows[k]], 1e-14));
      CHECK(close(nomo::quantile_sorted(sorted, probs[k]), expected[rows[k]], 1e-14));
    }
  }
}

TEST_CASE("quantile_sorted agrees with the worked examples of rms-spec", "[numeric]") {
  // rms-spec §1.1: 1..10 at .05/.35/.65/.95 by h = 1 + 9p, and a tie block where x[lo] == x[hi].
  std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(nomo::quantile_sorted(x, 0.05) == Approx(1.45).epsilon(1e-15));
  CHECK(nomo::quantile_sorted(x, 0.35) == Approx(4.15).epsilon(1e-15));
  CHECK(nomo::quantile_sorted(x, 0.0) == 1.0);
  CHECK(nomo::quantile_sorted(x, 1.0) == 10.0);
  CHECK(nomo::quantile_sorted({3, 3, 3, 3}, 0.4) == 3.0);
  CHECK(nomo::quantile_sorted({7.5}, 0.3) == 7.5);
}

TEST_CASE("quantile functions reject bad input", "[numeric][errors]") {
  require_invalid([] { nomo::quantile_sorted({}, 0.5); }, {"quantile_sorted", "sorted.size() = 0"});
  require_invalid([] { nomo::quantile_sorted({1, 3, 2}, 0.5); }, {"quantile_sorted", "sorted[2] = 2"});
  require_invalid([] { nomo::quantile_sorted({1, not_a_number}, 0.5); }, {"sorted[1] = NaN"});
  require_invalid([] { nomo::quantile_sorted({1, 2}, 1.5); }, {"quantile_sorted", "p = 1.5"});
  require_invalid([] { nomo::quantiles({1, 2}, {0.5, -0.1}); }, {"quantiles", "probs[1] = -0.10000000000000001"});
  require_invalid([] { nomo::quantiles({1, std::numeric_limits<double>::infinity()}, {0.5}); }, {"quantiles", "x[1] = Inf"});
  require_invalid([] { nomo::quantiles({}, {0.5}); }, {"quantiles", "x.size() = 0"});
}

TEST_CASE("seq_length matches R seq(from, to, length.out)", "[numeric]") {
  const auto t = read_table("core_numeric_seq.csv");
  const auto cases = group_rows(t, [&](std::size_t i) { return t.rows[i][t.index("case")]; });
  const auto from = to_std(t.column("from"));
  const auto to = to_std(t.column("to"));
  const auto length = to_std(t.column("length"));
  const auto value = to_std(t.column("value"));
  for (const auto& [name, rows] : cases) {
    INFO("case " << name);
    const auto s = nomo::seq_length(from[rows[0]], to[rows[0]], static_cast<std::size_t>(length[rows[0]]));
    REQUIRE(s.size() == rows.size());
    // Same operations: exact (to the last bits where this build fuses multiply-adds).
    const double scale = std::max(std::abs(from[rows[0]]), std::abs(to[rows[0]]));  // values may cancel to 0
    for (std::size_t k = 0; k < rows.size(); ++k) CHECK(nomo_test::same_digits(s[k], value[rows[k]], scale));
  }
  CHECK(nomo::seq_length(0, 1, 0).empty());
}

TEST_CASE("seq_length rejects bad input", "[numeric][errors]") {
  require_invalid([] { nomo::seq_length(not_a_number, 1, 3); }, {"seq_length", "from = NaN"});
  require_invalid([] { nomo::seq_length(0, -std::numeric_limits<double>::infinity(), 3); }, {"seq_length", "to = -Inf"});
}

/// Interpolated values against R's approx() at the fixture rows `rows` (NaN where R gives NA).
template <class Rows>
void check_interpolated(const std::vector<double>& got, const std::vector<double>& points,
                        const std::vector<double>& expected, const Rows& rows) {
  REQUIRE(got.size() == rows.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    INFO("xout = " << points[k]);
    if (std::isnan(expected[rows[k]])) {
      CHECK(std::isnan(got[k]));
    } else {
      CHECK(close(got[k], expected[rows[k]], 1e-13));
    }
  }
}

TEST_CASE("approx matches R approx(rule = 1) with ties mean and first", "[numeric]") {
  const auto t = read_table("core_numeric_approx.csv");
  const auto groups = group_rows(t, [&](std::size_t i) {
    return t.rows[i][t.index("dataset")] + "/" + t.rows[i][t.index("ties")];
  });
  const auto names = t.text("dataset");
  const auto ties = t.text("ties");
  const auto xout = to_std(t.column("xout"));
  const auto expected = to_std(t.column("y"));
  for (const auto& [key, rows] : groups) {
    INFO(key);
    const auto& data = datasets().at(names[rows[0]]);
    std::vector<double> points;
    for (const auto r : rows) points.push_back(xout[r]);
    const auto mode = ties[rows[0]] == "mean" ? nomo::approx_ties::mean : nomo::approx_ties::first;
    const auto y = nomo::approx(data.x, data.y, points, mode);
    check_interpolated(y, points, expected, rows);
  }
}

TEST_CASE("approx_sorted_first (calibrate's sorted walk) matches R approx(ties = first)", "[numeric]") {
  const auto t = read_table("core_numeric_approx.csv");
  const auto names = t.text("dataset");
  const auto ties = t.text("ties");
  const auto xout = to_std(t.column("xout"));
  const auto expected = to_std(t.column("y"));
  const auto groups = group_rows(t, [&](std::size_t i) { return names[i] + "/" + ties[i]; });
  for (const auto& [key, rows] : groups) {
    if (ties[rows[0]] != "first") continue;
    INFO(key);
    const auto& data = datasets().at(names[rows[0]]);
    std::vector<double> x, y;  // R's order(x): the first of tied x is the first in input order
    nomo::detail::stable_sort_pairs(data.x, data.y, x, y);
    std::vector<std::size_t> by_point(rows.begin(), rows.end());
    std::stable_sort(by_point.begin(), by_point.end(), [&](std::size_t a, std::size_t b) { return xout[a] < xout[b]; });
    std::vector<double> points;
    for (const auto r : by_point) points.push_back(xout[r]);
    std::vector<double> out;
    nomo::detail::approx_sorted_first(x, y, points, out);
    check_interpolated(out, points, expected, by_point);
  }
}

TEST_CASE("approx rejects bad input", "[numeric][errors]") {
  require_invalid([] { nomo::approx({1, 2}, {1}, {1.5}); }, {"approx", "y.size() = 1", "x.size() = 2"});
  require_invalid([] { nomo::approx({1, 1}, {1, 2}, {1.5}); }, {"approx", "x = 1", "two distinct"});
  require_invalid([] { nomo::approx({1, not_a_number}, {1, 2}, {1.5}); }, {"approx", "x[1] = NaN"});
  require_invalid([] { nomo::approx({1, 2}, {not_a_number, 2}, {1.5}); }, {"approx", "y[0] = NaN"});
  require_invalid([] { nomo::approx({1, 2}, {1, 2}, {1.5, not_a_number}); }, {"approx", "xout[1] = NaN"});
  // An unknown ties was read as first.
  CHECK_THROWS_WITH(nomo::approx({1, 2}, {1, 2}, {1.5}, static_cast<nomo::approx_ties>(7)),
                    Catch::Contains("nomo::approx: ties = 7: unknown approx_ties (expected mean or first)"));
  require_invalid([] { nomo::approx({}, {}, {1.5}); }, {"approx", "x.size() = 0"});
  // Steps beyond the largest double: the interpolation weight would be 0 (a wrong finite value) or NaN.
  require_invalid([] { nomo::approx({-1.7e308, 1.7e308}, {0, 1}, {0.0}); },
                  {"approx", "x = 1.6999999999999999e+308", "minus the next smaller x = -1.6999999999999999e+308 overflows"});
  require_invalid([] { nomo::approx({0, 1}, {-1.7e308, 1.7e308}, {0.5}); },
                  {"approx", "y[x == 1] = 1.6999999999999999e+308", "minus y[x == 0] = -1.6999999999999999e+308 overflows"});
  require_invalid([] { nomo::approx({0, 0, 1}, {1.7e308, 1.7e308, 0}, {0.5}); },
                  {"approx", "mean(y[x == 0]) = Inf", "tied y values add up"});
}

TEST_CASE("approx interpolates values near the largest double while the steps are finite", "[numeric]") {
  // -8e307 + (8e307 - -8e307)·0.5 = 0 and 8e307·0.25 = 2e307 exactly (R gives the same).
  CHECK(nomo::approx({0, 1}, {-8e307, 8e307}, {0.5}) == std::vector<double>{0.0});
  CHECK(nomo::approx({-8e307, 8e307}, {0, 1}, {0.0, 8e307}) == std::vector<double>{0.5, 1.0});
}

TEST_CASE("pretty matches R pretty() on many ranges", "[numeric]") {
  const auto t = read_table("core_numeric_pretty.csv");
  const auto groups = group_rows(t, [&](std::size_t i) {
    return t.rows[i][t.index("case")] + "/n=" + t.rows[i][t.index("n")];
  });
  const auto lo = to_std(t.column("lo"));
  const auto hi = to_std(t.column("hi"));
  const auto n = to_std(t.column("n"));
  const auto value = to_std(t.column("value"));
  for (const auto& [key, rows] : groups) {
    const auto r0 = rows[0];
    INFO(key << ": [" << lo[r0] << ", " << hi[r0] << "]");
    const auto ticks = nomo::pretty(lo[r0], hi[r0], static_cast<int>(n[r0]));
    REQUIRE(ticks.size() == rows.size());
    // Same operations: exact (to the last bits where this build fuses multiply-adds).
    const double scale = std::max(std::abs(lo[r0]), std::abs(hi[r0]));
    for (std::size_t k = 0; k < rows.size(); ++k) CHECK(nomo_test::same_digits(ticks[k], value[rows[k]], scale));
  }
}

TEST_CASE("pretty reproduces the verified examples of rms-spec §0.4", "[numeric]") {
  CHECK(nomo::pretty(0.97, 9.3, 10) == std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(nomo::pretty(-2.41, 1.93, 10) ==
        std::vector<double>{-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2});
}

TEST_CASE("pretty rejects bad input", "[numeric][errors]") {
  require_invalid([] { nomo::pretty(not_a_number, 1); }, {"pretty", "lo = NaN"});
  require_invalid([] { nomo::pretty(0, std::numeric_limits<double>::infinity()); }, {"pretty", "hi = Inf"});
  require_invalid([] { nomo::pretty(3, 1); }, {"pretty", "lo = 3", "hi = 1"});
  require_invalid([] { nomo::pretty(0, 1, 0); }, {"pretty", "n = 0"});
  require_invalid([] { nomo::pretty(0, 1, 2000000); }, {"pretty", "n = 2000000"});
  require_invalid([] { nomo::pretty(-1.5e308, 1.5e308); }, {"pretty", "hi = 1.5e+308", "overflows"});
}

TEST_CASE("lowess matches R lowess() for iter 0/3, delta default/0 and two spans", "[numeric]") {
  const auto t = read_table("core_numeric_lowess.csv");
  const auto groups = group_rows(t, [&](std::size_t i) {
    const auto& row = t.rows[i];
    return row[t.index("dataset")] + "/iter=" + row[t.index("iter")] + "/f=" + row[t.index("f")] + "/delta=" +
           row[t.index("delta")];
  });
  const auto names = t.text("dataset");
  const auto delta = t.text("delta");
  const auto iter = to_std(t.column("iter"));
  const auto f = to_std(t.column("f"));
  const auto x = to_std(t.column("x"));
  const auto y = to_std(t.column("y"));
  for (const auto& [key, rows] : groups) {
    INFO(key);
    const auto r0 = rows[0];
    nomo::lowess_options options;
    options.f = f[r0];
    options.iterations = static_cast<int>(iter[r0]);
    if (delta[r0] == "zero") options.delta = 0.0;
    const auto& data = datasets().at(names[r0]);
    const auto curve = nomo::lowess(data.x, data.y, options);
    REQUIRE(curve.x.size() == rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      INFO("point " << k);
      CHECK(curve.x[k] == x[rows[k]]);
      CHECK(close(curve.y[k], y[rows[k]], 1e-12));
    }
  }
}

TEST_CASE("lowess' window sums read only their window and equal the tricube formula", "[numeric]") {
  // Every window [first, last) of a 48-point array, whole packets and leftover lanes alike: the
  // points outside the window are NaN, so a lane read outside it would poison the sums. Expected
  // values: the weighted sums written out point by point with w = (1 − (|x − xs|/h)³)³ · r.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x(48), y(48), r(48);
  for (std::size_t k = 0; k < x.size(); ++k) {
    x[k] = 0.1 * static_cast<double>(k) + 0.01 * static_cast<double>(k % 3);
    y[k] = static_cast<double>((k * 7) % 5) / 4;
    r[k] = static_cast<double>((k * 3) % 4) / 3;  // robustness weights, zeros included
  }
  for (const bool robust : {false, true}) {
    for (std::size_t first = 0; first < x.size(); ++first) {
      for (std::size_t last = first + 1; last <= x.size(); ++last) {
        std::vector<double> wx(x.size(), nan), wy(x.size(), nan), wr(x.size(), nan);
        std::copy(x.begin() + static_cast<std::ptrdiff_t>(first), x.begin() + static_cast<std::ptrdiff_t>(last),
                  wx.begin() + static_cast<std::ptrdiff_t>(first));
        std::copy(y.begin() + static_cast<std::ptrdiff_t>(first), y.begin() + static_cast<std::ptrdiff_t>(last),
                  wy.begin() + static_cast<std::ptrdiff_t>(first));
        std::copy(r.begin() + static_cast<std::ptrdiff_t>(first), r.begin() + static_cast<std::ptrdiff_t>(last),
                  wr.begin() + static_cast<std::ptrdiff_t>(first));
        const double xs = x[(first + last) / 2];
        const double h = 1.01 * std::max(xs - x[first], x[last - 1] - xs) + 0.05;
        // Per sum: the value and the sum of its terms' magnitudes, the scale of its rounding (Σw·d
        // cancels around xs).
        double expected[5] = {0, 0, 0, 0, 0}, scale[5] = {0, 0, 0, 0, 0};
        for (std::size_t k = first; k < last; ++k) {
          const double d = x[k] - xs, q = std::fabs(d) / h, t = 1 - q * q * q;
          const double w = t * t * t * (robust ? r[k] : 1.0);
          const double terms[5] = {w, w * d, w * d * d, w * y[k], w * d * y[k]};
          for (int s = 0; s < 5; ++s) {
            expected[s] += terms[s];
            scale[s] += std::fabs(terms[s]);
          }
        }
        const auto got = nomo::detail::tricube_sums(wx.data(), wy.data(), robust ? wr.data() : nullptr, first, last, xs, h);
        const double sums[5] = {got.w, got.wd, got.wdd, got.wy, got.wdy};
        INFO("window [" << first << ", " << last << ")" << (robust ? " with robustness weights" : ""));
        for (int s = 0; s < 5; ++s) {
          INFO("sum " << s << ": " << sums[s] << " against " << expected[s]);
          CHECK(std::fabs(sums[s] - expected[s]) <= 1e-14 * scale[s]);
        }
      }
    }
  }
}

TEST_CASE("lowess with a span above 1 uses every point", "[numeric]") {
  // R: lowess(1:4, c(1,3,2,5), f = 5)$y is identical to f = 1 (span capped at n). For f·n beyond
  // INT_MAX R's int conversion overflows and it smooths over 2 points; nomo keeps the cap.
  for (const double f : {5.0, 1e300}) {
    nomo::lowess_options wide;
    wide.f = f;
    nomo::lowess_options all;
    all.f = 1;
    CHECK(nomo::lowess({1, 2, 3, 4}, {1, 3, 2, 5}, wide).y == nomo::lowess({1, 2, 3, 4}, {1, 3, 2, 5}, all).y);
  }
}

TEST_CASE("lowess of a single point returns it", "[numeric]") {
  const auto curve = nomo::lowess({2.0}, {5.0});
  CHECK(curve.x == std::vector<double>{2.0});
  CHECK(curve.y == std::vector<double>{5.0});
}

TEST_CASE("lowess windows of tied x and subnormal spacings give R's values", "[numeric]") {
  // R 4.2.2: lowess(rep(1, 5), 1:5)$y; lowess(c(1,1,1,2,2,2), c(1,2,3,4,5,9), f = 0.3)$y (windows
  // of ties only: radius 0); lowess(c(0, 1e-310, 2e-310, 3e-310, 4e-310), c(1, 2, 3, 5, 4))$y
  // (a subnormal radius, whose reciprocal overflows).
  CHECK(nomo::lowess({1, 1, 1, 1, 1}, {1, 2, 3, 4, 5}).y == std::vector<double>(5, 3.0));
  nomo::lowess_options narrow;
  narrow.f = 0.3;
  const auto tied = nomo::lowess({1, 1, 1, 2, 2, 2}, {1, 2, 3, 4, 5, 9}, narrow);
  const std::vector<double> tied_r{2, 2, 2, 5.3463700778498886, 5.3463700778498886, 5.3463700778498886};
  for (std::size_t k = 0; k < tied_r.size(); ++k) CHECK(close(tied.y[k], tied_r[k], 1e-13));
  const auto tiny = nomo::lowess({0, 1e-310, 2e-310, 3e-310, 4e-310}, {1, 2, 3, 5, 4});
  const std::vector<double> tiny_r{1.4011695906432748, 2, 3, 5, 4.4011695906432751};
  for (std::size_t k = 0; k < tiny_r.size(); ++k) CHECK(close(tiny.y[k], tiny_r[k], 1e-12));
}

TEST_CASE("lowess weighs points within 0.001 of the radius 1 and keeps R's values at a scale of 1e95", "[numeric]") {
  // R 4.2.2: x <- c(0, 1, 1 + 1e-5, 1 + 2e-5, 2:9); y <- c(1, 4, 2, 6, 3, 5, 8, 6, 9, 7, 11, 10);
  // lowess(x, y, f = 0.5, iter = 0)$y and with iter = 3 (points 1e-5 apart are within h1 = 0.001h
  // of each other, where R's weight is exactly 1); lowess(c(0, 1, 2, 3, 5, 8, 13) * 1e95,
  // c(2, 1, 4, 3, 6, 5, 9))$y (radii near 1e95).
  const std::vector<double> x{0, 1, 1 + 1e-5, 1 + 2e-5, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> y{1, 4, 2, 6, 3, 5, 8, 6, 9, 7, 11, 10};
  const std::vector<std::vector<double>> expected{
      {1.7458444447554426, 3.3825313409353575, 3.3825440850417987, 3.3825568291482395, 4.001628475018876,
       5.2863105175292162, 6.31785883189999, 7.2819278514434078, 7.8181261213951245, 8.7384213674091562,
       9.58409296993608, 10.494257685522776},
      {1.6585681682406415, 3.2319259073283098, 3.2319385862894201, 3.23195126525053, 3.9479899280779138,
       5.2773041771503451, 6.2873024921401841, 7.2686344541710826, 7.8333947477500612, 8.7620386700623882,
       9.5887976298007409, 10.474110000185345}};
  for (const int iterations : {0, 3}) {
    const auto curve = nomo::lowess(x, y, {0.5, iterations, {}});
    const auto& r = expected[iterations == 0 ? 0 : 1];
    for (std::size_t k = 0; k < x.size(); ++k) CHECK(close(curve.y[k], r[k], 1e-12));
  }
  std::vector<double> huge_x{0, 1, 2, 3, 5, 8, 13};
  for (double& v : huge_x) v *= 1e95;
  const auto huge = nomo::lowess(huge_x, {2, 1, 4, 3, 6, 5, 9});
  const std::vector<double> huge_r{2, 2, 3, 3, 5.9999999999999982, 5.0000000000000009, 8.8314799346430846};
  for (std::size_t k = 0; k < huge_r.size(); ++k) CHECK(close(huge.y[k], huge_r[k], 1e-12));
}

TEST_CASE("lowess rejects bad input", "[numeric][errors]") {
  require_invalid([] { nomo::lowess({1, 2}, {1}); }, {"lowess", "y.size() = 1"});
  require_invalid([] { nomo::lowess({}, {}); }, {"lowess", "x.size() = 0"});
  require_invalid([] { nomo::lowess({1, not_a_number}, {1, 2}); }, {"lowess", "x[1] = NaN"});
  require_invalid([] { nomo::lowess({1, 2}, {1, not_a_number}); }, {"lowess", "y[1] = NaN"});
  require_invalid([] { nomo::lowess({1, 2}, {1, 2}, {0.0, 3, {}}); }, {"lowess_options::validate", "f = 0"});
  require_invalid([] { nomo::lowess({1, 2}, {1, 2}, {0.5, -1, {}}); }, {"iterations = -1"});
  require_invalid([] { nomo::lowess({1, 2}, {1, 2}, {0.5, 0, -0.25}); }, {"delta = -0.25"});
}

TEST_CASE("gini_mean_difference matches Hmisc::GiniMd and the pairwise definition", "[numeric]") {
  const auto t = read_table("core_numeric_gini.csv");
  const auto names = t.text("dataset");
  const auto value = to_std(t.column("value"));
  const auto pairwise = to_std(t.column("pairwise"));
  for (std::size_t i = 0; i < t.size(); ++i) {
    INFO(names[i]);
    const double g = nomo::gini_mean_difference(datasets().at(names[i]).x);
    CHECK(close(g, value[i], 1e-14));
    CHECK(close(g, pairwise[i], 1e-12));
  }
  CHECK(nomo::gini_mean_difference({0, 1}) == Approx(1.0).epsilon(1e-15));  // closed form: one pair
}

TEST_CASE("pairs sorted by x keep R's order(): ties in input order", "[numeric]") {
  // R: x <- c(2, 1, 2, 1, 0.5); order(x) is 5 2 4 1 3 (stable for ties).
  const std::vector<double> x{2, 1, 2, 1, 0.5};
  const std::vector<double> position{1, 2, 3, 4, 5};
  std::vector<double> sorted_x, sorted_position;
  nomo::detail::stable_sort_pairs(x, position, sorted_x, sorted_position);
  CHECK(sorted_x == std::vector<double>{0.5, 1, 1, 2, 2});
  CHECK(sorted_position == std::vector<double>{5, 2, 4, 1, 3});
}

TEST_CASE("stable_order is R's order() on long inputs with ties, signs and zeros of both signs", "[numeric]") {
  // Long enough for the radix path; R's order() is a stable sort, and −0 ties with +0.
  std::vector<double> x;
  for (int i = 0; i < 300; ++i) x.push_back(std::round(10 * std::sin(i * 0.37)) / 4);
  x.insert(x.begin() + 50, -0.0);
  x.insert(x.begin() + 10, 0.0);
  std::vector<std::size_t> expected(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) expected[k] = k;
  std::stable_sort(expected.begin(), expected.end(), [&x](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  CHECK(nomo::detail::stable_order(x) == expected);
}

TEST_CASE("stable_order_near gives R's order() from any hint, near or far", "[numeric]") {
  // A perturbed copy of a predictor, as a bootstrap refit's predictions are of the full model's:
  // ties (values on a coarse grid), zeros of both signs, and a hint that is the order of the
  // unperturbed values. The reversed hint exceeds the shift budget and takes the fallback.
  std::vector<double> base, x;
  for (int i = 0; i < 123; ++i) {
    base.push_back(std::round(40 * std::sin(i * 1.7)) / 8);
    x.push_back(std::round(40 * std::sin(i * 1.7) + 6 * std::cos(i * 0.9)) / 8);
  }
  x[7] = -0.0;
  x[70] = 0.0;
  std::vector<std::size_t> expected(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) expected[k] = k;
  std::stable_sort(expected.begin(), expected.end(), [&x](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  const std::vector<std::size_t> near = nomo::detail::stable_order(base);
  CHECK(nomo::detail::stable_order_near(x, near) == expected);
  CHECK(nomo::detail::stable_order_near(x, expected) == expected);
  const std::vector<std::size_t> reversed(expected.rbegin(), expected.rend());
  CHECK(nomo::detail::stable_order_near(x, reversed) == expected);
  CHECK(nomo::detail::stable_order_near(std::vector<double>{}, {}).empty());
  CHECK(nomo::detail::stable_order_near(std::vector<double>{2.5}, {0}) == std::vector<std::size_t>{0});
}

TEST_CASE("the radix sort behind gini and quantiles orders like std::sort", "[numeric]") {
  // Values spanning signs, zeros of both signs, subnormals, huge magnitudes and ties.
  std::vector<double> values;
  for (int i = 0; i < 5000; ++i) {
    const double u = std::sin(1.0 + i * 0.7371) * std::pow(10.0, (i % 41) - 20);
    values.push_back(i % 13 == 0 ? std::round(u) : u);
  }
  values.insert(values.end(), {-0.0, 0.0, 4.9e-324, -4.9e-324, 1.7e308, -1.7e308, 2.5, 2.5, -2.5});
  std::vector<double> expected = values;
  std::sort(expected.begin(), expected.end());
  nomo::detail::sort_finite(values);
  CHECK(values == expected);
}

TEST_CASE("gini_mean_difference rejects bad input", "[numeric][errors]") {
  require_invalid([] { nomo::gini_mean_difference({1}); }, {"gini_mean_difference", "x.size() = 1"});
  require_invalid([] { nomo::gini_mean_difference({1, not_a_number}); }, {"gini_mean_difference", "x[1] = NaN"});
  require_invalid([] { nomo::gini_mean_difference({-1.7e308, 1.7e308}); },
                  {"gini_mean_difference", "x (largest |value|) = 1.6999999999999999e+308", "overflow"});
  require_invalid([] { nomo::gini_mean_difference({-1.7e308, 1.0, 1.0}); },
                  {"gini_mean_difference", "x (largest |value|) = -1.6999999999999999e+308"});
  // Near the limit but representable: the mean |x_i - x_j| of two values is their distance.
  CHECK(nomo::gini_mean_difference({0, 8e307}) == Approx(8e307).epsilon(1e-15));
}
