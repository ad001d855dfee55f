// Tests of nomo::detail::lowess_sorted_at (include/nomo/core/lowess.hpp): bit for bit the full
// lowess_sorted + approx_sorted_first path it shortcuts, on data built to exercise every kind of
// point (fitted, tie copy, skipped within delta), and R's lowess (tests/reference/core_numeric.R)
// interpolated at a grid.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "nomo/core/lowess.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/core/rng.hpp"

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Points in R's order(x), as lowess_sorted_at takes them.
struct sorted_data {
  std::vector<double> x;
  std::vector<double> y;
};

sorted_data sorted(const std::vector<double>& x, const std::vector<double>& y) {
  sorted_data d;
  nomo::detail::stable_sort_pairs(x, y, d.x, d.y);
  return d;
}

/// n points with x uniform on [0, 10), rounded to multiples of `step` when it is positive (ties),
/// and y = sin(x) plus uniform noise, from a seeded portable stream.
sorted_data random_points(std::size_t n, std::uint64_t seed, double step) {
  nomo::splitmix64 rng(seed);
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = 10.0 * rng.uniform();
    if (step > 0) x[i] = step * std::round(x[i] / step);
    y[i] = std::sin(x[i]) + rng.uniform() - 0.5;
  }
  return sorted(x, y);
}

/// The sum of twelve uniforms minus six: mean 0, variance 1, close to normal, portable.
double normalish(nomo::splitmix64& rng) {
  double sum = -6.0;
  for (int k = 0; k < 12; ++k) sum += rng.uniform();
  return sum;
}

/// What calibrate smooths: p = expit(lp) for normal-ish linear predictors and y ~ Bernoulli(p).
sorted_data calibrate_like(std::size_t n, std::uint64_t seed) {
  nomo::splitmix64 rng(seed);
  std::vector<double> p(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = 1.0 / (1.0 + std::exp(-(1.3 * normalish(rng) - 0.4)));
    y[i] = rng.uniform() < p[i] ? 1.0 : 0.0;
  }
  return sorted(p, y);
}

/// rms::calibrate's default grid: 50 points from the 5th smallest to the 5th largest x.
std::vector<double> calibrate_grid(const sorted_data& d) { return nomo::seq_length(d.x[4], d.x[d.x.size() - 5], 50); }

/// `length` equally spaced points reaching `margin` times the range beyond the data on each side.
std::vector<double> wide_grid(const sorted_data& d, double margin, std::size_t length) {
  const double pad = margin * (d.x.back() - d.x.front());
  return nomo::seq_length(d.x.front() - pad, d.x.back() + pad, length);
}

/// `grid` with every data x added (tied ones repeated), sorted.
std::vector<double> with_data_x(std::vector<double> grid, const sorted_data& d) {
  grid.insert(grid.end(), d.x.begin(), d.x.end());
  std::sort(grid.begin(), grid.end());
  return grid;
}

nomo::lowess_options make_options(double f, std::optional<double> delta, int iterations = 0) {
  nomo::lowess_options options;
  options.f = f;
  options.delta = delta;
  options.iterations = iterations;
  return options;
}

/// Spans and deltas that vary the windows, the skipping (none, R's default, most points) and ties.
std::vector<nomo::lowess_options> option_sets(const sorted_data& d) {
  const double range = d.x.back() - d.x.front();
  std::vector<nomo::lowess_options> sets;
  for (const double f : {2.0 / 3.0, 0.3, 0.05}) {
    for (const std::optional<double> delta : {std::optional<double>{}, std::optional<double>{0.0},
                                              std::optional<double>{0.2 * range}}) {
      sets.push_back(make_options(f, delta));
    }
  }
  return sets;
}

/// The full path lowess_sorted_at must reproduce.
std::vector<double> full_path(const sorted_data& d, const nomo::lowess_options& options,
                              const std::vector<double>& xout) {
  std::vector<double> fitted, out;
  nomo::detail::lowess_sorted(d.x, d.y, options, fitted);
  nomo::detail::approx_sorted_first(d.x, fitted, xout, out);
  return out;
}

std::vector<double> shortcut(const sorted_data& d, const nomo::lowess_options& options,
                             const std::vector<double>& xout) {
  std::vector<double> out;
  nomo::detail::lowess_sorted_at(d.x, d.y, options, xout, out);
  return out;
}

