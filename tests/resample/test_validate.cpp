// resample/validate.hpp against rms 6.5 validate() (tests/reference/resample_rms.R and rms-spec §3).
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include <nomo/io/csv.hpp>
#include <nomo/model/frame.hpp>
#include <nomo/resample/calibrate.hpp>
#include <nomo/resample/validate.hpp>

#include "invalid_input.hpp"
#include "reference_data.hpp"

using nomo::resample::validation;
using nomo::resample::validation_index;
using nomo_test::require_invalid;

namespace {

const std::vector<std::pair<std::string, validation_index validation::*>> rows = {
    {"Dxy", &validation::dxy}, {"R2", &validation::r2}, {"Intercept", &validation::intercept},
    {"Slope", &validation::slope}, {"Emax", &validation::emax}, {"D", &validation::d},
    {"U", &validation::u}, {"Q", &validation::q}, {"B", &validation::brier},
    {"g", &validation::g}, {"gp", &validation::gp}};

void check_table(const validation& v, const std::string& file, double tol) {
  const auto t = nomo_test::read_table(file);
  const auto names = t.text("index");
  for (const auto& [name, member] : rows) {
    const auto i = static_cast<Eigen::Index>(std::find(names.begin(), names.end(), name) - names.begin());
    REQUIRE(static_cast<std::size_t>(i) < names.size());
    const validation_index& row = v.*member;
    INFO(file << " row " << name);
    CHECK(resample_test::close(row.original, t.column("index.orig")(i), tol));
    CHECK(resample_test::close(row.training, t.column("training")(i), tol));
    CHECK(resample_test::close(row.test, t.column("test")(i), tol));
    CHECK(resample_test::close(row.optimism, t.column("optimism")(i), tol));
    CHECK(resample_test::close(row.corrected, t.column("index.corrected")(i), tol));
    CHECK(static_cast<double>(row.n) == t.column("n")(i));
  }
}

}  // namespace

TEST_CASE("validate reproduces rms-spec §3 (set.seed(1), B = 40) from R's saved indices, to 1e-8") {
  const auto d = resample_test::load_design("A");
  const auto v = nomo::resample::validate(d.x, d.y, resample_test::load_plan("resample_indices_A_seed1.csv", 150));
  check_table(v, "resample_validate_A_seed1.csv", 1e-8);
  // the worked example printed in rms-spec.md §3
  CHECK(v.dxy.corrected == Approx(0.3616987266452).margin(1e-12));
  CHECK(v.slope.corrected == Approx(0.8454205005563).margin(1e-12));
  CHECK(v.emax.corrected == Approx(0.0431396047890).margin(1e-12));
  CHECK(v.c.corrected == Approx(0.6808493633).margin(1e-10));
  CHECK(v.replicates.succeeded == 40);
  CHECK(v.replicates.note.empty());
}

TEST_CASE("validate with nomo's R-compatible generator redraws R's samples itself") {
  const auto d = resample_test::load_design("A");
  check_table(nomo::resample::validate(d.x, d.y, resample_test::r_plan(1, 40)), "resample_validate_A_seed1.csv", 1e-8);
  const auto b = resample_test::load_design("B");
  check_table(nomo::resample::validate(b.x, b.y, resample_test::load_plan("resample_indices_B_seed11.csv", 123)),
              "resample_validate_B_seed11.csv", 1e-8);
  check_table(nomo::resample::validate(b.x, b.y, resample_test::r_plan(11, 200)), "resample_validate_B_seed11.csv", 1e-8);
}

