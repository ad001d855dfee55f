// Structural tests of include/nomo/io/svg.hpp: pixel mapping (closed form), element counts,
// escaping, tick choice (R pretty), well-formed output, and bad input.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "invalid_input.hpp"
#include "nomo/io/svg.hpp"

namespace {

namespace io = nomo::io;
using nomo_test::require_invalid;

constexpr double missing = std::numeric_limits<double>::quiet_NaN();
constexpr double infinite = std::numeric_limits<double>::infinity();

std::size_t count(const std::string& text, const std::string& fragment) {
  std::size_t n = 0;
  for (auto at = text.find(fragment); at != std::string::npos; at = text.find(fragment, at + fragment.size())) ++n;
  return n;
}

/// The value of the first `attribute="..."` after the first occurrence of `anchor`.
std::string attribute_after(const std::string& svg, const std::string& anchor, const std::string& attribute) {
  const auto start = svg.find(anchor);
  REQUIRE(start != std::string::npos);
  const auto at = svg.find(" " + attribute + "=\"", start);
  REQUIRE(at != std::string::npos);
  const auto begin = at + attribute.size() + 3;
  return svg.substr(begin, svg.find('"', begin) - begin);
}

/// True when every element opened is closed in order (a minimal XML well-formedness check).
bool balanced(const std::string& svg) {
  std::vector<std::string> open;
  for (std::size_t at = svg.find('<'); at != std::string::npos; at = svg.find('<', at + 1)) {
    const auto end = svg.find('>', at);
    if (end == std::string::npos) return false;
    const std::string tag = svg.substr(at + 1, end - at - 1);
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    if (tag.back() == '/') continue;
    const std::string name = tag.substr(tag[0] == '/' ? 1 : 0, tag.find_first_of(" /", 1) - (tag[0] == '/' ? 1 : 0));
    if (tag[0] == '/') {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    } else {
      open.push_back(name);
    }
  }
  return open.empty();
}

/// A 400 × 300 figure with one panel whose plot area is x 50..390, y 20..270 px.
io::panel_options unit_panel() {
  io::panel_options options;
  options.x = {0, 10};
  options.y = {0, 1};
  options.margin = {50, 10, 20, 30};
  return options;
}

}  // namespace

TEST_CASE("panels map data to pixels linearly inside the margins", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  CHECK(p.plot_area().left == 50);
  CHECK(p.plot_area().top == 20);
  CHECK(p.plot_area().width == 340);
  CHECK(p.plot_area().height == 250);
  CHECK(p.x_px(0) == 50);
  CHECK(p.x_px(10) == 390);
  CHECK(p.x_px(2.5) == 135);
  CHECK(p.y_px(0) == 270);
  CHECK(p.y_px(1) == 20);
  CHECK(p.y_px(0.4) == 170);
}

TEST_CASE("figure cells tile the figure for multi-panel layouts", "[svg]") {
  io::figure fig(600, 400);
  const io::box b = fig.cell(2, 3, 1, 2);
  CHECK(b.left == 400);
  CHECK(b.top == 200);
  CHECK(b.width == 200);
  CHECK(b.height == 200);
  io::panel_options options;
  options.area = b;
  fig.add_panel(options);
  options.area = fig.cell(2, 3, 0, 0);
  fig.add_panel(options);
  CHECK(fig.panel_count() == 2);
  CHECK(fig.panel_at(0).plot_area().left == 400 + options.margin.left);
  const std::string svg = fig.str();
  CHECK(count(svg, "<clipPath id=\"nomo-clip-") == 2);
  CHECK(count(svg, "<g class=\"panel\">") == 2);
}

TEST_CASE("lines become polylines in pixels and break at NaN", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.line({0, 5, 10}, {0, 1, 0.4});
  std::string svg = fig.str();
  CHECK(attribute_after(svg, "class=\"line\"", "points") == "50,270 220,20 390,170");
  p.line({0, 1, 2, 3, 4}, {0.1, 0.2, missing, 0.3, 0.4});
  svg = fig.str();
  CHECK(count(svg, "class=\"line\"") == 3);
  CHECK(balanced(svg));
}