/// Same length and every value equal, or both NaN.
bool identical(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!(a[k] == b[k] || (std::isnan(a[k]) && std::isnan(b[k])))) return false;
  }
  return true;
}

void check_identical(const sorted_data& d, const nomo::lowess_options& options, const std::vector<double>& xout) {
  INFO("n = " << d.x.size() << ", f = " << options.f << ", delta = " << options.delta.value_or(-1.0)
              << ", iterations = " << options.iterations << ", xout size = " << xout.size());
  CHECK(identical(shortcut(d, options, xout), full_path(d, options, xout)));
}

/// How many local fits lowess_sorted_at runs, and how many the full smooth runs.
struct fit_counts {
  std::size_t run;
  std::size_t all;
};

fit_counts count_fits(const sorted_data& d, const nomo::lowess_options& options, const std::vector<double>& xout) {
  nomo::detail::lowess_point_values smooth(d.x, d.y, options);
  nomo::detail::approx_sorted_first_reads(d.x, xout, [&](std::size_t j) { smooth.at(j); });
  return {smooth.fits_run(), smooth.fits_scheduled()};
}

/// R's approx(x, y, v, ties = first) by its closed form, for x sorted.
double interpolate_first(const std::vector<double>& x, const std::vector<double>& y, double v) {
  if (v < x.front() || v > x.back()) return not_a_number;
  const auto hi = static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), v) - x.begin());
  const auto lo = static_cast<std::size_t>(std::lower_bound(x.begin(), x.end(), x[hi - 1]) - x.begin());
  if (x[lo] == v || hi == x.size()) return y[lo];
  return y[lo] + (y[hi] - y[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
}

}  // namespace

TEST_CASE("lowess_sorted_at equals the full path on random data, n = 2 to 300", "[lowess_at]") {
  for (std::size_t n = 2; n <= 300; ++n) {
    const auto d = random_points(n, 1000 + n, 0.0);
    for (const auto& options : option_sets(d)) check_identical(d, options, wide_grid(d, 0.1, 37));
  }
}

TEST_CASE("lowess_sorted_at equals the full path with many ties, at the tied x values themselves", "[lowess_at]") {
  for (std::size_t n = 2; n <= 300; n += 7) {
    for (const double step : {0.5, 2.5}) {
      const auto d = random_points(n, 2000 + n, step);
      const auto xout = with_data_x(wide_grid(d, 0.05, 23), d);
      for (const auto& options : option_sets(d)) check_identical(d, options, xout);
    }
  }
}

TEST_CASE("lowess_sorted_at equals the full path when delta skips most points", "[lowess_at]") {
  for (const std::size_t n : {20, 123, 300}) {
    const auto d = random_points(n, 3000 + n, 0.0);
    const double range = d.x.back() - d.x.front();
    for (const double share : {0.01, 0.05, 0.3, 2.0}) {
      for (const double f : {2.0 / 3.0, 0.2}) {
        check_identical(d, make_options(f, share * range), with_data_x(wide_grid(d, 0.0, 50), d));
      }
    }
  }
}

TEST_CASE("lowess_sorted_at equals the full path on one-point and empty grids", "[lowess_at]") {
  const auto d = random_points(60, 4000, 0.5);
  const double middle = d.x[30];  // a tied value: x is on a grid of halves
  for (const double v : {d.x.front() - 1.0, d.x.front(), middle, middle + 0.01, d.x.back(), d.x.back() + 1.0}) {
    for (const auto& options : option_sets(d)) check_identical(d, options, {v});
  }
  for (const auto& options : option_sets(d)) {
    check_identical(d, options, {});
    CHECK(shortcut(d, options, {}).empty());
  }
}

TEST_CASE("lowess_sorted_at equals the full path when every x is equal", "[lowess_at]") {
  for (std::size_t n = 1; n <= 6; ++n) {
    sorted_data d{std::vector<double>(n, 5.0), {}};
    for (std::size_t i = 0; i < n; ++i) d.y.push_back(static_cast<double>(i * i));
    for (const auto& xout : {std::vector<double>{4.0, 5.0, 6.0}, std::vector<double>{5.0}, std::vector<double>{}}) {
      check_identical(d, make_options(2.0 / 3.0, {}), xout);
      check_identical(d, make_options(0.3, 0.0), xout);
    }
  }
}

