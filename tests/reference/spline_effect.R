# Reference OR curves, anova and lrm coefficients for models with rcs terms (rms 6.5-0), and the
# cut-offs where the OR curve and its 95 % band cross 1, found by uniroot on a fine scan of the R
# curve. Model as rms-spec: lrm(y ~ rcs(bmk, 4) + age + sex) on the rms example data (n = 150).
# Run from the repository root: Rscript tests/reference/spline_effect.R
suppressMessages(library(rms))
out_dir <- "tests/reference"
d <- read.csv("tests/reference/spline_rms_example_data.csv")
fmt <- function(v) sprintf("%.17g", v)
dd <- datadist(d); options(datadist = "dd")
models <- list(
  default = lrm(y ~ rcs(bmk, 4) + age + sex, data = d),
  knots5  = lrm(y ~ rcs(bmk, 5) + rcs(age, 3) + sex, data = d),
  given   = lrm(y ~ rcs(bmk, c(1.5, 2.5, 3.5, 4.5)) + age + sex, data = d)
)
coef_rows <- list(); curve_rows <- list(); anova_rows <- list(); cut_rows <- list()
z <- qnorm(0.975)
for (name in names(models)) {
  fit <- models[[name]]
  coef_rows[[name]] <- data.frame(model = name, term = names(coef(fit)), estimate = fmt(coef(fit)),
                                  se = fmt(sqrt(diag(vcov(fit)))))
  for (v in c("bmk", "age")) {
    p <- do.call(Predict, list(fit, as.name(v), ref.zero = TRUE, fun = exp))
    curve_rows[[length(curve_rows) + 1]] <- data.frame(model = name, variable = v, x = fmt(p[[v]]),
      odds_ratio = fmt(p$yhat), lower = fmt(p$lower), upper = fmt(p$upper))
  }
  a <- anova(fit)
  anova_rows[[name]] <- data.frame(model = name, row = trimws(rownames(a)), chi_square = fmt(a[, "Chi-Square"]),
                                   df = a[, "d.f."], p_value = fmt(a[, "P"]))
  # Cut-offs of bmk: log OR(x) = (basis(x) - basis(ref)) beta, band = est -/+ z se, scanned on
  # 20001 points over the data range and refined with uniroot.
  knots <- if (name == "given") c(1.5, 2.5, 3.5, 4.5) else
    rcspline.eval(d$bmk, nk = if (name == "knots5") 5 else 4, knots.only = TRUE)
  cols <- grep("^bmk", names(coef(fit)))
  beta <- coef(fit)[cols]; V <- vcov(fit)[cols, cols]
  ref <- median(d$bmk)
  delta <- function(x) rcspline.eval(x, knots = knots, inclx = TRUE) - matrix(rcspline.eval(ref, knots = knots, inclx = TRUE), length(x), length(cols), byrow = TRUE)
  est <- function(x) drop(delta(x) %*% beta)
  se <- function(x) { D <- delta(x); sqrt(rowSums((D %*% V) * D)) }
  curves <- list(estimate = est, lower = function(x) est(x) - z * se(x), upper = function(x) est(x) + z * se(x))
  grid <- seq(min(d$bmk), max(d$bmk), length = 20001)
  for (curve in names(curves)) {
    f <- curves[[curve]]; g <- f(grid)
    for (i in which(sign(g[-1]) * sign(g[-length(g)]) < 0)) {
      r <- uniroot(f, c(grid[i], grid[i + 1]), tol = 1e-14)$root
      if (abs(r - ref) > 1e-6) cut_rows[[length(cut_rows) + 1]] <- data.frame(model = name, curve = curve, x = fmt(r))
    }
  }
}
write.csv(do.call(rbind, coef_rows), file.path(out_dir, "spline_effect_coefficients.csv"), row.names = FALSE)
write.csv(do.call(rbind, curve_rows), file.path(out_dir, "spline_effect_curves.csv"), row.names = FALSE)
write.csv(do.call(rbind, anova_rows), file.path(out_dir, "spline_effect_anova.csv"), row.names = FALSE)
write.csv(do.call(rbind, cut_rows), file.path(out_dir, "spline_effect_crossings.csv"), row.names = FALSE)
# Predict with the reference moved to bmk = 2.5 through datadist before fitting (rms-spec §1.4).
dd$limits["Adjust to", "bmk"] <- 2.5
fit <- lrm(y ~ rcs(bmk, 4) + age + sex, data = d)
p <- Predict(fit, bmk, ref.zero = TRUE, fun = exp)
write.csv(data.frame(x = fmt(p$bmk), odds_ratio = fmt(p$yhat), lower = fmt(p$lower), upper = fmt(p$upper)),
          file.path(out_dir, "spline_effect_reference25.csv"), row.names = FALSE)
# A variable with at most 10 distinct values: Predict evaluates the OR curve at those values (the
# datadist's `values`), not on 200 points. grade = id mod 7 + 1 with 7 recoded to 8: 1-6 and 8.
d$grade <- d$id %% 7 + 1
d$grade[d$grade == 7] <- 8
write.csv(d, file.path(out_dir, "spline_effect_discrete_data.csv"), row.names = FALSE)
dd <- datadist(d); options(datadist = "dd")
fit <- lrm(y ~ rcs(grade, 3) + age, data = d)
p <- Predict(fit, grade, ref.zero = TRUE, fun = exp)
write.csv(data.frame(x = fmt(p$grade), odds_ratio = fmt(p$yhat), lower = fmt(p$lower), upper = fmt(p$upper)),
          file.path(out_dir, "spline_effect_discrete.csv"), row.names = FALSE)