TEST_CASE("validate skips the samples lrm.fit gives up on, step-halvings counted against maxit") {
  // 45 patients, rcs(gtv, 4) + age + a cut + a factor (tests/reference/resample_halving.R): of R's
  // 100 samples after set.seed(2), lrm.fit fails on 11. Sample 53 is quasi-separated: Newton
  // converges only after many step-halvings, which lrm.fit counts as passes of its 11.
  const auto d = resample_test::load_design("halving");
  const auto plan = nomo::resample::bootstrap_plan(d.y, resample_test::r_plan(2, 100));
  const auto failed_in_r = nomo_test::read_table("resample_halving_failed.csv").column("replicate");
  std::vector<double> failed;
  for (std::size_t b = 0; b < plan.replicates(); ++b) {
    std::vector<Eigen::Index> columns(static_cast<std::size_t>(d.x.cols()));
    std::iota(columns.begin(), columns.end(), Eigen::Index{0});
    if (!nomo::resample::fit_rows(d.x, d.y, plan.rows[b], columns).ok) failed.push_back(static_cast<double>(b + 1));
  }
  CHECK(failed == std::vector<double>(failed_in_r.data(), failed_in_r.data() + failed_in_r.size()));
  const auto v = nomo::resample::validate(d.x, d.y, resample_test::r_plan(2, 100));
  CHECK(v.replicates.failed == 11);
  check_table(v, "resample_halving_validate_seed2.csv", 1e-8);
}

TEST_CASE("validate with backward step-down matches rms bw = TRUE (rules aic and p)") {
  const auto a = resample_test::load_design("A");
  nomo::resample::validate_options aic;
  aic.backward = true;
  aic.factors = a.factors;
  const auto va = nomo::resample::validate(a.x, a.y, resample_test::r_plan(2, 40), aic);
  check_table(va, "resample_validate_A_bw_aic_seed2.csv", 1e-8);
  CHECK(va.original_kept_factors == std::vector<std::string>{"bmk", "age", "sex"});

  nomo::resample::validate_options p = aic;
  p.step_down.rule = nomo::glm::fastbw_rule::p;
  const auto vp = nomo::resample::validate(a.x, a.y, resample_test::r_plan(4, 40), p);
  check_table(vp, "resample_validate_A_bw_p_seed4.csv", 1e-8);
  CHECK(vp.original_kept_factors == std::vector<std::string>{"bmk", "sex"});  // age dropped (rms-spec §3.4)
}

TEST_CASE("validate bw = TRUE: factors retained per replicate equal rms' kept matrix") {
  const auto b = resample_test::load_design("B");
  nomo::resample::validate_options o;
  o.backward = true;
  o.factors = b.factors;
  const auto v = nomo::resample::validate(b.x, b.y, resample_test::r_plan(12, 100), o);
  check_table(v, "resample_validate_B_bw_aic_seed12.csv", 1e-8);
  const auto kept = nomo_test::read_table("resample_validate_B_bw_aic_seed12_kept.csv");
  REQUIRE(v.retained.rows() == static_cast<Eigen::Index>(kept.size()));
  std::vector<std::size_t> frequency(b.factors.size() + 1, 0);
  for (std::size_t f = 0; f < b.factors.size(); ++f) {
    const Eigen::VectorXd column = kept.column(b.factors[f].name);
    for (Eigen::Index r = 0; r < column.size(); ++r) CHECK(v.retained(r, static_cast<Eigen::Index>(f)) == (column(r) == 1));
  }
  for (Eigen::Index r = 0; r < v.retained.rows(); ++r) ++frequency[static_cast<std::size_t>(v.retained.row(r).count())];
  CHECK(v.retained_count_frequency == frequency);
}

TEST_CASE("validate: B = 1000 with R's generator equals rms, and nomo's generator agrees within Monte Carlo error") {
  const auto b = resample_test::load_design("B");
  const auto exact = nomo::resample::validate(b.x, b.y, resample_test::r_plan(2026, 1000));
  check_table(exact, "resample_validate_B_seed2026_B1000.csv", 1e-8);
  // Another stream of 1000 replicates estimates the same optimism. Its Monte Carlo SE is
  // sd(replicate optimism)/sqrt(1000); over this model the replicate optimism of Dxy has sd ≈ 0.08
  // and of the slope ≈ 0.25 (from the 1000 R replicates), so SEs ≈ 0.0025 and 0.008: the difference
  // of two independent estimates has SD ≈ 0.0036 and 0.011 — allow 4 SD.
  nomo::resample::plan_options own;
  own.replicates = 1000;
  own.seed = 99;
  const auto mc = nomo::resample::validate(b.x, b.y, own);
  CHECK(std::abs(mc.dxy.corrected - exact.dxy.corrected) < 4 * 0.0036);
  CHECK(std::abs(mc.slope.corrected - exact.slope.corrected) < 4 * 0.011);
}

