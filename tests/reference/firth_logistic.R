# Firth penalised-likelihood logistic regression solved by hand in base R (logistf is not in Debian 12):
# the penalised log-likelihood l*(b) = l(b) + 0.5 log det(X'WX) maximised by Newton-Raphson on the
# modified score U* = X'(y - p + h(0.5 - p)) with Fisher scoring steps, profile penalised-likelihood
# intervals by uniroot on the profile (inner maximisation by scoring over the other coefficients), and
# penalised LR tests for b_j = 0. Point estimates are cross-checked
# against an unconstrained optim() of l* written independently of the score.
# Run from the repository root: Rscript tests/reference/firth_logistic.R
out_dir <- "tests/reference"
pen_ll <- function(b, X, y) {
  eta <- drop(X %*% b); p <- plogis(eta); w <- p * (1 - p)
  sum(dbinom(y, 1, p, log = TRUE)) + 0.5 * determinant(crossprod(X * sqrt(w)), logarithm = TRUE)$modulus[1]
}
score_info <- function(b, X, y) {
  p <- plogis(drop(X %*% b)); w <- p * (1 - p)
  info <- crossprod(X * sqrt(w))
  h <- rowSums((X %*% solve(info)) * X) * w
  list(u = drop(crossprod(X, y - p + h * (0.5 - p))), info = info)
}
# Scoring over the free coefficients (others fixed), to |U*| < 1e-13.
maximise <- function(b, X, y, free = rep(TRUE, ncol(X))) {
  for (it in 1:500) {
    si <- score_info(b, X, y)
    step <- solve(si$info[free, free, drop = FALSE], si$u[free])
    mx <- max(abs(step)); if (mx > 5) step <- step * 5 / mx
    old <- pen_ll(b, X, y)
    repeat { nb <- b; nb[free] <- b[free] + step; if (pen_ll(nb, X, y) >= old - 1e-12 || max(abs(step)) < 1e-15) break; step <- step / 2 }
    b <- nb
    if (max(abs(step)) < 1e-13 && max(abs(score_info(b, X, y)$u[free])) < 1e-11) break
  }
  b
}
firth_reference <- function(X, y, name) {
  b <- maximise(rep(0, ncol(X)), X, y)
  check <- optim(rep(0, ncol(X)), function(v) -pen_ll(v, X, y), method = "BFGS",
                 control = list(reltol = 1e-15, maxit = 50000, parscale = c(1, 1 / apply(X[, -1, drop = FALSE], 2, sd))))$par
  cat(name, "optim vs scoring:", max(abs(check - b)), "\n"); stopifnot(max(abs(check - b)) < 1e-4)
  lmax <- pen_ll(b, X, y)
  cut <- qchisq(0.95, 1)
  V <- solve(score_info(b, X, y)$info)
  rows <- list()
  for (j in seq_len(ncol(X))) {
    # Profile maximised by scoring, warm-started from the nearest point already solved, so that each
    # inner fit starts close to its solution even far into the tails.
    solved <- list(list(c = b[j], b = b))
    prof <- function(c) {
      near <- solved[[which.min(sapply(solved, function(s) abs(s$c - c)))]]$b
      s <- near; s[j] <- c; s <- maximise(s, X, y, free = seq_len(ncol(X)) != j)
      solved[[length(solved) + 1]] <<- list(c = c, b = s)
      pen_ll(s, X, y)
    }
    f <- function(c) 2 * (lmax - prof(c)) - cut
    se <- sqrt(V[j, j])
    end <- function(direction) {          # walk out in half-SE steps, then solve inside the bracket
      inner <- b[j]; outer <- b[j] + direction * se / 2
      while (f(outer) < 0) { inner <- outer; outer <- outer + direction * se / 2 }
      uniroot(f, sort(c(inner, outer)), tol = 1e-13)$root
    }
    lo <- end(-1); hi <- end(1)
    chi <- 2 * (lmax - prof(0))
    rows[[j]] <- data.frame(data_set = name, term = colnames(X)[j], estimate = sprintf("%.17g", b[j]),
                            se = sprintf("%.17g", se), lower = sprintf("%.17g", lo), upper = sprintf("%.17g", hi),
                            chi_square = sprintf("%.17g", chi),
                            p_value = sprintf("%.17g", pchisq(chi, 1, lower.tail = FALSE)),
                            penalized_ll = sprintf("%.17g", lmax), log_lik = sprintf("%.17g",
                              sum(dbinom(y, 1, plogis(drop(X %*% b)), log = TRUE))))
  }
  do.call(rbind, rows)
}
paper <- read.csv("tests/reference/spline_rms_example_data.csv")  # rms-spec's rms_example_data.csv
# Complete separation on dose (y = 1 exactly when dose > 60), a noise covariate; ML diverges here.
set.seed(7)
sep <- data.frame(dose = round(runif(40, 40, 80), 1), age = round(rnorm(40, 60, 8)))
sep$y <- as.integer(sep$dose > 60)
# Quasi-complete separation: a binary marker present only in events, n = 25.
quasi <- data.frame(marker = c(rep(1, 6), rep(0, 19)), size = round(rnorm(25, 3, 1), 2))
quasi$y <- c(rep(1, 6), rep(c(1, 0), length.out = 19))
design <- function(d, cols) cbind(Intercept = 1, as.matrix(d[, cols, drop = FALSE]))
out <- rbind(firth_reference(design(paper, c("bmk", "age", "sex")), paper$y, "paper"),
             firth_reference(design(sep, c("dose", "age")), sep$y, "separated"),
             firth_reference(design(quasi, c("marker", "size")), quasi$y, "quasi"))
write.csv(out, file.path(out_dir, "firth_logistic.csv"), row.names = FALSE)
write.csv(sep, file.path(out_dir, "firth_logistic_separated.csv"), row.names = FALSE)
write.csv(quasi, file.path(out_dir, "firth_logistic_quasi.csv"), row.names = FALSE)
