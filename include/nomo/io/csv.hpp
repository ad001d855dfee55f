#pragma once
// Cohort tables: named columns read from CSV (RFC 4180), each either numeric or label.
//
// What R's read.csv(stringsAsFactors = FALSE) does, with these deliberate differences, all chosen so
// that a malformed cohort fails loudly instead of being read differently from what the user meant:
//  * an empty cell is missing in label columns too (read.csv keeps "" as a string there);
//  * a header with an empty or repeated name is an error (read.csv invents "X" / "x.1" names);
//  * a row with too few or too many fields is an error (read.csv pads or wraps rows);
//  * TRUE/FALSE columns stay labels (read.csv makes them logical; a model term treats both alike);
//  * whitespace around unquoted cells is trimmed by default, as read.csv does only with
//    strip.white = TRUE (its default keeps " b" and "b" apart; set trim_whitespace = false for that);
//  * column names are kept as written ("my var", "1x", "a-b"), where check.names makes them
//    "my.var", "X1x", "a.b": a formula names them as written (backquoted when not an R name).
// Like read.csv, a number beyond double's range ("1e400", "-1e400") is read as Inf / -Inf and one
// too small for a subnormal ("1e-400") as 0, so the column stays numeric; model frames then refuse
// the infinite values, naming the row.
// Every error is a nomo::invalid_input naming the source (file path or "<string>"), the line and
// the column.

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "nomo/core/error.hpp"

namespace nomo::io {

/// How a column's cells are held.
enum class column_type {
  numeric,  ///< every non-missing cell is a number (R numeric); `numbers` holds them
  label     ///< text (R character / factor); `labels` holds it
};

/// One column of a cohort table. Exactly one of `numbers` / `labels` is filled, by `type`.
struct column {
  std::string name;
  column_type type = column_type::numeric;
  std::vector<double> numbers;      ///< numeric: the values, NaN where missing
  std::vector<std::string> labels;  ///< label: the text, "" where missing
  std::vector<bool> missing;        ///< true where the cell was missing (NA, empty, NaN)

  std::size_t size() const { return missing.size(); }
  bool is_numeric() const { return type == column_type::numeric; }
};

/// A numeric column from values; NaN marks a missing value (like NA in R).
inline column numeric_column(std::string name, std::vector<double> values) {
  column c{std::move(name), column_type::numeric, std::move(values), {}, {}};
  c.missing.resize(c.numbers.size());
  for (std::size_t i = 0; i < c.numbers.size(); ++i) c.missing[i] = std::isnan(c.numbers[i]);
  return c;
}

/// A label column from text; an empty string marks a missing value.
inline column label_column(std::string name, std::vector<std::string> values) {
  column c{std::move(name), column_type::label, {}, std::move(values), {}};
  c.missing.resize(c.labels.size());
  for (std::size_t i = 0; i < c.labels.size(); ++i) c.missing[i] = c.labels[i].empty();
  return c;
}

/// A cohort: equally long named columns. Rows are numbered from 0; `lines` (when the table came
/// from CSV) gives the source line of each row so that later errors can point into the file.
struct table {
  std::string source = "<table>";  ///< file path, "<string>", or "<table>" when built in code
  std::vector<column> columns;
  std::vector<std::size_t> lines;  ///< 1-based source line where each row starts (header = line 1)

  std::size_t rows() const { return columns.empty() ? lines.size() : columns.front().size(); }

  bool has(std::string_view name) const { return find(name) != nullptr; }

  /// The column called `name`; invalid_input listing the available names when there is none.
  const column& at(std::string_view name) const {
    if (const column* c = find(name)) return *c;
    fail_input("io::table::at", "name", std::string(name), "no such column in " + source + "; columns are " + names_text());
  }

