// Plan-quality indices against the offset-sphere closed forms of dose-spec §4.4, dose-dropping
// zone and normal-tissue metrics against the Gaussian shells of §4.2, and the Table-2 summary.
// Tolerances (§4.7–4.8, ≥ 5 SD): h = 0.5 mm: TC and CI 0.005, GI 0.05, PITV 0.5 % (a ball volume);
// h = 1 mm: SD(CI) ≤ 0.002, SD(GI) ≈ 0.02 → TC and CI 0.01, GI 0.1, PITV 1.25 %.
#include <catch2/catch.hpp>

#include "dose_phantom.hpp"
#include "invalid_input.hpp"
#include "nomo/dose/lq.hpp"
#include "nomo/dose/metrics.hpp"
#include "nomo/dose/plan_summary.hpp"

using namespace nomo::dose;
using nomo_test::require_invalid;
using dose_test::truth;

namespace {

struct conformity_case {
  double h, index_tol, gi_tol, volume_rel;
};

}  // namespace

TEMPLATE_TEST_CASE("TC, PITV, Paddick CI and GI of offset spheres (dose-spec 4.4)", "[dose][metrics][analytic]", float, double) {
  for (const conformity_case c : {conformity_case{0.5, 0.005, 0.05, 0.005}, {1.0, 0.01, 0.1, 0.0125}}) {
    for (const std::string d : {"2", "1.7"}) {
      INFO("h = " << c.h << ", offset d = " << d);
      const std::string key = "offset_d" + d + "_";
      const double offset = std::stod(d);
      const grid_geometry g = dose_test::centred_lattice({c.h, c.h, c.h}, truth(key + "r50") + offset + 2 * c.h);
      const dose_grid<TestType> dose = dose_test::gaussian_dose<TestType>(g, 33.75, truth(key + "sigma"), {offset, 0, 0});
      const plan_quality q = plan_quality_indices(dose, dose_test::ball(g, 10), 27.0);
      CHECK(q.tc == Approx(truth(key + "tc")).margin(c.index_tol));
      CHECK(q.pitv == Approx(truth(key + "pitv")).epsilon(c.volume_rel));
      CHECK(q.ci_paddick == Approx(truth(key + "ci")).margin(c.index_tol));
      CHECK(q.gi == Approx(truth(key + "gi")).margin(c.gi_tol));
      // Exact identities of the definitions (dose-spec §4.8).
      CHECK(q.ci_paddick == Approx(q.tc * q.tc / q.pitv).epsilon(1e-12));
      CHECK(q.ci_paddick <= q.tc);
      CHECK(q.tc <= 1.0);
      CHECK(q.ci_rtog == q.pitv);
      CHECK(q.target_volume_cc == Approx(truth("sphere_r10_cc")).epsilon(c.volume_rel));
    }
  }
}

TEMPLATE_TEST_CASE("HI (ICRU 83) of a Gaussian GTV and the 50 % isodose edge check", "[dose][metrics][analytic]", float, double) {
  const double sigma = truth("gauss_sigma");
  const grid_geometry g = dose_test::centred_lattice({0.5, 0.5, 0.5}, 26.0);  // 13.5 Gy lies at r = 24.3 mm
  const dose_grid<TestType> dose = dose_test::gaussian_dose<TestType>(g, 33.75, sigma);
  const plan_quality q = plan_quality_indices(dose, dose_test::ball(g, 10), 27.0);
  const double hi = (truth("gauss_gtv_d2") - truth("gauss_gtv_d98")) / truth("gauss_gtv_d50");
  CHECK(q.hi == Approx(hi).margin(2 * 0.05 / truth("gauss_gtv_d50")));  // two Dx at 0.05 Gy over D50
  CHECK(q.tc == 1.0);  // 27 Gy reaches r = 12 > 10
  CHECK(q.target.d98_gy == Approx(truth("gauss_gtv_d98")).margin(0.05));
  // Body mask: PV counted inside it only (a 20 mm ball holds the 27 Gy ball of radius 12 mm
  // whole, and the 50 % isodose only in part).
  const mask body = dose_test::ball(g, 20);
  const plan_quality in_body = plan_quality_indices(dose, dose_test::ball(g, 10), body, 27.0);
  CHECK(in_body.prescription_isodose_volume_cc == Approx(q.prescription_isodose_volume_cc));
  CHECK(in_body.half_prescription_isodose_volume_cc == Approx(body.volume_cc()));

  const grid_geometry small = dose_test::centred_lattice({1, 1, 1}, 20.0);
  const dose_grid<TestType> cut = dose_test::gaussian_dose<TestType>(small, 33.75, sigma);
  CHECK_THROWS_AS(plan_quality_indices(cut, dose_test::ball(small, 10), 27.0), nomo::computation_error);
  CHECK_THROWS_WITH(plan_quality_indices(cut, dose_test::ball(small, 10), 27.0), Catch::Contains("50 % isodose (13.5 Gy)"));
}

