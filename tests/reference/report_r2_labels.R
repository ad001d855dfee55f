# Reference text for io::lrm_summary's R2 labels (tests/report/report_test.cpp): the "R2(p,n)"
# names print.lrm shows, which Hmisc's R2Measures writes with as.character(round(n, 1)), so that a
# whole effective n (3 * n0 * n1 / n) prints without a decimal. Rows with p = 1: lrm(y ~ x) on n0
# zeros then n1 ones, x_i = (37 i) mod 11 for i = 1..n0 + n1, labels taken from print(fit)'s text.
# The row with p = 0 (lrm of y ~ 1 stops with an error in rms 6.5): R2Measures' own names, which
# leave the "p," out.
# Run from the repository root:  Rscript tests/reference/report_r2_labels.R
# R 4.2.2, rms 6.5-0, Hmisc 4.8-0.
suppressMessages(library(rms))
counts <- data.frame(n0 = c(160, 21, 20, 25, 50000), n1 = c(140, 32, 43, 30, 50000))
labels <- t(sapply(seq_len(nrow(counts)), function(k) {
  n <- counts$n0[k] + counts$n1[k]
  d <- data.frame(x = (37 * seq_len(n)) %% 11, y = c(rep(0, counts$n0[k]), rep(1, counts$n1[k])))
  text <- capture.output(print(lrm(y ~ x, data = d)))
  found <- regmatches(text, regexpr("R2\\(1,[0-9.e+]+\\)", text))
  stopifnot(length(found) == 2)
  found
}))
out <- data.frame(counts, p = 1, label_n = labels[, 1], label_effective = labels[, 2])
intercept_only <- names(Hmisc::R2Measures(lr = 0, p = 0, n = 300, ess = c(160, 140)))
out <- rbind(out, data.frame(n0 = 160, n1 = 140, p = 0, label_n = intercept_only[1], label_effective = intercept_only[3]))
write.csv(out, "tests/reference/report_r2_labels.csv", row.names = FALSE)
