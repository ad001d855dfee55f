#pragma once
// Plan-quality indices and region dose metrics (dose-spec §6.2, ICRU 83 / 91, RTOG, Paddick).
//
//  * TV = target volume, PV = prescription isodose volume = the volume of ALL voxels (of the body
//    mask, or of the whole grid) with D ≥ Rx — not only the target's; TV_PV = target volume with
//    D ≥ Rx; PV50 = the same at Rx / 2.
//  * TC = TV_PV / TV (coverage), PITV = PV / TV (RTOG; the RTOG conformity index is the same ratio
//    and is reported again as ci_rtog), Paddick CI = TV_PV² / (TV · PV), GI = PV50 / PV (Paddick's
//    gradient index), HI = (D2 − D98) / D50 on the target (ICRU 83). CI = TC² / PITV exactly.
//  * The 50 % isodose must lie inside the grid: if any edge voxel of the grid (inside the body mask
//    when one is given) receives ≥ Rx / 2, PV50 would be truncated and GI too small, so
//    plan_quality_indices throws nomo::computation_error.
//  * Dose-dropping zone = PTV ∧ ¬GTV: its Dmean and V(95 % of Rx) in % of its volume.
//  * Normal tissue (normal brain) = organ ∧ ¬excluded (brain ∧ ¬PTV by default in the paper's
//    sense; pass the GTV instead for the brain − GTV convention): Dmean and V(x Gy), x = 30 Gy.
// Region metrics here are single passes over the grid (no sorting), so they stay near the
// memory-bandwidth bound on whole-brain masks.
// No R function is mirrored; definitions follow RTOG, Paddick and ICRU 83 as written above.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "nomo/core/error.hpp"
#include "nomo/dose/dvh.hpp"
#include "nomo/dose/grid.hpp"

