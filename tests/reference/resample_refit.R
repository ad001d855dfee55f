# Reference values for resample::fit_rows / fit_subset (tests/resample/test_refit.cpp): rms 6.5
# lrm.fit (its default eps = 0.025 rule, as validate and calibrate refit) on the rows of the first
# three bootstrap samples of resample_indices_B_boot31.csv, materialised with their repeats.
# Run from the repository root:  Rscript tests/reference/resample_refit.R
suppressMessages(library(rms))
out_dir <- "tests/reference"
num <- function(v) sprintf("%.17g", v)
design <- read.csv(file.path(out_dir, "resample_design_B.csv"), check.names = FALSE)
indices <- as.matrix(read.csv(file.path(out_dir, "resample_indices_B_boot31.csv")))
x <- as.matrix(design[, -1])
y <- design$y
rows <- do.call(rbind, lapply(1:3, function(b) {
  r <- indices[, b]
  f <- lrm.fit(x[r, ], y[r])
  data.frame(replicate = b,
             name = c(names(f$coefficients), "deviance", "null_deviance"),
             value = num(c(unname(f$coefficients), f$deviance[2], f$deviance[1])))
}))
write.csv(rows, file.path(out_dir, "resample_refit_B.csv"), row.names = FALSE, quote = TRUE)
