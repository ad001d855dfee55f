#pragma once
// Text reports of a logistic fit (fmt): the odds-ratio table of a clinical paper (term / level, OR,
// 95 % CI, P, and optional columns such as bootstrap SE, CI and P — the seed paper's Table 3), an
// rms print.lrm-like summary, the anova table and the summary(fit) effects table.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nomo/core/error.hpp"
#include "nomo/glm/effects.hpp"
#include "nomo/glm/inference.hpp"
#include "nomo/glm/logistic.hpp"
#include "nomo/glm/statistics.hpp"
#include "nomo/io/format.hpp"
#include "nomo/model/levels.hpp"

namespace nomo::io {

/// Number formatting of the reports.
struct report_options {
  int ratio_digits = 2;        ///< decimals of odds ratios and their limits (papers: 2)
  int coefficient_digits = 4;  ///< decimals of coefficients, SEs, z (print.lrm: 4)
  int p_digits = 4;            ///< decimals of P; smaller P print as "<0.0001" (print.lrm: 4)
  int statistic_digits = 3;    ///< decimals of R², C, Dxy, Brier, g (print.lrm: 3)

  /// Throws invalid_input naming a field outside 0…10.
  void validate() const {
    constexpr const char* fn = "io::report_options::validate";
    const std::pair<const char*, int> fields[] = {{"ratio_digits", ratio_digits},
                                                  {"coefficient_digits", coefficient_digits},
                                                  {"p_digits", p_digits},
                                                  {"statistic_digits", statistic_digits}};
    for (const auto& [name, value] : fields) {
      if (value < 0 || value > 10) fail_input(fn, name, value, "must lie in [0, 10]");
    }
  }
};

/// A column added at the right of the odds-ratio table: one cell per design column of the fit, in
/// the order of fit.names after the intercept. Heading and reference-level rows stay empty. For the
/// right-hand half of the paper's Table 3, fill it from resample::bootstrap_coefficients (skipping
/// its intercept): bootstrap SE, percentile or BCa limits, bootstrap P.
struct table_column {
  std::string header;
  std::vector<std::string> cells;
};

namespace detail {

/// P as print.lrm shows it: fixed decimals, or "<0.0001" below the smallest printable value.
inline std::string p_value(double p, int digits) {
  const double smallest = std::pow(10.0, -digits);
  return p < smallest ? "<" + format_fixed(smallest, digits) : format_fixed(p, digits);
}

/// The name print.lrm shows for an R² adjusted for `df` parameters at sample size `n`, as Hmisc's
/// R2Measures writes it: "R2(df,n)" (just "R2(n)" for df = 0) with n as as.character(round(n, 1)),
/// so that a whole effective n prints "R2(6,224)", not "R2(6,224.0)", and 100,000 "R2(6,1e+05)".
inline std::string r2_label(int df, double n) {
  const std::string size = model::r_number_text(std::round(n * 10) / 10);
  return "R2(" + (df == 0 ? std::string() : std::to_string(df) + ",") + size + ")";
}

/// One line of the odds-ratio table; `extra` holds the added columns' cells (empty: blank cells).
struct or_line {
  std::string label, ratio, interval, p;
  std::vector<std::string> extra = {};
};

inline or_line parameter_line(const glm::logistic_fit& fit, Eigen::Index column, std::string label,
                              const report_options& options, const std::vector<table_column>& columns) {
  const Eigen::Index k = column + 1;
  std::vector<std::string> extra;
  for (const auto& c : columns) extra.push_back(c.cells[static_cast<std::size_t>(column)]);
  if (std::isnan(fit.coefficients(k))) return {std::move(label), "aliased", "", "", std::move(extra)};
  // A diverging coefficient's OR, limits and P are artefacts of where the iterations stopped.
  const auto& separated = fit.separation.columns;
  if (std::find(separated.begin(), separated.end(), column) != separated.end()) {
    return {std::move(label), "separated", "", "", std::move(extra)};
  }
  return {std::move(label), format_fixed(fit.odds_ratios(k), options.ratio_digits),
          format_fixed(fit.odds_ratio_low(k), options.ratio_digits) + " - " + format_fixed(fit.odds_ratio_high(k), options.ratio_digits),
          p_value(fit.p_values(k), options.p_digits), std::move(extra)};
}

/// Lines of one term: a heading and one line per level (reference first) for level terms, one line
/// for a single-column term.
inline std::vector<or_line> term_lines(const glm::logistic_fit& fit, const model::term& t, const report_options& options,
                                       const std::vector<table_column>& columns) {
  constexpr const char* fn = "io::odds_ratio_table";
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    if (t.columns[k] < 0 || t.columns[k] >= fit.columns()) {
      fail_input(fn, "term \"" + t.name + "\" " + nomo::detail::element("columns", k), t.columns[k],
                 "must be a design column of the fit");
    }
  }
  const bool has_levels = t.levels.size() == t.columns.size() + 1;
  if (!has_levels && t.columns.size() == 1) return {parameter_line(fit, t.columns[0], t.name, options, columns)};
  std::vector<or_line> lines{{t.name, "", "", ""}};
  if (has_levels) lines.push_back({"  " + t.levels.front(), format_fixed(1.0, options.ratio_digits), "(reference)", ""});
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    const std::string label = has_levels ? t.levels[k + 1] : fit.names[static_cast<std::size_t>(t.columns[k] + 1)];
    lines.push_back(parameter_line(fit, t.columns[k], "  " + label, options, columns));
  }
  return lines;
}

