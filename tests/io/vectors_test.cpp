#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "invalid_input.hpp"
#include "nomo/io/vectors.hpp"

namespace {

nomo::io::table cohort() {
  return nomo::io::parse_csv("id,risk,recurrence,site\n1,0.25,1,brain\n2,0.125,0,lung\n3,1e-3,1,brain\n", {},
                             "cohort.csv");
}

}  // namespace

TEST_CASE("column_vector gives a numeric column's values in row order", "[io][vectors]") {
  const auto data = cohort();
  const Eigen::VectorXd risk = nomo::io::column_vector(data, "risk");
  REQUIRE(risk.size() == 3);
  CHECK(risk(0) == 0.25);
  CHECK(risk(1) == 0.125);
  CHECK(risk(2) == 1e-3);
  const Eigen::VectorXd recurrence = nomo::io::column_vector(data, "recurrence");
  CHECK(recurrence == Eigen::Vector3d(1, 0, 1));
}

TEST_CASE("column_vector of a table without rows is empty", "[io][vectors]") {
  CHECK(nomo::io::column_vector(nomo::io::parse_csv("risk\n"), "risk").size() == 0);
}

TEST_CASE("column_vector refuses an unknown name, a label column and a missing cell", "[io][vectors]") {
  const auto data = cohort();
  nomo_test::require_invalid([&] { nomo::io::column_vector(data, "age"); },
                             {"io::column_vector", "name", "age", "{id, risk, recurrence, site}"});
  nomo_test::require_invalid([&] { nomo::io::column_vector(data, "site"); },
                             {"io::column_vector", "name", "site", "label column"});
  const auto gap = nomo::io::parse_csv("risk,recurrence\n0.2,1\n0.4,NA\n0.6,0\n", {}, "gap.csv");
  nomo_test::require_invalid([&] { nomo::io::column_vector(gap, "recurrence"); },
                             {"io::column_vector", "column \"recurrence\" row 1 (gap.csv line 3)", "NA", "missing"});
}

TEST_CASE("column_vector refuses a NaN not flagged missing and an infinite cell", "[io][vectors]") {
  auto data = cohort();
  data.columns[1].numbers[2] = std::nan("");  // filled in code: the missing flag stays false
  nomo_test::require_invalid([&] { nomo::io::column_vector(data, "risk"); },
                             {"io::column_vector", "column \"risk\" row 2 (cohort.csv line 4)", "NA", "missing"});
  const auto huge = nomo::io::parse_csv("dose\n2\n1e400\n", {}, "huge.csv");
  nomo_test::require_invalid([&] { nomo::io::column_vector(huge, "dose"); },
                             {"io::column_vector", "column \"dose\" row 1 (huge.csv line 3)", "Inf", "must be finite"});
}

TEST_CASE("column_vector refuses a table whose columns differ in length", "[io][vectors]") {
  auto data = cohort();
  data.columns[1].numbers.pop_back();
  nomo_test::require_invalid([&] { nomo::io::column_vector(data, "risk"); },
                             {"io::column_vector", "data column(\"risk\").numbers.size()", "2"});
}

TEST_CASE("column_values gives the same checked column as a std::vector", "[io][vectors]") {
  const auto data = cohort();
  CHECK(nomo::io::column_values(data, "risk") == std::vector<double>{0.25, 0.125, 1e-3});
  // A column with one text cell is a label column: its .numbers is empty, which kaplan_meier
  // reported as "status.size() = 3: must equal time.size() = 0" (an independent user's check).
  const auto stray = nomo::io::parse_csv("t,d\n3,1\n?,0\n5,1\n", {}, "os.csv");
  nomo_test::require_invalid([&] { nomo::io::column_values(stray, "t"); },
                             {"io::column_values", "name = \"t\"", "label column"});
  const auto gap = nomo::io::parse_csv("t,d\n3,1\nNA,0\n5,1\n", {}, "os.csv");
  nomo_test::require_invalid([&] { nomo::io::column_values(gap, "t"); },
                             {"io::column_values", "column \"t\" row 1 (os.csv line 3)", "missing"});
}
