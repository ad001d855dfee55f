#pragma once
// The bootstrap engine: which rows each replicate uses (index plans) and a runner that evaluates a
// statistic over the replicates on several threads.
//
// Determinism: a replicate's rows are fixed by the plan (stored, or drawn from the seed and the
// replicate's number alone) and every replicate's result is stored at its own position, so the
// results are bit-identical for any thread count.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/core/rng.hpp"
#include "nomo/core/thread_placement.hpp"

namespace nomo::resample {

/// Which generator draws the resampled rows.
enum class index_generator {
  /// nomo's portable counter-based stream: replicate b uses splitmix64(seed, b).
  splitmix64,
  /// R's Mersenne-Twister started by set.seed(seed), one `sample(n, replace = TRUE)` per replicate
  /// in order (what rms::validate and rms::calibrate consume): reproduces R's bootstrap exactly.
  r_compatible
};

namespace detail {

/// `seed` as R's set.seed integer, −2147483647 to 2147483647, a negative one given as
/// static_cast<std::uint64_t>(seed); nothing when it is not one.
inline std::optional<std::int32_t> r_seed(std::uint64_t seed) {
  const auto value = static_cast<std::int64_t>(seed);  // two's complement: negative seeds come back
  if (value < -2147483647 || value > 2147483647) return std::nullopt;
  return static_cast<std::int32_t>(value);
}

/// Requires `generator` to be one of index_generator's enumerators.
inline void check_generator(std::string_view fn, index_generator generator) {
  check_enum(fn, "generator", generator, {index_generator::splitmix64, index_generator::r_compatible},
             "index_generator", "splitmix64 or r_compatible");
}

/// Throws invalid_input naming `seed` unless it is an R set.seed integer (see r_seed).
inline void check_r_seed(std::string_view fn, std::uint64_t seed) {
  if (!r_seed(seed)) {
    fail_input(fn, "seed", seed,
               "(" + std::to_string(static_cast<std::int64_t>(seed)) +
                   " as a signed integer) must be an R set.seed integer for r_compatible: -2147483647 to "
                   "2147483647, a negative one as static_cast<std::uint64_t>(seed)");
  }
}

}  // namespace detail

/// How to draw a bootstrap plan. Defaults: rms' B = 40, seed 1, nomo's generator, unstratified.
struct plan_options {
  int replicates = 40;   ///< B, the number of bootstrap samples (≥ 1)
  /// For r_compatible, R's set.seed argument, from −2147483647 to 2147483647; a negative seed s
  /// is given as static_cast<std::uint64_t>(s) (set.seed(-7): static_cast<std::uint64_t>(-7)).
  std::uint64_t seed = 1;
  index_generator generator = index_generator::splitmix64;
  /// Resample within outcome classes so every replicate keeps the original numbers of events and
  /// non-events (rms' `group = y`: classes in increasing order of y, each `sample(rows, size, TRUE)`).
  bool stratify_by_outcome = false;

  /// Throws invalid_input for replicates < 1, an unknown generator or an r_compatible seed that is
  /// not an R integer.
  void validate() const {
    constexpr const char* fn = "resample::plan_options::validate";
    if (replicates < 1) fail_input(fn, "replicates", replicates, "must be at least 1");
    detail::check_generator(fn, generator);
    if (generator == index_generator::r_compatible) detail::check_r_seed(fn, seed);
  }
};

/// The rows of every replicate: `rows[b]` lists replicate b's rows (0-based, with repeats).
struct index_plan {
  Eigen::Index n_rows = 0;                       ///< rows of the data the plan resamples
  std::vector<std::vector<Eigen::Index>> rows;   ///< one entry per replicate

