// nomo::survival::concordance and cox_fit::concordance against survival 3.5's concordance(...,
// reverse = TRUE) and coxph's fit$concordance (tests/reference/survival_concordance.R, on lung).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "nomo/survival/concordance.hpp"
#include "nomo/survival/cox.hpp"
#include "fixture.hpp"
#include "invalid_input.hpp"

namespace {

using nomo::survival::concordance_options;
using nomo::survival::concordance_result;

struct lung_rows {
  std::vector<double> time, status;
  Eigen::MatrixXd x;  // age, sex, e1, e2, e3
  Eigen::VectorXd weights, score;
  std::vector<std::string> sex, inst;
};

const lung_rows& lung() {
  static const lung_rows rows = [] {
    const auto t = nomo_test::read_table("survival_concordance_input.csv");
    lung_rows d;
    const auto n = static_cast<Eigen::Index>(t.size());
    d.x.resize(n, 5);
    const std::vector<std::string> columns{"age", "sex", "e1", "e2", "e3"};
    for (std::size_t j = 0; j < columns.size(); ++j) d.x.col(static_cast<Eigen::Index>(j)) = t.column(columns[j]);
    const Eigen::VectorXd time = t.column("time"), status = t.column("status"), sex = t.column("sex"), inst = t.column("inst");
    d.time.assign(time.data(), time.data() + n);
    d.status.assign(status.data(), status.data() + n);
    for (Eigen::Index i = 0; i < n; ++i) {
      d.sex.push_back(std::to_string(static_cast<int>(sex(i))));
      d.inst.push_back(std::to_string(static_cast<int>(inst(i))));
    }
    d.weights = t.column("w");
    d.score = t.column("score");
    return d;
  }();
  return rows;
}

void check_against_r(const concordance_result& c, const std::string& test_case) {
  static const auto expected = nomo_test::read_table("survival_concordance.csv");
  const auto cases = expected.text("case");
  for (std::size_t r = 0; r < cases.size(); ++r) {
    if (cases[r] != test_case) continue;
    const auto i = static_cast<Eigen::Index>(r);
    INFO(test_case);
    CHECK(c.concordant == Approx(expected.column("concordant")(i)).epsilon(1e-12));
    CHECK(c.discordant == Approx(expected.column("discordant")(i)).epsilon(1e-12));
    CHECK(c.tied_risk == Approx(expected.column("tied_risk")(i)).epsilon(1e-12));
    CHECK(c.tied_time == Approx(expected.column("tied_time")(i)).epsilon(1e-12));
    CHECK(c.tied_both == Approx(expected.column("tied_both")(i)).epsilon(1e-12).margin(1e-12));
    CHECK(c.concordance == Approx(expected.column("concordance")(i)).epsilon(1e-12));
    CHECK(c.std_err == Approx(expected.column("std_err")(i)).epsilon(1e-10));
    return;
  }
  FAIL("no R result for " << test_case);
}

Eigen::MatrixXd without_sex(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd out(x.rows(), 4);
  out << x.col(0), x.rightCols(3);
  return out;
}

}  // namespace

TEST_CASE("concordance of a tied score matches concordance(..., reverse = TRUE): weights, strata, clusters") {
  const auto& d = lung();
  check_against_r(nomo::survival::concordance(d.time, d.status, d.score), "score");
  concordance_options weighted;
  weighted.weights = d.weights;
  check_against_r(nomo::survival::concordance(d.time, d.status, d.score, weighted), "score_weights");
  concordance_options stratified;
  stratified.strata = d.sex;
  check_against_r(nomo::survival::concordance(d.time, d.status, d.score, stratified), "score_strata");
  concordance_options clustered;
  clustered.cluster = d.inst;
  check_against_r(nomo::survival::concordance(d.time, d.status, d.score, clustered), "score_cluster");
}

