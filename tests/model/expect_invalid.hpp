#pragma once
// Shared by the model tests: run an action and require nomo::invalid_input whose message holds
// every expected part (function, argument, value, problem).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "nomo/core/error.hpp"

namespace nomo_test {

template <class Action>
void require_invalid(Action action, std::initializer_list<std::string> parts) {
  try {
    action();
    FAIL("expected nomo::invalid_input");
  } catch (const nomo::invalid_input& e) {
    const std::string message = e.what();
    INFO(message);
    for (const auto& part : parts) CHECK(message.find(part) != std::string::npos);
  }
}

}  // namespace nomo_test
