// A consumer's program: uses nomo's error types, a numerical primitive and Eigen (which nomo's
// target brings along), and exits 0 only if all behave as documented.
#include <iostream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <nomo/core/error.hpp>
#include <nomo/core/numeric.hpp>
#include <nomo/version.hpp>

int main() {
  Eigen::Vector4d values(4, 1, 3, 2);
  const std::vector<double> x(values.data(), values.data() + values.size());
  // R: quantile(c(4, 1, 3, 2), 0.5) = 2.5, the mean of the two middle values.
  const double median = nomo::quantiles(x, {0.5}).front();
  if (median != 2.5 || values.mean() != 2.5) {
    std::cerr << "unexpected median " << median << "\n";
    return 1;
  }
  try {
    nomo::quantiles({}, {0.5});
    std::cerr << "empty input was accepted\n";
    return 1;
  } catch (const nomo::invalid_input& e) {
    if (std::string(e.what()).find("x.size() = 0") == std::string::npos) {
      std::cerr << "unexpected message: " << e.what() << "\n";
      return 1;
    }
  }
  std::cout << "nomo " << nomo::version_major << "." << nomo::version_minor << "." << nomo::version_patch
            << ": median = " << median << "\n";
  return 0;
}
