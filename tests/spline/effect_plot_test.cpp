// The OR-curve figure: its elements are present and bad options are refused. (What it looks like was
// checked by rendering it to PNG; numbers drawn come from odds_ratio_curve, tested against rms.)
#include <catch2/catch.hpp>

#include <string>

#include "fixture.hpp"
#include "nomo/spline/effect_plot.hpp"
#include "paper_model.hpp"
#include "invalid_input.hpp"

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("odds_ratio_figure draws band, curve, OR = 1 line, knots, rug and cut-offs", "[spline][plot]") {
  const auto curve = nomo::spline::odds_ratio_curve(spline_test::paper_fit("default"), "bmk");
  nomo::spline::effect_plot_options options;
  options.variable = "Biomarker";
  options.unit = "ng/mL";
  const Eigen::VectorXd bmk = nomo_test::read_table("spline_rms_example_data.csv").column("bmk");
  options.rug.assign(bmk.data(), bmk.data() + bmk.size());
  options.cutoffs = {1.766};
  const std::string svg = nomo::spline::odds_ratio_figure(curve, options).str();
  CHECK(svg.find("Biomarker (ng/mL)") != std::string::npos);
  CHECK(svg.find("Odds ratio (vs 2.67)") != std::string::npos);
  CHECK(svg.find("95% CI") != std::string::npos);
  CHECK(svg.find(">knots<") != std::string::npos);
  CHECK(svg.find(">1.77<") != std::string::npos);
  CHECK(count(svg, "stroke-dasharray") >= 1 + 4 + 1);  // OR = 1, four knots, one cut-off
  CHECK(count(svg, "<line") >= static_cast<std::size_t>(bmk.size()));  // one rug tick per value
}

TEST_CASE("odds_ratio_figure rejects bad input naming the argument and value", "[spline][plot][bad-input]") {
  const auto curve = nomo::spline::odds_ratio_curve(spline_test::paper_fit("default"), "bmk");
  const auto expect = [&](const nomo::spline::effect_curve& c, const nomo::spline::effect_plot_options& o,
                          const std::string& argument, const std::string& value) {
    nomo_test::require_invalid([&] { nomo::spline::odds_ratio_figure(c, o); }, argument, value);
  };
  nomo::spline::effect_plot_options o;
  o.width = -1;
  expect(curve, o, "width", "-1");
  o = {};
  o.cutoffs = {std::nan("")};
  expect(curve, o, "cutoffs[0]", "NaN");
  o = {};
  o.rug = {1.0, 1.0 / 0.0};
  expect(curve, o, "rug[1]", "Inf");
  nomo::spline::effect_curve empty = curve;
  empty.x.resize(1);
  expect(empty, {}, "curve.x.size()", "1");
}
