// Cut-off finders against R: OR-curve and band crossings (uniroot on the rms curve,
// spline_effect.R), maxstat Lau94/Lau92 and pROC Youden with R's bootstrap stream (spline_cutoff.R).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/spline/cutoff.hpp"
#include "paper_model.hpp"

namespace {

std::vector<double> crossings_of(const nomo_test::table& ref, const std::string& model, const std::string& curve) {
  const auto models = ref.text("model");
  const auto curves = ref.text("curve");
  const Eigen::VectorXd x = ref.column("x");
  std::vector<double> out;
  for (std::size_t r = 0; r < ref.size(); ++r)
    if (models[r] == model && curves[r] == curve) out.push_back(x(static_cast<Eigen::Index>(r)));
  return out;
}

Eigen::VectorXd paper_column(const std::string& name) {
  return nomo_test::read_table("spline_rms_example_data.csv").column(name);
}

}  // namespace

namespace {

// spline_effect.R scans the whole data range, as the data_range option does.
nomo::spline::crossing_options whole_data_range() {
  nomo::spline::crossing_options options;
  options.range = nomo::spline::effect_range::data_range;
  return options;
}

}  // namespace

TEST_CASE("or_crossings finds every crossing of the OR curve and its band, as uniroot on the rms curve", "[spline][cutoff]") {
  const nomo_test::table ref = nomo_test::read_table("spline_effect_crossings.csv");
  for (const std::string model : {"default", "knots5", "given"}) {
    INFO(model);
    const auto report = nomo::spline::or_crossings(spline_test::paper_fit(model), "bmk", whole_data_range());
    CHECK(report.reference == 2.665);
    const auto estimate = crossings_of(ref, model, "estimate");
    REQUIRE(report.crossings.size() == estimate.size());
    for (std::size_t k = 0; k < estimate.size(); ++k) CHECK(report.crossings[k].x == Approx(estimate[k]).epsilon(1e-9));
    CHECK_THAT(report.lower_band, Catch::Matchers::Approx(crossings_of(ref, model, "lower")).epsilon(1e-9));
    CHECK_THAT(report.upper_band, Catch::Matchers::Approx(crossings_of(ref, model, "upper")).epsilon(1e-9));
  }
}

TEST_CASE("or_crossings brackets each crossing by the nearest band crossings", "[spline][cutoff]") {
  // default model: OR < 1 between the crossing at 1.766 and the reference 2.665, the upper limit
  // dips below 1 just left of the reference (2.656), nothing bounds the crossing from below.
  const auto report = nomo::spline::or_crossings(spline_test::paper_fit("default"), "bmk", whole_data_range());
  REQUIRE(report.crossings.size() == 1);
  const auto& c = report.crossings[0];
  CHECK_FALSE(c.rising);
  CHECK_FALSE(c.low_bounded);
  CHECK(c.interval_low == report.data_min);
  CHECK(c.high_bounded);
  CHECK(c.interval_high == Approx(2.6562527613460887).epsilon(1e-9));
}

