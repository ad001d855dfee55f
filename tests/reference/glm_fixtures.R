# Reference fits for nomo::glm (logistic.hpp, statistics.hpp, inference.hpp).
# Run from the repository root:  Rscript tests/reference/glm_fixtures.R
# R 4.2.2, rms 6.5-0, Hmisc 4.8-0. Every number is written with 17 significant digits.
#
# Data sets (design matrices are written as R builds them, so the C++ tests fit the same columns):
#   example : rms-spec §2 worked example, lrm(y ~ rcs(bmk, 4) + age + sex) on rms_example_data.csv
#   factor  : n = 400, y ~ rcs(x1, 4) + rcs(x2, 3) + grp (4 levels) + sex; two nonlinear terms
#   large   : n = 100,000, y ~ a + b + c + grp (3 levels); values rounded so the CSV stays small
#   weighted: n = 200, glm with prior weights and an offset (its first 197 rows; every 7th at weight 0)
#   aliased : x3 = x1 + 2 x2 (glm reports NA for x3)
#   separated / quasi : complete and quasi-complete separation
#   wide    : n = 1,000, 60 continuous columns (the information kernel's path beyond 48 columns)
suppressMessages({ library(rms); library(Hmisc) })
out <- "tests/reference"
num <- function(v) sprintf("%.17g", v)

# glm's vcov comes from the weights of the iteration before its last; these SEs are the inverse
# information at the final estimates (what lrm reports), computed from the definition.
information_se <- function(X1, w, p) sqrt(diag(solve(crossprod(X1 * sqrt(w * p * (1 - p))))))

write_design <- function(name, X, y, extra = NULL) {
  d <- data.frame(y = y, X, check.names = FALSE)
  if (!is.null(extra)) d <- cbind(d, extra)
  write.csv(d, file.path(out, paste0("glm_", name, "_data.csv")), row.names = FALSE, quote = TRUE)
}
write_values <- function(name, values) {
  write.csv(data.frame(name = names(values), value = num(unlist(values))),
            file.path(out, paste0("glm_", name, "_stats.csv")), row.names = FALSE)
}

# glm(epsilon = 1e-12) and lrm on the same design; writes coefficients, statistics, anova.
reference_fit <- function(name, X, y, lrm_formula = NULL, data = NULL) {
  g <- glm(y ~ X, family = binomial, control = glm.control(epsilon = 1e-12, maxit = 100))
  s <- summary(g)$coefficients
  coef <- data.frame(name = c("Intercept", colnames(X)), glm_coef = num(s[, 1]), glm_se = num(s[, 2]),
                     glm_z = num(s[, 3]), glm_p = num(s[, 4]))
  f <- if (is.null(lrm_formula)) lrm(y ~ X, x = TRUE, y = TRUE) else lrm(lrm_formula, data = data, x = TRUE, y = TRUE)
  coef$lrm_coef <- num(coef(f)); coef$lrm_se <- num(sqrt(diag(vcov(f))))
  lrm_z <- coef(f) / sqrt(diag(vcov(f)))
  coef$lrm_z <- num(lrm_z); coef$lrm_p <- num(2 * pnorm(-abs(lrm_z)))
  # 90 % Wald limits as confint.default computes them, from lrm's covariance.
  z90 <- qnorm(0.95)
  coef$low90 <- num(coef(f) - z90 * sqrt(diag(vcov(f)))); coef$high90 <- num(coef(f) + z90 * sqrt(diag(vcov(f))))
  write.csv(coef, file.path(out, paste0("glm_", name, "_coef.csv")), row.names = FALSE)
  st <- f$stats
  names(st)[11:14] <- c("R2_n", "R2_pn", "R2_neff", "R2_pneff")
  sm <- somers2(fitted(g), y)
  values <- c(as.list(st), list(
    deviance = deviance(g), null_deviance = g$null.deviance, aic = AIC(g), bic = BIC(g),
    log_lik = as.numeric(logLik(g)), iter = g$iter,
    # lrm's P is 1 - pchisq(), which is 0 once the upper tail falls below ~1e-16.
    lr_p = pchisq(st[["Model L.R."]], st[["d.f."]], lower.tail = FALSE),
    somers_C = sm[["C"]], somers_Dxy = sm[["Dxy"]]))
  write_values(name, values)
  a <- anova(f)
  write.csv(data.frame(row = rownames(a), chi2 = num(a[, 1]), df = a[, 2], p = num(a[, 3])),
            file.path(out, paste0("glm_", name, "_anova.csv")), row.names = FALSE)
  # Predictions with SE at the first 5 rows, shifted, as new data.
  # As predict(fit, newdata, se.fit = TRUE), with lrm's covariance.
  newX1 <- cbind(1, X[1:5, , drop = FALSE] * 1.1)
  lp <- drop(newX1 %*% coef(f))
  se <- sqrt(rowSums((newX1 %*% vcov(f)) * newX1))
  write.csv(data.frame(lp = num(lp), se = num(se)),
            file.path(out, paste0("glm_", name, "_predict.csv")), row.names = FALSE)
  invisible(list(g = g, f = f))
}

