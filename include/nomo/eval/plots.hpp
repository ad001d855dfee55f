#pragma once
// The four evaluation figures as SVG: ROC curves (AUC and CI in the legend, several models
// overlaid), calibration curve, decision curve and clinical impact curve. Each returns an
// io::figure, so a caller can add to it before save().

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nomo/core/number_text.hpp"
#include "nomo/eval/calibration.hpp"
#include "nomo/eval/clinical_impact.hpp"
#include "nomo/eval/decision_curve.hpp"
#include "nomo/eval/delong.hpp"
#include "nomo/eval/hosmer_lemeshow.hpp"
#include "nomo/eval/roc.hpp"
#include "nomo/io/svg.hpp"

namespace nomo::eval {

/// Size and title shared by the evaluation figures.
struct plot_options {
  double width = 560;   ///< px
  double height = 500;  ///< px
  std::string title;    ///< above the plot; empty for none

  void validate(std::string_view function) const {
    check_positive(function, "options.width", width);
    check_positive(function, "options.height", height);
  }
};

/// One model on a ROC figure.
struct roc_series {
  std::string label;                 ///< legend text, e.g. "Nomogram"
  roc_curve curve;
  std::optional<auc_interval> auc;   ///< when given, the legend shows AUC (95% CI a-b)
};

namespace detail {

inline std::string fixed3(double v) { return io::detail::fixed_text(v, 3); }

inline io::stroke_style series_stroke(std::size_t k, double width = 2) {
  io::stroke_style s;
  s.color = io::palette()[k % io::palette().size()];
  s.width = width;
  return s;
}

inline io::stroke_style reference_stroke(const std::string& color, io::dash_pattern dash) {
  io::stroke_style s;
  s.color = color;
  s.width = 1.2;
  s.dash = dash;
  return s;
}

inline io::panel_options unit_panel(const plot_options& options, const std::string& x_title, const std::string& y_title) {
  io::panel_options p;
  p.title = options.title;
  p.x_axis.title = x_title;
  p.y_axis.title = y_title;
  return p;
}

inline std::string roc_legend_label(const roc_series& s) {
  if (!s.auc) return s.label + ": AUC " + fixed3(s.curve.auc);
  const int percent = static_cast<int>(std::lround(s.auc->conf_level * 100));
  return s.label + ": AUC " + fixed3(s.auc->auc) + " (" + std::to_string(percent) + "% CI " + fixed3(s.auc->lower) +
         "\u2013" + fixed3(s.auc->upper) + ")";
}

inline io::fill_style band_fill(std::size_t k) {
  io::fill_style f;
  f.color = io::palette()[k % io::palette().size()];
  f.opacity = 0.18;
  return f;
}

/// pt/(1 - pt) as "a:b" in the smallest integers that give it exactly (rmda prints MASS::fractions),
/// else as "1:x" rounded to 2 decimals.
inline std::string cost_benefit_label(double pt) {
  const double ratio = pt / (1 - pt);
  for (int b = 1; b <= 100; ++b) {
    const double a = std::round(ratio * b);
    if (a >= 1 && std::abs(a - ratio * b) < 1e-9 * b) return io::detail::fixed_text(a, 0) + ":" + std::to_string(b);
  }
  return "1:" + io::detail::fixed_text(1 / ratio, 2);
}

/// The y range of a decision curve: up to the highest value of `curves`, down to the lowest value
/// of `models` (net benefits and band limits) or −5 % of the top, whichever is lower, but no lower
/// than `floor` times the top (treat-all, left out of `models`, plunges towards −Inf at high
/// thresholds and would squash the rest); padded a little.
inline io::range curve_range(const std::vector<const std::vector<double>*>& curves,
                             const std::vector<const std::vector<double>*>& models, double floor) {
  double hi = 0;
  for (const auto* c : curves)
    for (const double v : *c) hi = std::max(hi, v);
  if (!(hi > 0)) hi = 1;
  double lo = -0.05 * hi;
  for (const auto* c : models)
    for (const double v : *c) lo = std::min(lo, v);
  return {std::max(floor * hi, lo) - 0.02 * hi, 1.05 * hi};
}

/// The x range of a threshold plot: the thresholds', widened to 0.1 around a single threshold.
inline io::range threshold_range(const std::vector<double>& thresholds) {
  const double lo = thresholds.front(), hi = thresholds.back();
  if (lo < hi) return {lo, hi};
  return {std::max(0.0, lo - 0.05), std::min(1.0, hi + 0.05)};
}

/// A threshold curve as a plot needs it: thresholds rising (the panel spans the first to the last)
/// and one value per threshold in every column. The curves are public structs, which a caller may
/// have built, edited or computed over thresholds given in another order.
inline void check_threshold_curve(std::string_view function, const std::vector<double>& thresholds,
                                  const std::vector<std::pair<std::string, const std::vector<double>*>>& columns) {
  if (thresholds.empty()) fail_input(function, "curve.thresholds.size()", 0, "holds no threshold");
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    if (!(thresholds[k] > 0 && thresholds[k] < 1)) {
      fail_input(function, nomo::detail::element("curve.thresholds", k), thresholds[k], "must be a probability in (0, 1)");
    }
  }
  for (std::size_t k = 1; k < thresholds.size(); ++k) {
    if (!(thresholds[k] > thresholds[k - 1])) {
      fail_input(function, nomo::detail::element("curve.thresholds", k), thresholds[k],
                 "must exceed the threshold before it, " + nomo::detail::describe(thresholds[k - 1]) +
                     ": plotting needs increasing thresholds");
    }
  }
  for (const auto& [name, column] : columns) check_same_size(function, name, column->size(), "curve.thresholds", thresholds.size());
}

/// The columns of an optional band, named under `name`.
inline void add_band_columns(std::vector<std::pair<std::string, const std::vector<double>*>>& columns, const std::string& name,
                             const std::optional<bootstrap_band>& band) {
  if (!band) return;
  columns.push_back({name + "->lower", &band->lower});
  columns.push_back({name + "->upper", &band->upper});
}

}  // namespace detail

