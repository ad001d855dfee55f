// nomo::survival::fit_cox and hazard_ratio_curve_of against survival::coxph
// (tests/reference/survival_cox.R): Efron and Breslow ties, with and without an rcs term.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>

#include "nomo/survival/cox.hpp"
#include "invalid_input.hpp"
#include "survival_fixture.hpp"

namespace {

using nomo::survival::cox_options;
using nomo::survival::cox_ties;
using nomo::survival::fit_cox;

struct cox_data {
  Eigen::MatrixXd x;
  std::vector<double> time;
  std::vector<double> status;
  std::vector<std::string> names;
};

// The design of `dataset` as the R script wrote it; "example" is the first two columns after
// the spline of "example_rcs" (age, sex).
cox_data read_cox_data(const std::string& dataset) {
  static const auto input = nomo_test::read_table("survival_cox_input.csv");
  static const std::map<std::string, std::vector<std::string>> names{
      {"example", {"age", "sex"}},
      {"example_rcs", {"bmk", "bmk'", "bmk''", "age", "sex"}},
      {"veteran", {"karno", "age", "smallcell", "adeno", "large"}}};
  const std::string source = dataset == "example" ? "example_rcs" : dataset;
  const auto rows = nomo_test::rows_where(input, {{"dataset", source}});
  const std::vector<std::string> columns = dataset == "example" ? std::vector<std::string>{"x4", "x5"}
                                                                 : std::vector<std::string>{"x1", "x2", "x3", "x4", "x5"};
  cox_data d{Eigen::MatrixXd(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns.size())),
             {}, {}, names.at(dataset)};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(rows[r]);
    d.time.push_back(input.column("time")(i));
    d.status.push_back(input.column("status")(i));
    for (std::size_t j = 0; j < columns.size(); ++j) {
      d.x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = input.column(columns[j])(i);
    }
  }
  return d;
}

nomo::model::term bmk_spline_term() {
  nomo::model::term term;
  term.name = "bmk";
  term.kind = nomo::model::term_kind::rcs;
  term.columns = {0, 1, 2};
  term.nonlinear_columns = {1, 2};
  const Eigen::VectorXd knots = nomo_test::read_table("survival_cox_knots.csv").column("knot");
  term.knots.assign(knots.data(), knots.data() + knots.size());
  return term;
}

}  // namespace

TEST_CASE("fit_cox matches coxph coefficients, SEs, HRs and the LR, Wald and score tests") {
  const auto coefficients = nomo_test::read_table("survival_cox_coefficients.csv");
  const auto statistics = nomo_test::read_table("survival_cox_statistics.csv");
  for (std::size_t r = 0; r < statistics.size(); ++r) {
    const std::string dataset = statistics.rows[r].at(0), ties = statistics.rows[r].at(1);
    const auto data = read_cox_data(dataset);
    const auto fit = fit_cox(data.x, data.time, data.status,
                             cox_options{ties == "efron" ? cox_ties::efron : cox_ties::breslow}, data.names);
    INFO(dataset << " " << ties);
    const auto stat = [&](const char* column) { return statistics.column(column)(static_cast<Eigen::Index>(r)); };
    CHECK(fit.converged);
    CHECK(fit.iterations == static_cast<int>(stat("iterations")));
    CHECK(static_cast<double>(fit.n) == stat("n"));
    CHECK(static_cast<double>(fit.events) == stat("events"));
    CHECK(fit.log_likelihood_null == Approx(stat("loglik_null")).epsilon(1e-12));
    CHECK(fit.log_likelihood == Approx(stat("loglik")).epsilon(1e-12));
    CHECK(fit.lr_chi_square == Approx(stat("lr")).epsilon(1e-9));
    CHECK(fit.lr_p_value == Approx(stat("lr_p")).epsilon(1e-8));
    CHECK(fit.wald_chi_square == Approx(stat("wald")).epsilon(1e-9));
    CHECK(fit.wald_p_value == Approx(stat("wald_p")).epsilon(1e-8));
    CHECK(fit.score_chi_square == Approx(stat("score")).epsilon(1e-9));
    CHECK(fit.score_p_value == Approx(stat("score_p")).epsilon(1e-8));
    const auto rows = nomo_test::rows_where(coefficients, {{"dataset", dataset}, {"ties", ties}});
    REQUIRE(rows.size() == static_cast<std::size_t>(fit.coefficients.size()));
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const auto cell = [&](const char* column) { return coefficients.column(column)(static_cast<Eigen::Index>(rows[j])); };
      const auto jj = static_cast<Eigen::Index>(j);
      CHECK(fit.names[j] == coefficients.rows[rows[j]].at(coefficients.index("name")));
      CHECK(fit.coefficients(jj) == Approx(cell("coef")).epsilon(1e-9));
      CHECK(fit.standard_errors(jj) == Approx(cell("se")).epsilon(1e-9));
      CHECK(fit.z(jj) == Approx(cell("z")).epsilon(1e-9));
      CHECK(fit.p_values(jj) == Approx(cell("p")).epsilon(1e-8));
      CHECK(fit.hazard_ratios(jj) == Approx(cell("hr")).epsilon(1e-9));
      CHECK(fit.hr_lower(jj) == Approx(cell("hr_lower")).epsilon(1e-9));
      CHECK(fit.hr_upper(jj) == Approx(cell("hr_upper")).epsilon(1e-9));
    }
  }
}

