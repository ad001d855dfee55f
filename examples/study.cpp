// The seed paper's whole workflow, end to end (brain metastases after hypofractionated RT: tumour
// recurrence vs pseudo-progression), written the way a nomo user would write it:
//
//   1. Dose metrics   the Table-2 plan parameters of one synthetic plan (nomo::dose), to show where
//                     the cohort's dose columns come from.
//   2. Groups         Table 1 by recurrence group; Kaplan–Meier overall survival by group with
//                     medians and the log-rank P.
//   3. Cut-offs       rcs(gtv_cc, 4) and rcs(bed_gy, 4): nonlinearity P and where the odds-ratio
//                     curve crosses OR = 1.
//   4. Model          univariable screening (P < 0.10), backward elimination by AIC, the Table-3
//                     odds-ratio table with bootstrap columns (B = 1000).
//   5. Internal validation  optimism-corrected C and calibration slope (validate, B = 1000) and
//                     the bootstrap calibration curve with its mean absolute error (calibrate).
//   6. Nomogram       points table, two example patients scored.
//   7. Discrimination and usefulness  ROC/AUC with DeLong CIs in both cohorts (model frozen on the
//                     training cohort), calibration in the validation cohort, decision curve against
//                     a GTV-only model, clinical impact curve.
//
// Usage: example_study [training.csv validation.csv]
//        (defaults: examples/data/cohort_training.csv and cohort_validation.csv). The figures are
//        written to the current folder as study_*.svg. Bootstrap runs use every available core and
//        fixed seeds, so the output is the same on every machine and thread count.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "nomo/core/numeric.hpp"
#include "nomo/dose/grid.hpp"
#include "nomo/dose/morphology.hpp"
#include "nomo/dose/plan_summary.hpp"
#include "nomo/eval/calibration.hpp"
#include "nomo/eval/clinical_impact.hpp"
#include "nomo/eval/decision_curve.hpp"
#include "nomo/eval/delong.hpp"
#include "nomo/eval/hosmer_lemeshow.hpp"
#include "nomo/eval/plots.hpp"
#include "nomo/eval/roc.hpp"
#include "nomo/glm/inference.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/screen.hpp"
#include "nomo/glm/step.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/io/format.hpp"
#include "nomo/io/report.hpp"
#include "nomo/io/vectors.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/nomogram/export.hpp"
#include "nomo/nomogram/nomogram.hpp"
#include "nomo/nomogram/score.hpp"
#include "nomo/nomogram/svg.hpp"
#include "nomo/resample/calibrate.hpp"
#include "nomo/resample/calibration_plot.hpp"
#include "nomo/resample/report.hpp"
#include "nomo/resample/inference.hpp"
#include "nomo/resample/validate.hpp"
#include "nomo/spline/cutoff.hpp"
#include "nomo/spline/effect_curve.hpp"
#include "nomo/spline/effect_plot.hpp"
#include "nomo/stats/table_one.hpp"
#include "nomo/survival/kaplan_meier.hpp"
#include "nomo/survival/km_plot.hpp"
#include "nomo/survival/log_rank.hpp"