TEMPLATE_TEST_CASE("dose-dropping zone and normal brain of Gaussian shells (dose-spec 4.2)", "[dose][metrics][analytic]", float, double) {
  const grid_geometry g = dose_test::centred_lattice({1, 1, 1}, 32.0);
  const dose_grid<TestType> dose = dose_test::gaussian_dose<TestType>(g, 33.75, truth("gauss_sigma"));
  const mask gtv = dose_test::ball(g, 10), ptv = dose_test::ball(g, 12), brain = dose_test::ball(g, 30);
  const dose_dropping_zone_metrics ring = dose_dropping_zone(dose, gtv, ptv, 27.0);
  CHECK(ring.volume_cc == Approx(ptv.volume_cc() - gtv.volume_cc()));  // nested masks
  CHECK(ring.volume_cc == Approx(truth("gauss_ring_volume_cc")).epsilon(0.0375));  // a 2 mm shell: 3× the ball tolerance
  CHECK(ring.mean_gy == Approx(truth("gauss_ring_dmean")).margin(0.025));
  CHECK(ring.level_gy == Approx(25.65));
  CHECK(ring.volume_at_level_percent == Approx(truth("gauss_ring_v25.65_percent")));  // 100 %: the ring's minimum is 27 Gy
  const dose_dropping_zone_metrics ring28 = dose_dropping_zone(dose, gtv, ptv, 28.0 / 0.95);
  CHECK(ring28.volume_at_level_percent == Approx(truth("gauss_ring_v28_percent")).margin(3.0));

  const normal_tissue_metrics brain_ptv = normal_tissue_dose(dose, brain, ptv, 12.0);
  CHECK(brain_ptv.volume_cc == Approx(truth("gauss_normal_volume_cc")).epsilon(0.0125));
  CHECK(brain_ptv.mean_gy == Approx(truth("gauss_normal_dmean")).margin(0.025));
  CHECK(brain_ptv.volume_at_threshold_percent == Approx(truth("gauss_normal_v12_percent")).margin(1.0));
  CHECK(brain_ptv.volume_at_threshold_cc == Approx(truth("gauss_normal_v12_cc")).margin(0.01 * truth("gauss_normal_volume_cc")));
  CHECK(normal_tissue_dose(dose, brain, ptv).volume_at_threshold_cc == 0);  // default 30 Gy: nothing outside r = 12 gets 27+ Gy
  // brain − GTV: the normal shell plus the ring, volume-weighted.
  const normal_tissue_metrics brain_gtv = normal_tissue_dose(dose, brain, gtv, 12.0);
  const double v_ring = truth("gauss_ring_volume_cc"), v_normal = truth("gauss_normal_volume_cc");
  CHECK(brain_gtv.mean_gy ==
        Approx((v_ring * truth("gauss_ring_dmean") + v_normal * truth("gauss_normal_dmean")) / (v_ring + v_normal)).margin(0.025));
}

