#pragma once
// The bad-input check of every test (CONTRIBUTING: bad input throws nomo::invalid_input whose
// message reads `nomo::<function>: <argument> = <value>: <problem>`).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "nomo/core/error.hpp"

namespace nomo_test {

/// Runs `call` and requires nomo::invalid_input naming `argument` and `value`, in its fields and
/// as "argument = value" in its message.
template <class Call>
void require_invalid(Call&& call, const std::string& argument, const std::string& value) {
  try {
    call();
    FAIL("expected nomo::invalid_input for " << argument << " = " << value);
  } catch (const nomo::invalid_input& e) {
    INFO(e.what());
    CHECK(e.argument() == argument);
    CHECK(e.value() == value);
    CHECK(std::string(e.what()).find(argument + " = " + value) != std::string::npos);
  }
}

/// Runs `call` and requires nomo::invalid_input whose message contains every one of `parts`, for
/// messages that say more than argument and value (function, position, problem, alternatives).
template <class Call>
void require_invalid(Call&& call, std::initializer_list<std::string> parts) {
  try {
    call();
    FAIL("expected nomo::invalid_input");
  } catch (const nomo::invalid_input& e) {
    const std::string message = e.what();
    INFO(message);
    for (const auto& part : parts) CHECK(message.find(part) != std::string::npos);
  }
}

}  // namespace nomo_test
