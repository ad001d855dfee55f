// glm::summarize_effects against rms summary(fit) (tests/reference/glm_summary_effects.R): an lrm
// fit with an rcs term, a linear term, a 3-level factor, a label binary, a cut term, a numeric
// factor and a numeric 0/1 column, with datadist on the whole table.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/glm/effects.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/formula.hpp"
#include "nomo/model/frame.hpp"

namespace {

/// The fixture model, fitted with lrm.fit's stopping rule so that the estimates are lrm's own.
nomo::glm::logistic_fit fixture_fit() {
  const auto cohort = nomo::io::read_csv(nomo_test::fixture_path("frame_fixtures_data.csv"));
  const auto spec = nomo::model::parse_model(
      "y ~ rcs(bmk, 4) + age + grp + sex + cut(gtv, c(-Inf, 6, 28, Inf), right = FALSE) + factor(stage) + smoker");
  nomo::glm::irls_options options;
  options.rule = nomo::glm::convergence_rule::deviance_change;
  return nomo::glm::fit_logistic(nomo::model::make_frame(cohort, spec), options);
}

/// R's summary() rows: the effect rows (type 1) of the fixture, with the "Odds Ratio" row after each.
void check_effects_against_r(const nomo::glm::effects_summary& s, const std::string& fixture) {
  const auto r = nomo::io::read_csv(nomo_test::fixture_path(fixture));
  const auto& label = r.at("label").labels;
  const auto& low = r.at("Low").numbers;
  const auto& high = r.at("High").numbers;
  const auto& diff = r.at("Diff.").numbers;
  const auto& effect = r.at("Effect").numbers;
  const auto& se = r.at("S.E.").numbers;
  const auto& lower = r.at("lower").numbers;
  const auto& upper = r.at("upper").numbers;
  REQUIRE(s.rows.size() * 2 == r.rows());
  for (std::size_t k = 0; k < s.rows.size(); ++k) {
    const auto& row = s.rows[k];
    const std::size_t e = 2 * k, o = 2 * k + 1;  // the effect row and its "Odds Ratio" row
    INFO(label[e]);
    // R pads the open upper end of a cut label ("[28, Inf)"); nomo deliberately does not (levels.hpp).
    std::string r_label = label[e];
    if (const auto pad = r_label.find(", Inf"); pad != std::string::npos) r_label.erase(pad + 1, 1);
    CHECK(row.label == r_label);
    CHECK(row.low == Approx(low[e]).margin(1e-12));
    CHECK(row.high == Approx(high[e]).margin(1e-12));
    if (std::isnan(diff[e])) CHECK(std::isnan(row.diff));
    else CHECK(row.diff == Approx(diff[e]).margin(1e-12));
    CHECK(row.effect == Approx(effect[e]).epsilon(1e-9).margin(1e-12));
    CHECK(row.standard_error == Approx(se[e]).epsilon(1e-9));
    CHECK(row.lower == Approx(lower[e]).epsilon(1e-9).margin(1e-12));
    CHECK(row.upper == Approx(upper[e]).epsilon(1e-9).margin(1e-12));
    CHECK(row.odds_ratio == Approx(effect[o]).epsilon(1e-9));
    CHECK(row.odds_ratio_lower == Approx(lower[o]).epsilon(1e-9));
    CHECK(row.odds_ratio_upper == Approx(upper[o]).epsilon(1e-9));
  }
}

}  // namespace

TEST_CASE("summarize_effects reproduces rms summary(fit): quartile effects, factor levels against the mode") {
  const auto fit = fixture_fit();
  const auto s = nomo::glm::summarize_effects(fit);
  check_effects_against_r(s, "glm_summary_effects.csv");
  // rms lists numeric predictors first, then factors; the spline's effect is across its quartiles.
  CHECK(s.rows.front().label == "bmk");
  CHECK_FALSE(s.rows.front().factor);
  CHECK(s.rows.back().factor);
}

TEST_CASE("summarize_effects at another confidence level matches summary(fit, conf.int = 0.9)") {
  check_effects_against_r(nomo::glm::summarize_effects(fixture_fit(), 0.9), "glm_summary_effects_90.csv");
}

TEST_CASE("summarize_effects with other Low and High matches summary(fit, bmk = c(1.5, 4), age = c(50, 60))") {
  const auto fit = fixture_fit();
  check_effects_against_r(nomo::glm::summarize_effects(fit, fit.terms, {{"bmk", 1.5, 4}, {"age", 50, 60}}),
                  "glm_summary_effects_ranges.csv");
  // A range may run downwards, as in R.
  check_effects_against_r(nomo::glm::summarize_effects(fit, fit.terms, {{"age", 70, 40}}, 0.9), "glm_summary_effects_ranges_90.csv");
}

TEST_CASE("summarize_effects rejects bad input, naming the argument and value") {
  using nomo_test::require_invalid;
  const auto fit = fixture_fit();
  require_invalid([&] { nomo::glm::summarize_effects(fit, 1.0); }, {"glm::summarize_effects", "conf_level = 1"});
  require_invalid([&] { nomo::glm::summarize_effects(fit, {}, 0.95); }, {"terms = \"empty\""});
  auto terms = fit.terms;
  terms[2].adjust_level = "Z";
  require_invalid([&] { nomo::glm::summarize_effects(fit, terms); }, {"term grp adjust_level = \"Z\"", "not one of"});
  terms = fit.terms;
  terms[0].columns[0] = 40;
  require_invalid([&] { nomo::glm::summarize_effects(fit, terms); }, {"term bmk column = 40"});
  auto without_covariance = fit;  // as a fit with irls_options::covariance = false leaves it
  without_covariance.covariance.resize(0, 0);
  require_invalid([&] { nomo::glm::summarize_effects(without_covariance); }, {"fit.covariance.rows() = 0", "no covariance"});
  using range = nomo::glm::effect_range;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  require_invalid([&] { nomo::glm::summarize_effects(fit, fit.terms, {{"weight", 1, 2}}); },
                  {"ranges[0].term = \"weight\"", "not a term"});
  require_invalid([&] { nomo::glm::summarize_effects(fit, fit.terms, {range{"age", 50, 60}, range{"grp", 1, 2}}); },
                  {"ranges[1].term = \"grp\"", "not a continuous or rcs term"});
  require_invalid([&] { nomo::glm::summarize_effects(fit, fit.terms, {range{"age", 50, 60}, range{"age", 40, 50}}); },
                  {"ranges[1].term = \"age\"", "twice"});
  require_invalid([&] { nomo::glm::summarize_effects(fit, fit.terms, {{"age", nan, 60}}); }, {"ranges[0].low = NaN"});
  require_invalid([&] { nomo::glm::summarize_effects(fit, fit.terms, {{"age", 60, 60}}); }, {"ranges[0].high = 60", "equals low"});
}
