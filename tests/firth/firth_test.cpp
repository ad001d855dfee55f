// Firth logistic regression against the penalised score equations solved by hand in R
// (tests/reference/firth_logistic.R): estimates, SEs, profile intervals and penalised LR tests, on the
// rms example data, a completely separated and a quasi-completely separated data set.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/glm/firth.hpp"

namespace {

struct data_set {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::vector<std::string> names;
};

data_set load(const std::string& file, const std::vector<std::string>& columns) {
  const nomo_test::table t = nomo_test::read_table(file);
  data_set d;
  d.x.resize(static_cast<Eigen::Index>(t.size()), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) d.x.col(static_cast<Eigen::Index>(j)) = t.column(columns[j]);
  d.y = t.column("y");
  d.names = columns;
  return d;
}

data_set load_named(const std::string& name) {
  if (name == "separated") return load("firth_logistic_separated.csv", {"dose", "age"});
  return load("firth_logistic_quasi.csv", {"marker", "size"});
}

void check_against_r(const std::string& name, const data_set& d) {
  const nomo::glm::firth_fit fit = nomo::glm::fit_firth(d.x, d.y, {}, d.names);
  REQUIRE(fit.converged);
  const nomo_test::table ref = nomo_test::read_table("firth_logistic.csv");
  const auto sets = ref.text("data_set");
  const auto terms = ref.text("term");
  const Eigen::VectorXd est = ref.column("estimate"), se = ref.column("se"), lo = ref.column("lower"),
                        hi = ref.column("upper"), chi = ref.column("chi_square"), p = ref.column("p_value"),
                        pll = ref.column("penalized_ll"), ll = ref.column("log_lik");
  std::size_t j = 0;
  for (std::size_t r = 0; r < ref.size(); ++r) {
    if (sets[r] != name) continue;
    const auto i = static_cast<Eigen::Index>(r);
    const nomo::glm::firth_coefficient& c = fit.coefficients.at(j++);
    INFO(name << " " << terms[r]);
    CHECK(c.name == terms[r]);
    CHECK(c.estimate == Approx(est(i)).margin(1e-6).epsilon(1e-7));
    CHECK(c.standard_error == Approx(se(i)).margin(1e-6).epsilon(1e-7));
    CHECK(c.lower_found);
    CHECK(c.upper_found);
    CHECK(c.lower == Approx(lo(i)).margin(1e-6).epsilon(1e-7));
    CHECK(c.upper == Approx(hi(i)).margin(1e-6).epsilon(1e-7));
    CHECK(c.chi_square == Approx(chi(i)).margin(1e-6).epsilon(1e-7));
    CHECK(c.p_value == Approx(p(i)).margin(1e-8).epsilon(1e-6));
    CHECK(c.test_converged);
    CHECK(fit.penalized_log_likelihood == Approx(pll(i)).margin(1e-8));
    CHECK(fit.log_likelihood == Approx(ll(i)).margin(1e-6));
  }
  CHECK(j == fit.coefficients.size());
}

}  // namespace

TEST_CASE("fit_firth matches hand-solved penalised likelihood on the rms example data", "[firth]") {
  check_against_r("paper", load("spline_rms_example_data.csv", {"bmk", "age", "sex"}));
}

TEST_CASE("fit_firth gives finite estimates under complete separation, as R", "[firth]") {
  check_against_r("separated", load_named("separated"));
}

TEST_CASE("fit_firth under quasi-complete separation matches R", "[firth]") {
  check_against_r("quasi", load_named("quasi"));
}

TEST_CASE("fit_firth of an intercept-only model matches its closed form, with profile intervals", "[firth]") {
  // 5 events in 100: l*(c) = 5c − 100 log(1 + e^c) + ½ log(100 p(1 − p)), maximised at
  // p = (5 + ½)/(100 + 1); the interval ends solve 2(l*(ĉ) − l*(c)) = χ²₁(0.95), found by bisection.
  const Eigen::Index n = 100;
  Eigen::VectorXd y = Eigen::VectorXd::Zero(n);
  y.head(5).setOnes();
  const auto penalized = [&](double c) {
    const double p = 1 / (1 + std::exp(-c));
    return 5 * c - static_cast<double>(n) * std::log1p(std::exp(c)) + 0.5 * std::log(static_cast<double>(n) * p * (1 - p));
  };
  const double estimate = std::log(5.5 / 95.5), cutoff = 3.841458820694124;
  const auto end = [&](double inside, double outside) {
    for (int i = 0; i < 200; ++i) {
      const double mid = 0.5 * (inside + outside);
      (2 * (penalized(estimate) - penalized(mid)) < cutoff ? inside : outside) = mid;
    }
    return inside;
  };
  const auto fit = nomo::glm::fit_firth(Eigen::MatrixXd(n, 0), y);
  REQUIRE(fit.coefficients.size() == 1);
  const auto& b0 = fit.coefficients[0];
  CHECK(b0.estimate == Approx(estimate).epsilon(1e-10));
  CHECK(b0.lower == Approx(end(estimate, estimate - 10)).epsilon(1e-8));
  CHECK(b0.upper == Approx(end(estimate, estimate + 10)).epsilon(1e-8));
  CHECK(b0.chi_square == Approx(2 * (penalized(estimate) - penalized(0))).epsilon(1e-9));
}

TEST_CASE("fit_firth without profile intervals leaves the estimates unchanged", "[firth]") {
  const data_set d = load_named("quasi");
  nomo::glm::firth_options options;
  options.profile_intervals = false;
  const auto quick = nomo::glm::fit_firth(d.x, d.y, options);
  const auto full = nomo::glm::fit_firth(d.x, d.y);
  CHECK_FALSE(quick.intervals_computed);
  CHECK(full.intervals_computed);
  CHECK(quick.estimates.isApprox(full.estimates, 1e-14));
  CHECK(quick.coefficients[1].name == "x1");  // default names when none are given
}

using nomo_test::require_invalid;

TEST_CASE("fit_firth rejects bad input naming the argument and value", "[firth][bad-input]") {
  const data_set d = load_named("quasi");
  using nomo::glm::fit_firth;
  Eigen::VectorXd y = d.y;
  y(3) = 2;
  require_invalid([&] { fit_firth(d.x, y); }, "y[3]", "2");
  require_invalid([&] { fit_firth(d.x, d.y.head(10)); }, "y.size()", "10");
  Eigen::MatrixXd x = d.x;
  x(4, 1) = std::numeric_limits<double>::quiet_NaN();
  require_invalid([&] { fit_firth(x, d.y); }, "x(4, 1)", "NaN");
  Eigen::MatrixXd aliased(d.x.rows(), 3);
  aliased << d.x, 2 * d.x.col(1);
  require_invalid([&] { fit_firth(aliased, d.y); }, "x (column rank with intercept)", "3");
  require_invalid([&] { fit_firth(d.x.topRows(3), d.y.head(3)); }, "x.rows()", "3");
  require_invalid([&] { fit_firth(d.x, d.y, {}, {"only_one"}); }, "column_names.size()", "1");
  nomo::glm::firth_options bad;
  bad.confidence_level = 1.5;
  require_invalid([&] { fit_firth(d.x, d.y, bad); }, "confidence_level", "1.5");
  bad = {};
  bad.max_iterations = 0;
  require_invalid([&] { fit_firth(d.x, d.y, bad); }, "max_iterations", "0");
}
