// Plans of nomo's generator: their definition (replicate b draws its pools in turn from stream
// (seed, b), checked against the splitmix64 stream itself), and the resampling functions given
// plan options, which draw each replicate's rows in the worker that runs it, against the same
// functions given the stored plan.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nomo/resample/calibrate.hpp>
#include <nomo/resample/inference.hpp>
#include <nomo/resample/validate.hpp>

#include "reference_data.hpp"
#include "invalid_input.hpp"

namespace {

/// Replicate b's rows as the documentation defines them: the pools in turn, each drawn with
/// replacement by pool[below(pool size)] from splitmix64(seed, b), except that a pool of one row is
/// copied without a draw (as rms' sample() of one row).
std::vector<Eigen::Index> documented_rows(const std::vector<std::vector<Eigen::Index>>& pools, std::uint64_t seed,
                                          std::uint64_t b) {
  nomo::splitmix64 stream(seed, b);
  std::vector<Eigen::Index> rows;
  for (const auto& pool : pools) {
    if (pool.size() == 1) {
      rows.push_back(pool.front());
      continue;
    }
    for (std::size_t k = 0; k < pool.size(); ++k) rows.push_back(pool[stream.below(pool.size())]);
  }
  return rows;
}

nomo::resample::plan_options drawn_options(bool stratify) {
  nomo::resample::plan_options plan;
  plan.replicates = 30;
  plan.seed = 11;
  plan.stratify_by_outcome = stratify;
  return plan;
}

}  // namespace

TEST_CASE("bootstrap_plan with nomo's generator: replicate b draws its pools in turn from stream (seed, b)") {
  const Eigen::VectorXd y = (Eigen::VectorXd(7) << 1, 0, 0, 1, 0, 1, 0).finished();
  nomo::resample::plan_options options;
  options.replicates = 5;
  options.seed = 42;
  const auto plain = nomo::resample::bootstrap_plan(y, options);
  options.stratify_by_outcome = true;
  const auto stratified = nomo::resample::bootstrap_plan(y, options);
  const Eigen::VectorXd one_event = (Eigen::VectorXd(5) << 0, 0, 1, 0, 0).finished();
  const auto single = nomo::resample::bootstrap_plan(one_event, options);
  for (std::uint64_t b = 0; b < 5; ++b) {
    INFO("replicate " << b);
    CHECK(plain.rows[b] == documented_rows({{0, 1, 2, 3, 4, 5, 6}}, 42, b));
    CHECK(stratified.rows[b] == documented_rows({{1, 2, 4, 6}, {0, 3, 5}}, 42, b));
    CHECK(single.rows[b] == documented_rows({{0, 1, 3, 4}, {2}}, 42, b));
  }
}

TEST_CASE("validate, calibrate and bootstrap_coefficients given plan options equal them given the stored plan") {
  const auto b = resample_test::load_design("B");
  for (const bool stratify : {false, true}) {
    const auto options = drawn_options(stratify);
    const auto stored = nomo::resample::bootstrap_plan(b.y, options);
    for (const int threads : {1, 3}) {
      INFO("stratified " << stratify << ", threads " << threads);
      nomo::resample::validate_options v;
      v.runner.threads = threads;
      const auto drawn_v = nomo::resample::validate(b.x, b.y, options, v);
      const auto stored_v = nomo::resample::validate(b.x, b.y, stored, v);
      CHECK(drawn_v.dxy.training == stored_v.dxy.training);
      CHECK(drawn_v.dxy.test == stored_v.dxy.test);
      CHECK(drawn_v.slope.corrected == stored_v.slope.corrected);
      CHECK(drawn_v.brier.corrected == stored_v.brier.corrected);

      nomo::resample::calibrate_options c;
      c.runner.threads = threads;
      const auto drawn_c = nomo::resample::calibrate(b.x, b.y, options, c);
      const auto stored_c = nomo::resample::calibrate(b.x, b.y, stored, c);
      CHECK(drawn_c.training == stored_c.training);
      CHECK(drawn_c.test == stored_c.test);
      CHECK(drawn_c.n == stored_c.n);

      nomo::resample::inference_options i;
      i.runner.threads = threads;
      i.bca = false;
      const auto drawn_i = nomo::resample::bootstrap_coefficients(b.x, b.y, options, i);
      const auto stored_i = nomo::resample::bootstrap_coefficients(b.x, b.y, stored, i);
      for (std::size_t k = 0; k < drawn_i.coefficients.size(); ++k) {
        CHECK(drawn_i.coefficients[k].standard_error == stored_i.coefficients[k].standard_error);
        CHECK(drawn_i.coefficients[k].percentile_low == stored_i.coefficients[k].percentile_low);
      }
    }
  }
}

TEST_CASE("resampling given plan options refuses bad plan options as bootstrap_plan does") {
  const auto b = resample_test::load_design("B");
  auto options = drawn_options(false);
  options.replicates = 0;
  const std::string where = "resample::plan_options::validate";
  nomo_test::require_invalid([&] { nomo::resample::validate(b.x, b.y, options); }, {where, "replicates = 0"});
  nomo_test::require_invalid([&] { nomo::resample::calibrate(b.x, b.y, options); }, {where, "replicates = 0"});
  nomo_test::require_invalid([&] { nomo::resample::bootstrap_coefficients(b.x, b.y, options); }, {where, "replicates = 0"});
  nomo_test::require_invalid([&] { nomo::resample::validate(b.x, b.y, options); }, "replicates", "0");
}
