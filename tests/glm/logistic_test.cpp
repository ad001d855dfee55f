// fit_logistic and predict against R's glm(epsilon = 1e-12) and rms::lrm
// (tests/reference/glm_fixtures.R), the rms-spec §2 worked example, and bad input.

#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "glm_fixture.hpp"
#include "invalid_input.hpp"
#include "rounding.hpp"
#include "nomo/core/rng.hpp"
#include "nomo/glm/compact_fit.hpp"
#include "nomo/glm/logistic.hpp"

using glm_test::close;
using glm_test::load_design;
using glm_test::require_close;

namespace {

// Tightest relative tolerance that holds on every data set for estimates, SEs and deviances
// against lrm (whose last full Newton step gives the MLE to machine precision) and for glm's
// estimates.
constexpr double tight = 1e-9;
// glm computes its covariance from the weights of the iteration before the last, so its SEs (and z,
// P) are those of a point ~1e-7 away from the MLE even with epsilon = 1e-12.
constexpr double glm_covariance = 1e-6;

void check_against_r(const std::string& name) {
  const auto d = load_design(name);
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  const auto coef = nomo_test::read_table("glm_" + name + "_coef.csv");
  const auto stats = nomo_test::read_values("glm_" + name + "_stats.csv");
  REQUIRE(fit.converged);
  CHECK_FALSE(fit.separation.detected);
  CHECK_FALSE(fit.aliased.detected);
  require_close(fit.coefficients, coef.column("glm_coef"), tight);
  require_close(fit.coefficients, coef.column("lrm_coef"), tight);
  require_close(fit.standard_errors, coef.column("lrm_se"), tight);
  require_close(fit.standard_errors, coef.column("glm_se"), glm_covariance);
  require_close(fit.z, coef.column("glm_z"), glm_covariance);
  require_close(fit.z, coef.column("lrm_z"), tight);
  require_close(fit.p_values, coef.column("lrm_p"), tight, 1e-300);
  CHECK(close(fit.deviance, stats.at("deviance"), 1e-12));
  // R sums n terms of y log(ȳ) in another order: ~1e-12 relative at n = 100,000.
  CHECK(close(fit.null_deviance, stats.at("null_deviance"), 1e-11));
  CHECK(close(fit.aic, stats.at("aic"), 1e-12));
  CHECK(close(fit.bic, stats.at("bic"), 1e-12));
  CHECK(close(fit.log_likelihood, stats.at("log_lik"), 1e-12));
  CHECK(close(fit.lr_chi2, stats.at("Model L.R."), 1e-10));
  CHECK(fit.lr_df == static_cast<int>(stats.at("d.f.")));
  CHECK(close(fit.lr_p, stats.at("lr_p"), 1e-8, 1e-300));
  CHECK(fit.n_obs == static_cast<Eigen::Index>(stats.at("Obs")));
  CHECK(fit.max_abs_score < 1e-6);
  CHECK(fit.names.front() == "Intercept");
  CHECK(fit.names.back() == d.names.back());
}

}  // namespace

TEST_CASE("fit_logistic matches glm and lrm on the rms-spec example", "[glm][logistic]") {
  check_against_r("example");
}

TEST_CASE("fit_logistic matches glm and lrm with a 4-level factor and splines", "[glm][logistic]") {
  check_against_r("factor");
}

TEST_CASE("fit_logistic matches glm and lrm at n = 100,000", "[glm][logistic]") {
  check_against_r("large");
}

TEST_CASE("fit_logistic matches glm and lrm with 60 columns (the information kernel's unsliced path)",
          "[glm][logistic]") {
  check_against_r("wide");
}

TEST_CASE("estimates_only gives R's estimates, covariance and deviances and leaves the reports empty",
          "[glm][logistic]") {
  const auto d = load_design("factor");
  const auto coef = nomo_test::read_table("glm_factor_coef.csv");
  const auto stats = nomo_test::read_values("glm_factor_stats.csv");
  for (const bool covariance : {true, false}) {
    nomo::glm::irls_options options;
    options.estimates_only = true;
    options.covariance = covariance;
    const auto fit = nomo::glm::fit_logistic(d.x, d.y, options, d.names);
    REQUIRE(fit.converged);
    require_close(fit.coefficients, coef.column("lrm_coef"), tight);
    if (covariance) require_close(fit.covariance.diagonal().cwiseSqrt(), coef.column("lrm_se"), tight);
    else CHECK(fit.covariance.size() == 0);
    CHECK(close(fit.deviance, stats.at("deviance"), 1e-12));
    CHECK(close(fit.null_deviance, stats.at("null_deviance"), 1e-11));
    CHECK(close(fit.lr_chi2, stats.at("Model L.R."), 1e-10));
    CHECK(fit.linear_predictor.size() == 0);
    CHECK(fit.fitted.size() == 0);
    CHECK(fit.standard_errors.size() == 0);
    CHECK(std::isnan(fit.aic));
    CHECK(std::isnan(fit.lr_p));
    CHECK_FALSE(fit.separation.detected);
    CHECK(fit.names.size() == static_cast<std::size_t>(fit.coefficients.size()));
  }
}

