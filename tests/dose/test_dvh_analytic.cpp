// Voxel DVH statistics against the closed forms of dose-spec §4.1–4.3 (tests/reference/
// dose_analytic.csv) at several voxel sizes with the deterministic sub-voxel offset of §4.8, in
// float and double. Tolerances are ≥ 5 SD of the discretisation error measured in §4.7:
//   h = 0.5 mm (R = 10): volume 0.5 %, Dmean 0.02 Gy, Dx 0.05 Gy, Vx 0.5 %-points (§4.8);
//   h = 1 mm and 0.5×0.5×1.25 mm: SD 0.25 %, 0.005, 0.009, 0.2 → volume 1.25 %, Dmean 0.025 Gy,
//   Dx 0.05 Gy, Vx 1 %-point;
//   cone Dmax/Dmin: the nearest voxel centre lies within half a voxel diagonal of the apex / surface.
//   planar gradient along an axis: Dx steps by b·h, tolerance b·h (§4.8); Vx by one lattice slab.
#include <catch2/catch.hpp>

#include "dose_phantom.hpp"
#include "nomo/dose/dvh.hpp"
#include "nomo/dose/lq.hpp"

using namespace nomo::dose;
using dose_test::truth;

namespace {

struct voxel_case {
  std::array<double, 3> spacing;
  double volume_rel, mean_gy, dx_gy, vx_points;
};

const voxel_case fine{{0.5, 0.5, 0.5}, 0.005, 0.02, 0.05, 0.5};
const voxel_case unit{{1, 1, 1}, 0.0125, 0.025, 0.05, 1.0};
const voxel_case anisotropic{{0.5, 0.5, 1.25}, 0.0125, 0.025, 0.05, 1.0};

double half_diagonal(const std::array<double, 3>& h) { return 0.5 * std::sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]); }

}  // namespace

TEMPLATE_TEST_CASE("cone (dose-spec 4.1): linear radial fall-off", "[dose][dvh][analytic]", float, double) {
  for (const voxel_case& c : {fine, unit, anisotropic}) {
    INFO("spacing " << c.spacing[0] << "x" << c.spacing[1] << "x" << c.spacing[2]);
    const grid_geometry g = dose_test::centred_lattice(c.spacing, 11.0 + 2 * c.spacing[2]);
    const dose_grid<TestType> dose = make_dose_grid<TestType>(g, [](double x, double y, double z) { return 30 - 0.5 * std::sqrt(x * x + y * y + z * z); });
    const voxel_dvh h = compute_voxel_dvh(dose, dose_test::ball(g, 10));
    CHECK(h.volume_cc() == Approx(truth("cone_volume_cc")).epsilon(c.volume_rel));
    CHECK(h.mean_gy() == Approx(truth("cone_dmean")).margin(c.mean_gy));
    CHECK(h.max_gy() <= truth("cone_dmax"));
    CHECK(h.max_gy() >= truth("cone_dmax") - 0.5 * half_diagonal(c.spacing));
    CHECK(h.min_gy() >= truth("cone_dmin") - 1e-5);
    CHECK(h.min_gy() <= truth("cone_dmin") + 0.5 * 2 * half_diagonal(c.spacing));
    CHECK(h.dose_at_percent(2) == Approx(truth("cone_d2")).margin(c.dx_gy));
    CHECK(h.dose_at_percent(50) == Approx(truth("cone_d50")).margin(c.dx_gy));
    CHECK(h.dose_at_percent(98) == Approx(truth("cone_d98")).margin(c.dx_gy));
    CHECK(h.dose_at_cc(1.0) == Approx(truth("cone_d1cc")).margin(c.dx_gy));
    CHECK(h.dose_at_percent(50, dose_rank_rule::interpolated) == Approx(truth("cone_d50")).margin(c.dx_gy));
    CHECK(h.volume_percent_at_dose(28) == Approx(truth("cone_v28_percent")).margin(c.vx_points));
    CHECK(h.volume_cc_at_dose(26) == Approx(truth("cone_v26_cc")).epsilon(c.volume_rel));
  }
}

