// glm/fastbw.hpp against rms::fastbw on two fits (tests/reference/resample_rms.R): the deletion
// sequence, its statistics, and the approximate reduced model, to 1e-6.
#include <catch2/catch.hpp>

#include <nomo/glm/fastbw.hpp>

#include "invalid_input.hpp"
#include "../resample/reference_data.hpp"

using nomo_test::require_invalid;

namespace {

struct reference_fit {
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;
  std::vector<std::string> names;
  std::vector<nomo::model::term> terms;
};

reference_fit load(const std::string& tag) {
  reference_fit f;
  const auto coef = nomo_test::read_table("resample_fit_" + tag + ".csv");
  f.coefficients = coef.column("value");
  f.names = coef.text("name");
  const auto vcov = nomo_test::read_table("resample_vcov_" + tag + ".csv");
  f.covariance.resize(f.coefficients.size(), f.coefficients.size());
  for (std::size_t j = 0; j < vcov.names.size(); ++j) f.covariance.col(static_cast<Eigen::Index>(j)) = vcov.column(vcov.names[j]);
  f.terms = resample_test::load_factors(tag);
  return f;
}

void check_against_rms(const std::string& tag, const std::string& case_name, const nomo::glm::fastbw_options& options) {
  const reference_fit f = load(tag);
  const auto r = nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, options);
  const auto steps = nomo_test::read_table("resample_fastbw_" + case_name + "_steps.csv");
  REQUIRE(r.steps.size() == steps.size());
  const auto deleted = steps.text("deleted");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    CHECK(r.steps[i].factor == deleted[i]);
    CHECK(r.steps[i].chisq == Approx(steps.column("chisq")(k)).epsilon(1e-6));
    CHECK(r.steps[i].df == steps.column("df")(k));
    CHECK(r.steps[i].p == Approx(steps.column("p")(k)).epsilon(1e-6));
    CHECK(r.steps[i].residual_chisq == Approx(steps.column("residual_chisq")(k)).epsilon(1e-6));
    CHECK(r.steps[i].residual_df == steps.column("residual_df")(k));
    CHECK(r.steps[i].residual_p == Approx(steps.column("residual_p")(k)).epsilon(1e-6));
    CHECK(r.steps[i].aic == Approx(steps.column("aic")(k)).epsilon(1e-6));
  }
  const auto kept = nomo_test::read_table("resample_fastbw_" + case_name + "_kept.csv");
  REQUIRE(r.kept_names == kept.text("name"));
  for (Eigen::Index j = 0; j < r.coefficients.size(); ++j) {
    CHECK(r.coefficients(j) == Approx(kept.column("coefficient")(j)).epsilon(1e-6));
    CHECK(std::sqrt(r.covariance(j, j)) == Approx(kept.column("se")(j)).epsilon(1e-6));
  }
}

}  // namespace

TEST_CASE("fastbw: rule aic deletes nothing from the rms-spec example model") {
  check_against_rms("A", "A_aic", {});
}

TEST_CASE("fastbw: rule p drops age from the rms-spec example model (rms-spec §3.4)") {
  nomo::glm::fastbw_options options;
  options.rule = nomo::glm::fastbw_rule::p;
  check_against_rms("A", "A_p", options);
}

TEST_CASE("fastbw: five factors deleted in rms' order, multi-column factors included") {
  check_against_rms("B", "B_aic", {});
  nomo::glm::fastbw_options p;
  p.rule = nomo::glm::fastbw_rule::p;
  check_against_rms("B", "B_p", p);
}

TEST_CASE("fastbw: type individual stops at the first factor with P <= sls") {
  nomo::glm::fastbw_options options;
  options.rule = nomo::glm::fastbw_rule::p;
  options.type = nomo::glm::fastbw_type::individual;
  options.sls = 0.2;
  check_against_rms("B", "B_p_individual", options);
}

TEST_CASE("fastbw: a forced factor is never deleted") {
  const reference_fit f = load("B");
  nomo::glm::fastbw_options options;
  options.force = {"sex"};
  const auto r = nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, options);
  for (const auto& step : r.steps) CHECK(step.factor != "sex");
  CHECK(std::find(r.kept_factors.begin(), r.kept_factors.end(), "sex") != r.kept_factors.end());
  // Even when every other factor goes and the residual test would let the forced one go too.
  for (const auto type : {nomo::glm::fastbw_type::residual, nomo::glm::fastbw_type::individual}) {
    options.type = type;
    options.aics = 1e6;
    const auto all = nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, options);
    CHECK(all.kept_factors == std::vector<std::string>{"sex"});
    CHECK(all.steps.size() == f.terms.size() - 1);
  }
}

TEST_CASE("fastbw: bad input names the argument and value") {
  const reference_fit f = load("A");
  nomo::glm::fastbw_options bad;
  bad.sls = 1.5;
  require_invalid([&] { nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, bad); }, "sls", "1.5");
  require_invalid([&] { bad.validate(); }, "sls", "1.5");
  // Unknown enums were read as rule p and type individual.
  nomo::glm::fastbw_options unknown;
  unknown.rule = static_cast<nomo::glm::fastbw_rule>(7);
  CHECK_THROWS_WITH(nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, unknown),
                    Catch::Contains("nomo::glm::fastbw_options::validate: rule = 7: unknown fastbw_rule (expected aic or p)"));
  unknown = {};
  unknown.type = static_cast<nomo::glm::fastbw_type>(7);
  CHECK_THROWS_WITH(nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, unknown),
                    Catch::Contains("nomo::glm::fastbw_options::validate: type = 7: unknown fastbw_type"));
  auto terms = f.terms;
  terms[0].columns.push_back(9);
  require_invalid([&] { nomo::glm::fastbw(f.coefficients, f.covariance, terms, f.names); }, "terms[0].columns", "9");
  require_invalid([&] { nomo::glm::fastbw(f.coefficients, f.covariance, {}, f.names); }, "terms.size()", "0");
  auto shared = f.terms;
  shared[1].columns.push_back(shared[0].columns.front());
  require_invalid([&] { nomo::glm::fastbw(f.coefficients, f.covariance, shared, f.names); }, "terms[1].columns",
                  std::to_string(shared[0].columns.front()));
  auto twice = f.terms;
  twice[0].columns.push_back(twice[0].columns.front());
  require_invalid([&] { nomo::glm::fastbw(f.coefficients, f.covariance, twice, f.names); }, "terms[0].columns",
                  std::to_string(twice[0].columns.front()));
  nomo::glm::fastbw_options force;
  force.force = {"weight"};
  require_invalid([&] { nomo::glm::fastbw(f.coefficients, f.covariance, f.terms, f.names, force); }, "options.force", "\"weight\"");
  Eigen::VectorXd nan_coef = f.coefficients;
  nan_coef(2) = std::nan("");
  require_invalid([&] { nomo::glm::fastbw(nan_coef, f.covariance, f.terms, f.names); }, "coefficients[2]", "NaN");
}
