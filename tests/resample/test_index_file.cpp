// resample::read_index_plan: bootstrap rows that R drew and saved (tests/reference/resample_index_file.R,
// set.seed(7), 5 samples of 12 rows) give the plan R's generator gives, in both file layouts.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "fixture.hpp"
#include "invalid_input.hpp"
#include "nomo/resample/index_file.hpp"

namespace {

/// The plan of R's set.seed(7); sapply(1:5, function(i) sample(12, replace = TRUE)).
nomo::resample::index_plan r_plan() {
  nomo::resample::plan_options options;
  options.replicates = 5;
  options.seed = 7;
  options.generator = nomo::resample::index_generator::r_compatible;
  return nomo::resample::bootstrap_plan(Eigen::VectorXd::Zero(12), options);
}

/// A file in the temporary folder holding `text`, removed at the end of the scope.
struct temporary_file {
  std::string path;
  temporary_file(const std::string& name, const std::string& text)
      : path((std::filesystem::temp_directory_path() / ("nomo_test_index_file" + name)).string()) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~temporary_file() { std::filesystem::remove(path); }
  temporary_file(const temporary_file&) = delete;
  temporary_file& operator=(const temporary_file&) = delete;
};

}  // namespace

TEST_CASE("read_index_plan reads R's write.csv of the n x B index matrix") {
  const auto plan = nomo::resample::read_index_plan(nomo_test::fixture_path("resample_index_file_columns.csv"), 12);
  CHECK(plan.n_rows == 12);
  CHECK(plan.rows == r_plan().rows);
  CHECK(plan.rows[0][0] == 9);  // R's first draw, 10, as a 0-based row
}

TEST_CASE("read_index_plan reads one line per replicate without a header") {
  nomo::resample::index_file_options options;
  options.replicates_in_columns = false;
  const auto plan = nomo::resample::read_index_plan(nomo_test::fixture_path("resample_index_file_rows.csv"), 12, options);
  CHECK(plan.rows == r_plan().rows);
}

TEST_CASE("read_index_plan takes 0-based rows, other delimiters and a byte-order mark") {
  const temporary_file file("_rows0.csv", "\xEF\xBB\xBF" "0;2\r\n1;1\r\n2;0\r\n");
  nomo::resample::index_file_options options;
  options.numbering = nomo::resample::row_numbering::zero_based;
  options.delimiter = ';';
  const auto plan = nomo::resample::read_index_plan(file.path, 3, options);
  REQUIRE(plan.replicates() == 2);
  CHECK(plan.rows[0] == std::vector<Eigen::Index>{0, 1, 2});
  CHECK(plan.rows[1] == std::vector<Eigen::Index>{2, 1, 0});
}

TEST_CASE("read_index_plan rejects bad files, naming the argument and value") {
  using nomo_test::require_invalid;
  const std::string columns = nomo_test::fixture_path("resample_index_file_columns.csv");
  require_invalid([&] { nomo::resample::read_index_plan("/nonexistent/indices.csv", 12); },
                  {"resample::read_index_plan", "path = \"/nonexistent/indices.csv\""});
  require_invalid([&] { nomo::resample::read_index_plan(columns, 13); },
                  {"n_rows = 13", "differs from the 12 row numbers per replicate", "resample_index_file_columns.csv (lines)"});
  nomo::resample::index_file_options by_line;
  by_line.replicates_in_columns = false;
  require_invalid([&] { nomo::resample::read_index_plan(columns, 12, by_line); }, {"n_rows = 12", "differs from the 5", "(fields per line)"});
  nomo::resample::index_file_options unknown;
  unknown.numbering = static_cast<nomo::resample::row_numbering>(5);
  require_invalid([&] { nomo::resample::read_index_plan(columns, 12, unknown); },
                  {"resample::index_file_options::validate", "numbering = 5", "unknown row_numbering"});
  require_invalid([&] { nomo::resample::plan_from_indices(Eigen::MatrixXd::Ones(3, 2), 3, unknown.numbering); },
                  {"resample::plan_from_indices", "numbering = 5", "expected one_based or zero_based"});
  const temporary_file empty("_empty.csv", "\n\n");
  require_invalid([&] { nomo::resample::read_index_plan(empty.path, 3); }, {"holds no row numbers"});
  const temporary_file header_only("_header.csv", "V1,V2\n");
  require_invalid([&] { nomo::resample::read_index_plan(header_only.path, 3); }, {"only a header line"});
  const temporary_file out_of_range("_range.csv", "1,2\n3,4\n2,1\n");
  require_invalid([&] { nomo::resample::read_index_plan(out_of_range.path, 3); }, {"_range.csv line 2, field 2 = 4", "[1, 3]"});
  const temporary_file label("_label.csv", "V1,V2\n1,2\n2,a\n3,1\n");
  require_invalid([&] { nomo::resample::read_index_plan(label.path, 3); }, {"_label.csv line 3, field 2 = \"a\"", "not a row number"});
  const temporary_file missing("_missing.csv", "1,2\nNA,3\n3,1\n");
  require_invalid([&] { nomo::resample::read_index_plan(missing.path, 3); }, {"_missing.csv line 2, field 1 = \"NA or empty\""});
  const temporary_file fraction("_fraction.csv", "1\n2.5\n3\n");
  require_invalid([&] { nomo::resample::read_index_plan(fraction.path, 3); }, {"_fraction.csv line 2, field 1 = 2.5"});
}
