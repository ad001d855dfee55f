// model/formula.hpp: R formulas give the same design as R. The formulas below are the ones
// tests/reference/frame_fixtures.R hands to lrm / model.matrix, and the designs are R's.
#include "nomo/model/formula.hpp"

#include "invalid_input.hpp"
#include "r_design.hpp"

using namespace nomo::model;
using nomo_test::require_invalid;

namespace {

nomo::io::table fixture_cohort() { return nomo::io::read_csv(nomo_test::fixture_path("frame_fixtures_data.csv")); }

}  // namespace

TEST_CASE("parse_model reads the formula of the rms fixture model") {
  // frame_fixtures.R turns gtv into cut(gtv, c(-Inf, 6, 28, Inf), right = FALSE) and stage into a
  // factor before calling lrm; here the formula does it.
  const auto spec = parse_model(
      "y ~ rcs(bmk, 4) + age + grp + sex + cut(gtv, c(-Inf, 6, 28, Inf), right = FALSE) + factor(stage) + smoker");
  nomo_test::require_design(make_frame(fixture_cohort(), spec), nomo_test::read_table("frame_fixtures_design.csv"));
}

TEST_CASE("parse_model reads R's default right-closed cut and relevel") {
  const auto spec = parse_model("y ~ cut(gtv, breaks = c(-Inf, 6, 28, Inf)) + relevel(grp, ref = \"C\") + factor(stage)");
  nomo_test::require_design(make_frame(fixture_cohort(), spec), nomo_test::read_table("frame_fixtures_right.csv"));
}

TEST_CASE("parse_model reads knots, given levels, backquoted names and intercept-only models") {
  const auto spec = parse_model("`y` ~ rcs(bmk, c(1.5, 2.5, 4)) + factor(grp, levels = c('C', 'B', 'A')) + rcs(age)");
  REQUIRE(spec.terms.size() == 3);
  CHECK(spec.outcome == "y");
  CHECK(spec.terms[0].knots == std::vector<double>{1.5, 2.5, 4});
  CHECK(spec.terms[1].levels == std::vector<std::string>{"C", "B", "A"});
  CHECK(spec.terms[2].n_knots == 5);  // rms' default
  CHECK(parse_model("y ~ 1").terms.empty());
  // R reads a 1 among the terms as the intercept written out: y ~ 1 + age and y ~ age + 1 are
  // y ~ age (an independent check found "y ~ 1 + x" refused at the '+').
  CHECK(parse_model("y ~ 1 + age + rcs(bmk)").terms.size() == 2);
  const auto trailing = parse_model("y ~ age + 1");
  REQUIRE(trailing.terms.size() == 1);
  CHECK(trailing.terms[0].column == "age");
}

TEST_CASE("parse_model rejects what it cannot read, naming the formula and the position") {
  require_invalid([] { parse_model("y ~ log(age)"); },
                  {"parse_model", "formula", "\"y ~ log(age)\"", "position 4", "unknown function 'log'"});
  require_invalid([] { parse_model("y age"); }, {"parse_model", "position 2", "expected '~'"});
  require_invalid([] { parse_model("y ~ age +"); }, {"parse_model", "position 9", "expected a column name"});
  require_invalid([] { parse_model("y ~ age * sex"); }, {"parse_model", "position 8", "expected '+'"});
  // R's "every other column": it became a term named "." that make_frame then could not find.
  require_invalid([] { parse_model("recurrence ~ ."); },
                  {"parse_model", "position 13", "'.' (every other column) is not supported"});
  require_invalid([] { parse_model("y ~ 0 + age"); }, {"parse_model", "position 4", "without an intercept (0) is not supported"});
  require_invalid([] { parse_model("y ~ age - 1"); }, {"parse_model", "position 8", "(-) is not supported"});
  require_invalid([] { parse_model("y ~ cut(gtv, c(0, 6, 28, 100))"); }, {"parse_model", "-Inf to Inf"});
  require_invalid([] { parse_model("y ~ rcs(bmk, 3.5)"); }, {"parse_model", "whole number"});
  require_invalid([] { parse_model("y ~ relevel(grp, C)"); }, {"parse_model", "quoted level"});
  require_invalid([] { parse_model("y ~ cut(gtv, c(-Inf, 6, Inf), right = maybe)"); }, {"parse_model", "TRUE or FALSE"});
  require_invalid([] { parse_model("y ~ age + age"); }, {"model_spec::validate", "terms[1].column", "\"age\"", "duplicate"});
}

TEST_CASE("parse_model reports an out-of-range number as written, with why it is refused") {
  // The knot count 1e20 does not fit an int: it was converted anyway and reported as n_knots = 0.
  require_invalid([] { parse_model("y ~ rcs(x, 99999999999999999999)"); },
                  {"parse_model", "position 11", "number of knots 99999999999999999999", "too large"});
  require_invalid([] { parse_model("y ~ rcs(x, -99999999999999999999)"); },
                  {"parse_model", "position 11", "number of knots -99999999999999999999", "too large"});
  require_invalid([] { parse_model("y ~ rcs(x, 1e400)"); }, {"parse_model", "position 11", "number 1e400 overflows double"});
  require_invalid([] { parse_model("y ~ rcs(x, c(1, 2, 1e400))"); }, {"parse_model", "position 19", "1e400 overflows double"});
  CHECK(parse_model("y ~ rcs(x, 2147483647)").terms[0].n_knots == 2147483647);  // INT_MAX is still an int
}
