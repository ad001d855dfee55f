// model/frame.hpp, spec.hpp, encode.hpp: every bad input is a nomo::invalid_input naming the
// function, the argument (column, row, file line) and the value.
#include "nomo/model/frame.hpp"

#include "nomo/model/formula.hpp"

#include "invalid_input.hpp"

using namespace nomo::model;
using nomo_test::require_invalid;

namespace {

// Rows 0..7 are file lines 2..9.
const char* const cohort_text =
    "y,age,grp,sex,gtv,flag\n"
    "0,50,A,f,3,1\n"
    "1,61,B,m,7,1\n"
    "0,72,A,f,30,1\n"
    "1,55,C,m,12,1\n"
    "0,48,B,f,2,1\n"
    "1,66,A,m,40,1\n"
    "0,59,C,f,9,1\n"
    "1,70,B,m,5,1\n";

nomo::io::table error_cohort() { return nomo::io::parse_csv(cohort_text, {}, "cohort.csv"); }

struct cell_change {
  std::size_t line, field;
  std::string text;
};

/// The cohort with some cells replaced (file line, 0-based field).
nomo::io::table cohort_with(std::initializer_list<cell_change> changes) {
  std::string text = cohort_text;
  for (const auto& change : changes) {
    std::size_t start = 0;
    for (std::size_t l = 1; l < change.line; ++l) start = text.find('\n', start) + 1;
    for (std::size_t f = 0; f < change.field; ++f) start = text.find(',', start) + 1;
    const std::size_t end = text.find_first_of(",\n", start);
    text.replace(start, end - start, change.text);
  }
  return nomo::io::parse_csv(text, {}, "cohort.csv");
}

}  // namespace

TEST_CASE("make_frame rejects unknown columns and label columns for numeric terms") {
  require_invalid([] { make_frame(error_cohort(), model_spec{"relapse", {continuous("age")}}); },
                  {"make_frame", "spec.outcome", "\"relapse\"", "no such column", "{y, age, grp, sex, gtv, flag}"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {continuous("age"), continuous("agee")}}); },
                  {"make_frame", "spec.terms[1].column", "\"agee\"", "no such column in cohort.csv"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {rcs("grp", 3)}}); },
                  {"make_frame", "column \"grp\" row 0 (cohort.csv line 2)", "\"A\"", "numeric column"});
  // A column of numbers with one stray label: the error names that cell, not the first one.
  const auto stray = nomo::io::parse_csv("y,dose\n0,1\n1,\n0,2.5\n1,abc\n0,4\n", {}, "stray.csv");
  require_invalid([&] { make_frame(stray, model_spec{"y", {continuous("dose")}}); },
                  {"make_frame", "column \"dose\" row 3 (stray.csv line 5)", "\"abc\"", "numeric column"});
}

TEST_CASE("make_frame rejects an outcome that is not 0/1 or not two labels") {
  require_invalid([] { make_frame(cohort_with({{4, 0, "2"}}), model_spec{"y", {continuous("age")}}); },
                  {"make_frame", "outcome column \"y\" row 2 (cohort.csv line 4)", "= 2", "0 or 1"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {continuous("age")}, "yes"}); },
                  {"make_frame", "spec.event_level", "\"yes\"", "0/1"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"sex", {continuous("age")}}); },
                  {"make_frame", "spec.event_level", "\"\"", "\"sex\" holds labels"});
  require_invalid([] { make_frame(cohort_with({{5, 3, "x"}}), model_spec{"sex", {continuous("age")}, "m"}); },
                  {"make_frame", "outcome column \"sex\" row 3 (cohort.csv line 5)", "\"x\"", "third outcome value"});
  // A mistyped event level is named as such, with the values the outcome has.
  require_invalid([] { make_frame(error_cohort(), model_spec{"sex", {continuous("age")}, "M"}); },
                  {"make_frame", "spec.event_level", "\"M\"", "not a value of the outcome \"sex\"", "\"f\", \"m\""});
}

TEST_CASE("make_frame rejects Inf in a predictor and treats NaN as missing") {
  require_invalid([] { make_frame(cohort_with({{6, 1, "Inf"}}), model_spec{"y", {continuous("age")}}); },
                  {"make_frame", "column \"age\" row 4 (cohort.csv line 6)", "= Inf", "finite or missing"});
  const auto frame = make_frame(cohort_with({{6, 1, "NaN"}}), model_spec{"y", {continuous("age")}});
  CHECK(frame.missing.rows_dropped == 1);
  CHECK(frame.rows == std::vector<std::size_t>{0, 1, 2, 3, 5, 6, 7});
}

