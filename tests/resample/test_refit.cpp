// resample::fit_subset and fit_rows against rms 6.5 lrm.fit on materialised bootstrap samples
// (tests/reference/resample_refit.R), and their bad input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nomo/resample/refit.hpp>

#include "invalid_input.hpp"
#include "reference_data.hpp"

using nomo_test::require_invalid;

namespace {

/// Row numbers (0-based) of bootstrap sample `b` (1-based, R's column) of the B fixture.
std::vector<Eigen::Index> sample_rows(int b) {
  const auto t = nomo_test::read_table("resample_indices_B_boot31.csv");
  const Eigen::VectorXd column = t.column("V" + std::to_string(b));
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < column.size(); ++i) rows.push_back(static_cast<Eigen::Index>(column(i)) - 1);
  return rows;
}

}  // namespace

TEST_CASE("fit_rows and fit_subset on bootstrap samples equal lrm.fit on the materialised rows", "[refit]") {
  const auto d = resample_test::load_design("B");
  const auto t = nomo_test::read_table("resample_refit_B.csv");
  const Eigen::VectorXd replicate = t.column("replicate"), value = t.column("value");
  const auto names = t.text("name");
  for (int b = 1; b <= 3; ++b) {
    INFO("replicate " << b);
    const auto rows = sample_rows(b);
    const auto columns = nomo::resample::index_range(d.x.cols());
    const auto counted = nomo::resample::fit_rows(d.x, d.y, rows, columns);
    const auto materialised = nomo::resample::fit_subset(nomo::resample::take_rows(d.x, rows, columns),
                                                         nomo::resample::take_rows(d.y, rows));
    REQUIRE(counted.ok);
    REQUIRE(materialised.ok);
    Eigen::Index parameter = 0;
    for (Eigen::Index i = 0; i < value.size(); ++i) {
      if (replicate(i) != b) continue;
      const std::string& name = names[static_cast<std::size_t>(i)];
      INFO(name);
      if (name == "deviance") {
        CHECK(resample_test::close(counted.deviance, value(i), 1e-10));
        CHECK(resample_test::close(materialised.deviance, value(i), 1e-10));
      } else if (name == "null_deviance") {
        CHECK(resample_test::close(counted.null_deviance, value(i), 1e-12));
        CHECK(resample_test::close(materialised.null_deviance, value(i), 1e-12));
      } else {
        CHECK(resample_test::close(counted.coefficients(parameter), value(i), 1e-10));
        CHECK(resample_test::close(materialised.coefficients(parameter), value(i), 1e-10));
        ++parameter;
      }
    }
    CHECK(parameter == d.x.cols() + 1);
    CHECK(counted.n == 123);
  }
}

TEST_CASE("fit_rows reports a sample with fewer distinct rows than parameters, or none, as a failed fit",
          "[refit]") {
  // lrm.fit fails on such samples (singular information): a failed replicate, never an exception,
  // whatever the SIMD width the refit pads its rows to.
  const auto d = resample_test::load_design("B");
  const auto columns = nomo::resample::index_range(d.x.cols());
  REQUIRE(d.x.cols() >= 3);
  const auto few = nomo::resample::fit_rows(d.x, d.y, {0, 0, 1, 1, 2}, columns);
  CHECK_FALSE(few.ok);
  CHECK_THAT(few.failure, Catch::Contains("3 distinct rows for " + std::to_string(d.x.cols() + 1) + " parameters"));
  const auto none = nomo::resample::fit_rows(d.x, d.y, {}, columns);
  CHECK_FALSE(none.ok);
  CHECK_THAT(none.failure, Catch::Contains("one class"));
}

TEST_CASE("a refit that fails on a separated sample says so, naming the columns and Firth's method", "[refit]") {
  // x1 = 1..8 with y = [x1 > 4] is completely separated: no maximum-likelihood estimate exists
  // (glm warns that fitted probabilities 0 or 1 occurred). The compact engine, which refits small
  // designs, does not diagnose this itself.
  Eigen::MatrixXd x(8, 2);
  x << 1, 0.3, 2, -1.2, 3, 0.8, 4, 0.1, 5, -0.4, 6, 1.1, 7, -0.9, 8, 0.5;
  Eigen::VectorXd y(8);
  y << 0, 0, 0, 0, 1, 1, 1, 1;
  const auto exact = nomo::resample::refit_rule::exact_mle;
  const auto two = nomo::resample::fit_subset(x, y, exact);
  CHECK_FALSE(two.ok);
  CHECK_THAT(two.failure, Catch::StartsWith("no convergence: complete separation: ") && Catch::Contains("x1") &&
                              Catch::Contains("fit_firth"));
  const auto one = nomo::resample::fit_subset(x.leftCols(1), y, exact);
  CHECK_FALSE(one.ok);
  CHECK_THAT(one.failure, Catch::StartsWith("no convergence: complete separation: ") && Catch::Contains("fit_firth"));
  // lrm.fit's rule stops once the deviance settles near 0, and rms counts the fit as a success
  // (lrm.fit(x, y)$fail is FALSE for both designs, with coefficients of -50.3, 11.0 and -6.8).
  CHECK(nomo::resample::fit_subset(x, y).ok);
  CHECK(nomo::resample::fit_subset(x.leftCols(1), y).ok);
}

TEST_CASE("fit_subset and fit_rows: bad input names the argument and value", "[refit][errors]") {
  const auto d = resample_test::load_design("B");
  const auto columns = nomo::resample::index_range(d.x.cols());
  require_invalid([&] { nomo::resample::fit_subset(d.x, d.y.head(10)); }, {"resample::fit_subset", "y.size() = 10"});
  require_invalid([&] { nomo::resample::fit_rows(d.x, d.y.head(10), {0, 1}, columns); },
                  {"resample::fit_rows", "y.size() = 10"});
  require_invalid([&] { nomo::resample::fit_rows(d.x, d.y, {0, 123}, columns); }, "rows[1]", "123");
  require_invalid([&] { nomo::resample::fit_rows(d.x, d.y, {0, -1}, columns); }, "rows[1]", "-1");
  require_invalid([&] { nomo::resample::fit_rows(d.x, d.y, {0, 1, 2}, {0, 8}); }, "columns[1]", "8");
  // An unknown rule was read as exact_mle.
  const auto unknown = static_cast<nomo::resample::refit_rule>(7);
  CHECK_THROWS_WITH(nomo::resample::fit_subset(d.x, d.y, unknown),
                    Catch::Contains("nomo::resample::fit_subset: rule = 7: unknown refit_rule (expected rms_lrm or exact_mle)"));
  CHECK_THROWS_WITH(nomo::resample::fit_rows(d.x, d.y, {0, 1, 2}, columns, unknown),
                    Catch::Contains("nomo::resample::fit_rows: rule = 7: unknown refit_rule"));
  CHECK_THROWS_WITH(nomo::resample::test_indexes(d.x.col(0), d.y, false, unknown),
                    Catch::Contains("nomo::resample::test_indexes: rule = 7: unknown refit_rule"));
}
