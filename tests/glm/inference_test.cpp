// wald_test, anova and lr_test against rms::anova and anova(glm, glm, test = "LRT")
// (tests/reference/glm_fixtures.R), the rms-spec §2.6 worked example, and a model frame built from
// the example cohort.

#include <catch2/catch.hpp>

#include "glm_fixture.hpp"
#include "nomo/glm/inference.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"

using glm_test::close;
using glm_test::load_design;

namespace {

nomo::model::term make_term(std::string name, std::vector<Eigen::Index> columns,
                            std::vector<Eigen::Index> nonlinear = {}) {
  nomo::model::term t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.nonlinear_columns = std::move(nonlinear);
  return t;
}

void check_anova(const nomo::glm::anova_table& table, const std::string& fixture) {
  const auto r = nomo_test::read_table(fixture);
  REQUIRE(table.rows.size() == r.size());
  const auto labels = r.text("row");
  for (std::size_t i = 0; i < r.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    INFO("row " << labels[i]);
    CHECK(table.rows[i].label == labels[i]);
    CHECK(close(table.rows[i].test.chi2, r.column("chi2")(row), 1e-9));
    CHECK(table.rows[i].test.df == static_cast<int>(r.column("df")(row)));
    const double p = r.column("p")(row);
    if (p == 0) {
      // anova.rms computes 1 − pchisq(χ², df), which is 0 once P is below the double epsilon.
      CHECK(table.rows[i].test.p < 2.3e-16);
    } else {
      // d log P / d χ² ≈ −½ in the far tail: P's relative error is χ²/2 times χ²'s.
      CHECK(close(table.rows[i].test.p, p, 1e-9 * std::max(1.0, r.column("chi2")(row)), 1e-300));
    }
  }
}

}  // namespace

TEST_CASE("anova matches anova.rms on the rms-spec example", "[glm][inference]") {
  const auto d = load_design("example");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  const std::vector<nomo::model::term> terms{make_term("bmk", {0, 1, 2}, {1, 2}), make_term("age", {3}),
                                             make_term("sex", {4})};
  const auto table = nomo::glm::anova(fit, terms);
  check_anova(table, "glm_example_anova.csv");
  // rms-spec §2.6 digits.
  CHECK(close(table.rows[0].test.chi2, 9.51882193319, 1e-10));
  CHECK(close(table.rows[1].test.chi2, 2.84828238701, 1e-10));
  CHECK(close(table.rows.back().test.chi2, 16.23089575063, 1e-10));
}

TEST_CASE("anova matches anova.rms with two nonlinear terms (TOTAL NONLINEAR)", "[glm][inference]") {
  const auto d = load_design("factor");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  const std::vector<nomo::model::term> terms{make_term("x1", {0, 1, 2}, {1, 2}), make_term("x2", {3, 4}, {4}),
                                             make_term("grp", {5, 6, 7}), make_term("sex", {8})};
  check_anova(nomo::glm::anova(fit, terms), "glm_factor_anova.csv");
}

TEST_CASE("wald_test of one column is z squared", "[glm][inference]") {
  const auto d = load_design("large");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  const auto coef = nomo_test::read_table("glm_large_coef.csv");
  const double z = coef.column("lrm_z")(2);
  const auto test = nomo::glm::wald_test(fit, {1});
  CHECK(close(test.chi2, z * z, 1e-9));
  CHECK(test.df == 1);
  CHECK(close(test.p, coef.column("lrm_p")(2), 1e-8, 1e-300));
  check_anova(nomo::glm::anova(fit, {make_term("a", {0}), make_term("b", {1}), make_term("c", {2}),
                                     make_term("grp", {3, 4})}),
              "glm_large_anova.csv");
}

TEST_CASE("lr_test matches anova(reduced, full, test = \"LRT\")", "[glm][inference]") {
  const auto d = load_design("factor");
  const auto full = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  Eigen::MatrixXd reduced_x(d.x.rows(), 6);
  reduced_x << d.x.leftCols(5), d.x.col(8);
  const auto reduced = nomo::glm::fit_logistic(reduced_x, d.y);
  const auto lr = nomo::glm::lr_test(reduced, full);
  const auto r = nomo_test::read_values("glm_factor_lrtest_stats.csv");
  CHECK(close(lr.test.chi2, r.at("chi2"), 1e-9));
  CHECK(lr.test.df == static_cast<int>(r.at("df")));
  CHECK(close(lr.test.p, r.at("p"), 1e-8));
}

