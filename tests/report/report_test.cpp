// io/report.hpp: the odds-ratio table, the lrm summary and the anova table print R's numbers
// (rms::lrm on the example cohort and on the rms-spec example, tests/reference/glm_fixtures.R).

#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "fixture.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/io/improvement_report.hpp"
#include "nomo/io/report.hpp"
#include "nomo/model/formula.hpp"
#include "nomo/model/frame.hpp"

namespace {

namespace m = nomo::model;

nomo::glm::logistic_fit cohort_fit() {
  const auto data = nomo::io::read_csv(std::string(NOMO_FIXTURE_DIR) + "/../../examples/data/cohort_training.csv");
  const m::model_spec spec{"recurrence",
                           {m::cut("gtv_cc", {6, 28}), m::cut("bed_gy", {60, 73}), m::cut("tc", {0.96}),
                            m::cut("ddz_dmean_gy", {77}), m::categorical("primary"), m::continuous("age")}};
  return nomo::glm::fit_logistic(m::make_frame(data, spec));
}

std::string fixed(double v, int digits) { return fmt::format("{:.{}f}", v, digits); }

}  // namespace

TEST_CASE("odds_ratio_table prints lrm's odds ratios, Wald limits and P per level", "[report]") {
  const auto fit = cohort_fit();
  const auto text = nomo::io::odds_ratio_table(fit);
  const auto r = nomo_test::read_table("glm_cohort_coef.csv");
  const Eigen::VectorXd coef = r.column("lrm_coef"), se = r.column("lrm_se");
  // Row 1 is gtv_cc=[6,28): OR, 95 % limits and P from R's estimate and SE.
  const double b = coef(1), s = se(1), z = 1.959963984540054;
  const std::string line = "  [6,28)";
  CHECK(text.find("Term / level") == 0);
  CHECK(text.find("95 % CI") != std::string::npos);
  CHECK(text.find("gtv_cc\n") != std::string::npos);
  CHECK(text.find("  [-Inf,6)") != std::string::npos);
  CHECK(text.find("(reference)") != std::string::npos);
  const auto at = text.find(line);
  REQUIRE(at != std::string::npos);
  const std::string row = text.substr(at, text.find('\n', at) - at);
  CHECK(row.find(fixed(std::exp(b), 2)) != std::string::npos);
  CHECK(row.find(fixed(std::exp(b - z * s), 2) + " - " + fixed(std::exp(b + z * s), 2)) != std::string::npos);
  CHECK(row.find(fixed(std::erfc(std::abs(b / s) / std::sqrt(2.0)), 4)) != std::string::npos);
  // age is continuous: one line with its name.
  CHECK(text.find("\nage ") != std::string::npos);
}

TEST_CASE("odds_ratio_table marks separated columns and notes the separation", "[report]") {
  // tests/reference/glm_fixtures.R builds the quasi data with y = 0 on every row of level_c = 1, so
  // the level_c coefficient diverges (quasi-complete separation) while z's stays finite.
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("glm_quasi_data.csv"));
  const auto fit = nomo::glm::fit_logistic(m::make_frame(data, {"y", {m::continuous("z"), m::binary("level_c")}}));
  REQUIRE(fit.separation.detected);
  const auto text = nomo::io::odds_ratio_table(fit);
  INFO(text);
  REQUIRE(text.find("\nlevel_c\n  0 ") != std::string::npos);  // heading, reference level 0
  const auto at = text.find("\n  1 ");
  REQUIRE(at != std::string::npos);
  const std::string row = text.substr(at + 1, text.find('\n', at + 1) - at - 1);
  CHECK(row.find("separated") != std::string::npos);
  CHECK(row.find(" - ") == std::string::npos);  // no limits
  const auto z_at = text.find("\nz ");
  REQUIRE(z_at != std::string::npos);
  CHECK(text.substr(z_at, text.find('\n', z_at + 1) - z_at).find("separated") == std::string::npos);
  CHECK(text.find("\nNote: quasi-complete separation") != std::string::npos);
  CHECK(text.find("coefficients of level_c diverge") != std::string::npos);
  // Without separation: no note.
  CHECK(nomo::io::odds_ratio_table(cohort_fit()).find("Note:") == std::string::npos);
}