TEMPLATE_TEST_CASE("Gaussian sphere and shells (dose-spec 4.2): GTV, PTV, ring", "[dose][dvh][analytic]", float, double) {
  const double sigma = truth("gauss_sigma");
  for (const voxel_case& c : {fine, unit, anisotropic}) {
    INFO("spacing " << c.spacing[0] << "x" << c.spacing[1] << "x" << c.spacing[2]);
    const grid_geometry g = dose_test::centred_lattice(c.spacing, 13.0 + 2 * c.spacing[2]);
    const dose_grid<TestType> dose = dose_test::gaussian_dose<TestType>(g, 33.75, sigma);
    struct region {
      const char* name;
      double r1, r2;
    };
    for (const region r : {region{"gtv", 0, 10}, {"ptv", 0, 12}, {"ring", 10, 12}}) {
      INFO(r.name);
      const std::string key = std::string("gauss_") + r.name + "_";
      const voxel_dvh h = compute_voxel_dvh(dose, dose_test::shell(g, r.r1, r.r2));
      CHECK(h.volume_cc() == Approx(truth(key + "volume_cc")).epsilon(r.r1 > 0 ? 3 * c.volume_rel : c.volume_rel));
      CHECK(h.mean_gy() == Approx(truth(key + "dmean")).margin(c.mean_gy));
      CHECK(h.dose_at_percent(2) == Approx(truth(key + "d2")).margin(c.dx_gy));
      CHECK(h.dose_at_percent(50) == Approx(truth(key + "d50")).margin(c.dx_gy));
      CHECK(h.dose_at_percent(98) == Approx(truth(key + "d98")).margin(c.dx_gy));
      CHECK(h.volume_percent_at_dose(30) == Approx(truth(key + "v30_percent")).margin(c.vx_points));
      CHECK(h.volume_percent_at_dose(28) == Approx(truth(key + "v28_percent")).margin(r.r1 > 0 ? 3 * c.vx_points : c.vx_points));
      // The BED map is monotone in D: its D98 is exactly the BED of the physical D98 (dose-spec §4.8).
      const voxel_dvh b = compute_voxel_dvh(bed_map(dose, 3, 2.0), dose_test::shell(g, r.r1, r.r2));
      CHECK(b.dose_at_percent(98) == Approx(bed(h.dose_at_percent(98), 3, 2.0)).epsilon(1e-6));
    }
  }
}

TEMPLATE_TEST_CASE("normal brain shell 12-30 mm (dose-spec 4.2)", "[dose][dvh][analytic]", float, double) {
  const grid_geometry g = dose_test::centred_lattice({1, 1, 1}, 32.0);
  const dose_grid<TestType> dose = dose_test::gaussian_dose<TestType>(g, 33.75, truth("gauss_sigma"));
  const voxel_dvh h = compute_voxel_dvh(dose, dose_test::shell(g, 12, 30));
  // A 113 cc shell at h = 1: relative volume SD well under the R = 10 figure; keep its tolerances.
  CHECK(h.volume_cc() == Approx(truth("gauss_normal_volume_cc")).epsilon(unit.volume_rel));
  CHECK(h.mean_gy() == Approx(truth("gauss_normal_dmean")).margin(unit.mean_gy));
  CHECK(h.dose_at_percent(2) == Approx(truth("gauss_normal_d2")).margin(unit.dx_gy));
  CHECK(h.dose_at_percent(50) == Approx(truth("gauss_normal_d50")).margin(unit.dx_gy));
  CHECK(h.volume_percent_at_dose(12) == Approx(truth("gauss_normal_v12_percent")).margin(unit.vx_points));
  CHECK(h.volume_cc_at_dose(25.65) == Approx(truth("gauss_normal_v25.65_cc")).margin(0.01));
}

TEMPLATE_TEST_CASE("planar gradient (dose-spec 4.3) along the slice axis and in-plane", "[dose][dvh][analytic]", float, double) {
  for (const voxel_case& c : {fine, unit, anisotropic}) {
    for (const int axis : {0, 2}) {
      INFO("spacing " << c.spacing[0] << "x" << c.spacing[1] << "x" << c.spacing[2] << ", gradient along axis " << axis);
      const grid_geometry g = dose_test::centred_lattice(c.spacing, 11.0 + 2 * c.spacing[2]);
      const dose_grid<TestType> dose = make_dose_grid<TestType>(g, [&](double x, double, double z) { return 20 + 0.5 * (axis == 0 ? x : z); });
      const voxel_dvh h = compute_voxel_dvh(dose, dose_test::ball(g, 10));
      const double step = 0.5 * c.spacing[axis];  // b·h along the gradient
      CHECK(h.mean_gy() == Approx(truth("planar_dmean")).margin(std::max(c.mean_gy, step / 10)));
      for (const int p : {2, 50, 95, 98}) CHECK(h.dose_at_percent(p) == Approx(truth("planar_d" + std::to_string(p))).margin(std::max(c.dx_gy, step)));
      // V(24 Gy) counts whole lattice planes beyond x = 8 mm: quantised to one slab of area
      // π(R² − 8²) and thickness h, i.e. 100·π·36·h / (4/3 π R³) %-points.
      const double slab_points = 100.0 * M_PI * 36.0 * c.spacing[axis] / (1000.0 * truth("sphere_r10_cc"));
      CHECK(h.volume_percent_at_dose(24) == Approx(truth("planar_v24_percent")).margin(slab_points));
    }
  }
}