TEST_CASE("fit_logistic reproduces the rms-spec §2.2 worked example digits", "[glm][logistic]") {
  const auto d = load_design("example");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  Eigen::VectorXd beta(6), se(6);
  beta << -1.650120226321270, -0.985298535067153, 6.151777241601448, -11.32187659222804, 0.033794891856835,
      0.993474661518077;
  se << 1.85105639821924, 0.810494553367765, 3.77785408485955, 7.14544568359699, 0.0201259665525325,
      0.358668620480563;
  require_close(fit.coefficients, beta, 1e-10);
  require_close(fit.standard_errors, se, 1e-10);
  CHECK(close(fit.null_deviance, 203.414645135121, 1e-12));
  CHECK(close(fit.deviance, 184.284993618777, 1e-12));
  CHECK(close(fit.lr_p, 0.00181812227014211, 1e-10));
}

TEST_CASE("fit_logistic gives the same bits for any thread count and matches R", "[glm][logistic]") {
  const auto d = load_design("large");
  nomo::glm::irls_options one, two;
  one.block_rows = 512;
  two.block_rows = 512;
  two.threads = 2;
  const auto a = nomo::glm::fit_logistic(d.x, d.y, one, d.names);
  const auto b = nomo::glm::fit_logistic(d.x, d.y, two, d.names);
  CHECK(a.coefficients == b.coefficients);
  CHECK(a.covariance == b.covariance);
  CHECK(a.deviance == b.deviance);
  require_close(b.coefficients, nomo_test::read_table("glm_large_coef.csv").column("glm_coef"), tight);
}

TEST_CASE("fit_logistic started from a subsample fit matches R and the usual start on any thread count",
          "[glm][logistic]") {
  // 256-row blocks make the 100,000 rows 391 blocks, enough for a subsample start (256).
  const auto d = load_design("large");
  const auto coef = nomo_test::read_table("glm_large_coef.csv");
  const auto stats = nomo_test::read_values("glm_large_stats.csv");
  nomo::glm::irls_options one, two, three, usual;
  one.block_rows = two.block_rows = three.block_rows = usual.block_rows = 256;
  two.threads = 2;
  three.threads = 3;
  usual.subsample_start = false;
  const auto a = nomo::glm::fit_logistic(d.x, d.y, one, d.names);
  const auto b = nomo::glm::fit_logistic(d.x, d.y, two, d.names);
  const auto c = nomo::glm::fit_logistic(d.x, d.y, three, d.names);
  const auto plain = nomo::glm::fit_logistic(d.x, d.y, usual, d.names);
  REQUIRE(a.converged);
  CHECK(a.subsample_started);
  CHECK(a.subsample_passes > 0);
  CHECK_FALSE(plain.subsample_started);
  CHECK(plain.subsample_passes == 0);
  CHECK(a.iterations < plain.iterations);
  // One pass over all rows per Newton step, plus the starting point's.
  CHECK(a.passes == a.iterations + a.halvings + 1);
  CHECK(plain.passes == plain.iterations + plain.halvings + 1);
  CHECK(a.coefficients == b.coefficients);
  CHECK(a.coefficients == c.coefficients);
  CHECK(a.covariance == b.covariance);
  CHECK(a.fitted == c.fitted);
  require_close(a.coefficients, coef.column("glm_coef"), tight);
  require_close(a.standard_errors, coef.column("lrm_se"), tight);
  CHECK(close(a.deviance, stats.at("deviance"), 1e-12));
  require_close(a.coefficients, plain.coefficients, 1e-12);
  require_close(a.standard_errors, plain.standard_errors, 1e-12);
  require_close(a.fitted, plain.fitted, 1e-12);
}

TEST_CASE("fit_logistic's subsample start keeps weights and offset and never serves lrm.fit's rule",
          "[glm][logistic]") {
  const auto d = load_design("large");
  nomo::glm::irls_options subsampled;
  subsampled.block_rows = 256;
  subsampled.prior_weights.resize(d.x.rows());
  subsampled.offset.resize(d.x.rows());
  for (Eigen::Index i = 0; i < d.x.rows(); ++i) {
    subsampled.prior_weights(i) = static_cast<double>(i % 3);  // a third of the rows weigh 0
    subsampled.offset(i) = 0.25 * std::sin(0.01 * static_cast<double>(i));
  }
  nomo::glm::irls_options usual = subsampled;
  usual.subsample_start = false;
  const auto a = nomo::glm::fit_logistic(d.x, d.y, subsampled);
  const auto b = nomo::glm::fit_logistic(d.x, d.y, usual);
  REQUIRE(b.converged);
  CHECK(a.subsample_started);
  require_close(a.coefficients, b.coefficients, 1e-12);
  require_close(a.standard_errors, b.standard_errors, 1e-12);
  CHECK(close(a.deviance, b.deviance, 1e-13));
  CHECK(close(a.null_deviance, b.null_deviance, 1e-13));
  // lrm.fit's rule stops at a point that depends on the start: it always starts at (logit ȳ, 0).
  nomo::glm::irls_options lrm_rule;
  lrm_rule.block_rows = 256;
  lrm_rule.rule = nomo::glm::convergence_rule::deviance_change;
  const auto r = nomo::glm::fit_logistic(d.x, d.y, lrm_rule);
  CHECK_FALSE(r.subsample_started);
  CHECK(r.subsample_passes == 0);
}

