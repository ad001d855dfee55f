// Points table, JSON axes and SVG rendering of a nomogram. Numbers are checked against the rms
// scale of tests/reference/nomogram_fixtures.R (points per unit and intercept), not our own output.
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>
#include <sstream>
#include <string>

#include "fixture.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/nomogram/export.hpp"
#include "nomo/nomogram/svg.hpp"

using Catch::Matchers::WithinAbs;
namespace nm = nomo::nomogram;

namespace {

nm::nomogram fixture_nomogram() {
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("nomogram_data.csv"));
  nomo::model::model_spec spec;
  spec.outcome = "y";
  spec.terms = {nomo::model::rcs("marker", 4), nomo::model::continuous("age"), nomo::model::categorical("grp"),
                nomo::model::cut("gtv", {6, 28}), nomo::model::continuous("sex")};
  return nm::build_nomogram(nomo::glm::fit_logistic(nomo::model::make_frame(data, spec)));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("nomogram export: the CSV points table lists every tick and the risk of each total", "[nomogram][export]") {
  const nm::nomogram n = fixture_nomogram();
  const auto scalars = nomo_test::read_values("nomogram_scalars.csv");
  nm::export_options options;
  options.decimals = 4;
  const std::string csv = nm::points_table_csv(n, options);
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  CHECK(line == "section,label,points,risk");
  std::size_t term_rows = 0, total_rows = 0;
  while (std::getline(lines, line)) {
    const auto cells = nomo_test::split_csv_line(line);
    REQUIRE(cells.size() == 4);
    if (cells[0] != "Total points") {
      ++term_rows;
      continue;
    }
    ++total_rows;
    const double points = std::stod(cells[2]);
    const double risk = 1 / (1 + std::exp(-(scalars.at("intercept") + points / scalars.at("points_per_unit"))));
    CHECK_THAT(std::stod(cells[3]), WithinAbs(risk, 0.5e-6));
  }
  std::size_t ticks = 0;
  for (const auto& axis : n.axes) ticks += axis.labels.size();
  CHECK(term_rows == ticks);
  CHECK(total_rows == n.total_points_ticks.size());
  CHECK(csv.find("gtv,\"[6,28)\",") != std::string::npos);  // a label with a comma is quoted
}

TEST_CASE("nomogram export: Markdown has one table per term and the total-points table", "[nomogram][export]") {
  const std::string md = nm::points_table_markdown(fixture_nomogram());
  CHECK(count(md, "| value | points |") == 5);
  CHECK(count(md, "| total points | risk |") == 1);
  CHECK(md.find("**grp**") != std::string::npos);
}

TEST_CASE("nomogram export: JSON carries the rms scale in full precision", "[nomogram][export]") {
  const std::string json = nm::axes_json(fixture_nomogram());
  const auto scalars = nomo_test::read_values("nomogram_scalars.csv");
  std::smatch m;
  REQUIRE(std::regex_search(json, m, std::regex("\"points_per_unit\": ([-0-9.e+]+)")));
  CHECK_THAT(std::stod(m[1]), WithinAbs(scalars.at("points_per_unit"), 1e-9));
  REQUIRE(std::regex_search(json, m, std::regex("\"intercept\": ([-0-9.e+]+)")));
  CHECK_THAT(std::stod(m[1]), WithinAbs(scalars.at("intercept"), 1e-9));
  CHECK(count(json, "\"name\":") == 5);
  CHECK(json.find("{\"label\": \"[6,28)\", \"value\": null") != std::string::npos);
  CHECK(json.find("\"probability\": [{\"value\": 0.2") != std::string::npos);
}

TEST_CASE("nomogram svg: one ruler per axis in plot.nomogram order", "[nomogram][svg]") {
  const nm::nomogram n = fixture_nomogram();
  nm::svg_options options;
  options.term_labels = {{"gtv", "GTV (cc)"}};
  const std::string svg = nm::render_svg(n, options).str();
  CHECK(count(svg, "class=\"ruler\"") == 1 + 5 + 3);
  CHECK(svg.find("GTV (cc)") != std::string::npos);
  CHECK(svg.find(">Total Points<") != std::string::npos);
  CHECK(svg.find(">Linear Predictor<") != std::string::npos);
  options.linear_predictor_axis = false;
  CHECK(count(nm::render_svg(n, options).str(), "class=\"ruler\"") == 1 + 5 + 2);
}

TEST_CASE("nomogram svg: crowded labels alternate above and below the axis", "[nomogram][svg]") {
  const auto sides = nm::detail::staggered_sides({10, 14, 18, 200}, {"100", "110", "120", "130"}, 12);
  CHECK(sides[0] == nomo::io::ruler_side::above);
  CHECK(sides[1] == nomo::io::ruler_side::below);
  CHECK(sides[3] == nomo::io::ruler_side::above);
}

TEST_CASE("nomogram export and svg: bad options name the argument and the value", "[nomogram][bad-input]") {
  const nm::nomogram n = fixture_nomogram();
  nm::export_options bad_export;
  bad_export.decimals = -1;
  CHECK_THROWS_MATCHES(nm::points_table_csv(n, bad_export), nomo::invalid_input,
                       Catch::Matchers::Message("nomo::nomogram::export_options::validate: decimals = -1: must lie in [0, 12]"));
  CHECK_THROWS_AS(nm::points_table_markdown(n, bad_export), nomo::invalid_input);
  nm::svg_options bad_svg;
  bad_svg.width = 200;
  CHECK_THROWS_WITH(nm::render_svg(n, bad_svg), Catch::Contains("width = 200"));
  bad_svg.width = 780;
  bad_svg.row_height = 0;
  CHECK_THROWS_WITH(nm::render_svg(n, bad_svg), Catch::Contains("row_height = 0"));
  // An edited nomogram without total-points ticks was read past its end (an independent check).
  nm::nomogram no_ticks = n;
  no_ticks.total_points_ticks.clear();
  CHECK_THROWS_WITH(nm::render_svg(no_ticks), Catch::Contains("n.total_points_ticks.size() = 0"));
}
