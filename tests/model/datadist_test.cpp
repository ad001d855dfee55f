// model/datadist.hpp: rms datadist limits. Values from R (tests/reference/frame_fixtures.R, via the
// model frame in frame_test.cpp) and here from small closed forms of the rules in rms-spec §1.4.
#include "nomo/model/datadist.hpp"

#include <cmath>
#include <vector>

#include "invalid_input.hpp"

using namespace nomo::model;

TEST_CASE("summarize_numeric follows datadist's few-unique-values rules") {
  SECTION("two unique values: min/max everywhere, adjust to the smallest") {
    const auto s = summarize_numeric({1, 0, 1, 1, 0});
    CHECK(s.adjust_to == 0);
    CHECK(s.low_effect == 0);
    CHECK(s.high_effect == 1);
    CHECK(s.low_prediction == 0);
    CHECK(s.high_prediction == 1);
    CHECK(s.values == std::vector<double>{0, 1});
  }
  SECTION("three unique values: adjust to the middle one, not the median") {
    const auto s = summarize_numeric({1, 1, 1, 1, 2, 3});
    CHECK(s.adjust_to == 2);
    CHECK(s.low_effect == 1);
    CHECK(s.high_effect == 3);
  }
  SECTION("many values: type-7 quartiles, median, q = 10/200 prediction limits, no values list") {
    std::vector<double> x;
    for (int i = 1; i <= 11; ++i) x.push_back(i);  // quantile(1:11, p) = 1 + 10p
    const auto s = summarize_numeric(x);
    CHECK(s.adjust_to == 6);
    CHECK(s.low_effect == 3.5);
    CHECK(s.high_effect == 8.5);
    CHECK(s.low_prediction == Approx(1.5).epsilon(1e-15));
    CHECK(s.high_prediction == Approx(10.5).epsilon(1e-15));
    CHECK(s.values.empty());
  }
}

TEST_CASE("summarize_numeric takes the prediction limits at q_display and 1 - q_display") {
  std::vector<double> x;
  for (int i = 1; i <= 11; ++i) x.push_back(i);  // quantile(1:11, p) = 1 + 10p
  const auto tenth = summarize_numeric(x, 0.1);
  CHECK(tenth.low_prediction == Approx(2).epsilon(1e-15));
  CHECK(tenth.high_prediction == Approx(10).epsilon(1e-15));
  const auto ends = summarize_numeric(x, 0.0);  // quantile(x, c(0, 1)) = range(x)
  CHECK(ends.low_prediction == 1);
  CHECK(ends.high_prediction == 11);
}

TEST_CASE("mode_level takes the first most frequent level") {
  CHECK(mode_level({"A", "B", "C"}, {3, 5, 5}) == "B");
}

TEST_CASE("summarize_numeric and mode_level reject bad input") {
  using nomo_test::require_invalid;
  require_invalid([] { summarize_numeric({1}); }, {"summarize_numeric", "values.size()", "1"});
  require_invalid([] { summarize_numeric({1, NAN}); }, {"summarize_numeric", "values[1]", "NaN"});
  require_invalid([] { summarize_numeric({2, 2, 2}); }, {"summarize_numeric", "values", "2", "constant"});
  // q_display above 0.5 would swap the low and high prediction limits; NaN or a negative one was
  // refused by quantile_sorted naming its own p.
  require_invalid([] { summarize_numeric({1, 2, 3, 4, 5}, 0.7); }, {"summarize_numeric", "q_display = 0.69999", "[0, 0.5]"});
  require_invalid([] { summarize_numeric({1, 2, 3, 4, 5}, NAN); }, {"summarize_numeric", "q_display = NaN", "[0, 0.5]"});
  require_invalid([] { summarize_numeric({1, 2, 3, 4, 5}, -0.5); }, {"summarize_numeric", "q_display = -0.5", "[0, 0.5]"});
  require_invalid([] { mode_level({"A"}, {1, 2}); }, {"mode_level", "counts.size()", "2"});
  require_invalid([] { mode_level({}, {}); }, {"mode_level", "levels.size()", "0"});
}

TEST_CASE("display_quantile is 10 / max(n, 200) for 4+ distinct values, else unset") {
  CHECK_FALSE(nomo::model::display_quantile({1, 2, 3, 3, 2}).has_value());
  CHECK(*nomo::model::display_quantile({1, 2, 3, 4}) == 10.0 / 200);
  std::vector<double> many(250);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i % 5);
  CHECK(*nomo::model::display_quantile(many) == 10.0 / 250);
  nomo_test::require_invalid([] { nomo::model::display_quantile({1, std::nan(""), 2}); }, "values[1]", "NaN");
}
