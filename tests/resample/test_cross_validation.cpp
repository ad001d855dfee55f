// resample/cross_validation.hpp against rms 6.5 validate(method = "crossvalidation")
// (tests/reference/resample_rms.R).
#include <limits>

#include <catch2/catch.hpp>

#include <nomo/resample/cross_validation.hpp>

#include "invalid_input.hpp"
#include "reference_data.hpp"

using nomo::resample::validation;
using nomo::resample::validation_index;
using nomo_test::require_invalid;

namespace {

void check_cv_table(const validation& v, const std::string& file, double n_scale) {
  const std::vector<std::pair<std::string, validation_index validation::*>> rows = {
      {"Dxy", &validation::dxy}, {"R2", &validation::r2}, {"Intercept", &validation::intercept},
      {"Slope", &validation::slope}, {"Emax", &validation::emax}, {"D", &validation::d},
      {"U", &validation::u}, {"Q", &validation::q}, {"B", &validation::brier},
      {"g", &validation::g}, {"gp", &validation::gp}};
  const auto t = nomo_test::read_table(file);
  const auto names = t.text("index");
  for (const auto& [name, member] : rows) {
    const auto i = static_cast<Eigen::Index>(std::find(names.begin(), names.end(), name) - names.begin());
    const validation_index& row = v.*member;
    INFO(file << " row " << name);
    CHECK(resample_test::close(row.original, t.column("index.orig")(i), 1e-8));
    CHECK(resample_test::close(row.training, t.column("training")(i), 1e-8));
    CHECK(resample_test::close(row.test, t.column("test")(i), 1e-8));
    CHECK(resample_test::close(row.corrected, t.column("index.corrected")(i), 1e-8));
    CHECK(static_cast<double>(row.n) == n_scale * t.column("n")(i));
  }
}

}  // namespace

TEST_CASE("cross_validate: 10-fold CV equals rms validate(method = 'crossvalidation', B = 10) to 1e-8") {
  const auto b = resample_test::load_design("B");
  nomo::resample::cross_validation_options cv;
  cv.seed = 13;
  cv.generator = nomo::resample::index_generator::r_compatible;
  const auto v = nomo::resample::cross_validate(b.x, b.y, cv);
  check_cv_table(v, "resample_cv_B_k10_seed13.csv", 1.0);
  CHECK(v.replicates.succeeded == 10);
}

TEST_CASE("cross_validate: repeated 10-fold CV (5 repeats) equals the mean of 5 rms runs") {
  const auto b = resample_test::load_design("B");
  nomo::resample::cross_validation_options cv;
  cv.seed = 14;
  cv.repeats = 5;
  cv.generator = nomo::resample::index_generator::r_compatible;
  const auto v = nomo::resample::cross_validate(b.x, b.y, cv);
  check_cv_table(v, "resample_cv_B_k10x5_seed14.csv", 5.0);  // n counts folds over all repeats
  CHECK(v.replicates.total == 50);
}

TEST_CASE("cross_validate: progress counts the folds of every repeat") {
  // It restarted at 1 of 5 in each of 3 repeats (found by an independent check): a progress bar
  // reached 100% three times.
  const auto b = resample_test::load_design("B");
  nomo::resample::cross_validation_options cv;
  cv.folds = 5;
  cv.repeats = 3;
  nomo::resample::validate_options options;
  options.runner.threads = 2;
  resample_test::progress_log log;
  options.runner.progress = log.callback();
  nomo::resample::cross_validate(b.x, b.y, cv, options);
  CHECK(log.total == 15);
  CHECK(log.counted_one_by_one(15));
}

TEST_CASE("cross_validate: folds are disjoint and cut as rms cuts them; thread count does not matter") {
  std::vector<std::size_t> order(123);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = (i * 37) % 123;
  const auto folds = nomo::resample::detail::cut_folds(order, 10);
  std::vector<int> seen(123, 0);
  for (std::size_t k = 0; k < 10; ++k) {
    CHECK(folds.test[k].size() + folds.train[k].size() == 123);
    for (auto r : folds.test[k]) ++seen[static_cast<std::size_t>(r)];
  }
  // rms' rounding of fold bounds (n/k = 12.3) leaves rows 25, 62 and 99 of the permutation in no test
  // fold: 1 + round(24.6) = 26 starts fold 3 while fold 2 ended at round(24.3) = 24, and so on.
  int untested = 0;
  for (int s : seen) {
    CHECK(s <= 1);
    untested += s == 0 ? 1 : 0;
  }
  CHECK(untested == 3);
  const auto b = resample_test::load_design("B");
  nomo::resample::cross_validation_options cv;
  cv.repeats = 3;
  nomo::resample::validate_options one, many;
  one.runner.threads = 1;
  many.runner.threads = 4;
  CHECK(nomo::resample::cross_validate(b.x, b.y, cv, one).dxy.corrected ==
        nomo::resample::cross_validate(b.x, b.y, cv, many).dxy.corrected);
}

TEST_CASE("cross_validate: bad input names the argument and value") {
  const auto b = resample_test::load_design("B");
  nomo::resample::cross_validation_options cv;
  cv.folds = 1;
  require_invalid([&] { nomo::resample::cross_validate(b.x, b.y, cv); }, "folds", "1");
  cv.folds = 62;
  require_invalid([&] { nomo::resample::cross_validate(b.x, b.y, cv); }, "folds", "62");
  cv.folds = std::numeric_limits<int>::max();  // 2·folds overflowed int (UBSan, independent check)
  require_invalid([&] { nomo::resample::cross_validate(b.x, b.y, cv); }, "folds", "2147483647");
  // Below 3 test rows per fold rms stops (lrm.fit: "must have >=3 non-missing observations").
  cv.folds = static_cast<int>(b.x.rows() / 2);
  require_invalid([&] { nomo::resample::cross_validate(b.x, b.y, cv); }, {"folds = ", "leaves a test fold of 2 rows"});
  cv.folds = static_cast<int>(b.x.rows() / 3);
  CHECK_NOTHROW(nomo::resample::detail::check_test_fold_sizes("f", static_cast<std::size_t>(b.x.rows()), cv.folds));
  cv.folds = 10;
  cv.repeats = 0;
  require_invalid([&] { nomo::resample::cross_validate(b.x, b.y, cv); }, "repeats", "0");
  cv.repeats = 1;
  cv.generator = static_cast<nomo::resample::index_generator>(7);  // fell back to splitmix64
  CHECK_THROWS_WITH(nomo::resample::cross_validate(b.x, b.y, cv),
                    Catch::Contains("nomo::resample::cross_validation_options::validate: generator = 7: unknown index_generator"));
  cv.generator = nomo::resample::index_generator::splitmix64;
  cv.generator = nomo::resample::index_generator::r_compatible;
  cv.seed = 1ULL << 40;
  require_invalid([&] { nomo::resample::cross_validate(b.x, b.y, cv); }, "seed", std::to_string(1ULL << 40));
}
