// nomo::eval::assess_calibration and hosmer_lemeshow against glm, rms::val.prob and the
// Hosmer-Lemeshow formula in R (tests/reference/eval_calibration.R) and rms-spec §9.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "reference_data.hpp"
#include "nomo/eval/calibration.hpp"
#include "nomo/eval/hosmer_lemeshow.hpp"

using nomo::eval::hosmer_lemeshow_df;

namespace {

const std::map<std::string, double>& calibration_values() {
  static const auto v = nomo_test::read_values("eval_calibration_values.csv");
  return v;
}
const nomo_test::table& apparent() {
  static const nomo_test::table t = nomo_test::read_table("eval_calibration_apparent.csv");
  return t;
}

}  // namespace

TEST_CASE("assess_calibration matches glm intercept/slope and val.prob's summaries", "[eval][calibration]") {
  const auto c = nomo::eval::assess_calibration(eval_test::external_cohort().column("p"), eval_test::external_cohort().column("y"));
  CHECK(c.converged);
  CHECK(c.n == 50);
  CHECK(c.intercept_in_the_large.estimate == Approx(calibration_values().at("citl")).margin(1e-8));
  CHECK(c.intercept_in_the_large.standard_error == Approx(calibration_values().at("citl_se")).margin(1e-8));
  CHECK(c.slope.estimate == Approx(calibration_values().at("slope")).margin(1e-8));
  CHECK(c.slope.standard_error == Approx(calibration_values().at("slope_se")).margin(1e-8));
  CHECK(c.recalibration_intercept.estimate == Approx(calibration_values().at("recal_intercept")).margin(1e-8));
  // val.prob fits with lrm.fit, which stops ~1e-7 from the glm optimum.
  CHECK(c.slope.estimate == Approx(calibration_values().at("valprob_slope")).margin(1e-6));
  CHECK(c.brier == Approx(calibration_values().at("brier")).margin(1e-12));
  CHECK(c.ici == Approx(calibration_values().at("ici")).margin(1e-12));
  CHECK(c.e50 == Approx(calibration_values().at("e50")).margin(1e-12));
  CHECK(c.e90 == Approx(calibration_values().at("e90")).margin(1e-12));
  CHECK(c.emax == Approx(calibration_values().at("emax")).margin(1e-12));
  CHECK(c.mean_absolute_error == Approx(calibration_values().at("mae")).margin(1e-12));
  CHECK(c.slope.lower < c.slope.estimate);
}

namespace {

/// val.prob's statistics (R names in the fixture after `prefix`) against an assessment.
void check_val_prob_statistics(const nomo::eval::calibration_assessment& c, const std::string& prefix) {
  auto r = [&](const std::string& key) { return calibration_values().at(prefix + key); };
  CHECK(c.dxy == Approx(r("dxy")).margin(1e-14));
  CHECK(c.c == Approx(r("c")).margin(1e-14));
  // The recalibration fit (U) is glm's exact optimum; val.prob's lrm.fit stops ~1e-7 short of it,
  // which moves its deviance by ~1e-12.
  CHECK(c.r2 == Approx(r("r2")).margin(1e-12));
  CHECK(c.d == Approx(r("d")).margin(1e-12));
  CHECK(c.d_chi2 == Approx(r("d_chi2")).margin(1e-10));
  CHECK(c.d_p == Approx(r("d_p")).margin(1e-12));
  CHECK(c.u == Approx(r("u")).margin(1e-12));
  CHECK(c.u_chi2 == Approx(r("u_chi2")).margin(1e-10));
  CHECK(c.u_p == Approx(r("u_p")).margin(1e-10));
  CHECK(c.q == Approx(r("q")).margin(1e-12));
  CHECK(c.spiegelhalter_z == Approx(r("s_z")).margin(1e-12));
  CHECK(c.spiegelhalter_p == Approx(r("s_p")).margin(1e-12));
}

}  // namespace

TEST_CASE("assess_calibration reports val.prob's Dxy, C, R2, D, U, Q and Spiegelhalter z", "[eval][calibration]") {
  const auto& ext = eval_test::external_cohort();
  check_val_prob_statistics(nomo::eval::assess_calibration(ext.column("p"), ext.column("y")), "valprob_");
}

TEST_CASE("assess_calibration's C and Dxy bin close predictions as val.prob does", "[eval][calibration]") {
  // 400 predictions within ±0.03 of 0.52: lrm's 5,001 cells tie some of them, so C differs from the
  // exact concordance; the predictions are worse than the null model (D:Chi-sq < 0, D:p = 1).
  const auto close = nomo_test::read_table("eval_calibration_binned.csv");
  const auto c = nomo::eval::assess_calibration(close.column("p"), close.column("y"));
  check_val_prob_statistics(c, "binned_");
  CHECK(std::abs(c.c - calibration_values().at("binned_exact_c")) > 1e-4);
  CHECK(c.d_chi2 < 0);
  CHECK(c.d_p == 1.0);
}

