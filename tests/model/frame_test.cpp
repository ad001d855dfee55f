// model/frame.hpp: model frames against R. The cohort, the rms design (lrm(x = TRUE)$x with its
// column names and source rows), knots and datadist limits come from tests/reference/frame_fixtures.R.
#include "nomo/model/frame.hpp"

#include "fixture.hpp"
#include "rounding.hpp"
#include "r_design.hpp"

using namespace nomo::model;
using nomo_test::require_design;
using nomo_test::without_inf_padding;

namespace {

nomo::io::table frame_cohort() { return nomo::io::read_csv(nomo_test::fixture_path("frame_fixtures_data.csv")); }

/// The model of frame_fixtures.R: lrm(y ~ rcs(bmk, 4) + age + grp + sex + gtv + stage + smoker) with
/// gtv cut [a,b) at 6 and 28, stage a factor and smoker a numeric 0/1 column.
model_spec paper_like_spec() {
  return model_spec{"y", {rcs("bmk", 4), continuous("age"), categorical("grp"), binary("sex"), cut("gtv", {6, 28}),
                          categorical("stage"), binary("smoker")}};
}

double fixture_value(const nomo_test::table& t, const std::string& source, const std::string& variable,
                     const std::string& statistic) {
  const auto sources = t.text("source"), variables = t.text("variable"), statistics = t.text("statistic"),
             values = t.text("value");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (sources[i] == source && variables[i] == variable && statistics[i] == statistic) return std::stod(values[i]);
  }
  throw std::runtime_error("no datadist fixture " + source + "/" + variable + "/" + statistic);
}

std::string fixture_text(const nomo_test::table& t, const std::string& source, const std::string& variable) {
  const auto sources = t.text("source"), variables = t.text("variable"), values = t.text("value");
  for (std::size_t i = 0; i < sources.size(); ++i)
    if (sources[i] == source && variables[i] == variable) return values[i];
  throw std::runtime_error("no datadist fixture " + source + "/" + variable);
}

void require_summary(const variable_summary& s, const nomo_test::table& t, const std::string& source,
                     const std::string& variable) {
  INFO(source << " " << variable);
  // Type-7 quantiles: R's digits (to the last bits where this build fuses multiply-adds).
  CHECK(nomo_test::same_digits(s.low_effect, fixture_value(t, source, variable, "Low:effect")));
  CHECK(nomo_test::same_digits(s.adjust_to, fixture_value(t, source, variable, "Adjust to")));
  CHECK(nomo_test::same_digits(s.high_effect, fixture_value(t, source, variable, "High:effect")));
  CHECK(s.low_prediction == Approx(fixture_value(t, source, variable, "Low:prediction")).epsilon(1e-15));
  CHECK(s.high_prediction == Approx(fixture_value(t, source, variable, "High:prediction")).epsilon(1e-15));
  CHECK(s.min == fixture_value(t, source, variable, "Low"));
  CHECK(s.max == fixture_value(t, source, variable, "High"));
}

}  // namespace

TEST_CASE("make_frame reproduces rms' design matrix, column names and complete rows") {
  const auto data = frame_cohort();
  const auto frame = make_frame(data, paper_like_spec());
  require_design(frame, nomo_test::read_table("frame_fixtures_design.csv"));
  const Eigen::VectorXd y_all = nomo_test::read_table("frame_fixtures_data.csv").column("y");
  for (std::size_t i = 0; i < frame.rows.size(); ++i) CHECK(frame.y(static_cast<Eigen::Index>(i)) == y_all(static_cast<Eigen::Index>(frame.rows[i])));
  CHECK(frame.event_level == "1");

  const term& bmk = frame.term_named("bmk");
  CHECK(bmk.kind == term_kind::rcs);
  CHECK(bmk.columns == std::vector<Eigen::Index>{0, 1, 2});
  CHECK(bmk.nonlinear_columns == std::vector<Eigen::Index>{1, 2});
  CHECK(frame.term_named("grp").levels == std::vector<std::string>{"A", "B", "C"});
  CHECK(frame.term_named("gtv").columns == std::vector<Eigen::Index>{7, 8});
}