inline std::size_t widest(const std::vector<or_line>& lines, std::string or_line::*field, std::size_t header) {
  std::size_t width = header;
  for (const auto& line : lines) width = std::max(width, (line.*field).size());
  return width;
}

/// Throws invalid_input for an added column without one cell per design column.
inline void check_columns(const glm::logistic_fit& fit, const std::vector<table_column>& columns) {
  for (std::size_t k = 0; k < columns.size(); ++k) {
    if (columns[k].cells.size() != static_cast<std::size_t>(fit.columns())) {
      fail_input("io::odds_ratio_table", nomo::detail::element("columns", k) + ".cells.size()", columns[k].cells.size(),
                 "must equal the fit's design columns (" + std::to_string(fit.columns()) + ")");
    }
  }
}

/// The added cells of a line, each left-aligned in its column after two spaces.
inline std::string extra_cells(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string out;
  for (std::size_t c = 0; c < widths.size(); ++c) out += fmt::format("  {:<{}}", c < cells.size() ? cells[c] : "", widths[c]);
  return out;
}

}  // namespace detail

/// The odds-ratio table of a clinical paper: one block per term (reference level shown as 1.00),
/// OR, Wald CI at the fit's level and P, then the `columns` given (e.g. the bootstrap SE, CI and P
/// of the paper's Table 3). R has no single equivalent; it is what users assemble from
/// `exp(coef(fit))`, `exp(confint.default(fit))` and the Wald P of `summary(glm_fit)`.
/// Uses the fit's terms (fit from a model_frame) or, without terms, one line per design column.
/// Rows of aliased columns say "aliased"; those of columns whose coefficients diverge under
/// separation (fit.separation.columns) say "separated", and a note after the table repeats
/// fit.separation.message, as lrm_summary does.
/// A spline term's columns (x, x', x'') get per-unit odds ratios that mean nothing clinically: for
/// those, print glm::summarize_effects with effects_report (rms' summary(fit)).
/// Throws invalid_input for bad options, a term naming a column the fit does not have, or a column
/// without one cell per design column.
inline std::string odds_ratio_table(const glm::logistic_fit& fit, const report_options& options = {},
                                    const std::vector<table_column>& columns = {}) {
  options.validate();
  detail::check_columns(fit, columns);
  std::vector<detail::or_line> lines;
  if (fit.terms.empty()) {
    for (Eigen::Index j = 0; j < fit.columns(); ++j) {
      lines.push_back(detail::parameter_line(fit, j, fit.names[static_cast<std::size_t>(j + 1)], options, columns));
    }
  } else {
    for (const auto& t : fit.terms) {
      const auto block = detail::term_lines(fit, t, options, columns);
      lines.insert(lines.end(), block.begin(), block.end());
    }
  }
  const std::string ci_header = fmt::format("{:g} % CI", 100 * fit.confidence_level);
  const auto w_label = detail::widest(lines, &detail::or_line::label, 12);
  const auto w_ratio = detail::widest(lines, &detail::or_line::ratio, 2);
  const auto w_ci = detail::widest(lines, &detail::or_line::interval, ci_header.size());
  const auto w_p = detail::widest(lines, &detail::or_line::p, 1);
  std::vector<std::string> headers;
  std::vector<std::size_t> w_extra;
  for (const auto& c : columns) {
    headers.push_back(c.header);
    w_extra.push_back(std::accumulate(c.cells.begin(), c.cells.end(), c.header.size(),
                                      [](std::size_t w, const std::string& cell) { return std::max(w, cell.size()); }));
  }
  const auto row = [&](const detail::or_line& line) {
    std::string text = fmt::format("{:<{}}  {:>{}}  {:<{}}  {:<{}}", line.label, w_label, line.ratio, w_ratio, line.interval,
                                   w_ci, line.p, w_p) +
                       detail::extra_cells(line.extra, w_extra);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + '\n';
  };
  std::string out = row({"Term / level", "OR", ci_header, "P", headers});
  for (const auto& line : lines) out += row(line);
  if (fit.separation.detected) out += "\nNote: " + fit.separation.message + "\n";
  return out;
}