TEMPLATE_TEST_CASE("summarize_plan gives the Table-2 parameters of a synthetic patient", "[dose][metrics][summary]", float, double) {
  const grid_geometry g = dose_test::centred_lattice({1, 1, 1}, 32.0);
  const dose_grid<TestType> dose = dose_test::gaussian_dose<TestType>(g, 33.75, truth("gauss_sigma"));
  const mask gtv = dose_test::ball(g, 10), ptv = dose_test::ball(g, 12), brain = dose_test::ball(g, 30);
  plan_summary_options options;
  options.prescription_gy = 27;
  options.fractions = 3;
  options.earlier_courses = {{30, 10, 400, "WBRT"}};
  options.exclude_courses_older_than_days = 365.0;
  const plan_parameters p = summarize_plan(dose, gtv, ptv, brain, options);
  CHECK(p.bed_gy == Approx(truth("bed_3x9_ab10")));  // WBRT 400 days earlier left out
  CHECK(p.eqd2_gy == Approx(truth("eqd2_3x9_ab10")));
  CHECK(p.gtv_volume_cc == Approx(truth("gauss_gtv_volume_cc")).epsilon(0.0125));
  CHECK(p.gtv_mean_gy == Approx(truth("gauss_gtv_dmean")).margin(0.025));
  CHECK(p.gtv_max_gy <= 33.75);
  CHECK(p.gtv_v95_percent == 100);
  CHECK(p.tc == 1.0);
  // The 27 Gy isodose is the ball r = 12: PITV = (12/10)³, CI = 1/PITV, GI = (R50/12)³.
  CHECK(p.pitv == Approx(1.728).epsilon(0.025));
  CHECK(p.ci_paddick == Approx(1 / 1.728).epsilon(0.025));
  const double r50 = truth("gauss_sigma") * std::sqrt(2 * std::log(33.75 / 13.5));
  CHECK(p.gi == Approx(std::pow(r50 / 12, 3)).margin(0.1));
  CHECK(p.ddz_mean_gy == Approx(truth("gauss_ring_dmean")).margin(0.025));
  CHECK(p.ddz_v95_percent == Approx(100));
  CHECK(p.normal_brain_mean_gy == Approx(truth("gauss_normal_dmean")).margin(0.025));
  CHECK(p.normal_brain_v30_cc == 0);
  // Mean BED of normal brain = the mean of the per-voxel BED map (α/β 2, 3 fractions).
  const dose_grid<TestType> map = bed_map(dose, 3, 2.0);
  const mask normal = mask_difference(brain, ptv);
  double sum = 0, n = 0;
  for (std::size_t i = 0; i < map.size(); ++i)
    if (normal.inside()[i]) sum += map[i], n += 1;
  CHECK(p.normal_brain_mean_bed_gy == Approx(sum / n).epsilon(1e-5));
  CHECK(p.normal_brain_volume_cc == Approx(normal.volume_cc()));
  const auto names = plan_parameters::column_names();
  const auto values = p.column_values();
  REQUIRE(names.size() == values.size());
  CHECK(values[2] == p.bed_gy);
  CHECK(names[10] == "tc");
  CHECK(values[10] == p.tc);

  options.exclude_courses_older_than_days.reset();
  options.target = plan_target::ptv;
  const plan_parameters with_wbrt = summarize_plan(dose, gtv, ptv, brain, brain, options);
  CHECK(with_wbrt.bed_gy == Approx(truth("bed_3x9_ab10") + truth("bed_10x3_ab10")));
  CHECK(with_wbrt.pitv == Approx(1.0).epsilon(1e-12));  // PTV = the 27 Gy ball on the same lattice
}

TEST_CASE("fractional occupancies weight region and isodose volumes", "[dose][metrics]") {
  // 4 voxels of 1 cc at 10, 20, 30, 40 Gy; hand-computed weighted sums.
  const grid_geometry g{{4, 1, 1}, {10, 10, 10}, {0, 0, 0}};
  const dose_grid<double> dose(g, {10, 20, 30, 40});
  const mask organ = mask::fractional(g, {1.0f, 0.5f, 0.5f, 0.0f});
  const mask excluded = mask::fractional(g, {0.0f, 0.5f, 0.0f, 0.0f});
  // weights max(0, organ − excluded), as mask_difference (nested partial volumes subtract):
  // 1, max(0, 0.5 − 0.5) = 0, 0.5, 0
  const normal_tissue_metrics n = normal_tissue_dose(dose, organ, excluded, 25.0);
  CHECK(n.volume_cc == Approx(1.5));
  CHECK(n.mean_gy == Approx((10 + 0.5 * 30) / 1.5));
  CHECK(n.volume_at_threshold_cc == Approx(0.5));
  CHECK(n.volume_at_threshold_percent == Approx(100 * 0.5 / 1.5));
  // A GTV partly filling voxels of its PTV: the ring's weights are PTV − GTV, voxel by voxel.
  const mask ptv = mask::fractional(g, {1.0f, 1.0f, 0.75f, 0.25f});
  const mask gtv = mask::fractional(g, {1.0f, 0.5f, 0.25f, 0.0f});
  const auto ring = dose_dropping_zone(dose, gtv, ptv, 20.0);
  CHECK(ring.volume_cc == Approx(0.5 + 0.5 + 0.25));
  CHECK(ring.mean_gy == Approx((0.5 * 20 + 0.5 * 30 + 0.25 * 40) / 1.25));
  const auto difference = mask_difference(ptv, gtv);
  double difference_cc = 0;
  for (std::size_t i = 0; i < 4; ++i) difference_cc += difference.weight(i);
  CHECK(ring.volume_cc == Approx(difference_cc));
  // A fractional body weights PV: a 5 × 3 × 3 grid, dose only along the central x row (interior
  // except its ends) at 0, 30, 40, 30, 0 Gy with body weights 1, 0.5, 1, 0.25, 1; Rx 25 Gy.
  const grid_geometry g5{{5, 3, 3}, {10, 10, 10}, {0, 0, 0}};
  std::vector<double> row_dose(45, 0.0);
  std::vector<float> body_weight(45, 1.0f);
  std::vector<std::uint8_t> target(45, 0);
  const double row[5] = {0, 30, 40, 30, 0};
  const float row_weight[5] = {1.0f, 0.5f, 1.0f, 0.25f, 1.0f};
  for (std::size_t i = 0; i < 5; ++i) {
    row_dose[g5.index(i, 1, 1)] = row[i];
    body_weight[g5.index(i, 1, 1)] = row_weight[i];
  }
  target[g5.index(2, 1, 1)] = 1;
  const mask body = mask::fractional(g5, body_weight);
  const plan_quality q = plan_quality_indices(dose_grid<double>(g5, row_dose), mask(g5, target), body, 25.0);
  CHECK(q.prescription_isodose_volume_cc == Approx(1.75));
  CHECK(q.half_prescription_isodose_volume_cc == Approx(1.75));
  CHECK(q.gi == Approx(1.0));
  CHECK(q.pitv == Approx(1.75));
}

