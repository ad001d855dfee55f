// docs/API.md, the map from R calls to nomo's, against the headers and examples it names: every
// function or type in a row's nomo column is declared in one of the row's headers, and every example
// a row names exists and uses one of them. A renamed or moved function then fails here instead of
// leaving the map wrong.
#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace {

const std::string repository_root = std::string(NOMO_FIXTURE_DIR) + "/../..";

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> table_cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '|' && row[i - 1] != '\\') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

std::vector<std::string> code_spans(const std::string& cell) {
  std::vector<std::string> spans;
  const std::regex span("`([^`]+)`");
  for (std::sregex_iterator it(cell.begin(), cell.end(), span), end; it != end; ++it) spans.push_back((*it)[1]);
  return spans;
}

// Removes bracketed parts (arguments, template arguments, braces) of a code span.
std::string without_brackets(const std::string& span) {
  std::string out;
  int depth = 0;
  for (char c : span) {
    if (c == '(' || c == '<' || c == '{') ++depth;
    else if (c == ')' || c == '>' || c == '}') --depth;
    else if (depth == 0) out += c;
  }
  return out;
}

// The names a nomo cell declares: the last part of each code span that is a (qualified) name once
// its brackets are removed; spans such as `rule = ...` or `frame.missing` name no declaration.
std::vector<std::string> declared_names(const std::string& cell) {
  std::vector<std::string> names;
  const std::regex qualified("(?:[a-z_0-9]+::)*([a-z_0-9]+)");
  for (const std::string& span : code_spans(cell)) {
    std::smatch m;
    const std::string bare = without_brackets(span);
    if (std::regex_match(bare, m, qualified)) names.push_back(m[1]);
  }
  return names;
}

std::vector<std::string> listed_files(const std::string& cell) {
  std::vector<std::string> files;
  for (const std::string& span : code_spans(cell)) files.push_back(span);
  return files;
}

// The text of a source file without its comments and string and character literals, so that a name mentioned
// in a comment or a message does not pass for a declaration.
std::string code_only(const std::string& text) {
  std::string code;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "//") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
      code += '\n';
    } else if (text[i] == '"' || text[i] == '\'') {  // a string or character literal
      const char quote = text[i];
      for (++i; i < text.size() && text[i] != quote; ++i)
        if (text[i] == '\\') ++i;
      code += "\"\"";
    } else {
      code += text[i];
    }
  }
  return code;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `text` has `name` as a whole word followed (after spaces) by one of `next`, or preceded
// by "struct " or "class ".
bool has_word(const std::string& text, const std::string& name, const std::string& next) {
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    if (at > 0 && is_name_char(text[at - 1])) continue;
    std::size_t after = at + name.size();
    if (after < text.size() && is_name_char(text[after])) continue;
    while (after < text.size() && text[after] == ' ') ++after;
    if (next.empty() || (after < text.size() && next.find(text[after]) != std::string::npos)) return true;
    for (const std::string keyword : {"struct ", "class "}) {
      if (at >= keyword.size() && text.compare(at - keyword.size(), keyword.size(), keyword) == 0) return true;
    }
  }
  return false;
}

bool declares(const std::string& header_code, const std::string& name) { return has_word(header_code, name, "("); }

}  // namespace

TEST_CASE("docs/API.md names functions and types declared in the headers and examples it lists") {
  std::istringstream doc(file_text(repository_root + "/docs/API.md"));
  REQUIRE(doc.str().size() > 0);
  std::size_t rows = 0;
  for (std::string line; std::getline(doc, line);) {
    if (line.rfind("| ", 0) != 0 || line.find("| nomo |") != std::string::npos) continue;
    const std::vector<std::string> cells = table_cells(line);
    REQUIRE(cells.size() == 4);
    INFO(line);
    std::string headers;
    for (const std::string& header : listed_files(cells[2])) {
      const std::string text = file_text(repository_root + "/include/nomo/" + header);
      CHECK_FALSE(text.empty());
      headers += code_only(text);
    }
    const std::vector<std::string> names = declared_names(cells[1]);
    CHECK_FALSE(names.empty());
    for (const std::string& name : names) {
      INFO("name " << name);
      CHECK(declares(headers, name));
    }
    for (const std::string& example : listed_files(cells[3])) {
      const std::string text = file_text(repository_root + "/examples/" + example);
      INFO("example " << example);
      CHECK_FALSE(text.empty());
      bool uses_one = false;
      for (const std::string& name : names) uses_one = uses_one || has_word(code_only(text), name, "");
      CHECK(uses_one);
    }
    ++rows;
  }
  CHECK(rows > 60);
}
