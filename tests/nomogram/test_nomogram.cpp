// nomogram axes, scales and patient scores against rms::nomogram (tests/reference/nomogram_fixtures.R)
// and the worked example of rms-spec §5.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/nomogram/nomogram.hpp"
#include "nomo/nomogram/score.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
namespace nm = nomo::nomogram;

namespace {

nomo::glm::logistic_fit fit_fixture_model() {
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("nomogram_data.csv"));
  nomo::model::model_spec spec;
  spec.outcome = "y";
  spec.terms = {nomo::model::rcs("marker", 4), nomo::model::continuous("age"), nomo::model::categorical("grp"),
                nomo::model::cut("gtv", {6, 28}), nomo::model::continuous("sex")};
  return nomo::glm::fit_logistic(nomo::model::make_frame(data, spec));
}

nomo::glm::logistic_fit fit_spec_example() {
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("spline_rms_example_data.csv"));
  nomo::model::model_spec spec;
  spec.outcome = "y";
  spec.terms = {nomo::model::rcs("bmk", 4), nomo::model::continuous("age"), nomo::model::continuous("sex")};
  return nomo::glm::fit_logistic(nomo::model::make_frame(data, spec));
}

void check_scale(const std::vector<double>& values, const std::vector<double>& points, const nomo_test::table& ref,
                 const std::string& axis) {
  std::vector<double> ref_values, ref_points;
  const auto names = ref.text("axis");
  const Eigen::VectorXd v = ref.column("value"), p = ref.column("points");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != axis) continue;
    ref_values.push_back(v(static_cast<Eigen::Index>(i)));
    ref_points.push_back(p(static_cast<Eigen::Index>(i)));
  }
  REQUIRE(values.size() == ref_values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    CHECK_THAT(values[k], WithinAbs(ref_values[k], 1e-12));
    CHECK_THAT(points[k], WithinAbs(ref_points[k], 1e-8));
  }
}

}  // namespace

TEST_CASE("nomogram: term axes match rms for rcs, continuous, factor, cut and 0/1 terms", "[nomogram]") {
  const auto nomo_fit = fit_fixture_model();
  const nm::nomogram n = nm::build_nomogram(nomo_fit);
  const auto scalars = nomo_test::read_values("nomogram_scalars.csv");
  CHECK_THAT(n.points_per_unit, WithinRel(scalars.at("points_per_unit"), 1e-9));
  CHECK_THAT(n.intercept, WithinAbs(scalars.at("intercept"), 1e-9));
  REQUIRE(n.axes.size() == 5);

  const auto axes = nomo_test::read_table("nomogram_axes.csv");
  const auto terms = axes.text("term");
  const Eigen::VectorXd points = axes.column("points");
  const std::vector<std::string> r_names = {"marker", "age", "grp", "gtvc", "sex"};
  for (std::size_t j = 0; j < r_names.size(); ++j) {
    std::vector<double> expected;
    for (std::size_t i = 0; i < terms.size(); ++i)
      if (terms[i] == r_names[j]) expected.push_back(points(static_cast<Eigen::Index>(i)));
    INFO("term " << r_names[j]);
    REQUIRE(n.axes[j].points.size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) CHECK_THAT(n.axes[j].points[k], WithinAbs(expected[k], 1e-8));
  }
  CHECK(n.axes[2].labels == std::vector<std::string>{"A", "B", "C"});
  CHECK(n.axes[4].labels == std::vector<std::string>{"0", "1"});
  CHECK(n.axes[3].discrete);
  CHECK_FALSE(n.axes[0].discrete);
}

TEST_CASE("nomogram: total points, linear predictor and risk axes match rms", "[nomogram]") {
  const nm::nomogram n = nm::build_nomogram(fit_fixture_model());
  const auto scales = nomo_test::read_table("nomogram_scales.csv");
  check_scale(n.total_points_ticks, n.total_points_ticks, scales, "total");
  check_scale(n.linear_predictor.values, n.linear_predictor.points, scales, "lp");
  check_scale(n.probability.values, n.probability.points, scales, "risk");
}