TEST_CASE("plan metrics reject bad input naming the argument", "[dose][metrics][bad-input]") {
  const grid_geometry g = dose_test::centred_lattice({2, 2, 2}, 30.0);
  const dose_grid<double> dose = dose_test::gaussian_dose<double>(g, 33.75, truth("gauss_sigma"));
  const mask gtv = dose_test::ball(g, 10), ptv = dose_test::ball(g, 12), brain = dose_test::ball(g, 28);
  const mask empty = dose_test::ball(g, 0.1);
  const grid_geometry other = dose_test::centred_lattice({2, 2, 2}, 20.0);
  const mask foreign = dose_test::ball(other, 10);
  require_invalid([&] { plan_quality_indices(dose, gtv, 0.0); }, "prescription_gy", "0");
  require_invalid([&] { plan_quality_indices(dose, gtv, -27.0); }, "prescription_gy", "-27");
  require_invalid([&] { plan_quality_indices(dose, gtv, 40.0); }, "prescription_gy", "40");
  require_invalid([&] { plan_quality_indices(dose, empty, 27.0); }, "target.volume_cc()", "0");
  require_invalid([&] { plan_quality_indices(dose, gtv, empty, 27.0); }, "body.volume_cc()", "0");
  CHECK_THROWS_AS(plan_quality_indices(dose, foreign, 27.0), nomo::invalid_input);
  CHECK_THROWS_WITH(plan_quality_indices(dose, gtv, foreign, 27.0), Catch::Contains("body.geometry()"));
  require_invalid([&] { dose_dropping_zone(dose, gtv, ptv, 27.0, 120.0); }, "level_percent", "120");
  require_invalid([&] { dose_dropping_zone(dose, gtv, ptv, 0.0); }, "prescription_gy", "0");
  require_invalid([&] { dose_dropping_zone(dose, ptv, gtv, 27.0); }, "ptv ∧ ¬gtv volume_cc", "0");
  CHECK_THROWS_WITH(dose_dropping_zone(dose, foreign, ptv, 27.0), Catch::Contains("gtv.geometry()"));
  require_invalid([&] { normal_tissue_dose(dose, brain, ptv, -1.0); }, "threshold_gy", "-1");
  require_invalid([&] { normal_tissue_dose(dose, gtv, ptv); }, "organ ∧ ¬excluded volume_cc", "0");
  CHECK_THROWS_WITH(normal_tissue_dose(dose, brain, foreign), Catch::Contains("excluded.geometry()"));
  plan_summary_options options;
  require_invalid([&] { summarize_plan(dose, gtv, ptv, brain, options); }, "prescription_gy", "0");
  options.prescription_gy = 27;
  require_invalid([&] { summarize_plan(dose, gtv, ptv, brain, options); }, "fractions", "0");
  options.fractions = 3;
  options.alpha_beta_brain_gy = 0;
  require_invalid([&] { options.validate(); }, "alpha_beta_brain_gy", "0");
  options.alpha_beta_brain_gy = 2;
  options.dose_dropping_level_percent = -5;
  require_invalid([&] { options.validate(); }, "dose_dropping_level_percent", "-5");
  options.dose_dropping_level_percent = 95;
  // Unknown enums were read as ptv and gtv.
  options.target = static_cast<plan_target>(7);
  CHECK_THROWS_WITH(summarize_plan(dose, gtv, ptv, brain, options),
                    Catch::Contains("nomo::dose::plan_summary_options::validate: target = 7: unknown plan_target"));
  options.target = plan_target::gtv;
  options.exclusion = static_cast<normal_brain_exclusion>(7);
  CHECK_THROWS_WITH(summarize_plan(dose, gtv, ptv, brain, options),
                    Catch::Contains("nomo::dose::plan_summary_options::validate: exclusion = 7: unknown normal_brain_exclusion"));
  options.exclusion = normal_brain_exclusion::ptv;
  require_invalid([&] { summarize_plan(dose, empty, ptv, brain, options); }, "gtv.volume_cc()", "0");
  CHECK_THROWS_WITH(summarize_plan(dose, gtv, ptv, foreign, options), Catch::Contains("brain.geometry()"));
  CHECK_THROWS_WITH(summarize_plan(dose, gtv, ptv, brain, foreign, options), Catch::Contains("body.geometry()"));
  // Errors of the BED sum name the summary's own options, not sum_courses' courses[i] (an
  // independent check found "courses[1].total_dose_gy" for an overflowing prescription).
  options.prescription_gy = 1e200;
  require_invalid([&] { summarize_plan(dose, gtv, ptv, brain, options); },
                  {"dose::summarize_plan: prescription_gy = 9.9999999999999997e+199",
                   "at alpha_beta_tumour_gy = 10 overflows double"});
  options.prescription_gy = 27;
  options.earlier_courses = {{30, 0, 200, "earlier"}};
  require_invalid([&] { summarize_plan(dose, gtv, ptv, brain, options); },
                  {"plan_summary_options::validate: earlier_courses[0].fractions = 0"});
  options.earlier_courses = {};
  options.exclude_courses_older_than_days = -1;
  require_invalid([&] { summarize_plan(dose, gtv, ptv, brain, options); },
                  {"plan_summary_options::validate: exclude_courses_older_than_days = -1"});
}

