# Reference text for resample::validation_report and calibration_error_summary
# (tests/resample/test_report.cpp): what rms 6.5 prints for validate(fit, B = 30), for
# validate(fit, B = 12, bw = TRUE) (print's text; the step-down of the original model is printed by
# validate itself) and for plot(calibrate(fit, B = 30)), all after set.seed(7), on
# lrm(y ~ age + sex + bmk) of the shared rms example cohort (spline_rms_example_data.csv).
# Run from the repository root:  Rscript tests/reference/resample_report.R
# R 4.2.2, rms 6.5-0.
suppressMessages(library(rms))
d <- read.csv("tests/reference/spline_rms_example_data.csv")
f <- lrm(y ~ age + sex + bmk, data = d, x = TRUE, y = TRUE)
set.seed(7)
writeLines(capture.output(print(validate(f, B = 30))), "tests/reference/resample_report_validate.txt")
set.seed(7)
v <- validate(f, B = 12, bw = TRUE)  # prints the original model's step-down itself
writeLines(capture.output(print(v)), "tests/reference/resample_report_validate_bw.txt")
set.seed(7)
cal <- calibrate(f, B = 30)
pdf(NULL)
summary_text <- capture.output(plot(cal))
invisible(dev.off())
writeLines(summary_text[nzchar(summary_text)], "tests/reference/resample_report_calibrate.txt")
# The summary's numbers as cat(round(x, digits)) writes them: trailing zeros dropped, scientific when
# shorter (resample_report_cat_numbers.csv: value, digits, the text R prints).
values <- c(0.04, 0.0400004, 0.1, 0.00027, 0.00005, 0.0000049, 0.123456, 0.2999999, 0)
digits <- c(3, 3, 3, 5, 5, 5, 3, 5, 3)
texts <- mapply(function(v, d) capture.output(cat(round(v, d))), values, digits)
write.csv(data.frame(value = sprintf("%.17g", values), digits = digits, text = texts),
          "tests/reference/resample_report_cat_numbers.csv", row.names = FALSE)
