// nomo::survival::kaplan_meier, survival_at, cumulative_incidence against survival::survfit
// (tests/reference/survival_km.R) and the rms-spec §8 worked example.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "nomo/survival/kaplan_meier.hpp"
#include "invalid_input.hpp"
#include "survival_fixture.hpp"

namespace {

using nomo::survival::confidence_type;
using nomo::survival::kaplan_meier;
using nomo::survival::km_options;

// Equal within a relative tolerance of 1e-10, or both NaN (R's NA), or the same infinity.
bool same(double actual, double expected) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  return std::fabs(actual - expected) <= 1e-10 * std::max(1.0, std::fabs(expected));
}

double or_nan(const std::optional<double>& v) { return v ? *v : std::nan(""); }

const std::map<std::string, confidence_type> conf_types{
    {"log", confidence_type::log}, {"log-log", confidence_type::log_log}, {"plain", confidence_type::plain}};

nomo::survival::kaplan_meier_fit fit_for(const nomo_test::survival_set& d, const std::string& conf, bool by_group) {
  const km_options options{conf_types.at(conf), 0.95};
  return by_group ? kaplan_meier(d.time, d.status, d.group, options) : kaplan_meier(d.time, d.status, options);
}

const nomo::survival::survival_curve& curve_named(const nomo::survival::kaplan_meier_fit& fit,
                                                  const std::string& group) {
  return group == "overall" ? fit.curves.front() : nomo::survival::curve_of(fit, group);
}

}  // namespace

TEST_CASE("kaplan_meier matches survfit row by row for every data set and interval type") {
  const auto expected = nomo_test::read_table("survival_km_curves.csv");
  for (const std::string dataset : {"example", "aml", "veteran", "handmade"}) {
    const auto data = nomo_test::read_survival_set(dataset);
    for (const auto& [conf, type] : conf_types) {
      for (const bool by_group : {false, true}) {
        const auto fit = fit_for(data, conf, by_group);
        for (const auto& curve : fit.curves) {
          const std::string label = by_group ? curve.group : "overall";
          const auto rows = nomo_test::rows_where(expected, {{"dataset", dataset}, {"conf_type", conf}, {"group", label}});
          INFO(dataset << " " << conf << " " << label);
          REQUIRE(rows.size() == curve.time.size());
          for (std::size_t k = 0; k < rows.size(); ++k) {
            const auto cell = [&](const char* column) { return std::stod(expected.rows[rows[k]].at(expected.index(column))); };
            const auto number = [&](const char* column) {
              const std::string& s = expected.rows[rows[k]].at(expected.index(column));
              return s == "NA" || s == "NaN" ? std::nan("") : s == "Inf" ? HUGE_VAL : std::stod(s);
            };
            CHECK(curve.time[k] == cell("time"));
            CHECK(static_cast<double>(curve.n_risk[k]) == cell("n_risk"));
            CHECK(static_cast<double>(curve.n_event[k]) == cell("n_event"));
            CHECK(static_cast<double>(curve.n_censor[k]) == cell("n_censor"));
            CHECK(same(curve.survival[k], number("surv")));
            CHECK(same(curve.std_err[k], number("std_err")));
            CHECK(same(curve.lower[k], number("lower")));
            CHECK(same(curve.upper[k], number("upper")));
          }
        }
      }
    }
  }
}

TEST_CASE("kaplan_meier medians and their limits follow survmean, including the 0.5 midpoint rule") {
  const auto expected = nomo_test::read_table("survival_km_medians.csv");
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const auto& row = expected.rows[r];
    const auto value = [&](const char* column) { return expected.column(column)(static_cast<Eigen::Index>(r)); };
    const auto data = nomo_test::read_survival_set(row.at(0));
    const auto fit = fit_for(data, row.at(1), row.at(2) != "overall");
    const auto& curve = curve_named(fit, row.at(2));
    INFO(row.at(0) << " " << row.at(1) << " " << row.at(2));
    CHECK(static_cast<double>(curve.n) == value("n"));
    CHECK(static_cast<double>(curve.events) == value("events"));
    CHECK(same(or_nan(curve.median), value("median")));
    CHECK(same(or_nan(curve.median_lower), value("lcl")));
    CHECK(same(or_nan(curve.median_upper), value("ucl")));
  }
}

