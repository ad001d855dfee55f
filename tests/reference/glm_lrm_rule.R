# Reference for glm::convergence_rule::deviance_change: rms 6.5 lrm.fit's own stopping rule
# (maxit = 12, eps = 0.025: stop one full step after two successive −2 log L differ by ≤ eps).
# Run from the repository root:  Rscript tests/reference/glm_lrm_rule.R
# R 4.2.2, rms 6.5-0. Every number is written with 17 significant digits.
#
# Two designs, each fitted by lrm.fit with its defaults and by glm(epsilon = 1e-14) (the exact MLE):
#   example : the glm example design (rcs(bmk, 4) + age + sex, n = 200 from rms-spec §2)
#   recal   : a one-column recalibration fit y ~ lp with a steep lp (slope 3, sd 2.5),
#             where lrm.fit's last step stops ~1e-7 short of the maximum
# lrm_max_deriv is lrm.fit's "Max Deriv": max |score| at its estimates, on the uncentred columns.
suppressMessages(library(rms))
out <- "tests/reference"
num <- function(v) sprintf("%.17g", v)

d <- read.csv(file.path(out, "glm_example_data.csv"), check.names = FALSE)
X <- as.matrix(d[, -1])
set.seed(20261128)
n <- 150
lp <- rnorm(n, 0, 2.5)
y_recal <- rbinom(n, 1, plogis(0.3 + 3 * lp))
write.csv(data.frame(y = y_recal, lp = num(lp)), file.path(out, "glm_lrm_rule_recal_data.csv"),
          row.names = FALSE, quote = FALSE)

rows <- list()
add <- function(name, x, y) {
  f <- lrm.fit(x, y)
  g <- glm(y ~ x, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  rows[[name]] <<- data.frame(design = name, parameter = seq_along(coef(f)) - 1,
                              lrm_fit = num(coef(f)), mle = num(coef(g)),
                              lrm_deviance = num(f$deviance[2]),
                              lrm_max_deriv = num(f$stats[["Max Deriv"]]))
}
add("example", X, d$y)
add("recal", matrix(lp, ncol = 1), y_recal)
write.csv(do.call(rbind, rows), file.path(out, "glm_lrm_rule.csv"), row.names = FALSE, quote = FALSE)
