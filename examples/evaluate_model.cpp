// Evaluates a recurrence model the way the seed paper did: discrimination (ROC, AUC with DeLong
// CI, partial AUC, DeLong tests, NRI and IDI over a GTV-only model), calibration on the validation
// cohort (intercept, slope, Brier, ICI, Hosmer-Lemeshow), decision curve and clinical impact curve
// against a GTV-only model. Writes roc.svg, calibration.svg, decision_curve.svg and
// clinical_impact.svg into the current folder.
//
// Usage: example_evaluate_model [training.csv validation.csv]
#include <cstdio>
#include <string>
#include <vector>

#include "nomo/core/numeric.hpp"
#include "nomo/eval/calibration.hpp"
#include "nomo/eval/clinical_impact.hpp"
#include "nomo/eval/decision_curve.hpp"
#include "nomo/eval/delong.hpp"
#include "nomo/eval/hosmer_lemeshow.hpp"
#include "nomo/eval/nri_idi.hpp"
#include "nomo/eval/partial_auc.hpp"
#include "nomo/eval/plots.hpp"
#include "nomo/eval/roc.hpp"
#include "nomo/eval/thresholds.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/io/vectors.hpp"
#include "nomo/model/frame.hpp"

namespace eval = nomo::eval;
namespace model = nomo::model;

