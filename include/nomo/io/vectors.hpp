#pragma once
// A numeric column of a cohort table, checked, as an Eigen vector (the form in which the eval and
// glm functions take scores, outcomes and covariates) or a std::vector (the form the survival and
// stats functions take): R's data$recurrence. The examples built these by hand before this existed.

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"

namespace nomo::io {

namespace detail {

/// The numeric column `name` of `data`, every cell present and finite (else invalid_input from
/// `function`, naming the cell's row and file line).
inline const column& checked_numeric_column(const char* function, const table& data, std::string_view name) {
  data.check_rectangular(function, "data");
  if (!data.has(name)) {
    fail_input(function, "name", std::string(name),
               "no such column in " + data.source + "; columns are " + data.names_text());
  }
  const column& c = data.at(name);
  if (!c.is_numeric()) {
    fail_input(function, "name", std::string(name),
               "is a label column (some cell is not a number): only numeric columns convert");
  }
  for (std::size_t row = 0; row < c.size(); ++row) {
    if (c.missing[row] || std::isnan(c.numbers[row])) {
      fail_input(function, data.cell_origin(c.name, row), "NA",
                 "is missing: drop or impute the row before converting the column");
    }
    if (std::isinf(c.numbers[row])) fail_input(function, data.cell_origin(c.name, row), c.numbers[row], "must be finite");
  }
  return c;
}

}  // namespace detail

/// The numeric column `name` of `data` as an Eigen vector, one value per row (R: data$name), e.g.
/// `eval::roc(risk, io::column_vector(cohort, "recurrence"))`. A missing cell (NA, or NaN in a
/// column built in code) or an infinite one (a CSV number beyond the largest double) is refused
/// here, naming its row and file line, because the functions that take the vector refuse such
/// values without knowing where they came from (where R's pROC would drop an NA row silently):
/// drop or impute such rows first.
/// Throws invalid_input when `data` has no column `name` (the message lists the columns), the
/// column holds labels, a cell is missing or infinite, or `data` is not rectangular.
inline Eigen::VectorXd column_vector(const table& data, std::string_view name) {
  const column& c = detail::checked_numeric_column("io::column_vector", data, name);
  return Eigen::Map<const Eigen::VectorXd>(c.numbers.data(), static_cast<Eigen::Index>(c.numbers.size()));
}

/// The same column as a std::vector, the form the survival and stats functions take (e.g.
/// `survival::kaplan_meier(io::column_values(cohort, "os_months"), io::column_values(cohort,
/// "death"))`), with the same checks. Reading `table.at(name).numbers` directly skips them: a label
/// column's `numbers` is empty and a missing cell is NaN, which the functions then report without
/// the column's name. (survival::make_survival_frame instead drops incomplete rows, as survfit does.)
/// Throws invalid_input as column_vector does.
inline std::vector<double> column_values(const table& data, std::string_view name) {
  return detail::checked_numeric_column("io::column_values", data, name).numbers;
}

}  // namespace nomo::io