TEST_CASE("nomogram: max_points, intervals and user probability ticks as rms maxscale/nint/fun.at", "[nomogram]") {
  nm::nomogram_options options;
  options.max_points = 10;
  options.intervals = 5;
  options.probability_ticks = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9};
  const nm::nomogram n = nm::build_nomogram(fit_fixture_model(), options);
  const auto ref = nomo_test::read_table("nomogram_options.csv");
  const Eigen::VectorXd value = ref.column("value");
  CHECK_THAT(n.points_per_unit, WithinRel(value(0), 1e-9));
  CHECK_THAT(n.intercept, WithinAbs(value(1), 1e-9));
  std::vector<double> age_points;
  const auto axis = ref.text("axis");
  const Eigen::VectorXd points = ref.column("points");
  for (std::size_t i = 0; i < axis.size(); ++i)
    if (axis[i] == "age") age_points.push_back(points(static_cast<Eigen::Index>(i)));
  REQUIRE(n.axes[1].points.size() == age_points.size());
  for (std::size_t k = 0; k < age_points.size(); ++k) CHECK_THAT(n.axes[1].points[k], WithinAbs(age_points[k], 1e-9));
  check_scale(n.total_points_ticks, n.total_points_ticks, ref, "total");
  check_scale(n.linear_predictor.values, n.linear_predictor.points, ref, "lp");
  check_scale(n.probability.values, n.probability.points, ref, "risk");
  // rms drops the ticks its lp axis does not reach (0.05 and 0.1 have no "risk" row in R's output);
  // nomo lists them.
  CHECK(n.probability.dropped == std::vector<double>{0.05, 0.1});
  CHECK(n.linear_predictor.dropped.empty());
  options.probability_ticks = {0.01};
  const nm::nomogram none_reached = nm::build_nomogram(fit_fixture_model(), options);
  CHECK(none_reached.probability.values.empty());
  CHECK(none_reached.probability.dropped == std::vector<double>{0.01});
}

TEST_CASE("nomogram: patient scores equal rms points and R's predict()", "[nomogram][score]") {
  const auto fit = fit_fixture_model();
  const nm::nomogram n = nm::build_nomogram(fit);
  const auto ref = nomo_test::read_table("nomogram_patients.csv");
  const auto grp = ref.text("grp");
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const auto at = [&](const char* name) { return ref.column(name)(static_cast<Eigen::Index>(i)); };
    nm::patient p;
    p.set("marker", at("marker")).set("age", at("age")).set("grp", grp[i]).set("gtv", at("gtv")).set("sex", at("sex"));
    const nm::patient_score s = nm::score(n, p);
    INFO("patient " << i);
    const char* columns[] = {"points_marker", "points_age", "points_grp", "points_gtvc", "points_sex"};
    for (std::size_t j = 0; j < 5; ++j) CHECK_THAT(s.terms[j].points, WithinAbs(at(columns[j]), 1e-8));
    CHECK_THAT(s.total_points, WithinAbs(at("total_points"), 1e-8));
    CHECK_THAT(s.linear_predictor, WithinAbs(at("lp"), 1e-9));
    CHECK_THAT(s.probability, WithinAbs(at("risk"), 1e-10));
  }
}

TEST_CASE("nomogram: patient::set takes whole numbers, as a user scoring a 0/1 term writes them", "[nomogram][score]") {
  // set("sex", 0) did not compile (0 is also a null label pointer); found by an independent user.
  const nm::nomogram n = nm::build_nomogram(fit_fixture_model());
  nm::patient whole, real;
  whole.set("marker", 3).set("age", 66).set("grp", "C").set("gtv", 12).set("sex", 0);
  real.set("marker", 3.0).set("age", 66.0).set("grp", "C").set("gtv", 12.0).set("sex", 0.0);
  CHECK(whole.values() == real.values());
  CHECK(nm::score(n, whole).total_points == nm::score(n, real).total_points);
  const char* no_label = nullptr;
  nomo_test::require_invalid([&] { nm::patient().set("grp", no_label); }, {"nomogram::patient::set", "level = \"null\""});
}

