// nomo::eval decision curves and clinical impact curves against the net-benefit formula evaluated
// in R (tests/reference/eval_decision.R) and the rms-spec §7 worked example.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "invalid_input.hpp"
#include "reference_data.hpp"
#include "nomo/eval/clinical_impact.hpp"
#include "nomo/eval/decision_curve.hpp"

using nomo::eval::high_risk_rule;

namespace {

const nomo_test::table& reference() {
  static const nomo_test::table t = nomo_test::read_table("eval_decision_curve.csv");
  return t;
}
std::vector<double> grid() {
  const Eigen::VectorXd t = reference().column("threshold");
  return {t.data(), t.data() + t.size()};
}
void require_close(const std::vector<double>& got, const std::string& column, double tolerance = 1e-12) {
  const Eigen::VectorXd want = reference().column(column);
  REQUIRE(got.size() == static_cast<std::size_t>(want.size()));
  for (std::size_t k = 0; k < got.size(); ++k) {
    INFO(column << " at threshold " << grid()[k]);
    CHECK(got[k] == Approx(want(static_cast<Eigen::Index>(k))).margin(tolerance));
  }
}
std::size_t index_of(double pt) {
  const auto g = grid();
  for (std::size_t k = 0; k < g.size(); ++k)
    if (std::abs(g[k] - pt) < 1e-12) return k;
  throw std::runtime_error("threshold not on grid");
}

}  // namespace

TEST_CASE("decision_curve_analysis matches the net benefit formula for two models", "[eval][dca]") {
  const auto dc = nomo::eval::decision_curve_analysis(
      {{"full", eval_test::decision_risks().column("full")}, {"reduced", eval_test::decision_risks().column("reduced")}}, eval_test::decision_risks().column("y"), grid());
  REQUIRE(dc.models.size() == 2);
  CHECK(dc.models[0].name == "full");
  require_close(dc.models[0].net_benefit, "nb_full");
  require_close(dc.models[1].net_benefit, "nb_reduced");
  require_close(dc.treat_all, "nb_all");
  for (const double v : dc.treat_none) CHECK(v == 0);
  CHECK(dc.prevalence == Approx(62.0 / 150.0));
  CHECK_FALSE(dc.models[0].band.has_value());
  // rms-spec §7 worked example.
  CHECK(dc.models[0].net_benefit[index_of(0.2)] == Approx(0.25833333333).margin(1e-10));
  CHECK(dc.models[0].net_benefit[index_of(0.4)] == Approx(0.13777777778).margin(1e-10));
  CHECK(dc.treat_all[index_of(0.3)] == Approx(0.16190476190).margin(1e-10));
}

TEST_CASE("net_benefit_at and threshold_index read the curve at a threshold of its grid", "[eval][dca]") {
  const auto dc = nomo::eval::decision_curve_analysis(
      {{"full", eval_test::decision_risks().column("full")}, {"reduced", eval_test::decision_risks().column("reduced")}},
      eval_test::decision_risks().column("y"), grid());
  // rms-spec §7 worked example; the grid holds 0.2 as 0.20000000000000001 and 0.3 as 0.29999999999999999.
  CHECK(nomo::eval::net_benefit_at(dc, "full", 0.2) == Approx(0.25833333333).margin(1e-10));
  CHECK(nomo::eval::net_benefit_at(dc, "full", 0.4) == Approx(0.13777777778).margin(1e-10));
  CHECK(dc.treat_all[nomo::eval::threshold_index(dc, 0.1 + 0.2)] == Approx(0.16190476190).margin(1e-10));
  const Eigen::VectorXd reduced = reference().column("nb_reduced");
  CHECK(nomo::eval::net_benefit_at(dc, "reduced", 0.5) == Approx(reduced(static_cast<Eigen::Index>(index_of(0.5)))).margin(1e-12));
}

TEST_CASE("decision_curve_analysis: > and >= differ exactly where risks equal a threshold", "[eval][dca]") {
  const auto strict = nomo::eval::decision_curve_analysis({{"m", eval_test::decision_risks().column("rounded")}}, eval_test::decision_risks().column("y"), grid());
  const auto inclusive = nomo::eval::decision_curve_analysis({{"m", eval_test::decision_risks().column("rounded")}}, eval_test::decision_risks().column("y"),
                                                             grid(), {high_risk_rule::at_or_above});
  require_close(strict.models[0].net_benefit, "nb_rounded_strict");
  require_close(inclusive.models[0].net_benefit, "nb_rounded_ge");
}

TEST_CASE("decision_curve_analysis standardized divides by the prevalence", "[eval][dca]") {
  const auto dc = nomo::eval::decision_curve_analysis({{"full", eval_test::decision_risks().column("full")}}, eval_test::decision_risks().column("y"), grid(),
                                                      {high_risk_rule::above, true});
  CHECK(dc.standardized);
  require_close(dc.models[0].net_benefit, "snb_full");
  require_close(dc.treat_all, "snb_all");
}

TEST_CASE("decision_curve_analysis bootstrap bands are reproducible and bracket the curve", "[eval][dca]") {
  nomo::eval::decision_curve_options options;
  options.band = {200, 0.9, 42, false};
  const std::vector<double> pts{0.2, 0.4, 0.6};
  const auto a = nomo::eval::decision_curve_analysis({{"full", eval_test::decision_risks().column("full")}}, eval_test::decision_risks().column("y"), pts, options);
  const auto b = nomo::eval::decision_curve_analysis({{"full", eval_test::decision_risks().column("full")}}, eval_test::decision_risks().column("y"), pts, options);
  REQUIRE(a.models[0].band.has_value());
  const auto& band = *a.models[0].band;
  CHECK(band.replicates == 200);
  CHECK(band.failed_replicates == 0);
  CHECK(band.lower == b.models[0].band->lower);
  for (std::size_t k = 0; k < pts.size(); ++k) {
    CHECK(band.lower[k] <= a.models[0].net_benefit[k]);
    CHECK(band.upper[k] >= a.models[0].net_benefit[k]);
    CHECK(band.lower[k] < band.upper[k]);
  }
}

