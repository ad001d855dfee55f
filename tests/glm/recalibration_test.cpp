// fit_recalibration (y ~ a + b·score) against R: lrm.fit's rule and glm's exact MLE on the
// recalibration design of tests/reference/glm_lrm_rule.R, and bad input.

#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "glm_fixture.hpp"
#include "nomo/glm/recalibration.hpp"

using glm_test::close;

namespace {

struct recalibration_reference {
  Eigen::VectorXd score, y;
  double lrm_intercept = 0, lrm_slope = 0, mle_intercept = 0, mle_slope = 0, lrm_deviance = 0;
};

recalibration_reference load_reference() {
  recalibration_reference r;
  const auto data = nomo_test::read_table("glm_lrm_rule_recal_data.csv");
  r.score = data.column("lp");
  r.y = data.column("y");
  const auto fits = nomo_test::read_table("glm_lrm_rule.csv");
  const auto design = fits.text("design");
  const Eigen::VectorXd lrm = fits.column("lrm_fit"), mle = fits.column("mle"), dev = fits.column("lrm_deviance");
  for (std::size_t row = 0; row + 1 < fits.size(); ++row) {
    if (design[row] != "recal") continue;
    const auto i = static_cast<Eigen::Index>(row);
    r.lrm_intercept = lrm(i);
    r.lrm_slope = lrm(i + 1);
    r.mle_intercept = mle(i);
    r.mle_slope = mle(i + 1);
    r.lrm_deviance = dev(i);
    break;
  }
  return r;
}

}  // namespace

TEST_CASE("fit_recalibration matches glm's MLE and lrm.fit's rule", "[glm][recalibration]") {
  const auto r = load_reference();
  const auto exact = nomo::glm::fit_recalibration(r.score, r.y);
  REQUIRE(exact.converged);
  CHECK(close(exact.intercept, r.mle_intercept, 1e-12));
  CHECK(close(exact.slope, r.mle_slope, 1e-12));

  nomo::glm::irls_options lrm_rule;
  lrm_rule.rule = nomo::glm::convergence_rule::deviance_change;
  lrm_rule.max_iterations = 11;
  const auto lrm = nomo::glm::fit_recalibration(r.score, r.y, lrm_rule);
  REQUIRE(lrm.converged);
  CHECK(close(lrm.intercept, r.lrm_intercept, 1e-12));
  CHECK(close(lrm.slope, r.lrm_slope, 1e-12));
  CHECK(close(lrm.deviance, r.lrm_deviance, 1e-13));
  CHECK_FALSE(close(lrm.slope, r.mle_slope, 1e-11));  // the rule, not just the maximum, is reproduced
}

TEST_CASE("fit_recalibration gives fit_logistic's one-column fit: deviances, LR and covariance",
          "[glm][recalibration]") {
  // fit_logistic is checked against glm/lrm in logistic_test.cpp; here the two must agree.
  const auto r = load_reference();
  const auto fit = nomo::glm::fit_recalibration(r.score, r.y);
  const Eigen::MatrixXd x = r.score;
  const auto full = nomo::glm::fit_logistic(x, r.y);
  CHECK(close(fit.deviance, full.deviance, 1e-13));
  CHECK(close(fit.null_deviance, full.null_deviance, 1e-13));
  CHECK(close(fit.lr_chi2, full.lr_chi2, 1e-11));
  for (Eigen::Index i = 0; i < 2; ++i)
    for (Eigen::Index j = 0; j < 2; ++j) CHECK(close(fit.covariance(i, j), full.covariance(i, j), 1e-10));
  CHECK(fit.iterations == full.iterations);
}

TEST_CASE("fit_recalibration reports non-convergence with the iteration count", "[glm][recalibration]") {
  const auto r = load_reference();
  nomo::glm::irls_options options;
  options.max_iterations = 2;
  const auto fit = nomo::glm::fit_recalibration(r.score, r.y, options);
  CHECK_FALSE(fit.converged);
  CHECK(fit.iterations == 2);
  CHECK(fit.message.find("2 iterations") != std::string::npos);
}

TEST_CASE("fit_recalibration rejects bad input naming argument and value", "[glm][recalibration][bad-input]") {
  Eigen::VectorXd score(6), y(6);
  score << 0.1, -1.2, 0.4, 2.0, -0.3, 0.9;
  y << 0, 0, 1, 1, 0, 1;
  using nomo::glm::fit_recalibration;
  CHECK_THROWS_AS(fit_recalibration(score.head(1), y.head(1)), nomo::invalid_input);
  CHECK_THROWS_WITH(fit_recalibration(score.head(1), y.head(1)), Catch::Contains("score.size() = 1"));
  CHECK_THROWS_WITH(fit_recalibration(score, y.head(5)), Catch::Contains("y.size() = 5"));
  Eigen::VectorXd bad = score;
  bad(2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(fit_recalibration(bad, y), Catch::Contains("score[2] = NaN"));
  Eigen::VectorXd y2 = y;
  y2(3) = 0.5;
  CHECK_THROWS_WITH(fit_recalibration(score, y2), Catch::Contains("y[3] = 0.5"));
  CHECK_THROWS_WITH(fit_recalibration(score, Eigen::VectorXd::Ones(6)), Catch::Contains("y = \"all 1\""));
  CHECK_THROWS_WITH(fit_recalibration(Eigen::VectorXd::Constant(6, 2.5), y),
                    Catch::Contains("score = 2.5") && Catch::Contains("constant"));
  nomo::glm::irls_options options;
  options.offset = Eigen::VectorXd::Zero(6);
  CHECK_THROWS_WITH(fit_recalibration(score, y, options), Catch::Contains("options.prior_weights/offset"));
  options = {};
  options.max_halvings = -1;
  CHECK_THROWS_WITH(fit_recalibration(score, y, options), Catch::Contains("max_halvings = -1"));
}
