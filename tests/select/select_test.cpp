// Univariable screening and backward AIC elimination against R (tests/reference/select_screen.R:
// glm per term, pooled Wald and LR; select_step.R: step() paths and final coefficients).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/glm/screen.hpp"
#include "nomo/glm/step.hpp"
#include "nomo/io/csv.hpp"

namespace {

nomo::model::model_spec cohort_spec() {
  using namespace nomo::model;
  return model_spec{"recurrence",
                    {continuous("age"), categorical("sex"), continuous("kps"), categorical("primary"), rcs("gtv_cc", 4),
                     continuous("bed_gy"), continuous("tc"), continuous("ddz_dmean_gy")}};
}

const nomo::io::table& training() {
  static const nomo::io::table data = nomo::io::read_csv(std::string(NOMO_FIXTURE_DIR) + "/../../examples/data/cohort_training.csv");
  return data;
}

}  // namespace

using nomo_test::require_invalid;

TEST_CASE("screen_terms matches glm per term: ORs, Wald CIs, pooled Wald and LR P", "[select][screen]") {
  const nomo_test::table terms = nomo_test::read_table("select_screen_terms.csv");
  const nomo_test::table columns = nomo_test::read_table("select_screen_columns.csv");
  for (const auto test : {nomo::glm::screen_test::wald, nomo::glm::screen_test::likelihood_ratio}) {
    nomo::glm::screen_options options;
    options.test = test;
    const auto result = nomo::glm::screen_terms(training(), cohort_spec(), options);
    REQUIRE(result.rows.size() == terms.size());
    const bool wald = test == nomo::glm::screen_test::wald;
    const Eigen::VectorXd chi = terms.column(wald ? "wald" : "lr"), p = terms.column(wald ? "wald_p" : "lr_p"),
                          df = terms.column("df"), rows = terms.column("rows"), events = terms.column("events");
    const auto names = terms.text("term");
    std::size_t kept = 0;
    for (std::size_t r = 0; r < terms.size(); ++r) {
      const auto i = static_cast<Eigen::Index>(r);
      const auto& row = result.rows[r];
      INFO(names[r] << (wald ? " wald" : " lr"));
      CHECK(row.term == names[r]);
      CHECK(row.df == static_cast<int>(df(i)));
      CHECK(row.rows_used == static_cast<std::size_t>(rows(i)));
      CHECK(row.events == static_cast<std::size_t>(events(i)));
      CHECK(row.chi_square == Approx(chi(i)).epsilon(1e-7));
      CHECK(row.p_value == Approx(p(i)).epsilon(1e-6));
      CHECK(row.kept == (p(i) < 0.10));
      kept += row.kept ? 1 : 0;
    }
    CHECK(result.kept.size() == kept);
  }
  const auto result = nomo::glm::screen_terms(training(), cohort_spec());
  const auto col_terms = columns.text("term");
  const Eigen::VectorXd index = columns.column("column"), odds = columns.column("odds_ratio"), lo = columns.column("lower"),
                        hi = columns.column("upper"), p = columns.column("p_value");
  for (std::size_t r = 0; r < columns.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    const auto& row = *std::find_if(result.rows.begin(), result.rows.end(), [&](const auto& s) { return s.term == col_terms[r]; });
    const auto& c = row.columns.at(static_cast<std::size_t>(index(i)));
    INFO(col_terms[r] << " column " << index(i));
    CHECK(c.odds_ratio == Approx(odds(i)).epsilon(1e-7));
    CHECK(c.lower == Approx(lo(i)).epsilon(1e-7));
    CHECK(c.upper == Approx(hi(i)).epsilon(1e-7));
    CHECK(c.p_value == Approx(p(i)).epsilon(1e-6));
  }
}

