#pragma once
// Binary logistic regression by maximum likelihood: Newton–Raphson (= IRLS for the logit link)
// with step-halving, the estimator behind R's glm(family = binomial) and rms::lrm.
//
// Design choices, and why:
//  * One streaming pass over X per iteration. Rows are processed in blocks, each block in slices
//    that stay in L1 cache while the slice's linear predictors, likelihood terms, score
//    X1'(w(y − p)) and information X1'diag(w p(1−p))X1 are computed (the next block is prefetched
//    meanwhile), so no n×p temporary is ever formed, X is read from memory once per pass, and large
//    n costs memory bandwidth, not memory. A slice is read twice from cache: once for the linear
//    predictors, then, with the weights known, to write the centred and weighted columns for the
//    X'WX kernel while adding up the score and the intercept's row of the information (one store
//    per value instead of two, and no pass of its own for the score).
//  * Columns are centred inside the blocks (the intercept is transformed back at the end). This keeps
//    the normal-equation solve well conditioned for columns such as calendar years whose mean dwarfs
//    their spread; the estimates are the same maximum-likelihood estimates.
//  * Rows are split into a fixed number of chunks whose partial sums are added in chunk order, so the
//    result is bit-identical for any thread count.
//  * Convergence: the Newton decrement u'I⁻¹u (the deviance change a full step predicts, in units of
//    the estimates' own covariance) must fall below `epsilon`; the step that satisfied it is still
//    applied and the statistics are recomputed at the final estimates, as rms's lrm.fit does. The
//    result is the MLE to near machine precision (matches glm(epsilon = 1e-12) to ~1e-10). rms::lrm
//    stops earlier, by its deviance-change rule, ~1e-7 short of the maximum at worst; the
//    deviance_change rule reproduces its printed estimates instead (to ~1e-12).
//  * Aliased (collinear) columns are found once, at the starting point, by R glm's rule: in column
//    order, a column whose weighted residual after the columns kept before it is below
//    `rank_tolerance` of its own norm is aliased, the later column of a collinear set being the one
//    dropped (R's dqrdc2 limited pivoting). A Cholesky of the information screens for nearly
//    collinear columns; only then does a QR factor of the weighted design decide, as the
//    information's squared condition number would call merely ill-conditioned columns aliased.
//    Columns too collinear for Newton steps on the information (residual below 1e-6 of the
//    column's centred norm, κ beyond ~1e6) are set aside too, where R's glm would fit them.
//  * The covariance is the inverse information, or when the information is ill-conditioned (it
//    would lose κ²·ε) R⁻¹R⁻ᵀ from a QR of the weighted design at the estimates (weighted_qr.hpp).
//  * Separation is detected after fitting: fitted probabilities numerically 0 or 1 on the side of the
//    observed outcome while the last Newton step still moved linear predictors. The columns that the
//    last step moved most (relative to their range) are reported as the ones involved.

#include <algorithm>
#include <atomic>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>

#include "nomo/core/distributions.hpp"
#include "nomo/core/error.hpp"
#include "nomo/core/huge_pages.hpp"
#include "nomo/core/simd.hpp"
#include "nomo/core/worker_pool.hpp"
#include "nomo/glm/cross_product.hpp"
#include "nomo/glm/information_factor.hpp"
#include "nomo/glm/weighted_qr.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/model/term.hpp"

namespace nomo::glm {

/// What fit_logistic does with aliased (linearly dependent) design columns.
enum class aliased_policy {
  report,      ///< drop them from the fit, report them in logistic_fit::aliased (R glm's default)
  throw_error  ///< throw nomo::computation_error naming them (rms::lrm fails on a singular design)
};

/// When the Newton iteration of fit_logistic stops.
enum class convergence_rule {
  /// The Newton decrement u'I⁻¹u falls below `epsilon`, or the decrement that the next step would
  /// leave, predicted from the quadratic convergence of the last two full steps, falls below
  /// (epsilon / 100)²; that last step is still applied. Gives the maximum-likelihood estimates to
  /// near machine precision (the default).
  newton_decrement,
  /// rms lrm.fit's rule (rms 6.5): two successive deviances, the first being the starting point's,
  /// differ by at most `deviance_tolerance`; then one more full Newton step is taken. Estimates can
  /// be ~1e-7 from the exact maximum; rms' validate and calibrate compute with them.
  deviance_change
};

/// Options of fit_logistic. Defaults give the exact maximum-likelihood estimates (R's glm with a
/// tight epsilon); `rule = convergence_rule::deviance_change` gives rms::lrm's printed ones.
struct irls_options {
  /// Newton iterations before giving up (R glm: maxit = 25). Each iteration is one pass over X. With
  /// rule = deviance_change, lrm.fit's budget instead: every evaluation counts (the start's, each
  /// Newton step's and each step halving's), as its loop of maxit − 1 passes counts them.
  int max_iterations = 25;
  /// Fits of at least 256 blocks of rows (262,144 rows at the default block_rows) under the
  /// newton_decrement rule first fit every 8th block, a few passes over 1/8 of X, and start from
  /// those estimates instead of (logit ȳ, 0): W2's fit then takes 4 passes over X instead of 6,
  /// plus 3 over the subsample. Converged estimates change only in the last bits (3e-14 on W2).
  /// The subsample's estimates are dropped, and the fit starts from (logit ȳ, 0) as usual, when
  /// the subsample fit fails (values that are not finite, singular information, no decrease, no
  /// convergence in 10 steps) or when the full data's deviance at them exceeds the intercept-only
  /// model's (a subsample that misrepresents the data, e.g. with one class in its blocks), which
  /// costs one more pass over X. The deviance_change rule (lrm.fit's) always starts from
  /// (logit ȳ, 0), as its stopping point depends on the start.
  bool subsample_start = true;
  /// Step halvings allowed within one iteration when the deviance does not decrease.
  int max_halvings = 30;
  convergence_rule rule = convergence_rule::newton_decrement;
  /// newton_decrement: converged when the Newton decrement u'I⁻¹u < epsilon.
  double epsilon = 1e-10;
  /// deviance_change: the deviance change that triggers the last step (lrm.fit's eps = 0.025).
  double deviance_tolerance = 0.025;
  /// A column is aliased when its residual after the intercept and the earlier kept columns,
  /// weighted by the information weights w·p(1 − p) at the starting estimates, has a norm below
  /// this times the column's own (uncentred) norm: R glm's rule (its QR tolerance,
  /// min(1e-7, epsilon / 1000) = 1e-11 at glm's default epsilon), decided on a QR factor of the
  /// weighted design (glm/weighted_qr.hpp) whenever a cheap Cholesky screen finds a column
  /// nearly collinear with earlier ones. A column whose residual is below 1e-6 of its centred
  /// norm is aliased whatever this says: Newton steps on the information could not fit it.
  /// (Until November 2026 this bounded 1 − R² instead, default 1e-10.)
  double rank_tolerance = 1e-11;
  aliased_policy on_aliased = aliased_policy::report;
  /// Level of the Wald confidence intervals of coefficients and odds ratios.
  double confidence_level = 0.95;
  /// Prior (case) weights, one per row, ≥ 0; empty means all 1. Like glm(weights =).
  Eigen::VectorXd prior_weights;
  /// Offset added to the linear predictor, one per row; empty means 0. Like glm(offset =).
  Eigen::VectorXd offset;
  /// Worker threads for the passes over X (results do not depend on this number). They are
  /// started once per fit (or kept in a logistic_workspace) and wait between passes by spinning
  /// for up to 2 ms, so that each pass starts without a thread wake-up.
  int threads = 1;
  /// Rows per block of a pass: the next block is fetched into cache while one is computed (in
  /// L1-sized slices), so two blocks of block_rows × columns doubles should fit in L2 cache.
  Eigen::Index block_rows = 1024;
  /// Compute only what a refit inside a resampling loop needs: coefficients, covariance, deviance,
  /// null deviance, LR χ², iteration facts and the aliasing report. The per-row outputs
  /// (linear_predictor, fitted), the Wald table (standard errors to odds-ratio limits), AIC, BIC,
  /// lr_p, max_abs_score and the separation report are then left empty (NaN for the numbers).
  /// Bootstrap validation refits thousands of paper-sized models, for which these cost about as
  /// much as the fit.
  bool estimates_only = false;
  /// With estimates_only: compute the covariance (inverse information at the estimates). false
  /// leaves `covariance` empty and spares the last pass the information matrix: resampling refits
  /// whose estimates are all that is used (calibrate, validate without step-down) need neither.
  /// predict, wald_test, anova and the effect curves reject such a fit (invalid_input).
  bool covariance = true;

  /// Throws nomo::invalid_input naming the first option out of range.
  void validate() const {
    constexpr const char* fn = "glm::irls_options::validate";
    if (max_iterations < 1) fail_input(fn, "max_iterations", max_iterations, "must be at least 1");
    if (max_halvings < 0) fail_input(fn, "max_halvings", max_halvings, "must be non-negative");
    check_positive(fn, "epsilon", epsilon);
    check_positive(fn, "deviance_tolerance", deviance_tolerance);
    check_open_unit(fn, "rank_tolerance", rank_tolerance);
    check_open_unit(fn, "confidence_level", confidence_level);
    if (threads < 1) fail_input(fn, "threads", threads, "must be at least 1");
    if (block_rows < 1) fail_input(fn, "block_rows", block_rows, "must be at least 1");
    if (!covariance && !estimates_only) {
      fail_input(fn, "covariance", "false", "needs estimates_only (the Wald table is computed from the covariance)");
    }
    check_enum(fn, "rule", rule, {convergence_rule::newton_decrement, convergence_rule::deviance_change},
               "convergence_rule", "newton_decrement or deviance_change");
    check_enum(fn, "on_aliased", on_aliased, {aliased_policy::report, aliased_policy::throw_error}, "aliased_policy",
               "report or throw_error");
  }
};

/// Design columns found to be linear combinations of the intercept and earlier columns.
struct aliasing_report {
  bool detected = false;
  std::vector<Eigen::Index> columns;  ///< 0-based design columns (intercept excluded)
  std::vector<std::string> names;
  std::string message;  ///< empty when nothing is aliased
};

/// Complete or quasi-complete separation: no finite maximum-likelihood estimate exists.
struct separation_report {
  bool detected = false;
  /// Every row is perfectly predicted or pushed toward its own outcome by the last step (a
  /// hyperplane separates the classes); else some rows stay on it: quasi-complete.
  bool complete = false;
  Eigen::Index perfectly_predicted = 0;   ///< rows with fitted probability within 1e-8 of their y
  std::vector<Eigen::Index> columns;      ///< design columns whose coefficients diverge
  std::vector<std::string> names;
  std::string message;  ///< empty when not detected; points to Firth's method
};

/// A fitted logistic model. Coefficient vectors have one entry per parameter, intercept first
/// (rms order); an aliased column's entries are NaN, as R's NA (see `aliased`).
struct logistic_fit {
  std::vector<std::string> names;    ///< "Intercept", then one per design column
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;        ///< inverse information at the estimates
  Eigen::VectorXd standard_errors;
  Eigen::VectorXd z;                 ///< Wald z = coefficient / SE
  Eigen::VectorXd p_values;          ///< two-sided, 2Φ(−|z|)
  double confidence_level = 0.95;
  Eigen::VectorXd conf_low, conf_high;  ///< Wald limits of the coefficients
  Eigen::VectorXd odds_ratios;          ///< exp(coefficient) (entry 0 is the odds at x = 0)
  Eigen::VectorXd odds_ratio_low, odds_ratio_high;

