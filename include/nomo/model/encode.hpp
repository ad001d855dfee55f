#pragma once
// Turning one value of a predictor into the design columns of its frozen term: the same encoding
// the model frame used when the model was fitted, so that prediction rows, nomogram axes and
// effect curves line up with the coefficients.

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/model/levels.hpp"
#include "nomo/model/term.hpp"
#include "nomo/spline/rcs.hpp"

namespace nomo::model {

/// Finds the level index (0 = reference) of a value of a categorical, binary or cut term. Numbers
/// are looked up by their R name ("70", "0.5"); the names of numbers already seen are remembered,
/// so a finder must not be shared between threads.
class level_finder {
 public:
  explicit level_finder(const term& t) : term_(t) {}

  std::optional<std::size_t> find(std::string_view level) const {
    // Terms have few levels: a scan beats hashing a string.
    for (std::size_t k = 0; k < term_.levels.size(); ++k)
      if (term_.levels[k] == level) return k;
    return std::nullopt;
  }

  std::optional<std::size_t> find(double value) const {
    if (term_.kind == term_kind::cut) return detail::interval_index(term_.cut_points, term_.closure, value);
    const auto seen = by_number_.find(value);
    if (seen != by_number_.end()) return seen->second;
    const auto level = find(r_number_text(value));
    if (level) by_number_.emplace(value, *level);
    return level;
  }

  /// "{A, B, C}" for messages.
  std::string levels_text() const {
    std::string known;
    for (const auto& l : term_.levels) known += (known.empty() ? "" : ", ") + l;
    return "{" + known + "}";
  }

 private:
  const term& term_;
  mutable std::unordered_map<double, std::size_t> by_number_;
};

/// Encodes values of one frozen term into its design columns, without allocating per value. The
/// term must outlive the encoder, which must not be shared between threads. Errors name `function`
/// and the text `origin()` returns (built only when there is an error).
class term_encoder {
 public:
  /// Throws invalid_input: a term whose fields do not fit its kind (levels, knots, columns).
  explicit term_encoder(const term& t) : term_(t), levels_(t) {
    if (t.kind == term_kind::rcs) spline_.emplace(t.knots);
    const std::size_t expected = t.kind == term_kind::continuous ? 1
                                 : t.kind == term_kind::rcs      ? spline_->columns()
                                 : t.levels.empty()              ? 0
                                                                 : t.levels.size() - 1;
    if (expected == 0 || t.columns.size() != expected || t.column_names.size() != expected) {
      fail_input("model::term_encoder", "term(\"" + t.name + "\").columns.size()", t.columns.size(),
                 "does not fit the term's kind, levels or knots (expected " + std::to_string(expected) + ")");
    }
    if (t.kind == term_kind::cut && t.cut_points.size() + 1 != t.levels.size()) {
      fail_input("model::term_encoder", "term(\"" + t.name + "\").cut_points.size()", t.cut_points.size(),
                 "must be levels.size() - 1");
    }
  }

  std::size_t columns() const { return term_.columns.size(); }

  /// Writes columns() values for the number `value` to `out`. Categorical and binary terms look the
  /// number up among their levels by its R name. Throws invalid_input (from `function`, naming
  /// origin()) for a non-finite value, an unknown level, or an rcs value whose basis overflows.
  template <class Origin>
  void write(double value, double* out, std::string_view function, const Origin& origin) const {
    if (!std::isfinite(value)) fail_input(function, origin(), value, "must be finite (term \"" + term_.name + "\")");
    if (term_.kind == term_kind::continuous) {
      out[0] = value;
    } else if (term_.kind == term_kind::rcs) {
      spline_->row(value, out);
      if (!spline::detail::basis_row_finite(out)) {
        fail_input(function, origin(), value,
                   "its spline basis (cubes of its distance above the knots) overflows double (term \"" + term_.name + "\")");
      }
    } else {
      write_indicator(checked(levels_.find(value), r_number_text(value), function, origin), out);
    }
  }

  /// Writes columns() values for the level `level` of a categorical, binary or cut term to `out`.
  template <class Origin>
  void write(std::string_view level, double* out, std::string_view function, const Origin& origin) const {
    if (term_.kind == term_kind::continuous || term_.kind == term_kind::rcs) {
      fail_input(function, origin(), std::string(level), "term \"" + term_.name + "\" is numeric: give a number");
    }
    write_indicator(checked(levels_.find(level), level, function, origin), out);
  }

 private:
  template <class Origin>
  std::size_t checked(std::optional<std::size_t> level, std::string_view text, std::string_view function,
                      const Origin& origin) const {
    if (!level) {
      fail_input(function, origin(), std::string(text),
                 "unknown level of term \"" + term_.name + "\"; its levels are " + levels_.levels_text());
    }
    return *level;
  }

  /// Level 0 is the reference (all columns 0); level k sets column k - 1.
  void write_indicator(std::size_t level, double* out) const {
    for (std::size_t j = 0; j < columns(); ++j) out[j] = 0;
    if (level > 0) out[level - 1] = 1;
  }

  const term& term_;
  level_finder levels_;
  std::optional<spline::rcs_spline_basis<double>> spline_;
};

/// The design columns of `t` for one number: what rms' predictrms puts in a row for that value
/// (rcs basis, cut interval indicator, or the level indicator of a numeric category).
/// Throws invalid_input: non-finite value, a number that is not a level of a categorical term.
inline Eigen::RowVectorXd encode(const term& t, double value) {
  const term_encoder encoder(t);
  Eigen::RowVectorXd row(static_cast<Eigen::Index>(encoder.columns()));
  encoder.write(value, row.data(), "model::encode", [] { return std::string("value"); });
  return row;
}

/// The design columns of `t` for one level (categorical, binary, cut by its interval label).
/// Throws invalid_input: a level the term does not have, or a numeric (continuous/rcs) term.
inline Eigen::RowVectorXd encode(const term& t, std::string_view level) {
  const term_encoder encoder(t);
  Eigen::RowVectorXd row(static_cast<Eigen::Index>(encoder.columns()));
  encoder.write(level, row.data(), "model::encode", [] { return std::string("level"); });
  return row;
}

}  // namespace nomo::model