namespace nomo::dose {

/// TC, PITV, CI, HI and GI of one target for one prescription, with the volumes they come from.
struct plan_quality {
  double prescription_gy = 0;                   ///< Rx
  double target_volume_cc = 0;                  ///< TV
  double covered_target_volume_cc = 0;          ///< TV_PV: target volume with D ≥ Rx
  double prescription_isodose_volume_cc = 0;    ///< PV: body (or grid) volume with D ≥ Rx
  double half_prescription_isodose_volume_cc = 0;  ///< PV50: body (or grid) volume with D ≥ Rx / 2
  double tc = 0;          ///< target coverage TV_PV / TV, a fraction (× 100 for the paper's %)
  double pitv = 0;        ///< PV / TV
  double ci_rtog = 0;     ///< RTOG conformity index PV / TV (= pitv)
  double ci_paddick = 0;  ///< TV_PV² / (TV · PV)
  double gi = 0;          ///< Paddick gradient index PV50 / PV
  double hi = 0;          ///< ICRU 83 homogeneity index (D2 − D98) / D50 of the target
  structure_statistics target;  ///< the target's volume, Dmean, Dmax, Dmin, D2, D50, D98
};

/// Dose-dropping-zone (ring PTV ∧ ¬GTV) metrics.
struct dose_dropping_zone_metrics {
  double volume_cc = 0;             ///< ring volume
  double mean_gy = 0;               ///< ring Dmean
  double level_gy = 0;              ///< level_percent % of Rx
  double volume_at_level_percent = 0;  ///< V(level_gy) in % of the ring volume (the paper's V95)
};

/// Normal-tissue (e.g. normal brain) metrics.
struct normal_tissue_metrics {
  double volume_cc = 0;                   ///< organ ∧ ¬excluded volume
  double mean_gy = 0;                     ///< Dmean
  double threshold_gy = 0;                ///< x of V(x Gy)
  double volume_at_threshold_cc = 0;      ///< V(x Gy) in cc
  double volume_at_threshold_percent = 0; ///< V(x Gy) in % of the region
};

namespace detail {

/// Σ w, Σ w·D, Σ w·D² and Σ w·[D ≥ level] over a region, in one pass.
struct region_sums {
  double weight = 0;
  double weighted_dose = 0;
  double weighted_dose_squared = 0;
  double weight_at_or_above = 0;
};

/// The smallest T not below `x`: for a dose d of type T, d ≥ x ⟺ d ≥ at_least<T>(x), so the
/// comparison can run in T (and vectorise) without changing any result.
template <class T>
T at_least(double x) {
  T t = static_cast<T>(x);
  if (static_cast<double>(t) < x) t = std::nextafter(t, std::numeric_limits<T>::infinity());
  return t;
}

/// Sums over voxels of `region` that are not in `excluded` (nullptr: exclude nothing). A voxel's
/// weight is max(0, region weight − excluded weight), mask_difference's fractional A ∧ ¬B.
template <class T>
region_sums sum_region(const dose_grid<T>& dose, const mask& region, const mask* excluded, double level_gy) {
  region_sums s;
  auto add = [&](std::size_t i, double w) {
    const double d = dose[i];
    s.weight += w;
    s.weighted_dose += w * d;
    s.weighted_dose_squared += w * d * d;
    if (d >= level_gy) s.weight_at_or_above += w;
  };
  if (!region.is_fractional() && (!excluded || !excluded->is_fractional())) {  // the usual case: no weights to multiply
    const std::uint8_t* out = excluded ? excluded->inside().data() : nullptr;
    const T* d = dose.values().data();
    const T level = at_least<T>(level_gy);
    for_each_run(region, [&](std::size_t begin, std::size_t end) {
      // Four independent partial sums per run, in registers, so that the add latency does not
      // bound the whole-brain loop (which should be bandwidth bound).
      double sum[4] = {0, 0, 0, 0}, sum_squared[4] = {0, 0, 0, 0};
      std::size_t count = 0, above = 0;
      for (std::size_t i = begin; i < end; ++i) {
        const std::size_t keep = out ? std::size_t(out[i] ^ 1u) : 1;
        const double v = keep ? static_cast<double>(d[i]) : 0.0;
        count += keep;
        above += keep & std::size_t(d[i] >= level);
        sum[i % 4] += v;
        sum_squared[i % 4] += v * v;
      }
      s.weight += static_cast<double>(count);
      s.weighted_dose += (sum[0] + sum[1]) + (sum[2] + sum[3]);
      s.weighted_dose_squared += (sum_squared[0] + sum_squared[1]) + (sum_squared[2] + sum_squared[3]);
      s.weight_at_or_above += static_cast<double>(above);
    });
    return s;
  }
  for_each_voxel(region, [&](std::size_t i) {
    // As mask_difference: max(0, a − b), so that nested partial volumes (a GTV inside its PTV)
    // subtract; a product a·(1 − b) would treat them as independent and overstate the ring.
    const double w = excluded ? std::max(0.0, region.weight(i) - excluded->weight(i)) : region.weight(i);
    if (w > 0) add(i, w);
  });
  return s;
}

/// Σ weight of voxels (of `body`, or all voxels) with D ≥ each of two levels, and whether an edge
/// voxel of the grid reaches the lower level.
struct isodose_volumes {
  double weight_at_high = 0;
  double weight_at_low = 0;
  bool low_reaches_edge = false;
};

template <class T>
bool low_isodose_reaches_edge(const dose_grid<T>& dose, const mask* body, double low_gy) {
  const grid_geometry& g = dose.geometry();
  auto reaches = [&](std::size_t i, std::size_t j, std::size_t k) {
    const std::size_t index = g.index(i, j, k);
    return dose[index] >= low_gy && (!body || body->weight(index) > 0);
  };
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j) {
      if (k == 0 || j == 0 || k + 1 == g.size[2] || j + 1 == g.size[1]) {  // a whole row on a face
        for (std::size_t i = 0; i < g.size[0]; ++i)
          if (reaches(i, j, k)) return true;
      } else if (reaches(0, j, k) || reaches(g.size[0] - 1, j, k)) {
        return true;
      }
    }
  return false;
}

template <class T>
isodose_volumes sum_isodoses(const dose_grid<T>& dose, const mask* body, double high_gy, double low_gy) {
  isodose_volumes out;
  const std::size_t n = dose.size();
  const T* d = dose.values().data();
  const T low = at_least<T>(low_gy), high = at_least<T>(high_gy);
  if (!body || !body->is_fractional()) {
    // Branch-free integer counts over the whole grid: this loop is the memory-bound core.
    const std::uint8_t* in = body ? body->inside().data() : nullptr;
    std::uint64_t at_low = 0, at_high = 0;
    if (in) {
      for (std::size_t i = 0; i < n; ++i) {
        at_low += static_cast<std::uint64_t>(in[i] & (d[i] >= low));
        at_high += static_cast<std::uint64_t>(in[i] & (d[i] >= high));
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        at_low += static_cast<std::uint64_t>(d[i] >= low);
        at_high += static_cast<std::uint64_t>(d[i] >= high);
      }
    }
    out.weight_at_low = static_cast<double>(at_low);
    out.weight_at_high = static_cast<double>(at_high);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if (d[i] < low) continue;
      out.weight_at_low += body->weight(i);
      if (d[i] >= high) out.weight_at_high += body->weight(i);
    }
  }
  out.low_reaches_edge = low_isodose_reaches_edge(dose, body, low_gy);
  return out;
}

