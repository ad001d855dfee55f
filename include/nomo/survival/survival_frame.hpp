#pragma once
// The survival columns of a cohort table, complete cases only: what survfit(Surv(time, status) ~
// group, data) and survdiff use after R's default na.action (na.omit), with the dropped rows
// counted per column as model frames count them. Cohort files have missing follow-up; the
// survival functions themselves take plain vectors and refuse a missing (NaN) time.

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/model/frame.hpp"
#include "nomo/survival/kaplan_meier.hpp"
#include "nomo/survival/log_rank.hpp"

namespace nomo::survival {

/// Time, status and (optionally) group of the table's complete rows, ready for kaplan_meier,
/// log_rank and fit_cox.
struct survival_frame {
  std::vector<double> time;
  std::vector<double> status;
  std::vector<std::string> group;         ///< empty without a group column; labels as R's factor() names them
  std::vector<std::string> group_levels;  ///< R's factor() level order: numbers increasing, labels collated
  std::vector<std::size_t> rows;          ///< 0-based table rows used, increasing
  model::missing_report missing;          ///< rows dropped, and the missing count of each column
};

namespace detail {

/// The named column, which must exist and (unless `any_type`) be numeric.
inline const io::column& survival_column(const io::table& data, std::string_view argument, std::string_view name,
                                         bool any_type) {
  constexpr const char* fn = "survival::make_survival_frame";
  if (!data.has(name)) fail_input(fn, argument, std::string(name), "is not a column of the table");
  const io::column& c = data.at(name);
  if (!any_type && !c.is_numeric()) fail_input(fn, argument, std::string(name), "is a label column; it must be numeric");
  return c;
}

}  // namespace detail

/// The complete rows of `time`, `status` and, when named, `group` in `data`. A row missing any of
/// them is dropped, as R's na.omit drops it; `missing` says how many rows and which columns. A
/// blank label cell is missing, as io::read_csv reads it (R's read.csv keeps "" as a group of its
/// own unless told na.strings = ""). Status must be 0/1 (Surv's 1/2 coding is not accepted).
/// Throws invalid_input: a column that does not exist, a label time or status column, an infinite
/// or negative time or a status other than 0/1 (naming column, row and file line), or no complete row.
inline survival_frame make_survival_frame(const io::table& data, std::string_view time, std::string_view status,
                                          std::string_view group = {}) {
  constexpr const char* fn = "survival::make_survival_frame";
  const io::column& t = detail::survival_column(data, "time", time, false);
  const io::column& s = detail::survival_column(data, "status", status, false);
  std::vector<const io::column*> used{&t, &s};
  const io::column* g = group.empty() ? nullptr : &detail::survival_column(data, "group", group, true);
  if (g != nullptr) used.push_back(g);
  survival_frame frame;
  frame.rows = model::detail::complete_rows(data, used, frame.missing);
  if (frame.rows.empty()) fail_input(fn, "complete rows", 0, "every row misses the time, the status or the group");
  for (const std::size_t i : frame.rows) {
    const double ti = t.numbers[i], si = s.numbers[i];
    if (!std::isfinite(ti) || ti < 0) {
      fail_input(fn, data.cell_origin(t.name, i), ti, "must be finite and non-negative, or missing (NA)");
    }
    if (si != 0 && si != 1) fail_input(fn, data.cell_origin(s.name, i), si, "must be 0 or 1, or missing (NA)");
    frame.time.push_back(ti);
    frame.status.push_back(si);
    if (g != nullptr) frame.group.push_back(model::detail::level_text(*g, i));
  }
  if (g != nullptr) frame.group_levels = model::detail::data_levels(*g, frame.rows);
  return frame;
}

/// Kaplan–Meier curves of a survival frame: by its group, in its R level order (numeric codes by
/// value: 1, 2, 10), when it has one, else the overall curve. R: survfit(Surv(time, status) ~ group).
/// The frame's group passed to kaplan_meier(time, status, group) without its levels would be ordered
/// as labels (1, 10, 2). Throws invalid_input as kaplan_meier() does.
inline kaplan_meier_fit kaplan_meier(const survival_frame& frame, const km_options& options = {}) {
  if (frame.group.empty()) return kaplan_meier(frame.time, frame.status, options);
  return kaplan_meier(frame.time, frame.status, frame.group, options, frame.group_levels);
}

/// Log-rank test of a survival frame's groups, in its R level order. R: survdiff(Surv(time, status)
/// ~ group). Throws invalid_input for a frame without a group (made without a group column), and as
/// log_rank() does.
inline log_rank_test log_rank(const survival_frame& frame) {
  if (frame.group.empty()) {
    fail_input("survival::log_rank", "frame.group.size()", 0, "the frame has no group column to compare");
  }
  return log_rank(frame.time, frame.status, frame.group, frame.group_levels);
}

}  // namespace nomo::survival
