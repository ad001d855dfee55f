// A synthetic brain-metastasis plan, end to end: a spherical GTV, a 2 mm PTV margin, a brain and a
// brainstem on a 1 × 1 × 2 mm grid (the paper's 2 mm slices), a steep SRT-like dose fall-off plus a
// low-dose bath, 52.5 Gy in 15 fractions after WBRT 30 Gy / 10 fractions given 200 days earlier.
// Prints the seed paper's Table 2 parameters and the brainstem Dmax / Dmean, and writes the
// cumulative DVHs as dose_metrics_dvh.csv and dose_metrics_dvh.svg in the current folder.
//
// Usage: example_dose_metrics [output folder]

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "nomo/dose/dvh.hpp"
#include "nomo/dose/dvh_plot.hpp"
#include "nomo/dose/grid.hpp"
#include "nomo/dose/lq.hpp"
#include "nomo/dose/metrics.hpp"
#include "nomo/dose/morphology.hpp"
#include "nomo/dose/plan_summary.hpp"

namespace {

using namespace nomo::dose;

constexpr double target_x = 25, target_y = 10, target_z = 6;  // lesion centre, mm
constexpr double gtv_radius = 8;                              // 2.1 cc
constexpr double prescription = 52.5;                         // Gy in 15 fractions

double distance_to_target(double x, double y, double z) {
  return std::sqrt((x - target_x) * (x - target_x) + (y - target_y) * (y - target_y) + (z - target_z) * (z - target_z));
}

// A sigmoid fall-off (58 Gy plateau; with the bath, Rx lies 1 mm outside the GTV and 50 % of Rx
// 5 mm outside) plus a 2 Gy scatter bath over the head.
double plan_dose(double x, double y, double z) {
  const double r = distance_to_target(x, y, z);
  const double bath = 2.0 * std::exp(-(x * x + y * y + z * z) / (2 * 60.0 * 60.0));
  return 58.0 / (1.0 + std::exp((r - 12.42) / 1.781)) + bath;
}

void write_dvh_csv(const std::string& path, const std::vector<dvh_series>& series) {
  std::ofstream out(path);
  out << "dose_gy";
  for (const dvh_series& s : series) out << ",\"" << s.label << " (%)\"";
  out << "\n";
  // The longest curve's tabulated doses (curves share the bin width and stop past their own Dmax).
  const dvh_curve* longest = &series.front().curve;
  for (const dvh_series& s : series) {
    if (s.curve.dose_gy.size() > longest->dose_gy.size()) longest = &s.curve;
  }
  for (std::size_t k = 0; k < longest->dose_gy.size(); ++k) {
    out << longest->dose_gy[k];
    for (const dvh_series& s : series) {
      const double v = k < s.curve.volume_cc.size() ? s.curve.volume_cc[k] : 0.0;
      out << "," << 100.0 * v / s.curve.volume_cc.front();
    }
    out << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string folder = argc > 1 ? std::string(argv[1]) + "/" : "";

  // 160 × 190 × 76 voxels of 1 × 1 × 2 mm centred on the head.
  const grid_geometry grid{{160, 190, 76}, {1.0, 1.0, 2.0}, {-79.5, -94.5, -75.0}};
  const dose_grid<float> dose = make_dose_grid<float>(grid, plan_dose);
  const mask gtv = make_mask(grid, [](double x, double y, double z) { return distance_to_target(x, y, z) <= gtv_radius; });
  const margin_result ptv = expand_margin(gtv, 2.0);  // the paper's GTV → PTV margin
  const mask brain = make_mask(grid, [](double x, double y, double z) {
    return x * x / (70.0 * 70.0) + y * y / (85.0 * 85.0) + z * z / (60.0 * 60.0) <= 1.0;
  });
  const mask brainstem = make_mask(grid, [](double x, double y, double z) {
    return std::hypot(x, y + 15.0) <= 12.0 && z > -55.0 && z < -20.0;
  });

  plan_summary_options options;
  options.prescription_gy = prescription;
  options.fractions = 15;
  options.earlier_courses = {{30.0, 10, 200.0, "WBRT"}};
  options.exclude_courses_older_than_days = 365.0;  // the paper's rule; WBRT 200 days earlier counts
  const plan_parameters p = summarize_plan(dose, gtv, ptv.structure, brain, options);
  const structure_statistics stem = dose_statistics(dose, brainstem);

  std::printf("Synthetic plan: %.1f Gy / %d fx after WBRT 30 Gy / 10 fx (200 days earlier)\n", p.prescription_gy, p.fractions);
  std::printf("PTV = GTV + 2 mm: %.3f cc (%zu voxels added%s)\n\n", p.ptv_volume_cc, ptv.voxels_changed,
              ptv.reaches_grid_edge ? ", reaches the grid edge" : "");
  std::printf("%-40s %10s\n", "Table 2 parameter", "value");
  std::printf("%-40s %10.1f\n", "BED (Gy, a/b 10, both courses)", p.bed_gy);
  std::printf("%-40s %10.1f\n", "TC (%)", 100 * p.tc);
  std::printf("%-40s %10.2f\n", "PITV", p.pitv);
  std::printf("%-40s %10.2f\n", "CI (Paddick)", p.ci_paddick);
  std::printf("%-40s %10.3f\n", "HI (ICRU 83)", p.hi);
  std::printf("%-40s %10.2f\n", "GI", p.gi);
  std::printf("%-40s %10.1f\n", "Dose dropping zone Dmean (Gy)", p.ddz_mean_gy);
  std::printf("%-40s %10.1f\n", "Dose dropping zone V95 (%)", p.ddz_v95_percent);
  std::printf("%-40s %10.2f\n", "Normal brain Dmean (Gy)", p.normal_brain_mean_gy);
  std::printf("%-40s %10.2f\n", "Normal brain Dmean BED (Gy, a/b 2)", p.normal_brain_mean_bed_gy);
  std::printf("%-40s %10.2f\n", "Normal brain V30 (cc)", p.normal_brain_v30_cc);
  std::printf("%-40s %10.1f\n", "GTV volume (cc)", p.gtv_volume_cc);
  std::printf("%-40s %10.1f\n", "GTV Dmean / Dmax / Dmin (Gy)", p.gtv_mean_gy);
  std::printf("%-40s %10.1f / %.1f\n", "", p.gtv_max_gy, p.gtv_min_gy);
  std::printf("%-40s %10.1f\n", "Brain volume (cc)", p.brain_volume_cc);
  std::printf("%-40s %10.2f / %.2f\n", "Brainstem Dmax / Dmean (Gy)", stem.max_gy, stem.mean_gy);

  const double bin = 0.1;  // Gy; the curves are exact at every tabulated dose
  const std::vector<dvh_series> series{
      {"GTV", compute_voxel_dvh(dose, gtv).curve(dvh_kind::cumulative, bin)},
      {"PTV", compute_voxel_dvh(dose, ptv.structure).curve(dvh_kind::cumulative, bin)},
      {"PTV - GTV", compute_voxel_dvh(dose, mask_difference(ptv.structure, gtv)).curve(dvh_kind::cumulative, bin)},
      {"Normal brain", compute_voxel_dvh(dose, mask_difference(brain, ptv.structure)).curve(dvh_kind::cumulative, bin)},
      {"Brainstem", compute_voxel_dvh(dose, brainstem).curve(dvh_kind::cumulative, bin)}};
  write_dvh_csv(folder + "dose_metrics_dvh.csv", series);
  dvh_plot_options plot;
  plot.title = "Cumulative DVH, 52.5 Gy / 15 fx";
  plot.prescription_gy = prescription;
  dvh_figure(series, plot).save(folder + "dose_metrics_dvh.svg");
  std::printf("\nwrote %sdose_metrics_dvh.csv and %sdose_metrics_dvh.svg\n", folder.c_str(), folder.c_str());
  return 0;
}
