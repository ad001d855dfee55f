#pragma once
// Reading the reference fixtures under tests/reference/ (written by the R scripts there).
//
// Two shapes:
//  * a table: CSV with a header row; cells may be quoted; "NA" or empty is missing (NaN);
//  * values: a table with columns `name,value`, read into a name -> number map.

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace nomo_test {

inline std::string fixture_path(const std::string& name) { return std::string(NOMO_FIXTURE_DIR) + "/" + name; }

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

struct table {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> rows;

  std::size_t index(const std::string& name) const {
    for (std::size_t j = 0; j < names.size(); ++j)
      if (names[j] == name) return j;
    throw std::runtime_error("fixture has no column " + name);
  }
  std::vector<std::string> text(const std::string& name) const {
    const auto j = index(name);
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.at(j));
    return out;
  }
  /// Numeric column; "NA", "NaN" and "" are NaN, "Inf"/"-Inf" are infinities.
  Eigen::VectorXd column(const std::string& name) const {
    const auto j = index(name);
    Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string& s = rows[i].at(j);
      double v;
      if (s.empty() || s == "NA" || s == "NaN") v = std::numeric_limits<double>::quiet_NaN();
      else if (s == "Inf") v = std::numeric_limits<double>::infinity();
      else if (s == "-Inf") v = -std::numeric_limits<double>::infinity();
      else v = std::stod(s);
      out(static_cast<Eigen::Index>(i)) = v;
    }
    return out;
  }
  std::size_t size() const { return rows.size(); }
};

inline table read_table(const std::string& name) {
  std::ifstream in(fixture_path(name));
  if (!in) throw std::runtime_error("cannot open fixture " + fixture_path(name));
  table t;
  std::string line;
  std::getline(in, line);
  t.names = split_csv_line(line);
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    t.rows.push_back(split_csv_line(line));
  }
  return t;
}

/// A `name,value` fixture as a map.
inline std::map<std::string, double> read_values(const std::string& name) {
  const table t = read_table(name);
  const auto names = t.text("name");
  const Eigen::VectorXd values = t.column("value");
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < names.size(); ++i) out[names[i]] = values(static_cast<Eigen::Index>(i));
  return out;
}

}  // namespace nomo_test
