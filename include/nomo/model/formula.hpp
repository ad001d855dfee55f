#pragma once
// A model_spec from the R formula an rms user would write:
//   parse_model("recurrence ~ rcs(bmk, 4) + age + sex + cut(gtv_cc, c(-Inf, 6, 28, Inf), right = FALSE)")
//
// Terms understood (everything else is an error naming the position):
//   name                         variable(name): continuous if the column is numeric, categorical if labels
//   `name with spaces`           the same, for column names that are not R identifiers
//   rcs(name) / rcs(name, k)     rcs(name, k) (k = 5 as rms' default) or rcs(name, c(t1, t2, ...))
//   factor(name) / catg(name)    categorical(name); factor(name, levels = c("a", "b")) fixes the order
//   relevel(name, "ref")         categorical(name) with that reference (R: relevel(factor(x), ref))
//   cut(name, c(-Inf, a, b, Inf)[, right = TRUE|FALSE])
//                                cut(name, {a, b}); right defaults to TRUE as in R, so the intervals
//                                are (a,b] unless right = FALSE. The outer breaks must be -Inf and
//                                Inf: nomo has no "outside the breaks" (R gives NA there).
//   y ~ 1                        no terms (intercept only); a 1 among terms (y ~ 1 + x) is the
//                                intercept written out, as R allows. 0 or - 1 (no intercept) is refused.
// The outcome is a column name; for a label outcome set model_spec::event_level afterwards.

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/model/spec.hpp"

namespace nomo::model {

namespace detail {

/// A recursive-descent reader of the formula text; every error names the formula and a position.
class formula_reader {
 public:
  explicit formula_reader(std::string_view text) : text_(text) {}

  model_spec read() {
    model_spec spec;
    spec.outcome = name();
    expect('~');
    do {
      if (!intercept()) spec.terms.push_back(term());
    } while (accept('+'));
    skip_blanks();
    if (pos_ < text_.size()) {
      fail(peek() == '-' ? "removing terms or the intercept (-) is not supported" : "expected '+' or the end of the formula");
    }
    return spec;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    fail_input("model::parse_model", "formula", std::string(text_), "at position " + std::to_string(pos_) + ": " + problem);
  }

  [[noreturn]] void fail_at(std::size_t position, const std::string& problem) {
    pos_ = position;
    fail(problem);
  }

  void skip_blanks() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  char peek() {
    skip_blanks();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }

  /// Reads a 1 standing for the intercept (R: y ~ 1, y ~ 1 + x); refuses 0, a model without one.
  bool intercept() {
    const char c = peek();
    if (c != '0' && c != '1') return false;
    if (pos_ + 1 < text_.size() && identifier_char(text_[pos_ + 1])) return false;  // a name such as 1st_dose
    if (c == '0') fail("a model without an intercept (0) is not supported");
    ++pos_;
    return true;
  }

  static bool identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  }

  /// An R name: identifier characters, or anything between backquotes.
  std::string name() {
    if (accept('`')) {
      const std::size_t end = text_.find('`', pos_);
      if (end == std::string_view::npos) fail("backquoted name never closed");
      std::string n(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return n;
    }
    skip_blanks();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && identifier_char(text_[pos_])) ++pos_;
    if (pos_ == start) fail("expected a column name");
    return std::string(text_.substr(start, pos_ - start));
  }

  term_spec term() {
    const std::size_t start = pos_;
    const std::string first = name();
    if (first == ".") fail_at(start, "'.' (every other column) is not supported: list the terms");
    if (!accept('(')) return variable(first);
    const std::string column = name();
    term_spec t = call(first, column, start);
    expect(')');
    return t;
  }

  term_spec call(const std::string& function, const std::string& column, std::size_t start) {
    if (function == "rcs") {
      if (!accept(',')) return rcs(column);
      if (peek() == 'c') return rcs(column, vector());
      return rcs(column, knot_count());
    }
    if (function == "factor" || function == "catg") {
      std::vector<std::string> levels;
      if (accept(',')) {
        keyword("levels");
        levels = strings();
      }
      return categorical(column, levels);
    }
    if (function == "relevel") {
      expect(',');
      keyword_optional("ref");
      return categorical(column, {}, string());
    }
    if (function == "cut") return cut_term(column);
    pos_ = start;
    fail("unknown function '" + function + "' (known: rcs, factor, catg, relevel, cut)");
  }

