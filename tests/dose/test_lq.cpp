// BED / EQD2 against the hand-checked closed forms of dose-spec §4.6 (tests/reference/dose_analytic.csv).
#include <catch2/catch.hpp>

#include "dose_phantom.hpp"
#include "invalid_input.hpp"
#include "nomo/dose/dvh.hpp"
#include "nomo/dose/lq.hpp"

using namespace nomo::dose;
using nomo_test::require_invalid;
using dose_test::truth;

TEST_CASE("bed and eqd2 match the closed forms of dose-spec 4.6", "[dose][lq]") {
  struct regimen {
    int n;
    double d, ab;
    const char* key;
  };
  for (const regimen r : {regimen{3, 9, 10, "3x9_ab10"}, {5, 6, 10, "5x6_ab10"}, {1, 20, 10, "1x20_ab10"}, {3, 9, 2, "3x9_ab2"},
                          {10, 3, 10, "10x3_ab10"}, {10, 3, 2, "10x3_ab2"}}) {
    CHECK(bed(r.n * r.d, r.n, r.ab) == Approx(truth(std::string("bed_") + r.key)).epsilon(1e-14));
    CHECK(eqd2(r.n * r.d, r.n, r.ab) == Approx(truth(std::string("eqd2_") + r.key)).epsilon(1e-14));
  }
  // dose-spec §4.6 hand values
  CHECK(bed(27, 3) == Approx(51.3).epsilon(1e-14));
  CHECK(eqd2(27, 3) == Approx(42.75).epsilon(1e-14));
  CHECK(alpha_beta_tumour_gy == 10.0);
  CHECK(alpha_beta_brain_gy == 2.0);
}

TEST_CASE("sum_courses adds BED and can leave out courses older than a year", "[dose][lq]") {
  const std::vector<treatment_course> courses{{30, 10, 400, "WBRT"}, {27, 3, 0, "SRT"}};
  const course_sum all = sum_courses(courses);
  CHECK(all.bed_gy == Approx(truth("bed_10x3_ab10") + truth("bed_3x9_ab10")).epsilon(1e-14));
  CHECK(all.eqd2_gy == Approx(truth("eqd2_10x3_ab10") + truth("eqd2_3x9_ab10")).epsilon(1e-14));
  CHECK(all.included == std::vector<std::size_t>{0, 1});
  const course_sum paper = sum_courses(courses, {10.0, 365.0});
  CHECK(paper.bed_gy == Approx(truth("bed_3x9_ab10")).epsilon(1e-14));
  CHECK(paper.excluded == std::vector<std::size_t>{0});
  CHECK(paper.included == std::vector<std::size_t>{1});
}

TEST_CASE("per-voxel BED maps commute with D(x%) but not with Dmean", "[dose][lq]") {
  const grid_geometry g{{5, 1, 1}, {1, 1, 1}, {0, 0, 0}};
  const dose_grid<double> dose(g, {1, 2, 4, 8, 16});
  const mask all(g, {1, 1, 1, 1, 1});
  const dose_grid<double> map = bed_map(dose, 2, 2.0);
  for (std::size_t i = 0; i < 5; ++i) CHECK(map[i] == Approx(bed(dose[i], 2, 2.0)).epsilon(1e-15));
  const voxel_dvh physical = compute_voxel_dvh(dose, all), biological = compute_voxel_dvh(map, all);
  for (const double p : {2.0, 50.0, 98.0}) CHECK(biological.dose_at_percent(p) == Approx(bed(physical.dose_at_percent(p), 2, 2.0)));
  // mean of BED_v = (1+2+4+8+16)/5 + (1+4+16+64+256)/(5·2·2)
  CHECK(biological.mean_gy() == Approx(31.0 / 5 + 341.0 / 20).epsilon(1e-14));
  CHECK(biological.mean_gy() > bed(physical.mean_gy(), 2, 2.0));
  const dose_grid<double> eq = eqd2_map(dose, 2, 2.0);
  CHECK(eq[4] == Approx(eqd2(16, 2, 2.0)).epsilon(1e-15));
}

