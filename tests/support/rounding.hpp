#pragma once
// Equality with R's digits for results R computes with a separate rounding after each multiply and
// add. They are exact, unless this build may fuse a·b + c into one FMA with a single rounding: GCC
// and Clang contract such expressions by default wherever the target has FMA (x86 with -mfma or
// -march=native, where GCC defines __FP_FAST_FMA and both define __FMA__; AArch64 always), and the
// fused result can differ from R's in the last bits.

#include <algorithm>
#include <cmath>
#include <limits>

namespace nomo_test {

/// Whether this build may fuse a·b + c into one rounding.
inline constexpr bool fused_multiply_add =
#if defined(__FP_FAST_FMA) || defined(__FMA__) || defined(__ARM_FEATURE_FMA) || defined(__aarch64__)
    true;
#else
    false;
#endif

/// a == b, or, when multiply-adds may be fused, within 4 units of rounding of the larger of |a|,
/// |b| and `scale` (the magnitude of the operands, for results that cancel towards zero).
inline bool same_digits(double a, double b, double scale = 0) {
  if (a == b) return true;
  if (!fused_multiply_add) return false;
  const double magnitude = std::max({std::abs(a), std::abs(b), std::abs(scale)});
  return std::abs(a - b) <= 4 * std::numeric_limits<double>::epsilon() * magnitude;
}

}  // namespace nomo_test
