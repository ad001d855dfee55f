#pragma once
// Bootstrap row numbers saved by R (or any program) in a CSV file, as an index plan: the way to
// feed nomo exactly the samples an rms run drew, e.g. from
//   set.seed(1); idx <- sapply(1:B, function(i) sample(n, replace = TRUE))
//   write.csv(idx, "indices.csv", row.names = FALSE)

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"
#include "nomo/resample/bootstrap.hpp"

namespace nomo::resample {

/// How the file lays out the row numbers.
struct index_file_options {
  /// true: one column per replicate, n rows (R's write.csv of the sapply matrix above);
  /// false: one line per replicate (e.g. write.table(t(idx), sep = ",", row.names = FALSE,
  /// col.names = FALSE)).
  bool replicates_in_columns = true;
  row_numbering numbering = row_numbering::one_based;  ///< R's row numbers start at 1
  char delimiter = ',';

  /// Throws invalid_input for an unknown numbering (the delimiter is checked as csv_options' is).
  void validate() const {
    check_enum("resample::index_file_options::validate", "numbering", numbering,
               {row_numbering::one_based, row_numbering::zero_based}, "row_numbering", "one_based or zero_based");
  }
};

namespace detail {

/// Whether the first line of the CSV text is a header: some cell of it is not a number (R's
/// write.csv writes "V1","V2",...; write.table with col.names = FALSE writes none).
inline bool has_header(const std::string& text, char delimiter) {
  const std::string first = text.substr(0, text.find_first_of("\r\n"));
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(first.find(delimiter, start), first.size());
    const std::string_view cell = io::detail::trim(std::string_view(first).substr(start, end - start));
    double value = 0;
    if (!io::detail::parse_number(cell, value)) return true;
    if (end == first.size()) return false;
    start = end + 1;
  }
}

/// The text with a header line V1, V2, ... added when it has none, so that read as a table every
/// line of numbers is a row.
inline std::string with_header(const std::string& text, char delimiter) {
  if (has_header(text, delimiter)) return text;
  const std::string first = text.substr(0, text.find_first_of("\r\n"));
  std::string header;
  const auto cells = static_cast<std::size_t>(std::count(first.begin(), first.end(), delimiter)) + 1;
  for (std::size_t k = 1; k <= cells; ++k) header += (k > 1 ? std::string(1, delimiter) : "") + "V" + std::to_string(k);
  return header + "\n" + text;
}

}  // namespace detail

/// Reads a CSV file of bootstrap row numbers (header line optional) into a plan for data of
/// `n_rows` rows. With `replicates_in_columns` the file holds n_rows lines of B numbers; otherwise
/// B lines of n_rows numbers.
/// Throws invalid_input: invalid options, a file that cannot be read or holds no numbers, a number
/// of row numbers per replicate other than n_rows, or a cell that is missing, not a number, not an
/// integer or out of range (naming the file, its line and field, and the cell).
inline index_plan read_index_plan(const std::string& path, Eigen::Index n_rows, const index_file_options& options = {}) {
  constexpr const char* fn = "resample::read_index_plan";
  options.validate();
  std::string text = io::detail::read_file(path, fn);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte-order mark is not a header
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail_input(fn, "path", path, "holds no row numbers");
  io::csv_options csv;
  csv.delimiter = options.delimiter;
  const bool header = detail::has_header(text, options.delimiter);
  const io::table table = io::parse_csv(header ? text : detail::with_header(text, options.delimiter), csv, path);
  if (table.rows() == 0) fail_input(fn, "path", path, "holds no row numbers (only a header line)");
  const auto subjects = static_cast<Eigen::Index>(options.replicates_in_columns ? table.rows() : table.columns.size());
  if (subjects != n_rows) {
    fail_input(fn, "n_rows", n_rows,
               "differs from the " + std::to_string(subjects) + " row numbers per replicate in " + path +
                   (options.replicates_in_columns ? " (lines)" : " (fields per line)"));
  }
  const double base = options.numbering == row_numbering::one_based ? 1.0 : 0.0;
  Eigen::MatrixXd numbers(static_cast<Eigen::Index>(table.rows()), static_cast<Eigen::Index>(table.columns.size()));
  for (std::size_t j = 0; j < table.columns.size(); ++j) {
    const io::column& c = table.columns[j];
    for (std::size_t i = 0; i < c.size(); ++i) {
      // A column with a text cell is read as labels: its other cells are still numbers.
      double v = c.is_numeric() ? c.numbers[i] : std::numeric_limits<double>::quiet_NaN();
      const bool label = !c.is_numeric() && !c.missing[i] && !io::detail::parse_number(c.labels[i], v);
      if (c.missing[i] || label || !(v >= base && v < base + static_cast<double>(n_rows)) || v != std::floor(v)) {
        // The file's own line and field: line numbers count the header when the file has one.
        const std::string where = path + " line " + std::to_string(table.lines[i] - (header ? 0 : 1)) + ", field " +
                                  std::to_string(j + 1);
        const std::string why = "is not a row number in [" + nomo::detail::describe(base) + ", " +
                                nomo::detail::describe(base + static_cast<double>(n_rows) - 1) + "]";
        if (c.missing[i]) fail_input(fn, where, "NA or empty", why);
        if (label) fail_input(fn, where, c.labels[i], why);
        fail_input(fn, where, v, why);
      }
      numbers(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
    }
  }
  return plan_from_indices(options.replicates_in_columns ? Eigen::MatrixXd(numbers) : Eigen::MatrixXd(numbers.transpose()),
                           n_rows, options.numbering);
}

}  // namespace nomo::resample
