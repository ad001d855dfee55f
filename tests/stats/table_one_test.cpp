// nomo::stats::build_table_one, describe_numeric/describe_categorical and the formatters, against
// base R on the training cohort (tests/reference/stats_table_one.R).
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "nomo/stats/table_one.hpp"
#include "invalid_input.hpp"
#include "stats_fixture.hpp"

using nomo::stats::group_test;
using nomo::stats::summary_kind;
using nomo::stats::table_one_variable;

namespace {

nomo::io::table training_cohort() {
  return nomo::io::read_csv(nomo_test::fixture_path("../../examples/data/cohort_training.csv"));
}

const std::vector<table_one_variable> variables{
    {"age", "Age (years)", summary_kind::mean_sd, group_test::automatic, {}},
    {"gtv_cc", "GTV (cc)", summary_kind::median_iqr, group_test::automatic, {}},
    {"bed_gy", "", summary_kind::median_iqr, group_test::automatic, {}},
    {"pitv", "", summary_kind::median_iqr, group_test::automatic, {}, 2},
    {"sex", "Sex", summary_kind::counts, group_test::automatic, {}},
    {"primary", "Primary", summary_kind::counts, group_test::automatic, {}},
    {"kps", "KPS", summary_kind::counts, group_test::automatic, {}}};

const nomo::stats::table_one_entry& entry_of(const nomo::stats::table_one& t, const std::string& column) {
  for (const auto& e : t.entries)
    if (e.column == column) return e;
  throw std::runtime_error("no entry " + column);
}

}  // namespace

TEST_CASE("describe_numeric sums as R's mean() and sd() do, in long double") {
  // R: y <- 1e15 + 0.125 * (0:6)^2; mean(y) - 1e15 is 1.625, sd(y) 1.6863421954040052. A double
  // sum of values near 1e15 loses their spread (sd 1.6917 before, 0.3% off).
  std::vector<double> y;
  for (int k = 0; k <= 6; ++k) y.push_back(1e15 + 0.125 * k * k);
  const auto s = nomo::stats::describe_numeric(y);
  CHECK(s.mean - 1e15 == 1.625);
  CHECK(s.sd == Approx(1.6863421954040052).epsilon(1e-14));
  // mean(c(1.7e308, 1.7e308)) is 1.7e308 and sd 0 in R: the long double sum does not overflow.
  const auto near_max = nomo::stats::describe_numeric({1.7e308, 1.7e308});
  CHECK(near_max.mean == 1.7e308);
  CHECK(near_max.sd == 0);
}

TEST_CASE("build_table_one falls back to chisq.test when the automatic Fisher test exceeds its budget") {
  nomo::stats::table_one_options options;
  options.fisher_max_paths = 1;  // KPS's level x group table needs more
  const auto t = nomo::stats::build_table_one(training_cohort(), "recurrence", variables, options);
  const auto& kps = entry_of(t, "kps");
  CHECK(kps.test == group_test::chi_square);
  CHECK_THAT(kps.result.note, Catch::Contains("Fisher's exact test was chosen") && Catch::Contains("max_paths"));
  const auto tests = nomo_test::read_table("stats_table_one_tests.csv");
  for (std::size_t r = 0; r < tests.size(); ++r) {
    if (tests.rows[r].at(0) == "kps_fallback") CHECK(kps.result.p_value == Approx(tests.column("p")(static_cast<Eigen::Index>(r))).epsilon(1e-10));
  }
  // Asked for by name, Fisher's test does not fall back: the table throws.
  auto by_name = variables;
  by_name.back().test = group_test::fisher;
  CHECK_THROWS_AS(nomo::stats::build_table_one(training_cohort(), "recurrence", by_name, options), nomo::computation_error);
  options.fisher_max_paths = 0;
  nomo_test::require_invalid([&] { nomo::stats::build_table_one(training_cohort(), "recurrence", variables, options); },
                             {"fisher_max_paths = 0"});
}

