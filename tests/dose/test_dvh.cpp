// Exact voxel DVHs: hand-built arrays pin the conventions of dose-spec §6.2, the analytic spheres
// of §4.1–4.3 check the statistics with tolerances from §4.7–4.8, and tabulated DVHs are read by
// linear interpolation.
#include <catch2/catch.hpp>

#include <cmath>

#include "dose_phantom.hpp"
#include "invalid_input.hpp"
#include "nomo/dose/dvh.hpp"

using namespace nomo::dose;
using nomo_test::require_invalid;
using dose_test::truth;

namespace {

// Ten 1 mm³ voxels (0.001 cc each) with doses 1..10 Gy.
const grid_geometry line10{{10, 1, 1}, {1, 1, 1}, {0, 0, 0}};
dose_grid<double> ramp() { return dose_grid<double>(line10, {3, 1, 4, 10, 5, 9, 2, 6, 8, 7}); }
mask all10() { return mask(line10, std::vector<std::uint8_t>(10, 1)); }

}  // namespace

TEST_CASE("nearest-rank D(x%), V(x Gy) with >= and extrema on hand-built doses", "[dose][dvh]") {
  const voxel_dvh h = compute_voxel_dvh(ramp(), all10());
  CHECK(h.volume_cc() == Approx(0.010).epsilon(1e-14));
  CHECK(h.mean_gy() == Approx(5.5).epsilon(1e-14));
  CHECK(h.max_gy() == 10);
  CHECK(h.min_gy() == 1);
  CHECK(h.dose_at_percent(0) == 10);    // D0 % = Dmax
  CHECK(h.dose_at_percent(10) == 10);   // k = ⌈0.1·10⌉ = 1
  CHECK(h.dose_at_percent(20) == 9);    // k = 2 exactly, not 3 (rank tolerance)
  CHECK(h.dose_at_percent(50) == 6);    // k = 5
  CHECK(h.dose_at_percent(51) == 5);    // k = ⌈5.1⌉ = 6
  CHECK(h.dose_at_percent(98) == 1);    // k = ⌈9.8⌉ = 10
  CHECK(h.dose_at_percent(100) == 1);   // D100 % = Dmin
  CHECK(h.dose_at_cc(0.003) == 8);      // hottest 3 voxels
  CHECK(h.volume_cc_at_dose(5) == Approx(0.006).epsilon(1e-14));  // D ≥ 5: six voxels
  CHECK(h.volume_percent_at_dose(5) == Approx(60).epsilon(1e-14));
  CHECK(h.volume_percent_at_dose(5.5) == Approx(50).epsilon(1e-14));
  CHECK(h.volume_percent_at_dose(10.5) == 0);
  CHECK(h.volume_percent_at_dose(0) == 100);
  // V(x) % + V(D < x) % = 100
  CHECK(h.volume_percent_at_dose(7) + 100.0 * 6 / 10 == Approx(100));
  const structure_statistics s = h.statistics();
  CHECK(s.d2_gy == 10);
  CHECK(s.d50_gy == 6);
  CHECK(s.d98_gy == 1);
}

TEST_CASE("interpolated D(x%) runs through voxel mid-points", "[dose][dvh]") {
  const voxel_dvh h = compute_voxel_dvh(ramp(), all10());
  // voxel k (1-based, descending dose 11 − k) sits at (k − 0.5)/10 of the volume
  CHECK(h.dose_at_percent(50, dose_rank_rule::interpolated) == Approx(5.5).epsilon(1e-14));
  CHECK(h.dose_at_percent(25, dose_rank_rule::interpolated) == Approx(8.0).epsilon(1e-14));
  CHECK(h.dose_at_percent(2, dose_rank_rule::interpolated) == 10);
  CHECK(h.dose_at_percent(98, dose_rank_rule::interpolated) == 1);
}

