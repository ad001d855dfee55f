#pragma once
// What a user declares to build a model frame: the outcome column and one term per predictor,
// each naming a cohort column. The builders read like an R formula:
//   model_spec spec{"recurrence", {rcs("bmk", 4), continuous("age"), categorical("sex"),
//                                  cut("gtv_cc", {6, 28})}};
// is lrm(recurrence ~ rcs(bmk, 4) + age + sex + cut(gtv_cc, c(-Inf, 6, 28, Inf), right = FALSE)).

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/model/term.hpp"

namespace nomo::model {

/// One declared predictor. Build it with continuous(), categorical(), binary(), cut(), rcs() or
/// variable(); the fields are public so that specs can also be assembled from configuration.
struct term_spec {
  std::string column = {};                  ///< the cohort column
  term_kind kind = term_kind::continuous;
  bool kind_from_column = false;            ///< variable(): continuous if numeric, categorical if labels
  std::vector<std::string> levels = {};     ///< categorical: the levels in order (empty: from the data)
  std::string reference = {};               ///< categorical/binary: the reference (empty: the first level)
  std::vector<double> cut_points = {};      ///< cut: interior cut points, strictly increasing
  std::vector<std::string> labels = {};     ///< cut: one label per interval (empty: "[6,28)"-style)
  interval_closure closure = interval_closure::left_closed;  ///< cut: [a,b) by default
  int n_knots = 0;                          ///< rcs: number of default (Hmisc) knots, when no knots given
  std::vector<double> knots = {};           ///< rcs: given knots, strictly increasing

  /// Throws invalid_input naming the field: empty column name, an unknown kind or closure, cut
  /// points not finite and strictly increasing, wrong number of or repeated cut labels, repeated
  /// given levels, rcs with fewer than 3 knots or knots not strictly increasing.
  void validate() const {
    constexpr const char* fn = "model::term_spec::validate";
    if (column.empty()) fail_input(fn, "column", column, "must name a cohort column");
    check_enum(fn, "kind", kind,
               {term_kind::continuous, term_kind::categorical, term_kind::cut, term_kind::binary, term_kind::rcs},
               "term_kind", "continuous, categorical, cut, binary or rcs");
    check_enum(fn, "closure", closure, {interval_closure::left_closed, interval_closure::right_closed},
               "interval_closure", "left_closed or right_closed");
    const std::string of = " of term \"" + column + "\"";
    for (std::size_t k = 0; k < levels.size(); ++k) {
      for (std::size_t m = 0; m < k; ++m) {
        if (levels[m] == levels[k]) fail_input(fn, nomo::detail::element("levels", k), levels[k], "repeated level" + of);
      }
    }
    if (kind == term_kind::cut) validate_cut(fn, of);
    if (kind == term_kind::rcs) validate_rcs(fn, of);
  }

 private:
  void validate_cut(const char* fn, const std::string& of) const {
    if (cut_points.empty()) fail_input(fn, "cut_points.size()", 0, "a cut term needs at least one cut point" + of);
    check_strictly_increasing(fn, "cut_points", cut_points, of);
    if (!labels.empty() && labels.size() != cut_points.size() + 1) {
      fail_input(fn, "labels.size()", labels.size(),
                 "must be cut_points.size() + 1 = " + std::to_string(cut_points.size() + 1) + of);
    }
    for (std::size_t k = 0; k < labels.size(); ++k) {
      if (labels[k].empty()) fail_input(fn, nomo::detail::element("labels", k), labels[k], "must not be empty" + of);
      for (std::size_t m = 0; m < k; ++m) {
        if (labels[m] == labels[k]) fail_input(fn, nomo::detail::element("labels", k), labels[k], "repeated label" + of);
      }
    }
  }

  void validate_rcs(const char* fn, const std::string& of) const {
    if (knots.empty()) {
      if (n_knots < 3) fail_input(fn, "n_knots", n_knots, "an rcs term needs at least 3 knots" + of);
      return;
    }
    if (knots.size() < 3) fail_input(fn, "knots.size()", knots.size(), "an rcs term needs at least 3 knots" + of);
    check_strictly_increasing(fn, "knots", knots, of);
  }

  static void check_strictly_increasing(const char* fn, const char* argument, const std::vector<double>& v,
                                        const std::string& of) {
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (!std::isfinite(v[k])) fail_input(fn, nomo::detail::element(argument, k), v[k], "must be finite" + of);
      if (k > 0 && !(v[k] > v[k - 1])) {
        fail_input(fn, nomo::detail::element(argument, k), v[k],
                   "must be greater than the previous value " + nomo::detail::describe(v[k - 1]) + of);
      }
    }
  }
};