/// The indices from the target's exact DVH (already checked against `dose`) and the isodose
/// volumes of `dose` (inside `body` unless null).
template <class T>
plan_quality plan_quality_of(std::string_view function, const dose_grid<T>& dose, const voxel_dvh& target_dvh, const mask* body,
                             double prescription_gy) {
  const isodose_volumes iso = sum_isodoses(dose, body, prescription_gy, 0.5 * prescription_gy);
  if (iso.weight_at_high <= 0) {
    fail_input(function, "prescription_gy", prescription_gy,
               std::string(body ? "no voxel inside the body mask" : "no voxel") + " receives the prescription (maximum dose " +
                   nomo::detail::describe(double(target_dvh.max_gy())) + " Gy in the target" +
                   (body ? "; does the body mask contain the target?)" : ")"));
  }
  if (iso.low_reaches_edge) {
    throw computation_error(std::string(function), "the 50 % isodose (" + nomo::detail::describe(0.5 * prescription_gy) +
                                                       " Gy) reaches the edge of the dose grid, so PV50 and GI would be truncated; use a larger grid");
  }
  const double voxel_cc = dose.geometry().voxel_volume_cc();
  plan_quality q;
  q.prescription_gy = prescription_gy;
  q.target = target_dvh.statistics();
  q.target_volume_cc = target_dvh.volume_cc();
  q.covered_target_volume_cc = target_dvh.volume_cc_at_dose(prescription_gy);
  q.prescription_isodose_volume_cc = iso.weight_at_high * voxel_cc;
  q.half_prescription_isodose_volume_cc = iso.weight_at_low * voxel_cc;
  q.tc = q.covered_target_volume_cc / q.target_volume_cc;
  q.pitv = q.prescription_isodose_volume_cc / q.target_volume_cc;
  q.ci_rtog = q.pitv;
  q.ci_paddick = q.covered_target_volume_cc * q.covered_target_volume_cc / (q.target_volume_cc * q.prescription_isodose_volume_cc);
  q.gi = q.half_prescription_isodose_volume_cc / q.prescription_isodose_volume_cc;
  if (!(q.target.d50_gy > 0)) {  // HI = (D2 − D98)/D50 would be Inf or NaN
    throw computation_error(std::string(function),
                            "the target's median dose D50 is 0 Gy, so its homogeneity index (D2 − D98) / D50 is undefined: "
                            "is the target the one this dose was planned for?");
  }
  q.hi = (q.target.d2_gy - q.target.d98_gy) / q.target.d50_gy;
  return q;
}

/// Requires every voxel of `target` to lie inside `body`: isodose volumes are counted inside the
/// body, so a target voxel outside it would count as covered but not as irradiated, and the
/// Paddick CI could pass TC (CI ≤ TC ≤ 1 would fail).
inline void check_target_in_body(std::string_view function, const mask& target, const mask& body) {
  std::size_t outside = 0;
  for (std::size_t i = 0; i < target.geometry().voxel_count(); ++i) {
    if (target.weight(i) > 0 && !(body.weight(i) > 0)) ++outside;
  }
  if (outside > 0) {
    fail_input(function, "target", std::to_string(outside) + " voxels outside the body",
               "the target must lie inside the body mask, within which the isodose volumes are counted");
  }
}