TEST_CASE("hazard_ratio_curve_of an rcs term matches the contrast computed in R from coxph") {
  const auto expected = nomo_test::read_table("survival_cox_hr_curve.csv");
  const auto data = read_cox_data("example_rcs");
  for (const std::string ties : {"efron", "breslow"}) {
    const auto fit = fit_cox(data.x, data.time, data.status,
                             cox_options{ties == "efron" ? cox_ties::efron : cox_ties::breslow}, data.names,
                             {bmk_spline_term()});
    const auto rows = nomo_test::rows_where(expected, {{"ties", ties}});
    std::vector<double> values;
    for (auto r : rows) values.push_back(expected.column("value")(static_cast<Eigen::Index>(r)));
    const double reference = expected.column("reference")(static_cast<Eigen::Index>(rows[0]));
    const auto curve = nomo::survival::hazard_ratio_curve_of(fit, "bmk", values, reference);
    INFO(ties);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto cell = [&](const char* column) { return expected.column(column)(static_cast<Eigen::Index>(rows[k])); };
      CHECK(curve.log_hr[k] == Approx(cell("log_hr")).epsilon(1e-8).margin(1e-12));
      CHECK(curve.std_err[k] == Approx(cell("se")).epsilon(1e-8).margin(1e-12));
      CHECK(curve.hr[k] == Approx(cell("hr")).epsilon(1e-8));
      CHECK(curve.lower[k] == Approx(cell("lower")).epsilon(1e-8));
      CHECK(curve.upper[k] == Approx(cell("upper")).epsilon(1e-8));
    }
  }
}

TEST_CASE("fit_cox leaves -1/0/1 columns uncentred and flags a monotone likelihood, as coxph does") {
  const auto example = read_cox_data("example");  // columns age, sex
  const auto special = nomo_test::read_table("survival_cox_special.csv");
  const Eigen::Index n = example.x.rows();
  auto expect = [&](const std::string& which, const nomo::survival::cox_fit& fit) {
    const auto rows = nomo_test::rows_where(special, {{"case", which}});
    REQUIRE(rows.size() == 2);
    for (Eigen::Index j = 0; j < 2; ++j) {
      const auto r = static_cast<Eigen::Index>(rows[static_cast<std::size_t>(j)]);
      INFO(which << " column " << j);
      CHECK(fit.means(j) == Approx(special.column("mean")(r)).epsilon(1e-12));
      const bool infinite = special.column("infinite")(r) == 1;
      CHECK((std::find(fit.may_be_infinite_columns.begin(), fit.may_be_infinite_columns.end(), j) !=
             fit.may_be_infinite_columns.end()) == infinite);
      if (!infinite) {
        CHECK(fit.coefficients(j) == Approx(special.column("coef")(r)).epsilon(1e-9));
        CHECK(fit.standard_errors(j) == Approx(special.column("se")(r)).epsilon(1e-9));
      }
    }
  };
  Eigen::MatrixXd trichotomous(n, 2), monotone(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double age = example.x(i, 0);
    trichotomous(i, 0) = age < 55 ? -1.0 : age < 65 ? 0.0 : 1.0;
    trichotomous(i, 1) = monotone(i, 1) = age;
    monotone(i, 0) = example.status[static_cast<std::size_t>(i)];
  }
  const auto t = fit_cox(trichotomous, example.time, example.status, {}, {"t3", "age"});
  expect("trichotomous", t);
  CHECK(t.may_be_infinite.empty());
  const auto m = fit_cox(monotone, example.time, example.status, {}, {"event", "age"});
  CHECK(m.converged);
  expect("monotone", m);
  CHECK(m.may_be_infinite == std::vector<std::string>{"event"});
}

