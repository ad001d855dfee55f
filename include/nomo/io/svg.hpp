#pragma once
// SVG plot primitives every nomo figure is drawn with (OR curves, calibration, ROC, decision curves,
// Kaplan–Meier, DVH, nomograms): a figure of fixed pixel size holding panels; each panel maps a
// linear data range onto its plot area and draws axes with R-style pretty ticks, curves, step
// functions, confidence bands, markers, text, rulers and a legend.
//
// Conventions, chosen to behave like R base graphics where a user would notice:
//  * Data coordinates everywhere except figure::text (pixels, origin top left).
//  * NaN in a curve is missing data and breaks it, like R lines()/points(); ±Inf throws.
//  * Curves are clipped to the plot area (R's xpd = FALSE); text and rulers are not.
//  * Ticks come from nomo::pretty (R pretty) and are labelled with the fewest decimals that show
//    every tick exactly, as R's axis() does.
// Output is deterministic, locale independent (std::to_chars) and needs only the standard library.
//
// Example:
//   nomo::io::figure fig(640, 480);
//   nomo::io::panel_options options;
//   options.x_axis.title = "Predicted probability";
//   options.y_axis.title = "Observed proportion";
//   nomo::io::panel& p = fig.add_panel(options);          // x and y default to [0, 1]
//   p.band(x, lower, upper, {"#0072B2", 0.2}, "95% CI");
//   p.line(x, y, {"#0072B2", 2}, "apparent");
//   p.abline(0, 1, {"#999999", 1, nomo::io::dash_pattern::dashed});
//   p.legend();
//   fig.save("calibration.svg");

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nomo/core/error.hpp"
#include "nomo/core/number_text.hpp"
#include "nomo/core/numeric.hpp"
#include "nomo/io/format.hpp"

namespace nomo::io {

// ---------------------------------------------------------------------------------------------
// Text and number formatting
// ---------------------------------------------------------------------------------------------

namespace detail {

/// A multi-byte UTF-8 sequence at the start of some text: how many bytes it spans (1 when the lead
/// byte starts no sequence or a continuation byte is missing) and whether it encodes a character
/// XML allows. Overlong forms, surrogates, code points past U+10FFFF and the non-characters U+FFFE
/// and U+FFFF are not allowed: an SVG declared UTF-8 with any of them does not parse.
struct utf8_sequence {
  std::size_t length = 1;
  bool allowed = false;
};

inline utf8_sequence read_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
  const unsigned char lead = byte(0);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF7 || at + length > text.size()) return {};
  std::uint32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return {};
    code = (code << 6) | (byte(k) & 0x3F);
  }
  const std::uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  const bool allowed = code >= smallest[length] && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF) &&
                       code != 0xFFFE && code != 0xFFFF;
  return {length, allowed};
}

}  // namespace detail

/// `text` with the five XML special characters escaped, control characters (other than tab and
/// newline) dropped, and each stray byte or disallowed sequence that is not well-formed UTF-8 for a
/// character XML allows (a Latin-1 label, say) replaced by U+FFFD: safe inside SVG text and
/// attribute values of a document declared UTF-8.
inline std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const detail::utf8_sequence sequence = detail::read_utf8(text, i);
      if (sequence.allowed) out.append(text.substr(i, sequence.length));
      else out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      i += sequence.length - 1;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

/// Estimated width in px of `text` at `font_size` px, for laying out labels (legends, nomogram
/// label columns, staggering ruler labels): proportional fonts average about 0.6 em per
/// character; UTF-8 code points are counted, not bytes. SVG has no text metrics without a
/// renderer, so this errs wide for narrow glyphs.
inline double text_width(std::string_view text, double font_size) {
  std::size_t characters = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
  }
  return 0.6 * font_size * static_cast<double>(characters);
}

namespace detail {

/// A pixel coordinate for an SVG attribute: two decimals, trailing zeros dropped. Coordinates far
/// outside any plot are clamped so that the output stays short; they are clipped anyway.
inline std::string px(double value) {
  std::string text = fixed_text(std::clamp(value, -1e7, 1e7), 2);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

/// `value` in scientific notation with `mantissa_digits` significant digits, as R writes it
/// ("1e+06", "2.5e-06", "0e+00").
inline std::string scientific_text(double value, int mantissa_digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*e", mantissa_digits - 1, value);
  return buffer;
}

/// The widest of `labels`, in characters.
inline std::size_t widest(const std::vector<std::string>& labels) {
  std::size_t width = 0;
  for (const auto& label : labels) width = std::max(width, label.size());
  return width;
}

}  // namespace detail

/// Labels for axis ticks as R's format(ticks) writes them: every value with the same, smallest
/// number of decimals (up to 10) that writes each value exactly ("0.0", "0.5", "1.0"), unless
/// scientific notation with a common mantissa is narrower, as R's formatReal decides with scipen 0
/// ("0e+00", "1e+06", …, "5e+06" for ticks up to 5e6; "0", "2500000", "5000000" stays fixed).
/// Values that need more than 10 decimals fall back to 6 significant digits each. R pads the
/// labels to a common width; these are not padded.
inline std::vector<std::string> format_ticks(const std::vector<double>& ticks) {
  double magnitude = 0;
  for (const double t : ticks) magnitude = std::max(magnitude, std::fabs(t));
  int decimals = 0;
  for (; decimals <= 10; ++decimals) {
    const double scale = std::pow(10.0, decimals);
    const bool exact = std::all_of(ticks.begin(), ticks.end(), [scale, magnitude](double t) {
      return std::fabs(std::round(t * scale) / scale - t) <= 1e-9 * magnitude;
    });
    if (exact) break;
  }
  std::vector<std::string> labels;
  labels.reserve(ticks.size());
  for (const double t : ticks) {
    if (decimals <= 10) {
      labels.push_back(detail::fixed_text(t, decimals));
    } else {
      char buffer[64];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, t, std::chars_format::general, 6);
      labels.emplace_back(buffer, result.ptr);
    }
  }
  if (decimals > 10 || ticks.empty()) return labels;
  int mantissa_digits = 1;
  for (const double t : ticks) mantissa_digits = std::max(mantissa_digits, nomo::detail::significant_digits(t, 7));
  std::vector<std::string> scientific;
  for (const double t : ticks) scientific.push_back(detail::scientific_text(t, mantissa_digits));
  return detail::widest(labels) <= detail::widest(scientific) ? labels : scientific;
}