/// A numeric column entering linearly: R `y ~ x`.
inline term_spec continuous(std::string column) { return term_spec{std::move(column)}; }

/// A column whose values are categories, with one 0/1 indicator per non-reference level (R's
/// treatment contrasts; rms names the columns "grp=B"). `levels` fixes their order (empty: R's
/// factor order of the values present); `reference` is the level without a column (empty: the first
/// level, as R's factor; given: as relevel()). Works on label and on numeric columns.
inline term_spec categorical(std::string column, std::vector<std::string> levels = {}, std::string reference = "") {
  term_spec t{std::move(column), term_kind::categorical};
  t.levels = std::move(levels);
  t.reference = std::move(reference);
  return t;
}

/// A two-valued column as one 0/1 indicator of the non-reference value (empty `reference`: the
/// first value in R's factor order, e.g. 0 of 0/1 or "female" of female/male).
inline term_spec binary(std::string column, std::string reference = "") {
  term_spec t{std::move(column), term_kind::binary};
  t.reference = std::move(reference);
  return t;
}

/// A numeric column cut at interior `cut_points` into intervals, the lowest the reference: R
/// `cut(x, c(-Inf, cut_points, Inf), right = (closure == right_closed))`. Labels default to R's
/// interval labels ("[6,28)"); pass `labels` for others (e.g. {"<6", "6-28", ">=28"}).
inline term_spec cut(std::string column, std::vector<double> cut_points, std::vector<std::string> labels = {},
                     interval_closure closure = interval_closure::left_closed) {
  term_spec t{std::move(column), term_kind::cut};
  t.cut_points = std::move(cut_points);
  t.labels = std::move(labels);
  t.closure = closure;
  return t;
}

/// A restricted cubic spline with `n_knots` knots placed by Hmisc's default rule: rms `rcs(x, 5)`.
inline term_spec rcs(std::string column, int n_knots = 5) {
  term_spec t{std::move(column), term_kind::rcs};
  t.n_knots = n_knots;
  return t;
}

/// A restricted cubic spline with the given knots: rms `rcs(x, c(...))`.
inline term_spec rcs(std::string column, std::vector<double> knots) {
  term_spec t{std::move(column), term_kind::rcs};
  t.n_knots = static_cast<int>(knots.size());
  t.knots = std::move(knots);
  return t;
}

/// A column taken as R's model.frame takes it: continuous when numeric, categorical when labels.
inline term_spec variable(std::string column) {
  term_spec t{std::move(column)};
  t.kind_from_column = true;
  return t;
}

/// Which rows the datadist limits of each term (term::summary, term::adjust_level) come from.
enum class datadist_rows {
  all_non_missing,                          ///< every non-missing value of the column, as datadist(data) on the whole table
  complete_cases                            ///< only the rows the model is fitted on, as datadist(data[complete rows, ])
};

/// A model: the outcome column and the predictor terms, in design-column order.
struct model_spec {
  std::string outcome = {};                 ///< a 0/1 numeric column, or a two-valued label column
  std::vector<term_spec> terms = {};        ///< may be empty (intercept-only model)
  std::string event_level = {};             ///< label outcome: the value coded 1 (required); numeric: "" or "1"
  /// Default all_non_missing: what rms users get from `dd <- datadist(data)` on the table they fit.
  datadist_rows summary_rows = datadist_rows::all_non_missing;

  /// Throws invalid_input: empty outcome, an unknown summary_rows, an invalid term
  /// (term_spec::validate), the same column in two terms, the outcome used as a predictor.
  void validate() const {
    constexpr const char* fn = "model::model_spec::validate";
    if (outcome.empty()) fail_input(fn, "outcome", outcome, "must name the outcome column");
    check_enum(fn, "summary_rows", summary_rows, {datadist_rows::all_non_missing, datadist_rows::complete_cases},
               "datadist_rows", "all_non_missing or complete_cases");
    for (std::size_t k = 0; k < terms.size(); ++k) {
      terms[k].validate();
      const std::string argument = nomo::detail::element("terms", k) + ".column";
      if (terms[k].column == outcome) fail_input(fn, argument, terms[k].column, "is the outcome column");
      for (std::size_t m = 0; m < k; ++m) {
        if (terms[m].column == terms[k].column) {
          fail_input(fn, argument, terms[k].column, "duplicate term: the column is already terms[" + std::to_string(m) + "]");
        }
      }
    }
  }
};

}  // namespace nomo::model
