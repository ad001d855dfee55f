# Reference values for nomo::survival::fit_cox with case weights and an offset
# (tests/survival/cox_weights_test.cpp): coxph(..., weights = w) and offset(), Efron and Breslow,
# also with strata(). Run from the repository root: Rscript tests/reference/survival_cox_weights.R
# coxph's default variance with non-integer weights is the robust (sandwich) one: the *_efron,
# *_breslow fits set robust = FALSE (model-based variance), the robust_* fits keep the default (or
# ask for it without weights), with their naive.var as naive_se.
# Data: the rms-spec example cohort (n = 150); weights 0.5 + (id mod 7) / 4 (non-integer, 0.5 to 2;
# coxph refuses weights <= 0); offset 0.02 (age - 60).
suppressPackageStartupMessages(library(survival))
ex <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
ex$w <- 0.5 + (ex$id %% 7) / 4
ex$off <- 0.02 * (ex$age - 60)
write.csv(data.frame(w = sprintf("%.17g", ex$w), off = sprintf("%.17g", ex$off)),
          "tests/reference/survival_cox_weights_input.csv", row.names = FALSE, quote = FALSE)
models <- list(
  weights_efron = coxph(Surv(time, status) ~ age + sex + bmk, data = ex, weights = w, ties = "efron", robust = FALSE),
  weights_breslow = coxph(Surv(time, status) ~ age + sex + bmk, data = ex, weights = w, ties = "breslow", robust = FALSE),
  offset_efron = coxph(Surv(time, status) ~ age + sex + bmk + offset(off), data = ex, ties = "efron"),
  both_efron = coxph(Surv(time, status) ~ age + sex + bmk + offset(off), data = ex, weights = w, ties = "efron", robust = FALSE),
  strata_efron = coxph(Surv(time, status) ~ age + bmk + strata(sex), data = ex, weights = w, ties = "efron", robust = FALSE),
  robust_efron = coxph(Surv(time, status) ~ age + sex + bmk, data = ex, weights = w, ties = "efron"),
  robust_breslow = coxph(Surv(time, status) ~ age + sex + bmk, data = ex, weights = w, ties = "breslow"),
  robust_both = coxph(Surv(time, status) ~ age + sex + bmk + offset(off), data = ex, weights = w),
  robust_strata = coxph(Surv(time, status) ~ age + bmk + strata(sex), data = ex, weights = w),
  robust_unweighted = coxph(Surv(time, status) ~ age + sex + bmk, data = ex, robust = TRUE))
rows <- list()
for (m in names(models)) {
  f <- models[[m]]; sm <- summary(f)
  v <- c(coef = unname(coef(f)), se = sqrt(diag(vcov(f))), means = unname(f$means),
         loglik_null = f$loglik[1], loglik = f$loglik[2], lr = sm$logtest[["test"]],
         score = sm$sctest[["test"]], wald = unname(f$wald.test), n = f$n, events = f$nevent,
         naive_se = unname(if (is.null(f$naive.var)) sqrt(diag(vcov(f))) else sqrt(diag(f$naive.var))))
  rows[[m]] <- data.frame(name = paste0(m, "_", names(v)), value = sprintf("%.17g", v))
}
write.csv(do.call(rbind, rows), "tests/reference/survival_cox_weights.csv", row.names = FALSE, quote = FALSE)
