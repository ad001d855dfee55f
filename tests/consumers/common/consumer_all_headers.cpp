// A consumer's program that includes every nomo header (nomo/nomo.hpp) and instantiates the main
// templates (a logistic fit and a bootstrap validation), built under the consumer's strict warning
// flags. A project that adds nomo with add_subdirectory or FetchContent reads its headers as its
// own, not as system headers, so their warnings are the project's errors.
#include <nomo/nomo.hpp>

int main() {
  Eigen::MatrixXd x(40, 2);
  Eigen::VectorXd y(40);
  for (Eigen::Index i = 0; i < 40; ++i) {
    x(i, 0) = static_cast<double>(i % 7);
    x(i, 1) = static_cast<double>((i * 5) % 11);
    y(i) = (i * 3) % 4 == 0 ? 1.0 : 0.0;
  }
  const nomo::glm::logistic_fit fit = nomo::glm::fit_logistic(x, y);
  nomo::resample::plan_options plan;
  plan.replicates = 5;
  const nomo::resample::validation v = nomo::resample::validate(x, y, plan);
  return fit.converged && v.dxy.n > 0 ? 0 : 1;
}