TEST_CASE("concordance: weights near the limits of double give the same C and SE as R's scale") {
  // Pair counts are products of two weights; 1e150 each would overflow a naive count's 1e300s.
  const auto& d = lung();
  concordance_options huge;
  huge.weights = d.weights * 1e150;
  const auto c = nomo::survival::concordance(d.time, d.status, d.score, huge);
  concordance_options unscaled;
  unscaled.weights = d.weights;
  const auto r = nomo::survival::concordance(d.time, d.status, d.score, unscaled);
  CHECK(c.concordance == Approx(r.concordance).epsilon(1e-13));
  CHECK(c.std_err == Approx(r.std_err).epsilon(1e-12));
  CHECK(c.concordant == Approx(r.concordant * 1e300).epsilon(1e-13));
  concordance_options tiny;
  tiny.weights = d.weights * 1e-200;
  CHECK(nomo::survival::concordance(d.time, d.status, d.score, tiny).std_err == Approx(r.std_err).epsilon(1e-12));
}

TEST_CASE("fit_cox reports coxph's concordance: Efron, Breslow, weights, strata and clusters") {
  const auto& d = lung();
  using nomo::survival::cox_options;
  check_against_r(nomo::survival::fit_cox(d.x, d.time, d.status).concordance, "cox");
  cox_options breslow;
  breslow.ties = nomo::survival::cox_ties::breslow;
  check_against_r(nomo::survival::fit_cox(d.x, d.time, d.status, breslow).concordance, "cox_breslow");
  cox_options weighted;
  weighted.weights = d.weights;
  weighted.robust = false;
  check_against_r(nomo::survival::fit_cox(d.x, d.time, d.status, weighted).concordance, "cox_weights");
  check_against_r(nomo::survival::fit_cox_stratified(without_sex(d.x), d.time, d.status, d.sex).concordance, "cox_strata");
  cox_options clustered;
  clustered.cluster = d.inst;
  check_against_r(nomo::survival::fit_cox(d.x, d.time, d.status, clustered).concordance, "cox_cluster");
}

TEST_CASE("concordance counts pairs as survival defines them (closed form)") {
  // Times 1, 2, 2, 3 with events 1, 1, 0, 1 and risks 4, 3, 3, 1. Comparable pairs: (1, 2), (1, 2c),
  // (1, 3), (2, 2c: the censored time equal to an event time counts as longer), (2, 3), (2c never
  // fails first): concordant 1-2, 1-2c, 1-3, 2-3; tied risk 2-2c. C = (4 + 0.5) / 5.
  const auto c = nomo::survival::concordance({1, 2, 2, 3}, {1, 1, 0, 1}, Eigen::Vector4d(4, 3, 3, 1));
  CHECK(c.concordant == 4);
  CHECK(c.discordant == 0);
  CHECK(c.tied_risk == 1);
  CHECK(c.tied_time == 0);
  CHECK(c.concordance == Approx(0.9));
}

TEST_CASE("concordance rejects bad input, naming argument and value") {
  using nomo_test::require_invalid;
  const Eigen::Vector3d risk(1, 2, 3);
  require_invalid([&] { nomo::survival::concordance({1, 2}, {1, 0}, risk); }, {"risk.size() = 3", "time.size() = 2"});
  require_invalid([&] { nomo::survival::concordance({1, -2, 3}, {1, 0, 1}, risk); }, {"time[1] = -2"});
  require_invalid([&] { nomo::survival::concordance({1, 2, 3}, {1, 2, 1}, risk); }, {"status[1] = 2"});
  require_invalid([&] { nomo::survival::concordance({1, 2, 3}, {1, 0, 1}, Eigen::Vector3d(1, NAN, 3)); }, {"risk[1] = NaN"});
  concordance_options bad_weight;
  bad_weight.weights = Eigen::Vector3d(1, 0, 1);
  require_invalid([&] { nomo::survival::concordance({1, 2, 3}, {1, 0, 1}, risk, bad_weight); }, {"options.weights[1] = 0"});
  concordance_options short_strata;
  short_strata.strata = {"a", "b"};
  require_invalid([&] { nomo::survival::concordance({1, 2, 3}, {1, 0, 1}, risk, short_strata); }, {"options.strata.size() = 2"});
  require_invalid([&] { nomo::survival::concordance({1, 2, 3}, {0, 0, 0}, risk); }, {"time = \"no comparable pair\""});
}