  std::size_t replicates() const { return rows.size(); }
};

namespace detail {

inline std::vector<std::vector<Eigen::Index>> outcome_strata(const Eigen::VectorXd& y) {
  std::vector<std::vector<Eigen::Index>> strata(2);
  for (Eigen::Index i = 0; i < y.size(); ++i) strata[y(i) == 1.0 ? 1 : 0].push_back(i);
  return strata;
}

/// Fills `out` with a draw of `pool.size()` rows from `pool` (with replacement) using `draw(k)`, a
/// uniform index in [0, k). A single-row pool is copied without drawing, as rms does.
template <class Draw>
void resample_pool(const std::vector<Eigen::Index>& pool, Draw&& draw, std::vector<Eigen::Index>& out) {
  if (pool.size() == 1) {
    out.push_back(pool.front());
    return;
  }
  for (std::size_t k = 0; k < pool.size(); ++k) out.push_back(pool[draw(pool.size())]);
}

/// Checks what bootstrap_plan checks: the options, and y non-empty and 0/1.
inline void check_plan_request(const Eigen::VectorXd& y, const plan_options& options) {
  constexpr const char* fn = "resample::bootstrap_plan";
  options.validate();
  if (y.size() == 0) fail_input(fn, "y.size()", 0, "must be at least 1");
  check_binary(fn, "y", y);
}

/// The pools a plan draws from, in order: every row, or with `stratify` the rows of each outcome
/// class present (0, then 1).
inline std::vector<std::vector<Eigen::Index>> resampling_pools(const Eigen::VectorXd& y, bool stratify) {
  std::vector<std::vector<Eigen::Index>> pools;
  if (stratify) {
    for (auto& s : outcome_strata(y))
      if (!s.empty()) pools.push_back(std::move(s));
  } else {
    pools.emplace_back(static_cast<std::size_t>(y.size()));
    for (Eigen::Index i = 0; i < y.size(); ++i) pools[0][static_cast<std::size_t>(i)] = i;
  }
  return pools;
}

/// Replicate b's rows under nomo's generator, into `out`: each pool's draws in turn from stream
/// (seed, b), so that they depend on the seed and b alone (a pool of one row is copied without a
/// draw, see resample_pool).
inline void draw_replicate(const std::vector<std::vector<Eigen::Index>>& pools, std::uint64_t seed, std::size_t b,
                           std::vector<Eigen::Index>& out) {
  out.clear();
  std::size_t rows = 0;
  for (const auto& pool : pools) rows += pool.size();
  out.reserve(rows);
  splitmix64 stream(seed, b);
  for (const auto& pool : pools) {
    resample_pool(pool, [&](std::size_t k) { return static_cast<std::size_t>(stream.below(k)); }, out);
  }
}

}  // namespace detail

/// Draws a bootstrap plan for the rows of outcome `y` (0/1; used only when stratifying).
/// With index_generator::r_compatible the rows equal R's
/// `set.seed(seed); replicate(B, sample(n, replace = TRUE)) - 1` (or predab.resample's stratified
/// draw with `group = y`). Throws invalid_input for empty or non-0/1 y, or bad options.
inline index_plan bootstrap_plan(const Eigen::VectorXd& y, const plan_options& options = {}) {
  detail::check_plan_request(y, options);
  const std::vector<std::vector<Eigen::Index>> pools = detail::resampling_pools(y, options.stratify_by_outcome);
  index_plan plan;
  plan.n_rows = y.size();
  plan.rows.resize(static_cast<std::size_t>(options.replicates));
  if (options.generator != index_generator::r_compatible) {
    for (std::size_t b = 0; b < plan.rows.size(); ++b) detail::draw_replicate(pools, options.seed, b, plan.rows[b]);
    return plan;
  }
  r_mersenne_twister r_stream(*detail::r_seed(options.seed));  // checked by plan_options::validate
  for (auto& rows : plan.rows) {
    rows.reserve(static_cast<std::size_t>(y.size()));
    for (const auto& pool : pools) {
      detail::resample_pool(pool, [&](std::size_t k) { return r_stream.unif_index(static_cast<std::uint32_t>(k)); }, rows);
    }
  }
  return plan;
}

/// How row numbers supplied by the user count: from 1 as R's do, or from 0.
enum class row_numbering { one_based, zero_based };

/// A plan from a user-supplied n × B matrix of row numbers, one column per replicate (the layout of
/// R's `sapply(1:B, function(i) sample(n, replace = TRUE))`), numbered from 1 as in R unless
/// `numbering` says zero_based.
/// Throws invalid_input when the matrix has no columns, its row count differs from `n_rows`, an
/// entry is not an integer row number in range (naming row, column and value), or for an unknown
/// numbering.
inline index_plan plan_from_indices(const Eigen::Ref<const Eigen::MatrixXd>& indices, Eigen::Index n_rows,
                                    row_numbering numbering = row_numbering::one_based) {
  constexpr const char* fn = "resample::plan_from_indices";
  check_enum(fn, "numbering", numbering, {row_numbering::one_based, row_numbering::zero_based}, "row_numbering",
             "one_based or zero_based");
  if (n_rows < 1) fail_input(fn, "n_rows", n_rows, "must be at least 1");
  if (indices.cols() < 1) fail_input(fn, "indices.cols()", indices.cols(), "must be at least 1 (one column per replicate)");
  if (indices.rows() != n_rows) {
    fail_input(fn, "indices.rows()", indices.rows(), "must equal n_rows = " + std::to_string(n_rows));
  }
  const double base = numbering == row_numbering::one_based ? 1.0 : 0.0;
  index_plan plan;
  plan.n_rows = n_rows;
  plan.rows.resize(static_cast<std::size_t>(indices.cols()));
  for (Eigen::Index b = 0; b < indices.cols(); ++b) {
    for (Eigen::Index i = 0; i < indices.rows(); ++i) {
      const double v = indices(i, b);
      if (!(v >= base && v < base + static_cast<double>(n_rows)) || v != std::floor(v)) {
        fail_input(fn, nomo::detail::element("indices", static_cast<std::size_t>(i), static_cast<std::size_t>(b)), v,
                   "must be an integer row number in [" + nomo::detail::describe(base) + ", " +
                       nomo::detail::describe(base + static_cast<double>(n_rows) - 1) + "]");
      }
      plan.rows[static_cast<std::size_t>(b)].push_back(static_cast<Eigen::Index>(v - base));
    }
  }
  return plan;
}

/// Throws invalid_input unless `plan` has at least one replicate and resamples the `n_rows` rows of
/// the data: plan.n_rows equal to it, each replicate drawing that many rows (rms' bootstrap; an
/// m-out-of-n plan would bias the optimism), every row number in range.
inline void check_plan(std::string_view function, const index_plan& plan, Eigen::Index n_rows) {
  if (plan.rows.empty()) fail_input(function, "plan.replicates()", 0, "must be at least 1");
  if (plan.n_rows != n_rows) {
    fail_input(function, "plan.n_rows", plan.n_rows, "must equal the number of data rows " + std::to_string(n_rows));
  }
  for (std::size_t b = 0; b < plan.rows.size(); ++b) {
    if (plan.rows[b].size() != static_cast<std::size_t>(n_rows)) {
      fail_input(function, nomo::detail::element("plan.rows", b) + ".size()", plan.rows[b].size(),
                 "must equal the number of data rows " + std::to_string(n_rows) + " (each replicate draws n rows)");
    }
    for (Eigen::Index r : plan.rows[b]) {
      if (r < 0 || r >= n_rows) fail_input(function, nomo::detail::element("plan.rows", b), r, "is not a row of the data");
    }
  }
}

namespace detail {

/// bootstrap_plan(y, options)'s rows for nomo's generator, drawn on demand: replicate b's rows by the
/// worker that evaluates it, into a buffer that the worker keeps. A run then neither stores B row
/// lists (B allocations, and page faults on their first touch) nor draws them on one thread before
/// the workers start, which took ~10% of a two-thread validate at n = 123 and B = 1000.
class drawn_plan {
 public:
  /// Checks what bootstrap_plan checks. For nomo's generator (with_plan keeps R's stored).
  drawn_plan(const Eigen::VectorXd& y, const plan_options& options)
      : seed_(options.seed), replicates_(static_cast<std::size_t>(options.replicates)) {
    check_plan_request(y, options);
    pools_ = resampling_pools(y, options.stratify_by_outcome);
  }
  std::size_t replicates() const { return replicates_; }
  /// Replicate b's rows, drawn into `buffer`.
  const std::vector<Eigen::Index>& rows(std::size_t b, std::vector<Eigen::Index>& buffer) const {
    draw_replicate(pools_, seed_, b, buffer);
    return buffer;
  }

