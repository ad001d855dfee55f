// Find cut-offs of a continuous dose variable the way the seed paper did: fit a restricted cubic
// spline for it with the other predictors, test its nonlinearity, read where the odds-ratio curve
// crosses 1 (with the confidence band's crossings), compare with the Youden-optimal threshold and the
// maximally selected χ² cut, cut the variable at the chosen threshold and refit, and draw the OR curve.
//
// Usage: example_spline_cutoffs [cohort.csv [column [unit]]]
//        (default: examples/data/cohort_training.csv, bed_gy, Gy). Writes or_curve_<column>.svg.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "nomo/glm/inference.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/io/report.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/spline/cutoff.hpp"
#include "nomo/spline/effect_curve.hpp"
#include "nomo/spline/effect_plot.hpp"

namespace {

void print_anova(const nomo::glm::anova_table& table) {
  std::printf("Wald tests (as rms anova)\n%-18s %9s %4s %10s\n", "", "Chi-Square", "d.f.", "P");
  for (const auto& row : table.rows) {
    std::printf("%-18s %9.2f %4d %10.4f\n", row.label.c_str(), row.test.chi2, row.test.df, row.test.p);
  }
}

void print_crossings(const nomo::spline::crossing_report& report, const std::string& unit) {
  std::printf("\nOdds ratio vs %s = %.4g %s: crossings of OR = 1\n", report.term.c_str(), report.reference, unit.c_str());
  if (report.crossings.empty()) std::printf("  none other than the reference within [%.4g, %.4g]\n", report.range_low, report.range_high);
  for (const auto& c : report.crossings) {
    std::printf("  %.4g %s (OR %s 1 above it); band contains OR = 1 from %s%.4g to %s%.4g\n", c.x, unit.c_str(),
                c.rising ? ">" : "<", c.low_bounded ? "" : "<= ", c.interval_low, c.high_bounded ? "" : ">= ", c.interval_high);
  }
  for (const double x : report.lower_band) std::printf("  lower 95%% limit crosses 1 at %.4g\n", x);
  for (const double x : report.upper_band) std::printf("  upper 95%% limit crosses 1 at %.4g\n", x);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : NOMO_EXAMPLE_DATA_DIR "/cohort_training.csv";
  const std::string column = argc > 2 ? argv[2] : "bed_gy";
  const std::string unit = argc > 3 ? argv[3] : "Gy";
  try {
    namespace m = nomo::model;
    const auto cohort = nomo::io::read_csv(path);
    // lrm(recurrence ~ rcs(<column>, 4) + age + primary)
    const m::model_spec spec{"recurrence", {m::rcs(column, 4), m::continuous("age"), m::categorical("primary")}};
    const auto frame = m::make_frame(cohort, spec);
    const auto fit = nomo::glm::fit_logistic(frame);
    const auto& term = frame.term_named(column);
    std::printf("%s: %zu of %zu rows used; knots of %s:", path.c_str(), frame.missing.rows_used,
                frame.missing.rows_in_table, column.c_str());
    for (const double k : term.knots) std::printf(" %.4g", k);
    std::printf(" %s\n", unit.c_str());
    for (const auto& note : frame.notes) std::printf("note: %s\n", note.c_str());
    print_anova(nomo::glm::anova(fit));
    // summary(fit): the spline's effect across its quartiles, not per basis column.
    std::printf("\n%s", nomo::io::effects_report(nomo::glm::summarize_effects(fit)).c_str());
    // summary(fit, age = c(50, 60)): age per decade instead of across its quartiles.
    std::printf("\nAge per decade from 50:\n%s",
                nomo::io::effects_report(nomo::glm::summarize_effects(fit, fit.terms, {{"age", 50, 60}})).c_str());

    const auto crossings = nomo::spline::or_crossings(fit, column);
    print_crossings(crossings, unit);

    // The variable alone, on the frame's rows.
    const Eigen::VectorXd x = frame.x.col(term.columns.front());
    const auto youden = nomo::spline::youden_cutoff(x, frame.y);
    std::printf("\nYouden-optimal threshold %.4g %s (Se %.2f, Sp %.2f), bootstrap 95%% interval %.4g to %.4g (%d replicates)\n",
                youden.threshold, unit.c_str(), youden.sensitivity, youden.specificity, youden.interval_low,
                youden.interval_high, youden.replicates_used);
    const auto maxstat = nomo::spline::maxstat_cutoff(x, frame.y);
    std::printf("Maximally selected cut %s <= %.4g %s: M = %.3f, P adjusted %.4f (Lau94) / %.4f (Lau92), unadjusted %.4f\n",
                column.c_str(), maxstat.cutpoint, unit.c_str(), maxstat.statistic, maxstat.p_lausen94,
                maxstat.p_lausen92, maxstat.p_unadjusted);

    // Cut the variable at the Youden threshold, as the paper did with its cut-offs, and refit.
    const m::model_spec cut_spec{"recurrence", {m::cut(column, {youden.threshold}), m::continuous("age"), m::categorical("primary")}};
    const auto cut_fit = nomo::glm::fit_logistic(m::make_frame(cohort, cut_spec));
    std::printf("Refitted with %s cut at %.4g: OR %s = %.2f (95%% CI %.2f to %.2f)\n", column.c_str(), youden.threshold,
                cut_fit.names[1].c_str(), cut_fit.odds_ratios(1), cut_fit.odds_ratio_low(1), cut_fit.odds_ratio_high(1));

    nomo::spline::effect_plot_options plot;
    plot.unit = unit;
    plot.rug.assign(x.data(), x.data() + x.size());
    for (const auto& c : crossings.crossings) plot.cutoffs.push_back(c.x);
    const std::string svg = "or_curve_" + column + ".svg";
    nomo::spline::odds_ratio_figure(nomo::spline::odds_ratio_curve(fit, column), plot).save(svg);
    std::printf("\nwrote %s\n", svg.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
