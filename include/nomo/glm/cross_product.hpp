#pragma once
// The lower triangle of Z'Z for a column-major block Z of a few thousand rows and up to a few
// hundred columns: the information-matrix kernel of the logistic fit's passes over X.
//
// Why not Eigen's rankUpdate: for tall, narrow blocks (1,024 × 20 in the big benchmark fit)
// Eigen's triangular product packs both operands on every call and runs its general kernel on
// 20 × 20 outputs, reaching about half of the machine's multiply-add rate. Here each output tile
// of T × T entries is a set of dot products down the rows, with T² accumulator registers fed by 2T
// vector loads per step, which keeps the multiply-add units busy and needs no packing. The loads
// are pinned to registers (keep_in_register): GCC 12 otherwise folded each operand into every
// multiply-add that uses it, 20 loads per step instead of 8 on AVX-512, and the loop waited on
// loads (the W2 fit took 10% longer). The accumulators are separate values, not an array (see
// cross_tile_steps). The kernel is kept out of line (NOMO_NOINLINE): inlined into the pass, its
// accumulators were spilled. Only tiles on or below the diagonal are computed. The pass hands the
// kernel a block in slices that stay in L1 cache while every tile reads them; the tiles'
// accumulators wait in memory between slices (unaligned loads and stores: they are touched once
// per tile and slice, and a build may cap Eigen's allocation alignment below the packet size), and
// each lane adds its rows in order, so the sums depend on the block size alone, never on the thread
// count.
//
// Eigen's packet primitives (ploadu, pmadd; core/simd.hpp) keep it portable: the same code runs on
// SSE2, AVX, AVX-512 and NEON, or on scalars when vectorisation is off. The summation order
// depends only on the block's size, never on the thread that runs it.
//
// The prefetch position is copied into a local variable for each tile's loop: with the loop
// storing through a reference instead, GCC 12 kept the accumulators' stores inside the loop.
//
// The kernel is compute-bound while the rest of a pass is memory-bound, so the kernel also carries
// the pass's memory requests: it issues one prefetch of the next block's data per step (a block's
// kernel takes about as many steps as the next block has cache lines), which keeps the loads in
// flight behind the multiply-adds instead of stalling a tight prefetch loop once the CPU's few
// outstanding-miss slots are full.

#include <algorithm>
#include <cstdint>
#include <utility>
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
  /// How far the requests have got: a kernel copies it into a local variable for its loop, so that
  /// its accumulators stay in registers (a store through a reference inside the loop keeps the
  /// compiler from moving the accumulators' stores out of it).
  struct cursor {
    std::size_t span = 0;
    std::uintptr_t line = 0;
  };

  void clear() {
    spans_.clear();
    next_ = {};
  }
  /// Queues `count` doubles from `data` (nothing when count is 0).
  void push(const double* data, Eigen::Index count) {
    if (count <= 0) return;
    const auto first = reinterpret_cast<std::uintptr_t>(data) / line_bytes;
    const auto last = (reinterpret_cast<std::uintptr_t>(data + count) - 1) / line_bytes;
    spans_.push_back({first * line_bytes, static_cast<std::uintptr_t>(last - first + 1)});
  }
  /// The next line to request, and setting it after a kernel has requested lines up to `at`.
  cursor position() const { return next_; }
  void set_position(const cursor& at) { next_ = at; }
  /// Requests the line at `at`, if any is left, and moves `at` to the next one.
  void issue_next(cursor& at) const {
    if (at.span == spans_.size()) return;
    const span& s = spans_[at.span];
    prefetch(s.address + at.line * line_bytes);
    if (++at.line == s.lines) {
      ++at.span;
      at.line = 0;
    }
  }
  /// Requests every line still queued (for kernels too short to carry them all).
  void issue_rest() {
    while (next_.span < spans_.size()) issue_next(next_);
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
  cursor next_;
};

/// The tiles' packet accumulators (as doubles, cross_tile² packets per tile), kept between the
/// row slices of a block.
using tile_accumulators = std::vector<double, Eigen::aligned_allocator<double>>;