TEST_CASE("kaplan_meier reproduces the rms-spec section 8 worked example") {
  const auto data = nomo_test::read_survival_set("example");
  const auto overall = kaplan_meier(data.time, data.status).curves.front();
  CHECK(overall.events == 114);
  CHECK(*overall.median == Approx(4.74).margin(1e-12));
  CHECK(*overall.median_lower == Approx(3.2).margin(1e-12));
  CHECK(*overall.median_upper == Approx(6.6).margin(1e-12));
  const auto at10 = nomo::survival::survival_at(overall, {10.0});
  CHECK(at10.survival[0] == Approx(0.264828175263).epsilon(1e-11));
  CHECK(at10.std_err[0] == Approx(0.0398643029042).epsilon(1e-11));
  CHECK(at10.lower[0] == Approx(0.197166772450).epsilon(1e-11));
  CHECK(at10.upper[0] == Approx(0.355708832385).epsilon(1e-11));
  const auto by_sex = kaplan_meier(data.time, data.status, data.group);
  CHECK(*by_sex.curves[0].median == Approx(7.23).margin(1e-12));
  CHECK(*by_sex.curves[0].median_lower == Approx(4.12).margin(1e-12));
  CHECK(*by_sex.curves[0].median_upper == Approx(11.35).margin(1e-12));
  CHECK(*by_sex.curves[1].median == Approx(2.54).margin(1e-12));
  CHECK(*by_sex.curves[1].median_lower == Approx(1.90).margin(1e-12));
  CHECK(*by_sex.curves[1].median_upper == Approx(5.31).margin(1e-12));
}

TEST_CASE("survival_at matches summary.survfit(times =, extend = TRUE)") {
  const auto expected = nomo_test::read_table("survival_km_at_times.csv");
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const auto& row = expected.rows[r];
    const auto value = [&](const char* column) { return expected.column(column)(static_cast<Eigen::Index>(r)); };
    const auto data = nomo_test::read_survival_set(row.at(0));
    const auto fit = fit_for(data, "log", row.at(1) != "overall");
    const auto at = nomo::survival::survival_at(curve_named(fit, row.at(1)), {value("time")});
    INFO(row.at(0) << " " << row.at(1) << " t = " << value("time"));
    CHECK(same(at.survival[0], value("surv")));
    CHECK(same(at.std_err[0], value("std_err_surv")));
    CHECK(same(at.lower[0], value("lower")));
    CHECK(same(at.upper[0], value("upper")));
    CHECK(static_cast<double>(at.n_risk[0]) == value("n_risk"));
  }
}

TEST_CASE("cumulative_incidence is 1 - S with mirrored limits (closed form)") {
  const auto data = nomo_test::read_survival_set("aml");
  const auto curve = kaplan_meier(data.time, data.status).curves.front();
  const auto incidence = nomo::survival::cumulative_incidence(curve);
  REQUIRE(incidence.time == curve.time);
  for (std::size_t k = 0; k < curve.time.size(); ++k) {
    CHECK(incidence.incidence[k] == 1 - curve.survival[k]);
    CHECK(incidence.lower[k] == 1 - curve.upper[k]);
    CHECK(incidence.upper[k] == 1 - curve.lower[k]);
  }
}

TEST_CASE("kaplan_meier merges times equal within sqrt(eps) as survfit's aeqSurv does") {
  const auto fit = kaplan_meier({1.0, 1.0 + 1e-12, 2.0, 3.0}, {1, 1, 0, 1});
  const auto& curve = fit.curves.front();
  REQUIRE(curve.time.size() == 3);
  CHECK(curve.n_event[0] == 2);
  CHECK(curve.survival[0] == Approx(0.5));
}

