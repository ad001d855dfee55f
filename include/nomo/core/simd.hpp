#pragma once
// Small helpers for the hand-vectorised kernels (glm's cross products, lowess' window sums), built
// on Eigen's portable packet primitives so that the same code runs on SSE2, AVX, AVX-512 and NEON,
// or on scalars when vectorisation is off.

#include <cstddef>

#include <Eigen/Core>

namespace nomo::detail {

/// Eigen's widest packet of doubles on this build and its number of lanes.
using double_packet = typename Eigen::internal::packet_traits<double>::type;
inline constexpr std::size_t double_lanes = static_cast<std::size_t>(Eigen::internal::packet_traits<double>::size);

/// Rows rounded up to a whole number of packets.
inline Eigen::Index whole_packet_rows(Eigen::Index rows) {
  constexpr auto width = static_cast<Eigen::Index>(double_lanes);
  return (rows + width - 1) / width * width;
}

/// The sum of a packet's lanes, added in lane order through memory: Eigen's predux has an AVX-512
/// form that trips GCC 12's -Wuninitialized inside <immintrin.h> under -march=native.
inline double lane_sum(const double_packet& p) {
  double lanes[double_lanes];
  Eigen::internal::pstoreu(lanes, p);
  double sum = 0;
  for (std::size_t l = 0; l < double_lanes; ++l) sum += lanes[l];
  return sum;
}

}  // namespace nomo::detail