## example (rms-spec §2)
d <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
f0 <- lrm(y ~ rcs(bmk, 4) + age + sex, data = d, x = TRUE)
X <- f0$x; storage.mode(X) <- "double"
write_design("example", X, d$y)
reference_fit("example", X, d$y, y ~ rcs(bmk, 4) + age + sex, d)

## factor: a 4-level factor and two splines
set.seed(101)
n <- 400
fd <- data.frame(x1 = round(rnorm(n, 50, 10), 1), x2 = round(rexp(n, 1 / 3), 2),
                 grp = factor(sample(c("A", "B", "C", "D"), n, TRUE, c(.4, .3, .2, .1))),
                 sex = rbinom(n, 1, .5))
eta <- -0.5 + 0.03 * (fd$x1 - 50) + 0.4 * sin(fd$x2) + c(0, .5, -.4, 1)[as.integer(fd$grp)] + 0.6 * fd$sex
fd$y <- rbinom(n, 1, plogis(eta))
ff <- lrm(y ~ rcs(x1, 4) + rcs(x2, 3) + grp + sex, data = fd, x = TRUE)
X <- ff$x; storage.mode(X) <- "double"
write_design("factor", X, fd$y)
reference_fit("factor", X, fd$y, y ~ rcs(x1, 4) + rcs(x2, 3) + grp + sex, fd)

# LR test of dropping grp, as anova(reduced, full, test = "LRT").
keep <- !grepl("^grp", colnames(X))
g_full <- glm(fd$y ~ X, family = binomial, control = glm.control(epsilon = 1e-12, maxit = 100))
g_reduced <- glm(fd$y ~ X[, keep], family = binomial, control = glm.control(epsilon = 1e-12, maxit = 100))
lr <- anova(g_reduced, g_full, test = "LRT")
write_values("factor_lrtest", list(chi2 = lr$Deviance[2], df = lr$Df[2], p = lr$`Pr(>Chi)`[2]))

## cohort: the example cohort through a model frame (cut points as in the seed paper)
cd <- read.csv("examples/data/cohort_training.csv")
cut3 <- function(x, cuts) cut(x, c(-Inf, cuts, Inf), right = FALSE)
cd <- transform(cd, gtv_cc = cut3(gtv_cc, c(6, 28)), bed_gy = cut3(bed_gy, c(60, 73)), tc = cut3(tc, 0.96),
                ddz_dmean_gy = cut3(ddz_dmean_gy, 77))
cf <- lrm(recurrence ~ gtv_cc + bed_gy + tc + ddz_dmean_gy + primary + age, data = cd, x = TRUE, y = TRUE)
write.csv(data.frame(name = names(coef(cf)), lrm_coef = num(coef(cf)), lrm_se = num(sqrt(diag(vcov(cf))))),
          file.path(out, "glm_cohort_coef.csv"), row.names = FALSE)
a <- anova(cf)
write.csv(data.frame(row = rownames(a), chi2 = num(a[, 1]), df = a[, 2], p = num(a[, 3])),
          file.path(out, "glm_cohort_anova.csv"), row.names = FALSE)
write_values("cohort", c(as.list(setNames(cf$stats[c("Obs", "Model L.R.", "C", "R2", "Brier")],
                                          c("Obs", "LR", "C", "R2", "Brier")))))

## large: n = 100,000
set.seed(202)
n <- 100000
ld <- data.frame(a = round(rnorm(n), 2), b = round(runif(n, 0, 10), 1), c = rbinom(n, 1, .3),
                 grp = factor(sample(c("A", "B", "C"), n, TRUE)))
ld$y <- rbinom(n, 1, plogis(-1 + 0.5 * ld$a - 0.1 * ld$b + 0.7 * ld$c + c(0, .3, -.2)[as.integer(ld$grp)]))
fl <- lrm(y ~ a + b + c + grp, data = ld, x = TRUE)
X <- fl$x; storage.mode(X) <- "double"
write_design("large", X, ld$y)
reference_fit("large", X, ld$y, y ~ a + b + c + grp, ld)

