# Reference for tests/io/csv_test.cpp: what R reads from a tab-separated file with quoted fields
# (read.delim), a European export with ';' and decimal commas (read.csv2), and number spellings
# type.convert accepts (hexadecimal, blanks inside quotes) next to "NaN" in label columns.
# Run from the repository root: Rscript tests/reference/io_csv_dialects.R
expected <- function(d) {
  rows <- list()
  for (name in names(d)) {
    x <- d[[name]]
    type <- if (is.numeric(x)) "numeric" else "label"
    value <- ifelse(is.na(x), "NA", if (is.numeric(x)) sprintf("%.17g", x) else x)
    rows[[name]] <- data.frame(column = name, row = seq_along(x), type = type, value = value)
  }
  do.call(rbind, rows)
}
na <- c("NA", "")
dir <- "tests/reference"
tab <- read.delim(file.path(dir, "io_csv_tab_input.tsv"), stringsAsFactors = FALSE, strip.white = TRUE, na.strings = na)
semicolon <- read.csv2(file.path(dir, "io_csv_semicolon_input.csv"), stringsAsFactors = FALSE, strip.white = TRUE,
                       na.strings = na)
numbers <- read.csv(file.path(dir, "io_csv_numbers_input.csv"), stringsAsFactors = FALSE, strip.white = TRUE,
                    na.strings = na)
write.csv(expected(tab), file.path(dir, "io_csv_tab_expected.csv"), row.names = FALSE)
write.csv(expected(semicolon), file.path(dir, "io_csv_semicolon_expected.csv"), row.names = FALSE)
write.csv(expected(numbers), file.path(dir, "io_csv_numbers_expected.csv"), row.names = FALSE)
