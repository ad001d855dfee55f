// resample/inference.hpp against R's boot 1.3-28 (boot, sd, boot.ci perc/bca with jackknife L) fed
// the same bootstrap rows (tests/reference/resample_rms.R).
#include <catch2/catch.hpp>

#include <vector>

#include <nomo/io/csv.hpp>
#include <nomo/resample/inference.hpp>

#include "invalid_input.hpp"
#include "reference_data.hpp"

using nomo_test::require_invalid;

TEST_CASE("bootstrap_coefficients: SE, percentile and BCa intervals equal boot.ci to 1e-8") {
  const auto b = resample_test::load_design("B");
  nomo::resample::inference_options options;
  options.column_names = b.names;
  const auto r = nomo::resample::bootstrap_coefficients(b.x, b.y, resample_test::load_plan("resample_indices_B_boot31.csv", 123), options);
  const auto t = nomo_test::read_table("resample_inference_B_boot31.csv");
  const auto names = t.text("name");
  REQUIRE(r.coefficients.size() == names.size());
  CHECK(r.replicates.succeeded == 200);
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    const auto& c = r.coefficients[k];
    INFO(names[k]);
    CHECK(c.name == (k == 0 ? "Intercept" : b.names[k - 1]));
    CHECK(resample_test::close(c.estimate, t.column("estimate")(i), 1e-8));
    CHECK(resample_test::close(c.standard_error, t.column("se")(i), 1e-8));
    CHECK(resample_test::close(c.percentile_low, t.column("perc_lower")(i), 1e-8));
    CHECK(resample_test::close(c.percentile_high, t.column("perc_upper")(i), 1e-8));
    REQUIRE(c.bca_available);
    CHECK(resample_test::close(c.bca_low, t.column("bca_lower")(i), 1e-8));
    CHECK(resample_test::close(c.bca_high, t.column("bca_upper")(i), 1e-8));
    CHECK(c.or_percentile_low == Approx(std::exp(c.percentile_low)));
    CHECK(c.odds_ratio == Approx(std::exp(c.estimate)));
  }
}

TEST_CASE("bootstrap_coefficients: bootstrap P is the share of replicates across 0, doubled") {
  // Closed form on a plan whose replicates are known: with B replicates of which m have a negative
  // slope, P = 2·min(m, B − m)/B. Build replicates that drop the strongest evidence to get both signs.
  const auto b = resample_test::load_design("B");
  nomo::resample::plan_options plan;
  plan.replicates = 100;
  nomo::resample::inference_options options;
  options.bca = false;
  const auto r = nomo::resample::bootstrap_coefficients(b.x, b.y, plan, options);
  for (const auto& c : r.coefficients) {
    CHECK(c.p_value >= 0);
    CHECK(c.p_value <= 1);
    CHECK(c.bca_note == "not requested");
    CHECK(c.percentile_low <= c.percentile_high);
  }
  // the noise columns are far from significant, age (true effect) is not
  CHECK(r.coefficients[7].p_value > 0.2);
  CHECK(r.coefficients[1].p_value < 0.05);
}

TEST_CASE("bootstrap_coefficients: BCa is reported unavailable, not thrown, when every replicate lies on one side") {
  // n = 5 and B = 3: a coefficient whose 3 bootstrap values all exceed (or undercut) the estimate
  // has an infinite bias correction Φ⁻¹(0 or 1).
  Eigen::MatrixXd x(5, 1);
  Eigen::VectorXd y(5);
  for (int i = 0; i < 5; ++i) {
    x(i, 0) = (i * 7 % 5) + 0.5 * i;
    y(i) = i % 2;
  }
  nomo::resample::plan_options plan;
  plan.replicates = 3;
  plan.seed = 7;
  const auto r = nomo::resample::bootstrap_coefficients(x, y, plan);
  bool one_sided = false;
  for (const auto& c : r.coefficients) {
    if (c.bca_available) continue;
    one_sided = one_sided || c.bca_note.find("one side") != std::string::npos;
  }
  CHECK(one_sided);
}

