#pragma once
// R's uniroot (Brent's zeroin, R_zeroin2), reproduced step for step so that statistics R defines
// through uniroot with its loose default tolerance (fisher.test's odds ratio and limits) come out as
// R prints them, not merely close to the exact root.

#include <cmath>
#include <limits>

namespace nomo::stats::detail {

/// Result of uniroot(): the root and whether the tolerance was reached within the iterations.
struct root_result {
  double root = 0;
  bool converged = false;
};

/// uniroot(f, c(lower, upper), tol = tolerance, maxiter = max_iter): f(lower) and f(upper) must have
/// opposite signs (or one be 0). Default tolerance .Machine$double.eps^0.25 as in R.
template <class Function>
root_result uniroot(const Function& f, double lower, double upper,
                    double tolerance = std::pow(std::numeric_limits<double>::epsilon(), 0.25), int max_iter = 1000) {
  const double eps = std::numeric_limits<double>::epsilon();
  double a = lower, b = upper, fa = f(a), fb = f(b);
  double c = a, fc = fa;
  if (fa == 0) return {a, true};
  if (fb == 0) return {b, true};
  for (int left = max_iter + 1; left-- > 0;) {
    const double prev_step = b - a;
    if (std::fabs(fc) < std::fabs(fb)) {  // keep b the best approximation
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol_act = 2 * eps * std::fabs(b) + tolerance / 2;
    double new_step = (c - b) / 2;
    if (std::fabs(new_step) <= tol_act || fb == 0) return {b, true};
    if (std::fabs(prev_step) >= tol_act && std::fabs(fa) > std::fabs(fb)) {
      // Interpolation: secant with two distinct points, inverse quadratic with three.
      double p, q;
      const double cb = c - b;
      if (a == c) {
        const double t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {
        const double qq = fa / fc, t1 = fb / fc, t2 = fb / fa;
        p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1.0));
        q = (qq - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (p < (0.75 * cb * q - std::fabs(tol_act * q) / 2) && p < std::fabs(prev_step * q / 2)) new_step = p / q;
    }
    if (std::fabs(new_step) < tol_act) new_step = new_step > 0 ? tol_act : -tol_act;
    a = b;
    fa = fb;
    b += new_step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return {b, false};
}

}  // namespace nomo::stats::detail