TEST_CASE("steps hold each value until the next x and extend to the end", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.step({0, 2, 5}, {1, 0.6, 0.2}, {}, "", 8.0);
  // (0,1) → (2,1) → (2,0.6) → (5,0.6) → (5,0.2) → (8,0.2)
  CHECK(attribute_after(fig.str(), "class=\"step\"", "points") == "50,20 118,20 118,120 220,120 220,220 322,220");
}

TEST_CASE("bands outline upper forwards and lower backwards", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.band({0, 10}, {0, 0.2}, {0.8, 1}, {"#0072B2", 0.25}, "CI");
  std::string svg = fig.str();
  CHECK(attribute_after(svg, "class=\"band\"", "points") == "50,70 390,20 390,220 50,270");
  CHECK(attribute_after(svg, "class=\"band\"", "fill-opacity") == "0.250");
  io::figure steps(400, 300);
  auto& q = steps.add_panel(unit_panel());
  q.band({0, 5}, {0.4, 0.2}, {1, 0.8}, {}, "", io::band_shape::step, 10.0);
  CHECK(attribute_after(steps.str(), "class=\"band\"", "points") ==
        "50,20 220,20 220,70 390,70 390,220 220,220 220,170 50,170");
}

TEST_CASE("markers skip missing points and draw each shape", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.markers({1, 2, 3}, {0.5, missing, 0.5});
  CHECK(count(fig.str(), "<circle class=\"marker\"") == 2);
  for (const auto shape : {io::marker_shape::square, io::marker_shape::triangle, io::marker_shape::diamond,
                           io::marker_shape::plus, io::marker_shape::cross}) {
    io::marker_style style;
    style.shape = shape;
    p.markers({5}, {0.5}, style);
  }
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"marker\"") == 7);
  CHECK(attribute_after(svg, "<circle class=\"marker\"", "cx") == "84");
  CHECK(balanced(svg));
}

TEST_CASE("reference lines, segments and error bars span the given data", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.hline(0.4);
  p.vline(2.5);
  p.abline(0, 0.1);
  p.error_bars({5}, {0.2}, {0.6}, {}, 10);
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"segment\"") == 3);
  CHECK(attribute_after(svg, "class=\"segment\"", "y1") == "170");
  CHECK(attribute_after(svg, "class=\"error-bar\"", "d") == "M220 220V120M215 220H225M215 120H225");
}

TEST_CASE("rugs mark each value on the bottom or top edge", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.rug({0, 5, missing, 10}, 6);
  p.rug({2.5}, 4, {}, true);
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"rug\"") == 2);
  CHECK(attribute_after(svg, "class=\"rug\"", "d") == "M50 270V264M220 270V264M390 270V264");
  CHECK(svg.find("d=\"M135 20V24\"") != std::string::npos);
}

TEST_CASE("text_width counts characters, not bytes", "[svg]") {
  CHECK(io::text_width("abcde", 10) == Approx(30));
  CHECK(io::text_width("1 \u2212 Sp", 10) == Approx(36));  // 6 characters; the minus sign is 3 bytes
  CHECK(io::text_width("", 12) == 0);
}

TEST_CASE("format_fixed writes a fixed number of decimals", "[svg]") {
  CHECK(io::format_fixed(0.123456, 3) == "0.123");
  CHECK(io::format_fixed(-0.0001, 2) == "0.00");
  CHECK(io::format_fixed(2.5, 0) == "2");  // round half to even, as R's formatC
  CHECK(io::format_fixed(1234.5, 1) == "1234.5");
}