TEST_CASE("lrm_summary prints print.lrm's statistics and coefficient table", "[report]") {
  const auto fit = cohort_fit();
  const auto v = nomo_test::read_values("glm_cohort_stats.csv");
  const auto r = nomo_test::read_table("glm_cohort_coef.csv");
  // lrm_stats needs the frame's outcome.
  const auto data = nomo::io::read_csv(std::string(NOMO_FIXTURE_DIR) + "/../../examples/data/cohort_training.csv");
  const m::model_spec spec{"recurrence",
                           {m::cut("gtv_cc", {6, 28}), m::cut("bed_gy", {60, 73}), m::cut("tc", {0.96}),
                            m::cut("ddz_dmean_gy", {77}), m::categorical("primary"), m::continuous("age")}};
  const auto frame = m::make_frame(data, spec);
  const auto text = nomo::io::lrm_summary(fit, nomo::glm::lrm_stats(fit, frame.y));
  CHECK(text.find("LR chi2") != std::string::npos);
  CHECK(text.find(fixed(v.at("LR"), 2)) != std::string::npos);
  CHECK(text.find(fixed(v.at("R2"), 3)) != std::string::npos);
  CHECK(text.find(fixed(v.at("C"), 3)) != std::string::npos);
  CHECK(text.find(fixed(v.at("Brier"), 3)) != std::string::npos);
  CHECK(text.find("Obs") != std::string::npos);
  CHECK(text.find(std::to_string(static_cast<int>(v.at("Obs")))) != std::string::npos);
  for (Eigen::Index k = 0; k < r.column("lrm_coef").size(); ++k) {
    CHECK(text.find(fixed(r.column("lrm_coef")(k), 4)) != std::string::npos);
    CHECK(text.find(fixed(r.column("lrm_se")(k), 4)) != std::string::npos);
  }
}

TEST_CASE("lrm_summary names the R2 rows as print.lrm does, a whole n without decimals", "[report]") {
  // tests/reference/report_r2_labels.R: print(lrm(y ~ x)) on n0 zeros then n1 ones, x_i = 37 i mod 11.
  const auto r = nomo_test::read_table("report_r2_labels.csv");
  const Eigen::VectorXd n0 = r.column("n0"), n1 = r.column("n1"), p = r.column("p");
  const auto label_n = r.text("label_n"), label_effective = r.text("label_effective");
  for (std::size_t k = 0; k < r.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    const int n = static_cast<int>(n0(i) + n1(i));
    std::vector<double> x, y;
    for (int j = 1; j <= n; ++j) {
      x.push_back((37 * j) % 11);
      y.push_back(j <= n0(i) ? 0 : 1);
    }
    nomo::io::table data;
    data.add(nomo::io::numeric_column("y", y));
    data.add(nomo::io::numeric_column("x", x));
    const auto frame = m::make_frame(data, p(i) == 0 ? m::model_spec{"y", {}} : m::model_spec{"y", {m::continuous("x")}});
    const auto fit = nomo::glm::fit_logistic(frame);
    const auto text = nomo::io::lrm_summary(fit, nomo::glm::lrm_stats(fit, frame.y));
    INFO(text);
    CHECK(text.find(label_n[k] + " ") != std::string::npos);
    CHECK(text.find(label_effective[k] + " ") != std::string::npos);
  }
}

