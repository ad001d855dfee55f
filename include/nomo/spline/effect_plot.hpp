#pragma once
// SVG figure of an odds-ratio curve (spline::odds_ratio_curve): the curve over its confidence band,
// the reference line OR = 1, the knots, a rug of the observed values and optional cut-offs — the
// figure rms users draw with plot(Predict(fit, x, ref.zero = TRUE, fun = exp)) plus rug() and
// abline(h = 1), as in the seed paper's spline figures.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/io/svg.hpp"
#include "nomo/spline/effect_curve.hpp"

namespace nomo::spline {

/// Options of odds_ratio_figure.
struct effect_plot_options {
  std::string variable;            ///< x-axis name; empty: the term's name
  std::string unit;                ///< appended as "variable (unit)", e.g. "cc", "Gy"
  std::string title;               ///< above the plot; empty: none
  std::vector<double> rug;         ///< observed values drawn as ticks along the x axis (NaN skipped)
  std::vector<double> cutoffs;     ///< vertical dashed lines, labelled with their value
  bool show_knots = true;          ///< dotted vertical lines at the knots (rcs terms)
  double width = 640, height = 440;  ///< px
  std::string color = "#0072B2";   ///< curve and band colour

  void validate() const {
    constexpr const char* fn = "spline::effect_plot_options::validate";
    check_positive(fn, "width", width);
    check_positive(fn, "height", height);
    check_all_finite(fn, "cutoffs", cutoffs);
    for (std::size_t i = 0; i < rug.size(); ++i) {
      if (std::isinf(rug[i])) fail_input(fn, nomo::detail::element("rug", i), rug[i], "must be finite or NaN (missing)");
    }
  }
};

namespace detail {

inline std::string axis_title(const effect_curve& curve, const effect_plot_options& options) {
  const std::string name = options.variable.empty() ? curve.term : options.variable;
  return options.unit.empty() ? name : name + " (" + options.unit + ")";
}

/// Short text of a value for labels: 2 decimals below 10, 1 below 100, else none.
inline std::string short_number(double v) {
  return io::detail::fixed_text(v, std::abs(v) >= 100 ? 0 : std::abs(v) >= 10 ? 1 : 2);
}

}  // namespace detail

/// The OR-curve figure of `curve`. The y axis runs from 0 to the band's pretty maximum (OR on a
/// linear scale, as rms plots it); the x axis spans the curve's grid. Save it with `.save(path)` or
/// take `.str()`.
/// Throws invalid_input: an empty curve, bad options.
inline io::figure odds_ratio_figure(const effect_curve& curve, const effect_plot_options& options = {}) {
  constexpr const char* fn = "spline::odds_ratio_figure";
  options.validate();
  if (curve.x.size() < 2) fail_input(fn, "curve.x.size()", curve.x.size(), "need at least 2 grid points to draw");
  io::figure fig(options.width, options.height);
  io::panel_options po;
  po.x = io::range_of(curve.x).to_pretty();
  std::vector<double> y_values = curve.upper;
  y_values.push_back(1.0);
  po.y = io::range{0.0, io::range_of(y_values).max}.to_pretty();
  po.x_axis.title = detail::axis_title(curve, options);
  po.y_axis.title = "Odds ratio (vs " + detail::short_number(curve.reference) + ")";
  po.title = options.title;
  po.margin.bottom = 56;
  io::panel& p = fig.add_panel(po);

  const io::fill_style band{options.color, 0.2};
  const io::stroke_style line{options.color, 2.0};
  p.band(curve.x, curve.lower, curve.upper, band, std::to_string(static_cast<int>(std::lround(curve.confidence_level * 100))) + "% CI");
  p.hline(1.0, {"#555555", 1.0, io::dash_pattern::dashed});
  if (options.show_knots) {
    for (const double k : curve.knots) p.vline(k, {"#999999", 1.0, io::dash_pattern::dotted});
    if (!curve.knots.empty()) p.add_legend_entry({"knots", io::stroke_style{"#999999", 1.0, io::dash_pattern::dotted}, {}, {}});
  }
  const double tick = 0.03 * (po.y.max - po.y.min);
  for (const double v : options.rug) {
    if (!std::isnan(v)) p.segment(v, po.y.min, v, po.y.min + tick, {"#333333", 0.8});
  }
  for (const double c : options.cutoffs) {
    p.vline(c, {"#D55E00", 1.5, io::dash_pattern::dashed});
    // Labelled in the top margin, where neither the legend nor the band can cover it.
    p.text(c, po.y.max + 0.02 * (po.y.max - po.y.min), detail::short_number(c), {0, "#D55E00", io::text_anchor::middle});
  }
  p.line(curve.x, curve.odds_ratio, line, "odds ratio");
  // The legend goes in the top corner where the band is lower, so that it hides no data.
  io::legend_options legend;
  legend.position = curve.upper.front() < curve.upper.back() ? io::legend_position::top_left : io::legend_position::top_right;
  p.legend(legend);
  return fig;
}

}  // namespace nomo::spline
