#pragma once
// Where the worker threads nomo starts run. Linux queues a new thread on the CPU of the thread that
// created it and leaves it to the load balancer to move one of two busy threads to an idle CPU. On
// the 2-vCPU VM nomo is developed on, it did not within whole runs: when the creator went on
// working (as every nomo runner does, being worker 0), its new thread waited for ~2.9 ms before it
// first ran, then shared the creator's CPU, so a 2-thread run of 15 ms of 5 µs tasks took as long
// as one thread (×1.00); with the new thread placed on the other CPU it took half (×1.94). So each
// started worker is pinned, for its life (a run, or one fit's passes), to one of the CPUs the
// process may use (its affinity mask, as taskset or a cpuset leave it), round-robin from the CPU
// after its creator's. Placement changes speed, never results; off Linux it does nothing.

#include <cstddef>
#include <thread>
#include <vector>

#if defined(__linux__) && defined(_GNU_SOURCE)
#include <pthread.h>
#include <sched.h>
#define NOMO_PLACE_THREADS 1
#endif

namespace nomo::detail {

/// Pins `worker`, the w-th thread its creator started (w ≥ 1), to the w-th of the CPUs the creator
/// may run on, counting from the one after the creator's current CPU: with two CPUs, worker 1 runs
/// on the CPU its creator does not. Does nothing when fewer than two CPUs are allowed or the system
/// refuses (the worker then runs where the OS puts it).
inline void place_worker(std::thread& worker, unsigned w) {
#if defined(NOMO_PLACE_THREADS)
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  std::vector<std::size_t> cpus;
  for (std::size_t c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &allowed)) cpus.push_back(c);
  if (cpus.size() < 2) return;
  const int current = sched_getcpu();
  std::size_t here = 0;  // the creator's position in `cpus`
  for (std::size_t i = 0; i < cpus.size(); ++i)
    if (current >= 0 && cpus[i] == static_cast<std::size_t>(current)) here = i;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpus[(here + w) % cpus.size()], &one);
  pthread_setaffinity_np(worker.native_handle(), sizeof one, &one);
#else
  (void)worker;
  (void)w;
#endif
}

}  // namespace nomo::detail