namespace {

namespace model = nomo::model;
namespace rs = nomo::resample;
namespace eval = nomo::eval;

// The paper's bootstrap size; one seed for every resampling run so the report is reproducible.
constexpr int bootstrap_replicates = 1000;
constexpr std::uint64_t bootstrap_seed = 2024;

void heading(int number, const char* title) { std::printf("\n%d. %s\n%s\n", number, title, std::string(60, '-').c_str()); }

std::string one_decimal(const std::optional<double>& v) { return v ? nomo::io::format_fixed(*v, 1) : "NA"; }

// ---------------------------------------------------------------------------------------------
// 1. Dose metrics of one synthetic plan.

// An 8 mm-radius spherical lesion (about 2.2 cc once voxelised) at the centre of a small 1 × 1 × 2 mm grid (the paper's slice
// thickness); the "brain" is the ellipsoid filling the grid. Small enough to take milliseconds,
// large enough that the dose falls to the bath well inside it.
constexpr double gtv_radius_mm = 8;

double distance_to_lesion(double x, double y, double z) { return std::sqrt(x * x + y * y + z * z); }

// SRT-like sigmoid fall-off (Rx about 1 mm outside the GTV) on a 2 Gy low-dose bath.
double synthetic_dose(double x, double y, double z) {
  return 58.0 / (1.0 + std::exp((distance_to_lesion(x, y, z) - 12.42) / 1.781)) + 2.0;
}

void section_dose_metrics() {
  heading(1, "Dose metrics of a synthetic plan (the columns of Table 2)");
  using namespace nomo::dose;
  const grid_geometry grid{{80, 80, 40}, {1.0, 1.0, 2.0}, {-39.5, -39.5, -39.0}};
  const dose_grid<float> dose = make_dose_grid<float>(grid, synthetic_dose);
  const mask gtv = make_mask(grid, [](double x, double y, double z) { return distance_to_lesion(x, y, z) <= gtv_radius_mm; });
  const margin_result ptv = expand_margin(gtv, 2.0);  // the paper's GTV -> PTV margin
  const mask brain = make_mask(grid, [](double x, double y, double z) {
    return x * x / (39.0 * 39.0) + y * y / (39.0 * 39.0) + z * z / (38.0 * 38.0) <= 1.0;
  });
  plan_summary_options options;
  options.prescription_gy = 52.5;
  options.fractions = 15;
  const plan_parameters p = summarize_plan(dose, gtv, ptv.structure, brain, options);
  std::printf("52.5 Gy / 15 fx to a %.2f cc GTV (PTV = GTV + 2 mm, %.2f cc)\n", p.gtv_volume_cc, p.ptv_volume_cc);
  std::printf("  BED %.1f Gy | TC %.1f %% | PITV %.2f | Paddick CI %.2f | HI %.3f | GI %.2f\n", p.bed_gy, 100 * p.tc,
              p.pitv, p.ci_paddick, p.hi, p.gi);
  std::printf("  dose-dropping zone Dmean %.1f Gy, V95 %.1f %% | normal brain Dmean %.2f Gy, V30 %.2f cc\n",
              p.ddz_mean_gy, p.ddz_v95_percent, p.normal_brain_mean_gy, p.normal_brain_v30_cc);
}

// ---------------------------------------------------------------------------------------------
// 2. Table 1 and overall survival by recurrence group.

const std::vector<std::string> group_levels{"pseudo-progression", "recurrence"};

// The groups named as in the paper instead of 0/1 (missing outcome stays missing). Any other code
// is an error here rather than silently joining a group.
std::vector<std::string> recurrence_groups(const nomo::io::table& cohort) {
  const auto& recurrence = cohort.at("recurrence");
  if (!recurrence.is_numeric()) throw std::runtime_error("recurrence in " + cohort.source + " must be coded 0/1");
  std::vector<std::string> group;
  for (std::size_t i = 0; i < recurrence.size(); ++i) {
    if (recurrence.missing[i]) {
      group.emplace_back();
    } else if (recurrence.numbers[i] == 0 || recurrence.numbers[i] == 1) {
      group.push_back(group_levels[recurrence.numbers[i] == 1 ? 1 : 0]);
    } else {
      throw std::runtime_error("recurrence must be 0 or 1; row " + std::to_string(i + 1) + " of " + cohort.source +
                               " has " + std::to_string(recurrence.numbers[i]));
    }
  }
  return group;
}

void print_table_one(nomo::io::table cohort, const std::vector<std::string>& group) {
  cohort.add(nomo::io::label_column("group", group));
  using nomo::stats::group_test;
  using nomo::stats::summary_kind;
  const std::vector<nomo::stats::table_one_variable> variables{
      {"age", "Age (years)", summary_kind::mean_sd, group_test::automatic, {}, 1},
      {"sex", "Sex", summary_kind::counts, group_test::automatic, {}, 1},
      {"kps", "KPS", summary_kind::counts, group_test::automatic, {}, 1},
      {"primary", "Primary tumour", summary_kind::counts, group_test::automatic, {}, 1},
      {"targeted_therapy", "Targeted therapy", summary_kind::counts, group_test::automatic, {}, 1},
      {"gtv_cc", "GTV (cc)", summary_kind::median_iqr, group_test::automatic, {}, 1},
      {"bed_gy", "BED (Gy)", summary_kind::median_iqr, group_test::automatic, {}, 1},
      {"tc", "Target coverage", summary_kind::median_iqr, group_test::automatic, {}, 3},
      {"ddz_dmean_gy", "DDZ Dmean (Gy)", summary_kind::median_iqr, group_test::automatic, {}, 1}};
  nomo::stats::table_one_options options;
  options.group_levels = group_levels;
  std::printf("%s", nomo::stats::to_markdown(nomo::stats::build_table_one(cohort, "group", variables, options)).c_str());
}

void print_survival(const nomo::io::table& cohort, const std::vector<std::string>& group) {
  const std::vector<double> os = nomo::io::column_values(cohort, "os_months");
  const std::vector<double> death = nomo::io::column_values(cohort, "death");
  const auto km = nomo::survival::kaplan_meier(os, death, group, {}, group_levels);
  const auto test = nomo::survival::log_rank(os, death, group, group_levels);
  std::printf("\nOverall survival (months)\n");
  for (const auto& curve : km.curves) {
    std::printf("  %-20s n = %3zu  deaths = %3zu  median %s (95%% CI %s to %s)\n", curve.group.c_str(), curve.n,
                curve.events, one_decimal(curve.median).c_str(), one_decimal(curve.median_lower).c_str(),
                one_decimal(curve.median_upper).c_str());
  }
  std::printf("  log-rank chi-square = %.3f on %d df, P = %.4f\n", test.chi_square, test.df, test.p_value);
  nomo::survival::km_plot_options plot;
  plot.x_title = "Months";
  plot.y_title = "Overall survival";
  plot.times = {0, 24, 48, 72, 96, 120, 144};
  nomo::survival::plot_kaplan_meier(km, plot, test).save("study_km_overall_survival.svg");
}

void section_groups(const nomo::io::table& training) {
  heading(2, "Patients by recurrence group (Table 1) and overall survival");
  const std::vector<std::string> group = recurrence_groups(training);
  print_table_one(training, group);
  print_survival(training, group);
}

// ---------------------------------------------------------------------------------------------
// 3. Cut-off finding with restricted cubic splines.

// One variable's spline alone, as each panel of the paper's Fig. 3; returns the crossings so the
// caller can mark them on the figure.
nomo::spline::crossing_report spline_cutoffs(const nomo::io::table& training, const std::string& column,
                                             const char* label, const char* unit, bool draw) {
  const model::model_frame frame = model::make_frame(training, {"recurrence", {model::rcs(column, 4)}});
  const auto fit = nomo::glm::fit_logistic(frame);
  const model::term& term = frame.term_named(column);
  const auto nonlinear = nomo::glm::wald_test(fit, term.nonlinear_columns);
  const auto report = nomo::spline::or_crossings(fit, column);
  std::printf("rcs(%s, 4), knots", column.c_str());
  for (const double k : term.knots) std::printf(" %.4g", k);
  std::printf(" %s; nonlinearity chi-square %.2f on %d df, P = %.4f\n", unit, nonlinear.chi2, nonlinear.df, nonlinear.p);
  std::printf("  OR = 1 at the reference %.4g %s", report.reference, unit);
  for (const auto& c : report.crossings) std::printf(" and at %.4g %s (OR %s 1 above)", c.x, unit, c.rising ? ">" : "<");
  std::printf("\n");
  if (draw) {
    nomo::spline::effect_plot_options plot;
    plot.variable = label;
    plot.unit = unit;
    const Eigen::VectorXd x = frame.x.col(term.columns.front());
    plot.rug.assign(x.data(), x.data() + x.size());
    for (const auto& c : report.crossings) plot.cutoffs.push_back(c.x);
    // The curve and the crossings cover the same range (rms Predict's), so every mark lies on it.
    nomo::spline::odds_ratio_figure(nomo::spline::odds_ratio_curve(fit, column), plot).save("study_or_curve_" + column + ".svg");
  }
  return report;
}

void section_cutoffs(const nomo::io::table& training) {
  heading(3, "Cut-offs from restricted cubic splines (Fig. 3)");
  spline_cutoffs(training, "gtv_cc", "GTV", "cc", true);
  spline_cutoffs(training, "bed_gy", "BED", "Gy", false);
  std::printf("The model below uses the paper's rounded cut-offs: GTV 6 and 28 cc, BED 60 and 73 Gy,\n"
              "coverage 0.96, dose-dropping-zone Dmean 77 Gy.\n");
}

// ---------------------------------------------------------------------------------------------
// 4. Screening, backward elimination and the odds-ratio table.

model::model_spec candidate_terms() {
  return {"recurrence",
          {model::cut("gtv_cc", {6, 28}, {"<6", "6-28", ">=28"}), model::cut("bed_gy", {60, 73}, {"<60", "60-73", ">=73"}),
           model::cut("tc", {0.96}, {"<0.96", ">=0.96"}), model::cut("ddz_dmean_gy", {77}, {"<77", ">=77"}),
           model::binary("targeted_therapy", "no"), model::categorical("primary"), model::continuous("age")}};
}

void print_screening(const nomo::glm::screen_result& screen) {
  std::printf("Univariable screening (pooled Wald P, keep P < %.2f)\n", screen.threshold);
  std::printf("  %-18s %9s %3s %8s %6s  %s\n", "term", "chi-sq", "df", "P", "n", "kept");
  for (const auto& row : screen.rows) {
    std::printf("  %-18s %9.2f %3d %8s %6zu  %s%s\n", row.term.c_str(), row.chi_square, row.df,
                nomo::io::detail::p_value(row.p_value, 4).c_str(), row.rows_used, row.kept ? "yes" : "no",
                row.separation ? "  (separation: P unreliable)" : "");
  }
}

void print_elimination(const nomo::glm::step_result& step) {
  std::printf("\nBackward elimination by AIC (step)\n");
  for (const auto& s : step.steps) {
    std::printf("  %-22s deviance %8.3f  AIC %8.3f\n", s.removed.empty() ? "<start>" : ("- " + s.removed).c_str(),
                s.deviance, s.aic);
  }
}

// The bootstrap half of Table 3 as columns of the odds-ratio table: SE and percentile CI of the
// coefficient (the paper's scale) and the two-sided bootstrap P.
std::vector<nomo::io::table_column> bootstrap_columns(const rs::bootstrap_inference& inference) {
  using nomo::io::format_fixed;
  std::vector<nomo::io::table_column> columns{{"SE(b) boot", {}}, {"95% percentile CI (b)", {}}, {"P boot", {}}};
  const double p_floor = 1.0 / static_cast<double>(inference.replicates.succeeded);
  for (std::size_t k = 1; k < inference.coefficients.size(); ++k) {  // design columns follow the intercept
    const auto& c = inference.coefficients[k];
    columns[0].cells.push_back(format_fixed(c.standard_error, 2));
    columns[1].cells.push_back(format_fixed(c.percentile_low, 2) + " to " + format_fixed(c.percentile_high, 2));
    // No replicate on the other side of 0 means P < 1/B, not P = 0.
    columns[2].cells.push_back(c.p_value < p_floor ? "<" + format_fixed(p_floor, 3) : format_fixed(c.p_value, 3));
  }
  return columns;
}

// R's generator: validate and calibrate then resample exactly the rows that
// set.seed(bootstrap_seed); rms::validate(fit, B = 1000) (or calibrate) resamples, so a reader can
// reproduce sections 4-5 in R.
rs::plan_options bootstrap_plan_options() {
  rs::plan_options plan;
  plan.replicates = bootstrap_replicates;
  plan.seed = bootstrap_seed;
  plan.generator = rs::index_generator::r_compatible;
  return plan;
}

/// The final model: its frame (frozen cut points and levels) and its fit on the training cohort.
struct final_model {
  model::model_frame frame;
  nomo::glm::logistic_fit fit;
};

final_model section_model(const nomo::io::table& training) {
  heading(4, "Screening, backward elimination and the final model (Table 3)");
  const auto screen = nomo::glm::screen_terms(training, candidate_terms());
  print_screening(screen);
  if (screen.kept.empty()) throw std::runtime_error("no candidate passed screening at P < 0.10; there is no model to fit");
  const model::model_spec screened{"recurrence", screen.kept};
  const auto step = nomo::glm::backward_aic(model::make_frame(training, screened));
  print_elimination(step);
  const model::model_spec chosen = nomo::glm::final_spec(screened, step);
  if (chosen.terms.empty()) throw std::runtime_error("backward elimination removed every term; there is no model to report");
  final_model m{model::make_frame(training, chosen), {}};
  m.fit = nomo::glm::fit_logistic(m.frame);
  std::printf("\nFinal model: %zu of %zu patients (complete cases), %ld events%s\n\n", m.frame.missing.rows_used,
              m.frame.missing.rows_in_table, static_cast<long>(m.fit.n_events),
              m.fit.converged && !m.fit.separation.detected ? "" : "  [fit did not converge or is separated]");
  rs::inference_options options;
  options.column_names = m.frame.column_names;
  options.bca = false;  // the paper reports percentile limits; BCa would add n jackknife refits
  const auto inference = rs::bootstrap_coefficients(m.frame.x, m.frame.y, bootstrap_plan_options(), options);
  std::printf("Wald OR and CI; bootstrap columns on the coefficient scale as the paper's Table 3 (B = %zu of %zu succeeded)\n",
              inference.replicates.succeeded, inference.replicates.total);
  std::printf("%s", nomo::io::odds_ratio_table(m.fit, {}, bootstrap_columns(inference)).c_str());
  return m;
}

// ---------------------------------------------------------------------------------------------
// 5. Internal validation by the bootstrap.

void section_internal_validation(const final_model& m) {
  heading(5, "Internal validation (bootstrap, B = 1000)");
  const rs::validation v = rs::validate(m.frame, bootstrap_plan_options());  // the frame's terms are the factors
  std::fputs(rs::validation_report(v).c_str(), stdout);  // as rms prints validate(fit, B = 1000)
  std::printf("Optimism-corrected C = 0.5 + Dxy/2 = %.3f (%zu of %zu replicates succeeded)\n", v.c.corrected,
              v.replicates.succeeded, v.replicates.total);

  const rs::calibration_curve cal = rs::calibrate(m.frame, bootstrap_plan_options());
  std::printf("Calibration (paper: mean absolute error 0.041):\n%s\n", rs::calibration_error_summary(cal).c_str());
  rs::calibration_plot_options plot;
  plot.title = "Bootstrap calibration, training cohort (B = 1000)";
  rs::calibration_figure(cal, plot).save("study_calibration_bootstrap.svg");
}

// ---------------------------------------------------------------------------------------------
// 6. Nomogram.

// A patient described on every candidate predictor, reduced to the terms the final model kept
// (score() rightly refuses values for terms the model does not have).
nomo::nomogram::patient on_model_terms(const nomo::nomogram::patient& described, const model::model_frame& frame) {
  nomo::nomogram::patient p;
  for (const model::term& t : frame.terms) {
    std::visit([&](const auto& value) { p.set(t.name, value); }, described.values().at(t.name));
  }
  return p;
}

// "gtv_cc 3, targeted_therapy yes": the values a score actually used.
std::string describe(const nomo::nomogram::patient& p) {
  std::string text;
  for (const auto& [name, value] : p.values()) {
    text += (text.empty() ? "" : ", ") + name + " ";
    std::visit([&](const auto& v) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, double>) text += fmt::format("{:g}", v);
      else text += v;
    }, value);
  }
  return text;
}

