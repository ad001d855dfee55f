# Reference values for nomo::eval calibration of a frozen model and Hosmer-Lemeshow
# (tests/eval/calibration_test.cpp). Run from the repository root: Rscript tests/reference/eval_calibration.R
# The model lrm(y ~ rcs(bmk, 4) + age + sex) is fitted on patients 1-100 of the shared rms example
# cohort and frozen; patients 101-150 are the external cohort. Hosmer-Lemeshow is computed by
# ResourceSelection::hoslem.test's formula (the package is not installed), rms-spec §9.
suppressMessages(library(rms))
d <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
write_values <- function(values, name) {
  write.csv(data.frame(name = names(values), value = sprintf("%.17g", unlist(values))),
            file.path("tests/reference", name), row.names = FALSE, quote = FALSE)
}

train <- d[1:100, ]; valid <- d[101:150, ]
fit <- lrm(y ~ rcs(bmk, 4) + age + sex, data = train)
p <- as.vector(predict(fit, newdata = valid, type = "fitted"))
y <- valid$y
apparent <- as.vector(plogis(lrm(y ~ rcs(bmk, 4) + age + sex, data = d)$linear.predictors))
rounded <- round(apparent, 1)
write.csv(data.frame(y = y, p = sprintf("%.17g", p)), "tests/reference/eval_calibration_external.csv",
          row.names = FALSE, quote = FALSE)
write.csv(data.frame(y = d$y, p = sprintf("%.17g", apparent), rounded = rounded),
          "tests/reference/eval_calibration_apparent.csv", row.names = FALSE, quote = FALSE)

hoslem <- function(y, p, g, df_rule = c("nonempty", "g")) {
  breaks <- unique(quantile(p, probs = seq(0, 1, 1 / g)))
  cutyhat <- cut(p, breaks = breaks, include.lowest = TRUE)
  obs <- xtabs(cbind(1 - y, y) ~ cutyhat)
  expect <- xtabs(cbind(1 - p, p) ~ cutyhat)
  keep <- rowSums(obs) > 0
  chisq <- sum(((obs - expect)^2 / expect)[keep, ])
  df <- if (match.arg(df_rule) == "g") g - 2 else sum(keep) - 2
  list(chisq = chisq, df = df, p = 1 - pchisq(chisq, df), breaks = breaks, groups = sum(keep),
       o1 = obs[keep, 2], e1 = expect[keep, 2])
}
hl_apparent <- hoslem(d$y, apparent, 10)
hl_external <- hoslem(y, p, 5)
hl_external_g <- hoslem(y, p, 8, "g")
hl_tied <- hoslem(d$y, pmin(pmax(rounded, 0.05), 0.95), 8)
write.csv(data.frame(break_value = sprintf("%.17g", hl_apparent$breaks)),
          "tests/reference/eval_calibration_hl_breaks.csv", row.names = FALSE, quote = FALSE)

# Calibration intercept (in the large: slope fixed at 1 through an offset) and slope.
lp <- qlogis(p)
citl <- glm(y ~ 1, offset = lp, family = binomial)
recal <- glm(y ~ lp, family = binomial)
vp <- val.prob(p, y, pl = FALSE)
# Smoothed calibration: val.prob's lowess(iter = 0) evaluated at each p (ICI = val.prob's Eavg).
sm <- lowess(p, y, iter = 0)
er <- abs(p - approx(sm, xout = p, ties = mean)$y)
# print.calibrate.default's "Mean absolute error" for the apparent curve: the lowess at calibrate's
# 50-point grid, read at every prediction by approx (NA outside the grid, dropped as its na.rm does).
ps <- sort(p); n <- length(p)
predy <- seq(ps[5], ps[n - 4], length = 50)
cal <- approx(sm, xout = predy, ties = function(v) v[1])$y
mae_err <- p - approx(predy, cal, xout = p, ties = mean)$y
# val.prob's C and Dxy bin the probabilities into lrm's 5,001 cells: on predictions this close
# together they differ from somers2's exact values. Its D:p is NA in rms 6.5; the χ²₁ tail is
# what older rms printed and nomo reports.
set.seed(5)
close_p <- plogis(0.1 + rnorm(400, sd = 0.05)); close_y <- rbinom(400, 1, close_p)
write.csv(data.frame(y = close_y, p = sprintf("%.17g", close_p)), "tests/reference/eval_calibration_binned.csv",
          row.names = FALSE, quote = FALSE)
