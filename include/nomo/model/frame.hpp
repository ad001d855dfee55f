#pragma once
// The model frame: a cohort table and a model_spec turned into the design matrix (no intercept
// column), the 0/1 outcome, readable column names and the terms that group the columns — what R's
// model.frame + model.matrix (and rms' Design attributes) produce for lrm(y ~ ...).
//
// Rules, in the order they are applied:
//  1. Every column named by the spec must exist; continuous, cut and rcs terms need numeric columns;
//     ±Inf anywhere in a used column is bad input (R would fit with it and fail later).
//  2. rcs knots come from all non-missing values of their column, before incomplete rows are
//     dropped (rms-spec §1.3), and are then frozen.
//  3. Complete cases: a row missing the outcome or any term column is dropped (R na.omit /
//     rms na.delete); the report says how many rows went and how many each column was missing.
//  4. Levels, intervals and the outcome are checked on the rows kept; datadist limits come from the
//     rows chosen by model_spec::summary_rows.
//  5. The design must be estimable as far as the frame can tell: no constant column, no empty
//     level, and more rows than columns + intercept. (Collinearity between terms is the fitter's.)

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/datadist.hpp"
#include "nomo/model/encode.hpp"
#include "nomo/model/levels.hpp"
#include "nomo/model/spec.hpp"
#include "nomo/model/term.hpp"
#include "nomo/spline/rcs.hpp"

namespace nomo::model {

/// How many rows of the table were missing one model column.
struct column_missing {
  std::string column;
  std::size_t rows = 0;  ///< rows of the whole table where the cell is missing
};

/// What complete-case selection did.
struct missing_report {
  std::size_t rows_in_table = 0;
  std::size_t rows_used = 0;
  std::size_t rows_dropped = 0;          ///< rows_in_table - rows_used
  std::vector<column_missing> by_column; ///< the outcome, then each term's column, in spec order
};

/// A model frame: everything a fitter and its reports need, with the encoding frozen.
struct model_frame {
  Eigen::MatrixXd x;                      ///< rows_used × columns design, no intercept column
  Eigen::VectorXd y;                      ///< 0/1 outcome
  std::vector<std::string> column_names;  ///< one per column of x, rms style ("grp=B", "bmk'")
  std::vector<term> terms;                ///< in spec order; term::columns index x
  std::string outcome;                    ///< the outcome column
  std::string event_level;                ///< the outcome value coded 1 ("1" for a numeric outcome)
  std::vector<std::size_t> rows;          ///< 0-based table rows used, increasing (table::lines maps them to file lines)
  missing_report missing;
  std::vector<std::string> notes;         ///< e.g. rcs knots fewer than requested (Hmisc's warnings)