TEST_CASE("fit_logistic drops a subsample start that is worse than the usual one", "[glm][logistic]") {
  // Every 8th block of 64 rows has no events: the subsample fit converges (its decrement falls
  // below the parameter count after 7 steps) with the intercept far down, a start worse than the
  // intercept-only model. The fit must then take the usual start, so every bit matches; also with
  // an offset, where (logit ȳ, 0) is no longer the intercept-only fit.
  const Eigen::Index n = 64 * 8 * 40;
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd y(n);
  nomo::splitmix64 draws(2026);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = draws.uniform() - 0.5;
    x(i, 1) = draws.uniform() - 0.5;
    const bool subsample_row = (i / 64) % 8 == 0;
    y(i) = !subsample_row && draws.uniform() < 0.3 + 0.4 * x(i, 0) ? 1.0 : 0.0;
  }
  for (const bool with_offset : {false, true}) {
    nomo::glm::irls_options subsampled, usual;
    subsampled.block_rows = usual.block_rows = 64;
    if (with_offset) subsampled.offset = usual.offset = Eigen::VectorXd::Constant(n, 0.1);
    usual.subsample_start = false;
    const auto a = nomo::glm::fit_logistic(x, y, subsampled);
    const auto b = nomo::glm::fit_logistic(x, y, usual);
    REQUIRE(b.converged);
    CHECK(a.subsample_passes > 0);
    CHECK_FALSE(a.subsample_started);
    CHECK(a.coefficients == b.coefficients);
    CHECK(a.iterations == b.iterations);
    CHECK(a.halvings == b.halvings);
    CHECK(a.passes == b.passes + 1);  // the pass at the dropped start
  }
}

TEST_CASE("last_newton_step: below epsilon, or a next decrement predicted below (epsilon/100)²", "[glm][logistic]") {
  using nomo::glm::detail::last_newton_step;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(last_newton_step(3.2e-13, 4.4e-4, 1e-10));  // below epsilon
  CHECK(last_newton_step(3.2e-13, nan, 1e-10));
  // W2 from (logit ȳ, 0): 16.2 then 4.4e-4 predicts 4.4e-4³ / 16.2² = 3.2e-13 next, above 1e-24.
  CHECK_FALSE(last_newton_step(4.4e-4, 16.2, 1e-10));
  // W2 from its subsample's estimates: 1.1e-2 then 1.8e-10 predicts 4.8e-26.
  CHECK(last_newton_step(1.8e-10, 1.1e-2, 1e-10));
  // No prediction without a previous full step, or when the decrement did not fall.
  CHECK_FALSE(last_newton_step(1.8e-10, nan, 1e-10));
  CHECK_FALSE(last_newton_step(1.8e-10, 1e-10, 1e-10));
}

TEST_CASE("fit_logistic in a reused logistic_workspace gives the fits of fresh ones and R's", "[glm][logistic]") {
  // The workspace goes from a 10-parameter fit on 400 rows to a 6-parameter one on 150 and back,
  // and through an estimates-only fit without covariance: no fit may see what an earlier one left.
  const auto factor = load_design("factor");
  const auto example = load_design("example");
  nomo::glm::irls_options lean;
  lean.estimates_only = true;
  lean.covariance = false;
  nomo::glm::logistic_workspace workspace;
  const auto first = nomo::glm::fit_logistic(factor.x, factor.y, {}, factor.names, workspace);
  const auto smaller = nomo::glm::fit_logistic(example.x, example.y, {}, example.names, workspace);
  const auto estimates = nomo::glm::fit_logistic(factor.x, factor.y, lean, factor.names, workspace);
  const auto again = nomo::glm::fit_logistic(factor.x, factor.y, {}, factor.names, workspace);
  const auto fresh = nomo::glm::fit_logistic(factor.x, factor.y, {}, factor.names);
  const auto fresh_small = nomo::glm::fit_logistic(example.x, example.y, {}, example.names);
  for (const auto* fit : {&first, &again}) {
    CHECK(fit->coefficients == fresh.coefficients);
    CHECK(fit->covariance == fresh.covariance);
    CHECK(fit->fitted == fresh.fitted);
    CHECK(fit->deviance == fresh.deviance);
  }
  CHECK(estimates.coefficients == fresh.coefficients);
  CHECK(smaller.coefficients == fresh_small.coefficients);
  CHECK(smaller.covariance == fresh_small.covariance);
  require_close(again.coefficients, nomo_test::read_table("glm_factor_coef.csv").column("lrm_coef"), tight);
  require_close(smaller.standard_errors, nomo_test::read_table("glm_example_coef.csv").column("lrm_se"), tight);
  // The case resampling meets: the same columns on fewer rows (a larger block kept from before),
  // with weights, then two threads, then one again.
  nomo::glm::irls_options weighted, threaded;
  weighted.prior_weights = Eigen::VectorXd::LinSpaced(200, 1.0, 3.0);
  threaded.threads = 2;
  threaded.block_rows = 64;
  const Eigen::MatrixXd head_x = factor.x.topRows(200);
  const Eigen::VectorXd head_y = factor.y.head(200);
  const auto head = nomo::glm::fit_logistic(head_x, head_y, weighted, factor.names, workspace);
  const auto split = nomo::glm::fit_logistic(factor.x, factor.y, threaded, factor.names, workspace);
  const auto last = nomo::glm::fit_logistic(head_x, head_y, weighted, factor.names, workspace);
  const auto fresh_head = nomo::glm::fit_logistic(head_x, head_y, weighted, factor.names);
  const auto fresh_split = nomo::glm::fit_logistic(factor.x, factor.y, threaded, factor.names);
  CHECK(head.coefficients == fresh_head.coefficients);
  CHECK(head.covariance == fresh_head.covariance);
  CHECK(last.coefficients == fresh_head.coefficients);
  CHECK(last.fitted == fresh_head.fitted);
  CHECK(split.coefficients == fresh_split.coefficients);
  CHECK(split.covariance == fresh_split.covariance);
  // Bad input is checked as without a workspace.
  CHECK_THROWS_AS(nomo::glm::fit_logistic(factor.x, factor.y.head(10), {}, {}, workspace), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::fit_logistic(factor.x, factor.y.head(10), {}, {}, workspace), Catch::Contains("y.size() = 10"));
}