TEST_CASE("kaplan_meier's tie tolerance stays finite for times near DBL_MAX, as R's long double mean") {
  // survfit(Surv(c(1e308, 1.5e308, 1.5e308 + 1e293), 1) ~ 1): times 1e308, 1.5e308; S 2/3, 0.
  // A double sum of the times overflows; the tolerance would then merge every time into the first.
  const auto near_max = kaplan_meier({1e308, 1.5e308, 1.5e308 + 1e293}, {1, 1, 1}).curves.front();
  REQUIRE(near_max.time.size() == 2);
  CHECK(near_max.time[1] == 1.5e308);
  CHECK(near_max.survival[0] == Approx(2.0 / 3.0));
  CHECK(near_max.survival[1] == 0.0);
  // survfit(Surv(c(0, 1e-300, 1e308, 1.797e308), 1) ~ 1): times 0, 1e308, 1.797e308; S .5, .25, 0.
  const auto spread = kaplan_meier({0, 1e-300, 1e308, 1.797e308}, {1, 1, 1, 1}).curves.front();
  REQUIRE(spread.time.size() == 3);
  CHECK(spread.survival[0] == Approx(0.5));
  CHECK(spread.survival[1] == Approx(0.25));
  CHECK(spread.time[2] == 1.797e308);
}

TEST_CASE("kaplan_meier names numeric groups as R's factor() does") {
  // levels(factor(c(1e5, 1e5, 1e-4, -0, 0.3, 0.1 + 0.2))) in R: "0" "1e-04" "0.3" "1e+05"; the
  // strata of survfit carry the same names. 0.3 and 0.1 + 0.2 differ in the 17th digit only and
  // are one level, as their as.character() texts are equal.
  const auto fit = kaplan_meier({1, 2, 3, 4, 5, 6}, {1, 1, 1, 0, 1, 1},
                                std::vector<double>{1e5, 1e5, 1e-4, -0.0, 0.3, 0.1 + 0.2});
  REQUIRE(fit.curves.size() == 4);
  CHECK(fit.curves[0].group == "0");
  CHECK(fit.curves[1].group == "1e-04");
  CHECK(fit.curves[2].group == "0.3");
  CHECK(fit.curves[3].group == "1e+05");
  CHECK(nomo::survival::curve_of(fit, "0.3").time.size() == 2);  // times 5 and 6, both events
}

TEST_CASE("kaplan_meier and friends reject bad input, naming argument and value") {
  using nomo_test::require_invalid;
  require_invalid([&] { kaplan_meier({1, -2, 3}, {1, 0, 1}); }, {"time[1] = -2"});
  require_invalid([&] { kaplan_meier({1, std::nan(""), 3}, {1, 0, 1}); }, {"time[1] = NaN"});
  require_invalid([&] { kaplan_meier({1, 2, 3}, {1, 2, 1}); }, {"status[1] = 2"});
  require_invalid([&] { kaplan_meier({1, 2, 3}, {1, 0}); }, {"status.size() = 2"});
  require_invalid([&] { kaplan_meier({}, {}); }, {"time.size() = 0"});
  require_invalid([&] { kaplan_meier({1, 2}, {1, 0}, km_options{confidence_type::log, 1.5}); }, {"conf_level = 1.5"});
  // An unknown conf_type fell out of the switch over the interval scales.
  CHECK_THROWS_WITH(kaplan_meier({1, 2}, {1, 0}, km_options{static_cast<confidence_type>(7)}),
                    Catch::Contains("nomo::survival::km_options::validate: conf_type = 7: unknown confidence_type "
                                    "(expected log, log_log or plain)"));
  const std::vector<std::string> groups{"a", "b", "a"};
  require_invalid([&] { kaplan_meier({1, 2, 3}, {1, 0, 1}, groups, {}, {"a", "b", "c"}); },
                  {"levels = \"c\"", "no subjects"});
  require_invalid([&] { kaplan_meier({1, 2, 3}, {1, 0, 1}, groups, {}, {"a", "b", "a"}); }, "levels[2]", "\"a\"");
  require_invalid([&] { kaplan_meier({1, 2, 3}, {1, 0, 1}, std::vector<std::string>{"a", "", "b"}); },
                  {"group[1] = \"\""});
  require_invalid([&] { kaplan_meier({1, 2, 3}, {1, 0, 1}, std::vector<double>{0, std::nan(""), 1}); },
                  {"group[1] = NaN"});
  const auto fit = kaplan_meier({1, 2, 3}, {1, 0, 1}, groups);
  require_invalid([&] { nomo::survival::curve_of(fit, "z"); }, {"label = \"z\""});
  require_invalid([&] { nomo::survival::survival_at(fit.curves[0], {1.0, HUGE_VAL}); }, {"times[1] = Inf"});
}
