// lrm_stats and somers2 against rms::lrm's $stats and Hmisc::somers2 (tests/reference/glm_fixtures.R)
// and the rms-spec §2.4 worked example.

#include <catch2/catch.hpp>

#include "glm_fixture.hpp"
#include "nomo/glm/statistics.hpp"

using glm_test::close;
using glm_test::load_design;

namespace {

void check_stats(const std::string& name) {
  const auto d = load_design(name);
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  const auto s = nomo::glm::lrm_stats(fit, d.y);
  const auto r = nomo_test::read_values("glm_" + name + "_stats.csv");
  CHECK(s.n == static_cast<Eigen::Index>(r.at("Obs")));
  CHECK(close(s.lr_chi2, r.at("Model L.R."), 1e-10));
  CHECK(s.df == static_cast<int>(r.at("d.f.")));
  CHECK(close(s.lr_p, r.at("P"), 1e-8, 1e-300));
  // The binned indexes count pairs exactly: they agree to rounding.
  CHECK(close(s.c, r.at("C"), 1e-13));
  CHECK(close(s.dxy, r.at("Dxy"), 1e-12));
  CHECK(close(s.gamma, r.at("Gamma"), 1e-12));
  CHECK(close(s.tau_a, r.at("Tau-a"), 1e-12));
  CHECK(close(s.r2, r.at("R2"), 1e-10));
  CHECK(close(s.r2_n, r.at("R2_n"), 1e-10));
  CHECK(close(s.r2_pn, r.at("R2_pn"), 1e-10));
  CHECK(close(s.r2_neff, r.at("R2_neff"), 1e-10));
  CHECK(close(s.r2_pneff, r.at("R2_pneff"), 1e-10));
  CHECK(close(s.brier, r.at("Brier"), 1e-10));
  CHECK(close(s.g, r.at("g"), 1e-10));
  CHECK(close(s.gr, r.at("gr"), 1e-10));
  CHECK(close(s.gp, r.at("gp"), 1e-10));
  CHECK(s.max_abs_score < 1e-6);
  const auto exact = nomo::glm::somers2(fit.fitted, d.y);
  CHECK(close(exact.c, r.at("somers_C"), 1e-13));
  CHECK(close(exact.dxy, r.at("somers_Dxy"), 1e-12));
}

}  // namespace

TEST_CASE("lrm_stats and somers2 match rms and Hmisc on the rms-spec example", "[glm][statistics]") {
  check_stats("example");
}

TEST_CASE("lrm_stats and somers2 match rms and Hmisc with a factor and two splines", "[glm][statistics]") {
  check_stats("factor");
}

TEST_CASE("lrm_stats and somers2 match rms and Hmisc at n = 100,000", "[glm][statistics]") {
  check_stats("large");
}

TEST_CASE("lrm_stats reproduces the rms-spec §2.4 worked example", "[glm][statistics]") {
  const auto d = load_design("example");
  const auto s = nomo::glm::lrm_stats(nomo::glm::fit_logistic(d.x, d.y, {}, d.names), d.y);
  CHECK(close(s.r2, 0.161293448019272, 1e-10));
  CHECK(close(s.r2_pn, 0.0898971617365975, 1e-10));
  CHECK(close(s.r2_pneff, 0.121454232710235, 1e-10));
  CHECK(close(s.n_effective, 109.12, 1e-12));
  CHECK(close(s.brier, 0.211591981107029, 1e-10));
  CHECK(close(s.c, 0.712335043988270, 1e-12));
  CHECK(close(s.tau_a, 0.207337807606264, 1e-12));
  CHECK(close(s.gp, 0.195730837161924, 1e-10));
}

TEST_CASE("somers2 by closed form on tied predictions", "[glm][statistics]") {
  // Events at 0.2, 0.8, 0.8; non-events at 0.2, 0.5: pairs (e, ne) → 0.2/0.2 tie, 0.2/0.5 disc,
  // 0.8 beats both twice → C = (4 + 0.5) / 6.
  Eigen::VectorXd p(5), y(5);
  p << 0.2, 0.8, 0.8, 0.2, 0.5;
  y << 1, 1, 1, 0, 0;
  const auto c = nomo::glm::somers2(p, y);
  CHECK(c.c == Approx(4.5 / 6).epsilon(1e-15));
  CHECK(c.dxy == Approx(2 * (4.5 / 6 - 0.5)).epsilon(1e-15));
}

TEST_CASE("somers2 and lrm_stats reject bad input naming argument and value", "[glm][statistics][bad-input]") {
  Eigen::VectorXd p(4), y(4);
  p << 0.1, 0.4, 0.35, 0.8;
  y << 0, 0, 1, 1;
  CHECK_THROWS_AS(nomo::glm::somers2(p, y.head(3)), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::somers2(p, y.head(3)), Catch::Contains("outcome.size() = 3"));
  Eigen::VectorXd bad = p;
  bad(2) = std::nan("");
  CHECK_THROWS_WITH(nomo::glm::somers2(bad, y), Catch::Contains("predicted[2] = NaN"));
  Eigen::VectorXd y2 = y;
  y2(1) = 0.5;
  CHECK_THROWS_WITH(nomo::glm::somers2(p, y2), Catch::Contains("outcome[1] = 0.5"));
  CHECK_THROWS_WITH(nomo::glm::somers2(p, Eigen::VectorXd::Ones(4)), Catch::Contains("outcome = \"all 1\""));

  const auto d = load_design("example");
  const auto fit = nomo::glm::fit_logistic(d.x, d.y, {}, d.names);
  CHECK_THROWS_WITH(nomo::glm::lrm_stats(fit, d.y.head(10)), Catch::Contains("y.size() = 10"));
  Eigen::VectorXd y3 = d.y;
  y3(7) = 3;
  CHECK_THROWS_WITH(nomo::glm::lrm_stats(fit, y3), Catch::Contains("y[7] = 3"));
  // Another outcome of the same length: its number of events is not the fit's.
  const Eigen::VectorXd flipped = 1.0 - d.y.array();
  const std::string flipped_events = std::to_string(static_cast<long>(flipped.sum())) + " events";
  CHECK_THROWS_AS(nomo::glm::lrm_stats(fit, flipped), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::glm::lrm_stats(fit, flipped), Catch::Contains("y = \"" + flipped_events + "\""));
  nomo::glm::irls_options weighted;
  weighted.prior_weights = Eigen::VectorXd::Constant(d.y.size(), 2.0);
  const auto wfit = nomo::glm::fit_logistic(d.x, d.y, weighted, d.names);
  CHECK_THROWS_WITH(nomo::glm::lrm_stats(wfit, d.y), Catch::Contains("fit.weighted = \"true\""));
  // Weights that sum to the number of rows are still weights.
  for (Eigen::Index i = 0; i < d.y.size(); ++i) weighted.prior_weights(i) = i % 2 == 0 ? 0.0 : 2.0;
  CHECK_THROWS_WITH(nomo::glm::lrm_stats(nomo::glm::fit_logistic(d.x, d.y, weighted, d.names), d.y),
                    Catch::Contains("fit.weighted = \"true\""));
  weighted.prior_weights.setOnes();
  CHECK_NOTHROW(nomo::glm::lrm_stats(nomo::glm::fit_logistic(d.x, d.y, weighted, d.names), d.y));
}