TEST_CASE("fit_logistic with prior weights and offset matches glm and the information at its estimates", "[glm][logistic]") {
  const auto d = load_design("weighted", {"w", "off"});
  nomo::glm::irls_options options;
  options.prior_weights = d.table.column("w");
  options.offset = d.table.column("off");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, options, d.names);
  const auto coef = nomo_test::read_table("glm_weighted_coef.csv");
  const auto stats = nomo_test::read_values("glm_weighted_stats.csv");
  REQUIRE(fit.converged);
  require_close(fit.coefficients, coef.column("glm_coef"), tight);
  require_close(fit.standard_errors, coef.column("se"), tight);
  CHECK(close(fit.deviance, stats.at("deviance"), 1e-12));
  CHECK(close(fit.null_deviance, stats.at("null_deviance"), 1e-11));
  CHECK(close(fit.aic, stats.at("aic"), 1e-12));
}

TEST_CASE("fit_logistic with zero weights matches glm, and its BIC counts every row as R's BIC() does",
          "[glm][logistic]") {
  const auto d = load_design("weighted", {"w", "off"});
  nomo::glm::irls_options options;
  options.prior_weights = d.table.column("w");
  for (Eigen::Index i = 6; i < options.prior_weights.size(); i += 7) options.prior_weights(i) = 0;
  options.offset = d.table.column("off");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, options, d.names);
  const auto stats = nomo_test::read_values("glm_zero_weights_stats.csv");
  REQUIRE(fit.converged);
  require_close(fit.coefficients, nomo_test::read_table("glm_zero_weights_coef.csv").column("glm_coef"), tight);
  CHECK(static_cast<double>(fit.n_obs) == stats.at("nobs"));
  CHECK(close(fit.deviance, stats.at("deviance"), 1e-12));
  CHECK(close(fit.null_deviance, stats.at("null_deviance"), 1e-11));
  CHECK(close(fit.aic, stats.at("aic"), 1e-12));
  CHECK(close(fit.bic, stats.at("bic"), 1e-12));
}

TEST_CASE("fit_logistic matches glm when a pass's last slice ends mid-packet, with weights and offset", "[glm][logistic]") {
  // 197 rows: slices of 128 and 69 rows; 69 is no multiple of 2, 4 or 8 lanes.
  const auto d = load_design("weighted", {"w", "off"});
  const Eigen::Index m = 197;
  nomo::glm::irls_options options;
  options.prior_weights = d.table.column("w").head(m);
  options.offset = d.table.column("off").head(m);
  const Eigen::MatrixXd x = d.x.topRows(m);
  const Eigen::VectorXd y = d.y.head(m);
  const auto fit = nomo::glm::fit_logistic(x, y, options, d.names);
  REQUIRE(fit.converged);
  require_close(fit.coefficients, nomo_test::read_table("glm_weighted197_coef.csv").column("glm_coef"), tight);
  CHECK(close(fit.deviance, nomo_test::read_values("glm_weighted197_stats.csv").at("deviance"), 1e-12));
}

TEST_CASE("fit_logistic with a large constant offset is the fit without it, intercept shifted", "[glm][logistic]") {
  // A constant offset c only moves the intercept by −c. Started at logit ȳ with c ≥ 37, every
  // probability rounded to 1 and the fit called the design aliased (an independent check found it);
  // the start is now the intercept-only fit with the offset, as lrm.fit and glm start.
  const auto d = load_design("example");
  const auto plain = nomo::glm::fit_logistic(d.x, d.y);
  REQUIRE(plain.converged);
  for (const double c : {37.0, 800.0, -800.0}) {
    INFO("offset " << c);
    nomo::glm::irls_options options;
    options.offset = Eigen::VectorXd::Constant(d.y.size(), c);
    const auto fit = nomo::glm::fit_logistic(d.x, d.y, options);
    REQUIRE(fit.converged);
    CHECK_FALSE(fit.aliased.detected);
    CHECK(std::abs(fit.coefficients(0) - (plain.coefficients(0) - c)) <= 1e-9 * std::abs(c));
    require_close(fit.coefficients.tail(d.x.cols()), plain.coefficients.tail(d.x.cols()), 1e-9);
    require_close(fit.standard_errors, plain.standard_errors, 1e-9);
    CHECK(close(fit.deviance, plain.deviance, 1e-12));
    CHECK(close(fit.null_deviance, plain.null_deviance, 1e-12));
  }
}

