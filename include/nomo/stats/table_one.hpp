#pragma once
// "Table 1": baseline characteristics of a cohort by group — one block per variable with its
// summary in every group (and overall), the test that compares the groups and its P value —
// printed as Markdown or CSV. Mirrors what R users assemble with tableone::CreateTableOne or
// gtsummary::tbl_summary(by =) |> add_p(), with the tests of R's stats package.

#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/stats/contingency.hpp"
#include "nomo/stats/describe.hpp"
#include "nomo/stats/groups.hpp"
#include "nomo/stats/anova.hpp"
#include "nomo/stats/rank_tests.hpp"
#include "nomo/stats/t_tests.hpp"

namespace nomo::stats {

/// How a variable is summarised.
enum class summary_kind {
  mean_sd,     ///< numeric, "mean ± SD"
  median_iqr,  ///< numeric, "median (Q1–Q3)"
  counts       ///< categorical (label or numeric codes), "n (%)" per level
};

/// How the groups are compared.
enum class group_test {
  /// mean_sd: Welch t (two groups) or Welch's one-way test (more); median_iqr: Wilcoxon rank-sum
  /// (two groups) or Kruskal–Wallis (more); counts: χ², or Fisher when an expected count is < 5
  automatic,
  welch_t,     ///< t.test(var.equal = FALSE), two groups
  student_t,   ///< t.test(var.equal = TRUE), two groups
  wilcoxon,    ///< wilcox.test (Mann–Whitney U), two groups
  welch_anova,     ///< oneway.test(var.equal = FALSE), two or more groups
  anova,           ///< oneway.test(var.equal = TRUE) (aov's F), two or more groups
  kruskal_wallis,  ///< kruskal.test, two or more groups
  chi_square,  ///< chisq.test on the level × group table
  fisher,      ///< fisher.test on the level × group table
  none         ///< no P value
};

/// One row block of the table.
struct table_one_variable {
  std::string column;                ///< cohort column
  std::string label;                 ///< text shown; the column name when empty
  summary_kind kind = summary_kind::median_iqr;
  group_test test = group_test::automatic;
  std::vector<std::string> levels;   ///< counts: level order (default: sorted; numeric codes numerically)
  int digits = -1;                   ///< decimals of this variable's summaries; −1: the table's options.digits
};

/// Options of build_table_one().
struct table_one_options {
  std::vector<std::string> group_levels;  ///< group column order; sorted (numerically for numbers) when empty
  bool overall = true;                    ///< add an "Overall" column first
  int digits = 1;                         ///< decimals of summaries and percentages
  int p_digits = 3;                       ///< decimals of P values ("<0.001" below)
  bool show_range = false;                ///< "median (Q1–Q3; min–max)"
  bool yates = true;                      ///< Yates' correction for 2 × 2 χ² (chisq.test's default)
  /// Work budget of Fisher's r × c test (fisher_options::max_paths). When the automatic choice
  /// picks Fisher and the table needs more, the variable gets χ² instead, with a note saying so;
  /// a Fisher test asked for by name throws computation_error.
  double fisher_max_paths = 1e8;

