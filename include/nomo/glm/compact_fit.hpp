#pragma once
// Newton fits of small weighted logistic designs kept whole in cache: the refits that resampling
// repeats thousands of times (a W3 bootstrap sample is ~78 distinct rows × 6 columns with their
// counts as weights). fit_logistic's blocked passes are built to stream big designs through the
// cache on several threads; on such a sample their set-up (blocks, slices, prefetch queues, the
// column scan) and its checks cost ~4× the arithmetic. Here the centred design is copied once per
// fit into padded columns and each pass is a few loops over whole packets. The Newton loop itself
// (stopping rules, step-halving, failures) is fit_logistic's own (detail::iterate_newton), so
// both engines stop, halve and fail alike; the estimates differ in summation order only.

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/simd.hpp"
#include "nomo/glm/information_factor.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/weighted_qr.hpp"

namespace nomo::glm::detail {

/// Designs of at most this many values (rows × columns) are fitted by fit_compact: 256 KB, which
/// stays in the L2 cache of current x86 and ARM cores with room for the per-row buffers.
inline constexpr Eigen::Index compact_design_values = 32768;

/// Buffers of fit_compact, kept between fits (one per thread).
struct compact_workspace {
  Eigen::MatrixXd x;          ///< centred design, rows padded with zeros to whole packets
  Eigen::VectorXd y, w;       ///< outcome and prior weight per padded row (0 on the padding)
  Eigen::VectorXd centres;    ///< the weighted column means
  Eigen::VectorXd residual;   ///< w·(y − p) per row: the score's terms
  Eigen::VectorXd variance;   ///< w·p·(1 − p) per row: the information weights
  Eigen::VectorXd zeros;      ///< a column of zeros: the partner of sweeps with fewer than four
  std::vector<Eigen::Index> columns;  ///< 0 … p − 1 (every column is in the model)
  Eigen::VectorXd zero_centres;       ///< p zeros: where the weighted QR centres the centred columns
  Eigen::VectorXd raw_shift;          ///< −centres: what turns the centred columns back into x
  Eigen::VectorXd no_offset;          ///< empty: refits have no offset
  /// Per packet of rows, the largest weight when every weight is a whole number up to
  /// max_counted_weight (softplus_lanes::add_weighted then multiplies instead of taking logs); else
  /// −1 each.
  std::vector<int> packet_counts;
  newton_state state;
};

/// The information and score entries of column j that a sweep over the rows adds up: with
/// z = v ⊙ x_j (v the information weights), Σ z ⊙ x_l for the four partner columns l (padding
/// partners point to a column of zeros), and on the first sweep of a column also Σ r ⊙ x_j (the
/// score, r the residuals) and Σ z (the information's intercept column). Six independent
/// accumulators keep the multiply-adds from waiting on each other, as one dot product at a time
/// would: a W3 refit's dot products are 10 packets long.
struct column_sweep {
  std::array<double, 4> partner{};
  double score = 0, intercept = 0;
};

template <bool first>
inline column_sweep sweep_column(const double* column, const double* variance, const double* residual,
                                 const std::array<const double*, 4>& partners, Eigen::Index rows) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const packet zero = pset1<packet>(0.0);
  packet a0 = zero, a1 = zero, a2 = zero, a3 = zero, score = zero, intercept = zero;
  for (Eigen::Index i = 0; i < rows; i += width) {
    const packet x = ploadu<packet>(column + i);
    const packet z = pmul(ploadu<packet>(variance + i), x);
    a0 = pmadd(z, ploadu<packet>(partners[0] + i), a0);
    a1 = pmadd(z, ploadu<packet>(partners[1] + i), a1);
    a2 = pmadd(z, ploadu<packet>(partners[2] + i), a2);
    a3 = pmadd(z, ploadu<packet>(partners[3] + i), a3);
    if (first) {
      score = pmadd(ploadu<packet>(residual + i), x, score);
      intercept = padd(intercept, z);
    }
  }
  using nomo::detail::lane_sum;
  column_sweep out;
  out.partner = {lane_sum(a0), lane_sum(a1), lane_sum(a2), lane_sum(a3)};
  if (first) {
    out.score = lane_sum(score);
    out.intercept = lane_sum(intercept);
  }
  return out;
}

