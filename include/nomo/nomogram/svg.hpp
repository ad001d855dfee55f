#pragma once
// Drawing a nomogram in the layout of rms' plot.nomogram: a Points ruler on top, one axis per term,
// then Total Points, the Linear Predictor (optional) and the risk axis. The term axes share the
// 0..max_points scale of the Points ruler; the bottom axes share the 0..(last total-points tick)
// scale, drawn across the same width.

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/io/svg.hpp"
#include "nomo/nomogram/nomogram.hpp"

namespace nomo::nomogram {

/// How the nomogram figure looks.
struct svg_options {
  double width = 780;                       ///< px; 780 px fits an A4 page width at 96 dpi
  double row_height = 44;                   ///< px between two axes
  double font_size = 12;                    ///< px
  std::string font_family = "Helvetica, Arial, sans-serif";
  std::string title;                        ///< drawn above the Points ruler when not empty
  std::map<std::string, std::string> term_labels;  ///< term name → axis title with units, e.g. "GTV (cc)"
  std::string risk_label = "Risk";          ///< title of the probability axis
  bool linear_predictor_axis = true;        ///< rms lp = TRUE

  /// Throws invalid_input: non-positive sizes, a width too small for the labels.
  void validate() const {
    constexpr const char* fn = "nomogram::svg_options::validate";
    check_positive(fn, "width", width);
    check_positive(fn, "row_height", row_height);
    check_positive(fn, "font_size", font_size);
    if (width < 300) fail_input(fn, "width", width, "must be at least 300 px to fit labels and axes");
  }
};

namespace detail {

/// Puts each label above its tick unless it would overlap the previous label above; then below,
/// so that the crowded labels of a spline or many-level axis stay readable.
inline std::vector<io::ruler_side> staggered_sides(const std::vector<double>& px, const std::vector<std::string>& labels,
                                                   double font_size) {
  std::vector<std::size_t> order(px.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return px[a] < px[b]; });
  std::vector<io::ruler_side> sides(px.size(), io::ruler_side::above);
  double right_above = -1e300, right_below = -1e300;
  for (const std::size_t i : order) {
    const double half = io::text_width(labels[i], font_size) / 2 + 3;
    const double left = px[i] - half;
    const bool above = left >= right_above || (left < right_below && right_above <= right_below);
    if (above) {
      right_above = px[i] + half;
    } else {
      sides[i] = io::ruler_side::below;
      right_below = px[i] + half;
    }
  }
  return sides;
}

inline double label_column_width(const nomogram& n, const svg_options& options) {
  double widest = io::text_width("Linear Predictor", options.font_size);
  const auto fit = [&](const std::string& label) { widest = std::max(widest, io::text_width(label, options.font_size)); };
  fit(options.risk_label);
  for (const auto& axis : n.axes) {
    const auto label = options.term_labels.find(axis.name);
    fit(label == options.term_labels.end() ? axis.name : label->second);
  }
  return widest + 24;
}

inline double widest_tick_label(const nomogram& n, const svg_options& options) {
  double widest = 0;
  const auto fit = [&](const std::string& label) { widest = std::max(widest, io::text_width(label, options.font_size)); };
  for (const auto& axis : n.axes)
    for (const auto& label : axis.labels) fit(label);
  for (const auto& label : io::format_ticks(n.total_points_ticks)) fit(label);
  if (options.linear_predictor_axis) {
    for (const auto& label : io::format_ticks(n.linear_predictor.values)) fit(label);
  }
  for (const double v : n.probability.values) fit(model::r_number_text(v));
  return widest;
}

inline std::vector<double> midpoints(const std::vector<double>& ticks) {
  std::vector<double> mid;
  for (std::size_t k = 1; k < ticks.size(); ++k) mid.push_back((ticks[k - 1] + ticks[k]) / 2);
  return mid;
}

}  // namespace detail