vb <- val.prob(close_p, close_y, pl = FALSE)
valprob_stats <- function(v, prefix) {
  keys <- c(dxy = "Dxy", c = "C (ROC)", r2 = "R2", d = "D", d_chi2 = "D:Chi-sq", u = "U", u_chi2 = "U:Chi-sq",
            u_p = "U:p", q = "Q", s_z = "S:z", s_p = "S:p")
  out <- as.list(v[keys]); names(out) <- paste0(prefix, names(keys))
  out[[paste0(prefix, "d_p")]] <- 1 - pchisq(v[["D:Chi-sq"]], 1)
  out
}

# 13 patients with three distinct risks (an independent user's data): the 5th and 9th smallest
# risks tie, so calibrate's grid is one point and print.calibrate.default's approx stops ("need
# at least two non-NA values"); val.prob itself works. Slope and SE from a fully converged glm.
tied_p <- c(.1, .3, .3, .1, .6, .3, .3, .1, .6, .6, .3, .1, .3)
tied_y <- c(0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0)
vt <- val.prob(tied_p, tied_y, pl = FALSE)
tied_recal <- glm(tied_y ~ qlogis(tied_p), family = binomial, control = glm.control(epsilon = 1e-15, maxit = 100))
tied_sm <- lowess(tied_p, tied_y, iter = 0)
tied_predy <- seq(sort(tied_p)[5], sort(tied_p)[9], length = 50)
tied_cal <- approx(tied_sm, xout = tied_predy, ties = function(v) v[1])$y
tied_mae_fails <- inherits(try(approx(tied_predy, tied_cal, xout = tied_p, ties = mean), silent = TRUE), "try-error")

write_values(c(list(
  citl = coef(citl)[[1]], citl_se = sqrt(vcov(citl)[1, 1]),
  recal_intercept = coef(recal)[[1]], slope = coef(recal)[[2]], slope_se = sqrt(vcov(recal)[2, 2]),
  valprob_intercept = vp[["Intercept"]], valprob_slope = vp[["Slope"]],
  brier = vp[["Brier"]], ici = vp[["Eavg"]], e90 = vp[["E90"]], emax = vp[["Emax"]],
  e50 = median(er), mae = mean(abs(mae_err), na.rm = TRUE), mae_n = sum(!is.na(mae_err)),
  hl_apparent_chisq = hl_apparent$chisq, hl_apparent_df = hl_apparent$df, hl_apparent_p = hl_apparent$p,
  hl_external_chisq = hl_external$chisq, hl_external_df = hl_external$df, hl_external_p = hl_external$p,
  hl_external_g_chisq = hl_external_g$chisq, hl_external_g_df = hl_external_g$df, hl_external_g_p = hl_external_g$p,
  hl_tied_chisq = hl_tied$chisq, hl_tied_df = hl_tied$df, hl_tied_p = hl_tied$p, hl_tied_groups = hl_tied$groups,
  hl_tied_breaks = length(hl_tied$breaks),
  binned_exact_c = somers2(close_p, close_y)[["C"]],
  tied_slope = coef(tied_recal)[[2]], tied_slope_se = sqrt(vcov(tied_recal)[2, 2]),
  tied_brier = vt[["Brier"]], tied_ici = vt[["Eavg"]], tied_emax = vt[["Emax"]],
  tied_mae_fails = as.numeric(tied_mae_fails)
), valprob_stats(vp, "valprob_"), valprob_stats(vb, "binned_")), "eval_calibration_values.csv")
write.csv(data.frame(x = sprintf("%.17g", sm$x), y = sprintf("%.17g", sm$y)),
          "tests/reference/eval_calibration_lowess.csv", row.names = FALSE, quote = FALSE)