void section_nomogram(const final_model& m) {
  heading(6, "Nomogram (Fig. 4)");
  const auto chart = nomo::nomogram::build_nomogram(m.fit);
  std::printf("%s", nomo::nomogram::points_table_markdown(chart).c_str());
  nomo::nomogram::patient favourable, unfavourable;
  favourable.set("gtv_cc", 3.0).set("bed_gy", 80.0).set("tc", 0.99).set("ddz_dmean_gy", 60.0);
  favourable.set("targeted_therapy", "yes").set("primary", "lung").set("age", 55.0);
  unfavourable.set("gtv_cc", 12.0).set("bed_gy", 55.0).set("tc", 0.90).set("ddz_dmean_gy", 85.0);
  unfavourable.set("targeted_therapy", "no").set("primary", "lung").set("age", 65.0);
  for (const auto& who : {favourable, unfavourable}) {
    const auto used = on_model_terms(who, m.frame);  // the final model's terms only
    const auto s = nomo::nomogram::score(chart, used);
    std::printf("Patient (%s): %.0f points, risk of recurrence %.2f\n", describe(used).c_str(), s.total_points,
                s.probability);
  }
  nomo::nomogram::svg_options look;
  look.title = "Risk of tumour recurrence after HFRT";
  look.term_labels = {{"gtv_cc", "GTV (cc)"},           {"bed_gy", "BED (Gy)"},
                      {"tc", "Target coverage"},         {"ddz_dmean_gy", "DDZ Dmean (Gy)"},
                      {"targeted_therapy", "Targeted therapy"}, {"primary", "Primary"}, {"age", "Age (years)"}};
  look.risk_label = "Risk of recurrence";
  look.linear_predictor_axis = false;  // the paper's Fig. 4 shows points and risk only
  nomo::nomogram::render_svg(chart, look).save("study_nomogram.svg");
}

