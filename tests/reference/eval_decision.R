# Reference values for nomo::eval decision curves and clinical impact (tests/eval/decision_curve_test.cpp).
# Run from the repository root: Rscript tests/reference/eval_decision.R
# Net benefit by the formula of Vickers & Elkin (2006) as rmda 1.6 computes it (rms-spec §7), written
# out here because rmda is not installed; risks are the apparent risks of lrm fits on the shared
# rms example cohort, plus a copy rounded to 2 decimals so that risks equal grid thresholds.
suppressMessages(library(rms))
d <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
full <- lrm(y ~ rcs(bmk, 4) + age + sex, data = d)
reduced <- lrm(y ~ age + sex, data = d)
risks <- data.frame(y = d$y, full = plogis(full$linear.predictors), reduced = plogis(reduced$linear.predictors))
risks$rounded <- round(risks$full, 2)
write.csv(data.frame(y = risks$y, full = sprintf("%.17g", risks$full), reduced = sprintf("%.17g", risks$reduced),
                     rounded = sprintf("%.17g", risks$rounded)),
          "tests/reference/eval_decision_risks.csv", row.names = FALSE, quote = FALSE)

pt <- seq(0.01, 0.99, by = 0.01)
n <- nrow(d); rho <- mean(d$y)
net_benefit <- function(r, y, strict) {
  sapply(pt, function(t) {
    high <- if (strict) r > t else r >= t
    sum(high & y == 1) / n - sum(high & y == 0) / n * t / (1 - t)
  })
}
impact <- function(r, y, strict, event) {
  sapply(pt, function(t) { high <- if (strict) r > t else r >= t; 1000 * sum(high & (!event | y == 1)) / n })
}
out <- data.frame(
  threshold = pt,
  nb_full = net_benefit(risks$full, d$y, TRUE),
  nb_reduced = net_benefit(risks$reduced, d$y, TRUE),
  nb_all = rho - (1 - rho) * pt / (1 - pt),
  nb_rounded_strict = net_benefit(risks$rounded, d$y, TRUE),
  nb_rounded_ge = net_benefit(risks$rounded, d$y, FALSE),
  high_risk_full = impact(risks$full, d$y, TRUE, FALSE),
  high_risk_event_full = impact(risks$full, d$y, TRUE, TRUE),
  high_risk_rounded_ge = impact(risks$rounded, d$y, FALSE, FALSE),
  high_risk_event_rounded_ge = impact(risks$rounded, d$y, FALSE, TRUE))
out$snb_full <- out$nb_full / rho
out$snb_all <- out$nb_all / rho
write.csv(format(out, digits = 17), "tests/reference/eval_decision_curve.csv", row.names = FALSE, quote = FALSE)