template <class T>
plan_quality plan_quality_impl(std::string_view function, const dose_grid<T>& dose, const mask& target, const mask* body,
                               double prescription_gy) {
  check_same_geometry(function, "target", target.geometry(), "dose", dose.geometry());
  if (body) check_same_geometry(function, "body", body->geometry(), "dose", dose.geometry());
  check_positive(function, "prescription_gy", prescription_gy);
  check_not_empty(function, "target", target);
  if (body) check_not_empty(function, "body", *body);
  if (body) check_target_in_body(function, target, *body);
  return plan_quality_of(function, dose, compute_voxel_dvh(dose, target), body, prescription_gy);
}

}  // namespace detail

/// TC, PITV, RTOG and Paddick CI, GI and ICRU 83 HI of `target` for `prescription_gy`, with the
/// isodose volumes taken over the whole grid. Throws invalid_input for mismatched geometries, an
/// empty target, Rx ≤ 0 or an Rx no voxel receives; computation_error when the 50 % isodose reaches
/// the grid edge or the target's D50 is 0 (HI undefined). (No R equivalent; definitions of
/// dose-spec §6.2.)
template <class T>
plan_quality plan_quality_indices(const dose_grid<T>& dose, const mask& target, double prescription_gy) {
  return detail::plan_quality_impl("dose::plan_quality_indices", dose, target, nullptr, prescription_gy);
}

/// As above with the isodose volumes taken inside `body` (the external contour); the edge check
/// then considers only grid-edge voxels inside the body. Also throws invalid_input for an empty body
/// or a target with voxels outside the body.
template <class T>
plan_quality plan_quality_indices(const dose_grid<T>& dose, const mask& target, const mask& body, double prescription_gy) {
  return detail::plan_quality_impl("dose::plan_quality_indices", dose, target, &body, prescription_gy);
}

/// Dmean and V(level % of Rx) of the dose-dropping zone PTV ∧ ¬GTV. Throws invalid_input for
/// mismatched geometries, Rx ≤ 0, level_percent outside [0, 100] or an empty zone.
template <class T>
dose_dropping_zone_metrics dose_dropping_zone(const dose_grid<T>& dose, const mask& gtv, const mask& ptv, double prescription_gy,
                                              double level_percent = 95.0) {
  constexpr std::string_view function = "dose::dose_dropping_zone";
  check_same_geometry(function, "gtv", gtv.geometry(), "dose", dose.geometry());
  check_same_geometry(function, "ptv", ptv.geometry(), "dose", dose.geometry());
  check_positive(function, "prescription_gy", prescription_gy);
  check_in_range(function, "level_percent", level_percent, 0.0, 100.0);
  const double level = level_percent / 100.0 * prescription_gy;
  const detail::region_sums s = detail::sum_region(dose, ptv, &gtv, level);
  if (s.weight <= 0) fail_input(function, "ptv ∧ ¬gtv volume_cc", 0.0, "the dose-dropping zone is empty");
  return {s.weight * dose.geometry().voxel_volume_cc(), s.weighted_dose / s.weight, level, 100.0 * s.weight_at_or_above / s.weight};
}

/// Dmean and V(threshold_gy) of `organ` ∧ ¬`excluded` (normal brain = brain ∧ ¬PTV by default in
/// the paper; pass the GTV for brain − GTV). Throws invalid_input for mismatched geometries, a
/// negative threshold or an empty region.
template <class T>
normal_tissue_metrics normal_tissue_dose(const dose_grid<T>& dose, const mask& organ, const mask& excluded, double threshold_gy = 30.0) {
  constexpr std::string_view function = "dose::normal_tissue_dose";
  check_same_geometry(function, "organ", organ.geometry(), "dose", dose.geometry());
  check_same_geometry(function, "excluded", excluded.geometry(), "dose", dose.geometry());
  check_non_negative(function, "threshold_gy", threshold_gy);
  const detail::region_sums s = detail::sum_region(dose, organ, &excluded, threshold_gy);
  if (s.weight <= 0) fail_input(function, "organ ∧ ¬excluded volume_cc", 0.0, "the region is empty");
  const double voxel_cc = dose.geometry().voxel_volume_cc();
  return {s.weight * voxel_cc, s.weighted_dose / s.weight, threshold_gy, s.weight_at_or_above * voxel_cc,
          100.0 * s.weight_at_or_above / s.weight};
}

}  // namespace nomo::dose
