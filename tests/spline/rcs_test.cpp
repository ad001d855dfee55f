// Restricted cubic spline knots, basis and slope against Hmisc::rcspline.eval
// (tests/reference/spline_knots.R, spline_basis.R) and the worked examples of rms-spec §1.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/spline/rcs.hpp"

namespace {

std::vector<double> split_numbers(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string cell;
  while (std::getline(in, cell, ';')) out.push_back(std::stod(cell));
  return out;
}

std::map<std::string, std::vector<double>> knot_data() {
  const nomo_test::table t = nomo_test::read_table("spline_knots_data.csv");
  const auto names = t.text("data_set");
  const Eigen::VectorXd x = t.column("x");
  std::map<std::string, std::vector<double>> out;
  for (std::size_t i = 0; i < names.size(); ++i) out[names[i]].push_back(x(static_cast<Eigen::Index>(i)));
  return out;
}

std::map<std::string, std::vector<double>> knot_sets() {
  const nomo_test::table t = nomo_test::read_table("spline_basis_knots.csv");
  std::map<std::string, std::vector<double>> out;
  const auto names = t.text("knot_set");
  const auto knots = t.text("knots");
  for (std::size_t i = 0; i < names.size(); ++i) out[names[i]] = split_numbers(knots[i]);
  return out;
}

nomo::spline::rcs_norm norm_of(double code) { return static_cast<nomo::spline::rcs_norm>(static_cast<int>(code)); }

}  // namespace

TEST_CASE("rcs_knots matches Hmisc on every data shape and knot count", "[spline][rcs]") {
  const auto data = knot_data();
  const nomo_test::table expected = nomo_test::read_table("spline_knots.csv");
  const auto sets = expected.text("data_set");
  const auto status = expected.text("status");
  const auto knots = expected.text("knots");
  const Eigen::VectorXd nk = expected.column("nk");
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const int n_knots = static_cast<int>(nk(static_cast<Eigen::Index>(r)));
    INFO(sets[r] << " nk = " << n_knots);
    if (status[r] == "error") {
      CHECK_THROWS_AS(nomo::spline::rcs_knots(data.at(sets[r]), n_knots), nomo::invalid_input);
      continue;
    }
    const auto choice = nomo::spline::rcs_knots(data.at(sets[r]), n_knots);
    const std::vector<double> want = split_numbers(knots[r]);
    REQUIRE(choice.knots.size() == want.size());
    for (std::size_t j = 0; j < want.size(); ++j) CHECK(choice.knots[j] == Approx(want[j]).epsilon(1e-14).margin(1e-14));
    CHECK(choice.requested == n_knots);
    // A note whenever Hmisc warned, and whenever fewer knots came out than were asked for.
    const bool expect_note = status[r] == "warning" || want.size() < static_cast<std::size_t>(n_knots);
    CHECK(choice.note.empty() == !expect_note);
  }
}

TEST_CASE("rcs_knots reproduces the rms-spec worked examples", "[spline][rcs]") {
  const auto data = knot_data();
  const auto k4 = nomo::spline::rcs_knots(data.at("bmk150"), 4).knots;
  CHECK_THAT(k4, Catch::Matchers::Approx(std::vector<double>{1.3745, 2.1575, 3.3855, 4.9575}).epsilon(1e-12));
  const auto small = nomo::spline::rcs_knots(data.at("bmk80"), 4).knots;
  CHECK_THAT(small, Catch::Matchers::Approx(std::vector<double>{1.28, 2.1685, 3.325, 4.52}).epsilon(1e-12));
  const auto tied = nomo::spline::rcs_knots(data.at("fractied_low"), 4).knots;
  CHECK_THAT(tied, Catch::Matchers::Approx(std::vector<double>{0.10, 1.04, 8.60, 16.16}).epsilon(1e-12));
}