/// An rms `print(lrm_fit)`-like summary: counts, the likelihood-ratio test, discrimination and rank
/// discrimination indexes, then the coefficient table (Coef, S.E., Wald Z, Pr(>|Z|)), and notes on
/// non-convergence, aliasing and separation. `stats` must come from glm::lrm_stats on the same fit.
/// Throws invalid_input for bad options or statistics of another fit (different n).
inline std::string lrm_summary(const glm::logistic_fit& fit, const glm::lrm_statistics& stats,
                               const report_options& options = {}) {
  options.validate();
  if (stats.n != fit.n_obs) {
    fail_input("io::lrm_summary", "stats.n", stats.n, "must equal fit.n_obs = " + std::to_string(fit.n_obs));
  }
  const int sd = options.statistic_digits;
  using row = std::vector<std::string>;
  const std::vector<row> grid{
      {"Obs", std::to_string(stats.n), "LR chi2", format_fixed(stats.lr_chi2, 2), "R2", format_fixed(stats.r2, sd), "C",
       format_fixed(stats.c, sd)},
      {" 0", std::to_string(stats.n_nonevents), "d.f.", std::to_string(stats.df),
       detail::r2_label(stats.df, static_cast<double>(stats.n)), format_fixed(stats.r2_pn, sd), "Dxy", format_fixed(stats.dxy, sd)},
      {" 1", std::to_string(stats.n_events), "Pr(> chi2)", detail::p_value(stats.lr_p, options.p_digits),
       detail::r2_label(stats.df, stats.n_effective), format_fixed(stats.r2_pneff, sd), "gamma",
       format_fixed(stats.gamma, sd)},
      {"max |deriv|", fmt::format("{:.0e}", stats.max_abs_score), "", "", "Brier", format_fixed(stats.brier, sd), "tau-a",
       format_fixed(stats.tau_a, sd)},
      {"", "", "", "", "g", format_fixed(stats.g, sd), "", ""},
      {"", "", "", "", "gr", format_fixed(stats.gr, sd), "", ""},
      {"", "", "", "", "gp", format_fixed(stats.gp, sd), "", ""}};
  std::string out = "Logistic Regression Model\n\n";
  out += fmt::format("{:<26}{:<24}{:<24}{}\n", "", "Model Likelihood", "Discrimination", "Rank Discrim.");
  out += fmt::format("{:<26}{:<24}{:<24}{}\n", "", "Ratio Test", "Indexes", "Indexes");
  for (const auto& r : grid) {
    std::string line = fmt::format("{:<12}{:>12}  {:<11}{:>11}  {:<12}{:>10}  {:<7}{:>8}", r[0], r[1], r[2], r[3], r[4],
                                   r[5], r[6], r[7]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  const int cd = options.coefficient_digits;
  std::size_t w_name = 9;
  for (const auto& name : fit.names) w_name = std::max(w_name, name.size());
  out += fmt::format("\n{:<{}}  {:>10}  {:>10}  {:>8}  {:>9}\n", "", w_name, "Coef", "S.E.", "Wald Z", "Pr(>|Z|)");
  for (std::size_t k = 0; k < fit.names.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    if (std::isnan(fit.coefficients(i))) {
      out += fmt::format("{:<{}}  {:>10}\n", fit.names[k], w_name, "aliased");
      continue;
    }
    out += fmt::format("{:<{}}  {:>10}  {:>10}  {:>8}  {:>9}\n", fit.names[k], w_name, format_fixed(fit.coefficients(i), cd),
                       format_fixed(fit.standard_errors(i), cd), format_fixed(fit.z(i), 2),
                       detail::p_value(fit.p_values(i), options.p_digits));
  }
  for (const std::string* note : {&fit.message, &fit.aliased.message, &fit.separation.message}) {
    if (!note->empty()) out += "\nNote: " + *note + "\n";
  }
  return out;
}

/// An rms `print(anova(fit))`-like table: Factor, Chi-Square, d.f., P. A P below the smallest
/// printable value reads "<.0001", as print.anova.rms writes it (print.lrm writes "<0.0001").
/// Throws invalid_input for bad options.
inline std::string anova_report(const glm::anova_table& table, const report_options& options = {}) {
  options.validate();
  std::size_t w_label = 15;
  for (const auto& r : table.rows) w_label = std::max(w_label, r.label.size());
  std::string out = fmt::format("{:<{}}  {:>10}  {:>4}  {}\n", "Factor", w_label, "Chi-Square", "d.f.", "P");
  for (const auto& r : table.rows) {
    std::string p = detail::p_value(r.test.p, options.p_digits);
    if (p.rfind("<0.", 0) == 0) p.erase(1, 1);
    out += fmt::format("{:<{}}  {:>10}  {:>4}  {}\n", r.label, w_label, format_fixed(r.test.chi2, 2), r.test.df, p);
  }
  return out;
}

/// An rms `print(summary(fit))`-like table: Factor, Low, High, Diff., Effect, S.E. and the limits,
/// each effect followed by its " Odds Ratio" row (no S.E., as rms prints NA there). Factor rows
/// show the level positions in Low/High and no Diff.
/// Throws invalid_input for bad options.
inline std::string effects_report(const glm::effects_summary& summary, const report_options& options = {}) {
  options.validate();
  const int cd = options.coefficient_digits;
  const std::string odds_ratio_label = " Odds Ratio";  // the label of every second row
  std::size_t w_label = odds_ratio_label.size();
  for (const auto& r : summary.rows) w_label = std::max(w_label, r.label.size());
  const std::string level = fmt::format("{:g}", summary.conf_level);  // R: "Lower 0.95"
  const auto number = [&](double v) { return std::isnan(v) ? std::string() : format_fixed(v, cd); };
  const auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string text = fmt::format("{:<{}}", label, w_label);
    for (const auto& cell : cells) text += fmt::format("  {:>11}", cell);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  std::string out = line("Factor", {"Low", "High", "Diff.", "Effect", "S.E.", "Lower " + level, "Upper " + level});
  for (const auto& r : summary.rows) {
    out += line(r.label, {number(r.low), number(r.high), number(r.diff), number(r.effect), number(r.standard_error),
                          number(r.lower), number(r.upper)});
    out += line(odds_ratio_label, {number(r.low), number(r.high), number(r.diff), number(r.odds_ratio), "",
                                number(r.odds_ratio_lower), number(r.odds_ratio_upper)});
  }
  return out;
}

}  // namespace nomo::io