TEST_CASE("ties, partial masks and fractional occupancy", "[dose][dvh]") {
  const grid_geometry g{{4, 1, 1}, {2, 1, 1}, {0, 0, 0}};  // 0.002 cc voxels
  const dose_grid<float> dose(g, {5, 5, 5, 1});
  const voxel_dvh tied = compute_voxel_dvh(dose, mask(g, {1, 1, 1, 1}));
  CHECK(tied.volume_percent_at_dose(5) == Approx(75));
  CHECK(tied.dose_at_percent(75) == 5);
  CHECK(tied.dose_at_percent(76) == 1);
  const voxel_dvh part = compute_voxel_dvh(dose, mask(g, {0, 0, 1, 1}));
  CHECK(part.volume_cc() == Approx(0.004));
  CHECK(part.mean_gy() == Approx(3));

  const dose_grid<double> d3(g, {3, 2, 1, 0});
  const mask fractional = mask::fractional(g, {1.0f, 0.5f, 0.5f, 0.0f});
  const voxel_dvh w = compute_voxel_dvh(d3, fractional);
  CHECK(w.volume_cc() == Approx(0.004));            // (1 + 0.5 + 0.5) · 0.002
  CHECK(w.mean_gy() == Approx((3 + 1 + 0.5) / 2));  // Σ w D / Σ w
  CHECK(w.dose_at_percent(50) == 3);                // cumulative weight reaches 1 at the first voxel
  CHECK(w.dose_at_percent(60) == 2);
  CHECK(w.min_gy() == 1);                           // the zero-occupancy voxel is not in the structure
}

TEST_CASE("cumulative and differential curves tabulate exact voxel volumes", "[dose][dvh]") {
  const voxel_dvh h = compute_voxel_dvh(ramp(), all10());
  const dvh_curve c = h.curve(dvh_kind::cumulative, 1.0);
  REQUIRE(c.dose_gy.size() == 12);  // 0, 1, …, 11 Gy: the last point is above Dmax
  CHECK(c.volume_cc[0] == Approx(0.010));
  CHECK(c.volume_cc[1] == Approx(0.010));
  CHECK(c.volume_cc[2] == Approx(0.009));
  CHECK(c.volume_cc[10] == Approx(0.001));
  CHECK(c.volume_cc[11] == 0);
  const dvh_curve d = h.curve(dvh_kind::differential, 1.0);
  REQUIRE(d.dose_gy.size() == 11);
  CHECK(d.volume_cc[0] == 0);  // [0, 1) Gy
  for (std::size_t k = 1; k <= 10; ++k) CHECK(d.volume_cc[k] == Approx(0.001));
}

TEST_CASE("curves tabulate at the decimal doses their bin width names", "[dose][dvh]") {
  // Four voxels at exactly 2.4 Gy, curves of 0.1 Gy: 24 · 0.1 is 2.4000000000000004 in double, and
  // tabulating there left V(≥ 2.4 Gy) = 0 and put the voxels in the bin [2.3, 2.4) (an independent
  // check). The point is 2.4, where all 0.004 cc lie, and the bin [2.4, 2.5) holds them.
  const grid_geometry four{{4, 1, 1}, {1, 1, 1}, {0, 0, 0}};
  const voxel_dvh h = compute_voxel_dvh(dose_grid<double>(four, std::vector<double>(4, 2.4)),
                                        mask(four, std::vector<std::uint8_t>(4, 1)));
  const dvh_curve c = h.curve(dvh_kind::cumulative, 0.1);
  REQUIRE(c.dose_gy.size() == 26);  // 0, 0.1, …, 2.5: the last point is above Dmax
  CHECK(c.dose_gy[24] == 2.4);
  CHECK(c.volume_cc[24] == Approx(0.004));
  CHECK(c.volume_cc[25] == 0);
  const dvh_curve d = h.curve(dvh_kind::differential, 0.1);
  REQUIRE(d.dose_gy.size() == 25);
  CHECK(d.dose_gy[24] == 2.4);
  CHECK(d.volume_cc[24] == Approx(0.004));  // [2.4, 2.5)
  CHECK(d.volume_cc[23] == 0);              // [2.3, 2.4)
}

