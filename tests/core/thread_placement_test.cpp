// core/thread_placement.hpp: a placed worker may run on exactly one CPU, one the process may use;
// with a single CPU allowed (taskset -c N) it is left as the OS started it. Linux only: elsewhere
// place_worker does nothing, and there is nothing to test.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "nomo/core/thread_placement.hpp"

#if defined(NOMO_PLACE_THREADS)
namespace {

/// The CPUs a thread started now and placed as worker `w` may run on, read from inside it.
cpu_set_t placed_thread_cpus(unsigned w) {
  cpu_set_t seen;
  CPU_ZERO(&seen);
  std::promise<void> placed;
  std::shared_future<void> go = placed.get_future().share();
  std::thread worker([&seen, go] {
    go.wait();
    pthread_getaffinity_np(pthread_self(), sizeof seen, &seen);
  });
  nomo::detail::place_worker(worker, w);
  placed.set_value();
  worker.join();
  return seen;
}

}  // namespace

TEST_CASE("place_worker pins a worker to one of the CPUs the process may use", "[thread_placement]") {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  REQUIRE(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
  for (unsigned w : {1u, 2u, 7u}) {
    cpu_set_t seen = placed_thread_cpus(w);
    if (CPU_COUNT(&allowed) < 2) {
      CHECK(CPU_EQUAL(&seen, &allowed));  // nothing to spread over: left alone
      continue;
    }
    REQUIRE(CPU_COUNT(&seen) == 1);
    cpu_set_t both;
    CPU_AND(&both, &seen, &allowed);
    CHECK(CPU_COUNT(&both) == 1);  // the CPU is one the process may use
  }
}
#endif
