// The umbrella header compiles on its own (every header is self-contained and they do not clash)
// and exposes the version CMake reads.
#include "nomo/nomo.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

TEST_CASE("umbrella: nomo.hpp brings in every component and the version", "[umbrella]") {
  CHECK(nomo::version_major == NOMO_VERSION_MAJOR);
  CHECK(nomo::version_minor == NOMO_VERSION_MINOR);
  CHECK(nomo::version_patch == NOMO_VERSION_PATCH);
  CHECK_THROWS_AS(nomo::pretty(1.0, std::nan(""), 5), nomo::invalid_input);
}
