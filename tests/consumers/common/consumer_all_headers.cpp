// A consumer's program that includes every nomo header (nomo/nomo.hpp) and instantiates the main
// templates: a logistic fit and a bootstrap validation, a plan summary, BED map and resampling of a
// float dose grid, and a float spline basis. It is built under the consumer's strict warning flags:
// a project that adds nomo with add_subdirectory or FetchContent reads its headers as its own, not
// as system headers, so their warnings are the project's errors.
#include <cstdint>
#include <vector>

#include <nomo/nomo.hpp>

namespace {

bool fit_and_validate() {
  Eigen::MatrixXd x(40, 2);
  Eigen::VectorXd y(40);
  for (Eigen::Index i = 0; i < 40; ++i) {
    x(i, 0) = static_cast<double>(i % 7);
    x(i, 1) = static_cast<double>((i * 5) % 11);
    y(i) = (i * 3) % 4 == 0 ? 1.0 : 0.0;
  }
  const nomo::glm::logistic_fit fit = nomo::glm::fit_logistic(x, y);
  nomo::resample::plan_options plan;
  plan.replicates = 5;
  const nomo::resample::validation v = nomo::resample::validate(x, y, plan);
  return fit.converged && v.dxy.n > 0;
}

/// A 6 × 6 × 6 grid of 2 mm voxels, dose 30 / (1 + r²) Gy at r voxels from the centre.
bool summarise_float_dose() {
  namespace nd = nomo::dose;
  const nd::grid_geometry g{{6, 6, 6}, {2, 2, 2}, {0, 0, 0}};
  std::vector<float> values(g.voxel_count());
  std::vector<std::uint8_t> gtv(g.voxel_count()), ptv(g.voxel_count()), brain(g.voxel_count(), 1);
  auto offset = [](std::size_t v) { return static_cast<float>(v) - 2.5f; };
  for (std::size_t k = 0; k < 6; ++k)
    for (std::size_t j = 0; j < 6; ++j)
      for (std::size_t i = 0; i < 6; ++i) {
        const float r2 = offset(i) * offset(i) + offset(j) * offset(j) + offset(k) * offset(k);
        const std::size_t at = g.index(i, j, k);
        values[at] = 30.0f / (1.0f + r2);
        gtv[at] = r2 < 1.0f;
        ptv[at] = r2 < 3.0f;
      }
  const nd::dose_grid<float> dose(g, values);
  nd::plan_summary_options options;
  options.prescription_gy = 12;
  options.fractions = 3;
  const nd::plan_parameters plan = nd::summarize_plan(dose, nd::mask(g, gtv), nd::mask(g, ptv), nd::mask(g, brain), options);
  const nd::dose_grid<float> bed = nd::bed_map(dose, 3);
  const nd::resampled_dose<float> same = nd::resample_dose(dose, g);
  return plan.gtv_mean_gy > 12 && bed[0] > values[0] && same.dose[0] == values[0];
}

bool float_spline_row() {
  const nomo::spline::rcs_spline_basis<float> basis({1.0f, 2.0f, 4.0f, 8.0f});
  std::vector<float> row(basis.columns());
  basis.row(3.0f, row.data());
  return row[0] == 3.0f && row[1] > 0.0f;
}

}  // namespace

int main() { return fit_and_validate() && summarise_float_dose() && float_spline_row() ? 0 : 1; }