  /// Appends a column; invalid_input if its name is taken or its length differs from the others.
  void add(column c) {
    if (has(c.name)) fail_input("io::table::add", "column.name", c.name, "a column of that name already exists");
    if (!columns.empty() && c.size() != rows()) {
      fail_input("io::table::add", "column(\"" + c.name + "\").size()", c.size(),
                 "must equal the table's row count " + std::to_string(rows()));
    }
    columns.push_back(std::move(c));
  }

  /// Throws invalid_input from `function`, naming its table `argument`, when a column's type is
  /// not a column_type or its cells do not number rows(): its `missing` flags or its values
  /// (numbers or labels, by type). read_csv and add() keep tables rectangular; a table whose public
  /// `columns` were filled directly may not be, and code that reads it row by row would run past a
  /// shorter column's end.
  void check_rectangular(std::string_view function, std::string_view argument) const {
    for (const column& c : columns) {
      const std::string name = std::string(argument) + " column(\"" + c.name + "\")";
      check_enum(function, name + ".type", c.type, {column_type::numeric, column_type::label}, "column_type",
                 "numeric or label");
      const std::size_t values = c.is_numeric() ? c.numbers.size() : c.labels.size();
      if (c.missing.size() != rows()) {
        fail_input(function, name + ".size()", c.missing.size(), "must equal the table's row count " + std::to_string(rows()));
      }
      if (values != rows()) {
        fail_input(function, name + (c.is_numeric() ? ".numbers" : ".labels") + ".size()", values,
                   "must equal the table's row count " + std::to_string(rows()));
      }
    }
  }

  /// "row 4 (cohort.csv line 6)" — where a 0-based row came from, for error messages.
  std::string row_origin(std::size_t row) const {
    std::string text = "row " + std::to_string(row);
    if (row < lines.size()) text += " (" + source + " line " + std::to_string(lines[row]) + ")";
    return text;
  }

  /// `column "age" row 4 (cohort.csv line 6)` — where a cell came from, for error messages.
  std::string cell_origin(std::string_view column, std::size_t row) const {
    return "column \"" + std::string(column) + "\" " + row_origin(row);
  }

  std::string names_text() const {
    std::string text;
    for (const auto& c : columns) text += (text.empty() ? "" : ", ") + c.name;
    return "{" + text + "}";
  }

 private:
  const column* find(std::string_view name) const {
    for (const auto& c : columns)
      if (c.name == name) return &c;
    return nullptr;
  }
};

/// Options of read_csv / parse_csv.
struct csv_options {
  char delimiter = ',';                           ///< field separator (';' for European exports)
  std::vector<std::string> na_strings = {"NA"};   ///< cells read as missing; empty cells always are
  std::vector<std::string> label_columns;         ///< read as labels even when every cell is a number
  std::vector<std::string> numeric_columns;       ///< must be numeric: a non-number cell is an error
  bool trim_whitespace = true;                    ///< strip blanks around unquoted cells
  /// Decimal mark of numbers: ',' reads "1,5" as 1.5 (R's read.csv2 / dec = ","; "1.5" is then
  /// text), for European exports, which come with delimiter ';'.
  char decimal_mark = '.';

  /// Throws invalid_input when the delimiter cannot separate fields, the decimal mark is not '.' or
  /// ',' or equals the delimiter, or a column is forced both ways.
  void validate() const {
    constexpr const char* fn = "io::csv_options::validate";
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      fail_input(fn, "delimiter", std::string(1, delimiter), "cannot be a quote or line break");
    }
    if (decimal_mark != '.' && decimal_mark != ',') fail_input(fn, "decimal_mark", std::string(1, decimal_mark), "must be '.' or ','");
    if (decimal_mark == delimiter) {
      fail_input(fn, "delimiter", std::string(1, delimiter),
                 "equals decimal_mark (European exports: delimiter ';' with decimal_mark ',')");
    }
    for (const auto& name : label_columns) {
      if (std::find(numeric_columns.begin(), numeric_columns.end(), name) != numeric_columns.end()) {
        fail_input(fn, "label_columns", name, "is also listed in numeric_columns");
      }
    }
  }
};