TEST_CASE("tabulated DVHs interpolate linearly, never at the nearest bin", "[dose][dvh]") {
  // Differential: 2 cc in [1, 2) Gy and 2 cc in [2, 3) Gy → cumulative 4, 4, 2, 0 at 0, 1, 2, 3 Gy.
  const tabulated_dvh t = tabulated_dvh::from_differential({0, 1, 2, 3}, {0, 2, 2});
  CHECK(t.volume_cc() == 4);
  CHECK(t.mean_gy() == Approx(2.0));          // bin centres 1.5 and 2.5, equal volumes
  CHECK(t.volume_cc_at_dose(1.5) == Approx(3.0));
  CHECK(t.volume_percent_at_dose(2.5) == Approx(25.0));
  CHECK(t.dose_at_percent(50) == Approx(2.0));
  CHECK(t.dose_at_percent(25) == Approx(2.5));
  CHECK(t.dose_at_percent(100) == Approx(1.0));  // minimum: the right end of the 4 cc plateau
  CHECK(t.dose_at_percent(0) == Approx(3.0));    // maximum: where the curve reaches 0 cc
  CHECK(t.dose_at_cc(1.0) == Approx(2.5));
  CHECK(t.max_bin_width_gy() == 1.0);
  CHECK(t.volume_cc_at_dose(10) == 0);

  // The cone of dose-spec §4.1 tabulated every 0.25 Gy from its closed-form V(x): linear
  // interpolation of a curve that is cubic in (D0 − x) errs by far less than a bin.
  const double d0 = 30, g = 0.5, r = 10;
  std::vector<double> x, v;
  for (double dose = 0; dose <= d0 + 1e-9; dose += 0.25) {
    const double radius = std::min(std::max((d0 - dose) / g, 0.0), r);
    x.push_back(dose);
    v.push_back(4.0 / 3.0 * M_PI * radius * radius * radius / 1000.0);
  }
  const tabulated_dvh cone = tabulated_dvh::from_cumulative(x, v);
  CHECK(cone.volume_cc() == Approx(truth("cone_volume_cc")).epsilon(1e-12));
  CHECK(cone.dose_at_percent(50) == Approx(truth("cone_d50")).margin(0.01));
  CHECK(cone.dose_at_percent(98) == Approx(truth("cone_d98")).margin(0.01));
  CHECK(cone.dose_at_percent(2) == Approx(truth("cone_d2")).margin(0.05));  // steepest part of the cubic
  CHECK(cone.dose_at_cc(1.0) == Approx(truth("cone_d1cc")).margin(0.01));
  CHECK(cone.volume_percent_at_dose(28) == Approx(truth("cone_v28_percent")).margin(0.05));
  CHECK(cone.mean_gy() == Approx(truth("cone_dmean")).margin(0.01));
}