// ---------------------------------------------------------------------------------------------
// Styles (aggregates with documented defaults; validate() throws nomo::invalid_input)
// ---------------------------------------------------------------------------------------------

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies; figures take
/// series colours from here in order.
inline const std::vector<std::string>& palette() {
  static const std::vector<std::string> colors{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                               "#E69F00", "#56B4E9", "#F0E442", "#000000"};
  return colors;
}

/// Line dash patterns (R lty 1, 2, 3, 4).
enum class dash_pattern { solid, dashed, dotted, dot_dash };

namespace detail {

inline void check_color(std::string_view function, std::string_view argument, const std::string& color) {
  if (color.empty()) fail_input(function, argument, color, "must name a colour (e.g. \"#0072B2\" or \"black\")");
}

inline void check_opacity(std::string_view function, double opacity) {
  check_in_range(function, "opacity", opacity, 0.0, 1.0);
}

}  // namespace detail

/// How a line is stroked.
struct stroke_style {
  std::string color = "#000000";             ///< any SVG colour
  double width = 1.5;                        ///< px
  dash_pattern dash = dash_pattern::solid;
  double opacity = 1.0;                      ///< 0 transparent … 1 opaque

  void validate() const {
    constexpr const char* fn = "io::stroke_style::validate";
    detail::check_color(fn, "color", color);
    check_non_negative(fn, "width", width);
    detail::check_opacity(fn, opacity);
  }
};

/// How an area (confidence band, legend key, box) is filled.
struct fill_style {
  std::string color = "#999999";  ///< any SVG colour
  double opacity = 0.3;           ///< bands are translucent so that curves show through

  void validate() const {
    constexpr const char* fn = "io::fill_style::validate";
    detail::check_color(fn, "color", color);
    detail::check_opacity(fn, opacity);
  }
};

/// Point symbols; `plus` is the censoring mark of Kaplan–Meier plots.
enum class marker_shape { circle, square, triangle, diamond, plus, cross };

/// How markers are drawn.
struct marker_style {
  marker_shape shape = marker_shape::circle;
  double size = 6.0;          ///< px, the symbol's width
  std::string color = "#000000";
  bool filled = true;         ///< circle/square/triangle/diamond: filled or outlined
  double stroke_width = 1.0;  ///< px, outlines and plus/cross strokes

  void validate() const {
    constexpr const char* fn = "io::marker_style::validate";
    check_positive(fn, "size", size);
    detail::check_color(fn, "color", color);
    check_non_negative(fn, "stroke_width", stroke_width);
  }
};

/// Horizontal placement of text relative to its point.
enum class text_anchor { start, middle, end };
/// Vertical placement of text relative to its point.
enum class text_baseline { alphabetic, middle, top };

/// How text is drawn.
struct text_style {
  double size = 0;                 ///< px; 0 uses the figure's font size
  std::string color = "#000000";
  text_anchor anchor = text_anchor::start;
  text_baseline baseline = text_baseline::alphabetic;
  double rotate = 0;               ///< degrees, clockwise (−90 reads bottom to top)
  bool bold = false;

  void validate() const {
    constexpr const char* fn = "io::text_style::validate";
    check_non_negative(fn, "size", size);
    detail::check_color(fn, "color", color);
    check_finite(fn, "rotate", rotate);
  }
};

// ---------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------

/// A closed data interval [min, max] shown by an axis.
struct range {
  double min = 0;
  double max = 1;

  /// Throws invalid_input unless min < max, both finite, and max − min finite (a width that
  /// overflows double would put every point at NaN pixels).
  void validate(std::string_view function = "io::range::validate", std::string_view argument = "range") const {
    check_finite(function, std::string(argument) + ".min", min);
    check_finite(function, std::string(argument) + ".max", max);
    if (!(min < max)) {
      fail_input(function, std::string(argument) + ".min", min, "must be below " + std::string(argument) +
                                                                     ".max = " + nomo::detail::describe(max));
    }
    if (!std::isfinite(max - min)) {
      fail_input(function, std::string(argument) + ".max", max,
                 "is too far from " + std::string(argument) + ".min = " + nomo::detail::describe(min) +
                     ": the width overflows double");
    }
  }
  /// This range widened by `fraction` of its width on each side (R's xaxs = "r" uses 0.04).
  range padded(double fraction) const {
    check_non_negative("io::range::padded", "fraction", fraction);
    const double extra = fraction * (max - min);
    return {min - extra, max + extra};
  }
  /// The smallest range that holds this one and starts and ends on R pretty() ticks.
  range to_pretty(int n = 5) const {
    const std::vector<double> ticks = pretty(min, max, n);
    return {ticks.front(), ticks.back()};
  }
};

/// The range of the finite values of `values` (NaN ignored, as R range(na.rm = TRUE)); a single
/// distinct value v gives [v − 0.5, v + 0.5] so that it can still be plotted. Throws invalid_input
/// when no value is finite.
inline range range_of(const std::vector<double>& values) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const double v : values) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(lo <= hi)) fail_input("io::range_of", "values.size()", values.size(), "holds no finite value");
  if (lo == hi) return {lo - 0.5, hi + 0.5};
  return {lo, hi};
}

/// A rectangle in figure pixels (origin top left).
struct box {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;

  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

/// Space between a panel's box and its plot area, holding tick labels and titles (px).
struct margins {
  double left = 64;
  double right = 16;
  double top = 32;
  double bottom = 52;
};

/// One axis of a panel.
struct axis_options {
  std::string title;                     ///< e.g. "Dose (Gy)"; units belong here
  int tick_count = 5;                    ///< the n of R pretty() when `ticks` is empty
  std::vector<double> ticks;             ///< explicit tick positions; empty: pretty() in range
  std::vector<std::string> tick_labels;  ///< one per tick; empty: format_ticks()
  bool visible = true;                   ///< draw ticks, labels and title
  bool grid = false;                     ///< light lines across the plot at each tick

  void validate(std::string_view function, std::string_view argument) const {
    const std::string name(argument);
    if (tick_count < 1 || tick_count > 1000000) {
      fail_input(function, name + ".tick_count", tick_count, "must lie in [1, 1000000] (R pretty()'s n)");
    }
    check_all_finite(function, name + ".ticks", ticks);
    if (!tick_labels.empty()) {
      check_same_size(function, name + ".tick_labels", tick_labels.size(), name + ".ticks", ticks.size());
    }
  }
};

/// A panel: where it sits in the figure, what it shows and how its axes look.
struct panel_options {
  range x;                  ///< data range across the plot area
  range y;                  ///< data range up the plot area
  axis_options x_axis;
  axis_options y_axis;
  std::string title;        ///< drawn above the plot area
  std::optional<box> area;  ///< the panel's box in figure px; unset: the whole figure
  margins margin;           ///< plot area = area minus these
  bool frame = true;        ///< box around the plot area (R bty = "o"); else L-shaped axes