namespace detail {

inline std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// Splits CSV text into records of cells (RFC 4180: quoted fields may hold delimiters, line breaks
/// and doubled quotes; records end at LF, CRLF or CR). Blank lines are skipped, like read.csv's
/// blank.lines.skip. Unquoted cells are trimmed when `trim_unquoted`. The cells view `text` or
/// strings the splitter keeps until the next record.
class csv_splitter {
 public:
  csv_splitter(std::string_view text, char delimiter, bool trim_unquoted, std::string_view function,
               std::string_view source)
      : text_(text), delimiter_(delimiter), trim_(trim_unquoted), function_(function), source_(source) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte-order mark from Excel exports
  }

  /// Reads the next record and the line it starts on; false at the end of the text.
  bool next(std::vector<std::string_view>& record, std::size_t& record_line) {
    while (pos_ < text_.size() && at_line_break()) skip_line_break();  // blank lines
    if (pos_ >= text_.size()) return false;
    record.clear();
    owned_.clear();  // the previous record's cells have been used
    record_line = line_;
    for (;;) {
      record.push_back(read_field(record.size()));
      if (pos_ >= text_.size()) return true;
      if (at_line_break()) {
        skip_line_break();
        return true;
      }
      ++pos_;  // the delimiter
    }
  }

 private:
  bool at_line_break() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }
  /// A blank around a quoted field: space or tab, unless it is the delimiter (tab- or
  /// space-separated files).
  bool is_blank(char c) const { return (c == ' ' || c == '\t') && c != delimiter_; }

  void skip_line_break() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  std::string where(std::size_t line, std::size_t field) const {
    return source_ + " line " + std::to_string(line) + ", field " + std::to_string(field + 1);
  }

  std::string_view read_field(std::size_t field) {
    std::size_t p = pos_;
    while (p < text_.size() && is_blank(text_[p])) ++p;
    if (p < text_.size() && text_[p] == '"') {
      pos_ = p;
      return read_quoted(field);
    }
    const std::size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (c == delimiter_ || c == '\n' || c == '\r') break;
      if (c == '"') {
        fail_input(function_, where(line_, field), std::string(text_.substr(start, pos_ - start + 1)),
                   "a quote inside an unquoted field; quote the whole field and double inner quotes (\"\")");
      }
    }
    const std::string_view cell = text_.substr(start, pos_ - start);
    return trim_ ? trim(cell) : cell;
  }

  std::string_view read_quoted(std::size_t field) {
    const std::size_t opening_line = line_;
    const std::size_t start = ++pos_;  // after the opening quote
    bool copied = false;               // the cell differs from its text (doubled quotes)
    std::string content;
    for (;;) {
      if (pos_ >= text_.size()) {
        fail_input(function_, where(opening_line, field), std::string(text_.substr(start, 40)), "quoted field never closed");
      }
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          if (!copied) content.assign(text_.substr(start, pos_ - start));  // up to and including one quote
          else content += '"';
          copied = true;
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
      if (copied) content += c;
    }
    const std::size_t end = pos_ - 1;  // the closing quote
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != delimiter_ && !at_line_break()) {
      fail_input(function_, where(line_, field), std::string(1, text_[pos_]),
                 "unexpected character after the closing quote of a field");
    }
    if (!copied) return text_.substr(start, end - start);
    owned_.push_back(std::move(content));
    return owned_.back();
  }

  std::string_view text_;
  char delimiter_;
  bool trim_;
  std::string function_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::deque<std::string> owned_;  // cells rewritten from doubled quotes; a deque never moves them
};