/// ROC curves of one or more models: sensitivity against 1 - specificity, the chance diagonal,
/// and a legend with each AUC (and its CI when given). Like pROC::plot.roc with legacy.axes =
/// TRUE and ggroc for several curves.
///
/// Throws nomo::invalid_input for an empty `series`, a curve roc() cannot have built (see
/// detail::check_roc_curve; named series[k].curve…), an interval whose AUC is not its curve's, or
/// bad options.
inline io::figure roc_plot(const std::vector<roc_series>& series, const plot_options& options = {}) {
  constexpr const char* fn = "eval::roc_plot";
  options.validate(fn);
  if (series.empty()) fail_input(fn, "series.size()", 0, "needs at least one ROC curve");
  io::figure fig(options.width, options.height);
  io::panel& p = fig.add_panel(detail::unit_panel(options, "1 \u2212 Specificity", "Sensitivity"));
  p.abline(0, 1, detail::reference_stroke("#999999", io::dash_pattern::dashed));
  for (std::size_t k = 0; k < series.size(); ++k) {
    const roc_curve& c = series[k].curve;
    const std::string name = nomo::detail::element("series", k);
    try {
      detail::check_roc_curve(fn, c);
    } catch (const invalid_input& e) {  // check_roc_curve names "curve…": say which series
      throw invalid_input(fn, name + "." + e.argument(), e.value(), e.problem());
    }
    const auto& interval = series[k].auc;
    if (interval && !(std::fabs(interval->auc - c.auc) <= 1e-9)) {
      fail_input(fn, name + ".auc->auc", interval->auc,
                 "differs from the curve's AUC, " + nomo::detail::describe(c.auc) +
                     ": the interval belongs to another curve");
    }
    std::vector<double> fpr(c.specificities.size());
    for (std::size_t i = 0; i < fpr.size(); ++i) fpr[i] = 1 - c.specificities[i];
    p.line(fpr, c.sensitivities, detail::series_stroke(k), detail::roc_legend_label(series[k]));
  }
  p.legend({io::legend_position::bottom_right, ""});
  return fig;
}

