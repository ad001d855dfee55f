// nomo::eval::partial_auc against pROC's auc(roc, partial.auc, partial.auc.focus,
// partial.auc.correct) (tests/reference/eval_partial_auc.R), a closed form, and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "reference_data.hpp"
#include "nomo/eval/partial_auc.hpp"

using nomo::eval::partial_auc_focus;

namespace {

const std::map<std::string, double>& partial_auc_values() {
  static const auto v = nomo_test::read_values("eval_partial_auc.csv");
  return v;
}

/// The curve `name` of eval_partial_auc.R: full (direction "<"), tied (">"), inverted (−full, "<").
nomo::eval::roc_curve curve(const std::string& name) {
  const auto& s = eval_test::roc_scores();
  nomo::eval::roc_options options;
  if (name == "tied") options.direction = nomo::eval::score_direction::controls_higher;
  const Eigen::VectorXd scores = name == "tied" ? s.column("tied") : name == "full" ? s.column("full") : -s.column("full");
  return nomo::eval::roc(scores, s.column("y"), options);
}

void check_case(const std::string& name, partial_auc_focus focus, double from, double to) {
  const std::string focus_name = focus == partial_auc_focus::specificity ? "specificity" : "sensitivity";
  char key[96];
  std::snprintf(key, sizeof key, "%s_%s_%g_%g_", name.c_str(), focus_name.c_str(), from, to);
  INFO(key);
  nomo::eval::partial_auc_options options;
  options.from = from;
  options.to = to;
  options.focus = focus;
  const auto r = nomo::eval::partial_auc(curve(name), options);
  CHECK(r.upper == from);
  CHECK(r.lower == to);
  CHECK(r.area == Approx(partial_auc_values().at(std::string(key) + "raw")).margin(1e-14));
  const double corrected = partial_auc_values().at(std::string(key) + "corrected");
  if (std::isnan(corrected)) {
    CHECK_FALSE(r.corrected.has_value());
  } else {
    REQUIRE(r.corrected.has_value());
    CHECK(*r.corrected == Approx(corrected).margin(1e-13));
  }
  options.allow_invalid_correction = true;
  options.from = to;  // the ends in either order
  options.to = from;
  const auto forced = nomo::eval::partial_auc(curve(name), options);
  CHECK(forced.area == r.area);
  REQUIRE(forced.corrected.has_value());
  CHECK(*forced.corrected == Approx(partial_auc_values().at(std::string(key) + "forced")).margin(1e-13));
}

}  // namespace

TEST_CASE("partial_auc matches pROC over specificity and sensitivity ranges", "[eval][partial_auc]") {
  check_case("full", partial_auc_focus::specificity, 1, 0.8);
  check_case("full", partial_auc_focus::specificity, 0.9, 0.7);
  check_case("full", partial_auc_focus::sensitivity, 1, 0.9);
  check_case("full", partial_auc_focus::sensitivity, 0.95, 0.6);
}

TEST_CASE("partial_auc matches pROC on a tied score of direction '>', also inside one segment", "[eval][partial_auc]") {
  check_case("tied", partial_auc_focus::specificity, 1, 0.8);
  check_case("tied", partial_auc_focus::sensitivity, 0.9, 0.5);
  // No point of the curve lies in these ranges: both ends are interpolated on one segment.
  check_case("tied", partial_auc_focus::specificity, 0.601, 0.6);
  check_case("tied", partial_auc_focus::sensitivity, 0.801, 0.8);
}

TEST_CASE("partial_auc leaves out McClish's correction below the diagonal unless allowed", "[eval][partial_auc]") {
  check_case("inverted", partial_auc_focus::specificity, 1, 0.8);
}

TEST_CASE("partial_auc: closed forms for the perfect and the useless test", "[eval][partial_auc]") {
  Eigen::VectorXd y(4), perfect(4), useless(4);
  y << 0, 0, 1, 1;
  perfect << 1, 2, 3, 4;
  useless << 1, 1, 1, 1;
  nomo::eval::partial_auc_options options;  // specificity 0.8 to 1
  const auto best = nomo::eval::partial_auc(nomo::eval::roc(perfect, y), options);
  CHECK(best.area == Approx(0.2).margin(1e-15));  // sensitivity 1 over the whole range
  CHECK(*best.corrected == Approx(1.0).margin(1e-15));
  // The useless curve is the diagonal: sensitivity 1 − specificity, area (0.2 + 0) / 2 · 0.2.
  const auto diagonal = nomo::eval::partial_auc(nomo::eval::roc(useless, y), options);
  CHECK(diagonal.area == Approx(0.02).margin(1e-15));
  CHECK(*diagonal.corrected == Approx(0.5).margin(1e-15));
}