TEST_CASE("fit_logistic Wald intervals at a chosen level match confint.default's formula", "[glm][logistic]") {
  const auto d = load_design("example");
  nomo::glm::irls_options options;
  options.confidence_level = 0.9;
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, options, d.names);
  const auto coef = nomo_test::read_table("glm_example_coef.csv");
  // Limits near 0 are differences of larger numbers: relative to max(|limit|, 1).
  require_close(fit.conf_low, coef.column("low90"), tight, 1.0);
  require_close(fit.conf_high, coef.column("high90"), tight, 1.0);
  const Eigen::VectorXd or_low = coef.column("low90").array().exp();
  require_close(fit.odds_ratio_low, or_low, tight);
}

TEST_CASE("predict matches lp and SE from lrm's coefficients and covariance", "[glm][logistic]") {
  for (const std::string name : {"example", "factor", "large"}) {
    const auto d = load_design(name);
    const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
    const Eigen::MatrixXd new_x = d.x.topRows(5) * 1.1;
    const auto prediction = nomo::glm::predict(fit, new_x);
    const auto expected = nomo_test::read_table("glm_" + name + "_predict.csv");
    require_close(prediction.linear_predictor, expected.column("lp"), tight);
    require_close(prediction.se_linear_predictor, expected.column("se"), tight);
    for (Eigen::Index i = 0; i < 5; ++i) {
      const double lp = expected.column("lp")(i), se = expected.column("se")(i);
      CHECK(close(prediction.probability(i), 1 / (1 + std::exp(-lp)), tight));
      CHECK(close(prediction.probability_low(i), 1 / (1 + std::exp(-(lp - 1.959963984540054 * se))), tight));
    }
  }
}

TEST_CASE("fit_logistic reports aliased columns by name, as glm's NA", "[glm][logistic]") {
  const auto d = load_design("aliased");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  const auto coef = nomo_test::read_table("glm_aliased_coef.csv");
  REQUIRE(fit.aliased.detected);
  CHECK(fit.aliased.columns == std::vector<Eigen::Index>{2});
  CHECK(fit.aliased.names == std::vector<std::string>{"x3"});
  CHECK(fit.aliased.message.find("x3") != std::string::npos);
  // The start's pass, the weighted QR's that decides x3 is aliased, the start again without x3.
  CHECK(fit.passes == fit.iterations + fit.halvings + 3);
  CHECK(std::isnan(fit.coefficients(3)));
  CHECK(fit.rank == 4);
  for (Eigen::Index i : {0, 1, 2, 4}) {
    CHECK(close(fit.coefficients(i), coef.column("glm_coef")(i), tight));
    CHECK(close(fit.standard_errors(i), coef.column("se")(i), tight));
  }
  nomo::glm::irls_options strict;
  strict.on_aliased = nomo::glm::aliased_policy::throw_error;
  CHECK_THROWS_WITH(nomo::glm::fit_logistic(d.x, d.y, strict, d.names), Catch::Contains("x3"));
  CHECK_THROWS_AS(nomo::glm::fit_logistic(d.x, d.y, strict, d.names), nomo::computation_error);
}

TEST_CASE("fit_logistic fits nearly collinear columns that R does not call aliased, with QR-accurate SEs",
          "[glm][logistic]") {
  // x2 = x1 + N(0, 1e-5²): kappa(X) = 2.5e5, so X'WX has kappa ~ 6e10. A Cholesky of it called x2
  // aliased, and its inverse gave SEs 2.8e-6 off (an independent check found both); R's glm rule
  // and the weighted QR's covariance give glm's numbers (tests/reference/glm_collinear.R).
  const auto d = load_design("collinear");
  const auto coef = nomo_test::read_table("glm_collinear_coef.csv");
  const auto stats = nomo_test::read_table("glm_collinear_stats.csv");
  for (const auto rule : {nomo::glm::convergence_rule::newton_decrement, nomo::glm::convergence_rule::deviance_change}) {
    nomo::glm::irls_options options;
    options.rule = rule;
    options.deviance_tolerance = 1e-9;  // lrm's rule, run to the maximum: the same estimates
    const auto fit = nomo::glm::fit_logistic(d.x, d.y, options, d.names);
    CHECK_FALSE(fit.aliased.detected);
    REQUIRE(fit.converged);
    CHECK(fit.rank == 4);
    for (Eigen::Index i = 0; i < 4; ++i) {
      INFO("parameter " << i);
      CHECK(close(fit.coefficients(i), coef.column("coef")(i), 1e-8));
      CHECK(close(fit.standard_errors(i), coef.column("se")(i), 1e-8));
    }
    CHECK(close(fit.deviance, stats.column("value")(0), 1e-12));
  }
  // The compact engine of resampling refits decides and estimates alike.
  nomo::glm::irls_options compact_options;
  compact_options.estimates_only = true;
  compact_options.epsilon = 1e-14;
  nomo::glm::detail::compact_workspace ws;
  const auto compact = nomo::glm::detail::fit_compact(d.x, d.y, Eigen::VectorXd(), compact_options, ws);
  CHECK_FALSE(compact.aliased.detected);
  REQUIRE(compact.converged);
  for (Eigen::Index i = 0; i < 4; ++i) {
    CHECK(close(compact.coefficients(i), coef.column("coef")(i), 1e-8));
    CHECK(close(std::sqrt(compact.covariance(i, i)), coef.column("se")(i), 1e-8));
  }
}

