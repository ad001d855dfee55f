// io/csv.hpp: the cohort reader. Expected values are the cells written in each test's CSV text
// (closed form) or read by R's read.csv from the committed fixture (tests/reference/frame_csv.R).
#include "nomo/io/csv.hpp"

#include <cmath>

#include "invalid_input.hpp"
#include "fixture.hpp"

using nomo::io::column_type;
using nomo::io::csv_options;
using nomo::io::parse_csv;
using nomo::io::read_csv;

using nomo_test::require_invalid;

TEST_CASE("parse_csv detects numeric and label columns and missing cells") {
  const auto t = parse_csv("id,age,sex\n1,70,male\n2,NA,\n3,,female\n");
  REQUIRE(t.rows() == 3);
  const auto& age = t.at("age");
  CHECK(age.type == column_type::numeric);
  CHECK(age.numbers[0] == 70);
  CHECK(std::isnan(age.numbers[1]));
  CHECK(age.missing == std::vector<bool>{false, true, true});
  const auto& sex = t.at("sex");
  CHECK(sex.type == column_type::label);
  CHECK(sex.labels == std::vector<std::string>{"male", "", "female"});
  CHECK(sex.missing == std::vector<bool>{false, true, false});
  CHECK(t.lines == std::vector<std::size_t>{2, 3, 4});
}

TEST_CASE("parse_csv reads RFC 4180 quoting, BOM and CRLF") {
  const std::string text =
      "\xEF\xBB\xBF\"name\",\"dose\"\r\n"
      "\"a, \"\"quoted\"\" b\",\"60\"\r\n"
      "\"two\r\nlines\",-1.5e2\r\n"
      "\r\n"
      "plain,+3\r\n";
  const auto t = parse_csv(text);
  REQUIRE(t.rows() == 3);
  CHECK(t.columns[0].name == "name");
  CHECK(t.at("name").labels == std::vector<std::string>{"a, \"quoted\" b", "two\r\nlines", "plain"});
  CHECK(t.at("dose").type == column_type::numeric);
  CHECK(t.at("dose").numbers == std::vector<double>{60, -150, 3});
  CHECK(t.lines == std::vector<std::size_t>{2, 3, 6});
}

TEST_CASE("parse_csv reads Inf and NaN like R and honours forced column types") {
  csv_options options;
  options.label_columns = {"stage"};
  options.delimiter = ';';
  const auto t = parse_csv("x;stage\nInf;1\n-Inf;2\nNaN;3\n", options);
  const auto& x = t.at("x");
  CHECK(x.numbers[0] == std::numeric_limits<double>::infinity());
  CHECK(x.numbers[1] == -std::numeric_limits<double>::infinity());
  CHECK(x.missing[2]);
  CHECK(t.at("stage").type == column_type::label);
  CHECK(t.at("stage").labels == std::vector<std::string>{"1", "2", "3"});
}

namespace {

/// Checks table `t` cell by cell against what R read (column, row, type, value; "NA" = missing).
void check_against_r(const nomo::io::table& t, const std::string& expected_fixture) {
  const auto expected = nomo_test::read_table(expected_fixture);
  const auto columns = expected.text("column");
  const auto types = expected.text("type");
  const auto rows = expected.column("row");
  const auto values = expected.text("value");
  REQUIRE(t.rows() == static_cast<std::size_t>(rows.maxCoeff()));
  for (std::size_t k = 0; k < columns.size(); ++k) {
    INFO(columns[k] << " row " << rows(static_cast<Eigen::Index>(k)));
    const auto& c = t.at(columns[k]);
    const auto i = static_cast<std::size_t>(rows(static_cast<Eigen::Index>(k))) - 1;
    CHECK((c.type == column_type::numeric ? "numeric" : "label") == types[k]);
    if (values[k] == "NA") {
      CHECK(c.missing[i]);
    } else if (c.is_numeric()) {
      CHECK(c.numbers[i] == std::stod(values[k]));
    } else {
      std::string label = c.labels[i];
      for (auto at = label.find('\n'); at != std::string::npos; at = label.find('\n', at)) label.replace(at, 1, "\\n");
      CHECK_FALSE(c.missing[i]);
      CHECK(label == values[k]);
    }
  }
}

}  // namespace

TEST_CASE("parse_csv agrees with R read.csv on a tricky file") {
  check_against_r(read_csv(nomo_test::fixture_path("frame_csv_input.csv")), "frame_csv_expected.csv");
}

