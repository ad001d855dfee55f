// The element-wise argument checks of core/error.hpp: they pass valid vectors and name the first
// offending element and its value otherwise.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include <Eigen/Core>

#include "invalid_input.hpp"
#include "nomo/core/error.hpp"

using nomo_test::require_invalid;

TEST_CASE("check_all_non_negative accepts zero and positive values and names the first bad one", "[error]") {
  CHECK_NOTHROW(nomo::check_all_non_negative("f", "w", std::vector<double>{0.0, 1.5, 2.0}));
  require_invalid([] { nomo::check_all_non_negative("f", "w", std::vector<double>{1.0, -0.5, -2.0}); }, "w[1]", "-0.5");
  require_invalid([] { nomo::check_all_non_negative("f", "w", Eigen::Vector2d(1.0, std::numeric_limits<double>::infinity())); },
                  "w[1]", "Inf");
  require_invalid([] { nomo::check_all_non_negative("f", "w", std::vector<double>{std::numeric_limits<double>::quiet_NaN()}); },
                  "w[0]", "NaN");
}

TEST_CASE("check_all_open_unit accepts values strictly between 0 and 1 and names the first bad one", "[error]") {
  CHECK_NOTHROW(nomo::check_all_open_unit("f", "p", std::vector<double>{0.001, 0.5, 0.999}));
  require_invalid([] { nomo::check_all_open_unit("f", "p", std::vector<double>{0.5, 1.0, 0.0}); }, "p[1]", "1");
  require_invalid([] { nomo::check_all_open_unit("f", "p", Eigen::Vector3d(0.2, 0.3, 0.0)); }, "p[2]", "0");
}

TEST_CASE("check_same_size names both sizes, without .size() after an expression that is one", "[error]") {
  CHECK_NOTHROW(nomo::check_same_size("f", "y", 3, "x", 3));
  require_invalid([] { nomo::check_same_size("f", "y", 2, "x", 3); }, "y.size()", "2");
  require_invalid([] { nomo::check_same_size("f", "y", 2, "x", 3); }, {"y.size() = 2: must equal x.size() = 3"});
  require_invalid([] { nomo::check_same_size("f", "y", 2, "x.rows()", 3); }, {"y.size() = 2: must equal x.rows() = 3"});
  require_invalid([] { nomo::check_same_size("f", "site", 2, "geometry voxel count", 8); },
                  {"site.size() = 2: must equal geometry voxel count = 8"});
}

namespace {
enum class error_test_colour : unsigned char { red = 1, green = 2 };
}  // namespace

TEST_CASE("check_enum accepts the allowed enumerators and names another value as its integer", "[error]") {
  CHECK_NOTHROW(nomo::check_enum("f", "colour", error_test_colour::green, {error_test_colour::red, error_test_colour::green},
                                 "colour", "red or green"));
  // An unsigned char underlying type prints as a number, not a character.
  CHECK_THROWS_MATCHES(nomo::check_enum("stats::f", "colour", static_cast<error_test_colour>(65),
                                        {error_test_colour::red, error_test_colour::green}, "colour", "red or green"),
                       nomo::invalid_input,
                       Catch::Matchers::Message("nomo::stats::f: colour = 65: unknown colour (expected red or green)"));
}

TEST_CASE("invalid_input keeps each part of its message", "[error]") {
  const nomo::invalid_input e("stats::f", "x[2]", "NaN", "must be finite");
  CHECK(std::string(e.what()) == "nomo::stats::f: x[2] = NaN: must be finite");
  CHECK(e.function() == "stats::f");
  CHECK(e.argument() == "x[2]");
  CHECK(e.value() == "NaN");
  CHECK(e.problem() == "must be finite");
}
