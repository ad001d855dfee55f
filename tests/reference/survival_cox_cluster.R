# Reference values for nomo::survival::fit_cox with clustered rows (cox_options::cluster) and the
# robust score test (tests/survival/cox_cluster_test.cpp): coxph(..., cluster = cl), whose robust
# variance sums each cluster's weighted dfbeta residuals before the sandwich, and its robust score
# test fit$rscore (from the score residuals at beta = 0, summed by cluster). Also rscore for robust
# fits without clusters (every row its own cluster).
# Run from the repository root: Rscript tests/reference/survival_cox_cluster.R
# Data: the rms-spec example cohort (n = 150) in 50 clusters of 3 consecutive ids (cl = (id - 1) %/% 3,
# labelled "c<cl>"), then clusters of unequal size (cl2: id mod 17, 17 clusters of 8 or 9);
# weights 0.5 + (id mod 7) / 4 and offset 0.02 (age - 60) as in survival_cox_weights.R.
suppressPackageStartupMessages(library(survival))
ex <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
ex$cl <- paste0("c", (ex$id - 1) %/% 3)
ex$cl2 <- paste0("k", ex$id %% 17)
ex$w <- 0.5 + (ex$id %% 7) / 4
ex$off <- 0.02 * (ex$age - 60)
write.csv(data.frame(cl = ex$cl, cl2 = ex$cl2), "tests/reference/survival_cox_cluster_input.csv",
          row.names = FALSE, quote = FALSE)
f <- Surv(time, status) ~ age + sex + bmk
models <- list(
  cluster_efron = coxph(f, data = ex, cluster = cl),
  cluster_breslow = coxph(f, data = ex, cluster = cl, ties = "breslow"),
  cluster_unequal = coxph(f, data = ex, cluster = cl2),
  cluster_weights = coxph(f, data = ex, cluster = cl, weights = w),
  cluster_offset = coxph(Surv(time, status) ~ age + sex + bmk + offset(off), data = ex, cluster = cl),
  cluster_strata = coxph(Surv(time, status) ~ age + bmk + strata(sex), data = ex, cluster = cl2),
  robust_rows = coxph(f, data = ex, robust = TRUE),
  robust_weights = coxph(f, data = ex, weights = w))
rows <- list()
for (m in names(models)) {
  fit <- models[[m]]; sm <- summary(fit)
  v <- c(coef = unname(coef(fit)), se = unname(sqrt(diag(vcov(fit)))), naive_se = unname(sqrt(diag(fit$naive.var))),
         loglik = fit$loglik[2], score = sm$sctest[["test"]], wald = unname(fit$wald.test),
         rscore = unname(fit$rscore), rscore_p = unname(sm$robscore[["pvalue"]]))
  rows[[m]] <- data.frame(name = paste0(m, "_", names(v)), value = sprintf("%.17g", v))
}
write.csv(do.call(rbind, rows), "tests/reference/survival_cox_cluster.csv", row.names = FALSE, quote = FALSE)