TEST_CASE("rcs_knots fractied option 0 switches the tied-end rule off", "[spline][rcs]") {
  // With the rule off, 30 zeros of 200 values give plain quantiles: the 5 % quantile is 0.
  const auto data = knot_data();
  const auto knots = nomo::spline::rcs_knots(data.at("fractied_low"), 4, {0.0}).knots;
  CHECK(knots.front() == 0.0);
}

TEST_CASE("rcs basis matches Hmisc::rcspline.eval for norms 0, 1, 2", "[spline][rcs]") {
  const auto sets = knot_sets();
  const nomo_test::table t = nomo_test::read_table("spline_basis.csv");
  const auto names = t.text("knot_set");
  const Eigen::VectorXd norm = t.column("norm"), x = t.column("x"), column = t.column("column"),
                        value = t.column("value");
  std::vector<double> row(8);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    nomo::spline::rcs_basis_row(x(i), sets.at(names[r]), row.data(), norm_of(norm(i)));
    INFO(names[r] << " norm " << norm(i) << " x " << x(i) << " column " << column(i));
    CHECK(row[static_cast<std::size_t>(column(i))] == Approx(value(i)).epsilon(1e-13).margin(1e-13));
  }
}

TEST_CASE("rcs_basis matrix equals the row-wise basis and the spec's x = 3.5 example", "[spline][rcs]") {
  const std::vector<double> knots{1.3745, 2.1575, 3.3855, 4.9575};
  const std::vector<double> x{0.5, 3.5, 7.0};
  const Eigen::MatrixXd b = nomo::spline::rcs_basis(x, knots);
  REQUIRE(b.rows() == 3);
  REQUIRE(b.cols() == 3);
  CHECK(b(1, 0) == 3.5);
  CHECK(b(1, 1) == Approx(0.747713015917911).epsilon(1e-13));
  CHECK(b(1, 2) == Approx(0.18826478274833).epsilon(1e-12));
  CHECK(b(0, 1) == 0.0);  // below the first knot the nonlinear terms vanish
}

TEST_CASE("rcs basis works for float scalars", "[spline][rcs]") {
  const std::vector<float> knots{1.3745f, 2.1575f, 3.3855f, 4.9575f};
  float row[3];
  nomo::spline::rcs_basis_row(3.5f, knots, row);
  CHECK(row[1] == Approx(0.747713015917911).epsilon(1e-5));
  CHECK(row[2] == Approx(0.18826478274833).epsilon(1e-5));
}

TEST_CASE("rcs_slope matches central differences of the R basis", "[spline][rcs]") {
  const auto sets = knot_sets();
  const nomo_test::table t = nomo_test::read_table("spline_basis_slope.csv");
  const auto names = t.text("knot_set");
  const auto coefficients = t.text("coefficients");
  const Eigen::VectorXd norm = t.column("norm"), x = t.column("x"), slope = t.column("slope");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    INFO(names[r] << " norm " << norm(i) << " x " << x(i));
    const double got = nomo::spline::rcs_slope(x(i), sets.at(names[r]), split_numbers(coefficients[r]), norm_of(norm(i)));
    CHECK(got == Approx(slope(i)).epsilon(1e-8).margin(1e-8));
  }
}

TEST_CASE("rcs curve is linear beyond the outer knots", "[spline][rcs]") {
  // Closed form: the restriction makes the second derivative vanish outside [t_1, t_k], so the
  // slope is the same at any two points beyond the last knot and equals the linear coefficient below
  // the first.
  const std::vector<double> knots{-2, -0.5, 0.1, 0.7, 3};
  const std::vector<double> beta{0.7, -1.3, 0.9, -0.4};
  CHECK(nomo::spline::rcs_slope(5.0, knots, beta) == Approx(nomo::spline::rcs_slope(50.0, knots, beta)).epsilon(1e-12));
  CHECK(nomo::spline::rcs_slope(-3.0, knots, beta) == Approx(0.7).epsilon(1e-15));
}

