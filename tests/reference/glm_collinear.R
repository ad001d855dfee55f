# Reference fit for nomo::glm on a nearly collinear (not aliased) design: x2 = x1 + N(0, 1e-5²),
# x3 = (x1 + x2)/2 + N(0, 1e-4²), kappa(X) ~ 1e5. R's glm fits all three columns (its QR
# tolerance is 1e-11 of a column's norm); the information matrix X'WX has kappa ~ 1e10, so
# covariances from its inverse lose ~1e-6. The SEs here come from the QR factor of sqrt(W)X at the
# converged estimates (glm's own vcov lags one iteration), which loses only kappa * eps ~ 1e-11.
# Run from the repository root:  Rscript tests/reference/glm_collinear.R      (R 4.2.2)
out <- "tests/reference"
num <- function(v) sprintf("%.17g", v)
set.seed(3011)
n <- 400
x1 <- rnorm(n)
x2 <- x1 + rnorm(n, sd = 1e-5)
x3 <- (x1 + x2) / 2 + rnorm(n, sd = 1e-4)
y <- rbinom(n, 1, plogis(0.3 + 0.8 * x1))
d <- data.frame(y = y, x1 = num(x1), x2 = num(x2), x3 = num(x3))
write.csv(d, file.path(out, "glm_collinear_data.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(out, "glm_collinear_data.csv"))  # the values the C++ test reads
X1 <- cbind(1, d$x1, d$x2, d$x3)
g <- glm(y ~ x1 + x2 + x3, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
stopifnot(!any(is.na(coef(g))))
p <- fitted(g)
R <- qr.R(qr(X1 * sqrt(p * (1 - p))))
se <- sqrt(diag(chol2inv(R)))
cat("kappa(X) =", kappa(X1, exact = TRUE), "\n")
write.csv(data.frame(name = c("Intercept", "x1", "x2", "x3"), coef = num(coef(g)), se = num(se)),
          file.path(out, "glm_collinear_coef.csv"), row.names = FALSE)
write.csv(data.frame(name = c("deviance", "null_deviance"), value = num(c(deviance(g), g$null.deviance))),
          file.path(out, "glm_collinear_stats.csv"), row.names = FALSE)
# The same data with x2 dropped, and with x2 and x3 dropped: what nomo fits when it sets them aside
# (x2 nearer x1 than it can fit, or a looser rank_tolerance).
for (m in list(list("drop_x2", y ~ x1 + x3), list("drop_x2_x3", y ~ x1))) {
  gd <- glm(m[[2]], family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
  write.csv(data.frame(name = names(coef(gd)), coef = num(coef(gd))),
            file.path(out, paste0("glm_collinear_", m[[1]], "_coef.csv")), row.names = FALSE)
}
