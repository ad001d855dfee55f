# Reference for tests/glm/effects_test.cpp: rms summary(fit) (summary.rms) of an lrm fit with an
# rcs term, a linear term, a 3-level factor, a label binary, a cut term, a numeric factor and a
# numeric 0/1 column, on the frame_fixtures cohort (tests/reference/frame_fixtures.R), datadist on
# the whole table. Run from the repository root: Rscript tests/reference/glm_summary_effects.R
suppressPackageStartupMessages(library(rms))
d <- read.csv("tests/reference/frame_fixtures_data.csv")
f <- d
f$grp <- factor(f$grp)
f$sex <- factor(f$sex)
f$gtv <- cut(d$gtv, c(-Inf, 6, 28, Inf), right = FALSE)
f$stage <- factor(f$stage)
dd <- datadist(f)
options(datadist = "dd")
fit <- lrm(y ~ rcs(bmk, 4) + age + grp + sex + gtv + stage + smoker, data = f)
write_summary <- function(s, name) {
  out <- data.frame(label = rownames(s), type = s[, "Type"])
  for (k in c("Low", "High", "Diff.", "Effect", "S.E.")) out[[k]] <- sprintf("%.17g", s[, k])
  out$lower <- sprintf("%.17g", s[, 6])
  out$upper <- sprintf("%.17g", s[, 7])
  write.csv(out, file.path("tests/reference", name), row.names = FALSE, quote = TRUE)
}
write_summary(summary(fit), "glm_summary_effects.csv")
write_summary(summary(fit, conf.int = 0.9), "glm_summary_effects_90.csv")
print(summary(fit))
# Other Low and High for the numeric predictors: the spline across 1.5 to 4 (not its quartiles),
# age per decade from 50, at the default and a 0.9 confidence level.
write_summary(summary(fit, bmk = c(1.5, 4), age = c(50, 60)), "glm_summary_effects_ranges.csv")
write_summary(summary(fit, age = c(70, 40), conf.int = 0.9), "glm_summary_effects_ranges_90.csv")
