#pragma once
// Ordering text labels the way R's sort() and factor() do on Linux and macOS (ICU collation, what
// en_US.UTF-8 gives), so that every part of nomo that lists levels (model frames, Table 1, the
// groups of Kaplan–Meier and log-rank) puts them in R's order: punctuation before digits before
// letters, letters compared ignoring case first and lowercase before uppercase on a tie ("a" < "A"
// < "Ab" < "b"); digits compare as text ("10" < "9"). Deliberate limit: only ASCII is collated this
// way; other bytes sort after ASCII in byte order, where ICU would place accented letters next to
// their base letter. Give levels explicitly for non-ASCII labels.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nomo {

namespace detail {

/// Primary collation weight of a byte: ICU root order for ASCII, letters case-folded.
inline int primary_weight(unsigned char c) {
  static const std::array<int, 256> weights = [] {
    std::array<int, 256> w{};
    // ICU root order of ASCII (non-ignorable): whitespace, punctuation, symbols, currency, digits, letters.
    constexpr std::string_view order =
        "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";
    for (std::size_t byte = 0; byte < 256; ++byte) w[byte] = 1000 + static_cast<int>(byte);  // controls, non-ASCII: last
    for (std::size_t k = 0; k < order.size(); ++k) w[static_cast<unsigned char>(order[k])] = static_cast<int>(k);
    for (char upper = 'A'; upper <= 'Z'; ++upper) w[static_cast<unsigned char>(upper)] = w[static_cast<unsigned char>(upper - 'A' + 'a')];
    return w;
  }();
  return weights[c];
}

}  // namespace detail

/// True when `a` sorts before `b` in R's sort() with ICU collation (see this header's comment).
inline bool r_collate_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int wa = detail::primary_weight(static_cast<unsigned char>(a[i]));
    const int wb = detail::primary_weight(static_cast<unsigned char>(b[i]));
    if (wa != wb) return wa < wb;
  }
  if (a.size() != b.size()) return a.size() < b.size();
  // Same letters ignoring case: the first case difference decides, lowercase first (ICU tertiary).
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return a[i] >= 'a' && a[i] <= 'z';
  }
  return false;
}

/// The distinct labels in R factor() level order.
inline std::vector<std::string> sorted_levels(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end(), r_collate_less);
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

}  // namespace nomo