TEST_CASE("rcs_given_knots accepts knots inside the data", "[spline][rcs]") {
  const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, std::nan("")};
  const auto choice = nomo::spline::rcs_given_knots(x, {2, 4, 6});
  CHECK(choice.knots == std::vector<double>{2, 4, 6});
  CHECK(choice.requested == 3);
  CHECK(choice.note.empty());
}

TEST_CASE("rcs_basis_row and rcs_slope stay finite for large x whose basis does not overflow", "[spline][rcs]") {
  using nomo::spline::rcs_basis_row;
  using nomo::spline::rcs_slope;
  // Closed form for knots 0, 1, 2 (norm range: kd = 2^(2/3), kd³ = 4), one nonlinear column
  //   f(x) = [x⁺³ + (x − 2)⁺³ − 2 (x − 1)⁺³] / kd³,
  // so f(x) = 0 for x ≤ 0 and f(x) = (6x − 6)/4 = 1.5 (x − 1) for x ≥ 2, and the slope of
  // b0 x + b1 f(x) is b0 below the first knot and b0 + 1.5 b1 above the last.
  const std::vector<double> knots{0, 1, 2};
  const std::vector<double> beta{0.5, 2.0};
  double row[2];

  // Far below the knots every cube is 0: exact, down to the most negative doubles.
  rcs_basis_row(-1e308, knots, row);
  CHECK(row[0] == -1e308);
  CHECK(row[1] == 0.0);
  CHECK(rcs_slope(-1e308, knots, beta) == 0.5);

  // Above the last knot the cubes cancel to a linear function; double keeps it to about
  // 2^-52 · x³/4 absolute, i.e. a relative error near 1e-16 · x², so x = 1e4 matches to 1e-7.
  rcs_basis_row(1e4, knots, row);
  CHECK(row[0] == 1e4);
  CHECK(row[1] == Approx(1.5 * (1e4 - 1)).epsilon(1e-7));
  CHECK(rcs_slope(1e4, knots, beta) == Approx(0.5 + 1.5 * 2.0).epsilon(1e-7));

  // Near the overflow threshold (cubes up to (5e102 / 2^(2/3))³ ≈ 3e307 stay finite) nothing is
  // refused and the results stay finite. Their nonlinear parts are not the closed form: x − 1 and
  // x − 2 round to x, the cubes cancel to 0, so column 1 is 0 (exact 1.5e100) and the slope b0.
  for (const double x : {1e100, 5e102}) {
    INFO("x = " << x);
    REQUIRE_NOTHROW(rcs_basis_row(x, knots, row));
    CHECK(row[0] == x);
    CHECK(std::isfinite(row[1]));
    CHECK(std::isfinite(rcs_slope(x, knots, beta)));
  }
}

using nomo_test::require_invalid;