 private:
  std::vector<std::vector<Eigen::Index>> pools_;
  std::uint64_t seed_;
  std::size_t replicates_;
};

/// Replicate b's rows of a stored plan (`buffer` unused) or of a drawn one (drawn into `buffer`).
inline const std::vector<Eigen::Index>& replicate_rows(const index_plan& plan, std::size_t b, std::vector<Eigen::Index>&) {
  return plan.rows[b];
}
inline const std::vector<Eigen::Index>& replicate_rows(const drawn_plan& plan, std::size_t b,
                                                       std::vector<Eigen::Index>& buffer) {
  return plan.rows(b, buffer);
}

/// check_plan for a stored plan. A drawn plan needs none: it resamples y, whose length the caller
/// has checked against x's rows.
inline void check_stored_plan(std::string_view function, const index_plan& plan, Eigen::Index n_rows) {
  check_plan(function, plan, n_rows);
}
inline void check_stored_plan(std::string_view, const drawn_plan&, Eigen::Index) {}

/// `run(plan)` on the plan that `options` describe: drawn on demand for nomo's generator, whose
/// replicates are independent streams; stored for R's, whose draws follow one another.
template <class Run>
auto with_plan(const Eigen::VectorXd& y, const plan_options& options, Run&& run) {
  if (options.generator == index_generator::r_compatible) return run(bootstrap_plan(y, options));
  return run(drawn_plan(y, options));
}

}  // namespace detail

/// Options of the replicate runner.
struct runner_options {
  /// More threads than this are refused: a larger number is a mistake, not a machine.
  static constexpr int max_threads = 4096;
  /// Worker threads; 0 = std::thread::hardware_concurrency(), at most max_threads. Results do not
  /// depend on it. A run starts at most one thread per replicate; when the system refuses to start
  /// a thread (a container's process limit, say), the run goes on with the threads it has.
  int threads = 0;
  /// Called after each finished replicate with (finished, total), one call at a time (under a lock)
  /// from whichever worker finished; keep it short. Throwing from it cancels the run: no further
  /// replicate starts, the workers finish the ones they are computing, and the exception reaches
  /// the caller of the resampling method unchanged.
  std::function<void(std::size_t, std::size_t)> progress;