// ---------------------------------------------------------------------------------------------
// 7. Discrimination, calibration in the validation cohort, clinical usefulness.

/// A model's risks in both cohorts, the model fitted on the training cohort only.
struct cohort_risks {
  Eigen::VectorXd training, validation;
};

// Validation rows are encoded with the training frame's frozen cut points and levels; both cohorts
// go through the same prediction path so equal covariates give equal risks (ties as in pROC).
cohort_risks frozen_risks(const model::model_frame& frame, const nomo::glm::logistic_fit& fit,
                          const nomo::io::table& validation) {
  return {nomo::glm::predict(fit, frame.x).probability,
          nomo::glm::predict(fit, model::design_matrix(frame, validation)).probability};
}

void print_auc(const char* label, const eval::auc_interval& ci) {
  std::printf("  %-22s AUC %.3f (95%% CI %.3f-%.3f, DeLong)\n", label, ci.auc, ci.lower, ci.upper);
}

void usefulness_figures(const cohort_risks& full, const cohort_risks& gtv_only, const Eigen::VectorXd& y) {
  const std::vector<double> thresholds = nomo::seq_length(0.01, 0.80, 80);
  eval::decision_curve_options dca;
  dca.band.replicates = 500;  // rmda's default
  const auto curve = eval::decision_curve_analysis({{"Nomogram", full.training}, {"GTV only", gtv_only.training}}, y,
                                                   thresholds, dca);
  eval::clinical_impact_options impact;
  impact.band.replicates = 500;
  eval::decision_curve_plot(curve, {560, 500, "Decision curve (training cohort)"}).save("study_decision_curve.svg");
  eval::clinical_impact_plot(eval::clinical_impact(full.training, y, thresholds, impact),
                             {560, 500, "Clinical impact (training cohort)"})
      .save("study_clinical_impact.svg");
  std::printf("Decision curve, net benefit at threshold  0.20    0.40    0.60\n");
  const auto print_row = [&](const std::string& name, const std::vector<double>& net_benefit) {
    std::printf("  %-38s", name.c_str());
    for (const double t : {0.2, 0.4, 0.6}) std::printf(" %7.3f", net_benefit[eval::threshold_index(curve, t)]);
    std::printf("\n");
  };
  for (const auto& model_curve : curve.models) print_row(model_curve.name, model_curve.net_benefit);
  print_row("Treat all", curve.treat_all);
}

