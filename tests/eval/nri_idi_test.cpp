// nomo::eval::nri_idi against Hmisc::improveProb and print.improveProb's z, P and limits
// (tests/reference/eval_reclassification.R), and its bad-input contract.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/eval/nri_idi.hpp"

namespace {

const std::map<std::string, double>& reclassification_values() {
  static const auto v = nomo_test::read_values("eval_reclassification_values.csv");
  return v;
}
const nomo_test::table& risks() {
  static const nomo_test::table t = nomo_test::read_table("eval_reclassification_risks.csv");
  return t;
}

void check_index(const nomo::eval::improvement_index& index, const std::string& name) {
  INFO(name);
  const auto& v = reclassification_values();
  CHECK(index.estimate == Approx(v.at(name)).margin(1e-13));
  CHECK(index.standard_error == Approx(v.at(name + "_se")).margin(1e-13));
  REQUIRE(index.z.has_value());
  CHECK(*index.z == Approx(v.at(name + "_z")).epsilon(1e-11));
  CHECK(*index.p_value == Approx(v.at(name + "_p")).epsilon(1e-10));
  CHECK(index.lower == Approx(v.at(name + "_lower")).margin(1e-13));
  CHECK(index.upper == Approx(v.at(name + "_upper")).margin(1e-13));
}

void check_result(const nomo::eval::nri_idi_result& r, const std::string& prefix, bool with_idi = true) {
  const auto& v = reclassification_values();
  CHECK(static_cast<double>(r.n) == v.at(prefix + "n"));
  CHECK(static_cast<double>(r.events) == v.at(prefix + "events"));
  CHECK(static_cast<double>(r.nonevents) == v.at(prefix + "nonevents"));
  CHECK(r.up_events == Approx(v.at(prefix + "up_events")).margin(1e-15));
  CHECK(r.up_nonevents == Approx(v.at(prefix + "up_nonevents")).margin(1e-15));
  CHECK(r.down_events == Approx(v.at(prefix + "down_events")).margin(1e-15));
  CHECK(r.down_nonevents == Approx(v.at(prefix + "down_nonevents")).margin(1e-15));
  check_index(r.nri, prefix + "nri");
  check_index(r.nri_events, prefix + "nri_events");
  check_index(r.nri_nonevents, prefix + "nri_nonevents");
  if (!with_idi) return;
  CHECK(r.mean_increase_events == Approx(v.at(prefix + "mean_increase_events")).margin(1e-15));
  CHECK(r.mean_decrease_nonevents == Approx(v.at(prefix + "mean_decrease_nonevents")).margin(1e-15));
  check_index(r.idi, prefix + "idi");
}

Eigen::VectorXd head(const Eigen::VectorXd& v, Eigen::Index n) { return v.head(n); }

}  // namespace

TEST_CASE("nri_idi matches improveProb for nested models on the rms example cohort", "[eval][nri_idi]") {
  const auto r = nomo::eval::nri_idi(risks().column("old"), risks().column("new"), risks().column("y"));
  check_result(r, "full_");
  CHECK(r.cutoffs.empty());
}

TEST_CASE("nri_idi matches improveProb on an external cohort, also at conf_level 0.9", "[eval][nri_idi]") {
  const auto y = head(risks().column("y_ext"), 50), old_risk = head(risks().column("old_ext"), 50),
             new_risk = head(risks().column("new_ext"), 50);
  check_result(nomo::eval::nri_idi(old_risk, new_risk, y), "ext_");
  nomo::eval::nri_idi_options options;
  options.conf_level = 0.9;
  const auto r = nomo::eval::nri_idi(old_risk, new_risk, y, options);
  check_result(r, "ext90_");
  CHECK(r.conf_level == 0.9);
}

TEST_CASE("nri_idi's category NRI counts moves between risk categories", "[eval][nri_idi]") {
  nomo::eval::nri_idi_options options;
  options.cutoffs = {0.2, 0.4};
  const auto r = nomo::eval::nri_idi(risks().column("old"), risks().column("new"), risks().column("y"), options);
  check_result(r, "cat_", false);
  // The IDI does not depend on the categories.
  const auto continuous = nomo::eval::nri_idi(risks().column("old"), risks().column("new"), risks().column("y"));
  CHECK(r.idi.estimate == continuous.idi.estimate);
  CHECK(r.cutoffs == options.cutoffs);
}

