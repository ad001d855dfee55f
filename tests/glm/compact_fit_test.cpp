// glm::detail::fit_compact, the engine of resampling refits, against R glm(epsilon = 1e-12) and
// rms 6.5 lrm.fit with prior weights (tests/reference/glm_compact_fit.R).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nomo/glm/compact_fit.hpp>

#include "glm_fixture.hpp"

namespace {

const std::vector<std::string> weight_columns{"counts", "fractions", "large", "unweighted"};

nomo::glm::irls_options options_for(nomo::glm::convergence_rule rule) {
  nomo::glm::irls_options o;
  o.estimates_only = true;
  o.rule = rule;
  if (rule == nomo::glm::convergence_rule::deviance_change) o.max_iterations = 11;  // lrm.fit's maxit 12
  else o.epsilon = 1e-14;
  return o;
}

}  // namespace

TEST_CASE("fit_compact equals glm and lrm.fit with whole-number, fractional, large and no weights", "[compact]") {
  const auto d = glm_test::load_design("compact", weight_columns);
  const auto t = nomo_test::read_table("glm_compact_fits.csv");
  const auto weights = t.text("weights"), names = t.text("name");
  const Eigen::VectorXd glm = t.column("glm"), se = t.column("se"), lrm = t.column("lrm");
  nomo::glm::detail::compact_workspace ws;  // reused across fits, as a resampling worker does
  for (const auto& column : weight_columns) {
    INFO(column);
    const Eigen::VectorXd w = column == "unweighted" ? Eigen::VectorXd() : d.table.column(column);
    const auto exact = nomo::glm::detail::fit_compact(d.x, d.y, w, options_for(nomo::glm::convergence_rule::newton_decrement), ws);
    const auto lrm_rule = nomo::glm::detail::fit_compact(d.x, d.y, w, options_for(nomo::glm::convergence_rule::deviance_change), ws);
    REQUIRE(exact.converged);
    REQUIRE(lrm_rule.converged);
    Eigen::Index parameter = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (weights[i] != column) continue;
      INFO(names[i]);
      const auto r = static_cast<Eigen::Index>(i);
      if (names[i] == "deviance") {
        CHECK(glm_test::close(exact.deviance, glm(r), 1e-12));
        CHECK(glm_test::close(lrm_rule.deviance, lrm(r), 1e-12));
        continue;
      }
      CHECK(glm_test::close(exact.coefficients(parameter), glm(r), 1e-9));
      CHECK(glm_test::close(std::sqrt(exact.covariance(parameter, parameter)), se(r), 1e-9));
      CHECK(glm_test::close(lrm_rule.coefficients(parameter), lrm(r), 1e-10));
      ++parameter;
    }
    CHECK(parameter == d.x.cols() + 1);
  }
}

TEST_CASE("fit_compact stops at aliased columns and leaves the covariance out when not asked", "[compact]") {
  const auto d = glm_test::load_design("compact", weight_columns);
  nomo::glm::detail::compact_workspace ws;
  Eigen::MatrixXd aliased(d.x.rows(), 3);
  aliased << d.x.col(0), d.x.col(1), d.x.col(0) - 2.0 * d.x.col(1);  // column 3 = x1 − 2·x2
  const auto fit = nomo::glm::detail::fit_compact(aliased, d.y, Eigen::VectorXd(), options_for(nomo::glm::convergence_rule::newton_decrement), ws);
  CHECK_FALSE(fit.converged);
  REQUIRE(fit.aliased.detected);
  CHECK(fit.aliased.columns == std::vector<Eigen::Index>{2});
  CHECK_THAT(fit.aliased.message, Catch::Contains("x3"));

  auto options = options_for(nomo::glm::convergence_rule::newton_decrement);
  options.covariance = false;
  const auto lean = nomo::glm::detail::fit_compact(d.x, d.y, Eigen::VectorXd(), options, ws);
  CHECK(lean.converged);
  CHECK(lean.covariance.size() == 0);
  CHECK(lean.coefficients.size() == d.x.cols() + 1);
}