  void validate() const {
    constexpr const char* fn = "io::panel_options::validate";
    x.validate(fn, "x");
    y.validate(fn, "y");
    x_axis.validate(fn, "x_axis");
    y_axis.validate(fn, "y_axis");
    check_non_negative(fn, "margin.left", margin.left);
    check_non_negative(fn, "margin.right", margin.right);
    check_non_negative(fn, "margin.top", margin.top);
    check_non_negative(fn, "margin.bottom", margin.bottom);
  }
};

/// Where a legend sits inside the plot area.
enum class legend_position { top_left, top_right, bottom_left, bottom_right };

/// One legend row: a key drawn from whichever styles are set, and its label.
struct legend_entry {
  std::string label;
  std::optional<stroke_style> stroke;  ///< a line sample
  std::optional<fill_style> fill;      ///< a filled square
  std::optional<marker_style> marker;  ///< a symbol
};

/// The legend of a panel.
struct legend_options {
  legend_position position = legend_position::top_right;
  std::string title;  ///< optional heading row
};

/// Which side of a ruler its labels go.
enum class ruler_side { above, below };

/// A horizontal scale with ticks at arbitrary data x positions, drawn at data height `y`: the rows
/// of a nomogram ("Points", each predictor, "Total points", "Risk").
struct ruler_options {
  std::string title;                ///< drawn left of the plot area, right-aligned
  double y = 0;                     ///< data y of the ruler line
  std::vector<double> positions;    ///< data x of each labelled tick (any order)
  std::vector<std::string> labels;  ///< one per position; empty: format_ticks(positions)
  std::vector<double> minor_positions;  ///< unlabelled half-length ticks
  ruler_side side = ruler_side::above;  ///< where labels (and ticks) point
  std::vector<ruler_side> sides;    ///< per-position override (staggering close labels); empty: `side`
  double tick_length = 6;           ///< px
  stroke_style stroke{"#000000", 1.0};

  void validate() const {
    constexpr const char* fn = "io::ruler_options::validate";
    check_finite(fn, "y", y);
    if (positions.empty()) fail_input(fn, "positions.size()", 0, "must not be empty");
    check_all_finite(fn, "positions", positions);
    check_all_finite(fn, "minor_positions", minor_positions);
    if (!labels.empty()) check_same_size(fn, "labels", labels.size(), "positions", positions.size());
    if (!sides.empty()) check_same_size(fn, "sides", sides.size(), "positions", positions.size());
    check_non_negative(fn, "tick_length", tick_length);
    stroke.validate();
  }
};

/// Whether a band joins its points by straight lines or as a step function (Kaplan–Meier CI).
enum class band_shape { linear, step };

/// Figure-wide appearance.
struct figure_style {
  std::string font_family = "Helvetica, Arial, sans-serif";
  double font_size = 12;              ///< px, for tick labels, titles and default text
  std::string background = "#ffffff";  ///< empty: transparent
  std::string id_prefix = "nomo";     ///< prefix of element ids, unique per figure in one page