TEST_CASE("nomogram: a score's linear predictor round-trips with the model's prediction to 1e-12", "[nomogram][score]") {
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("nomogram_data.csv"));
  nomo::model::model_spec spec;
  spec.outcome = "y";
  spec.terms = {nomo::model::rcs("marker", 4), nomo::model::continuous("age"), nomo::model::categorical("grp"),
                nomo::model::cut("gtv", {6, 28}), nomo::model::continuous("sex")};
  const auto frame = nomo::model::make_frame(data, spec);
  const auto fit = nomo::glm::fit_logistic(frame);
  const nm::nomogram n = nm::build_nomogram(fit);

  nomo::io::table people;
  people.add(nomo::io::numeric_column("marker", {3.3, 0.2, 6.1}));
  people.add(nomo::io::numeric_column("age", {66, 25, 90}));
  people.add(nomo::io::label_column("grp", {"C", "A", "B"}));
  people.add(nomo::io::numeric_column("gtv", {12.5, 0.4, 60}));
  people.add(nomo::io::numeric_column("sex", {1, 0, 1}));
  const auto model = nomo::glm::predict(fit, nomo::model::design_matrix(frame, people));
  for (Eigen::Index i = 0; i < 3; ++i) {
    const auto row = static_cast<std::size_t>(i);
    nm::patient p;
    p.set("marker", people.at("marker").numbers[row]).set("age", people.at("age").numbers[row])
        .set("grp", people.at("grp").labels[row]).set("gtv", people.at("gtv").numbers[row])
        .set("sex", people.at("sex").numbers[row]);
    const nm::patient_score s = nm::score(n, p);
    CHECK_THAT(s.linear_predictor, WithinAbs(model.linear_predictor(i), 1e-12));
    CHECK_THAT(s.probability, WithinAbs(model.probability(i), 1e-12));
  }
}

TEST_CASE("nomogram: rms-spec §5 worked example", "[nomogram]") {
  const nm::nomogram n = nm::build_nomogram(fit_spec_example());
  CHECK_THAT(n.points_per_unit, WithinRel(34.4673427307688, 1e-9));
  CHECK_THAT(n.intercept, WithinAbs(-2.48960000024208, 1e-9));
  const std::vector<double> bmk = {63.879241, 29.918618, 0, 14.757004, 40.650034, 52.455806,
                                   61.964645, 71.473483, 80.982322, 90.491161, 100};
  REQUIRE(n.axes[0].points.size() == bmk.size());
  for (std::size_t k = 0; k < bmk.size(); ++k) CHECK_THAT(n.axes[0].points[k], WithinAbs(bmk[k], 1e-6));
  CHECK_THAT(n.axes[2].points[1], WithinAbs(34.242432, 1e-6));
  const std::vector<double> risk_at = {10.077357, 38.027975, 56.605778, 71.834591, 85.809896, 99.785202, 115.01401, 133.59182};
  REQUIRE(n.probability.points.size() == risk_at.size());
  for (std::size_t k = 0; k < risk_at.size(); ++k) {
    CHECK_THAT(n.probability.values[k], WithinAbs(0.1 * static_cast<double>(k + 1), 1e-12));
    CHECK_THAT(n.probability.points[k], WithinAbs(risk_at[k], 1e-5));
  }
  nm::patient one, two;
  one.set("bmk", 1.8).set("age", 55.0).set("sex", 0.0);
  two.set("bmk", 4.2).set("age", 72.0).set("sex", 1.0);
  CHECK_THAT(nm::score(n, one).total_points, WithinAbs(33.1429937282, 1e-8));
  CHECK_THAT(nm::score(n, one).probability, WithinAbs(0.178283084862, 1e-11));
  CHECK_THAT(nm::score(n, two).total_points, WithinAbs(126.876298852, 1e-8));
  CHECK_THAT(nm::score(n, two).linear_predictor, WithinAbs(1.19145832337, 1e-10));
}

