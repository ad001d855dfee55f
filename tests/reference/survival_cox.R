# Reference values for nomo::survival::fit_cox and hazard_ratio_curve (tests/survival/).
# Run from the repository root: Rscript tests/reference/survival_cox.R
# Models (Efron and Breslow ties each):
#   example: Surv(time, status) ~ age + sex          on the rms-spec example cohort (n = 150)
#   example_rcs: ~ rcs(bmk, 4) + age + sex           (Hmisc default knots, norm = 2, as rms::rcs)
#   veteran: ~ karno + age + celltype (treatment contrasts, squamous reference), heavy ties
suppressPackageStartupMessages({library(survival); library(Hmisc)})
out <- "tests/reference"
fmt <- function(d) { for (j in seq_along(d)) if (is.numeric(d[[j]])) d[[j]] <- sprintf("%.17g", d[[j]]); d }
w <- function(d, name) write.csv(fmt(d), file.path(out, name), row.names = FALSE, quote = TRUE)

ex <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
basis <- rcspline.eval(ex$bmk, nk = 4, inclx = TRUE)
knots <- attr(basis, "knots")
vet <- survival::veteran
designs <- list(
  example = cbind(age = ex$age, sex = ex$sex),
  example_rcs = cbind(bmk = basis[, 1], "bmk'" = basis[, 2], "bmk''" = basis[, 3], age = ex$age, sex = ex$sex),
  veteran = cbind(karno = vet$karno, age = vet$age, smallcell = 1 * (vet$celltype == "smallcell"),
                  adeno = 1 * (vet$celltype == "adeno"), large = 1 * (vet$celltype == "large")))
surv <- list(example = ex[, c("time", "status")], example_rcs = ex[, c("time", "status")],
             veteran = vet[, c("time", "status")])

input <- do.call(rbind, lapply(c("example_rcs", "veteran"), function(s) {
  x <- designs[[s]]; x <- cbind(x, matrix(NA, nrow(x), 5 - ncol(x)))
  data.frame(dataset = s, time = surv[[s]]$time, status = surv[[s]]$status,
             x1 = x[, 1], x2 = x[, 2], x3 = x[, 3], x4 = x[, 4], x5 = x[, 5])
}))
w(input, "survival_cox_input.csv")
w(data.frame(knot = knots), "survival_cox_knots.csv")

coefs <- list(); stats <- list(); curve <- list()
for (s in names(designs)) for (ties in c("efron", "breslow")) {
  x <- designs[[s]]
  f <- coxph(Surv(surv[[s]]$time, surv[[s]]$status) ~ x, ties = ties)
  sm <- summary(f)
  coefs[[length(coefs) + 1]] <- data.frame(dataset = s, ties = ties, name = colnames(x),
    coef = unname(coef(f)), se = sqrt(diag(vcov(f))), z = sm$coefficients[, "z"],
    p = sm$coefficients[, "Pr(>|z|)"], hr = exp(unname(coef(f))),
    hr_lower = sm$conf.int[, "lower .95"], hr_upper = sm$conf.int[, "upper .95"])
  stats[[length(stats) + 1]] <- data.frame(dataset = s, ties = ties, n = f$n, events = f$nevent,
    loglik_null = f$loglik[1], loglik = f$loglik[2], iterations = f$iter,
    lr = sm$logtest[["test"]], lr_df = sm$logtest[["df"]], lr_p = sm$logtest[["pvalue"]],
    wald = unname(f$wald.test), wald_p = pchisq(unname(f$wald.test), ncol(x), lower.tail = FALSE),
    score = sm$sctest[["test"]], score_p = sm$sctest[["pvalue"]])
  if (s == "example_rcs") {
    # Fig. 3 style curve: HR of bmk = v against bmk = median, other covariates fixed; 95 % Wald CI
    # of the log-HR contrast from the coxph covariance.
    ref <- median(ex$bmk)
    grid <- seq(min(ex$bmk), max(ex$bmk), length.out = 25)
    b <- rcspline.eval(grid, knots = knots, inclx = TRUE)
    b0 <- rcspline.eval(ref, knots = knots, inclx = TRUE)
    cm <- sweep(b, 2, b0)
    lhr <- drop(cm %*% coef(f)[1:3])
    se <- sqrt(rowSums((cm %*% vcov(f)[1:3, 1:3]) * cm))
    curve[[length(curve) + 1]] <- data.frame(ties = ties, value = grid, reference = ref,
      log_hr = lhr, se = se, hr = exp(lhr), lower = exp(lhr - qnorm(0.975) * se),
      upper = exp(lhr + qnorm(0.975) * se))
  }
}
w(do.call(rbind, coefs), "survival_cox_coefficients.csv")
w(do.call(rbind, stats), "survival_cox_statistics.csv")
w(do.call(rbind, curve), "survival_cox_hr_curve.csv")

