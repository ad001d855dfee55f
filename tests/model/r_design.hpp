#pragma once
// Shared by the model tests: comparing a model frame with a design written by R
// (tests/reference/frame_fixtures.R), and R's label spelling.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "nomo/model/frame.hpp"

namespace nomo_test {

/// R pads the open upper end of a cut label ("[28, Inf)"); nomo does not (documented difference).
inline std::string without_inf_padding(std::string name) {
  const auto at = name.find(", Inf");
  if (at != std::string::npos) name.erase(at + 1, 1);
  return name;
}

/// Requires `frame.x` and `frame.rows` to equal an R design fixture (columns by name, `row` 1-based).
inline void require_design(const nomo::model::model_frame& frame, const nomo_test::table& r) {
  std::vector<std::string> names;
  for (std::size_t j = 1; j < r.names.size(); ++j) names.push_back(without_inf_padding(r.names[j]));
  REQUIRE(frame.column_names == names);
  const Eigen::VectorXd rows = r.column("row");
  REQUIRE(frame.rows.size() == static_cast<std::size_t>(rows.size()));
  for (std::size_t i = 0; i < frame.rows.size(); ++i) CHECK(frame.rows[i] + 1 == rows(static_cast<Eigen::Index>(i)));
  for (std::size_t j = 1; j < r.names.size(); ++j) {
    const Eigen::VectorXd expected = r.column(r.names[j]);
    const Eigen::VectorXd actual = frame.x.col(static_cast<Eigen::Index>(j - 1));
    INFO(r.names[j]);
    CHECK((actual - expected).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, expected.cwiseAbs().maxCoeff()));
  }
}

}  // namespace nomo_test