TEST_CASE("radiobiology rejects bad input naming the argument", "[dose][lq][bad-input]") {
  require_invalid([] { bed(27, 3, 0.0); }, "alpha_beta_gy", "0");
  require_invalid([] { eqd2(27, 3, -2.0); }, "alpha_beta_gy", "-2");
  require_invalid([] { bed(27, 0); }, "fractions", "0");
  require_invalid([] { eqd2(-1, 3); }, "total_dose_gy", "-1");
  require_invalid([] { bed(std::nan(""), 3); }, "total_dose_gy", "NaN");
  require_invalid([] { sum_courses({}); }, "courses.size()", "0");
  require_invalid([] { sum_courses({{30, 10, 0, ""}, {-5, 1, 0, ""}}); }, "courses[1].total_dose_gy", "-5");
  require_invalid([] { sum_courses({{30, 0, 0, ""}}); }, "courses[0].fractions", "0");
  require_invalid([] { sum_courses({{30, 10, -1, ""}}); }, "courses[0].interval_days", "-1");
  require_invalid([] { course_sum_options{0.0}.validate(); }, "alpha_beta_gy", "0");
  require_invalid([] { course_sum_options{10.0, -1.0}.validate(); }, "exclude_older_than_days", "-1");
  const grid_geometry g{{2, 1, 1}, {1, 1, 1}, {0, 0, 0}};
  const dose_grid<float> dose(g, {1, 2});
  require_invalid([&] { bed_map(dose, 3, 0.0); }, "alpha_beta_gy", "0");
  require_invalid([&] { eqd2_map(dose, 0); }, "fractions", "0");
  require_invalid([&] { lq_map(dose, 3, -1.0, lq_quantity::bed); }, "alpha_beta_gy", "-1");
  // An unknown quantity was read as BED.
  CHECK_THROWS_WITH(lq_map(dose, 3, 10.0, static_cast<lq_quantity>(7)),
                    Catch::Contains("nomo::dose::lq_map: quantity = 7: unknown lq_quantity (expected bed or eqd2)"));
}

TEST_CASE("radiobiology refuses doses whose BED overflows, naming the dose", "[dose][lq][bad-input]") {
  // BED = D(1 + D/(n·α/β)): 1e154 Gy in 1 fraction at α/β 10 gives 1e154 + 1e307, still finite.
  CHECK(bed(1e154, 1, 10) == Approx(1e307).epsilon(1e-15));
  require_invalid([] { bed(1e308, 1); }, "total_dose_gy", "1e+308");
  require_invalid([] { eqd2(1e308, 1); }, "total_dose_gy", "1e+308");
  require_invalid([] { bed(10, 1, 1e-307); }, {"nomo::dose::bed: total_dose_gy = 10", "alpha_beta_gy = 9.9999999999999991e-308", "overflows"});
  require_invalid([] { sum_courses({{30, 10, 0, ""}, {1e308, 1, 0, ""}}); }, "courses[1].total_dose_gy", "1e+308");
  // Each course's BED is 3e154·(1 + 3e153) = 9e307; their sum passes the largest double, 1.8e308.
  require_invalid([] { sum_courses({{3e154, 1, 0, ""}, {3e154, 1, 0, ""}}); },
                  {"courses[1].total_dose_gy = 3.0000000000000003e+154", "summed up to this course overflows"});

  const grid_geometry g{{2, 1, 1}, {1, 1, 1}, {0, 0, 0}};
  // 1e19 Gy in 3 fractions at α/β 2: 1e19 + 1e38/6 ≈ 1.67e37 Gy, below the largest float 3.4e38.
  CHECK(bed_map(dose_grid<float>(g, {1, 1e19f}), 3, 2.0)[1] == Approx(1e19 + 1e38 / 6).epsilon(1e-6));
  require_invalid([&] { bed_map(dose_grid<float>(g, {1, 1e30f}), 3, 2.0); },
                  {"nomo::dose::bed_map: dose[1] = 1.00000002e+30", "its BED overflows float", "dose_grid<double>"});
  require_invalid([&] { eqd2_map(dose_grid<double>(g, {1e300, 1}), 3, 2.0); },
                  {"nomo::dose::eqd2_map: dose[0] = 1.0000000000000001e+300", "its EQD2 overflows double"});
  require_invalid([&] { lq_map(dose_grid<double>(g, {1, 1e300}), 3, 2.0, lq_quantity::bed); }, "dose[1]", "1.0000000000000001e+300");
}
