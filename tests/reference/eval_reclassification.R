# Reference values for nomo::eval::improve_risk (tests/eval/reclassification_test.cpp): Hmisc's
# improveProb (continuous NRI, IDI) and print.improveProb's z, two-sided P and normal limits.
# Run from the repository root: Rscript tests/reference/eval_reclassification.R
# Category-based NRI: improveProb's formulas on category indices (findInterval of each risk in the
# cut-offs, i.e. a risk equal to a cut-off joins the higher category), passed as index / 10 so
# that improveProb sees a change exactly when the category changes; its IDI rows are not used then.
suppressMessages(library(rms))
d <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
fmt <- function(x) sprintf("%.17g", x)

# Two nested models on all 150 patients; and the same pair fitted on 1-100, applied to 101-150.
old <- as.vector(plogis(lrm(y ~ age + sex, data = d)$linear.predictors))
new <- as.vector(plogis(lrm(y ~ rcs(bmk, 4) + age + sex, data = d)$linear.predictors))
train <- d[1:100, ]; valid <- d[101:150, ]
old_ext <- as.vector(predict(lrm(y ~ age + sex, data = train), newdata = valid, type = "fitted"))
new_ext <- as.vector(predict(lrm(y ~ rcs(bmk, 4) + age + sex, data = train), newdata = valid, type = "fitted"))
write.csv(data.frame(y = d$y, old = fmt(old), new = fmt(new),
                     y_ext = c(valid$y, rep(NA, 100)), old_ext = c(fmt(old_ext), rep(NA, 100)),
                     new_ext = c(fmt(new_ext), rep(NA, 100))),
          "tests/reference/eval_reclassification_risks.csv", row.names = FALSE, quote = FALSE, na = "NA")

rows <- function(prefix, r, level = 0.95) {
  z <- qnorm((1 + level) / 2)
  index <- function(name, m, se) {
    v <- c(m, se, m / se, 2 * pnorm(-abs(m / se)), m - z * se, m + z * se)
    setNames(v, paste0(prefix, name, c("", "_se", "_z", "_p", "_lower", "_upper")))
  }
  c(setNames(c(r$n, r$na, r$nb, r$pup.ev, r$pup.ne, r$pdown.ev, r$pdown.ne),
             paste0(prefix, c("n", "events", "nonevents", "up_events", "up_nonevents", "down_events",
                              "down_nonevents"))),
    index("nri", r$nri, r$se.nri), index("nri_events", r$nri.ev, r$se.nri.ev),
    index("nri_nonevents", r$nri.ne, r$se.nri.ne),
    setNames(c(r$improveSens, r$improveSpec), paste0(prefix, c("mean_increase_events", "mean_decrease_nonevents"))),
    index("idi", r$idi, r$se.idi))
}
categories <- function(p, cutoffs) findInterval(p, cutoffs) / 10
cut3 <- c(0.2, 0.4)
values <- c(rows("full_", improveProb(old, new, d$y)),
            rows("ext_", improveProb(old_ext, new_ext, valid$y)),
            rows("ext90_", improveProb(old_ext, new_ext, valid$y), 0.9),
            rows("cat_", improveProb(categories(old, cut3), categories(new, cut3), d$y)))
write.csv(data.frame(name = names(values), value = fmt(values)),
          "tests/reference/eval_reclassification_values.csv", row.names = FALSE, quote = FALSE)