  void validate() const {
    constexpr const char* fn = "io::figure_style::validate";
    if (font_family.empty()) fail_input(fn, "font_family", font_family, "must not be empty");
    check_positive(fn, "font_size", font_size);
    const auto name_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    const auto name_char = [&](char c) {
      return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    };
    // Ids end up in url(#…) references: ASCII letters, digits, '_', '-' and '.', not starting with a digit.
    const bool name =
        !id_prefix.empty() && name_start(id_prefix.front()) && std::all_of(id_prefix.begin(), id_prefix.end(), name_char);
    if (!name) {
      fail_input(fn, "id_prefix", id_prefix,
                 "must be a non-empty XML name (ASCII letters, digits, _ - .; a letter or _ first)");
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Drawing helpers (SVG fragments)
// ---------------------------------------------------------------------------------------------

namespace detail {

inline std::string dash_attribute(dash_pattern dash, double width) {
  const double unit = std::max(1.0, width);
  switch (dash) {
    case dash_pattern::dashed: return " stroke-dasharray=\"" + px(5 * unit) + " " + px(3 * unit) + "\"";
    case dash_pattern::dotted: return " stroke-dasharray=\"" + px(unit) + " " + px(2 * unit) + "\"";
    case dash_pattern::dot_dash:
      return " stroke-dasharray=\"" + px(unit) + " " + px(2 * unit) + " " + px(5 * unit) + " " + px(2 * unit) + "\"";
    case dash_pattern::solid: break;
  }
  return {};
}

inline std::string stroke_attributes(const stroke_style& s) {
  std::string a = " fill=\"none\" stroke=\"" + xml_escape(s.color) + "\" stroke-width=\"" + px(s.width) + "\"";
  if (s.opacity < 1) a += " stroke-opacity=\"" + fixed_text(s.opacity, 3) + "\"";
  return a + dash_attribute(s.dash, s.width) + " stroke-linejoin=\"round\"";
}

inline std::string fill_attributes(const fill_style& f) {
  std::string a = " fill=\"" + xml_escape(f.color) + "\" stroke=\"none\"";
  if (f.opacity < 1) a += " fill-opacity=\"" + fixed_text(f.opacity, 3) + "\"";
  return a;
}

/// A point in pixels.
struct point {
  double x;
  double y;
};

inline std::string points_attribute(const std::vector<point>& points) {
  std::string text;
  for (const auto& p : points) {
    if (!text.empty()) text += ' ';
    text += px(p.x) + "," + px(p.y);
  }
  return text;
}

inline std::string marker_svg(point at, const marker_style& m) {
  const double r = m.size / 2;
  const std::string paint = m.filled ? " fill=\"" + xml_escape(m.color) + "\" stroke=\"none\""
                                     : " fill=\"none\" stroke=\"" + xml_escape(m.color) +
                                           "\" stroke-width=\"" + px(m.stroke_width) + "\"";
  const std::string line_paint = " fill=\"none\" stroke=\"" + xml_escape(m.color) + "\" stroke-width=\"" +
                                 px(m.stroke_width) + "\"";
  switch (m.shape) {
    case marker_shape::circle:
      return "<circle class=\"marker\" cx=\"" + px(at.x) + "\" cy=\"" + px(at.y) + "\" r=\"" + px(r) + "\"" + paint + "/>\n";
    case marker_shape::square:
      return "<rect class=\"marker\" x=\"" + px(at.x - r) + "\" y=\"" + px(at.y - r) + "\" width=\"" + px(m.size) +
             "\" height=\"" + px(m.size) + "\"" + paint + "/>\n";
    case marker_shape::triangle:
      return "<polygon class=\"marker\" points=\"" +
             points_attribute({{at.x, at.y - r}, {at.x + r, at.y + r}, {at.x - r, at.y + r}}) + "\"" + paint + "/>\n";
    case marker_shape::diamond:
      return "<polygon class=\"marker\" points=\"" +
             points_attribute({{at.x, at.y - r}, {at.x + r, at.y}, {at.x, at.y + r}, {at.x - r, at.y}}) + "\"" +
             paint + "/>\n";
    case marker_shape::plus:
      return "<path class=\"marker\" d=\"M" + px(at.x - r) + " " + px(at.y) + "H" + px(at.x + r) + "M" + px(at.x) +
             " " + px(at.y - r) + "V" + px(at.y + r) + "\"" + line_paint + "/>\n";
    case marker_shape::cross:
      return "<path class=\"marker\" d=\"M" + px(at.x - r) + " " + px(at.y - r) + "L" + px(at.x + r) + " " +
             px(at.y + r) + "M" + px(at.x - r) + " " + px(at.y + r) + "L" + px(at.x + r) + " " + px(at.y - r) +
             "\"" + line_paint + "/>\n";
  }
  return {};
}

inline const char* anchor_name(text_anchor a) {
  switch (a) {
    case text_anchor::middle: return "middle";
    case text_anchor::end: return "end";
    case text_anchor::start: break;
  }
  return "start";
}

/// A <text> element; '\n' in `content` starts a new line below the first.
inline std::string text_svg(point at, std::string_view content, const text_style& style, std::string_view css_class) {
  std::string svg = "<text class=\"" + std::string(css_class) + "\" x=\"" + px(at.x) + "\" y=\"" + px(at.y) + "\"";
  if (style.anchor != text_anchor::start) svg += std::string(" text-anchor=\"") + anchor_name(style.anchor) + "\"";
  if (style.baseline == text_baseline::middle) svg += " dy=\"0.35em\"";
  if (style.baseline == text_baseline::top) svg += " dy=\"0.71em\"";
  if (style.size > 0) svg += " font-size=\"" + px(style.size) + "\"";
  if (style.color != "#000000") svg += " fill=\"" + xml_escape(style.color) + "\"";
  if (style.bold) svg += " font-weight=\"bold\"";
  if (style.rotate != 0) svg += " transform=\"rotate(" + px(style.rotate) + " " + px(at.x) + " " + px(at.y) + ")\"";
  svg += ">";
  std::size_t start = 0;
  bool first = true;
  for (;;) {
    const std::size_t end = content.find('\n', start);
    const std::string_view line = content.substr(start, end == std::string_view::npos ? content.size() - start : end - start);
    if (first && end == std::string_view::npos) {
      svg += xml_escape(line);
      break;
    }
    svg += "<tspan x=\"" + px(at.x) + "\"" + (first ? std::string() : std::string(" dy=\"1.2em\"")) + ">" +
           xml_escape(line) + "</tspan>";
    first = false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return svg + "</text>\n";
}

inline std::string line_svg(point a, point b, const stroke_style& s, std::string_view css_class) {
  return "<line class=\"" + std::string(css_class) + "\" x1=\"" + px(a.x) + "\" y1=\"" + px(a.y) + "\" x2=\"" +
         px(b.x) + "\" y2=\"" + px(b.y) + "\"" + stroke_attributes(s) + "/>\n";
}

/// Index ranges [begin, end) of consecutive points where every given vector is finite: the pieces
/// a curve with missing values is drawn in.
struct run {
  std::size_t begin;
  std::size_t end;
};

inline std::vector<run> finite_runs(const std::vector<const std::vector<double>*>& columns, std::size_t n) {
  std::vector<run> runs;
  std::size_t i = 0;
  while (i < n) {
    const auto finite = [&](std::size_t k) {
      return std::all_of(columns.begin(), columns.end(), [k](const std::vector<double>* c) { return !std::isnan((*c)[k]); });
    };
    while (i < n && !finite(i)) ++i;
    const std::size_t begin = i;
    while (i < n && finite(i)) ++i;
    if (i > begin) runs.push_back({begin, i});
  }
  return runs;
}

/// The public spelling is io::text_width; figures written before it existed call this one.
using nomo::io::text_width;

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Panel
// ---------------------------------------------------------------------------------------------

class figure;

/// A plot area with linear x and y ranges; created by figure::add_panel and owned by the figure.
/// Everything drawn is kept in call order (later on top); axes and frame are drawn over the data.
class panel {
 public:
  /// Figure x pixel of data x.
  double x_px(double x) const { return plot_.left + (x - options_.x.min) / (options_.x.max - options_.x.min) * plot_.width; }
  /// Figure y pixel of data y (up is up).
  double y_px(double y) const { return plot_.bottom() - (y - options_.y.min) / (options_.y.max - options_.y.min) * plot_.height; }
  /// The plot area in figure pixels.
  const box& plot_area() const { return plot_; }
  /// The options the panel was created with.
  const panel_options& options() const { return options_; }
  /// The tick positions the x axis shows (explicit ticks, or R pretty() ticks inside the range).
  std::vector<double> x_ticks() const { return ticks_of(options_.x_axis, options_.x); }
  /// The tick positions the y axis shows.
  std::vector<double> y_ticks() const { return ticks_of(options_.y_axis, options_.y); }

  /// A polyline through (x[i], y[i]) in the given order, like R lines(); NaN breaks the line.
  /// A non-empty `label` adds a legend entry. Throws invalid_input for different lengths, empty
  /// input or ±Inf.
  void line(const std::vector<double>& x, const std::vector<double>& y, const stroke_style& stroke = {},
            const std::string& label = {}) {
    constexpr const char* fn = "io::panel::line";
    check_curve(fn, x, "y", y);
    stroke.validate();
    for (const auto& r : detail::finite_runs({&x, &y}, x.size())) {
      std::vector<detail::point> points;
      for (std::size_t i = r.begin; i < r.end; ++i) points.push_back(to_px(x[i], y[i]));
      data_ += "<polyline class=\"line\" points=\"" + detail::points_attribute(points) + "\"" +
               detail::stroke_attributes(stroke) + "/>\n";
    }
    if (!label.empty()) entries_.push_back({label, stroke, std::nullopt, std::nullopt});
  }

  /// A right-continuous step function, like R lines(type = "s") and plot.survfit: y[i] holds from
  /// x[i] to x[i+1]; the last value is drawn on to `extend_to` when given. x must not decrease.
  /// NaN breaks the steps. Throws invalid_input for different lengths, empty input, ±Inf, a
  /// decreasing x or `extend_to` below the last x.
  void step(const std::vector<double>& x, const std::vector<double>& y, const stroke_style& stroke = {},
            const std::string& label = {}, std::optional<double> extend_to = std::nullopt) {
    constexpr const char* fn = "io::panel::step";
    check_curve(fn, x, "y", y);
    check_step_x(fn, x, extend_to);
    stroke.validate();
    const auto runs = detail::finite_runs({&x, &y}, x.size());
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const bool last_run = k + 1 == runs.size();
      const double end = last_run ? extend_to.value_or(no_extension) : no_extension;
      const auto points = step_points(x, y, runs[k], end, false);
      data_ += "<polyline class=\"step\" points=\"" + detail::points_attribute(points) + "\"" +
               detail::stroke_attributes(stroke) + "/>\n";
    }
    if (!label.empty()) entries_.push_back({label, stroke, std::nullopt, std::nullopt});
  }

  /// The area between `lower` and `upper` over x (a confidence band), like R polygon(c(x, rev(x)),
  /// c(upper, rev(lower))); `shape` = step draws it as step functions for Kaplan–Meier limits.
  /// NaN in any of the three breaks the band. Throws invalid_input for different lengths, empty
  /// input, ±Inf, or (step) a decreasing x.
  void band(const std::vector<double>& x, const std::vector<double>& lower, const std::vector<double>& upper,
            const fill_style& fill = {}, const std::string& label = {}, band_shape shape = band_shape::linear,
            std::optional<double> extend_to = std::nullopt) {
    constexpr const char* fn = "io::panel::band";
    check_curve(fn, x, "lower", lower);
    check_curve(fn, x, "upper", upper);
    if (shape == band_shape::step) check_step_x(fn, x, extend_to);
    fill.validate();
    const auto runs = detail::finite_runs({&x, &lower, &upper}, x.size());
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const double end = k + 1 == runs.size() ? extend_to.value_or(no_extension) : no_extension;
      std::vector<detail::point> outline;
      if (shape == band_shape::step) {
        outline = step_points(x, upper, runs[k], end, false);
        const auto bottom = step_points(x, lower, runs[k], end, true);
        outline.insert(outline.end(), bottom.begin(), bottom.end());
      } else {
        for (std::size_t i = runs[k].begin; i < runs[k].end; ++i) outline.push_back(to_px(x[i], upper[i]));
        for (std::size_t i = runs[k].end; i-- > runs[k].begin;) outline.push_back(to_px(x[i], lower[i]));
      }
      data_ += "<polygon class=\"band\" points=\"" + detail::points_attribute(outline) + "\"" +
               detail::fill_attributes(fill) + "/>\n";
    }
    if (!label.empty()) entries_.push_back({label, std::nullopt, fill, std::nullopt});
  }

  /// A symbol at each (x[i], y[i]), like R points(); points with NaN are skipped. Throws
  /// invalid_input for different lengths, empty input or ±Inf.
  void markers(const std::vector<double>& x, const std::vector<double>& y, const marker_style& marker = {},
               const std::string& label = {}) {
    constexpr const char* fn = "io::panel::markers";
    check_curve(fn, x, "y", y);
    marker.validate();
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!std::isnan(x[i]) && !std::isnan(y[i])) data_ += detail::marker_svg(to_px(x[i], y[i]), marker);
    }
    if (!label.empty()) entries_.push_back({label, std::nullopt, std::nullopt, marker});
  }

  /// Vertical bars from lower[i] to upper[i] at x[i] with caps `cap_width` px wide, like
  /// Hmisc errbar() (grouped calibration, OR tables). Throws invalid_input for different lengths,
  /// empty input, ±Inf or a negative cap width.
  void error_bars(const std::vector<double>& x, const std::vector<double>& lower, const std::vector<double>& upper,
                  const stroke_style& stroke = {}, double cap_width = 6) {
    constexpr const char* fn = "io::panel::error_bars";
    check_curve(fn, x, "lower", lower);
    check_curve(fn, x, "upper", upper);
    check_non_negative(fn, "cap_width", cap_width);
    stroke.validate();
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i]) || std::isnan(lower[i]) || std::isnan(upper[i])) continue;
      const detail::point lo = to_px(x[i], lower[i]);
      const detail::point hi = to_px(x[i], upper[i]);
      std::string d = "M" + detail::px(lo.x) + " " + detail::px(lo.y) + "V" + detail::px(hi.y);
      if (cap_width > 0) {
        const double half = cap_width / 2;
        d += "M" + detail::px(lo.x - half) + " " + detail::px(lo.y) + "H" + detail::px(lo.x + half) + "M" +
             detail::px(hi.x - half) + " " + detail::px(hi.y) + "H" + detail::px(hi.x + half);
      }
      data_ += "<path class=\"error-bar\" d=\"" + d + "\"" + detail::stroke_attributes(stroke) + "/>\n";
    }
  }

  /// Short marks at each x along the bottom (or top) edge of the plot, like R rug(): the
  /// distribution of predictions under a calibration curve. NaN values are skipped. Throws
  /// invalid_input for empty x, ±Inf or a negative length.
  void rug(const std::vector<double>& x, double length = 6, const stroke_style& stroke = {"#000000", 0.6},
           bool top = false) {
    constexpr const char* fn = "io::panel::rug";
    check_curve(fn, x, "x", x);
    check_non_negative(fn, "length", length);
    stroke.validate();
    const double edge = top ? plot_.top : plot_.bottom();
    const double tip = top ? edge + length : edge - length;
    std::string d;
    for (const double v : x) {
      if (!std::isnan(v)) d += "M" + detail::px(x_px(v)) + " " + detail::px(edge) + "V" + detail::px(tip);
    }
    if (!d.empty()) data_ += "<path class=\"rug\" d=\"" + d + "\"" + detail::stroke_attributes(stroke) + "/>\n";
  }

  /// A straight segment between two data points (clipped), like R segments().
  void segment(double x0, double y0, double x1, double y1, const stroke_style& stroke = {}) {
    constexpr const char* fn = "io::panel::segment";
    check_finite(fn, "x0", x0);
    check_finite(fn, "y0", y0);
    check_finite(fn, "x1", x1);
    check_finite(fn, "y1", y1);
    stroke.validate();
    data_ += detail::line_svg(to_px(x0, y0), to_px(x1, y1), stroke, "segment");
  }

  /// The line y = intercept + slope·x across the plot, like R abline(a, b) (e.g. the ideal line
  /// of a calibration plot). Throws invalid_input for non-finite coefficients.
  void abline(double intercept, double slope, const stroke_style& stroke = {}) {
    constexpr const char* fn = "io::panel::abline";
    check_finite(fn, "intercept", intercept);
    check_finite(fn, "slope", slope);
    segment(options_.x.min, intercept + slope * options_.x.min, options_.x.max, intercept + slope * options_.x.max, stroke);
  }

  /// A horizontal reference line across the plot, like R abline(h = y) (e.g. OR = 1).
  void hline(double y, const stroke_style& stroke = {}) {
    check_finite("io::panel::hline", "y", y);
    segment(options_.x.min, y, options_.x.max, y, stroke);
  }

  /// A vertical reference line across the plot, like R abline(v = x) (e.g. a cut-off).
  void vline(double x, const stroke_style& stroke = {}) {
    check_finite("io::panel::vline", "x", x);
    segment(x, options_.y.min, x, options_.y.max, stroke);
  }

  /// Text at data point (x, y), not clipped, like R text(); '\n' starts a new line. Throws
  /// invalid_input for non-finite coordinates or an invalid style.
  void text(double x, double y, const std::string& content, const text_style& style = {}) {
    constexpr const char* fn = "io::panel::text";
    check_finite(fn, "x", x);
    check_finite(fn, "y", y);
    style.validate();
    overlay_ += detail::text_svg(to_px(x, y), content, style, "annotation");
  }

  /// A nomogram-style ruler (see ruler_options). Throws invalid_input for invalid options.
  void ruler(const ruler_options& options) {
    options.validate();
    const double y = y_px(options.y);
    const auto [lo, hi] = std::minmax_element(options.positions.begin(), options.positions.end());
    std::string svg = "<g class=\"ruler\">\n";
    svg += detail::line_svg({x_px(*lo), y}, {x_px(*hi), y}, options.stroke, "ruler-line");
    const std::vector<std::string> labels = options.labels.empty() ? format_ticks(options.positions) : options.labels;
    for (std::size_t i = 0; i < options.positions.size(); ++i) {
      const ruler_side side = options.sides.empty() ? options.side : options.sides[i];
      const double direction = side == ruler_side::above ? -1.0 : 1.0;
      const double x = x_px(options.positions[i]);
      const double tip = y + direction * options.tick_length;
      svg += detail::line_svg({x, y}, {x, tip}, options.stroke, "ruler-tick");
      text_style label_style;
      label_style.anchor = text_anchor::middle;
      label_style.baseline = side == ruler_side::above ? text_baseline::alphabetic : text_baseline::top;
      svg += detail::text_svg({x, tip + direction * 2}, labels[i], label_style, "ruler-label");
    }
    for (const double minor : options.minor_positions) {
      const double x = x_px(minor);
      const double direction = options.side == ruler_side::above ? -1.0 : 1.0;
      svg += detail::line_svg({x, y}, {x, y + direction * options.tick_length / 2}, options.stroke, "ruler-minor");
    }
    if (!options.title.empty()) {
      text_style title_style;
      title_style.anchor = text_anchor::end;
      title_style.baseline = text_baseline::middle;
      svg += detail::text_svg({plot_.left - 10, y}, options.title, title_style, "ruler-title");
    }
    overlay_ += svg + "</g>\n";
  }

  /// Adds a legend row by hand (for keys that combine styles, e.g. a line over its band).
  void add_legend_entry(legend_entry entry) {
    constexpr const char* fn = "io::panel::add_legend_entry";
    if (entry.label.empty()) fail_input(fn, "entry.label", entry.label, "must not be empty");
    if (entry.stroke) entry.stroke->validate();
    if (entry.fill) entry.fill->validate();
    if (entry.marker) entry.marker->validate();
    entries_.push_back(std::move(entry));
  }

  /// Shows a legend of the labelled elements (in the order they were drawn) inside the plot area.
  void legend(const legend_options& options = {}) { legend_ = options; }

  /// Number of legend rows so far.
  std::size_t legend_size() const { return entries_.size(); }

 private:
  friend class figure;

  static constexpr double no_extension = std::numeric_limits<double>::quiet_NaN();

  panel(panel_options options, box area, figure_style style, std::size_t index)
      : options_(std::move(options)), style_(std::move(style)), index_(index) {
    const margins& m = options_.margin;
    plot_ = {area.left + m.left, area.top + m.top, area.width - m.left - m.right, area.height - m.top - m.bottom};
    if (!(plot_.width > 0) || !(plot_.height > 0)) {
      fail_input("io::figure::add_panel", "margin", detail::px(m.left) + "," + detail::px(m.right) + "," +
                     detail::px(m.top) + "," + detail::px(m.bottom),
                 "leaves no plot area in a panel of " + detail::px(area.width) + " x " + detail::px(area.height) + " px");
    }
  }

  detail::point to_px(double x, double y) const { return {x_px(x), y_px(y)}; }

  static void check_curve(std::string_view fn, const std::vector<double>& x, std::string_view y_name,
                          const std::vector<double>& y) {
    if (x.empty()) fail_input(fn, "x.size()", 0, "must not be empty");
    check_same_size(fn, y_name, y.size(), "x", x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isinf(x[i])) fail_input(fn, nomo::detail::element("x", i), x[i], "must be finite or NaN (missing)");
      if (std::isinf(y[i])) fail_input(fn, nomo::detail::element(y_name, i), y[i], "must be finite or NaN (missing)");
    }
  }

  static void check_step_x(std::string_view fn, const std::vector<double>& x, std::optional<double> extend_to) {
    double previous = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i])) continue;
      if (x[i] < previous) fail_input(fn, nomo::detail::element("x", i), x[i], "must not decrease (step functions)");
      previous = x[i];
    }
    if (extend_to) {
      check_finite(fn, "extend_to", *extend_to);
      if (*extend_to < previous) fail_input(fn, "extend_to", *extend_to, "must not be below the last x = " + nomo::detail::describe(previous));
    }
  }

  /// Pixel vertices of the step function y over x[r], ending at `extend_to` unless that is NaN;
  /// `reversed` walks it backwards (the lower edge of a step band).
  std::vector<detail::point> step_points(const std::vector<double>& x, const std::vector<double>& y, detail::run r,
                                         double extend_to, bool reversed) const {
    std::vector<detail::point> points;
    for (std::size_t i = r.begin; i < r.end; ++i) {
      if (i > r.begin) points.push_back(to_px(x[i], y[i - 1]));
      points.push_back(to_px(x[i], y[i]));
    }
    if (!std::isnan(extend_to)) points.push_back(to_px(extend_to, y[r.end - 1]));
    if (reversed) std::reverse(points.begin(), points.end());
    return points;
  }

  static std::vector<double> ticks_of(const axis_options& axis, const range& r) {
    if (!axis.ticks.empty()) return axis.ticks;
    const double slack = 1e-9 * (r.max - r.min);
    std::vector<double> ticks;
    for (const double t : pretty(r.min, r.max, axis.tick_count)) {
      if (t >= r.min - slack && t <= r.max + slack) ticks.push_back(t);
    }
    return ticks;
  }

  static std::vector<std::string> labels_of(const axis_options& axis, const std::vector<double>& ticks) {
    return axis.tick_labels.empty() ? format_ticks(ticks) : axis.tick_labels;
  }

  std::string clip_id() const { return style_.id_prefix + "-clip-" + std::to_string(index_); }

  std::string clip_path_svg() const {
    return "<clipPath id=\"" + clip_id() + "\"><rect x=\"" + detail::px(plot_.left) + "\" y=\"" + detail::px(plot_.top) +
           "\" width=\"" + detail::px(plot_.width) + "\" height=\"" + detail::px(plot_.height) + "\"/></clipPath>\n";
  }

  std::string grid_svg() const {
    const stroke_style grid_stroke{"#dddddd", 0.8};
    std::string svg;
    if (options_.x_axis.grid) {
      for (const double t : x_ticks()) svg += detail::line_svg({x_px(t), plot_.top}, {x_px(t), plot_.bottom()}, grid_stroke, "grid");
    }
    if (options_.y_axis.grid) {
      for (const double t : y_ticks()) svg += detail::line_svg({plot_.left, y_px(t)}, {plot_.right(), y_px(t)}, grid_stroke, "grid");
    }
    return svg;
  }

  std::string x_axis_svg() const {
    const axis_options& axis = options_.x_axis;
    const stroke_style axis_stroke{"#000000", 1.0};
    std::string svg = "<g class=\"axis-x\">\n";
    if (!options_.frame) svg += detail::line_svg({plot_.left, plot_.bottom()}, {plot_.right(), plot_.bottom()}, axis_stroke, "axis-line");
    const auto ticks = x_ticks();
    const auto labels = labels_of(axis, ticks);
    text_style label_style;
    label_style.anchor = text_anchor::middle;
    label_style.baseline = text_baseline::top;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      const double x = x_px(ticks[i]);
      svg += detail::line_svg({x, plot_.bottom()}, {x, plot_.bottom() + 5}, axis_stroke, "tick");
      svg += detail::text_svg({x, plot_.bottom() + 8}, labels[i], label_style, "tick-label");
    }
    if (!axis.title.empty()) {
      svg += detail::text_svg({plot_.left + plot_.width / 2, plot_.bottom() + 14 + style_.font_size}, axis.title,
                              label_style, "axis-title");
    }
    return svg + "</g>\n";
  }

  std::string y_axis_svg() const {
    const axis_options& axis = options_.y_axis;
    const stroke_style axis_stroke{"#000000", 1.0};
    std::string svg = "<g class=\"axis-y\">\n";
    if (!options_.frame) svg += detail::line_svg({plot_.left, plot_.top}, {plot_.left, plot_.bottom()}, axis_stroke, "axis-line");
    const auto ticks = y_ticks();
    const auto labels = labels_of(axis, ticks);
    text_style label_style;
    label_style.anchor = text_anchor::end;
    label_style.baseline = text_baseline::middle;
    double widest = 0;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      const double y = y_px(ticks[i]);
      svg += detail::line_svg({plot_.left - 5, y}, {plot_.left, y}, axis_stroke, "tick");
      svg += detail::text_svg({plot_.left - 8, y}, labels[i], label_style, "tick-label");
      widest = std::max(widest, detail::text_width(labels[i], style_.font_size));
    }
    if (!axis.title.empty()) {
      text_style title_style;
      title_style.anchor = text_anchor::middle;
      title_style.rotate = -90;
      svg += detail::text_svg({plot_.left - 14 - widest, plot_.top + plot_.height / 2}, axis.title, title_style,
                              "axis-title");
    }
    return svg + "</g>\n";
  }

  std::string legend_svg() const {
    if (!legend_ || entries_.empty()) return {};
    const double font = style_.font_size;
    const double row = 1.4 * font;
    const double key = 24;
    const double pad = 6;
    double widest = detail::text_width(legend_->title, font);
    for (const auto& e : entries_) widest = std::max(widest, key + 6 + detail::text_width(e.label, font));
    const double rows = static_cast<double>(entries_.size()) + (legend_->title.empty() ? 0 : 1);
    const double width = widest + 2 * pad;
    const double height = rows * row + 2 * pad;
    const bool left = legend_->position == legend_position::top_left || legend_->position == legend_position::bottom_left;
    const bool top = legend_->position == legend_position::top_left || legend_->position == legend_position::top_right;
    const double x0 = left ? plot_.left + 8 : plot_.right() - 8 - width;
    const double y0 = top ? plot_.top + 8 : plot_.bottom() - 8 - height;
    std::string svg = "<g class=\"legend\">\n<rect x=\"" + detail::px(x0) + "\" y=\"" + detail::px(y0) + "\" width=\"" +
                      detail::px(width) + "\" height=\"" + detail::px(height) +
                      "\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#999999\" stroke-width=\"0.8\"/>\n";
    double y = y0 + pad + row / 2;
    text_style label_style;
    label_style.baseline = text_baseline::middle;
    if (!legend_->title.empty()) {
      text_style title_style = label_style;
      title_style.bold = true;
      svg += detail::text_svg({x0 + pad, y}, legend_->title, title_style, "legend-title");
      y += row;
    }
    for (const auto& e : entries_) {
      const double kx = x0 + pad;
      if (e.fill) {
        svg += "<rect class=\"legend-key\" x=\"" + detail::px(kx) + "\" y=\"" + detail::px(y - row / 3) + "\" width=\"" +
               detail::px(key) + "\" height=\"" + detail::px(2 * row / 3) + "\"" + detail::fill_attributes(*e.fill) + "/>\n";
      }
      if (e.stroke) svg += detail::line_svg({kx, y}, {kx + key, y}, *e.stroke, "legend-key");
      if (e.marker) svg += detail::marker_svg({kx + key / 2, y}, *e.marker);
      svg += detail::text_svg({kx + key + 6, y}, e.label, label_style, "legend-label");
      y += row;
    }
    return svg + "</g>\n";
  }

  std::string frame_svg() const {
    return "<rect class=\"frame\" x=\"" + detail::px(plot_.left) + "\" y=\"" + detail::px(plot_.top) + "\" width=\"" +
           detail::px(plot_.width) + "\" height=\"" + detail::px(plot_.height) + "\" fill=\"none\" stroke=\"#000000\"/>\n";
  }

  std::string svg() const {
    std::string out = "<g class=\"panel\">\n" + grid_svg();
    out += "<g clip-path=\"url(#" + clip_id() + ")\">\n" + data_ + "</g>\n";
    if (options_.frame) out += frame_svg();
    if (options_.x_axis.visible) out += x_axis_svg();
    if (options_.y_axis.visible) out += y_axis_svg();
    if (!options_.title.empty()) {
      text_style title_style;
      title_style.anchor = text_anchor::middle;
      title_style.bold = true;
      out += detail::text_svg({plot_.left + plot_.width / 2, plot_.top - 10}, options_.title, title_style, "panel-title");
    }
    return out + overlay_ + legend_svg() + "</g>\n";
  }

  panel_options options_;
  figure_style style_;
  std::size_t index_;
  box plot_;
  std::string data_;     // clipped elements, in call order
  std::string overlay_;  // unclipped text and rulers
  std::vector<legend_entry> entries_;
  std::optional<legend_options> legend_;
};

