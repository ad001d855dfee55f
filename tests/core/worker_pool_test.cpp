// core/worker_pool.hpp: every round runs the task once on each worker, rounds follow each other
// (also after the workers have gone to sleep), an exception from the caller's share leaves run()
// only after the other workers are done, and the pool shuts down whether busy before or idle.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "nomo/core/worker_pool.hpp"

TEST_CASE("worker_pool runs each round once on every worker, the caller being worker 0", "[worker_pool]") {
  for (unsigned workers : {1u, 2u, 3u, 5u}) {
    nomo::detail::worker_pool pool(workers);
    REQUIRE(pool.size() == workers);
    std::vector<std::atomic<int>> calls(workers);
    const auto caller = std::this_thread::get_id();
    std::atomic<bool> worker0_on_caller{true};
    auto task = [&](unsigned w) {
      calls[w].fetch_add(1);
      if (w == 0 && std::this_thread::get_id() != caller) worker0_on_caller = false;
    };
    for (int round = 1; round <= 200; ++round) {
      pool.run(task);
      for (unsigned w = 0; w < workers; ++w) REQUIRE(calls[w].load() == round);  // all done on return
    }
    CHECK(worker0_on_caller.load());
  }
}

TEST_CASE("worker_pool wakes workers that slept between rounds", "[worker_pool]") {
  nomo::detail::worker_pool pool(2);
  std::atomic<int> sum{0};
  auto task = [&](unsigned w) { sum.fetch_add(static_cast<int>(w) + 1); };
  pool.run(task);
  // Longer than the spin, so that the worker waits on the condition variable.
  std::this_thread::sleep_for(nomo::detail::worker_pool::spin * 3);
  pool.run(task);
  CHECK(sum.load() == 6);
}

TEST_CASE("worker_pool lets an exception of the caller's share out after the others finish", "[worker_pool]") {
  nomo::detail::worker_pool pool(3);
  std::atomic<int> finished{0};
  auto task = [&](unsigned w) {
    if (w == 0) throw std::runtime_error("caller's share failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    finished.fetch_add(1);
  };
  CHECK_THROWS_WITH(pool.run(task), "caller's share failed");
  CHECK(finished.load() == 2);
  // The pool still works afterwards.
  std::atomic<int> calls{0};
  auto count = [&](unsigned) { calls.fetch_add(1); };
  pool.run(count);
  CHECK(calls.load() == 3);
}

TEST_CASE("worker_pool shuts down idle, sleeping or never-used workers", "[worker_pool]") {
  { nomo::detail::worker_pool never_used(4); }
  {
    nomo::detail::worker_pool asleep(2);
    auto task = [](unsigned) {};
    asleep.run(task);
    std::this_thread::sleep_for(nomo::detail::worker_pool::spin * 3);
  }
  SUCCEED("destructors returned");
}
