// glm::final_spec: the declaration of the model backward_aic chose, refitted on its own. Expected
// coefficients are those of R's step() (tests/reference/select_step.R, select_step_final.csv).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/step.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"

namespace {

// select_step.R's full model.
nomo::model::model_spec full_spec() {
  using namespace nomo::model;
  return model_spec{"recurrence",
                    {continuous("age"), categorical("sex"), continuous("kps"), categorical("primary"), rcs("gtv_cc", 4),
                     continuous("bed_gy"), continuous("tc"), continuous("ddz_dmean_gy"), continuous("brain_v30_cc")}};
}

}  // namespace

TEST_CASE("final_spec refits the model step() chose", "[model][step]") {
  const auto data = nomo::io::read_csv(nomo_test::fixture_path("select_step_data.csv"));
  const auto spec = full_spec();
  const nomo_test::table final = nomo_test::read_table("select_step_final.csv");
  for (const std::string run : {"aic", "bic", "keep"}) {
    nomo::glm::step_options options;
    const auto frame = nomo::model::make_frame(data, spec);
    if (run == "bic") options.penalty = std::log(static_cast<double>(frame.y.size()));
    if (run == "keep") options.keep = {"age", "kps"};
    const auto step = nomo::glm::backward_aic(frame, options);
    const auto refit = nomo::glm::fit_logistic(nomo::model::make_frame(data, nomo::glm::final_spec(spec, step)));
    const auto runs = final.text("run");
    const Eigen::VectorXd estimate = final.column("estimate");
    Eigen::Index j = 0;
    for (std::size_t r = 0; r < final.size(); ++r) {
      if (runs[r] != run) continue;
      INFO(run << " coefficient " << j);
      REQUIRE(j < refit.coefficients.size());
      CHECK(refit.coefficients(j++) == Approx(estimate(static_cast<Eigen::Index>(r))).epsilon(1e-6));
    }
    CHECK(j == refit.coefficients.size());
  }
}

TEST_CASE("final_spec rejects a step of another model", "[model][step]") {
  nomo::glm::step_result step;
  step.kept = {"age", "volume"};
  nomo_test::require_invalid([&] { nomo::glm::final_spec(full_spec(), step); }, "step.kept[1]", "\"volume\"");
}
