#pragma once
// Loading the resampling fixtures written by tests/reference/resample_rms.R.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <nomo/model/term.hpp>
#include <nomo/resample/bootstrap.hpp>

#include "fixture.hpp"

namespace resample_test {

/// A design (y + columns) as rms built it for fit$x.
struct design {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  std::vector<std::string> names;
  std::vector<nomo::model::term> factors;
};

/// Which design columns make up each factor (rms' assign), in model order.
inline std::vector<nomo::model::term> load_factors(const std::string& tag) {
  std::vector<nomo::model::term> factors;
  const auto f = nomo_test::read_table("resample_factors_" + tag + ".csv");
  const auto factor = f.text("factor");
  const Eigen::VectorXd column = f.column("column");
  for (std::size_t i = 0; i < factor.size(); ++i) {
    if (factors.empty() || factors.back().name != factor[i]) factors.push_back({});
    factors.back().name = factor[i];
    factors.back().columns.push_back(static_cast<Eigen::Index>(column(static_cast<Eigen::Index>(i))));
  }
  return factors;
}

/// Plan options drawing R's own bootstrap samples: set.seed(seed), B = replicates.
inline nomo::resample::plan_options r_plan(std::uint64_t seed, int replicates) {
  nomo::resample::plan_options p;
  p.seed = seed;
  p.replicates = replicates;
  p.generator = nomo::resample::index_generator::r_compatible;
  return p;
}

inline design load_design(const std::string& tag) {
  design d;
  const auto t = nomo_test::read_table("resample_design_" + tag + ".csv");
  d.y = t.column("y");
  d.x.resize(d.y.size(), static_cast<Eigen::Index>(t.names.size() - 1));
  for (std::size_t j = 1; j < t.names.size(); ++j) {
    d.x.col(static_cast<Eigen::Index>(j - 1)) = t.column(t.names[j]);
    d.names.push_back(t.names[j]);
  }
  d.factors = load_factors(tag);
  return d;
}

/// An n × B matrix of R's 1-based bootstrap rows as a plan.
inline nomo::resample::index_plan load_plan(const std::string& file, Eigen::Index n) {
  const auto t = nomo_test::read_table(file);
  Eigen::MatrixXd m(static_cast<Eigen::Index>(t.size()), static_cast<Eigen::Index>(t.names.size()));
  for (std::size_t j = 0; j < t.names.size(); ++j) m.col(static_cast<Eigen::Index>(j)) = t.column(t.names[j]);
  return nomo::resample::plan_from_indices(m, n);
}

/// |actual − expected| ≤ tol · max(1, |expected|).
inline bool close(double actual, double expected, double tol) {
  return std::abs(actual - expected) <= tol * std::max(1.0, std::abs(expected));
}

/// Records a runner's progress calls: the finished counts in call order and the last total.
struct progress_log {
  std::vector<std::size_t> done;
  std::size_t total = 0;

  /// A callback for runner_options::progress that writes into this log (which must outlive it).
  std::function<void(std::size_t, std::size_t)> callback() {
    return [this](std::size_t finished, std::size_t of) {
      done.push_back(finished);
      total = of;
    };
  }

  /// Whether the calls counted 1, 2, …, `expected` of `expected`, one at a time.
  bool counted_one_by_one(std::size_t expected) const {
    if (total != expected || done.size() != expected) return false;
    for (std::size_t k = 0; k < done.size(); ++k) {
      if (done[k] != k + 1) return false;
    }
    return true;
  }
};

}  // namespace resample_test
