// nomo::survival::make_survival_frame against survfit/survdiff with R's default na.omit on a
// cohort with missing follow-up, status and group (tests/reference/survival_frame.R).
#include <catch2/catch.hpp>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "nomo/io/csv.hpp"
#include "nomo/survival/kaplan_meier.hpp"
#include "nomo/survival/log_rank.hpp"
#include "nomo/survival/survival_frame.hpp"
#include "fixture.hpp"
#include "invalid_input.hpp"

namespace {

/// R's results for one grouping: quantity -> level -> value.
std::map<std::string, std::map<std::string, double>> r_results(const std::string& by) {
  const auto t = nomo::io::read_csv(nomo_test::fixture_path("survival_frame_results.csv"));
  std::map<std::string, std::map<std::string, double>> out;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (t.at("by").labels[i] != by) continue;
    out[t.at("quantity").labels[i]][t.at("level").labels[i]] = t.at("value").numbers[i];
  }
  return out;
}

nomo::io::table cohort() { return nomo::io::read_csv(nomo_test::fixture_path("survival_frame_input.csv")); }

}  // namespace

TEST_CASE("make_survival_frame drops incomplete rows as survfit's na.omit does, and keeps R's level order") {
  const auto data = cohort();
  for (const std::string by : {"arm", "code"}) {
    INFO(by);
    const auto r = r_results(by);
    const auto frame = nomo::survival::make_survival_frame(data, "os_months", "death", by);
    CHECK(frame.missing.rows_dropped == static_cast<std::size_t>(r.at("deleted").at("")));
    CHECK(frame.missing.rows_in_table == 60);
    CHECK(frame.time.size() == frame.rows.size());
    const auto km = nomo::survival::kaplan_meier(frame.time, frame.status, frame.group, {}, frame.group_levels);
    REQUIRE(km.curves.size() == r.at("n").size());
    for (const auto& curve : km.curves) {
      INFO(curve.group);
      CHECK(curve.n == static_cast<std::size_t>(r.at("n").at(curve.group)));
      CHECK(curve.events == static_cast<std::size_t>(r.at("events").at(curve.group)));
      REQUIRE(curve.median.has_value());
      CHECK(*curve.median == Approx(r.at("median").at(curve.group)).epsilon(1e-12));
    }
    const auto test = nomo::survival::log_rank(frame.time, frame.status, frame.group, frame.group_levels);
    CHECK(test.chi_square == Approx(r.at("chisq").at("")).epsilon(1e-10));
  }
  // Numeric codes order as numbers (1, 2, 10), as factor() orders them, not as text.
  const auto coded = nomo::survival::make_survival_frame(data, "os_months", "death", "code");
  CHECK(coded.group_levels == std::vector<std::string>{"1", "2", "10"});
  // The frame overloads carry those levels; the frame's labels alone sort as text (1, 10, 2), which
  // an independent user hit passing frame.group without frame.group_levels.
  std::vector<std::string> curve_groups;
  for (const auto& curve : nomo::survival::kaplan_meier(coded).curves) curve_groups.push_back(curve.group);
  CHECK(curve_groups == std::vector<std::string>{"1", "2", "10"});
  CHECK(nomo::survival::log_rank(coded).chi_square == Approx(r_results("code").at("chisq").at("")).epsilon(1e-10));
  CHECK(nomo::survival::make_survival_frame(data, "os_months", "death", "arm").group_levels ==
        std::vector<std::string>{"SRS", "surgery", "WBRT"});
}

TEST_CASE("make_survival_frame without a group: the overall curve of the complete rows") {
  const auto r = r_results("none");
  const auto frame = nomo::survival::make_survival_frame(cohort(), "os_months", "death");
  CHECK(frame.missing.rows_dropped == static_cast<std::size_t>(r.at("deleted").at("")));
  CHECK(frame.group.empty());
  const auto km = nomo::survival::kaplan_meier(frame.time, frame.status);
  CHECK(km.curves.front().n == static_cast<std::size_t>(r.at("n").at("all")));
  CHECK(*km.curves.front().median == Approx(r.at("median").at("all")).epsilon(1e-12));
  // The per-column counts name each column's missing cells in the whole table.
  REQUIRE(frame.missing.by_column.size() == 2);
  CHECK(frame.missing.by_column[0].column == "os_months");
  CHECK(frame.missing.by_column[0].rows == 3);
  CHECK(frame.missing.by_column[1].rows == 2);
  CHECK(nomo::survival::kaplan_meier(frame).curves.front().n == static_cast<std::size_t>(r.at("n").at("all")));
  nomo_test::require_invalid([&] { nomo::survival::log_rank(frame); },
                             {"survival::log_rank", "frame.group.size() = 0", "no group column"});
}

TEST_CASE("make_survival_frame rejects bad input, naming the argument, column, row and value") {
  using nomo_test::require_invalid;
  const auto data = cohort();
  require_invalid([&] { nomo::survival::make_survival_frame(data, "follow_up", "death"); }, {"time = \"follow_up\"", "not a column"});
  require_invalid([&] { nomo::survival::make_survival_frame(data, "os_months", "arm"); }, {"status = \"arm\"", "label column"});
  require_invalid([&] { nomo::survival::make_survival_frame(data, "os_months", "death", "stage"); }, {"group = \"stage\""});
  nomo::io::table bad;
  bad.add(nomo::io::numeric_column("t", {5, -1, 3}));
  bad.add(nomo::io::numeric_column("s", {1, 0, 2}));
  require_invalid([&] { nomo::survival::make_survival_frame(bad, "t", "s"); }, {"column \"t\" row 1", "= -1", "non-negative"});
  nomo::io::table bad_status;
  bad_status.add(nomo::io::numeric_column("t", {5, 1, 3}));
  bad_status.add(nomo::io::numeric_column("s", {1, 0, 2}));
  require_invalid([&] { nomo::survival::make_survival_frame(bad_status, "t", "s"); }, {"column \"s\" row 2", "= 2", "0 or 1"});
  nomo::io::table empty;
  const double na = std::numeric_limits<double>::quiet_NaN();
  empty.add(nomo::io::numeric_column("t", {na, 2}));
  empty.add(nomo::io::numeric_column("s", {1, na}));
  require_invalid([&] { nomo::survival::make_survival_frame(empty, "t", "s"); }, {"complete rows = 0"});
}
