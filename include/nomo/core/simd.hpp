#pragma once
// Small helpers for the hand-vectorised kernels (glm's cross products, lowess' window sums), built
// on Eigen's portable packet primitives so that the same code runs on SSE2, AVX, AVX-512 and NEON,
// or on scalars when vectorisation is off.

#include <cstddef>

#include <Eigen/Core>

/// Keeps a hot kernel a function of its own: inlined into a large caller, GCC 12 spilled its
/// accumulators to the stack and reloaded its pointers inside the loop.
#if defined(__GNUC__)
#define NOMO_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define NOMO_NOINLINE __declspec(noinline)
#else
#define NOMO_NOINLINE
#endif

namespace nomo::detail {

/// Eigen's widest packet of doubles on this build and its number of lanes.
using double_packet = typename Eigen::internal::packet_traits<double>::type;
inline constexpr std::size_t double_lanes = static_cast<std::size_t>(Eigen::internal::packet_traits<double>::size);

/// Rows rounded up to a whole number of packets.
inline Eigen::Index whole_packet_rows(Eigen::Index rows) {
  constexpr auto width = static_cast<Eigen::Index>(double_lanes);
  return (rows + width - 1) / width * width;
}

/// Makes the compiler hold `p` in a vector register from here on. A kernel that loads each operand
/// once and uses it in several multiply-adds wants the loads done once: GCC 12 otherwise folds
/// every use into a multiply-add with a memory operand, loading the operand again each time, which
/// made the information kernel wait on loads instead of multiply-adds (x86 only: elsewhere the
/// compiler is left to its choice).
template <class Packet>
inline void keep_in_register(Packet& p) {
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
  __asm__("" : "+v"(p));
#else
  (void)p;
#endif
}

/// The sum of a packet's lanes. On AVX-512 and AVX the halves are added in registers, (0 + 4) +
/// (2 + 6) + ((1 + 5) + (3 + 7)) on AVX-512: through memory, the eight scalar loads of a stored
/// 64-byte packet waited on its store, and lowess' local fits, which end in five such sums, ran
/// ~10% slower. Eigen's predux is not used because its AVX-512 form trips GCC 12's
/// -Wuninitialized (-O2) or -Wmaybe-uninitialized (-O3) inside <immintrin.h>:
/// _mm512_extractf64x4_pd's undefined source, which _mm512_castpd512_pd256 also calls. The
/// zero-masked extract has none.
inline double lane_sum(const double_packet& p) {
#if defined(EIGEN_VECTORIZE_AVX512)
  const __m256d half = _mm256_add_pd(_mm512_maskz_extractf64x4_pd(0xF, p, 0), _mm512_maskz_extractf64x4_pd(0xF, p, 1));
  const __m128d quarter = _mm_add_pd(_mm256_castpd256_pd128(half), _mm256_extractf128_pd(half, 1));
  return _mm_cvtsd_f64(_mm_add_sd(quarter, _mm_unpackhi_pd(quarter, quarter)));
#elif defined(EIGEN_VECTORIZE_AVX)
  const __m128d half = _mm_add_pd(_mm256_castpd256_pd128(p), _mm256_extractf128_pd(p, 1));
  return _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
#else
  double lanes[double_lanes];
  Eigen::internal::pstoreu(lanes, p);
  double sum = 0;
  for (std::size_t l = 0; l < double_lanes; ++l) sum += lanes[l];
  return sum;
#endif
}

}  // namespace nomo::detail