TEST_CASE("nomogram: ties in points merge into one labelled tick as in rms", "[nomogram]") {
  nm::term_axis axis;
  axis.values = {1, 2, 3, 4};
  axis.labels = {"1", "2", "3", "4"};
  axis.points = {0, 5, 5, 5};
  nm::detail::merge_tied_ticks(axis);
  CHECK(axis.labels == std::vector<std::string>{"1", "2+"});
  axis.discrete = true;
  axis.values = {1, 2, 3};
  axis.labels = {"a", "b", "c"};
  axis.points = {2, 2, 0};
  nm::detail::merge_tied_ticks(axis);
  CHECK(axis.labels == std::vector<std::string>{"a-b", "c"});
  CHECK(axis.points == std::vector<double>{2, 0});
}

TEST_CASE("nomogram: bad input names the argument and the value", "[nomogram][bad-input]") {
  const nm::nomogram n = nm::build_nomogram(fit_fixture_model());
  nm::patient full;
  full.set("marker", 2.0).set("age", 60.0).set("grp", "A").set("gtv", 10.0).set("sex", 0.0);

  nm::patient missing;
  missing.set("marker", 2.0).set("age", 60.0).set("grp", "A").set("gtv", 10.0);
  CHECK_THROWS_MATCHES(nm::score(n, missing), nomo::invalid_input,
                       Catch::Matchers::Message("nomo::nomogram::score: patient = \"sex\": has no value for this model term"));

  nm::patient unknown_level = full;
  unknown_level.set("grp", "D");
  CHECK_THROWS_WITH(nm::score(n, unknown_level), Catch::StartsWith("nomo::nomogram::score: patient[grp] = \"D\"") &&
                                                   Catch::Contains("unknown level"));

  nm::patient unknown_term = full;
  unknown_term.set("weight", 70.0);
  CHECK_THROWS_WITH(nm::score(n, unknown_term), Catch::Contains("patient[weight]") && Catch::Contains("not a term"));

  nm::patient outside = full;
  outside.set("age", 140.0);
  nm::score_options strict;
  strict.outside = nm::outside_axis::error;
  CHECK_THROWS_WITH(nm::score(n, outside, strict), Catch::Contains("patient[age] = 140") && Catch::Contains("outside the axis"));
  const nm::patient_score flagged = nm::score(n, outside);
  CHECK(flagged.terms[1].outside_axis);
  CHECK(flagged.any_outside_axis);
  CHECK(flagged.terms[1].points > 100);
  // A numeric term with few distinct values has one tick per value (sex: 0 and 1). A value beyond
  // them was scored with no flag and no error (found by an independent check).
  nm::patient beyond_ticks = full;
  beyond_ticks.set("sex", 2.0);
  CHECK(nm::score(n, beyond_ticks).terms[4].outside_axis);
  CHECK_THROWS_WITH(nm::score(n, beyond_ticks, strict), Catch::Contains("patient[sex] = 2: lies outside the axis [0, 1]"));
  CHECK_FALSE(nm::score(n, full).any_outside_axis);

  nm::patient not_finite = full;
  not_finite.set("marker", std::nan(""));
  CHECK_THROWS_WITH(nm::score(n, not_finite), Catch::Contains("patient[marker] = NaN"));

  // The spline's cubes overflow at 1e308: the score was NaN with no error.
  nm::patient overflowing = full;
  overflowing.set("marker", 1e308);
  // Refused by the encoder's basis check, or else by the score's overflow check.
  CHECK_THROWS_WITH(nm::score(n, overflowing), Catch::StartsWith("nomo::nomogram::score: patient[marker] = 1e+308: ") &&
                                                   Catch::Contains("overflow"));

  nm::nomogram_options bad_tick;
  bad_tick.probability_ticks = {0.2, 1.0};
  CHECK_THROWS_MATCHES(nm::build_nomogram(fit_fixture_model(), bad_tick), nomo::invalid_input,
                       Catch::Matchers::Message("nomo::nomogram::nomogram_options::validate: probability_ticks[1] = 1: must lie strictly between 0 and 1"));
  nm::nomogram_options bad_scale;
  bad_scale.max_points = 0;
  CHECK_THROWS_WITH(nm::build_nomogram(fit_fixture_model(), bad_scale), Catch::Contains("max_points = 0"));
  bad_scale.max_points = 100;
  bad_scale.intervals = 0;
  CHECK_THROWS_WITH(nm::build_nomogram(fit_fixture_model(), bad_scale), Catch::Contains("intervals = 0"));

  Eigen::MatrixXd x(6, 1);
  x << 1, 2, 3, 4, 5, 6;
  Eigen::VectorXd y(6);
  y << 0, 1, 0, 1, 1, 0;
  CHECK_THROWS_WITH(nm::build_nomogram(nomo::glm::fit_logistic(x, y)),
                    Catch::Contains("fit.terms.size() = 0") && Catch::Contains("no terms"));

  // Points are proportional to coefficients: no chart from diverging or unfinished ones.
  std::string separated = "y,dose\n";
  for (int i = 0; i < 40; ++i) separated += std::to_string(i >= 20 ? 1 : 0) + "," + std::to_string(i) + "\n";
  const nomo::model::model_spec dose_only{"y", {nomo::model::continuous("dose")}};
  const auto apart = nomo::glm::fit_logistic(nomo::model::make_frame(nomo::io::parse_csv(separated), dose_only));
  REQUIRE(apart.separation.detected);
  CHECK_THROWS_WITH(nm::build_nomogram(apart), Catch::Contains("fit.separation = \"complete\"") && Catch::Contains("Firth"));
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("nomogram_data.csv"));
  nomo::glm::irls_options one_step;
  one_step.max_iterations = 1;
  const auto unfinished = nomo::glm::fit_logistic(
      nomo::model::make_frame(data, {"y", {nomo::model::continuous("age"), nomo::model::continuous("sex")}}), one_step);
  REQUIRE_FALSE(unfinished.converged);
  CHECK_THROWS_WITH(nm::build_nomogram(unfinished), Catch::Contains("fit.converged = false"));
}