TEST_CASE("text is escaped everywhere it appears", "[svg]") {
  CHECK(io::xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(io::xml_escape(std::string("bell\x07!")) == "bell!");
  // A Latin-1 label and the non-character U+FFFE made documents declared UTF-8 fail to parse (an
  // independent check): bytes that are not well-formed UTF-8 become U+FFFD; valid UTF-8 stays.
  CHECK(io::xml_escape("Gr\xF6\xDF" "e") == "Gr\xEF\xBF\xBD\xEF\xBF\xBD" "e");
  CHECK(io::xml_escape("x\xEF\xBF\xBEy") == "x\xEF\xBF\xBDy");
  CHECK(io::xml_escape("\xC0\xAF") == "\xEF\xBF\xBD");      // an overlong '/'
  CHECK(io::xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD");  // a surrogate
  CHECK(io::xml_escape("\x80\xBF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // stray continuation bytes
  CHECK(io::xml_escape("Größe ≥ 2 Gy \xF0\x9F\x93\x88") == "Größe ≥ 2 Gy \xF0\x9F\x93\x88");
  io::figure fig(400, 300);
  io::panel_options options = unit_panel();
  options.title = "AUC < 0.7 & \"poor\"";
  options.x_axis.title = "V<sub>30</sub>";
  auto& p = fig.add_panel(options);
  p.text(5, 0.5, "P < 0.05\nsecond line");
  p.line({0, 1}, {0, 1}, {}, "a & b");
  p.legend();
  const std::string svg = fig.str();
  CHECK(svg.find("AUC &lt; 0.7 &amp; &quot;poor&quot;") != std::string::npos);
  CHECK(svg.find("V&lt;sub&gt;30&lt;/sub&gt;") != std::string::npos);
  CHECK(svg.find("P &lt; 0.05</tspan>") != std::string::npos);
  CHECK(svg.find("a &amp; b") != std::string::npos);
  CHECK(count(svg, "<tspan") == 2);
  CHECK(balanced(svg));
}

TEST_CASE("axes show R pretty ticks inside the range with common decimals", "[svg]") {
  CHECK(io::format_ticks({0, 0.5, 1}) == std::vector<std::string>{"0.0", "0.5", "1.0"});
  CHECK(io::format_ticks({0, 5, 10}) == std::vector<std::string>{"0", "5", "10"});
  CHECK(io::format_ticks({-0.25, 0, 0.25}) == std::vector<std::string>{"-0.25", "0.00", "0.25"});
  CHECK(io::format_ticks({0.1 + 0.2}) == std::vector<std::string>{"0.3"});
  CHECK(io::format_ticks({1e-300}) == std::vector<std::string>{"1e-300"});
  // R's format() switches to scientific notation where it is narrower (an independent check found
  // "1000000" … and "0.000002" …): format(pretty(c(0, 5e6))), format(pretty(c(0, 1e-5))),
  // format(seq(0, 1e5, 2e4)), format(c(-1e6, 0, 1e6)); and stays fixed where it is not wider:
  // format(c(0, 2.5e6, 5e6)), format(seq(0, 10000, 2000)) (R pads to a common width; nomo does not).
  CHECK(io::format_ticks({0, 1e6, 2e6, 3e6, 4e6, 5e6}) ==
        std::vector<std::string>{"0e+00", "1e+06", "2e+06", "3e+06", "4e+06", "5e+06"});
  CHECK(io::format_ticks({0, 2e-6, 4e-6, 6e-6, 8e-6, 1e-5}) ==
        std::vector<std::string>{"0e+00", "2e-06", "4e-06", "6e-06", "8e-06", "1e-05"});
  CHECK(io::format_ticks({0, 2e4, 4e4, 6e4, 8e4, 1e5}) ==
        std::vector<std::string>{"0e+00", "2e+04", "4e+04", "6e+04", "8e+04", "1e+05"});
  CHECK(io::format_ticks({-1e6, 0, 1e6}) == std::vector<std::string>{"-1e+06", "0e+00", "1e+06"});
  CHECK(io::format_ticks({0, 2.5e6, 5e6}) == std::vector<std::string>{"0", "2500000", "5000000"});
  CHECK(io::format_ticks({0, 2000, 4000, 6000, 8000, 10000}) ==
        std::vector<std::string>{"0", "2000", "4000", "6000", "8000", "10000"});

  io::figure fig(400, 300);
  io::panel_options options = unit_panel();
  options.x = {0.05, 0.95};  // pretty(0.05, 0.95) = 0, 0.2, …, 1; the axis keeps those inside
  options.y_axis.ticks = {0, 0.5, 1};
  options.y_axis.tick_labels = {"none", "half", "all"};
  options.x_axis.grid = true;
  auto& p = fig.add_panel(options);
  CHECK(p.x_ticks() == std::vector<double>{0.2, 0.4, 0.6000000000000001, 0.8});
  CHECK(p.y_ticks() == std::vector<double>{0, 0.5, 1});
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"tick-label\"") == 7);
  CHECK(count(svg, "class=\"grid\"") == 4);
  CHECK(svg.find(">half</text>") != std::string::npos);
  CHECK(svg.find(">0.6</text>") != std::string::npos);
}

TEST_CASE("hidden axes and no frame leave only the data", "[svg]") {
  io::figure fig(400, 300);
  io::panel_options options = unit_panel();
  options.x_axis.visible = false;
  options.y_axis.visible = false;
  options.frame = false;
  fig.add_panel(options).line({0, 1}, {0, 1});
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"tick\"") == 0);
  CHECK(count(svg, "class=\"frame\"") == 0);
  CHECK(count(svg, "class=\"line\"") == 1);
}