  /// Throws invalid_input for threads < 0 or > max_threads.
  void validate() const {
    constexpr const char* fn = "resample::runner_options::validate";
    if (threads < 0) fail_input(fn, "threads", threads, "must be 0 (all cores) or positive");
    if (threads > max_threads) fail_input(fn, "threads", threads, "must be at most " + std::to_string(max_threads));
  }

  /// The number of threads asked for (threads, or the cores when 0).
  unsigned resolved_threads() const {
    if (threads > 0) return static_cast<unsigned>(threads);
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1u : hw;
  }

  /// The most threads a run of `tasks` tasks starts (one per task at most): workers' indexes run
  /// from 0 to this − 1, so callers size per-worker scratch space with it.
  unsigned threads_for(std::size_t tasks) const {
    return static_cast<unsigned>(std::min<std::size_t>(resolved_threads(), std::max<std::size_t>(tasks, 1)));
  }
};

namespace detail {

/// The runner of one phase of a job of `total` tasks after `done` tasks of earlier phases: its
/// progress calls count over the whole job (bootstrap replicates, then jackknife refits).
inline runner_options phase_runner(const runner_options& runner, std::size_t done, std::size_t total) {
  runner_options phase{runner.threads, {}};
  if (runner.progress) {
    phase.progress = [progress = runner.progress, done, total](std::size_t finished, std::size_t) {
      progress(done + finished, total);
    };
  }
  return phase;
}

}  // namespace detail

/// How one replicate ended.
enum class replicate_status {
  ok,      ///< the statistic produced a value
  failed,  ///< the statistic reported a numerical failure (non-convergence, singular design, ...)
  threw    ///< the statistic threw; `message` holds what()
};

/// One replicate's outcome. `value` is meaningful only when status == ok.
template <class T>
struct replicate {
  replicate_status status = replicate_status::failed;
  T value{};
  std::string message;  ///< why it failed or what it threw; empty when ok
};

/// A successful replicate holding `value`.
template <class T>
replicate<T> replicate_ok(T value) {
  return {replicate_status::ok, std::move(value), {}};
}

/// A failed replicate and the reason.
template <class T>
replicate<T> replicate_failed(std::string reason) {
  return {replicate_status::failed, T{}, std::move(reason)};
}

/// Counts of how the replicates of a run ended.
struct replicate_counts {
  std::size_t total = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;  ///< numerical failures reported by the statistic
  std::size_t threw = 0;   ///< the statistic threw
  /// rms' note, e.g. "Divergence or singularity in 3 samples"; empty when all succeeded.
  std::string note;
  /// "replicate b: message" for the first few failures (at most 10), to show why.
  std::vector<std::string> first_failures;
};

/// Every replicate's outcome in plan order and the counts.
template <class T>
struct replicate_run {
  std::vector<replicate<T>> replicates;
  replicate_counts counts;
};

namespace detail {

template <class T>
replicate_counts count_outcomes(const std::vector<replicate<T>>& replicates) {
  replicate_counts c;
  c.total = replicates.size();
  for (std::size_t b = 0; b < replicates.size(); ++b) {
    const auto& r = replicates[b];
    if (r.status == replicate_status::ok) {
      ++c.succeeded;
      continue;
    }
    (r.status == replicate_status::failed ? c.failed : c.threw) += 1;
    if (c.first_failures.size() < 10) c.first_failures.push_back("replicate " + std::to_string(b) + ": " + r.message);
  }
  if (c.succeeded < c.total) c.note = "Divergence or singularity in " + std::to_string(c.total - c.succeeded) + " samples";
  return c;
}

}  // namespace detail

/// Throws computation_error for `function` when fewer than `minimum` replicates succeeded, quoting
/// the first failure: the documented outcome of a resampling method whose replicates all failed.
inline void require_successes(std::string_view function, const replicate_counts& counts, std::size_t minimum = 1) {
  if (counts.succeeded >= minimum) return;
  std::string problem = std::to_string(counts.succeeded) + " of " + std::to_string(counts.total) +
                        " replicates succeeded (at least " + std::to_string(minimum) + " needed)";
  if (!counts.first_failures.empty()) problem += "; first failure: " + counts.first_failures.front();
  throw computation_error(std::string(function), problem);
}

/// Runs `task(k)` for k = 0 … count − 1 on the runner's threads, storing each outcome at position k.
/// `task` returns replicate<T>; an exception it throws becomes status `threw` with its message. A
/// task callable as `task(k, worker)` also gets the index of the worker thread running it, from 0
/// to options.threads_for(count) − 1, for scratch space kept per worker between tasks. An exception
/// from options.progress cancels the run and is rethrown once every worker has stopped.
template <class T, class Task>
replicate_run<T> run_tasks(std::size_t count, Task&& task, const runner_options& options = {}) {
  options.validate();
  replicate_run<T> run;
  run.replicates.resize(count);
  std::atomic<std::size_t> next{0};
  std::size_t finished = 0;
  std::mutex progress_lock;
  std::atomic<bool> cancelled{false};
  std::exception_ptr progress_error;  // written once, under progress_lock, before `cancelled`
  auto worker = [&](unsigned id) {
    for (std::size_t k = next++; k < count && !cancelled; k = next++) {
      try {
        if constexpr (std::is_invocable_v<Task&, std::size_t, unsigned>) {
          run.replicates[k] = task(k, id);
        } else {
          run.replicates[k] = task(k);
        }
      } catch (const std::exception& e) {
        run.replicates[k] = {replicate_status::threw, T{}, e.what()};
      } catch (...) {
        run.replicates[k] = {replicate_status::threw, T{}, "unknown exception"};
      }
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_lock);
        if (cancelled) break;
        try {
          options.progress(++finished, count);
        } catch (...) {
          progress_error = std::current_exception();
          cancelled = true;
        }
      }
    }
  };
  const unsigned threads = options.threads_for(count);
  std::vector<std::thread> pool;
  pool.reserve(threads);
  nomo::detail::worker_launcher launcher;  // each worker on another CPU: core/thread_placement.hpp
  for (unsigned t = 1; t < threads; ++t) {
    try {
      launcher.start(pool, t, worker);
    } catch (const std::exception&) {
      break;  // the system starts no more threads: the ones running take every task (same results)
    }
  }
  worker(0);
  for (auto& t : pool) t.join();
  if (progress_error) std::rethrow_exception(progress_error);
  run.counts = detail::count_outcomes(run.replicates);
  return run;
}

