// nomo::survival::fit_cox with case weights and an offset against survival::coxph
// (tests/reference/survival_cox_weights.R): Efron and Breslow, with strata(), and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
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

const std::map<std::string, double>& cox_weights_values() {
  static const auto v = nomo_test::read_values("survival_cox_weights.csv");
  return v;
}

void check_weighted_fit(const nomo::survival::cox_fit& fit, const std::string& model, const std::vector<std::string>& names) {
  INFO(model);
  const auto& v = cox_weights_values();
  CHECK(fit.robust == (model.rfind("robust", 0) == 0));
  for (std::size_t j = 0; j < names.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    const std::string index = std::to_string(j + 1);
    CHECK(fit.coefficients(k) == Approx(v.at(model + "_coef" + index)).epsilon(1e-9));
    CHECK(fit.standard_errors(k) == Approx(v.at(model + "_se." + names[j])).epsilon(1e-9));
    CHECK(fit.means(k) == Approx(v.at(model + "_means" + index)).margin(1e-12));
    CHECK(std::sqrt(fit.naive_covariance(k, k)) == Approx(v.at(model + "_naive_se" + index)).epsilon(1e-9));
  }
  CHECK(fit.log_likelihood_null == Approx(v.at(model + "_loglik_null")).epsilon(1e-12));
  CHECK(fit.log_likelihood == Approx(v.at(model + "_loglik")).epsilon(1e-12));
  CHECK(fit.lr_chi_square == Approx(v.at(model + "_lr")).epsilon(1e-9));
  CHECK(fit.score_chi_square == Approx(v.at(model + "_score")).epsilon(1e-9));
  CHECK(fit.wald_chi_square == Approx(v.at(model + "_wald")).epsilon(1e-9));
  CHECK(static_cast<double>(fit.n) == v.at(model + "_n"));
  CHECK(static_cast<double>(fit.events) == v.at(model + "_events"));
  CHECK(fit.converged);
}

}  // namespace

TEST_CASE("fit_cox with case weights matches coxph(weights = w, robust = FALSE), Efron and Breslow", "[cox][weights]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options options;
  options.weights = d.weights;
  options.robust = false;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "weights_efron", {"age", "sex", "bmk"});
  options.ties = cox_ties::breslow;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "weights_breslow", {"age", "sex", "bmk"});
}

TEST_CASE("fit_cox with an offset, alone and with weights, matches coxph(... + offset(off))", "[cox][weights]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options options;
  options.offset = d.offset;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "offset_efron", {"age", "sex", "bmk"});
  options.weights = d.weights;
  options.robust = false;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "both_efron", {"age", "sex", "bmk"});
}

TEST_CASE("fit_cox_stratified with case weights matches coxph(... + strata(sex), weights = w)", "[cox][weights]") {
  const auto d = nomo_test::read_cox_example(false);
  cox_options options;
  options.weights = d.weights;
  options.robust = false;
  check_weighted_fit(nomo::survival::fit_cox_stratified(d.x, d.time, d.status, d.sex, options), "strata_efron", {"age", "bmk"});
}

TEST_CASE("fit_cox's robust variance matches coxph's default for non-integer weights and robust = TRUE",
          "[cox][weights][robust]") {
  const auto d = nomo_test::read_cox_example(true);
  cox_options options;
  options.weights = d.weights;  // non-integer: robust by default, as in coxph
  CHECK(options.uses_robust_variance());
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "robust_efron", {"age", "sex", "bmk"});
  options.ties = cox_ties::breslow;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "robust_breslow", {"age", "sex", "bmk"});
  options.ties = cox_ties::efron;
  options.offset = d.offset;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, options), "robust_both", {"age", "sex", "bmk"});
  const auto two = nomo_test::read_cox_example(false);
  cox_options strata_options;
  strata_options.weights = two.weights;
  check_weighted_fit(nomo::survival::fit_cox_stratified(two.x, two.time, two.status, two.sex, strata_options), "robust_strata",
            {"age", "bmk"});
  cox_options unweighted;
  unweighted.robust = true;
  check_weighted_fit(nomo::survival::fit_cox(d.x, d.time, d.status, unweighted), "robust_unweighted", {"age", "sex", "bmk"});
  // coxph's "coefficient may be infinite" check takes the Newton step, so the naive variance, also
  // when the fit reports the robust one (x = 1 for the 4 earliest deaths: a monotone likelihood).
  cox_options separated;
  separated.weights = Eigen::VectorXd::Constant(8, 1.5);
  const Eigen::MatrixXd x = (Eigen::VectorXd(8) << 1, 1, 1, 1, 0, 0, 0, 0).finished();
  const auto monotone = nomo::survival::fit_cox(x, {1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 1, 1, 0, 1, 0, 1}, separated);
  CHECK(monotone.robust);
  CHECK(monotone.may_be_infinite == std::vector<std::string>{"x1"});

  // Whole-number weights keep the model-based variance by default, as coxph does.
  cox_options counts;
  counts.weights = Eigen::VectorXd::Constant(d.x.rows(), 3.0);
  CHECK_FALSE(counts.uses_robust_variance());
}