/// Largest whole-number weight whose packets softplus_lanes::add_weighted multiplies out (one
/// product per unit of the packet's largest weight): bootstrap counts are far below it.
inline constexpr int max_counted_weight = 16;

/// Fills ws.packet_counts from ws.w (see compact_workspace).
inline void count_packets(compact_workspace& ws) {
  const auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const Eigen::Index packets = ws.w.size() / width;
  ws.packet_counts.assign(static_cast<std::size_t>(packets), -1);
  for (Eigen::Index i = 0; i < ws.w.size(); ++i) {
    const double w = ws.w(i);
    if (!(w == std::floor(w) && w <= max_counted_weight)) return;  // the packet log for every row
  }
  for (Eigen::Index b = 0; b < packets; ++b) {
    ws.packet_counts[static_cast<std::size_t>(b)] = static_cast<int>(ws.w.segment(b * width, width).maxCoeff());
  }
}

/// Copies x centred on its weighted column means into the workspace, with y and the weights,
/// padding the rows to whole packets with zero rows of weight 0 (which add exact zeros to every sum).
inline void load_compact_design(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                const Eigen::Ref<const Eigen::VectorXd>& weights, double total, compact_workspace& ws) {
  const Eigen::Index n = x.rows(), p = x.cols(), m = nomo::detail::whole_packet_rows(n);
  ws.x.setZero(m, p);
  ws.zeros.setZero(m);
  ws.y.setZero(m);
  ws.w.setZero(m);
  ws.residual.resize(m);
  ws.variance.resize(m);
  ws.y.head(n) = y;
  if (weights.size() > 0) ws.w.head(n) = weights;
  else ws.w.head(n).setOnes();
  count_packets(ws);
  ws.centres.resize(p);
  ws.zero_centres.setZero(p);
  ws.columns.resize(static_cast<std::size_t>(p));
  for (Eigen::Index j = 0; j < p; ++j) {
    ws.centres(j) = ws.w.head(n).dot(x.col(j)) / total;
    ws.x.col(j).head(n) = x.col(j).array() - ws.centres(j);
    ws.columns[static_cast<std::size_t>(j)] = j;
  }
  ws.raw_shift = -ws.centres;
}

/// One pass at theta (centred parametrisation, intercept first): the deviance, and with
/// `information` the score and the information's lower triangle. Per packet of rows: the linear
/// predictors, expit_packet and the weighted deviance terms (softplus_lanes::add_weighted), the residuals and
/// the information weights w·t/u² (= w·p(1 − p) without the cancellation of 1 − p); then sweeps
/// over the rows per column for the score and information entries (sweep_column).
inline void compact_pass(compact_workspace& ws, const Eigen::VectorXd& theta, bool information, pass_totals& out) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const Eigen::Index m = ws.x.rows(), p = ws.x.cols();
  const packet zero = pset1<packet>(0.0);
  softplus_lanes deviance;
  packet residual_sum = zero, variance_sum = zero;
  for (Eigen::Index i = 0; i < m; i += width) {
    packet eta = pset1<packet>(theta(0));
    for (Eigen::Index j = 0; j < p; ++j) eta = pmadd(ploadu<packet>(ws.x.col(j).data() + i), pset1<packet>(theta(j + 1)), eta);
    const expit_packet ex(eta);
    const packet y = ploadu<packet>(ws.y.data() + i), w = ploadu<packet>(ws.w.data() + i);
    deviance.add_weighted(eta, y, w, ex, ws.packet_counts[static_cast<std::size_t>(i / width)]);
    if (!information) continue;
    const packet residual = pmul(w, psub(y, ex.p));
    const packet variance = pmul(pmul(w, ex.t), pmul(ex.inverse_u, ex.inverse_u));
    pstoreu(ws.residual.data() + i, residual);
    pstoreu(ws.variance.data() + i, variance);
    residual_sum = padd(residual_sum, residual);
    variance_sum = padd(variance_sum, variance);
  }
  out.deviance = 2.0 * deviance.half_deviance();
  if (!information) return;
  const Eigen::Index k = p + 1;
  if (out.score.size() != k) out.score.resize(k);
  if (out.information.rows() != k) out.information.setZero(k, k);  // the upper triangle stays unread
  out.score(0) = nomo::detail::lane_sum(residual_sum);
  out.information(0, 0) = nomo::detail::lane_sum(variance_sum);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double* column = ws.x.col(j).data();
    for (Eigen::Index l0 = 0; l0 <= j; l0 += 4) {  // partners l0 … l0 + 3 (up to j)
      std::array<const double*, 4> partners;
      for (Eigen::Index a = 0; a < 4; ++a)
        partners[static_cast<std::size_t>(a)] = l0 + a <= j ? ws.x.col(l0 + a).data() : ws.zeros.data();
      const column_sweep sums = l0 == 0 ? sweep_column<true>(column, ws.variance.data(), ws.residual.data(), partners, m)
                                        : sweep_column<false>(column, ws.variance.data(), ws.residual.data(), partners, m);
      for (Eigen::Index a = 0; a < 4 && l0 + a <= j; ++a)
        out.information(j + 1, l0 + a + 1) = sums.partner[static_cast<std::size_t>(a)];
      if (l0 == 0) {
        out.score(j + 1) = sums.score;
        out.information(j + 1, 0) = sums.intercept;
      }
    }
  }
}

