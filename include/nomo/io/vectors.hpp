#pragma once
// A numeric column of a cohort table as an Eigen vector: the form in which the eval, stats and glm
// functions take scores, outcomes and covariates (R: data$recurrence). The examples each built it
// by hand with an Eigen::Map before this existed.

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "nomo/core/error.hpp"
#include "nomo/io/csv.hpp"

namespace nomo::io {

/// The numeric column `name` of `data` as an Eigen vector, one value per row (R: data$name), e.g.
/// `eval::roc(risk, io::column_vector(cohort, "recurrence"))`. A missing cell (NA, or NaN in a
/// column built in code) or an infinite one (a CSV number beyond the largest double) is refused
/// here, naming its row and file line, because the functions that take the vector refuse such
/// values without knowing where they came from (where R's pROC would drop an NA row silently):
/// drop or impute such rows first.
/// Throws invalid_input when `data` has no column `name` (the message lists the columns), the
/// column holds labels, a cell is missing or infinite, or `data` is not rectangular.
inline Eigen::VectorXd column_vector(const table& data, std::string_view name) {
  constexpr const char* fn = "io::column_vector";
  data.check_rectangular(fn, "data");
  if (!data.has(name)) {
    fail_input(fn, "name", std::string(name), "no such column in " + data.source + "; columns are " + data.names_text());
  }
  const column& c = data.at(name);
  if (!c.is_numeric()) fail_input(fn, "name", std::string(name), "is a label column: only numeric columns convert");
  for (std::size_t row = 0; row < c.size(); ++row) {
    if (c.missing[row] || std::isnan(c.numbers[row])) {
      fail_input(fn, data.cell_origin(c.name, row), "NA",
                 "is missing: drop or impute the row before converting the column");
    }
    if (std::isinf(c.numbers[row])) fail_input(fn, data.cell_origin(c.name, row), c.numbers[row], "must be finite");
  }
  return Eigen::Map<const Eigen::VectorXd>(c.numbers.data(), static_cast<Eigen::Index>(c.numbers.size()));
}

}  // namespace nomo::io
