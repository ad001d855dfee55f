#pragma once
// Worker threads kept across the rounds of one computation (the passes of a logistic fit), instead
// of a thread started per round.
//
// Why: starting a thread and waking a sleeping one take ~50 µs typically, but now and then several
// milliseconds (measured on a 2-vCPU VM: 16 µs to 5.3 ms for a condition-variable wake after 20 ms
// idle, and a second pass worker that began only when the first had finished its ~1 ms share). A
// fit's passes follow each other within microseconds (the serial work between them is a k × k
// solve), so a worker that spins briefly after a round is already running when the next begins.
// It sleeps on a condition variable after `spin` without work, so an idle pool costs no CPU.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "nomo/core/thread_placement.hpp"

namespace nomo::detail {

class worker_pool {
 public:
  /// How long a worker waits for the next round by spinning before it sleeps.
  static constexpr std::chrono::microseconds spin{2000};

  /// A pool of `workers` (≥ 1) counting the caller of run(): workers − 1 threads are started.
  explicit worker_pool(unsigned workers) {
    threads_.reserve(workers > 0 ? workers - 1 : 0);
    for (unsigned w = 1; w < workers; ++w) launcher_.start(threads_, w, [this](unsigned index) { serve(index); });
  }
  ~worker_pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  /// Workers, the caller included.
  unsigned size() const { return static_cast<unsigned>(threads_.size()) + 1; }

  /// Calls task(w) for every worker w (0 on the calling thread) and returns when all have returned.
  /// A task run by a pool thread must not throw (std::terminate, as for std::thread); when the
  /// caller's task(0) throws, the others are waited for before the exception leaves.
  template <class Task>
  void run(Task& task) {
    call_ = [](void* t, unsigned w) { (*static_cast<Task*>(t))(w); };
    task_ = &task;
    pending_.store(static_cast<unsigned>(threads_.size()), std::memory_order_release);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      round_.fetch_add(1, std::memory_order_acq_rel);
    }
    wake_.notify_all();
    try {
      task(0u);
    } catch (...) {
      wait_for_workers();
      throw;
    }
    wait_for_workers();
  }

 private:
  using clock = std::chrono::steady_clock;

  /// Spins until `done()` or for `spin`; returns done().
  template <class Done>
  static bool spin_until(Done done) {
    const auto until = clock::now() + spin;
    while (!done()) {
      if (clock::now() > until) return false;
      std::this_thread::yield();
    }
    return true;
  }

  void wait_for_workers() {
    auto done = [this] { return pending_.load(std::memory_order_acquire) == 0; };
    if (spin_until(done)) return;
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, done);
  }

  void serve(unsigned index) {
    std::uint64_t seen = 0;
    for (;;) {
      auto ready = [&] {
        return round_.load(std::memory_order_acquire) != seen || stop_.load(std::memory_order_acquire);
      };
      if (!spin_until(ready)) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, ready);
      }
      if (stop_.load(std::memory_order_acquire)) return;
      seen = round_.load(std::memory_order_acquire);
      call_(task_, index);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);  // the caller checks pending_ under this lock
        finished_.notify_one();
      }
    }
  }

  worker_launcher launcher_;  // declared before threads_: the workers wait on it from their start
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  std::atomic<std::uint64_t> round_{0};
  std::atomic<unsigned> pending_{0};
  std::atomic<bool> stop_{false};
  void (*call_)(void*, unsigned) = nullptr;
  void* task_ = nullptr;
};

}  // namespace nomo::detail