  double deviance = 0;        ///< −2 log-likelihood of the model
  double null_deviance = 0;   ///< −2 log-likelihood of the intercept-only model (with the offset)
  double log_likelihood = 0;
  /// deviance + 2·rank: R's AIC for 0/1 outcomes without weights or with whole-number weights. With
  /// other weights R's binomial AIC rounds w and w·y (and warns), so the two then differ.
  double aic = 0;
  /// deviance + log(n)·rank with n every row given, zero-weight rows included: R's BIC() of a
  /// glm counts them (logLik.glm's nobs), although nobs() does not.
  double bic = 0;
  double lr_chi2 = 0;         ///< null_deviance − deviance
  int lr_df = 0;              ///< rank − 1
  double lr_p = 1;            ///< P(χ²_df > lr_chi2)
  double max_abs_score = 0;   ///< max |∂ log L / ∂θ| at the estimates, uncentred columns (lrm's "Max Deriv")

  Eigen::Index n_obs = 0;     ///< rows with positive weight
  Eigen::Index n_events = 0;  ///< rows with positive weight and y = 1
  double sum_weights = 0;
  bool weighted = false;      ///< prior weights were given and not all 1
  int rank = 0;               ///< estimated parameters, intercept included

  int iterations = 0;         ///< Newton steps taken
  int halvings = 0;           ///< step halvings over all iterations
  /// Passes over all rows, each of which reads X once: the starting point's (which also checks X),
  /// one per Newton step and step halving, and the extra ones a dropped subsample start, aliased
  /// columns, a fit that stopped early (for its per-row outputs) or a QR of the weighted design
  /// (nearly collinear columns, an ill-conditioned covariance: see weighted_qr.hpp) cost.
  int passes = 0;
  /// Passes over the 1-in-8 subsample of blocks for a starting point (each reads 1/8 of X; 0 when
  /// none was tried, see irls_options::subsample_start).
  int subsample_passes = 0;
  bool subsample_started = false;  ///< the fit started from the subsample's estimates
  bool converged = false;     ///< the convergence rule was met (see separation for whether an MLE exists)
  std::string message;        ///< why the fit stopped when it did not converge; else empty

  Eigen::VectorXd linear_predictor;  ///< per row, offset included
  Eigen::VectorXd fitted;            ///< per row, fitted probability

  aliasing_report aliased;
  separation_report separation;

  /// The model terms when fitted from a model_frame (anova and reports pool their columns); else empty.
  std::vector<model::term> terms;

  /// Number of design columns (parameters minus the intercept).
  Eigen::Index columns() const { return coefficients.size() - 1; }
};

/// Linear predictor, probability and their uncertainty for new rows.
struct logistic_prediction {
  Eigen::VectorXd linear_predictor;
  Eigen::VectorXd se_linear_predictor;  ///< sqrt(x1' V x1)
  Eigen::VectorXd probability;
  Eigen::VectorXd probability_low, probability_high;  ///< expit(lp ∓ z·SE) at the fit's level
};

namespace detail {

/// Rows whose fitted probability lies within this distance of their outcome count as perfectly
/// predicted (|linear predictor| > 18.4).
inline constexpr double perfect_fit_distance = 1e-8;
/// The last Newton step must move some linear predictor by more than this for separation: at a
/// genuine optimum the last step is many orders of magnitude smaller.
inline constexpr double diverging_step = 1e-3;
/// A column is involved in a separation when the last step moved it by at least this share of the
/// largest column move (both scaled by the column's range).
inline constexpr double involved_share = 0.1;
/// Row chunks per pass: fixed, so that partial sums are added in the same order for any thread count.
inline constexpr Eigen::Index max_chunks = 32;

/// The data of one fit, centred columns restricted to the ones in the model.
struct problem {
  const Eigen::Ref<const Eigen::MatrixXd>& x;
  const Eigen::Ref<const Eigen::VectorXd>& y;
  const Eigen::VectorXd& weights;  ///< empty = 1
  const Eigen::VectorXd& offset;   ///< empty = 0
  std::vector<Eigen::Index> kept;  ///< design columns in the model
  Eigen::VectorXd centre;          ///< mean of each design column (all columns)
  Eigen::Index block_rows;
  int threads;
  /// A pass visits blocks 0, s, 2s, ... of block_rows rows: 1 = every row; more = a subsample of
  /// whole blocks (see subsample_start).
  Eigen::Index block_stride = 1;
};

/// The rows of a problem as the weighted QR reads them (weighted_qr.hpp).
inline weighted_rows rows_of(const problem& pr) { return {pr.x, pr.centre, pr.kept, pr.weights, pr.offset}; }

/// What the first pass of a fit learns about X itself: the design is checked on the way through
/// instead of in a pass of its own.
struct column_scan {
  Eigen::VectorXd low, high;       ///< per design column, over the finite values seen
  Eigen::Index bad_row = -1;       ///< first non-finite value (lowest row, then lowest column)
  Eigen::Index bad_column = -1;

  void reset(Eigen::Index p) {
    low.setConstant(p, std::numeric_limits<double>::infinity());
    high.setConstant(p, -std::numeric_limits<double>::infinity());
    bad_row = bad_column = -1;
  }
  void note_bad(Eigen::Index row, Eigen::Index column) {
    if (bad_row < 0 || row < bad_row || (row == bad_row && column < bad_column)) {
      bad_row = row;
      bad_column = column;
    }
  }
  void add(const column_scan& other) {
    low = low.cwiseMin(other.low);
    high = high.cwiseMax(other.high);
    if (other.bad_row >= 0) note_bad(other.bad_row, other.bad_column);
  }
};

/// Sums of one pass at given estimates (over kept columns, centred, intercept first).
struct pass_totals {
  double deviance = 0;
  Eigen::VectorXd score;
  Eigen::MatrixXd information;  ///< lower triangle filled (entries above it are meaningless)
  double max_probe = 0;         ///< max |x1_i' probe|
  Eigen::Index perfectly_predicted = 0;
  Eigen::Index separated = 0;   ///< rows perfectly predicted or moved toward their y by the probe
  column_scan scan;             ///< filled by a pass that scans columns

  void reset(Eigen::Index k, Eigen::Index p) {
    deviance = 0;
    score.setZero(k);
    information.setZero(k, k);
    max_probe = 0;
    perfectly_predicted = separated = 0;
    scan.reset(p);
  }
  void add(const pass_totals& other) {
    deviance += other.deviance;
    score += other.score;
    information += other.information;
    max_probe = std::max(max_probe, other.max_probe);
    perfectly_predicted += other.perfectly_predicted;
    separated += other.separated;
    scan.add(other.scan);
  }
};

/// What one pass over the rows computes besides the sums.
struct pass_request {
  const Eigen::VectorXd& theta;             ///< estimates (centred parametrisation, kept columns)
  const Eigen::VectorXd* probe = nullptr;   ///< a direction whose largest effect on a row is recorded
  logistic_fit* rows = nullptr;             ///< where to store each row's linear predictor and fitted risk
  bool scan_columns = false;                ///< record column ranges and the first non-finite value
  bool information = true;                  ///< add the score and the information matrix
};

/// log(1 + exp(t)) without overflow.
inline double softplus(double t) { return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t)); }

/// One block's sums, added to the pass's chunk once per block: each worker writes only to its own
/// workspace while it goes through a block's slices (chunk totals of different workers can share a
/// cache line).
struct block_sums {
  double deviance = 0;
  Eigen::Index perfectly_predicted = 0;
  Eigen::Index separated = 0;
  double max_probe = 0;

  void reset() {
    deviance = max_probe = 0;
    perfectly_predicted = separated = 0;
  }
  void add_to(pass_totals& out) const {
    out.deviance += deviance;
    out.perfectly_predicted += perfectly_predicted;
    out.separated += separated;
    out.max_probe = std::max(out.max_probe, max_probe);
  }
};

/// The inverse logit of a packet of linear predictors and the terms the deviance reuses: with
/// t = exp(−|η|) and u = 1 + t, p = (η < 0 ? t : 1)/u without overflow. Every lane takes the same
/// arithmetic, so equal linear predictors get bit-equal probabilities wherever they sit.
struct expit_packet {
  using packet = nomo::detail::double_packet;
  packet t, u, inverse_u, p;

  explicit expit_packet(const packet& eta) {
    using namespace Eigen::internal;
    const packet one = pset1<packet>(1.0);
    t = pexp(pnegate(pabs(eta)));
    u = padd(one, t);
    inverse_u = pdiv(one, u);
    p = pmul(pselect(pcmp_lt(eta, pset1<packet>(0.0)), t, one), inverse_u);
  }
};

/// Σ softplus((1 − 2y)·η), half the deviance, over packets of rows with one log per lane every
/// product_packets factors (a packet of unweighted rows is one): log1p(t) = log(u) −
/// ((u − 1) − t)/u, the logs taken of per-lane products of u = 1 + t ∈ (1, 2] (at most 2^512;
/// their rounding is of the order of that of the per-row logs summed). Eigen's packet log, a rational approximation with a division, costs more
/// per row than everything else a row needs; std::log per lane also spares GCC 12's false
/// -Wuninitialized that Eigen's AVX-512 log gives inlined under -march=native.
struct softplus_lanes {
  using packet = nomo::detail::double_packet;
  static constexpr int product_packets = 512;
  packet linear = Eigen::internal::pset1<packet>(0.0);
  packet product = Eigen::internal::pset1<packet>(1.0);
  double log_product = 0;
  int factors = 0;

  /// Adds a packet of rows with linear predictors eta (ex = expit_packet(eta)) and outcomes y;
  /// `masked`: lanes whose mask is 0 add nothing (1 for the rows that count).
  template <bool masked>
  void add(const packet& eta, const packet& y, const expit_packet& ex, const packet& mask) {
    using namespace Eigen::internal;
    const packet zero = pset1<packet>(0.0), one = pset1<packet>(1.0), two = pset1<packet>(2.0);
    const packet correction = pmul(psub(psub(ex.u, one), ex.t), ex.inverse_u);
    const packet term = psub(pmax(pmul(psub(one, pmul(two, y)), eta), zero), correction);
    linear = padd(linear, masked ? pmul(mask, term) : term);
    product = pmul(product, masked ? pselect(pcmp_lt(zero, mask), ex.u, one) : ex.u);
    if (++factors == product_packets) take_log();
  }
  /// Adds a packet of rows with prior weights w. `count` is the packet's largest weight when every
  /// weight is a whole number (how often a bootstrap drew each row): each row's u then enters the
  /// product as u^w, `count` multiplications, instead of a log per row; else `count` is −1 and
  /// each row takes Eigen's packet log.
  void add_weighted(const packet& eta, const packet& y, const packet& w, const expit_packet& ex, int count) {
    using namespace Eigen::internal;
    const packet zero = pset1<packet>(0.0), one = pset1<packet>(1.0), two = pset1<packet>(2.0);
    const packet correction = pmul(psub(psub(ex.u, one), ex.t), ex.inverse_u);
    packet term = psub(pmax(pmul(psub(one, pmul(two, y)), eta), zero), correction);
    if (count < 0) {
      term = padd(term, plog(ex.u));
    } else {
      if (factors + count > product_packets) take_log();
      for (int c = 1; c <= count; ++c) product = pmul(product, pselect(pcmp_le(pset1<packet>(c), w), ex.u, one));
      factors += count;
    }
    linear = pmadd(w, term, linear);
  }
  void take_log() {
    double lanes[nomo::detail::double_lanes];
    Eigen::internal::pstoreu(lanes, product);
    for (const double lane : lanes) log_product += std::log(lane);
    product = Eigen::internal::pset1<packet>(1.0);
    factors = 0;
  }
  /// The sum of everything added (takes the log of the pending product).
  double half_deviance() {
    take_log();
    return log_product + nomo::detail::lane_sum(linear);
  }
};