TEST_CASE("legends list labelled elements in drawing order", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.band({0, 1}, {0, 0}, {1, 1}, {}, "band");
  p.line({0, 1}, {0, 1}, {}, "curve");
  p.line({0, 1}, {1, 0});  // unlabelled: no entry
  p.markers({1}, {1}, {}, "points");
  p.add_legend_entry({"combined", io::stroke_style{}, io::fill_style{}, std::nullopt});
  CHECK(p.legend_size() == 4);
  CHECK(fig.str().find("class=\"legend\"") == std::string::npos);  // not shown until asked
  p.legend({io::legend_position::bottom_left, "Model"});
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"legend-label\"") == 4);
  CHECK(count(svg, "class=\"legend-title\"") == 1);
  CHECK(svg.find(">band</text>") < svg.find(">curve</text>"));
  CHECK(svg.find(">curve</text>") < svg.find(">points</text>"));
}

TEST_CASE("rulers put labelled ticks at arbitrary positions for nomograms", "[svg]") {
  io::figure fig(400, 300);
  io::panel_options options = unit_panel();
  options.x = {0, 100};
  options.y = {0, 4};
  auto& p = fig.add_panel(options);
  io::ruler_options points;
  points.title = "Points";
  points.y = 4;
  points.positions = {0, 50, 100};
  points.minor_positions = {10, 20, 30, 40, 60, 70, 80, 90};
  p.ruler(points);
  io::ruler_options sex;
  sex.title = "Sex";
  sex.y = 2;
  sex.positions = {0, 37.5};
  sex.labels = {"female", "male"};
  sex.sides = {io::ruler_side::above, io::ruler_side::below};
  p.ruler(sex);
  const std::string svg = fig.str();
  CHECK(count(svg, "class=\"ruler\"") == 2);
  CHECK(count(svg, "class=\"ruler-tick\"") == 5);
  CHECK(count(svg, "class=\"ruler-minor\"") == 8);
  CHECK(svg.find(">male</text>") != std::string::npos);
  CHECK(svg.find(">100</text>") != std::string::npos);
  // The Sex ruler runs from x = 0 (50 px) to 37.5 (177.5 px) at y = 2 (145 px).
  const auto sex_at = svg.find(">Points</text>");
  const auto line_at = svg.find("class=\"ruler-line\"", sex_at);
  CHECK(svg.substr(line_at, 80).find("x1=\"50\" y1=\"145\" x2=\"177.5\" y2=\"145\"") != std::string::npos);
  // The title is right-aligned 10 px left of the plot area.
  CHECK(attribute_after(svg, "class=\"ruler-title\"", "x") == "40");
  CHECK(balanced(svg));
}