TEST_CASE("plan quality refuses an undefined HI and a target outside the body", "[dose][metrics][bad-input]") {
  // Found by an independent check: 9³ voxels of 1 mm, the target the 27 voxels around the centre.
  const grid_geometry g{{9, 9, 9}, {1, 1, 1}, {-4, -4, -4}};
  std::vector<std::uint8_t> cube(g.voxel_count(), 0), left_half(g.voxel_count(), 0);
  for (std::size_t k = 0; k < 9; ++k)
    for (std::size_t j = 0; j < 9; ++j)
      for (std::size_t i = 0; i < 9; ++i) {
        const bool centre = i >= 3 && i <= 5 && j >= 3 && j <= 5 && k >= 3 && k <= 5;
        cube[g.index(i, j, k)] = centre ? 1 : 0;
        left_half[g.index(i, j, k)] = i <= 4 ? 1 : 0;
      }
  const mask target(g, cube), body(g, left_half);
  // One target voxel at 20 Gy, the rest at 0: D50 = 0, so HI = (D2 − D98)/D50 was returned as Inf.
  std::vector<double> one_hot(g.voxel_count(), 0.0);
  one_hot[g.index(5, 4, 4)] = 20;
  CHECK_THROWS_AS(plan_quality_indices(dose_grid<double>(g, one_hot), target, 20.0), nomo::computation_error);
  CHECK_THROWS_WITH(plan_quality_indices(dose_grid<double>(g, one_hot), target, 20.0), Catch::Contains("D50 is 0 Gy"));
  // The whole target at 20 Gy, a body that holds only its left two thirds: the Paddick CI came out
  // above 1 (covered voxels outside the body counted, the isodose volume inside it only).
  std::vector<double> on_target(g.voxel_count(), 0.0);
  for (std::size_t v = 0; v < cube.size(); ++v) on_target[v] = cube[v] ? 20.0 : 0.0;
  require_invalid([&] { plan_quality_indices(dose_grid<double>(g, on_target), target, body, 20.0); },
                  {"dose::plan_quality_indices: target = \"9 voxels outside the body\"", "inside the body mask"});
}
