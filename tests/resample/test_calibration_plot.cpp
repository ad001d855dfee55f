// resample/calibration_plot.hpp: the figure holds what rms' plot.calibrate shows.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nomo/resample/calibration_plot.hpp>

#include "invalid_input.hpp"

using nomo_test::require_invalid;

namespace {

nomo::resample::calibration_curve small_curve() {
  nomo::resample::calibration_curve c;
  c.predicted = {0.1, 0.3, 0.5, 0.7, 0.9};
  c.apparent = {0.12, 0.28, 0.52, 0.69, 0.88};
  c.corrected = {0.15, 0.3, 0.5, 0.66, 0.84};
  c.fitted = {0.1, 0.12, 0.5, 0.5, 0.9};
  c.errors.n = 5;
  c.errors.mean_absolute = 0.0414;
  c.errors.mean_squared = 0.00213;
  c.errors.quantile90 = 0.0612;
  c.replicates.total = 40;
  c.replicates.succeeded = 38;  // the subtitle gives the B asked for, as plot.calibrate does
  return c;
}

}  // namespace

TEST_CASE("calibration_figure draws the curves, the ideal line, spikes and the error summary") {
  const std::string svg = nomo::resample::calibration_figure(small_curve()).str();
  CHECK(svg.find("Apparent") != std::string::npos);
  CHECK(svg.find("Bias-corrected (MAE 0.041)") != std::string::npos);
  CHECK(svg.find("Ideal") != std::string::npos);
  CHECK(svg.find("Mean absolute error=0.041") != std::string::npos);
  CHECK(svg.find("Mean squared error=0.00213") != std::string::npos);
  CHECK(svg.find("0.9 Quantile of absolute error=0.061") != std::string::npos);
  CHECK(svg.find("B= 40 repetitions, boot") != std::string::npos);
  CHECK(svg.find("Predicted Pr{y=1}") != std::string::npos);
}

TEST_CASE("calibration_figure: bad input names the argument and value") {
  nomo::resample::calibration_plot_options bad;
  bad.histogram_bins = -2;
  require_invalid([&] { nomo::resample::calibration_figure(small_curve(), bad); }, "histogram_bins", "-2");
  nomo::resample::calibration_plot_options wide;
  wide.width = 0;
  require_invalid([&] { nomo::resample::calibration_figure(small_curve(), wide); }, "width", "0");
  require_invalid([&] { nomo::resample::calibration_figure(nomo::resample::calibration_curve{}); }, "curve.predicted.size()", "0");
  // A NaN prediction indexed outside the spike bins (an independent check, under _GLIBCXX_ASSERTIONS).
  auto nan_fitted = small_curve();
  nan_fitted.fitted.push_back(std::nan(""));
  require_invalid([&] { nomo::resample::calibration_figure(nan_fitted); },
                  "curve.fitted[" + std::to_string(nan_fitted.fitted.size() - 1) + "]", "NaN");
}