TEST_CASE("clinical_impact counts per 1000 match R", "[eval][impact]") {
  const auto ci = nomo::eval::clinical_impact(eval_test::decision_risks().column("full"), eval_test::decision_risks().column("y"), grid());
  require_close(ci.high_risk, "high_risk_full", 1e-9);
  require_close(ci.high_risk_with_event, "high_risk_event_full", 1e-9);
  CHECK(ci.cost_benefit[index_of(0.2)] == Approx(0.25));
  // rms-spec §7 worked example: pt 0.3 -> 713.3 high risk, 360.0 with the event.
  CHECK(ci.high_risk[index_of(0.3)] == Approx(713.3333333333).margin(1e-8));
  CHECK(ci.high_risk_with_event[index_of(0.3)] == Approx(360.0).margin(1e-9));
  const auto ge = nomo::eval::clinical_impact(eval_test::decision_risks().column("rounded"), eval_test::decision_risks().column("y"), grid(),
                                              {1000, high_risk_rule::at_or_above});
  require_close(ge.high_risk, "high_risk_rounded_ge", 1e-9);
  require_close(ge.high_risk_with_event, "high_risk_event_rounded_ge", 1e-9);
}

TEST_CASE("clinical_impact bootstrap bands cover both curves", "[eval][impact]") {
  nomo::eval::clinical_impact_options options;
  options.band = {100, 0.95, 7, false};
  const std::vector<double> pts{0.3, 0.5};
  const auto ci = nomo::eval::clinical_impact(eval_test::decision_risks().column("full"), eval_test::decision_risks().column("y"), pts, options);
  REQUIRE(ci.high_risk_band.has_value());
  REQUIRE(ci.high_risk_with_event_band.has_value());
  for (std::size_t k = 0; k < pts.size(); ++k) {
    CHECK(ci.high_risk_band->lower[k] <= ci.high_risk[k]);
    CHECK(ci.high_risk_band->upper[k] >= ci.high_risk[k]);
    CHECK(ci.high_risk_with_event_band->upper[k] <= ci.high_risk_band->upper[k]);
  }
}

TEST_CASE("decision curves and clinical impact reject bad input naming the argument", "[eval][dca][bad]") {
  using Catch::Matchers::Contains;
  Eigen::VectorXd r(4), y(4);
  r << 0.1, 0.4, 0.35, 0.8;
  y << 0, 0, 1, 1;
  const std::vector<double> pts{0.2, 0.5};
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", r}}, y, {0.2, 1.0}),
                    Contains("nomo::eval::decision_curve_analysis: thresholds[1] = 1: must lie strictly between 0 and 1"));
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", r}}, y, {0.0}), Contains("thresholds[0] = 0"));
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", r}}, y, {}), Contains("thresholds.size() = 0"));
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({}, y, pts), Contains("models.size() = 0"));
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", r}, {"n", r.head(3)}}, y, pts),
                    Contains("models[1].risks.size() = 3"));
  Eigen::VectorXd bad = r;
  bad(2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", bad}}, y, pts), Contains("models[0].risks[2] = NaN"));
  bad(2) = 1.5;
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", bad}}, y, pts), Contains("models[0].risks[2] = 1.5"));
  CHECK_THROWS_AS(nomo::eval::decision_curve_analysis({{"m", r}}, Eigen::VectorXd::Ones(4), pts), nomo::invalid_input);
  nomo::eval::decision_curve_options one_replicate;
  one_replicate.band.replicates = 1;
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", r}}, y, pts, one_replicate), Contains("replicates = 1"));
  CHECK_THROWS_WITH(nomo::eval::decision_curve_analysis({{"m", r}}, y, pts, {static_cast<high_risk_rule>(5)}),
                    Contains("rule = 5"));
  const auto dc = nomo::eval::decision_curve_analysis({{"m", r}}, y, pts);
  nomo_test::require_invalid([&] { nomo::eval::threshold_index(dc, 0.3); }, {"pt = 0.29999999999999999", "nearest: 0.2"});
  nomo_test::require_invalid([&] { nomo::eval::net_benefit_at(dc, "other", 0.2); }, "model", "\"other\"");

  CHECK_THROWS_WITH(nomo::eval::clinical_impact(r, y, {-0.1}), Contains("nomo::eval::clinical_impact: thresholds[0] = -0.10000000000000001"));
  CHECK_THROWS_WITH(nomo::eval::clinical_impact(r, y.head(2), pts), Contains("risks.size() = 4"));
  CHECK_THROWS_WITH(nomo::eval::clinical_impact(r, Eigen::VectorXd::Zero(4), pts), Contains("outcomes (cases, controls) = \"0, 4\""));
  CHECK_THROWS_WITH(nomo::eval::clinical_impact(r, y, pts, {0}), Contains("population = 0"));
  nomo::eval::clinical_impact_options level;
  level.band = {10, 1.2, 1, false};
  CHECK_THROWS_WITH(nomo::eval::clinical_impact(r, y, pts, level), Contains("conf_level = 1.2"));
}
