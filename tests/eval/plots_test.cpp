// nomo::eval figures: each figure carries the numbers it reports (checked against the pROC and
// formula fixtures of tests/reference/eval_roc.R and eval_decision.R) and rejects bad input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reference_data.hpp"
#include "nomo/eval/plots.hpp"

TEST_CASE("roc_plot shows each model's AUC and DeLong CI in the legend", "[eval][plots]") {
  const Eigen::VectorXd y = eval_test::roc_scores().column("y");
  const auto full = nomo::eval::roc(eval_test::roc_scores().column("full"), y);
  const auto reduced = nomo::eval::roc(eval_test::roc_scores().column("reduced"), y);
  const auto svg = nomo::eval::roc_plot({{"Full", full, nomo::eval::delong_ci(eval_test::roc_scores().column("full"), y)},
                                         {"Reduced", reduced, std::nullopt}})
                       .str();
  // rms-spec §6: AUC 0.712335, DeLong CI 0.627799-0.796871; reduced AUC 0.630865.
  CHECK_THAT(svg, Catch::Matchers::Contains("Full: AUC 0.712 (95% CI 0.628\u20130.797)"));
  CHECK_THAT(svg, Catch::Matchers::Contains("Reduced: AUC 0.631"));
  CHECK_THAT(svg, Catch::Matchers::Contains("1 \u2212 Specificity"));
}

TEST_CASE("decision_curve_plot and clinical_impact_plot draw every curve and the cost:benefit axis", "[eval][plots]") {
  const std::vector<double> pts = nomo::seq_length(0.05, 0.8, 16);
  nomo::eval::decision_curve_options options;
  options.band.replicates = 50;
  const auto dc = nomo::eval::decision_curve_analysis({{"Full", eval_test::decision_risks().column("full")}, {"Reduced", eval_test::decision_risks().column("reduced")}},
                                                      eval_test::decision_risks().column("y"), pts, options);
  const auto svg = nomo::eval::decision_curve_plot(dc).str();
  for (const char* label : {"Treat all", "Treat none", "Full", "Reduced", "Net benefit"}) {
    CHECK_THAT(svg, Catch::Matchers::Contains(label));
  }
  const auto impact = nomo::eval::clinical_impact(eval_test::decision_risks().column("full"), eval_test::decision_risks().column("y"), pts);
  const auto impact_svg = nomo::eval::clinical_impact_plot(impact, {500, 400, "Impact"}).str();
  // pt = 0.2 gives harm:benefit 1:4 and pt = 0.4 gives 2:3, as rmda's axis shows.
  CHECK_THAT(impact_svg, Catch::Matchers::Contains(">1:4<"));
  CHECK_THAT(impact_svg, Catch::Matchers::Contains(">2:3<"));
  CHECK_THAT(impact_svg, Catch::Matchers::Contains("Number high risk with event"));
}

TEST_CASE("calibration_plot prints the assessment's statistics", "[eval][plots]") {
  const auto& ext = eval_test::external_cohort();
  const auto assessment = nomo::eval::assess_calibration(ext.column("p"), ext.column("y"));
  const auto hl = nomo::eval::hosmer_lemeshow(ext.column("p"), ext.column("y"), {5});
  const auto svg = nomo::eval::calibration_plot(assessment, hl).str();
  // eval_calibration.R: slope 0.66383, Brier 0.22422, ICI (Eavg) 0.09338.
  CHECK_THAT(svg, Catch::Matchers::Contains("Slope 0.664"));
  CHECK_THAT(svg, Catch::Matchers::Contains("Brier 0.224"));
  CHECK_THAT(svg, Catch::Matchers::Contains("ICI 0.093"));
  CHECK_THAT(svg, Catch::Matchers::Contains("Grouped observations"));
}

