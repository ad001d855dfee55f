// docs/API.md, the map from R calls to nomo's, against the headers and examples it names: every
// function or type in a row's nomo column is declared in one of the row's headers, and every example
// a row names exists and uses one of them. A renamed or moved function then fails here instead of
// leaving the map wrong.
#include <catch2/catch.hpp>

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

bool declares(const std::string& header_text, const std::string& name) {
  const std::regex declaration("(\\b" + name + "\\s*\\(|(struct|class) " + name + "\\b)");
  return std::regex_search(header_text, declaration);
}

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
      headers += text;
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
      for (const std::string& name : names) uses_one = uses_one || text.find(name) != std::string::npos;
      CHECK(uses_one);
    }
    ++rows;
  }
  CHECK(rows > 60);
}
