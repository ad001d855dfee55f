#pragma once
// Dose grids and structure masks on one voxel geometry.
//
// A geometry is an axis-aligned voxel lattice: dimensions (x fastest, then y, then z), spacing in mm
// and the position of the centre of voxel (0, 0, 0) in mm (DICOM's ImagePositionPatient for an
// identity orientation). Rotated lattices are not represented: resample them first.
//
// dose_grid<T> holds one dose per voxel in Gy (T = float or double). Its constructor checks every
// value once (finite, ≥ 0), so metric functions never have to re-check and never see NaN.
//
// mask is a structure on a geometry: binary (each voxel in or out, the voxel-centre rule of
// dicompyler and plastimatch) or, optionally, fractional occupancy in [0, 1]. Set operations
// (union, intersection, difference) require equal geometries and say so loudly when they differ.
// R has no counterpart (rms, survival and pROC take tables, not dose grids); the voxel-centre mask
// rule is dicompyler-core's and plastimatch's.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "nomo/core/error.hpp"

namespace nomo::dose {

/// Voxel lattice: `size` voxels per axis, `spacing` mm per axis, `origin` = centre of voxel
/// (0, 0, 0) in mm. Voxel (i, j, k) has linear index i + nx·(j + ny·k).
struct grid_geometry {
  std::array<std::size_t, 3> size{1, 1, 1};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};
  std::array<double, 3> origin{0.0, 0.0, 0.0};

  /// Throws invalid_input (naming `argument`) for a zero dimension, dimensions whose voxel count
  /// does not fit in std::size_t, a spacing that is not positive and finite, a non-finite origin,
  /// or spacings (named `argument.spacing`) whose voxel volume in cc underflows to 0 or whose grid
  /// volume overflows double (e.g. 1e-200 or 1e200 mm on every axis).
  void validate(std::string_view function = "dose::grid_geometry::validate",
                std::string_view argument = "geometry") const {
    static constexpr const char* axis[3] = {"x", "y", "z"};
    std::size_t count = 1;
    for (std::size_t a = 0; a < 3; ++a) {
      const std::string name = std::string(argument) + "." + axis[a];
      if (size[a] == 0) fail_input(function, name + " size", size[a], "must be at least 1");
      if (count > std::numeric_limits<std::size_t>::max() / size[a]) {
        fail_input(function, name + " size", size[a], "makes the voxel count overflow std::size_t");
      }
      count *= size[a];
      check_positive(function, name + " spacing", spacing[a]);
      check_finite(function, name + " origin", origin[a]);
    }
    check_volume(function, argument, count);
  }

  std::size_t voxel_count() const { return size[0] * size[1] * size[2]; }
  /// Volume of one voxel in cc (1 cc = 1000 mm³).
  double voxel_volume_cc() const { return spacing[0] * spacing[1] * spacing[2] / 1000.0; }
  std::size_t index(std::size_t i, std::size_t j, std::size_t k) const { return i + size[0] * (j + size[1] * k); }
  /// Position in mm of the centre of voxel `i` along `axis` (0 = x, 1 = y, 2 = z).
  double centre(int axis, std::size_t i) const {
    const auto a = static_cast<std::size_t>(axis);
    return origin[a] + spacing[a] * static_cast<double>(i);
  }
  /// Whether voxel (i, j, k) lies on a face of the lattice.
  bool on_edge(std::size_t i, std::size_t j, std::size_t k) const {
    return i == 0 || j == 0 || k == 0 || i + 1 == size[0] || j + 1 == size[1] || k + 1 == size[2];
  }

 private:
  /// Every volume reported is a sum of voxel volumes in cc, at most the grid's: a voxel volume of
  /// 0 would call every structure empty, a grid volume of Inf would make volumes and means Inf.
  void check_volume(std::string_view function, std::string_view argument, std::size_t count) const {
    const double voxel_cc = voxel_volume_cc();
    if (voxel_cc > 0 && std::isfinite(voxel_cc * static_cast<double>(count))) return;
    const std::string value = nomo::detail::describe(spacing[0]) + "x" + nomo::detail::describe(spacing[1]) + "x" +
                              nomo::detail::describe(spacing[2]) + " mm";
    throw invalid_input(std::string(function), std::string(argument) + ".spacing", value,
                        voxel_cc > 0 ? "the grid's volume (" + std::to_string(count) + " voxels of " +
                                           nomo::detail::describe(voxel_cc) + " cc) overflows double"
                                     : "the voxel volume underflows to 0 cc in double");
  }
};

