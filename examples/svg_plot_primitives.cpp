// Draws a four-panel demonstration of nomo's SVG plot primitives (io/svg.hpp) into
// svg_plot_primitives.svg in the current folder: the building blocks of nomo's calibration,
// Kaplan–Meier, nomogram and OR figures, for users who want a figure of their own.
//
// Usage: example_svg_plot_primitives [output.svg]
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "nomo/core/numeric.hpp"
#include "nomo/io/svg.hpp"

namespace io = nomo::io;

namespace {

/// A: a smooth curve with its confidence band, the ideal line and a legend.
void draw_calibration_like(io::figure& fig) {
  io::panel_options options;
  options.area = fig.cell(2, 2, 0, 0);
  options.title = "Curve, band, reference line, rug";
  options.x_axis.title = "Predicted probability";
  options.y_axis.title = "Observed proportion";
  options.x_axis.grid = true;
  options.y_axis.grid = true;
  io::panel& p = fig.add_panel(options);
  const std::vector<double> x = nomo::seq_length(0.02, 0.98, 49);
  std::vector<double> y, lower, upper;
  for (const double v : x) {
    const double fitted = 1 / (1 + std::exp(-1.3 * std::log(v / (1 - v))));
    y.push_back(fitted);
    lower.push_back(std::max(0.0, fitted - 0.08));
    upper.push_back(std::min(1.0, fitted + 0.08));
  }
  p.band(x, lower, upper, {io::palette()[0], 0.2}, "95% band");
  p.line(x, y, {io::palette()[0], 2}, "apparent");
  p.abline(0, 1, {"#666666", 1, io::dash_pattern::dashed});
  std::vector<double> predictions;  // where the (made-up) predictions lie, as R rug() shows them
  for (int i = 1; i <= 60; ++i) predictions.push_back(0.5 + 0.45 * std::sin(i * 2.39996) * std::fabs(std::cos(i * 0.7)));
  p.rug(predictions);
  p.add_legend_entry({"ideal", io::stroke_style{"#666666", 1, io::dash_pattern::dashed}, std::nullopt, std::nullopt});
  p.legend({io::legend_position::top_left, ""});
}

/// B: two survival step functions with censoring marks and a step band.
void draw_survival_like(io::figure& fig) {
  io::panel_options options;
  options.area = fig.cell(2, 2, 0, 1);
  options.x = {0, 60};
  options.y = {0, 1.02};
  options.title = "Steps, step band, censor marks";
  options.x_axis.title = "Months";
  options.x_axis.ticks = {0, 12, 24, 36, 48, 60};
  options.y_axis.title = "Survival";
  io::panel& p = fig.add_panel(options);
  const std::vector<double> t{0, 5, 9, 14, 22, 30, 41, 50};
  const std::vector<double> s1{1, 0.95, 0.9, 0.84, 0.78, 0.71, 0.66, 0.6};
  const std::vector<double> s2{1, 0.88, 0.75, 0.64, 0.52, 0.45, 0.37, 0.33};
  std::vector<double> lo, hi;
  for (const double v : s2) {
    lo.push_back(std::max(0.0, v - 0.1));
    hi.push_back(std::min(1.0, v + 0.1));
  }
  p.band(t, lo, hi, {io::palette()[1], 0.15}, "", io::band_shape::step, 58.0);
  p.step(t, s1, {io::palette()[0], 2}, "low risk", 58.0);
  p.step(t, s2, {io::palette()[1], 2}, "high risk", 58.0);
  io::marker_style censor{io::marker_shape::plus, 8, io::palette()[0], false, 1.2};
  p.markers({17, 35, 55}, {0.84, 0.71, 0.6}, censor);
  p.legend({io::legend_position::bottom_left, "Group"});
}

/// C: nomogram rows as rulers on a panel without axes.
void draw_nomogram_like(io::figure& fig) {
  io::panel_options options;
  options.area = fig.cell(2, 2, 1, 0);
  options.x = {0, 100};
  options.y = {0, 5};
  options.margin.left = 90;
  options.margin.right = 24;
  options.x_axis.visible = false;
  options.y_axis.visible = false;
  options.frame = false;
  options.title = "Rulers (nomogram rows)";
  io::panel& p = fig.add_panel(options);
  io::ruler_options points;
  points.title = "Points";
  points.y = 4.6;
  points.positions = nomo::seq_length(0, 100, 11);
  points.minor_positions = nomo::seq_length(5, 95, 10);
  p.ruler(points);
  io::ruler_options gtv;
  gtv.title = "GTV (cc)";
  gtv.y = 3.4;
  gtv.positions = {0, 20, 40, 60, 80};
  gtv.labels = {"5", "10", "20", "40", "80"};
  p.ruler(gtv);
  io::ruler_options sex;
  sex.title = "Sex";
  sex.y = 2.2;
  sex.positions = {0, 31};
  sex.labels = {"female", "male"};
  sex.sides = {io::ruler_side::above, io::ruler_side::below};
  p.ruler(sex);
  io::ruler_options risk;
  risk.title = "Risk of RN";
  risk.y = 0.8;
  risk.positions = {8, 30, 47, 63, 85};
  risk.labels = {"0.05", "0.1", "0.2", "0.4", "0.7"};
  risk.side = io::ruler_side::below;
  p.ruler(risk);
}

/// D: points with error bars, a horizontal reference line and annotations.
void draw_odds_ratio_like(io::figure& fig) {
  io::panel_options options;
  options.area = fig.cell(2, 2, 1, 1);
  options.x = {0.5, 4.5};
  options.y = {0, 4};
  options.title = "Markers, error bars, text";
  options.x_axis.ticks = {1, 2, 3, 4};
  options.x_axis.tick_labels = {"<6 cc", "6-28", "28-50", ">50 cc"};
  options.x_axis.title = "GTV group";
  options.y_axis.title = "Odds ratio";
  io::panel& p = fig.add_panel(options);
  p.hline(1, {"#666666", 1, io::dash_pattern::dotted});
  p.error_bars({2, 3, 4}, {0.9, 1.4, 2.1}, {2.2, 3.1, 3.8}, {"#000000", 1.2}, 8);
  p.markers({1, 2, 3, 4}, {1, 1.4, 2.1, 2.9}, {io::marker_shape::square, 8, io::palette()[2]}, "estimate");
  io::text_style note;
  note.size = 11;
  p.text(0.6, 3.7, "P overall = 0.003\nP non-linear = 0.41", note);
  p.legend({io::legend_position::bottom_right, ""});
}

}  // namespace

int main(int argc, char** argv) {
  const std::string output = argc > 1 ? argv[1] : "svg_plot_primitives.svg";
  try {
    io::figure fig(960, 720);
    draw_calibration_like(fig);
    draw_survival_like(fig);
    draw_nomogram_like(fig);
    draw_odds_ratio_like(fig);
    fig.save(output);
    std::cout << "wrote " << output << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