TEST_CASE("nri_idi: closed form for a small sample, and no z where nobody moved", "[eval][nri_idi]") {
  // Events: risks 0.2→0.4, 0.5→0.7, 0.3→0.2 (2 up, 1 down); non-events: 0.4→0.1, 0.2→0.2, 0.6→0.3.
  Eigen::VectorXd y(6), old_risk(6), new_risk(6);
  y << 1, 1, 1, 0, 0, 0;
  old_risk << 0.2, 0.5, 0.3, 0.4, 0.2, 0.6;
  new_risk << 0.4, 0.7, 0.2, 0.1, 0.2, 0.3;
  const auto r = nomo::eval::nri_idi(old_risk, new_risk, y);
  // NRI events = (2 − 1)/3, variance (2 + 1)/9 − 1/27; non-events = (2 − 0)/3, variance 2/9 − 4/27.
  CHECK(r.nri_events.estimate == Approx(1.0 / 3).margin(1e-15));
  CHECK(r.nri_events.standard_error == Approx(std::sqrt(3.0 / 9 - 1.0 / 27)).margin(1e-15));
  CHECK(r.nri_nonevents.estimate == Approx(2.0 / 3).margin(1e-15));
  CHECK(r.nri.estimate == Approx(1.0).margin(1e-15));
  CHECK(r.nri.standard_error == Approx(std::sqrt(3.0 / 9 - 1.0 / 27 + 2.0 / 9 - 4.0 / 27)).margin(1e-15));
  // Mean changes: events (0.2 + 0.2 − 0.1)/3 = 0.1, non-events (−0.3 + 0 − 0.3)/3 = −0.2; IDI 0.3.
  // Sample variances: events ((0.1)² + (0.1)² + (−0.2)²)/2 = 0.03, non-events 0.03.
  CHECK(r.mean_increase_events == Approx(0.1).margin(1e-15));
  CHECK(r.mean_decrease_nonevents == Approx(0.2).margin(1e-15));
  CHECK(r.idi.estimate == Approx(0.3).margin(1e-15));
  CHECK(r.idi.standard_error == Approx(std::sqrt(0.03 / 3 + 0.03 / 3)).margin(1e-15));

  // Every event up by 0.1 and every non-event down by 0.1: each class moved one way, so the NRI
  // rows have standard error 0 and R's z = Inf, 2P = 0.
  const Eigen::VectorXd shifted = old_risk + (2 * y.array() - 1).matrix() * 0.1;
  const auto one_way = nomo::eval::nri_idi(old_risk, shifted, y);
  CHECK(one_way.nri.estimate == 2);
  CHECK(one_way.nri.standard_error == 0);
  CHECK(*one_way.nri.z == std::numeric_limits<double>::infinity());
  CHECK(*one_way.nri.p_value == 0);

  // Identical models: every index is 0 with standard error 0, so z and P are left out (R's NaN).
  const auto same = nomo::eval::nri_idi(old_risk, old_risk, y);
  CHECK(same.nri.estimate == 0);
  CHECK(same.nri.standard_error == 0);
  CHECK_FALSE(same.nri.z.has_value());
  CHECK_FALSE(same.idi.p_value.has_value());
  CHECK(same.idi.lower == 0);
}

TEST_CASE("nri_idi refuses bad input, naming the argument and value", "[eval][nri_idi][errors]") {
  Eigen::VectorXd y(4), p(4), q(4);
  y << 1, 1, 0, 0;
  p << 0.2, 0.5, 0.3, 0.4;
  q << 0.3, 0.6, 0.2, 0.1;
  using nomo_test::require_invalid;
  using nomo::eval::nri_idi;
  require_invalid([&] { nri_idi(p, q.head(3), y); }, "new_risks.size()", "3");
  Eigen::VectorXd bad = q;
  bad(2) = 1.5;
  require_invalid([&] { nri_idi(p, bad, y); }, "new_risks[2]", "1.5");
  bad(2) = std::numeric_limits<double>::quiet_NaN();
  require_invalid([&] { nri_idi(bad, q, y); }, "old_risks[2]", "NaN");
  Eigen::VectorXd y_bad = y;
  y_bad(1) = 2;
  require_invalid([&] { nri_idi(p, q, y_bad); }, "outcomes[1]", "2");
  Eigen::VectorXd y_one_event(4);
  y_one_event << 1, 0, 0, 0;
  require_invalid([&] { nri_idi(p, q, y_one_event); }, "outcomes (events, non-events)", "\"1, 3\"");
  nomo::eval::nri_idi_options options;
  options.cutoffs = {0.3, 0.2};
  // Values are printed with enough digits to round-trip (17 significant digits).
  require_invalid([&] { nri_idi(p, q, y, options); }, "cutoffs[1]", "0.20000000000000001");
  options.cutoffs = {0.0};
  require_invalid([&] { nri_idi(p, q, y, options); }, "cutoffs[0]", "0");
  options.cutoffs = {};
  options.conf_level = 1;
  require_invalid([&] { nri_idi(p, q, y, options); }, "conf_level", "1");
}