void section_discrimination(const final_model& m, const nomo::io::table& training, const nomo::io::table& validation) {
  heading(7, "Discrimination, validation-cohort calibration, clinical usefulness (Figs. 5-7)");
  const cohort_risks full = frozen_risks(m.frame, m.fit, validation);
  const model::model_frame gtv_frame =
      model::make_frame(training, {"recurrence", {model::cut("gtv_cc", {6, 28}, {"<6", "6-28", ">=28"})}});
  const cohort_risks gtv_only = frozen_risks(gtv_frame, nomo::glm::fit_logistic(gtv_frame), validation);
  const Eigen::VectorXd y_valid = nomo::io::column_vector(validation, "recurrence");

  const auto train_roc = eval::roc(full.training, m.frame.y);
  const auto valid_roc = eval::roc(full.validation, y_valid);
  const auto gtv_roc = eval::roc(gtv_only.training, gtv_frame.y);
  const auto train_ci = eval::delong_ci(train_roc), valid_ci = eval::delong_ci(valid_roc), gtv_ci = eval::delong_ci(gtv_roc);
  print_auc("training (paper 0.730)", train_ci);
  print_auc("validation (paper 0.967)", valid_ci);
  print_auc("GTV only, training", gtv_ci);
  const auto paired = eval::delong_test(full.training, gtv_only.training, m.frame.y);
  std::printf("  final model vs GTV only (training, paired DeLong): Z = %.3f, P = %.4f\n", paired.z, paired.p_value);
  eval::roc_plot({{"Training", train_roc, train_ci}, {"Validation", valid_roc, valid_ci}, {"GTV only (training)", gtv_roc, gtv_ci}},
                 {560, 500, "ROC curves"})
      .save("study_roc.svg");

  const auto calibration = eval::assess_calibration(full.validation, y_valid);
  const auto hl = eval::hosmer_lemeshow(full.validation, y_valid, {5});
  std::printf("Validation calibration: calibration-in-the-large %.3f, slope %.3f, Brier %.3f, apparent-curve mean "
              "|error| %.3f (predictions inside calibrate's grid; the paper's 0.038 is a bootstrap-corrected curve)\n",
              calibration.intercept_in_the_large.estimate, calibration.slope.estimate, calibration.brier,
              calibration.mean_absolute_error);
  eval::calibration_plot(calibration, hl, {560, 500, "Calibration in the validation cohort"}).save("study_calibration_validation.svg");
  usefulness_figures(full, gtv_only, m.frame.y);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 1 && argc != 3) {
    std::fprintf(stderr, "usage: %s [training.csv validation.csv]\n", argv[0]);
    return 1;
  }
  const std::string data = NOMO_EXAMPLE_DATA_DIR;
  const std::string training_path = argc > 2 ? argv[1] : data + "/cohort_training.csv";
  const std::string validation_path = argc > 2 ? argv[2] : data + "/cohort_validation.csv";
  try {
    const auto training = nomo::io::read_csv(training_path);
    const auto validation = nomo::io::read_csv(validation_path);
    std::printf("nomo study: training %s (%zu rows), validation %s (%zu rows)\n", training_path.c_str(), training.rows(),
                validation_path.c_str(), validation.rows());
    section_dose_metrics();
    section_groups(training);
    section_cutoffs(training);
    const final_model m = section_model(training);
    section_internal_validation(m);
    section_nomogram(m);
    section_discrimination(m, training, validation);
    std::printf("\nWrote study_km_overall_survival.svg, study_or_curve_gtv_cc.svg, study_calibration_bootstrap.svg,\n"
                "study_nomogram.svg, study_roc.svg, study_calibration_validation.svg, study_decision_curve.svg,\n"
                "study_clinical_impact.svg\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
