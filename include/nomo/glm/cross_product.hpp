#pragma once
// The lower triangle of Z'Z for a column-major block Z of a few thousand rows and up to a few
// hundred columns: the information-matrix kernel of the logistic fit's passes over X.
//
// Why not Eigen's rankUpdate: for tall, narrow blocks (1,024 × 21 in the paper-sized and
// benchmark fits) Eigen's triangular product packs both operands on every call and runs its
// general kernel on 21 × 21 outputs, reaching about half of the machine's multiply-add rate. Here
// each output tile of T × T entries is a set of dot products down the rows, with T² accumulator
// registers fed by 2T vector loads per step, which keeps the multiply-add units busy and needs
// no packing. Only tiles on or below the diagonal are computed.
//
// Eigen's packet primitives (ploadu, pmadd; core/simd.hpp) keep it portable: the same code runs on
// SSE2, AVX, AVX-512 and NEON, or on scalars when vectorisation is off. The summation order
// depends only on the block's size, never on the thread that runs it.
//
// The kernel is compute-bound while the rest of a pass is memory-bound, so the kernel also carries
// the pass's memory requests: it issues one prefetch of the next block's data per step (a block's
// kernel takes about as many steps as the next block has cache lines), which keeps the loads in
// flight behind the multiply-adds instead of stalling a tight prefetch loop once the CPU's few
// outstanding-miss slots are full.

#include <algorithm>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/simd.hpp"

namespace nomo::glm::detail {

/// Accumulator tile edge: T² accumulators and 2T operands must fit the vector register file
/// (32 registers with AVX-512, 16 with SSE/AVX/NEON).
#if defined(EIGEN_VECTORIZE_AVX512)
inline constexpr int cross_tile = 4;
#else
inline constexpr int cross_tile = 3;
#endif

/// Memory wanted soon, as spans of doubles, requested one cache line at a time by `issue_next`.
class prefetch_queue {
 public:
  void clear() {
    spans_.clear();
    span_ = 0;
    line_ = 0;
  }
  /// Queues `count` doubles from `data` (nothing when count is 0).
  void push(const double* data, Eigen::Index count) {
    if (count <= 0) return;
    const auto first = reinterpret_cast<std::uintptr_t>(data) / line_bytes;
    const auto last = (reinterpret_cast<std::uintptr_t>(data + count) - 1) / line_bytes;
    spans_.push_back({first * line_bytes, static_cast<std::uintptr_t>(last - first + 1)});
  }
  /// Requests the next queued line, if any is left.
  void issue_next() {
    if (span_ == spans_.size()) return;
    const span& s = spans_[span_];
    prefetch(s.address + line_ * line_bytes);
    if (++line_ == s.lines) {
      ++span_;
      line_ = 0;
    }
  }
  /// Requests every line still queued (for kernels too short to carry them all).
  void issue_rest() {
    while (span_ < spans_.size()) issue_next();
  }

 private:
  static constexpr std::uintptr_t line_bytes = 64;
  struct span {
    std::uintptr_t address;  ///< of the first line
    std::uintptr_t lines;
  };
  static void prefetch(std::uintptr_t address) {
#if defined(__GNUC__)
    __builtin_prefetch(reinterpret_cast<const void*>(address));
#else
    (void)address;
#endif
  }
  std::vector<span> spans_;
  std::size_t span_ = 0;
  std::uintptr_t line_ = 0;
};

/// Adds Σ_i Z(i, a)·Z(i, b) to C(a, b) for every column pair of the tile a ∈ [a0, a0 + TA),
/// b ∈ [b0, b0 + TB). `z` is column-major with leading dimension `ld`; `c` is column-major k × k.
/// A tile on the diagonal (b0 = a0, TB = TA) computes only its pairs with b ≤ a: the others are
/// their mirror images, and skipping them saves a tenth of the work at 21 columns.
template <int TA, int TB, bool on_diagonal>
inline void cross_tile_update(const double* z, Eigen::Index ld, Eigen::Index rows, Eigen::Index a0, Eigen::Index b0,
                              double* c, Eigen::Index ldc, prefetch_queue& ahead) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  static_assert(!on_diagonal || TA == TB, "a diagonal tile is square");
  constexpr auto wanted = [](int a, int b) { return !on_diagonal || b <= a; };
  packet acc[TA][TB];
  for (int a = 0; a < TA; ++a)
    for (int b = 0; b < TB; ++b) acc[a][b] = pset1<packet>(0.0);
  Eigen::Index i = 0;
  for (; i + width <= rows; i += width) {
    packet left[TA], right[TB];
    for (int a = 0; a < TA; ++a) left[a] = ploadu<packet>(z + (a0 + a) * ld + i);
    for (int b = 0; b < TB; ++b) {
      if constexpr (on_diagonal) right[b] = left[b];  // diagonal tiles are square (TA == TB)
      else right[b] = ploadu<packet>(z + (b0 + b) * ld + i);
    }
    for (int a = 0; a < TA; ++a)
      for (int b = 0; b < TB; ++b)
        if (wanted(a, b)) acc[a][b] = pmadd(left[a], right[b], acc[a][b]);
    ahead.issue_next();
  }
  for (int a = 0; a < TA; ++a) {
    for (int b = 0; b < TB; ++b) {
      if (!wanted(a, b)) continue;
      double sum = nomo::detail::lane_sum(acc[a][b]);
      for (Eigen::Index r = i; r < rows; ++r) sum += z[(a0 + a) * ld + r] * z[(b0 + b) * ld + r];
      c[(b0 + b) * ldc + a0 + a] += sum;
    }
  }
}

/// The tiles of the tile row at a0 (TA columns): full tiles left of the diagonal, then the
/// diagonal tile.
template <int TA>
inline void cross_tile_row(const double* z, Eigen::Index ld, Eigen::Index rows, Eigen::Index a0, double* c,
                           Eigen::Index ldc, prefetch_queue& ahead) {
  for (Eigen::Index b0 = 0; b0 < a0; b0 += cross_tile) {
    cross_tile_update<TA, cross_tile, false>(z, ld, rows, a0, b0, c, ldc, ahead);
  }
  cross_tile_update<TA, TA, true>(z, ld, rows, a0, a0, c, ldc, ahead);
}

/// C += Z'Z on and below the diagonal (the strict upper triangle of C is left untouched). Z is
/// `rows` × k column-major with leading dimension `ld`; C is k × k column-major. Issues `ahead`'s
/// prefetches along the way, all of them by the end.
inline void add_lower_cross_product(const double* z, Eigen::Index ld, Eigen::Index rows, Eigen::Index k, double* c,
                                    Eigen::Index ldc, prefetch_queue& ahead) {
  static_assert(cross_tile >= 3 && cross_tile <= 4, "the dispatch below covers partial tile rows of 1 to 3 columns");
  for (Eigen::Index a0 = 0; a0 < k; a0 += cross_tile) {
    switch (std::min<Eigen::Index>(cross_tile, k - a0)) {
      case 1: cross_tile_row<1>(z, ld, rows, a0, c, ldc, ahead); break;
      case 2: cross_tile_row<2>(z, ld, rows, a0, c, ldc, ahead); break;
      case 3: cross_tile_row<3>(z, ld, rows, a0, c, ldc, ahead); break;
      default: cross_tile_row<cross_tile>(z, ld, rows, a0, c, ldc, ahead); break;
    }
  }
  ahead.issue_rest();
}

}  // namespace nomo::glm::detail
