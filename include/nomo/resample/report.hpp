#pragma once
// Printed results of resampling, laid out as rms prints them: print.validate's table of indexes
// (and, after a backward step-down, the factors each replicate kept), and the error summary that
// plot.calibrate prints. Formatted with the standard library, not fmt, so that calibration_plot.hpp
// can share the summary line without making fmt a dependency of the figures.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/io/format.hpp"
#include "nomo/model/levels.hpp"
#include "nomo/resample/calibrate.hpp"
#include "nomo/resample/validate.hpp"

namespace nomo::resample {

namespace detail {

/// `text` padded with blanks to `width`: on the left (right-aligned) or on the right.
inline std::string padded(const std::string& text, std::size_t width, bool align_right) {
  const std::string blanks(width > text.size() ? width - text.size() : 0, ' ');
  return align_right ? blanks + text : text + blanks;
}

/// `value` rounded to `digits` decimals as R's round() gives it, without a negative zero.
inline double rounded(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  const double r = std::round(value * scale) / scale;
  return r == 0 ? 0.0 : r;
}

/// The decimals R's print shows for a rounded value: the fewest (at most `digits`) that write it.
inline int decimals_needed(double value, int digits) {
  for (int d = 0; d < digits; ++d) {
    if (std::stod(io::format_fixed(value, d)) == value) return d;
  }
  return digits;
}

/// A numeric matrix as R's print shows it: row names left-aligned, each column right-aligned to
/// its widest cell or name and written with the decimals its values need (R formats by column).
inline std::string r_matrix_text(const std::vector<std::string>& row_names, const std::vector<std::string>& column_names,
                                 const std::vector<std::vector<double>>& columns) {
  std::vector<std::vector<std::string>> cells(columns.size());
  std::vector<std::size_t> widths(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    int decimals = 0;
    for (const double v : columns[c]) decimals = std::max(decimals, decimals_needed(v, 15));
    widths[c] = column_names[c].size();
    for (const double v : columns[c]) {
      cells[c].push_back(io::format_fixed(v, decimals));
      widths[c] = std::max(widths[c], cells[c].back().size());
    }
  }
  std::size_t name_width = 0;
  for (const auto& name : row_names) name_width = std::max(name_width, name.size());
  std::string out = std::string(name_width, ' ');
  for (std::size_t c = 0; c < columns.size(); ++c) out += " " + padded(column_names[c], widths[c], true);
  out += "\n";
  for (std::size_t r = 0; r < row_names.size(); ++r) {
    out += padded(row_names[r], name_width, false);
    for (std::size_t c = 0; c < columns.size(); ++c) out += " " + padded(cells[c][r], widths[c], true);
    out += "\n";
  }
  return out;
}

/// print.validate's "Factors Retained in Backwards Elimination" (a * per kept factor, one line per
/// successful replicate) and "Frequencies of Numbers of Factors Retained" (R's print of a table).
inline std::string retained_factors_text(const validation& v) {
  std::string out = "\nFactors Retained in Backwards Elimination\n\n";
  for (const auto& name : v.factor_names) out += " " + name;
  out += "\n";
  for (Eigen::Index r = 0; r < v.retained.rows(); ++r) {
    for (std::size_t f = 0; f < v.factor_names.size(); ++f) {
      out += " " + padded(v.retained(r, static_cast<Eigen::Index>(f)) ? "*" : "", v.factor_names[f].size(), false);
    }
    out += "\n";
  }
  out += "\nFrequencies of Numbers of Factors Retained\n\n";
  std::vector<std::string> counts, frequencies;
  std::size_t width = 0;
  for (std::size_t k = 0; k < v.retained_count_frequency.size(); ++k) {
    if (v.retained_count_frequency[k] == 0) continue;  // R's table lists the counts that occur
    counts.push_back(std::to_string(k));
    frequencies.push_back(std::to_string(v.retained_count_frequency[k]));
    width = std::max({width, counts.back().size(), frequencies.back().size()});
  }
  for (const auto* line : {&counts, &frequencies}) {
    for (const auto& cell : *line) out += padded(cell, width, true) + " ";
    out += "\n";
  }
  return out;
}

}  // namespace detail

/// rms `print(validate(...))`: the indexes Dxy, R2, Intercept, Slope, Emax, D, U, Q, B, g and gp by
/// index.orig, training, test, optimism, index.corrected and n, each rounded to `digits` decimals
/// (rms' default 4) and shown with the decimals its column needs, as R prints the rounded matrix;
/// after a backward step-down (validate_options::backward) also the factors each replicate kept and
/// how often each number of factors was kept. The same layout serves cross_validate's results.
/// Differences from rms: the step-down of the original model, which rms prints before the table,
/// is not repeated (see glm::fastbw's report); nomo's extra C index is not a row (C = 0.5 + Dxy/2).
/// Throws invalid_input for digits outside [0, 15].
inline std::string validation_report(const validation& v, int digits = 4) {
  if (digits < 0 || digits > 15) fail_input("resample::validation_report", "digits", digits, "must lie in [0, 15]");
  const std::vector<std::string> names{"Dxy", "R2", "Intercept", "Slope", "Emax", "D", "U", "Q", "B", "g", "gp"};
  const std::vector<const validation_index*> rows{&v.dxy, &v.r2, &v.intercept, &v.slope, &v.emax, &v.d,
                                                  &v.u,   &v.q,  &v.brier,     &v.g,     &v.gp};
  std::vector<std::vector<double>> columns(6);
  for (const validation_index* index : rows) {
    const double values[] = {index->original, index->training, index->test, index->optimism, index->corrected};
    for (std::size_t c = 0; c < 5; ++c) columns[c].push_back(detail::rounded(values[c], digits));
    columns[5].push_back(static_cast<double>(index->n));
  }
  std::string out = detail::r_matrix_text(names, {"index.orig", "training", "test", "optimism", "index.corrected", "n"}, columns);
  if (v.retained.size() > 0) out += detail::retained_factors_text(v);
  return out;
}

namespace detail {

/// `value` as cat(round(value, digits)) writes it: R's shortest text (0.04, not 0.040; 5e-05 where
/// that is shorter), NA for NaN.
inline std::string cat_rounded(double value, int digits) {
  return std::isnan(value) ? "NA" : model::r_number_text(rounded(value, digits));
}

}  // namespace detail

/// The error summary plot.calibrate prints (and calibration_figure shows under the plot): n, mean
/// absolute error (rounded to 3 decimals), mean squared error (5), then the 0.9 quantile of the
/// absolute error (3) on a second line, each as R's cat() writes it; NA where calibration_errors
/// holds NaN (a grid of one tied value).
inline std::string calibration_error_summary(const calibration_curve& c) {
  return "n=" + std::to_string(c.errors.n) + "   Mean absolute error=" + detail::cat_rounded(c.errors.mean_absolute, 3) +
         "   Mean squared error=" + detail::cat_rounded(c.errors.mean_squared, 5) +
         "\n0.9 Quantile of absolute error=" + detail::cat_rounded(c.errors.quantile90, 3);
}

}  // namespace nomo::resample
