// model/levels.hpp: level order, number names and interval labels against R (sort() with ICU
// collation, as.character(), levels(cut())) from tests/reference/frame_fixtures.R.
#include "nomo/model/levels.hpp"

#include "invalid_input.hpp"
#include "fixture.hpp"
#include "r_design.hpp"

using namespace nomo::model;
using nomo_test::without_inf_padding;

namespace {

struct level_fixture {
  std::vector<std::string> kind, key, text;
  level_fixture() {
    const auto t = nomo_test::read_table("frame_fixtures_levels.csv");
    kind = t.text("kind");
    key = t.text("key");
    text = t.text("text");
  }
  std::vector<std::string> texts(const std::string& k, const std::string& at_key = "") const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kind.size(); ++i)
      if (kind[i] == k && (at_key.empty() || key[i] == at_key)) out.push_back(text[i]);
    return out;
  }
};

}  // namespace

TEST_CASE("sorted_levels orders labels as R's sort() with ICU collation") {
  const level_fixture f;
  const auto expected = f.texts("sorted");
  std::vector<std::string> shuffled(expected.rbegin(), expected.rend());
  shuffled.push_back(expected[3]);  // a repeated value appears once
  CHECK(sorted_levels(shuffled) == expected);
}

TEST_CASE("r_number_text names numbers as R's as.character()") {
  const level_fixture f;
  for (std::size_t i = 0; i < f.kind.size(); ++i) {
    if (f.kind[i] != "number") continue;
    CHECK(r_number_text(std::stod(f.key[i])) == f.text[i]);
  }
}

TEST_CASE("interval_labels match R's levels(cut()) for both closures") {
  const level_fixture f;
  const std::vector<std::vector<double>> breaks = {{6, 28}, {6.25, 12.345}, {1000, 2000}, {0.001, 0.0015}, {1.0001, 1.0002}};
  for (std::size_t b = 0; b < breaks.size(); ++b) {
    const std::string key = std::to_string(b + 1);
    for (const auto& [kind, closure] : {std::pair{"cut_left", interval_closure::left_closed},
                                        std::pair{"cut_right", interval_closure::right_closed}}) {
      std::vector<std::string> expected;
      for (const auto& label : f.texts(kind, key)) expected.push_back(without_inf_padding(label));
      CHECK(interval_labels(breaks[b], closure) == expected);
    }
  }
}

TEST_CASE("interval_index puts values on a cut point in the closed side's interval") {
  const std::vector<double> points{6, 28};
  CHECK(detail::interval_index(points, interval_closure::left_closed, 5.999) == 0);
  CHECK(detail::interval_index(points, interval_closure::left_closed, 6) == 1);
  CHECK(detail::interval_index(points, interval_closure::left_closed, 28) == 2);
  CHECK(detail::interval_index(points, interval_closure::right_closed, 6) == 0);
  CHECK(detail::interval_index(points, interval_closure::right_closed, 28) == 1);
  CHECK(detail::interval_index(points, interval_closure::right_closed, 28.001) == 2);
}

TEST_CASE("interval_labels rejects cut points that are not finite and strictly increasing") {
  using nomo_test::require_invalid;
  require_invalid([] { interval_labels({}, interval_closure::left_closed); }, {"interval_labels", "cut_points.size()", "0"});
  require_invalid([] { interval_labels({6, 6}, interval_closure::left_closed); }, {"cut_points[1]", "6", "greater"});
  require_invalid([] { interval_labels({6, NAN}, interval_closure::left_closed); }, {"cut_points[1]", "NaN", "finite"});
}