  /// The term of column `name`; invalid_input when the model has none.
  const term& term_named(std::string_view name) const {
    for (const auto& t : terms)
      if (t.name == name) return t;
    fail_input("model::model_frame::term_named", "name", std::string(name), "no term of that column in the model");
  }
};

namespace detail {

/// The values of a column as R factor level names: labels as they are, numbers as R writes them.
inline std::string level_text(const io::column& c, std::size_t row) {
  return c.is_numeric() ? r_number_text(c.numbers[row]) : c.labels[row];
}

/// The column of `spec` in `data`, which must exist (and be numeric when the term needs numbers).
inline const io::column& term_column(const io::table& data, const term_spec& spec, std::size_t k) {
  const std::string argument = nomo::detail::element("spec.terms", k) + ".column";
  if (!data.has(spec.column)) {
    fail_input("model::make_frame", argument, spec.column, "no such column in " + data.source + "; columns are " + data.names_text());
  }
  const io::column& c = data.at(spec.column);
  const bool needs_numbers = !spec.kind_from_column && (spec.kind == term_kind::continuous ||
                                                        spec.kind == term_kind::cut || spec.kind == term_kind::rcs);
  if (needs_numbers && !c.is_numeric()) {
    // Name the first cell that is not a number: a column of numbers with one stray label was read
    // as labels because of that cell.
    std::size_t row = 0;
    double number = 0;
    while (row < c.size() && (c.missing[row] || io::detail::parse_number(c.labels[row], number))) ++row;
    if (row == c.size()) {  // every cell is a number (a column read as labels by option): the first one
      row = 0;
      while (row < c.size() && c.missing[row]) ++row;
    }
    fail_input("model::make_frame", data.cell_origin(spec.column, row), row < c.size() ? c.labels[row] : std::string(),
               "the term needs a numeric column but this column holds labels; use categorical()");
  }
  return c;
}

inline void check_no_infinity(const io::table& data, const io::column& c) {
  if (!c.is_numeric()) return;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (std::isinf(c.numbers[i])) fail_input("model::make_frame", data.cell_origin(c.name, i), c.numbers[i], "must be finite or missing (NA)");
  }
}

/// Rows where none of `columns` is missing, and the per-column missing counts.
inline std::vector<std::size_t> complete_rows(const io::table& data, const std::vector<const io::column*>& columns,
                                              missing_report& report) {
  report.rows_in_table = data.rows();
  std::vector<bool> drop(data.rows(), false);
  for (const io::column* c : columns) {
    column_missing count{c->name, 0};
    for (std::size_t i = 0; i < c->size(); ++i) {
      if (!c->missing[i]) continue;
      ++count.rows;
      drop[i] = true;
    }
    report.by_column.push_back(count);
  }
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < drop.size(); ++i)
    if (!drop[i]) rows.push_back(i);
  report.rows_used = rows.size();
  report.rows_dropped = report.rows_in_table - rows.size();
  return rows;
}

inline std::string missing_text(const missing_report& report) {
  std::string text;
  for (const auto& m : report.by_column) {
    text += (text.empty() ? "" : ", ") + m.column + ": " + std::to_string(m.rows);
  }
  return "missing per column {" + text + "}";
}

/// The 0/1 outcome on the kept rows: a numeric 0/1 column, or a two-valued label column whose
/// `event_level` is coded 1.
inline Eigen::VectorXd outcome_vector(const io::table& data, const io::column& c, const std::vector<std::size_t>& rows,
                                      std::string& event_level) {
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  if (c.is_numeric()) {
    if (!event_level.empty() && event_level != "1") {
      fail_input("model::make_frame", "spec.event_level", event_level, "a numeric outcome must be coded 0/1 with event 1");
    }
    event_level = "1";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const double v = c.numbers[rows[r]];
      if (v != 0 && v != 1) fail_input("model::make_frame", "outcome " + data.cell_origin(c.name, rows[r]), v, "must be 0 or 1");
      y(static_cast<Eigen::Index>(r)) = v;
    }
    return y;
  }
  if (event_level.empty()) {
    fail_input("model::make_frame", "spec.event_level", event_level,
               "the outcome \"" + c.name + "\" holds labels: name the level that counts as the event");
  }
  std::vector<std::string> values;
  for (const std::size_t r : rows) values.push_back(c.labels[r]);
  values = sorted_levels(std::move(values));
  if (std::find(values.begin(), values.end(), event_level) == values.end()) {
    std::string listed;
    for (std::size_t k = 0; k < values.size() && k < 5; ++k) listed += (k > 0 ? ", \"" : "\"") + values[k] + "\"";
    if (values.size() > 5) listed += ", ...";
    fail_input("model::make_frame", "spec.event_level", event_level,
               "is not a value of the outcome \"" + c.name + "\" in the complete rows; its values are " + listed);
  }
  std::string other;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& v = c.labels[rows[r]];
    const bool event = v == event_level;
    if (!event && other.empty()) other = v;
    if (!event && v != other) {
      fail_input("model::make_frame", "outcome " + data.cell_origin(c.name, rows[r]), v,
                 "a third outcome value besides \"" + event_level + "\" and \"" + other + "\"");
    }
    y(static_cast<Eigen::Index>(r)) = event ? 1.0 : 0.0;
  }
  return y;
}

