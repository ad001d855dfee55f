// nomo::nomogram::score_options: bad options are refused before the nomogram is read. (The rest of
// score()'s bad-input checks are in test_nomogram.cpp.)
#include <catch2/catch.hpp>

#include "nomo/core/error.hpp"
#include "nomo/nomogram/score.hpp"

TEST_CASE("score rejects an outside policy outside the enumerators, naming it", "[nomogram][score][bad-input]") {
  // A bad value was read as outside_axis::flag.
  nomo::nomogram::score_options unknown;
  unknown.outside = static_cast<nomo::nomogram::outside_axis>(7);
  CHECK_THROWS_AS(nomo::nomogram::score(nomo::nomogram::nomogram{}, nomo::nomogram::patient{}, unknown), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::nomogram::score(nomo::nomogram::nomogram{}, nomo::nomogram::patient{}, unknown),
                    Catch::Contains("nomo::nomogram::score_options::validate: outside = 7: unknown outside_axis "
                                    "(expected flag or error)"));
}
