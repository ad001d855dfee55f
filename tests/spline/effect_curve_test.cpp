// lrm fits with rcs terms, their anova nonlinearity rows and Predict OR curves against rms 6.5
// (tests/reference/spline_effect.R).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "fixture.hpp"
#include "nomo/glm/inference.hpp"
#include "nomo/spline/cutoff.hpp"
#include "nomo/spline/effect_curve.hpp"
#include "paper_model.hpp"
#include "invalid_input.hpp"

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(' ') - b + 1);
}

}  // namespace

TEST_CASE("lrm fits with rcs terms match rms coefficients and SEs", "[spline][effect]") {
  const nomo_test::table ref = nomo_test::read_table("spline_effect_coefficients.csv");
  const auto models = ref.text("model");
  const Eigen::VectorXd est = ref.column("estimate"), se = ref.column("se");
  for (const std::string model : {"default", "knots5", "given"}) {
    const auto fit = spline_test::paper_fit(model);
    REQUIRE(fit.converged);
    Eigen::Index j = 0;
    for (std::size_t r = 0; r < ref.size(); ++r) {
      if (models[r] != model) continue;
      INFO(model << " coefficient " << j);
      CHECK(fit.coefficients(j) == Approx(est(static_cast<Eigen::Index>(r))).epsilon(1e-7).margin(1e-7));
      CHECK(fit.standard_errors(j) == Approx(se(static_cast<Eigen::Index>(r))).epsilon(1e-7).margin(1e-7));
      ++j;
    }
    CHECK(j == fit.coefficients.size());
  }
}

TEST_CASE("anova of rcs models matches rms: whole-term and nonlinearity Wald tests", "[spline][effect]") {
  const nomo_test::table ref = nomo_test::read_table("spline_effect_anova.csv");
  const auto models = ref.text("model");
  const auto rows = ref.text("row");
  const Eigen::VectorXd chi = ref.column("chi_square"), df = ref.column("df"), p = ref.column("p_value");
  for (const std::string model : {"default", "knots5", "given"}) {
    const auto table = nomo::glm::anova(spline_test::paper_fit(model));
    std::size_t k = 0;
    for (std::size_t r = 0; r < ref.size(); ++r) {
      if (models[r] != model) continue;
      const auto i = static_cast<Eigen::Index>(r);
      const auto& row = table.rows.at(k++);
      INFO(model << " " << rows[r]);
      CHECK(trim(row.label) == rows[r]);
      CHECK(row.test.chi2 == Approx(chi(i)).epsilon(1e-6));
      CHECK(row.test.df == static_cast<int>(df(i)));
      CHECK(row.test.p == Approx(p(i)).epsilon(1e-6));
    }
    CHECK(k == table.rows.size());
  }
}

TEST_CASE("odds_ratio_curve matches Predict(fit, x, ref.zero = TRUE, fun = exp)", "[spline][effect]") {
  const nomo_test::table ref = nomo_test::read_table("spline_effect_curves.csv");
  const auto models = ref.text("model");
  const auto variables = ref.text("variable");
  const Eigen::VectorXd x = ref.column("x"), odds = ref.column("odds_ratio"), lo = ref.column("lower"),
                        hi = ref.column("upper");
  for (const std::string model : {"default", "knots5", "given"}) {
    const auto fit = spline_test::paper_fit(model);
    for (const std::string variable : {"bmk", "age"}) {
      const auto curve = nomo::spline::odds_ratio_curve(fit, variable);
      REQUIRE(curve.x.size() == 200);
      std::size_t k = 0;
      for (std::size_t r = 0; r < ref.size(); ++r) {
        if (models[r] != model || variables[r] != variable) continue;
        const auto i = static_cast<Eigen::Index>(r);
        INFO(model << " " << variable << " x = " << x(i));
        CHECK(curve.x[k] == Approx(x(i)).epsilon(1e-12));
        CHECK(curve.odds_ratio[k] == Approx(odds(i)).epsilon(1e-6));
        CHECK(curve.lower[k] == Approx(lo(i)).epsilon(1e-6));
        CHECK(curve.upper[k] == Approx(hi(i)).epsilon(1e-6));
        ++k;
      }
      CHECK(k == 200);
    }
  }
}

TEST_CASE("odds_ratio_curve reproduces the rms-spec worked example and a moved reference", "[spline][effect]") {
  const auto fit = spline_test::paper_fit("default");
  nomo::spline::effect_curve_options options;
  options.grid = {1, 4, 2.665};
  const auto spec = nomo::spline::odds_ratio_curve(fit, "bmk", options);
  CHECK(spec.reference == 2.665);
  CHECK(spec.odds_ratio[1] == Approx(2.82153213021).epsilon(1e-9));
  CHECK(spec.lower[1] == Approx(1.28474659172).epsilon(1e-9));
  CHECK(spec.upper[1] == Approx(6.19658663669).epsilon(1e-9));
  CHECK(spec.odds_ratio[0] == Approx(2.066651758603).epsilon(1e-9));
  CHECK(spec.odds_ratio[2] == 1.0);
  CHECK(spec.standard_error[2] == 0.0);

  // rms: dd$limits["Adjust to", "bmk"] <- 2.5 before fitting; nomo: the reference option.
  const nomo_test::table ref = nomo_test::read_table("spline_effect_reference25.csv");
  nomo::spline::effect_curve_options moved;
  moved.reference = 2.5;
  const auto curve = nomo::spline::odds_ratio_curve(fit, "bmk", moved);
  const Eigen::VectorXd odds = ref.column("odds_ratio"), lo = ref.column("lower"), hi = ref.column("upper");
  REQUIRE(curve.x.size() == ref.size());
  for (std::size_t k = 0; k < ref.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    CHECK(curve.odds_ratio[k] == Approx(odds(i)).epsilon(1e-6));
    CHECK(curve.lower[k] == Approx(lo(i)).epsilon(1e-6));
    CHECK(curve.upper[k] == Approx(hi(i)).epsilon(1e-6));
  }
}

