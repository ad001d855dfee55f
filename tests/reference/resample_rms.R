## Reference values for nomo's resampling tests (validate, calibrate, cross-validation, fastbw, R's RNG,
## bootstrap inference). R 4.2.2, rms 6.5-0, boot 1.3-28.
## Run from the repository root:  Rscript tests/reference/resample_rms.R
## Data A = ../shared/reference/rms_example_data.csv (committed as spline_rms_example_data.csv), model
## y ~ rcs(bmk,4) + age + sex (rms-spec.md). Data B = simulated here (n = 123, the paper's size) with
## a 3-level factor and two noise predictors so that backward elimination has something to drop.
suppressPackageStartupMessages({ library(rms); library(boot) })
out <- "tests/reference"
w <- function(x, name) write.csv(x, file.path(out, name), row.names = FALSE)
hi <- function(x) trimws(formatC(x, digits = 17, format = "g"))
num_frame <- function(m) as.data.frame(lapply(as.data.frame(m), function(col) hi(col)), check.names = FALSE)

## ---------------------------------------------------------------- RNG
set.seed(20261128); u <- runif(5)
set.seed(1); s1 <- sample(150, 12, replace = TRUE)
set.seed(42); s2 <- sample(100000, 6, replace = TRUE)   # 17 bits: two 16-bit words per draw
set.seed(-7); s3 <- sample(1, 3, replace = TRUE)
set.seed(5); s4 <- sample(10)                            # without replacement (cross-validation)
set.seed(5); s5 <- sample(123)
w(data.frame(case = c(rep("runif_20261128", 5), rep("sample150_seed1", 12), rep("sample100000_seed42", 6),
                      rep("sample1_seedm7", 3), rep("perm10_seed5", 10), rep("perm123_seed5", 123)),
             value = c(hi(u), s1, s2, s3, s4, s5)), "resample_rng.csv")

## ---------------------------------------------------------------- data
dA <- read.csv(file.path(out, "spline_rms_example_data.csv"))
set.seed(777)
nB <- 123
dB <- data.frame(age = round(rnorm(nB, 62, 9), 1), gtv = round(exp(rnorm(nB, 2.5, 0.8)), 1),
                 stage = factor(sample(c("I", "II", "III"), nB, replace = TRUE, prob = c(.4, .35, .25))),
                 sex = rbinom(nB, 1, 0.5), noise1 = round(rnorm(nB), 2), noise2 = round(runif(nB), 2))
lpB <- -6.2 + 0.06 * dB$age + 0.9 * log(dB$gtv) + 0.9 * (dB$stage == "II") + 1.6 * (dB$stage == "III") - 0.8 * dB$sex
dB$y <- rbinom(nB, 1, plogis(lpB))
ddA <- datadist(dA); ddB <- datadist(dB); options(datadist = "ddA")
fitA <- lrm(y ~ rcs(bmk, 4) + age + sex, data = dA, x = TRUE, y = TRUE)
options(datadist = "ddB")
fitB <- lrm(y ~ age + rcs(gtv, 3) + stage + sex + noise1 + noise2, data = dB, x = TRUE, y = TRUE)
design <- function(fit) { d <- data.frame(y = fit$y, fit$x, check.names = FALSE); num_frame(d) }
w(design(fitA), "resample_design_A.csv")
w(design(fitB), "resample_design_B.csv")
## which design columns belong to which factor (0-based), as rms' assign
assign_tab <- function(fit) do.call(rbind, lapply(seq_along(fit$assign), function(k)
  data.frame(factor = fit$Design$name[k], column = fit$assign[[k]] - 2)))
w(assign_tab(fitA), "resample_factors_A.csv")
w(assign_tab(fitB), "resample_factors_B.csv")
w(data.frame(name = names(coef(fitA)), value = hi(coef(fitA))), "resample_fit_A.csv")
w(data.frame(name = names(coef(fitB)), value = hi(coef(fitB))), "resample_fit_B.csv")
w(num_frame(fitA$var), "resample_vcov_A.csv")
w(num_frame(fitB$var), "resample_vcov_B.csv")

boot_indices <- function(seed, n, B) { set.seed(seed); sapply(1:B, function(i) sample(n, replace = TRUE)) }
val_frame <- function(v) { m <- unclass(v); data.frame(index = rownames(m), num_frame(m[, 1:6]), check.names = FALSE) }
kept_frame <- function(v) { k <- attr(v, "kept"); data.frame(replicate = seq_len(nrow(k)), 1 * k, check.names = FALSE) }

