// resample/report.hpp against the text rms 6.5 prints (tests/reference/resample_report.R): the
// validate table, with and without a backward step-down, and plot.calibrate's error summary.
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include <nomo/resample/report.hpp>

#include "invalid_input.hpp"
#include "reference_data.hpp"

namespace {

std::string fixture_text(const std::string& name) {
  std::ifstream in(nomo_test::fixture_path(name));
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// lrm(y ~ age + sex + bmk) of the rms example cohort.
struct example_model {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

example_model example() {
  const auto t = nomo_test::read_table("spline_rms_example_data.csv");
  example_model m;
  m.y = t.column("y");
  m.x.resize(m.y.size(), 3);
  m.x << t.column("age"), t.column("sex"), t.column("bmk");
  return m;
}

}  // namespace

TEST_CASE("validation_report prints rms' print(validate(fit, B = 30)) character for character") {
  const auto m = example();
  const auto v = nomo::resample::validate(m.x, m.y, resample_test::r_plan(7, 30));
  CHECK(nomo::resample::validation_report(v) == fixture_text("resample_report_validate.txt"));
}

TEST_CASE("validation_report adds the factors each replicate kept after validate(bw = TRUE), as rms") {
  const auto m = example();
  nomo::resample::validate_options options;
  options.backward = true;
  options.column_names = {"age", "sex", "bmk"};
  const auto v = nomo::resample::validate(m.x, m.y, resample_test::r_plan(7, 12), options);
  CHECK(nomo::resample::validation_report(v) == fixture_text("resample_report_validate_bw.txt"));
}

TEST_CASE("calibration_error_summary prints plot.calibrate's error summary") {
  const auto m = example();
  const auto c = nomo::resample::calibrate(m.x, m.y, resample_test::r_plan(7, 30));
  CHECK(nomo::resample::calibration_error_summary(c) + "\n" == fixture_text("resample_report_calibrate.txt"));
}

TEST_CASE("calibration_error_summary writes each number as R's cat(round(x, digits))") {
  // resample_report_cat_numbers.csv: what R 4.2.2 prints for cat(round(value, digits)).
  const auto cases = nomo_test::read_table("resample_report_cat_numbers.csv");
  const Eigen::VectorXd values = cases.column("value"), digits = cases.column("digits");
  const auto texts = cases.text("text");
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    nomo::resample::calibration_curve c;
    c.errors.n = 7;
    c.errors.mean_absolute = c.errors.quantile90 = digits(k) == 3 ? values(k) : 0.5;
    c.errors.mean_squared = digits(k) == 5 ? values(k) : 0.5;
    const std::string& r = texts[static_cast<std::size_t>(k)];
    const std::string expected = digits(k) == 3 ? "n=7   Mean absolute error=" + r + "   Mean squared error=0.5\n0.9 Quantile of absolute error=" + r
                                                : "n=7   Mean absolute error=0.5   Mean squared error=" + r + "\n0.9 Quantile of absolute error=0.5";
    CHECK(nomo::resample::calibration_error_summary(c) == expected);
  }
}

TEST_CASE("validation_report rejects a digits count it cannot print") {
  const nomo::resample::validation v;
  nomo_test::require_invalid([&] { nomo::resample::validation_report(v, -1); }, {"resample::validation_report", "digits = -1"});
  nomo_test::require_invalid([&] { nomo::resample::validation_report(v, 16); }, {"resample::validation_report", "digits = 16"});
}