TEST_CASE("make_frame rejects designs without enough rows or with constant columns") {
  nomo::io::table empty;
  empty.add(nomo::io::numeric_column("y", {0, 1, NAN}));
  empty.add(nomo::io::numeric_column("age", {NAN, NAN, 3}));
  require_invalid([&] { make_frame(empty, model_spec{"y", {continuous("age")}}); },
                  {"make_frame", "complete rows", "= 0", "y: 1, age: 2"});
  // A header-only file: said so, not "every one of the 0 rows misses a model column".
  require_invalid([&] { make_frame(nomo::io::parse_csv("y,age\n"), model_spec{"y", {continuous("age")}}); },
                  {"make_frame", "data.rows() = 0", "the table has no rows"});
  nomo::io::table small;
  small.add(nomo::io::numeric_column("y", {0, 1, 0, 1}));
  small.add(nomo::io::numeric_column("a", {1, 2, 3, 5}));
  small.add(nomo::io::label_column("g", {"p", "q", "r", "s"}));
  require_invalid([&] { make_frame(small, model_spec{"y", {continuous("a"), categorical("g")}}); },
                  {"make_frame", "design columns + intercept", "= 5", "4 complete rows"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {continuous("flag")}}); },
                  {"make_frame", "spec.terms[0] (column \"flag\")", "= 1", "constant column"});
  require_invalid([] { make_frame(cohort_with({{2, 2, "A"}, {3, 2, "A"}, {5, 2, "A"}, {6, 2, "A"}, {8, 2, "A"}, {9, 2, "A"}}),
                                  model_spec{"y", {categorical("grp")}}); },
                  {"make_frame", "spec.terms[0] (column \"grp\")", "\"A\"", "constant column"});
  // A numeric column with one non-missing value has no datadist; the error names make_frame and the
  // term, not summarize_numeric (all rows count by default, only the complete ones on request).
  const auto lone = cohort_with({{2, 4, "NA"}, {3, 4, "NA"}, {4, 4, "NA"}, {5, 4, "NA"}, {6, 4, "NA"}, {7, 4, "NA"}, {8, 4, "NA"}});
  require_invalid([&] { make_frame(lone, model_spec{"y", {continuous("age"), continuous("gtv")}}); },
                  {"make_frame", "spec.terms[1] (column \"gtv\") non-missing values", "= 1", "at least 2"});
  const auto one_complete = cohort_with({{2, 1, "NA"}, {3, 1, "NA"}, {4, 1, "NA"}, {5, 1, "NA"}, {6, 1, "NA"}, {7, 1, "NA"}, {8, 1, "NA"}});
  require_invalid([&] {
    make_frame(one_complete, model_spec{"y", {continuous("gtv"), continuous("age")}, "", datadist_rows::complete_cases});
  }, {"make_frame", "spec.terms[0] (column \"gtv\") non-missing values", "= 1", "on the complete rows"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {cut("gtv", {100})}}); },
                  {"make_frame", "spec.terms[0] (column \"gtv\") level", "\"[100,Inf)\"", "empty category level"});
}

TEST_CASE("make_frame rejects given levels that do not match the data and absent references") {
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {categorical("grp", {"A", "B", "C", "D"})}}); },
                  {"make_frame", "spec.terms[0] (column \"grp\") level", "\"D\"", "empty category level"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {categorical("grp", {"A", "B"})}}); },
                  {"make_frame", "column \"grp\" row 3 (cohort.csv line 5)", "\"C\"", "not one of the levels given"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {categorical("grp", {}, "Z")}}); },
                  {"make_frame", "spec.terms[0].reference", "\"Z\"", "reference level absent"});
  // One given level: the term could have no indicator column, whatever the data hold (before, the
  // message claimed every row held that level although rows hold A, B and C).
  for (const std::string level : {"A", "Z"}) {
    require_invalid([&] { make_frame(error_cohort(), model_spec{"y", {continuous("age"), categorical("grp", {level})}}); },
                    {"make_frame", "spec.terms[1] (column \"grp\") levels.size() = 1", "at least two levels", "\"" + level + "\""});
  }
  require_invalid([] { make_frame(error_cohort(), parse_model("y ~ factor(grp, levels = c(\"A\"))")); },
                  {"make_frame", "spec.terms[0] (column \"grp\") levels.size() = 1", "at least two levels"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {binary("grp")}}); },
                  {"make_frame", "spec.terms[0] (column \"grp\") levels", "= 3", "exactly 2"});
  // A level seen only in a row dropped for a missing age is not a level of the model (as R's
  // model.frame(drop.unused.levels = TRUE)), but given, it is an empty level.
  const auto dropped = cohort_with({{5, 1, "NA"}, {5, 2, "D"}});
  CHECK(make_frame(dropped, model_spec{"y", {continuous("age"), categorical("grp")}}).term_named("grp").levels ==
        std::vector<std::string>{"A", "B", "C"});
  require_invalid([&] { make_frame(dropped, model_spec{"y", {continuous("age"), categorical("grp", {"A", "B", "C", "D"})}}); },
                  {"make_frame", "(column \"grp\") level", "\"D\"", "empty category level"});
}