/// Whether two geometries describe the same lattice: equal sizes, and the first and the last voxel
/// centres along each axis within `tolerance_mm` of each other (TPS exports round positions to
/// about 1e-3 mm), which bounds the drift of every centre between them. An axis of one voxel has
/// no last centre to drift: there the spacings must agree to 1e-3 relatively, so that the voxel
/// volumes do.
inline bool same_geometry(const grid_geometry& a, const grid_geometry& b, double tolerance_mm = 1e-3) {
  for (std::size_t axis = 0; axis < 3; ++axis) {
    if (a.size[axis] != b.size[axis]) return false;
    if (!(std::abs(a.origin[axis] - b.origin[axis]) <= tolerance_mm)) return false;
    if (a.size[axis] <= 1) {
      if (!(std::abs(a.spacing[axis] - b.spacing[axis]) <= 1e-3 * std::max(a.spacing[axis], b.spacing[axis]))) return false;
      continue;
    }
    const auto steps = static_cast<double>(a.size[axis] - 1);
    const double last_a = a.origin[axis] + steps * a.spacing[axis], last_b = b.origin[axis] + steps * b.spacing[axis];
    if (!(std::abs(last_a - last_b) <= tolerance_mm)) return false;
  }
  return true;
}

namespace detail {

inline std::string describe_geometry(const grid_geometry& g) {
  auto triple = [](const auto& v) {
    return nomo::detail::describe(v[0]) + "x" + nomo::detail::describe(v[1]) + "x" + nomo::detail::describe(v[2]);
  };
  return "size " + triple(g.size) + ", spacing " + triple(g.spacing) + " mm, origin " + triple(g.origin) + " mm";
}

}  // namespace detail

/// Throws invalid_input naming `argument` and its geometry when it differs from `other_argument`'s.
inline void check_same_geometry(std::string_view function, std::string_view argument, const grid_geometry& geometry,
                                std::string_view other_argument, const grid_geometry& other) {
  if (!same_geometry(geometry, other)) {
    throw invalid_input(std::string(function), std::string(argument) + ".geometry()",
                        detail::describe_geometry(geometry),
                        "must equal " + std::string(other_argument) + ".geometry() = " +
                            detail::describe_geometry(other) + " (resample one onto the other first)");
  }
}

/// Physical dose per voxel in Gy. Invariant (checked once, at construction): the value count equals
/// the voxel count and every value is finite and ≥ 0.
template <class T>
class dose_grid {
  static_assert(std::is_floating_point_v<T>, "nomo::dose::dose_grid<T>: T must be float or double");

 public:
  using value_type = T;

  /// Throws invalid_input for an invalid geometry, a value count that differs from the voxel count,
  /// or a negative or non-finite dose (named as `dose[index]`).
  dose_grid(grid_geometry geometry, std::vector<T> dose) : geometry_(geometry), dose_(std::move(dose)) {
    constexpr std::string_view function = "dose::dose_grid";
    geometry_.validate(function, "geometry");
    check_same_size(function, "dose", dose_.size(), "geometry voxel count", geometry_.voxel_count());
    for (std::size_t i = 0; i < dose_.size(); ++i) {
      const T v = dose_[i];
      if (!(v >= 0) || !std::isfinite(v)) fail_input(function, nomo::detail::element("dose", i), v, "must be finite and ≥ 0 Gy");
    }
  }

  const grid_geometry& geometry() const { return geometry_; }
  const std::vector<T>& values() const { return dose_; }
  T operator[](std::size_t index) const { return dose_[index]; }
  T operator()(std::size_t i, std::size_t j, std::size_t k) const { return dose_[geometry_.index(i, j, k)]; }
  std::size_t size() const { return dose_.size(); }

 private:
  grid_geometry geometry_;
  std::vector<T> dose_;
};

