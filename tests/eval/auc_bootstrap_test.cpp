// nomo::eval::auc_bootstrap_ci against pROC's ci.auc(method = "bootstrap") (tests/reference/eval_roc.R).
// The resamples come from different generators, so limits agree up to Monte Carlo error only.
#include <catch2/catch.hpp>

#include <limits>
#include <map>
#include <string>

#include "reference_data.hpp"
#include "nomo/eval/auc_bootstrap.hpp"

TEST_CASE("auc_bootstrap_ci agrees with pROC's bootstrap interval up to Monte Carlo error", "[eval][bootstrap]") {
  const auto& v = eval_test::roc_values();
  const auto ci = nomo::eval::auc_bootstrap_ci(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"));
  CHECK(ci.auc == Approx(v.at("auc_full")).margin(1e-12));
  CHECK(ci.replicates == 2000);
  CHECK(ci.failed_replicates == 0);
  // With 2000 replicates the 2.5% and 97.5% quantiles move by about 0.005 between seeds.
  CHECK(ci.lower == Approx(v.at("boot_lower_full")).margin(0.015));
  CHECK(ci.median == Approx(v.at("boot_median_full")).margin(0.01));
  CHECK(ci.upper == Approx(v.at("boot_upper_full")).margin(0.015));
  // The bootstrap SE estimates DeLong's SE (rms-spec §6: 0.0431).
  CHECK(ci.standard_error == Approx(0.0431314981468494).margin(0.004));
}

TEST_CASE("auc_bootstrap_ci is reproducible from its seed and honours direction", "[eval][bootstrap]") {
  nomo::eval::auc_bootstrap_options options;
  options.replicates = 300;
  options.seed = 11;
  const auto a = nomo::eval::auc_bootstrap_ci(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"), options);
  const auto b = nomo::eval::auc_bootstrap_ci(eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"), options);
  CHECK(a.lower == b.lower);
  CHECK(a.upper == b.upper);
  options.direction = nomo::eval::score_direction::controls_higher;
  const auto flipped = nomo::eval::auc_bootstrap_ci(-eval_test::roc_scores().column("full"), eval_test::roc_scores().column("y"), options);
  CHECK(flipped.lower == Approx(a.lower).margin(1e-12));
  CHECK(flipped.upper == Approx(a.upper).margin(1e-12));
}

TEST_CASE("auc_bootstrap_ci rejects bad input naming the argument", "[eval][bootstrap][bad]") {
  using Catch::Matchers::Contains;
  Eigen::VectorXd s(4), y(4);
  s << 0.1, 0.4, 0.35, 0.8;
  y << 0, 0, 1, 1;
  Eigen::VectorXd bad = s;
  bad(1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(nomo::eval::auc_bootstrap_ci(bad, y), Contains("nomo::eval::auc_bootstrap_ci: scores[1] = Inf"));
  CHECK_THROWS_WITH(nomo::eval::auc_bootstrap_ci(s, y.head(3)), Contains("scores.size() = 4"));
  CHECK_THROWS_WITH(nomo::eval::auc_bootstrap_ci(s, Eigen::VectorXd::Zero(4)), Contains("outcomes (cases, controls)"));
  nomo::eval::auc_bootstrap_options options;
  options.replicates = 1;
  CHECK_THROWS_WITH(nomo::eval::auc_bootstrap_ci(s, y, options), Contains("replicates = 1"));
  options.replicates = 10;
  options.conf_level = 0;
  CHECK_THROWS_WITH(nomo::eval::auc_bootstrap_ci(s, y, options), Contains("conf_level = 0"));
  options.conf_level = 0.95;
  options.direction = static_cast<nomo::eval::score_direction>(5);
  CHECK_THROWS_WITH(nomo::eval::auc_bootstrap_ci(s, y, options),
                    Contains("nomo::eval::auc_bootstrap_options::validate: direction = 5: unknown score_direction"));
}