/// Calibration plot of a validation cohort: the lowess curve of observed against predicted risk,
/// the ideal diagonal, optional Hosmer-Lemeshow group means (observed rate against mean risk),
/// and the summary statistics below the plot. Like rms::val.prob(pl = TRUE).
///
/// Throws nomo::invalid_input for an assessment without a curve or whose curve's observed and
/// predicted differ in length, or bad options.
inline io::figure calibration_plot(const calibration_assessment& assessment,
                                   const std::optional<hosmer_lemeshow_test>& groups = std::nullopt,
                                   const plot_options& options = {}) {
  constexpr const char* fn = "eval::calibration_plot";
  options.validate(fn);
  if (assessment.curve.predicted.empty()) fail_input(fn, "assessment.curve.predicted.size()", 0, "holds no point");
  check_same_size(fn, "assessment.curve.observed", assessment.curve.observed.size(), "assessment.curve.predicted",
                  assessment.curve.predicted.size());
  io::figure fig(options.width, options.height);
  io::panel_options panel = detail::unit_panel(options, "Predicted probability", "Observed proportion");
  // The statistics go below the x-axis title, not into the plot, where the curve of a model that
  // under- or over-predicts can run through them (five lines of 11 px text).
  io::text_style text;
  text.size = 11;
  const double axis_margin = panel.margin.bottom;
  panel.margin.bottom += 5 * 1.25 * text.size + 8;
  io::panel& p = fig.add_panel(panel);
  p.abline(0, 1, detail::reference_stroke("#999999", io::dash_pattern::dashed));
  p.add_legend_entry({"Ideal", detail::reference_stroke("#999999", io::dash_pattern::dashed), std::nullopt, std::nullopt});
  p.line(assessment.curve.predicted, assessment.curve.observed, detail::series_stroke(0), "Lowess smooth");
  if (groups) {
    std::vector<double> mean_risk, observed;
    for (const auto& g : groups->groups) {
      mean_risk.push_back(g.expected_events / static_cast<double>(g.size));
      observed.push_back(g.observed_events / static_cast<double>(g.size));
    }
    io::marker_style marker;
    marker.shape = io::marker_shape::triangle;
    marker.color = io::palette()[1];
    p.markers(mean_risk, observed, marker, "Grouped observations");
  }
  p.legend({io::legend_position::bottom_right, ""});
  const std::string stats = "n = " + std::to_string(assessment.n) + ", events = " + std::to_string(assessment.events) +
                            "\nIntercept (in the large) " + detail::fixed3(assessment.intercept_in_the_large.estimate) +
                            // Under separation the slope fit has no finite estimate (val.prob stops elsewhere).
                            (assessment.separated ? std::string("\nSlope: none (outcomes separated)")
                                                  : "\nSlope " + detail::fixed3(assessment.slope.estimate)) +
                            "\nBrier " +
                            detail::fixed3(assessment.brier) + "\nICI " + detail::fixed3(assessment.ici) + ", E90 " +
                            detail::fixed3(assessment.e90) + ", Emax " + detail::fixed3(assessment.emax);
  fig.text(p.plot_area().left, p.plot_area().bottom() + axis_margin + text.size, stats, text);
  return fig;
}

/// Decision curve: net benefit (or standardized net benefit) of each model with its bootstrap
/// band when present, treat-all and treat-none, over the threshold probability. Like
/// rmda::plot_decision_curve (curve.names, confidence intervals).
///
/// Throws nomo::invalid_input for a curve without thresholds, with thresholds outside (0, 1) or not
/// increasing, with a column (treat-all, treat-none, a model's net benefit or band) not of one value
/// per threshold, or bad options.
inline io::figure decision_curve_plot(const decision_curve& curve, const plot_options& options = {}) {
  constexpr const char* fn = "eval::decision_curve_plot";
  options.validate(fn);
  std::vector<std::pair<std::string, const std::vector<double>*>> columns{{"curve.treat_all", &curve.treat_all},
                                                                         {"curve.treat_none", &curve.treat_none}};
  for (std::size_t k = 0; k < curve.models.size(); ++k) {
    const std::string model = nomo::detail::element("curve.models", k);
    columns.push_back({model + ".net_benefit", &curve.models[k].net_benefit});
    detail::add_band_columns(columns, model + ".band", curve.models[k].band);
  }
  detail::check_threshold_curve(fn, curve.thresholds, columns);
  std::vector<const std::vector<double>*> all{&curve.treat_all}, models;
  for (const auto& m : curve.models) {
    all.push_back(&m.net_benefit);
    models.push_back(&m.net_benefit);
    if (m.band) {  // keep the whole band on the plot
      all.push_back(&m.band->upper);
      models.push_back(&m.band->lower);
    }
  }
  io::panel_options panel =
      detail::unit_panel(options, "Threshold probability", curve.standardized ? "Standardized net benefit" : "Net benefit");
  panel.x = detail::threshold_range(curve.thresholds);
  panel.y = detail::curve_range(all, models, -0.15);
  io::figure fig(options.width, options.height);
  io::panel& p = fig.add_panel(panel);
  for (std::size_t k = 0; k < curve.models.size(); ++k) {
    if (curve.models[k].band) p.band(curve.thresholds, curve.models[k].band->lower, curve.models[k].band->upper, detail::band_fill(k));
  }
  p.line(curve.thresholds, curve.treat_all, detail::reference_stroke("#7f7f7f", io::dash_pattern::solid), "Treat all");
  p.line(curve.thresholds, curve.treat_none, detail::reference_stroke("#000000", io::dash_pattern::solid), "Treat none");
  for (std::size_t k = 0; k < curve.models.size(); ++k) {
    p.line(curve.thresholds, curve.models[k].net_benefit, detail::series_stroke(k), curve.models[k].name);
  }
  p.legend({io::legend_position::top_right, ""});
  return fig;
}