/// Rows per slice: at 21 columns a 128-row slice (21 KB) stays in L1 cache while the pass computes
/// its linear predictors and weights and every tile reads it, instead of each step streaming the
/// whole block from L2. The accumulators, k²/2 packets, grow with the square of the columns and are
/// reloaded per slice, so wide designs take the block in one slice. The 48-column limit is a
/// judgement, not a measurement: near it, slice and accumulators (AVX-512) already exceed L1, and
/// only 21 columns were timed.
inline constexpr Eigen::Index slice_rows = 128;
inline constexpr Eigen::Index max_sliced_columns = 48;

/// Rows per slice of a block of `block_rows` rows and k columns.
inline Eigen::Index cross_product_slice_rows(Eigen::Index k, Eigen::Index block_rows) {
  return k <= max_sliced_columns ? std::min(slice_rows, block_rows) : block_rows;
}

/// cross_tile_update for the outputs I = a·TB + b. The accumulators are a lambda's parameter pack:
/// TA·TB separate values, which GCC 12 keeps in registers from the load to the store. As an array
/// of packets (1 KB with AVX-512) they stayed an aggregate in memory, copied to the stack on entry
/// and back on exit of every call, which cost about a third of a 16-step call (the W2 fit took
/// 10–15% longer). Each operand is pinned while it is a local of its own, not an array element:
/// pinned in the array, the array went to the stack on every step.
template <int TA, int TB, bool on_diagonal, std::size_t... I>
NOMO_NOINLINE inline void cross_tile_steps(std::index_sequence<I...>, const double* z, Eigen::Index ld, Eigen::Index rows,
                                           Eigen::Index a0, Eigen::Index b0, double* store, const prefetch_queue& ahead,
                                           prefetch_queue::cursor& at_ref) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  constexpr auto wanted = [](std::size_t a, std::size_t b) { return !on_diagonal || b <= a; };
  prefetch_queue::cursor at = at_ref;
  auto steps = [&](auto... acc) {
    for (Eigen::Index i = 0; i < rows; i += width) {
      packet left[static_cast<std::size_t>(TA)], right[static_cast<std::size_t>(TB)];
      for (int a = 0; a < TA; ++a) {
        packet l = ploadu<packet>(z + (a0 + a) * ld + i);
        nomo::detail::keep_in_register(l);
        left[a] = l;
      }
      for (int b = 0; b < TB; ++b) {
        if constexpr (on_diagonal) {
          right[b] = left[b];  // diagonal tiles are square (TA == TB)
        } else {
          packet r = ploadu<packet>(z + (b0 + b) * ld + i);
          nomo::detail::keep_in_register(r);
          right[b] = r;
        }
      }
      ((acc = wanted(I / TB, I % TB) ? pmadd(left[I / TB], right[I % TB], acc) : acc), ...);
      ahead.issue_next(at);
    }
    (pstoreu(store + static_cast<Eigen::Index>(I) * width, acc), ...);
  };
  steps(ploadu<packet>(store + static_cast<Eigen::Index>(I) * width)...);
  at_ref = at;
}

/// Adds Σ_i Z(i, a)·Z(i, b) over the first `rows` rows (whole packets) to the tile's packet
/// accumulators `store` (TA × TB packets, row-major) for a ∈ [a0, a0 + TA), b ∈ [b0, b0 + TB). A
/// diagonal tile (b0 = a0, TB = TA) computes only its pairs with b ≤ a.
template <int TA, int TB, bool on_diagonal>
inline void cross_tile_update(const double* z, Eigen::Index ld, Eigen::Index rows, Eigen::Index a0, Eigen::Index b0,
                              double* store, const prefetch_queue& ahead, prefetch_queue::cursor& at) {
  static_assert(!on_diagonal || TA == TB, "a diagonal tile is square");
  cross_tile_steps<TA, TB, on_diagonal>(std::make_index_sequence<static_cast<std::size_t>(TA * TB)>{}, z, ld, rows, a0, b0,
                                        store, ahead, at);
}

