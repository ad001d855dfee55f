// resample::run_tasks and run_bootstrap: every task runs once, in plan order of the results, and a
// task that asks for it gets the index of the worker thread running it (closed-form checks).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <vector>

#include <nomo/resample/bootstrap.hpp>

TEST_CASE("run_tasks gives a task that asks for it its worker's index, below the thread count") {
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    nomo::resample::runner_options options;
    options.threads = threads;
    std::vector<std::atomic<int>> runs(200);
    std::vector<unsigned> worker_of(200, 99);
    const auto run = nomo::resample::run_tasks<double>(200, [&](std::size_t k, unsigned worker) {
      ++runs[k];
      worker_of[k] = worker;
      return nomo::resample::replicate_ok(static_cast<double>(k * k));
    }, options);
    REQUIRE(run.counts.succeeded == 200);
    for (std::size_t k = 0; k < 200; ++k) {
      CHECK(runs[k] == 1);
      CHECK(worker_of[k] < static_cast<unsigned>(threads));
      CHECK(run.replicates[k].value == static_cast<double>(k * k));
    }
  }
}

TEST_CASE("run_bootstrap passes rows, replicate number and worker to a three-argument statistic") {
  nomo::resample::index_plan plan;
  plan.n_rows = 4;
  plan.rows = {{0, 0, 1, 3}, {2, 2, 2, 2}, {3, 1, 0, 2}};
  nomo::resample::runner_options options;
  options.threads = 2;
  const auto run = nomo::resample::run_bootstrap<double>(
      plan,
      [&](const std::vector<Eigen::Index>& rows, std::size_t b, unsigned worker) {
        if (worker >= 2) return nomo::resample::replicate_failed<double>("worker out of range");
        double sum = 0;
        for (const Eigen::Index r : rows) sum += static_cast<double>(r);
        return nomo::resample::replicate_ok(10.0 * static_cast<double>(b) + sum);
      },
      options);
  REQUIRE(run.counts.succeeded == 3);
  CHECK(run.replicates[0].value == 4.0);
  CHECK(run.replicates[1].value == 18.0);
  CHECK(run.replicates[2].value == 26.0);
}

TEST_CASE("bootstrap_plan's R generator takes negative set.seed values, as R does") {
  // R 4.2.2: set.seed(-7); sample(12, replace = TRUE) twice; set.seed(-2147483647); sample(12, TRUE).
  auto one_based = [](const std::vector<Eigen::Index>& rows) {
    std::vector<int> out;
    for (const Eigen::Index r : rows) out.push_back(static_cast<int>(r) + 1);
    return out;
  };
  nomo::resample::plan_options options;
  options.generator = nomo::resample::index_generator::r_compatible;
  options.replicates = 2;
  options.seed = static_cast<std::uint64_t>(-7);
  const auto plan = nomo::resample::bootstrap_plan(Eigen::VectorXd::Zero(12), options);
  CHECK(one_based(plan.rows[0]) == std::vector<int>{6, 5, 7, 5, 2, 8, 12, 9, 7, 9, 11, 9});
  CHECK(one_based(plan.rows[1]) == std::vector<int>{12, 1, 8, 10, 11, 4, 4, 8, 10, 6, 6, 4});
  options.replicates = 1;
  options.seed = static_cast<std::uint64_t>(-2147483647);
  CHECK(one_based(nomo::resample::bootstrap_plan(Eigen::VectorXd::Zero(12), options).rows[0]) ==
        std::vector<int>{1, 12, 9, 10, 5, 3, 6, 10, 3, 11, 9, 2});
  // −2147483648 is R's NA_integer_, not a seed.
  options.seed = static_cast<std::uint64_t>(std::int64_t{-2147483648LL});
  CHECK_THROWS_AS(nomo::resample::bootstrap_plan(Eigen::VectorXd::Zero(12), options), nomo::invalid_input);
  CHECK_THROWS_WITH(nomo::resample::bootstrap_plan(Eigen::VectorXd::Zero(12), options),
                    Catch::Contains("seed = 18446744071562067968") && Catch::Contains("R set.seed integer"));
}

#if defined(NOMO_PLACE_THREADS)
TEST_CASE("runs whose workers finish before the caller would place them leave the caller's CPU mask alone") {
  // Two tasks on two threads: the caller may take both before its worker thread starts, and a
  // worker pinned after it had exited would have pinned the caller (core/thread_placement.hpp).
  cpu_set_t before, after;
  REQUIRE(sched_getaffinity(0, sizeof before, &before) == 0);
  nomo::resample::runner_options options;
  options.threads = 2;
  for (int round = 0; round < 300; ++round) {
    const auto run = nomo::resample::run_tasks<int>(2, [](std::size_t k) { return nomo::resample::replicate_ok(static_cast<int>(k)); }, options);
    REQUIRE(run.counts.succeeded == 2);
  }
  REQUIRE(sched_getaffinity(0, sizeof after, &after) == 0);
  CHECK(CPU_EQUAL(&before, &after));
}
#endif