TEST_CASE("or_crossings searches rms Predict's default range unless asked for the data range", "[spline][cutoff]") {
  // The ends of R's Predict(fit, bmk) grid (spline_effect_curves.csv) are datadist's prediction
  // limits; by default or_crossings reports exactly the whole-range crossings inside them.
  const nomo_test::table curves = nomo_test::read_table("spline_effect_curves.csv");
  const nomo_test::table ref = nomo_test::read_table("spline_effect_crossings.csv");
  for (const std::string model : {"default", "knots5", "given"}) {
    INFO(model);
    std::vector<double> predict_x;
    const auto models = curves.text("model"), variables = curves.text("variable");
    const Eigen::VectorXd x = curves.column("x");
    for (std::size_t r = 0; r < curves.size(); ++r) {
      if (models[r] == model && variables[r] == "bmk") predict_x.push_back(x(static_cast<Eigen::Index>(r)));
    }
    const auto report = nomo::spline::or_crossings(spline_test::paper_fit(model), "bmk");
    CHECK(report.range_low == Approx(predict_x.front()).epsilon(1e-12));
    CHECK(report.range_high == Approx(predict_x.back()).epsilon(1e-12));
    const auto inside = [&](const std::string& curve) {
      std::vector<double> kept;
      for (const double v : crossings_of(ref, model, curve)) {
        if (v >= predict_x.front() && v <= predict_x.back()) kept.push_back(v);
      }
      return kept;
    };
    std::vector<double> estimate;
    for (const auto& c : report.crossings) estimate.push_back(c.x);
    CHECK_THAT(estimate, Catch::Matchers::Approx(inside("estimate")).epsilon(1e-9));
    CHECK_THAT(report.lower_band, Catch::Matchers::Approx(inside("lower")).epsilon(1e-9));
    CHECK_THAT(report.upper_band, Catch::Matchers::Approx(inside("upper")).epsilon(1e-9));
    const auto curve = nomo::spline::odds_ratio_curve(spline_test::paper_fit(model), "bmk");
    CHECK(curve.x.front() == report.range_low);
    CHECK(curve.x.back() == report.range_high);
  }
}

TEST_CASE("or_crossings of a linear term lists no crossing but the reference", "[spline][cutoff]") {
  const auto report = nomo::spline::or_crossings(spline_test::paper_fit("default"), "age");
  CHECK(report.crossings.empty());
}

TEST_CASE("maxstat_cutoff matches maxstat.test(smethod = Data) with Lau94 and Lau92 P", "[spline][cutoff]") {
  const nomo_test::table ref = nomo_test::read_table("spline_cutoff_maxstat.csv");
  const auto variables = ref.text("variable");
  const Eigen::VectorXd minprop = ref.column("minprop"), maxprop = ref.column("maxprop"), cut = ref.column("cutpoint"),
                        stat = ref.column("statistic"), p94 = ref.column("p_lau94"), p92 = ref.column("p_lau92"),
                        candidates = ref.column("candidates"), pearson = ref.column("pearson");
  const Eigen::VectorXd y = paper_column("y");
  const double n = static_cast<double>(y.size());
  for (std::size_t r = 0; r < ref.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    INFO(variables[r] << " minprop " << minprop(i));
    const auto m = nomo::spline::maxstat_cutoff(paper_column(variables[r]), y, {minprop(i), maxprop(i)});
    CHECK(m.cutpoint == cut(i));
    CHECK(m.statistic == Approx(stat(i)).epsilon(1e-12));
    CHECK(m.p_lausen94 == Approx(p94(i)).epsilon(1e-10));
    CHECK(m.p_lausen92 == Approx(p92(i)).epsilon(1e-10));
    CHECK(m.cutpoints.size() == static_cast<std::size_t>(candidates(i)));
    CHECK(m.chi_square == Approx(pearson(i) * (n - 1) / n).epsilon(1e-12));  // closed form: M² = (n-1)/n χ²
    CHECK(m.p_unadjusted < m.p_lausen94);
  }
}

