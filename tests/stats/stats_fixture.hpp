#pragma once
// Samples, tables and R results written by tests/reference/stats_tests.R.

#include <map>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace nomo_test {

/// Sample `which` ("x" or "y") of a test case.
inline std::vector<double> stats_sample(const std::string& test_case, const std::string& which) {
  static const table samples = read_table("stats_tests_samples.csv");
  const auto cases = samples.text("case"), names = samples.text("sample");
  const Eigen::VectorXd values = samples.column("value");
  std::vector<double> out;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i] == test_case && names[i] == which) out.push_back(values(static_cast<Eigen::Index>(i)));
  }
  return out;
}

/// The contingency table of a test case.
inline Eigen::MatrixXd stats_table(const std::string& test_case) {
  static const table tables = read_table("stats_tests_tables.csv");
  const auto cases = tables.text("case");
  const Eigen::VectorXd row = tables.column("row"), col = tables.column("col"), count = tables.column("count");
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(1 + static_cast<Eigen::Index>(row.maxCoeff()), 1 + static_cast<Eigen::Index>(col.maxCoeff()));
  Eigen::Index rows = 0, cols = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i] != test_case) continue;
    const auto k = static_cast<Eigen::Index>(i);
    out(static_cast<Eigen::Index>(row(k)), static_cast<Eigen::Index>(col(k))) = count(k);
    rows = std::max(rows, static_cast<Eigen::Index>(row(k)) + 1);
    cols = std::max(cols, static_cast<Eigen::Index>(col(k)) + 1);
  }
  return out.topLeftCorner(rows, cols);
}

/// R's result of a test case: quantity -> value (NaN where R gave NA).
inline std::map<std::string, double> stats_result(const std::string& test_case) {
  static const table results = read_table("stats_tests_results.csv");
  const auto cases = results.text("case"), quantities = results.text("quantity");
  const Eigen::VectorXd values = results.column("value");
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i] == test_case) out[quantities[i]] = values(static_cast<Eigen::Index>(i));
  }
  if (out.empty()) throw std::runtime_error("no R result for " + test_case);
  return out;
}

/// The warnings R raised in a test case, joined by "; " ("" when none).
inline std::string stats_warning(const std::string& test_case) {
  static const table warnings = read_table("stats_tests_warnings.csv");
  const auto cases = warnings.text("case"), texts = warnings.text("warning");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i] == test_case) return texts[i];
  }
  throw std::runtime_error("no R warning record for " + test_case);
}

}  // namespace nomo_test