/// Per-thread scratch space for one slice of a block (see cross_product_slice_rows). Aligned to
/// cache lines so that the workers' workspace structs (prefetch cursor, block sums) never share one;
/// their buffers are separate heap blocks.
struct alignas(64) block_workspace {
  /// The slice of the kept columns, centred and multiplied by the rows' root weights, padded with
  /// zero rows to whole packets: the information kernel's input. The intercept's row and column of
  /// the information (sums of w and w·x) are added up by weigh_slice instead.
  Eigen::MatrixXd weighted;
  /// Per row of the slice, padded to whole packets (residual and root_weight with zeros, so that
  /// the padding rows add exact zeros to the score and the information).
  Eigen::ArrayXd eta, probability, residual, root_weight, probe;
  /// Packet accumulators of weigh_slice, one packet per column (intercept first), kept between the
  /// slices of a block: the score Σ r·x and the information's first column Σ w·x.
  tile_accumulators score_lanes, intercept_lanes;
  std::vector<const double*> sources;  ///< each kept column of X (then the offset) at the slice's first row
  Eigen::VectorXd centres;             ///< the kept columns' centres
  Eigen::MatrixXd tail;                ///< the sources' rows after the slice's last whole packet, zero-padded
  std::vector<const double*> tail_sources;  ///< the columns of `tail`
  prefetch_queue ahead;  ///< the next block's data, fetched while this block is computed
  tile_accumulators tiles;  ///< the information kernel's accumulators
  block_sums sums;          ///< of the block being computed
  softplus_lanes softplus;  ///< the block's deviance terms, without prior weights

  block_workspace(Eigen::Index rows, Eigen::Index k)
      : weighted(nomo::detail::whole_packet_rows(rows), k - 1),
        eta(nomo::detail::whole_packet_rows(rows)),
        probability(rows),
        residual(nomo::detail::whole_packet_rows(rows)),
        root_weight(nomo::detail::whole_packet_rows(rows)),
        probe(nomo::detail::whole_packet_rows(rows)),
        sources(static_cast<std::size_t>(k)),
        centres(k - 1),
        tail(static_cast<Eigen::Index>(nomo::detail::double_lanes), k),
        tail_sources(static_cast<std::size_t>(k)) {}
  /// Rows of the largest slice this workspace holds.
  Eigen::Index capacity() const { return probability.size(); }
};

/// Runs `step(i)` on the packet of rows starting at i for n rows of the `In` input and `Out`
/// output arrays. The rows after the last whole packet go through a zero-padded packet instead of
/// scalar code, so that every row gets the same arithmetic.
template <std::size_t In, std::size_t Out, class Step>
inline void packet_rows(const std::array<const double*, In>& in, const std::array<double*, Out>& out, Eigen::Index n,
                        Step step) {
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  Eigen::Index i = 0;
  for (; i + width <= n; i += width) step(in, out, i);
  if (i == n) return;
  double padded_in[In][width] = {}, padded_out[Out][width];
  std::array<const double*, In> tail_in;
  std::array<double*, Out> tail_out;
  for (std::size_t a = 0; a < In; ++a) {
    std::copy(in[a] + i, in[a] + n, padded_in[a]);
    tail_in[a] = padded_in[a];
  }
  for (std::size_t a = 0; a < Out; ++a) tail_out[a] = padded_out[a];
  step(tail_in, tail_out, 0);
  for (std::size_t a = 0; a < Out; ++a) std::copy(padded_out[a], padded_out[a] + (n - i), out[a] + i);
}

/// p = expit(η) for n rows, with expit_packet.
inline void expit_rows(const double* eta, double* p, Eigen::Index n) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  packet_rows<1, 1>({eta}, {p}, n, [](const auto& in, const auto& out, Eigen::Index i) {
    pstoreu(out[0] + i, expit_packet(ploadu<packet>(in[0] + i)).p);
  });
}

/// The inverse logit p = expit(η) and each row's deviance 2·softplus((1 − 2y)·η) for n rows with
/// one exponential per row (expit_packet): log1p(t) = log(u) − ((u − 1) − t)/u is exact to
/// rounding even where u rounds to 1.
inline void logistic_rows(const double* eta, const double* y, double* p, double* deviance, Eigen::Index n) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  packet_rows<2, 2>({eta, y}, {p, deviance}, n, [](const auto& in, const auto& out, Eigen::Index i) {
    const packet zero = pset1<packet>(0.0), one = pset1<packet>(1.0), two = pset1<packet>(2.0);
    const packet e = ploadu<packet>(in[0] + i);
    const expit_packet ex(e);
    pstoreu(out[0] + i, ex.p);
    const packet sign = psub(one, pmul(two, ploadu<packet>(in[1] + i)));  // 1 − 2y
    const packet log1p_t = psub(plog(ex.u), pmul(psub(psub(ex.u, one), ex.t), ex.inverse_u));
    pstoreu(out[1] + i, pmul(two, padd(pmax(pmul(sign, e), zero), log1p_t)));
  });
}

/// The unweighted pass's terms of n rows in one sweep: p = expit(η) and residuals y − p (as
/// logistic_rows and slice_likelihood form them), root weights √(p(1 − p)), zero on the rows from n
/// up to whole packets, and the rows' softplus terms added to `deviance` (see softplus_lanes).
inline void unweighted_rows(const double* eta, const double* y, double* p, double* residual, double* root_weight,
                            Eigen::Index n, softplus_lanes& deviance) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const packet one = pset1<packet>(1.0);
  // One packet of rows; `valid` is 1 on the rows that count and 0 on the padding of the last one.
  auto row_packet = [&](const packet& e, const packet& yy, const packet& valid, double* p_out, Eigen::Index i) {
    const expit_packet ex(e);
    pstoreu(p_out, ex.p);
    pstoreu(residual + i, pmul(valid, psub(yy, ex.p)));
    pstoreu(root_weight + i, pmul(valid, psqrt(pmul(ex.p, psub(one, ex.p)))));
    return ex;
  };
  Eigen::Index i = 0;
  for (; i + width <= n; i += width) {
    const packet e = ploadu<packet>(eta + i), yy = ploadu<packet>(y + i);
    deviance.add<false>(e, yy, row_packet(e, yy, one, p + i, i), one);
  }
  if (i < n) {
    double e_tail[width] = {}, y_tail[width] = {}, valid[width] = {}, p_tail[width];
    for (Eigen::Index r = 0; r < n - i; ++r) {
      e_tail[r] = eta[i + r];
      y_tail[r] = y[i + r];
      valid[r] = 1.0;
    }
    const packet e = ploadu<packet>(e_tail), yy = ploadu<packet>(y_tail), mask = ploadu<packet>(valid);
    deviance.add<true>(e, yy, row_packet(e, yy, mask, p_tail, i), mask);
    std::copy(p_tail, p_tail + (n - i), p + i);
  }
}

/// Per-row likelihood terms of a slice: deviance, residuals w(y − p) for the score, and the square
/// roots of the information weights w·p(1 − p). Rows perfectly predicted, and those the probe (the
/// last step, in ws.probe) moves toward their own outcome, are counted only when asked (the final
/// pass, which has the probe), as that needs coefficient-wise comparisons.
inline void slice_likelihood(const problem& pr, Eigen::Index begin, Eigen::Index rows, bool count_separated,
                             block_workspace& ws) {
  block_sums& out = ws.sums;
  const auto y = pr.y.segment(begin, rows).array();
  const auto p = ws.probability.head(rows);
  const bool weighted = pr.weights.size() > 0;
  if (weighted) {
    logistic_rows(ws.eta.data(), pr.y.data() + begin, ws.probability.data(), ws.residual.data(), rows);
  } else {
    unweighted_rows(ws.eta.data(), pr.y.data() + begin, ws.probability.data(), ws.residual.data(),
                    ws.root_weight.data(), rows, ws.softplus);
  }
  if (count_separated) {
    const auto perfect = (y - p).abs() < perfect_fit_distance;
    const auto separated = perfect || ((2.0 * y - 1.0) * ws.probe.head(rows) > diverging_step);
    if (weighted) {
      const auto used = pr.weights.segment(begin, rows).array() > 0;
      out.perfectly_predicted += (used && perfect).count();
      out.separated += (used && separated).count();
    } else {
      out.perfectly_predicted += perfect.count();
      out.separated += separated.count();
    }
  }
  if (!weighted) return;
  const auto w = pr.weights.segment(begin, rows).array();
  out.deviance += (w * ws.residual.head(rows)).sum();  // the rows' deviances, before the residuals replace them
  ws.residual.head(rows) = w * (y - p);
  ws.root_weight.head(rows) = (w * p * (1.0 - p)).sqrt();
  const Eigen::Index padding = nomo::detail::whole_packet_rows(rows) - rows;
  ws.residual.segment(rows, padding).setZero();
  ws.root_weight.segment(rows, padding).setZero();
}

/// Queues the rows [begin, begin + rows) of everything a block reads from memory, to be fetched
/// while the current block is computed. A pass reads X one slice of rows at a time, i.e. as many
/// short interleaved streams as there are columns, which hardware prefetchers follow poorly. The
/// requests go out in the order the slices will read them.
inline void queue_block(const problem& pr, Eigen::Index begin, Eigen::Index rows, Eigen::Index slice,
                        prefetch_queue& ahead) {
  ahead.clear();
  for (Eigen::Index s = begin; s < begin + rows; s += slice) {
    const Eigen::Index count = std::min(slice, begin + rows - s);
    for (const Eigen::Index j : pr.kept) ahead.push(pr.x.col(j).data() + s, count);
    ahead.push(pr.y.data() + s, count);
    if (pr.weights.size() > 0) ahead.push(pr.weights.data() + s, count);
    if (pr.offset.size() > 0) ahead.push(pr.offset.data() + s, count);
  }
}