/// A dose grid filled from `dose_at(x, y, z)` evaluated at every voxel centre (mm). Handy for
/// synthetic phantoms; the values go through dose_grid's checks.
template <class T, class Function>
dose_grid<T> make_dose_grid(const grid_geometry& geometry, Function dose_at) {
  geometry.validate("dose::make_dose_grid", "geometry");
  std::vector<T> values(geometry.voxel_count());
  for (std::size_t k = 0; k < geometry.size[2]; ++k)
    for (std::size_t j = 0; j < geometry.size[1]; ++j)
      for (std::size_t i = 0; i < geometry.size[0]; ++i)
        values[geometry.index(i, j, k)] =
            static_cast<T>(dose_at(geometry.centre(0, i), geometry.centre(1, j), geometry.centre(2, k)));
  return dose_grid<T>(geometry, std::move(values));
}

/// A structure on a geometry. Binary masks store one byte per voxel (0 or 1); fractional masks store
/// an occupancy in [0, 1] per voxel (partial-volume weights). Dose statistics weight each voxel by
/// its occupancy; dose-spec §4.7 warns that partial weights bias near-minimum doses low unless the
/// dose is also sampled finer than the voxel.
class mask {
 public:
  /// Binary mask. Throws invalid_input for an invalid geometry, a size mismatch or a value other
  /// than 0 or 1 (named as `inside[index]`).
  mask(grid_geometry geometry, std::vector<std::uint8_t> inside) : geometry_(geometry), inside_(std::move(inside)) {
    constexpr std::string_view function = "dose::mask";
    geometry_.validate(function, "geometry");
    check_same_size(function, "inside", inside_.size(), "geometry voxel count", geometry_.voxel_count());
    for (std::size_t i = 0; i < inside_.size(); ++i) {
      if (inside_[i] > 1) fail_input(function, nomo::detail::element("inside", i), int(inside_[i]), "must be 0 or 1");
      voxel_count_ += inside_[i];
    }
    total_weight_ = static_cast<double>(voxel_count_);
  }

  /// Fractional-occupancy mask. Throws invalid_input for an invalid geometry, a size mismatch or an
  /// occupancy outside [0, 1] (named as `occupancy[index]`).
  static mask fractional(grid_geometry geometry, std::vector<float> occupancy) {
    constexpr std::string_view function = "dose::mask::fractional";
    geometry.validate(function, "geometry");
    check_same_size(function, "occupancy", occupancy.size(), "geometry voxel count", geometry.voxel_count());
    std::vector<std::uint8_t> inside(occupancy.size());
    for (std::size_t i = 0; i < occupancy.size(); ++i) {
      if (!(occupancy[i] >= 0.0f && occupancy[i] <= 1.0f))
        fail_input(function, nomo::detail::element("occupancy", i), occupancy[i], "must lie in [0, 1]");
      inside[i] = occupancy[i] > 0.0f;
    }
    mask out(geometry, std::move(inside));
    out.total_weight_ = 0;
    for (const float v : occupancy) out.total_weight_ += v;
    out.occupancy_ = std::move(occupancy);
    return out;
  }

  const grid_geometry& geometry() const { return geometry_; }
  bool is_fractional() const { return !occupancy_.empty(); }
  /// 1 for voxels with any occupancy, else 0.
  const std::vector<std::uint8_t>& inside() const { return inside_; }
  /// Occupancy per voxel; empty for a binary mask.
  const std::vector<float>& occupancy() const { return occupancy_; }
  /// Weight of voxel `index` in dose statistics: its occupancy, or 0/1 for a binary mask.
  double weight(std::size_t index) const { return is_fractional() ? occupancy_[index] : inside_[index]; }
  std::size_t size() const { return inside_.size(); }
  /// Number of voxels with any occupancy (counted once, at construction: masks are immutable).
  std::size_t voxel_count() const { return voxel_count_; }
  /// Structure volume in cc: Σ weight · voxel volume.
  double volume_cc() const { return total_weight_ * geometry_.voxel_volume_cc(); }

 private:
  grid_geometry geometry_;
  std::vector<std::uint8_t> inside_;
  std::vector<float> occupancy_;
  std::size_t voxel_count_ = 0;
  double total_weight_ = 0;  // Σ occupancy (binary: the voxel count)
};