TEST_CASE("assess_calibration gives tied predictions one logit wherever they sit", "[eval][calibration]") {
  // 0.21 is both the first and the last of 11 predictions: the last falls outside a whole SIMD
  // packet, where a vectorised log can round differently, and 0.21 (a multiple of 0.0002) lies on a
  // boundary of lrm's 5,001 cells. Counted by hand, the five cases beat the six controls in 22 pairs
  // and tie in 1 (0.21 against 0.21): C = 22.5 / 30 = 0.75, Dxy = 0.5, as val.prob and pROC give.
  Eigen::VectorXd p(11), y(11);
  p << 0.21, 0.10, 0.30, 0.40, 0.50, 0.60, 0.70, 0.15, 0.35, 0.45, 0.21;
  y << 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0;
  const auto c = nomo::eval::assess_calibration(p, y);
  CHECK(c.c == Approx(0.75).margin(1e-15));
  CHECK(c.dxy == Approx(0.5).margin(1e-15));
}

TEST_CASE("assess_calibration names separation by the predictions instead of a bare non-convergence", "[eval][calibration]") {
  // Every control has p <= 0.4 and every case p >= 0.5: no finite recalibration slope exists.
  Eigen::VectorXd p(12), y(12);
  p << .1, .2, .3, .4, .5, .6, .7, .8, .9, .15, .25, .35;
  y << 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0;
  const auto c = nomo::eval::assess_calibration(p, y);
  CHECK(c.separated);
  CHECK_THAT(c.message, Catch::Matchers::Contains("slope fit: complete separation") &&
                            Catch::Matchers::Contains("fit_firth"));
  Eigen::VectorXd overlapping = p;
  overlapping(0) = 0.95;  // a control above every case: the MLE exists
  CHECK_FALSE(nomo::eval::assess_calibration(overlapping, y).separated);
}

TEST_CASE("assess_calibration on heavily tied predictions leaves only the grid's error out", "[eval][calibration]") {
  // 13 patients, 3 distinct risks: the 5th and 9th smallest tie, so calibrate's grid is a single
  // point and R's print.calibrate.default stops (tied_mae_fails); val.prob's numbers still exist.
  Eigen::VectorXd p(13), y(13);
  p << .1, .3, .3, .1, .6, .3, .3, .1, .6, .6, .3, .1, .3;
  y << 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0;
  const auto c = nomo::eval::assess_calibration(p, y);
  REQUIRE(calibration_values().at("tied_mae_fails") == 1.0);
  CHECK(std::isnan(c.mean_absolute_error));
  CHECK(c.converged);
  CHECK(c.slope.estimate == Approx(calibration_values().at("tied_slope")).epsilon(1e-10));
  // glm's SE comes from the weights of its last-but-one iterate (4e-10 away here).
  CHECK(c.slope.standard_error == Approx(calibration_values().at("tied_slope_se")).epsilon(1e-8));
  CHECK(c.brier == Approx(calibration_values().at("tied_brier")).margin(1e-14));
  CHECK(c.ici == Approx(calibration_values().at("tied_ici")).margin(1e-12));
  CHECK(c.emax == Approx(calibration_values().at("tied_emax")).margin(1e-12));
}

TEST_CASE("assess_calibration's curve is R's lowess(p, y, iter = 0)", "[eval][calibration]") {
  const auto c = nomo::eval::assess_calibration(eval_test::external_cohort().column("p"), eval_test::external_cohort().column("y"));
  const auto ref = nomo_test::read_table("eval_calibration_lowess.csv");
  REQUIRE(c.curve.predicted.size() == ref.size());
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    CHECK(c.curve.predicted[i] == Approx(ref.column("x")(k)).margin(1e-15));
    CHECK(c.curve.observed[i] == Approx(ref.column("y")(k)).margin(1e-12));
  }
}

TEST_CASE("hosmer_lemeshow reproduces the rms-spec §9 example", "[eval][hosmer_lemeshow]") {
  const auto hl = nomo::eval::hosmer_lemeshow(apparent().column("p"), apparent().column("y"));
  CHECK(hl.statistic == Approx(calibration_values().at("hl_apparent_chisq")).margin(1e-10));
  CHECK(hl.statistic == Approx(6.06230092381069).margin(1e-12));
  CHECK(hl.df == 8);
  CHECK(hl.p_value == Approx(0.640253257255).margin(1e-11));
  REQUIRE(hl.groups.size() == 10);
  for (const auto& g : hl.groups) CHECK(g.size == 15);
  const auto breaks = nomo_test::read_table("eval_calibration_hl_breaks.csv").column("break_value");
  REQUIRE(hl.breaks.size() == static_cast<std::size_t>(breaks.size()));
  for (std::size_t k = 0; k < hl.breaks.size(); ++k) CHECK(hl.breaks[k] == Approx(breaks(static_cast<Eigen::Index>(k))).margin(1e-15));
}

