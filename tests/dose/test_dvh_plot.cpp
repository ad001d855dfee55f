// The DVH figure: one labelled curve per structure, a prescription line, and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <utility>
#include <vector>

#include "dose_phantom.hpp"
#include "invalid_input.hpp"
#include "nomo/dose/dvh_plot.hpp"

using namespace nomo::dose;
using nomo_test::require_invalid;

namespace {
dvh_curve ramp_curve() {
  const grid_geometry g{{4, 1, 1}, {10, 10, 10}, {0, 0, 0}};  // 1 cc voxels
  return compute_voxel_dvh(dose_grid<double>(g, {10, 20, 30, 40}), mask(g, {1, 1, 1, 1})).curve(dvh_kind::cumulative, 1.0);
}
}  // namespace

TEST_CASE("dvh_figure draws one labelled curve per structure and the prescription line", "[dose][plot]") {
  dvh_plot_options options;
  options.prescription_gy = 27.0;
  options.title = "DVH";
  const std::string svg = dvh_figure({{"GTV", ramp_curve()}, {"PTV & ring", ramp_curve()}}, options).str();
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find(">GTV<") != std::string::npos);
  CHECK(svg.find(">PTV &amp; ring<") != std::string::npos);  // escaped
  CHECK(svg.find(">Dose (Gy)<") != std::string::npos);
  CHECK(svg.find(">Volume (%)<") != std::string::npos);
  CHECK(svg.find("<polyline") < svg.rfind("<polyline"));  // at least two curves
  options.relative_volume = false;
  CHECK(dvh_figure({{"GTV", ramp_curve()}}, options).str().find(">Volume (cc)<") != std::string::npos);
}

TEST_CASE("dvh_figure rejects bad input naming the argument", "[dose][plot][bad-input]") {
  require_invalid([] { dvh_figure({}); }, "series.size()", "0");
  dvh_curve differential = ramp_curve();
  differential.kind = dvh_kind::differential;
  require_invalid([&] { dvh_figure({{"a", ramp_curve()}, {"b", differential}}); }, "series[1].curve.kind", "\"differential\"");
  require_invalid([] { dvh_figure({{"a", dvh_curve{}}}); }, "series[0].curve.dose_gy.size()", "0");
  // Curves no DVH can be were drawn off the figure or broken (an independent check): a negative
  // volume, doses that fall, a NaN dose, an infinite volume.
  const auto curve = [](std::vector<double> dose, std::vector<double> volume) {
    return dvh_series{"a", dvh_curve{dvh_kind::cumulative, 1.0, std::move(dose), std::move(volume)}};
  };
  require_invalid([&] { dvh_figure({curve({0, 1, 2}, {1, -5, 0})}); }, "series[0].curve.volume_cc[1]", "-5");
  require_invalid([&] { dvh_figure({curve({5, 1, 0}, {1, 0.5, 0})}); }, "series[0].curve.dose_gy[1]", "1");
  require_invalid([&] { dvh_figure({curve({0, std::nan(""), 2}, {1, 0.5, 0})}); }, "series[0].curve.dose_gy[1]", "NaN");
  require_invalid([&] { dvh_figure({curve({0, 1}, {HUGE_VAL, 0})}); }, "series[0].curve.volume_cc[0]", "Inf");
  dvh_curve unknown = ramp_curve();
  unknown.kind = static_cast<dvh_kind>(7);
  CHECK_THROWS_WITH(dvh_figure({{"a", unknown}}),
                    Catch::Contains("nomo::dose::dvh_figure: series[0].curve.kind = 7: unknown dvh_kind"));
  dvh_plot_options options;
  options.prescription_gy = -1.0;
  require_invalid([&] { dvh_figure({{"a", ramp_curve()}}, options); }, "prescription_gy", "-1");
  options = {};
  options.width_px = 0;
  require_invalid([&] { options.validate(); }, "width_px", "0");
}
