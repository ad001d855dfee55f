// nomo::eval::roc, classify_at and youden_thresholds against pROC (tests/reference/eval_roc.R).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "reference_data.hpp"
#include "nomo/eval/roc.hpp"
#include "nomo/eval/thresholds.hpp"

using nomo::eval::score_direction;

namespace {

/// Compares a curve with pROC's, whatever order pROC listed its thresholds in.
void require_same_curve(const nomo::eval::roc_curve& curve, const std::string& fixture) {
  const auto ref = nomo_test::read_table(fixture);
  const Eigen::VectorXd t = ref.column("threshold");
  std::vector<Eigen::Index> order(static_cast<std::size_t>(t.size()));
  for (Eigen::Index i = 0; i < t.size(); ++i) order[static_cast<std::size_t>(i)] = i;
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return t(a) < t(b); });
  REQUIRE(curve.thresholds.size() == order.size());
  const Eigen::VectorXd se = ref.column("sensitivity");
  const Eigen::VectorXd sp = ref.column("specificity");
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto i = order[k];
    if (std::isinf(t(i))) {
      CHECK(curve.thresholds[k] == t(i));
    } else {
      CHECK(curve.thresholds[k] == Approx(t(i)).margin(1e-12));
    }
    CHECK(curve.sensitivities[k] == Approx(se(i)).margin(1e-12));
    CHECK(curve.specificities[k] == Approx(sp(i)).margin(1e-12));
  }
}

}  // namespace