## ---------------------------------------------------------------- validate
run_validate <- function(fit, dd, seed, B, tag, ...) {
  options(datadist = dd); set.seed(seed)
  v <- validate(fit, B = B, ...)
  w(val_frame(v), paste0("resample_validate_", tag, ".csv"))
  if (!is.null(attr(v, "kept"))) w(kept_frame(v), paste0("resample_validate_", tag, "_kept.csv"))
  v
}
invisible(run_validate(fitA, "ddA", 1, 40, "A_seed1"))
invisible(run_validate(fitA, "ddA", 2, 40, "A_bw_aic_seed2", bw = TRUE))
invisible(run_validate(fitA, "ddA", 4, 40, "A_bw_p_seed4", bw = TRUE, rule = "p", sls = 0.05))
invisible(run_validate(fitB, "ddB", 11, 200, "B_seed11"))
invisible(run_validate(fitB, "ddB", 12, 100, "B_bw_aic_seed12", bw = TRUE))
w(boot_indices(1, 150, 40), "resample_indices_A_seed1.csv")
w(boot_indices(11, nB, 200), "resample_indices_B_seed11.csv")
## cross-validation: one sample(n) permutation, folds of n/B consecutive entries
options(datadist = "ddB"); set.seed(13)
w(val_frame(validate(fitB, method = "crossvalidation", B = 10)), "resample_cv_B_k10_seed13.csv")
## repeated 10-fold CV: 5 repeats drawn in sequence, averaged
set.seed(14)
reps <- lapply(1:5, function(i) unclass(validate(fitB, method = "crossvalidation", B = 10))[, 1:6])
avg <- Reduce(`+`, reps) / length(reps)
w(data.frame(index = rownames(avg), num_frame(avg), check.names = FALSE), "resample_cv_B_k10x5_seed14.csv")

## a larger B with R's generator (nomo redraws these indices itself) and a Monte Carlo reference
invisible(run_validate(fitB, "ddB", 2026, 1000, "B_seed2026_B1000"))

## ---------------------------------------------------------------- calibrate
run_calibrate <- function(fit, dd, seed, B, tag) {
  options(datadist = dd); set.seed(seed)
  cal <- calibrate(fit, B = B)
  m <- unclass(cal)
  w(num_frame(m[, c("predy", "calibrated.orig", "calibrated.corrected", "index.orig", "training", "test", "optimism",
                    "index.corrected", "n")]), paste0("resample_calibrate_", tag, ".csv"))
  pdf(NULL); e <- plot(cal); invisible(dev.off())    # plot.calibrate returns the error summary
  p <- plogis(fit$linear.predictors)
  err <- p - approx(m[, "predy"], m[, "calibrated.corrected"], xout = p, ties = mean)$y
  w(data.frame(name = c("n", "n_missing", "mean_absolute_error", "mean_squared_error", "quantile90_absolute_error"),
               value = hi(c(length(err), sum(is.na(err)), mean(abs(err), na.rm = TRUE), mean(err^2, na.rm = TRUE),
                            quantile(abs(err), 0.9, na.rm = TRUE)))), paste0("resample_calibrate_", tag, "_errors.csv"))
  cal
}
invisible(run_calibrate(fitA, "ddA", 3, 40, "A_seed3"))
invisible(run_calibrate(fitB, "ddB", 21, 200, "B_seed21"))

## ---------------------------------------------------------------- fastbw
fastbw_tab <- function(fit, tag, ...) {
  f <- fastbw(fit, ...)
  r <- f$result
  steps <- if (is.null(r) || !length(r)) data.frame(deleted = character(0), chisq = numeric(0), df = numeric(0), p = numeric(0),
    residual_chisq = numeric(0), residual_df = numeric(0), residual_p = numeric(0), aic = numeric(0)) else
    data.frame(deleted = rownames(r), num_frame(r[, 1:7, drop = FALSE]), check.names = FALSE)
  names(steps) <- c("deleted", "chisq", "df", "p", "residual_chisq", "residual_df", "residual_p", "aic")
  w(steps, paste0("resample_fastbw_", tag, "_steps.csv"))
  nm <- if (is.null(names(f$coefficients))) "Intercept" else names(f$coefficients)
  w(data.frame(name = nm, coefficient = hi(f$coefficients), se = hi(sqrt(diag(f$var)))),
    paste0("resample_fastbw_", tag, "_kept.csv"))
  f
}
invisible(fastbw_tab(fitA, "A_aic"))
invisible(fastbw_tab(fitA, "A_p", rule = "p", sls = 0.05))
invisible(fastbw_tab(fitB, "B_aic"))
invisible(fastbw_tab(fitB, "B_p", rule = "p", sls = 0.05))
invisible(fastbw_tab(fitB, "B_p_individual", rule = "p", sls = 0.2, type = "individual"))

## ---------------------------------------------------------------- bootstrap inference (boot package)
coefB <- function(d, i) lrm.fit(fitB$x[i, ], fitB$y[i], tol = 1e-13)$coefficients
## the data argument is the row numbers, so the statistic sees the resampled rows directly
set.seed(31)
bb <- boot(seq_len(nB), function(d, i) coefB(NULL, d[i]), R = 200)
w(t(boot.array(bb, indices = TRUE)), "resample_indices_B_boot31.csv")
jack <- sapply(seq_along(coef(fitB)), function(k) empinf(bb, index = k, type = "jack"))
infer <- do.call(rbind, lapply(seq_along(coef(fitB)), function(k) {
  ci <- boot.ci(bb, index = k, type = c("perc", "bca"), L = jack[, k])
  data.frame(name = names(coef(fitB))[k], estimate = hi(bb$t0[k]), se = hi(sd(bb$t[, k])),
             perc_lower = hi(ci$percent[4]), perc_upper = hi(ci$percent[5]),
             bca_lower = hi(ci$bca[4]), bca_upper = hi(ci$bca[5]))
}))
w(infer, "resample_inference_B_boot31.csv")