TEST_CASE("validate: a progress callback that throws cancels the run and its exception reaches the caller") {
  const auto b = resample_test::load_design("B");
  nomo::resample::plan_options plan;
  plan.replicates = 40;
  plan.seed = 5;
  for (const int threads : {1, 3}) {
    INFO(threads << " threads");
    nomo::resample::validate_options options;
    options.runner.threads = threads;
    std::size_t calls = 0;
    options.runner.progress = [&](std::size_t, std::size_t) {
      if (++calls == 5) throw std::runtime_error("cancelled by the user");
    };
    CHECK_THROWS_WITH(nomo::resample::validate(b.x, b.y, plan, options), "cancelled by the user");
    CHECK(calls == 5);  // no progress after the cancellation
  }
}

TEST_CASE("validate: 1 thread and all threads give bit-identical results") {
  const auto b = resample_test::load_design("B");
  nomo::resample::plan_options plan;
  plan.replicates = 60;
  plan.seed = 5;
  nomo::resample::validate_options one, many;
  one.runner.threads = 1;
  many.runner.threads = 4;
  many.backward = one.backward = true;
  many.factors = one.factors = b.factors;
  std::size_t calls = 0;
  many.runner.progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    CHECK(done <= total);
  };
  const auto v1 = nomo::resample::validate(b.x, b.y, plan, one);
  const auto v4 = nomo::resample::validate(b.x, b.y, plan, many);
  CHECK(calls == 60);
  for (const auto& [name, member] : rows) {
    INFO(name);
    CHECK((v1.*member).corrected == (v4.*member).corrected);
    CHECK((v1.*member).training == (v4.*member).training);
  }
  CHECK((v1.retained == v4.retained).all());
}

TEST_CASE("validate: replicates with one outcome class are skipped and counted") {
  // 12 rows with 2 events: many bootstrap samples have no event and cannot be fitted.
  Eigen::MatrixXd x(12, 1);
  x << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  Eigen::VectorXd y = Eigen::VectorXd::Zero(12);
  y(3) = 1;
  y(10) = 1;
  nomo::resample::plan_options plan;
  plan.replicates = 200;
  const auto v = nomo::resample::validate(x, y, plan);
  CHECK(v.replicates.failed > 0);
  CHECK(v.replicates.succeeded + v.replicates.failed == 200);
  CHECK(v.dxy.n == v.replicates.succeeded);
  CHECK(v.replicates.note == "Divergence or singularity in " + std::to_string(v.replicates.failed) + " samples");
  CHECK(!v.replicates.first_failures.empty());
}

TEST_CASE("validate: a replicate that fails on a separated sample names the separation") {
  // The classes overlap in x1 = 1..12 only at rows 4 to 7 (glm fits the full data: -6.02, 1.10,
  // 3.13); a sample without those rows is completely separated and exact refits of it diverge
  // (glm's warning; rms' lrm.fit rule would accept them).
  Eigen::MatrixXd x(12, 2);
  x.col(0) << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  x.col(1) << 0.3, -1.2, 0.8, 0.1, -0.4, 1.1, -0.9, 0.5, 0.2, -0.6, 1.4, -0.1;
  Eigen::VectorXd y(12);
  y << 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1;
  Eigen::MatrixXd indices(12, 2);  // replicate 1: every row once; replicate 2: rows 4 to 7 left out
  indices.col(0) << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  indices.col(1) << 1, 2, 3, 8, 9, 10, 11, 12, 1, 12, 2, 9;
  nomo::resample::validate_options exact;
  exact.fit_rule = nomo::resample::refit_rule::exact_mle;
  for (const bool backward : {false, true}) {
    exact.backward = backward;
    const auto v = nomo::resample::validate(x, y, nomo::resample::plan_from_indices(indices, 12), exact);
    CHECK(v.replicates.failed == 1);
    REQUIRE(v.replicates.first_failures.size() == 1);
    CHECK_THAT(v.replicates.first_failures[0], Catch::StartsWith("replicate 1: no convergence: complete separation") &&
                                                   Catch::Contains("fit_firth"));
  }
}