TEST_CASE("fit_cox: unit weights and a zero offset change nothing; doubling every weight doubles the information",
          "[cox][weights]") {
  const auto d = nomo_test::read_cox_example(true);
  const auto plain = nomo::survival::fit_cox(d.x, d.time, d.status);
  cox_options options;
  options.weights = Eigen::VectorXd::Ones(d.x.rows());
  options.offset = Eigen::VectorXd::Zero(d.x.rows());
  const auto same = nomo::survival::fit_cox(d.x, d.time, d.status, options);
  CHECK((same.coefficients - plain.coefficients).cwiseAbs().maxCoeff() < 1e-13);
  CHECK(same.log_likelihood == Approx(plain.log_likelihood).epsilon(1e-14));
  // Weights of 2 count each subject twice: the same estimate and variances ÷2. Each event's term
  // 2·(η − log Σ 2·exp(η)) is twice the unweighted one minus 2·log 2, so the log-likelihood is
  // 2·loglik − 2·log(2)·events.
  options.weights = Eigen::VectorXd::Constant(d.x.rows(), 2.0);
  const auto doubled = nomo::survival::fit_cox(d.x, d.time, d.status, options);
  CHECK((doubled.coefficients - plain.coefficients).cwiseAbs().maxCoeff() < 1e-9);
  CHECK(doubled.log_likelihood ==
        Approx(2 * plain.log_likelihood - 2 * std::log(2.0) * static_cast<double>(plain.events)).epsilon(1e-12));
  CHECK((doubled.standard_errors * std::sqrt(2.0) - plain.standard_errors).cwiseAbs().maxCoeff() < 1e-9);
}

TEST_CASE("fit_cox refuses bad weights and offsets, naming the argument and value", "[cox][weights][errors]") {
  const auto d = nomo_test::read_cox_example(true);
  using nomo_test::require_invalid;
  cox_options options;
  options.weights = d.weights;
  options.weights(4) = 0;  // coxph: "Invalid weights, must be >0"
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "weights[4]", "0");
  options.weights(4) = std::numeric_limits<double>::infinity();
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "weights[4]", "Inf");
  options.weights = d.weights.head(10);
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "options.weights.size()", "10");
  options.weights.resize(0);
  options.offset = d.offset;
  options.offset(7) = std::numeric_limits<double>::quiet_NaN();
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "offset[7]", "NaN");
  options.offset = d.offset.head(149);
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "options.offset.size()", "149");
}

namespace {

// The 6-subject example of the checks below and R's fit of it:
//   coxph(Surv(1:6, c(1, 0, 1, 1, 0, 1)) ~ c(1, 3, 2, 5, 4, 6))
struct small_cox {
  Eigen::MatrixXd x = (Eigen::MatrixXd(6, 1) << 1, 3, 2, 5, 4, 6).finished();
  std::vector<double> time{1, 2, 3, 4, 5, 6}, status{1, 0, 1, 1, 0, 1};
};

}  // namespace

TEST_CASE("fit_cox: a constant offset, even one whose exp() overflows, gives coxph's fit without it", "[cox][weights]") {
  // coxph centres the offset (so rep(700, 6) gives the fit without it) but refuses rep(800, 6):
  // "offsets must lead to a finite risk score". A constant cancels from the partial likelihood.
  const small_cox d;
  for (const double constant : {700.0, 800.0, -800.0, 1e6}) {
    cox_options options;
    options.offset = Eigen::VectorXd::Constant(6, constant);
    const auto fit = nomo::survival::fit_cox(d.x, d.time, d.status, options);
    INFO("offset " << constant);
    CHECK(fit.converged);
    CHECK(fit.coefficients(0) == Approx(-1.22418380666262).epsilon(1e-9));
    CHECK(fit.standard_errors(0) == Approx(0.823810096582282).epsilon(1e-9));
    CHECK(fit.log_likelihood_null == Approx(-4.27666611901606).epsilon(1e-12));
    CHECK(fit.log_likelihood == Approx(-2.00678974841408).epsilon(1e-12));
    CHECK(fit.score_chi_square == Approx(3.90974729241877).epsilon(1e-9));
  }
}

TEST_CASE("fit_cox refuses offsets, weights and columns that overflow double, naming them", "[cox][weights][errors]") {
  using nomo_test::require_invalid;
  const small_cox d;
  cox_options options;
  options.offset = Eigen::VectorXd::Zero(6);
  options.offset(1) = 1000;  // 833 above the mean (coxph: "offsets must lead to a finite risk score")
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "options.offset[1]", "1000");
  options.offset.resize(0);
  options.weights = Eigen::VectorXd::Constant(6, 1e308);  // coxph: NaN, then an error in its own check
  require_invalid([&] { nomo::survival::fit_cox(d.x, d.time, d.status, options); }, "weights[0]", "1e+308");
  // coxph: SE 0 and Wald NaN at 1e200 (variance 1e-400 underflows); an error at 1e-310.
  require_invalid([&] { nomo::survival::fit_cox(d.x * 1e200, d.time, d.status); }, "x column x1 (mean |x - mean|)",
                  "1.5e+200");
  require_invalid([&] { nomo::survival::fit_cox(d.x * 1e-310, d.time, d.status); },
                  {"x column x1 (mean |x - mean|) = 1.49999", "must lie in [1e-150, 1e150]"});
}