TEST_CASE("DVH functions reject bad input naming the argument", "[dose][dvh][bad-input]") {
  const voxel_dvh h = compute_voxel_dvh(ramp(), all10());
  require_invalid([&] { h.dose_at_percent(101); }, "percent", "101");
  require_invalid([&] { h.dose_at_percent(-1); }, "percent", "-1");
  require_invalid([&] { h.dose_at_cc(0.5); }, "volume_cc", "0.5");
  require_invalid([&] { h.volume_cc_at_dose(std::nan("")); }, "dose_gy", "NaN");
  require_invalid([&] { h.volume_percent_at_dose(-1); }, "dose_gy", "-1");
  require_invalid([&] { h.curve(dvh_kind::cumulative, 0.0); }, "bin_width_gy", "0");
  // Unknown enums were read as interpolated and differential.
  CHECK_THROWS_WITH(h.dose_at_percent(50, static_cast<dose_rank_rule>(7)),
                    Catch::Contains("nomo::dose::voxel_dvh::dose_at_percent: rule = 7: unknown dose_rank_rule"));
  CHECK_THROWS_WITH(h.dose_at_cc(0, static_cast<dose_rank_rule>(7)),
                    Catch::Contains("nomo::dose::voxel_dvh::dose_at_cc: rule = 7: unknown dose_rank_rule"));
  CHECK_THROWS_WITH(h.statistics(static_cast<dose_rank_rule>(7)),
                    Catch::Contains("nomo::dose::voxel_dvh::statistics: rule = 7: unknown dose_rank_rule"));
  CHECK_THROWS_WITH(h.curve(static_cast<dvh_kind>(7), 1.0),
                    Catch::Contains("nomo::dose::voxel_dvh::curve: kind = 7: unknown dvh_kind"));
  require_invalid([&] { voxel_dvh({}, {}); }, "dose_descending.size()", "0");
  require_invalid([&] { voxel_dvh({3, 4}, {1, 2}); }, "dose_descending[1]", "4");
  require_invalid([&] { voxel_dvh({4, 3}, {1, 0.5}); }, "cumulative_cc[1]", "0.5");
  require_invalid([&] { voxel_dvh({4}, {0}); }, "cumulative_cc.back()", "0");
  require_invalid([&] { compute_voxel_dvh(ramp(), mask(line10, std::vector<std::uint8_t>(10, 0))); }, "structure.volume_cc()", "0");
  require_invalid([&] { dose_statistics(ramp(), mask(line10, std::vector<std::uint8_t>(10, 0))); }, "structure.volume_cc()", "0");
  const grid_geometry other{{10, 1, 1}, {2, 1, 1}, {0, 0, 0}};
  try {
    compute_voxel_dvh(ramp(), mask(other, std::vector<std::uint8_t>(10, 1)));
    FAIL("mismatched geometry accepted");
  } catch (const nomo::invalid_input& e) {
    CHECK(e.argument() == "structure.geometry()");
    CHECK(std::string(e.what()).find("spacing 2x1x1 mm") != std::string::npos);
  }
  require_invalid([] { tabulated_dvh::from_cumulative({0, 2, 1}, {3, 2, 1}); }, "dose_gy[2]", "1");
  require_invalid([] { tabulated_dvh::from_cumulative({0, 1, 2}, {3, 2, 2.5}); }, "volume_cc[2]", "2.5");
  require_invalid([] { tabulated_dvh::from_cumulative({0, 1}, {0, 0}); }, "volume_cc[0]", "0");
  require_invalid([] { tabulated_dvh::from_cumulative({-1, 1}, {1, 0}); }, "dose_gy[0]", "-1");
  require_invalid([] { tabulated_dvh::from_differential({0, 1, 2}, {1, -1}); }, "bin_volume_cc[1]", "-1");
  require_invalid([] { tabulated_dvh::from_differential({0, 1}, {1, 1}); }, "bin_edges_gy.size()", "2");
  // from_differential's own names, not those of the cumulative curve it builds.
  require_invalid([] { tabulated_dvh::from_differential({0, 2, 1}, {1, 1}); },
                  {"nomo::dose::tabulated_dvh::from_differential: bin_edges_gy[2] = 1: must be strictly increasing"});
  require_invalid([] { tabulated_dvh::from_differential({-1, 1}, {1}); }, {"from_differential: bin_edges_gy[0] = -1"});
  require_invalid([] { tabulated_dvh::from_differential({0}, {}); }, {"from_differential: bin_edges_gy.size() = 1"});
  require_invalid([] { tabulated_dvh::from_differential({0, 1, 2}, {0, 0}); },
                  {"from_differential: bin_volume_cc = \"all 0\": the structure is empty"});
  // 1.7e308 + 1.7e308 passes the largest double at bin 1 (the sum runs from the last bin down).
  require_invalid([] { tabulated_dvh::from_differential({0, 1, 2, 3}, {1, 1.7e308, 1.7e308}); },
                  {"from_differential: bin_volume_cc[1] = 1.6999999999999999e+308", "beyond the largest double"});
  const tabulated_dvh open = tabulated_dvh::from_cumulative({0, 1, 2}, {3, 2, 1});
  require_invalid([&] { open.volume_cc_at_dose(2.5); }, "dose_gy", "2.5");
  require_invalid([&] { open.dose_at_percent(150); }, "percent", "150");
  require_invalid([&] { open.dose_at_cc(4); }, "volume_cc", "4");
  // A truncated export (3, 2, 1 cc at 0, 1, 2 Gy): doses of the hottest ≤ 1 cc lie beyond it.
  CHECK_FALSE(open.reaches_zero_volume());
  CHECK(open.dose_at_cc(1.5) == Approx(1.5));
  require_invalid([&] { open.dose_at_cc(1); }, "volume_cc", "1");
  require_invalid([&] { open.dose_at_cc(0.5); }, "volume_cc", "0.5");
  require_invalid([&] { open.dose_at_percent(2); }, "percent", "2");
  require_invalid([&] { open.dose_at_percent(0); }, "percent", "0");
  CHECK_THROWS_AS(open.mean_gy(), nomo::computation_error);
  CHECK_THROWS_WITH(open.mean_gy(), Catch::Contains("ends at 1 cc at 2 Gy"));
}

TEST_CASE("curve refuses a bin width that would make more than max_curve_bins bins", "[dose][dvh][bad-input]") {
  const voxel_dvh h = compute_voxel_dvh(ramp(), all10());  // Dmax = 10 Gy
  // 10 / 1e-300 bins has no size_t value; 10 / 1e-8 = 10^9 + 1 bins would run for minutes.
  require_invalid([&] { h.curve(dvh_kind::cumulative, 1e-300); }, "bin_width_gy", "1e-300");
  require_invalid([&] { h.curve(dvh_kind::differential, 1e-8); }, "bin_width_gy", "1e-08");
  // Dmax = 1 Gy: 2^-24 Gy makes 2^24 + 1 > 10^7 bins; 2^-16 Gy makes 2^16 + 1, tabulated.
  const voxel_dvh unit({1.0}, {1.0});
  require_invalid([&] { unit.curve(dvh_kind::cumulative, std::ldexp(1.0, -24)); }, {"bin_width_gy = 5.9604644775390625e-08", "makes 16777217 bins"});
  const dvh_curve c = unit.curve(dvh_kind::cumulative, std::ldexp(1.0, -16));
  REQUIRE(c.dose_gy.size() == 65538);
  CHECK(c.dose_gy[65536] == 1.0);
  CHECK(c.volume_cc[65536] == 1.0);  // V(D >= Dmax) is the whole voxel
  CHECK(c.volume_cc[65537] == 0.0);
  // Dmax = 1.7e308 Gy in bins of 1e308 Gy: the second bin would end at 2e308, beyond double.
  const voxel_dvh hot({1.7e308}, {1.0});
  require_invalid([&] { hot.curve(dvh_kind::differential, 1e308); }, "bin_width_gy", "1e+308");
  // Dmax = 1e308 Gy in bins of 0.6e308 Gy: points 0, 0.6e308 and 1.2e308 Gy, all doubles.
  const dvh_curve top = voxel_dvh({1e308}, {1.0}).curve(dvh_kind::cumulative, 0.6e308);
  REQUIRE(top.dose_gy.size() == 3);
  CHECK(top.dose_gy[2] == Approx(1.2e308));
  CHECK(top.volume_cc == std::vector<double>{1, 1, 0});
}