// ---------------------------------------------------------------------------------------------
// Figure
// ---------------------------------------------------------------------------------------------

/// An SVG document of fixed pixel size holding panels and free text.
class figure {
 public:
  /// A blank figure `width` × `height` px. Throws invalid_input for a non-positive size or an
  /// invalid style.
  figure(double width, double height, figure_style style = {}) : width_(width), height_(height), style_(std::move(style)) {
    check_positive("io::figure", "width", width);
    check_positive("io::figure", "height", height);
    style_.validate();
  }

  double width() const { return width_; }
  double height() const { return height_; }

  /// The box of cell (row, col) when the figure is split into rows × cols equal cells, for
  /// multi-panel figures. Throws invalid_input for counts below 1 or a cell outside the grid.
  box cell(int rows, int cols, int row, int col) const {
    constexpr const char* fn = "io::figure::cell";
    if (rows < 1) fail_input(fn, "rows", rows, "must be at least 1");
    if (cols < 1) fail_input(fn, "cols", cols, "must be at least 1");
    if (row < 0 || row >= rows) fail_input(fn, "row", row, "must lie in [0, rows = " + std::to_string(rows) + ")");
    if (col < 0 || col >= cols) fail_input(fn, "col", col, "must lie in [0, cols = " + std::to_string(cols) + ")");
    const double w = width_ / cols;
    const double h = height_ / rows;
    return {col * w, row * h, w, h};
  }

