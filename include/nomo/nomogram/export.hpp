#pragma once
// A nomogram as text for use without software: a points table (CSV or Markdown) a clinician can
// add up by hand, and a JSON description of every axis that a web page can draw.

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nomo/nomogram/nomogram.hpp"

namespace nomo::nomogram {

namespace detail {

inline const char* kind_name(model::term_kind kind) {
  switch (kind) {
    case model::term_kind::continuous: return "continuous";
    case model::term_kind::categorical: return "categorical";
    case model::term_kind::cut: return "cut";
    case model::term_kind::binary: return "binary";
    case model::term_kind::rcs: return "rcs";
  }
  return "continuous";
}

inline std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

inline std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// A number for JSON: shortest round-trip text, null for NaN (a label level has no number).
inline std::string json_number(double value) { return std::isfinite(value) ? fmt::format("{}", value) : "null"; }

/// Risk at each total-points tick: what the bottom two axes of the drawing say, exactly.
inline std::vector<double> risk_at_ticks(const nomogram& n) {
  std::vector<double> risk;
  for (const double tp : n.total_points_ticks) risk.push_back(expit(n.intercept + tp / n.points_per_unit));
  return risk;
}

}  // namespace detail

/// Options of the text exports.
struct export_options {
  int decimals = 1;  ///< decimals of points and risks in the CSV/Markdown tables

  /// Throws invalid_input: decimals outside [0, 12].
  void validate() const {
    if (decimals < 0 || decimals > 12) fail_input("nomogram::export_options::validate", "decimals", decimals, "must lie in [0, 12]");
  }
};

/// The points table as CSV: `section,label,points,risk`; one row per axis tick of every term
/// (section = the term), then one row per total-points tick with the risk it means
/// (section = "Total points").
inline std::string points_table_csv(const nomogram& n, const export_options& options = {}) {
  options.validate();
  std::string out = "section,label,points,risk\n";
  for (const auto& axis : n.axes) {
    for (std::size_t k = 0; k < axis.labels.size(); ++k) {
      out += fmt::format("{},{},{:.{}f},\n", detail::csv_cell(axis.name), detail::csv_cell(axis.labels[k]),
                         axis.points[k], options.decimals);
    }
  }
  const std::vector<double> risk = detail::risk_at_ticks(n);
  for (std::size_t k = 0; k < risk.size(); ++k) {
    out += fmt::format("Total points,{},{:.{}f},{:.{}f}\n", model::r_number_text(n.total_points_ticks[k]),
                       n.total_points_ticks[k], options.decimals, risk[k], options.decimals + 2);
  }
  return out;
}

/// The points table as Markdown: one table of value → points per term, then total points → risk.
inline std::string points_table_markdown(const nomogram& n, const export_options& options = {}) {
  options.validate();
  std::string out;
  for (const auto& axis : n.axes) {
    out += fmt::format("**{}**\n\n| value | points |\n|---|---:|\n", axis.name);
    for (std::size_t k = 0; k < axis.labels.size(); ++k) {
      out += fmt::format("| {} | {:.{}f} |\n", axis.labels[k], axis.points[k], options.decimals);
    }
    out += "\n";
  }
  out += "**Total points → risk**\n\n| total points | risk |\n|---:|---:|\n";
  const std::vector<double> risk = detail::risk_at_ticks(n);
  for (std::size_t k = 0; k < risk.size(); ++k) {
    out += fmt::format("| {} | {:.{}f} |\n", model::r_number_text(n.total_points_ticks[k]), risk[k], options.decimals + 2);
  }
  return out;
}

/// Every axis as JSON, numbers in full precision:
/// {"max_points", "points_per_unit", "intercept", "axes": [{"name", "kind", "discrete",
///  "ticks": [{"label", "value", "points"}]}], "total_points": [...],
///  "linear_predictor": [{"value", "points"}], "probability": [{"value", "points"}]}.
/// A level tick's "value" is null; risk at total points t is 1/(1+exp(-(intercept + t/points_per_unit))).
inline std::string axes_json(const nomogram& n) {
  std::string out = fmt::format("{{\"max_points\": {}, \"points_per_unit\": {}, \"intercept\": {}, \"axes\": [",
                                detail::json_number(n.max_points), detail::json_number(n.points_per_unit),
                                detail::json_number(n.intercept));
  for (std::size_t j = 0; j < n.axes.size(); ++j) {
    const term_axis& axis = n.axes[j];
    out += fmt::format("{}{{\"name\": {}, \"kind\": \"{}\", \"discrete\": {}, \"ticks\": [", j ? ", " : "",
                       detail::json_string(axis.name), detail::kind_name(axis.kind), axis.discrete ? "true" : "false");
    for (std::size_t k = 0; k < axis.labels.size(); ++k) {
      out += fmt::format("{}{{\"label\": {}, \"value\": {}, \"points\": {}}}", k ? ", " : "",
                         detail::json_string(axis.labels[k]), detail::json_number(axis.values[k]),
                         detail::json_number(axis.points[k]));
    }
    out += "]}";
  }
  out += "], \"total_points\": [";
  for (std::size_t k = 0; k < n.total_points_ticks.size(); ++k) {
    out += (k ? ", " : "") + detail::json_number(n.total_points_ticks[k]);
  }
  const auto scale = [](const value_axis& axis) {
    std::string text = "[";
    for (std::size_t k = 0; k < axis.values.size(); ++k) {
      text += fmt::format("{}{{\"value\": {}, \"points\": {}}}", k ? ", " : "", detail::json_number(axis.values[k]),
                          detail::json_number(axis.points[k]));
    }
    return text + "]";
  };
  out += "], \"linear_predictor\": " + scale(n.linear_predictor) + ", \"probability\": " + scale(n.probability) + "}\n";
  return out;
}

}  // namespace nomo::nomogram
