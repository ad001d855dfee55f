// nomo::survival::plot_kaplan_meier and plot_hazard_ratio_curve: structure of the SVG (curves,
// bands, censor marks, P, numbers at risk from survfit's counts) and bad input.
#include <catch2/catch.hpp>

#include "nomo/survival/km_plot.hpp"
#include "invalid_input.hpp"
#include "survival_fixture.hpp"

using Catch::Matchers::Contains;
using nomo_test::require_invalid;
using nomo::survival::km_plot_options;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("plot_kaplan_meier draws steps, bands, censor marks, the log-rank P and the risk table") {
  const auto data = nomo_test::read_survival_set("aml");
  const auto fit = nomo::survival::kaplan_meier(data.time, data.status, data.group);
  const auto test = nomo::survival::log_rank(data.time, data.status, data.group);
  km_plot_options options;
  options.x_title = "Weeks";
  options.times = {0, 20, 40, 60};
  const std::string svg = nomo::survival::plot_kaplan_meier(fit, options, test).str();
  CHECK(count_of(svg, "class=\"step\"") == 2);
  CHECK(count_of(svg, "class=\"band\"") >= 2);
  CHECK_THAT(svg, Contains("Weeks"));
  CHECK_THAT(svg, Contains("Log-rank P = 0.065"));  // survdiff on aml: P = 0.0653
  CHECK_THAT(svg, Contains("Number at risk"));
  CHECK_THAT(svg, Contains("Maintained (median 31.0)"));  // survfit: median 31 (Maintained), 23 (Nonmaintained)
  CHECK_THAT(svg, Contains("Nonmaintained (median 23.0)"));
  // summary(survfit, times = c(0, 20, 40, 60)): Maintained 11, 7, 3, 1; Nonmaintained 12, 6, 2, 0.
  for (const char* n : {">11</text>", ">7</text>", ">3</text>", ">12</text>", ">6</text>", ">2</text>"}) {
    CHECK_THAT(svg, Contains(n));
  }
}

TEST_CASE("plot_kaplan_meier can draw cumulative incidence without bands or table") {
  const auto data = nomo_test::read_survival_set("handmade");
  const auto fit = nomo::survival::kaplan_meier(data.time, data.status, data.group);
  km_plot_options options;
  options.cumulative_incidence = true;
  options.confidence_bands = false;
  options.risk_table = false;
  const std::string svg = nomo::survival::plot_kaplan_meier(fit, options).str();
  CHECK(count_of(svg, "class=\"step\"") == 3);
  CHECK(count_of(svg, "class=\"band\"") == 0);
  CHECK_THAT(svg, Contains("Cumulative incidence"));
  CHECK_THAT(svg, Contains("a (median 3.0)"));
  CHECK_THAT(svg, Contains("c (median 13.5)"));
  CHECK(svg.find("Number at risk") == std::string::npos);
}

TEST_CASE("plot_hazard_ratio_curve draws the curve, its band and the HR = 1 line") {
  nomo::survival::hazard_ratio_curve curve{"bmk", 2, 0.9, {1, 2, 3}, {-0.5, 0, 0.4}, {0.2, 0, 0.2},
                                           {0.61, 1, 1.49}, {0.4, 1, 1.0}, {0.9, 1, 2.2}};
  const std::string svg = nomo::survival::plot_hazard_ratio_curve(curve).str();
  CHECK_THAT(svg, Contains("Hazard ratio"));
  CHECK_THAT(svg, Contains("bmk"));
  CHECK_THAT(svg, Contains("90% CI"));
  CHECK(count_of(svg, "class=\"band\"") == 1);
}

TEST_CASE("KM and HR plots reject bad input, naming argument and value") {
  const auto data = nomo_test::read_survival_set("veteran");
  const auto fit = nomo::survival::kaplan_meier(data.time, data.status, data.group);
  km_plot_options options;
  options.width = 0;
  require_invalid([&] { nomo::survival::plot_kaplan_meier(fit, options); }, {"width = 0"});
  options = {};
  options.times = {0, 100, 50};
  require_invalid([&] { nomo::survival::plot_kaplan_meier(fit, options); }, {"times[2] = 50"});
  options = {};
  options.colors = {"red", "blue"};
  require_invalid([&] { nomo::survival::plot_kaplan_meier(fit, options); }, {"options.colors.size() = 2"});
  nomo::survival::hazard_ratio_curve one{"x", 0, 0.95, {1}, {0}, {0}, {1}, {1}, {1}};
  require_invalid([&] { nomo::survival::plot_hazard_ratio_curve(one); }, {"curve.value.size() = 1"});
  nomo::survival::hr_plot_options hr;
  hr.color = "";
  require_invalid([&] { nomo::survival::plot_hazard_ratio_curve(one, hr); }, {"color = \"\""});
}
