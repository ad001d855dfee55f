// The seed paper's group comparisons on a cohort CSV: Table 1 of baseline characteristics by
// recurrence group, Kaplan–Meier overall survival by group with medians, 95 % CIs and the log-rank P
// (its Fig. 2), and the hazard-ratio curve of GTV volume from a Cox model with a restricted cubic
// spline (its Fig. 3).
//
// Usage: example_survival_table_one [cohort.csv]
// Default input: examples/data/cohort_training.csv. Writes table_one.md, table_one.csv,
// km_overall_survival.svg and hr_gtv_cc.svg into the current folder.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "nomo/model/frame.hpp"
#include "nomo/stats/table_one.hpp"
#include "nomo/survival/cox.hpp"
#include "nomo/survival/km_plot.hpp"
#include "nomo/survival/log_rank.hpp"

namespace {

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string limit_text(const std::optional<double>& v) { return v ? nomo::stats::format_fixed(*v, 1) : "NA"; }

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : std::string(NOMO_EXAMPLE_DATA_DIR) + "/cohort_training.csv";
  try {
    nomo::io::table cohort = nomo::io::read_csv(path);

    // Name the groups the way the paper does instead of 0/1.
    const auto& recurrence = cohort.at("recurrence");
    std::vector<std::string> group;
    for (std::size_t i = 0; i < recurrence.size(); ++i) {
      group.push_back(recurrence.missing[i] ? "" : recurrence.numbers[i] == 1 ? "recurrence" : "pseudo-progression");
    }
    cohort.add(nomo::io::label_column("group", group));

    // Table 1: the test follows each variable's summary unless overridden.
    using nomo::stats::group_test;
    using nomo::stats::summary_kind;
    const std::vector<nomo::stats::table_one_variable> variables{
        {"age", "Age (years)", summary_kind::mean_sd, group_test::automatic, {}, 1},
        {"sex", "Sex", summary_kind::counts, group_test::automatic, {}, 1},
        {"kps", "KPS", summary_kind::counts, group_test::automatic, {}, 1},
        {"primary", "Primary tumour", summary_kind::counts, group_test::automatic, {}, 1},
        {"gtv_cc", "GTV (cc)", summary_kind::median_iqr, group_test::automatic, {}, 1},
        {"bed_gy", "BED (Gy)", summary_kind::median_iqr, group_test::automatic, {}, 1},
        {"paddick_ci", "Paddick CI", summary_kind::median_iqr, group_test::automatic, {}, 3},
        {"brain_v30_cc", "Brain V30 (cc)", summary_kind::median_iqr, group_test::automatic, {}, 1}};
    nomo::stats::table_one_options table_options;
    table_options.group_levels = {"pseudo-progression", "recurrence"};
    const auto table = nomo::stats::build_table_one(cohort, "group", variables, table_options);
    std::cout << "Table 1 (" << path << ")\n\n" << nomo::stats::to_markdown(table) << "\n";
    write_text("table_one.md", nomo::stats::to_markdown(table));
    write_text("table_one.csv", nomo::stats::to_csv(table));

    // Kaplan–Meier overall survival by group, with the log-rank test.
    const auto& os = cohort.at("os_months");
    const auto& death = cohort.at("death");
    const auto km = nomo::survival::kaplan_meier(os.numbers, death.numbers, group, {}, table_options.group_levels);
    const auto test = nomo::survival::log_rank(os.numbers, death.numbers, group, table_options.group_levels);
    std::cout << "Overall survival (months)\n";
    for (const auto& curve : km.curves) {
      std::printf("  %-20s n = %3zu  deaths = %3zu  median %s (95%% CI %s to %s)\n", curve.group.c_str(), curve.n,
                  curve.events, limit_text(curve.median).c_str(), limit_text(curve.median_lower).c_str(),
                  limit_text(curve.median_upper).c_str());
    }
    std::printf("  log-rank chi-square = %.3f on %d df, P = %.4g\n\n", test.chi_square, test.df, test.p_value);
    nomo::survival::km_plot_options plot_options;
    plot_options.x_title = "Months";
    plot_options.y_title = "Overall survival";
    plot_options.times = {0, 24, 48, 72, 96, 120, 144};
    nomo::survival::plot_kaplan_meier(km, plot_options, test).save("km_overall_survival.svg");

    // Cox model with a spline of GTV volume; HR curve against the median volume.
    nomo::model::model_spec spec;
    spec.outcome = "death";
    spec.terms = {nomo::model::rcs("gtv_cc", 4), nomo::model::continuous("age"), nomo::model::binary("sex")};
    const auto frame = nomo::model::make_frame(cohort, spec);
    const auto cox = nomo::survival::fit_cox(frame, os);
    std::cout << "Cox model (Efron ties), n = " << cox.n << ", deaths = " << cox.events
              << (cox.converged ? "" : "  [did not converge]") << "\n";
    for (Eigen::Index j = 0; j < cox.coefficients.size(); ++j) {
      std::printf("  %-12s HR %.3f (%.3f to %.3f)  P = %.3g\n", cox.names[static_cast<std::size_t>(j)].c_str(),
                  cox.hazard_ratios(j), cox.hr_lower(j), cox.hr_upper(j), cox.p_values(j));
    }
    std::printf("  LR chi-square %.3f (P = %.3g), Wald %.3f (P = %.3g), score %.3f (P = %.3g)\n", cox.lr_chi_square,
                cox.lr_p_value, cox.wald_chi_square, cox.wald_p_value, cox.score_chi_square, cox.score_p_value);
    const auto& gtv = frame.terms.front().summary;
    const auto curve = nomo::survival::hazard_ratio_curve_of(cox, "gtv_cc", nomo::seq_length(gtv.min, gtv.max, 100),
                                                             gtv.adjust_to);
    nomo::survival::hr_plot_options hr_options;
    hr_options.x_title = "GTV (cc)";
    hr_options.title = "Hazard ratio of death vs GTV = " + nomo::stats::format_fixed(gtv.adjust_to, 1) + " cc";
    nomo::survival::plot_hazard_ratio_curve(curve, hr_options).save("hr_gtv_cc.svg");
    std::cout << "\nWrote table_one.md, table_one.csv, km_overall_survival.svg, hr_gtv_cc.svg\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