TEST_CASE("hosmer_lemeshow on an external cohort, both df rules", "[eval][hosmer_lemeshow]") {
  const auto five = nomo::eval::hosmer_lemeshow(eval_test::external_cohort().column("p"), eval_test::external_cohort().column("y"), {5});
  CHECK(five.statistic == Approx(calibration_values().at("hl_external_chisq")).margin(1e-10));
  CHECK(five.df == 3);
  CHECK(five.p_value == Approx(calibration_values().at("hl_external_p")).margin(1e-10));
  const auto eight = nomo::eval::hosmer_lemeshow(eval_test::external_cohort().column("p"), eval_test::external_cohort().column("y"),
                                                 {8, hosmer_lemeshow_df::groups_minus_2});
  CHECK(eight.statistic == Approx(calibration_values().at("hl_external_g_chisq")).margin(1e-10));
  CHECK(eight.df == 6);
  CHECK(eight.p_value == Approx(calibration_values().at("hl_external_g_p")).margin(1e-10));
}

TEST_CASE("hosmer_lemeshow merges tied quantile breaks and counts df over non-empty groups", "[eval][hosmer_lemeshow]") {
  const Eigen::VectorXd tied = apparent().column("rounded").cwiseMax(0.05).cwiseMin(0.95);
  const auto hl = nomo::eval::hosmer_lemeshow(tied, apparent().column("y"), {8});
  CHECK(static_cast<double>(hl.breaks.size()) == calibration_values().at("hl_tied_breaks"));
  CHECK(static_cast<double>(hl.groups.size()) == calibration_values().at("hl_tied_groups"));
  CHECK(hl.df == 4);
  CHECK(hl.statistic == Approx(calibration_values().at("hl_tied_chisq")).margin(1e-10));
  CHECK(hl.p_value == Approx(calibration_values().at("hl_tied_p")).margin(1e-10));
}

TEST_CASE("assess_calibration and hosmer_lemeshow reject bad input naming the argument", "[eval][calibration][bad]") {
  using Catch::Matchers::Contains;
  const Eigen::VectorXd p = eval_test::external_cohort().column("p");
  const Eigen::VectorXd y = eval_test::external_cohort().column("y");
  Eigen::VectorXd bad = p;
  bad(3) = 1.0;
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(bad, y),
                    Contains("nomo::eval::assess_calibration: predicted[3] = 1: must lie strictly between 0 and 1"));
  bad(3) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(bad, y), Contains("predicted[3] = NaN"));
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(p.head(10), y.head(10)), Contains("predicted.size() = 10"));
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(p, y.head(20)), Contains("predicted.size() = 50"));
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(p, Eigen::VectorXd::Ones(50)),
                    Contains("outcomes (cases, controls) = \"50, 0\""));
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(Eigen::VectorXd::Constant(50, 0.25), y),
                    Contains("nomo::eval::assess_calibration: predicted = 0.25: every prediction is this value"));
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(p, y, {0.0}), Contains("span = 0"));
  CHECK_THROWS_WITH(nomo::eval::assess_calibration(p, y, {0.5, 1}), Contains("grid_points = 1"));

  Eigen::VectorXd few(12);
  few << 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.6, 0.6, 0.6, 0.8, 0.8, 0.8;
  Eigen::VectorXd few_y(12);
  few_y << 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0;
  CHECK_THROWS_WITH(nomo::eval::hosmer_lemeshow(few, few_y, {5}),
                    Contains("nomo::eval::hosmer_lemeshow: predicted (distinct values) = 4: fewer distinct predictions than groups = 5"));
  CHECK_THROWS_WITH(nomo::eval::hosmer_lemeshow(p, y, {2}), Contains("groups = 2"));
  bad(3) = 0.0;
  CHECK_THROWS_WITH(nomo::eval::hosmer_lemeshow(bad, y), Contains("predicted[3] = 0"));
  CHECK_THROWS_WITH(nomo::eval::hosmer_lemeshow(p, y.head(5)), Contains("outcomes.size() = 5"));
  CHECK_THROWS_AS(nomo::eval::hosmer_lemeshow(p, Eigen::VectorXd::Zero(50)), nomo::invalid_input);
}

TEST_CASE("hosmer_lemeshow reports a computation_error when ties leave fewer than 3 groups", "[eval][hosmer_lemeshow]") {
  Eigen::VectorXd p(12), y(12);
  p << 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.4;
  y << 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0;
  CHECK_THROWS_AS(nomo::eval::hosmer_lemeshow(p, y, {4}), nomo::computation_error);
}