TEST_CASE("lowess_sorted_at equals the full path on calibrate-like data and runs fewer fits", "[lowess_at]") {
  const auto options = make_options(2.0 / 3.0, {});
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto d = calibrate_like(123, seed);
    // A bootstrap sample of the same subjects: repeated rows make ties.
    nomo::splitmix64 rng(seed, 1);
    std::vector<double> px, py;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      const auto row = static_cast<std::size_t>(rng.below(d.x.size()));
      px.push_back(d.x[row]);
      py.push_back(d.y[row]);
    }
    const auto boot = sorted(px, py);
    for (const auto* sample : {&d, &boot}) {
      const auto grid = calibrate_grid(*sample);
      check_identical(*sample, options, grid);
      const auto counts = count_fits(*sample, options, grid);
      CHECK(counts.run > 0);
      CHECK(counts.run < counts.all);
    }
  }
}

TEST_CASE("lowess_sorted_at with robustness iterations equals the full path", "[lowess_at]") {
  for (const std::size_t n : {2, 3, 17, 123, 250}) {
    const auto d = random_points(n, 5000 + n, n % 2 == 0 ? 0.5 : 0.0);
    for (const double f : {2.0 / 3.0, 0.3}) check_identical(d, make_options(f, {}, 3), wide_grid(d, 0.1, 50));
  }
  const auto p = calibrate_like(123, 77);
  check_identical(p, make_options(2.0 / 3.0, {}, 3), calibrate_grid(p));
}

TEST_CASE("lowess_sorted_at matches R's lowess interpolated at a grid", "[lowess_at]") {
  // R 4.2.2: lowess(x, y, f, iter = 0, delta) of core_numeric_data.csv's data sets, in the fixture
  // core_numeric_lowess.csv; its sorted x and smooth, interpolated by approx's closed form with
  // ties = first, are what lowess_sorted_at must give at 50 points and at every data x.
  const auto data = nomo_test::read_table("core_numeric_data.csv");
  const auto fits = nomo_test::read_table("core_numeric_lowess.csv");
  const auto data_names = data.text("dataset"), fit_names = fits.text("dataset"), fit_delta = fits.text("delta");
  const auto dx = data.column("x"), dy = data.column("y");
  const auto fx = fits.column("x"), fy = fits.column("y"), fit_f = fits.column("f"), fit_iter = fits.column("iter");
  for (const std::string name : {"probs", "dense", "ties"}) {
    std::vector<double> x, y;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (data_names[i] != name) continue;
      x.push_back(dx(static_cast<Eigen::Index>(i)));
      y.push_back(dy(static_cast<Eigen::Index>(i)));
    }
    const auto d = sorted(x, y);
    for (const double f : {2.0 / 3.0, 0.3}) {
      for (const std::string delta : {"default", "zero"}) {
        INFO(name << " f = " << f << " delta = " << delta);
        std::vector<double> r_x, r_y;
        for (std::size_t i = 0; i < fits.size(); ++i) {
          const auto row = static_cast<Eigen::Index>(i);
          if (fit_names[i] != name || fit_iter(row) != 0 || fit_f(row) != f || fit_delta[i] != delta) continue;
          r_x.push_back(fx(row));
          r_y.push_back(fy(row));
        }
        REQUIRE(r_x == d.x);
        const auto xout = with_data_x(wide_grid(d, 0.02, 50), d);
        const std::optional<double> delta_value = delta == "zero" ? std::optional<double>{0.0} : std::nullopt;
        const auto got = shortcut(d, make_options(f, delta_value), xout);
        REQUIRE(got.size() == xout.size());
        for (std::size_t k = 0; k < xout.size(); ++k) {
          INFO("xout = " << xout[k]);
          const double expected = interpolate_first(r_x, r_y, xout[k]);
          if (std::isnan(expected)) {
            CHECK(std::isnan(got[k]));
          } else {
            CHECK(std::fabs(got[k] - expected) <= 1e-12 * std::max(1.0, std::fabs(expected)));
          }
        }
      }
    }
  }
}