# Cox model from a cohort table, as nomo's model-frame overload builds it: the training cohort of
# examples/data, coxph(Surv(os_months, death) ~ rcs(gtv_cc, 4) + age + sex) with rms::rcs (knots from
# all non-missing gtv_cc, complete cases for the fit), Efron ties; and the Fig. 3 style HR curve of
# gtv_cc against its median.
suppressPackageStartupMessages(library(rms))
cohort <- read.csv("examples/data/cohort_training.csv")
cf <- coxph(Surv(os_months, death) ~ rcs(gtv_cc, 4) + age + sex, data = cohort)
cs <- summary(cf)
w(data.frame(name = names(coef(cf)), coef = unname(coef(cf)), se = sqrt(diag(vcov(cf))),
             hr_lower = cs$conf.int[, "lower .95"], hr_upper = cs$conf.int[, "upper .95"]),
  "survival_cox_frame_coefficients.csv")
w(data.frame(n = cf$n, events = cf$nevent, loglik = cf$loglik[2], lr = cs$logtest[["test"]],
             score = cs$sctest[["test"]], wald = unname(cf$wald.test)), "survival_cox_frame_statistics.csv")
gk <- attr(rcs(cohort$gtv_cc, 4), "parms")
gref <- median(cohort$gtv_cc)
ggrid <- seq(min(cohort$gtv_cc), max(cohort$gtv_cc), length.out = 15)
gm <- sweep(rcspline.eval(ggrid, knots = gk, inclx = TRUE), 2, rcspline.eval(gref, knots = gk, inclx = TRUE))
glhr <- drop(gm %*% coef(cf)[1:3])
gse <- sqrt(rowSums((gm %*% vcov(cf)[1:3, 1:3]) * gm))
w(data.frame(value = ggrid, reference = gref, hr = exp(glhr), lower = exp(glhr - qnorm(0.975) * gse),
             upper = exp(glhr + qnorm(0.975) * gse)), "survival_cox_frame_hr_curve.csv")

# coxph's default nocenter = c(-1, 0, 1): a column of -1/0/1 only is neither centred nor scaled and
# its mean is reported as 0. And a monotone likelihood: the covariate is the event indicator, so the
# log-likelihood converges while the coefficient runs off ("coefficient may be infinite").
special <- list()
t3 <- ifelse(ex$age < 55, -1, ifelse(ex$age < 65, 0, 1))
ft <- coxph(Surv(ex$time, ex$status) ~ t3 + ex$age)
special[[1]] <- data.frame(case = "trichotomous", name = c("t3", "age"), coef = unname(coef(ft)),
                           se = sqrt(diag(vcov(ft))), mean = unname(ft$means), infinite = 0)
mono <- cbind(event = ex$status, age = ex$age)
warned <- ""
fm <- withCallingHandlers(coxph(Surv(ex$time, ex$status) ~ mono),
                          warning = function(w) { warned <<- conditionMessage(w); invokeRestart("muffleWarning") })
stopifnot(grepl("coefficient may be infinite", warned))
special[[2]] <- data.frame(case = "monotone", name = colnames(mono), coef = unname(coef(fm)),
                           se = sqrt(diag(vcov(fm))), mean = unname(fm$means),
                           infinite = as.numeric(seq_len(ncol(mono)) %in%
                                                 as.numeric(strsplit(sub(".*variable *([0-9, ]+);.*", "\\1", warned), ",")[[1]])))
w(do.call(rbind, special), "survival_cox_special.csv")

# Stratified models: a baseline hazard per stratum, coefficients shared. veteran: ~ karno + age +
# strata(celltype); example: ~ age + strata(sex). Efron and Breslow ties.
strat <- list()
for (ties in c("efron", "breslow")) {
  fits <- list(veteran = coxph(Surv(time, status) ~ karno + age + strata(celltype), data = vet, ties = ties),
               example = coxph(Surv(time, status) ~ age + strata(sex), data = ex, ties = ties))
  for (s in names(fits)) {
    f <- fits[[s]]; sm <- summary(f)
    strat[[length(strat) + 1]] <- data.frame(dataset = s, ties = ties, name = names(coef(f)),
      coef = unname(coef(f)), se = sqrt(diag(vcov(f))), loglik_null = f$loglik[1], loglik = f$loglik[2],
      iterations = f$iter, lr = sm$logtest[["test"]], wald = unname(f$wald.test), score = sm$sctest[["test"]],
      score_p = sm$sctest[["pvalue"]], mean = unname(f$means))
  }
}
w(do.call(rbind, strat), "survival_cox_strata.csv")

# The model-frame overload with strata: coxph(Surv(os_months, death) ~ rcs(gtv_cc, 4) + age + strata(sex)).
cfs <- coxph(Surv(os_months, death) ~ rcs(gtv_cc, 4) + age + strata(sex), data = cohort)
w(data.frame(name = names(coef(cfs)), coef = unname(coef(cfs)), se = sqrt(diag(vcov(cfs))), loglik = cfs$loglik[2]),
  "survival_cox_frame_strata.csv")

# The model-frame overload when some times are missing: coxph's na.omit leaves those rows out, with
# rcs knots still placed on every non-missing gtv_cc (rows 3, 10 and 25 lose their os_months).
untimed <- cohort
untimed$os_months[c(3, 10, 25)] <- NA
cu <- coxph(Surv(os_months, death) ~ rcs(gtv_cc, 4) + age + sex, data = untimed)
w(data.frame(name = names(coef(cu)), coef = unname(coef(cu)), se = sqrt(diag(vcov(cu))), n = cu$n,
             dropped = length(cu$na.action)), "survival_cox_frame_missing_time.csv")