/// Calls `visit(ta, diagonal, a0, b0)` for every tile on or below the diagonal, in a fixed order:
/// the tile of columns a ∈ [a0, a0 + ta), b ∈ [b0, b0 + tb) with tb = ta on the diagonal and
/// cross_tile left of it.
template <class Visit>
inline void for_each_tile(Eigen::Index k, Visit visit) {
  for (Eigen::Index a0 = 0; a0 < k; a0 += cross_tile) {
    const Eigen::Index ta = std::min<Eigen::Index>(cross_tile, k - a0);
    for (Eigen::Index b0 = 0; b0 < a0; b0 += cross_tile) visit(ta, false, a0, b0);
    visit(ta, true, a0, a0);
  }
}

/// cross_tile_update for a tile row of TA columns.
template <int TA>
inline void update_tile(bool diagonal, const double* z, Eigen::Index ld, Eigen::Index rows, Eigen::Index a0,
                        Eigen::Index b0, double* store, const prefetch_queue& ahead, prefetch_queue::cursor& at) {
  if (diagonal) cross_tile_update<TA, TA, true>(z, ld, rows, a0, b0, store, ahead, at);
  else cross_tile_update<TA, cross_tile, false>(z, ld, rows, a0, b0, store, ahead, at);
}

/// Doubles of accumulators per tile.
inline constexpr Eigen::Index tile_doubles = cross_tile * cross_tile * static_cast<Eigen::Index>(nomo::detail::double_lanes);

/// Starts a block's cross product of k columns: zero accumulators for every tile.
inline void start_lower_cross_product(Eigen::Index k, tile_accumulators& tiles) {
  const Eigen::Index tiles_per_row = (k + cross_tile - 1) / cross_tile;
  tiles.assign(static_cast<std::size_t>(tiles_per_row * (tiles_per_row + 1) / 2 * tile_doubles), 0.0);
}

/// Adds the `rows` rows of one slice Z (column-major, k columns, leading dimension ld) to the
/// accumulators. `rows` is a whole number of packets: a slice ending mid-packet is padded with
/// zero rows, which add exact zeros. Issues one of `ahead`'s prefetches per step.
inline void add_lower_cross_product_rows(const double* z, Eigen::Index ld, Eigen::Index rows, Eigen::Index k,
                                         prefetch_queue& ahead, tile_accumulators& tiles) {
  static_assert(cross_tile >= 3 && cross_tile <= 4, "the dispatch below covers partial tile rows of 1 to 3 columns");
  prefetch_queue::cursor at = ahead.position();
  double* store = tiles.data();
  for_each_tile(k, [&](Eigen::Index ta, bool diagonal, Eigen::Index a0, Eigen::Index b0) {
    switch (ta) {
      case 1: update_tile<1>(diagonal, z, ld, rows, a0, b0, store, ahead, at); break;
      case 2: update_tile<2>(diagonal, z, ld, rows, a0, b0, store, ahead, at); break;
      case 3: update_tile<3>(diagonal, z, ld, rows, a0, b0, store, ahead, at); break;
      default: update_tile<cross_tile>(diagonal, z, ld, rows, a0, b0, store, ahead, at); break;
    }
    store += tile_doubles;
  });
  ahead.set_position(at);
}

/// Ends a block: C += the accumulators' lane sums, on and below the diagonal (the strict upper
/// triangle of the k × k column-major C is left untouched).
inline void finish_lower_cross_product(Eigen::Index k, const tile_accumulators& tiles, double* c, Eigen::Index ldc) {
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const double* store = tiles.data();
  for_each_tile(k, [&](Eigen::Index ta, bool diagonal, Eigen::Index a0, Eigen::Index b0) {
    const Eigen::Index tb = diagonal ? ta : cross_tile;
    for (Eigen::Index a = 0; a < ta; ++a) {
      for (Eigen::Index b = 0; b < tb; ++b) {
        if (diagonal && b > a) continue;
        c[(b0 + b) * ldc + a0 + a] += nomo::detail::lane_sum(Eigen::internal::ploadu<packet>(store + (a * tb + b) * width));
      }
    }
    store += tile_doubles;
  });
}

}  // namespace nomo::glm::detail