TEST_CASE("validate: all replicates failing is a computation_error") {
  Eigen::MatrixXd x(6, 1);
  x << 1, 2, 3, 4, 5, 6;
  Eigen::VectorXd y(6);
  y << 0, 0, 0, 1, 0, 1;
  // Every replicate resamples row 0 only: one outcome class.
  Eigen::MatrixXd indices = Eigen::MatrixXd::Ones(6, 3);
  CHECK_THROWS_AS(nomo::resample::validate(x, y, nomo::resample::plan_from_indices(indices, 6)), nomo::computation_error);
}

TEST_CASE("validate: bad input names the argument and value") {
  const auto a = resample_test::load_design("A");
  nomo::resample::plan_options zero;
  zero.replicates = 0;
  require_invalid([&] { nomo::resample::validate(a.x, a.y, zero); }, "replicates", "0");
  // Unknown enums: a bad generator fell back to splitmix64, a bad fit_rule to exact_mle.
  nomo::resample::plan_options unknown_generator;
  unknown_generator.generator = static_cast<nomo::resample::index_generator>(7);
  CHECK_THROWS_WITH(nomo::resample::validate(a.x, a.y, unknown_generator),
                    Catch::Contains("nomo::resample::plan_options::validate: generator = 7: unknown index_generator "
                                    "(expected splitmix64 or r_compatible)"));
  CHECK_THROWS_WITH(nomo::resample::bootstrap_plan(a.y, unknown_generator),
                    Catch::Contains("nomo::resample::plan_options::validate: generator = 7"));
  nomo::resample::validate_options unknown_rule;
  unknown_rule.fit_rule = static_cast<nomo::resample::refit_rule>(7);
  CHECK_THROWS_WITH(nomo::resample::validate(a.x, a.y, nomo::resample::plan_options{}, unknown_rule),
                    Catch::Contains("nomo::resample::validate_options::validate: fit_rule = 7: unknown refit_rule"));
  Eigen::VectorXd y = a.y;
  y(4) = 2;
  require_invalid([&] { nomo::resample::validate(a.x, y, nomo::resample::plan_options{}); }, "y[4]", "2");
  const auto plan = nomo::resample::bootstrap_plan(Eigen::VectorXd(a.y.head(100)));
  require_invalid([&] { nomo::resample::validate(a.x, a.y, plan); }, "plan.n_rows", "100");
  // A replicate that draws fewer rows than the data has (here 5).
  auto short_plan = nomo::resample::bootstrap_plan(a.y);
  short_plan.rows[2].resize(5);
  require_invalid([&] { nomo::resample::validate(a.x, a.y, short_plan); }, "plan.rows[2].size()", "5");
  nomo::resample::validate_options bad;
  bad.runner.threads = -1;
  require_invalid([&] { nomo::resample::validate(a.x, a.y, nomo::resample::plan_options{}, bad); }, "threads", "-1");
  bad.runner.threads = 2147483647;  // refused before any per-worker space is allocated
  require_invalid([&] { nomo::resample::validate(a.x, a.y, nomo::resample::plan_options{}, bad); }, "threads", "2147483647");
  nomo::resample::validate_options factors;
  factors.factors = {{}};
  factors.factors[0].name = "z";
  factors.factors[0].columns = {7};
  require_invalid([&] { nomo::resample::validate(a.x, a.y, nomo::resample::plan_options{}, factors); }, "options.factors[0].columns", "7");
  // A column in two factors: deleting one factor would keep it through the other.
  factors.factors = {{}, {}};
  factors.factors[0].name = "a";
  factors.factors[0].columns = {0, 1};
  factors.factors[1].name = "b";
  factors.factors[1].columns = {1};
  factors.backward = true;
  require_invalid([&] { nomo::resample::validate(a.x, a.y, nomo::resample::plan_options{}, factors); },
                  {"options.factors[1].columns = 1", "also belongs to options.factors[0] (\"a\")"});
}