TEST_CASE("evaluation figures reject bad input naming the argument", "[eval][plots][bad]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(nomo::eval::roc_plot({}), Contains("nomo::eval::roc_plot: series.size() = 0"));
  CHECK_THROWS_WITH(nomo::eval::roc_plot({{"empty", {}, std::nullopt}}),
                    Contains("series[0].curve.specificities.size() = 0"));
  const auto curve = nomo::eval::roc(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  CHECK_THROWS_WITH(nomo::eval::roc_plot({{"m", curve, std::nullopt}}, {0, 400, ""}), Contains("options.width = 0"));
  CHECK_THROWS_WITH(nomo::eval::calibration_plot({}), Contains("nomo::eval::calibration_plot: assessment.curve.predicted.size() = 0"));
  CHECK_THROWS_WITH(nomo::eval::decision_curve_plot({}), Contains("nomo::eval::decision_curve_plot: curve.thresholds.size() = 0"));
  CHECK_THROWS_WITH(nomo::eval::clinical_impact_plot({}, {400, -1, ""}), Contains("options.height = -1"));
  CHECK_THROWS_WITH(nomo::eval::clinical_impact_plot({}), Contains("nomo::eval::clinical_impact_plot: curve.thresholds.size() = 0"));

  // Curves computed over thresholds given in falling order, or edited after computing.
  const Eigen::VectorXd risks = eval_test::decision_risks().column("full");
  const Eigen::VectorXd y = eval_test::decision_risks().column("y");
  const auto falling = nomo::eval::decision_curve_analysis({{"m", risks}}, y, {0.5, 0.25, 0.125});
  CHECK_THROWS_WITH(nomo::eval::decision_curve_plot(falling),
                    Contains("nomo::eval::decision_curve_plot: curve.thresholds[1] = 0.25: must exceed the threshold before it, 0.5"));
  auto cut = nomo::eval::decision_curve_analysis({{"m", risks}}, y, {0.1, 0.3, 0.5});
  cut.models[0].net_benefit.pop_back();
  CHECK_THROWS_WITH(nomo::eval::decision_curve_plot(cut),
                    Contains("curve.models[0].net_benefit.size() = 2: must equal curve.thresholds.size() = 3"));
  auto impact = nomo::eval::clinical_impact(risks, y, {0.1, 0.3, 0.5});
  impact.high_risk_with_event.push_back(1);
  CHECK_THROWS_WITH(nomo::eval::clinical_impact_plot(impact),
                    Contains("nomo::eval::clinical_impact_plot: curve.high_risk_with_event.size() = 4"));
  auto edited = curve;
  edited.specificities.pop_back();
  CHECK_THROWS_WITH(nomo::eval::roc_plot({{"m", edited, std::nullopt}}),
                    Contains("series[0].curve.sensitivities.size()"));
  nomo::eval::calibration_assessment assessment;
  assessment.curve = {{0.1, 0.2}, {0.1}};
  CHECK_THROWS_WITH(nomo::eval::calibration_plot(assessment), Contains("assessment.curve.observed.size() = 1"));

  // Found by an independent check of the figures: an impossible curve, an interval of another
  // curve, and thresholds outside (0, 1) were drawn without complaint.
  auto impossible = curve;
  impossible.sensitivities[1] = 2.5;
  CHECK_THROWS_WITH(nomo::eval::roc_plot({{"m", impossible, std::nullopt}}),
                    Contains("nomo::eval::roc_plot: series[0].curve.sensitivities[1] = 2.5"));
  const auto reduced_ci =
      nomo::eval::delong_ci(eval_test::roc_scores().column("reduced"), eval_test::roc_scores().column("y"));
  CHECK_THROWS_WITH(nomo::eval::roc_plot({{"m", curve, reduced_ci}}),
                    Contains("series[0].auc->auc") && Contains("differs from the curve's AUC"));
  auto stretched = nomo::eval::decision_curve_analysis({{"m", risks}}, y, {0.1, 0.3, 0.5});
  stretched.thresholds.back() = 5;
  CHECK_THROWS_WITH(nomo::eval::decision_curve_plot(stretched),
                    Contains("curve.thresholds[2] = 5: must be a probability in (0, 1)"));
}

TEST_CASE("threshold figures of a single threshold, and a calibration plot under separation", "[eval][plots]") {
  // One threshold made a zero-width axis that the panel refused (an independent check).
  const Eigen::VectorXd risks = eval_test::decision_risks().column("full");
  const Eigen::VectorXd y = eval_test::decision_risks().column("y");
  CHECK_THAT(nomo::eval::decision_curve_plot(nomo::eval::decision_curve_analysis({{"m", risks}}, y, {0.3})).str(),
             Catch::Matchers::Contains("Net benefit"));
  CHECK_THAT(nomo::eval::clinical_impact_plot(nomo::eval::clinical_impact(risks, y, {0.5})).str(),
             Catch::Matchers::Contains("Number high risk"));
  // Separated outcomes have no finite calibration slope: the figure says so instead of a number.
  const auto& ext = eval_test::external_cohort();
  auto assessment = nomo::eval::assess_calibration(ext.column("p"), ext.column("y"));
  assessment.separated = true;
  const auto svg = nomo::eval::calibration_plot(assessment).str();
  CHECK_THAT(svg, Catch::Matchers::Contains("Slope: none (outcomes separated)"));
  CHECK_THAT(svg, !Catch::Matchers::Contains("Slope 0."));
}
