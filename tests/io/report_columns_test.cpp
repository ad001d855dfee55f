// io::odds_ratio_table with added columns (the bootstrap half of the paper's Table 3): where the
// added cells go. The cells name their design column, so each row's cell is known by construction;
// the OR, CI and P columns themselves are checked against R in tests/report.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "invalid_input.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/io/report.hpp"
#include "nomo/model/frame.hpp"

namespace {

// Design columns: gtv_cc=[6,28), gtv_cc=[28,Inf), age.
nomo::glm::logistic_fit gtv_age_fit() {
  namespace m = nomo::model;
  const auto data = nomo::io::read_csv(std::string(NOMO_FIXTURE_DIR) + "/../../examples/data/cohort_training.csv");
  return nomo::glm::fit_logistic(m::make_frame(data, {"recurrence", {m::cut("gtv_cc", {6, 28}), m::continuous("age")}}));
}

// The line of `text` that starts with `start`.
std::string line_starting(const std::string& text, const std::string& start) {
  const auto at = text.find("\n" + start);
  REQUIRE(at != std::string::npos);
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("odds_ratio_table puts each added cell on its design column's line, under its header", "[io][report]") {
  const auto fit = gtv_age_fit();
  const std::vector<nomo::io::table_column> columns{{"SE (boot)", {"se-6-28", "se-28", "se-age"}}, {"P", {"p1", "p2", "p3"}}};
  const auto text = nomo::io::odds_ratio_table(fit, {}, columns);
  const std::string header = text.substr(0, text.find('\n'));
  const std::string middle = line_starting(text, "  [6,28)"), top = line_starting(text, "  [28,Inf)");
  const std::string age = line_starting(text, "age");
  CHECK(header.find("SE (boot)") > header.find("% CI"));
  CHECK(middle.find("se-6-28") == header.find("SE (boot)"));
  CHECK(top.find("se-28") == header.find("SE (boot)"));
  CHECK(age.find("se-age") == header.find("SE (boot)"));
  CHECK(age.find("p3") == header.rfind("P"));
  CHECK(middle.substr(middle.size() - 2) == "p1");  // no trailing spaces
  CHECK(line_starting(text, "gtv_cc") == "gtv_cc");  // term headings stay empty
  CHECK(line_starting(text, "  [-Inf,6)").find("se") == std::string::npos);  // so do reference levels
}

TEST_CASE("odds_ratio_table without added columns is unchanged", "[io][report]") {
  const auto fit = gtv_age_fit();
  const auto text = nomo::io::odds_ratio_table(fit);
  CHECK(text == nomo::io::odds_ratio_table(fit, {}, {}));
  CHECK(text.substr(0, text.find('\n')).back() == 'P');
}

TEST_CASE("odds_ratio_table rejects a column without one cell per design column", "[io][report]") {
  const auto fit = gtv_age_fit();
  nomo_test::require_invalid([&] { nomo::io::odds_ratio_table(fit, {}, {{"SE", {"0.1", "0.2"}}}); }, "columns[0].cells.size()", "2");
}
