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

inline std::string error_summary(const calibration_curve& c) {
  return "n=" + std::to_string(c.errors.n) + "   Mean absolute error=" + io::format_fixed(c.errors.mean_absolute, 3) +
         "   Mean squared error=" + io::format_fixed(c.errors.mean_squared, 5) + "\n0.9 Quantile of absolute error=" +
         io::format_fixed(c.errors.quantile90, 3) + "   B=" + std::to_string(c.replicates.succeeded) + " repetitions, boot";
}

}  // namespace detail

/// Draws a calibration curve as rms `plot(calibrate(...))` does: x = predicted probability,
/// y = actual probability on [0, 1]; the ideal 45° line (dashed grey), the apparent curve (dotted),
/// the bias-corrected curve (solid), spikes showing where the predictions lie, and the printed
/// error summary (n, mean absolute error, mean squared error, 0.9 quantile, B) top left.
/// Difference from rms: the prediction histogram is binned (options.histogram_bins).
/// Throws invalid_input for bad options or an empty curve.
inline io::figure calibration_figure(const calibration_curve& curve, const calibration_plot_options& options = {}) {
  constexpr const char* fn = "resample::calibration_figure";
  options.validate();
  if (curve.predicted.empty()) fail_input(fn, "curve.predicted.size()", 0, "the curve has no grid points");
  io::figure fig(options.width, options.height);
  io::panel_options po;
  po.x = {0, 1};
  po.y = {0, 1};
  po.title = options.title;
  po.x_axis.title = options.x_label;
  po.y_axis.title = options.y_label;
  po.x_axis.grid = true;
  po.y_axis.grid = true;
  io::panel& p = fig.add_panel(po);
  p.abline(0, 1, {"#777777", 1.2, io::dash_pattern::dashed});
  detail::draw_prediction_spikes(p, curve.fitted, options.histogram_bins);
  p.line(curve.predicted, curve.apparent, {io::palette()[1], 2, io::dash_pattern::dotted}, "Apparent");
  p.line(curve.predicted, curve.corrected, {io::palette()[0], 2.5},
         "Bias-corrected (MAE " + io::format_fixed(curve.errors.mean_absolute, 3) + ")");
  p.add_legend_entry({"Ideal", io::stroke_style{"#777777", 1.2, io::dash_pattern::dashed}, std::nullopt, std::nullopt});
  // The legend sits bottom right, under the diagonal where calibration curves rarely go; the error
  // summary top left, below the spikes.
  p.legend({io::legend_position::bottom_right, ""});
  io::text_style note;
  note.size = 12;
  p.text(0.02, 0.87, detail::error_summary(curve), note);
  return fig;
}

}  // namespace nomo::resample