TEST_CASE("make_frame passes on invalid specs: cut points, duplicate terms, knots") {
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {cut("gtv", {28, 6})}}); },
                  {"term_spec::validate", "cut_points[1]", "= 6", "greater than the previous value 28"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {continuous("age"), rcs("age", 3)}}); },
                  {"model_spec::validate", "terms[1].column", "\"age\"", "duplicate term"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {continuous("y")}}); },
                  {"model_spec::validate", "terms[0].column", "\"y\"", "outcome"});
  require_invalid([] { make_frame(error_cohort(), model_spec{"", {continuous("age")}}); }, {"model_spec::validate", "outcome", "\"\""});
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {rcs("age", std::vector<double>{50, 60, 90})}}); },
                  {"rcs_given_knots", "knots[2]", "90", "outside the data range"});
  // With several rcs terms the message names the one whose knots failed.
  require_invalid([] { make_frame(error_cohort(), model_spec{"y", {rcs("gtv", 4), rcs("age", std::vector<double>{50, 60, 90})}}); },
                  {"nomo::model::make_frame: spec.terms[1] (rcs of column \"age\") = 90: its knots cannot be placed"});
  // Enums outside their enumerators: a bad summary_rows was read as all_non_missing.
  model_spec rows{"y", {continuous("age")}};
  rows.summary_rows = static_cast<datadist_rows>(7);
  CHECK_THROWS_WITH(make_frame(error_cohort(), rows),
                    Catch::Contains("nomo::model::model_spec::validate: summary_rows = 7: unknown datadist_rows "
                                    "(expected all_non_missing or complete_cases)"));
  term_spec kind = continuous("age");
  kind.kind = static_cast<term_kind>(7);
  CHECK_THROWS_WITH(make_frame(error_cohort(), model_spec{"y", {kind}}),
                    Catch::Contains("nomo::model::term_spec::validate: kind = 7: unknown term_kind"));
  term_spec closure = cut("gtv", {6, 28});
  closure.closure = static_cast<interval_closure>(7);
  CHECK_THROWS_WITH(make_frame(error_cohort(), model_spec{"y", {closure}}),
                    Catch::Contains("nomo::model::term_spec::validate: closure = 7: unknown interval_closure"));
}

TEST_CASE("term_spec::validate names the field") {
  require_invalid([] { continuous("").validate(); }, {"term_spec::validate", "column", "\"\""});
  require_invalid([] { rcs("bmk", 2).validate(); }, {"term_spec::validate", "n_knots", "= 2", "\"bmk\""});
  require_invalid([] { rcs("bmk", std::vector<double>{1, 2}).validate(); }, {"knots.size()", "= 2"});
  require_invalid([] { rcs("bmk", std::vector<double>{1, 3, 2}).validate(); }, {"knots[2]", "= 2", "greater"});
  require_invalid([] { cut("gtv", {}).validate(); }, {"cut_points.size()", "= 0"});
  require_invalid([] { cut("gtv", {6, NAN}).validate(); }, {"cut_points[1]", "NaN", "finite"});
  require_invalid([] { cut("gtv", {6, 28}, {"low", "high"}).validate(); }, {"labels.size()", "= 2", "3"});
  require_invalid([] { cut("gtv", {6, 28}, {"a", "b", "a"}).validate(); }, {"labels[2]", "\"a\"", "repeated"});
  require_invalid([] { cut("gtv", {6, 28}, {"a", "", "c"}).validate(); }, {"labels[1]", "\"\"", "empty"});
  require_invalid([] { categorical("grp", {"A", "A"}).validate(); }, {"levels[1]", "\"A\"", "repeated"});
}

