#pragma once
// Sampling a dose grid onto another geometry (e.g. the coarse TPS dose grid onto the CT/mask grid).
//
// dose-spec §6.2 recommends computing on the mask grid with trilinear dose (as plastimatch does);
// that biases peaked doses by about (h²/12)·∇²D (§4.7). Nearest sampling keeps TPS-native voxel
// doses. Target voxel centres within half a voxel outside the source's outermost centres take the
// edge value (the source voxels cover that space); centres beyond the source's extent get
// resample_options::outside_dose_gy and are counted in the result.
// No R function is mirrored; trilinear sampling matches plastimatch's resampling and
// scipy.ndimage.map_coordinates(order = 1) at interior points.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/dose/grid.hpp"

namespace nomo::dose {

enum class interpolation {
  trilinear,  ///< linear in each axis between the 8 surrounding source voxel centres
  nearest     ///< the source voxel containing the target centre (ties go to the higher index)
};

/// Options of resample_dose.
struct resample_options {
  interpolation method = interpolation::trilinear;  ///< default trilinear (plastimatch, dose-spec §6.2)
  double outside_dose_gy = 0.0;                    ///< dose given to target voxels outside the source grid

  /// Throws invalid_input: an unknown method, outside_dose_gy negative or not finite.
  void validate() const {
    check_enum("dose::resample_options::validate", "method", method, {interpolation::trilinear, interpolation::nearest},
               "interpolation", "trilinear or nearest");
    check_non_negative("dose::resample_options::validate", "outside_dose_gy", outside_dose_gy);
  }
};

/// The resampled grid and how many of its voxels lay outside the source grid.
template <class T>
struct resampled_dose {
  dose_grid<T> dose;
  std::size_t outside_voxels = 0;
};

namespace detail {

/// Per target index along one axis: the two source indices, the weight of the upper one, and
/// whether the centre lies inside the source extent.
struct axis_samples {
  std::vector<std::size_t> lower, upper;
  std::vector<double> upper_weight;
  std::vector<std::uint8_t> inside;
};

inline axis_samples sample_axis(const grid_geometry& source, const grid_geometry& target, int axis, interpolation method) {
  const auto a = static_cast<std::size_t>(axis);
  const std::size_t n = target.size[a];
  const double last = double(source.size[a] - 1);
  axis_samples s{std::vector<std::size_t>(n), std::vector<std::size_t>(n), std::vector<double>(n), std::vector<std::uint8_t>(n)};
  for (std::size_t t = 0; t < n; ++t) {
    const double u = (target.centre(axis, t) - source.origin[a]) / source.spacing[a];
    s.inside[t] = u >= -0.5 && u <= last + 0.5;
    const double clamped = std::fmin(std::fmax(u, 0.0), last);
    if (method == interpolation::nearest) {
      s.lower[t] = s.upper[t] = static_cast<std::size_t>(std::fmin(std::floor(clamped + 0.5), last));
      continue;
    }
    const double base = std::fmin(std::floor(clamped), std::fmax(last - 1.0, 0.0));
    s.lower[t] = static_cast<std::size_t>(base);
    s.upper[t] = static_cast<std::size_t>(std::fmin(base + 1.0, last));
    s.upper_weight[t] = clamped - base;
  }
  return s;
}

}  // namespace detail

/// `source` sampled at the voxel centres of `target`. Throws invalid_input for an invalid target
/// geometry or options, or an outside_dose_gy beyond the grid's value type (1e300 in a float grid).
/// (No R equivalent; plastimatch resample / scipy.ndimage.map_coordinates
/// order 1 or 0.)
template <class T>
resampled_dose<T> resample_dose(const dose_grid<T>& source, const grid_geometry& target, const resample_options& options = {}) {
  target.validate("dose::resample_dose", "target");
  options.validate();
  if (options.outside_dose_gy > static_cast<double>(std::numeric_limits<T>::max())) {  // e.g. 1e300 in a float grid
    fail_input("dose::resample_dose", "options.outside_dose_gy", options.outside_dose_gy,
               "does not fit the grid's value type (largest " +
                   nomo::detail::describe(static_cast<double>(std::numeric_limits<T>::max())) + ")");
  }
  const grid_geometry& g = source.geometry();
  const detail::axis_samples sx = detail::sample_axis(g, target, 0, options.method);
  const detail::axis_samples sy = detail::sample_axis(g, target, 1, options.method);
  const detail::axis_samples sz = detail::sample_axis(g, target, 2, options.method);
  std::vector<T> out(target.voxel_count());
  std::size_t outside = 0, index = 0;
  auto at = [&](std::size_t i, std::size_t j, std::size_t k) { return double(source(i, j, k)); };
  for (std::size_t k = 0; k < target.size[2]; ++k)
    for (std::size_t j = 0; j < target.size[1]; ++j)
      for (std::size_t i = 0; i < target.size[0]; ++i, ++index) {
        if (!(sx.inside[i] && sy.inside[j] && sz.inside[k])) {
          out[index] = static_cast<T>(options.outside_dose_gy);
          ++outside;
          continue;
        }
        const double tx = sx.upper_weight[i], ty = sy.upper_weight[j], tz = sz.upper_weight[k];
        auto plane = [&](std::size_t kk) {
          const double low = (1 - tx) * at(sx.lower[i], sy.lower[j], kk) + tx * at(sx.upper[i], sy.lower[j], kk);
          const double high = (1 - tx) * at(sx.lower[i], sy.upper[j], kk) + tx * at(sx.upper[i], sy.upper[j], kk);
          return (1 - ty) * low + ty * high;
        };
        out[index] = static_cast<T>((1 - tz) * plane(sz.lower[k]) + tz * plane(sz.upper[k]));
      }
  return {dose_grid<T>(target, std::move(out)), outside};
}

}  // namespace nomo::dose
