#pragma once
// The committed R reference data of the eval tests, each read once per test executable.
#include <map>
#include <string>

#include "fixture.hpp"

namespace eval_test {

/// tests/reference/eval_roc.R: outcome y and scores full, reduced, tied of the rms example cohort.
inline const nomo_test::table& roc_scores() {
  static const nomo_test::table t = nomo_test::read_table("eval_roc_scores.csv");
  return t;
}

/// tests/reference/eval_roc.R: pROC's AUCs, DeLong intervals and tests, coords.
inline const std::map<std::string, double>& roc_values() {
  static const auto v = nomo_test::read_values("eval_roc_values.csv");
  return v;
}

/// tests/reference/eval_decision.R: outcome y and apparent risks full, reduced, rounded.
inline const nomo_test::table& decision_risks() {
  static const nomo_test::table t = nomo_test::read_table("eval_decision_risks.csv");
  return t;
}

/// tests/reference/eval_calibration.R: outcome y and frozen-model risk p of the external cohort.
inline const nomo_test::table& external_cohort() {
  static const nomo_test::table t = nomo_test::read_table("eval_calibration_external.csv");
  return t;
}

}  // namespace eval_test