TEST_CASE("youden_cutoff matches pROC coords best and an R bootstrap with the same seed", "[spline][cutoff]") {
  const nomo_test::table ref = nomo_test::read_table("spline_cutoff_youden.csv");
  const auto variables = ref.text("variable");
  const Eigen::VectorXd thr = ref.column("threshold"), se = ref.column("sensitivity"), sp = ref.column("specificity"),
                        ties = ref.column("ties"), finite = ref.column("finite"), lo = ref.column("low"), hi = ref.column("high");
  const Eigen::VectorXd y = paper_column("y");
  nomo::spline::youden_cutoff_options options;
  options.bootstrap_replicates = 200;
  options.seed = 2026;
  for (std::size_t r = 0; r < ref.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    INFO(variables[r]);
    const auto c = nomo::spline::youden_cutoff(paper_column(variables[r]), y, options);
    CHECK(c.direction == nomo::eval::score_direction::cases_higher);  // pROC chose "<"
    CHECK(c.threshold == Approx(thr(i)).epsilon(1e-14));
    CHECK(c.sensitivity == Approx(se(i)).epsilon(1e-14));
    CHECK(c.specificity == Approx(sp(i)).epsilon(1e-14));
    CHECK(c.tied_thresholds == static_cast<std::size_t>(ties(i)));
    CHECK(c.replicates_used == static_cast<int>(finite(i)));
    CHECK(c.replicates_failed == 200 - static_cast<int>(finite(i)));
    REQUIRE(c.interval_computed);
    CHECK(c.interval_low == Approx(lo(i)).epsilon(1e-12));
    CHECK(c.interval_high == Approx(hi(i)).epsilon(1e-12));
  }
}

using nomo_test::require_invalid;

TEST_CASE("cut-off finders reject bad input naming the argument and value", "[spline][cutoff][bad-input]") {
  using namespace nomo::spline;
  const auto fit = spline_test::paper_fit("default");
  require_invalid([&] { or_crossings(fit, "volume"); }, "term", "\"volume\"");
  nomo::spline::crossing_options bad_range;
  bad_range.range = static_cast<nomo::spline::effect_range>(7);
  require_invalid([&] { or_crossings(fit, "bmk", bad_range); }, "range", "7");
  crossing_options outside;
  outside.reference = -3.0;
  require_invalid([&] { or_crossings(fit, "bmk", outside); }, "reference", "-3");
  crossing_options scan;
  scan.band_scan_points = 1;
  require_invalid([&] { or_crossings(fit, "bmk", scan); }, "band_scan_points", "1");

  const Eigen::VectorXd x = paper_column("bmk"), y = paper_column("y");
  Eigen::VectorXd y_bad = y;
  y_bad(5) = 3;
  require_invalid([&] { youden_cutoff(x, y_bad); }, "y[5]", "3");
  require_invalid([&] { youden_cutoff(x.head(10), y); }, "x.size()", "10");
  require_invalid([&] { youden_cutoff(x, Eigen::VectorXd::Zero(x.size())); }, "y (events)", "0");
  // A constant marker: pROC's best threshold is -Inf (independent hostile-input check).
  require_invalid([&] { youden_cutoff(Eigen::VectorXd::Constant(x.size(), 2.5), y); }, "x", "2.5");
  youden_cutoff_options negative;
  negative.bootstrap_replicates = -1;
  require_invalid([&] { youden_cutoff(x, y, negative); }, "bootstrap_replicates", "-1");
  youden_cutoff_options unknown_direction;
  unknown_direction.direction = static_cast<nomo::eval::score_direction>(7);  // was refused by eval::roc, under its name
  CHECK_THROWS_WITH(youden_cutoff(x, y, unknown_direction),
                    Catch::Contains("nomo::spline::youden_cutoff_options::validate: direction = 7: unknown score_direction"));

  Eigen::VectorXd x_bad = x;
  x_bad(2) = std::nan("");
  require_invalid([&] { maxstat_cutoff(x_bad, y); }, "x[2]", "NaN");
  require_invalid([&] { maxstat_cutoff(x, y, {0.6, 0.4}); }, "max_proportion", "0.40000000000000002");
  require_invalid([&] { maxstat_cutoff(Eigen::VectorXd::Constant(8, 1.0), y.head(8)); }, "x (distinct values)", "1");
  Eigen::VectorXd two_values = Eigen::VectorXd::Constant(8, 1.0);
  two_values(7) = 2;  // the only cut leaves 7 of 8 below, beyond floor(8 · 0.8)
  require_invalid([&] { maxstat_cutoff(two_values, y.head(8), {0.1, 0.8}); }, "x (distinct values)", "2");
}
