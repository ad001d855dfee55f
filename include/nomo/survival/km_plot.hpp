#pragma once
// Kaplan–Meier figure as clinical papers show it (the seed paper's Fig. 2; R: plot.survfit or
// survminer::ggsurvplot(risk.table = TRUE, conf.int = TRUE, pval = TRUE)): one step curve per group
// with its pointwise confidence band, censoring marks, the log-rank P, and the numbers at risk in a
// table under the time axis. Also the hazard-ratio curve of a Cox term (the paper's Fig. 3).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/io/svg.hpp"
#include "nomo/stats/describe.hpp"
#include "nomo/survival/cox.hpp"
#include "nomo/survival/kaplan_meier.hpp"
#include "nomo/survival/log_rank.hpp"

namespace nomo::survival {

/// Options of plot_kaplan_meier().
struct km_plot_options {
  double width = 720;                             ///< px
  double height = 540;                            ///< px, risk table included
  std::string title;                              ///< above the plot; none when empty
  std::string x_title = "Time";                   ///< put the unit here, e.g. "Months"
  std::string y_title = "Survival probability";
  std::vector<double> times;                      ///< x ticks and risk-table times; empty: pretty(0, last time)
  bool confidence_bands = true;
  bool censor_marks = true;
  bool risk_table = true;
  bool medians_in_legend = true;                  ///< "label (median 12.3)" in the legend
  bool cumulative_incidence = false;              ///< draw 1 − S rising from 0 (plot.survfit fun = "event")
  std::vector<std::string> colors;                ///< one per group; empty: io::palette()

  /// Throws invalid_input: a non-positive size, a non-finite or negative time, times not increasing,
  /// an empty colour.
  void validate() const {
    constexpr const char* fn = "survival::km_plot_options::validate";
    check_positive(fn, "width", width);
    check_positive(fn, "height", height);
    for (std::size_t i = 0; i < times.size(); ++i) {
      check_non_negative(fn, nomo::detail::element("times", i), times[i]);
      if (i > 0 && times[i] <= times[i - 1]) fail_input(fn, nomo::detail::element("times", i), times[i], "times must increase");
    }
    for (std::size_t i = 0; i < colors.size(); ++i) {
      if (colors[i].empty()) fail_input(fn, nomo::detail::element("colors", i), colors[i], "must name a colour");
    }
  }
};

namespace detail {

/// The curve as drawn: starting at (0, 1), S or 1 − S, limits swapped for 1 − S.
struct drawn_curve {
  std::vector<double> x, y, lower, upper;
  std::vector<double> censor_x, censor_y;
};

inline drawn_curve drawn(const survival_curve& c, bool incidence) {
  drawn_curve d{{0.0}, {1.0}, {1.0}, {1.0}, {}, {}};
  for (std::size_t k = 0; k < c.time.size(); ++k) {
    d.x.push_back(c.time[k]);
    d.y.push_back(c.survival[k]);
    d.lower.push_back(c.lower[k]);
    d.upper.push_back(c.upper[k]);
    if (c.n_censor[k] > 0) {
      d.censor_x.push_back(c.time[k]);
      d.censor_y.push_back(c.survival[k]);
    }
  }
  if (incidence) {
    for (auto* v : {&d.y, &d.censor_y}) {
      for (double& s : *v) s = 1 - s;
    }
    for (std::size_t i = 0; i < d.lower.size(); ++i) {
      const double lower = d.lower[i];
      d.lower[i] = 1 - d.upper[i];
      d.upper[i] = 1 - lower;
    }
  }
  return d;
}

inline std::string p_text(double p) {
  return p < 0.001 ? "Log-rank P < 0.001" : "Log-rank P = " + stats::format_fixed(p, 3);
}

/// Numbers at risk of every group at `times`, printed row by row under the plot area.
inline void draw_risk_table(io::figure& fig, const io::panel& p, const kaplan_meier_fit& fit,
                            const std::vector<double>& times, const std::vector<std::string>& colors, double top) {
  const double row_height = 18;
  io::text_style heading;
  heading.bold = true;
  fig.text(8, top, "Number at risk", heading);
  for (std::size_t g = 0; g < fit.curves.size(); ++g) {
    const double y = top + row_height * static_cast<double>(g + 1);
    io::text_style label;
    label.color = colors[g];
    label.anchor = io::text_anchor::end;
    fig.text(p.plot_area().left - 16, y, fit.curves[g].group, label);
    const auto at = survival_at(fit.curves[g], times);
    io::text_style cell;
    cell.anchor = io::text_anchor::middle;
    for (std::size_t k = 0; k < times.size(); ++k) fig.text(p.x_px(times[k]), y, std::to_string(at.n_risk[k]), cell);
  }
}

}  // namespace detail

/// The Kaplan–Meier figure of `fit` (every curve), with the log-rank P of `test` when given.
/// Returns the figure for the caller to save() or str().
/// Throws invalid_input: invalid options, fewer colours than curves.
inline io::figure plot_kaplan_meier(const kaplan_meier_fit& fit, const km_plot_options& options = {},
                                    const std::optional<log_rank_test>& test = std::nullopt) {
  constexpr const char* fn = "survival::plot_kaplan_meier";
  options.validate();
  const std::vector<std::string>& colors = options.colors.empty() ? io::palette() : options.colors;
  if (colors.size() < fit.curves.size()) {
    fail_input(fn, "options.colors.size()", colors.size(), "fewer colours than the " + std::to_string(fit.curves.size()) + " curves");
  }
  double last = 0;
  for (const auto& c : fit.curves) last = std::max(last, c.time.empty() ? 0.0 : c.time.back());
  const std::vector<double> times = options.times.empty() ? pretty(0, std::max(last, 1e-9)) : options.times;
  const double table_height = options.risk_table ? 18.0 * static_cast<double>(fit.curves.size() + 1) + 24 : 0;

  io::figure fig(options.width, options.height);
  io::panel_options po;
  po.x = {0, std::max(times.back(), last)};
  po.y = {0, 1};
  po.x_axis.title = options.x_title;
  po.x_axis.ticks = times;
  po.y_axis.title = options.cumulative_incidence ? "Cumulative incidence" : options.y_title;
  po.title = options.title;
  po.area = io::box{0, 0, options.width, options.height - table_height};
  // Room left of the axis for the risk table's group labels (about 0.6 em per character).
  std::size_t longest = 0;
  for (const auto& c : fit.curves) longest = std::max(longest, c.group.size());
  po.margin.left = options.risk_table ? std::max(72.0, 24 + 0.6 * 12 * static_cast<double>(longest)) : 72.0;
  io::panel& p = fig.add_panel(po);

  for (std::size_t g = 0; g < fit.curves.size(); ++g) {
    const auto& c = fit.curves[g];
    const auto d = detail::drawn(c, options.cumulative_incidence);
    if (options.confidence_bands) p.band(d.x, d.lower, d.upper, {colors[g], 0.15}, "", io::band_shape::step, d.x.back());
    std::string label = c.group;
    if (options.medians_in_legend) {
      label += c.median ? " (median " + stats::format_fixed(*c.median, 1) + ")" : " (median not reached)";
    }
    p.step(d.x, d.y, {colors[g], 2}, label, d.x.back());
    if (options.censor_marks && !d.censor_x.empty()) {
      p.markers(d.censor_x, d.censor_y, {io::marker_shape::plus, 7, colors[g], false, 1.2});
    }
  }
  // Rising incidence curves leave the top left and bottom right free; falling survival curves the
  // top right and bottom left.
  p.legend({options.cumulative_incidence ? io::legend_position::bottom_right : io::legend_position::top_right, ""});
  if (test) {
    io::text_style style;
    style.size = 13;
    const double y = options.cumulative_incidence ? 0.92 : 0.06;
    p.text(po.x.min + 0.03 * (po.x.max - po.x.min), y, detail::p_text(test->p_value), style);
  }
  if (options.risk_table) detail::draw_risk_table(fig, p, fit, times, colors, options.height - table_height + 14);
  return fig;
}

/// Options of plot_hazard_ratio_curve().
struct hr_plot_options {
  double width = 640;
  double height = 480;
  std::string title;
  std::string x_title;            ///< empty: the term's name
  std::string y_title = "Hazard ratio";
  std::string color = "#0072B2";