  /// Adds a panel and returns it for drawing; the reference stays valid for the figure's life.
  /// Throws invalid_input for invalid options, an area outside the figure, or margins that leave
  /// no plot area.
  panel& add_panel(const panel_options& options) {
    constexpr const char* fn = "io::figure::add_panel";
    options.validate();
    const box area = options.area.value_or(box{0, 0, width_, height_});
    const double tolerance = 1e-9 * (width_ + height_);
    // Written so that a NaN anywhere fails too.
    if (!(area.width > 0) || !(area.height > 0) || !(area.left >= -tolerance) || !(area.top >= -tolerance) ||
        !(area.right() <= width_ + tolerance) || !(area.bottom() <= height_ + tolerance)) {
      fail_input(fn, "area", detail::px(area.left) + "," + detail::px(area.top) + " " + detail::px(area.width) + "x" +
                                 detail::px(area.height),
                 "must lie inside the " + detail::px(width_) + " x " + detail::px(height_) + " px figure");
    }
    panels_.push_back(std::unique_ptr<panel>(new panel(options, area, style_, panels_.size())));
    return *panels_.back();
  }

  /// Number of panels.
  std::size_t panel_count() const { return panels_.size(); }
  /// Panel `index` in order of creation. Throws invalid_input for an index out of range.
  panel& panel_at(std::size_t index) {
    if (index >= panels_.size()) fail_input("io::figure::panel_at", "index", index, "must be below panel_count() = " + std::to_string(panels_.size()));
    return *panels_[index];
  }