/// Values of a numeric column for its datadist: all non-missing values or those of the kept rows.
inline std::vector<double> summary_values(const io::column& c, const std::vector<std::size_t>& rows, datadist_rows which) {
  std::vector<double> values;
  if (which == datadist_rows::complete_cases) {
    for (std::size_t i : rows)
      if (!c.missing[i]) values.push_back(c.numbers[i]);
  } else {
    for (std::size_t i = 0; i < c.size(); ++i)
      if (!c.missing[i]) values.push_back(c.numbers[i]);
  }
  return values;
}

/// The one q.display of rms datadist(data) on the table (or its kept rows): set at the first
/// numeric column, in table order, with at least 4 distinct values; every limit uses it.
inline std::optional<double> table_display_quantile(const io::table& data, const std::vector<std::size_t>& rows,
                                                    datadist_rows which) {
  for (const io::column& c : data.columns) {
    if (!c.is_numeric()) continue;
    if (const auto q = display_quantile(summary_values(c, rows, which))) return q;
  }
  return std::nullopt;
}

/// Rows whose level-counting matters for the datadist mode: all non-missing or the kept rows.
inline std::vector<std::size_t> summary_row_set(const io::column& c, const std::vector<std::size_t>& rows,
                                                datadist_rows which) {
  if (which == datadist_rows::complete_cases) return rows;
  std::vector<std::size_t> all;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!c.missing[i]) all.push_back(i);
  return all;
}

/// The distinct values of a category column on `rows`, in R factor order (numbers by value).
inline std::vector<std::string> data_levels(const io::column& c, const std::vector<std::size_t>& rows) {
  if (!c.is_numeric()) {
    std::unordered_set<std::string_view> seen;
    for (std::size_t i : rows) seen.insert(c.labels[i]);
    return sorted_levels(std::vector<std::string>(seen.begin(), seen.end()));
  }
  std::vector<double> values;
  for (std::size_t i : rows) values.push_back(c.numbers[i]);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<std::string> levels;
  for (double v : values) levels.push_back(r_number_text(v));
  // Values that differ beyond 15 significant digits (0.3 and 0.1 + 0.2) are one level, as in R's
  // factor(), which matches the values' as.character() texts; in sorted order they are neighbours.
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

/// Levels of a categorical or binary term, the data's in R factor order or the given ones, with
/// the reference moved first (R relevel).
inline std::vector<std::string> term_levels(const io::column& c, const term_spec& spec,
                                            const std::vector<std::size_t>& rows, std::size_t k) {
  if (spec.levels.size() == 1) {
    fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (column \"" + c.name + "\") levels.size()", 1,
               "a categorical or binary term needs at least two levels; only \"" + spec.levels.front() + "\" is given");
  }
  std::vector<std::string> levels = spec.levels.empty() ? data_levels(c, rows) : spec.levels;
  if (!spec.reference.empty()) {
    const auto at = std::find(levels.begin(), levels.end(), spec.reference);
    if (at == levels.end()) {
      fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + ".reference", spec.reference,
                 "reference level absent: not a level of column \"" + c.name + "\"");
    }
    std::rotate(levels.begin(), at, at + 1);
  }
  return levels;
}

/// Level of a cell of a category column, or nothing when the value is not one of the levels.
inline std::optional<std::size_t> cell_level(const level_finder& finder, const io::column& c, std::size_t row) {
  return c.is_numeric() ? finder.find(c.numbers[row]) : finder.find(c.labels[row]);
}

/// Rows per level on `rows`; with `strict`, a value outside the levels is an error (on the kept
/// rows it can only be a value missing from the given levels), otherwise it is not counted.
inline std::vector<std::size_t> level_counts(const io::table& data, const term& t, const io::column& c,
                                             const std::vector<std::size_t>& rows, bool strict, std::size_t k) {
  const level_finder finder(t);
  std::vector<std::size_t> counts(t.levels.size(), 0);
  for (std::size_t i : rows) {
    const auto level = cell_level(finder, c, i);
    if (level) {
      ++counts[*level];
    } else if (strict) {
      fail_input("model::make_frame", data.cell_origin(c.name, i), level_text(c, i),
                 "not one of the levels given in " + nomo::detail::element("spec.terms", k) + ".levels " + finder.levels_text());
    }
  }
  return counts;
}

