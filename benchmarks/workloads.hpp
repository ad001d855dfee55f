#pragma once
// The benchmark workloads W1-W6 of shared/benchmarks/WORKLOADS.md, generated bit for bit as
// specified there (splitmix64 in counter form). benchmarks/compare/workloads.py writes the same
// data for the R and Python peers. Compile with -ffp-contract=off (the benchmarks target does).

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace nomo_bench {

/// Draw k of stream S of the counter-form splitmix64 generator.
inline std::uint64_t splitmix_draw(std::uint64_t stream, std::uint64_t k) {
  std::uint64_t z = stream + (k + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// U_S[k]: uniform on [0, 1) with 53 random bits.
inline double uniform(std::uint64_t stream, std::uint64_t k) {
  return static_cast<double>(splitmix_draw(stream, k) >> 11) * 0x1.0p-53;
}

/// Z_S[i]: sum of twelve uniforms minus 6, summed left to right.
inline double normal12(std::uint64_t stream, std::uint64_t i) {
  double sum = 0.0;
  for (std::uint64_t j = 0; j < 12; ++j) sum += uniform(stream, 12 * i + j);
  return sum - 6.0;
}

inline double expit(double eta) { return 1.0 / (1.0 + std::exp(-eta)); }
inline double rnd(double x, double scale) { return std::floor(x * scale + 0.5) / scale; }

/// W1: the paper-size cohort. Columns age, marker, sex, diab, grp_B, grp_C (grp A is the reference).
struct w1_data {
  Eigen::MatrixXd x;  // 123 x 6
  Eigen::VectorXd y;
  std::vector<std::string> grp;  // "A", "B", "C"
};

inline w1_data make_w1(int n = 123) {
  w1_data d{Eigen::MatrixXd(n, 6), Eigen::VectorXd(n), std::vector<std::string>(n)};
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::uint64_t>(i);
    const double age = rnd(60.0 + 10.0 * normal12(1001, k), 10.0);
    const double marker = rnd(normal12(1002, k), 100.0);
    const double sex = uniform(1003, k) < 0.5 ? 1.0 : 0.0;
    const double diab = uniform(1004, k) < 0.3 ? 1.0 : 0.0;
    const double u = uniform(1005, k);
    const std::string grp = u < 0.5 ? "A" : (u < 0.8 ? "B" : "C");
    double eta = -1.15 + 0.04 * (age - 60.0);
    eta += 0.8 * marker;
    eta += 0.5 * sex;
    eta += 0.7 * diab;
    eta += 0.4 * (grp == "B" ? 1.0 : 0.0);
    eta += 0.9 * (grp == "C" ? 1.0 : 0.0);
    d.x.row(i) << age, marker, sex, diab, grp == "B" ? 1.0 : 0.0, grp == "C" ? 1.0 : 0.0;
    d.y(i) = uniform(1006, k) < expit(eta) ? 1.0 : 0.0;
    d.grp[static_cast<std::size_t>(i)] = grp;
  }
  return d;
}

/// W2: n rows, 20 continuous columns.
struct w2_data {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

inline w2_data make_w2(int n = 1000000) {
  w2_data d{Eigen::MatrixXd(n, 20), Eigen::VectorXd(n)};
  for (int j = 1; j <= 20; ++j) {
    for (int i = 0; i < n; ++i) d.x(i, j - 1) = normal12(2000 + static_cast<std::uint64_t>(j), static_cast<std::uint64_t>(i));
  }
  for (int i = 0; i < n; ++i) {
    double eta = -1.0;
    for (int j = 1; j <= 20; ++j) eta += 0.1 * ((j % 7) - 3) * d.x(i, j - 1);
    d.y(i) = uniform(2100, static_cast<std::uint64_t>(i)) < expit(eta) ? 1.0 : 0.0;
  }
  return d;
}

/// W4 basis input: W2's first column.
inline Eigen::VectorXd make_w4_x(int n = 1000000) {
  Eigen::VectorXd x(n);
  for (int i = 0; i < n; ++i) x(i) = normal12(2001, static_cast<std::uint64_t>(i));
  return x;
}

/// W5: scores and 0/1 labels, 30 % positives.
struct w5_data {
  Eigen::VectorXd score;
  Eigen::VectorXd label;
};

inline w5_data make_w5(int n = 100000) {
  w5_data d{Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::uint64_t>(i);
    d.label(i) = uniform(5001, k) < 0.3 ? 1.0 : 0.0;
    d.score(i) = rnd(d.label(i) + normal12(5002, k), 1e6);
  }
  return d;
}

/// W6: two-group survival data in days.
struct w6_data {
  Eigen::VectorXd time;
  Eigen::VectorXd status;
  Eigen::VectorXd group;
};

inline w6_data make_w6(int n = 100000) {
  w6_data d{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::uint64_t>(i);
    d.group(i) = uniform(6001, k) < 0.5 ? 1.0 : 0.0;
    const double lambda = d.group(i) == 1.0 ? 1.3 / 1000.0 : 1.0 / 1000.0;
    const double t = -std::log(1.0 - uniform(6002, k)) / lambda;
    const double c = 3650.0 * uniform(6003, k);
    d.status(i) = t <= c ? 1.0 : 0.0;
    d.time(i) = std::max(1.0, std::ceil(std::min(t, c)));
  }
  return d;
}

}  // namespace nomo_bench
