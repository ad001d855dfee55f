// Fit the seed paper's recurrence model from a cohort CSV and print its odds-ratio table (Table 3
// of the paper), the lrm-style summary and the Wald anova.
//
// Usage: example_fit_logistic [cohort.csv]   (default: examples/data/cohort_training.csv)

#include <cstdio>
#include <exception>
#include <string>

#include "nomo/glm/inference.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/statistics.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/io/report.hpp"
#include "nomo/model/frame.hpp"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : NOMO_EXAMPLE_DATA_DIR "/cohort_training.csv";
  try {
    namespace m = nomo::model;
    const auto cohort = nomo::io::read_csv(path);
    // lrm(recurrence ~ gtv_cc cut at 6 and 28 cc + BED cut at 60 and 73 Gy + target coverage cut at
    //     96 % + dose-dropping-zone Dmean cut at 77 Gy + primary + age)
    const m::model_spec spec{"recurrence",
                             {m::cut("gtv_cc", {6, 28}, {"<6 cc", "6-28 cc", ">=28 cc"}),
                              m::cut("bed_gy", {60, 73}, {"<60 Gy", "60-73 Gy", ">=73 Gy"}),
                              m::cut("tc", {0.96}, {"<96 %", ">=96 %"}),
                              m::cut("ddz_dmean_gy", {77}, {"<77 Gy", ">=77 Gy"}), m::categorical("primary", {}, "lung"),
                              m::continuous("age")}};
    const auto frame = m::make_frame(cohort, spec);
    const auto fit = nomo::glm::fit_logistic(frame);
    const auto stats = nomo::glm::lrm_stats(fit, frame.y);

    std::printf("Cohort %s: %zu of %zu rows used (complete cases)\n\n", path.c_str(), frame.missing.rows_used,
                frame.missing.rows_in_table);
    std::printf("%s\n", nomo::io::odds_ratio_table(fit).c_str());
    std::printf("%s\n", nomo::io::lrm_summary(fit, stats).c_str());
    std::printf("%s", nomo::io::anova_report(nomo::glm::anova(fit)).c_str());
    return fit.converged && !fit.separation.detected ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
