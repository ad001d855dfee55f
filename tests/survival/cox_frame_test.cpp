// nomo::survival::fit_cox on a model frame (rcs + continuous + binary terms from a cohort table)
// against coxph(Surv(os_months, death) ~ rcs(gtv_cc, 4) + age + sex) (tests/reference/survival_cox.R).
#include <catch2/catch.hpp>

#include <cmath>

#include "nomo/model/frame.hpp"
#include "nomo/survival/cox.hpp"
#include "invalid_input.hpp"
#include "survival_fixture.hpp"

namespace {

nomo::io::table training_cohort() {
  return nomo::io::read_csv(nomo_test::fixture_path("../../examples/data/cohort_training.csv"));
}

nomo::model::model_frame death_frame(const nomo::io::table& cohort) {
  nomo::model::model_spec spec;
  spec.outcome = "death";
  spec.terms = {nomo::model::rcs("gtv_cc", 4), nomo::model::continuous("age"), nomo::model::binary("sex")};
  return nomo::model::make_frame(cohort, spec);
}

}  // namespace

TEST_CASE("fit_cox on a model frame matches coxph with rms::rcs, and its HR curve matches R") {
  const auto cohort = training_cohort();
  const auto fit = nomo::survival::fit_cox(death_frame(cohort), cohort.at("os_months"));
  const auto stats = nomo_test::read_table("survival_cox_frame_statistics.csv");
  CHECK(static_cast<double>(fit.n) == stats.column("n")(0));
  CHECK(static_cast<double>(fit.events) == stats.column("events")(0));
  CHECK(fit.log_likelihood == Approx(stats.column("loglik")(0)).epsilon(1e-12));
  CHECK(fit.lr_chi_square == Approx(stats.column("lr")(0)).epsilon(1e-9));
  CHECK(fit.score_chi_square == Approx(stats.column("score")(0)).epsilon(1e-9));
  CHECK(fit.wald_chi_square == Approx(stats.column("wald")(0)).epsilon(1e-9));
  const auto coefficients = nomo_test::read_table("survival_cox_frame_coefficients.csv");
  REQUIRE(coefficients.size() == static_cast<std::size_t>(fit.coefficients.size()));
  for (std::size_t j = 0; j < coefficients.size(); ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    INFO(fit.names[j]);
    CHECK(fit.coefficients(jj) == Approx(coefficients.column("coef")(jj)).epsilon(1e-9));
    CHECK(fit.standard_errors(jj) == Approx(coefficients.column("se")(jj)).epsilon(1e-9));
    CHECK(fit.hr_lower(jj) == Approx(coefficients.column("hr_lower")(jj)).epsilon(1e-9));
    CHECK(fit.hr_upper(jj) == Approx(coefficients.column("hr_upper")(jj)).epsilon(1e-9));
  }
  const auto expected = nomo_test::read_table("survival_cox_frame_hr_curve.csv");
  const Eigen::VectorXd grid = expected.column("value");
  const auto curve = nomo::survival::hazard_ratio_curve_of(fit, "gtv_cc", std::vector<double>(grid.data(), grid.data() + grid.size()),
                                                           expected.column("reference")(0));
  for (Eigen::Index k = 0; k < grid.size(); ++k) {
    CHECK(curve.hr[static_cast<std::size_t>(k)] == Approx(expected.column("hr")(k)).epsilon(1e-8));
    CHECK(curve.lower[static_cast<std::size_t>(k)] == Approx(expected.column("lower")(k)).epsilon(1e-8));
    CHECK(curve.upper[static_cast<std::size_t>(k)] == Approx(expected.column("upper")(k)).epsilon(1e-8));
  }
}