## weighted: prior weights and an offset (glm only)
set.seed(303)
n <- 200
wd <- data.frame(u = round(rnorm(n), 3), v = round(rnorm(n, 2), 3))
wd$w <- sample(1:4, n, TRUE)
wd$off <- round(runif(n, -0.5, 0.5), 3)
wd$y <- rbinom(n, 1, plogis(-0.3 + 0.8 * wd$u - 0.4 * wd$v + wd$off))
gw <- glm(y ~ u + v, family = binomial, weights = w, offset = off, data = wd,
          control = glm.control(epsilon = 1e-12, maxit = 100))
write_design("weighted", as.matrix(wd[, c("u", "v")]), wd$y, wd[, c("w", "off")])
s <- summary(gw)$coefficients
X1 <- cbind(1, wd$u, wd$v)
write.csv(data.frame(name = c("Intercept", "u", "v"), glm_coef = num(s[, 1]),
                     se = num(information_se(X1, wd$w, fitted(gw)))),
          file.path(out, "glm_weighted_coef.csv"), row.names = FALSE)
write_values("weighted", list(deviance = deviance(gw), null_deviance = gw$null.deviance, aic = AIC(gw)))
# The first 197 rows alone: a pass takes them in 128-row slices, and the second slice (69 rows) ends
# mid-packet for every SIMD width, so the zero-padded last packet is swept with weights and offset.
m <- 197
gt <- glm(y ~ u + v, family = binomial, weights = w, offset = off, data = wd[1:m, ],
          control = glm.control(epsilon = 1e-12, maxit = 100))
write.csv(data.frame(name = c("Intercept", "u", "v"), glm_coef = num(coef(gt))),
          file.path(out, "glm_weighted197_coef.csv"), row.names = FALSE)
write_values("weighted197", list(deviance = deviance(gt)))
# Every 7th row at weight 0: glm fits without them, but BIC() counts them (logLik.glm's nobs).
wd$w0 <- ifelse(seq_len(n) %% 7 == 0, 0, wd$w)
gz <- glm(y ~ u + v, family = binomial, weights = w0, offset = off, data = wd,
          control = glm.control(epsilon = 1e-12, maxit = 100))
write.csv(data.frame(name = c("Intercept", "u", "v"), glm_coef = num(coef(gz))),
          file.path(out, "glm_zero_weights_coef.csv"), row.names = FALSE)
write_values("zero_weights", list(deviance = deviance(gz), null_deviance = gz$null.deviance, aic = AIC(gz),
                                  bic = BIC(gz), nobs = nobs(gz)))

## aliased: x3 = x1 + 2 x2
set.seed(404)
n <- 60
ad <- data.frame(x1 = round(rnorm(n), 3), x2 = round(rnorm(n), 3))
ad$x3 <- ad$x1 + 2 * ad$x2
ad$x4 <- round(rnorm(n), 3)
ad$y <- rbinom(n, 1, plogis(0.5 * ad$x1 - 0.5 * ad$x4))
ga <- glm(y ~ x1 + x2 + x3 + x4, family = binomial, data = ad, control = glm.control(epsilon = 1e-12))
write_design("aliased", as.matrix(ad[, c("x1", "x2", "x3", "x4")]), ad$y)
s <- coef(ga)
sse <- information_se(cbind(1, ad$x1, ad$x2, ad$x4), 1, fitted(ga))
write.csv(data.frame(name = names(s), glm_coef = num(s), se = num(c(sse[1:3], NA, sse[4]))),
          file.path(out, "glm_aliased_coef.csv"), row.names = FALSE)

## separation (rms-spec §2.2: lrm returns alpha = -77.5, beta = 14.1 without complaint)
sd <- data.frame(x = 1:10, y = c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1))
write_design("separated", as.matrix(sd[, "x", drop = FALSE]), sd$y)
set.seed(505)
qd <- data.frame(z = round(rnorm(50), 3), level_c = c(rep(1, 6), rep(0, 44)))
qd$y <- ifelse(qd$level_c == 1, 0, rbinom(50, 1, 0.5))
write_design("quasi", as.matrix(qd[, c("z", "level_c")]), qd$y)
## wide: 60 continuous columns
set.seed(606)
n <- 1000
k <- 60
Xw <- matrix(round(rnorm(n * k), 3), n, k, dimnames = list(NULL, paste0("v", seq_len(k))))
yw <- rbinom(n, 1, plogis(-0.3 + drop(Xw %*% seq(-0.3, 0.3, length.out = k))))
write_design("wide", Xw, yw)
reference_fit("wide", Xw, yw)
cat("glm fixtures written\n")