TEST_CASE("nomogram: a fit or nomogram whose vectors were edited to disagree is refused, naming sizes",
          "[nomogram][bad-input]") {
  // The fixture model's terms: rcs(marker, 4) takes design columns 0-2, so coefficients 1-3.
  const nomo::glm::logistic_fit fit = fit_fixture_model();
  nomo::glm::logistic_fit shortened = fit;
  shortened.coefficients.conservativeResize(2);  // stopped on an Eigen assertion
  nomo_test::require_invalid([&] { nm::build_nomogram(shortened); }, "fit.coefficients.size()", "2");
  CHECK_THROWS_WITH(nm::build_nomogram(shortened),
                    Catch::Contains("must equal fit.names.size() = " + std::to_string(fit.names.size())));
  shortened.names.resize(2);  // names and coefficients agree, the terms still need 8 coefficients
  nomo_test::require_invalid([&] { nm::build_nomogram(shortened); }, "fit.terms[0].columns[1]", "1");
  CHECK_THROWS_WITH(nm::build_nomogram(shortened), Catch::Contains("fit.coefficients.size() = 2"));

  const nm::nomogram chart = nm::build_nomogram(fit);
  nm::patient full;
  full.set("marker", 2.0).set("age", 60.0).set("grp", "A").set("gtv", 10.0).set("sex", 0.0);
  nm::nomogram cut_coefficients = chart;
  cut_coefficients.coefficients.conservativeResize(2);
  nomo_test::require_invalid([&] { nm::score(cut_coefficients, full); }, "nomo.terms[0].columns[1]", "1");
  nm::nomogram cut_axes = chart;
  cut_axes.axes.pop_back();
  nomo_test::require_invalid([&] { nm::score(cut_axes, full); }, "nomo.axes.size()", "4");
  CHECK_THROWS_WITH(nm::score(cut_axes, full), Catch::Contains("must equal nomo.terms.size() = 5"));
}