TEST_CASE("fit_logistic sets aside columns too collinear to fit, and honours a looser rank_tolerance",
          "[glm][logistic]") {
  // x2 moved to x1 + N(0, 1e-7²): R's rule (1e-11) keeps it, but the information matrix could not
  // be factorized (the fit failed, an independent review found); it is reported aliased and the
  // rest fitted: glm(y ~ x1 + x3). With rank_tolerance = 1e-3 both x2 (1e-5 from x1) and x3 (1e-4)
  // are aliased by R's rule: glm(y ~ x1). (tests/reference/glm_collinear.R)
  const auto d = load_design("collinear");
  Eigen::MatrixXd nearer = d.x;
  nearer.col(1) = d.x.col(0) + 1e-2 * (d.x.col(1) - d.x.col(0));
  const auto drop_x2 = nomo_test::read_table("glm_collinear_drop_x2_coef.csv").column("coef");
  const auto fit = nomo::glm::fit_logistic(nearer, d.y, {}, d.names);
  REQUIRE(fit.aliased.detected);
  CHECK(fit.aliased.names == std::vector<std::string>{"x2"});
  REQUIRE(fit.converged);
  CHECK(close(fit.coefficients(0), drop_x2(0), 1e-8));
  CHECK(close(fit.coefficients(1), drop_x2(1), 1e-8));
  CHECK(close(fit.coefficients(3), drop_x2(2), 1e-8));
  nomo::glm::irls_options compact_options;
  compact_options.estimates_only = true;
  nomo::glm::detail::compact_workspace ws;
  const auto compact = nomo::glm::detail::fit_compact(nearer, d.y, Eigen::VectorXd(), compact_options, ws);
  CHECK(compact.aliased.columns == std::vector<Eigen::Index>{1});

  nomo::glm::irls_options loose;
  loose.rank_tolerance = 1e-3;
  const auto drop_both = nomo_test::read_table("glm_collinear_drop_x2_x3_coef.csv").column("coef");
  const auto coarse = nomo::glm::fit_logistic(d.x, d.y, loose, d.names);
  CHECK(coarse.aliased.names == std::vector<std::string>{"x2", "x3"});
  REQUIRE(coarse.converged);
  CHECK(close(coarse.coefficients(0), drop_both(0), 1e-8));
  CHECK(close(coarse.coefficients(1), drop_both(1), 1e-8));
}

TEST_CASE("fit_logistic detects complete separation (lrm returns it silently)", "[glm][logistic]") {
  const auto d = load_design("separated");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  REQUIRE(fit.separation.detected);
  CHECK(fit.separation.complete);
  CHECK(fit.separation.perfectly_predicted == 10);
  CHECK(fit.separation.names == std::vector<std::string>{"x"});
  CHECK(fit.separation.message.find("Firth") != std::string::npos);
}

TEST_CASE("fit_logistic calls separation complete while rows near the boundary are not yet predicted perfectly",
          "[glm][logistic]") {
  // y = 1 exactly when s > 0, with rows at s = ±0.004: after the default 25 iterations their linear
  // predictors are still well below the 18.4 that "perfectly predicted" needs, but the last step
  // pushes every row toward its own outcome.
  std::vector<double> s{-0.004, 0.004};
  for (int i = 0; i < 100; ++i) s.push_back((i - 49.5) / 49.5);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(s.size()), 1);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    x(i, 0) = s[static_cast<std::size_t>(i)];
    y(i) = x(i, 0) > 0 ? 1.0 : 0.0;
  }
  const auto fit = nomo::glm::fit_logistic(x, y, {}, {"s"});
  REQUIRE(fit.separation.detected);
  CHECK(fit.separation.perfectly_predicted < x.rows());
  CHECK(fit.separation.complete);
  CHECK(fit.separation.message.find("complete separation") == 0);
  CHECK(fit.separation.names == std::vector<std::string>{"s"});
}

TEST_CASE("fit_logistic detects quasi-complete separation and names the column", "[glm][logistic]") {
  const auto d = load_design("quasi");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  REQUIRE(fit.separation.detected);
  CHECK_FALSE(fit.separation.complete);
  CHECK(fit.separation.perfectly_predicted == 6);
  CHECK(fit.separation.names == std::vector<std::string>{"level_c"});
  CHECK(fit.separation.message.find("quasi-complete") != std::string::npos);
}

TEST_CASE("fit_logistic reports non-convergence with the iteration count", "[glm][logistic]") {
  const auto d = load_design("example");
  nomo::glm::irls_options options;
  options.max_iterations = 1;
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, options, d.names);
  CHECK_FALSE(fit.converged);
  CHECK(fit.iterations == 1);
  CHECK(fit.message.find("1 iterations") != std::string::npos);
}