/// Every level must hold rows: an empty level makes an all-zero column (or, for the reference,
/// indicators that sum to the intercept).
inline void check_levels_present(const term& t, const std::vector<std::size_t>& counts, std::size_t k) {
  for (std::size_t level = 0; level < counts.size(); ++level) {
    if (counts[level] > 0) continue;
    const std::string which = level == 0 ? "reference level" : "level";
    fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (column \"" + t.name + "\") " + which, t.levels[level],
               "empty category level: no complete row has it");
  }
}

/// Indicator columns "name=level" for every level but the reference; a 0/1 numeric binary term keeps
/// the plain name, as R names a numeric 0/1 column.
inline std::vector<std::string> indicator_names(const term& t, const io::column& c) {
  if (t.kind == term_kind::binary && c.is_numeric() && t.levels == std::vector<std::string>{"0", "1"}) return {t.name};
  std::vector<std::string> names;
  for (std::size_t level = 1; level < t.levels.size(); ++level) names.push_back(t.name + "=" + t.levels[level]);
  return names;
}

inline std::vector<std::string> spline_names(const std::string& name, std::size_t columns) {
  std::vector<std::string> names{name};
  for (std::size_t j = 1; j < columns; ++j) names.push_back(name + std::string(j, '\''));
  return names;
}

/// Builds one term (everything but its column positions) from its column on the kept rows.
struct term_builder {
  const io::table& data;
  const model_spec& spec;
  const std::vector<std::size_t>& rows;
  std::vector<std::string>& notes;
  std::optional<double> q_display;  ///< datadist's, for the whole table (table_display_quantile)

  term build(const term_spec& ts, const io::column& c, std::size_t k) const {
    term t;
    t.name = ts.column;
    t.kind = ts.kind_from_column ? (c.is_numeric() ? term_kind::continuous : term_kind::categorical) : ts.kind;
    if (c.is_numeric()) t.summary = summarize_column(c, k);
    switch (t.kind) {
      case term_kind::continuous:
        t.column_names = {t.name};
        break;
      case term_kind::rcs:
        t.knots = knots(ts, c, k);
        t.column_names = spline_names(t.name, t.knots.size() - 1);
        break;
      case term_kind::cut:
        t.cut_points = ts.cut_points;
        t.closure = ts.closure;
        t.levels = ts.labels.empty() ? interval_labels(ts.cut_points, ts.closure) : ts.labels;
        break;
      case term_kind::categorical:
      case term_kind::binary:
        t.levels = term_levels(c, ts, rows, k);
        break;
    }
    if (!t.levels.empty()) finish_levels(t, c, k);
    return t;
  }

 private:
  variable_summary summarize_column(const io::column& c, std::size_t k) const {
    std::vector<double> values = summary_values(c, rows, spec.summary_rows);
    if (values.size() < 2) {
      const bool complete = spec.summary_rows == datadist_rows::complete_cases;
      fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (column \"" + c.name + "\") non-missing values", values.size(),
                 std::string("its datadist needs at least 2") + (complete ? " on the complete rows" : ""));
    }
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    if (*low == *high) {
      fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (column \"" + c.name + "\")", *low,
                 "constant column: every used row holds this value");
    }
    return summarize_numeric(std::move(values), q_display);
  }

  /// The term's knots; a knot placement that fails names the term and column it failed for (with
  /// several rcs terms the spline function's own message could be about any of them).
  std::vector<double> knots(const term_spec& ts, const io::column& c, std::size_t k) const {
    std::vector<double> present;
    for (std::size_t i = 0; i < c.size(); ++i)
      if (!c.missing[i]) present.push_back(c.numbers[i]);
    spline::rcs_knot_choice choice;
    try {
      choice = ts.knots.empty() ? spline::rcs_knots(present, ts.n_knots) : spline::rcs_given_knots(present, ts.knots);
    } catch (const invalid_input& e) {
      throw invalid_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (rcs of column \"" + c.name + "\")",
                          e.value(), "its knots cannot be placed: " + std::string(e.what()));
    }
    if (!choice.note.empty()) notes.push_back("rcs(" + c.name + "): " + choice.note);
    return choice.knots;
  }