/// Draws `n` as an SVG figure in plot.nomogram's layout; save it with figure::save() or take
/// figure::str(). Throws invalid_input for invalid options or a nomogram without total-points ticks.
inline io::figure render_svg(const nomogram& n, const svg_options& options = {}) {
  options.validate();
  if (n.total_points_ticks.empty()) {
    fail_input("nomogram::render_svg", "n.total_points_ticks.size()", 0, "a nomogram from build_nomogram() has them");
  }
  const double top_rows = 1.0 + static_cast<double>(n.axes.size());
  const double bottom_rows = 2.0 + (options.linear_predictor_axis ? 1.0 : 0.0);
  const double title_space = options.title.empty() ? 12 : 40;
  const double height = title_space + (top_rows + bottom_rows) * options.row_height + 8;
  io::figure_style style;
  style.font_size = options.font_size;
  style.font_family = options.font_family;
  io::figure fig(options.width, height, style);
  if (!options.title.empty()) {
    io::text_style heading;
    heading.anchor = io::text_anchor::middle;
    heading.bold = true;
    heading.size = options.font_size * 1.25;
    fig.text(options.width / 2, 24, options.title, heading);
  }
  // Tick labels are centred on their ticks, so the first and last may reach half their width
  // beyond the axis ends: keep that much room beside the titles and the right edge.
  const double overhang = detail::widest_tick_label(n, options) / 2 + 6;
  io::margins margin{detail::label_column_width(n, options) + overhang, overhang + 8, 0, 0};
  const auto add_rows_panel = [&](double first_row, double rows, double x_max) -> io::panel& {
    io::panel_options p;
    p.area = io::box{0, title_space + first_row * options.row_height, options.width, rows * options.row_height};
    p.x = {0, x_max};
    p.y = {0, rows};
    p.margin = margin;
    p.x_axis.visible = false;
    p.y_axis.visible = false;
    p.frame = false;
    return fig.add_panel(p);
  };
  const auto draw = [&](io::panel& panel, double y, const std::string& title, const std::vector<double>& positions,
                        const std::vector<std::string>& labels, const std::vector<double>& minor) {
    io::ruler_options r;
    r.title = title;
    r.y = y;
    r.positions = positions;
    r.labels = labels;
    r.minor_positions = minor;
    std::vector<double> px;
    for (const double p : positions) px.push_back(panel.x_px(p));
    r.sides = detail::staggered_sides(px, labels.empty() ? io::format_ticks(positions) : labels, options.font_size);
    panel.ruler(r);
  };

  io::panel& top = add_rows_panel(0, top_rows, n.max_points);
  const std::vector<double> point_ticks = pretty(0, n.max_points, 10);
  draw(top, top_rows - 0.6, "Points", point_ticks, {}, detail::midpoints(point_ticks));
  for (std::size_t j = 0; j < n.axes.size(); ++j) {
    const auto& axis = n.axes[j];
    const auto label = options.term_labels.find(axis.name);
    draw(top, top_rows - 1.6 - static_cast<double>(j), label == options.term_labels.end() ? axis.name : label->second,
         axis.points, axis.labels, {});
  }

  io::panel& bottom = add_rows_panel(top_rows, bottom_rows, n.total_points_ticks.back());
  double y = bottom_rows - 0.6;
  draw(bottom, y, "Total Points", n.total_points_ticks, {}, detail::midpoints(n.total_points_ticks));
  if (options.linear_predictor_axis) {
    y -= 1;
    draw(bottom, y, "Linear Predictor", n.linear_predictor.points, io::format_ticks(n.linear_predictor.values), {});
  }
  if (!n.probability.points.empty()) {
    std::vector<std::string> risk_labels;
    for (const double v : n.probability.values) risk_labels.push_back(model::r_number_text(v));
    draw(bottom, y - 1, options.risk_label, n.probability.points, risk_labels, {});
  }
  return fig;
}

}  // namespace nomo::nomogram