namespace {

/// The space-separated numbers of a fixture cell as a vector.
Eigen::VectorXd numbers(const std::string& cell) {
  std::istringstream in(cell);
  std::vector<double> values;
  for (double v; in >> v;) values.push_back(v);
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

}  // namespace

TEST_CASE("partial_auc keeps or drops the correction along the diagonal as pROC does", "[eval][partial_auc]") {
  // Curves of AUC exactly 0.5 over the full range (eval_partial_auc_diagonal.R): pROC drops the
  // correction where its sum of trapezoids rounds below the diagonal's 0.5, and keeps it where its
  // long double sum gives 0.5 but a sum in double would not.
  const nomo_test::table t = nomo_test::read_table("eval_partial_auc_diagonal.csv");
  REQUIRE(t.size() == 8);
  const auto focus = t.text("focus"), scores = t.text("scores"), outcomes = t.text("outcomes");
  const Eigen::VectorXd raw = t.column("raw"), corrected = t.column("corrected");
  for (std::size_t k = 0; k < t.size(); ++k) {
    INFO("case " << k + 1 << ", focus " << focus[k]);
    const auto i = static_cast<Eigen::Index>(k);
    nomo::eval::partial_auc_options options;
    options.from = 1;
    options.to = 0;
    options.focus = focus[k] == "sensitivity" ? partial_auc_focus::sensitivity : partial_auc_focus::specificity;
    const auto r = nomo::eval::partial_auc(nomo::eval::roc(numbers(scores[k]), numbers(outcomes[k])), options);
    CHECK(r.area == raw(i));  // the same last bit: it decides the next check
    CHECK(r.corrected.has_value() == !std::isnan(corrected(i)));
    if (r.corrected) CHECK(*r.corrected == corrected(i));
  }
}

TEST_CASE("partial_auc refuses bad options, naming the argument and value", "[eval][partial_auc][errors]") {
  const auto c = curve("full");
  using nomo_test::require_invalid;
  nomo::eval::partial_auc_options options;
  options.from = 1.5;
  require_invalid([&] { nomo::eval::partial_auc(c, options); }, "from", "1.5");
  options.from = 1;
  options.to = -0.25;
  require_invalid([&] { nomo::eval::partial_auc(c, options); }, "to", "-0.25");
  options.to = 1;
  require_invalid([&] { nomo::eval::partial_auc(c, options); }, "to", "1");
  options.to = 0.5;
  options.focus = static_cast<partial_auc_focus>(7);
  require_invalid([&] { nomo::eval::partial_auc(c, options); }, "focus", "7");

  // Curves not built by roc(): empty, mismatched, or not running from (0, 1) to (1, 0).
  const nomo::eval::partial_auc_options defaults;
  require_invalid([&] { nomo::eval::partial_auc(nomo::eval::roc_curve{}, defaults); }, "curve.specificities.size()", "0");
  auto mismatched = c;
  mismatched.sensitivities.pop_back();
  require_invalid([&] { nomo::eval::partial_auc(mismatched, defaults); }, "curve.sensitivities.size()",
                  std::to_string(c.sensitivities.size() - 1));
  auto unsorted = c;
  std::swap(unsorted.specificities[3], unsorted.specificities[40]);
  require_invalid([&] { nomo::eval::partial_auc(unsorted, defaults); }, "curve",
                  "\"(" + std::to_string(c.specificities.size()) + " points)\"");
  auto no_thresholds = c;
  no_thresholds.thresholds.clear();
  require_invalid([&] { nomo::eval::partial_auc(no_thresholds, defaults); }, "curve.thresholds.size()", "0");
  auto relabelled = c;
  relabelled.cases += 1;
  require_invalid([&] { nomo::eval::partial_auc(relabelled, defaults); },
                  {"eval::partial_auc: curve.sensitivities[",
                   "is not a count out of curve.cases = " + std::to_string(relabelled.cases)});
  auto truncated = c;
  truncated.specificities.back() = static_cast<double>(c.controls - 1) / static_cast<double>(c.controls);
  require_invalid([&] { nomo::eval::partial_auc(truncated, defaults); }, "curve",
                  "\"(" + std::to_string(c.specificities.size()) + " points)\"");
}
