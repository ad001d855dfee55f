#pragma once
// Shared by the resample, rng and fastbw tests: a call must throw nomo::invalid_input whose message
// names the argument and the offending value.
#include <catch2/catch.hpp>

#include <string>

#include <nomo/core/error.hpp>

template <class Call>
void check_invalid(Call&& call, const std::string& argument, const std::string& value) {
  try {
    call();
    FAIL("expected nomo::invalid_input naming " << argument);
  } catch (const nomo::invalid_input& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.find(argument + " = " + value) != std::string::npos);
  }
}
