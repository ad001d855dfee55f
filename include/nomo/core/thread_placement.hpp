#pragma once
// Where the worker threads nomo starts begin to run. Linux queues a new thread on the CPU of the
// thread that created it and leaves it to the load balancer to move one of two busy threads to an
// idle CPU. On the 2-vCPU VM nomo is developed on, it did not within whole runs: when the creator
// went on working (as every nomo runner does, being worker 0), its new thread waited ~2.9 ms before
// it first ran, then shared the creator's CPU, so a 2-thread run of 15 ms of 5 µs tasks took as
// long as one thread (×1.00); started on the other CPU it took half (×1.94).
//
// So the creator pins each new worker to another CPU its own affinity mask allows (round-robin from
// the CPU after its current one), and the worker, once running there, widens its mask back to the
// creator's: the pin only chooses where it starts, so threads it starts inherit the full mask and
// the OS can still move it off a CPU another process takes. A worker must not begin its tasks
// before it was placed (worker_gate): pinning a thread that has already exited would pin the
// creator instead (glibc then passes thread id 0, which means the caller). Pools start their
// workers through worker_launcher, which keeps that order. Placement changes speed,
// never results; off Linux it does nothing.

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#if defined(__linux__) && defined(_GNU_SOURCE) && !defined(__ANDROID__)
#include <pthread.h>
#include <sched.h>
#define NOMO_PLACE_THREADS 1
#endif

namespace nomo::detail {

/// The CPUs a creator spreads its workers over: its affinity mask and its CPU when it starts them.
class thread_placement {
 public:
  /// Reads the calling thread's mask and CPU once, for all the workers it is about to start.
  thread_placement() noexcept {
#if defined(NOMO_PLACE_THREADS)
    CPU_ZERO(&allowed_);
    if (sched_getaffinity(0, sizeof allowed_, &allowed_) != 0) return;
    count_ = static_cast<std::size_t>(CPU_COUNT(&allowed_));
    const int current = sched_getcpu();
    for (std::size_t c = 0, k = 0; c < CPU_SETSIZE && k < count_; ++c) {
      if (!CPU_ISSET(c, &allowed_)) continue;
      if (current >= 0 && c == static_cast<std::size_t>(current)) here_ = k;
      ++k;
    }
#endif
  }

  /// Pins `worker`, the w-th thread started (w ≥ 1), to the w-th allowed CPU after the creator's:
  /// with two CPUs, worker 1 starts on the CPU its creator is not on. Call it before releasing the
  /// worker's gate (see worker_gate), never on a thread that may have finished. Does nothing with
  /// fewer than two allowed CPUs, or when the system refuses.
  void place(std::thread& worker, unsigned w) const noexcept {
#if defined(NOMO_PLACE_THREADS)
    if (count_ < 2) return;
    const std::size_t target = (here_ + w) % count_;
    cpu_set_t one;
    CPU_ZERO(&one);
    for (std::size_t c = 0, k = 0; c < CPU_SETSIZE; ++c) {
      if (!CPU_ISSET(c, &allowed_)) continue;
      if (k++ == target) {
        CPU_SET(c, &one);
        break;
      }
    }
    pthread_setaffinity_np(worker.native_handle(), sizeof one, &one);
#else
    (void)worker;
    (void)w;
#endif
  }

  /// Called by a placed worker once it runs: gives it back the creator's mask.
  void release_current_thread() const noexcept {
#if defined(NOMO_PLACE_THREADS)
    if (count_ >= 2) sched_setaffinity(0, sizeof allowed_, &allowed_);
#endif
  }

 private:
#if defined(NOMO_PLACE_THREADS)
  cpu_set_t allowed_{};
#endif
  std::size_t count_ = 0;  // allowed CPUs
  std::size_t here_ = 0;   // the creator's CPU's position among them
};

/// Holds started workers until the creator has placed them: the creator calls open(w) after
/// placing worker w, and worker w calls wait(w) before its first task.
class worker_gate {
 public:
  void open(unsigned w) noexcept { placed_.store(w, std::memory_order_release); }
  void wait(unsigned w) const noexcept {
    while (placed_.load(std::memory_order_acquire) < w) std::this_thread::yield();
  }

 private:
  std::atomic<unsigned> placed_{0};  // workers 1 … placed_ are placed (they are started in order)
};

/// Starts a creator's workers 1, 2, … in that order, each on another CPU: the order that keeps
/// placement safe (start, place, then let the worker run) lives here, for every thread pool.
class worker_launcher {
 public:
  /// Reads the creator's CPUs: construct it on the thread that will call start().
  worker_launcher() = default;
  worker_launcher(const worker_launcher&) = delete;
  worker_launcher& operator=(const worker_launcher&) = delete;

  /// Appends worker w to `threads`, running body(w) once placed. The launcher must outlive the
  /// worker's start (its threads wait on it). Throws what std::thread's constructor throws.
  template <class Body>
  void start(std::vector<std::thread>& threads, unsigned w, Body body) {
    threads.emplace_back([this, w, body]() mutable {
      gate_.wait(w);
      placement_.release_current_thread();
      body(w);
    });
    placement_.place(threads.back(), w);
    gate_.open(w);
  }

 private:
  thread_placement placement_;
  worker_gate gate_;
};

}  // namespace nomo::detail
