// nomo::survival::fit_cox with clustered rows (cox_options::cluster) and coxph's robust score test
// against survival::coxph(..., cluster = cl) (tests/reference/survival_cox_cluster.R), and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "survival_fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/survival/cox.hpp"

namespace {

using nomo::survival::cox_options;
using nomo::survival::cox_ties;
using nomo_test::require_invalid;

const std::map<std::string, double>& values() {
  static const auto v = nomo_test::read_values("survival_cox_cluster.csv");
  return v;
}

void check_fit(const nomo::survival::cox_fit& fit, const std::string& model, std::size_t clusters) {
  INFO(model);
  const auto& v = values();
  REQUIRE(fit.converged);
  CHECK(fit.robust);
  CHECK(fit.clusters == clusters);
  for (Eigen::Index k = 0; k < fit.coefficients.size(); ++k) {
    const std::string index = std::to_string(k + 1);
    CHECK(fit.coefficients(k) == Approx(v.at(model + "_coef" + index)).epsilon(1e-9));
    CHECK(fit.standard_errors(k) == Approx(v.at(model + "_se" + index)).epsilon(1e-9));
    CHECK(std::sqrt(fit.naive_covariance(k, k)) == Approx(v.at(model + "_naive_se" + index)).epsilon(1e-9));
  }
  CHECK(fit.log_likelihood == Approx(v.at(model + "_loglik")).epsilon(1e-12));
  CHECK(fit.score_chi_square == Approx(v.at(model + "_score")).epsilon(1e-9));
  CHECK(fit.wald_chi_square == Approx(v.at(model + "_wald")).epsilon(1e-9));
  CHECK(fit.robust_score_chi_square == Approx(v.at(model + "_rscore")).epsilon(1e-9));
  CHECK(fit.robust_score_p_value == Approx(v.at(model + "_rscore_p")).epsilon(1e-9));
}

}  // namespace

TEST_CASE("fit_cox with clusters matches coxph(..., cluster = cl), Efron and Breslow", "[cox][cluster]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options options;
  options.cluster = d.triples;
  CHECK(options.uses_robust_variance());
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "cluster_efron", 50);
  options.ties = cox_ties::breslow;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "cluster_breslow", 50);
  options.ties = cox_ties::efron;
  options.cluster = d.by_id_mod_17;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "cluster_unequal", 17);
}

TEST_CASE("fit_cox with clusters and weights, an offset or strata matches coxph", "[cox][cluster]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options options;
  options.cluster = d.triples;
  options.weights = d.weights;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "cluster_weights", 50);
  // coxph takes the robust score test's residuals at linear predictors 0, without the offset.
  cox_options offset;
  offset.cluster = d.triples;
  offset.offset = d.offset;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, offset), "cluster_offset", 50);
  const auto two = nomo_test::read_cox_example(false);
  cox_options strata;
  strata.cluster = two.by_id_mod_17;
  check_fit(nomo::survival::fit_cox_stratified(two.x, two.time, two.status, two.sex, strata), "cluster_strata", 17);
}

TEST_CASE("fit_cox's robust score test without clusters matches coxph's rscore", "[cox][robust]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options rows;
  rows.robust = true;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, rows), "robust_rows", 150);
  cox_options weights;
  weights.weights = d.weights;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, weights), "robust_weights", 150);
  // Every row its own cluster, by label, is the unclustered robust fit.
  std::vector<std::string> own(d.time.size());
  for (std::size_t i = 0; i < own.size(); ++i) own[i] = "row" + std::to_string(i);
  cox_options labelled;
  labelled.cluster = own;
  check_fit(nomo::survival::fit_cox(d.x, d.time, d.status, labelled), "robust_rows", 150);
  // A model-based fit has no robust score test.
  const auto plain = nomo::survival::fit_cox(d.x, d.time, d.status);
  CHECK_FALSE(plain.robust);
  CHECK(plain.robust_score_chi_square == 0);
  CHECK(plain.robust_score_p_value == 1);
  CHECK(plain.clusters == 0);
}

TEST_CASE("fit_cox: bad clusters name the argument and value", "[cox][cluster]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options options;
  options.cluster = d.triples;
  options.cluster.pop_back();
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "options.cluster.size()", "149");
  options.cluster = d.triples;
  options.cluster[7] = "";
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, {"cluster[7]", "cluster label is missing"});
  options.cluster = d.triples;
  options.robust = false;
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "robust", "false");
}