TEST_CASE("rcs functions reject bad input naming the argument and value", "[spline][rcs][bad-input]") {
  using namespace nomo::spline;
  static const double na = std::nan("");
  require_invalid([&] { rcs_knots({1, 2, na, 3, 4, 5}, 3); }, "x (non-missing values)", "5");
  require_invalid([] { rcs_knots({1, 2, 3, 4, 5, 6, 7, 8}, 2); }, "n_knots", "2");
  require_invalid([] { rcs_knots({1, 2, 3, 4, 5, 6, 7, 1.0 / 0.0}, 3); }, "x[7]", "Inf");
  require_invalid([] { rcs_knots({1, 1, 1, 1, 2, 2, 2}, 3); }, "x (unique values)", "2");
  // A constant x has no interior range: refused, not an out-of-range vector (Hmisc also stops).
  require_invalid([] { rcs_knots(std::vector<double>(50, 3.0), 3); }, "x (unique values)", "1");
  require_invalid([&] { rcs_knots({3, 3, na, 3, 3, 3, 3}, 5); }, "x (unique values)", "1");
  require_invalid([] { rcs_knots({1, 2, 3, 4, 5, 6, 7}, 3, {1.5}); }, "fractied", "1.5");
  require_invalid([] { rcs_given_knots({1, 2, 3, 4, 5, 6}, {2, 2, 4}); }, "knots[1]", "2");
  require_invalid([] { rcs_given_knots({1, 2, 3, 4, 5, 6}, {2, 4, 9}); }, "knots[2]", "9");
  require_invalid([] { rcs_given_knots({1, 2, 3, 4, 5, 6}, {0.5, 4, 5}); }, "knots[0]", "0.5");
  require_invalid([] { rcs_given_knots({1, 2, 3, 4, 5, 6}, {2, 4}); }, "knots.size()", "2");
  require_invalid([] { rcs_given_knots({na, na}, {2, 3, 4}); }, "x (non-missing values)", "0");
  require_invalid([] { rcs_spline_basis<double>({1, 3, 2}); }, "knots[2]", "2");
  // An unknown norm was read as range.
  CHECK_THROWS_WITH(rcs_basis(std::vector<double>{1, 2}, {1, 2, 3}, static_cast<rcs_norm>(7)),
                    Catch::Contains("nomo::spline::rcs_spline_basis: norm = 7: unknown rcs_norm "
                                    "(expected none, last_interval or range)"));
  require_invalid([] { double out[2]; rcs_basis_row(1.0, std::vector<double>{1, na, 3}, out); }, "knots[1]", "NaN");
  require_invalid([] { rcs_basis(std::vector<double>{1, std::nan("")}, {1, 2, 3}); }, "x[1]", "NaN");
  // (1e103 − 1)/2^(2/3) cubed passes the largest double: the basis was NaN.
  require_invalid([] { rcs_basis(std::vector<double>{1, 2, 1e103, 1e308}, {1, 2, 3}); }, "x[2]", "1e+103");
  require_invalid([] { rcs_basis(std::vector<double>{1e308}, {1, 2, 3, 4}, rcs_norm::none); }, "x[0]", "1e+308");
  // The same overflow one value at a time: rcs_basis_row returned NaN columns.
  require_invalid([] { double out[2]; rcs_basis_row(1e103, std::vector<double>{1, 2, 3}, out); }, "x", "1e+103");
  require_invalid([] { double out[2]; rcs_basis_row(1e103, std::vector<double>{1, 2, 3}, out); },
                  {"nomo::spline::rcs_basis_row: x = 1e+103: ", "overflows double"});
  require_invalid([] { float out[2]; rcs_basis_row(1e20f, std::vector<float>{1, 2, 3}, out); }, "x", "1.00000002e+20");
  require_invalid([] { float out[2]; rcs_basis_row(1e20f, std::vector<float>{1, 2, 3}, out); }, {"overflows float"});
  // rcs_slope's squares (times the knot spacings) overflow from about x = 1.5e154: it returned -Inf
  // or NaN, also when the nonlinear coefficient is 0 (0 · Inf is NaN). A huge coefficient overflows
  // the sum itself: the slope's nonlinear column is 1.5 above the last knot, 1.5 · 1.5e308 > DBL_MAX.
  require_invalid([] { rcs_slope(5e154, {1, 2, 3}, {1.0, 1.0}); }, "x", "5e+154");
  require_invalid([] { rcs_slope(1e160, {1, 2, 3}, {1.0, 0.0}); },
                  {"nomo::spline::rcs_slope: x = 1e+160: ", "overflows double"});
  require_invalid([] { rcs_slope(10.0, {1, 2, 3}, {1.0, 1.5e308}); }, "x", "10");
  require_invalid([] { rcs_slope(1.0, {1, 2, 3}, {1.0}); }, "coefficients.size()", "1");
  require_invalid([] { rcs_slope(na, {1, 2, 3}, {1.0, 2.0}); }, "x", "NaN");
}
