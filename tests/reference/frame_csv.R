# Reference for tests/io/csv_test.cpp: what R's read.csv makes of a file with a BOM, CRLF line
# ends, quoted fields holding delimiters, doubled quotes and a line break (written as \n in the
# expected values so that each fixture row stays on one line), NA and empty cells.
# Run from the repository root: Rscript tests/reference/frame_csv.R
d <- read.csv("tests/reference/frame_csv_input.csv", fileEncoding = "UTF-8-BOM",
              stringsAsFactors = FALSE, check.names = FALSE, strip.white = TRUE,
              na.strings = c("NA", ""))
rows <- list()
for (name in names(d)) {
  x <- d[[name]]
  type <- if (is.numeric(x)) "numeric" else "label"
  value <- ifelse(is.na(x), "NA", if (is.numeric(x)) sprintf("%.17g", x) else x)
  value <- gsub("\n", "\\n", value, fixed = TRUE)  # one fixture row per line
  rows[[name]] <- data.frame(column = name, row = seq_along(x), type = type, value = value)
}
out <- do.call(rbind, rows)
write.csv(out, "tests/reference/frame_csv_expected.csv", row.names = FALSE)
