# Reference for tests/resample/test_index_file.cpp: R's bootstrap rows written the two common ways.
# Run from the repository root: Rscript tests/reference/resample_index_file.R
#  resample_index_file_columns.csv  write.csv of the n x B sapply matrix (header "V1", ..., one column per replicate)
#  resample_index_file_rows.csv     write.table of its transpose without header (one line per replicate)
set.seed(7)
idx <- sapply(1:5, function(i) sample(12, replace = TRUE))
write.csv(idx, "tests/reference/resample_index_file_columns.csv", row.names = FALSE)
write.table(t(idx), "tests/reference/resample_index_file_rows.csv", sep = ",", row.names = FALSE, col.names = FALSE)
