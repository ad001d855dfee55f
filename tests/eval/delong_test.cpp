// nomo::eval DeLong CI and tests against pROC (tests/reference/eval_roc.R) and the W5 workload.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "../../benchmarks/workloads.hpp"
#include "reference_data.hpp"
#include "nomo/eval/delong.hpp"

using nomo::eval::score_direction;

TEST_CASE("delong_ci matches pROC ci.auc(method = 'delong')", "[eval][delong]") {
  const auto ci = nomo::eval::delong_ci(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  CHECK(ci.auc == Approx(eval_test::roc_values().at("auc_full")).margin(1e-12));
  CHECK(ci.variance == Approx(eval_test::roc_values().at("delong_var_full")).margin(1e-12));
  CHECK(ci.lower == Approx(eval_test::roc_values().at("delong_lower_full")).margin(1e-10));
  CHECK(ci.upper == Approx(eval_test::roc_values().at("delong_upper_full")).margin(1e-10));
  // rms-spec §6 worked example.
  CHECK(ci.standard_error == Approx(0.0431314981468494).margin(1e-13));
  CHECK(ci.lower == Approx(0.627798861021189).margin(1e-12));
}

TEST_CASE("delong_ci honours direction and conf_level on a tied score", "[eval][delong]") {
  const auto ci = nomo::eval::delong_ci(eval_test::roc_scores().column("tied"), eval_test::roc_scores().column("y"),
                                        {score_direction::controls_higher, 0.9});
  CHECK(ci.auc == Approx(eval_test::roc_values().at("auc_tied")).margin(1e-12));
  CHECK(ci.variance == Approx(eval_test::roc_values().at("delong_var_tied")).margin(1e-12));
  CHECK(ci.lower == Approx(eval_test::roc_values().at("delong_lower_tied90")).margin(1e-10));
  CHECK(ci.upper == Approx(eval_test::roc_values().at("delong_upper_tied90")).margin(1e-10));
}

TEST_CASE("delong_ci of a roc_curve equals delong_ci of the scores, both directions", "[eval][delong]") {
  const Eigen::VectorXd y = eval_test::roc_scores().column("y");
  const auto full = nomo::eval::delong_ci(nomo::eval::roc(eval_test::roc_scores().column("full"), y));
  CHECK(full.variance == Approx(eval_test::roc_values().at("delong_var_full")).margin(1e-12));
  CHECK(full.lower == Approx(eval_test::roc_values().at("delong_lower_full")).margin(1e-10));
  const auto tied_curve = nomo::eval::roc(eval_test::roc_scores().column("tied"), y, {score_direction::controls_higher});
  const auto tied = nomo::eval::delong_ci(tied_curve, {score_direction::cases_higher, 0.9});
  CHECK(tied.auc == Approx(eval_test::roc_values().at("auc_tied")).margin(1e-12));
  CHECK(tied.variance == Approx(eval_test::roc_values().at("delong_var_tied")).margin(1e-12));
  CHECK(tied.upper == Approx(eval_test::roc_values().at("delong_upper_tied90")).margin(1e-10));
}

TEST_CASE("placements average to the AUC", "[eval][delong]") {
  const auto p = nomo::eval::placements(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  CHECK(p.case_placements.size() == 62);
  CHECK(p.control_placements.mean() == Approx(eval_test::roc_values().at("auc_full")).margin(1e-12));
}

TEST_CASE("delong_test matches pROC's paired roc.test", "[eval][delong]") {
  const auto t = nomo::eval::delong_test(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("reduced"), eval_test::roc_scores().column("y"));
  CHECK(t.auc2 == Approx(eval_test::roc_values().at("auc_reduced")).margin(1e-12));
  CHECK(t.z == Approx(eval_test::roc_values().at("paired_z")).margin(1e-9));
  CHECK(t.p_value == Approx(eval_test::roc_values().at("paired_p")).margin(1e-10));
  CHECK(t.lower == Approx(eval_test::roc_values().at("paired_lower")).margin(1e-10));
  CHECK(t.upper == Approx(eval_test::roc_values().at("paired_upper")).margin(1e-10));
  CHECK(t.z == Approx(2.23704794671762).margin(1e-12));  // rms-spec §6
}

TEST_CASE("delong_test of a score with itself is Z = 0, P = 1 (pROC's 0/0 rule)", "[eval][delong]") {
  const auto t = nomo::eval::delong_test(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  CHECK(t.z == 0);
  CHECK(t.p_value == 1);
}

TEST_CASE("delong_test of a perfect score against its reverse is pROC's Z = Inf, P = 0", "[eval][delong]") {
  // pROC 1.18: roc.test(roc(y, s), roc(y, -s... as direction "<"), paired = TRUE) prints
  // "Z = Inf, p-value < 2.2e-16", CI 1 to 1; the difference has no variance.
  Eigen::VectorXd y(6), s(6), reversed(6);
  y << 0, 0, 0, 1, 1, 1;
  s << 1, 2, 3, 4, 5, 6;
  reversed << 6, 5, 4, 3, 2, 1;
  const auto t = nomo::eval::delong_test(s, reversed, y);
  CHECK(t.z == std::numeric_limits<double>::infinity());
  CHECK(t.p_value == 0);
  CHECK(t.lower == 1);
  CHECK(t.upper == 1);
}

TEST_CASE("delong_test_unpaired matches pROC's unpaired roc.test", "[eval][delong]") {
  const Eigen::VectorXd y = eval_test::roc_scores().column("y");
  const auto t = nomo::eval::delong_test_unpaired(eval_test::roc_scores().column("full").head(75), y.head(75),
                                                  eval_test::roc_scores().column("reduced").tail(75), y.tail(75));
  CHECK(t.auc1 == Approx(eval_test::roc_values().at("unpaired_auc1")).margin(1e-12));
  CHECK(t.auc2 == Approx(eval_test::roc_values().at("unpaired_auc2")).margin(1e-12));
  CHECK(t.statistic == Approx(eval_test::roc_values().at("unpaired_d")).margin(1e-9));
  CHECK(t.df == Approx(eval_test::roc_values().at("unpaired_df")).margin(1e-7));
  CHECK(t.p_value == Approx(eval_test::roc_values().at("unpaired_p")).margin(1e-10));
}

TEST_CASE("delong_test_unpaired with both DeLong variances 0", "[eval][delong]") {
  // pROC 1.18, roc.test(roc1, roc2, method = "delong", paired = FALSE) on these cohorts: perfect
  // vs perfect gives D, df and P NaN (its warning says P is always 1); perfect vs all-tied gives
  // D = Inf with df and P NaN. The variances are 0 because every placement equals the AUC.
  Eigen::VectorXd perfect1(6), y1(6), perfect2(7), tied2 = Eigen::VectorXd::Ones(7), y2(7);
  perfect1 << 1, 2, 3, 4, 5, 6;
  y1 << 0, 0, 0, 1, 1, 1;
  perfect2 << 1, 2, 5, 6, 3, 7, 8;
  y2 << 0, 0, 1, 1, 0, 1, 1;
  const auto same = nomo::eval::delong_test_unpaired(perfect1, y1, perfect2, y2);
  CHECK(same.auc1 == 1);
  CHECK(same.auc2 == 1);
  CHECK(same.standard_error == 0);
  CHECK(same.statistic == 0);
  CHECK(same.p_value == 1);
  CHECK(same.df == std::numeric_limits<double>::infinity());
  CHECK_THROWS_AS(nomo::eval::delong_test_unpaired(perfect1, y1, tied2, y2), nomo::computation_error);
  CHECK_THROWS_WITH(nomo::eval::delong_test_unpaired(perfect1, y1, tied2, y2),
                    Catch::Matchers::StartsWith("nomo::eval::delong_test_unpaired: both AUCs (auc1 = 1, auc2 = 0.5) have "
                                                "DeLong variance 0"));
  CHECK_THROWS_AS(nomo::eval::delong_test_unpaired(perfect1, y1, -perfect2, y2), nomo::computation_error);  // AUC 0
}

TEST_CASE("delong_ci reproduces the W5 reference at n = 100,000", "[eval][delong]") {
  const auto w5 = nomo_bench::make_w5();
  const auto ci = nomo::eval::delong_ci(w5.score, w5.label);
  // shared/benchmarks/WORKLOADS.md: AUC 0.760026, DeLong CI [0.756844, 0.763208] (6 decimals).
  CHECK(ci.auc == Approx(0.760026).margin(5e-7));
  CHECK(ci.lower == Approx(0.756844).margin(5e-7));
  CHECK(ci.upper == Approx(0.763208).margin(5e-7));
}

TEST_CASE("DeLong functions reject bad input naming the argument", "[eval][delong][bad]") {
  using Catch::Matchers::Contains;
  Eigen::VectorXd s(5), y(5);
  s << 0.1, 0.4, 0.35, 0.8, 0.2;
  y << 0, 0, 1, 1, 0;
  Eigen::VectorXd one_case = Eigen::VectorXd::Zero(5);
  one_case(3) = 1;
  Eigen::VectorXd nan_s = s;
  nan_s(4) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(nomo::eval::delong_ci(s, one_case), Contains("nomo::eval::delong_ci: outcomes (cases, controls) = \"1, 4\""));
  CHECK_THROWS_AS(nomo::eval::delong_ci(s, Eigen::VectorXd::Ones(5)), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::eval::delong_ci(nan_s, y), Contains("scores[4] = NaN"));
  CHECK_THROWS_WITH(nomo::eval::delong_ci(s, y, {score_direction::cases_higher, 1.0}), Contains("conf_level = 1"));
  CHECK_THROWS_WITH(nomo::eval::delong_ci(s.head(4), y), Contains("scores.size() = 4"));
  CHECK_THROWS_WITH(nomo::eval::delong_test(s, nan_s, y), Contains("nomo::eval::delong_test: scores2[4] = NaN"));
  CHECK_THROWS_WITH(nomo::eval::delong_test(s, s.head(3), y), Contains("scores2.size() = 3"));
  CHECK_THROWS_WITH(nomo::eval::delong_test(s, s, one_case), Contains("outcomes (cases, controls) = \"1, 4\""));
  CHECK_THROWS_WITH(nomo::eval::delong_test_unpaired(s, y, s, one_case), Contains("outcomes2 (cases, controls) = \"1, 4\""));
  CHECK_THROWS_WITH(nomo::eval::delong_test_unpaired(nan_s, y, s, y), Contains("scores1[4] = NaN"));
  CHECK_THROWS_WITH(nomo::eval::placements(s, Eigen::VectorXd::Zero(5)), Contains("nomo::eval::placements: outcomes"));
  CHECK_THROWS_WITH(nomo::eval::delong_ci(nomo::eval::roc(s, one_case)),
                    Contains("nomo::eval::delong_ci: curve (cases, controls) = \"1, 4\""));
  CHECK_THROWS_WITH(nomo::eval::delong_ci(nomo::eval::roc_curve{}), Contains("curve.thresholds.size() = 0"));
  CHECK_THROWS_WITH(nomo::eval::delong_ci(nomo::eval::roc(s, y), {score_direction::cases_higher, -0.5}),
                    Contains("conf_level = -0.5"));
  CHECK_THROWS_WITH(nomo::eval::delong_ci(s, y, {static_cast<score_direction>(7), 0.95}),
                    Contains("nomo::eval::delong_options::validate: direction = 7: unknown score_direction "
                             "(expected cases_higher or controls_higher)"));
  // A direction outside the enumerators was read as controls_higher.
  CHECK_THROWS_WITH(nomo::eval::placements(s, y, static_cast<score_direction>(7)),
                    Contains("nomo::eval::placements: direction = 7: unknown score_direction"));
  // A curve roc() cannot have built (found by an independent check: reversed sensitivities gave
  // an AUC of 9e18 silently).
  auto reversed = nomo::eval::roc(s, y);
  std::reverse(reversed.sensitivities.begin(), reversed.sensitivities.end());
  CHECK_THROWS_WITH(nomo::eval::delong_ci(reversed),
                    Contains("nomo::eval::delong_ci: curve = \"(" + std::to_string(reversed.thresholds.size()) + " points)\""));
  auto unknown_direction = nomo::eval::roc(s, y);
  unknown_direction.direction = static_cast<score_direction>(7);
  CHECK_THROWS_WITH(nomo::eval::delong_ci(unknown_direction), Contains("nomo::eval::delong_ci: curve.direction = 7"));
  // Counts that contradict the rates (an independent check: 6 cases relabelled 3 gave AUC 1 and
  // variance 0 silently).
  Eigen::VectorXd s12(12), y12(12);
  s12 << 0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.05, 0.6, 0.3, 0.45, 0.55;
  y12 << 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1;
  auto relabelled = nomo::eval::roc(s12, y12);
  relabelled.cases = 3;
  CHECK_THROWS_WITH(nomo::eval::delong_ci(relabelled),
                    Contains("nomo::eval::delong_ci: curve.sensitivities[5] = 0.83333333333333337: is not a count out "
                             "of curve.cases = 3"));
}
