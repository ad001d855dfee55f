#pragma once
// The calibration figure of rms' plot.calibrate: ideal line, apparent and bias-corrected curves,
// the distribution of predictions (spike histogram along the top) and the error summary.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/io/svg.hpp"
#include "nomo/resample/calibrate.hpp"
#include "nomo/resample/report.hpp"

namespace nomo::resample {

/// Options of calibration_figure. Defaults follow rms' plot.calibrate labels.
struct calibration_plot_options {
  double width = 640;   ///< figure px
  double height = 600;  ///< figure px
  std::string title;    ///< above the plot; empty = none
  std::string x_label = "Predicted Pr{y=1}";
  std::string y_label = "Actual Probability";
  /// Bins of the spike histogram of predictions (rms scat1d draws one spike per distinct value;
  /// binning keeps the figure readable for large n). 0 = no histogram.
  int histogram_bins = 100;

  /// Throws invalid_input for a non-positive size or negative bins.
  void validate() const {
    constexpr const char* fn = "resample::calibration_plot_options::validate";
    check_positive(fn, "width", width);
    check_positive(fn, "height", height);
    if (histogram_bins < 0) fail_input(fn, "histogram_bins", histogram_bins, "must be non-negative");
  }
};

namespace detail {

/// Spikes hanging from the top of the panel, one per non-empty bin of predictions in [0, 1], the
/// tallest 8 % of the panel height (rms' histogram of predictions along the top axis).
inline void draw_prediction_spikes(io::panel& p, const std::vector<double>& fitted, int bins) {
  if (bins == 0 || fitted.empty()) return;
  std::vector<std::size_t> counts(static_cast<std::size_t>(bins), 0);
  for (double v : fitted) {
    const auto k = static_cast<std::size_t>(std::clamp(std::floor(v * bins), 0.0, static_cast<double>(bins - 1)));
    ++counts[k];
  }
  const double tallest = static_cast<double>(*std::max_element(counts.begin(), counts.end()));
  const double top = p.options().y.max, span = 0.08 * (p.options().y.max - p.options().y.min);
  const io::stroke_style spike{"#555555", 1.2};
  for (int k = 0; k < bins; ++k) {
    const auto c = static_cast<double>(counts[static_cast<std::size_t>(k)]);
    if (c == 0) continue;
    const double x = (k + 0.5) / bins;
    p.segment(x, top, x, top - span * c / tallest, spike);
  }
}

/// plot.calibrate's printed summary with the subtitle it puts on the plot, paste("B=", B,
/// "repetitions,", method): the B asked for, however many replicates succeeded.
inline std::string error_summary(const calibration_curve& c) {
  return calibration_error_summary(c) + "   B= " + std::to_string(c.replicates.total) + " repetitions, boot";
}

/// Font size (px) and height of the error summary: 12 px as plot.calibrate's text, smaller when its
/// longer line would not fit `width` px, so that it never runs off the figure.
struct summary_block {
  double font_size = 12;
  double height = 0;  ///< px taken by its two lines
};

inline summary_block summary_layout(const std::string& summary, double width) {
  const auto newline = summary.find('\n');
  const double widest = std::max(io::text_width(summary.substr(0, newline), 1.0), io::text_width(summary.substr(newline + 1), 1.0));
  summary_block block;
  block.font_size = std::min(block.font_size, width / widest);
  block.height = 2 * 1.2 * block.font_size;
  return block;
}

}  // namespace detail

/// Draws a calibration curve as rms `plot(calibrate(...))` does: x = predicted probability,
/// y = actual probability on [0, 1]; the ideal 45° line (dashed grey), the apparent curve (dotted),
/// the bias-corrected curve (solid), spikes showing where the predictions lie, and the printed
/// error summary (n, mean absolute error, mean squared error, 0.9 quantile, B).
/// Differences from rms: the prediction histogram is binned (options.histogram_bins), and the error
/// summary sits below the x-axis title instead of top left in the plot, where it could cross the
/// spikes or a curve of a model that underestimates risk.
/// Throws invalid_input for bad options, an empty curve or a fitted probability outside [0, 1].
inline io::figure calibration_figure(const calibration_curve& curve, const calibration_plot_options& options = {}) {
  constexpr const char* fn = "resample::calibration_figure";
  options.validate();
  if (curve.predicted.empty()) fail_input(fn, "curve.predicted.size()", 0, "the curve has no grid points");
  // The spikes bin the predictions: a NaN would index outside the bins.
  for (std::size_t i = 0; i < curve.fitted.size(); ++i) {
    check_in_range(fn, nomo::detail::element("curve.fitted", i), curve.fitted[i], 0.0, 1.0);
  }
  io::figure fig(options.width, options.height);
  io::panel_options po;
  po.x = {0, 1};
  po.y = {0, 1};
  po.title = options.title;
  po.x_axis.title = options.x_label;
  po.y_axis.title = options.y_label;
  po.x_axis.grid = true;
  po.y_axis.grid = true;
  const std::string summary = detail::error_summary(curve);
  const auto block = detail::summary_layout(summary, options.width - po.margin.left - po.margin.right);
  const double axis_margin = po.margin.bottom;  // tick labels and the x-axis title
  po.margin.bottom += block.height + 8;
  io::panel& p = fig.add_panel(po);
  p.abline(0, 1, {"#777777", 1.2, io::dash_pattern::dashed});
  detail::draw_prediction_spikes(p, curve.fitted, options.histogram_bins);
  p.line(curve.predicted, curve.apparent, {io::palette()[1], 2, io::dash_pattern::dotted}, "Apparent");
  p.line(curve.predicted, curve.corrected, {io::palette()[0], 2.5},
         "Bias-corrected (MAE " + io::format_fixed(curve.errors.mean_absolute, 3) + ")");
  p.add_legend_entry({"Ideal", io::stroke_style{"#777777", 1.2, io::dash_pattern::dashed}, std::nullopt, std::nullopt});
  // The legend sits bottom right, under the diagonal where calibration curves rarely go.
  p.legend({io::legend_position::bottom_right, ""});
  io::text_style note;
  note.size = block.font_size;
  fig.text(p.plot_area().left, p.plot_area().bottom() + axis_margin + block.font_size, summary, note);
  return fig;
}

}  // namespace nomo::resample