TEST_CASE("build_table_one: summaries, chosen tests and P values match base R") {
  const auto t = nomo::stats::build_table_one(training_cohort(), "recurrence", variables);
  REQUIRE(t.columns == std::vector<std::string>{"Overall", "0", "1"});
  CHECK(t.column_n == std::vector<std::size_t>{123, 78, 45});
  const auto numeric = nomo_test::read_table("stats_table_one_numeric.csv");
  for (std::size_t r = 0; r < numeric.size(); ++r) {
    const auto& e = entry_of(t, numeric.rows[r].at(0));
    const std::string group = numeric.rows[r].at(1);
    const auto column = static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), group) - t.columns.begin());
    const auto& s = e.numeric.at(column);
    const auto value = [&](const char* name) { return numeric.column(name)(static_cast<Eigen::Index>(r)); };
    INFO(e.column << " " << group);
    CHECK(static_cast<double>(s.n) == value("n"));
    CHECK(static_cast<double>(s.missing) == value("missing"));
    CHECK(s.mean == Approx(value("mean")).epsilon(1e-13));
    CHECK(s.sd == Approx(value("sd")).epsilon(1e-12));
    CHECK(s.median == Approx(value("median")).epsilon(1e-14));
    CHECK(s.q1 == Approx(value("q1")).epsilon(1e-14));
    CHECK(s.q3 == Approx(value("q3")).epsilon(1e-14));
    CHECK(s.min == value("min"));
    CHECK(s.max == value("max"));
  }
  const auto counts = nomo_test::read_table("stats_table_one_counts.csv");
  for (std::size_t r = 0; r < counts.size(); ++r) {
    const auto& e = entry_of(t, counts.rows[r].at(0));
    const auto column = static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), counts.rows[r].at(1)) - t.columns.begin());
    const auto& s = e.categorical.at(column);
    const auto level = static_cast<std::size_t>(std::find(s.levels.begin(), s.levels.end(), counts.rows[r].at(2)) - s.levels.begin());
    INFO(e.column << " " << counts.rows[r].at(1) << " " << counts.rows[r].at(2));
    REQUIRE(level < s.levels.size());
    CHECK(static_cast<double>(s.counts[level]) == counts.column("count")(static_cast<Eigen::Index>(r)));
    CHECK(static_cast<double>(s.missing) == counts.column("missing")(static_cast<Eigen::Index>(r)));
  }
  const auto tests = nomo_test::read_table("stats_table_one_tests.csv");
  const std::map<std::string, group_test> kinds{{"welch_t", group_test::welch_t}, {"wilcoxon", group_test::wilcoxon},
                                                {"chi_square", group_test::chi_square}, {"fisher", group_test::fisher}};
  for (std::size_t r = 0; r < tests.size(); ++r) {
    if (tests.rows[r].at(0).find("_by_primary") != std::string::npos) continue;  // the next test case's
    if (tests.rows[r].at(0).find("_fallback") != std::string::npos) continue;    // the fallback test case's
    const auto& e = entry_of(t, tests.rows[r].at(0));
    INFO(e.column);
    CHECK(e.tested);
    CHECK(e.test == kinds.at(tests.rows[r].at(1)));
    CHECK(e.result.p_value == Approx(tests.column("p")(static_cast<Eigen::Index>(r))).epsilon(1e-10));
  }
}