TEST_CASE("read_csv reads tab-separated files with quoted fields as R's read.delim") {
  // The tab after a closing quote, and before a quoted field that follows an empty cell, is the
  // delimiter, not a blank around the quotes.
  csv_options tab;
  tab.delimiter = '\t';
  check_against_r(read_csv(nomo_test::fixture_path("io_csv_tab_input.tsv"), tab), "io_csv_tab_expected.csv");
  csv_options space;
  space.delimiter = ' ';
  const auto t = parse_csv("a b\n\"x y\" 1\n", space);
  CHECK(t.at("a").labels == std::vector<std::string>{"x y"});
  CHECK(t.at("b").numbers == std::vector<double>{1});
}

TEST_CASE("read_csv reads decimal commas with decimal_mark ',' as R's read.csv2") {
  csv_options european;
  european.delimiter = ';';
  european.decimal_mark = ',';
  check_against_r(read_csv(nomo_test::fixture_path("io_csv_semicolon_input.csv"), european), "io_csv_semicolon_expected.csv");
  // With a decimal comma a point is not a decimal mark: "1.5" is text, as in read.csv2.
  CHECK(parse_csv("x\n1.5\n", european).at("x").type == column_type::label);
}

TEST_CASE("read_csv reads hexadecimal and blank-padded numbers, and NaN in label columns, as R") {
  check_against_r(read_csv(nomo_test::fixture_path("io_csv_numbers_input.csv")), "io_csv_numbers_expected.csv");
  // R 4.2.2 type.convert: 0x1p2000 -> Inf, 0x1p-2000 -> 0, 400 F digits p-8 -> Inf,
  // -0x1p99999999999999999999 -> -Inf.
  const auto t = parse_csv("a\n0x1p2000\n0x1p-2000\n0x" + std::string(400, 'F') + "p-8\n-0x1p99999999999999999999\n");
  REQUIRE(t.at("a").type == column_type::numeric);
  CHECK(t.at("a").numbers == std::vector<double>{HUGE_VAL, 0.0, HUGE_VAL, -HUGE_VAL});
  // read.csv reads "0x1.8" as 24 and "0x.8" as 8 (R_strtod drops the point of a hexadecimal
  // fraction unless a binary exponent follows); C reads 1.5 and 0.5. Neither is taken for a number,
  // so the column is text; with an exponent both agree: 0x1.8p0 and 0x.8p0 are 1.5 and 0.5.
  CHECK(parse_csv("a\n0x1.8\n").at("a").type == column_type::label);
  CHECK(parse_csv("a\n0x.8\n").at("a").type == column_type::label);
  CHECK(parse_csv("a\n0x1.8p0\n0x.8p0\n").at("a").numbers == std::vector<double>{1.5, 0.5});
}

TEST_CASE("parse_csv reads a blank cell as missing in a numeric column and nan(...) as text, as read.csv") {
  // read.csv("x,y\n1,a\n\"  \",b\n3,c"): x is 1 NA 3 (type.convert makes blank fields NA); the
  // blank cell made x a label column before (an independent check).
  const auto t = parse_csv("x,y\n1,a\n\"  \",b\n3,c\n");
  REQUIRE(t.at("x").type == column_type::numeric);
  CHECK(t.at("x").missing == std::vector<bool>{false, true, false});
  CHECK(t.at("x").numbers[2] == 3);
  // In a label column the blank text stays (read.csv keeps "  " as a string).
  const auto labels = parse_csv("x\na\n\"  \"\n");
  REQUIRE(labels.at("x").type == column_type::label);
  CHECK(labels.at("x").labels[1] == "  ");
  // read.csv reads "nan(abc)" as text; C's strtod takes it for a NaN.
  CHECK(parse_csv("n\nnan(abc)\n1\n").at("n").type == column_type::label);
}