TEST_CASE("make_frame takes rcs knots from all non-missing values, before incomplete rows go") {
  const auto data = frame_cohort();
  const auto knots = nomo_test::read_table("frame_fixtures_knots.csv");
  const auto models = knots.text("model");
  const Eigen::VectorXd values = knots.column("knot");
  for (const auto& [model, n_knots] : {std::pair{"rcs4_in_model", 4}, std::pair{"rcs3", 3}, std::pair{"rcs5", 5}}) {
    std::vector<double> expected;
    for (std::size_t i = 0; i < models.size(); ++i)
      if (models[i] == model) expected.push_back(values(static_cast<Eigen::Index>(i)));
    model_spec spec{"y", {rcs("bmk", n_knots), continuous("age")}};
    const auto frame = make_frame(data, spec);
    INFO(model);
    const auto& knots_made = frame.term_named("bmk").knots;
    REQUIRE(knots_made.size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) CHECK(nomo_test::same_digits(knots_made[k], expected[k]));
  }
}

TEST_CASE("make_frame cuts right-closed and relevels as R's cut(right = TRUE) and relevel()") {
  model_spec spec{"y", {cut("gtv", {6, 28}, {}, interval_closure::right_closed), categorical("grp", {}, "C"),
                        categorical("stage")}};
  const auto frame = make_frame(frame_cohort(), spec);
  require_design(frame, nomo_test::read_table("frame_fixtures_right.csv"));
  CHECK(frame.term_named("grp").levels == std::vector<std::string>{"C", "A", "B"});
}

TEST_CASE("make_frame records datadist limits on all values (default) or on the complete cases") {
  const auto limits = nomo_test::read_table("frame_fixtures_datadist.csv");
  const auto data = frame_cohort();
  for (const auto& [source, rows] : {std::pair{"all", datadist_rows::all_non_missing},
                                     std::pair{"complete", datadist_rows::complete_cases}}) {
    model_spec spec = paper_like_spec();
    spec.summary_rows = rows;
    const auto frame = make_frame(data, spec);
    require_summary(frame.term_named("bmk").summary, limits, source, "bmk");
    require_summary(frame.term_named("age").summary, limits, source, "age");
    require_summary(frame.term_named("gtv").summary, limits, source, "gtv_num");
    const auto& smoker = frame.term_named("smoker").summary;
    require_summary(smoker, limits, source, "smoker");
    CHECK(smoker.values == std::vector<double>{fixture_value(limits, source, "smoker", "value1"),
                                               fixture_value(limits, source, "smoker", "value2")});
    for (const std::string name : {"grp", "sex", "gtv", "stage"}) {
      INFO(source << " " << name);
      CHECK(frame.term_named(name).adjust_level == without_inf_padding(fixture_text(limits, source, name)));
    }
  }
}

TEST_CASE("make_frame's datadist takes q.display from the table's first qualifying column, as rms does") {
  // n = 300 with 43 missing doses and 42 missing ages: rms sets q.display = 10/257 at dose, the
  // first numeric column with 4+ distinct values, and keeps it for age, even in a model without dose.
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("frame_fixtures_large_data.csv"));
  const auto limits = nomo_test::read_table("frame_fixtures_large_datadist.csv");
  for (const auto& [source, rows] : {std::pair{"all", datadist_rows::all_non_missing},
                                     std::pair{"complete", datadist_rows::complete_cases}}) {
    INFO(source);
    model_spec age_only{"y", {nomo::model::continuous("age")}};
    age_only.summary_rows = rows;
    require_summary(make_frame(data, age_only).term_named("age").summary, limits, source, "age");
  }
  model_spec both{"y", {nomo::model::continuous("age"), nomo::model::continuous("dose")}};
  const auto frame = make_frame(data, both);
  require_summary(frame.term_named("age").summary, limits, "all", "age");
  require_summary(frame.term_named("dose").summary, limits, "all", "dose");
}

TEST_CASE("make_frame reports the rows it dropped, in total and per column") {
  const auto frame = make_frame(frame_cohort(), paper_like_spec());
  // frame_fixtures.R sets age NA in rows 5, 22, 37, bmk in 11, 50 and grp in 29 (1-based).
  CHECK(frame.missing.rows_in_table == 60);
  CHECK(frame.missing.rows_dropped == 6);
  CHECK(frame.missing.rows_used == 54);
  std::vector<std::pair<std::string, std::size_t>> by_column;
  for (const auto& m : frame.missing.by_column) by_column.emplace_back(m.column, m.rows);
  CHECK(by_column == std::vector<std::pair<std::string, std::size_t>>{
                         {"y", 0}, {"bmk", 2}, {"age", 3}, {"grp", 1}, {"sex", 0}, {"gtv", 0}, {"stage", 0}, {"smoker", 0}});
}

