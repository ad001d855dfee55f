// core/thread_placement.hpp: a placed worker starts pinned to one CPU the creator may use and, once
// released, runs with the creator's whole mask; placing workers never changes the creator's own
// mask (pinning a thread that had already exited would). Linux only: elsewhere placement does
// nothing, and there is nothing to test.
#include <catch2/catch.hpp>

#include <thread>

#include "nomo/core/thread_placement.hpp"
#include "nomo/core/worker_pool.hpp"

#if defined(NOMO_PLACE_THREADS)
namespace {

/// The calling thread's CPUs (no assertion here: worker threads call it, and Catch2's assertions
/// belong to the test's own thread).
cpu_set_t own_cpus() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) CPU_ZERO(&mask);
  return mask;
}

}  // namespace

TEST_CASE("a placed worker starts on one allowed CPU and is released to the creator's mask", "[thread_placement]") {
  const cpu_set_t allowed = own_cpus();
  REQUIRE(CPU_COUNT(&allowed) >= 1);
  for (unsigned w : {1u, 2u, 7u}) {
    const nomo::detail::thread_placement placement;
    nomo::detail::worker_gate gate;
    cpu_set_t placed_mask, released_mask;
    std::thread worker([&] {
      gate.wait(w);
      placed_mask = own_cpus();
      placement.release_current_thread();
      released_mask = own_cpus();
    });
    placement.place(worker, w);
    gate.open(w);
    worker.join();
    CHECK(CPU_EQUAL(&released_mask, &allowed));
    if (CPU_COUNT(&allowed) < 2) {
      CHECK(CPU_EQUAL(&placed_mask, &allowed));  // nothing to spread over: left alone
      continue;
    }
    REQUIRE(CPU_COUNT(&placed_mask) == 1);
    cpu_set_t both;
    CPU_AND(&both, &placed_mask, &allowed);
    CHECK(CPU_COUNT(&both) == 1);  // a CPU the creator may use
  }
}

TEST_CASE("pools started and stopped at once leave their creator's CPU mask alone", "[thread_placement]") {
  const cpu_set_t before = own_cpus();
  REQUIRE(CPU_COUNT(&before) >= 1);
  auto nothing = [](unsigned) {};
  for (int round = 0; round < 200; ++round) {
    nomo::detail::worker_pool pool(3);
    if (round % 2 == 0) pool.run(nothing);
  }
  const cpu_set_t after = own_cpus();
  CHECK(CPU_EQUAL(&before, &after));
}
#endif