/// Maximum-likelihood fit of y ~ x with prior weights (empty = 1 each) on a small design (see
/// compact_design_values) for refits whose data the caller has checked: finite x without constant
/// columns, a 0/1 y with events and non-events of positive weight, weights ≥ 0, valid options
/// without an offset. Semantics are fit_logistic's with options.estimates_only, except that a fit
/// with aliased columns stops at once with `aliased` filled (a refit with aliased columns has
/// failed; fit_logistic would drop them and fit the rest), and an information matrix that is not
/// finite at the start fails with a message. Fills coefficients, covariance (with
/// options.covariance), deviance, null_deviance, lr_chi2, rank, iterations, halvings, converged,
/// message and aliased.
inline logistic_fit fit_compact(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                const Eigen::Ref<const Eigen::VectorXd>& weights, const irls_options& options,
                                compact_workspace& ws) {
  const Eigen::Index p = x.cols();
  const bool weighted = weights.size() > 0;
  const double total = weighted ? weights.sum() : static_cast<double>(y.size());
  const double events = weighted ? weights.dot(y) : y.sum();
  load_compact_design(x, y, weights, total, ws);

  logistic_fit fit;
  const double null = intercept_only_deviance(events, total);
  newton_state& state = ws.state;
  state.theta.setZero(p + 1);  // keeps the buffer of the previous refit
  state.theta(0) = std::log(events / (total - events));
  state.pass.reset(p + 1, 0);
  compact_pass(ws, state.theta, true, state.pass);
  if (!state.pass.information.diagonal().allFinite()) {
    fit.message = "the information matrix at the start is not finite";
    return fit;
  }
  // The workspace holds the columns centred already: the QR reads them about 0.
  const Eigen::Ref<const Eigen::MatrixXd> centred(ws.x);
  const weighted_rows rows{centred, ws.zero_centres, ws.columns, ws.w, ws.no_offset};
  fit.aliased = describe_aliased(find_aliased(rows, ws.centres, state.pass.information, state.theta, options.rank_tolerance), {});
  if (fit.aliased.detected) return fit;
  fit.rank = static_cast<int>(p) + 1;

  const bool covariance = options.covariance;
  iterate_newton(options, state, fit, [&](const Eigen::VectorXd& theta, const Eigen::VectorXd&, bool last, pass_totals& out) {
    compact_pass(ws, theta, !last || covariance, out);
  });
  finish_estimates(state, rows, ws.raw_shift, ws.centres, p, covariance, fit);
  fill_deviances(state.pass.deviance, null, fit);
  return fit;
}

}  // namespace nomo::glm::detail