namespace {

/// A model frozen on the training cohort, with its risks in both cohorts.
struct frozen_model {
  std::string name;
  Eigen::VectorXd training_risk;
  Eigen::VectorXd validation_risk;
  Eigen::VectorXd training_outcome;
};

frozen_model fit_and_freeze(const std::string& name, const model::model_spec& spec, const nomo::io::table& training,
                            const nomo::io::table& validation) {
  const model::model_frame frame = model::make_frame(training, spec);
  const auto fit = nomo::glm::fit_logistic(frame);
  // Both cohorts' risks come from the same prediction path, so patients with identical covariates
  // get bit-identical risks and tie in the ROC (as in R). The validation rows are encoded with the
  // training frame's frozen cut points and levels.
  const auto training_risk = nomo::glm::predict(fit, frame.x);
  const auto validation_risk = nomo::glm::predict(fit, model::design_matrix(frame, validation));
  return {name, training_risk.probability, validation_risk.probability, frame.y};
}

void print_auc(const char* label, const eval::auc_interval& ci) {
  std::printf("%-28s AUC %.3f (95%% CI %.3f-%.3f, DeLong)\n", label, ci.auc, ci.lower, ci.upper);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data = NOMO_EXAMPLE_DATA_DIR;
  const std::string training_path = argc > 2 ? argv[1] : data + "/cohort_training.csv";
  const std::string validation_path = argc > 2 ? argv[2] : data + "/cohort_validation.csv";
  const auto training = nomo::io::read_csv(training_path);
  const auto validation = nomo::io::read_csv(validation_path);

  model::model_spec full_spec{"recurrence", {model::cut("gtv_cc", {6, 28}), model::cut("bed_gy", {60}), model::continuous("tc")}};
  model::model_spec gtv_spec{"recurrence", {model::cut("gtv_cc", {6, 28})}};
  const frozen_model full = fit_and_freeze("Nomogram", full_spec, training, validation);
  const frozen_model gtv = fit_and_freeze("GTV only", gtv_spec, training, validation);
  const Eigen::VectorXd y_valid = nomo::io::column_vector(validation, "recurrence");

  // Discrimination.
  const auto train_curve = eval::roc(full.training_risk, full.training_outcome);
  const auto valid_curve = eval::roc(full.validation_risk, y_valid);
  const auto gtv_curve = eval::roc(gtv.training_risk, gtv.training_outcome);
  const auto ci_train = eval::delong_ci(train_curve);
  const auto ci_valid = eval::delong_ci(valid_curve);
  const auto ci_gtv = eval::delong_ci(gtv_curve);
  print_auc("Nomogram, training", ci_train);
  print_auc("Nomogram, validation", ci_valid);
  print_auc("GTV only, training", ci_gtv);
  const auto high_specificity = eval::partial_auc(train_curve);  // specificity 0.8 to 1 (pROC's example range)
  std::printf("Nomogram, training: partial AUC over specificity 0.8-1 %.4f, McClish-corrected %s\n",
              high_specificity.area,
              high_specificity.corrected ? std::to_string(*high_specificity.corrected).substr(0, 5).c_str()
                                         : "n/a (below the diagonal)");
  const auto paired = eval::delong_test(full.training_risk, gtv.training_risk, full.training_outcome);
  std::printf("Nomogram vs GTV only (training, paired DeLong): Z = %.3f, P = %.4f\n", paired.z, paired.p_value);
  const auto unpaired = eval::delong_test_unpaired(full.training_risk, full.training_outcome, full.validation_risk, y_valid);
  std::printf("Training vs validation (unpaired DeLong): D = %.3f, df = %.1f, P = %.4f\n", unpaired.statistic,
              unpaired.df, unpaired.p_value);
  // Reclassification of the GTV-only model's risks by the nomogram's (Hmisc::improveProb).
  const auto improvement = eval::nri_idi(gtv.training_risk, full.training_risk, full.training_outcome);
  auto print_index = [](const char* label, const eval::improvement_index& index) {
    char p[32] = "n/a (no variance)";
    if (index.p_value) std::snprintf(p, sizeof p, *index.p_value < 1e-4 ? "< 0.0001" : "= %.4f", *index.p_value);
    std::printf("%-40s %6.3f (95%% CI %.3f to %.3f), P %s\n", label, index.estimate, index.lower, index.upper, p);
  };
  print_index("Nomogram over GTV only: continuous NRI", improvement.nri);
  print_index("Nomogram over GTV only: IDI", improvement.idi);

  // A cut-off chosen in training (Youden) and applied unchanged to the validation cohort.
  const auto best = eval::youden_thresholds(train_curve);
  for (const auto& point : best.points) {
    const auto v = eval::classify_at(full.validation_risk, y_valid, point.threshold);
    std::printf("Youden cut-off %.3f: training Se %.2f Sp %.2f; validation Se %.2f Sp %.2f PPV %s NPV %s\n",
                point.threshold, point.sensitivity, point.specificity, v.sensitivity, v.specificity,
                v.ppv ? std::to_string(*v.ppv).substr(0, 4).c_str() : "n/a",
                v.npv ? std::to_string(*v.npv).substr(0, 4).c_str() : "n/a");
  }

  // Calibration of the frozen model on the validation cohort.
  const auto calibration = eval::assess_calibration(full.validation_risk, y_valid);
  const auto hl = eval::hosmer_lemeshow(full.validation_risk, y_valid, {5});
  std::printf("Validation calibration: intercept %.3f, slope %.3f, Brier %.3f, ICI %.3f, mean |error| %.3f\n",
              calibration.intercept_in_the_large.estimate, calibration.slope.estimate, calibration.brier,
              calibration.ici, calibration.mean_absolute_error);
  std::printf("val.prob: D %.3f, U %.3f (P = %.3f), Q %.3f, Spiegelhalter z %.2f (P = %.3f)\n", calibration.d,
              calibration.u, calibration.u_p, calibration.q, calibration.spiegelhalter_z, calibration.spiegelhalter_p);
  std::printf("Hosmer-Lemeshow (5 groups): chi2 = %.3f, df = %d, P = %.3f\n", hl.statistic, hl.df, hl.p_value);

  // Clinical usefulness in the training cohort, with 500 bootstrap replicates for the bands.
  const std::vector<double> thresholds = nomo::seq_length(0.01, 0.8, 80);
  eval::decision_curve_options dca_options;
  dca_options.band.replicates = 500;
  const auto dca = eval::decision_curve_analysis({{full.name, full.training_risk}, {gtv.name, gtv.training_risk}},
                                                 full.training_outcome, thresholds, dca_options);
  eval::clinical_impact_options impact_options;
  impact_options.band.replicates = 500;
  const auto impact = eval::clinical_impact(full.training_risk, full.training_outcome, thresholds, impact_options);

  eval::roc_plot({{"Training", train_curve, ci_train},
                  {"Validation", valid_curve, ci_valid},
                  {"GTV only (training)", gtv_curve, ci_gtv}},
                 {560, 500, "ROC curves"})
      .save("roc.svg");
  eval::calibration_plot(calibration, hl, {560, 500, "Calibration in the validation cohort"}).save("calibration.svg");
  eval::decision_curve_plot(dca, {560, 500, "Decision curve (training cohort)"}).save("decision_curve.svg");
  eval::clinical_impact_plot(impact, {560, 500, "Clinical impact (training cohort)"}).save("clinical_impact.svg");
  std::printf("Wrote roc.svg, calibration.svg, decision_curve.svg, clinical_impact.svg\n");
  return 0;
}
