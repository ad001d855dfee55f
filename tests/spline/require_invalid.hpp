#pragma once
// The bad-input check shared by the spline, select and firth tests: the call must throw
// nomo::invalid_input whose message names `argument` and `value` as "argument = value".
#include <catch2/catch.hpp>

#include <string>

#include "nomo/core/error.hpp"

namespace spline_test {

template <class Call>
void require_invalid(Call call, const std::string& argument, const std::string& value) {
  try {
    call();
    FAIL("expected nomo::invalid_input");
  } catch (const nomo::invalid_input& e) {
    INFO(e.what());
    CHECK(e.argument() == argument);
    CHECK(e.value() == value);
    CHECK(std::string(e.what()).find(argument + " = " + value) != std::string::npos);
  }
}

}  // namespace spline_test