/// Whether an unsigned number that from_chars found out of range is at least 1 in magnitude (so
/// it overflowed) rather than below the smallest subnormal (so it underflowed): the power of its
/// first non-zero digit plus its written exponent is not negative. Decimal numbers count powers of
/// ten (exponent after e); hexadecimal ones (`hex`, digits after "0x") powers of two, 4 per digit
/// (exponent after p).
inline bool overflows(std::string_view s, bool hex = false) {
  const std::size_t e = std::min(s.find_first_of(hex ? "pP" : "eE"), s.size());
  long long exponent = 0;
  if (e < s.size()) {
    std::string_view written = s.substr(e + 1);
    if (!written.empty() && written.front() == '+') written.remove_prefix(1);
    const auto result = std::from_chars(written.data(), written.data() + written.size(), exponent);
    if (result.ec != std::errc()) return written.front() != '-';  // beyond long long: its sign decides
  }
  const std::string_view mantissa = s.substr(0, e);
  const auto point = static_cast<long long>(std::min(mantissa.find('.'), mantissa.size()));
  const auto first = static_cast<long long>(mantissa.find_first_not_of("0."));
  const long long digit_power = first < point ? point - first - 1 : point - first;
  return exponent + (hex ? 4 : 1) * digit_power >= 0;
}

/// Parses a whole cell as a number the way R's type.convert accepts it: decimal or exponent
/// notation with `decimal_mark` as the decimal point, hexadecimal ("0x1A", "0x1p3" with a binary
/// exponent), an optional sign, Inf/-Inf/NaN, with blanks around it (a quoted " 12 " is 12). A
/// number beyond double's range becomes ±Inf and one below its smallest subnormal 0, as R reads
/// them. Returns false when the text is not a number. Unlike R, "1e", "1e+" or "0x1p" (an exponent
/// without digits) is not read as a number, nor is a hexadecimal fraction without a binary
/// exponent: R reads "0x1.8" as 24, dropping the point, where C reads 1.5; "0x1.8p0" is 1.5 in both.
inline bool parse_number(std::string_view s, double& value, char decimal_mark = '.') {
  const auto first = s.find_first_not_of(" \t\n\r\f\v");
  if (first == std::string_view::npos) return false;
  s = s.substr(first, s.find_last_not_of(" \t\n\r\f\v") - first + 1);
  bool negative = false;
  if (s.front() == '+' || s.front() == '-') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '+' || s.front() == '-') return false;
  if (s.size() > 3 && (s[0] == 'n' || s[0] == 'N') && s[3] == '(') return false;  // C's "nan(…)", text to R
  const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (hex) {
    s.remove_prefix(2);
    if (!std::isxdigit(static_cast<unsigned char>(s.front())) && s.front() != decimal_mark) return false;  // not "0xinf"
    const bool has_fraction = s.find(decimal_mark) != std::string_view::npos;
    if (has_fraction && s.find_first_of("pP") == std::string_view::npos) return false;  // R and C disagree
  }
  std::string swapped;  // the cell with a decimal comma made a point
  if (decimal_mark != '.') {
    if (s.find('.') != std::string_view::npos) return false;
    swapped.assign(s);
    std::replace(swapped.begin(), swapped.end(), decimal_mark, '.');
    s = swapped;
  }
  const auto result = std::from_chars(s.data(), s.data() + s.size(), value, hex ? std::chars_format::hex : std::chars_format::general);
  if (result.ptr != s.data() + s.size()) return false;
  if (result.ec == std::errc::result_out_of_range) {
    value = overflows(s, hex) ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (result.ec != std::errc()) {
    return false;
  }
  if (negative) value = -value;
  return true;
}