/// Records the range of one column's rows in a block, or the first of them that is not finite.
inline void scan_column(const Eigen::Ref<const Eigen::VectorXd>& raw, Eigen::Index begin, Eigen::Index j,
                        column_scan& scan) {
  // A sum of x·0 is NaN exactly when some x is NaN or infinite, and vectorizes (allFinite() does not).
  if (std::isnan((raw.array() * 0.0).sum())) {
    Eigen::Index i = 0;
    while (std::isfinite(raw(i))) ++i;
    scan.note_bad(begin + i, j);
    return;
  }
  scan.low(j) = std::min(scan.low(j), raw.minCoeff());
  scan.high(j) = std::max(scan.high(j), raw.maxCoeff());
}

/// Where the sweep reads and writes, as plain pointers set up once per slice (read through Eigen
/// objects, GCC reloaded their data pointers after every store).
struct sweep_plan {
  const double* const* source;  ///< each kept column (then the offset), from the first row wanted
  const double* centre;         ///< of each kept column
  const double* theta;          ///< intercept, then one per kept column
  const double* probe;          ///< like theta, or null
  Eigen::Index columns;
  bool has_offset;
  double* eta;
  double* probe_lp;
};

/// P packets of rows, from row i of each source, of the sweep: the rows' linear predictors (and
/// probe values) are added up in registers over the centred columns, then stored at eta + i
/// (probe_lp + i). P independent packets keep the multiply-add units busy while each packet's sum
/// waits on its previous column.
template <int P>
inline void sweep_packets(const sweep_plan& plan, Eigen::Index i) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  packet lp[static_cast<std::size_t>(P)], probed[static_cast<std::size_t>(P)];
  for (int q = 0; q < P; ++q) {
    lp[q] = pset1<packet>(plan.theta[0]);
    probed[q] = pset1<packet>(plan.probe != nullptr ? plan.probe[0] : 0.0);
  }
  for (Eigen::Index c = 0; c < plan.columns; ++c) {
    const double* from = plan.source[c] + i;
    const packet centre = pset1<packet>(plan.centre[c]), slope = pset1<packet>(plan.theta[c + 1]);
    for (int q = 0; q < P; ++q) {
      const packet centred = psub(ploadu<packet>(from + q * width), centre);
      lp[q] = pmadd(slope, centred, lp[q]);
      if (plan.probe != nullptr) probed[q] = pmadd(pset1<packet>(plan.probe[c + 1]), centred, probed[q]);
    }
  }
  for (int q = 0; q < P; ++q) {
    if (plan.has_offset) lp[q] = padd(lp[q], ploadu<packet>(plan.source[plan.columns] + i + q * width));
    pstoreu(plan.eta + i + q * width, lp[q]);
    if (plan.probe != nullptr) pstoreu(plan.probe_lp + i + q * width, probed[q]);
  }
}

/// Forms the linear predictors (and probe values) of the rows [begin, begin + rows) one packet of
/// rows at a time, the predictor staying in a register while the columns are read. The rows after
/// the last whole packet go through a zero-padded copy (ws.tail, which weigh_slice reads too), so
/// that every row gets the same arithmetic (equal rows, equal predictions).
inline void sweep_slice(const problem& pr, Eigen::Index begin, Eigen::Index rows, const pass_request& request,
                        block_workspace& ws, column_scan& scan) {
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const auto columns = static_cast<Eigen::Index>(pr.kept.size());
  const bool has_offset = pr.offset.size() > 0;
  ws.sources.resize(static_cast<std::size_t>(columns + 1));
  ws.centres.resize(columns);
  for (Eigen::Index c = 0; c < columns; ++c) {
    const Eigen::Index j = pr.kept[static_cast<std::size_t>(c)];
    ws.sources[static_cast<std::size_t>(c)] = pr.x.col(j).data() + begin;
    ws.centres(c) = pr.centre(j);
    if (request.scan_columns) scan_column(pr.x.col(j).segment(begin, rows), begin, j, scan);
  }
  if (has_offset) ws.sources[static_cast<std::size_t>(columns)] = pr.offset.data() + begin;
  sweep_plan plan{ws.sources.data(), ws.centres.data(), request.theta.data(),
                  request.probe != nullptr ? request.probe->data() : nullptr, columns, has_offset,
                  ws.eta.data(), ws.probe.data()};
  constexpr int interleaved = 4;
  const Eigen::Index whole = rows / width * width;
  Eigen::Index i = 0;
  for (; i + interleaved * width <= whole; i += interleaved * width) sweep_packets<interleaved>(plan, i);
  for (; i < whole; i += width) sweep_packets<1>(plan, i);
  if (whole < rows) {
    const Eigen::Index sources = columns + (has_offset ? 1 : 0);
    ws.tail.setZero();
    ws.tail_sources.resize(static_cast<std::size_t>(sources));
    for (Eigen::Index c = 0; c < sources; ++c) {
      const double* from = ws.sources[static_cast<std::size_t>(c)] + whole;
      std::copy(from, from + (rows - whole), ws.tail.col(c).data());
      ws.tail_sources[static_cast<std::size_t>(c)] = ws.tail.col(c).data();
    }
    plan.source = ws.tail_sources.data();
    plan.eta += whole;
    plan.probe_lp += whole;
    sweep_packets<1>(plan, 0);
  }
  if (request.probe != nullptr) ws.sums.max_probe = std::max(ws.sums.max_probe, ws.probe.head(rows).abs().maxCoeff());
}

/// Columns that weigh_slice takes together: they share each packet's loads of the residuals and
/// root weights, and their 2G accumulators are independent chains of multiply-adds.
inline constexpr Eigen::Index weigh_group = 4;

/// For G columns starting at kept column c: each packet of rows, centred, times the rows' root
/// weights goes to the kernel's slice, and the column's score Σ r·x and information Σ w·x
/// (= Σ √w·(√w·x)) are added to its packet accumulators. `packets` whole packets come from the
/// columns in X; a final padded packet, if `tail`, from ws.tail.
template <int G>
inline void weigh_columns(const block_workspace& ws, Eigen::Index c, Eigen::Index packets, bool tail, double* to,
                          Eigen::Index ld, double* score_lanes, double* intercept_lanes) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  constexpr auto group = static_cast<std::size_t>(G);
  const double* from[group];
  packet centre[group], score[group], cross[group];
  for (int g = 0; g < G; ++g) {
    from[g] = ws.sources[static_cast<std::size_t>(c + g)];
    centre[g] = pset1<packet>(ws.centres(c + g));
    score[g] = ploadu<packet>(score_lanes + (c + 1 + g) * width);
    cross[g] = ploadu<packet>(intercept_lanes + (c + 1 + g) * width);
  }
  auto weigh = [&](Eigen::Index i, const double* const* rows_from, Eigen::Index at) {
    const packet r = ploadu<packet>(ws.residual.data() + i), root = ploadu<packet>(ws.root_weight.data() + i);
    for (int g = 0; g < G; ++g) {
      const packet centred = psub(ploadu<packet>(rows_from[g] + at), centre[g]);
      const packet z = pmul(root, centred);
      pstoreu(to + (c + g) * ld + i, z);
      score[g] = pmadd(r, centred, score[g]);
      cross[g] = pmadd(root, z, cross[g]);
    }
  };
  for (Eigen::Index i = 0; i < packets * width; i += width) weigh(i, from, i);
  if (tail) {
    const double* tail_from[group];
    for (int g = 0; g < G; ++g) tail_from[g] = ws.tail_sources[static_cast<std::size_t>(c + g)];
    weigh(packets * width, tail_from, 0);
  }
  for (int g = 0; g < G; ++g) {
    pstoreu(score_lanes + (c + 1 + g) * width, score[g]);
    pstoreu(intercept_lanes + (c + 1 + g) * width, cross[g]);
  }
}

/// Fills the kernel's slice with the kept columns of the slice's rows, centred and weighted by the
/// root weights, and adds the score and the information's intercept column to the block's packet
/// accumulators: reading the columns again (now in cache) costs less than storing the centred
/// columns in the sweep and weighting them in a pass of their own.
inline void weigh_slice(Eigen::Index rows, block_workspace& ws) {
  using namespace Eigen::internal;
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  const Eigen::Index packets = rows / width;
  const bool tail = packets * width < rows;
  double* score_lanes = ws.score_lanes.data();
  double* intercept_lanes = ws.intercept_lanes.data();
  packet score = ploadu<packet>(score_lanes), weight = ploadu<packet>(intercept_lanes);
  for (Eigen::Index i = 0; i < nomo::detail::whole_packet_rows(rows); i += width) {
    const packet root = ploadu<packet>(ws.root_weight.data() + i);
    score = padd(score, ploadu<packet>(ws.residual.data() + i));
    weight = pmadd(root, root, weight);
  }
  pstoreu(score_lanes, score);
  pstoreu(intercept_lanes, weight);
  const Eigen::Index columns = ws.weighted.cols();
  double* to = ws.weighted.data();
  const Eigen::Index ld = ws.weighted.rows();
  Eigen::Index c = 0;
  for (; c + weigh_group <= columns; c += weigh_group)
    weigh_columns<weigh_group>(ws, c, packets, tail, to, ld, score_lanes, intercept_lanes);
  static_assert(weigh_group == 4, "the dispatch below covers groups of 1 to 3 columns");
  switch (columns - c) {
    case 1: weigh_columns<1>(ws, c, packets, tail, to, ld, score_lanes, intercept_lanes); break;
    case 2: weigh_columns<2>(ws, c, packets, tail, to, ld, score_lanes, intercept_lanes); break;
    case 3: weigh_columns<3>(ws, c, packets, tail, to, ld, score_lanes, intercept_lanes); break;
    default: break;
  }
}

/// Adds the rows [begin, begin + rows) of one slice to `out`: sweep, likelihood, score and the
/// information kernel run while the slice is in L1 cache, so a pass reads each row of X from memory
/// once and from L2 never. Writes the rows' linear predictors and fitted risks when asked.
inline void accumulate_slice(const problem& pr, Eigen::Index begin, Eigen::Index rows, const pass_request& request,
                             block_workspace& ws, column_scan& scan) {
  sweep_slice(pr, begin, rows, request, ws, scan);
  slice_likelihood(pr, begin, rows, request.rows != nullptr && request.probe != nullptr, ws);
  if (request.rows != nullptr) {
    request.rows->linear_predictor.segment(begin, rows) = ws.eta.head(rows).matrix();
    request.rows->fitted.segment(begin, rows) = ws.probability.head(rows).matrix();
  }
  if (!request.information) return;
  weigh_slice(rows, ws);
  add_lower_cross_product_rows(ws.weighted.data(), ws.weighted.rows(), nomo::detail::whole_packet_rows(rows),
                               ws.weighted.cols(), ws.ahead, ws.tiles);
}

/// Adds the block's packet accumulators to the score and the information's first column.
inline void finish_weighted_sums(const block_workspace& ws, pass_totals& out) {
  using packet = nomo::detail::double_packet;
  constexpr auto width = static_cast<Eigen::Index>(nomo::detail::double_lanes);
  for (Eigen::Index c = 0; c < out.score.size(); ++c) {
    out.score(c) += nomo::detail::lane_sum(Eigen::internal::ploadu<packet>(ws.score_lanes.data() + c * width));
    out.information(c, 0) += nomo::detail::lane_sum(Eigen::internal::ploadu<packet>(ws.intercept_lanes.data() + c * width));
  }
}

