#pragma once
// Portable seeded random streams: the same seed gives the same numbers on every platform, compiler
// and thread count. No <random> distributions are used because their output is implementation-
// defined (std::uniform_int_distribution differs between libstdc++, libc++ and MSVC).
//
// Two generators:
//  * splitmix64: a counter-based stream (Steele, Lea & Flood 2014). A stream is identified by
//    (seed, stream id), so replicate b of a bootstrap can be drawn on any thread and still be the
//    same numbers.
//  * r_mersenne_twister: R's default generator (Mersenne-Twister with R's set.seed scrambling) and
//    R ≥ 3.6's "Rejection" sample(), so that nomo can redraw exactly the bootstrap rows R drew.

#include <cstdint>
#include <cstddef>
#include <limits>
#include <vector>

#include "nomo/core/error.hpp"

namespace nomo {

/// SplitMix64 stream. Each (seed, stream) pair is an independent stream: the starting state mixes
/// both through the SplitMix64 finaliser, so neighbouring seeds or streams do not overlap in
/// practice.
class splitmix64 {
 public:
  explicit splitmix64(std::uint64_t seed, std::uint64_t stream = 0)
      : state_(mix(seed ^ mix(stream + 0x632BE59BD9B4E019ULL))) {}

  /// Next 64 random bits.
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return mix(state_);
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n), unbiased (rejection of the incomplete top block). n must be ≥ 1.
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) fail_input("splitmix64::below", "n", n, "must be at least 1");
    if (n != bound_) {
      // Values at or above `limit_` would make some residues more likely than others. Kept for the
      // next call: a bootstrap draws n rows from the same n, and the division costs as much as
      // the rest of a draw.
      bound_ = n;
      limit_ = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    }
    std::uint64_t r = next();
    while (r >= limit_) r = next();
    return r % n;
  }

  /// The SplitMix64 output function (public so that the reference outputs can be checked).
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
  std::uint64_t bound_ = 0;  ///< the n of the last below(n) call (0: none yet, never a valid n)
  std::uint64_t limit_ = 0;  ///< its rejection limit
};

/// R's default RNG ("Mersenne-Twister", normal.kind "Inversion", sample.kind "Rejection") started as
/// by `set.seed(seed)`. Mirrors R 4.x RNG.c: the seed is scrambled by 50 LCG steps and the 625-word
/// state filled by the same LCG (R does not call MT's init_genrand).
class r_mersenne_twister {
 public:
  /// Equivalent of R's `set.seed(seed)` (R takes a signed int; negative seeds wrap as in R).
  explicit r_mersenne_twister(std::int32_t seed) {
    std::uint32_t s = static_cast<std::uint32_t>(seed);
    for (int i = 0; i < 50; ++i) s = 69069u * s + 1u;
    for (int i = 0; i < n_state + 1; ++i) {
      s = 69069u * s + 1u;
      if (i > 0) mt_[static_cast<std::size_t>(i - 1)] = s;
    }
    mti_ = n_state;  // R's FixupSeeds sets dummy[0] = 624: regenerate on first use
  }

  /// R's unif_rand(): 32-bit output scaled to [0, 1], then kept strictly inside (0, 1).
  double unif_rand() {
    const double v = static_cast<double>(genrand()) * 2.3283064365386963e-10;
    constexpr double half_ulp = 0.5 * 2.328306437080797e-10;
    if (v <= 0.0) return half_ulp;
    if (1.0 - v <= 0.0) return 1.0 - half_ulp;
    return v;
  }

  /// R's R_unif_index(n): a uniform integer in [0, n) by rejection on ceil(log2 n) random bits built
  /// 16 bits at a time. n must lie in [1, 2^31 - 1] (R's limit for this code path).
  std::uint32_t unif_index(std::uint32_t n) {
    if (n == 0 || n > 2147483647u) fail_input("r_mersenne_twister::unif_index", "n", n, "must lie in [1, 2^31 - 1]");
    const int bits = ceil_log2(n);
    std::uint64_t v;
    do {
      v = random_bits(bits);
    } while (v >= n);
    return static_cast<std::uint32_t>(v);
  }

  /// R's `sample(n, size, replace = TRUE) - 1`: `size` 0-based indices in [0, n).
  std::vector<std::size_t> sample_with_replacement(std::size_t n, std::size_t size) {
    if (n == 0 || n > 2147483647u) {
      fail_input("r_mersenne_twister::sample_with_replacement", "n", n, "must lie in [1, 2^31 - 1]");
    }
    std::vector<std::size_t> out(size);
    for (auto& index : out) index = unif_index(static_cast<std::uint32_t>(n));
    return out;
  }

  /// R's `sample(n) - 1` (without replacement, n ≤ 10^7 so R does not use its hash variant): a
  /// random permutation of [0, n) by R's partial Fisher–Yates that moves the last element into the
  /// slot just drawn.
  std::vector<std::size_t> permutation(std::size_t n) {
    if (n == 0 || n > 10000000u) fail_input("r_mersenne_twister::permutation", "n", n, "must lie in [1, 10^7]");
    std::vector<std::size_t> pool(n), out(n);
    for (std::size_t i = 0; i < n; ++i) pool[i] = i;
    std::size_t remaining = n;
    for (auto& index : out) {
      const std::uint32_t j = unif_index(static_cast<std::uint32_t>(remaining));
      index = pool[j];
      pool[j] = pool[--remaining];
    }
    return out;
  }

 private:
  static constexpr int n_state = 624;
  static constexpr int m_shift = 397;

  // Integer ceil(log2 n); equals R's (int) ceil(log2(n)) for every n R accepts here.
  static int ceil_log2(std::uint32_t n) {
    int bits = 0;
    while ((std::uint64_t{1} << bits) < n) ++bits;
    return bits;
  }

  // R's rbits(): 16 bits per unif_rand() call, high words first, masked to `bits`.
  std::uint64_t random_bits(int bits) {
    std::uint64_t v = 0;
    for (int n = 0; n <= bits; n += 16) {
      const auto word = static_cast<std::uint64_t>(unif_rand() * 65536.0);
      v = 65536 * v + word;
    }
    return v & ((std::uint64_t{1} << bits) - 1);
  }

  std::uint32_t genrand() {
    constexpr std::uint32_t upper = 0x80000000u, lower = 0x7fffffffu, matrix_a = 0x9908b0dfu;
    if (mti_ >= n_state) {
      auto twist = [&](int k, int next, int far) {
        const std::uint32_t y = (mt_[static_cast<std::size_t>(k)] & upper) | (mt_[static_cast<std::size_t>(next)] & lower);
        mt_[static_cast<std::size_t>(k)] = mt_[static_cast<std::size_t>(far)] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
      };
      for (int k = 0; k < n_state - m_shift; ++k) twist(k, k + 1, k + m_shift);
      for (int k = n_state - m_shift; k < n_state - 1; ++k) twist(k, k + 1, k + m_shift - n_state);
      twist(n_state - 1, 0, m_shift - 1);
      mti_ = 0;
    }
    std::uint32_t y = mt_[static_cast<std::size_t>(mti_++)];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }

  std::uint32_t mt_[n_state] = {};
  int mti_ = n_state;
};

}  // namespace nomo