inline bool listed(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// One column as the rows stream in: numbers while every non-missing cell is one (and the column
/// is not forced to be labels), labels from the first cell that is not. Reading straight into the
/// typed storage keeps memory (and page faults) to what the table holds.
class column_reader {
 public:
  column_reader(std::string name, const csv_options& options, std::size_t expected_rows)
      : name_(std::move(name)),
        options_(options),
        force_numeric_(listed(options.numeric_columns, name_)),
        numeric_(!listed(options.label_columns, name_)) {
    if (numeric_) numbers_.reserve(expected_rows);  // reserving touches no memory until used
    else labels_.reserve(expected_rows);
  }

  /// Adds the cell of the next row (`line` for messages).
  void add(std::string_view cell, std::size_t line, std::string_view function, const std::string& source) {
    const bool missing = is_missing(cell);
    double value = std::numeric_limits<double>::quiet_NaN();
    // A blank cell ("  ") is missing in a numeric column, as type.convert makes it; text in a label one.
    const bool blank = !missing && cell.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos;
    if (numeric_ && (missing || blank || parse_number(cell, value, options_.decimal_mark))) {
      missing_.push_back(missing || blank || std::isnan(value));
      numbers_.push_back(value);
      return;
    }
    if (numeric_) switch_to_labels(cell, line, function, source);
    missing_.push_back(missing);
    labels_.emplace_back(missing ? std::string_view() : cell);
  }

  /// Rows before the switch to labels whose text must be read again (0 when none).
  std::size_t rows_to_reread() const { return numeric_ ? 0 : reread_; }

  /// Sets the label of an earlier row from its cell, read again. A "NaN" cell, missing while the
  /// column was numeric, is text in a label column (as read.csv keeps it).
  void reread(std::size_t row, std::string_view cell) {
    missing_[row] = is_missing(cell);
    if (!missing_[row]) labels_[row] = std::string(cell);
  }

  column finish() {
    if (numeric_) return column{name_, column_type::numeric, std::move(numbers_), {}, std::move(missing_)};
    return column{name_, column_type::label, {}, std::move(labels_), std::move(missing_)};
  }

 private:
  /// An empty cell or one of the NA strings (a "NaN" cell is missing only in a numeric column).
  bool is_missing(std::string_view cell) const { return cell.empty() || listed(options_.na_strings, cell); }

  void switch_to_labels(std::string_view cell, std::size_t line, std::string_view function, const std::string& source) {
    if (force_numeric_) {
      fail_input(function, source + " line " + std::to_string(line) + ", column \"" + name_ + "\"", std::string(cell),
                 "not a number, but the column is listed in csv_options::numeric_columns");
    }
    numeric_ = false;
    reread_ = numbers_.size();
    labels_.reserve(numbers_.capacity());
    labels_.resize(reread_);  // filled by reread()
    std::vector<double>().swap(numbers_);
  }

  std::string name_;
  const csv_options& options_;
  bool force_numeric_;
  bool numeric_;
  std::size_t reread_ = 0;
  std::vector<double> numbers_;
  std::vector<std::string> labels_;
  std::vector<bool> missing_;
};

inline std::vector<std::string> read_header(csv_splitter& splitter, std::string_view function,
                                            const std::string& source) {
  std::vector<std::string_view> record;
  std::size_t line = 0;
  if (!splitter.next(record, line)) fail_input(function, "source", source, "is empty: a header row is required");
  std::vector<std::string> names;
  for (std::size_t j = 0; j < record.size(); ++j) {
    const std::string name(trim(record[j]));
    const std::string where = source + " line " + std::to_string(line) + ", header field " + std::to_string(j + 1);
    if (name.empty()) {
      fail_input(function, where, name,
                 "empty column name (a CSV written by R's write.csv needs row.names = FALSE)");
    }
    if (listed(names, name)) fail_input(function, where, name, "column name repeated in the header");
    names.push_back(name);
  }
  return names;
}

inline void check_listed_columns_exist(const std::vector<std::string>& names, const csv_options& options,
                                       std::string_view function, const std::string& source) {
  for (const auto* list : {&options.label_columns, &options.numeric_columns}) {
    for (const auto& name : *list) {
      if (!listed(names, name)) {
        fail_input(function, list == &options.label_columns ? "options.label_columns" : "options.numeric_columns",
                   name, "no such column in the header of " + source);
      }
    }
  }
}

/// A column that turned out to hold labels only after some rows were read as numbers needs those
/// rows' text: read the records again up to the last such row (rare: label columns usually show
/// a label in their first row).
inline void reread_label_prefixes(std::string_view text, const csv_options& options, std::string_view function,
                                  const std::string& source, std::vector<column_reader>& readers) {
  std::size_t rows = 0;
  for (const auto& reader : readers) rows = std::max(rows, reader.rows_to_reread());
  if (rows == 0) return;
  csv_splitter splitter(text, options.delimiter, options.trim_whitespace, function, source);
  std::vector<std::string_view> record;
  std::size_t line = 0;
  splitter.next(record, line);  // the header
  for (std::size_t row = 0; row < rows && splitter.next(record, line); ++row) {
    for (std::size_t j = 0; j < readers.size(); ++j)
      if (row < readers[j].rows_to_reread()) readers[j].reread(row, record[j]);
  }
}

inline table parse_csv_impl(std::string_view text, const csv_options& options, std::string_view function,
                            const std::string& source) {
  options.validate();
  csv_splitter splitter(text, options.delimiter, options.trim_whitespace, function, source);
  const std::vector<std::string> names = read_header(splitter, function, source);
  check_listed_columns_exist(names, options, function, source);

  // Line breaks bound the row count: reserving avoids regrowing (and page-faulting) large columns.
  const auto line_breaks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::vector<column_reader> readers;
  for (const auto& name : names) readers.emplace_back(name, options, line_breaks);
  table result;
  result.source = source;
  result.lines.reserve(line_breaks);
  std::vector<std::string_view> record;
  std::size_t line = 0;
  while (splitter.next(record, line)) {
    if (record.size() != names.size()) {
      fail_input(function, source + " line " + std::to_string(line) + " field count", record.size(),
                 "the header has " + std::to_string(names.size()) + " fields");
    }
    for (std::size_t j = 0; j < names.size(); ++j) readers[j].add(record[j], line, function, source);
    result.lines.push_back(line);
  }
  reread_label_prefixes(text, options, function, source, readers);
  for (auto& reader : readers) result.columns.push_back(reader.finish());
  return result;
}

}  // namespace detail