/// Adds rows [begin, begin + rows) to `out`, one L1-sized slice at a time, while the rows of the
/// next block, from row `next` on, are fetched.
inline void accumulate_block(const problem& pr, Eigen::Index begin, Eigen::Index rows, Eigen::Index next,
                             const pass_request& request, block_workspace& ws, pass_totals& out) {
  const auto k = static_cast<Eigen::Index>(pr.kept.size()) + 1;
  const Eigen::Index slice = cross_product_slice_rows(k, rows);
  queue_block(pr, next, std::max<Eigen::Index>(0, std::min(rows, pr.x.rows() - next)), slice, ws.ahead);
  // Without the kernel to carry them, the prefetches go out at once.
  if (request.information) {
    start_lower_cross_product(k - 1, ws.tiles);
    const auto lanes = static_cast<std::size_t>(k) * nomo::detail::double_lanes;
    ws.score_lanes.assign(lanes, 0.0);
    ws.intercept_lanes.assign(lanes, 0.0);
  } else {
    ws.ahead.issue_rest();
  }
  ws.sums.reset();
  ws.softplus = softplus_lanes{};
  for (Eigen::Index s = 0; s < rows; s += slice) {
    accumulate_slice(pr, begin + s, std::min(slice, rows - s), request, ws, out.scan);
  }
  if (pr.weights.size() == 0) ws.sums.deviance += 2.0 * ws.softplus.half_deviance();
  ws.sums.add_to(out);
  if (request.information) {
    finish_weighted_sums(ws, out);
    // The kept columns' block of the information, below the intercept's row and column.
    const Eigen::Index ld = out.information.rows();
    finish_lower_cross_product(k - 1, ws.tiles, out.information.data() + ld + 1, ld);
  }
  ws.ahead.issue_rest();
}

/// Buffers of the passes of one fit: per-worker block space, per-chunk partial sums, and the
/// worker threads (kept across passes: see core/worker_pool.hpp).
struct pass_scratch {
  std::vector<block_workspace> blocks;
  std::vector<pass_totals> partial;
  std::unique_ptr<nomo::detail::worker_pool> pool;
  int full_passes = 0;  ///< passes over all rows since the fit began (logistic_fit::passes)
};

/// Blocks of rows a pass visits, and the chunks (at most max_chunks) they are grouped into.
inline Eigen::Index pass_blocks(const problem& pr) {
  const Eigen::Index b = std::min(pr.block_rows, pr.x.rows());
  const Eigen::Index all = (pr.x.rows() + b - 1) / b;
  return (all + pr.block_stride - 1) / pr.block_stride;
}
inline Eigen::Index pass_chunks(const problem& pr) { return std::min(pass_blocks(pr), max_chunks); }
/// Workers of a pass: the threads asked for, at most one per chunk.
inline Eigen::Index pass_workers(const problem& pr) { return std::min<Eigen::Index>(pr.threads, pass_chunks(pr)); }

/// Starts the worker threads of a fit's passes, if it has more than one worker and they are not
/// running yet: called before the fit's serial input checks, so that the threads are up by the
/// first pass.
inline void start_workers(const problem& pr, pass_scratch& scratch) {
  const auto workers = static_cast<unsigned>(pass_workers(pr));
  if (workers > 1 && (!scratch.pool || scratch.pool->size() != workers)) {
    scratch.pool = std::make_unique<nomo::detail::worker_pool>(workers);
  }
}

/// One pass over the rows (all of them, or the subsample of blocks pr.block_stride picks), as
/// `request` asks; the sums go to `total` (whose buffers are reused).
inline void run_pass(const problem& pr, pass_scratch& scratch, const pass_request& request, pass_totals& total) {
  const Eigen::Index n = pr.x.rows();
  const auto k = static_cast<Eigen::Index>(pr.kept.size()) + 1;
  const Eigen::Index b = std::min(pr.block_rows, n);
  const Eigen::Index blocks = pass_blocks(pr);
  const Eigen::Index chunks = pass_chunks(pr);
  const Eigen::Index workers = pass_workers(pr);
  // Scratch space is kept across the passes of a fit (allocation dominates small fits).
  auto& partial = scratch.partial;
  partial.resize(static_cast<std::size_t>(chunks));
  for (auto& t : partial) t.reset(k, pr.x.cols());
  // A workspace reused from an earlier fit (logistic_workspace) may be larger than needed.
  const Eigen::Index slice = cross_product_slice_rows(k, b);
  if (static_cast<Eigen::Index>(scratch.blocks.size()) != workers || scratch.blocks.front().weighted.cols() != k - 1 ||
      scratch.blocks.front().capacity() < slice) {
    scratch.blocks.clear();  // built in place: a copied workspace would allocate its buffers twice
    scratch.blocks.reserve(static_cast<std::size_t>(workers));
    for (Eigen::Index w = 0; w < workers; ++w) scratch.blocks.emplace_back(slice, k);
  }

  // Each worker takes the next chunk not yet taken, so that a worker on a slower core (a shared
  // VM's vCPUs can differ by a third) does fewer chunks instead of holding up the pass; the chunks,
  // not the workers, fix the summation order.
  std::atomic<Eigen::Index> next_chunk{0};
  auto worker = [&](unsigned w) {
    block_workspace& ws = scratch.blocks[w];
    for (Eigen::Index c = next_chunk++; c < chunks; c = next_chunk++) {
      const Eigen::Index first_block = c * blocks / chunks, end_block = (c + 1) * blocks / chunks;
      for (Eigen::Index blk = first_block; blk < end_block; ++blk) {
        const Eigen::Index begin = blk * pr.block_stride * b;
        accumulate_block(pr, begin, std::min(b, n - begin), begin + pr.block_stride * b, request, ws,
                         partial[static_cast<std::size_t>(c)]);
      }
    }
  };
  if (workers > 1) {
    start_workers(pr, scratch);
    scratch.pool->run(worker);
  } else {
    worker(0);
  }

  std::swap(total, partial.front());  // the old buffers of `total` serve the next pass
  for (std::size_t c = 1; c < partial.size(); ++c) total.add(partial[c]);
  if (pr.block_stride == 1) ++scratch.full_passes;
}

/// −2 log-likelihood of the intercept-only model without offset from the (weighted) numbers of
/// events and rows: the intercept is logit(events / total).
inline double intercept_only_deviance(double events, double total) {
  const double alpha = std::log(events / (total - events));
  return 2.0 * (events * softplus(-alpha) + (total - events) * softplus(alpha));
}

/// The intercept-only model: its intercept and −2 log-likelihood.
struct null_model {
  double intercept = 0;
  double deviance = 0;
};

/// The intercept-only model. Without an offset the intercept is the logit of the (weighted) event
/// rate and the deviance has a closed form in the two weighted counts; with an offset the intercept
/// is fitted by Newton's method, as glm does for its null deviance.
inline null_model fit_null_model(const problem& pr, double events, double total) {
  const double alpha = std::log(events / (total - events));
  if (pr.offset.size() == 0) return {alpha, intercept_only_deviance(events, total)};
  const Eigen::Index n = pr.y.size();
  auto weight = [&](Eigen::Index i) { return pr.weights.size() > 0 ? pr.weights(i) : 1.0; };
  auto deviance_at = [&](double a, double* score, double* info) {
    double dev = 0;
    *score = 0;
    *info = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      // p and 1 − p each from t = e^−|e| (no 1 − p cancellation), so that a large offset leaves a
      // tiny but non-zero information instead of rounding it to 0.
      const double e = a + pr.offset(i), t = std::exp(-std::abs(e)), u = 1.0 + t;
      const double p = (e < 0 ? t : 1.0) / u, q = (e < 0 ? 1.0 : t) / u;
      dev += 2.0 * weight(i) * softplus(pr.y(i) > 0.5 ? -e : e);
      *score += weight(i) * (pr.y(i) > 0.5 ? q : -p);
      *info += weight(i) * t / (u * u);
    }
    return dev;
  };
  // glm's start: the intercept that fits logit ȳ after the (weighted) mean offset.
  const double mean_offset = pr.weights.size() > 0 ? pr.weights.dot(pr.offset) / total : pr.offset.mean();
  double a = alpha - mean_offset, score = 0, info = 0;
  double dev = deviance_at(a, &score, &info);
  for (int iter = 0; iter < 100 && info > 0 && score * score / info > 1e-20; ++iter) {
    double step = score / info;
    double trial_score = 0, trial_info = 0, trial = deviance_at(a + step, &trial_score, &trial_info);
    for (int h = 0; h < 60 && !(trial <= dev); ++h) {
      step /= 2;
      trial = deviance_at(a + step, &trial_score, &trial_info);
    }
    if (!(trial <= dev)) break;
    a += step;
    dev = trial;
    score = trial_score;
    info = trial_info;
  }
  return {a, dev};
}

/// Design column j's name: the caller's, or x1, x2, ... when the caller gave none.
inline std::string column_name(const std::vector<std::string>& names, Eigen::Index j) {
  return names.empty() ? "x" + std::to_string(j + 1) : names[static_cast<std::size_t>(j)];
}

inline std::string column_label(const std::vector<std::string>& names, Eigen::Index j) {
  return "x column " + std::to_string(j) + " (\"" + column_name(names, j) + "\")";
}

inline std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

/// Checks the arguments of fit_logistic other than the values in X (the first pass checks those,
/// see check_design) and returns the weighted number of events.
inline double check_fit_input(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                              const irls_options& options, const std::vector<std::string>& names) {
  constexpr const char* fn = "glm::fit_logistic";
  options.validate();
  const Eigen::Index n = x.rows(), p = x.cols();
  if (n == 0) fail_input(fn, "x.rows()", n, "the design has no rows");
  check_same_size(fn, "y", static_cast<std::size_t>(y.size()), "x.rows()", static_cast<std::size_t>(n));
  if (p + 1 > n) {
    fail_input(fn, "x.cols()", p, "more parameters (columns + intercept) than rows (" + std::to_string(n) + ")");
  }
  if (!names.empty()) {
    check_same_size(fn, "column_names", names.size(), "x.cols()", static_cast<std::size_t>(p));
  }
  if (options.prior_weights.size() > 0) {
    check_same_size(fn, "options.prior_weights", static_cast<std::size_t>(options.prior_weights.size()), "x.rows()",
                    static_cast<std::size_t>(n));
    check_all_non_negative(fn, "options.prior_weights", options.prior_weights);
  }
  if (options.offset.size() > 0) {
    check_same_size(fn, "options.offset", static_cast<std::size_t>(options.offset.size()), "x.rows()",
                    static_cast<std::size_t>(n));
    check_all_finite(fn, "options.offset", options.offset);
  }
  check_binary(fn, "y", y);
  double events = 0, total = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double w = options.prior_weights.size() > 0 ? options.prior_weights(i) : 1.0;
    events += w * y(i);
    total += w;
  }
  if (!(total > 0)) fail_input(fn, "options.prior_weights", "all zero", "at least one row needs positive weight");
  if (!std::isfinite(total) || total < std::numeric_limits<double>::min()) {
    // The information scales with the total weight: beyond double's range (or subnormal) neither
    // it nor its inverse, the covariance, is a double. Coefficients do not depend on the scale.
    Eigen::Index largest = 0;
    options.prior_weights.maxCoeff(&largest);
    fail_input(fn, nomo::detail::element("options.prior_weights", static_cast<std::size_t>(largest)),
               options.prior_weights(largest),
               std::string("the weights' total ") + (std::isfinite(total) ? "is subnormal" : "overflows double") +
                   ": rescale them (the estimates do not depend on their scale)");
  }
  if (events == 0 || events == total) {
    fail_input(fn, "y", events == 0 ? "all 0" : "all 1", "the outcome needs both events and non-events");
  }
  return events;
}