TEST_CASE("convergence_rule::deviance_change stops where rms lrm.fit stops", "[glm][logistic]") {
  // tests/reference/glm_lrm_rule.R: lrm.fit's defaults (eps = 0.025) and glm's exact MLE. On the
  // recalibration design lrm.fit's last step leaves a 1e-10 gap, so the rule, not just the MLE, is
  // what is checked.
  const auto reference = nomo_test::read_table("glm_lrm_rule.csv");
  nomo::glm::irls_options lrm_rule;
  lrm_rule.rule = nomo::glm::convergence_rule::deviance_change;
  lrm_rule.max_iterations = 11;
  for (const std::string name : {"example", "recal"}) {
    INFO(name);
    const auto d = load_design(name == "example" ? "example" : "lrm_rule_recal");
    const auto design = reference.text("design");
    const Eigen::VectorXd lrm_fit = reference.column("lrm_fit"), mle = reference.column("mle");
    Eigen::VectorXd expected_lrm(d.x.cols() + 1), expected_mle(d.x.cols() + 1);
    double expected_deviance = 0, expected_max_deriv = 0;
    for (std::size_t r = 0, i = 0; r < reference.size(); ++r) {
      if (design[r] != name) continue;
      const auto row = static_cast<Eigen::Index>(r);
      expected_lrm(static_cast<Eigen::Index>(i)) = lrm_fit(row);
      expected_mle(static_cast<Eigen::Index>(i++)) = mle(row);
      expected_deviance = reference.column("lrm_deviance")(row);
      expected_max_deriv = reference.column("lrm_max_deriv")(row);
    }
    const auto fit = nomo::glm::fit_logistic(d.x, d.y, lrm_rule);
    REQUIRE(fit.converged);
    require_close(fit.coefficients, expected_lrm, 1e-12);
    CHECK(close(fit.deviance, expected_deviance, 1e-13));
    // lrm's "Max Deriv" is the score on the uncentred columns. Near the optimum it is the
    // information times the distance left, so estimates equal to 1e-12 give it to ~1e-4 here.
    CHECK(close(fit.max_abs_score, expected_max_deriv, 1e-3, 0.0));
    const auto exact = nomo::glm::fit_logistic(d.x, d.y);
    require_close(exact.coefficients, expected_mle, 1e-12);
    if (name == "recal") CHECK_FALSE(close(fit.coefficients(1), expected_mle(1), 1e-11));
  }
}