TEST_CASE("figures have the requested size, fonts and a background", "[svg]") {
  io::figure_style style;
  style.font_family = "DejaVu Sans";
  style.font_size = 14;
  io::figure fig(640.5, 480, style);
  fig.text(10, 20, "A", {18, "#333333", io::text_anchor::start, io::text_baseline::top, 0, true});
  const std::string svg = fig.str();
  CHECK(svg.find("width=\"640.5\" height=\"480\" viewBox=\"0 0 640.5 480\"") != std::string::npos);
  CHECK(svg.find("font-family=\"DejaVu Sans\" font-size=\"14\"") != std::string::npos);
  CHECK(count(svg, "class=\"background\"") == 1);
  CHECK(svg.find("font-weight=\"bold\"") != std::string::npos);
  CHECK(fig.width() == 640.5);
  CHECK(fig.height() == 480);
}

TEST_CASE("dash patterns and opacity reach the SVG attributes", "[svg]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  p.line({0, 1}, {0, 1}, {"#D55E00", 2, io::dash_pattern::dashed, 0.5});
  p.line({0, 1}, {0, 1}, {"#000000", 1, io::dash_pattern::dotted});
  p.line({0, 1}, {0, 1}, {"#000000", 1, io::dash_pattern::dot_dash});
  const std::string svg = fig.str();
  CHECK(svg.find("stroke=\"#D55E00\" stroke-width=\"2\" stroke-opacity=\"0.500\" stroke-dasharray=\"10 6\"") !=
        std::string::npos);
  CHECK(svg.find("stroke-dasharray=\"1 2\"") != std::string::npos);
  CHECK(svg.find("stroke-dasharray=\"1 2 5 2\"") != std::string::npos);
}

TEST_CASE("ranges pad, widen to pretty ticks and ignore missing values", "[svg]") {
  const io::range r = io::range_of({3, missing, -1, 7});
  CHECK(r.min == -1);
  CHECK(r.max == 7);
  const io::range padded = r.padded(0.04);
  CHECK(padded.min == Approx(-1.32));
  CHECK(padded.max == Approx(7.32));
  const io::range wide = io::range{0.07, 0.93}.to_pretty();
  CHECK(wide.min == 0);
  CHECK(wide.max == 1);
  const io::range single = io::range_of({2, 2});
  CHECK(single.min == 1.5);
  CHECK(single.max == 2.5);
}

TEST_CASE("save writes str() and names an unwritable path", "[svg]") {
  io::figure fig(100, 100);
  fig.add_panel({}).line({0, 1}, {0, 1});
  const std::string path = "nomo_svg_test_output.svg";
  fig.save(path);
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  CHECK(content.str() == fig.str());
  std::remove(path.c_str());
  require_invalid([&] { fig.save("/nonexistent-dir/figure.svg"); },
                  {"io::figure::save", "path = \"/nonexistent-dir/figure.svg\"", "cannot be opened"});
}