/// Evaluates `statistic(rows, b)` on every replicate of `plan` (rows = replicate b's 0-based rows).
/// The statistic returns replicate<T>: replicate_ok(value) or replicate_failed(reason); a throw is
/// recorded as `threw`. Nothing is thrown for failing replicates: the counts say what happened, so
/// the caller decides (validate/calibrate throw computation_error when none succeeded). A statistic
/// callable as `statistic(rows, b, worker)` also gets its worker's index (see run_tasks).
/// Mirrors the loop of rms' predab.resample / boot::boot, run in parallel.
template <class T, class Statistic>
replicate_run<T> run_bootstrap(const index_plan& plan, Statistic&& statistic, const runner_options& options = {}) {
  using rows_type = const std::vector<Eigen::Index>&;
  if constexpr (std::is_invocable_v<Statistic&, rows_type, std::size_t, unsigned>) {
    return run_tasks<T>(plan.replicates(), [&](std::size_t b, unsigned worker) { return statistic(plan.rows[b], b, worker); },
                        options);
  } else {
    return run_tasks<T>(plan.replicates(), [&](std::size_t b) { return statistic(plan.rows[b], b); }, options);
  }
}

namespace detail {

/// run_bootstrap over a stored or a drawn plan, calling `statistic(rows, b, worker)`; each worker
/// keeps one buffer for the rows it draws.
template <class T, class Plan, class Statistic>
replicate_run<T> run_plan(const Plan& plan, Statistic&& statistic, runner_options runner) {
  runner.validate();
  std::vector<std::vector<Eigen::Index>> buffers(runner.threads_for(plan.replicates()));
  runner.threads = static_cast<int>(buffers.size());  // a worker's index always has a buffer
  return run_tasks<T>(plan.replicates(), [&](std::size_t b, unsigned worker) {
    return statistic(replicate_rows(plan, b, buffers[worker]), b, worker);
  }, runner);
}

}  // namespace detail

}  // namespace nomo::resample