TEST_CASE("read_csv and parse_csv reject malformed input naming source, line and column") {
  require_invalid([] { read_csv("/nonexistent/cohort.csv"); }, {"read_csv", "path", "/nonexistent/cohort.csv"});
  require_invalid([] { read_csv(NOMO_FIXTURE_DIR); }, {"read_csv", "path", "cannot be read"});  // a directory
  require_invalid([] { parse_csv(""); }, {"parse_csv", "source", "<string>", "header"});
  require_invalid([] { parse_csv("a,b\n1,2\n3\n"); }, {"line 3", "field count", "1", "2 fields"});
  require_invalid([] { parse_csv("a,b\n1,\"open\n"); }, {"line 2", "field 2", "open", "never closed"});
  require_invalid([] { parse_csv("a,b\n1,\"x\"y\n"); }, {"line 2", "field 2", "\"y\"", "after the closing quote"});
  require_invalid([] { parse_csv("a,b\n1,x\"y\n"); }, {"line 2", "field 2", "quote inside"});
  require_invalid([] { parse_csv(",a\n1,2\n"); }, {"header field 1", "row.names = FALSE"});
  require_invalid([] { parse_csv("a,a\n1,2\n"); }, {"header field 2", "\"a\"", "repeated"});
  csv_options numeric;
  numeric.numeric_columns = {"age"};
  require_invalid([&] { parse_csv("id,age\n1,70\n2,old\n", numeric, "cohort.csv"); },
                  {"cohort.csv line 3, column \"age\"", "\"old\"", "not a number"});
  csv_options unknown;
  unknown.label_columns = {"stage"};
  require_invalid([&] { parse_csv("id,age\n1,70\n", unknown); }, {"options.label_columns", "\"stage\"", "no such column"});
}

TEST_CASE("csv_options::validate and table accessors reject bad arguments") {
  csv_options quote;
  quote.delimiter = '"';
  require_invalid([&] { quote.validate(); }, {"csv_options::validate", "delimiter", "\"\"\""});
  csv_options both;
  both.label_columns = {"x"};
  both.numeric_columns = {"x"};
  require_invalid([&] { both.validate(); }, {"label_columns", "\"x\"", "numeric_columns"});
  csv_options decimal;
  decimal.decimal_mark = ';';
  require_invalid([&] { decimal.validate(); }, {"nomo::io::csv_options::validate: decimal_mark = \";\": must be '.' or ','"});
  decimal.decimal_mark = ',';
  require_invalid([&] { decimal.validate(); }, {"delimiter = \",\": equals decimal_mark"});

  const auto t = parse_csv("id,age\n1,70\n", {}, "cohort.csv");
  require_invalid([&] { t.at("agee"); }, {"table::at", "name", "\"agee\"", "cohort.csv", "{id, age}"});
  nomo::io::table built;
  built.add(nomo::io::numeric_column("x", {1, 2}));
  require_invalid([&] { built.add(nomo::io::label_column("x", {"a", "b"})); }, {"table::add", "\"x\"", "already"});
  require_invalid([&] { built.add(nomo::io::label_column("g", {"a"})); }, {"column(\"g\").size()", "1", "2"});
  CHECK(t.row_origin(0) == "row 0 (cohort.csv line 2)");
}

TEST_CASE("parse_csv keeps the text of numbers read before a column turned out to hold labels") {
  // As read.csv: one non-number makes the whole column character, with every cell's own text.
  const auto t = parse_csv("grade,note\n1,\"a \"\"b\"\"\"\n2.50,NA\n,x\nhigh,3\n");
  CHECK(t.at("grade").type == column_type::label);
  CHECK(t.at("grade").labels == std::vector<std::string>{"1", "2.50", "", "high"});
  CHECK(t.at("grade").missing == std::vector<bool>{false, false, true, false});
  CHECK(t.at("note").labels == std::vector<std::string>{"a \"b\"", "", "x", "3"});
}

TEST_CASE("parse_csv reads numbers beyond double's range as R's read.csv does: ±Inf, or 0 below a subnormal") {
  // R 4.2.2: read.csv(text = "a\n1e400\n-1e400\n1e-400\n...")$a gives Inf -Inf 0 0 0 4.940656e-324 Inf.
  const auto t = parse_csv("a\n1e400\n-1e400\n1e-400\n-1e-400\n2e-324\n3e-324\n1e99999999999999999999\n");
  const auto& a = t.at("a");
  REQUIRE(a.type == column_type::numeric);
  CHECK(a.numbers[0] == std::numeric_limits<double>::infinity());
  CHECK(a.numbers[1] == -std::numeric_limits<double>::infinity());
  CHECK(a.numbers[2] == 0.0);
  CHECK(a.numbers[3] == 0.0);
  CHECK(a.numbers[4] == 0.0);
  CHECK(a.numbers[5] == std::numeric_limits<double>::denorm_min());
  CHECK(a.numbers[6] == std::numeric_limits<double>::infinity());
  CHECK(a.missing == std::vector<bool>(7, false));
  // Overflow is judged by the place of the first significant digit, not by the written exponent:
  // R reads 100e307 as Inf and 1000e-327 as 0.
  const auto shifted = parse_csv("a\n100e307\n1000e-327\n");
  CHECK(shifted.at("a").numbers[0] == std::numeric_limits<double>::infinity());
  CHECK(shifted.at("a").numbers[1] == 0.0);
}
