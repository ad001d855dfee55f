# Reference values for nomo::survival::concordance and cox_fit::concordance (tests/survival/):
# Harrell's C with survival's counts and infinitesimal-jackknife standard error, as coxph reports
# it (fit$concordance) and as concordance(Surv(time, status) ~ risk, reverse = TRUE) computes it.
# survival 3.5. Run from the repository root: Rscript tests/reference/survival_concordance.R
library(survival)
out <- "tests/reference"
f17 <- function(v) sprintf("%.17g", v)

# lung with complete age, sex, ph.ecog and inst; status 0/1; ph.ecog as a factor (dummies e1, e2,
# e3); weights and a heavily tied score of our own.
set.seed(20261130)
d <- na.omit(lung[, c("inst", "time", "status", "age", "sex", "ph.ecog")])
d$status <- d$status - 1
d$e1 <- as.numeric(d$ph.ecog == 1); d$e2 <- as.numeric(d$ph.ecog == 2); d$e3 <- as.numeric(d$ph.ecog == 3)
d$w <- round(runif(nrow(d), 0.5, 2), 2)
d$score <- round(d$age / 10)           # few distinct values: many tied scores
write.csv(data.frame(time = d$time, status = d$status, age = d$age, sex = d$sex, e1 = d$e1, e2 = d$e2,
                     e3 = d$e3, inst = d$inst, w = d$w, score = d$score),
          file.path(out, "survival_concordance_input.csv"), row.names = FALSE)

rows <- list()
put <- function(case, conc) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, concordant = f17(conc[["concordant"]]),
    discordant = f17(conc[["discordant"]]), tied_risk = f17(conc[["tied.x"]]), tied_time = f17(conc[["tied.y"]]),
    tied_both = f17(conc[["tied.xy"]]), concordance = f17(conc[["concordance"]]), std_err = f17(conc[["std"]]))
}
# With strata, concordance() keeps one row of counts per stratum; the totals are their sums.
from_concordance <- function(cf) {
  count <- if (is.matrix(cf$count)) colSums(cf$count) else cf$count
  c(count, concordance = cf$concordance, std = sqrt(cf$var))
}

f <- coxph(Surv(time, status) ~ age + sex + e1 + e2 + e3, data = d)
put("cox", f$concordance)
fb <- coxph(Surv(time, status) ~ age + sex + e1 + e2 + e3, data = d, ties = "breslow")
put("cox_breslow", fb$concordance)
fw <- coxph(Surv(time, status) ~ age + sex + e1 + e2 + e3, data = d, weights = w, robust = FALSE)
put("cox_weights", fw$concordance)
fs <- coxph(Surv(time, status) ~ age + e1 + e2 + e3 + strata(sex), data = d)
put("cox_strata", fs$concordance)
fc <- coxph(Surv(time, status) ~ age + sex + e1 + e2 + e3, data = d, cluster = inst)
put("cox_cluster", fc$concordance)
put("score", from_concordance(concordance(Surv(time, status) ~ score, data = d, reverse = TRUE)))
put("score_weights", from_concordance(concordance(Surv(time, status) ~ score, data = d, weights = w, reverse = TRUE)))
put("score_strata", from_concordance(concordance(Surv(time, status) ~ score + strata(sex), data = d, reverse = TRUE)))
put("score_cluster", from_concordance(concordance(Surv(time, status) ~ score + cluster(inst), data = d, reverse = TRUE)))
write.csv(do.call(rbind, rows), file.path(out, "survival_concordance.csv"), row.names = FALSE)