TEST_CASE("build_table_one with three groups: Welch's oneway.test and kruskal.test as in R") {
  const std::vector<table_one_variable> numeric(variables.begin(), variables.begin() + 4);
  const auto t = nomo::stats::build_table_one(training_cohort(), "primary", numeric);
  REQUIRE(t.columns == std::vector<std::string>{"Overall", "breast", "lung", "other"});
  const auto tests = nomo_test::read_table("stats_table_one_tests.csv");
  const std::map<std::string, group_test> kinds{{"welch_anova", group_test::welch_anova},
                                                {"kruskal_wallis", group_test::kruskal_wallis}};
  std::size_t checked = 0;
  for (std::size_t r = 0; r < tests.size(); ++r) {
    const std::string name = tests.rows[r].at(0);
    const auto at = name.find("_by_primary");
    if (at == std::string::npos) continue;
    const auto& e = entry_of(t, name.substr(0, at));
    INFO(e.column);
    CHECK(e.test == kinds.at(tests.rows[r].at(1)));
    CHECK(e.result.p_value == Approx(tests.column("p")(static_cast<Eigen::Index>(r))).epsilon(1e-10));
    ++checked;
  }
  CHECK(checked == 4);
  auto classic = numeric;
  classic[0].test = group_test::anova;
  CHECK(entry_of(nomo::stats::build_table_one(training_cohort(), "primary", classic), "age").result.method ==
        "One-way analysis of means");
}

TEST_CASE("build_table_one: overridden tests, group order, Markdown and CSV output") {
  nomo::stats::table_one_options options;
  options.group_levels = {"1", "0"};
  options.overall = false;
  auto vars = variables;
  vars[0].test = group_test::student_t;
  vars[4].test = group_test::none;
  const auto t = nomo::stats::build_table_one(training_cohort(), "recurrence", vars, options);
  CHECK(t.columns == std::vector<std::string>{"1", "0"});
  CHECK(entry_of(t, "age").test == group_test::student_t);
  CHECK_FALSE(entry_of(t, "sex").tested);
  const std::string markdown = nomo::stats::to_markdown(t);
  CHECK_THAT(markdown, Catch::Matchers::StartsWith("| Variable | 1 (n = 45) | 0 (n = 78) | P | Test |\n|:---|---:|"));
  CHECK_THAT(markdown, Catch::Matchers::Contains("| Age (years), mean ± SD [missing 1] |"));
  CHECK_THAT(markdown, Catch::Matchers::Contains("|   female | 21 (46.7%) | 49 (62.8%) |  |  |"));
  CHECK_THAT(markdown, Catch::Matchers::Contains("| KPS, n (%) [missing 2] |"));
  CHECK_THAT(markdown, Catch::Matchers::Contains("| pitv, median (IQR) [missing 1] | 1.19 ("));
  const std::string csv = nomo::stats::to_csv(t);
  CHECK_THAT(csv, Catch::Matchers::StartsWith("\"Variable\",\"1 (n = 45)\",\"0 (n = 78)\",\"P\",\"Test\"\n"));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == static_cast<long>(nomo::stats::table_one_cells(t).size()));
}

namespace {

std::string edge_value(const std::string& test_case, const std::string& key) {
  static const nomo_test::table edge = nomo_test::read_table("stats_table_one_edge.csv");
  const auto cases = edge.text("case"), keys = edge.text("key"), values = edge.text("value");
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (cases[i] == test_case && keys[i] == key) return values[i];
  throw std::runtime_error("no edge value " + test_case + "/" + key);
}

std::vector<std::string> repeat(const std::vector<std::pair<std::string, int>>& runs) {
  std::vector<std::string> out;
  for (const auto& [label, times] : runs) out.insert(out.end(), static_cast<std::size_t>(times), label);
  return out;
}

}  // namespace

TEST_CASE("build_table_one shows a declared level nobody has but tests and chooses on the observed table") {
  // 50/30 against 30/50: every expected count is 40, so χ² (as R's chisq.test on the observed
  // levels), even with an empty level "c" declared; the row "c" still shows 0.
  nomo::io::table cohort;
  cohort.add(nomo::io::label_column("x", repeat({{"a", 50}, {"b", 30}, {"a", 30}, {"b", 50}})));
  cohort.add(nomo::io::label_column("g", repeat({{"g1", 80}, {"g2", 80}})));
  const auto t = nomo::stats::build_table_one(cohort, "g", {{"x", "", summary_kind::counts, group_test::automatic, {"a", "b", "c"}}});
  const auto& x = entry_of(t, "x");
  CHECK(x.test == group_test::chi_square);
  CHECK(x.result.p_value == Approx(std::stod(edge_value("declared_empty_level", "chisq_p"))).epsilon(1e-12));
  CHECK(x.categorical.front().levels == std::vector<std::string>{"a", "b", "c"});
  CHECK(x.categorical.front().counts.back() == 0);
}

