# Reference for resample::calibrate on heavily tied predictions (tests/resample/test_calibrate.cpp):
# one binary predictor with 3 of 40 subjects exposed, so the 5th smallest and 5th largest
# predictions are equal and rms' 50-point grid is one repeated value. calibrate() still gives its
# curves; plot.calibrate, which computes the error summary, stops in approx ("need at least two
# non-NA values to interpolate"), recorded as plot_fails. Some bootstrap samples leave x constant, which lrm.fit
# reports as singular: those replicates fail.
# Run from the repository root:  Rscript tests/reference/resample_calibrate_tied.R
# R 4.2.2, rms 6.5-0. Every number is written with 17 significant digits.
suppressMessages(library(rms))
num <- function(v) sprintf("%.17g", v)
n <- 40; i <- 0:(n - 1)
x <- ifelse(i < 3, 1, 0)
y <- ifelse(i %% 3 == 0 | i == 1, 1, 0)
f <- lrm(y ~ x, x = TRUE, y = TRUE)
set.seed(1)
cal <- suppressWarnings(calibrate(f, B = 50))
pdf(NULL)
plot_fails <- inherits(try(plot(cal), silent = TRUE), "try-error")
invisible(dev.off())
write.csv(data.frame(predy = num(cal[, "predy"]), calibrated.orig = num(cal[, "calibrated.orig"]),
                     calibrated.corrected = num(cal[, "calibrated.corrected"]), n = cal[, "n"]),
          "tests/reference/resample_calibrate_tied.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(name = c("plot_fails", "B"), value = c(as.numeric(plot_fails), 50)),
          "tests/reference/resample_calibrate_tied_values.csv", row.names = FALSE, quote = FALSE)