  term_spec cut_term(const std::string& column) {
    expect(',');
    keyword_optional("breaks");
    std::vector<double> breaks = vector();
    interval_closure closure = interval_closure::right_closed;  // R's cut(right = TRUE)
    if (accept(',')) {
      keyword("right");
      closure = boolean() ? interval_closure::right_closed : interval_closure::left_closed;
    }
    if (breaks.size() < 3 || breaks.front() != -std::numeric_limits<double>::infinity() ||
        breaks.back() != std::numeric_limits<double>::infinity()) {
      fail("cut breaks must run from -Inf to Inf with at least one cut point between");
    }
    return cut(column, std::vector<double>(breaks.begin() + 1, breaks.end() - 1), {}, closure);
  }

  /// `word =` required.
  void keyword(const char* word) {
    if (name() != word) fail(std::string("expected '") + word + " ='");
    expect('=');
  }

  /// `word =` allowed before a positional argument.
  void keyword_optional(const char* word) {
    const std::size_t start = pos_;
    skip_blanks();
    const std::size_t at = pos_;
    while (pos_ < text_.size() && identifier_char(text_[pos_])) ++pos_;
    if (text_.substr(at, pos_ - at) == word && accept('=')) return;
    pos_ = start;
  }

  bool boolean() {
    const std::string word = name();
    if (word == "TRUE" || word == "T") return true;
    if (word == "FALSE" || word == "F") return false;
    fail("expected TRUE or FALSE");
  }

  double number() {
    skip_blanks();
    const bool negative = accept('-');
    skip_blanks();
    if (text_.substr(pos_, 3) == "Inf") {
      pos_ += 3;
      return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    const std::string rest(text_.substr(pos_));
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(rest.c_str(), &end);
    if (end == rest.c_str()) fail("expected a number");
    // R reads a literal beyond the largest double as Inf; in a formula that is a typo to report.
    const auto used = static_cast<std::size_t>(end - rest.c_str());
    if (errno == ERANGE && std::isinf(value)) fail("the number " + rest.substr(0, used) + " overflows double");
    pos_ += used;
    return negative ? -value : value;
  }

  /// rcs(x, k): a whole number of knots that fits an int, so that the spec holds it as written
  /// (model_spec::validate then refuses fewer than 3).
  int knot_count() {
    skip_blanks();
    const std::size_t start = pos_;
    const double value = number();
    const std::string written(text_.substr(start, pos_ - start));
    if (value != std::floor(value) || !std::isfinite(value)) fail_at(start, "expected a whole number of knots");
    if (std::fabs(value) > std::numeric_limits<int>::max()) {
      fail_at(start, "the number of knots " + written + " is too large in magnitude (at most " +
                         std::to_string(std::numeric_limits<int>::max()) + ")");
    }
    return static_cast<int>(value);
  }

  std::string string() {
    const char quote = peek();
    if (quote != '"' && quote != '\'') fail("expected a quoted level");
    const std::size_t end = text_.find(quote, ++pos_);
    if (end == std::string_view::npos) fail("quoted level never closed");
    std::string s(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }

  /// c(a, b, ...) of numbers.
  std::vector<double> vector() {
    if (name() != "c") fail("expected c(...)");
    expect('(');
    std::vector<double> values{number()};
    while (accept(',')) values.push_back(number());
    expect(')');
    return values;
  }

  /// c("a", "b", ...) of quoted levels.
  std::vector<std::string> strings() {
    if (name() != "c") fail("expected c(...)");
    expect('(');
    std::vector<std::string> values{string()};
    while (accept(',')) values.push_back(string());
    expect(')');
    return values;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace detail

/// The model_spec of an R formula (see the header comment for the terms understood), as rms'
/// lrm(formula) would read it. The spec is validated (model_spec::validate).
/// Throws invalid_input naming the formula and the position: syntax errors, unknown functions,
/// cut breaks not from -Inf to Inf, a number beyond the largest double (R would read Inf), an rcs
/// knot count beyond int (named as written), and everything model_spec::validate refuses.
inline model_spec parse_model(std::string_view formula) {
  model_spec spec = detail::formula_reader(formula).read();
  spec.validate();
  return spec;
}

}  // namespace nomo::model