TEST_CASE("build_table_one leaves a group with no value of a counts variable out of its test") {
  // Groups A and B have 9/5 and 5/9 yes/no (expected counts 7: χ²); group C has no value.
  nomo::io::table cohort;
  cohort.add(nomo::io::label_column("v", repeat({{"yes", 9}, {"no", 5}, {"yes", 5}, {"no", 9}, {"", 5}})));
  cohort.add(nomo::io::label_column("g", repeat({{"A", 14}, {"B", 14}, {"C", 5}})));
  const auto t = nomo::stats::build_table_one(cohort, "g", {{"v", "", summary_kind::counts, group_test::automatic, {}}});
  CHECK(entry_of(t, "v").test == group_test::chi_square);
  CHECK(entry_of(t, "v").result.p_value == Approx(std::stod(edge_value("group_all_missing", "chisq_p"))).epsilon(1e-12));
}

TEST_CASE("build_table_one orders label groups and levels as R's factor()") {
  nomo::io::table cohort;
  cohort.add(nomo::io::label_column("arm", {"Tx", "ctrl", "Tx", "ctrl"}));
  cohort.add(nomo::io::label_column("answer", {"Yes", "no", "No", "Yes"}));
  const auto t = nomo::stats::build_table_one(cohort, "arm", {{"answer", "", summary_kind::counts, group_test::none, {}}});
  const auto join = [](const std::vector<std::string>& labels) {
    std::string out;
    for (const auto& l : labels) out += (out.empty() ? "" : "|") + l;
    return out;
  };
  CHECK(join({t.columns.begin() + 1, t.columns.end()}) == edge_value("level_order", "groups"));
  CHECK(join(entry_of(t, "answer").categorical.front().levels) == edge_value("level_order", "levels"));
  CHECK(join(nomo::stats::describe_categorical({"Yes", "no", "No"}).levels) == edge_value("level_order", "levels"));
}

TEST_CASE("describe and format helpers follow R's definitions (closed forms)") {
  const auto s = nomo::stats::describe_numeric({4, 1, std::nan(""), 3, 2});
  CHECK(s.n == 4);
  CHECK(s.missing == 1);
  CHECK(s.mean == 2.5);
  CHECK(s.sd == Approx(std::sqrt(5.0 / 3.0)));
  CHECK(s.median == 2.5);
  CHECK(s.q1 == 1.75);  // type 7: 1 + 0.75 * (2 - 1)
  CHECK(s.q3 == 3.25);
  CHECK(std::isnan(nomo::stats::describe_numeric({7}).sd));
  const auto near_limit = nomo::stats::describe_numeric({8e307, 8e307});  // the sum 1.6e308 still fits
  CHECK(near_limit.mean == 8e307);
  CHECK(near_limit.sd == 0);
  const auto c = nomo::stats::describe_categorical({"b", "a", "", "b"});
  CHECK(c.levels == std::vector<std::string>{"a", "b"});
  CHECK(c.counts == std::vector<std::size_t>{1, 2});
  CHECK(c.percents[1] == Approx(200.0 / 3.0));
  CHECK(nomo::stats::format_mean_sd(s, 2) == "2.50 ± 1.29");
  CHECK(nomo::stats::format_median_iqr(s, 1, true) == "2.5 (1.8–3.2; 1.0–4.0)");
  CHECK(nomo::stats::format_count_percent(2, 200.0 / 3.0) == "2 (66.7%)");
  CHECK(nomo::stats::format_p_value(0.00042) == "<0.001");
  CHECK(nomo::stats::format_p_value(0.0421) == "0.042");
  CHECK(nomo::stats::format_p_value(std::nan("")).empty());
}

