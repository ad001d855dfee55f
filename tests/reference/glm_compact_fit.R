# Reference fits for nomo::glm::detail::fit_compact (glm/compact_fit.hpp), the engine of resampling
# refits: small designs with prior weights. Run from the repository root:
#   Rscript tests/reference/glm_compact_fit.R
# R 4.2.2, rms 6.5-0. Every number is written with 17 significant digits.
#
# One design, n = 75 (not a whole number of packets for any SIMD width), 4 columns, fitted with
#   counts    : whole-number weights 0-5 (a bootstrap sample's counts; fit_compact multiplies them out)
#   fractions : weights in (0.2, 3) (fit_compact takes a log per row)
#   large     : whole-number weights 17-40 (beyond fit_compact's multiplied-out counts)
#   unweighted: no weights
# glm(epsilon = 1e-12) gives the maximum-likelihood estimates; SEs are the inverse information at
# them, from the definition (glm's vcov lags one iteration); lrm.fit (weights = ) stops by its own
# rule (two deviances within 0.025, then one more step), which fit_compact reproduces.
suppressMessages(library(rms))
out <- "tests/reference"
num <- function(v) sprintf("%.17g", v)

set.seed(2611)
n <- 75
d <- data.frame(a = round(rnorm(n, 60, 10)), b = round(rnorm(n), 2), c = rbinom(n, 1, 0.4),
                e = round(runif(n, 0, 3), 2))
d$y <- rbinom(n, 1, plogis(-2 + 0.03 * d$a + 0.8 * d$b - 0.5 * d$c + 0.3 * d$e))
d$counts <- sample(0:5, n, TRUE)
d$fractions <- round(runif(n, 0.2, 3), 3)
d$large <- sample(17:40, n, TRUE)
d$unweighted <- 1
write.csv(d, file.path(out, "glm_compact_data.csv"), row.names = FALSE)

X <- as.matrix(d[, c("a", "b", "c", "e")])
X1 <- cbind(1, X)
rows <- list()
for (w in c("counts", "fractions", "large", "unweighted")) {
  wt <- d[[w]]
  g <- glm(d$y ~ X, family = binomial, weights = wt, control = glm.control(epsilon = 1e-12, maxit = 100))
  p <- fitted(g)
  se <- sqrt(diag(solve(crossprod(X1 * sqrt(wt * p * (1 - p))))))
  l <- lrm.fit(X, d$y, weights = wt)
  rows[[w]] <- data.frame(weights = w, name = c("Intercept", colnames(X), "deviance"),
                          glm = num(c(coef(g), deviance(g))), se = num(c(se, NA)),
                          lrm = num(c(coef(l), l$deviance[2])))
}
write.csv(do.call(rbind, rows), file.path(out, "glm_compact_fits.csv"), row.names = FALSE)
