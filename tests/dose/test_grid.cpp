// Geometry, dose grids, masks and their set operations (exact counts on hand-built masks).
#include <catch2/catch.hpp>

#include "dose_phantom.hpp"
#include "invalid_input.hpp"
#include "nomo/dose/grid.hpp"

using namespace nomo::dose;
using nomo_test::require_invalid;

namespace {
const grid_geometry g3{{3, 2, 1}, {0.5, 2.0, 4.0}, {-1, 0, 10}};  // voxel 4 mm³ = 0.004 cc
}

TEST_CASE("geometry indexing, centres, volume and matching", "[dose][grid]") {
  CHECK(g3.voxel_count() == 6);
  CHECK(g3.voxel_volume_cc() == Approx(0.004));
  CHECK(g3.index(2, 1, 0) == 5);
  CHECK(g3.centre(0, 2) == 0.0);
  CHECK(g3.centre(1, 1) == 2.0);
  CHECK(g3.centre(2, 0) == 10.0);
  CHECK(g3.on_edge(0, 0, 0));
  CHECK(same_geometry(g3, g3));
  grid_geometry shifted = g3;
  shifted.origin[2] += 0.0005;  // within the 1e-3 mm export rounding
  CHECK(same_geometry(g3, shifted));
  shifted.origin[2] += 0.01;
  CHECK_FALSE(same_geometry(g3, shifted));
  // Spacings 1.0 and 1.0009 mm over 1000 voxels put the last centres 0.9 mm apart: not the same
  // lattice, though each spacing differs by less than 1e-3 mm (an independent check found them
  // accepted). Spacings 0.0001 and 0.0009 mm differ 9x.
  grid_geometry long_axis{{1000, 1, 1}, {1.0, 1.0, 1.0}, {0, 0, 0}};
  grid_geometry drifting = long_axis;
  drifting.spacing[0] = 1.0009;
  CHECK_FALSE(same_geometry(long_axis, drifting));
  drifting.spacing[0] = 1.0 + 5e-7;  // 0.0005 mm over the 999 steps: export rounding
  CHECK(same_geometry(long_axis, drifting));
  grid_geometry fine{{1, 1, 1}, {0.0001, 1, 1}, {0, 0, 0}};
  grid_geometry coarse = fine;
  coarse.spacing[0] = 0.0009;
  CHECK_FALSE(same_geometry(fine, coarse));
}

TEMPLATE_TEST_CASE("dose grids hold checked doses; make_dose_grid samples voxel centres", "[dose][grid]", float, double) {
  const dose_grid<TestType> d = make_dose_grid<TestType>(g3, [](double x, double y, double z) { return x + 2 + y + z; });
  CHECK(d(0, 0, 0) == Approx(11));
  CHECK(d(2, 1, 0) == Approx(14));
  CHECK(d.size() == 6);
}

TEST_CASE("binary and fractional masks and their set operations", "[dose][grid]") {
  const mask a(g3, {1, 1, 1, 0, 0, 0}), b(g3, {0, 1, 1, 1, 0, 0});
  CHECK(a.volume_cc() == Approx(0.012));
  CHECK(mask_union(a, b).inside() == std::vector<std::uint8_t>{1, 1, 1, 1, 0, 0});
  CHECK(mask_intersection(a, b).inside() == std::vector<std::uint8_t>{0, 1, 1, 0, 0, 0});
  CHECK(mask_difference(a, b).inside() == std::vector<std::uint8_t>{1, 0, 0, 0, 0, 0});
  const mask f = mask::fractional(g3, {0.5f, 1.0f, 0.25f, 0.0f, 0.0f, 0.75f});
  CHECK(f.is_fractional());
  CHECK(f.volume_cc() == Approx(2.5 * 0.004));
  CHECK(f.voxel_count() == 4);
  const mask u = mask_union(a, f), i = mask_intersection(a, f), d = mask_difference(f, a);
  CHECK(u.occupancy() == std::vector<float>{1, 1, 1, 0, 0, 0.75f});
  CHECK(i.occupancy() == std::vector<float>{0.5f, 1, 0.25f, 0, 0, 0});
  CHECK(d.occupancy() == std::vector<float>{0, 0, 0, 0, 0, 0.75f});
  // x centres are −1, −0.5, 0 mm
  const mask centre = make_mask(g3, [](double x, double, double) { return x < -0.25; });
  CHECK(centre.inside() == std::vector<std::uint8_t>{1, 1, 0, 1, 1, 0});
}