TEST_CASE("means and percentages stay finite for doses and volumes near the largest double", "[dose][dvh]") {
  // Σ D·ΔV would overflow; the mean itself lies between Dmin and Dmax.
  CHECK(voxel_dvh({1.7e308, 1.7e308}, {1, 2}).mean_gy() == 1.7e308);
  const voxel_dvh big({3, 2}, {1e308, 1.7e308});  // 1e308 cc at 3 Gy, 0.7e308 cc at 2 Gy
  CHECK(big.mean_gy() == Approx((3 * 1.0 + 2 * 0.7) / 1.7));
  CHECK(big.volume_percent_at_dose(3) == Approx(100 / 1.7));
  // Eight 1 cc voxels of 1.7e308 Gy: the weighted sum is 8 × 1.7e308.
  const grid_geometry cube{{2, 2, 2}, {10, 10, 10}, {0, 0, 0}};
  const structure_statistics s = dose_statistics(dose_grid<double>(cube, std::vector<double>(8, 1.7e308)), mask(cube, std::vector<std::uint8_t>(8, 1)));
  CHECK(s.volume_cc == 8);
  CHECK(s.mean_gy == 1.7e308);
  // Trapezoids 3.5e308 + 0.7e308 Gy·cc over 5 cc.
  CHECK(tabulated_dvh::from_cumulative({0, 1e308, 1.7e308}, {5, 2, 0}).mean_gy() == Approx((3.5 + 0.7) / 5 * 1e308));
  // Bin-centre mean of 1 cc at 0.5e308 and 1 cc at 1.35e308 Gy.
  CHECK(tabulated_dvh::from_differential({0, 1e308, 1.7e308}, {1, 1}).mean_gy() == Approx((0.5 + 1.35) / 2 * 1e308));
  CHECK(tabulated_dvh::from_cumulative({0, 1.7e308}, {1, 0}).mean_gy() == Approx(0.85e308));
  CHECK(tabulated_dvh::from_cumulative({0, 1}, {1.7e308, 0}).volume_percent_at_dose(0.5) == Approx(50));
}

TEST_CASE("DVHs of grids whose voxel volume is not a double in cc are refused at the grid", "[dose][dvh][bad-input]") {
  // (1e-200 mm)³ underflows to 0 cc, which would call the structure empty; (1e200 mm)³ overflows.
  const grid_geometry tiny{{2, 2, 2}, {1e-200, 1e-200, 1e-200}, {0, 0, 0}};
  const grid_geometry huge{{2, 2, 2}, {1e200, 1e200, 1e200}, {0, 0, 0}};
  require_invalid([&] { dose_grid<double>(tiny, std::vector<double>(8, 3)); }, {"nomo::dose::dose_grid: geometry.spacing = ", "underflows to 0 cc"});
  require_invalid([&] { mask(huge, std::vector<std::uint8_t>(8, 1)); }, {"nomo::dose::mask: geometry.spacing = ", "overflows double"});
  // 1e-100 mm spacing is still representable: 8 voxels of 1e-303 cc.
  const grid_geometry small{{2, 2, 2}, {1e-100, 1e-100, 1e-100}, {0, 0, 0}};
  const structure_statistics s = dose_statistics(dose_grid<double>(small, std::vector<double>(8, 3)), mask(small, std::vector<std::uint8_t>(8, 1)));
  CHECK(s.volume_cc == Approx(8e-303));
  CHECK(s.mean_gy == 3);
}
