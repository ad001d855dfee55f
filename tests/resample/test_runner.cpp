// resample::run_tasks and run_bootstrap: every task runs once, in plan order of the results, and a
// task that asks for it gets the index of the worker thread running it (closed-form checks).
#include <catch2/catch.hpp>

#include <atomic>
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