TEST_CASE("roc reproduces pROC's curve and AUC for a risk score", "[eval][roc]") {
  const auto curve = nomo::eval::roc(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  require_same_curve(curve, "eval_roc_curve_full.csv");
  CHECK(curve.auc == Approx(eval_test::roc_values().at("auc_full")).margin(1e-12));
  CHECK(curve.auc == Approx(0.712335043988270).margin(1e-14));  // rms-spec §6 worked example
  CHECK(curve.cases == 62);
  CHECK(curve.controls == 88);
}

TEST_CASE("roc with controls_higher on a tied score matches pROC direction '>'", "[eval][roc]") {
  const auto curve = nomo::eval::roc(eval_test::roc_scores().column("tied"), eval_test::roc_scores().column("y"), {score_direction::controls_higher});
  require_same_curve(curve, "eval_roc_curve_tied.csv");
  CHECK(curve.auc == Approx(eval_test::roc_values().at("auc_tied")).margin(1e-12));
}

TEST_CASE("roc never flips a wrong-way score", "[eval][roc]") {
  const auto curve = nomo::eval::roc(-eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  CHECK(curve.auc == Approx(1 - eval_test::roc_values().at("auc_full")).margin(1e-12));
}

TEST_CASE("youden_thresholds returns pROC's best point with its 2x2 rates", "[eval][youden]") {
  const auto curve = nomo::eval::roc(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  const auto best = nomo::eval::youden_thresholds(curve);
  REQUIRE(best.points.size() == 1);
  const auto& p = best.points.front();
  CHECK(p.threshold == Approx(eval_test::roc_values().at("best_full_threshold")).margin(1e-12));
  CHECK(p.sensitivity == Approx(eval_test::roc_values().at("best_full_sensitivity")).margin(1e-12));
  CHECK(p.specificity == Approx(eval_test::roc_values().at("best_full_specificity")).margin(1e-12));
  CHECK(best.criterion == Approx(eval_test::roc_values().at("best_full_youden")).margin(1e-12));
  CHECK(*p.ppv == Approx(eval_test::roc_values().at("best_full_ppv")).margin(1e-12));
  CHECK(*p.npv == Approx(eval_test::roc_values().at("best_full_npv")).margin(1e-12));

  const auto weighted = nomo::eval::youden_thresholds(curve, {3, 0.1});
  REQUIRE(weighted.points.size() == 1);
  CHECK(weighted.points.front().threshold == Approx(eval_test::roc_values().at("best_weighted_threshold")).margin(1e-12));
  CHECK(weighted.points.front().sensitivity == Approx(eval_test::roc_values().at("best_weighted_sensitivity")).margin(1e-12));
}

TEST_CASE("youden_thresholds reports every tied optimum", "[eval][youden]") {
  Eigen::VectorXd s(10), y(10);
  s << 1, 2, 2, 3, 4, 5, 5, 6, 7, 8;
  y << 0, 1, 0, 0, 1, 0, 1, 0, 1, 1;
  const auto best = nomo::eval::youden_thresholds(nomo::eval::roc(s, y));
  const auto ref = nomo_test::read_table("eval_roc_best_ties.csv");
  REQUIRE(best.points.size() == ref.size());
  for (std::size_t k = 0; k < ref.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    CHECK(best.points[k].threshold == Approx(ref.column("threshold")(i)).margin(1e-12));
    CHECK(best.points[k].sensitivity == Approx(ref.column("sensitivity")(i)).margin(1e-12));
    CHECK(best.points[k].specificity == Approx(ref.column("specificity")(i)).margin(1e-12));
    CHECK(*best.points[k].ppv == Approx(ref.column("ppv")(i)).margin(1e-12));
    CHECK(*best.points[k].npv == Approx(ref.column("npv")(i)).margin(1e-12));
  }
}

TEST_CASE("classify_at gives pROC's coords at a threshold", "[eval][thresholds]") {
  const auto m = nomo::eval::classify_at(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"), 0.0);
  CHECK(m.sensitivity == Approx(eval_test::roc_values().at("at_zero_sensitivity")).margin(1e-12));
  CHECK(m.specificity == Approx(eval_test::roc_values().at("at_zero_specificity")).margin(1e-12));
  CHECK(*m.ppv == Approx(eval_test::roc_values().at("at_zero_ppv")).margin(1e-12));
  CHECK(*m.npv == Approx(eval_test::roc_values().at("at_zero_npv")).margin(1e-12));
  CHECK(static_cast<double>(m.true_positives) == eval_test::roc_values().at("at_zero_tp"));
  CHECK(static_cast<double>(m.false_positives) == eval_test::roc_values().at("at_zero_fp"));
}

TEST_CASE("classify_at leaves PPV empty when nobody tests positive", "[eval][thresholds]") {
  const auto m = nomo::eval::classify_at(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"),
                                         std::numeric_limits<double>::infinity());
  CHECK_FALSE(m.ppv.has_value());
  CHECK(*m.npv == Approx(88.0 / 150.0));
  CHECK(m.sensitivity == 0);
}

TEST_CASE("roc, classify_at and youden_thresholds reject bad input naming the argument", "[eval][roc][bad]") {
  Eigen::VectorXd s(4), y(4);
  s << 0.1, 0.4, 0.35, 0.8;
  y << 0, 0, 1, 1;
  using Catch::Matchers::Contains;
  Eigen::VectorXd nan_s = s;
  nan_s(2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_MATCHES(nomo::eval::roc(nan_s, y), nomo::invalid_input,
                       Catch::Matchers::Message("nomo::eval::roc: scores[2] = NaN: must be finite"));
  CHECK_THROWS_WITH(nomo::eval::roc(s, Eigen::VectorXd::Zero(4)), Contains("outcomes (cases, controls) = \"0, 4\""));
  CHECK_THROWS_AS(nomo::eval::roc(s, Eigen::VectorXd::Ones(4)), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::eval::roc(s, y.head(3)), Contains("scores.size() = 4") && Contains("outcomes.size() = 3"));
  Eigen::VectorXd y2 = y;
  y2(1) = 2;
  CHECK_THROWS_WITH(nomo::eval::roc(s, y2), Contains("outcomes[1] = 2"));
  CHECK_THROWS_WITH(nomo::eval::roc(s, y, {static_cast<score_direction>(7)}), Contains("direction = 7"));
  CHECK_THROWS_WITH(nomo::eval::classify_at(s, y, std::numeric_limits<double>::quiet_NaN()),
                    Contains("nomo::eval::classify_at: threshold = NaN"));
  CHECK_THROWS_WITH(nomo::eval::classify_at(nan_s, y, 0.5), Contains("nomo::eval::classify_at: scores[2] = NaN"));
  // A direction outside the enumerators was read as controls_higher.
  CHECK_THROWS_WITH(nomo::eval::classify_at(s, y, 0.5, static_cast<score_direction>(7)),
                    Contains("nomo::eval::classify_at: direction = 7: unknown score_direction"));
  const auto curve = nomo::eval::roc(s, y);
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(curve, {1, 1.5}), Contains("prevalence = 1.5"));
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(curve, {-1, 0.5}), Contains("cost = -1"));
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(nomo::eval::roc_curve{}), Contains("curve.thresholds.size() = 0"));
  // Curves roc() cannot have built (an independent check got a NaN sensitivity back silently).
  auto no_cases = curve;
  no_cases.cases = 0;
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(no_cases), Contains("nomo::eval::youden_thresholds: curve.cases = 0"));
  auto nan_rate = curve;
  nan_rate.sensitivities[1] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(nan_rate), Contains("curve.sensitivities[1] = NaN"));
  auto above_one = curve;
  above_one.specificities[2] = 1.5;
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(above_one), Contains("curve.specificities[2] = 1.5"));
  // Counts that contradict the rates: the 2×2 tables came back from the wrong counts silently.
  auto more_controls = curve;
  more_controls.controls += 1;
  CHECK_THROWS_WITH(nomo::eval::youden_thresholds(more_controls),
                    Contains("is not a count out of curve.controls = " + std::to_string(curve.controls + 1)));
}
