#pragma once
// The models of tests/reference/spline_effect.R, fitted by nomo on the rms example data (n = 150).
#include <string>

#include "fixture.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"

namespace spline_test {

/// "default": rcs(bmk, 4) + age + sex; "knots5": rcs(bmk, 5) + rcs(age, 3) + sex;
/// "given": rcs(bmk, c(1.5, 2.5, 3.5, 4.5)) + age + sex.
inline nomo::model::model_spec paper_spec(const std::string& model) {
  using namespace nomo::model;
  if (model == "knots5") return model_spec{"y", {rcs("bmk", 5), rcs("age", 3), continuous("sex")}};
  if (model == "given") return model_spec{"y", {rcs("bmk", {1.5, 2.5, 3.5, 4.5}), continuous("age"), continuous("sex")}};
  return model_spec{"y", {rcs("bmk", 4), continuous("age"), continuous("sex")}};
}

inline const nomo::io::table& paper_data() {
  static const nomo::io::table data = nomo::io::read_csv(nomo_test::fixture_path("spline_rms_example_data.csv"));
  return data;
}

inline nomo::glm::logistic_fit paper_fit(const std::string& model) {
  return nomo::glm::fit_logistic(nomo::model::make_frame(paper_data(), paper_spec(model)));
}

}  // namespace spline_test