/// Centring values: the column means of the first block of rows. Any value inside a column's range
/// serves the purpose of centring (conditioning the information matrix; the estimates do not
/// depend on it), and these are known before the first pass, which can then also check X.
inline Eigen::VectorXd first_block_means(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Index block_rows) {
  return x.topRows(std::min(block_rows, x.rows())).colwise().mean().transpose();
}

/// Throws for the first non-finite value (lowest row, then column) and for constant columns, from
/// the first pass's scan of X; returns each column's range.
inline Eigen::VectorXd check_design(const Eigen::Ref<const Eigen::MatrixXd>& x, const column_scan& scan,
                                    const std::vector<std::string>& names) {
  constexpr const char* fn = "glm::fit_logistic";
  if (scan.bad_row >= 0) {
    const auto row = static_cast<std::size_t>(scan.bad_row), column = static_cast<std::size_t>(scan.bad_column);
    fail_input(fn, nomo::detail::element("x", row, column) + " (column \"" + column_name(names, scan.bad_column) + "\")",
               x(scan.bad_row, scan.bad_column), "must be finite");
  }
  const Eigen::VectorXd ranges = scan.high - scan.low;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (ranges(j) == 0) {
      fail_input(fn, column_label(names, j), scan.low(j), "the column is constant (aliased with the intercept)");
    }
  }
  return ranges;
}

/// Throws for the first column whose weighted sum of squares about its centre overflows double,
/// naming its value farthest from the centre: the infinite diagonal it leaves in the starting
/// information would pass the aliasing check below as a column with no variance of its own left,
/// and be reported as aliased. O(p), on the matrix the check reads anyway.
inline void check_information(const problem& pr, const Eigen::MatrixXd& information, const std::vector<std::string>& names) {
  for (Eigen::Index j = 0; j < pr.x.cols(); ++j) {  // every column is kept when this runs
    if (std::isfinite(information(j + 1, j + 1))) continue;
    Eigen::Index row = 0;
    (pr.x.col(j).array() - pr.centre(j)).abs().maxCoeff(&row);
    fail_input("glm::fit_logistic",
               nomo::detail::element("x", static_cast<std::size_t>(row), static_cast<std::size_t>(j)) + " (column \"" +
                   column_name(names, j) + "\")",
               pr.x(row, j),
               "the column's weighted sum of squares about its centre " + nomo::detail::describe(pr.centre(j)) +
                   " overflows double; rescale the column");
  }
}

inline aliasing_report describe_aliased(const std::vector<Eigen::Index>& parameters,
                                        const std::vector<std::string>& names) {
  aliasing_report report;
  for (const Eigen::Index parameter : parameters) {
    report.columns.push_back(parameter - 1);
    report.names.push_back(column_name(names, parameter - 1));
  }
  report.detected = !report.columns.empty();
  if (report.detected) {
    report.message = "aliased columns (linear combinations of the intercept and earlier columns), dropped from the fit: " +
                     join_names(report.names);
  }
  return report;
}

/// Separation diagnosis from the final pass and the last Newton step (centred parametrisation).
inline separation_report describe_separation(const problem& pr, const pass_totals& final_pass,
                                             const Eigen::VectorXd& last_step, const Eigen::VectorXd& ranges,
                                             const std::vector<std::string>& names, Eigen::Index n_obs) {
  separation_report report;
  report.perfectly_predicted = final_pass.perfectly_predicted;
  if (final_pass.perfectly_predicted == 0 || !(final_pass.max_probe > diverging_step)) return report;
  report.detected = true;
  report.complete = final_pass.separated == n_obs;
  double largest = 0;
  for (std::size_t c = 0; c < pr.kept.size(); ++c) {
    largest = std::max(largest, std::abs(last_step(static_cast<Eigen::Index>(c) + 1)) * ranges(pr.kept[c]));
  }
  for (std::size_t c = 0; c < pr.kept.size(); ++c) {
    const double moved = std::abs(last_step(static_cast<Eigen::Index>(c) + 1)) * ranges(pr.kept[c]);
    if (largest > 0 && moved >= involved_share * largest) {
      report.columns.push_back(pr.kept[c]);
      report.names.push_back(column_name(names, pr.kept[c]));
    }
  }
  report.message = std::string(report.complete ? "complete" : "quasi-complete") + " separation: " +
                   std::to_string(report.perfectly_predicted) +
                   " rows are predicted with probability 0 or 1, the maximum-likelihood estimates do not exist "
                   "and the coefficients of " +
                   (report.names.empty() ? std::string("the model") : join_names(report.names)) +
                   " diverge; use Firth's penalized likelihood (nomo::glm::fit_firth in glm/firth.hpp) or "
                   "merge/drop the categories involved";
  return report;
}

/// Coefficients and covariance (when `cov` is given; see irls_options::covariance) back from the
/// centred parametrisation, expanded to all columns (NaN for aliased ones). With θ = T θc,
/// T = [1, −m'; 0, I] (the intercept absorbs the centres m), T θc and T C T' are written out entry
/// by entry: O(k²), no k × k products. A covariance already in the user's parametrisation
/// (cov->centred false) is only expanded. `centres` holds every design column's centre, `kept`
/// the columns in the model.
inline void restore_parameters(const Eigen::VectorXd& centres, const std::vector<Eigen::Index>& kept,
                               const Eigen::VectorXd& theta, const fit_covariance* cov, Eigen::Index p,
                               logistic_fit& fit) {
  const auto k = theta.size();
  Eigen::VectorXd centre(k);  // m, with 0 for the intercept
  centre(0) = 0.0;
  for (Eigen::Index c = 1; c < k; ++c) centre(c) = centres(kept[static_cast<std::size_t>(c - 1)]);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Eigen::Index> index(static_cast<std::size_t>(k), 0);  // the parameters' positions in the full model
  for (Eigen::Index a = 1; a < k; ++a) index[static_cast<std::size_t>(a)] = kept[static_cast<std::size_t>(a - 1)] + 1;
  fit.coefficients = Eigen::VectorXd::Constant(p + 1, nan);
  fit.coefficients(0) = theta(0) - centre.dot(theta);
  for (Eigen::Index a = 1; a < k; ++a) fit.coefficients(index[static_cast<std::size_t>(a)]) = theta(a);
  if (cov == nullptr) return;
  Eigen::MatrixXd c = cov->matrix;
  if (cov->centred) {
    // Row 0 of T C: C(0, b) − Σ_a m_a C(a, b); entry (0, 0) of T C T' subtracts that row's m-weighted sum.
    const Eigen::RowVectorXd intercept_row = c.row(0) - centre.transpose() * c;
    c(0, 0) = intercept_row(0) - intercept_row.dot(centre);
    c.row(0).tail(k - 1) = intercept_row.tail(k - 1);
    c.col(0).tail(k - 1) = intercept_row.tail(k - 1).transpose();
  }
  fit.covariance = Eigen::MatrixXd::Constant(p + 1, p + 1, nan);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b)
      fit.covariance(index[static_cast<std::size_t>(a)], index[static_cast<std::size_t>(b)]) = c(a, b);
}

/// Two-sided normal quantile for a confidence level.
inline double normal_quantile(double level) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + level / 2.0);
}

/// max |∂ log L / ∂θ| over the model's parameters on the caller's (uncentred) columns, from the
/// pass's score on the centred ones: Σ r·x = Σ r·(x − m) + m·Σ r. lrm reports this ("Max Deriv"),
/// and away from the exact maximum (lrm.fit's own stopping rule) the centred score is many times
/// smaller when a column's mean is large.
inline double max_abs_uncentred_score(const problem& pr, const Eigen::VectorXd& centred_score) {
  double largest = std::abs(centred_score(0));
  for (Eigen::Index c = 1; c < centred_score.size(); ++c) {
    const double centre = pr.centre(pr.kept[static_cast<std::size_t>(c - 1)]);
    largest = std::max(largest, std::abs(centred_score(c) + centre * centred_score(0)));
  }
  return largest;
}

/// SEs, Wald z, P, confidence limits and odds ratios from coefficients and covariance.
inline void fill_wald(logistic_fit& fit) {
  const double zq = normal_quantile(fit.confidence_level);
  fit.standard_errors = fit.covariance.diagonal().cwiseSqrt();
  fit.z = fit.coefficients.cwiseQuotient(fit.standard_errors);
  fit.p_values = fit.z.unaryExpr([](double v) { return std::erfc(std::abs(v) / std::sqrt(2.0)); });
  fit.conf_low = fit.coefficients - zq * fit.standard_errors;
  fit.conf_high = fit.coefficients + zq * fit.standard_errors;
  fit.odds_ratios = fit.coefficients.array().exp();
  fit.odds_ratio_low = fit.conf_low.array().exp();
  fit.odds_ratio_high = fit.conf_high.array().exp();
}

/// The deviances, log-likelihood and LR χ² once the final pass is known.
inline void fill_deviances(double deviance, double null, logistic_fit& fit) {
  fit.deviance = deviance;
  fit.log_likelihood = -deviance / 2.0;
  fit.null_deviance = null;
  fit.lr_chi2 = fit.null_deviance - deviance;
  fit.lr_df = fit.rank - 1;
}

/// Likelihood-based summaries (deviances, AIC, BIC, LR test) once the final pass is known.
inline void fill_likelihood(double deviance, double null, Eigen::Index rows, logistic_fit& fit) {
  fill_deviances(deviance, null, fit);
  fit.aic = deviance + 2.0 * fit.rank;
  fit.bic = deviance + std::log(static_cast<double>(rows)) * fit.rank;
  fit.lr_p = nomo::detail::chi_square_upper(fit.lr_chi2, fit.lr_df);
}

inline void count_rows(const problem& pr, logistic_fit& fit) {
  for (Eigen::Index i = 0; i < pr.y.size(); ++i) {
    const double w = pr.weights.size() > 0 ? pr.weights(i) : 1.0;
    fit.sum_weights += w;
    // Counted without branches: outcomes are random, a branch on them mispredicts every other row.
    fit.n_obs += w > 0;
    fit.n_events += (w > 0) & (pr.y(i) > 0.5);
  }
}