TEST_CASE("grids and masks reject bad input naming the argument and value", "[dose][grid][bad-input]") {
  require_invalid([] { grid_geometry{{2, 2, 2}, {1, 0, 1}, {0, 0, 0}}.validate(); }, "geometry.y spacing", "0");
  require_invalid([] { grid_geometry{{2, 2, 2}, {1, 1, -2}, {0, 0, 0}}.validate(); }, "geometry.z spacing", "-2");
  require_invalid([] { grid_geometry{{0, 2, 2}, {1, 1, 1}, {0, 0, 0}}.validate(); }, "geometry.x size", "0");
  // (2^63 + 1)² wraps to 1 voxel: a grid of one dose value would pass for an enormous one.
  constexpr std::size_t huge = (std::size_t{1} << 63) + 1;
  require_invalid([] { grid_geometry{{huge, huge, 1}, {1, 1, 1}, {0, 0, 0}}.validate(); }, "geometry.y size",
                  std::to_string(huge));
  require_invalid([] { dose_grid<double>(grid_geometry{{huge, huge, 1}, {1, 1, 1}, {0, 0, 0}}, {1.0}); },
                  "geometry.y size", std::to_string(huge));
  require_invalid([] { grid_geometry{{1, 1, 1}, {1, 1, 1}, {0, std::nan(""), 0}}.validate(); }, "geometry.y origin", "NaN");
  // Volumes are sums of voxel volumes in cc: one of 0 cc (1 × 1e-160 × 1e-200 mm³ underflows) or a grid of
  // 10^6 voxels of 1e306 / 1000 cc (beyond 1.8e308 cc) cannot be reported.
  require_invalid([] { grid_geometry{{1, 1, 1}, {1, 1e-160, 1e-200}, {0, 0, 0}}.validate(); }, "geometry.spacing",
                  "1x9.9999999999999999e-161x9.9999999999999998e-201 mm");
  require_invalid([] { grid_geometry{{1000000, 1, 1}, {1e102, 1e102, 1e102}, {0, 0, 0}}.validate(); },
                  {"geometry.spacing = 9.9999999999999998e+101x9.9999999999999998e+101x9.9999999999999998e+101 mm", "1000000 voxels", "overflows double"});
  CHECK_NOTHROW(grid_geometry{{1000, 1, 1}, {1e102, 1e102, 1e102}, {0, 0, 0}}.validate());
  require_invalid([] { dose_grid<double>(g3, {1, 2, 3, -0.5, 5, 6}); }, "dose[3]", "-0.5");
  require_invalid([] { dose_grid<float>(g3, {1, 2, 3, 4, std::nanf(""), 6}); }, "dose[4]", "NaN");
  require_invalid([] { dose_grid<double>(g3, {1, 2, 3}); }, "dose.size()", "3");
  require_invalid([] { dose_grid<double>(grid_geometry{{1, 1, 1}, {0, 1, 1}, {0, 0, 0}}, {1}); }, "geometry.x spacing", "0");
  require_invalid([] { make_dose_grid<double>(grid_geometry{{1, 1, 1}, {1, 1, 0}, {0, 0, 0}}, [](double, double, double) { return 1.0; }); },
                  "geometry.z spacing", "0");
  require_invalid([] { mask(g3, {0, 1, 2, 0, 0, 0}); }, "inside[2]", "2");
  require_invalid([] { mask(g3, {0, 1}); }, "inside.size()", "2");
  require_invalid([] { mask::fractional(g3, {0, 1.5f, 0, 0, 0, 0}); }, "occupancy[1]", "1.5");
  require_invalid([] { mask::fractional(g3, {0, 1}); }, "occupancy.size()", "2");
  require_invalid([] { make_mask(grid_geometry{{1, 1, 1}, {-1, 1, 1}, {0, 0, 0}}, [](double, double, double) { return true; }); },
                  "geometry.x spacing", "-1");
  const grid_geometry other{{3, 2, 1}, {0.5, 2.0, 4.0}, {-1, 0, 12}};
  const mask a(g3, std::vector<std::uint8_t>(6, 1)), b(other, std::vector<std::uint8_t>(6, 1));
  for (auto op : {mask_union, mask_intersection, mask_difference}) {
    try {
      op(a, b);
      FAIL("mismatched geometries accepted");
    } catch (const nomo::invalid_input& e) {
      CHECK(e.argument() == "b.geometry()");
      CHECK(std::string(e.what()).find("origin -1x0x12 mm") != std::string::npos);
      CHECK(std::string(e.what()).find("a.geometry() = ") != std::string::npos);
    }
  }
  require_invalid([&] { check_not_empty("f", "gtv", mask(g3, std::vector<std::uint8_t>(6, 0))); }, "gtv.volume_cc()", "0");
}