TEST_CASE("drawing functions reject bad input naming argument and value", "[svg][errors]") {
  io::figure fig(400, 300);
  auto& p = fig.add_panel(unit_panel());
  require_invalid([&] { p.line({0, 1}, {0}); }, {"io::panel::line", "y.size() = 1", "x.size() = 2"});
  require_invalid([&] { p.line({}, {}); }, {"io::panel::line", "x.size() = 0"});
  require_invalid([&] { p.line({0, infinite}, {0, 1}); }, {"io::panel::line", "x[1] = Inf"});
  require_invalid([&] { p.line({0, 1}, {0, 1}, {"", 1}); }, {"io::stroke_style::validate", "color = \"\""});
  require_invalid([&] { p.line({0, 1}, {0, 1}, {"red", -1}); }, {"io::stroke_style::validate", "width = -1"});
  require_invalid([&] { p.step({0, 2, 1}, {1, 1, 1}); }, {"io::panel::step", "x[2] = 1", "must not decrease"});
  require_invalid([&] { p.step({0, 2}, {1, 1}, {}, "", 1.0); }, {"io::panel::step", "extend_to = 1"});
  require_invalid([&] { p.band({0, 1}, {0, 1}, {1}); }, {"io::panel::band", "upper.size() = 1"});
  require_invalid([&] { p.band({0, 1}, {0, -infinite}, {1, 1}); }, {"io::panel::band", "lower[1] = -Inf"});
  require_invalid([&] { p.band({0, 1}, {0, 0}, {1, 1}, {"red", 1.5}); }, {"io::fill_style::validate", "opacity = 1.5"});
  require_invalid([&] { p.band({1, 0}, {0, 0}, {1, 1}, {}, "", io::band_shape::step); }, {"io::panel::band", "x[1] = 0"});
  require_invalid([&] { p.markers({0}, {0, 1}); }, {"io::panel::markers", "y.size() = 2"});
  require_invalid([&] { p.markers({0}, {0}, {io::marker_shape::circle, 0}); }, {"io::marker_style::validate", "size = 0"});
  require_invalid([&] { p.error_bars({0}, {0}, {1}, {}, -2); }, {"io::panel::error_bars", "cap_width = -2"});
  require_invalid([&] { p.error_bars({0}, {0, 1}, {1}); }, {"io::panel::error_bars", "lower.size() = 2"});
  require_invalid([&] { p.rug({}); }, {"io::panel::rug", "x.size() = 0"});
  require_invalid([&] { p.rug({1, infinite}); }, {"io::panel::rug", "x[1] = Inf"});
  require_invalid([&] { p.rug({1}, -1); }, {"io::panel::rug", "length = -1"});
  require_invalid([] { io::format_fixed(1, 18); }, {"io::format_fixed", "decimals = 18"});
  require_invalid([&] { p.segment(0, missing, 1, 1); }, {"io::panel::segment", "y0 = NaN"});
  require_invalid([&] { p.abline(0, infinite); }, {"io::panel::abline", "slope = Inf"});
  require_invalid([&] { p.hline(missing); }, {"io::panel::hline", "y = NaN"});
  require_invalid([&] { p.vline(infinite); }, {"io::panel::vline", "x = Inf"});
  require_invalid([&] { p.text(missing, 0, "a"); }, {"io::panel::text", "x = NaN"});
  require_invalid([&] { p.text(0, 0, "a", {-1}); }, {"io::text_style::validate", "size = -1"});
  require_invalid([&] { p.add_legend_entry({"", std::nullopt, std::nullopt, std::nullopt}); },
                  {"io::panel::add_legend_entry", "entry.label = \"\""});
  io::ruler_options ruler;
  require_invalid([&] { p.ruler(ruler); }, {"io::ruler_options::validate", "positions.size() = 0"});
  ruler.positions = {0, missing};
  require_invalid([&] { p.ruler(ruler); }, {"io::ruler_options::validate", "positions[1] = NaN"});
  ruler.positions = {0, 1};
  ruler.labels = {"a"};
  require_invalid([&] { p.ruler(ruler); }, {"io::ruler_options::validate", "labels.size() = 1"});
  ruler.labels.clear();
  ruler.sides = {io::ruler_side::above};
  require_invalid([&] { p.ruler(ruler); }, {"io::ruler_options::validate", "sides.size() = 1"});
  ruler.sides.clear();
  ruler.tick_length = -3;
  require_invalid([&] { p.ruler(ruler); }, {"io::ruler_options::validate", "tick_length = -3"});
}

