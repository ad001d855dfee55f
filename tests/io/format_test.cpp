#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "invalid_input.hpp"
#include "nomo/io/format.hpp"
#include "nomo/stats/describe.hpp"

// Expected strings are R 4.2.2's formatC(value, format = "f", digits = decimals), without the
// padding R adds to NA and Inf.
TEST_CASE("format_fixed writes R formatC's fixed decimals and R's missing values", "[io][format]") {
  using nomo::io::format_fixed;
  CHECK(format_fixed(2.5, 2) == "2.50");
  CHECK(format_fixed(0.125, 2) == "0.12");  // 0.125 is exact in binary: round half to even
  CHECK(format_fixed(1234.5678, 2) == "1234.57");
  CHECK(format_fixed(2.5, 0) == "2");
  CHECK(format_fixed(std::nan(""), 2) == "NA");
  CHECK(format_fixed(std::numeric_limits<double>::infinity(), 2) == "Inf");
  CHECK(format_fixed(-std::numeric_limits<double>::infinity(), 2) == "-Inf");
}

TEST_CASE("stats::format_fixed is io::format_fixed", "[io][format]") {
  CHECK(nomo::stats::format_fixed(std::nan(""), 1) == "NA");
  CHECK(nomo::stats::format_fixed(61.84, 1) == "61.8");
}

TEST_CASE("format_fixed rejects decimals outside [0, 17]", "[io][format]") {
  nomo_test::require_invalid([] { nomo::io::format_fixed(1, 18); }, "decimals", "18");
  nomo_test::require_invalid([] { nomo::io::format_fixed(1, -1); }, "decimals", "-1");
}