TEST_CASE("describe and build_table_one reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  // A negative P printed as "<0.001" (independent hostile-input check).
  require_invalid([] { nomo::stats::format_p_value(-1); }, {"stats::format_p_value", "p = -1"});
  require_invalid([] { nomo::stats::format_p_value(1.5); }, {"stats::format_p_value", "p = 1.5"});
  require_invalid([] { nomo::stats::format_p_value(0.5, 0); }, {"stats::format_p_value", "digits = 0"});
  auto ragged = training_cohort();
  ragged.columns.back().missing.pop_back();  // filled without table::add
  require_invalid([&] { nomo::stats::build_table_one(ragged, "recurrence", {}); },
                  {"stats::build_table_one", "cohort column(", ".size()", "row count"});
  require_invalid([&] { nomo::stats::describe_numeric({std::nan("")}); }, {"x (non-missing values) = 0"});
  require_invalid([&] { nomo::stats::describe_numeric({1, HUGE_VAL}); }, {"x[1] = Inf"});
  require_invalid([&] { nomo::stats::describe_numeric({-1e200, 1e200}); },  // the squares overflow (R's sd() is Inf)
                  {"describe_numeric", "x (largest |value|) = 9.9999999999999997e+199", "overflow"});
  require_invalid([&] { nomo::stats::describe_categorical({"a", "z"}, {"a", "b"}); }, {"x[1] = \"z\""});
  require_invalid([&] { nomo::stats::format_fixed(1.0, 20); }, {"decimals = 20"});
  const auto cohort = training_cohort();
  using nomo::stats::build_table_one;
  require_invalid([&] { build_table_one(cohort, "nope", variables); }, {"name = \"nope\""});
  require_invalid([&] { build_table_one(cohort, "recurrence", {{"sex", "", summary_kind::mean_sd, group_test::automatic, {}}}); },
                  {"variables[sex].kind = \"numeric summary\""});
  require_invalid([&] { build_table_one(cohort, "recurrence", {{"age", "", summary_kind::mean_sd, group_test::fisher, {}}}); },
                  {"variables[age].test = \"Fisher exact\""});
  require_invalid([&] { build_table_one(cohort, "primary", {{"age", "", summary_kind::mean_sd, group_test::welch_t, {}}}); },
                  {"variables[age].test = \"Welch t-test\"", "there are 3"});
  nomo::stats::table_one_options options;
  options.group_levels = {"0", "1", "2"};
  require_invalid([&] { build_table_one(cohort, "recurrence", variables, options); },
                  {"levels = \"2\"", "no subjects"});
  require_invalid([&] { build_table_one(cohort, "recurrence", {{"age", "", summary_kind::mean_sd, group_test::automatic, {}, 11}}); },
                  {"variables[age].digits = 11"});
  options = {};
  options.digits = -1;
  require_invalid([&] { build_table_one(cohort, "recurrence", variables, options); }, {"digits = -1"});
  nomo::io::table one_group;
  one_group.add(nomo::io::numeric_column("g", {1, 1, 1}));
  one_group.add(nomo::io::numeric_column("x", {1, 2, 3}));
  require_invalid([&] { build_table_one(one_group, "g", {{"x", "", summary_kind::mean_sd, group_test::automatic, {}}}); },
                  {"group_column = \"g\""});
  nomo::io::table tiny;
  tiny.add(nomo::io::numeric_column("g", {0, 1, 1}));
  tiny.add(nomo::io::numeric_column("x", {1, 2, 3}));
  require_invalid([&] { build_table_one(tiny, "g", {{"x", "", summary_kind::mean_sd, group_test::automatic, {}}}); },
                  {"stats::build_table_one: variables[x].test (Welch t-test), stats::t_test_two_sample's x (non-missing values) = 1: "});

  // Errors of the summaries and tests name the variable and the group; values by cohort row.
  nomo::io::table gaps;
  gaps.add(nomo::io::label_column("g", {"A", "A", "B", "B", "C", "C"}));
  gaps.add(nomo::io::numeric_column("x", {1, 2, 3, 4, std::nan(""), std::nan("")}));
  gaps.add(nomo::io::label_column("grade", {"low", "high", "low", "mid", "high", "low"}));
  require_invalid([&] { build_table_one(gaps, "g", {{"x", "", summary_kind::median_iqr, group_test::automatic, {}}}); },
                  {"stats::build_table_one: variables[x] (group \"C\"), stats::describe_numeric's x (non-missing values) = 0: nothing to summarise"});
  // A group outside the given levels is named by its cohort row, not by its place among the rows
  // with a group (an independent check found "values[2]" for row 3 after a missing group).
  nomo::io::table unlisted;
  unlisted.add(nomo::io::label_column("g", {"", "b", "a", "c", "a", "b"}));
  unlisted.add(nomo::io::numeric_column("x", {1, 2, 3, 4, 5, 6}));
  options = {};
  options.group_levels = {"a", "b"};
  require_invalid([&] { build_table_one(unlisted, "g", {{"x", "", summary_kind::mean_sd, group_test::none, {}}}, options); },
                  {"stats::build_table_one: column \"g\" row 3 = \"c\": is not one of options.group_levels"});
  // Numeric group codes are named as R's factor() names them (levels(factor(c(1e5, 2e5))) is
  // "1e+05" "2e+05"), the names make_survival_frame gives the same codes.
  nomo::io::table coded;
  coded.add(nomo::io::numeric_column("g", {1e5, 2e5, 1e5, 2e5}));
  coded.add(nomo::io::numeric_column("x", {1, 2, 3, 5}));
  const auto by_code = build_table_one(coded, "g", {{"x", "", summary_kind::mean_sd, group_test::none, {}}});
  CHECK(by_code.columns == std::vector<std::string>{"Overall", "1e+05", "2e+05"});
  require_invalid([&] { build_table_one(gaps, "g", {{"grade", "", summary_kind::counts, group_test::none, {"low", "high"}}}); },
                  {"stats::build_table_one: column \"grade\" row 3 = \"mid\": is not one of variables[grade].levels"});
  require_invalid([&] { build_table_one(gaps, "g", {{"grade", "", summary_kind::counts, group_test::none, {"low", "mid", "low", "high"}}}); },
                  {"stats::build_table_one: variables[grade] (Overall), stats::describe_categorical's levels[2] = \"low\": repeats levels[0]"});
  require_invalid([&] { nomo::stats::describe_categorical({"a"}, {"a", "b", "a"}); },
                  {"stats::describe_categorical: levels[2] = \"a\": repeats levels[0]"});
  nomo::io::table no_groups;  // every group label missing: no group at all
  no_groups.add(nomo::io::label_column("g", {"", ""}));
  no_groups.add(nomo::io::numeric_column("x", {1, 2}));
  require_invalid([&] { build_table_one(no_groups, "g", {{"x", "", summary_kind::mean_sd, group_test::automatic, {}}}); },
                  {"group_column = \"g\"", "fewer than two groups"});
  nomo::io::table constant;
  constant.add(nomo::io::label_column("g", {"A", "A", "B", "B"}));
  constant.add(nomo::io::label_column("v", {"yes", "yes", "yes", "yes"}));
  require_invalid([&] { build_table_one(constant, "g", {{"v", "", summary_kind::counts, group_test::automatic, {}}}); },
                  {"stats::build_table_one: variables[v] observed levels = 1: a table test needs at least two", "group_test::none"});
  require_invalid([&] { build_table_one(gaps, "g", {{"x", "", static_cast<summary_kind>(3), group_test::automatic, {}}}); },
                  {"stats::build_table_one: variables[x].kind = 3: unknown summary_kind"});
  require_invalid([&] { build_table_one(gaps, "g", {{"x", "", summary_kind::mean_sd, static_cast<group_test>(-1), {}}}); },
                  {"stats::build_table_one: variables[x].test = -1: unknown group_test"});
}