TEST_CASE("design_matrix and encode re-encode new values with the frozen encoding") {
  const auto data = frame_cohort();
  const auto frame = make_frame(data, paper_like_spec());
  // The complete rows of the cohort, as a new table, give back the frame's design.
  nomo::io::table complete;
  for (const auto& c : data.columns) {
    nomo::io::column kept = c;
    kept.missing.clear();
    if (c.is_numeric()) kept.numbers.clear();
    else kept.labels.clear();
    for (std::size_t i : frame.rows) {
      kept.missing.push_back(false);
      if (c.is_numeric()) kept.numbers.push_back(c.numbers[i]);
      else kept.labels.push_back(c.labels[i]);
    }
    complete.add(kept);
  }
  CHECK(design_matrix(frame, complete) == frame.x);

  // rms-spec §1.2: with knots 1.3745 2.1575 3.3855 4.9575 the basis at 3.5 is
  // (3.5, 0.747713015917911, 0.18826478274833).
  term spline;
  spline.name = "bmk";
  spline.kind = term_kind::rcs;
  spline.knots = {1.3745, 2.1575, 3.3855, 4.9575};
  spline.columns = {0, 1, 2};
  spline.column_names = {"bmk", "bmk'", "bmk''"};
  const Eigen::RowVectorXd row = encode(spline, 3.5);
  CHECK(row(0) == 3.5);
  CHECK(row(1) == Approx(0.747713015917911).epsilon(1e-13));
  CHECK(row(2) == Approx(0.18826478274833).epsilon(1e-13));

  const term& gtv = frame.term_named("gtv");
  CHECK(encode(gtv, 28.0) == Eigen::RowVector2d(0, 1));
  CHECK(encode(gtv, "[6,28)") == Eigen::RowVector2d(1, 0));
  CHECK(encode(frame.term_named("stage"), 3.0) == Eigen::RowVector2d(0, 1));
  CHECK(encode(frame.term_named("grp"), "A") == Eigen::RowVector2d(0, 0));
}

TEST_CASE("make_frame codes a two-valued label outcome with the named event level") {
  const auto data = nomo::io::parse_csv(
      "status,dose\nrelapse,1\nfree,2\nfree,3\nrelapse,4\nfree,5\nrelapse,6\n");
  model_spec spec{"status", {continuous("dose")}, "relapse"};
  const auto frame = make_frame(data, spec);
  CHECK(frame.y == (Eigen::VectorXd(6) << 1, 0, 0, 1, 0, 1).finished());
  CHECK(frame.event_level == "relapse");
}

TEST_CASE("variable() takes numeric columns as continuous and label columns as categorical") {
  const auto frame = make_frame(frame_cohort(), model_spec{"y", {variable("age"), variable("grp")}});
  CHECK(frame.term_named("age").kind == term_kind::continuous);
  CHECK(frame.term_named("grp").kind == term_kind::categorical);
  CHECK(frame.column_names == std::vector<std::string>{"age", "grp=B", "grp=C"});
}

TEST_CASE("make_frame merges numeric codes that R writes alike into one level, as factor() does") {
  // 0.1 + 0.2 is 0.30000000000000004; R's factor() matches values by their as.character() text,
  // "0.3" for both, so the column has the levels 0.1 and 0.3 (closed form: 2 rows of each).
  const auto data = nomo::io::parse_csv("y,code\n0,0.1\n1,0.3\n0,0.1\n1,0.30000000000000004\n");
  REQUIRE(data.at("code").numbers[3] == 0.1 + 0.2);
  const auto frame = make_frame(data, model_spec{"y", {categorical("code")}});
  CHECK(frame.term_named("code").levels == std::vector<std::string>{"0.1", "0.3"});
  CHECK(frame.column_names == std::vector<std::string>{"code=0.3"});
  CHECK(frame.x.col(0) == (Eigen::VectorXd(4) << 0, 1, 0, 1).finished());
}
