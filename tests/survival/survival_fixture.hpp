#pragma once
// The survival data sets written by tests/reference/survival_km.R, read back by dataset name.

#include <string>
#include <vector>

#include <Eigen/Core>

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

/// The rms-spec example cohort as the Cox tests with weights, offsets and clusters use it
/// (tests/reference/survival_cox_weights.R, survival_cox_cluster.R): the design (age, sex, bmk; or
/// age, bmk for fits stratified by sex), times, events, sex labels, weights, offsets and two
/// clusterings (triples of consecutive ids; id mod 17).
struct cox_example {
  Eigen::MatrixXd x;
  std::vector<double> time, status;
  std::vector<std::string> sex;
  Eigen::VectorXd weights, offset;
  std::vector<std::string> triples, by_id_mod_17;
};

inline cox_example read_cox_example(bool with_sex_column) {
  const auto cohort = read_table("spline_rms_example_data.csv");
  const auto input = read_table("survival_cox_weights_input.csv");
  const auto clusters = read_table("survival_cox_cluster_input.csv");
  const auto n = static_cast<Eigen::Index>(cohort.size());
  cox_example d{Eigen::MatrixXd(n, with_sex_column ? 3 : 2), {}, {}, {}, input.column("w"), input.column("off"),
                clusters.text("cl"), clusters.text("cl2")};
  const std::vector<std::string> columns =
      with_sex_column ? std::vector<std::string>{"age", "sex", "bmk"} : std::vector<std::string>{"age", "bmk"};
  for (std::size_t j = 0; j < columns.size(); ++j) d.x.col(static_cast<Eigen::Index>(j)) = cohort.column(columns[j]);
  for (Eigen::Index i = 0; i < n; ++i) {
    d.time.push_back(cohort.column("time")(i));
    d.status.push_back(cohort.column("status")(i));
    d.sex.push_back(cohort.column("sex")(i) == 1 ? "1" : "0");
  }
  return d;
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
