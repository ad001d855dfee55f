# Reference for nomo::survival::make_survival_frame (tests/survival/survival_frame_test.cpp): a
# cohort with missing follow-up, status and group, read as R reads it, and survfit/survdiff on it
# with their default na.action (na.omit). The numeric group codes 1, 2, 10 check that levels
# follow the numbers, as factor() orders them, not the text.
# Run from the repository root: Rscript tests/reference/survival_frame.R
suppressPackageStartupMessages(library(survival))
out <- "tests/reference"
set.seed(20261130)
n <- 60
cohort <- data.frame(os_months = round(rexp(n, 1 / 30), 1), death = rbinom(n, 1, 0.7),
                     arm = sample(c("surgery", "SRS", "WBRT"), n, replace = TRUE),
                     code = sample(c(1, 2, 10), n, replace = TRUE))
cohort$os_months[c(3, 17, 40)] <- NA
cohort$death[c(17, 25)] <- NA
cohort$arm[c(8, 33)] <- NA
cohort$code[c(50)] <- NA
write.csv(cohort, file.path(out, "survival_frame_input.csv"), row.names = FALSE, na = "NA")
d <- read.csv(file.path(out, "survival_frame_input.csv"))
f17 <- function(v) sprintf("%.17g", v)
res <- list()
put <- function(by, quantity, level, value) res[[length(res) + 1]] <<- data.frame(by = by, quantity = quantity, level = level, value = f17(value))
for (by in c("arm", "code")) {
  fit <- survfit(as.formula(paste("Surv(os_months, death) ~", by)), data = d)
  put(by, "deleted", "", length(fit$na.action))
  lev <- sub(paste0("^", by, "="), "", names(fit$strata))
  s <- summary(fit)$table
  for (k in seq_along(lev)) {
    put(by, "n", lev[k], s[k, "records"])
    put(by, "events", lev[k], s[k, "events"])
    put(by, "median", lev[k], s[k, "median"])
  }
  sd <- survdiff(as.formula(paste("Surv(os_months, death) ~", by)), data = d)
  put(by, "chisq", "", sd$chisq)
}
overall <- survfit(Surv(os_months, death) ~ 1, data = d)
put("none", "deleted", "", length(overall$na.action))
put("none", "n", "all", overall$n)
put("none", "median", "all", summary(overall)$table[["median"]])
write.csv(do.call(rbind, res), file.path(out, "survival_frame_results.csv"), row.names = FALSE, quote = TRUE)