/// Parses CSV text (the file's contents) into a table; `source` names it in error messages.
/// Mirrors R's read.csv(text = text, stringsAsFactors = FALSE) with the differences listed at the
/// top of this header. Throws invalid_input naming the source, line and column of a malformed cell.
inline table parse_csv(std::string_view text, const csv_options& options = {}, std::string source = "<string>") {
  return detail::parse_csv_impl(text, options, "io::parse_csv", source);
}

namespace detail {

/// The whole contents of the file at `path`; throws invalid_input naming `function` and the path
/// when it is a directory or cannot be read.
inline std::string read_file(const std::string& path, std::string_view function) {
  std::error_code not_a_directory;
  if (std::filesystem::is_directory(path, not_a_directory)) fail_input(function, "path", path, "cannot be read: it is a directory");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail_input(function, "path", path, "cannot open the file for reading");
  const std::streamoff size = in.tellg();
  if (size < 0) fail_input(function, "path", path, "cannot be read: its size is unknown");
  std::string contents(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(contents.data(), static_cast<std::streamsize>(contents.size()))) {
    fail_input(function, "path", path, "could not be read to the end");
  }
  return contents;
}

}  // namespace detail

/// Reads a cohort CSV file into a table. Mirrors R's read.csv(path, stringsAsFactors = FALSE) with
/// the differences listed at the top of this header. Throws invalid_input naming the file when it
/// cannot be opened, and the file, line and column of a malformed cell.
inline table read_csv(const std::string& path, const csv_options& options = {}) {
  return detail::parse_csv_impl(detail::read_file(path, "io::read_csv"), options, "io::read_csv", path);
}

}  // namespace nomo::io
