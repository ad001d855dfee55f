#pragma once
// The select and firth tests include the bad-input check by this path; it is
// tests/support/invalid_input.hpp.
#include "invalid_input.hpp"

namespace spline_test {
using nomo_test::require_invalid;
}  // namespace spline_test
