#pragma once
// The survival data sets written by tests/reference/survival_km.R, read back by dataset name.

#include <string>
#include <vector>

#include "fixture.hpp"

namespace nomo_test {

struct survival_set {
  std::vector<double> time;
  std::vector<double> status;
  std::vector<std::string> group;
  std::vector<std::string> stratum;
};

inline survival_set read_survival_set(const std::string& dataset) {
  static const table input = read_table("survival_km_input.csv");
  const auto names = input.text("dataset");
  const auto group = input.text("group");
  const auto stratum = input.text("stratum");
  const Eigen::VectorXd time = input.column("time");
  const Eigen::VectorXd status = input.column("status");
  survival_set out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != dataset) continue;
    out.time.push_back(time(static_cast<Eigen::Index>(i)));
    out.status.push_back(status(static_cast<Eigen::Index>(i)));
    out.group.push_back(group[i]);
    out.stratum.push_back(stratum[i]);
  }
  return out;
}

/// Row indices of a fixture table whose text columns equal the given values.
inline std::vector<std::size_t> rows_where(const table& t, const std::vector<std::pair<std::string, std::string>>& equal) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool keep = true;
    for (const auto& [column, value] : equal) keep = keep && t.rows[i].at(t.index(column)) == value;
    if (keep) out.push_back(i);
  }
  return out;
}

}  // namespace nomo_test