TEST_CASE("fit_cox_stratified on a model frame matches coxph with strata(sex)") {
  const auto cohort = training_cohort();
  nomo::model::model_spec spec;
  spec.outcome = "death";
  spec.terms = {nomo::model::rcs("gtv_cc", 4), nomo::model::continuous("age")};
  const auto frame = nomo::model::make_frame(cohort, spec);
  const auto fit = nomo::survival::fit_cox_stratified(frame, cohort.at("os_months"), cohort.at("sex"));
  CHECK(fit.strata == std::vector<std::string>{"female", "male"});
  const auto r = nomo_test::read_table("survival_cox_frame_strata.csv");
  REQUIRE(r.size() == static_cast<std::size_t>(fit.coefficients.size()));
  CHECK(fit.log_likelihood == Approx(r.column("loglik")(0)).epsilon(1e-12));
  for (Eigen::Index j = 0; j < fit.coefficients.size(); ++j) {
    CHECK(fit.coefficients(j) == Approx(r.column("coef")(j)).epsilon(1e-9));
    CHECK(fit.standard_errors(j) == Approx(r.column("se")(j)).epsilon(1e-9));
  }
  auto with_missing = cohort;
  for (auto& c : with_missing.columns) {
    if (c.name == "sex") {
      c.labels[frame.rows[2]].clear();
      c.missing[frame.rows[2]] = true;
    }
  }
  nomo_test::require_invalid(
      [&] { nomo::survival::fit_cox_stratified(frame, with_missing.at("os_months"), with_missing.at("sex")); },
      {"survival::fit_cox_stratified", "column \"sex\" row " + std::to_string(frame.rows[2]) + " (0-based table row) = \"NA\"", "missing"});
  // A numeric stratum column: levels(strata(st)) is "2" "10" "1e+05" in R; nomo listed them in
  // text order, 10, 1e+05, 2 (an independent check).
  auto coded = cohort;
  std::vector<double> codes;
  for (std::size_t i = 0; i < cohort.rows(); ++i) codes.push_back(i % 3 == 0 ? 2.0 : i % 3 == 1 ? 10.0 : 1e5);
  coded.add(nomo::io::numeric_column("st", codes));
  const auto by_code = nomo::survival::fit_cox_stratified(frame, coded.at("os_months"), coded.at("st"));
  CHECK(by_code.strata == std::vector<std::string>{"2", "10", "1e+05"});
}

TEST_CASE("fit_cox on a model frame leaves out rows without a time, as coxph's na.omit") {
  // Rows 3, 10 and 25 (1-based) lose their os_months; the frame is built on the whole table, so the
  // knots are those of every non-missing gtv_cc, as in R.
  const auto cohort = training_cohort();
  auto times = cohort.at("os_months").numbers;
  for (const std::size_t row : {2, 9, 24}) times[row] = std::nan("");
  const auto fit = nomo::survival::fit_cox(death_frame(cohort), nomo::io::numeric_column("os_months", times));
  const auto expected = nomo_test::read_table("survival_cox_frame_missing_time.csv");
  CHECK(static_cast<double>(fit.n) == expected.column("n")(0));
  CHECK(fit.missing_time == 3);  // R's na.action holds these and the frame's one row without an age
  CHECK(expected.column("dropped")(0) == 4);
  REQUIRE(expected.size() == static_cast<std::size_t>(fit.coefficients.size()));
  for (Eigen::Index j = 0; j < fit.coefficients.size(); ++j) {
    CHECK(fit.coefficients(j) == Approx(expected.column("coef")(j)).epsilon(1e-9));
    CHECK(fit.standard_errors(j) == Approx(expected.column("se")(j)).epsilon(1e-9));
  }
}

TEST_CASE("fit_cox on a model frame rejects bad time columns, naming argument and value") {
  using nomo_test::require_invalid;
  auto cohort = training_cohort();
  const auto frame = death_frame(cohort);
  require_invalid([&] { nomo::survival::fit_cox(frame, cohort.at("sex")); }, {"time = \"sex\""});
  auto times = cohort.at("os_months").numbers;
  times[frame.rows[3]] = -1;
  require_invalid([&] { nomo::survival::fit_cox(frame, nomo::io::numeric_column("os", times)); },
                  {"survival::fit_cox: column \"os\" row " + std::to_string(frame.rows[3]) + " (0-based table row) = -1"});
  require_invalid([&] { nomo::survival::fit_cox(frame, nomo::io::numeric_column("os", {1.0, 2.0})); },
                  {"time.size() = 2"});
  nomo::survival::cox_options short_weights;
  short_weights.weights = Eigen::VectorXd::Ones(5);
  require_invalid([&] { nomo::survival::fit_cox(frame, cohort.at("os_months"), short_weights); },
                  {"survival::fit_cox: options.weights.size() = 5: must equal frame.rows.size() = " + std::to_string(frame.rows.size())});
}