TEST_CASE("a model frame of the example cohort fits as lrm with cut terms", "[glm][inference]") {
  namespace m = nomo::model;
  const auto data = nomo::io::read_csv(std::string(NOMO_FIXTURE_DIR) + "/../../examples/data/cohort_training.csv");
  const m::model_spec spec{"recurrence",
                           {m::cut("gtv_cc", {6, 28}), m::cut("bed_gy", {60, 73}), m::cut("tc", {0.96}),
                            m::cut("ddz_dmean_gy", {77}), m::categorical("primary"), m::continuous("age")}};
  const auto fit = nomo::glm::fit_logistic(m::make_frame(data, spec));
  const auto coef = nomo_test::read_table("glm_cohort_coef.csv");
  glm_test::require_close(fit.coefficients, coef.column("lrm_coef"), 1e-9);
  glm_test::require_close(fit.standard_errors, coef.column("lrm_se"), 1e-9);
  CHECK(fit.n_obs == static_cast<Eigen::Index>(nomo_test::read_values("glm_cohort_stats.csv").at("Obs")));
  CHECK(fit.terms.size() == 6);
  check_anova(nomo::glm::anova(fit), "glm_cohort_anova.csv");
}

TEST_CASE("inference functions reject bad input naming argument and value", "[glm][inference][bad-input]") {
  const auto d = load_design("example");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  CHECK_THROWS_AS(nomo::glm::wald_test(fit, {}), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::wald_test(fit, {}), Catch::Contains("columns.size() = 0"));
  // A repeated column would add a df but nothing to χ².
  CHECK_THROWS_AS(nomo::glm::wald_test(fit, {0, 1, 0}), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::wald_test(fit, {0, 1, 0}), Catch::Contains("columns[2] = 0") && Catch::Contains("repeats columns[0]"));
  CHECK_THROWS_WITH(nomo::glm::wald_test(fit, {1, 7}), Catch::Contains("columns[1] = 7"));
  CHECK_THROWS_WITH(nomo::glm::anova(fit), Catch::Contains("terms.size() = 0") && Catch::Contains("fit it from a model_frame"));
  // An intercept-only fit from a model frame has no terms either, for another reason than the
  // advice to fit from a model frame.
  const auto cohort = nomo::io::read_csv(std::string(NOMO_FIXTURE_DIR) + "/../../examples/data/cohort_training.csv");
  const auto intercept_only = nomo::glm::fit_logistic(nomo::model::make_frame(cohort, {"recurrence", {}}));
  CHECK_THROWS_WITH(nomo::glm::anova(intercept_only),
                    Catch::Contains("terms.size() = 0: the model is intercept-only: it has no term to test"));
  CHECK_THROWS_WITH(nomo::glm::anova(fit, {make_term("ghost", {-1})}), Catch::Contains("columns[0] = -1"));
  const auto small = nomo::glm::fit_logistic(d.x.leftCols(2), d.y);
  CHECK_THROWS_WITH(nomo::glm::lr_test(fit, small), Catch::Contains("full.rank = 3"));
  const auto fewer_rows = nomo::glm::fit_logistic(d.x.topRows(100), d.y.head(100));
  CHECK_THROWS_WITH(nomo::glm::lr_test(fewer_rows, fit), Catch::Contains("reduced.n_obs = 100"));
  // Same rows but another offset: the null deviances differ.
  nomo::glm::irls_options shifted;
  shifted.offset.resize(d.y.size());
  for (Eigen::Index i = 0; i < d.y.size(); ++i) shifted.offset(i) = 0.5 * std::sin(static_cast<double>(i));
  CHECK_THROWS_WITH(nomo::glm::lr_test(nomo::glm::fit_logistic(d.x.leftCols(2), d.y, shifted), fit),
                    Catch::Contains("reduced.null_deviance = ") && Catch::Contains("different outcomes, weights or offsets"));
  // Not nested: a model of two noise columns does not contain the spline basis it is tested against.
  Eigen::MatrixXd noise(d.y.size(), 5);
  for (Eigen::Index i = 0; i < noise.rows(); ++i)
    for (Eigen::Index j = 0; j < noise.cols(); ++j) noise(i, j) = std::sin(0.7 * static_cast<double>(i * (j + 2)));
  const auto spline_only = nomo::glm::fit_logistic(d.x.leftCols(3), d.y);
  const auto noise_fit = nomo::glm::fit_logistic(noise, d.y);
  REQUIRE(spline_only.deviance < noise_fit.deviance);
  CHECK_THROWS_WITH(nomo::glm::lr_test(spline_only, noise_fit), Catch::Contains("reduced.deviance = ") && Catch::Contains("not nested"));
  nomo::glm::irls_options estimates;
  estimates.estimates_only = true;
  estimates.covariance = false;
  const auto without = nomo::glm::fit_logistic(d.x, d.y, estimates, d.names);
  CHECK_THROWS_AS(nomo::glm::wald_test(without, {0}), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::wald_test(without, {0}), Catch::Contains("fit.covariance.rows() = 0"));
  CHECK_THROWS_WITH(nomo::glm::anova(without, {make_term("first", {0})}), Catch::Contains("fit.covariance.rows() = 0"));
}
