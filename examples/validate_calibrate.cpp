// Internal validation of the seed paper's recurrence model, as the paper did it with rms: fit the
// model, bootstrap its optimism (validate, B = 1000), its calibration curve (calibrate, B = 1000)
// and its coefficients (Table 3, right half), and draw the calibration figure.
//
// The bootstrap rows are R's: index_generator::r_compatible draws what `set.seed(20240101)` then
// `validate(fit, B = 1000)` (or `calibrate(fit, B = 1000)`) draws in R, so with the same cohort
// the validation table and calibration errors match rms' output to ~1e-10. (nomo's own
// splitmix64 generator is faster and portable but agrees with R only within Monte Carlo error.)
// Rows that R drew and saved in a CSV file can be fed instead with resample::read_index_plan.
//
// Usage: example_validate_calibrate [cohort.csv] [calibration.svg]
//        (defaults: examples/data/cohort_training.csv, calibration.svg in the current folder)

#include <cstdio>
#include <exception>
#include <string>

#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/resample/calibrate.hpp"
#include "nomo/resample/calibration_plot.hpp"
#include "nomo/resample/inference.hpp"
#include "nomo/resample/validate.hpp"

namespace {

namespace rs = nomo::resample;

void print_validation(const rs::validation& v) {
  std::printf("Bootstrap validation (%zu of %zu replicates used)\n", v.replicates.succeeded, v.replicates.total);
  std::printf("%-10s %10s %10s %10s %10s %10s %6s\n", "index", "original", "training", "test", "optimism", "corrected", "n");
  const std::pair<const char*, const rs::validation_index*> rows[] = {
      {"Dxy", &v.dxy}, {"C", &v.c}, {"R2", &v.r2}, {"Intercept", &v.intercept}, {"Slope", &v.slope}, {"Emax", &v.emax},
      {"D", &v.d}, {"U", &v.u}, {"Q", &v.q}, {"B", &v.brier}, {"g", &v.g}, {"gp", &v.gp}};
  for (const auto& [name, r] : rows) {
    std::printf("%-10s %10.4f %10.4f %10.4f %10.4f %10.4f %6zu\n", name, r->original, r->training, r->test, r->optimism,
                r->corrected, r->n);
  }
  if (!v.replicates.note.empty()) std::printf("%s\n", v.replicates.note.c_str());
}

void print_inference(const rs::bootstrap_inference& inf) {
  std::printf("\nBootstrap inference (%zu replicates): odds ratios with percentile and BCa 95%% CIs\n", inf.replicates.succeeded);
  std::printf("%-22s %8s %8s %19s %19s %7s\n", "term level", "OR", "SE(b)", "percentile CI (b)", "BCa CI (b)", "P");
  const double p_floor = 1.0 / static_cast<double>(inf.replicates.succeeded);
  for (const auto& c : inf.coefficients) {
    if (c.name == "Intercept") continue;
    const std::string bca = c.bca_available ? "" : " (BCa n/a)";
    // No replicate across 0 means P < 1/B, not P = 0.
    const std::string p = c.p_value < p_floor ? "<" + std::to_string(p_floor).substr(0, 5) : std::to_string(c.p_value).substr(0, 5);
    std::printf("%-22s %8.2f %8.2f %8.2f to %7.2f %8.2f to %7.2f %7s%s\n", c.name.c_str(), c.odds_ratio, c.standard_error,
                c.percentile_low, c.percentile_high, c.bca_low, c.bca_high, p.c_str(), bca.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : NOMO_EXAMPLE_DATA_DIR "/cohort_training.csv";
  const std::string svg = argc > 2 ? argv[2] : "calibration.svg";
  try {
    namespace m = nomo::model;
    const auto cohort = nomo::io::read_csv(path);
    const m::model_spec spec{"recurrence",
                             {m::cut("gtv_cc", {6, 28}, {"<6 cc", "6-28 cc", ">=28 cc"}),
                              m::cut("bed_gy", {60, 73}, {"<60 Gy", "60-73 Gy", ">=73 Gy"}),
                              m::cut("tc", {0.96}, {"<96 %", ">=96 %"}),
                              m::cut("ddz_dmean_gy", {77}, {"<77 Gy", ">=77 Gy"})}};
    const auto frame = m::make_frame(cohort, spec);

    rs::plan_options plan;  // the paper: 1000 bootstrap resamples
    plan.replicates = 1000;
    plan.seed = 20240101;
    plan.generator = rs::index_generator::r_compatible;  // R's set.seed(20240101) before each call
    rs::validate_options vo;
    vo.factors = frame.terms;
    vo.column_names = frame.column_names;
    print_validation(rs::validate(frame.x, frame.y, plan, vo));

    const auto cal = rs::calibrate(frame.x, frame.y, plan);
    std::printf("\nCalibration (B = %zu): n=%zu  Mean absolute error=%.3f  Mean squared error=%.5f  0.9 Quantile=%.3f\n",
                cal.replicates.succeeded, cal.errors.n, cal.errors.mean_absolute, cal.errors.mean_squared, cal.errors.quantile90);

    rs::inference_options io;
    io.column_names = frame.column_names;
    print_inference(rs::bootstrap_coefficients(frame.x, frame.y, plan, io));

    rs::calibration_plot_options po;
    po.title = "Calibration of the recurrence model (bootstrap, B = 1000)";
    rs::calibration_figure(cal, po).save(svg);
    std::printf("\nwrote %s\n", svg.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