TEST_CASE("fit_cox_stratified matches coxph with strata(), Efron and Breslow") {
  const auto r = nomo_test::read_table("survival_cox_strata.csv");
  const auto dataset = r.text("dataset"), ties = r.text("ties"), name = r.text("name");
  for (const std::string set : {"veteran", "example"}) {
    for (const std::string method : {"efron", "breslow"}) {
      // veteran: karno + age, strata(celltype) from its indicators; example: age, strata(sex).
      const auto data = read_cox_data(set == "veteran" ? "veteran" : "example");
      Eigen::MatrixXd x(data.x.rows(), set == "veteran" ? 2 : 1);
      std::vector<std::string> stratum;
      for (Eigen::Index i = 0; i < data.x.rows(); ++i) {
        if (set == "veteran") {
          x.row(i) << data.x(i, 0), data.x(i, 1);
          stratum.push_back(data.x(i, 2) == 1 ? "smallcell" : data.x(i, 3) == 1 ? "adeno" : data.x(i, 4) == 1 ? "large" : "squamous");
        } else {
          x(i, 0) = data.x(i, 0);
          stratum.push_back(data.x(i, 1) == 1 ? "1" : "0");
        }
      }
      const auto fit = nomo::survival::fit_cox_stratified(
          x, data.time, data.status, stratum, cox_options{method == "efron" ? cox_ties::efron : cox_ties::breslow});
      INFO(set << " " << method);
      CHECK(fit.converged);
      CHECK(fit.strata.size() == (set == "veteran" ? 4u : 2u));
      Eigen::Index k = 0;
      for (std::size_t row = 0; row < dataset.size(); ++row) {
        if (dataset[row] != set || ties[row] != method) continue;
        const auto at = [&](const char* column) { return r.column(column)(static_cast<Eigen::Index>(row)); };
        CHECK(fit.coefficients(k) == Approx(at("coef")).epsilon(1e-9));
        CHECK(fit.standard_errors(k) == Approx(at("se")).epsilon(1e-9));
        CHECK(fit.means(k) == Approx(at("mean")).epsilon(1e-12));
        CHECK(fit.log_likelihood_null == Approx(at("loglik_null")).epsilon(1e-12));
        CHECK(fit.log_likelihood == Approx(at("loglik")).epsilon(1e-12));
        CHECK(fit.iterations == static_cast<int>(at("iterations")));
        CHECK(fit.lr_chi_square == Approx(at("lr")).epsilon(1e-9));
        CHECK(fit.wald_chi_square == Approx(at("wald")).epsilon(1e-9));
        CHECK(fit.score_chi_square == Approx(at("score")).epsilon(1e-9));
        CHECK(fit.score_p_value == Approx(at("score_p")).epsilon(1e-8));
        ++k;
      }
      CHECK(k == x.cols());
    }
  }
}

TEST_CASE("fit_cox_stratified rejects bad strata, naming argument and value") {
  using nomo_test::require_invalid;
  Eigen::MatrixXd x(4, 1);
  x << 1, 2, 3, 4;
  require_invalid([&] { nomo::survival::fit_cox_stratified(x, {1, 2, 3, 4}, {1, 0, 1, 1}, {"a", "b"}); },
                  {"survival::fit_cox_stratified", "stratum.size() = 2"});
  require_invalid([&] { nomo::survival::fit_cox_stratified(x, {1, 2, 3, 4}, {1, 0, 1, 1}, {"a", "", "b", "b"}); },
                  {"stratum[1] = \"\"", "missing"});
  require_invalid([&] { nomo::survival::fit_cox_stratified(x, {1, -2, 3, 4}, {1, 0, 1, 1}, {"a", "a", "b", "b"}); },
                  {"survival::fit_cox_stratified", "time[1] = -2"});
}

TEST_CASE("fit_cox's hazard-ratio limits underflow to 0 as R's exp does") {
  // R: coxph(Surv(1:12, c(1,1,0,1,1,0,1,0,0,0,1,0)) ~ x1 + x2): x1 = 1 has no events, its
  // coefficient heads to −∞ (−20.51, SE 18,716) and summary()'s lower 95 % limit is exactly 0.
  Eigen::MatrixXd x(12, 2);
  x.col(0) << 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0;
  x.col(1) << 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8;
  const auto fit = fit_cox(x, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0});
  CHECK(fit.coefficients(0) == Approx(-20.5136812).epsilon(1e-6));
  CHECK(fit.standard_errors(0) == Approx(18715.722).epsilon(1e-5));
  CHECK(fit.hr_lower(0) == 0.0);
  CHECK(fit.may_be_infinite == std::vector<std::string>{"x1"});
}