/// Calls visit(begin, end) for every run [begin, end) of consecutive voxel indices of `m` with any
/// occupancy, in index order. Empty stretches are skipped with memchr (vectorised in every common
/// libc), so sparse structures such as a GTV cost little more than reading their bytes, and the
/// caller's loop over a run can keep its sums in registers.
template <class Visit>
void for_each_run(const mask& m, Visit visit) {
  const std::uint8_t* begin = m.inside().data();
  const std::uint8_t* end = begin + m.size();
  for (const std::uint8_t* p = begin; p < end;) {
    const void* hit = std::memchr(p, 1, static_cast<std::size_t>(end - p));
    if (!hit) return;
    const std::uint8_t* first = static_cast<const std::uint8_t*>(hit);
    const void* gap = std::memchr(first, 0, static_cast<std::size_t>(end - first));
    p = gap ? static_cast<const std::uint8_t*>(gap) : end;
    visit(static_cast<std::size_t>(first - begin), static_cast<std::size_t>(p - begin));
  }
}

/// Calls visit(index) for every voxel of `m` with any occupancy, in index order.
template <class Visit>
void for_each_voxel(const mask& m, Visit visit) {
  for_each_run(m, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) visit(i);
  });
}

/// A binary mask of the voxels whose centre (x, y, z in mm) satisfies `contains(x, y, z)`: the
/// voxel-centre rasterisation of dicompyler and plastimatch.
template <class Predicate>
mask make_mask(const grid_geometry& geometry, Predicate contains) {
  geometry.validate("dose::make_mask", "geometry");
  std::vector<std::uint8_t> inside(geometry.voxel_count());
  for (std::size_t k = 0; k < geometry.size[2]; ++k)
    for (std::size_t j = 0; j < geometry.size[1]; ++j)
      for (std::size_t i = 0; i < geometry.size[0]; ++i)
        inside[geometry.index(i, j, k)] =
            contains(geometry.centre(0, i), geometry.centre(1, j), geometry.centre(2, k)) ? 1 : 0;
  return mask(geometry, std::move(inside));
}

/// Throws invalid_input naming `argument` when `m` holds no voxel (volume 0 cc).
inline void check_not_empty(std::string_view function, std::string_view argument, const mask& m) {
  if (m.volume_cc() <= 0) fail_input(function, std::string(argument) + ".volume_cc()", 0.0, "the structure is empty");
}

namespace detail {

/// Applies `binary(a, b)` voxel-wise to two binary masks, or `fuzzy(a, b)` to occupancies when either
/// mask is fractional.
template <class Binary, class Fuzzy>
mask combine(std::string_view function, const mask& a, const mask& b, Binary binary, Fuzzy fuzzy) {
  check_same_geometry(function, "b", b.geometry(), "a", a.geometry());
  const std::size_t n = a.size();
  if (!a.is_fractional() && !b.is_fractional()) {
    std::vector<std::uint8_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = binary(a.inside()[i], b.inside()[i]);
    return mask(a.geometry(), std::move(out));
  }
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = fuzzy(static_cast<float>(a.weight(i)), static_cast<float>(b.weight(i)));
  return mask::fractional(a.geometry(), std::move(out));
}

}  // namespace detail

/// Voxels in `a` or `b` (fractional: the larger occupancy). Throws invalid_input when the
/// geometries differ.
inline mask mask_union(const mask& a, const mask& b) {
  return detail::combine("dose::mask_union", a, b, [](std::uint8_t u, std::uint8_t v) { return std::uint8_t(u | v); },
                         [](float u, float v) { return u > v ? u : v; });
}

/// Voxels in both `a` and `b` (fractional: the smaller occupancy). Throws invalid_input when the
/// geometries differ.
inline mask mask_intersection(const mask& a, const mask& b) {
  return detail::combine("dose::mask_intersection", a, b, [](std::uint8_t u, std::uint8_t v) { return std::uint8_t(u & v); },
                         [](float u, float v) { return u < v ? u : v; });
}

/// Voxels in `a` and not in `b`, e.g. the dose-dropping zone PTV ∧ ¬GTV (fractional:
/// max(0, a − b), so that nested partial volumes subtract). Throws invalid_input when the
/// geometries differ.
inline mask mask_difference(const mask& a, const mask& b) {
  return detail::combine("dose::mask_difference", a, b,
                         [](std::uint8_t u, std::uint8_t v) { return std::uint8_t(u & (v ^ 1u)); },
                         [](float u, float v) { return u > v ? u - v : 0.0f; });
}

}  // namespace nomo::dose