TEST_CASE("figures, panels and ranges reject bad input naming argument and value", "[svg][errors]") {
  require_invalid([] { io::figure(0, 100); }, {"io::figure", "width = 0"});
  require_invalid([] { io::figure(100, missing); }, {"io::figure", "height = NaN"});
  io::figure_style style;
  style.font_size = -2;
  require_invalid([&] { io::figure(100, 100, style); }, {"io::figure_style::validate", "font_size = -2"});
  style = {};
  style.id_prefix = "a b";
  require_invalid([&] { io::figure(100, 100, style); }, {"io::figure_style::validate", "id_prefix = \"a b\""});
  style.id_prefix = "a)b#c";  // broke the url(#…) references
  require_invalid([&] { io::figure(100, 100, style); }, {"io::figure_style::validate", "id_prefix = \"a)b#c\""});

  io::figure fig(400, 300);
  io::panel_options options;
  options.x = {1, 1};
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "x.min = 1", "x.max = 1"});
  options.x = {0, 1};
  options.y = {0, missing};
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "y.max = NaN"});
  options.y = {0, 1};
  options.x_axis.tick_count = 0;
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "x_axis.tick_count = 0"});
  options.x_axis.tick_count = 2000000;  // accepted here, then refused by pretty() inside figure::save
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "x_axis.tick_count = 2000000"});
  options.x_axis = {};
  options.x = {-1e308, 1e308};  // finite ends whose width overflows: NaN pixels in the file
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "x.max = 1e+308", "overflows"});
  options.x = {0, 1};
  options.x_axis = {};
  options.y_axis.ticks = {0, 1};
  options.y_axis.tick_labels = {"a"};
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "y_axis.tick_labels.size() = 1"});
  options.y_axis = {};
  options.margin.left = -1;
  require_invalid([&] { fig.add_panel(options); }, {"io::panel_options::validate", "margin.left = -1"});
  options.margin = {300, 200, 10, 10};
  require_invalid([&] { fig.add_panel(options); }, {"io::figure::add_panel", "margin", "leaves no plot area"});
  options.margin = {};
  options.area = io::box{300, 0, 200, 300};
  require_invalid([&] { fig.add_panel(options); }, {"io::figure::add_panel", "area = \"300,0 200x300\"", "inside"});
  options.area = io::box{missing, 0, 200, 200};  // NaN passed the comparisons and reached the file
  require_invalid([&] { fig.add_panel(options); }, {"io::figure::add_panel", "area", "inside"});
  options.area = std::nullopt;
  require_invalid([&] { fig.cell(0, 1, 0, 0); }, {"io::figure::cell", "rows = 0"});
  require_invalid([&] { fig.cell(1, 2, 0, 2); }, {"io::figure::cell", "col = 2"});
  require_invalid([&] { fig.cell(1, 1, 0, -1); }, {"io::figure::cell", "col = -1"});
  require_invalid([&] { fig.cell(1, 1, 1, 0); }, {"io::figure::cell", "row = 1"});
  require_invalid([&] { fig.cell(1, 0, 0, 0); }, {"io::figure::cell", "cols = 0"});
  require_invalid([&] { fig.panel_at(3); }, {"io::figure::panel_at", "index = 3"});
  require_invalid([&] { fig.text(0, infinite, "x"); }, {"io::figure::text", "y = Inf"});
  require_invalid([] { io::range_of({missing}); }, {"io::range_of", "values.size() = 1"});
  require_invalid([] { io::range{0, 1}.padded(-0.1); }, {"io::range::padded", "fraction = -0.10000000000000001"});
  require_invalid([] { io::range{2, 1}.validate(); }, {"io::range::validate", "range.min = 2"});
}