/// Clinical impact curve: number classified high risk and number of those with the event per
/// `population`, over the threshold probability, with bootstrap bands when present and a
/// cost:benefit ruler above the plot. Like rmda::plot_clinical_impact.
///
/// Throws nomo::invalid_input for a curve without thresholds, with thresholds outside (0, 1) or not
/// increasing, with a count column or band not of one value per threshold, or bad options.
inline io::figure clinical_impact_plot(const clinical_impact_curve& curve, const plot_options& options = {}) {
  constexpr const char* fn = "eval::clinical_impact_plot";
  options.validate(fn);
  std::vector<std::pair<std::string, const std::vector<double>*>> columns{
      {"curve.high_risk", &curve.high_risk}, {"curve.high_risk_with_event", &curve.high_risk_with_event}};
  detail::add_band_columns(columns, "curve.high_risk_band", curve.high_risk_band);
  detail::add_band_columns(columns, "curve.high_risk_with_event_band", curve.high_risk_with_event_band);
  detail::check_threshold_curve(fn, curve.thresholds, columns);
  const std::string per = r_number_text(curve.population);
  // The title goes above the cost:benefit ruler instead of in the panel, where the ruler sits.
  plot_options untitled = options;
  untitled.title.clear();
  io::panel_options panel = detail::unit_panel(untitled, "Threshold probability", "Number high risk (out of " + per + ")");
  panel.x = detail::threshold_range(curve.thresholds);
  panel.y = {0, curve.population};
  panel.margin.top = options.title.empty() ? 60 : 84;
  io::figure fig(options.width, options.height);
  io::panel& p = fig.add_panel(panel);
  io::stroke_style high = detail::series_stroke(1);
  io::stroke_style with_event = detail::series_stroke(0);
  with_event.dash = io::dash_pattern::dashed;
  if (curve.high_risk_band) p.band(curve.thresholds, curve.high_risk_band->lower, curve.high_risk_band->upper, detail::band_fill(1));
  if (curve.high_risk_with_event_band) {
    p.band(curve.thresholds, curve.high_risk_with_event_band->lower, curve.high_risk_with_event_band->upper, detail::band_fill(0));
  }
  p.line(curve.thresholds, curve.high_risk, high, "Number high risk");
  p.line(curve.thresholds, curve.high_risk_with_event, with_event, "Number high risk with event");
  p.legend({io::legend_position::top_right, ""});

  // Cost:benefit ratio pt/(1 - pt) at the threshold ticks, as rmda's second axis.
  io::ruler_options ruler;
  ruler.y = curve.population;
  ruler.side = io::ruler_side::above;
  for (const double t : p.x_ticks()) {
    if (!(t > 0 && t < 1)) continue;
    ruler.positions.push_back(t);
    ruler.labels.push_back(detail::cost_benefit_label(t));
  }
  if (!ruler.positions.empty()) p.ruler(ruler);
  const double centre = p.plot_area().left + p.plot_area().width / 2;
  io::text_style caption;
  caption.anchor = io::text_anchor::middle;
  fig.text(centre, p.plot_area().top - 30, "Cost:Benefit Ratio", caption);
  if (!options.title.empty()) {
    io::text_style heading = caption;
    heading.bold = true;
    fig.text(centre, 22, options.title, heading);
  }
  return fig;
}

}  // namespace nomo::eval