TEST_CASE("test indexes with a negative recalibration slope match their definitions") {
  // y falls with lp, so the recalibration slope s is negative and s·lp runs against lp's order.
  Eigen::VectorXd lp(10), y(10);
  lp << -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5;
  y << 1, 1, 0, 1, 0, 0, 1, 0, 0, 0;
  const auto result = nomo::resample::test_indexes(lp, y, false);
  REQUIRE(result.ok);
  const auto& m = result.indexes;
  REQUIRE(m.slope < 0);
  // Somers' Dxy by its pairwise definition: (concordant − discordant) / pairs with different y.
  double concordant = 0, discordant = 0, pairs = 0;
  for (Eigen::Index i = 0; i < 10; ++i) {
    for (Eigen::Index j = 0; j < 10; ++j) {
      if (y(i) != 1 || y(j) != 0) continue;
      pairs += 1;
      concordant += lp(i) > lp(j) ? 1 : 0;
      discordant += lp(i) < lp(j) ? 1 : 0;
    }
  }
  CHECK(m.dxy == Approx((concordant - discordant) / pairs).margin(1e-15));
  // GiniMd(s·lp) = |s|·GiniMd(lp); GiniMd of the recalibrated probabilities from their own sort.
  std::vector<double> raw(lp.data(), lp.data() + lp.size()), recalibrated;
  for (const double v : raw) recalibrated.push_back(1 / (1 + std::exp(-(m.intercept + m.slope * v))));
  CHECK(m.g == Approx(-m.slope * nomo::gini_mean_difference(raw)).epsilon(1e-14));
  CHECK(m.gp == Approx(nomo::gini_mean_difference(recalibrated)).epsilon(1e-14));
  double brier = 0;
  for (Eigen::Index i = 0; i < 10; ++i) brier += std::pow(y(i) - 1 / (1 + std::exp(-lp(i))), 2) / 10;
  CHECK(m.brier == Approx(brier).epsilon(1e-14));
}

TEST_CASE("validate and calibrate of a model frame take its terms as the step-down's factors") {
  // What a user would otherwise copy by hand (an independent user did): frame.terms as factors,
  // frame.column_names as names. Same numbers as the explicit call; factors named by term.
  namespace m = nomo::model;
  const auto cohort = nomo::io::read_csv(nomo_test::fixture_path("spline_rms_example_data.csv"));
  const auto frame = m::make_frame(cohort, m::model_spec{"y", {m::rcs("bmk", 4), m::continuous("age"), m::continuous("sex")}});
  nomo::resample::validate_options explicit_options;
  explicit_options.backward = true;
  explicit_options.factors = frame.terms;
  explicit_options.column_names = frame.column_names;
  nomo::resample::validate_options frame_options;
  frame_options.backward = true;
  const auto plan = resample_test::r_plan(1, 20);
  const auto expected = nomo::resample::validate(frame.x, frame.y, plan, explicit_options);
  const auto v = nomo::resample::validate(frame, plan, frame_options);
  CHECK(v.factor_names == std::vector<std::string>{"bmk", "age", "sex"});
  CHECK(v.original_kept_factors == expected.original_kept_factors);
  CHECK(v.dxy.corrected == expected.dxy.corrected);
  CHECK(v.slope.corrected == expected.slope.corrected);
  CHECK((v.retained == expected.retained).all());

  nomo::resample::calibrate_options calibrate_explicit;
  calibrate_explicit.backward = true;
  calibrate_explicit.factors = frame.terms;
  nomo::resample::calibrate_options calibrate_frame;
  calibrate_frame.backward = true;
  const auto c = nomo::resample::calibrate(frame, plan, calibrate_frame);
  CHECK(c.corrected == nomo::resample::calibrate(frame.x, frame.y, plan, calibrate_explicit).corrected);
}