  void finish_levels(term& t, const io::column& c, std::size_t k) const {
    if (t.levels.size() < 2) {
      fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (column \"" + t.name + "\")", t.levels.front(),
                 "constant column: every complete row has this level");
    }
    check_levels_present(t, level_counts(data, t, c, rows, true, k), k);
    if (t.kind == term_kind::binary && t.levels.size() != 2) {
      fail_input("model::make_frame", nomo::detail::element("spec.terms", k) + " (column \"" + t.name + "\") levels",
                 t.levels.size(), "a binary term needs exactly 2 values; use categorical() for more");
    }
    t.column_names = indicator_names(t, c);
    const auto summary_rows = summary_row_set(c, rows, spec.summary_rows);
    t.adjust_level = mode_level(t.levels, level_counts(data, t, c, summary_rows, false, k));
  }
};

/// Gives each term its columns and fills the design matrix row by row with the term encoders.
inline void fill_design(model_frame& frame, const io::table& data, const std::vector<const io::column*>& columns) {
  Eigen::Index next = 0;
  for (auto& t : frame.terms) {
    t.columns.clear();
    for (std::size_t j = 0; j < t.column_names.size(); ++j) t.columns.push_back(next++);
    if (t.kind == term_kind::rcs) t.nonlinear_columns.assign(t.columns.begin() + 1, t.columns.end());
    frame.column_names.insert(frame.column_names.end(), t.column_names.begin(), t.column_names.end());
  }
  frame.x.resize(static_cast<Eigen::Index>(frame.rows.size()), next);
  std::vector<double> buffer(static_cast<std::size_t>(next));
  for (std::size_t k = 0; k < frame.terms.size(); ++k) {
    const term_encoder encoder(frame.terms[k]);
    const io::column& c = *columns[k];
    const Eigen::Index first = frame.terms[k].columns.empty() ? 0 : frame.terms[k].columns.front();
    for (std::size_t r = 0; r < frame.rows.size(); ++r) {
      const std::size_t i = frame.rows[r];
      const auto origin = [&] { return data.cell_origin(c.name, i); };
      if (c.is_numeric()) encoder.write(c.numbers[i], buffer.data(), "model::make_frame", origin);
      else encoder.write(std::string_view(c.labels[i]), buffer.data(), "model::make_frame", origin);
      for (std::size_t j = 0; j < encoder.columns(); ++j) frame.x(static_cast<Eigen::Index>(r), first + static_cast<Eigen::Index>(j)) = buffer[j];
    }
  }
}

/// No design column may be constant on the kept rows (it would be aliased with the intercept).
inline void check_no_constant_column(const model_frame& frame) {
  for (Eigen::Index j = 0; j < frame.x.cols(); ++j) {
    if ((frame.x.col(j).array() == frame.x(0, j)).all()) {
      fail_input("model::make_frame", "design column \"" + frame.column_names[static_cast<std::size_t>(j)] + "\"", frame.x(0, j),
                 "constant column: every complete row has this value, so it is aliased with the intercept");
    }
  }
}

}  // namespace detail