  /// Throws invalid_input: a non-positive size or an empty colour.
  void validate() const {
    check_positive("survival::hr_plot_options::validate", "width", width);
    check_positive("survival::hr_plot_options::validate", "height", height);
    if (color.empty()) fail_input("survival::hr_plot_options::validate", "color", color, "must name a colour");
  }
};

/// The hazard-ratio curve of a Cox term with its confidence band, a reference line at HR = 1 and
/// the reference value marked (the seed paper's Fig. 3; rms: plot(Predict(fit, x, ref.zero = TRUE,
/// fun = exp))). Throws invalid_input: invalid options, a curve with fewer than two points.
inline io::figure plot_hazard_ratio_curve(const hazard_ratio_curve& curve, const hr_plot_options& options = {}) {
  options.validate();
  if (curve.value.size() < 2) fail_input("survival::plot_hazard_ratio_curve", "curve.value.size()", curve.value.size(), "needs at least two points");
  io::figure fig(options.width, options.height);
  io::panel_options po;
  po.x = io::range_of(curve.value);
  std::vector<double> span = curve.lower;
  span.insert(span.end(), curve.upper.begin(), curve.upper.end());
  span.push_back(1.0);
  po.y = io::range_of(span).padded(0.04);
  po.x_axis.title = options.x_title.empty() ? curve.term : options.x_title;
  po.y_axis.title = options.y_title;
  po.title = options.title;
  io::panel& p = fig.add_panel(po);
  p.band(curve.value, curve.lower, curve.upper, {options.color, 0.2},
         stats::format_fixed(100 * curve.conf_level, 0) + "% CI");
  p.line(curve.value, curve.hr, {options.color, 2}, "Hazard ratio");
  p.hline(1, {"#555555", 1, io::dash_pattern::dashed});
  p.vline(curve.reference, {"#999999", 1, io::dash_pattern::dotted});
  p.legend();
  return fig;
}

}  // namespace nomo::survival