TEST_CASE("anova_report prints anova.rms's rows", "[report]") {
  const auto fit = cohort_fit();
  const auto text = nomo::io::anova_report(nomo::glm::anova(fit));
  const auto r = nomo_test::read_table("glm_cohort_anova.csv");
  const auto labels = r.text("row");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto at = text.find(labels[i] + " ");
    REQUIRE(at != std::string::npos);
    const std::string row = text.substr(at, text.find('\n', at) - at);
    CHECK(row.find(fixed(r.column("chi2")(static_cast<Eigen::Index>(i)), 2)) != std::string::npos);
    CHECK(row.find(fixed(r.column("p")(static_cast<Eigen::Index>(i)), 4)) != std::string::npos);
  }
  // print(anova(lrm(y ~ x))) on strongly related data prints "x  49.27  1  <.0001" (print.lrm
  // writes "<0.0001"); nomo printed "<0.0001" in both.
  nomo::glm::anova_table strong;
  strong.rows.push_back({"x", {49.27, 1, 1e-12}, {}});
  CHECK(nomo::io::anova_report(strong).find("<.0001") != std::string::npos);
}

TEST_CASE("effects_report prints summary.rms's rows with R's numbers", "[report]") {
  // The model and R output of tests/reference/glm_summary_effects.R.
  const auto cohort = nomo::io::read_csv(nomo_test::fixture_path("frame_fixtures_data.csv"));
  const auto spec = nomo::model::parse_model(
      "y ~ rcs(bmk, 4) + age + grp + sex + cut(gtv, c(-Inf, 6, 28, Inf), right = FALSE) + factor(stage) + smoker");
  nomo::glm::irls_options lrm_rule;
  lrm_rule.rule = nomo::glm::convergence_rule::deviance_change;
  const auto fit = nomo::glm::fit_logistic(m::make_frame(cohort, spec), lrm_rule);
  const auto text = nomo::io::effects_report(nomo::glm::summarize_effects(fit));
  const auto r = nomo_test::read_table("glm_summary_effects.csv");
  CHECK(text.find("Factor") == 0);
  CHECK(text.find("Lower 0.95") != std::string::npos);
  // Line 1 is bmk, line 2 its odds ratio, line 7 "grp - B:A".
  const auto line = [&](std::size_t k) {
    std::size_t at = 0;
    for (std::size_t skip = 0; skip < k; ++skip) at = text.find('\n', at) + 1;
    return text.substr(at, text.find('\n', at) - at);
  };
  CHECK(line(1).find("bmk") == 0);
  for (const char* field : {"Low", "High", "Diff.", "Effect", "S.E.", "lower", "upper"}) {
    CHECK(line(1).find(fixed(r.column(field)(0), 4)) != std::string::npos);
  }
  CHECK(line(2).find(" Odds Ratio") == 0);
  CHECK(line(2).find(fixed(r.column("Effect")(1), 4)) != std::string::npos);
  CHECK(line(7).find("grp - B:A") == 0);
  CHECK(line(7).find(fixed(r.column("Effect")(6), 4)) != std::string::npos);
  // With every label shorter than " Odds Ratio" the odds-ratio rows were shifted right of their
  // factor rows (an independent check); print(summary(lrm)) aligns the columns.
  const auto short_spec = nomo::model::parse_model("y ~ age + bmk");
  const auto short_fit = nomo::glm::fit_logistic(m::make_frame(cohort, short_spec), lrm_rule);
  const auto short_text = nomo::io::effects_report(nomo::glm::summarize_effects(short_fit));
  const std::size_t at = short_text.find("\nage") + 1, next = short_text.find('\n', at) + 1;
  const std::string age_row = short_text.substr(at, next - 1 - at);
  const std::string odds_row = short_text.substr(next, short_text.find('\n', next) - next);
  REQUIRE(odds_row.find(" Odds Ratio") == 0);
  CHECK(age_row.find_first_not_of(' ', 3) == odds_row.find_first_not_of(' ', 11));  // the Low column
  nomo::io::report_options options;
  options.coefficient_digits = 11;
  CHECK_THROWS_WITH(nomo::io::effects_report(nomo::glm::summarize_effects(fit), options),
                    Catch::Contains("coefficient_digits = 11"));
}