/// Builds the model frame of `spec` on `data`: R's model.frame(na.action = na.omit) followed by
/// model.matrix without the intercept column, with rms' column names ("sex=male", "bmk'") and
/// Design attributes (term groups, knots, datadist limits).
/// Deliberate differences from R: ±Inf, constant columns, empty levels and unused given levels are
/// errors (R drops or aliases them silently); a label outcome needs `spec.event_level` named.
/// Throws invalid_input naming the argument, column, row (and file line) and value: invalid spec
/// (model_spec::validate), unknown column, label column for a numeric term, ±Inf, no complete row,
/// outcome not 0/1 or a third outcome label, a value not among given levels, a single given level,
/// reference level absent, empty category level, binary term without exactly 2 values, a numeric
/// column with fewer than 2 values for its datadist, constant column, too few rows for the columns, rcs knots not obtainable (spline::rcs_knots / rcs_given_knots), columns of
/// unequal length (io::table::check_rectangular).
inline model_frame make_frame(const io::table& data, const model_spec& spec) {
  spec.validate();
  data.check_rectangular("model::make_frame", "data");
  if (!data.has(spec.outcome)) {
    fail_input("model::make_frame", "spec.outcome", spec.outcome, "no such column in " + data.source + "; columns are " + data.names_text());
  }
  std::vector<const io::column*> used{&data.at(spec.outcome)};
  for (std::size_t k = 0; k < spec.terms.size(); ++k) used.push_back(&detail::term_column(data, spec.terms[k], k));
  for (const io::column* c : used) detail::check_no_infinity(data, *c);

  model_frame frame;
  frame.outcome = spec.outcome;
  frame.event_level = spec.event_level;
  frame.rows = detail::complete_rows(data, used, frame.missing);
  if (data.rows() == 0) fail_input("model::make_frame", "data.rows()", 0, "the table has no rows (a header only?)");
  if (frame.rows.empty()) {
    fail_input("model::make_frame", "complete rows", 0,
               "every one of the " + std::to_string(data.rows()) + " rows misses a model column; " + detail::missing_text(frame.missing));
  }
  frame.y = detail::outcome_vector(data, *used.front(), frame.rows, frame.event_level);

  const detail::term_builder builder{data, spec, frame.rows, frame.notes,
                                     detail::table_display_quantile(data, frame.rows, spec.summary_rows)};
  for (std::size_t k = 0; k < spec.terms.size(); ++k) frame.terms.push_back(builder.build(spec.terms[k], *used[k + 1], k));
  const std::vector<const io::column*> predictors(used.begin() + 1, used.end());
  detail::fill_design(frame, data, predictors);
  if (static_cast<std::size_t>(frame.x.cols()) + 1 > frame.rows.size()) {
    fail_input("model::make_frame", "design columns + intercept", frame.x.cols() + 1,
               "more columns than the " + std::to_string(frame.rows.size()) + " complete rows; " + detail::missing_text(frame.missing));
  }
  detail::check_no_constant_column(frame);
  return frame;
}

/// The design matrix (no intercept column) of `new_data` under the frame's frozen encoding: R
/// model.matrix(fit, newdata) / rms predictrms' design, for prediction and external validation.
/// Deliberate difference: rows are never dropped; a missing value is an error, so that rows of
/// the result always match rows of `new_data`.
/// Throws invalid_input naming the column, row (and file line) and value: a term column absent
/// from `new_data`, a missing or non-finite value, a label where a number is needed, an unknown
/// level, columns of unequal length (io::table::check_rectangular).
inline Eigen::MatrixXd design_matrix(const model_frame& frame, const io::table& new_data) {
  new_data.check_rectangular("model::design_matrix", "new_data");
  const Eigen::Index n = static_cast<Eigen::Index>(new_data.rows());
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(frame.column_names.size()));
  std::vector<double> buffer(frame.column_names.size());
  for (const term& t : frame.terms) {
    if (!new_data.has(t.name)) {
      fail_input("model::design_matrix", "new_data", new_data.source, "has no column \"" + t.name + "\"; columns are " + new_data.names_text());
    }
    const io::column& c = new_data.at(t.name);
    const term_encoder encoder(t);
    for (Eigen::Index r = 0; r < n; ++r) {
      const auto i = static_cast<std::size_t>(r);
      const auto origin = [&] { return "new_data " + new_data.cell_origin(t.name, i); };
      if (c.missing[i]) fail_input("model::design_matrix", origin(), std::string("NA"), "missing value; drop the row first");
      if (c.is_numeric()) encoder.write(c.numbers[i], buffer.data(), "model::design_matrix", origin);
      else encoder.write(std::string_view(c.labels[i]), buffer.data(), "model::design_matrix", origin);
      for (std::size_t j = 0; j < encoder.columns(); ++j) x(r, t.columns[j]) = buffer[j];
    }
  }
  return x;
}

}  // namespace nomo::model