TEST_CASE("fit_cox reports non-convergence instead of throwing") {
  const auto data = read_cox_data("veteran");
  const auto fit = fit_cox(data.x, data.time, data.status, cox_options{cox_ties::efron, 1});
  CHECK(fit.names == std::vector<std::string>{"x1", "x2", "x3", "x4", "x5"});
  CHECK_FALSE(fit.converged);
  // coxph(Surv(time, status) ~ karno + age + celltype, veteran, iter.max = 1)$iter is 2: coxph
  // reports iter.max + 1 when it runs out (an independent check found nomo reporting max_iter).
  CHECK(fit.iterations == 2);
}

TEST_CASE("fit_cox and hazard_ratio_curve_of reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  Eigen::MatrixXd x(3, 1);
  x << 1, 2, 3;
  require_invalid([&] { fit_cox(x, {1, -1, 2}, {1, 0, 1}); }, {"time[1] = -1"});
  require_invalid([&] { fit_cox(x, {1, 1, 2}, {1, 3, 1}); }, {"status[1] = 3"});
  require_invalid([&] { fit_cox(x, {1, 1}, {1, 0}); }, {"x.rows() = 3", "must equal time.size() = 2"});
  require_invalid([&] { fit_cox(x, {1, 1, 2}, {0, 0, 0}); }, {"status = \"all 0\""});
  require_invalid([&] { fit_cox(x, {1, 1, 2}, {1, 0, 1}, cox_options{cox_ties::efron, 0}); }, {"max_iter = 0"});
  // An unknown ties was read as Breslow's.
  CHECK_THROWS_WITH(fit_cox(x, {1, 1, 2}, {1, 0, 1}, cox_options{static_cast<cox_ties>(7)}),
                    Catch::Contains("nomo::survival::cox_options::validate: ties = 7: unknown cox_ties (expected efron or breslow)"));
  require_invalid([&] { fit_cox(x, {1, 1, 2}, {1, 0, 1}, {}, {"a", "b"}); }, {"names.size() = 2"});
  Eigen::MatrixXd bad = x;
  bad(1, 0) = std::nan("");
  require_invalid([&] { fit_cox(bad, {1, 1, 2}, {1, 0, 1}); }, {"x(1, 0) = NaN"});
  Eigen::MatrixXd collinear(4, 2);
  collinear << 1, 2, 2, 4, 3, 6, 5, 10;
  CHECK_THROWS_AS(fit_cox(collinear, {1, 2, 3, 4}, {1, 1, 0, 1}), nomo::computation_error);
  // coxph(Surv(c(1, 2, 3, 4), c(1, 1, 0, 1)) ~ x1 + x2) sets x2 aside (coefficient NA): its cholesky2
  // finds the second pivot singular. nomo names that column.
  CHECK_THROWS_WITH(fit_cox(collinear, {1, 2, 3, 4}, {1, 1, 0, 1}, {}, {"dose", "double_dose"}),
                    Catch::StartsWith("nomo::survival::fit_cox: the information matrix is singular at double_dose (column 2): ") &&
                        Catch::Contains("collinear with earlier ones (aliased)"));
  // coxph(Surv(1:4, c(1, 0, 1, 1)) ~ rep(5, 4)) sets the constant column aside: cholesky2's eps is
  // toler.chol itself when no diagonal is positive. nomo named no column there.
  const Eigen::MatrixXd constant = Eigen::MatrixXd::Constant(4, 1, 5.0);
  CHECK_THROWS_WITH(fit_cox(constant, {1, 2, 3, 4}, {1, 0, 1, 1}, {}, {"const"}),
                    Catch::StartsWith("nomo::survival::fit_cox: the information matrix is singular at const (column 1): "));

  const auto data = read_cox_data("example_rcs");
  auto sex = bmk_spline_term();
  sex.name = "sex";
  sex.kind = nomo::model::term_kind::binary;
  sex.columns = {4};
  const auto fit = fit_cox(data.x, data.time, data.status, {}, data.names, {bmk_spline_term(), sex});
  using nomo::survival::hazard_ratio_curve_of;
  require_invalid([&] { hazard_ratio_curve_of(fit, "kps", {1.0}, 2.0); }, {"term_name = \"kps\""});
  require_invalid([&] { hazard_ratio_curve_of(fit, "sex", {1.0}, 0.0); }, {"term_name = \"sex\""});
  require_invalid([&] { hazard_ratio_curve_of(fit, "bmk", {1.0}, std::nan("")); }, {"reference = NaN"});
  require_invalid([&] { hazard_ratio_curve_of(fit, "bmk", {1.0}, 2.0, 1.0); }, {"conf_level = 1"});
}