TEST_CASE("backward_aic follows step()'s path for AIC, BIC, a forced-in scope and an aliased term", "[select][step]") {
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("select_step_data.csv"));
  auto spec = cohort_spec();
  spec.terms.push_back(nomo::model::continuous("brain_v30_cc"));
  const auto frame = nomo::model::make_frame(data, spec);
  const nomo_test::table path = nomo_test::read_table("select_step_path.csv");
  const nomo_test::table final = nomo_test::read_table("select_step_final.csv");
  auto aliased_spec = spec;
  aliased_spec.terms.push_back(nomo::model::continuous("kps2"));  // 2 · kps
  const auto aliased_frame = nomo::model::make_frame(data, aliased_spec);
  for (const std::string run : {"aic", "bic", "keep", "aliased"}) {
    nomo::glm::step_options options;
    if (run == "bic" || run == "aliased") options.penalty = std::log(static_cast<double>(frame.y.size()));
    if (run == "keep") options.keep = {"age", "kps"};
    const auto result = nomo::glm::backward_aic(run == "aliased" ? aliased_frame : frame, options);
    const auto runs = path.text("run");
    const auto removed = path.text("removed");
    const Eigen::VectorXd df = path.column("df"), deviance = path.column("deviance"), aic = path.column("aic");
    std::size_t k = 0;
    for (std::size_t r = 0; r < path.size(); ++r) {
      if (runs[r] != run) continue;
      const auto i = static_cast<Eigen::Index>(r);
      INFO(run << " step " << k);
      REQUIRE(k < result.steps.size());
      CHECK(result.steps[k].removed == removed[r]);
      CHECK(result.steps[k].df == static_cast<int>(df(i)));
      CHECK(result.steps[k].deviance == Approx(deviance(i)).epsilon(1e-8));
      CHECK(result.steps[k].aic == Approx(aic(i)).epsilon(1e-8));
      ++k;
    }
    CHECK(k == result.steps.size());
    const auto final_runs = final.text("run");
    const Eigen::VectorXd estimate = final.column("estimate");
    Eigen::Index j = 0;
    for (std::size_t r = 0; r < final.size(); ++r) {
      if (final_runs[r] != run) continue;
      INFO(run << " final coefficient " << j);
      CHECK(result.final_fit.coefficients(j++) == Approx(estimate(static_cast<Eigen::Index>(r))).epsilon(1e-6));
    }
    CHECK(j == result.final_fit.coefficients.size());
  }
}

TEST_CASE("selection functions reject bad input naming the argument and value", "[select][bad-input]") {
  nomo::glm::screen_options threshold;
  threshold.threshold = 1.5;
  require_invalid([&] { nomo::glm::screen_terms(training(), cohort_spec(), threshold); }, "threshold", "1.5");
  // An unknown test was read as likelihood_ratio.
  nomo::glm::screen_options unknown_test;
  unknown_test.test = static_cast<nomo::glm::screen_test>(7);
  CHECK_THROWS_WITH(nomo::glm::screen_terms(training(), cohort_spec(), unknown_test),
                    Catch::Contains("nomo::glm::screen_options::validate: test = 7: unknown screen_test "
                                    "(expected wald or likelihood_ratio)"));
  nomo::model::model_spec none{"recurrence", {}};
  require_invalid([&] { nomo::glm::screen_terms(training(), none); }, "candidates.terms.size()", "0");
  nomo::model::model_spec unknown{"recurrence", {nomo::model::continuous("tumour_size")}};
  require_invalid([&] { nomo::glm::screen_terms(training(), unknown); }, "spec.terms[0].column", "\"tumour_size\"");

  const auto frame = nomo::model::make_frame(training(), nomo::model::model_spec{"recurrence", {nomo::model::continuous("bed_gy")}});
  nomo::glm::step_options keep;
  keep.keep = {"bed"};
  require_invalid([&] { nomo::glm::backward_aic(frame, keep); }, "keep[0]", "\"bed\"");
  nomo::glm::step_options penalty;
  penalty.penalty = -1;
  require_invalid([&] { nomo::glm::backward_aic(frame, penalty); }, "penalty", "-1");
}
