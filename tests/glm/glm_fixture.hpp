#pragma once
// Loading the glm reference data sets written by tests/reference/glm_fixtures.R.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "fixture.hpp"

namespace glm_test {

/// A design written by glm_fixtures.R: outcome `y`, design columns, optional extra columns.
struct design {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::vector<std::string> names;
  nomo_test::table table;
};

/// Reads tests/reference/glm_<name>_data.csv; every column but y and `extra` is a design column.
inline design load_design(const std::string& name, const std::vector<std::string>& extra = {}) {
  design d;
  d.table = nomo_test::read_table("glm_" + name + "_data.csv");
  d.y = d.table.column("y");
  for (const auto& column : d.table.names) {
    if (column == "y" || std::find(extra.begin(), extra.end(), column) != extra.end()) continue;
    d.names.push_back(column);
  }
  d.x.resize(d.y.size(), static_cast<Eigen::Index>(d.names.size()));
  for (std::size_t j = 0; j < d.names.size(); ++j) d.x.col(static_cast<Eigen::Index>(j)) = d.table.column(d.names[j]);
  return d;
}

/// |actual − expected| ≤ tolerance · max(|expected|, floor): relative, with an absolute floor for
/// values near zero.
inline bool close(double actual, double expected, double tolerance, double floor = 1e-3) {
  return std::abs(actual - expected) <= tolerance * std::max(std::abs(expected), floor);
}

/// Checks two vectors element by element, reporting the index on failure.
inline void require_close(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected, double tolerance,
                          double floor = 1e-3) {
  REQUIRE(actual.size() == expected.size());
  for (Eigen::Index i = 0; i < actual.size(); ++i) {
    INFO("index " << i << ": actual " << actual(i) << ", expected " << expected(i));
    CHECK(close(actual(i), expected(i), tolerance, floor));
  }
}

}  // namespace glm_test
