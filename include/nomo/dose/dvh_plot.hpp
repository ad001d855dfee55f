#pragma once
// The cumulative DVH figure: one curve per structure, volume in % (or cc) against dose in Gy, an
// optional dashed prescription line, drawn with the io/svg.hpp primitives.
// No R function is mirrored (R users draw DVHs by hand with plot(type = "l")); the look follows
// the other nomo figures.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/dose/dvh.hpp"
#include "nomo/io/svg.hpp"

namespace nomo::dose {

/// One structure's curve in a DVH figure.
struct dvh_series {
  std::string label;  ///< legend text, e.g. "GTV"
  dvh_curve curve;    ///< cumulative curve, e.g. voxel_dvh::curve(dvh_kind::cumulative, 0.1)
};

/// Options of dvh_figure.
struct dvh_plot_options {
  double width_px = 720;                       ///< figure width
  double height_px = 480;                      ///< figure height
  bool relative_volume = true;                 ///< y in % of each structure's volume (default) or in cc
  std::string title;                           ///< drawn above the plot; empty: none
  std::optional<double> prescription_gy;       ///< a dashed vertical line at Rx when set
  std::optional<double> max_dose_gy;           ///< right end of the dose axis; unset: the largest dose with volume

  void validate() const {
    constexpr std::string_view function = "dose::dvh_plot_options::validate";
    check_positive(function, "width_px", width_px);
    check_positive(function, "height_px", height_px);
    if (prescription_gy) check_positive(function, "prescription_gy", *prescription_gy);
    if (max_dose_gy) check_positive(function, "max_dose_gy", *max_dose_gy);
  }
};

/// A cumulative DVH figure of `series` (colours from io::palette() in order), like the DVH panel of
/// a TPS or dicompyler's plot. Throws invalid_input for an empty `series`, a differential or
/// unknown-kind curve, or one that is not a cumulative DVH (fewer than 2 points, doses not
/// increasing from 0 up, volumes negative, not finite or increasing, an empty structure; named
/// `series[i].curve.dose_gy[k]` and so on), or invalid options. Save it with figure::save().
inline io::figure dvh_figure(const std::vector<dvh_series>& series, const dvh_plot_options& options = {}) {
  constexpr std::string_view function = "dose::dvh_figure";
  options.validate();
  if (series.empty()) fail_input(function, "series.size()", 0, "at least one curve is needed");
  double max_dose = 0, max_volume = 0;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const dvh_curve& c = series[i].curve;
    const std::string name = nomo::detail::element("series", i) + ".curve";
    check_enum(function, name + ".kind", c.kind, {dvh_kind::cumulative, dvh_kind::differential}, "dvh_kind",
               "cumulative or differential");
    if (c.kind != dvh_kind::cumulative) fail_input(function, name + ".kind", "differential", "a DVH figure needs cumulative curves");
    detail::check_cumulative_curve(function, name + ".", c.dose_gy, c.volume_cc);
    for (std::size_t k = 0; k < c.dose_gy.size(); ++k)
      if (c.volume_cc[k] > 0) max_dose = std::max(max_dose, c.dose_gy[std::min(k + 1, c.dose_gy.size() - 1)]);
    max_volume = std::max(max_volume, c.volume_cc.front());
  }
  io::panel_options panel;
  // Room right of the highest dose keeps the top-right legend off the curves; 5 % headroom keeps
  // the 100 % plateaus off the frame.
  panel.x = io::range{0.0, options.max_dose_gy.value_or(1.3 * max_dose)}.to_pretty();
  const io::range volume_range = options.relative_volume ? io::range{0.0, 100.0} : io::range{0.0, max_volume}.to_pretty();
  panel.y_axis.ticks = pretty(volume_range.min, volume_range.max);
  panel.y = {volume_range.min, volume_range.max * 1.05};
  panel.x_axis.title = "Dose (Gy)";
  panel.y_axis.title = options.relative_volume ? "Volume (%)" : "Volume (cc)";
  panel.x_axis.grid = panel.y_axis.grid = true;
  panel.title = options.title;
  io::figure figure(options.width_px, options.height_px);
  io::panel& p = figure.add_panel(panel);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const dvh_curve& c = series[i].curve;
    std::vector<double> volume = c.volume_cc;
    if (options.relative_volume)
      for (double& v : volume) v *= 100.0 / c.volume_cc.front();
    p.line(c.dose_gy, volume, {io::palette()[i % io::palette().size()], 2.0}, series[i].label);
  }
  if (options.prescription_gy) p.vline(*options.prescription_gy, {"#555555", 1.0, io::dash_pattern::dashed});
  p.legend({io::legend_position::top_right, ""});
  return figure;
}

}  // namespace nomo::dose