  /// Text at figure pixel (x, y), e.g. a figure title or panel tag ("A", "B").
  void text(double x, double y, const std::string& content, const text_style& style = {}) {
    constexpr const char* fn = "io::figure::text";
    check_finite(fn, "x", x);
    check_finite(fn, "y", y);
    style.validate();
    overlay_ += detail::text_svg({x, y}, content, style, "annotation");
  }

  /// The SVG document.
  std::string str() const {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                      detail::px(width_) + "\" height=\"" + detail::px(height_) + "\" viewBox=\"0 0 " + detail::px(width_) +
                      " " + detail::px(height_) + "\" font-family=\"" + xml_escape(style_.font_family) +
                      "\" font-size=\"" + detail::px(style_.font_size) + "\">\n";
    if (!style_.background.empty()) {
      out += "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"" + xml_escape(style_.background) + "\"/>\n";
    }
    if (!panels_.empty()) {
      out += "<defs>\n";
      for (const auto& p : panels_) out += p->clip_path_svg();
      out += "</defs>\n";
    }
    for (const auto& p : panels_) out += p->svg();
    return out + overlay_ + "</svg>\n";
  }

  /// Writes str() to `path`. Throws invalid_input naming the path when it cannot be written. The
  /// document is built before the file is opened, so a figure that cannot be drawn leaves an
  /// existing file as it was.
  void save(const std::string& path) const {
    const std::string document = str();
    std::ofstream file(path, std::ios::binary);
    if (!file) fail_input("io::figure::save", "path", path, "cannot be opened for writing");
    file << document;
    file.close();
    if (!file) fail_input("io::figure::save", "path", path, "could not be written completely");
  }

 private:
  double width_;
  double height_;
  figure_style style_;
  std::vector<std::unique_ptr<panel>> panels_;
  std::string overlay_;
};

}  // namespace nomo::io
