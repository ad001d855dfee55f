#pragma once
// A model term: one predictor as the user declared it, and the design-matrix columns it became.
//
// This is the contract between the model frame (which builds terms from a cohort table) and every
// component that needs to know which columns belong together: Wald tests pooled per term
// (anova.rms), backward elimination, nomogram axes, effect curves, reports.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace nomo::model {

/// How a term turns one cohort column into design columns.
enum class term_kind {
  continuous,   ///< one column, the value itself
  categorical,  ///< one 0/1 indicator per non-reference level (R's treatment contrasts)
  cut,          ///< a continuous column cut into intervals; indicators for all but the lowest
  binary,       ///< one 0/1 indicator of the non-reference level
  rcs           ///< restricted cubic spline basis (x, x', x'', ...), knots frozen at fit time
};

/// Which end of each interval a cut term includes.
enum class interval_closure {
  left_closed,  ///< [a,b): R cut(right = FALSE); "< 6 / 6–28 / ≥ 28" reads this way (the default)
  right_closed  ///< (a,b]: R cut's default right = TRUE
};

/// What rms' datadist records for a numeric variable (rms-spec §1.4); computed by the model frame on
/// the rows model_spec::summary_rows chooses and frozen with the term, so prediction and plotting
/// never look at new data to decide them.
struct variable_summary {
  double min = 0;              ///< Low
  double max = 0;              ///< High
  double adjust_to = 0;        ///< median (3 unique values: the middle one; < 3: the smallest)
  double low_effect = 0;       ///< type-7 quantile 0.25
  double high_effect = 0;      ///< type-7 quantile 0.75
  double low_prediction = 0;   ///< quantile q = 10 / max(n, 200), or min (see rms-spec §1.4)
  double high_prediction = 0;  ///< quantile 1 - q, or max
  std::vector<double> values;  ///< sorted unique values when there are at most 10, else empty
};

/// One term of a model and its place in the design matrix (0-based columns, intercept excluded).
struct term {
  std::string name;                      ///< the cohort column, e.g. "gtv_cc"
  term_kind kind = term_kind::continuous;
  std::vector<Eigen::Index> columns;     ///< design columns of this term, in order
  std::vector<Eigen::Index> nonlinear_columns;  ///< rcs: the x', x'', ... columns; else empty
  std::vector<std::string> column_names; ///< one per column, e.g. "gtv_cc=[6,28)", "bmk'"
  std::vector<std::string> levels;       ///< categorical/cut/binary: all levels, reference first
  std::vector<double> cut_points;        ///< cut: interior cut points, increasing
  interval_closure closure = interval_closure::left_closed;  ///< cut: which interval ends are closed
  std::vector<double> knots;             ///< rcs: knots, increasing
  variable_summary summary;              ///< continuous/cut/rcs: the datadist of the column
  std::string adjust_level;              ///< categorical/binary/cut: the most frequent level (rms mode)
};

}  // namespace nomo::model
