#pragma once
// Analytic phantoms for the dose tests: lattices with deterministic sub-voxel offsets, balls and
// shells rasterised at voxel centres, and the closed forms of tests/reference/dose_analytic.csv.

#include <array>
#include <cmath>
#include <map>
#include <string>

#include "fixture.hpp"
#include "nomo/dose/grid.hpp"

namespace dose_test {

/// Closed-form values written by tests/reference/dose_analytic.py.
inline const std::map<std::string, double>& analytic() {
  static const std::map<std::string, double> values = nomo_test::read_values("dose_analytic.csv");
  return values;
}
inline double truth(const std::string& name) { return analytic().at(name); }

/// dose-spec §4.8: offsets of (0.123, 0.456, 0.789) voxels keep voxel centres off symmetry planes.
constexpr std::array<double, 3> sub_voxel_offset{0.123, 0.456, 0.789};

/// A lattice centred on the origin (shifted by the sub-voxel offset) reaching at least
/// `half_width_mm` on each side: n = 2·⌈half_width/h⌉ + 1 voxels per axis. This is the lattice of
/// dose_analytic.py's margin counts with half_width = R + m_max + 2h.
inline nomo::dose::grid_geometry centred_lattice(std::array<double, 3> spacing, std::array<double, 3> half_width_mm) {
  nomo::dose::grid_geometry g;
  g.spacing = spacing;
  for (int a = 0; a < 3; ++a) {
    g.size[a] = 2 * static_cast<std::size_t>(std::ceil(half_width_mm[a] / spacing[a])) + 1;
    g.origin[a] = -(static_cast<double>(g.size[a]) - 1) / 2 * spacing[a] + sub_voxel_offset[a] * spacing[a];
  }
  return g;
}

inline nomo::dose::grid_geometry centred_lattice(std::array<double, 3> spacing, double half_width_mm) {
  return centred_lattice(spacing, {half_width_mm, half_width_mm, half_width_mm});
}

/// Voxel centres with r1 ≤ |p − centre| ≤ r2 (r1 = 0: a ball) — outer radius inclusive.
inline nomo::dose::mask shell(const nomo::dose::grid_geometry& g, double r1, double r2, std::array<double, 3> centre = {0, 0, 0}) {
  return nomo::dose::make_mask(g, [&](double x, double y, double z) {
    const double r2_ = (x - centre[0]) * (x - centre[0]) + (y - centre[1]) * (y - centre[1]) + (z - centre[2]) * (z - centre[2]);
    return (r1 == 0 || r2_ > r1 * r1) && r2_ <= r2 * r2;
  });
}

inline nomo::dose::mask ball(const nomo::dose::grid_geometry& g, double r, std::array<double, 3> centre = {0, 0, 0}) {
  return shell(g, 0, r, centre);
}

/// D0·exp(−|p − c|²/2σ²).
template <class T>
nomo::dose::dose_grid<T> gaussian_dose(const nomo::dose::grid_geometry& g, double d0, double sigma, std::array<double, 3> c = {0, 0, 0}) {
  return nomo::dose::make_dose_grid<T>(g, [&](double x, double y, double z) {
    const double r2 = (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]);
    return d0 * std::exp(-r2 / (2 * sigma * sigma));
  });
}

}  // namespace dose_test