TEST_CASE("design_matrix rejects new rows it cannot encode") {
  const auto frame = make_frame(error_cohort(), model_spec{"y", {continuous("age"), categorical("grp"), cut("gtv", {6, 28})}});
  require_invalid([&] { design_matrix(frame, nomo::io::parse_csv("age,grp\n50,A\n", {}, "new.csv")); },
                  {"design_matrix", "new_data", "\"new.csv\"", "no column \"gtv\""});
  require_invalid([&] { design_matrix(frame, nomo::io::parse_csv("age,grp,gtv\n50,A,1\nNA,B,2\n", {}, "new.csv")); },
                  {"design_matrix", "new_data column \"age\" row 1 (new.csv line 3)", "\"NA\"", "missing"});
  require_invalid([&] { design_matrix(frame, nomo::io::parse_csv("age,grp,gtv\n50,D,1\n", {}, "new.csv")); },
                  {"design_matrix", "column \"grp\" row 0 (new.csv line 2)", "\"D\"", "unknown level", "{A, B, C}"});
  require_invalid([&] { design_matrix(frame, nomo::io::parse_csv("age,grp,gtv\nold,A,1\n", {}, "new.csv")); },
                  {"design_matrix", "column \"age\" row 0", "\"old\"", "numeric"});
  require_invalid([&] { design_matrix(frame, nomo::io::parse_csv("age,grp,gtv\n50,A,-Inf\n", {}, "new.csv")); },
                  {"design_matrix", "column \"gtv\" row 0", "-Inf", "finite"});
}

TEST_CASE("make_frame and design_matrix reject an rcs value whose basis overflows double") {
  // Knots near 0..50: the cube of 1e200's distance above them is ~1e600 (the design held NaN).
  require_invalid([] { make_frame(cohort_with({{9, 1, "1e200"}}), model_spec{"y", {rcs("age", 3)}}); },
                  {"make_frame", "column \"age\" row 7 (cohort.csv line 9)", "= 9.9999999999999997e+199", "overflows double"});
  const auto frame = make_frame(error_cohort(), model_spec{"y", {rcs("age", 3)}});
  require_invalid([&] { design_matrix(frame, nomo::io::parse_csv("age\n50\n1e200\n", {}, "new.csv")); },
                  {"design_matrix", "new_data column \"age\" row 1 (new.csv line 3)", "overflows double"});
}

TEST_CASE("make_frame and design_matrix reject a table whose columns differ in length") {
  // io::table::columns is public: filled without table::add, a short column was read past its end
  // (ASan heap-buffer-overflow, found by an independent check).
  nomo::io::table ragged = error_cohort();
  ragged.columns[2].labels.pop_back();  // grp: 7 labels, 8 missing flags
  require_invalid([&] { make_frame(ragged, model_spec{"y", {continuous("age"), categorical("grp")}}); },
                  {"make_frame", "data column(\"grp\").labels.size()", "= 7", "row count 8"});
  nomo::io::table short_column = error_cohort();
  short_column.columns.push_back(nomo::io::numeric_column("extra", {1.0, 2.0}));
  require_invalid([&] { make_frame(short_column, model_spec{"y", {continuous("age")}}); },
                  {"make_frame", "data column(\"extra\").size()", "= 2", "row count 8"});
  nomo::io::table unknown_type = error_cohort();
  unknown_type.columns[2].type = static_cast<nomo::io::column_type>(7);  // was read as label
  CHECK_THROWS_WITH(make_frame(unknown_type, model_spec{"y", {continuous("age")}}),
                    Catch::Contains("nomo::model::make_frame: data column(\"grp\").type = 7: unknown column_type "
                                    "(expected numeric or label)"));
  const auto frame = make_frame(error_cohort(), model_spec{"y", {continuous("age"), categorical("grp")}});
  nomo::io::table new_rows;
  new_rows.columns.push_back(nomo::io::numeric_column("age", {50, 60, 70}));
  new_rows.columns.push_back(nomo::io::label_column("grp", {"A"}));
  require_invalid([&] { design_matrix(frame, new_rows); }, {"design_matrix", "new_data column(\"grp\").size()", "= 1", "row count 3"});
}

TEST_CASE("encode, term_encoder and term_named reject bad arguments") {
  const auto frame = make_frame(error_cohort(), model_spec{"y", {continuous("age"), categorical("grp")}});
  require_invalid([&] { encode(frame.term_named("grp"), "Z"); }, {"encode", "level", "\"Z\"", "unknown level"});
  require_invalid([&] { encode(frame.term_named("grp"), 2.0); }, {"encode", "value", "\"2\"", "unknown level"});
  require_invalid([&] { encode(frame.term_named("age"), "old"); }, {"encode", "level", "\"old\"", "numeric"});
  require_invalid([&] { encode(frame.term_named("age"), NAN); }, {"encode", "value", "NaN", "finite"});
  term broken = frame.term_named("grp");
  broken.columns.pop_back();
  require_invalid([&] { term_encoder{broken}; }, {"term_encoder", "term(\"grp\").columns.size()", "= 1", "expected 2"});
  require_invalid([&] { frame.term_named("sex"); }, {"model_frame::term_named", "name", "\"sex\""});
}