/// State of the Newton iteration.
struct newton_state {
  Eigen::VectorXd theta;
  pass_totals pass;
  pass_totals trial;  ///< the pass at a trial point (buffers reused across iterations)
  information_factor factor;
  Eigen::VectorXd last_step;
  Eigen::VectorXd step, trial_theta;  ///< buffers of each iteration's Newton step and trial point
  pass_scratch scratch;
  /// Where the final pass stores the per-row outputs; null when only the estimates are wanted (the
  /// final pass then records no probe either).
  logistic_fit* row_outputs = nullptr;
  /// The fit's linear predictors, fitted risks and the pass's probe belong to theta. Only a pass
  /// that can be the last writes them (fresh output memory costs a page fault per 512 rows on first
  /// write).
  bool final_outputs = false;
  /// Whether the pass that may be the last adds the information matrix (only the covariance needs
  /// it: no step follows).
  bool final_information = true;
};

/// The fit's coefficients from state.theta and, with `covariance`, their covariance from the
/// information of state.pass (see estimate_covariance; NaN with a message when it is singular),
/// in the user's parametrisation. `rows` are the fit's rows as the weighted QR reads them,
/// `raw_shift` what turns their values back into the user's x.
inline void finish_estimates(newton_state& state, const weighted_rows& rows, const Eigen::VectorXd& raw_shift,
                             const Eigen::VectorXd& centres, Eigen::Index p, bool covariance, logistic_fit& fit) {
  // The weighted QR's pass over the rows counts as one of the fit's (logistic_fit::passes).
  if (!covariance) {
    restore_parameters(centres, rows.kept, state.theta, nullptr, p, fit);
    return;
  }
  fit_covariance cov{Eigen::MatrixXd::Constant(fit.rank, fit.rank, std::numeric_limits<double>::quiet_NaN()), true};
  if (state.factor.compute(state.pass.information)) {
    cov = estimate_covariance(state.factor, rows, state.theta, raw_shift, &fit.passes);
  } else if (fit.message.empty()) {
    fit.message = "information matrix numerically singular at the estimates";
  }
  restore_parameters(centres, rows.kept, state.theta, &cov, p, fit);
}

/// The pass at `theta` that may be the fit's last: it stores the per-row outputs and records how far
/// `step` (the step that led there) moved the linear predictors, for the separation diagnosis.
inline void final_pass(const problem& pr, newton_state& state, const Eigen::VectorXd& theta,
                       const Eigen::VectorXd& step, pass_totals& total) {
  const Eigen::VectorXd* probe = state.row_outputs != nullptr ? &step : nullptr;
  run_pass(pr, state.scratch, pass_request{theta, probe, state.row_outputs, false, state.final_information}, total);
}

/// Whether the Newton step with decrement `decrement` can be the last: the decrement is below
/// epsilon, or the step after it would have a decrement below (epsilon / 100)². Newton's method
/// converges quadratically near the optimum, λₖ₊₁ ≈ C·λₖ² with λ² the decrement, so C measured on
/// the previous full step (`previous`, NaN when there is none) predicts λₖ₊₁² = λₖ⁶ / λₖ₋₁⁴. The
/// estimates after the step are then within epsilon / 100 of the optimum in the information's
/// norm (1e-12 standard errors at the default epsilon), as close as the epsilon rule leaves them
/// typically; a big fit from a good start saves one pass over X with it.
inline bool last_newton_step(double decrement, double previous, double epsilon) {
  if (decrement < epsilon) return true;
  const double limit = epsilon / 100.0;
  return previous > decrement && decrement * decrement * decrement < limit * limit * previous * previous;
}

/// Newton–Raphson with step-halving from `state`; fills iterations, halvings, converged, message.
/// `pass(theta, step, last, totals)` computes the sums at theta into totals; `last` marks the pass
/// that may be the fit's last (reached by `step`), which only needs the information matrix for the
/// covariance. The blocked passes over X (run_pass) and the compact ones of glm/compact_fit.hpp
/// share this loop, so that both stop, halve and fail alike.
template <class Pass>
inline void iterate_newton(const irls_options& options, newton_state& state, logistic_fit& fit, Pass&& pass) {
  const bool by_decrement = options.rule == convergence_rule::newton_decrement;
  double previous_deviance = state.pass.deviance;  // deviance_change: the iterate before this one
  bool deviance_settled = false;                   // deviance_change: the next step is the last
  // newton_decrement: the decrement at the iterate before this one, if a full step led here.
  double previous_decrement = std::numeric_limits<double>::quiet_NaN();
  // deviance_change: lrm.fit's loop spends one of its max_iterations passes on every evaluation, the
  // start's and each step-halving's included (only the recomputation after its last step is free).
  int passes_used = 1;
  for (int iter = 1; iter <= options.max_iterations; ++iter) {
    information_factor& factor = state.factor;
    if (!factor.compute(state.pass.information)) {
      fit.message = "information matrix numerically singular at iteration " + std::to_string(iter);
      return;
    }
    Eigen::VectorXd& step = state.step;
    factor.solve(state.pass.score, step);
    const double decrement = state.pass.score.dot(step);
    const bool settled = by_decrement ? last_newton_step(decrement, previous_decrement, options.epsilon) : deviance_settled;
    const bool last = settled || iter == options.max_iterations;
    pass_totals& trial = state.trial;
    auto trial_pass = [&](const Eigen::VectorXd& theta) { pass(theta, step, last, trial); };
    Eigen::VectorXd& trial_theta = state.trial_theta;
    trial_theta = state.theta + step;
    trial_pass(trial_theta);
    // Tolerate rounding-level increases so that a converged fit is not halved for noise.
    const double allowed = state.pass.deviance + 1e-12 * (std::abs(state.pass.deviance) + 1.0);
    int halvings = 0;
    while (!(trial.deviance <= allowed) && halvings < options.max_halvings) {
      step /= 2.0;
      trial_theta = state.theta + step;
      trial_pass(trial_theta);
      ++halvings;
    }
    fit.halvings += halvings;
    state.final_outputs = false;
    if (!(trial.deviance <= allowed)) {
      fit.message = "step-halving failed to reduce the deviance at iteration " + std::to_string(iter);
      return;
    }
    fit.iterations = iter;
    state.theta = trial_theta;
    std::swap(state.pass, trial);
    state.last_step = step;
    state.final_outputs = last;
    if (settled) {
      fit.converged = true;
      return;
    }
    previous_decrement = halvings == 0 ? decrement : std::numeric_limits<double>::quiet_NaN();
    deviance_settled = std::abs(previous_deviance - state.pass.deviance) <= options.deviance_tolerance;
    previous_deviance = state.pass.deviance;
    if (by_decrement) continue;
    passes_used += 1 + halvings;
    // Past the budget lrm.fit gives up, even mid-halving; at it, only a settled deviance remains to
    // take the last step.
    if (passes_used > options.max_iterations || (passes_used == options.max_iterations && !deviance_settled)) {
      fit.message = "no convergence after " + std::to_string(options.max_iterations) + " passes (" +
                    std::to_string(iter) + " Newton steps and " + std::to_string(fit.halvings) +
                    " step halvings, counted together as lrm.fit counts them)";
      return;
    }
  }
  fit.message = "no convergence after " + std::to_string(options.max_iterations) + " iterations";
}

/// A subsample start fits every subsample_stride-th block of rows; a fit takes one when the
/// subsample has at least as many blocks as a pass has chunks, so that it runs on the same workers.
inline constexpr Eigen::Index subsample_stride = 8;
inline constexpr int max_subsample_iterations = 10;

/// Whether a fit of `pr` starts from a subsample fit (irls_options::subsample_start).
inline bool takes_subsample_start(const problem& pr, const irls_options& options) {
  return options.subsample_start && options.rule == convergence_rule::newton_decrement &&
         pass_blocks(pr) >= subsample_stride * max_chunks;
}

/// Replaces `theta`, the usual start (logit ȳ, 0), by the estimates of a Newton fit on every
/// subsample_stride-th block of rows, counting its passes in `passes`. Those differ from the full
/// data's estimates by sampling noise, whose decrement on the full data is about stride − 1 per
/// parameter, so the subsample fit stops at the step whose decrement falls below the number of
/// parameters: that step is applied without a pass of its own. Returns false, leaving `theta` as it
/// was, when the subsample fit fails (values not finite, singular information, no decrease, no
/// convergence).
inline bool subsample_start(const problem& pr, newton_state& state, Eigen::VectorXd& theta, int& passes) {
  problem sub = pr;
  sub.block_stride = subsample_stride;
  const auto parameters = static_cast<double>(theta.size());
  Eigen::VectorXd estimate = theta;
  Eigen::VectorXd& step = state.step;
  pass_totals& at = state.pass;
  auto pass = [&](const Eigen::VectorXd& where, pass_totals& out) {
    run_pass(sub, state.scratch, pass_request{where}, out);
    ++passes;
  };
  pass(estimate, at);
  for (int iter = 0; iter < max_subsample_iterations; ++iter) {
    if (!std::isfinite(at.deviance) || !state.factor.compute(at.information)) return false;
    state.factor.solve(at.score, step);
    const double decrement = at.score.dot(step);
    if (!std::isfinite(decrement)) return false;
    if (decrement < parameters) {
      theta = estimate + step;
      return true;
    }
    state.trial_theta = estimate + step;
    pass(state.trial_theta, state.trial);
    for (int halvings = 0; !(state.trial.deviance <= at.deviance) && halvings < max_subsample_iterations; ++halvings) {
      step /= 2.0;
      state.trial_theta = estimate + step;
      pass(state.trial_theta, state.trial);
    }
    if (!(state.trial.deviance <= at.deviance)) return false;
    estimate = state.trial_theta;
    std::swap(at, state.trial);
  }
  return false;
}

}  // namespace detail

/// Buffers that fit_logistic can keep between fits (its Newton state, per-block scratch space and
/// partial sums; what they hold is an implementation detail), for callers that fit many small
/// models one after another, such as resampling's thousands of refits, where allocating them anew
/// is a measurable share of each fit. One workspace serves one fit at a time: one per thread. With
/// irls_options::threads > 1 it also keeps the passes' worker threads (asleep when idle) until it
/// is destroyed or a fit asks for another number of them.
struct logistic_workspace {
  detail::newton_state state;
};