TEST_CASE("fit_logistic rejects bad input naming argument and value", "[glm][logistic][bad-input]") {
  Eigen::MatrixXd x(6, 2);
  x << 1, 5, 2, 3, 3, 8, 4, 1, 5, 2, 6, 7;
  Eigen::VectorXd y(6);
  y << 0, 1, 0, 1, 1, 0;
  const std::vector<std::string> names{"age", "dose"};
  using nomo::glm::fit_logistic;

  // Weights whose total overflows (it read as "y = all 1") or is subnormal (NaN SEs), from an
  // independent hostile-input check.
  nomo::glm::irls_options scaled;
  scaled.prior_weights = Eigen::VectorXd::Constant(6, 1e308);
  nomo_test::require_invalid([&] { fit_logistic(x, y, scaled); }, {"options.prior_weights[0] = 1", "e+308", "overflows double"});
  scaled.prior_weights = Eigen::VectorXd::Constant(6, 1e-320);
  nomo_test::require_invalid([&] { fit_logistic(x, y, scaled); }, {"options.prior_weights[0]", "is subnormal"});

  // Unknown enums were read as deviance_change and throw_error.
  nomo::glm::irls_options unknown;
  unknown.rule = static_cast<nomo::glm::convergence_rule>(7);
  CHECK_THROWS_AS(fit_logistic(x, y, unknown), nomo::invalid_input);
  CHECK_THROWS_WITH(fit_logistic(x, y, unknown),
                    Catch::Contains("nomo::glm::irls_options::validate: rule = 7: unknown convergence_rule "
                                    "(expected newton_decrement or deviance_change)"));
  unknown = {};
  unknown.on_aliased = static_cast<nomo::glm::aliased_policy>(7);
  CHECK_THROWS_WITH(fit_logistic(x, y, unknown),
                    Catch::Contains("nomo::glm::irls_options::validate: on_aliased = 7: unknown aliased_policy"));

  Eigen::MatrixXd bad = x;
  bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(fit_logistic(bad, y, {}, names), nomo::invalid_input);
  CHECK_THROWS_WITH(fit_logistic(bad, y, {}, names), Catch::Contains("x(3, 1)") && Catch::Contains("dose") &&
                                                          Catch::Contains("NaN"));
  bad(3, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(fit_logistic(bad, y, {}, names), Catch::Contains("x(3, 1)") && Catch::Contains("Inf"));
  // Squares of values near 1e300 overflow double: the column was reported as aliased. Its centre is
  // the mean 26e300/6, from which 8e300 (row 2) lies farthest.
  Eigen::MatrixXd huge = x;
  huge.col(1) *= 1e300;
  CHECK_THROWS_AS(fit_logistic(huge, y, {}, names), nomo::invalid_input);
  CHECK_THROWS_WITH(fit_logistic(huge, y, {}, names),
                    Catch::StartsWith("nomo::glm::fit_logistic: x(2, 1) (column \"dose\") = 8.0000000000000004e+300") &&
                        Catch::Contains("overflows double"));

  Eigen::VectorXd y2 = y;
  y2(4) = 2;
  CHECK_THROWS_WITH(fit_logistic(x, y2, {}, names), Catch::Contains("y[4] = 2"));
  CHECK_THROWS_WITH(fit_logistic(x, y.head(5), {}, names), Catch::Contains("y.size() = 5"));
  CHECK_THROWS_WITH(fit_logistic(x.topRows(0), y.head(0), {}, names), Catch::Contains("x.rows() = 0"));
  CHECK_THROWS_WITH(fit_logistic(x.topRows(2), y.head(2), {}, names), Catch::Contains("x.cols() = 2"));
  Eigen::MatrixXd constant = x;
  constant.col(0).setConstant(4);
  CHECK_THROWS_WITH(fit_logistic(constant, y, {}, names), Catch::Contains("age") && Catch::Contains("= 4") &&
                                                              Catch::Contains("constant"));
  CHECK_THROWS_WITH(fit_logistic(x, Eigen::VectorXd::Zero(6), {}, names), Catch::Contains("y = \"all 0\""));
  CHECK_THROWS_WITH(fit_logistic(x, y, {}, {"age"}), Catch::Contains("column_names.size() = 1"));

  nomo::glm::irls_options options;
  options.prior_weights = Eigen::VectorXd::Ones(6);
  options.prior_weights(2) = -1;
  CHECK_THROWS_WITH(fit_logistic(x, y, options, names), Catch::Contains("options.prior_weights[2] = -1"));
  options = {};
  options.offset = Eigen::VectorXd::Zero(5);
  CHECK_THROWS_WITH(fit_logistic(x, y, options, names), Catch::Contains("options.offset.size() = 5"));
  options = {};
  options.max_iterations = 0;
  CHECK_THROWS_WITH(fit_logistic(x, y, options, names), Catch::Contains("max_iterations = 0"));
  options = {};
  options.confidence_level = 1.5;
  CHECK_THROWS_WITH(options.validate(), Catch::Contains("confidence_level = 1.5"));
  options = {};
  options.deviance_tolerance = 0;
  CHECK_THROWS_AS(fit_logistic(x, y, options, names), nomo::invalid_input);
  CHECK_THROWS_WITH(fit_logistic(x, y, options, names), Catch::Contains("deviance_tolerance = 0"));
  options = {};
  options.covariance = false;  // only meaningful with estimates_only
  CHECK_THROWS_AS(fit_logistic(x, y, options, names), nomo::invalid_input);
  CHECK_THROWS_WITH(fit_logistic(x, y, options, names), Catch::Contains("covariance = \"false\"") &&
                                                            Catch::Contains("estimates_only"));
}

TEST_CASE("predict rejects bad input naming argument and value", "[glm][logistic][bad-input]") {
  const auto d = load_design("example");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  CHECK_THROWS_WITH(nomo::glm::predict(fit, d.x.leftCols(3)), Catch::Contains("new_x.cols() = 3"));
  Eigen::MatrixXd bad = d.x.topRows(2);
  bad(1, 4) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(nomo::glm::predict(fit, bad), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::predict(fit, bad), Catch::Contains("new_x(1, 4) = NaN"));
  CHECK_THROWS_WITH(nomo::glm::predict(fit, d.x.topRows(2), Eigen::VectorXd::Zero(3)),
                    Catch::Contains("offset.size() = 3"));
  auto without = fit;  // as fitted with irls_options::covariance = false
  without.covariance.resize(0, 0);
  CHECK_THROWS_AS(nomo::glm::predict(without, d.x.topRows(2)), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::predict(without, d.x.topRows(2)), Catch::Contains("fit.covariance.rows() = 0"));
  // A value so large that the row's SE overflows gave Inf silently (independent hostile-input check).
  Eigen::MatrixXd huge = d.x.topRows(2);
  huge(1, 2) = 1e300;
  nomo_test::require_invalid([&] { nomo::glm::predict(fit, huge); }, {"glm::predict", "new_x(1, 2) = 1", "e+300", "overflows double"});
}

TEST_CASE("fit_logistic: rows with equal covariates get bit-identical fitted risks, the group event rates",
          "[glm][fitted]") {
  // A saturated one-factor model: the MLE risk of each group is its observed event rate (closed
  // form). Rows of a group sit in different SIMD lanes of the passes; their risks must still tie
  // exactly, or ROC curves split ties that R keeps.
  const Eigen::Index n = 123;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, 2);
  Eigen::VectorXd y(n);
  std::vector<double> events(3, 0), sizes(3, 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto g = static_cast<std::size_t>((i * 7) % 3);
    if (g > 0) x(i, static_cast<Eigen::Index>(g - 1)) = 1;
    y(i) = (i * 5) % 11 < 4 + static_cast<Eigen::Index>(g) ? 1 : 0;
    events[g] += y(i);
    sizes[g] += 1;
  }
  const auto fit = nomo::glm::fit_logistic(x, y);
  const auto predicted = nomo::glm::predict(fit, x);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto g = static_cast<std::size_t>((i * 7) % 3);
    const Eigen::Index first = g;  // rows 0, 1, 2 hold groups 0, 1, 2
    CHECK(fit.fitted(i) == fit.fitted(first));
    // predict forms the linear predictor from the restored coefficients, the fit from centred
    // columns: the same risks, bit for bit unless this build fuses multiply-adds.
    CHECK(nomo_test::same_digits(fit.fitted(i), predicted.probability(i)));
    CHECK_THAT(fit.fitted(i), Catch::Matchers::WithinAbs(events[g] / sizes[g], 1e-12));
  }
}