TEST_CASE("report functions reject bad input naming argument and value", "[report][bad-input]") {
  const auto fit = cohort_fit();
  nomo::io::report_options options;
  options.ratio_digits = -1;
  CHECK_THROWS_AS(nomo::io::odds_ratio_table(fit, options), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::io::odds_ratio_table(fit, options), Catch::Contains("ratio_digits = -1"));
  options = {};
  options.p_digits = 11;
  CHECK_THROWS_WITH(nomo::io::anova_report(nomo::glm::anova(fit), options), Catch::Contains("p_digits = 11"));
  nomo::glm::lrm_statistics other;
  other.n = 5;
  CHECK_THROWS_WITH(nomo::io::lrm_summary(fit, other), Catch::Contains("stats.n = 5"));
  auto broken = fit;
  broken.terms.front().columns = {42};
  CHECK_THROWS_WITH(nomo::io::odds_ratio_table(broken), Catch::Contains("columns[0] = 42"));
}

TEST_CASE("nri_idi_report lays out improveProb's rows with R's numbers", "[report][nri_idi]") {
  // The risks and Hmisc::improveProb values of tests/reference/eval_reclassification.R.
  const auto risks = nomo_test::read_table("eval_reclassification_risks.csv");
  const auto v = nomo_test::read_values("eval_reclassification_values.csv");
  const auto result = nomo::eval::nri_idi(risks.column("old"), risks.column("new"), risks.column("y"));
  const auto text = nomo::io::nri_idi_report(result);
  const auto line_with = [&](const std::string& label) {
    const auto at = text.find(label);
    REQUIRE(at != std::string::npos);
    return text.substr(at, text.find('\n', at) - at);
  };
  CHECK(text.find(fmt::format("Number of events: {}\tNumber of non-events: {}", v.at("full_events"), v.at("full_nonevents"))) !=
        std::string::npos);
  CHECK(line_with("Increase for events     (1)").find(fixed(v.at("full_up_events"), 3)) != std::string::npos);
  CHECK(line_with("Decrease for non-events (4)").find(fixed(v.at("full_down_nonevents"), 3)) != std::string::npos);
  const auto nri = line_with("NRI            (1-3+4-2)");
  for (const char* field : {"", "_se", "_z", "_lower", "_upper"}) {
    CHECK(nri.find(fixed(v.at(std::string("full_nri") + field), 3)) != std::string::npos);
  }
  CHECK(nri.find(fixed(v.at("full_nri_p"), 4)) != std::string::npos);
  CHECK(line_with("NRI for non-events (4-2)").find(fixed(v.at("full_nri_nonevents_se"), 3)) != std::string::npos);
  CHECK(line_with("Decrease for non-events (specificity)").find(fixed(v.at("full_mean_decrease_nonevents"), 3)) !=
        std::string::npos);
  const auto idi = line_with("IDI ");
  CHECK(idi.find(fixed(v.at("full_idi"), 3)) != std::string::npos);
  CHECK(idi.find(fixed(v.at("full_idi_upper"), 3)) != std::string::npos);
  CHECK(text.find("Lower 0.95") != std::string::npos);

  // Identical models: no variance, so Z and 2P print as R's NA; a category NRI names its cut-offs.
  nomo::eval::nri_idi_options categories;
  categories.cutoffs = {0.2, 0.4};
  const auto same = nomo::io::nri_idi_report(
      nomo::eval::nri_idi(risks.column("old"), risks.column("old"), risks.column("y"), categories));
  CHECK(same.find("risk categories cut at 0.200, 0.400") != std::string::npos);
  CHECK(same.find("NA") != std::string::npos);

  nomo::io::report_options options;
  options.p_digits = -1;
  CHECK_THROWS_WITH(nomo::io::nri_idi_report(result, options), Catch::Contains("p_digits = -1"));
}