/// Fits a binary logistic regression by maximum likelihood.
///
/// Mirrors R's `glm(y ~ x, family = binomial, weights, offset)` and `rms::lrm(y ~ x)`: the same
/// estimates, covariance, deviances and Wald statistics, to ~1e-10 relative against glm with a
/// tight epsilon. lrm stops its iterations earlier (up to ~1e-7 relative from the maximum, which
/// can show in its P-values and nomogram points); to reproduce its numbers to ~1e-12 set
/// `options.rule = convergence_rule::deviance_change` (lrm.fit's own rule). Deliberate
/// differences: aliased columns are reported (or thrown, by option) with their names; separation is
/// detected and reported instead of returned silently as huge coefficients; an outcome without
/// events or non-events, and a constant column, are rejected as bad input.
///
/// `x` holds the design columns without an intercept column; `y` the 0/1 outcome;
/// `column_names` (optional, one per column) names the columns in results and messages;
/// `workspace` lends its buffers (the overload without it makes its own). The result does not
/// depend on what the workspace held before.
/// Throws nomo::invalid_input for: no rows, y length ≠ rows, more parameters than rows, non-finite
/// x (naming row, column and value), y not 0/1, y without both classes, a constant column, a
/// column whose weighted sum of squares overflows double (values beyond roughly 1e154/√n; named
/// by the one farthest from the column's centre), bad weights/offset/options. Throws
/// nomo::computation_error for aliased columns under aliased_policy::throw_error.
inline logistic_fit fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                 const irls_options& options, std::vector<std::string> column_names,
                                 logistic_workspace& workspace) {
  const Eigen::Index n = x.rows(), p = x.cols();
  const double events = detail::check_fit_input(x, y, options, column_names);
  detail::problem pr{x, y, options.prior_weights, options.offset, {}, detail::first_block_means(x, options.block_rows),
                     options.block_rows, options.threads};
  for (Eigen::Index j = 0; j < p; ++j) pr.kept.push_back(j);
  detail::start_workers(pr, workspace.state.scratch);  // they start while the rows are counted

  logistic_fit fit;
  fit.confidence_level = options.confidence_level;
  fit.names.reserve(static_cast<std::size_t>(p + 1));
  fit.names.push_back("Intercept");
  for (Eigen::Index j = 0; j < p; ++j) fit.names.push_back(detail::column_name(column_names, j));
  detail::count_rows(pr, fit);
  fit.weighted = (options.prior_weights.array() != 1.0).any();

  // Start where lrm does: intercept at the logit of the event rate, or with an offset at the
  // intercept-only model's fit (which lrm.fit fits first; logit ȳ plus a large offset puts every
  // probability at 1 to rounding, and the information at 0), slopes at 0 (centred columns); big
  // fits then move that start to a subsample's estimates. The first full pass also checks X.
  detail::newton_state& state = workspace.state;
  state.scratch.full_passes = 0;
  state.row_outputs = nullptr;
  state.final_outputs = false;
  if (!options.estimates_only) {
    fit.linear_predictor.resize(n);
    fit.fitted.resize(n);
    // Not yet touched: at a million rows, 4 KB pages cost thousands of first-write faults.
    const auto output_bytes = static_cast<std::size_t>(n) * sizeof(double);
    nomo::detail::advise_huge_pages(fit.linear_predictor.data(), output_bytes);
    nomo::detail::advise_huge_pages(fit.fitted.data(), output_bytes);
    state.row_outputs = &fit;
  }
  state.final_information = options.covariance;
  const detail::null_model null_fit = detail::fit_null_model(pr, events, fit.sum_weights);
  const double start_intercept = null_fit.intercept, null = null_fit.deviance;
  state.theta = Eigen::VectorXd::Zero(p + 1);
  state.theta(0) = start_intercept;
  fit.subsample_started =
      detail::takes_subsample_start(pr, options) && detail::subsample_start(pr, state, state.theta, fit.subsample_passes);
  detail::run_pass(pr, state.scratch, detail::pass_request{state.theta, nullptr, nullptr, true},
                   state.pass);
  const Eigen::VectorXd ranges = detail::check_design(x, state.pass.scan, column_names);
  // A subsample whose blocks misrepresent the data (one class in them, say) can start the fit
  // worse than the intercept-only model, the best start that ignores X: such a start is dropped.
  if (fit.subsample_started && !(state.pass.deviance <= null)) {
    fit.subsample_started = false;
    state.theta.setZero();
    state.theta(0) = start_intercept;
    detail::run_pass(pr, state.scratch, detail::pass_request{state.theta}, state.pass);
  }

  detail::check_information(pr, state.pass.information, column_names);
  int qr_passes = 0;
  const auto aliased = detail::find_aliased(detail::rows_of(pr), pr.centre, state.pass.information, state.theta,
                                            options.rank_tolerance, &qr_passes);
  fit.aliased = detail::describe_aliased(aliased, column_names);
  if (fit.aliased.detected) {
    if (options.on_aliased == aliased_policy::throw_error) throw computation_error("glm::fit_logistic", fit.aliased.message);
    pr.kept.clear();
    for (Eigen::Index j = 0; j < p; ++j) {
      if (std::find(fit.aliased.columns.begin(), fit.aliased.columns.end(), j) == fit.aliased.columns.end()) {
        pr.kept.push_back(j);
      }
    }
    state.theta = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(pr.kept.size()) + 1);
    state.theta(0) = start_intercept;
    detail::run_pass(pr, state.scratch, detail::pass_request{state.theta}, state.pass);
  }
  fit.rank = static_cast<int>(pr.kept.size()) + 1;
  state.last_step = Eigen::VectorXd::Zero(fit.rank);

  detail::iterate_newton(options, state, fit,
                         [&](const Eigen::VectorXd& theta, const Eigen::VectorXd& step, bool last, detail::pass_totals& out) {
                           if (last) detail::final_pass(pr, state, theta, step, out);
                           else detail::run_pass(pr, state.scratch, detail::pass_request{theta}, out);
                         });
  // A fit that stopped early (singular information, failed halving) still gets its per-row outputs
  // at its last estimates; without outputs, state.pass already belongs to them.
  if (!state.final_outputs && state.row_outputs != nullptr) {
    detail::final_pass(pr, state, state.theta, state.last_step, state.pass);
  }

  fit.passes = state.scratch.full_passes + qr_passes;

  detail::finish_estimates(state, detail::rows_of(pr), Eigen::VectorXd::Zero(p), pr.centre, p, options.covariance, fit);
  if (options.estimates_only) {
    detail::fill_deviances(state.pass.deviance, null, fit);
    fit.aic = fit.bic = fit.lr_p = fit.max_abs_score = std::numeric_limits<double>::quiet_NaN();
    return fit;
  }
  detail::fill_wald(fit);
  detail::fill_likelihood(state.pass.deviance, null, n, fit);
  fit.max_abs_score = detail::max_abs_uncentred_score(pr, state.pass.score);
  fit.separation = detail::describe_separation(pr, state.pass, state.last_step, ranges, column_names, fit.n_obs);
  return fit;
}

/// fit_logistic with buffers of its own (see logistic_workspace): the usual call.
inline logistic_fit fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                                 const irls_options& options = {}, std::vector<std::string> column_names = {}) {
  logistic_workspace workspace;
  return fit_logistic(x, y, options, std::move(column_names), workspace);
}

/// Fits the model of a frame (model::make_frame): its design, outcome and column names. The fit
/// keeps the frame's terms so that anova() and the reports can pool each term's columns.
/// Mirrors `lrm(formula, data)` / `glm(formula, binomial, data)`; throws as the matrix overload.
inline logistic_fit fit_logistic(const model::model_frame& frame, const irls_options& options = {}) {
  logistic_fit fit = fit_logistic(frame.x, frame.y, options, frame.column_names);
  fit.terms = frame.terms;
  return fit;
}

namespace detail {

/// Throws invalid_input when `fit` has no covariance (fitted with irls_options::covariance =
/// false), for the functions that need it (standard errors, Wald tests, effect curves).
inline void check_has_covariance(std::string_view fn, const logistic_fit& fit) {
  const Eigen::Index k = fit.coefficients.size();
  if (fit.covariance.rows() != k || fit.covariance.cols() != k) {
    fail_input(fn, "fit.covariance.rows()", fit.covariance.rows(),
               "the fit has no covariance (it was fitted with irls_options::covariance = false)");
  }
}

/// Requires a fit whose coefficients are estimates, for functions that draw or evaluate a model's
/// effects (nomograms, odds-ratio curves): no separation (its coefficients diverge) and converged.
inline void check_estimates_exist(std::string_view fn, const logistic_fit& fit) {
  if (fit.separation.detected) {
    fail_input(fn, "fit.separation", fit.separation.complete ? "complete" : "quasi-complete", fit.separation.message);
  }
  if (!fit.converged) {
    fail_input(fn, "fit.converged", false,
               "the fit stopped before converging (" + fit.message + "): its coefficients are not estimates");
  }
}

}  // namespace detail

/// Predicts new rows from a fit: linear predictor, its standard error and the probability with
/// Wald limits on the logit scale. Mirrors R's `predict(glm_fit, newdata, se.fit = TRUE)` (type
/// "link", then plogis) and rms's `predict(lrm_fit, newdata, se.fit = TRUE)`. Aliased columns
/// contribute nothing, as in R's predict for rank-deficient fits.
/// `new_x` has the fit's design columns (no intercept); `offset` (optional) one value per row.
/// Throws nomo::invalid_input for a wrong column count, non-finite values, a wrong offset length,
/// or a row whose linear predictor or SE overflows double (naming its largest value).
inline logistic_prediction predict(const logistic_fit& fit, const Eigen::Ref<const Eigen::MatrixXd>& new_x,
                                   const Eigen::VectorXd& offset = {}) {
  constexpr const char* fn = "glm::predict";
  if (new_x.cols() != fit.columns()) {
    fail_input(fn, "new_x.cols()", new_x.cols(), "must equal the fit's " + std::to_string(fit.columns()) + " design columns");
  }
  detail::check_has_covariance(fn, fit);
  check_all_finite_matrix(fn, "new_x", new_x);
  if (offset.size() > 0) {
    check_same_size(fn, "offset", static_cast<std::size_t>(offset.size()), "new_x.rows()",
                    static_cast<std::size_t>(new_x.rows()));
    check_all_finite(fn, "offset", offset);
  }
  // Aliased parameters are NaN: treat them as absent.
  const Eigen::VectorXd beta = fit.coefficients.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
  const Eigen::MatrixXd cov = fit.covariance.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
  const Eigen::Index m = new_x.rows();
  const double zq = detail::normal_quantile(fit.confidence_level);
  logistic_prediction out;
  out.linear_predictor = (new_x * beta.tail(fit.columns())).array() + beta(0);
  if (offset.size() > 0) out.linear_predictor += offset;
  out.se_linear_predictor.resize(m);
  Eigen::VectorXd row(fit.coefficients.size());
  for (Eigen::Index i = 0; i < m; ++i) {
    row << 1.0, new_x.row(i).transpose();
    out.se_linear_predictor(i) = std::sqrt(row.dot(cov * row));
    if (!std::isfinite(out.linear_predictor(i)) || !std::isfinite(out.se_linear_predictor(i))) {
      Eigen::Index largest = 0;
      new_x.row(i).cwiseAbs().maxCoeff(&largest);
      fail_input(fn, "new_x(" + std::to_string(i) + ", " + std::to_string(largest) + ")", new_x(i, largest),
                 "the row's linear predictor or its SE overflows double");
    }
  }
  // The passes' inverse logit (expit_rows: the same arithmetic for every element), so that equal
  // linear predictors give bit-equal risks here as in fit.fitted.
  auto expit_of = [m](const Eigen::VectorXd& lp) {
    Eigen::VectorXd p(m);
    detail::expit_rows(lp.data(), p.data(), m);
    return p;
  };
  out.probability = expit_of(out.linear_predictor);
  out.probability_low = expit_of(out.linear_predictor - zq * out.se_linear_predictor);
  out.probability_high = expit_of(out.linear_predictor + zq * out.se_linear_predictor);
  return out;
}

}  // namespace nomo::glm