TEST_CASE("odds_ratio_curve rejects bad input naming the argument and value", "[spline][effect][bad-input]") {
  const auto fit = spline_test::paper_fit("default");
  const auto expect = [&](const std::string& term, const nomo::spline::effect_curve_options& options,
                          const std::string& argument, const std::string& value) {
    nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(fit, term, options); }, argument, value);
  };
  expect("gtv", {}, "term", "\"gtv\"");
  nomo::spline::effect_curve_options outside;
  outside.reference = 99.5;
  expect("bmk", outside, "reference", "99.5");
  nomo::spline::effect_curve_options few;
  few.points = 1;
  expect("bmk", few, "points", "1");
  nomo::spline::effect_curve_options level;
  level.confidence_level = 0;
  expect("bmk", level, "confidence_level", "0");
  nomo::spline::effect_curve_options range;
  range.range = static_cast<nomo::spline::effect_range>(7);
  expect("bmk", range, "range", "7");
  nomo::glm::logistic_fit bare = fit;
  bare.terms.clear();
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(bare, "bmk"); }, "term", "\"bmk\"");
  nomo::glm::logistic_fit without = fit;  // as fitted with irls_options::covariance = false
  without.covariance.resize(0, 0);
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(without, "bmk"); }, "fit.covariance.rows()", "0");
  // A separated or unconverged fit has no estimates to draw (nomogram refuses them alike).
  nomo::glm::logistic_fit separated = fit;
  separated.separation.detected = true;
  separated.separation.message = "quasi-complete separation: ... use Firth's penalized likelihood";
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(separated, "bmk"); }, "fit.separation", "\"quasi-complete\"");
  nomo_test::require_invalid([&] { nomo::spline::or_crossings(separated, "bmk"); }, "fit.separation", "\"quasi-complete\"");
  nomo::glm::logistic_fit unfinished = fit;
  unfinished.converged = false;
  unfinished.message = "no convergence after 25 iterations";
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(unfinished, "bmk"); }, "fit.converged", "false");
}

TEST_CASE("odds_ratio_curve of a variable with at most 10 distinct values is evaluated at them, as Predict",
          "[spline][effect]") {
  const nomo::io::table data = nomo::io::read_csv(nomo_test::fixture_path("spline_effect_discrete_data.csv"));
  const auto fit = nomo::glm::fit_logistic(
      nomo::model::make_frame(data, {"y", {nomo::model::rcs("grade", 3), nomo::model::continuous("age")}}));
  const nomo_test::table ref = nomo_test::read_table("spline_effect_discrete.csv");
  const Eigen::VectorXd x = ref.column("x"), odds = ref.column("odds_ratio"), lo = ref.column("lower"),
                        hi = ref.column("upper");
  const auto curve = nomo::spline::odds_ratio_curve(fit, "grade");
  REQUIRE(curve.x.size() == ref.size());
  for (std::size_t k = 0; k < ref.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    INFO("grade = " << x(i));
    CHECK(curve.x[k] == x(i));
    CHECK(curve.odds_ratio[k] == Approx(odds(i)).epsilon(1e-9));
    CHECK(curve.lower[k] == Approx(lo(i)).epsilon(1e-9));
    CHECK(curve.upper[k] == Approx(hi(i)).epsilon(1e-9));
  }
  // The data range (nomo's option) keeps the even grid.
  nomo::spline::effect_curve_options data_range;
  data_range.range = nomo::spline::effect_range::data_range;
  CHECK(nomo::spline::odds_ratio_curve(fit, "grade", data_range).x.size() == 200);
}

TEST_CASE("odds_ratio_curve refuses an absurd grid size and grid values whose basis or odds ratio overflow",
          "[spline][effect][bad-input]") {
  const auto fit = spline_test::paper_fit("default");
  nomo::spline::effect_curve_options huge;
  huge.points = std::numeric_limits<std::size_t>::max();  // threw std::length_error
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(fit, "bmk", huge); }, "points",
                             std::to_string(std::numeric_limits<std::size_t>::max()));
  huge.points = nomo::spline::effect_curve_options::max_points + 1;
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(fit, "bmk", huge); }, "points", "1000001");

  // bmk's knots lie below 5: 1e200's cubes overflow the basis (the curve was NaN, silently).
  nomo::spline::effect_curve_options far;
  far.grid = {2.665, 1e200};
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(fit, "bmk", far); }, "grid[1]",
                             nomo::detail::describe(1e200));
  // 1e50's basis is finite (cubes ~1e150) but its log odds ratio, ~1e150 times a coefficient, is not.
  far.grid = {1e50, 2.665};
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(fit, "bmk", far); }, "grid[0]",
                             nomo::detail::describe(1e50));
  // A linear term: log OR = beta_age * (1e6 - reference), far beyond exp's range of about 709.
  far.grid = {50, 1e6};
  nomo_test::require_invalid([&] { nomo::spline::odds_ratio_curve(fit, "age", far); }, "grid[1]", "1000000");
}