TEST_CASE("bootstrap_coefficients: identical for 1 and several threads") {
  const auto b = resample_test::load_design("B");
  nomo::resample::plan_options plan;
  plan.replicates = 40;
  nomo::resample::inference_options one, many;
  one.runner.threads = 1;
  many.runner.threads = 3;
  const auto r1 = nomo::resample::bootstrap_coefficients(b.x, b.y, plan, one);
  const auto r3 = nomo::resample::bootstrap_coefficients(b.x, b.y, plan, many);
  for (std::size_t k = 0; k < r1.coefficients.size(); ++k) {
    CHECK(r1.coefficients[k].standard_error == r3.coefficients[k].standard_error);
    CHECK(r1.coefficients[k].bca_low == r3.coefficients[k].bca_low);
  }
}

TEST_CASE("bootstrap_coefficients: progress counts the replicates, then the jackknife refits of BCa") {
  const auto b = resample_test::load_design("B");
  nomo::resample::plan_options plan;
  plan.replicates = 20;
  nomo::resample::inference_options options;
  options.runner.threads = 2;
  resample_test::progress_log log;
  options.runner.progress = log.callback();
  nomo::resample::bootstrap_coefficients(b.x, b.y, plan, options);
  const std::size_t expected = 20 + static_cast<std::size_t>(b.x.rows());  // B + n leave-one-out fits
  CHECK(log.total == expected);
  CHECK(log.counted_one_by_one(expected));  // calls come one at a time
  options.bca = false;
  resample_test::progress_log without_bca;
  options.runner.progress = without_bca.callback();
  nomo::resample::bootstrap_coefficients(b.x, b.y, plan, options);
  CHECK(without_bca.counted_one_by_one(20));
}

TEST_CASE("bootstrap_coefficients: bad input names the argument and value") {
  const auto b = resample_test::load_design("B");
  nomo::resample::inference_options bad;
  bad.level = 1.2;
  require_invalid([&] { nomo::resample::bootstrap_coefficients(b.x, b.y, nomo::resample::plan_options{}, bad); }, "level", "1.2");
  nomo::resample::inference_options unknown_rule;
  unknown_rule.fit_rule = static_cast<nomo::resample::refit_rule>(7);  // was read as exact_mle
  CHECK_THROWS_WITH(nomo::resample::bootstrap_coefficients(b.x, b.y, nomo::resample::plan_options{}, unknown_rule),
                    Catch::Contains("nomo::resample::inference_options::validate: fit_rule = 7: unknown refit_rule"));
  nomo::resample::inference_options names;
  names.column_names = {"a"};
  require_invalid([&] { nomo::resample::bootstrap_coefficients(b.x, b.y, nomo::resample::plan_options{}, names); },
                  "options.column_names.size()", "1");
  Eigen::MatrixXd x = b.x;
  x(3, 2) = std::nan("");
  require_invalid([&] { nomo::resample::bootstrap_coefficients(x, b.y, nomo::resample::plan_options{}); }, "x(3, 2)", "NaN");
}

TEST_CASE("bootstrap_coefficients of a model frame names the coefficients by its design columns") {
  namespace m = nomo::model;
  const auto cohort = nomo::io::read_csv(nomo_test::fixture_path("spline_rms_example_data.csv"));
  const auto frame = m::make_frame(cohort, m::model_spec{"y", {m::rcs("bmk", 4), m::continuous("age"), m::continuous("sex")}});
  nomo::resample::plan_options plan;
  plan.replicates = 30;
  nomo::resample::inference_options explicit_options;
  explicit_options.column_names = frame.column_names;
  const auto expected = nomo::resample::bootstrap_coefficients(frame.x, frame.y, plan, explicit_options);
  const auto r = nomo::resample::bootstrap_coefficients(frame, plan);
  REQUIRE(r.coefficients.size() == frame.column_names.size() + 1);
  for (std::size_t k = 0; k < r.coefficients.size(); ++k) {
    CHECK(r.coefficients[k].name == (k == 0 ? "Intercept" : frame.column_names[k - 1]));
    CHECK(r.coefficients[k].standard_error == expected.coefficients[k].standard_error);
  }
  CHECK(r.coefficients[1].name == "bmk");
  // Bad input reaches the matrix overload's checks, named as there.
  nomo::resample::inference_options bad_names;
  bad_names.column_names = {"only one"};
  require_invalid([&] { nomo::resample::bootstrap_coefficients(frame, plan, bad_names); }, "options.column_names.size()", "1");
  const auto short_plan = nomo::resample::bootstrap_plan(Eigen::VectorXd(frame.y.head(50)));
  require_invalid([&] { nomo::resample::bootstrap_coefficients(frame, short_plan); }, "plan.n_rows", "50");
}
