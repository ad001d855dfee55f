#pragma once
// The text report of an NRI/IDI comparison of two risk models (fmt), laid out as Hmisc's
// print.improveProb: shares moving up and down, the NRI rows and the IDI with z, 2P and limits.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "nomo/eval/nri_idi.hpp"
#include "nomo/io/format.hpp"
#include "nomo/io/report.hpp"

namespace nomo::io {

namespace detail {

/// The cells of one index: estimate, SE, Z, 2P and the limits ("NA" for z and P where R has NaN).
inline std::vector<std::string> improvement_cells(const eval::improvement_index& index, const report_options& options) {
  const int cd = options.statistic_digits;
  return {format_fixed(index.estimate, cd),
          format_fixed(index.standard_error, cd),
          index.z ? format_fixed(*index.z, cd) : "NA",
          index.p_value ? p_value(*index.p_value, options.p_digits) : "NA",
          format_fixed(index.lower, cd),
          format_fixed(index.upper, cd)};
}

/// A label padded to `width` followed by right-aligned cells.
inline std::string table_line(const std::string& label, std::size_t width, const std::vector<std::string>& cells) {
  std::string text = fmt::format("{:<{}}", label, width);
  for (const auto& cell : cells) text += fmt::format("  {:>10}", cell);
  return text + "\n";
}

}  // namespace detail

/// Hmisc `print(improveProb(old, new, y), conf.int = r.conf_level)`-like report of nri_idi()'s
/// result: numbers of events and non-events, the shares (1)–(4) of subjects whose risk (category)
/// went up or down, the NRI rows (total, events, non-events) and the IDI with SE, Z, 2P and normal
/// limits, in fixed decimals (options.statistic_digits; P with options.p_digits) where R prints
/// three significant digits. A category NRI names its cut-offs.
/// Throws invalid_input for bad options.
inline std::string nri_idi_report(const eval::nri_idi_result& r, const report_options& options = {}) {
  options.validate();
  const int cd = options.statistic_digits;
  std::string out = "Analysis of Proportions of Subjects with Improvement in Predicted Probability\n";
  if (!r.cutoffs.empty()) {
    std::string cuts;
    for (const double c : r.cutoffs) cuts += (cuts.empty() ? "" : ", ") + format_fixed(c, cd);
    out += "(moves between the risk categories cut at " + cuts + ")\n";
  }
  out += fmt::format("\nNumber of events: {}\tNumber of non-events: {}\n\n", r.events, r.nonevents);
  out += detail::table_line("", 27, {"Proportion"});
  out += detail::table_line("Increase for events     (1)", 27, {format_fixed(r.up_events, cd)});
  out += detail::table_line("Increase for non-events (2)", 27, {format_fixed(r.up_nonevents, cd)});
  out += detail::table_line("Decrease for events     (3)", 27, {format_fixed(r.down_events, cd)});
  out += detail::table_line("Decrease for non-events (4)", 27, {format_fixed(r.down_nonevents, cd)});
  const std::string level = fmt::format("{:g}", r.conf_level);
  const std::vector<std::string> header{"Index", "SE", "Z", "2P", "Lower " + level, "Upper " + level};
  out += "\nNet Reclassification Improvement\n\n" + detail::table_line("", 24, header);
  out += detail::table_line("NRI            (1-3+4-2)", 24, detail::improvement_cells(r.nri, options));
  out += detail::table_line("NRI for events     (1-3)", 24, detail::improvement_cells(r.nri_events, options));
  out += detail::table_line("NRI for non-events (4-2)", 24, detail::improvement_cells(r.nri_nonevents, options));
  out += "\nAnalysis of Changes in Predicted Probabilities\n\n";
  out += detail::table_line("", 37, {"Mean Change"});
  out += detail::table_line("Increase for events (sensitivity)", 37, {format_fixed(r.mean_increase_events, cd)});
  out += detail::table_line("Decrease for non-events (specificity)", 37, {format_fixed(r.mean_decrease_nonevents, cd)});
  out += "\nIntegrated Discrimination Improvement\n\n" + detail::table_line("", 3, header);
  out += detail::table_line("IDI", 3, detail::improvement_cells(r.idi, options));
  return out;
}

}  // namespace nomo::io