  /// Throws invalid_input: digits outside [0, 10], p_digits outside [1, 10], fisher_max_paths below 1.
  void validate() const {
    check_in_range("stats::table_one_options::validate", "digits", digits, 0, 10);
    check_in_range("stats::table_one_options::validate", "p_digits", p_digits, 1, 10);
    if (!(fisher_max_paths >= 1)) fail_input("stats::table_one_options::validate", "fisher_max_paths", fisher_max_paths, "must be at least 1");
  }
};

/// The computed block of one variable.
struct table_one_entry {
  std::string column;
  std::string label;
  summary_kind kind = summary_kind::median_iqr;
  std::vector<numeric_summary> numeric;          ///< mean_sd / median_iqr: one per table column
  std::vector<categorical_summary> categorical;  ///< counts: one per table column
  int digits = -1;                               ///< as table_one_variable::digits
  group_test test = group_test::none;            ///< the test used (automatic resolved)
  bool tested = false;
  test_result result;                            ///< when tested
};

/// A built Table 1.
struct table_one {
  std::string group_column;
  std::vector<std::string> columns;   ///< "Overall" (when asked), then the group labels
  std::vector<std::size_t> column_n;  ///< subjects per column
  std::size_t excluded = 0;           ///< rows left out because their group is missing
  std::vector<table_one_entry> entries;
  table_one_options options;
};

/// Short name of a test for the table's Test column.
inline std::string test_name(group_test test) {
  switch (test) {
    case group_test::welch_t: return "Welch t-test";
    case group_test::student_t: return "Student t-test";
    case group_test::wilcoxon: return "Mann-Whitney U";
    case group_test::welch_anova: return "Welch ANOVA";
    case group_test::anova: return "ANOVA";
    case group_test::kruskal_wallis: return "Kruskal-Wallis";
    case group_test::chi_square: return "Chi-squared";
    case group_test::fisher: return "Fisher exact";
    case group_test::automatic:
    case group_test::none: break;
  }
  return "";
}

namespace detail {

/// A column's values as labels; numeric codes become r_number_text() text and sort numerically.
struct labelled_column {
  std::vector<std::string> labels;  ///< "" where missing
  std::vector<std::string> order;   ///< distinct labels in natural order
};

inline labelled_column labels_of(const io::column& c) {
  labelled_column out;
  if (!c.is_numeric()) {
    out.labels = c.labels;
    out.order = describe_categorical(c.labels).levels;
    return out;
  }
  std::vector<double> distinct;
  for (std::size_t i = 0; i < c.size(); ++i) {
    out.labels.push_back(c.missing[i] ? std::string() : r_number_text(c.numbers[i]));
    if (!c.missing[i]) distinct.push_back(c.numbers[i]);
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (double v : distinct) out.order.push_back(r_number_text(v));
  // Values that differ beyond 15 significant digits share a label, as in R's factor().
  out.order.erase(std::unique(out.order.begin(), out.order.end()), out.order.end());
  return out;
}

/// The level × group counts a table test compares: levels no subject has and groups with no value
/// of the variable are dropped, as table() on the observed values would drop them (a declared level
/// with no subjects is shown in the table but cannot enter χ²'s expected counts as 0).
inline Eigen::MatrixXd level_by_group(const std::vector<categorical_summary>& by_group) {
  const std::size_t levels = by_group.front().levels.size();
  std::vector<std::size_t> used_levels, used_groups;
  for (std::size_t l = 0; l < levels; ++l) {
    std::size_t total = 0;
    for (const auto& g : by_group) total += g.counts[l];
    if (total > 0) used_levels.push_back(l);
  }
  for (std::size_t g = 0; g < by_group.size(); ++g) {
    if (by_group[g].n > 0) used_groups.push_back(g);
  }
  Eigen::MatrixXd counts(static_cast<Eigen::Index>(used_levels.size()), static_cast<Eigen::Index>(used_groups.size()));
  for (std::size_t r = 0; r < used_levels.size(); ++r) {
    for (std::size_t c = 0; c < used_groups.size(); ++c) {
      counts(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          static_cast<double>(by_group[used_groups[c]].counts[used_levels[r]]);
    }
  }
  return counts;
}

/// The test `automatic` stands for, given the number of groups and (counts) the tested table.
inline group_test resolve_test(const table_one_variable& v, std::size_t groups, const Eigen::MatrixXd& tested) {
  if (v.test != group_test::automatic) return v.test;
  const bool two = groups == 2;
  if (v.kind == summary_kind::mean_sd) return two ? group_test::welch_t : group_test::welch_anova;
  if (v.kind == summary_kind::median_iqr) return two ? group_test::wilcoxon : group_test::kruskal_wallis;
  const Eigen::MatrixXd expected = tested.rowwise().sum() * tested.colwise().sum() / tested.sum();
  return (expected.array() < 5).any() ? group_test::fisher : group_test::chi_square;
}

/// Requires a counts variable's tested table to have two levels and two groups with values: with
/// one of either there is nothing to compare (R's chisq.test and fisher.test stop too).
inline void check_table_testable(const table_one_variable& v, const Eigen::MatrixXd& tested) {
  const std::string advice = "a table test needs at least two; set its test to group_test::none to show it without a P value";
  const std::string variable = "variables[" + v.column + "]";
  if (tested.rows() < 2) fail_input("stats::build_table_one", variable + " observed levels", tested.rows(), advice);
  if (tested.cols() < 2) fail_input("stats::build_table_one", variable + " groups with values", tested.cols(), advice);
}

inline test_result run_test(group_test test, const std::vector<std::vector<double>>& numeric_groups,
                            const Eigen::MatrixXd& tested, const table_one_options& options, const std::string& column) {
  const bool two_sample = test == group_test::welch_t || test == group_test::student_t || test == group_test::wilcoxon;
  if (two_sample && numeric_groups.size() != 2) {
    fail_input("stats::build_table_one", "variables[" + column + "].test", test_name(test),
               "t and Wilcoxon tests compare exactly two groups; there are " + std::to_string(numeric_groups.size()));
  }
  switch (test) {
    case group_test::welch_t: return t_test_two_sample(numeric_groups[0], numeric_groups[1], variance_assumption::welch);
    case group_test::student_t:
      return t_test_two_sample(numeric_groups[0], numeric_groups[1], variance_assumption::pooled);
    case group_test::wilcoxon: return wilcoxon_rank_sum(numeric_groups[0], numeric_groups[1]);
    case group_test::welch_anova: return one_way_anova(numeric_groups, variance_assumption::welch);
    case group_test::anova: return one_way_anova(numeric_groups, variance_assumption::pooled);
    case group_test::kruskal_wallis: return kruskal_wallis(numeric_groups);
    case group_test::chi_square:
      return chi_square_test(tested, options.yates ? continuity_correction::yates : continuity_correction::none);
    case group_test::fisher: return fisher_exact(tested, {alternative::two_sided, 0.95, options.fisher_max_paths});
    case group_test::automatic:
    case group_test::none: break;
  }
  return {};
}

/// run_test() for a counts variable. An automatic Fisher test whose table is beyond its work budget
/// falls back to χ² (`test` becomes chi_square), with the reason in the result's note: Table 1
/// should not fail on one variable where a test exists that answers.
inline test_result run_table_test(group_test& test, group_test asked, const Eigen::MatrixXd& tested,
                                  const table_one_options& options, const std::string& column) {
  if (test != group_test::fisher || asked != group_test::automatic) return run_test(test, {}, tested, options, column);
  try {
    return run_test(test, {}, tested, options, column);
  } catch (const computation_error& e) {
    test = group_test::chi_square;
    test_result result = run_test(test, {}, tested, options, column);
    result.note = std::string("Fisher's exact test was chosen (an expected count below 5) but could not be computed: ") +
                  e.what() + "; chi-squared used" + (result.note.empty() ? "" : "; " + result.note);
    return result;
  }
}

/// Requires a known summary kind and test, and the test to fit the summary: numeric tests for
/// numeric summaries, table tests for counts.
inline void check_test_fits(const table_one_variable& v) {
  const std::string variable = "variables[" + v.column + "]";
  check_enum("stats::build_table_one", variable + ".kind", v.kind,
             {summary_kind::mean_sd, summary_kind::median_iqr, summary_kind::counts}, "summary_kind",
             "mean_sd, median_iqr or counts");
  check_enum("stats::build_table_one", variable + ".test", v.test,
             {group_test::automatic, group_test::welch_t, group_test::student_t, group_test::wilcoxon,
              group_test::welch_anova, group_test::anova, group_test::kruskal_wallis, group_test::chi_square,
              group_test::fisher, group_test::none},
             "group_test", "automatic, a named test or none");
  const bool numeric_test = v.test == group_test::welch_t || v.test == group_test::student_t ||
                            v.test == group_test::wilcoxon || v.test == group_test::welch_anova ||
                            v.test == group_test::anova || v.test == group_test::kruskal_wallis;
  const bool table_test = v.test == group_test::chi_square || v.test == group_test::fisher;
  if ((v.kind == summary_kind::counts && numeric_test) || (v.kind != summary_kind::counts && table_test)) {
    fail_input("stats::build_table_one", "variables[" + v.column + "].test", test_name(v.test),
               "does not fit the variable's summary kind");
  }
}


/// Runs one summary or test of a Table 1 variable, rethrowing its error with `where` (the variable,
/// and the group or test) named beside the argument it names: the summaries and tests name only
/// their own arguments, which say neither which variable nor which group of the table failed.
template <class Step>
auto for_variable(const std::string& where, Step step) -> decltype(step()) {
  constexpr const char* fn = "stats::build_table_one";
  try {
    return step();
  } catch (const invalid_input& e) {
    if (e.function() == fn) throw;  // already names the variable
    throw invalid_input(fn, where + ", " + e.function() + "'s " + e.argument(), e.value(), e.problem());
  } catch (const computation_error& e) {
    throw computation_error(fn, where + ": " + e.what());
  }
}

/// The rows (indexes into the cohort) of each group, for the rows whose group is known.
struct grouped_rows {
  std::vector<std::size_t> rows;  ///< cohort rows with a group
  group_codes codes;              ///< their groups
};

/// Requires every non-missing value of a counts variable to be one of its levels, naming the cohort
/// row (and file line) of the first that is not.
inline void check_values_in_levels(const io::table& cohort, const table_one_variable& v, const labelled_column& values,
                                   const std::vector<std::string>& levels, const grouped_rows& grouped) {
  for (const std::size_t row : grouped.rows) {
    const std::string& label = values.labels[row];
    if (label.empty() || std::find(levels.begin(), levels.end(), label) != levels.end()) continue;
    fail_input("stats::build_table_one", cohort.cell_origin(v.column, row), label,
               "is not one of variables[" + v.column + "].levels");
  }
}

/// Requires the group of every grouped row to be one of the given group levels, naming the cohort
/// row (and file line) of the first that is not.
inline void check_groups_in_levels(const io::table& cohort, const std::string& group_column,
                                   const labelled_column& group, const std::vector<std::size_t>& rows,
                                   const std::vector<std::string>& levels) {
  for (const std::size_t row : rows) {
    if (std::find(levels.begin(), levels.end(), group.labels[row]) != levels.end()) continue;
    fail_input("stats::build_table_one", cohort.cell_origin(group_column, row), group.labels[row],
               "is not one of options.group_levels");
  }
}

inline void fill_counts(const io::table& cohort, const table_one_variable& v, const grouped_rows& grouped,
                        const table_one_options& options, table_one_entry& entry) {
  const labelled_column values = labels_of(cohort.at(v.column));
  const std::vector<std::string> levels = v.levels.empty() ? values.order : v.levels;
  check_values_in_levels(cohort, v, values, levels, grouped);
  std::vector<std::vector<std::string>> by_group(grouped.codes.levels.size());
  std::vector<std::string> all;
  for (std::size_t r = 0; r < grouped.rows.size(); ++r) {
    by_group[grouped.codes.codes[r]].push_back(values.labels[grouped.rows[r]]);
    all.push_back(values.labels[grouped.rows[r]]);
  }
  const std::string variable = "variables[" + v.column + "]";
  if (options.overall) entry.categorical.push_back(for_variable(variable + " (Overall)", [&] { return describe_categorical(all, levels); }));
  std::vector<categorical_summary> groups;
  for (std::size_t g = 0; g < by_group.size(); ++g) {
    const std::string where = variable + " (group \"" + grouped.codes.levels[g] + "\")";
    groups.push_back(for_variable(where, [&] { return describe_categorical(by_group[g], levels); }));
  }
  entry.categorical.insert(entry.categorical.end(), groups.begin(), groups.end());
  const Eigen::MatrixXd tested = level_by_group(groups);
  entry.test = resolve_test(v, groups.size(), tested);
  if (entry.test == group_test::none) return;
  check_table_testable(v, tested);
  // A Fisher test over its budget names fisher_options::max_paths, which Table 1 sets from its own option.
  const std::string budget = entry.test == group_test::fisher ? ", work budget table_one_options::fisher_max_paths" : "";
  const std::string where = "variables[" + v.column + "].test (" + test_name(entry.test) + budget + ")";
  group_test& test = entry.test;
  entry.result = for_variable(where, [&] { return run_table_test(test, v.test, tested, options, v.column); });
}

inline void fill_numeric(const io::table& cohort, const table_one_variable& v, const grouped_rows& grouped,
                         const table_one_options& options, table_one_entry& entry) {
  const io::column& source = cohort.at(v.column);
  if (!source.is_numeric()) fail_input("stats::build_table_one", "variables[" + v.column + "].kind", "numeric summary", "the column holds labels");
  std::vector<std::vector<double>> by_group(grouped.codes.levels.size());
  std::vector<double> all;
  for (std::size_t r = 0; r < grouped.rows.size(); ++r) {
    by_group[grouped.codes.codes[r]].push_back(source.numbers[grouped.rows[r]]);
    all.push_back(source.numbers[grouped.rows[r]]);
  }
  const std::string variable = "variables[" + v.column + "]";
  if (options.overall) entry.numeric.push_back(for_variable(variable + " (Overall)", [&] { return describe_numeric(all); }));
  for (std::size_t g = 0; g < by_group.size(); ++g) {
    const std::string where = variable + " (group \"" + grouped.codes.levels[g] + "\")";
    entry.numeric.push_back(for_variable(where, [&] { return describe_numeric(by_group[g]); }));
  }
  entry.test = resolve_test(v, by_group.size(), {});
  if (entry.test == group_test::none) return;
  const std::string where = variable + ".test (" + test_name(entry.test) + ")";
  entry.result = for_variable(where, [&] { return run_test(entry.test, by_group, {}, options, v.column); });
}

}  // namespace detail

/// Builds Table 1 of `cohort` by `group_column` for `variables`. Rows whose group is missing are
/// left out (counted in `excluded`); a variable's missing values are left out of its summaries
/// (counted in each summary's `missing`). Tests use the groups only, never the Overall column. A
/// counts variable's test compares the levels and groups with subjects: a declared level no one has
/// is shown with 0 and, like a group with no value of the variable, left out of the test (and of
/// the automatic χ²-or-Fisher choice).
/// Throws invalid_input: unknown columns, a numeric summary of a label column, a test that does not
/// fit the summary or needs two groups when there are more, a group level that is given but has no
/// subjects, a repeated level, a value outside the given levels (named by cohort row), a counts
/// variable tested with fewer than two observed levels or groups with values, fewer than two
/// groups, invalid options, columns of unequal length (io::table::check_rectangular); and what a
/// summary or the chosen test rejects (e.g. a group with no value of a numeric variable), rethrown
/// with the variable and the group or test named (computation_error stays computation_error).
inline table_one build_table_one(const io::table& cohort, const std::string& group_column,
                                 const std::vector<table_one_variable>& variables, const table_one_options& options = {}) {
  constexpr const char* fn = "stats::build_table_one";
  options.validate();
  cohort.check_rectangular(fn, "cohort");
  const detail::labelled_column group = detail::labels_of(cohort.at(group_column));
  detail::grouped_rows grouped;
  std::vector<std::string> kept_groups;
  for (std::size_t i = 0; i < group.labels.size(); ++i) {
    if (group.labels[i].empty()) continue;
    grouped.rows.push_back(i);
    kept_groups.push_back(group.labels[i]);
  }
  if (!options.group_levels.empty()) {
    detail::check_groups_in_levels(cohort, group_column, group, grouped.rows, options.group_levels);
  }
  grouped.codes =
      group_by_label(fn, "group_column values", kept_groups, options.group_levels.empty() ? group.order : options.group_levels);
  const group_codes& codes = grouped.codes;
  if (codes.levels.size() < 2) fail_input(fn, "group_column", group_column, "has fewer than two groups to compare");

  table_one out{group_column, {}, {}, group.labels.size() - grouped.rows.size(), {}, options};
  if (options.overall) {
    out.columns.push_back("Overall");
    out.column_n.push_back(grouped.rows.size());
  }
  out.columns.insert(out.columns.end(), codes.levels.begin(), codes.levels.end());
  out.column_n.insert(out.column_n.end(), codes.sizes.begin(), codes.sizes.end());

  for (const auto& v : variables) {
    detail::check_test_fits(v);
    if (v.digits < -1 || v.digits > 10) fail_input(fn, "variables[" + v.column + "].digits", v.digits, "must be -1 (table default) or lie in [0, 10]");
    table_one_entry entry{v.column, v.label.empty() ? v.column : v.label, v.kind, {}, {}, v.digits, group_test::none, false, {}};
    if (v.kind == summary_kind::counts) {
      detail::fill_counts(cohort, v, grouped, options, entry);
    } else {
      detail::fill_numeric(cohort, v, grouped, options, entry);
    }
    entry.tested = entry.test != group_test::none;
    out.entries.push_back(std::move(entry));
  }
  return out;
}

/// The table as text cells: a header row, then per variable one row (numeric) or a title row and
/// one row per level (counts). Columns: Variable, the table's columns, P, Test.
inline std::vector<std::vector<std::string>> table_one_cells(const table_one& t) {
  const auto& o = t.options;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"Variable"};
  for (std::size_t c = 0; c < t.columns.size(); ++c) header.push_back(t.columns[c] + " (n = " + std::to_string(t.column_n[c]) + ")");
  header.insert(header.end(), {"P", "Test"});
  rows.push_back(header);
  for (const auto& e : t.entries) {
    const std::string p = e.tested ? format_p_value(e.result.p_value, o.p_digits) : "";
    const int digits = e.digits >= 0 ? e.digits : o.digits;
    std::size_t missing = 0;  // over the groups, so the Overall column is not counted twice
    for (std::size_t c = o.overall ? 1 : 0; c < t.columns.size(); ++c) {
      missing += e.kind == summary_kind::counts ? e.categorical[c].missing : e.numeric[c].missing;
    }
    const std::string suffix = missing > 0 ? " [missing " + std::to_string(missing) + "]" : "";
    if (e.kind == summary_kind::counts) {
      std::vector<std::string> title{e.label + ", n (%)" + suffix};
      title.resize(1 + t.columns.size());
      title.insert(title.end(), {p, test_name(e.test)});
      rows.push_back(title);
      for (std::size_t l = 0; l < e.categorical.front().levels.size(); ++l) {
        std::vector<std::string> row{"  " + e.categorical.front().levels[l]};
        for (const auto& s : e.categorical) row.push_back(format_count_percent(s.counts[l], s.percents[l], digits));
        row.insert(row.end(), {"", ""});
        rows.push_back(row);
      }
      continue;
    }
    std::vector<std::string> row{e.label + (e.kind == summary_kind::mean_sd ? ", mean ± SD" : ", median (IQR)") + suffix};
    for (const auto& s : e.numeric) {
      row.push_back(e.kind == summary_kind::mean_sd ? format_mean_sd(s, digits) : format_median_iqr(s, digits, o.show_range));
    }
    row.insert(row.end(), {p, test_name(e.test)});
    rows.push_back(row);
  }
  return rows;
}

/// The table as a GitHub-flavoured Markdown table (pipes in cells escaped).
inline std::string to_markdown(const table_one& t) {
  const auto rows = table_one_cells(t);
  std::ostringstream out;
  const auto escape = [](std::string s) {
    for (std::size_t at = s.find('|'); at != std::string::npos; at = s.find('|', at + 2)) s.replace(at, 1, "\\|");
    return s;
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out << "|";
    for (const auto& cell : rows[r]) out << " " << escape(cell) << " |";
    out << "\n";
    if (r == 0) {
      out << "|";
      for (std::size_t c = 0; c < rows[r].size(); ++c) out << (c == 0 ? ":---|" : "---:|");
      out << "\n";
    }
  }
  return out.str();
}

/// The table as CSV (RFC 4180: every cell quoted, quotes doubled).
inline std::string to_csv(const table_one& t) {
  std::ostringstream out;
  for (const auto& row : table_one_cells(t)) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string cell = row[c];
      for (std::size_t at = cell.find('"'); at != std::string::npos; at = cell.find('"', at + 2)) cell.insert(at, 1, '"');
      out << (c ? "," : "") << '"' << cell << '"';
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace nomo::stats
